/*
 * websign - make webhook requests exactly as the SMS providers sign them:
 * GatewayAPI (JSON body, JWT HS256 in X-Gwapi-Signature whose payload is
 * the body) and Twilio (form body, X-Twilio-Signature = base64 of
 * HMAC-SHA1 over the URL and the sorted parameters).
 *
 * Used by `mentorctl simulate-sms`, the fake provider's webhook sender,
 * the tests and the benchmark; the daemon's verifier
 * (sms-gateway/providers/twilio.c) uses websign_twilio_signature() for
 * the same computation.  Bodies are built
 * with json-c or percent-encoding, never pasted together; websign_post()
 * sends a request with libcurl.
 */
#ifndef MENTOR_WEBSIGN_H
#define MENTOR_WEBSIGN_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

struct form;

/*
 * The providers' webhook paths, written only here: the daemon's routes
 * (sms-gateway/providers/) and every client that signs use these.
 */
#define WEBSIGN_GWAPI_MO      "/webhooks/gatewayapi/mo"
#define WEBSIGN_GWAPI_DLR     "/webhooks/gatewayapi/dlr"
#define WEBSIGN_TWILIO_SMS    "/webhooks/twilio/sms"
#define WEBSIGN_TWILIO_STATUS "/webhooks/twilio/status"

/* A request ready to post to http://HOST:PORT + path. */
struct websign_req {
	struct buf  path;	  /* path and query */
	const char *content_type; /* static */
	struct buf  header;	  /* "X-...-Signature: VALUE" */
	struct buf  body;
};

/* Free what a request holds. */
void websign_free(struct websign_req *);

/*
 * GatewayAPI incoming SMS: id (digits become a JSON number), sender and
 * receiver as E.164 (sent as digits, as GatewayAPI does), text, signed
 * with secret.  Returns 0, or -1 when a number is not E.164.
 */
int  websign_gwapi_mo(const char *id, const char *from, const char *to,
     const char *text, const void *secret, size_t secretlen,
     struct websign_req *);

/*
 * GatewayAPI delivery report: id, status word ("DELIVERED"), our
 * reference (0: none), error text (NULL: none).
 */
void websign_gwapi_dlr(const char *id, const char *status, int64_t userref,
    const char *error, const void *secret, size_t secretlen,
    struct websign_req *);

/*
 * Sign an arbitrary JSON payload (len bytes) as GatewayAPI would and
 * make it the body, for path.  For tests that send odd payloads.
 */
void websign_gwapi_raw(const char *path, const char *json, size_t len,
    const void *secret, size_t secretlen, struct websign_req *);

/* Twilio incoming SMS: MessageSid, From, To (E.164), Body. */
void websign_twilio_sms(const char *public_url, const char *sid,
    const char *from, const char *to, const char *text, const void *token,
    size_t tokenlen, struct websign_req *);

/*
 * Twilio status callback for our outbox id ref (0: none, then no
 * "?ref="), MessageStatus, ErrorCode (NULL: none).
 */
void websign_twilio_status(const char *public_url, const char *sid,
    const char *status, const char *error_code, int64_t ref, const void *token,
    size_t tokenlen, struct websign_req *);

/*
 * Append base64(HMAC-SHA1(token, url + name1 + value1 + ...)) to out;
 * the fields must be sorted (form_sort()).
 */
void websign_twilio_signature(const char *url, const struct form *sorted,
    const void *token, size_t tokenlen, struct buf *out);

/*
 * POST r to base ("http://127.0.0.1:PORT"), with its signature header
 * unless with_signature is 0, giving up after timeout seconds; the
 * answer's body is dropped.  Returns the HTTP status, 0 when there was
 * no answer.  Allocates nothing the caller frees.
 */
long websign_post(const char *base, const struct websign_req *r,
    int with_signature, long timeout);

/* Append s percent-encoded for a form body (unreserved kept) to out. */
void websign_urlencode(const char *s, struct buf *out);

#endif
