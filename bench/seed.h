/*
 * seed.h - a step the benchmarks that fill a database share
 * (gw_sched.c, kiosk_bench.c): store citizen c with reminders on, then
 * start its agreement a, "a-N", for the caller to fill in and store.
 * A static function in a header: each benchmark is one program.
 */
#ifndef MENTOR_BENCH_SEED_H
#define MENTOR_BENCH_SEED_H

#include <stdio.h>
#include <string.h>

#include "log.h"
#include "store.h"

/* ext (len bytes) holds a's external id afterwards. */
static inline void
seed_citizen(struct store *s, struct citizen_rec *c, int i,
    struct agreement_rec *a, char *ext, size_t len)
{
	c->reminders_on = 1;
	if (store_citizen_upsert(s, c) != STORE_OK)
		fatalx("citizen: %s", store_errmsg(s));
	memset(a, 0, sizeof(*a));
	snprintf(ext, len, "a-%d", i);
	a->external_id = ext;
	a->citizen_id = c->id;
}

#endif
