/*
 * sender.c - owns the outbox sender task: claiming, the ready list, the
 * rate limit, the outcomes.
 *
 * Life of a message here: claimed (status `sending`, attempt counted) in
 * the same transaction that records the previous outcomes; kept in a
 * short ready list ordered by priority (never longer than the free part
 * of the in-flight window, so a login code queued now overtakes reminders
 * claimed earlier); handed to the provider when the window and a rate
 * token allow; the answer classified (providers/provider.h); the outcome
 * recorded in the next transaction.  At most max_in_flight messages are
 * ever handed over without a recorded outcome, which bounds the
 * duplicates a crash can cause; each duplicate carries the same
 * reference (our outbox id), so the provider and we can recognise it.
 *
 * HTTP providers: sender_http.c (a pool of libcurl requests, kept-alive
 * connections, several messages per request where the provider allows);
 * this file calls it and hears back through struct http_owner.  The file
 * provider is synchronous: one write and one fdatasync per batch of at
 * most max_in_flight, then the transaction that records it.
 *
 * Retryable answers back off exponentially with jitter (or as long as a
 * Retry-After asks) until send_by; a retry that would fall after send_by
 * expires the message instead, and a claimed message whose send_by has
 * passed is expired, never sent.  A 429 also pauses every send for the
 * time the provider asked (at most SEND_PAUSE_MAX seconds).
 *
 * Any 2xx means the provider has the message: it is recorded as sent,
 * and when its body could not be read, as "unconfirmed" (counted, never
 * sent again).  An answer that refuses our credentials or account (401,
 * 403 without a code that blames the message, a bad token, no credit)
 * is no verdict on the message: every send pauses (SEND_ACCOUNT_PAUSE,
 * doubling while it goes on), an alert goes to the log, and the messages
 * wait in the queue until their send_by.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "clock.h"
#include "config.h"
#include "crypto.h"
#include "failover.h"
#include "gateway.h"
#include "log.h"
#include "metrics.h"
#include "providers/provider.h"
#include "sender.h"
#include "sender_http.h"
#include "store.h"
#include "store_outbox.h"

#define SEND_BACKOFF_BASE  2   /* seconds, first retry */
#define SEND_BACKOFF_MAX   900 /* seconds */
#define SEND_PAUSE_MAX	   60  /* seconds a 429 pauses everything */
#define SEND_FILE_ROUNDS   8   /* file batches per run() */
#define SEND_ACCOUNT_PAUSE 30  /* seconds, the first account pause */
#define SEND_REQUESTS	   2   /* requests the window is spread over */

/* An outcome waiting for the next transaction. */
struct pending {
	struct outbox_outcome o;
	const char	     *provider; /* who answered (static) */
	char		      provider_id[SEND_ID_MAX];
	char		      error[SEND_REASON_MAX];
};

struct sender {
	struct gw	    *gw;
	const struct config *cfg;    /* the providers were made from it */
	struct failover	     fo;     /* the providers we send with */
	size_t		     window; /* messages in flight at most, each */
	struct outbox_claim *batch;  /* max_batch: the next request */
	struct outbox_claim *ready;  /* by priority; from head */
	size_t		     head, nready, ready_cap;
	struct pending	    *done;
	size_t		     ndone, done_cap;
	struct send_result  *results; /* file provider batch */
	double		     tokens;
	int64_t		     tokens_ms;
	int64_t		     pause_until_ms; /* a 429's pause */
	time_t		     account_until;  /* an account pause (clock_now) */
	int		     account_pauses; /* in a row, for the backoff */
	int		     reconciled;
	int		     drained;  /* saw no due rows last claim */
	uint64_t	     txns;     /* flush transactions */
	uint64_t	     recorded; /* outcomes recorded */
};

static double tokens_max(const struct sender *);
static void   outcomes_note(struct sender *, struct route *,
      struct outbox_claim *, const struct send_result *, size_t, time_t);
static void   ready_unpop(struct sender *, struct outbox_claim *);

/* Messages handed over whose answer has not come back. */
static size_t
in_flight(const struct sender *s)
{
	return failover_in_flight(&s->fo);
}

/* --- configuration and provider ------------------------------------- */

int
sender_check_config(const struct config *cfg, char *err, size_t errlen)
{
	struct provider_use u;
	size_t		    i;

	for (i = 0; i < cfg->sms_providers.n; i++) {
		if (provider_open(
			cfg, cfg->sms_providers.word[i], &u, err, errlen) == -1)
			return -1;
		provider_close(&u);
	}
	return 0;
}

/*
 * Slots: max_in_flight for HTTP providers; for the file, one write of at
 * most [sms] batch and never more than max_in_flight, since a crash
 * between the write and the commit of its outcomes writes all of it
 * again at the next start.
 */
static size_t
slot_count(const struct config *cfg)
{
	const struct provider *p = provider_find(cfg->sms_provider);

	if ((p != NULL && p->http) || cfg->sms_batch > cfg->sms_max_in_flight)
		return (size_t)cfg->sms_max_in_flight;
	return (size_t)cfg->sms_batch;
}

/* A provider's HTTP pool (arg: its route) gives back answered claims. */
static void
http_done(void *arg, struct outbox_claim *c, struct send_result *res, size_t n,
    time_t now)
{
	struct route *r = arg;

	outcomes_note(r->owner, r, c, res, n, now);
}

/* A provider's HTTP pool gives back claims refused as one request. */
static void
http_resend_alone(void *arg, struct outbox_claim *c, size_t n)
{
	struct route *r = arg;
	size_t	      i;

	for (i = n; i-- > 0;) {
		c[i].solo = 1;
		ready_unpop(r->owner, &c[i]);
	}
}

/*
 * Make the provider of s->gw->cfg current: init it, and for HTTP the
 * slots.  Returns 0, or -1 (logged) leaving s as it was.
 */
static int
provider_load(struct sender *s)
{
	const struct config    *cfg = s->gw->cfg;
	const struct http_owner owner = { http_done, http_resend_alone, s };
	struct failover		fo;
	size_t			i, batch = 1;
	char			err[CONFIG_ERR_MAX];

	if (failover_open(&fo, s->gw, cfg, slot_count(cfg), &owner, clock_now(),
		err, sizeof(err)) == -1) {
		log_warnx("sender: provider: %s", err);
		return -1;
	}
	failover_close(&s->fo);
	s->fo = fo;
	s->cfg = cfg;
	s->window = slot_count(cfg);
	for (i = 0; i < fo.n; i++)
		if (fo.route[i].prov.ops->max_batch > batch)
			batch = fo.route[i].prov.ops->max_batch;
	if ((s->results = reallocarray(
		 s->results, s->window, sizeof(*s->results))) == NULL ||
	    (s->batch = reallocarray(s->batch, batch + 1, sizeof(*s->batch))) ==
		NULL)
		fatal("reallocarray");
	s->tokens_ms = clock_mono_ms();
	s->tokens = tokens_max(s);
	for (i = 0; i < fo.n; i++)
		log_info("sender: provider=%s in_flight=%zu rate=%d/s%s",
		    fo.route[i].prov.ops->name,
		    fo.route[i].http != NULL ? s->window : (size_t)1,
		    cfg->sms_rate_per_second, i == 0 ? "" : " (failover)");
	return 0;
}

/* --- outcomes ------------------------------------------------------- */

/* A random number in [0, n). */
static unsigned
jitter(unsigned n)
{
	uint32_t r;

	if (n == 0 || crypto_random_bytes(&r, sizeof(r)) == -1)
		return 0;
	return r % n;
}

/*
 * Seconds to wait before attempt number `attempts` + 1: exponential from
 * SEND_BACKOFF_BASE, capped, with jitter over the upper half; at least
 * what the provider asked for in Retry-After.
 */
static time_t
backoff(int attempts, int retry_after)
{
	unsigned d = SEND_BACKOFF_BASE;
	int	 i;

	for (i = 1; i < attempts && d < SEND_BACKOFF_MAX; i++)
		d *= 2;
	if (d > SEND_BACKOFF_MAX)
		d = SEND_BACKOFF_MAX;
	d = d / 2 + 1 + jitter(d / 2 + 1);
	if (retry_after > SEND_RETRY_AFTER_MAX)
		retry_after = SEND_RETRY_AFTER_MAX;
	if (retry_after > 0 && (unsigned)retry_after > d)
		d = (unsigned)retry_after;
	return (time_t)d;
}

/* A new pending outcome slot for claim c, answered by provider. */
static struct pending *
pending_add(struct sender *s, const char *provider,
    const struct outbox_claim *c, enum outbox_result r, const char *error)
{
	struct pending *p;

	if (s->ndone == s->done_cap) {
		s->done_cap = s->done_cap ? s->done_cap * 2 : 64;
		if ((s->done = reallocarray(
			 s->done, s->done_cap, sizeof(*s->done))) == NULL)
			fatal("reallocarray");
	}
	p = &s->done[s->ndone++];
	memset(p, 0, sizeof(*p));
	p->o.id = c->id;
	p->o.result = r;
	p->provider = provider;
	snprintf(p->error, sizeof(p->error), "%s", error ? error : "");
	return p;
}

/*
 * Record every pending outcome inside the caller's transaction (the
 * string pointers are set here: the array may have moved since).
 */
static enum store_err
record_pending(struct sender *s, time_t now)
{
	struct pending *p;
	enum store_err	e;
	size_t		i;

	for (i = 0; i < s->ndone; i++) {
		p = &s->done[i];
		p->o.error = p->error[0] ? p->error : NULL;
		p->o.provider_id = p->provider_id[0] ? p->provider_id : NULL;
		p->o.provider =
		    p->o.result == OUTBOX_RESULT_RELEASE ? NULL : p->provider;
		if ((e = store_outbox_record(s->gw->store, &p->o, 1, now)) !=
		    STORE_OK)
			return e;
	}
	return STORE_OK;
}

/* Log one permanent failure or expiry; the number masked, no body. */
static void
log_outcome(const struct outbox_claim *c, const char *what, const char *reason)
{
	char ph[LOG_PHONE_MAX];

	log_info("sms %s id=%lld to=%s attempts=%d reason=\"%s\"", what,
	    (long long)c->id, log_phone(c->recipient, ph, sizeof(ph)),
	    c->attempts, reason);
}

/* 1 while an account pause runs (the provider refused who we are). */
static int
account_paused(const struct sender *s, time_t now)
{
	return now < s->account_until;
}

/*
 * The provider refused our credentials or account: pause every send for
 * SEND_ACCOUNT_PAUSE seconds, doubling with each pause in a row (at
 * most SEND_BACKOFF_MAX), unless one runs already; the alert is logged
 * once per pause.  Returns the seconds left of the pause.
 */
static int
account_pause(struct sender *s, const struct route *r,
    const struct send_result *res, time_t now)
{
	time_t d = SEND_ACCOUNT_PAUSE;
	int    i;

	if (!account_paused(s, now)) {
		for (i = 0; i < s->account_pauses && d < SEND_BACKOFF_MAX; i++)
			d *= 2;
		if (d > SEND_BACKOFF_MAX)
			d = SEND_BACKOFF_MAX;
		s->account_pauses++;
		s->account_until = now + d;
		metrics_inc(METRIC_ACCOUNT_PAUSES);
		log_warnx(
		    "sms ALERT: provider %s refused our credentials or "
		    "account (%s); all sending paused for %llds, messages stay "
		    "queued until their send-by",
		    r->prov.ops->name, res->reason, (long long)d);
	}
	return (int)(s->account_until - now);
}

/* An acceptance: count it; an unconfirmed one is logged too. */
static void
accepted(struct sender *s, const struct route *r, const struct outbox_claim *c,
    const struct send_result *res)
{
	struct pending *p;

	p = pending_add(s, r->prov.ops->name, c, OUTBOX_RESULT_SENT,
	    res->unconfirmed ? res->reason : NULL);
	p->o.unconfirmed = res->unconfirmed;
	snprintf(
	    p->provider_id, sizeof(p->provider_id), "%s", res->provider_id);
	metrics_inc(METRIC_SENT);
	if (res->unconfirmed) {
		metrics_inc(METRIC_UNCONFIRMED);
		log_outcome(c, "unconfirmed", res->reason);
	}
	if (s->account_pauses > 0) {
		log_info("sms: provider %s accepts again; sending resumed",
		    r->prov.ops->name);
		s->account_pauses = 0;
	}
}

/*
 * When to try claim c again after the retryable answer res of r at now
 * (wait: seconds at least).  With failover: a message that may have
 * reached the provider (its request timed out after it went out) waits
 * the grace first, whoever takes it then; a login code that did not
 * reach it is tried again at once when another provider takes login
 * codes (failover_pick() sends it there).
 */
static time_t
retry_at(const struct sender *s, const struct route *r,
    const struct outbox_claim *c, const struct send_result *res, time_t now,
    int wait)
{
	time_t next = now + backoff(c->attempts, wait), grace;

	if (s->fo.n < 2 || res->rate_limited)
		return next;
	grace = c->priority == 0 ? s->cfg->sms_login_grace
				 : s->cfg->sms_failover_grace;
	if (res->uncertain)
		return now + grace > next ? now + grace : next;
	if (c->priority == 0 && wait == 0 && failover_other_takes(&s->fo, r, 1))
		return now;
	return next;
}

/*
 * Turn a classified answer for claim c into a pending outcome and count
 * it; a 429 also pauses sending, and an account refusal pauses it until
 * the operator can have fixed it.
 */
static void
outcome_note(struct sender *s, const struct route *r,
    const struct outbox_claim *c, const struct send_result *res, time_t now)
{
	const char     *name = r->prov.ops->name;
	struct pending *p;
	time_t		next;
	int		pause, wait = res->retry_after;

	switch (res->cls) {
	case SEND_ACCEPTED:
		accepted(s, r, c, res);
		return;
	case SEND_PERMANENT:
		pending_add(s, name, c, OUTBOX_RESULT_FAILED, res->reason);
		metrics_inc(METRIC_FAILED);
		log_outcome(c, "failed", res->reason);
		return;
	case SEND_ACCOUNT:
		/* Another provider answers: it takes the traffic instead. */
		if (failover_other_takes(&s->fo, r, 0))
			break;
		if ((pause = account_pause(s, r, res, now)) > wait)
			wait = pause;
		break;
	default:
		break;
	}
	if (res->rate_limited) {
		metrics_inc(METRIC_RATE_LIMITED);
		pause = res->retry_after > 0 ? res->retry_after : 1;
		if (pause > SEND_PAUSE_MAX)
			pause = SEND_PAUSE_MAX;
		s->pause_until_ms = clock_mono_ms() + pause * 1000;
	}
	next = retry_at(s, r, c, res, now, wait);
	if (next > c->send_by) {
		pending_add(s, name, c, OUTBOX_RESULT_EXPIRED, res->reason);
		metrics_inc(METRIC_EXPIRED);
		log_outcome(c, "expired", res->reason);
		return;
	}
	p = pending_add(s, name, c, OUTBOX_RESULT_RETRY, res->reason);
	p->o.next_attempt_at = next;
	metrics_inc(METRIC_RETRIED);
	log_debug("sms retry id=%lld in=%llds reason=\"%s\"", (long long)c->id,
	    (long long)(next - now), res->reason);
}

/*
 * Note the answers res[0..n-1] of one request to r for claims
 * c[0..n-1]: its provider's health, each outcome; free the claims.
 */
static void
outcomes_note(struct sender *s, struct route *r, struct outbox_claim *c,
    const struct send_result *res, size_t n, time_t now)
{
	size_t i;

	if (n > 0)
		failover_note(&s->fo, r, c, res, n, now);
	for (i = 0; i < n; i++) {
		outcome_note(s, r, &c[i], &res[i], now);
		outbox_claim_free(&c[i]);
	}
	metrics_set(GAUGE_IN_FLIGHT, (int64_t)in_flight(s));
}

/* --- the ready list ------------------------------------------------- */

static size_t
ready_len(const struct sender *s)
{
	return s->nready - s->head;
}

/*
 * Merge newly claimed rows (sorted by priority) into the ready list,
 * keeping it ordered by priority, then id.
 */
static void
ready_merge(struct sender *s, struct outbox_claim *c, size_t n)
{
	size_t		     len = ready_len(s), i, j, k;
	struct outbox_claim *merged;

	if (n == 0)
		return;
	if ((merged = reallocarray(NULL, len + n, sizeof(*merged))) == NULL)
		fatal("reallocarray");
	for (i = s->head, j = 0, k = 0; i < s->nready || j < n; k++) {
		if (j >= n ||
		    (i < s->nready &&
			(s->ready[i].priority < c[j].priority ||
			    (s->ready[i].priority == c[j].priority &&
				s->ready[i].id < c[j].id))))
			merged[k] = s->ready[i++];
		else
			merged[k] = c[j++];
	}
	free(s->ready);
	s->ready = merged;
	s->head = 0;
	s->nready = s->ready_cap = len + n;
}

/* Take the first ready claim into *c; 0, or -1 when empty. */
static int
ready_pop(struct sender *s, struct outbox_claim *c)
{
	if (s->head >= s->nready)
		return -1;
	*c = s->ready[s->head];
	memset(&s->ready[s->head], 0, sizeof(s->ready[s->head]));
	if (++s->head == s->nready)
		s->head = s->nready = 0;
	return 0;
}

/* Put claim c back at the front of the ready list. */
static void
ready_unpop(struct sender *s, struct outbox_claim *c)
{
	if (s->head > 0 && s->head < s->nready) {
		s->ready[--s->head] = *c;
		return;
	}
	ready_merge(s, c, 1);
}

/* Give every ready row back to the queue (draining, lease lost). */
static void
ready_release(struct sender *s)
{
	struct outbox_claim c;

	while (ready_pop(s, &c) == 0) {
		pending_add(s, NULL, &c, OUTBOX_RESULT_RELEASE, NULL);
		outbox_claim_free(&c);
	}
}

/* --- rate limit ----------------------------------------------------- */

/* The bucket's capacity: a tenth of a second of rate, at least 1. */
static double
tokens_max(const struct sender *s)
{
	double cap = s->cfg->sms_rate_per_second / 10.0;

	return cap < 1.0 ? 1.0 : cap;
}

/* Refill the token bucket. */
static void
tokens_refill(struct sender *s, int64_t now_ms)
{
	double rate = s->cfg->sms_rate_per_second;

	if (s->tokens_ms != 0 && now_ms > s->tokens_ms)
		s->tokens += rate * (double)(now_ms - s->tokens_ms) / 1000.0;
	if (s->tokens > tokens_max(s))
		s->tokens = tokens_max(s);
	s->tokens_ms = now_ms;
}

/* Milliseconds until a token is free (0 when one is). */
static int
tokens_wait_ms(const struct sender *s)
{
	double need = 1.0 - s->tokens;

	if (need <= 0)
		return 0;
	return (int)(need * 1000.0 / s->cfg->sms_rate_per_second) + 1;
}

/*
 * Expire claim c if its send_by has passed (it is then consumed).
 * Returns 1 when expired.
 */
static int
expire_if_late(struct sender *s, struct outbox_claim *c, time_t now)
{
	if (now <= c->send_by)
		return 0;
	pending_add(
	    s, NULL, c, OUTBOX_RESULT_EXPIRED, "send-by passed before sending");
	metrics_inc(METRIC_EXPIRED);
	log_outcome(c, "expired", "send-by passed before sending");
	outbox_claim_free(c);
	return 1;
}

/* Whether the rate limit and a 429 pause let one more message go. */
static int
may_hand_over(struct sender *s, int64_t now_ms)
{
	if (now_ms < s->pause_until_ms) {
		gw_soon(
		    s->gw, GW_TASK_SENDER, (int)(s->pause_until_ms - now_ms));
		return 0;
	}
	tokens_refill(s, now_ms);
	if (s->tokens < 1.0) {
		gw_soon(s->gw, GW_TASK_SENDER, tokens_wait_ms(s));
		return 0;
	}
	return 1;
}

/* Local provider r: deliver the ready rows the tokens allow, at once. */
static void
start_local(struct sender *s, struct route *r, time_t now)
{
	struct outbox_claim *batch = NULL;
	size_t		     n = 0;
	int64_t		     now_ms = clock_mono_ms();

	if ((batch = reallocarray(NULL, ready_len(s) + 1, sizeof(*batch))) ==
	    NULL)
		fatal("reallocarray");
	while (ready_len(s) > 0 && may_hand_over(s, now_ms)) {
		ready_pop(s, &batch[n]);
		if (expire_if_late(s, &batch[n], now))
			continue;
		s->tokens -= 1.0;
		n++;
	}
	if (n > 0) {
		metrics_add(METRIC_SEND_ATTEMPTS, n);
		r->prov.ops->deliver(r->prov.ctx, batch, n, s->results);
		metrics_observe_latency((double)(clock_mono_ms() - now_ms));
	}
	outcomes_note(s, r, batch, s->results, n, now);
	free(batch);
}

/*
 * Gather the next request's claims to r into s->batch: up to its
 * max_batch (one for a probe), the messages in flight and the tokens
 * allow; a claim marked solo goes alone.  Expired claims are expired on
 * the way.  Returns how many.
 */
static size_t
batch_gather(struct sender *s, struct route *r, int probe, time_t now)
{
	struct outbox_claim c;
	size_t		    max = probe ? 1 : r->prov.ops->max_batch, n = 0;
	size_t		    room = s->window - http_pool_in_flight(r->http);
	size_t share = (s->window + SEND_REQUESTS - 1) / SEND_REQUESTS;

	/* Spread the window over a few requests so that they overlap. */
	if (share < max)
		max = share;
	if (room < max)
		max = room;
	if (s->tokens < (double)max)
		max = s->tokens < 1.0 ? 1 : (size_t)s->tokens;
	while (n < max && ready_pop(s, &c) == 0) {
		if (expire_if_late(s, &c, now))
			continue;
		if (c.solo && n > 0) {
			ready_unpop(s, &c);
			break;
		}
		s->batch[n++] = c;
		if (c.solo)
			break;
	}
	s->tokens -= (double)n;
	return n;
}

/*
 * The timeout of a request of claims c[0..n-1]: shorter with a login
 * code when another provider could take it.  In milliseconds.
 */
static long
request_timeout(const struct sender *s, const struct outbox_claim *c, size_t n)
{
	size_t i;

	for (i = 0; s->fo.n > 1 && i < n; i++)
		if (c[i].priority == 0)
			return s->cfg->sms_login_timeout * 1000L;
	return s->cfg->sms_timeout * 1000L;
}

/*
 * Hand ready rows over while the tokens allow: each request to the
 * provider failover_pick() chooses for its first row, while that one
 * has a free slot.  Returns 1 when a local provider took some (another
 * round may follow), else 0.
 */
static int
start_sends(struct sender *s, time_t now)
{
	struct route *r;
	int64_t	      now_ms = clock_mono_ms();
	size_t	      n;
	int	      probe;

	while (ready_len(s) > 0 && may_hand_over(s, now_ms)) {
		r = failover_pick(&s->fo, &s->ready[s->head], now, &probe);
		if (r->http == NULL) {
			start_local(s, r, now);
			return 1;
		}
		if (!http_pool_has_slot(r->http))
			break;
		if ((n = batch_gather(s, r, probe, now)) == 0)
			continue;
		if (probe)
			failover_probe(&s->fo, r, s->batch[0].id, now);
		http_pool_send(
		    r->http, s->batch, n, now, request_timeout(s, s->batch, n));
	}
	metrics_set(GAUGE_IN_FLIGHT, (int64_t)in_flight(s));
	return 0;
}

/* --- the task ------------------------------------------------------- */

/*
 * How many rows to claim now: none while paused; after an account pause
 * one, to find out whether the provider takes us again.
 */
static size_t
claim_want(struct sender *s, time_t now)
{
	size_t	busy = failover_busy(&s->fo) + ready_len(s), want;
	int64_t now_ms = clock_mono_ms();

	if (!gw_may_send(s->gw) || !s->reconciled || s->cfg != s->gw->cfg ||
	    busy >= s->window || now_ms < s->pause_until_ms ||
	    account_paused(s, now))
		return 0;
	want = s->account_pauses > 0 ? (busy == 0) : s->window - busy;
	tokens_refill(s, now_ms);
	if (s->tokens < (double)want)
		want = s->tokens < 1.0 ? 0 : (size_t)s->tokens;
	return want;
}

/*
 * Keep the line mentorctl status shows (the active provider and why) in
 * the caller's transaction.
 */
static enum store_err
status_store(struct sender *s)
{
	struct buf     b = { 0 };
	enum store_err e;

	failover_status(&s->fo, &b);
	e = store_setting_set(
	    s->gw->store, STORE_SETTING_SMS_PROVIDER, buf_str(&b));
	buf_free(&b);
	return e;
}

/*
 * One transaction: record the pending outcomes and claim what the free
 * slots can take.  On a store error everything stays pending and is
 * tried again shortly.
 */
static void
flush_and_claim(struct sender *s, time_t now)
{
	struct outbox_claim *c;
	struct store	    *st = s->gw->store;
	size_t		     want = claim_want(s, now), got = 0, i;
	enum store_err	     e;
	int		     status = s->fo.changed && s->gw->leader;

	if (s->ndone == 0 && want == 0 && !status)
		return;
	if ((c = reallocarray(NULL, want + 1, sizeof(*c))) == NULL)
		fatal("reallocarray");
	if ((e = store_begin(st)) == STORE_OK)
		e = record_pending(s, now);
	if (e == STORE_OK && status)
		e = status_store(s);
	if (e == STORE_OK && want > 0)
		e = store_outbox_claim(
		    st, now, s->cfg->sms_provider, want, c, &got);
	if (e == STORE_OK)
		e = store_commit(st);
	if (e != STORE_OK) {
		for (i = 0; i < got; i++)
			outbox_claim_free(&c[i]);
		store_rollback(st);
		log_warnx("sender: store: %s: %s", store_strerror(e),
		    store_errmsg(st));
		free(c);
		gw_soon(s->gw, GW_TASK_SENDER, 500);
		return;
	}
	s->txns++;
	if (status)
		s->fo.changed = 0;
	s->recorded += s->ndone;
	s->ndone = 0;
	ready_merge(s, c, got);
	free(c);
	if (want > 0)
		s->drained = got < want;
}

/*
 * Reconcile rows left in `sending` when we become the sender, and claim
 * nothing before.  Never while we hold rows ourselves (in flight, ready,
 * or an outcome not yet recorded, as after a lease that ran out while
 * the database was locked): those are ours, not a dead daemon's, and
 * putting them back would send accepted messages again.
 */
static void
reconcile(struct sender *s, time_t now)
{
	int64_t	       n;
	enum store_err e;

	if (s->reconciled || !s->gw->leader || in_flight(s) > 0 ||
	    ready_len(s) > 0 || s->ndone > 0)
		return;
	if ((e = store_outbox_reconcile(s->gw->store, now, &n)) != STORE_OK) {
		log_warnx("sender: reconcile: %s", store_errmsg(s->gw->store));
		return;
	}
	s->reconciled = 1;
	if (n > 0) {
		metrics_add(METRIC_RECONCILED, (uint64_t)n);
		log_info("sender: reconciled=%lld (left in sending; resent "
			 "with the same reference)",
		    (long long)n);
	}
}

/* The next instant there is something to claim, when drained. */
static time_t
next_wish(struct sender *s, time_t now)
{
	time_t t;

	if (!gw_may_send(s->gw) || ready_len(s) > 0)
		return 0;
	if (account_paused(s, now))
		return s->account_until;
	if (!s->drained) {
		if (in_flight(s) < s->window)
			gw_soon(s->gw, GW_TASK_SENDER, 0);
		return 0;
	}
	if (store_outbox_next_due(s->gw->store, &t) != STORE_OK)
		return 0;
	return t > now ? t : now + 1;
}

time_t
sender_run(struct gw *gw, time_t now)
{
	struct sender *s = gw->task[GW_TASK_SENDER];
	int	       round;

	for (round = 0; (size_t)round < s->fo.n; round++)
		if (s->fo.route[round].http != NULL)
			http_pool_timeouts(s->fo.route[round].http);
	if (gw->cfg != s->cfg && in_flight(s) == 0 && ready_len(s) == 0 &&
	    provider_load(s) == -1)
		s->cfg = gw->cfg; /* keep the old provider */
	if (!gw->leader)
		s->reconciled = 0;
	if (!gw_may_send(gw) || account_paused(s, now))
		ready_release(s);
	if (!s->reconciled && s->ndone > 0)
		flush_and_claim(s, now); /* records only: claims wait */
	reconcile(s, now);
	for (round = 0; round < SEND_FILE_ROUNDS; round++) {
		flush_and_claim(s, now);
		if (ready_len(s) == 0 || !start_sends(s, now))
			break;
	}
	if (s->ndone > 0)
		gw_soon(gw, GW_TASK_SENDER, 0);
	return next_wish(s, now);
}

int
sender_start(struct gw *gw)
{
	struct sender *s;

	if ((s = calloc(1, sizeof(*s))) == NULL)
		fatal("calloc");
	s->gw = gw;
	gw->task[GW_TASK_SENDER] = s;
	if (provider_load(s) == -1) {
		sender_stop(gw);
		return -1;
	}
	return 0;
}

int
sender_idle(struct gw *gw)
{
	struct sender *s = gw->task[GW_TASK_SENDER];

	return s == NULL ||
	    (in_flight(s) == 0 && s->ndone == 0 && ready_len(s) == 0);
}

void
sender_stop(struct gw *gw)
{
	struct sender *s = gw->task[GW_TASK_SENDER];

	if (s == NULL)
		return;
	log_debug("sender: %llu outcomes in %llu transactions",
	    (unsigned long long)s->recorded, (unsigned long long)s->txns);
	failover_close(&s->fo); /* in flight: still `sending` */
	ready_release(s);
	if (store_begin(gw->store) == STORE_OK) {
		if (record_pending(s, clock_now()) == STORE_OK)
			(void)store_commit(gw->store);
		else
			store_rollback(gw->store);
	}
	free(s->batch);
	free(s->results);
	free(s->ready);
	free(s->done);
	free(s);
	gw->task[GW_TASK_SENDER] = NULL;
}
