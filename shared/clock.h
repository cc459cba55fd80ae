/*
 * clock - the program's one idea of "now", and the rendering of instants
 * in the civil time zone (Europe/Copenhagen unless configured).
 *
 * Instants are time_t seconds since the epoch (UTC).  Wall times are what
 * a person in the zone reads on a clock.  Call clock_init() once at
 * start-up, before any thread is started: it sets TZ for the whole
 * process.  A program that never calls it gets the default zone on first
 * use of a local-time function.
 *
 * None of these functions allocate.
 */
#ifndef MENTOR_CLOCK_H
#define MENTOR_CLOCK_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#define CLOCK_DEFAULT_ZONE "Europe/Copenhagen"
#define CLOCK_ISO_UTC_LEN  21 /* "2026-11-24T09:00:00Z" and NUL */
#define CLOCK_DATE_LEN	   11 /* "2026-11-24" and NUL */

/*
 * Return the current instant.  The real time, unless clock_set() fixed
 * it.  In builds with -DMENTOR_TEST_HOOKS also: if the environment
 * variable MENTORLINK_CLOCK_FILE names a readable file holding an epoch
 * second count ("1795500000"), or an offset from the real time ("+3600",
 * "-60"), that is used; the file is re-read whenever it changes, so a
 * test can move a running daemon's clock.  Thread-safe.
 */
time_t	clock_now(void);

/* Tests: make clock_now() return t from now on; clock_set(0) undoes it. */
void	clock_set(time_t t);

/*
 * Milliseconds on the monotonic clock (intervals, timeouts, rates; never
 * set, never shown): the one reading of CLOCK_MONOTONIC.  Any thread.
 */
int64_t clock_mono_ms(void);

/*
 * Use the named zone (NULL: CLOCK_DEFAULT_ZONE) for every local time in
 * this process: sets TZ and calls tzset().  Exits through fatalx() if
 * the name is malformed or /usr/share/zoneinfo/<zone> does not exist.
 */
void	clock_init(const char *zone);

/* Fill out with the wall time of instant t in the zone. */
void	clock_local(time_t t, struct tm *out);

/*
 * Return the instant at which the zone's clocks show the given wall time
 * (mon 1-12).  A wall time skipped by a spring-forward change is read
 * with the offset in force before the change, so 02:30 on the day the
 * clocks jump from 02:00 to 03:00 becomes 03:30.  A wall time that occurs
 * twice (autumn) gives the first, daylight-saving, occurrence.  Returns
 * (time_t)-1 if a field is out of range or the date does not exist.
 */
time_t	clock_from_local(int year, int mon, int day, int hour, int min);

/*
 * Parse an ISO 8601 / RFC 3339 date-time strictly: "YYYY-MM-DDTHH:MM",
 * optionally ":SS", then "Z", "+HH:MM", "-HH:MM" or nothing (a wall time
 * in the zone, see clock_from_local()).  No fractions, no other forms.
 * Returns 0 and sets *out, or -1 if s is not exactly such a string or
 * names a date or time that does not exist.
 */
int	clock_parse_iso(const char *s, time_t *out);

/*
 * Parse exactly "YYYY-MM-DD" naming a real date.  Returns 0 and sets the
 * three fields (month 1-12), or -1 and leaves them alone.
 */
int	clock_parse_date(const char *s, int *y, int *m, int *d);

/* Return the instant of local midnight starting the date, (time_t)-1 if bad. */
time_t	clock_date_start(const char *yyyy_mm_dd);

/*
 * Return the number of calendar days from from_date to to_date (both
 * "YYYY-MM-DD"), negative if to_date is earlier; INT_MIN if either is bad.
 */
int	clock_days_between(const char *from_date, const char *to_date);

/* Write t as "2026-11-24T09:00:00Z" (UTC) into out. */
void	clock_format_iso_utc(time_t t, char out[CLOCK_ISO_UTC_LEN]);

/*
 * strftime() the wall time of t in the zone into out.  Returns the
 * length written, or 0 with out set to "" if it did not fit.
 */
size_t	clock_format_local(time_t t, const char *strftime_fmt, char *out,
     size_t len) __attribute__((format(strftime, 2, 0)));

/*
 * Write the local date of t as "YYYY-MM-DD" into out.  Returns 0, or -1
 * with out "" when it does not fit (a year past 9999).
 */
int	clock_local_date(time_t t, char out[CLOCK_DATE_LEN]);

/* Write the local date of clock_now() as "YYYY-MM-DD" into out. */
void	clock_today(char out[CLOCK_DATE_LEN]);

/*
 * The number of days in month mon (1-12) of year (Gregorian: year 0 and
 * every year divisible by 400 are leap years); 0 for another mon.
 */
int	clock_days_in_month(int year, int mon);

#endif
