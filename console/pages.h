/*
 * pages.h - the console's pages and what they share: the request as a
 * page sees it, the page frame (Det Fælles Designsystem markup) and the
 * audit helper.  One file per page: page_sign.c (sign-in, callback,
 * sign-out), page_requests.c (and notes, reassignment), page_absence.c,
 * page_citizens.c, page_agreement.c, page_meeting.c, page_coordinator.c,
 * page_staff.c, page_desk.c, page_outbox.c, page_erase.c, page_import.c; form.c writes their forms.
 */
#ifndef MENTOR_CONSOLE_PAGES_H
#define MENTOR_CONSOLE_PAGES_H

#include <stdint.h>
#include <time.h>

#include "buf.h"
#include "console.h"
#include "session.h"
#include "store.h"
#include "template.h"
#include "web.h"

/* A request as the pages see it. */
struct creq {
	struct console	   *c;
	struct web_request *web;
	struct web_reply   *rep;
	struct session	   *s; /* NULL: none (sign-in pages only) */
	time_t		    now;
};

typedef void page_fn(struct creq *);

/* The pages (route.c has the table). */
page_fn	     page_requests;
page_fn	     page_ack;
page_fn	     page_absence;
page_fn	     page_absence_post;
page_fn	     page_citizens;
page_fn	     page_citizen;
page_fn	     page_staff;
page_fn	     page_outbox;
page_fn	     page_desk;
page_fn	     page_desk_post;
page_fn	     page_note;
page_fn	     page_reassign;
page_fn	     page_agreement;
page_fn	     page_agreement_post;
page_fn	     page_agreement_new;
page_fn	     page_agreement_create;
page_fn	     page_agreement_extend;
page_fn	     page_agreement_end;
page_fn	     page_meeting_new;
page_fn	     page_meeting_add;
page_fn	     page_meeting;
page_fn	     page_meeting_move;
page_fn	     page_meeting_cancel;
page_fn	     page_staff_edit;
page_fn	     page_staff_save;
page_fn	     page_signin;
page_fn	     page_callback;
page_fn	     page_signout;
page_fn	     page_signed_out;
page_fn	     page_audit_export;
page_fn	     page_erase;
page_fn	     page_erase_post;
page_fn	     page_import;
page_fn	     page_import_post;
page_fn	     page_import_apply;
page_fn	     page_css;
page_fn	     page_no_icon;

/*
 * Begin a page: the document head, the header with the organisation and
 * (signed in) the menu and the sign-out button, and <main>.  title is
 * plain text.  page_end() closes it.
 */
void	     page_begin(struct creq *, const char *title);
/* The same for a page whose title is a person's name (not translated). */
void	     page_begin_name(struct creq *, const char *name);
void	     page_end(struct creq *);

/* An error page with status, a heading and one sentence (plain text). */
void	     page_error(
	    struct creq *, unsigned int status, const char *title, const char *text);

/* The hidden CSRF field of the session's forms. */
void	       page_csrf_field(struct creq *);

/*
 * The role the signed-in person acts in: "coordinator", else "mentor",
 * "caseworker", "desk" (the first they hold).
 */
const char    *page_role(const struct creq *);

/*
 * Write an audit row for the signed-in person: actor their login,
 * reason their role, detail "console".  Returns the store's result.
 */
enum store_err page_audit(
    struct creq *, const char *action, int64_t citizen_id);
/* The same with detail (what changed: "console: a-1: goal,tasks"). */
enum store_err page_audit_detail(
    struct creq *, const char *action, int64_t citizen_id, const char *detail);

/*
 * Plain Danish with English alongside: the English of the Danish text
 * da from the en catalogue (po/en/console.po), NULL when it has none.
 */
const char *page_en(const char *da);
/*
 * Append da (HTML-escaped), then its English (page_en()) in a
 * <span class="console-en" lang="en"> shown under it.  Headings,
 * labels, buttons and fixed sentences go through here.
 */
void	    page_bi(struct buf *, const char *da);
/*
 * The same for a template tpl in Danish ("{name} er væk", template.h)
 * filled from the n vars, with its English (a catalogue entry with the
 * same placeholders) filled from the same vars.
 */
void	    page_bit(
	   struct buf *, const char *tpl, const struct template_var *vars, size_t n);
/*
 * An alert box: kind "success", "error", "warning" or NULL (plain), text
 * through page_bi().  role=alert for errors, else role=status.
 */
void page_alert(struct creq *, const char *kind, const char *da);

/* 1 if the signed-in person is a coordinator; else a 403 page and 0. */
int  page_coordinator_only(struct creq *);

/*
 * Whether the signed-in person may see citizen_id (mentor or
 * caseworker on an agreement of theirs that is not ended).  Returns 1;
 * else 0 after a 403 page and a "console_refused" audit row (or a 500
 * page when the store fails).
 */
int  page_citizen_allowed(struct creq *, int64_t citizen_id);

/*
 * 1 if e is STORE_OK; else 0 after an error page: 404 with title and
 * text (plain Danish) for STORE_NOTFOUND, 500 for any other error.
 */
int  page_found(
     struct creq *, enum store_err e, const char *title, const char *text);

/* A number from a query or form field (NULL: none) in [min, max], or -1. */
int64_t		  page_number(const char *s, int64_t min, int64_t max);

/* " (væk FROM – UNTIL)" after a name in a list; nothing when not away. */
void		  page_away(struct buf *, const char *from, const char *until);

/* Local "d.m.yyyy kl. HH.MM" of t into out. */
void		  page_time(time_t t, char *out, size_t len);

/* The CSS of the console's own (served at /console.css). */
extern const char console_css[];

#endif
