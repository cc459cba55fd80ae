/*
 * sms_gatewayapi.c - GatewayAPI's keys and client-side webhooks.  See
 * sms_gatewayapi.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "buf.h"
#include "config.h"
#include "config_key.h"
#include "crypto.h"
#include "jwt.h"
#include "phone.h"
#include "sms_gatewayapi.h"
#include "sms_provider.h"

#define CT_JSON "application/json"

#define GOFF(f) offsetof(struct gatewayapi_config, f)

static const struct config_key gatewayapi_keys[] = {
	{ "gatewayapi", "base_url", KT_URL, GOFF(base_url), 0, 0, 0, NULL,
	    "https://gatewayapi.eu", 0 },
	{ "gatewayapi", "token_file", KT_PATH, GOFF(token_file), 0, 0, 0, NULL,
	    "gatewayapi.token", KEY_PRIVATE },
	{ "gatewayapi", "webhook_secret_file", KT_PATH,
	    GOFF(webhook_secret_file), 0, 0, 0, NULL,
	    "gatewayapi-webhook.secret", KEY_PRIVATE },
	{ "gatewayapi", "callback_url", KT_URL, GOFF(callback_url), 0, 0, 0,
	    NULL, NULL, 0 },
};

static const struct config_table gatewayapi_table = { gatewayapi_keys,
	sizeof(gatewayapi_keys) / sizeof(gatewayapi_keys[0]),
	sizeof(struct gatewayapi_config), NULL };

const struct sms_provider	 sms_provider_gatewayapi = { "gatewayapi",
	       &gatewayapi_table, gatewayapi_simulate_mo };

const struct gatewayapi_config *
gatewayapi_config(const struct config *cfg)
{
	return config_table_data(cfg, &gatewayapi_table);
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

/* See sms_gatewayapi.h. */
void
gatewayapi_sign_raw(const char *path, const char *json, size_t len,
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
gatewayapi_sign(const char *path, struct json_object *o, const void *secret,
    size_t secretlen, struct websign_req *r)
{
	const char *s;

	s = json_object_to_json_string_ext(
	    o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);
	gatewayapi_sign_raw(path, s, strlen(s), secret, secretlen, r);
	json_object_put(o);
}

/* See sms_gatewayapi.h. */
int
gatewayapi_sign_mo(const char *id, const char *from, const char *to,
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
	gatewayapi_sign(GATEWAYAPI_PATH_MO, o, secret, secretlen, r);
	return 0;
}

/* See sms_gatewayapi.h. */
void
gatewayapi_sign_dlr(const char *id, const char *status, int64_t userref,
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
	gatewayapi_sign(GATEWAYAPI_PATH_DLR, o, secret, secretlen, r);
}

/* See sms_gatewayapi.h. */
int
gatewayapi_simulate_mo(const struct config *cfg, const char *from,
    const char *to, const char *text, struct websign_req *r, char *err,
    size_t errlen)
{
	const struct gatewayapi_config *g = gatewayapi_config(cfg);
	struct buf			secret = { 0 };
	char				id[40], why[CONFIG_ERR_MAX];
	int				rv = -1;

	memset(r, 0, sizeof(*r));
	if (g->webhook_secret_file == NULL ||
	    config_read_secret(g->webhook_secret_file, GATEWAYAPI_SECRET_ENV,
		&secret, why, sizeof(why)) == -1) {
		snprintf(err, errlen, "[gatewayapi] webhook_secret_file: %s",
		    g->webhook_secret_file ? why : "not configured");
		return -1;
	}
	if (to != NULL && to[0] != '+')
		to = NULL;
	if (crypto_random_digits(id, 15) == 0)
		rv = gatewayapi_sign_mo(
		    id, from, to, text, secret.data, secret.len, r);
	buf_free(&secret);
	if (rv == -1)
		snprintf(err, errlen, "cannot build the webhook");
	return rv;
}
