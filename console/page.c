/*
 * page.c - the console's page frame, error page, CSRF field, audit
 * helper and its stylesheet (see pages.h).  Markup and classes are Det
 * Fælles Designsystem's (the kiosk's theme files under /assets/ are not
 * served here: the console's own small stylesheet follows DKFDS's look).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "config.h"
#include "i18n.h"
#include "log.h"
#include "pages.h"
#include "store_console.h"
#include "store.h"
#include "store_staff.h"

/* The menu of a signed-in page: path and label. */
static const struct {
	const char *path;
	const char *label;
	int	    roles; /* shown to these roles only; 0: to all */
} menu[] = {
	{ "/", "Henvendelser", 0 },
	{ "/citizens", "Mine borgere", 0 },
	{ "/absence", "Fravær", 0 },
	{ "/desk", "Kode til kiosken",
	    STAFF_ROLE_COORDINATOR | STAFF_ROLE_DESK },
	{ "/staff", "Medarbejdere", STAFF_ROLE_COORDINATOR },
	{ "/outbox", "SMS-køen", STAFF_ROLE_COORDINATOR },
	{ "/import", "Importér", STAFF_ROLE_COORDINATOR },
	{ "/erase", "Borgerdata", STAFF_ROLE_COORDINATOR },
};

#define NMENU (sizeof(menu) / sizeof(menu[0]))

/* The menu and the sign-out button of a signed-in page. */
static void
page_menu(struct creq *r)
{
	struct buf *b = &r->rep->body;
	size_t	    i;

	buf_puts(b, "<nav class=\"console-nav\" aria-label=\"Menu\"><ul>");
	for (i = 0; i < NMENU; i++) {
		if (menu[i].roles != 0 && !(r->s->roles & menu[i].roles))
			continue;
		buf_printf(b, "<li><a href=\"%s\"%s>", menu[i].path,
		    strcmp(r->web->url, menu[i].path) == 0
			? " aria-current=\"page\""
			: "");
		page_bi(b, menu[i].label);
		buf_puts(b, "</a></li>");
	}
	buf_puts(b, "</ul><form method=\"post\" action=\"/signout\">");
	page_csrf_field(r);
	buf_puts(
	    b, "<button class=\"button button-secondary\" type=\"submit\">");
	page_bi(b, "Log ud");
	buf_puts(b, "</button></form></nav>");
}

/* page_begin(); name: the title is a name, h1 translate="no". */
static void
page_head(struct creq *r, const char *title, int name)
{
	struct buf *b = &r->rep->body;

	buf_puts(b,
	    "<!DOCTYPE html>\n<html lang=\"da\"><head>"
	    "<meta charset=\"utf-8\">"
	    "<meta name=\"viewport\" content=\"width=device-width, "
	    "initial-scale=1\"><title>");
	buf_puts_html(b, title);
	buf_puts(b,
	    " – Mentorlink</title>"
	    "<link rel=\"stylesheet\" href=\"/console.css\"></head><body>"
	    "<header class=\"header\"><div class=\"portal-info\">"
	    "<div class=\"container\"><p><strong>");
	buf_puts_html(b, r->c->cfg->org_name);
	buf_puts(b, "</strong> · Mentorlink</p>");
	if (r->s != NULL && r->s->signed_in) {
		struct template_var v[] = { { "name", r->s->name } };

		buf_puts(b, "<p class=\"console-user\">");
		page_bit(b, "Logget ind som {name}", v, 1);
		buf_puts(b, "</p>");
	}
	buf_puts(b, "</div></div>");
	if (r->s != NULL && r->s->signed_in)
		page_menu(r);
	buf_puts(b, "</header><main id=\"main\" class=\"container\">");
	buf_puts(b, name ? "<h1 translate=\"no\">" : "<h1>");
	page_bi(b, title);
	buf_puts(b, "</h1>");
}

/* See pages.h. */
void
page_begin(struct creq *r, const char *title)
{
	page_head(r, title, 0);
}

/* See pages.h. */
void
page_begin_name(struct creq *r, const char *name)
{
	page_head(r, name, 1);
}

/* See pages.h. */
void
page_end(struct creq *r)
{
	buf_puts(&r->rep->body, "</main></body></html>\n");
}

/* See pages.h. */
void
page_error(
    struct creq *r, unsigned int status, const char *title, const char *text)
{
	buf_reset(&r->rep->body);
	r->rep->status = status;
	page_begin(r, title);
	buf_puts(&r->rep->body, "<p>");
	page_bi(&r->rep->body, text);
	buf_puts(&r->rep->body, "</p><p><a href=\"/\">");
	page_bi(&r->rep->body, "Til forsiden");
	buf_puts(&r->rep->body, "</a></p>");
	page_end(r);
}

/* See pages.h. */
void
page_csrf_field(struct creq *r)
{
	buf_puts(&r->rep->body,
	    "<input type=\"hidden\" name=\"csrf\" "
	    "value=\"");
	buf_puts_html(&r->rep->body, session_csrf(r->s));
	buf_puts(&r->rep->body, "\">");
}

/* See pages.h. */
const char *
page_role(const struct creq *r)
{
	if (r->s->roles & STAFF_ROLE_COORDINATOR)
		return "coordinator";
	if (r->s->roles & STAFF_ROLE_MENTOR)
		return "mentor";
	if (r->s->roles & STAFF_ROLE_CASEWORKER)
		return "caseworker";
	return "desk";
}

/* See pages.h. */
enum store_err
page_audit(struct creq *r, const char *action, int64_t citizen_id)
{
	return page_audit_detail(r, action, citizen_id, "console");
}

/* See pages.h. */
enum store_err
page_audit_detail(
    struct creq *r, const char *action, int64_t citizen_id, const char *detail)
{
	return store_audit(r->c->store, r->now, "staff", r->s->user, action,
	    citizen_id, page_role(r), detail);
}

/* See pages.h. */
const char *
page_en(const char *da)
{
	const char *en = i18n_text("en", da);

	return en != NULL && strcmp(en, da) != 0 ? en : NULL;
}

/* The English under a Danish text. */
static void
page_en_span(struct buf *b, const char *en)
{
	buf_puts(b, " <span class=\"console-en\" lang=\"en\">");
	buf_puts_html(b, en);
	buf_puts(b, "</span>");
}

/* See pages.h. */
void
page_bi(struct buf *b, const char *da)
{
	const char *en = page_en(da);

	buf_puts_html(b, da);
	if (en != NULL)
		page_en_span(b, en);
}

/* See pages.h. */
void
page_bit(
    struct buf *b, const char *tpl, const struct template_var *vars, size_t n)
{
	const char *en = page_en(tpl);

	if (template_render(tpl, vars, n, TEMPLATE_HTML, b, NULL, 0) !=
	    TEMPLATE_OK)
		log_warnx("console: template: %s", tpl);
	if (en == NULL)
		return;
	buf_puts(b, " <span class=\"console-en\" lang=\"en\">");
	(void)template_render(en, vars, n, TEMPLATE_HTML, b, NULL, 0);
	buf_puts(b, "</span>");
}

/* See pages.h. */
void
page_alert(struct creq *r, const char *kind, const char *da)
{
	struct buf *b = &r->rep->body;

	buf_printf(b, "<div class=\"alert%s%s\" role=\"%s\"><p>",
	    kind != NULL ? " alert-" : "", kind != NULL ? kind : "",
	    kind != NULL && strcmp(kind, "error") == 0 ? "alert" : "status");
	page_bi(b, da);
	buf_puts(b, "</p></div>");
}

/* See pages.h. */
int
page_coordinator_only(struct creq *r)
{
	if (r->s->roles & STAFF_ROLE_COORDINATOR)
		return 1;
	page_error(
	    r, 403, "Kun for koordinatorer", "Siden er kun for koordinatorer.");
	return 0;
}

/* See pages.h. */
int
page_citizen_allowed(struct creq *r, int64_t citizen_id)
{
	int allowed = 0;

	if (store_console_citizen_allowed(r->c->store, r->s->staff_id,
		citizen_id, &allowed) != STORE_OK) {
		log_warnx("console: access: %s", store_errmsg(r->c->store));
		page_error(r, 500, "Der skete en fejl", "Prøv igen.");
		return 0;
	}
	if (allowed)
		return 1;
	if (store_audit(r->c->store, r->now, "staff", r->s->user,
		"console_refused", citizen_id, page_role(r),
		"console") != STORE_OK)
		log_warnx("console: audit: %s", store_errmsg(r->c->store));
	log_info("console: refused citizen=%" PRId64 " to staff=%" PRId64,
	    citizen_id, r->s->staff_id);
	page_error(r, 403, "Du har ikke adgang til denne borger",
	    "Du er hverken mentor eller sagsbehandler for borgeren.");
	return 0;
}

/* See pages.h. */
int
page_found(
    struct creq *r, enum store_err e, const char *title, const char *text)
{
	if (e == STORE_NOTFOUND)
		page_error(r, 404, title, text);
	else if (e != STORE_OK) {
		log_warnx(
		    "console: %s: %s", r->web->url, store_errmsg(r->c->store));
		page_error(r, 500, "Der skete en fejl", "Prøv igen.");
	}
	return e == STORE_OK;
}

/* See pages.h. */
int64_t
page_number(const char *s, int64_t min, int64_t max)
{
	char	 *end;
	long long v;

	if (s == NULL || s[0] < '0' || s[0] > '9' || strlen(s) > 18)
		return -1;
	v = strtoll(s, &end, 10);
	if (*end != '\0' || v < min || v > max)
		return -1;
	return v;
}

/* See pages.h. */
void
page_away(struct buf *b, const char *from, const char *until)
{
	if (from == NULL && until == NULL)
		return;
	buf_puts(b, " (væk ");
	buf_puts_html(b, from != NULL ? from : "…");
	buf_puts(b, " – ");
	buf_puts_html(b, until != NULL ? until : "…");
	buf_puts(b, ")");
}

/* See pages.h. */
void
page_time(time_t t, char *out, size_t len)
{
	if (clock_format_local(t, "%-d.%-m.%Y kl. %H.%M", out, len) == 0)
		snprintf(out, len, "?");
}

/* See pages.h. */
void
page_css(struct creq *r)
{
	buf_puts(&r->rep->body, console_css);
	r->rep->content_type = "text/css; charset=utf-8";
	r->rep->cache_public = 1;
}

/* See pages.h: no icon, and no error in the browser's console. */
void
page_no_icon(struct creq *r)
{
	r->rep->status = 204;
	r->rep->cache_public = 1;
}

/*
 * The console's stylesheet: DKFDS's colours, type scale and 48 px touch
 * targets, one column on a phone (360 px), wider on a desktop.
 */
const char console_css[] =
    "*,*::before,*::after{box-sizing:border-box}"
    "body{margin:0;font-family:\"IBM Plex Sans\",Arial,sans-serif;"
    "font-size:1.6rem;line-height:1.5;color:#1a1a1a;background:#fff}"
    "html{font-size:62.5%}"
    ".container{max-width:96rem;margin:0 auto;padding:0 1.6rem}"
    ".header{background:#f5f5f5;border-bottom:1px solid #bfbfbf}"
    ".portal-info p{margin:.8rem 0}"
    ".console-nav{display:flex;flex-wrap:wrap;align-items:center;"
    "gap:.8rem;max-width:96rem;margin:0 auto;padding:0 1.6rem .8rem}"
    ".console-nav ul{display:flex;flex-wrap:wrap;gap:.8rem;list-style:none;"
    "margin:0;padding:0}"
    ".console-nav a{display:inline-flex;align-items:center;min-height:4.8rem;"
    "padding:0 1.2rem;color:#004993;font-weight:600}"
    ".console-nav a[aria-current]{border-bottom:4px solid #004993}"
    "a{color:#004993}a:focus,button:focus,input:focus,select:focus,"
    "textarea:focus{outline:3px solid #ffbb16;outline-offset:2px}"
    "h1{font-size:3.2rem;line-height:1.25;margin:2.4rem 0 1.6rem}"
    "h2{font-size:2.4rem;margin:2.4rem 0 .8rem}"
    ".button{display:inline-flex;align-items:center;justify-content:center;"
    "min-height:4.8rem;min-width:4.8rem;padding:.8rem 1.6rem;border:2px solid "
    "#004993;border-radius:4px;font:inherit;font-weight:600;cursor:pointer;"
    "background:#004993;color:#fff;text-decoration:none}"
    ".button-secondary{background:#fff;color:#004993}"
    ".form-group{margin:0 0 2.4rem}"
    ".form-label{display:block;font-weight:600;margin-bottom:.4rem}"
    ".form-input,.form-select{min-height:4.8rem;width:100%;max-width:32rem;"
    "padding:.8rem;border:2px solid #747474;border-radius:4px;font:inherit}"
    ".alert{border-left:6px solid #004993;background:#e8f1f8;padding:1.6rem;"
    "margin:0 0 2.4rem}"
    ".alert-error{border-color:#b51d09;background:#fbe9e6}"
    ".alert-success{border-color:#358000;background:#eaf3e6}"
    ".alert-warning{border-color:#8a6100;background:#fff8e5}"
    ".console-list{list-style:none;margin:0;padding:0}"
    ".console-list>li{border:1px solid #bfbfbf;border-radius:4px;"
    "padding:1.6rem;margin:0 0 1.6rem}"
    ".console-list h2{margin-top:0}"
    "main a{display:inline-flex;align-items:center;min-height:4.8rem;"
    "min-width:4.8rem}"
    ".console-tel{display:inline-flex;align-items:center;min-height:4.8rem;"
    "font-size:2rem;font-weight:600}"
    ".badge{display:inline-block;padding:0 .8rem;border-radius:4px;"
    "background:#f5f5f5;border:1px solid #747474}"
    ".badge-warning{background:#fff1cc;border-color:#8a6100}"
    ".console-user{font-size:1.4rem}"
    ".console-code{font-size:4rem;font-weight:700;letter-spacing:.4rem;"
    "margin:.8rem 0}"
    ".form-hint{display:block;color:#545454;margin-bottom:.4rem}"
    ".console-check{display:flex;align-items:center;gap:.8rem}"
    ".form-checkbox{width:4.8rem;height:4.8rem;margin:0;flex:none}"
    "fieldset{border:0;margin:0;padding:0}"
    ".console-table{overflow-x:auto}"
    "table{border-collapse:collapse;width:100%}"
    "th,td{text-align:left;padding:.8rem;border-bottom:1px solid #bfbfbf;"
    "vertical-align:top}"
    ".console-en{display:block;font-size:1.4rem;font-weight:400;"
    "color:#545454}"
    ".button .console-en,.alert .console-en{color:inherit}"
    ".console-nav a,.button,main a{flex-direction:column;"
    "align-items:flex-start;justify-content:center}"
    ".button{align-items:center}"
    "h1 .console-en,h2 .console-en{font-size:1.6rem}"
    ".console-nav a .console-en{font-size:1.2rem}"
    ".form-textarea{width:100%;max-width:48rem;min-height:9.6rem;"
    "padding:.8rem;border:2px solid #747474;border-radius:4px;font:inherit}"
    ".form-input[aria-invalid=true],.form-select[aria-invalid=true],"
    ".form-textarea[aria-invalid=true]{border-color:#b51d09;border-width:3px}"
    ".form-hint{display:block;color:#545454;margin-bottom:.4rem}"
    ".form-checkbox{display:flex;align-items:center;gap:.8rem;"
    "min-height:4.8rem}.form-checkbox input{width:4.8rem;height:4.8rem;"
    "flex:none;margin:0}"
    "fieldset{border:0;margin:0 0 2.4rem;padding:0}"
    "legend{font-weight:600;margin-bottom:.4rem}"
    ".console-actions{display:flex;flex-wrap:wrap;gap:.8rem;"
    "margin:0 0 2.4rem}"
    ".console-box{border:1px solid #bfbfbf;border-radius:4px;padding:1.6rem;"
    "margin:0 0 2.4rem}"
    "dl{display:grid;grid-template-columns:1fr;gap:.4rem}"
    "dt{font-weight:600}dd{margin:0 0 .8rem}"
    "@media (min-width:600px){dl{grid-template-columns:16rem 1fr}"
    "dd{margin:0}}";
