/*
 * page_requests.c - the start page: the open contact requests routed to
 * me (every open request for a coordinator), oldest first, and "Jeg har
 * ringet" / "Set", which acknowledges through contact_ack(), exactly as
 * a mentor's SMS "OK n" does: the citizen is told once, whichever came
 * first.
 *
 * A journal note on a request's citizen (or on a citizen, from their
 * page) is an audit row "journal_note" whose detail is the note, so the
 * journal export carries it.  A coordinator gives a request to another
 * mentor (contact_reassign(): they are texted as a routing does).
 *
 *	GET /?page=N	the list (50 a page); each citizen shown is audited
 *	POST /ack	id=REQUEST, csrf; then back to the list
 *	POST /note	id=REQUEST or citizen=N, text, csrf
 *	POST /reassign	id=REQUEST, to=STAFF, csrf (coordinators)
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "contact.h"
#include "log.h"
#include "pages.h"
#include "store_console.h"
#include "store_contact.h"
#include "store_staff.h"
#include "validate.h"

#define PAGE_MAX 100000 /* the last page number we take */
#define NOTE_MAX 2000	/* bytes of a journal note */

struct requests_view {
	struct creq *r;
	int	     shown;
	int	     failed; /* an audit row could not be written */
};

/* When and how the citizen asked, as a template of {when}. */
static const char *
channel_text(const char *channel)
{
	return channel != NULL && strcmp(channel, "sms") == 0
	    ? "Bad om opkald på SMS {when}."
	    : "Bad om opkald på selvbetjeningsskærmen {when}.";
}

/* One sentence: template tpl with {name} filled from value, in a <p>. */
static void
request_line(struct buf *b, const char *tpl, const char *name,
    const char *value, const char *cls)
{
	struct template_var v[] = { { name, value } };

	buf_puts(b, cls != NULL ? "<p><span class=\"" : "<p>");
	if (cls != NULL) {
		buf_puts(b, cls);
		buf_puts(b, "\">");
	}
	page_bit(b, tpl, v, 1);
	buf_puts(b, cls != NULL ? "</span></p>" : "</p>");
}

/* The escalation and acknowledgement state of rq, as a badge. */
static void
request_state(struct buf *b, const struct console_request *rq)
{
	char when[64];

	if (rq->acknowledged_at != 0) {
		page_time(rq->acknowledged_at, when, sizeof(when));
		request_line(b, "Set {when}", "when", when, "badge");
	} else if (rq->escalated_at != 0) {
		page_time(rq->escalated_at, when, sizeof(when));
		request_line(b,
		    "Sendt videre til teamet {when}: ingen havde svaret",
		    "when", when, "badge badge-warning");
	}
}

/* The acknowledge buttons of rq (only what contact_ack() allows me). */
static void
request_buttons(struct creq *r, const struct console_request *rq)
{
	struct buf *b = &r->rep->body;

	if (rq->acknowledged_at != 0 || rq->routed_to != r->s->staff_id)
		return;
	buf_puts(b,
	    "<form method=\"post\" action=\"/ack\" "
	    "class=\"console-actions\">");
	page_csrf_field(r);
	buf_printf(b,
	    "<input type=\"hidden\" name=\"id\" value=\"%" PRId64
	    "\"><button class=\"button\" type=\"submit\" name=\"how\" "
	    "value=\"called\">",
	    rq->id);
	page_bi(b, "Jeg har ringet");
	buf_puts(b,
	    "</button><button class=\"button button-secondary\" "
	    "type=\"submit\" name=\"how\" value=\"seen\">");
	page_bi(b, "Set");
	buf_puts(b, "</button></form>");
}

/* "Write a note": a note on rq's citizen for the case journal. */
static void
request_note_form(struct creq *r, const struct console_request *rq)
{
	struct buf *b = &r->rep->body;

	buf_puts(b, "<details><summary>");
	page_bi(b, "Skriv en note til journalen");
	buf_puts(b, "</summary><form method=\"post\" action=\"/note\">");
	page_csrf_field(r);
	buf_printf(b,
	    "<input type=\"hidden\" name=\"id\" value=\"%" PRId64
	    "\"><div class=\"form-group\"><label class=\"form-label\" "
	    "for=\"note-%" PRId64 "\">",
	    rq->id, rq->id);
	page_bi(b, "Note");
	buf_printf(b,
	    "</label><textarea class=\"form-textarea\" rows=\"3\" "
	    "id=\"note-%" PRId64 "\" name=\"text\"></textarea></div>"
	    "<button class=\"button button-secondary\" type=\"submit\">",
	    rq->id);
	page_bi(b, "Gem noten");
	buf_puts(b, "</button></form></details>");
}

/* The colleague list of the reassignment form. */
struct reassign_list {
	struct buf *b;
	int64_t	    routed_to;
};

/* One mentor as an option of the reassignment. */
static int
reassign_option(const struct console_colleague *c, void *arg)
{
	struct reassign_list *l = arg;

	if (c->id == l->routed_to)
		return 0;
	buf_printf(l->b, "<option value=\"%" PRId64 "\">", c->id);
	buf_puts_html(l->b, c->name);
	page_away(l->b, c->away_from, c->away_until);
	buf_puts(l->b, "</option>");
	return 0;
}

/* A coordinator's "Give to": rq to another mentor, who is texted. */
static void
request_reassign_form(struct creq *r, const struct console_request *rq)
{
	struct buf	    *b = &r->rep->body;
	struct reassign_list l = { b, rq->routed_to };

	if (rq->acknowledged_at != 0)
		return;
	buf_puts(b, "<form method=\"post\" action=\"/reassign\">");
	page_csrf_field(r);
	buf_printf(b,
	    "<input type=\"hidden\" name=\"id\" value=\"%" PRId64
	    "\"><div class=\"form-group\"><label class=\"form-label\" "
	    "for=\"to-%" PRId64 "\">",
	    rq->id, rq->id);
	page_bi(b, "Giv henvendelsen til");
	buf_printf(b,
	    "</label><select class=\"form-select\" id=\"to-%" PRId64
	    "\" name=\"to\">",
	    rq->id);
	if (store_console_colleagues(r->c->store, 0, reassign_option, &l) !=
	    STORE_OK)
		log_warnx("console: colleagues: %s", store_errmsg(r->c->store));
	buf_puts(b,
	    "</select></div><button class=\"button button-secondary\" "
	    "type=\"submit\">");
	page_bi(b, "Giv videre");
	buf_puts(b, "</button></form>");
}

/* One request on the page; its citizen audited. */
static int
request_item(const struct console_request *rq, void *arg)
{
	struct requests_view *v = arg;
	struct buf	     *b = &v->r->rep->body;
	char		      when[64], nr[24];
	struct template_var   nv[] = { { "n", nr } };

	if (page_audit(v->r, "view_contact", rq->citizen_id) != STORE_OK) {
		v->failed = 1;
		return 1;
	}
	page_time(rq->opened_at, when, sizeof(when));
	snprintf(nr, sizeof(nr), "%" PRId64, rq->id);
	buf_puts(b, "<li><h2><span translate=\"no\">");
	buf_puts_html(b, rq->given_name);
	buf_puts(b, "</span> <small>");
	page_bit(b, "(nr. {n})", nv, 1);
	buf_puts(b, "</small></h2>");
	if (rq->mobile != NULL) {
		struct template_var phone[] = { { "phone", rq->mobile } };

		buf_puts(b, "<p><a class=\"console-tel\" href=\"tel:");
		buf_puts_html(b, rq->mobile);
		buf_puts(b, "\">");
		page_bit(b, "Ring {phone}", phone, 1);
		buf_puts(b, "</a></p>");
	} else
		request_line(b, "Intet mobilnummer.", "x", NULL, NULL);
	request_line(b, channel_text(rq->channel), "when", when, NULL);
	if (rq->text != NULL) {
		request_line(b, "Borgeren skrev på SMS:", "x", NULL, NULL);
		buf_puts(b, "<blockquote>");
		buf_puts_html(b, rq->text);
		buf_puts(b, "</blockquote>");
	}
	if (rq->routed_to != v->r->s->staff_id && rq->routed_name != NULL)
		request_line(
		    b, "Sendt til {name}.", "name", rq->routed_name, NULL);
	else if (rq->routed_to != v->r->s->staff_id)
		request_line(b, "Sendt til teamets nummer.", "x", NULL, NULL);
	request_state(b, rq);
	request_buttons(v->r, rq);
	request_note_form(v->r, rq);
	if (v->r->s->roles & STAFF_ROLE_COORDINATOR)
		request_reassign_form(v->r, rq);
	buf_puts(b, "</li>");
	v->shown++;
	return 0;
}

/* The message after an acknowledgement (?done=N or ?none=1). */
static void
requests_alert(struct creq *r)
{
	if (web_query(r->web, "done") != NULL)
		page_alert(r, "success",
		    "Tak. Borgeren får en SMS om, at du har set beskeden.");
	else if (web_query(r->web, "none") != NULL)
		page_alert(r, NULL, "Henvendelsen var allerede besvaret.");
	else if (web_query(r->web, "noted") != NULL)
		page_alert(r, "success", "Noten er gemt i journalen.");
	else if (web_query(r->web, "reassigned") != NULL)
		page_alert(r, "success",
		    "Henvendelsen er givet videre. Medarbejderen får en SMS.");
}

/* See pages.h. */
void
page_requests(struct creq *r)
{
	struct requests_view v = { r, 0, 0 };
	struct store	    *s = r->c->store;
	int64_t		     page, who;
	int		     more = 0;
	enum store_err	     e;

	if ((page = page_number(web_query(r->web, "page"), 0, PAGE_MAX)) < 0)
		page = 0;
	who = (r->s->roles & STAFF_ROLE_COORDINATOR) ? 0 : r->s->staff_id;
	page_begin(r, who == 0 ? "Alle åbne henvendelser" : "Henvendelser");
	requests_alert(r);
	buf_puts(&r->rep->body, "<ul class=\"console-list\">");
	if ((e = store_begin(s)) == STORE_OK) {
		e = store_console_requests(
		    s, who, (size_t)page, &more, request_item, &v);
		if (e == STORE_OK && !v.failed)
			e = store_commit(s);
		else
			store_rollback(s);
	}
	if (e != STORE_OK || v.failed) {
		log_warnx("console: requests: %s", store_errmsg(s));
		page_error(r, 500, "Der skete en fejl", "Prøv igen.");
		return;
	}
	buf_puts(&r->rep->body, "</ul>");
	if (v.shown == 0) {
		buf_puts(&r->rep->body, "<p>");
		page_bi(&r->rep->body, "Ingen borgere venter på et opkald.");
		buf_puts(&r->rep->body, "</p>");
	}
	if (more) {
		buf_printf(&r->rep->body, "<p><a href=\"/?page=%" PRId64 "\">",
		    page + 1);
		page_bi(&r->rep->body, "Flere henvendelser");
		buf_puts(&r->rep->body, "</a></p>");
	}
	page_end(r);
}

/* Audit the acknowledgement of request id on its citizen. */
static enum store_err
audit_ack(struct creq *r, int64_t id)
{
	struct contact_rec cr;
	enum store_err	   e;

	if ((e = store_contact_get(r->c->store, id, &cr)) != STORE_OK)
		return e;
	e = page_audit(r, "contact_ack", cr.citizen_id);
	contact_rec_free(&cr);
	return e;
}

/* See pages.h. */
void
page_ack(struct creq *r)
{
	int64_t id, acked = 0;
	int	rc;

	if ((id = page_number(web_field(r->web, "id"), 1, INT64_MAX / 2)) < 0) {
		page_error(
		    r, 400, "Forkert formular", "Formularen kunne ikke læses.");
		return;
	}
	rc = contact_ack(
	    r->c->store, r->c->cfg, r->s->staff_id, id, r->now, &acked);
	if (rc == -1) {
		page_error(r, 500, "Der skete en fejl", "Prøv igen.");
		return;
	}
	if (rc == 0 && audit_ack(r, acked) != STORE_OK)
		log_warnx("console: audit: %s", store_errmsg(r->c->store));
	web_redirect(r->rep, rc == 0 ? "/?done=1" : "/?none=1");
}

/*
 * The request id of a POST, into *cr, when the signed-in person may
 * act on it: a coordinator, the one it is routed to, or the citizen's
 * mentor or caseworker.  Returns 1; else 0 after an error page (403
 * with an audit row).
 */
static int
request_open(struct creq *r, struct contact_rec *cr)
{
	int64_t id = page_number(web_field(r->web, "id"), 1, INT64_MAX / 2);

	if (id < 0 || store_contact_get(r->c->store, id, cr) != STORE_OK) {
		page_error(r, 404, "Henvendelsen findes ikke",
		    "Gå til forsiden og prøv igen.");
		return 0;
	}
	if ((r->s->roles & STAFF_ROLE_COORDINATOR) ||
	    cr->routed_to == r->s->staff_id ||
	    page_citizen_allowed(r, cr->citizen_id))
		return 1;
	contact_rec_free(cr);
	return 0;
}

/*
 * Keep the note text on citizen_id (request: the request it is about, 0
 * for none) as an audit row "journal_note", then go back to back.
 */
static void
note_keep(struct creq *r, int64_t citizen_id, int64_t request, const char *back)
{
	struct buf  detail = { 0 };
	const char *text = web_field(r->web, "text"), *why;

	if ((why = valid_text(text, NOTE_MAX)) != NULL) {
		page_error(r, 400, "Noten blev ikke gemt",
		    "Skriv noten med 1 til 2000 tegn og prøv igen.");
		log_info("console: note refused: %s", why);
		return;
	}
	if (request != 0)
		buf_printf(&detail, "request %" PRId64 ": ", request);
	buf_puts(&detail, text);
	if (page_audit_detail(
		r, "journal_note", citizen_id, buf_str(&detail)) == STORE_OK)
		web_redirect(r->rep, back);
	else
		page_error(r, 500, "Der skete en fejl", "Prøv igen.");
	buf_free(&detail);
}

/* See pages.h. */
void
page_note(struct creq *r)
{
	struct contact_rec cr;
	const char	  *citizen = web_field(r->web, "citizen");
	char		   back[64];
	int64_t		   id;

	if (citizen != NULL) {
		id = page_number(citizen, 1, INT64_MAX / 2);
		snprintf(
		    back, sizeof(back), "/citizen?id=%" PRId64 "&noted=1", id);
		if (id < 0)
			page_error(r, 404, "Borgeren findes ikke",
			    "Gå til Mine borgere og vælg igen.");
		else if (page_citizen_allowed(r, id))
			note_keep(r, id, 0, back);
		return;
	}
	if (!request_open(r, &cr))
		return;
	note_keep(r, cr.citizen_id, cr.id, "/?noted=1");
	contact_rec_free(&cr);
}

/* Reassign cr to staff member to with its audit row; contact_reassign(). */
static int
reassign(struct creq *r, const struct contact_rec *cr, int64_t to)
{
	struct store *s = r->c->store;
	struct buf    detail = { 0 };
	int	      rc = -1;

	buf_printf(&detail, "console: request %" PRId64 " to staff %" PRId64,
	    cr->id, to);
	if (store_begin(s) == STORE_OK &&
	    (rc = contact_reassign(s, r->c->cfg, cr->id, to, r->now)) == 0 &&
	    (page_audit_detail(r, "contact_reassign", cr->citizen_id,
		 buf_str(&detail)) != STORE_OK ||
		store_commit(s) != STORE_OK))
		rc = -1;
	if (rc != 0)
		store_rollback(s);
	buf_free(&detail);
	return rc;
}

/* See pages.h. */
void
page_reassign(struct creq *r)
{
	struct contact_rec cr;
	int64_t		   to;
	int		   rc;

	if (!page_coordinator_only(r) || !request_open(r, &cr))
		return;
	to = page_number(web_field(r->web, "to"), 1, INT64_MAX / 2);
	rc = to < 0 ? 1 : reassign(r, &cr, to);
	if (rc == 0)
		web_redirect(r->rep, "/?reassigned=1");
	else if (rc == 1)
		web_redirect(r->rep, "/?none=1");
	else if (rc == 2 || rc == 3)
		page_error(r, 400, "Henvendelsen blev ikke givet videre",
		    rc == 2
			? "Medarbejderen har intet mobilnummer. Vælg en anden."
			: "Medarbejderen er væk i dag. Vælg en anden.");
	else
		page_error(r, 500, "Der skete en fejl", "Prøv igen.");
	contact_rec_free(&cr);
}
