/*
 * test_store_outbox.c - unit tests for the sender's and the staff's side
 * of shared/store_outbox.c: claim by priority, outcomes, reconcile,
 * delivery reports, retry, listing, bad numbers, counts.
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

#include "store.h"
#include "store_outbox.h"
#include "test_db.h"

#define NOW 1800000000

static char dir[64], dbpath[128];

static int
setup(void **state)
{
	struct store *s;

	if (test_db_make("test-outbox", dir, dbpath, &s) == -1)
		return -1;
	*state = s;
	return 0;
}

static int
teardown(void **state)
{
	return test_db_remove(*state, dir, dbpath);
}

/* Queue one message; returns its id. */
static int64_t
put(struct store *s, const char *to, const char *purpose, time_t send_by)
{
	struct outbox_msg m;
	int64_t		  id;

	memset(&m, 0, sizeof(m));
	m.recipient = to;
	m.body = "Husk dit møde i morgen kl. 10.00.";
	m.purpose = purpose;
	m.send_by = send_by;
	assert_int_equal(store_outbox_queue(s, &m, NOW, &id), STORE_OK);
	return id;
}

static void
free_claims(struct outbox_claim *c, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		outbox_claim_free(&c[i]);
}

static void
test_claim_priority_order(void **state)
{
	struct store	   *s = *state;
	struct outbox_claim c[8];
	int64_t		    rem, code, contact, n[OUTBOX_STATUS__MAX];
	size_t		    got;

	rem = put(s, "+4520000001", "reminder", NOW + 3600);
	code = put(s, "+4520000002", "login_code", NOW + 300);
	contact = put(s, "+4520000003", "contact", NOW + 3600);
	assert_int_equal(
	    store_outbox_claim(s, NOW, "file", 2, c, &got), STORE_OK);
	assert_int_equal(got, 2);
	assert_int_equal(c[0].id, code);
	assert_int_equal(c[1].id, contact);
	assert_int_equal(c[0].attempts, 1);
	assert_string_equal(c[0].encoding, "GSM-7");
	assert_string_equal(c[0].recipient, "+4520000002");
	assert_int_equal(c[0].send_by, NOW + 300);
	free_claims(c, got);
	assert_int_equal(
	    store_outbox_claim(s, NOW, "file", 8, c, &got), STORE_OK);
	assert_int_equal(got, 1);
	assert_int_equal(c[0].id, rem);
	free_claims(c, got);
	assert_int_equal(
	    store_outbox_claim(s, NOW, "file", 8, c, &got), STORE_OK);
	assert_int_equal(got, 0);
	assert_int_equal(store_outbox_counts(s, n), STORE_OK);
	assert_int_equal(n[OUTBOX_SENDING], 3);
	assert_int_equal(n[OUTBOX_QUEUED], 0);
}

static void
test_outcomes_and_next_due(void **state)
{
	struct store	     *s = *state;
	struct outbox_claim   c[4];
	struct outbox_outcome o[4];
	struct outbox_rec     r;
	size_t		      got;
	time_t		      when;

	put(s, "+4520000001", "reminder", NOW + 3600);
	put(s, "+4520000002", "reminder", NOW + 3600);
	put(s, "+4520000003", "reminder", NOW + 3600);
	put(s, "+4520000004", "reminder", NOW + 3600);
	assert_int_equal(
	    store_outbox_claim(s, NOW, "gatewayapi", 4, c, &got), STORE_OK);
	assert_int_equal(got, 4);
	memset(o, 0, sizeof(o));
	o[0] = (struct outbox_outcome){ .id = c[0].id,
		.result = OUTBOX_RESULT_SENT,
		.provider_id = "987",
		.error = NULL,
		.next_attempt_at = 0,
		.provider = "gatewayapi" };
	o[1] = (struct outbox_outcome){ .id = c[1].id,
		.result = OUTBOX_RESULT_RETRY,
		.provider_id = NULL,
		.error = "http 503",
		.next_attempt_at = NOW + 60 };
	o[2] = (struct outbox_outcome){ .id = c[2].id,
		.result = OUTBOX_RESULT_FAILED,
		.provider_id = NULL,
		.error = "http 400",
		.next_attempt_at = 0 };
	o[3] = (struct outbox_outcome){ .id = c[3].id,
		.result = OUTBOX_RESULT_EXPIRED,
		.provider_id = NULL,
		.error = "late",
		.next_attempt_at = 0 };
	assert_int_equal(store_outbox_record(s, o, 4, NOW + 1), STORE_OK);
	assert_int_equal(store_outbox_get(s, c[0].id, &r), STORE_OK);
	assert_int_equal(r.status, OUTBOX_SENT);
	assert_string_equal(r.provider_id, "987");
	assert_string_equal(r.provider, "gatewayapi");
	assert_int_equal(r.sent_at, NOW + 1);
	outbox_rec_free(&r);
	assert_int_equal(store_outbox_get(s, c[1].id, &r), STORE_OK);
	assert_int_equal(r.status, OUTBOX_QUEUED);
	assert_int_equal(r.next_attempt_at, NOW + 60);
	assert_string_equal(r.last_error, "http 503");
	outbox_rec_free(&r);
	assert_int_equal(store_outbox_get(s, c[2].id, &r), STORE_OK);
	assert_int_equal(r.status, OUTBOX_FAILED);
	assert_int_equal(r.final_at, NOW + 1);
	outbox_rec_free(&r);
	assert_int_equal(store_outbox_get(s, c[3].id, &r), STORE_OK);
	assert_int_equal(r.status, OUTBOX_EXPIRED);
	outbox_rec_free(&r);
	free_claims(c, got);
	/* The retried row is not due before its time. */
	assert_int_equal(
	    store_outbox_claim(s, NOW + 59, "x", 4, c, &got), STORE_OK);
	assert_int_equal(got, 0);
	assert_int_equal(store_outbox_next_due(s, &when), STORE_OK);
	assert_int_equal(when, NOW + 60);
	assert_int_equal(
	    store_outbox_claim(s, NOW + 60, "x", 4, c, &got), STORE_OK);
	assert_int_equal(got, 1);
	assert_int_equal(c[0].attempts, 2);
	free_claims(c, got);
	assert_int_equal(store_outbox_next_due(s, &when), STORE_NOTFOUND);
}

static void
test_reconcile_release(void **state)
{
	struct store	     *s = *state;
	struct outbox_claim   c[4];
	struct outbox_outcome o;
	struct outbox_rec     r;
	int64_t		      n, id;
	size_t		      got;

	id = put(s, "+4520000001", "reminder", NOW + 3600);
	put(s, "+4520000002", "reminder", NOW + 3600);
	assert_int_equal(store_outbox_claim(s, NOW, "x", 4, c, &got), STORE_OK);
	assert_int_equal(got, 2);
	/* Released: back to queued, the attempt not counted. */
	memset(&o, 0, sizeof(o));
	o.id = c[1].id;
	o.result = OUTBOX_RESULT_RELEASE;
	assert_int_equal(store_outbox_record(s, &o, 1, NOW), STORE_OK);
	assert_int_equal(store_outbox_get(s, c[1].id, &r), STORE_OK);
	assert_int_equal(r.status, OUTBOX_QUEUED);
	assert_int_equal(r.attempts, 0);
	outbox_rec_free(&r);
	free_claims(c, got);
	/* A crash: the other row stays sending until reconciled. */
	assert_int_equal(store_outbox_reconcile(s, NOW + 5, &n), STORE_OK);
	assert_int_equal(n, 1);
	assert_int_equal(store_outbox_get(s, id, &r), STORE_OK);
	assert_int_equal(r.status, OUTBOX_QUEUED);
	assert_int_equal(r.attempts, 1);
	outbox_rec_free(&r);
	assert_int_equal(
	    store_outbox_claim(s, NOW + 5, "x", 4, c, &got), STORE_OK);
	assert_int_equal(got, 2);
	assert_int_equal(c[0].id, id); /* same reference */
	free_claims(c, got);
}

/*
 * The provider's acceptance is recorded however the row was put back
 * meanwhile (another daemon reconciled it): queued again, claimed again,
 * or expired by that daemon because its send_by passed.
 */
static void
test_sent_after_requeue(void **state)
{
	struct store	     *s = *state;
	struct outbox_claim   c[4], again[4];
	struct outbox_outcome o[3];
	struct outbox_rec     r;
	int64_t		      n;
	size_t		      got, got2, i;

	put(s, "+4520000001", "reminder", NOW + 3600);
	put(s, "+4520000002", "reminder", NOW + 3600);
	put(s, "+4520000003", "reminder", NOW + 3600);
	assert_int_equal(store_outbox_claim(s, NOW, "x", 4, c, &got), STORE_OK);
	assert_int_equal(got, 3);
	assert_int_equal(store_outbox_reconcile(s, NOW, &n), STORE_OK);
	assert_int_equal(n, 3);
	/* The other daemon claims two again and expires one of them. */
	assert_int_equal(
	    store_outbox_claim(s, NOW, "x", 2, again, &got2), STORE_OK);
	assert_int_equal(got2, 2);
	memset(o, 0, sizeof(o));
	o[0].id = again[1].id;
	o[0].result = OUTBOX_RESULT_EXPIRED;
	o[0].error = "send-by passed before sending";
	assert_int_equal(store_outbox_record(s, o, 1, NOW), STORE_OK);
	free_claims(again, got2);
	/* Our answers come in: the provider has all three. */
	memset(o, 0, sizeof(o));
	for (i = 0; i < 3; i++) {
		o[i].id = c[i].id;
		o[i].result = OUTBOX_RESULT_SENT;
		o[i].provider_id = "p1";
	}
	assert_int_equal(store_outbox_record(s, o, 3, NOW + 1), STORE_OK);
	for (i = 0; i < 3; i++) {
		assert_int_equal(store_outbox_get(s, c[i].id, &r), STORE_OK);
		assert_int_equal(r.status, OUTBOX_SENT);
		assert_string_equal(r.provider_id, "p1");
		assert_int_equal(r.final_at, 0);
		outbox_rec_free(&r);
	}
	free_claims(c, got);
	assert_int_equal(
	    store_outbox_claim(s, NOW + 5, "x", 4, c, &got), STORE_OK);
	assert_int_equal(got, 0);
}

/* Count rows seen by a list or bad-numbers callback. */
static int
count_rec(const struct outbox_rec *r, void *arg)
{
	(*(int *)arg)++;
	return 0;
}

static int
first_bad(const struct outbox_bad_number *b, void *arg)
{
	struct outbox_bad_number *out = arg;

	snprintf(out->recipient, sizeof(out->recipient), "%s", b->recipient);
	out->failures = b->failures;
	return 1;
}

static void
test_retry_list_bad_numbers(void **state)
{
	struct store		*s = *state;
	struct outbox_claim	 c[4];
	struct outbox_outcome	 o[3];
	struct outbox_bad_number b;
	size_t			 got;
	int			 n = 0;
	time_t			 oldest;

	put(s, "+4520000009", "reminder", NOW + 3600);
	put(s, "+4520000009", "reminder", NOW + 3600);
	put(s, "+4520000001", "reminder", NOW + 3600);
	assert_int_equal(store_outbox_claim(s, NOW, "x", 4, c, &got), STORE_OK);
	assert_int_equal(got, 3);
	o[0] = (struct outbox_outcome){ .id = c[0].id,
		.result = OUTBOX_RESULT_FAILED,
		.provider_id = NULL,
		.error = "http 400",
		.next_attempt_at = 0 };
	o[1] = (struct outbox_outcome){ .id = c[1].id,
		.result = OUTBOX_RESULT_FAILED,
		.provider_id = NULL,
		.error = "http 400",
		.next_attempt_at = 0 };
	o[2] = (struct outbox_outcome){ .id = c[2].id,
		.result = OUTBOX_RESULT_EXPIRED,
		.provider_id = NULL,
		.error = "late",
		.next_attempt_at = 0 };
	assert_int_equal(store_outbox_record(s, o, 3, NOW), STORE_OK);
	memset(&b, 0, sizeof(b));
	assert_int_equal(
	    store_outbox_bad_numbers(s, 10, first_bad, &b), STORE_OK);
	assert_string_equal(b.recipient, "+4520000009");
	assert_int_equal(b.failures, 2);
	assert_int_equal(
	    store_outbox_list(s, OUTBOX_FAILED, NULL, 0, count_rec, &n),
	    STORE_OK);
	assert_int_equal(n, 2);
	n = 0;
	assert_int_equal(
	    store_outbox_list(s, -1, "+4520000001", 0, count_rec, &n),
	    STORE_OK);
	assert_int_equal(n, 1);
	/* Retry: failed -> queued; expired needs a later send_by. */
	assert_int_equal(store_outbox_retry(s, c[0].id, NOW + 10, 0), STORE_OK);
	assert_int_equal(
	    store_outbox_retry(s, c[0].id, NOW + 10, 0), STORE_CONSTRAINT);
	assert_int_equal(
	    store_outbox_retry(s, c[2].id, NOW + 7200, 0), STORE_CONSTRAINT);
	assert_int_equal(
	    store_outbox_retry(s, c[2].id, NOW + 7200, NOW + 9000), STORE_OK);
	assert_int_equal(store_outbox_retry(s, 999999, NOW, 0), STORE_NOTFOUND);
	assert_int_equal(store_outbox_oldest_queued(s, &oldest), STORE_OK);
	assert_int_equal(oldest, NOW);
	free_claims(c, got);
}

/*
 * store_outbox_last_to(): the latest message that may have reached a
 * number; one still queued has not.
 */
static void
test_last_to(void **state)
{
	struct store	   *s = *state;
	struct outbox_claim c[4];
	size_t		    got;
	char		    purpose[24];
	time_t		    at;

	assert_int_equal(
	    store_outbox_last_to(s, "+4520000101", NOW - 10, purpose, &at),
	    STORE_NOTFOUND);
	put(s, "+4520000101", "reminder", NOW + 3600);
	assert_int_equal(
	    store_outbox_last_to(s, "+4520000101", NOW - 10, purpose, &at),
	    STORE_NOTFOUND);
	put(s, "+4520000101", "agreement_active", NOW + 3600);
	put(s, "+4520000102", "receipt", NOW + 3600);
	assert_int_equal(store_outbox_claim(s, NOW, "x", 4, c, &got), STORE_OK);
	assert_int_equal(got, 3);
	free_claims(c, got);
	assert_int_equal(
	    store_outbox_last_to(s, "+4520000101", NOW - 10, purpose, &at),
	    STORE_OK);
	assert_string_equal(purpose, "agreement_active");
	assert_int_equal(at, NOW);
	assert_int_equal(
	    store_outbox_last_to(s, "+4520000102", NOW, purpose, &at),
	    STORE_OK);
	assert_string_equal(purpose, "receipt");
	/* Only rows queued since the given instant are looked at. */
	assert_int_equal(
	    store_outbox_last_to(s, "+4520000102", NOW + 1, purpose, &at),
	    STORE_NOTFOUND);
}

static void
test_status_names(void **state)
{
	int i;

	(void)state;
	for (i = 0; i < OUTBOX_STATUS__MAX; i++)
		assert_int_equal(outbox_status_parse(outbox_status_name(i)), i);
	assert_int_equal(outbox_status_parse("nope"), -1);
	assert_string_equal(outbox_status_name(OUTBOX_STATUS__MAX), "?");
}

static void
test_lease_holder(void **state)
{
	struct store *s = *state;
	char	     *holder;
	time_t	      exp;

	assert_int_equal(store_lease_get(s, "sender", &holder, &exp), STORE_OK);
	assert_null(holder);
	assert_int_equal(
	    store_lease_acquire(s, "sender", "h:1:a", NOW, 30), STORE_OK);
	assert_int_equal(store_lease_get(s, "sender", &holder, &exp), STORE_OK);
	assert_string_equal(holder, "h:1:a");
	assert_int_equal(exp, NOW + 30);
	free(holder);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    test_claim_priority_order, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_outcomes_and_next_due, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_reconcile_release, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_sent_after_requeue, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_retry_list_bad_numbers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_last_to, setup, teardown),
		cmocka_unit_test(test_status_names),
		cmocka_unit_test_setup_teardown(
		    test_lease_holder, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
