/*
 * sender_int.h - what sender.c (the task, outcomes, the ready list, the
 * rate limit) and sender_http.c (libcurl: requests in flight) share.
 * Nothing else includes it.
 */
#ifndef MENTOR_SENDER_INT_H
#define MENTOR_SENDER_INT_H

#include <stdint.h>
#include <time.h>

#include <curl/curl.h>

#include "buf.h"
#include "providers/provider.h"
#include "store_outbox.h"

struct config;
struct gw;

#define SEND_TIMEOUT_MS		30000	/* whole request */
#define SEND_CONNECT_MS		5000
#define SEND_RESPONSE_MAX	65536	/* cap on a provider's answer */
#define SEND_RETRY_AFTER_MAX	3600	/* seconds we honour at most */
#define SEND_REQUESTS		2	/* requests the window is spread over */

struct xfer {
	struct sender		*snd;
	CURL			*easy;
	int			 busy;
	struct outbox_claim	*claims;	/* max_batch of them */
	struct send_result	*res;
	size_t			 nclaims;
	struct provider_request	 req;
	struct buf		 resp;
	int64_t			 started_ms;
};

struct pending {
	struct outbox_outcome	 o;
	char			 provider_id[SEND_ID_MAX];
	char			 error[SEND_REASON_MAX];
};

struct sender {
	struct gw		*gw;
	const struct config	*cfg;		/* the provider was made from it */
	const struct provider	*prov;
	void			*pctx;
	CURLM			*multi;
	struct xfer		*xfers;
	size_t			 nxfers;
	size_t			 in_flight;
	struct outbox_claim	*ready;		/* by priority; from head */
	size_t			 head, nready, ready_cap;
	struct pending		*done;
	size_t			 ndone, done_cap;
	struct send_result	*results;	/* file provider batch */
	double			 tokens;
	int64_t			 tokens_ms;
	int64_t			 pause_until_ms;	/* a 429's pause */
	time_t			 account_until;	/* an account pause (clock_now) */
	int			 account_pauses;	/* in a row, for the backoff */
	int64_t			 curl_timer_ms;	/* -1: none */
	int			 reconciled;
	int			 drained;	/* saw no due rows last claim */
	uint64_t		 txns;		/* flush transactions */
	uint64_t		 recorded;	/* outcomes recorded */
};

/* sender.c */
size_t	 ready_len(const struct sender *);
int	 ready_pop(struct sender *, struct outbox_claim *);
void	 ready_unpop(struct sender *, struct outbox_claim *);
void	 ready_merge(struct sender *, struct outbox_claim *, size_t);
/* Turn a classified answer for c into a pending outcome (counted). */
void	 decide(struct sender *, const struct outbox_claim *c,
	    const struct send_result *, time_t now);
/* Expire c when its send_by has passed (c is then consumed): 1. */
int	 expire_if_late(struct sender *, struct outbox_claim *c, time_t now);
/* 1 when the rate limit and a 429 pause let one more message go. */
int	 may_hand_over(struct sender *, int64_t now_ms);

/* sender_http.c */
/* Create slot x's easy handle with the shared options. */
void	 xfer_init(struct sender *, struct xfer *x);
/* Free what slot x holds (claims not finished stay `sending`). */
void	 xfer_free(struct xfer *x);
/* libcurl's socket and timer callbacks (CURLMOPT_*FUNCTION). */
int	 curl_socket_cb(CURL *, curl_socket_t, int, void *, void *);
int	 curl_timer_cb(CURLM *, long, void *);
/* Run libcurl's timeouts when due. */
void	 curl_timer_check(struct sender *);
/* Start requests for ready rows while slots and tokens allow. */
void	 start_http(struct sender *, time_t now);

#endif
