/*
 * store_contact.c - the contact_request table.  See store_contact.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_contact.h"
#include "store_int.h"

/* An escalation text of request contact_request.id went to ?1 or ?2. */
#define ESCALATION_TEXTED \
	"EXISTS (SELECT 1 FROM sms_outbox o WHERE " \
	"o.contact_id = contact_request.id AND o.purpose = 'escalation' AND " \
	"(o.staff_id = ?1 OR o.recipient = ?2))"

#define CONTACT_COLS \
	"id, citizen_id, agreement_id, channel, routed_to, " \
	"routed_as, opened_at, notified_at, acknowledged_at, acknowledged_by, " \
	"escalated_at, escalated_to, closed_at, closed_by, escalation_step"

/* Free what a contact_rec owns. */
void
contact_rec_free(struct contact_rec *r)
{
	free(r->escalated_to);
	free(r->closed_by);
	memset(r, 0, sizeof(*r));
}

/* Fill r from a row of CONTACT_COLS; r owns the copies. */
static void
contact_from_row(sqlite3_stmt *st, struct contact_rec *r)
{
	memset(r, 0, sizeof(*r));
	r->id = sqlite3_column_int64(st, 0);
	r->citizen_id = sqlite3_column_int64(st, 1);
	r->agreement_id = sqlite3_column_int64(st, 2);
	store_col_copy(st, 3, r->channel, sizeof(r->channel));
	r->routed_to = sqlite3_column_int64(st, 4);
	store_col_copy(st, 5, r->routed_as, sizeof(r->routed_as));
	r->opened_at = (time_t)sqlite3_column_int64(st, 6);
	r->notified_at = (time_t)sqlite3_column_int64(st, 7);
	r->acknowledged_at = (time_t)sqlite3_column_int64(st, 8);
	r->acknowledged_by = sqlite3_column_int64(st, 9);
	r->escalated_at = (time_t)sqlite3_column_int64(st, 10);
	r->escalated_to = store_col_dup(st, 11);
	r->closed_at = (time_t)sqlite3_column_int64(st, 12);
	r->closed_by = store_col_dup(st, 13);
	r->escalation_step = sqlite3_column_int(st, 14);
}

/* Step a one-row query (bound) into r; STORE_NOTFOUND when no row. */
static enum store_err
contact_fetch(struct store *s, sqlite3_stmt *st, struct contact_rec *r)
{
	int rc;

	memset(r, 0, sizeof(*r));
	if (st == NULL)
		return STORE_ERROR;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		contact_from_row(st, r);
	return store_step_end(s, st, rc);
}

/* Step st (bound) handing each row to fn until it returns non-0. */
static enum store_err
contact_each(struct store *s, sqlite3_stmt		*st,
    int (*fn)(const struct contact_rec *, void *), void *arg)
{
	struct contact_rec r;
	int		   rc = SQLITE_DONE, stop = 0;

	while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		contact_from_row(st, &r);
		stop = fn(&r, arg);
		contact_rec_free(&r);
	}
	sqlite3_reset(st);
	return stop ? STORE_OK : store_result(s, rc);
}

/* See store_contact.h. */
enum store_err
store_contact_insert(struct store *s, struct contact_rec *r)
{
	sqlite3_stmt  *st;
	enum store_err e;

	st = store_stmt(s,
	    "INSERT INTO contact_request (citizen_id, "
	    "agreement_id, channel, routed_to, routed_as, opened_at) VALUES "
	    "(?1, ?2, ?3, ?4, ?5, ?6)");
	if (st == NULL)
		return STORE_ERROR;
	store_bind_int(st, 1, r->citizen_id);
	store_bind_id(st, 2, r->agreement_id);
	store_bind_text(st, 3, r->channel);
	store_bind_id(st, 4, r->routed_to);
	store_bind_text(st, 5, r->routed_as[0] ? r->routed_as : NULL);
	store_bind_int(st, 6, (int64_t)r->opened_at);
	/* The one UNIQUE rule: contact_one_open. */
	if ((e = store_step_insert(s, st)) == STORE_OK)
		r->id = sqlite3_last_insert_rowid(s->db);
	return e;
}

/* See store_contact.h. */
enum store_err
store_contact_get(struct store *s, int64_t id, struct contact_rec *r)
{
	sqlite3_stmt *st;

	st = store_stmt(s,
	    "SELECT " CONTACT_COLS " FROM contact_request "
	    "WHERE id = ?1");
	if (st != NULL)
		store_bind_int(st, 1, id);
	return contact_fetch(s, st, r);
}

/* See store_contact.h. */
enum store_err
store_contact_open_for(
    struct store *s, int64_t citizen_id, struct contact_rec *r)
{
	sqlite3_stmt *st;

	st = store_stmt(s,
	    "SELECT " CONTACT_COLS " FROM contact_request "
	    "WHERE citizen_id = ?1 AND closed_at IS NULL");
	if (st != NULL)
		store_bind_int(st, 1, citizen_id);
	return contact_fetch(s, st, r);
}

/* See store_contact.h. */
enum store_err
store_contact_set_notified(struct store *s, int64_t id, time_t now)
{
	sqlite3_stmt *st;

	st = store_stmt(s,
	    "UPDATE contact_request SET notified_at = ?2 "
	    "WHERE id = ?1");
	if (st == NULL)
		return STORE_ERROR;
	store_bind_int(st, 1, id);
	store_bind_int(st, 2, (int64_t)now);
	return store_step_done(s, st);
}

/* See store_contact.h. */
enum store_err
store_contact_oldest_for_staff(struct store *s, int64_t staff_id,
    const char *mobile, struct contact_rec *r)
{
	sqlite3_stmt *st;

	st = store_stmt(s,
	    "SELECT " CONTACT_COLS " FROM contact_request "
	    "WHERE closed_at IS NULL AND acknowledged_at IS NULL AND "
	    "(routed_to = ?1 OR (?2 IS NOT NULL AND escalated_to = ?2) OR " ESCALATION_TEXTED
	    ") ORDER BY opened_at, id LIMIT 1");
	if (st != NULL) {
		store_bind_int(st, 1, staff_id);
		store_bind_text(st, 2, mobile);
	}
	return contact_fetch(s, st, r);
}

/* See store_contact.h. */
enum store_err
store_contact_ack(struct store *s, int64_t id, int64_t staff_id, time_t now)
{
	sqlite3_stmt *st;

	st = store_stmt(s,
	    "UPDATE contact_request SET acknowledged_at = ?3, "
	    "acknowledged_by = ?2 WHERE id = ?1 AND closed_at IS NULL AND "
	    "acknowledged_at IS NULL");
	if (st == NULL)
		return STORE_ERROR;
	store_bind_int(st, 1, id);
	store_bind_id(st, 2, staff_id);
	store_bind_int(st, 3, (int64_t)now);
	return store_step_changed(s, st);
}

/* See store_contact.h. */
enum store_err
store_contact_reassign(
    struct store *s, int64_t id, int64_t staff_id, const char *as, time_t now)
{
	sqlite3_stmt *st;

	st = store_stmt(s,
	    "UPDATE contact_request SET routed_to = ?2, routed_as = ?3, "
	    "notified_at = ?4 WHERE id = ?1 AND closed_at IS NULL AND "
	    "acknowledged_at IS NULL");
	if (st == NULL)
		return STORE_ERROR;
	store_bind_int(st, 1, id);
	store_bind_id(st, 2, staff_id);
	store_bind_text(st, 3, as);
	store_bind_int(st, 4, (int64_t)now);
	return store_step_changed(s, st);
}

/* See store_contact.h. */
enum store_err
store_contact_close(struct store *s, int64_t id, const char *by, time_t now)
{
	sqlite3_stmt *st;

	st = store_stmt(s,
	    "UPDATE contact_request SET closed_at = ?3, "
	    "closed_by = ?2 WHERE id = ?1 AND closed_at IS NULL");
	if (st == NULL)
		return STORE_ERROR;
	store_bind_int(st, 1, id);
	store_bind_text(st, 2, by);
	store_bind_int(st, 3, (int64_t)now);
	return store_step_changed(s, st);
}

/* See store_contact.h. */
enum store_err
store_contact_set_escalated(
    struct store *s, int64_t id, int step, const char *to, time_t now)
{
	sqlite3_stmt *st;

	st = store_stmt(s,
	    "UPDATE contact_request SET escalation_step = ?2 + 1, "
	    "escalated_at = ?4, escalated_to = CASE WHEN ?3 = 'none' "
	    "THEN coalesce(escalated_to, 'none') ELSE ?3 END "
	    "WHERE id = ?1 AND escalation_step = ?2 AND closed_at IS NULL "
	    "AND acknowledged_at IS NULL");
	if (st == NULL)
		return STORE_ERROR;
	store_bind_int(st, 1, id);
	store_bind_int(st, 2, step);
	store_bind_text(st, 3, to);
	store_bind_int(st, 4, (int64_t)now);
	return store_step_changed(s, st);
}

/* See store_contact.h. */
enum store_err
store_contact_escalated_to(struct store *s, int64_t id, int64_t staff_id,
    const char *mobile, int *texted)
{
	sqlite3_stmt *st;
	int	      rc;

	*texted = 0;
	st = store_stmt(s,
	    "SELECT " ESCALATION_TEXTED " FROM contact_request "
	    "WHERE id = ?3");
	if (st == NULL)
		return STORE_ERROR;
	store_bind_int(st, 1, staff_id);
	store_bind_text(st, 2, mobile);
	store_bind_int(st, 3, id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		*texted = sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	return store_result(s, rc);
}

/* See store_contact.h. */
enum store_err
store_contact_unanswered(struct store *s, int		 steps,
    int (*fn)(const struct contact_rec *, void *), void *arg)
{
	sqlite3_stmt *st;

	st = store_stmt(s,
	    "SELECT " CONTACT_COLS " FROM contact_request "
	    "WHERE closed_at IS NULL AND acknowledged_at IS NULL AND "
	    "escalation_step < ?1 ORDER BY opened_at, id");
	if (st == NULL)
		return STORE_ERROR;
	store_bind_int(st, 1, steps);
	return contact_each(s, st, fn, arg);
}

/* See store_contact.h. */
enum store_err
store_contact_list(struct store *s, int open_only, time_t from, time_t to,
    size_t limit, int (*fn)(const struct contact_rec *, void *), void *arg)
{
	sqlite3_stmt *st;

	st = store_stmt(s,
	    "SELECT " CONTACT_COLS " FROM contact_request "
	    "WHERE (?1 = 0 OR closed_at IS NULL) AND opened_at >= ?2 AND "
	    "opened_at < ?3 ORDER BY opened_at DESC, id DESC LIMIT ?4");
	if (st == NULL)
		return STORE_ERROR;
	store_bind_int(st, 1, open_only);
	store_bind_int(st, 2, (int64_t)from);
	store_bind_int(st, 3, (int64_t)to);
	store_bind_int(st, 4, limit == 0 ? -1 : (int64_t)limit);
	return contact_each(s, st, fn, arg);
}

/* See store_contact.h. */
enum store_err
store_contact_counts(
    struct store *s, int64_t *open, int64_t *unacked, int64_t *escalated)
{
	sqlite3_stmt *st;
	int	      rc;

	st = store_stmt(s,
	    "SELECT count(*), "
	    "coalesce(sum(acknowledged_at IS NULL), 0), "
	    "coalesce(sum(escalated_at IS NOT NULL), 0) "
	    "FROM contact_request WHERE closed_at IS NULL");
	if (st == NULL)
		return STORE_ERROR;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*open = sqlite3_column_int64(st, 0);
		*unacked = sqlite3_column_int64(st, 1);
		*escalated = sqlite3_column_int64(st, 2);
	}
	sqlite3_reset(st);
	return store_result(s, rc);
}

/* See store_contact.h. */
enum store_err
store_contact_opened_by_channel(struct store *s, int64_t *sms, int64_t *kiosk)
{
	sqlite3_stmt *st;
	int	      rc;

	*sms = *kiosk = 0;
	st = store_stmt(s,
	    "SELECT coalesce(sum(channel = 'sms'), 0), "
	    "coalesce(sum(channel = 'kiosk'), 0) FROM contact_request");
	if (st == NULL)
		return STORE_ERROR;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*sms = sqlite3_column_int64(st, 0);
		*kiosk = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	return store_result(s, rc);
}
