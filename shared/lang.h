/*
 * lang - the languages a citizen can read Mentorlink in.  One table in
 * lang.c (code, name in the language itself, writing direction); every
 * other list of languages is derived from it.  Danish is the source
 * language and the reference: the texts in the code are Danish, and the
 * catalogue po/CODE.po translates them for every other language.
 */
#ifndef MENTOR_LANG_H
#define MENTOR_LANG_H

#include <stddef.h>

/* Room for languages; the table in lang.c holds at most this many. */
#define LANG_MAX 16
#define LANG_CODE_MAX \
	3 /* two letters (ISO 639-1) and a NUL: the
				   database and the structs keep char[3] */

struct lang {
	const char *code;   /* ISO 639-1 where there is one: "da" */
	const char *name;   /* in the language itself: "Dansk" */
	int	    rtl;    /* written right to left */
	const char *locale; /* ICU locale for dates: "en_GB" */
};

/* Index of Danish (the source) and English (every other's fallback). */
#define LANG_DA 0
#define LANG_EN 1

/* The i-th language, NULL past the last. */
const struct lang *lang_at(size_t i);

/* The table index of code, or -1 when it is not one of ours. */
int		   lang_index(const char *code);

/* Number of languages in the table. */
size_t		   lang_count(void);

/*
 * Write the codes of the table into out[len] joined by sep, the last
 * two by last: ("da, en or ar").  Returns the length it wanted, as
 * snprintf(); out is cut to fit.
 */
size_t lang_list(char *out, size_t len, const char *sep, const char *last);

#ifdef MENTOR_TEST_HOOKS
/*
 * Tests: one more language after the table's rows, as a new row would
 * be (NULL code: none).  The strings must outlive its use.  Call before
 * anything else reads the table (i18n loads once; see i18n_reload()).
 */
void lang_test_add(
    const char *code, const char *name, int rtl, const char *locale);
#endif

#endif
