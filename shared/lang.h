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
#define LANG_MAX	16
#define LANG_CODE_MAX	4	/* "da", "en": at most 3 letters and a NUL */

struct lang {
	const char	*code;	/* ISO 639-1 where there is one: "da" */
	const char	*name;	/* in the language itself: "Dansk" */
	int		 rtl;	/* written right to left */
};

/* Index of Danish (the source) and English (every other's fallback). */
#define LANG_DA		0
#define LANG_EN		1

/* The i-th language, NULL past the last. */
const struct lang *lang_at(size_t i);

/* The table index of code, or -1 when it is not one of ours. */
int	 lang_index(const char *code);

/* Number of languages in the table. */
size_t	 lang_count(void);

#endif
