/*
 * edit.h - mentorctl's edits of stored records (staff_edit.c,
 * citizen_edit.c, agreement_edit.c, meeting_edit.c): every value checked
 * by the shared rules (validate.h) before anything is stored, the change
 * and its audit row in one transaction (audited()).
 */
#ifndef MENTOR_ADMIN_EDIT_H
#define MENTOR_ADMIN_EDIT_H

#include <stddef.h>
#include <stdint.h>

struct buf;
struct ctx;
struct json_object;
struct option;
struct opts;

/*
 * -1 after one error line when none of the first n options of o and no
 * list item is given, else 0 (edit.c).
 */
int  edit_none(const struct opts *o, size_t n);
/* Replace *dst with a copy of s (NULL: none). */
void edit_replace(char **dst, const char *s);
/*
 * The names (from spec) of the first n options of o given, "name,roles",
 * into b (for the audit).
 */
void edit_names(
    const struct opts *o, const struct option *spec, size_t n, struct buf *b);

/*
 * Check --login and --roles (either may be NULL); *roles gets the mask
 * (0 when roles is NULL).  Returns 0, or -1 after one error line.
 */
int staff_access_check(const char *login, const char *roles, int *mask);
/*
 * Store the login (NULL: leave it; clear_login: remove it) and roles (0:
 * leave them) of staff member id.  Returns 0, or -1 after one error line
 * (a login someone else has says whose).
 */
int staff_access_store(
    struct ctx *, int64_t id, const char *login, int clear_login, int roles);
/* Add "login" and "roles" (a list of names) of staff member id to j. */
void	    staff_access_json(struct ctx *, int64_t id, struct json_object *j);
/*
 * The roles of staff member id as "mentor,coordinator" into buf, and
 * its login into *login (malloc'd, NULL when none; caller frees).
 * Returns buf ("-" when unknown).
 */
const char *staff_access_text(
    struct ctx *, int64_t id, char *buf, size_t len, char **login);

/* staff edit, citizen edit and erase, agreement edit, meeting edit. */
int staff_edit(struct ctx *, int, char **);
int citizen_edit(struct ctx *, int, char **);
int citizen_erase(struct ctx *, int, char **);
int agreement_edit(struct ctx *, int, char **);
int meeting_edit(struct ctx *, int, char **);

/*
 * Print the meeting now stored under id (cmd_meeting.c); after a change
 * (changed) also whether the citizen gets a text about it (notify.h),
 * and the warning when its place was left out of SMS because of word.
 */
int meeting_report(struct ctx *, int64_t id, int changed, const char *word);

extern const char usage_staff_edit[], usage_citizen_edit[],
    usage_citizen_erase[], usage_agreement_edit[], usage_meeting_edit[];

#endif
