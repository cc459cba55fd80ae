/*
 * escalate.c - owns the escalation task: contact requests nobody
 * answered in time go, step by step, to more people.  See escalate.h.
 *
 * A new request's first step is never due sooner than a minute after it
 * was opened, so looking every ESCALATE_LOOK seconds, or at the next
 * known step, whichever is sooner, is enough; database changes do not
 * make it look again.
 */
#include <stdlib.h>

#include "config.h"
#include "contact.h"
#include "gateway.h"
#include "escalate.h"
#include "log.h"
#include "metrics.h"

#define ESCALATE_LOOK 30 /* seconds */

struct escalate {
	time_t next; /* when to look again */
};

/* See escalate.h. */
int
escalate_start(struct gw *gw)
{
	struct escalate *e;

	if ((e = calloc(1, sizeof(*e))) == NULL)
		fatal("%s", __func__);
	gw->task[GW_TASK_ESCALATION] = e;
	return 0;
}

/* See escalate.h. */
time_t
escalate_run(struct gw *gw, time_t now)
{
	struct escalate *e = gw->task[GW_TASK_ESCALATION];
	time_t		 due = 0;
	int		 n;

	if (e == NULL || !gw_may_send(gw))
		return 0;
	if (now < e->next)
		return e->next;
	if ((n = contact_escalate_due(gw->store, gw->cfg, now, &due)) > 0)
		metrics_add(METRIC_ESCALATIONS, (uint64_t)n);
	e->next = now + ESCALATE_LOOK;
	if (due != 0 && due < e->next)
		e->next = due;
	return e->next;
}

/* See escalate.h. */
void
escalate_stop(struct gw *gw)
{
	free(gw->task[GW_TASK_ESCALATION]);
	gw->task[GW_TASK_ESCALATION] = NULL;
}
