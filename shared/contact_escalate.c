/*
 * contact_escalate.c - escalation in steps: the contact requests nobody
 * acknowledged go, step by step ([contact] escalation, escalation.h), to
 * the deputy, the team, the coordinators or a number.  See
 * contact_escalate_due() in contact.h.
 *
 * One step of one request is one transaction: the step counter
 * (contact_request.escalation_step, moved on only from the step it was
 * at), the texts of the step and its journal row (an audit row,
 * "contact_escalated") are written together or not at all, so a restart
 * neither repeats nor skips a step.  A step to a group texts each member
 * once: one text per number, with a dedupe key per request, step and
 * number.  The person the request went to first is not texted again.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "clock.h"
#include "config.h"
#include "contact.h"
#include "escalation.h"
#include "log.h"
#include "smsreply.h"
#include "store.h"
#include "store_contact.h"

/* Who one step texts. */
struct recipient {
	int64_t staff_id; /* 0: a number, no staff member */
	char	mobile[PHONE_MAX];
};

struct recipients {
	struct recipient *v;
	size_t		  n;
	int64_t		  skip;	 /* the staff member the request went to */
	const char	 *today; /* YYYY-MM-DD, for away periods */
};

/* Requests waiting for an answer, gathered before any is changed. */
struct waiting {
	struct contact_rec *v;
	size_t		    n;
};

/* The steps in force: [contact] escalation, or escalate_after's one. */
static void
escalation_steps(const struct config *cfg, struct escalation *out)
{
	if (cfg->escalation.n > 0) {
		*out = cfg->escalation;
		return;
	}
	memset(out, 0, sizeof(*out));
	out->step[0].after = cfg->escalate_after;
	out->step[0].target = ESCALATION_DEPUTY;
	out->n = 1;
}

/* Add mobile (staff_id, 0 for none) to rs unless that number is there. */
static void
recipient_add(struct recipients *rs, int64_t staff_id, const char *mobile)
{
	struct recipient *v;
	size_t		  i;

	if (mobile == NULL || strlen(mobile) >= PHONE_MAX)
		return;
	for (i = 0; i < rs->n; i++)
		if (strcmp(rs->v[i].mobile, mobile) == 0)
			return;
	if ((v = reallocarray(rs->v, rs->n + 1, sizeof(*v))) == NULL)
		fatal("%s", __func__);
	rs->v = v;
	v[rs->n].staff_id = staff_id;
	memcpy(v[rs->n].mobile, mobile, strlen(mobile) + 1);
	rs->n++;
}

/* Add staff member st when they can take it: a mobile, here, not first. */
static int
recipient_staff(const struct staff_rec *st, void *arg)
{
	struct recipients *rs = arg;

	if (st->id != rs->skip && st->mobile != NULL &&
	    !staff_is_away(st, rs->today))
		recipient_add(rs, st->id, st->mobile);
	return 0;
}

/* The agreement's mentor of cr into m; STORE_NOTFOUND when none. */
static enum store_err
request_mentor(
    struct store *s, const struct contact_rec *cr, struct staff_rec *m)
{
	struct agreement_rec ag;
	enum store_err	     e;
	int64_t		     id;

	memset(m, 0, sizeof(*m));
	if (cr->agreement_id == 0)
		return STORE_NOTFOUND;
	if ((e = store_agreement_get(s, cr->agreement_id, &ag)) != STORE_OK)
		return e;
	id = ag.mentor_id;
	agreement_rec_free(&ag);
	return id == 0 ? STORE_NOTFOUND : store_staff_get(s, id, m);
}

/* The mentor's deputy, into rs, when they can take it. */
static enum store_err
add_deputy(
    struct store *s, const struct staff_rec *mentor, struct recipients *rs)
{
	struct staff_rec d;
	enum store_err	 e;

	if (mentor->deputy_id == 0)
		return STORE_OK;
	if ((e = store_staff_get(s, mentor->deputy_id, &d)) != STORE_OK)
		return e == STORE_NOTFOUND ? STORE_OK : e;
	(void)recipient_staff(&d, rs);
	staff_rec_free(&d);
	return STORE_OK;
}

/*
 * Whom step st of request cr texts, into rs; *to gets what the request
 * records (a number, "team", "coordinator" or "none").  Nobody found:
 * [contact] escalate_to when set.
 */
static enum store_err
step_recipients(struct store *s, const struct config *cfg,
    const struct contact_rec *cr, const struct escalation_step *st,
    struct recipients *rs, const char **to)
{
	struct staff_rec mentor;
	const char	*unit;
	enum store_err	 e;

	e = request_mentor(s, cr, &mentor);
	if (e != STORE_OK && e != STORE_NOTFOUND)
		return e;
	e = STORE_OK;
	unit = mentor.organisation != NULL && mentor.organisation[0] != '\0'
	    ? mentor.organisation
	    : NULL;
	*to = escalation_target_name(st->target);
	if (st->target == ESCALATION_DEPUTY)
		e = add_deputy(s, &mentor, rs);
	else if (st->target == ESCALATION_TEAM)
		e = store_staff_group(s, unit, recipient_staff, rs);
	else if (st->target == ESCALATION_COORDINATOR)
		e = store_staff_group(s, NULL, recipient_staff, rs);
	else
		recipient_add(rs, 0, st->number);
	staff_rec_free(&mentor);
	if (rs->n == 0 && cfg->escalate_to != NULL)
		recipient_add(rs, 0, cfg->escalate_to);
	if (rs->n == 0)
		*to = "none";
	else if (rs->n == 1 &&
	    (st->target == ESCALATION_DEPUTY ||
		st->target == ESCALATION_NUMBER || rs->v[0].staff_id == 0))
		*to = rs->v[0].mobile;
	return e;
}

/* Queue the escalation text of step (0 the first) of cr to r. */
static enum store_err
queue_escalation(struct store *s, const struct contact_rec *cr,
    const struct citizen_rec *c, const struct recipient *r, int step,
    time_t now)
{
	struct smsreply_to  who = { r->mobile, cr->citizen_id, r->staff_id,
		 cr->id };
	struct buf	    body = { 0 };
	char		    idstr[24], when[32], key[64];
	struct template_var v[] = { { "citizen", NULL }, { "phone", NULL },
		{ "id", idstr }, { "when", when } };
	const size_t	    nv = sizeof(v) / sizeof(v[0]);
	enum store_err	    e = STORE_OK;

	(void)template_set(v, nv, "citizen", c->given_name);
	(void)template_set(v, nv, "phone", c->mobile);
	snprintf(idstr, sizeof(idstr), "%lld", (long long)cr->id);
	clock_format_local(
	    cr->opened_at, "%d.%m. kl. %H:%M", when, sizeof(when));
	if (smsreply_render(
		"da", smsreply_text(SMSREPLY_ESCALATE), v, nv, &body) == 0) {
		snprintf(key, sizeof(key), "contact:%lld:escalate:%d:%s",
		    (long long)cr->id, step + 1, r->mobile);
		e = smsreply_queue(
		    s, &who, buf_str(&body), "escalation", key, now);
	}
	buf_free(&body);
	return e;
}

/*
 * Texts and journal row of step `step` of cr, inside the caller's
 * transaction, after the step counter moved on.
 */
static enum store_err
write_step(struct store *s, const struct contact_rec *cr, int step,
    const struct escalation *steps, const struct recipients *rs, time_t now)
{
	struct citizen_rec c;
	char		   detail[128];
	enum store_err	   e;
	size_t		   i;

	if ((e = store_citizen_get(s, cr->citizen_id, &c)) != STORE_OK)
		return e;
	for (i = 0; i < rs->n && e == STORE_OK; i++)
		e = queue_escalation(s, cr, &c, &rs->v[i], step, now);
	citizen_rec_free(&c);
	snprintf(detail, sizeof(detail),
	    "request %lld step %d of %zu (%s): %zu texted", (long long)cr->id,
	    step + 1, steps->n,
	    escalation_target_name(steps->step[step].target), rs->n);
	if (e == STORE_OK)
		e = store_audit(s, now, "daemon", "escalation",
		    "contact_escalated", cr->citizen_id, NULL, detail);
	return e;
}

/*
 * Take step `step` (0 the first) of request cr now, in one transaction.
 * Returns 1 when taken, 0 when the request was answered or moved on
 * meanwhile, -1 on a store error.
 */
static int
escalate_step(struct store *s, const struct config *cfg,
    const struct contact_rec *cr, const struct escalation *steps, int step,
    time_t now)
{
	char		  today[CLOCK_DATE_LEN];
	struct recipients rs = { NULL, 0, cr->routed_to, today };
	const char	 *to = "none";
	enum store_err	  e;

	clock_local_date(now, today);
	if (store_begin(s) != STORE_OK)
		return -1;
	e = step_recipients(s, cfg, cr, &steps->step[step], &rs, &to);
	if (e == STORE_OK)
		e = store_contact_set_escalated(s, cr->id, step, to, now);
	if (e == STORE_OK)
		e = write_step(s, cr, step, steps, &rs, now);
	if ((e != STORE_OK && e != STORE_NOTFOUND) ||
	    store_commit(s) != STORE_OK) {
		store_rollback(s);
		free(rs.v);
		return -1;
	}
	if (e == STORE_NOTFOUND) /* answered meanwhile: nothing written */
		;
	else if (rs.n == 0)
		log_warnx("contact: request=%lld step %d: nobody to text "
			  "(set [contact] escalate_to)",
		    (long long)cr->id, step + 1);
	else
		log_info("contact: escalated request=%lld step=%d to=%s "
			 "texts=%zu",
		    (long long)cr->id, step + 1,
		    escalation_target_name(steps->step[step].target), rs.n);
	free(rs.v);
	return e == STORE_OK;
}

/* store_contact_unanswered() callback: keep a copy of the fields we use. */
static int
collect_waiting(const struct contact_rec *r, void *arg)
{
	struct waiting	   *w = arg;
	struct contact_rec *v;

	v = reallocarray(w->v, w->n + 1, sizeof(*v));
	if (v == NULL)
		fatal("%s", __func__);
	w->v = v;
	v[w->n] = *r;
	v[w->n].escalated_to = NULL;
	v[w->n].closed_by = NULL;
	w->n++;
	return 0;
}

/*
 * Take every step of cr that is due at now, in order; *soonest gets the
 * next step's time when it is sooner.  Returns the steps taken, or -1.
 */
static int
escalate_request(struct store *s, const struct config *cfg,
    const struct contact_rec *cr, const struct escalation *steps, time_t now,
    time_t *soonest)
{
	time_t due;
	int    k, rc, n = 0;

	for (k = cr->escalation_step; k >= 0 && (size_t)k < steps->n; k++) {
		due = contact_working_deadline(
		    cfg, cr->opened_at, steps->step[k].after);
		if (due > now) {
			if (*soonest == 0 || due < *soonest)
				*soonest = due;
			break;
		}
		if ((rc = escalate_step(s, cfg, cr, steps, k, now)) == -1)
			return -1;
		if (rc == 0)
			break;
		n++;
	}
	return n;
}

/* See contact.h. */
int
contact_escalate_due(
    struct store *s, const struct config *cfg, time_t now, time_t *next)
{
	struct escalation steps;
	struct waiting	  w = { NULL, 0 };
	time_t		  soonest = 0;
	size_t		  i;
	int		  n = 0, rc;

	if (next != NULL)
		*next = 0;
	escalation_steps(cfg, &steps);
	if (store_contact_unanswered(s, (int)steps.n, collect_waiting, &w) !=
	    STORE_OK) {
		free(w.v);
		return -1;
	}
	for (i = 0; i < w.n && n >= 0; i++) {
		rc = escalate_request(s, cfg, &w.v[i], &steps, now, &soonest);
		n = rc == -1 ? -1 : n + rc;
	}
	free(w.v);
	if (next != NULL)
		*next = soonest;
	return n;
}
