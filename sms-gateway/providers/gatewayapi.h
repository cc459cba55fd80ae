/*
 * gatewayapi - what of GatewayAPI (gatewayapi.c) the fuzz targets and
 * tests reach beyond its operations table.
 */
#ifndef MENTOR_GATEWAYAPI_H
#define MENTOR_GATEWAYAPI_H

#include <stddef.h>

#include "provider.h"

/* Its webhook routes: [0] incoming texts (MO), [1] delivery reports. */
extern const struct webhook_route gwapi_hooks[];

/*
 * Verify the X-Gwapi-Signature token (NULL: missing) under secret and
 * that its payload is the same event as ev, read from the body (bodylen
 * bytes; NULL to compare read events only).  Returns WEBHOOK_OK,
 * WEBHOOK_UNSIGNED or WEBHOOK_BADSIG.
 */
enum webhook_err gwapi_webhook_verify(const char *token, const void *secret,
    size_t secretlen, const struct webhook_event *ev, const char *body,
    size_t bodylen);

#endif
