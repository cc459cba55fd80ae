/*
 * it_oidc - the OIDC client (shared/oidc*.c) against a real OpenID
 * Connect provider: npm oidc-provider, run by tests/oidc/provider.js on
 * 127.0.0.1 port 0.  A stand-in browser (libcurl with cookies, redirects
 * followed by hand) signs in through the provider's login form, so each
 * test runs the whole code flow through the library: configuration from
 * [oidc.staff] / [oidc.citizen], discovery, the authorization URL, the
 * interaction login, the callback, the token exchange with PKCE, the ID
 * token's verification and its claims.  Also: RS256, PS256 and ES256
 * clients, client_secret_post, a fresh sign-in (prompt=login, max_age=0)
 * over an existing provider session, the provider's key rotation (an
 * unknown kid makes the library fetch the key set again), codes and
 * verifiers the provider refuses, and RP-initiated logout.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <curl/curl.h>

#include "buf.h"
#include "config.h"
#include "crypto.h"
#include "harness.h"
#include "log.h"
#include "oidc.h"

#define REDIRECT "http://127.0.0.1:9/oidc/callback"
#define MAX_HOPS 12

/* The provider's clients and accounts: demo data, made up here. */
static const char provider_conf[] =
    "{\"clients\": ["
    " {\"client_id\": \"console\", \"client_secret\": \"console-secret-123456\","
    "  \"redirect_uris\": [\"" REDIRECT "\"],"
    "  \"post_logout_redirect_uris\": [\"http://127.0.0.1:9/bye\"]},"
    " {\"client_id\": \"console-es\", \"client_secret\": \"console-secret-123456\","
    "  \"redirect_uris\": [\"" REDIRECT "\"],"
    "  \"token_endpoint_auth_method\": \"client_secret_post\","
    "  \"id_token_signed_response_alg\": \"ES256\"},"
    " {\"client_id\": \"console-ps\", \"client_secret\": \"console-secret-123456\","
    "  \"redirect_uris\": [\"" REDIRECT "\"],"
    "  \"id_token_signed_response_alg\": \"PS256\"}],"
    " \"accounts\": ["
    " {\"sub\": \"staff-1\", \"login\": \"mette\", \"password\": \"demo\","
    "  \"claims\": {\"preferred_username\": \"mette@kommune.test\","
    "  \"name\": \"Mette Hansen\"}},"
    " {\"sub\": \"citizen-1\", \"login\": \"borger\", \"password\": \"demo\","
    "  \"claims\": {\"preferred_username\": \"borger\","
    "  \"dk.cpr\": \"0101701234\", \"dk.loa\": \"substantial\"}}],"
    " \"scopes\": {\"mitid\": [\"dk.cpr\", \"dk.loa\"]}}";

/* The provider, started once for all tests (each has its own browser). */
static struct harness idp_h;
static struct proc    idp;
static char	      issuer[64];

struct oidc_test {
	struct harness h;
	char	      *issuer;
	struct config *cfg;
	CURL	      *browser; /* its cookies are the provider session */
};

static struct buf logged;

static void
log_capture(const char *line)
{
	buf_puts(&logged, line);
	buf_putc(&logged, '\n');
}

/* Start the provider (group setup). */
static int
idp_up(void **state)
{
	(void)state;
	harness_idp_start(&idp_h, &idp, provider_conf, issuer, sizeof(issuer));
	return 0;
}

static int
idp_down(void **state)
{
	(void)state;
	harness_idp_stop(&idp_h, &idp);
	return 0;
}

/*
 * A configuration with [oidc.staff] (client console) and [oidc.citizen]
 * (client_id as given, and extra keys), and a new browser.
 */
static struct oidc_test *
up(const char *citizen_client, const char *citizen_extra)
{
	struct oidc_test *t;
	struct buf	  ini = { 0 };
	char		  err[CONFIG_ERR_MAX];

	if ((t = calloc(1, sizeof(*t))) == NULL)
		fail_msg("calloc");
	harness_init(&t->h, NULL);
	t->issuer = issuer;
	harness_write_file(
	    &t->h, "oidc-staff.secret", "console-secret-123456", NULL, 0);
	harness_write_file(
	    &t->h, "oidc-citizen.secret", "console-secret-123456", NULL, 0);
	if (harness_read_file(t->h.config, &ini) == -1)
		fail_msg("no config");
	buf_printf(&ini,
	    "\n[oidc.staff]\nissuer = %s\nclient_id = console\n"
	    "redirect_uri = " REDIRECT "\n"
	    "post_logout_redirect_uri = http://127.0.0.1:9/bye\n"
	    "[oidc.citizen]\nissuer = %s\nclient_id = %s\n"
	    "redirect_uri = " REDIRECT "\n%s",
	    t->issuer, t->issuer, citizen_client, citizen_extra);
	harness_write_file(&t->h, "mentorlink.conf", ini.data, NULL, 0);
	buf_free(&ini);
	if ((t->cfg = config_load(t->h.config, err, sizeof(err))) == NULL)
		fail_msg("%s", err);
	if ((t->browser = curl_easy_init()) == NULL)
		fail_msg("curl_easy_init");
	curl_easy_setopt(t->browser, CURLOPT_COOKIEFILE, "");
	return t;
}

static void
down(struct oidc_test *t)
{
	curl_easy_cleanup(t->browser);
	config_free(t->cfg);
	harness_done(&t->h);
	free(t);
}

/* The client for [oidc.NAME]. */
static struct oidc_client *
client(struct oidc_test *t, const char *name)
{
	struct oidc_client *c;
	char		    err[256];

	if ((c = oidc_client_new(
		 config_oidc(t->cfg, name), NULL, err, sizeof(err))) == NULL)
		fail_msg("oidc_client_new: %s", err);
	return c;
}

/* libcurl write callback into a struct buf. */
static size_t
collect(char *p, size_t size, size_t n, void *arg)
{
	buf_append(arg, p, size * n);
	return size * n;
}

/*
 * One request of the browser: GET url, or POST the form body.  Returns
 * the status; the body goes into body, a redirect's target into next.
 */
static long
browse(struct oidc_test *t, const char *url, const char *form, struct buf *body,
    struct buf *next)
{
	char *loc = NULL;
	long  status = 0;

	buf_reset(body);
	buf_reset(next);
	curl_easy_setopt(t->browser, CURLOPT_URL, url);
	curl_easy_setopt(t->browser, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(t->browser, CURLOPT_TIMEOUT, 20L);
	curl_easy_setopt(t->browser, CURLOPT_WRITEFUNCTION, collect);
	curl_easy_setopt(t->browser, CURLOPT_WRITEDATA, body);
	if (form != NULL)
		curl_easy_setopt(t->browser, CURLOPT_POSTFIELDS, form);
	else
		curl_easy_setopt(t->browser, CURLOPT_HTTPGET, 1L);
	if (curl_easy_perform(t->browser) != CURLE_OK)
		fail_msg("browser: %s failed", url);
	curl_easy_getinfo(t->browser, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_getinfo(t->browser, CURLINFO_REDIRECT_URL, &loc);
	if (loc != NULL)
		buf_puts(next, loc);
	return status;
}

/*
 * Follow redirects from url until the provider sends the browser to
 * stop (a URL prefix) or shows a page.  Returns the last status; url
 * holds the last URL, body the page.
 */
static long
follow(struct oidc_test *t, struct buf *url, const char *stop, struct buf *body)
{
	struct buf next = { 0 };
	long	   status = 0;
	int	   hop;

	for (hop = 0; hop < MAX_HOPS; hop++) {
		if (strncmp(url->data, stop, strlen(stop)) == 0)
			break;
		status = browse(t, url->data, NULL, body, &next);
		if (next.len == 0)
			break;
		buf_reset(url);
		buf_puts(url, next.data);
	}
	if (hop == MAX_HOPS)
		fail_msg("more than %d redirects", MAX_HOPS);
	buf_free(&next);
	return status;
}

/*
 * Sign in as user through the provider's pages, from the authorization
 * URL to the redirect back to us; the callback's query goes into query.
 * With password NULL the provider must not ask (its session is used).
 */
static void
sign_in(struct oidc_test *t, const char *auth_url, const char *user,
    const char *password, struct buf *query)
{
	struct buf  url = { 0 }, body = { 0 }, form = { 0 }, next = { 0 };
	const char *q;

	buf_puts(&url, auth_url);
	follow(t, &url, REDIRECT, &body);
	if (password == NULL) {
		if (strncmp(url.data, REDIRECT, strlen(REDIRECT)) != 0)
			fail_msg(
			    "the provider asked for a login:\n%s", body.data);
	} else {
		if (strstr(body.data, "name=\"password\"") == NULL)
			fail_msg(
			    "no login form at %s:\n%s", url.data, body.data);
		buf_printf(&form, "login=%s&password=%s", user, password);
		buf_puts(&url, "/login");
		if (browse(t, url.data, form.data, &body, &next) != 303)
			fail_msg("login refused:\n%s", body.data);
		buf_reset(&url);
		buf_puts(&url, next.data);
		follow(t, &url, REDIRECT, &body);
	}
	if (strncmp(url.data, REDIRECT "?", strlen(REDIRECT) + 1) != 0)
		fail_msg("not sent back to us: %s\n%s", url.data, body.data);
	q = url.data + strlen(REDIRECT) + 1;
	buf_reset(query);
	buf_puts(query, q);
	buf_free(&url);
	buf_free(&body);
	buf_free(&form);
	buf_free(&next);
}

/* The string member name of a compact JWS's header. */
static void
token_header(const char *token, const char *name, char *out, size_t len)
{
	unsigned char h[512];
	char	      key[32];
	size_t	      n;
	const char   *p;

	assert_int_equal(crypto_base64url_decode(
			     token, strcspn(token, "."), h, sizeof(h) - 1, &n),
	    0);
	h[n] = '\0';
	snprintf(key, sizeof(key), "\"%s\":\"", name);
	if ((p = strstr((char *)h, key)) == NULL)
		fail_msg("no %s in %s", name, h);
	p += strlen(key);
	snprintf(out, len, "%.*s", (int)strcspn(p, "\""), p);
}

/* A whole sign-in with c; returns the identity. */
static struct oidc_identity *
sign_in_with(struct oidc_test *t, struct oidc_client *c,
    const struct oidc_login_options *opt, const char *user,
    const char *password, struct oidc_login *login)
{
	struct oidc_identity *id = NULL;
	struct buf	      url = { 0 }, q = { 0 };
	enum oidc_err	      e;

	assert_int_equal(oidc_login_start(c, opt, login, &url), OIDC_OK);
	sign_in(t, url.data, user, password, &q);
	if ((e = oidc_callback(c, login, q.data, &id)) != OIDC_OK)
		fail_msg("oidc_callback: %s", oidc_strerror(e));
	buf_free(&url);
	buf_free(&q);
	return id;
}

/* Staff sign in (RS256, client_secret_basic); SSO; then a fresh sign-in. */
static void
test_staff_sign_in(void **state)
{
	struct oidc_test	 *t = up("console-es", "");
	struct oidc_client	 *c = client(t, "staff");
	struct oidc_identity	 *id;
	struct oidc_login	  login;
	struct oidc_login_options fresh = { .fresh = 1 };
	char			  alg[16];

	(void)state;
	id = sign_in_with(t, c, NULL, "mette", "demo", &login);
	assert_string_equal(oidc_identity_user(id), "mette@kommune.test");
	assert_string_equal(oidc_identity_subject(id), "staff-1");
	assert_string_equal(oidc_identity_claim(id, "name"), "Mette Hansen");
	assert_null(oidc_identity_claim(id, "dk.cpr"));
	token_header(oidc_identity_id_token(id), "alg", alg, sizeof(alg));
	assert_string_equal(alg, "RS256");
	oidc_identity_free(id);
	/* The provider's session signs her in again without asking ... */
	id = sign_in_with(t, c, NULL, "mette", NULL, &login);
	oidc_identity_free(id);
	/* ... unless a fresh authentication is asked for. */
	id = sign_in_with(t, c, &fresh, "mette", "demo", &login);
	assert_string_equal(oidc_identity_user(id), "mette@kommune.test");
	oidc_identity_free(id);
	oidc_client_free(c);
	down(t);
}

/*
 * A citizen through the "MitID broker": ES256 tokens, client_secret_post,
 * an extra scope releasing CPR and assurance claims; then PS256.
 */
static void
test_citizen_sign_in(void **state)
{
	static const char *const  clients[] = { "console-es", "console-ps" };
	static const char *const  want_alg[] = { "ES256", "PS256" };
	struct oidc_login_options opt = { .fresh = 1, .extra_scopes = "mitid" };
	struct oidc_test	 *t;
	struct oidc_client	 *c;
	struct oidc_identity	 *id;
	struct oidc_login	  login;
	char			  alg[16];
	size_t			  i;

	(void)state;
	for (i = 0; i < 2; i++) {
		t = up(clients[i],
		    i == 0 ? "token_endpoint_auth_method = client_secret_post\n"
			   : "");
		c = client(t, "citizen");
		id = sign_in_with(t, c, &opt, "borger", "demo", &login);
		assert_string_equal(oidc_identity_user(id), "borger");
		assert_string_equal(
		    oidc_identity_claim(id, "dk.cpr"), "0101701234");
		assert_string_equal(
		    oidc_identity_claim(id, "dk.loa"), "substantial");
		token_header(
		    oidc_identity_id_token(id), "alg", alg, sizeof(alg));
		assert_string_equal(alg, want_alg[i]);
		oidc_identity_free(id);
		oidc_client_free(c);
		down(t);
	}
}

/* The provider rotates its keys: the next token's kid makes us refetch. */
static void
test_key_rotation(void **state)
{
	struct oidc_test     *t = up("console-es", "");
	struct oidc_client   *c = client(t, "staff");
	struct oidc_identity *id;
	struct oidc_login     login;
	struct buf	      url = { 0 }, body = { 0 }, next = { 0 };
	char		      kid1[64], kid2[64], kid[64];
	const char	     *p;

	(void)state;
	id = sign_in_with(t, c, NULL, "mette", "demo", &login);
	token_header(oidc_identity_id_token(id), "kid", kid1, sizeof(kid1));
	oidc_identity_free(id);
	buf_printf(&url, "%s/test/rotate-keys", t->issuer);
	assert_int_equal(browse(t, url.data, "", &body, &next), 200);
	assert_non_null(p = strstr(body.data, "\"kids\":[\""));
	snprintf(kid2, sizeof(kid2), "%.*s", (int)strcspn(p + 9, "\""), p + 9);

	log_set_sink(log_capture);
	id = sign_in_with(t, c, NULL, "mette", "demo", &login);
	log_set_sink(NULL);
	assert_string_equal(oidc_identity_user(id), "mette@kommune.test");
	token_header(oidc_identity_id_token(id), "kid", kid, sizeof(kid));
	assert_string_equal(kid, kid2);
	assert_string_not_equal(kid, kid1);
	assert_non_null(
	    strstr(logged.data, "unknown key; fetching the key set"));
	oidc_identity_free(id);
	buf_free(&logged);
	buf_free(&url);
	buf_free(&body);
	buf_free(&next);
	oidc_client_free(c);
	down(t);
}

/* Codes used twice and wrong PKCE verifiers are refused by the provider. */
static void
test_code_refused(void **state)
{
	struct oidc_test     *t = up("console-es", "");
	struct oidc_client   *c = client(t, "staff");
	struct oidc_identity *id;
	struct oidc_login     login, copy;
	struct buf	      url = { 0 }, q = { 0 };

	(void)state;
	/* A copy of the sign-in record, made before it was used. */
	assert_int_equal(oidc_login_start(c, NULL, &login, &url), OIDC_OK);
	sign_in(t, url.data, "mette", "demo", &q);
	copy = login;
	assert_int_equal(oidc_callback(c, &login, q.data, &id), OIDC_OK);
	oidc_identity_free(id);
	assert_int_equal(
	    oidc_callback(c, &copy, q.data, &id), OIDC_ERR_TOKEN_REFUSED);
	assert_null(id);
	/* Another verifier than the one whose challenge was sent. */
	buf_reset(&url);
	assert_int_equal(oidc_login_start(c, NULL, &login, &url), OIDC_OK);
	sign_in(t, url.data, "mette", NULL, &q);
	login.verifier[0] = login.verifier[0] == 'A' ? 'B' : 'A';
	assert_int_equal(
	    oidc_callback(c, &login, q.data, &id), OIDC_ERR_TOKEN_REFUSED);
	/* A wrong password: the form again, no way back to us. */
	buf_reset(&url);
	assert_int_equal(
	    oidc_login_start(
		c, &(struct oidc_login_options){ .fresh = 1 }, &login, &url),
	    OIDC_OK);
	{
		struct buf body = { 0 }, next = { 0 };

		follow(t, &url, REDIRECT, &body);
		buf_puts(&url, "/login");
		assert_int_equal(
		    browse(t, url.data, "login=mette&password=x", &body, &next),
		    200);
		assert_non_null(strstr(body.data, "name=\"password\""));
		assert_int_equal(next.len, 0);
		buf_free(&body);
		buf_free(&next);
	}
	buf_free(&url);
	buf_free(&q);
	oidc_client_free(c);
	down(t);
}

/*
 * RP-initiated logout: the end-session URL is accepted by the provider,
 * and after confirming it the next sign-in asks for the password again.
 */
static void
test_logout(void **state)
{
	struct oidc_test     *t = up("console-es", "");
	struct oidc_client   *c = client(t, "staff");
	struct oidc_identity *id;
	struct oidc_login     login;
	struct buf	      url = { 0 }, body = { 0 }, next = { 0 };
	struct buf	      form = { 0 };
	const char	     *p;

	(void)state;
	id = sign_in_with(t, c, NULL, "mette", "demo", &login);
	assert_int_equal(
	    oidc_logout_url(c, oidc_identity_id_token(id), "st-1", &url),
	    OIDC_OK);
	oidc_identity_free(id);
	assert_int_equal(browse(t, url.data, NULL, &body, &next), 200);
	assert_non_null(p = strstr(body.data, "name=\"xsrf\" value=\""));
	buf_printf(
	    &form, "logout=yes&xsrf=%.*s", (int)strcspn(p + 19, "\""), p + 19);
	buf_reset(&url);
	buf_printf(&url, "%s/session/end/confirm", t->issuer);
	assert_int_equal(browse(t, url.data, form.data, &body, &next), 303);
	assert_string_equal(next.data, "http://127.0.0.1:9/bye?state=st-1");
	/* Signed out at the provider: the password is asked for again. */
	id = sign_in_with(t, c, NULL, "mette", "demo", &login);
	oidc_identity_free(id);
	buf_free(&url);
	buf_free(&body);
	buf_free(&next);
	buf_free(&form);
	oidc_client_free(c);
	down(t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_staff_sign_in),
		cmocka_unit_test(test_citizen_sign_in),
		cmocka_unit_test(test_key_rotation),
		cmocka_unit_test(test_code_refused),
		cmocka_unit_test(test_logout),
	};

	return cmocka_run_group_tests_name("it_oidc", tests, idp_up, idp_down);
}
