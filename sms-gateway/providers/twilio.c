/*
 * twilio.c - owns everything of Twilio.  Sending: Programmable
 * Messaging, form POST to {base_url}/2010-04-01/Accounts/{sid}/
 * Messages.json with HTTP Basic authentication.  Twilio has no reference
 * field, so our outbox id rides in the StatusCallback URL
 * ({public_url}/webhooks/twilio/status?ref=ID), which Twilio's signature
 * covers.  Receiving: incoming texts and status callbacks as forms;
 * X-Twilio-Signature is base64 HMAC-SHA1 over public URL + path (+
 * query) + the sorted parameters.  See sms-providers.md section 2.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "buf.h"
#include "config.h"
#include "crypto.h"
#include "formparse.h"
#include "log.h"
#include "provider.h"
#include "sms_twilio.h"
#include "store_outbox.h"
#include "twilio.h"

#define TWILIO_TOKEN_ENV "TWILIO_AUTH_TOKEN"

struct twilio_ctx {
	char *url; /* .../Messages.json */
	char *sid;
	char *token;
	char *from;	  /* E.164 */
	char *status_url; /* {public_url}/webhooks/twilio/status or NULL */
	CURL *esc;	  /* for curl_easy_escape */
	struct curl_slist *headers;
};

/*
 * API error codes (sms-providers.md 2.3).  The account's own problems
 * pause every send; the recipient's are permanent.
 */
static const struct provider_code twilio_codes[] = {
	{ "20003", SEND_ACCOUNT, "authentication failed" },
	{ "20429", SEND_RETRY, "too many concurrent requests" },
	{ "21211", SEND_PERMANENT, "invalid To number" },
	{ "21408", SEND_PERMANENT, "region not enabled" },
	{ "21606", SEND_ACCOUNT, "From number cannot send SMS" },
	{ "21608", SEND_PERMANENT, "unverified recipient (trial)" },
	{ "21610", SEND_PERMANENT, "recipient unsubscribed (STOP)" },
	{ "21612", SEND_PERMANENT, "To number unroutable" },
	{ "21614", SEND_PERMANENT, "To number cannot receive SMS" },
	{ "21635", SEND_PERMANENT, "To number is a landline" },
	{ "30003", SEND_RETRY, "unreachable handset" },
	{ "30005", SEND_PERMANENT, "unknown handset" },
	{ "30006", SEND_PERMANENT, "landline or unreachable carrier" },
	{ "30007", SEND_PERMANENT, "filtered by carrier" },
	{ "30008", SEND_RETRY, "unknown error" }, { NULL, 0, NULL }
};

/*
 * Status callbacks (sms-providers.md 2.3, 2.5): a cancelled message and
 * the ErrorCodes of a phone that was unreachable, a queue or a carrier
 * fault are temporary failures: the number is not to blame.  30005
 * (unknown handset) and 30006 (landline) count against it.
 */
static const struct provider_code twilio_report_words[] = {
	{ "canceled", SEND_RETRY, "cancelled" }, { NULL, 0, NULL }
};

static const struct provider_code twilio_report_codes[] = {
	{ "30001", SEND_RETRY, "queue overflow" },
	{ "30003", SEND_RETRY, "unreachable handset" },
	{ "30008", SEND_RETRY, "unknown error" },
	{ "30005", SEND_PERMANENT, "unknown handset" },
	{ "30006", SEND_PERMANENT, "landline or unreachable carrier" },
	{ NULL, 0, NULL }
};

/* Copy s without trailing slashes into a new string. */
static char *
strip_slash(const char *s)
{
	struct buf b = { 0 };
	size_t	   n = strlen(s);

	while (n > 0 && s[n - 1] == '/')
		n--;
	buf_append(&b, s, n);
	buf_putc(&b, '\0');
	b.len--;
	return buf_take(&b);
}

static void
twilio_free(void *p)
{
	struct twilio_ctx *ctx = p;

	if (ctx == NULL)
		return;
	if (ctx->token != NULL)
		explicit_bzero(ctx->token, strlen(ctx->token));
	free(ctx->token);
	free(ctx->url);
	free(ctx->sid);
	free(ctx->from);
	free(ctx->status_url);
	if (ctx->esc != NULL)
		curl_easy_cleanup(ctx->esc);
	curl_slist_free_all(ctx->headers);
	free(ctx);
}

static int
twilio_init(void **ctxp, const struct config *cfg, char *err, size_t errlen)
{
	const struct twilio_config *t = twilio_config(cfg);
	struct twilio_ctx	   *ctx;
	struct buf		    tok = { 0 }, b = { 0 };
	char			   *base;

	if (t->account_sid == NULL) {
		snprintf(err, errlen, "[twilio] account_sid is not set");
		return -1;
	}
	if (config_read_secret(
		t->auth_token_file, TWILIO_TOKEN_ENV, &tok, err, errlen) == -1)
		return -1;
	if ((ctx = calloc(1, sizeof(*ctx))) == NULL)
		fatal("calloc");
	ctx->token = buf_take(&tok);
	ctx->sid = strdup(t->account_sid);
	ctx->from = strdup(cfg->sms_sender);
	if (ctx->sid == NULL || ctx->from == NULL)
		fatal("strdup");
	base = strip_slash(t->base_url);
	buf_printf(
	    &b, "%s/2010-04-01/Accounts/%s/Messages.json", base, ctx->sid);
	free(base);
	ctx->url = buf_take(&b);
	if (t->public_url != NULL) {
		base = strip_slash(t->public_url);
		buf_printf(&b, "%s%s", base, TWILIO_PATH_STATUS);
		free(base);
		ctx->status_url = buf_take(&b);
	}
	if ((ctx->esc = curl_easy_init()) == NULL)
		fatalx("curl_easy_init");
	ctx->headers = curl_slist_append(NULL, "Accept: application/json");
	*ctxp = ctx;
	return 0;
}

static void
twilio_prepare(void *p, CURL *easy)
{
	struct twilio_ctx *ctx = p;

	curl_easy_setopt(easy, CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC);
	curl_easy_setopt(easy, CURLOPT_USERNAME, ctx->sid);
	curl_easy_setopt(easy, CURLOPT_PASSWORD, ctx->token);
	curl_easy_setopt(easy, CURLOPT_HTTPHEADER, ctx->headers);
}

/*
 * Append "&name=value" (form-encoded) to b.
 */
static void
form_add(
    struct twilio_ctx *ctx, struct buf *b, const char *name, const char *value)
{
	char *v;

	if ((v = curl_easy_escape(ctx->esc, value, 0)) == NULL)
		fatalx("curl_easy_escape");
	buf_printf(b, "%s%s=%s", b->len > 0 ? "&" : "", name, v);
	curl_free(v);
}

/* One message per request: Twilio has no batch send. */
static int
twilio_build(void *p, const struct outbox_claim *c, size_t n,
    struct provider_request *req, struct send_result *res)
{
	struct twilio_ctx *ctx = p;
	struct buf	   cb = { 0 };

	form_add(ctx, &req->body, "To", c->recipient);
	form_add(ctx, &req->body, "From", ctx->from);
	form_add(ctx, &req->body, "Body", c->body);
	if (ctx->status_url != NULL) {
		buf_printf(
		    &cb, "%s?ref=%lld", ctx->status_url, (long long)c->id);
		form_add(ctx, &req->body, "StatusCallback", buf_str(&cb));
		buf_free(&cb);
	}
	buf_puts(&req->url, ctx->url);
	return 0;
}

/*
 * The error code of a Twilio body, as text ("21610"), into out; "" if
 * none.  Both {"code": N} and {"error_code": N} are read.
 */
static void
twilio_code(struct json_object *o, char *out, size_t len)
{
	struct json_object *v;

	out[0] = '\0';
	if (o == NULL)
		return;
	if ((json_object_object_get_ex(o, "code", &v) ||
		json_object_object_get_ex(o, "error_code", &v)) &&
	    !json_object_is_type(v, json_type_null))
		snprintf(out, len, "%s", json_object_get_string(v));
}

/*
 * 201 (or 200) with a sid: accepted, unless the status already says
 * failed.  A 2xx without a sid (HTML from a proxy, a changed API, a
 * cut-off body) is accepted, unconfirmed: Twilio has the message.  An
 * error body's code refines the class.
 */
static void
twilio_parse(void *p, long status, const char *body, size_t len, size_t n,
    struct send_result *res)
{
	struct json_object	   *o, *v;
	const struct provider_code *pc;
	char			    code[16];

	provider_classify_status(status, res);
	o = provider_json_object(body, len);
	twilio_code(o, code, sizeof(code));
	if (res->cls == SEND_ACCEPTED && status != 409) {
		if (o == NULL || !json_object_object_get_ex(o, "sid", &v) ||
		    !json_object_is_type(v, json_type_string))
			provider_unconfirmed(status,
			    o == NULL ? "answer not readable"
				      : "without a message sid",
			    res, 1);
		else if (json_object_object_get_ex(o, "status", &v) &&
		    strcmp(json_object_get_string(v), "failed") == 0)
			res->cls = SEND_RETRY; /* it says: not sent */
		else if (json_object_object_get_ex(o, "sid", &v))
			snprintf(res->provider_id, sizeof(res->provider_id),
			    "%s", json_object_get_string(v));
	}
	if (res->cls != SEND_ACCEPTED && code[0] != '\0') {
		if ((pc = provider_code_find(twilio_codes, code)) != NULL) {
			res->cls = pc->cls;
			snprintf(res->reason, sizeof(res->reason),
			    "http %ld %s %s", status, pc->code, pc->what);
		} else
			snprintf(res->reason, sizeof(res->reason),
			    "http %ld code %.16s", status, code);
	}
	if (o != NULL)
		json_object_put(o);
}

/* --- receiving ------------------------------------------------------- */

static const struct webhook_field twilio_sms_fields[] = {
	{ "MessageSid", FT_ID, 1, WEBHOOK_EV(provider_id) },
	{ "From", FT_PHONE, 1, WEBHOOK_EV(sender) },
	{ "To", FT_PHONE, 0, WEBHOOK_EV(receiver) },
	{ "Body", FT_TEXT, 0, WEBHOOK_NOWHERE },
	{ NULL, FT__MAX, 0, WEBHOOK_NOWHERE }
};

static const struct webhook_field twilio_status_fields[] = {
	{ "MessageSid", FT_ID, 1, WEBHOOK_EV(provider_id) },
	{ "MessageStatus", FT_STATUS, 1, WEBHOOK_EV(status) },
	{ "ErrorCode", FT_CODE, 0, WEBHOOK_EV(code) },
	{ NULL, FT__MAX, 0, WEBHOOK_NOWHERE }
};

#define TWILIO_FORM "application/x-www-form-urlencoded"

/* An incoming text is answered with empty TwiML: no reply from Twilio. */
const struct webhook_route twilio_hooks[] = {
	{ TWILIO_PATH_SMS, "twilio", TWILIO_FORM, "X-Twilio-Signature", 0,
	    twilio_sms_fields, "text/xml",
	    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
	    "<Response></Response>" },
	{ TWILIO_PATH_STATUS, "twilio", TWILIO_FORM, "X-Twilio-Signature", 1,
	    twilio_status_fields, NULL, NULL },
	{ NULL, NULL, NULL, NULL, 0, NULL, NULL, NULL }
};

/* Delivery status words that are final (sms-providers.md 2.5). */
static const struct provider_word twilio_status_words[] = { { "delivered",
								"delivered" },
	{ "read", "delivered" }, { "undelivered", "failed" },
	{ "failed", "failed" }, { "canceled", "failed" }, { NULL, NULL } };

/* What checking Twilio's signatures takes. */
struct twilio_hook_ctx {
	struct buf  token;
	const char *public_url; /* [twilio] public_url */
};

/*
 * The auth token and the public URL.  Missing, they refuse Twilio's
 * webhooks (401); that is fatal only when we send with Twilio.
 */
static int
twilio_hook_open(
    void **ctxp, const struct config *cfg, int sends, enum hook_mode mode)
{
	const struct twilio_config *t = twilio_config(cfg);
	struct twilio_hook_ctx	   *hc;
	char			    err[CONFIG_ERR_MAX] = "no auth token file";

	*ctxp = NULL;
	if ((hc = calloc(1, sizeof(*hc))) == NULL)
		fatal("calloc");
	hc->public_url = t->public_url;
	if (t->auth_token_file == NULL ||
	    config_read_secret(t->auth_token_file, TWILIO_WEBHOOK_TOKEN_ENV,
		&hc->token, err, sizeof(err)) == -1) {
		buf_free(&hc->token);
		if (sends) {
			log_warnx("listener: Twilio webhooks refused: %s", err);
			free(hc);
			return -1;
		}
	}
	if (sends && hc->public_url == NULL) {
		log_warnx("listener: [twilio] public_url is needed to check "
			  "Twilio's signatures");
		buf_free(&hc->token);
		free(hc);
		return -1;
	}
	*ctxp = hc;
	return 0;
}

static void
twilio_hook_close(void *p)
{
	struct twilio_hook_ctx *hc = p;

	if (hc == NULL)
		return;
	buf_free(&hc->token);
	free(hc);
}

/*
 * Write url with its default port toggled into out: an https:// (or
 * http://) URL without a port gets :443 (:80), one with the default port
 * loses it.  Returns 0, or -1 when there is nothing to toggle.
 */
static int
toggle_port(const char *url, struct buf *out)
{
	const char *host, *end, *colon, *port;
	size_t	    hostlen;

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
	struct buf sig = { 0 };
	int	   ok;

	twilio_signature(url, sorted, token, tokenlen, &sig);
	ok = sig.len == strlen(header) &&
	    crypto_equal(sig.data, header, sig.len);
	buf_free(&sig);
	return ok;
}

enum webhook_err
twilio_webhook_verify(const char *header, const char *public_url,
    const char *uri, const struct form *sorted, const void *token,
    size_t tokenlen)
{
	struct buf url = { 0 }, alt = { 0 };
	size_t	   n;
	int	   ok;

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

enum webhook_err
twilio_webhook_parse(const struct webhook_route *h, const struct form *form,
    const struct form *query, struct webhook_event *ev)
{
	enum webhook_err e;
	const char	*ref;

	if ((e = webhook_read_form(h, form, ev)) != WEBHOOK_OK)
		return e;
	if (h->is_report && query != NULL &&
	    (ref = form_get(query, "ref")) != NULL)
		ev->reference = webhook_parse_ref(ref, strlen(ref));
	webhook_finish(h, ev);
	return WEBHOOK_OK;
}

/* The query string of uri parsed as a form (empty when none). */
static void
parse_query(const char *uri, struct form *out)
{
	const char *q = strchr(uri, '?');

	memset(out, 0, sizeof(*out));
	if (q != NULL && form_parse(q + 1, strlen(q + 1), out) != FORM_OK)
		memset(out, 0, sizeof(*out));
}

/* The form, then its signature, then the fields. */
static enum webhook_err
twilio_hook_read(void *p, const struct webhook_route *h,
    const struct webhook_request *rq, struct webhook_event *ev)
{
	struct twilio_hook_ctx *hc = p;
	struct form		form, query;
	enum webhook_err	e;

	if (rq->signature == NULL || rq->signature[0] == '\0' || hc == NULL ||
	    hc->token.len == 0 || hc->public_url == NULL)
		return WEBHOOK_UNSIGNED;
	if (form_parse(rq->body, rq->len, &form) != FORM_OK)
		return WEBHOOK_MALFORMED;
	form_sort(&form);
	e = twilio_webhook_verify(rq->signature, hc->public_url, rq->uri, &form,
	    hc->token.data, hc->token.len);
	if (e == WEBHOOK_OK) {
		parse_query(rq->uri, &query);
		e = twilio_webhook_parse(h, &form, &query, ev);
		form_free(&query);
	}
	form_free(&form);
	return e;
}

const struct provider provider_twilio = {
	.name = "twilio",
	.http = 1,
	.max_batch = 1,
	.init = twilio_init,
	.free = twilio_free,
	.prepare = twilio_prepare,
	.build = twilio_build,
	.parse = twilio_parse,
	.report_words = twilio_report_words,
	.report_codes = twilio_report_codes,
	.status_words = twilio_status_words,
	.hooks = twilio_hooks,
	.hook_open = twilio_hook_open,
	.hook_close = twilio_hook_close,
	.hook_read = twilio_hook_read,
};
