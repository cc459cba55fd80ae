/*
 * page_outbox.c - the coordinator's view of the SMS queue's health, the
 * same figures as `mentorctl status` (outbox_health.h): messages by
 * status, the oldest queued, the unconfirmed, the sender; the latest
 * failures and the numbers that fail.  No message text is ever shown
 * (so never a login code), and every number is masked; a failure about
 * a citizen is audited on that citizen.
 *
 *	GET /outbox	the page, coordinators only
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "log.h"
#include "outbox_health.h"
#include "pages.h"
#include "store_outbox.h"

#define FAILURES_SHOWN	  10
#define BAD_NUMBERS_SHOWN 10
#define DIGITS_HIDDEN	  6 /* a run of this many digits may be a number */

/* The outbox statuses in plain Danish, by enum outbox_status. */
static const char *const status_text[OUTBOX_STATUS__MAX] = {
	[OUTBOX_QUEUED] = "I kø",
	[OUTBOX_SENDING] = "Sendes nu",
	[OUTBOX_SENT] = "Sendt",
	[OUTBOX_DELIVERED] = "Modtaget",
	[OUTBOX_FAILED] = "Fejlet",
	[OUTBOX_EXPIRED] = "For sent at sende",
};

struct outbox_view {
	struct creq *r;
	int	     failed; /* an audit row could not be written */
	int	     shown;
};

/*
 * A provider's error text, escaped, with every run of DIGITS_HIDDEN or
 * more digits (a phone number a provider may quote) as "…".
 */
static void
put_error_text(struct buf *b, const char *s)
{
	struct buf t = { 0 };
	size_t	   n;

	if (s == NULL) {
		buf_puts(b, "–");
		return;
	}
	while (*s != '\0') {
		n = strspn(s, "0123456789");
		if (n >= DIGITS_HIDDEN)
			buf_puts(&t, "…");
		else
			buf_append(&t, s, n);
		s += n;
		if ((n = strcspn(s, "0123456789")) > 0)
			buf_append(&t, s, n);
		s += n;
	}
	buf_puts_html(b, buf_str(&t));
	buf_free(&t);
}

/* A masked number as a table cell. */
static void
put_number(struct buf *b, const char *number)
{
	char masked[32];

	buf_puts(b, "<td>");
	buf_puts_html(b, log_phone(number, masked, sizeof(masked)));
	buf_puts(b, "</td>");
}

/* One failed message as a row; its citizen (if any) audited. */
static int
failure_row(const struct outbox_rec *m, void *arg)
{
	struct outbox_view *v = arg;
	struct buf	   *b = &v->r->rep->body;
	char		    when[64];

	if (m->citizen_id != 0 &&
	    page_audit(v->r, "view_outbox", m->citizen_id) != STORE_OK)
		return v->failed = 1;
	page_time(
	    m->final_at != 0 ? m->final_at : m->created_at, when, sizeof(when));
	buf_printf(b, "<tr><td>%" PRId64 "</td><td>%s</td>", m->id, when);
	put_number(b, m->recipient);
	buf_puts(b, "<td>");
	buf_puts_html(b, m->purpose);
	buf_printf(b, "</td><td>%d</td><td>", m->attempts);
	put_error_text(b, m->last_error);
	buf_puts(b, "</td></tr>");
	v->shown++;
	return 0;
}

/* One number that fails as a row; a citizen's number audited. */
static int
bad_number_row(const struct outbox_bad_number *n, void *arg)
{
	struct outbox_view *v = arg;
	struct buf	   *b = &v->r->rep->body;
	struct citizen_rec  c;
	char		    when[64];
	enum store_err	    e = STORE_OK;

	if (store_citizen_by_mobile(v->r->c->store, n->recipient, &c) ==
	    STORE_OK) {
		e = page_audit(v->r, "view_outbox", c.id);
		citizen_rec_free(&c);
	}
	if (e != STORE_OK)
		return v->failed = 1;
	page_time(n->last_at, when, sizeof(when));
	buf_puts(b, "<tr>");
	put_number(b, n->recipient);
	buf_printf(b, "<td>%" PRId64 "</td><td>%s</td><td>", n->failures, when);
	put_error_text(b, n->last_error);
	buf_puts(b, "</td></tr>");
	v->shown++;
	return 0;
}

/* A heading h2 through page_bi(). */
static void
put_h2(struct buf *b, const char *da)
{
	buf_puts(b, "<h2>");
	page_bi(b, da);
	buf_puts(b, "</h2>");
}

/* A term of the figures list, then the start of its value. */
static void
put_dt(struct buf *b, const char *da)
{
	buf_puts(b, "<dt>");
	page_bi(b, da);
	buf_puts(b, "</dt><dd>");
}

/* The figures of outbox_health as a list, with a warning when needed. */
static void
health_list(struct creq *r, const struct outbox_health *h)
{
	struct buf *b = &r->rep->body;
	char	    n[32];
	int	    i;

	if (h->counts[OUTBOX_FAILED] > 0 || h->counts[OUTBOX_EXPIRED] > 0)
		page_alert(r, "warning",
		    "Nogle SMS'er kom ikke frem. Se de seneste fejl nedenfor.");
	put_h2(b, "Beskeder efter status");
	buf_puts(b, "<dl>");
	for (i = 0; i < OUTBOX_STATUS__MAX; i++) {
		put_dt(b, status_text[i]);
		buf_printf(b, "%" PRId64 "</dd>", h->counts[i]);
	}
	put_dt(b, "Ældste i kø");
	if (h->oldest_age >= 0) {
		struct template_var v[] = { { "n", n } };

		snprintf(n, sizeof(n), "%lld", (long long)h->oldest_age / 60);
		page_bit(b, "{n} min.", v, 1);
	} else
		page_bi(b, "Ingen i kø");
	buf_puts(b, "</dd>");
	put_dt(b, "Ubekræftet af udbyderen");
	buf_printf(b, "%" PRId64 "</dd>", h->unconfirmed);
	put_dt(b, "Afsender");
	page_bi(b,
	    h->sender != NULL ? "sms-gateway kører"
			      : "Ingen sms-gateway kører");
	buf_puts(b, "</dd></dl>");
}

/* A table's start: heading h2, then the column headers cols. */
static void
table_head(struct buf *b, const char *h2, const char *const *cols, size_t n)
{
	size_t i;

	put_h2(b, h2);
	buf_puts(b,
	    "<div class=\"console-table\"><table class=\"table\"><thead><tr>");
	for (i = 0; i < n; i++) {
		buf_puts(b, "<th scope=\"col\">");
		page_bi(b, cols[i]);
		buf_puts(b, "</th>");
	}
	buf_puts(b, "</tr></thead><tbody>");
}

/* A table's end, and the sentence none when it had no rows. */
static void
table_end(struct outbox_view *v, const char *none)
{
	struct buf *b = &v->r->rep->body;

	buf_puts(b, "</tbody></table></div>");
	if (v->shown == 0) {
		buf_puts(b, "<p>");
		page_bi(b, none);
		buf_puts(b, "</p>");
	}
	v->shown = 0;
}

static const char *const failure_cols[] = { "Nr.", "Tid", "Til", "Slags",
	"Forsøg", "Fejl" };
static const char *const bad_number_cols[] = { "Nummer", "Antal fejl", "Senest",
	"Sidste fejl" };

#define NCOLS(a) (sizeof(a) / sizeof((a)[0]))

/* The latest failures, then the numbers that fail.  STORE_OK or not. */
static enum store_err
failure_tables(struct outbox_view *v)
{
	struct buf    *b = &v->r->rep->body;
	enum store_err e;

	table_head(b, "Seneste fejl", failure_cols, NCOLS(failure_cols));
	if ((e = store_outbox_list(v->r->c->store, OUTBOX_FAILED, NULL,
		 FAILURES_SHOWN, failure_row, v)) != STORE_OK ||
	    v->failed)
		return e != STORE_OK ? e : STORE_ERROR;
	table_end(v, "Ingen fejl.");
	table_head(b, "Numre der ikke virker", bad_number_cols,
	    NCOLS(bad_number_cols));
	if ((e = store_outbox_bad_numbers(v->r->c->store, BAD_NUMBERS_SHOWN,
		 bad_number_row, v)) != STORE_OK ||
	    v->failed)
		return e != STORE_OK ? e : STORE_ERROR;
	table_end(v, "Alle numre virker.");
	return STORE_OK;
}

/* See pages.h. */
void
page_outbox(struct creq *r)
{
	struct outbox_view   v = { r, 0, 0 };
	struct outbox_health h;
	struct store	    *s = r->c->store;
	enum store_err	     e;

	if (!page_coordinator_only(r))
		return;
	page_begin(r, "SMS-køen");
	if ((e = store_begin(s)) == STORE_OK &&
	    (e = outbox_health_get(s, r->now, &h)) == STORE_OK) {
		health_list(r, &h);
		outbox_health_free(&h);
		if ((e = failure_tables(&v)) == STORE_OK)
			e = page_audit(r, "view_outbox", 0);
	}
	if (e == STORE_OK)
		e = store_commit(s);
	else
		store_rollback(s);
	if (e != STORE_OK) {
		log_warnx("console: outbox: %s", store_errmsg(s));
		page_error(r, 500, "Der skete en fejl", "Prøv igen.");
		return;
	}
	page_end(r);
}
