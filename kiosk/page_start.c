/*
 * page_start.c - the start screen and the session's coming and going:
 * language, log out, "still here", timeout, and showing a screen again
 * for a refused request.
 */
#include <stdio.h>
#include <string.h>

#include <microhttpd.h>

#include "config.h"
#include "i18n.h"
#include "lang.h"
#include "log.h"
#include "pages.h"
#include "site.h"
#include "store.h"
#include "templates.h"

/* Messages the start screen shows for ?m=... */
static const struct {
	const char *name;
	enum msg    msg;
} start_msgs[] = {
	{ "logout", MSG_LOGGED_OUT },
	{ "timeout", MSG_TIMED_OUT },
	{ "ended", MSG_SESSION_MAX },
	{ "mitid", MSG_MITID_FAILED },
	{ "mitid-late", MSG_MITID_LATE },
};

/* Each screen's GET handler, to show it again with a message. */
static page_handler *const screen_pages[SCREEN__MAX] = {
	[SCREEN_START] = page_start,
	[SCREEN_CPR] = page_cpr,
	[SCREEN_CODE] = page_code,
	[SCREEN_DESK] = page_desk_code,
	[SCREEN_AGREEMENT] = page_agreement,
	[SCREEN_CONTACT] = page_contact,
	[SCREEN_CONTACT_DONE] = page_contact_done,
	[SCREEN_COMPLAINT] = page_complaint,
	[SCREEN_ACCESS] = page_access,
	[SCREEN_PRIVACY] = page_privacy,
	[SCREEN_MITID_REFUSED] = page_mitid_refused,
	[SCREEN_MITID_DONE] = page_mitid_done,
};

/*
 * How to sign in, for the ways [kiosk] login offers: MitID, the code by
 * SMS, or both.
 */
static const char *
start_how(struct page *p)
{
	const struct config *cfg = p->req->k->cfg;

	if (!config_kiosk_login(cfg, "mitid"))
		return tr(p,
		    N_("Du skal bruge dit CPR-nummer og din mobiltelefon. Vi sender en kode til dig på SMS."));
	if (!config_kiosk_login(cfg, "sms"))
		return tr(p, N_("Du logger ind med MitID."));
	return tr(p,
	    N_("Log ind med MitID. Eller brug dit CPR-nummer og din mobiltelefon, så sender vi en kode til dig på SMS."));
}

/*
 * The start screen's sign-in buttons, MitID first: with the code alone
 * its button says just "Start".  The MitID button carries the sign-in's
 * time limit for kiosk.js, which runs the sign-in in a pop-up.
 */
static void
start_logins(struct page *p, struct buf *out)
{
	const struct config *cfg = p->req->k->cfg;
	int		     mitid = config_kiosk_login(cfg, "mitid");
	char		     timeout[16];
	struct template_var  m[] = {
		 { "href", "/mitid" },
		 { "timeout", timeout },
		 { "text", tr(p, N_("Log ind med MitID")) },
	};
	struct template_var v[] = {
		{ "href", "/cpr" },
		{ "class", mitid ? "button-secondary" : "button-primary" },
		{ "text",
		    mitid ? tr(p, N_("Log ind med kode på SMS"))
			  : tr(p, N_("Start")) },
	};

	snprintf(timeout, sizeof(timeout), "%d", cfg->kiosk_mitid_timeout);
	if (mitid)
		page_render(out, tpl_login_mitid_html, m, NVARS(m));
	if (!config_kiosk_login(cfg, "sms"))
		return;
	page_render(out, tpl_login_button_html, v, NVARS(v));
	page_set(v, NVARS(v), "href", "/desk");
	page_set(v, NVARS(v), "class", "button-secondary");
	page_set(
	    v, NVARS(v), "text", tr(p, N_("Jeg har fået en kode i skranken")));
	page_render(out, tpl_login_button_html, v, NVARS(v));
}

/*
 * With MitID: the hidden block kiosk.js shows in place of the start
 * screen while the sign-in is in its pop-up.
 */
static void
start_mitid_wait(struct page *p, struct buf *out)
{
	struct template_var v[] = {
		{ "t_heading", tr(p, N_("MitID er åbnet i et nyt vindue")) },
		{ "t_text",
		    tr(p,
			N_("Log ind med MitID i det nye vindue. Så kommer du tilbage hertil.")) },
		{ "t_cancel", tr(p, N_("Afbryd")) },
	};

	if (config_kiosk_login(p->req->k->cfg, "mitid"))
		page_render(out, tpl_mitid_wait_html, v, NVARS(v));
}

void
page_start(struct kiosk_request *req, struct web_reply *rep)
{
	struct page p;
	const char *m = web_query(req->web, "m");
	size_t	    i;
	struct buf  site = { 0 };

	page_open(&p, req, rep, SCREEN_START);
	for (i = 0; m != NULL && i < sizeof(start_msgs) / sizeof(start_msgs[0]);
	     i++)
		if (strcmp(m, start_msgs[i].name) == 0)
			p.msg = start_msgs[i].msg;
	{
		struct template_var d[] = {
			{ "desk", page_desk(&p) },
		};
		struct template_var v[] = {
			{ "t_heading",
			    tr(&p, N_("Se din aftale om mentorstøtte")) },
			{ "t_lead", tr(&p, N_("Her kan du se:")) },
			{ "t_item_mentor",
			    tr(&p,
				N_("hvem din mentor er, og hvordan du får fat i din mentor")) },
			{ "t_item_agreement",
			    tr(&p,
				N_("hvad I har aftalt: mål, opgaver, periode og timer")) },
			{ "t_item_meetings", tr(&p, N_("dine næste møder")) },
			{ "t_item_call",
			    tr(&p,
				N_("en knap, så din mentor ringer til dig")) },
			{ "t_item_complain", tr(&p, N_("hvordan du klager")) },
			{ "t_how", start_how(&p) },
			{ "logins", "" },
			{ "t_help",
			    page_fmt(&p,
				N_("Har du brug for hjælp? Spørg ved {desk}."),
				d, NVARS(d)) },
			{ "t_privacy",
			    tr(&p, N_("Sådan passer vi på dine oplysninger")) },
			{ "site", NULL },
			{ "mitid_wait", NULL },
		};

		site_facts(&p, &site);
		page_set(v, NVARS(v), "site", buf_str(&site));
		struct buf logins = { 0 }, wait = { 0 };

		start_logins(&p, &logins);
		start_mitid_wait(&p, &wait);
		page_set(v, NVARS(v), "logins", buf_str(&logins));
		page_set(v, NVARS(v), "mitid_wait", buf_str(&wait));
		page_render(&p.content, tpl_start_html, v, NVARS(v));
		buf_free(&logins);
		buf_free(&wait);
	}
	buf_free(&site);
	page_close(&p);
}

void
page_lang(struct kiosk_request *req, struct web_reply *rep)
{
	const char     *to = web_query(req->web, "to");
	enum screen	back = screen_by_name(web_query(req->web, "back"));
	struct session *s;

	if (back == SCREEN__MAX)
		back = SCREEN_START;
	if (to != NULL && lang_index(to) >= 0 && strlen(to) < sizeof(s->lang) &&
	    i18n_has_language(to) && (s = request_session(req)) != NULL) {
		memcpy(s->lang, to, strlen(to) + 1);
		s->lang_chosen = 1;
	}
	web_redirect(rep, screens[back].path);
}

/*
 * End the request's session (audited with detail when logged in) and go
 * to the start screen with message m (start_msgs; NULL: none), through
 * the MitID broker's sign-out when the session signed in there.
 */
static void
page_end_session(struct kiosk_request *req, struct web_reply *rep,
    const char *action, const char *detail, const char *m)
{
	struct session *s = req->sess;
	struct buf	url = { 0 }, target = { 0 };
	int		broker;

	if (s != NULL && s->state == SESSION_AUTH &&
	    store_audit(req->k->store, req->now, "kiosk", s->actor, action,
		s->citizen_id, "citizen_self_service", detail) != STORE_OK)
		log_warnx("kiosk: audit %s failed", action);
	broker = mitid_end_url(req, m != NULL ? m : "logout", &url) == 0;
	if (s != NULL)
		session_end(s);
	req->sess = NULL;
	web_reply_clear_cookie(rep, SESSION_COOKIE);
	rep->clear_site = 1;
	buf_puts(&target, "/");
	if (m != NULL)
		buf_printf(&target, "?m=%s", m);
	if (!broker || web_redirect_url(rep, buf_str(&url)) == -1)
		web_redirect(rep, buf_str(&target));
	buf_free(&url);
	buf_free(&target);
}

void
page_logout(struct kiosk_request *req, struct web_reply *rep)
{
	int personal = req->sess != NULL && req->sess->state == SESSION_AUTH;

	page_end_session(
	    req, rep, "kiosk_logout", NULL, personal ? "logout" : NULL);
}

/*
 * The page wiped itself: ?why=ended at the absolute limit, else idle.  A
 * session the server has ended already keeps the server's reason.
 */
void
page_timeout(struct kiosk_request *req, struct web_reply *rep)
{
	const char *why = web_query(req->web, "why");
	int	    ended;

	if (req->sess != NULL)
		ended = why != NULL && strcmp(why, "ended") == 0;
	else
		ended = req->sess_why == WEBSESSION_TOO_OLD;
	page_end_session(req, rep, "kiosk_timeout",
	    ended ? "session_max" : "idle", ended ? "ended" : "timeout");
}

/*
 * "Yes, I'm still here" and "More time" (extend=1) for the session.
 * Returns 0, or -1 when the session may not be extended again.
 */
static int
page_keep_session(struct kiosk_request *req)
{
	const char *extend = web_field(req->web, "extend");

	if (extend != NULL && strcmp(extend, "1") == 0)
		return session_extend(req->sess, req->now);
	return 0;
}

/* The form without the script: back to the screen it came from. */
void
page_still_here(struct kiosk_request *req, struct web_reply *rep)
{
	enum screen next = screen_by_name(web_field(req->web, "next"));

	if (next == SCREEN__MAX)
		next = SCREEN_START;
	page_keep_session(req);
	web_redirect(rep, screens[next].path);
}

/*
 * The script's call: the citizen is active (the route touches the
 * session), or asks for more time.  204, or 409 when no more time can be
 * given; never a page, so nothing on the screen changes.
 */
void
page_active(struct kiosk_request *req, struct web_reply *rep)
{
	rep->status = page_keep_session(req) == 0 ? MHD_HTTP_NO_CONTENT
						  : MHD_HTTP_CONFLICT;
}

void
page_refused(struct kiosk_request *req, struct web_reply *rep,
    enum screen screen, enum msg msg, unsigned int status)
{
	struct session *s = req->sess;

	if ((screens[screen].flags & SCREEN_PERSONAL) &&
	    (s == NULL || s->state != SESSION_AUTH))
		screen = SCREEN_START;
	if ((screens[screen].flags & SCREEN_PENDING) &&
	    (s == NULL || s->state != SESSION_PENDING))
		screen = SCREEN_CPR;
	if (screen == SCREEN_CPR && request_session(req) == NULL)
		screen = SCREEN_START;
	req->msg = msg;
	screen_pages[screen](req, rep);
	rep->status = status;
	rep->location[0] = '\0';
}
