/*
 * page_privacy.c - "Sådan passer vi på dine oplysninger": the privacy
 * notice (GDPR art. 13), open to anyone without a login, linked from the
 * start screen, the agreement page and "who has seen my data".
 *
 * Every fact is a text from [privacy] in the page's language
 * (config_text()), with {org}, {phone} and {desk} filled in; the page
 * adds what [retention] deletes and when.  A fact the configuration does
 * not give says so plainly ("not written here yet, ask at the desk"),
 * never hides.  A fact given only in Danish is shown in Danish on another
 * language's page, marked lang="da" (names and addresses are better than
 * nothing).
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "i18n.h"
#include "log.h"
#include "pages.h"
#include "templates.h"

/* The sections of the notice, in order. */
static const struct privacy_section {
	const char *heading;
	size_t	    offset; /* its text in struct config */
} sections[] = {
	{ N_("Hvem har ansvaret?"),
	    offsetof(struct config, privacy_controller) },
	{ N_("Hvad bruger vi dine oplysninger til?"),
	    offsetof(struct config, privacy_purpose) },
	{ N_("Hvorfor må vi det?"),
	    offsetof(struct config, privacy_legal_basis) },
	{ N_("Hvem får dine oplysninger?"),
	    offsetof(struct config, privacy_recipients) },
	{ N_("Hvor længe gemmer vi dem?"),
	    offsetof(struct config, privacy_retention) },
	{ N_("Dine rettigheder"), offsetof(struct config, privacy_rights) },
	{ N_("Hvem kan du spørge?"), offsetof(struct config, privacy_dpo) },
	{ N_("Hvis du vil klage"), offsetof(struct config, privacy_complaint) },
};

#define NSECTIONS (sizeof(sections) / sizeof(sections[0]))

/*
 * The text of config text t for the page: in its language, else English
 * (config_text()); for a fact given only in Danish (dpo, retention have
 * no built-in English) the Danish text, rather than hiding the fact.
 * *lang gets the lang (and dir) attributes when the text is not in the
 * page's language (page_lang_attr()).  NULL when not given or empty.
 */
static const char *
privacy_text(
    const struct page *p, const struct config_text *t, const char **lang)
{
	const char *s = config_text(t, p->lang),
		   *in = config_text_lang(t, p->lang);

	if (s == NULL && (s = config_text(t, "da")) != NULL)
		in = "da";
	if (s == NULL || s[0] == '\0') {
		*lang = "";
		return NULL;
	}
	*lang = page_lang_attr(p, in);
	return s;
}

/*
 * Append text (a configuration text: not translated) with the
 * organisation's facts filled in; a text the template syntax cannot read
 * is shown as it is.
 */
static void
privacy_fill(struct page *p, const char *text, struct buf *out)
{
	const struct config *cfg = p->req->k->cfg;
	char		     err[128];
	struct template_var  v[] = {
		 { "org", cfg->org_name },
		 { "phone", page_phone(p, cfg->org_phone) },
		 { "desk", page_desk(p) },
	};

	if (template_render(text, v, NVARS(v), TEMPLATE_TEXT, out, err,
		sizeof(err)) != TEMPLATE_OK) {
		log_warnx("kiosk: [privacy] text: %s", err);
		buf_puts(out, text);
	}
}

/*
 * What the kiosk itself deletes ([retention]), as plain sentences.
 */
static void
privacy_retention(struct page *p, struct buf *out)
{
	const struct config *cfg = p->req->k->cfg;
	char		     days[16], years[16];
	int		     sms = cfg->keep_message_days > cfg->keep_inbox_days
			     ? cfg->keep_message_days
			     : cfg->keep_inbox_days;
	struct template_var  v[] = { { "days", days }, { "years", years } };

	snprintf(days, sizeof(days), "%d", sms);
	page_fmt_buf(p,
	    N_("Teksten i SMS'er til og fra dig sletter vi her efter {days} dage."),
	    v, NVARS(v), out);
	if (cfg->require_export) {
		buf_putc(out, ' ');
		page_fmt_buf(
		    p, N_("Først gemmer vi den i din sag."), v, NVARS(v), out);
	}
	buf_putc(out, ' ');
	snprintf(days, sizeof(days), "%d", cfg->keep_audit_days);
	snprintf(years, sizeof(years), "%d", cfg->keep_audit_days / 365);
	page_fmt_buf(p,
	    cfg->keep_audit_days % 365 == 0
		? N_("Listen over, hvem der har set dine oplysninger, gemmer vi i {years} år.")
		: N_("Listen over, hvem der har set dine oplysninger, gemmer vi i {days} dage."),
	    v, NVARS(v), out);
}

/*
 * Append section i: its heading and text, or the plain "not written here
 * yet" when the configuration gives none.
 */
static void
privacy_section(struct page *p, size_t i, struct buf *out)
{
	const struct config_text *t =
	    (const struct config_text *)((const char *)p->req->k->cfg +
		sections[i].offset);
	const char	   *lang, *text = privacy_text(p, t, &lang);
	struct buf	    body = { 0 };
	struct template_var d[] = {
		{ "desk", page_desk(p) },
	};
	struct template_var v[] = {
		{ "heading", tr(p, sections[i].heading) },
		{ "lang", lang },
		{ "class", text == NULL ? " class=\"kiosk-missing\"" : "" },
		{ "text", NULL },
		{ "extra", NULL },
	};
	struct buf extra = { 0 };

	if (text != NULL)
		privacy_fill(p, text, &body);
	else
		page_fmt_buf(p,
		    N_("Det står ikke her endnu. Spørg os ved {desk}."), d,
		    NVARS(d), &body);
	if (sections[i].offset == offsetof(struct config, privacy_retention))
		privacy_retention(p, &extra);
	page_set(v, NVARS(v), "text", buf_str(&body));
	page_set(v, NVARS(v), "extra", buf_str(&extra));
	page_render(out,
	    extra.len > 0 ? tpl_privacy_section_more_html
			  : tpl_privacy_section_html,
	    v, NVARS(v));
	buf_free(&body);
	buf_free(&extra);
}

void
page_privacy(struct kiosk_request *req, struct web_reply *rep)
{
	struct page p;
	struct buf  body = { 0 };
	size_t	    i;
	int	    in = req->sess != NULL && req->sess->state == SESSION_AUTH;

	page_open(&p, req, rep, SCREEN_PRIVACY);
	for (i = 0; i < NSECTIONS; i++)
		privacy_section(&p, i, &body);
	{
		struct template_var v[] = {
			{ "t_heading",
			    tr(&p, N_("Sådan passer vi på dine oplysninger")) },
			{ "t_lead",
			    tr(&p,
				N_("Her kan du læse, hvilke oplysninger vi bruger, og hvorfor. Du kan også se, hvad du kan gøre, hvis du er utilfreds.")) },
			{ "sections", buf_str(&body) },
			{ "back", in ? "/agreement" : "/" },
			{ "t_back",
			    in ? tr(&p, N_("Tilbage til min aftale"))
			       : tr(&p, N_("Til start")) },
		};

		page_render(&p.content, tpl_privacy_html, v, NVARS(v));
	}
	buf_free(&body);
	page_close(&p);
}
