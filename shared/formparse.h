/*
 * formparse - strict application/x-www-form-urlencoded parsing (Twilio
 * webhooks, query strings) within fixed limits, and multipart/form-data
 * (a file upload) the same way.
 *
 * "a=1&b=x+y%21" gives the fields a="1" and b="x y!".  '+' is a space,
 * %XX a byte; a bad escape, an encoded NUL, an empty name, more than
 * FORM_FIELDS_MAX fields or a name or value longer than its limit is an
 * error and nothing is returned.  Names may repeat; order is kept.
 */
#ifndef MENTOR_FORMPARSE_H
#define MENTOR_FORMPARSE_H

#include <stddef.h>

#define FORM_FIELDS_MAX 64
#define FORM_NAME_MAX	64   /* bytes, decoded */
#define FORM_VALUE_MAX	8192 /* bytes, decoded */

enum form_err {
	FORM_OK = 0,
	FORM_ESCAPE, /* % not followed by two hex digits */
	FORM_NUL,    /* %00 */
	FORM_NAME,   /* empty name, or name too long */
	FORM_VALUE,  /* value too long */
	FORM_FIELDS, /* too many fields */
	FORM_SYNTAX, /* multipart: not the shape RFC 7578 gives */
	FORM__MAX
};

struct form_field {
	char *name;  /* decoded, NUL-terminated */
	char *value; /* decoded, NUL-terminated */
};

struct form {
	struct form_field *fields;
	size_t		   nfields;
};

/*
 * Parse len bytes of in into *out.  Empty pieces ("a=1&&b=2") are
 * skipped; a piece without '=' has the empty value.  Returns FORM_OK and
 * fills out (free with form_free()), or an error with out empty.
 */
enum form_err form_parse(const char *in, size_t len, struct form *out);
void	      form_free(struct form *);

/*
 * The boundary of a Content-Type "multipart/form-data; boundary=B" (B
 * may be quoted) into out.  Returns 0, or -1 when type is not that or B
 * is empty, longer than 70 bytes or len - 1.
 */
int	      form_boundary(const char *type, char *out, size_t len);

/*
 * Parse len bytes of a multipart/form-data body (RFC 7578) with
 * boundary into *out: one field per part, named by its
 * Content-Disposition's name, its bytes the value (a file's contents;
 * the filename is not kept).  Strict: CRLF line ends, a part's headers
 * at most 1 KiB, the closing boundary, FORM_FIELDS_MAX parts, names
 * within FORM_NAME_MAX, a value within value_max bytes and without a
 * NUL byte.  Returns FORM_OK and fills out (free with form_free()), or
 * an error with out empty.
 */
enum form_err form_parse_multipart(const char *boundary, const char *in,
    size_t len, size_t value_max, struct form *out);

/* The value of the first field called name, or NULL. */
const char   *form_get(const struct form *, const char *name);

/* Sort the fields by name, then value, in byte order (Twilio's rule). */
void	      form_sort(struct form *);

/* Short English text for err. */
const char   *form_strerror(enum form_err err);

#endif
