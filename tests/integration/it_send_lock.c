/*
 * it_send_lock.c - a busy database is a wait, never a lost lease: while
 * sms-gateway drains thousands of messages through the fake provider,
 * another process holds the write lock (BEGIN IMMEDIATE) for 22 s, and
 * meanwhile the settable clock moves 40 s on, past the lease's 30 s.
 * The daemon must not think another daemon holds the lease, must not
 * re-queue rows whose outcomes it still holds, and must send every
 * message exactly once.  Prints the lost and duplicate counts.
 *
 * The hold is real time: the lease is renewed every 10 s on the
 * monotonic clock, so only a hold longer than that meets a renewal.
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

#define LOCK_MESSAGES	3000
#define LOCK_STARTED	300 /* sent before the lock is taken */
#define LOCK_HOLD_MS	22000
#define LOCK_CLOCK_JUMP 40 /* seconds, half-way through the hold */

/* harness_wait(): at least LOCK_STARTED messages are sent. */
static int
some_sent(void *arg)
{
	struct gwt *t = arg;
	int64_t	    n[OUTBOX_STATUS__MAX];

	return store_outbox_counts(t->s, n) == STORE_OK &&
	    n[OUTBOX_SENT] >= LOCK_STARTED;
}

/* Hold the write lock for LOCK_HOLD_MS; move the clock half-way. */
static void
hold_lock(struct gwt *t)
{
	long long start, now;
	int	  jumped = 0;

	assert_int_equal(store_begin(t->s), STORE_OK);
	start = it_now_ms();
	while ((now = it_now_ms()) - start < LOCK_HOLD_MS) {
		if (!jumped && now - start >= LOCK_HOLD_MS / 2) {
			it_clock_offset(t, LOCK_CLOCK_JUMP);
			jumped = 1;
		}
		usleep(100 * 1000);
	}
	assert_int_equal(store_commit(t->s), STORE_OK);
	fprintf(stderr,
	    "lock: held the write lock for %lld ms; clock moved "
	    "%d s meanwhile\n",
	    it_now_ms() - start, LOCK_CLOCK_JUMP);
}

static void
test_lock_is_not_a_lost_lease(void **state)
{
	struct gwt     *tp = *state;
	struct buf	log = { 0 };
	int64_t		n[OUTBOX_STATUS__MAX];
	struct it_tally c;

	it_setup(tp, "gatewayapi",
	    "max_in_flight = 10\n"
	    "rate_per_second = 400");
	it_queue_many(tp, LOCK_MESSAGES, "+4526", time(NULL) + 3600);
	it_daemon_start(tp);
	assert_true(harness_wait(some_sent, tp, 30000));
	hold_lock(tp);
	assert_true(harness_wait(it_all_final, tp, 60000));
	assert_int_equal(harness_stop(&tp->gw), 0);
	assert_int_equal(store_outbox_counts(tp->s, n), STORE_OK);
	it_tally_accepted(tp, LOCK_MESSAGES, &c);
	fprintf(stderr,
	    "lock: %d messages, sent %lld, lost %d, duplicates "
	    "%d\n",
	    LOCK_MESSAGES, (long long)n[OUTBOX_SENT], c.lost, c.dups);
	harness_read_file(tp->gw.log, &log);
	/* The lock was not taken for a rival daemon. */
	assert_null(strstr(buf_str(&log), "another daemon holds"));
	assert_int_equal(n[OUTBOX_SENT], LOCK_MESSAGES);
	assert_int_equal(c.lost, 0);
	assert_int_equal(c.dups, 0);
	/* A renewal did meet the lock (else the test proved nothing). */
	assert_non_null(strstr(buf_str(&log), "lease: database busy"));
	buf_free(&log);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		IT_TEST(test_lock_is_not_a_lost_lease),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
