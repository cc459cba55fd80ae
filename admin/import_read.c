/*
 * import_read.c - read the import file once, in chunks, and hand each
 * record to the import as soon as it is complete.
 *
 * The file is one JSON object whose members are sections, each a list
 * of record objects.  A small scanner walks that outer structure byte
 * by byte; every value inside it (a record, or a section that is not a
 * list) is cut out whole and parsed, then dropped once its fields are
 * checked.  So memory holds the records, never the file or its JSON
 * tree, and a file of any size can be read.
 *
 * A record is read by jsonflat.c, which takes only plain JSON that
 * json-c's strict mode reads the same way, into a tree it reuses; what
 * it declines (and every other value) json-c parses, and its tree or its
 * error is the answer.  Either way the fields see the same tree.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <json.h>

#include "buf.h"
#include "cmd.h"
#include "import.h"
#include "jsonflat.h"
#include "log.h"

#define READ_CHUNK     65536
#define READ_VALUE_MAX (1024 * 1024) /* one record at most */

/* Where the scanner is in the outer structure. */
enum read_state {
	RS_START,     /* before the outer { */
	RS_FIRST_KEY, /* after {: a section name or } */
	RS_KEY,	      /* after a comma: a section name */
	RS_COLON,
	RS_VALUE,	 /* a section's value */
	RS_FIRST_RECORD, /* after [: a record or ] */
	RS_RECORD,	 /* after a comma: a record */
	RS_AFTER_RECORD, /* , or ] */
	RS_AFTER_VALUE,	 /* , or } */
	RS_DONE		 /* after the outer }: only white space */
};

/* What a value being cut out is. */
enum read_value { RV_KEY, RV_SECTION, RV_RECORD };

struct reader {
	struct import	    *im;
	const char	    *path;
	struct json_tokener *tok;
	struct jf_doc	     doc; /* the record read */
	enum read_state	     state;
	size_t		     offset; /* of the byte being looked at */
	int		     failed;
	/* The section whose list is being read: enum section_id or -1. */
	int		     section;
	char		     key[80];
	/* The value being cut out. */
	int		     cutting;
	enum read_value	     what;
	struct buf	     value;
	size_t		     value_at; /* its first byte in the file */
	int		     depth, in_string, escape, scalar;
};

/* One error line about the file; the read stops. */
static void read_fail(struct reader *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
read_fail(struct reader *r, const char *fmt, ...)
{
	struct buf b = { 0 };
	va_list	   ap;

	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	errorx("import: %s: %s", r->path, buf_str(&b));
	buf_free(&b);
	r->failed = 1;
}

/* An unexpected byte c in the outer structure. */
static void
read_unexpected(struct reader *r, int c, const char *wanted)
{
	if (r->state == RS_START)
		read_fail(r,
		    "expected a JSON object with staff, citizens, "
		    "agreements, meetings");
	else if (r->state == RS_DONE)
		read_fail(
		    r, "text after the JSON document at byte %zu", r->offset);
	else
		read_fail(r,
		    "not valid JSON near byte %zu: expected %s, not "
		    "'%c'",
		    r->offset, wanted, c >= 0x20 && c < 0x7f ? c : '?');
}

/* Start cutting out a value whose first byte is c (not consumed). */
static void
cut_start(struct reader *r, enum read_value what, int c)
{
	r->cutting = 1;
	r->what = what;
	buf_reset(&r->value);
	r->value_at = r->offset;
	r->depth = 0;
	r->in_string = 0;
	r->escape = 0;
	r->scalar = c != '{' && c != '[' && c != '"';
}

/*
 * Parse the value cut out; NULL (and the read has failed) when it is
 * not valid JSON.  The caller puts the object.
 */
static struct json_object *
cut_parse(struct reader *r)
{
	struct json_object     *o;
	enum json_tokener_error err;
	size_t			end;

	json_tokener_reset(r->tok);
	/* With its NUL: a number or a word at the very end is complete. */
	o = json_tokener_parse_ex(
	    r->tok, buf_str(&r->value), (int)r->value.len + 1);
	err = json_tokener_get_error(r->tok);
	end = json_tokener_get_parse_end(r->tok);
	if (o != NULL && err == json_tokener_success && end == r->value.len)
		return o;
	json_object_put(o);
	read_fail(r, "not valid JSON near byte %zu: %s", r->value_at + end,
	    err == json_tokener_success ? "unexpected character"
					: json_tokener_error_desc(err));
	return NULL;
}

/* A section name is complete: which section's list follows. */
static void
done_key(struct reader *r, struct json_object *o)
{
	r->section = import_section_begin(r->im, json_object_get_string(o));
	snprintf(r->key, sizeof(r->key), "%s", json_object_get_string(o));
	r->state = RS_COLON;
}

/* The value cut out is complete: parse it and hand it on. */
static void
cut_done(struct reader *r)
{
	struct json_object *o;

	r->cutting = 0;
	if (r->what == RV_RECORD && r->value.len > 0 &&
	    r->value.data[0] == '{' &&
	    jf_parse(&r->doc, r->value.data, r->value.len) == 0) {
		import_record_add(r->im, r->section, &r->doc);
		r->state = RS_AFTER_RECORD;
		return;
	}
	if ((o = cut_parse(r)) == NULL)
		return;
	switch (r->what) {
	case RV_KEY:
		done_key(r, o);
		break;
	case RV_SECTION:
		import_section_value(r->im, r->section, r->key, o);
		r->state = RS_AFTER_VALUE;
		break;
	case RV_RECORD:
		/* json-c nests at most 32 deep, jf_from_json() 64. */
		if (jf_from_json(&r->doc, o) == -1)
			fatalx("import: a record nested too deep");
		import_record_add(r->im, r->section, &r->doc);
		r->state = RS_AFTER_RECORD;
		break;
	}
	json_object_put(o);
}

/*
 * Skip the inside of a string from p[0..n): returns how many bytes are
 * plain text before the next quote or backslash (n when none).
 */
static size_t
string_run(const char *p, size_t n)
{
	const char *q = memchr(p, '"', n), *b;
	size_t	    end = q != NULL ? (size_t)(q - p) : n;

	if ((b = memchr(p, '\\', end)) != NULL)
		end = (size_t)(b - p);
	return end;
}

/*
 * Cut bytes p[0..n) into the value until it is complete.  Returns how
 * many bytes were taken.
 */
static size_t
cut_more(struct reader *r, const char *p, size_t n)
{
	size_t i;
	int    c, done = 0;

	for (i = 0; i < n && !done; i++) {
		if (r->in_string && !r->escape)
			i += string_run(p + i, n - i); /* most of a file */
		if (i == n)
			break;
		c = (unsigned char)p[i];
		if (r->in_string) {
			if (r->escape)
				r->escape = 0;
			else if (c == '\\')
				r->escape = 1;
			else if (c == '"') {
				r->in_string = 0;
				done = r->depth == 0; /* a string alone */
			}
		} else if (r->scalar) {
			if (strchr(" \t\r\n,]}", c) != NULL)
				break; /* not part of it */
		} else if (c == '"')
			r->in_string = 1;
		else if (c == '{' || c == '[')
			r->depth++;
		else if (c == '}' || c == ']')
			done = --r->depth == 0;
	}
	buf_append(&r->value, p, i);
	if (r->value.len > READ_VALUE_MAX) {
		read_fail(r, "the record at byte %zu is larger than 1 MiB",
		    r->value_at);
		return i;
	}
	if (done || (r->scalar && i < n))
		cut_done(r);
	return i;
}

/* One byte of the outer structure (not white space). */
static void
outer_byte(struct reader *r, int c)
{
	switch (r->state) {
	case RS_START:
		if (c == '{')
			r->state = RS_FIRST_KEY;
		else
			read_unexpected(r, c, "{");
		return;
	case RS_FIRST_KEY:
	case RS_KEY:
		if (c == '}' && r->state == RS_FIRST_KEY)
			r->state = RS_DONE;
		else if (c == '"')
			cut_start(r, RV_KEY, c);
		else
			read_unexpected(r, c, "a quoted section name");
		return;
	case RS_COLON:
		if (c == ':')
			r->state = RS_VALUE;
		else
			read_unexpected(r, c, "':'");
		return;
	case RS_VALUE:
		if (c == '[' && r->section >= 0)
			r->state = RS_FIRST_RECORD;
		else
			cut_start(r, RV_SECTION, c);
		return;
	case RS_FIRST_RECORD:
	case RS_RECORD:
		if (c == ']' && r->state == RS_FIRST_RECORD)
			r->state = RS_AFTER_VALUE;
		else if (c != ']')
			cut_start(r, RV_RECORD, c);
		else
			read_unexpected(r, c, "a record after ','");
		return;
	case RS_AFTER_RECORD:
		if (c == ',')
			r->state = RS_RECORD;
		else if (c == ']')
			r->state = RS_AFTER_VALUE;
		else
			read_unexpected(r, c, "',' or ']'");
		return;
	case RS_AFTER_VALUE:
		if (c == ',')
			r->state = RS_KEY;
		else if (c == '}')
			r->state = RS_DONE;
		else
			read_unexpected(r, c, "',' or '}'");
		return;
	case RS_DONE:
		read_unexpected(r, c, "nothing");
		return;
	}
}

/* Scan one chunk of the file. */
static void
read_chunk(struct reader *r, const char *p, size_t n)
{
	size_t i = 0, took;
	int    c;

	while (i < n && !r->failed) {
		if (r->cutting) {
			took = cut_more(r, p + i, n - i);
			i += took;
			r->offset += took;
			continue;
		}
		c = (unsigned char)p[i];
		if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
			outer_byte(r, c);
			if (r->cutting)
				continue; /* the value takes this byte */
		}
		i++;
		r->offset++;
	}
}

int
import_read(struct import *im, const char *path)
{
	struct reader r;
	FILE	     *f;
	char	     *chunk;
	size_t	      n;
	int	      bad;

	if ((f = fopen(path, "r")) == NULL) {
		errorx("import: %s: %s", path, strerror(errno));
		return -1;
	}
	memset(&r, 0, sizeof(r));
	r.im = im;
	r.path = path;
	r.section = -1;
	if ((r.tok = json_tokener_new()) == NULL ||
	    (chunk = malloc(READ_CHUNK)) == NULL)
		fatalx("import: out of memory");
	json_tokener_set_flags(r.tok, JSON_TOKENER_STRICT);
	while (!r.failed && (n = fread(chunk, 1, READ_CHUNK, f)) > 0)
		read_chunk(&r, chunk, n);
	bad = ferror(f);
	fclose(f);
	/* A number or a word that ends the file ends there. */
	if (!r.failed && !bad && r.cutting && r.scalar)
		cut_done(&r);
	if (!r.failed && bad)
		read_fail(&r, "read error");
	else if (!r.failed && r.state == RS_START)
		read_fail(&r, "the file is empty");
	else if (!r.failed && (r.state != RS_DONE || r.cutting))
		read_fail(&r,
		    "not valid JSON near byte %zu: unexpected end of "
		    "file",
		    r.offset);
	json_tokener_free(r.tok);
	jf_free(&r.doc);
	free(chunk);
	buf_free(&r.value);
	return r.failed ? -1 : 0;
}
