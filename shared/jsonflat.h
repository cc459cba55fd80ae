/*
 * jsonflat.h - a fast, strict JSON reader for the plain case, with
 * json-c as the judge of everything else.
 *
 * jf_parse() reads one JSON value into a flat tree (an array of nodes
 * linked by index, reused from value to value: no allocation per value)
 * and unescapes its strings in place.  It takes only JSON that json-c's
 * strict mode reads the same way, and declines everything else: control
 * bytes in strings, \u0000, any surrogate, a key with an escape, a
 * key twice in one object, numbers with an exponent, a leading zero,
 * "-0" or more than 15 digits, nesting deeper than JF_DEPTH_MAX, any
 * byte after the value.  A caller then parses the text with json-c (whose
 * error, or tree, is the answer) and may turn that tree into the same
 * flat form with jf_from_json().  So the reader never accepts what
 * json-c refuses, and what it accepts it reads as json-c does.
 */
#ifndef MENTOR_JSONFLAT_H
#define MENTOR_JSONFLAT_H

#include <stddef.h>
#include <stdint.h>

struct json_object;

/* Objects and lists inside one another, at most (json-c allows 32). */
#define JF_DEPTH_MAX 16

enum jf_type {
	JF_NULL,
	JF_BOOL,
	JF_INT,	   /* a number without a fraction (json-c: int) */
	JF_DOUBLE, /* a number with one (json-c: double) */
	JF_STRING,
	JF_ARRAY,
	JF_OBJECT
};

/* One value; index 0 of a tree is the whole value. */
struct jf_value {
	enum jf_type type;
	uint32_t     first; /* list or object: its first item, 0: none */
	uint32_t     next;  /* the next item of the same list/object, 0: none */
	const char  *key;   /* an object's member: its name, NUL-terminated */
	size_t	     keylen;
	const char  *str; /* JF_STRING: NUL-terminated (may hold a NUL) */
	size_t	     len; /* JF_STRING: bytes; list, object: items */
	double	     num; /* JF_INT, JF_DOUBLE; JF_BOOL: 0 or 1 */
};

/* A tree; zero it before the first use, jf_free() it after the last. */
struct jf_doc {
	struct jf_value *v;
	size_t		 n, cap;
	/* Scratch for the read: where each string and key ends. */
	struct jf_span {
		char  *end; /* its closing quote */
		size_t esc; /* escapes in it (0: the text as it is) */
	} * span;
	size_t nspan, capspan;
};

/*
 * Read the JSON value buf[0..len) into d (what d held before is gone).
 * Returns 0, strings unescaped inside buf (which must stay as long as
 * d is used); or -1, buf unchanged, when the text is not JSON of the
 * plain kind described above (it may still be JSON: ask json-c).
 */
int		       jf_parse(struct jf_doc *d, char *buf, size_t len);

/*
 * Make d the flat form of json-c's o (NULL: JSON null).  Strings and
 * keys point into o, which must outlive the use of d.  Returns 0, or -1
 * when o is nested deeper than json-c itself allows.
 */
int		       jf_from_json(struct jf_doc *d, struct json_object *o);

/* The whole value of d. */
const struct jf_value *jf_root(const struct jf_doc *d);
/* The first item of a list or object v, or NULL. */
const struct jf_value *jf_first(
    const struct jf_doc *d, const struct jf_value *v);
/* The item after v in its list or object, or NULL. */
const struct jf_value *jf_next(
    const struct jf_doc *d, const struct jf_value *v);
/* The member of object v named key, or NULL (also when v is no object). */
const struct jf_value *jf_get(
    const struct jf_doc *d, const struct jf_value *v, const char *key);

/* Free what d holds; it may be used again (zeroed). */
void jf_free(struct jf_doc *d);

#endif
