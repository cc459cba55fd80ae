/*
 * output.c - how mentorctl prints: error lines (a store error, a record
 * not found), usage, JSON, local times.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <json.h>

#include "clock.h"
#include "cmd.h"
#include "i18n.h"
#include "store.h"

void
errorx(const char *fmt, ...)
{
	va_list ap;

	fputs("mentorctl: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void
usage_print(const char *usage)
{
	const char *p, *nl;

	fputs("usage:", stderr);
	for (p = usage; *p != '\0'; p = *nl ? nl + 1 : nl) {
		nl = p + strcspn(p, "\n");
		fprintf(stderr, " mentorctl %.*s\n", (int)(nl - p), p);
		if (*nl)
			fputs("      ", stderr);
	}
}

void
json_print(struct json_object *j)
{
	puts(json_object_to_json_string_ext(
	    j, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(j);
}

struct json_object *
json_str(const char *s)
{
	return s == NULL ? NULL : json_object_new_string(s);
}

const char *
or_dash(const char *s)
{
	return s == NULL || *s == '\0' ? "-" : s;
}

const char *
tr(const struct ctx *ctx, const char *msgid)
{
	return i18n_text(ctx->lang, msgid);
}

void
local_time(time_t t, char *out, size_t len)
{
	clock_format_local(t, "%Y-%m-%d %H:%M", out, len);
}

void
local_time_hm(time_t t, char *out, size_t len)
{
	clock_format_local(t, "%H:%M", out, len);
}

void
local_time_iso(time_t t, char *out, size_t len)
{
	char   tmp[40];
	size_t n;

	/* strftime gives +0100; RFC 3339 wants +01:00. */
	n = clock_format_local(t, "%Y-%m-%dT%H:%M:%S%z", tmp, sizeof(tmp));
	if (n < 5) {
		snprintf(out, len, "%s", tmp);
		return;
	}
	snprintf(out, len, "%.*s:%s", (int)n - 2, tmp, tmp + n - 2);
}

int
store_fail(struct ctx *ctx, const char *what, int err)
{
	if (err == STORE_NOTFOUND)
		errorx("%s: not found", what);
	else
		errorx("%s: %s (%s)", what, store_strerror(err),
		    ctx->store != NULL ? store_errmsg(ctx->store) : "no store");
	return CMD_FAIL;
}

int
found_or_fail(struct ctx *ctx, int err, const char *what, const char *ext)
{
	if (err == STORE_OK)
		return 0;
	if (err == STORE_NOTFOUND)
		errorx("no %s \"%.64s\"", what, ext);
	else
		store_fail(ctx, what, err);
	return -1;
}

void
json_add_time(struct json_object *j, const char *key, time_t t)
{
	char s[40];

	if (t == 0) {
		json_object_object_add(j, key, NULL);
		return;
	}
	local_time_iso(t, s, sizeof(s));
	json_object_object_add(j, key, json_str(s));
}

void
json_add_people(struct ctx *ctx, struct json_object *j, int64_t citizen_id,
    int64_t staff_id)
{
	char *ext;

	ext = citizen_external(ctx, citizen_id);
	json_object_object_add(j, "citizen", json_str(ext));
	free(ext);
	ext = staff_external(ctx, staff_id);
	json_object_object_add(j, "staff", json_str(ext));
	free(ext);
}

void
csv_field(struct buf *b, const char *s, int last)
{
	const char *p;

	if (s != NULL && strpbrk(s, ",\"\r\n") != NULL) {
		buf_putc(b, '"');
		for (p = s; *p != '\0'; p++) {
			if (*p == '"')
				buf_putc(b, '"');
			buf_putc(b, *p);
		}
		buf_putc(b, '"');
	} else if (s != NULL)
		buf_puts(b, s);
	buf_puts(b, last ? "\r\n" : ",");
}

const char *
json_get_str(struct json_object *o, const char *key)
{
	struct json_object *v;

	if (!json_object_object_get_ex(o, key, &v) ||
	    !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}
