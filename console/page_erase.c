/*
 * page_erase.c - a coordinator's two acts on one citizen's data, done
 * with the functions `mentorctl audit export` and `mentorctl citizen
 * erase` use (citizen_export.h):
 *
 *	GET /audit-export?id=N	who has looked at the citizen's data, as
 *				JSON lines (a download); the export audited
 *	GET /erase		find a citizen by the case system's id
 *	GET /erase?id=N		what erasure does, what blocks it, and the
 *	GET /erase?ext=ID	confirm step; the page audited
 *	POST /erase		id, confirm=yes, csrf: in one transaction
 *				the journal exported, the personal fields
 *				wiped (the hash row stays while the law
 *				needs it: store_citizen.h) and the act
 *				audited; the answer is the export, a
 *				download
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <json.h>

#include "citizen_export.h"
#include "log.h"
#include "pages.h"
#include "store.h"
#include "store_citizen.h"

#define ID_MAX (INT64_MAX / 2)

struct audit_view {
	struct buf *out;
	const char *citizen; /* its external id */
	size_t	    rows;
};

/* The citizen of ?id= (or the form's id) into *c; else an error page. */
static int
erase_citizen(struct creq *r, const char *idtext, struct citizen_rec *c)
{
	int64_t	       id = page_number(idtext, 1, ID_MAX);
	enum store_err e;

	if (id < 0) {
		page_error(r, 400, "Forkert adresse", "Borgeren findes ikke.");
		return -1;
	}
	if ((e = store_citizen_get(r->c->store, id, c)) == STORE_OK)
		return 0;
	if (e == STORE_NOTFOUND)
		page_error(r, 404, "Borgeren findes ikke",
		    "Gå tilbage til listen og prøv igen.");
	else
		page_error(r, 500, "Der skete en fejl", "Prøv igen.");
	return -1;
}

/* store_audit_list callback: one JSON line. */
static int
audit_line(const struct audit_rec *a, void *arg)
{
	struct audit_view  *v = arg;
	struct json_object *j = audit_row_json(a, v->citizen);

	buf_printf(v->out, "%s\n",
	    json_object_to_json_string_ext(
		j, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(j);
	v->rows++;
	return 0;
}

/* The answer: a download named PREFIX-EXTERNALID.jsonl. */
static void
erase_download(struct creq *r, const char *prefix, const char *ext)
{
	char name[96];

	snprintf(name, sizeof(name), "%s-%s.jsonl", prefix, ext);
	web_reply_attachment(r->rep, name, "application/x-ndjson");
}

/* See pages.h. */
void
page_audit_export(struct creq *r)
{
	struct citizen_rec c;
	struct audit_view  v = { &r->rep->body, NULL, 0 };
	struct store	  *s = r->c->store;
	enum store_err	   e;

	if (!page_coordinator_only(r) ||
	    erase_citizen(r, web_query(r->web, "id"), &c) == -1)
		return;
	v.citizen = c.external_id;
	if ((e = store_begin(s)) == STORE_OK &&
	    (e = store_audit_list(s, c.id, audit_line, &v)) == STORE_OK &&
	    (e = page_audit(r, "export_audit", c.id)) == STORE_OK)
		e = store_commit(s);
	if (e != STORE_OK) {
		store_rollback(s);
		log_warnx("console: audit export: %s", store_errmsg(s));
		page_error(r, 500, "Der skete en fejl", "Prøv igen.");
	} else
		erase_download(r, "logning", c.external_id);
	citizen_rec_free(&c);
}

/* Why erasure must wait, in plain Danish, or NULL (citizen_export.h). */
static const char *
erase_refusal_text(const struct erase_blockers *b)
{
	if (citizen_erase_refusal(b) == NULL)
		return NULL;
	if (b->erased)
		return "Borgeren er allerede slettet.";
	if (b->agreements > 0)
		return "Borgeren har en aftale, der ikke er afsluttet. "
		       "Afslut aftalen først.";
	if (b->open_requests > 0)
		return "Borgeren har en åben henvendelse. Luk den først.";
	return "En SMS til borgeren bliver sendt lige nu. Prøv igen om et "
	       "minut.";
}

/* The confirm form of citizen c. */
static void
erase_form(struct creq *r, const struct citizen_rec *c)
{
	struct buf *b = &r->rep->body;

	buf_printf(b,
	    "<form method=\"post\" action=\"/erase\">"
	    "<input type=\"hidden\" name=\"id\" value=\"%" PRId64 "\">",
	    c->id);
	page_csrf_field(r);
	buf_puts(b, "<fieldset><legend class=\"form-label\">");
	page_bi(b, "Bekræft sletning");
	buf_puts(b,
	    "</legend><div class=\"form-group console-check\">"
	    "<input class=\"form-checkbox\" type=\"checkbox\" id=\"confirm\" "
	    "name=\"confirm\" value=\"yes\" required>"
	    "<label for=\"confirm\">");
	page_bi(b,
	    "Jeg har tjekket, at loven tillader at slette borgeren, og jeg "
	    "gemmer udtrækket i journalen.");
	buf_puts(b,
	    "</label></div></fieldset>"
	    "<button class=\"button\" type=\"submit\">");
	page_bi(b, "Slet borgeren og hent udtrækket");
	buf_puts(b, "</button></form>");
}

/* The form that finds a citizen by external id (?ext=). */
static void
erase_find(struct creq *r)
{
	struct buf *b = &r->rep->body;

	page_begin(r, "Borgerens data");
	buf_puts(b, "<p>");
	page_bi(b,
	    "Hent logningen af en borgers data, eller slet borgeren efter "
	    "databeskyttelsesforordningens artikel 17.");
	buf_puts(b,
	    "</p><form method=\"get\" action=\"/erase\"><div "
	    "class=\"form-group\"><label class=\"form-label\" "
	    "for=\"ext\">");
	page_bi(b, "Borgerens id i fagsystemet");
	buf_puts(b,
	    "</label><input class=\"form-input\" "
	    "type=\"text\" id=\"ext\" name=\"ext\" required "
	    "maxlength=\"64\" autocomplete=\"off\"></div><button "
	    "class=\"button\" type=\"submit\">");
	page_bi(b, "Find borgeren");
	buf_puts(b, "</button></form>");
	page_end(r);
}

/* The citizen of ?ext= into *c; else an error page. */
static int
erase_citizen_ext(struct creq *r, const char *ext, struct citizen_rec *c)
{
	enum store_err e;

	if ((e = store_citizen_by_external(r->c->store, ext, c)) == STORE_OK)
		return 0;
	if (e == STORE_NOTFOUND)
		page_error(r, 404, "Borgeren findes ikke",
		    "Ingen borger har det id. Tjek id'et og prøv igen.");
	else
		page_error(r, 500, "Der skete en fejl", "Prøv igen.");
	return -1;
}

/* Who the citizen is, the audit export link and what erasure does. */
static void
erase_summary(struct creq *r, const struct citizen_rec *c)
{
	struct buf	   *b = &r->rep->body;
	struct template_var v[] = { { "name", c->given_name },
		{ "id", c->external_id } };

	buf_puts(b, "<p>");
	page_bit(b, "Borger: {name} ({id})", v, 2);
	buf_puts(b, "</p><h2>");
	page_bi(b, "Logning");
	buf_printf(
	    b, "</h2><p><a href=\"/audit-export?id=%" PRId64 "\">", c->id);
	page_bi(b, "Hent logningen: hvem har set borgerens data");
	buf_puts(b, "</a></p><h2>");
	page_bi(b, "Slet borgeren");
	buf_puts(b, "</h2><p>");
	page_bi(b,
	    "Sletning efter databeskyttelsesforordningens artikel 17: "
	    "borgerens journal hentes først som en fil. Derefter slettes "
	    "navn, mobilnummer, aftaler, møder, beskeder og henvendelser. "
	    "Kun en nøgle til CPR-nummeret bliver gemt, så længe loven "
	    "kræver logningen.");
	buf_puts(b, "</p>");
}

/* See pages.h. */
void
page_erase(struct creq *r)
{
	struct citizen_rec    c;
	struct erase_blockers bl;
	struct buf	     *b = &r->rep->body;
	const char	     *why, *ext = web_query(r->web, "ext");

	if (!page_coordinator_only(r))
		return;
	if (ext == NULL && web_query(r->web, "id") == NULL) {
		erase_find(r);
		return;
	}
	if (ext != NULL ? erase_citizen_ext(r, ext, &c) == -1
			: erase_citizen(r, web_query(r->web, "id"), &c) == -1)
		return;
	if (store_citizen_erase_blockers(r->c->store, c.id, &bl) != STORE_OK ||
	    page_audit(r, "view_erase", c.id) != STORE_OK) {
		log_warnx("console: erase: %s", store_errmsg(r->c->store));
		page_error(r, 500, "Der skete en fejl", "Prøv igen.");
		citizen_rec_free(&c);
		return;
	}
	page_begin(r, "Borgerens data");
	erase_summary(r, &c);
	if ((why = erase_refusal_text(&bl)) != NULL) {
		buf_puts(b,
		    "<div class=\"alert alert-warning\" role=\"status\"><p>");
		page_bi(b, "Borgeren kan ikke slettes nu.");
		buf_puts(b, "</p><p>");
		page_bi(b, why);
		buf_puts(b, "</p></div>");
	} else
		erase_form(r, &c);
	page_end(r);
	citizen_rec_free(&c);
}

/*
 * Erase c in one transaction with its audit row.  Returns STORE_OK,
 * STORE_CONSTRAINT with *why, or the store's error.
 */
static enum store_err
erase_now(struct creq *r, const struct citizen_rec *c, struct buf *out,
    const char **why)
{
	struct erase_blockers bl;
	struct erase_counts   counts;
	struct store	     *s = r->c->store;
	size_t		      records;
	enum store_err	      e;

	*why = NULL;
	if ((e = store_begin(s)) != STORE_OK)
		return e;
	e = citizen_erase_exported(
	    s, c->id, r->now, out, &records, &bl, &counts, why);
	if (e == STORE_OK)
		e = page_audit(r, "erase_citizen", c->id);
	if (e == STORE_OK)
		e = store_commit(s);
	if (e != STORE_OK)
		store_rollback(s);
	if (*why != NULL)
		*why = erase_refusal_text(&bl);
	return e;
}

/* See pages.h. */
void
page_erase_post(struct creq *r)
{
	struct citizen_rec c;
	const char	  *confirm = web_field(r->web, "confirm"), *why;
	enum store_err	   e;

	if (!page_coordinator_only(r) ||
	    erase_citizen(r, web_field(r->web, "id"), &c) == -1)
		return;
	if (confirm == NULL || strcmp(confirm, "yes") != 0) {
		page_error(r, 400, "Sletningen er ikke bekræftet",
		    "Sæt flueben i bekræftelsen og prøv igen.");
		citizen_rec_free(&c);
		return;
	}
	if ((e = erase_now(r, &c, &r->rep->body, &why)) == STORE_OK) {
		log_info("console: citizen id=%" PRId64 " erased", c.id);
		erase_download(r, "slettet-borger", c.external_id);
		citizen_rec_free(&c);
		return;
	}
	if (r->rep->body.data != NULL) /* a part of the export */
		explicit_bzero(r->rep->body.data, r->rep->body.len);
	if (why != NULL)
		page_error(r, 409, "Borgeren kan ikke slettes nu", why);
	else {
		log_warnx("console: erase: %s", store_errmsg(r->c->store));
		page_error(r, 500, "Der skete en fejl",
		    "Intet blev slettet. Prøv igen.");
	}
	citizen_rec_free(&c);
}
