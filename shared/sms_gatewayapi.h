/*
 * sms_gatewayapi - GatewayAPI as every program knows it: its keys
 * ([gatewayapi]), its webhook paths, and its webhooks made as GatewayAPI
 * makes them: a JSON body and a JWT (HS256) in X-Gwapi-Signature whose
 * payload is the body.  The daemon's side: sms-gateway/providers/
 * gatewayapi.c.  See reference/sms-providers.md section 1.
 */
#ifndef MENTOR_SMS_GATEWAYAPI_H
#define MENTOR_SMS_GATEWAYAPI_H

#include <stddef.h>
#include <stdint.h>

#include "websign.h"

struct config;

/* Its webhook paths, written only here. */
#define GATEWAYAPI_PATH_MO  "/webhooks/gatewayapi/mo"
#define GATEWAYAPI_PATH_DLR "/webhooks/gatewayapi/dlr"

/* The environment variable whose value wins over webhook_secret_file. */
#define GATEWAYAPI_SECRET_ENV "MENTORLINK_GATEWAYAPI_WEBHOOK_SECRET"

/* [gatewayapi] */
struct gatewayapi_config {
	char *base_url;
	char *token_file;
	char *webhook_secret_file;
	char *callback_url; /* NULL: no delivery reports asked */
};

/* The [gatewayapi] values of cfg. */
const struct gatewayapi_config *gatewayapi_config(const struct config *);

/*
 * Incoming SMS: id (digits become a JSON number), sender and receiver
 * as E.164 (sent as digits, as GatewayAPI does; to may be NULL), text,
 * signed with secret.  Returns 0, or -1 when a number is not E.164.
 */
int  gatewayapi_sign_mo(const char *id, const char *from, const char *to,
     const char *text, const void *secret, size_t secretlen,
     struct websign_req *);

/*
 * Delivery report: id, status word ("DELIVERED"), our reference (0:
 * none), error text (NULL: none).
 */
void gatewayapi_sign_dlr(const char *id, const char *status, int64_t userref,
    const char *error, const void *secret, size_t secretlen,
    struct websign_req *);

/*
 * Sign an arbitrary JSON payload (len bytes) as GatewayAPI would and
 * make it the body, for path.  For tests that send odd payloads.
 */
void gatewayapi_sign_raw(const char *path, const char *json, size_t len,
    const void *secret, size_t secretlen, struct websign_req *);

/*
 * The simulate_mo of GatewayAPI (sms_provider.h), which the file
 * provider shares: a random id, signed with [gatewayapi]
 * webhook_secret_file; a to that is not E.164 is left out.
 */
int  gatewayapi_simulate_mo(const struct config *, const char *from,
     const char *to, const char *text, struct websign_req *, char *err,
     size_t errlen);

#endif
