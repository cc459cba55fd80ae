/*
 * page_login.c - the CPR screen, the code screen and the desk-code
 * screen (a code a staff member gave the citizen at the desk).
 *
 * Both work without JavaScript: every keypad button posts the value typed
 * so far plus its key, and the server keeps the result in the session
 * (the script only saves the round trip).  The field also takes a
 * keyboard or a health-card scanner that types and presses Enter; Enter
 * submits with the form's first button, which is the send button.
 *
 * After an error nothing typed comes back: a screen that shows a message
 * has an empty field, and the session forgets what was typed (a CPR
 * number in a field's value is read out by a screen reader even when the
 * page shows it as dots).
 */
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "i18n.h"
#include "log.h"
#include "login.h"
#include "pages.h"
#include "templates.h"

#define CPR_FIELD_MAX  11 /* DDMMYY-SSSS */
#define CODE_FIELD_MAX 6

/*
 * The form-error pieces for a field: class, error HTML, aria values.
 */
struct field_state {
	const char *error_class;
	const char *error_id;
	const char *invalid;
	struct buf  error;
};

static void
field_state(struct page *p, const char *field, struct field_state *fs)
{
	const char	   *text = page_field_error(p);
	struct template_var v[] = {
		{ "field", field },
		{ "t_error", tr(p, N_("Fejl")) },
		{ "text", text },
	};

	memset(fs, 0, sizeof(*fs));
	fs->error_class = fs->error_id = fs->invalid = "";
	if (text == NULL)
		return;
	fs->error_class = " form-error";
	fs->error_id = strcmp(field, "cpr") == 0 ? " cpr-error" : " code-error";
	fs->invalid = " aria-invalid=\"true\"";
	page_render(&fs->error, tpl_field_error_html, v, NVARS(v));
}

/*
 * What to show in the field: the digits typed so far on the number pad
 * without the script, or nothing (and the session forgets them) when the
 * screen shows a message.
 */
static const char *
pad_shown(const struct page *p, char *pad, size_t len)
{
	if (p->msg != MSG_NONE)
		explicit_bzero(pad, len);
	return pad;
}

/*
 * "4 af 10 cifre" for what is typed so far.
 */
static const char *
cpr_count(struct page *p, const char *pad, int pattern)
{
	char		    n[8];
	size_t		    i, digits = 0;
	struct template_var v[] = { { "n", n } };

	for (i = 0; pad[i] != '\0'; i++)
		digits += pad[i] >= '0' && pad[i] <= '9';
	if (pattern)
		snprintf(n, sizeof(n), "#");
	else
		snprintf(n, sizeof(n), "%zu", digits);
	return page_fmt(p, N_("{n} af 10 cifre"), v, NVARS(v));
}

void
page_cpr(struct kiosk_request *req, struct web_reply *rep)
{
	struct page	   p;
	struct field_state fs;
	struct session	  *s = request_session(req);
	const char	  *pad = "";

	page_open(&p, req, rep, SCREEN_CPR);
	if (s != NULL)
		pad = pad_shown(&p, s->cpr_pad, sizeof(s->cpr_pad));
	field_state(&p, "cpr", &fs);
	{
		struct template_var d[] = { { "desk", page_desk(&p) } };
		struct template_var v[] = {
			{ "t_heading", tr(&p, N_("Skriv dit CPR-nummer")) },
			{ "t_lead",
			    tr(&p,
				N_("Så sender vi en kode på SMS til din mobil. Koden skal du bruge om lidt.")) },
			{ "csrf", page_csrf(&p) },
			{ "error_class", fs.error_class },
			{ "t_label", tr(&p, N_("CPR-nummer")) },
			{ "t_hint",
			    tr(&p,
				N_("Det har 10 cifre. Brug tallene på skærmen eller et tastatur. Du kan også scanne dit sundhedskort.")) },
			{ "error", buf_str(&fs.error) },
			{ "pad", pad },
			{ "error_id", fs.error_id },
			{ "invalid", fs.invalid },
			{ "count_pattern", cpr_count(&p, pad, 1) },
			{ "count", cpr_count(&p, pad, 0) },
			{ "t_send", tr(&p, N_("Send kode til min mobil")) },
			{ "keypad", "" },
			{ "t_help",
			    page_fmt(&p,
				N_("Har du brug for hjælp? Spørg ved {desk}."),
				d, NVARS(d)) },
		};
		struct buf keypad = { 0 };

		page_keypad(&p, &keypad, "cpr");
		page_set(v, NVARS(v), "keypad", buf_str(&keypad));
		page_render(&p.content, tpl_cpr_html, v, NVARS(v));
		buf_free(&keypad);
	}
	buf_free(&fs.error);
	page_close(&p);
}

/*
 * A key of the on-screen keypad was pressed on the form at path: apply
 * it to the session's pad (len bytes, at most maxdigits digits) or, for
 * a key we do not know, empty the pad and say so; show the form again.
 */
static void
pad_pressed(struct session *s, struct web_reply *rep, char *pad, size_t len,
    const char *typed, const char *key, size_t maxdigits, const char *path)
{
	if (page_pad_apply(pad, len, typed, key, maxdigits) == -1) {
		explicit_bzero(pad, len);
		s->flash = MSG_BAD_REQUEST;
	}
	web_redirect(rep, path);
}

void
page_cpr_post(struct kiosk_request *req, struct web_reply *rep)
{
	struct session *s = req->sess;
	const char     *typed = web_field(req->web, "cpr");
	const char     *key = web_field(req->web, "key");
	enum msg	msg;

	if (key != NULL) {
		pad_pressed(s, rep, s->cpr_pad, sizeof(s->cpr_pad), typed, key,
		    CPR_FIELD_MAX, "/cpr");
		return;
	}
	if (login_code_request(req->k, s, typed, req->now, &msg) == LOGIN_OK) {
		web_redirect(rep, "/code");
		return;
	}
	explicit_bzero(s->cpr_pad, sizeof(s->cpr_pad));
	s->flash = msg;
	web_redirect(rep, "/cpr");
}

#define CODE_VARS_MAX 24

/*
 * Render a code form (tpl: code.html, desk.html) into p's content: what
 * every code form has (the CSRF token, the field's error state, what was
 * typed, the send button, the keypad) and the screen's own texts.
 */
static void
code_form(struct page *p, const char *tpl, const char *pad,
    const struct template_var *own, size_t nown)
{
	struct field_state  fs;
	struct buf	    keypad = { 0 };
	struct template_var v[CODE_VARS_MAX];
	size_t		    n;

	field_state(p, "code", &fs);
	page_keypad(p, &keypad, "code");
	{
		const struct template_var common[] = {
			{ "csrf", page_csrf(p) },
			{ "error_class", fs.error_class },
			{ "error", buf_str(&fs.error) },
			{ "pad", pad },
			{ "error_id", fs.error_id },
			{ "invalid", fs.invalid },
			{ "t_send", tr(p, N_("Se mine oplysninger")) },
			{ "keypad", buf_str(&keypad) },
		};

		n = NVARS(common);
		if (n + nown > CODE_VARS_MAX)
			fatalx("kiosk: code form: too many variables");
		memcpy(v, common, sizeof(common));
		memcpy(v + n, own, nown * sizeof(*own));
		page_render(&p->content, tpl, v, n + nown);
	}
	buf_free(&keypad);
	buf_free(&fs.error);
}

void
page_code(struct kiosk_request *req, struct web_reply *rep)
{
	struct page p;
	const char *pad;

	page_open(&p, req, rep, SCREEN_CODE);
	pad = pad_shown(&p, req->sess->code_pad, sizeof(req->sess->code_pad));
	{
		struct template_var d[] = { { "desk", page_desk(&p) } };
		struct template_var v[] = {
			{ "t_heading", tr(&p, N_("Skriv koden fra din SMS")) },
			{ "t_lead",
			    tr(&p,
				N_("Hvis vi kender dit CPR-nummer og har dit mobilnummer, får du nu en SMS med en kode på 6 cifre. Det kan tage et minut.")) },
			{ "t_label", tr(&p, N_("Kode fra SMS")) },
			{ "t_hint",
			    tr(&p, N_("6 cifre. Koden virker i 5 minutter.")) },
			{ "t_nocode_heading",
			    tr(&p, N_("Har du ikke fået en kode?")) },
			{ "t_nocode",
			    page_fmt(&p,
				N_("Vent lidt – en SMS kan være et minut om at komme frem. Kommer der ingen, kan du få en ny kode. Eller spørg ved {desk}, så hjælper de dig."),
				d, NVARS(d)) },
			{ "t_new_code", tr(&p, N_("Send en ny kode")) },
		};

		code_form(&p, tpl_code_html, pad, v, NVARS(v));
	}
	page_close(&p);
}

/*
 * After a code was checked (st): on to the agreement, or back to the form
 * at path with the message and an empty field.
 */
static void
code_answer(struct kiosk_request *req, struct web_reply *rep,
    enum login_status st, int tries, const char *path)
{
	struct session *s = req->sess;

	if (st == LOGIN_OK) {
		req->set_cookie = 1;
		web_redirect(rep, "/agreement");
		return;
	}
	explicit_bzero(s->code_pad, sizeof(s->code_pad));
	s->flash = login_msg(st);
	s->tries_left = tries;
	web_redirect(rep, path);
}

void
page_code_post(struct kiosk_request *req, struct web_reply *rep)
{
	struct session	 *s = req->sess;
	const char	 *typed = web_field(req->web, "code");
	const char	 *key = web_field(req->web, "key");
	enum login_status st;
	int		  tries;

	if (key != NULL) {
		pad_pressed(s, rep, s->code_pad, sizeof(s->code_pad), typed,
		    key, CODE_FIELD_MAX, "/code");
		return;
	}
	st = login_code_verify(req->k, s, typed, req->now, &tries);
	code_answer(req, rep, st, tries, "/code");
}

void
page_desk_code(struct kiosk_request *req, struct web_reply *rep)
{
	struct page	p;
	struct session *s = request_session(req);
	const char     *pad = "";

	page_open(&p, req, rep, SCREEN_DESK);
	if (s != NULL)
		pad = pad_shown(&p, s->code_pad, sizeof(s->code_pad));
	{
		struct template_var d[] = { { "desk",
		    config_text(&req->k->cfg->org_desk, p.lang) } };
		struct template_var v[] = {
			{ "t_heading",
			    tr(&p, N_("Skriv koden, du har fået i skranken")) },
			{ "t_lead",
			    tr(&p,
				N_("Koden har 6 cifre. Du skal ikke skrive dit CPR-nummer.")) },
			{ "t_label", tr(&p, N_("Kode fra skranken")) },
			{ "t_hint",
			    tr(&p,
				N_("6 cifre. Koden virker én gang og i 5 minutter.")) },
			{ "t_help",
			    page_fmt(&p,
				N_("Har du ikke fået en kode? Spørg ved {desk}."),
				d, NVARS(d)) },
			{ "t_back", tr(&p, N_("Tilbage til start")) },
		};

		code_form(&p, tpl_desk_html, pad, v, NVARS(v));
	}
	page_close(&p);
}

void
page_desk_post(struct kiosk_request *req, struct web_reply *rep)
{
	struct session	 *s = req->sess;
	const char	 *typed = web_field(req->web, "code");
	const char	 *key = web_field(req->web, "key");
	enum login_status st;

	if (key != NULL) {
		pad_pressed(s, rep, s->code_pad, sizeof(s->code_pad), typed,
		    key, CODE_FIELD_MAX, "/desk");
		return;
	}
	st = login_desk_verify(req->k, s, typed, req->now);
	code_answer(req, rep, st, 0, "/desk");
}
