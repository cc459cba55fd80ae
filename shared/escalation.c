/*
 * escalation.c - the step list of [contact] escalation.  See
 * escalation.h.
 */
#include <stdio.h>
#include <string.h>

#include "escalation.h"

static const char *const target_names[ESCALATION__MAX] = {
	[ESCALATION_DEPUTY] = "deputy",
	[ESCALATION_TEAM] = "team",
	[ESCALATION_COORDINATOR] = "coordinator",
	[ESCALATION_NUMBER] = "number",
};

/* See escalation.h. */
const char *
escalation_target_name(enum escalation_target t)
{
	if ((unsigned)t >= ESCALATION__MAX)
		return "unknown";
	return target_names[t];
}

/* See escalation.h. */
int
escalation_target_parse(const char *word, struct escalation_step *st)
{
	size_t i;

	st->number[0] = '\0';
	for (i = 0; i < ESCALATION_NUMBER; i++)
		if (strcmp(word, target_names[i]) == 0) {
			st->target = (enum escalation_target)i;
			return 0;
		}
	if (phone_normalize(word, st->number) != PHONE_OK) {
		st->number[0] = '\0';
		return -1;
	}
	st->target = ESCALATION_NUMBER;
	return 0;
}

/* See escalation.h. */
void
escalation_step_format(const struct escalation_step *st, char *out, size_t len)
{
	const char *what = st->target == ESCALATION_NUMBER
	    ? st->number
	    : escalation_target_name(st->target);

	if (st->after % 3600 == 0)
		snprintf(out, len, "%dh %s", st->after / 3600, what);
	else if (st->after % 60 == 0)
		snprintf(out, len, "%dm %s", st->after / 60, what);
	else
		snprintf(out, len, "%ds %s", st->after, what);
}
