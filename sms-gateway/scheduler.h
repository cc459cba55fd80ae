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
struct reminder_rule;
struct store;

/* Task functions for main.c's table. */
int	scheduler_start(struct gw *);
time_t	scheduler_run(struct gw *, time_t now);
void	scheduler_stop(struct gw *);

/*
 * The instant a reminder by rule r is due for a meeting starting at
 * start, moved out of quiet hours: a due time outside the allowed window
 * [cfg->quiet_start, cfg->quiet_end] (local) moves to the last allowed
 * moment before it.  Returns (time_t)-1 when that is not before start
 * (the reminder is then dropped).
 */
time_t	reminder_due(const struct config *, const struct reminder_rule *r,
	    time_t start);

/*
 * One scheduler pass at now on store: queue what is due and return the
 * next instant something falls due (0: nothing known).  *queued (may be
 * NULL) gets the number of messages queued.  For tests and benchmarks;
 * the task calls it.
 */
time_t	scheduler_tick(struct store *, const struct config *, time_t now,
	    int *queued);

#endif
