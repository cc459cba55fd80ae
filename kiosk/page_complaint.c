/*
 * page_complaint.c - "How to complain": the complaint guidance texts from
 * the database (key from the citizen's agreement, else "default"; in the
 * page's language, falling back to Danish) - appeal of a decision,
 * dissatisfaction with the mentor or the service, where to get help -
 * and the organisation's contact data.
 */
#include <string.h>

#include "clock.h"
#include "config.h"
#include "i18n.h"
#include "log.h"
#include "pages.h"
#include "store.h"
#include "templates.h"

/*
 * Append text as paragraphs, one per line (blank lines skipped), or "not
 * recorded" when it is empty.  lang: the attribute for the text's
 * language when it is not the page's.
 */
static void
complaint_paragraphs(
    struct page *p, struct buf *out, const char *text, const char *lang)
{
	struct template_var v[] = { { "text", NULL }, { "lang", lang } };
	struct buf	    line = { 0 };
	const char	   *s = text != NULL ? text : "", *e;
	int		    any = 0;
	struct template_var d[] = { { "desk", page_desk(p) } };

	for (; *s != '\0'; s = *e != '\0' ? e + 1 : e) {
		e = s + strcspn(s, "\n");
		buf_reset(&line);
		buf_append(&line, s, (size_t)(e - s));
		if (strspn(buf_str(&line), " \t\r") == line.len)
			continue;
		page_set(v, NVARS(v), "text", buf_str(&line));
		page_render(out, tpl_paragraph_html, v, NVARS(v));
		any = 1;
	}
	buf_free(&line);
	if (!any) {
		page_set(v, NVARS(v), "text",
		    page_fmt(p, N_("Ikke skrevet ned – spørg ved {desk}."), d,
			NVARS(d)));
		page_render(out, tpl_missing_html, v, NVARS(v));
	}
}

/*
 * The guidance key for the citizen: their agreement's, else "default".
 * Returns a malloc'd string kept by the page.
 */
static const char *
guidance_key(struct page *p)
{
	struct agreement_rec a;
	char		     today[CLOCK_DATE_LEN];
	char		    *key = NULL;

	clock_today(today);
	memset(&a, 0, sizeof(a));
	if (store_agreement_current(p->req->k->store, p->req->sess->citizen_id,
		today, &a) == STORE_OK) {
		if (a.guidance_key != NULL && a.guidance_key[0] != '\0')
			key = strdup(a.guidance_key);
		agreement_rec_free(&a);
	}
	if (key == NULL && (key = strdup("default")) == NULL)
		fatal("strdup");
	return page_keep(p, key);
}

/*
 * Render the page from guidance g (NULL: not found).
 */
static void
complaint_render(struct page *p, const struct guidance_rec *g)
{
	const struct config *cfg = p->req->k->cfg;
	struct buf	     appeal = { 0 }, unhappy = { 0 }, help = { 0 };
	const char *lang = g != NULL && strcmp(g->language, p->lang) != 0
	    ? page_staff_lang(p)
	    : "";
	struct template_var c[] = {
		{ "org", cfg->org_name },
		{ "phone", page_phone(p, cfg->org_phone) },
		{ "desk", page_desk(p) },
	};
	struct template_var v[] = {
		{ "title",
		    g != NULL ? g->title : tr(p, N_("Sådan klager du")) },
		{ "title_lang", lang },
		{ "t_lead",
		    tr(p,
			N_("Det koster ikke noget at klage, og du behøver ikke at skrive, hvorfor du klager. Du kan få hjælp til det.")) },
		{ "t_appeal_heading",
		    tr(p, N_("Hvis du er uenig i en afgørelse")) },
		{ "appeal", NULL },
		{ "t_unhappy_heading",
		    tr(p,
			N_("Hvis du er utilfreds med din mentor eller hjælpen")) },
		{ "dissatisfaction", NULL },
		{ "t_help_heading",
		    tr(p, N_("Hvis du vil have hjælp til at klage")) },
		{ "help", NULL },
		{ "contact",
		    page_fmt(p,
			N_("{org}: telefon {phone}. Du kan også spørge ved {desk}."),
			c, NVARS(c)) },
		{ "t_back", tr(p, N_("Tilbage til min aftale")) },
	};

	complaint_paragraphs(p, &appeal, g != NULL ? g->appeal : NULL, lang);
	complaint_paragraphs(
	    p, &unhappy, g != NULL ? g->dissatisfaction : NULL, lang);
	complaint_paragraphs(p, &help, g != NULL ? g->help : NULL, lang);
	page_set(v, NVARS(v), "appeal", buf_str(&appeal));
	page_set(v, NVARS(v), "dissatisfaction", buf_str(&unhappy));
	page_set(v, NVARS(v), "help", buf_str(&help));
	page_render(&p->content, tpl_complaint_html, v, NVARS(v));
	buf_free(&appeal);
	buf_free(&unhappy);
	buf_free(&help);
}

void
page_complaint(struct kiosk_request *req, struct web_reply *rep)
{
	struct page	    p;
	struct guidance_rec g;
	enum store_err	    e;
	const char	   *key;

	page_open(&p, req, rep, SCREEN_COMPLAINT);
	memset(&g, 0, sizeof(g));
	key = guidance_key(&p);
	e = store_guidance_get(req->k->store, key, p.lang, &g);
	if (e == STORE_NOTFOUND && strcmp(key, "default") != 0)
		e = store_guidance_get(req->k->store, "default", p.lang, &g);
	if (e != STORE_OK && e != STORE_NOTFOUND)
		log_warnx("kiosk: complaint guidance: %s", store_strerror(e));
	if (page_audit(&p, "view_complaint_guidance", key) == -1) {
		p.msg = MSG_ERROR;
		rep->status = 500;
	} else
		complaint_render(&p, e == STORE_OK ? &g : NULL);
	if (e == STORE_OK)
		guidance_rec_free(&g);
	page_close(&p);
}
