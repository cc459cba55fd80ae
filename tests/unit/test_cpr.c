/*
 * test_cpr.c - unit tests for shared/cpr.c: accepted shapes, rejected
 * input with its reason, calendar dates with the century rules, and the
 * keyed hash.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>

#include <cmocka.h>

#include "cpr.h"

struct cpr_case {
	const char  *in;
	enum cpr_err err;
	const char  *out; /* on CPR_OK */
};

/*
 * Run a table of cases through cpr_parse.
 */
static void
run_cases(const struct cpr_case *c, size_t n)
{
	char   out[CPR_LEN + 1];
	size_t i;

	for (i = 0; i < n; i++) {
		memset(out, 'x', sizeof(out));
		if (cpr_parse(c[i].in, out) != c[i].err)
			fail_msg("cpr_parse(\"%s\") = %d, want %d", c[i].in,
			    cpr_parse(c[i].in, out), c[i].err);
		if (c[i].err == CPR_OK)
			assert_string_equal(out, c[i].out);
		else
			assert_string_equal(out, "");
	}
}

static void
test_parse_ok(void **state)
{
	static const struct cpr_case c[] = {
		{ "010180-1234", CPR_OK, "0101801234" },
		{ "0101801234", CPR_OK, "0101801234" },
		{ "  010180-1234  ", CPR_OK, "0101801234" },
		{ "\t0101801234\t", CPR_OK, "0101801234" },
		{ "311299-0000", CPR_OK, "3112990000" },
		{ "300480-1234", CPR_OK, "3004801234" },
	};

	run_cases(c, sizeof(c) / sizeof(c[0]));
}

static void
test_parse_empty(void **state)
{
	static const struct cpr_case c[] = {
		{ "", CPR_EMPTY, NULL },
		{ "   ", CPR_EMPTY, NULL },
		{ " \t ", CPR_EMPTY, NULL },
	};

	run_cases(c, sizeof(c) / sizeof(c[0]));
}

static void
test_parse_chars(void **state)
{
	static const struct cpr_case c[] = {
		{ "01018O-1234", CPR_CHARS, NULL }, /* letter O */
		{ "abcdefghij", CPR_CHARS, NULL },
		{ "010180 1234", CPR_CHARS, NULL },
		{ "010180/1234", CPR_CHARS, NULL },
		{ "01018-01234", CPR_CHARS, NULL }, /* misplaced dash */
		{ "0101801-234", CPR_CHARS, NULL },
		{ "010180--1234", CPR_CHARS, NULL },
		{ "-0101801234", CPR_CHARS, NULL },
		{ "0101801234-", CPR_CHARS, NULL },
		{ "+0101801234", CPR_CHARS, NULL },
		{ "010180-1234\n", CPR_CHARS, NULL },
		{ "010180\xe2\x80\x93"
		  "1234",
		    CPR_CHARS, NULL }, /* en dash */
	};

	run_cases(c, sizeof(c) / sizeof(c[0]));
}

static void
test_parse_length(void **state)
{
	static const struct cpr_case c[] = {
		{ "010180-123", CPR_LENGTH, NULL },
		{ "010180-12345", CPR_LENGTH, NULL },
		{ "010180123", CPR_LENGTH, NULL },
		{ "01018012345", CPR_LENGTH, NULL },
		{ "1", CPR_LENGTH, NULL },
		{ "010180-", CPR_LENGTH, NULL },
		{ "01018012340101801234", CPR_LENGTH, NULL },
	};

	run_cases(c, sizeof(c) / sizeof(c[0]));
}

static void
test_parse_date(void **state)
{
	static const struct cpr_case c[] = {
		{ "310480-1234", CPR_DATE, NULL }, /* 31 April */
		{ "000180-1234", CPR_DATE, NULL },
		{ "320180-1234", CPR_DATE, NULL },
		{ "010080-1234", CPR_DATE, NULL },
		{ "011380-1234", CPR_DATE, NULL },
		{ "300280-1234", CPR_DATE, NULL },
		{ "999999-9999", CPR_DATE, NULL },
	};

	run_cases(c, sizeof(c) / sizeof(c[0]));
}

/*
 * 29 February: the 7th digit decides the century and so the leap year.
 */
static void
test_parse_leap(void **state)
{
	static const struct cpr_case c[] = {
		{ "290200-4123", CPR_OK, "2902004123" }, /* 2000 */
		{ "290200-5123", CPR_OK, "2902005123" }, /* 2000 */
		{ "290200-9123", CPR_OK, "2902009123" }, /* 2000 */
		{ "290200-0123", CPR_DATE, NULL },	 /* 1900: no leap */
		{ "290200-3123", CPR_DATE, NULL },	 /* 1900 */
		{ "290201-4123", CPR_DATE, NULL },	 /* 2001 */
		{ "290280-1234", CPR_OK, "2902801234" }, /* 1980 */
		{ "290260-5123", CPR_OK, "2902605123" }, /* 1860 */
		{ "290258-5123", CPR_DATE, NULL },	 /* 1858 */
		{ "290256-5123", CPR_OK, "2902565123" }, /* 2056 */
		{ "290236-4123", CPR_OK, "2902364123" }, /* 2036 */
		{ "290240-4123", CPR_OK, "2902404123" }, /* 1940 */
	};

	run_cases(c, sizeof(c) / sizeof(c[0]));
}

static void
test_birth_year(void **state)
{
	static const struct {
		const char *cpr;
		int	    year;
	} c[] = {
		{ "0101801234", 1980 },
		{ "0101003999", 1900 },
		{ "0101364000", 2036 },
		{ "0101374000", 1937 },
		{ "0101575000", 2057 },
		{ "0101585000", 1858 },
		{ "0101006000", 2000 },
		{ "0101998999", 1899 },
		{ "0101369000", 2036 },
		{ "0101379999", 1937 },
		{ "0101102000", 1910 },
	};
	size_t i;

	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++)
		assert_int_equal(cpr_birth_year(c[i].cpr), c[i].year);
}

static void
test_hash(void **state)
{
	char a[CPR_HASH_HEX], b[CPR_HASH_HEX], c[CPR_HASH_HEX];

	cpr_hash("secret-key", 10, "0101801234", a);
	assert_string_equal(a,
	    "fb28e6d7afdbecfae5c9b132b1d267dd"
	    "9a937cade79819f7a17f404c1f352fe0");
	cpr_hash("secret-key", 10, "0101801234", b);
	assert_string_equal(a, b);
	cpr_hash("other-key", 9, "0101801234", c);
	assert_string_not_equal(a, c);
	cpr_hash("secret-key", 10, "0101801235", c);
	assert_string_not_equal(a, c);
}

/* The same person typed with or without the dash hashes the same. */
static void
test_hash_after_parse(void **state)
{
	char p1[CPR_LEN + 1], p2[CPR_LEN + 1];
	char h1[CPR_HASH_HEX], h2[CPR_HASH_HEX];

	assert_int_equal(cpr_parse("010180-1234", p1), CPR_OK);
	assert_int_equal(cpr_parse(" 0101801234", p2), CPR_OK);
	cpr_hash("k", 1, p1, h1);
	cpr_hash("k", 1, p2, h2);
	assert_string_equal(h1, h2);
}

static void
test_strerror(void **state)
{
	int i, j;

	for (i = 0; i < CPR__MAX; i++) {
		assert_non_null(cpr_strerror(i));
		for (j = 0; j < i; j++)
			assert_string_not_equal(
			    cpr_strerror(i), cpr_strerror(j));
	}
	assert_non_null(cpr_strerror(CPR__MAX));
	assert_non_null(cpr_strerror((enum cpr_err) - 1));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_ok),
		cmocka_unit_test(test_parse_empty),
		cmocka_unit_test(test_parse_chars),
		cmocka_unit_test(test_parse_length),
		cmocka_unit_test(test_parse_date),
		cmocka_unit_test(test_parse_leap),
		cmocka_unit_test(test_birth_year),
		cmocka_unit_test(test_hash),
		cmocka_unit_test(test_hash_after_parse),
		cmocka_unit_test(test_strerror),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
