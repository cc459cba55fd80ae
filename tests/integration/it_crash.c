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

/* What the provider accepted for one reference. */
struct seen {
	int		 accepted;
	char		 to[24];
	char		*body;
	int		 differs;	/* a resend with other content */
};

static void
count_records(struct gwt *t, struct seen *seen)
{
	struct json_object	*recs, *r;
	const char		*to, *body;
	long long		 ref;
	size_t			 i;

	recs = it_fake_records(t);
	for (i = 0; i < json_object_array_length(recs); i++) {
		r = json_object_array_get_idx(recs, i);
		ref = strtoll(it_rec_str(r, "ref"), NULL, 10);
		if (ref < 1 || ref > CRASH_MESSAGES ||
		    it_rec_int(r, "status") != 200)
			continue;
		to = it_rec_str(r, "to");
		body = it_rec_str(r, "body");
		if (seen[ref].accepted++ == 0) {
			snprintf(seen[ref].to, sizeof(seen[ref].to), "%s", to);
			seen[ref].body = strdup(body);
		} else if (strcmp(seen[ref].to, to) != 0 ||
		    strcmp(seen[ref].body, body) != 0)
			seen[ref].differs = 1;
	}
	json_object_put(recs);
}

static void
test_crash_drain(void **state)
{
	struct gwt	*tp = *state;
	struct seen	*seen;
	int64_t		 n[OUTBOX_STATUS__MAX];
	unsigned	 seed = (unsigned)it_now_ms();
	char		 to[20];
	int		 i, kills = 0, lost = 0, dups = 0, differs = 0;

	it_setup(tp, "gatewayapi", "max_in_flight = 10\n"
	    "rate_per_second = 1000");
	assert_int_equal(store_begin(tp->s), STORE_OK);
	for (i = 0; i < CRASH_MESSAGES; i++) {
		snprintf(to, sizeof(to), "+4524%06d", i);
		it_queue(tp, to, "reminder", time(NULL) + 3600);
	}
	assert_int_equal(store_commit(tp->s), STORE_OK);
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

	assert_non_null(seen = calloc(CRASH_MESSAGES + 1, sizeof(*seen)));
	count_records(tp, seen);
	for (i = 1; i <= CRASH_MESSAGES; i++) {
		if (seen[i].accepted == 0)
			lost++;
		else
			dups += seen[i].accepted - 1;
		differs += seen[i].differs;
		free(seen[i].body);
	}
	free(seen);
	fprintf(stderr, "crash: %d messages, lost %d, duplicates %d "
	    "(bound %d = %d kills x %d in flight), resends with other "
	    "content %d\n", CRASH_MESSAGES, lost, dups,
	    kills * CRASH_IN_FLIGHT, kills, CRASH_IN_FLIGHT, differs);
	assert_int_equal(lost, 0);
	assert_true(dups <= kills * CRASH_IN_FLIGHT);
	assert_int_equal(differs, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		IT_TEST(test_crash_drain),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
