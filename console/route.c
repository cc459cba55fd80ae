/*
 * route.c - the console's route table and the checks every request
 * passes (see route.h).
 */
#include <string.h>

#include "clock.h"
#include "log.h"
#include "pages.h"
#include "route.h"
#include "webroute.h"
#include "websign.h"

#define R_SIGNED_IN 0x01 /* needs a signed-in session */
#define R_SESSION   0x02 /* uses the session if there is one */
#define R_UPLOAD    0x04 /* a file upload: multipart, up to UPLOAD_MAX */

#define UPLOAD_MAX (4 * 1024 * 1024) /* an import file, bytes */

struct console_route {
	struct webroute at;
	int		flags;
	page_fn	       *fn;
};

enum route_id {
	ROUTE_REQUESTS,
	ROUTE_ACK,
	ROUTE_ABSENCE,
	ROUTE_ABSENCE_POST,
	ROUTE_CITIZENS,
	ROUTE_CITIZEN,
	ROUTE_STAFF,
	ROUTE_OUTBOX,
	ROUTE_DESK,
	ROUTE_DESK_POST,
	ROUTE_AUDIT_EXPORT,
	ROUTE_ERASE,
	ROUTE_ERASE_POST,
	ROUTE_IMPORT,
	ROUTE_IMPORT_POST,
	ROUTE_IMPORT_APPLY,
	ROUTE_SIGNIN,
	ROUTE_CALLBACK,
	ROUTE_SIGNOUT,
	ROUTE_SIGNED_OUT,
	ROUTE_CSS,
	ROUTE_FAVICON,
	ROUTE_NOTE,
	ROUTE_REASSIGN,
	ROUTE_AGREEMENT,
	ROUTE_AGREEMENT_POST,
	ROUTE_AGREEMENT_NEW,
	ROUTE_AGREEMENT_CREATE,
	ROUTE_AGREEMENT_EXTEND,
	ROUTE_AGREEMENT_END,
	ROUTE_MEETING_NEW,
	ROUTE_MEETING_ADD,
	ROUTE_MEETING,
	ROUTE_MEETING_MOVE,
	ROUTE_MEETING_CANCEL,
	ROUTE_STAFF_EDIT,
	ROUTE_STAFF_SAVE,
	ROUTE__MAX
};

static const struct console_route routes[ROUTE__MAX] = {
	[ROUTE_REQUESTS] = { { WEB_GET, "/", 0 }, R_SIGNED_IN, page_requests },
	[ROUTE_ACK] = { { WEB_POST, "/ack", 0 }, R_SIGNED_IN, page_ack },
	[ROUTE_ABSENCE] = { { WEB_GET, "/absence", 0 }, R_SIGNED_IN,
	    page_absence },
	[ROUTE_ABSENCE_POST] = { { WEB_POST, "/absence", 0 }, R_SIGNED_IN,
	    page_absence_post },
	[ROUTE_CITIZENS] = { { WEB_GET, "/citizens", 0 }, R_SIGNED_IN,
	    page_citizens },
	[ROUTE_CITIZEN] = { { WEB_GET, "/citizen", 0 }, R_SIGNED_IN,
	    page_citizen },
	[ROUTE_STAFF] = { { WEB_GET, "/staff", 0 }, R_SIGNED_IN, page_staff },
	[ROUTE_OUTBOX] = { { WEB_GET, "/outbox", 0 }, R_SIGNED_IN,
	    page_outbox },
	[ROUTE_DESK] = { { WEB_GET, "/desk", 0 }, R_SIGNED_IN, page_desk },
	[ROUTE_DESK_POST] = { { WEB_POST, "/desk", 0 }, R_SIGNED_IN,
	    page_desk_post },
	[ROUTE_AUDIT_EXPORT] = { { WEB_GET, "/audit-export", 0 }, R_SIGNED_IN,
	    page_audit_export },
	[ROUTE_ERASE] = { { WEB_GET, "/erase", 0 }, R_SIGNED_IN, page_erase },
	[ROUTE_ERASE_POST] = { { WEB_POST, "/erase", 0 }, R_SIGNED_IN,
	    page_erase_post },
	[ROUTE_IMPORT] = { { WEB_GET, "/import", 0 }, R_SIGNED_IN,
	    page_import },
	[ROUTE_IMPORT_POST] = { { WEB_POST, "/import", 0 },
	    R_SIGNED_IN | R_UPLOAD, page_import_post },
	[ROUTE_IMPORT_APPLY] = { { WEB_POST, "/import/apply", 0 }, R_SIGNED_IN,
	    page_import_apply },
	[ROUTE_SIGNIN] = { { WEB_GET, "/signin", 0 }, R_SESSION, page_signin },
	[ROUTE_CALLBACK] = { { WEB_GET, "/callback", 0 }, R_SESSION,
	    page_callback },
	[ROUTE_SIGNOUT] = { { WEB_POST, "/signout", 0 }, R_SIGNED_IN,
	    page_signout },
	[ROUTE_SIGNED_OUT] = { { WEB_GET, "/signed-out", 0 }, 0,
	    page_signed_out },
	[ROUTE_CSS] = { { WEB_GET, "/console.css", 0 }, 0, page_css },
	[ROUTE_FAVICON] = { { WEB_GET, "/favicon.ico", 0 }, 0, page_no_icon },
	[ROUTE_NOTE] = { { WEB_POST, "/note", 0 }, R_SIGNED_IN, page_note },
	[ROUTE_REASSIGN] = { { WEB_POST, "/reassign", 0 }, R_SIGNED_IN,
	    page_reassign },
	[ROUTE_AGREEMENT] = { { WEB_GET, "/agreement", 0 }, R_SIGNED_IN,
	    page_agreement },
	[ROUTE_AGREEMENT_POST] = { { WEB_POST, "/agreement", 0 }, R_SIGNED_IN,
	    page_agreement_post },
	[ROUTE_AGREEMENT_NEW] = { { WEB_GET, "/agreement/new", 0 }, R_SIGNED_IN,
	    page_agreement_new },
	[ROUTE_AGREEMENT_CREATE] = { { WEB_POST, "/agreement/new", 0 },
	    R_SIGNED_IN, page_agreement_create },
	[ROUTE_AGREEMENT_EXTEND] = { { WEB_POST, "/agreement/extend", 0 },
	    R_SIGNED_IN, page_agreement_extend },
	[ROUTE_AGREEMENT_END] = { { WEB_POST, "/agreement/end", 0 },
	    R_SIGNED_IN, page_agreement_end },
	[ROUTE_MEETING_NEW] = { { WEB_GET, "/meeting/new", 0 }, R_SIGNED_IN,
	    page_meeting_new },
	[ROUTE_MEETING_ADD] = { { WEB_POST, "/meeting/new", 0 }, R_SIGNED_IN,
	    page_meeting_add },
	[ROUTE_MEETING] = { { WEB_GET, "/meeting", 0 }, R_SIGNED_IN,
	    page_meeting },
	[ROUTE_MEETING_MOVE] = { { WEB_POST, "/meeting/move", 0 }, R_SIGNED_IN,
	    page_meeting_move },
	[ROUTE_MEETING_CANCEL] = { { WEB_POST, "/meeting/cancel", 0 },
	    R_SIGNED_IN, page_meeting_cancel },
	[ROUTE_STAFF_EDIT] = { { WEB_GET, "/staff/edit", 0 }, R_SIGNED_IN,
	    page_staff_edit },
	[ROUTE_STAFF_SAVE] = { { WEB_POST, "/staff/edit", 0 }, R_SIGNED_IN,
	    page_staff_save },
};

/* The route of the request, or ROUTE__MAX with *status 404 or 405. */
static enum route_id
route_find(const struct web_request *web, unsigned int *status)
{
	return (enum route_id)webroute_index(&routes[0].at, ROUTE__MAX,
	    sizeof(routes[0]), web->method, web->url, status);
}

/* Answer with an error page at once. */
static enum web_next
route_refuse(
    struct creq *r, unsigned int status, const char *title, const char *text)
{
	page_error(r, status, title, text);
	log_info("console: refused %s status=%u", r->web->url, status);
	return WEB_ANSWER;
}

/* See route.h. */
enum web_next
route_head(struct web_request *web, struct web_reply *rep, void *console)
{
	struct creq   r = { console, web, rep, NULL, web->now };
	unsigned int  status;
	enum route_id id;

	if (!web_host_ok(web))
		return route_refuse(&r, 400, "Forkert adresse",
		    "Siden kan ikke vises på denne adresse.");
	if ((id = route_find(web, &status)) == ROUTE__MAX)
		return route_refuse(&r, status, "Siden findes ikke",
		    "Gå til forsiden og prøv igen.");
	if (web->method != WEB_POST)
		return WEB_READ_BODY;
	if (routes[id].flags & R_UPLOAD)
		web_body_limit(web, UPLOAD_MAX);
	if (web_body_too_big(web))
		return route_refuse(&r, 413, "For meget tekst",
		    "Formularen var for stor. Prøv igen med kortere tekst.");
	if ((routes[id].flags & R_UPLOAD) && web_multipart_ok(web))
		return WEB_READ_BODY;
	if (!web_form_type_ok(web))
		return route_refuse(&r, 415, "Forkert formular",
		    "Formularen kunne ikke læses.");
	return WEB_READ_BODY;
}

/*
 * The checks of a POST: a form we can read, from our own pages, with the
 * session's CSRF token.  Returns 1, or 0 with the refusal in r->rep.
 */
static int
route_post_ok(struct creq *r)
{
	if (web_form_parse(r->web) != FORM_OK) {
		route_refuse(
		    r, 400, "Forkert formular", "Formularen kunne ikke læses.");
		return 0;
	}
	if (!web_origin_ok(r->web) ||
	    !session_csrf_ok(r->s, web_field(r->web, "csrf"))) {
		route_refuse(r, 403, "Formularen er for gammel",
		    "Gå tilbage, hent siden igen og prøv igen.");
		return 0;
	}
	return 1;
}

/*
 * Send a browser that is not signed in to /signin, with the page it asked
 * for as next= (page_signin() checks it again before it is kept).
 */
static void
route_to_signin(struct creq *r)
{
	struct buf path = { 0 }, url = { 0 };

	buf_puts(&path, r->web->url);
	if (web_query_string(r->web, &path, SESSION_NEXT_MAX) == 0 &&
	    path.len < SESSION_NEXT_MAX && strcmp(r->web->url, "/") != 0) {
		buf_puts(&url, "/signin?next=");
		websign_urlencode(buf_str(&path), &url);
		web_redirect(r->rep, buf_str(&url));
	} else
		web_redirect(r->rep, "/signin");
	buf_free(&path);
	buf_free(&url);
}

/* The request with the session table held (route_serve()). */
static void
route_serve_locked(
    struct web_request *web, struct web_reply *rep, void *console)
{
	struct creq   r = { console, web, rep, NULL, web->now };
	unsigned int  status;
	enum route_id id;

	if ((id = route_find(web, &status)) == ROUTE__MAX) {
		route_refuse(&r, status, "Siden findes ikke",
		    "Gå til forsiden og prøv igen.");
		return;
	}
	session_sweep(r.now);
	if (routes[id].flags & (R_SIGNED_IN | R_SESSION))
		r.s = session_find(web_cookie(web, SESSION_COOKIE), r.now);
	if ((routes[id].flags & R_SIGNED_IN) &&
	    (r.s == NULL || !r.s->signed_in)) {
		r.s = NULL;
		if (web->method == WEB_POST)
			route_refuse(&r, 403, "Du er ikke logget ind",
			    "Log ind og prøv igen.");
		else
			route_to_signin(&r);
		return;
	}
	if (web->method == WEB_POST && !route_post_ok(&r))
		return;
	routes[id].fn(&r);
}

/* See route.h. */
void
route_serve(struct web_request *web, struct web_reply *rep, void *console)
{
	session_lock();
	route_serve_locked(web, rep, console);
	session_unlock();
}
