/*
 * store_outbox.c - the sms_outbox table: queueing (a repeated dedupe key
 * is STORE_DUPLICATE), the sender's claims and outcomes, staff's views
 * and retries.  See store_outbox.h.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"

#include "smstext.h"
#include "store_int.h"
#include "store_outbox.h"

static const struct {
	const char *purpose;
	int	    priority;
} purposes[] = {
	{ "login_code", 0 },
	{ "contact", 1 },
	{ "receipt", 1 },
	{ "escalation", 1 },
	{ "keyword_reply", 2 },
	{ "unknown_reply", 2 },
	{ "staff", 3 },
	{ "meeting_moved", 4 },
	{ "meeting_cancelled", 4 },
	{ "reminder", 5 },
	{ "agreement_active", 6 },
	{ "agreement_ending", 6 },
	{ "notice", 7 },
};

int
outbox_priority(const char *purpose)
{
	size_t i;

	for (i = 0; i < sizeof(purposes) / sizeof(purposes[0]); i++)
		if (strcmp(purposes[i].purpose, purpose) == 0)
			return purposes[i].priority;
	return -1;
}

enum store_err
store_outbox_queue(
    struct store *s, const struct outbox_msg *m, time_t now, int64_t *id)
{
	struct smstext_info info;
	sqlite3_stmt	   *st;
	enum store_err	    e;
	size_t		    len;
	int		    prio;

	if ((prio = outbox_priority(m->purpose)) < 0) {
		snprintf(s->errmsg, sizeof(s->errmsg), "unknown purpose");
		return STORE_CONSTRAINT;
	}
	if (m->body == NULL || (len = strlen(m->body)) > INT_MAX ||
	    smstext_analyze(m->body, len, &info) != SMSTEXT_OK) {
		snprintf(s->errmsg, sizeof(s->errmsg),
		    "message text is empty or not valid UTF-8");
		return STORE_CONSTRAINT;
	}
	st = store_stmt(s,
	    "INSERT INTO sms_outbox (recipient, body, purpose, "
	    "priority, dedupe_key, next_attempt_at, send_by, segments, "
	    "encoding, citizen_id, staff_id, meeting_id, contact_id, "
	    "created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, "
	    "?11, ?12, ?13, ?6)");
	if (st == NULL)
		return STORE_ERROR;
	/* The caller's strings outlive the step: bound without a copy. */
	store_bind_text_static(st, 1, m->recipient);
	sqlite3_bind_text(st, 2, m->body, (int)len, SQLITE_STATIC);
	store_bind_text_static(st, 3, m->purpose);
	store_bind_int(st, 4, prio);
	store_bind_text_static(st, 5, m->dedupe_key);
	store_bind_int(st, 6, (int64_t)now);
	store_bind_int(st, 7, (int64_t)m->send_by);
	store_bind_int(st, 8, (int64_t)info.segments);
	store_bind_text_static(st, 9, smstext_encoding_name(info.encoding));
	store_bind_id(st, 10, m->citizen_id);
	store_bind_id(st, 11, m->staff_id);
	store_bind_id(st, 12, m->meeting_id);
	store_bind_id(st, 13, m->contact_id);
	/* dedupe_key is the table's only UNIQUE column. */
	if ((e = store_step_insert(s, st)) != STORE_OK)
		return e;
	if (id != NULL)
		*id = sqlite3_last_insert_rowid(s->db);
	return STORE_OK;
}

/* --- the sender's side ---------------------------------------------- */

static const char *const outbox_status_names[OUTBOX_STATUS__MAX] = {
	[OUTBOX_QUEUED] = "queued",
	[OUTBOX_SENDING] = "sending",
	[OUTBOX_SENT] = "sent",
	[OUTBOX_DELIVERED] = "delivered",
	[OUTBOX_FAILED] = "failed",
	[OUTBOX_EXPIRED] = "expired",
};

const char *
outbox_status_name(enum outbox_status st)
{
	if ((unsigned)st >= OUTBOX_STATUS__MAX)
		return "?";
	return outbox_status_names[st];
}

int
outbox_status_parse(const char *word)
{
	int i;

	for (i = 0; i < OUTBOX_STATUS__MAX; i++)
		if (strcmp(outbox_status_names[i], word) == 0)
			return i;
	return -1;
}

void
outbox_claim_free(struct outbox_claim *c)
{
	free(c->body);
	c->body = NULL;
}

/*
 * Claim due rows of one priority into out[*n..max-1]; advances *n.
 */
static enum store_err
claim_priority(struct store *s, int prio, time_t now, const char *provider,
    size_t max, struct outbox_claim *out, size_t *n)
{
	sqlite3_stmt	    *st;
	struct outbox_claim *c;
	int		     rc;

	/*
	 * A reminder whose meeting changed since it was queued is not sent:
	 * it waits for the scheduler, which withdraws it and queues a
	 * notice with the meeting's current state.
	 */
	st = store_stmt(s,
	    "UPDATE sms_outbox SET status = 'sending', "
	    "attempts = attempts + 1 WHERE id IN (SELECT o.id "
	    "FROM sms_outbox AS o WHERE o.status = 'queued' AND "
	    "o.priority = ?1 AND o.next_attempt_at <= ?2 AND NOT ("
	    "o.purpose = 'reminder' AND EXISTS (SELECT 1 FROM meeting AS m "
	    "WHERE m.id = o.meeting_id AND (m.status = 'cancelled' OR "
	    "m.version <> m.notified_version))) "
	    "ORDER BY o.next_attempt_at, o.id LIMIT ?4) "
	    "RETURNING id, recipient, body, encoding, segments, priority, "
	    "attempts, send_by");
	if (st == NULL)
		return STORE_ERROR;
	store_bind_int(st, 1, prio);
	store_bind_int(st, 2, (int64_t)now);
	store_bind_int(st, 4, (int64_t)(max - *n));
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n >= max)
			continue; /* cannot happen: LIMIT */
		c = &out[(*n)++];
		memset(c, 0, sizeof(*c));
		c->id = sqlite3_column_int64(st, 0);
		store_col_copy(st, 1, c->recipient, sizeof(c->recipient));
		c->body = store_col_dup(st, 2);
		if (c->body == NULL && (c->body = strdup("")) == NULL)
			fatal("strdup");
		store_col_copy(st, 3, c->encoding, sizeof(c->encoding));
		c->segments = sqlite3_column_int(st, 4);
		c->priority = sqlite3_column_int(st, 5);
		c->attempts = sqlite3_column_int(st, 6);
		c->send_by = (time_t)sqlite3_column_int64(st, 7);
	}
	sqlite3_reset(st);
	return store_result(s, rc);
}

/*
 * Order claims by priority, then id (RETURNING gives no order).
 */
static int
claim_cmp(const void *a, const void *b)
{
	const struct outbox_claim *x = a, *y = b;

	if (x->priority != y->priority)
		return x->priority < y->priority ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

#define OUTBOX_PRIORITIES 10 /* 0..9, the schema's CHECK */
#define DUE_MIN(p) \
	"(SELECT min(next_attempt_at) FROM sms_outbox WHERE " \
	"status = 'queued' AND priority = " #p ")"

/*
 * The earliest next_attempt_at of the queued rows of each priority into
 * when[p] (-1 when there are none): ten index seeks in one statement.
 */
static enum store_err
due_by_priority(struct store *s, int64_t when[OUTBOX_PRIORITIES])
{
	sqlite3_stmt *st;
	int	      rc, p;

	st = store_stmt(s,
	    "SELECT " DUE_MIN(0) ", " DUE_MIN(1) ", " DUE_MIN(2) ", " DUE_MIN(3) ", " DUE_MIN(
		4) ", " DUE_MIN(5) ", " DUE_MIN(6) ", " DUE_MIN(7) ", " DUE_MIN(8) ", " DUE_MIN(9));
	if (st == NULL)
		return STORE_ERROR;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		for (p = 0; p < OUTBOX_PRIORITIES; p++)
			when[p] = sqlite3_column_type(st, p) == SQLITE_NULL
			    ? -1
			    : sqlite3_column_int64(st, p);
	sqlite3_reset(st);
	return store_result(s, rc);
}

enum store_err
store_outbox_claim(struct store *s, time_t now, const char *provider,
    size_t max, struct outbox_claim *out, size_t *n)
{
	int64_t	       when[OUTBOX_PRIORITIES];
	enum store_err e;
	size_t	       i, got = 0;
	int	       prio;

	*n = 0;
	if ((e = store_begin(s)) != STORE_OK)
		return e;
	if ((e = due_by_priority(s, when)) != STORE_OK)
		goto fail;
	/* Only the priorities that have due rows: one statement each. */
	for (prio = 0; prio < OUTBOX_PRIORITIES && got < max; prio++) {
		if (when[prio] < 0 || when[prio] > (int64_t)now)
			continue;
		e = claim_priority(s, prio, now, provider, max, out, &got);
		if (e != STORE_OK)
			goto fail;
	}
	if ((e = store_commit(s)) != STORE_OK)
		goto fail;
	qsort(out, got, sizeof(*out), claim_cmp);
	*n = got;
	return STORE_OK;
fail:
	for (i = 0; i < got; i++)
		outbox_claim_free(&out[i]);
	store_rollback(s);
	return e;
}

/*
 * A SENT outcome's status and final_at: sent from sending, and from queued
 * or expired too (the row was put back meanwhile).  A CASE, not an IN
 * list: SQLite builds a temporary table for the list on every run.
 */
#define SENT_STATUS \
	"CASE status WHEN 'sending' THEN 'sent' WHEN " \
	"'queued' THEN 'sent' WHEN 'expired' THEN 'sent' ELSE status END"
#define SENT_FINAL_AT \
	"CASE status WHEN 'expired' THEN NULL ELSE " \
	"final_at END"

/*
 * Record one outcome (inside the caller's transaction).
 */
static enum store_err
record_one(struct store *s, const struct outbox_outcome *o, time_t now)
{
	sqlite3_stmt *st = NULL;

	switch (o->result) {
	case OUTBOX_RESULT_SENT:
		/*
		 * The provider has it, however the row was put back meanwhile
		 * (another daemon reconciled it, claimed it again, expired
		 * it): never sent again.  A delivery report's status stays.
		 * An unconfirmed one also sets its mark (a statement of its
		 * own: the common one leaves that column and index alone).
		 */
		if (o->unconfirmed)
			st = store_stmt(s,
			    "UPDATE sms_outbox SET status = " SENT_STATUS
			    ", final_at = " SENT_FINAL_AT ", "
			    "sent_at = coalesce(sent_at, ?3), last_error = ?4, "
			    "provider = coalesce(?6, provider), unconfirmed = 1 "
			    "WHERE id = ?1");
		else
			st = store_stmt(s,
			    "UPDATE sms_outbox SET status = " SENT_STATUS
			    ", final_at = " SENT_FINAL_AT ", "
			    "provider_id = coalesce(?2, provider_id), sent_at = "
			    "coalesce(sent_at, ?3), last_error = ?4, provider = "
			    "coalesce(?6, provider) WHERE id = ?1");
		break;
	case OUTBOX_RESULT_RETRY:
		st = store_stmt(s,
		    "UPDATE sms_outbox SET status = 'queued', "
		    "next_attempt_at = ?5, last_error = ?4, provider = "
		    "coalesce(?6, provider) WHERE id = ?1 AND "
		    "status = 'sending'");
		break;
	case OUTBOX_RESULT_FAILED:
		st = store_stmt(s,
		    "UPDATE sms_outbox SET status = 'failed', "
		    "final_at = ?3, last_error = ?4, provider = coalesce(?6, "
		    "provider) WHERE id = ?1 AND "
		    "status = 'sending'");
		break;
	case OUTBOX_RESULT_EXPIRED:
		st = store_stmt(s,
		    "UPDATE sms_outbox SET status = 'expired', "
		    "final_at = ?3, last_error = ?4 WHERE id = ?1 AND "
		    "status = 'sending'");
		break;
	case OUTBOX_RESULT_RELEASE:
		st = store_stmt(s,
		    "UPDATE sms_outbox SET status = 'queued', "
		    "attempts = max(attempts - 1, 0) WHERE id = ?1 AND "
		    "status = 'sending'");
		break;
	default:
		return STORE_CONSTRAINT;
	}
	if (st == NULL)
		return STORE_ERROR;
	/* Parameters a statement does not use are ignored (SQLITE_RANGE). */
	store_bind_int(st, 1, o->id);
	store_bind_text(
	    st, 2, o->result == OUTBOX_RESULT_SENT ? o->provider_id : NULL);
	store_bind_int(st, 3, (int64_t)now);
	store_bind_text(st, 4, o->error);
	if (o->result == OUTBOX_RESULT_RETRY)
		store_bind_int(st, 5, (int64_t)o->next_attempt_at);
	store_bind_text(st, 6, o->provider);
	return store_step_done(s, st);
}

enum store_err
store_outbox_record(
    struct store *s, const struct outbox_outcome *o, size_t n, time_t now)
{
	enum store_err e;
	size_t	       i;

	if (n == 0)
		return STORE_OK;
	if ((e = store_begin(s)) != STORE_OK)
		return e;
	for (i = 0; i < n; i++)
		if ((e = record_one(s, &o[i], now)) != STORE_OK) {
			store_rollback(s);
			return e;
		}
	return store_commit(s);
}

enum store_err
store_outbox_reconcile(struct store *s, time_t now, int64_t *n)
{
	sqlite3_stmt  *st;
	enum store_err e;

	*n = 0;
	st = store_stmt(s,
	    "UPDATE sms_outbox SET status = 'queued', "
	    "next_attempt_at = min(next_attempt_at, ?1) "
	    "WHERE status = 'sending'");
	if (st == NULL)
		return STORE_ERROR;
	store_bind_int(st, 1, (int64_t)now);
	if ((e = store_step_done(s, st)) != STORE_OK)
		return e;
	*n = sqlite3_changes(s->db);
	return STORE_OK;
}

enum store_err
store_outbox_next_due(struct store *s, time_t *when)
{
	int64_t	       due[OUTBOX_PRIORITIES], best = -1;
	enum store_err e;
	int	       p;

	*when = 0;
	if ((e = due_by_priority(s, due)) != STORE_OK)
		return e;
	for (p = 0; p < OUTBOX_PRIORITIES; p++)
		if (due[p] >= 0 && (best < 0 || due[p] < best))
			best = due[p];
	if (best < 0)
		return STORE_NOTFOUND;
	*when = (time_t)best;
	return STORE_OK;
}

enum store_err
store_outbox_counts(struct store *s, int64_t n[OUTBOX_STATUS__MAX])
{
	sqlite3_stmt *st;
	int	      rc, i;

	for (i = 0; i < OUTBOX_STATUS__MAX; i++)
		n[i] = 0;
	st = store_stmt(s,
	    "SELECT status, count(*) FROM sms_outbox "
	    "GROUP BY status");
	if (st == NULL)
		return STORE_ERROR;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		i = outbox_status_parse(
		    (const char *)sqlite3_column_text(st, 0));
		if (i >= 0)
			n[i] = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	return store_result(s, rc);
}

/* --- staff's view --------------------------------------------------- */

#define OUTBOX_REC_COLUMNS \
	"id, recipient, body, purpose, priority, " \
	"dedupe_key, status, attempts, next_attempt_at, send_by, provider, " \
	"provider_id, last_error, segments, encoding, citizen_id, staff_id, " \
	"meeting_id, contact_id, created_at, sent_at, final_at"

void
outbox_rec_free(struct outbox_rec *r)
{
	free(r->body);
	free(r->dedupe_key);
	free(r->provider_id);
	free(r->last_error);
	memset(r, 0, sizeof(*r));
}

/*
 * Fill r from a row selected with OUTBOX_REC_COLUMNS; r owns the copies.
 */
static void
outbox_rec_fill(sqlite3_stmt *st, struct outbox_rec *r)
{
	char status[16];

	memset(r, 0, sizeof(*r));
	r->id = sqlite3_column_int64(st, 0);
	store_col_copy(st, 1, r->recipient, sizeof(r->recipient));
	r->body = store_col_dup(st, 2);
	store_col_copy(st, 3, r->purpose, sizeof(r->purpose));
	r->priority = sqlite3_column_int(st, 4);
	r->dedupe_key = store_col_dup(st, 5);
	store_col_copy(st, 6, status, sizeof(status));
	r->status = outbox_status_parse(status);
	r->attempts = sqlite3_column_int(st, 7);
	r->next_attempt_at = (time_t)sqlite3_column_int64(st, 8);
	r->send_by = (time_t)sqlite3_column_int64(st, 9);
	store_col_copy(st, 10, r->provider, sizeof(r->provider));
	r->provider_id = store_col_dup(st, 11);
	r->last_error = store_col_dup(st, 12);
	r->segments = sqlite3_column_int(st, 13);
	store_col_copy(st, 14, r->encoding, sizeof(r->encoding));
	r->citizen_id = sqlite3_column_int64(st, 15);
	r->staff_id = sqlite3_column_int64(st, 16);
	r->meeting_id = sqlite3_column_int64(st, 17);
	r->contact_id = sqlite3_column_int64(st, 18);
	r->created_at = (time_t)sqlite3_column_int64(st, 19);
	r->sent_at = (time_t)sqlite3_column_int64(st, 20);
	r->final_at = (time_t)sqlite3_column_int64(st, 21);
}

enum store_err
store_outbox_get(struct store *s, int64_t id, struct outbox_rec *r)
{
	sqlite3_stmt *st;
	int	      rc;

	memset(r, 0, sizeof(*r));
	st = store_stmt(s,
	    "SELECT " OUTBOX_REC_COLUMNS " FROM sms_outbox "
	    "WHERE id = ?1");
	if (st == NULL)
		return STORE_ERROR;
	store_bind_int(st, 1, id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		outbox_rec_fill(st, r);
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return STORE_NOTFOUND;
	return store_result(s, rc);
}

enum store_err
store_outbox_list(struct store *s, int status, const char *recipient,
    size_t limit, int (*fn)(const struct outbox_rec *, void *), void *arg)
{
	struct outbox_rec r;
	sqlite3_stmt	 *st;
	int		  rc, stop = 0;

	st = store_stmt(s,
	    "SELECT " OUTBOX_REC_COLUMNS " FROM sms_outbox "
	    "WHERE (?1 IS NULL OR status = ?1) AND (?2 IS NULL OR "
	    "recipient = ?2) ORDER BY id DESC LIMIT ?3");
	if (st == NULL)
		return STORE_ERROR;
	store_bind_text(st, 1, status < 0 ? NULL : outbox_status_name(status));
	store_bind_text(st, 2, recipient);
	store_bind_int(st, 3, limit == 0 ? -1 : (int64_t)limit);
	while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		outbox_rec_fill(st, &r);
		stop = fn(&r, arg);
		outbox_rec_free(&r);
	}
	sqlite3_reset(st);
	return stop ? STORE_OK : store_result(s, rc);
}

enum store_err
store_outbox_retry(struct store *s, int64_t id, time_t now, time_t new_send_by)
{
	struct outbox_rec r;
	sqlite3_stmt	 *st;
	enum store_err	  e;
	time_t		  send_by;

	if ((e = store_begin(s)) != STORE_OK)
		return e;
	if ((e = store_outbox_get(s, id, &r)) != STORE_OK)
		goto out;
	send_by = r.send_by > new_send_by ? r.send_by : new_send_by;
	if ((r.status != OUTBOX_FAILED && r.status != OUTBOX_EXPIRED) ||
	    send_by <= now) {
		snprintf(s->errmsg, sizeof(s->errmsg),
		    send_by <= now
			? "its send-by time has passed; give a new one"
			: "only failed or expired messages can be retried");
		e = STORE_CONSTRAINT;
		goto out;
	}
	st = store_stmt(s,
	    "UPDATE sms_outbox SET status = 'queued', "
	    "next_attempt_at = ?2, send_by = ?3, final_at = NULL "
	    "WHERE id = ?1");
	if (st == NULL) {
		e = STORE_ERROR;
		goto out;
	}
	store_bind_int(st, 1, id);
	store_bind_int(st, 2, (int64_t)now);
	store_bind_int(st, 3, (int64_t)send_by);
	e = store_step_done(s, st);
out:
	outbox_rec_free(&r);
	if (e == STORE_OK)
		return store_commit(s);
	store_rollback(s);
	return e;
}

enum store_err
store_outbox_bad_numbers(struct store *s, size_t	       limit,
    int (*fn)(const struct outbox_bad_number *, void *), void *arg)
{
	struct outbox_bad_number b;
	sqlite3_stmt		*st;
	int			 rc, stop = 0;

	st = store_stmt(s,
	    "SELECT recipient, count(*), max(final_at), "
	    "(SELECT last_error FROM sms_outbox AS l WHERE l.recipient = "
	    "o.recipient AND l.status = 'failed' AND NOT "
	    "l.temporary_failure ORDER BY final_at DESC LIMIT 1) "
	    "FROM sms_outbox AS o WHERE status = 'failed' AND NOT "
	    "temporary_failure GROUP BY recipient ORDER BY 2 DESC, 3 DESC "
	    "LIMIT ?1");
	if (st == NULL)
		return STORE_ERROR;
	store_bind_int(st, 1, limit == 0 ? -1 : (int64_t)limit);
	while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		store_col_copy(st, 0, b.recipient, sizeof(b.recipient));
		b.failures = sqlite3_column_int64(st, 1);
		b.last_at = (time_t)sqlite3_column_int64(st, 2);
		b.last_error = store_col_dup(st, 3);
		stop = fn(&b, arg);
		free(b.last_error);
	}
	sqlite3_reset(st);
	return stop ? STORE_OK : store_result(s, rc);
}

enum store_err
store_outbox_unconfirmed(struct store *s, int64_t *n)
{
	*n = 0;
	return store_one_int(s,
	    store_stmt(s,
		"SELECT count(*) FROM "
		"sms_outbox WHERE unconfirmed = 1 AND status = 'sent'"),
	    n);
}

enum store_err
store_outbox_oldest_queued(struct store *s, time_t *at)
{
	enum store_err e;
	int64_t	       v = 0;

	e = store_one_int(s,
	    store_stmt(s,
		"SELECT min(created_at) FROM "
		"sms_outbox WHERE status = 'queued'"),
	    &v);
	*at = (time_t)v;
	return e;
}

/* --- the scheduler's side ------------------------------------------- */

/* The meeting queries it also asks are in store_meeting.c. */

enum store_err
store_outbox_cancel_reminders(
    struct store *s, int64_t meeting_id, time_t now, int64_t *n)
{
	sqlite3_stmt  *st;
	enum store_err e;

	*n = 0;
	st = store_stmt(s,
	    "UPDATE sms_outbox SET status = 'expired', "
	    "final_at = ?2, last_error = 'meeting changed' WHERE "
	    "status = 'queued' AND meeting_id = ?1 AND purpose = 'reminder'");
	if (st == NULL)
		return STORE_ERROR;
	store_bind_int(st, 1, meeting_id);
	store_bind_int(st, 2, (int64_t)now);
	if ((e = store_step_done(s, st)) != STORE_OK)
		return e;
	*n = sqlite3_changes(s->db);
	return STORE_OK;
}

/* --- the inbound router's side --------------------------------------- */

/* See store_outbox.h. */
enum store_err
store_outbox_last_to(struct store *s, const char *recipient, time_t since,
    char purpose[24], time_t *at)
{
	sqlite3_stmt *st;
	int	      rc;

	purpose[0] = '\0';
	*at = 0;
	/*
	 * outbox_created, newest first, stopping at the number's first row
	 * (without INDEXED BY the planner takes outbox_status, whose 'sent'
	 * range is nearly the whole table).
	 */
	st = store_stmt(s,
	    "SELECT purpose, coalesce(sent_at, created_at) "
	    "FROM sms_outbox INDEXED BY outbox_created WHERE created_at >= ?2 "
	    "AND recipient = ?1 AND (status = 'sending' OR status = 'sent' OR "
	    "status = 'delivered') ORDER BY created_at DESC, id DESC LIMIT 1");
	if (st == NULL)
		return STORE_ERROR;
	store_bind_text(st, 1, recipient);
	store_bind_int(st, 2, (int64_t)since);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		store_col_copy(st, 0, purpose, 24);
		*at = (time_t)sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return STORE_NOTFOUND;
	return store_result(s, rc);
}
