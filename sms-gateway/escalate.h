/*
 * escalate - the contact requests nobody answered: after [contact]
 * escalate_after of working time ([contact] working_hours, weekdays) a
 * request goes to the mentor's deputy, or to [contact] escalate_to
 * (contact_escalate_due() in contact.h does the work).
 *
 * Task functions for loop.c's table (GW_TASK_ESCALATION).
 */
#ifndef MENTOR_ESCALATE_H
#define MENTOR_ESCALATE_H

#include <time.h>

struct gw;

int    escalate_start(struct gw *);
/* Escalate what is due; returns when to look again. */
time_t escalate_run(struct gw *, time_t now);
void   escalate_stop(struct gw *);

#endif
