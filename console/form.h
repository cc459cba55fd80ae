/*
 * form.h - the console's forms (Det Fælles Designsystem markup): a form
 * with its CSRF field, labelled fields in plain Danish with English
 * alongside, 48 px targets, and the one error a form shows after a POST
 * the shared rules (validate.h) refused.  After such a POST the fields
 * show what was posted, so nothing typed is lost.
 */
#ifndef MENTOR_CONSOLE_FORM_H
#define MENTOR_CONSOLE_FORM_H

#include <stdint.h>

#include "pages.h"

struct page_form {
	struct creq *r;
	int	     posted; /* values come from the POST */
	const char  *action; /* the form's action, when a page has several */
	const char  *bad;    /* the field refused, or NULL */
	const char  *label;  /* its Danish label */
	const char  *why;    /* the shared rule's English reason */
};

/*
 * Mark field name (Danish label label) as refused because of why (an
 * English reason from validate.h, static or living as long as f).
 * Returns -1, for "return form_refuse(...)".
 */
int form_refuse(
    struct page_form *f, const char *name, const char *label, const char *why);

/*
 * <form method="post" action="action"> with the CSRF field, after the
 * alert naming the refused field, if any.  form_end() closes it.
 */
void	    form_begin(struct page_form *f, const char *action);
void	    form_end(struct page_form *f);

/* The value to show: the posted one after a POST, else stored (NULL: ""). */
const char *form_value(
    const struct page_form *f, const char *name, const char *stored);

/* A hidden field with a number. */
void form_hidden(struct page_form *f, const char *name, int64_t v);

/*
 * A labelled input of type (text, date, tel, datetime-local ...) showing
 * form_value(f, name, stored); hint (Danish, may be NULL) under the label.
 */
void form_input(struct page_form *f, const char *type, const char *name,
    const char *label, const char *hint, const char *stored);

/* A labelled textarea, as form_input(). */
void form_textarea(struct page_form *f, const char *name, const char *label,
    const char *hint, const char *stored);

/* A labelled checkbox name=1, checked when stored (or as posted). */
void form_checkbox(
    struct page_form *f, const char *name, const char *label, int stored);

/* A select's opening (labelled) and closing; options in between. */
void form_select_begin(
    struct page_form *f, const char *name, const char *label);
void form_select_end(struct page_form *f);
/* One option; selected when value is form_value(f, name, stored). */
void form_option(struct page_form *f, const char *name, const char *stored,
    const char *value, const char *label);

/* A submit button: name=value (name may be NULL), Danish label. */
void form_button(struct page_form *f, const char *name, const char *value,
    const char *label, int secondary);

#endif
