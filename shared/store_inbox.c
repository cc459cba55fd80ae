/*
 * store_inbox.c - sms_inbox, sms_report and sms_reply_log.  See
 * store_inbox.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store_inbox.h"
#include "store_int.h"

#define INBOX_COLS \
	"id, provider, provider_id, sender, receiver, body, " \
	"received_at, processed_at, outcome, citizen_id, staff_id, " \
	"contact_id, body_purged_at, exported_at"

#define REPORT_COLS \
	"id, provider, event_id, provider_id, reference, " \
	"status, error, received_at, matched_at"

/* Free what an inbox_rec owns. */
void
inbox_rec_free(struct inbox_rec *r)
{
	free(r->provider_id);
	free(r->sender);
	free(r->receiver);
	free(r->body);
	memset(r, 0, sizeof(*r));
}

/* Free what a report_rec owns. */
void
report_rec_free(struct report_rec *r)
{
	free(r->event_id);
	free(r->provider_id);
	free(r->status);
	free(r->error);
	memset(r, 0, sizeof(*r));
}

/* Fill r from a row of INBOX_COLS; r owns the copies. */
static void
inbox_from_row(sqlite3_stmt *st, struct inbox_rec *r)
{
	memset(r, 0, sizeof(*r));
	r->id = sqlite3_column_int64(st, 0);
	store_col_copy(st, 1, r->provider, sizeof(r->provider));
	r->provider_id = store_col_dup(st, 2);
	r->sender = store_col_dup(st, 3);
	r->receiver = store_col_dup(st, 4);
	r->body = store_col_dup(st, 5);
	r->received_at = (time_t)sqlite3_column_int64(st, 6);
	r->processed_at = (time_t)sqlite3_column_int64(st, 7);
	store_col_copy(st, 8, r->outcome, sizeof(r->outcome));
	r->citizen_id = sqlite3_column_int64(st, 9);
	r->staff_id = sqlite3_column_int64(st, 10);
	r->contact_id = sqlite3_column_int64(st, 11);
	r->body_purged_at = (time_t)sqlite3_column_int64(st, 12);
	r->exported_at = (time_t)sqlite3_column_int64(st, 13);
}

/* Fill r from a row of REPORT_COLS; r owns the copies. */
static void
report_from_row(sqlite3_stmt *st, struct report_rec *r)
{
	memset(r, 0, sizeof(*r));
	r->id = sqlite3_column_int64(st, 0);
	store_col_copy(st, 1, r->provider, sizeof(r->provider));
	r->event_id = store_col_dup(st, 2);
	r->provider_id = store_col_dup(st, 3);
	r->reference = sqlite3_column_int64(st, 4);
	r->status = store_col_dup(st, 5);
	r->error = store_col_dup(st, 6);
	r->received_at = (time_t)sqlite3_column_int64(st, 7);
	r->matched_at = (time_t)sqlite3_column_int64(st, 8);
}

/*
 * Step st (bound) and hand every inbox row to fn until it returns non-0.
 */
static enum store_err
inbox_each(struct store *s, sqlite3_stmt	      *st,
    int (*fn)(const struct inbox_rec *, void *), void *arg)
{
	struct inbox_rec r;
	int		 rc = SQLITE_DONE, stop = 0;

	while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		inbox_from_row(st, &r);
		stop = fn(&r, arg);
		inbox_rec_free(&r);
	}
	sqlite3_reset(st);
	return stop ? STORE_OK : store_result(s, rc);
}

/* The id of the row (table chosen by sql) with this provider key. */
static enum store_err
existing_id(struct store *s, const char *sql, const char *provider,
    const char *key, int64_t *id)
{
	sqlite3_stmt *st;

	if ((st = store_stmt(s, sql)) == NULL)
		return STORE_ERROR;
	store_bind_text(st, 1, provider);
	store_bind_text(st, 2, key);
	return store_one_int(s, st, id);
}

/*
 * Step the bound INSERT ... ON CONFLICT DO NOTHING st.  *dup (may be
 * NULL) says whether the row was there already; *id (may be NULL) gets
 * the new row's id or, for a duplicate, the id lookup_sql (a static
 * string, parameters provider and key) finds.
 */
static enum store_err
insert_or_existing(struct store *s, sqlite3_stmt *st, const char *lookup_sql,
    const char *provider, const char *key, int64_t *id, int *dup)
{
	enum store_err e;

	if ((e = store_step_done(s, st)) != STORE_OK)
		return e;
	if (dup != NULL)
		*dup = sqlite3_changes(s->db) == 0;
	if (sqlite3_changes(s->db) != 0) {
		if (id != NULL)
			*id = sqlite3_last_insert_rowid(s->db);
		return STORE_OK;
	}
	return existing_id(s, lookup_sql, provider, key, id);
}

/* See store_inbox.h. */
enum store_err
store_inbox_add(struct store *s, const struct inbox_event *ev, time_t now,
    int64_t *id, int *dup)
{
	sqlite3_stmt *st;

	st = store_stmt(s,
	    "INSERT INTO sms_inbox (provider, provider_id, "
	    "sender, receiver, body, received_at) VALUES (?1, ?2, ?3, ?4, ?5, "
	    "?6) ON CONFLICT (provider, provider_id) DO NOTHING");
	if (st == NULL)
		return STORE_ERROR;
	store_bind_text(st, 1, ev->provider);
	store_bind_text(st, 2, ev->provider_id);
	store_bind_text(st, 3, ev->sender);
	store_bind_text(st, 4, ev->receiver);
	store_bind_text(st, 5, ev->body);
	store_bind_int(st, 6, (int64_t)now);
	return insert_or_existing(s, st,
	    "SELECT id FROM sms_inbox WHERE "
	    "provider = ?1 AND provider_id = ?2",
	    ev->provider, ev->provider_id, id, dup);
}

/* See store_inbox.h. */
enum store_err
store_inbox_get(struct store *s, int64_t id, struct inbox_rec *r)
{
	sqlite3_stmt *st;
	int	      rc;

	memset(r, 0, sizeof(*r));
	st =
	    store_stmt(s, "SELECT " INBOX_COLS " FROM sms_inbox WHERE id = ?1");
	if (st == NULL)
		return STORE_ERROR;
	store_bind_int(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		inbox_from_row(st, r);
	return store_step_end(s, st, rc);
}

/* See store_inbox.h. */
enum store_err
store_inbox_pending(struct store *s, size_t	       limit,
    int (*fn)(const struct inbox_rec *, void *), void *arg)
{
	sqlite3_stmt *st;

	st = store_stmt(s,
	    "SELECT " INBOX_COLS " FROM sms_inbox WHERE "
	    "processed_at IS NULL ORDER BY received_at, id LIMIT ?1");
	if (st == NULL)
		return STORE_ERROR;
	store_bind_int(st, 1, (int64_t)limit);
	return inbox_each(s, st, fn, arg);
}

/* See store_inbox.h. */
enum store_err
store_inbox_set_outcome(struct store *s, int64_t id, const char *outcome,
    int64_t citizen_id, int64_t staff_id, int64_t contact_id, time_t now)
{
	sqlite3_stmt *st;

	st = store_stmt(s,
	    "UPDATE sms_inbox SET outcome = ?2, citizen_id = ?3, "
	    "staff_id = ?4, contact_id = ?5, processed_at = ?6 WHERE id = ?1");
	if (st == NULL)
		return STORE_ERROR;
	store_bind_int(st, 1, id);
	store_bind_text(st, 2, outcome);
	store_bind_id(st, 3, citizen_id);
	store_bind_id(st, 4, staff_id);
	store_bind_id(st, 5, contact_id);
	store_bind_int(st, 6, (int64_t)now);
	return store_step_done(s, st);
}

/* See store_inbox.h. */
enum store_err
store_inbox_list(struct store *s, time_t from, time_t to, size_t limit,
    int (*fn)(const struct inbox_rec *, void *), void *arg)
{
	sqlite3_stmt *st;

	st = store_stmt(s,
	    "SELECT " INBOX_COLS " FROM sms_inbox WHERE "
	    "received_at >= ?1 AND received_at < ?2 ORDER BY received_at DESC, "
	    "id DESC LIMIT ?3");
	if (st == NULL)
		return STORE_ERROR;
	store_bind_int(st, 1, (int64_t)from);
	store_bind_int(st, 2, (int64_t)to);
	store_bind_int(st, 3, limit == 0 ? -1 : (int64_t)limit);
	return inbox_each(s, st, fn, arg);
}

/* See store_inbox.h. */
enum store_err
store_inbox_counts(struct store *s, int64_t *total, int64_t *pending)
{
	enum store_err e;

	e = store_one_int(
	    s, store_stmt(s, "SELECT count(*) FROM sms_inbox"), total);
	if (e != STORE_OK)
		return e;
	return store_one_int(s,
	    store_stmt(s,
		"SELECT count(*) FROM sms_inbox "
		"WHERE processed_at IS NULL"),
	    pending);
}

/* --- delivery reports ----------------------------------------------- */

/* See store_inbox.h. */
enum store_err
store_report_add(struct store *s, const struct report_event *ev, time_t now,
    int64_t *id, int *dup)
{
	sqlite3_stmt *st;

	st = store_stmt(s,
	    "INSERT INTO sms_report (provider, event_id, "
	    "provider_id, reference, status, error, received_at) VALUES (?1, "
	    "?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (provider, event_id) DO NOTHING");
	if (st == NULL)
		return STORE_ERROR;
	store_bind_text(st, 1, ev->provider);
	store_bind_text(st, 2, ev->event_id);
	store_bind_text(st, 3, ev->provider_id);
	store_bind_id(st, 4, ev->reference);
	store_bind_text(st, 5, ev->status);
	store_bind_text(st, 6, ev->error);
	store_bind_int(st, 7, (int64_t)now);
	return insert_or_existing(s, st,
	    "SELECT id FROM sms_report WHERE "
	    "provider = ?1 AND event_id = ?2",
	    ev->provider, ev->event_id, id, dup);
}

/* See store_inbox.h. */
enum store_err
store_report_unmatched(struct store *s, int64_t after_id, time_t since,
    size_t limit, int (*fn)(const struct report_rec *, void *), void *arg)
{
	sqlite3_stmt	 *st;
	struct report_rec r;
	int		  rc = SQLITE_DONE, stop = 0;

	st = store_stmt(s,
	    "SELECT " REPORT_COLS " FROM sms_report WHERE "
	    "matched_at IS NULL AND id > ?1 AND received_at >= ?2 ORDER BY id "
	    "LIMIT ?3");
	if (st == NULL)
		return STORE_ERROR;
	store_bind_int(st, 1, after_id);
	store_bind_int(st, 2, (int64_t)since);
	store_bind_int(st, 3, (int64_t)limit);
	while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		report_from_row(st, &r);
		stop = fn(&r, arg);
		report_rec_free(&r);
	}
	sqlite3_reset(st);
	return stop ? STORE_OK : store_result(s, rc);
}

/*
 * Find the outbox row a report belongs to: *id and its status (into
 * status[12]).  STORE_NOTFOUND when there is none.
 */
static enum store_err
report_target(
    struct store *s, const struct report_rec *r, int64_t *id, char status[12])
{
	sqlite3_stmt *st;
	int	      rc;

	if (r->reference > 0) {
		st = store_stmt(s,
		    "SELECT id, status FROM sms_outbox WHERE "
		    "id = ?1");
		if (st != NULL)
			store_bind_int(st, 1, r->reference);
	} else {
		st = store_stmt(s,
		    "SELECT id, status FROM sms_outbox WHERE "
		    "provider = ?1 AND provider_id = ?2 ORDER BY id DESC LIMIT 1");
		if (st != NULL) {
			store_bind_text(st, 1, r->provider);
			store_bind_text(st, 2, r->provider_id);
		}
	}
	if (st == NULL)
		return STORE_ERROR;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		store_col_copy(st, 1, status, 12);
	}
	return store_step_end(s, st, rc);
}

/*
 * Give outbox row id the status ours (only from queued or sent);
 * temporary marks a failure the number is not to blame for.
 */
static enum store_err
report_update_outbox(struct store *s, int64_t id, const struct report_rec *r,
    const char *ours, int temporary, time_t now)
{
	sqlite3_stmt *st;

	st = store_stmt(s,
	    "UPDATE sms_outbox SET status = ?2, "
	    "final_at = CASE WHEN ?2 = 'sent' THEN final_at ELSE ?3 END, "
	    "sent_at = coalesce(sent_at, ?3), "
	    "provider = coalesce(provider, ?4), "
	    "provider_id = coalesce(provider_id, ?5), "
	    "last_error = coalesce(?6, last_error), "
	    "temporary_failure = (?2 = 'failed' AND ?7) "
	    "WHERE id = ?1 AND status IN ('queued', 'sent')");
	if (st == NULL)
		return STORE_ERROR;
	store_bind_int(st, 1, id);
	store_bind_text(st, 2, ours);
	store_bind_int(st, 3, (int64_t)now);
	store_bind_text(st, 4, r->provider);
	store_bind_text(st, 5, r->provider_id);
	store_bind_text(st, 6, r->error);
	store_bind_int(st, 7, temporary != 0);
	return store_step_done(s, st);
}

/* Mark report id matched at now. */
static enum store_err
report_set_matched(struct store *s, int64_t id, time_t now)
{
	sqlite3_stmt *st;

	st = store_stmt(
	    s, "UPDATE sms_report SET matched_at = ?2 WHERE id = ?1");
	if (st == NULL)
		return STORE_ERROR;
	store_bind_int(st, 1, id);
	store_bind_int(st, 2, (int64_t)now);
	return store_step_done(s, st);
}

/* See store_inbox.h. */
enum store_err
store_report_apply(struct store *s, const struct report_rec *r,
    const char *ours, int temporary, time_t now, enum report_match *out)
{
	char	       status[12];
	int64_t	       id = 0;
	enum store_err e;

	*out = REPORT_UNKNOWN;
	if (r->reference <= 0 && r->provider_id == NULL)
		return STORE_OK;
	e = report_target(s, r, &id, status);
	if (e == STORE_NOTFOUND)
		return STORE_OK;
	if (e != STORE_OK)
		return e;
	if (strcmp(status, "sending") == 0) {
		*out = REPORT_WAIT;
		return STORE_OK;
	}
	*out = REPORT_KEPT;
	if (strcmp(status, "queued") == 0 || strcmp(status, "sent") == 0) {
		if ((e = report_update_outbox(
			 s, id, r, ours, temporary, now)) != STORE_OK)
			return e;
		*out = REPORT_APPLIED;
	}
	return report_set_matched(s, r->id, now);
}

/* --- automatic replies ------------------------------------------------ */

/* See store_inbox.h. */
enum store_err
store_reply_count(struct store *s, const char *sender, const char *kind,
    time_t since, int64_t *n)
{
	sqlite3_stmt *st;

	if (sender == NULL) /* reply_log_kind */
		st = store_stmt(s,
		    "SELECT count(*) FROM sms_reply_log WHERE "
		    "kind = ?2 AND at >= ?3");
	else if (kind == NULL)
		st = store_stmt(s,
		    "SELECT count(*) FROM sms_reply_log WHERE "
		    "sender = ?1 AND at >= ?3");
	else
		st = store_stmt(s,
		    "SELECT count(*) FROM sms_reply_log WHERE "
		    "sender = ?1 AND kind = ?2 AND at >= ?3");
	if (st == NULL)
		return STORE_ERROR;
	if (sender != NULL)
		store_bind_text(st, 1, sender);
	if (kind != NULL)
		store_bind_text(st, 2, kind);
	store_bind_int(st, 3, (int64_t)since);
	*n = 0;
	return store_one_int(s, st, n);
}

/* See store_inbox.h. */
enum store_err
store_reply_add(
    struct store *s, const char *sender, const char *kind, time_t at)
{
	sqlite3_stmt *st;

	st = store_stmt(s,
	    "INSERT INTO sms_reply_log (sender, kind, at) "
	    "VALUES (?1, ?2, ?3)");
	if (st == NULL)
		return STORE_ERROR;
	store_bind_text(st, 1, sender);
	store_bind_text(st, 2, kind);
	store_bind_int(st, 3, (int64_t)at);
	return store_step_done(s, st);
}

/* --- the listener's connection --------------------------------------- */

/* See store_inbox.h. */
void
store_inbox_tune_listener(struct store *s)
{
	store_busy_short(s);
	sqlite3_wal_autocheckpoint(s->db, 0);
}
