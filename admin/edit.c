/*
 * edit.c - what the edit commands (staff_edit.c, citizen_edit.c,
 * agreement_edit.c, meeting_edit.c) share; see edit.h.
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cmd.h"
#include "edit.h"
#include "log.h"

/* See edit.h. */
int
edit_none(const struct opts *o, size_t n)
{
	size_t i;

	for (i = 0; i < n && o->val[i] == NULL; i++)
		;
	if (i == n && o->nlist == 0)
		return errorx("nothing to change; give at least one option"),
		       -1;
	return 0;
}

/* See edit.h. */
void
edit_replace(char **dst, const char *s)
{
	free(*dst);
	*dst = NULL;
	if (s != NULL && (*dst = strdup(s)) == NULL)
		fatal("strdup");
}

/* See edit.h. */
void
edit_names(
    const struct opts *o, const struct option *spec, size_t n, struct buf *b)
{
	size_t i;
	int    first = 1;

	for (i = 0; i < n; i++)
		if (o->val[i] != NULL) {
			buf_printf(b, "%s%s", first ? "" : ",", spec[i].name);
			first = 0;
		}
}
