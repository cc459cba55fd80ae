/*
 * test_deskcode.c - unit tests for shared/deskcode.c and
 * shared/store_desk.c: the codes are 6 uniformly random digits, only a
 * keyed hash is stored, a code works once, until it expires (the
 * settable clock), on the kiosk it is bound to, and a new code for the
 * citizen voids the old one; wrong tries are counted per kiosk and in
 * all; retention deletes both.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "clock.h"
#include "deskcode.h"
#include "store.h"
#include "store_desk.h"
#include "test_db.h"

#define T0	    1796119200 /* 2026-12-01 10:00 Copenhagen */
#define KEY	    "0123456789abcdef0123456789abcdef"
#define ISSUES	    3000
#define CHI2_LIMIT  40.0 /* 9 degrees of freedom: p < 1e-5 */
#define KIOSK	    "kiosk-1"
#define OTHER_KIOSK "kiosk-2"

struct desk_test {
	struct store *s;
	char	      dir[TEST_DB_DIR_LEN];
	char	      path[TEST_DB_PATH_LEN];
	int64_t	      staff;
	int64_t	      citizen;
	int64_t	      citizen2;
};

static struct desk_test t;

/* A citizen with the external id ext and a fake CPR hash of fill. */
static int64_t
add_citizen(const char *ext, char fill)
{
	struct citizen_rec c;

	memset(&c, 0, sizeof(c));
	c.external_id = (char *)ext;
	memset(c.cpr_hash, fill, 64);
	c.given_name = (char *)"Mads";
	memcpy(c.language, "da", 3);
	c.reminders_on = 1;
	assert_int_equal(store_citizen_upsert(t.s, &c), STORE_OK);
	return c.id;
}

static int
setup(void **state)
{
	(void)state;
	memset(&t, 0, sizeof(t));
	if (test_db_make("test-deskcode", t.dir, t.path, &t.s) == -1)
		return -1;
	t.staff = test_db_add_staff(t.s, "s-kim", "Kim", NULL, 0, 0);
	t.citizen = add_citizen("c-mads", 'a');
	t.citizen2 = add_citizen("c-ole", 'b');
	clock_set(T0);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	clock_set(0);
	return test_db_remove(t.s, t.dir, t.path);
}

/* Issue a code for citizen on kiosk (NULL: any) at now. */
static void
issue(int64_t citizen, const char *kiosk, time_t now, char code[7])
{
	assert_int_equal(deskcode_issue(t.s, KEY, strlen(KEY), citizen, t.staff,
			     kiosk, now, code, NULL),
	    STORE_OK);
}

/* Take code on kiosk at now; the status. */
static enum deskcode_status
take(const char *code, const char *kiosk, time_t now)
{
	struct desk_code_rec rec;

	return deskcode_take(t.s, KEY, strlen(KEY), code, kiosk, now, &rec);
}

/* Every digit in every place comes up about equally often. */
static void
test_uniform(void **state)
{
	long   count[DESKCODE_DIGITS][10];
	char   code[DESKCODE_DIGITS + 1];
	double chi2, expect = ISSUES / 10.0;
	int    i, j;

	(void)state;
	memset(count, 0, sizeof(count));
	assert_int_equal(store_begin(t.s), STORE_OK);
	for (i = 0; i < ISSUES; i++) {
		issue(t.citizen, NULL, T0 + i, code);
		assert_int_equal(strlen(code), DESKCODE_DIGITS);
		assert_int_equal(strspn(code, "0123456789"), DESKCODE_DIGITS);
		for (j = 0; j < DESKCODE_DIGITS; j++)
			count[j][code[j] - '0']++;
	}
	assert_int_equal(store_commit(t.s), STORE_OK);
	for (j = 0; j < DESKCODE_DIGITS; j++) {
		chi2 = 0;
		for (i = 0; i < 10; i++)
			chi2 += (count[j][i] - expect) *
			    (count[j][i] - expect) / expect;
		if (chi2 > CHI2_LIMIT)
			fail_msg("place %d: chi2 %.1f", j, chi2);
	}
	/* Only the newest is live: every earlier one was voided. */
	assert_int_equal(test_db_int(t.path,
			     "SELECT count(*) FROM desk_code WHERE code_hash "
			     "IS NOT NULL"),
	    1);
}

/* The hash is keyed, hex, and never the digits themselves. */
static void
test_hash(void **state)
{
	char a[DESK_HASH_HEX], b[DESK_HASH_HEX], c[DESK_HASH_HEX];
	char code[DESKCODE_DIGITS + 1];

	(void)state;
	deskcode_hash(KEY, strlen(KEY), "123456", a);
	deskcode_hash(KEY, strlen(KEY), "123456", b);
	assert_string_equal(a, b);
	assert_int_equal(strlen(a), 64);
	assert_int_equal(strspn(a, "0123456789abcdef"), 64);
	deskcode_hash("another key", 11, "123456", c);
	assert_string_not_equal(a, c);
	deskcode_hash(KEY, strlen(KEY), "123457", c);
	assert_string_not_equal(a, c);
	/* The store has the hash of the code it gave, nothing else. */
	issue(t.citizen, NULL, T0, code);
	deskcode_hash(KEY, strlen(KEY), code, a);
	assert_int_equal(test_db_int(t.path,
			     "SELECT count(*) FROM desk_code WHERE "
			     "length(code_hash) = 64"),
	    1);
	assert_int_equal(test_db_int(t.path,
			     "SELECT count(*) FROM desk_code WHERE "
			     "code_hash = lower(code_hash)"),
	    1);
	assert_int_equal(deskcode_take(t.s, KEY, strlen(KEY), code, KIOSK, T0,
			     &(struct desk_code_rec){ 0 }),
	    DESKCODE_OK);
	(void)a;
}

/* What a person types: digits and spaces, exactly 6 digits. */
static void
test_clean(void **state)
{
	char out[DESKCODE_DIGITS + 1];

	(void)state;
	assert_int_equal(deskcode_clean("123 456", out, 6), 0);
	assert_string_equal(out, "123456");
	assert_int_equal(deskcode_clean(" 012345 ", out, 6), 0);
	assert_string_equal(out, "012345");
	assert_int_equal(deskcode_clean("12345", out, 6), -1);
	assert_int_equal(deskcode_clean("1234567", out, 6), -1);
	assert_int_equal(deskcode_clean("12a456", out, 6), -1);
	assert_int_equal(deskcode_clean("123-456", out, 6), -1);
	assert_int_equal(deskcode_clean("", out, 6), -1);
	assert_int_equal(deskcode_clean(NULL, out, 6), -1);
}

/* A code works until DESKCODE_TTL seconds have passed (settable clock). */
static void
test_expiry(void **state)
{
	char code[DESKCODE_DIGITS + 1];

	(void)state;
	issue(t.citizen, NULL, clock_now(), code);
	clock_set(T0 + DESKCODE_TTL);
	assert_int_equal(take(code, KIOSK, clock_now()), DESKCODE_NONE);
	clock_set(T0);
	issue(t.citizen, NULL, clock_now(), code);
	clock_set(T0 + DESKCODE_TTL - 1);
	assert_int_equal(take(code, KIOSK, clock_now()), DESKCODE_OK);
}

/* A code works once; a wrong one finds nothing. */
static void
test_one_use(void **state)
{
	struct desk_code_rec rec;
	char		     code[DESKCODE_DIGITS + 1], wrong[7];

	(void)state;
	issue(t.citizen, NULL, T0, code);
	memcpy(wrong, code, sizeof(wrong));
	wrong[5] = (char)('0' + (code[5] - '0' + 1) % 10);
	assert_int_equal(take(wrong, KIOSK, T0 + 1), DESKCODE_NONE);
	assert_int_equal(
	    deskcode_take(t.s, KEY, strlen(KEY), code, KIOSK, T0 + 1, &rec),
	    DESKCODE_OK);
	assert_int_equal(rec.citizen_id, t.citizen);
	assert_int_equal(rec.staff_id, t.staff);
	assert_int_equal(take(code, KIOSK, T0 + 2), DESKCODE_NONE);
	/* Used: the hash is gone, the kiosk is kept. */
	assert_int_equal(test_db_int(t.path,
			     "SELECT count(*) FROM desk_code WHERE code_hash "
			     "IS NULL AND used_kiosk = 'kiosk-1'"),
	    1);
}

/* A code bound to a kiosk works there only; elsewhere it stays live. */
static void
test_kiosk_bound(void **state)
{
	char code[DESKCODE_DIGITS + 1];

	(void)state;
	issue(t.citizen, OTHER_KIOSK, T0, code);
	assert_int_equal(take(code, KIOSK, T0 + 1), DESKCODE_OTHER_KIOSK);
	assert_int_equal(take(code, OTHER_KIOSK, T0 + 2), DESKCODE_OK);
	/* Not bound: any kiosk. */
	issue(t.citizen, "", T0, code);
	assert_int_equal(take(code, OTHER_KIOSK, T0 + 3), DESKCODE_OK);
}

/* A new code for the citizen voids the old; another citizen's stays. */
static void
test_new_voids_old(void **state)
{
	char old[DESKCODE_DIGITS + 1], other[DESKCODE_DIGITS + 1];
	char code[DESKCODE_DIGITS + 1];

	(void)state;
	issue(t.citizen, NULL, T0, old);
	issue(t.citizen2, NULL, T0, other);
	issue(t.citizen, NULL, T0 + 10, code);
	if (strcmp(old, code) != 0)
		assert_int_equal(take(old, KIOSK, T0 + 11), DESKCODE_NONE);
	assert_int_equal(take(code, KIOSK, T0 + 12), DESKCODE_OK);
	assert_int_equal(take(other, KIOSK, T0 + 13), DESKCODE_OK);
}

/* Wrong tries per kiosk and in all; retention deletes old rows. */
static void
test_tries_and_purge(void **state)
{
	char	code[DESKCODE_DIGITS + 1];
	int64_t n;

	(void)state;
	assert_int_equal(store_desk_try_add(t.s, KIOSK, T0), STORE_OK);
	assert_int_equal(store_desk_try_add(t.s, KIOSK, T0 + 100), STORE_OK);
	assert_int_equal(
	    store_desk_try_add(t.s, OTHER_KIOSK, T0 + 200), STORE_OK);
	assert_int_equal(store_desk_tries(t.s, KIOSK, T0, &n), STORE_OK);
	assert_int_equal(n, 2);
	assert_int_equal(store_desk_tries(t.s, KIOSK, T0 + 1, &n), STORE_OK);
	assert_int_equal(n, 1);
	assert_int_equal(store_desk_tries(t.s, NULL, T0, &n), STORE_OK);
	assert_int_equal(n, 3);
	issue(t.citizen, NULL, T0, code);
	assert_int_equal(store_desk_purge(t.s, T0 + 150, &n), STORE_OK);
	assert_int_equal(n, 3); /* two tries and the code */
	assert_int_equal(store_desk_tries(t.s, NULL, 0, &n), STORE_OK);
	assert_int_equal(n, 1);
	assert_int_equal(take(code, KIOSK, T0 + 1), DESKCODE_NONE);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_uniform, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hash, setup, teardown),
		cmocka_unit_test_setup_teardown(test_clean, setup, teardown),
		cmocka_unit_test_setup_teardown(test_expiry, setup, teardown),
		cmocka_unit_test_setup_teardown(test_one_use, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_kiosk_bound, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_new_voids_old, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_tries_and_purge, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
