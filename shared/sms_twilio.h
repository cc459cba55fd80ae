/*
 * sms_twilio - Twilio as every program knows it: its keys ([twilio]),
 * its webhook paths, and its webhooks made as Twilio makes them: a form
 * body and X-Twilio-Signature, base64 of HMAC-SHA1 over the public URL
 * (path and query included) and the sorted parameters.  The daemon's
 * side: sms-gateway/providers/twilio.c, which checks signatures with
 * twilio_signature().  See reference/sms-providers.md section 2.
 */
#ifndef MENTOR_SMS_TWILIO_H
#define MENTOR_SMS_TWILIO_H

#include <stddef.h>
#include <stdint.h>

#include "websign.h"

struct config;
struct form;

/* Its webhook paths, written only here. */
#define TWILIO_PATH_SMS	   "/webhooks/twilio/sms"
#define TWILIO_PATH_STATUS "/webhooks/twilio/status"

/* The environment variable whose value wins over auth_token_file. */
#define TWILIO_WEBHOOK_TOKEN_ENV "MENTORLINK_TWILIO_AUTH_TOKEN"

/* [twilio] */
struct twilio_config {
	char *base_url;
	char *account_sid; /* required when Twilio sends */
	char *auth_token_file;
	char *public_url; /* as Twilio reaches us; NULL: not given */
};

/* The [twilio] values of cfg. */
const struct twilio_config *twilio_config(const struct config *);

/* Incoming SMS: MessageSid, From, To (E.164), Body. */
void twilio_sign_sms(const char *public_url, const char *sid, const char *from,
    const char *to, const char *text, const void *token, size_t tokenlen,
    struct websign_req *);

/*
 * Status callback for our outbox id ref (0: none, then no "?ref="),
 * MessageStatus, ErrorCode (NULL: none).
 */
void twilio_sign_status(const char *public_url, const char *sid,
    const char *status, const char *error_code, int64_t ref, const void *token,
    size_t tokenlen, struct websign_req *);

/*
 * Append base64(HMAC-SHA1(token, url + name1 + value1 + ...)) to out;
 * the fields must be sorted (form_sort()).
 */
void twilio_signature(const char *url, const struct form *sorted,
    const void *token, size_t tokenlen, struct buf *out);

#endif
