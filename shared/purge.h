/*
 * purge - the retention rules of [retention] applied to the database:
 * used by the daemon once a day and by `mentorctl purge [--dry-run]`.
 * See store_journal.h for what is blanked and what is deleted.
 */
#ifndef MENTOR_PURGE_H
#define MENTOR_PURGE_H

#include <time.h>

#include "store.h"
#include "store_journal.h"

struct config;

/* Rows per transaction, so a purge never holds the database for long. */
#define PURGE_BATCH 2000
/* The loop-guard log is kept this long (it only needs the last day). */
#define PURGE_REPLY_LOG_DAYS 2

/* The cutoffs that cfg's [retention] gives at now. */
void purge_cutoffs_from_config(
    const struct config *, time_t now, struct purge_cutoffs *);

/*
 * Purge everything due at now in batches (dry_run: count, change
 * nothing); counts are zeroed first.  Returns the store's result.
 */
enum store_err purge_run(struct store *, const struct config *, time_t now,
    int dry_run, struct purge_counts *counts);

#endif
