/*
 * page.c - what every screen shares: the screen and message tables, the
 * layout (header, language switch, log out, the "still there?" dialog,
 * the inline script) and the text helpers.  See pages.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "buf.h"
#include "config.h"
#include "config_site.h"
#include "crypto.h"
#include "i18n.h"
#include "lang.h"
#include "log.h"
#include "pages.h"
#include "phone.h"
#include "site.h"
#include "store.h"
#include "templates.h"

const struct screen_def screens[SCREEN__MAX] = {
	[SCREEN_START] = { "/", "start", 0 },
	[SCREEN_CPR] = { "/cpr", "cpr", 0 },
	[SCREEN_CODE] = { "/code", "code", SCREEN_PENDING },
	[SCREEN_DESK] = { "/desk", "desk", 0 },
	[SCREEN_AGREEMENT] = { "/agreement", "agreement", SCREEN_PERSONAL },
	[SCREEN_CONTACT] = { "/call-me", "call-me", SCREEN_PERSONAL },
	[SCREEN_CONTACT_DONE] = { "/call-me/done", "call-me-done",
	    SCREEN_PERSONAL },
	[SCREEN_COMPLAINT] = { "/complaints", "complaints", SCREEN_PERSONAL },
	[SCREEN_ACCESS] = { "/access-log", "access-log", SCREEN_PERSONAL },
	[SCREEN_PRIVACY] = { "/privacy", "privacy", 0 },
	[SCREEN_MITID_REFUSED] = { "/mitid/refused", "mitid-refused", 0 },
	[SCREEN_MITID_DONE] = { "/mitid/done", "mitid-done", SCREEN_PERSONAL },
};

/* The screens' titles (the <title>, before the service name). */
static const char *const screen_titles[SCREEN__MAX] = {
	[SCREEN_START] = N_("Velkommen"),
	[SCREEN_CPR] = N_("Dit CPR-nummer"),
	[SCREEN_CODE] = N_("Koden fra din SMS"),
	[SCREEN_DESK] = N_("Koden fra skranken"),
	[SCREEN_AGREEMENT] = N_("Min aftale"),
	[SCREEN_CONTACT] = N_("Bed din mentor ringe"),
	[SCREEN_CONTACT_DONE] = N_("Din besked"),
	[SCREEN_COMPLAINT] = N_("Sådan klager du"),
	[SCREEN_ACCESS] = N_("Hvem har set mine oplysninger"),
	[SCREEN_PRIVACY] = N_("Sådan passer vi på dine oplysninger"),
	[SCREEN_MITID_REFUSED] = N_("Log ind med MitID"),
	[SCREEN_MITID_DONE] = N_("Du er logget ind"),
};

enum msg_kind {
	MK_FIELD,  /* shown at the form field */
	MK_INFO,   /* a calm blue note */
	MK_WARNING /* a yellow note, read out at once */
};

struct msg_def {
	enum msg_kind kind;
	const char   *text;
};

/* The plural (i18n_ntext()) of a message with a number {n}; the text
 * above is its singular. */
static const char *const msg_plurals[MSG__MAX] = {
	[MSG_CODE_WRONG] = N_(
	    "Koden passer ikke. Tjek koden i din SMS, og prøv igen. Du kan prøve {n} gange mere."),
};

static const struct msg_def msgs[MSG__MAX] = {
	[MSG_NONE] = { MK_INFO, NULL },
	[MSG_CPR_EMPTY] = { MK_FIELD,
	    N_("Skriv dit CPR-nummer. Det har 10 cifre.") },
	[MSG_CPR_CHARS] = { MK_FIELD,
	    N_("Brug kun tal. Et CPR-nummer har 10 cifre, fx 010180‑1234.") },
	[MSG_CPR_LENGTH] = { MK_FIELD,
	    N_("Et CPR-nummer har 10 cifre. Tjek, at du har fået dem alle med.") },
	[MSG_CPR_DATE] = { MK_FIELD,
	    N_("De første 6 cifre skal være din fødselsdag: dag, måned og år. Tjek dem, og prøv igen.") },
	[MSG_LIMIT_CPR] = { MK_WARNING,
	    N_("Der er bedt om mange koder til dette CPR-nummer. Vent et kvarter, og prøv så igen. Du kan også spørge ved {desk}.") },
	[MSG_LIMIT_KIOSK] = { MK_WARNING,
	    N_("Skærmen kan ikke sende flere koder lige nu. Spørg ved {desk}, så hjælper de dig.") },
	[MSG_LOCKED] = { MK_WARNING,
	    N_("Der er skrevet forkerte koder for mange gange. For en sikkerheds skyld kan du først prøve igen om en time. Spørg ved {desk}, hvis du har brug for hjælp nu.") },
	[MSG_CODE_FORMAT] = { MK_FIELD,
	    N_("Koden har 6 cifre. Skriv kun tal.") },
	[MSG_CODE_WRONG] = { MK_FIELD,
	    N_("Koden passer ikke. Tjek koden i din SMS, og prøv igen. Du kan prøve {n} gang mere.") },
	[MSG_CODE_GONE] = { MK_FIELD,
	    N_("Koden virker ikke længere. Tryk på „Send en ny kode“ herunder.") },
	[MSG_DESK_WRONG] = { MK_FIELD,
	    N_("Koden virker ikke. Tjek, at du har skrevet den rigtigt. En kode virker kun én gang og i 5 minutter. Spørg ved {desk} efter en ny kode.") },
	[MSG_DESK_LIMIT] = { MK_WARNING,
	    N_("Der er skrevet forkerte koder for mange gange. For en sikkerheds skyld kan der ikke logges ind med en kode fra skranken lige nu. Spørg ved {desk}, så hjælper de dig.") },
	[MSG_FORM_OLD] = { MK_WARNING, N_("Siden var for gammel. Prøv igen.") },
	[MSG_TOO_BIG] = { MK_WARNING,
	    N_("Der blev sendt for meget på én gang. Prøv igen.") },
	[MSG_BAD_REQUEST] = { MK_WARNING,
	    N_("Det, der blev sendt, kunne vi ikke læse. Prøv igen.") },
	[MSG_ERROR] = { MK_WARNING,
	    N_("Der skete en fejl hos os. Prøv igen om lidt, eller spørg ved {desk}.") },
	[MSG_LOGGED_OUT] = { MK_INFO,
	    N_("Du er logget ud. Dine oplysninger er lukket.") },
	[MSG_TIMED_OUT] = { MK_INFO,
	    N_("Du er logget ud, fordi der ikke skete noget i et stykke tid. Dine oplysninger er lukket.") },
	[MSG_SESSION_MAX] = { MK_INFO,
	    N_("Du er logget ud, fordi du har været logget ind i lang tid. Det er for at passe på dine oplysninger. Du er velkommen til at logge ind igen.") },
	[MSG_MITID_FAILED] = { MK_WARNING,
	    N_("Det lykkedes ikke at logge ind med MitID. Prøv igen, eller spørg ved {desk}.") },
	[MSG_MITID_LATE] = { MK_INFO,
	    N_("Log ind med MitID tog for lang tid, så vi har lukket det. Du er velkommen til at prøve igen.") },
};

enum screen
screen_by_name(const char *name)
{
	int i;

	for (i = 0; name != NULL && i < SCREEN__MAX; i++)
		if (strcmp(screens[i].name, name) == 0)
			return (enum screen)i;
	return SCREEN__MAX;
}

const char *
tr(const struct page *p, const char *msgid)
{
	return i18n_text(p->lang, msgid);
}

const char *
page_keep(struct page *p, char *s)
{
	if (p->npool == PAGE_POOL_MAX)
		fatalx("page: string pool full");
	p->pool[p->npool++] = s;
	return s;
}

void
page_set(struct template_var *v, size_t n, const char *name, const char *value)
{
	if (template_set(v, n, name, value) == -1)
		fatalx("kiosk: template variable %s is not in the list", name);
}

void
page_render(
    struct buf *out, const char *tpl, const struct template_var *v, size_t n)
{
	char err[128];

	if (template_render(tpl, v, n, TEMPLATE_HTML, out, err, sizeof(err)) !=
	    TEMPLATE_OK)
		fatalx("kiosk: template: %s", err);
}

void
page_fmt_buf(struct page *p, const char *msgid, const struct template_var *v,
    size_t n, struct buf *out)
{
	char err[128];

	if (template_render(tr(p, msgid), v, n, TEMPLATE_TEXT, out, err,
		sizeof(err)) != TEMPLATE_OK) {
		log_warnx("kiosk: text \"%.40s\": %s", msgid, err);
		buf_puts(out, msgid);
	}
}

const char *
page_nfmt(struct page *p, const char *msgid, const char *msgid_plural,
    unsigned long count, const struct template_var *v, size_t n)
{
	struct buf  out = { 0 };
	const char *text = i18n_ntext(p->lang, msgid, msgid_plural, count);
	char	    err[128];

	if (template_render(text, v, n, TEMPLATE_TEXT, &out, err,
		sizeof(err)) != TEMPLATE_OK) {
		log_warnx("kiosk: text \"%.40s\": %s", msgid, err);
		buf_puts(&out, text);
	}
	return page_keep(p, buf_take(&out));
}

const char *
page_fmt(
    struct page *p, const char *msgid, const struct template_var *v, size_t n)
{
	struct buf out = { 0 };

	page_fmt_buf(p, msgid, v, n, &out);
	return page_keep(p, buf_take(&out));
}

int
page_rtl(const struct page *p)
{
	int i = lang_index(p->lang);

	return i >= 0 && lang_at((size_t)i)->rtl;
}

/* Unicode's isolates: LEFT-TO-RIGHT ISOLATE ... POP DIRECTIONAL ISOLATE. */
#define LRI "\xe2\x81\xa6"
#define PDI "\xe2\x81\xa9"

void
page_ltr_copy(const struct page *p, const char *s, char *out, size_t len)
{
	int rtl = page_rtl(p);

	snprintf(out, len, "%s%s%s", rtl ? LRI : "", s, rtl ? PDI : "");
}

const char *
page_phone(struct page *p, const char *e164)
{
	char human[32], shown[48], *copy;

	phone_human(e164, 1, human, sizeof(human));
	page_ltr_copy(p, human, shown, sizeof(shown));
	if ((copy = strdup(shown)) == NULL)
		fatal("strdup");
	return page_keep(p, copy);
}

const char *
page_lang_attr(const struct page *p, const char *lang)
{
	int rtl = page_rtl(p);

	if (lang == NULL || strcmp(lang, p->lang) == 0)
		return "";
	if (strcmp(lang, "da") == 0)
		return rtl ? " lang=\"da\" dir=\"ltr\"" : " lang=\"da\"";
	if (strcmp(lang, "en") == 0)
		return rtl ? " lang=\"en\" dir=\"ltr\"" : " lang=\"en\"";
	return "";
}

const char *
page_staff_lang(const struct page *p)
{
	return page_lang_attr(p, "da");
}

const char *
page_desk(const struct page *p)
{
	return config_site_desk(p->req->k->cfg, site_of(p->req), p->lang);
}

const char *
page_csrf(const struct page *p)
{
	return p->req->sess != NULL ? p->req->sess->web->csrf : "";
}

void
page_open(struct page *p, struct kiosk_request *req, struct web_reply *rep,
    enum screen screen)
{
	memset(p, 0, sizeof(*p));
	p->req = req;
	p->rep = rep;
	p->screen = screen;
	p->lang = request_lang(req);
	p->msg = req->msg;
	if (req->sess != NULL) {
		if (p->msg == MSG_NONE)
			p->msg = req->sess->flash;
		req->sess->flash = MSG_NONE;
	}
}

/*
 * The text of the page's message with its placeholders filled.
 */
static const char *
page_msg_text(struct page *p)
{
	const struct config *cfg = p->req->k->cfg;
	char		     n[16];
	int count = p->req->sess != NULL ? p->req->sess->tries_left : 0;
	struct template_var v[] = {
		{ "desk", page_desk(p) },
		{ "org", cfg->org_name },
		{ "n", n },
	};

	snprintf(n, sizeof(n), "%d", count);
	if (msg_plurals[p->msg] != NULL)
		return page_nfmt(p, msgs[p->msg].text, msg_plurals[p->msg],
		    count > 0 ? (unsigned long)count : 0, v, NVARS(v));
	return page_fmt(p, msgs[p->msg].text, v, NVARS(v));
}

const char *
page_field_error(struct page *p)
{
	if (p->msg == MSG_NONE || msgs[p->msg].kind != MK_FIELD)
		return NULL;
	return page_msg_text(p);
}

/*
 * The alert at the top of the page for a message that is not a field's.
 */
static void
page_alert(struct page *p, struct buf *out)
{
	int warn;

	if (p->msg == MSG_NONE || msgs[p->msg].kind == MK_FIELD)
		return;
	warn = msgs[p->msg].kind == MK_WARNING;
	{
		struct template_var v[] = {
			{ "variant", warn ? "warning" : "info" },
			{ "role",
			    warn ? " role=\"alert\"" : " role=\"status\"" },
			{ "icon", warn ? "warning" : "info" },
			{ "icon_label",
			    warn ? tr(p, N_("Bemærk"))
				 : tr(p, N_("Information")) },
			{ "text", NULL },
		};
		struct buf text = { 0 };

		buf_puts_html(&text, page_msg_text(p));
		page_set(v, NVARS(v), "text", page_keep(p, buf_take(&text)));
		page_render(out, tpl_alert_html, v, NVARS(v));
	}
}

/*
 * The language links, the current one marked: every language of lang.c
 * whose texts are there (a row whose catalogue is missing is left out).
 */
static void
page_languages(struct page *p, struct buf *out)
{
	const struct lang  *l;
	size_t		    i;
	struct template_var v[] = {
		{ "code", NULL },
		{ "name", NULL },
		{ "screen", screens[p->screen].name },
	};

	for (i = 0; (l = lang_at(i)) != NULL; i++) {
		if (!i18n_has_language(l->code))
			continue;
		page_set(v, NVARS(v), "code", l->code);
		page_set(v, NVARS(v), "name", l->name);
		page_render(out,
		    strcmp(p->lang, l->code) == 0 ? tpl_language_current_html
						  : tpl_language_html,
		    v, NVARS(v));
	}
}

/*
 * "Log out" when logged in, "Cancel" on the login screens: both end the
 * session.
 */
static void
page_logout_button(struct page *p, struct buf *out)
{
	int personal =
	    p->req->sess != NULL && p->req->sess->state == SESSION_AUTH;
	struct template_var v[] = {
		{ "csrf", page_csrf(p) },
		{ "icon",
		    personal
			? "<svg class=\"icon-svg\" focusable=\"false\" "
			  "aria-hidden=\"true\"><use href=\"/assets/img/kiosk-icons.svg#lock\">"
			  "</use></svg>"
			: "" },
		{ "t_logout",
		    personal ? tr(p, N_("Log ud")) : tr(p, N_("Afbryd")) },
	};

	if (p->req->sess == NULL || p->screen == SCREEN_START)
		return;
	page_render(out, tpl_logout_html, v, NVARS(v));
}

/* The countdown, singular and plural (i18n_ntext()). */
static const char *const countdown[2] = {
	N2_("Siden lukker om {n} sekund.", "Siden lukker om {n} sekunder."),
};

/*
 * The countdown's texts for kiosk.js, so the script needs no plural
 * rule of its own: forms gets a JSON array of every text the catalogue
 * gives for 0..max seconds with "#" for the number; form_of one digit
 * per number n, the index in that array of n's text.  Both are kept
 * until page_close().
 */
static void
page_countdown_forms(
    struct page *p, int max, const char **forms, const char **form_of)
{
	const char	   *text[I18N_PLURALS_MAX];
	unsigned char	   *of;
	char		   *digits;
	struct json_object *arr;
	struct template_var c[] = { { "n", "#" } };
	struct buf	    out = { 0 };
	size_t		    i, n;
	char		    err[128];

	if ((of = malloc((size_t)max + 1)) == NULL ||
	    (digits = malloc((size_t)max + 2)) == NULL ||
	    (arr = json_object_new_array()) == NULL)
		fatal("countdown");
	n = i18n_nforms(
	    p->lang, countdown[0], countdown[1], (unsigned long)max, text, of);
	if (n == 0)
		fatalx("kiosk: countdown texts: not a plural entry");
	for (i = 0; i <= (size_t)max; i++)
		digits[i] = (char)('0' + of[i]);
	digits[max + 1] = '\0';
	free(of);
	for (i = 0; i < n; i++) {
		buf_reset(&out);
		if (template_render(text[i], c, NVARS(c), TEMPLATE_TEXT, &out,
			err, sizeof(err)) != TEMPLATE_OK) {
			log_warnx("kiosk: countdown text: %s", err);
			buf_reset(&out);
			buf_puts(&out, text[i]);
		}
		json_object_array_add(
		    arr, json_object_new_string(buf_str(&out)));
	}
	buf_free(&out);
	*forms = page_keep(p,
	    buf_strdup(json_object_to_json_string_ext(
		arr, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE)));
	json_object_put(arr);
	*form_of = page_keep(p, digits);
}

/*
 * The hidden dialog the script shows before the idle limit ("Are you
 * still there?") and before the absolute limit ("More time?"), with its
 * countdown.  The texts of both are in the page; the script picks one.
 */
static void
page_idle_dialog(struct page *p, struct buf *out)
{
	const struct config *cfg = p->req->k->cfg;
	char		     n[16];
	struct template_var  c[] = { { "n", n } };
	struct template_var  v[] = {
		 { "t_title", tr(p, N_("Er du her stadig?")) },
		 { "t_session_title", tr(p, N_("Vil du have mere tid?")) },
		 { "t_text",
		     tr(p,
			 N_("Tryk på knappen, hvis du vil fortsætte. Ellers lukker vi siden, så andre ikke kan se dine oplysninger.")) },
		 { "t_session_text",
		     tr(p,
			 N_("Du har været logget ind længe. Tryk på knappen, hvis du har brug for mere tid. Ellers lukker vi siden.")) },
		 { "t_session_last",
		     tr(p,
			 N_("Du har fået mere tid mange gange. Nu lukker vi siden. Du kan logge ind igen bagefter.")) },
		 { "t_count", NULL },
		 { "forms", NULL },
		 { "form_of", NULL },
		 { "t_button", tr(p, N_("Ja, jeg er her stadig")) },
		 { "t_extend", tr(p, N_("Ja, giv mig mere tid")) },
		 { "t_ok", tr(p, N_("OK")) },
		 { "csrf", page_csrf(p) },
		 { "screen", screens[p->screen].name },
	};
	const char *forms, *form_of;

	if (p->req->sess == NULL || p->screen == SCREEN_START)
		return;
	snprintf(n, sizeof(n), "%d", cfg->kiosk_warn_seconds);
	page_set(v, NVARS(v), "t_count",
	    page_nfmt(p, countdown[0], countdown[1],
		(unsigned long)cfg->kiosk_warn_seconds, c, NVARS(c)));
	page_countdown_forms(p, cfg->kiosk_warn_seconds, &forms, &form_of);
	page_set(v, NVARS(v), "forms", forms);
	page_set(v, NVARS(v), "form_of", form_of);
	page_render(out, tpl_idle_html, v, NVARS(v));
}

void
page_close(struct page *p)
{
	const struct config *cfg = p->req->k->cfg;
	struct buf logout = { 0 }, langs = { 0 }, alert = { 0 }, idle = { 0 };
	char	   nidle[16], nwarn[16], nleft[16], nmax[16], next[16];
	struct session	   *s = p->req->sess;
	size_t		    i;
	struct template_var v[] = {
		{ "lang", p->lang },
		{ "title", tr(p, screen_titles[p->screen]) },
		{ "service", tr(p, N_("Min mentorstøtte")) },
		{ "org", cfg->org_name },
		{ "idle", nidle },
		{ "warn", nwarn },
		{ "left", nleft },
		{ "max", nmax },
		{ "extend", next },
		{ "screen", screens[p->screen].name },
		{ "logout", NULL },
		{ "t_language", tr(p, N_("Vælg sprog")) },
		{ "languages", NULL },
		{ "alert", NULL },
		{ "content", buf_str(&p->content) },
		{ "idle_dialog", NULL },
		{ "script", page_script() },
		{ "dir", page_rtl(p) ? "rtl" : "ltr" },
	};

	snprintf(nidle, sizeof(nidle), "%d", cfg->kiosk_idle_seconds);
	snprintf(nwarn, sizeof(nwarn), "%d", cfg->kiosk_warn_seconds);
	snprintf(nleft, sizeof(nleft), "%d",
	    s != NULL ? websession_seconds_left(s->web, p->req->now) : 0);
	snprintf(nmax, sizeof(nmax), "%d", cfg->kiosk_session_max);
	snprintf(next, sizeof(next), "%d",
	    s != NULL ? session_extensions_left(s) : 0);
	page_logout_button(p, &logout);
	page_languages(p, &langs);
	page_alert(p, &alert);
	page_idle_dialog(p, &idle);
	page_set(v, NVARS(v), "logout", buf_str(&logout));
	page_set(v, NVARS(v), "languages", buf_str(&langs));
	page_set(v, NVARS(v), "alert", buf_str(&alert));
	page_set(v, NVARS(v), "idle_dialog", buf_str(&idle));
	if (p->rep->status == 0)
		p->rep->status = 200;
	page_render(&p->rep->body, tpl_layout_html, v, NVARS(v));
	buf_free(&logout);
	buf_free(&langs);
	buf_free(&alert);
	buf_free(&idle);
	buf_free(&p->content);
	for (i = 0; i < p->npool; i++)
		free(p->pool[i]);
	p->npool = 0;
}

void
page_keypad(struct page *p, struct buf *out, const char *field)
{
	struct template_var v[] = {
		{ "t_keypad", tr(p, N_("Tal")) },
		{ "field", field },
		{ "t_back", tr(p, N_("Slet")) },
		{ "t_clear", tr(p, N_("Ryd")) },
	};

	page_render(out, tpl_keypad_html, v, NVARS(v));
}

int
page_pad_apply(
    char *pad, size_t len, const char *typed, const char *key, size_t maxchars)
{
	size_t n;

	snprintf(pad, len, "%s", typed != NULL ? typed : "");
	if (strlen(pad) > maxchars)
		pad[maxchars] = '\0';
	n = strlen(pad);
	if (strcmp(key, "back") == 0) {
		if (n > 0)
			pad[n - 1] = '\0';
	} else if (strcmp(key, "clear") == 0)
		pad[0] = '\0';
	else if (strlen(key) == 1 && key[0] >= '0' && key[0] <= '9') {
		if (n < maxchars && n + 1 < len) {
			pad[n] = key[0];
			pad[n + 1] = '\0';
		}
	} else
		return -1;
	return 0;
}

int
page_audit(struct page *p, const char *action, const char *detail)
{
	struct kiosk_request *req = p->req;

	if (req->sess == NULL || req->sess->citizen_id == 0)
		return -1;
	if (store_audit(req->k->store, req->now, "kiosk", req->sess->actor,
		action, req->sess->citizen_id, "citizen_self_service",
		detail) != STORE_OK) {
		log_warnx("kiosk: audit %s failed: %s", action,
		    store_errmsg(req->k->store));
		return -1;
	}
	return 0;
}

void
page_not_found(
    struct kiosk_request *req, struct web_reply *rep, unsigned int status)
{
	struct page p;

	page_open(&p, req, rep, SCREEN_START);
	{
		struct template_var v[] = {
			{ "t_heading", tr(&p, N_("Siden findes ikke")) },
			{ "t_lead",
			    tr(&p,
				N_("Den side, du prøvede at åbne, findes ikke her. Gå tilbage til start, og prøv igen.")) },
			{ "t_start", tr(&p, N_("Til start")) },
		};

		page_render(&p.content, tpl_not_found_html, v, NVARS(v));
	}
	rep->status = status;
	page_close(&p);
}

const char *
page_script(void)
{
	return tpl_kiosk_js;
}
