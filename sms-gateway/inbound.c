/*
 * inbound.c - owns what happens to stored webhooks: routing incoming
 * texts (replies, keywords, contact), matching delivery reports to the
 * outbox.  See inbound.h.
 *
 * Each text is handled in one transaction: whatever it changes (a
 * request opened, reminders switched off), the replies queued and its
 * outcome commit together, so a crash never answers twice.  Replies carry
 * the dedupe key "inbox:<id>" for the same reason.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "clock.h"
#include "config.h"
#include "contact.h"
#include "gateway.h"
#include "i18n.h"
#include "inbound.h"
#include "intake.h"
#include "keyword.h"
#include "log.h"
#include "metrics.h"
#include "outbox_text.h"
#include "phone.h"
#include "providers/provider.h"
#include "replyguard.h"
#include "smsreply.h"
#include "store.h"
#include "store_inbox.h"
#include "store_outbox.h"
#include "webhook.h"

#define INBOUND_BATCH	   64	       /* texts per run */
#define INBOUND_GROUP	   4	       /* texts per transaction */
#define DEFER_MS	   2	       /* intake busy: look again after this */
#define DEFER_MAX_MS	   20	       /* but write at least this often */
#define INTAKE_QUIET_MS	   2	       /* the intake is idle after this */
#define REPORT_BATCH	   50	       /* reports per transaction */
#define REPORT_RESCAN	   60	       /* seconds between looks at old ones */
#define REPORT_KEEP_TRYING (7 * 86400) /* match unknown refs this long */
#define LOOP_WINDOW	   3600	       /* loop guard: replies per hour */
#define UNKNOWN_WINDOW	   86400       /* one reply per unknown number */
#define STRANGER_WINDOW	   3600	       /* [contact] unknown_replies_per_hour */

/* What handling one text decided. */
struct ictx {
	struct store	       *s;
	const struct config    *cfg;
	const struct inbox_rec *in;
	time_t			now;
	const char	       *outcome; /* sms_inbox.outcome */
	int64_t			citizen_id;
	int64_t			staff_id;
	int64_t			contact_id;
};

/* The task's state. */
struct inbound {
	int64_t texts_ms;      /* clock_mono_ms() of the last routing commit */
	int64_t reports_ms;    /* ... and of the last report commit */
	int	deferred;      /* this run left work for the intake's sake */
	int64_t last_report;   /* highest report id looked at */
	int64_t rescan_cursor; /* where the slow rescan goes on */
	time_t	rescan_at;     /* next slow rescan */
};

/* Reply-log kinds (sms_reply_log.kind). */
#define KIND_KEYWORD "keyword"
#define KIND_CONTACT "contact"
#define KIND_STAFF   "staff"
#define KIND_UNKNOWN "unknown"

/* The inbox outcome of a reply withheld from a stranger, by reason. */
static const char *const withheld[REPLYGUARD__MAX] = {
	[REPLYGUARD_PREMIUM] = "withheld_premium",
	[REPLYGUARD_COUNTRY] = "withheld_country",
	[REPLYGUARD_BUDGET] = "withheld_budget",
};

/*
 * May an automatic reply go to the sender, a number that is neither a
 * citizen's nor staff's?  Never to a premium-rate or satellite range nor
 * outside [contact] reply_countries, and not more than
 * unknown_replies_per_hour of them an hour in all (every reply to a
 * stranger is logged as KIND_UNKNOWN).  Returns the verdict, or -1 on a
 * store error.
 */
static int
stranger_guard(struct ictx *x)
{
	enum replyguard g;
	int64_t		n = 0;

	if ((g = replyguard_number(&x->cfg->reply_countries, x->in->sender)) !=
	    REPLYGUARD_OK)
		return g;
	if (store_reply_count(x->s, NULL, KIND_UNKNOWN,
		x->now - STRANGER_WINDOW, &n) != STORE_OK)
		return -1;
	return n >= x->cfg->unknown_per_hour ? REPLYGUARD_BUDGET
					     : REPLYGUARD_OK;
}

/*
 * Queue a reply to the sender unless the loop guard or, for a stranger,
 * the stranger guard says no.  Returns 1 queued, 0 held back (the
 * outcome becomes ignored_loop or withheld_*), -1 on a store error.
 */
static int
reply_queue(struct ictx *x, const char *lang, const char *msgid,
    const struct template_var *v, size_t nv, const char *purpose,
    const char *kind)
{
	struct smsreply_to to = { x->in->sender, x->citizen_id, x->staff_id,
		x->contact_id };
	struct buf	   body = { 0 };
	char		   key[48];
	int64_t		   n = 0;
	int		   r = -1, g;

	if (store_reply_count(x->s, x->in->sender, NULL, x->now - LOOP_WINDOW,
		&n) != STORE_OK)
		return -1;
	if (n >= x->cfg->loop_limit) {
		x->outcome = "ignored_loop";
		return 0;
	}
	if (x->citizen_id == 0 && x->staff_id == 0 &&
	    (g = stranger_guard(x)) != REPLYGUARD_OK) {
		if (g < 0)
			return -1;
		x->outcome = withheld[g];
		return 0;
	}
	snprintf(key, sizeof(key), "inbox:%lld", (long long)x->in->id);
	if (smsreply_render(lang, msgid, v, nv, &body) == -1)
		r = 0;
	else if (smsreply_queue(x->s, &to, buf_str(&body), purpose, key,
		     x->now) == STORE_OK &&
	    store_reply_add(x->s, x->in->sender, kind, x->now) == STORE_OK)
		r = 1;
	buf_free(&body);
	return r;
}

/*
 * The first name of the citizen's mentor (malloc'd) via the current
 * agreement: an SMS to a citizen names staff by first name only.
 */
static char *
mentor_name(struct ictx *x, int64_t citizen_id)
{
	struct agreement_rec ag;
	struct staff_rec     st;
	char		     today[CLOCK_DATE_LEN], *name = NULL;

	if (clock_local_date(x->now, today) == -1)
		return NULL;
	if (store_agreement_current(x->s, citizen_id, today, &ag) != STORE_OK)
		return NULL;
	if (ag.mentor_id != 0 &&
	    store_staff_get(x->s, ag.mentor_id, &st) == STORE_OK) {
		outbox_text_first_name(st.name, st.name, strlen(st.name) + 1);
		name = st.name;
		st.name = NULL;
		staff_rec_free(&st);
	}
	agreement_rec_free(&ag);
	return name;
}

/* STOP and START: switch reminders, write the audit row, confirm. */
static int
citizen_reminders(struct ictx *x, const struct citizen_rec *c, int on)
{
	struct template_var v[] = { { "org", x->cfg->org_name } };

	if (store_citizen_set_reminders(x->s, c->id, on) != STORE_OK ||
	    store_audit(x->s, x->now, "daemon", "sms-gateway",
		on ? "reminders_on" : "reminders_off", c->id, "sms keyword",
		NULL) != STORE_OK)
		return -1;
	x->outcome = on ? "start" : "stop";
	return reply_queue(x, c->language,
		   smsreply_text(on ? SMSREPLY_START : SMSREPLY_STOP), v, 1,
		   "keyword_reply", KIND_KEYWORD) < 0
	    ? -1
	    : 0;
}

/* HJÆLP: what this number does, the mentor's name, the crisis text. */
static int
citizen_help(struct ictx *x, const struct citizen_rec *c)
{
	char		   *mentor = mentor_name(x, c->id);
	struct template_var v[] = {
		{ "org", x->cfg->org_name }, { "mentor", mentor },
		{ "crisis", config_text(&x->cfg->org_sms_urgent, c->language) }
	};
	int r;

	x->outcome = "help";
	r = reply_queue(x, c->language,
	    smsreply_text(mentor ? SMSREPLY_HELP_NAMED : SMSREPLY_HELP), v, 3,
	    "keyword_reply", KIND_KEYWORD);
	free(mentor);
	return r < 0 ? -1 : 0;
}

/*
 * One neutral reply per UNKNOWN_WINDOW to a number we cannot place (a
 * stranger: lang "da"; a citizen without an agreement: their language),
 * [contact] unknown_reply in that language or the built-in text.
 */
static int
unknown_reply(struct ictx *x, const char *lang)
{
	struct template_var v[] = { { "org", x->cfg->org_name },
		{ "phone", x->cfg->org_phone } };
	const char	   *tpl;
	int64_t		    n = 0;
	int		    r;

	if (store_reply_count(x->s, x->in->sender, KIND_UNKNOWN,
		x->now - UNKNOWN_WINDOW, &n) != STORE_OK)
		return -1;
	if (n > 0) {
		x->outcome = "unknown_ignored";
		return 0;
	}
	x->outcome = "unknown_replied";
	if ((tpl = config_text(&x->cfg->unknown_reply, lang)) == NULL)
		tpl = smsreply_text(SMSREPLY_UNKNOWN);
	r = reply_queue(x, lang, tpl, v, 2, "unknown_reply", KIND_UNKNOWN);
	return r < 0 ? -1 : 0;
}

/* Anything else from a citizen: a contact request, or "already knows". */
static int
citizen_contact(struct ictx *x, const struct citizen_rec *c)
{
	struct contact_outcome co;
	struct template_var    v[4];
	char		       first[64];
	int		       r = 0;

	if (contact_open_text(
		x->s, x->cfg, c->id, "sms", x->in->body, x->now, &co) == -1)
		return -1;
	x->contact_id = co.request_id;
	switch (co.kind) {
	case CONTACT_OPENED:
		x->outcome = "contact_opened";
		r = store_reply_add(
			x->s, x->in->sender, KIND_CONTACT, x->now) == STORE_OK
		    ? 0
		    : -1;
		break;
	case CONTACT_ALREADY_OPEN:
		x->outcome = "contact_repeat";
		outbox_text_first_name(co.caller_name, first, sizeof(first));
		v[0] = (struct template_var){ "caller", first };
		v[1] = (struct template_var){ "crisis",
			config_text(&x->cfg->org_sms_urgent, c->language) };
		v[2] = (struct template_var){ "org", x->cfg->org_name };
		v[3] = (struct template_var){ "phone", x->cfg->org_phone };
		r = reply_queue(x, c->language,
			smsreply_text(contact_repeat_text(&co)), v, 4,
			"receipt", KIND_CONTACT) < 0
		    ? -1
		    : 0;
		break;
	default:
		r = unknown_reply(x, c->language);
		break;
	}
	contact_outcome_free(&co);
	return r;
}

/*
 * Is the text only "ok", "tak" or a thumbs up, answering an SMS that
 * asked for no answer (smsreply_invites_answer()), the latest the citizen
 * got, within SMSREPLY_ACK_WINDOW?  Then it is kept for the journal and
 * answered by nothing: no request, no "we already know".  Returns 1 so
 * (the outcome is set), 0 when the text is to be read as a request, -1
 * on a store error.
 */
static int
citizen_ack(struct ictx *x)
{
	char	       purpose[24];
	time_t	       at;
	enum store_err e;

	if (!keyword_is_ack(x->in->body, strlen(x->in->body)))
		return 0;
	e = store_outbox_last_to(x->s, x->in->sender,
	    x->now - SMSREPLY_ACK_WINDOW - SMSREPLY_SEND_BY, purpose, &at);
	if (e == STORE_NOTFOUND)
		return 0;
	if (e != STORE_OK)
		return -1;
	if (x->now - at > SMSREPLY_ACK_WINDOW ||
	    smsreply_invites_answer(purpose))
		return 0;
	x->outcome = "acknowledgement";
	return 1;
}

/* A text from a citizen's number. */
static int
route_citizen(struct ictx *x, const struct citizen_rec *c)
{
	int r;

	x->citizen_id = c->id;
	switch (keyword_parse(x->in->body, strlen(x->in->body), NULL)) {
	case KEYWORD_STOP:
		return citizen_reminders(x, c, 0);
	case KEYWORD_START:
		return citizen_reminders(x, c, 1);
	case KEYWORD_HELP:
		return citizen_help(x, c);
	default:
		if ((r = citizen_ack(x)) != 0)
			return r < 0 ? -1 : 0;
		return citizen_contact(x, c);
	}
}

/* A text from a staff number: OK [n] acknowledges, else help. */
static int
route_staff(
    struct ictx *x, const struct staff_rec *st, enum keyword kw, int64_t number)
{
	char		    idstr[24];
	struct template_var v[] = { { "id", idstr } };
	int64_t		    acked = 0;
	int		    r;

	x->staff_id = st->id;
	x->outcome = "staff_help";
	if (kw != KEYWORD_OK)
		return reply_queue(x, "da", smsreply_text(SMSREPLY_STAFF_HELP),
			   NULL, 0, "keyword_reply", KIND_STAFF) < 0
		    ? -1
		    : 0;
	if ((r = contact_ack(x->s, x->cfg, st->id, number, x->now, &acked)) ==
	    -1)
		return -1;
	if (r == 1)
		return reply_queue(x, "da", smsreply_text(SMSREPLY_STAFF_NONE),
			   NULL, 0, "keyword_reply", KIND_STAFF) < 0
		    ? -1
		    : 0;
	x->outcome = "staff_ack";
	x->contact_id = acked;
	snprintf(idstr, sizeof(idstr), "%lld", (long long)acked);
	r = reply_queue(x, "da", smsreply_text(SMSREPLY_STAFF_ACKED), v, 1,
	    "keyword_reply", KIND_STAFF);
	if (r == 0)
		x->outcome = "staff_ack"; /* the ack stands */
	return r < 0 ? -1 : 0;
}

/* Decide who sent the text and hand it on.  0 ok, -1 store error. */
static int
route_sender(struct ictx *x)
{
	struct citizen_rec c;
	struct staff_rec   st;
	enum store_err	   ce, se;
	enum keyword	   kw;
	int64_t		   number;
	int		   r;

	if (!phone_is_replyable(x->in->sender)) {
		x->outcome = "ignored_alpha";
		return 0;
	}
	kw = keyword_parse(x->in->body, strlen(x->in->body), &number);
	ce = store_citizen_by_mobile(x->s, x->in->sender, &c);
	se = store_staff_by_mobile(x->s, x->in->sender, &st);
	if ((ce != STORE_OK && ce != STORE_NOTFOUND) ||
	    (se != STORE_OK && se != STORE_NOTFOUND))
		r = -1;
	else if (se == STORE_OK && (kw == KEYWORD_OK || ce == STORE_NOTFOUND))
		r = route_staff(x, &st, kw, number);
	else if (ce == STORE_OK)
		r = route_citizen(x, &c);
	else
		r = unknown_reply(x, "da");
	if (ce == STORE_OK)
		citizen_rec_free(&c);
	if (se == STORE_OK)
		staff_rec_free(&st);
	return r;
}

/* Mark a text we could not handle, so it is not tried for ever. */
static void
mark_error(struct store *s, const struct inbox_rec *in, time_t now)
{
	if (store_inbox_set_outcome(s, in->id, "error", 0, 0, 0, now) !=
	    STORE_OK)
		log_warnx("inbound: id=%lld cannot record the error: %s",
		    (long long)in->id, store_errmsg(s));
}

/*
 * Route one text inside the caller's transaction.  Sets *outcome (NULL
 * when another daemon handled the text already).  0 ok, -1 store error.
 */
static int
route_in_tx(struct store *s, const struct config *cfg,
    const struct inbox_rec *in, time_t now, const char **outcome)
{
	struct ictx	 x = { s, cfg, in, now, NULL, 0, 0, 0 };
	struct inbox_rec fresh;

	*outcome = NULL;
	if (store_inbox_get(s, in->id, &fresh) != STORE_OK)
		return -1;
	if (fresh.processed_at != 0) { /* another daemon did it */
		inbox_rec_free(&fresh);
		return 0;
	}
	inbox_rec_free(&fresh);
	if (route_sender(&x) == -1 || x.outcome == NULL ||
	    store_inbox_set_outcome(s, in->id, x.outcome, x.citizen_id,
		x.staff_id, x.contact_id, now) != STORE_OK)
		return -1;
	*outcome = x.outcome;
	return 0;
}

/* After the commit: count and log one routed text. */
static void
routed_count(const struct inbox_rec *in, const char *outcome)
{
	char masked[LOG_PHONE_MAX];

	if (outcome == NULL)
		return;
	metrics_inc(METRIC_INBOUND_PROCESSED);
	if (strcmp(outcome, "contact_opened") == 0)
		metrics_inc(METRIC_CONTACT_OPENED);
	else if (strcmp(outcome, "acknowledgement") == 0)
		metrics_inc(METRIC_ACKNOWLEDGEMENTS);
	else if (strcmp(outcome, withheld[REPLYGUARD_PREMIUM]) == 0)
		metrics_inc(METRIC_WITHHELD_PREMIUM);
	else if (strcmp(outcome, withheld[REPLYGUARD_COUNTRY]) == 0)
		metrics_inc(METRIC_WITHHELD_COUNTRY);
	else if (strcmp(outcome, withheld[REPLYGUARD_BUDGET]) == 0)
		metrics_inc(METRIC_WITHHELD_BUDGET);
	log_info("inbound: id=%lld from=%s outcome=%s", (long long)in->id,
	    log_phone(in->sender, masked, sizeof(masked)), outcome);
}

/* See inbound.h. */
int
inbound_route(struct store *s, const struct config *cfg,
    const struct inbox_rec *in, time_t now)
{
	const char *outcome;

	if (store_begin(s) != STORE_OK)
		return -1;
	if (route_in_tx(s, cfg, in, now, &outcome) == -1 ||
	    store_commit(s) != STORE_OK) {
		log_warnx("inbound: id=%lld failed: %s", (long long)in->id,
		    store_errmsg(s));
		store_rollback(s);
		mark_error(s, in, now);
		return -1;
	}
	routed_count(in, outcome);
	return 0;
}

/*
 * May the router take the write lock now, for texts (last: &texts_ms) or
 * reports (&reports_ms)?  Not while webhooks keep coming: events not yet
 * committed, or a batch stored in the last INTAKE_QUIET_MS (a provider
 * waits for each 2xx, and the intake's writer would wait for the lock).
 * What is stored can wait: the run ends and the task comes back in
 * DEFER_MS, without blocking the loop.  During a flood both kinds must
 * still move, more slowly: DEFER_MAX_MS after its last commit, each may
 * go ahead with one transaction.  The caller sets *last when it commits.
 */
static int
may_write(struct inbound *st, const int64_t *last)
{
	if ((intake_backlog() > 0 || intake_quiet_ms() < INTAKE_QUIET_MS) &&
	    clock_mono_ms() - *last < DEFER_MAX_MS) {
		st->deferred = 1;
		return 0;
	}
	return 1;
}

/*
 * Route the n texts of v in one transaction (fewer commits, less time
 * holding the write lock in all); when anything fails, roll back and
 * route them one by one, so one bad text marks only itself.
 */
static void
route_group(struct store *s, const struct config *cfg, struct inbox_rec *v,
    size_t n, time_t now)
{
	const char *outcomes[INBOUND_GROUP];
	size_t	    i;
	int	    ok;

	ok = n <= INBOUND_GROUP && store_begin(s) == STORE_OK;
	for (i = 0; ok && i < n; i++)
		ok = route_in_tx(s, cfg, &v[i], now, &outcomes[i]) == 0;
	if (ok && store_commit(s) == STORE_OK) {
		for (i = 0; i < n; i++)
			routed_count(&v[i], outcomes[i]);
		return;
	}
	store_rollback(s);
	for (i = 0; i < n; i++)
		(void)inbound_route(s, cfg, &v[i], now);
}

/* --- the task --------------------------------------------------------- */

/* A batch of rows copied out of a query, handled after it finished. */
struct batch {
	void  *v;
	size_t n, size;
};

/* store_inbox_pending() callback: keep a copy of the row. */
static int
collect_inbox(const struct inbox_rec *r, void *arg)
{
	struct batch	 *b = arg;
	struct inbox_rec *v;

	if ((v = reallocarray(b->v, b->n + 1, sizeof(*v))) == NULL)
		fatal("%s", __func__);
	b->v = v;
	v[b->n] = *r;
	if ((v[b->n].provider_id = strdup(r->provider_id)) == NULL ||
	    (v[b->n].sender = strdup(r->sender)) == NULL ||
	    (v[b->n].body = strdup(r->body)) == NULL)
		fatal("%s", __func__);
	v[b->n].receiver = NULL;
	b->n++;
	return 0;
}

/*
 * Route up to INBOUND_BATCH pending texts, INBOUND_GROUP at a time, while
 * may_write() allows; returns how many.
 */
static size_t
route_pending(struct gw *gw, struct inbound *st, time_t now)
{
	struct batch	  b;
	struct inbox_rec *v;
	size_t		  i, n = 0;
	int64_t		  last_first = 0;
	int		  again = 1;

	while (again && n < INBOUND_BATCH && may_write(st, &st->texts_ms)) {
		memset(&b, 0, sizeof(b));
		if (store_inbox_pending(gw->store, INBOUND_GROUP, collect_inbox,
			&b) != STORE_OK)
			log_warnx("inbound: %s", store_errmsg(gw->store));
		v = b.v;
		/* None left, or the same first text: it could not be marked. */
		if (b.n == 0 || v[0].id == last_first)
			again = 0;
		else {
			last_first = v[0].id;
			route_group(gw->store, gw->cfg, v, b.n, now);
			st->texts_ms = clock_mono_ms();
			n += b.n;
			again = b.n == INBOUND_GROUP;
		}
		for (i = 0; i < b.n; i++)
			inbox_rec_free(&v[i]);
		free(b.v);
	}
	return n;
}

/* store_report_unmatched() callback: keep a copy of the report. */
static int
collect_report(const struct report_rec *r, void *arg)
{
	struct batch	  *b = arg;
	struct report_rec *v;

	if ((v = reallocarray(b->v, b->n + 1, sizeof(*v))) == NULL)
		fatal("%s", __func__);
	b->v = v;
	memset(&v[b->n], 0, sizeof(v[0]));
	v[b->n].id = r->id;
	memcpy(v[b->n].provider, r->provider, sizeof(r->provider));
	v[b->n].reference = r->reference;
	if ((r->provider_id &&
		(v[b->n].provider_id = strdup(r->provider_id)) == NULL) ||
	    (v[b->n].status = strdup(r->status)) == NULL ||
	    (r->error && (v[b->n].error = strdup(r->error)) == NULL))
		fatal("%s", __func__);
	b->n++;
	return 0;
}

/*
 * Apply one report inside the caller's transaction; a failure it records
 * counts in *failed, and one the number is not to blame for (the phone
 * was off) stays off the bad-number list.
 */
static enum store_err
apply_report(
    struct store *s, const struct report_rec *r, time_t now, uint64_t *failed)
{
	const char	 *ours = provider_report_status(r->provider, r->status);
	enum report_match m;
	enum store_err	  e;
	int		  fail = strcmp(ours, "failed") == 0;

	e = store_report_apply(s, r, ours,
	    fail && provider_report_temporary(r->provider, r->status, r->error),
	    now, &m);
	if (e == STORE_OK && fail && m == REPORT_APPLIED)
		(*failed)++;
	return e;
}

/*
 * Apply the unmatched reports after *cursor (one transaction); moves the
 * cursor.  Returns how many were looked at (0 when may_write() said no).
 */
static size_t
match_reports(struct store *s, struct inbound *st, int64_t *cursor, time_t now)
{
	struct batch	   b = { NULL, 0, 0 };
	struct report_rec *v;
	size_t		   i, n;
	uint64_t	   failed = 0;
	enum store_err	   e = STORE_OK;

	if (!may_write(st, &st->reports_ms))
		return 0;
	if (store_report_unmatched(s, *cursor, now - REPORT_KEEP_TRYING,
		REPORT_BATCH, collect_report, &b) != STORE_OK ||
	    b.n == 0) {
		free(b.v);
		return 0;
	}
	v = b.v;
	if ((e = store_begin(s)) == STORE_OK) {
		for (i = 0; i < b.n && e == STORE_OK; i++)
			e = apply_report(s, &v[i], now, &failed);
		e = e == STORE_OK ? store_commit(s) : e;
		st->reports_ms = clock_mono_ms();
	}
	if (e != STORE_OK) {
		log_warnx("inbound: reports: %s", store_errmsg(s));
		store_rollback(s);
	} else {
		*cursor = v[b.n - 1].id;
		metrics_add(METRIC_REPORT_FAILED, failed);
	}
	for (i = 0; i < b.n; i++)
		report_rec_free(&v[i]);
	n = b.n;
	free(b.v);
	return n;
}

/* See inbound.h. */
int
inbound_start(struct gw *gw)
{
	struct inbound *st;

	if ((st = calloc(1, sizeof(*st))) == NULL)
		fatal("%s", __func__);
	gw->task[GW_TASK_INBOUND] = st;
	return 0;
}

/* See inbound.h. */
time_t
inbound_run(struct gw *gw, time_t now)
{
	struct inbound *st = gw->task[GW_TASK_INBOUND];
	size_t		n;
	int		more = 0, deferred;

	if (st == NULL || !gw_may_send(gw))
		return 0;
	st->deferred = 0;
	n = route_pending(gw, st, now);
	if (n > 0)
		gw_soon(gw, GW_TASK_SENDER, 0); /* the replies just queued */
	if (n == INBOUND_BATCH)
		more = 1;
	if (match_reports(gw->store, st, &st->last_report, now) == REPORT_BATCH)
		more = 1;
	if (now >= st->rescan_at) {
		/* Only a rescan that really ran to its end starts over. */
		deferred = st->deferred;
		st->deferred = 0;
		n = match_reports(gw->store, st, &st->rescan_cursor, now);
		if (!st->deferred && n < REPORT_BATCH) {
			st->rescan_cursor = 0;
			st->rescan_at = now + REPORT_RESCAN;
		}
		st->deferred |= deferred;
	}
	if (st->deferred) {
		/* Back in DEFER_MS; a wish for "now" would spin the loop. */
		gw_soon(gw, GW_TASK_INBOUND, DEFER_MS);
		return 0;
	}
	return more ? now : st->rescan_at;
}

/* See inbound.h. */
void
inbound_stop(struct gw *gw)
{
	free(gw->task[GW_TASK_INBOUND]);
	gw->task[GW_TASK_INBOUND] = NULL;
}
