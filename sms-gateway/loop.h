/*
 * loop - the daemon's event loop (epoll on the monotonic clock) and its
 * table of tasks; the functions tasks call (gw_watch, gw_soon, ...) are
 * in gateway.h.
 */
#ifndef MENTOR_LOOP_H
#define MENTOR_LOOP_H

#include <signal.h>

struct gw;

/*
 * Make the loop (epoll, the wake-up counter, a signalfd for set: the
 * signals daemon_signals() blocked) and start every task.  Exits on
 * failure.
 */
void gw_loop_start(struct gw *, const sigset_t *set);

/*
 * Run until SIGTERM or SIGINT and the sender is idle (or the drain took
 * too long, or a second one came); SIGHUP reloads the configuration.
 */
void gw_loop_run(struct gw *);

/* Stop the tasks in reverse order and free the loop. */
void gw_loop_stop(struct gw *);

#endif
