/*
 * validate.h - checks on single values that mentorctl's commands, the
 * import and the staff console share.  Each valid_*() returns NULL when
 * the value is fine, or a short English reason fit for
 * "citizens[0] (c-mads): mobile: REASON".  A reason never repeats the value (it may be a CPR number).
 */
#ifndef MENTOR_VALIDATE_H
#define MENTOR_VALIDATE_H

#include <stddef.h>
#include <time.h>

#include "phone.h"

/* A closed list of words, e.g. the agreement statuses. */
struct word_list {
	const char *const words[6];  /* NULL-terminated */
	const char	 *reason;    /* "expected week or total" */
	int		  languages; /* the words are lang.c's codes */
};

extern const struct word_list words_language;	      /* lang.c's codes */
extern const struct word_list words_agreement_status; /* draft active ended */
extern const struct word_list words_hours_per;	      /* week total */
extern const struct word_list words_meeting_kind;     /* mentor, other.. */
extern const struct word_list words_meeting_status;   /* planned, moved.. */

#define EXTERNAL_ID_MAX 64
#define NAME_MAX_LEN	200
#define TEXT_MAX_LEN	4000
#define TASKS_MAX	50
#define HOURS_MAX	1000.0

/* 1-64 of A-Z a-z 0-9 . _ : - (the case system's ids). */
const char *valid_external_id(const char *s);
/*
 * 1-max bytes of valid UTF-8 without control characters except newline.
 * The reason for a text too long lives in a static buffer until the next
 * call.
 */
const char *valid_text(const char *s, size_t max);
/* One of the list's words. */
const char *valid_word(const char *s, const struct word_list *);
/* Something@something, no spaces, at most 200 bytes. */
const char *valid_email(const char *s);
/* A real date YYYY-MM-DD. */
const char *valid_date(const char *s);
/* Both real dates and starts <= ends (either may be NULL). */
const char *valid_period(const char *starts, const char *ends);
/* Normalise a phone number into out (E.164). */
const char *valid_phone(const char *s, char out[PHONE_MAX]);
/* More than 0 and at most HOURS_MAX. */
const char *valid_hours(double amount);
/* Hours written "4" or "4.5", by valid_hours(); sets *out. */
const char *valid_hours_text(const char *s, double *out);
/* A whole number in [min, max], digits only; sets *out. */
const char *valid_number(
    const char *s, long long min, long long max, long long *out);
/*
 * An ISO 8601 date-time.  With need_offset, it must end in Z or +HH:MM;
 * otherwise a wall time in the configured zone is accepted too, unless
 * the clocks skip it or show it twice that day (then the reason says so
 * and how to give it, e.g. "2027-03-28 02:30 does not exist: clocks go
 * from 02:00 to 03:00"; it lives in a static buffer until the next call).
 */
const char *valid_instant(const char *s, int need_offset, time_t *out);

/* --- the rules of a record's fields (validate_fields.c) ---------------- */

/*
 * One rule per field of a citizen, staff member, agreement or meeting,
 * shared by the import, mentorctl and the staff console: each returns
 * NULL when the value is fine, else a short English reason (static).
 */
#define GIVEN_NAME_MAX 100
#define TASK_MAX_LEN   1000

/* Citizen: the given name, 1-100 bytes of text. */
const char *valid_given_name(const char *s);
/* Staff: the name (also organisation, reachable: 1-200 bytes of text). */
const char *valid_staff_name(const char *s);
/*
 * Staff: the login the identity provider gives, 1-200 bytes of printable
 * ASCII without spaces (e.g. anna@kommune.dk, DOMAIN\anna); stored
 * lower-cased (store_staff.h).
 */
const char *valid_login(const char *s);
/* Staff: a role list "mentor,coordinator" into *roles (store_staff.h). */
const char *valid_roles(const char *s, int *roles);
/* Staff: the deputy of staff member id (0 = none) is not themselves. */
const char *valid_deputy(long long staff_id, long long deputy_id);
/* Agreement: the goal (1-4000 bytes of text). */
const char *valid_goal(const char *s);
/* Agreement: one task (1-1000 bytes of text). */
const char *valid_task(const char *s);
/* Agreement: at most TASKS_MAX tasks, each valid_task(). */
const char *valid_tasks(char *const *tasks, size_t n);
/* Agreement: legal basis and other short texts (1-200 bytes). */
const char *valid_short_text(const char *s);
/*
 * Agreement: a status change from -> to.  A draft may become active or
 * ended, an active one ended; an ended one stays ended; no step back.
 * The same status is no change and fine.
 */
const char *valid_status_change(const char *from, const char *to);
/*
 * Agreement: may one with this status be edited?  Not an ended one (it
 * is extended instead: a new agreement).
 */
const char *valid_agreement_editable(const char *status);
/* Meeting: the place (1-200 bytes of text). */
const char *valid_place(const char *s);
/* Meeting: ends after it starts (the reason is about the end). */
const char *valid_meeting_times(time_t starts, time_t ends);

#endif
