/*
 * lease.c - owns the sender lease: taking and renewing it, taking over
 * from a dead holder on this host, and what a locked database means for
 * it.  See lease.h.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clock.h"
#include "crypto.h"
#include "gateway.h"
#include "lease.h"
#include "log.h"
#include "metrics.h"
#include "store.h"

#define GW_LEASE_RETRY_MS 1000 /* standby or locked: try this often */

/*
 * If the lease holder is a process on this host that no longer exists,
 * release its lease.  Returns 1 when released.
 */
static int
lease_take_dead(struct gw *gw)
{
	char   host[256], *holder = NULL, *p, *end;
	time_t expires;
	long   pid;
	size_t n;
	int    taken = 0;

	if (store_lease_get(gw->store, GW_LEASE_NAME, &holder, &expires) !=
		STORE_OK ||
	    holder == NULL)
		return 0;
	if (gethostname(host, sizeof(host)) == -1)
		goto out;
	host[sizeof(host) - 1] = '\0';
	n = strlen(host);
	if (strncmp(holder, host, n) != 0 || holder[n] != ':')
		goto out;
	p = holder + n + 1;
	errno = 0;
	pid = strtol(p, &end, 10);
	if (errno != 0 || end == p || *end != ':' || pid <= 0)
		goto out;
	if (kill((pid_t)pid, 0) == -1 && errno == ESRCH &&
	    store_lease_release(gw->store, GW_LEASE_NAME, holder) == STORE_OK) {
		log_info(
		    "lease: previous holder pid=%ld is gone; taking over", pid);
		taken = 1;
	}
out:
	free(holder);
	return taken;
}

/*
 * Whether the lease is due for renewal: every GW_LEASE_RENEW seconds on
 * the monotonic clock, and also when the settable clock says so (a clock
 * moved forward must not let the lease run out unrenewed).
 */
static int
lease_due(const struct gw *gw, int64_t now_ms)
{
	if (now_ms >= gw->lease_ms)
		return 1;
	return gw->leader &&
	    clock_now() >= gw->lease_until - GW_LEASE_TTL + GW_LEASE_RENEW;
}

/* Log a change of the lease state (e: the last try's result). */
static void
lease_log(const struct gw *gw, enum store_err e)
{
	if (gw->leader)
		log_info("lease: this daemon sends");
	else if (e == STORE_HELD)
		log_info("lease: another daemon holds the sender lease; "
			 "standing by");
	else
		log_warnx("lease: database busy; not sending until the "
			  "lease is renewed");
}

/* Take the lease, or renew it; a dead holder on this host is replaced. */
static enum store_err
lease_acquire(struct gw *gw, time_t *now)
{
	enum store_err e;

	*now = clock_now();
	e = store_lease_acquire(
	    gw->store, GW_LEASE_NAME, gw->holder, *now, GW_LEASE_TTL);
	if (e == STORE_HELD && lease_take_dead(gw)) {
		*now = clock_now();
		e = store_lease_acquire(
		    gw->store, GW_LEASE_NAME, gw->holder, *now, GW_LEASE_TTL);
	}
	return e;
}

/*
 * Only STORE_HELD (a live holder that is not us) means another daemon
 * sends.  A locked database says nothing about a rival: the lease stays
 * ours until it would expire (less GW_LEASE_MARGIN) by our clock; only
 * then do we stop handing messages over.  Nothing we hold is given up
 * meanwhile: answers still in flight and outcomes not yet recorded stay
 * with the sender, which records them when the database lets it
 * (sender.c).
 */
int
lease_tick(struct gw *gw, int64_t now_ms)
{
	enum store_err e;
	time_t	       now;
	int	       was = gw->leader, changed;

	if (!lease_due(gw, now_ms))
		return 0;
	e = lease_acquire(gw, &now);
	if (e == STORE_OK) {
		gw->leader = 1;
		gw->lease_until = now + GW_LEASE_TTL;
		if (gw->lease_locked)
			log_info("lease: renewed; the database is free again");
		gw->lease_locked = 0;
	} else if (e == STORE_HELD) {
		gw->leader = 0;
		gw->lease_locked = 0;
	} else {
		if (!gw->lease_locked)
			log_warnx(
			    "lease: database busy (%s); renewal postponed, "
			    "this daemon stays the sender until its lease "
			    "expires",
			    store_errmsg(gw->store));
		gw->lease_locked = 1;
		gw->leader = gw->leader &&
		    clock_now() < gw->lease_until - GW_LEASE_MARGIN;
	}
	changed = gw->leader != was || gw->lease_ms == 0;
	if (changed) {
		lease_log(gw, e);
		metrics_set(GAUGE_LEADER, gw->leader);
	}
	gw->lease_ms = clock_mono_ms() +
	    (e == STORE_OK ? GW_LEASE_RENEW * 1000 : GW_LEASE_RETRY_MS);
	return changed;
}

int64_t
lease_next_ms(const struct gw *gw)
{
	return gw->lease_ms;
}

void
lease_holder_init(struct gw *gw)
{
	char host[64], rnd[9];

	if (gethostname(host, sizeof(host)) == -1)
		snprintf(host, sizeof(host), "localhost");
	host[sizeof(host) - 1] = '\0';
	if (crypto_random_token(rnd, sizeof(rnd)) == -1)
		snprintf(
		    rnd, sizeof(rnd), "%08lx", (unsigned long)clock_mono_ms());
	snprintf(gw->holder, sizeof(gw->holder), "%s:%ld:%s", host,
	    (long)getpid(), rnd);
}

void
lease_release(struct gw *gw)
{
	if (gw->leader)
		(void)store_lease_release(gw->store, GW_LEASE_NAME, gw->holder);
}
