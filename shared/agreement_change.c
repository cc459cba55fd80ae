/*
 * agreement_change.c - extending and ending an agreement (see
 * agreement_change.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agreement_change.h"
#include "buf.h"
#include "dates.h"

/* See agreement_change.h. */
const char *
agreement_extension_start(const struct agreement_rec *r, const char *starts,
    const char *until, char out[DATE_LEN])
{
	if (starts != NULL) {
		if (valid_date(starts) != NULL)
			return "the first day is not a real date (YYYY-MM-DD)";
		snprintf(out, DATE_LEN, "%s", starts);
	} else if (r->ends_on == NULL ||
	    dates_add_days(r->ends_on, 1, out) == -1)
		return "the agreement has no end date; give the first day";
	if (until == NULL || valid_period(out, until) != NULL)
		return "the new end must be a real date on or after the first "
		       "day";
	return NULL;
}

/* See agreement_change.h. */
enum store_err
agreement_extension_id(struct store *s, const struct agreement_rec *r,
    char out[EXTERNAL_ID_MAX + 1])
{
	struct agreement_rec other;
	const char	    *old = r->external_id;
	size_t		     base, digits;
	unsigned int	     n;

	base = strlen(old);
	digits = 0;
	while (digits < base && old[base - digits - 1] >= '0' &&
	    old[base - digits - 1] <= '9')
		digits++;
	if (r->extends_id != 0 && digits > 0 && digits < base &&
	    old[base - digits - 1] == '-')
		base -= digits + 1;
	if (base > 56)
		base = 56;
	for (n = 2; n < 1000; n++) {
		snprintf(out, EXTERNAL_ID_MAX + 1, "%.*s-%u", (int)base, old,
		    n % 1000u);
		if (store_agreement_by_external(s, out, &other) != STORE_OK)
			return STORE_OK;
		agreement_rec_free(&other);
	}
	return STORE_NOTFOUND;
}

/* See agreement_change.h. */
void
agreement_extension_make(struct agreement_rec *r, const char *ext,
    const char *start, const char *until)
{
	r->extends_id = r->id;
	r->id = 0;
	free(r->external_id);
	free(r->starts_on);
	free(r->ends_on);
	r->external_id = buf_strdup(ext);
	r->starts_on = buf_strdup(start);
	r->ends_on = buf_strdup(until);
	if (strcmp(r->status, "active") != 0)
		snprintf(r->status, sizeof(r->status), "draft");
}

/* See agreement_change.h. */
const char *
agreement_end_date(
    const struct agreement_rec *r, const char *on, const char *today)
{
	if (on == NULL && (r->ends_on == NULL || strcmp(r->ends_on, today) > 0))
		on = today;
	if (on != NULL && r->starts_on != NULL && strcmp(on, r->starts_on) < 0)
		return NULL; /* never started: keep the period */
	return on;
}
