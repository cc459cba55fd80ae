/*
 * test_crypto.c - unit tests for shared/crypto.c: published test vectors
 * (RFC 4231, RFC 2202, FIPS 180, RFC 4648, Twilio's signature example),
 * base64url edge cases and sanity checks of the random helpers.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>

#include <cmocka.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "buf.h"
#include "crypto.h"

static const char jefe_msg[] = "what do ya want for nothing?";

/*
 * Assert that the hex form of the len bytes at mac is expect.
 */
static void
assert_hex(const unsigned char *mac, size_t len, const char *expect)
{
	char hex[2 * 64 + 1];

	assert_true(len <= 64);
	crypto_hex(mac, len, hex);
	assert_string_equal(hex, expect);
}

static void
test_hmac_sha256_rfc4231(void **state)
{
	unsigned char mac[CRYPTO_SHA256_LEN];

	crypto_hmac_sha256("Jefe", 4, jefe_msg, strlen(jefe_msg), mac);
	assert_hex(mac, sizeof(mac),
	    "5bdcc146bf60754e6a042426089575c7"
	    "5a003f089d2739839dec58b964ec3843");
}

static void
test_hmac_sha256_empty(void **state)
{
	unsigned char mac[CRYPTO_SHA256_LEN];

	crypto_hmac_sha256(NULL, 0, NULL, 0, mac);
	assert_hex(mac, sizeof(mac),
	    "b613679a0814d9ec772f95d778c35fc5"
	    "ff1697c493715653c6c712144292c5ad");
}

/*
 * crypto.c keeps a keyed context per digest and copies it: changing keys
 * back and forth, digests in between, keys too long to keep, and the
 * same message again must all give what OpenSSL's one-shot HMAC() gives.
 */
static void
test_hmac_key_cache(void **state)
{
	unsigned char longkey[300], mac[CRYPTO_SHA256_LEN];
	unsigned char ref[EVP_MAX_MD_SIZE];
	unsigned int  reflen;
	static const struct {
		const char *key;
		size_t	    keylen; /* 0: strlen(key) */
		int	    sha1;
	} steps[] = {
		{ "Jefe", 0, 0 },
		{ "Jefe", 0, 0 },
		{ "other secret", 0, 0 },
		{ "Jefe", 0, 1 },
		{ "Jefe", 0, 0 },
		{ NULL, 300, 0 },
		{ NULL, 300, 0 },
		{ "Jefe", 0, 0 },
		{ "Jefe", 3, 0 },
		{ "", 0, 0 },
		{ "other secret", 0, 1 },
		{ "Jefe", 0, 1 },
	};
	const char *msg = "what do ya want for nothing?";
	size_t	    i, kl;
	const void *k;

	for (i = 0; i < sizeof(longkey); i++)
		longkey[i] = (unsigned char)(i * 7 + 1);
	for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		k = steps[i].key != NULL ? (const void *)steps[i].key : longkey;
		kl = steps[i].keylen ? steps[i].keylen : strlen(steps[i].key);
		if (steps[i].sha1)
			crypto_hmac_sha1(k, kl, msg, strlen(msg), mac);
		else
			crypto_hmac_sha256(k, kl, msg, strlen(msg), mac);
		assert_non_null(HMAC(steps[i].sha1 ? EVP_sha1() : EVP_sha256(),
		    kl ? k : "", (int)kl, (const unsigned char *)msg,
		    strlen(msg), ref, &reflen));
		assert_int_equal(reflen,
		    steps[i].sha1 ? CRYPTO_SHA1_LEN : CRYPTO_SHA256_LEN);
		assert_memory_equal(mac, ref, reflen);
	}
}

static void
test_hmac_sha1_rfc2202(void **state)
{
	unsigned char mac[CRYPTO_SHA1_LEN];

	crypto_hmac_sha1("Jefe", 4, jefe_msg, strlen(jefe_msg), mac);
	assert_hex(mac, sizeof(mac),
	    "effcdf6ae5eb2fa2d274"
	    "16d5f184df9c259a7c79");
}

static void
test_sha256(void **state)
{
	unsigned char md[CRYPTO_SHA256_LEN];

	crypto_sha256("abc", 3, md);
	assert_hex(md, sizeof(md),
	    "ba7816bf8f01cfea414140de5dae2223"
	    "b00361a396177a9cb410ff61f20015ad");
	crypto_sha256("", 0, md);
	assert_hex(md, sizeof(md),
	    "e3b0c44298fc1c149afbf4c8996fb924"
	    "27ae41e4649b934ca495991b7852b855");
}

/* Twilio's documented X-Twilio-Signature example. */
static void
test_twilio_signature(void **state)
{
	const char   *data = "https://mycompany.com/myapp.php?foo=1&bar=2"
			     "CallSidCA1234567890ABCDE"
			     "Caller+12349013030"
			     "Digits1234"
			     "From+12349013030"
			     "To+18005551212";
	unsigned char mac[CRYPTO_SHA1_LEN];
	struct buf    b = { 0 };

	crypto_hmac_sha1("12345", 5, data, strlen(data), mac);
	assert_int_equal(crypto_base64_encode(mac, sizeof(mac), &b), 0);
	assert_string_equal(buf_str(&b), "0/KCTR6DLpKmkAf8muzZqo1nDgQ=");
	buf_free(&b);
}

static void
test_hex(void **state)
{
	const unsigned char in[] = { 0x00, 0x01, 0x7f, 0x80, 0xab, 0xff };
	char		    out[2 * sizeof(in) + 1];

	crypto_hex(in, sizeof(in), out);
	assert_string_equal(out, "00017f80abff");
	crypto_hex(in, 0, out);
	assert_string_equal(out, "");
}

static void
test_equal(void **state)
{
	assert_int_equal(crypto_equal("abcdef", "abcdef", 6), 1);
	assert_int_equal(crypto_equal("abcdef", "abcdeg", 6), 0);
	assert_int_equal(crypto_equal("xbcdef", "abcdef", 6), 0);
	assert_int_equal(crypto_equal("a", "b", 0), 1);
}

/* RFC 4648 section 10 vectors, standard alphabet with padding. */
static void
test_base64_rfc4648(void **state)
{
	static const char *vec[][2] = {
		{ "", "" },
		{ "f", "Zg==" },
		{ "fo", "Zm8=" },
		{ "foo", "Zm9v" },
		{ "foob", "Zm9vYg==" },
		{ "fooba", "Zm9vYmE=" },
		{ "foobar", "Zm9vYmFy" },
		{ "Aladdin:open sesame", "QWxhZGRpbjpvcGVuIHNlc2FtZQ==" },
	};
	struct buf b = { 0 };
	size_t	   i;

	for (i = 0; i < sizeof(vec) / sizeof(vec[0]); i++) {
		buf_reset(&b);
		crypto_base64_encode(
		    (const unsigned char *)vec[i][0], strlen(vec[i][0]), &b);
		assert_string_equal(buf_str(&b), vec[i][1]);
	}
	buf_free(&b);
}

static void
test_base64url_encode(void **state)
{
	const unsigned char bin[] = { 0xfb, 0xff };
	const char	   *hdr = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";
	struct buf	    b = { 0 };

	crypto_base64url_encode(bin, sizeof(bin), &b);
	assert_string_equal(buf_str(&b), "-_8");
	buf_reset(&b);
	crypto_base64url_encode((const unsigned char *)hdr, strlen(hdr), &b);
	assert_string_equal(
	    buf_str(&b), "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9");
	buf_reset(&b);
	crypto_base64url_encode(bin, 0, &b);
	assert_string_equal(buf_str(&b), "");
	buf_free(&b);
}

/*
 * Decode s with room for cap bytes; returns what crypto_base64url_decode
 * returned and leaves the bytes in out and the count in *n.
 */
static int
decode(const char *s, unsigned char *out, size_t cap, size_t *n)
{
	return crypto_base64url_decode(s, strlen(s), out, cap, n);
}

static void
test_base64url_decode(void **state)
{
	unsigned char out[64];
	size_t	      n = 99;

	assert_int_equal(decode("-_8", out, sizeof(out), &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(out[0], 0xfb);
	assert_int_equal(out[1], 0xff);
	assert_int_equal(decode("Zm9vYmFy", out, sizeof(out), &n), 0);
	assert_int_equal(n, 6);
	assert_memory_equal(out, "foobar", 6);
	assert_int_equal(decode("Zg", out, sizeof(out), &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(out[0], 'f');
	/* Correct padding is accepted. */
	assert_int_equal(decode("Zg==", out, sizeof(out), &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(decode("Zm8=", out, sizeof(out), &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(decode("", out, sizeof(out), &n), 0);
	assert_int_equal(n, 0);
}

/* Every byte value, so every character of the alphabet, both ways. */
static void
test_base64url_round_trip(void **state)
{
	unsigned char bin[256], out[256];
	struct buf    b = { 0 };
	size_t	      i, n;

	for (i = 0; i < sizeof(bin); i++)
		bin[i] = (unsigned char)i;
	for (i = 0; i <= sizeof(bin); i++) {
		buf_reset(&b);
		crypto_base64url_encode(bin + sizeof(bin) - i, i, &b);
		assert_int_equal(decode(buf_str(&b), out, sizeof(out), &n), 0);
		assert_int_equal(n, i);
		assert_memory_equal(out, bin + sizeof(bin) - i, i);
	}
	/* All 64 characters appear in the full encoding. */
	buf_reset(&b);
	crypto_base64url_encode(bin, sizeof(bin), &b);
	for (i = 0; i < 64; i++)
		assert_non_null(strchr(buf_str(&b),
		    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
		    "0123456789-_"[i]));
	buf_free(&b);
}

static void
test_base64url_decode_bad(void **state)
{
	static const char *bad[] = {
		"Z",	 /* one character cannot encode a byte */
		"Zm9vY", /* 4n + 1 */
		"Zg=",	 /* padding to no multiple of 4 */
		"Zg===", /* too much padding */
		"Zm9v=", /* padding after a full quantum */
		"Zh",	 /* non-zero unused bits */
		"Zm8+",	 /* standard alphabet */
		"Zm8/",
		"Zm 9v", /* space */
		"=Zm9",
	};
	unsigned char out[16];
	size_t	      i, n;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(decode(bad[i], out, sizeof(out), &n), -1);
	/* An embedded NUL is a bad character, not the end. */
	assert_int_equal(
	    crypto_base64url_decode("Zg\0A", 4, out, sizeof(out), &n), -1);
}

static void
test_base64url_decode_overflow(void **state)
{
	unsigned char out[8];
	size_t	      n;

	assert_int_equal(decode("Zm9vYmFy", out, 6, &n), 0);
	assert_int_equal(decode("Zm9vYmFy", out, 5, &n), -1);
	assert_int_equal(decode("Zg", out, 0, &n), -1);
}

/* Random bytes of every length from 0 to 64 survive a round trip. */
static void
test_base64url_roundtrip(void **state)
{
	unsigned char in[64], out[64];
	struct buf    b = { 0 };
	size_t	      len, n;

	for (len = 0; len <= sizeof(in); len++) {
		assert_int_equal(crypto_random_bytes(in, len), 0);
		buf_reset(&b);
		crypto_base64url_encode(in, len, &b);
		assert_null(strchr(buf_str(&b), '='));
		assert_int_equal(
		    crypto_base64url_decode(buf_str(&b), b.len, out, len, &n),
		    0);
		assert_int_equal(n, len);
		if (len > 0)
			assert_memory_equal(in, out, len);
	}
	buf_free(&b);
}

static void
test_random_bytes(void **state)
{
	unsigned char a[32], b[32];

	assert_int_equal(crypto_random_bytes(a, sizeof(a)), 0);
	assert_int_equal(crypto_random_bytes(b, sizeof(b)), 0);
	assert_memory_not_equal(a, b, sizeof(a));
	assert_int_equal(crypto_random_bytes(a, 0), 0);
}

static void
test_random_digits(void **state)
{
	char   code[7];
	size_t i;

	assert_int_equal(crypto_random_digits(code, 6), 0);
	assert_int_equal(strlen(code), 6);
	for (i = 0; i < 6; i++)
		assert_true(code[i] >= '0' && code[i] <= '9');
	assert_int_equal(crypto_random_digits(code, 0), 0);
	assert_string_equal(code, "");
}

/*
 * 20,000 digits: each of 0-9 is expected 2,000 times with a standard
 * deviation of about 42, so 1,700-2,300 fails only when something is
 * badly wrong.
 */
static void
test_random_digits_uniform(void **state)
{
	static char many[20001];
	size_t	    count[10] = { 0 }, i;

	assert_int_equal(crypto_random_digits(many, 20000), 0);
	assert_int_equal(strlen(many), 20000);
	for (i = 0; i < 20000; i++) {
		assert_true(many[i] >= '0' && many[i] <= '9');
		count[many[i] - '0']++;
	}
	for (i = 0; i < 10; i++) {
		assert_true(count[i] > 1700);
		assert_true(count[i] < 2300);
	}
}

static void
test_random_token(void **state)
{
	char   a[65], b[65], odd[8], one[1];
	size_t i;

	assert_int_equal(crypto_random_token(a, sizeof(a)), 0);
	assert_int_equal(crypto_random_token(b, sizeof(b)), 0);
	assert_int_equal(strlen(a), 64);
	assert_string_not_equal(a, b);
	for (i = 0; i < 64; i++)
		assert_non_null(strchr("0123456789abcdef", a[i]));
	assert_int_equal(crypto_random_token(odd, sizeof(odd)), 0);
	assert_int_equal(strlen(odd), 7);
	assert_int_equal(crypto_random_token(one, sizeof(one)), 0);
	assert_string_equal(one, "");
	assert_int_equal(crypto_random_token(one, 0), -1);
}

/* Longer than one internal chunk of random bytes. */
static void
test_random_token_long(void **state)
{
	char tok[301];

	assert_int_equal(crypto_random_token(tok, sizeof(tok)), 0);
	assert_int_equal(strlen(tok), 300);
	assert_int_equal(strspn(tok, "0123456789abcdef"), 300);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hmac_sha256_rfc4231),
		cmocka_unit_test(test_hmac_sha256_empty),
		cmocka_unit_test(test_hmac_sha1_rfc2202),
		cmocka_unit_test(test_hmac_key_cache),
		cmocka_unit_test(test_sha256),
		cmocka_unit_test(test_twilio_signature),
		cmocka_unit_test(test_hex),
		cmocka_unit_test(test_equal),
		cmocka_unit_test(test_base64_rfc4648),
		cmocka_unit_test(test_base64url_encode),
		cmocka_unit_test(test_base64url_decode),
		cmocka_unit_test(test_base64url_round_trip),
		cmocka_unit_test(test_base64url_decode_bad),
		cmocka_unit_test(test_base64url_decode_overflow),
		cmocka_unit_test(test_base64url_roundtrip),
		cmocka_unit_test(test_random_bytes),
		cmocka_unit_test(test_random_digits),
		cmocka_unit_test(test_random_digits_uniform),
		cmocka_unit_test(test_random_token),
		cmocka_unit_test(test_random_token_long),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
