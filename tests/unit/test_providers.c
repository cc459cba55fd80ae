/*
 * test_providers.c - the providers (the files in sms-gateway/providers/, compiled
 * in here): the requests they build and how every kind of answer is
 * classified (accepted / retry / permanent), and the file provider's
 * JSON lines.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "../../sms-gateway/webhook.c"
#include "../../sms-gateway/providers/provider.c"
#include "../../sms-gateway/providers/file.c"
#include "../../sms-gateway/providers/gatewayapi.c"
#include "../../sms-gateway/providers/twilio.c"
#include "sms_provider.h"

static char dir[64];

static struct config *
config_with(const char *extra)
{
	char	       path[128], err[CONFIG_ERR_MAX];
	struct config *cfg;
	FILE	      *fp;

	snprintf(path, sizeof(path), "%s/t.conf", dir);
	assert_non_null(fp = fopen(path, "w"));
	fprintf(fp,
	    "[organisation]\nname = Herlev Kommune\nphone = "
	    "+4544520000\n[sms]\nsender = +4512345678\nfile_path = out.jsonl\n"
	    "%s\n",
	    extra);
	fclose(fp);
	if ((cfg = config_load(path, err, sizeof(err))) == NULL)
		fail_msg("%s", err);
	return cfg;
}

static struct outbox_claim
claim(int64_t id, const char *body, const char *enc)
{
	struct outbox_claim c;

	memset(&c, 0, sizeof(c));
	c.id = id;
	snprintf(c.recipient, sizeof(c.recipient), "+4520000101");
	c.body = (char *)body;
	snprintf(c.encoding, sizeof(c.encoding), "%s", enc);
	c.segments = 1;
	c.attempts = 1;
	return c;
}

/* Classify an answer with provider p. */
static struct send_result
classify(const struct provider *p, void *ctx, long status, const char *body)
{
	struct send_result r;

	memset(&r, 0, sizeof(r));
	p->parse(ctx, status, body, body ? strlen(body) : 0, 1, &r);
	return r;
}

static void
test_status_table(void **state)
{
	static const struct {
		long		status;
		enum send_class cls;
	} cases[] = {
		{ 200, SEND_ACCEPTED },
		{ 201, SEND_ACCEPTED },
		{ 400, SEND_PERMANENT },
		{ 401, SEND_ACCOUNT },
		{ 403, SEND_ACCOUNT },
		{ 404, SEND_PERMANENT },
		{ 408, SEND_RETRY },
		{ 409, SEND_ACCEPTED },
		{ 422, SEND_PERMANENT },
		{ 429, SEND_RETRY },
		{ 500, SEND_RETRY },
		{ 503, SEND_RETRY },
		{ 302, SEND_RETRY },
		{ 0, SEND_RETRY },
	};
	struct send_result r;
	size_t		   i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memset(&r, 0, sizeof(r));
		provider_classify_status(cases[i].status, &r);
		assert_int_equal(r.cls, cases[i].cls);
		assert_int_equal(r.rate_limited, cases[i].status == 429);
	}
	assert_non_null(provider_find("file"));
	assert_non_null(provider_find("gatewayapi"));
	assert_non_null(provider_find("twilio"));
	assert_null(provider_find("vonage"));
	assert_string_equal(send_class_name(SEND_PERMANENT), "permanent");
	assert_string_equal(send_class_name(SEND_ACCOUNT), "account");
}

static void
test_gatewayapi(void **state)
{
	const struct provider  *p = &provider_gatewayapi;
	struct provider_request req;
	struct outbox_claim c = claim(42, "Mødet er aflyst – ring", "UCS-2");
	struct send_result  r;
	struct config	   *cfg;
	void		   *ctx;
	char		    err[256];

	(void)state;
	setenv("GATEWAYAPI_TOKEN", "tok-123", 1);
	cfg = config_with(
	    "provider = gatewayapi\n[gatewayapi]\nbase_url = "
	    "http://127.0.0.1:9/\ncallback_url = https://sms.example.dk/dlr");
	assert_int_equal(p->init(&ctx, cfg, err, sizeof(err)), 0);
	memset(&req, 0, sizeof(req));
	memset(&r, 0, sizeof(r));
	assert_int_equal(p->build(ctx, &c, 1, &req, &r), 0);
	assert_string_equal(buf_str(&req.url), "http://127.0.0.1:9/rest/mtsms");
	assert_string_equal(buf_str(&req.body),
	    "{\"sender\":\"4512345678\","
	    "\"message\":\"Mødet er aflyst – ring\",\"recipients\":[{\"msisdn\":"
	    "4520000101}],\"userref\":\"42\",\"encoding\":\"UCS2\","
	    "\"callback_url\":\"https://sms.example.dk/dlr\"}");
	assert_string_equal(((struct gwapi_ctx *)ctx)->headers->data,
	    "Authorization: Token tok-123");
	buf_free(&req.url);
	buf_free(&req.body);

	r = classify(p, ctx, 200, "{\"ids\":[987],\"usage\":{}}");
	assert_int_equal(r.cls, SEND_ACCEPTED);
	assert_string_equal(r.provider_id, "987");
	/* Any 2xx: GatewayAPI has it, even when the body says nothing. */
	r = classify(p, ctx, 200, "{\"code\":\"0x0216\",\"message\":\"x\"}");
	assert_int_equal(r.cls, SEND_ACCEPTED); /* 200 without ids */
	assert_int_equal(r.unconfirmed, 1);
	assert_string_equal(r.reason,
	    "unconfirmed: http 200 without message "
	    "ids");
	r = classify(p, ctx, 200, "<html>garbage");
	assert_int_equal(r.cls, SEND_ACCEPTED);
	assert_int_equal(r.unconfirmed, 1);
	assert_string_equal(r.provider_id, "");
	r = classify(p, ctx, 202, "{\"ids\":[98"); /* cut short */
	assert_int_equal(r.cls, SEND_ACCEPTED);
	assert_int_equal(r.unconfirmed, 1);
	r = classify(p, ctx, 200, "{\"ids\":[987]}");
	assert_int_equal(r.unconfirmed, 0);
	r = classify(p, ctx, 403, "{\"code\":\"0x0215\",\"message\":\"x\"}");
	assert_int_equal(r.cls, SEND_PERMANENT);
	assert_non_null(strstr(r.reason, "blacklisted"));
	r = classify(p, ctx, 403, "{\"code\":\"0x0216\",\"message\":\"x\"}");
	assert_int_equal(r.cls, SEND_ACCOUNT); /* credit: not the message */
	r = classify(p, ctx, 401, "{\"code\":\"0x0229\"}");
	assert_int_equal(r.cls, SEND_ACCOUNT);
	/* A proxy's 401 or 403, no provider code: who we are, not the text. */
	r = classify(p, ctx, 401, "<html><body>401</body></html>");
	assert_int_equal(r.cls, SEND_ACCOUNT);
	r = classify(p, ctx, 403, NULL);
	assert_int_equal(r.cls, SEND_ACCOUNT);
	r = classify(p, ctx, 403, "{\"code\":\"0x0214\"}");
	assert_int_equal(r.cls, SEND_RETRY); /* that recipient, for now */
	r = classify(p, ctx, 422, "{\"code\":\"0x0310\"}");
	assert_int_equal(r.cls, SEND_PERMANENT);
	r = classify(p, ctx, 400, NULL);
	assert_int_equal(r.cls, SEND_PERMANENT);
	r = classify(p, ctx, 500, "{\"message\":\"boom\"}");
	assert_int_equal(r.cls, SEND_RETRY);
	r = classify(p, ctx, 429, "");
	assert_int_equal(r.cls, SEND_RETRY);
	assert_int_equal(r.rate_limited, 1);
	r = classify(p, ctx, 409,
	    "{\"code\":\"DUPLICATE_REFERENCE\","
	    "\"id\":\"555\"}");
	assert_int_equal(r.cls, SEND_ACCEPTED);
	assert_string_equal(r.provider_id, "555");
	p->free(ctx);
	config_free(cfg);
	/* No token: init says why. */
	unsetenv("GATEWAYAPI_TOKEN");
	cfg = config_with("provider = gatewayapi\n[gatewayapi]\ntoken_file = "
			  "missing.token");
	assert_int_equal(p->init(&ctx, cfg, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "missing.token"));
	config_free(cfg);
}

/* Several messages in one request: an array, one id each. */
static void
test_gatewayapi_batch(void **state)
{
	const struct provider  *p = &provider_gatewayapi;
	struct provider_request req;
	struct outbox_claim	c[3];
	struct send_result	r[3];
	struct config	       *cfg;
	void		       *ctx;
	char			err[256];
	const char	       *ok = "{\"ids\":[11,12,13]}";

	(void)state;
	setenv("GATEWAYAPI_TOKEN", "tok-123", 1);
	cfg = config_with("provider = gatewayapi");
	assert_int_equal(p->init(&ctx, cfg, err, sizeof(err)), 0);
	assert_true(p->max_batch > 1);
	c[0] = claim(1, "a", "GSM-7");
	c[1] = claim(2, "b", "GSM-7");
	c[2] = claim(3, "c", "GSM-7");
	memset(&req, 0, sizeof(req));
	memset(r, 0, sizeof(r));
	assert_int_equal(p->build(ctx, c, 3, &req, r), 0);
	assert_int_equal(buf_str(&req.body)[0], '[');
	assert_non_null(strstr(buf_str(&req.body), "\"userref\":\"3\""));
	buf_free(&req.url);
	buf_free(&req.body);
	memset(r, 0, sizeof(r));
	p->parse(ctx, 200, ok, strlen(ok), 3, r);
	assert_int_equal(r[2].cls, SEND_ACCEPTED);
	assert_string_equal(r[0].provider_id, "11");
	assert_string_equal(r[2].provider_id, "13");
	/* Fewer ids than messages: all accepted, none confirmed. */
	memset(r, 0, sizeof(r));
	p->parse(ctx, 200, "{\"ids\":[11]}", 12, 3, r);
	assert_int_equal(r[0].cls, SEND_ACCEPTED);
	assert_int_equal(r[2].cls, SEND_ACCEPTED);
	assert_int_equal(r[2].unconfirmed, 1);
	assert_string_equal(r[0].provider_id, "");
	memset(r, 0, sizeof(r));
	p->parse(ctx, 422, "{\"code\":\"0x0222\"}", 17, 3, r);
	assert_int_equal(r[1].cls, SEND_PERMANENT);
	p->free(ctx);
	config_free(cfg);
	unsetenv("GATEWAYAPI_TOKEN");
}

static void
test_twilio(void **state)
{
	const struct provider  *p = &provider_twilio;
	struct provider_request req;
	struct outbox_claim	c = claim(7, "Hej & farvel", "GSM-7");
	struct send_result	r;
	struct config	       *cfg;
	void		       *ctx;
	char			err[256];

	(void)state;
	setenv("TWILIO_AUTH_TOKEN", "tw-secret", 1);
	cfg =
	    config_with("provider = twilio\n[twilio]\nbase_url = "
			"http://127.0.0.1:9\naccount_sid = AC123\npublic_url = "
			"https://sms.example.dk/");
	assert_int_equal(p->init(&ctx, cfg, err, sizeof(err)), 0);
	memset(&req, 0, sizeof(req));
	memset(&r, 0, sizeof(r));
	assert_int_equal(p->build(ctx, &c, 1, &req, &r), 0);
	assert_string_equal(buf_str(&req.url),
	    "http://127.0.0.1:9/2010-04-01/"
	    "Accounts/AC123/Messages.json");
	assert_string_equal(buf_str(&req.body),
	    "To=%2B4520000101&From="
	    "%2B4512345678&Body=Hej%20%26%20farvel&StatusCallback=https%3A%2F"
	    "%2Fsms.example.dk%2Fwebhooks%2Ftwilio%2Fstatus%3Fref%3D7");
	buf_free(&req.url);
	buf_free(&req.body);

	r = classify(p, ctx, 201, "{\"sid\":\"SMabc\",\"status\":\"queued\"}");
	assert_int_equal(r.cls, SEND_ACCEPTED);
	assert_string_equal(r.provider_id, "SMabc");
	r = classify(p, ctx, 201, "{\"status\":\"queued\"}");
	assert_int_equal(r.cls, SEND_ACCEPTED); /* no sid: unconfirmed */
	assert_int_equal(r.unconfirmed, 1);
	r = classify(p, ctx, 200, "<html><body>OK</body></html>");
	assert_int_equal(r.cls, SEND_ACCEPTED);
	assert_int_equal(r.unconfirmed, 1);
	assert_non_null(strstr(r.reason, "unconfirmed"));
	r = classify(p, ctx, 401, "<html>Unauthorized</html>");
	assert_int_equal(r.cls, SEND_ACCOUNT);
	r = classify(p, ctx, 400, "{\"code\":21610,\"message\":\"x\"}");
	assert_int_equal(r.cls, SEND_PERMANENT);
	assert_non_null(strstr(r.reason, "21610"));
	r = classify(p, ctx, 400, "{\"code\":21211}");
	assert_int_equal(r.cls, SEND_PERMANENT);
	r = classify(p, ctx, 429, "{\"code\":20429}");
	assert_int_equal(r.cls, SEND_RETRY);
	r = classify(p, ctx, 401, "{\"code\":20003}");
	assert_int_equal(r.cls, SEND_ACCOUNT);
	r = classify(p, ctx, 201,
	    "{\"sid\":\"SMx\",\"status\":\"failed\","
	    "\"error_code\":30006}");
	assert_int_equal(r.cls, SEND_PERMANENT);
	r = classify(p, ctx, 503, "not json");
	assert_int_equal(r.cls, SEND_RETRY);
	p->free(ctx);
	config_free(cfg);
	unsetenv("TWILIO_AUTH_TOKEN");
	cfg = config_with("provider = twilio\n[twilio]\naccount_sid = AC1\n"
			  "auth_token_file = none.token");
	assert_int_equal(p->init(&ctx, cfg, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "none.token"));
	config_free(cfg);
}

/*
 * The daemon's operations and the shared descriptions come from the one
 * list (sms_provider_list.h): the same providers, in the same order.
 */
static void
test_one_list(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; provider_at(i) != NULL; i++) {
		assert_non_null(sms_provider_at(i));
		assert_string_equal(
		    provider_at(i)->name, sms_provider_at(i)->name);
	}
	assert_null(sms_provider_at(i));
}

static void
test_file(void **state)
{
	const struct provider *p = &provider_file;
	struct outbox_claim    c[2];
	struct send_result     r[2];
	struct config	      *cfg;
	struct buf	       out = { 0 };
	void		      *ctx;
	char		       err[256], path[128], line[512];
	FILE		      *fp;

	(void)state;
	clock_set(1795510800);
	cfg = config_with("provider = file");
	assert_int_equal(p->init(&ctx, cfg, err, sizeof(err)), 0);
	c[0] = claim(1, "Husk \"mødet\"", "GSM-7");
	c[1] = claim(2, "Hej 😀", "UCS-2");
	p->deliver(ctx, c, 2, r);
	assert_int_equal(r[0].cls, SEND_ACCEPTED);
	assert_int_equal(r[1].cls, SEND_ACCEPTED);
	p->free(ctx);
	snprintf(path, sizeof(path), "%s/out.jsonl", dir);
	assert_non_null(fp = fopen(path, "r"));
	assert_non_null(fgets(line, sizeof(line), fp));
	assert_string_equal(line,
	    "{\"id\":1,\"to\":\"+4520000101\",\"body\":"
	    "\"Husk \\\"mødet\\\"\",\"encoding\":\"GSM-7\",\"segments\":1,"
	    "\"at\":\"2026-11-24T09:00:00Z\"}\n");
	assert_non_null(fgets(line, sizeof(line), fp));
	assert_non_null(strstr(line, "\"id\":2,"));
	fclose(fp);
	/* A line a crash cut short is ended before the next one. */
	assert_non_null(fp = fopen(path, "a"));
	fputs("{\"id\":3,\"to\":\"+45", fp);
	fclose(fp);
	assert_int_equal(p->init(&ctx, cfg, err, sizeof(err)), 0);
	c[0] = claim(3, "Igen", "GSM-7");
	p->deliver(ctx, c, 1, r);
	p->free(ctx);
	assert_non_null(fp = fopen(path, "r"));
	assert_non_null(fgets(line, sizeof(line), fp));
	assert_non_null(fgets(line, sizeof(line), fp));
	assert_non_null(fgets(line, sizeof(line), fp));
	assert_string_equal(line, "{\"id\":3,\"to\":\"+45\n");
	assert_non_null(fgets(line, sizeof(line), fp));
	assert_non_null(strstr(line, "{\"id\":3,\"to\":\"+4520000101\""));
	fclose(fp);
	unlink(path);
	buf_free(&out);
	config_free(cfg);
	clock_set(0);
}

/* Which failed delivery reports leave the number off the bad list. */
static void
test_report_temporary(void **state)
{
	(void)state;
	assert_true(provider_report_temporary(
	    "gatewayapi", "UNDELIVERABLE", "0x1013 Absent subscriber"));
	assert_true(
	    provider_report_temporary("gatewayapi", "REJECTED", "0x1047"));
	assert_true(provider_report_temporary("gatewayapi", "EXPIRED", NULL));
	assert_false(provider_report_temporary(
	    "gatewayapi", "UNDELIVERABLE", "0x1010 Unknown subscriber"));
	assert_false(
	    provider_report_temporary("gatewayapi", "UNDELIVERABLE", NULL));
	assert_false(provider_report_temporary("gatewayapi", "REJECTED",
	    "Absent subscriber")); /* words are not codes */
	assert_true(
	    provider_report_temporary("twilio", "undelivered", "30003"));
	assert_false(
	    provider_report_temporary("twilio", "undelivered", "30006"));
	assert_true(provider_report_temporary("twilio", "canceled", NULL));
	assert_false(provider_report_temporary("file", "failed", "30003"));
	assert_false(provider_report_temporary("nobody", "x", "y"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_report_temporary),
		cmocka_unit_test(test_status_table),
		cmocka_unit_test(test_gatewayapi),
		cmocka_unit_test(test_gatewayapi_batch),
		cmocka_unit_test(test_twilio),
		cmocka_unit_test(test_file),
		cmocka_unit_test(test_one_list),
	};
	char p[128];
	int  rc;

	log_init(1, 0);
	snprintf(dir, sizeof(dir), "/tmp/test-prov-XXXXXX");
	assert_non_null(mkdtemp(dir));
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	snprintf(p, sizeof(p), "%s/t.conf", dir);
	unlink(p);
	rmdir(dir);
	return rc;
}
