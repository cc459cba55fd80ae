/*
 * contact.c - open, route, acknowledge and escalate contact requests.
 * See contact.h.
 *
 * Every function here that changes something does it in one transaction
 * (store_begin nests, so a caller may wrap several in its own).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "clock.h"
#include "config.h"
#include "contact.h"
#include "holiday.h"
#include "i18n.h"
#include "log.h"
#include "outbox_text.h"
#include "smsreply.h"
#include "store.h"
#include "store_contact.h"

/*
 * An acknowledged request older than this no longer holds back a new
 * one: the citizen who texts again a day later is asking again.
 */
#define CONTACT_ACK_HOLD (12 * 3600)
/* How far the working-time arithmetic looks (days). */
#define WORKDAYS_HORIZON 3660

/* See contact.h. */
void
contact_route_free(struct contact_route *r)
{
	free(r->name);
	free(r->mentor_name);
	free(r->mobile);
	memset(r, 0, sizeof(*r));
}

/* 1 if staff member r can take a request today: a mobile and not away. */
static int
staff_available(const struct staff_rec *r, const char *today)
{
	return r->mobile != NULL && !staff_is_away(r, today);
}

/* Route to the team number from config (may be NULL: nobody). */
static void
route_to_team(const struct config *cfg, struct contact_route *r)
{
	r->as = "team";
	r->staff_id = 0;
	if (cfg->escalate_to != NULL &&
	    (r->mobile = strdup(cfg->escalate_to)) == NULL)
		fatal("%s", __func__);
}

/* Take staff member st as the route (moving its strings). */
static void
route_to_staff(struct contact_route *r, const char *as, struct staff_rec *st)
{
	r->as = as;
	r->staff_id = st->id;
	r->name = st->name;
	r->mobile = st->mobile;
	st->name = st->mobile = NULL;
}

/* See contact.h. */
enum store_err
contact_route(struct store *s, const struct config *cfg,
    const struct agreement_rec *ag, const char *today, struct contact_route *r)
{
	struct staff_rec mentor, deputy;
	enum store_err	 e;

	memset(r, 0, sizeof(*r));
	memset(&deputy, 0, sizeof(deputy));
	if (ag->mentor_id == 0) {
		route_to_team(cfg, r);
		return STORE_OK;
	}
	if ((e = store_staff_get(s, ag->mentor_id, &mentor)) != STORE_OK) {
		if (e == STORE_NOTFOUND)
			route_to_team(cfg, r);
		return e == STORE_NOTFOUND ? STORE_OK : e;
	}
	if (staff_available(&mentor, today))
		route_to_staff(r, "mentor", &mentor);
	else {
		e = mentor.deputy_id == 0
		    ? STORE_NOTFOUND
		    : store_staff_get(s, mentor.deputy_id, &deputy);
		if (e == STORE_OK && staff_available(&deputy, today)) {
			route_to_staff(r, "deputy", &deputy);
			r->mentor_name = mentor.name;
			mentor.name = NULL;
		} else if (e == STORE_OK || e == STORE_NOTFOUND) {
			route_to_team(cfg, r);
			e = STORE_OK;
		}
	}
	staff_rec_free(&deputy);
	staff_rec_free(&mentor);
	return e;
}

/* The message to the person the request went to, into out. */
static int
render_notice(const struct config *cfg, const struct contact_route *r,
    const struct citizen_rec *c, int64_t id, const char *text, struct buf *out)
{
	char		    idstr[24];
	const char	   *tpl;
	struct buf	    fwd = { 0 };
	struct template_var v[] = {
		{ "citizen", c->given_name },
		{ "phone", c->mobile },
		{ "id", idstr },
		{ "mentor", r->mentor_name },
		{ "text", text },
	};

	snprintf(idstr, sizeof(idstr), "%lld", (long long)id);
	if (strcmp(r->as, "mentor") == 0)
		tpl = smsreply_text(SMSREPLY_NOTIFY_MENTOR);
	else if (strcmp(r->as, "deputy") == 0)
		tpl = smsreply_text(SMSREPLY_NOTIFY_DEPUTY);
	else
		tpl = smsreply_text(SMSREPLY_NOTIFY_TEAM);
	if (smsreply_render("da", tpl, v, 5, out) == -1)
		return -1;
	if (cfg->forward_text && text != NULL && text[0] != '\0' &&
	    smsreply_render(
		"da", smsreply_text(SMSREPLY_FORWARD), v, 5, &fwd) == 0) {
		buf_putc(out, '\n');
		buf_puts(out, buf_str(&fwd));
		buf_free(&fwd);
	}
	return 0;
}

/*
 * The citizen's receipt, into out: who will call (by first name: an SMS
 * to a citizen names staff by first name only), or that a member of staff
 * will, or - when nobody could be texted - that the message is kept and
 * whom to call.  It never promises what did not happen.
 */
static int
render_receipt(const struct config *cfg, const struct contact_route *r,
    const struct citizen_rec *c, struct buf *out)
{
	char		    first[64];
	struct template_var v[] = {
		{ "caller", first },
		{ "crisis", config_text(&cfg->org_sms_urgent, c->language) },
		{ "org", cfg->org_name },
		{ "phone", cfg->org_phone },
	};
	enum smsreply_text t;

	outbox_text_first_name(r->name, first, sizeof(first));
	if (r->mobile == NULL)
		t = SMSREPLY_RECEIPT_KEPT;
	else
		t = r->name != NULL ? SMSREPLY_RECEIPT : SMSREPLY_RECEIPT_TEAM;
	return smsreply_render(
	    c->language, smsreply_text(t), v, sizeof(v) / sizeof(v[0]), out);
}

/* Queue the notice and the receipt for the new request id. */
static enum store_err
queue_opened(struct store *s, const struct config *cfg,
    const struct contact_route *r, const struct citizen_rec *c, int64_t id,
    const char *text, time_t now)
{
	struct smsreply_to to = { r->mobile, c->id, r->staff_id, id };
	struct buf	   body = { 0 };
	char		   key[64];
	enum store_err	   e = STORE_OK;

	if (r->mobile != NULL &&
	    render_notice(cfg, r, c, id, text, &body) == 0) {
		snprintf(
		    key, sizeof(key), "contact:%lld:notify", (long long)id);
		e = smsreply_queue(s, &to, buf_str(&body), "contact", key, now);
	} else
		log_warnx("contact: request=%lld has nobody to notify",
		    (long long)id);
	if (e == STORE_OK && c->mobile != NULL &&
	    render_receipt(cfg, r, c, &body) == 0) {
		to.recipient = c->mobile;
		to.staff_id = 0;
		snprintf(
		    key, sizeof(key), "contact:%lld:receipt", (long long)id);
		e = smsreply_queue(s, &to, buf_str(&body), "receipt", key, now);
	}
	buf_free(&body);
	return e;
}

/* malloc'd name of staff id, NULL when 0 or not found. */
static char *
staff_name(struct store *s, int64_t id)
{
	struct staff_rec st;
	char		*name;

	if (id == 0 || store_staff_get(s, id, &st) != STORE_OK)
		return NULL;
	name = st.name;
	st.name = NULL;
	staff_rec_free(&st);
	return name;
}

/*
 * Look at the citizen's open request.  Returns 1 with out filled when
 * it stands (CONTACT_ALREADY_OPEN), 0 when there is none (an old
 * acknowledged one is closed), -1 on a store error.
 */
static int
check_open(struct store *s, const struct config *cfg, int64_t citizen_id,
    time_t now, struct contact_outcome *out)
{
	struct contact_rec cr;
	enum store_err	   e;
	int		   stands;

	e = store_contact_open_for(s, citizen_id, &cr);
	if (e == STORE_NOTFOUND)
		return 0;
	if (e != STORE_OK)
		return -1;
	stands = cr.acknowledged_at == 0 ||
	    now - cr.acknowledged_at < CONTACT_ACK_HOLD;
	if (stands) {
		out->kind = CONTACT_ALREADY_OPEN;
		out->request_id = cr.id;
		out->caller_name = staff_name(
		    s, cr.acknowledged_by ? cr.acknowledged_by : cr.routed_to);
		/* The team number (routed_to 0) may have come since. */
		out->nobody_told = cr.acknowledged_by == 0 &&
		    cr.routed_to == 0 && cfg->escalate_to == NULL &&
		    (cr.escalated_to == NULL ||
			strcmp(cr.escalated_to, "none") == 0);
	} else if (store_contact_close(s, cr.id, "auto", now) != STORE_OK)
		stands = -1;
	contact_rec_free(&cr);
	return stands;
}

/* Insert the request for c under ag routed by r; sets *id. */
static enum store_err
insert_request(struct store *s, const struct citizen_rec *c,
    const struct agreement_rec *ag, const char *channel,
    const struct contact_route *r, time_t now, int64_t *id)
{
	struct contact_rec cr;
	enum store_err	   e;

	memset(&cr, 0, sizeof(cr));
	cr.citizen_id = c->id;
	cr.agreement_id = ag->id;
	snprintf(cr.channel, sizeof(cr.channel), "%s", channel);
	cr.routed_to = r->staff_id;
	snprintf(cr.routed_as, sizeof(cr.routed_as), "%s", r->as);
	cr.opened_at = now;
	if ((e = store_contact_insert(s, &cr)) == STORE_OK)
		*id = cr.id;
	return e;
}

/* Open a new request for citizen c (inside the caller's transaction). */
static enum store_err
open_new(struct store *s, const struct config *cfg, const struct citizen_rec *c,
    const char *channel, const char *text, time_t now,
    struct contact_outcome *out)
{
	struct agreement_rec ag;
	struct contact_route r;
	char		     today[CLOCK_DATE_LEN];
	enum store_err	     e;
	int64_t		     id = 0;

	clock_local_date(now, today);
	e = store_agreement_current(s, c->id, today, &ag);
	if (e == STORE_NOTFOUND) {
		out->kind = CONTACT_NO_AGREEMENT;
		return STORE_OK;
	}
	if (e != STORE_OK)
		return e;
	if ((e = contact_route(s, cfg, &ag, today, &r)) == STORE_OK &&
	    (e = insert_request(s, c, &ag, channel, &r, now, &id)) ==
		STORE_OK &&
	    (e = queue_opened(s, cfg, &r, c, id, text, now)) == STORE_OK)
		e = store_contact_set_notified(s, id, now);
	if (e == STORE_OK) {
		out->kind = CONTACT_OPENED;
		out->request_id = id;
		out->caller_name = r.name;
		r.name = NULL;
	}
	contact_route_free(&r);
	agreement_rec_free(&ag);
	return e;
}

/* See contact.h. */
int
contact_repeat_text(const struct contact_outcome *out)
{
	if (out->nobody_told)
		return SMSREPLY_REPEAT_KEPT;
	return out->caller_name != NULL ? SMSREPLY_REPEAT
					: SMSREPLY_REPEAT_TEAM;
}

/* See contact.h. */
int
contact_open_text(struct store *s, const struct config *cfg, int64_t citizen_id,
    const char *channel, const char *text, time_t now,
    struct contact_outcome *out)
{
	struct citizen_rec c;
	enum store_err	   e;
	int		   open;

	memset(out, 0, sizeof(*out));
	if (store_begin(s) != STORE_OK)
		return -1;
	if ((open = check_open(s, cfg, citizen_id, now, out)) == -1)
		goto fail;
	if (open == 0) {
		if ((e = store_citizen_get(s, citizen_id, &c)) ==
		    STORE_NOTFOUND)
			out->kind = CONTACT_NO_AGREEMENT;
		else if (e != STORE_OK)
			goto fail;
		else {
			e = open_new(s, cfg, &c, channel, text, now, out);
			citizen_rec_free(&c);
			if (e != STORE_OK)
				goto fail;
		}
	}
	if (store_commit(s) != STORE_OK)
		goto fail;
	if (out->kind == CONTACT_OPENED)
		log_info("contact: opened request=%lld channel=%s",
		    (long long)out->request_id, channel);
	return 0;
fail:
	log_warnx("contact: open failed: %s", store_errmsg(s));
	store_rollback(s);
	contact_outcome_free(out);
	return -1;
}

/* See contact.h. */
int
contact_open(struct store *s, const struct config *cfg, int64_t citizen_id,
    const char *channel, time_t now, struct contact_outcome *out)
{
	return contact_open_text(s, cfg, citizen_id, channel, NULL, now, out);
}

/* See contact.h. */
void
contact_outcome_free(struct contact_outcome *o)
{
	free(o->caller_name);
	memset(o, 0, sizeof(*o));
}

/* --- acknowledgement ------------------------------------------------ */

/*
 * 1 if staff member st may acknowledge request cr: it was routed to
 * them, an escalation step texted them, or they are the agreement's
 * mentor.
 */
static int
may_ack(
    struct store *s, const struct staff_rec *st, const struct contact_rec *cr)
{
	struct agreement_rec ag;
	int		     ok;

	if (cr->routed_to == st->id)
		return 1;
	if (cr->escalated_to != NULL && st->mobile != NULL &&
	    strcmp(cr->escalated_to, st->mobile) == 0)
		return 1;
	if (store_contact_escalated_to(s, cr->id, st->id, st->mobile, &ok) ==
		STORE_OK &&
	    ok)
		return 1;
	if (cr->agreement_id == 0 ||
	    store_agreement_get(s, cr->agreement_id, &ag) != STORE_OK)
		return 0;
	ok = ag.mentor_id == st->id;
	agreement_rec_free(&ag);
	return ok;
}

/* Find the request staff member st acknowledges; STORE_NOTFOUND if none. */
static enum store_err
find_ack_target(struct store *s, const struct staff_rec *st, int64_t request_id,
    struct contact_rec *cr)
{
	enum store_err e;

	if (request_id == 0)
		return store_contact_oldest_for_staff(
		    s, st->id, st->mobile, cr);
	if ((e = store_contact_get(s, request_id, cr)) != STORE_OK)
		return e;
	if (cr->closed_at != 0 || cr->acknowledged_at != 0 ||
	    !may_ack(s, st, cr)) {
		contact_rec_free(cr);
		return STORE_NOTFOUND;
	}
	return STORE_OK;
}

/* Queue "NAME has seen your message" (first name) to the citizen of cr. */
static enum store_err
queue_ack(struct store *s, const struct staff_rec *st,
    const struct contact_rec *cr, time_t now)
{
	struct citizen_rec  c;
	struct smsreply_to  to;
	struct buf	    body = { 0 };
	char		    first[64], key[64];
	struct template_var v[] = { { "caller", first } };
	enum store_err	    e;

	outbox_text_first_name(st->name, first, sizeof(first));
	if ((e = store_citizen_get(s, cr->citizen_id, &c)) != STORE_OK)
		return e == STORE_NOTFOUND ? STORE_OK : e;
	if (c.mobile != NULL &&
	    smsreply_render(
		c.language, smsreply_text(SMSREPLY_ACK), v, 1, &body) == 0) {
		to = (struct smsreply_to){ c.mobile, c.id, 0, cr->id };
		snprintf(
		    key, sizeof(key), "contact:%lld:ack", (long long)cr->id);
		e = smsreply_queue(s, &to, buf_str(&body), "receipt", key, now);
	}
	buf_free(&body);
	citizen_rec_free(&c);
	return e;
}

/* See contact.h. */
int
contact_ack(struct store *s, const struct config *cfg, int64_t staff_id,
    int64_t request_id, time_t now, int64_t *acked)
{
	struct staff_rec   st;
	struct contact_rec cr;
	enum store_err	   e;

	*acked = 0;
	if (store_begin(s) != STORE_OK)
		return -1;
	if ((e = store_staff_get(s, staff_id, &st)) == STORE_OK) {
		e = find_ack_target(s, &st, request_id, &cr);
		if (e == STORE_OK) {
			if ((e = store_contact_ack(s, cr.id, st.id, now)) ==
			    STORE_OK)
				e = queue_ack(s, &st, &cr, now);
			*acked = cr.id;
			contact_rec_free(&cr);
		}
		staff_rec_free(&st);
	}
	/* Nothing to acknowledge changes nothing: not an error. */
	if ((e != STORE_OK && e != STORE_NOTFOUND) ||
	    store_commit(s) != STORE_OK) {
		store_rollback(s);
		*acked = 0;
		return -1;
	}
	if (e == STORE_NOTFOUND) {
		*acked = 0;
		return 1;
	}
	log_info("contact: acknowledged request=%lld staff=%lld",
	    (long long)*acked, (long long)staff_id);
	return 0;
}

/* --- reassignment ------------------------------------------------------ */

/*
 * The route of request cr to staff member st (moving st's strings): as
 * "mentor" when st is the agreement's mentor, else as the one standing
 * in for them.  *stored_as gets what the request records.
 */
static void
reassign_route(struct store *s, const struct contact_rec *cr,
    struct staff_rec *st, struct contact_route *r, const char **stored_as)
{
	struct agreement_rec ag;
	int64_t		     mentor = 0;

	memset(r, 0, sizeof(*r));
	if (cr->agreement_id != 0 &&
	    store_agreement_get(s, cr->agreement_id, &ag) == STORE_OK) {
		mentor = ag.mentor_id;
		agreement_rec_free(&ag);
	}
	*stored_as = mentor == st->id ? "mentor" : "deputy";
	route_to_staff(r, *stored_as, st);
	if (mentor != st->id &&
	    (r->mentor_name = staff_name(s, mentor)) == NULL)
		r->as = "mentor"; /* nobody to stand in for: the plain text */
}

/* Reassign request cr to staff member st inside the transaction. */
static int
reassign_one(struct store *s, const struct config *cfg,
    const struct contact_rec *cr, struct staff_rec *st, time_t now)
{
	struct contact_route r;
	struct citizen_rec   c;
	struct buf	     body = { 0 };
	const char	    *as;
	char		     key[96];
	enum store_err	     e;

	if ((e = store_citizen_get(s, cr->citizen_id, &c)) != STORE_OK)
		return -1;
	reassign_route(s, cr, st, &r, &as);
	e = store_contact_reassign(s, cr->id, r.staff_id, as, now);
	if (e == STORE_OK &&
	    render_notice(cfg, &r, &c, cr->id, NULL, &body) == 0) {
		struct smsreply_to to = { r.mobile, c.id, r.staff_id, cr->id };

		snprintf(key, sizeof(key), "contact:%lld:to:%lld:%lld",
		    (long long)cr->id, (long long)r.staff_id, (long long)now);
		e = smsreply_queue(s, &to, buf_str(&body), "contact", key, now);
	}
	buf_free(&body);
	contact_route_free(&r);
	citizen_rec_free(&c);
	return e == STORE_OK ? 0 : e == STORE_NOTFOUND ? 1 : -1;
}

/* See contact.h. */
int
contact_reassign(struct store *s, const struct config *cfg, int64_t request_id,
    int64_t staff_id, time_t now)
{
	struct contact_rec cr;
	struct staff_rec   st;
	char		   today[CLOCK_DATE_LEN];
	int		   rc = 1;

	clock_local_date(now, today);
	if (store_begin(s) != STORE_OK)
		return -1;
	if (store_contact_get(s, request_id, &cr) == STORE_OK) {
		if (cr.closed_at == 0 && cr.acknowledged_at == 0 &&
		    store_staff_get(s, staff_id, &st) == STORE_OK) {
			if (st.mobile == NULL)
				rc = 2;
			else if (staff_is_away(&st, today))
				rc = 3;
			else
				rc = reassign_one(s, cfg, &cr, &st, now);
			staff_rec_free(&st);
		}
		contact_rec_free(&cr);
	}
	if (rc != 0 || store_commit(s) != STORE_OK) {
		store_rollback(s);
		return rc == 0 ? -1 : rc;
	}
	log_info("contact: request=%lld reassigned to staff=%lld",
	    (long long)request_id, (long long)staff_id);
	return 0;
}

/* --- working time ----------------------------------------------------- */

/*
 * The working window [*ws, *we) of the local day that is `day` days after
 * the local date of t, or 0/0 on a weekend, a public holiday, a closed
 * day of [contact] closed_days or a bad date; a half day (grundlovsdag)
 * ends at HOLIDAY_HALF_END.
 */
static void
work_window(const struct config *cfg, time_t t, int day, time_t *ws, time_t *we)
{
	struct tm	  tm;
	enum holiday_kind hk;
	int		  end = cfg->work_end;

	*ws = *we = 0;
	clock_local(t, &tm);
	tm.tm_mday += day;
	tm.tm_hour = 12;
	tm.tm_min = tm.tm_sec = 0;
	tm.tm_isdst = -1;
	if (timegm(&tm) == (time_t)-1) /* normalises the date fields */
		return;
	if (tm.tm_wday == 0 || tm.tm_wday == 6)
		return;
	hk = holiday_kind(
	    &cfg->closed_days, tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
	if (hk == HOLIDAY_CLOSED)
		return;
	if (hk == HOLIDAY_HALF && end > HOLIDAY_HALF_END)
		end = HOLIDAY_HALF_END;
	*ws = clock_from_local(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
	    cfg->work_start / 60, cfg->work_start % 60);
	*we = clock_from_local(
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, end / 60, end % 60);
	if (*ws == (time_t)-1 || *we == (time_t)-1 || *we <= *ws)
		*ws = *we = 0;
}

/* See contact.h. */
long
contact_working_seconds(const struct config *cfg, time_t from, time_t to)
{
	time_t ws, we, a, b;
	long   total = 0;
	int    day;

	for (day = 0; day < WORKDAYS_HORIZON; day++) {
		work_window(cfg, from, day, &ws, &we);
		if (ws != 0 && ws >= to)
			break;
		a = ws > from ? ws : from;
		b = we < to ? we : to;
		if (b > a)
			total += (long)(b - a);
	}
	return total;
}

/* See contact.h. */
time_t
contact_working_deadline(const struct config *cfg, time_t from, long secs)
{
	time_t ws, we, a;
	int    day;

	for (day = 0; day < WORKDAYS_HORIZON; day++) {
		work_window(cfg, from, day, &ws, &we);
		a = ws > from ? ws : from;
		if (we <= a)
			continue;
		if (secs <= (long)(we - a))
			return a + secs;
		secs -= (long)(we - a);
	}
	return from + secs;
}
