/*
 * lang.c - the table of languages; see lang.h.
 */
#include <stdio.h>
#include <string.h>

#include "lang.h"

/*
 * To add a language: one row here and its catalogue po/CODE.po (with
 * the fragments po/CODE/PART.po).  Everything else derives from this table:
 * the kiosk's switcher, mentorctl --lang, the citizen's language checks,
 * the database's languages table, the catalogues i18n loads, the
 * per-language config keys and the test matrix.  A row whose catalogue
 * does not exist yet shows its texts in Danish (i18n logs it) and is
 * left out of the kiosk's switcher.
 */
static const struct lang langs[] = {
	[LANG_DA] = { "da", "Dansk", 0, "da" },
	[LANG_EN] = { "en", "English", 0, "en_GB" },
	{ "ar", "العربية", 1, "ar" },
	{ "tr", "Türkçe", 0, "tr" },
	{ "uk", "Українська", 0, "uk" },
	{ "pl", "Polski", 0, "pl" },
	{ "so", "Soomaali", 0, "so" },
};

#define NROWS (sizeof(langs) / sizeof(langs[0]))

_Static_assert(NROWS < LANG_MAX, "raise LANG_MAX");

#ifdef MENTOR_TEST_HOOKS
/* lang_test_add(): one more row, as if it were written above. */
static struct lang test_row;
static size_t	   test_rows;
#define NLANGS (NROWS + test_rows)
#define ROW(i) ((i) < NROWS ? &langs[i] : &test_row)

void
lang_test_add(const char *code, const char *name, int rtl, const char *locale)
{
	test_row = (struct lang){ code, name, rtl, locale };
	test_rows = code != NULL;
}
#else
#define NLANGS NROWS
#define ROW(i) (&langs[i])
#endif

const struct lang *
lang_at(size_t i)
{
	return i < NLANGS ? ROW(i) : NULL;
}

int
lang_index(const char *code)
{
	size_t i;

	if (code == NULL)
		return -1;
	for (i = 0; i < NLANGS; i++)
		if (strcmp(ROW(i)->code, code) == 0)
			return (int)i;
	return -1;
}

size_t
lang_count(void)
{
	return NLANGS;
}

size_t
lang_list(char *out, size_t len, const char *sep, const char *last)
{
	size_t i, n = 0;
	int    w;

	if (len == 0)
		return 0;
	out[0] = '\0';
	for (i = 0; i < NLANGS && n < len; i++) {
		w = snprintf(out + n, len - n, "%s%s",
		    i == 0		  ? ""
			: i + 1 == NLANGS ? last
					  : sep,
		    ROW(i)->code);
		if (w < 0)
			break;
		n += (size_t)w;
	}
	return n;
}
