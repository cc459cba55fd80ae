/*
 * smsword.c - find sensitive words in a text; see smsword.h.
 */
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "keyword.h"
#include "log.h"
#include "smsword.h"

/*
 * text folded as keyword_fold() does, malloc'd, with a space before and
 * after so that a whole word can be told from part of one if needed.
 */
static char *
fold_alloc(const char *text)
{
	size_t len = strlen(text), need;
	char  *out;

	/* Each byte folds to at most two characters, plus separators. */
	need = 2 * len + 3;
	if ((out = malloc(need)) == NULL)
		fatal("%s", __func__);
	out[0] = ' ';
	len = keyword_fold(text, len, out + 1, need - 2);
	out[len + 1] = ' ';
	out[len + 2] = '\0';
	return out;
}

const char *
smsword_find(const struct config_words *list, const char *text)
{
	const char *hit = NULL;
	char	   *folded, *word;
	size_t	    i;

	if (text == NULL || list == NULL || list->n == 0)
		return NULL;
	folded = fold_alloc(text);
	for (i = 0; i < list->n && hit == NULL; i++) {
		word = fold_alloc(list->word[i]);
		/* The word without its surrounding spaces, anywhere. */
		word[strlen(word) - 1] = '\0';
		if (word[1] != '\0' && strstr(folded, word + 1) != NULL)
			hit = list->word[i];
		free(word);
	}
	free(folded);
	return hit;
}
