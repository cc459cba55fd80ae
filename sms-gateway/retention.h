/*
 * retention - the daily purge ([retention], see purge.h): bodies blanked,
 * old rows deleted, never what waits for the journal export when
 * require_export is set.  The time of the last run is kept in the
 * setting "retention.last_run", so a restart does not purge again.
 *
 * Task functions for loop.c's table (GW_TASK_RETENTION).
 */
#ifndef MENTOR_RETENTION_H
#define MENTOR_RETENTION_H

#include <time.h>

struct gw;

int    retention_start(struct gw *);
/* Purge when a day has passed since the last run; returns the next run. */
time_t retention_run(struct gw *, time_t now);
void   retention_stop(struct gw *);

#endif
