/*
 * store_journal.c - journal export and retention purge.  See
 * store_journal.h.
 */
#include <string.h>

#include "store_int.h"
#include "store_journal.h"

static const char *const type_names[JOURNAL__MAX] = {
	[JOURNAL_SMS_IN] = "sms_in",
	[JOURNAL_SMS_OUT] = "sms_out",
	[JOURNAL_CONTACT] = "contact",
	[JOURNAL_AUDIT] = "audit",
};

/*
 * The export queries: every one returns id, at, citizen, staff, number,
 * what, status, text, contact_id, citizen_id, actor_kind, actor for rows
 * in [?1, ?2) (the actor only for audit rows, and for outgoing texts the
 * provider that sent it, or last answered for it).
 */
static const char *const journal_sql[JOURNAL__MAX] = {
	[JOURNAL_SMS_IN] =
	    "SELECT i.id, i.received_at, c.external_id, "
	    "s.external_id, i.sender, coalesce(i.outcome, 'pending'), "
	    "CASE WHEN i.body_purged_at IS NULL THEN 'kept' ELSE 'purged' END, "
	    "i.body, i.contact_id, i.citizen_id, NULL, NULL FROM sms_inbox i "
	    "LEFT JOIN citizen c ON c.id = i.citizen_id "
	    "LEFT JOIN staff s ON s.id = i.staff_id "
	    "WHERE i.received_at >= ?1 AND i.received_at < ?2 ORDER BY i.id",
	[JOURNAL_SMS_OUT] =
	    "SELECT o.id, o.created_at, c.external_id, "
	    "s.external_id, o.recipient, o.purpose, o.status, "
	    "CASE WHEN o.purpose = 'login_code' THEN '' ELSE o.body END, "
	    "o.contact_id, o.citizen_id, "
	    "CASE WHEN o.provider IS NULL THEN NULL ELSE 'provider' END, "
	    "o.provider FROM sms_outbox o "
	    "LEFT JOIN citizen c ON c.id = o.citizen_id "
	    "LEFT JOIN staff s ON s.id = o.staff_id "
	    "WHERE o.created_at >= ?1 AND o.created_at < ?2 ORDER BY o.id",
	[JOURNAL_CONTACT] =
	    "SELECT r.id, r.opened_at, c.external_id, "
	    "s.external_id, NULL, r.channel, "
	    "CASE WHEN r.closed_at IS NOT NULL THEN 'closed' "
	    "WHEN r.acknowledged_at IS NOT NULL THEN 'acknowledged' "
	    "WHEN r.escalated_at IS NOT NULL THEN 'escalated' ELSE 'open' END, "
	    "coalesce(r.routed_as, ''), r.id, r.citizen_id, NULL, NULL "
	    "FROM contact_request r "
	    "LEFT JOIN citizen c ON c.id = r.citizen_id "
	    "LEFT JOIN staff s ON s.id = r.routed_to "
	    "WHERE r.opened_at >= ?1 AND r.opened_at < ?2 ORDER BY r.id",
	[JOURNAL_AUDIT] =
	    "SELECT a.id, a.at, c.external_id, NULL, NULL, "
	    "a.action, coalesce(a.reason, ''), coalesce(a.detail, ''), 0, "
	    "a.citizen_id, a.actor_kind, a.actor "
	    "FROM audit a LEFT JOIN citizen c ON c.id = a.citizen_id "
	    "WHERE a.at >= ?1 AND a.at < ?2 ORDER BY a.id",
};

/* See store_journal.h. */
const char *
journal_type_name(enum journal_type t)
{
	if ((unsigned)t >= JOURNAL__MAX)
		return "unknown";
	return type_names[t];
}

/* Text column col, or NULL. */
static const char *
col_text(sqlite3_stmt *st, int col)
{
	return (const char *)sqlite3_column_text(st, col);
}

/* Hand every row of one export query to fn; *stop set when fn said so. */
static enum store_err
journal_type_each(struct store *s, enum journal_type t, time_t from, time_t to,
    int (*fn)(const struct journal_rec *, void *), void *arg, int *stop)
{
	struct journal_rec r;
	sqlite3_stmt	  *st;
	int		   rc = SQLITE_DONE;

	if ((st = store_stmt(s, journal_sql[t])) == NULL)
		return STORE_ERROR;
	store_bind_int(st, 1, (int64_t)from);
	store_bind_int(st, 2, (int64_t)to);
	while (!*stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		memset(&r, 0, sizeof(r));
		r.type = t;
		r.id = sqlite3_column_int64(st, 0);
		r.at = (time_t)sqlite3_column_int64(st, 1);
		r.citizen = col_text(st, 2);
		r.staff = col_text(st, 3);
		r.number = col_text(st, 4);
		r.what = col_text(st, 5);
		r.status = col_text(st, 6);
		r.text = col_text(st, 7);
		r.contact_id = sqlite3_column_int64(st, 8);
		r.citizen_id = sqlite3_column_int64(st, 9);
		r.actor_kind = col_text(st, 10);
		r.actor = col_text(st, 11);
		*stop = fn(&r, arg);
	}
	sqlite3_reset(st);
	return *stop ? STORE_OK : store_result(s, rc);
}

/* See store_journal.h. */
enum store_err
store_journal_each(struct store *s, time_t from, time_t to,
    int (*fn)(const struct journal_rec *, void *), void *arg)
{
	enum store_err e = STORE_OK;
	int	       t, stop = 0;

	for (t = 0; t < JOURNAL__MAX && e == STORE_OK && !stop; t++)
		e = journal_type_each(
		    s, (enum journal_type)t, from, to, fn, arg, &stop);
	return e;
}

/* Run one bound-range write; adds the changed rows to *n. */
static enum store_err
range_write(struct store *s, const char *sql, int64_t a, int64_t b, int64_t c,
    int64_t d, int64_t *n)
{
	sqlite3_stmt  *st;
	enum store_err e;

	if ((st = store_stmt(s, sql)) == NULL)
		return STORE_ERROR;
	store_bind_int(st, 1, a);
	store_bind_int(st, 2, b);
	store_bind_int(st, 3, c);
	store_bind_int(st, 4, d);
	if ((e = store_step_done(s, st)) == STORE_OK && n != NULL)
		*n += sqlite3_changes(s->db);
	return e;
}

/* See store_journal.h. */
enum store_err
store_journal_mark_exported(
    struct store *s, time_t from, time_t to, time_t now, int64_t *marked)
{
	static const char *const sql[] = {
		"UPDATE sms_inbox SET exported_at = ?3 WHERE received_at >= ?1 "
		"AND received_at < ?2 AND exported_at IS NULL",
		"UPDATE sms_outbox SET exported_at = ?3 WHERE created_at >= ?1 "
		"AND created_at < ?2 AND exported_at IS NULL",
		"UPDATE audit SET exported_at = ?3 WHERE at >= ?1 AND at < ?2 "
		"AND exported_at IS NULL",
	};
	enum store_err e = STORE_OK;
	size_t	       i;

	*marked = 0;
	for (i = 0; i < sizeof(sql) / sizeof(sql[0]) && e == STORE_OK; i++)
		e = range_write(s, sql[i], (int64_t)from, (int64_t)to,
		    (int64_t)now, 0, marked);
	return e;
}

/* --- purge ------------------------------------------------------------ */

/*
 * The purge statements.  Parameters: ?1 cutoff, ?2 now, ?3 limit
 * (negative: all), ?4 require_export.
 */
enum purge_kind {
	PURGE_MESSAGES,
	PURGE_LOGIN_CODES,
	PURGE_INBOX,
	PURGE_LOGINS,
	PURGE_AUDIT,
	PURGE_REPLY_LOG,
	PURGE_REPORTS,
	PURGE__MAX
};

static const char *const purge_sql[PURGE__MAX] = {
	[PURGE_MESSAGES] =
	    "UPDATE sms_outbox SET body = '', body_purged_at = ?2 "
	    "WHERE id IN (SELECT id FROM sms_outbox WHERE created_at < ?1 AND "
	    "body_purged_at IS NULL AND purpose <> 'login_code' AND "
	    "status IN ('sent', 'delivered', 'failed', 'expired') AND "
	    "(?4 = 0 OR exported_at IS NOT NULL) LIMIT ?3)",
	[PURGE_LOGIN_CODES] =
	    "UPDATE sms_outbox SET body = '', "
	    "body_purged_at = ?2 WHERE id IN (SELECT id FROM sms_outbox WHERE "
	    "created_at < ?1 AND body_purged_at IS NULL AND "
	    "purpose = 'login_code' AND status <> 'sending' "
	    "LIMIT ?3)",
	[PURGE_INBOX] =
	    "UPDATE sms_inbox SET body = '', body_purged_at = ?2 "
	    "WHERE id IN (SELECT id FROM sms_inbox WHERE received_at < ?1 AND "
	    "body_purged_at IS NULL AND processed_at IS NOT NULL AND "
	    "(?4 = 0 OR exported_at IS NOT NULL) LIMIT ?3)",
	[PURGE_LOGINS] = "DELETE FROM kiosk_login WHERE id IN (SELECT id FROM "
			 "kiosk_login WHERE created_at < ?1 "
			 "LIMIT ?3)",
	[PURGE_AUDIT] = "DELETE FROM audit WHERE id IN (SELECT id FROM audit "
			"WHERE at < ?1 AND (?4 = 0 OR exported_at IS NOT NULL) "
			"LIMIT ?3)",
	[PURGE_REPLY_LOG] = "DELETE FROM sms_reply_log WHERE rowid IN (SELECT "
			    "rowid FROM sms_reply_log WHERE at < ?1 "
			    "LIMIT ?3)",
	[PURGE_REPORTS] = "DELETE FROM sms_report WHERE id IN (SELECT id FROM "
			  "sms_report WHERE received_at < ?1 "
			  "LIMIT ?3)",
};

/* The cutoff that applies to kind k. */
static time_t
purge_cutoff(const struct purge_cutoffs *c, enum purge_kind k)
{
	switch (k) {
	case PURGE_MESSAGES:
	case PURGE_REPORTS:
		return c->messages;
	case PURGE_LOGIN_CODES:
	case PURGE_LOGINS:
		return c->logins;
	case PURGE_INBOX:
		return c->inbox;
	case PURGE_AUDIT:
		return c->audit;
	default:
		return c->reply_log;
	}
}

/* The counter for kind k. */
static int64_t *
purge_counter(struct purge_counts *n, enum purge_kind k)
{
	int64_t *const v[PURGE__MAX] = {
		[PURGE_MESSAGES] = &n->messages,
		[PURGE_LOGIN_CODES] = &n->login_codes,
		[PURGE_INBOX] = &n->inbox,
		[PURGE_LOGINS] = &n->logins,
		[PURGE_AUDIT] = &n->audit,
		[PURGE_REPLY_LOG] = &n->reply_log,
		[PURGE_REPORTS] = &n->reports,
	};

	return v[k];
}

/* Rows old enough to purge that still wait for the journal export. */
static enum store_err
purge_held(struct store *s, const struct purge_cutoffs *c, int64_t *held)
{
	sqlite3_stmt *st;
	int	      rc;

	*held = 0;
	if (!c->require_export)
		return STORE_OK;
	st = store_stmt(s,
	    "SELECT (SELECT count(*) FROM sms_outbox WHERE "
	    "created_at < ?1 AND body_purged_at IS NULL AND exported_at IS NULL "
	    "AND purpose <> 'login_code') + (SELECT count(*) FROM sms_inbox "
	    "WHERE received_at < ?2 AND body_purged_at IS NULL AND "
	    "exported_at IS NULL) + (SELECT count(*) FROM audit WHERE at < ?3 "
	    "AND exported_at IS NULL)");
	if (st == NULL)
		return STORE_ERROR;
	store_bind_int(st, 1, (int64_t)c->messages);
	store_bind_int(st, 2, (int64_t)c->inbox);
	store_bind_int(st, 3, (int64_t)c->audit);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		*held = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return store_result(s, rc);
}

/* See store_journal.h. */
enum store_err
store_purge_step(struct store *s, const struct purge_cutoffs *c, int64_t limit,
    int dry_run, time_t now, struct purge_counts *counts, int *more)
{
	enum store_err e;
	int64_t	       n;
	int	       k;

	*more = 0;
	if ((e = store_begin(s)) != STORE_OK)
		return e;
	for (k = 0; k < PURGE__MAX && e == STORE_OK; k++) {
		n = 0;
		e = range_write(s, purge_sql[k], (int64_t)purge_cutoff(c, k),
		    (int64_t)now, limit < 0 ? -1 : limit, c->require_export,
		    &n);
		*purge_counter(counts, k) += n;
		if (limit >= 0 && n >= limit)
			*more = 1;
	}
	if (e == STORE_OK)
		e = purge_held(s, c, &counts->held);
	if (e != STORE_OK || dry_run) {
		store_rollback(s);
		return e;
	}
	return store_commit(s);
}
