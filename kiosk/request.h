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

struct config;

struct kiosk_request {
	struct web_request *web;
	struct kiosk	   *k;
	struct session	   *sess;	/* NULL when none */
	enum websession_end sess_why;	/* why sess is NULL */
	enum msg	    msg;	/* shown instead of the flash */
	int		    set_cookie; /* send the session's cookie */
	int		    cookie_lax; /* ... SameSite=Lax (to MitID) */
	time_t		    now;
	int		    site; /* index in cfg->sites, -1: none (site.h) */
	char		    actor[KIOSK_ACTOR_MAX]; /* request_actor() */
	char		    lang[3]; /* without a session (request_lang()) */
};

/*
 * The kiosk's name in the audit and login rows of a request at site
 * (-1: none; an index in cfg->sites): "[kiosk] id", or "id/NAME" (see
 * site.h).  Returns 0, or -1 when it is longer than KIOSK_ACTOR_MAX - 1
 * (cut; site_check() refuses such a configuration at start).
 */
int  request_actor(const struct config *, int site, char out[KIOSK_ACTOR_MAX]);

/*
 * Start req for web at site (-1: none): find its session from the
 * cookie.  A session belongs to the site it began at; at another one
 * the request has none (only its language is kept, for the page and a
 * new session), and the other session shows nothing here.  Hold
 * session_lock() from here until the reply is made.
 */
void request_open(
    struct kiosk_request *, struct web_request *, struct kiosk *, int site);

/*
 * Put the session cookie into rep when the request made or renewed its
 * session; call last, still under the session lock.
 */
void		request_close(struct kiosk_request *, struct web_reply *);

/*
 * The language the request is answered in: the session's, else that of
 * the browser's session at another site, else "da".
 */
const char     *request_lang(const struct kiosk_request *);

/*
 * Give the request a session: its own, or a new one (its cookie is
 * sent with the reply).  Returns the session, or NULL if none could be
 * made.
 */
struct session *request_session(struct kiosk_request *);

#endif
