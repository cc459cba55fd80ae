/*
 * store_outbox - the sms_outbox table: one row per message, its whole
 * life (queued, sending, sent, delivered, failed, expired).
 */
#ifndef MENTOR_STORE_OUTBOX_H
#define MENTOR_STORE_OUTBOX_H

#include <stdint.h>
#include <time.h>

#include "store.h"

struct outbox_msg {
	const char *recipient;	/* E.164 */
	const char *body;	/* UTF-8 */
	const char *purpose;	/* see outbox_priority() */
	const char *dedupe_key; /* NULL: none */
	time_t	    send_by;	/* expires after this instant */
	int64_t	    citizen_id; /* 0 = none, for each id */
	int64_t	    staff_id;
	int64_t	    meeting_id;
	int64_t	    contact_id;
};

/*
 * The priority for a purpose (0 is sent first): login codes, then
 * contact messages, then reminders and notices.  -1 for an unknown
 * purpose.
 */
int	       outbox_priority(const char *purpose);

/*
 * Queue one message, due now.  Encoding and segments come from smstext;
 * a body that is not valid UTF-8 or is empty is refused (STORE_CONSTRAINT,
 * with the reason in store_errmsg()).  A dedupe_key already queued gives
 * STORE_DUPLICATE and changes nothing; any other rule that says no (an
 * unknown citizen id, a CHECK) is STORE_CONSTRAINT.  *id (may be NULL)
 * gets the row id.
 */
enum store_err store_outbox_queue(
    struct store *, const struct outbox_msg *, time_t now, int64_t *id);

/* --- the sender's side (sms-gateway) -------------------------------- */

enum outbox_status {
	OUTBOX_QUEUED,
	OUTBOX_SENDING,
	OUTBOX_SENT,
	OUTBOX_DELIVERED,
	OUTBOX_FAILED,
	OUTBOX_EXPIRED,
	OUTBOX_STATUS__MAX
};

/* The schema word for a status ("queued" ...); "?" when out of range. */
const char *outbox_status_name(enum outbox_status);
/* The status for a schema word, or -1. */
int	    outbox_status_parse(const char *);

#define OUTBOX_PROVIDER_MAX 16
#define OUTBOX_ENCODING_MAX 8

/* One row claimed for sending. */
struct outbox_claim {
	int64_t id;	       /* our reference to the provider */
	char	recipient[20]; /* E.164 */
	char   *body;	       /* malloc'd */
	char	encoding[OUTBOX_ENCODING_MAX]; /* "GSM-7" | "UCS-2" */
	int	segments;
	int	priority;
	int	attempts; /* including this one */
	time_t	send_by;
	int	solo; /* the sender's: send alone */
};

/* Free what a claim owns (the body); the struct itself is the caller's. */
void	       outbox_claim_free(struct outbox_claim *);

/*
 * Claim at most max due rows (status queued, next_attempt_at <= now),
 * lowest priority number first, then oldest due: each becomes `sending`
 * with attempts + 1, in one transaction (the caller's, when it holds
 * one).  A reminder whose meeting was cancelled or changed since is left
 * queued for the scheduler to withdraw (never a stale reminder).  The provider is recorded with the outcome (one index update
 * less per message); the argument is kept for the caller's logs.  Rows whose send_by has passed are claimed too, so
 * the caller can expire them.  Fills out[0..*n-1]; free each with
 * outbox_claim_free().
 */
enum store_err store_outbox_claim(struct store *, time_t now,
    const char *provider, size_t max, struct outbox_claim *out, size_t *n);

enum outbox_result {
	OUTBOX_RESULT_SENT,    /* accepted: sent, provider_id recorded */
	OUTBOX_RESULT_RETRY,   /* queued again at next_attempt_at */
	OUTBOX_RESULT_FAILED,  /* permanent: failed with error */
	OUTBOX_RESULT_EXPIRED, /* send_by passed: expired with error */
	OUTBOX_RESULT_RELEASE, /* never handed over: queued again, the
				   claim's attempt not counted */
	OUTBOX_RESULT__MAX
};

struct outbox_outcome {
	int64_t		   id;
	enum outbox_result result;
	const char	  *provider_id;	    /* SENT; may be NULL */
	const char	  *error;	    /* short reason, never a body */
	time_t		   next_attempt_at; /* RETRY */
	const char	  *provider;	    /* who answered; NULL: unchanged */
	int		   unconfirmed;	    /* SENT: a 2xx we could not read */
};

/*
 * Record n outcomes of claimed rows in one transaction.  Only rows still
 * `sending` change status, except SENT: the provider has the message, so
 * a row put back meanwhile (queued again, claimed again, expired by
 * another daemon) becomes sent too; on a row a delivery report already
 * moved on it only fills provider_id.  Returns the first error (then
 * nothing is recorded).
 */
enum store_err store_outbox_record(
    struct store *, const struct outbox_outcome *, size_t n, time_t now);

/*
 * Start-up: put every row left in `sending` (the previous daemon died
 * while sending them) back to queued, due now, keeping its id so the
 * provider sees the same reference.  *n gets the number of rows.
 */
enum store_err store_outbox_reconcile(struct store *, time_t now, int64_t *n);

/*
 * The earliest next_attempt_at of a queued row into *when; STORE_NOTFOUND
 * when nothing is queued.
 */
enum store_err store_outbox_next_due(struct store *, time_t *when);

/* Number of rows in each status (index: enum outbox_status). */
enum store_err store_outbox_counts(
    struct store *, int64_t n[OUTBOX_STATUS__MAX]);

/* --- the scheduler's side (reminders and notices) ------------------- */

/* The meetings it reminds of: store_outbox_reminder_targets() and the
 * rest are in store.h, with the meetings. */

/*
 * A meeting changed: every reminder for it still queued becomes expired
 * ("meeting changed"); *n gets how many.
 */
enum store_err store_outbox_cancel_reminders(
    struct store *, int64_t meeting_id, time_t now, int64_t *n);

/* --- the inbound router's side --------------------------------------- */

/*
 * The latest message queued at or after since to recipient that may have
 * reached it (sending, sent or delivered): its purpose into purpose[24]
 * and the time it was sent (else queued) into *at.  STORE_NOTFOUND when
 * there is none.  The router asks this to tell what a reply answers; it
 * reads only the rows queued since `since` (index outbox_created).
 */
enum store_err store_outbox_last_to(struct store *, const char *recipient,
    time_t since, char purpose[24], time_t *at);

/* --- staff's view (mentorctl) --------------------------------------- */

struct outbox_rec {
	int64_t		   id;
	char		   recipient[20];
	char		  *body; /* NULL once purged */
	char		   purpose[24];
	int		   priority;
	char		  *dedupe_key;
	enum outbox_status status;
	int		   attempts;
	time_t		   next_attempt_at;
	time_t		   send_by;
	char		   provider[OUTBOX_PROVIDER_MAX];
	char		  *provider_id;
	char		  *last_error;
	int		   segments;
	char		   encoding[OUTBOX_ENCODING_MAX];
	int64_t		   citizen_id, staff_id, meeting_id, contact_id;
	time_t		   created_at, sent_at, final_at; /* 0 = not yet */
};

void	       outbox_rec_free(struct outbox_rec *);
enum store_err store_outbox_get(
    struct store *, int64_t id, struct outbox_rec *);

/*
 * Rows newest first, at most limit (0: all); status -1 for every status,
 * recipient NULL for every recipient.  fn returns non-0 to stop.
 */
enum store_err store_outbox_list(struct store *, int status,
    const char *recipient, size_t			limit,
    int (*fn)(const struct outbox_rec *, void *), void *arg);

/*
 * Queue a failed or expired row again, due now; send_by becomes at least
 * new_send_by (0: unchanged).  STORE_NOTFOUND when there is no such row,
 * STORE_CONSTRAINT when its status is not failed or expired or its send_by
 * would already have passed.
 */
enum store_err store_outbox_retry(
    struct store *, int64_t id, time_t now, time_t new_send_by);

/*
 * Recipients with permanent failures, most failures first; a delivery
 * report's temporary failure (the phone was off) does not count.
 */
struct outbox_bad_number {
	char	recipient[20];
	int64_t failures;
	time_t	last_at;
	char   *last_error;
};
enum store_err store_outbox_bad_numbers(struct store *, size_t limit,
    int (*fn)(const struct outbox_bad_number *, void *), void *arg);

/*
 * Rows still `sent` whose acceptance the provider's answer did not
 * confirm (a 2xx we could not read), into *n.
 */
enum store_err store_outbox_unconfirmed(struct store *, int64_t *n);

/* The created_at of the oldest queued row into *at (0: none queued). */
enum store_err store_outbox_oldest_queued(struct store *, time_t *at);

#endif
