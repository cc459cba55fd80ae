/*
 * store_kiosk.c - kiosk login codes and CPR locks.  See store_kiosk.h.
 */
#include <stdio.h>
#include <string.h>

#include "store_int.h"
#include "store_kiosk.h"

/*
 * Run a one-row, one-column counting query with a text and an integer
 * parameter; *n gets the value (0 for NULL).
 */
static enum store_err
count_text_since(struct store *s, const char *sql, const char *text,
    time_t since, int64_t *n)
{
	sqlite3_stmt *st;
	int	      rc;

	*n = 0;
	if ((st = store_stmt(s, sql)) == NULL)
		return STORE_ERROR;
	store_bind_text(st, 1, text);
	store_bind_int(st, 2, (int64_t)since);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		*n = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return store_result(s, rc);
}

enum store_err
store_kiosk_login_void_cpr(struct store *s, const char *cpr_hash, time_t now)
{
	sqlite3_stmt *st;

	st = store_stmt(s,
	    "UPDATE kiosk_login SET voided_at = ?2, "
	    "code_hash = NULL WHERE cpr_hash = ?1 AND used_at IS NULL "
	    "AND voided_at IS NULL AND code_hash IS NOT NULL");
	if (st == NULL)
		return STORE_ERROR;
	store_bind_text(st, 1, cpr_hash);
	store_bind_int(st, 2, (int64_t)now);
	return store_step_done(s, st);
}

enum store_err
store_kiosk_login_add(struct store *s, struct kiosk_login_rec *rec)
{
	sqlite3_stmt  *st;
	enum store_err e;

	e = store_kiosk_login_void_cpr(s, rec->cpr_hash, rec->created_at);
	if (e != STORE_OK)
		return e;
	st = store_stmt(s,
	    "INSERT INTO kiosk_login (cpr_hash, citizen_id, "
	    "kiosk_id, code_hash, created_at, expires_at) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
	if (st == NULL)
		return STORE_ERROR;
	store_bind_text(st, 1, rec->cpr_hash);
	store_bind_id(st, 2, rec->citizen_id);
	store_bind_text(st, 3, rec->kiosk_id);
	store_bind_text(st, 4, rec->code_hash);
	store_bind_int(st, 5, (int64_t)rec->created_at);
	store_bind_int(st, 6, (int64_t)rec->expires_at);
	if ((e = store_step_done(s, st)) == STORE_OK)
		rec->id = sqlite3_last_insert_rowid(s->db);
	return e;
}

/*
 * Fill rec from a row of (id, cpr_hash, citizen_id, kiosk_id, code_hash,
 * created_at, expires_at, attempts, used_at, voided_at).
 */
static void
login_from_row(sqlite3_stmt *st, struct kiosk_login_rec *rec)
{
	memset(rec, 0, sizeof(*rec));
	rec->id = sqlite3_column_int64(st, 0);
	store_col_copy(st, 1, rec->cpr_hash, sizeof(rec->cpr_hash));
	rec->citizen_id = sqlite3_column_int64(st, 2);
	store_col_copy(st, 3, rec->kiosk_id, sizeof(rec->kiosk_id));
	store_col_copy(st, 4, rec->code_hash, sizeof(rec->code_hash));
	rec->created_at = (time_t)sqlite3_column_int64(st, 5);
	rec->expires_at = (time_t)sqlite3_column_int64(st, 6);
	rec->attempts = sqlite3_column_int(st, 7);
	rec->used_at = (time_t)sqlite3_column_int64(st, 8);
	rec->voided_at = (time_t)sqlite3_column_int64(st, 9);
}

enum store_err
store_kiosk_login_get(struct store *s, int64_t id, struct kiosk_login_rec *rec)
{
	sqlite3_stmt *st;
	int	      rc;

	st = store_stmt(s,
	    "SELECT id, cpr_hash, citizen_id, kiosk_id, "
	    "code_hash, created_at, expires_at, attempts, used_at, voided_at "
	    "FROM kiosk_login WHERE id = ?1");
	if (st == NULL)
		return STORE_ERROR;
	store_bind_int(st, 1, id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		login_from_row(st, rec);
	return store_step_end(s, st, rc);
}

enum store_err
store_kiosk_login_fail(
    struct store *s, int64_t id, int max_attempts, time_t now, int *attempts)
{
	sqlite3_stmt *st;
	int	      rc, n = 0;

	st = store_stmt(s,
	    "UPDATE kiosk_login SET attempts = attempts + 1, "
	    "voided_at = CASE WHEN attempts + 1 >= ?2 THEN ?3 ELSE voided_at END, "
	    "code_hash = CASE WHEN attempts + 1 >= ?2 THEN NULL ELSE code_hash END "
	    "WHERE id = ?1 AND attempts < ?2 RETURNING attempts");
	if (st == NULL)
		return STORE_ERROR;
	store_bind_int(st, 1, id);
	store_bind_int(st, 2, max_attempts);
	store_bind_int(st, 3, (int64_t)now);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		n = sqlite3_column_int(st, 0);
		rc = sqlite3_step(st);
	} else if (rc == SQLITE_DONE)
		n = max_attempts;
	sqlite3_reset(st);
	if (attempts != NULL)
		*attempts = n;
	return store_result(s, rc);
}

enum store_err
store_kiosk_login_use(struct store *s, int64_t id, time_t now)
{
	sqlite3_stmt *st;

	st = store_stmt(s,
	    "UPDATE kiosk_login SET used_at = ?2, "
	    "code_hash = NULL WHERE id = ?1");
	if (st == NULL)
		return STORE_ERROR;
	store_bind_int(st, 1, id);
	store_bind_int(st, 2, (int64_t)now);
	return store_step_done(s, st);
}

enum store_err
store_kiosk_count_cpr(
    struct store *s, const char *cpr_hash, time_t since, int64_t *n)
{
	return count_text_since(s,
	    "SELECT count(*) FROM kiosk_login "
	    "WHERE cpr_hash = ?1 AND created_at >= ?2",
	    cpr_hash, since, n);
}

enum store_err
store_kiosk_count_kiosk(
    struct store *s, const char *kiosk_id, time_t since, int64_t *n)
{
	return count_text_since(s,
	    "SELECT count(*) FROM kiosk_login "
	    "WHERE kiosk_id = ?1 AND created_at >= ?2",
	    kiosk_id, since, n);
}

enum store_err
store_kiosk_failures(
    struct store *s, const char *cpr_hash, time_t since, int64_t *n)
{
	return count_text_since(s,
	    "SELECT total(attempts) FROM kiosk_login "
	    "WHERE cpr_hash = ?1 AND created_at >= ?2",
	    cpr_hash, since, n);
}

enum store_err
store_kiosk_lock_get(struct store *s, const char *cpr_hash, time_t *until)
{
	int64_t	       v;
	enum store_err e;

	e = count_text_since(s,
	    "SELECT max(locked_until, ?2) FROM kiosk_lock "
	    "WHERE cpr_hash = ?1",
	    cpr_hash, 0, &v);
	*until = (time_t)v;
	return e;
}

enum store_err
store_kiosk_lock_set(
    struct store *s, const char *cpr_hash, time_t until, int64_t failures)
{
	sqlite3_stmt *st;

	st = store_stmt(s,
	    "INSERT INTO kiosk_lock (cpr_hash, locked_until, "
	    "failures) VALUES (?1, ?2, ?3) ON CONFLICT (cpr_hash) DO UPDATE "
	    "SET locked_until = excluded.locked_until, "
	    "failures = excluded.failures");
	if (st == NULL)
		return STORE_ERROR;
	store_bind_text(st, 1, cpr_hash);
	store_bind_int(st, 2, (int64_t)until);
	store_bind_int(st, 3, failures);
	return store_step_done(s, st);
}

enum store_err
store_kiosk_lock_clear(struct store *s, const char *cpr_hash)
{
	sqlite3_stmt *st;

	st = store_stmt(s, "DELETE FROM kiosk_lock WHERE cpr_hash = ?1");
	if (st == NULL)
		return STORE_ERROR;
	store_bind_text(st, 1, cpr_hash);
	return store_step_done(s, st);
}

enum store_err
store_kiosk_purge(struct store *s, time_t before, int64_t *n)
{
	sqlite3_stmt  *st;
	enum store_err e;
	int64_t	       total;

	st = store_stmt(s, "DELETE FROM kiosk_login WHERE created_at < ?1");
	if (st == NULL)
		return STORE_ERROR;
	store_bind_int(st, 1, (int64_t)before);
	if ((e = store_step_done(s, st)) != STORE_OK)
		return e;
	total = sqlite3_changes(s->db);
	st = store_stmt(s, "DELETE FROM kiosk_lock WHERE locked_until < ?1");
	if (st == NULL)
		return STORE_ERROR;
	store_bind_int(st, 1, (int64_t)before);
	if ((e = store_step_done(s, st)) != STORE_OK)
		return e;
	if (n != NULL)
		*n = total + sqlite3_changes(s->db);
	return STORE_OK;
}
