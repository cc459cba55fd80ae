/*
 * test_jwt.c - unit tests for shared/jwt.c: the RFC 7515 appendix A.1
 * HS256 example, sign/verify round trips, and every refusal: alg none,
 * other algorithms, bad header, tampered payload or signature, wrong key,
 * malformed structure.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "buf.h"
#include "crypto.h"
#include "jwt.h"

/* RFC 7515, A.1. */
static const char rfc_token[] =
    "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9"
    ".eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFt"
    "cGxlLmNvbS9pc19yb290Ijp0cnVlfQ"
    ".dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
static const char rfc_key_b64[] =
    "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4h"
    "cgUuTwjAzZr1Z9CAow";

static enum jwt_err
verify(const char *t, const char *key, struct buf *out)
{
	return jwt_verify_hs256(t, strlen(t), key, strlen(key), out);
}

static void
test_rfc7515_example(void **state)
{
	unsigned char key[64];
	size_t	      keylen;
	struct buf    p = { 0 };

	(void)state;
	assert_int_equal(crypto_base64url_decode(rfc_key_b64,
			     strlen(rfc_key_b64), key, sizeof(key), &keylen),
	    0);
	assert_int_equal(
	    jwt_verify_hs256(rfc_token, strlen(rfc_token), key, keylen, &p),
	    JWT_OK);
	assert_non_null(strstr(buf_str(&p), "\"iss\":\"joe\""));
	buf_free(&p);
	key[0] ^= 1;
	assert_int_equal(
	    jwt_verify_hs256(rfc_token, strlen(rfc_token), key, keylen, NULL),
	    JWT_SIGNATURE);
}

static void
test_round_trip(void **state)
{
	static const char payload[] = "{\"id\":1,\"message\":\"Hjælp\"}";
	struct buf	  t = { 0 }, p = { 0 };

	(void)state;
	jwt_sign_hs256(payload, strlen(payload), "secret", 6, &t);
	assert_int_equal(verify(buf_str(&t), "secret", &p), JWT_OK);
	assert_string_equal(buf_str(&p), payload);
	assert_int_equal(verify(buf_str(&t), "Secret", NULL), JWT_SIGNATURE);
	assert_int_equal(verify(buf_str(&t), "", NULL), JWT_SIGNATURE);
	buf_free(&p);
	buf_free(&t);
}

/* A token with the given header JSON and payload, signed with "k". */
static void
make(const char *header, const char *payload, struct buf *out)
{
	unsigned char mac[CRYPTO_SHA256_LEN];

	buf_reset(out);
	crypto_base64url_encode(
	    (const unsigned char *)header, strlen(header), out);
	buf_putc(out, '.');
	crypto_base64url_encode(
	    (const unsigned char *)payload, strlen(payload), out);
	crypto_hmac_sha256("k", 1, out->data, out->len, mac);
	buf_putc(out, '.');
	crypto_base64url_encode(mac, sizeof(mac), out);
}

static void
test_header_refusals(void **state)
{
	struct buf t = { 0 };

	(void)state;
	make("{\"alg\":\"HS256\"}", "{}", &t);
	assert_int_equal(verify(buf_str(&t), "k", NULL), JWT_OK);
	make("{\"alg\":\"none\"}", "{}", &t);
	assert_int_equal(verify(buf_str(&t), "k", NULL), JWT_ALG);
	make("{\"alg\":\"HS512\",\"typ\":\"JWT\"}", "{}", &t);
	assert_int_equal(verify(buf_str(&t), "k", NULL), JWT_ALG);
	make("{\"alg\":\"hs256\"}", "{}", &t);
	assert_int_equal(verify(buf_str(&t), "k", NULL), JWT_ALG);
	make("{\"typ\":\"JWT\"}", "{}", &t);
	assert_int_equal(verify(buf_str(&t), "k", NULL), JWT_HEADER);
	make("{\"alg\":256}", "{}", &t);
	assert_int_equal(verify(buf_str(&t), "k", NULL), JWT_HEADER);
	make("{\"alg\":\"HS256\",\"typ\":\"JWE\"}", "{}", &t);
	assert_int_equal(verify(buf_str(&t), "k", NULL), JWT_HEADER);
	make("{\"alg\":\"HS256\",\"crit\":[\"b64\"]}", "{}", &t);
	assert_int_equal(verify(buf_str(&t), "k", NULL), JWT_HEADER);
	make("[\"HS256\"]", "{}", &t);
	assert_int_equal(verify(buf_str(&t), "k", NULL), JWT_HEADER);
	make("{\"alg\":\"HS256\"} x", "{}", &t);
	assert_int_equal(verify(buf_str(&t), "k", NULL), JWT_HEADER);
	make("{\"alg\":\"HS256\"}", "[1]", &t);
	assert_int_equal(verify(buf_str(&t), "k", NULL), JWT_PAYLOAD);
	make("{\"alg\":\"HS256\"}", "{\"a\":", &t);
	assert_int_equal(verify(buf_str(&t), "k", NULL), JWT_PAYLOAD);
	buf_free(&t);
}

/* _raw: the same checks but the payload's JSON, which is handed over. */
static void
test_raw_payload(void **state)
{
	struct buf t = { 0 }, p = { 0 };

	make("{\"alg\":\"HS256\"}", "{\"a\":", &t);
	assert_int_equal(
	    jwt_verify_hs256_raw(buf_str(&t), t.len, "k", 1, &p), JWT_OK);
	assert_string_equal(buf_str(&p), "{\"a\":");
	assert_int_equal(jwt_verify_hs256_raw(buf_str(&t), t.len, "x", 1, &p),
	    JWT_SIGNATURE);
	make("{\"alg\":\"none\"}", "{}", &t);
	assert_int_equal(
	    jwt_verify_hs256_raw(buf_str(&t), t.len, "k", 1, NULL), JWT_ALG);
	buf_free(&t);
	buf_free(&p);
}

static void
test_structure_refusals(void **state)
{
	struct buf t = { 0 }, bad = { 0 };
	char	  *p;

	(void)state;
	assert_int_equal(verify("", "k", NULL), JWT_FORMAT);
	assert_int_equal(verify("abc", "k", NULL), JWT_FORMAT);
	assert_int_equal(verify("a.b", "k", NULL), JWT_FORMAT);
	assert_int_equal(verify("a..c", "k", NULL), JWT_FORMAT);
	assert_int_equal(verify("a.b.c.d", "k", NULL), JWT_FORMAT);
	assert_int_equal(jwt_verify_hs256(NULL, 0, "k", 1, NULL), JWT_FORMAT);
	make("{\"alg\":\"HS256\"}", "{\"id\":1}", &t);
	/* A signature one character short, and one tampered character. */
	buf_append(&bad, t.data, t.len - 1);
	assert_int_equal(verify(buf_str(&bad), "k", NULL), JWT_SIGNATURE);
	buf_reset(&bad);
	buf_puts(&bad, buf_str(&t));
	p = strchr(bad.data, '.') + 2;
	*p = *p == 'A' ? 'B' : 'A';
	assert_int_not_equal(verify(buf_str(&bad), "k", NULL), JWT_OK);
	/* Padding is refused: JWS uses unpadded base64url. */
	buf_reset(&bad);
	buf_puts(&bad, buf_str(&t));
	buf_puts(&bad, "=");
	assert_int_equal(verify(buf_str(&bad), "k", NULL), JWT_FORMAT);
	assert_string_equal(
	    jwt_strerror(JWT_ALG), "JWT algorithm is not HS256");
	assert_string_equal(jwt_strerror(JWT__MAX), "unknown error");
	buf_free(&bad);
	buf_free(&t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rfc7515_example),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_header_refusals),
		cmocka_unit_test(test_structure_refusals),
		cmocka_unit_test(test_raw_payload),
	};

	return cmocka_run_group_tests_name("jwt", tests, NULL, NULL);
}
