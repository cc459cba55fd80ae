/*
 * scheduler - the reminder and notice task: queues meeting reminders
 * when they fall due, "moved"/"cancelled" notices when a meeting
 * changes, and agreement notices (activated, ending soon).  Everything it
 * queues carries a dedupe key, so a restart or two racing ticks never
 * queue a message twice.
 */
#ifndef MENTOR_SCHEDULER_H
#define MENTOR_SCHEDULER_H

#include <time.h>

struct config;
struct gw;
struct store;

/* Task functions for loop.c's table. */
int    scheduler_start(struct gw *);
time_t scheduler_run(struct gw *, time_t now);
void   scheduler_stop(struct gw *);

/*
 * One scheduler pass at now on store: queue what is due and return the
 * next instant something falls due (0: nothing known).  *queued (may be
 * NULL) gets the number of messages queued.  For tests and benchmarks;
 * the task calls it.
 */
time_t scheduler_tick(
    struct store *, const struct config *, time_t now, int *queued);

#endif
