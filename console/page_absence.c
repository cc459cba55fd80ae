/*
 * page_absence.c - "Fravær": I am away from ... until ... and pick a
 * deputy among the colleagues who are mentors.  A deputy who is away
 * some of that time is refused with the reason.  The next contact
 * request already follows it: contact_route() reads the same columns.
 *
 * A coordinator sets it for others too: ?staff=N picks whom.
 *
 *	GET /absence[?staff=N]	the form, with what is set now
 *	POST /absence		from, until (YYYY-MM-DD), deputy, csrf,
 *				staff (a coordinator's); clear=1 ends
 *				the absence
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "log.h"
#include "pages.h"
#include "store.h"
#include "store_console.h"
#include "store_staff.h"
#include "validate.h"

struct absence_form {
	struct creq *r;
	int64_t	     deputy_id; /* selected */
};

/* Why a deputy is refused, in Danish and English. */
struct absence_why {
	char da[512];
	char en[512];
};

/*
 * The staff member the page is about: a coordinator's choice (staff= in
 * the query or form), else the signed-in person.  -1 for a bad choice.
 */
static int64_t
absence_target(struct creq *r)
{
	const char *v = r->web->method == WEB_POST ? web_field(r->web, "staff")
						   : web_query(r->web, "staff");

	if (v == NULL || !(r->s->roles & STAFF_ROLE_COORDINATOR))
		return r->s->staff_id;
	return page_number(v, 1, INT64_MAX / 2);
}

/* One mentor of the coordinator's "whose absence" list. */
static int
whom_option(const struct console_colleague *c, void *arg)
{
	struct absence_form *f = arg;
	struct buf	    *b = &f->r->rep->body;

	buf_printf(b, "<option value=\"%" PRId64 "\"%s>", c->id,
	    c->id == f->deputy_id ? " selected" : "");
	buf_puts_html(b, c->name);
	buf_puts(b, "</option>");
	return 0;
}

/* A coordinator's choice of whose absence the page shows. */
static void
absence_whom(struct creq *r, const struct staff_identity *st)
{
	struct absence_form f = { r, st->id };
	struct buf	   *b = &r->rep->body;

	if (!(r->s->roles & STAFF_ROLE_COORDINATOR))
		return;
	buf_puts(b,
	    "<form method=\"get\" action=\"/absence\" class=\"console-box\">"
	    "<div class=\"form-group\"><label class=\"form-label\" "
	    "for=\"staff\">");
	page_bi(b, "Hvis fravær");
	buf_printf(b,
	    "</label><select class=\"form-select\" id=\"staff\" "
	    "name=\"staff\"><option value=\"%" PRId64 "\">",
	    r->s->staff_id);
	page_bi(b, "Mit eget");
	buf_puts(b, "</option>");
	if (store_console_colleagues(
		r->c->store, r->s->staff_id, whom_option, &f) != STORE_OK)
		log_warnx("console: colleagues: %s", store_errmsg(r->c->store));
	buf_puts(b,
	    "</select></div><button class=\"button button-secondary\" "
	    "type=\"submit\">");
	page_bi(b, "Vis");
	buf_puts(b, "</button></form>");
}

/* One colleague as an option of the deputy list. */
static int
deputy_option(const struct console_colleague *c, void *arg)
{
	struct absence_form *f = arg;
	struct buf	    *b = &f->r->rep->body;

	buf_printf(b, "<option value=\"%" PRId64 "\"%s>", c->id,
	    c->id == f->deputy_id ? " selected" : "");
	buf_puts_html(b, c->name);
	page_away(b, c->away_from, c->away_until);
	buf_puts(b, "</option>");
	return 0;
}

/* A date field with its label and current value (may be NULL). */
static void
date_field(
    struct buf *b, const char *name, const char *label, const char *value)
{
	buf_printf(b,
	    "<div class=\"form-group\"><label class=\"form-label\" "
	    "for=\"%s\">",
	    name);
	page_bi(b, label);
	buf_printf(b,
	    "</label><input class=\"form-input\" type=\"date\" "
	    "id=\"%s\" name=\"%s\" value=\"",
	    name, name);
	buf_puts_html(b, value != NULL ? value : "");
	buf_puts(b, "\"></div>");
}

/* The error of a refused POST: Danish, with English when there is one. */
static void
absence_error(struct buf *b, const char *error, const char *error_en)
{
	buf_puts(b, "<div class=\"alert alert-error\" role=\"alert\"><p>");
	if (error_en != NULL) {
		buf_puts_html(b, error);
		buf_puts(b, " <span class=\"console-en\" lang=\"en\">");
		buf_puts_html(b, error_en);
		buf_puts(b, "</span>");
	} else
		page_bi(b, error);
	buf_puts(b, "</p></div>");
}

/*
 * The form, with st as stored now and an error (may be NULL; error_en
 * its English when it is not a catalogue text, else NULL).
 */
static void
absence_form(struct creq *r, const struct staff_identity *st, const char *error,
    const char *error_en)
{
	struct absence_form f = { r, st->deputy_id };
	struct buf	   *b = &r->rep->body;

	page_begin(r, "Fravær");
	if (error != NULL)
		absence_error(b, error, error_en);
	else if (web_query(r->web, "saved") != NULL)
		page_alert(
		    r, "success", "Gemt. Nye henvendelser følger det fra nu.");
	absence_whom(r, st);
	if (st->id != r->s->staff_id) {
		buf_puts(b, "<h2 translate=\"no\">");
		buf_puts_html(b, st->name);
		buf_puts(b, "</h2>");
	}
	buf_puts(b, "<p>");
	page_bi(b, "Når nogen er væk, får stedfortræderen deres henvendelser.");
	buf_puts(b, "</p><form method=\"post\" action=\"/absence\">");
	page_csrf_field(r);
	buf_printf(b,
	    "<input type=\"hidden\" name=\"staff\" value=\"%" PRId64 "\">",
	    st->id);
	date_field(b, "from", "Væk fra", st->away_from);
	date_field(b, "until", "Til og med", st->away_until);
	buf_puts(b,
	    "<div class=\"form-group\"><label class=\"form-label\" "
	    "for=\"deputy\">");
	page_bi(b, "Stedfortræder");
	buf_puts(b,
	    "</label><select class=\"form-select\" "
	    "id=\"deputy\" name=\"deputy\"><option value=\"0\">Ingen</option>");
	if (store_console_colleagues(r->c->store, st->id, deputy_option, &f) !=
	    STORE_OK)
		log_warnx("console: colleagues: %s", store_errmsg(r->c->store));
	buf_puts(b,
	    "</select></div><p class=\"console-actions\"><button "
	    "class=\"button\" type=\"submit\">");
	page_bi(b, "Gem");
	buf_puts(b,
	    "</button><button class=\"button button-secondary\" "
	    "type=\"submit\" name=\"clear\" value=\"1\">");
	page_bi(b, "Ikke væk");
	buf_puts(b, "</button></p></form>");
	page_end(r);
}

/* See pages.h. */
void
page_absence(struct creq *r)
{
	struct staff_identity st;
	int64_t		      id = absence_target(r);

	if (id < 0 || store_staff_identity(r->c->store, id, &st) != STORE_OK) {
		page_error(r, 404, "Medarbejderen findes ikke",
		    "Gå til Fravær og vælg igen.");
		return;
	}
	if (page_audit(r, "show_absence", 0) != STORE_OK)
		page_error(r, 500, "Der skete en fejl", "Prøv igen.");
	else
		absence_form(r, &st, NULL, NULL);
	staff_identity_free(&st);
}

/* 1 if the text is a real date YYYY-MM-DD. */
static int
date_ok(const char *s)
{
	int y, m, d;

	return s != NULL && strlen(s) == 10 &&
	    clock_parse_date(s, &y, &m, &d) == 0;
}

/* Fill why from the Danish template tpl and its English, about d. */
static void
why_set(
    struct absence_why *why, const char *tpl, const struct staff_identity *d)
{
	struct template_var v[] = {
		{ "name", d->name },
		{ "from", d->away_from != NULL ? d->away_from : "…" },
		{ "until", d->away_until != NULL ? d->away_until : "…" },
	};
	struct buf da = { 0 }, en = { 0 };

	(void)template_render(tpl, v, 3, TEMPLATE_TEXT, &da, NULL, 0);
	if (page_en(tpl) != NULL)
		(void)template_render(
		    page_en(tpl), v, 3, TEMPLATE_TEXT, &en, NULL, 0);
	snprintf(why->da, sizeof(why->da), "%s", buf_str(&da));
	snprintf(why->en, sizeof(why->en), "%s", buf_str(&en));
	buf_free(&da);
	buf_free(&en);
}

/*
 * Why deputy_id cannot stand in from .. until, into why (len bytes):
 * not a mentor, or away some of that time.  Returns 0 when they can.
 */
static int
deputy_refused(struct creq *r, int64_t staff_id, int64_t deputy_id,
    const char *from, const char *until, struct absence_why *why)
{
	static const char not_mentor[] =
	    "{name} er ikke mentor og kan ikke tage henvendelserne.";
	static const char away_then[] = "{name} er selv væk fra {from} til "
					"{until}. Vælg en anden.";
	struct staff_identity d;
	int		      away, mentor;

	if (valid_deputy(staff_id, deputy_id) != NULL ||
	    store_staff_identity(r->c->store, deputy_id, &d) != STORE_OK) {
		snprintf(why->da, sizeof(why->da), "%s",
		    "Vælg en stedfortræder fra listen.");
		why->en[0] = '\0';
		return 1;
	}
	away = (d.away_from != NULL || d.away_until != NULL) &&
	    (d.away_from == NULL || strcmp(d.away_from, until) <= 0) &&
	    (d.away_until == NULL || strcmp(d.away_until, from) >= 0);
	mentor = (d.roles & STAFF_ROLE_MENTOR) != 0;
	if (!mentor || away)
		why_set(why, !mentor ? not_mentor : away_then, &d);
	staff_identity_free(&d);
	return !mentor || away;
}

/*
 * Check the posted absence; fill from, until (NULL for none) and deputy.
 * Returns NULL, or the reason to show.
 */
static const char *
absence_check(struct creq *r, int64_t staff_id, const char **from,
    const char **until, int64_t *deputy, struct absence_why *why)
{
	const char *d = web_field(r->web, "deputy");
	char	   *end;

	*from = web_field(r->web, "from");
	*until = web_field(r->web, "until");
	*deputy = 0;
	if (d != NULL && d[0] != '\0') {
		*deputy = strtoll(d, &end, 10);
		if (*end != '\0' || *deputy < 0)
			return "Vælg en stedfortræder fra listen.";
	}
	if (web_field(r->web, "clear") != NULL) {
		*from = *until = NULL;
		return NULL;
	}
	if (!date_ok(*from) || !date_ok(*until))
		return "Skriv datoerne som år-måned-dag, fx 2026-12-24.";
	if (strcmp(*from, *until) > 0)
		return "Slutdatoen ligger før startdatoen.";
	if (*deputy != 0 &&
	    deputy_refused(r, staff_id, *deputy, *from, *until, why))
		return why->da;
	return NULL;
}

/* See pages.h. */
void
page_absence_post(struct creq *r)
{
	struct staff_identity st;
	struct absence_why    why = { "", "" };
	const char	     *from, *until, *error;
	char		      detail[64], to[64];
	int64_t		      deputy, id = absence_target(r);
	enum store_err	      e;

	if (id < 0 || store_staff_identity(r->c->store, id, &st) != STORE_OK) {
		page_error(r, 404, "Medarbejderen findes ikke",
		    "Gå til Fravær og vælg igen.");
		return;
	}
	if ((error = absence_check(r, id, &from, &until, &deputy, &why)) !=
	    NULL) {
		r->rep->status = 400;
		absence_form(r, &st, error, why.en[0] != '\0' ? why.en : NULL);
		staff_identity_free(&st);
		return;
	}
	staff_identity_free(&st);
	snprintf(detail, sizeof(detail), "console: staff %" PRId64, id);
	if ((e = store_console_set_absence(
		 r->c->store, id, from, until, deputy, r->now)) != STORE_OK ||
	    page_audit_detail(r, "staff_absence", 0, detail) != STORE_OK) {
		log_warnx("console: absence: %s", store_errmsg(r->c->store));
		page_error(r, 500, "Der skete en fejl", "Prøv igen.");
		return;
	}
	snprintf(to, sizeof(to), "/absence?saved=1&staff=%" PRId64, id);
	web_redirect(r->rep, id == r->s->staff_id ? "/absence?saved=1" : to);
}
