/*
 * it_kiosk - the kiosk as a black box over HTTP: headers and request
 * limits, login by code (known and unknown CPR alike), the code and CPR
 * limits and the lock, CSRF and Origin, session idle and absolute limits,
 * log out, "call me", and the audit rows each leaves.  Each test starts
 * build/.../bin/kiosk on port 0 over a fresh database (mentorctl init +
 * import of the fixture below) with the clock fixed through
 * MENTORLINK_CLOCK_FILE, and checks the database through the store.
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
#include "config.h"
#include "deskcode.h"
#include "store_kiosk.h"
#include "store_outbox.h"

#define T0		 1796119200 /* 2026-12-01 10:00 Copenhagen */
#define CPR_KNOWN	 "010190-1234"
#define CPR_NOMOBILE	 "020290-2345"
#define CPR_UNKNOWN	 "030390-3456"
#define MOBILE		 "+4520000101"
#define CPR_LIS		 "040490-4567" /* mentor away, deputy away too */
#define CPR_KAJ		 "050590-5678" /* mentor away, deputy without mobile */
#define CPR_IB		 "060690-6789" /* mentor away, deputy at work */
#define DESK_KIOSK_TRIES 5 /* kiosk/login.h LOGIN_DESK_KIOSK_TRIES */

static const char fixture[] =
    "{\"staff\": [{\"id\": \"s-inger\", \"name\": \"Inger Holm\","
    " \"mobile\": \"+4520000001\", \"email\": \"inger@example.dk\","
    " \"reachable\": \"Mandag-torsdag 9-15\", \"caseworker\": false},"
    " {\"id\": \"s-bo\", \"name\": \"Bo Kjærgaard\", \"mobile\": \"+4520000003\","
    " \"caseworker\": true},"
    " {\"id\": \"s-vera\", \"name\": \"Vera Vikar\", \"mobile\": \"+4520000004\","
    " \"away_from\": \"2026-11-20\", \"away_until\": \"2026-12-10\"},"
    " {\"id\": \"s-nils\", \"name\": \"Nils Nummerløs\"},"
    " {\"id\": \"s-alma\", \"name\": \"Alma Andersen\", \"mobile\": \"+4520000006\","
    " \"away_from\": \"2026-11-20\", \"away_until\": \"2026-12-10\","
    " \"deputy\": \"s-vera\"},"
    " {\"id\": \"s-karl\", \"name\": \"Karl Karlsen\", \"mobile\": \"+4520000007\","
    " \"away_from\": \"2026-11-20\", \"away_until\": \"2026-12-10\","
    " \"deputy\": \"s-nils\"},"
    " {\"id\": \"s-olga\", \"name\": \"Olga Olsen\", \"mobile\": \"+4520000008\","
    " \"away_from\": \"2026-11-20\", \"away_until\": \"2026-12-10\","
    " \"deputy\": \"s-bo\"}],"
    " \"citizens\": [{\"id\": \"c-mads\", \"cpr\": \"" CPR_KNOWN "\","
    " \"given_name\": \"Mads\", \"mobile\": \"" MOBILE
    "\", \"language\": \"da\"},"
    " {\"id\": \"c-ole\", \"cpr\": \"" CPR_NOMOBILE
    "\", \"given_name\": \"Ole\"},"
    " {\"id\": \"c-lis\", \"cpr\": \"" CPR_LIS "\", \"given_name\": \"Lis\","
    " \"mobile\": \"+4520000102\", \"language\": \"da\"},"
    " {\"id\": \"c-kaj\", \"cpr\": \"" CPR_KAJ "\", \"given_name\": \"Kaj\","
    " \"mobile\": \"+4520000103\", \"language\": \"da\"},"
    " {\"id\": \"c-ib\", \"cpr\": \"" CPR_IB "\", \"given_name\": \"Ib\","
    " \"mobile\": \"+4520000104\", \"language\": \"da\"}],"
    " \"agreements\": [{\"id\": \"a-mads\", \"citizen\": \"c-mads\","
    " \"mentor\": \"s-inger\", \"caseworker\": \"s-bo\","
    " \"goal\": \"Et mål <b>med</b> tegn & sådan\", \"tasks\": [\"Første opgave\"],"
    " \"starts\": \"2026-11-01\", \"ends\": \"2027-04-30\","
    " \"hours\": {\"amount\": 4, \"per\": \"week\"},"
    " \"complaint_guidance\": \"default\", \"status\": \"active\"},"
    " {\"id\": \"a-lis\", \"citizen\": \"c-lis\", \"mentor\": \"s-alma\","
    " \"starts\": \"2026-11-01\", \"ends\": \"2027-04-30\", \"status\": \"active\"},"
    " {\"id\": \"a-kaj\", \"citizen\": \"c-kaj\", \"mentor\": \"s-karl\","
    " \"starts\": \"2026-11-01\", \"ends\": \"2027-04-30\", \"status\": \"active\"},"
    " {\"id\": \"a-ib\", \"citizen\": \"c-ib\", \"mentor\": \"s-olga\","
    " \"starts\": \"2026-11-01\", \"ends\": \"2027-04-30\", \"status\": \"active\"}],"
    " \"meetings\": [{\"id\": \"m-mads\", \"agreement\": \"a-mads\","
    " \"starts\": \"2026-12-03T10:00:00+01:00\", \"ends\": \"2026-12-03T11:00:00+01:00\","
    " \"place\": \"Herlev Bibliotek\", \"kind\": \"mentor\", \"status\": \"planned\"}]}";

struct kiosk_test {
	struct harness h;
	struct proc    kiosk;
	time_t	       now;
};

/* A browser stand-in: the session cookie and the last CSRF token. */
struct client {
	int	   port;
	char	   cookie[128];
	char	   csrf[65];
	struct buf body;
	struct buf headers;
	long	   status;
};

/*
 * Start a kiosk over a fresh database with extra [kiosk] keys.
 */
static struct kiosk_test *
kiosk_up(const char *extra)
{
	struct kiosk_test *t;
	char		   path[400];
	const char	  *args[] = { "-v", "-f", NULL, NULL };

	if ((t = calloc(1, sizeof(*t))) == NULL)
		fail_msg("calloc");
	harness_init(&t->h, extra);
	t->now = T0;
	harness_set_clock(&t->h, t->now);
	harness_write_file(&t->h, "fixture.json", fixture, path, sizeof(path));
	harness_init_db(&t->h, path);
	args[2] = t->h.config;
	snprintf(path, sizeof(path), "%s/kiosk.port", t->h.dir);
	harness_start(&t->h, &t->kiosk, "bin/kiosk", args, path);
	return t;
}

static int
setup(void **state)
{
	*state = kiosk_up(NULL);
	return 0;
}

static int
teardown(void **state)
{
	struct kiosk_test *t = *state;

	if (t == NULL)
		return 0;
	assert_int_equal(harness_stop(&t->kiosk), 0);
	harness_done(&t->h);
	free(t);
	return 0;
}

/* Move the kiosk's clock by secs. */
static void
advance(struct kiosk_test *t, time_t secs)
{
	t->now += secs;
	harness_set_clock(&t->h, t->now);
}

static void
client_init(struct client *c, const struct kiosk_test *t)
{
	memset(c, 0, sizeof(*c));
	c->port = t->kiosk.port;
}

static void
client_free(struct client *c)
{
	buf_free(&c->body);
	buf_free(&c->headers);
}

/* The value of response header name (case-insensitive), or NULL; static. */
static const char *
client_header(const struct client *c, const char *name)
{
	static char value[512];
	const char *p = buf_str(&c->headers);
	size_t	    n = strlen(name);

	for (; *p != '\0';
	     p += strcspn(p, "\n") + (p[strcspn(p, "\n")] != '\0')) {
		if (strncasecmp(p, name, n) == 0 && p[n] == ':') {
			snprintf(value, sizeof(value), "%.*s",
			    (int)strcspn(p + n + 2, "\r\n"), p + n + 2);
			return value;
		}
	}
	return NULL;
}

/* Remember a new session cookie and the page's CSRF token. */
static void
client_absorb(struct client *c)
{
	const char *sc = client_header(c, "Set-Cookie");
	const char *tok;

	if (sc != NULL && strncmp(sc, "kiosk_session=", 14) == 0)
		snprintf(c->cookie, sizeof(c->cookie), "%.*s",
		    (int)strcspn(sc, ";"), sc);
	if ((tok = strstr(buf_str(&c->body), "name=\"csrf\" value=\"")) != NULL)
		snprintf(c->csrf, sizeof(c->csrf), "%.64s", tok + 19);
}

/*
 * One request with the client's cookie plus the extra headers (may be
 * NULL); returns the status.
 */
static long
client_req(struct client *c, const char *method, const char *path,
    const char *body, const char *extra)
{
	char	    cookie[160];
	const char *hdr[4] = { NULL, NULL, NULL, NULL };
	size_t	    n = 0;

	buf_reset(&c->body);
	buf_reset(&c->headers);
	if (c->cookie[0] != '\0') {
		snprintf(cookie, sizeof(cookie), "Cookie: %s", c->cookie);
		hdr[n++] = cookie;
	}
	if (body != NULL &&
	    (extra == NULL || strncasecmp(extra, "Content-Type:", 13) != 0))
		hdr[n++] = "Content-Type: application/x-www-form-urlencoded";
	if (extra != NULL)
		hdr[n++] = extra;
	c->status = harness_http(c->port, method, path, hdr, body,
	    body != NULL ? strlen(body) : 0, &c->body, &c->headers);
	client_absorb(c);
	return c->status;
}

static long
client_get(struct client *c, const char *path)
{
	return client_req(c, "GET", path, NULL, NULL);
}

/* POST fields (urlencoded, without csrf) with the CSRF token added. */
static long
client_post(struct client *c, const char *path, const char *fields)
{
	char body[1024];

	snprintf(body, sizeof(body), "csrf=%s%s%s", c->csrf,
	    fields[0] != '\0' ? "&" : "", fields);
	return client_req(c, "POST", path, body, NULL);
}

static void
assert_redirect(const struct client *c, const char *location)
{
	const char *l = client_header(c, "Location");

	assert_int_equal(c->status, 303);
	assert_non_null(l);
	assert_string_equal(l, location);
}

/* --- the database, through the store ------------------------------ */

static struct store *
db(struct kiosk_test *t)
{
	struct store *s;
	char	      err[256];

	if (store_open(t->h.db, 0, &s, err, sizeof(err)) != STORE_OK)
		fail_msg("store_open: %s", err);
	return s;
}

static int
newest_body(const struct outbox_rec *r, void *arg)
{
	snprintf(arg, 256, "%s|%s", r->purpose, r->body ? r->body : "");
	return 1;
}

/* The newest SMS to recipient as "purpose|body", "" if none. */
static void
newest_sms(struct kiosk_test *t, const char *recipient, char out[256])
{
	struct store *s = db(t);

	out[0] = '\0';
	assert_int_equal(
	    store_outbox_list(s, -1, recipient, 1, newest_body, out), STORE_OK);
	store_close(s);
}

static int
count_one(const struct outbox_rec *r, void *arg)
{
	(*(int *)arg)++;
	return 0;
}

static int
sms_count(struct kiosk_test *t)
{
	struct store *s = db(t);
	int	      n = 0;

	assert_int_equal(
	    store_outbox_list(s, -1, NULL, 0, count_one, &n), STORE_OK);
	store_close(s);
	return n;
}

/* The login code in the newest SMS to mobile. */
static void
last_code_to(struct kiosk_test *t, const char *mobile, char code[7])
{
	char	    sms[256];
	const char *p;

	newest_sms(t, mobile, sms);
	assert_true(strncmp(sms, "login_code|", 11) == 0);
	for (p = sms; *p != '\0' &&
	     !(p[0] >= '0' && p[0] <= '9' && strspn(p, "0123456789") == 6);
	     p++)
		;
	assert_int_equal(strspn(p, "0123456789"), 6);
	snprintf(code, 7, "%.6s", p);
}

/* The login code in the newest SMS to MOBILE (the known citizen). */
static void
last_code(struct kiosk_test *t, char code[7])
{
	last_code_to(t, MOBILE, code);
}

struct audit_want {
	const char *action;
	int	    found;
	int64_t	    citizen;
	char	    actor[64];
	char	    reason[64];
	char	    detail[128];
};

static int
audit_one(const struct audit_rec *r, void *arg)
{
	struct audit_want *w = arg;

	if (strcmp(r->action, w->action) != 0)
		return 0;
	w->found++;
	w->citizen = r->citizen_id;
	snprintf(w->actor, sizeof(w->actor), "%s:%s", r->actor_kind, r->actor);
	snprintf(
	    w->reason, sizeof(w->reason), "%s", r->reason ? r->reason : "");
	snprintf(
	    w->detail, sizeof(w->detail), "%s", r->detail ? r->detail : "");
	return 0;
}

/* How many audit rows have action; the last one's details into w. */
static int
audit_count(struct kiosk_test *t, const char *action, struct audit_want *w)
{
	struct store	 *s = db(t);
	struct audit_want local;

	if (w == NULL)
		w = &local;
	memset(w, 0, sizeof(*w));
	w->action = action;
	assert_int_equal(store_audit_list(s, 0, audit_one, w), STORE_OK);
	store_close(s);
	return w->found;
}

/* Login rows made at or after T0 - 1 for the kiosk. */
static int64_t
login_rows(struct kiosk_test *t)
{
	struct store *s = db(t);
	int64_t	      n;

	assert_int_equal(
	    store_kiosk_count_kiosk(s, "kiosk-1", 0, &n), STORE_OK);
	store_close(s);
	return n;
}

/* --- flows --------------------------------------------------------- */

/* Open the CPR screen and ask for a code for cpr; returns the status. */
static long
ask_code(struct client *c, const char *cpr)
{
	char fields[128];

	if (c->cookie[0] == '\0' || c->csrf[0] == '\0')
		assert_int_equal(client_get(c, "/cpr"), 200);
	snprintf(fields, sizeof(fields), "cpr=%s&action=send", cpr);
	return client_post(c, "/cpr", fields);
}

/*
 * Log the citizen with cpr and mobile in (a fresh client); it ends on
 * /agreement's redirect.
 */
static void
login_as(
    struct kiosk_test *t, struct client *c, const char *cpr, const char *mobile)
{
	char code[7], fields[64];

	ask_code(c, cpr);
	assert_redirect(c, "/code");
	assert_int_equal(client_get(c, "/code"), 200);
	last_code_to(t, mobile, code);
	snprintf(fields, sizeof(fields), "code=%s", code);
	client_post(c, "/code", fields);
	assert_redirect(c, "/agreement");
}

/* Log the known citizen in. */
static void
login(struct kiosk_test *t, struct client *c)
{
	login_as(t, c, CPR_KNOWN, MOBILE);
}

/* --- tests --------------------------------------------------------- */

static void
test_headers_and_limits(void **state)
{
	struct kiosk_test *t = *state;
	struct client	   c;
	char		   big[8000];
	const char	  *csp;

	client_init(&c, t);
	assert_int_equal(client_get(&c, "/"), 200);
	csp = client_header(&c, "Content-Security-Policy");
	assert_non_null(csp);
	assert_non_null(strstr(csp, "default-src 'none'"));
	assert_non_null(strstr(csp, "script-src 'sha256-"));
	assert_null(strstr(csp, "unsafe-inline"));
	/* The page may talk to the kiosk only ("still here", activity). */
	assert_non_null(strstr(csp, "connect-src 'self';"));
	assert_string_equal(client_header(&c, "X-Frame-Options"), "DENY");
	assert_string_equal(client_header(&c, "Cache-Control"), "no-store");
	assert_string_equal(
	    client_header(&c, "X-Content-Type-Options"), "nosniff");
	assert_non_null(
	    strstr(buf_str(&c.body), "<html lang=\"da\" dir=\"ltr\">"));
	/* Only our own Host names. */
	assert_int_equal(
	    client_req(&c, "GET", "/", NULL, "Host: evil.example:80"), 400);
	assert_int_equal(client_req(&c, "PUT", "/", "x=1", NULL), 405);
	assert_int_equal(client_get(&c, "/no-such-page"), 404);
	assert_int_equal(client_get(&c, "/assets/../mentorlink.db"), 404);
	assert_int_equal(client_get(&c, "/assets/kiosk.css"), 200);
	assert_int_equal(client_get(&c, "/favicon.ico"), 204);
	/* A body over the cap: 413 at once, the same screen, nothing stored. */
	assert_int_equal(client_get(&c, "/cpr"), 200);
	memset(big, '1', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	memcpy(big, "csrf=", 5);
	memcpy(big + 5, c.csrf, 64);
	memcpy(big + 69, "&cpr=", 5);
	assert_int_equal(client_req(&c, "POST", "/cpr", big, NULL), 413);
	assert_non_null(strstr(buf_str(&c.body), "for meget"));
	assert_int_equal(client_req(&c, "POST", "/cpr", "{\"cpr\":1}",
			     "Content-Type: application/json"),
	    415);
	assert_int_equal(login_rows(t), 0);
	client_free(&c);
}

static void
test_login_and_audit(void **state)
{
	struct kiosk_test *t = *state;
	struct client	   c;
	struct audit_want  w;
	char		   old_cookie[128], code[7], fields[64];

	client_init(&c, t);
	/* Letters: a calm message on the same screen, nothing stored. */
	assert_int_equal(client_get(&c, "/cpr"), 200);
	client_post(&c, "/cpr", "cpr=12a4&action=send");
	assert_redirect(&c, "/cpr");
	assert_int_equal(client_get(&c, "/cpr"), 200);
	assert_non_null(strstr(buf_str(&c.body), "Brug kun tal"));
	client_post(&c, "/cpr", "cpr=320190-1234&action=send");
	assert_int_equal(client_get(&c, "/cpr"), 200);
	assert_non_null(strstr(buf_str(&c.body), "fødselsdag"));
	assert_int_equal(login_rows(t), 0);
	assert_int_equal(sms_count(t), 0);
	/* The keypad keeps what is typed, server side. */
	client_post(&c, "/cpr", "cpr=0101&key=9");
	assert_redirect(&c, "/cpr");
	assert_int_equal(client_get(&c, "/cpr"), 200);
	assert_non_null(strstr(buf_str(&c.body), "value=\"01019\""));

	ask_code(&c, CPR_KNOWN);
	assert_redirect(&c, "/code");
	assert_int_equal(login_rows(t), 1);
	last_code(t, code);
	assert_int_equal(client_get(&c, "/code"), 200);
	assert_int_equal(client_get(&c, "/agreement"), 303);
	/* A wrong code, then the right one. */
	client_post(
	    &c, "/code", code[0] == '9' ? "code=000000" : "code=999999");
	assert_redirect(&c, "/code");
	assert_int_equal(client_get(&c, "/code"), 200);
	assert_non_null(strstr(buf_str(&c.body), "4 gange mere"));
	snprintf(old_cookie, sizeof(old_cookie), "%s", c.cookie);
	snprintf(fields, sizeof(fields), "code=%s", code);
	client_post(&c, "/code", fields);
	assert_redirect(&c, "/agreement");
	assert_string_not_equal(c.cookie, old_cookie); /* new session id */
	assert_int_equal(client_get(&c, "/agreement"), 200);
	assert_string_equal(client_header(&c, "Cache-Control"), "no-store");
	assert_non_null(strstr(buf_str(&c.body), "Hej Mads"));
	assert_non_null(strstr(buf_str(&c.body), "Inger Holm"));
	assert_non_null(strstr(buf_str(&c.body),
	    "Et mål &lt;b&gt;med&lt;/b&gt; tegn &amp; sådan"));
	/* The code is used up. */
	client_post(&c, "/code", fields);
	assert_int_equal(c.status, 303);

	assert_int_equal(audit_count(t, "kiosk_code_requested", &w), 1);
	assert_int_equal(w.citizen, 1);
	assert_int_equal(audit_count(t, "kiosk_code_wrong", NULL), 1);
	assert_int_equal(audit_count(t, "kiosk_login", NULL), 1);
	assert_int_equal(audit_count(t, "view_agreement", &w), 1);
	assert_int_equal(w.citizen, 1);
	assert_string_equal(w.actor, "kiosk:kiosk-1");
	assert_string_equal(w.reason, "citizen_self_service");
	/* The old (pre-login) cookie shows nothing personal. */
	snprintf(c.cookie, sizeof(c.cookie), "%s", old_cookie);
	assert_int_equal(client_get(&c, "/agreement"), 303);
	client_free(&c);
}

/*
 * The code screen's main content with the CSRF token blanked.
 */
static void
code_screen(struct client *c, struct buf *out)
{
	const char *b, *e, *tok;

	assert_int_equal(client_get(c, "/code"), 200);
	b = strstr(buf_str(&c->body), "<main");
	e = strstr(buf_str(&c->body), "</main>");
	assert_non_null(b);
	assert_non_null(e);
	buf_append(out, b, (size_t)(e - b));
	while ((tok = strstr(buf_str(out), c->csrf)) != NULL)
		memset((char *)tok, 'x', 64);
}

static void
test_unknown_cpr_is_neutral(void **state)
{
	struct kiosk_test     *t = *state;
	struct client	       known, unknown, nomobile;
	struct buf	       a = { 0 }, b = { 0 }, d = { 0 };
	struct store	      *s;
	struct kiosk_login_rec row;

	client_init(&known, t);
	client_init(&unknown, t);
	client_init(&nomobile, t);
	ask_code(&known, CPR_KNOWN);
	assert_redirect(&known, "/code");
	ask_code(&unknown, CPR_UNKNOWN);
	assert_redirect(&unknown, "/code");
	ask_code(&nomobile, CPR_NOMOBILE);
	assert_redirect(&nomobile, "/code");
	code_screen(&known, &a);
	code_screen(&unknown, &b);
	code_screen(&nomobile, &d);
	assert_string_equal(buf_str(&a), buf_str(&b));
	assert_string_equal(buf_str(&a), buf_str(&d));
	/* A login row for each; an SMS only for the one with a mobile. */
	assert_int_equal(login_rows(t), 3);
	assert_int_equal(sms_count(t), 1);
	s = db(t);
	assert_int_equal(store_kiosk_login_get(s, 2, &row), STORE_OK);
	assert_int_equal(row.citizen_id, 0);
	assert_int_equal(strlen(row.code_hash), 64);
	assert_int_equal(row.expires_at - row.created_at, 300);
	store_close(s);
	/* Guessing the unknown CPR's code gets nowhere. */
	client_post(&unknown, "/code", "code=123456");
	assert_redirect(&unknown, "/code");
	assert_int_equal(audit_count(t, "kiosk_login", NULL), 0);
	buf_free(&a);
	buf_free(&b);
	buf_free(&d);
	client_free(&known);
	client_free(&unknown);
	client_free(&nomobile);
}

static void
test_code_expires_and_voids(void **state)
{
	struct kiosk_test     *t = kiosk_up("[kiosk]\nidle_seconds = 600\n");
	struct client	       c;
	char		       code[7], fields[64];
	struct store	      *s;
	struct kiosk_login_rec row;
	int		       i;

	*state = t;
	client_init(&c, t);
	ask_code(&c, CPR_KNOWN);
	last_code(t, code);
	advance(t, 301);
	snprintf(fields, sizeof(fields), "code=%s", code);
	client_post(&c, "/code", fields);
	assert_redirect(&c, "/code");
	assert_int_equal(client_get(&c, "/code"), 200);
	assert_non_null(strstr(buf_str(&c.body), "virker ikke længere"));
	assert_int_equal(audit_count(t, "kiosk_login", NULL), 0);
	/* A new code; five wrong tries void it, then the right one fails. */
	client_get(&c, "/cpr");
	ask_code(&c, CPR_KNOWN);
	last_code(t, code);
	for (i = 0; i < 5; i++)
		client_post(&c, "/code",
		    code[0] == '9' ? "code=000000" : "code=999999");
	snprintf(fields, sizeof(fields), "code=%s", code);
	client_post(&c, "/code", fields);
	assert_int_equal(audit_count(t, "kiosk_login", NULL), 0);
	assert_int_equal(audit_count(t, "kiosk_code_voided", NULL), 1);
	s = db(t);
	assert_int_equal(store_kiosk_login_get(s, 2, &row), STORE_OK);
	assert_int_equal(row.attempts, 5);
	assert_true(row.voided_at != 0);
	assert_string_equal(row.code_hash, "");
	store_close(s);
	client_free(&c);
}

/*
 * Three unknown CPR numbers, each asked a code, then a fourth: the
 * CPR screen says too many codes were asked for.
 */
static void
spend_codes(struct client *c)
{
	int i;

	for (i = 0; i < 3; i++) {
		ask_code(c, CPR_UNKNOWN);
		assert_redirect(c, "/code");
		client_get(c, "/cpr");
	}
	ask_code(c, CPR_UNKNOWN);
	assert_redirect(c, "/cpr");
	assert_int_equal(client_get(c, "/cpr"), 200);
	assert_non_null(strstr(buf_str(&c->body), "mange koder"));
}

static void
test_cpr_limit(void **state)
{
	struct kiosk_test *t = *state;
	struct client	   c;

	client_init(&c, t);
	spend_codes(&c);
	assert_int_equal(login_rows(t), 3);
	assert_int_equal(audit_count(t, "kiosk_code_refused", NULL), 1);
	advance(t, 901);
	client_get(&c, "/cpr");
	ask_code(&c, CPR_UNKNOWN);
	assert_redirect(&c, "/code");
	client_free(&c);
}

static void
test_kiosk_limit(void **state)
{
	struct kiosk_test *t = kiosk_up("[kiosk]\ncodes_per_hour = 2\n");
	struct client	   c;

	*state = t;
	client_init(&c, t);
	ask_code(&c, CPR_KNOWN);
	assert_redirect(&c, "/code");
	client_get(&c, "/cpr");
	ask_code(&c, CPR_UNKNOWN);
	assert_redirect(&c, "/code");
	client_get(&c, "/cpr");
	ask_code(&c, CPR_NOMOBILE);
	assert_redirect(&c, "/cpr");
	assert_int_equal(client_get(&c, "/cpr"), 200);
	assert_non_null(strstr(buf_str(&c.body), "kan ikke sende flere koder"));
	assert_int_equal(login_rows(t), 2);
	client_free(&c);
}

static void
test_lock_after_failures(void **state)
{
	struct kiosk_test *t = *state;
	struct client	   c;
	int		   round, i;

	client_init(&c, t);
	for (round = 0; round < 2; round++) {
		client_get(&c, "/cpr");
		ask_code(&c, CPR_UNKNOWN);
		assert_redirect(&c, "/code");
		for (i = 0; i < 5; i++)
			client_post(&c, "/code", "code=000001");
	}
	assert_int_equal(audit_count(t, "kiosk_cpr_locked", NULL), 1);
	client_get(&c, "/cpr");
	ask_code(&c, CPR_UNKNOWN);
	assert_redirect(&c, "/cpr");
	assert_int_equal(client_get(&c, "/cpr"), 200);
	assert_non_null(strstr(buf_str(&c.body), "om en time"));
	assert_int_equal(login_rows(t), 2);
	advance(t, 3601);
	client_free(&c);
	client_init(&c, t);
	ask_code(&c, CPR_UNKNOWN);
	assert_redirect(&c, "/code");
	client_free(&c);
}

static void
test_csrf_and_origin(void **state)
{
	struct kiosk_test *t = *state;
	struct client	   c, stranger;
	char		   good[65];

	client_init(&c, t);
	client_init(&stranger, t);
	assert_int_equal(client_get(&c, "/cpr"), 200);
	snprintf(good, sizeof(good), "%s", c.csrf);
	/* Missing, wrong, or no session at all: 403 and the same screen. */
	assert_int_equal(
	    client_req(&c, "POST", "/cpr", "cpr=0101901234&action=send", NULL),
	    403);
	assert_non_null(strstr(buf_str(&c.body), "for gammel"));
	assert_int_equal(
	    client_req(&c, "POST", "/cpr",
		"csrf=0000000000000000"
		"000000000000000000000000000000000000000000000000&cpr=0101901234",
		NULL),
	    403);
	assert_int_equal(client_req(&stranger, "POST", "/cpr",
			     "csrf=abc&cpr=0101901234", NULL),
	    403);
	/* The right token from another site. */
	{
		char body[200];

		snprintf(body, sizeof(body),
		    "csrf=%s&cpr=0101901234&action=send", good);
		assert_int_equal(client_req(&c, "POST", "/cpr", body,
				     "Origin: http://evil.example"),
		    403);
		assert_int_equal(
		    client_req(&c, "POST", "/cpr", body, "Origin: null"), 403);
		assert_int_equal(client_req(&c, "POST", "/cpr", body,
				     "Sec-Fetch-Site: cross-site"),
		    403);
	}
	assert_int_equal(login_rows(t), 0);
	assert_int_equal(sms_count(t), 0);
	/* Our own origin is fine. */
	snprintf(c.csrf, sizeof(c.csrf), "%s", good);
	{
		char body[200], origin[64];

		snprintf(body, sizeof(body),
		    "csrf=%s&cpr=0101901234&action=send", good);
		snprintf(origin, sizeof(origin), "Origin: http://127.0.0.1:%d",
		    c.port);
		client_req(&c, "POST", "/cpr", body, origin);
		assert_redirect(&c, "/code");
	}
	client_free(&c);
	client_free(&stranger);
}

static void
test_idle_and_absolute_limits(void **state)
{
	struct kiosk_test *t = *state;
	struct client	   c;
	int		   i;

	client_init(&c, t);
	login(t, &c);
	assert_int_equal(client_get(&c, "/agreement"), 200);
	assert_non_null(strstr(buf_str(&c.body), "data-idle=\"120\""));
	/* Just inside: idle 120 + warn 30 + grace 5. */
	advance(t, 154);
	assert_int_equal(client_get(&c, "/agreement"), 200);
	advance(t, 155);
	assert_int_equal(client_get(&c, "/agreement"), 303);
	assert_redirect(&c, "/?m=timeout");
	assert_int_equal(client_get(&c, "/?m=timeout"), 200);
	assert_null(strstr(buf_str(&c.body), "Mads"));
	/* Active all the time, still ended after 15 minutes. */
	memset(c.cookie, 0, sizeof(c.cookie));
	memset(c.csrf, 0, sizeof(c.csrf));
	login(t, &c);
	for (i = 0; i < 8; i++) {
		advance(t, 100);
		assert_int_equal(client_get(&c, "/agreement"), 200);
	}
	/* The page wipes itself at the limit; the server 5 seconds later. */
	advance(t, 100);
	assert_int_equal(client_get(&c, "/agreement"), 200);
	assert_non_null(strstr(buf_str(&c.body), "data-left=\"0\""));
	advance(t, 5);
	client_get(&c, "/agreement");
	assert_redirect(&c, "/?m=ended");
	client_free(&c);
}

/* POST /active as the page's script does; returns the status. */
static long
client_active(struct client *c, int extend)
{
	return client_post(c, "/active", extend ? "extend=1" : "");
}

static void
test_activity_keeps_the_session(void **state)
{
	struct kiosk_test *t = *state;
	struct client	   c;
	int		   i;

	client_init(&c, t);
	/* Typing the CPR number for longer than the idle limit. */
	assert_int_equal(client_get(&c, "/cpr"), 200);
	for (i = 0; i < 4; i++) {
		advance(t, 100);
		assert_int_equal(client_active(&c, 0), 204);
		assert_int_equal(c.body.len, 0);
	}
	assert_int_equal(client_get(&c, "/cpr"), 200);
	/* Logged in, reading and tapping for 8 minutes without a page load. */
	login(t, &c);
	assert_int_equal(client_get(&c, "/agreement"), 200);
	for (i = 0; i < 5; i++) {
		advance(t, 100);
		assert_int_equal(client_active(&c, 0), 204);
	}
	assert_int_equal(client_get(&c, "/agreement"), 200);
	/* Left alone: still wiped at idle 120 + warn 30 + grace 5. */
	advance(t, 154);
	assert_int_equal(client_active(&c, 0), 204);
	advance(t, 155);
	client_active(&c, 0);
	assert_redirect(&c, "/?m=timeout");
	assert_int_equal(client_get(&c, "/agreement"), 303);
	/* Without a session the script is sent to the start. */
	memset(c.cookie, 0, sizeof(c.cookie));
	client_active(&c, 0);
	assert_redirect(&c, "/");
	client_free(&c);
}

static void
test_session_limit_extends(void **state)
{
	struct kiosk_test *t = kiosk_up("[kiosk]\nsession_max_seconds = 60\n");
	struct client	   c;
	int		   i;

	*state = t;
	client_init(&c, t);
	login(t, &c);
	assert_int_equal(client_get(&c, "/agreement"), 200);
	assert_non_null(strstr(buf_str(&c.body), "data-max=\"60\""));
	assert_non_null(strstr(buf_str(&c.body), "data-extend=\"10\""));
	/* Ten times: one tap in the warning gives a full period again. */
	for (i = 0; i < 10; i++) {
		advance(t, 50);
		assert_int_equal(client_active(&c, 1), 204);
		assert_int_equal(client_get(&c, "/agreement"), 200);
	}
	assert_non_null(strstr(buf_str(&c.body), "data-extend=\"0\""));
	assert_non_null(strstr(buf_str(&c.body), "data-left=\"60\""));
	/* No more after that; the limit then ends it, saying why. */
	advance(t, 50);
	assert_int_equal(client_active(&c, 1), 409);
	advance(t, 16);
	client_get(&c, "/agreement");
	assert_redirect(&c, "/?m=ended");
	assert_int_equal(client_get(&c, "/?m=ended"), 200);
	assert_non_null(strstr(buf_str(&c.body), "lang tid"));
	assert_null(strstr(buf_str(&c.body), "minutter"));
	client_free(&c);
}

static void
test_timeout_says_the_real_reason(void **state)
{
	struct kiosk_test *t = *state;
	struct client	   c;
	struct audit_want  w;

	client_init(&c, t);
	login(t, &c);
	/* The page's absolute-limit wipe arrives while the server still
	 * holds the session. */
	assert_int_equal(client_get(&c, "/timeout?why=ended"), 303);
	assert_redirect(&c, "/?m=ended");
	assert_int_equal(audit_count(t, "kiosk_timeout", &w), 1);
	/* The idle wipe. */
	memset(c.cookie, 0, sizeof(c.cookie));
	memset(c.csrf, 0, sizeof(c.csrf));
	login(t, &c);
	assert_int_equal(client_get(&c, "/timeout?why=idle"), 303);
	assert_redirect(&c, "/?m=timeout");
	/* A session the server already ended for its age. */
	memset(c.cookie, 0, sizeof(c.cookie));
	memset(c.csrf, 0, sizeof(c.csrf));
	login(t, &c);
	advance(t, 906);
	client_get(&c, "/timeout?why=idle");
	assert_redirect(&c, "/?m=ended");
	client_free(&c);
}

/*
 * The input's value attribute on the CPR or code screen (static; "" when
 * the field is empty).
 */
static const char *
field_value(const struct client *c, const char *id)
{
	static char value[64];
	char	    want[32];
	const char *in, *v;

	snprintf(want, sizeof(want), "id=\"%s\"", id);
	in = strstr(buf_str(&c->body), want);
	assert_non_null(in);
	v = strstr(in, "value=\"");
	assert_non_null(v);
	snprintf(
	    value, sizeof(value), "%.*s", (int)strcspn(v + 7, "\""), v + 7);
	return value;
}

/* The page shows no trace of digits: not in a value, not anywhere. */
static void
assert_not_echoed(const struct client *c, const char *digits)
{
	if (strstr(buf_str(&c->body), digits) != NULL)
		fail_msg("the page sends back \"%s\"", digits);
}

static void
test_typed_digits_not_echoed_after_errors(void **state)
{
	struct kiosk_test *t = *state;
	struct client	   c;
	static const struct {
		const char *cpr;
		const char *trace;
		const char *says;
	} bad[] = {
		{ "320190-1234", "320190", "fødselsdag" }, /* wrong date */
		{ "3201901234", "3201901234", "fødselsdag" },
		{ "01019", "01019", "10 cifre" },	/* too short */
		{ "12a456", "12a456", "Brug kun tal" }, /* letters */
	};
	size_t i;
	char   fields[96];

	client_init(&c, t);
	assert_int_equal(client_get(&c, "/cpr"), 200);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(
		    fields, sizeof(fields), "cpr=%s&action=send", bad[i].cpr);
		client_post(&c, "/cpr", fields);
		assert_redirect(&c, "/cpr");
		assert_int_equal(client_get(&c, "/cpr"), 200);
		assert_non_null(strstr(buf_str(&c.body), bad[i].says));
		assert_string_equal(field_value(&c, "cpr"), "");
		assert_not_echoed(&c, bad[i].trace);
	}
	/* Typed on the number pad without the script, then a wrong date. */
	client_post(&c, "/cpr", "cpr=32019&key=0");
	assert_int_equal(client_get(&c, "/cpr"), 200);
	assert_string_equal(field_value(&c, "cpr"), "320190");
	client_post(&c, "/cpr", "cpr=320190&action=send");
	assert_int_equal(client_get(&c, "/cpr"), 200);
	assert_string_equal(field_value(&c, "cpr"), "");
	/* A refused form (old CSRF token) after keypad typing. */
	client_post(&c, "/cpr", "cpr=77777&key=7");
	assert_int_equal(
	    client_req(&c, "POST", "/cpr", "csrf=x&cpr=777777", NULL), 403);
	assert_not_echoed(&c, "777777");
	assert_int_equal(client_get(&c, "/cpr"), 200);
	assert_not_echoed(&c, "777777");
	/* An unknown key. */
	client_post(&c, "/cpr", "cpr=555555&key=x");
	assert_int_equal(client_get(&c, "/cpr"), 200);
	assert_not_echoed(&c, "555555");
	/* The limit: a valid CPR refused is not shown again either. */
	spend_codes(&c);
	assert_not_echoed(&c, "030390");
	/* The code screen: a wrong code and a malformed one. */
	client_free(&c);
	client_init(&c, t);
	ask_code(&c, CPR_KNOWN);
	assert_redirect(&c, "/code");
	client_post(&c, "/code", "code=98765&key=4");
	assert_int_equal(client_get(&c, "/code"), 200);
	assert_string_equal(field_value(&c, "code"), "987654");
	client_post(&c, "/code", "code=987654");
	assert_int_equal(client_get(&c, "/code"), 200);
	assert_non_null(strstr(buf_str(&c.body), "passer ikke"));
	assert_string_equal(field_value(&c, "code"), "");
	assert_not_echoed(&c, "987654");
	client_post(&c, "/code", "code=12a45");
	assert_int_equal(client_get(&c, "/code"), 200);
	assert_non_null(strstr(buf_str(&c.body), "6 cifre"));
	assert_string_equal(field_value(&c, "code"), "");
	assert_not_echoed(&c, "12a45");
	client_free(&c);
}

static void
test_logout_and_call_me(void **state)
{
	struct kiosk_test *t = *state;
	struct client	   c;
	char		   sms[256], cookie[128];

	client_init(&c, t);
	login(t, &c);
	assert_int_equal(client_get(&c, "/call-me"), 200);
	client_post(&c, "/call-me", "");
	assert_redirect(&c, "/call-me/done");
	assert_int_equal(client_get(&c, "/call-me/done"), 200);
	assert_non_null(strstr(buf_str(&c.body), "Inger Holm"));
	assert_non_null(strstr(buf_str(&c.body), "ring 112"));
	newest_sms(t, "+4520000001", sms);
	assert_true(strncmp(sms, "contact|", 8) == 0);
	assert_int_equal(audit_count(t, "kiosk_contact_request", NULL), 1);
	assert_int_equal(client_get(&c, "/complaints"), 200);
	assert_non_null(strstr(buf_str(&c.body), "Ankestyrelsen"));
	assert_int_equal(audit_count(t, "view_complaint_guidance", NULL), 1);
	/* English is one tap away, on the same screen. */
	assert_int_equal(client_get(&c, "/lang?to=en&back=complaints"), 303);
	assert_redirect(&c, "/complaints");
	assert_int_equal(client_get(&c, "/complaints"), 200);
	assert_non_null(
	    strstr(buf_str(&c.body), "<html lang=\"en\" dir=\"ltr\">"));
	/* Log out: cookie and site data cleared, nothing personal after. */
	snprintf(cookie, sizeof(cookie), "%s", c.cookie);
	client_post(&c, "/logout", "");
	assert_redirect(&c, "/?m=logout");
	assert_non_null(strstr(client_header(&c, "Set-Cookie"), "Max-Age=0"));
	assert_non_null(client_header(&c, "Clear-Site-Data"));
	assert_int_equal(audit_count(t, "kiosk_logout", NULL), 1);
	snprintf(c.cookie, sizeof(c.cookie), "%s", cookie);
	assert_int_equal(client_get(&c, "/agreement"), 303);
	assert_redirect(&c, "/");
	assert_int_equal(client_get(&c, "/call-me/done"), 303);
	client_free(&c);
}

/* The page holds text / does not hold it (with the text in the failure). */
static void
has(const struct client *c, const char *text)
{
	if (strstr(buf_str(&c->body), text) == NULL)
		fail_msg("the page lacks \"%s\"", text);
}

static void
lacks(const struct client *c, const char *text)
{
	if (strstr(buf_str(&c->body), text) != NULL)
		fail_msg("the page has \"%s\"", text);
}

/* Times the page holds text. */
static int
occurrences(const struct client *c, const char *text)
{
	const char *p = buf_str(&c->body);
	int	    n = 0;

	while ((p = strstr(p, text)) != NULL) {
		n++;
		p += strlen(text);
	}
	return n;
}

/* Write an audit row as a staff tool would. */
static void
staff_audit(struct kiosk_test *t, time_t at, const char *user,
    const char *action, int64_t citizen, const char *reason)
{
	struct store *s = db(t);

	assert_int_equal(store_audit(s, at, "staff", user, action, citizen,
			     reason, "detail-secret"),
	    STORE_OK);
	store_close(s);
}

static void
test_who_has_seen_my_data(void **state)
{
	struct kiosk_test *t = *state;
	struct client	   c;
	int		   i;

	client_init(&c, t);
	/* Only after login. */
	assert_int_equal(client_get(&c, "/access-log"), 303);
	assert_redirect(&c, "/");
	/* Mads (citizen 1) was looked at by staff; Ole (2) too. */
	staff_audit(
	    t, T0 - 3 * 86400, "jens.hansen", "show_agreement", 1, "mentorctl");
	staff_audit(t, T0 - 3 * 86400 + 60, "jens.hansen", "show_agreement", 1,
	    "mentorctl");
	staff_audit(
	    t, T0 - 4 * 86400, "karin.kase", "show_citizen", 1, "caseworker");
	staff_audit(
	    t, T0 - 5 * 86400, "mona.mentor", "frobnicate", 1, "mentor");
	staff_audit(
	    t, T0 - 6 * 86400, "per.other", "show_citizen", 2, "coordinator");
	staff_audit(
	    t, T0 - 400 * 86400, "old.support", "show_citizen", 1, "support");
	login(t, &c);
	assert_int_equal(client_get(&c, "/agreement"), 200);
	has(&c, "href=\"/access-log\"");
	assert_int_equal(client_get(&c, "/access-log"), 200);
	assert_string_equal(client_header(&c, "Cache-Control"), "no-store");
	has(&c, "Hvem har set mine oplysninger");
	/* Roles and purposes, never a name, never the detail. */
	has(&c, "En medarbejder i Testby Kommune");
	has(&c, "Administration af systemet");
	has(&c, "Så din aftale");
	has(&c, "(2 gange)");
	has(&c, "En sagsbehandler i Testby Kommune");
	has(&c, "Så dit navn og dit mobilnummer");
	has(&c, "En mentor i Testby Kommune");
	has(&c, "Brugte dine oplysninger"); /* an unknown action */
	has(&c, "Selvbetjeningsskærmen i Testby Kommune");
	has(&c, "Loggede ind");
	has(&c, "Så, hvem der har set dine oplysninger"); /* this view */
	lacks(&c, "jens.hansen");
	lacks(&c, "karin");
	lacks(&c, "mona");
	lacks(&c, "detail-secret");
	lacks(&c, "kiosk-1");
	/* Not another citizen's rows; not older than 12 months. */
	lacks(&c, "koordinator");
	lacks(&c, "Support i");
	lacks(&c, "2025");
	has(&c, "december 2026");
	has(&c, "november 2026");
	/* Looking is audited. */
	assert_int_equal(audit_count(t, "view_access_log", NULL), 1);
	/* Many days: 20 lines a page, the rest on the next. */
	for (i = 7; i < 37; i++)
		staff_audit(
		    t, T0 - i * 86400, "x", "list_meetings", 1, "mentorctl");
	assert_int_equal(client_get(&c, "/access-log"), 200);
	assert_int_equal(occurrences(&c, "class=\"kiosk-access\""), 20);
	has(&c, "href=\"/access-log?page=1\"");
	lacks(&c, "page=-1");
	assert_int_equal(client_get(&c, "/access-log?page=1"), 200);
	assert_true(occurrences(&c, "class=\"kiosk-access\"") > 10);
	has(&c, "href=\"/access-log?page=0\"");
	lacks(&c, "page=2");
	assert_int_equal(client_get(&c, "/access-log?page=x"), 200);
	assert_int_equal(audit_count(t, "view_access_log", NULL), 4);
	/* In English too, roles translated. */
	client_get(&c, "/lang?to=en&back=access-log");
	assert_redirect(&c, "/access-log");
	assert_int_equal(client_get(&c, "/access-log"), 200);
	has(&c, "Who has seen my information");
	has(&c, "A member of staff at Testby Kommune");
	client_free(&c);
}

static void
test_privacy_notice(void **state)
{
	struct kiosk_test *t = *state;
	struct client	   c;

	client_init(&c, t);
	/* From the start screen, without a login or a session. */
	assert_int_equal(client_get(&c, "/"), 200);
	has(&c, "href=\"/privacy\"");
	assert_int_equal(client_get(&c, "/privacy"), 200);
	assert_null(client_header(&c, "Set-Cookie"));
	has(&c, "Sådan passer vi på dine oplysninger");
	/* The defaults with the organisation's facts filled in. */
	has(&c, "Testby Kommune har ansvaret for dine oplysninger");
	has(&c, "+45 44 52 00 00");
	has(&c, "lov om en aktiv beskæftigelsesindsats");
	has(&c, "Datatilsynet");
	has(&c, "Spørg ved Skranken");
	/* What [retention] deletes, from the configuration. */
	has(&c, "efter 90 dage");
	has(&c, "i 5 år");
	/* The municipality's own facts are missing: it says so, twice. */
	assert_int_equal(occurrences(&c, "Det står ikke her endnu"), 2);
	has(&c, "href=\"/\"");
	/* From the agreement page, back to it. */
	login(t, &c);
	assert_int_equal(client_get(&c, "/agreement"), 200);
	has(&c, "href=\"/privacy\"");
	assert_int_equal(client_get(&c, "/privacy"), 200);
	has(&c, "href=\"/agreement\"");
	client_free(&c);
}

static void
test_privacy_notice_configured(void **state)
{
	struct kiosk_test *t =
	    kiosk_up("[privacy]\n"
		     "dpo = Skriv til dpo@testby.dk.\n"
		     "retention = Vi gemmer din sag i 5 år.\n"
		     "retention.en = We keep your case for 5 years.\n"
		     "controller = {org}, Rådhuset, 9999 Testby.\n"
		     "[retention]\naudit_days = 400\nrequire_export = no\n");
	struct client c;

	*state = t;
	client_init(&c, t);
	assert_int_equal(client_get(&c, "/privacy"), 200);
	lacks(&c, "Det står ikke her endnu");
	has(&c, "Skriv til dpo@testby.dk.");
	has(&c, "Testby Kommune, Rådhuset, 9999 Testby.");
	has(&c, "Vi gemmer din sag i 5 år.");
	has(&c, "i 400 dage");
	lacks(&c, "Først gemmer vi");
	/* English: English texts; a fact given only in Danish is marked. */
	assert_int_equal(client_get(&c, "/lang?to=en&back=privacy"), 303);
	assert_int_equal(client_get(&c, "/privacy"), 200);
	has(&c, "<html lang=\"en\" dir=\"ltr\">");
	has(&c, "We keep your case for 5 years.");
	has(&c, "Datatilsynet");
	has(&c, "<p lang=\"da\">Skriv til dpo@testby.dk.</p>");
	/* The built-in English text, not the Danish one changed. */
	has(&c, "Testby Kommune is responsible for your information");
	lacks(&c, "Rådhuset");
	client_free(&c);
}

/* Log in as cpr, open /call-me, tap the button, open the result. */
static void
call_me(struct kiosk_test *t, struct client *c, const char *cpr,
    const char *mobile, struct buf *ask, struct buf *agreement)
{
	login_as(t, c, cpr, mobile);
	assert_int_equal(client_get(c, "/agreement"), 200);
	buf_reset(agreement);
	buf_puts(agreement, buf_str(&c->body));
	assert_int_equal(client_get(c, "/call-me"), 200);
	buf_reset(ask);
	buf_puts(ask, buf_str(&c->body));
	client_post(c, "/call-me", "");
	assert_redirect(c, "/call-me/done");
	assert_int_equal(client_get(c, "/call-me/done"), 200);
}

static void
test_call_me_promises_only_who_gets_word(void **state)
{
	struct kiosk_test	*t = *state;
	struct client		 c;
	struct buf		 ask = { 0 }, ag = { 0 };
	static const char *const cprs[][2] = {
		{ CPR_LIS, "+4520000102" }, /* deputy away too */
		{ CPR_KAJ, "+4520000103" }, /* deputy has no mobile */
	};
	size_t i;

	for (i = 0; i < 2; i++) {
		client_init(&c, t);
		call_me(t, &c, cprs[i][0], cprs[i][1], &ask, &ag);
		/* The agreement page names no deputy and promises nothing. */
		if (strstr(buf_str(&ag), "ikke på arbejde") == NULL)
			fail_msg("agreement: mentor away not said");
		if (strstr(buf_str(&ag), "Vera Vikar") != NULL ||
		    strstr(buf_str(&ag), "Nils Nummerløs") != NULL ||
		    strstr(buf_str(&ag), "får besked") != NULL)
			fail_msg("agreement promises the deputy");
		/* Neither does the "call me" screen; it says who gets it. */
		if (strstr(buf_str(&ask), "kollega") != NULL ||
		    strstr(buf_str(&ask), "får besked") != NULL ||
		    strstr(buf_str(&ask), "Vera Vikar") != NULL ||
		    strstr(buf_str(&ask), "Nils Nummerløs") != NULL)
			fail_msg("call-me promises someone: %s", buf_str(&ask));
		if (strstr(buf_str(&ask), "kan ikke sende beskeden videre") ==
		    NULL)
			fail_msg("call-me does not say nobody gets it");
		/* The confirmation names nobody who will not get word. */
		lacks(&c, "får besked og ringer");
		lacks(&c, "Vera Vikar");
		lacks(&c, "ringer til dig");
		has(&c, "Vi har gemt din besked");
		has(&c, "Spørg ved Skranken");
		client_free(&c);
	}
	/* A deputy at work: named before and after. */
	client_init(&c, t);
	call_me(t, &c, CPR_IB, "+4520000104", &ask, &ag);
	if (strstr(buf_str(&ask), "Olga Olsen er ikke på arbejde") == NULL ||
	    strstr(buf_str(&ask), "får Bo Kjærgaard besked") == NULL)
		fail_msg("call-me does not name the deputy");
	has(&c, "Bo Kjærgaard får besked og ringer");
	client_free(&c);
	/* The mentor at work: named. */
	client_init(&c, t);
	call_me(t, &c, CPR_KNOWN, MOBILE, &ask, &ag);
	if (strstr(buf_str(&ask), "får Inger Holm besked") == NULL)
		fail_msg("call-me does not name the mentor");
	has(&c, "Inger Holm får besked og ringer");
	client_free(&c);
	buf_free(&ask);
	buf_free(&ag);
}

static void
test_call_me_team_number(void **state)
{
	struct kiosk_test *t = kiosk_up("[contact]\n"
					"escalate_to = +4544520001\n");
	struct client	   c;
	struct buf	   ask = { 0 }, ag = { 0 };
	char		   sms[256];

	*state = t;
	client_init(&c, t);
	call_me(t, &c, CPR_LIS, "+4520000102", &ask, &ag);
	if (strstr(buf_str(&ask), "en medarbejder besked") == NULL ||
	    strstr(buf_str(&ask), "Vera Vikar") != NULL)
		fail_msg("call-me: %s", buf_str(&ask));
	has(&c, "En medarbejder får besked og ringer");
	newest_sms(t, "+4544520001", sms);
	assert_true(strncmp(sms, "contact|", 8) == 0);
	client_free(&c);
	buf_free(&ask);
	buf_free(&ag);
}

static void
test_staff_words_marked_danish(void **state)
{
	struct kiosk_test *t = *state;
	struct client	   c;

	client_init(&c, t);
	login(t, &c);
	/* On a Danish page nothing needs marking. */
	assert_int_equal(client_get(&c, "/agreement"), 200);
	has(&c, "<p>Et mål &lt;b&gt;med");
	lacks(&c, "<p lang=\"da\">");
	lacks(&c, "<li lang=\"da\">");
	lacks(&c, "<dd lang=\"da\">");
	/* On an English page the staff's own words are marked Danish. */
	client_get(&c, "/lang?to=en&back=agreement");
	assert_int_equal(client_get(&c, "/agreement"), 200);
	has(&c, "<html lang=\"en\" dir=\"ltr\">");
	has(&c, "<p lang=\"da\">Et mål &lt;b&gt;med");	     /* goal */
	has(&c, "<li lang=\"da\">Første opgave</li>");	     /* task */
	has(&c, "<dd lang=\"da\">Mandag-torsdag 9-15</dd>"); /* hours */
	has(&c, "<p lang=\"da\">Herlev Bibliotek</p>");	     /* place */
	/* Our own texts are English and not marked. */
	has(&c, "<p>4 hours a week</p>");
	client_free(&c);
}

/* --- desk codes (shared/deskcode.h, kiosk/login_desk.c) ----------- */

/*
 * A desk code for citizen ext made by Inger at the kiosk's time, for
 * kiosk (NULL: any), as the console makes one.
 */
static void
desk_code(struct kiosk_test *t, const char *ext, const char *kiosk,
    char code[DESKCODE_DIGITS + 1])
{
	struct config	  *cfg;
	struct store	  *s = db(t);
	struct staff_rec   st;
	struct citizen_rec c;
	struct buf	   key = { 0 };
	char		   err[CONFIG_ERR_MAX];

	if ((cfg = config_load(t->h.config, err, sizeof(err))) == NULL ||
	    config_read_cpr_key(cfg, &key, err, sizeof(err)) == -1)
		fail_msg("%s", err);
	assert_int_equal(store_citizen_by_external(s, ext, &c), STORE_OK);
	assert_int_equal(store_staff_by_external(s, "s-inger", &st), STORE_OK);
	assert_int_equal(deskcode_issue(s, buf_str(&key), key.len, c.id, st.id,
			     kiosk, t->now, code, NULL),
	    STORE_OK);
	citizen_rec_free(&c);
	staff_rec_free(&st);
	buf_free(&key);
	config_free(cfg);
	store_close(s);
}

/* Type code on the desk screen (a fresh page first when needed). */
static long
desk_type(struct client *c, const char *code)
{
	char fields[64];

	if (c->cookie[0] == '\0' || c->csrf[0] == '\0')
		assert_int_equal(client_get(c, "/desk"), 200);
	snprintf(fields, sizeof(fields), "code=%s&action=send", code);
	return client_post(c, "/desk", fields);
}

/* code with its last digit changed: a wrong code. */
static void
desk_wrong_code(const char *code, char out[DESKCODE_DIGITS + 1])
{
	memcpy(out, code, DESKCODE_DIGITS + 1);
	out[5] = (char)('0' + (code[5] - '0' + 1) % 10);
}

/*
 * The start screen offers the desk code; the code logs Mads in, once,
 * and the audit says which staff member opened the session for whom.
 */
static void
test_desk_code(void **state)
{
	struct kiosk_test *t = *state;
	struct client	   c, again;
	struct audit_want  w;
	char		   code[DESKCODE_DIGITS + 1], spaced[16];

	client_init(&c, t);
	assert_int_equal(client_get(&c, "/"), 200);
	assert_non_null(strstr(buf_str(&c.body), "href=\"/desk\""));
	assert_non_null(
	    strstr(buf_str(&c.body), "Jeg har fået en kode i skranken"));
	assert_int_equal(client_get(&c, "/desk"), 200);
	assert_non_null(strstr(buf_str(&c.body), "Kode fra skranken"));
	desk_code(t, "c-mads", NULL, code);
	/* Typed with a space, as the console shows it. */
	snprintf(spaced, sizeof(spaced), "%.3s+%.3s", code, code + 3);
	desk_type(&c, spaced);
	assert_redirect(&c, "/agreement");
	assert_int_equal(client_get(&c, "/agreement"), 200);
	assert_non_null(strstr(buf_str(&c.body), "Hej Mads"));
	assert_int_equal(audit_count(t, "desk_code_used", &w), 1);
	assert_string_equal(w.actor, "kiosk:kiosk-1");
	assert_string_equal(w.detail, "staff=s-inger");
	assert_true(w.citizen > 0);
	assert_int_equal(audit_count(t, "kiosk_login", &w), 1);
	assert_string_equal(w.detail, "desk_code");
	/* Used once: another session gets "does not work". */
	client_init(&again, t);
	desk_type(&again, code);
	assert_redirect(&again, "/desk");
	assert_int_equal(client_get(&again, "/desk"), 200);
	assert_non_null(strstr(buf_str(&again.body), "Koden virker ikke"));
	assert_int_equal(audit_count(t, "desk_code_wrong", NULL), 1);
	assert_int_equal(audit_count(t, "kiosk_login", NULL), 1);
	/* Not a code: the format message, nothing counted. */
	desk_type(&again, "12a456");
	assert_int_equal(client_get(&again, "/desk"), 200);
	assert_non_null(strstr(buf_str(&again.body), "Koden har 6 cifre"));
	assert_int_equal(audit_count(t, "desk_code_wrong", NULL), 1);
	client_free(&c);
	client_free(&again);
}

/* A code past its 5 minutes, or bound to another kiosk, does not work. */
static void
test_desk_code_expired_or_elsewhere(void **state)
{
	struct kiosk_test *t = *state;
	struct client	   c;
	struct audit_want  w;
	char		   code[DESKCODE_DIGITS + 1];

	desk_code(t, "c-mads", NULL, code);
	advance(t, DESKCODE_TTL);
	client_init(&c, t);
	desk_type(&c, code);
	assert_redirect(&c, "/desk");
	assert_int_equal(client_get(&c, "/agreement"), 303);
	/* Bound to another kiosk: wrong here, audited with the citizen. */
	desk_code(t, "c-mads", "kiosk-2", code);
	desk_type(&c, code);
	assert_redirect(&c, "/desk");
	assert_int_equal(audit_count(t, "desk_code_wrong", &w), 2);
	assert_string_equal(w.detail, "other_kiosk");
	assert_true(w.citizen > 0);
	assert_int_equal(audit_count(t, "kiosk_login", NULL), 0);
	/* Bound to this kiosk: works. */
	desk_code(t, "c-mads", "kiosk-1", code);
	desk_type(&c, code);
	assert_redirect(&c, "/agreement");
	client_free(&c);
}

/* n wrong codes on the kiosk at port, each from a fresh page. */
static void
desk_wrong_n(struct kiosk_test *t, int port, const char *good, int n)
{
	struct client c;
	char	      wrong[DESKCODE_DIGITS + 1];
	int	      i;

	client_init(&c, t);
	c.port = port;
	desk_wrong_code(good, wrong);
	for (i = 0; i < n; i++) {
		desk_type(&c, wrong);
		assert_redirect(&c, "/desk");
	}
	client_free(&c);
}

/* The right code on the kiosk at port: 1 if it logged in. */
static int
desk_works(struct kiosk_test *t, int port, const char *code)
{
	struct client c;
	int	      ok;

	client_init(&c, t);
	c.port = port;
	desk_type(&c, code);
	ok = c.status == 303 &&
	    strcmp(client_header(&c, "Location"), "/agreement") == 0;
	if (!ok) {
		assert_int_equal(client_get(&c, "/desk"), 200);
		assert_non_null(
		    strstr(buf_str(&c.body), "kode fra skranken lige nu"));
	}
	client_free(&c);
	return ok;
}

/* A second kiosk, "kiosk-2", on the same database and clock. */
static void
second_kiosk(struct kiosk_test *t, struct proc *p)
{
	struct buf  conf = { 0 }, moved = { 0 };
	const char *args[] = { "-f", NULL, NULL }, *at;
	char	    path[400], port[400];

	assert_int_equal(harness_read_file(t->h.config, &conf), 0);
	at = strstr(buf_str(&conf), "port_file = kiosk.port");
	assert_non_null(at);
	buf_append(&moved, buf_str(&conf), (size_t)(at - buf_str(&conf)));
	buf_puts(&moved, "id = kiosk-2\nport_file = kiosk2.port");
	buf_puts(&moved, at + strlen("port_file = kiosk.port"));
	harness_write_file(
	    &t->h, "kiosk2.conf", buf_str(&moved), path, sizeof(path));
	args[1] = path;
	snprintf(port, sizeof(port), "%s/kiosk2.port", t->h.dir);
	harness_start(&t->h, p, "bin/kiosk", args, port);
	buf_free(&conf);
	buf_free(&moved);
}

/*
 * Guessing is stopped: LOGIN_DESK_KIOSK_TRIES wrong codes within 15
 * minutes stop this kiosk (even the right code is not checked), and
 * LOGIN_DESK_ALL_TRIES within an hour stop every kiosk.
 */
static void
test_desk_brute_force(void **state)
{
	struct kiosk_test *t = *state;
	struct proc	   k2;
	struct audit_want  w;
	char		   code[DESKCODE_DIGITS + 1];
	int		   round;

	second_kiosk(t, &k2);
	desk_code(t, "c-mads", NULL, code);
	desk_wrong_n(t, t->kiosk.port, code, DESK_KIOSK_TRIES);
	assert_false(desk_works(t, t->kiosk.port, code));
	assert_int_equal(audit_count(t, "desk_code_refused", &w), 1);
	assert_string_equal(w.detail, "limit_kiosk");
	/* The other kiosk is not stopped by this one's tries. */
	assert_true(desk_works(t, k2.port, code));
	/* Spread over kiosks and quarters, the hour's total stops all. */
	for (round = 1; round < 3; round++) {
		advance(t, 16 * 60);
		desk_wrong_n(t, t->kiosk.port, code, DESK_KIOSK_TRIES);
	}
	advance(t, 16 * 60);
	desk_wrong_n(t, k2.port, code, DESK_KIOSK_TRIES - 1);
	desk_wrong_n(t, t->kiosk.port, code, 1);
	desk_code(t, "c-mads", NULL, code);
	assert_false(desk_works(t, k2.port, code));
	assert_int_equal(audit_count(t, "desk_code_refused", &w), 2);
	assert_string_equal(w.detail, "limit_all");
	assert_string_equal(w.actor, "kiosk:kiosk-2");
	/* An hour after the first of them, codes are checked again. */
	advance(t, 13 * 60);
	desk_code(t, "c-mads", NULL, code);
	assert_true(desk_works(t, k2.port, code));
	assert_int_equal(harness_stop(&k2), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    test_headers_and_limits, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_login_and_audit, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_unknown_cpr_is_neutral, setup, teardown),
		cmocka_unit_test_teardown(
		    test_code_expires_and_voids, teardown),
		cmocka_unit_test_setup_teardown(
		    test_cpr_limit, setup, teardown),
		cmocka_unit_test_teardown(test_kiosk_limit, teardown),
		cmocka_unit_test_setup_teardown(
		    test_lock_after_failures, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_csrf_and_origin, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_idle_and_absolute_limits, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_logout_and_call_me, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_typed_digits_not_echoed_after_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_activity_keeps_the_session, setup, teardown),
		cmocka_unit_test_teardown(test_session_limit_extends, teardown),
		cmocka_unit_test_setup_teardown(
		    test_timeout_says_the_real_reason, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_who_has_seen_my_data, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_privacy_notice, setup, teardown),
		cmocka_unit_test_teardown(
		    test_privacy_notice_configured, teardown),
		cmocka_unit_test_setup_teardown(
		    test_call_me_promises_only_who_gets_word, setup, teardown),
		cmocka_unit_test_teardown(test_call_me_team_number, teardown),
		cmocka_unit_test_setup_teardown(
		    test_staff_words_marked_danish, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_desk_code, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_desk_code_expired_or_elsewhere, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_desk_brute_force, setup, teardown),
	};

	return cmocka_run_group_tests_name("it_kiosk", tests, NULL, NULL);
}
