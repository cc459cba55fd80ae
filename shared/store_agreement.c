/*
 * store_agreement.c - agreements and their ordered tasks.  See store.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "log.h"
#include "store_int.h"

#define AGREEMENT_COLS \
	"id, external_id, citizen_id, mentor_id, caseworker_id, " \
	"goal, starts_on, ends_on, hours_amount, hours_per, guidance_key, " \
	"legal_basis, after_discharge, extends_id, status, activated_at, " \
	"imported_active, (SELECT e.mentor_id FROM agreement AS e " \
	"WHERE e.id = agreement.extends_id)"

void
agreement_rec_free(struct agreement_rec *r)
{
	size_t i;

	free(r->external_id);
	free(r->goal);
	free(r->starts_on);
	free(r->ends_on);
	free(r->hours_per);
	free(r->guidance_key);
	free(r->legal_basis);
	for (i = 0; i < r->ntasks; i++)
		free(r->tasks[i]);
	free(r->tasks);
	memset(r, 0, sizeof(*r));
}

/*
 * Fill r from a row of AGREEMENT_COLS (no tasks).
 */
static void
agreement_from_row(sqlite3_stmt *st, struct agreement_rec *r)
{
	memset(r, 0, sizeof(*r));
	r->id = sqlite3_column_int64(st, 0);
	r->external_id = store_col_dup(st, 1);
	r->citizen_id = sqlite3_column_int64(st, 2);
	r->mentor_id = sqlite3_column_int64(st, 3);
	r->caseworker_id = sqlite3_column_int64(st, 4);
	r->goal = store_col_dup(st, 5);
	r->starts_on = store_col_dup(st, 6);
	r->ends_on = store_col_dup(st, 7);
	r->hours_amount = sqlite3_column_double(st, 8);
	r->hours_per = store_col_dup(st, 9);
	r->guidance_key = store_col_dup(st, 10);
	r->legal_basis = store_col_dup(st, 11);
	r->after_discharge = sqlite3_column_int(st, 12);
	r->extends_id = sqlite3_column_int64(st, 13);
	store_col_copy(st, 14, r->status, sizeof(r->status));
	r->activated_at = (time_t)sqlite3_column_int64(st, 15);
	r->imported_active = sqlite3_column_int(st, 16);
	r->extended_mentor_id = sqlite3_column_int64(st, 17);
}

/* The query of agreement id's task texts in order, bound; NULL on error. */
static sqlite3_stmt *
agreement_tasks_query(struct store *s, int64_t id)
{
	sqlite3_stmt *st;

	st = store_stmt(s,
	    "SELECT text FROM agreement_task WHERE agreement_id = ?1 "
	    "ORDER BY position");
	if (st != NULL)
		store_bind_int(st, 1, id);
	return st;
}

/*
 * Load the tasks of r->id into r.
 */
static enum store_err
agreement_load_tasks(struct store *s, struct agreement_rec *r)
{
	sqlite3_stmt *st;
	char	    **t;
	int	      rc;

	if ((st = agreement_tasks_query(s, r->id)) == NULL)
		return STORE_ERROR;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		t = reallocarray(r->tasks, r->ntasks + 1, sizeof(*t));
		if (t == NULL)
			fatal("reallocarray");
		r->tasks = t;
		r->tasks[r->ntasks++] = store_col_dup(st, 0);
	}
	sqlite3_reset(st);
	return store_result(s, rc);
}

/*
 * Step a one-row agreement query with its parameters bound; load tasks.
 */
static enum store_err
agreement_fetch(struct store *s, sqlite3_stmt *st, struct agreement_rec *r)
{
	enum store_err e;
	int	       rc;

	memset(r, 0, sizeof(*r));
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		agreement_from_row(st, r);
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return STORE_NOTFOUND;
	if (rc != SQLITE_ROW)
		return store_result(s, rc);
	if ((e = agreement_load_tasks(s, r)) != STORE_OK)
		agreement_rec_free(r); /* callers free only on success */
	return e;
}

enum store_err
store_agreement_get(struct store *s, int64_t id, struct agreement_rec *r)
{
	sqlite3_stmt *st;

	st = store_stmt(
	    s, "SELECT " AGREEMENT_COLS " FROM agreement WHERE id = ?1");
	if (st == NULL)
		return STORE_ERROR;
	store_bind_int(st, 1, id);
	return agreement_fetch(s, st, r);
}

enum store_err
store_agreement_by_external(
    struct store *s, const char *ext, struct agreement_rec *r)
{
	sqlite3_stmt *st;

	st = store_stmt(s,
	    "SELECT " AGREEMENT_COLS " FROM agreement "
	    "WHERE external_id = ?1");
	if (st == NULL)
		return STORE_ERROR;
	store_bind_text(st, 1, ext);
	return agreement_fetch(s, st, r);
}

enum store_err
store_agreement_current(struct store *s, int64_t citizen_id, const char *today,
    struct agreement_rec *r)
{
	sqlite3_stmt *st;

	/* In period first, then the soonest future one, then the newest. */
	st = store_stmt(s,
	    "SELECT " AGREEMENT_COLS " FROM agreement "
	    "WHERE citizen_id = ?1 AND status = 'active' ORDER BY "
	    "CASE WHEN (starts_on IS NULL OR starts_on <= ?2) AND "
	    "(ends_on IS NULL OR ends_on >= ?2) THEN 0 "
	    "WHEN starts_on > ?2 THEN 1 ELSE 2 END, "
	    "CASE WHEN starts_on > ?2 THEN starts_on END ASC, "
	    "starts_on DESC, id DESC LIMIT 1");
	if (st == NULL)
		return STORE_ERROR;
	store_bind_int(st, 1, citizen_id);
	store_bind_text(st, 2, today);
	return agreement_fetch(s, st, r);
}

/*
 * Delete the tasks of agreement id.
 */
static enum store_err
agreement_delete_tasks(struct store *s, int64_t id)
{
	sqlite3_stmt *st;

	st =
	    store_stmt(s, "DELETE FROM agreement_task WHERE agreement_id = ?1");
	if (st == NULL)
		return STORE_ERROR;
	store_bind_int(st, 1, id);
	return store_step_done(s, st);
}

/*
 * Are the stored tasks of agreement r->id r's tasks, in order?  *same
 * is 1 when they are (then nothing need be written).
 */
static enum store_err
agreement_tasks_same(struct store *s, const struct agreement_rec *r, int *same)
{
	sqlite3_stmt *st;
	const char   *text;
	size_t	      n = 0;
	int	      rc;

	*same = 0;
	if ((st = agreement_tasks_query(s, r->id)) == NULL)
		return STORE_ERROR;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		text = (const char *)sqlite3_column_text(st, 0);
		if (n == r->ntasks || text == NULL ||
		    strcmp(text, r->tasks[n]) != 0)
			break;
		n++;
	}
	sqlite3_reset(st);
	if (rc == SQLITE_ROW) /* one more, or another */
		return STORE_OK;
	if (rc != SQLITE_DONE)
		return store_result(s, rc);
	*same = n == r->ntasks;
	return STORE_OK;
}

/*
 * After an upsert updated r's row: its id, activated_at and
 * imported_active into r.
 */
static enum store_err
agreement_reread(struct store *s, struct agreement_rec *r)
{
	sqlite3_stmt *st;
	int	      rc;

	st = store_stmt(s,
	    "SELECT id, activated_at, imported_active "
	    "FROM agreement WHERE external_id = ?1");
	if (st == NULL)
		return STORE_ERROR;
	store_bind_text(st, 1, r->external_id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		r->id = sqlite3_column_int64(st, 0);
		r->activated_at = (time_t)sqlite3_column_int64(st, 1);
		r->imported_active = sqlite3_column_int(st, 2);
	}
	return store_step_end(s, st, rc);
}

/*
 * Add the tasks r->tasks to agreement r->id (which has none).
 */
static enum store_err
agreement_save_tasks(struct store *s, const struct agreement_rec *r)
{
	sqlite3_stmt  *st;
	enum store_err e;
	size_t	       i;

	for (i = 0; i < r->ntasks; i++) {
		st = store_stmt(s,
		    "INSERT INTO agreement_task (agreement_id, "
		    "position, text) VALUES (?1, ?2, ?3)");
		if (st == NULL)
			return STORE_ERROR;
		store_bind_int(st, 1, r->id);
		store_bind_int(st, 2, (int64_t)i + 1);
		store_bind_text_static(st, 3, r->tasks[i]);
		if ((e = store_step_done(s, st)) != STORE_OK)
			return e;
	}
	return STORE_OK;
}

/*
 * A new agreement row (activated now when it is active); the upsert adds
 * its ON CONFLICT clause.  imported_active (?16) is stored only here.
 */
#define AGREEMENT_INSERT \
	"INSERT INTO agreement (external_id, citizen_id, " \
	"mentor_id, caseworker_id, goal, starts_on, ends_on, hours_amount, " \
	"hours_per, guidance_key, legal_basis, after_discharge, extends_id, " \
	"status, activated_at, imported_active, created_at, updated_at) " \
	"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, " \
	"CASE WHEN ?14 = 'active' THEN ?15 END, ?14 = 'active' AND ?16, " \
	"?15, ?15)"

/*
 * Insert r (known_new: its external id is not stored, so a plain INSERT,
 * which needs no journal of its own) or insert-or-update it, with its
 * tasks; one transaction (nested in the caller's).  What is stored as r
 * has it already (a row, the tasks) is not written again.
 */
static enum store_err
agreement_save(struct store *s, struct agreement_rec *r, int known_new)
{
	sqlite3_stmt  *st;
	enum store_err e;
	time_t	       now = clock_now();
	int	       same = 0; /* the stored tasks are r's already */

	if ((e = store_begin(s)) != STORE_OK)
		return e;
	if (known_new)
		st = store_stmt(s, AGREEMENT_INSERT);
	else
		st = store_stmt(s,
		    AGREEMENT_INSERT
		    " ON CONFLICT (external_id) "
		    "DO UPDATE SET citizen_id = excluded.citizen_id, "
		    "mentor_id = excluded.mentor_id, "
		    "caseworker_id = excluded.caseworker_id, "
		    "goal = excluded.goal, starts_on = excluded.starts_on, "
		    "ends_on = excluded.ends_on, "
		    "hours_amount = excluded.hours_amount, "
		    "hours_per = excluded.hours_per, "
		    "guidance_key = excluded.guidance_key, "
		    "legal_basis = excluded.legal_basis, "
		    "after_discharge = excluded.after_discharge, "
		    "extends_id = excluded.extends_id, status = excluded.status, "
		    "activated_at = CASE WHEN excluded.status = 'active' THEN "
		    "coalesce(agreement.activated_at, ?15) "
		    "ELSE agreement.activated_at END, "
		    "updated_at = excluded.updated_at "
		    "WHERE agreement.citizen_id IS NOT excluded.citizen_id "
		    "OR agreement.mentor_id IS NOT excluded.mentor_id "
		    "OR agreement.caseworker_id IS NOT excluded.caseworker_id "
		    "OR agreement.goal IS NOT excluded.goal "
		    "OR agreement.starts_on IS NOT excluded.starts_on "
		    "OR agreement.ends_on IS NOT excluded.ends_on "
		    "OR agreement.hours_amount IS NOT excluded.hours_amount "
		    "OR agreement.hours_per IS NOT excluded.hours_per "
		    "OR agreement.guidance_key IS NOT excluded.guidance_key "
		    "OR agreement.legal_basis IS NOT excluded.legal_basis "
		    "OR agreement.after_discharge IS NOT "
		    "excluded.after_discharge "
		    "OR agreement.extends_id IS NOT excluded.extends_id "
		    "OR agreement.status IS NOT excluded.status "
		    "OR (excluded.status = 'active' AND "
		    "agreement.activated_at IS NULL)");
	if (st == NULL)
		goto fail;
	store_bind_text_static(st, 1, r->external_id);
	store_bind_int(st, 2, r->citizen_id);
	store_bind_id(st, 3, r->mentor_id);
	store_bind_id(st, 4, r->caseworker_id);
	store_bind_text_static(st, 5, r->goal);
	store_bind_text_static(st, 6, r->starts_on);
	store_bind_text_static(st, 7, r->ends_on);
	if (r->hours_amount > 0)
		sqlite3_bind_double(st, 8, r->hours_amount);
	store_bind_text_static(
	    st, 9, r->hours_amount > 0 ? r->hours_per : NULL);
	store_bind_text_static(st, 10, r->guidance_key);
	store_bind_text_static(st, 11, r->legal_basis);
	store_bind_int(st, 12, r->after_discharge ? 1 : 0);
	store_bind_id(st, 13, r->extends_id);
	store_bind_text_static(st, 14, r->status[0] ? r->status : "draft");
	store_bind_int(st, 15, (int64_t)now);
	store_bind_int(st, 16, r->imported_active ? 1 : 0);
	if ((e = store_step_upsert(s, st, &r->id)) != STORE_OK)
		goto fail;
	if (r->id != 0) { /* a new row: no tasks to replace */
		r->activated_at = strcmp(r->status, "active") == 0 ? now : 0;
		r->imported_active = r->imported_active && r->activated_at != 0;
	} else if ((e = agreement_reread(s, r)) != STORE_OK ||
	    (e = agreement_tasks_same(s, r, &same)) != STORE_OK ||
	    (!same && (e = agreement_delete_tasks(s, r->id)) != STORE_OK))
		goto fail;
	if (!same && (e = agreement_save_tasks(s, r)) != STORE_OK)
		goto fail;
	return store_commit(s);
fail:
	if (e == STORE_OK)
		e = STORE_ERROR;
	store_rollback(s);
	return e;
}

enum store_err
store_agreement_upsert(struct store *s, struct agreement_rec *r)
{
	return agreement_save(s, r, 0);
}

enum store_err
store_agreement_insert(struct store *s, struct agreement_rec *r)
{
	return agreement_save(s, r, 1);
}

enum store_err
store_agreement_activated(struct store *s, int64_t id, time_t *at)
{
	sqlite3_stmt *st;
	int	      rc;

	*at = 0;
	st = store_stmt(s, "SELECT activated_at FROM agreement WHERE id = ?1");
	if (st == NULL)
		return STORE_ERROR;
	store_bind_int(st, 1, id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		*at = (time_t)sqlite3_column_int64(st, 0);
	return store_step_end(s, st, rc);
}

enum store_err
store_agreement_set_status(
    struct store *s, int64_t id, const char *status, time_t now)
{
	sqlite3_stmt *st;

	st = store_stmt(s,
	    "UPDATE agreement SET status = ?2, updated_at = ?3, "
	    "activated_at = CASE WHEN ?2 = 'active' THEN coalesce(activated_at, ?3) "
	    "ELSE activated_at END WHERE id = ?1");
	if (st == NULL)
		return STORE_ERROR;
	store_bind_int(st, 1, id);
	store_bind_text(st, 2, status);
	store_bind_int(st, 3, (int64_t)now);
	return store_step_changed(s, st);
}

enum store_err
store_agreement_set_ends(struct store *s, int64_t id, const char *ends_on)
{
	sqlite3_stmt *st;

	st = store_stmt(s,
	    "UPDATE agreement SET ends_on = ?2, updated_at = ?3 "
	    "WHERE id = ?1");
	if (st == NULL)
		return STORE_ERROR;
	store_bind_int(st, 1, id);
	store_bind_text(st, 2, ends_on);
	store_bind_int(st, 3, (int64_t)clock_now());
	return store_step_changed(s, st);
}

/*
 * Call fn for every row of a bound AGREEMENT_COLS query; with_tasks
 * loads tasks too.
 */
static enum store_err
agreement_each(struct store *s, sqlite3_stmt *st, int with_tasks,
    int (*fn)(const struct agreement_rec *, void *), void *arg)
{
	struct agreement_rec *rows = NULL, *p;
	size_t		      n = 0, i;
	enum store_err	      e = STORE_OK;
	int		      rc, stop = 0;

	/* Collect first: loading tasks needs the connection. */
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if ((p = reallocarray(rows, n + 1, sizeof(*rows))) == NULL)
			fatal("reallocarray");
		rows = p;
		agreement_from_row(st, &rows[n++]);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		e = store_result(s, rc);
	for (i = 0; i < n; i++) {
		if (e == STORE_OK && !stop && with_tasks)
			e = agreement_load_tasks(s, &rows[i]);
		if (e == STORE_OK && !stop)
			stop = fn(&rows[i], arg);
		agreement_rec_free(&rows[i]);
	}
	free(rows);
	return e;
}

enum store_err
store_agreement_list(struct store *s, int64_t		   citizen_id,
    int (*fn)(const struct agreement_rec *, void *), void *arg)
{
	sqlite3_stmt *st;

	/* Two statements, so the one-citizen query can use its index. */
	if (citizen_id == 0)
		st = store_stmt(s,
		    "SELECT " AGREEMENT_COLS " FROM agreement "
		    "ORDER BY starts_on, id");
	else
		st = store_stmt(s,
		    "SELECT " AGREEMENT_COLS " FROM agreement "
		    "WHERE citizen_id = ?1 ORDER BY starts_on, id");
	if (st == NULL)
		return STORE_ERROR;
	if (citizen_id != 0)
		store_bind_int(st, 1, citizen_id);
	return agreement_each(s, st, 1, fn, arg);
}

enum store_err
store_agreement_ending(struct store *s, const char *from, const char *to,
    int (*fn)(const struct agreement_rec *, void *), void *arg)
{
	sqlite3_stmt *st;

	st = store_stmt(s,
	    "SELECT " AGREEMENT_COLS " FROM agreement "
	    "WHERE status = 'active' AND ends_on BETWEEN ?1 AND ?2 "
	    "ORDER BY ends_on, id");
	if (st == NULL)
		return STORE_ERROR;
	store_bind_text(st, 1, from);
	store_bind_text(st, 2, to);
	return agreement_each(s, st, 0, fn, arg);
}

enum store_err
store_agreement_activated_since(struct store *s, time_t	   since,
    int (*fn)(const struct agreement_rec *, void *), void *arg)
{
	sqlite3_stmt *st;

	st = store_stmt(s,
	    "SELECT " AGREEMENT_COLS " FROM agreement "
	    "WHERE status = 'active' AND activated_at >= ?1 ORDER BY activated_at, id");
	if (st == NULL)
		return STORE_ERROR;
	store_bind_int(st, 1, (int64_t)since);
	return agreement_each(s, st, 0, fn, arg);
}

enum store_err
store_agreement_counts(
    struct store *s, int64_t *draft, int64_t *active, int64_t *ended)
{
	sqlite3_stmt *st;
	int	      rc;

	*draft = *active = *ended = 0;
	st = store_stmt(s,
	    "SELECT count(*) FILTER (WHERE status = 'draft'), "
	    "count(*) FILTER (WHERE status = 'active'), "
	    "count(*) FILTER (WHERE status = 'ended') FROM agreement");
	if (st == NULL)
		return STORE_ERROR;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*draft = sqlite3_column_int64(st, 0);
		*active = sqlite3_column_int64(st, 1);
		*ended = sqlite3_column_int64(st, 2);
	}
	sqlite3_reset(st);
	return store_result(s, rc);
}
