/*
 * replyguard - numbers we never pay to answer automatically.
 *
 * Every SMS we send costs money, and some numbers cost the sender far
 * more than others: premium-rate ranges, satellite phones and the
 * "international networks" (+881, +882, +883, +870 ...) are where SMS
 * pumping sends its traffic - a stranger texts from such a number,
 * hoping our automatic reply earns them a share of the charge.  So an
 * automatic reply to a number that is not a known citizen or staff
 * member goes only to countries on an allow-list ([contact]
 * reply_countries, default DK), never to the ranges in the table of
 * replyguard.c, and (the caller's part, counted in the database) not more
 * than [contact] unknown_replies_per_hour of them an hour in all.
 *
 * The allow-list names countries of country.h (the Nordic countries and
 * the nearest neighbours); the table here holds their premium-rate
 * ranges.  Numbers are E.164.
 * Nothing here allocates.
 */
#ifndef MENTOR_REPLYGUARD_H
#define MENTOR_REPLYGUARD_H

struct config_words;

/* Why a reply is withheld; the names are the /metrics reasons. */
enum replyguard {
	REPLYGUARD_OK = 0,
	REPLYGUARD_PREMIUM, /* premium-rate, satellite, international network */
	REPLYGUARD_COUNTRY, /* a country not on the allow-list */
	REPLYGUARD_BUDGET,  /* the hour's replies to strangers are spent */
	REPLYGUARD__MAX
};

/*
 * May an automatic reply go to e164 (a sender we cannot place)?
 * REPLYGUARD_PREMIUM for a range in the table, REPLYGUARD_COUNTRY when
 * its country is not in countries (ISO codes as in the configuration;
 * NULL or empty: none), else REPLYGUARD_OK.  Never REPLYGUARD_BUDGET.
 */
enum replyguard replyguard_number(
    const struct config_words *countries, const char *e164);

/* "ok", "premium", "country" or "budget"; never NULL. */
const char *replyguard_reason(enum replyguard);

#endif
