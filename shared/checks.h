/*
 * checks.h - the agreement checks a caseworker sees as warnings (mentorctl
 * agreement show, import, the staff console): any of
 * the six items the written agreement must hold is missing, the period
 * is over 6 months, support after a psychiatric discharge is shorter
 * than 6 months in total, the mentor is also the caseworker.  Warnings,
 * not errors: the agreement is stored anyway.
 *
 * The checks are a table; checks_run() is pure, checks_gather() reads
 * what it needs from the store.
 */
#ifndef MENTOR_CHECKS_H
#define MENTOR_CHECKS_H

#include "store.h"

enum check_id {
	CHECK_GOAL,	       /* 1. goal */
	CHECK_MENTOR,	       /* 2. mentor */
	CHECK_MENTOR_CONTACT,  /* 2. mentor's contact details */
	CHECK_TASKS,	       /* 3. tasks */
	CHECK_PERIOD,	       /* 4. period */
	CHECK_HOURS,	       /* 5. hours */
	CHECK_GUIDANCE,	       /* 6. complaint guidance */
	CHECK_PERIOD_LONG,     /* one grant is at most 6 months */
	CHECK_DISCHARGE_SHORT, /* discharge right: at least 6 months in all */
	CHECK_SAME_PERSON,     /* mentor = caseworker */
	CHECK__MAX
};

#define CHECK_GRANT_MONTHS 6

/* What the checks look at. */
struct check_input {
	const struct agreement_rec *a;
	int  mentor_has_contact; /* the mentor has a mobile or e-mail */
	int  guidance_found;	 /* guidance_key names a stored text */
	char chain_start[11];	 /* first start in the chain, or "" */
	int  chain_days;	 /* days covered by the whole chain */
};

struct check {
	const char *name; /* stable word for scripts: "goal" */
	int (*fails)(const struct check_input *);
	const char *text; /* Danish msgid; translate with i18n */
};

extern const struct check checks[CHECK__MAX];

/*
 * Run every check; bit i of the result is set when check i warns.
 */
unsigned int		  checks_run(const struct check_input *);

/*
 * Fill in for agreement a from the store: the mentor's contact, the
 * guidance text, and the chain of agreements that extend one another
 * (following extends_id both ways).  in->a is set to a.
 */
enum store_err		  checks_gather(
	       struct store *, const struct agreement_rec *a, struct check_input *in);

struct config;

/*
 * The word warning of `mentorctl check`: every text that can reach an
 * SMS - each SMS template in each language (shared/outbox_text.c,
 * shared/smsreply.c, through the installed catalogues), [organisation]
 * name, [organisation] sms_urgent_text and [contact] unknown_reply in
 * every language - is looked up in [sms] sensitive_words.  fn(where,
 * word, arg) is called for each text holding such a word: where says
 * which text ("[organisation] name", "SMS text (en) \"Husk dit møde
 * ...\""), word is the word found.  Returns the number of texts looked
 * at.  Nothing to free.
 */
size_t checks_sms_words(const struct config *cfg,
    void (*fn)(const char *where, const char *word, void *arg), void *arg);

#endif
