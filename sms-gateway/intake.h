/*
 * intake - the listener's writer thread: verified webhook events are
 * queued here, stored in batches (one transaction for all that queued up
 * while the previous batch committed: group commit), and each is then
 * handed back with its HTTP status.  The listener suspends a request
 * while its event waits, so no answer goes out before the event is
 * committed, and the database sees one commit per batch, not per request.
 *
 * The thread has its own store connection.  Any thread may push; the
 * done callback runs on the writer thread.
 */
#ifndef MENTOR_INTAKE_H
#define MENTOR_INTAKE_H

#include "webhook.h"

struct intake;
struct store_ckpt;

/* One queued event; the caller allocates it and gets it back in done(). */
struct intake_item {
	struct intake_item  *next;	/* intake's own */
	struct webhook_event ev;	/* owned: freed by the caller */
	unsigned int	     status;	/* set before done(): 200 or 503 */
	int		     duplicate; /* set before done() */
	void		    *arg;	/* the caller's */
};

/*
 * Start the writer on the database at db_path.  done(item, cbarg) is
 * called once per item after its batch committed (or failed); stored()
 * (may be NULL) once per batch that stored something new.  The writer's
 * connection is attached to ckpt (may be NULL).  Returns the intake, or
 * NULL (logged).
 */
struct intake *intake_start(const char *db_path, struct store_ckpt *,
    void (*done)(struct intake_item *, void *cbarg),
    void (*stored)(void *cbarg), void *cbarg);

/*
 * Queue item.  Returns 0, or -1 when the intake is stopping (the item is
 * not taken; answer 503).
 */
int	       intake_push(struct intake *, struct intake_item *);

/*
 * Store what is queued, call done() for it and stop the thread; from then
 * on intake_push() refuses.  The intake stays allocated for late pushes
 * until intake_free() (which stops it first if needed).
 */
void	       intake_stop(struct intake *);

/*
 * Returns how many webhook events wait to be stored right now, queued or
 * in a transaction not yet committed (all intakes of the process), so
 * others writing to the database can let the webhooks go first.
 */
unsigned int   intake_backlog(void);
/* Milliseconds since any intake last stored a batch (INT64_MAX: never). */
int64_t	       intake_quiet_ms(void);
void	       intake_free(struct intake *);

#endif
