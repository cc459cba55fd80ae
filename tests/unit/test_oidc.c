/*
 * test_oidc.c - unit tests for the OIDC client's flow (shared/oidc.c,
 * shared/oidc_meta.c) against a small provider of our own on loopback
 * (libmicrohttpd, port 0): the authorization URL, the callback and its
 * refusals, the token request (client_secret_basic and _post), the
 * discovery document and key set (https rule, size caps, caching, the
 * rate-limited refetch for unknown keys), the end-session URL, and that
 * nothing secret reaches the log.  The whole flow against the real npm
 * oidc-provider is tests/integration/it_oidc.c.
 */
#include <sys/socket.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <fcntl.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <microhttpd.h>

#include "../oidc/testkeys.h"
#include "buf.h"
#include "clock.h"
#include "config.h"
#include "crypto.h"
#include "formparse.h"
#include "log.h"
#include "oidc.h"

#define NOW    1800000000LL
#define SECRET "s3cret-0123456789"

/* The provider: what it serves and what it was sent. */
static struct idp {
	struct MHD_Daemon *d;
	pthread_mutex_t	   lock;
	int		   port;
	char		   issuer[64];
	struct buf	   discovery;
	int		   discovery_status;
	struct buf	   jwks;
	int		   jwks_chunked; /* no Content-Length */
	struct buf	   token_reply;	 /* JSON */
	int		   token_status;
	int		   discovery_hits, jwks_hits, token_hits;
	struct buf	   token_auth; /* Authorization header */
	struct buf	   token_body;
} idp;

static struct test_key rsa, rsa2, rogue;
static char	       dir[64], secret[128];

/* Per-request state: the body of a POST as it arrives. */
struct req {
	struct buf body;
};

/* MHD content reader: the key set in pieces of at most max bytes. */
static ssize_t
jwks_piece(void *cls, uint64_t pos, char *out, size_t max)
{
	size_t n;

	(void)cls;
	if (pos >= idp.jwks.len)
		return MHD_CONTENT_READER_END_OF_STREAM;
	n = idp.jwks.len - (size_t)pos;
	if (n > max)
		n = max;
	memcpy(out, idp.jwks.data + pos, n);
	return (ssize_t)n;
}

/* Send the key set chunked, its length unknown to the client. */
static enum MHD_Result
reply_chunked(struct MHD_Connection *conn)
{
	struct MHD_Response *r;
	enum MHD_Result	     rv;

	r = MHD_create_response_from_callback(
	    MHD_SIZE_UNKNOWN, 4096, jwks_piece, NULL, NULL);
	rv = MHD_queue_response(conn, 200, r);
	MHD_destroy_response(r);
	return rv;
}

/* Send text with status. */
static enum MHD_Result
reply(struct MHD_Connection *conn, int status, const char *text, size_t len)
{
	struct MHD_Response *r;
	enum MHD_Result	     rv;

	r = MHD_create_response_from_buffer(
	    len, (void *)text, MHD_RESPMEM_MUST_COPY);
	MHD_add_response_header(r, "Content-Type", "application/json");
	rv = MHD_queue_response(conn, (unsigned)status, r);
	MHD_destroy_response(r);
	return rv;
}

/* The provider's routes. */
static enum MHD_Result
idp_handler(void *cls, struct MHD_Connection *conn, const char *url,
    const char *method, const char *version, const char *data, size_t *size,
    void **ctx)
{
	struct req     *rq = *ctx;
	const char     *auth;
	enum MHD_Result rv;

	(void)cls;
	(void)version;
	if (rq == NULL) {
		*ctx = calloc(1, sizeof(struct req));
		return MHD_YES;
	}
	if (*size > 0) {
		buf_append(&rq->body, data, *size);
		*size = 0;
		return MHD_YES;
	}
	pthread_mutex_lock(&idp.lock);
	if (!strcmp(url, "/.well-known/openid-configuration")) {
		idp.discovery_hits++;
		rv = reply(conn, idp.discovery_status, idp.discovery.data,
		    idp.discovery.len);
	} else if (!strcmp(url, "/jwks")) {
		idp.jwks_hits++;
		rv = idp.jwks_chunked
		    ? reply_chunked(conn)
		    : reply(conn, 200, idp.jwks.data, idp.jwks.len);
	} else if (!strcmp(url, "/token") && !strcmp(method, "POST")) {
		idp.token_hits++;
		buf_reset(&idp.token_auth);
		auth = MHD_lookup_connection_value(
		    conn, MHD_HEADER_KIND, "Authorization");
		buf_puts(&idp.token_auth, auth ? auth : "");
		buf_reset(&idp.token_body);
		buf_append(&idp.token_body, rq->body.data, rq->body.len);
		rv = reply(conn, idp.token_status, idp.token_reply.data,
		    idp.token_reply.len);
	} else
		rv = reply(conn, 404, "{}", 2);
	pthread_mutex_unlock(&idp.lock);
	return rv;
}

/* Free a request's state. */
static void
idp_done(void *cls, struct MHD_Connection *conn, void **ctx,
    enum MHD_RequestTerminationCode why)
{
	struct req *rq = *ctx;

	(void)cls;
	(void)conn;
	(void)why;
	if (rq != NULL) {
		buf_free(&rq->body);
		free(rq);
	}
}

/* Serve keys (public JWKs of the NULL-terminated list). */
static void
idp_keys(struct test_key *const *keys)
{
	pthread_mutex_lock(&idp.lock);
	buf_reset(&idp.jwks);
	buf_puts(&idp.jwks, "{\"keys\":[");
	for (; *keys != NULL; keys++) {
		tk_jwk(*keys, NULL, &idp.jwks);
		if (keys[1] != NULL)
			buf_putc(&idp.jwks, ',');
	}
	buf_puts(&idp.jwks, "]}");
	pthread_mutex_unlock(&idp.lock);
}

/* Serve json as the discovery document (NULL: a good one). */
static void
idp_discovery(const char *json)
{
	pthread_mutex_lock(&idp.lock);
	buf_reset(&idp.discovery);
	if (json != NULL)
		buf_puts(&idp.discovery, json);
	else
		buf_printf(&idp.discovery,
		    "{\"issuer\":\"%s\","
		    "\"authorization_endpoint\":\"%s/auth?tenant=x\","
		    "\"token_endpoint\":\"%s/token\",\"jwks_uri\":\"%s/jwks\","
		    "\"end_session_endpoint\":\"%s/logout\"}",
		    idp.issuer, idp.issuer, idp.issuer, idp.issuer, idp.issuer);
	idp.discovery_status = 200;
	pthread_mutex_unlock(&idp.lock);
}

/* Forget what the provider was sent; serve the usual. */
static void
idp_reset(void)
{
	static struct test_key *const keys[] = { &rsa, NULL };

	idp_discovery(NULL);
	idp_keys(keys);
	pthread_mutex_lock(&idp.lock);
	idp.discovery_hits = idp.jwks_hits = idp.token_hits = 0;
	idp.token_status = 200;
	idp.jwks_chunked = 0;
	buf_reset(&idp.token_reply);
	pthread_mutex_unlock(&idp.lock);
}

/* A client of the provider, with the given token endpoint auth method. */
static struct oidc_client *
client(const char *token_auth)
{
	struct config_oidc conf = {
		.present = 1,
		.name = "staff",
		.issuer = idp.issuer,
		.client_id = "console",
		.client_secret_file = secret,
		.token_auth = (char *)token_auth,
		.scopes = "openid profile",
		.user_claim = "preferred_username",
		.clock_skew = 60,
		.post_logout_redirect_uri = "https://console.kommune.test/bye",
	};
	struct oidc_client *c;
	char		    err[256];

	c = oidc_client_new(
	    &conf, "https://console.kommune.test/cb", err, sizeof(err));
	if (c == NULL)
		fail_msg("oidc_client_new: %s", err);
	return c;
}

/* Have the token endpoint answer with an ID token for login, by k. */
static void
idp_token_for(const struct oidc_login *login, const struct test_key *k)
{
	struct buf p = { 0 }, t = { 0 };

	buf_printf(&p,
	    "{\"iss\":\"%s\",\"aud\":\"console\",\"sub\":\"s-1\","
	    "\"preferred_username\":\"mette\",\"nonce\":\"%s\",\"iat\":%lld,"
	    "\"exp\":%lld}",
	    idp.issuer, login->nonce, (long long)clock_now(),
	    (long long)clock_now() + 300);
	tk_token(k, "RS256", NULL, p.data, NULL, &t);
	pthread_mutex_lock(&idp.lock);
	buf_reset(&idp.token_reply);
	buf_printf(&idp.token_reply,
	    "{\"access_token\":\"at-1\","
	    "\"token_type\":\"Bearer\",\"expires_in\":300,\"id_token\":\"%s\"}",
	    t.data);
	pthread_mutex_unlock(&idp.lock);
	buf_free(&p);
	buf_free(&t);
}

/* The callback query with login's state and the code. */
static void
callback_query(const struct oidc_login *login, const char *code, struct buf *q)
{
	buf_reset(q);
	buf_printf(q, "code=%s&state=%s&iss=", code, login->state);
	for (const char *p = idp.issuer; *p; p++)
		if (*p == ':' || *p == '/')
			buf_printf(q, "%%%02X", *p);
		else
			buf_putc(q, *p);
}

/* The authorization URL: every parameter, and fresh values each time. */
static void
test_login_url(void **state)
{
	struct oidc_client	 *c = client("client_secret_basic");
	struct oidc_login_options opt = {
		.fresh = 1,
		.extra_scopes = "mitid profile",
		.acr_values = "substantial",
		.ui_locales = "da en",
	};
	struct oidc_login login, again;
	struct buf	  url = { 0 }, ch = { 0 };
	struct form	  f;
	unsigned char	  h[CRYPTO_SHA256_LEN];
	char		  want[128];

	(void)state;
	idp_reset();
	assert_int_equal(oidc_login_start(c, &opt, &login, &url), OIDC_OK);
	snprintf(want, sizeof(want), "%s/auth?tenant=x&", idp.issuer);
	assert_memory_equal(url.data, want, strlen(want));
	assert_int_equal(form_parse(url.data + strlen(want) - 9,
			     url.len - strlen(want) + 9, &f),
	    FORM_OK);
	assert_string_equal(form_get(&f, "tenant"), "x");
	assert_string_equal(form_get(&f, "response_type"), "code");
	assert_string_equal(form_get(&f, "client_id"), "console");
	assert_string_equal(
	    form_get(&f, "redirect_uri"), "https://console.kommune.test/cb");
	assert_string_equal(form_get(&f, "scope"), "openid profile mitid");
	assert_string_equal(form_get(&f, "state"), login.state);
	assert_string_equal(form_get(&f, "nonce"), login.nonce);
	assert_string_equal(form_get(&f, "code_challenge_method"), "S256");
	crypto_sha256(login.verifier, strlen(login.verifier), h);
	crypto_base64url_encode(h, sizeof(h), &ch);
	assert_string_equal(form_get(&f, "code_challenge"), ch.data);
	assert_string_equal(form_get(&f, "prompt"), "login");
	assert_string_equal(form_get(&f, "max_age"), "0");
	assert_string_equal(form_get(&f, "acr_values"), "substantial");
	assert_string_equal(form_get(&f, "ui_locales"), "da en");
	assert_null(form_get(&f, "login_hint"));
	assert_int_equal(strlen(login.state), 43);
	assert_int_equal(strlen(login.verifier), 43);
	assert_int_equal(login.max_age, 0);
	assert_int_equal(login.started, NOW);
	form_free(&f);

	/* Without options: no prompt, no max_age; new random values. */
	buf_reset(&url);
	assert_int_equal(oidc_login_start(c, NULL, &again, &url), OIDC_OK);
	assert_null(strstr(url.data, "prompt="));
	assert_null(strstr(url.data, "max_age="));
	assert_int_equal(again.max_age, -1);
	assert_string_not_equal(again.state, login.state);
	assert_string_not_equal(again.nonce, login.nonce);
	assert_string_not_equal(again.verifier, login.verifier);
	assert_string_not_equal(again.state, again.nonce);
	/* The discovery document was fetched once, and no keys yet. */
	assert_int_equal(idp.discovery_hits, 1);
	assert_int_equal(idp.jwks_hits, 0);
	buf_free(&url);
	buf_free(&ch);
	oidc_client_free(c);
}

/*
 * A whole callback with client_secret_basic, then _post: the token
 * request carries the code, the verifier and the credentials; a sign-in
 * record serves once.
 */
static void
test_callback(void **state)
{
	static const char *const methods[] = { "client_secret_basic",
		"client_secret_post" };
	struct oidc_client	*c;
	struct oidc_identity	*id;
	struct oidc_login	 login;
	struct buf		 url = { 0 }, q = { 0 }, want = { 0 };
	struct form		 f;
	size_t			 i;

	(void)state;
	for (i = 0; i < 2; i++) {
		idp_reset();
		c = client(methods[i]);
		assert_int_equal(
		    oidc_login_start(c, NULL, &login, &url), OIDC_OK);
		idp_token_for(&login, &rsa);
		callback_query(&login, "code-abc", &q);
		assert_int_equal(
		    oidc_callback(c, &login, q.data, &id), OIDC_OK);
		assert_string_equal(oidc_identity_user(id), "mette");
		oidc_identity_free(id);
		assert_int_equal(
		    form_parse(idp.token_body.data, idp.token_body.len, &f),
		    FORM_OK);
		assert_string_equal(
		    form_get(&f, "grant_type"), "authorization_code");
		assert_string_equal(form_get(&f, "code"), "code-abc");
		assert_string_equal(
		    form_get(&f, "code_verifier"), login.verifier);
		assert_string_equal(form_get(&f, "redirect_uri"),
		    "https://console.kommune.test/cb");
		buf_reset(&want);
		if (i == 0) {
			buf_puts(&want, "Basic ");
			crypto_base64_encode(
			    (const unsigned char *)"console:" SECRET,
			    strlen("console:" SECRET), &want);
			assert_string_equal(idp.token_auth.data, want.data);
			assert_null(form_get(&f, "client_secret"));
		} else {
			assert_string_equal(idp.token_auth.data, "");
			assert_string_equal(
			    form_get(&f, "client_id"), "console");
			assert_string_equal(
			    form_get(&f, "client_secret"), SECRET);
		}
		form_free(&f);
		/* The same sign-in cannot be completed twice. */
		assert_true(login.used);
		assert_int_equal(
		    oidc_callback(c, &login, q.data, &id), OIDC_ERR_LOGIN_USED);
		assert_null(id);
		assert_int_equal(idp.token_hits, 1);
		buf_reset(&url);
		oidc_client_free(c);
	}
	buf_free(&url);
	buf_free(&q);
	buf_free(&want);
}

/*
 * Start a sign-in, answer its callback with query (where "{state}"
 * stands for the sign-in's state); expect want.
 */
static void
expect_callback(struct oidc_client *c, const char *query, enum oidc_err want)
{
	struct oidc_identity *id;
	struct oidc_login     login;
	struct buf	      url = { 0 }, q = { 0 };
	const char	     *at;
	enum oidc_err	      e;

	assert_int_equal(oidc_login_start(c, NULL, &login, &url), OIDC_OK);
	idp_token_for(&login, &rsa);
	if ((at = strstr(query, "{state}")) != NULL) {
		buf_append(&q, query, (size_t)(at - query));
		buf_puts(&q, login.state);
		buf_puts(&q, at + 7);
	} else if ((at = strstr(query, "{other}")) != NULL) {
		/* The state with its last character changed. */
		buf_append(&q, query, (size_t)(at - query));
		buf_puts(&q, login.state);
		q.data[q.len - 1] = q.data[q.len - 1] == 'A' ? 'B' : 'A';
		buf_puts(&q, at + 7);
	} else
		buf_puts(&q, query);
	if ((e = oidc_callback(c, &login, q.data, &id)) != want)
		fail_msg("callback %s: got \"%s\", want \"%s\"", q.data,
		    oidc_strerror(e), oidc_strerror(want));
	assert_null(id);
	buf_free(&url);
	buf_free(&q);
}

/* Callbacks that are not ours, and token endpoints that say no. */
static void
test_callback_refused(void **state)
{
	struct oidc_client *c = client("client_secret_basic");

	(void)state;
	idp_reset();
	/* Wrong or missing state: the code is never exchanged. */
	expect_callback(c, "code=x&state={other}", OIDC_ERR_STATE);
	expect_callback(
	    c, "state={other}&code=x&state={state}", OIDC_ERR_STATE);
	expect_callback(c, "code=x&state={state}A", OIDC_ERR_STATE);
	expect_callback(c, "code=x", OIDC_ERR_STATE);
	expect_callback(c, "code=x&state=", OIDC_ERR_STATE);
	expect_callback(c, "code=x&state=QUJD", OIDC_ERR_STATE);
	{
		/* A forged callback does not spoil the sign-in under way. */
		struct oidc_identity *id;
		struct oidc_login     login;
		struct buf	      url = { 0 }, q = { 0 };

		assert_int_equal(
		    oidc_login_start(c, NULL, &login, &url), OIDC_OK);
		assert_int_equal(
		    oidc_callback(c, &login, "code=x&state=QUJD", &id),
		    OIDC_ERR_STATE);
		assert_false(login.used);
		idp_token_for(&login, &rsa);
		callback_query(&login, "code-1", &q);
		assert_int_equal(
		    oidc_callback(c, &login, q.data, &id), OIDC_OK);
		oidc_identity_free(id);
		buf_free(&url);
		buf_free(&q);
	}
	expect_callback(c, "error=access_denied&state=QUJD", OIDC_ERR_STATE);
	assert_int_equal(idp.token_hits, 1);
	expect_callback(
	    c, "error=access_denied&state={state}", OIDC_ERR_DENIED);
	expect_callback(c, "state={state}&code=x&iss=https%3A%2F%2Fevil.test",
	    OIDC_ERR_ISSUER);
	expect_callback(c, "state={state}", OIDC_ERR_CALLBACK);
	expect_callback(c, "state={state}&code=", OIDC_ERR_CALLBACK);
	expect_callback(c, "state={state}&code=%zz", OIDC_ERR_CALLBACK);
	assert_int_equal(idp.token_hits, 1);
	/* The token endpoint refuses the code, fails, or sends no token. */
	pthread_mutex_lock(&idp.lock);
	idp.token_status = 400;
	pthread_mutex_unlock(&idp.lock);
	expect_callback(c, "state={state}&code=x", OIDC_ERR_TOKEN_REFUSED);
	pthread_mutex_lock(&idp.lock);
	idp.token_status = 500;
	pthread_mutex_unlock(&idp.lock);
	expect_callback(c, "state={state}&code=x", OIDC_ERR_FETCH);
	assert_int_equal(idp.token_hits, 3);
	oidc_client_free(c);
}

/*
 * A rotated key is fetched when a token names it; made-up key ids cause
 * at most one fetch a minute.
 */
static void
test_key_rotation(void **state)
{
	static struct test_key *const rotated[] = { &rsa2, NULL };
	struct oidc_client	     *c = client("client_secret_basic");
	struct oidc_identity	     *id;
	struct oidc_login	      login;
	struct buf		      url = { 0 }, q = { 0 };
	int			      i;

	(void)state;
	idp_reset();
	assert_int_equal(oidc_login_start(c, NULL, &login, &url), OIDC_OK);
	idp_token_for(&login, &rsa);
	callback_query(&login, "c1", &q);
	assert_int_equal(oidc_callback(c, &login, q.data, &id), OIDC_OK);
	oidc_identity_free(id);
	assert_int_equal(idp.jwks_hits, 1);

	idp_keys(rotated);
	assert_int_equal(oidc_login_start(c, NULL, &login, &url), OIDC_OK);
	idp_token_for(&login, &rsa2);
	callback_query(&login, "c2", &q);
	assert_int_equal(oidc_callback(c, &login, q.data, &id), OIDC_OK);
	oidc_identity_free(id);
	assert_int_equal(idp.jwks_hits, 2);

	/* A flood of tokens with an unknown kid: no fetch within a minute. */
	for (i = 0; i < 20; i++) {
		assert_int_equal(
		    oidc_login_start(c, NULL, &login, &url), OIDC_OK);
		idp_token_for(&login, &rogue);
		callback_query(&login, "c3", &q);
		assert_int_equal(oidc_callback(c, &login, q.data, &id),
		    OIDC_ERR_UNKNOWN_KEY);
	}
	assert_int_equal(idp.jwks_hits, 2);
	clock_set((time_t)NOW + 61);
	assert_int_equal(oidc_login_start(c, NULL, &login, &url), OIDC_OK);
	idp_token_for(&login, &rogue);
	callback_query(&login, "c4", &q);
	assert_int_equal(
	    oidc_callback(c, &login, q.data, &id), OIDC_ERR_UNKNOWN_KEY);
	assert_int_equal(idp.jwks_hits, 3);
	clock_set((time_t)NOW);
	buf_free(&url);
	buf_free(&q);
	oidc_client_free(c);
}

/* Start a sign-in with a new client; expect want. */
static void
expect_start(enum oidc_err want)
{
	struct oidc_client *c = client("client_secret_basic");
	struct oidc_login   login;
	struct buf	    url = { 0 };
	enum oidc_err	    e;

	if ((e = oidc_login_start(c, NULL, &login, &url)) != want)
		fail_msg("got \"%s\", want \"%s\"", oidc_strerror(e),
		    oidc_strerror(want));
	assert_int_equal(url.len, 0);
	assert_string_equal(login.state, "");
	oidc_client_free(c);
}

/* Discovery documents and key sets we do not take. */
static void
test_metadata_refused(void **state)
{
	struct oidc_client   *c;
	struct oidc_identity *id;
	struct oidc_login     login;
	struct buf	      doc = { 0 }, url = { 0 }, q = { 0 };
	char		      err[256];
	size_t		      i;
	struct config_oidc    conf = {
		   .present = 1,
		   .name = "staff",
		   .issuer = "http://idp.kommune.test",
		   .client_id = "console",
		   .client_secret_file = secret,
		   .token_auth = "client_secret_basic",
		   .scopes = "openid",
		   .user_claim = "preferred_username",
	};

	(void)state;
	idp_reset();
	assert_null(oidc_client_new(&conf, "https://c/cb", err, sizeof(err)));
	assert_non_null(strstr(err, "https required"));
	conf.issuer = idp.issuer;
	assert_null(oidc_client_new(&conf, NULL, err, sizeof(err)));
	assert_non_null(strstr(err, "redirect_uri"));

	/* Another issuer; endpoints over http elsewhere than loopback. */
	buf_printf(&doc,
	    "{\"issuer\":\"%s/other\",\"authorization_endpoint\":"
	    "\"%s/a\",\"token_endpoint\":\"%s/t\",\"jwks_uri\":\"%s/k\"}",
	    idp.issuer, idp.issuer, idp.issuer, idp.issuer);
	idp_discovery(doc.data);
	expect_start(OIDC_ERR_DISCOVERY);
	buf_reset(&doc);
	buf_printf(&doc,
	    "{\"issuer\":\"%s\",\"authorization_endpoint\":"
	    "\"%s/a\",\"token_endpoint\":\"%s/t\",\"jwks_uri\":"
	    "\"http://10.0.0.1/k\"}",
	    idp.issuer, idp.issuer, idp.issuer);
	idp_discovery(doc.data);
	expect_start(OIDC_ERR_DISCOVERY);
	buf_reset(&doc);
	buf_printf(&doc,
	    "{\"issuer\":\"%s\",\"token_endpoint\":\"%s/t\","
	    "\"jwks_uri\":\"%s/k\"}",
	    idp.issuer, idp.issuer, idp.issuer);
	idp_discovery(doc.data);
	expect_start(OIDC_ERR_DISCOVERY);
	idp_discovery("[1,2]");
	expect_start(OIDC_ERR_RESPONSE);
	idp_discovery(NULL);
	pthread_mutex_lock(&idp.lock);
	idp.discovery_status = 404;
	pthread_mutex_unlock(&idp.lock);
	expect_start(OIDC_ERR_FETCH);

	/* A key set over the size cap, with a length and chunked. */
	idp_discovery(NULL);
	pthread_mutex_lock(&idp.lock);
	buf_reset(&idp.jwks);
	buf_puts(&idp.jwks, "{\"keys\":[],\"pad\":\"");
	for (i = 0; i < 300 * 1024; i++)
		buf_putc(&idp.jwks, 'x');
	buf_puts(&idp.jwks, "\"}");
	pthread_mutex_unlock(&idp.lock);
	for (i = 0; i < 2; i++) {
		idp.jwks_chunked = (int)i;
		c = client("client_secret_basic");
		assert_int_equal(
		    oidc_login_start(c, NULL, &login, &url), OIDC_OK);
		idp_token_for(&login, &rsa);
		callback_query(&login, "c", &q);
		assert_int_equal(
		    oidc_callback(c, &login, q.data, &id), OIDC_ERR_RESPONSE);
		oidc_client_free(c);
	}
	buf_free(&doc);
	buf_free(&url);
	buf_free(&q);
}

/* Which URLs may reach a provider. */
static void
test_url_rules(void **state)
{
	(void)state;
	assert_true(
	    oidc_url_secure("https://login.microsoftonline.com/x/v2.0"));
	assert_true(oidc_url_secure("http://127.0.0.1:4000"));
	assert_true(oidc_url_secure("http://127.0.0.1/x"));
	assert_true(oidc_url_secure("http://[::1]:4000/"));
	assert_false(oidc_url_secure("http://127.0.0.1.evil.test/"));
	assert_false(oidc_url_secure("http://127.0.0.10/"));
	assert_false(oidc_url_secure("http://localhost:4000"));
	assert_false(oidc_url_secure("http://10.0.0.1/"));
	assert_false(oidc_url_secure("ftp://x/"));
	assert_false(oidc_url_secure("https://"));
	assert_false(oidc_url_secure("https://x y/"));
	assert_false(oidc_url_secure(NULL));
	assert_true(oidc_url_web("http://console.kommune.dk/cb"));
	assert_false(oidc_url_web("/cb"));
}

/* The discovery document is cached a day; an old one outlives an outage. */
static void
test_discovery_cache(void **state)
{
	struct oidc_client *c = client("client_secret_basic");
	struct oidc_login   login;
	struct buf	    url = { 0 };

	(void)state;
	idp_reset();
	assert_int_equal(oidc_login_start(c, NULL, &login, &url), OIDC_OK);
	clock_set((time_t)NOW + 86399);
	assert_int_equal(oidc_login_start(c, NULL, &login, &url), OIDC_OK);
	assert_int_equal(idp.discovery_hits, 1);
	clock_set((time_t)NOW + 86400);
	assert_int_equal(oidc_login_start(c, NULL, &login, &url), OIDC_OK);
	assert_int_equal(idp.discovery_hits, 2);
	pthread_mutex_lock(&idp.lock);
	idp.discovery_status = 503;
	pthread_mutex_unlock(&idp.lock);
	clock_set((time_t)NOW + 2 * 86400);
	assert_int_equal(oidc_login_start(c, NULL, &login, &url), OIDC_OK);
	assert_int_equal(oidc_login_start(c, NULL, &login, &url), OIDC_OK);
	assert_int_equal(idp.discovery_hits, 3); /* retried in a minute */
	clock_set((time_t)NOW);
	buf_free(&url);
	oidc_client_free(c);
}

/* RP-initiated logout, when the provider has an end-session endpoint. */
static void
test_logout_url(void **state)
{
	struct oidc_client *c = client("client_secret_basic");
	struct buf	    url = { 0 }, doc = { 0 }, want = { 0 };

	(void)state;
	idp_reset();
	assert_int_equal(oidc_logout_url(c, "h.p.s", "st", &url), OIDC_OK);
	buf_printf(&want,
	    "%s/logout?client_id=console&id_token_hint=h.p.s"
	    "&post_logout_redirect_uri=https%%3A%%2F%%2Fconsole.kommune.test"
	    "%%2Fbye&state=st",
	    idp.issuer);
	assert_string_equal(url.data, want.data);
	oidc_client_free(c);

	buf_printf(&doc,
	    "{\"issuer\":\"%s\",\"authorization_endpoint\":"
	    "\"%s/a\",\"token_endpoint\":\"%s/t\",\"jwks_uri\":\"%s/k\"}",
	    idp.issuer, idp.issuer, idp.issuer, idp.issuer);
	idp_discovery(doc.data);
	c = client("client_secret_basic");
	buf_reset(&url);
	assert_int_equal(
	    oidc_logout_url(c, NULL, NULL, &url), OIDC_ERR_NO_END_SESSION);
	assert_int_equal(url.len, 0);
	oidc_client_free(c);
	buf_free(&url);
	buf_free(&doc);
	buf_free(&want);
}

static struct buf logged;

static void
log_capture(const char *line)
{
	buf_puts(&logged, line);
	buf_putc(&logged, '\n');
}

/* Fail if the log holds s (a part of at least 8 bytes of it). */
static void
not_logged(const char *what, const char *s)
{
	char   part[9];
	size_t i, n = strlen(s);

	for (i = 0; n >= 8 && i + 8 <= n; i += 4) {
		memcpy(part, s + i, 8);
		part[8] = '\0';
		if (strstr(buf_str(&logged), part) != NULL)
			fail_msg("the log has part of the %s:\n%s", what,
			    buf_str(&logged));
	}
}

/* A sign-in, good and refused, logs no code, token, state or secret. */
static void
test_nothing_secret_logged(void **state)
{
	struct oidc_client   *c = client("client_secret_basic");
	struct oidc_identity *id;
	struct oidc_login     login, other;
	struct buf	      url = { 0 }, q = { 0 }, tok = { 0 };

	(void)state;
	idp_reset();
	log_init(1, 1);
	log_set_sink(log_capture);
	assert_int_equal(oidc_login_start(c, NULL, &login, &url), OIDC_OK);
	idp_token_for(&login, &rsa);
	callback_query(&login, "code-secret-4711-abcdefgh", &q);
	assert_int_equal(oidc_callback(c, &login, q.data, &id), OIDC_OK);
	buf_puts(&tok, oidc_identity_id_token(id));
	oidc_identity_free(id);
	/* Refused: another sign-in's token, and a wrong state. */
	assert_int_equal(oidc_login_start(c, NULL, &other, &url), OIDC_OK);
	callback_query(&other, "code-secret-4712-abcdefgh", &q);
	assert_int_equal(oidc_callback(c, &other, q.data, &id), OIDC_ERR_NONCE);
	pthread_mutex_lock(&idp.lock);
	idp.token_status = 400;
	buf_reset(&idp.token_reply);
	buf_puts(&idp.token_reply, "{\"error\":\"invalid_grant\"}");
	pthread_mutex_unlock(&idp.lock);
	assert_int_equal(oidc_login_start(c, NULL, &other, &url), OIDC_OK);
	callback_query(&other, "code-secret-4713-abcdefgh", &q);
	assert_int_equal(
	    oidc_callback(c, &other, q.data, &id), OIDC_ERR_TOKEN_REFUSED);
	log_set_sink(NULL);
	log_init(1, 0);
	assert_non_null(strstr(logged.data, "error=invalid_grant"));
	assert_non_null(strstr(logged.data, "nonce does not match"));
	not_logged("code", "code-secret-4711-abcdefgh");
	not_logged("code", "code-secret-4713-abcdefgh");
	not_logged("ID token", tok.data);
	not_logged("state", login.state);
	not_logged("nonce", login.nonce);
	not_logged("verifier", login.verifier);
	not_logged("state", other.state);
	not_logged("client secret", SECRET);
	buf_free(&logged);
	buf_free(&url);
	buf_free(&q);
	buf_free(&tok);
	oidc_client_free(c);
}

static int
setup(void **state)
{
	struct sockaddr_in	    sin;
	const union MHD_DaemonInfo *info;
	int			    fd;

	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/test-oidc-XXXXXX");
	if (mkdtemp(dir) == NULL)
		return -1;
	snprintf(secret, sizeof(secret), "%s/oidc-staff.secret", dir);
	if ((fd = open(secret, O_WRONLY | O_CREAT | O_TRUNC, 0600)) == -1 ||
	    write(fd, SECRET "\n", strlen(SECRET) + 1) !=
		(ssize_t)strlen(SECRET) + 1)
		return -1;
	close(fd);
	tk_rsa(&rsa, "rsa-1", 2048);
	tk_rsa(&rsa2, "rsa-2", 2048);
	tk_rsa(&rogue, "rogue", 2048);
	clock_set((time_t)NOW);
	pthread_mutex_init(&idp.lock, NULL);
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	idp.d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD, 0, NULL, NULL,
	    idp_handler, NULL, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sin,
	    MHD_OPTION_NOTIFY_COMPLETED, idp_done, NULL, MHD_OPTION_END);
	if (idp.d == NULL ||
	    (info = MHD_get_daemon_info(idp.d, MHD_DAEMON_INFO_BIND_PORT)) ==
		NULL)
		return -1;
	idp.port = info->port;
	snprintf(
	    idp.issuer, sizeof(idp.issuer), "http://127.0.0.1:%d", idp.port);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	MHD_stop_daemon(idp.d);
	buf_free(&idp.discovery);
	buf_free(&idp.jwks);
	buf_free(&idp.token_reply);
	buf_free(&idp.token_auth);
	buf_free(&idp.token_body);
	tk_free(&rsa);
	tk_free(&rsa2);
	tk_free(&rogue);
	unlink(secret);
	return rmdir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_login_url),
		cmocka_unit_test(test_callback),
		cmocka_unit_test(test_callback_refused),
		cmocka_unit_test(test_key_rotation),
		cmocka_unit_test(test_metadata_refused),
		cmocka_unit_test(test_url_rules),
		cmocka_unit_test(test_discovery_cache),
		cmocka_unit_test(test_logout_url),
		cmocka_unit_test(test_nothing_secret_logged),
	};

	return cmocka_run_group_tests_name("oidc", tests, setup, teardown);
}
