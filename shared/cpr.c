/*
 * cpr.c - Danish CPR numbers: parsing, date check, keyed hash (see cpr.h).
 */
#include <string.h>

#include "clock.h"
#include "cpr.h"
#include "crypto.h"

static const char *const cpr_errors[CPR__MAX] = {
	[CPR_OK] = "ok",
	[CPR_EMPTY] = "no CPR number given",
	[CPR_CHARS] = "only digits, and a dash after the sixth, are allowed",
	[CPR_LENGTH] = "a CPR number has 10 digits",
	[CPR_DATE] = "the first six digits are not a valid date (DDMMYY)",
};

/*
 * Century of the birth year by the 7th digit: years up to `limit' are in
 * `low', later ones in `high'.
 */
static const struct {
	int limit;
	int low;
	int high;
} cpr_centuries[10] = {
	{ -1, 0, 1900 },
	{ -1, 0, 1900 },
	{ -1, 0, 1900 },
	{ -1, 0, 1900 },
	{ 36, 2000, 1900 },
	{ 57, 2000, 1800 },
	{ 57, 2000, 1800 },
	{ 57, 2000, 1800 },
	{ 57, 2000, 1800 },
	{ 36, 2000, 1900 },
};

const char *
cpr_strerror(enum cpr_err err)
{
	if ((unsigned int)err >= CPR__MAX)
		return "unknown CPR error";
	return cpr_errors[err];
}

/*
 * The number written by the two decimal digits at p.
 */
static int
two_digits(const char *p)
{
	return (p[0] - '0') * 10 + (p[1] - '0');
}

int
cpr_birth_year(const char cpr10[CPR_LEN + 1])
{
	int yy = two_digits(cpr10 + 4), d7 = cpr10[6] - '0';

	if (yy <= cpr_centuries[d7].limit)
		return cpr_centuries[d7].low + yy;
	return cpr_centuries[d7].high + yy;
}

/*
 * Copy the digits of s (len bytes, spaces already trimmed) into out,
 * allowing one dash right after the sixth digit.  Returns CPR_OK,
 * CPR_CHARS or CPR_LENGTH.
 */
static enum cpr_err
cpr_digits(const char *s, size_t len, char out[CPR_LEN + 1])
{
	size_t i, n = 0;

	for (i = 0; i < len; i++) {
		if (s[i] == '-' && i == 6)
			continue;
		if (s[i] < '0' || s[i] > '9')
			return CPR_CHARS;
		if (n < CPR_LEN)
			out[n] = s[i];
		n++;
	}
	if (n != CPR_LEN)
		return CPR_LENGTH;
	out[n] = '\0';
	return CPR_OK;
}

/*
 * Whether the DDMMYY of a 10-digit CPR number is a real date.
 */
static int
cpr_date_valid(const char cpr10[CPR_LEN + 1])
{
	int day = two_digits(cpr10), month = two_digits(cpr10 + 2);

	if (month < 1 || month > 12 || day < 1)
		return 0;
	return day <= clock_days_in_month(cpr_birth_year(cpr10), month);
}

enum cpr_err
cpr_parse(const char *in, char out[CPR_LEN + 1])
{
	size_t	     len;
	enum cpr_err err;

	out[0] = '\0';
	in += strspn(in, " \t");
	len = strlen(in);
	while (len > 0 && (in[len - 1] == ' ' || in[len - 1] == '\t'))
		len--;
	if (len == 0)
		return CPR_EMPTY;
	if ((err = cpr_digits(in, len, out)) != CPR_OK)
		goto fail;
	if (!cpr_date_valid(out)) {
		err = CPR_DATE;
		goto fail;
	}
	return CPR_OK;
fail:
	explicit_bzero(out, CPR_LEN + 1);
	return err;
}

void
cpr_hash(const void *key, size_t keylen, const char cpr10[CPR_LEN + 1],
    char hex_out[CPR_HASH_HEX])
{
	unsigned char mac[CRYPTO_SHA256_LEN];

	crypto_hmac_sha256(key, keylen, cpr10, CPR_LEN, mac);
	crypto_hex(mac, sizeof(mac), hex_out);
	explicit_bzero(mac, sizeof(mac));
}
