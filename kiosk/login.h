/*
 * login - how a person at the kiosk proves who they are.
 *
 * Two methods: a one-time code by SMS to the mobile on file
 * (login_code_request, login_code_verify, here), a one-time code a
 * staff member gave the citizen at the desk (login_desk_verify,
 * login_desk.c; the code is made in the console, shared/deskcode.h), and
 * MitID through the municipality's broker (page_mitid.c, OIDC).  Every
 * method ends in
 * login_complete(), which is all the rest of the kiosk knows of logging
 * in: it turns the session into a logged-in one for a citizen and audits
 * it (method "sms_code" or "mitid").
 *
 * The code method never tells whether a CPR number is known: an unknown
 * number gets a login row and a code just like a known one (only no SMS
 * goes out), the limits count both alike, the screens say the same, and
 * every request that gets as far as the database takes at least
 * LOGIN_REQUEST_FLOOR_MS, so the SMS queued for a known one does not show
 * in the timing.
 */
#ifndef MENTOR_KIOSK_LOGIN_H
#define MENTOR_KIOSK_LOGIN_H

#include <stdint.h>
#include <time.h>

#include "kiosk.h"
#include "session.h"
#include "store.h"

#define LOGIN_CODE_DIGITS	6
#define LOGIN_CODE_TTL		300  /* seconds a code works */
#define LOGIN_MAX_ATTEMPTS	5    /* wrong codes that void a code */
#define LOGIN_CPR_CODES		3    /* codes per CPR ... */
#define LOGIN_CPR_WINDOW	900  /* ... per 15 minutes */
#define LOGIN_LOCK_FAILURES	10   /* wrong codes for one CPR ... */
#define LOGIN_LOCK_WINDOW	3600 /* ... within an hour lock it ... */
#define LOGIN_LOCK_SECONDS	3600 /* ... for an hour */
#define LOGIN_REQUEST_FLOOR_MS	25   /* a code request never answers sooner */
#define LOGIN_DESK_KIOSK_TRIES	5    /* wrong desk codes on this kiosk ... */
#define LOGIN_DESK_KIOSK_WINDOW 900  /* ... within 15 minutes stop it ... */
#define LOGIN_DESK_ALL_TRIES	20   /* wrong desk codes on all kiosks ... */
#define LOGIN_DESK_ALL_WINDOW	3600 /* ... within an hour stop them all */

enum login_status {
	LOGIN_OK,	   /* code sent (as far as anyone can tell) / right */
	LOGIN_BAD_CPR,	   /* not a CPR number; see the msg */
	LOGIN_LIMIT_CPR,   /* too many codes for this CPR lately */
	LOGIN_LIMIT_KIOSK, /* too many codes from this kiosk this hour */
	LOGIN_LOCKED,	   /* the CPR is locked after wrong codes */
	LOGIN_BAD_CODE,	   /* not 6 digits */
	LOGIN_WRONG_CODE,  /* wrong; *tries_left more */
	LOGIN_CODE_GONE,   /* expired, used up or voided: ask anew */
	LOGIN_DESK_WRONG,  /* no live desk code is this one (here) */
	LOGIN_DESK_LIMIT_KIOSK, /* too many wrong desk codes here lately */
	LOGIN_DESK_LIMIT_ALL,	/* ... or on all kiosks together */
	LOGIN_ERROR,		/* the store failed; nothing changed */
	LOGIN__MAX
};

/*
 * Ask for a code for the CPR number typed (cpr_input).  On LOGIN_OK the
 * session is SESSION_PENDING with the login row and the CPR hash; on
 * LOGIN_BAD_CPR *msg says what is wrong.  The CPR is never kept.
 */
enum login_status login_code_request(struct kiosk *, struct session *,
    const char *cpr_input, time_t now, enum msg *msg);

/*
 * Check the code typed against the session's pending login.  On LOGIN_OK
 * the session is logged in (login_complete); on LOGIN_WRONG_CODE
 * *tries_left says how many tries remain.
 */
enum login_status login_code_verify(struct kiosk *, struct session *,
    const char *code_input, time_t now, int *tries_left);

/*
 * Log the session in as citizen_id by method ("sms_code"): new session
 * id and CSRF token, audit row.  Returns 0, or -1 (session unchanged).
 */
int login_complete(struct kiosk *, struct session *, int64_t citizen_id,
    const char *method, time_t now);

/*
 * Check the desk code typed (shared/deskcode.h), unless the wrong desk
 * codes lately reached a limit (this kiosk, all kiosks).  On LOGIN_OK the
 * session is logged in (login_complete, method "desk_code"); a wrong
 * code is counted.
 */
enum login_status login_desk_verify(
    struct kiosk *, struct session *, const char *code_input, time_t now);

/*
 * The limiter both methods use: a count of recent events (the store's
 * result e and the count n) against max.  Returns LOGIN_OK under the
 * limit, over at or past it, LOGIN_ERROR when the count failed.
 */
enum login_status login_limit(
    enum store_err e, int64_t n, int64_t max, enum login_status over);

/*
 * End a login step's transaction: commit unless st is LOGIN_ERROR, else
 * (or when the commit fails) roll back and log what failed ("code
 * check").  Returns st, or LOGIN_ERROR.
 */
enum login_status login_finish(
    struct kiosk *, enum login_status st, const char *what);

/*
 * An audit row for the kiosk at its site (actor: the session's, or the
 * login row's; reason "login").  Returns the store's result; the
 * caller's transaction decides.
 */
enum store_err login_audit(struct kiosk *, const char *actor, time_t now,
    const char *action, int64_t citizen_id, const char *detail);

/* The message to show for a status (MSG_NONE for LOGIN_OK). */
enum msg       login_msg(enum login_status);

#endif
