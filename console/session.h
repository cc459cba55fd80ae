/*
 * session - the console's part of a session: what it keeps on the server
 * with each browser, as the payload of a shared/websession.h session
 * (which holds the random id the cookie carries, the CSRF token and the
 * idle and absolute limits).  The cookie is HttpOnly, SameSite=Lax
 * (web_reply_cookie_lax()) and Secure under TLS.
 *
 * Kept here: the sign-in under way (state, nonce, PKCE verifier), then
 * who signed in and the ID token for the provider's sign-out.  A session
 * ends after [console] idle without a request, [console] absolute after
 * sign-in, or at sign-out; ending wipes it.  Sign-in gives the browser a
 * new id (a session id known before sign-in is worth nothing after).
 *
 * The table is the shared module's; route.c holds session_lock() while a
 * request uses a session.
 */
#ifndef MENTOR_CONSOLE_SESSION_H
#define MENTOR_CONSOLE_SESSION_H

#include <stdint.h>
#include <time.h>

#include "oidc.h"

#define SESSION_MAX	  1024 /* sessions at once */
#define SESSION_NAME_MAX  201
#define SESSION_TOKEN_MAX 4096 /* an ID token kept for sign-out */
#define SESSION_COOKIE	  "mlc"
#define SESSION_NEXT_MAX  256 /* the page asked for before sign-in */

struct websession;

struct session {
	struct websession *ws;	       /* id, csrf, times */
	int		   signing_in; /* login below is under way */
	struct oidc_login  login;
	char		   next[SESSION_NEXT_MAX]; /* "" or a path of ours */
	int		   signed_in;
	int64_t		   staff_id;
	int		   roles;		   /* STAFF_ROLE_* bits */
	char		   name[SESSION_NAME_MAX]; /* the staff row's name */
	char		   user[SESSION_NAME_MAX]; /* the signed-in login */
	char		   id_token[SESSION_TOKEN_MAX]; /* "" if too long */
};

/* Make the table with these limits (seconds).  Exits on failure. */
void		session_init(int idle, int absolute);
void		session_lock(void);
void		session_unlock(void);

/*
 * A new session at now.  Returns it, or NULL when the table is full of
 * signed-in sessions or the random generator failed.
 */
struct session *session_new(time_t now);

/*
 * The live session whose id is the cookie value id (may be NULL), marked
 * active at now; NULL when there is none or it has expired (then it is
 * ended).
 */
struct session *session_find(const char *id, time_t now);

/*
 * Sign-in: a new id and CSRF token, the absolute limit from now, and the
 * session kept when the table is full.  Returns 0, or -1 (s is then
 * ended).
 */
int		session_renew(struct session *s, time_t now);

/* End s: wipe it (the ID token too) and free its slot. */
void		session_end(struct session *s);

/* End every session idle or too old at now; returns how many. */
int		session_sweep(time_t now);

/* The cookie value and the CSRF token of s. */
const char     *session_id(const struct session *s);
const char     *session_csrf(const struct session *s);

/* 1 if token is s's CSRF token (constant time); 0 for NULL. */
int		session_csrf_ok(const struct session *s, const char *token);

#endif
