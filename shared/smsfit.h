/*
 * smsfit - how many SMS parts each text we send can take at worst, per
 * language: every template of outbox_text.h (the scheduler's texts) and
 * smsreply.h (replies and receipts) plus [contact] unknown_reply,
 * rendered in each language of lang.c with long but realistic values (a
 * 20-letter first name, the longer of the configured organisation name
 * and the longest Danish municipality's, the longest date of a year in
 * that language, a long place) and counted by smstext.h, the counter of
 * mentorctl sms-info.  Texts to staff are sent in Danish only.  Used by
 * mentorctl check and tests/unit/test_smsfit.c.  Not thread-safe.
 */
#ifndef MENTOR_SMSFIT_H
#define MENTOR_SMSFIT_H

#include <stddef.h>

#include "lang.h"
#include "smstext.h"

struct config;

/* The most parts a text may take (issue 12: short, plain sentences). */
#define SMSFIT_PARTS_MAX 2

/* A 20-letter first name, a long municipality name, a 21-letter place. */
#define SMSFIT_FIRST_NAME   "Christopher-Emmanuel"
#define SMSFIT_ORGANISATION "Høje-Taastrup Kommune"
#define SMSFIT_PLACE	    "Jobcentret, lokale 12"

#define SMSFIT_DATE_MAX 160

/* The long values a text is rendered with, per language. */
struct smsfit_values {
	const struct config *cfg;
	const char	    *organisation;
	char		     phone[32]; /* as an SMS shows it */
	char		     date[LANG_MAX][SMSFIT_DATE_MAX];
	char		     time[LANG_MAX][32];
};

/* Outbox texts, then smsreply texts, then [contact] unknown_reply. */
size_t	    smsfit_count(void);

/*
 * A short stable name of text i ("outbox.reminder_place",
 * "reply.receipt", "unknown_reply"); NULL past the last.
 */
const char *smsfit_name(size_t i);

/* 1 when text i goes to a citizen (any language), 0 to staff (Danish). */
int	    smsfit_to_citizen(size_t i);

/*
 * Fill v for cfg (its organisation name, phone and texts; cfg must
 * outlive v).  Formats a year of dates per language: call once.
 */
void	    smsfit_values(struct smsfit_values *v, const struct config *cfg);

/*
 * Render text i in lang with v and count it into *info.  Returns 0, 1
 * when the text is not sent in lang (staff texts other than Danish;
 * unknown_reply when the config has none: the built-in reply.unknown is
 * sent), or -1 when it does not render (logged).
 */
int smsfit_measure(size_t i, const char *lang, const struct smsfit_values *v,
    struct smstext_info *info);

#endif
