/*
 * console_util.h - what the staff console's integration tests share
 * (it_console.c, it_console_edit.c, it_console_admin.c, it_console_sec.c,
 * bench/console_bench.c): a real OpenID Connect provider
 * (npm oidc-provider, tests/oidc/provider.js on 127.0.0.1 port 0), the
 * console on port 0 over a small fixture, and a stand-in browser
 * (libcurl with a cookie jar, redirects followed by hand) that signs in
 * through the provider's login form.  Static functions: included by one
 * test program each.
 */
#ifndef MENTOR_CONSOLE_UTIL_H
#define MENTOR_CONSOLE_UTIL_H

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
#include "contact.h"
#include "harness.h"
#include "store.h"
#include "store_contact.h"
#include "store_outbox.h"
#include "store_staff.h"

#define MAX_HOPS    16
#define MADS_MOBILE "+4520000101"

/* Not every program that includes this uses every function. */
#define CONSOLE_UTIL_UNUSED __attribute__((unused))

/*
 * The provider's client and accounts.  The client is "native" so the
 * provider takes our loopback redirect URI on any port (RFC 8252): the
 * console listens on port 0.
 */
static const char provider_conf[] =
    "{\"clients\": ["
    " {\"client_id\": \"console\", \"client_secret\": \"console-secret-123456\","
    "  \"application_type\": \"native\","
    "  \"redirect_uris\": [\"http://127.0.0.1/callback\"],"
    "  \"post_logout_redirect_uris\": [\"http://127.0.0.1/signed-out\"]}],"
    " \"accounts\": ["
    " {\"sub\": \"s1\", \"login\": \"mette\", \"password\": \"demo\","
    "  \"claims\": {\"preferred_username\": \"mette@kommune.test\"}},"
    " {\"sub\": \"s2\", \"login\": \"lars\", \"password\": \"demo\","
    "  \"claims\": {\"preferred_username\": \"lars@kommune.test\"}},"
    " {\"sub\": \"s4\", \"login\": \"kim\", \"password\": \"demo\","
    "  \"claims\": {\"preferred_username\": \"kim@kommune.test\"}},"
    " {\"sub\": \"s5\", \"login\": \"dina\", \"password\": \"demo\","
    "  \"claims\": {\"preferred_username\": \"dina@kommune.test\"}},"
    " {\"sub\": \"s3\", \"login\": \"ukendt\", \"password\": \"demo\","
    "  \"claims\": {\"preferred_username\": \"ukendt@kommune.test\"}}]}";

static const char fixture[] =
    "{\"staff\": ["
    " {\"id\": \"s-mette\", \"name\": \"Mette Hansen\", \"mobile\": \"+4520000001\"},"
    " {\"id\": \"s-lars\", \"name\": \"Lars Berg\", \"mobile\": \"+4520000002\"},"
    " {\"id\": \"s-kim\", \"name\": \"Kim Koordinator\", \"login\": \"kim@kommune.test\","
    " \"roles\": \"coordinator\"},"
    " {\"id\": \"s-dina\", \"name\": \"Dina Skranke\", \"login\": \"dina@kommune.test\","
    " \"roles\": \"desk\"}],"
    " \"citizens\": [{\"id\": \"c-mads\", \"cpr\": \"0101701234\","
    " \"given_name\": \"Mads\", \"mobile\": \"" MADS_MOBILE
    "\", \"language\": \"da\"},"
    " {\"id\": \"c-ole\", \"cpr\": \"0202801234\", \"given_name\": \"Ole\","
    " \"mobile\": \"+4520000102\", \"language\": \"da\"}],"
    " \"agreements\": [{\"id\": \"a-mads\", \"citizen\": \"c-mads\","
    " \"mentor\": \"s-mette\", \"goal\": \"Komme i praktik\","
    " \"starts\": \"2026-01-01\", \"ends\": \"2035-12-31\", \"status\": \"active\"},"
    " {\"id\": \"a-ole\", \"citizen\": \"c-ole\", \"mentor\": \"s-lars\","
    " \"starts\": \"2026-01-01\", \"ends\": \"2035-12-31\", \"status\": \"active\"}]}";

static struct harness idp_h;
static struct proc    idp;
static char	      issuer[64];

struct console_test {
	struct harness h;
	struct proc    console;
	char	       base[64]; /* http://127.0.0.1:PORT */
	CURL	      *browser;
	struct buf     body;
	struct buf     url; /* where the browser is */
	long	       status;
};

/* Start the provider (group setup). */
static int CONSOLE_UTIL_UNUSED
idp_up(void **state)
{
	(void)state;
	harness_idp_start(&idp_h, &idp, provider_conf, issuer, sizeof(issuer));
	return 0;
}

static int CONSOLE_UTIL_UNUSED
idp_down(void **state)
{
	(void)state;
	harness_idp_stop(&idp_h, &idp);
	return 0;
}

/* Give staff member ext the login. */
static void CONSOLE_UTIL_UNUSED
set_login(struct store *s, const char *ext, const char *login)
{
	struct staff_rec st;

	assert_int_equal(store_staff_by_external(s, ext, &st), STORE_OK);
	assert_int_equal(store_staff_set_login(s, st.id, login), STORE_OK);
	staff_rec_free(&st);
}

/* Open a contact request for citizen ext, as a text "Ring mig" would. */
static void CONSOLE_UTIL_UNUSED
open_request(struct console_test *t, const char *ext)
{
	struct config	      *cfg;
	struct store	      *s;
	struct citizen_rec     c;
	struct contact_outcome out;
	char		       err[CONFIG_ERR_MAX];

	if ((cfg = config_load(t->h.config, err, sizeof(err))) == NULL)
		fail_msg("%s", err);
	assert_int_equal(
	    store_open(t->h.db, 0, &s, err, sizeof(err)), STORE_OK);
	assert_int_equal(store_citizen_by_external(s, ext, &c), STORE_OK);
	assert_int_equal(
	    contact_open(s, cfg, c.id, "sms", time(NULL), &out), 0);
	assert_int_equal(out.kind, CONTACT_OPENED);
	contact_outcome_free(&out);
	citizen_rec_free(&c);
	store_close(s);
	config_free(cfg);
}

/* A database, logins, the console on port 0, a new browser. */
static int CONSOLE_UTIL_UNUSED
setup(void **state)
{
	struct console_test *t;
	struct buf	     ini = { 0 };
	struct store	    *s;
	char		     path[400], err[256];
	const char	    *args[] = { "-v", "-f", NULL, NULL };

	if ((t = calloc(1, sizeof(*t))) == NULL)
		fail_msg("calloc");
	buf_printf(&ini,
	    "[console]\nlisten = 127.0.0.1:0\n"
	    "port_file = console.port\n[oidc.staff]\nissuer = %s\n"
	    "client_id = console\n",
	    issuer);
	harness_init(&t->h, ini.data);
	buf_free(&ini);
	harness_write_file(
	    &t->h, "oidc-staff.secret", "console-secret-123456", NULL, 0);
	harness_write_file(&t->h, "fixture.json", fixture, path, sizeof(path));
	harness_init_db(&t->h, path);
	assert_int_equal(
	    store_open(t->h.db, 0, &s, err, sizeof(err)), STORE_OK);
	set_login(s, "s-mette", "mette@kommune.test");
	set_login(s, "s-lars", "lars@kommune.test");
	store_close(s);
	open_request(t, "c-mads");
	args[2] = t->h.config;
	snprintf(path, sizeof(path), "%s/console.port", t->h.dir);
	harness_start(&t->h, &t->console, "bin/console", args, path);
	snprintf(
	    t->base, sizeof(t->base), "http://127.0.0.1:%d", t->console.port);
	if ((t->browser = curl_easy_init()) == NULL)
		fail_msg("curl_easy_init");
	curl_easy_setopt(t->browser, CURLOPT_COOKIEFILE, "");
	*state = t;
	return 0;
}

static int CONSOLE_UTIL_UNUSED
teardown(void **state)
{
	struct console_test *t = *state;

	curl_easy_cleanup(t->browser);
	assert_int_equal(harness_stop(&t->console), 0);
	buf_free(&t->body);
	buf_free(&t->url);
	harness_done(&t->h);
	free(t);
	return 0;
}

static size_t CONSOLE_UTIL_UNUSED
collect(char *p, size_t size, size_t n, void *arg)
{
	buf_append(arg, p, size * n);
	return size * n;
}

/*
 * One request: GET url (a path is the console's), or POST form.  Sets
 * t->status and t->body; a redirect's target goes into next (may be
 * NULL).
 */
static long CONSOLE_UTIL_UNUSED
browse(
    struct console_test *t, const char *url, const char *form, struct buf *next)
{
	struct buf full = { 0 };
	char	  *loc = NULL;

	if (url[0] == '/')
		buf_printf(&full, "%s%s", t->base, url);
	else
		buf_puts(&full, url);
	buf_reset(&t->body);
	curl_easy_setopt(t->browser, CURLOPT_URL, full.data);
	curl_easy_setopt(t->browser, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(t->browser, CURLOPT_TIMEOUT, 20L);
	curl_easy_setopt(t->browser, CURLOPT_WRITEFUNCTION, collect);
	curl_easy_setopt(t->browser, CURLOPT_WRITEDATA, &t->body);
	if (form != NULL)
		curl_easy_setopt(t->browser, CURLOPT_COPYPOSTFIELDS, form);
	else
		curl_easy_setopt(t->browser, CURLOPT_HTTPGET, 1L);
	if (curl_easy_perform(t->browser) != CURLE_OK)
		fail_msg("browser: %s failed", full.data);
	curl_easy_getinfo(t->browser, CURLINFO_RESPONSE_CODE, &t->status);
	curl_easy_getinfo(t->browser, CURLINFO_REDIRECT_URL, &loc);
	if (next != NULL) {
		buf_reset(next);
		if (loc != NULL)
			buf_puts(next, loc);
	}
	buf_reset(&t->url);
	buf_puts(&t->url, full.data);
	buf_free(&full);
	return t->status;
}

/*
 * Go to url and follow redirects (through the provider's login form as
 * user, when it asks) until a page that is not a redirect.
 */
static long CONSOLE_UTIL_UNUSED
go(struct console_test *t, const char *url, const char *user)
{
	struct buf next = { 0 }, here = { 0 }, form = { 0 };
	int	   hop;

	buf_puts(&here, url);
	for (hop = 0; hop < MAX_HOPS; hop++) {
		browse(t, here.data, NULL, &next);
		if (next.len == 0 && user != NULL &&
		    strstr(t->body.data, "name=\"password\"") != NULL) {
			buf_reset(&form);
			buf_printf(&form, "login=%s&password=demo", user);
			buf_puts(&t->url, "/login");
			buf_reset(&here);
			buf_puts(&here, t->url.data);
			browse(t, here.data, form.data, &next);
			user = NULL;
		}
		if (next.len == 0)
			break;
		buf_reset(&here);
		buf_puts(&here, next.data);
	}
	if (hop == MAX_HOPS)
		fail_msg("more than %d redirects", MAX_HOPS);
	buf_free(&next);
	buf_free(&here);
	buf_free(&form);
	return t->status;
}

/* The CSRF token on the page now shown. */
static void CONSOLE_UTIL_UNUSED
page_csrf(struct console_test *t, char *out, size_t len)
{
	const char *p, *key = "name=\"csrf\" value=\"";

	if ((p = strstr(t->body.data, key)) == NULL)
		fail_msg("no CSRF field on the page:\n%s", t->body.data);
	p += strlen(key);
	snprintf(out, len, "%.*s", (int)strcspn(p, "\""), p);
}

struct audit_want {
	const char *action;
	const char *actor; /* NULL: anyone */
	int	    n;
};

static int CONSOLE_UTIL_UNUSED
audit_match(const struct audit_rec *r, void *arg)
{
	struct audit_want *w = arg;

	if (strcmp(r->action, w->action) == 0 &&
	    (w->actor == NULL ||
		(r->actor != NULL && strcmp(r->actor, w->actor) == 0)))
		w->n++;
	return 0;
}

/* Audit rows with this action by actor (NULL: anyone). */
static int CONSOLE_UTIL_UNUSED
audit_count(struct console_test *t, const char *action, const char *actor)
{
	struct audit_want w = { action, actor, 0 };
	struct store	 *s;
	char		  err[256];

	assert_int_equal(
	    store_open(t->h.db, 0, &s, err, sizeof(err)), STORE_OK);
	assert_int_equal(store_audit_list(s, 0, audit_match, &w), STORE_OK);
	store_close(s);
	return w.n;
}

/* 1 if the redirect target next ends in path. */
static int CONSOLE_UTIL_UNUSED
sent_to(const struct buf *next, const char *path)
{
	size_t n = strlen(path);

	return next->len >= n && strcmp(next->data + next->len - n, path) == 0;
}

/* Count the outbox rows to the number. */
static int CONSOLE_UTIL_UNUSED
count_row(const struct outbox_rec *r, void *arg)
{
	(void)r;
	(*(int *)arg)++;
	return 0;
}

static int CONSOLE_UTIL_UNUSED
outbox_to(struct console_test *t, const char *number)
{
	struct store *s;
	char	      err[256];
	int	      n = 0;

	assert_int_equal(
	    store_open(t->h.db, 0, &s, err, sizeof(err)), STORE_OK);
	assert_int_equal(
	    store_outbox_list(s, -1, number, 0, count_row, &n), STORE_OK);
	store_close(s);
	return n;
}

/* The local date days from now, YYYY-MM-DD. */
static void CONSOLE_UTIL_UNUSED
date_from_now(int days, char out[11])
{
	time_t	  t = time(NULL) + (time_t)days * 86400;
	struct tm tm;

	localtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

/* The id of staff member ext. */
static int64_t CONSOLE_UTIL_UNUSED
staff_id(struct console_test *t, const char *ext)
{
	struct store	*s;
	struct staff_rec st;
	char		 err[256];
	int64_t		 id;

	assert_int_equal(
	    store_open(t->h.db, 0, &s, err, sizeof(err)), STORE_OK);
	assert_int_equal(store_staff_by_external(s, ext, &st), STORE_OK);
	id = st.id;
	staff_rec_free(&st);
	store_close(s);
	return id;
}

#endif
