/*
 * testkeys.h - signing keys made when a test runs (OpenSSL), their public
 * JWKs, and compact JWS tokens signed with them, so the OIDC client's
 * tests and fuzz target can make any ID token: good ones in RS256, PS256
 * and ES256, and every kind of bad one.  Nothing here is ever written to
 * disk or committed.
 *
 * Header-only (static functions) so a unit test, built from one source,
 * can include it: #include "../oidc/testkeys.h".
 */
#ifndef MENTOR_TESTKEYS_H
#define MENTOR_TESTKEYS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include "buf.h"
#include "crypto.h"

#define TK_UNUSED __attribute__((unused))

struct test_key {
	EVP_PKEY *pkey;
	char	  kid[32];
	int	  ec; /* P-256, else RSA */
};

/* Give up: the test cannot go on without its keys. */
static void TK_UNUSED
tk_die(const char *what)
{
	fprintf(stderr, "testkeys: %s failed\n", what);
	abort();
}

/* A new RSA key of bits bits with key id kid. */
static void TK_UNUSED
tk_rsa(struct test_key *k, const char *kid, unsigned int bits)
{
	memset(k, 0, sizeof(*k));
	if ((k->pkey = EVP_RSA_gen(bits)) == NULL)
		tk_die("EVP_RSA_gen");
	snprintf(k->kid, sizeof(k->kid), "%s", kid);
}

/* A new EC P-256 key with key id kid. */
static void TK_UNUSED
tk_ec(struct test_key *k, const char *kid)
{
	memset(k, 0, sizeof(*k));
	if ((k->pkey = EVP_EC_gen("P-256")) == NULL)
		tk_die("EVP_EC_gen");
	snprintf(k->kid, sizeof(k->kid), "%s", kid);
	k->ec = 1;
}

static void TK_UNUSED
tk_free(struct test_key *k)
{
	EVP_PKEY_free(k->pkey);
	k->pkey = NULL;
}

/* Append base64url of the big-endian number param, padded to pad bytes. */
static void TK_UNUSED
tk_bn(const struct test_key *k, const char *param, int pad, struct buf *out)
{
	unsigned char b[1024];
	BIGNUM	     *bn = NULL;
	int	      n;

	if (!EVP_PKEY_get_bn_param(k->pkey, param, &bn))
		tk_die(param);
	n = pad > 0 ? BN_bn2binpad(bn, b, pad) : BN_bn2bin(bn, b);
	if (n <= 0)
		tk_die("BN_bn2bin");
	crypto_base64url_encode(b, (size_t)n, out);
	BN_free(bn);
}

/*
 * Append k's public JWK (a JSON object) to out; extra (may be NULL) is
 * more members, e.g. "\"alg\":\"RS256\"".
 */
static void TK_UNUSED
tk_jwk(const struct test_key *k, const char *extra, struct buf *out)
{
	buf_printf(out, "{\"kid\":\"%s\",\"use\":\"sig\",", k->kid);
	if (k->ec) {
		buf_puts(out, "\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"");
		tk_bn(k, OSSL_PKEY_PARAM_EC_PUB_X, 32, out);
		buf_puts(out, "\",\"y\":\"");
		tk_bn(k, OSSL_PKEY_PARAM_EC_PUB_Y, 32, out);
	} else {
		buf_puts(out, "\"kty\":\"RSA\",\"n\":\"");
		tk_bn(k, OSSL_PKEY_PARAM_RSA_N, 0, out);
		buf_puts(out, "\",\"e\":\"");
		tk_bn(k, OSSL_PKEY_PARAM_RSA_E, 0, out);
	}
	buf_putc(out, '"');
	if (extra != NULL)
		buf_printf(out, ",%s", extra);
	buf_putc(out, '}');
}

/* Append k's public key in PEM (SubjectPublicKeyInfo) to out. */
static void TK_UNUSED
tk_pem(const struct test_key *k, struct buf *out)
{
	BIO  *b = BIO_new(BIO_s_mem());
	char *p;
	long  n;

	if (b == NULL || !PEM_write_bio_PUBKEY(b, k->pkey))
		tk_die("PEM_write_bio_PUBKEY");
	n = BIO_get_mem_data(b, &p);
	buf_append(out, p, (size_t)n);
	BIO_free(b);
}

/*
 * Sign msg with k for alg ("RS256", "PS256", "ES256") and append the
 * base64url signature to out.  ES256 signatures are r || s, 32 bytes
 * each, as JWS wants them (not DER).
 */
static void TK_UNUSED
tk_signature(const struct test_key *k, const char *alg, const char *msg,
    size_t len, struct buf *out)
{
	unsigned char	     sig[1024], rs[64];
	const unsigned char *p = sig;
	EVP_MD_CTX	    *md = EVP_MD_CTX_new();
	EVP_PKEY_CTX	    *pctx = NULL;
	ECDSA_SIG	    *es;
	const BIGNUM	    *r, *s;
	size_t		     siglen = sizeof(sig);

	if (md == NULL ||
	    EVP_DigestSignInit(md, &pctx, EVP_sha256(), NULL, k->pkey) != 1)
		tk_die("EVP_DigestSignInit");
	if (strcmp(alg, "PS256") == 0 &&
	    (EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) != 1 ||
		EVP_PKEY_CTX_set_rsa_pss_saltlen(
		    pctx, RSA_PSS_SALTLEN_DIGEST) != 1))
		tk_die("PSS padding");
	if (EVP_DigestSign(md, sig, &siglen, (const unsigned char *)msg, len) !=
	    1)
		tk_die("EVP_DigestSign");
	EVP_MD_CTX_free(md);
	if (!k->ec) {
		crypto_base64url_encode(sig, siglen, out);
		return;
	}
	if ((es = d2i_ECDSA_SIG(NULL, &p, (long)siglen)) == NULL)
		tk_die("d2i_ECDSA_SIG");
	ECDSA_SIG_get0(es, &r, &s);
	if (BN_bn2binpad(r, rs, 32) != 32 || BN_bn2binpad(s, rs + 32, 32) != 32)
		tk_die("BN_bn2binpad");
	ECDSA_SIG_free(es);
	crypto_base64url_encode(rs, sizeof(rs), out);
}

/*
 * Append a compact JWS to out: header_json (NULL: {"alg":ALG,"kid":KID})
 * and payload_json, signed by k with alg.  k NULL or alg "none": an empty
 * signature.  alg "HS256": an HMAC keyed with hmac_key (e.g. a public
 * key's PEM, the old confusion attack).
 */
static void TK_UNUSED
tk_token(const struct test_key *k, const char *alg, const char *header_json,
    const char *payload_json, const char *hmac_key, struct buf *out)
{
	unsigned char mac[CRYPTO_SHA256_LEN];
	struct buf    h = { 0 };
	size_t	      start = out->len;

	if (header_json == NULL)
		buf_printf(&h, "{\"alg\":\"%s\",\"kid\":\"%s\"}", alg,
		    k ? k->kid : "");
	else
		buf_puts(&h, header_json);
	crypto_base64url_encode((const unsigned char *)h.data, h.len, out);
	buf_putc(out, '.');
	crypto_base64url_encode(
	    (const unsigned char *)payload_json, strlen(payload_json), out);
	if (strcmp(alg, "HS256") == 0) {
		crypto_hmac_sha256(hmac_key, strlen(hmac_key),
		    out->data + start, out->len - start, mac);
		buf_putc(out, '.');
		crypto_base64url_encode(mac, sizeof(mac), out);
	} else if (k == NULL || strcmp(alg, "none") == 0) {
		buf_putc(out, '.');
	} else {
		struct buf msg = { 0 };

		buf_append(&msg, out->data + start, out->len - start);
		buf_putc(out, '.');
		tk_signature(k, alg, msg.data, msg.len, out);
		buf_free(&msg);
	}
	buf_free(&h);
}

/* A discovery document for issuer iss whose endpoints go nowhere. */
#define TESTKEYS_DISCOVERY(iss) \
	"{\"issuer\":\"" iss "\"," \
	"\"authorization_endpoint\":\"http://127.0.0.1:9/auth\"," \
	"\"token_endpoint\":\"http://127.0.0.1:9/token\"," \
	"\"jwks_uri\":\"http://127.0.0.1:9/jwks\"}"

/* An [oidc.staff] for client "console" of issuer iss. */
#define TESTKEYS_OIDC_CONF(iss, secret, scope, skew) \
	{ \
		.present = 1, .name = "staff", .issuer = (iss), \
		.client_id = "console", .client_secret_file = (secret), \
		.token_auth = "client_secret_basic", .scopes = (scope), \
		.user_claim = "preferred_username", .clock_skew = (skew), \
	}

#endif
