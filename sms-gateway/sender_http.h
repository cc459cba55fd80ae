/*
 * sender_http - a pool of HTTP requests to one provider on the libcurl
 * multi interface, driven by the daemon's loop.  The sender (sender.c)
 * hands it batches of claims and hears back through the two functions
 * of struct http_owner; the pool never calls the sender otherwise.
 */
#ifndef MENTOR_SENDER_HTTP_H
#define MENTOR_SENDER_HTTP_H

#include <stddef.h>
#include <time.h>

#include "providers/provider.h"

struct gw;
struct outbox_claim;
struct http_pool;

#define SEND_RETRY_AFTER_MAX 3600 /* seconds we honour at most */

/* How the pool gives claims back; it frees nothing it gives back. */
struct http_owner {
	/*
	 * n claims have an answer each in res[0..n-1] (the owner records
	 * it and frees the claims).
	 */
	void (*done)(void *arg, struct outbox_claim *, struct send_result *,
	    size_t n, time_t now);
	/*
	 * n claims (n > 1) were refused as one request: the owner sends
	 * each again alone.
	 */
	void (*resend_alone)(void *arg, struct outbox_claim *, size_t n);
	void *arg;
};

/*
 * A pool of `slots` kept-alive requests to provider p (open, and staying
 * open while the pool lives), polled through gw's loop, running the
 * sender task when a request ends or a timer is due.
 */
struct http_pool *http_pool_new(struct gw *, const struct provider_use *p,
    size_t slots, const struct http_owner *);
/* Stop every request (their claims stay `sending`) and free the pool. */
void		  http_pool_free(struct http_pool *);
/* Messages handed over and not yet given back. */
size_t		  http_pool_in_flight(const struct http_pool *);
/* 1 when a slot is free for another request. */
int		  http_pool_has_slot(const struct http_pool *);
/*
 * Send the n claims (1..max_batch) as one request in a free slot, giving
 * up after timeout_ms; the pool owns them until it gives them back
 * through the owner.
 */
void http_pool_send(struct http_pool *, const struct outbox_claim *, size_t n,
    time_t now, long timeout_ms);
/* Run libcurl's timeouts when due (from the sender's run()). */
void http_pool_timeouts(struct http_pool *);

#endif
