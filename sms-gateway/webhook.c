/*
 * webhook.c - provider payloads: field tables, validators, signatures.
 * See webhook.h.
 *
 * Each kind of webhook has a table of the fields we read: where the
 * value goes, which validator checks it, whether it is required.  JSON
 * and form bodies share the tables through a small getter interface.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "buf.h"
#include "crypto.h"
#include "formparse.h"
#include "jwt.h"
#include "log.h"
#include "phone.h"
#include "utf8.h"
#include "webhook.h"
#include "websign.h"

enum field_type {
	FT_ID,		/* provider ids: [A-Za-z0-9._:-]{1,64} */
	FT_MSISDN,	/* a sender: digits with country code, or a name */
	FT_PHONE,	/* a sender: E.164 with +, or a name */
	FT_STATUS,	/* [A-Za-z_]{1,32} */
	FT_REF,		/* our reference: 1-18 digits, else ignored */
	FT_TEXT,	/* UTF-8 message text */
	FT_ERROR,	/* free text from the provider, cut to fit */
	FT_CODE,	/* [A-Za-z0-9]{1,32} */
	FT__MAX
};

struct field {
	const char	*name;		/* in the JSON object or the form */
	enum field_type	 type;
	int		 required;
	size_t		 off;		/* char[] in struct webhook_event */
	size_t		 cap;		/* its size */
};

#define EV(f)	offsetof(struct webhook_event, f), \
	sizeof(((struct webhook_event *)0)->f)
#define NOWHERE	0, 0

static const struct field gwapi_mo_fields[] = {
	{ "id",		FT_ID,		1, EV(provider_id) },
	{ "msisdn",	FT_MSISDN,	1, EV(sender) },
	{ "receiver",	FT_MSISDN,	0, EV(receiver) },
	{ "message",	FT_TEXT,	1, NOWHERE },
	{ NULL, FT__MAX, 0, NOWHERE }
};

static const struct field gwapi_dlr_fields[] = {
	{ "id",		FT_ID,		1, EV(provider_id) },
	{ "status",	FT_STATUS,	1, EV(status) },
	{ "userref",	FT_REF,		0, NOWHERE },
	{ "error",	FT_ERROR,	0, EV(error) },
	{ "code",	FT_CODE,	0, EV(code) },
	{ NULL, FT__MAX, 0, NOWHERE }
};

static const struct field twilio_sms_fields[] = {
	{ "MessageSid",	FT_ID,		1, EV(provider_id) },
	{ "From",	FT_PHONE,	1, EV(sender) },
	{ "To",		FT_PHONE,	0, EV(receiver) },
	{ "Body",	FT_TEXT,	0, NOWHERE },
	{ NULL, FT__MAX, 0, NOWHERE }
};

static const struct field twilio_status_fields[] = {
	{ "MessageSid",	FT_ID,		1, EV(provider_id) },
	{ "MessageStatus", FT_STATUS,	1, EV(status) },
	{ "ErrorCode",	FT_CODE,	0, EV(code) },
	{ NULL, FT__MAX, 0, NOWHERE }
};

static const struct {
	const char		*provider;
	int			 is_report;
	const struct field	*fields;
} kinds[WEBHOOK__MAX] = {
	[WEBHOOK_GWAPI_MO] = { "gatewayapi", 0, gwapi_mo_fields },
	[WEBHOOK_GWAPI_DLR] = { "gatewayapi", 1, gwapi_dlr_fields },
	[WEBHOOK_TWILIO_SMS] = { "twilio", 0, twilio_sms_fields },
	[WEBHOOK_TWILIO_STATUS] = { "twilio", 1, twilio_status_fields },
};

/* Provider status words and what they mean for our outbox row. */
static const struct {
	const char	*provider;
	const char	*word;
	const char	*ours;
} report_words[] = {
	{ "gatewayapi", "DELIVERED", "delivered" },
	{ "gatewayapi", "ACCEPTED", "delivered" },
	{ "gatewayapi", "EXPIRED", "failed" },
	{ "gatewayapi", "DELETED", "failed" },
	{ "gatewayapi", "UNDELIVERABLE", "failed" },
	{ "gatewayapi", "REJECTED", "failed" },
	{ "gatewayapi", "SKIPPED", "failed" },
	{ "twilio", "delivered", "delivered" },
	{ "twilio", "read", "delivered" },
	{ "twilio", "undelivered", "failed" },
	{ "twilio", "failed", "failed" },
	{ "twilio", "canceled", "failed" },
};

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
	size_t	 i;

	for (i = 0; i < n; i++)
		if (s[i] == '\0' || strchr(accept, s[i]) == NULL)
			return 0;
	return 1;
}

static const char id_chars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
    "0123456789._:-";
static const char status_chars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    "abcdefghijklmnopqrstuvwxyz_";
static const char code_chars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    "abcdefghijklmnopqrstuvwxyz0123456789";

/* 1 if s (n bytes) is valid UTF-8 without control characters but \t\r\n. */
static int
text_ok(const char *s, size_t n)
{
	const unsigned char	*u = (const unsigned char *)s;
	size_t			 i = 0, k;

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
	const unsigned char	*u = (const unsigned char *)s;
	size_t			 i = 0, o = 0, k;

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
	char	 tmp[WEBHOOK_SENDER_MAX], e164[PHONE_MAX];
	size_t	 i;

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

/* Parse 1-18 digits into a positive reference, else 0. */
static int64_t
parse_ref(const char *s, size_t n)
{
	int64_t	 v = 0;
	size_t	 i;

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
field_store(const struct field *f, const char *v, size_t n,
    struct webhook_event *ev)
{
	char	*dst = (char *)ev + f->off;

	switch (f->type) {
	case FT_ID:
		if (n == 0 || n >= f->cap || !all_in(v, n, id_chars))
			return WEBHOOK_FIELD;
		copy_str(dst, f->cap, v, n);
		return WEBHOOK_OK;
	case FT_MSISDN:
		return store_sender(dst, f->cap, v, n, phone_from_msisdn) == 0 ?
		    WEBHOOK_OK : WEBHOOK_FIELD;
	case FT_PHONE:
		return store_sender(dst, f->cap, v, n, phone_normalize) == 0 ?
		    WEBHOOK_OK : WEBHOOK_FIELD;
	case FT_STATUS:
	case FT_CODE:
		if (n == 0 || n >= f->cap || !all_in(v, n,
		    f->type == FT_STATUS ? status_chars : code_chars))
			return WEBHOOK_FIELD;
		copy_str(dst, f->cap, v, n);
		return WEBHOOK_OK;
	case FT_REF:
		ev->reference = parse_ref(v, n);
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
typedef int	field_get(const void *src, const char *name, char tmp[32],
		    const char **v, size_t *n);

/* field_get for a JSON object: strings, and non-negative integers. */
static int
json_get(const void *src, const char *name, char tmp[32], const char **v,
    size_t *n)
{
	struct json_object	*o;
	int64_t			 i;

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
form_getter(const void *src, const char *name, char tmp[32], const char **v,
    size_t *n)
{
	if ((*v = form_get(src, name)) == NULL)
		return 0;
	*n = strlen(*v);
	return 1;
}

/* Read every field of kind from src into ev (already zeroed). */
static enum webhook_err
read_fields(enum webhook_kind kind, field_get *get, const void *src,
    struct webhook_event *ev)
{
	const struct field	*f;
	const char		*v;
	char			 tmp[32];
	size_t			 n;
	int			 r;

	for (f = kinds[kind].fields; f->name != NULL; f++) {
		if ((r = get(src, f->name, tmp, &v, &n)) == -1)
			return WEBHOOK_FIELD;
		if (r == 0 && f->required)
			return WEBHOOK_FIELD;
		if (r == 1 && field_store(f, v, n, ev) != WEBHOOK_OK)
			return WEBHOOK_FIELD;
	}
	return WEBHOOK_OK;
}

/* Fill the derived fields: provider, text default, event id, error. */
static void
finish_event(enum webhook_kind kind, struct webhook_event *ev)
{
	char	 err[WEBHOOK_ERROR_MAX + WEBHOOK_STATUS_MAX];

	ev->kind = kind;
	ev->provider = kinds[kind].provider;
	ev->is_report = kinds[kind].is_report;
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

/* See webhook.h. */
enum webhook_err
webhook_parse_gwapi(enum webhook_kind kind, const char *body, size_t len,
    struct webhook_event *ev)
{
	struct json_object	*o;
	enum webhook_err	 e;

	memset(ev, 0, sizeof(*ev));
	if (kind != WEBHOOK_GWAPI_MO && kind != WEBHOOK_GWAPI_DLR)
		return WEBHOOK_FIELD;
	if (memchr(body, '\0', len) != NULL ||
	    (o = jwt_json_object(body, len, WEBHOOK_BODY_MAX)) == NULL)
		return WEBHOOK_MALFORMED;
	e = read_fields(kind, json_get, o, ev);
	json_object_put(o);
	if (e != WEBHOOK_OK) {
		webhook_event_free(ev);
		return e;
	}
	finish_event(kind, ev);
	return WEBHOOK_OK;
}

/* See webhook.h. */
enum webhook_err
webhook_parse_twilio(enum webhook_kind kind, const struct form *form,
    const struct form *query, struct webhook_event *ev)
{
	enum webhook_err	 e;
	const char		*ref;

	memset(ev, 0, sizeof(*ev));
	if (kind != WEBHOOK_TWILIO_SMS && kind != WEBHOOK_TWILIO_STATUS)
		return WEBHOOK_FIELD;
	if ((e = read_fields(kind, form_getter, form, ev)) != WEBHOOK_OK) {
		webhook_event_free(ev);
		return e;
	}
	if (kind == WEBHOOK_TWILIO_STATUS && query != NULL &&
	    (ref = form_get(query, "ref")) != NULL)
		ev->reference = parse_ref(ref, strlen(ref));
	finish_event(kind, ev);
	return WEBHOOK_OK;
}

/* See webhook.h. */
void
webhook_event_free(struct webhook_event *ev)
{
	free(ev->text);
	ev->text = NULL;
}

/* --- signatures ------------------------------------------------------- */

/* 1 if a and b carry the same event. */
static int
same_event(const struct webhook_event *a, const struct webhook_event *b)
{
	return strcmp(a->provider_id, b->provider_id) == 0 &&
	    strcmp(a->sender, b->sender) == 0 &&
	    strcmp(a->receiver, b->receiver) == 0 &&
	    strcmp(a->text, b->text) == 0 &&
	    strcmp(a->status, b->status) == 0 &&
	    strcmp(a->error, b->error) == 0 &&
	    a->reference == b->reference;
}

/* See webhook.h. */
enum webhook_err
webhook_verify_gwapi(const char *token, const void *secret, size_t secretlen,
    const struct webhook_event *ev, const char *body, size_t bodylen)
{
	struct buf		 payload = { 0 };
	struct webhook_event	 signed_ev;
	enum webhook_err	 e = WEBHOOK_BADSIG;

	if (token == NULL || token[0] == '\0')
		return WEBHOOK_UNSIGNED;
	if (secret == NULL || secretlen == 0)
		return WEBHOOK_BADSIG;
	/* The payload is parsed below unless it is the (parsed) body. */
	if (jwt_verify_hs256_raw(token, strlen(token), secret, secretlen,
	    &payload) != JWT_OK)
		goto out;
	/* The same bytes as the body: the same event, no second parse. */
	if (body != NULL && payload.len == bodylen &&
	    memcmp(payload.data, body, bodylen) == 0) {
		e = WEBHOOK_OK;
		goto out;
	}
	if (webhook_parse_gwapi(ev->kind, payload.data, payload.len,
	    &signed_ev) != WEBHOOK_OK)
		goto out;
	if (same_event(ev, &signed_ev))
		e = WEBHOOK_OK;
	webhook_event_free(&signed_ev);
out:
	buf_free(&payload);
	return e;
}

/* See webhook.h. */
enum webhook_err
webhook_verify_gwapi_token(const char *token, const void *secret,
    size_t secretlen)
{
	if (token == NULL || token[0] == '\0')
		return WEBHOOK_UNSIGNED;
	if (secret == NULL || secretlen == 0 ||
	    jwt_verify_hs256(token, strlen(token), secret, secretlen, NULL) !=
	    JWT_OK)
		return WEBHOOK_BADSIG;
	return WEBHOOK_OK;
}

/*
 * Write url with its default port toggled into out: an https:// (or
 * http://) URL without a port gets :443 (:80), one with the default port
 * loses it.  Returns 0, or -1 when there is nothing to toggle.
 */
static int
toggle_port(const char *url, struct buf *out)
{
	const char	*host, *end, *colon, *port;
	size_t		 hostlen;

	if (strncmp(url, "https://", 8) == 0)
		port = ":443";
	else if (strncmp(url, "http://", 7) == 0)
		port = ":80";
	else
		return -1;
	host = strstr(url, "://") + 3;
	end = host + strcspn(host, "/?#");
	hostlen = (size_t)(end - host);
	colon = memchr(host, ':', hostlen);
	buf_append(out, url, (size_t)(host - url));
	if (colon == NULL) {
		buf_append(out, host, hostlen);
		buf_puts(out, port);
	} else if ((size_t)(end - colon) == strlen(port) &&
	    memcmp(colon, port, strlen(port)) == 0)
		buf_append(out, host, (size_t)(colon - host));
	else
		return -1;
	buf_puts(out, end);
	return 0;
}

/* Compare header with the signature of url and params in constant time. */
static int
twilio_matches(const char *header, const char *url, const struct form *sorted,
    const void *token, size_t tokenlen)
{
	struct buf	 sig = { 0 };
	int		 ok;

	websign_twilio_signature(url, sorted, token, tokenlen, &sig);
	ok = sig.len == strlen(header) &&
	    crypto_equal(sig.data, header, sig.len);
	buf_free(&sig);
	return ok;
}

/* See webhook.h. */
enum webhook_err
webhook_verify_twilio(const char *header, const char *public_url,
    const char *uri, const struct form *sorted, const void *token,
    size_t tokenlen)
{
	struct buf	 url = { 0 }, alt = { 0 };
	size_t		 n;
	int		 ok;

	if (header == NULL || header[0] == '\0')
		return WEBHOOK_UNSIGNED;
	if (public_url == NULL || token == NULL || tokenlen == 0)
		return WEBHOOK_BADSIG;
	n = strlen(public_url);
	while (n > 0 && public_url[n - 1] == '/')
		n--;
	buf_append(&url, public_url, n);
	buf_puts(&url, uri);
	ok = twilio_matches(header, url.data, sorted, token, tokenlen);
	if (!ok && toggle_port(url.data, &alt) == 0)
		ok = twilio_matches(header, alt.data, sorted, token, tokenlen);
	buf_free(&url);
	buf_free(&alt);
	return ok ? WEBHOOK_OK : WEBHOOK_BADSIG;
}

/* See webhook.h. */
const char *
webhook_report_status(const char *provider, const char *word)
{
	size_t	 i;

	for (i = 0; i < sizeof(report_words) / sizeof(report_words[0]); i++)
		if (strcmp(report_words[i].provider, provider) == 0 &&
		    strcmp(report_words[i].word, word) == 0)
			return report_words[i].ours;
	return "sent";
}

/* See webhook.h. */
const char *
webhook_strerror(enum webhook_err e)
{
	if ((unsigned)e >= WEBHOOK_ERR__MAX)
		return "unknown error";
	return webhook_errors[e];
}
