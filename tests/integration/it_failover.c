/*
 * it_failover.c - the real sms-gateway with two providers, [sms]
 * providers = gatewayapi, twilio, each a fake provider of its own (A and
 * B): A down (connection refused), A in a 5xx storm and then back, A
 * slow (timeouts).  Every message ends sent; exactly once over both
 * where A did not answer, at most the in-flight window twice where A
 * timed out after it had the request.  The clock is held and moved by
 * the test (probe intervals, graces); only A's timeouts take real time.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "it_send.h"

#define FO_N	  12 /* reminders each test queues (ids 1..FO_N) */
#define FO_WINDOW 4  /* [sms] max_in_flight */

/* The fixture: it_send.h's, and provider B's fake. */
struct fot {
	struct gwt  t; /* t.fake is A (GatewayAPI's API) */
	struct proc b; /* B (Twilio's API) */
};

static int
fo_new(void **state)
{
	return (*state = calloc(1, sizeof(struct fot))) == NULL ? -1 : 0;
}

static int
fo_free(void **state)
{
	struct fot *f = *state;

	if (f->b.pid > 0)
		harness_stop(&f->b);
	if (f->t.h.dir[0] != '\0')
		it_teardown(&f->t);
	free(f);
	return 0;
}

/* Start a fake provider whose port file is dir/NAME.port. */
static void
fake_start(struct fot *f, struct proc *p, const char *name)
{
	const char *args[] = { "-p", NULL, "-t", IT_TOKEN, "-s",
		"AC00000000000000000000000000000000", "-a", IT_TOKEN, NULL };
	char	    pf[400];

	snprintf(pf, sizeof(pf), "%s/%s.port", f->t.h.dir, name);
	args[1] = pf;
	harness_start(&f->t.h, p, "tests/bin/fake-provider", args, pf);
}

/*
 * The folder, both fakes (A only when a_up), and the configuration:
 * A first, B second; extra: more [sms] keys.
 */
static void
fo_setup(struct fot *f, int a_up, const char *extra)
{
	struct gwt *t = &f->t;
	struct buf  ini = { 0 };

	it_folder(t);
	if (a_up)
		fake_start(f, &t->fake, "fake-a");
	fake_start(f, &f->b, "fake-b");
	harness_write_file(&t->h, "provider.token", IT_TOKEN, NULL, 0);
	harness_write_file(
	    &t->h, "gatewayapi-webhook.secret", "it-webhook-secret", NULL, 0);
	buf_printf(&ini,
	    "[sms]\nproviders = gatewayapi, twilio\nmax_in_flight = %d\n"
	    "rate_per_second = 1000\n%s\n"
	    "[gatewayapi]\nbase_url = http://127.0.0.1:%d\n"
	    "token_file = provider.token\n"
	    "[twilio]\nbase_url = http://127.0.0.1:%d\n"
	    "account_sid = AC00000000000000000000000000000000\n"
	    "auth_token_file = provider.token\n"
	    "public_url = https://sms.example.dk\n",
	    FO_WINDOW, extra, a_up ? t->fake.port : 1, f->b.port);
	it_config_append(t, buf_str(&ini));
	buf_free(&ini);
}

/*
 * How often the fake on port accepted (answered 2xx) each reference
 * 1..n, added to count[1..n].
 */
static void
accepted_at(int port, int n, int *count)
{
	struct json_object *o;
	struct buf	    b = { 0 };
	const char	   *p, *nl;
	long long	    ref;

	if (harness_http(port, "GET", "/_requests", NULL, NULL, 0, &b, NULL) !=
	    200)
		fail_msg("fake /_requests");
	for (p = buf_str(&b); *p != '\0'; p = *nl ? nl + 1 : nl) {
		nl = p + strcspn(p, "\n");
		if (nl == p || (o = json_tokener_parse(p)) == NULL)
			continue;
		ref = strtoll(it_rec_str(o, "ref"), NULL, 10);
		if (ref >= 1 && ref <= n && it_rec_int(o, "status") >= 200 &&
		    it_rec_int(o, "status") <= 299)
			count[ref]++;
		json_object_put(o);
	}
	buf_free(&b);
}

/* Messages 1..n accepted twice or more (the extras), and never. */
static void
tally_both(struct fot *f, int n, int *dups, int *lost)
{
	int count[FO_N + 8] = { 0 }, i;

	assert_true(n < FO_N + 8);
	if (f->t.fake.pid > 0)
		accepted_at(f->t.fake.port, n, count);
	accepted_at(f->b.port, n, count);
	*dups = *lost = 0;
	for (i = 1; i <= n; i++) {
		if (count[i] == 0)
			(*lost)++;
		else
			*dups += count[i] - 1;
	}
}

/* The provider that sent row id, as the outbox records it. */
static void
sent_by(struct gwt *t, int64_t id, const char *want)
{
	struct outbox_rec r;

	assert_int_equal(store_outbox_get(t->s, id, &r), STORE_OK);
	if (r.status != OUTBOX_SENT || strcmp(r.provider, want) != 0)
		fail_msg("row %lld: %s by %s, want sent by %s", (long long)id,
		    outbox_status_name(r.status), r.provider, want);
	outbox_rec_free(&r);
}

/* Move the held clock from due instant to due instant until all final. */
static void
run_clock(struct gwt *t)
{
	time_t next;
	int    steps;

	for (steps = 0; it_clock_next(t, 20000, &next); steps++) {
		assert_true(steps < 60);
		it_clock_set(t, next);
	}
}

/* The line mentorctl status prints about the provider holds want. */
static void
status_says(struct gwt *t, const char *want)
{
	struct ctl_run r = { 0 };

	harness_ctl(&t->h, &r, "status", NULL);
	if (strstr(buf_str(&r.out), want) == NULL)
		fail_msg("status lacks \"%s\":\n%s", want, buf_str(&r.out));
	harness_ctl_free(&r);
}

/* The journal export of yesterday to tomorrow holds want. */
static void
journal_says(struct gwt *t, const char *want)
{
	struct ctl_run r = { 0 };
	char	       from[16], to[16];
	time_t	       at = time(NULL) - 86400;
	struct tm      tm;

	localtime_r(&at, &tm);
	strftime(from, sizeof(from), "%Y-%m-%d", &tm);
	at += 2 * 86400;
	localtime_r(&at, &tm);
	strftime(to, sizeof(to), "%Y-%m-%d", &tm);
	harness_ctl(
	    &t->h, &r, "journal", "export", "--from", from, "--to", to, NULL);
	if (strstr(buf_str(&r.out), want) == NULL)
		fail_msg("journal lacks %s:\n%s", want, buf_str(&r.out));
	harness_ctl_free(&r);
}

/* A labelled per-provider metric, -1 when absent. */
static long long
provider_metric(struct gwt *t, const char *name, const char *provider)
{
	char key[160];

	snprintf(key, sizeof(key), "%s{provider=\"%s\"}", name, provider);
	return it_metric(t, key);
}

/*
 * A is down (connection refused): after failover_after failures it is
 * out, B sends everything, each message once; the login code goes to B
 * after A's first failure.
 */
static void
test_a_down(void **state)
{
	struct fot *f = *state;
	struct gwt *t = &f->t;
	time_t	    start = time(NULL);
	int64_t	    code;
	int	    dups, lost, i;

	fo_setup(f, 0, "");
	it_clock_set(t, start);
	it_queue_many(t, FO_N, "+4524", start + 3600);
	code = it_queue(t, "+4520000099", "login_code", start + 300);
	it_daemon_start(t);
	run_clock(t);
	tally_both(f, FO_N + 1, &dups, &lost);
	assert_int_equal(lost, 0);
	assert_int_equal(dups, 0);
	for (i = 1; i <= FO_N; i++)
		sent_by(t, i, "twilio");
	sent_by(t, code, "twilio");
	assert_int_equal(provider_metric(t, "mentorlink_sms_provider_out_total",
			     "gatewayapi"),
	    1);
	assert_int_equal(
	    provider_metric(t, "mentorlink_sms_provider_up", "gatewayapi"), 0);
	assert_int_equal(
	    provider_metric(t, "mentorlink_sms_provider_active", "twilio"), 1);
	assert_int_equal(
	    provider_metric(t, "mentorlink_sms_provider_sent_total", "twilio"),
	    FO_N + 1);
	status_says(t, "provider: twilio: gatewayapi out of traffic since");
	journal_says(t, "\"actor_kind\":\"provider\",\"actor\":\"twilio\"");
	assert_int_equal(harness_stop(&t->gw), 0);
}

/* harness_wait(): every row sent. */
static int
all_sent(void *arg)
{
	struct gwt *t = arg;
	int64_t	    n[OUTBOX_STATUS__MAX];

	return store_outbox_counts(t->s, n) == STORE_OK &&
	    n[OUTBOX_QUEUED] == 0 && n[OUTBOX_SENDING] == 0 &&
	    n[OUTBOX_FAILED] == 0 && n[OUTBOX_EXPIRED] == 0;
}

/* Post a signed delivery report of row id through fake p's /_webhook. */
static void
report(struct gwt *t, struct proc *p, int64_t id, const char *kind,
    const char *status)
{
	struct outbox_rec r;
	struct buf	  cmd = { 0 }, out = { 0 };
	const char	 *hdr[] = { "Content-Type: application/json", NULL };

	assert_int_equal(store_outbox_get(t->s, id, &r), STORE_OK);
	buf_printf(&cmd,
	    "{\"url\":\"http://127.0.0.1:%d\",\"kind\":\"%s\",\"id\":\"%s\","
	    "\"status\":\"%s\",\"ref\":%lld,\"secret\":\"%s\"}",
	    t->gw.port, kind, r.provider_id, status, (long long)id,
	    strcmp(kind, "twilio_status") == 0 ? IT_TOKEN
					       : "it-webhook-secret");
	assert_int_equal(harness_http(p->port, "POST", "/_webhook", hdr,
			     buf_str(&cmd), cmd.len, &out, NULL),
	    200);
	if (strstr(buf_str(&out), "\"status\":200") == NULL)
		fail_msg("%s: %s", kind, buf_str(&out));
	outbox_rec_free(&r);
	buf_free(&cmd);
	buf_free(&out);
}

/* Two rows of one database, for harness_wait(). */
struct two_rows {
	struct gwt *t;
	int64_t	    id[2];
};

/* harness_wait(): both rows are delivered. */
static int
both_delivered(void *arg)
{
	struct two_rows *w = arg;

	return it_status(w->t, w->id[0], NULL) == OUTBOX_DELIVERED &&
	    it_status(w->t, w->id[1], NULL) == OUTBOX_DELIVERED;
}

/*
 * A answers 503 to everything: out after three requests, B sends every
 * message once (A accepted none).  Then A answers again: the probe,
 * after failover_probe, takes it back, and the next messages go to A.
 * Delivery reports of both providers are taken at the same time.
 */
static void
test_a_5xx_storm_and_back(void **state)
{
	struct fot     *f = *state;
	struct gwt     *t = &f->t;
	time_t		start = time(NULL);
	struct two_rows w;
	int64_t		late, by_a_id = 0;
	int		dups, lost, i, by_a = 0;

	fo_setup(f, 1, "failover_probe = 30s");
	it_fake_post(t, "/_fault",
	    "{\"action\":\"status\",\"status\":503,\"count\":-1}");
	it_clock_set(t, start);
	it_queue_many(t, FO_N, "+4524", start + 3600);
	it_daemon_start(t);
	run_clock(t);
	tally_both(f, FO_N, &dups, &lost);
	assert_int_equal(lost, 0);
	assert_int_equal(dups, 0);
	for (i = 1; i <= FO_N; i++)
		sent_by(t, i, "twilio");
	status_says(t, "gatewayapi out of traffic");

	/* A is back; the probe is due 30 s after it went out. */
	it_fake_post(t, "/_reset", "{}");
	it_clock_set(t, start + 31);
	for (i = 0; i < 6; i++)
		late = it_queue(t, "+4525000000", "reminder", start + 3600);
	assert_true(harness_wait(all_sent, t, 20000));
	for (i = FO_N + 1; i <= late; i++) {
		struct outbox_rec r;

		assert_int_equal(store_outbox_get(t->s, i, &r), STORE_OK);
		if (strcmp(r.provider, "gatewayapi") == 0) {
			by_a++;
			by_a_id = i;
		}
		outbox_rec_free(&r);
	}
	assert_true(by_a >= 1);
	assert_int_equal(
	    provider_metric(t, "mentorlink_sms_provider_up", "gatewayapi"), 1);
	assert_int_equal(
	    provider_metric(t, "mentorlink_sms_provider_active", "gatewayapi"),
	    1);
	status_says(t, "provider: gatewayapi: first of [sms] providers");
	tally_both(f, (int)late, &dups, &lost);
	assert_int_equal(lost, 0);
	assert_int_equal(dups, 0);

	/* Both providers' delivery reports, to one daemon. */
	report(t, &f->b, 1, "twilio_status", "delivered");
	report(t, &t->fake, by_a_id, "gatewayapi_dlr", "DELIVERED");
	w.t = t;
	w.id[0] = 1;
	w.id[1] = by_a_id;
	assert_true(harness_wait(both_delivered, &w, 10000));
	assert_int_equal(harness_stop(&t->gw), 0);
}

/* harness_wait(): A is out (its requests timed out). */
static int
a_out(void *arg)
{
	return provider_metric(
		   arg, "mentorlink_sms_provider_out_total", "gatewayapi") >= 1;
}

/*
 * harness_wait(): fake A has recorded (answered, late) every message
 * that timed out there: those sent more than once.
 */
static int
a_recorded(void *arg)
{
	struct gwt *t = arg;
	struct buf  b = { 0 };
	const char *p;
	int	    id, attempts, retried = 0;
	size_t	    lines = 0;

	for (id = 1; id <= FO_N; id++)
		if (it_status(t, id, &attempts) == OUTBOX_SENT && attempts > 1)
			retried++;
	if (harness_http(t->fake.port, "GET", "/_requests", NULL, NULL, 0, &b,
		NULL) != 200)
		return 0;
	for (p = buf_str(&b); (p = strchr(p, '\n')) != NULL; p++)
		lines++;
	buf_free(&b);
	return retried > 0 && lines >= (size_t)retried;
}

/*
 * A is slow: it takes the requests and answers after our timeout.  The
 * messages in flight at A may have reached it: they wait the grace,
 * then B sends them (at most the window twice, once at each); the rest
 * go to B once.
 */
static void
test_a_slow(void **state)
{
	struct fot *f = *state;
	struct gwt *t = &f->t;
	time_t	    start = time(NULL), due;
	int	    dups, lost;

	fo_setup(f, 1,
	    "failover_after = 1\nrequest_timeout = 1s\n"
	    "failover_grace = 2m");
	it_fake_post(t, "/_fault",
	    "{\"action\":\"delay\",\"delay_ms\":2500,\"count\":-1}");
	it_clock_set(t, start);
	it_queue_many(t, FO_N, "+4524", start + 3600);
	it_daemon_start(t);
	assert_true(harness_wait(a_out, t, 15000));
	/* Nothing timed out at A goes to B before the grace. */
	assert_true(harness_wait(it_quiet, t, 10000));
	assert_int_equal(store_outbox_next_due(t->s, &due), STORE_OK);
	assert_true(due >= start + 120);
	run_clock(t);
	assert_true(t->clock >= start + 120);
	/* A answers late, but it has every message it was sent. */
	assert_true(harness_wait(a_recorded, t, 10000));
	tally_both(f, FO_N, &dups, &lost);
	assert_int_equal(lost, 0);
	assert_true(dups >= 1);
	assert_true(dups <= FO_WINDOW);
	status_says(t, "gatewayapi out of traffic");
	assert_int_equal(harness_stop(&t->gw), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_a_down, fo_new, fo_free),
		cmocka_unit_test_setup_teardown(
		    test_a_5xx_storm_and_back, fo_new, fo_free),
		cmocka_unit_test_setup_teardown(test_a_slow, fo_new, fo_free),
	};

	return cmocka_run_group_tests_name("failover", tests, NULL, NULL);
}
