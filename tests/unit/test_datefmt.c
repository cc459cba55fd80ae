/*
 * test_datefmt.c - dates and times per language (shared/datefmt.c):
 * every language of lang.c around the end of summer time in Copenhagen
 * (2026-10-25, 03:00 CEST becomes 02:00 CET) and its start (2026-03-29,
 * 02:00 CET becomes 03:00 CEST), the genitive month of
 * Ukrainian and Polish, Arabic digits by configuration, Somali names.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "clock.h"
#include "datefmt.h"
#include "lang.h"

/*
 * Return the instant of an ISO string, failing the test if it does not
 * parse.
 */
static time_t
at(const char *iso)
{
	time_t t;

	assert_int_equal(clock_parse_iso(iso, &t), 0);
	return t;
}

static int
setup(void **state)
{
	clock_init("Europe/Copenhagen");
	assert_int_equal(datefmt_digits("western"), 0);
	return 0;
}

struct want {
	const char *lang;
	const char *before;  /* 2026-10-24T22:30Z, 00:30 CEST the 25th */
	const char *twice_a; /* 00:30Z: 02:30 CEST */
	const char *twice_b; /* 01:30Z: 02:30 CET, an hour later */
	const char *after;   /* 2026-10-25T23:30Z: 00:30 CET the 26th */
};

/* The 25th is a Sunday, the 26th a Monday. */
static const struct want wants[] = {
	{ "da", "søndag den 25. oktober 2026", "02.30", "02.30",
	    "mandag den 26. oktober 2026" },
	{ "en", "Sunday, 25 October 2026", "02:30", "02:30",
	    "Monday, 26 October 2026" },
	{ "ar", "الأحد، 25 أكتوبر 2026", "02:30", "02:30",
	    "الاثنين، 26 أكتوبر 2026" },
	{ "tr", "25 Ekim 2026 Pazar", "02:30", "02:30",
	    "26 Ekim 2026 Pazartesi" },
	{ "uk", "неділя, 25 жовтня 2026\u202fр.", "02:30", "02:30",
	    "понеділок, 26 жовтня 2026\u202fр." },
	{ "pl", "niedziela, 25 października 2026", "02:30", "02:30",
	    "poniedziałek, 26 października 2026" },
	{ "so", "Axad, Bisha Tobnaad 25, 2026", "02:30", "02:30",
	    "Isniin, Bisha Tobnaad 26, 2026" },
};

/* The expected forms of code; fails the test when there are none. */
static const struct want *
want_for(const char *code)
{
	size_t j;

	for (j = 0; j < sizeof(wants) / sizeof(wants[0]); j++)
		if (strcmp(wants[j].lang, code) == 0)
			return &wants[j];
	fail_msg("no expected dates for %s: add a row", code);
	return NULL;
}

/*
 * Every language of the table has its expected forms here, and each
 * formats the wall time of the civil zone across the change.
 */
static void
test_dst_change_every_language(void **state)
{
	const struct lang *l;
	const struct want *w;
	char		   out[128];
	size_t		   i;

	for (i = 0; (l = lang_at(i)) != NULL; i++) {
		w = want_for(l->code);
		datefmt_date(
		    at("2026-10-24T22:30:00Z"), l->code, out, sizeof(out));
		assert_string_equal(out, w->before);
		datefmt_time(
		    at("2026-10-25T00:30:00Z"), l->code, out, sizeof(out));
		assert_string_equal(out, w->twice_a);
		datefmt_time(
		    at("2026-10-25T01:30:00Z"), l->code, out, sizeof(out));
		assert_string_equal(out, w->twice_b);
		datefmt_date(
		    at("2026-10-25T23:30:00Z"), l->code, out, sizeof(out));
		assert_string_equal(out, w->after);
		datefmt_time(
		    at("2026-10-25T23:30:00Z"), l->code, out, sizeof(out));
		assert_string_equal(
		    out, strcmp(l->code, "da") == 0 ? "00.30" : "00:30");
	}
}

/*
 * The start of summer time (2026-03-29: 02:00 CET becomes 03:00 CEST) in
 * every language: the wall time jumps an hour, and the date changes at
 * local midnight on both sides of the change (00:30 local is the new
 * day, 23:30 local the old one), checked against the same day at noon.
 */
static void
test_dst_start_every_language(void **state)
{
	static const struct {
		const char *at, *noon_same_day, *da, *other;
	} cases[] = {
		{ "2026-03-29T00:30:00Z", "2026-03-29T11:00:00Z", "01.30",
		    "01:30" },
		{ "2026-03-29T01:30:00Z", "2026-03-29T11:00:00Z", "03.30",
		    "03:30" },
		{ "2026-03-28T23:30:00Z", "2026-03-29T11:00:00Z", "00.30",
		    "00:30" },
		{ "2026-03-28T22:30:00Z", "2026-03-28T11:00:00Z", "23.30",
		    "23:30" },
		{ "2026-03-29T22:30:00Z", "2026-03-30T11:00:00Z", "00.30",
		    "00:30" },
		{ "2026-03-29T21:30:00Z", "2026-03-29T11:00:00Z", "23.30",
		    "23:30" },
	};
	const struct lang *l;
	char		   out[128], noon[128];
	size_t		   i, j;

	for (i = 0; (l = lang_at(i)) != NULL; i++)
		for (j = 0; j < sizeof(cases) / sizeof(cases[0]); j++) {
			datefmt_time(
			    at(cases[j].at), l->code, out, sizeof(out));
			if (strcmp(out,
				strcmp(l->code, "da") == 0
				    ? cases[j].da
				    : cases[j].other) != 0)
				fail_msg("%s %s: time %s", l->code, cases[j].at,
				    out);
			datefmt_date(
			    at(cases[j].at), l->code, out, sizeof(out));
			datefmt_date(at(cases[j].noon_same_day), l->code, noon,
			    sizeof(noon));
			if (strcmp(out, noon) != 0)
				fail_msg("%s %s: date %s, want %s", l->code,
				    cases[j].at, out, noon);
		}
}

/*
 * The genitive in a date, the nominative alone; December as the issue
 * asks ("5 грудня", "5 grudnia").
 */
static void
test_genitive_month(void **state)
{
	char   out[128];
	time_t t = at("2026-12-05T10:00:00Z");

	datefmt_date(t, "uk", out, sizeof(out));
	assert_non_null(strstr(out, "5 грудня"));
	datefmt_date(t, "pl", out, sizeof(out));
	assert_non_null(strstr(out, "5 grudnia"));
	datefmt_month(11, "uk", out, sizeof(out));
	assert_string_equal(out, "грудень");
	datefmt_month(11, "pl", out, sizeof(out));
	assert_string_equal(out, "grudzień");
	datefmt_month(11, "da", out, sizeof(out));
	assert_string_equal(out, "december");
	datefmt_weekday(6, "so", out, sizeof(out));
	assert_string_equal(out, "Sabti");
	datefmt_weekday(0, "tr", out, sizeof(out));
	assert_string_equal(out, "Pazar");
	datefmt_weekday(7, "tr", out, sizeof(out));
	assert_string_equal(out, "");
}

/* [organisation] arabic_digits chooses; other languages keep 0-9. */
static void
test_arabic_digits(void **state)
{
	char   out[128];
	time_t t = at("2026-12-05T09:05:00Z");

	assert_int_equal(datefmt_digits("eastern"), 0);
	datefmt_date(t, "ar", out, sizeof(out));
	assert_string_equal(out, "السبت، ٥ ديسمبر ٢٠٢٦");
	datefmt_time(t, "ar", out, sizeof(out));
	assert_string_equal(out, "١٠:٠٥");
	datefmt_time(t, "da", out, sizeof(out));
	assert_string_equal(out, "10.05");
	assert_int_equal(datefmt_digits("roman"), -1);
	assert_int_equal(datefmt_digits("western"), 0);
	datefmt_time(t, "ar", out, sizeof(out));
	assert_string_equal(out, "10:05");
}

/* Unknown languages read Danish; a short buffer cuts at a character. */
static void
test_fallback_and_cut(void **state)
{
	char   out[128];
	time_t t = at("2026-11-24T09:00:00Z");

	datefmt_date(t, "fr", out, sizeof(out));
	assert_string_equal(out, "tirsdag den 24. november 2026");
	datefmt_date(t, NULL, out, sizeof(out));
	assert_string_equal(out, "tirsdag den 24. november 2026");
	datefmt_date(t, "da", out, 8);
	assert_string_equal(out, "tirsdag");
	datefmt_date(t, "uk", out, 6); /* "вівто": 2 bytes each */
	assert_string_equal(out, "ві");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_dst_change_every_language, setup),
		cmocka_unit_test_setup(test_dst_start_every_language, setup),
		cmocka_unit_test_setup(test_genitive_month, setup),
		cmocka_unit_test_setup(test_arabic_digits, setup),
		cmocka_unit_test_setup(test_fallback_and_cut, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
