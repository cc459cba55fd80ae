/*
 * page_agreement.c - "My agreement": the citizen's mentor and how to reach
 * them, goal, tasks, period, hours and next meetings.  Anything missing
 * says "not recorded - ask your mentor", never hides.  No agreement gives
 * a kind page that says whom to ask.  Every showing is audited first; if
 * the audit row cannot be written nothing is shown.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "datefmt.h"
#include "config.h"
#include "contact.h"
#include "i18n.h"
#include "log.h"
#include "pages.h"
#include "store.h"
#include "templates.h"

#define MEETINGS_SHOWN 5

struct agreement_view {
	struct page	    *p;
	struct citizen_rec   citizen;
	struct agreement_rec agreement;
	struct staff_rec     mentor;
	struct staff_rec     deputy;
	int		     has_agreement, has_mentor, has_deputy;
	char		     today[CLOCK_DATE_LEN];
	struct buf	     meetings;
	size_t		     nmeetings;
};

#define NOT_RECORDED N_("Ikke skrevet ned – spørg din mentor")

/*
 * A date "YYYY-MM-DD" as "søndag den 1. november 2026" in the page's language.
 */
static const char *
date_human(struct page *p, const char *date)
{
	char   out[64];
	time_t t = clock_date_start(date);

	if (t == (time_t)-1)
		return date;
	datefmt_date(t + 12 * 3600, p->lang, out, sizeof(out));
	return page_keep(p, strdup(out));
}

/*
 * Append one label/value row; a NULL or empty value shows as not recorded.
 * staff: the value is the staff's own words (marked as Danish).
 */
static void
agreement_fact(struct page *p, struct buf *out, const char *label,
    const char *value, int staff)
{
	int		    missing = value == NULL || value[0] == '\0';
	struct template_var v[] = {
		{ "label", label },
		{ "value", missing ? tr(p, NOT_RECORDED) : value },
		{ "lang", staff && !missing ? page_staff_lang(p) : "" },
	};

	page_render(
	    out, missing ? tpl_fact_missing_html : tpl_fact_html, v, NVARS(v));
}

/*
 * Append a paragraph, or "not recorded" when text is NULL or empty.
 * staff: the text is the staff's own words (marked as Danish).
 */
static void
agreement_paragraph(
    struct page *p, struct buf *out, const char *text, int staff)
{
	int		    missing = text == NULL || text[0] == '\0';
	struct template_var v[] = {
		{ "text", missing ? tr(p, NOT_RECORDED) : text },
		{ "lang", staff ? page_staff_lang(p) : "" },
	};

	page_render(
	    out, missing ? tpl_missing_html : tpl_paragraph_html, v, NVARS(v));
}

/*
 * Append an information note with a heading.
 */
static void
agreement_note(
    struct page *p, struct buf *out, const char *heading, const char *text)
{
	struct template_var v[] = {
		{ "icon_label", tr(p, N_("Information")) },
		{ "heading", heading },
		{ "text", text },
	};

	page_render(out, tpl_note_html, v, NVARS(v));
}

/*
 * The mentor away today: who stands in, or whom to ask.
 */
static void
mentor_away(struct agreement_view *w, struct buf *out)
{
	struct page	   *p = w->p;
	struct template_var v[] = {
		{ "deputy", w->has_deputy ? w->deputy.name : NULL },
		{ "phone",
		    w->has_deputy && w->deputy.mobile != NULL
			? page_phone(p, w->deputy.mobile)
			: tr(p, N_("ikke skrevet ned")) },
		{ "desk", page_desk(p) },
	};

	agreement_note(p, out,
	    tr(p, N_("Din mentor er ikke på arbejde lige nu")),
	    w->has_deputy
		? page_fmt(p,
		      N_("Imens kan du kontakte {deputy}, telefon {phone}. Trykker du på „Ring mig op“, får {deputy} besked."),
		      v, NVARS(v))
		: page_fmt(p,
		      N_("Spørg ved {desk}, hvis du har brug for hjælp, mens din mentor er væk."),
		      v, NVARS(v)));
}

/*
 * The mentor section: name, phone, e-mail, when reachable, and the notes
 * on standing in and on a mentor who is also the caseworker.
 */
static void
section_mentor(struct agreement_view *w, struct buf *out)
{
	struct page	       *p = w->p;
	const struct staff_rec *m = &w->mentor;
	struct buf		rows = { 0 };
	struct template_var	v[] = { { "rows", NULL } };
	struct template_var	d[] = { { "desk", page_desk(p) } };

	if (!w->has_mentor) {
		agreement_paragraph(p, out,
		    page_fmt(p, N_("Ikke skrevet ned – spørg ved {desk}."), d,
			NVARS(d)),
		    0);
		return;
	}
	agreement_fact(p, &rows, tr(p, N_("Navn")), m->name, 0);
	agreement_fact(p, &rows, tr(p, N_("Telefon")),
	    m->mobile != NULL ? page_phone(p, m->mobile) : NULL, 0);
	agreement_fact(p, &rows, tr(p, N_("E-mail")), m->email, 0);
	agreement_fact(p, &rows, tr(p, N_("Her kan du få fat i din mentor")),
	    m->reachable, 1);
	page_set(v, NVARS(v), "rows", buf_str(&rows));
	page_render(out, tpl_facts_html, v, NVARS(v));
	buf_free(&rows);
	if (staff_is_away(m, w->today))
		mentor_away(w, out);
	if (w->agreement.mentor_id == w->agreement.caseworker_id ||
	    (m->is_caseworker && w->agreement.caseworker_id == 0))
		agreement_note(p, out,
		    tr(p, N_("Din mentor er også din sagsbehandler")),
		    tr(p,
			N_("Det betyder, at den samme person både hjælper dig og er med til at træffe afgørelser i din sag – fx om du får mentorstøtte, og hvor længe. Du må gerne sige det, hvis du hellere vil tale med en anden om noget. Og du kan altid klage. Se hvordan længere nede.")));
}

/*
 * The tasks as a numbered list, or not recorded.
 */
static void
section_tasks(struct agreement_view *w, struct buf *out)
{
	struct buf	    items = { 0 };
	size_t		    i;
	struct template_var v[] = {
		{ "text", NULL },
		{ "lang", page_staff_lang(w->p) },
	};
	struct template_var l[] = { { "items", NULL } };

	if (w->agreement.ntasks == 0) {
		agreement_paragraph(w->p, out, NULL, 0);
		return;
	}
	for (i = 0; i < w->agreement.ntasks; i++) {
		page_set(v, NVARS(v), "text", w->agreement.tasks[i]);
		page_render(&items, tpl_list_item_html, v, NVARS(v));
	}
	page_set(l, NVARS(l), "items", buf_str(&items));
	page_render(out, tpl_list_html, l, NVARS(l));
	buf_free(&items);
}

/*
 * "There are 45 days left", "It ends today", "It starts in 3 days".
 */
static const char *
days_left(struct agreement_view *w)
{
	struct page *p = w->p;
	const char *start = w->agreement.starts_on, *end = w->agreement.ends_on;
	char	    n[16];
	int	    d;
	struct template_var v[] = { { "n", n } };

	if (start != NULL && (d = clock_days_between(w->today, start)) > 0 &&
	    d != INT_MIN) {
		snprintf(n, sizeof(n), "%d", d);
		return page_nfmt(p,
		    N2_("Din aftale begynder om {n} dag.",
			"Din aftale begynder om {n} dage."),
		    (unsigned long)d, v, NVARS(v));
	}
	if (end == NULL || (d = clock_days_between(w->today, end)) == INT_MIN)
		return NULL;
	snprintf(n, sizeof(n), "%d", d);
	if (d < 0)
		return tr(p,
		    N_("Perioden er slut. Spørg din mentor, om der kommer en ny aftale."));
	if (d == 0)
		return tr(p, N_("Din aftale slutter i dag."));
	return page_nfmt(p,
	    N2_("Der er {n} dag tilbage.", "Der er {n} dage tilbage."),
	    (unsigned long)d, v, NVARS(v));
}

/*
 * The period: dates, days left, and the right to at least 6 months when
 * the agreement follows a discharge (worded without naming it).
 */
static void
section_period(struct agreement_view *w, struct buf *out)
{
	struct page	   *p = w->p;
	struct buf	    rows = { 0 };
	struct template_var v[] = { { "rows", NULL } };
	const char	   *left;

	agreement_fact(p, &rows, tr(p, N_("Fra")),
	    w->agreement.starts_on != NULL
		? date_human(p, w->agreement.starts_on)
		: NULL,
	    0);
	agreement_fact(p, &rows, tr(p, N_("Til")),
	    w->agreement.ends_on != NULL ? date_human(p, w->agreement.ends_on)
					 : NULL,
	    0);
	page_set(v, NVARS(v), "rows", buf_str(&rows));
	page_render(out, tpl_facts_html, v, NVARS(v));
	buf_free(&rows);
	if ((left = days_left(w)) != NULL)
		agreement_paragraph(p, out, left, 0);
	if (w->agreement.after_discharge)
		agreement_note(p, out,
		    tr(p, N_("Du har ret til mindst 6 måneder")),
		    tr(p,
			N_("Du har ret til mentorstøtte i mindst 6 måneder i alt. Det gælder, selv om en periode er kortere. Spørg din mentor, hvis du vil vide mere.")));
}

/*
 * "4 timer om ugen", "1,5 timer i alt", or not recorded.
 */
static void
section_hours(struct agreement_view *w, struct buf *out)
{
	struct page		   *p = w->p;
	const struct agreement_rec *a = &w->agreement;
	char			    n[32], *c;
	int			    week;
	unsigned long		    count;
	struct template_var	    v[] = { { "n", n } };

	if (a->hours_amount <= 0 || a->hours_per == NULL) {
		agreement_paragraph(p, out, NULL, 0);
		return;
	}
	snprintf(n, sizeof(n), "%g", a->hours_amount);
	if (strcmp(p->lang, "da") == 0 && (c = strchr(n, '.')) != NULL)
		*c = ',';
	week = strcmp(a->hours_per, "week") == 0;
	/* A fraction ("1,5") takes the form of 2 in da, en, pl and uk. */
	count = a->hours_amount == (double)(unsigned long)a->hours_amount
	    ? (unsigned long)a->hours_amount
	    : 2;
	agreement_paragraph(p, out,
	    week ? page_nfmt(p, N2_("{n} time om ugen", "{n} timer om ugen"),
		       count, v, NVARS(v))
		 : page_nfmt(p, N2_("{n} time i alt", "{n} timer i alt"), count,
		       v, NVARS(v)),
	    0);
}

static const char *const meeting_kinds[] = {
	N_("Møde med din mentor"),
	N_("Møde med din sagsbehandler"),
	N_("Møde"),
};

/*
 * Append one meeting: date, time, place, kind and whether it moved or
 * was cancelled.
 */
static int
meeting_row(const struct meeting_rec *m, void *arg)
{
	struct agreement_view *w = arg;
	struct page	      *p = w->p;
	char		    date[128], hhmm[24], from[32], to[32], timebuf[96];
	size_t		    kind = strcmp(m->kind, "mentor") == 0 ? 0
			 : strcmp(m->kind, "caseworker") == 0	  ? 1
								  : 2;
	int		    place = m->place != NULL && m->place[0] != '\0';
	struct template_var tv[] = { { "from", from }, { "to", to } };
	struct template_var v[] = {
		{ "date", date },
		{ "time", timebuf },
		{ "place",
		    place
			? m->place
			: tr(p,
			      N_("Sted: ikke skrevet ned – spørg din mentor")) },
		{ "place_lang", place ? page_staff_lang(p) : "" },
		{ "kind", tr(p, meeting_kinds[kind]) },
		{ "status",
		    strcmp(m->status, "cancelled") == 0 ? tr(p, N_(" – aflyst"))
			: strcmp(m->status, "moved") == 0
			? tr(p, N_(" – tidspunktet er ændret"))
			: "" },
	};

	datefmt_date(m->starts_at, p->lang, date, sizeof(date));
	datefmt_time(m->starts_at, p->lang, hhmm, sizeof(hhmm));
	page_ltr_copy(p, hhmm, from, sizeof(from));
	datefmt_time(m->ends_at, p->lang, hhmm, sizeof(hhmm));
	page_ltr_copy(p, hhmm, to, sizeof(to));
	snprintf(timebuf, sizeof(timebuf), "%s",
	    page_fmt(p, N_("kl. {from}–{to}"), tv, NVARS(tv)));
	page_render(&w->meetings, tpl_meeting_html, v, NVARS(v));
	w->nmeetings++;
	return 0;
}

/*
 * The next meetings from the start of today.
 */
static enum store_err
section_meetings(struct agreement_view *w, struct buf *out)
{
	struct template_var v[] = { { "items", NULL } };
	enum store_err	    e;

	e = store_meeting_list(w->p->req->k->store, w->agreement.id,
	    clock_date_start(w->today), MEETINGS_SHOWN, meeting_row, w);
	if (e != STORE_OK)
		return e;
	if (w->nmeetings == 0) {
		agreement_paragraph(w->p, out,
		    tr(w->p,
			N_("Der står ingen kommende møder. Spørg din mentor, hvis du venter et møde.")),
		    0);
		return STORE_OK;
	}
	page_set(v, NVARS(v), "items", buf_str(&w->meetings));
	page_render(out, tpl_meetings_html, v, NVARS(v));
	return STORE_OK;
}

/*
 * Read the citizen, the current agreement and its staff.
 */
static enum store_err
agreement_view_load(struct agreement_view *w)
{
	struct store	    *st = w->p->req->k->store;
	struct contact_route r;
	enum store_err	     e;

	clock_today(w->today);
	if ((e = store_citizen_get(
		 st, w->p->req->sess->citizen_id, &w->citizen)) != STORE_OK)
		return e;
	e = store_agreement_current(st, w->citizen.id, w->today, &w->agreement);
	if (e == STORE_NOTFOUND)
		return STORE_OK;
	if (e != STORE_OK)
		return e;
	w->has_agreement = 1;
	if (w->agreement.mentor_id != 0 &&
	    (e = store_staff_get(st, w->agreement.mentor_id, &w->mentor)) !=
		STORE_OK)
		return e;
	w->has_mentor = w->agreement.mentor_id != 0;
	if (w->has_mentor && staff_is_away(&w->mentor, w->today)) {
		/* Name the deputy only when a request would go to them. */
		if ((e = contact_route(st, w->p->req->k->cfg, &w->agreement,
			 w->today, &r)) != STORE_OK)
			return e;
		if (strcmp(r.as, "deputy") == 0) {
			e = store_staff_get(st, r.staff_id, &w->deputy);
			w->has_deputy = e == STORE_OK;
		}
		contact_route_free(&r);
	}
	return e;
}

static void
agreement_view_free(struct agreement_view *w)
{
	citizen_rec_free(&w->citizen);
	if (w->has_agreement)
		agreement_rec_free(&w->agreement);
	if (w->has_mentor)
		staff_rec_free(&w->mentor);
	if (w->has_deputy)
		staff_rec_free(&w->deputy);
	buf_free(&w->meetings);
}

/*
 * The kind page for a citizen without an agreement.
 */
static void
render_no_agreement(struct agreement_view *w)
{
	struct page	    *p = w->p;
	const struct config *cfg = p->req->k->cfg;
	struct template_var  n[] = {
		 { "name", w->citizen.given_name },
		 { "desk", page_desk(p) },
		 { "org", cfg->org_name },
		 { "phone", page_phone(p, cfg->org_phone) },
	};
	struct template_var v[] = {
		{ "greeting", page_fmt(p, N_("Hej {name}"), n, NVARS(n)) },
		{ "t_lead",
		    tr(p,
			N_("Vi kan ikke finde en aftale om mentorstøtte til dig lige nu.")) },
		{ "t_why",
		    tr(p,
			N_("Det kan være, fordi aftalen ikke er skrevet ind endnu, eller fordi den er slut. Det er ikke noget, du har gjort forkert.")) },
		{ "t_ask",
		    page_fmt(p,
			N_("Spørg ved {desk}, eller ring til {org} på {phone}. Så finder de ud af det sammen med dig."),
			n, NVARS(n)) },
		{ "t_complain", tr(p, N_("Sådan klager du")) },
		{ "t_data_heading", tr(p, N_("Dine oplysninger")) },
		{ "t_access", tr(p, N_("Hvem har set mine oplysninger")) },
		{ "t_privacy",
		    tr(p, N_("Sådan passer vi på dine oplysninger")) },
	};

	page_render(&p->content, tpl_no_agreement_html, v, NVARS(v));
}

/*
 * The agreement page for a citizen with an agreement.
 */
static enum store_err
render_agreement(struct agreement_view *w)
{
	struct page		*p = w->p;
	static const char *const sections[] = {
		"mentor",
		"goal",
		"tasks",
		"period",
		"hours",
		"meetings",
	};
	struct buf	    s[6] = { { 0 } };
	enum store_err	    e;
	size_t		    i;
	struct template_var n[] = { { "name", w->citizen.given_name } };
	struct template_var v[] = {
		{ "greeting", page_fmt(p, N_("Hej {name}"), n, NVARS(n)) },
		{ "t_lead", tr(p, N_("Her er din aftale om mentorstøtte.")) },
		{ "t_call", tr(p, N_("Bed min mentor ringe til mig")) },
		{ "t_complain", tr(p, N_("Sådan klager du")) },
		{ "t_mentor_heading", tr(p, N_("Din mentor")) },
		{ "mentor", NULL },
		{ "t_goal_heading", tr(p, N_("Målet med din mentorstøtte")) },
		{ "goal", NULL },
		{ "t_tasks_heading",
		    tr(p, N_("Det hjælper din mentor dig med")) },
		{ "tasks", NULL },
		{ "t_period_heading", tr(p, N_("Periode")) },
		{ "period", NULL },
		{ "t_hours_heading", tr(p, N_("Timer")) },
		{ "hours", NULL },
		{ "t_meetings_heading", tr(p, N_("Dine næste møder")) },
		{ "meetings", NULL },
		{ "t_complaint_heading",
		    tr(p, N_("Hvis du er uenig eller utilfreds")) },
		{ "t_complaint_text",
		    tr(p,
			N_("Du kan klage over en afgørelse, og du kan sige, hvis du er utilfreds med din mentor eller hjælpen.")) },
		{ "t_data_heading", tr(p, N_("Dine oplysninger")) },
		{ "t_access", tr(p, N_("Hvem har set mine oplysninger")) },
		{ "t_privacy",
		    tr(p, N_("Sådan passer vi på dine oplysninger")) },
	};

	section_mentor(w, &s[0]);
	agreement_paragraph(p, &s[1], w->agreement.goal, 1);
	section_tasks(w, &s[2]);
	section_period(w, &s[3]);
	section_hours(w, &s[4]);
	if ((e = section_meetings(w, &s[5])) == STORE_OK) {
		for (i = 0; i < 6; i++)
			page_set(v, NVARS(v), sections[i], buf_str(&s[i]));
		page_render(&p->content, tpl_agreement_html, v, NVARS(v));
	}
	for (i = 0; i < 6; i++)
		buf_free(&s[i]);
	return e;
}

void
page_agreement(struct kiosk_request *req, struct web_reply *rep)
{
	struct page	      p;
	struct agreement_view w;
	enum store_err	      e;

	page_open(&p, req, rep, SCREEN_AGREEMENT);
	memset(&w, 0, sizeof(w));
	w.p = &p;
	e = agreement_view_load(&w);
	if (e == STORE_OK &&
	    page_audit(&p, "view_agreement",
		w.has_agreement ? w.agreement.external_id : "none") == -1)
		e = STORE_ERROR;
	if (e == STORE_OK && !w.has_agreement)
		render_no_agreement(&w);
	else if (e == STORE_OK)
		e = render_agreement(&w);
	if (e != STORE_OK) {
		log_warnx("kiosk: agreement page: %s", store_strerror(e));
		buf_reset(&p.content);
		p.msg = MSG_ERROR;
		rep->status = 500;
	}
	agreement_view_free(&w);
	page_close(&p);
}
