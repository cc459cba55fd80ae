/*
 * store_people.c - staff and citizen rows.  See store.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "store_import.h"
#include "store_int.h"

#define STAFF_COLS \
	"id, external_id, name, mobile, email, organisation, " \
	"reachable, is_caseworker, away_from, away_until, deputy_id"

void
staff_rec_free(struct staff_rec *r)
{
	free(r->external_id);
	free(r->name);
	free(r->mobile);
	free(r->email);
	free(r->organisation);
	free(r->reachable);
	free(r->away_from);
	free(r->away_until);
	memset(r, 0, sizeof(*r));
}

/*
 * Fill r from a row of STAFF_COLS.
 */
static void
staff_from_row(sqlite3_stmt *st, struct staff_rec *r)
{
	r->id = sqlite3_column_int64(st, 0);
	r->external_id = store_col_dup(st, 1);
	r->name = store_col_dup(st, 2);
	r->mobile = store_col_dup(st, 3);
	r->email = store_col_dup(st, 4);
	r->organisation = store_col_dup(st, 5);
	r->reachable = store_col_dup(st, 6);
	r->is_caseworker = sqlite3_column_int(st, 7);
	r->away_from = store_col_dup(st, 8);
	r->away_until = store_col_dup(st, 9);
	r->deputy_id = sqlite3_column_int64(st, 10);
}

/*
 * Step a one-row staff query with its parameter bound.
 */
static enum store_err
staff_fetch(struct store *s, sqlite3_stmt *st, struct staff_rec *r)
{
	int rc;

	memset(r, 0, sizeof(*r));
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		staff_from_row(st, r);
	return store_step_end(s, st, rc);
}

enum store_err
store_staff_get(struct store *s, int64_t id, struct staff_rec *r)
{
	sqlite3_stmt *st;

	st = store_stmt(s, "SELECT " STAFF_COLS " FROM staff WHERE id = ?1");
	if (st == NULL)
		return STORE_ERROR;
	store_bind_int(st, 1, id);
	return staff_fetch(s, st, r);
}

enum store_err
store_staff_by_external(struct store *s, const char *ext, struct staff_rec *r)
{
	sqlite3_stmt *st;

	st = store_stmt(
	    s, "SELECT " STAFF_COLS " FROM staff WHERE external_id = ?1");
	if (st == NULL)
		return STORE_ERROR;
	store_bind_text(st, 1, ext);
	return staff_fetch(s, st, r);
}

enum store_err
store_staff_by_mobile(struct store *s, const char *mobile, struct staff_rec *r)
{
	sqlite3_stmt *st;

	st = store_stmt(s,
	    "SELECT " STAFF_COLS " FROM staff WHERE mobile = ?1 "
	    "ORDER BY id LIMIT 1");
	if (st == NULL)
		return STORE_ERROR;
	store_bind_text(st, 1, mobile);
	return staff_fetch(s, st, r);
}

/* A new staff row; the upsert adds its ON CONFLICT clause. */
#define STAFF_INSERT \
	"INSERT INTO staff (external_id, name, mobile, email, " \
	"organisation, reachable, is_caseworker, away_from, away_until, " \
	"deputy_id, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, " \
	"?7, ?8, ?9, ?10, ?11, ?11)"

/*
 * Insert r (known_new: its external id is not stored, so a plain INSERT,
 * which needs no journal of its own) or insert-or-update it; sets r->id.
 */
static enum store_err
staff_save(struct store *s, struct staff_rec *r, int known_new)
{
	sqlite3_stmt  *st;
	enum store_err e;

	if (known_new)
		st = store_stmt(s, STAFF_INSERT);
	else
		st = store_stmt(s,
		    STAFF_INSERT
		    " ON CONFLICT (external_id) DO "
		    "UPDATE SET name = excluded.name, mobile = excluded.mobile, "
		    "email = excluded.email, "
		    "organisation = excluded.organisation, "
		    "reachable = excluded.reachable, "
		    "is_caseworker = excluded.is_caseworker, "
		    "away_from = excluded.away_from, "
		    "away_until = excluded.away_until, "
		    "deputy_id = excluded.deputy_id, "
		    "updated_at = excluded.updated_at");
	if (st == NULL)
		return STORE_ERROR;
	store_bind_text(st, 1, r->external_id);
	store_bind_text(st, 2, r->name);
	store_bind_text(st, 3, r->mobile);
	store_bind_text(st, 4, r->email);
	store_bind_text(st, 5, r->organisation);
	store_bind_text(st, 6, r->reachable);
	store_bind_int(st, 7, r->is_caseworker ? 1 : 0);
	store_bind_text(st, 8, r->away_from);
	store_bind_text(st, 9, r->away_until);
	store_bind_id(st, 10, r->deputy_id);
	store_bind_int(st, 11, (int64_t)clock_now());
	if ((e = store_step_upsert(s, st, &r->id)) != STORE_OK || r->id != 0)
		return e;
	return store_external_id(s, STORE_KIND_STAFF, r->external_id, &r->id);
}

enum store_err
store_staff_upsert(struct store *s, struct staff_rec *r)
{
	return staff_save(s, r, 0);
}

enum store_err
store_staff_insert(struct store *s, struct staff_rec *r)
{
	return staff_save(s, r, 1);
}

enum store_err
store_staff_set_away(
    struct store *s, int64_t id, const char *from, const char *until)
{
	sqlite3_stmt *st;

	st = store_stmt(s,
	    "UPDATE staff SET away_from = ?2, away_until = ?3, "
	    "updated_at = ?4 WHERE id = ?1");
	if (st == NULL)
		return STORE_ERROR;
	store_bind_int(st, 1, id);
	store_bind_text(st, 2, from);
	store_bind_text(st, 3, until);
	store_bind_int(st, 4, (int64_t)clock_now());
	return store_step_changed(s, st);
}

/* Hand every row of staff query st (bound) to fn until it returns non-0. */
static enum store_err
staff_each(struct store *s, sqlite3_stmt	      *st,
    int (*fn)(const struct staff_rec *, void *), void *arg)
{
	struct staff_rec r;
	int		 rc, stop = 0;

	while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		staff_from_row(st, &r);
		stop = fn(&r, arg);
		staff_rec_free(&r);
	}
	if (stop)
		rc = SQLITE_DONE;
	sqlite3_reset(st);
	return store_result(s, rc);
}

enum store_err
store_staff_list(
    struct store *s, int (*fn)(const struct staff_rec *, void *), void *arg)
{
	sqlite3_stmt *st;

	st =
	    store_stmt(s, "SELECT " STAFF_COLS " FROM staff ORDER BY name, id");
	if (st == NULL)
		return STORE_ERROR;
	return staff_each(s, st, fn, arg);
}

enum store_err
store_staff_group(struct store *s, const char	      *organisation,
    int (*fn)(const struct staff_rec *, void *), void *arg)
{
	sqlite3_stmt *st;

	st = store_stmt(s,
	    "SELECT " STAFF_COLS " FROM staff WHERE mobile IS NOT NULL AND "
	    "CASE WHEN ?1 IS NULL THEN (roles & 4) <> 0 "
	    "ELSE organisation = ?1 END ORDER BY id");
	if (st == NULL)
		return STORE_ERROR;
	store_bind_text(st, 1, organisation);
	return staff_each(s, st, fn, arg);
}

int
staff_is_away(const struct staff_rec *r, const char *today)
{
	if (r->away_from == NULL && r->away_until == NULL)
		return 0;
	if (r->away_from != NULL && strcmp(today, r->away_from) < 0)
		return 0;
	if (r->away_until != NULL && strcmp(today, r->away_until) > 0)
		return 0;
	return 1;
}

/* --- citizens ------------------------------------------------------- */

#define CITIZEN_COLS \
	"id, external_id, cpr_hash, given_name, mobile, " \
	"language, reminders_on"

void
citizen_rec_free(struct citizen_rec *r)
{
	free(r->external_id);
	free(r->given_name);
	free(r->mobile);
	explicit_bzero(r, sizeof(*r));
}

/*
 * Fill r from a row of CITIZEN_COLS.
 */
static void
citizen_from_row(sqlite3_stmt *st, struct citizen_rec *r)
{
	r->id = sqlite3_column_int64(st, 0);
	r->external_id = store_col_dup(st, 1);
	store_col_copy(st, 2, r->cpr_hash, sizeof(r->cpr_hash));
	r->given_name = store_col_dup(st, 3);
	r->mobile = store_col_dup(st, 4);
	store_col_copy(st, 5, r->language, sizeof(r->language));
	r->reminders_on = sqlite3_column_int(st, 6);
}

/*
 * Step a one-row citizen query with its parameter bound.
 */
static enum store_err
citizen_fetch(struct store *s, sqlite3_stmt *st, struct citizen_rec *r)
{
	int rc;

	memset(r, 0, sizeof(*r));
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		citizen_from_row(st, r);
	return store_step_end(s, st, rc);
}

enum store_err
store_citizen_get(struct store *s, int64_t id, struct citizen_rec *r)
{
	sqlite3_stmt *st;

	st =
	    store_stmt(s, "SELECT " CITIZEN_COLS " FROM citizen WHERE id = ?1");
	if (st == NULL)
		return STORE_ERROR;
	store_bind_int(st, 1, id);
	return citizen_fetch(s, st, r);
}

enum store_err
store_citizen_by_cpr(
    struct store *s, const char *cpr_hash, struct citizen_rec *r)
{
	sqlite3_stmt *st;

	st = store_stmt(
	    s, "SELECT " CITIZEN_COLS " FROM citizen WHERE cpr_hash = ?1");
	if (st == NULL)
		return STORE_ERROR;
	store_bind_text(st, 1, cpr_hash);
	return citizen_fetch(s, st, r);
}

enum store_err
store_citizen_by_external(
    struct store *s, const char *ext, struct citizen_rec *r)
{
	sqlite3_stmt *st;

	st = store_stmt(
	    s, "SELECT " CITIZEN_COLS " FROM citizen WHERE external_id = ?1");
	if (st == NULL)
		return STORE_ERROR;
	store_bind_text(st, 1, ext);
	return citizen_fetch(s, st, r);
}

enum store_err
store_citizen_by_mobile(
    struct store *s, const char *mobile, struct citizen_rec *r)
{
	sqlite3_stmt *st;

	st = store_stmt(s,
	    "SELECT " CITIZEN_COLS " FROM citizen WHERE mobile = ?1 "
	    "ORDER BY id LIMIT 1");
	if (st == NULL)
		return STORE_ERROR;
	store_bind_text(st, 1, mobile);
	return citizen_fetch(s, st, r);
}

/* A new citizen row; the upsert adds its ON CONFLICT clause. */
#define CITIZEN_INSERT \
	"INSERT INTO citizen (external_id, cpr_hash, " \
	"given_name, mobile, language, reminders_on, created_at, updated_at) " \
	"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)"

/*
 * As staff_save(), for a citizen; a stored row with these values already
 * is not written again (updated_at aside).
 */
static enum store_err
citizen_save(struct store *s, struct citizen_rec *r, int known_new)
{
	sqlite3_stmt  *st;
	enum store_err e;

	if (known_new)
		st = store_stmt(s, CITIZEN_INSERT);
	else
		st = store_stmt(s,
		    CITIZEN_INSERT
		    " ON CONFLICT (external_id) DO "
		    "UPDATE SET cpr_hash = excluded.cpr_hash, "
		    "given_name = excluded.given_name, "
		    "mobile = excluded.mobile, language = excluded.language, "
		    "updated_at = excluded.updated_at "
		    "WHERE citizen.cpr_hash IS NOT excluded.cpr_hash "
		    "OR citizen.given_name IS NOT excluded.given_name "
		    "OR citizen.mobile IS NOT excluded.mobile "
		    "OR citizen.language IS NOT excluded.language");
	if (st == NULL)
		return STORE_ERROR;
	store_bind_text_static(st, 1, r->external_id);
	store_bind_text_static(st, 2, r->cpr_hash);
	store_bind_text_static(st, 3, r->given_name);
	store_bind_text_static(st, 4, r->mobile);
	store_bind_text_static(st, 5, r->language[0] ? r->language : "da");
	store_bind_int(st, 6, r->reminders_on ? 1 : 0);
	store_bind_int(st, 7, (int64_t)clock_now());
	if ((e = store_step_upsert(s, st, &r->id)) != STORE_OK || r->id != 0)
		return e;
	return store_external_id(s, STORE_KIND_CITIZEN, r->external_id, &r->id);
}

enum store_err
store_citizen_upsert(struct store *s, struct citizen_rec *r)
{
	return citizen_save(s, r, 0);
}

enum store_err
store_citizen_insert(struct store *s, struct citizen_rec *r)
{
	return citizen_save(s, r, 1);
}

enum store_err
store_citizen_set_reminders(struct store *s, int64_t id, int on)
{
	sqlite3_stmt *st;

	st = store_stmt(s,
	    "UPDATE citizen SET reminders_on = ?2, updated_at = ?3 "
	    "WHERE id = ?1");
	if (st == NULL)
		return STORE_ERROR;
	store_bind_int(st, 1, id);
	store_bind_int(st, 2, on ? 1 : 0);
	store_bind_int(st, 3, (int64_t)clock_now());
	return store_step_changed(s, st);
}

enum store_err
store_citizen_set_language(struct store *s, int64_t id, const char *lang)
{
	sqlite3_stmt *st;

	st = store_stmt(s,
	    "UPDATE citizen SET language = ?2, updated_at = ?3 "
	    "WHERE id = ?1");
	if (st == NULL)
		return STORE_ERROR;
	store_bind_int(st, 1, id);
	store_bind_text(st, 2, lang);
	store_bind_int(st, 3, (int64_t)clock_now());
	return store_step_changed(s, st);
}

enum store_err
store_citizen_list(
    struct store *s, int (*fn)(const struct citizen_rec *, void *), void *arg)
{
	sqlite3_stmt	  *st;
	struct citizen_rec r;
	int		   rc, stop = 0;

	st = store_stmt(s,
	    "SELECT " CITIZEN_COLS " FROM citizen "
	    "ORDER BY given_name, id");
	if (st == NULL)
		return STORE_ERROR;
	while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		citizen_from_row(st, &r);
		stop = fn(&r, arg);
		citizen_rec_free(&r);
	}
	if (stop)
		rc = SQLITE_DONE;
	sqlite3_reset(st);
	return store_result(s, rc);
}

enum store_err
store_citizen_count(struct store *s, int64_t *n)
{
	sqlite3_stmt *st;
	int	      rc;

	*n = 0;
	if ((st = store_stmt(s, "SELECT count(*) FROM citizen")) == NULL)
		return STORE_ERROR;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		*n = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return store_result(s, rc);
}

enum store_err
store_staff_has_contact(struct store *s, int64_t id, int *has)
{
	sqlite3_stmt *st;
	int	      rc;

	*has = 0;
	st = store_stmt(s,
	    "SELECT coalesce(mobile, '') <> '' OR "
	    "coalesce(email, '') <> '' FROM staff WHERE id = ?1");
	if (st == NULL)
		return STORE_ERROR;
	store_bind_int(st, 1, id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		*has = sqlite3_column_int(st, 0);
	return store_step_end(s, st, rc);
}
