/*
 * sms_twilio.c - Twilio's keys and client-side webhooks.  See
 * sms_twilio.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "config.h"
#include "config_key.h"
#include "crypto.h"
#include "formparse.h"
#include "log.h"
#include "sms_provider.h"
#include "sms_twilio.h"

#define CT_FORM "application/x-www-form-urlencoded"

#define TOFF(f) offsetof(struct twilio_config, f)

static const struct config_key twilio_keys[] = {
	{ "twilio", "base_url", KT_URL, TOFF(base_url), 0, 0, 0, NULL,
	    "https://api.twilio.com", 0 },
	{ "twilio", "account_sid", KT_STR, TOFF(account_sid), 0, 0, 0, NULL,
	    NULL, 0 },
	{ "twilio", "auth_token_file", KT_PATH, TOFF(auth_token_file), 0, 0, 0,
	    NULL, "twilio.token", KEY_PRIVATE },
	{ "twilio", "public_url", KT_URL, TOFF(public_url), 0, 0, 0, NULL, NULL,
	    0 },
};

static const char *twilio_check(const struct config *, const void *);
static int twilio_simulate_mo(const struct config *, const char *, const char *,
    const char *, struct websign_req *, char *, size_t);

static const struct config_table twilio_table = { twilio_keys,
	sizeof(twilio_keys) / sizeof(twilio_keys[0]),
	sizeof(struct twilio_config), twilio_check };

const struct sms_provider sms_provider_twilio = { "twilio", &twilio_table,
	twilio_simulate_mo };

const struct twilio_config *
twilio_config(const struct config *cfg)
{
	return config_table_data(cfg, &twilio_table);
}

/* Sending with Twilio needs the account. */
static const char *
twilio_check(const struct config *cfg, const void *data)
{
	const struct twilio_config *t = data;

	if (config_sends_with(cfg, "twilio") && t->account_sid == NULL)
		return "[twilio] account_sid: required when "
		       "[sms] provider = twilio";
	return NULL;
}

/* See sms_twilio.h. */
void
twilio_signature(const char *url, const struct form *sorted, const void *token,
    size_t tokenlen, struct buf *out)
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
	twilio_signature(buf_str(&url), &f, token, tokenlen, &r->header);
	form_free(&f);
	buf_free(&url);
}

/* See sms_twilio.h. */
void
twilio_sign_sms(const char *public_url, const char *sid, const char *from,
    const char *to, const char *text, const void *token, size_t tokenlen,
    struct websign_req *r)
{
	const char *kv[] = { "MessageSid", sid, "SmsSid", sid, "AccountSid",
		"ACmentorlinksimulated", "From", from, "To", to, "Body", text,
		"NumMedia", "0" };

	twilio_sign(public_url, TWILIO_PATH_SMS, kv, 7, token, tokenlen, r);
}

/* See sms_twilio.h. */
void
twilio_sign_status(const char *public_url, const char *sid, const char *status,
    const char *error_code, int64_t ref, const void *token, size_t tokenlen,
    struct websign_req *r)
{
	const char *kv[] = { "MessageSid", sid, "SmsSid", sid, "MessageStatus",
		status, "ErrorCode", error_code };
	char	    path[96];

	if (ref > 0)
		snprintf(path, sizeof(path), "%s?ref=%lld", TWILIO_PATH_STATUS,
		    (long long)ref);
	else
		snprintf(path, sizeof(path), "%s", TWILIO_PATH_STATUS);
	twilio_sign(public_url, path, kv, 4, token, tokenlen, r);
}

/*
 * The simulate_mo of Twilio (sms_provider.h): a random MessageSid,
 * signed with [twilio] auth_token_file for [twilio] public_url.
 */
static int
twilio_simulate_mo(const struct config *cfg, const char *from, const char *to,
    const char *text, struct websign_req *r, char *err, size_t errlen)
{
	const struct twilio_config *t = twilio_config(cfg);
	struct buf		    token = { 0 };
	char			    id[40], why[CONFIG_ERR_MAX];

	memset(r, 0, sizeof(*r));
	if (t->public_url == NULL) {
		snprintf(err, errlen, "[twilio] public_url is not set");
		return -1;
	}
	if (t->auth_token_file == NULL ||
	    config_read_secret(t->auth_token_file, TWILIO_WEBHOOK_TOKEN_ENV,
		&token, why, sizeof(why)) == -1) {
		snprintf(err, errlen, "[twilio] auth_token_file: %s",
		    t->auth_token_file ? why : "not configured");
		return -1;
	}
	memcpy(id, "SM", 2);
	if (crypto_random_token(id + 2, 33) == -1) {
		buf_free(&token);
		snprintf(err, errlen, "cannot build the webhook");
		return -1;
	}
	twilio_sign_sms(
	    t->public_url, id, from, to, text, token.data, token.len, r);
	buf_free(&token);
	return 0;
}
