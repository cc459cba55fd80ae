/*
 * console_bench.c - staff console benchmarks (make bench, section
 * "console"):
 *
 *	console-bench [CITIZENS [REQUESTS [PAGES]]]
 *
 * A store with CITIZENS (default 100,000) citizens, each with an active
 * agreement with one of 200 mentors, a year's worth of texts in
 * (INBOX_HISTORY), and REQUESTS (default 1,000) open contact requests
 * asked for by SMS, each with its text.  The console and the local
 * OpenID provider (tests/oidc, npm oidc-provider) run as in the tests
 * (tests/harness.c; the stand-in browser of console_util.h).
 *
 * 1. The requests page: PAGES (default 2,000) GET / each for the
 *    coordinator (every open request, 50 a page) and for a mentor (their
 *    own), after WARMUP; the server's own time per request (the
 *    console's -v log: "us=" its wall time, "cpu_us=" the CPU time its
 *    thread used, which a busy machine's scheduling does not stretch)
 *    and the round trip the client saw, p50/p99/max.
 * 2. The sign-in round trip against the local provider: SIGNINS times
 *    from a new browser: /signin, the provider's login form, the
 *    callback (code exchange, ID token check), the requests page.
 *
 * Programs come from $MENTORLINK_BUILD (default "build").  Figures only,
 * no assertions; the temporary folders are removed unless KEEP_TEST_DIR.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <curl/curl.h>

#include "../tests/integration/console_util.h"
#include "buf.h"
#include "config.h"
#include "contact.h"
#include "crypto.h"
#include "harness.h"
#include "log.h"
#include "store.h"
#include "store_inbox.h"
#include "store_staff.h"
#include "timing.h"

#define MENTORS	      200
#define INBOX_HISTORY 20000
#define WARMUP	      100
#define SIGNINS	      20

/*
 * Staff: MENTORS mentors (s-0 signs in as "mette") and a coordinator
 * ("kim"), the accounts of console_util.h's provider.
 */
static void
fill_staff(struct store *s)
{
	struct staff_rec st;
	char		 ext[32], name[48], mobile[24];
	int64_t		 id;
	int		 i;

	for (i = 0; i <= MENTORS; i++) {
		memset(&st, 0, sizeof(st));
		snprintf(ext, sizeof(ext), "s-%d", i);
		snprintf(name, sizeof(name),
		    i < MENTORS ? "Mentor %d" : "Koordinator", i);
		snprintf(mobile, sizeof(mobile), "+4522%06d", i);
		st.external_id = ext;
		st.name = name;
		st.mobile = mobile;
		if (store_staff_upsert(s, &st) != STORE_OK)
			fatalx("staff: %s", store_errmsg(s));
		id = st.id;
		if (i == 0 &&
		    store_staff_set_login(s, id, "mette@kommune.test") !=
			STORE_OK)
			fatalx("login: %s", store_errmsg(s));
		if (i == MENTORS &&
		    (store_staff_set_login(s, id, "kim@kommune.test") !=
			    STORE_OK ||
			store_staff_set_roles(s, id, STAFF_ROLE_COORDINATOR) !=
			    STORE_OK))
			fatalx("coordinator: %s", store_errmsg(s));
	}
}

/* Citizen i with an active agreement with mentor 1 + i % MENTORS. */
static void
fill_citizen(struct store *s, int i)
{
	struct citizen_rec   c;
	struct agreement_rec a;
	unsigned char	     md[CRYPTO_SHA256_LEN];
	char		     ext[32], aext[32], name[32], mobile[24];

	memset(&c, 0, sizeof(c));
	snprintf(ext, sizeof(ext), "c-%d", i);
	snprintf(name, sizeof(name), "Borger%d", i);
	snprintf(mobile, sizeof(mobile), "+4521%06d", i % 1000000);
	crypto_sha256(ext, strlen(ext), md);
	crypto_hex(md, sizeof(md), c.cpr_hash);
	c.external_id = ext;
	c.given_name = name;
	c.mobile = mobile;
	memcpy(c.language, "da", 3);
	if (store_citizen_upsert(s, &c) != STORE_OK)
		fatalx("citizen: %s", store_errmsg(s));
	memset(&a, 0, sizeof(a));
	snprintf(aext, sizeof(aext), "a-%d", i);
	a.external_id = aext;
	a.citizen_id = c.id;
	a.mentor_id = 1 + i % MENTORS;
	a.goal = "Få en fast hverdag.";
	a.starts_on = "2026-01-01";
	a.ends_on = "2030-12-31";
	memcpy(a.status, "active", 7);
	if (store_agreement_upsert(s, &a) != STORE_OK)
		fatalx("agreement: %s", store_errmsg(s));
}

/* A text in from citizen i (its contact request: contact_id, or 0). */
static void
fill_text(struct store *s, int i, int64_t contact_id, time_t at)
{
	struct inbox_event ev = { "gatewayapi", NULL, NULL, "+4512345678",
		"Ring mig" };
	char		   pid[32], sender[24];
	int64_t		   id;

	snprintf(pid, sizeof(pid), "bench-%d-%lld", i, (long long)contact_id);
	snprintf(sender, sizeof(sender), "+4521%06d", i % 1000000);
	ev.provider_id = pid;
	ev.sender = sender;
	if (store_inbox_add(s, &ev, at, &id, NULL) != STORE_OK ||
	    store_inbox_set_outcome(s, id,
		contact_id ? "contact_opened" : "acknowledgement", 0, 0,
		contact_id, at) != STORE_OK)
		fatalx("inbox: %s", store_errmsg(s));
}

/* Commit every n rows so one transaction stays small. */
static void
batch(struct store *s, int i)
{
	if (i % 5000 == 4999 &&
	    (store_commit(s) != STORE_OK || store_begin(s) != STORE_OK))
		fatalx("commit: %s", store_errmsg(s));
}

/* Staff, citizens with agreements and the text history. */
static void
fill_store(struct harness *h, int citizens)
{
	struct store *s;
	char	      err[256];
	time_t	      t0 = time(NULL) - 365 * 86400;
	int	      i;

	if (store_open(h->db, 0, &s, err, sizeof(err)) != STORE_OK ||
	    store_begin(s) != STORE_OK)
		fatalx("%s", err);
	fill_staff(s);
	for (i = 0; i < citizens; i++) {
		fill_citizen(s, i);
		batch(s, i);
	}
	for (i = 0; i < INBOX_HISTORY; i++) {
		fill_text(s, (i * 7) % citizens, 0, t0 + i * 1500);
		batch(s, i);
	}
	if (store_commit(s) != STORE_OK)
		fatalx("commit: %s", store_errmsg(s));
	store_close(s);
}

/* requests open contact requests, asked for by SMS with a text. */
static void
open_requests(struct harness *h, int citizens, int requests)
{
	struct config	      *cfg;
	struct store	      *s;
	struct citizen_rec     c;
	struct contact_outcome out;
	char		       err[CONFIG_ERR_MAX], ext[32];
	int		       i, who;

	if ((cfg = config_load(h->config, err, sizeof(err))) == NULL ||
	    store_open(h->db, 0, &s, err, sizeof(err)) != STORE_OK)
		fatalx("%s", err);
	for (i = 0; i < requests; i++) {
		who = (int)(((long long)i * 97) % citizens);
		snprintf(ext, sizeof(ext), "c-%d", who);
		if (store_citizen_by_external(s, ext, &c) != STORE_OK ||
		    contact_open_text(s, cfg, c.id, "sms", "Ring mig",
			time(NULL) - 3600 + i, &out) != 0)
			fatalx("contact: %s", store_errmsg(s));
		if (out.kind == CONTACT_OPENED)
			fill_text(
			    s, who, out.request_id, time(NULL) - 3600 + i);
		contact_outcome_free(&out);
		citizen_rec_free(&c);
	}
	store_close(s);
	config_free(cfg);
}

/*
 * The console's figures for "GET / status=200" after skip of them: key
 * " us=" (wall time) or " cpu_us=" (the thread's CPU time).
 */
static size_t
server_times(
    const char *log, const char *key, double *v, size_t max, size_t skip)
{
	char   line[512], *p;
	FILE  *f;
	size_t n = 0, seen = 0;

	if ((f = fopen(log, "r")) == NULL)
		return 0;
	while (n < max && fgets(line, sizeof(line), f) != NULL) {
		if (strstr(line, "GET / status=200") == NULL ||
		    (p = strstr(line, key)) == NULL)
			continue;
		if (seen++ < skip)
			continue;
		v[n++] = strtod(p + strlen(key), NULL) / 1000.0;
	}
	fclose(f);
	return n;
}

/* PAGES requests pages as user (signed in afresh); figures printed. */
static void
bench_requests(struct console_test *t, const char *user, const char *label,
    int pages, size_t *logged)
{
	double *client = calloc((size_t)pages, sizeof(double));
	double *server = calloc((size_t)pages, sizeof(double));
	double	t0;
	char	what[96];
	int	i;
	size_t	n;

	if (client == NULL || server == NULL)
		fatal("calloc");
	curl_easy_setopt(t->browser, CURLOPT_COOKIELIST, "ALL");
	if (go(t, "/", user) != 200)
		fatalx("%s: sign-in failed", user);
	for (i = 0; i < WARMUP + pages; i++) {
		t0 = timing_now_ms();
		if (browse(t, "/", NULL, NULL) != 200)
			fatalx("requests page failed");
		if (i >= WARMUP)
			client[i - WARMUP] = timing_now_ms() - t0;
	}
	usleep(200000);
	/* Skip the page after sign-in and the warm-up. */
	n = server_times(t->console.log, " us=", server, (size_t)pages,
	    *logged + 1 + WARMUP);
	snprintf(what, sizeof(what), "requests page (%s), server time", label);
	timing_report(what, server, n, "ms");
	n = server_times(t->console.log, " cpu_us=", server, (size_t)pages,
	    *logged + 1 + WARMUP);
	snprintf(what, sizeof(what), "requests page (%s), server CPU", label);
	timing_report(what, server, n, "ms");
	*logged += 1 + WARMUP + (size_t)pages;
	snprintf(what, sizeof(what), "requests page (%s), round trip", label);
	timing_report(what, client, (size_t)pages, "ms");
	free(client);
	free(server);
}

/* SIGNINS sign-ins from a new browser; figures printed. */
static void
bench_sign_in(struct console_test *t)
{
	double v[SIGNINS], t0;
	int    i;

	for (i = 0; i < SIGNINS; i++) {
		curl_easy_setopt(t->browser, CURLOPT_COOKIELIST, "ALL");
		t0 = timing_now_ms();
		if (go(t, "/", "mette") != 200)
			fatalx("sign-in failed");
		v[i] = timing_now_ms() - t0;
	}
	timing_report("sign-in round trip (local provider)", v, SIGNINS, "ms");
}

int
main(int argc, char *argv[])
{
	static struct console_test t;
	struct harness		   idp_hb;
	struct proc		   idpb;
	struct buf		   ini = { 0 };
	struct ctl_run		   run = { 0 };
	char			   iss[64], path[400];
	const char		  *args[] = { "-v", "-f", NULL, NULL };
	int    citizens = argc > 1 ? (int)strtol(argv[1], NULL, 10) : 100000;
	int    requests = argc > 2 ? (int)strtol(argv[2], NULL, 10) : 1000;
	int    pages = argc > 3 ? (int)strtol(argv[3], NULL, 10) : 2000;
	size_t logged = 0;
	double t0;

	if (citizens < 1000 || requests < 1 || requests > citizens || pages < 1)
		fatalx("usage: console-bench [CITIZENS >= 1000 [REQUESTS "
		       "[PAGES]]]");
	log_init(1, 0);
	curl_global_init(CURL_GLOBAL_DEFAULT);
	harness_idp_start(&idp_hb, &idpb, provider_conf, iss, sizeof(iss));
	buf_printf(&ini,
	    "[console]\nlisten = 127.0.0.1:0\nport_file = console.port\n"
	    "[oidc.staff]\nissuer = %s\nclient_id = console\n",
	    iss);
	harness_init(&t.h, ini.data);
	buf_free(&ini);
	harness_write_file(
	    &t.h, "oidc-staff.secret", "console-secret-123456", NULL, 0);
	harness_ctl(&t.h, &run, "init", (char *)NULL);
	if (run.status != 0)
		fatalx("mentorctl init: %s", buf_str(&run.err));
	harness_ctl_free(&run);
	t0 = timing_now_ms();
	fill_store(&t.h, citizens);
	open_requests(&t.h, citizens, requests);
	printf("console bench: %d citizens, %d texts, %d open requests in "
	       "%.1f s\n",
	    citizens, INBOX_HISTORY + requests, requests,
	    (timing_now_ms() - t0) / 1000);
	args[2] = t.h.config;
	snprintf(path, sizeof(path), "%s/console.port", t.h.dir);
	harness_start(&t.h, &t.console, "bin/console", args, path);
	snprintf(t.base, sizeof(t.base), "http://127.0.0.1:%d", t.console.port);
	if ((t.browser = curl_easy_init()) == NULL)
		fatalx("curl_easy_init");
	curl_easy_setopt(t.browser, CURLOPT_COOKIEFILE, "");
	bench_requests(&t, "kim", "coordinator, all open", pages, &logged);
	bench_requests(&t, "mette", "a mentor's own", pages, &logged);
	bench_sign_in(&t);
	curl_easy_cleanup(t.browser);
	harness_stop(&t.console);
	buf_free(&t.body);
	buf_free(&t.url);
	harness_done(&t.h);
	harness_idp_stop(&idp_hb, &idpb);
	curl_global_cleanup();
	return 0;
}
