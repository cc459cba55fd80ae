/*
 * session - server-side kiosk sessions: what the kiosk keeps per person
 * as the payload of a shared web session (websession.h).
 *
 * A session is named by a random 256-bit id sent in an HttpOnly,
 * SameSite=Strict cookie; everything else stays here: the CSRF token
 * (in the web session), the language, what the person typed on the keypad, the pending code
 * request and, after login, the citizen.  A session ends when it has been
 * idle for idle_limit seconds, when its deadline (max_age seconds after it
 * began, or after its last extension) is SESSION_GRACE seconds past, on
 * logout, and when the table is full and it is the oldest one without a
 * login.  Ending wipes it (explicit_bzero).
 *
 * The page's script wipes the screen itself at the idle and absolute
 * limits and tells the server why (/timeout?why=...); the server's limits
 * are SESSION_GRACE seconds longer, so that request still finds the
 * session, and they end a session whose page is gone.
 *
 * The table is shared by the HTTP thread and the main thread's sweep:
 * hold session_lock() while using any struct session.  The id, the
 * CSRF token and the times are in s->web (websession.h), used directly
 * with websession_touch(), websession_csrf_ok() and
 * websession_seconds_left().
 */
#ifndef MENTOR_KIOSK_SESSION_H
#define MENTOR_KIOSK_SESSION_H

#include <stdint.h>
#include <time.h>

#include "kiosk.h"
#include "oidc.h"
#include "websession.h"

#define SESSION_MAX	   64 /* sessions held at once */
#define SESSION_PAD_MAX	   24 /* keypad buffer, bytes with NUL */
#define SESSION_HASH_HEX   65 /* a hex SHA-256 and a NUL */
#define SESSION_NAME_MAX   128
#define SESSION_TOKEN_MAX  4096 /* a MitID ID token kept for sign-out */
#define SESSION_HOLD_AFTER 60	/* see session_hold() */
#define SESSION_COOKIE	   "kiosk_session"
#define SESSION_GRACE \
	5 /* seconds the server waits after the
					   page's own wipe is due */
#define SESSION_EXTENSIONS \
	10 /* times the absolute limit can be
					   extended (WCAG 2.2.1: at least 10) */

enum session_state {
	SESSION_ANON,	 /* not logged in, no code asked for */
	SESSION_PENDING, /* a code was asked for */
	SESSION_AUTH	 /* logged in */
};

/* The kiosk's payload of a web session. */
struct session {
	struct websession *web; /* id, CSRF token, times */
	char		   lang[3];
	int		   lang_chosen; /* the person picked it */
	enum session_state state;
	enum msg	   flash;      /* shown once */
	int		   tries_left; /* for MSG_CODE_WRONG */
	char		   cpr_pad[SESSION_PAD_MAX];
	char		   code_pad[SESSION_PAD_MAX];
	int64_t		   login_id; /* SESSION_PENDING */
	char		   cpr_hash[SESSION_HASH_HEX];
	int64_t		   citizen_id;	 /* SESSION_AUTH */
	int		   contact_kind; /* last "call me" outcome */
	int64_t		   contact_id;
	char		   contact_caller[SESSION_NAME_MAX];
	char actor[KIOSK_ACTOR_MAX];	  /* request_actor() of its site */
	struct oidc_login mitid;	  /* a MitID sign-in under way */
	time_t		  mitid_until;	  /* ... refused after this */
	int		  mitid_popup;	  /* ... in the start screen's pop-up */
	int		  broker_session; /* the broker knows the person */
	char id_token[SESSION_TOKEN_MAX]; /* the broker's; "" if none */
};

/*
 * Make the table with the limits (seconds) used by session_find() and
 * session_sweep().  Exits if out of memory (start-up only).
 */
void		session_init(int idle_limit, int max_age);

/* End every session and free the table. */
void		session_done(void);

void		session_lock(void);
void		session_unlock(void);

/*
 * The live session with this id (may be NULL), or NULL with *why saying
 * why not; an expired session is ended on the way.  Does not touch it.
 */
struct session *session_find(
    const char *id, time_t now, enum websession_end *why);

/*
 * A new anonymous session in Danish, ending the oldest session without a
 * login if the table is full.  NULL if the random generator failed or
 * every slot holds a logged-in session.
 */
struct session *session_new(time_t now);

/*
 * At login: give the session a new id and CSRF token (against session
 * fixation), start its absolute limit and extensions afresh from now
 * (time spent on the login screens does not count), and keep it from
 * being ended to make room.  Returns 0, or -1 if the random generator
 * failed.
 */
int		session_rotate(struct session *, time_t now);

/* Wipe and free the slot. */
void		session_end(struct session *);

/* End every session past its limits; returns how many ended. */
int		session_sweep(time_t now);

/*
 * Move the session's absolute limit to max_age seconds from now.
 * Returns 0, or -1 (nothing changed) after SESSION_EXTENSIONS times.
 */
int		session_extend(struct session *, time_t now);

/*
 * Keep the session from ending for idleness before until (a MitID
 * sign-in at the broker, whose pages send us nothing) and
 * SESSION_HOLD_AFTER seconds more, so a late answer still finds it and
 * is told why it is refused.
 */
void		session_hold(struct session *, time_t now, time_t until);

/* How many more times the session may be extended (>= 0). */
int		session_extensions_left(const struct session *);

#endif
