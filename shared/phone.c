/*
 * phone.c - phone number normalisation and provider formats (see phone.h).
 */
#include <stdio.h>
#include <string.h>

#include "phone.h"

#define E164_DIGITS_MAX 15 /* ITU-T E.164, country code included */
#define E164_DIGITS_MIN 8  /* shortest we accept outside Denmark */
#define DK_DIGITS	8  /* national significant number */
#define DK_SHORT_MIN	3  /* 112 */
#define DK_SHORT_MAX	4  /* 1813, 1204 */
#define SEPARATORS	" \t-.()"

static const char *const phone_errors[PHONE__MAX] = {
	[PHONE_OK] = "ok",
	[PHONE_EMPTY] = "no phone number given",
	[PHONE_CHARS] = "a phone number may only contain digits, spaces, "
			"dashes, dots, parentheses and a leading +",
	[PHONE_SHORT] = "short and service numbers (such as 112 or 1813) "
			"cannot receive SMS",
	[PHONE_LENGTH] = "wrong number of digits: Danish numbers have 8, "
			 "foreign numbers 8 to 15 including the country code",
	[PHONE_PREMIUM] = "premium-rate (90), freephone (80) and shared-cost "
			  "(70) numbers cannot receive SMS",
	[PHONE_FORMAT] = "Danish numbers start with a digit from 2 to 9",
	[PHONE_COUNTRY] = "a country code never starts with 0",
};

/* Danish series that exist but must not be sent reminders. */
static const struct {
	const char    *prefix;
	enum phone_err err;
} dk_rejected[] = {
	{ "0", PHONE_FORMAT },
	{ "1", PHONE_FORMAT },
	{ "70", PHONE_PREMIUM },
	{ "80", PHONE_PREMIUM },
	{ "90", PHONE_PREMIUM },
};

/* Characters of each style that are skipped from the E.164 form. */
static const size_t style_skip[PHONE_STYLE__MAX] = {
	[PHONE_STYLE_E164] = 0,
	[PHONE_STYLE_DIGITS] = 1,
};

/* The digits of a number after cleaning, and whether it had a '+'. */
struct phone_digits {
	int    plus;
	size_t n;		       /* digits seen, may exceed the buffer */
	char   d[E164_DIGITS_MAX + 3]; /* room for "00" + 15 + NUL */
};

const char *
phone_strerror(enum phone_err err)
{
	if ((unsigned int)err >= PHONE__MAX)
		return "unknown phone number error";
	return phone_errors[err];
}

/*
 * Collect the digits of in into pd, skipping the characters in skip and
 * allowing one '+' before the first digit.  Returns PHONE_OK,
 * PHONE_CHARS, PHONE_EMPTY or PHONE_LENGTH (more digits than E.164 and
 * an international prefix could hold).
 */
static enum phone_err
phone_collect(const char *in, const char *skip, struct phone_digits *pd)
{
	memset(pd, 0, sizeof(*pd));
	for (; *in != '\0'; in++) {
		if (strchr(skip, *in) != NULL)
			continue;
		if (*in == '+' && !pd->plus && pd->n == 0)
			pd->plus = 1;
		else if (*in < '0' || *in > '9')
			return PHONE_CHARS;
		else if (pd->n++ < sizeof(pd->d) - 1)
			pd->d[pd->n - 1] = *in;
	}
	if (pd->n == 0 && !pd->plus)
		return PHONE_EMPTY;
	if (pd->n >= sizeof(pd->d))
		return PHONE_LENGTH;
	pd->d[pd->n] = '\0';
	return PHONE_OK;
}

/*
 * Write prefix followed by the n digits at d into out (the caller has
 * checked that it fits) and return PHONE_OK.
 */
static enum phone_err
phone_emit(const char *prefix, const char *d, size_t n, char out[PHONE_MAX])
{
	size_t plen = strlen(prefix);

	memcpy(out, prefix, plen);
	memcpy(out + plen, d, n);
	out[plen + n] = '\0';
	return PHONE_OK;
}

/*
 * Check a Danish national number of n digits and write it as +45...; the
 * premium, freephone and shared-cost series only when callable (a number
 * people call, not one we text).
 */
static enum phone_err
phone_danish(const char *d, size_t n, int callable, char out[PHONE_MAX])
{
	size_t i, plen;

	if (n >= DK_SHORT_MIN && n <= DK_SHORT_MAX)
		return PHONE_SHORT;
	if (n != DK_DIGITS)
		return PHONE_LENGTH;
	for (i = 0; i < sizeof(dk_rejected) / sizeof(dk_rejected[0]); i++) {
		plen = strlen(dk_rejected[i].prefix);
		if (strncmp(d, dk_rejected[i].prefix, plen) == 0 &&
		    !(callable && dk_rejected[i].err == PHONE_PREMIUM))
			return dk_rejected[i].err;
	}
	return phone_emit("+45", d, n, out);
}

/*
 * A number with its country code (n digits at d, the '+' already taken
 * off): Danish rules for 45, E.164 shape for the rest.
 */
static enum phone_err
phone_international(const char *d, size_t n, int callable, char out[PHONE_MAX])
{
	if (n == 0)
		return PHONE_LENGTH;
	if (d[0] == '0')
		return PHONE_COUNTRY;
	if (strncmp(d, "45", 2) == 0)
		return phone_danish(d + 2, n - 2, callable, out);
	if (n < E164_DIGITS_MIN || n > E164_DIGITS_MAX)
		return PHONE_LENGTH;
	return phone_emit("+", d, n, out);
}

/*
 * A number typed without '+' or 00: Danish, with or without 45 in front.
 */
static enum phone_err
phone_national(const char *d, size_t n, int callable, char out[PHONE_MAX])
{
	if (n >= 2 + DK_SHORT_MIN && n != DK_DIGITS && strncmp(d, "45", 2) == 0)
		return phone_danish(d + 2, n - 2, callable, out);
	return phone_danish(d, n, callable, out);
}

/* phone_normalize(), the 70, 80 and 90 series allowed when callable. */
static enum phone_err
phone_typed(const char *in, int callable, char out[PHONE_MAX])
{
	struct phone_digits pd;
	enum phone_err	    err;

	out[0] = '\0';
	if ((err = phone_collect(in, SEPARATORS, &pd)) != PHONE_OK)
		return err;
	if (!pd.plus && strncmp(pd.d, "00", 2) == 0)
		return phone_international(pd.d + 2, pd.n - 2, callable, out);
	if (pd.plus)
		return phone_international(pd.d, pd.n, callable, out);
	return phone_national(pd.d, pd.n, callable, out);
}

enum phone_err
phone_normalize(const char *in, char out[PHONE_MAX])
{
	return phone_typed(in, 0, out);
}

enum phone_err
phone_normalize_callable(const char *in, char out[PHONE_MAX])
{
	return phone_typed(in, 1, out);
}

enum phone_err
phone_from_msisdn(const char *in, char out[PHONE_MAX])
{
	struct phone_digits pd;
	enum phone_err	    err;

	out[0] = '\0';
	if ((err = phone_collect(in, "", &pd)) != PHONE_OK)
		return err;
	return phone_international(pd.d, pd.n, 0, out);
}

int
phone_format(const char *e164, enum phone_style style, char *out, size_t outlen)
{
	size_t n;

	if (outlen > 0)
		out[0] = '\0';
	if (e164[0] != '+' || (unsigned int)style >= PHONE_STYLE__MAX)
		return -1;
	n = strlen(e164 + 1);
	if (n == 0 || n > E164_DIGITS_MAX ||
	    strspn(e164 + 1, "0123456789") != n)
		return -1;
	e164 += style_skip[style];
	n = strlen(e164);
	if (n >= outlen)
		return -1;
	memcpy(out, e164, n + 1);
	return 0;
}

int
phone_is_replyable(const char *sender)
{
	char out[PHONE_MAX];

	return phone_normalize(sender, out) == PHONE_OK ||
	    phone_from_msisdn(sender, out) == PHONE_OK;
}

void
phone_human(const char *e164, int country, char *out, size_t len)
{
	if (len == 0)
		return;
	/* Danish numbers in pairs, as people write them; others as given. */
	if (e164 == NULL)
		out[0] = '\0';
	else if (strncmp(e164, "+45", 3) != 0 || strlen(e164) != 11)
		snprintf(out, len, "%s", e164);
	else
		snprintf(out, len, "%s%.2s %.2s %.2s %.2s",
		    country ? "+45 " : "", e164 + 3, e164 + 5, e164 + 7,
		    e164 + 9);
}
