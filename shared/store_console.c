/*
 * store_console.c - the staff console's reads (see store_console.h).
 */
#include <stdlib.h>
#include <string.h>

#include "store_console.h"
#include "store_int.h"

/* The text column i as a C string, or NULL. */
static const char *
col_text(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

/*
 * Run a list query whose last two parameters (at index lim) are LIMIT and
 * OFFSET: page of CONSOLE_PAGE_ROWS, one row more asked to learn whether
 * a next page exists.  row() turns a row into a call of fn.
 */
static enum store_err
page_each(struct store *s, sqlite3_stmt *st, int lim, size_t page, int *more,
    int (*row)(sqlite3_stmt *, void *, void *), void *fn, void *arg)
{
	int rc = SQLITE_DONE, stop = 0, n = 0;

	*more = 0;
	store_bind_int(st, lim, CONSOLE_PAGE_ROWS + 1);
	store_bind_int(st, lim + 1, (int64_t)(page * CONSOLE_PAGE_ROWS));
	while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (++n > CONSOLE_PAGE_ROWS) {
			*more = 1;
			break;
		}
		stop = row(st, fn, arg);
	}
	sqlite3_reset(st);
	return stop || *more ? STORE_OK : store_result(s, rc);
}

/* What the requests page shows of a request (its WHERE follows). */
#define REQUESTS_SELECT \
	"SELECT r.id, r.citizen_id, r.routed_to, " \
	"c.given_name, c.mobile, r.channel, r.routed_as, s.name, " \
	"(SELECT i.body FROM sms_inbox i WHERE i.contact_id = r.id AND " \
	"i.body_purged_at IS NULL ORDER BY i.received_at LIMIT 1), " \
	"r.opened_at, r.acknowledged_at, r.escalated_at " \
	"FROM contact_request r JOIN citizen c ON c.id = r.citizen_id " \
	"LEFT JOIN staff s ON s.id = r.routed_to "

/* One row of store_console_requests() to its callback. */
static int
request_row(sqlite3_stmt *st, void *fn, void *arg)
{
	int (*cb)(const struct console_request *, void *) = fn;
	struct console_request r;

	r.id = sqlite3_column_int64(st, 0);
	r.citizen_id = sqlite3_column_int64(st, 1);
	r.routed_to = sqlite3_column_int64(st, 2);
	r.given_name = col_text(st, 3);
	r.mobile = col_text(st, 4);
	r.channel = col_text(st, 5);
	r.routed_as = col_text(st, 6);
	r.routed_name = col_text(st, 7);
	r.text = col_text(st, 8);
	r.opened_at = (time_t)sqlite3_column_int64(st, 9);
	r.acknowledged_at = (time_t)sqlite3_column_int64(st, 10);
	r.escalated_at = (time_t)sqlite3_column_int64(st, 11);
	return cb(&r, arg);
}

/* See store_console.h. */
enum store_err
store_console_requests(struct store *s, int64_t staff_id, size_t page,
    int *more, int (*fn)(const struct console_request *, void *), void *arg)
{
	sqlite3_stmt *st;

	/*
	 * Two statements, so each is read through its index in order
	 * (0013): every open request, or one person's.
	 */
	st = store_stmt(s,
	    staff_id == 0 ? REQUESTS_SELECT "WHERE r.closed_at IS NULL "
					    "ORDER BY r.opened_at, r.id "
					    "LIMIT ?2 OFFSET ?3"
			  : REQUESTS_SELECT
		"WHERE r.closed_at IS NULL AND r.routed_to = ?1 "
		"ORDER BY r.opened_at, r.id LIMIT ?2 OFFSET ?3");
	if (st == NULL)
		return STORE_ERROR;
	if (staff_id != 0)
		store_bind_int(st, 1, staff_id);
	return page_each(s, st, 2, page, more, request_row, (void *)fn, arg);
}

/* One row of store_console_citizens() to its callback. */
static int
citizen_row(sqlite3_stmt *st, void *fn, void *arg)
{
	int (*cb)(const struct console_citizen *, void *) = fn;
	struct console_citizen c;

	c.citizen_id = sqlite3_column_int64(st, 0);
	c.agreement_id = sqlite3_column_int64(st, 1);
	c.given_name = col_text(st, 2);
	c.status = col_text(st, 3);
	c.ends_on = col_text(st, 4);
	c.as_mentor = sqlite3_column_int(st, 5);
	return cb(&c, arg);
}

/* See store_console.h. */
enum store_err
store_console_citizens(struct store *s, int64_t staff_id, size_t page,
    int *more, int (*fn)(const struct console_citizen *, void *), void *arg)
{
	sqlite3_stmt *st;

	/* One row a citizen: the active agreement before a draft (SQLite
	   takes the bare columns from the row min() chose). */
	st = store_stmt(s,
	    "SELECT c.id, a.id, c.given_name, min(a.status), "
	    "a.ends_on, a.mentor_id IS ?1 FROM agreement a "
	    "JOIN citizen c ON c.id = a.citizen_id "
	    "WHERE (a.mentor_id = ?1 OR a.caseworker_id = ?1) AND "
	    "a.status <> 'ended' GROUP BY c.id ORDER BY c.given_name, c.id "
	    "LIMIT ?2 OFFSET ?3");
	if (st == NULL)
		return STORE_ERROR;
	store_bind_int(st, 1, staff_id);
	return page_each(s, st, 2, page, more, citizen_row, (void *)fn, arg);
}

/* See store_console.h. */
enum store_err
store_console_citizen_allowed(
    struct store *s, int64_t staff_id, int64_t citizen_id, int *allowed)
{
	sqlite3_stmt *st;
	int	      rc;

	*allowed = 0;
	st = store_stmt(s,
	    "SELECT 1 FROM agreement WHERE citizen_id = ?1 AND "
	    "(mentor_id = ?2 OR caseworker_id = ?2) AND status <> 'ended' "
	    "LIMIT 1");
	if (st == NULL)
		return STORE_ERROR;
	store_bind_int(st, 1, citizen_id);
	store_bind_int(st, 2, staff_id);
	rc = sqlite3_step(st);
	*allowed = rc == SQLITE_ROW;
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? STORE_OK
						     : store_result(s, rc);
}

/* See store_console.h. */
enum store_err
store_console_colleagues(struct store *s, int64_t	       except_id,
    int (*fn)(const struct console_colleague *, void *), void *arg)
{
	struct console_colleague c;
	sqlite3_stmt		*st;
	int			 rc = SQLITE_DONE, stop = 0;

	st = store_stmt(s,
	    "SELECT id, name, away_from, away_until FROM staff "
	    "WHERE id <> ?1 AND (roles & 1) <> 0 ORDER BY name, id");
	if (st == NULL)
		return STORE_ERROR;
	store_bind_int(st, 1, except_id);
	while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		c.id = sqlite3_column_int64(st, 0);
		c.name = col_text(st, 1);
		c.away_from = col_text(st, 2);
		c.away_until = col_text(st, 3);
		stop = fn(&c, arg);
	}
	sqlite3_reset(st);
	return stop ? STORE_OK : store_result(s, rc);
}

/* See store_console.h. */
enum store_err
store_console_set_absence(struct store *s, int64_t staff_id, const char *from,
    const char *until, int64_t deputy_id, time_t now)
{
	sqlite3_stmt  *st;
	enum store_err e;

	st = store_stmt(s,
	    "UPDATE staff SET away_from = ?2, away_until = ?3, "
	    "deputy_id = ?4, updated_at = ?5 WHERE id = ?1");
	if (st == NULL)
		return STORE_ERROR;
	store_bind_int(st, 1, staff_id);
	store_bind_text(st, 2, from);
	store_bind_text(st, 3, until);
	store_bind_id(st, 4, deputy_id);
	store_bind_int(st, 5, (int64_t)now);
	if ((e = store_step_done(s, st)) != STORE_OK)
		return e;
	return sqlite3_changes(s->db) == 0 ? STORE_NOTFOUND : STORE_OK;
}

/* See store_console.h. */
enum store_err
store_console_notes(struct store *s, int64_t citizen_id, size_t limit,
    int (*fn)(const struct console_note *, void *), void *arg)
{
	struct console_note n;
	sqlite3_stmt	   *st;
	int		    rc = SQLITE_DONE, stop = 0;

	st = store_stmt(s,
	    "SELECT at, actor, detail FROM audit WHERE citizen_id = ?1 AND "
	    "action = 'journal_note' ORDER BY at DESC, id DESC LIMIT ?2");
	if (st == NULL)
		return STORE_ERROR;
	store_bind_int(st, 1, citizen_id);
	store_bind_int(st, 2, (int64_t)limit);
	while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		n.at = (time_t)sqlite3_column_int64(st, 0);
		n.actor = col_text(st, 1);
		n.detail = col_text(st, 2);
		stop = fn(&n, arg);
	}
	sqlite3_reset(st);
	return stop ? STORE_OK : store_result(s, rc);
}

/* One row of store_console_staff() to its callback. */
static int
staff_row(sqlite3_stmt *st, void *fn, void *arg)
{
	int (*cb)(const struct console_staff *, void *) = fn;
	struct console_staff m;

	m.id = sqlite3_column_int64(st, 0);
	m.name = col_text(st, 1);
	m.login = col_text(st, 2);
	m.roles = sqlite3_column_int(st, 3);
	m.mobile = col_text(st, 4);
	m.away_from = col_text(st, 5);
	m.away_until = col_text(st, 6);
	m.deputy_name = col_text(st, 7);
	return cb(&m, arg);
}

/* See store_console.h. */
enum store_err
store_console_staff(struct store *s, size_t page, int *more,
    int (*fn)(const struct console_staff *, void *), void *arg)
{
	sqlite3_stmt *st;

	st = store_stmt(s,
	    "SELECT s.id, s.name, s.login, s.roles, s.mobile, "
	    "s.away_from, s.away_until, d.name FROM staff s "
	    "LEFT JOIN staff d ON d.id = s.deputy_id "
	    "ORDER BY s.name, s.id LIMIT ?1 OFFSET ?2");
	if (st == NULL)
		return STORE_ERROR;
	return page_each(s, st, 1, page, more, staff_row, (void *)fn, arg);
}
