/*
 * jwt - JSON Web Tokens signed with HMAC-SHA256 (RFC 7519, JWS compact
 * form), as GatewayAPI puts them in X-Gwapi-Signature.
 *
 * Verification accepts only "alg":"HS256" (never "none", never another
 * algorithm, whatever the token says), an optional "typ":"JWT", and
 * compares the signature in constant time.  The payload is returned as
 * the decoded JSON text; the caller parses it.
 */
#ifndef MENTOR_JWT_H
#define MENTOR_JWT_H

#include <stddef.h>

struct buf;
struct json_object;

/* Longest token we look at: a whole webhook body, base64url, and more. */
#define JWT_TOKEN_MAX 49152

enum jwt_err {
	JWT_OK = 0,
	JWT_FORMAT,    /* not three base64url parts, or too long */
	JWT_HEADER,    /* header is not a JSON object we accept */
	JWT_ALG,       /* alg is not HS256 */
	JWT_SIGNATURE, /* signature does not match */
	JWT_PAYLOAD,   /* payload is not a JSON object */
	JWT__MAX
};

/*
 * Verify the len bytes of token under key.  Returns JWT_OK and appends
 * the decoded payload (a JSON object, NUL-terminated) to payload (may be
 * NULL), or the first thing that was wrong with payload untouched.
 */
enum jwt_err jwt_verify_hs256(const char *token, size_t len, const void *key,
    size_t keylen, struct buf *payload);
/*
 * The same, but the payload is handed over as it decodes, not checked to
 * be JSON: for a caller that parses it anyway (one parse, not two).
 */
enum jwt_err jwt_verify_hs256_raw(const char *token, size_t len,
    const void *key, size_t keylen, struct buf *payload);

/*
 * Append to out a token carrying payload_json (len bytes), with the
 * header {"typ":"JWT","alg":"HS256"}, signed with key.  For the sender of
 * simulated webhooks, the fake provider and the benchmark.
 */
void jwt_sign_hs256(const char *payload_json, size_t len, const void *key,
    size_t keylen, struct buf *out);

/*
 * Parse len bytes of JSON (at most max; a longer or empty text is
 * refused) that must be exactly one object and nothing after it: the
 * strict parse used for JWT parts and GatewayAPI webhook bodies.
 * Returns the object, which the caller json_object_put()s, or NULL.
 */
struct json_object *jwt_json_object(const char *s, size_t len, size_t max);

/* Short English text for err. */
const char	   *jwt_strerror(enum jwt_err err);

#endif
