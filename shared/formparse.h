/*
 * formparse - strict application/x-www-form-urlencoded parsing (Twilio
 * webhooks, query strings) within fixed limits.
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

/* The value of the first field called name, or NULL. */
const char   *form_get(const struct form *, const char *name);

/* Sort the fields by name, then value, in byte order (Twilio's rule). */
void	      form_sort(struct form *);

/* Short English text for err. */
const char   *form_strerror(enum form_err err);

#endif
