/*
 * template - text with named placeholders, HTML-escaped by default.
 *
 * Syntax:
 *	{name}		the value of name; HTML-escaped (& < > " ') in
 *			TEMPLATE_HTML mode, verbatim in TEMPLATE_TEXT mode
 *	{!name}		the value verbatim: the visible marker for text that
 *			is already HTML.  In TEMPLATE_TEXT mode same as {name}
 *	{{  }}		a literal { and }
 * A name is 1-64 of [A-Za-z0-9_.] and starts with a letter or '_'.  Any
 * other use of { or } is a syntax error.  Text between placeholders,
 * UTF-8 included, is copied unchanged.
 */
#ifndef MENTOR_TEMPLATE_H
#define MENTOR_TEMPLATE_H

#include <stddef.h>

#include "buf.h"

#define TEMPLATE_NAME_MAX 64

struct template_var {
	const char *name;
	const char *value; /* NULL renders as empty */
};

enum template_mode {
	TEMPLATE_HTML,
	TEMPLATE_TEXT,
};

enum template_err {
	TEMPLATE_OK = 0,
	TEMPLATE_UNKNOWN_VAR, /* a placeholder names no variable */
	TEMPLATE_SYNTAX,      /* a stray brace or a bad name */
	TEMPLATE_ERR__MAX
};

/*
 * Render tpl with the nvars variables in vars (the first of equal names
 * wins) and append the result to out.  On any error nothing is appended
 * and errbuf (if errlen > 0) says why: for TEMPLATE_UNKNOWN_VAR exactly
 * the unknown name, for TEMPLATE_SYNTAX a message with the byte offset.
 * Never renders an unknown placeholder as empty.  Allocates only in out.
 */
enum template_err template_render(const char *tpl,
    const struct template_var *vars, size_t nvars, enum template_mode mode,
    struct buf *out, char *errbuf, size_t errlen);

/*
 * Set the value of the variable called name in vars (the first of that
 * name), so that code fills a variable by its name, never by its place
 * in the list.  Returns 0, or -1 when no variable has that name
 * (nothing changed): a misspelt name, or one left out of the list.
 */
int template_set(struct template_var *vars, size_t nvars, const char *name,
    const char *value);

/*
 * Return 0 if tpl is well formed and every placeholder in it is one of
 * the nallowed names in allowed; else -1 with errbuf holding the first
 * name not allowed, or a syntax message.  Proves, for example, that no
 * SMS template can render a field it must not show.
 */
int template_check(const char *tpl, const char *const *allowed, size_t nallowed,
    char *errbuf, size_t errlen);

/* Return a static English description of err. */
const char *template_strerror(enum template_err err);

#endif
