/*
 * oidc.c - the sign-in flow: the client, the authorization URL, the
 * callback, the code exchange and the end-session URL.  See oidc.h; the
 * discovery document and keys are in oidc_meta.c, the ID token in
 * oidc_jwt.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <json-c/json.h>

#include "buf.h"
#include "clock.h"
#include "config.h"
#include "crypto.h"
#include "formparse.h"
#include "jwt.h"
#include "log.h"
#include "oidc.h"
#include "oidc_int.h"
#include "websign.h"

#define OIDC_CODE_MAX  4096 /* bytes of an authorization code */
#define OIDC_PARAM_MAX 512  /* bytes of a scope list, acr_values ... */

static const char *const oidc_errors[OIDC__MAX] = {
	[OIDC_OK] = "ok",
	[OIDC_ERR_CONFIG] = "OIDC client settings unusable",
	[OIDC_ERR_RANDOM] = "random generator failed",
	[OIDC_ERR_INSECURE_URL] = "provider URL is not https",
	[OIDC_ERR_FETCH] =
	    "provider could not be reached or answered with an error",
	[OIDC_ERR_RESPONSE] = "provider's answer too large or not JSON",
	[OIDC_ERR_DISCOVERY] = "provider's discovery document unusable",
	[OIDC_ERR_JWKS] = "provider's key set unusable",
	[OIDC_ERR_CALLBACK] = "sign-in callback malformed or without a code",
	[OIDC_ERR_STATE] = "sign-in callback state does not match",
	[OIDC_ERR_LOGIN_USED] = "sign-in already completed",
	[OIDC_ERR_DENIED] = "provider did not sign the user in",
	[OIDC_ERR_TOKEN_REFUSED] = "provider refused the authorization code",
	[OIDC_ERR_TOKEN_FORMAT] = "ID token is not a signed JWT we can read",
	[OIDC_ERR_ALG] = "ID token algorithm not allowed",
	[OIDC_ERR_UNKNOWN_KEY] = "ID token signed by an unknown key",
	[OIDC_ERR_SIGNATURE] = "ID token signature does not verify",
	[OIDC_ERR_ISSUER] = "ID token from another issuer",
	[OIDC_ERR_AUDIENCE] = "ID token for another client",
	[OIDC_ERR_AZP] = "ID token authorized another party",
	[OIDC_ERR_EXPIRED] = "ID token expired",
	[OIDC_ERR_IAT] = "ID token issued in the future",
	[OIDC_ERR_NBF] = "ID token not valid yet",
	[OIDC_ERR_NONCE] = "ID token nonce does not match",
	[OIDC_ERR_NONCE_REPLAY] = "ID token nonce already used",
	[OIDC_ERR_AUTH_TIME] = "authentication older than allowed",
	[OIDC_ERR_CLAIMS] = "ID token lacks sub, exp or iat",
	[OIDC_ERR_USER_CLAIM] = "ID token lacks the configured user claim",
	[OIDC_ERR_NO_END_SESSION] = "provider has no end-session endpoint",
};

const char *
oidc_strerror(enum oidc_err e)
{
	if ((unsigned)e >= OIDC__MAX)
		return "unknown OIDC error";
	return oidc_errors[e];
}

struct oidc_client *
oidc_client_new(const struct config_oidc *conf, const char *redirect_uri,
    char *err, size_t errlen)
{
	struct oidc_client *c;

	if (conf == NULL || !conf->present) {
		snprintf(err, errlen, "no [oidc.*] section");
		return NULL;
	}
	if (conf->redirect_uri != NULL)
		redirect_uri = conf->redirect_uri;
	if (redirect_uri == NULL || !oidc_url_web(redirect_uri)) {
		snprintf(err, errlen,
		    "[oidc.%s] redirect_uri: missing or not "
		    "an http(s) URL",
		    conf->name);
		return NULL;
	}
	if (!oidc_url_secure(conf->issuer)) {
		snprintf(err, errlen, "[oidc.%s] issuer: https required",
		    conf->name);
		return NULL;
	}
	if ((c = calloc(1, sizeof(*c))) == NULL)
		fatal("calloc");
	pthread_mutex_init(&c->lock, NULL);
	if (config_read_secret(conf->client_secret_file, NULL, &c->secret, err,
		errlen) == -1) {
		oidc_client_free(c);
		return NULL;
	}
	c->issuer = buf_strdup(conf->issuer);
	c->client_id = buf_strdup(conf->client_id);
	c->redirect_uri = buf_strdup(redirect_uri);
	c->post_logout_redirect_uri =
	    buf_strdup(conf->post_logout_redirect_uri);
	c->scopes = buf_strdup(conf->scopes);
	c->user_claim = buf_strdup(conf->user_claim);
	c->ca_file = buf_strdup(conf->ca_file);
	c->secret_post = !strcmp(conf->token_auth, "client_secret_post");
	c->skew = conf->clock_skew;
	return c;
}

void
oidc_client_free(struct oidc_client *c)
{
	if (c == NULL)
		return;
	oidc_meta_free(c);
	buf_free(&c->secret);
	free(c->issuer);
	free(c->client_id);
	free(c->redirect_uri);
	free(c->post_logout_redirect_uri);
	free(c->scopes);
	free(c->user_claim);
	free(c->ca_file);
	explicit_bzero(c->seen, sizeof(c->seen));
	pthread_mutex_destroy(&c->lock);
	free(c);
}

void
oidc_login_clear(struct oidc_login *login)
{
	explicit_bzero(login, sizeof(*login));
	login->max_age = -1;
}

/*
 * Write 32 random bytes as base64url into out.  Returns 0, or -1 when the
 * generator fails.
 */
static int
random_b64(char out[OIDC_RANDOM_LEN])
{
	unsigned char r[32];
	struct buf    b = { 0 };
	int	      rv = -1;

	if (crypto_random_bytes(r, sizeof(r)) == 0) {
		crypto_base64url_encode(r, sizeof(r), &b);
		if (b.len == OIDC_RANDOM_LEN - 1) {
			memcpy(out, b.data, b.len + 1);
			rv = 0;
		}
	}
	explicit_bzero(r, sizeof(r));
	buf_free(&b);
	return rv;
}

/* Append "&name=value" (value percent-encoded; "?" first) to url. */
static void
url_add_param(struct buf *url, int *first, const char *name, const char *value)
{
	buf_putc(url, *first ? '?' : '&');
	*first = 0;
	buf_puts(url, name);
	buf_putc(url, '=');
	websign_urlencode(value, url);
}

/* 1 if the space-separated list has the word w (n bytes). */
static int
has_word(const char *list, const char *w, size_t n)
{
	size_t m;

	while (*list != '\0') {
		list += strspn(list, " ");
		m = strcspn(list, " ");
		if (m == n && memcmp(list, w, n) == 0)
			return 1;
		list += m;
	}
	return 0;
}

/* Append to out the words of list (space-separated; NULL: none) it lacks. */
static void
scope_add(struct buf *out, const char *list)
{
	size_t n;

	while (list != NULL && *list != '\0') {
		list += strspn(list, " ");
		n = strcspn(list, " ");
		if (n > 0 && !has_word(buf_str(out), list, n)) {
			if (out->len > 0)
				buf_putc(out, ' ');
			buf_append(out, list, n);
		}
		list += n;
	}
}

/* 1 if s is NULL or printable ASCII of at most OIDC_PARAM_MAX bytes. */
static int
param_ok(const char *s)
{
	size_t i;

	if (s == NULL)
		return 1;
	for (i = 0; s[i] != '\0'; i++)
		if (i >= OIDC_PARAM_MAX || s[i] < 0x20 || s[i] > 0x7e)
			return 0;
	return 1;
}

/*
 * Append the authorization URL for login (fresh values) and opt to url.
 * endpoint is the provider's authorization endpoint.
 */
static void
login_url(const struct oidc_client *c, const char *endpoint,
    const struct oidc_login_options *opt, const struct oidc_login *login,
    struct buf *url)
{
	unsigned char h[CRYPTO_SHA256_LEN];
	struct buf    v = { 0 };
	char	      age[16];
	int	      first = strchr(endpoint, '?') == NULL;

	buf_puts(url, endpoint);
	url_add_param(url, &first, "response_type", "code");
	url_add_param(url, &first, "client_id", c->client_id);
	url_add_param(url, &first, "redirect_uri", c->redirect_uri);
	scope_add(&v, "openid");
	scope_add(&v, c->scopes);
	scope_add(&v, opt->extra_scopes);
	url_add_param(url, &first, "scope", buf_str(&v));
	url_add_param(url, &first, "state", login->state);
	url_add_param(url, &first, "nonce", login->nonce);
	crypto_sha256(login->verifier, strlen(login->verifier), h);
	buf_reset(&v);
	crypto_base64url_encode(h, sizeof(h), &v);
	url_add_param(url, &first, "code_challenge", buf_str(&v));
	url_add_param(url, &first, "code_challenge_method", "S256");
	if (opt->fresh)
		url_add_param(url, &first, "prompt", "login");
	if (login->max_age >= 0) {
		snprintf(age, sizeof(age), "%d", login->max_age);
		url_add_param(url, &first, "max_age", age);
	}
	if (opt->acr_values != NULL)
		url_add_param(url, &first, "acr_values", opt->acr_values);
	if (opt->ui_locales != NULL)
		url_add_param(url, &first, "ui_locales", opt->ui_locales);
	if (opt->login_hint != NULL)
		url_add_param(url, &first, "login_hint", opt->login_hint);
	buf_free(&v);
}

/*
 * Copy the provider's authorization (token 0) or token endpoint into
 * out, fetching the discovery document if needed.  Returns OIDC_OK or
 * why there is none.
 */
static enum oidc_err
endpoint_copy(struct oidc_client *c, int token, struct buf *out)
{
	enum oidc_err e;

	pthread_mutex_lock(&c->lock);
	if ((e = oidc_meta_ready(c)) == OIDC_OK)
		buf_puts(
		    out, token ? c->token_endpoint : c->authorization_endpoint);
	pthread_mutex_unlock(&c->lock);
	return e;
}

enum oidc_err
oidc_login_start(struct oidc_client *c, const struct oidc_login_options *opt,
    struct oidc_login *login, struct buf *url)
{
	static const struct oidc_login_options none = { 0 };
	struct buf			       endpoint = { 0 };
	enum oidc_err			       e;

	oidc_login_clear(login);
	if (opt == NULL)
		opt = &none;
	if (!param_ok(opt->extra_scopes) || !param_ok(opt->acr_values) ||
	    !param_ok(opt->ui_locales) || !param_ok(opt->login_hint) ||
	    opt->max_age < 0)
		return OIDC_ERR_CONFIG;
	if ((e = endpoint_copy(c, 0, &endpoint)) != OIDC_OK)
		return e;
	if (random_b64(login->state) == -1 || random_b64(login->nonce) == -1 ||
	    random_b64(login->verifier) == -1) {
		oidc_login_clear(login);
		buf_free(&endpoint);
		return OIDC_ERR_RANDOM;
	}
	login->started = clock_now();
	login->max_age = opt->fresh ? 0 : opt->max_age > 0 ? opt->max_age : -1;
	login_url(c, buf_str(&endpoint), opt, login, url);
	buf_free(&endpoint);
	return OIDC_OK;
}

/*
 * Log the error code of a provider's error answer, if it looks like one
 * (an OAuth error code is a short word; anything else is not logged).
 */
static void
log_provider_error(
    const struct oidc_client *c, const char *where, const char *code)
{
	if (code != NULL && code[0] != '\0' && strlen(code) <= 64 &&
	    strspn(code, "abcdefghijklmnopqrstuvwxyz_") == strlen(code))
		log_info("oidc: %s: %s: error=%s", c->issuer, where, code);
	else
		log_info("oidc: %s: %s: error", c->issuer, where);
}

/*
 * oidc_callback_parse(), and *ours set to 1 once the state is login's:
 * only then is the callback this sign-in's answer.
 */
static enum oidc_err
callback_read(const struct oidc_client *c, const struct oidc_login *login,
    const char *query, size_t len, struct buf *code, int *ours)
{
	struct form   f;
	const char   *state, *iss, *error, *v;
	size_t	      n = strlen(login->state);
	enum oidc_err e = OIDC_ERR_STATE;

	*ours = 0;
	if (form_parse(query, len, &f) != FORM_OK)
		return OIDC_ERR_CALLBACK;
	state = form_get(&f, "state");
	if (state == NULL || n == 0 || strlen(state) != n ||
	    !crypto_equal(state, login->state, n))
		goto out;
	*ours = 1;
	e = OIDC_ERR_ISSUER;
	if ((iss = form_get(&f, "iss")) != NULL && strcmp(iss, c->issuer) != 0)
		goto out;
	e = OIDC_ERR_DENIED;
	if ((error = form_get(&f, "error")) != NULL) {
		log_provider_error(c, "sign-in", error);
		goto out;
	}
	e = OIDC_ERR_CALLBACK;
	if ((v = form_get(&f, "code")) == NULL || v[0] == '\0' ||
	    strlen(v) > OIDC_CODE_MAX)
		goto out;
	buf_puts(code, v);
	e = OIDC_OK;
out:
	form_free(&f);
	return e;
}

enum oidc_err
oidc_callback_parse(const struct oidc_client *c, const struct oidc_login *login,
    const char *query, size_t len, struct buf *code)
{
	int ours;

	return callback_read(c, login, query, len, code, &ours);
}

/*
 * The token request for code: the form body, and the Authorization
 * header's value for client_secret_basic (RFC 6749 2.3.1: both parts
 * form-encoded) or the credentials in the body for client_secret_post.
 */
static void
token_request(const struct oidc_client *c, const char *code,
    const struct oidc_login *login, struct buf *body, struct buf *auth)
{
	struct buf cred = { 0 };

	buf_puts(body, "grant_type=authorization_code&code=");
	websign_urlencode(code, body);
	buf_puts(body, "&redirect_uri=");
	websign_urlencode(c->redirect_uri, body);
	buf_puts(body, "&code_verifier=");
	websign_urlencode(login->verifier, body);
	if (c->secret_post) {
		buf_puts(body, "&client_id=");
		websign_urlencode(c->client_id, body);
		buf_puts(body, "&client_secret=");
		websign_urlencode(buf_str(&c->secret), body);
		return;
	}
	websign_urlencode(c->client_id, &cred);
	buf_putc(&cred, ':');
	websign_urlencode(buf_str(&c->secret), &cred);
	buf_puts(auth, "Basic ");
	crypto_base64_encode((const unsigned char *)cred.data, cred.len, auth);
	buf_free(&cred);
}

/* See oidc_int.h. */
enum oidc_err
oidc_token_response(const struct oidc_client *c, const char *endpoint,
    long status, const char *resp, size_t len, struct buf *idtok)
{
	struct json_object *o;
	const char	   *v;
	enum oidc_err	    e = OIDC_OK;

	o = jwt_json_object(resp, len, OIDC_TOKEN_RESPONSE_CAP);
	if (status == 400 || status == 401) {
		log_provider_error(c, "token endpoint",
		    o ? oidc_json_string(o, "error", 64) : NULL);
		e = OIDC_ERR_TOKEN_REFUSED;
	} else if (status != 200) {
		log_warnx("oidc: %s: HTTP status %ld", endpoint, status);
		e = OIDC_ERR_FETCH;
	} else if (o == NULL ||
	    ((v = oidc_json_string(o, "token_type", 32)) != NULL &&
		strcasecmp(v, "Bearer") != 0)) {
		e = OIDC_ERR_RESPONSE;
	} else if ((v = oidc_json_string(o, "id_token", OIDC_TOKEN_MAX)) ==
	    NULL) {
		log_warnx(
		    "oidc: %s: token response without id_token", endpoint);
		e = OIDC_ERR_RESPONSE;
	} else
		buf_puts(idtok, v);
	json_object_put(o);
	return e;
}

/*
 * Exchange code at the token endpoint; the ID token goes into idtok.
 * Returns OIDC_OK or the error.
 */
static enum oidc_err
code_exchange(struct oidc_client *c, const char *code,
    const struct oidc_login *login, struct buf *idtok)
{
	struct buf    body = { 0 }, auth = { 0 }, resp = { 0 };
	struct buf    endpoint = { 0 };
	long	      status;
	enum oidc_err e;

	if ((e = endpoint_copy(c, 1, &endpoint)) != OIDC_OK)
		return e;
	token_request(c, code, login, &body, &auth);
	e = oidc_http(c, buf_str(&endpoint), &body,
	    auth.len ? buf_str(&auth) : NULL, OIDC_TOKEN_RESPONSE_CAP, &status,
	    &resp);
	if (e == OIDC_OK)
		e = oidc_token_response(
		    c, buf_str(&endpoint), status, resp.data, resp.len, idtok);
	buf_free(&body);
	buf_free(&auth);
	buf_free(&resp);
	buf_free(&endpoint);
	return e;
}

enum oidc_err
oidc_callback(struct oidc_client *c, struct oidc_login *login,
    const char *query, struct oidc_identity **out)
{
	struct buf    code = { 0 }, idtok = { 0 };
	enum oidc_err e;
	int	      ours;

	*out = NULL;
	if (login->used)
		return OIDC_ERR_LOGIN_USED;
	/*
	 * A callback with another state is not this sign-in's answer (a
	 * forged link, say): it does not use the sign-in up.
	 */
	e = callback_read(c, login, query, strlen(query), &code, &ours);
	login->used = ours;
	if (e == OIDC_OK &&
	    (e = code_exchange(c, buf_str(&code), login, &idtok)) == OIDC_OK)
		e = oidc_verify_id_token(c, idtok.data, idtok.len, login, out);
	buf_free(&code);
	buf_free(&idtok);
	return e;
}

enum oidc_err
oidc_logout_url(struct oidc_client *c, const char *id_token, const char *state,
    struct buf *url)
{
	enum oidc_err e;
	int	      first;

	pthread_mutex_lock(&c->lock);
	if ((e = oidc_meta_ready(c)) == OIDC_OK &&
	    c->end_session_endpoint == NULL)
		e = OIDC_ERR_NO_END_SESSION;
	if (e == OIDC_OK) {
		buf_puts(url, c->end_session_endpoint);
		first = strchr(c->end_session_endpoint, '?') == NULL;
		url_add_param(url, &first, "client_id", c->client_id);
		if (id_token != NULL)
			url_add_param(url, &first, "id_token_hint", id_token);
		if (c->post_logout_redirect_uri != NULL)
			url_add_param(url, &first, "post_logout_redirect_uri",
			    c->post_logout_redirect_uri);
		if (state != NULL)
			url_add_param(url, &first, "state", state);
	}
	pthread_mutex_unlock(&c->lock);
	return e;
}
