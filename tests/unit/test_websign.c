/*
 * test_websign.c - unit tests for shared/websign.c: Twilio's signature
 * (the test vector in reference/sms-providers.md 2.6), the GatewayAPI
 * request shapes, percent-encoding.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "buf.h"
#include "formparse.h"
#include "jwt.h"
#include "sms_gatewayapi.h"
#include "sms_twilio.h"
#include "websign.h"

static void
test_twilio_vector(void **state)
{
	static const char body[] =
	    "To=%2B4598765432&From=%2B4520123456&Body=Ring+mig+op&"
	    "MessageSid=SM0123456789abcdef0123456789abcdef&"
	    "AccountSid=AC0123456789abcdef0123456789abcdef";
	static const char token[] = "12345678901234567890123456789012";
	struct form	  f;
	struct buf	  sig = { 0 };

	(void)state;
	assert_int_equal(form_parse(body, strlen(body), &f), FORM_OK);
	form_sort(&f);
	twilio_signature("https://sms.example.dk/twilio/inbound", &f, token,
	    strlen(token), &sig);
	assert_string_equal(buf_str(&sig), "GeEFhA18tt0qvitePDzIBS64w6U=");
	buf_free(&sig);
	form_free(&f);
}

static void
test_twilio_requests(void **state)
{
	struct websign_req r;
	struct form	   f;

	(void)state;
	twilio_sign_sms("https://sms.example.dk/", "SMabc", "+4520123456",
	    "+4512345678", "Hej & farvel æ", "tok", 3, &r);
	assert_string_equal(buf_str(&r.path), "/webhooks/twilio/sms");
	assert_string_equal(
	    r.content_type, "application/x-www-form-urlencoded");
	assert_int_equal(
	    strncmp(buf_str(&r.header), "X-Twilio-Signature: ", 20), 0);
	assert_int_equal(form_parse(r.body.data, r.body.len, &f), FORM_OK);
	assert_string_equal(form_get(&f, "Body"), "Hej & farvel æ");
	assert_string_equal(form_get(&f, "From"), "+4520123456");
	form_free(&f);
	websign_free(&r);
	twilio_sign_status(
	    "https://x.dk", "SMabc", "delivered", NULL, 42, "tok", 3, &r);
	assert_string_equal(buf_str(&r.path), "/webhooks/twilio/status?ref=42");
	assert_null(strstr(buf_str(&r.body), "ErrorCode"));
	websign_free(&r);
}

static void
test_gwapi_requests(void **state)
{
	struct websign_req r;
	struct buf	   p = { 0 };
	const char	  *tok;

	(void)state;
	assert_int_equal(gatewayapi_sign_mo("5550001", "+4520123456",
			     "+4512345678", "Ring \"mig\"", "s", 1, &r),
	    0);
	assert_string_equal(buf_str(&r.path), "/webhooks/gatewayapi/mo");
	assert_non_null(strstr(buf_str(&r.body), "\"id\":5550001"));
	assert_non_null(strstr(buf_str(&r.body), "\"msisdn\":4520123456"));
	tok = buf_str(&r.header) + strlen("X-Gwapi-Signature: ");
	assert_int_equal(
	    jwt_verify_hs256(tok, strlen(tok), "s", 1, &p), JWT_OK);
	assert_string_equal(buf_str(&p), buf_str(&r.body));
	buf_free(&p);
	websign_free(&r);
	assert_int_equal(
	    gatewayapi_sign_mo("1", "20123456", NULL, "x", "s", 1, &r), -1);
	gatewayapi_sign_dlr("99", "DELIVERED", 17, NULL, "s", 1, &r);
	assert_non_null(strstr(buf_str(&r.body), "\"userref\":\"17\""));
	websign_free(&r);
}

static void
test_urlencode(void **state)
{
	struct buf b = { 0 };

	(void)state;
	websign_urlencode("a b+c/æ~", &b);
	assert_string_equal(buf_str(&b), "a%20b%2Bc%2F%C3%A6~");
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_twilio_vector),
		cmocka_unit_test(test_twilio_requests),
		cmocka_unit_test(test_gwapi_requests),
		cmocka_unit_test(test_urlencode),
	};

	return cmocka_run_group_tests_name("websign", tests, NULL, NULL);
}
