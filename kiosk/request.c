/*
 * request.c - a kiosk request's session: found from the cookie, made
 * when a page needs one, its cookie set in the reply.  See request.h.
 */
#include <string.h>

#include "log.h"
#include "request.h"

void
request_open(
    struct kiosk_request *req, struct web_request *web, struct kiosk *k)
{
	memset(req, 0, sizeof(*req));
	req->web = web;
	req->k = k;
	req->now = web->now;
	req->sess = session_find(
	    web_cookie(web, SESSION_COOKIE), req->now, &req->sess_why);
}

void
request_close(struct kiosk_request *req, struct web_reply *rep)
{
	int (*set)(struct web_reply *, const char *, const char *) =
	    req->cookie_lax ? web_reply_cookie_lax : web_reply_cookie;

	if (req->set_cookie && req->sess != NULL &&
	    set(rep, SESSION_COOKIE, req->sess->web->id) == -1)
		log_warnx("kiosk: session cookie too long");
}

const char *
request_lang(const struct kiosk_request *req)
{
	return req->sess != NULL ? req->sess->lang : "da";
}

struct session *
request_session(struct kiosk_request *req)
{
	if (req->sess != NULL)
		return req->sess;
	if ((req->sess = session_new(req->now)) == NULL) {
		log_warnx("kiosk: no session could be made");
		return NULL;
	}
	req->set_cookie = 1;
	return req->sess;
}
