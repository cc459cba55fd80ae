/*
 * test_clock.c - unit tests for shared/clock.c.
 *
 * Copenhagen changes in 2027 on 28 March (02:00 CET -> 03:00 CEST) and
 * 31 October (03:00 CEST -> 02:00 CET); both are exercised.
 */
#include <sys/types.h>
#include <sys/wait.h>

#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "clock.h"
#include "log.h"

/*
 * Return the instant of an ISO UTC string, failing the test if it does
 * not parse.
 */
static time_t
utc(const char *iso)
{
	time_t t;

	assert_int_equal(clock_parse_iso(iso, &t), 0);
	return t;
}

/*
 * Assert that instant t prints as the ISO UTC string want.
 */
static void
assert_utc(time_t t, const char *want)
{
	char got[CLOCK_ISO_UTC_LEN];

	clock_format_iso_utc(t, got);
	assert_string_equal(got, want);
}

/*
 * Assert that instant t reads as want ("YYYY-MM-DD HH:MM") in the zone.
 */
static void
assert_local(time_t t, const char *want)
{
	char got[32];

	clock_format_local(t, "%Y-%m-%d %H:%M", got, sizeof(got));
	assert_string_equal(got, want);
}

static int
setup(void **state)
{
	clock_init(NULL);
	clock_set(0);
	return 0;
}

static void
test_from_local_ordinary(void **state)
{
	assert_utc(
	    clock_from_local(2026, 11, 24, 10, 0), "2026-11-24T09:00:00Z");
	assert_utc(clock_from_local(2027, 3, 29, 9, 0), "2027-03-29T07:00:00Z");
	assert_utc(clock_from_local(2027, 11, 1, 9, 0), "2027-11-01T08:00:00Z");
	assert_utc(clock_from_local(2027, 7, 1, 0, 0), "2027-06-30T22:00:00Z");
	assert_utc(
	    clock_from_local(2028, 2, 29, 23, 59), "2028-02-29T22:59:00Z");
}

static void
test_from_local_spring_gap(void **state)
{
	assert_utc(
	    clock_from_local(2027, 3, 28, 1, 59), "2027-03-28T00:59:00Z");
	/* 02:00-02:59 do not exist: read as after the jump. */
	assert_utc(clock_from_local(2027, 3, 28, 2, 0), "2027-03-28T01:00:00Z");
	assert_utc(
	    clock_from_local(2027, 3, 28, 2, 30), "2027-03-28T01:30:00Z");
	assert_local(clock_from_local(2027, 3, 28, 2, 30), "2027-03-28 03:30");
	assert_utc(clock_from_local(2027, 3, 28, 3, 0), "2027-03-28T01:00:00Z");
	assert_utc(clock_from_local(2027, 3, 28, 3, 1), "2027-03-28T01:01:00Z");
}

static void
test_from_local_autumn_repeat(void **state)
{
	assert_utc(
	    clock_from_local(2027, 10, 31, 1, 59), "2027-10-30T23:59:00Z");
	/* 02:00-02:59 happen twice: the first (CEST) one is taken. */
	assert_utc(
	    clock_from_local(2027, 10, 31, 2, 0), "2027-10-31T00:00:00Z");
	assert_utc(
	    clock_from_local(2027, 10, 31, 2, 30), "2027-10-31T00:30:00Z");
	assert_utc(
	    clock_from_local(2027, 10, 31, 2, 59), "2027-10-31T00:59:00Z");
	assert_utc(
	    clock_from_local(2027, 10, 31, 3, 0), "2027-10-31T02:00:00Z");
	/* Both occurrences read back as the same wall time. */
	assert_local(utc("2027-10-31T00:30:00Z"), "2027-10-31 02:30");
	assert_local(utc("2027-10-31T01:30:00Z"), "2027-10-31 02:30");
}

static void
test_from_local_rejects(void **state)
{
	assert_int_equal(clock_from_local(2027, 2, 29, 9, 0), (time_t)-1);
	assert_int_equal(clock_from_local(2027, 13, 1, 9, 0), (time_t)-1);
	assert_int_equal(clock_from_local(2027, 0, 1, 9, 0), (time_t)-1);
	assert_int_equal(clock_from_local(2027, 4, 31, 9, 0), (time_t)-1);
	assert_int_equal(clock_from_local(2027, 4, 0, 9, 0), (time_t)-1);
	assert_int_equal(clock_from_local(2027, 4, 1, 24, 0), (time_t)-1);
	assert_int_equal(clock_from_local(2027, 4, 1, -1, 0), (time_t)-1);
	assert_int_equal(clock_from_local(2027, 4, 1, 9, 60), (time_t)-1);
	assert_int_equal(clock_from_local(1900, 2, 29, 9, 0), (time_t)-1);
	assert_int_not_equal(clock_from_local(2000, 2, 29, 9, 0), (time_t)-1);
}

/*
 * Return the instant "the day before at hh:00" for a meeting at
 * instant meeting, the way a reminder rule computes it.
 */
static time_t
day_before_at(time_t meeting, int hh)
{
	struct tm tm;

	clock_local(meeting, &tm);
	tm.tm_mday -= 1;
	tm.tm_hour = 12;
	timegm(&tm); /* normalises the fields, no zone involved */
	return clock_from_local(
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, hh, 0);
}

static void
test_reminder_rules_across_dst(void **state)
{
	time_t spring = clock_from_local(2027, 3, 29, 9, 0);
	time_t autumn = clock_from_local(2027, 11, 1, 9, 0);
	time_t early = utc("2027-03-28T04:00:00+02:00");

	assert_utc(day_before_at(spring, 16), "2027-03-28T14:00:00Z");
	assert_local(day_before_at(spring, 16), "2027-03-28 16:00");
	assert_utc(day_before_at(autumn, 16), "2027-10-31T15:00:00Z");
	assert_local(day_before_at(autumn, 16), "2027-10-31 16:00");
	/* "2 hours before" is two real hours, three on the wall here. */
	assert_local(early - 2 * 3600, "2027-03-28 01:00");
	assert_local(
	    utc("2027-10-31T03:00:00+01:00") - 2 * 3600, "2027-10-31 02:00");
}

static void
test_parse_iso_offsets(void **state)
{
	assert_utc(utc("2026-11-24T10:00:00+01:00"), "2026-11-24T09:00:00Z");
	assert_utc(utc("2026-11-24T10:00:00Z"), "2026-11-24T10:00:00Z");
	assert_utc(utc("2026-11-24T10:00Z"), "2026-11-24T10:00:00Z");
	assert_utc(utc("2027-06-01T10:00:00+02:00"), "2027-06-01T08:00:00Z");
	assert_utc(utc("2027-06-01T10:00:00-05:30"), "2027-06-01T15:30:00Z");
	assert_utc(utc("2027-06-01T10:00:00-00:00"), "2027-06-01T10:00:00Z");
	assert_utc(utc("2026-12-31T23:59:59+00:00"), "2026-12-31T23:59:59Z");
	assert_utc(utc("2027-01-01T00:30:00+01:00"), "2026-12-31T23:30:00Z");
	assert_utc(utc("1970-01-01T00:00:00Z"), "1970-01-01T00:00:00Z");
}

static void
test_parse_iso_local(void **state)
{
	assert_utc(utc("2026-11-24T10:00:00"), "2026-11-24T09:00:00Z");
	assert_utc(utc("2026-11-24T10:00"), "2026-11-24T09:00:00Z");
	assert_utc(utc("2027-06-01T10:00:15"), "2027-06-01T08:00:15Z");
	assert_utc(utc("2027-03-28T02:30:00"), "2027-03-28T01:30:00Z");
	assert_utc(utc("2027-10-31T02:30:00"), "2027-10-31T00:30:00Z");
}

static void
test_parse_iso_rejects(void **state)
{
	static const char *const bad[] = {
		"",
		"2026-11-24",
		"2026-11-24T",
		"2026-11-24 10:00",
		"2026-11-24t10:00",
		"2026-11-24T10",
		"2026-11-24T10:0",
		"2026-11-24T1:00",
		"2026-11-24T24:00",
		"2026-11-24T10:60",
		"2026-11-24T10:00:60",
		"2026-11-24T10:00:5",
		"2026-02-29T10:00",
		"2026-04-31T10:00",
		"2026-13-01T10:00",
		"2026-00-01T10:00",
		"0000-01-01T00:00Z",
		"2026-11-24T10:00:00z",
		"2026-11-24T10:00:00Zjunk",
		"2026-11-24T10:00:00.5Z",
		"2026-11-24T10:00:00+1:00",
		"2026-11-24T10:00:00+01",
		"2026-11-24T10:00:00+0100",
		"2026-11-24T10:00:00+24:00",
		"2026-11-24T10:00:00+01:60",
		"2026-11-24T10:00:00+01:00 ",
		" 2026-11-24T10:00Z",
		"+2026-11-24T10:00Z",
		"20261-11-24T10:00Z",
		"2026/11/24T10:00Z",
		"２026-11-24T10:00Z",
	};
	size_t i;
	time_t t = 42;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (clock_parse_iso(bad[i], &t) != -1)
			fail_msg("accepted \"%s\"", bad[i]);
	}
	assert_int_equal(clock_parse_iso(NULL, &t), -1);
	assert_int_equal(t, 42);
}

static void
test_parse_date(void **state)
{
	int y = 0, m = 0, d = 0;

	assert_int_equal(clock_parse_date("2028-02-29", &y, &m, &d), 0);
	assert_int_equal(y, 2028);
	assert_int_equal(m, 2);
	assert_int_equal(d, 29);
	assert_int_equal(clock_parse_date("2027-02-29", &y, &m, &d), -1);
	assert_int_equal(clock_parse_date("2027-2-01", &y, &m, &d), -1);
	assert_int_equal(clock_parse_date("2027-02-01x", &y, &m, &d), -1);
	assert_int_equal(clock_parse_date("2027-02-01T00:00", &y, &m, &d), -1);
	assert_int_equal(clock_parse_date("abcd-01-01", &y, &m, &d), -1);
	assert_int_equal(clock_parse_date("", &y, &m, &d), -1);
	assert_int_equal(clock_parse_date(NULL, &y, &m, &d), -1);
	assert_int_equal(y, 2028);
}

static void
test_date_start(void **state)
{
	assert_utc(clock_date_start("2026-11-24"), "2026-11-23T23:00:00Z");
	assert_utc(clock_date_start("2027-03-28"), "2027-03-27T23:00:00Z");
	assert_utc(clock_date_start("2027-03-29"), "2027-03-28T22:00:00Z");
	assert_utc(clock_date_start("2027-10-31"), "2027-10-30T22:00:00Z");
	assert_utc(clock_date_start("2027-11-01"), "2027-10-31T23:00:00Z");
	/* The day of the spring change has 23 hours, of the autumn one 25. */
	assert_int_equal(
	    clock_date_start("2027-03-29") - clock_date_start("2027-03-28"),
	    23 * 3600);
	assert_int_equal(
	    clock_date_start("2027-11-01") - clock_date_start("2027-10-31"),
	    25 * 3600);
	assert_int_equal(clock_date_start("2027-02-30"), (time_t)-1);
	assert_int_equal(clock_date_start("bad"), (time_t)-1);
}

static void
test_days_between(void **state)
{
	assert_int_equal(clock_days_between("2027-03-28", "2027-03-28"), 0);
	assert_int_equal(clock_days_between("2027-03-27", "2027-03-29"), 2);
	assert_int_equal(clock_days_between("2027-10-31", "2027-10-30"), -1);
	assert_int_equal(clock_days_between("2028-02-28", "2028-03-01"), 2);
	assert_int_equal(clock_days_between("2027-02-28", "2027-03-01"), 1);
	assert_int_equal(clock_days_between("2026-11-01", "2027-04-30"), 180);
	assert_int_equal(clock_days_between("1970-01-01", "2000-01-01"), 10957);
	assert_int_equal(clock_days_between("2027-04-30", "2026-11-01"), -180);
	assert_int_equal(
	    clock_days_between("2027-02-29", "2027-03-01"), INT_MIN);
	assert_int_equal(clock_days_between("2027-03-01", NULL), INT_MIN);
}

static void
test_format_iso_utc(void **state)
{
	assert_utc(0, "1970-01-01T00:00:00Z");
	assert_utc(1795500000, "2026-11-24T06:00:00Z");
	assert_utc(4102444799, "2099-12-31T23:59:59Z");
}

static void
test_format_local(void **state)
{
	char   out[8];
	time_t t = utc("2026-11-24T09:00:00Z");

	assert_int_equal(clock_format_local(t, "%H:%M", out, sizeof(out)), 5);
	assert_string_equal(out, "10:00");
	assert_int_equal(clock_format_local(utc("2027-06-01T09:00:00Z"),
			     "%H.%M", out, sizeof(out)),
	    5);
	assert_string_equal(out, "11.00");
	assert_int_equal(
	    clock_format_local(t, "%Y-%m-%d %H", out, sizeof(out)), 0);
	assert_string_equal(out, "");
	assert_int_equal(clock_format_local(t, "%H", out, 0), 0);
}

static void
test_set_and_today(void **state)
{
	char   today[CLOCK_DATE_LEN];
	time_t real;

	clock_set(utc("2027-03-28T22:30:00Z"));
	assert_utc(clock_now(), "2027-03-28T22:30:00Z");
	clock_today(today);
	assert_string_equal(today, "2027-03-29");
	clock_set(utc("2027-03-28T21:30:00Z"));
	clock_today(today);
	assert_string_equal(today, "2027-03-28");
	clock_set(0);
	real = time(NULL);
	assert_true(clock_now() >= real && clock_now() <= real + 2);
}

static void
test_other_zone(void **state)
{
	clock_init("UTC");
	assert_utc(clock_from_local(2027, 3, 29, 9, 0), "2027-03-29T09:00:00Z");
	clock_init("America/New_York");
	assert_utc(clock_from_local(2027, 1, 15, 9, 0), "2027-01-15T14:00:00Z");
	clock_init("Europe/Copenhagen");
	assert_utc(clock_from_local(2027, 3, 29, 9, 0), "2027-03-29T07:00:00Z");
}

/*
 * clock_local() works out most days with arithmetic (see clock.c); it
 * must agree with the C library field for field, on DST days, on days
 * with odd offsets (Kathmandu +05:45, Lord Howe's half-hour DST,
 * Monrovia's -00:44:30 until 1972), in a zone that counts leap seconds
 * (right/...), far from today, and after a change of zone.
 */
static void
test_local_matches_libc(void **state)
{
	static const char *const zones[] = { "Europe/Copenhagen",
		"America/New_York", "UTC", "Asia/Kathmandu",
		"Australia/Lord_Howe", "Africa/Monrovia",
		"right/Europe/Copenhagen", "Europe/Copenhagen" };
	struct tm		 a, b;
	long long		 t;
	size_t			 z;
	unsigned		 seed = 1;

	for (z = 0; z < sizeof(zones) / sizeof(zones[0]); z++) {
		clock_init(zones[z]);
		/* 1960-2040 in steps of a little over 3 hours ... */
		for (t = -315619200LL; t < 2208988800LL; t += 11117) {
			/* ... and a few random instants (negative too). */
			seed = seed * 1103515245 + 12345;
			if (seed % 7 == 0)
				t += (long long)(seed >> 8) % 86400 - 43200;
			/* Far outside the memo's years, once per zone. */
			if (t == -315619200LL) {
				clock_local((time_t)-40000000000LL, &a);
				assert_non_null(localtime_r(
				    &(time_t){ -40000000000LL }, &b));
				assert_int_equal(a.tm_year, b.tm_year);
				assert_int_equal(a.tm_hour, b.tm_hour);
			}
			clock_local((time_t)t, &a);
			assert_non_null(
			    localtime_r(&(time_t){ (time_t)t }, &b));
			if (a.tm_year != b.tm_year || a.tm_mon != b.tm_mon ||
			    a.tm_mday != b.tm_mday || a.tm_hour != b.tm_hour ||
			    a.tm_min != b.tm_min || a.tm_sec != b.tm_sec ||
			    a.tm_wday != b.tm_wday || a.tm_yday != b.tm_yday ||
			    a.tm_isdst != b.tm_isdst ||
			    a.tm_gmtoff != b.tm_gmtoff ||
			    strcmp(a.tm_zone, b.tm_zone) != 0)
				fail_msg(
				    "%s at %lld: clock_local %04d-%02d-%02d "
				    "%02d:%02d:%02d %+ld, libc %04d-%02d-%02d "
				    "%02d:%02d:%02d %+ld",
				    zones[z], t, a.tm_year + 1900, a.tm_mon + 1,
				    a.tm_mday, a.tm_hour, a.tm_min, a.tm_sec,
				    a.tm_gmtoff, b.tm_year + 1900, b.tm_mon + 1,
				    b.tm_mday, b.tm_hour, b.tm_min, b.tm_sec,
				    b.tm_gmtoff);
		}
	}
}

/*
 * Return the exit status of a child that calls clock_init(zone).
 */
static int
init_exit_status(const char *zone)
{
	pid_t pid;
	int   status;

	if ((pid = fork()) == -1)
		fail_msg("fork");
	if (pid == 0) {
		log_set_sink(NULL);
		if (freopen("/dev/null", "w", stderr) == NULL)
			_exit(2);
		clock_init(zone);
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	return WEXITSTATUS(status);
}

static void
test_init_refuses_unknown_zones(void **state)
{
	assert_int_equal(init_exit_status("Europe/Copenhagen"), 0);
	assert_int_not_equal(init_exit_status("Mars/Olympus_Mons"), 0);
	assert_int_not_equal(init_exit_status("../../etc/passwd"), 0);
	assert_int_not_equal(init_exit_status("/etc/localtime"), 0);
	assert_int_not_equal(init_exit_status(""), 0);
	assert_int_not_equal(init_exit_status("CET-1CEST,M3.5.0,M10.5.0/3"), 0);
}

#ifdef MENTOR_TEST_HOOKS
static int warnings;

/*
 * Log sink for the clock file tests: count the lines.
 */
static void
count_warning(const char *line)
{
	warnings++;
}

/*
 * Replace the contents of path with text, through a new file and a
 * rename, as a test harness would.
 */
static void
write_clock_file(const char *path, const char *text)
{
	char  tmp[PATH_MAX];
	FILE *fp;

	snprintf(tmp, sizeof(tmp), "%s.new", path);
	assert_non_null(fp = fopen(tmp, "w"));
	fputs(text, fp);
	assert_int_equal(fclose(fp), 0);
	assert_int_equal(rename(tmp, path), 0);
}

/*
 * Overwrite path in place (same inode, usually the same size).
 */
static void
overwrite_clock_file(const char *path, const char *text)
{
	FILE *fp;

	assert_non_null(fp = fopen(path, "w"));
	fputs(text, fp);
	assert_int_equal(fclose(fp), 0);
}

static void
test_clock_file(void **state)
{
	char   dir[] = "/tmp/test_clock.XXXXXX", path[PATH_MAX];
	time_t real;

	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/now", dir);
	log_set_sink(count_warning);
	setenv("MENTORLINK_CLOCK_FILE", path, 1);

	/* Missing file: real time, quietly. */
	real = time(NULL);
	assert_true(clock_now() >= real && clock_now() <= real + 2);
	assert_int_equal(warnings, 0);

	write_clock_file(path, "1795500000\n");
	assert_utc(clock_now(), "2026-11-24T06:00:00Z");
	/* Rewritten within the same second, same size: still noticed. */
	overwrite_clock_file(path, "1795503600\n");
	assert_utc(clock_now(), "2026-11-24T07:00:00Z");
	write_clock_file(path, "1795507200");
	assert_utc(clock_now(), "2026-11-24T08:00:00Z");

	/* clock_set() wins over the file. */
	clock_set(1);
	assert_int_equal(clock_now(), 1);
	clock_set(0);
	assert_utc(clock_now(), "2026-11-24T08:00:00Z");

	write_clock_file(path, "+86400\n");
	real = time(NULL);
	assert_true(clock_now() >= real + 86400 && clock_now() <= real + 86402);
	write_clock_file(path, "-3600");
	real = time(NULL);
	assert_true(clock_now() >= real - 3600 && clock_now() <= real - 3598);

	/* Garbage: real time and a warning. */
	write_clock_file(path, "tomorrow\n");
	real = time(NULL);
	assert_true(clock_now() >= real && clock_now() <= real + 2);
	assert_true(warnings > 0);
	write_clock_file(path, "12x");
	assert_true(clock_now() >= real && clock_now() <= real + 2);
	write_clock_file(path, "");
	assert_true(clock_now() >= real && clock_now() <= real + 2);
	write_clock_file(path, "99999999999999999999999");
	assert_true(clock_now() >= real && clock_now() <= real + 2);

	write_clock_file(path, "1795500000");
	assert_utc(clock_now(), "2026-11-24T06:00:00Z");
	unlink(path);
	real = time(NULL);
	assert_true(clock_now() >= real && clock_now() <= real + 2);

	unsetenv("MENTORLINK_CLOCK_FILE");
	log_set_sink(NULL);
	rmdir(dir);
}
#endif /* MENTOR_TEST_HOOKS */

/* Days in a month, leap years by the Gregorian rule. */
static void
test_days_in_month(void **state)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
		30, 31 };
	int		 m;

	(void)state;
	for (m = 1; m <= 12; m++)
		assert_int_equal(clock_days_in_month(2027, m), days[m - 1]);
	assert_int_equal(clock_days_in_month(2028, 2), 29);
	assert_int_equal(clock_days_in_month(2000, 2), 29);
	assert_int_equal(clock_days_in_month(2100, 2), 28);
	assert_int_equal(clock_days_in_month(0, 2), 29);
	assert_int_equal(clock_days_in_month(2027, 0), 0);
	assert_int_equal(clock_days_in_month(2027, 13), 0);
}

/* The local date of an instant, across midnight in Copenhagen. */
static void
test_local_date(void **state)
{
	char d[CLOCK_DATE_LEN];

	(void)state;
	/* 2026-11-24 22:59:59Z is 23:59:59 local; a second later, the 25th. */
	assert_int_equal(clock_local_date(1795561199, d), 0);
	assert_string_equal(d, "2026-11-24");
	assert_int_equal(clock_local_date(1795561200, d), 0);
	assert_string_equal(d, "2026-11-25");
	/* Summer time: 2026-06-30 22:00Z is midnight local. */
	assert_int_equal(clock_local_date(1782856800, d), 0);
	assert_string_equal(d, "2026-07-01");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_from_local_ordinary, setup),
		cmocka_unit_test_setup(test_from_local_spring_gap, setup),
		cmocka_unit_test_setup(test_from_local_autumn_repeat, setup),
		cmocka_unit_test_setup(test_from_local_rejects, setup),
		cmocka_unit_test_setup(test_reminder_rules_across_dst, setup),
		cmocka_unit_test_setup(test_parse_iso_offsets, setup),
		cmocka_unit_test_setup(test_parse_iso_local, setup),
		cmocka_unit_test_setup(test_parse_iso_rejects, setup),
		cmocka_unit_test_setup(test_parse_date, setup),
		cmocka_unit_test_setup(test_date_start, setup),
		cmocka_unit_test_setup(test_days_between, setup),
		cmocka_unit_test_setup(test_format_iso_utc, setup),
		cmocka_unit_test_setup(test_format_local, setup),
		cmocka_unit_test_setup(test_set_and_today, setup),
		cmocka_unit_test_setup(test_days_in_month, setup),
		cmocka_unit_test_setup(test_local_date, setup),
		cmocka_unit_test_setup(test_other_zone, setup),
		cmocka_unit_test_setup(test_local_matches_libc, setup),
		cmocka_unit_test_setup(test_init_refuses_unknown_zones, setup),
#ifdef MENTOR_TEST_HOOKS
		cmocka_unit_test_setup(test_clock_file, setup),
#endif
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
