/*
 * dates.h - calendar arithmetic on "YYYY-MM-DD" dates for mentorctl, and
 * the relative dates ("today+3") the demo import may use.  No time zone
 * is involved except in dates_relative_instant(), which reads a wall
 * time in the configured zone.  Nothing here allocates.
 */
#ifndef MENTOR_DATES_H
#define MENTOR_DATES_H

#include <time.h>

#define DATE_LEN 11 /* "2026-11-24" and NUL */

/* Write date + days into out.  Returns 0, or -1 if date is no real date. */
int dates_add_days(const char *date, int days, char out[DATE_LEN]);

/*
 * The last day of a period of `months` calendar months starting on
 * start: the day before the same day-of-month that many months later, or
 * the last day of that month when it has no such day (a period from
 * 31 August for 6 months ends on the last day of February).  Returns 0,
 * or -1 if start is no real date.
 */
int dates_period_end(const char *start, int months, char out[DATE_LEN]);

/* Days from start to end, both included (1 for the same day); -1 if bad. */
int dates_span(const char *start, const char *end);

/*
 * A relative date: "today", "today+N" or "today-N" (N days, 0-3660),
 * counted from today (YYYY-MM-DD).  Returns 0 and writes the date, or -1
 * if s is not of that form.
 */
int dates_relative(const char *s, const char *today, char out[DATE_LEN]);

/* What a wall time is in the configured time zone. */
enum dates_wall {
	DATES_WALL_OK,	 /* one instant */
	DATES_WALL_BAD,	 /* no real date or time of day */
	DATES_WALL_GAP,	 /* skipped: the clocks jump past it (spring) */
	DATES_WALL_TWICE /* happens twice: the clocks go back (autumn) */
};

/*
 * The instant at which the zone's clocks show date y-mon-d (mon 1-12)
 * at h:mi.  DATES_WALL_OK sets *out.  For a gap or a double hour, why
 * (whylen bytes) gets the sentence a person needs, e.g. "2027-03-28
 * 02:30 does not exist: clocks go from 02:00 to 03:00", and *out is not
 * set.  Never guesses.
 */
enum dates_wall dates_wall_instant(int y, int mon, int d, int h, int mi,
    time_t *out, char *why, size_t whylen);

/*
 * A relative wall time: a relative date, "T" and "HH:MM", e.g.
 * "today+1T10:00", read in the configured time zone.  Returns 0 and sets
 * *out; -1 if s is not of that form; -2 if the time does not exist or
 * happens twice on that date (why gets the sentence).
 */
int		dates_relative_instant(
		const char *s, const char *today, time_t *out, char *why, size_t whylen);

#endif
