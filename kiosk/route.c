/*
 * route.c - the route table and the checks in front of every page.
 *
 * Order: method and Host (first callback), then for POST the body's size
 * and type; when the body is in: session, Origin, form, CSRF, the login
 * state the route needs; then the page.  A refused POST shows its own
 * screen again with a calm message and changes nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "clock.h"
#include "log.h"
#include "pages.h"
#include "route.h"

#define R_POST		0x01	/* POST (else GET and HEAD) */

struct route {
	const char	*path;
	int		 flags;
	enum screen	 screen;	/* its screen: login rules, refusals */
	page_handler	*fn;
};

enum route_id {
	ROUTE_START,
	ROUTE_LANG,
	ROUTE_CPR,
	ROUTE_CPR_POST,
	ROUTE_CODE,
	ROUTE_CODE_POST,
	ROUTE_AGREEMENT,
	ROUTE_CONTACT,
	ROUTE_CONTACT_POST,
	ROUTE_CONTACT_DONE,
	ROUTE_COMPLAINT,
	ROUTE_ACCESS,
	ROUTE_PRIVACY,
	ROUTE_LOGOUT,
	ROUTE_STILL_HERE,
	ROUTE_ACTIVE,
	ROUTE_TIMEOUT,
	ROUTE__MAX
};

static const struct route routes[ROUTE__MAX] = {
	[ROUTE_START] = { "/", 0, SCREEN_START, page_start },
	[ROUTE_LANG] = { "/lang", 0, SCREEN_START, page_lang },
	[ROUTE_CPR] = { "/cpr", 0, SCREEN_CPR, page_cpr },
	[ROUTE_CPR_POST] = { "/cpr", R_POST, SCREEN_CPR, page_cpr_post },
	[ROUTE_CODE] = { "/code", 0, SCREEN_CODE, page_code },
	[ROUTE_CODE_POST] = { "/code", R_POST, SCREEN_CODE, page_code_post },
	[ROUTE_AGREEMENT] = { "/agreement", 0, SCREEN_AGREEMENT, page_agreement },
	[ROUTE_CONTACT] = { "/call-me", 0, SCREEN_CONTACT, page_contact },
	[ROUTE_CONTACT_POST] = { "/call-me", R_POST, SCREEN_CONTACT,
	    page_contact_post },
	[ROUTE_CONTACT_DONE] = { "/call-me/done", 0, SCREEN_CONTACT_DONE,
	    page_contact_done },
	[ROUTE_COMPLAINT] = { "/complaints", 0, SCREEN_COMPLAINT, page_complaint },
	[ROUTE_ACCESS] = { "/access-log", 0, SCREEN_ACCESS, page_access },
	[ROUTE_PRIVACY] = { "/privacy", 0, SCREEN_PRIVACY, page_privacy },
	[ROUTE_LOGOUT] = { "/logout", R_POST, SCREEN_START, page_logout },
	[ROUTE_STILL_HERE] = { "/still-here", R_POST, SCREEN_START,
	    page_still_here },
	[ROUTE_ACTIVE] = { "/active", R_POST, SCREEN_START, page_active },
	[ROUTE_TIMEOUT] = { "/timeout", 0, SCREEN_START, page_timeout },
};

#define ASSETS_PREFIX	"/assets/"

/*
 * The route for the request's method and path: ROUTE__MAX when the path
 * is unknown; *other_method set when it exists for another method.
 */
static enum route_id
route_find(const struct request *req, int *other_method)
{
	int	 i, post = req->method == HTTP_POST;

	*other_method = 0;
	for (i = 0; i < ROUTE__MAX; i++) {
		if (strcmp(routes[i].path, req->url) != 0)
			continue;
		if (((routes[i].flags & R_POST) != 0) == post)
			return (enum route_id)i;
		*other_method = 1;
	}
	return ROUTE__MAX;
}

/*
 * 1 if the Host header names us (DNS rebinding guard).
 */
static int
route_host_ok(struct request *req)
{
	const char	*host = request_header(req, "Host");
	const char	*colon;
	size_t		 i;

	if (host == NULL)
		return 0;
	for (i = 0; i < req->k->nhosts; i++)
		if (strcasecmp(host, req->k->hosts[i]) == 0)
			return 1;
	if (req->k->any_host && (colon = strrchr(host, ':')) != NULL)
		return strtol(colon + 1, NULL, 10) == req->k->port;
	return 0;
}

/*
 * 1 if a POST comes from our own pages: Origin, when sent, must be our
 * scheme and Host; a browser's Sec-Fetch-Site must say same-origin.  A
 * client that sends neither is no browser and cannot be a cross-site
 * forgery.
 */
static int
route_origin_ok(struct request *req)
{
	const char	*origin = request_header(req, "Origin");
	const char	*site = request_header(req, "Sec-Fetch-Site");
	const char	*host = request_header(req, "Host");
	char		 want[KIOSK_HOST_MAX + 16];

	if (site != NULL && strcmp(site, "same-origin") != 0)
		return 0;
	if (origin == NULL)
		return 1;
	snprintf(want, sizeof(want), "%s://%s", req->k->tls ? "https" : "http",
	    host != NULL ? host : "");
	return strcasecmp(origin, want) == 0;
}

/*
 * Find the request's session from its cookie (under the session lock,
 * which route_finish() releases).
 */
static void
route_session(struct request *req)
{
	const char	*id;

	id = MHD_lookup_connection_value(req->conn, MHD_COOKIE_KIND,
	    SESSION_COOKIE);
	req->sess = session_find(id, req->now, &req->sess_why);
}

/*
 * Send a plain page with status (404, 405, 400) and log it.
 */
static enum MHD_Result
route_plain(struct request *req, unsigned int status)
{
	struct reply	 rep = { 0 };
	enum MHD_Result	 ret;

	session_lock();
	route_session(req);
	page_not_found(req, &rep, status);
	ret = http_send(req, &rep);
	session_unlock();
	log_debug("http: %s status=%u", req->url, status);
	return ret;
}

/*
 * Refuse a POST before its body is read: show its screen again with msg.
 */
static enum MHD_Result
route_refuse(struct request *req, enum route_id r, enum msg msg,
    unsigned int status)
{
	struct reply	 rep = { 0 };
	enum MHD_Result	 ret;

	req->refused = 1;
	session_lock();
	route_session(req);
	page_refused(req, &rep, routes[r].screen, msg, status);
	ret = http_send(req, &rep);
	session_unlock();
	log_info("http: refused %s status=%u", req->url, status);
	return ret;
}

/*
 * 1 if the POST body is a form we read.
 */
static int
route_form_type(struct request *req)
{
	const char	*type = request_header(req, "Content-Type");
	static const char want[] = "application/x-www-form-urlencoded";

	if (type == NULL)
		return 0;
	return strncasecmp(type, want, sizeof(want) - 1) == 0 &&
	    (type[sizeof(want) - 1] == '\0' || type[sizeof(want) - 1] == ';');
}

enum MHD_Result
route_begin(struct request *req)
{
	enum route_id	 r;
	int		 other;
	const char	*len;

	if (req->method == HTTP__MAX)
		return route_plain(req, MHD_HTTP_METHOD_NOT_ALLOWED);
	if (!route_host_ok(req)) {
		req->refused = 1;
		log_info("http: refused Host for %s", req->url);
		return route_plain(req, MHD_HTTP_BAD_REQUEST);
	}
	if (req->method != HTTP_POST)
		return MHD_YES;
	if ((r = route_find(req, &other)) == ROUTE__MAX) {
		req->refused = 1;
		return route_plain(req, other ? MHD_HTTP_METHOD_NOT_ALLOWED :
		    MHD_HTTP_NOT_FOUND);
	}
	len = request_header(req, "Content-Length");
	if (len != NULL && strtoull(len, NULL, 10) > HTTP_BODY_MAX)
		return route_refuse(req, r, MSG_TOO_BIG,
		    MHD_HTTP_CONTENT_TOO_LARGE);
	if (!route_form_type(req))
		return route_refuse(req, r, MSG_BAD_REQUEST,
		    MHD_HTTP_UNSUPPORTED_MEDIA_TYPE);
	return MHD_YES;
}

/*
 * Checks for a POST once its body is in.  Returns MSG_NONE, or the
 * message to refuse with; *status gets the HTTP status.
 */
static enum msg
route_post_checks(struct request *req, unsigned int *status)
{
	*status = MHD_HTTP_FORBIDDEN;
	if (!route_origin_ok(req)) {
		log_info("http: refused Origin for %s", req->url);
		return MSG_FORM_OLD;
	}
	if (form_parse(buf_str(&req->body), req->body.len, &req->form)
	    != FORM_OK) {
		*status = MHD_HTTP_BAD_REQUEST;
		return MSG_BAD_REQUEST;
	}
	if (req->sess == NULL ||
	    !session_csrf_ok(req->sess, request_field(req, "csrf"))) {
		log_info("http: refused CSRF token for %s", req->url);
		return MSG_FORM_OLD;
	}
	return MSG_NONE;
}

/*
 * The start screen, saying why the session ended if it just did.
 */
static const char *
route_gone(const struct request *req)
{
	if (req->sess_why == SESSION_IDLE)
		return "/?m=timeout";
	if (req->sess_why == SESSION_TOO_OLD)
		return "/?m=ended";
	return "/";
}

/*
 * Where to send someone whose session does not allow the screen, or
 * NULL when it does.
 */
static const char *
route_gate(struct request *req, enum screen screen)
{
	int		 flags = screens[screen].flags;
	struct session	*s = req->sess;

	if (flags & SCREEN_PERSONAL) {
		if (s != NULL && s->state == SESSION_AUTH)
			return NULL;
		return route_gone(req);
	}
	if (flags & SCREEN_PENDING) {
		if (s != NULL && s->state == SESSION_PENDING)
			return NULL;
		if (s != NULL && s->state == SESSION_AUTH)
			return "/agreement";
		return req->sess_why != SESSION_UNKNOWN ? route_gone(req) : "/cpr";
	}
	return NULL;
}

/*
 * Run route r for the request into rep (the session lock is held).
 */
static void
route_run(struct request *req, enum route_id r, struct reply *rep)
{
	enum msg	 msg;
	unsigned int	 status;
	const char	*gate;

	if (req->sess == NULL && ((routes[r].flags & R_POST) &&
	    req->sess_why != SESSION_UNKNOWN)) {
		reply_redirect(rep, route_gone(req));
		return;
	}
	if ((r == ROUTE_LOGOUT || r == ROUTE_STILL_HERE || r == ROUTE_ACTIVE) &&
	    req->sess == NULL) {
		reply_redirect(rep, route_gone(req));
		return;
	}
	if (routes[r].flags & R_POST) {
		if ((msg = route_post_checks(req, &status)) != MSG_NONE) {
			page_refused(req, rep, routes[r].screen, msg, status);
			return;
		}
	}
	if (r != ROUTE_LOGOUT && r != ROUTE_TIMEOUT &&
	    (gate = route_gate(req, routes[r].screen)) != NULL) {
		reply_redirect(rep, gate);
		return;
	}
	routes[r].fn(req, rep);
	if (req->sess != NULL)
		session_touch(req->sess, req->now);
}

enum MHD_Result
route_finish(struct request *req)
{
	struct reply	 rep = { 0 };
	enum route_id	 r;
	enum MHD_Result	 ret;
	int		 other;
	struct timespec	 t0, t1;

	if (strncmp(req->url, ASSETS_PREFIX, sizeof(ASSETS_PREFIX) - 1) == 0 &&
	    req->method != HTTP_POST)
		return assets_serve(req, req->url + sizeof(ASSETS_PREFIX) - 1);
	if (strcmp(req->url, "/favicon.ico") == 0)
		return assets_serve(req, NULL);
	if ((r = route_find(req, &other)) == ROUTE__MAX)
		return route_plain(req, other ? MHD_HTTP_METHOD_NOT_ALLOWED :
		    MHD_HTTP_NOT_FOUND);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	session_lock();
	route_session(req);
	route_run(req, r, &rep);
	ret = http_send(req, &rep);
	session_unlock();
	clock_gettime(CLOCK_MONOTONIC, &t1);
	log_debug("http: %s %s status=%u us=%ld", req->method == HTTP_POST ?
	    "POST" : "GET", req->url, rep.status,
	    (long)((t1.tv_sec - t0.tv_sec) * 1000000L +
	    (t1.tv_nsec - t0.tv_nsec) / 1000));
	return ret;
}

const char *
request_lang(const struct request *req)
{
	return req->sess != NULL ? req->sess->lang : "da";
}

struct session *
request_session(struct request *req, struct reply *rep)
{
	if (req->sess != NULL)
		return req->sess;
	if ((req->sess = session_new(req->now)) == NULL) {
		log_warnx("kiosk: no session could be made");
		return NULL;
	}
	rep->set_cookie = 1;
	return req->sess;
}
