/*
 * webhook.c - owns what every provider's webhooks share: the field
 * checks, reading a field table from a JSON object or a form, finishing
 * an event.  See webhook.h; the tables are in providers/.
 *
 * JSON and form bodies share the tables through a small getter
 * interface.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "buf.h"
#include "formparse.h"
#include "jwt.h"
#include "log.h"
#include "phone.h"
#include "utf8.h"
#include "webhook.h"

static const char *const webhook_errors[WEBHOOK_ERR__MAX] = {
	[WEBHOOK_OK] = "ok",
	[WEBHOOK_MALFORMED] = "malformed body",
	[WEBHOOK_FIELD] = "missing or bad field",
	[WEBHOOK_UNSIGNED] = "no signature",
	[WEBHOOK_BADSIG] = "bad signature",
};

/* --- validators ------------------------------------------------------- */

/* 1 if the n bytes of s are all in the byte set accept. */
static int
all_in(const char *s, size_t n, const char *accept)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] == '\0' || strchr(accept, s[i]) == NULL)
			return 0;
	return 1;
}

static const char id_chars[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
    "0123456789._:-";
static const char status_chars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
				   "abcdefghijklmnopqrstuvwxyz_";
static const char code_chars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
				 "abcdefghijklmnopqrstuvwxyz0123456789";

/* 1 if s (n bytes) is valid UTF-8 without control characters but \t\r\n. */
static int
text_ok(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t		     i = 0, k;

	while (i < n) {
		if (u[i] < 0x20 && u[i] != '\t' && u[i] != '\n' && u[i] != '\r')
			return 0;
		if (u[i] == 0x7f || (k = utf8_decode(u + i, n - i, NULL)) == 0)
			return 0;
		i += k;
	}
	return 1;
}

/* Copy n bytes of s into out (cap bytes) as a NUL-terminated string. */
static void
copy_str(char *out, size_t cap, const char *s, size_t n)
{
	if (n >= cap)
		n = cap - 1;
	memcpy(out, s, n);
	out[n] = '\0';
}

/*
 * Copy free provider text: control characters become spaces, invalid
 * UTF-8 becomes '?', cut at a character boundary to fit cap.
 */
static void
copy_error(char *out, size_t cap, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t		     i = 0, o = 0, k;

	while (i < n) {
		k = utf8_decode(u + i, n - i, NULL);
		if (o + (k ? k : 1) >= cap)
			break;
		if (k == 0 || u[i] < 0x20 || u[i] == 0x7f) {
			out[o++] = k == 0 ? '?' : ' ';
			i += k ? k : 1;
			continue;
		}
		memcpy(out + o, s + i, k);
		o += k;
		i += k;
	}
	out[o] = '\0';
}

/*
 * A sender or receiver: E.164 when it is a number (normalised by norm),
 * else the name as given when printable ASCII.  0 ok, -1 bad.
 */
static int
store_sender(char *out, size_t cap, const char *s, size_t n,
    enum phone_err (*norm)(const char *, char[PHONE_MAX]))
{
	char   tmp[WEBHOOK_SENDER_MAX], e164[PHONE_MAX];
	size_t i;

	if (n == 0 || n >= sizeof(tmp) || n >= cap)
		return -1;
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] > 0x7e)
			return -1;
	copy_str(tmp, sizeof(tmp), s, n);
	if (norm(tmp, e164) == PHONE_OK)
		copy_str(out, cap, e164, strlen(e164));
	else
		copy_str(out, cap, tmp, n);
	return 0;
}

int64_t
webhook_parse_ref(const char *s, size_t n)
{
	int64_t v = 0;
	size_t	i;

	if (n == 0 || n > 18 || !all_in(s, n, "0123456789"))
		return 0;
	for (i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

/*
 * Check value (n bytes) of field f and store it in ev.
 * Returns WEBHOOK_OK or WEBHOOK_FIELD.
 */
static enum webhook_err
field_store(const struct webhook_field *f, const char *v, size_t n,
    struct webhook_event *ev)
{
	char *dst = (char *)ev + f->off;

	switch (f->type) {
	case FT_ID:
		if (n == 0 || n >= f->cap || !all_in(v, n, id_chars))
			return WEBHOOK_FIELD;
		copy_str(dst, f->cap, v, n);
		return WEBHOOK_OK;
	case FT_MSISDN:
		return store_sender(dst, f->cap, v, n, phone_from_msisdn) == 0
		    ? WEBHOOK_OK
		    : WEBHOOK_FIELD;
	case FT_PHONE:
		return store_sender(dst, f->cap, v, n, phone_normalize) == 0
		    ? WEBHOOK_OK
		    : WEBHOOK_FIELD;
	case FT_STATUS:
	case FT_CODE:
		if (n == 0 || n >= f->cap ||
		    !all_in(
			v, n, f->type == FT_STATUS ? status_chars : code_chars))
			return WEBHOOK_FIELD;
		copy_str(dst, f->cap, v, n);
		return WEBHOOK_OK;
	case FT_REF:
		ev->reference = webhook_parse_ref(v, n);
		return WEBHOOK_OK;
	case FT_TEXT:
		if (n > WEBHOOK_TEXT_MAX || !text_ok(v, n))
			return WEBHOOK_FIELD;
		free(ev->text);
		if ((ev->text = strndup(v, n)) == NULL)
			fatal("%s", __func__);
		return WEBHOOK_OK;
	case FT_ERROR:
		copy_error(dst, f->cap, v, n);
		return WEBHOOK_OK;
	default:
		return WEBHOOK_FIELD;
	}
}

/* --- reading fields from JSON and forms ------------------------------- */

/*
 * The value of name in a source: 1 found (*v, *n set; tmp holds numbers
 * written out), 0 absent, -1 of a type we do not take.
 */
typedef int field_get(
    const void *src, const char *name, char tmp[32], const char **v, size_t *n);

/* field_get for a JSON object: strings, and non-negative integers. */
static int
json_get(
    const void *src, const char *name, char tmp[32], const char **v, size_t *n)
{
	struct json_object *o;
	int64_t		    i;

	if (!json_object_object_get_ex((struct json_object *)src, name, &o) ||
	    json_object_is_type(o, json_type_null))
		return 0;
	if (json_object_is_type(o, json_type_string)) {
		*v = json_object_get_string(o);
		*n = (size_t)json_object_get_string_len(o);
		return 1;
	}
	if (!json_object_is_type(o, json_type_int) ||
	    (i = json_object_get_int64(o)) < 0 || i == INT64_MAX)
		return -1;
	*n = (size_t)snprintf(tmp, 32, "%lld", (long long)i);
	*v = tmp;
	return 1;
}

/* field_get for a parsed form. */
static int
form_getter(
    const void *src, const char *name, char tmp[32], const char **v, size_t *n)
{
	if ((*v = form_get(src, name)) == NULL)
		return 0;
	*n = strlen(*v);
	return 1;
}

/* Read every field of hook from src into ev (already zeroed). */
static enum webhook_err
read_fields(const struct webhook_route *hook, field_get *get, const void *src,
    struct webhook_event *ev)
{
	const struct webhook_field *f;
	const char		   *v;
	char			    tmp[32];
	size_t			    n;
	int			    r;

	for (f = hook->fields; f->name != NULL; f++) {
		if ((r = get(src, f->name, tmp, &v, &n)) == -1)
			return WEBHOOK_FIELD;
		if (r == 0 && f->required)
			return WEBHOOK_FIELD;
		if (r == 1 && field_store(f, v, n, ev) != WEBHOOK_OK)
			return WEBHOOK_FIELD;
	}
	return WEBHOOK_OK;
}

void
webhook_finish(const struct webhook_route *hook, struct webhook_event *ev)
{
	char err[WEBHOOK_ERROR_MAX + WEBHOOK_STATUS_MAX];

	ev->hook = hook;
	ev->provider = hook->provider;
	ev->is_report = hook->is_report;
	if (ev->text == NULL && (ev->text = strdup("")) == NULL)
		fatal("%s", __func__);
	if (ev->is_report)
		snprintf(ev->event_id, sizeof(ev->event_id), "%s:%s",
		    ev->provider_id, ev->status);
	if (ev->code[0] != '\0') {
		snprintf(err, sizeof(err), "%s%s%s", ev->code,
		    ev->error[0] ? " " : "", ev->error);
		copy_error(ev->error, sizeof(ev->error), err, strlen(err));
	}
}

enum webhook_err
webhook_read_json(const struct webhook_route *hook, const char *body,
    size_t len, struct webhook_event *ev)
{
	struct json_object *o;
	enum webhook_err    e;

	memset(ev, 0, sizeof(*ev));
	if (memchr(body, '\0', len) != NULL ||
	    (o = jwt_json_object(body, len, WEBHOOK_BODY_MAX)) == NULL)
		return WEBHOOK_MALFORMED;
	e = read_fields(hook, json_get, o, ev);
	json_object_put(o);
	if (e != WEBHOOK_OK) {
		webhook_event_free(ev);
		return e;
	}
	webhook_finish(hook, ev);
	return WEBHOOK_OK;
}

enum webhook_err
webhook_read_form(const struct webhook_route *hook, const struct form *form,
    struct webhook_event *ev)
{
	enum webhook_err e;

	memset(ev, 0, sizeof(*ev));
	if ((e = read_fields(hook, form_getter, form, ev)) != WEBHOOK_OK)
		webhook_event_free(ev);
	return e;
}

void
webhook_event_free(struct webhook_event *ev)
{
	free(ev->text);
	ev->text = NULL;
}

int
webhook_same_event(const struct webhook_event *a, const struct webhook_event *b)
{
	return strcmp(a->provider_id, b->provider_id) == 0 &&
	    strcmp(a->sender, b->sender) == 0 &&
	    strcmp(a->receiver, b->receiver) == 0 &&
	    strcmp(a->text, b->text) == 0 &&
	    strcmp(a->status, b->status) == 0 &&
	    strcmp(a->error, b->error) == 0 && a->reference == b->reference;
}

const char *
webhook_strerror(enum webhook_err e)
{
	if ((unsigned)e >= WEBHOOK_ERR__MAX)
		return "unknown error";
	return webhook_errors[e];
}
