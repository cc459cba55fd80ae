/*
 * it_crash.c - kill -9 the daemon at random moments while it drains
 * 5,000 messages through the fake provider, at least 10 times, restart
 * it each time, and check: every message delivered, none lost, and the
 * duplicates (messages the provider accepted twice) no more than the
 * in-flight window per crash, each with the same reference, recipient
 * and text.  Prints the lost and duplicate counts.  The same for the
 * file provider: a message written to the file is "accepted", and a
 * crash may write again at most the in-flight window.
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

#include "it_send.h"

#define CRASH_MESSAGES	    5000
#define CRASH_KILLS	    12
#define CRASH_IN_FLIGHT	    10
#define CRASH_FILE_MESSAGES 20000 /* the file provider is faster */

/*
 * Start the daemon and kill -9 it after 20-200 ms (random from seed),
 * again and again, up to CRASH_KILLS times or until the queue is empty.
 * Returns the kills made while messages were left.
 */
static int
kill_while_draining(struct gwt *t, unsigned seed)
{
	int kills = 0;

	srand(seed);
	while (kills < CRASH_KILLS) {
		it_daemon_start(t);
		usleep((useconds_t)(20 + rand() % 180) * 1000);
		harness_kill(&t->gw);
		if (it_all_final(t))
			break;
		kills++;
	}
	return kills;
}

static void
test_crash_drain(void **state)
{
	struct gwt     *tp = *state;
	struct it_tally c;
	int64_t		n[OUTBOX_STATUS__MAX];
	unsigned	seed = (unsigned)it_now_ms();
	int		kills;

	it_setup(tp, "gatewayapi",
	    "max_in_flight = 10\n"
	    "rate_per_second = 1000");
	it_queue_many(tp, CRASH_MESSAGES, "+4524", time(NULL) + 3600);
	kills = kill_while_draining(tp, seed);
	fprintf(
	    stderr, "crash: %d kills while draining (seed %u)\n", kills, seed);
	assert_true(kills >= 10);
	it_daemon_start(tp);
	assert_true(harness_wait(it_all_final, tp, 30000));
	assert_int_equal(harness_stop(&tp->gw), 0);
	assert_int_equal(store_outbox_counts(tp->s, n), STORE_OK);
	assert_int_equal(n[OUTBOX_SENT], CRASH_MESSAGES);
	it_tally_accepted(tp, CRASH_MESSAGES, &c);
	fprintf(stderr,
	    "crash: %d messages, lost %d, duplicates %d "
	    "(bound %d = %d kills x %d in flight), resends with other "
	    "content %d\n",
	    CRASH_MESSAGES, c.lost, c.dups, kills * CRASH_IN_FLIGHT, kills,
	    CRASH_IN_FLIGHT, c.differs);
	assert_int_equal(c.lost, 0);
	assert_true(c.dups <= kills * CRASH_IN_FLIGHT);
	assert_int_equal(c.differs, 0);
}

/*
 * Count the ids 1..n in the file provider's output: lost (never written
 * in a whole line), duplicates (written again), lines that are not JSON
 * (cut by a kill in the middle of a write).
 */
static void
count_file(const char *path, int n, struct it_tally *c, int *torn)
{
	struct json_object *o, *v;
	struct buf	    b = { 0 }, line = { 0 };
	const char	   *p, *nl;
	int		   *seen;
	long long	    id;
	int		    i;

	memset(c, 0, sizeof(*c));
	*torn = 0;
	assert_non_null(seen = calloc((size_t)n + 1, sizeof(*seen)));
	assert_int_equal(harness_read_file(path, &b), 0);
	for (p = buf_str(&b); *p != '\0'; p = *nl ? nl + 1 : nl) {
		nl = p + strcspn(p, "\n");
		buf_reset(&line);
		buf_append(&line, p, (size_t)(nl - p));
		o = json_tokener_parse(buf_str(&line));
		if (o == NULL || !json_object_object_get_ex(o, "id", &v)) {
			(*torn)++;
			json_object_put(o);
			continue;
		}
		id = json_object_get_int64(v);
		if (id >= 1 && id <= n)
			seen[id]++;
		json_object_put(o);
	}
	for (i = 1; i <= n; i++) {
		if (seen[i] == 0)
			c->lost++;
		else
			c->dups += seen[i] - 1;
	}
	free(seen);
	buf_free(&b);
	buf_free(&line);
}

/*
 * The file provider: kill -9 while it drains.  Each write is made
 * durable before its outcomes are recorded, so a crash in between
 * writes those messages again at the next start: at most the in-flight
 * window (not a whole batch of [sms] batch).
 */
static void
test_crash_file(void **state)
{
	struct gwt     *tp = *state;
	struct it_tally c;
	int64_t		n[OUTBOX_STATUS__MAX];
	unsigned	seed = (unsigned)it_now_ms();
	int		kills, torn;

	/* A rate the 12 kills cannot outrun on a quiet host. */
	it_setup(tp, "file", "max_in_flight = 10\nrate_per_second = 4000");
	it_queue_many(tp, CRASH_FILE_MESSAGES, "+4525", time(NULL) + 3600);
	kills = kill_while_draining(tp, seed);
	it_daemon_start(tp);
	assert_true(harness_wait(it_all_final, tp, 60000));
	assert_int_equal(harness_stop(&tp->gw), 0);
	assert_int_equal(store_outbox_counts(tp->s, n), STORE_OK);
	count_file(tp->h.sms_file, CRASH_FILE_MESSAGES, &c, &torn);
	fprintf(stderr,
	    "crash (file provider): %d messages, %d kills (seed "
	    "%u), lost %d, duplicates %d (bound %d = %d kills x %d in "
	    "flight), lines cut by a kill %d\n",
	    CRASH_FILE_MESSAGES, kills, seed, c.lost, c.dups,
	    kills * CRASH_IN_FLIGHT, kills, CRASH_IN_FLIGHT, torn);
	assert_int_equal(n[OUTBOX_SENT], CRASH_FILE_MESSAGES);
	assert_int_equal(c.lost, 0);
	assert_true(c.dups <= kills * CRASH_IN_FLIGHT);
	assert_true(kills >= 10);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		IT_TEST(test_crash_drain),
		IT_TEST(test_crash_file),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
