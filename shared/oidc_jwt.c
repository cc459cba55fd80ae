/*
 * oidc_jwt.c - the ID token: its header read strictly by us, its
 * signature verified by libcjose with a key from the provider's key set,
 * its claims checked by us; and the identity it gives.  See oidc.h.
 *
 * The header is decoded and checked (alg RS256, PS256 or ES256; no
 * "crit"; "typ" JWT if present) before any key is looked at, so "none"
 * and HS256 never reach libcjose; the key is chosen by kid and must be of
 * the algorithm's type; libcjose's own reading of alg must agree with
 * ours.  Only the payload libcjose verified is read for claims.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cjose/cjose.h>
#include <json-c/json.h>

#include "buf.h"
#include "clock.h"
#include "crypto.h"
#include "jwt.h"
#include "log.h"
#include "oidc.h"
#include "oidc_int.h"

#define OIDC_HEADER_MAX 1024 /* bytes of a decoded header */
#define OIDC_CLAIM_MAX	1024 /* bytes of sub, the user claim, etc. */
#define OIDC_AUD_MAX	16   /* audiences in an array */
#define OIDC_TIME_MAX	((int64_t)1 << 40) /* NumericDate sanity */

struct oidc_identity {
	struct json_object *claims;
	const char	   *user;    /* inside claims */
	const char	   *subject; /* inside claims */
	char		   *id_token;
	time_t		    expires;
};

/* The algorithms we accept, and the key type each needs. */
static const struct {
	const char   *alg;
	enum oidc_kty kty;
	size_t	      siglen; /* exact signature length; 0 any */
} algs[] = {
	{ "RS256", OIDC_KTY_RSA, 0 },
	{ "PS256", OIDC_KTY_RSA, 0 },
	{ "ES256", OIDC_KTY_EC_P256, 64 },
};

/* A token's header, as far as we read it. */
struct header {
	size_t alg;		      /* index into algs */
	char   kid[OIDC_KID_MAX + 1]; /* "" when none */
	size_t siglen;		      /* decoded signature bytes */
};

/*
 * Split token at its two dots, decode and check the header into h.
 * Returns OIDC_OK, OIDC_ERR_TOKEN_FORMAT or OIDC_ERR_ALG.
 */
static enum oidc_err
header_read(const char *t, size_t len, struct header *h)
{
	unsigned char	    raw[OIDC_HEADER_MAX], sig[1024];
	const char	   *d1, *d2, *alg, *typ, *kid;
	struct json_object *o;
	size_t		    rawlen, i;
	enum oidc_err	    e = OIDC_ERR_TOKEN_FORMAT;

	if (len == 0 || len > OIDC_TOKEN_MAX || memchr(t, '\0', len) != NULL ||
	    (d1 = memchr(t, '.', len)) == NULL ||
	    (d2 = memchr(d1 + 1, '.', len - (size_t)(d1 + 1 - t))) == NULL ||
	    memchr(d2 + 1, '.', len - (size_t)(d2 + 1 - t)) != NULL)
		return OIDC_ERR_TOKEN_FORMAT;
	if (crypto_base64url_decode(
		t, (size_t)(d1 - t), raw, sizeof(raw), &rawlen) == -1 ||
	    crypto_base64url_decode(d2 + 1, len - (size_t)(d2 + 1 - t), sig,
		sizeof(sig), &h->siglen) == -1 ||
	    (o = jwt_json_object((const char *)raw, rawlen, sizeof(raw))) ==
		NULL)
		return OIDC_ERR_TOKEN_FORMAT;
	memset(h->kid, 0, sizeof(h->kid));
	if (json_object_object_get_ex(o, "crit", NULL))
		goto out; /* extensions we do not understand */
	if (json_object_object_get_ex(o, "typ", NULL) &&
	    ((typ = oidc_json_string(o, "typ", 32)) == NULL ||
		(strcasecmp(typ, "JWT") && strcasecmp(typ, "application/jwt"))))
		goto out;
	if (json_object_object_get_ex(o, "kid", NULL)) {
		if ((kid = oidc_json_string(o, "kid", OIDC_KID_MAX)) == NULL)
			goto out;
		snprintf(h->kid, sizeof(h->kid), "%s", kid);
	}
	e = OIDC_ERR_ALG;
	if ((alg = oidc_json_string(o, "alg", 16)) == NULL)
		goto out;
	for (i = 0; i < sizeof(algs) / sizeof(algs[0]); i++)
		if (!strcmp(alg, algs[i].alg)) {
			h->alg = i;
			e = OIDC_OK;
		}
out:
	json_object_put(o);
	return e;
}

/*
 * The keys of c that may verify a token with header h: those with its
 * kid (all of them when it names none) and of the algorithm's type.
 * Sets *n and returns OIDC_OK, OIDC_ERR_UNKNOWN_KEY when no key has the
 * kid, or OIDC_ERR_ALG when the kid names a key of another type.
 */
static enum oidc_err
keys_for(const struct oidc_client *c, const struct header *h,
    const struct oidc_key **out, size_t *n)
{
	size_t i;
	int    named = 0;

	*n = 0;
	for (i = 0; i < c->nkeys; i++) {
		const struct oidc_key *k = &c->keys[i];

		if (h->kid[0] != '\0' && strcmp(k->kid, h->kid) != 0)
			continue;
		named = 1;
		if (k->kty != algs[h->alg].kty ||
		    (k->alg[0] != '\0' && strcmp(k->alg, algs[h->alg].alg)))
			continue;
		out[(*n)++] = k;
	}
	if (*n > 0)
		return OIDC_OK;
	return named && h->kid[0] != '\0' ? OIDC_ERR_ALG : OIDC_ERR_UNKNOWN_KEY;
}

/*
 * Verify the signature of token (header h) with the keys of c, fetching
 * the key set again once if the kid is unknown.  Returns OIDC_OK and the
 * verified payload parsed into *claims, or the error.
 */
static enum oidc_err
signature_verify(struct oidc_client *c, const char *token, size_t len,
    const struct header *h, struct json_object **claims)
{
	const struct oidc_key *cand[OIDC_KEYS_MAX];
	cjose_jws_t	      *jws;
	cjose_err	       err;
	const char	      *alg;
	uint8_t		      *pt;
	size_t		       n, i, ptlen;
	enum oidc_err	       e;

	*claims = NULL;
	if ((e = oidc_keys_ready(c)) != OIDC_OK)
		return e;
	/* A key we lack: the provider may have rotated its keys. */
	if ((e = keys_for(c, h, cand, &n)) == OIDC_ERR_UNKNOWN_KEY &&
	    oidc_keys_refetch(c) == OIDC_OK)
		e = keys_for(c, h, cand, &n);
	if (e != OIDC_OK)
		return e;
	if (algs[h->alg].siglen != 0 && h->siglen != algs[h->alg].siglen)
		return OIDC_ERR_SIGNATURE;
	if ((jws = cjose_jws_import(token, len, &err)) == NULL)
		return OIDC_ERR_TOKEN_FORMAT;
	alg =
	    cjose_header_get(cjose_jws_get_protected(jws), CJOSE_HDR_ALG, &err);
	e = OIDC_ERR_TOKEN_FORMAT;
	if (alg == NULL || strcmp(alg, algs[h->alg].alg) != 0)
		goto out;
	e = OIDC_ERR_SIGNATURE;
	for (i = 0; i < n && e != OIDC_OK; i++)
		if (cjose_jws_verify(jws, cand[i]->jwk, &err))
			e = OIDC_OK;
	if (e == OIDC_OK &&
	    (!cjose_jws_get_plaintext(jws, &pt, &ptlen, &err) ||
		(*claims = jwt_json_object(
		     (const char *)pt, ptlen, OIDC_TOKEN_MAX)) == NULL))
		e = OIDC_ERR_TOKEN_FORMAT;
out:
	cjose_jws_release(jws);
	return e;
}

/*
 * The NumericDate claim name of o into *t.  Returns 1 if present and a
 * sane number of seconds, 0 if absent, -1 if malformed.
 */
static int
claim_time(struct json_object *o, const char *name, time_t *t)
{
	struct json_object *v;
	double		    d;

	if (!json_object_object_get_ex(o, name, &v))
		return 0;
	if (json_object_is_type(v, json_type_int))
		d = (double)json_object_get_int64(v);
	else if (json_object_is_type(v, json_type_double))
		d = json_object_get_double(v);
	else
		return -1;
	if (!(d >= 0 && d < (double)OIDC_TIME_MAX))
		return -1;
	*t = (time_t)d;
	return 1;
}

/*
 * Check aud (and azp) of claims o for our client_id.  Returns OIDC_OK,
 * OIDC_ERR_AUDIENCE or OIDC_ERR_AZP.
 */
static enum oidc_err
audience_check(const struct oidc_client *c, struct json_object *o)
{
	struct json_object *aud, *v;
	const char	   *azp;
	size_t		    i, n;
	int		    found = 0;

	if (!json_object_object_get_ex(o, "aud", &aud))
		return OIDC_ERR_AUDIENCE;
	if (json_object_is_type(aud, json_type_string)) {
		found = !strcmp(json_object_get_string(aud), c->client_id);
		n = 1;
	} else if (json_object_is_type(aud, json_type_array)) {
		if ((n = json_object_array_length(aud)) > OIDC_AUD_MAX)
			return OIDC_ERR_AUDIENCE;
		for (i = 0; i < n; i++) {
			v = json_object_array_get_idx(aud, i);
			if (!json_object_is_type(v, json_type_string))
				return OIDC_ERR_AUDIENCE;
			found |=
			    !strcmp(json_object_get_string(v), c->client_id);
		}
	} else
		return OIDC_ERR_AUDIENCE;
	if (!found)
		return OIDC_ERR_AUDIENCE;
	azp = oidc_json_string(o, "azp", OIDC_CLAIM_MAX);
	if ((n > 1 || json_object_object_get_ex(o, "azp", NULL)) &&
	    (azp == NULL || strcmp(azp, c->client_id) != 0))
		return OIDC_ERR_AZP;
	return OIDC_OK;
}

/*
 * Check the times of claims o at now: exp, iat, nbf, and auth_time when
 * login asked for a max_age.  Sets *exp.  Returns OIDC_OK or the error.
 */
static enum oidc_err
times_check(const struct oidc_client *c, struct json_object *o,
    const struct oidc_login *login, time_t now, time_t *exp)
{
	time_t iat, nbf, auth;
	int    r;

	if (claim_time(o, "exp", exp) != 1 || claim_time(o, "iat", &iat) != 1)
		return OIDC_ERR_CLAIMS;
	if (now >= *exp + c->skew)
		return OIDC_ERR_EXPIRED;
	if (iat > now + c->skew)
		return OIDC_ERR_IAT;
	if ((r = claim_time(o, "nbf", &nbf)) == -1)
		return OIDC_ERR_CLAIMS;
	if (r == 1 && nbf > now + c->skew)
		return OIDC_ERR_NBF;
	if (login->max_age < 0)
		return OIDC_OK;
	if (claim_time(o, "auth_time", &auth) != 1 ||
	    auth + login->max_age + c->skew < login->started)
		return OIDC_ERR_AUTH_TIME;
	return OIDC_OK;
}

/*
 * Is the nonce already used by an accepted token?  Forgets expired
 * nonces on the way.  Returns 1 if seen.
 */
static int
nonce_seen(struct oidc_client *c, const unsigned char hash[32], time_t now)
{
	size_t i = 0;
	int    seen = 0;

	while (i < c->nseen) {
		if (c->seen[i].until < now) {
			c->seen[i] = c->seen[--c->nseen];
			continue;
		}
		seen |= crypto_equal(c->seen[i].hash, hash, 32);
		i++;
	}
	return seen;
}

/* Remember an accepted nonce until until; when full, forget the oldest. */
static void
nonce_remember(
    struct oidc_client *c, const unsigned char hash[32], time_t until)
{
	size_t i, old = 0;

	if (c->nseen == OIDC_SEEN_MAX) {
		for (i = 1; i < c->nseen; i++)
			if (c->seen[i].until < c->seen[old].until)
				old = i;
		log_warnx("oidc: %s: more than %d sign-ins within a token's "
			  "lifetime; forgetting the oldest nonce",
		    c->issuer, OIDC_SEEN_MAX);
		c->seen[old] = c->seen[--c->nseen];
	}
	memcpy(c->seen[c->nseen].hash, hash, 32);
	c->seen[c->nseen++].until = until;
}

/*
 * All claim checks of a token whose signature verified.  On OIDC_OK
 * fills id's claim pointers and expiry and remembers the nonce.
 */
static enum oidc_err
claims_check(struct oidc_client *c, struct json_object *o,
    const struct oidc_login *login, struct oidc_identity *id)
{
	unsigned char hash[CRYPTO_SHA256_LEN];
	const char   *iss, *nonce;
	time_t	      now = clock_now();
	size_t	      n;
	enum oidc_err e;

	if ((iss = oidc_json_string(o, "iss", 2048)) == NULL ||
	    strcmp(iss, c->issuer) != 0)
		return OIDC_ERR_ISSUER;
	if ((e = audience_check(c, o)) != OIDC_OK ||
	    (e = times_check(c, o, login, now, &id->expires)) != OIDC_OK)
		return e;
	n = strlen(login->nonce);
	if ((nonce = oidc_json_string(o, "nonce", OIDC_CLAIM_MAX)) == NULL ||
	    n == 0 || strlen(nonce) != n ||
	    !crypto_equal(nonce, login->nonce, n))
		return OIDC_ERR_NONCE;
	if ((id->subject = oidc_json_string(o, "sub", 255)) == NULL)
		return OIDC_ERR_CLAIMS;
	id->user = oidc_json_string(o, c->user_claim, OIDC_CLAIM_MAX);
	if (id->user == NULL)
		return OIDC_ERR_USER_CLAIM;
	crypto_sha256(nonce, n, hash);
	if (nonce_seen(c, hash, now))
		return OIDC_ERR_NONCE_REPLAY;
	nonce_remember(c, hash, id->expires + c->skew);
	return OIDC_OK;
}

/* See oidc.h. */
enum oidc_err
oidc_verify_id_token(struct oidc_client *c, const char *token, size_t len,
    const struct oidc_login *login, struct oidc_identity **out)
{
	struct oidc_identity *id;
	struct header	      h;
	enum oidc_err	      e;

	*out = NULL;
	if ((e = header_read(token, len, &h)) != OIDC_OK)
		return e;
	if ((id = calloc(1, sizeof(*id))) == NULL)
		fatal("calloc");
	pthread_mutex_lock(&c->lock);
	if ((e = signature_verify(c, token, len, &h, &id->claims)) == OIDC_OK)
		e = claims_check(c, id->claims, login, id);
	pthread_mutex_unlock(&c->lock);
	if (e != OIDC_OK) {
		log_info("oidc: %s: ID token refused: %s", c->issuer,
		    oidc_strerror(e));
		oidc_identity_free(id);
		return e;
	}
	if ((id->id_token = strndup(token, len)) == NULL)
		fatal("strndup");
	*out = id;
	return OIDC_OK;
}

const char *
oidc_identity_user(const struct oidc_identity *id)
{
	return id->user;
}

const char *
oidc_identity_subject(const struct oidc_identity *id)
{
	return id->subject;
}

const char *
oidc_identity_claim(const struct oidc_identity *id, const char *name)
{
	return oidc_json_string(id->claims, name, OIDC_CLAIM_MAX);
}

const char *
oidc_identity_id_token(const struct oidc_identity *id)
{
	return id->id_token;
}

time_t
oidc_identity_expires(const struct oidc_identity *id)
{
	return id->expires;
}

void
oidc_identity_free(struct oidc_identity *id)
{
	if (id == NULL)
		return;
	json_object_put(id->claims);
	if (id->id_token != NULL) {
		explicit_bzero(id->id_token, strlen(id->id_token));
		free(id->id_token);
	}
	free(id);
}
