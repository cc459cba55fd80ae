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

#define RELATIVE_MAX_DAYS	3660
#define NOT_RELATIVE		(-99999)

/* Fill tm with date at noon; returns 0, or -1 if it is no real date. */
static int
date_to_tm(const char *date, struct tm *tm)
{
	int	 y, m, d;

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
	time_t	 t;

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
	struct tm	 tm;

	if (date_to_tm(date, &tm) == -1)
		return -1;
	tm.tm_mday += days;
	return tm_to_date(&tm, out);
}

/* Days in month mon (0-11) of year y (full year). */
static int
month_days(int y, int mon)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30,
	    31, 30, 31 };

	if (mon == 1 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return days[mon];
}

int
dates_period_end(const char *start, int months, char out[DATE_LEN])
{
	struct tm	 tm;
	int		 y, mon, day;

	if (date_to_tm(start, &tm) == -1)
		return -1;
	day = tm.tm_mday;
	mon = tm.tm_mon + months;
	y = tm.tm_year + 1900 + mon / 12;
	mon %= 12;
	tm.tm_year = y - 1900;
	tm.tm_mon = mon;
	if (day > month_days(y, mon))
		tm.tm_mday = month_days(y, mon);	/* its last day */
	else
		tm.tm_mday = day - 1;		/* 0 = last day before */
	return tm_to_date(&tm, out);
}

int
dates_span(const char *start, const char *end)
{
	int	 n;

	if ((n = clock_days_between(start, end)) < 0)
		return -1;	/* INT_MIN: a bad date; or end before start */
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
	char	*end;
	long	 n;
	int	 sign;

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

int
dates_relative(const char *s, const char *today, char out[DATE_LEN])
{
	const char	*rest;
	int		 days;

	if ((days = relative_days(s, &rest)) == NOT_RELATIVE || *rest != '\0')
		return -1;
	return dates_add_days(today, days, out);
}

int
dates_relative_instant(const char *s, const char *today, time_t *out)
{
	const char	*rest;
	char		 date[DATE_LEN], iso[32];
	int		 days;

	if ((days = relative_days(s, &rest)) == NOT_RELATIVE || *rest != 'T')
		return -1;
	if (strlen(rest + 1) != 5 || rest[3] != ':')
		return -1;
	if (dates_add_days(today, days, date) == -1)
		return -1;
	/* A wall time without offset: clock_parse_iso reads it in the zone. */
	snprintf(iso, sizeof(iso), "%sT%s", date, rest + 1);
	return clock_parse_iso(iso, out);
}
