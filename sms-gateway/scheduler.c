/*
 * scheduler.c - owns the reminder and notice task: what it queues and
 * its database work; the time arithmetic is in schedtime.c.
 *
 * Reminders.  For a rule r, D_r(start) is the instant a reminder is due
 * for a meeting starting at `start`: the rule's own instant (the day
 * before at HH:MM, the same day at HH:MM, N hours before), moved out of
 * quiet hours to the last allowed moment before it.  D_r never decreases
 * as start grows, so the meetings whose reminder is due by `now` are
 * exactly those starting up to S_r(now) = max{ s : D_r(s) <= now }
 * (binary search).  Each rule keeps a cursor (start, meeting id) in the
 * settings table: every tick queues the reminders of the meetings after
 * the cursor up to S_r(now), in bounded batches, and moves the cursor in
 * the same transaction.  An idle tick is a few index seeks.  A new rule
 * starts from S_r(now): it never sends reminders for the past.
 *
 * A reminder is never sent after the meeting starts (send_by = start;
 * skipped when D_r >= start).  One moved by quiet hours is dropped when
 * another rule's reminder for the same meeting falls in the 12 hours
 * before it (it would only repeat that one).  Citizens with reminders
 * off get none.  The dedupe key "reminder:MEETING:RULE:VERSION" makes a
 * reminder unique across restarts and racing ticks.
 *
 * Changes.  A meeting whose version differs from notified_version was
 * moved, cancelled or changed place: its queued reminders are expired
 * (a stale reminder is never sent), a notice rendered from the current
 * state is queued ("moved:MEETING:VERSION") when notice_meeting() says
 * the citizen knows the meeting (notify.h), and notified_version is set,
 * all in one transaction.
 *
 * Agreements.  Every minute: agreements activated since the last pass
 * get a text to the citizen and one to the mentor when the activation is
 * news (notice_activation(): not imported already active, not before
 * [reminders] notify_since, not an extension with the same mentor); once
 * a day: those ending within [reminders] agreement_ending_days get a
 * text to the mentor and the caseworker.
 *
 * Nothing is queued while the local time is inside quiet hours (with a
 * few minutes' grace after the window closes); what falls due then
 * waits for the morning, still bounded by send_by.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "clock.h"
#include "datefmt.h"
#include "config.h"
#include "gateway.h"
#include "i18n.h"
#include "log.h"
#include "metrics.h"
#include "notify.h"
#include "outbox_text.h"
#include "phone.h"
#include "schedtime.h"
#include "scheduler.h"
#include "store.h"
#include "store_outbox.h"

#define SCHED_BATCH	       20000 /* reminders per rule per tick */
#define SCHED_CHANGES_MAX      500   /* changed meetings per tick */
#define SCHED_AGREEMENTS_EVERY 60
#define SCHED_NOTICE_VALID     (7 * 86400) /* send_by of agreement texts */
#define DAY		       86400

#define SET_CURSOR	    "scheduler.cursor."
#define SET_AGREEMENTS_NEXT "scheduler.agreements_next"
#define SET_ACTIVATED_SINCE "scheduler.activated_since"
#define SET_ENDING_DATE	    "scheduler.ending_date"

/* --- settings ------------------------------------------------------- */

/* Read an integer pair "A:B" (or "A") setting; 0 found, -1 not. */
static int
setting_pair(struct store *s, const char *name, int64_t *a, int64_t *b)
{
	char *v = NULL, *end;
	int   rc = -1;

	if (store_setting_get(s, name, &v) != STORE_OK || v == NULL)
		return -1;
	*a = strtoll(v, &end, 10);
	*b = 0;
	if (end != v && *end == ':')
		*b = strtoll(end + 1, &end, 10);
	if (end != v && *end == '\0')
		rc = 0;
	free(v);
	return rc;
}

static enum store_err
setting_set_pair(struct store *s, const char *name, int64_t a, int64_t b)
{
	char v[48];

	snprintf(v, sizeof(v), "%lld:%lld", (long long)a, (long long)b);
	return store_setting_set(s, name, v);
}

/* --- queueing ------------------------------------------------------- */

/*
 * Queue one message; an already queued dedupe key is fine (returns 0
 * and does not count it).  Returns 1 when queued, 0 when a duplicate,
 * -1 on a store error.
 */
static int
queue_once(struct store *s, struct outbox_msg *m, time_t now)
{
	enum store_err e;

	e = store_outbox_queue(s, m, now, NULL);
	if (e == STORE_OK)
		return 1;
	if (e == STORE_DUPLICATE)
		return 0;
	log_warnx("scheduler: queue %s: %s", m->purpose, store_errmsg(s));
	return -1;
}

/*
 * The fields of a meeting text for target t in its citizen's language.
 * The buffers belong to the caller.
 */
struct meeting_fields {
	struct outbox_fields f;
	char		     date[64];
	char		     hhmm[OUTBOX_TIME_LEN];
	char		     mentor[64];
	char		     phone[32];
};

/*
 * The last date and time text of one pass: many meetings start in the
 * same minute.  Keyed by the minute, as zone offsets are whole minutes;
 * kept per pass, so a reloaded zone is never served stale.
 */
struct when_memo {
	time_t minute;
	char   lang[8];
	char   date[64];
	char   hhmm[OUTBOX_TIME_LEN];
	int    valid;
};

/* outbox_text_when() through memo w (NULL: none). */
static void
when_text(struct when_memo *w, time_t t, const char *lang, char *date,
    size_t dlen, char hhmm[OUTBOX_TIME_LEN])
{
	time_t minute = t - ((t % 60) + 60) % 60;
	size_t n;

	if (w == NULL || !w->valid || w->minute != minute ||
	    strcmp(w->lang, lang) != 0) {
		if (w == NULL || strlen(lang) >= sizeof(w->lang)) {
			outbox_text_when(t, lang, date, dlen, hhmm);
			return;
		}
		outbox_text_when(
		    minute, lang, w->date, sizeof(w->date), w->hhmm);
		memcpy(w->lang, lang, strlen(lang) + 1);
		w->minute = minute;
		w->valid = 1;
	}
	memcpy(hhmm, w->hhmm, OUTBOX_TIME_LEN);
	n = strlen(w->date);
	if (n >= dlen)
		n = dlen - 1;
	memcpy(date, w->date, n);
	date[n] = '\0';
}

static void
meeting_fields(const struct config *cfg, const struct reminder_target *t,
    struct when_memo *w, struct meeting_fields *mf)
{
	memset(mf, 0, sizeof(*mf));
	when_text(
	    w, t->starts_at, t->language, mf->date, sizeof(mf->date), mf->hhmm);
	outbox_text_first_name(t->staff_name, mf->mentor, sizeof(mf->mentor));
	phone_human(cfg->org_phone, 0, mf->phone, sizeof(mf->phone));
	mf->f.date = mf->date;
	mf->f.time = mf->hhmm;
	mf->f.organisation = cfg->org_name;
	mf->f.mentor = mf->mentor;
	mf->f.phone = mf->phone;
	mf->f.place =
	    outbox_text_place(&cfg->sms_sensitive, t->place, t->place_in_sms);
	if (mf->f.place == NULL && t->place_in_sms && t->place != NULL &&
	    t->place[0] != '\0')
		log_warnx("scheduler: meeting=%lld: place left out of the SMS "
			  "(a word of [sms] sensitive_words)",
		    (long long)t->meeting_id);
}

/*
 * Pick the variant of a meeting text: base is the "with mentor, no
 * place" entry; the ones after it add the place, drop the mentor, both.
 */
static enum outbox_text
meeting_variant(enum outbox_text base, const struct meeting_fields *mf,
    int has_place_variant)
{
	int place =
	    has_place_variant && mf->f.place != NULL && mf->f.place[0] != '\0';
	int org = mf->mentor[0] == '\0';

	return base + (has_place_variant ? org * 2 + place : org);
}

/* Render text for target t and queue it; see queue_once(). */
static int
queue_meeting_text(struct store *s, const struct config *cfg,
    const struct reminder_target *t, enum outbox_text base, int with_place,
    const char *purpose, const char *dedupe, time_t now, struct when_memo *w)
{
	struct meeting_fields mf;
	struct outbox_msg     m;
	struct buf	      body = { 0 };
	int		      rc;

	meeting_fields(cfg, t, w, &mf);
	if (outbox_text_render(meeting_variant(base, &mf, with_place),
		t->language, &mf.f, &body) == -1)
		return 0;
	memset(&m, 0, sizeof(m));
	m.recipient = t->mobile;
	m.body = buf_str(&body);
	m.purpose = purpose;
	m.dedupe_key = dedupe;
	m.send_by = t->starts_at;
	m.citizen_id = t->citizen_id;
	m.meeting_id = t->meeting_id;
	rc = queue_once(s, &m, now);
	buf_free(&body);
	return rc;
}

/* --- reminders ------------------------------------------------------ */

struct reminder_pass {
	struct store		   *s;
	const struct config	   *cfg;
	const struct reminder_rule *rule;
	time_t			    now;
	size_t			    seen;
	time_t			    last_start;
	int64_t			    last_id;
	int			    queued;
	int			    failed;
	struct when_memo	    when;
};

/* One meeting whose reminder by the pass's rule is due. */
static int
reminder_one(const struct reminder_target *t, void *arg)
{
	struct reminder_pass *p = arg;
	char		      key[128];
	int		      rc;

	p->seen++;
	p->last_start = t->starts_at;
	p->last_id = t->meeting_id;
	if (t->starts_at <= p->now || strcmp(t->agreement_status, "active") ||
	    t->mobile[0] == '\0' || !t->reminders_on ||
	    reminder_due(p->cfg, p->rule, t->starts_at) == (time_t)-1)
		return 0;
	snprintf(key, sizeof(key), "reminder:%lld:%s:%d",
	    (long long)t->meeting_id, p->rule->name, t->version);
	rc = queue_meeting_text(p->s, p->cfg, t, OUTBOX_TEXT_REMINDER, 1,
	    "reminder", key, p->now, &p->when);
	if (rc < 0) {
		p->failed = 1;
		return 1;
	}
	p->queued += rc;
	return 0;
}

/*
 * Queue the due reminders of one rule after its cursor, move the cursor;
 * one transaction.  Returns the number queued, -1 on a store error.
 */
static int
reminders_rule(struct store *s, const struct config *cfg,
    const struct reminder_rule *r, time_t now)
{
	struct reminder_pass p;
	char		     name[64];
	int64_t		     cs, cid;
	time_t		     until = reminder_last_start(cfg, r, now);

	time_t		     first;
	enum store_err	     e;

	snprintf(name, sizeof(name), SET_CURSOR "%s", r->name);
	if (setting_pair(s, name, &cs, &cid) == -1)
		return setting_set_pair(s, name, until, INT64_MAX) == STORE_OK
		    ? 0
		    : -1;
	if (cs > until || (cs == until && cid == INT64_MAX))
		return 0;
	/* Idle: nothing after the cursor is due; move it now and then. */
	e = store_outbox_next_meeting(s, cs - 1, &first);
	if (e == STORE_NOTFOUND || (e == STORE_OK && first > until)) {
		if (until - cs > 60 &&
		    setting_set_pair(s, name, until, INT64_MAX) != STORE_OK)
			return -1;
		return 0;
	}
	memset(&p, 0, sizeof(p));
	p.s = s;
	p.cfg = cfg;
	p.rule = r;
	p.now = now;
	if (store_begin(s) != STORE_OK)
		return -1;
	if (store_outbox_reminder_targets(
		s, cs, cid, until, SCHED_BATCH, reminder_one, &p) != STORE_OK ||
	    p.failed)
		goto fail;
	if (p.seen < SCHED_BATCH)
		p.last_start = until, p.last_id = INT64_MAX;
	if (setting_set_pair(s, name, p.last_start, p.last_id) != STORE_OK ||
	    store_commit(s) != STORE_OK)
		goto fail;
	metrics_add(METRIC_REMINDERS_QUEUED, (uint64_t)p.queued);
	if (p.queued > 0)
		log_info("scheduler: rule=%s reminders=%d", r->name, p.queued);
	return p.queued;
fail:
	store_rollback(s);
	log_warnx("scheduler: reminders %s: %s", r->name, store_errmsg(s));
	return -1;
}

/* --- meeting changes ------------------------------------------------ */

struct changed {
	int64_t ids[SCHED_CHANGES_MAX];
	size_t	n;
};

static int
changed_collect(const struct meeting_rec *m, void *arg)
{
	struct changed *c = arg;

	c->ids[c->n++] = m->id;
	return c->n == SCHED_CHANGES_MAX;
}

/*
 * Queue the notice kind for changed meeting t (notice_meeting() decided
 * it is news to the citizen); see queue_once().
 */
static int
notice_one(struct store *s, const struct config *cfg,
    const struct reminder_target *t, enum notice_kind kind, time_t now)
{
	char key[96];
	int  cancelled = kind == NOTICE_CANCELLED;
	int  rc;

	snprintf(key, sizeof(key), "moved:%lld:%d", (long long)t->meeting_id,
	    t->version);
	rc = queue_meeting_text(s, cfg, t,
	    cancelled ? OUTBOX_TEXT_CANCELLED : OUTBOX_TEXT_MOVED, !cancelled,
	    cancelled ? "meeting_cancelled" : "meeting_moved", key, now, NULL);
	if (rc > 0)
		metrics_inc(METRIC_NOTICES_QUEUED);
	return rc;
}

/* Handle one changed meeting in one transaction. */
static int
change_one(struct store *s, const struct config *cfg, int64_t id, time_t now)
{
	struct reminder_target t;
	enum notice_kind       kind;
	enum notice_why	       why;
	enum store_err	       e;
	int64_t		       n = 0;
	int		       rc = -1;

	memset(&t, 0, sizeof(t));
	if (store_begin(s) != STORE_OK)
		return -1;
	why = notice_meeting(s, cfg, id, now, &t, &kind, &e);
	if (e != STORE_OK)
		goto out;
	rc = 0;
	if (store_outbox_cancel_reminders(s, id, now, &n) != STORE_OK ||
	    (kind != NOTICE_NONE &&
		(rc = notice_one(s, cfg, &t, kind, now)) < 0) ||
	    store_meeting_set_notified(s, id, t.version) != STORE_OK ||
	    store_commit(s) != STORE_OK)
		rc = -1;
	else {
		if (n > 0)
			log_info("scheduler: meeting=%lld changed; %lld queued "
				 "reminders withdrawn",
			    (long long)id, (long long)n);
		if (why == NOTICE_NEVER_TOLD)
			log_info("scheduler: meeting=%lld changed; no notice: "
				 "%s",
			    (long long)id, notice_why_text(why));
	}
out:
	reminder_target_free(&t);
	if (rc < 0) {
		store_rollback(s);
		log_warnx("scheduler: meeting %lld: %s", (long long)id,
		    store_errmsg(s));
	}
	return rc;
}

/* Notices for every changed meeting; returns the number queued or -1. */
static int
meeting_notices(struct store *s, const struct config *cfg, time_t now)
{
	struct changed c;
	size_t	       i;
	int	       rc, queued = 0;

	c.n = 0;
	if (store_meeting_changed(s, changed_collect, &c) != STORE_OK)
		return -1;
	for (i = 0; i < c.n; i++) {
		if ((rc = change_one(s, cfg, c.ids[i], now)) < 0)
			return -1;
		queued += rc;
	}
	return queued;
}

/* --- agreements ----------------------------------------------------- */

struct agreement_pass {
	struct store	    *s;
	const struct config *cfg;
	time_t		     now;
	time_t		     since;  /* notify_since() */
	time_t		     newest; /* (activated_at, id) done */
	int64_t		     newest_id;
	int		     queued;
	int		     failed;
	struct when_memo     when;
};

/* A human date for "YYYY-MM-DD" in lang, or "not recorded". */
static void
human_date(const char *ymd, const char *lang, char *out, size_t len)
{
	time_t t = ymd != NULL ? clock_date_start(ymd) : (time_t)-1;

	if (t == (time_t)-1)
		snprintf(out, len, "%s", i18n_text(lang, "ikke registreret"));
	else
		datefmt_date(t + 12 * 3600, lang, out, len);
}

/* Queue one agreement text to `to`; counts into p. */
static void
agreement_send(struct agreement_pass *p, enum outbox_text t, const char *lang,
    const struct outbox_fields *f, const char *to, const char *purpose,
    const char *key, int64_t citizen_id, int64_t staff_id)
{
	struct outbox_msg m;
	struct buf	  body = { 0 };
	int		  rc;

	if (to == NULL || to[0] == '\0' ||
	    outbox_text_render(t, lang, f, &body) == -1)
		return;
	memset(&m, 0, sizeof(m));
	m.recipient = to;
	m.body = buf_str(&body);
	m.purpose = purpose;
	m.dedupe_key = key;
	m.send_by = p->now + SCHED_NOTICE_VALID;
	m.citizen_id = citizen_id;
	m.staff_id = staff_id;
	if ((rc = queue_once(p->s, &m, p->now)) < 0)
		p->failed = 1;
	else
		p->queued += rc;
	buf_free(&body);
}

/* Texts for an activated agreement: to the citizen and to the mentor. */
static int
activated_one(const struct agreement_rec *a, void *arg)
{
	struct agreement_pass *p = arg;
	struct citizen_rec     c;
	struct staff_rec       mentor;
	struct outbox_fields   f;
	char		       first[64], phone[32], from[64], to[64], key[96];

	/* Already handled by an earlier pass (same second, lower id). */
	if (a->activated_at < p->newest ||
	    (a->activated_at == p->newest && a->id <= p->newest_id))
		return 0;
	p->newest = a->activated_at;
	p->newest_id = a->id;
	/* Not news: imported already active, too old, the same mentor. */
	if (notice_activation(a, p->since) != NOTICE_SEND ||
	    store_citizen_get(p->s, a->citizen_id, &c) != STORE_OK)
		return 0;
	if (store_staff_get(p->s, a->mentor_id, &mentor) != STORE_OK) {
		citizen_rec_free(&c);
		return 0;
	}
	memset(&f, 0, sizeof(f));
	outbox_text_first_name(mentor.name, first, sizeof(first));
	phone_human(mentor.mobile ? mentor.mobile : p->cfg->org_phone, 0, phone,
	    sizeof(phone));
	f.organisation = p->cfg->org_name;
	f.mentor = first;
	f.phone = phone;
	snprintf(key, sizeof(key), "agreement_active:%lld:citizen",
	    (long long)a->id);
	agreement_send(p, OUTBOX_TEXT_AGREEMENT_CITIZEN, c.language, &f,
	    c.mobile, "agreement_active", key, c.id, 0);
	human_date(a->starts_on, "da", from, sizeof(from));
	human_date(a->ends_on, "da", to, sizeof(to));
	f.citizen = c.given_name;
	f.starts = from;
	f.ends = to;
	snprintf(
	    key, sizeof(key), "agreement_active:%lld:mentor", (long long)a->id);
	agreement_send(p, OUTBOX_TEXT_AGREEMENT_MENTOR, "da", &f, mentor.mobile,
	    "agreement_active", key, c.id, mentor.id);
	citizen_rec_free(&c);
	staff_rec_free(&mentor);
	return p->failed;
}

/* The ending notice of agreement a to one staff member. */
static void
ending_to(struct agreement_pass *p, const struct agreement_rec *a,
    const struct citizen_rec *c, int64_t staff_id)
{
	struct staff_rec     st;
	struct outbox_fields f;
	char		     ends[64], key[128];

	if (staff_id == 0 || store_staff_get(p->s, staff_id, &st) != STORE_OK)
		return;
	memset(&f, 0, sizeof(f));
	human_date(a->ends_on, "da", ends, sizeof(ends));
	f.citizen = c->given_name;
	f.organisation = p->cfg->org_name;
	f.ends = ends;
	snprintf(key, sizeof(key), "agreement_ending:%lld:%s:%lld",
	    (long long)a->id, a->ends_on, (long long)staff_id);
	agreement_send(p, OUTBOX_TEXT_AGREEMENT_ENDING, "da", &f, st.mobile,
	    "agreement_ending", key, c->id, st.id);
	staff_rec_free(&st);
}

static int
ending_one(const struct agreement_rec *a, void *arg)
{
	struct agreement_pass *p = arg;
	struct citizen_rec     c;

	if (a->ends_on == NULL ||
	    store_citizen_get(p->s, a->citizen_id, &c) != STORE_OK)
		return 0;
	ending_to(p, a, &c, a->mentor_id);
	if (a->caseworker_id != a->mentor_id)
		ending_to(p, a, &c, a->caseworker_id);
	citizen_rec_free(&c);
	return p->failed;
}

/*
 * The ending pass, once per local date: agreements ending within
 * cfg->ending_days.  Inside the caller's transaction.
 */
static int
ending_pass(struct agreement_pass *p)
{
	char today[CLOCK_DATE_LEN], until[CLOCK_DATE_LEN], *last = NULL;
	int  done;

	clock_local_date(p->now, today);
	if (store_setting_get(p->s, SET_ENDING_DATE, &last) != STORE_OK)
		return -1;
	done = last != NULL && strcmp(last, today) == 0;
	free(last);
	if (done)
		return 0;
	clock_format_local(sched_at_local(p->now, p->cfg->ending_days, 12 * 60),
	    "%Y-%m-%d", until, sizeof(until));
	if (store_agreement_ending(p->s, today, until, ending_one, p) !=
		STORE_OK ||
	    p->failed)
		return -1;
	return store_setting_set(p->s, SET_ENDING_DATE, today) == STORE_OK ? 0
									   : -1;
}

/*
 * Activation and ending texts, every SCHED_AGREEMENTS_EVERY seconds;
 * one transaction.  Returns the number queued or -1.
 */
static int
agreement_notices(struct store *s, const struct config *cfg, time_t now)
{
	struct agreement_pass p;
	int64_t		      next, since, since_id, unused;

	if (setting_pair(s, SET_AGREEMENTS_NEXT, &next, &unused) == 0 &&
	    now < next)
		return 0;
	if (setting_pair(s, SET_ACTIVATED_SINCE, &since, &since_id) == -1) {
		since = now - 2 * DAY;
		since_id = 0;
	}
	memset(&p, 0, sizeof(p));
	p.s = s;
	p.cfg = cfg;
	p.now = now;
	p.since = notify_since(cfg, s);
	p.newest = since;
	p.newest_id = since_id;
	if (store_begin(s) != STORE_OK)
		return -1;
	if (store_agreement_activated_since(s, since, activated_one, &p) !=
		STORE_OK ||
	    p.failed || ending_pass(&p) == -1 ||
	    setting_set_pair(s, SET_ACTIVATED_SINCE, p.newest, p.newest_id) !=
		STORE_OK ||
	    setting_set_pair(s, SET_AGREEMENTS_NEXT,
		now + SCHED_AGREEMENTS_EVERY, 0) != STORE_OK ||
	    store_commit(s) != STORE_OK) {
		store_rollback(s);
		log_warnx("scheduler: agreements: %s", store_errmsg(s));
		return -1;
	}
	metrics_add(METRIC_NOTICES_QUEUED, (uint64_t)p.queued);
	if (p.queued > 0)
		log_info("scheduler: agreement notices=%d", p.queued);
	return p.queued;
}

/* --- the tick and the task ------------------------------------------ */

/* The next instant a reminder of some rule falls due (0: none known). */
static time_t
next_reminder(struct store *s, const struct config *cfg, time_t now)
{
	char	name[64];
	int64_t cs, cid;
	time_t	start, d, best = 0;
	size_t	i;

	for (i = 0; i < cfg->nrules; i++) {
		snprintf(
		    name, sizeof(name), SET_CURSOR "%s", cfg->rules[i].name);
		if (setting_pair(s, name, &cs, &cid) == -1 ||
		    store_outbox_next_meeting(s, cs, &start) != STORE_OK)
			continue;
		d = reminder_due_raw(cfg, &cfg->rules[i], start);
		if (d <= now)
			d = now + 1;
		if (best == 0 || d < best)
			best = d;
	}
	return best;
}

time_t
scheduler_tick(
    struct store *s, const struct config *cfg, time_t now, int *queued)
{
	time_t open, next;
	size_t i;
	int    n = 0, rc;

	if (queued != NULL)
		*queued = 0;
	if ((open = send_window_wait(cfg, now)) != 0)
		return open;
	if ((rc = meeting_notices(s, cfg, now)) > 0)
		n += rc;
	for (i = 0; i < cfg->nrules; i++)
		if ((rc = reminders_rule(s, cfg, &cfg->rules[i], now)) > 0)
			n += rc;
	if ((rc = agreement_notices(s, cfg, now)) > 0)
		n += rc;
	if (queued != NULL)
		*queued = n;
	next = next_reminder(s, cfg, now);
	if (next == 0 || next > now + SCHED_AGREEMENTS_EVERY)
		next = now + SCHED_AGREEMENTS_EVERY;
	return next;
}

int
scheduler_start(struct gw *gw)
{
	return 0;
}

time_t
scheduler_run(struct gw *gw, time_t now)
{
	if (!gw_may_send(gw))
		return 0;
	return scheduler_tick(gw->store, gw->cfg, now, NULL);
}

void
scheduler_stop(struct gw *gw)
{
}
