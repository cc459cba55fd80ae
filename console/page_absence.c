/*
 * page_absence.c - "Fravær": I am away from ... until ... and pick a
 * deputy among the colleagues who are mentors.  A deputy who is away
 * some of that time is refused with the reason.  The next contact
 * request already follows it: contact_route() reads the same columns.
 *
 *	GET /absence		the form, with what is set now
 *	POST /absence		from, until (YYYY-MM-DD), deputy, csrf;
 *				clear=1 ends the absence
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

struct absence_form {
	struct creq *r;
	int64_t	     deputy_id; /* selected */
};

/* One colleague as an option of the deputy list. */
static int
deputy_option(const struct console_colleague *c, void *arg)
{
	struct absence_form *f = arg;
	struct buf	    *b = &f->r->rep->body;

	buf_printf(b, "<option value=\"%" PRId64 "\"%s>", c->id,
	    c->id == f->deputy_id ? " selected" : "");
	buf_puts_html(b, c->name);
	if (c->away_from != NULL || c->away_until != NULL) {
		buf_puts(b, " (væk ");
		buf_puts_html(b, c->away_from != NULL ? c->away_from : "…");
		buf_puts(b, " – ");
		buf_puts_html(b, c->away_until != NULL ? c->away_until : "…");
		buf_puts(b, ")");
	}
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
	    "for=\"%s\">%s</label><input class=\"form-input\" type=\"date\" "
	    "id=\"%s\" name=\"%s\" value=\"",
	    name, label, name, name);
	buf_puts_html(b, value != NULL ? value : "");
	buf_puts(b, "\"></div>");
}

/* The form, with me (st) as stored now and an error (may be NULL). */
static void
absence_form(struct creq *r, const struct staff_identity *st, const char *error)
{
	struct absence_form f = { r, st->deputy_id };
	struct buf	   *b = &r->rep->body;

	page_begin(r, "Fravær");
	if (error != NULL) {
		buf_puts(b,
		    "<div class=\"alert alert-error\" role=\"alert\">"
		    "<p>");
		buf_puts_html(b, error);
		buf_puts(b, "</p></div>");
	} else if (web_query(r->web, "saved") != NULL)
		buf_puts(b,
		    "<div class=\"alert alert-success\" role=\"status\">"
		    "<p>Gemt. Nye henvendelser følger det fra nu.</p></div>");
	buf_puts(b,
	    "<p>Når du er væk, får din stedfortræder dine "
	    "henvendelser.</p><form method=\"post\" action=\"/absence\">");
	page_csrf_field(r);
	date_field(b, "from", "Væk fra", st->away_from);
	date_field(b, "until", "Til og med", st->away_until);
	buf_puts(b,
	    "<div class=\"form-group\"><label class=\"form-label\" "
	    "for=\"deputy\">Stedfortræder</label><select class=\"form-select\" "
	    "id=\"deputy\" name=\"deputy\"><option value=\"0\">Ingen</option>");
	if (store_console_colleagues(r->c->store, st->id, deputy_option, &f) !=
	    STORE_OK)
		log_warnx("console: colleagues: %s", store_errmsg(r->c->store));
	buf_puts(b,
	    "</select></div><p><button class=\"button\" type=\"submit\">"
	    "Gem</button> <button class=\"button button-secondary\" "
	    "type=\"submit\" name=\"clear\" value=\"1\">Jeg er ikke væk"
	    "</button></p></form>");
	page_end(r);
}

/* See pages.h. */
void
page_absence(struct creq *r)
{
	struct staff_identity st;

	if (store_staff_identity(r->c->store, r->s->staff_id, &st) !=
	    STORE_OK) {
		page_error(r, 500, "Der skete en fejl", "Prøv igen.");
		return;
	}
	absence_form(r, &st, NULL);
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

/*
 * Why deputy_id cannot stand in from .. until, into why (len bytes):
 * not a mentor, or away some of that time.  Returns 0 when they can.
 */
static int
deputy_refused(struct creq *r, int64_t deputy_id, const char *from,
    const char *until, char *why, size_t len)
{
	struct staff_identity d;
	int		      away, mentor;

	if (deputy_id == r->s->staff_id ||
	    store_staff_identity(r->c->store, deputy_id, &d) != STORE_OK) {
		snprintf(why, len, "Vælg en stedfortræder fra listen.");
		return 1;
	}
	away = (d.away_from != NULL || d.away_until != NULL) &&
	    (d.away_from == NULL || strcmp(d.away_from, until) <= 0) &&
	    (d.away_until == NULL || strcmp(d.away_until, from) >= 0);
	mentor = (d.roles & STAFF_ROLE_MENTOR) != 0;
	if (!mentor)
		snprintf(why, len,
		    "%s er ikke mentor og kan ikke tage dine "
		    "henvendelser.",
		    d.name);
	else if (away)
		snprintf(why, len,
		    "%s er selv væk fra %s til %s. Vælg en "
		    "anden.",
		    d.name, d.away_from != NULL ? d.away_from : "…",
		    d.away_until != NULL ? d.away_until : "…");
	staff_identity_free(&d);
	return !mentor || away;
}

/*
 * Check the posted absence; fill from, until (NULL for none) and deputy.
 * Returns NULL, or the reason to show.
 */
static const char *
absence_check(struct creq *r, const char **from, const char **until,
    int64_t *deputy, char *why, size_t len)
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
	if (*deputy != 0 && deputy_refused(r, *deputy, *from, *until, why, len))
		return why;
	return NULL;
}

/* See pages.h. */
void
page_absence_post(struct creq *r)
{
	struct staff_identity st;
	const char	     *from, *until, *error;
	char		      why[512];
	int64_t		      deputy;
	enum store_err	      e;

	if (store_staff_identity(r->c->store, r->s->staff_id, &st) !=
	    STORE_OK) {
		page_error(r, 500, "Der skete en fejl", "Prøv igen.");
		return;
	}
	if ((error = absence_check(
		 r, &from, &until, &deputy, why, sizeof(why))) != NULL) {
		r->rep->status = 400;
		absence_form(r, &st, error);
		staff_identity_free(&st);
		return;
	}
	staff_identity_free(&st);
	if ((e = store_console_set_absence(r->c->store, r->s->staff_id, from,
		 until, deputy, r->now)) != STORE_OK ||
	    page_audit(r, "staff_absence", 0) != STORE_OK) {
		log_warnx("console: absence: %s", store_errmsg(r->c->store));
		page_error(r, 500, "Der skete en fejl", "Prøv igen.");
		return;
	}
	web_redirect(r->rep, "/absence?saved=1");
}
