/*
 * health - whether an SMS provider takes traffic, for failover between
 * the providers of [sms] providers.  A pure state machine per provider:
 * fed the outcome of each request and the time (clock_now(), so tests
 * set it), no I/O, no clock of its own.
 *
 * A provider is up until `after` requests in a row failed in a way that
 * is its fault (connection refused or reset, timeout, 5xx) or it refused
 * our account: then it is out of traffic and the next in order takes it.
 * While out, one request every `probe` seconds goes to it (never a login
 * code); when that one is answered, it is up again and takes its traffic
 * back.  An answer that refuses one message (an invalid number) is an
 * answer: it never counts against the provider.  Login codes leave a
 * provider first: after `login_after` failures in a row (1 by default),
 * before the other messages do.
 */
#ifndef MENTOR_HEALTH_H
#define MENTOR_HEALTH_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#define HEALTH_REASON_MAX 96

enum health_state {
	HEALTH_UP,   /* takes traffic */
	HEALTH_DOWN, /* out of traffic, probed */
};

/* What one request to a provider showed. */
enum health_event {
	HEALTH_ANSWERED, /* accepted, or refused one message: it works */
	HEALTH_FAILED,	 /* connect error, timeout, 5xx: its fault */
	HEALTH_ACCOUNT,	 /* refused our credentials or account */
	HEALTH_NOTHING,	 /* says nothing (429: it asks us to slow down) */
};

struct health_rules {
	int    after;	    /* failures in a row that take it out */
	int    login_after; /* the same for login codes */
	time_t probe;	    /* seconds between probes while out */
};

struct health {
	enum health_state state;
	int		  failures;		     /* in a row */
	time_t		  since;		     /* in this state since */
	time_t		  next_probe;		     /* while out */
	uint64_t	  trips;		     /* times taken out */
	char		  reason[HEALTH_REASON_MAX]; /* the last failure */
};

/* A provider up since now. */
void health_init(struct health *, time_t now);

/*
 * Note what a request showed at now; probe: it was the probe.  Returns 1
 * when the state changed (the caller logs it), else 0.
 */
int health_note(struct health *, const struct health_rules *, enum health_event,
    int probe, const char *reason, time_t now);

/* Whether h takes a request now: of a login code (login 1) or another. */
int health_takes(const struct health *, const struct health_rules *, int login);

/*
 * Which of the n providers (h[0..n-1], in the order of preference) takes
 * the next request, of a login code or not: the first that takes it.
 * Before that, when the request may be a probe (the caller allows it
 * for a message no provider has seen, never a login code), a provider
 * out of traffic whose probe is due is chosen for it (*probe set to 1):
 * the caller then calls health_probe_start().  When none takes traffic,
 * the first (each message then backs off on its own).
 */
size_t health_pick(const struct health *h, size_t n,
    const struct health_rules *, int login, int may_probe, time_t now,
    int *probe);

/* A probe to h starts at now: the next is due a probe interval later. */
void   health_probe_start(
      struct health *, const struct health_rules *, time_t now);

/* "up" or "out". */
const char *health_state_name(enum health_state);

#endif
