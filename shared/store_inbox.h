/*
 * store_inbox - what the providers tell us: incoming texts (sms_inbox),
 * delivery reports (sms_report) and the log of our automatic replies
 * (sms_reply_log, for the loop guard and the unknown-sender limit).
 *
 * Intake is idempotent: a provider's message id (inbox) or event id
 * (report) is stored once; a retried webhook finds it and stores nothing.
 */
#ifndef MENTOR_STORE_INBOX_H
#define MENTOR_STORE_INBOX_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "store.h"

#define INBOX_PROVIDER_MAX 16
#define INBOX_OUTCOME_MAX  20

/* An incoming text as a webhook delivered it. */
struct inbox_event {
	const char *provider;	 /* "gatewayapi" | "twilio" */
	const char *provider_id; /* the provider's message id */
	const char *sender;	 /* E.164, or as given when not a number */
	const char *receiver;	 /* may be NULL */
	const char *body;	 /* UTF-8 */
};

/* A stored incoming text. */
struct inbox_rec {
	int64_t id;
	char	provider[INBOX_PROVIDER_MAX];
	char   *provider_id;
	char   *sender;
	char   *receiver; /* NULL if not given */
	char   *body;	  /* "" once purged */
	time_t	received_at;
	time_t	processed_at;		    /* 0 = not yet */
	char	outcome[INBOX_OUTCOME_MAX]; /* "" until processed */
	int64_t citizen_id;		    /* 0 = none, for each id */
	int64_t staff_id;
	int64_t contact_id;
	time_t	body_purged_at; /* 0 = body kept */
	time_t	exported_at;	/* 0 = not exported */
};

void	       inbox_rec_free(struct inbox_rec *);

/*
 * Store ev received at now.  Returns STORE_OK with *id set and *dup 0,
 * or STORE_OK with *dup 1 (and *id the row already stored) when the
 * provider's id was stored before.  id and dup may be NULL.
 */
enum store_err store_inbox_add(struct store *, const struct inbox_event *ev,
    time_t now, int64_t *id, int *dup);
enum store_err store_inbox_get(struct store *, int64_t id, struct inbox_rec *);
/* Unprocessed rows, oldest first, at most limit; fn stops on non-0. */
enum store_err store_inbox_pending(struct store *, size_t limit,
    int (*fn)(const struct inbox_rec *, void *), void	 *arg);
/* Record how a row was handled (ids 0 = none). */
enum store_err store_inbox_set_outcome(struct store *, int64_t id,
    const char *outcome, int64_t citizen_id, int64_t staff_id,
    int64_t contact_id, time_t now);
/* Rows received in [from, to), newest first, at most limit (0: all). */
enum store_err store_inbox_list(struct store *, time_t from, time_t to,
    size_t limit, int (*fn)(const struct inbox_rec *, void *), void *arg);
/* Number of rows, and of rows not yet processed. */
enum store_err store_inbox_counts(
    struct store *, int64_t *total, int64_t *pending);

/* --- delivery reports ----------------------------------------------- */

/* A delivery report as a webhook delivered it. */
struct report_event {
	const char *provider;
	const char *event_id;	 /* provider id + status: idempotency */
	const char *provider_id; /* may be NULL */
	int64_t	    reference;	 /* our sms_outbox.id, 0 = not given */
	const char *status;	 /* the provider's own word */
	const char *error;	 /* may be NULL */
};

struct report_rec {
	int64_t id;
	char	provider[INBOX_PROVIDER_MAX];
	char   *event_id;
	char   *provider_id; /* NULL if not given */
	int64_t reference;   /* 0 = not given */
	char   *status;
	char   *error; /* NULL if none */
	time_t	received_at;
	time_t	matched_at; /* 0 = not matched yet */
};

void	       report_rec_free(struct report_rec *);

/* Store ev; like store_inbox_add() for duplicates. */
enum store_err store_report_add(struct store *, const struct report_event *ev,
    time_t now, int64_t *id, int *dup);
/*
 * Unmatched reports with id > after_id received at or after since, by
 * id, at most limit; fn stops on non-0.
 */
enum store_err store_report_unmatched(struct store *, int64_t after_id,
    time_t since, size_t limit, int (*fn)(const struct report_rec *, void *),
    void *arg);

enum report_match {
	REPORT_APPLIED, /* the outbox row took the new status */
	REPORT_KEPT,	/* the row was final already: unchanged */
	REPORT_WAIT,	/* the row is being sent: try again later */
	REPORT_UNKNOWN, /* no such outbox row (yet) */
	REPORT__MAX
};

/*
 * Apply report r to its outbox row (by reference, else by provider and
 * provider id) as our status ("sent", "delivered" or "failed"; final
 * when not "sent").  temporary: a failure that says nothing against the
 * number (kept off the bad-number list).  A row in a final state never
 * changes; a row being sent is left for later.  On APPLIED and KEPT the
 * report is marked matched.  One statement group; wrap in a transaction
 * for atomicity.
 */
enum store_err store_report_apply(struct store *, const struct report_rec *r,
    const char *our_status, int temporary, time_t now, enum report_match *out);

/* --- automatic replies ------------------------------------------------ */

/*
 * Number of replies of kind (NULL: any) to sender (NULL: to anyone; kind
 * must then be given) at or after since.
 */
enum store_err store_reply_count(struct store *, const char *sender,
    const char *kind, time_t since, int64_t *n);
/* Record one reply of kind to sender at at. */
enum store_err store_reply_add(
    struct store *, const char *sender, const char *kind, time_t at);

/*
 * Tune the webhook listener's connection, whose answers should not wait
 * for milliseconds: wait for the write lock in steps of 50-250 us (about
 * 5 s in all) instead of SQLite's millisecond steps, and never run a
 * WAL checkpoint inside its commits (see store_ckpt_attach()).
 */
void store_inbox_tune_listener(struct store *);

#endif
