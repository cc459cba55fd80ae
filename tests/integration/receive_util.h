/*
 * receive_util.h - what the receiving side's integration tests share
 * (it_receive.c, it_receive_http.c): a daemon started on a fixed clock
 * with webhook secrets and a small cast of people, signed webhooks, and
 * waiting for the outbox and the inbox.  Static functions: included by
 * one test program each.
 */
#ifndef MENTOR_RECEIVE_UTIL_H
#define MENTOR_RECEIVE_UTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "harness.h"
#include "store.h"
#include "store_contact.h"
#include "store_inbox.h"
#include "store_outbox.h"
#include "sms_gatewayapi.h"
#include "sms_twilio.h"
#include "websign.h"

#define GW_SECRET "test-webhook-secret"
#define TW_TOKEN  "12345678901234567890123456789012"
#define TW_URL	  "https://sms.example.dk"

#define MENTOR	 "+4520000001"
#define DEPUTY	 "+4520000002"
#define CITIZEN	 "+4520000101"
#define TEAM	 "+4544520001"
#define STRANGER "+4520999999"
#define TOVE	 "+4520000011" /* in the mentor's unit, Team Nord */
#define TIM	 "+4520000012" /* the same */
#define KAREN	 "+4520000021" /* a coordinator */

static const char receive_ini[] = "[gatewayapi]\n"
				  "webhook_secret_file = gw.secret\n"
				  "[twilio]\n"
				  "auth_token_file = tw.token\n"
				  "public_url = " TW_URL "\n"
				  "[contact]\n"
				  "escalate_to = " TEAM "\n"
				  "working_hours = 08:00-16:00\n";

/*
 * %s: the mentor's away period, e.g. "null" or "\"2026-11-20\"".  The
 * mentor's unit, Team Nord, and a coordinator are there for the
 * escalation steps (escalate_after's one step never reaches them).
 */
static const char receive_import[] =
    "{\"staff\": ["
    "{\"id\": \"s-inger\", \"name\": \"Inger Holm\", \"mobile\": \"" MENTOR
    "\", \"caseworker\": false, \"deputy\": \"s-claus\", "
    "\"organisation\": \"Team Nord\", "
    "\"away_from\": %s, \"away_until\": %s},"
    "{\"id\": \"s-claus\", \"name\": \"Claus Berg\", \"mobile\": \"" DEPUTY
    "\", \"caseworker\": false, \"organisation\": \"Team Nord\"},"
    "{\"id\": \"s-tove\", \"name\": \"Tove Lund\", \"mobile\": \"" TOVE
    "\", \"organisation\": \"Team Nord\"},"
    "{\"id\": \"s-tim\", \"name\": \"Tim Ravn\", \"mobile\": \"" TIM
    "\", \"organisation\": \"Team Nord\"},"
    "{\"id\": \"s-karen\", \"name\": \"Karen Dahl\", \"mobile\": \"" KAREN
    "\", \"organisation\": \"Koordinering\", \"roles\": [\"coordinator\"]},"
    "{\"id\": \"s-bo\", \"name\": \"Bo Sag\", \"mobile\": \"+4520000003\", "
    "\"caseworker\": true}],"
    "\"citizens\": [{\"id\": \"c-mads\", \"cpr\": \"010180-1234\", "
    "\"given_name\": \"Mads\", \"mobile\": \"" CITIZEN "\", "
    "\"language\": \"da\"}],"
    "\"agreements\": [{\"id\": \"a-1\", \"citizen\": \"c-mads\", "
    "\"mentor\": \"s-inger\", \"caseworker\": \"s-bo\", \"goal\": \"Job\", "
    "\"tasks\": [\"Møde hver uge\"], \"starts\": \"2026-11-01\", "
    "\"ends\": \"2027-04-30\", \"hours\": {\"amount\": 4, \"per\": \"week\"}, "
    "\"complaint_guidance\": \"default\", \"legal_basis\": \"LAB § 167\", "
    "\"after_psychiatric_discharge\": false, \"status\": \"active\"}]}";

struct rx {
	struct harness h;
	struct proc    gw;
	struct store  *s;	/* our own connection, for checks */
	int	       next_id; /* provider message ids */
};

/* The local date `days` after Monday 2026-11-23, at h:m local. */
static inline time_t
rx_when(int days, int h, int m)
{
	struct tm tm;
	time_t	  t;

	clock_init("Europe/Copenhagen");
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = 2026 - 1900;
	tm.tm_mon = 10;
	tm.tm_mday = 23 + days;
	tm.tm_hour = 12;
	(void)timegm(&tm); /* normalises the date */
	t = clock_from_local(
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, h, m);
	assert_true(t != (time_t)-1);
	return t;
}

/*
 * Start a daemon at `now` with the cast; mentor_away: the mentor is away
 * this week.  extra (may be NULL) is appended to the configuration.
 */
static inline void
rx_start(struct rx *x, int mentor_away, const char *extra, time_t now)
{
	char	    imp[4096], path[400], err[256];
	struct buf  ini = { 0 };
	const char *args[4];

	memset(x, 0, sizeof(*x));
	x->next_id = 1000;
	buf_puts(&ini, receive_ini);
	if (extra != NULL)
		buf_puts(&ini, extra);
	harness_init(&x->h, buf_str(&ini));
	buf_free(&ini);
	harness_set_clock(&x->h, now);
	harness_write_file(&x->h, "gw.secret", GW_SECRET, NULL, 0);
	harness_write_file(&x->h, "tw.token", TW_TOKEN, NULL, 0);
	snprintf(imp, sizeof(imp), receive_import,
	    mentor_away ? "\"2026-11-20\"" : "null",
	    mentor_away ? "\"2026-11-27\"" : "null");
	harness_write_file(&x->h, "import.json", imp, path, sizeof(path));
	harness_init_db(&x->h, path);
	snprintf(path, sizeof(path), "%s/sms-gateway.port", x->h.dir);
	args[0] = "-f";
	args[1] = x->h.config;
	args[2] = "-v";
	args[3] = NULL;
	harness_start(&x->h, &x->gw, "bin/sms-gateway", args, path);
	if (store_open(x->h.db, 0, &x->s, err, sizeof(err)) != STORE_OK)
		fail_msg("store_open: %s", err);
}

static inline void
rx_stop(struct rx *x)
{
	store_close(x->s);
	assert_int_equal(harness_stop(&x->gw), 0);
	harness_done(&x->h);
}

/* POST a websign request to the daemon; returns the HTTP status. */
static inline long
rx_post(
    struct rx *x, const struct websign_req *r, int signed_, struct buf *resp)
{
	char	    ct[96];
	const char *headers[3] = { ct, NULL, NULL };

	snprintf(ct, sizeof(ct), "Content-Type: %s", r->content_type);
	if (signed_)
		headers[1] = buf_str(&r->header);
	return harness_http(x->gw.port, "POST", buf_str(&r->path), headers,
	    buf_str(&r->body), r->body.len, resp, NULL);
}

/* A GatewayAPI incoming SMS from `from`; returns the HTTP status. */
static inline long
rx_mo(struct rx *x, const char *from, const char *text)
{
	struct websign_req r;
	char		   id[24];
	long		   st;

	snprintf(id, sizeof(id), "%d", x->next_id++);
	assert_int_equal(gatewayapi_sign_mo(id, from, "+4512345678", text,
			     GW_SECRET, strlen(GW_SECRET), &r),
	    0);
	st = rx_post(x, &r, 1, NULL);
	websign_free(&r);
	return st;
}

/* Count state for rx_outbox_count(). */
struct rx_match {
	const char *needle;
	int	    n;
};

static inline int
rx_count_one(const struct outbox_rec *r, void *arg)
{
	static const char *const ours[] = { "contact", "receipt", "escalation",
		"keyword_reply", "unknown_reply" };
	struct rx_match		*m = arg;
	size_t			 i;

	/* The scheduler's notices (agreement_active ...) are not ours. */
	for (i = 0; i < sizeof(ours) / sizeof(ours[0]); i++)
		if (strcmp(r->purpose, ours[i]) == 0)
			break;
	if (i == sizeof(ours) / sizeof(ours[0]))
		return 0;
	if (m->needle == NULL ||
	    (r->body != NULL && strstr(r->body, m->needle) != NULL))
		m->n++;
	return 0;
}

/*
 * Our messages (contact, receipts, replies, escalations) queued to `to`
 * (NULL: anyone) whose body contains needle (NULL: any).
 */
static inline int
rx_outbox_count(struct rx *x, const char *to, const char *needle)
{
	struct rx_match m = { needle, 0 };

	assert_int_equal(
	    store_outbox_list(x->s, -1, to, 0, rx_count_one, &m), STORE_OK);
	return m.n;
}

/* Number of inbox rows, and of those still pending. */
static inline int64_t
rx_inbox(struct rx *x, int64_t *pending)
{
	int64_t total = 0, p = 0;

	assert_int_equal(store_inbox_counts(x->s, &total, &p), STORE_OK);
	if (pending != NULL)
		*pending = p;
	return total;
}

static struct rx *rx_waiting;

static inline int
rx_all_processed(void *arg)
{
	int64_t pending;

	(void)arg;
	rx_inbox(rx_waiting, &pending);
	return pending == 0;
}

/* Wait until the daemon has routed every stored text (5 s at most). */
static inline void
rx_settle(struct rx *x)
{
	rx_waiting = x;
	assert_true(harness_wait(rx_all_processed, NULL, 5000));
	usleep(50 * 1000);
}

/* Count state for rx_unsent(). */
struct rx_unsent {
	struct rx  *x;
	const char *to;
};

static inline int
rx_unsent_one(const struct outbox_rec *r, void *arg)
{
	int *n = arg;

	if (r->status == OUTBOX_QUEUED || r->status == OUTBOX_SENDING)
		(*n)++;
	return 0;
}

static inline int
rx_all_sent(void *arg)
{
	struct rx_unsent *u = arg;
	int		  n = 0;

	assert_int_equal(
	    store_outbox_list(u->x->s, -1, u->to, 0, rx_unsent_one, &n),
	    STORE_OK);
	return n == 0;
}

/* Wait until every message to `to` has left the queue (5 s at most). */
static inline void
rx_wait_sent(struct rx *x, const char *to)
{
	struct rx_unsent u = { x, to };

	assert_true(harness_wait(rx_all_sent, &u, 5000));
}

/* The value of counter `name` on the daemon's /metrics (-1: absent). */
static inline long long
rx_metric(struct rx *x, const char *name)
{
	struct buf  b = { 0 };
	const char *p;
	size_t	    n = strlen(name);
	long long   v = -1;

	assert_int_equal(harness_http(x->gw.port, "GET", "/metrics", NULL, NULL,
			     0, &b, NULL),
	    200);
	for (p = buf_str(&b); p != NULL && *p != '\0';
	     p = strchr(p, '\n'), p = p ? p + 1 : NULL)
		if (strncmp(p, name, n) == 0 && p[n] == ' ') {
			v = strtoll(p + n + 1, NULL, 10);
			break;
		}
	buf_free(&b);
	return v;
}

/* The outcome of inbox row id. */
static inline void
rx_outcome(struct rx *x, int64_t id, char *out, size_t len)
{
	struct inbox_rec r;

	assert_int_equal(store_inbox_get(x->s, id, &r), STORE_OK);
	snprintf(out, len, "%s", r.outcome);
	inbox_rec_free(&r);
}

#endif
