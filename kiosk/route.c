/*
 * route.c - the kiosk's route table and the checks in front of every
 * page.
 *
 * Order: method and Host (route_head), then for POST the body's size
 * and type; when the body is in (route_serve): session, Origin, form,
 * CSRF, the login state the route needs; then the page.  A refused POST
 * shows its own screen again with a calm message and changes nothing.
 */
#include <sys/socket.h>
#include <sys/types.h>

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <microhttpd.h>

#include "assets.h"
#include "config.h"
#include "log.h"
#include "pages.h"
#include "request.h"
#include "route.h"
#include "site.h"
#include "webroute.h"

#define R_SESSION   0x01 /* without a session: to the start screen */
#define R_ANY_STATE 0x02 /* open in any login state */
#define R_ROOT	    0x04 /* served at the top level with sites too (site.h) */
#define R_OPENER    0x08 /* with MitID: the sign-in's pop-up may show it */

/* A route, and the rules and page behind it (NULL: a static file). */
struct kiosk_route {
	struct webroute at;
	int		flags;
	enum screen	screen; /* its screen: login rules, refusals */
	page_handler   *fn;
};

enum route_id {
	ROUTE_START,
	ROUTE_LANG,
	ROUTE_CPR,
	ROUTE_CPR_POST,
	ROUTE_CODE,
	ROUTE_CODE_POST,
	ROUTE_DESK,
	ROUTE_DESK_POST,
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
	ROUTE_MITID,
	ROUTE_MITID_CALLBACK,
	ROUTE_MITID_SIGNED_OUT,
	ROUTE_MITID_REFUSED,
	ROUTE_MITID_DONE,
	ROUTE_MITID_CANCEL,
	ROUTE_ASSETS,
	ROUTE_FAVICON,
	ROUTE__MAX
};

#define ASSETS_PREFIX "/assets/"

static const struct kiosk_route routes[ROUTE__MAX] = {
	[ROUTE_START] = { { WEB_GET, "/", 0 }, R_ROOT | R_OPENER, SCREEN_START,
	    page_start },
	[ROUTE_LANG] = { { WEB_GET, "/lang", 0 }, R_ROOT, SCREEN_START,
	    page_lang },
	[ROUTE_CPR] = { { WEB_GET, "/cpr", 0 }, 0, SCREEN_CPR, page_cpr },
	[ROUTE_CPR_POST] = { { WEB_POST, "/cpr", 0 }, 0, SCREEN_CPR,
	    page_cpr_post },
	[ROUTE_CODE] = { { WEB_GET, "/code", 0 }, 0, SCREEN_CODE, page_code },
	[ROUTE_CODE_POST] = { { WEB_POST, "/code", 0 }, 0, SCREEN_CODE,
	    page_code_post },
	[ROUTE_DESK] = { { WEB_GET, "/desk", 0 }, 0, SCREEN_DESK,
	    page_desk_code },
	[ROUTE_DESK_POST] = { { WEB_POST, "/desk", 0 }, 0, SCREEN_DESK,
	    page_desk_post },
	[ROUTE_AGREEMENT] = { { WEB_GET, "/agreement", 0 }, 0, SCREEN_AGREEMENT,
	    page_agreement },
	[ROUTE_CONTACT] = { { WEB_GET, "/call-me", 0 }, 0, SCREEN_CONTACT,
	    page_contact },
	[ROUTE_CONTACT_POST] = { { WEB_POST, "/call-me", 0 }, 0, SCREEN_CONTACT,
	    page_contact_post },
	[ROUTE_CONTACT_DONE] = { { WEB_GET, "/call-me/done", 0 }, 0,
	    SCREEN_CONTACT_DONE, page_contact_done },
	[ROUTE_COMPLAINT] = { { WEB_GET, "/complaints", 0 }, 0,
	    SCREEN_COMPLAINT, page_complaint },
	[ROUTE_ACCESS] = { { WEB_GET, "/access-log", 0 }, 0, SCREEN_ACCESS,
	    page_access },
	[ROUTE_PRIVACY] = { { WEB_GET, "/privacy", 0 }, 0, SCREEN_PRIVACY,
	    page_privacy },
	[ROUTE_LOGOUT] = { { WEB_POST, "/logout", 0 }, R_SESSION | R_ANY_STATE,
	    SCREEN_START, page_logout },
	[ROUTE_STILL_HERE] = { { WEB_POST, "/still-here", 0 }, R_SESSION,
	    SCREEN_START, page_still_here },
	[ROUTE_ACTIVE] = { { WEB_POST, "/active", 0 }, R_SESSION, SCREEN_START,
	    page_active },
	[ROUTE_TIMEOUT] = { { WEB_GET, "/timeout", 0 }, R_ANY_STATE,
	    SCREEN_START, page_timeout },
	[ROUTE_MITID] = { { WEB_GET, "/mitid", 0 }, R_ANY_STATE | R_OPENER,
	    SCREEN_START, page_mitid },
	[ROUTE_MITID_CALLBACK] = { { WEB_GET, "/mitid/callback", 0 },
	    R_ANY_STATE | R_OPENER, SCREEN_START, page_mitid_callback },
	[ROUTE_MITID_SIGNED_OUT] = { { WEB_GET, "/mitid/signed-out", 0 },
	    R_ANY_STATE | R_OPENER, SCREEN_START, page_mitid_signed_out },
	[ROUTE_MITID_REFUSED] = { { WEB_GET, "/mitid/refused", 0 }, R_OPENER,
	    SCREEN_MITID_REFUSED, page_mitid_refused },
	[ROUTE_MITID_DONE] = { { WEB_GET, "/mitid/done", 0 }, R_OPENER,
	    SCREEN_MITID_DONE, page_mitid_done },
	[ROUTE_MITID_CANCEL] = { { WEB_GET, "/mitid/cancel", 0 }, R_ANY_STATE,
	    SCREEN_START, page_mitid_cancel },
	[ROUTE_ASSETS] = { { WEB_GET, ASSETS_PREFIX, 1 }, R_ROOT, SCREEN_START,
	    NULL },
	[ROUTE_FAVICON] = { { WEB_GET, "/favicon.ico", 0 }, R_ROOT,
	    SCREEN_START, NULL },
};

/*
 * The request's route, its site and the path below it into at; or
 * ROUTE__MAX with *status 404 or 405.  With sites, a path outside them
 * has only the R_ROOT routes.
 */
static enum route_id
route_find(const struct kiosk *k, const struct web_request *web,
    struct site_path *at, unsigned int *status)
{
	enum route_id r;

	site_mount(k->cfg, web->url, at);
	*status = MHD_HTTP_NOT_FOUND;
	if (at->where == SITE_UNKNOWN || at->where == SITE_SLASH)
		return ROUTE__MAX;
	r = (enum route_id)webroute_index(&routes[0].at, ROUTE__MAX,
	    sizeof(routes[0]), web->method, at->path, status);
	if (r != ROUTE__MAX && at->where == SITE_ROOT &&
	    !(routes[r].flags & R_ROOT)) {
		*status = MHD_HTTP_NOT_FOUND;
		return ROUTE__MAX;
	}
	return r;
}

/* Lock the sessions and start req for web at site. */
static void
route_open(struct kiosk_request *req, struct web_request *web, struct kiosk *k,
    int site)
{
	session_lock();
	request_open(req, web, k, site);
}

/* The reply is made: its cookie, the lock, the site's addresses. */
static void
route_close(struct kiosk_request *req, struct web_reply *rep)
{
	request_close(req, rep);
	session_unlock();
	site_rewrite(req->k->cfg, req->site, rep);
}

/*
 * Answer with the calm "not found" page and status (404, 405, 400).
 */
static enum web_next
route_plain(struct web_request *web, struct kiosk *k, struct web_reply *rep,
    unsigned int status, int site)
{
	struct kiosk_request req;

	route_open(&req, web, k, site);
	page_not_found(&req, rep, status);
	route_close(&req, rep);
	log_debug("http: %s status=%u", web->url, status);
	return WEB_ANSWER;
}

/*
 * Refuse a POST before its body is read: show its screen again with msg.
 */
static enum web_next
route_refuse(struct web_request *web, struct kiosk *k, struct web_reply *rep,
    enum route_id r, enum msg msg, unsigned int status, int site)
{
	struct kiosk_request req;

	route_open(&req, web, k, site);
	page_refused(&req, rep, routes[r].screen, msg, status);
	route_close(&req, rep);
	log_info("http: refused %s status=%u", web->url, status);
	return WEB_ANSWER;
}

enum web_next
route_head(struct web_request *web, struct web_reply *rep, void *kiosk)
{
	struct kiosk	*k = kiosk;
	struct site_path at;
	enum route_id	 r;
	unsigned int	 status;

	r = route_find(k, web, &at, &status);
	if (web->method == WEB_METHOD_OTHER)
		return route_plain(
		    web, k, rep, MHD_HTTP_METHOD_NOT_ALLOWED, at.site);
	if (!web_host_ok(web)) {
		log_info("http: refused Host for %s", web->url);
		return route_plain(web, k, rep, MHD_HTTP_BAD_REQUEST, at.site);
	}
	if (web->method != WEB_POST)
		return WEB_READ_BODY;
	if (r == ROUTE__MAX)
		return route_plain(web, k, rep, status, at.site);
	if (web_body_too_big(web))
		return route_refuse(web, k, rep, r, MSG_TOO_BIG,
		    MHD_HTTP_CONTENT_TOO_LARGE, at.site);
	if (!web_form_type_ok(web))
		return route_refuse(web, k, rep, r, MSG_BAD_REQUEST,
		    MHD_HTTP_UNSUPPORTED_MEDIA_TYPE, at.site);
	return WEB_READ_BODY;
}

/*
 * Checks for a POST once its body is in.  Returns MSG_NONE, or the
 * message to refuse with; *status gets the HTTP status.
 */
static enum msg
route_post_checks(struct kiosk_request *req, unsigned int *status)
{
	*status = MHD_HTTP_FORBIDDEN;
	if (!web_origin_ok(req->web)) {
		log_info("http: refused Origin for %s", req->web->url);
		return MSG_FORM_OLD;
	}
	if (web_form_parse(req->web) != FORM_OK) {
		*status = MHD_HTTP_BAD_REQUEST;
		return MSG_BAD_REQUEST;
	}
	if (req->sess == NULL ||
	    !websession_csrf_ok(req->sess->web, web_field(req->web, "csrf"))) {
		log_info("http: refused CSRF token for %s", req->web->url);
		return MSG_FORM_OLD;
	}
	return MSG_NONE;
}

/*
 * The start screen, saying why the session ended if it just did.
 */
static const char *
route_gone(const struct kiosk_request *req)
{
	if (req->sess_why == WEBSESSION_IDLE)
		return "/?m=timeout";
	if (req->sess_why == WEBSESSION_TOO_OLD)
		return "/?m=ended";
	return "/";
}

/*
 * Where to send someone whose session does not allow the screen, or
 * NULL when it does.
 */
static const char *
route_gate(struct kiosk_request *req, enum screen screen)
{
	int		flags = screens[screen].flags;
	struct session *s = req->sess;

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
		return req->sess_why != WEBSESSION_UNKNOWN ? route_gone(req)
							   : "/cpr";
	}
	return NULL;
}

/*
 * Run route r for the request into rep (the session lock is held).
 */
static void
route_run(struct kiosk_request *req, enum route_id r, struct web_reply *rep)
{
	const struct kiosk_route *route = &routes[r];
	int			  post = route->at.method == WEB_POST;
	enum msg		  msg;
	unsigned int		  status;
	const char		 *gate;
	page_handler		 *fn = route->fn;

	if (req->sess == NULL &&
	    ((post && req->sess_why != WEBSESSION_UNKNOWN) ||
		(route->flags & R_SESSION))) {
		web_redirect(rep, route_gone(req));
		return;
	}
	if (post && (msg = route_post_checks(req, &status)) != MSG_NONE) {
		page_refused(req, rep, route->screen, msg, status);
		return;
	}
	if (!(route->flags & R_ANY_STATE) &&
	    (gate = route_gate(req, route->screen)) != NULL) {
		web_redirect(rep, gate);
		return;
	}
	if (r == ROUTE_START && req->site < 0 && req->k->cfg->nsites > 0)
		fn = page_sites;
	/* Before the page, which may hold the session longer (MitID). */
	if (req->sess != NULL)
		websession_touch(req->sess->web, req->now);
	fn(req, rep);
}

void
route_serve(struct web_request *web, struct web_reply *rep, void *kiosk)
{
	struct kiosk	    *k = kiosk;
	struct kiosk_request req;
	struct site_path     at;
	enum route_id	     r;
	unsigned int	     status;
	char		     slash[WEB_LOCATION_MAX];

	if ((r = route_find(k, web, &at, &status)) == ROUTE__MAX) {
		if (at.where == SITE_SLASH &&
		    snprintf(slash, sizeof(slash), "%s/", web->url) <
			(int)sizeof(slash)) {
			web_redirect(rep, slash);
			return;
		}
		if (at.where == SITE_UNKNOWN)
			log_info("kiosk: no such site: %s", web->url);
		route_plain(web, k, rep, status, at.site);
		return;
	}
	if (r == ROUTE_ASSETS) {
		assets_serve(rep, k->assets, at.path + strlen(ASSETS_PREFIX));
		return;
	}
	if (r == ROUTE_FAVICON) {
		assets_serve(rep, k->assets, NULL);
		return;
	}
	/* The pop-up loses its opener through any other opener policy. */
	if ((routes[r].flags & R_OPENER) && config_kiosk_login(k->cfg, "mitid"))
		rep->opener_open = 1;
	route_open(&req, web, k, at.site);
	route_run(&req, r, rep);
	route_close(&req, rep);
}
