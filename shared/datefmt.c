/*
 * datefmt.c - dates per language from ICU; see datefmt.h.
 *
 * ICU's formatters are not safe to share between threads, and opening
 * one costs a pattern lookup, so each kind of formatter is opened once
 * per language and used under one mutex.  They format the wall time
 * read as UTC: clock_local() has already applied the civil zone.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include <unicode/udat.h>
#include <unicode/udatpg.h>
#include <unicode/ustring.h>

#include "clock.h"
#include "datefmt.h"
#include "lang.h"
#include "log.h"

#define LOCALE_MAX  64
#define PATTERN_MAX 128
#define OUT_MAX	    256

enum kind {
	KIND_DATE, /* weekday, day, month, year */
	KIND_TIME, /* hours and minutes, 24-hour clock */
	KIND_WEEKDAY,
	KIND_MONTH, /* stand-alone: the nominative */
	KIND__MAX
};

/* CLDR skeletons: which fields, not their order (the locale orders). */
static const char *const skeletons[KIND__MAX] = {
	[KIND_DATE] = "EEEEdMMMMy",
	[KIND_TIME] = "HHmm",
	[KIND_WEEKDAY] = "cccc",
	[KIND_MONTH] = "LLLL",
};

/*
 * Days from 1970-01-01 to a date (valid, after 1970) through timegm().
 */
static long long
days_since_epoch(int year, int mon, int day)
{
	struct tm tm = { .tm_year = year - 1900,
		.tm_mon = mon - 1,
		.tm_mday = day,
		.tm_hour = 12 };

	return (long long)timegm(&tm) / 86400;
}

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static UDateFormat    *formats[LANG_MAX][KIND__MAX];
static int	       eastern; /* the language's own digits */

int
datefmt_digits(const char *word)
{
	int want, i, k;

	if (word == NULL || strcmp(word, "western") == 0)
		want = 0;
	else if (strcmp(word, "eastern") == 0)
		want = 1;
	else
		return -1;
	pthread_mutex_lock(&lock);
	if (want != eastern) {
		eastern = want;
		for (i = 0; i < LANG_MAX; i++)
			for (k = 0; k < KIND__MAX; k++) {
				if (formats[i][k] != NULL)
					udat_close(formats[i][k]);
				formats[i][k] = NULL;
			}
	}
	pthread_mutex_unlock(&lock);
	return 0;
}

/*
 * Open the formatter of kind k for the language at table index i.
 * Returns it, or NULL (logged) when ICU has no data for it.
 */
static UDateFormat *
format_open(int i, enum kind k)
{
	UErrorCode		   e = U_ZERO_ERROR;
	UDateTimePatternGenerator *gen;
	UDateFormat		  *f = NULL;
	UChar			   skel[32], pattern[PATTERN_MAX];
	static const UChar	   utc[] = { 'U', 'T', 'C', 0 };
	char			   locale[LOCALE_MAX];
	int32_t			   n;

	/* Western digits: say so; eastern: the locale's default. */
	snprintf(locale, sizeof(locale), "%s%s", lang_at((size_t)i)->locale,
	    eastern ? "" : "@numbers=latn");
	u_uastrcpy(skel, skeletons[k]);
	if ((gen = udatpg_open(locale, &e)) == NULL || U_FAILURE(e))
		goto out;
	n = udatpg_getBestPattern(gen, skel, -1, pattern, PATTERN_MAX, &e);
	if (U_FAILURE(e))
		goto out;
	f = udat_open(
	    UDAT_PATTERN, UDAT_PATTERN, locale, utc, -1, pattern, n, &e);
	if (U_FAILURE(e)) {
		f = NULL;
		goto out;
	}
out:
	if (gen != NULL)
		udatpg_close(gen);
	if (f == NULL)
		log_warnx("datefmt: %s: %s", locale, u_errorName(e));
	return f;
}

/*
 * Convert n UTF-16 units at text to UTF-8 in out[len], cut at a
 * character boundary to fit.  Returns 0, or -1 (out set to "").
 */
static int
utf8_fit(const UChar *text, int32_t n, char *out, size_t len)
{
	UErrorCode e = U_ZERO_ERROR;
	char	   all[OUT_MAX * 3 + 1];
	size_t	   m;

	u_strToUTF8(all, sizeof(all), NULL, text, n, &e);
	if (U_FAILURE(e) || len == 0) {
		if (len > 0)
			out[0] = '\0';
		return -1;
	}
	m = strlen(all);
	if (m >= len) {
		m = len - 1;
		while (m > 0 && ((unsigned char)all[m] & 0xc0) == 0x80)
			m--;
	}
	memcpy(out, all, m);
	out[m] = '\0';
	return 0;
}

/*
 * Format the instant ms (milliseconds, read as UTC) with kind k in
 * lang into out[len] as UTF-8.  Returns 0, or -1 (out untouched).
 */
static int
format(double ms, enum kind k, const char *lang, char *out, size_t len)
{
	UErrorCode   e = U_ZERO_ERROR;
	UChar	     text[OUT_MAX];
	UDateFormat *f;
	int	     i = lang_index(lang), r = -1;
	int32_t	     n;

	if (i < 0)
		i = LANG_DA;
	pthread_mutex_lock(&lock);
	if ((f = formats[i][k]) == NULL)
		f = formats[i][k] = format_open(i, k);
	if (f != NULL) {
		n = udat_format(f, ms, text, OUT_MAX, NULL, &e);
		if (U_SUCCESS(e) && n < OUT_MAX)
			r = utf8_fit(text, n, out, len);
	}
	pthread_mutex_unlock(&lock);
	return r;
}

/*
 * The wall time of t in the civil zone, as milliseconds read as UTC.
 */
static double
wall_ms(time_t t)
{
	struct tm tm;

	clock_local(t, &tm);
	return (double)timegm(&tm) * 1000.0;
}

void
datefmt_date(time_t t, const char *lang, char *out, size_t len)
{
	struct tm tm;

	if (len == 0 || format(wall_ms(t), KIND_DATE, lang, out, len) == 0)
		return;
	clock_local(t, &tm); /* ICU failed (logged): ISO is universal */
	snprintf(out, len, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1,
	    tm.tm_mday);
}

void
datefmt_time(time_t t, const char *lang, char *out, size_t len)
{
	struct tm tm;

	if (len == 0 || format(wall_ms(t), KIND_TIME, lang, out, len) == 0)
		return;
	clock_local(t, &tm);
	snprintf(out, len, "%02d:%02d", tm.tm_hour, tm.tm_min);
}

void
datefmt_weekday(int wday, const char *lang, char *out, size_t len)
{
	/* 2026-11-01 is a Sunday. */
	double ms =
	    ((double)days_since_epoch(2026, 11, 1 + wday) * 86400 + 43200) *
	    1000;

	if (len > 0 &&
	    (wday < 0 || wday > 6 ||
		format(ms, KIND_WEEKDAY, lang, out, len) == -1))
		out[0] = '\0';
}

void
datefmt_month(int mon, const char *lang, char *out, size_t len)
{
	double ms =
	    ((double)days_since_epoch(2026, mon + 1, 15) * 86400 + 43200) *
	    1000;

	if (len > 0 &&
	    (mon < 0 || mon > 11 ||
		format(ms, KIND_MONTH, lang, out, len) == -1))
		out[0] = '\0';
}
