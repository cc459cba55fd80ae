/*
 * session - the console's server-side sessions.  The browser holds only
 * a random id in a cookie (HttpOnly, SameSite=Lax, Secure under TLS);
 * everything else stays here: the sign-in under way (state, nonce, PKCE
 * verifier), then who signed in, their CSRF token and the ID token for
 * the provider's sign-out.
 *
 * A session ends after [console] idle without a request, [console]
 * absolute after it was made, or at sign-out; an ended session is wiped.
 * Sign-in gives the browser a new id (a session id known before sign-in
 * is worth nothing after it).
 *
 * Only the HTTP thread touches the table (one internal thread), so there
 * is no lock; session_sweep() runs at the start of each request.
 */
#ifndef MENTOR_CONSOLE_SESSION_H
#define MENTOR_CONSOLE_SESSION_H

#include <stdint.h>
#include <time.h>

#include "oidc.h"

#define SESSION_MAX		1024	/* sessions at once */
#define SESSION_ID_LEN		OIDC_RANDOM_LEN	/* base64url and NUL */
#define SESSION_NAME_MAX	201
#define SESSION_COOKIE		"mlc"

struct session {
	char		 id[SESSION_ID_LEN];	/* "" = free slot */
	char		 csrf[SESSION_ID_LEN];
	time_t		 created;
	time_t		 seen;			/* last request */
	int		 signing_in;		/* login below is under way */
	struct oidc_login login;
	int		 signed_in;
	int64_t		 staff_id;
	int		 roles;			/* STAFF_ROLE_* bits */
	char		 name[SESSION_NAME_MAX];	/* the staff row's name */
	char		 user[SESSION_NAME_MAX];	/* the signed-in login */
	char		*id_token;		/* for id_token_hint; wiped */
};

/* Set the limits (seconds). */
void		 session_init(int idle, int absolute);

/*
 * A new session at now with fresh id and CSRF token.  Returns it, or
 * NULL when the table is full or the random generator failed.
 */
struct session	*session_new(time_t now);

/*
 * The live session whose id is the cookie value id (may be NULL), its
 * seen time set to now; NULL when there is none or it has expired (then
 * it is ended).
 */
struct session	*session_find(const char *id, time_t now);

/* Give s a new id (at sign-in).  Returns 0, or -1 (s is then ended). */
int		 session_renew(struct session *s);

/* End s: wipe it (the ID token too) and free its slot. */
void		 session_end(struct session *s);

/* End every session idle or too old at now; returns how many. */
int		 session_sweep(time_t now);

/* 1 if token is s's CSRF token (constant time); 0 for NULL. */
int		 session_csrf_ok(const struct session *s, const char *token);

#endif
