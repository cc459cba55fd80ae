/*
 * schedtime.c - owns the scheduler's time arithmetic, without the
 * database: local dates and times of day, the send window ([reminders]
 * quiet_hours gives its first and last allowed minute), and when a
 * reminder rule falls due.  See schedtime.h.
 */
#include <string.h>
#include <time.h>

#include "clock.h"
#include "config.h"
#include "schedtime.h"

#define SCHED_GRACE	300 /* seconds after send_last still allowed */
#define SCHED_REDUNDANT (12 * 3600)
#define DAY		86400

/*
 * The last few answers of sched_at_local(), keyed by the local date and the
 * arguments: a reminder pass asks the same few questions for thousands
 * of meetings on one day.  The zone is set once per process.
 */
#define AT_MEMO_SLOTS 4
static struct at_memo {
	int    valid, year, yday, days, minutes;
	time_t at;
} at_memo[AT_MEMO_SLOTS];
static unsigned at_memo_next;

time_t
sched_at_local(time_t t, int days, int minutes)
{
	struct tm	tm, u;
	struct at_memo *m;
	time_t		noon;
	size_t		i;

	clock_local(t, &tm);
	for (i = 0; i < AT_MEMO_SLOTS; i++) {
		m = &at_memo[i];
		if (m->valid && m->year == tm.tm_year &&
		    m->yday == tm.tm_yday && m->days == days &&
		    m->minutes == minutes)
			return m->at;
	}
	memset(&u, 0, sizeof(u));
	u.tm_year = tm.tm_year;
	u.tm_mon = tm.tm_mon;
	u.tm_mday = tm.tm_mday + days;
	u.tm_hour = 12;
	noon = timegm(&u); /* calendar arithmetic only */
	gmtime_r(&noon, &u);
	m = &at_memo[at_memo_next++ % AT_MEMO_SLOTS];
	*m = (struct at_memo){ 1, tm.tm_year, tm.tm_yday, days, minutes, 0 };
	m->at = clock_from_local(u.tm_year + 1900, u.tm_mon + 1, u.tm_mday,
	    minutes / 60, minutes % 60);
	return m->at;
}

/* Seconds after local midnight of t. */
static int
local_second(time_t t)
{
	struct tm tm;

	clock_local(t, &tm);
	return tm.tm_hour * 3600 + tm.tm_min * 60 + tm.tm_sec;
}

/* 1 if local time of day sec lies in the send window (+ grace). */
static int
send_window_has(const struct config *cfg, int sec, int grace)
{
	int lo = cfg->send_first * 60, hi = cfg->send_last * 60 + grace;

	if (lo <= hi)
		return sec >= lo && sec <= hi;
	return sec >= lo || sec <= hi;
}

time_t
send_window_shift(const struct config *cfg, time_t t)
{
	time_t c;

	if (send_window_has(cfg, local_second(t), 0))
		return t;
	c = sched_at_local(t, 0, cfg->send_last);
	if (c > t)
		c = sched_at_local(t, -1, cfg->send_last);
	return c;
}

time_t
send_window_wait(const struct config *cfg, time_t now)
{
	time_t open;

	if (send_window_has(cfg, local_second(now), SCHED_GRACE))
		return 0;
	open = sched_at_local(now, 0, cfg->send_first);
	return open > now ? open : sched_at_local(now, 1, cfg->send_first);
}

/* The rule's own instant for a meeting at start, before the window. */
static time_t
rule_instant(const struct reminder_rule *r, time_t start)
{
	switch (r->kind) {
	case RULE_DAY_BEFORE:
		return sched_at_local(start, -1, r->minutes);
	case RULE_SAME_DAY:
		return sched_at_local(start, 0, r->minutes);
	case RULE_HOURS_BEFORE:
	default:
		return start - (time_t)r->minutes * 60;
	}
}

time_t
reminder_due_raw(
    const struct config *cfg, const struct reminder_rule *r, time_t start)
{
	return send_window_shift(cfg, rule_instant(r, start));
}

time_t
reminder_due(
    const struct config *cfg, const struct reminder_rule *r, time_t start)
{
	time_t inst = rule_instant(r, start), d = send_window_shift(cfg, inst),
	       o;
	size_t i, me = (size_t)(r - cfg->rules);

	if (d >= start)
		return (time_t)-1;
	if (d == inst)
		return d;
	for (i = 0; i < cfg->nrules; i++) {
		if (i == me)
			continue;
		o = reminder_due_raw(cfg, &cfg->rules[i], start);
		/* Another moved reminder only counts when it comes first. */
		if (o != rule_instant(&cfg->rules[i], start) && i > me)
			continue;
		if (o < start && o <= d && o >= d - SCHED_REDUNDANT)
			return (time_t)-1;
	}
	return d;
}

/*
 * The last answer of last_due_start() per rule slot: consecutive ticks
 * ask about nearly the same instant, so the search starts from there.
 * Keyed by the rule's and the send window's values (not by pointers: a
 * reloaded configuration may sit at the same address).
 */
static struct due_memo {
	enum reminder_rule_kind kind;
	int			minutes, send_first, send_last;
	time_t			now, start;
	int			valid;
} due_memo[CONFIG_MAX_RULES];

/* The memo slot for rule r when it matches, else NULL. */
static struct due_memo *
due_memo_get(
    const struct config *cfg, const struct reminder_rule *r, time_t now)
{
	size_t		 i = (size_t)(r - cfg->rules);
	struct due_memo *m;

	if (i >= CONFIG_MAX_RULES)
		return NULL;
	m = &due_memo[i];
	if (!m->valid || m->kind != r->kind || m->minutes != r->minutes ||
	    m->send_first != cfg->send_first ||
	    m->send_last != cfg->send_last || now < m->now)
		return NULL;
	return m;
}

static void
due_memo_put(const struct config *cfg, const struct reminder_rule *r,
    time_t now, time_t start)
{
	size_t i = (size_t)(r - cfg->rules);

	if (i < CONFIG_MAX_RULES)
		due_memo[i] = (struct due_memo){ r->kind, r->minutes,
			cfg->send_first, cfg->send_last, now, start, 1 };
}

/*
 * D_r is non-decreasing and D_r(s) <= s + 1 day.  From a memo of an
 * earlier `now`, gallop forward (an idle tick costs a few D_r); else
 * binary search over the whole span.
 */
time_t
reminder_last_start(
    const struct config *cfg, const struct reminder_rule *r, time_t now)
{
	struct due_memo *m = due_memo_get(cfg, r, now);
	time_t		 lo = now - 2 * DAY, hi, mid, step;

	hi = now + 3 * DAY +
	    (r->kind == RULE_HOURS_BEFORE ? (time_t)r->minutes * 60 : 0);
	if (m != NULL && m->start >= lo && m->start < hi) {
		lo = m->start; /* D(lo) <= m->now <= now */
		for (step = 1; lo + step < hi; step *= 2)
			if (reminder_due_raw(cfg, r, lo + step) > now) {
				hi = lo + step;
				break;
			} else
				lo += step;
	}
	if (reminder_due_raw(cfg, r, hi) <= now)
		lo = hi;
	while (hi - lo > 1) {
		mid = lo + (hi - lo) / 2;
		if (reminder_due_raw(cfg, r, mid) <= now)
			lo = mid;
		else
			hi = mid;
	}
	due_memo_put(cfg, r, now, lo);
	return lo;
}
