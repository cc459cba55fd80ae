/*
 * jsonflat.c - a strict JSON reader for the plain case into a flat tree;
 * everything else is left to json-c.  See jsonflat.h.
 *
 * Two passes: the first checks the text and builds the tree without
 * writing to it, noting where each string ends; only when the whole
 * value is read does the second unescape the strings in place and end
 * them with a NUL.  So a text declined half-way is handed to json-c as
 * it came.
 */
#include <stdlib.h>
#include <string.h>

#include <json.h>

#include "jsonflat.h"
#include "log.h"

/* Digits a number may have: (double)digits / 10^k is then exact. */
#define JF_DIGITS_MAX 15
/* json-c's own nesting limit, for jf_from_json(). */
#define JF_FROM_DEPTH_MAX 64

struct jf_parser {
	struct jf_doc *d;
	const char    *p, *end;
	int	       depth;
};

/* Bytes a string cannot hold as they are: controls, quote, backslash. */
static const unsigned char special[256] = {
	[0x00] = 1,
	[0x01] = 1,
	[0x02] = 1,
	[0x03] = 1,
	[0x04] = 1,
	[0x05] = 1,
	[0x06] = 1,
	[0x07] = 1,
	[0x08] = 1,
	[0x09] = 1,
	[0x0a] = 1,
	[0x0b] = 1,
	[0x0c] = 1,
	[0x0d] = 1,
	[0x0e] = 1,
	[0x0f] = 1,
	[0x10] = 1,
	[0x11] = 1,
	[0x12] = 1,
	[0x13] = 1,
	[0x14] = 1,
	[0x15] = 1,
	[0x16] = 1,
	[0x17] = 1,
	[0x18] = 1,
	[0x19] = 1,
	[0x1a] = 1,
	[0x1b] = 1,
	[0x1c] = 1,
	[0x1d] = 1,
	[0x1e] = 1,
	[0x1f] = 1,
	['"'] = 1,
	['\\'] = 1,
};

static const double pow10[JF_DIGITS_MAX + 1] = { 1e0, 1e1, 1e2, 1e3, 1e4, 1e5,
	1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15 };

/* A new zeroed node of type t; returns its index. */
static uint32_t
node_new(struct jf_doc *d, enum jf_type t)
{
	struct jf_value *v;
	size_t		 cap;

	if (d->n == d->cap) {
		cap = d->cap ? d->cap * 2 : 64;
		if (cap > UINT32_MAX ||
		    (v = reallocarray(d->v, cap, sizeof(*v))) == NULL)
			fatal("jsonflat: reallocarray");
		d->v = v;
		d->cap = cap;
	}
	v = &d->v[d->n];
	memset(v, 0, sizeof(*v));
	v->type = t;
	return (uint32_t)d->n++;
}

/* Note a string (or key) that ends at end with esc escapes in it. */
static void
span_new(struct jf_doc *d, char *end, size_t esc)
{
	struct jf_span *s;
	size_t		cap;

	if (d->nspan == d->capspan) {
		cap = d->capspan ? d->capspan * 2 : 64;
		if ((s = reallocarray(d->span, cap, sizeof(*s))) == NULL)
			fatal("jsonflat: reallocarray");
		d->span = s;
		d->capspan = cap;
	}
	d->span[d->nspan].end = end;
	d->span[d->nspan++].esc = esc;
}

static void
skip_ws(struct jf_parser *ps)
{
	while (ps->p < ps->end &&
	    (*ps->p == ' ' || *ps->p == '\n' || *ps->p == '\r' ||
		*ps->p == '\t'))
		ps->p++;
}

/* Four hex digits at p (p + 4 <= end checked): the number, or -1. */
static long
hex4(const char *p)
{
	long v = 0;
	int  i, c;

	for (i = 0; i < 4; i++) {
		c = (unsigned char)p[i];
		if (c >= '0' && c <= '9')
			c -= '0';
		else if (c >= 'a' && c <= 'f')
			c -= 'a' - 10;
		else if (c >= 'A' && c <= 'F')
			c -= 'A' - 10;
		else
			return -1;
		v = v * 16 + c;
	}
	return v;
}

/*
 * The \u escape at p (after its backslash): the code point; -1 for
 * \u0000, bad hex or a surrogate.  json-c reads some surrogate pairs as
 * U+FFFD (0.16: those of U+1D800-U+1DFFF), so none is read here.
 */
static long
escape_u(const char *p, const char *end)
{
	long cp;

	if (end - p < 5 || (cp = hex4(p + 1)) <= 0 ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return -1;
	return cp;
}

/*
 * A string at ps->p (its opening quote): checked, its span noted (a key
 * may have no escape).  Returns 0 with *start its first byte and *len
 * its raw length, ps->p after the closing quote; or -1.
 */
static int
scan_string(struct jf_parser *ps, int is_key, const char **start, size_t *len)
{
	const char *p = ps->p + 1, *end = ps->end;
	size_t	    esc = 0;

	*start = p;
	for (;;) {
		while (p < end && !special[(unsigned char)*p])
			p++;
		if (p == end || (unsigned char)*p < 0x20)
			return -1;
		if (*p == '"')
			break;
		if (is_key || ++p == end) /* the byte after the backslash */
			return -1;
		esc++;
		if (*p == 'u') {
			if (escape_u(p, end) < 0)
				return -1;
			p += 5;
		} else if (strchr("\"\\/bfnrt", *p) == NULL || *p == '\0')
			return -1;
		else
			p++;
	}
	*len = (size_t)(p - *start);
	span_new(ps->d, (char *)p, esc);
	ps->p = p + 1;
	return 0;
}

/* A number at ps->p into node i, as json-c reads it; -1 if declined. */
static int
scan_number(struct jf_parser *ps, uint32_t i)
{
	const char *p = ps->p, *end = ps->end;
	uint64_t    m = 0;
	int	    neg = 0, digits = 0, frac = 0;

	if (*p == '-') {
		neg = 1;
		p++;
	}
	if (p == end || *p < '0' || *p > '9' ||
	    (*p == '0' && (neg || (p + 1 < end && p[1] >= '0' && p[1] <= '9'))))
		return -1;
	for (; p < end && *p >= '0' && *p <= '9'; p++, digits++)
		m = m * 10 + (uint64_t)(*p - '0');
	if (p < end && *p == '.') {
		for (p++; p < end && *p >= '0' && *p <= '9'; p++, frac++)
			m = m * 10 + (uint64_t)(*p - '0');
		if (frac == 0)
			return -1;
	}
	if (digits + frac > JF_DIGITS_MAX ||
	    (p < end && (*p == 'e' || *p == 'E')))
		return -1;
	ps->d->v[i].type = frac ? JF_DOUBLE : JF_INT;
	ps->d->v[i].num = (double)m / pow10[frac]; /* exact, as strtod */
	if (neg)
		ps->d->v[i].num = -ps->d->v[i].num;
	ps->p = p;
	return 0;
}

/* The word w at ps->p; -1 when it is not there. */
static int
scan_word(struct jf_parser *ps, const char *w)
{
	size_t n = strlen(w);

	if ((size_t)(ps->end - ps->p) < n || memcmp(ps->p, w, n) != 0)
		return -1;
	ps->p += n;
	return 0;
}

static int parse_value(struct jf_parser *, uint32_t *);

/* Hang child c after prev (0: first) under node i. */
static void
link_child(struct jf_doc *d, uint32_t i, uint32_t *prev, uint32_t c)
{
	if (*prev == 0)
		d->v[i].first = c;
	else
		d->v[*prev].next = c;
	*prev = c;
	d->v[i].len++;
}

/* Is key[0..len) a member name of object i already? */
static int
key_seen(const struct jf_doc *d, uint32_t i, const char *key, size_t len)
{
	uint32_t c;

	for (c = d->v[i].first; c != 0; c = d->v[c].next)
		if (d->v[c].keylen == len && memcmp(d->v[c].key, key, len) == 0)
			return 1;
	return 0;
}

/* The members of the object at ps->p (its '{') into node i. */
static int
parse_members(struct jf_parser *ps, uint32_t i)
{
	const char *key;
	uint64_t    seen = 0, bit;
	uint32_t    prev = 0, c;
	size_t	    klen;

	ps->p++;
	skip_ws(ps);
	if (ps->p < ps->end && *ps->p == '}') {
		ps->p++;
		return 0;
	}
	for (;;) {
		skip_ws(ps);
		if (ps->p == ps->end || *ps->p != '"' ||
		    scan_string(ps, 1, &key, &klen) == -1)
			return -1;
		/* Most objects have few members: a name twice is rare. */
		bit = 1ULL << ((klen * 7 +
				   (klen ? (unsigned char)key[0] +
					       (unsigned char)key[klen - 1]
					 : 0)) &
			  63);
		if ((seen & bit) && key_seen(ps->d, i, key, klen))
			return -1;
		seen |= bit;
		skip_ws(ps);
		if (ps->p == ps->end || *ps->p++ != ':' ||
		    parse_value(ps, &c) == -1)
			return -1;
		ps->d->v[c].key = key;
		ps->d->v[c].keylen = klen;
		link_child(ps->d, i, &prev, c);
		skip_ws(ps);
		if (ps->p == ps->end)
			return -1;
		if (*ps->p++ == '}')
			return 0;
		if (ps->p[-1] != ',')
			return -1;
	}
}

/* The items of the list at ps->p (its '[') into node i. */
static int
parse_items(struct jf_parser *ps, uint32_t i)
{
	uint32_t prev = 0, c;

	ps->p++;
	skip_ws(ps);
	if (ps->p < ps->end && *ps->p == ']') {
		ps->p++;
		return 0;
	}
	for (;;) {
		if (parse_value(ps, &c) == -1)
			return -1;
		link_child(ps->d, i, &prev, c);
		skip_ws(ps);
		if (ps->p == ps->end)
			return -1;
		if (*ps->p++ == ']')
			return 0;
		if (ps->p[-1] != ',')
			return -1;
	}
}

/* One value at ps->p (white space first) into a new node *out. */
static int
parse_value(struct jf_parser *ps, uint32_t *out)
{
	const char *s;
	uint32_t    i;
	size_t	    len;
	int	    rc;

	skip_ws(ps);
	if (ps->p == ps->end)
		return -1;
	*out = i = node_new(ps->d, JF_NULL);
	switch (*ps->p) {
	case '{':
	case '[':
		if (++ps->depth > JF_DEPTH_MAX)
			return -1;
		ps->d->v[i].type = *ps->p == '{' ? JF_OBJECT : JF_ARRAY;
		rc = *ps->p == '{' ? parse_members(ps, i) : parse_items(ps, i);
		ps->depth--;
		return rc;
	case '"':
		ps->d->v[i].type = JF_STRING;
		if (scan_string(ps, 0, &s, &len) == -1)
			return -1;
		ps->d->v[i].str = s; /* its length: the second pass */
		return 0;
	case 't':
	case 'f':
		ps->d->v[i].type = JF_BOOL;
		ps->d->v[i].num = *ps->p == 't';
		return scan_word(ps, *ps->p == 't' ? "true" : "false");
	case 'n':
		return scan_word(ps, "null");
	default:
		return scan_number(ps, i);
	}
}

/* The code point cp (not above U+FFFF) as UTF-8 at w; the bytes written. */
static size_t
utf8_put(char *w, long cp)
{
	if (cp < 0x80) {
		w[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		w[0] = (char)(0xc0 | (cp >> 6));
		w[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	w[0] = (char)(0xe0 | (cp >> 12));
	w[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
	w[2] = (char)(0x80 | (cp & 0x3f));
	return 3;
}

/* Unescape s[0..end) (checked by scan_string) in place; the new length. */
static size_t
unescape(char *s, const char *end)
{
	static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
	char		 *w = s;
	const char	 *r = s;

	while (r < end) {
		if (*r != '\\') {
			*w++ = *r++;
			continue;
		}
		r++;
		if (*r == 'u') {
			w += utf8_put(w, escape_u(r, end));
			r += 5;
		} else
			*w++ = to[strchr(from, *r++) - from];
	}
	return (size_t)(w - s);
}

/* Second pass: every string unescaped and ended, its length set. */
static void
finish_strings(struct jf_doc *d)
{
	struct jf_value *v;
	size_t		 i, k = 0;

	/* Spans come in the order the strings were read: keys and values. */
	for (i = 0; i < d->n; i++) {
		v = &d->v[i];
		if (v->key != NULL)
			((char *)v->key)[v->keylen] = '\0';
		if (v->type != JF_STRING)
			continue;
		while (d->span[k].end < v->str) /* keys: ended above */
			k++;
		v->len = d->span[k].esc
		    ? unescape((char *)v->str, d->span[k].end)
		    : (size_t)(d->span[k].end - v->str);
		((char *)v->str)[v->len] = '\0';
		k++;
	}
}

int
jf_parse(struct jf_doc *d, char *buf, size_t len)
{
	struct jf_parser ps = { d, buf, buf + len, 0 };
	uint32_t	 root;

	d->n = d->nspan = 0;
	if (parse_value(&ps, &root) == -1 || ps.p != ps.end) {
		d->n = 0;
		return -1;
	}
	finish_strings(d);
	return 0;
}

/* Node for json-c's o (and all inside it); -1 when too deep. */
static int
from_json(struct jf_doc *d, struct json_object *o, int depth, uint32_t *out)
{
	uint32_t i, prev = 0, c;
	size_t	 k, n;

	if (depth > JF_FROM_DEPTH_MAX)
		return -1;
	*out = i = node_new(d, JF_NULL);
	switch (json_object_get_type(o)) {
	case json_type_null:
		return 0;
	case json_type_boolean:
		d->v[i].type = JF_BOOL;
		d->v[i].num = json_object_get_boolean(o) ? 1 : 0;
		return 0;
	case json_type_int:
	case json_type_double:
		d->v[i].type =
		    json_object_is_type(o, json_type_int) ? JF_INT : JF_DOUBLE;
		d->v[i].num = json_object_get_double(o);
		return 0;
	case json_type_string:
		d->v[i].type = JF_STRING;
		d->v[i].str = json_object_get_string(o);
		d->v[i].len = (size_t)json_object_get_string_len(o);
		return 0;
	case json_type_array:
		d->v[i].type = JF_ARRAY;
		n = json_object_array_length(o);
		for (k = 0; k < n; k++) {
			if (from_json(d, json_object_array_get_idx(o, k),
				depth + 1, &c) == -1)
				return -1;
			link_child(d, i, &prev, c);
		}
		return 0;
	case json_type_object:
		d->v[i].type = JF_OBJECT;
		json_object_object_foreach(o, key, val)
		{
			if (from_json(d, val, depth + 1, &c) == -1)
				return -1;
			d->v[c].key = key;
			d->v[c].keylen = strlen(key);
			link_child(d, i, &prev, c);
		}
		return 0;
	}
	return 0;
}

int
jf_from_json(struct jf_doc *d, struct json_object *o)
{
	uint32_t root;

	d->n = d->nspan = 0;
	if (from_json(d, o, 0, &root) == -1) {
		d->n = 0;
		return -1;
	}
	return 0;
}

const struct jf_value *
jf_root(const struct jf_doc *d)
{
	return d->n > 0 ? &d->v[0] : NULL;
}

const struct jf_value *
jf_first(const struct jf_doc *d, const struct jf_value *v)
{
	return v->first != 0 ? &d->v[v->first] : NULL;
}

const struct jf_value *
jf_next(const struct jf_doc *d, const struct jf_value *v)
{
	return v->next != 0 ? &d->v[v->next] : NULL;
}

const struct jf_value *
jf_get(const struct jf_doc *d, const struct jf_value *v, const char *key)
{
	const struct jf_value *c;

	if (v->type != JF_OBJECT)
		return NULL;
	for (c = jf_first(d, v); c != NULL; c = jf_next(d, c))
		if (strcmp(c->key, key) == 0)
			return c;
	return NULL;
}

void
jf_free(struct jf_doc *d)
{
	free(d->v);
	free(d->span);
	memset(d, 0, sizeof(*d));
}
