/*
 * it_console_sec - the staff console refuses a bad ID token that comes
 * through its own HTTP callback.  The identity provider here is a small
 * one of the test's own (on the project's web server, shared/web.c, on
 * 127.0.0.1 port 0): discovery, a key set and a token endpoint that
 * hands out whatever ID token the test made with keys generated for
 * this run (tests/oidc/testkeys.h), so every kind of bad token can be
 * tried: another audience, another issuer, expired, signed by a key the
 * provider does not publish, alg "none", and a token that was accepted
 * once, replayed.  Each is refused (403, the reason in the console's
 * log), leaves the browser signed out, and a good token then signs in.
 * A callback with a wrong state, a POST without the CSRF token, another
 * mentor's citizen and the cookie after sign-out are in it_console.c
 * (through the real provider).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <curl/curl.h>

#include "../oidc/testkeys.h"
#include "buf.h"
#include "console_util.h"
#include "harness.h"
#include "httpguard.h"
#include "web.h"

#define USER "mette@kommune.test"

static const struct httpguard_limits idp_limits = {
	.connections = 16,
	.per_address = 16,
	.waiting_per_address = 8,
	.reserve = 2,
	.request_timeout = 10,
	.idle_timeout = 10,
};

/* The test's provider: its keys and the ID token it hands out next. */
static struct {
	struct web_server *srv;
	struct test_key	   key, rogue;
	struct buf	   discovery, jwks;
	struct buf	   id_token;
} fake;

/* The provider's pages. */
static void
fake_serve(struct web_request *req, struct web_reply *rep, void *arg)
{
	(void)arg;
	rep->content_type = "application/json";
	if (strcmp(req->url, "/.well-known/openid-configuration") == 0)
		buf_puts(&rep->body, buf_str(&fake.discovery));
	else if (strcmp(req->url, "/jwks") == 0)
		buf_puts(&rep->body, buf_str(&fake.jwks));
	else if (strcmp(req->url, "/token") == 0 && req->method == WEB_POST)
		buf_printf(&rep->body,
		    "{\"access_token\":\"at-1\",\"token_type\":\"Bearer\","
		    "\"expires_in\":300,\"id_token\":\"%s\"}",
		    buf_str(&fake.id_token));
	else
		rep->status = 404;
}

/* Start the provider, keys and all; its issuer into issuer (group setup). */
static int
fake_up(void **state)
{
	const struct web_config wc = { .name = "idp",
		.listen = "127.0.0.1:0",
		.csp = "default-src 'none'",
		.limits = &idp_limits,
		.serve = fake_serve };

	(void)state;
	tk_rsa(&fake.key, "k1", 2048);
	tk_rsa(&fake.rogue, "k1-rogue", 2048);
	if ((fake.srv = web_prepare(&wc)) == NULL || web_start(fake.srv) == -1)
		fail_msg("the test's provider did not start");
	snprintf(
	    issuer, sizeof(issuer), "http://127.0.0.1:%d", web_port(fake.srv));
	buf_printf(&fake.discovery,
	    "{\"issuer\":\"%s\",\"authorization_endpoint\":\"%s/auth\","
	    "\"token_endpoint\":\"%s/token\",\"jwks_uri\":\"%s/jwks\","
	    "\"id_token_signing_alg_values_supported\":[\"RS256\"]}",
	    issuer, issuer, issuer, issuer);
	buf_puts(&fake.jwks, "{\"keys\":[");
	tk_jwk(&fake.key, "\"alg\":\"RS256\"", &fake.jwks);
	buf_puts(&fake.jwks, "]}");
	return 0;
}

static int
fake_down(void **state)
{
	(void)state;
	web_free(fake.srv);
	tk_free(&fake.key);
	tk_free(&fake.rogue);
	buf_free(&fake.discovery);
	buf_free(&fake.jwks);
	buf_free(&fake.id_token);
	return 0;
}

/* What may be wrong with a token. */
enum bad {
	BAD_NONE,
	BAD_AUD,
	BAD_ISS,
	BAD_EXPIRED,
	BAD_KEY,
	BAD_ALG_NONE,
	BAD__MAX
};

/* The ID token the provider hands out next: for nonce, with bad. */
static void
fake_token(const char *nonce, enum bad bad)
{
	struct buf claims = { 0 };
	long long  now = (long long)time(NULL);

	buf_printf(&claims,
	    "{\"iss\":\"%s\",\"aud\":\"%s\",\"sub\":\"s1\","
	    "\"preferred_username\":\"" USER "\",\"nonce\":\"%s\","
	    "\"iat\":%lld,\"exp\":%lld}",
	    bad == BAD_ISS ? "https://evil.example" : issuer,
	    bad == BAD_AUD ? "another-client" : "console", nonce,
	    bad == BAD_EXPIRED ? now - 7200 : now - 5,
	    bad == BAD_EXPIRED ? now - 3600 : now + 300);
	buf_reset(&fake.id_token);
	if (bad == BAD_ALG_NONE)
		tk_token(NULL, "none", "{\"alg\":\"none\",\"kid\":\"k1\"}",
		    claims.data, NULL, &fake.id_token);
	else
		tk_token(bad == BAD_KEY ? &fake.rogue : &fake.key, "RS256",
		    NULL, claims.data, NULL, &fake.id_token);
	buf_free(&claims);
}

/* The value of query parameter name in url into out. */
static void
url_param(const char *url, const char *name, char *out, size_t len)
{
	char	    key[32];
	const char *p;

	snprintf(key, sizeof(key), "%s=", name);
	if ((p = strstr(url, key)) == NULL ||
	    (p != url && p[-1] != '?' && p[-1] != '&'))
		fail_msg("no %s in %s", name, url);
	p += strlen(key);
	snprintf(out, len, "%.*s", (int)strcspn(p, "&"), p);
}

/*
 * Start a sign-in at the console; its state and nonce (as sent to the
 * provider) into state and nonce.
 */
static void
sign_in_start(struct console_test *t, char state[128], char nonce[128])
{
	struct buf next = { 0 };

	assert_int_equal(browse(t, "/signin", NULL, &next), 303);
	assert_non_null(strstr(next.data, issuer));
	url_param(next.data, "state", state, 128);
	url_param(next.data, "nonce", nonce, 128);
	buf_free(&next);
}

/* The provider's answer to the console's callback for state. */
static long
callback(struct console_test *t, const char *state, struct buf *next)
{
	char url[300];

	snprintf(url, sizeof(url), "/callback?code=code-1&state=%s", state);
	return browse(t, url, NULL, next);
}

/* 1 if the console's log has text. */
static int
log_has(struct console_test *t, const char *text)
{
	struct buf b = { 0 };
	int	   found;

	found = harness_read_file(t->console.log, &b) == 0 &&
	    strstr(buf_str(&b), text) != NULL;
	buf_free(&b);
	return found;
}

/* A bad token of this kind is refused, for the reason given. */
static void
expect_refused(struct console_test *t, enum bad bad, const char *why)
{
	char state[128], nonce[128];

	sign_in_start(t, state, nonce);
	fake_token(nonce, bad);
	assert_int_equal(callback(t, state, NULL), 403);
	assert_non_null(strstr(t->body.data, "Du blev ikke logget ind"));
	assert_true(log_has(t, why));
	/* Not signed in: the start page sends us to sign in. */
	assert_int_equal(browse(t, "/", NULL, NULL), 303);
}

/* Each bad token is refused; then a good one signs in. */
static void
test_bad_tokens(void **state)
{
	struct console_test *t = *state;
	char		     st[128], nonce[128];
	struct buf	     next = { 0 };

	expect_refused(t, BAD_AUD, "sign-in refused: ID token for another");
	expect_refused(t, BAD_ISS, "sign-in refused: ID token from another");
	expect_refused(t, BAD_EXPIRED, "sign-in refused: ID token expired");
	expect_refused(
	    t, BAD_KEY, "sign-in refused: ID token signed by an unknown key");
	expect_refused(t, BAD_ALG_NONE, "sign-in refused: ID token algorithm");
	assert_int_equal(audit_count(t, "console_sign_in", NULL), 0);
	sign_in_start(t, st, nonce);
	fake_token(nonce, BAD_NONE);
	assert_int_equal(callback(t, st, &next), 303);
	assert_true(sent_to(&next, "/"));
	assert_int_equal(browse(t, "/", NULL, NULL), 200);
	assert_non_null(strstr(t->body.data, "Mads"));
	assert_int_equal(audit_count(t, "console_sign_in", USER), 1);
	buf_free(&next);
}

/*
 * A token accepted once is refused when it comes again: in the same
 * callback replayed, and in a new sign-in (its nonce is not that one's).
 */
static void
test_replayed_token(void **state)
{
	struct console_test *t = *state;
	char		     st[128], nonce[128], st2[128], nonce2[128];

	sign_in_start(t, st, nonce);
	fake_token(nonce, BAD_NONE);
	assert_int_equal(callback(t, st, NULL), 303);
	assert_int_equal(browse(t, "/", NULL, NULL), 200);
	/* The same answer again, in the signed-in session. */
	assert_true(callback(t, st, NULL) >= 400);
	/* A new browser: a new sign-in, the old token handed out again. */
	curl_easy_setopt(t->browser, CURLOPT_COOKIELIST, "ALL");
	sign_in_start(t, st2, nonce2);
	assert_string_not_equal(nonce, nonce2);
	assert_int_equal(callback(t, st2, NULL), 403);
	assert_true(log_has(t, "sign-in refused: ID token nonce"));
	assert_int_equal(browse(t, "/", NULL, NULL), 303);
	assert_int_equal(audit_count(t, "console_sign_in", NULL), 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    test_bad_tokens, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_replayed_token, setup, teardown),
	};

	curl_global_init(CURL_GLOBAL_DEFAULT);
	return cmocka_run_group_tests(tests, fake_up, fake_down);
}
