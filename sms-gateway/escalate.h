/*
 * escalate - the contact requests nobody answered go, step by step
 * ([contact] escalation, counted in working time: [contact]
 * working_hours, weekdays, no public holidays), to the deputy, the
 * team, the coordinators or a number (contact_escalate_due() in
 * contact.h does the work).
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
