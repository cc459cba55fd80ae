/*
 * it_send.h - helpers shared by the sending integration tests (it_send.c,
 * it_send_cli.c, it_crash.c): the cmocka fixture, a test folder with
 * the fake provider running, the daemon's configuration pointed at it,
 * the database, and reading back what the fake recorded.  Static inline
 * so each test takes what it uses.
 */
#ifndef MENTOR_IT_SEND_H
#define MENTOR_IT_SEND_H

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <json-c/json.h>

#include "buf.h"
#include "clock.h"
#include "harness.h"
#include "store.h"
#include "store_outbox.h"

#define IT_TOKEN "it-token-1234"

struct gwt {
	struct harness h;
	struct proc    fake;
	struct proc    gw;
	struct proc    extra; /* a second daemon */
	struct store  *s;
	char	       port_file[400];
	time_t	       clock; /* held by it_clock_set(); 0: real */
};

/* Milliseconds on the real clock. */
static inline long long
it_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Append text to the configuration file. */
static inline void
it_config_append(struct gwt *t, const char *text)
{
	FILE *f;

	if ((f = fopen(t->h.config, "a")) == NULL)
		fail_msg("open %s", t->h.config);
	fprintf(f, "\n%s\n", text);
	fclose(f);
}

/* Replace the first `old` in the configuration file by `new`. */
static inline void
it_config_replace(struct gwt *t, const char *old, const char *new)
{
	struct buf  in = { 0 }, out = { 0 };
	const char *p;

	if (harness_read_file(t->h.config, &in) == -1 ||
	    (p = strstr(buf_str(&in), old)) == NULL)
		fail_msg("config: no \"%s\"", old);
	buf_append(&out, in.data, (size_t)(p - in.data));
	buf_puts(&out, new);
	buf_puts(&out, p + strlen(old));
	harness_write_file(&t->h, "mentorlink.conf", buf_str(&out), NULL, 0);
	buf_free(&in);
	buf_free(&out);
}

/* A test folder (t zeroed first) and the database in it. */
static inline void
it_folder(struct gwt *t)
{
	char err[256];

	memset(t, 0, sizeof(*t));
	harness_init(&t->h, NULL);
	snprintf(t->port_file, sizeof(t->port_file), "%s/sms-gateway.port",
	    t->h.dir);
	if (store_open(t->h.db, STORE_CREATE, &t->s, err, sizeof(err)) !=
	    STORE_OK)
		fail_msg("store_open: %s", err);
}

/*
 * A test folder, the database, and (provider not "file") the fake
 * provider with the daemon configured for it.  sms_extra: more [sms]
 * keys (may be NULL).
 */
static inline void
it_setup(struct gwt *t, const char *provider, const char *sms_extra)
{
	const char *fake_args[] = { "-p", NULL, "-t", IT_TOKEN, "-s",
		"AC00000000000000000000000000000000", "-a", IT_TOKEN, NULL };
	struct buf  ini = { 0 };
	char	    pf[400];

	it_folder(t);
	buf_printf(&ini, "[sms]\nprovider = %s\n%s\n", provider,
	    sms_extra ? sms_extra : "");
	if (strcmp(provider, "file") != 0) {
		snprintf(pf, sizeof(pf), "%s/fake.port", t->h.dir);
		fake_args[1] = pf;
		harness_start(
		    &t->h, &t->fake, "tests/bin/fake-provider", fake_args, pf);
		harness_write_file(&t->h, "provider.token", IT_TOKEN, NULL, 0);
		harness_write_file(&t->h, "gatewayapi-webhook.secret",
		    "it-webhook-secret", NULL, 0);
		buf_printf(&ini,
		    "[gatewayapi]\nbase_url = http://127.0.0.1:%d\n"
		    "token_file = provider.token\n[twilio]\nbase_url = "
		    "http://127.0.0.1:%d\naccount_sid = "
		    "AC00000000000000000000000000000000\nauth_token_file = "
		    "provider.token\npublic_url = https://sms.example.dk\n",
		    t->fake.port, t->fake.port);
	}
	it_config_append(t, buf_str(&ini));
	buf_free(&ini);
}

static inline void
it_teardown(struct gwt *t)
{
	if (t->gw.pid > 0)
		harness_stop(&t->gw);
	if (t->extra.pid > 0)
		harness_stop(&t->extra);
	if (t->fake.pid > 0)
		harness_stop(&t->fake);
	store_close(t->s);
	t->s = NULL;
	harness_done(&t->h);
}

/*
 * cmocka setup: a zeroed struct gwt as *state, for it_setup().  Returns
 * 0, or -1 when out of memory.  it_fixture_free() frees it.
 */
static inline int
it_fixture_new(void **state)
{
	if ((*state = calloc(1, sizeof(struct gwt))) == NULL)
		return -1;
	return 0;
}

/*
 * cmocka teardown: stop and remove whatever the test (or a failed run
 * of it) left behind, and free *state.  Returns 0.
 */
static inline int
it_fixture_free(void **state)
{
	struct gwt *t = *state;

	if (t->h.dir[0] != '\0')
		it_teardown(t);
	free(t);
	return 0;
}

/* A cmocka test entry with the fixture above. */
#define IT_TEST(f) \
	cmocka_unit_test_setup_teardown(f, it_fixture_new, it_fixture_free)

/* Start the daemon and wait for its listener's port file. */
static inline void
it_daemon_start(struct gwt *t)
{
	const char *args[] = { "-f", t->h.config, "-v", NULL };

	harness_start(&t->h, &t->gw, "bin/sms-gateway", args, t->port_file);
}

/* Queue one message due now; returns its id. */
static inline int64_t
it_queue(struct gwt *t, const char *to, const char *purpose, time_t send_by)
{
	struct outbox_msg m;
	int64_t		  id;
	char		  body[96];

	memset(&m, 0, sizeof(m));
	snprintf(
	    body, sizeof(body), "Husk dit møde i morgen kl. 10.00 (%s).", to);
	m.recipient = to;
	m.body = body;
	m.purpose = purpose;
	m.send_by = send_by;
	if (store_outbox_queue(t->s, &m, clock_now(), &id) != STORE_OK)
		fail_msg("queue: %s", store_errmsg(t->s));
	return id;
}

/*
 * Queue n messages due now in one transaction, to prefix followed by a
 * counter (prefix "+4524" gives +4524000000, +4524000001 ...).  On a
 * new database their ids are 1..n.
 */
static inline void
it_queue_many(struct gwt *t, int n, const char *prefix, time_t send_by)
{
	char to[24];
	int  i;

	if (store_begin(t->s) != STORE_OK)
		fail_msg("begin: %s", store_errmsg(t->s));
	for (i = 0; i < n; i++) {
		snprintf(to, sizeof(to), "%s%06d", prefix, i);
		it_queue(t, to, "reminder", send_by);
	}
	if (store_commit(t->s) != STORE_OK)
		fail_msg("commit: %s", store_errmsg(t->s));
}

/*
 * Make the programs' clock the real time moved by offset seconds (the
 * clock file holds "+N"; written and renamed, so never read half-way).
 */
static inline void
it_clock_offset(struct gwt *t, long offset)
{
	char  tmp[340], text[32];
	FILE *f;

	snprintf(tmp, sizeof(tmp), "%s.tmp", t->h.clock_file);
	snprintf(text, sizeof(text), "%+ld\n", offset);
	if ((f = fopen(tmp, "w")) == NULL || fputs(text, f) == EOF ||
	    fclose(f) != 0 || rename(tmp, t->h.clock_file) == -1)
		fail_msg("clock file %s", t->h.clock_file);
}

/*
 * Hold the programs' clock (this test's clock_now() too) at `when`: the
 * daemon's time moves only when the test moves it, so nothing that
 * depends on time depends on how fast the host is.
 */
static inline void
it_clock_set(struct gwt *t, time_t when)
{
	harness_set_clock(&t->h, when);
	t->clock = when;
}

/*
 * harness_wait() callback, for a held clock: 1 when the daemon has
 * nothing in hand (no row `sending`) and nothing is due at t->clock.
 * The counts are read before and after the due time and must agree, so
 * a claim between the two reads is never taken for quiet.
 */
static inline int
it_quiet(void *arg)
{
	struct gwt    *t = arg;
	int64_t	       n[OUTBOX_STATUS__MAX], again[OUTBOX_STATUS__MAX];
	time_t	       due;
	enum store_err e;

	if (store_outbox_counts(t->s, n) != STORE_OK || n[OUTBOX_SENDING] > 0)
		return 0;
	e = store_outbox_next_due(t->s, &due);
	if (store_outbox_counts(t->s, again) != STORE_OK ||
	    memcmp(n, again, sizeof(n)) != 0)
		return 0;
	return e == STORE_NOTFOUND || (e == STORE_OK && due > t->clock);
}

/*
 * With the clock held: wait (at most ms) until the daemon is quiet, then
 * put the instant the next queued row is due into *next.  Returns 0 when
 * nothing is queued any more (every row is final), else 1; the caller
 * moves the clock there with it_clock_set().
 */
static inline int
it_clock_next(struct gwt *t, int ms, time_t *next)
{
	if (!harness_wait(it_quiet, t, ms))
		fail_msg("the daemon did not get quiet at clock %lld",
		    (long long)t->clock);
	return store_outbox_next_due(t->s, next) == STORE_OK;
}

/* harness_wait() callback: 1 when nothing is queued or sending. */
static inline int
it_all_final(void *arg)
{
	struct gwt *t = arg;
	int64_t	    n[OUTBOX_STATUS__MAX];

	if (store_outbox_counts(t->s, n) != STORE_OK)
		return 0;
	return n[OUTBOX_QUEUED] == 0 && n[OUTBOX_SENDING] == 0;
}

/* The status of row id. */
static inline enum outbox_status
it_status(struct gwt *t, int64_t id, int *attempts)
{
	struct outbox_rec  r;
	enum outbox_status st;

	if (store_outbox_get(t->s, id, &r) != STORE_OK)
		fail_msg("no outbox row %lld", (long long)id);
	st = r.status;
	if (attempts != NULL)
		*attempts = r.attempts;
	outbox_rec_free(&r);
	return st;
}

/* POST a JSON body to a control endpoint of the fake. */
static inline void
it_fake_post(struct gwt *t, const char *path, const char *json)
{
	const char *hdr[] = { "Content-Type: application/json", NULL };
	long	    st;

	st = harness_http(
	    t->fake.port, "POST", path, hdr, json, strlen(json), NULL, NULL);
	if (st < 200 || st > 299)
		fail_msg("fake %s: %ld", path, st);
}

/*
 * The fake's records as a JSON array of objects (caller puts it), one
 * per request, in order.
 */
static inline struct json_object *
it_fake_records(struct gwt *t)
{
	struct json_object *arr = json_object_new_array(), *o;
	struct buf	    b = { 0 };
	const char	   *p, *nl;

	if (harness_http(t->fake.port, "GET", "/_requests", NULL, NULL, 0, &b,
		NULL) != 200)
		fail_msg("fake /_requests");
	for (p = buf_str(&b); *p != '\0'; p = *nl ? nl + 1 : nl) {
		nl = p + strcspn(p, "\n");
		if (nl == p)
			continue;
		if ((o = json_tokener_parse(p)) == NULL)
			fail_msg("bad record line");
		json_object_array_add(arr, o);
	}
	buf_free(&b);
	return arr;
}

/* A string or integer member of a record. */
static inline const char *
it_rec_str(struct json_object *rec, const char *key)
{
	struct json_object *v;

	if (!json_object_object_get_ex(rec, key, &v))
		return "";
	return json_object_get_string(v);
}

static inline long long
it_rec_int(struct json_object *rec, const char *key)
{
	struct json_object *v;

	if (!json_object_object_get_ex(rec, key, &v))
		return -1;
	return json_object_get_int64(v);
}

/* Requests the fake recorded for our reference id. */
static inline int
it_fake_count(struct gwt *t, int64_t id)
{
	struct json_object *recs;
	char		    ref[24];
	size_t		    i;
	int		    n = 0;

	snprintf(ref, sizeof(ref), "%lld", (long long)id);
	recs = it_fake_records(t);
	for (i = 0; i < json_object_array_length(recs); i++)
		if (strcmp(
			it_rec_str(json_object_array_get_idx(recs, i), "ref"),
			ref) == 0)
			n++;
	json_object_put(recs);
	return n;
}

/* The value of counter name on the daemon's /metrics, -1 if absent. */
static inline long long
it_metric(struct gwt *t, const char *name)
{
	struct buf  b = { 0 };
	const char *p;
	long long   v = -1;
	size_t	    n = strlen(name);

	if (harness_http(
		t->gw.port, "GET", "/metrics", NULL, NULL, 0, &b, NULL) != 200)
		fail_msg("GET /metrics");
	for (p = buf_str(&b); (p = strstr(p, name)) != NULL; p += n)
		if ((p == buf_str(&b) || p[-1] == '\n') && p[n] == ' ') {
			v = strtoll(p + n + 1, NULL, 10);
			break;
		}
	buf_free(&b);
	return v;
}

/* What a provider accepted for the references 1..n. */
struct it_tally {
	int lost;    /* never accepted */
	int dups;    /* accepted more than once (sum of extras) */
	int differs; /* accepted again with another text or number */
};

/*
 * Count, from the fake's records, how often each reference 1..n was
 * accepted (answered 2xx) and whether a resend carried other content.
 */
static inline void
it_tally_accepted(struct gwt *t, int n, struct it_tally *out)
{
	struct json_object *recs, *r, **first;
	int		   *accepted;
	long long	    ref, st;
	size_t		    i;

	memset(out, 0, sizeof(*out));
	if ((accepted = calloc((size_t)n + 1, sizeof(*accepted))) == NULL ||
	    (first = calloc((size_t)n + 1, sizeof(*first))) == NULL)
		fail_msg("calloc");
	recs = it_fake_records(t);
	for (i = 0; i < json_object_array_length(recs); i++) {
		r = json_object_array_get_idx(recs, i);
		ref = strtoll(it_rec_str(r, "ref"), NULL, 10);
		st = it_rec_int(r, "status");
		if (ref < 1 || ref > n || st < 200 || st > 299)
			continue;
		if (accepted[ref]++ == 0)
			first[ref] = r;
		else if (strcmp(it_rec_str(first[ref], "to"),
			     it_rec_str(r, "to")) != 0 ||
		    strcmp(it_rec_str(first[ref], "body"),
			it_rec_str(r, "body")) != 0)
			out->differs++;
	}
	for (ref = 1; ref <= n; ref++) {
		if (accepted[ref] == 0)
			out->lost++;
		else
			out->dups += accepted[ref] - 1;
	}
	json_object_put(recs);
	free(accepted);
	free(first);
}

#endif
