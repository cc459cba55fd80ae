/*
 * websign - a signed webhook request as an SMS provider would post it,
 * and posting it with libcurl.  Each provider makes its own requests in
 * its description file (shared/sms_gatewayapi.c, shared/sms_twilio.c);
 * used by `mentorctl simulate-sms`, the fake provider's webhook sender,
 * the tests and the benchmark.  Bodies are built with json-c or
 * percent-encoding, never pasted together.
 */
#ifndef MENTOR_WEBSIGN_H
#define MENTOR_WEBSIGN_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

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
