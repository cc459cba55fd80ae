/*
 * store_contact - the contact_request table: a citizen's "please call
 * me", from opening to closing.  At most one open request per citizen
 * (index contact_one_open).  The routing decisions live in contact.c.
 */
#ifndef MENTOR_STORE_CONTACT_H
#define MENTOR_STORE_CONTACT_H

#include <stdint.h>
#include <time.h>

#include "store.h"

struct contact_rec {
	int64_t id; /* the request number people see */
	int64_t citizen_id;
	int64_t agreement_id; /* 0 = none */
	char	channel[8];   /* sms | kiosk */
	int64_t routed_to;    /* staff id, 0 = team number / nobody */
	char	routed_as[8]; /* mentor | deputy | team | "" */
	time_t	opened_at;
	time_t	notified_at; /* 0 = not yet; for each instant */
	time_t	acknowledged_at;
	int64_t acknowledged_by; /* staff id, 0 = none */
	time_t	escalated_at;
	char   *escalated_to;	 /* the latest step's: E.164, "team",
				 "coordinator" or "none"; NULL = none yet */
	int	escalation_step; /* steps taken (0 = none) */
	time_t	closed_at;
	char   *closed_by; /* staff user, "auto" ...; NULL if open */
};

void	       contact_rec_free(struct contact_rec *);

/*
 * Insert r (id ignored; sets r->id).  STORE_DUPLICATE if the citizen has
 * one open already; STORE_CONSTRAINT for a rule like an unknown citizen.
 */
enum store_err store_contact_insert(struct store *, struct contact_rec *r);
enum store_err store_contact_get(
    struct store *, int64_t id, struct contact_rec *);
/* The citizen's open request, STORE_NOTFOUND when none. */
enum store_err store_contact_open_for(
    struct store *, int64_t citizen_id, struct contact_rec *);
enum store_err store_contact_set_notified(
    struct store *, int64_t id, time_t now);
/*
 * The oldest open, unacknowledged request routed to staff_id, escalated
 * to mobile (may be NULL), or about which an escalation step texted
 * staff_id or mobile.  STORE_NOTFOUND when none.
 */
enum store_err store_contact_oldest_for_staff(
    struct store *, int64_t staff_id, const char *mobile, struct contact_rec *);
/* Acknowledge open request id; STORE_NOTFOUND if not open or acked. */
enum store_err store_contact_ack(
    struct store *, int64_t id, int64_t staff_id, time_t now);
/*
 * Route open, unacknowledged request id to staff_id as as ("mentor" or
 * "deputy"), notified at now.  STORE_NOTFOUND if not open or acked.
 */
enum store_err store_contact_reassign(
    struct store *, int64_t id, int64_t staff_id, const char *as, time_t now);
/* Close open request id; STORE_NOTFOUND if not open. */
enum store_err store_contact_close(
    struct store *, int64_t id, const char *by, time_t now);
/*
 * Record that escalation step `step` (0 the first) of open,
 * unacknowledged request id was taken at now, to `to` (E.164, "team",
 * "coordinator", or "none": nobody was texted, which keeps an earlier
 * step's recipient).  STORE_NOTFOUND when the request is closed,
 * acknowledged or past that step already.
 */
enum store_err store_contact_set_escalated(
    struct store *, int64_t id, int step, const char *to, time_t now);
/*
 * *texted = 1 when an escalation step of request id texted staff_id or
 * mobile (may be NULL), else 0.
 */
enum store_err store_contact_escalated_to(struct store *, int64_t id,
    int64_t staff_id, const char *mobile, int *texted);
/* Open, unacknowledged requests with fewer than steps steps taken. */
enum store_err store_contact_unanswered(struct store *, int steps,
    int (*fn)(const struct contact_rec *, void *), void	   *arg);
/*
 * Requests opened in [from, to) (open_only: only open ones), newest
 * first, at most limit (0: all).
 */
enum store_err store_contact_list(struct store *, int open_only, time_t from,
    time_t to, size_t limit, int (*fn)(const struct contact_rec *, void *),
    void *arg);
/* Numbers of open, unacknowledged and escalated-open requests. */
enum store_err store_contact_counts(
    struct store *, int64_t *open, int64_t *unacked, int64_t *escalated);
/*
 * Requests ever opened, by channel (rows are never deleted, so each only
 * grows): the kiosk opens them in its own process, so /metrics reads them
 * here.
 */
enum store_err store_contact_opened_by_channel(
    struct store *, int64_t *sms, int64_t *kiosk);

#endif
