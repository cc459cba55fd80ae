/*
 * test_phone.c - unit tests for shared/phone.c: normalisation of typed
 * numbers and provider MSISDNs, the reason for every rejection, provider
 * formats and whether a sender can be answered.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>

#include <cmocka.h>

#include "phone.h"

struct phone_case {
	const char    *in;
	enum phone_err err;
	const char    *out; /* on PHONE_OK */
};

/*
 * Run a table of cases through fn (phone_normalize or phone_from_msisdn).
 */
static void
run_cases(enum phone_err (*fn)(const char *, char *),
    const struct phone_case *c, size_t n)
{
	char	       out[PHONE_MAX];
	enum phone_err err;
	size_t	       i;

	for (i = 0; i < n; i++) {
		memset(out, 'x', sizeof(out));
		err = fn(c[i].in, out);
		if (err != c[i].err)
			fail_msg("\"%s\": got %d (%s), want %d", c[i].in, err,
			    phone_strerror(err), c[i].err);
		if (c[i].err == PHONE_OK)
			assert_string_equal(out, c[i].out);
		else
			assert_string_equal(out, "");
	}
}

#define RUN(fn, c) run_cases((fn), (c), sizeof(c) / sizeof((c)[0]))

static void
test_danish_forms(void **state)
{
	static const struct phone_case c[] = {
		{ "20123456", PHONE_OK, "+4520123456" },
		{ "20 12 34 56", PHONE_OK, "+4520123456" },
		{ "+45 20 12 34 56", PHONE_OK, "+4520123456" },
		{ "+4520123456", PHONE_OK, "+4520123456" },
		{ "0045-20123456", PHONE_OK, "+4520123456" },
		{ "0045 20 12 34 56", PHONE_OK, "+4520123456" },
		{ "4520123456", PHONE_OK, "+4520123456" },
		{ "45 20 12 34 56", PHONE_OK, "+4520123456" },
		{ "(+45) 20.12.34.56", PHONE_OK, "+4520123456" },
		{ "2012-3456", PHONE_OK, "+4520123456" },
		{ "\t 20123456 \t", PHONE_OK, "+4520123456" },
		{ "99999999", PHONE_OK, "+4599999999" },
		{ "45123456", PHONE_OK, "+4545123456" },    /* 8 digits */
		{ "71234567", PHONE_OK, "+4571234567" },    /* mobile 71 */
		{ "81234567", PHONE_OK, "+4581234567" },    /* mobile 81 */
		{ "91234567", PHONE_OK, "+4591234567" },    /* mobile 91 */
		{ "33 12 34 56", PHONE_OK, "+4533123456" }, /* landline */
	};

	RUN(phone_normalize, c);
}

static void
test_international(void **state)
{
	static const struct phone_case c[] = {
		{ "+447911123456", PHONE_OK, "+447911123456" },
		{ "+44 7911 123456", PHONE_OK, "+447911123456" },
		{ "00447911123456", PHONE_OK, "+447911123456" },
		{ "+46701234567", PHONE_OK, "+46701234567" },
		{ "+298123456", PHONE_OK, "+298123456" }, /* Faroe */
		{ "+12025550123", PHONE_OK, "+12025550123" },
		{ "+12345678", PHONE_OK, "+12345678" }, /* 8 digits */
		{ "+123456789012345", PHONE_OK, "+123456789012345" },
		{ "+4412345", PHONE_LENGTH, NULL },	     /* 7 digits */
		{ "+1234567890123456", PHONE_LENGTH, NULL }, /* 16 */
		{ "+0123456789", PHONE_COUNTRY, NULL },
		{ "000123456789", PHONE_COUNTRY, NULL },
		{ "+", PHONE_LENGTH, NULL },
		{ "00", PHONE_LENGTH, NULL },
	};

	RUN(phone_normalize, c);
}

static void
test_short(void **state)
{
	static const struct phone_case c[] = {
		{ "112", PHONE_SHORT, NULL },
		{ "114", PHONE_SHORT, NULL },
		{ "1813", PHONE_SHORT, NULL },
		{ "1204", PHONE_SHORT, NULL },
		{ "451204", PHONE_SHORT, NULL },
		{ "45112", PHONE_SHORT, NULL },
		{ "+45112", PHONE_SHORT, NULL },
		{ "+45 1813", PHONE_SHORT, NULL },
		{ "0045112", PHONE_SHORT, NULL },
	};

	RUN(phone_normalize, c);
}

static void
test_premium(void **state)
{
	static const struct phone_case c[] = {
		{ "90123456", PHONE_PREMIUM, NULL },
		{ "80123456", PHONE_PREMIUM, NULL },
		{ "70123456", PHONE_PREMIUM, NULL },
		{ "+4590123456", PHONE_PREMIUM, NULL },
		{ "0045 80 12 34 56", PHONE_PREMIUM, NULL },
		{ "4570123456", PHONE_PREMIUM, NULL },
	};

	RUN(phone_normalize, c);
}

/*
 * A number people call (the organisation's switchboard): the 70, 80 and
 * 90 series are valid; everything else as for a number we text.
 */
static void
test_callable(void **state)
{
	static const struct phone_case c[] = {
		{ "70 12 34 56", PHONE_OK, "+4570123456" },
		{ "+45 80 12 34 56", PHONE_OK, "+4580123456" },
		{ "0045 90123456", PHONE_OK, "+4590123456" },
		{ "4570123456", PHONE_OK, "+4570123456" },
		{ "44 52 00 00", PHONE_OK, "+4544520000" },
		{ "20123456", PHONE_OK, "+4520123456" },
		{ "+447911123456", PHONE_OK, "+447911123456" },
		{ "1813", PHONE_SHORT, NULL },
		{ "01234567", PHONE_FORMAT, NULL },
		{ "7012345", PHONE_LENGTH, NULL },
		{ "70 12 34 5x", PHONE_CHARS, NULL },
	};
	static const struct phone_case texted[] = {
		{ "70 12 34 56", PHONE_PREMIUM, NULL },
		{ "+45 80 12 34 56", PHONE_PREMIUM, NULL },
		{ "0045 90123456", PHONE_PREMIUM, NULL },
	};

	RUN(phone_normalize_callable, c);
	RUN(phone_normalize, texted);
}

static void
test_format_errors(void **state)
{
	static const struct phone_case c[] = {
		{ "01234567", PHONE_FORMAT, NULL },
		{ "0123 4567", PHONE_FORMAT, NULL },
		{ "12345678", PHONE_FORMAT, NULL },
		{ "+4501234567", PHONE_FORMAT, NULL },
		{ "4512345678", PHONE_FORMAT, NULL },
	};

	RUN(phone_normalize, c);
}

static void
test_length(void **state)
{
	static const struct phone_case c[] = {
		{ "2012345", PHONE_LENGTH, NULL },
		{ "201234567", PHONE_LENGTH, NULL },
		{ "+452012345", PHONE_LENGTH, NULL },
		{ "+45201234567", PHONE_LENGTH, NULL },
		{ "452012345", PHONE_LENGTH, NULL },
		{ "45201234567", PHONE_LENGTH, NULL },
		{ "447911123456", PHONE_LENGTH, NULL }, /* foreign, no + */
		{ "12", PHONE_LENGTH, NULL },
		{ "5", PHONE_LENGTH, NULL },
		{ "123456", PHONE_LENGTH, NULL },
		{ "12345678901234567890123456789012345678901234567890",
		    PHONE_LENGTH, NULL },
	};

	RUN(phone_normalize, c);
}

static void
test_chars_empty(void **state)
{
	static const struct phone_case c[] = {
		{ "", PHONE_EMPTY, NULL }, { "   ", PHONE_EMPTY, NULL },
		{ " - ( ) . ", PHONE_EMPTY, NULL },
		{ "Herlev", PHONE_CHARS, NULL },
		{ "2012345a", PHONE_CHARS, NULL },
		{ "20 12 34 56 ring efter 16", PHONE_CHARS, NULL },
		{ "45+20123456", PHONE_CHARS, NULL },
		{ "++4520123456", PHONE_CHARS, NULL },
		{ "+45/20123456", PHONE_CHARS, NULL },
		{ "20123456\n", PHONE_CHARS, NULL },
		{ "2012\xc2\xa0"
		  "3456",
		    PHONE_CHARS, NULL }, /* NBSP */
		{ "\xef\xbc\x92"
		  "0123456",
		    PHONE_CHARS, NULL }, /* wide */
	};

	RUN(phone_normalize, c);
}

/* A long input is rejected without overrunning anything. */
static void
test_very_long(void **state)
{
	static char digits[10001], spaced[10001];
	char	    out[PHONE_MAX];

	memset(digits, '2', sizeof(digits) - 1);
	assert_int_equal(phone_normalize(digits, out), PHONE_LENGTH);
	assert_string_equal(out, "");
	digits[0] = '+';
	assert_int_equal(phone_normalize(digits, out), PHONE_LENGTH);
	assert_int_equal(phone_from_msisdn(digits, out), PHONE_LENGTH);
	/* Separators alone do not make a number, however many. */
	memset(spaced, ' ', sizeof(spaced) - 1);
	memcpy(spaced + 5000, "20123456", 8);
	assert_int_equal(phone_normalize(spaced, out), PHONE_OK);
	assert_string_equal(out, "+4520123456");
	spaced[9999] = 'x';
	assert_int_equal(phone_normalize(spaced, out), PHONE_CHARS);
}

static void
test_from_msisdn(void **state)
{
	static const struct phone_case c[] = {
		{ "4520123456", PHONE_OK, "+4520123456" },
		{ "+4520123456", PHONE_OK, "+4520123456" },
		{ "447911123456", PHONE_OK, "+447911123456" },
		{ "46701234567", PHONE_OK, "+46701234567" },
		{ "20123456", PHONE_OK, "+20123456" }, /* Egypt, not DK */
		{ "451204", PHONE_SHORT, NULL },
		{ "1204", PHONE_LENGTH, NULL },
		{ "4590123456", PHONE_PREMIUM, NULL },
		{ "45 20 12 34 56", PHONE_CHARS, NULL },
		{ "0045201234", PHONE_COUNTRY, NULL },
		{ "Herlev", PHONE_CHARS, NULL },
		{ "", PHONE_EMPTY, NULL },
	};

	RUN(phone_from_msisdn, c);
}

static void
test_format(void **state)
{
	char out[PHONE_MAX], small[11];

	assert_int_equal(
	    phone_format("+4520123456", PHONE_STYLE_E164, out, sizeof(out)), 0);
	assert_string_equal(out, "+4520123456");
	assert_int_equal(
	    phone_format("+4520123456", PHONE_STYLE_DIGITS, out, sizeof(out)),
	    0);
	assert_string_equal(out, "4520123456");
	/* Exactly the room needed, and one byte less. */
	assert_int_equal(phone_format("+4520123456", PHONE_STYLE_DIGITS, small,
			     sizeof(small)),
	    0);
	assert_string_equal(small, "4520123456");
	assert_int_equal(
	    phone_format("+4520123456", PHONE_STYLE_E164, small, sizeof(small)),
	    -1);
	assert_string_equal(small, "");
	assert_int_equal(
	    phone_format("+4520123456", PHONE_STYLE_E164, small, 0), -1);
	assert_int_equal(phone_format("+123456789012345", PHONE_STYLE_E164, out,
			     sizeof(out)),
	    0);
	assert_string_equal(out, "+123456789012345");
}

static void
test_format_bad(void **state)
{
	char out[PHONE_MAX];

	assert_int_equal(
	    phone_format("4520123456", PHONE_STYLE_DIGITS, out, sizeof(out)),
	    -1);
	assert_string_equal(out, "");
	assert_int_equal(
	    phone_format("+", PHONE_STYLE_E164, out, sizeof(out)), -1);
	assert_int_equal(
	    phone_format("+45 20123456", PHONE_STYLE_E164, out, sizeof(out)),
	    -1);
	assert_int_equal(phone_format("+1234567890123456", PHONE_STYLE_E164,
			     out, sizeof(out)),
	    -1);
	assert_int_equal(
	    phone_format("", PHONE_STYLE_E164, out, sizeof(out)), -1);
	assert_int_equal(
	    phone_format("+4520123456", PHONE_STYLE__MAX, out, sizeof(out)),
	    -1);
}

static void
test_replyable(void **state)
{
	static const struct {
		const char *sender;
		int	    ok;
	} c[] = {
		{ "+4520123456", 1 },
		{ "4520123456", 1 },
		{ "20123456", 1 },
		{ "+447911123456", 1 },
		{ "447911123456", 1 },
		{ "Herlev", 0 },
		{ "INFO", 0 },
		{ "Jobcenter", 0 },
		{ "1204", 0 },
		{ "451204", 0 },
		{ "+451204", 0 },
		{ "112", 0 },
		{ "123456", 0 },
		{ "4590123456", 0 },
		{ "", 0 },
		{ "+", 0 },
		{ "4512a45678", 0 },
	};
	size_t i;

	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++)
		if (phone_is_replyable(c[i].sender) != c[i].ok)
			fail_msg("phone_is_replyable(\"%s\") != %d",
			    c[i].sender, c[i].ok);
}

static void
test_strerror(void **state)
{
	int i, j;

	for (i = 0; i < PHONE__MAX; i++) {
		assert_non_null(phone_strerror(i));
		for (j = 0; j < i; j++)
			assert_string_not_equal(
			    phone_strerror(i), phone_strerror(j));
	}
	assert_non_null(phone_strerror(PHONE__MAX));
}

/* Numbers for people to read: Danish in pairs, others as given. */
static void
test_human(void **state)
{
	char out[32], tiny[6];

	(void)state;
	phone_human("+4520000001", 0, out, sizeof(out));
	assert_string_equal(out, "20 00 00 01");
	phone_human("+4520000001", 1, out, sizeof(out));
	assert_string_equal(out, "+45 20 00 00 01");
	phone_human("+46701234567", 1, out, sizeof(out));
	assert_string_equal(out, "+46701234567");
	phone_human("+452000000", 0, out, sizeof(out)); /* 7 digits */
	assert_string_equal(out, "+452000000");
	phone_human(NULL, 1, out, sizeof(out));
	assert_string_equal(out, "");
	phone_human("+4520000001", 1, tiny, sizeof(tiny));
	assert_string_equal(tiny, "+45 2");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_danish_forms),
		cmocka_unit_test(test_international),
		cmocka_unit_test(test_short),
		cmocka_unit_test(test_premium),
		cmocka_unit_test(test_callable),
		cmocka_unit_test(test_format_errors),
		cmocka_unit_test(test_length),
		cmocka_unit_test(test_chars_empty),
		cmocka_unit_test(test_very_long),
		cmocka_unit_test(test_from_msisdn),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_format_bad),
		cmocka_unit_test(test_replyable),
		cmocka_unit_test(test_strerror),
		cmocka_unit_test(test_human),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
