/*
 * metrics - the daemon's counters, gauges and the provider latency
 * histogram, rendered in the Prometheus text format for GET /metrics.
 *
 * Counters and gauges are process-wide C11 atomics: any thread may call
 * metrics_inc()/metrics_add()/metrics_set()/metrics_observe_latency()
 * without locks.  Names and help texts are in a table in metrics.c,
 * parallel to the enums: add a row there when you add a value here.
 */
#ifndef MENTOR_METRICS_H
#define MENTOR_METRICS_H

#include <stdint.h>

struct buf;
struct store;

enum metric {
	/* sending (gateway-send) */
	METRIC_SENT,		 /* accepted by the provider */
	METRIC_FAILED,		 /* permanent failure */
	METRIC_RETRIED,		 /* retryable failure, rescheduled */
	METRIC_EXPIRED,		 /* send_by passed before acceptance */
	METRIC_RECONCILED,	 /* left in `sending` at start-up, resent */
	METRIC_SEND_ATTEMPTS,	 /* requests made to the provider */
	METRIC_RATE_LIMITED,	 /* provider answered 429 */
	METRIC_REMINDERS_QUEUED, /* reminders queued by the scheduler */
	METRIC_NOTICES_QUEUED,	 /* moved/cancelled/agreement notices */
	METRIC_UNCONFIRMED,	 /* accepted by a 2xx we could not read */
	METRIC_ACCOUNT_PAUSES,	 /* sending paused: account refused */
	METRIC_REPORT_FAILED,	 /* failed by a delivery report */
	/* receiving (gateway-receive) */
	METRIC_WEBHOOK_UNAUTHORIZED, /* signature missing or wrong */
	METRIC_WEBHOOK_STORED,	     /* new event stored */
	METRIC_WEBHOOK_DUPLICATE,    /* event already stored */
	METRIC_WEBHOOK_REJECTED,     /* other 4xx answers */
	METRIC_INBOUND_PROCESSED,    /* inbound texts routed */
	METRIC_CONTACT_OPENED,	     /* contact requests opened */
	METRIC_ESCALATIONS,	     /* contact requests escalated */
	METRIC_ACKNOWLEDGEMENTS,     /* "ok" kept, answered by nothing */
	METRIC_WITHHELD_PREMIUM,     /* no reply: premium/satellite range */
	METRIC_WITHHELD_COUNTRY,     /* no reply: country not allowed */
	METRIC_WITHHELD_BUDGET,	     /* no reply: the hour's budget spent */
	METRIC__MAX
};

enum gauge {
	GAUGE_IN_FLIGHT, /* provider requests in flight */
	GAUGE_LEADER,	 /* 1 while this process holds the lease */
	GAUGE__MAX
};

/*
 * Per provider of [sms] providers, by its place in the list (at most
 * METRICS_PROVIDERS_MAX), labelled provider="NAME".
 */
#define METRICS_PROVIDERS_MAX 8

enum provider_metric {
	PMETRIC_SENT,	  /* messages it accepted */
	PMETRIC_FAILURES, /* requests that failed: connect, timeout, 5xx */
	PMETRIC_OUT,	  /* times taken out of traffic */
	PMETRIC__MAX
};

enum provider_gauge {
	PGAUGE_UP,     /* 1 while it takes traffic, 0 while out */
	PGAUGE_ACTIVE, /* 1 for the one ordinary messages go to */
	PGAUGE__MAX
};

/* Name the i-th provider (a static string); unnamed ones are not shown. */
void	 metrics_provider_name(size_t i, const char *name);
/* Add 1 to a provider's counter, set its gauge; thread-safe. */
void	 metrics_provider_inc(size_t i, enum provider_metric);
void	 metrics_provider_set(size_t i, enum provider_gauge, int64_t value);
/* Read a provider's counter (tests, logs). */
uint64_t metrics_provider_get(size_t i, enum provider_metric);

/* Add 1 / n to a counter; thread-safe. */
void	 metrics_inc(enum metric);
void	 metrics_add(enum metric, uint64_t n);
/* Read a counter (tests, logs). */
uint64_t metrics_get(enum metric);
/* Set a gauge; thread-safe. */
void	 metrics_set(enum gauge, int64_t value);

/* Record one provider round trip of `ms` milliseconds; thread-safe. */
void	 metrics_observe_latency(double ms);

/* Zero everything (tests). */
void	 metrics_reset(void);

/*
 * Append every metric in the Prometheus text format (version 0.0.4) to
 * out, including the outbox depth by status and the contact requests
 * opened by channel, read through store (the calling thread's own
 * connection; NULL leaves both out).  Nothing
 * for the caller to free beyond out.
 */
void	 metrics_render(struct buf *out, struct store *store);

#endif
