/*
 * crypto.c - HMAC, digests, random codes, encodings (see crypto.h).
 */
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/core_names.h>
#include <openssl/hmac.h>
#include <openssl/params.h>
#include <openssl/rand.h>

#include "buf.h"
#include "crypto.h"
#include "log.h"

#define RANDOM_CHUNK 64

static const char b64_std[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
static const char b64_url[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
static const char hexdigits[] = "0123456789abcdef";

/*
 * Keyed HMAC contexts, one per digest, copied for each message.  OpenSSL
 * 3's one-shot HMAC() looks up the algorithm and the digest, parses
 * parameters and hashes the key on every call; the webhook listener
 * checks every request with the same secret, so the keyed context is
 * made once (again when the key changes) and a copy takes each message.
 * Shared by all threads under a lock (held only to look up and copy).
 */
#define HMAC_CACHED_KEY_MAX 256 /* longer keys are keyed each time */

static struct hmac_keyed {
	const char   *digest; /* "SHA256", "SHA1": static strings */
	EVP_MAC_CTX  *ctx;    /* keyed, never fed */
	size_t	      keylen;
	unsigned char key[HMAC_CACHED_KEY_MAX];
} hmac_cache[2];
static pthread_mutex_t hmac_lock = PTHREAD_MUTEX_INITIALIZER;
static EVP_MAC	      *hmac_alg; /* fetched once, under hmac_lock */

/* At exit: free the contexts and wipe the keys kept. */
static void
hmac_forget(void)
{
	size_t i;

	pthread_mutex_lock(&hmac_lock);
	for (i = 0; i < sizeof(hmac_cache) / sizeof(hmac_cache[0]); i++) {
		EVP_MAC_CTX_free(hmac_cache[i].ctx);
		explicit_bzero(&hmac_cache[i], sizeof(hmac_cache[i]));
	}
	EVP_MAC_free(hmac_alg);
	hmac_alg = NULL;
	pthread_mutex_unlock(&hmac_lock);
}

/* A new context for HMAC-digest keyed with key; NULL on failure. */
static EVP_MAC_CTX *
hmac_new(const char *digest, const void *key, size_t keylen)
{
	OSSL_PARAM   params[2];
	EVP_MAC_CTX *ctx;

	params[0] =
	    OSSL_PARAM_construct_utf8_string("digest", (char *)digest, 0);
	params[1] = OSSL_PARAM_construct_end();
	if ((ctx = EVP_MAC_CTX_new(hmac_alg)) == NULL)
		return NULL;
	if (EVP_MAC_init(ctx, key, keylen, params) != 1) {
		EVP_MAC_CTX_free(ctx);
		return NULL;
	}
	return ctx;
}

/*
 * A context keyed with key, ready for the message: a copy of the cached
 * one when the key is the cached key, else a new one (cached for next
 * time).  The caller frees it.  NULL on an OpenSSL failure.
 */
static EVP_MAC_CTX *
hmac_keyed(const char *digest, const void *key, size_t keylen)
{
	struct hmac_keyed *h = &hmac_cache[strcmp(digest, "SHA1") != 0];
	EVP_MAC_CTX	  *ctx = NULL;

	pthread_mutex_lock(&hmac_lock);
	if (hmac_alg == NULL) {
		if ((hmac_alg = EVP_MAC_fetch(NULL, "HMAC", NULL)) == NULL)
			goto out;
		(void)atexit(hmac_forget);
	}
	if (h->ctx != NULL && strcmp(h->digest, digest) == 0 &&
	    h->keylen == keylen && memcmp(h->key, key, keylen) == 0) {
		ctx = EVP_MAC_CTX_dup(h->ctx);
		goto out;
	}
	if ((ctx = hmac_new(digest, key, keylen)) == NULL ||
	    keylen > sizeof(h->key))
		goto out;
	EVP_MAC_CTX_free(h->ctx);
	explicit_bzero(h->key, sizeof(h->key));
	h->ctx = EVP_MAC_CTX_dup(ctx);
	h->digest = digest;
	h->keylen = keylen;
	memcpy(h->key, key, keylen);
out:
	pthread_mutex_unlock(&hmac_lock);
	return ctx;
}

/*
 * HMAC with digest md into out, which must hold mdlen bytes.  Fatal on
 * an OpenSSL failure: it only fails when the library is broken.
 */
static void
crypto_hmac(const char *digest, size_t mdlen, const void *key, size_t keylen,
    const void *msg, size_t msglen, unsigned char *out)
{
	static const unsigned char nokey[1];
	EVP_MAC_CTX		  *ctx;
	size_t			   len = 0;

	if (keylen > INT_MAX)
		fatalx("crypto: HMAC key too long");
	if (keylen == 0)
		key = nokey;
	if ((ctx = hmac_keyed(digest, key, keylen)) == NULL ||
	    EVP_MAC_update(ctx, msglen ? msg : nokey, msglen) != 1 ||
	    EVP_MAC_final(ctx, out, &len, mdlen) != 1 || len != mdlen)
		fatalx("crypto: HMAC failed");
	EVP_MAC_CTX_free(ctx);
}

void
crypto_hmac_sha256(const void *key, size_t keylen, const void *msg,
    size_t msglen, unsigned char out[CRYPTO_SHA256_LEN])
{
	crypto_hmac("SHA256", CRYPTO_SHA256_LEN, key, keylen, msg, msglen, out);
}

void
crypto_hmac_sha1(const void *key, size_t keylen, const void *msg, size_t msglen,
    unsigned char out[CRYPTO_SHA1_LEN])
{
	crypto_hmac("SHA1", CRYPTO_SHA1_LEN, key, keylen, msg, msglen, out);
}

void
crypto_sha256(const void *msg, size_t len, unsigned char out[CRYPTO_SHA256_LEN])
{
	unsigned int outlen = 0;

	if (EVP_Digest(msg, len, out, &outlen, EVP_sha256(), NULL) != 1 ||
	    outlen != CRYPTO_SHA256_LEN)
		fatalx("crypto: SHA-256 failed");
}

int
crypto_random_bytes(void *buf, size_t len)
{
	unsigned char *p = buf;
	size_t	       n;

	/* RAND_bytes takes an int; feed it in bounded pieces. */
	while (len > 0) {
		n = len < INT_MAX ? len : INT_MAX;
		if (RAND_bytes(p, (int)n) != 1)
			return -1;
		p += n;
		len -= n;
	}
	return 0;
}

int
crypto_random_digits(char *out, size_t ndigits)
{
	unsigned char pool[RANDOM_CHUNK];
	size_t	      i = 0, j;
	int	      rv = -1;

	/* Bytes of 250 and above would favour 0-5: throw them away. */
	while (i < ndigits) {
		if (crypto_random_bytes(pool, sizeof(pool)) == -1)
			goto out;
		for (j = 0; j < sizeof(pool) && i < ndigits; j++)
			if (pool[j] < 250)
				out[i++] = (char)('0' + pool[j] % 10);
	}
	rv = 0;
out:
	explicit_bzero(pool, sizeof(pool));
	if (rv == -1)
		explicit_bzero(out, ndigits + 1);
	out[i] = '\0';
	return rv;
}

int
crypto_random_token(char *out, size_t outlen)
{
	unsigned char pool[RANDOM_CHUNK];
	size_t	      nchars, done = 0, n, j;
	int	      rv = -1;

	if (outlen == 0)
		return -1;
	nchars = outlen - 1;
	while (done < nchars) {
		n = (nchars - done + 1) / 2;
		if (n > sizeof(pool))
			n = sizeof(pool);
		if (crypto_random_bytes(pool, n) == -1)
			goto out;
		for (j = 0; j < n && done < nchars; j++) {
			out[done++] = hexdigits[pool[j] >> 4];
			if (done < nchars)
				out[done++] = hexdigits[pool[j] & 0x0f];
		}
	}
	rv = 0;
out:
	explicit_bzero(pool, sizeof(pool));
	if (rv == -1)
		explicit_bzero(out, outlen);
	out[done] = '\0';
	return rv;
}

int
crypto_equal(const void *a, const void *b, size_t len)
{
	return CRYPTO_memcmp(a, b, len) == 0;
}

void
crypto_hex(const unsigned char *in, size_t len, char *out)
{
	size_t i;

	for (i = 0; i < len; i++) {
		out[2 * i] = hexdigits[in[i] >> 4];
		out[2 * i + 1] = hexdigits[in[i] & 0x0f];
	}
	out[2 * len] = '\0';
}

/*
 * Append base64 of in with the 64-character alphabet abc, with '='
 * padding when pad is set.
 */
static void
base64_encode(const char *abc, int pad, const unsigned char *in, size_t len,
    struct buf *out)
{
	unsigned long v;
	size_t	      i, n, k;
	char	      q[4];

	for (i = 0; i < len; i += n) {
		v = 0;
		for (n = 0; n < 3 && i + n < len; n++)
			v |= (unsigned long)in[i + n] << (16 - 8 * n);
		for (k = 0; k < 4; k++)
			q[k] = abc[(v >> (18 - 6 * k)) & 0x3f];
		/* n bytes give n + 1 significant characters. */
		for (k = n + 1; k < 4; k++)
			q[k] = '=';
		buf_append(out, q, pad ? 4 : n + 1);
	}
}

void
crypto_base64url_encode(const unsigned char *in, size_t len, struct buf *out)
{
	base64_encode(b64_url, 0, in, len, out);
}

int
crypto_base64_encode(const unsigned char *in, size_t len, struct buf *out)
{
	base64_encode(b64_std, 1, in, len, out);
	return 0;
}

/*
 * Value 0-63 of a base64url character, -1 for anything else: arithmetic
 * on the four ranges of the alphabet (every webhook signature is decoded
 * with this, one call per character).
 */
static int
base64url_value(char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '-')
		return 62;
	if (c == '_')
		return 63;
	return -1;
}

/*
 * Check the length of a base64url text: strip correct padding and
 * compute the decoded size.  Returns 0 and sets *n (characters without
 * padding) and *declen, or -1 on an impossible length.
 */
static int
base64url_length(const char *in, size_t inlen, size_t *n, size_t *declen)
{
	size_t pad = 0;

	while (pad < 2 && pad < inlen && in[inlen - 1 - pad] == '=')
		pad++;
	if (pad > 0 && inlen % 4 != 0)
		return -1;
	*n = inlen - pad;
	if (*n % 4 == 1)
		return -1;
	*declen = *n / 4 * 3 + (*n % 4 == 0 ? 0 : *n % 4 - 1);
	return 0;
}

int
crypto_base64url_decode(const char *in, size_t inlen, unsigned char *out,
    size_t outcap, size_t *outlen)
{
	unsigned long acc = 0;
	size_t	      n, declen, i, o = 0;
	int	      v, bits = 0;

	if (base64url_length(in, inlen, &n, &declen) == -1 || declen > outcap)
		return -1;
	for (i = 0; i < n; i++) {
		if ((v = base64url_value(in[i])) == -1)
			return -1;
		acc = (acc << 6 | (unsigned long)v) & 0xffffff;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[o++] = (unsigned char)(acc >> bits);
		}
	}
	/* Left-over bits belong to no byte; canonical text has them zero. */
	if ((acc & ((1UL << bits) - 1)) != 0)
		return -1;
	*outlen = o;
	return 0;
}
