/*
 * crypto - the few primitives Mentorlink needs, on top of OpenSSL libcrypto:
 * HMAC and digests, random codes and tokens, constant-time comparison,
 * hex and base64 encodings.
 *
 * Nothing here allocates except through a struct buf the caller owns.
 * Failure of OpenSSL where the caller cannot do anything about it (HMAC,
 * digest) is fatal; failure of the random generator is reported, so a
 * request can fail instead of the daemon.
 */
#ifndef MENTOR_CRYPTO_H
#define MENTOR_CRYPTO_H

#include <stddef.h>

struct buf;

#define CRYPTO_SHA256_LEN 32
#define CRYPTO_SHA1_LEN	  20

/* HMAC-SHA256 of msg under key into out; cannot fail (fatalx). */
void crypto_hmac_sha256(const void *key, size_t keylen, const void *msg,
    size_t msglen, unsigned char out[CRYPTO_SHA256_LEN]);
/* HMAC-SHA1 of msg under key into out (Twilio signatures); cannot fail. */
void crypto_hmac_sha1(const void *key, size_t keylen, const void *msg,
    size_t msglen, unsigned char out[CRYPTO_SHA1_LEN]);
/* SHA-256 of msg into out; cannot fail. */
void crypto_sha256(
    const void *msg, size_t len, unsigned char out[CRYPTO_SHA256_LEN]);

/* Fill buf with len cryptographically strong random bytes: 0 ok, -1 not. */
int  crypto_random_bytes(void *buf, size_t len);
/*
 * Write ndigits uniformly random decimal digits and a NUL into out, which
 * holds ndigits + 1 bytes.  Returns 0, or -1 (out is then "") when the
 * random generator fails.
 */
int  crypto_random_digits(char *out, size_t ndigits);
/*
 * Write a random lower-case hex token of outlen - 1 characters and a NUL:
 * char tok[65] gives 64 characters from 32 random bytes.  Returns 0, or -1
 * (out is then "" if outlen > 0) when outlen is 0 or the generator fails.
 */
int  crypto_random_token(char *out, size_t outlen);

/* Compare len bytes in constant time: 1 if equal, 0 if not. */
int  crypto_equal(const void *a, const void *b, size_t len);

/* Lower-case hex of in into out, which holds 2 * len + 1 bytes. */
void crypto_hex(const unsigned char *in, size_t len, char *out);

/*
 * Decode inlen characters of base64url (RFC 4648 section 5, as in JWT) into
 * out.  Padding is not required; if present it must be correct.  Unused
 * trailing bits must be zero.  Sets *outlen and returns 0, or returns -1
 * on a bad character, a bad length or when the result exceeds outcap.
 */
int  crypto_base64url_decode(const char *in, size_t inlen, unsigned char *out,
     size_t outcap, size_t *outlen);
/* Append base64url of in, without padding, to out. */
void crypto_base64url_encode(
    const unsigned char *in, size_t len, struct buf *out);
/*
 * Append standard base64 of in, with padding, to out (Twilio signatures,
 * HTTP Basic authentication).  Returns 0; allocation failure is fatal.
 */
int crypto_base64_encode(const unsigned char *in, size_t len, struct buf *out);

#endif
