/*
 * kiosk.h - what the parts of the kiosk program share: the program's
 * state, the screens and the flash messages.
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

struct config;
struct store;
struct web_server;

struct kiosk {
	struct config	*cfg;
	struct store	*store;		/* the HTTP thread's connection */
	struct buf	 cpr_key;	/* HMAC key for CPR and code hashes */
	char		*assets;	/* folder of static files */
	struct web_server *web;		/* the HTTP server (web.h) */
	char		 csp[512];	/* Content-Security-Policy value */
};

/*
 * The screens a person can be on.  A screen has a path (GET shows it)
 * and a short name used in forms ("next" after the language switch or
 * the "still here" button).
 */
enum screen {
	SCREEN_START,
	SCREEN_CPR,
	SCREEN_CODE,
	SCREEN_AGREEMENT,
	SCREEN_CONTACT,
	SCREEN_CONTACT_DONE,
	SCREEN_COMPLAINT,
	SCREEN_ACCESS,
	SCREEN_PRIVACY,
	SCREEN__MAX
};

#define SCREEN_PERSONAL	0x01	/* shows citizen data: needs a login */
#define SCREEN_PENDING	0x02	/* needs a code request in progress */

struct screen_def {
	const char	*path;
	const char	*name;
	int		 flags;
};

extern const struct screen_def screens[SCREEN__MAX];

/* The screen called name, or SCREEN__MAX. */
enum screen	 screen_by_name(const char *name);

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
	MSG_FORM_OLD,
	MSG_TOO_BIG,
	MSG_BAD_REQUEST,
	MSG_ERROR,
	MSG_LOGGED_OUT,
	MSG_TIMED_OUT,
	MSG_SESSION_MAX,
	MSG__MAX
};

#endif
