/*
 * inbound - the inbound router: every stored incoming text gets an
 * outcome, and every stored delivery report is matched to its message.
 *
 * From a citizen's number: STOP/STOPP/AFMELD, START, HJÆLP/HELP/INFO, or
 * anything else as a contact request (contact.h).  From a staff number:
 * OK or OK <n> acknowledges a request; anything else gets a short help.
 * Unknown numbers get one neutral reply per 24 hours; alphanumeric
 * senders and short codes never get a reply; no sender gets more than
 * [contact] loop_limit replies an hour (the loop guard).
 *
 * Task functions for loop.c's table (GW_TASK_INBOUND).
 */
#ifndef MENTOR_INBOUND_H
#define MENTOR_INBOUND_H

#include <stdint.h>
#include <time.h>

struct gw;
struct store;
struct config;
struct inbox_rec;

int    inbound_start(struct gw *);
/* Route pending texts and match pending reports, in batches. */
time_t inbound_run(struct gw *, time_t now);
void   inbound_stop(struct gw *);

/*
 * Route one stored text now, in one transaction: reply, open or
 * acknowledge, record the outcome.  Returns 0, or -1 when the store
 * failed (the row is then marked "error").  Exposed for tests.
 */
int    inbound_route(struct store *, const struct config *,
       const struct inbox_rec *, time_t now);

#endif
