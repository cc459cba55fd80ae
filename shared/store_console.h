/*
 * store_console - the staff console's reads: the contact requests a
 * person sees, their citizens, a citizen's next meetings, colleagues to
 * pick as deputy.  The console audits every read (store_audit()); these
 * functions do not.
 */
#ifndef MENTOR_STORE_CONSOLE_H
#define MENTOR_STORE_CONSOLE_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "store.h"

#define CONSOLE_PAGE_ROWS 50 /* rows on one page of a list */

/* An open contact request as the requests page shows it. */
struct console_request {
	int64_t	    id; /* the request number */
	int64_t	    citizen_id;
	int64_t	    routed_to;	 /* staff id, 0 = team number */
	const char *given_name;	 /* the citizen's first name */
	const char *mobile;	 /* the citizen's number or NULL */
	const char *channel;	 /* "sms" or "kiosk" */
	const char *routed_as;	 /* "mentor", "deputy", "team" or NULL */
	const char *routed_name; /* who it went to, NULL for the team */
	const char *text;	 /* the citizen's SMS, NULL: none/purged */
	time_t	    opened_at;
	time_t	    acknowledged_at; /* 0 = not yet */
	time_t	    escalated_at;    /* 0 = not escalated */
};

/*
 * The open requests routed to staff_id (0: every open request, for a
 * coordinator), oldest first, page (from 0) of CONSOLE_PAGE_ROWS, each
 * passed to fn (strings valid during the call; fn returns non-0 to
 * stop).  *more is set to 1 when a later page has rows.
 */
enum store_err store_console_requests(struct store *, int64_t staff_id,
    size_t page, int *more, int (*fn)(const struct console_request *, void *),
    void *arg);

/* A citizen on "my citizens". */
struct console_citizen {
	int64_t	    citizen_id;
	int64_t	    agreement_id;
	const char *given_name;
	const char *status;    /* the agreement's: draft, active */
	const char *ends_on;   /* YYYY-MM-DD or NULL */
	int	    as_mentor; /* I am the mentor (else caseworker) */
};

/*
 * The citizens with a draft or active agreement where staff_id is mentor
 * or caseworker, once each (the active agreement's row before a draft),
 * by first name, page of CONSOLE_PAGE_ROWS; as above.
 */
enum store_err store_console_citizens(struct store *, int64_t staff_id,
    size_t page, int *more, int (*fn)(const struct console_citizen *, void *),
    void *arg);

/*
 * Whether staff_id is mentor or caseworker on any agreement of
 * citizen_id that is not ended: *allowed 1 or 0.
 */
enum store_err store_console_citizen_allowed(
    struct store *, int64_t staff_id, int64_t citizen_id, int *allowed);

/* A colleague someone may pick as deputy. */
struct console_colleague {
	int64_t	    id;
	const char *name;
	const char *away_from; /* NULL: not away */
	const char *away_until;
};

/*
 * Every staff member but except_id who holds the mentor role, by name,
 * each passed to fn as above.
 */
enum store_err store_console_colleagues(struct store *, int64_t except_id,
    int (*fn)(const struct console_colleague *, void *), void  *arg);

/*
 * Set staff_id's away period (from and until YYYY-MM-DD, or both NULL for
 * none) and deputy (0: none) in one statement.  STORE_CONSTRAINT for a
 * period that ends before it starts or a deputy that is the person.
 */
enum store_err store_console_set_absence(struct store *, int64_t staff_id,
    const char *from, const char *until, int64_t deputy_id, time_t now);

/* A journal note on a citizen (an audit row "journal_note"). */
struct console_note {
	time_t	    at;
	const char *actor;  /* the login of who wrote it */
	const char *detail; /* "request 12: the note" or the note */
};

/*
 * The newest journal notes on citizen_id, at most limit, newest first,
 * each passed to fn (strings valid during the call; fn returns non-0 to
 * stop).
 */
enum store_err store_console_notes(struct store *, int64_t citizen_id,
    size_t limit, int (*fn)(const struct console_note *, void *), void *arg);

/* A staff member on the coordinator's staff list. */
struct console_staff {
	int64_t	    id;
	const char *name;
	const char *login;     /* NULL: cannot sign in */
	int	    roles;     /* STAFF_ROLE_* bits */
	const char *mobile;    /* NULL: none */
	const char *away_from; /* NULL: not away */
	const char *away_until;
	const char *deputy_name; /* NULL: none */
};

/*
 * Every staff member by name, page of CONSOLE_PAGE_ROWS, each passed to
 * fn as above.
 */
enum store_err store_console_staff(struct store *, size_t page, int *more,
    int (*fn)(const struct console_staff *, void *), void *arg);

#endif
