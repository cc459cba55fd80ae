/*
 * it_send.c - the real sms-gateway against the fake provider: every
 * fault class ends in the right terminal state, nothing is lost, nothing
 * is sent after its send_by, priorities and pick-up latency, SIGTERM
 * drain, SIGHUP reload, the lease between two daemons, -n.
 */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "it_send.h"

/* The file provider: the whole path from queue to JSON line. */
static void
test_file_provider(void **state)
{
	struct gwt	   *tp = *state;
	struct buf	    out = { 0 };
	struct json_object *o, *v;
	int64_t		    rem, code, contact;
	time_t		    now = time(NULL);
	const char	   *line;

	it_setup(tp, "file", NULL);
	rem = it_queue(tp, "+4520000001", "reminder", now + 3600);
	contact = it_queue(tp, "+4520000002", "contact", now + 3600);
	code = it_queue(tp, "+4520000003", "login_code", now + 300);
	it_daemon_start(tp);
	assert_true(harness_wait(it_all_final, tp, 5000));
	assert_int_equal(harness_count_lines(tp->h.sms_file), 3);
	assert_int_equal(harness_read_file(tp->h.sms_file, &out), 0);
	/* Login code first, then the contact message, then the reminder. */
	line = buf_str(&out);
	assert_non_null(o = json_tokener_parse(line));
	assert_true(json_object_object_get_ex(o, "id", &v));
	assert_int_equal(json_object_get_int64(v), code);
	assert_true(json_object_object_get_ex(o, "to", &v));
	assert_string_equal(json_object_get_string(v), "+4520000003");
	assert_true(json_object_object_get_ex(o, "encoding", &v));
	assert_string_equal(json_object_get_string(v), "GSM-7");
	assert_true(json_object_object_get_ex(o, "segments", &v));
	assert_int_equal(json_object_get_int(v), 1);
	assert_true(json_object_object_get_ex(o, "at", &v));
	assert_int_equal(strlen(json_object_get_string(v)), 20);
	assert_true(json_object_object_get_ex(o, "body", &v));
	json_object_put(o);
	line = strchr(line, '\n') + 1;
	assert_non_null(strstr(line, "\"id\":"));
	assert_int_equal(
	    strtoll(strstr(line, "\"id\":") + 5, NULL, 10), contact);
	line = strchr(line, '\n') + 1;
	assert_int_equal(strtoll(strstr(line, "\"id\":") + 5, NULL, 10), rem);
	assert_int_equal(it_status(tp, rem, NULL), OUTBOX_SENT);
	/* The counters and the queue depth on the listener's /metrics. */
	buf_reset(&out);
	assert_int_equal(harness_http(tp->gw.port, "GET", "/metrics", NULL,
			     NULL, 0, &out, NULL),
	    200);
	assert_non_null(strstr(buf_str(&out), "mentorlink_sms_sent_total 3\n"));
	assert_non_null(strstr(
	    buf_str(&out), "mentorlink_outbox_messages{status=\"sent\"} 3\n"));
	assert_non_null(strstr(buf_str(&out),
	    "# TYPE mentorlink_provider_latency_seconds histogram"));
	assert_int_equal(harness_stop(&tp->gw), 0);
	buf_free(&out);
}

struct fault_case {
	const char	  *to;
	const char	  *rule;    /* JSON for /_fault, or NULL */
	int		   send_by; /* seconds from the start */
	enum outbox_status want;
	int		   min_attempts;
	int		   unconfirmed; /* 1: a 2xx we cannot read */
};

/* Install each case's fault rule, limited to its recipient. */
static void
fault_rules(struct gwt *t, const struct fault_case *cases, size_t n)
{
	struct buf rule = { 0 };
	size_t	   i;

	for (i = 0; i < n; i++) {
		if (cases[i].rule == NULL)
			continue;
		buf_reset(&rule);
		buf_printf(&rule, "%.*s,\"to\":\"%s\"}",
		    (int)strlen(cases[i].rule) - 1, cases[i].rule, cases[i].to);
		it_fake_post(t, "/_fault", buf_str(&rule));
	}
	buf_free(&rule);
}

/*
 * Run the cases with the daemon's clock held: move it from one due
 * instant to the next until every row is final.  Before the clock passes
 * a case's send_by, note how often the provider has seen it: it must not
 * see it again afterwards (nothing sent after its send_by, by the
 * daemon's own clock, however slow the host is).
 */
static void
fault_run(struct gwt *t, const struct fault_case *cases, size_t n, int64_t *id)
{
	struct outbox_rec r;
	time_t		  start = time(NULL), next;
	int		  seen[16], steps, attempts;
	size_t		  i;

	assert_true(n <= 16);
	it_clock_set(t, start);
	fault_rules(t, cases, n);
	for (i = 0; i < n; i++) {
		id[i] = it_queue(
		    t, cases[i].to, "reminder", start + cases[i].send_by);
		seen[i] = -1;
	}
	it_daemon_start(t);
	for (steps = 0; it_clock_next(t, 20000, &next); steps++) {
		assert_true(steps < 40);
		for (i = 0; i < n; i++)
			if (seen[i] < 0 && start + cases[i].send_by < next)
				seen[i] = it_fake_count(t, id[i]);
		it_clock_set(t, next);
	}
	for (i = 0; i < n; i++) {
		if (it_status(t, id[i], &attempts) != cases[i].want)
			fail_msg("%s: status %s, want %s", cases[i].to,
			    outbox_status_name(it_status(t, id[i], NULL)),
			    outbox_status_name(cases[i].want));
		if (attempts < cases[i].min_attempts)
			fail_msg("%s: %d attempts, want %d", cases[i].to,
			    attempts, cases[i].min_attempts);
		if (seen[i] >= 0 && it_fake_count(t, id[i]) != seen[i])
			fail_msg("%s: sent after its send-by", cases[i].to);
		if (!cases[i].unconfirmed)
			continue;
		/* Accepted once, recorded as such, never sent again. */
		assert_int_equal(attempts, 1);
		assert_int_equal(it_fake_count(t, id[i]), 1);
		assert_int_equal(store_outbox_get(t->s, id[i], &r), STORE_OK);
		assert_non_null(r.last_error);
		assert_true(strncmp(r.last_error, "unconfirmed", 11) == 0);
		outbox_rec_free(&r);
	}
}

/* Every fault class against GatewayAPI ends where it should. */
static void
test_fault_classes_gatewayapi(void **state)
{
	struct gwt		      *tp = *state;
	static const struct fault_case cases[] = {
		{ "+4520000010", NULL, 60, OUTBOX_SENT, 1, 0 },
		{ "+4520000011", "{\"action\":\"status\",\"status\":500}", 60,
		    OUTBOX_SENT, 2, 0 },
		/* libcurl itself resends once on a reused connection that
	       died without an answer: the same reference, one attempt. */
		{ "+4520000012", "{\"action\":\"drop\"}", 60, OUTBOX_SENT, 1,
		    0 },
		/* A 2xx is an acceptance, whatever its body says. */
		{ "+4520000013", "{\"action\":\"garbage\"}", 60, OUTBOX_SENT, 1,
		    1 },
		{ "+4520000014",
		    "{\"action\":\"error_body\",\"code\":\"0x0216\"}", 60,
		    OUTBOX_SENT, 1, 1 },
		{ "+4520000015",
		    "{\"action\":\"status\",\"status\":429,"
		    "\"retry_after\":1}",
		    60, OUTBOX_SENT, 2, 0 },
		{ "+4520000016",
		    "{\"action\":\"status\",\"status\":403,"
		    "\"code\":\"0x0215\",\"count\":-1}",
		    60, OUTBOX_FAILED, 1, 0 },
		{ "+4520000017",
		    "{\"action\":\"status\",\"status\":400,"
		    "\"count\":-1}",
		    60, OUTBOX_FAILED, 1, 0 },
		{ "+4520000018",
		    "{\"action\":\"status\",\"status\":503,"
		    "\"count\":-1}",
		    3, OUTBOX_EXPIRED, 1, 0 },
		{ "+4520000019", NULL, -1, OUTBOX_EXPIRED, 1, 0 },
		{ "+4520000020", "{\"action\":\"html\",\"count\":-1}", 60,
		    OUTBOX_SENT, 1, 1 },
		{ "+4520000021", "{\"action\":\"truncated\",\"count\":-1}", 60,
		    OUTBOX_SENT, 1, 1 },
	};
	struct json_object *recs, *r;
	int64_t		    id[16];
	size_t		    j, n = sizeof(cases) / sizeof(cases[0]);

	/* One message per request: each class on its own. */
	it_setup(tp, "gatewayapi", "max_in_flight = 1\nrate_per_second = 1000");
	fault_run(tp, cases, n, id);
	assert_int_equal(it_fake_count(tp, id[9]), 0); /* the late one */
	recs = it_fake_records(tp);
	for (j = 0; j < json_object_array_length(recs); j++) {
		r = json_object_array_get_idx(recs, j);
		assert_true(
		    json_object_get_boolean(json_object_object_get(r, "auth")));
		assert_string_equal(it_rec_str(r, "encoding"), "UTF8");
	}
	json_object_put(recs);
	assert_int_equal(it_metric(tp, "mentorlink_sms_unconfirmed_total"), 4);
	assert_int_equal(harness_stop(&tp->gw), 0);
}

/*
 * Several messages per request (GatewayAPI): a request the provider
 * refuses because of one bad recipient is split, and only that one
 * fails; a 500 makes the whole request retry.
 */
static void
test_batch_isolates_bad_recipient(void **state)
{
	struct gwt	   *tp = *state;
	struct json_object *recs;
	char		    to[24];
	int64_t		    id[10], bad;
	int		    i, attempts, batched = 0;
	size_t		    j;

	it_setup(
	    tp, "gatewayapi", "max_in_flight = 10\nrate_per_second = 1000");
	it_fake_post(tp, "/_fault",
	    "[{\"action\":\"status\",\"status\":400,"
	    "\"code\":\"0x0222\",\"count\":-1,\"to\":\"+4520000075\"},"
	    "{\"action\":\"status\",\"status\":500,\"count\":1,"
	    "\"to\":\"+4520000078\"}]");
	for (i = 0; i < 10; i++) {
		snprintf(to, sizeof(to), "+452000007%d", i);
		id[i] = it_queue(tp, to, "reminder", time(NULL) + 60);
	}
	bad = id[5];
	it_daemon_start(tp);
	assert_true(harness_wait(it_all_final, tp, 15000));
	for (i = 0; i < 10; i++)
		assert_int_equal(it_status(tp, id[i], &attempts),
		    id[i] == bad ? OUTBOX_FAILED : OUTBOX_SENT);
	/* The fake saw requests with more than one message in them. */
	recs = it_fake_records(tp);
	for (j = 1; j < json_object_array_length(recs); j++)
		if (it_rec_int(json_object_array_get_idx(recs, j), "at_ms") ==
		    it_rec_int(json_object_array_get_idx(recs, j - 1), "at_ms"))
			batched = 1;
	json_object_put(recs);
	assert_true(batched);
	assert_int_equal(harness_stop(&tp->gw), 0);
}

/*
 * Twilio: 21610 (STOP) is permanent, 20429 retried, a 201 we cannot read
 * (a proxy's page, a cut-off body) accepted unconfirmed and never sent
 * again, the rest accepted.
 */
static void
test_fault_classes_twilio(void **state)
{
	struct gwt		      *tp = *state;
	static const struct fault_case cases[] = {
		{ "+4520000020", NULL, 60, OUTBOX_SENT, 1, 0 },
		{ "+4520000021",
		    "{\"action\":\"status\",\"status\":400,"
		    "\"code\":\"21610\",\"count\":-1}",
		    60, OUTBOX_FAILED, 1, 0 },
		{ "+4520000022",
		    "{\"action\":\"status\",\"status\":429,"
		    "\"code\":\"20429\"}",
		    60, OUTBOX_SENT, 2, 0 },
		{ "+4520000023",
		    "{\"action\":\"html\",\"status\":201,"
		    "\"count\":-1}",
		    60, OUTBOX_SENT, 1, 1 },
		{ "+4520000024", "{\"action\":\"truncated\",\"count\":-1}", 60,
		    OUTBOX_SENT, 1, 1 },
	};
	struct json_object *recs, *r;
	int64_t		    id[16];
	int		    attempts;

	it_setup(tp, "twilio", "rate_per_second = 1000");
	fault_run(tp, cases, sizeof(cases) / sizeof(cases[0]), id);
	assert_int_equal(it_status(tp, id[1], &attempts), OUTBOX_FAILED);
	assert_int_equal(attempts, 1);
	assert_int_equal(it_status(tp, id[2], &attempts), OUTBOX_SENT);
	assert_int_equal(attempts, 2);
	recs = it_fake_records(tp);
	r = json_object_array_get_idx(recs, 0);
	assert_string_equal(it_rec_str(r, "api"), "twilio");
	assert_true(json_object_get_boolean(json_object_object_get(r, "auth")));
	json_object_put(recs);
	assert_int_equal(it_metric(tp, "mentorlink_sms_unconfirmed_total"), 2);
	assert_int_equal(harness_stop(&tp->gw), 0);
}

/* Messages the fake has seen, in all requests. */
static int
fake_messages(struct gwt *t)
{
	struct json_object *recs = it_fake_records(t);
	int		    n = (int)json_object_array_length(recs);

	json_object_put(recs);
	return n;
}

/* harness_wait(): the daemon paused for the second time. */
static int
paused_twice(void *arg)
{
	return it_metric(arg, "mentorlink_sms_account_paused_total") >= 2;
}

/* harness_wait(): no row is `sending` (every answer is recorded). */
static int
none_sending(void *arg)
{
	struct gwt *t = arg;
	int64_t	    n[OUTBOX_STATUS__MAX];

	return store_outbox_counts(t->s, n) == STORE_OK &&
	    n[OUTBOX_SENDING] == 0;
}

/* harness_wait(): the log has a line containing the string. */
struct log_arg {
	const char *path;
	const char *needle;
};

static int
log_has(void *arg)
{
	struct log_arg *a = arg;
	struct buf	b = { 0 };
	int		yes;

	harness_read_file(a->path, &b);
	yes = strstr(buf_str(&b), a->needle) != NULL;
	buf_free(&b);
	return yes;
}

/*
 * The provider (a proxy in front of it) answers 401 without a provider
 * code, then takes our requests again.  The clock is held: the pauses
 * (30 s, then 60 s) pass when the test moves it.  No message fails, all
 * sending pauses (an alert in the log), one message probes after the
 * pause, a message whose send_by passes meanwhile expires, and once the
 * provider takes us again everything goes.
 */
static void
test_account_pause(void **state)
{
	struct gwt	 *tp = *state;
	struct outbox_rec r;
	struct log_arg	  la;
	int64_t		  n[OUTBOX_STATUS__MAX], late;
	time_t		  start = time(NULL);
	int		  seen, i;
	char		  to[24];

	it_setup(
	    tp, "gatewayapi", "max_in_flight = 10\nrate_per_second = 1000");
	it_clock_set(tp, start);
	it_fake_post(tp, "/_fault",
	    "{\"action\":\"html\",\"status\":401,"
	    "\"count\":-1}");
	late = it_queue(tp, "+4527000000", "reminder", start + 20);
	for (i = 1; i <= 20; i++) {
		snprintf(to, sizeof(to), "+45270000%02d", i);
		it_queue(tp, to, "reminder", start + 3600);
	}
	it_daemon_start(tp);
	la.path = tp->gw.log;
	la.needle = "sms ALERT";
	assert_true(harness_wait(log_has, &la, 10000));
	assert_true(harness_wait(none_sending, tp, 10000));
	/* One round of requests (the window), then nothing: a pause. */
	seen = fake_messages(tp);
	assert_true(seen >= 1 && seen <= 10);
	assert_int_equal(store_outbox_counts(tp->s, n), STORE_OK);
	assert_int_equal(n[OUTBOX_FAILED], 0);
	assert_int_equal(n[OUTBOX_QUEUED], 20);
	assert_int_equal(it_status(tp, late, NULL), OUTBOX_EXPIRED);
	assert_int_equal(store_outbox_get(tp->s, late, &r), STORE_OK);
	assert_non_null(strstr(r.last_error, "http 401"));
	outbox_rec_free(&r);
	assert_int_equal(
	    it_metric(tp, "mentorlink_sms_account_paused_total"), 1);
	assert_int_equal(fake_messages(tp), seen);
	/* After the pause one message probes; still refused: 60 s more. */
	it_clock_set(tp, start + 30);
	assert_true(harness_wait(paused_twice, tp, 10000));
	assert_true(harness_wait(none_sending, tp, 10000));
	assert_int_equal(fake_messages(tp), seen + 1);
	assert_int_equal(store_outbox_counts(tp->s, n), STORE_OK);
	assert_int_equal(n[OUTBOX_FAILED], 0);
	assert_int_equal(n[OUTBOX_QUEUED], 20);
	/* The operator fixes it: the next probe goes through, then all. */
	it_fake_post(tp, "/_reset", "{}");
	it_clock_set(tp, start + 90);
	assert_true(harness_wait(it_all_final, tp, 10000));
	assert_int_equal(store_outbox_counts(tp->s, n), STORE_OK);
	assert_int_equal(n[OUTBOX_SENT], 20);
	assert_int_equal(n[OUTBOX_FAILED], 0);
	assert_int_equal(harness_stop(&tp->gw), 0);
}

/* A provider that is down: retried with backoff, expired at send_by. */
static void
test_connect_refused(void **state)
{
	struct gwt *tp = *state;
	int64_t	    id;
	time_t	    start = time(NULL), next;
	int	    attempts, steps;

	it_setup(tp, "file", NULL);
	harness_write_file(&tp->h, "provider.token", IT_TOKEN, NULL, 0);
	harness_write_file(&tp->h, "gatewayapi-webhook.secret", "s", NULL, 0);
	it_config_replace(tp, "provider = file", "provider = gatewayapi");
	it_config_append(tp,
	    "[gatewayapi]\nbase_url = http://127.0.0.1:1\n"
	    "token_file = provider.token");
	it_clock_set(tp, start);
	id = it_queue(tp, "+4520000030", "reminder", start + 4);
	it_daemon_start(tp);
	for (steps = 0; it_clock_next(tp, 10000, &next); steps++) {
		assert_true(steps < 10);
		it_clock_set(tp, next);
	}
	assert_int_equal(it_status(tp, id, &attempts), OUTBOX_EXPIRED);
	assert_true(attempts >= 2);
	assert_int_equal(harness_stop(&tp->gw), 0);
}

/*
 * After a crash the provider already has the reference: it answers 409
 * and the message counts as sent, not sent twice.
 */
static void
test_duplicate_reference(void **state)
{
	struct gwt	   *tp = *state;
	struct outbox_claim c;
	struct buf	    body = { 0 }, stats = { 0 };
	size_t		    n;
	const char	   *hdr[] = { "Authorization: Token " IT_TOKEN,
			"Content-Type: application/json", NULL };

	it_setup(tp, "gatewayapi", NULL);
	it_fake_post(tp, "/_config", "{\"dup_ref\":true}");
	it_queue(tp, "+4520000040", "reminder", time(NULL) + 60);
	/* The dead daemon's claim and its request. */
	assert_int_equal(
	    store_outbox_claim(tp->s, time(NULL), "gatewayapi", 1, &c, &n),
	    STORE_OK);
	assert_int_equal(n, 1);
	buf_printf(&body,
	    "{\"message\":\"x\",\"recipients\":[{\"msisdn\":"
	    "4520000040}],\"userref\":\"%lld\"}",
	    (long long)c.id);
	assert_int_equal(harness_http(tp->fake.port, "POST", "/rest/mtsms", hdr,
			     buf_str(&body), body.len, NULL, NULL),
	    200);
	it_daemon_start(tp);
	assert_true(harness_wait(it_all_final, tp, 5000));
	assert_int_equal(it_status(tp, c.id, NULL), OUTBOX_SENT);
	harness_http(
	    tp->fake.port, "GET", "/_stats", NULL, NULL, 0, &stats, NULL);
	assert_non_null(strstr(buf_str(&stats), "\"requests\":2,"));
	assert_non_null(strstr(buf_str(&stats), "\"accepted\":1,"));
	assert_non_null(strstr(buf_str(&stats), "\"duplicate_refs\":0"));
	outbox_claim_free(&c);
	buf_free(&body);
	buf_free(&stats);
	assert_int_equal(harness_stop(&tp->gw), 0);
}

/* harness_wait(): the fake has recorded the login code. */
struct seen_arg {
	struct gwt *t;
	char	    ref[24];
	long long   at_ms;
	int64_t	    id;
};

/* harness_wait(): row a->id is sent. */
static int
row_sent(void *arg)
{
	struct seen_arg *a = arg;

	return it_status(a->t, a->id, NULL) == OUTBOX_SENT;
}

static int
fake_saw(void *arg)
{
	struct seen_arg	   *a = arg;
	struct json_object *recs, *r;
	size_t		    i;

	recs = it_fake_records(a->t);
	for (i = 0; i < json_object_array_length(recs); i++) {
		r = json_object_array_get_idx(recs, i);
		if (strcmp(it_rec_str(r, "ref"), a->ref) == 0) {
			a->at_ms = it_rec_int(r, "at_ms");
			break;
		}
	}
	json_object_put(recs);
	return a->at_ms > 0;
}

/* harness_wait(): the fake has seen at least one request. */
static int
fake_busy(void *arg)
{
	struct gwt *t = arg;
	struct buf  b = { 0 };
	int	    yes;

	harness_http(t->fake.port, "GET", "/_stats", NULL, NULL, 0, &b, NULL);
	yes = strstr(buf_str(&b), "\"requests\":0,") == NULL;
	buf_free(&b);
	return yes;
}

/*
 * A login code queued during a reminder backlog overtakes it and reaches
 * the provider within 300 ms.
 */
static void
test_login_code_overtakes(void **state)
{
	struct gwt     *tp = *state;
	struct seen_arg a;
	char		to[20];
	long long	queued;
	int64_t		id;
	int		i;

	it_setup(tp, "gatewayapi", "max_in_flight = 2\nrate_per_second = 1000");
	it_fake_post(tp, "/_config", "{\"delay_ms\":20}");
	for (i = 0; i < 300; i++) {
		snprintf(to, sizeof(to), "+45210%05d", i);
		it_queue(tp, to, "reminder", time(NULL) + 600);
	}
	it_daemon_start(tp);
	assert_true(harness_wait(fake_busy, tp, 5000)); /* the backlog goes */
	queued = it_now_ms();
	id = it_queue(tp, "+4520000050", "login_code", time(NULL) + 300);
	memset(&a, 0, sizeof(a));
	a.t = tp;
	snprintf(a.ref, sizeof(a.ref), "%lld", (long long)id);
	assert_true(harness_wait(fake_saw, &a, 3000));
	fprintf(stderr,
	    "login code reached the provider after %lld ms "
	    "(backlog of reminders in front of it)\n",
	    a.at_ms - queued);
	assert_true(a.at_ms - queued <= 300);
	a.id = id;
	assert_true(harness_wait(row_sent, &a, 3000));
	assert_false(it_all_final(tp)); /* reminders still going */
	assert_int_equal(harness_stop(&tp->gw), 0);
}

/* The rate limit holds: 40 messages at 20 per second take ~2 s. */
static void
test_rate_limit(void **state)
{
	struct gwt	   *tp = *state;
	struct json_object *recs;
	long long	    first, last;
	char		    to[20];
	size_t		    n;
	int		    i;

	it_setup(tp, "gatewayapi", "max_in_flight = 10\nrate_per_second = 20");
	for (i = 0; i < 40; i++) {
		snprintf(to, sizeof(to), "+45250%05d", i);
		it_queue(tp, to, "reminder", time(NULL) + 600);
	}
	it_daemon_start(tp);
	assert_true(harness_wait(it_all_final, tp, 10000));
	recs = it_fake_records(tp);
	n = json_object_array_length(recs);
	assert_int_equal(n, 40);
	first = it_rec_int(json_object_array_get_idx(recs, 0), "at_ms");
	last = it_rec_int(json_object_array_get_idx(recs, n - 1), "at_ms");
	json_object_put(recs);
	fprintf(stderr, "40 messages at 20/s took %lld ms\n", last - first);
	/* A burst of 2 (a tenth of a second), then 20 per second. */
	assert_true(last - first >= 1700);
	assert_true(last - first <= 4000);
	assert_int_equal(harness_stop(&tp->gw), 0);
}

/*
 * SIGTERM: in-flight sends finish and are recorded, nothing new is
 * claimed, nothing is left `sending`, exit 0.
 */
static void
test_sigterm_drains(void **state)
{
	struct gwt *tp = *state;
	struct buf  stats = { 0 };
	int64_t	    n[OUTBOX_STATUS__MAX];
	char	    to[20], want[48];
	int	    i;

	it_setup(tp, "gatewayapi", "max_in_flight = 5\nrate_per_second = 1000");
	it_fake_post(tp, "/_config", "{\"delay_ms\":700}");
	for (i = 0; i < 40; i++) {
		snprintf(to, sizeof(to), "+45220%05d", i);
		it_queue(tp, to, "reminder", time(NULL) + 600);
	}
	it_daemon_start(tp);
	assert_true(harness_wait(fake_busy, tp, 3000));
	assert_int_equal(harness_stop(&tp->gw), 0);
	assert_int_equal(store_outbox_counts(tp->s, n), STORE_OK);
	assert_int_equal(n[OUTBOX_SENDING], 0);
	assert_true(n[OUTBOX_SENT] >= 1 && n[OUTBOX_SENT] <= 10);
	assert_int_equal(n[OUTBOX_SENT] + n[OUTBOX_QUEUED], 40);
	/* Exactly the recorded ones reached the provider. */
	harness_http(
	    tp->fake.port, "GET", "/_stats", NULL, NULL, 0, &stats, NULL);
	snprintf(want, sizeof(want), "\"accepted\":%lld,",
	    (long long)n[OUTBOX_SENT]);
	assert_non_null(strstr(buf_str(&stats), want));
	buf_free(&stats);
}

/* SIGHUP: a broken file is refused, a good one is used. */
static void
test_sighup_reload(void **state)
{
	struct gwt    *tp = *state;
	struct log_arg la;
	int64_t	       id;

	it_setup(tp, "file", NULL);
	it_daemon_start(tp);
	la.path = tp->gw.log;
	it_config_append(tp, "[sms]\nno_such_key = 1");
	kill(tp->gw.pid, SIGHUP);
	la.needle = "keeping the running configuration";
	assert_true(harness_wait(log_has, &la, 3000));
	id = it_queue(tp, "+4520000060", "contact", time(NULL) + 60);
	assert_true(harness_wait(it_all_final, tp, 3000));
	assert_int_equal(it_status(tp, id, NULL), OUTBOX_SENT);
	assert_int_equal(harness_count_lines(tp->h.sms_file), 1);
	/* Repair the file, switch the output file. */
	it_config_replace(tp, "no_such_key = 1", "max_in_flight = 3");
	it_config_replace(
	    tp, "file_path = sms-outbox.jsonl", "file_path = b.jsonl");
	kill(tp->gw.pid, SIGHUP);
	la.needle = "reload: configuration";
	assert_true(harness_wait(log_has, &la, 3000));
	it_queue(tp, "+4520000061", "contact", time(NULL) + 60);
	assert_true(harness_wait(it_all_final, tp, 3000));
	assert_int_equal(harness_count_lines(tp->h.sms_file), 1);
	{
		char b[400];

		snprintf(b, sizeof(b), "%s/b.jsonl", tp->h.dir);
		assert_int_equal(harness_count_lines(b), 1);
	}
	assert_int_equal(harness_stop(&tp->gw), 0);
}

/*
 * Two daemons on one database: one sends, the other stands by and takes
 * over when the first is killed.  Every message is written once.
 */
static void
test_lease_two_daemons(void **state)
{
	struct gwt    *tp = *state;
	struct proc   *b = &tp->extra;
	struct log_arg la;
	const char    *args[] = { "-f", NULL, "-v", NULL };
	char	       conf2[400], to[20];
	struct buf     c = { 0 };
	int	       i;

	it_setup(tp, "file", NULL);
	it_daemon_start(tp);
	/* The same configuration with its own port file. */
	harness_read_file(tp->h.config, &c);
	{
		char *p = strstr(c.data, "port_file = sms-gateway.port");

		assert_non_null(p);
		memcpy(p, "port_file = b.port          ", 28);
	}
	harness_write_file(&tp->h, "b.conf", buf_str(&c), conf2, sizeof(conf2));
	buf_free(&c);
	args[1] = conf2;
	{
		char pf[400];

		snprintf(pf, sizeof(pf), "%s/b.port", tp->h.dir);
		harness_start(&tp->h, b, "bin/sms-gateway", args, pf);
	}
	la.path = b->log;
	la.needle = "standing by";
	assert_true(harness_wait(log_has, &la, 3000));
	for (i = 0; i < 50; i++) {
		snprintf(to, sizeof(to), "+45230%05d", i);
		it_queue(tp, to, "reminder", time(NULL) + 600);
	}
	assert_true(harness_wait(it_all_final, tp, 5000));
	harness_kill(&tp->gw);
	la.needle = "taking over";
	assert_true(harness_wait(log_has, &la, 5000));
	for (i = 50; i < 100; i++) {
		snprintf(to, sizeof(to), "+45230%05d", i);
		it_queue(tp, to, "reminder", time(NULL) + 600);
	}
	assert_true(harness_wait(it_all_final, tp, 5000));
	assert_int_equal(harness_count_lines(tp->h.sms_file), 100);
	assert_int_equal(harness_stop(b), 0);
}

/* -n checks the configuration, the credentials and the schema. */
static void
test_check_only(void **state)
{
	struct gwt *tp = *state;
	struct buf  out = { 0 }, err = { 0 };
	const char *args[] = { "-n", NULL };

	it_setup(tp, "file", NULL);
	assert_int_equal(
	    harness_run(&tp->h, "sms-gateway", 1, args, &out, &err), 0);
	assert_non_null(strstr(buf_str(&out), "OK"));
	it_config_replace(tp, "provider = file", "provider = gatewayapi");
	it_config_append(tp, "[gatewayapi]\ntoken_file = missing.token");
	buf_reset(&err);
	assert_int_equal(
	    harness_run(&tp->h, "sms-gateway", 1, args, &out, &err), 1);
	assert_non_null(strstr(buf_str(&err), "missing.token"));
	buf_free(&out);
	buf_free(&err);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		IT_TEST(test_file_provider),
		IT_TEST(test_fault_classes_gatewayapi),
		IT_TEST(test_batch_isolates_bad_recipient),
		IT_TEST(test_fault_classes_twilio),
		IT_TEST(test_account_pause),
		IT_TEST(test_connect_refused),
		IT_TEST(test_duplicate_reference),
		IT_TEST(test_login_code_overtakes),
		IT_TEST(test_rate_limit),
		IT_TEST(test_sigterm_drains),
		IT_TEST(test_sighup_reload),
		IT_TEST(test_lease_two_daemons),
		IT_TEST(test_check_only),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
