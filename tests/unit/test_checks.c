/*
 * test_checks - the agreement checks (shared/checks.c), the date
 * arithmetic behind them (admin/dates.c) and the value checks the
 * import uses (admin/validate.c).  These files belong to mentorctl, not
 * libmentor, so they are compiled in here.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../shared/checks.c"
#include "clock.h"
#include "dates.h"
#include "validate.h"

static char *tasks_one[] = { "Følge med til møder", NULL };

/* A complete agreement: every check passes. */
static void
complete(struct agreement_rec *a, struct check_input *in)
{
	memset(a, 0, sizeof(*a));
	a->id = 1;
	a->citizen_id = 1;
	a->mentor_id = 10;
	a->caseworker_id = 11;
	a->goal = "Et mål";
	a->tasks = tasks_one;
	a->ntasks = 1;
	a->starts_on = "2026-11-01";
	a->ends_on = "2027-04-30";
	a->hours_amount = 4;
	a->hours_per = "week";
	a->guidance_key = "default";
	memset(in, 0, sizeof(*in));
	in->a = a;
	in->mentor_has_contact = 1;
	in->guidance_found = 1;
	memcpy(in->chain_start, "2026-11-01", 11);
	in->chain_days = dates_span("2026-11-01", "2027-04-30");
}

static void
test_complete_passes(void **state)
{
	struct agreement_rec a;
	struct check_input   in;

	complete(&a, &in);
	assert_int_equal(checks_run(&in), 0);
}

static void
test_each_item_missing(void **state)
{
	struct agreement_rec a;
	struct check_input   in;

	complete(&a, &in);
	a.goal = "";
	assert_int_equal(checks_run(&in), 1u << CHECK_GOAL);
	complete(&a, &in);
	a.mentor_id = 0;
	assert_int_equal(checks_run(&in), 1u << CHECK_MENTOR);
	complete(&a, &in);
	in.mentor_has_contact = 0;
	assert_int_equal(checks_run(&in), 1u << CHECK_MENTOR_CONTACT);
	complete(&a, &in);
	a.ntasks = 0;
	assert_int_equal(checks_run(&in), 1u << CHECK_TASKS);
	complete(&a, &in);
	a.ends_on = NULL;
	assert_int_equal(checks_run(&in), 1u << CHECK_PERIOD);
	complete(&a, &in);
	a.hours_amount = 0;
	assert_int_equal(checks_run(&in), 1u << CHECK_HOURS);
	complete(&a, &in);
	in.guidance_found = 0;
	assert_int_equal(checks_run(&in), 1u << CHECK_GUIDANCE);
	complete(&a, &in);
	a.guidance_key = NULL;
	assert_int_equal(checks_run(&in), 1u << CHECK_GUIDANCE);
}

static void
test_period_over_six_months(void **state)
{
	struct agreement_rec a;
	struct check_input   in;

	complete(&a, &in);
	a.ends_on = "2027-05-01";
	assert_int_equal(checks_run(&in), 1u << CHECK_PERIOD_LONG);
	complete(&a, &in);
	a.starts_on = "2026-08-31";
	a.ends_on = "2027-02-28"; /* the last day of February */
	assert_int_equal(checks_run(&in), 0);
	a.ends_on = "2027-03-01";
	assert_int_equal(checks_run(&in), 1u << CHECK_PERIOD_LONG);
}

static void
test_discharge_total(void **state)
{
	struct agreement_rec a;
	struct check_input   in;

	complete(&a, &in);
	a.after_discharge = 1;
	assert_int_equal(checks_run(&in), 0); /* exactly 6 months */
	in.chain_days -= 1;
	assert_int_equal(checks_run(&in), 1u << CHECK_DISCHARGE_SHORT);
	a.after_discharge = 0;
	assert_int_equal(checks_run(&in), 0);
}

static void
test_same_person(void **state)
{
	struct agreement_rec a;
	struct check_input   in;

	complete(&a, &in);
	a.caseworker_id = a.mentor_id;
	assert_int_equal(checks_run(&in), 1u << CHECK_SAME_PERSON);
}

static void
test_every_check_has_text(void **state)
{
	size_t i;

	for (i = 0; i < CHECK__MAX; i++) {
		assert_non_null(checks[i].name);
		assert_non_null(checks[i].fails);
		assert_true(strlen(checks[i].text) > 10);
	}
}

static void
test_dates(void **state)
{
	char d[DATE_LEN];

	assert_int_equal(dates_add_days("2026-12-31", 1, d), 0);
	assert_string_equal(d, "2027-01-01");
	assert_int_equal(dates_add_days("2028-03-01", -1, d), 0);
	assert_string_equal(d, "2028-02-29");
	assert_int_equal(dates_period_end("2026-11-01", 6, d), 0);
	assert_string_equal(d, "2027-04-30");
	assert_int_equal(dates_period_end("2026-08-31", 6, d), 0);
	assert_string_equal(d, "2027-02-28");
	assert_int_equal(dates_period_end("2027-08-31", 6, d), 0);
	assert_string_equal(d, "2028-02-29");
	assert_int_equal(dates_period_end("2026-07-15", 6, d), 0);
	assert_string_equal(d, "2027-01-14");
	assert_int_equal(dates_span("2026-01-01", "2026-01-01"), 1);
	assert_int_equal(dates_span("2026-01-02", "2026-01-01"), -1);
	assert_int_equal(dates_add_days("2026-02-30", 1, d), -1);
}

static void
test_relative_dates(void **state)
{
	char   d[DATE_LEN], why[200];
	time_t t;

	assert_int_equal(dates_relative("today", "2026-11-24", d), 0);
	assert_string_equal(d, "2026-11-24");
	assert_int_equal(dates_relative("today+10", "2026-11-24", d), 0);
	assert_string_equal(d, "2026-12-04");
	assert_int_equal(dates_relative("today-24", "2026-11-24", d), 0);
	assert_string_equal(d, "2026-10-31");
	assert_int_equal(dates_relative("today+", "2026-11-24", d), -1);
	assert_int_equal(dates_relative("today+1x", "2026-11-24", d), -1);
	assert_int_equal(dates_relative("tomorrow", "2026-11-24", d), -1);
	assert_int_equal(dates_relative("today+99999", "2026-11-24", d), -1);
	clock_init("Europe/Copenhagen");
	assert_int_equal(dates_relative_instant("today+1T10:00", "2026-11-24",
			     &t, why, sizeof(why)),
	    0);
	assert_int_equal((long long)t, 1795597200LL); /* 09:00Z */
	assert_int_equal(dates_relative_instant(
			     "today+1", "2026-11-24", &t, why, sizeof(why)),
	    -1);
	assert_int_equal(dates_relative_instant("today+1T1000", "2026-11-24",
			     &t, why, sizeof(why)),
	    -1);
	assert_int_equal(dates_relative_instant("today+1T25:00", "2026-11-24",
			     &t, why, sizeof(why)),
	    -1);
}

/*
 * Wall times around both changes of the clocks in Europe/Copenhagen:
 * 2027-03-28 02:00 -> 03:00 (02:xx does not exist) and 2027-10-31
 * 03:00 -> 02:00 (02:xx happens twice).  Refused with the reason, never
 * guessed; the hours around them are read as they are.
 */
static void
test_wall_times_dst(void **state)
{
	char   why[200];
	time_t t = 0;

	clock_init("Europe/Copenhagen");
	/* Spring: the gap. */
	assert_int_equal(
	    dates_wall_instant(2027, 3, 28, 2, 30, &t, why, sizeof(why)),
	    DATES_WALL_GAP);
	assert_string_equal(why,
	    "2027-03-28 02:30 does not exist: clocks go "
	    "from 02:00 to 03:00");
	assert_int_equal(
	    dates_wall_instant(2027, 3, 28, 2, 0, &t, why, sizeof(why)),
	    DATES_WALL_GAP);
	assert_int_equal(
	    dates_wall_instant(2027, 3, 28, 1, 59, &t, why, sizeof(why)),
	    DATES_WALL_OK);
	assert_int_equal((long long)t, 1806195540LL); /* 00:59Z, +01:00 */
	assert_int_equal(
	    dates_wall_instant(2027, 3, 28, 3, 0, &t, why, sizeof(why)),
	    DATES_WALL_OK);
	assert_int_equal((long long)t, 1806195600LL); /* 01:00Z, +02:00 */
	/* Autumn: the double hour. */
	assert_int_equal(
	    dates_wall_instant(2027, 10, 31, 2, 30, &t, why, sizeof(why)),
	    DATES_WALL_TWICE);
	assert_string_equal(why,
	    "2027-10-31 02:30 happens twice: clocks go "
	    "back from 03:00 to 02:00; give the offset, 2027-10-31T02:30+02:00 "
	    "(the first) or 2027-10-31T02:30+01:00 (the second)");
	assert_int_equal(
	    dates_wall_instant(2027, 10, 31, 1, 59, &t, why, sizeof(why)),
	    DATES_WALL_OK);
	assert_int_equal((long long)t, 1824940740LL); /* 23:59Z, +02:00 */
	assert_int_equal(
	    dates_wall_instant(2027, 10, 31, 3, 0, &t, why, sizeof(why)),
	    DATES_WALL_OK);
	assert_int_equal((long long)t, 1824948000LL); /* 02:00Z, +01:00 */
	/* Days far from a change, and no date at all. */
	assert_int_equal(
	    dates_wall_instant(2027, 7, 1, 2, 30, &t, why, sizeof(why)),
	    DATES_WALL_OK);
	assert_int_equal(
	    dates_wall_instant(2027, 2, 29, 10, 0, &t, why, sizeof(why)),
	    DATES_WALL_BAD);
	assert_int_equal(
	    dates_wall_instant(2027, 3, 28, 24, 0, &t, why, sizeof(why)),
	    DATES_WALL_BAD);
	/* The relative form of the import says the same. */
	assert_int_equal(dates_relative_instant("today+1T02:30", "2027-03-27",
			     &t, why, sizeof(why)),
	    -2);
	assert_string_equal(why,
	    "2027-03-28 02:30 does not exist: clocks go "
	    "from 02:00 to 03:00");
	assert_int_equal(dates_relative_instant("today+2T02:15", "2027-10-29",
			     &t, why, sizeof(why)),
	    -2);
	assert_non_null(strstr(why, "happens twice"));
	/* meeting add|move: without an offset refused, with one read. */
	assert_string_equal(valid_instant("2027-03-28T02:30", 0, &t),
	    "2027-03-28 02:30 does not exist: clocks go from 02:00 to 03:00");
	assert_non_null(
	    strstr(valid_instant("2027-10-31T02:30", 0, &t), "happens twice"));
	assert_null(valid_instant("2027-10-31T02:30+01:00", 0, &t));
	assert_int_equal((long long)t, 1824946200LL); /* 01:30Z */
	assert_null(valid_instant("2027-10-31T02:30:00+02:00", 0, &t));
	assert_int_equal((long long)t, 1824942600LL); /* 00:30Z */
	assert_null(valid_instant("2027-10-31T04:30:15", 0, &t));
	assert_int_equal((long long)t, 1824953415LL); /* 03:30:15Z */
}

static void
test_validate(void **state)
{
	char	  e164[PHONE_MAX];
	time_t	  t = 0;
	long long n;

	assert_null(valid_external_id("c-mads"));
	assert_non_null(valid_external_id("c mads"));
	assert_non_null(valid_external_id(""));
	assert_null(valid_text("Lærke", 100));
	assert_non_null(valid_text("a\tb", 100));
	assert_non_null(valid_text("\xc3\x28", 100));
	assert_non_null(valid_text("\xed\xa0\x80", 100)); /* surrogate */
	assert_null(valid_word("week", &words_hours_per));
	assert_non_null(valid_word("month", &words_hours_per));
	assert_null(valid_email("inger@example.dk"));
	assert_non_null(valid_email("inger@"));
	assert_null(valid_date("2028-02-29"));
	assert_non_null(valid_date("2027-02-29"));
	assert_non_null(valid_period("2027-02-01", "2027-01-31"));
	assert_null(valid_phone("20 00 01 01", e164));
	assert_string_equal(e164, "+4520000101");
	assert_non_null(valid_phone("90123456", e164));
	assert_null(valid_hours(4));
	assert_non_null(valid_hours(0));
	assert_null(valid_instant("2026-11-24T10:00:00+01:00", 1, &t));
	assert_int_equal((long long)t, 1795510800LL);
	t = 7;
	assert_non_null(valid_instant("2026-11-24T10:00", 1, &t));
	assert_int_equal((long long)t, 7); /* untouched on error */
	assert_null(valid_number("12", 1, 20, &n));
	assert_int_equal(n, 12);
	assert_non_null(valid_number("-1", 1, 20, &n));
	assert_non_null(valid_number("21", 1, 20, &n));
}

/* What checks_sms_words() reported: "where|word" lines. */
struct found {
	char   lines[16][160];
	size_t n;
};

static void
found_one(const char *where, const char *word, void *arg)
{
	struct found *f = arg;

	if (f->n < 16)
		snprintf(f->lines[f->n++], sizeof(f->lines[0]), "%s|%s", where,
		    word);
}

/* 1 if a line of f starts with prefix. */
static int
found_has(const struct found *f, const char *prefix)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		if (strncmp(f->lines[i], prefix, strlen(prefix)) == 0)
			return 1;
	return 0;
}

/*
 * `mentorctl check`'s word warning: every text that can reach an SMS -
 * the organisation's name, the urgent line and the unknown-sender reply
 * in each language, every SMS template in Danish and English - is looked
 * up in [sms] sensitive_words.
 */
static void
test_sms_words(void **state)
{
	static char  *dflt[] = { "psykiatri", "psykiatrisk", "misbrug",
		 "afvænning", "selvmord", "Livslinien", "behandling",
		 "indlæggelse", "udskrivelse", "diagnose", "sygdom" };
	static char  *reminders[] = { "påmindelser" };
	struct config cfg;
	struct found  f;
	size_t	      n;

	(void)state;
	memset(&cfg, 0, sizeof(cfg));
	cfg.sms_sensitive = (struct config_words){ dflt, 11 };
	cfg.org_name = "Herlev Kommune";
	cfg.org_sms_urgent.text[LANG_DA] = "Er det akut, så ring 112.";
	cfg.org_sms_urgent.text[LANG_EN] = "If it is urgent, call 112.";
	memset(&f, 0, sizeof(f));
	n = checks_sms_words(&cfg, found_one, &f);
	/* name, two urgent lines, every template in every language */
	assert_int_equal(
	    n, 3 + lang_count() * (OUTBOX_TEXT__MAX + SMSREPLY__MAX));
	assert_int_equal(f.n, 0);

	cfg.org_name = "Psykiatrisk Center Herlev";
	cfg.org_sms_urgent.text[LANG_EN] = "Call Livslinien on 70 201 201.";
	cfg.unknown_reply.text[LANG_DA] = "Du har skrevet til "
					  "Misbrugscentret.";
	n = checks_sms_words(&cfg, found_one, &f);
	assert_int_equal(f.n, 3);
	assert_true(found_has(&f, "[organisation] name|psykiatri"));
	assert_true(found_has(&f,
	    "[organisation] sms_urgent_text.en|"
	    "Livslinien"));
	assert_true(found_has(&f, "[contact] unknown_reply|misbrug"));

	/* The templates themselves, through the catalogues. */
	memset(&f, 0, sizeof(f));
	memset(&cfg.unknown_reply, 0, sizeof(cfg.unknown_reply));
	cfg.org_name = "Herlev Kommune";
	cfg.sms_sensitive = (struct config_words){ reminders, 1 };
	(void)checks_sms_words(&cfg, found_one, &f);
	assert_true(found_has(&f,
	    "SMS text (da) \"Du får ikke flere "
	    "påmindelser ...\"|påmindelser"));
	assert_true(found_has(&f, "SMS text (da) \"Du får igen påmindelser "));
	assert_false(found_has(&f, "SMS text (en)"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_complete_passes),
		cmocka_unit_test(test_each_item_missing),
		cmocka_unit_test(test_period_over_six_months),
		cmocka_unit_test(test_discharge_total),
		cmocka_unit_test(test_same_person),
		cmocka_unit_test(test_every_check_has_text),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_relative_dates),
		cmocka_unit_test(test_wall_times_dst),
		cmocka_unit_test(test_validate),
		cmocka_unit_test(test_sms_words),
	};

	return cmocka_run_group_tests_name("test_checks", tests, NULL, NULL);
}
