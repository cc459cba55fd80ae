/*
 * purge.c - retention from configuration.  See purge.h.
 */
#include <string.h>

#include "config.h"
#include "purge.h"
#include "store_citizen.h"
#include "store_desk.h"

#define DAY 86400

/* See purge.h. */
void
purge_cutoffs_from_config(
    const struct config *cfg, time_t now, struct purge_cutoffs *c)
{
	memset(c, 0, sizeof(*c));
	c->messages = now - (time_t)cfg->keep_message_days * DAY;
	c->inbox = now - (time_t)cfg->keep_inbox_days * DAY;
	c->logins = now - (time_t)cfg->keep_login_days * DAY;
	c->audit = now - (time_t)cfg->keep_audit_days * DAY;
	c->reply_log = now - (time_t)PURGE_REPLY_LOG_DAYS * DAY;
	c->require_export = cfg->require_export;
}

/* See purge.h. */
enum store_err
purge_run(struct store *s, const struct config *cfg, time_t now, int dry_run,
    struct purge_counts *counts)
{
	struct purge_cutoffs c;
	enum store_err	     e = STORE_OK;
	int64_t		     erased, desk;
	int		     more = 0;

	memset(counts, 0, sizeof(*counts));
	purge_cutoffs_from_config(cfg, now, &c);
	if (dry_run)
		return store_purge_step(s, &c, -1, 1, now, counts, &more);
	do
		e = store_purge_step(s, &c, PURGE_BATCH, 0, now, counts, &more);
	while (e == STORE_OK && more);
	/* An erased citizen's row goes with the last audit row about it. */
	if (e == STORE_OK)
		e = store_desk_purge(s, c.logins, &desk);
	if (e == STORE_OK) {
		counts->logins += desk;
		e = store_citizen_erased_purge(s, &erased);
	}
	return e;
}
