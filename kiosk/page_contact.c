/*
 * page_contact.c - "Ask my mentor to call me": one tap opens the same
 * contact request an SMS would (contact_open, channel "kiosk"; one open
 * at a time), then says who will call and shows the crisis line text.
 */
#include <stdio.h>
#include <string.h>

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

void
page_contact(struct request *req, struct reply *rep)
{
	struct page	 p;

	page_open(&p, req, rep, SCREEN_CONTACT);
	{
		struct template_var v[] = {
			{ "t_heading", tr(&p, N_("Bed din mentor ringe til dig")) },
			{ "t_lead", tr(&p, N_("Tryk på knappen, så får din mentor besked om at ringe til dig.")) },
			{ "t_what", tr(&p, N_("Din mentor ringer til det mobilnummer, vi har på dig. Du får en SMS, når beskeden er sendt. Er din mentor væk, får en kollega besked i stedet.")) },
			{ "csrf", page_csrf(&p) },
			{ "t_button", tr(&p, N_("Ring mig op")) },
			{ "crisis", crisis_text(&p) },
			{ "t_back", tr(&p, N_("Tilbage til min aftale")) },
		};

		page_render(&p.content, tpl_contact_html, v, NVARS(v));
	}
	page_close(&p);
}

void
page_contact_post(struct request *req, struct reply *rep)
{
	struct session		*s = req->sess;
	struct contact_outcome	 out;

	memset(&out, 0, sizeof(out));
	if (contact_open(req->k->store, req->k->cfg, s->citizen_id, "kiosk",
	    req->now, &out) == -1) {
		log_warnx("kiosk: contact request failed: %s",
		    store_errmsg(req->k->store));
		s->flash = MSG_ERROR;
		reply_redirect(rep, "/call-me");
		return;
	}
	if (store_audit(req->k->store, req->now, "kiosk", req->k->cfg->kiosk_id,
	    "kiosk_contact_request", s->citizen_id, "citizen_self_service",
	    contact_details[out.kind]) != STORE_OK)
		log_warnx("kiosk: audit kiosk_contact_request failed");
	s->contact_kind = (int)out.kind + 1;
	s->contact_id = out.request_id;
	snprintf(s->contact_caller, sizeof(s->contact_caller), "%s",
	    out.caller_name != NULL ? out.caller_name : "");
	contact_outcome_free(&out);
	reply_redirect(rep, "/call-me/done");
}

/*
 * Heading, lead and text for the outcome kind.
 */
static void
done_texts(struct page *p, const struct session *s, const char **heading,
    const char **lead, const char **text)
{
	int		 named = s->contact_caller[0] != '\0';
	char		 number[24];
	struct template_var v[] = {
		{ "caller", s->contact_caller },
		{ "n", number },
		{ "desk", config_text(&p->req->k->cfg->org_desk, p->lang) },
	};

	snprintf(number, sizeof(number), "%lld", (long long)s->contact_id);
	*text = page_fmt(p, N_("Du får også en SMS om det. Din besked har nummer {n}."), v, NVARS(v));
	switch (s->contact_kind - 1) {
	case CONTACT_OPENED:
		*heading = tr(p, N_("Tak. Beskeden er sendt"));
		*lead = named ? page_fmt(p, N_("{caller} får besked og ringer til dig så hurtigt som muligt."), v, NVARS(v)) :
		    tr(p, N_("En medarbejder får besked og ringer til dig så hurtigt som muligt."));
		break;
	case CONTACT_ALREADY_OPEN:
		*heading = tr(p, N_("Din mentor ved det allerede"));
		*lead = named ? page_fmt(p, N_("Du har allerede bedt om at blive ringet op. {caller} ringer til dig så hurtigt som muligt."), v, NVARS(v)) :
		    tr(p, N_("Du har allerede bedt om at blive ringet op. En medarbejder ringer til dig så hurtigt som muligt."));
		*text = page_fmt(p, N_("Din besked har nummer {n}."), v, NVARS(v));
		break;
	default:
		*heading = tr(p, N_("Vi kunne ikke sende beskeden"));
		*lead = tr(p, N_("Vi kan ikke finde en aftale om mentorstøtte til dig, så vi ved ikke, hvem der skal ringe."));
		*text = page_fmt(p, N_("Spørg ved {desk}, så hjælper de dig."), v, NVARS(v));
		break;
	}
}

void
page_contact_done(struct request *req, struct reply *rep)
{
	struct page	 p;
	const char	*heading, *lead, *text;

	if (req->sess->contact_kind == 0) {
		reply_redirect(rep, "/call-me");
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
			{ "t_back", tr(&p, N_("Tilbage til min aftale")) },
		};

		page_render(&p.content, tpl_contact_done_html, v, NVARS(v));
	}
	page_close(&p);
}
