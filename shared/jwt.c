/*
 * jwt - see jwt.h.  The token is split at its two dots; the header is
 * decoded and checked before any HMAC is computed, the signature part is
 * decoded to exactly 32 bytes and compared with crypto_equal().
 */
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "buf.h"
#include "crypto.h"
#include "jwt.h"
#include "log.h"

#define JWT_HEADER_MAX 256 /* decoded header bytes */

static const char *const jwt_errors[JWT__MAX] = {
	[JWT_OK] = "ok",
	[JWT_FORMAT] = "not a compact JWT",
	[JWT_HEADER] = "bad JWT header",
	[JWT_ALG] = "JWT algorithm is not HS256",
	[JWT_SIGNATURE] = "JWT signature does not match",
	[JWT_PAYLOAD] = "JWT payload is not a JSON object",
};

/* The three parts of a compact token, as offsets into it. */
struct parts {
	size_t hlen;	   /* header: token[0, hlen) */
	size_t poff, plen; /* payload */
	size_t soff, slen; /* signature */
};

/* Split token at its dots; 0 ok, -1 when it is not three non-empty parts. */
static int
token_split(const char *t, size_t len, struct parts *p)
{
	const char *d1, *d2;

	/* JWS compact serialisation: unpadded base64url only. */
	if (len == 0 || len > JWT_TOKEN_MAX || memchr(t, '\0', len) != NULL ||
	    memchr(t, '=', len) != NULL)
		return -1;
	if ((d1 = memchr(t, '.', len)) == NULL)
		return -1;
	p->hlen = (size_t)(d1 - t);
	p->poff = p->hlen + 1;
	if ((d2 = memchr(t + p->poff, '.', len - p->poff)) == NULL)
		return -1;
	p->plen = (size_t)(d2 - (t + p->poff));
	p->soff = p->poff + p->plen + 1;
	p->slen = len - p->soff;
	if (p->hlen == 0 || p->plen == 0 || p->slen == 0 ||
	    memchr(t + p->soff, '.', p->slen) != NULL)
		return -1;
	return 0;
}

/* See jwt.h. */
struct json_object *
jwt_json_object(const char *s, size_t len, size_t max)
{
	struct json_tokener *tok;
	struct json_object  *o;

	if (len == 0 || len > max || (tok = json_tokener_new_ex(16)) == NULL)
		return NULL;
	o = json_tokener_parse_ex(tok, s, (int)len);
	if (o != NULL &&
	    (json_tokener_get_error(tok) != json_tokener_success ||
		json_tokener_get_parse_end(tok) != len ||
		!json_object_is_type(o, json_type_object))) {
		json_object_put(o);
		o = NULL;
	}
	json_tokener_free(tok);
	return o;
}

/*
 * The headers most signers write, base64url-encoded: a token starting
 * with one of them needs no JSON parsing.
 */
static const char *const common_headers[] = {
	"eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9", /* {"typ":"JWT","alg":"HS256"} */
	"eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9", /* {"alg":"HS256","typ":"JWT"} */
	"eyJhbGciOiJIUzI1NiJ9",			/* {"alg":"HS256"} */
};

/* Check the decoded header: JWT_OK, JWT_HEADER or JWT_ALG. */
static enum jwt_err
check_header(const char *t, size_t hlen)
{
	unsigned char	    raw[JWT_HEADER_MAX];
	size_t		    n, i;
	struct json_object *h, *alg, *typ;
	enum jwt_err	    e = JWT_OK;

	for (i = 0; i < sizeof(common_headers) / sizeof(common_headers[0]); i++)
		if (hlen == strlen(common_headers[i]) &&
		    memcmp(t, common_headers[i], hlen) == 0)
			return JWT_OK;

	if (crypto_base64url_decode(t, hlen, raw, sizeof(raw), &n) == -1)
		return JWT_HEADER;
	if ((h = jwt_json_object((const char *)raw, n, JWT_TOKEN_MAX)) == NULL)
		return JWT_HEADER;
	if (!json_object_object_get_ex(h, "alg", &alg) ||
	    !json_object_is_type(alg, json_type_string))
		e = JWT_HEADER;
	else if (strcmp(json_object_get_string(alg), "HS256") != 0)
		e = JWT_ALG;
	else if (json_object_object_get_ex(h, "typ", &typ) &&
	    (!json_object_is_type(typ, json_type_string) ||
		strcmp(json_object_get_string(typ), "JWT") != 0))
		e = JWT_HEADER;
	else if (json_object_object_get_ex(h, "crit", NULL))
		e = JWT_HEADER;
	json_object_put(h);
	return e;
}

/* Compare the signature part with HMAC-SHA256 over header.payload. */
static enum jwt_err
check_signature(
    const char *t, const struct parts *p, const void *key, size_t keylen)
{
	unsigned char want[CRYPTO_SHA256_LEN], got[CRYPTO_SHA256_LEN + 1];
	size_t	      n;
	int	      ok;

	if (crypto_base64url_decode(
		t + p->soff, p->slen, got, sizeof(got), &n) == -1 ||
	    n != CRYPTO_SHA256_LEN)
		return JWT_SIGNATURE;
	crypto_hmac_sha256(key, keylen, t, p->poff + p->plen, want);
	ok = crypto_equal(want, got, CRYPTO_SHA256_LEN);
	explicit_bzero(want, sizeof(want));
	return ok ? JWT_OK : JWT_SIGNATURE;
}

/*
 * Decode the payload, check it is a JSON object when json is set; append
 * it to out.
 */
static enum jwt_err
decode_payload(const char *t, const struct parts *p, int json, struct buf *out)
{
	unsigned char	   *raw;
	size_t		    n;
	struct json_object *o = NULL;

	if ((raw = malloc(p->plen)) == NULL)
		fatal("%s", __func__);
	if (crypto_base64url_decode(t + p->poff, p->plen, raw, p->plen, &n) ==
		-1 ||
	    (json &&
		(o = jwt_json_object((const char *)raw, n, JWT_TOKEN_MAX)) ==
		    NULL)) {
		free(raw);
		return JWT_PAYLOAD;
	}
	if (json)
		json_object_put(o);
	if (out != NULL)
		buf_append(out, raw, n);
	free(raw);
	return JWT_OK;
}

/* jwt_verify_hs256(), the payload checked to be JSON when json is set. */
static enum jwt_err
token_verify(const char *token, size_t len, const void *key, size_t keylen,
    int json, struct buf *payload)
{
	struct parts p;
	enum jwt_err e;

	if (token == NULL || token_split(token, len, &p) == -1)
		return JWT_FORMAT;
	if ((e = check_header(token, p.hlen)) != JWT_OK)
		return e;
	if ((e = check_signature(token, &p, key, keylen)) != JWT_OK)
		return e;
	return decode_payload(token, &p, json, payload);
}

/* See jwt.h. */
enum jwt_err
jwt_verify_hs256(const char *token, size_t len, const void *key, size_t keylen,
    struct buf *payload)
{
	return token_verify(token, len, key, keylen, 1, payload);
}

/* See jwt.h. */
enum jwt_err
jwt_verify_hs256_raw(const char *token, size_t len, const void *key,
    size_t keylen, struct buf *payload)
{
	return token_verify(token, len, key, keylen, 0, payload);
}

/* See jwt.h. */
void
jwt_sign_hs256(const char *payload_json, size_t len, const void *key,
    size_t keylen, struct buf *out)
{
	static const char header[] = "{\"typ\":\"JWT\",\"alg\":\"HS256\"}";
	unsigned char	  mac[CRYPTO_SHA256_LEN];
	size_t		  start = out->len;

	crypto_base64url_encode(
	    (const unsigned char *)header, sizeof(header) - 1, out);
	buf_putc(out, '.');
	crypto_base64url_encode((const unsigned char *)payload_json, len, out);
	crypto_hmac_sha256(
	    key, keylen, out->data + start, out->len - start, mac);
	buf_putc(out, '.');
	crypto_base64url_encode(mac, sizeof(mac), out);
}

/* See jwt.h. */
const char *
jwt_strerror(enum jwt_err err)
{
	if ((unsigned)err >= JWT__MAX)
		return "unknown error";
	return jwt_errors[err];
}
