/*
 * datefmt - dates and times for people, per language, from CLDR's
 * locale data through ICU (libicu): weekday and month names, their
 * grammatical case (Ukrainian and Polish say "5 грудня", "5 grudnia":
 * the genitive, CLDR's format context), the order of the parts and the
 * digits.  The ICU locale of each language is a column of lang.c's
 * table.  Times are the civil zone's wall time (clock.h), so a date
 * never depends on ICU's own zone data or on the machine's locales.
 *
 * Arabic digits: western (0-9) unless datefmt_digits() chose eastern
 * (٠-٩, [organisation] arabic_digits = eastern).  Every function is
 * thread-safe.
 */
#ifndef MENTOR_DATEFMT_H
#define MENTOR_DATEFMT_H

#include <stddef.h>
#include <time.h>

/*
 * Choose the digits of languages whose own digits are not 0-9 (Arabic):
 * eastern 1 gives the language's own, 0 western.  Programs call it
 * after reading the configuration ("western" or "eastern"); returns 0,
 * or -1 for another word.
 */
int  datefmt_digits(const char *word);

/*
 * Write the local date of t for a reader of lang into out[len]:
 * "tirsdag den 24. november 2026", "Tuesday, 24 November 2026",
 * "вівторок, 24 листопада 2026 р.".  An unknown language or NULL gives
 * Danish.  Cut to fit len (at a character boundary).
 */
void datefmt_date(time_t t, const char *lang, char *out, size_t len);

/*
 * The local time of t as the language writes hours and minutes:
 * "10.00" (da), "10:00" (en), "١٠:٠٠" (ar, eastern digits).
 */
void datefmt_time(time_t t, const char *lang, char *out, size_t len);

/*
 * The name of weekday wday (0 Sunday) and of month mon (0 January,
 * as a header: the nominative, "грудень") in lang.
 */
void datefmt_weekday(int wday, const char *lang, char *out, size_t len);
void datefmt_month(int mon, const char *lang, char *out, size_t len);

#endif
