/*
 * schedtime - the scheduler's time arithmetic: pure functions of the
 * configuration and the zone (clock_init()), no database.
 *
 * The send window is [cfg->send_first, cfg->send_last], minutes after
 * local midnight ([reminders] quiet_hours names the hours outside it); it
 * may wrap past midnight.
 */
#ifndef MENTOR_SCHEDTIME_H
#define MENTOR_SCHEDTIME_H

#include <time.h>

struct config;
struct reminder_rule;

/* The instant of local date(t) + days at minutes after midnight. */
time_t sched_at_local(time_t t, int days, int minutes);

/* t, or the last moment of the send window before it when t is outside. */
time_t send_window_shift(const struct config *, time_t t);

/*
 * 0 while now is inside the send window (with a few minutes' grace after
 * it closes), else the instant it opens next.
 */
time_t send_window_wait(const struct config *, time_t now);

/* D_r(start): rule r's instant for a meeting at start, window-shifted. */
time_t reminder_due_raw(
    const struct config *, const struct reminder_rule *r, time_t start);

/*
 * The instant a reminder by rule r is due for a meeting starting at
 * start, moved out of quiet hours: a due time outside the send window
 * moves to the last allowed moment before it.  Returns (time_t)-1 when
 * that is not before start, or when another rule's reminder for the same
 * meeting comes in the 12 hours before it (the reminder is then dropped).
 */
time_t reminder_due(
    const struct config *, const struct reminder_rule *r, time_t start);

/*
 * S_r(now): the latest meeting start whose reminder by rule r is due by
 * now (D_r never decreases as start grows).
 */
time_t reminder_last_start(
    const struct config *, const struct reminder_rule *r, time_t now);

#endif
