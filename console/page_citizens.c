/*
 * page_citizens.c - "Mine borgere": the citizens where I am mentor or
 * caseworker, and one citizen's agreement (the six items of the written
 * agreement), next meetings, agreements to change (page_agreement.c,
 * page_meeting.c) and journal notes.  Another mentor's citizen is
 * refused (403) and the attempt audited.
 *
 *	GET /citizens?page=N	the list (50 a page), audited as a list
 *	GET /citizen?id=N	one citizen, audited
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks.h"
#include "clock.h"
#include "log.h"
#include "pages.h"
#include "store.h"
#include "store_console.h"

#define MEETINGS_SHOWN 5
#define NOTES_SHOWN    10

struct citizens_view {
	struct creq *r;
	int	     shown;
	int	     failed;
};

/* A number from a query field in [0, max], or -1. */
static int64_t
query_number(struct creq *r, const char *name, int64_t max)
{
	return page_number(web_query(r->web, name), 0, max);
}

/* What I am and what the agreement is, by [as mentor][is a draft]. */
static const char *const role_text[2][2] = {
	{ "Du er sagsbehandler. Aftalen er aktiv.",
	    "Du er sagsbehandler. Aftalen er en kladde." },
	{ "Du er mentor. Aftalen er aktiv.",
	    "Du er mentor. Aftalen er en kladde." },
};

/* One citizen of the list; audited. */
static int
citizen_item(const struct console_citizen *c, void *arg)
{
	struct citizens_view *v = arg;
	struct buf	     *b = &v->r->rep->body;
	struct template_var   ends[] = { { "date", c->ends_on } };

	if (page_audit(v->r, "list_citizens", c->citizen_id) != STORE_OK) {
		v->failed = 1;
		return 1;
	}
	buf_printf(b,
	    "<li><h2><a translate=\"no\" href=\"/citizen?id=%" PRId64 "\">",
	    c->citizen_id);
	buf_puts_html(b, c->given_name);
	buf_puts(b, "</a></h2><p>");
	page_bi(
	    b, role_text[c->as_mentor != 0][strcmp(c->status, "draft") == 0]);
	if (c->ends_on != NULL) {
		buf_puts(b, "</p><p>");
		page_bit(b, "Den slutter {date}.", ends, 1);
	}
	buf_puts(b, "</p></li>");
	v->shown++;
	return 0;
}

/* See pages.h. */
void
page_citizens(struct creq *r)
{
	struct citizens_view v = { r, 0, 0 };
	struct store	    *s = r->c->store;
	int64_t		     page;
	int		     more = 0;
	enum store_err	     e;

	if ((page = query_number(r, "page", 100000)) < 0)
		page = 0;
	page_begin(r, "Mine borgere");
	if (web_query(r->web, "ended") != NULL)
		page_alert(r, "success", "Aftalen er afsluttet.");
	buf_puts(&r->rep->body, "<ul class=\"console-list\">");
	if ((e = store_begin(s)) == STORE_OK) {
		e = store_console_citizens(
		    s, r->s->staff_id, (size_t)page, &more, citizen_item, &v);
		if (e == STORE_OK && !v.failed)
			e = store_commit(s);
		else
			store_rollback(s);
	}
	if (e != STORE_OK || v.failed) {
		log_warnx("console: citizens: %s", store_errmsg(s));
		page_error(r, 500, "Der skete en fejl", "Prøv igen.");
		return;
	}
	buf_puts(&r->rep->body, "</ul>");
	if (v.shown == 0) {
		buf_puts(&r->rep->body, "<p>");
		page_bi(&r->rep->body, "Du har ingen borgere lige nu.");
		buf_puts(&r->rep->body, "</p>");
	}
	if (more) {
		buf_printf(&r->rep->body,
		    "<p><a href=\"/citizens?page=%" PRId64 "\">", page + 1);
		page_bi(&r->rep->body, "Flere borgere");
		buf_puts(&r->rep->body, "</a></p>");
	}
	page_end(r);
}

/* One "label: value" line of the agreement; value NULL: not recorded. */
static void
fact(struct buf *b, const char *label, const char *value)
{
	buf_puts(b, "<dt>");
	page_bi(b, label);
	buf_puts(b, "</dt><dd>");
	buf_puts_html(
	    b, value != NULL && value[0] != '\0' ? value : "ikke registreret");
	buf_puts(b, "</dd>");
}

/* A staff member's name, or NULL. */
static char *
staff_name(struct creq *r, int64_t id)
{
	struct staff_rec st;
	char		*name;

	if (id == 0 || store_staff_get(r->c->store, id, &st) != STORE_OK)
		return NULL;
	name = st.name;
	st.name = NULL;
	staff_rec_free(&st);
	return name;
}

/* Item 6: the complaint guidance's title, as agreement show has it. */
static void
guidance_fact(struct creq *r, const struct agreement_rec *a)
{
	struct guidance_rec g;

	if (a->guidance_key == NULL ||
	    store_guidance_get(r->c->store, a->guidance_key, "da", &g) !=
		STORE_OK) {
		fact(&r->rep->body, "Klagevejledning", NULL);
		return;
	}
	fact(&r->rep->body, "Klagevejledning", g.title);
	guidance_rec_free(&g);
}

/* The six items of agreement a. */
static void
agreement_facts(struct creq *r, const struct agreement_rec *a)
{
	struct buf *b = &r->rep->body;
	char	   *mentor = staff_name(r, a->mentor_id);
	char	    period[32], hours[48];
	size_t	    i;

	snprintf(period, sizeof(period), "%s – %s",
	    a->starts_on != NULL ? a->starts_on : "?",
	    a->ends_on != NULL ? a->ends_on : "?");
	if (a->hours_per != NULL)
		snprintf(hours, sizeof(hours), "%g timer %s", a->hours_amount,
		    strcmp(a->hours_per, "week") == 0 ? "om ugen" : "i alt");
	else
		hours[0] = '\0';
	buf_puts(b, "<h2>");
	page_bi(b, "Aftalen");
	buf_puts(b, "</h2><dl>");
	fact(b, "Mål", a->goal);
	fact(b, "Mentor", mentor);
	fact(b, "Periode",
	    a->starts_on == NULL && a->ends_on == NULL ? NULL : period);
	fact(b, "Timer", hours);
	guidance_fact(r, a);
	buf_puts(b, "<dt>");
	page_bi(b, "Opgaver");
	buf_puts(b, "</dt><dd>");
	if (a->ntasks == 0)
		buf_puts(b, "ikke registreret");
	else {
		buf_puts(b, "<ol>");
		for (i = 0; i < a->ntasks; i++) {
			buf_puts(b, "<li>");
			buf_puts_html(b, a->tasks[i]);
			buf_puts(b, "</li>");
		}
		buf_puts(b, "</ol>");
	}
	buf_puts(b, "</dd></dl>");
	free(mentor);
}

/*
 * The agreement's warnings, the checks `mentorctl agreement show` runs
 * (shared/checks.c).  Returns the store's result.
 */
static enum store_err
agreement_warnings(struct creq *r, const struct agreement_rec *a)
{
	struct buf	  *b = &r->rep->body;
	struct check_input in;
	unsigned int	   failed;
	enum store_err	   e;
	int		   i;

	if ((e = checks_gather(r->c->store, a, &in)) != STORE_OK)
		return e;
	if ((failed = checks_run(&in)) == 0)
		return STORE_OK;
	buf_puts(b, "<div class=\"alert alert-warning\" role=\"status\"><h2>");
	page_bi(b, "Advarsler");
	buf_puts(b, "</h2><ul>");
	for (i = 0; i < CHECK__MAX; i++) {
		if (!(failed & (1u << i)))
			continue;
		buf_puts(b, "<li>");
		page_bi(b, checks[i].text);
		buf_puts(b, "</li>");
	}
	buf_puts(b, "</ul></div>");
	return STORE_OK;
}

/* One meeting of the list. */
static int
meeting_item(const struct meeting_rec *m, void *arg)
{
	struct creq *r = arg;
	struct buf  *b = &r->rep->body;
	char	     when[64];

	if (strcmp(m->status, "cancelled") == 0)
		return 0;
	page_time(m->starts_at, when, sizeof(when));
	buf_printf(
	    b, "<li><a href=\"/meeting?id=%" PRId64 "\">%s", m->id, when);
	if (m->place != NULL) {
		buf_puts(b, ", ");
		buf_puts_html(b, m->place);
	}
	buf_puts(b,
	    strcmp(m->status, "moved") == 0 ? " (flyttet)</a></li>"
					    : "</a></li>");
	return 0;
}

/*
 * The citizen's current agreement, its warnings and next meetings;
 * audited.  No agreement is not an error.  Returns the store's result.
 */
static enum store_err
citizen_agreement(struct creq *r, int64_t citizen_id)
{
	struct agreement_rec a;
	char		     today[CLOCK_DATE_LEN];
	enum store_err	     e;

	clock_today(today);
	e = store_agreement_current(r->c->store, citizen_id, today, &a);
	if (e == STORE_NOTFOUND) {
		buf_puts(&r->rep->body, "<p>");
		page_bi(&r->rep->body, "Ingen aktiv aftale.");
		buf_puts(&r->rep->body, "</p>");
		return STORE_OK;
	}
	if (e != STORE_OK)
		return e;
	agreement_facts(r, &a);
	buf_printf(&r->rep->body,
	    "<p><a class=\"button button-secondary console-edit\" "
	    "href=\"/agreement?id=%" PRId64 "\">",
	    a.id);
	page_bi(&r->rep->body, "Ret aftalen");
	buf_puts(&r->rep->body, "</a></p>");
	if ((e = agreement_warnings(r, &a)) == STORE_OK) {
		buf_puts(&r->rep->body, "<h2>");
		page_bi(&r->rep->body, "Næste møder");
		buf_puts(&r->rep->body, "</h2><ul>");
		e = store_meeting_list(
		    r->c->store, a.id, r->now, MEETINGS_SHOWN, meeting_item, r);
		buf_printf(&r->rep->body,
		    "</ul><p><a class=\"button button-secondary\" "
		    "href=\"/meeting/new?agreement=%" PRId64 "\">",
		    a.id);
		page_bi(&r->rep->body, "Nyt møde");
		buf_puts(&r->rep->body, "</a></p>");
	}
	if (e == STORE_OK)
		e = page_audit(r, "show_agreement", citizen_id);
	agreement_rec_free(&a);
	return e;
}

/* One agreement of the citizen's list, with its edit link. */
static int
agreement_item(const struct agreement_rec *a, void *arg)
{
	struct creq *r = arg;
	struct buf  *b = &r->rep->body;

	if (strcmp(a->status, "ended") == 0)
		return 0;
	buf_printf(b, "<li><a href=\"/agreement?id=%" PRId64 "\">", a->id);
	page_bi(b, strcmp(a->status, "draft") == 0 ? "Kladde" : "Aktiv");
	buf_printf(b, " %s – %s</a></li>",
	    a->starts_on != NULL ? a->starts_on : "?",
	    a->ends_on != NULL ? a->ends_on : "?");
	return 0;
}

/* The citizen's agreements not ended, to open and change; a new one. */
static enum store_err
citizen_agreements(struct creq *r, int64_t citizen_id)
{
	struct buf    *b = &r->rep->body;
	enum store_err e;

	buf_puts(b, "<h2>");
	page_bi(b, "Aftaler");
	buf_puts(b, "</h2><ul>");
	e = store_agreement_list(r->c->store, citizen_id, agreement_item, r);
	buf_printf(b,
	    "</ul><p><a class=\"button button-secondary\" "
	    "href=\"/agreement/new?citizen=%" PRId64 "\">",
	    citizen_id);
	page_bi(b, "Ny aftale");
	buf_puts(b, "</a></p>");
	return e;
}

/* One journal note of the citizen. */
static int
note_item(const struct console_note *n, void *arg)
{
	struct buf *b = arg;
	char	    when[64];

	page_time(n->at, when, sizeof(when));
	buf_printf(b, "<li><p><strong>%s</strong> · ", when);
	buf_puts_html(b, n->actor);
	buf_puts(b, "</p><p>");
	buf_puts_html(b, n->detail);
	buf_puts(b, "</p></li>");
	return 0;
}

/* The citizen's newest journal notes, and a form for a new one. */
static enum store_err
citizen_notes(struct creq *r, int64_t citizen_id)
{
	struct buf    *b = &r->rep->body;
	enum store_err e;

	buf_puts(b, "<h2>");
	page_bi(b, "Noter i journalen");
	buf_puts(b, "</h2><ul class=\"console-list\">");
	e = store_console_notes(
	    r->c->store, citizen_id, NOTES_SHOWN, note_item, b);
	buf_puts(b, "</ul><form method=\"post\" action=\"/note\">");
	page_csrf_field(r);
	buf_printf(b,
	    "<input type=\"hidden\" name=\"citizen\" value=\"%" PRId64
	    "\"><div class=\"form-group\"><label class=\"form-label\" "
	    "for=\"text\">",
	    citizen_id);
	page_bi(b, "Note");
	buf_puts(b,
	    "</label><textarea class=\"form-textarea\" rows=\"3\" id=\"text\" "
	    "name=\"text\"></textarea></div><button class=\"button "
	    "button-secondary\" type=\"submit\">");
	page_bi(b, "Gem noten");
	buf_puts(b, "</button></form>");
	return e;
}

/* The citizen's page; audited in the caller's transaction. */
static enum store_err
citizen_body(struct creq *r, int64_t citizen_id)
{
	struct citizen_rec c;
	enum store_err	   e;

	if ((e = store_citizen_get(r->c->store, citizen_id, &c)) != STORE_OK)
		return e;
	page_begin_name(r, c.given_name);
	if (web_query(r->web, "noted") != NULL)
		page_alert(r, "success", "Noten er gemt i journalen.");
	if ((e = citizen_agreement(r, citizen_id)) == STORE_OK &&
	    (e = citizen_agreements(r, citizen_id)) == STORE_OK &&
	    (e = citizen_notes(r, citizen_id)) == STORE_OK)
		e = page_audit(r, "show_citizen", citizen_id);
	citizen_rec_free(&c);
	page_end(r);
	return e;
}

/* See pages.h. */
void
page_citizen(struct creq *r)
{
	struct store  *s = r->c->store;
	int64_t	       id;
	enum store_err e;

	if ((id = query_number(r, "id", INT64_MAX / 2)) <= 0) {
		page_error(r, 404, "Borgeren findes ikke",
		    "Gå til Mine borgere og vælg igen.");
		return;
	}
	if (!page_citizen_allowed(r, id))
		return;
	if ((e = store_begin(s)) == STORE_OK) {
		if ((e = citizen_body(r, id)) == STORE_OK)
			e = store_commit(s);
		else
			store_rollback(s);
	}
	if (e != STORE_OK) {
		log_warnx("console: citizen: %s", store_errmsg(s));
		page_error(r, 500, "Der skete en fejl", "Prøv igen.");
	}
}
