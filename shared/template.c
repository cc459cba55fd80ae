/*
 * template.c - named placeholders, escaped by default.
 *
 * One scanner cuts a template into tokens (literal text or a
 * placeholder); rendering and checking both walk those tokens, so the
 * two can never disagree about what a template contains.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "template.h"

enum token_kind {
	TOKEN_END,
	TOKEN_TEXT,
	TOKEN_VAR,
};

struct token {
	enum token_kind kind;
	const char     *start; /* text, or the placeholder's name */
	size_t		len;
	int		raw; /* {!name} */
};

static const char *const template_errors[TEMPLATE_ERR__MAX] = {
	[TEMPLATE_OK] = "no error",
	[TEMPLATE_UNKNOWN_VAR] = "unknown placeholder",
	[TEMPLATE_SYNTAX] = "template syntax error",
};

/*
 * Write a formatted message into errbuf if there is room for one.
 */
static void __attribute__((format(printf, 3, 4)))
set_error(char *errbuf, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (errbuf == NULL || errlen == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(errbuf, errlen, fmt, ap);
	va_end(ap);
}

/*
 * Return 1 if c may appear in a placeholder name (first: may start one).
 */
static int
name_char(char c, int first)
{
	if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_')
		return 1;
	return !first && ((c >= '0' && c <= '9') || c == '.');
}

/*
 * Read the placeholder starting at the '{' at p into tok.  Returns the
 * position after its '}', or NULL if it is malformed.
 */
static const char *
scan_placeholder(const char *p, struct token *tok)
{
	size_t len = 0;

	p++;
	tok->kind = TOKEN_VAR;
	tok->raw = *p == '!';
	if (tok->raw)
		p++;
	tok->start = p;
	while (len <= TEMPLATE_NAME_MAX && name_char(p[len], len == 0))
		len++;
	if (len == 0 || len > TEMPLATE_NAME_MAX || p[len] != '}')
		return NULL;
	tok->len = len;
	return p + len + 1;
}

/*
 * Cut the next token from *cursor (tpl is the template's start, for
 * error offsets) and advance *cursor.  Returns TEMPLATE_OK with
 * tok->kind TOKEN_END at the end, or TEMPLATE_SYNTAX with errbuf set.
 */
static enum template_err
next_token(const char *tpl, const char **cursor, struct token *tok,
    char *errbuf, size_t errlen)
{
	const char *p = *cursor;
	size_t	    n = strcspn(p, "{}");

	tok->kind = TOKEN_TEXT;
	tok->start = p;
	tok->raw = 0;
	if (n > 0 || *p == '\0') {
		tok->kind = n > 0 ? TOKEN_TEXT : TOKEN_END;
		tok->len = n;
		*cursor = p + n;
		return TEMPLATE_OK;
	}
	if (p[1] == p[0]) { /* {{ or }} */
		tok->len = 1;
		*cursor = p + 2;
		return TEMPLATE_OK;
	}
	if (*p == '}' || (*cursor = scan_placeholder(p, tok)) == NULL) {
		set_error(errbuf, errlen, "%s at offset %zu",
		    *p == '}' ? "unmatched '}'" : "bad placeholder",
		    (size_t)(p - tpl));
		return TEMPLATE_SYNTAX;
	}
	return TEMPLATE_OK;
}

/*
 * Return the first variable called name (len bytes), or NULL.
 */
static const struct template_var *
find_var(
    const struct template_var *vars, size_t nvars, const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < nvars; i++)
		if (vars[i].name != NULL && strlen(vars[i].name) == len &&
		    memcmp(vars[i].name, name, len) == 0)
			return &vars[i];
	return NULL;
}

/*
 * Append the value of the placeholder tok to out as mode demands.
 * Returns TEMPLATE_OK, or TEMPLATE_UNKNOWN_VAR with the name in errbuf.
 */
static enum template_err
put_var(const struct token *tok, const struct template_var *vars, size_t nvars,
    enum template_mode mode, struct buf *out, char *errbuf, size_t errlen)
{
	const struct template_var *var;

	if ((var = find_var(vars, nvars, tok->start, tok->len)) == NULL) {
		set_error(errbuf, errlen, "%.*s", (int)tok->len, tok->start);
		return TEMPLATE_UNKNOWN_VAR;
	}
	if (var->value == NULL)
		return TEMPLATE_OK;
	if (mode == TEMPLATE_HTML && !tok->raw)
		buf_puts_html(out, var->value);
	else
		buf_puts(out, var->value);
	return TEMPLATE_OK;
}

enum template_err
template_render(const char *tpl, const struct template_var *vars, size_t nvars,
    enum template_mode mode, struct buf *out, char *errbuf, size_t errlen)
{
	struct buf	  tmp = { 0 };
	struct token	  tok;
	const char	 *cursor = tpl;
	enum template_err err;

	set_error(errbuf, errlen, "%s", "");
	for (;;) {
		err = next_token(tpl, &cursor, &tok, errbuf, errlen);
		if (err != TEMPLATE_OK || tok.kind == TOKEN_END)
			break;
		if (tok.kind == TOKEN_TEXT)
			buf_append(&tmp, tok.start, tok.len);
		else if ((err = put_var(&tok, vars, nvars, mode, &tmp, errbuf,
			      errlen)) != TEMPLATE_OK)
			break;
	}
	if (err == TEMPLATE_OK)
		buf_append(out, buf_str(&tmp), tmp.len);
	buf_free(&tmp);
	return err;
}

/*
 * Return 1 if name (len bytes) is one of the nallowed names in allowed.
 */
static int
name_allowed(
    const char *name, size_t len, const char *const *allowed, size_t nallowed)
{
	size_t i;

	for (i = 0; i < nallowed; i++)
		if (allowed[i] != NULL && strlen(allowed[i]) == len &&
		    memcmp(allowed[i], name, len) == 0)
			return 1;
	return 0;
}

int
template_check(const char *tpl, const char *const *allowed, size_t nallowed,
    char *errbuf, size_t errlen)
{
	struct token tok;
	const char  *cursor = tpl;

	set_error(errbuf, errlen, "%s", "");
	for (;;) {
		if (next_token(tpl, &cursor, &tok, errbuf, errlen) !=
		    TEMPLATE_OK)
			return -1;
		if (tok.kind == TOKEN_END)
			return 0;
		if (tok.kind == TOKEN_VAR &&
		    !name_allowed(tok.start, tok.len, allowed, nallowed)) {
			set_error(
			    errbuf, errlen, "%.*s", (int)tok.len, tok.start);
			return -1;
		}
	}
}

int
template_set(struct template_var *vars, size_t nvars, const char *name,
    const char *value)
{
	size_t i;

	for (i = 0; i < nvars; i++) {
		if (strcmp(vars[i].name, name) == 0) {
			vars[i].value = value;
			return 0;
		}
	}
	return -1;
}

const char *
template_strerror(enum template_err err)
{
	if ((unsigned)err >= TEMPLATE_ERR__MAX)
		return "unknown template error";
	return template_errors[err];
}
