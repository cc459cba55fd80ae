/*
 * failover.c - owns the providers in use, their health and the choice
 * between them.  See failover.h and health.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "config.h"
#include "failover.h"
#include "gateway.h"
#include "log.h"
#include "metrics.h"
#include "sender_http.h"
#include "store_outbox.h"

/* Login codes leave a provider after this many failures in a row. */
#define FAILOVER_LOGIN_AFTER 1

int
failover_open(struct failover *fo, struct gw *gw, const struct config *cfg,
    size_t window, const struct http_owner *owner, time_t now, char *err,
    size_t errlen)
{
	struct http_owner o = *owner;
	struct route	 *r;
	size_t		  i;

	memset(fo, 0, sizeof(*fo));
	fo->n = cfg->sms_providers.n;
	fo->rules.after = cfg->sms_failover_after;
	fo->rules.login_after = FAILOVER_LOGIN_AFTER;
	fo->rules.probe = cfg->sms_failover_probe;
	fo->changed = 1;
	if ((fo->route = calloc(fo->n, sizeof(*fo->route))) == NULL ||
	    (fo->health = calloc(fo->n, sizeof(*fo->health))) == NULL)
		fatal("calloc");
	for (i = 0; i < fo->n; i++) {
		r = &fo->route[i];
		if (provider_open(cfg, cfg->sms_providers.word[i], &r->prov,
			err, errlen) == -1) {
			fo->n = i;
			failover_close(fo);
			return -1;
		}
		r->idx = i;
		r->owner = owner->arg;
		o.arg = r;
		if (r->prov.ops->http)
			r->http = http_pool_new(gw, &r->prov, window, &o);
		health_init(&fo->health[i], now);
		metrics_provider_name(i, r->prov.ops->name);
		metrics_provider_set(i, PGAUGE_UP, 1);
		metrics_provider_set(i, PGAUGE_ACTIVE, i == 0);
	}
	return 0;
}

void
failover_close(struct failover *fo)
{
	size_t i;

	for (i = 0; i < fo->n; i++) {
		http_pool_free(fo->route[i].http);
		provider_close(&fo->route[i].prov);
	}
	free(fo->route);
	free(fo->health);
	memset(fo, 0, sizeof(*fo));
}

size_t
failover_in_flight(const struct failover *fo)
{
	size_t i, n = 0;

	for (i = 0; i < fo->n; i++)
		if (fo->route[i].http != NULL)
			n += http_pool_in_flight(fo->route[i].http);
	return n;
}

size_t
failover_busy(const struct failover *fo)
{
	const struct route *r;

	if (fo->n == 0)
		return 0;
	r = &fo->route[fo->active];
	return r->http != NULL ? http_pool_in_flight(r->http) : 0;
}

struct route *
failover_pick(
    struct failover *fo, const struct outbox_claim *c, time_t now, int *probe)
{
	*probe = 0;
	if (fo->n == 1)
		return &fo->route[0];
	/* A probe is a message no provider has seen, never a login code. */
	return &fo->route[health_pick(fo->health, fo->n, &fo->rules,
	    c->priority == 0, c->priority != 0 && c->attempts == 1, now,
	    probe)];
}

void
failover_probe(struct failover *fo, struct route *r, int64_t id, time_t now)
{
	r->probe_id = id;
	health_probe_start(&fo->health[r->idx], &fo->rules, now);
	log_info("sms: probing provider %s with message id=%lld",
	    r->prov.ops->name, (long long)id);
}

/* What the answers res[0..n-1] of one request say of its provider. */
static enum health_event
request_event(const struct send_result *res, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (res[i].cls == SEND_ACCEPTED || res[i].cls == SEND_PERMANENT)
			return HEALTH_ANSWERED;
	if (res[0].cls == SEND_ACCOUNT)
		return HEALTH_ACCOUNT;
	return res[0].rate_limited ? HEALTH_NOTHING : HEALTH_FAILED;
}

/* The provider ordinary messages go to now changed: say so. */
static void
set_active(struct failover *fo)
{
	size_t i, was = fo->active;

	for (i = 0; i < fo->n && !health_takes(&fo->health[i], &fo->rules, 0);
	     i++)
		;
	fo->active = i < fo->n ? i : 0;
	fo->changed = 1;
	if (fo->active == was)
		return;
	metrics_provider_set(was, PGAUGE_ACTIVE, 0);
	metrics_provider_set(fo->active, PGAUGE_ACTIVE, 1);
	log_warnx("sms: provider %s takes the traffic (was %s)",
	    fo->route[fo->active].prov.ops->name,
	    fo->route[was].prov.ops->name);
}

/* r's health changed at now: log it, count it, choose the active one. */
static void
health_changed(struct failover *fo, struct route *r)
{
	struct health *h = &fo->health[r->idx];

	if (h->state == HEALTH_DOWN) {
		metrics_provider_inc(r->idx, PMETRIC_OUT);
		log_warnx("sms ALERT: provider %s out of traffic after %d "
			  "failures in a row (last: %s); probed every %llds",
		    r->prov.ops->name, h->failures, h->reason,
		    (long long)fo->rules.probe);
	} else
		log_info("sms: provider %s answers again; it takes its "
			 "traffic back",
		    r->prov.ops->name);
	metrics_provider_set(r->idx, PGAUGE_UP, h->state == HEALTH_UP);
	set_active(fo);
}

void
failover_note(struct failover *fo, struct route *r,
    const struct outbox_claim *c, const struct send_result *res, size_t n,
    time_t now)
{
	enum health_event ev = request_event(res, n);
	size_t		  i;
	int		  probe = 0;

	for (i = 0; i < n; i++) {
		if (res[i].cls == SEND_ACCEPTED)
			metrics_provider_inc(r->idx, PMETRIC_SENT);
		if (r->probe_id != 0 && c[i].id == r->probe_id)
			probe = 1;
	}
	if (ev == HEALTH_FAILED)
		metrics_provider_inc(r->idx, PMETRIC_FAILURES);
	if (probe)
		r->probe_id = 0;
	if (fo->n > 1 &&
	    health_note(
		&fo->health[r->idx], &fo->rules, ev, probe, res[0].reason, now))
		health_changed(fo, r);
}

int
failover_other_takes(
    const struct failover *fo, const struct route *r, int login)
{
	size_t i;

	for (i = 0; i < fo->n; i++)
		if (i != r->idx &&
		    health_takes(&fo->health[i], &fo->rules, login))
			return 1;
	return 0;
}

/* Append " since YYYY-MM-DD HH:MM:SS UTC" for t. */
static void
put_since(struct buf *out, time_t t)
{
	struct tm tm;
	char	  s[32];

	if (gmtime_r(&t, &tm) == NULL ||
	    strftime(s, sizeof(s), "%Y-%m-%d %H:%M:%S", &tm) == 0)
		return;
	buf_printf(out, " since %s UTC", s);
}

void
failover_status(const struct failover *fo, struct buf *out)
{
	const struct health *h;
	size_t		     i, out_n = 0;

	buf_reset(out);
	if (fo->n == 0)
		return;
	buf_puts(out, fo->route[fo->active].prov.ops->name);
	if (fo->n == 1) {
		buf_puts(out, ": the only provider");
		return;
	}
	for (i = 0; i < fo->n; i++) {
		h = &fo->health[i];
		if (h->state != HEALTH_DOWN)
			continue;
		buf_printf(out, "%s %s out of traffic", out_n++ ? ";" : ":",
		    fo->route[i].prov.ops->name);
		put_since(out, h->since);
		buf_printf(out,
		    " after %d failures in a row (last: %s), "
		    "probed every %llds",
		    h->failures, h->reason, (long long)fo->rules.probe);
	}
	if (out_n == 0)
		buf_printf(out,
		    ": %s of [sms] providers, every provider answers",
		    fo->active == 0 ? "first" : "not first");
}
