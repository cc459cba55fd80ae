/*
 * dates.c - calendar arithmetic on ISO dates, and relative demo dates.
 *
 * Arithmetic goes through timegm()/gmtime_r() at noon UTC, which
 * normalises day and month overflow and never meets a DST change.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clock.h"
#include "dates.h"

#define RELATIVE_MAX_DAYS 3660
#define NOT_RELATIVE	  (-99999)

/* Fill tm with date at noon; returns 0, or -1 if it is no real date. */
static int
date_to_tm(const char *date, struct tm *tm)
{
	int y, m, d;

	if (clock_parse_date(date, &y, &m, &d) == -1)
		return -1;
	memset(tm, 0, sizeof(*tm));
	tm->tm_year = y - 1900;
	tm->tm_mon = m - 1;
	tm->tm_mday = d;
	tm->tm_hour = 12;
	return 0;
}

/* Normalise tm through timegm and write its date; returns 0 or -1. */
static int
tm_to_date(struct tm *tm, char out[DATE_LEN])
{
	time_t t;

	if ((t = timegm(tm)) == (time_t)-1 || gmtime_r(&t, tm) == NULL)
		return -1;
	if (tm->tm_year + 1900 < 1 || tm->tm_year + 1900 > 9999)
		return -1;
	if (strftime(out, DATE_LEN, "%Y-%m-%d", tm) != DATE_LEN - 1)
		return -1;
	return 0;
}

int
dates_add_days(const char *date, int days, char out[DATE_LEN])
{
	struct tm tm;

	if (date_to_tm(date, &tm) == -1)
		return -1;
	tm.tm_mday += days;
	return tm_to_date(&tm, out);
}

int
dates_period_end(const char *start, int months, char out[DATE_LEN])
{
	struct tm tm;
	int	  y, mon, day;

	if (date_to_tm(start, &tm) == -1)
		return -1;
	day = tm.tm_mday;
	mon = tm.tm_mon + months;
	y = tm.tm_year + 1900 + mon / 12;
	mon %= 12;
	tm.tm_year = y - 1900;
	tm.tm_mon = mon;
	if (day > clock_days_in_month(y, mon + 1))
		tm.tm_mday = clock_days_in_month(y, mon + 1); /* its last day */
	else
		tm.tm_mday = day - 1; /* 0 = last day before */
	return tm_to_date(&tm, out);
}

int
dates_span(const char *start, const char *end)
{
	int n;

	if ((n = clock_days_between(start, end)) < 0)
		return -1; /* INT_MIN: a bad date; or end before start */
	return n + 1;
}

/*
 * Read "today", "today+N" or "today-N" at the start of s; sets *rest to
 * what follows.  Returns the offset in days, or NOT_RELATIVE when s does
 * not start so.
 */
static int
relative_days(const char *s, const char **rest)
{
	char *end;
	long  n;
	int   sign;

	if (strncmp(s, "today", 5) != 0)
		return NOT_RELATIVE;
	s += 5;
	if (*s != '+' && *s != '-') {
		*rest = s;
		return 0;
	}
	sign = *s++ == '-' ? -1 : 1;
	if (*s < '0' || *s > '9')
		return NOT_RELATIVE;
	errno = 0;
	n = strtol(s, &end, 10);
	if (errno != 0 || n > RELATIVE_MAX_DAYS)
		return NOT_RELATIVE;
	*rest = end;
	return sign * (int)n;
}

/*
 * today + days as year, month and day; 0, or -1 when out of range.
 * Remembered: an import names the same few days again and again.
 */
#define REL_MEMO 64
static int
relative_date(const char *today, int days, int *y, int *mon, int *d)
{
	static struct {
		char today[DATE_LEN];
		int  days, y, mon, d;
	} memo[REL_MEMO];
	char   date[DATE_LEN];
	size_t i = (size_t)(days + RELATIVE_MAX_DAYS) % REL_MEMO;

	if (memo[i].days != days || strcmp(memo[i].today, today) != 0) {
		if (strlen(today) >= DATE_LEN ||
		    dates_add_days(today, days, date) == -1 ||
		    clock_parse_date(
			date, &memo[i].y, &memo[i].mon, &memo[i].d) == -1)
			return -1;
		memcpy(memo[i].today, today, strlen(today) + 1);
		memo[i].days = days;
	}
	*y = memo[i].y;
	*mon = memo[i].mon;
	*d = memo[i].d;
	return 0;
}

int
dates_relative(const char *s, const char *today, char out[DATE_LEN])
{
	const char *rest;
	int	    days, y, mon, d;

	if ((days = relative_days(s, &rest)) == NOT_RELATIVE || *rest != '\0' ||
	    relative_date(today, days, &y, &mon, &d) == -1)
		return -1;
	snprintf(out, DATE_LEN, "%04u-%02u-%02u", (unsigned)y % 10000u,
	    (unsigned)mon % 100u, (unsigned)d % 100u);
	return 0;
}

/* The zone's offset from UTC at t, in seconds. */
static long
zone_offset(time_t t)
{
	struct tm tm;

	clock_local(t, &tm);
	return tm.tm_gmtoff;
}

/*
 * The offsets a day and a half before and after the wall time wall (its
 * fields read as UTC), remembered per date: the wall times of an import
 * fall on a few dates, mostly far from any change of the clocks.
 */
#define DAY_MEMO 64
static void
day_offsets(time_t wall, long *before, long *after)
{
	static struct {
		time_t day;
		long   before, after;
		int    set;
	} memo[DAY_MEMO];
	time_t midnight = wall - ((wall % 86400) + 86400) % 86400;
	size_t i = (size_t)(midnight / 86400) % DAY_MEMO;

	if (!memo[i].set || memo[i].day != midnight) {
		memo[i].before = zone_offset(midnight + 43200 - 129600);
		memo[i].after = zone_offset(midnight + 43200 + 129600);
		memo[i].day = midnight;
		memo[i].set = 1;
	}
	*before = memo[i].before;
	*after = memo[i].after;
}

/* "HH:MM" of the wall time wall (fields read as UTC). */
static void
format_hhmm(time_t wall, char out[6])
{
	struct tm tm;

	gmtime_r(&wall, &tm);
	snprintf(out, 6, "%02u:%02u", (unsigned)tm.tm_hour % 24u,
	    (unsigned)tm.tm_min % 60u);
}

/* An offset from UTC as ISO 8601 writes it: "+02:00". */
static void
offset_text(long off, char out[7])
{
	long a = off < 0 ? -off : off;

	snprintf(out, 7, "%c%02ld:%02ld", off < 0 ? '-' : '+', a / 3600 % 100,
	    a % 3600 / 60);
}

/*
 * The instant in (lo, hi] at which the offset becomes `after' (the
 * offset at lo differs from it).
 */
static time_t
change_at(time_t lo, time_t hi, long after)
{
	time_t mid;

	while (hi - lo > 1) {
		mid = lo + (hi - lo) / 2;
		if (zone_offset(mid) == after)
			hi = mid;
		else
			lo = mid;
	}
	return hi;
}

enum dates_wall
dates_wall_instant(
    int y, int mon, int d, int h, int mi, time_t *out, char *why, size_t whylen)
{
	struct tm tm;
	time_t	  wall, first, second, change;
	long	  before, after;
	int	  first_ok, second_ok;
	char	  from[6], to[6], off1[7], off2[7];

	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = mon - 1;
	tm.tm_mday = d;
	tm.tm_hour = 12;
	if (h < 0 || h > 23 || mi < 0 || mi > 59 ||
	    (wall = timegm(&tm)) == (time_t)-1 || tm.tm_mday != d ||
	    tm.tm_mon != mon - 1)
		return DATES_WALL_BAD;
	wall += (h - 12) * 3600 + mi * 60;
	day_offsets(wall, &before, &after);
	if (before == after) {
		*out = wall - before;
		return DATES_WALL_OK;
	}
	/* A change of the clocks near: which readings does the zone give? */
	first = wall - (before > after ? before : after);
	second = wall - (before > after ? after : before);
	first_ok = zone_offset(first) == wall - first;
	second_ok = zone_offset(second) == wall - second;
	if (first_ok != second_ok) {
		*out = first_ok ? first : second;
		return DATES_WALL_OK;
	}
	if (first_ok) {
		/* Autumn: the hour before the change comes again after it. */
		change = change_at(first, second, after);
		format_hhmm(change + before, from);
		format_hhmm(change + after, to);
		offset_text(before, off1);
		offset_text(after, off2);
		snprintf(why, whylen,
		    "%04d-%02d-%02d %02d:%02d happens twice: "
		    "clocks go back from %s to %s; give the offset, "
		    "%04d-%02d-%02dT%02d:%02d%s (the first) or "
		    "%04d-%02d-%02dT%02d:%02d%s (the second)",
		    y, mon, d, h, mi, from, to, y, mon, d, h, mi, off1, y, mon,
		    d, h, mi, off2);
		return DATES_WALL_TWICE;
	}
	/* Spring: no instant shows this wall time. */
	change = change_at(first, second, after);
	format_hhmm(change + before, from);
	format_hhmm(change + after, to);
	snprintf(why, whylen,
	    "%04d-%02d-%02d %02d:%02d does not exist: clocks "
	    "go from %s to %s",
	    y, mon, d, h, mi, from, to);
	return DATES_WALL_GAP;
}

int
dates_relative_instant(
    const char *s, const char *today, time_t *out, char *why, size_t whylen)
{
	const char *rest;
	int	    days, y, mon, d, h, mi;

	if ((days = relative_days(s, &rest)) == NOT_RELATIVE || *rest != 'T')
		return -1;
	rest++;
	if (strlen(rest) != 5 || rest[2] != ':' ||
	    strspn(rest, "0123456789:") != 5)
		return -1;
	h = (rest[0] - '0') * 10 + (rest[1] - '0');
	mi = (rest[3] - '0') * 10 + (rest[4] - '0');
	if (relative_date(today, days, &y, &mon, &d) == -1)
		return -1;
	switch (dates_wall_instant(y, mon, d, h, mi, out, why, whylen)) {
	case DATES_WALL_OK:
		return 0;
	case DATES_WALL_BAD:
		return -1;
	default:
		return -2;
	}
}
