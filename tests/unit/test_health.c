/*
 * test_health.c - the providers' health state machine
 * (sms-gateway/health.c, compiled in): when a provider leaves the
 * traffic, who takes it, the probe, the way back; times are given, as
 * the sender gives clock_now().
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "../../sms-gateway/health.c"

static const struct health_rules rules = { 3, 1, 30 };

/* Three failures in a row take A out; B takes the traffic. */
static void
test_trip_after_threshold(void **state)
{
	struct health h[2];
	int	      probe;

	(void)state;
	health_init(&h[0], 1000);
	health_init(&h[1], 1000);
	assert_int_equal(health_pick(h, 2, &rules, 0, 1, 1000, &probe), 0);
	assert_int_equal(health_note(&h[0], &rules, HEALTH_FAILED, 0,
			     "Couldn't connect to server", 1001),
	    0);
	assert_int_equal(
	    health_note(&h[0], &rules, HEALTH_FAILED, 0, "http 503", 1002), 0);
	assert_int_equal(health_pick(h, 2, &rules, 0, 1, 1002, &probe), 0);
	assert_int_equal(
	    health_note(&h[0], &rules, HEALTH_FAILED, 0, "timeout", 1003), 1);
	assert_int_equal(h[0].state, HEALTH_DOWN);
	assert_int_equal(h[0].since, 1003);
	assert_string_equal(h[0].reason, "timeout");
	assert_int_equal(h[0].trips, 1);
	assert_int_equal(health_pick(h, 2, &rules, 0, 1, 1004, &probe), 1);
	assert_int_equal(probe, 0);
}

/* An answer in between starts the count again; 429 counts nothing. */
static void
test_answers_reset(void **state)
{
	struct health h;
	int	      i;

	(void)state;
	health_init(&h, 0);
	for (i = 0; i < 10; i++) {
		health_note(&h, &rules, HEALTH_FAILED, 0, "http 500", i);
		health_note(&h, &rules, HEALTH_FAILED, 0, "http 500", i);
		health_note(&h, &rules, HEALTH_NOTHING, 0, "http 429", i);
		/* An invalid number is an answer, not a failure. */
		health_note(&h, &rules, HEALTH_ANSWERED, 0, "http 400", i);
	}
	assert_int_equal(h.state, HEALTH_UP);
	assert_int_equal(h.failures, 0);
	assert_int_equal(h.trips, 0);
}

/* A refused account takes it out at once. */
static void
test_account_trips_at_once(void **state)
{
	struct health h;

	(void)state;
	health_init(&h, 0);
	assert_int_equal(
	    health_note(&h, &rules, HEALTH_ACCOUNT, 0, "http 401", 5), 1);
	assert_int_equal(h.state, HEALTH_DOWN);
}

/*
 * Login codes leave A after one failure, before the rest; with nobody
 * better they still go to a provider that is up.
 */
static void
test_login_codes_first(void **state)
{
	struct health h[2];
	int	      probe;

	(void)state;
	health_init(&h[0], 0);
	health_init(&h[1], 0);
	health_note(&h[0], &rules, HEALTH_FAILED, 0, "timeout", 1);
	assert_int_equal(health_pick(h, 2, &rules, 1, 0, 1, &probe), 1);
	assert_int_equal(health_pick(h, 2, &rules, 0, 1, 1, &probe), 0);
	health_note(&h[1], &rules, HEALTH_FAILED, 0, "timeout", 1);
	assert_int_equal(health_pick(h, 2, &rules, 1, 0, 1, &probe), 0);
	assert_int_equal(probe, 0);
}

/*
 * Out, A is probed once per interval with an ordinary message no
 * provider has seen (never a login code); a failed probe waits another interval, an answered one
 * takes A back.
 */
static void
test_probe_and_back(void **state)
{
	struct health h[2];
	int	      probe, i;

	(void)state;
	health_init(&h[0], 0);
	health_init(&h[1], 0);
	for (i = 0; i < 3; i++)
		health_note(&h[0], &rules, HEALTH_FAILED, 0, "refused", 100);
	assert_int_equal(health_pick(h, 2, &rules, 0, 1, 129, &probe), 1);
	assert_int_equal(health_pick(h, 2, &rules, 0, 1, 130, &probe), 0);
	assert_int_equal(probe, 1);
	assert_int_equal(health_pick(h, 2, &rules, 1, 0, 130, &probe), 1);
	assert_int_equal(probe, 0);
	/* A message another provider has seen is no probe either. */
	assert_int_equal(health_pick(h, 2, &rules, 0, 0, 130, &probe), 1);
	assert_int_equal(probe, 0);
	health_probe_start(&h[0], &rules, 130);
	assert_int_equal(health_pick(h, 2, &rules, 0, 1, 131, &probe), 1);
	/* A late answer to a request from before is no probe. */
	assert_int_equal(
	    health_note(&h[0], &rules, HEALTH_ANSWERED, 0, NULL, 132), 0);
	assert_int_equal(h[0].state, HEALTH_DOWN);
	assert_int_equal(
	    health_note(&h[0], &rules, HEALTH_FAILED, 1, "refused", 133), 0);
	assert_int_equal(h[0].next_probe, 163);
	assert_int_equal(health_pick(h, 2, &rules, 0, 1, 162, &probe), 1);
	assert_int_equal(health_pick(h, 2, &rules, 0, 1, 163, &probe), 0);
	assert_int_equal(probe, 1);
	health_probe_start(&h[0], &rules, 163);
	assert_int_equal(
	    health_note(&h[0], &rules, HEALTH_ANSWERED, 1, NULL, 164), 1);
	assert_int_equal(h[0].state, HEALTH_UP);
	assert_int_equal(h[0].since, 164);
	assert_int_equal(health_pick(h, 2, &rules, 1, 0, 164, &probe), 0);
	assert_string_equal(health_state_name(h[0].state), "up");
}

/* Everyone out: the first, each message backing off on its own. */
static void
test_all_out(void **state)
{
	struct health h[2];
	int	      probe;

	(void)state;
	health_init(&h[0], 0);
	health_init(&h[1], 0);
	health_note(&h[0], &rules, HEALTH_ACCOUNT, 0, "http 401", 1);
	health_note(&h[1], &rules, HEALTH_ACCOUNT, 0, "http 401", 1);
	assert_int_equal(health_pick(h, 2, &rules, 0, 1, 2, &probe), 0);
	assert_int_equal(probe, 0);
	assert_int_equal(health_pick(h, 2, &rules, 1, 0, 2, &probe), 0);
	assert_string_equal(health_state_name(h[1].state), "out");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_trip_after_threshold),
		cmocka_unit_test(test_answers_reset),
		cmocka_unit_test(test_account_trips_at_once),
		cmocka_unit_test(test_login_codes_first),
		cmocka_unit_test(test_probe_and_back),
		cmocka_unit_test(test_all_out),
	};

	return cmocka_run_group_tests_name("health", tests, NULL, NULL);
}
