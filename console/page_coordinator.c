/*
 * page_coordinator.c - what only a coordinator sees: the staff list
 * (roles, login, mobile, absence, deputy).  Anyone else gets 403.  The
 * coordinator's other pages: page_staff.c (edit one), page_outbox.c (the
 * SMS queue's health), page_import.c (a case-system file), page_erase.c
 * (a citizen's audit export and erasure).
 *
 *	GET /staff?page=N	the staff list (50 a page), audited
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "pages.h"
#include "store_console.h"
#include "store_staff.h"

/* The staff table's columns. */
static const char *const staff_columns[] = { "Navn", "Roller", "Login", "Mobil",
	"Væk", "Stedfortræder" };

#define NCOLUMNS (sizeof(staff_columns) / sizeof(staff_columns[0]))

/* One staff member as a row of the table. */
static int
staff_item(const struct console_staff *m, void *arg)
{
	struct buf *b = arg;
	char	    roles[48];

	buf_printf(b, "<tr><td><a href=\"/staff/edit?id=%" PRId64 "\">", m->id);
	buf_puts_html(b, m->name);
	buf_puts(b, "</a></td><td>");
	buf_puts_html(b, staff_roles_format(m->roles, roles, sizeof(roles)));
	buf_puts(b, "</td><td>");
	buf_puts_html(b, m->login != NULL ? m->login : "–");
	buf_puts(b, "</td><td>");
	buf_puts_html(b, m->mobile != NULL ? m->mobile : "–");
	buf_puts(b, "</td><td>");
	if (m->away_from != NULL || m->away_until != NULL) {
		buf_puts_html(b, m->away_from != NULL ? m->away_from : "…");
		buf_puts(b, " – ");
		buf_puts_html(b, m->away_until != NULL ? m->away_until : "…");
	} else
		buf_puts(b, "–");
	buf_puts(b, "</td><td>");
	buf_puts_html(b, m->deputy_name != NULL ? m->deputy_name : "–");
	buf_puts(b, "</td></tr>");
	return 0;
}

/* See pages.h. */
void
page_staff(struct creq *r)
{
	struct buf *b = &r->rep->body;
	const char *q = web_query(r->web, "page");
	char	   *end;
	long long   page = 0;
	int	    more = 0;
	size_t	    i;

	if (!page_coordinator_only(r))
		return;
	if (q != NULL &&
	    (page = strtoll(q, &end, 10),
		*end != '\0' || page < 0 || page > 100000))
		page = 0;
	page_begin(r, "Medarbejdere");
	buf_puts(b,
	    "<div class=\"console-table\"><table class=\"table\">"
	    "<thead><tr>");
	for (i = 0; i < NCOLUMNS; i++) {
		buf_puts(b, "<th scope=\"col\">");
		page_bi(b, staff_columns[i]);
		buf_puts(b, "</th>");
	}
	buf_puts(b, "</tr></thead><tbody>");
	if (store_console_staff(
		r->c->store, (size_t)page, &more, staff_item, b) != STORE_OK ||
	    page_audit(r, "list_staff", 0) != STORE_OK) {
		log_warnx("console: staff: %s", store_errmsg(r->c->store));
		page_error(r, 500, "Der skete en fejl", "Prøv igen.");
		return;
	}
	buf_puts(b, "</tbody></table></div>");
	if (more) {
		buf_printf(b, "<p><a href=\"/staff?page=%lld\">", page + 1);
		page_bi(b, "Flere");
		buf_puts(b, "</a></p>");
	}
	page_end(r);
}
