/*
 * gatewayapi.c - GatewayAPI's REST API: POST {base_url}/rest/mtsms with
 * a JSON body, "Authorization: Token ...", our outbox id as userref.
 * See ../shared/reference/sms-providers.md section 1.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "buf.h"
#include "config.h"
#include "log.h"
#include "phone.h"
#include "provider.h"
#include "store_outbox.h"

#define GWAPI_TOKEN_ENV	"GATEWAYAPI_TOKEN"
#define GWAPI_BATCH_MAX	50	/* message objects per request */

struct gwapi_ctx {
	char			*url;		/* {base_url}/rest/mtsms */
	char			 sender[PHONE_MAX];	/* digits */
	char			*callback_url;	/* or NULL */
	struct curl_slist	*headers;	/* holds the token */
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
	{ "0x0312", SEND_PERMANENT, "filtered on content" },
	{ NULL, 0, NULL }
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
	{ "SKIPPED", SEND_RETRY, "skipped by network rules" },
	{ NULL, 0, NULL }
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
	struct gwapi_ctx	*ctx;
	struct buf		 tok = { 0 }, b = { 0 };
	const char		*base = cfg->gwapi_base_url;
	size_t			 n = strlen(base);

	if (config_read_secret(cfg->gwapi_token_file, GWAPI_TOKEN_ENV, &tok,
	    err, errlen) == -1)
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
	if (cfg->gwapi_callback_url != NULL &&
	    (ctx->callback_url = strdup(cfg->gwapi_callback_url)) == NULL)
		fatal("strdup");
	buf_printf(&b, "Authorization: Token %s", buf_str(&tok));
	ctx->headers = curl_slist_append(NULL, buf_str(&b));
	ctx->headers = curl_slist_append(ctx->headers,
	    "Content-Type: application/json");
	ctx->headers = curl_slist_append(ctx->headers,
	    "Accept: application/json");
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
	struct gwapi_ctx	*ctx = p;
	struct curl_slist	*l;

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
	struct gwapi_ctx	*ctx = p;

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
	struct json_object	*o, *rcpts, *r;
	char			 msisdn[PHONE_MAX], ref[24];

	if (phone_format(c->recipient, PHONE_STYLE_DIGITS, msisdn,
	    sizeof(msisdn)) == -1)
		return NULL;
	snprintf(ref, sizeof(ref), "%lld", (long long)c->id);
	o = json_object_new_object();
	rcpts = json_object_new_array();
	r = json_object_new_object();
	json_object_object_add(r, "msisdn",
	    json_object_new_int64(strtoll(msisdn, NULL, 10)));
	json_object_array_add(rcpts, r);
	if (ctx->sender[0] != '\0')
		json_object_object_add(o, "sender",
		    json_object_new_string(ctx->sender));
	json_object_object_add(o, "message", json_object_new_string(c->body));
	json_object_object_add(o, "recipients", rcpts);
	json_object_object_add(o, "userref", json_object_new_string(ref));
	json_object_object_add(o, "encoding", json_object_new_string(
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
	struct gwapi_ctx	*ctx = p;
	struct json_object	*body = NULL, *m;
	size_t			 i;

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
	buf_puts(&req->body, json_object_to_json_string_ext(body,
	    JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(body);
	return 0;
}

/* Refine res from an error body's "code" (and a 409's "id"). */
static void
gwapi_error(struct json_object *o, long status, struct send_result *res)
{
	const struct provider_code	*pc;
	struct json_object		*v;

	if (o != NULL && json_object_object_get_ex(o, "code", &v) &&
	    json_object_is_type(v, json_type_string)) {
		if ((pc = provider_code_find(gwapi_codes,
		    json_object_get_string(v))) != NULL && status != 409) {
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
	struct json_object	*o, *v;
	size_t			 i;

	provider_classify_status(status, &res[0]);
	o = provider_json_object(body, len);
	if (status >= 200 && status <= 299) {
		if (o == NULL || !json_object_object_get_ex(o, "ids", &v) ||
		    !json_object_is_type(v, json_type_array) ||
		    json_object_array_length(v) != n)
			provider_unconfirmed(status, o == NULL ?
			    "answer not readable" : "without message ids", res,
			    n);
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
};
