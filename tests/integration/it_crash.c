/*
 * it_crash.c - kill -9 the daemon at random moments while it drains
 * 5,000 messages through the fake provider, at least 10 times, restart
 * it each time, and check: every message delivered, none lost, and the
 * duplicates (messages the provider accepted twice) no more than the
 * in-flight window per crash, each with the same reference, recipient
 * and text.  Prints the lost and duplicate counts.
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

#define CRASH_MESSAGES	5000
#define CRASH_KILLS	12
#define CRASH_IN_FLIGHT	10

static void
test_crash_drain(void **state)
{
	struct gwt	*tp = *state;
	struct it_tally	 c;
	int64_t		 n[OUTBOX_STATUS__MAX];
	unsigned	 seed = (unsigned)it_now_ms();
	int		 kills = 0;

	it_setup(tp, "gatewayapi", "max_in_flight = 10\n"
	    "rate_per_second = 1000");
	it_queue_many(tp, CRASH_MESSAGES, "+4524", time(NULL) + 3600);
	srand(seed);
	while (kills < CRASH_KILLS) {
		it_daemon_start(tp);
		usleep((useconds_t)(20 + rand() % 180) * 1000);
		harness_kill(&tp->gw);
		if (it_all_final(tp))
			break;
		kills++;
	}
	fprintf(stderr, "crash: %d kills while draining (seed %u)\n", kills,
	    seed);
	assert_true(kills >= 10);
	it_daemon_start(tp);
	assert_true(harness_wait(it_all_final, tp, 30000));
	assert_int_equal(harness_stop(&tp->gw), 0);
	assert_int_equal(store_outbox_counts(tp->s, n), STORE_OK);
	assert_int_equal(n[OUTBOX_SENT], CRASH_MESSAGES);
	it_tally_accepted(tp, CRASH_MESSAGES, &c);
	fprintf(stderr, "crash: %d messages, lost %d, duplicates %d "
	    "(bound %d = %d kills x %d in flight), resends with other "
	    "content %d\n", CRASH_MESSAGES, c.lost, c.dups,
	    kills * CRASH_IN_FLIGHT, kills, CRASH_IN_FLIGHT, c.differs);
	assert_int_equal(c.lost, 0);
	assert_true(c.dups <= kills * CRASH_IN_FLIGHT);
	assert_int_equal(c.differs, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		IT_TEST(test_crash_drain),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
