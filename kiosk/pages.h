/*
 * pages - the screens: page.c (the screen and message tables, the
 * layout, the helpers below) and one page_*.c per screen.  Every handler gets the request (with its session,
 * if any, locked for the duration) and fills the reply: a page, or a
 * redirect after a POST.  Text goes through tr() (gettext, Danish
 * msgids) into the compiled-in templates (folder kiosk/templates), which
 * HTML-escape every value; only fragments built here from templates are
 * inserted raw ({!name}).
 */
#ifndef MENTOR_KIOSK_PAGES_H
#define MENTOR_KIOSK_PAGES_H

#include "request.h"
#include "template.h"
#include "web.h"

/*
 * The screens a person can be on.  A screen has a path (GET shows it)
 * and a short name used in forms ("next" after the language switch or
 * the "still here" button).
 */
enum screen {
	SCREEN_START,
	SCREEN_CPR,
	SCREEN_CODE,
	SCREEN_DESK,
	SCREEN_AGREEMENT,
	SCREEN_CONTACT,
	SCREEN_CONTACT_DONE,
	SCREEN_COMPLAINT,
	SCREEN_ACCESS,
	SCREEN_PRIVACY,
	SCREEN_MITID_REFUSED,
	SCREEN_MITID_DONE,
	SCREEN__MAX
};

#define SCREEN_PERSONAL 0x01 /* shows citizen data: needs a login */
#define SCREEN_PENDING	0x02 /* needs a code request in progress */

struct screen_def {
	const char *path;
	const char *name;
	int	    flags;
};

extern const struct screen_def screens[SCREEN__MAX];

/* The screen called name, or SCREEN__MAX. */
enum screen		       screen_by_name(const char *name);

typedef void page_handler(struct kiosk_request *, struct web_reply *);

page_handler page_start;
page_handler page_lang;
page_handler page_cpr;
page_handler page_cpr_post;
page_handler page_code;
page_handler page_code_post;
page_handler page_desk_code;
page_handler page_desk_post;
page_handler page_agreement;
page_handler page_contact;
page_handler page_contact_post;
page_handler page_contact_done;
page_handler page_complaint;
page_handler page_logout;
page_handler page_still_here;
page_handler page_active;
page_handler page_access;
page_handler page_privacy;
page_handler page_timeout;
page_handler page_mitid;
page_handler page_mitid_callback;
page_handler page_mitid_signed_out;
page_handler page_mitid_refused;
page_handler page_mitid_done;
page_handler page_mitid_cancel;

/*
 * When the request's session saw a MitID sign-in: append to url the
 * broker's end-session URL, coming back to /mitid/signed-out?state=state
 * (a name of page_mitid.c's table), and forget the broker's token.
 * Returns 0, or -1 (url empty) when there is no broker session to end
 * or no end-session endpoint.
 */
int  mitid_end_url(struct kiosk_request *, const char *state, struct buf *url);

/*
 * Show a screen with a message and an HTTP status, for a request that was
 * refused (bad CSRF, too large, bad form).  A personal screen without a
 * login shows the start screen instead.
 */
void page_refused(struct kiosk_request *, struct web_reply *, enum screen,
    enum msg, unsigned int status);

/* A calm page for 404 and 405 with a way back to the start. */
void page_not_found(
    struct kiosk_request *, struct web_reply *, unsigned int status);

/* The inline script and its CSP hash source ('sha256-...'). */
const char *page_script(void);

/* --- helpers for page_*.c ---------------------------------------- */

#define PAGE_POOL_MAX 64

struct page {
	struct kiosk_request *req;
	struct web_reply     *rep;
	const char	     *lang;
	enum screen	      screen;
	enum msg	      msg;     /* shown at the top or a field */
	struct buf	      content; /* the screen's HTML */
	char		     *pool[PAGE_POOL_MAX]; /* strings freed at close */
	size_t		      npool;
};

#define NVARS(v) (sizeof(v) / sizeof((v)[0]))

/* Start a page for screen; takes the session's flash message. */
void page_open(
    struct page *, struct kiosk_request *, struct web_reply *, enum screen);
/* Wrap the content in the layout into rep->body; frees the page. */
void	    page_close(struct page *);

/* msgid in the page's language. */
const char *tr(const struct page *, const char *msgid);

/*
 * msgid in the page's language with {name} placeholders filled from vars,
 * as plain text (it is escaped when put into a template).  The string
 * lives until page_close().
 */
const char *page_fmt(
    struct page *, const char *msgid, const struct template_var *, size_t);

/*
 * page_fmt() of the form of msgid/msgid_plural for the number n in the
 * page's language (its catalogue's Plural-Forms; i18n_ntext()).
 */
const char *page_nfmt(struct page *, const char *msgid,
    const char *msgid_plural, unsigned long count, const struct template_var *,
    size_t);

/* The same, appended to out (for text made in a loop). */
void page_fmt_buf(struct page *, const char *msgid, const struct template_var *,
    size_t, struct buf			    *out);

/* Keep a malloc'd string until page_close(); returns it. */
const char *page_keep(struct page *, char *);

/*
 * Fill the variable called name in vars (template_set()); exits naming
 * it when vars has no such variable, so a test run catches the slip.
 */
void	    page_set(
	   struct template_var *, size_t, const char *name, const char *value);

/* Render a template (HTML mode) and append it to out. */
void page_render(
    struct buf *out, const char *tpl, const struct template_var *, size_t);

/* The field error for the page's message, or NULL if it is no field one. */
const char *page_field_error(struct page *);

/* 1 if the page's language is written right to left (lang.c). */
int	    page_rtl(const struct page *);

/*
 * Write s into out[len] as a left-to-right island in a right-to-left
 * page: between Unicode's isolates LRI and PDI (what <bdi dir="ltr">
 * does, inside a text that is escaped), so "+45 44 52 00 00" or "10:00"
 * keep their order in Arabic; s as it is on a left-to-right page.  Cut
 * to fit, as snprintf().
 */
void page_ltr_copy(const struct page *, const char *s, char *out, size_t len);

/*
 * A Danish number "+4520000001" as "+45 20 00 00 01"; others unchanged.
 * Isolated left to right in a right-to-left page (page_ltr_copy()).
 */
const char *page_phone(struct page *, const char *e164);

/*
 * The attributes for a whole text in lang "da" or "en" (the source and
 * every other language's fallback, the only two a text from the staff or
 * the configuration can be in besides the page's own): ' lang="en"' on a
 * page in another language, with dir="ltr" on a right-to-left page so
 * the text keeps its order and its full stop; "" when lang is the page's
 * language, NULL or another one.  Static.
 */
const char *page_lang_attr(const struct page *, const char *lang);

/*
 * The attribute for text the staff wrote (goal, tasks, place, hours, a
 * guidance text in Danish): page_lang_attr(p, "da").  The staff's words
 * are shown as they are, in Danish.
 */
const char *page_staff_lang(const struct page *);

/*
 * Where to ask, in the page's language: the desk of the request's site
 * (site.h), else [organisation] desk (config_site_desk()).
 */
const char *page_desk(const struct page *);

/* The session's CSRF token ("" without a session). */
const char *page_csrf(const struct page *);

/* Append the on-screen number pad for the input with id field to out. */
void	    page_keypad(struct page *, struct buf *out, const char *field);

/*
 * Apply a keypad key ("0".."9", "back", "clear") to the value typed so far
 * (from the form) and store the result in pad (len bytes).  Returns 0, or
 * -1 for an unknown key.
 */
int page_pad_apply(char *pad, size_t len, const char *typed, const char *key,
    size_t maxdigits);

/*
 * Audit a view of the logged-in citizen's data (actor: the kiosk id,
 * reason: citizen_self_service).  Returns 0, or -1 when the row could not
 * be written: then nothing may be shown.
 */
int page_audit(struct page *, const char *action, const char *detail);

#endif
