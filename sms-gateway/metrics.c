/*
 * metrics.c - owns the counters, gauges and the provider latency histogram, in
 * C11 atomics so that every thread may count; rendered for Prometheus.
 */
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "buf.h"
#include "metrics.h"
#include "store.h"
#include "store_contact.h"
#include "store_outbox.h"

struct metric_def {
	const char *name;
	const char *help;
};

/* Parallel to enum metric. */
static const struct metric_def metric_defs[METRIC__MAX] = {
	[METRIC_SENT] = { "mentorlink_sms_sent_total",
	    "Messages accepted by the provider." },
	[METRIC_FAILED] = { "mentorlink_sms_failed_total",
	    "Messages that failed permanently." },
	[METRIC_RETRIED] = { "mentorlink_sms_retried_total",
	    "Send attempts that failed and were rescheduled." },
	[METRIC_EXPIRED] = { "mentorlink_sms_expired_total",
	    "Messages not accepted before their send-by instant." },
	[METRIC_RECONCILED] = { "mentorlink_sms_reconciled_total",
	    "Messages found in sending at start-up and sent again." },
	[METRIC_SEND_ATTEMPTS] = { "mentorlink_sms_attempts_total",
	    "Requests made to the provider." },
	[METRIC_RATE_LIMITED] = { "mentorlink_sms_rate_limited_total",
	    "Provider answers 429 Too Many Requests." },
	[METRIC_REMINDERS_QUEUED] = { "mentorlink_reminders_queued_total",
	    "Meeting reminders queued." },
	[METRIC_NOTICES_QUEUED] = { "mentorlink_notices_queued_total",
	    "Meeting and agreement notices queued." },
	[METRIC_UNCONFIRMED] = { "mentorlink_sms_unconfirmed_total",
	    "Messages the provider accepted (2xx) with an answer that could "
	    "not be read; recorded as sent, never resent." },
	[METRIC_ACCOUNT_PAUSES] = { "mentorlink_sms_account_paused_total",
	    "Times all sending paused because the provider refused the "
	    "credentials or the account (401/403, bad token, no credit)." },
	[METRIC_REPORT_FAILED] = { "mentorlink_sms_report_failed_total",
	    "Messages a delivery report marked failed." },
	[METRIC_WEBHOOK_UNAUTHORIZED] = { "mentorlink_webhook_unauthorized_total",
	    "Webhook requests with a missing or wrong signature." },
	[METRIC_WEBHOOK_STORED] = { "mentorlink_webhook_stored_total",
	    "Webhook events stored." },
	[METRIC_WEBHOOK_DUPLICATE] = { "mentorlink_webhook_duplicate_total",
	    "Webhook events already stored." },
	[METRIC_WEBHOOK_REJECTED] = { "mentorlink_webhook_rejected_total",
	    "Webhook requests rejected with another 4xx status." },
	[METRIC_INBOUND_PROCESSED] = { "mentorlink_inbound_processed_total",
	    "Inbound messages processed." },
	[METRIC_CONTACT_OPENED] = { "mentorlink_contact_opened_total",
	    "Contact requests opened." },
	[METRIC_ESCALATIONS] = { "mentorlink_escalations_total",
	    "Contact requests escalated." },
	[METRIC_ACKNOWLEDGEMENTS] = { "mentorlink_inbound_acknowledgements_total",
	    "Short acknowledgements (ok, tak) kept and answered by nothing." },
	[METRIC_WITHHELD_PREMIUM] = { "mentorlink_stranger_replies_withheld_premium_total",
	    "Replies to unknown senders withheld: premium-rate or satellite "
	    "range." },
	[METRIC_WITHHELD_COUNTRY] = { "mentorlink_stranger_replies_withheld_country_total",
	    "Replies to unknown senders withheld: country not in "
	    "reply_countries." },
	[METRIC_WITHHELD_BUDGET] = { "mentorlink_stranger_replies_withheld_budget_total",
	    "Replies to unknown senders withheld: the hour's budget was "
	    "spent." },
};

/* Parallel to enum gauge. */
static const struct metric_def gauge_defs[GAUGE__MAX] = {
	[GAUGE_IN_FLIGHT] = { "mentorlink_sms_in_flight",
	    "Provider requests in flight." },
	[GAUGE_LEADER] = { "mentorlink_sender_leader",
	    "1 while this daemon holds the sender lease." },
};

/* Parallel to enum provider_metric and enum provider_gauge. */
static const struct metric_def pmetric_defs[PMETRIC__MAX] = {
	[PMETRIC_SENT] = { "mentorlink_sms_provider_sent_total",
	    "Messages accepted, by provider." },
	[PMETRIC_FAILURES] = { "mentorlink_sms_provider_failures_total",
	    "Requests that failed by the provider's fault (connection "
	    "refused, timeout, 5xx), by provider." },
	[PMETRIC_OUT] = { "mentorlink_sms_provider_out_total",
	    "Times a provider was taken out of traffic (failover)." },
};

static const struct metric_def pgauge_defs[PGAUGE__MAX] = {
	[PGAUGE_UP] = { "mentorlink_sms_provider_up",
	    "1 while a provider takes traffic, 0 while it is out." },
	[PGAUGE_ACTIVE] = { "mentorlink_sms_provider_active",
	    "1 for the provider ordinary messages go to now." },
};

/* Upper bounds of the latency buckets, in milliseconds. */
static const unsigned latency_bounds_ms[] = { 5, 10, 25, 50, 100, 250, 500,
	1000, 2500, 5000, 10000, 30000 };
#define NBOUNDS (sizeof(latency_bounds_ms) / sizeof(latency_bounds_ms[0]))

static _Atomic uint64_t	   counters[METRIC__MAX];
static _Atomic int64_t	   gauges[GAUGE__MAX];
static _Atomic uint64_t	   latency_buckets[NBOUNDS + 1]; /* last: +Inf */
static _Atomic uint64_t	   latency_count;
static _Atomic uint64_t	   latency_sum_us;
static const char *_Atomic pnames[METRICS_PROVIDERS_MAX];
static _Atomic uint64_t	   pcounters[METRICS_PROVIDERS_MAX][PMETRIC__MAX];
static _Atomic int64_t	   pgauges[METRICS_PROVIDERS_MAX][PGAUGE__MAX];

void
metrics_provider_name(size_t i, const char *name)
{
	if (i < METRICS_PROVIDERS_MAX)
		atomic_store(&pnames[i], name);
}

void
metrics_provider_inc(size_t i, enum provider_metric m)
{
	if (i < METRICS_PROVIDERS_MAX && (unsigned)m < PMETRIC__MAX)
		atomic_fetch_add_explicit(
		    &pcounters[i][m], 1, memory_order_relaxed);
}

void
metrics_provider_set(size_t i, enum provider_gauge g, int64_t value)
{
	if (i < METRICS_PROVIDERS_MAX && (unsigned)g < PGAUGE__MAX)
		atomic_store_explicit(
		    &pgauges[i][g], value, memory_order_relaxed);
}

uint64_t
metrics_provider_get(size_t i, enum provider_metric m)
{
	if (i >= METRICS_PROVIDERS_MAX || (unsigned)m >= PMETRIC__MAX)
		return 0;
	return atomic_load_explicit(&pcounters[i][m], memory_order_relaxed);
}

void
metrics_inc(enum metric m)
{
	if ((unsigned)m < METRIC__MAX)
		atomic_fetch_add_explicit(
		    &counters[m], 1, memory_order_relaxed);
}

void
metrics_add(enum metric m, uint64_t n)
{
	if ((unsigned)m < METRIC__MAX)
		atomic_fetch_add_explicit(
		    &counters[m], n, memory_order_relaxed);
}

uint64_t
metrics_get(enum metric m)
{
	if ((unsigned)m >= METRIC__MAX)
		return 0;
	return atomic_load_explicit(&counters[m], memory_order_relaxed);
}

void
metrics_set(enum gauge g, int64_t value)
{
	if ((unsigned)g < GAUGE__MAX)
		atomic_store_explicit(&gauges[g], value, memory_order_relaxed);
}

void
metrics_observe_latency(double ms)
{
	size_t i;

	if (ms < 0)
		ms = 0;
	for (i = 0; i < NBOUNDS; i++)
		if (ms <= latency_bounds_ms[i])
			break;
	atomic_fetch_add_explicit(&latency_buckets[i], 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&latency_count, 1, memory_order_relaxed);
	atomic_fetch_add_explicit(
	    &latency_sum_us, (uint64_t)(ms * 1000.0), memory_order_relaxed);
}

void
metrics_reset(void)
{
	size_t i;

	for (i = 0; i < METRIC__MAX; i++)
		atomic_store(&counters[i], 0);
	for (i = 0; i < GAUGE__MAX; i++)
		atomic_store(&gauges[i], 0);
	for (i = 0; i <= NBOUNDS; i++)
		atomic_store(&latency_buckets[i], 0);
	atomic_store(&latency_count, 0);
	atomic_store(&latency_sum_us, 0);
	memset(pcounters, 0, sizeof(pcounters));
	memset(pgauges, 0, sizeof(pgauges));
}

/* Append the HELP and TYPE lines of one metric. */
static void
render_head(struct buf *out, const struct metric_def *d, const char *type)
{
	buf_printf(out, "# HELP %s %s\n# TYPE %s %s\n", d->name, d->help,
	    d->name, type);
}

/* Append the provider latency histogram (seconds, as Prometheus wants). */
static void
render_latency(struct buf *out)
{
	static const struct metric_def d = {
		"mentorlink_provider_latency_seconds",
		"Time from request to provider answer."
	};
	uint64_t cum = 0;
	size_t	 i;

	render_head(out, &d, "histogram");
	for (i = 0; i < NBOUNDS; i++) {
		cum += atomic_load_explicit(
		    &latency_buckets[i], memory_order_relaxed);
		buf_printf(out, "%s_bucket{le=\"%g\"} %llu\n", d.name,
		    latency_bounds_ms[i] / 1000.0, (unsigned long long)cum);
	}
	cum += atomic_load_explicit(
	    &latency_buckets[NBOUNDS], memory_order_relaxed);
	buf_printf(out, "%s_bucket{le=\"+Inf\"} %llu\n", d.name,
	    (unsigned long long)cum);
	buf_printf(out, "%s_sum %.6f\n%s_count %llu\n", d.name,
	    atomic_load(&latency_sum_us) / 1e6, d.name,
	    (unsigned long long)atomic_load(&latency_count));
}

/* Append the outbox depth by status, read from the store. */
static void
render_depth(struct buf *out, struct store *store)
{
	static const struct metric_def d = { "mentorlink_outbox_messages",
		"Messages in the outbox by status." };
	int64_t			       n[OUTBOX_STATUS__MAX];
	size_t			       i;

	if (store_outbox_counts(store, n) != STORE_OK)
		return;
	render_head(out, &d, "gauge");
	for (i = 0; i < OUTBOX_STATUS__MAX; i++)
		buf_printf(out, "%s{status=\"%s\"} %lld\n", d.name,
		    outbox_status_name(i), (long long)n[i]);
}

/*
 * Append the contact requests ever opened, by channel, read from the
 * store: the kiosk is another process, and the database is where both
 * kinds meet (and it survives restarts of either program).
 */
static void
render_contact_requests(struct buf *out, struct store *store)
{
	static const struct metric_def d = {
		"mentorlink_contact_requests_total",
		"Contact requests opened, by channel (sms, kiosk), from the "
		"database."
	};
	int64_t sms, kiosk;

	if (store_contact_opened_by_channel(store, &sms, &kiosk) != STORE_OK)
		return;
	render_head(out, &d, "counter");
	buf_printf(out,
	    "%s{channel=\"sms\"} %lld\n%s{channel=\"kiosk\"} "
	    "%lld\n",
	    d.name, (long long)sms, d.name, (long long)kiosk);
}

/* Append one labelled line per named provider for the metric d. */
static void
render_per_provider(struct buf *out, const struct metric_def *d,
    const char *type, const _Atomic uint64_t *c, const _Atomic int64_t *g,
    size_t stride)
{
	const char *name;
	size_t	    i;

	render_head(out, d, type);
	for (i = 0; i < METRICS_PROVIDERS_MAX; i++) {
		if ((name = atomic_load(&pnames[i])) == NULL)
			continue;
		if (c != NULL)
			buf_printf(out, "%s{provider=\"%s\"} %llu\n", d->name,
			    name,
			    (unsigned long long)atomic_load(&c[i * stride]));
		else
			buf_printf(out, "%s{provider=\"%s\"} %lld\n", d->name,
			    name, (long long)atomic_load(&g[i * stride]));
	}
}

/* Append the per-provider counters and gauges. */
static void
render_providers(struct buf *out)
{
	size_t m;

	for (m = 0; m < PMETRIC__MAX; m++)
		render_per_provider(out, &pmetric_defs[m], "counter",
		    &pcounters[0][m], NULL, PMETRIC__MAX);
	for (m = 0; m < PGAUGE__MAX; m++)
		render_per_provider(out, &pgauge_defs[m], "gauge", NULL,
		    &pgauges[0][m], PGAUGE__MAX);
}

void
metrics_render(struct buf *out, struct store *store)
{
	size_t i;

	for (i = 0; i < METRIC__MAX; i++) {
		render_head(out, &metric_defs[i], "counter");
		buf_printf(out, "%s %llu\n", metric_defs[i].name,
		    (unsigned long long)metrics_get(i));
	}
	for (i = 0; i < GAUGE__MAX; i++) {
		render_head(out, &gauge_defs[i], "gauge");
		buf_printf(out, "%s %lld\n", gauge_defs[i].name,
		    (long long)atomic_load(&gauges[i]));
	}
	render_latency(out);
	render_providers(out);
	if (store != NULL) {
		render_depth(out, store);
		render_contact_requests(out, store);
	}
}
