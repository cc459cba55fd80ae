/*
 * failover - the providers the sender sends with, in the order of [sms]
 * providers: each one opened (with its pool of requests when it speaks
 * HTTP) and its health (health.h).  It says which provider takes the
 * next request, notes what each request showed, and keeps the line
 * `mentorctl status` shows (which provider is active, and why) and the
 * per-provider metrics.  With one provider it is a list of one.
 *
 * A message is in one provider's hands at a time: the sender hands each
 * claim to one route and gets it back from that route only.
 */
#ifndef MENTOR_FAILOVER_H
#define MENTOR_FAILOVER_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "buf.h"
#include "health.h"
#include "providers/provider.h"

struct config;
struct gw;
struct http_owner;
struct outbox_claim;

/* One provider in use. */
struct route {
	size_t		    idx;      /* its place in [sms] providers */
	struct provider_use prov;     /* its operations and context */
	struct http_pool   *http;     /* HTTP providers: its requests */
	int64_t		    probe_id; /* the claim sent as its probe */
	void		   *owner;    /* the sender, for the pool's calls */
};

struct failover {
	struct route	   *route;  /* [n], in the order of the list */
	struct health	   *health; /* [n]: route i's is health[i] */
	size_t		    n;
	struct health_rules rules;
	size_t		    active;  /* where ordinary messages go now */
	int		    changed; /* the status line is to be stored */
};

/*
 * Open every provider of cfg's [sms] providers, each HTTP one with a
 * pool of window requests whose answers go to owner (its arg replaced
 * by the route), at now.  Returns 0, or -1 with the reason in err
 * (nothing open).
 */
int    failover_open(struct failover *, struct gw *, const struct config *,
       size_t window, const struct http_owner *owner, time_t now, char *err,
       size_t errlen);
/* Close every provider (requests in flight stay `sending`). */
void   failover_close(struct failover *);

/* Messages handed over and not yet given back, over every provider. */
size_t failover_in_flight(const struct failover *);
/*
 * Messages in flight at the provider ordinary messages go to now: the
 * requests stuck at one taken out do not hold up the others.
 */
size_t failover_busy(const struct failover *);

/*
 * The route for a request starting with claim c (a login code or not);
 * *probe is 1 when it is the probe of a provider out of traffic (then
 * send c alone and call failover_probe()).
 */
struct route *failover_pick(
    struct failover *, const struct outbox_claim *c, time_t now, int *probe);
/* Claim id goes to r as its probe. */
void failover_probe(struct failover *, struct route *r, int64_t id, time_t now);

/*
 * Note the answers res[0..n-1] of one request to r for claims c: its
 * health (logged when it changes), the metrics.
 */
void failover_note(struct failover *, struct route *,
    const struct outbox_claim *c, const struct send_result *res, size_t n,
    time_t now);

/*
 * Whether a provider other than r takes traffic now: ordinary messages,
 * or (login 1) login codes.
 */
int  failover_other_takes(
     const struct failover *, const struct route *r, int login);

/* The status line: the active provider and why, into out. */
void failover_status(const struct failover *, struct buf *out);

#endif
