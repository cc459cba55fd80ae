/*
 * test_holiday.c - unit tests for shared/holiday.c: Easter Sunday by the
 * Gregorian computus over several centuries (2025-2028 among them), the
 * Danish public holidays of 2023-2028 date by date, store bededag only up
 * to 2023, grundlovsdag as a half day, and [contact] closed_days.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "config.h"
#include "holiday.h"

static void
test_easter(void **state)
{
	/* Published Easter Sundays (the earliest and latest possible too). */
	static const int known[][3] = {
		{ 1818, 3, 22 },
		{ 1943, 4, 25 },
		{ 2000, 4, 23 },
		{ 2011, 4, 24 },
		{ 2019, 4, 21 },
		{ 2023, 4, 9 },
		{ 2024, 3, 31 },
		{ 2025, 4, 20 },
		{ 2026, 4, 5 },
		{ 2027, 3, 28 },
		{ 2028, 4, 16 },
		{ 2029, 4, 1 },
		{ 2038, 4, 25 },
		{ 2285, 3, 22 },
	};
	size_t i;
	int    m, d;

	(void)state;
	for (i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
		holiday_easter(known[i][0], &m, &d);
		if (m != known[i][1] || d != known[i][2])
			fail_msg("Easter %d: got %d-%d, want %d-%d",
			    known[i][0], m, d, known[i][1], known[i][2]);
	}
}

/* Every holiday of one year, as the calendar prints them. */
struct year_holidays {
	int	    year;
	const char *dates[12]; /* "MM-DD name", NULL-terminated */
};

static const struct year_holidays years[] = {
	{ 2025,
	    { "01-01 nytårsdag", "04-17 skærtorsdag", "04-18 langfredag",
		"04-20 påskedag", "04-21 2. påskedag",
		"05-29 Kristi himmelfartsdag", "06-05 grundlovsdag",
		"06-08 pinsedag", "06-09 2. pinsedag", "12-25 juledag",
		"12-26 2. juledag", NULL } },
	{ 2026,
	    { "01-01 nytårsdag", "04-02 skærtorsdag", "04-03 langfredag",
		"04-05 påskedag", "04-06 2. påskedag",
		"05-14 Kristi himmelfartsdag", "05-24 pinsedag",
		"05-25 2. pinsedag", "06-05 grundlovsdag", "12-25 juledag",
		"12-26 2. juledag", NULL } },
	{ 2027,
	    { "01-01 nytårsdag", "03-25 skærtorsdag", "03-26 langfredag",
		"03-28 påskedag", "03-29 2. påskedag",
		"05-06 Kristi himmelfartsdag", "05-16 pinsedag",
		"05-17 2. pinsedag", "06-05 grundlovsdag", "12-25 juledag",
		"12-26 2. juledag", NULL } },
	/* 2028: 2. pinsedag falls on grundlovsdag. */
	{ 2028,
	    { "01-01 nytårsdag", "04-13 skærtorsdag", "04-14 langfredag",
		"04-16 påskedag", "04-17 2. påskedag",
		"05-25 Kristi himmelfartsdag", "06-04 pinsedag",
		"06-05 2. pinsedag", "12-25 juledag", "12-26 2. juledag",
		NULL } },
	{ 2023,
	    { "01-01 nytårsdag", "04-06 skærtorsdag", "04-07 langfredag",
		"04-09 påskedag", "04-10 2. påskedag", "05-05 store bededag",
		"05-18 Kristi himmelfartsdag", "05-28 pinsedag",
		"05-29 2. pinsedag", "06-05 grundlovsdag", "12-25 juledag",
		"12-26 2. juledag" } },
};

/* 1 if m-d is listed for y (and the listed name into *name). */
static int
listed(const struct year_holidays *y, int m, int d, const char **name)
{
	size_t i;
	int    lm, ld;

	for (i = 0; i < 12 && y->dates[i] != NULL; i++) {
		lm = (y->dates[i][0] - '0') * 10 + (y->dates[i][1] - '0');
		ld = (y->dates[i][3] - '0') * 10 + (y->dates[i][4] - '0');
		if (lm == m && ld == d) {
			*name = y->dates[i] + 6;
			return 1;
		}
	}
	return 0;
}

/* Every day of each year: a holiday exactly when the calendar says. */
static void
test_every_day(void **state)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30,
		31 };
	const char	*want, *got;
	size_t		 i;
	int		 m, d, leap;

	(void)state;
	for (i = 0; i < sizeof(years) / sizeof(years[0]); i++) {
		leap = years[i].year % 4 == 0;
		for (m = 1; m <= 12; m++)
			for (d = 1; d <= mdays[m - 1]; d++) {
				if (m == 2 && d == 29 && !leap)
					continue;
				got = holiday_name(years[i].year, m, d);
				if (!listed(&years[i], m, d, &want))
					want = NULL;
				if ((got == NULL) != (want == NULL) ||
				    (got != NULL && strcmp(got, want) != 0))
					fail_msg(
					    "%d-%02d-%02d: got %s, want %s",
					    years[i].year, m, d,
					    got ? got : "-", want ? want : "-");
			}
	}
}

static void
test_store_bededag_abolished(void **state)
{
	(void)state;
	/* The fourth Friday after Easter: a holiday up to 2023 only. */
	assert_string_equal(holiday_name(2023, 5, 5), "store bededag");
	assert_int_equal(holiday_kind(NULL, 2023, 5, 5), HOLIDAY_CLOSED);
	assert_null(holiday_name(2024, 4, 26));
	assert_int_equal(holiday_kind(NULL, 2024, 4, 26), HOLIDAY_OPEN);
	assert_null(holiday_name(2026, 5, 1));
}

static void
test_kinds(void **state)
{
	struct config_day  d[] = { { 2026, 12, 24 }, { 0, 12, 31 },
		 { 0, 6, 5 } };
	struct config_days closed = { d, 2 };

	(void)state;
	assert_int_equal(holiday_kind(NULL, 2026, 4, 3), HOLIDAY_CLOSED);
	assert_int_equal(holiday_kind(NULL, 2026, 4, 7), HOLIDAY_OPEN);
	assert_int_equal(holiday_kind(NULL, 2026, 6, 5), HOLIDAY_HALF);
	/* 2. pinsedag on 5 June 2028 closes the whole day. */
	assert_int_equal(holiday_kind(NULL, 2028, 6, 5), HOLIDAY_CLOSED);
	assert_int_equal(holiday_kind(NULL, 2026, 12, 24), HOLIDAY_OPEN);
	assert_int_equal(holiday_kind(&closed, 2026, 12, 24), HOLIDAY_CLOSED);
	assert_int_equal(holiday_kind(&closed, 2027, 12, 24), HOLIDAY_OPEN);
	assert_int_equal(holiday_kind(&closed, 2027, 12, 31), HOLIDAY_CLOSED);
	assert_int_equal(holiday_kind(&closed, 2026, 6, 5), HOLIDAY_HALF);
	closed.n = 3;
	assert_int_equal(holiday_kind(&closed, 2026, 6, 5), HOLIDAY_CLOSED);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_easter),
		cmocka_unit_test(test_every_day),
		cmocka_unit_test(test_store_bededag_abolished),
		cmocka_unit_test(test_kinds),
	};

	return cmocka_run_group_tests_name("holiday", tests, NULL, NULL);
}
