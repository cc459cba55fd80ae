/*
 * page_contact.c - "Ask my mentor to call me": one tap opens the same
 * contact request an SMS would (contact_open, channel "kiosk"; one open
 * at a time), then says who will call and shows the crisis line text.
 *
 * Both screens promise only what the router will do: the screen before
 * the tap asks contact_route() (the one decision the SMS router also
 * uses) and names the mentor, the deputy standing in, a member of staff
 * (the team number), or says that nobody can be told now (no team
 * number configured); the screen after names who the request went to.
 */
#include <stdio.h>
#include <string.h>

#include "clock.h"
#include "config.h"
#include "contact.h"
#include "i18n.h"
#include "log.h"
#include "pages.h"
#include "store.h"
#include "templates.h"

static const char *const contact_details[CONTACT__MAX] = {
	[CONTACT_OPENED] = "opened",
	[CONTACT_ALREADY_OPEN] = "already_open",
	[CONTACT_NO_AGREEMENT] = "no_agreement",
};

/*
 * The crisis text from the configuration in the page's language (never
 * the Danish text on another language's page).
 */
static const char *
crisis_text(struct page *p)
{
	return config_text(&p->req->k->cfg->org_crisis_text, p->lang);
}

/* Its lang (and dir) attribute when it is not in the page's language. */
static const char *
crisis_lang(struct page *p)
{
	return page_lang_attr(
	    p, config_text_lang(&p->req->k->cfg->org_crisis_text, p->lang));
}

/*
 * The lead and the text under it saying who gets word when the citizen
 * taps, from the route of the citizen's current agreement.  Returns the
 * store error (STORE_OK also without an agreement: the tap says so).
 */
static enum store_err
who_gets_word(struct page *p, const char **lead, const char **what)
{
	struct store	    *st = p->req->k->store;
	struct agreement_rec ag;
	struct contact_route r;
	char		     today[CLOCK_DATE_LEN];
	enum store_err	     e;
	struct template_var  v[] = {
		 { "name", NULL },
		 { "mentor", NULL },
		 { "desk", page_desk(p) },
	};

	*lead = tr(p,
	    N_("Tryk på knappen, så får din mentor besked om at ringe til dig."));
	*what = tr(p,
	    N_("Din mentor ringer til det mobilnummer, vi har på dig. Du får en SMS, når beskeden er sendt."));
	clock_today(today);
	e = store_agreement_current(st, p->req->sess->citizen_id, today, &ag);
	if (e != STORE_OK)
		return e == STORE_NOTFOUND ? STORE_OK : e;
	if ((e = contact_route(st, p->req->k->cfg, &ag, today, &r)) !=
	    STORE_OK) {
		agreement_rec_free(&ag);
		return e;
	}
	page_set(v, NVARS(v), "name", r.name);
	page_set(v, NVARS(v), "mentor", r.mentor_name);
	if (strcmp(r.as, "mentor") == 0) {
		*lead = page_fmt(p,
		    N_("Tryk på knappen, så får {name} besked om at ringe til dig."),
		    v, NVARS(v));
		*what = page_fmt(p,
		    N_("{name} ringer til det mobilnummer, vi har på dig. Du får en SMS, når beskeden er sendt."),
		    v, NVARS(v));
	} else if (strcmp(r.as, "deputy") == 0) {
		*lead = page_fmt(p,
		    N_("{mentor} er ikke på arbejde lige nu. Tryk på knappen, så får {name} besked i stedet."),
		    v, NVARS(v));
		*what = page_fmt(p,
		    N_("{name} ringer til det mobilnummer, vi har på dig. Du får en SMS, når beskeden er sendt."),
		    v, NVARS(v));
	} else if (r.mobile != NULL) {
		*lead = tr(p,
		    N_("Din mentor kan ikke nås lige nu. Tryk på knappen, så får en medarbejder besked og ringer til dig."));
		*what = tr(p, N_("Du får en SMS, når beskeden er sendt."));
	} else {
		*lead = page_fmt(p,
		    N_("Din mentor kan ikke nås lige nu, og vi kan ikke sende beskeden videre til andre. Spørg ved {desk}, så hjælper de dig."),
		    v, NVARS(v));
		*what = tr(p,
		    N_("Du kan stadig trykke på knappen. Så gemmer vi din besked, og en medarbejder kan se den."));
	}
	contact_route_free(&r);
	agreement_rec_free(&ag);
	return STORE_OK;
}

void
page_contact(struct kiosk_request *req, struct web_reply *rep)
{
	struct page p;
	const char *lead, *what;

	page_open(&p, req, rep, SCREEN_CONTACT);
	if (page_audit(&p, "view_call_me", NULL) == -1 ||
	    who_gets_word(&p, &lead, &what) != STORE_OK) {
		log_warnx(
		    "kiosk: call-me page: %s", store_errmsg(req->k->store));
		p.msg = MSG_ERROR;
		rep->status = 500;
		page_close(&p);
		return;
	}
	{
		struct template_var v[] = {
			{ "t_heading",
			    tr(&p, N_("Bed din mentor ringe til dig")) },
			{ "t_lead", lead },
			{ "t_what", what },
			{ "csrf", page_csrf(&p) },
			{ "t_button", tr(&p, N_("Ring mig op")) },
			{ "crisis", crisis_text(&p) },
			{ "crisis_lang", crisis_lang(&p) },
			{ "t_back", tr(&p, N_("Tilbage til min aftale")) },
		};

		page_render(&p.content, tpl_contact_html, v, NVARS(v));
	}
	page_close(&p);
}

void
page_contact_post(struct kiosk_request *req, struct web_reply *rep)
{
	struct session	      *s = req->sess;
	struct contact_outcome out;

	memset(&out, 0, sizeof(out));
	if (contact_open(req->k->store, req->k->cfg, s->citizen_id, "kiosk",
		req->now, &out) == -1) {
		log_warnx("kiosk: contact request failed: %s",
		    store_errmsg(req->k->store));
		s->flash = MSG_ERROR;
		web_redirect(rep, "/call-me");
		return;
	}
	if (store_audit(req->k->store, req->now, "kiosk", s->actor,
		"kiosk_contact_request", s->citizen_id, "citizen_self_service",
		contact_details[out.kind]) != STORE_OK)
		log_warnx("kiosk: audit kiosk_contact_request failed");
	s->contact_kind = (int)out.kind + 1;
	s->contact_id = out.request_id;
	snprintf(s->contact_caller, sizeof(s->contact_caller), "%s",
	    out.caller_name != NULL ? out.caller_name : "");
	contact_outcome_free(&out);
	web_redirect(rep, "/call-me/done");
}

/*
 * Heading, lead and text for the outcome kind: the person the request
 * went to by name, a member of staff (the team number), or - when no
 * team number is configured and nobody could be told - that it is kept
 * and the desk can help.
 */
static void
done_texts(struct page *p, const struct session *s, const char **heading,
    const char **lead, const char **text)
{
	int  named = s->contact_caller[0] != '\0';
	int  nobody = !named && p->req->k->cfg->escalate_to == NULL;
	char number[24];
	struct template_var v[] = {
		{ "caller", s->contact_caller },
		{ "n", number },
		{ "desk", page_desk(p) },
	};

	snprintf(number, sizeof(number), "%lld", (long long)s->contact_id);
	*text = page_fmt(p,
	    N_("Du får også en SMS om det. Din besked har nummer {n}."), v,
	    NVARS(v));
	switch (s->contact_kind - 1) {
	case CONTACT_OPENED:
		*heading = tr(p, N_("Tak. Beskeden er sendt"));
		*lead = named
		    ? page_fmt(p,
			  N_("{caller} får besked og ringer til dig så hurtigt som muligt."),
			  v, NVARS(v))
		    : tr(p,
			  N_("En medarbejder får besked og ringer til dig så hurtigt som muligt."));
		break;
	case CONTACT_ALREADY_OPEN:
		*heading = tr(p, N_("Du har allerede bedt om det"));
		*lead = named
		    ? page_fmt(p,
			  N_("Du har allerede bedt om at blive ringet op. {caller} ringer til dig så hurtigt som muligt."),
			  v, NVARS(v))
		    : tr(p,
			  N_("Du har allerede bedt om at blive ringet op. En medarbejder ringer til dig så hurtigt som muligt."));
		*text =
		    page_fmt(p, N_("Din besked har nummer {n}."), v, NVARS(v));
		break;
	default:
		*heading = tr(p, N_("Vi kunne ikke sende beskeden"));
		*lead = tr(p,
		    N_("Vi kan ikke finde en aftale om mentorstøtte til dig, så vi ved ikke, hvem der skal ringe."));
		*text = page_fmt(
		    p, N_("Spørg ved {desk}, så hjælper de dig."), v, NVARS(v));
		return;
	}
	if (nobody) {
		*heading = tr(p, N_("Vi har gemt din besked"));
		*lead = page_fmt(p,
		    N_("Lige nu kan vi ikke sende den videre til nogen. Spørg ved {desk}, så hjælper de dig."),
		    v, NVARS(v));
		*text =
		    page_fmt(p, N_("Din besked har nummer {n}."), v, NVARS(v));
	}
}

void
page_contact_done(struct kiosk_request *req, struct web_reply *rep)
{
	struct page p;
	const char *heading, *lead, *text;

	if (req->sess->contact_kind == 0) {
		web_redirect(rep, "/call-me");
		return;
	}
	page_open(&p, req, rep, SCREEN_CONTACT_DONE);
	done_texts(&p, req->sess, &heading, &lead, &text);
	{
		struct template_var v[] = {
			{ "heading", heading },
			{ "lead", lead },
			{ "text", text },
			{ "icon_label", tr(&p, N_("Vigtigt")) },
			{ "crisis", crisis_text(&p) },
			{ "crisis_lang", crisis_lang(&p) },
			{ "t_back", tr(&p, N_("Tilbage til min aftale")) },
		};

		page_render(&p.content, tpl_contact_done_html, v, NVARS(v));
	}
	page_close(&p);
}
