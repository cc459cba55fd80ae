/*
 * pages.h - the console's pages and what they share: the request as a
 * page sees it, the page frame (Det Fælles Designsystem markup) and the
 * audit helper.  One file per page: page_sign.c (sign-in, callback,
 * sign-out), page_requests.c, page_absence.c, page_citizens.c,
 * page_coordinator.c, page_outbox.c, page_erase.c, page_import.c.
 */
#ifndef MENTOR_CONSOLE_PAGES_H
#define MENTOR_CONSOLE_PAGES_H

#include <stdint.h>
#include <time.h>

#include "buf.h"
#include "console.h"
#include "session.h"
#include "store.h"
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
void	     page_end(struct creq *);

/* An error page with status, a heading and one sentence (plain text). */
void	     page_error(
	    struct creq *, unsigned int status, const char *title, const char *text);

/* The hidden CSRF field of the session's forms. */
void	       page_csrf_field(struct creq *);

/* The role the signed-in person acts in: "coordinator", else "mentor"... */
const char    *page_role(const struct creq *);

/*
 * Write an audit row for the signed-in person: actor their login,
 * reason their role, detail "console".  Returns the store's result.
 */
enum store_err page_audit(
    struct creq *, const char *action, int64_t citizen_id);

/*
 * 1 if the signed-in person is a coordinator; else 0 with a 403 page in
 * r->rep (page_coordinator.c).
 */
int		  page_coordinator_only(struct creq *);

/* The decimal number s in [min, max] (digits only), or -1. */
int64_t		  page_number(const char *s, int64_t min, int64_t max);

/* Local "d.m.yyyy kl. HH.MM" of t into out. */
void		  page_time(time_t t, char *out, size_t len);

/* The CSS of the console's own (served at /console.css). */
extern const char console_css[];

#endif
