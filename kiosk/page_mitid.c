/*
 * page_mitid.c - sign-in with MitID through the municipality's broker
 * ([oidc.citizen], shared/oidc*.c), and the end of the broker's session.
 *
 *	GET /mitid		a session (cookie SameSite=Lax, so the
 *				broker's redirect back brings it) holding
 *				state, nonce and PKCE verifier, a deadline
 *				([kiosk] mitid_timeout) and, with ?popup=1,
 *				that the sign-in runs in the start screen's
 *				pop-up; 303 to the broker with prompt=login
 *				and max_age=0
 *	GET /mitid/callback	refused after the deadline; oidc_callback();
 *				the level of assurance and the CPR number
 *				(oidc_citizen_check(): hashed at once); the
 *				citizen found by the hash; login_complete();
 *				the agreement, or /mitid/done in a pop-up
 *	GET /mitid/done		the pop-up's "you are logged in": no citizen
 *				data; kiosk.js hands its link (the agreement)
 *				to the start screen's window and closes it
 *	GET /mitid/cancel	the start screen's window gave up (Afbryd, or
 *				?why=late at the deadline): the sign-in under
 *				way is forgotten; a session that signed in
 *				meanwhile goes to its agreement
 *	GET /mitid/signed-out	where the broker's end-session endpoint
 *				sends the browser back; state names the
 *				screen to show
 *	GET /mitid/refused	"cannot sign in like this" (?why=low) or
 *				"we do not know you" (?why=unknown)
 *
 * A lobby screen is shared, so every sign-in asks the broker for a fresh
 * authentication, and a session that saw a MitID sign-in (accepted or
 * refused after the broker knew the person) ends the broker's session
 * too: mitid_end_url().  The broker's pages are not ours and run no idle
 * timer: with JavaScript they are in a pop-up that the start screen's
 * window closes at the deadline (kiosk.js); without, a sign-in not
 * finished by its deadline is refused and the kiosk shows its start
 * screen.  The pages the pop-up may show have opener policy unsafe-none
 * (route.c), or the pop-up would lose its opener on the way back.
 *
 * Audit (actor: the kiosk id): kiosk_login (detail mitid) as for the
 * code, kiosk_mitid_refused (detail: late, cancelled, token, loa_low,
 * no_cpr, unknown).  Never a CPR number, a token or a claim value in a log.
 */
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "i18n.h"
#include "log.h"
#include "login.h"
#include "oidc.h"
#include "oidc_citizen.h"
#include "oidcweb.h"
#include "pages.h"
#include "store.h"
#include "store_citizen.h"
#include "templates.h"

/* Where the broker sends the browser after its sign-out, by state. */
static const struct {
	const char *state;
	const char *target;
} signed_out_targets[] = {
	{ "logout", "/?m=logout" },
	{ "timeout", "/?m=timeout" },
	{ "ended", "/?m=ended" },
	{ "mitid", "/?m=mitid" },
	{ "low", "/mitid/refused?why=low" },
	{ "unknown", "/mitid/refused?why=unknown" },
};

#define NSIGNED_OUT (sizeof(signed_out_targets) / sizeof(signed_out_targets[0]))

/* The request's site's [oidc.citizen] client, or NULL without MitID. */
static struct oidc_client *
mitid_client(const struct kiosk_request *req)
{
	const struct kiosk *k = req->k;

	if (k->cfg->nsites == 0)
		return k->nmitid > 0 ? k->mitid[0] : NULL;
	if (req->site < 0 || (size_t)req->site >= k->nmitid)
		return NULL;
	return k->mitid[req->site];
}

/* Audit a refused MitID sign-in; failures are logged only. */
static void
mitid_audit_refused(
    struct kiosk_request *req, int64_t citizen_id, const char *detail)
{
	if (store_audit(req->k->store, req->now, "kiosk", req->actor,
		"kiosk_mitid_refused", citizen_id, "login", detail) != STORE_OK)
		log_warnx("kiosk: audit kiosk_mitid_refused failed");
	log_info("kiosk: MitID sign-in refused: %s", detail);
}

int
mitid_end_url(struct kiosk_request *req, const char *state, struct buf *url)
{
	struct session *s = req->sess;
	enum oidc_err	e;

	if (s == NULL || !s->broker_session || mitid_client(req) == NULL)
		return -1;
	e = oidc_logout_url(mitid_client(req),
	    s->id_token[0] != '\0' ? s->id_token : NULL, state, url);
	explicit_bzero(s->id_token, sizeof(s->id_token));
	s->broker_session = 0;
	if (e != OIDC_OK || url->len >= WEB_LOCATION_MAX) {
		/* Too long with the hint: without it. */
		buf_free(url);
		if (e != OIDC_OK ||
		    oidc_logout_url(mitid_client(req), NULL, state, url) !=
			OIDC_OK)
			return -1;
	}
	return 0;
}

/* The screen state names (signed_out_targets), or the start screen. */
static const char *
mitid_target(const char *state)
{
	size_t i;

	for (i = 0; state != NULL && i < NSIGNED_OUT; i++)
		if (strcmp(state, signed_out_targets[i].state) == 0)
			return signed_out_targets[i].target;
	return "/";
}

/*
 * Send the browser through the broker's sign-out to the screen named by
 * state, or straight there when the broker has no end-session endpoint.
 */
static void
mitid_leave(struct kiosk_request *req, struct web_reply *rep, const char *state)
{
	struct buf url = { 0 };

	if (mitid_end_url(req, state, &url) == -1 ||
	    web_redirect_url(rep, buf_str(&url)) == -1)
		web_redirect(rep, mitid_target(state));
	buf_free(&url);
}

void
page_mitid(struct kiosk_request *req, struct web_reply *rep)
{
	struct oidc_login_options opt = { .fresh = 1 };
	struct session		 *s;
	struct buf		  url = { 0 };
	enum oidc_err		  e;
	const char		 *popup = web_query(req->web, "popup");
	int in_popup = popup != NULL && strcmp(popup, "1") == 0;

	if (req->sess != NULL && req->sess->state == SESSION_AUTH) {
		web_redirect(rep, in_popup ? "/mitid/done" : "/agreement");
		return;
	}
	if (mitid_client(req) == NULL || (s = request_session(req)) == NULL) {
		web_redirect(rep, "/?m=mitid");
		return;
	}
	opt.ui_locales = s->lang;
	s->state = SESSION_ANON;
	if ((e = oidc_login_start(mitid_client(req), &opt, &s->mitid, &url)) !=
	    OIDC_OK) {
		log_warnx(
		    "kiosk: MitID sign-in cannot start: %s", oidc_strerror(e));
		web_redirect(rep, "/?m=mitid");
	} else if (web_redirect_url(rep, buf_str(&url)) == -1) {
		log_warnx("kiosk: the broker's sign-in URL is too long");
		oidc_login_clear(&s->mitid);
		web_redirect(rep, "/?m=mitid");
	} else {
		s->mitid_until = req->now + req->k->cfg->kiosk_mitid_timeout;
		s->mitid_popup = in_popup;
		session_hold(s, req->now, s->mitid_until);
		req->set_cookie = 1;
		req->cookie_lax = 1;
	}
	buf_free(&url);
}

/*
 * The verified identity id: the citizen's level and CPR number, then the
 * citizen; logs the session in.  Returns the screen to go to.
 */
static const char *
mitid_signed_in(struct kiosk_request *req, const struct oidc_identity *id)
{
	static const char *const refused[OIDC_CITIZEN__MAX] = {
		[OIDC_CITIZEN_LOA_LOW] = "low",
		[OIDC_CITIZEN_NO_CPR] = "mitid",
	};
	struct kiosk	     *k = req->k;
	struct citizen_rec    c;
	char		      hash[CPR_HASH_HEX];
	enum oidc_citizen_err ce;
	enum store_err	      se;
	int		      ok;

	ce = oidc_citizen_check(config_oidc(k->cfg, "citizen"), id,
	    buf_str(&k->cpr_key), k->cpr_key.len, hash);
	if (ce != OIDC_CITIZEN_OK) {
		mitid_audit_refused(
		    req, 0, ce == OIDC_CITIZEN_LOA_LOW ? "loa_low" : "no_cpr");
		return refused[ce];
	}
	memset(&c, 0, sizeof(c));
	se = store_citizen_by_cpr(k->store, hash, &c);
	explicit_bzero(hash, sizeof(hash));
	if (se == STORE_NOTFOUND) {
		mitid_audit_refused(req, 0, "unknown");
		return "unknown";
	}
	ok = se == STORE_OK && store_begin(k->store) == STORE_OK;
	if (ok &&
	    (login_complete(k, req->sess, c.id, "mitid", req->now) == -1 ||
		store_commit(k->store) != STORE_OK)) {
		store_rollback(k->store);
		ok = 0;
	}
	if (se == STORE_OK)
		citizen_rec_free(&c);
	if (!ok) {
		log_warnx(
		    "kiosk: MitID sign-in failed: %s", store_errmsg(k->store));
		return "mitid";
	}
	req->set_cookie = 1;
	return NULL;
}

/*
 * Remember that the broker knows the person now, and keep its ID token
 * for its sign-out (none when it is too long to keep).
 */
static void
mitid_keep_token(struct session *s, const struct oidc_identity *id)
{
	const char *token = oidc_identity_id_token(id);

	s->broker_session = 1;
	if (strlen(token) < sizeof(s->id_token))
		snprintf(s->id_token, sizeof(s->id_token), "%s", token);
}

void
page_mitid_callback(struct kiosk_request *req, struct web_reply *rep)
{
	struct session	     *s = req->sess;
	struct oidc_identity *id = NULL;
	struct buf	      q = { 0 };
	enum oidc_err	      e;
	const char	     *state;

	if (s == NULL || s->mitid.state[0] == '\0' || s->mitid.used) {
		web_redirect(rep,
		    s == NULL && req->sess_why != WEBSESSION_UNKNOWN
			? "/?m=mitid-late"
			: "/?m=mitid");
		return;
	}
	if (req->now > s->mitid_until || mitid_client(req) == NULL) {
		oidc_login_clear(&s->mitid);
		mitid_audit_refused(req, 0, "late");
		web_redirect(rep, "/?m=mitid-late");
		return;
	}
	oidcweb_callback_query(req->web, &q);
	e = oidc_callback(mitid_client(req), &s->mitid, buf_str(&q), &id);
	buf_free(&q);
	if (e != OIDC_OK) {
		log_info("kiosk: MitID token refused: %s", oidc_strerror(e));
		mitid_audit_refused(req, 0, "token");
		web_redirect(rep, "/?m=mitid");
		return;
	}
	oidc_login_clear(&s->mitid);
	mitid_keep_token(s, id);
	state = mitid_signed_in(req, id);
	oidc_identity_free(id);
	if (state == NULL)
		web_redirect(
		    rep, s->mitid_popup ? "/mitid/done" : "/agreement");
	else
		mitid_leave(req, rep, state);
}

void
page_mitid_signed_out(struct kiosk_request *req, struct web_reply *rep)
{
	web_redirect(rep, mitid_target(web_query(req->web, "state")));
}

void
page_mitid_refused(struct kiosk_request *req, struct web_reply *rep)
{
	const char *why = web_query(req->web, "why");
	int	    low = why == NULL || strcmp(why, "unknown") != 0;
	struct page p;

	page_open(&p, req, rep, SCREEN_MITID_REFUSED);
	{
		struct template_var d[] = {
			{ "desk", config_text(&req->k->cfg->org_desk, p.lang) },
		};
		struct template_var v[] = {
			{ "t_heading",
			    low ? tr(&p,
				      N_("Du kan ikke logge ind på den måde her"))
				: tr(&p, N_("Vi kan ikke finde dig")) },
			{ "t_text",
			    low ? tr(&p,
				      N_("Her skal du logge ind med MitID på en sikrere måde, fx med MitID-appen eller en kodeviser. Det er for at passe på dine oplysninger."))
				: tr(&p,
				      N_("Du er logget ind med MitID, men vi har ingen aftale om mentorstøtte til dig her.")) },
			{ "t_help",
			    page_fmt(&p,
				N_("Spørg ved {desk}, så hjælper de dig."), d,
				NVARS(d)) },
			{ "t_back", tr(&p, N_("Tilbage til start")) },
		};

		page_render(&p.content, tpl_mitid_refused_html, v, NVARS(v));
	}
	page_close(&p);
}

/*
 * In the pop-up after the sign-in: no citizen data, only a way on to the
 * agreement (data-next: kiosk.js sends the start screen's window there
 * and closes the pop-up; the link is for when it cannot).
 */
void
page_mitid_done(struct kiosk_request *req, struct web_reply *rep)
{
	struct page p;

	page_open(&p, req, rep, SCREEN_MITID_DONE);
	{
		struct template_var v[] = {
			{ "t_heading", tr(&p, N_("Du er logget ind")) },
			{ "t_text",
			    tr(&p,
				N_("Tryk på knappen for at se din aftale.")) },
			{ "t_next", tr(&p, N_("Se din aftale")) },
		};

		page_render(&p.content, tpl_mitid_done_html, v, NVARS(v));
	}
	page_close(&p);
}

/*
 * The start screen's window closed the pop-up: Afbryd, or ?why=late at
 * the deadline.  The sign-in under way is forgotten, so an answer from
 * the broker after this is refused.  A session that signed in just now
 * (in time, at the same moment) goes to its agreement, whose screen has
 * the time limits and "Log ud".
 */
void
page_mitid_cancel(struct kiosk_request *req, struct web_reply *rep)
{
	struct session *s = req->sess;
	const char     *why = web_query(req->web, "why");
	int		late = why != NULL && strcmp(why, "late") == 0;

	if (s != NULL && s->state == SESSION_AUTH) {
		web_redirect(rep, "/agreement");
		return;
	}
	web_redirect(rep, late ? "/?m=mitid-late" : "/");
	if (s == NULL)
		return;
	if (s->mitid.state[0] != '\0' && !s->mitid.used)
		mitid_audit_refused(req, 0, late ? "late" : "cancelled");
	oidc_login_clear(&s->mitid);
	s->mitid_popup = 0;
}
