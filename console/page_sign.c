/*
 * page_sign.c - sign-in through [oidc.staff], the callback, the "no
 * access" page, sign-out.
 *
 *	GET /signin	a pre-login session (cookie) holding state, nonce
 *			and PKCE verifier; 303 to the provider
 *	GET /callback	oidc_callback(); the login matched to a staff row
 *			(store_staff_by_login()); a new session id
 *	POST /signout	the session ended; 303 to the provider's
 *			end-session endpoint, or /signed-out without one
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "oidc.h"
#include "oidcweb.h"
#include "pages.h"
#include "store_staff.h"

/* Send the browser to url, outside the console (the provider). */
static void
redirect_away(struct creq *r, const char *url)
{
	if (web_redirect_url(r->rep, url) == -1)
		page_error(r, 502, "Log ind virker ikke lige nu",
		    "Kommunens log ind gav en for lang adresse.");
}

/* Give the browser the session's cookie. */
static int
set_cookie(struct creq *r)
{
	return web_reply_cookie_lax(r->rep, SESSION_COOKIE, session_id(r->s));
}

/*
 * 1 if next (from /signin?next=) is a path of ours to go back to after
 * sign-in: "/" then no second '/' or '\\' (which a browser reads as
 * another host), only the bytes of a path and query we make, and short.
 * Anything else is dropped: no open redirect.
 */
static int
next_ok(const char *next)
{
	const char *p;

	if (next == NULL || next[0] != '/' || next[1] == '/' ||
	    next[1] == '\\' || strlen(next) >= SESSION_NEXT_MAX)
		return 0;
	for (p = next; *p != '\0'; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
			(*p >= '0' && *p <= '9') ||
			strchr("/?=&%-._~", *p) != NULL))
			return 0;
	return 1;
}

/* Keep the page asked for before sign-in (next=), when it is ours. */
static void
keep_next(struct creq *r)
{
	const char *next = web_query(r->web, "next");

	r->s->next[0] = '\0';
	if (next_ok(next))
		snprintf(r->s->next, sizeof(r->s->next), "%s", next);
	else if (next != NULL)
		log_info(
		    "console: sign-in: next= dropped (not a path of ours)");
}

/* See pages.h. */
void
page_signin(struct creq *r)
{
	struct buf    url = { 0 };
	enum oidc_err e;

	if (r->s != NULL && r->s->signed_in) {
		keep_next(r);
		web_redirect(r->rep, r->s->next[0] != '\0' ? r->s->next : "/");
		r->s->next[0] = '\0';
		return;
	}
	if (r->s == NULL && (r->s = session_new(r->now)) == NULL) {
		page_error(r, 503, "Prøv igen om lidt",
		    "Der er for mange i gang med at logge ind lige nu.");
		return;
	}
	if ((e = oidc_login_start(r->c->oidc, NULL, &r->s->login, &url)) !=
	    OIDC_OK) {
		log_warnx(
		    "console: sign-in cannot start: %s", oidc_strerror(e));
		session_end(r->s);
		r->s = NULL;
		page_error(r, 502, "Log ind virker ikke lige nu",
		    "Kommunens log ind svarer ikke. Prøv igen om lidt.");
	} else if (set_cookie(r) == -1) {
		session_end(r->s);
		r->s = NULL;
		page_error(r, 500, "Der skete en fejl", "Prøv igen.");
	} else {
		r->s->signing_in = 1;
		keep_next(r);
		redirect_away(r, buf_str(&url));
	}
	buf_free(&url);
}

/* The signed-in user has no staff row with that login: audited. */
static void
no_access(struct creq *r, const char *user)
{
	if (store_audit(r->c->store, r->now, "staff", user, "console_no_access",
		0, NULL, "console") != STORE_OK)
		log_warnx("console: audit: %s", store_errmsg(r->c->store));
	log_info("console: sign-in refused: no staff row has that login");
	session_end(r->s);
	r->s = NULL;
	web_reply_clear_cookie(r->rep, SESSION_COOKIE);
	page_error(r, 403, "Du har ikke adgang",
	    "Du er logget ind hos kommunen, men du har ikke adgang til "
	    "Mentorlink. Spørg din koordinator, om du skal have adgang.");
}

/* Sign s in as staff member st with identity id; a new session id. */
static int
signed_in(struct creq *r, const struct staff_identity *st,
    const struct oidc_identity *id)
{
	struct session *s = r->s;

	const char     *token = oidc_identity_id_token(id);

	if (session_renew(s, r->now) == -1) {
		r->s = NULL;
		return -1;
	}
	oidc_login_clear(&s->login);
	s->signing_in = 0;
	s->signed_in = 1;
	s->staff_id = st->id;
	s->roles = st->roles;
	snprintf(s->name, sizeof(s->name), "%s", st->name);
	snprintf(s->user, sizeof(s->user), "%s", st->login);
	/* Too long to keep: sign-out goes without the hint. */
	if (strlen(token) < sizeof(s->id_token))
		snprintf(s->id_token, sizeof(s->id_token), "%s", token);
	if (page_audit(r, "console_sign_in", 0) != STORE_OK)
		log_warnx("console: audit: %s", store_errmsg(r->c->store));
	return set_cookie(r);
}

/* See pages.h. */
void
page_callback(struct creq *r)
{
	struct oidc_identity *id = NULL;
	struct staff_identity st = { 0 };
	struct buf	      q = { 0 };
	enum oidc_err	      e;
	enum store_err	      se;

	if (r->s == NULL || !r->s->signing_in) {
		page_error(r, 400, "Log ind igen",
		    "Log ind blev ikke gjort færdigt. Prøv igen.");
		return;
	}
	oidcweb_callback_query(r->web, &q);
	e = oidc_callback(r->c->oidc, &r->s->login, buf_str(&q), &id);
	buf_free(&q);
	if (e != OIDC_OK) {
		log_info("console: sign-in refused: %s", oidc_strerror(e));
		page_error(r, e == OIDC_ERR_STATE ? 400 : 403,
		    "Du blev ikke logget ind",
		    "Log ind lykkedes ikke. Prøv igen.");
		return;
	}
	se = store_staff_by_login(r->c->store, oidc_identity_user(id), &st);
	if (se == STORE_NOTFOUND)
		no_access(r, oidc_identity_user(id));
	else if (se != STORE_OK || signed_in(r, &st, id) == -1)
		page_error(r, 500, "Der skete en fejl", "Prøv igen.");
	else {
		web_redirect(r->rep, r->s->next[0] != '\0' ? r->s->next : "/");
		r->s->next[0] = '\0';
	}
	staff_identity_free(&st);
	oidc_identity_free(id);
}

/* See pages.h. */
void
page_signout(struct creq *r)
{
	struct buf    url = { 0 };
	enum oidc_err e;

	if (page_audit(r, "console_sign_out", 0) != STORE_OK)
		log_warnx("console: audit: %s", store_errmsg(r->c->store));
	e = oidc_logout_url(r->c->oidc,
	    r->s->id_token[0] != '\0' ? r->s->id_token : NULL, NULL, &url);
	session_end(r->s);
	r->s = NULL;
	web_reply_clear_cookie(r->rep, SESSION_COOKIE);
	r->rep->clear_site = 1;
	if (e == OIDC_OK)
		redirect_away(r, buf_str(&url));
	else
		web_redirect(r->rep, "/signed-out");
	buf_free(&url);
}

/* See pages.h. */
void
page_signed_out(struct creq *r)
{
	page_begin(r, "Du er logget ud");
	buf_puts(&r->rep->body, "<p>");
	page_bi(&r->rep->body, "Du er logget ud af Mentorlink.");
	buf_puts(&r->rep->body, "</p><p><a class=\"button\" href=\"/signin\">");
	page_bi(&r->rep->body, "Log ind igen");
	buf_puts(&r->rep->body, "</a></p>");
	page_end(r);
}
