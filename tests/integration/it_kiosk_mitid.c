/*
 * it_kiosk_mitid - the kiosk's MitID sign-in (kiosk/page_mitid.c) as far
 * as the kiosk alone decides, over HTTP, with the real test provider
 * (tests/oidc/provider.js) as the broker's discovery document: the start
 * screen's buttons, the CSP, the redirect to the broker (fresh
 * authentication, PKCE, the language, a SameSite=Lax cookie), a
 * callback with a state not ours, a callback after mitid_timeout, the
 * way back from the broker's sign-out, the refusal screens, a kiosk
 * without MitID, and `kiosk -n` without the client secret.  With a
 * stand-in browser (libcurl) through the broker's form: a sign-in in the
 * start screen's pop-up (?popup=1) ends at /mitid/done, one without at
 * the agreement; /mitid/done needs a signed-in session; /mitid/cancel
 * forgets the sign-in under way.  The whole sign-in in a real browser
 * (the pop-up, its deadline) is tests/e2e/mitid.e2e.js.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <cmocka.h>
#include <curl/curl.h>

#include "buf.h"
#include "harness.h"

static const char provider_conf[] =
    "{\"clients\": [{\"client_id\": \"kiosk\","
    " \"client_secret\": \"kiosk-secret-123456\", \"application_type\": \"native\","
    " \"redirect_uris\": [\"http://127.0.0.1/mitid/callback\"]}],"
    " \"accounts\": [{\"sub\": \"mitid-mads\", \"login\": \"mads\","
    " \"password\": \"demo\", \"claims\": {\"dk.cpr\": \"0101901234\","
    " \"loa\": \"substantial\"}}],"
    " \"scopes\": {\"mitid\": [\"dk.cpr\", \"loa\"]}}";

static const char fixture[] =
    "{\"citizens\": [{\"id\": \"c-mads\", \"cpr\": \"010190-1234\","
    " \"given_name\": \"Mads\", \"mobile\": \"+4520000101\"}]}";

static struct harness idp_h;
static struct proc    idp;
static char	      issuer[64];

struct mitid_test {
	struct harness h;
	struct proc    kiosk;
	char	       cookie[128];
	struct buf     body, headers;
};

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

/* The [kiosk] login line and [oidc.citizen] for the provider. */
static void
mitid_ini(const char *login, struct buf *ini)
{
	buf_printf(ini,
	    "[kiosk]\nlogin = %s\nmitid_timeout = 2m\n"
	    "[oidc.citizen]\nissuer = %s\nclient_id = kiosk\n"
	    "scopes = openid mitid\n",
	    login, issuer);
}

/*
 * A kiosk with login (and [oidc.citizen] always) and the sections in
 * extra (may be ""), its secret written.
 */
static struct mitid_test *
up_with(const char *login, const char *extra)
{
	struct mitid_test *t;
	struct buf	   ini = { 0 };
	char		   path[400];
	const char	  *args[] = { "-f", NULL, NULL };

	if ((t = calloc(1, sizeof(*t))) == NULL)
		fail_msg("calloc");
	mitid_ini(login, &ini);
	buf_puts(&ini, extra);
	harness_init(&t->h, buf_str(&ini));
	buf_free(&ini);
	harness_write_file(
	    &t->h, "oidc-citizen.secret", "kiosk-secret-123456\n", NULL, 0);
	harness_write_file(&t->h, "fixture.json", fixture, path, sizeof(path));
	harness_init_db(&t->h, path);
	args[1] = t->h.config;
	snprintf(path, sizeof(path), "%s/kiosk.port", t->h.dir);
	harness_start(&t->h, &t->kiosk, "bin/kiosk", args, path);
	return t;
}

static struct mitid_test *
up(const char *login)
{
	return up_with(login, "");
}

static int
teardown(void **state)
{
	struct mitid_test *t = *state;

	if (t == NULL)
		return 0;
	assert_int_equal(harness_stop(&t->kiosk), 0);
	harness_done(&t->h);
	buf_free(&t->body);
	buf_free(&t->headers);
	free(t);
	return 0;
}

/* The value of response header name (case-insensitive), or "". */
static const char *
header(struct mitid_test *t, const char *name)
{
	static char value[2048];
	const char *p = buf_str(&t->headers);
	size_t	    n = strlen(name);

	for (; *p != '\0';
	     p += strcspn(p, "\n") + (p[strcspn(p, "\n")] != '\0'))
		if (strncasecmp(p, name, n) == 0 && p[n] == ':') {
			snprintf(value, sizeof(value), "%.*s",
			    (int)strcspn(p + n + 2, "\r\n"), p + n + 2);
			return value;
		}
	return "";
}

/* GET path with the session cookie; keeps a new cookie.  Returns the status. */
static long
get(struct mitid_test *t, const char *path)
{
	char	    cookie[160];
	const char *hdr[] = { cookie, NULL };
	const char *sc;
	long	    status;

	snprintf(cookie, sizeof(cookie), "Cookie: %s", t->cookie);
	buf_reset(&t->body);
	buf_reset(&t->headers);
	status = harness_http(t->kiosk.port, "GET", path,
	    t->cookie[0] != '\0' ? hdr : NULL, NULL, 0, &t->body, &t->headers);
	sc = header(t, "Set-Cookie");
	if (strncmp(sc, "kiosk_session=", 14) == 0)
		snprintf(t->cookie, sizeof(t->cookie), "%.*s",
		    (int)strcspn(sc, ";"), sc);
	return status;
}

/* GET path: a 303 to want. */
static void
redirects(struct mitid_test *t, const char *path, const char *want)
{
	assert_int_equal(get(t, path), 303);
	assert_string_equal(header(t, "Location"), want);
}

static void
has(struct mitid_test *t, const char *text)
{
	if (strstr(buf_str(&t->body), text) == NULL)
		fail_msg("the page lacks \"%s\"", text);
}

/* The start screen, the CSP, and the way to the broker. */
static void
test_start_and_redirect(void **state)
{
	struct mitid_test *t = *state = up("sms, mitid");
	const char	  *mitid, *sms, *loc;
	char		   want[128];

	assert_int_equal(get(t, "/"), 200);
	mitid = strstr(buf_str(&t->body), "href=\"/mitid\"");
	sms = strstr(buf_str(&t->body), "href=\"/cpr\"");
	assert_non_null(mitid);
	assert_non_null(sms);
	assert_true(mitid < sms);
	has(t, "Log ind med MitID");
	has(t, "Log ind med kode på SMS");
	snprintf(want, sizeof(want), "form-action 'self' %s;", issuer);
	assert_non_null(strstr(header(t, "Content-Security-Policy"), want));

	assert_int_equal(get(t, "/mitid"), 303);
	loc = header(t, "Location");
	snprintf(want, sizeof(want), "%s/auth?", issuer);
	assert_int_equal(strncmp(loc, want, strlen(want)), 0);
	assert_non_null(strstr(loc, "prompt=login"));
	assert_non_null(strstr(loc, "max_age=0"));
	assert_non_null(strstr(loc, "code_challenge_method=S256"));
	assert_non_null(strstr(loc, "ui_locales=da"));
	snprintf(want, sizeof(want),
	    "redirect_uri=http%%3A%%2F%%2F127.0.0.1%%3A%d%%2Fmitid%%2Fcallback",
	    t->kiosk.port);
	assert_non_null(strstr(loc, want));
	assert_non_null(strstr(header(t, "Set-Cookie"), "SameSite=Lax"));
}

/* Callbacks the kiosk refuses before it asks the broker for a token. */
static void
test_callbacks_refused(void **state)
{
	struct mitid_test *t = *state = up("sms, mitid");
	char		   path[256];
	const char	  *loc, *st;

	/* No sign-in under way. */
	redirects(t, "/mitid/callback?code=abc&state=xyz", "/?m=mitid");
	assert_int_equal(get(t, "/mitid"), 303);
	loc = header(t, "Location");
	assert_non_null(st = strstr(loc, "state="));
	snprintf(path, sizeof(path), "/mitid/callback?code=abc&%.*s",
	    (int)strcspn(st, "&"), st);
	/* A state not ours: refused, the sign-in under way unspoilt. */
	redirects(t, "/mitid/callback?code=abc&state=forged", "/?m=mitid");
	/*
	 * Ours, but after mitid_timeout (2 minutes): refused as late.  170 s
	 * is past the idle limit (155 s): the session was held for the broker.
	 */
	harness_set_clock(&t->h, time(NULL) + 170);
	redirects(t, path, "/?m=mitid-late");
	assert_int_equal(get(t, "/?m=mitid-late"), 200);
	has(t, "Log ind med MitID tog for lang tid");
	/* And it cannot be used again. */
	redirects(t, path, "/?m=mitid");
}

/* Back from the broker's sign-out; the refusal screens. */
static void
test_signed_out_and_refused(void **state)
{
	struct mitid_test *t = *state = up("mitid");

	redirects(t, "/mitid/signed-out?state=timeout", "/?m=timeout");
	redirects(t, "/mitid/signed-out?state=low", "/mitid/refused?why=low");
	redirects(t, "/mitid/signed-out?state=%3Cscript%3E", "/");
	redirects(t, "/mitid/signed-out", "/");
	assert_int_equal(get(t, "/mitid/refused?why=low"), 200);
	has(t, "Du kan ikke logge ind på den måde her");
	has(t, "MitID-appen");
	assert_int_equal(get(t, "/mitid/refused?why=unknown"), 200);
	has(t, "Vi kan ikke finde dig");
	/* Only MitID: one button, no CPR screen offered. */
	assert_int_equal(get(t, "/"), 200);
	has(t, "Du logger ind med MitID.");
	assert_null(strstr(buf_str(&t->body), "href=\"/cpr\""));
}

/* Without mitid in [kiosk] login, there is no MitID. */
static void
test_sms_only(void **state)
{
	struct mitid_test *t = *state = up("sms");

	assert_int_equal(get(t, "/"), 200);
	assert_null(strstr(buf_str(&t->body), "href=\"/mitid\""));
	assert_null(strstr(buf_str(&t->body), "id=\"mitid-wait\""));
	has(t, ">Start<");
	redirects(t, "/mitid", "/?m=mitid");
}

/*
 * Sites: each sends the broker its own way back (/s/NAME/mitid/...), a
 * sign-in started at one site is no sign-in at another, and the refusal
 * screens stay in the site.
 */
static void
test_sites(void **state)
{
	struct mitid_test *t = *state = up_with("sms, mitid",
	    "[site.nord]\ndesk = Skranken i nord\n"
	    "[site.syd]\ndesk = Skranken i syd\n");
	const char	  *loc, *st;
	char		   want[160], path[256];

	assert_int_equal(get(t, "/s/nord/"), 200);
	has(t, "href=\"/s/nord/mitid\"");
	assert_int_equal(get(t, "/mitid"), 404);
	assert_int_equal(get(t, "/s/nord/mitid"), 303);
	loc = header(t, "Location");
	snprintf(want, sizeof(want),
	    "redirect_uri=http%%3A%%2F%%2F127.0.0.1%%3A%d"
	    "%%2Fs%%2Fnord%%2Fmitid%%2Fcallback",
	    t->kiosk.port);
	assert_non_null(strstr(loc, want));
	assert_non_null(st = strstr(loc, "state="));
	snprintf(path, sizeof(path), "/s/syd/mitid/callback?code=abc&%.*s",
	    (int)strcspn(st, "&"), st);
	/* Nord's sign-in, brought back to syd: not syd's. */
	redirects(t, path, "/s/syd/?m=mitid");
	assert_int_equal(get(t, "/s/syd/mitid"), 303);
	snprintf(want, sizeof(want),
	    "redirect_uri=http%%3A%%2F%%2F127.0.0.1%%3A%d"
	    "%%2Fs%%2Fsyd%%2Fmitid%%2Fcallback",
	    t->kiosk.port);
	assert_non_null(strstr(header(t, "Location"), want));
	redirects(t, "/s/syd/mitid/signed-out?state=low",
	    "/s/syd/mitid/refused?why=low");
	assert_int_equal(get(t, "/s/syd/mitid/refused?why=low"), 200);
	has(t, "Du kan ikke logge ind på den måde her");
}

/* libcurl write callback into a struct buf. */
static size_t
collect(char *p, size_t size, size_t n, void *arg)
{
	buf_append(arg, p, size * n);
	return size * n;
}

/*
 * The stand-in browser at the broker (its own cookies): from the last
 * reply's Location (the kiosk's redirect to the broker) through the
 * login form as login/demo to the broker's redirect back to the kiosk,
 * whose path and query go into path.
 */
static void
broker_sign_in(struct mitid_test *t, const char *login, char *path, size_t len)
{
	CURL	  *c;
	struct buf url = { 0 }, body = { 0 }, form = { 0 };
	char	   back[96], *loc;
	long	   status;
	int	   hop, posted = 0;

	snprintf(back, sizeof(back), "http://127.0.0.1:%d/mitid/callback?",
	    t->kiosk.port);
	buf_puts(&url, header(t, "Location"));
	buf_printf(&form, "login=%s&password=demo", login);
	if ((c = curl_easy_init()) == NULL)
		fail_msg("curl_easy_init");
	curl_easy_setopt(c, CURLOPT_COOKIEFILE, "");
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 20L);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &body);
	for (hop = 0; strncmp(buf_str(&url), back, strlen(back)) != 0; hop++) {
		if (hop == 12)
			fail_msg("no way back from the broker: %s", url.data);
		buf_reset(&body);
		curl_easy_setopt(c, CURLOPT_URL, buf_str(&url));
		curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
		if (curl_easy_perform(c) != CURLE_OK)
			fail_msg("broker: %s failed", url.data);
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
		loc = NULL;
		curl_easy_getinfo(c, CURLINFO_REDIRECT_URL, &loc);
		if (loc == NULL) {
			/* The login form, once. */
			if (posted || status != 200 ||
			    strstr(buf_str(&body), "name=\"password\"") == NULL)
				fail_msg("no login form at %s (%ld):\n%s",
				    url.data, status, buf_str(&body));
			posted = 1;
			buf_puts(&url, "/login");
			buf_reset(&body);
			curl_easy_setopt(c, CURLOPT_URL, buf_str(&url));
			curl_easy_setopt(c, CURLOPT_POSTFIELDS, buf_str(&form));
			if (curl_easy_perform(c) != CURLE_OK)
				fail_msg("broker: login failed");
			loc = NULL;
			curl_easy_getinfo(c, CURLINFO_REDIRECT_URL, &loc);
			if (loc == NULL)
				fail_msg("login refused:\n%s", buf_str(&body));
		}
		buf_reset(&url);
		buf_puts(&url, loc);
	}
	snprintf(path, len, "%s",
	    buf_str(&url) + strlen(back) - strlen("/mitid/callback?"));
	curl_easy_cleanup(c);
	buf_free(&url);
	buf_free(&body);
	buf_free(&form);
}

/*
 * In the pop-up (?popup=1) the sign-in ends at /mitid/done, which shows
 * no citizen data; the agreement is then the start screen's window's.
 * Without it, as always, at the agreement.
 */
static void
test_popup_sign_in(void **state)
{
	struct mitid_test *t = *state = up("sms, mitid");
	char		   path[2048];

	/* The start screen: the time limit for the script, the wait block. */
	assert_int_equal(get(t, "/"), 200);
	has(t, "data-mitid-timeout=\"120\"");
	has(t, "<div id=\"mitid-wait\" hidden>");
	has(t, "MitID er åbnet i et nyt vindue");
	assert_string_equal(
	    header(t, "Cross-Origin-Opener-Policy"), "unsafe-none");

	assert_int_equal(get(t, "/mitid?popup=1"), 303);
	assert_string_equal(
	    header(t, "Cross-Origin-Opener-Policy"), "unsafe-none");
	broker_sign_in(t, "mads", path, sizeof(path));
	redirects(t, path, "/mitid/done");
	assert_string_equal(
	    header(t, "Cross-Origin-Opener-Policy"), "unsafe-none");
	assert_int_equal(get(t, "/mitid/done"), 200);
	has(t, "Du er logget ind");
	has(t,
	    "href=\"/agreement\" class=\"button button-primary kiosk-big\" "
	    "data-next");
	assert_null(strstr(buf_str(&t->body), "Mads"));
	assert_string_equal(
	    header(t, "Cross-Origin-Opener-Policy"), "unsafe-none");
	/* Signed in: the pop-up's way in goes to the same page. */
	redirects(t, "/mitid?popup=1", "/mitid/done");
	assert_int_equal(get(t, "/agreement"), 200);
	has(t, "Mads");
	assert_string_equal(
	    header(t, "Cross-Origin-Opener-Policy"), "same-origin");
}

static void
test_same_window_sign_in(void **state)
{
	struct mitid_test *t = *state = up("sms, mitid");
	char		   path[2048];

	assert_int_equal(get(t, "/mitid"), 303);
	broker_sign_in(t, "mads", path, sizeof(path));
	redirects(t, path, "/agreement");
	assert_int_equal(get(t, "/agreement"), 200);
	has(t, "Mads");
	redirects(t, "/mitid", "/agreement");
}

/* /mitid/done without a signed-in session: the start screen. */
static void
test_done_needs_sign_in(void **state)
{
	struct mitid_test *t = *state = up("sms, mitid");

	redirects(t, "/mitid/done", "/");
	assert_int_equal(get(t, "/mitid?popup=1"), 303);
	redirects(t, "/mitid/done", "/");
}

/*
 * The start screen's window gives up (Afbryd, the deadline): the sign-in
 * under way is forgotten, so the broker's answer after that is refused;
 * a session that signed in meanwhile goes to its agreement.
 */
static void
test_cancel(void **state)
{
	struct mitid_test *t = *state = up("sms, mitid");
	char		   path[2048];

	redirects(t, "/mitid/cancel", "/");
	redirects(t, "/mitid/cancel?why=late", "/?m=mitid-late");
	assert_int_equal(get(t, "/mitid?popup=1"), 303);
	broker_sign_in(t, "mads", path, sizeof(path));
	redirects(t, "/mitid/cancel", "/");
	redirects(t, path, "/?m=mitid");
	assert_int_equal(get(t, "/agreement"), 303);

	assert_int_equal(get(t, "/mitid?popup=1"), 303);
	broker_sign_in(t, "mads", path, sizeof(path));
	redirects(t, "/mitid/cancel?why=late", "/?m=mitid-late");
	redirects(t, path, "/?m=mitid");

	assert_int_equal(get(t, "/mitid?popup=1"), 303);
	broker_sign_in(t, "mads", path, sizeof(path));
	redirects(t, path, "/mitid/done");
	redirects(t, "/mitid/cancel?why=late", "/agreement");
}

/* kiosk -n: the client secret is checked too. */
static void
test_check_needs_secret(void **state)
{
	struct harness h;
	struct buf     ini = { 0 }, err = { 0 };
	const char    *args[] = { "-n", NULL };

	(void)state;
	mitid_ini("mitid", &ini);
	harness_init(&h, buf_str(&ini));
	harness_init_db(&h, NULL);
	assert_int_not_equal(harness_run(&h, "kiosk", 1, args, NULL, &err), 0);
	assert_non_null(strstr(buf_str(&err), "[oidc.citizen]"));
	harness_write_file(
	    &h, "oidc-citizen.secret", "kiosk-secret-123456\n", NULL, 0);
	assert_int_equal(harness_run(&h, "kiosk", 1, args, NULL, NULL), 0);
	buf_free(&ini);
	buf_free(&err);
	harness_done(&h);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_start_and_redirect, teardown),
		cmocka_unit_test_teardown(test_callbacks_refused, teardown),
		cmocka_unit_test_teardown(
		    test_signed_out_and_refused, teardown),
		cmocka_unit_test_teardown(test_sms_only, teardown),
		cmocka_unit_test_teardown(test_sites, teardown),
		cmocka_unit_test_teardown(test_popup_sign_in, teardown),
		cmocka_unit_test_teardown(test_same_window_sign_in, teardown),
		cmocka_unit_test_teardown(test_done_needs_sign_in, teardown),
		cmocka_unit_test_teardown(test_cancel, teardown),
		cmocka_unit_test(test_check_needs_secret),
	};

	return cmocka_run_group_tests_name(
	    "kiosk_mitid", tests, idp_up, idp_down);
}
