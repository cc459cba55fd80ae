/*
 * store_desk.c - desk codes and wrong tries.  See store_desk.h.
 */
#include <stdio.h>
#include <string.h>

#include "store_desk.h"
#include "store_int.h"

/* Column text i of st into out (len bytes); "" for NULL. */
static void
column_copy(sqlite3_stmt *st, int i, char *out, size_t len)
{
	const unsigned char *t = sqlite3_column_text(st, i);

	snprintf(out, len, "%s", t != NULL ? (const char *)t : "");
}

enum store_err
store_desk_add(struct store *s, struct desk_code_rec *rec)
{
	sqlite3_stmt  *st;
	enum store_err e;

	st = store_stmt(s,
	    "INSERT INTO desk_code (citizen_id, staff_id, code_hash, "
	    "kiosk_id, created_at, expires_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
	if (st == NULL)
		return STORE_ERROR;
	store_bind_int(st, 1, rec->citizen_id);
	store_bind_int(st, 2, rec->staff_id);
	store_bind_text(st, 3, rec->code_hash);
	store_bind_text(st, 4, rec->kiosk_id[0] != '\0' ? rec->kiosk_id : NULL);
	store_bind_int(st, 5, (int64_t)rec->created_at);
	store_bind_int(st, 6, (int64_t)rec->expires_at);
	if ((e = store_step_insert(s, st)) == STORE_OK)
		rec->id = sqlite3_last_insert_rowid(s->db);
	return e;
}

enum store_err
store_desk_void_citizen(struct store *s, int64_t citizen_id, time_t now)
{
	sqlite3_stmt *st;

	st = store_stmt(s,
	    "UPDATE desk_code SET code_hash = NULL, voided_at = ?2 "
	    "WHERE citizen_id = ?1 AND code_hash IS NOT NULL");
	if (st == NULL)
		return STORE_ERROR;
	store_bind_int(st, 1, citizen_id);
	store_bind_int(st, 2, (int64_t)now);
	return store_step_done(s, st);
}

enum store_err
store_desk_live(struct store *s, const char *code_hash, time_t now,
    struct desk_code_rec *rec)
{
	sqlite3_stmt *st;
	int	      rc;

	memset(rec, 0, sizeof(*rec));
	st = store_stmt(s,
	    "SELECT d.id, d.citizen_id, d.staff_id, "
	    "coalesce(st.login, st.external_id), d.code_hash, "
	    "d.kiosk_id, d.created_at, d.expires_at FROM desk_code d "
	    "JOIN staff st ON st.id = d.staff_id WHERE d.code_hash = ?1 "
	    "AND d.used_at IS NULL AND d.voided_at IS NULL "
	    "AND d.expires_at > ?2 ORDER BY d.id DESC LIMIT 1");
	if (st == NULL)
		return STORE_ERROR;
	store_bind_text(st, 1, code_hash);
	store_bind_int(st, 2, (int64_t)now);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		rec->id = sqlite3_column_int64(st, 0);
		rec->citizen_id = sqlite3_column_int64(st, 1);
		rec->staff_id = sqlite3_column_int64(st, 2);
		column_copy(st, 3, rec->staff_login, sizeof(rec->staff_login));
		column_copy(st, 4, rec->code_hash, sizeof(rec->code_hash));
		column_copy(st, 5, rec->kiosk_id, sizeof(rec->kiosk_id));
		rec->created_at = (time_t)sqlite3_column_int64(st, 6);
		rec->expires_at = (time_t)sqlite3_column_int64(st, 7);
	}
	return store_step_end(s, st, rc);
}

enum store_err
store_desk_use(struct store *s, int64_t id, const char *kiosk_id, time_t now)
{
	sqlite3_stmt *st;

	st = store_stmt(s,
	    "UPDATE desk_code SET used_at = ?2, used_kiosk = ?3, "
	    "code_hash = NULL WHERE id = ?1 AND used_at IS NULL "
	    "AND voided_at IS NULL AND code_hash IS NOT NULL");
	if (st == NULL)
		return STORE_ERROR;
	store_bind_int(st, 1, id);
	store_bind_int(st, 2, (int64_t)now);
	store_bind_text(st, 3, kiosk_id);
	return store_step_changed(s, st);
}

enum store_err
store_desk_try_add(struct store *s, const char *kiosk_id, time_t now)
{
	sqlite3_stmt *st;

	st = store_stmt(
	    s, "INSERT INTO desk_try (kiosk_id, at) VALUES (?1, ?2)");
	if (st == NULL)
		return STORE_ERROR;
	store_bind_text(st, 1, kiosk_id);
	store_bind_int(st, 2, (int64_t)now);
	return store_step_done(s, st);
}

enum store_err
store_desk_tries(
    struct store *s, const char *kiosk_id, time_t since, int64_t *n)
{
	sqlite3_stmt *st;

	*n = 0;
	if (kiosk_id != NULL)
		st = store_stmt(s,
		    "SELECT count(*) FROM desk_try WHERE kiosk_id = ?1 "
		    "AND at >= ?2");
	else
		st = store_stmt(s,
		    "SELECT count(*) FROM desk_try WHERE ?1 IS NULL AND at >= ?2");
	if (st == NULL)
		return STORE_ERROR;
	store_bind_text(st, 1, kiosk_id);
	store_bind_int(st, 2, (int64_t)since);
	return store_one_int(s, st, n);
}

enum store_err
store_desk_purge(struct store *s, time_t before, int64_t *n)
{
	static const char *const sql[] = {
		"DELETE FROM desk_code WHERE created_at < ?1",
		"DELETE FROM desk_try WHERE at < ?1",
	};
	sqlite3_stmt  *st;
	enum store_err e;
	int64_t	       total = 0;
	size_t	       i;

	for (i = 0; i < sizeof(sql) / sizeof(sql[0]); i++) {
		if ((st = store_stmt(s, sql[i])) == NULL)
			return STORE_ERROR;
		store_bind_int(st, 1, (int64_t)before);
		if ((e = store_step_done(s, st)) != STORE_OK)
			return e;
		total += sqlite3_changes(s->db);
	}
	if (n != NULL)
		*n = total;
	return STORE_OK;
}
