/*
 * lease - the sender lease (GW_LEASE_NAME): one daemon per database
 * sends; a second one stands by and takes over when the first is gone.
 * A lease left by a dead process on this host is taken over at once.  A
 * locked database is a wait, never a lost lease.  Loop thread only.
 */
#ifndef MENTOR_LEASE_H
#define MENTOR_LEASE_H

#include <stdint.h>

struct gw;

/* Set gw->holder: host:pid:random, unique per process start. */
void	lease_holder_init(struct gw *);

/*
 * Take or renew the lease when due (gw->leader, gw->lease_until).
 * Returns 1 when whether we send changed (or on the first try): every
 * task should run.
 */
int	lease_tick(struct gw *, int64_t now_ms);

/* When lease_tick() wants to run next (clock_mono_ms()). */
int64_t lease_next_ms(const struct gw *);

/* Give the lease up if we hold it (at exit). */
void	lease_release(struct gw *);

#endif
