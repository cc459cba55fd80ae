/*
 * holiday.c - Danish public holidays; see holiday.h.
 */
#include <stddef.h>

#include "config.h"
#include "holiday.h"

/* One holiday: a fixed date, or an offset from Easter Sunday. */
struct holiday {
	const char	 *name;
	int		  month;     /* 0: Easter-based */
	int		  day;	     /* day of month, or days after
						   Easter Sunday */
	int		  last_year; /* 0: still a holiday */
	enum holiday_kind kind;
};

static const struct holiday holidays[] = {
	{ "nytårsdag", 1, 1, 0, HOLIDAY_CLOSED },
	{ "skærtorsdag", 0, -3, 0, HOLIDAY_CLOSED },
	{ "langfredag", 0, -2, 0, HOLIDAY_CLOSED },
	{ "påskedag", 0, 0, 0, HOLIDAY_CLOSED },
	{ "2. påskedag", 0, 1, 0, HOLIDAY_CLOSED },
	{ "store bededag", 0, 26, 2023, HOLIDAY_CLOSED },
	{ "Kristi himmelfartsdag", 0, 39, 0, HOLIDAY_CLOSED },
	{ "pinsedag", 0, 49, 0, HOLIDAY_CLOSED },
	{ "2. pinsedag", 0, 50, 0, HOLIDAY_CLOSED },
	{ "grundlovsdag", 6, 5, 0, HOLIDAY_HALF },
	{ "juledag", 12, 25, 0, HOLIDAY_CLOSED },
	{ "2. juledag", 12, 26, 0, HOLIDAY_CLOSED },
};

#define NHOLIDAYS (sizeof(holidays) / sizeof(holidays[0]))

/*
 * Days from 1970-01-01 to year-month-day in the proleptic Gregorian
 * calendar (H. Hinnant's days_from_civil).
 */
static long
day_number(int year, int month, int day)
{
	long y = year - (month <= 2);
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

/* See holiday.h. */
void
holiday_easter(int year, int *month, int *day)
{
	int a = year % 19, b = year / 100, c = year % 100;
	int d = b / 4, e = b % 4, f = (b + 8) / 25, g = (b - f + 1) / 3;
	int h = (19 * a + b - d - g + 15) % 30;
	int i = c / 4, k = c % 4;
	int l = (32 + 2 * e + 2 * i - h - k) % 7;
	int m = (a + 11 * h + 22 * l) / 451;

	*month = (h + l - 7 * m + 114) / 31;
	*day = (h + l - 7 * m + 114) % 31 + 1;
}

/* The holiday of the table on year-month-day, or NULL. */
static const struct holiday *
holiday_find(int year, int month, int day)
{
	const struct holiday *h;
	long		      n = day_number(year, month, day), easter;
	int		      em, ed;
	size_t		      i;

	holiday_easter(year, &em, &ed);
	easter = day_number(year, em, ed);
	for (i = 0; i < NHOLIDAYS; i++) {
		h = &holidays[i];
		if (h->last_year != 0 && year > h->last_year)
			continue;
		if (h->month != 0 ? h->month == month && h->day == day
				  : easter + h->day == n)
			return h;
	}
	return NULL;
}

/* See holiday.h. */
const char *
holiday_name(int year, int month, int day)
{
	const struct holiday *h = holiday_find(year, month, day);

	return h != NULL ? h->name : NULL;
}

/* 1 if year-month-day is one of the configured closed days. */
static int
closed_by_config(const struct config_days *extra, int year, int month, int day)
{
	size_t i;

	if (extra == NULL)
		return 0;
	for (i = 0; i < extra->n; i++)
		if ((extra->day[i].year == 0 || extra->day[i].year == year) &&
		    extra->day[i].month == month && extra->day[i].day == day)
			return 1;
	return 0;
}

/* See holiday.h. */
enum holiday_kind
holiday_kind(const struct config_days *extra, int year, int month, int day)
{
	const struct holiday *h;

	if (closed_by_config(extra, year, month, day))
		return HOLIDAY_CLOSED;
	h = holiday_find(year, month, day);
	return h != NULL ? h->kind : HOLIDAY_OPEN;
}
