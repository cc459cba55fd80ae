/*
 * websign.c - provider-signed webhook requests.  See websign.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>
#include <json-c/json.h>

#include "crypto.h"
#include "formparse.h"
#include "jwt.h"
#include "log.h"
#include "phone.h"
#include "websign.h"

#define CT_JSON "application/json"
#define CT_FORM "application/x-www-form-urlencoded"

/* See websign.h. */
void
websign_free(struct websign_req *r)
{
	buf_free(&r->path);
	buf_free(&r->header);
	buf_free(&r->body);
	memset(r, 0, sizeof(*r));
}

/* A JSON number for 1-18 digits, else a JSON string. */
static struct json_object *
json_id(const char *id)
{
	size_t n = strlen(id);

	if (n > 0 && n <= 18 && strspn(id, "0123456789") == n)
		return json_object_new_int64(strtoll(id, NULL, 10));
	return json_object_new_string(id);
}

/* E.164 as a JSON number of digits (GatewayAPI msisdn); NULL if bad. */
static struct json_object *
json_msisdn(const char *e164)
{
	char digits[PHONE_MAX];

	if (phone_format(e164, PHONE_STYLE_DIGITS, digits, sizeof(digits)) ==
	    -1)
		return NULL;
	return json_object_new_int64(strtoll(digits, NULL, 10));
}

/* See websign.h. */
void
websign_gwapi_raw(const char *path, const char *json, size_t len,
    const void *secret, size_t secretlen, struct websign_req *r)
{
	memset(r, 0, sizeof(*r));
	buf_puts(&r->path, path);
	r->content_type = CT_JSON;
	buf_append(&r->body, json, len);
	buf_puts(&r->header, "X-Gwapi-Signature: ");
	jwt_sign_hs256(json, len, secret, secretlen, &r->header);
}

/* Sign object o as GatewayAPI would for path; releases o. */
static void
gwapi_sign(const char *path, struct json_object *o, const void *secret,
    size_t secretlen, struct websign_req *r)
{
	const char *s;

	s = json_object_to_json_string_ext(
	    o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);
	websign_gwapi_raw(path, s, strlen(s), secret, secretlen, r);
	json_object_put(o);
}

/* See websign.h. */
int
websign_gwapi_mo(const char *id, const char *from, const char *to,
    const char *text, const void *secret, size_t secretlen,
    struct websign_req *r)
{
	struct json_object *o, *msisdn, *receiver = NULL;

	memset(r, 0, sizeof(*r));
	if ((msisdn = json_msisdn(from)) == NULL ||
	    (to != NULL && (receiver = json_msisdn(to)) == NULL)) {
		json_object_put(msisdn);
		return -1;
	}
	o = json_object_new_object();
	json_object_object_add(o, "id", json_id(id));
	json_object_object_add(o, "msisdn", msisdn);
	if (receiver != NULL)
		json_object_object_add(o, "receiver", receiver);
	json_object_object_add(o, "message", json_object_new_string(text));
	json_object_object_add(
	    o, "webhook_label", json_object_new_string("mentorlink"));
	gwapi_sign(WEBSIGN_GWAPI_MO, o, secret, secretlen, r);
	return 0;
}

/* See websign.h. */
void
websign_gwapi_dlr(const char *id, const char *status, int64_t userref,
    const char *error, const void *secret, size_t secretlen,
    struct websign_req *r)
{
	struct json_object *o = json_object_new_object();
	char		    ref[24];

	json_object_object_add(o, "id", json_id(id));
	json_object_object_add(o, "status", json_object_new_string(status));
	if (userref > 0) {
		snprintf(ref, sizeof(ref), "%lld", (long long)userref);
		json_object_object_add(
		    o, "userref", json_object_new_string(ref));
	}
	if (error != NULL)
		json_object_object_add(
		    o, "error", json_object_new_string(error));
	gwapi_sign(WEBSIGN_GWAPI_DLR, o, secret, secretlen, r);
}

/* See websign.h. */
void
websign_urlencode(const char *s, struct buf *out)
{
	static const char    hex[] = "0123456789ABCDEF";
	const unsigned char *p;

	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~", *p) != NULL)
			buf_putc(out, *p);
		else {
			buf_putc(out, '%');
			buf_putc(out, hex[*p >> 4]);
			buf_putc(out, hex[*p & 15]);
		}
	}
}

/* See websign.h. */
void
websign_twilio_signature(const char *url, const struct form *sorted,
    const void *token, size_t tokenlen, struct buf *out)
{
	struct buf    msg = { 0 };
	unsigned char mac[CRYPTO_SHA1_LEN];
	size_t	      i;

	buf_puts(&msg, url);
	for (i = 0; i < sorted->nfields; i++) {
		buf_puts(&msg, sorted->fields[i].name);
		buf_puts(&msg, sorted->fields[i].value);
	}
	crypto_hmac_sha1(token, tokenlen, msg.data, msg.len, mac);
	crypto_base64_encode(mac, sizeof(mac), out);
	buf_free(&msg);
}

/*
 * Make r a Twilio request to path (with query) carrying the n name/value
 * pairs of kv (NULL values skipped), signed for public_url + path.
 */
static void
twilio_sign(const char *public_url, const char *path, const char *const *kv,
    size_t n, const void *token, size_t tokenlen, struct websign_req *r)
{
	struct form f;
	struct buf  url = { 0 };
	size_t	    i;

	memset(r, 0, sizeof(*r));
	memset(&f, 0, sizeof(f));
	buf_puts(&r->path, path);
	r->content_type = CT_FORM;
	for (i = 0; i + 1 < n * 2; i += 2) {
		if (kv[i + 1] == NULL)
			continue;
		if (r->body.len > 0)
			buf_putc(&r->body, '&');
		websign_urlencode(kv[i], &r->body);
		buf_putc(&r->body, '=');
		websign_urlencode(kv[i + 1], &r->body);
	}
	if (form_parse(buf_str(&r->body), r->body.len, &f) != FORM_OK)
		fatalx("%s: cannot parse what we encoded", __func__);
	form_sort(&f);
	buf_append(&url, public_url,
	    strlen(public_url) -
		(public_url[0] && public_url[strlen(public_url) - 1] == '/'));
	buf_puts(&url, path);
	buf_puts(&r->header, "X-Twilio-Signature: ");
	websign_twilio_signature(
	    buf_str(&url), &f, token, tokenlen, &r->header);
	form_free(&f);
	buf_free(&url);
}

/* See websign.h. */
void
websign_twilio_sms(const char *public_url, const char *sid, const char *from,
    const char *to, const char *text, const void *token, size_t tokenlen,
    struct websign_req *r)
{
	const char *kv[] = { "MessageSid", sid, "SmsSid", sid, "AccountSid",
		"ACmentorlinksimulated", "From", from, "To", to, "Body", text,
		"NumMedia", "0" };

	twilio_sign(public_url, WEBSIGN_TWILIO_SMS, kv, 7, token, tokenlen, r);
}

/* See websign.h. */
void
websign_twilio_status(const char *public_url, const char *sid,
    const char *status, const char *error_code, int64_t ref, const void *token,
    size_t tokenlen, struct websign_req *r)
{
	const char *kv[] = { "MessageSid", sid, "SmsSid", sid, "MessageStatus",
		status, "ErrorCode", error_code };
	char	    path[96];

	if (ref > 0)
		snprintf(path, sizeof(path), "%s?ref=%lld",
		    WEBSIGN_TWILIO_STATUS, (long long)ref);
	else
		snprintf(path, sizeof(path), "%s", WEBSIGN_TWILIO_STATUS);
	twilio_sign(public_url, path, kv, 4, token, tokenlen, r);
}

/* libcurl write callback: the daemon's short answer is not needed. */
static size_t
reply_discard(char *p, size_t size, size_t n, void *arg)
{
	(void)p;
	(void)arg;
	return size * n;
}

/* See websign.h. */
long
websign_post(const char *base, const struct websign_req *r, int with_signature,
    long timeout)
{
	CURL		  *c;
	struct curl_slist *h = NULL;
	struct buf	   url = { 0 }, ct = { 0 };
	long		   status = 0;

	if ((c = curl_easy_init()) == NULL)
		return 0;
	buf_printf(&url, "%s%s", base, buf_str(&r->path));
	buf_printf(&ct, "Content-Type: %s", r->content_type);
	h = curl_slist_append(h, buf_str(&ct));
	if (with_signature)
		h = curl_slist_append(h, buf_str(&r->header));
	curl_easy_setopt(c, CURLOPT_URL, buf_str(&url));
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_POSTFIELDS, buf_str(&r->body));
	curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)r->body.len);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, timeout);
	curl_easy_setopt(c, CURLOPT_NOPROXY, "*");
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, reply_discard);
	if (curl_easy_perform(c) == CURLE_OK)
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	curl_slist_free_all(h);
	curl_easy_cleanup(c);
	buf_free(&url);
	buf_free(&ct);
	return status;
}
