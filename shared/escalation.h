/*
 * escalation - the steps of [contact] escalation: a contact request
 * nobody has acknowledged goes, step by step, to more people.
 *
 *	escalation = 4h deputy, 8h team, 24h coordinator
 *
 * Each step is a time of working time counted from the moment the
 * request was opened ([contact] working_hours, weekdays, without public
 * holidays and closed_days: contact_working_deadline()) and a target:
 *
 *	deputy		the mentor's deputy
 *	team		the staff of the mentor's organisation unit
 *			(staff.organisation); the coordinators when the
 *			mentor has none
 *	coordinator	every staff member with the coordinator role
 *	+45...		one phone number (a team phone, say)
 *
 * Times grow from step to step.  The list is only data: config_table.c
 * reads it, contact_escalate.c carries it out.  No configuration needed here,
 * so config.c can include this header.
 */
#ifndef MENTOR_ESCALATION_H
#define MENTOR_ESCALATION_H

#include "phone.h"

#define ESCALATION_MAX_STEPS 8
#define ESCALATION_MIN_AFTER 60 /* seconds */
#define ESCALATION_MAX_AFTER (30 * 86400)

enum escalation_target {
	ESCALATION_DEPUTY,
	ESCALATION_TEAM,
	ESCALATION_COORDINATOR,
	ESCALATION_NUMBER,
	ESCALATION__MAX
};

struct escalation_step {
	int		       after; /* seconds of working time since opened */
	enum escalation_target target;
	char		       number[PHONE_MAX]; /* ESCALATION_NUMBER: E.164 */
};

struct escalation {
	struct escalation_step step[ESCALATION_MAX_STEPS];
	size_t		       n; /* 0: not configured */
};

/*
 * Parse one step's target ("deputy", "team", "coordinator" or a phone
 * number we can text) into st->target (and st->number).  Returns 0, or
 * -1 when it is none of these.
 */
int escalation_target_parse(const char *word, struct escalation_step *st);

/* "deputy", "team", "coordinator", "number"; "unknown" out of range. */
const char *escalation_target_name(enum escalation_target);

/*
 * Write step st as the configuration spells it ("4h deputy", "90m
 * +4544520001") into out (len bytes, truncated if short).
 */
void	    escalation_step_format(
	   const struct escalation_step *st, char *out, size_t len);

#endif
