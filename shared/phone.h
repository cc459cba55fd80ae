/*
 * phone - phone numbers: turn what a person typed or a provider sent into
 * canonical E.164 ("+4520123456"), and back into each provider's format.
 *
 * Danish numbers are checked closely (8 digits, first 2-9, no premium,
 * freephone or shared-cost series for a number we text); other countries
 * only by E.164 shape.
 * Nothing here allocates.
 */
#ifndef MENTOR_PHONE_H
#define MENTOR_PHONE_H

#include <stddef.h>

/* '+', at most 15 digits (E.164), NUL. */
#define PHONE_MAX 17

enum phone_err {
	PHONE_OK = 0,
	PHONE_EMPTY,   /* nothing but separators */
	PHONE_CHARS,   /* letters or other characters, a misplaced + */
	PHONE_SHORT,   /* short or service number: 112, 1813, 1204 */
	PHONE_LENGTH,  /* too few or too many digits */
	PHONE_PREMIUM, /* Danish 90 premium, 80 freephone, 70 shared cost */
	PHONE_FORMAT,  /* Danish national number starting 0 or 1 */
	PHONE_COUNTRY, /* country code starting 0 */
	PHONE__MAX
};

enum phone_style {
	PHONE_STYLE_E164,   /* +4520123456: Twilio */
	PHONE_STYLE_DIGITS, /* 4520123456: GatewayAPI, Vonage, CPSMS */
	PHONE_STYLE__MAX
};

/* A short English reason for err, fit to show a person; never NULL. */
const char    *phone_strerror(enum phone_err err);

/*
 * Normalise a number a person typed.  Spaces, tabs, dashes, dots and
 * parentheses are dropped; a leading 00 means +.  Without a country code,
 * 8 digits (first 2-9) are Danish, as are 10 digits starting 45.  With
 * +45 exactly 8 valid Danish digits must follow; any other country code
 * needs 8 to 15 digits in all, the first 1-9.  On PHONE_OK out holds the
 * E.164 form; otherwise out is "" and the result says why.
 */
enum phone_err phone_normalize(const char *in, char out[PHONE_MAX]);

/*
 * Normalise a number people call, such as the organisation's own
 * ([organisation] phone): as phone_normalize(), but the Danish 70
 * (shared cost, the usual switchboard number of a municipality), 80
 * (freephone) and 90 (premium) series are valid too.  Never use it for a
 * number we send SMS to.
 */
enum phone_err phone_normalize_callable(const char *in, char out[PHONE_MAX]);

/*
 * Normalise an MSISDN from a provider (GatewayAPI msisdn, Vonage msisdn):
 * digits that always include the country code, with or without a leading
 * +.  "4520123456" and "447911123456" both work; "20123456" is read as
 * country code 20, not as a Danish number.  Same checks and results as
 * phone_normalize, but no separators are allowed.
 */
enum phone_err phone_from_msisdn(const char *in, char out[PHONE_MAX]);

/*
 * Write the E.164 number e164 in a provider's style into out.  Returns
 * 0, or -1 (out is "" when outlen > 0) if e164 is not "+" and 1-15
 * digits, the style is unknown or out is too small.
 */
int	       phone_format(
	       const char *e164, enum phone_style style, char *out, size_t outlen);

/*
 * Whether an SMS sender is a number we may answer: 1 if it normalises to
 * a valid number (typed form or MSISDN form), 0 for alphanumeric senders
 * ("Herlev", "INFO"), short codes (1204, 451204) and anything invalid.
 */
int  phone_is_replyable(const char *sender);

/*
 * Write E.164 number e164 for people to read into out: a Danish number
 * in pairs, "+45 20 00 00 01" with country set, "20 00 00 01" without;
 * any other number as given; "" for NULL.  Cut to fit len.
 */
void phone_human(const char *e164, int country, char *out, size_t len);

#endif
