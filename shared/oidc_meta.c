/*
 * oidc_meta.c - the provider's discovery document and key set (JWKS),
 * fetched with libcurl and cached; see oidc.h and oidc_int.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjose/cjose.h>
#include <curl/curl.h>
#include <json-c/json.h>

#include "buf.h"
#include "clock.h"
#include "crypto.h"
#include "jwt.h"
#include "log.h"
#include "oidc.h"
#include "oidc_int.h"

#define OIDC_CONNECT_TIMEOUT_MS 5000
#define OIDC_TIMEOUT_MS		10000
#define OIDC_RSA_MIN_BITS	2048
#define OIDC_RSA_MAX_BYTES	1024 /* 8192-bit modulus */

/* What the write callback collects, within a cap. */
struct sink {
	struct buf *out;
	size_t	    cap;
	int	    over;
};

/* libcurl write callback: append within the cap, else stop the transfer. */
static size_t
sink_write(char *p, size_t size, size_t n, void *arg)
{
	struct sink *s = arg;

	if (s->out->len + n > s->cap) {
		s->over = 1;
		return 0;
	}
	buf_append(s->out, p, n);
	return n;
}

/* See oidc_int.h. */
enum oidc_err
oidc_http(const struct oidc_client *c, const char *url, const struct buf *form,
    const char *authorization, size_t cap, long *status, struct buf *out)
{
	struct sink	   s = { out, cap, 0 };
	struct curl_slist *h = NULL;
	struct buf	   auth = { 0 };
	CURL		  *curl;
	CURLcode	   rc;
	enum oidc_err	   e = OIDC_OK;

	*status = 0;
	buf_reset(out);
	if (!oidc_url_secure(url)) {
		log_warnx("oidc: refusing %s: https required", url);
		return OIDC_ERR_INSECURE_URL;
	}
	if ((curl = curl_easy_init()) == NULL)
		fatalx("curl_easy_init");
	h = curl_slist_append(h, "Accept: application/json");
	if (authorization != NULL) {
		buf_printf(&auth, "Authorization: %s", authorization);
		h = curl_slist_append(h, buf_str(&auth));
	}
	curl_easy_setopt(curl, CURLOPT_URL, url);
	curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(curl, CURLOPT_NOPROXY, "127.0.0.1,::1");
	curl_easy_setopt(
	    curl, CURLOPT_CONNECTTIMEOUT_MS, (long)OIDC_CONNECT_TIMEOUT_MS);
	curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, (long)OIDC_TIMEOUT_MS);
	curl_easy_setopt(curl, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)cap);
	curl_easy_setopt(curl, CURLOPT_USERAGENT, "Mentorlink");
	curl_easy_setopt(curl, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, sink_write);
	curl_easy_setopt(curl, CURLOPT_WRITEDATA, &s);
	if (c->ca_file != NULL)
		curl_easy_setopt(curl, CURLOPT_CAINFO, c->ca_file);
	if (form != NULL) {
		curl_easy_setopt(curl, CURLOPT_POSTFIELDS, buf_str(form));
		curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, (long)form->len);
	}
	rc = curl_easy_perform(curl);
	if (s.over || rc == CURLE_FILESIZE_EXCEEDED) {
		log_warnx("oidc: %s: answer larger than %zu bytes", url, cap);
		e = OIDC_ERR_RESPONSE;
	} else if (rc != CURLE_OK) {
		log_warnx("oidc: %s: %s", url, curl_easy_strerror(rc));
		e = OIDC_ERR_FETCH;
	} else
		curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, status);
	curl_slist_free_all(h);
	curl_easy_cleanup(curl);
	buf_free(&auth);
	if (e != OIDC_OK)
		buf_free(out);
	return e;
}

/* See oidc_int.h. */
const char *
oidc_json_string(struct json_object *o, const char *name, size_t max)
{
	struct json_object *v;
	const char	   *s;
	size_t		    i, n;

	if (!json_object_object_get_ex(o, name, &v) ||
	    !json_object_is_type(v, json_type_string))
		return NULL;
	s = json_object_get_string(v);
	n = (size_t)json_object_get_string_len(v);
	if (n == 0 || n > max || strlen(s) != n)
		return NULL;
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return NULL;
	return s;
}

/*
 * GET url into a JSON object of at most cap bytes.  Returns OIDC_OK and
 * sets *out (caller json_object_put()s it), or an error.
 */
static enum oidc_err
fetch_json(const struct oidc_client *c, const char *url, size_t cap,
    struct json_object **out)
{
	struct buf    body = { 0 };
	long	      status;
	enum oidc_err e;

	*out = NULL;
	if ((e = oidc_http(c, url, NULL, NULL, cap, &status, &body)) != OIDC_OK)
		return e;
	if (status != 200) {
		log_warnx("oidc: %s: HTTP status %ld", url, status);
		e = OIDC_ERR_FETCH;
	} else if ((*out = jwt_json_object(body.data, body.len, cap)) == NULL) {
		log_warnx("oidc: %s: not a JSON object", url);
		e = OIDC_ERR_RESPONSE;
	}
	buf_free(&body);
	return e;
}

/*
 * The endpoint called name in the discovery document: a copy of it if it
 * is a secure URL, else NULL (logged when required).
 */
static char *
discovery_endpoint(struct json_object *doc, const char *name, int required)
{
	const char *s = oidc_json_string(doc, name, OIDC_URL_MAX);

	if (s != NULL && oidc_url_secure(s))
		return strdup(s);
	if (s != NULL || required)
		log_warnx("oidc: discovery document: %s %s", name,
		    s == NULL ? "missing" : "is not https");
	return NULL;
}

/*
 * Take the endpoints from the discovery document doc into c.  Returns
 * OIDC_OK, or OIDC_ERR_DISCOVERY with c unchanged.
 */
static enum oidc_err
meta_take(struct oidc_client *c, struct json_object *doc)
{
	const char *iss = oidc_json_string(doc, "issuer", OIDC_URL_MAX);
	char	   *az, *tok, *jwks, *end;

	if (iss == NULL || strcmp(iss, c->issuer) != 0) {
		log_warnx("oidc: discovery document names issuer %s, not %s",
		    iss ? iss : "(none)", c->issuer);
		return OIDC_ERR_DISCOVERY;
	}
	az = discovery_endpoint(doc, "authorization_endpoint", 1);
	tok = discovery_endpoint(doc, "token_endpoint", 1);
	jwks = discovery_endpoint(doc, "jwks_uri", 1);
	end = discovery_endpoint(doc, "end_session_endpoint", 0);
	if (az == NULL || tok == NULL || jwks == NULL) {
		free(az);
		free(tok);
		free(jwks);
		free(end);
		return OIDC_ERR_DISCOVERY;
	}
	free(c->authorization_endpoint);
	free(c->token_endpoint);
	free(c->jwks_uri);
	free(c->end_session_endpoint);
	c->authorization_endpoint = az;
	c->token_endpoint = tok;
	c->jwks_uri = jwks;
	c->end_session_endpoint = end;
	return OIDC_OK;
}

/* See oidc_int.h. */
enum oidc_err
oidc_meta_ready(struct oidc_client *c)
{
	struct json_object *doc;
	struct buf	    url = { 0 };
	time_t		    now = clock_now();
	enum oidc_err	    e;
	size_t		    n = strlen(c->issuer);

	if (c->meta_at != 0 && now >= c->meta_at &&
	    now - c->meta_at < OIDC_METADATA_TTL)
		return OIDC_OK;
	/* Issuers with a trailing slash exist (Auth0): no double slash. */
	buf_printf(&url, "%.*s/.well-known/openid-configuration",
	    (int)(n > 0 && c->issuer[n - 1] == '/' ? n - 1 : n), c->issuer);
	e = fetch_json(c, buf_str(&url), OIDC_DISCOVERY_CAP, &doc);
	if (e == OIDC_OK) {
		e = meta_take(c, doc);
		json_object_put(doc);
	}
	buf_free(&url);
	if (e == OIDC_OK)
		c->meta_at = now;
	else if (c->meta_at != 0) {
		log_warnx(
		    "oidc: %s: keeping the old discovery document", c->issuer);
		/* Try again in a minute, not at every sign-in. */
		c->meta_at = now - OIDC_METADATA_TTL + OIDC_KID_REFETCH_MIN;
		e = OIDC_OK;
	}
	return e;
}

/* The key types and algorithms we take from a key set. */
static const struct {
	const char   *kty;
	const char   *crv; /* EC only */
	enum oidc_kty type;
	const char   *algs[3]; /* a key's "alg", when it has one */
} key_kinds[] = {
	{ "RSA", NULL, OIDC_KTY_RSA, { "RS256", "PS256", NULL } },
	{ "EC", "P-256", OIDC_KTY_EC_P256, { "ES256", NULL, NULL } },
};

/*
 * Check the size of an RSA modulus (base64url n).  Returns 1 if it is a
 * number of at least OIDC_RSA_MIN_BITS bits we can decode.
 */
static int
rsa_big_enough(const char *n)
{
	unsigned char m[OIDC_RSA_MAX_BYTES];
	size_t	      len, i = 0, bits;
	int	      top;

	if (crypto_base64url_decode(n, strlen(n), m, sizeof(m), &len) == -1)
		return 0;
	while (i < len && m[i] == 0)
		i++;
	if (i == len)
		return 0;
	for (top = 8; top > 0 && !(m[i] & (1 << (top - 1))); top--)
		;
	bits = (len - i - 1) * 8 + (size_t)top;
	return bits >= OIDC_RSA_MIN_BITS;
}

/*
 * Read one member of a key set into k: only public signing keys of the
 * kinds above.  Returns 0, or -1 (with a reason for the debug log) when
 * the key is not one we use.
 */
static int
key_read(struct json_object *o, struct oidc_key *k, const char **why)
{
	struct json_object	*pub = NULL;
	const char		*kty, *use, *alg, *kid, *v;
	const char *const	*fields;
	static const char *const rsa_fields[] = { "n", "e", NULL };
	static const char *const ec_fields[] = { "crv", "x", "y", NULL };
	size_t			 i, j;
	cjose_err		 err;

	*why = "not a key";
	if (!json_object_is_type(o, json_type_object) ||
	    (kty = oidc_json_string(o, "kty", 8)) == NULL)
		return -1;
	for (i = 0; i < sizeof(key_kinds) / sizeof(key_kinds[0]); i++)
		if (!strcmp(kty, key_kinds[i].kty))
			break;
	*why = "key type not RSA or EC";
	if (i == sizeof(key_kinds) / sizeof(key_kinds[0]))
		return -1;
	*why = "not a signing key";
	if ((use = oidc_json_string(o, "use", 16)) != NULL &&
	    strcmp(use, "sig") != 0)
		return -1;
	memset(k, 0, sizeof(*k));
	k->kty = key_kinds[i].type;
	if ((alg = oidc_json_string(o, "alg", 16)) != NULL) {
		for (j = 0; key_kinds[i].algs[j] != NULL; j++)
			if (!strcmp(alg, key_kinds[i].algs[j]))
				break;
		*why = "algorithm not RS256, PS256 or ES256";
		if (key_kinds[i].algs[j] == NULL)
			return -1;
		snprintf(k->alg, sizeof(k->alg), "%s", alg);
	}
	if ((kid = oidc_json_string(o, "kid", OIDC_KID_MAX)) != NULL)
		snprintf(k->kid, sizeof(k->kid), "%s", kid);
	/* A copy with the public members only goes to libcjose. */
	fields = k->kty == OIDC_KTY_RSA ? rsa_fields : ec_fields;
	pub = json_object_new_object();
	json_object_object_add(pub, "kty", json_object_new_string(kty));
	for (j = 0; fields[j] != NULL; j++) {
		*why = "key member missing";
		if ((v = oidc_json_string(o, fields[j], 2048)) == NULL)
			goto fail;
		json_object_object_add(
		    pub, fields[j], json_object_new_string(v));
	}
	*why = "not the P-256 curve";
	if (key_kinds[i].crv != NULL &&
	    strcmp(oidc_json_string(o, "crv", 2048), key_kinds[i].crv) != 0)
		goto fail;
	*why = "RSA key shorter than 2048 bits";
	if (k->kty == OIDC_KTY_RSA &&
	    !rsa_big_enough(oidc_json_string(o, "n", 2048)))
		goto fail;
	v = json_object_to_json_string_ext(pub, JSON_C_TO_STRING_PLAIN);
	*why = "libcjose refused the key";
	if ((k->jwk = cjose_jwk_import(v, strlen(v), &err)) == NULL)
		goto fail;
	json_object_put(pub);
	return 0;
fail:
	json_object_put(pub);
	return -1;
}

/* Release the keys of c. */
static void
keys_release(struct oidc_key *keys, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		cjose_jwk_release(keys[i].jwk);
}

/*
 * Replace the keys of c with the usable ones of the key set doc.
 * Returns OIDC_OK, or OIDC_ERR_JWKS with c unchanged when there is none.
 */
static enum oidc_err
keys_take(struct oidc_client *c, struct json_object *doc)
{
	struct oidc_key	    keys[OIDC_KEYS_MAX];
	struct json_object *arr;
	const char	   *why;
	size_t		    i, n = 0, len;

	if (!json_object_object_get_ex(doc, "keys", &arr) ||
	    !json_object_is_type(arr, json_type_array)) {
		log_warnx("oidc: %s: key set without \"keys\"", c->issuer);
		return OIDC_ERR_JWKS;
	}
	len = json_object_array_length(arr);
	for (i = 0; i < len && n < OIDC_KEYS_MAX; i++) {
		if (key_read(
			json_object_array_get_idx(arr, i), &keys[n], &why) == 0)
			n++;
		else
			log_debug(
			    "oidc: %s: key %zu skipped: %s", c->issuer, i, why);
	}
	if (i < len)
		log_warnx("oidc: %s: key set has more than %d usable keys; "
			  "the rest are ignored",
		    c->issuer, OIDC_KEYS_MAX);
	if (n == 0) {
		log_warnx("oidc: %s: key set has no RS256, PS256 or ES256 "
			  "signing key",
		    c->issuer);
		return OIDC_ERR_JWKS;
	}
	keys_release(c->keys, c->nkeys);
	memcpy(c->keys, keys, n * sizeof(keys[0]));
	c->nkeys = n;
	return OIDC_OK;
}

/* Fetch the key set now.  Returns OIDC_OK or why not (old keys kept). */
static enum oidc_err
keys_fetch(struct oidc_client *c)
{
	struct json_object *doc;
	enum oidc_err	    e;

	if ((e = oidc_meta_ready(c)) != OIDC_OK)
		return e;
	if ((e = fetch_json(c, c->jwks_uri, OIDC_JWKS_CAP, &doc)) != OIDC_OK)
		return e;
	e = keys_take(c, doc);
	json_object_put(doc);
	if (e == OIDC_OK)
		c->keys_at = clock_now();
	return e;
}

/* See oidc_int.h. */
enum oidc_err
oidc_keys_ready(struct oidc_client *c)
{
	time_t	      now = clock_now();
	enum oidc_err e;

	if (c->keys_at != 0 && now >= c->keys_at &&
	    now - c->keys_at < OIDC_METADATA_TTL)
		return OIDC_OK;
	if ((e = keys_fetch(c)) != OIDC_OK && c->nkeys > 0) {
		log_warnx("oidc: %s: keeping the old key set", c->issuer);
		c->keys_at = now - OIDC_METADATA_TTL + OIDC_KID_REFETCH_MIN;
		e = OIDC_OK;
	}
	return e;
}

/* See oidc_int.h. */
enum oidc_err
oidc_keys_refetch(struct oidc_client *c)
{
	time_t now = clock_now();

	if (c->kid_refetch_at != 0 && now >= c->kid_refetch_at &&
	    now - c->kid_refetch_at < OIDC_KID_REFETCH_MIN)
		return OIDC_ERR_UNKNOWN_KEY;
	c->kid_refetch_at = now;
	log_info("oidc: %s: token names an unknown key; fetching the key set",
	    c->issuer);
	return keys_fetch(c);
}

/* See oidc.h. */
enum oidc_err
oidc_client_set_metadata(struct oidc_client *c, const char *discovery,
    size_t dlen, const char *jwks, size_t jlen)
{
	struct json_object *d, *k = NULL;
	enum oidc_err	    e = OIDC_ERR_DISCOVERY;

	if ((d = jwt_json_object(discovery, dlen, OIDC_DISCOVERY_CAP)) == NULL)
		return OIDC_ERR_DISCOVERY;
	pthread_mutex_lock(&c->lock);
	if ((e = meta_take(c, d)) != OIDC_OK)
		goto out;
	e = OIDC_ERR_JWKS;
	if ((k = jwt_json_object(jwks, jlen, OIDC_JWKS_CAP)) == NULL ||
	    (e = keys_take(c, k)) != OIDC_OK)
		goto out;
	c->meta_at = c->keys_at = clock_now();
out:
	pthread_mutex_unlock(&c->lock);
	json_object_put(d);
	json_object_put(k);
	return e;
}

/* See oidc_int.h. */
void
oidc_meta_free(struct oidc_client *c)
{
	keys_release(c->keys, c->nkeys);
	c->nkeys = 0;
	free(c->authorization_endpoint);
	free(c->token_endpoint);
	free(c->jwks_uri);
	free(c->end_session_endpoint);
}
