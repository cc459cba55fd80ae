/*
 * page_requests.c - the start page: the open contact requests routed to
 * me (every open request for a coordinator), oldest first, and "Jeg har
 * ringet" / "Set", which acknowledges through contact_ack(), exactly as
 * a mentor's SMS "OK n" does: the citizen is told once, whichever came
 * first.
 *
 *	GET /?page=N	the list (50 a page); each citizen shown is audited
 *	POST /ack	id=REQUEST, csrf; then back to the list
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "contact.h"
#include "log.h"
#include "pages.h"
#include "store_console.h"
#include "store_contact.h"
#include "store_staff.h"

#define PAGE_MAX 100000 /* the last page number we take */

struct requests_view {
	struct creq *r;
	int	     shown;
	int	     failed; /* an audit row could not be written */
};

/* How the citizen asked: "på SMS" or "på skærmen". */
static const char *
channel_text(const char *channel)
{
	return channel != NULL && strcmp(channel, "sms") == 0
	    ? "på SMS"
	    : "på selvbetjeningsskærmen";
}

/* The escalation and acknowledgement state of rq, as a badge. */
static void
request_state(struct buf *b, const struct console_request *rq)
{
	char when[64];

	if (rq->acknowledged_at != 0) {
		page_time(rq->acknowledged_at, when, sizeof(when));
		buf_printf(
		    b, "<p><span class=\"badge\">Set %s</span></p>", when);
	} else if (rq->escalated_at != 0) {
		page_time(rq->escalated_at, when, sizeof(when));
		buf_printf(b,
		    "<p><span class=\"badge badge-warning\">Sendt "
		    "videre til teamet %s: ingen havde svaret</span></p>",
		    when);
	}
}

/* The acknowledge buttons of rq (only what contact_ack() allows me). */
static void
request_buttons(struct creq *r, const struct console_request *rq)
{
	struct buf *b = &r->rep->body;

	if (rq->acknowledged_at != 0 || rq->routed_to != r->s->staff_id)
		return;
	buf_puts(b, "<form method=\"post\" action=\"/ack\">");
	page_csrf_field(r);
	buf_printf(b,
	    "<input type=\"hidden\" name=\"id\" value=\"%" PRId64
	    "\"><button class=\"button\" type=\"submit\" name=\"how\" "
	    "value=\"called\">Jeg har ringet</button> "
	    "<button class=\"button button-secondary\" type=\"submit\" "
	    "name=\"how\" value=\"seen\">Set</button></form>",
	    rq->id);
}

/* One request on the page; its citizen audited. */
static int
request_item(const struct console_request *rq, void *arg)
{
	struct requests_view *v = arg;
	struct buf	     *b = &v->r->rep->body;
	char		      when[64];

	if (page_audit(v->r, "view_contact", rq->citizen_id) != STORE_OK) {
		v->failed = 1;
		return 1;
	}
	page_time(rq->opened_at, when, sizeof(when));
	buf_printf(b, "<li><h2>");
	buf_puts_html(b, rq->given_name);
	buf_printf(b, " <small>(nr. %" PRId64 ")</small></h2>", rq->id);
	if (rq->mobile != NULL) {
		buf_puts(b, "<p><a class=\"console-tel\" href=\"tel:");
		buf_puts_html(b, rq->mobile);
		buf_puts(b, "\">Ring ");
		buf_puts_html(b, rq->mobile);
		buf_puts(b, "</a></p>");
	} else
		buf_puts(b, "<p>Intet mobilnummer.</p>");
	buf_printf(
	    b, "<p>Bad om opkald %s %s.</p>", channel_text(rq->channel), when);
	if (rq->text != NULL) {
		buf_puts(b, "<p>Borgeren skrev på SMS:</p><blockquote>");
		buf_puts_html(b, rq->text);
		buf_puts(b, "</blockquote>");
	}
	if (rq->routed_to != v->r->s->staff_id) {
		buf_puts(b, "<p>Sendt til ");
		buf_puts_html(b,
		    rq->routed_name != NULL ? rq->routed_name
					    : "teamets nummer");
		buf_puts(b, ".</p>");
	}
	request_state(b, rq);
	request_buttons(v->r, rq);
	buf_puts(b, "</li>");
	v->shown++;
	return 0;
}

/* The message after an acknowledgement (?done=N or ?none=1). */
static void
requests_alert(struct creq *r)
{
	if (web_query(r->web, "done") != NULL)
		buf_puts(&r->rep->body,
		    "<div class=\"alert alert-success\" "
		    "role=\"status\"><p>Tak. Borgeren får en SMS om, at du har "
		    "set beskeden.</p></div>");
	else if (web_query(r->web, "none") != NULL)
		buf_puts(&r->rep->body,
		    "<div class=\"alert\" role=\"status\">"
		    "<p>Henvendelsen var allerede besvaret.</p></div>");
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
	if (v.shown == 0)
		buf_puts(&r->rep->body,
		    "<p>Ingen borgere venter på et opkald "
		    "fra dig.</p>");
	if (more)
		buf_printf(&r->rep->body,
		    "<p><a href=\"/?page=%" PRId64
		    "\">Flere henvendelser</a></p>",
		    page + 1);
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
