/*
 * it_kiosk_sites - one kiosk server for two lobbies ([site.nord] and
 * [site.syd], kiosk/site.h) as a black box over HTTP: each start page
 * shows its own desk and opening hours, / lists the sites, an unknown
 * site is a 404 in the person's language, a whole session stays under
 * its site (sign-in, agreement, "call me", log out back to the site's
 * start), the audit and login rows name the site, a session from one
 * site shows nothing at the other, and kiosk -n refuses a bad site name
 * with file and line.
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

#include "buf.h"
#include "harness.h"
#include "store.h"
#include "store_kiosk.h"
#include "store_outbox.h"

#define NOW    1796119200 /* 2026-12-01 10:00 Copenhagen */
#define CPR    "010190-1234"
#define MOBILE "+4520000101"

static const char people[] =
    "{\"staff\": [{\"id\": \"s-inger\", \"name\": \"Inger Holm\","
    " \"mobile\": \"+4520000001\"}],"
    " \"citizens\": [{\"id\": \"c-mads\", \"cpr\": \"" CPR "\","
    " \"given_name\": \"Mads\", \"mobile\": \"" MOBILE "\","
    " \"language\": \"da\"}],"
    " \"agreements\": [{\"id\": \"a-mads\", \"citizen\": \"c-mads\","
    " \"mentor\": \"s-inger\", \"goal\": \"Et mål\","
    " \"starts\": \"2026-11-01\", \"ends\": \"2027-04-30\","
    " \"status\": \"active\"}]}";

static const char sites[] = "[site.nord]\n"
			    "desk = skranken i stueetagen\n"
			    "desk.en = the desk on the ground floor\n"
			    "address = Nørregade 5, 2730 Herlev\n"
			    "hours = Mandag-fredag 9-15\n"
			    "hours.en = Monday to Friday 9-15\n"
			    "[site.syd]\n"
			    "desk = receptionen på 1. sal\n"
			    "address = Sydvej 2, 2730 Herlev\n"
			    "hours = Tirsdag og torsdag 10-14\n";

struct lobby {
	struct harness h;
	struct proc    kiosk;
};

/* One browser: its cookie, the last page, its CSRF token and status. */
struct browser {
	int	   port;
	char	   cookie[128];
	char	   csrf[65];
	long	   status;
	char	   location[256];
	struct buf page;
	struct buf head;
};

static int
lobby_up(void **state)
{
	struct lobby *l;
	char	      file[400];
	const char   *args[] = { "-f", NULL, NULL };

	if ((l = calloc(1, sizeof(*l))) == NULL)
		return -1;
	harness_init(&l->h, sites);
	harness_set_clock(&l->h, NOW);
	harness_write_file(&l->h, "people.json", people, file, sizeof(file));
	harness_init_db(&l->h, file);
	args[1] = l->h.config;
	snprintf(file, sizeof(file), "%s/kiosk.port", l->h.dir);
	harness_start(&l->h, &l->kiosk, "bin/kiosk", args, file);
	*state = l;
	return 0;
}

static int
lobby_down(void **state)
{
	struct lobby *l = *state;

	assert_int_equal(harness_stop(&l->kiosk), 0);
	harness_done(&l->h);
	free(l);
	return 0;
}

/* Copy the value of header name in b->head to out (empty if none). */
static void
header_value(const struct browser *b, const char *name, char *out, size_t len)
{
	const char *line = buf_str(&b->head);
	size_t	    n = strlen(name);

	out[0] = '\0';
	while (*line != '\0') {
		if (strncasecmp(line, name, n) == 0 && line[n] == ':') {
			snprintf(out, len, "%.*s",
			    (int)strcspn(line + n + 2, ";\r\n"), line + n + 2);
			return;
		}
		line += strcspn(line, "\n");
		line += *line == '\n';
	}
}

/*
 * Send method path (form fields for a POST, the CSRF token added) with
 * the browser's cookie; remember a new cookie and token.  Returns the
 * status.
 */
static long
browse(
    struct browser *b, const char *method, const char *path, const char *fields)
{
	char	    cookie[160], body[512], set[sizeof(b->cookie)];
	const char *hdr[3] = { NULL, NULL, NULL }, *tok;
	int	    n = 0;

	if (b->cookie[0] != '\0') {
		snprintf(cookie, sizeof(cookie), "Cookie: %s", b->cookie);
		hdr[n++] = cookie;
	}
	if (fields != NULL) {
		hdr[n++] = "Content-Type: application/x-www-form-urlencoded";
		snprintf(body, sizeof(body), "csrf=%s%s%s", b->csrf,
		    fields[0] != '\0' ? "&" : "", fields);
	}
	buf_reset(&b->page);
	buf_reset(&b->head);
	b->status = harness_http(b->port, method, path, hdr,
	    fields != NULL ? body : NULL, fields != NULL ? strlen(body) : 0,
	    &b->page, &b->head);
	header_value(b, "Set-Cookie", set, sizeof(set));
	if (strncmp(set, "kiosk_session=", 14) == 0 && set[14] != '\0')
		snprintf(b->cookie, sizeof(b->cookie), "%s", set);
	header_value(b, "Location", b->location, sizeof(b->location));
	if ((tok = strstr(buf_str(&b->page), "name=\"csrf\" value=\"")) != NULL)
		snprintf(b->csrf, sizeof(b->csrf), "%.64s", tok + 19);
	return b->status;
}

/* GET path: expect status, and the page to hold text (may be NULL). */
static void
expect_page(struct browser *b, const char *path, long status, const char *text)
{
	browse(b, "GET", path, NULL);
	if (b->status != status)
		fail_msg("GET %s: %ld, expected %ld", path, b->status, status);
	if (text != NULL && strstr(buf_str(&b->page), text) == NULL)
		fail_msg("GET %s lacks \"%s\"", path, text);
}

/* The last request was a 303 to location. */
static void
expect_see_other(const struct browser *b, const char *location)
{
	assert_int_equal(b->status, 303);
	assert_string_equal(b->location, location);
}

static void
browser_open(struct browser *b, const struct lobby *l)
{
	memset(b, 0, sizeof(*b));
	b->port = l->kiosk.port;
}

static void
browser_close(struct browser *b)
{
	buf_free(&b->page);
	buf_free(&b->head);
}

static int
newest_code(const struct outbox_rec *r, void *arg)
{
	const char *p = r->body != NULL ? r->body : "";

	p += strcspn(p, "0123456789");
	snprintf(arg, 7, "%.6s", p);
	return 1;
}

/* Sign in as Mads at the site whose paths begin with prefix ("/s/nord"). */
static void
sign_in(struct lobby *l, struct browser *b, const char *prefix)
{
	struct store *s;
	char	      path[64], want[64], err[256], code[7] = "", fields[32];

	snprintf(path, sizeof(path), "%s/cpr", prefix);
	expect_page(b, path, 200, "name=\"csrf\"");
	browse(b, "POST", path, "cpr=" CPR "&action=send");
	snprintf(want, sizeof(want), "%s/code", prefix);
	expect_see_other(b, want);
	if (store_open(l->h.db, 0, &s, err, sizeof(err)) != STORE_OK)
		fail_msg("%s", err);
	assert_int_equal(
	    store_outbox_list(s, -1, MOBILE, 1, newest_code, code), STORE_OK);
	store_close(s);
	assert_int_equal(strlen(code), 6);
	expect_page(b, want, 200, NULL);
	snprintf(fields, sizeof(fields), "code=%s", code);
	browse(b, "POST", want, fields);
	snprintf(want, sizeof(want), "%s/agreement", prefix);
	expect_see_other(b, want);
}

struct actor_seen {
	const char *action;
	char	    actor[96];
	int	    rows;
};

static int
actor_of(const struct audit_rec *r, void *arg)
{
	struct actor_seen *a = arg;

	if (strcmp(r->action, a->action) == 0) {
		a->rows++;
		snprintf(a->actor, sizeof(a->actor), "%s", r->actor);
	}
	return 0;
}

/* The actor of the last audit row with action; fails unless one. */
static const char *
audit_actor(struct lobby *l, const char *action)
{
	static struct actor_seen a;
	struct store		*s;
	char			 err[256];

	memset(&a, 0, sizeof(a));
	a.action = action;
	if (store_open(l->h.db, 0, &s, err, sizeof(err)) != STORE_OK)
		fail_msg("%s", err);
	assert_int_equal(store_audit_list(s, 0, actor_of, &a), STORE_OK);
	store_close(s);
	if (a.rows != 1)
		fail_msg("%d audit rows %s, expected 1", a.rows, action);
	return a.actor;
}

static void
test_each_site_its_own_start(void **state)
{
	struct browser b;

	browser_open(&b, *state);
	expect_page(&b, "/s/nord/", 200, "Spørg ved skranken i stueetagen.");
	expect_page(&b, "/s/nord/", 200, "<dd>Mandag-fredag 9-15</dd>");
	expect_page(&b, "/s/nord/", 200, "<dd>Nørregade 5, 2730 Herlev</dd>");
	expect_page(&b, "/s/nord/", 200, "href=\"/s/nord/cpr\"");
	expect_page(&b, "/s/nord/", 200, "href=\"/assets/kiosk.css\"");
	assert_null(strstr(buf_str(&b.page), "receptionen"));
	assert_null(strstr(buf_str(&b.page), "Tirsdag"));
	assert_null(strstr(buf_str(&b.page), "href=\"/cpr\""));
	expect_page(&b, "/s/syd/", 200, "Spørg ved receptionen på 1. sal.");
	expect_page(&b, "/s/syd/", 200, "<dd>Tirsdag og torsdag 10-14</dd>");
	assert_null(strstr(buf_str(&b.page), "stueetagen"));
	assert_null(strstr(buf_str(&b.page), "Mandag"));
	/* The top level lists both; a site without its slash gets it. */
	expect_page(&b, "/", 200, "href=\"/s/nord/\"");
	expect_page(&b, "/", 200, "href=\"/s/syd/\"");
	expect_page(&b, "/s/syd", 303, NULL);
	expect_see_other(&b, "/s/syd/");
	/* The pages live under the sites only. */
	expect_page(&b, "/cpr", 404, "Siden findes ikke");
	expect_page(&b, "/agreement", 404, NULL);
	expect_page(&b, "/s/vest/", 404, "Siden findes ikke");
	expect_page(&b, "/s/Nord/", 404, NULL);
	expect_page(&b, "/s/", 404, NULL);
	expect_page(&b, "/s/nord/assets/kiosk.css", 200, NULL);
	browser_close(&b);
}

/* English is chosen at one site: its texts, and a 404 in English. */
static void
test_language_and_unknown_site(void **state)
{
	struct browser b;

	browser_open(&b, *state);
	browse(&b, "GET", "/s/nord/lang?to=en&back=start", NULL);
	expect_see_other(&b, "/s/nord/");
	expect_page(
	    &b, "/s/nord/", 200, "Ask at the desk on the ground floor.");
	expect_page(&b, "/s/nord/", 200, "<dd>Monday to Friday 9-15</dd>");
	expect_page(&b, "/s/vest/", 404, "Page not found");
	expect_page(&b, "/cpr", 404, "Page not found");
	/* syd has no English desk nor hours: the organisation's desk in
	   English, and no Danish hours for an English reader. */
	expect_page(&b, "/s/syd/", 200, "Ask at the front desk.");
	assert_null(strstr(buf_str(&b.page), "Tirsdag"));
	expect_page(&b, "/", 200, "Where are you?");
	browser_close(&b);
}

static void
test_session_stays_at_its_site(void **state)
{
	struct lobby  *l = *state;
	struct browser b;
	struct store  *s;
	char	       err[256];
	int64_t	       n = -1;

	browser_open(&b, l);
	sign_in(l, &b, "/s/nord");
	expect_page(&b, "/s/nord/agreement", 200, "href=\"/s/nord/call-me\"");
	assert_string_equal(audit_actor(l, "kiosk_login"), "kiosk-1/nord");
	assert_string_equal(
	    audit_actor(l, "kiosk_code_requested"), "kiosk-1/nord");
	if (store_open(l->h.db, 0, &s, err, sizeof(err)) != STORE_OK)
		fail_msg("%s", err);
	assert_int_equal(
	    store_kiosk_count_kiosk(s, "kiosk-1/nord", 0, &n), STORE_OK);
	assert_int_equal(n, 1);
	store_close(s);
	/* The same cookie at the other site: no data, no session there. */
	browse(&b, "GET", "/s/syd/agreement", NULL);
	expect_see_other(&b, "/s/syd/");
	assert_null(strstr(buf_str(&b.page), "Mads"));
	browse(&b, "POST", "/s/syd/call-me", "");
	assert_int_equal(b.status, 403);
	assert_null(strstr(buf_str(&b.page), "Inger"));
	browse(&b, "POST", "/s/syd/logout", "");
	expect_see_other(&b, "/s/syd/");
	/* ... and it goes on at its own site. */
	expect_page(&b, "/s/nord/call-me", 200, "action=\"/s/nord/call-me\"");
	browse(&b, "POST", "/s/nord/call-me", "");
	expect_see_other(&b, "/s/nord/call-me/done");
	assert_string_equal(
	    audit_actor(l, "kiosk_contact_request"), "kiosk-1/nord");
	expect_page(
	    &b, "/s/nord/complaints", 200, "href=\"/s/nord/agreement\"");
	browse(&b, "POST", "/s/nord/logout", "");
	expect_see_other(&b, "/s/nord/?m=logout");
	assert_string_equal(audit_actor(l, "kiosk_logout"), "kiosk-1/nord");
	expect_page(&b, "/s/nord/?m=logout", 200, "Du er logget ud.");
	browser_close(&b);
}

/* kiosk -n: the line of a bad site name, and a name too long. */
static void
test_check_refuses_bad_sites(void **state)
{
	struct harness h;
	struct buf     out = { 0 }, err = { 0 };
	const char    *args[] = { "-n", NULL };
	char	       want[400];

	(void)state;
	harness_init(&h, "[site.nord]\ndesk = a\n[site.Syd]\ndesk = b\n");
	assert_int_not_equal(harness_run(&h, "kiosk", 1, args, &out, &err), 0);
	snprintf(want, sizeof(want), "%s:", h.config);
	assert_non_null(strstr(buf_str(&err), want));
	assert_non_null(strstr(buf_str(&err), "[site.Syd] desk: a site name"));
	harness_done(&h);
	buf_reset(&err);
	harness_init(&h,
	    "[kiosk]\nid = the-kiosk-in-the-lobby-of-the-town-hall\n"
	    "[site.the-north-entrance-on-the-corner]\ndesk = a\n");
	assert_int_not_equal(harness_run(&h, "kiosk", 1, args, &out, &err), 0);
	assert_non_null(strstr(buf_str(&err),
	    "[site.the-north-entrance-on-the-corner]: [kiosk] id"));
	harness_done(&h);
	buf_free(&out);
	buf_free(&err);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    test_each_site_its_own_start, lobby_up, lobby_down),
		cmocka_unit_test_setup_teardown(
		    test_language_and_unknown_site, lobby_up, lobby_down),
		cmocka_unit_test_setup_teardown(
		    test_session_stays_at_its_site, lobby_up, lobby_down),
		cmocka_unit_test(test_check_refuses_bad_sites),
	};

	return cmocka_run_group_tests_name("it_kiosk_sites", tests, NULL, NULL);
}
