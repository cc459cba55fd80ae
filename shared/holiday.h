/*
 * holiday - Danish public holidays, for counting working time.
 *
 * A request a citizen makes at 15:55 on Maundy Thursday must not be
 * escalated to the team number on Good Friday morning, when nobody is
 * there to read it: escalation counts working hours, and these days have
 * none.
 *
 * The holidays (helligdage) are those of Danish law as it is:
 *
 *   nytårsdag		1 January
 *   skærtorsdag	Easter - 3
 *   langfredag		Easter - 2
 *   påskedag		Easter (a Sunday)
 *   2. påskedag	Easter + 1
 *   store bededag	Easter + 26, up to and including 2023 only (the
 *			day was abolished by lov nr. 214 of 28 February
 *			2023 from 2024 on)
 *   Kristi himmelfartsdag Easter + 39
 *   pinsedag		Easter + 49 (a Sunday)
 *   2. pinsedag	Easter + 50
 *   juledag		25 December
 *   2. juledag		26 December
 *
 * Easter Sunday is computed by the Gregorian computus (the "anonymous"
 * algorithm of Meeus/Jones/Butcher), valid for every year from 1583.
 *
 * Grundlovsdag (5 June) is no public holiday, but most municipal offices
 * close at noon: it is a half day, working time ends at 12:00
 * (HOLIDAY_HALF_END).  24 and 31 December are ordinary days by law; many
 * close anyway - list them in [contact] closed_days, which also takes a
 * whole 5 June.
 *
 * Nothing here allocates.
 */
#ifndef MENTOR_HOLIDAY_H
#define MENTOR_HOLIDAY_H

struct config_days;

enum holiday_kind {
	HOLIDAY_OPEN = 0, /* an ordinary day (weekends not considered) */
	HOLIDAY_CLOSED,	  /* a public holiday or a configured closed day */
	HOLIDAY_HALF	  /* open until HOLIDAY_HALF_END only */
};

/* Minutes after midnight when a half day's working time ends (12:00). */
#define HOLIDAY_HALF_END (12 * 60)

/*
 * Easter Sunday of year (>= 1583) by the Gregorian computus: *month (3
 * or 4) and *day.
 */
void		  holiday_easter(int year, int *month, int *day);

/*
 * The Danish name of the public holiday or half day that falls on
 * year-month-day ("langfredag", "grundlovsdag"), or NULL for an ordinary
 * day.  Static storage.
 */
const char	 *holiday_name(int year, int month, int day);

/*
 * What kind of day year-month-day is for working time: a public holiday
 * or a day in extra (may be NULL: none) is HOLIDAY_CLOSED, grundlovsdag
 * HOLIDAY_HALF, any other HOLIDAY_OPEN.  Weekends are the caller's.
 */
enum holiday_kind holiday_kind(
    const struct config_days *extra, int year, int month, int day);

#endif
