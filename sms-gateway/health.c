/*
 * health.c - owns the providers' health state machine.  See health.h.
 */
#include <stdio.h>
#include <string.h>

#include "health.h"

void
health_init(struct health *h, time_t now)
{
	memset(h, 0, sizeof(*h));
	h->state = HEALTH_UP;
	h->since = now;
}

/* Take h out of traffic at now. */
static void
health_trip(struct health *h, const struct health_rules *r, time_t now)
{
	h->state = HEALTH_DOWN;
	h->since = now;
	h->next_probe = now + r->probe;
	h->trips++;
}

int
health_note(struct health *h, const struct health_rules *r,
    enum health_event ev, int probe, const char *reason, time_t now)
{
	switch (ev) {
	case HEALTH_ANSWERED:
		h->failures = 0;
		if (h->state == HEALTH_UP || !probe)
			return 0;
		h->state = HEALTH_UP;
		h->since = now;
		return 1;
	case HEALTH_FAILED:
	case HEALTH_ACCOUNT:
		snprintf(h->reason, sizeof(h->reason), "%s",
		    reason != NULL ? reason : "");
		h->failures++;
		if (h->state == HEALTH_DOWN) {
			if (probe)
				h->next_probe = now + r->probe;
			return 0;
		}
		if (ev == HEALTH_FAILED && h->failures < r->after)
			return 0;
		health_trip(h, r, now);
		return 1;
	default:
		return 0;
	}
}

int
health_takes(const struct health *h, const struct health_rules *r, int login)
{
	if (h->state != HEALTH_UP)
		return 0;
	return !login || h->failures < r->login_after;
}

size_t
health_pick(const struct health *h, size_t n, const struct health_rules *r,
    int login, int may_probe, time_t now, int *probe)
{
	size_t i;

	*probe = 0;
	for (i = 0; i < n; i++) {
		if (health_takes(&h[i], r, login))
			return i;
		if (may_probe && h[i].state == HEALTH_DOWN &&
		    now >= h[i].next_probe) {
			*probe = 1;
			return i;
		}
	}
	/* Login codes: rather a provider that failed once than none. */
	for (i = 0; login && i < n; i++)
		if (h[i].state == HEALTH_UP)
			return i;
	return 0;
}

void
health_probe_start(struct health *h, const struct health_rules *r, time_t now)
{
	h->next_probe = now + r->probe;
}

const char *
health_state_name(enum health_state s)
{
	return s == HEALTH_UP ? "up" : "out";
}
