/*
 * page_desk.c - "Hjælp en borger med at logge ind på kiosken", for a
 * coordinator or a staff member with the desk role: find the citizen by
 * the CPR number typed at the desk (hashed with the CPR key, as the kiosk
 * hashes a typed one; never stored, logged or shown again) or pick one of
 * my own citizens, and get a one-time kiosk code (shared/deskcode.h): 6
 * digits, 5 minutes, one use, on any kiosk or only the one named by its
 * [kiosk] id.  The citizen taps "Jeg har fået en kode i skranken" on the
 * kiosk and types it.  Only the code's hash is stored.
 *
 *	GET /desk	the form, with my own citizens (audited as a list)
 *	POST /desk	cpr=CPR or citizen=ID, kiosk=ID (may be empty), csrf
 *
 * Audit: desk_code_created (actor my login, reason my role, the citizen,
 * detail kiosk=ID or kiosk=any) in the code's transaction; the kiosk
 * writes desk_code_used naming me when the code is used.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "cpr.h"
#include "deskcode.h"
#include "log.h"
#include "pages.h"
#include "store.h"
#include "store_console.h"
#include "store_staff.h"

#define DESK_TITLE "Hjælp en borger med at logge ind på kiosken"

/* What the form shows again after a refusal. */
struct desk_view {
	struct creq *r;
	int	     failed; /* an audit row could not be written */
	int	     shown;
};

/* The reasons a typed CPR number is refused, by enum cpr_err. */
static const char *const cpr_refused[CPR__MAX] = {
	[CPR_EMPTY] = "Skriv borgerens CPR-nummer, eller vælg en af dine "
		      "borgere.",
	[CPR_CHARS] = "Et CPR-nummer har 10 cifre, fx 010180-1234.",
	[CPR_LENGTH] = "Et CPR-nummer har 10 cifre. Tjek, at alle er med.",
	[CPR_DATE] = "De første 6 cifre er ikke en dato. Tjek nummeret.",
};

/* 1 if I may make desk codes (coordinator or desk); else 403 and 0. */
static int
desk_allowed(struct creq *r)
{
	if (r->s->roles & (STAFF_ROLE_COORDINATOR | STAFF_ROLE_DESK))
		return 1;
	page_error(r, 403, "Kun for skranken og koordinatorer",
	    "Siden er kun for medarbejdere i skranken og koordinatorer.");
	return 0;
}

/* The role I make codes in, for the audit rows. */
static const char *
desk_role(const struct creq *r)
{
	return r->s->roles & STAFF_ROLE_COORDINATOR ? "coordinator" : "desk";
}

/* One of my citizens as a button of the form; audited. */
static int
desk_citizen_item(const struct console_citizen *c, void *arg)
{
	struct desk_view   *v = arg;
	struct buf	   *b = &v->r->rep->body;
	struct template_var name[] = { { "name", c->given_name } };

	if (store_audit(v->r->c->store, v->r->now, "staff", v->r->s->user,
		"list_citizens", c->citizen_id, desk_role(v->r),
		"console desk") != STORE_OK) {
		v->failed = 1;
		return 1;
	}
	if (v->shown++ == 0) {
		buf_puts(b, "<h2>");
		page_bi(b, "Eller vælg en af dine borgere");
		buf_puts(b, "</h2><ul class=\"console-list\">");
	}
	buf_printf(b,
	    "<li><button class=\"button button-secondary\" type=\"submit\" "
	    "name=\"citizen\" value=\"%" PRId64 "\">",
	    c->citizen_id);
	page_bit(b, "Lav en kode til {name}", name, 1);
	buf_puts(b, "</button></li>");
	return 0;
}

/* My own citizens as buttons, audited in one transaction. */
static enum store_err
desk_own_citizens(struct creq *r)
{
	struct desk_view v = { r, 0, 0 };
	struct store	*s = r->c->store;
	int		 more = 0;
	enum store_err	 e;

	if ((e = store_begin(s)) != STORE_OK)
		return e;
	e = store_console_citizens(
	    s, r->s->staff_id, 0, &more, desk_citizen_item, &v);
	if (e != STORE_OK || v.failed) {
		store_rollback(s);
		return e != STORE_OK ? e : STORE_ERROR;
	}
	if (v.shown > 0)
		buf_puts(&r->rep->body, "</ul>");
	return store_commit(s);
}

/* A text field name with its label and hint (Danish, page_bi()). */
static void
desk_field(struct buf *b, const char *name, const char *label, const char *hint,
    const char *attrs)
{
	buf_printf(b,
	    "<div class=\"form-group\"><label class=\"form-label\" "
	    "for=\"%s\">",
	    name);
	page_bi(b, label);
	buf_printf(
	    b, "</label><span class=\"form-hint\" id=\"%s-hint\">", name);
	page_bi(b, hint);
	buf_printf(b,
	    "</span><input class=\"form-input\" type=\"text\" id=\"%s\" "
	    "name=\"%s\" autocomplete=\"off\"%s aria-describedby=\"%s-hint\">"
	    "</div>",
	    name, name, attrs, name);
}

/* The form; error (plain text) shown at the top when not NULL. */
static void
desk_form(struct creq *r, const char *error)
{
	struct buf *b = &r->rep->body;

	page_begin(r, DESK_TITLE);
	if (error != NULL)
		page_alert(r, "error", error);
	buf_puts(b, "<p>");
	page_bi(b,
	    "Borgeren får en kode på 6 cifre. Den virker én gang og i 5 "
	    "minutter. På kiosken trykker borgeren på „Jeg har fået en kode "
	    "i skranken“ og skriver koden.");
	buf_puts(b, "</p><form method=\"post\" action=\"/desk\">");
	page_csrf_field(r);
	desk_field(b, "cpr", "Borgerens CPR-nummer",
	    "10 cifre. Nummeret bliver ikke gemt.",
	    " inputmode=\"numeric\" maxlength=\"11\"");
	desk_field(b, "kiosk", "Kun på denne kiosk (kan udelades)",
	    "Kioskens navn, fx kiosk-1. Tomt: koden virker på alle kiosker.",
	    " maxlength=\"63\"");
	buf_puts(b, "<p><button class=\"button\" type=\"submit\">");
	page_bi(b, "Lav en kode");
	buf_puts(b, "</button></p>");
	if (desk_own_citizens(r) != STORE_OK) {
		log_warnx("console: desk: %s", store_errmsg(r->c->store));
		page_error(r, 500, "Der skete en fejl", "Prøv igen.");
		return;
	}
	buf_puts(b, "</form>");
	page_end(r);
}

/* See pages.h. */
void
page_desk(struct creq *r)
{
	if (desk_allowed(r))
		desk_form(r, NULL);
}

/* 1 if s is empty or a kiosk id: 1-63 of A-Z a-z 0-9 . _ : - */
static int
desk_kiosk_ok(const char *s)
{
	size_t n = strspn(s,
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	    "0123456789._:-");

	return n < DESK_KIOSK_MAX && s[n] == '\0';
}

/*
 * The citizen of the typed CPR number into *c.  Returns NULL, or the
 * reason to show.  The number is wiped here.
 */
static const char *
desk_by_cpr(struct creq *r, const char *typed, struct citizen_rec *c)
{
	char	       cpr[CPR_LEN + 1], hash[CPR_HASH_HEX];
	enum cpr_err   ce;
	enum store_err e;

	if ((ce = cpr_parse(typed != NULL ? typed : "", cpr)) != CPR_OK)
		return cpr_refused[ce];
	cpr_hash(buf_str(&r->c->cpr_key), r->c->cpr_key.len, cpr, hash);
	explicit_bzero(cpr, sizeof(cpr));
	e = store_citizen_by_cpr(r->c->store, hash, c);
	explicit_bzero(hash, sizeof(hash));
	if (e == STORE_OK && strncmp(c->external_id, "#erased-", 8) == 0) {
		citizen_rec_free(c);
		e = STORE_NOTFOUND;
	}
	if (e == STORE_NOTFOUND)
		return "Der er ingen borger med det CPR-nummer i Mentorlink.";
	return e == STORE_OK ? NULL : "Der skete en fejl. Prøv igen.";
}

/*
 * The citizen chosen from my own list (citizen=ID) into *c.  Returns
 * NULL, or the reason to show (another's citizen is audited).
 */
static const char *
desk_by_id(struct creq *r, const char *id, struct citizen_rec *c)
{
	char	 *end;
	long long v = strtoll(id, &end, 10);
	int	  allowed = 0;

	if (*end != '\0' || v <= 0 ||
	    store_console_citizen_allowed(
		r->c->store, r->s->staff_id, v, &allowed) != STORE_OK ||
	    store_citizen_get(r->c->store, v, c) != STORE_OK)
		return "Vælg borgeren igen.";
	if (allowed)
		return NULL;
	citizen_rec_free(c);
	if (store_audit(r->c->store, r->now, "staff", r->s->user,
		"console_refused", v, desk_role(r), "console desk") != STORE_OK)
		log_warnx("console: audit: %s", store_errmsg(r->c->store));
	return "Du er hverken mentor eller sagsbehandler for borgeren. "
	       "Skriv borgerens CPR-nummer i stedet.";
}

/*
 * Make the code for c in one transaction with its audit row.  Returns
 * the store's result; the digits go into code.
 */
static enum store_err
desk_issue(struct creq *r, const struct citizen_rec *c, const char *kiosk,
    char code[DESKCODE_DIGITS + 1])
{
	struct store  *s = r->c->store;
	char	       detail[DESK_KIOSK_MAX + 8];
	enum store_err e;

	snprintf(detail, sizeof(detail), "kiosk=%s",
	    kiosk[0] != '\0' ? kiosk : "any");
	if ((e = store_begin(s)) != STORE_OK)
		return e;
	if ((e = deskcode_issue(s, buf_str(&r->c->cpr_key), r->c->cpr_key.len,
		 c->id, r->s->staff_id, kiosk, r->now, code, NULL)) ==
		STORE_OK &&
	    (e = store_audit(s, r->now, "staff", r->s->user,
		 "desk_code_created", c->id, desk_role(r), detail)) == STORE_OK)
		return store_commit(s);
	store_rollback(s);
	return e;
}

/* The page with the new code for c. */
static void
desk_shown(struct creq *r, const struct citizen_rec *c, const char *kiosk,
    const char *code)
{
	struct buf	   *b = &r->rep->body;
	char		    until[64];
	struct template_var v[] = { { "name", c->given_name },
		{ "until", until }, { "kiosk", kiosk } };

	page_time(r->now + DESKCODE_TTL, until, sizeof(until));
	page_begin(r, DESK_TITLE);
	buf_puts(b, "<div class=\"alert alert-success\" role=\"status\"><p>");
	page_bit(b, "Koden til {name} er", v, 3);
	buf_printf(b,
	    "</p><p class=\"console-code\" id=\"desk-code\">%.3s %.3s</p><p>",
	    code, code + 3);
	page_bit(b,
	    kiosk[0] != '\0' ? "Den virker én gang, til {until}, og kun på "
			       "kiosken {kiosk}."
			     : "Den virker én gang, til {until}.",
	    v, 3);
	buf_puts(b, "</p></div><p>");
	page_bi(b,
	    "Giv borgeren koden. På kiosken trykker borgeren på „Jeg har fået "
	    "en kode i skranken“ og skriver den.");
	buf_puts(b, "</p><p><a href=\"/desk\">");
	page_bi(b, "Lav en kode til en anden borger");
	buf_puts(b, "</a></p>");
	page_end(r);
}

/* See pages.h. */
void
page_desk_post(struct creq *r)
{
	const char	  *id = web_field(r->web, "citizen");
	const char	  *kiosk = web_field(r->web, "kiosk");
	const char	  *why;
	struct citizen_rec c;
	char		   code[DESKCODE_DIGITS + 1];

	if (!desk_allowed(r))
		return;
	if (kiosk == NULL)
		kiosk = "";
	if (!desk_kiosk_ok(kiosk)) {
		r->rep->status = 400;
		desk_form(r,
		    "Kioskens navn må kun have bogstaver a-z, tal "
		    "og . _ : - (højst 63 tegn).");
		return;
	}
	memset(&c, 0, sizeof(c));
	why = id != NULL && id[0] != '\0'
	    ? desk_by_id(r, id, &c)
	    : desk_by_cpr(r, web_field(r->web, "cpr"), &c);
	if (why != NULL) {
		r->rep->status = 400;
		desk_form(r, why);
		return;
	}
	if (desk_issue(r, &c, kiosk, code) != STORE_OK) {
		log_warnx("console: desk code: %s", store_errmsg(r->c->store));
		page_error(r, 500, "Der skete en fejl", "Prøv igen.");
	} else
		desk_shown(r, &c, kiosk, code);
	explicit_bzero(code, sizeof(code));
	citizen_rec_free(&c);
}
