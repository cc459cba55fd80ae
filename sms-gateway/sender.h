/*
 * sender - the outbox sender task: claims due rows by priority, hands
 * them to the configured provider (several at once over kept-alive
 * connections for the HTTP providers), classifies each answer and
 * records the outcomes.  See sender.c for the details.
 */
#ifndef MENTOR_SENDER_H
#define MENTOR_SENDER_H

#include <stddef.h>
#include <time.h>

struct config;
struct gw;

/* Task functions for loop.c's table. */
int    sender_start(struct gw *);
time_t sender_run(struct gw *, time_t now);
void   sender_stop(struct gw *);

/*
 * 1 when nothing is in flight and no outcome waits to be recorded: the
 * loop may exit after SIGTERM.
 */
int    sender_idle(struct gw *);

/*
 * Check that the configured provider can start (credentials readable,
 * output file writable).  Returns 0, or -1 with the reason in err.
 */
int    sender_check_config(const struct config *, char *err, size_t errlen);

#endif
