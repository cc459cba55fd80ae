/*
 * retention.c - owns the daily purge task (bodies blanked, old rows
 * deleted).  See retention.h.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "config.h"
#include "gateway.h"
#include "log.h"
#include "purge.h"
#include "retention.h"
#include "store.h"

#define RETENTION_EVERY	  86400
#define RETENTION_SETTING "retention.last_run"
#define RETENTION_RETRY	  600 /* after a failure */

struct retention {
	time_t next;
};

/* The instant of the last run from the settings, 0 if never. */
static time_t
last_run(struct store *s)
{
	char	 *v = NULL, *end;
	long long t = 0;

	if (store_setting_get(s, RETENTION_SETTING, &v) == STORE_OK &&
	    v != NULL) {
		t = strtoll(v, &end, 10);
		if (*end != '\0' || t < 0)
			t = 0;
	}
	free(v);
	return (time_t)t;
}

/* Log what a purge did. */
static void
log_counts(const struct purge_counts *c)
{
	log_info("retention: purged messages=%" PRId64 " login_codes=%" PRId64
		 " inbox=%" PRId64 " logins=%" PRId64 " audit=%" PRId64
		 " reply_log=%" PRId64 " reports=%" PRId64
		 " waiting_for_export=%" PRId64,
	    c->messages, c->login_codes, c->inbox, c->logins, c->audit,
	    c->reply_log, c->reports, c->held);
	if (c->held > 0)
		log_warnx(
		    "retention: %" PRId64 " rows are past their retention "
		    "period but not exported; run mentorctl journal export",
		    c->held);
}

/* See retention.h. */
int
retention_start(struct gw *gw)
{
	struct retention *r;

	if ((r = calloc(1, sizeof(*r))) == NULL)
		fatal("%s", __func__);
	gw->task[GW_TASK_RETENTION] = r;
	return 0;
}

/* See retention.h. */
time_t
retention_run(struct gw *gw, time_t now)
{
	struct retention   *r = gw->task[GW_TASK_RETENTION];
	struct purge_counts c;
	char		    v[32];
	time_t		    last;

	if (r == NULL || !gw_may_send(gw))
		return 0;
	if (r->next == 0 && (last = last_run(gw->store)) != 0)
		r->next = last + RETENTION_EVERY;
	if (now < r->next)
		return r->next;
	if (purge_run(gw->store, gw->cfg, now, 0, &c) != STORE_OK) {
		log_warnx("retention: %s", store_errmsg(gw->store));
		r->next = now + RETENTION_RETRY;
		return r->next;
	}
	log_counts(&c);
	snprintf(v, sizeof(v), "%lld", (long long)now);
	if (store_setting_set(gw->store, RETENTION_SETTING, v) != STORE_OK)
		log_warnx("retention: %s", store_errmsg(gw->store));
	r->next = now + RETENTION_EVERY;
	return r->next;
}

/* See retention.h. */
void
retention_stop(struct gw *gw)
{
	free(gw->task[GW_TASK_RETENTION]);
	gw->task[GW_TASK_RETENTION] = NULL;
}
