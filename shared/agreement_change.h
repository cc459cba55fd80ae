/*
 * agreement_change - the rules of extending and ending an agreement,
 * shared by `mentorctl agreement extend|end` and the staff console: the
 * extension's first day and id, what it copies, and the last day an
 * ended agreement records.  Reasons are short English (validate.h).
 */
#ifndef MENTOR_AGREEMENT_CHANGE_H
#define MENTOR_AGREEMENT_CHANGE_H

#include "dates.h"
#include "store.h"
#include "validate.h"

/*
 * The first day of an extension of r until until: starts (may be NULL:
 * the day after r ends) into out.  Returns NULL, or the reason (static)
 * when r has no end and no starts is given, or until is not a real date
 * on or after that day.
 */
const char    *agreement_extension_start(const struct agreement_rec *r,
       const char *starts, const char *until, char out[DATE_LEN]);

/*
 * An unused external id for an extension of r into out: "a-1" gives
 * "a-1-2"; when r itself extends another, "a-1-2" gives "a-1-3".
 * STORE_NOTFOUND when no free one is found (give one by hand).
 */
enum store_err agreement_extension_id(struct store *,
    const struct agreement_rec *r, char out[EXTERNAL_ID_MAX + 1]);

/*
 * Turn r (the old agreement as read) into its extension: id ext, from
 * start until until, extending the old one; a draft stays a draft, an
 * active one is active (its activation is not news: notify.h).
 */
void	    agreement_extension_make(struct agreement_rec *r, const char *ext,
	   const char *start, const char *until);

/*
 * The last day to record when ending r today: on (may be NULL), else
 * today when the period runs past today (support stops now).  NULL:
 * keep the period (r never started: on is before its first day).
 */
const char *agreement_end_date(
    const struct agreement_rec *r, const char *on, const char *today);

#endif
