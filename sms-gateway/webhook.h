/*
 * webhook - what the SMS providers post to us, parsed and verified
 * without any I/O (the listener does the HTTP, the store the rest), so
 * the parsers can be unit-tested and fuzzed on their own.
 *
 *	GatewayAPI MO and DLR	JSON body; JWT HS256 in X-Gwapi-Signature
 *				whose payload must be the same event
 *	Twilio SMS and status	form body; X-Twilio-Signature is base64
 *				HMAC-SHA1 over public URL + path (+ query)
 *				+ the sorted parameters
 *
 * Every field is checked against a table of limits: ids are 1-64
 * printable ASCII characters, statuses letters and '_', text valid UTF-8
 * without control characters other than newline and tab.
 */
#ifndef MENTOR_WEBHOOK_H
#define MENTOR_WEBHOOK_H

#include <stddef.h>
#include <stdint.h>

#include "phone.h"

struct buf;
struct form;

enum webhook_kind {
	WEBHOOK_GWAPI_MO,
	WEBHOOK_GWAPI_DLR,
	WEBHOOK_TWILIO_SMS,
	WEBHOOK_TWILIO_STATUS,
	WEBHOOK__MAX
};

enum webhook_err {
	WEBHOOK_OK = 0,
	WEBHOOK_MALFORMED,	/* not the JSON or form we expect: 400 */
	WEBHOOK_FIELD,		/* a required field missing or out of bounds: 400 */
	WEBHOOK_UNSIGNED,	/* no signature: 401 */
	WEBHOOK_BADSIG,		/* signature wrong, or it covers other data: 401 */
	WEBHOOK_ERR__MAX
};

#define WEBHOOK_ID_MAX		65	/* ids: 64 characters and NUL */
#define WEBHOOK_SENDER_MAX	65
#define WEBHOOK_STATUS_MAX	33
#define WEBHOOK_ERROR_MAX	129
#define WEBHOOK_TEXT_MAX	8192	/* bytes of message text */
#define WEBHOOK_BODY_MAX	16384	/* bytes of request body */

struct webhook_event {
	enum webhook_kind kind;
	int		 is_report;	/* 1: delivery report, 0: incoming text */
	const char	*provider;	/* "gatewayapi" | "twilio" (static) */
	char		 provider_id[WEBHOOK_ID_MAX];
	/* incoming text */
	char		 sender[WEBHOOK_SENDER_MAX];	/* E.164 if a number */
	char		 receiver[WEBHOOK_SENDER_MAX];	/* "" if not given */
	char		*text;		/* malloc'd UTF-8, "" if none */
	/* delivery report */
	char		 status[WEBHOOK_STATUS_MAX];
	char		 error[WEBHOOK_ERROR_MAX];	/* "" if none */
	char		 code[WEBHOOK_STATUS_MAX];	/* provider error code */
	int64_t		 reference;	/* our outbox id, 0 = none */
	char		 event_id[WEBHOOK_ID_MAX + WEBHOOK_STATUS_MAX];
};

/* Free what an event owns (its text). */
void		 webhook_event_free(struct webhook_event *);

/*
 * Parse a GatewayAPI JSON body (len bytes) of kind WEBHOOK_GWAPI_MO or
 * WEBHOOK_GWAPI_DLR into ev.  Returns WEBHOOK_OK (free ev afterwards),
 * WEBHOOK_MALFORMED or WEBHOOK_FIELD (nothing to free).
 */
enum webhook_err webhook_parse_gwapi(enum webhook_kind, const char *body,
		    size_t len, struct webhook_event *ev);

/*
 * Verify the X-Gwapi-Signature token (NULL: missing) under secret and
 * that its payload is the same event as ev, parsed from the body (the
 * bodylen bytes of body; NULL to compare parsed events only).  Returns
 * WEBHOOK_OK, WEBHOOK_UNSIGNED or WEBHOOK_BADSIG.
 */
enum webhook_err webhook_verify_gwapi(const char *token, const void *secret,
		    size_t secretlen, const struct webhook_event *ev,
		    const char *body, size_t bodylen);

/*
 * Verify only the token (NULL: missing) under secret, whatever it
 * carries: tells an unauthenticated bad body (401) from an authenticated
 * one (400).  Returns WEBHOOK_OK, WEBHOOK_UNSIGNED or WEBHOOK_BADSIG.
 */
enum webhook_err webhook_verify_gwapi_token(const char *token,
		    const void *secret, size_t secretlen);

/*
 * Parse Twilio's form parameters of kind WEBHOOK_TWILIO_SMS or
 * WEBHOOK_TWILIO_STATUS; query (the decoded query string of the
 * request, may be NULL) gives our reference as "ref" for status
 * callbacks.  Same results as webhook_parse_gwapi().
 */
enum webhook_err webhook_parse_twilio(enum webhook_kind, const struct form *,
		    const struct form *query, struct webhook_event *ev);

/*
 * Verify header (NULL: missing) against the URL Twilio called: public
 * base URL (no trailing slash needed) + uri (path and query as received)
 * with the sorted parameters; with and without an explicit default port,
 * as Twilio's own libraries accept.  Returns WEBHOOK_OK, WEBHOOK_UNSIGNED
 * or WEBHOOK_BADSIG.
 */
enum webhook_err webhook_verify_twilio(const char *header,
		    const char *public_url, const char *uri,
		    const struct form *sorted, const void *token, size_t tokenlen);

/*
 * Our outbox status for a provider's delivery status word: "delivered"
 * or "failed" (final) or "sent" (still on its way, or a word we do not
 * know).
 */
const char	*webhook_report_status(const char *provider, const char *word);

/* Short English text for err. */
const char	*webhook_strerror(enum webhook_err);

#endif
