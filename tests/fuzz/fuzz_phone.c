/*
 * fuzz_phone.c - libFuzzer target for shared/phone.c.
 *
 * Feeds arbitrary bytes to phone_normalize, phone_normalize_callable and
 * phone_from_msisdn and checks what must always hold: a known result, ""
 * on failure, on success a short E.164 string that normalises to itself
 * and formats in both provider styles; a number we may text is also one
 * people may call, the same.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "phone.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/*
 * Abort unless out is a well-formed result of err.
 */
static void
check_result(enum phone_err err, const char *out)
{
	char   again[PHONE_MAX], fmt[PHONE_MAX];
	size_t len;

	if ((unsigned int)err >= PHONE__MAX || phone_strerror(err) == NULL)
		abort();
	if (err != PHONE_OK) {
		if (out[0] != '\0')
			abort();
		return;
	}
	len = strlen(out);
	if (out[0] != '+' || len < 9 || len > PHONE_MAX - 1 ||
	    strspn(out + 1, "0123456789") != len - 1)
		abort();
	if (phone_normalize(out, again) != PHONE_OK || strcmp(out, again) != 0)
		abort();
	if (phone_from_msisdn(out, again) != PHONE_OK ||
	    strcmp(out, again) != 0)
		abort();
	if (phone_format(out, PHONE_STYLE_DIGITS, fmt, sizeof(fmt)) != 0 ||
	    strcmp(fmt, out + 1) != 0)
		abort();
	if (phone_format(out, PHONE_STYLE_E164, fmt, sizeof(fmt)) != 0 ||
	    strcmp(fmt, out) != 0)
		abort();
	if (!phone_is_replyable(out))
		abort();
}

/*
 * Abort unless the callable result of in is well formed and agrees with
 * phone_normalize: whatever that accepts, it accepts the same.
 */
static void
check_callable(const char *in)
{
	char	       out[PHONE_MAX], again[PHONE_MAX], texted[PHONE_MAX];
	enum phone_err err = phone_normalize_callable(in, out);

	if ((unsigned int)err >= PHONE__MAX ||
	    (err != PHONE_OK && out[0] != '\0'))
		abort();
	if (err == PHONE_OK &&
	    (out[0] != '+' ||
		phone_normalize_callable(out, again) != PHONE_OK ||
		strcmp(out, again) != 0))
		abort();
	if (phone_normalize(in, texted) == PHONE_OK &&
	    (err != PHONE_OK || strcmp(out, texted) != 0))
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *in;
	char  out[PHONE_MAX];

	if ((in = malloc(size + 1)) == NULL)
		return 0;
	memcpy(in, data, size);
	in[size] = '\0';
	check_result(phone_normalize(in, out), out);
	check_result(phone_from_msisdn(in, out), out);
	check_callable(in);
	(void)phone_is_replyable(in);
	(void)phone_format(in, PHONE_STYLE_DIGITS, out, sizeof(out));
	free(in);
	return 0;
}
