/*
 * replyguard.c - numbers we never answer; see replyguard.h.
 */
#include <stddef.h>
#include <string.h>
#include <strings.h>

#include "config.h"
#include "country.h"
#include "replyguard.h"

/* Ranges no automatic reply goes to, whatever the allow-list says. */
static const char *const premium[] = {
	"+870",	 /* Inmarsat */
	"+800",	 /* international freephone */
	"+808",	 /* international shared cost */
	"+878",	 /* universal personal telecommunications */
	"+881",	 /* global mobile satellite systems (Iridium ...) */
	"+882",	 /* international networks */
	"+883",	 /* international networks */
	"+888",	 /* telecommunications for disaster relief */
	"+979",	 /* international premium rate */
	"+4590", /* Denmark: 90 premium rate */
	"+46900", "+46939", "+46944", /* Sweden: premium rate */
	"+47820", "+47829",	      /* Norway: premium rate */
	"+358600", "+358700",	      /* Finland: premium rate */
	"+49900", "+49137", "+49118", /* Germany: premium, televoting */
	"+449", "+4487", "+4470",     /* UK: premium, "personal" numbers */
};

static const char *const reasons[REPLYGUARD__MAX] = {
	[REPLYGUARD_OK] = "ok",
	[REPLYGUARD_PREMIUM] = "premium",
	[REPLYGUARD_COUNTRY] = "country",
	[REPLYGUARD_BUDGET] = "budget",
};

/* 1 if s starts with prefix. */
static int
starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* See replyguard.h. */
enum replyguard
replyguard_number(const struct config_words *allowed, const char *e164)
{
	const char *code;
	size_t	    i;

	if (e164 == NULL || e164[0] != '+')
		return REPLYGUARD_COUNTRY;
	for (i = 0; i < sizeof(premium) / sizeof(premium[0]); i++)
		if (starts_with(e164, premium[i]))
			return REPLYGUARD_PREMIUM;
	for (i = 0; allowed != NULL && i < allowed->n; i++)
		if ((code = country_calling_code(allowed->word[i])) != NULL &&
		    starts_with(e164, code))
			return REPLYGUARD_OK;
	return REPLYGUARD_COUNTRY;
}

/* See replyguard.h. */
const char *
replyguard_reason(enum replyguard g)
{
	if ((unsigned)g >= REPLYGUARD__MAX)
		return "ok";
	return reasons[g];
}
