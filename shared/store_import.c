/*
 * store_import.c - external ids and CPR hashes in bulk, for mentorctl
 * import.  See store_import.h.
 */
#include <stdio.h>

#include "store_import.h"
#include "store_int.h"

/* One query per kind: the id by external id, and every pair. */
static const char *const id_sql[STORE_KIND__MAX] = {
	[STORE_KIND_STAFF] = "SELECT id FROM staff WHERE external_id = ?1",
	[STORE_KIND_CITIZEN] = "SELECT id FROM citizen WHERE external_id = ?1",
	[STORE_KIND_AGREEMENT] =
	    "SELECT id FROM agreement WHERE external_id = ?1",
	[STORE_KIND_MEETING] = "SELECT id FROM meeting WHERE external_id = ?1",
};

static const char *const ext_sql[STORE_KIND__MAX] = {
	[STORE_KIND_STAFF] = "SELECT external_id FROM staff WHERE id = ?1",
	[STORE_KIND_CITIZEN] = "SELECT external_id FROM citizen WHERE id = ?1",
	[STORE_KIND_AGREEMENT] =
	    "SELECT external_id FROM agreement WHERE id = ?1",
	[STORE_KIND_MEETING] = "SELECT external_id FROM meeting WHERE id = ?1",
};

static const char *const ids_sql[STORE_KIND__MAX] = {
	[STORE_KIND_STAFF] = "SELECT id, external_id FROM staff",
	[STORE_KIND_CITIZEN] = "SELECT id, external_id FROM citizen",
	[STORE_KIND_AGREEMENT] = "SELECT id, external_id FROM agreement",
	[STORE_KIND_MEETING] = "SELECT id, external_id FROM meeting",
};

enum store_err
store_external_id(
    struct store *s, enum store_kind k, const char *ext, int64_t *id)
{
	sqlite3_stmt *st;
	int	      rc;

	*id = 0;
	if ((unsigned)k >= STORE_KIND__MAX ||
	    (st = store_stmt(s, id_sql[k])) == NULL)
		return STORE_ERROR;
	store_bind_text(st, 1, ext);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		*id = sqlite3_column_int64(st, 0);
	return store_step_end(s, st, rc);
}

enum store_err
store_external_of(struct store *s, enum store_kind k, int64_t id, char **ext)
{
	sqlite3_stmt *st;
	int	      rc;

	*ext = NULL;
	if ((unsigned)k >= STORE_KIND__MAX ||
	    (st = store_stmt(s, ext_sql[k])) == NULL)
		return STORE_ERROR;
	store_bind_int(st, 1, id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		*ext = store_col_dup(st, 0);
	return store_step_end(s, st, rc);
}

enum store_err
store_external_ids(struct store *s, enum store_kind	     k,
    int (*fn)(int64_t id, const char *ext, void *arg), void *arg)
{
	sqlite3_stmt *st;
	int	      rc, stop = 0;

	if ((unsigned)k >= STORE_KIND__MAX ||
	    (st = store_stmt(s, ids_sql[k])) == NULL)
		return STORE_ERROR;
	while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW)
		stop = fn(sqlite3_column_int64(st, 0),
		    (const char *)sqlite3_column_text(st, 1), arg);
	sqlite3_reset(st);
	return stop ? STORE_OK : store_result(s, rc);
}

enum store_err
store_citizen_cprs(struct store *s,
    int (*fn)(const char *ext, const char *cpr_hash, void *arg), void *arg)
{
	sqlite3_stmt *st;
	int	      rc, stop = 0;

	if ((st = store_stmt(s, "SELECT external_id, cpr_hash FROM citizen")) ==
	    NULL)
		return STORE_ERROR;
	while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW)
		stop = fn((const char *)sqlite3_column_text(st, 0),
		    (const char *)sqlite3_column_text(st, 1), arg);
	sqlite3_reset(st);
	return stop ? STORE_OK : store_result(s, rc);
}

enum store_err
store_import_defer_checks(struct store *s)
{
	/* Until the commit; then every reference must hold. */
	return store_exec(s, "PRAGMA defer_foreign_keys = ON");
}

enum store_err
store_import_cache(struct store *s, int mib)
{
	char  sql[64];
	char *msg = NULL;
	int   rc;

	/* A number we made, not a parameter: PRAGMA takes no bindings. */
	snprintf(sql, sizeof(sql),
	    "PRAGMA cache_size = -%d; "
	    "PRAGMA temp_store = MEMORY",
	    mib > 0 && mib <= 4096 ? mib * 1024 : 2000);
	rc = sqlite3_exec(s->db, sql, NULL, NULL, &msg);
	sqlite3_free(msg);
	return store_result(s, rc);
}

enum store_err
store_import_triggers(struct store *s, int on)
{
	int rc, now = -1;

	rc = sqlite3_db_config(
	    s->db, SQLITE_DBCONFIG_ENABLE_TRIGGER, on ? 1 : 0, &now);
	if (rc == SQLITE_OK && now != (on ? 1 : 0))
		rc = SQLITE_ERROR;
	return store_result(s, rc);
}
