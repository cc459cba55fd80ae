/*
 * validate.c - value checks shared by the import, the commands and the
 * staff console.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clock.h"
#include "lang.h"
#include "dates.h"
#include "phone.h"
#include "utf8.h"
#include "validate.h"

/* The number in the n digits at s (already checked to be digits). */
static int
digits_value(const char *s, int n)
{
	int v = 0;

	while (n-- > 0)
		v = v * 10 + (*s++ - '0');
	return v;
}

const struct word_list words_language = { { NULL }, NULL, 1 };
const struct word_list words_agreement_status = { { "draft", "active", "ended",
						      NULL },
	"expected draft, active or ended", 0 };
const struct word_list words_hours_per = { { "week", "total", NULL },
	"expected week or total", 0 };
const struct word_list words_meeting_kind = { { "mentor", "caseworker", "other",
						  NULL },
	"expected mentor, caseworker or other", 0 };
const struct word_list words_meeting_status = { { "planned", "moved",
						    "cancelled", NULL },
	"expected planned, moved or cancelled", 0 };

/* 1 if c may be in an external id: A-Z a-z 0-9 . _ : - */
static int
id_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '.' || c == '_' || c == ':' ||
	    c == '-';
}

const char *
valid_external_id(const char *s)
{
	const unsigned char *p;

	if (s == NULL || *s == '\0')
		return "missing";
	/* Not strspn(): an import checks hundreds of thousands of ids. */
	for (p = (const unsigned char *)s;
	     *p != '\0' && p - (const unsigned char *)s <= EXTERNAL_ID_MAX; p++)
		if (!id_char(*p))
			return "use only letters a-z, digits and . _ : -";
	if (p - (const unsigned char *)s > EXTERNAL_ID_MAX)
		return "longer than 64 characters";
	return NULL;
}

const char *
valid_text(const char *s, size_t max)
{
	static char	     why[48];
	const unsigned char *p, *end;
	size_t		     n, len;

	if (s == NULL)
		return "missing";
	if (*s == '\0')
		return "empty";
	if ((len = strlen(s)) > max) {
		snprintf(why, sizeof(why), "too long (at most %zu bytes)", max);
		return why;
	}
	end = (const unsigned char *)s + len;
	for (p = (const unsigned char *)s; p < end; p += n) {
		if ((*p < 0x20 && *p != '\n') || *p == 0x7f)
			return "contains control characters";
		if ((n = utf8_decode(p, (size_t)(end - p), NULL)) == 0)
			return "not valid UTF-8";
	}
	return NULL;
}

const char *
valid_word(const char *s, const struct word_list *wl)
{
	static char expected[128];
	size_t	    i;

	if (wl->languages) {
		if (lang_index(s) >= 0)
			return NULL;
		if (expected[0] == '\0') {
			memcpy(expected, "expected ", 10);
			lang_list(
			    expected + 9, sizeof(expected) - 9, ", ", " or ");
		}
		return expected;
	}
	for (i = 0; s != NULL && wl->words[i] != NULL; i++)
		if (strcmp(s, wl->words[i]) == 0)
			return NULL;
	return wl->reason;
}

const char *
valid_email(const char *s)
{
	const char *at;

	if (s == NULL || *s == '\0')
		return "missing";
	if (strlen(s) > NAME_MAX_LEN || strpbrk(s, " \t\r\n<>\"") != NULL)
		return "not an e-mail address";
	if ((at = strchr(s, '@')) == NULL || at == s || at[1] == '\0' ||
	    strchr(at + 1, '@') != NULL || strchr(at + 1, '.') == NULL)
		return "not an e-mail address";
	return NULL;
}

const char *
valid_date(const char *s)
{
	int y, m, d;

	if (s == NULL || *s == '\0')
		return "missing";
	if (clock_parse_date(s, &y, &m, &d) == -1)
		return "not a real date (YYYY-MM-DD)";
	return NULL;
}

const char *
valid_period(const char *starts, const char *ends)
{
	if (starts != NULL && valid_date(starts) != NULL)
		return "start: not a real date (YYYY-MM-DD)";
	if (ends != NULL && valid_date(ends) != NULL)
		return "end: not a real date (YYYY-MM-DD)";
	if (starts != NULL && ends != NULL && strcmp(starts, ends) > 0)
		return "ends before it starts";
	return NULL;
}

const char *
valid_phone(const char *s, char out[PHONE_MAX])
{
	enum phone_err e;

	if ((e = phone_normalize(s, out)) != PHONE_OK)
		return phone_strerror(e);
	return NULL;
}

const char *
valid_hours(double amount)
{
	if (!(amount > 0) || amount > HOURS_MAX)
		return "expected a number of hours above 0 and at most 1000";
	return NULL;
}

const char *
valid_hours_text(const char *s, double *out)
{
	char *end;

	errno = 0;
	*out = s != NULL ? strtod(s, &end) : -1;
	if (s == NULL || errno != 0 || end == s || *end != '\0' ||
	    !isfinite(*out))
		return valid_hours(-1);
	return valid_hours(*out);
}

const char *
valid_instant(const char *s, int need_offset, time_t *out)
{
	static char why[200];
	time_t	    t;
	size_t	    n;
	int	    sec;

	if (s == NULL || *s == '\0')
		return "missing";
	if (clock_parse_iso(s, &t) == -1)
		return "not a date and time such as 2026-11-24T10:00:00+01:00";
	n = strlen(s);
	if (s[n - 1] == 'Z' ||
	    (n > 6 && (s[n - 6] == '+' || s[n - 6] == '-'))) {
		*out = t;
		return NULL;
	}
	if (need_offset)
		return "give the offset too, e.g. 2026-11-24T10:00:00+01:00";
	/*
	 * A wall time: "YYYY-MM-DDTHH:MM" or with ":SS", as checked above.
	 * One that the clocks skip or show twice is refused, never guessed.
	 */
	sec = n == 19 ? digits_value(s + 17, 2) : 0;
	if (dates_wall_instant(digits_value(s, 4), digits_value(s + 5, 2),
		digits_value(s + 8, 2), digits_value(s + 11, 2),
		digits_value(s + 14, 2), &t, why, sizeof(why)) != DATES_WALL_OK)
		return why;
	*out = t + sec;
	return NULL;
}

const char *
valid_number(const char *s, long long min, long long max, long long *out)
{
	char	 *end;
	long long n;

	if (s == NULL || *s < '0' || *s > '9')
		return "expected a whole number";
	errno = 0;
	n = strtoll(s, &end, 10);
	if (errno != 0 || *end != '\0' || n < min || n > max)
		return "number out of range";
	*out = n;
	return NULL;
}
