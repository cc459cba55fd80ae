/*
 * request - what a kiosk page gets besides the web request: the
 * program's state, the person's session (locked for the request) and
 * the message to show.  Pages read the request itself through web.h
 * (web_field(), web_query()) and answer in a struct web_reply.
 */
#ifndef MENTOR_KIOSK_REQUEST_H
#define MENTOR_KIOSK_REQUEST_H

#include <time.h>

#include "kiosk.h"
#include "session.h"
#include "web.h"

struct kiosk_request {
	struct web_request *web;
	struct kiosk	   *k;
	struct session	   *sess;	/* NULL when none */
	enum websession_end sess_why;	/* why sess is NULL */
	enum msg	    msg;	/* shown instead of the flash */
	int		    set_cookie; /* send the session's cookie */
	int		    cookie_lax; /* ... SameSite=Lax (to MitID) */
	time_t		    now;
};

/*
 * Start req for web: find its session from the cookie.  Hold
 * session_lock() from here until the reply is made.
 */
void request_open(struct kiosk_request *, struct web_request *, struct kiosk *);

/*
 * Put the session cookie into rep when the request made or renewed its
 * session; call last, still under the session lock.
 */
void request_close(struct kiosk_request *, struct web_reply *);

/* The language the request is answered in: the session's, else "da". */
const char     *request_lang(const struct kiosk_request *);

/*
 * Give the request a session: its own, or a new one (its cookie is
 * sent with the reply).  Returns the session, or NULL if none could be
 * made.
 */
struct session *request_session(struct kiosk_request *);

#endif
