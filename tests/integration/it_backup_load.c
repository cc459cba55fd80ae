/*
 * it_backup_load.c - a backup taken while the real sms-gateway drains
 * 10,000 messages through the fake provider and webhooks pour in, then
 * restored into a fresh folder: every row committed before the backup
 * began is in it, a gateway started on it sends what was still queued,
 * and nothing it had recorded as sent goes to the provider again.  The
 * webhooks are all answered 200 meanwhile.  Prints the counts.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "backup_util.h"
#include "it_send.h"
#include "sms_gatewayapi.h"
#include "websign.h"

#define LOAD_MESSAGES	10000
#define LOAD_SENT_FIRST 1500		    /* sent before the backup begins */
#define FLOOD_MAX	60000		    /* webhooks at most */
#define FLOOD_MAX_MS	60000		    /* and for at most this long */
#define WEBHOOK_SECRET	"it-webhook-secret" /* it_setup() writes it */

struct flood {
	int	   port;
	atomic_int stop;
	atomic_int posted;
	atomic_int during_backup; /* set while mentorctl backup runs */
	int	   refused;	  /* answers other than 200 */
	int	   in_backup;	  /* posted while the backup ran */
	long long  max_ms_backup; /* slowest answer while it ran */
	long long  max_ms;	  /* slowest answer of all */
};

/*
 * Post incoming texts from a short code (stored and recorded, never
 * answered) one after the other until told to stop.
 */
static void *
flood_run(void *arg)
{
	struct flood	  *f = arg;
	struct websign_req r;
	char		   base[64], body[160];
	long long	   t0, start = it_now_ms(), ms;
	long		   st;
	int		   i, backup;

	snprintf(base, sizeof(base), "http://127.0.0.1:%d", f->port);
	for (i = 0; i < FLOOD_MAX && !atomic_load(&f->stop) &&
	     it_now_ms() - start < FLOOD_MAX_MS;
	     i++) {
		snprintf(body, sizeof(body),
		    "{\"id\":%d,\"msisdn\":1204,"
		    "\"receiver\":4512345678,\"message\":\"Flood %d\"}",
		    500000 + i, i);
		gatewayapi_sign_raw(GATEWAYAPI_PATH_MO, body, strlen(body),
		    WEBHOOK_SECRET, strlen(WEBHOOK_SECRET), &r);
		backup = atomic_load(&f->during_backup);
		t0 = it_now_ms();
		st = websign_post(base, &r, 1, 10);
		ms = it_now_ms() - t0;
		websign_free(&r);
		if (st != 200)
			f->refused++;
		if (ms > f->max_ms)
			f->max_ms = ms;
		if (backup || atomic_load(&f->during_backup)) {
			f->in_backup++;
			if (ms > f->max_ms_backup)
				f->max_ms_backup = ms;
		}
		atomic_fetch_add(&f->posted, 1);
	}
	return NULL;
}

/* What the database held just before the backup began. */
struct before {
	unsigned char sent[LOAD_MESSAGES + 1]; /* sent or delivered */
	long long     nsent;
	long long     inbox;	 /* incoming texts */
	long long     inbox_max; /* their highest id: ids grow with
					   each commit, so every id up to it
					   was committed by then */
};

/* The outbox ids whose status is in `statuses` (an SQL list) into set. */
static long long
ids_with(const char *path, const char *statuses, unsigned char *set)
{
	sqlite3	     *db;
	sqlite3_stmt *st;
	char	      sql[160];
	long long     n = 0, id;

	snprintf(sql, sizeof(sql),
	    "SELECT id FROM sms_outbox WHERE status "
	    "IN (%s)",
	    statuses);
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) !=
		SQLITE_OK ||
	    sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("%s: %s", path, sqlite3_errmsg(db));
	while (sqlite3_step(st) == SQLITE_ROW) {
		id = sqlite3_column_int64(st, 0);
		if (id < 1 || id > LOAD_MESSAGES)
			fail_msg("unexpected outbox id %lld", id);
		set[id] = 1;
		n++;
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
	return n;
}

/* The number of incoming texts and their highest id, in one read. */
static void
inbox_now(const char *path, long long *count, long long *max)
{
	sqlite3	     *db;
	sqlite3_stmt *st;

	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) !=
		SQLITE_OK ||
	    sqlite3_prepare_v2(db,
		"SELECT count(*), "
		"coalesce(max(id), 0) FROM sms_inbox",
		-1, &st, NULL) != SQLITE_OK)
		fail_msg("%s: %s", path, sqlite3_errmsg(db));
	if (sqlite3_step(st) != SQLITE_ROW)
		fail_msg("%s: %s", path, sqlite3_errmsg(db));
	*count = sqlite3_column_int64(st, 0);
	*max = sqlite3_column_int64(st, 1);
	sqlite3_finalize(st);
	sqlite3_close(db);
}

/* harness_wait() callback: the first gateway has sent enough. */
static int
enough_sent(void *arg)
{
	struct gwt *t = arg;
	int64_t	    n[OUTBOX_STATUS__MAX];

	return store_outbox_counts(t->s, n) == STORE_OK &&
	    n[OUTBOX_SENT] + n[OUTBOX_DELIVERED] >= LOAD_SENT_FIRST;
}

/* harness_wait() callback: the flood has begun. */
static int
flood_started(void *arg)
{
	struct flood *f = arg;

	return atomic_load(&f->posted) >= 200;
}

/* The test's connection to the restored database, for it_all_final(). */
static struct gwt restored;

/*
 * A fresh folder for the restore: configuration for the same fake
 * provider, the first folder's CPR key (backed up apart, as the README
 * says).
 */
static void
fresh_folder(struct gwt *t, struct harness *h2)
{
	struct buf ini = { 0 }, key = { 0 };
	char	   path[400];

	buf_printf(&ini,
	    "[sms]\nprovider = gatewayapi\nmax_in_flight = 10\n"
	    "rate_per_second = 2000\n[gatewayapi]\nbase_url = "
	    "http://127.0.0.1:%d\ntoken_file = provider.token\n",
	    t->fake.port);
	harness_init(h2, buf_str(&ini));
	buf_free(&ini);
	harness_write_file(h2, "provider.token", IT_TOKEN, NULL, 0);
	harness_write_file(
	    h2, "gatewayapi-webhook.secret", WEBHOOK_SECRET, NULL, 0);
	snprintf(path, sizeof(path), "%s/cpr.key", t->h.dir);
	if (harness_read_file(path, &key) == -1)
		fail_msg("no cpr.key");
	harness_write_file(h2, "cpr.key", buf_str(&key), NULL, 0);
	buf_free(&key);
}

/*
 * Every row of `b` is in the restored database at path: the messages
 * sent then are sent there, the incoming texts are there.  Returns the
 * number of messages the restored database records as sent.
 */
static long long
check_restored(const char *path, const struct before *b, unsigned char *rsent)
{
	long long n, missing = 0, i;
	char	  sql[160];

	n = ids_with(path, "'sent', 'delivered'", rsent);
	for (i = 1; i <= LOAD_MESSAGES; i++)
		if (b->sent[i] && !rsent[i])
			missing++;
	assert_int_equal(missing, 0);
	assert_int_equal(
	    bk_db_int(path, "SELECT count(*) FROM sms_outbox"), LOAD_MESSAGES);
	snprintf(sql, sizeof(sql),
	    "SELECT count(*) FROM sms_inbox WHERE "
	    "id <= %lld",
	    b->inbox_max);
	assert_int_equal(bk_db_int(path, sql), b->inbox);
	return n;
}

/*
 * What the fake got from the restored gateway: nothing it had recorded
 * as sent, everything else at least once.  Returns the requests.
 */
static long long
check_resumed(struct gwt *t, const unsigned char *rsent, long long *again)
{
	struct json_object *recs, *r;
	unsigned char	   *got;
	long long	    ref, n, i, lost = 0;

	assert_non_null(got = calloc(LOAD_MESSAGES + 1, 1));
	recs = it_fake_records(t);
	n = (long long)json_object_array_length(recs);
	*again = 0;
	for (i = 0; i < n; i++) {
		r = json_object_array_get_idx(recs, (size_t)i);
		ref = strtoll(it_rec_str(r, "ref"), NULL, 10);
		if (ref < 1 || ref > LOAD_MESSAGES)
			continue;
		if (rsent[ref])
			(*again)++;
		if (it_rec_int(r, "status") == 200)
			got[ref] = 1;
	}
	json_object_put(recs);
	for (i = 1; i <= LOAD_MESSAGES; i++)
		if (!rsent[i] && !got[i])
			lost++;
	free(got);
	assert_int_equal(*again, 0);
	assert_int_equal(lost, 0);
	return n;
}

static void
test_backup_during_drain_and_flood(void **state)
{
	struct gwt	   *tp = *state;
	struct flood	    fl = { 0 };
	struct before	   *b;
	struct harness	    h2;
	struct json_object *m;
	struct buf	    out = { 0 }, err = { 0 };
	pthread_t	    th;
	unsigned char	   *rsent;
	char		    file[400], port[400], errs[256], to[20];
	const char	   *gw_args[] = { "-f", NULL, "-v", NULL };
	int64_t		    n[OUTBOX_STATUS__MAX];
	long long	    t0, backup_ms, sent_after, rs, requests, again;
	long long	    bytes;
	int		    i, rc;

	assert_non_null(b = calloc(1, sizeof(*b)));
	assert_non_null(rsent = calloc(LOAD_MESSAGES + 1, 1));
	it_setup(tp, "gatewayapi",
	    "max_in_flight = 10\n"
	    "rate_per_second = 2000");
	assert_int_equal(store_begin(tp->s), STORE_OK);
	for (i = 0; i < LOAD_MESSAGES; i++) {
		snprintf(to, sizeof(to), "+4525%06d", i);
		it_queue(tp, to, "reminder", time(NULL) + 3600);
	}
	assert_int_equal(store_commit(tp->s), STORE_OK);
	it_daemon_start(tp);
	fl.port = tp->gw.port;
	(void)harness_http(tp->fake.port, "GET", "/_stats", NULL, NULL, 0, NULL,
	    NULL); /* libcurl's global set-up, before the thread */
	assert_int_equal(pthread_create(&th, NULL, flood_run, &fl), 0);
	assert_true(harness_wait(flood_started, &fl, 30000));
	assert_true(harness_wait(enough_sent, tp, 60000));

	/* What is committed now must be in the backup. */
	b->nsent = ids_with(tp->h.db, "'sent', 'delivered'", b->sent);
	inbox_now(tp->h.db, &b->inbox, &b->inbox_max);
	snprintf(file, sizeof(file), "%s/during.db", tp->h.dir);
	atomic_store(&fl.during_backup, 1);
	t0 = it_now_ms();
	rc = bk_run(&tp->h, &out, &err, "backup", file, NULL, NULL, NULL);
	backup_ms = it_now_ms() - t0;
	atomic_store(&fl.during_backup, 0);
	if (rc != 0)
		fail_msg("backup: %s", buf_str(&err));
	assert_int_equal(store_outbox_counts(tp->s, n), STORE_OK);
	sent_after = n[OUTBOX_SENT] + n[OUTBOX_DELIVERED];

	/* Let the first gateway finish, the flood stop, then stop both. */
	assert_true(harness_wait(it_all_final, tp, 120000));
	atomic_store(&fl.stop, 1);
	assert_int_equal(pthread_join(th, NULL), 0);
	assert_int_equal(harness_stop(&tp->gw), 0);
	assert_int_equal(fl.refused, 0);

	/* Restore into a fresh folder. */
	fresh_folder(tp, &h2);
	it_fake_post(tp, "/_reset", "{}");
	rc = bk_run(&h2, &out, &err, "restore", file, NULL, NULL, NULL);
	if (rc != 0)
		fail_msg("restore: %s%s", buf_str(&out), buf_str(&err));
	rs = check_restored(h2.db, b, rsent);
	m = bk_manifest(file);
	bytes = bk_manifest_int(m, "bytes", NULL);
	assert_int_equal(
	    bk_manifest_int(m, "tables", "sms_outbox"), LOAD_MESSAGES);
	assert_int_equal(bk_manifest_int(m, "tables", "sms_inbox"),
	    bk_db_int(h2.db, "SELECT count(*) FROM sms_inbox"));
	json_object_put(m);

	/*
	 * A gateway on the restored database resumes from it (as the
	 * fixture's second daemon: the teardown stops it if this fails).
	 */
	snprintf(port, sizeof(port), "%s/sms-gateway.port", h2.dir);
	gw_args[1] = h2.config;
	harness_start(&h2, &tp->extra, "bin/sms-gateway", gw_args, port);
	memset(&restored, 0, sizeof(restored));
	if (store_open(h2.db, 0, &restored.s, errs, sizeof(errs)) != STORE_OK)
		fail_msg("store_open: %s", errs);
	assert_true(harness_wait(it_all_final, &restored, 120000));
	assert_int_equal(harness_stop(&tp->extra), 0);
	assert_int_equal(store_outbox_counts(restored.s, n), STORE_OK);
	assert_int_equal(n[OUTBOX_SENT] + n[OUTBOX_DELIVERED], LOAD_MESSAGES);
	store_close(restored.s);
	requests = check_resumed(tp, rsent, &again);

	print_message(
	    "backup during drain: %d queued; %lld sent when the "
	    "backup began, %lld when it ended (%lld ms, %lld bytes); "
	    "webhooks: %d posted, %d while the backup ran (slowest answer "
	    "%lld ms, of all %lld ms), %d refused\n",
	    LOAD_MESSAGES, b->nsent, sent_after, backup_ms, bytes,
	    atomic_load(&fl.posted), fl.in_backup, fl.max_ms_backup, fl.max_ms,
	    fl.refused);
	print_message(
	    "restored: %lld of %lld committed sent rows and %lld of "
	    "%lld incoming texts there; %lld recorded as sent, %lld to send; "
	    "the restored gateway made %lld provider requests, %lld for a "
	    "message already recorded as sent\n",
	    b->nsent, b->nsent, b->inbox, b->inbox, rs, LOAD_MESSAGES - rs,
	    requests, again);
	harness_done(&h2);
	buf_free(&out);
	buf_free(&err);
	free(rsent);
	free(b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		IT_TEST(test_backup_during_drain_and_flood),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
