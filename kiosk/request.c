/*
 * request.c - a kiosk request's session: found from the cookie, made
 * when a page needs one, its cookie set in the reply.  See request.h.
 */
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "config_site.h"
#include "log.h"
#include "request.h"

int
request_actor(const struct config *cfg, int site, char out[KIOSK_ACTOR_MAX])
{
	int n;

	if (site < 0)
		n = snprintf(out, KIOSK_ACTOR_MAX, "%s", cfg->kiosk_id);
	else
		n = snprintf(out, KIOSK_ACTOR_MAX, "%s/%s", cfg->kiosk_id,
		    cfg->sites[site].name);
	return n >= 0 && n < KIOSK_ACTOR_MAX ? 0 : -1;
}

void
request_open(struct kiosk_request *req, struct web_request *web,
    struct kiosk *k, int site)
{
	memset(req, 0, sizeof(*req));
	req->web = web;
	req->k = k;
	req->now = web->now;
	req->site = site;
	request_actor(k->cfg, site, req->actor);
	memcpy(req->lang, "da", 3);
	req->sess = session_find(
	    web_cookie(web, SESSION_COOKIE), req->now, &req->sess_why);
	if (req->sess != NULL && strcmp(req->sess->actor, req->actor) != 0) {
		memcpy(req->lang, req->sess->lang, sizeof(req->lang));
		req->sess = NULL;
		req->sess_why = WEBSESSION_UNKNOWN;
	}
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
	return req->sess != NULL ? req->sess->lang : req->lang;
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
	memcpy(req->sess->actor, req->actor, sizeof(req->sess->actor));
	memcpy(req->sess->lang, req->lang, sizeof(req->sess->lang));
	req->set_cookie = 1;
	return req->sess;
}
