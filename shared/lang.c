/*
 * lang.c - the table of languages; see lang.h.
 */
#include <string.h>

#include "lang.h"

static const struct lang langs[] = {
	[LANG_DA] = { "da", "Dansk", 0 },
	[LANG_EN] = { "en", "English", 0 },
};

#define NLANGS	(sizeof(langs) / sizeof(langs[0]))

_Static_assert(NLANGS <= LANG_MAX, "raise LANG_MAX");

const struct lang *
lang_at(size_t i)
{
	return i < NLANGS ? &langs[i] : NULL;
}

int
lang_index(const char *code)
{
	size_t	 i;

	if (code == NULL)
		return -1;
	for (i = 0; i < NLANGS; i++)
		if (strcmp(langs[i].code, code) == 0)
			return (int)i;
	return -1;
}

size_t
lang_count(void)
{
	return NLANGS;
}
