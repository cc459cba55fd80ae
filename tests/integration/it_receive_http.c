/*
 * it_receive_http.c - the webhook listener's gates against the real
 * daemon: bad and missing signatures (401, nothing stored, counted),
 * replays (stored once), oversize bodies (413), malformed JSON and forms
 * (400), paths, methods and content types (404, 405, 415), Twilio's
 * signature and TwiML answer, delivery reports that never move a message
 * back from a final state, /metrics and /healthz, the fake provider's
 * webhook sender, and a flood (routing gives way but moves on).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "receive_util.h"

/* The value of a metric in the /metrics text, -1 if absent. */
static long long
metric(struct rx *x, const char *name)
{
	struct buf  b = { 0 };
	const char *p;
	long long   v = -1;
	size_t	    n = strlen(name);

	assert_int_equal(harness_http(x->gw.port, "GET", "/metrics", NULL, NULL,
			     0, &b, NULL),
	    200);
	for (p = buf_str(&b); (p = strstr(p, name)) != NULL; p += n)
		if ((p == b.data || p[-1] == '\n') && p[n] == ' ') {
			v = strtoll(p + n + 1, NULL, 10);
			break;
		}
	buf_free(&b);
	return v;
}

static void
test_bad_signatures(void **state)
{
	struct rx	   x;
	struct websign_req r;

	(void)state;
	rx_start(&x, 0, NULL, rx_when(0, 9, 0));
	/* Signed with another secret. */
	assert_int_equal(
	    gatewayapi_sign_mo("1", CITIZEN, NULL, "Hej", "wrong", 5, &r), 0);
	assert_int_equal(rx_post(&x, &r, 1, NULL), 401);
	/* Not signed at all. */
	assert_int_equal(rx_post(&x, &r, 0, NULL), 401);
	websign_free(&r);
	/* A valid token for a different body. */
	assert_int_equal(gatewayapi_sign_mo("1", CITIZEN, NULL, "Hej",
			     GW_SECRET, strlen(GW_SECRET), &r),
	    0);
	buf_reset(&r.body);
	buf_puts(
	    &r.body, "{\"id\":1,\"msisdn\":4520000101,\"message\":\"STOP\"}");
	assert_int_equal(rx_post(&x, &r, 1, NULL), 401);
	websign_free(&r);
	/* alg none. */
	gatewayapi_sign_raw(
	    GATEWAYAPI_PATH_MO, "{}", 2, GW_SECRET, strlen(GW_SECRET), &r);
	buf_reset(&r.header);
	buf_puts(&r.header, "X-Gwapi-Signature: eyJhbGciOiJub25lIn0.e30.");
	assert_int_equal(rx_post(&x, &r, 1, NULL), 401);
	websign_free(&r);
	/* Twilio with a wrong token. */
	twilio_sign_sms(TW_URL, "SM1", CITIZEN, NULL, "Hej", "bad", 3, &r);
	assert_int_equal(rx_post(&x, &r, 1, NULL), 401);
	websign_free(&r);
	assert_int_equal(rx_inbox(&x, NULL), 0);
	assert_int_equal(
	    metric(&x, "mentorlink_webhook_unauthorized_total"), 5);
	rx_stop(&x);
}

static void
test_replay_stored_once(void **state)
{
	struct rx	   x;
	struct websign_req r;
	int		   i;

	(void)state;
	rx_start(&x, 0, NULL, rx_when(0, 9, 0));
	assert_int_equal(gatewayapi_sign_mo("777", CITIZEN, NULL, "Ring mig",
			     GW_SECRET, strlen(GW_SECRET), &r),
	    0);
	for (i = 0; i < 3; i++)
		assert_int_equal(rx_post(&x, &r, 1, NULL), 200);
	websign_free(&r);
	rx_settle(&x);
	assert_int_equal(rx_inbox(&x, NULL), 1);
	assert_int_equal(rx_outbox_count(&x, MENTOR, NULL), 1);
	assert_int_equal(metric(&x, "mentorlink_webhook_duplicate_total"), 2);
	assert_int_equal(metric(&x, "mentorlink_webhook_stored_total"), 1);
	rx_stop(&x);
}

/*
 * A flood of webhooks, one right after the other for 1.5 s: every one is
 * answered 200 and stored; the router gives way to storing them but
 * still routes some meanwhile (never starved), and all once the flood
 * stops; a citizen's text in the middle gets the mentor called and the
 * receipt; the stranger gets one neutral reply, however many texts.
 */
static void
test_flood(void **state)
{
	struct rx	x;
	struct timespec t0, t;
	int64_t		total, pending;
	int		i, sent = 0;

	(void)state;
	rx_start(&x, 0, NULL, rx_when(0, 9, 0));
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < 20000; i++) {
		assert_int_equal(rx_mo(&x, i == 100 ? CITIZEN : STRANGER,
				     i == 100 ? "Ring mig" : "Hej"),
		    200);
		sent++;
		clock_gettime(CLOCK_MONOTONIC, &t);
		if ((t.tv_sec - t0.tv_sec) * 1000 +
			    (t.tv_nsec - t0.tv_nsec) / 1000000 >
			1500 &&
		    i > 100)
			break;
	}
	total = rx_inbox(&x, &pending);
	assert_int_equal(total, sent);
	print_message("flood: %d texts stored, %lld routed during it\n", sent,
	    (long long)(total - pending));
	assert_true(total - pending > 0);
	rx_settle(&x);
	assert_int_equal(rx_outbox_count(&x, MENTOR, NULL), 1);
	assert_int_equal(rx_outbox_count(&x, CITIZEN, NULL), 1);
	assert_int_equal(rx_outbox_count(&x, STRANGER, NULL), 1);
	rx_stop(&x);
}

static void
test_limits(void **state)
{
	struct rx	   x;
	struct websign_req r;
	struct buf	   big = { 0 };
	const char	  *ct[] = { "Content-Type: application/json", NULL };
	const char	  *xml[] = { "Content-Type: text/xml", NULL };
	size_t		   i;

	(void)state;
	rx_start(&x, 0, NULL, rx_when(0, 9, 0));
	/* 40 KB: over the 16 KB body cap (checked before the signature). */
	for (i = 0; i < 40 * 1024; i++)
		buf_putc(&big, 'x');
	gatewayapi_sign_raw(
	    GATEWAYAPI_PATH_MO, "{}", 2, GW_SECRET, strlen(GW_SECRET), &r);
	assert_int_equal(
	    harness_http(x.gw.port, "POST", "/webhooks/gatewayapi/mo", ct,
		big.data, big.len, NULL, NULL),
	    413);
	websign_free(&r);
	/* Signed, the token alone is over the 48 KB header cap: 431. */
	gatewayapi_sign_raw(GATEWAYAPI_PATH_MO, big.data, big.len, GW_SECRET,
	    strlen(GW_SECRET), &r);
	assert_int_equal(rx_post(&x, &r, 1, NULL), 431);
	websign_free(&r);
	buf_free(&big);
	/* Paths, methods, content types. */
	assert_int_equal(harness_http(x.gw.port, "POST", "/webhooks/nope", ct,
			     "{}", 2, NULL, NULL),
	    404);
	assert_int_equal(
	    harness_http(x.gw.port, "GET", "/", NULL, NULL, 0, NULL, NULL),
	    404);
	assert_int_equal(
	    harness_http(x.gw.port, "GET", "/webhooks/gatewayapi/mo", NULL,
		NULL, 0, NULL, NULL),
	    405);
	assert_int_equal(harness_http(x.gw.port, "DELETE", "/metrics", NULL,
			     NULL, 0, NULL, NULL),
	    405);
	assert_int_equal(
	    harness_http(x.gw.port, "POST", "/webhooks/gatewayapi/mo", xml,
		"{}", 2, NULL, NULL),
	    415);
	assert_int_equal(harness_http(x.gw.port, "POST", "/webhooks/twilio/sms",
			     ct, "{}", 2, NULL, NULL),
	    415);
	assert_int_equal(rx_inbox(&x, NULL), 0);
	rx_stop(&x);
}

static void
test_malformed(void **state)
{
	struct rx	   x;
	struct websign_req r;
	static const char  no_msisdn[] = "{\"id\":5,\"message\":\"Hej\"}";
	static const char  bad_type[] =
	    "{\"id\":[5],\"msisdn\":4520000101,\"message\":\"Hej\"}";

	(void)state;
	rx_start(&x, 0, NULL, rx_when(0, 9, 0));
	/* A valid token with a body that is not JSON: 400. */
	gatewayapi_sign_raw(GATEWAYAPI_PATH_MO, no_msisdn, strlen(no_msisdn),
	    GW_SECRET, strlen(GW_SECRET), &r);
	buf_reset(&r.body);
	buf_puts(&r.body, "{\"id\":");
	assert_int_equal(rx_post(&x, &r, 1, NULL), 400);
	/* The same unsigned: 401, the parser's answer is not given away. */
	assert_int_equal(rx_post(&x, &r, 0, NULL), 401);
	websign_free(&r);
	gatewayapi_sign_raw(GATEWAYAPI_PATH_MO, no_msisdn, strlen(no_msisdn),
	    GW_SECRET, strlen(GW_SECRET), &r);
	assert_int_equal(rx_post(&x, &r, 1, NULL), 400);
	websign_free(&r);
	gatewayapi_sign_raw(GATEWAYAPI_PATH_MO, bad_type, strlen(bad_type),
	    GW_SECRET, strlen(GW_SECRET), &r);
	assert_int_equal(rx_post(&x, &r, 1, NULL), 400);
	websign_free(&r);
	/* A form with a broken escape, and one without MessageSid. */
	twilio_sign_sms(TW_URL, "SM1", CITIZEN, NULL, "Hej", TW_TOKEN,
	    strlen(TW_TOKEN), &r);
	buf_puts(&r.body, "&x=%4");
	assert_int_equal(rx_post(&x, &r, 1, NULL), 400);
	websign_free(&r);
	twilio_sign_sms(
	    TW_URL, "", CITIZEN, NULL, "Hej", TW_TOKEN, strlen(TW_TOKEN), &r);
	assert_int_equal(rx_post(&x, &r, 1, NULL), 400);
	websign_free(&r);
	assert_int_equal(rx_inbox(&x, NULL), 0);
	rx_stop(&x);
}

static void
test_twilio(void **state)
{
	struct rx	   x;
	struct websign_req r;
	struct buf	   resp = { 0 };

	(void)state;
	rx_start(&x, 0, NULL, rx_when(0, 9, 0));
	twilio_sign_sms(TW_URL, "SM0123456789abcdef", CITIZEN, "+4512345678",
	    "Ring mig op, tak", TW_TOKEN, strlen(TW_TOKEN), &r);
	assert_int_equal(rx_post(&x, &r, 1, &resp), 200);
	assert_non_null(strstr(buf_str(&resp), "<Response></Response>"));
	websign_free(&r);
	buf_free(&resp);
	rx_settle(&x);
	assert_int_equal(
	    rx_outbox_count(&x, MENTOR, "Mads beder dig ringe"), 1);
	/* The URL with an explicit :443 signs the same. */
	twilio_sign_sms("https://sms.example.dk:443", "SMport", CITIZEN, NULL,
	    "Hej", TW_TOKEN, strlen(TW_TOKEN), &r);
	assert_int_equal(rx_post(&x, &r, 1, NULL), 200);
	websign_free(&r);
	rx_stop(&x);
}

/* Post the signed request r: row 1 is still delivered a second later. */
static void
post_still_delivered(struct rx *x, struct websign_req *r)
{
	struct outbox_rec o;

	assert_int_equal(rx_post(x, r, 1, NULL), 200);
	websign_free(r);
	sleep(1);
	assert_int_equal(store_outbox_get(x->s, 1, &o), STORE_OK);
	assert_int_equal(o.status, OUTBOX_DELIVERED);
	outbox_rec_free(&o);
}

static void
test_delivery_reports(void **state)
{
	struct rx	   x;
	struct websign_req r;
	struct outbox_rec  o;
	int		   i;

	(void)state;
	rx_start(&x, 0, NULL, rx_when(0, 9, 0));
	assert_int_equal(rx_mo(&x, CITIZEN, "STOP"), 200);
	rx_settle(&x);
	/* Wait until the file provider has sent it (row 1). */
	for (i = 0; i < 50; i++) {
		assert_int_equal(store_outbox_get(x.s, 1, &o), STORE_OK);
		if (o.status == OUTBOX_SENT)
			break;
		outbox_rec_free(&o);
		usleep(100 * 1000);
	}
	outbox_rec_free(&o);
	gatewayapi_sign_dlr(
	    "9001", "DELIVERED", 1, NULL, GW_SECRET, strlen(GW_SECRET), &r);
	assert_int_equal(rx_post(&x, &r, 1, NULL), 200);
	assert_int_equal(rx_post(&x, &r, 1, NULL), 200); /* retried */
	websign_free(&r);
	/* A late ENROUTE must not move it back. */
	gatewayapi_sign_dlr(
	    "9001", "ENROUTE", 1, NULL, GW_SECRET, strlen(GW_SECRET), &r);
	assert_int_equal(rx_post(&x, &r, 1, NULL), 200);
	websign_free(&r);
	/* A report for a message we do not know is kept. */
	gatewayapi_sign_dlr("9002", "DELIVERED", 424242, NULL, GW_SECRET,
	    strlen(GW_SECRET), &r);
	post_still_delivered(&x, &r);
	/* Twilio status callback for the same row: final stays final. */
	twilio_sign_status(TW_URL, "SMx", "failed", "30003", 1, TW_TOKEN,
	    strlen(TW_TOKEN), &r);
	post_still_delivered(&x, &r);
	assert_int_equal(metric(&x, "mentorlink_webhook_stored_total"), 5);
	rx_stop(&x);
}

static void
test_health_and_fake_sender(void **state)
{
	struct rx   x;
	struct proc fake;
	struct buf  resp = { 0 }, cmd = { 0 };
	const char *args[] = { "-p", NULL, NULL };
	const char *ct[] = { "Content-Type: application/json", NULL };
	char	    pf[400];

	(void)state;
	rx_start(&x, 0, NULL, rx_when(0, 9, 0));
	assert_int_equal(harness_http(x.gw.port, "GET", "/healthz", NULL, NULL,
			     0, &resp, NULL),
	    200);
	assert_string_equal(buf_str(&resp), "ok\n");
	buf_free(&resp);
	snprintf(pf, sizeof(pf), "%s/fake.port", x.h.dir);
	args[1] = pf;
	harness_start(&x.h, &fake, "tests/bin/fake-provider", args, pf);
	buf_printf(&cmd,
	    "{\"url\":\"http://127.0.0.1:%d\",\"kind\":"
	    "\"gatewayapi_mo\",\"id\":\"55\",\"from\":\"%s\",\"text\":\"Hej\","
	    "\"secret\":\"%s\"}",
	    x.gw.port, CITIZEN, GW_SECRET);
	assert_int_equal(harness_http(fake.port, "POST", "/_webhook", ct,
			     cmd.data, cmd.len, &resp, NULL),
	    200);
	assert_string_equal(buf_str(&resp), "{\"status\":200}\n");
	buf_reset(&resp);
	buf_reset(&cmd);
	buf_printf(&cmd,
	    "{\"url\":\"http://127.0.0.1:%d\",\"kind\":"
	    "\"twilio_sms\",\"id\":\"SM55\",\"from\":\"%s\",\"text\":\"Hej\","
	    "\"token\":\"%s\",\"public_url\":\"%s\",\"bad_signature\":true}",
	    x.gw.port, CITIZEN, TW_TOKEN, TW_URL);
	assert_int_equal(harness_http(fake.port, "POST", "/_webhook", ct,
			     cmd.data, cmd.len, &resp, NULL),
	    200);
	assert_string_equal(buf_str(&resp), "{\"status\":401}\n");
	buf_free(&resp);
	buf_free(&cmd);
	assert_int_equal(harness_stop(&fake), 0);
	rx_settle(&x);
	assert_int_equal(rx_inbox(&x, NULL), 1);
	rx_stop(&x);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bad_signatures),
		cmocka_unit_test(test_replay_stored_once),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_twilio),
		cmocka_unit_test(test_delivery_reports),
		cmocka_unit_test(test_health_and_fake_sender),
		cmocka_unit_test(test_flood),
	};

	return cmocka_run_group_tests_name(
	    "it_receive_http", tests, NULL, NULL);
}
