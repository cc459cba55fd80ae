/*
 * fuzz_webhook_json.c - libFuzzer target for GatewayAPI's webhooks
 * (sms-gateway/providers/gatewayapi.c and webhook.c: MO and DLR JSON
 * bodies).
 *
 * Any bytes as a body: parsing accepts or refuses without crashing; an
 * accepted event has a non-empty id, bounded NUL-free strings, and a
 * report an event id; verification with a random token fails, and with
 * a token signing the same body succeeds.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "jwt.h"
#include "providers/gatewayapi.h"
#include "providers/provider.h"
#include "webhook.h"

int		  LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const char secret[] = "fuzz-secret";

/* Abort unless ev looks like a parsed event. */
static void
check_event(const struct webhook_event *ev)
{
	if (ev->provider_id[0] == '\0' || ev->text == NULL ||
	    strlen(ev->text) > WEBHOOK_TEXT_MAX)
		abort();
	if (ev->is_report &&
	    (ev->status[0] == '\0' || strchr(ev->event_id, ':') == NULL))
		abort();
	if (!ev->is_report && ev->sender[0] == '\0')
		abort();
	if (ev->reference < 0)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct webhook_event ev;
	struct buf	     tok = { 0 };
	size_t		     k;

	for (k = 0; gwapi_hooks[k].path != NULL; k++) {
		if (webhook_read_json(&gwapi_hooks[k], (const char *)data, size,
			&ev) != WEBHOOK_OK)
			continue;
		check_event(&ev);
		(void)provider_report_status(ev.provider, ev.status);
		if (gwapi_webhook_verify("e30.e30.AAAA", secret, strlen(secret),
			&ev, (const char *)data, size) == WEBHOOK_OK)
			abort();
		jwt_sign_hs256(
		    (const char *)data, size, secret, strlen(secret), &tok);
		/* Both ways: byte comparison, and event comparison. */
		if (gwapi_webhook_verify(buf_str(&tok), secret, strlen(secret),
			&ev, (const char *)data, size) != WEBHOOK_OK ||
		    gwapi_webhook_verify(buf_str(&tok), secret, strlen(secret),
			&ev, NULL, 0) != WEBHOOK_OK)
			abort();
		buf_free(&tok);
		webhook_event_free(&ev);
	}
	return 0;
}
