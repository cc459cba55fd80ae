/*
 * twilio - what of Twilio (twilio.c) the fuzz targets and tests reach
 * beyond its operations table.
 */
#ifndef MENTOR_TWILIO_H
#define MENTOR_TWILIO_H

#include <stddef.h>

#include "provider.h"

struct form;

/* Its webhook routes: [0] incoming texts, [1] status callbacks. */
extern const struct webhook_route twilio_hooks[];

/*
 * Read Twilio's form parameters for hook h into ev; query (the decoded
 * query string of the request, may be NULL) gives our reference as
 * "ref" for status callbacks.  Returns WEBHOOK_OK (free ev afterwards),
 * WEBHOOK_MALFORMED or WEBHOOK_FIELD (nothing to free).
 */
enum webhook_err twilio_webhook_parse(const struct webhook_route *h,
    const struct form *, const struct form *query, struct webhook_event *ev);

/*
 * Verify header (NULL: missing) against the URL Twilio called: public
 * base URL (no trailing slash needed) + uri (path and query as received)
 * with the sorted parameters; with and without an explicit default port,
 * as Twilio's own libraries accept.  Returns WEBHOOK_OK, WEBHOOK_UNSIGNED
 * or WEBHOOK_BADSIG.
 */
enum webhook_err twilio_webhook_verify(const char *header,
    const char *public_url, const char *uri, const struct form *sorted,
    const void *token, size_t tokenlen);

#endif
