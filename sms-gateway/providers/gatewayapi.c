/*
 * gatewayapi.c - owns everything of GatewayAPI.  Sending: its REST API,
 * POST {base_url}/rest/mtsms with a JSON body, "Authorization: Token
 * ...", our outbox id as userref.  Receiving: incoming texts (MO) and
 * delivery reports (DLR) as JSON, signed with a JWT (HS256) in
 * X-Gwapi-Signature whose payload must be the same event.  See
 * ../shared/reference/sms-providers.md section 1.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <json-c/json.h>

#include "buf.h"
#include "config.h"
#include "crypto.h"
#include "gatewayapi.h"
#include "jwt.h"
#include "log.h"
#include "phone.h"
#include "provider.h"
#include "sms_gatewayapi.h"
#include "store_outbox.h"

#define GWAPI_TOKEN_ENV "GATEWAYAPI_TOKEN"
#define GWAPI_BATCH_MAX 50 /* message objects per request */

struct gwapi_ctx {
	char		  *url;		      /* {base_url}/rest/mtsms */
	char		   sender[PHONE_MAX]; /* digits */
	char		  *callback_url;      /* or NULL */
	struct curl_slist *headers;	      /* holds the token */
};

/*
 * Error codes from docs/errors.rst.  Account and credential problems
 * pause every send (an operator fixes them; the messages are not at
 * fault and wait); problems with the recipient or the text are
 * permanent.
 */
static const struct provider_code gwapi_codes[] = {
	{ "0x0210", SEND_ACCOUNT, "invalid username" },
	{ "0x0211", SEND_ACCOUNT, "invalid password" },
	{ "0x0213", SEND_ACCOUNT, "unauthorised IP address" },
	{ "0x0214", SEND_RETRY, "recipient temporarily blacklisted" },
	{ "0x0215", SEND_PERMANENT, "recipient blacklisted" },
	{ "0x0216", SEND_ACCOUNT, "insufficient credit" },
	{ "0x0217", SEND_PERMANENT, "destination country not allowed" },
	{ "0x0218", SEND_PERMANENT, "unknown message class" },
	{ "0x021D", SEND_ACCOUNT, "SMS not enabled for the account" },
	{ "0x0220", SEND_PERMANENT, "unsupported parameter" },
	{ "0x0222", SEND_PERMANENT, "missing parameter" },
	{ "0x0223", SEND_ACCOUNT, "token problem" },
	{ "0x0224", SEND_ACCOUNT, "token problem" },
	{ "0x0225", SEND_ACCOUNT, "token problem" },
	{ "0x0226", SEND_ACCOUNT, "token problem" },
	{ "0x0229", SEND_ACCOUNT, "invalid token" },
	{ "0x022A", SEND_ACCOUNT, "account frozen" },
	{ "0x0310", SEND_PERMANENT, "same recipient twice" },
	{ "0x0312", SEND_PERMANENT, "filtered on content" }, { NULL, 0, NULL }
};

/*
 * Delivery reports (docs/rest.rst "States"; docs/errors.rst "SMS
 * Errors").  A failed message whose report says the phone was off or
 * unreachable, a network or system fault, or that the validity ran out,
 * is a temporary failure: the number is not to blame.  Codes not listed
 * (unknown subscriber, barred, illegal equipment ...) count against it.
 */
static const struct provider_code gwapi_report_words[] = {
	{ "EXPIRED", SEND_RETRY, "validity ran out" },
	{ "DELETED", SEND_RETRY, "cancelled" },
	{ "SKIPPED", SEND_RETRY, "skipped by network rules" }, { NULL, 0, NULL }
};

static const struct provider_code gwapi_report_codes[] = {
	{ "0x1013", SEND_RETRY, "absent subscriber" },
	{ "0x1015", SEND_RETRY, "HLR system failure" },
	{ "0x1018", SEND_RETRY, "memory capacity exceeded" },
	{ "0x1019", SEND_RETRY, "subscriber not reachable" },
	{ "0x101A", SEND_RETRY, "VLR system failure" },
	{ "0x101B", SEND_RETRY, "HLR internal error" },
	{ "0x1021", SEND_RETRY, "absent subscriber, IMSI detached" },
	{ "0x1022", SEND_RETRY, "absent subscriber, no page response" },
	{ "0x1023", SEND_RETRY, "subscriber busy" },
	{ "0x1027", SEND_RETRY, "MSC system failure" },
	{ "0x102A", SEND_RETRY, "memory capacity exceeded" },
	{ "0x102E", SEND_RETRY, "MSC internal error" },
	{ "0x1037", SEND_RETRY, "quota exceeded" },
	{ "0x1042", SEND_RETRY, "SMSC system failure" },
	{ "0x1047", SEND_RETRY, "service centre congestion" },
	{ "0x104A", SEND_RETRY, "SMSC internal error" },
	{ "0x1050", SEND_RETRY, "internal routing error" },
	{ "0x106A", SEND_RETRY, "receiver temporary error" },
	{ "0x1080", SEND_RETRY, "message queue full" },
	{ "0x1090", SEND_RETRY, "internal error" },
	{ "0x1091", SEND_RETRY, "network time-out" },
	{ "0x1092", SEND_RETRY, "insufficient funds" },
	{ "0x1010", SEND_PERMANENT, "unknown subscriber" },
	{ "0x1011", SEND_PERMANENT, "call barred" },
	{ "0x1020", SEND_PERMANENT, "unidentified subscriber" },
	{ "0x102C", SEND_PERMANENT, "not short message equipped" },
	{ "0x1084", SEND_PERMANENT, "invalid mobile subscriber" },
	{ NULL, 0, NULL }
};

/*
 * Read the token and build the URL and the shared headers.
 */
static int
gwapi_init(void **ctxp, const struct config *cfg, char *err, size_t errlen)
{
	struct gwapi_ctx	       *ctx;
	struct buf			tok = { 0 }, b = { 0 };
	const struct gatewayapi_config *g = gatewayapi_config(cfg);
	const char		       *base = g->base_url;
	size_t				n = strlen(base);

	if (config_read_secret(
		g->token_file, GWAPI_TOKEN_ENV, &tok, err, errlen) == -1)
		return -1;
	if ((ctx = calloc(1, sizeof(*ctx))) == NULL)
		fatal("calloc");
	while (n > 0 && base[n - 1] == '/')
		n--;
	buf_printf(&b, "%.*s/rest/mtsms", (int)n, base);
	ctx->url = buf_take(&b);
	if (phone_format(cfg->sms_sender, PHONE_STYLE_DIGITS, ctx->sender,
		sizeof(ctx->sender)) == -1)
		ctx->sender[0] = '\0';
	if (g->callback_url != NULL &&
	    (ctx->callback_url = strdup(g->callback_url)) == NULL)
		fatal("strdup");
	buf_printf(&b, "Authorization: Token %s", buf_str(&tok));
	ctx->headers = curl_slist_append(NULL, buf_str(&b));
	ctx->headers =
	    curl_slist_append(ctx->headers, "Content-Type: application/json");
	ctx->headers =
	    curl_slist_append(ctx->headers, "Accept: application/json");
	buf_free(&b);
	buf_free(&tok);
	if (ctx->headers == NULL)
		fatalx("curl_slist_append");
	*ctxp = ctx;
	return 0;
}

static void
gwapi_free(void *p)
{
	struct gwapi_ctx  *ctx = p;
	struct curl_slist *l;

	if (ctx == NULL)
		return;
	for (l = ctx->headers; l != NULL; l = l->next)
		explicit_bzero(l->data, strlen(l->data));
	curl_slist_free_all(ctx->headers);
	free(ctx->url);
	free(ctx->callback_url);
	free(ctx);
}

static void
gwapi_prepare(void *p, CURL *easy)
{
	struct gwapi_ctx *ctx = p;

	curl_easy_setopt(easy, CURLOPT_HTTPHEADER, ctx->headers);
}

/*
 * The message object for claim c: sender, message, one recipient as an
 * integer MSISDN, userref = our id, encoding, callback_url.  NULL when
 * the recipient cannot be written as an MSISDN.
 */
static struct json_object *
gwapi_message(struct gwapi_ctx *ctx, const struct outbox_claim *c)
{
	struct json_object *o, *rcpts, *r;
	char		    msisdn[PHONE_MAX], ref[24];

	if (phone_format(
		c->recipient, PHONE_STYLE_DIGITS, msisdn, sizeof(msisdn)) == -1)
		return NULL;
	snprintf(ref, sizeof(ref), "%lld", (long long)c->id);
	o = json_object_new_object();
	rcpts = json_object_new_array();
	r = json_object_new_object();
	json_object_object_add(
	    r, "msisdn", json_object_new_int64(strtoll(msisdn, NULL, 10)));
	json_object_array_add(rcpts, r);
	if (ctx->sender[0] != '\0')
		json_object_object_add(
		    o, "sender", json_object_new_string(ctx->sender));
	json_object_object_add(o, "message", json_object_new_string(c->body));
	json_object_object_add(o, "recipients", rcpts);
	json_object_object_add(o, "userref", json_object_new_string(ref));
	json_object_object_add(o, "encoding",
	    json_object_new_string(
		strcmp(c->encoding, "UCS-2") == 0 ? "UCS2" : "UTF8"));
	if (ctx->callback_url != NULL)
		json_object_object_add(o, "callback_url",
		    json_object_new_string(ctx->callback_url));
	return o;
}

/*
 * One message: a JSON object.  Several: a JSON array of message objects
 * (the API's documented way to send many in one request).
 */
static int
gwapi_build(void *p, const struct outbox_claim *c, size_t n,
    struct provider_request *req, struct send_result *res)
{
	struct gwapi_ctx   *ctx = p;
	struct json_object *body = NULL, *m;
	size_t		    i;

	if (n > 1)
		body = json_object_new_array();
	for (i = 0; i < n; i++) {
		if ((m = gwapi_message(ctx, &c[i])) == NULL) {
			json_object_put(body);
			res[0].cls = SEND_PERMANENT;
			snprintf(res[0].reason, sizeof(res[0].reason),
			    "bad recipient");
			provider_result_all(res, n);
			return -1;
		}
		if (n == 1)
			body = m;
		else
			json_object_array_add(body, m);
	}
	buf_puts(&req->url, ctx->url);
	buf_puts(&req->body,
	    json_object_to_json_string_ext(
		body, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(body);
	return 0;
}

/* Refine res from an error body's "code" (and a 409's "id"). */
static void
gwapi_error(struct json_object *o, long status, struct send_result *res)
{
	const struct provider_code *pc;
	struct json_object	   *v;

	if (o != NULL && json_object_object_get_ex(o, "code", &v) &&
	    json_object_is_type(v, json_type_string)) {
		if ((pc = provider_code_find(
			 gwapi_codes, json_object_get_string(v))) != NULL &&
		    status != 409) {
			res->cls = pc->cls;
			snprintf(res->reason, sizeof(res->reason),
			    "http %ld %s %s", status, pc->code, pc->what);
		} else
			snprintf(res->reason, sizeof(res->reason),
			    "http %ld code %.16s", status,
			    json_object_get_string(v));
	}
	if (o != NULL && status == 409 &&
	    json_object_object_get_ex(o, "id", &v))
		snprintf(res->provider_id, sizeof(res->provider_id), "%s",
		    json_object_get_string(v));
}

/*
 * 200 with {"ids":[...]}, one id per message in order: each accepted
 * with its id.  A 2xx without exactly n ids (HTML from a proxy, a
 * changed API, a cut-off body) is still an acceptance, unconfirmed:
 * GatewayAPI has the messages, and sending them again would send them
 * twice.  An error body's "code" refines the class from the status.
 */
static void
gwapi_parse(void *p, long status, const char *body, size_t len, size_t n,
    struct send_result *res)
{
	struct json_object *o, *v;
	size_t		    i;

	provider_classify_status(status, &res[0]);
	o = provider_json_object(body, len);
	if (status >= 200 && status <= 299) {
		if (o == NULL || !json_object_object_get_ex(o, "ids", &v) ||
		    !json_object_is_type(v, json_type_array) ||
		    json_object_array_length(v) != n)
			provider_unconfirmed(status,
			    o == NULL ? "answer not readable"
				      : "without message ids",
			    res, n);
		else {
			provider_result_all(res, n);
			for (i = 0; i < n; i++)
				snprintf(res[i].provider_id,
				    sizeof(res[i].provider_id), "%s",
				    json_object_get_string(
					json_object_array_get_idx(v, i)));
		}
	} else {
		gwapi_error(o, status, &res[0]);
		provider_result_all(res, n);
	}
	if (o != NULL)
		json_object_put(o);
}

/* --- receiving ------------------------------------------------------- */

static const struct webhook_field gwapi_mo_fields[] = {
	{ "id", FT_ID, 1, WEBHOOK_EV(provider_id) },
	{ "msisdn", FT_MSISDN, 1, WEBHOOK_EV(sender) },
	{ "receiver", FT_MSISDN, 0, WEBHOOK_EV(receiver) },
	{ "message", FT_TEXT, 1, WEBHOOK_NOWHERE },
	{ NULL, FT__MAX, 0, WEBHOOK_NOWHERE }
};

static const struct webhook_field gwapi_dlr_fields[] = {
	{ "id", FT_ID, 1, WEBHOOK_EV(provider_id) },
	{ "status", FT_STATUS, 1, WEBHOOK_EV(status) },
	{ "userref", FT_REF, 0, WEBHOOK_NOWHERE },
	{ "error", FT_ERROR, 0, WEBHOOK_EV(error) },
	{ "code", FT_CODE, 0, WEBHOOK_EV(code) },
	{ NULL, FT__MAX, 0, WEBHOOK_NOWHERE }
};

const struct webhook_route gwapi_hooks[] = {
	{ GATEWAYAPI_PATH_MO, "gatewayapi", "application/json",
	    "X-Gwapi-Signature", 0, gwapi_mo_fields, NULL, NULL },
	{ GATEWAYAPI_PATH_DLR, "gatewayapi", "application/json",
	    "X-Gwapi-Signature", 1, gwapi_dlr_fields, NULL, NULL },
	{ NULL, NULL, NULL, NULL, 0, NULL, NULL, NULL }
};

/* Delivery status words that are final (sms-providers.md 1.4). */
static const struct provider_word gwapi_status_words[] = { { "DELIVERED",
							       "delivered" },
	{ "ACCEPTED", "delivered" }, { "EXPIRED", "failed" },
	{ "DELETED", "failed" }, { "UNDELIVERABLE", "failed" },
	{ "REJECTED", "failed" }, { "SKIPPED", "failed" }, { NULL, NULL } };

/*
 * 1 when the start makes a GatewayAPI webhook secret: with the file
 * provider (a first run, no account) when there is none, so `mentorctl
 * simulate-sms` can sign as GatewayAPI.
 */
static int
demo_secret_due(const struct config *cfg)
{
	const char *path = gatewayapi_config(cfg)->webhook_secret_file;

	return config_sends_with(cfg, "file") && path != NULL &&
	    access(path, F_OK) == -1;
}

/* Make the demo secret.  Returns 0, or -1 (logged). */
static int
make_demo_secret(const struct config *cfg)
{
	const char *path = gatewayapi_config(cfg)->webhook_secret_file;
	char	    hex[65];
	int	    fd;

	if (crypto_random_token(hex, sizeof(hex)) == -1)
		return -1;
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd == -1 || write(fd, hex, 64) != 64) {
		log_warn("listener: %s", path);
		if (fd != -1)
			close(fd);
		explicit_bzero(hex, sizeof(hex));
		return -1;
	}
	close(fd);
	explicit_bzero(hex, sizeof(hex));
	log_info("listener: made a GatewayAPI webhook secret for the file "
		 "provider (for mentorctl simulate-sms)");
	return 0;
}

/*
 * The webhook secret.  A missing one refuses GatewayAPI's webhooks
 * (401); it is fatal only when we send with GatewayAPI.  A demo secret
 * the start will make counts as there (the check).
 */
static int
gwapi_hook_open(
    void **ctxp, const struct config *cfg, int sends, enum hook_mode mode)
{
	const char *path = gatewayapi_config(cfg)->webhook_secret_file;
	struct buf *secret;
	char	    err[CONFIG_ERR_MAX] = "no secret file";

	*ctxp = NULL;
	if (demo_secret_due(cfg)) {
		if (mode == HOOK_CHECK)
			return 0;
		(void)make_demo_secret(cfg);
	}
	if ((secret = calloc(1, sizeof(*secret))) == NULL)
		fatal("calloc");
	if (path == NULL ||
	    config_read_secret(
		path, GATEWAYAPI_SECRET_ENV, secret, err, sizeof(err)) == -1) {
		buf_free(secret);
		free(secret);
		log_warnx("listener: GatewayAPI webhooks refused: %s", err);
		return sends ? -1 : 0;
	}
	*ctxp = secret;
	return 0;
}

static void
gwapi_hook_close(void *p)
{
	struct buf *secret = p;

	if (secret == NULL)
		return;
	buf_free(secret);
	free(secret);
}

enum webhook_err
gwapi_webhook_verify(const char *token, const void *secret, size_t secretlen,
    const struct webhook_event *ev, const char *body, size_t bodylen)
{
	struct buf	     payload = { 0 };
	struct webhook_event signed_ev;
	enum webhook_err     e = WEBHOOK_BADSIG;

	if (token == NULL || token[0] == '\0')
		return WEBHOOK_UNSIGNED;
	if (secret == NULL || secretlen == 0)
		return WEBHOOK_BADSIG;
	/* The payload is parsed below unless it is the (parsed) body. */
	if (jwt_verify_hs256_raw(
		token, strlen(token), secret, secretlen, &payload) != JWT_OK)
		goto out;
	/* The same bytes as the body: the same event, no second parse. */
	if (body != NULL && payload.len == bodylen &&
	    memcmp(payload.data, body, bodylen) == 0) {
		e = WEBHOOK_OK;
		goto out;
	}
	if (webhook_read_json(
		ev->hook, payload.data, payload.len, &signed_ev) != WEBHOOK_OK)
		goto out;
	if (webhook_same_event(ev, &signed_ev))
		e = WEBHOOK_OK;
	webhook_event_free(&signed_ev);
out:
	buf_free(&payload);
	return e;
}

/*
 * Verify only the token, whatever it carries: tells an unauthenticated
 * bad body (401) from an authenticated one (400).
 */
static enum webhook_err
gwapi_verify_token(const char *token, const void *secret, size_t secretlen)
{
	if (jwt_verify_hs256(token, strlen(token), secret, secretlen, NULL) !=
	    JWT_OK)
		return WEBHOOK_BADSIG;
	return WEBHOOK_OK;
}

/*
 * The JWT first (nothing unauthenticated reaches the body parser), then
 * the body, which must be the event the token signs.
 */
static enum webhook_err
gwapi_hook_read(void *p, const struct webhook_route *h,
    const struct webhook_request *rq, struct webhook_event *ev)
{
	struct buf	*secret = p;
	enum webhook_err e;

	if (rq->signature == NULL || rq->signature[0] == '\0' ||
	    secret == NULL || secret->len == 0)
		return WEBHOOK_UNSIGNED;
	e = webhook_read_json(h, rq->body, rq->len, ev);
	if (e != WEBHOOK_OK)
		return gwapi_verify_token(rq->signature, secret->data,
			   secret->len) == WEBHOOK_OK
		    ? e
		    : WEBHOOK_BADSIG;
	e = gwapi_webhook_verify(
	    rq->signature, secret->data, secret->len, ev, rq->body, rq->len);
	if (e != WEBHOOK_OK)
		webhook_event_free(ev);
	return e;
}

const struct provider provider_gatewayapi = {
	.name = "gatewayapi",
	.http = 1,
	.max_batch = GWAPI_BATCH_MAX,
	.init = gwapi_init,
	.free = gwapi_free,
	.prepare = gwapi_prepare,
	.build = gwapi_build,
	.parse = gwapi_parse,
	.report_words = gwapi_report_words,
	.report_codes = gwapi_report_codes,
	.status_words = gwapi_status_words,
	.hooks = gwapi_hooks,
	.hook_open = gwapi_hook_open,
	.hook_close = gwapi_hook_close,
	.hook_read = gwapi_hook_read,
};
