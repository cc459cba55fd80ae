/*
 * test_utf8.c - unit tests for shared/utf8.c: encoding every length,
 * decoding what it wrote, and every way a sequence is refused.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>

#include <cmocka.h>

#include "utf8.h"

static void
test_encode(void **state)
{
	char out[5];

	(void)state;
	assert_int_equal(utf8_encode('A', out), 1);
	assert_string_equal(out, "A");
	assert_int_equal(utf8_encode(0xe9, out), 2);
	assert_string_equal(out, "\xc3\xa9");
	assert_int_equal(utf8_encode(0x7ff, out), 2);
	assert_string_equal(out, "\xdf\xbf");
	assert_int_equal(utf8_encode(0x2013, out), 3);
	assert_string_equal(out, "\xe2\x80\x93");
	assert_int_equal(utf8_encode(0x1f600, out), 4);
	assert_string_equal(out, "\xf0\x9f\x98\x80");
	assert_int_equal(utf8_encode(0x10ffff, out), 4);
	assert_string_equal(out, "\xf4\x8f\xbf\xbf");
	assert_int_equal(utf8_encode(0xd800, out), 0);
	assert_string_equal(out, "");
	assert_int_equal(utf8_encode(0x110000, out), 0);
	assert_string_equal(out, "");
}

/* Every code point but the surrogates decodes back to itself. */
static void
test_roundtrip(void **state)
{
	unsigned int cp, back;
	char	     u[5];
	size_t	     n;

	(void)state;
	for (cp = 0; cp <= 0x10ffff; cp++) {
		n = utf8_encode(cp, u);
		if (cp >= 0xd800 && cp <= 0xdfff) {
			assert_int_equal(n, 0);
			continue;
		}
		back = 0xffffffffu;
		assert_int_equal(
		    utf8_decode((const unsigned char *)u, n, &back), n);
		assert_int_equal(back, cp);
		/* One byte short is refused. */
		assert_int_equal(
		    utf8_decode((const unsigned char *)u, n - 1, &back), 0);
	}
}

static void
test_decode_refuses(void **state)
{
	static const struct {
		const char *s;
		size_t	    len;
	} bad[] = {
		{ "\x80", 1 },			  /* continuation first */
		{ "\xc0\x80", 2 },		  /* overlong NUL */
		{ "\xc1\xbf", 2 },		  /* overlong */
		{ "\xe0\x9f\xbf", 3 },		  /* overlong 3 */
		{ "\xf0\x8f\xbf\xbf", 4 },	  /* overlong 4 */
		{ "\xed\xa0\x80", 3 },		  /* surrogate D800 */
		{ "\xf4\x90\x80\x80", 4 },	  /* above U+10FFFF */
		{ "\xf5\x80\x80\x80", 4 },	  /* no such lead */
		{ "\xff", 1 }, { "\xc3\x28", 2 }, /* bad continuation */
		{ "\xe2\x80", 2 },		  /* cut short */
		{ "", 0 },			  /* nothing */
	};
	unsigned int cp = 7;
	size_t	     i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (utf8_decode(
			(const unsigned char *)bad[i].s, bad[i].len, &cp) != 0)
			fail_msg("case %zu accepted", i);
	assert_int_equal(cp, 7); /* untouched */
	/* The first character only; cp may be NULL. */
	assert_int_equal(
	    utf8_decode((const unsigned char *)"\xc3\xa6x", 3, NULL), 2);
	assert_int_equal(utf8_decode((const unsigned char *)"\0", 1, &cp), 1);
	assert_int_equal(cp, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_encode),
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_decode_refuses),
	};

	return cmocka_run_group_tests_name("utf8", tests, NULL, NULL);
}
