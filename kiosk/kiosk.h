/*
 * kiosk.h - what the parts of the kiosk program share: the program's
 * state and the flash messages.
 *
 * The shape, one direction only: main.c starts the shared web server
 * (shared/web.c) with route.c's route_head() and route_serve(); route.c
 * holds the route table (shared/webroute.c), makes the checks and calls
 * a page_*.c handler; a page gets a struct kiosk_request (request.c:
 * the web request, this state, the session) and fills a struct
 * web_reply.  page.c is the layout and text helpers every page uses,
 * session.c the kiosk's payload of a shared web session
 * (shared/websession.c), login.c the SMS code login and login_desk.c
 * the desk code's, page_mitid.c the MitID sign-in, assets.c the static
 * files, site.c the lobbies of [site.NAME] under /s/NAME/.
 *
 * Threads: libmicrohttpd runs every request on one internal thread, so the
 * store connection in struct kiosk is used by that thread only.  The main
 * thread waits for signals and sweeps expired sessions; the session table
 * has its own lock (session.c).
 */
#ifndef MENTOR_KIOSK_H
#define MENTOR_KIOSK_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "buf.h"

/* The kiosk's name in audit and login rows: "[kiosk] id", or "id/SITE". */
#define KIOSK_ACTOR_MAX 64

struct config;
struct oidc_client;
struct store;
struct web_server;

struct kiosk {
	struct config	    *cfg;
	struct store	    *store;	/* the HTTP thread's connection */
	struct buf	     cpr_key;	/* HMAC key for CPR and code hashes */
	char		    *assets;	/* folder of static files */
	struct web_server   *web;	/* the HTTP server (web.h) */
	char		     csp[2560]; /* Content-Security-Policy value */
	/*
	 * [oidc.citizen] clients, NULL without MitID: one, or with sites
	 * one per site (index: the site's), each with the site's own
	 * redirect URIs.  page_mitid.c picks a request's.
	 */
	struct oidc_client **mitid;
	size_t		     nmitid;
};

/*
 * Messages shown once at the top of a screen (kept in the session until
 * shown) or chosen by the "m" query parameter on the start screen.
 */
enum msg {
	MSG_NONE,
	MSG_CPR_EMPTY,
	MSG_CPR_CHARS,
	MSG_CPR_LENGTH,
	MSG_CPR_DATE,
	MSG_LIMIT_CPR,
	MSG_LIMIT_KIOSK,
	MSG_LOCKED,
	MSG_CODE_FORMAT,
	MSG_CODE_WRONG,
	MSG_CODE_GONE,
	MSG_DESK_WRONG,
	MSG_DESK_LIMIT,
	MSG_FORM_OLD,
	MSG_TOO_BIG,
	MSG_BAD_REQUEST,
	MSG_ERROR,
	MSG_LOGGED_OUT,
	MSG_TIMED_OUT,
	MSG_SESSION_MAX,
	MSG_MITID_FAILED,
	MSG_MITID_LATE,
	MSG__MAX
};

#endif
