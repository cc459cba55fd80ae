/*
 * store_meeting.c - the meeting table: a meeting's record and its
 * changes (mentorctl, the import), and the queries the gateway's
 * scheduler asks for reminders and notices.  See store.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "log.h"
#include "store_int.h"

#define MEETING_COLS \
	"id, external_id, agreement_id, starts_at, ends_at, " \
	"place, place_in_sms, kind, status, version, notified_version, imported"

void
meeting_rec_free(struct meeting_rec *r)
{
	free(r->external_id);
	free(r->place);
	memset(r, 0, sizeof(*r));
}

/*
 * Fill r from a row of MEETING_COLS.
 */
static void
meeting_from_row(sqlite3_stmt *st, struct meeting_rec *r)
{
	memset(r, 0, sizeof(*r));
	r->id = sqlite3_column_int64(st, 0);
	r->external_id = store_col_dup(st, 1);
	r->agreement_id = sqlite3_column_int64(st, 2);
	r->starts_at = (time_t)sqlite3_column_int64(st, 3);
	r->ends_at = (time_t)sqlite3_column_int64(st, 4);
	r->place = store_col_dup(st, 5);
	r->place_in_sms = sqlite3_column_int(st, 6);
	store_col_copy(st, 7, r->kind, sizeof(r->kind));
	store_col_copy(st, 8, r->status, sizeof(r->status));
	r->version = sqlite3_column_int(st, 9);
	r->notified_version = sqlite3_column_int(st, 10);
	r->imported = sqlite3_column_int(st, 11);
}

/*
 * Step a one-row meeting query with its parameter bound.
 */
static enum store_err
meeting_fetch(struct store *s, sqlite3_stmt *st, struct meeting_rec *r)
{
	int rc;

	memset(r, 0, sizeof(*r));
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		meeting_from_row(st, r);
	return store_step_end(s, st, rc);
}

enum store_err
store_meeting_get(struct store *s, int64_t id, struct meeting_rec *r)
{
	sqlite3_stmt *st;

	st =
	    store_stmt(s, "SELECT " MEETING_COLS " FROM meeting WHERE id = ?1");
	if (st == NULL)
		return STORE_ERROR;
	store_bind_int(st, 1, id);
	return meeting_fetch(s, st, r);
}

enum store_err
store_meeting_by_external(
    struct store *s, const char *ext, struct meeting_rec *r)
{
	sqlite3_stmt *st;

	st = store_stmt(
	    s, "SELECT " MEETING_COLS " FROM meeting WHERE external_id = ?1");
	if (st == NULL)
		return STORE_ERROR;
	store_bind_text(st, 1, ext);
	return meeting_fetch(s, st, r);
}

/* The columns a new meeting is stored with; bound by meeting_bind(). */
#define MEETING_INSERT \
	"INSERT INTO meeting (external_id, agreement_id, " \
	"starts_at, ends_at, place, place_in_sms, kind, status, imported, " \
	"created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?10, " \
	"?9, ?9)"

/*
 * Bind r to a MEETING_INSERT statement; an empty kind or status is the
 * default.
 */
static void
meeting_bind(sqlite3_stmt *st, struct meeting_rec *r)
{
	if (r->kind[0] == '\0')
		snprintf(r->kind, sizeof(r->kind), "mentor");
	if (r->status[0] == '\0')
		snprintf(r->status, sizeof(r->status), "planned");
	store_bind_text_static(st, 1, r->external_id);
	store_bind_int(st, 2, r->agreement_id);
	store_bind_int(st, 3, (int64_t)r->starts_at);
	store_bind_int(st, 4, (int64_t)r->ends_at);
	store_bind_text_static(st, 5, r->place);
	store_bind_int(st, 6, r->place_in_sms ? 1 : 0);
	store_bind_text_static(st, 7, r->kind);
	store_bind_text_static(st, 8, r->status);
	store_bind_int(st, 9, (int64_t)clock_now());
	store_bind_int(st, 10, r->imported ? 1 : 0);
}

/*
 * Insert r (known_new: its external id is not stored, so a plain INSERT,
 * which needs no journal of its own) or insert-or-update it.
 */
static enum store_err
meeting_save(struct store *s, struct meeting_rec *r, int known_new)
{
	sqlite3_stmt  *st;
	enum store_err e;
	int	       rc;

	/*
	 * A change of time, place or status is a new version; a new time on
	 * a planned meeting makes it "moved" so the citizen is told.  Where
	 * it came from (imported) stays what it was.  A row the update would
	 * leave as it is (updated_at aside) is not written at all: an import
	 * of the same file again rewrites no row and no index.
	 */
	if (known_new)
		st = store_stmt(s, MEETING_INSERT);
	else
		st = store_stmt(s,
		    MEETING_INSERT
		    " ON CONFLICT (external_id) DO "
		    "UPDATE SET agreement_id = excluded.agreement_id, "
		    "starts_at = excluded.starts_at, "
		    "ends_at = excluded.ends_at, place = excluded.place, "
		    "place_in_sms = excluded.place_in_sms, kind = excluded.kind, "
		    "status = CASE WHEN excluded.status = 'planned' AND "
		    "meeting.starts_at <> excluded.starts_at THEN 'moved' "
		    "WHEN excluded.status = 'planned' AND meeting.status = 'moved' "
		    "THEN 'moved' ELSE excluded.status END, "
		    "version = meeting.version + "
		    "(meeting.starts_at <> excluded.starts_at "
		    "OR meeting.ends_at <> excluded.ends_at "
		    "OR meeting.place IS NOT excluded.place "
		    "OR meeting.place_in_sms <> excluded.place_in_sms "
		    "OR meeting.status <> CASE WHEN excluded.status = 'planned' AND "
		    "meeting.status = 'moved' THEN 'moved' ELSE excluded.status "
		    "END), updated_at = excluded.updated_at "
		    "WHERE meeting.agreement_id <> excluded.agreement_id "
		    "OR meeting.starts_at <> excluded.starts_at "
		    "OR meeting.ends_at <> excluded.ends_at "
		    "OR meeting.place IS NOT excluded.place "
		    "OR meeting.place_in_sms <> excluded.place_in_sms "
		    "OR meeting.kind <> excluded.kind "
		    "OR meeting.status <> CASE WHEN excluded.status = 'planned' "
		    "AND meeting.status = 'moved' THEN 'moved' ELSE "
		    "excluded.status END");
	if (st == NULL)
		return STORE_ERROR;
	meeting_bind(st, r);
	if ((e = store_step_upsert(s, st, &r->id)) != STORE_OK)
		return e;
	if (r->id != 0) {
		r->version = r->notified_version = 1;
		return STORE_OK;
	}
	/* Updated: what the update made of it. */
	st = store_stmt(s,
	    "SELECT id, status, version, notified_version, "
	    "imported FROM meeting WHERE external_id = ?1");
	if (st == NULL)
		return STORE_ERROR;
	store_bind_text(st, 1, r->external_id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		r->id = sqlite3_column_int64(st, 0);
		store_col_copy(st, 1, r->status, sizeof(r->status));
		r->version = sqlite3_column_int(st, 2);
		r->notified_version = sqlite3_column_int(st, 3);
		r->imported = sqlite3_column_int(st, 4);
	}
	return store_step_end(s, st, rc);
}

enum store_err
store_meeting_upsert(struct store *s, struct meeting_rec *r)
{
	return meeting_save(s, r, 0);
}

enum store_err
store_meeting_insert(struct store *s, struct meeting_rec *r)
{
	return meeting_save(s, r, 1);
}

enum store_err
store_meeting_move(
    struct store *s, int64_t id, time_t starts, time_t ends, time_t now)
{
	sqlite3_stmt *st;

	st = store_stmt(s,
	    "UPDATE meeting SET starts_at = ?2, ends_at = ?3, "
	    "status = 'moved', version = version + 1, updated_at = ?4 "
	    "WHERE id = ?1 AND status <> 'cancelled'");
	if (st == NULL)
		return STORE_ERROR;
	store_bind_int(st, 1, id);
	store_bind_int(st, 2, (int64_t)starts);
	store_bind_int(st, 3, (int64_t)ends);
	store_bind_int(st, 4, (int64_t)now);
	return store_step_changed(s, st);
}

enum store_err
store_meeting_cancel(struct store *s, int64_t id, time_t now)
{
	sqlite3_stmt *st;

	st = store_stmt(s,
	    "UPDATE meeting SET status = 'cancelled', "
	    "version = version + 1, updated_at = ?2 "
	    "WHERE id = ?1 AND status <> 'cancelled'");
	if (st == NULL)
		return STORE_ERROR;
	store_bind_int(st, 1, id);
	store_bind_int(st, 2, (int64_t)now);
	return store_step_changed(s, st);
}

/*
 * Call fn for each row of a bound MEETING_COLS query.
 */
static enum store_err
meeting_each(struct store *s, sqlite3_stmt		*st,
    int (*fn)(const struct meeting_rec *, void *), void *arg)
{
	struct meeting_rec r;
	int		   rc, stop = 0;

	while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		meeting_from_row(st, &r);
		stop = fn(&r, arg);
		meeting_rec_free(&r);
	}
	if (stop)
		rc = SQLITE_DONE;
	sqlite3_reset(st);
	return store_result(s, rc);
}

enum store_err
store_meeting_list(struct store *s, int64_t agreement_id, time_t from,
    size_t limit, int (*fn)(const struct meeting_rec *, void *), void *arg)
{
	sqlite3_stmt *st;

	/* Two statements: "?1 = 0 OR agreement_id = ?1" would keep SQLite
	 * from using the meeting_agreement index (a scan of every meeting). */
	if (agreement_id != 0)
		st = store_stmt(s,
		    "SELECT " MEETING_COLS " FROM meeting "
		    "WHERE agreement_id = ?1 AND starts_at >= ?2 "
		    "ORDER BY starts_at, id LIMIT ?3");
	else
		st = store_stmt(s,
		    "SELECT " MEETING_COLS " FROM meeting "
		    "WHERE ?1 = 0 AND starts_at >= ?2 "
		    "ORDER BY starts_at, id LIMIT ?3");
	if (st == NULL)
		return STORE_ERROR;
	store_bind_int(st, 1, agreement_id);
	store_bind_int(st, 2, (int64_t)from);
	store_bind_int(st, 3, limit ? (int64_t)limit : -1);
	return meeting_each(s, st, fn, arg);
}

enum store_err
store_meeting_between(struct store *s, time_t from, time_t to,
    int (*fn)(const struct meeting_rec *, void *), void *arg)
{
	sqlite3_stmt *st;

	st = store_stmt(s,
	    "SELECT " MEETING_COLS " FROM meeting "
	    "WHERE status IN ('planned', 'moved') AND starts_at >= ?1 "
	    "AND starts_at < ?2 ORDER BY starts_at, id");
	if (st == NULL)
		return STORE_ERROR;
	store_bind_int(st, 1, (int64_t)from);
	store_bind_int(st, 2, (int64_t)to);
	return meeting_each(s, st, fn, arg);
}

enum store_err
store_meeting_changed(
    struct store *s, int (*fn)(const struct meeting_rec *, void *), void *arg)
{
	sqlite3_stmt *st;

	st = store_stmt(s,
	    "SELECT " MEETING_COLS " FROM meeting "
	    "WHERE notified_version <> version ORDER BY starts_at, id");
	if (st == NULL)
		return STORE_ERROR;
	return meeting_each(s, st, fn, arg);
}

enum store_err
store_meeting_set_notified(struct store *s, int64_t id, int version)
{
	sqlite3_stmt *st;

	st = store_stmt(
	    s, "UPDATE meeting SET notified_version = ?2 WHERE id = ?1");
	if (st == NULL)
		return STORE_ERROR;
	store_bind_int(st, 1, id);
	store_bind_int(st, 2, version);
	return store_step_done(s, st);
}

enum store_err
store_meeting_told(struct store *s, int64_t id, int *told)
{
	sqlite3_stmt *st;
	int	      rc;

	*told = 0;
	/* Handed to the provider (or on its way): the citizen may have it. */
	st = store_stmt(s,
	    "SELECT EXISTS (SELECT 1 FROM sms_outbox "
	    "WHERE meeting_id = ?1 AND (purpose = 'reminder' OR "
	    "purpose = 'meeting_moved' OR purpose = 'meeting_cancelled') AND "
	    "(status = 'sending' OR status = 'sent' OR status = 'delivered'))");
	if (st == NULL)
		return STORE_ERROR;
	store_bind_int(st, 1, id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		*told = sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	return store_result(s, rc);
}

enum store_err
store_meeting_hide_place(struct store *s, int64_t id)
{
	sqlite3_stmt *st;

	st = store_stmt(s, "UPDATE meeting SET place_in_sms = 0 WHERE id = ?1");
	if (st == NULL)
		return STORE_ERROR;
	store_bind_int(st, 1, id);
	return store_step_done(s, st);
}

/* --- what a reminder or notice needs (the gateway's scheduler) ------ */

#define TARGET_SELECT \
	"SELECT m.id, m.starts_at, m.place, m.place_in_sms, " \
	"m.status, m.version, m.notified_version, a.id, a.status, c.id, " \
	"c.mobile, c.language, c.reminders_on, st.name FROM meeting AS m " \
	"JOIN agreement AS a ON a.id = m.agreement_id " \
	"JOIN citizen AS c ON c.id = a.citizen_id " \
	"LEFT JOIN staff AS st ON st.id = CASE m.kind WHEN 'mentor' THEN " \
	"a.mentor_id WHEN 'caseworker' THEN a.caseworker_id END "
/* Meetings strictly after (?1, ?2) in (start, id) order, up to start ?3. */
#define TARGET_AFTER \
	"AND m.starts_at >= ?1 AND m.starts_at <= ?3 AND " \
	"(m.starts_at > ?1 OR m.id > ?2) "

void
reminder_target_free(struct reminder_target *t)
{
	free(t->place);
	free(t->staff_name);
	memset(t, 0, sizeof(*t));
}

/* Fill t from a TARGET_SELECT row. */
static void
target_fill(sqlite3_stmt *st, struct reminder_target *t)
{
	memset(t, 0, sizeof(*t));
	t->meeting_id = sqlite3_column_int64(st, 0);
	t->starts_at = (time_t)sqlite3_column_int64(st, 1);
	t->place = store_col_dup(st, 2);
	t->place_in_sms = sqlite3_column_int(st, 3);
	store_col_copy(st, 4, t->status, sizeof(t->status));
	t->version = sqlite3_column_int(st, 5);
	t->notified_version = sqlite3_column_int(st, 6);
	t->agreement_id = sqlite3_column_int64(st, 7);
	store_col_copy(st, 8, t->agreement_status, sizeof(t->agreement_status));
	t->citizen_id = sqlite3_column_int64(st, 9);
	store_col_copy(st, 10, t->mobile, sizeof(t->mobile));
	store_col_copy(st, 11, t->language, sizeof(t->language));
	t->reminders_on = sqlite3_column_int(st, 12);
	t->staff_name = store_col_dup(st, 13);
}

enum store_err
store_outbox_reminder_targets(struct store *s, time_t after_start,
    int64_t after_id, time_t until, size_t limit,
    int (*fn)(const struct reminder_target *, void *), void *arg)
{
	struct reminder_target t;
	sqlite3_stmt	      *st;
	int		       rc, stop = 0;

	/*
	 * One arm per status, each in meeting_upcoming's order (status,
	 * starts_at, id), so SQLite merges the two instead of sorting every
	 * due row, joined columns and all, before the first comes back.
	 */
	st = store_stmt(s,
	    TARGET_SELECT "WHERE m.status = 'planned' " TARGET_AFTER
			  "UNION ALL " TARGET_SELECT
			  "WHERE m.status = 'moved' " TARGET_AFTER
			  "ORDER BY 2, 1 LIMIT ?4");
	if (st == NULL)
		return STORE_ERROR;
	store_bind_int(st, 1, (int64_t)after_start);
	store_bind_int(st, 2, after_id);
	store_bind_int(st, 3, (int64_t)until);
	store_bind_int(st, 4, limit == 0 ? -1 : (int64_t)limit);
	while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		target_fill(st, &t);
		stop = fn(&t, arg);
		reminder_target_free(&t);
	}
	sqlite3_reset(st);
	return stop ? STORE_OK : store_result(s, rc);
}

enum store_err
store_outbox_meeting_target(
    struct store *s, int64_t meeting_id, struct reminder_target *t)
{
	sqlite3_stmt *st;
	int	      rc;

	memset(t, 0, sizeof(*t));
	st = store_stmt(s, TARGET_SELECT "WHERE m.id = ?1");
	if (st == NULL)
		return STORE_ERROR;
	store_bind_int(st, 1, meeting_id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		target_fill(st, t);
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return STORE_NOTFOUND;
	return store_result(s, rc);
}

enum store_err
store_outbox_next_meeting(struct store *s, time_t after, time_t *start)
{
	sqlite3_stmt *st;
	int	      rc, found = 0;

	*start = 0;
	/* Two index seeks (meeting_upcoming) rather than one scan. */
	st = store_stmt(s,
	    "SELECT min((SELECT min(starts_at) FROM meeting "
	    "WHERE status = 'planned' AND starts_at > ?1), (SELECT "
	    "min(starts_at) FROM meeting WHERE status = 'moved' AND "
	    "starts_at > ?1)), (SELECT min(starts_at) FROM meeting WHERE "
	    "status = 'planned' AND starts_at > ?1), (SELECT min(starts_at) "
	    "FROM meeting WHERE status = 'moved' AND starts_at > ?1)");
	if (st == NULL)
		return STORE_ERROR;
	store_bind_int(st, 1, (int64_t)after);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (sqlite3_column_type(st, 0) != SQLITE_NULL) {
			*start = (time_t)sqlite3_column_int64(st, 0);
			found = 1;
		} else if (sqlite3_column_type(st, 1) != SQLITE_NULL ||
		    sqlite3_column_type(st, 2) != SQLITE_NULL) {
			*start = (time_t)sqlite3_column_int64(st,
			    sqlite3_column_type(st, 1) != SQLITE_NULL ? 1 : 2);
			found = 1;
		}
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return store_result(s, rc);
	return found ? STORE_OK : STORE_NOTFOUND;
}
