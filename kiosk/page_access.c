/*
 * page_access.c - "Hvem har set mine oplysninger" (who has seen my data;
 * GDPR art. 15): the audit rows about the logged-in citizen from the last
 * 12 months, newest first, one line per day for each kind of access:
 * the date, who (a role or unit, never a person's name), why (the
 * purpose) and what was done, with a count when it happened more than
 * once that day.  The rows come from store_audit_access(), which never
 * reads the actor's name or the detail; rows about other citizens cannot
 * be reached.  Looking at the list is itself audited (view_access_log),
 * before anything is shown.
 *
 * The two tables below are the whole mapping from audit rows to what the
 * citizen reads; a row they do not know is shown with the general texts,
 * never left out.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "datefmt.h"
#include "config.h"
#include "i18n.h"
#include "log.h"
#include "pages.h"
#include "store.h"
#include "templates.h"

#define ACCESS_PAGE_SIZE 20  /* lines per page */
#define ACCESS_PAGE_MAX	 500 /* pages anyone may ask for */
#define ACCESS_DAY_MAX	 32  /* kinds of access in one day */

/*
 * Who and why, by the audit row's actor kind and reason (NULL: any); the
 * first match wins.  The staff tools write their user's role as the
 * reason (mentor, caseworker, coordinator, desk, support) or the tool
 * ("mentorctl"); {org} is the organisation's name.
 */
static const struct access_role {
	const char *actor_kind;
	const char *reason;
	const char *who;
	const char *why;
} roles[] = {
	{ "kiosk", "login", N_("Selvbetjeningsskærmen i {org}"),
	    N_("Log ind med en kode på SMS") },
	{ "kiosk", NULL, N_("Dig selv, på skærmen i {org}"),
	    N_("Du brugte selvbetjeningen") },
	{ "daemon", "sms keyword", N_("Dig selv, på SMS"),
	    N_("Du skrev et kodeord på SMS") },
	{ "daemon", NULL, N_("SMS-tjenesten i {org}"), N_("Beskeder på SMS") },
	{ "staff", "mentor", N_("En mentor i {org}"), N_("Din mentorstøtte") },
	{ "staff", "caseworker", N_("En sagsbehandler i {org}"),
	    N_("Sagsbehandling") },
	{ "staff", "coordinator", N_("En koordinator i {org}"),
	    N_("Planlægning af mentorstøtten") },
	{ "staff", "desk", N_("Skranken i {org}"), N_("Hjælp ved skranken") },
	{ "staff", "support", N_("Support i {org}"), N_("Hjælp med systemet") },
	{ "staff", "mentorctl", N_("En medarbejder i {org}"),
	    N_("Administration af systemet") },
	{ "staff", NULL, N_("En medarbejder i {org}"),
	    N_("Arbejde med din sag") },
	{ "system", NULL, N_("Systemet i {org}"), N_("Drift af systemet") },
	{ NULL, NULL, N_("{org}"), N_("Ikke oplyst") },
};

/*
 * What was done, by action; NULL text: not an access to the citizen's
 * data (ending a session), not shown.  An unknown action gets the last
 * line's text.
 */
static const struct access_action {
	const char *action;
	const char *what;
} actions[] = {
	{ "kiosk_code_requested", N_("Bad om en kode til at logge ind") },
	{ "kiosk_code_refused",
	    N_("Fik ingen kode: der var bedt om for mange") },
	{ "kiosk_code_wrong", N_("Skrev en forkert kode") },
	{ "kiosk_code_voided",
	    N_("Koden blev lukket efter for mange forkerte forsøg") },
	{ "kiosk_cpr_locked",
	    N_("Log ind blev lukket i en time efter for mange forkerte koder") },
	{ "kiosk_login", N_("Loggede ind") },
	{ "kiosk_logout", NULL },
	{ "kiosk_timeout", NULL },
	{ "view_agreement", N_("Så din aftale") },
	{ "view_complaint_guidance", N_("Så, hvordan du klager") },
	{ "view_call_me", N_("Så, hvem der kan ringe til dig") },
	{ "kiosk_contact_request", N_("Bad om at blive ringet op") },
	{ "view_access_log", N_("Så, hvem der har set dine oplysninger") },
	{ "reminders_on", N_("Slog påmindelser på SMS til") },
	{ "reminders_off", N_("Slog påmindelser på SMS fra") },
	{ "add_citizen", N_("Skrev dig ind i systemet") },
	{ "show_citizen", N_("Så dit navn og dit mobilnummer") },
	{ "list_citizens", N_("Så en liste, hvor du står på") },
	{ "show_agreement", N_("Så din aftale") },
	{ "list_agreements", N_("Så en liste over aftaler, hvor din står på") },
	{ "list_meetings", N_("Så dine møder") },
	{ "send_sms", N_("Sendte en SMS til dig") },
	{ "list_outbox", N_("Så SMS'er til dig") },
	{ "show_outbox", N_("Så en SMS til dig") },
	{ "retry_sms", N_("Sendte en SMS til dig igen") },
	{ "view_inbox", N_("Så SMS'er fra dig") },
	{ "view_contact", N_("Så din besked om at blive ringet op") },
	{ "contact_ack", N_("Svarede på din besked om at blive ringet op") },
	{ "contact_close", N_("Lukkede din besked om at blive ringet op") },
	{ "export_audit", N_("Lavede en kopi af denne liste") },
	{ NULL, N_("Brugte dine oplysninger") },
};

#define NROLES	 (sizeof(roles) / sizeof(roles[0]))
#define NACTIONS (sizeof(actions) / sizeof(actions[0]))

/* One line: a kind of access on one day. */
struct access_line {
	time_t at; /* the newest row's time */
	size_t role, action;
	int    count;
};

struct access_view {
	struct page	  *p;
	int		   page; /* 0: the newest lines */
	size_t		   skip; /* lines before this page */
	size_t		   shown;
	int		   more; /* lines after this page */
	char		   day[CLOCK_DATE_LEN];
	struct access_line lines[ACCESS_DAY_MAX]; /* the day's kinds */
	size_t		   nlines;
	struct buf	   items;
};

/* The first entry of roles that fits row r. */
static size_t
access_role_of(const struct audit_access *r)
{
	size_t i;

	for (i = 0; i < NROLES - 1; i++)
		if (strcmp(roles[i].actor_kind, r->actor_kind) == 0 &&
		    (roles[i].reason == NULL ||
			strcmp(roles[i].reason, r->reason) == 0))
			break;
	return i;
}

/* The entry of actions for row r (the last one when unknown). */
static size_t
access_action_of(const struct audit_access *r)
{
	size_t i;

	for (i = 0; i < NACTIONS - 1; i++)
		if (strcmp(actions[i].action, r->action) == 0)
			break;
	return i;
}

/*
 * Append one line to the page's list (or count it as before or after
 * the page).
 */
static void
access_emit(struct access_view *w, const struct access_line *l)
{
	struct page	   *p = w->p;
	struct buf	    who = { 0 }, count = { 0 };
	char		    date[64], n[16];
	struct template_var o[] = { { "org", p->req->k->cfg->org_name } };
	struct template_var c[] = { { "n", n } };
	struct template_var v[] = {
		{ "date", date },
		{ "t_who", tr(p, N_("Hvem")) },
		{ "who", NULL },
		{ "t_why", tr(p, N_("Hvorfor")) },
		{ "why", tr(p, roles[l->role].why) },
		{ "t_what", tr(p, N_("Hvad")) },
		{ "what", tr(p, actions[l->action].what) },
		{ "count", NULL },
	};

	if (w->skip > 0) {
		w->skip--;
		return;
	}
	if (w->shown == ACCESS_PAGE_SIZE) {
		w->more = 1;
		return;
	}
	datefmt_date(l->at, p->lang, date, sizeof(date));
	page_fmt_buf(p, roles[l->role].who, o, NVARS(o), &who);
	snprintf(n, sizeof(n), "%d", l->count);
	if (l->count > 1)
		buf_puts(&count,
		    page_nfmt(p, N2_("({n} gang)", "({n} gange)"),
			(unsigned long)l->count, c, NVARS(c)));
	page_set(v, NVARS(v), "who", buf_str(&who));
	page_set(v, NVARS(v), "count", buf_str(&count));
	page_render(&w->items, tpl_access_item_html, v, NVARS(v));
	w->shown++;
	buf_free(&who);
	buf_free(&count);
}

/* Emit the day's lines and start a new day. */
static void
access_flush(struct access_view *w)
{
	size_t i;

	for (i = 0; i < w->nlines; i++)
		access_emit(w, &w->lines[i]);
	w->nlines = 0;
}

/* store_audit_access() callback: group the row into its day's lines. */
static int
access_row(const struct audit_access *r, void *arg)
{
	struct access_view *w = arg;
	struct access_line *l;
	char		    day[CLOCK_DATE_LEN];
	size_t		    role = access_role_of(r);
	size_t		    action = access_action_of(r);
	size_t		    i;

	if (actions[action].what == NULL)
		return 0;
	clock_format_local(r->at, "%Y-%m-%d", day, sizeof(day));
	if (strcmp(day, w->day) != 0) {
		access_flush(w);
		memcpy(w->day, day, sizeof(day));
	}
	for (i = 0; i < w->nlines; i++) {
		l = &w->lines[i];
		if (l->role == role && l->action == action) {
			l->count++;
			return 0;
		}
	}
	if (w->nlines == ACCESS_DAY_MAX)
		access_flush(w);
	l = &w->lines[w->nlines++];
	l->at = r->at;
	l->role = role;
	l->action = action;
	l->count = 1;
	return w->more;
}

/*
 * The start of the day 12 months before today, local time.
 */
static time_t
access_since(void)
{
	char   today[CLOCK_DATE_LEN], then[CLOCK_DATE_LEN + 24];
	time_t t;

	clock_today(today);
	snprintf(then, sizeof(then), "%04ld%.6s", strtol(today, NULL, 10) - 1,
	    today + 4);
	if (strcmp(then + 4, "-02-29") == 0)
		memcpy(then + 4, "-03-01", 7);
	if ((t = clock_date_start(then)) == (time_t)-1)
		t = clock_now() - 366 * 86400;
	return t;
}

/* The page number asked for (?page=N), 0 when absent or bad. */
static int
access_page_number(struct kiosk_request *req)
{
	const char *s = web_query(req->web, "page");
	char	   *end;
	long	    n;

	if (s == NULL)
		return 0;
	n = strtol(s, &end, 10);
	if (end == s || *end != '\0' || n < 0 || n > ACCESS_PAGE_MAX)
		return 0;
	return (int)n;
}

/*
 * The links to newer and older lines (none when all fit), as HTML kept
 * by the page.
 */
static const char *
access_pager(struct access_view *w)
{
	struct page	   *p = w->p;
	struct buf	    links = { 0 }, out = { 0 };
	char		    n[16];
	struct template_var l[] = { { "n", n }, { "text", NULL } };
	struct template_var v[] = {
		{ "t_pages", tr(p, N_("Flere linjer")) },
		{ "links", NULL },
	};

	if (w->page > 0) {
		snprintf(n, sizeof(n), "%d", w->page - 1);
		page_set(l, NVARS(l), "text", tr(p, N_("Nyere")));
		page_render(&links, tpl_access_link_html, l, NVARS(l));
	}
	if (w->more) {
		snprintf(n, sizeof(n), "%d", w->page + 1);
		page_set(l, NVARS(l), "text", tr(p, N_("Ældre")));
		page_render(&links, tpl_access_link_html, l, NVARS(l));
	}
	page_set(v, NVARS(v), "links", buf_str(&links));
	if (links.len > 0)
		page_render(&out, tpl_access_pager_html, v, NVARS(v));
	buf_free(&links);
	return page_keep(p, buf_take(&out));
}

/* Render the screen around the lines. */
static void
access_render(struct access_view *w)
{
	struct page	   *p = w->p;
	struct buf	    list = { 0 };
	struct template_var e[] = {
		{ "text", tr(p, N_("Der er ikke noget at vise her.")) },
		{ "lang", "" },
	};
	struct template_var i[] = { { "items", buf_str(&w->items) } };
	struct template_var v[] = {
		{ "t_heading", tr(p, N_("Hvem har set mine oplysninger")) },
		{ "t_lead",
		    tr(p,
			N_("Her kan du se, hvornår dine oplysninger er brugt det seneste år. Du kan også se, hvem der brugte dem, og hvorfor.")) },
		{ "t_names",
		    tr(p,
			N_("Vi viser ikke navne på medarbejdere. Du ser kun, hvilken rolle de har. Vil du vide mere, kan du spørge din mentor.")) },
		{ "items", NULL },
		{ "pager", access_pager(w) },
		{ "t_privacy",
		    tr(p, N_("Sådan passer vi på dine oplysninger")) },
		{ "t_back", tr(p, N_("Tilbage til min aftale")) },
	};

	if (w->shown == 0)
		page_render(&list, tpl_paragraph_html, e, NVARS(e));
	else
		page_render(&list, tpl_access_list_html, i, NVARS(i));
	page_set(v, NVARS(v), "items", buf_str(&list));
	page_render(&p->content, tpl_access_html, v, NVARS(v));
	buf_free(&list);
}

void
page_access(struct kiosk_request *req, struct web_reply *rep)
{
	struct page	   p;
	struct access_view w;
	enum store_err	   e;
	char		   detail[32];

	page_open(&p, req, rep, SCREEN_ACCESS);
	memset(&w, 0, sizeof(w));
	w.p = &p;
	w.page = access_page_number(req);
	w.skip = (size_t)w.page * ACCESS_PAGE_SIZE;
	snprintf(detail, sizeof(detail), "page=%d", w.page);
	if (page_audit(&p, "view_access_log", detail) == -1)
		e = STORE_ERROR;
	else if ((e = store_audit_access(req->k->store, req->sess->citizen_id,
		      access_since(), access_row, &w)) == STORE_OK &&
	    !w.more)
		access_flush(&w);
	if (e == STORE_OK)
		access_render(&w);
	else {
		log_warnx("kiosk: access log page: %s", store_strerror(e));
		buf_reset(&p.content);
		p.msg = MSG_ERROR;
		rep->status = 500;
	}
	buf_free(&w.items);
	page_close(&p);
}
