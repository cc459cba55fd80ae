/*
 * formparse - see formparse.h.  A cursor walks the input once; each
 * piece between '&' is split at the first '=' and both halves decoded
 * into fresh strings bounded by the limits.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "formparse.h"
#include "log.h"

static const char *const form_errors[FORM__MAX] = {
	[FORM_OK] = "ok",
	[FORM_ESCAPE] = "bad percent escape",
	[FORM_NUL] = "encoded NUL byte",
	[FORM_NAME] = "empty or too long field name",
	[FORM_VALUE] = "field value too long",
	[FORM_FIELDS] = "too many fields",
	[FORM_SYNTAX] = "malformed multipart body",
};

#define PART_HEAD_MAX 1024 /* a part's header lines, bytes */
#define BOUNDARY_MAX  70   /* RFC 2046 */

/* Value of one hex digit, -1 if c is none. */
static int
hex_digit_value(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * Decode len bytes of in into a malloc'd string of at most max bytes.
 * Returns FORM_OK with *out set (caller frees), or too_long / an escape
 * error with *out NULL.
 */
static enum form_err
percent_decode(
    const char *in, size_t len, size_t max, enum form_err too_long, char **out)
{
	char  *s;
	size_t i, n = 0;
	int    hi, lo;

	*out = NULL;
	if ((s = malloc(len + 1)) == NULL)
		fatal("%s", __func__);
	for (i = 0; i < len; i++) {
		if (n == max) {
			free(s);
			return too_long;
		}
		if (in[i] == '+')
			s[n++] = ' ';
		else if (in[i] != '%')
			s[n++] = in[i];
		else {
			if (i + 2 >= len) {
				free(s);
				return FORM_ESCAPE;
			}
			hi = hex_digit_value((unsigned char)in[i + 1]);
			lo = hex_digit_value((unsigned char)in[i + 2]);
			if (hi < 0 || lo < 0 || (hi == 0 && lo == 0)) {
				free(s);
				return hi < 0 || lo < 0 ? FORM_ESCAPE
							: FORM_NUL;
			}
			s[n++] = (char)(hi * 16 + lo);
			i += 2;
		}
	}
	s[n] = '\0';
	*out = s;
	return FORM_OK;
}

/* Append the field name = value (both malloc'd, now f's) to f. */
static void
form_append(struct form *f, char *name, char *value)
{
	struct form_field *ff;

	ff = reallocarray(f->fields, f->nfields + 1, sizeof(*ff));
	if (ff == NULL)
		fatal("%s", __func__);
	f->fields = ff;
	ff[f->nfields].name = name;
	ff[f->nfields++].value = value;
}

/* Decode one "name=value" piece and append it to f. */
static enum form_err
add_piece(struct form *f, const char *p, size_t len)
{
	const char   *eq;
	enum form_err e;
	char	     *name, *value;

	if (f->nfields == FORM_FIELDS_MAX)
		return FORM_FIELDS;
	eq = memchr(p, '=', len);
	if ((e = percent_decode(p, eq ? (size_t)(eq - p) : len, FORM_NAME_MAX,
		 FORM_NAME, &name)) != FORM_OK)
		return e;
	if (name[0] == '\0') {
		free(name);
		return FORM_NAME;
	}
	e = eq ? percent_decode(eq + 1, len - (size_t)(eq + 1 - p),
		     FORM_VALUE_MAX, FORM_VALUE, &value)
	       : percent_decode("", 0, 1, FORM_VALUE, &value);
	if (e != FORM_OK) {
		free(name);
		return e;
	}
	form_append(f, name, value);
	return FORM_OK;
}

/* See formparse.h. */
enum form_err
form_parse(const char *in, size_t len, struct form *out)
{
	const char   *p = in, *end = in + len, *amp;
	enum form_err e = FORM_OK;

	memset(out, 0, sizeof(*out));
	while (p < end && e == FORM_OK) {
		amp = memchr(p, '&', (size_t)(end - p));
		if (amp == NULL)
			amp = end;
		if (amp > p)
			e = add_piece(out, p, (size_t)(amp - p));
		p = amp + 1;
	}
	if (e != FORM_OK)
		form_free(out);
	return e;
}

/* See formparse.h. */
void
form_free(struct form *f)
{
	size_t i;

	for (i = 0; i < f->nfields; i++) {
		free(f->fields[i].name);
		free(f->fields[i].value);
	}
	free(f->fields);
	memset(f, 0, sizeof(*f));
}

/* See formparse.h. */
const char *
form_get(const struct form *f, const char *name)
{
	size_t i;

	for (i = 0; i < f->nfields; i++)
		if (strcmp(f->fields[i].name, name) == 0)
			return f->fields[i].value;
	return NULL;
}

/* qsort comparison: by name, then value, bytewise. */
static int
field_cmp(const void *a, const void *b)
{
	const struct form_field *x = a, *y = b;
	int			 c;

	if ((c = strcmp(x->name, y->name)) != 0)
		return c;
	return strcmp(x->value, y->value);
}

/* See formparse.h. */
void
form_sort(struct form *f)
{
	if (f->nfields > 1)
		qsort(f->fields, f->nfields, sizeof(f->fields[0]), field_cmp);
}

/* See formparse.h. */
const char *
form_strerror(enum form_err err)
{
	if ((unsigned)err >= FORM__MAX)
		return "unknown error";
	return form_errors[err];
}

/* --- multipart/form-data ------------------------------------------------ */

/* See formparse.h. */
int
form_boundary(const char *type, char *out, size_t len)
{
	static const char want[] = "multipart/form-data";
	const char	 *p;
	size_t		  n;

	if (type == NULL || strncasecmp(type, want, sizeof(want) - 1) != 0)
		return -1;
	if ((p = strcasestr(type, "boundary=")) == NULL)
		return -1;
	p += sizeof("boundary=") - 1;
	if (*p == '"')
		n = strcspn(++p, "\"");
	else
		n = strcspn(p, "; \t");
	if (n == 0 || n > BOUNDARY_MAX || n >= len)
		return -1;
	memcpy(out, p, n);
	out[n] = '\0';
	return 0;
}

/* A copy of len bytes of p as a string. */
static char *
form_strndup(const char *p, size_t len)
{
	char *s;

	if ((s = malloc(len + 1)) == NULL)
		fatal("%s", __func__);
	memcpy(s, p, len);
	s[len] = '\0';
	return s;
}

/*
 * The name="..." of a part's headers (len bytes at head) into a new
 * string, or NULL when its Content-Disposition is not form-data with a
 * name within FORM_NAME_MAX.
 */
static char *
part_name(const char *head, size_t len)
{
	char	   *h = form_strndup(head, len), *name = NULL;
	const char *d, *p;
	size_t	    n;

	for (d = h; d != NULL; d = strstr(d, "\r\n"), d = d ? d + 2 : NULL)
		if (strncasecmp(d, "Content-Disposition:", 20) == 0)
			break;
	if (d != NULL &&
	    strncasecmp(d + 20 + strspn(d + 20, " "), "form-data;", 10) == 0 &&
	    (p = strstr(d, " name=\"")) != NULL) {
		p += 7;
		n = strcspn(p, "\"\r\n");
		if (p[n] == '"' && n > 0 && n <= FORM_NAME_MAX)
			name = form_strndup(p, n);
	}
	free(h);
	return name;
}

/*
 * One part at *pp (just after a delimiter's CRLF) up to the next
 * delimiter (delim, dlen bytes: CRLF "--" boundary); appended to f and
 * *pp moved past the delimiter.
 */
static enum form_err
part_add(struct form *f, const char **pp, const char *end, const char *delim,
    size_t dlen, size_t value_max)
{
	const char *p = *pp, *head_end, *next;
	char	   *name;

	if (f->nfields == FORM_FIELDS_MAX)
		return FORM_FIELDS;
	head_end = memmem(p, (size_t)(end - p), "\r\n\r\n", 4);
	if (head_end == NULL || head_end - p > PART_HEAD_MAX)
		return FORM_SYNTAX;
	next = memmem(head_end + 4, (size_t)(end - head_end - 4), delim, dlen);
	if (next == NULL)
		return FORM_SYNTAX;
	if ((size_t)(next - head_end - 4) > value_max)
		return FORM_VALUE;
	if (memchr(head_end + 4, '\0', (size_t)(next - head_end - 4)) != NULL)
		return FORM_NUL;
	if ((name = part_name(p, (size_t)(head_end - p))) == NULL)
		return FORM_NAME;
	form_append(
	    f, name, form_strndup(head_end + 4, (size_t)(next - head_end - 4)));
	*pp = next + dlen;
	return FORM_OK;
}

/* See formparse.h. */
enum form_err
form_parse_multipart(const char *boundary, const char *in, size_t len,
    size_t value_max, struct form *out)
{
	const char   *p = in, *end = in + len;
	char	      delim[BOUNDARY_MAX + 8];
	size_t	      dlen;
	enum form_err e = FORM_OK;

	memset(out, 0, sizeof(*out));
	if (strlen(boundary) == 0 || strlen(boundary) > BOUNDARY_MAX)
		return FORM_SYNTAX;
	dlen = (size_t)snprintf(delim, sizeof(delim), "\r\n--%s", boundary);
	/* The first delimiter has no CRLF before it. */
	if (len < dlen - 2 || memcmp(in, delim + 2, dlen - 2) != 0)
		return FORM_SYNTAX;
	p += dlen - 2;
	while (e == FORM_OK) {
		if (end - p >= 2 && memcmp(p, "--", 2) == 0)
			break; /* the closing delimiter */
		if (end - p < 2 || memcmp(p, "\r\n", 2) != 0) {
			e = FORM_SYNTAX;
			break;
		}
		p += 2;
		e = part_add(out, &p, end, delim, dlen, value_max);
	}
	if (e != FORM_OK)
		form_free(out);
	return e;
}
