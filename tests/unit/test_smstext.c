/*
 * test_smstext.c - unit tests for shared/smstext.c: the worked examples
 * of sms-providers.md section 4.2, part boundaries, characters that must
 * not be split, the GSM 03.38 tables, strict UTF-8 and the report of
 * characters that force UCS-2.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>

#include <cmocka.h>

#include "buf.h"
#include "smstext.h"
#include "utf8.h"

#define EURO	 "\xe2\x82\xac"
#define EN_DASH	 "\xe2\x80\x93"
#define EM_DASH	 "\xe2\x80\x94"
#define GRINNING "\xf0\x9f\x98\x80" /* U+1F600 */
#define O_SLASH	 "\xc3\xb8"	    /* ø */

/*
 * Append s to b n times.
 */
static void
repeat(struct buf *b, const char *s, size_t n)
{
	while (n-- > 0)
		buf_puts(b, s);
}

/*
 * Analyse s and check encoding, units and segments.
 */
static void
expect(const char *s, size_t len, enum smstext_encoding enc, size_t units,
    size_t segments)
{
	struct smstext_info info;

	assert_int_equal(smstext_analyze(s, len, &info), SMSTEXT_OK);
	assert_string_equal(
	    smstext_encoding_name(info.encoding), smstext_encoding_name(enc));
	assert_int_equal(info.units, units);
	assert_int_equal(info.segments, segments);
}

/* Same as expect for a NUL-terminated string. */
static void
expect_str(
    const char *s, enum smstext_encoding enc, size_t units, size_t segments)
{
	expect(s, strlen(s), enc, units, segments);
}

/* Same as expect for the contents of a buffer, which is then emptied. */
static void
expect_buf(
    struct buf *b, enum smstext_encoding enc, size_t units, size_t segments)
{
	expect(buf_str(b), b->len, enc, units, segments);
	buf_reset(b);
}

/* sms-providers.md 4.2, one row at a time. */
static void
test_worked_danish(void **state)
{
	expect_str("Husk dit m" O_SLASH "de p\xc3\xa5 Jobcenter \xc3\x85rhus "
		   "tirsdag kl. 10:00. Mvh. din mentor S" O_SLASH "ren",
	    SMSTEXT_GSM7, 73, 1);
}

static void
test_worked_euro(void **state)
{
	expect_str("Pris: 10 " EURO, SMSTEXT_GSM7, 11, 1);
}

static void
test_worked_160(void **state)
{
	struct buf b = { 0 };

	repeat(&b, "A", 160);
	expect_buf(&b, SMSTEXT_GSM7, 160, 1);
	repeat(&b, "A", 161);
	expect_buf(&b, SMSTEXT_GSM7, 161, 2);
	repeat(&b, EURO, 80);
	expect_buf(&b, SMSTEXT_GSM7, 160, 1);
	repeat(&b, EURO, 81);
	expect_buf(&b, SMSTEXT_GSM7, 162, 2);
	buf_free(&b);
}

static void
test_worked_en_dash(void **state)
{
	const char *s = "M" O_SLASH "det er aflyst " EN_DASH " ring til os";
	struct smstext_info info;

	expect_str(s, SMSTEXT_UCS2, 29, 1);
	assert_int_equal(smstext_analyze(s, strlen(s), &info), SMSTEXT_OK);
	assert_int_equal(info.chars, 29);
	assert_int_equal(info.non_gsm_count, 1);
	assert_int_equal(info.non_gsm[0], 0x2013);
}

static void
test_worked_emoji(void **state)
{
	struct smstext_info info;
	struct buf	    b = { 0 };

	expect_str("Hej " GRINNING, SMSTEXT_UCS2, 6, 1);
	assert_int_equal(
	    smstext_analyze("Hej " GRINNING, 8, &info), SMSTEXT_OK);
	assert_int_equal(info.chars, 5);
	assert_int_equal(info.non_gsm[0], 0x1f600);
	repeat(&b, O_SLASH, 70);
	buf_puts(&b, GRINNING);
	expect_buf(&b, SMSTEXT_UCS2, 72, 2);
	buf_free(&b);
}

/* Concatenated GSM-7: 153 septets per part. */
static void
test_gsm_part_boundaries(void **state)
{
	struct buf b = { 0 };

	repeat(&b, "A", 306);
	expect_buf(&b, SMSTEXT_GSM7, 306, 2);
	repeat(&b, "A", 307);
	expect_buf(&b, SMSTEXT_GSM7, 307, 3);
	repeat(&b, "A", 459);
	expect_buf(&b, SMSTEXT_GSM7, 459, 3);
	repeat(&b, "A", 460);
	expect_buf(&b, SMSTEXT_GSM7, 460, 4);
	buf_free(&b);
}

/*
 * 152 septets, then a euro sign: ESC + code does not fit in 153, so the
 * first part holds 152 and 306 septets need three parts, not two.
 */
static void
test_gsm_extension_straddle(void **state)
{
	struct buf b = { 0 };

	repeat(&b, "A", 152);
	buf_puts(&b, EURO);
	repeat(&b, "A", 152);
	expect_buf(&b, SMSTEXT_GSM7, 306, 3);
	/* Ending exactly on the boundary is fine. */
	repeat(&b, "A", 151);
	buf_puts(&b, EURO);
	repeat(&b, "A", 153);
	expect_buf(&b, SMSTEXT_GSM7, 306, 2);
	/* A single SMS has no parts to straddle. */
	repeat(&b, "A", 158);
	buf_puts(&b, "{");
	expect_buf(&b, SMSTEXT_GSM7, 160, 1);
	buf_free(&b);
}

/* Concatenated UCS-2: 67 units per part. */
static void
test_ucs2_part_boundaries(void **state)
{
	struct buf b = { 0 };

	buf_puts(&b, EN_DASH);
	repeat(&b, "a", 69);
	expect_buf(&b, SMSTEXT_UCS2, 70, 1);
	buf_puts(&b, EN_DASH);
	repeat(&b, "a", 70);
	expect_buf(&b, SMSTEXT_UCS2, 71, 2);
	buf_puts(&b, EN_DASH);
	repeat(&b, "a", 133);
	expect_buf(&b, SMSTEXT_UCS2, 134, 2);
	buf_puts(&b, EN_DASH);
	repeat(&b, "a", 134);
	expect_buf(&b, SMSTEXT_UCS2, 135, 3);
	buf_free(&b);
}

/*
 * 66 units, then an emoji (a surrogate pair): it goes whole into the
 * second part, so 134 units need three parts.
 */
static void
test_ucs2_surrogate_straddle(void **state)
{
	struct buf b = { 0 };

	repeat(&b, O_SLASH, 66);
	buf_puts(&b, GRINNING);
	repeat(&b, O_SLASH, 66);
	expect_buf(&b, SMSTEXT_UCS2, 134, 3);
	repeat(&b, O_SLASH, 65);
	buf_puts(&b, GRINNING);
	repeat(&b, O_SLASH, 67);
	expect_buf(&b, SMSTEXT_UCS2, 134, 2);
	repeat(&b, GRINNING, 35);
	expect_buf(&b, SMSTEXT_UCS2, 70, 1);
	/* 36 pairs: 33 in the first part (66 units), 3 in the second. */
	repeat(&b, GRINNING, 36);
	expect_buf(&b, SMSTEXT_UCS2, 72, 2);
	buf_free(&b);
}

static void
test_danish_letters(void **state)
{
	struct smstext_info info;
	const char	   *s = "\xc3\xa6\xc3\xb8\xc3\xa5\xc3\x86\xc3\x98"
				"\xc3\x85";

	assert_int_equal(smstext_analyze(s, strlen(s), &info), SMSTEXT_OK);
	assert_int_equal(info.encoding, SMSTEXT_GSM7);
	assert_int_equal(info.units, 6);
	assert_int_equal(info.chars, 6);
	assert_int_equal(info.non_gsm_count, 0);
	/* é É ä Ä ö Ö ü Ü Ç ß too */
	expect_str("\xc3\xa9\xc3\x89\xc3\xa4\xc3\x84\xc3\xb6\xc3\x96\xc3\xbc"
		   "\xc3\x9c\xc3\x87\xc3\x9f",
	    SMSTEXT_GSM7, 10, 1);
}

/* Small ç, á, a no-break space, curly quotes: none are GSM. */
static void
test_not_gsm(void **state)
{
	static const struct {
		const char  *s;
		unsigned int cp;
	} c[] = {
		{ "\xc3\xa7", 0x00e7 },
		{ "\xc3\xa1", 0x00e1 },
		{ "\xc2\xa0", 0x00a0 },
		{ "\xe2\x80\x99", 0x2019 },
		{ "\xe2\x80\x9c", 0x201c },
		{ "\xe2\x80\xa6", 0x2026 },
		{ "`", 0x0060 },
		{ "\xc2\xb4", 0x00b4 },
		{ "\x1b", 0x001b },
		{ "\t", 0x0009 },
	};
	struct smstext_info info;
	size_t		    i;

	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		assert_int_equal(
		    smstext_analyze(c[i].s, strlen(c[i].s), &info), SMSTEXT_OK);
		assert_int_equal(info.encoding, SMSTEXT_UCS2);
		assert_int_equal(info.non_gsm_count, 1);
		assert_int_equal(info.non_gsm[0], c[i].cp);
		assert_int_equal(smstext_gsm_septets(c[i].cp), 0);
	}
}

static void
test_extension_table(void **state)
{
	static const unsigned int ext[] = {
		0x000c,
		'^',
		'{',
		'}',
		'\\',
		'[',
		'~',
		']',
		'|',
		0x20ac,
	};
	size_t i;

	for (i = 0; i < sizeof(ext) / sizeof(ext[0]); i++)
		assert_int_equal(smstext_gsm_septets(ext[i]), 2);
	expect_str("\f^{}\\[~]|" EURO, SMSTEXT_GSM7, 20, 1);
}

/*
 * Every code point of the basic table, written with utf8_encode,
 * is one septet: 127 characters (0x1B is the escape, not a character).
 */
static void
test_basic_table(void **state)
{
	static const unsigned int basic[] = {
		'@',
		0xa3,
		'$',
		0xa5,
		0xe8,
		0xe9,
		0xf9,
		0xec,
		0xf2,
		0xc7,
		'\n',
		0xd8,
		0xf8,
		'\r',
		0xc5,
		0xe5,
		0x394,
		'_',
		0x3a6,
		0x393,
		0x39b,
		0x3a9,
		0x3a0,
		0x3a8,
		0x3a3,
		0x398,
		0x39e,
		0xc6,
		0xe6,
		0xdf,
		0xc9,
		' ',
		'!',
		'"',
		'#',
		0xa4,
		0xa1,
		0xc4,
		0xd6,
		0xd1,
		0xdc,
		0xa7,
		0xbf,
		0xe4,
		0xf6,
		0xf1,
		0xfc,
		0xe0,
	};
	struct buf   b = { 0 };
	char	     u[5];
	unsigned int cp;
	size_t	     i;

	for (i = 0; i < sizeof(basic) / sizeof(basic[0]); i++) {
		assert_int_equal(smstext_gsm_septets(basic[i]), 1);
		utf8_encode(basic[i], u);
		buf_puts(&b, u);
	}
	/* % to ?, A to Z, a to z */
	for (cp = '%'; cp <= '?'; cp++)
		buf_putc(&b, (int)cp);
	for (cp = 'A'; cp <= 'Z'; cp++)
		buf_putc(&b, (int)cp);
	for (cp = 'a'; cp <= 'z'; cp++)
		buf_putc(&b, (int)cp);
	expect_buf(&b, SMSTEXT_GSM7, 127, 1);
	assert_int_equal(smstext_gsm_septets(0xa4), 1); /* ¤ at 0x24 */
	assert_int_equal(smstext_gsm_septets(0xa0), 0);
	buf_free(&b);
}

static void
test_bad_utf8(void **state)
{
	static const char *bad[] = {
		"\x80",			    /* lone continuation byte */
		"abc\xc3",		    /* truncated */
		"\xe2\x82",		    /* truncated */
		"\xc3\x28",		    /* bad continuation */
		"\xc0\xaf",		    /* overlong '/' */
		"\xc1\xbf",		    /* overlong */
		"\xe0\x80\xaf",		    /* overlong, 3 bytes */
		"\xe0\x9f\xbf",		    /* overlong U+07FF */
		"\xf0\x82\x82\xac",	    /* overlong euro, 4 bytes */
		"\xf0\x8f\xbf\xbf",	    /* overlong U+FFFF */
		"\xed\xa0\x80",		    /* surrogate U+D800 */
		"\xed\xbf\xbf",		    /* surrogate U+DFFF */
		"\xed\xa0\xbd\xed\xb8\x80", /* CESU-8 emoji */
		"\xf4\x90\x80\x80",	    /* U+110000 */
		"\xf5\x80\x80\x80",
		"\xf8\x88\x80\x80\x80",
		"\xfe",
		"\xff",
		"ok " EURO " then \xe2\x82",
	};
	struct smstext_info info;
	size_t		    i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		info.units = 99;
		assert_int_equal(smstext_analyze(bad[i], strlen(bad[i]), &info),
		    SMSTEXT_BADUTF8);
		assert_int_equal(info.units, 0);
		assert_int_equal(info.segments, 0);
	}
}

/* The edges of each UTF-8 length decode. */
static void
test_good_utf8_edges(void **state)
{
	static const struct {
		const char  *s;
		unsigned int cp;
	} c[] = {
		{ "\xc2\x80", 0x80 },
		{ "\xdf\xbf", 0x7ff },
		{ "\xe0\xa0\x80", 0x800 },
		{ "\xed\x9f\xbf", 0xd7ff },
		{ "\xee\x80\x80", 0xe000 },
		{ "\xef\xbf\xbf", 0xffff },
		{ "\xf0\x90\x80\x80", 0x10000 },
		{ "\xf4\x8f\xbf\xbf", 0x10ffff },
	};
	struct smstext_info info;
	size_t		    i;

	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		assert_int_equal(
		    smstext_analyze(c[i].s, strlen(c[i].s), &info), SMSTEXT_OK);
		assert_int_equal(info.chars, 1);
		assert_int_equal(info.non_gsm[0], c[i].cp);
		assert_int_equal(info.units, c[i].cp > 0xffff ? 2 : 1);
	}
}

/* A NUL inside the given length is a character, not the end. */
static void
test_embedded_nul(void **state)
{
	struct smstext_info info;

	assert_int_equal(smstext_analyze("a\0b", 3, &info), SMSTEXT_OK);
	assert_int_equal(info.chars, 3);
	assert_int_equal(info.encoding, SMSTEXT_UCS2);
	assert_int_equal(info.non_gsm[0], 0);
}

static void
test_empty(void **state)
{
	struct smstext_info info;

	assert_int_equal(smstext_analyze("", 0, &info), SMSTEXT_EMPTY);
	assert_int_equal(info.segments, 0);
	assert_int_equal(info.units, 0);
	assert_int_equal(smstext_analyze(NULL, 0, &info), SMSTEXT_EMPTY);
}

/* Each distinct offender once, in order of appearance. */
static void
test_non_gsm_distinct(void **state)
{
	const char *s = EN_DASH "a" EM_DASH EN_DASH GRINNING EM_DASH "\xc3\xa7";
	struct smstext_info				     info;

	assert_int_equal(smstext_analyze(s, strlen(s), &info), SMSTEXT_OK);
	assert_int_equal(info.non_gsm_count, 4);
	assert_int_equal(info.non_gsm[0], 0x2013);
	assert_int_equal(info.non_gsm[1], 0x2014);
	assert_int_equal(info.non_gsm[2], 0x1f600);
	assert_int_equal(info.non_gsm[3], 0xe7);
	assert_int_equal(info.units, 8);
	assert_int_equal(info.chars, 7);
}

/*
 * More distinct offenders than are kept: 40 CJK characters, each twice,
 * are counted 40 times; the first 16 are kept.
 */
static void
test_non_gsm_many(void **state)
{
	struct smstext_info info;
	struct buf	    b = { 0 };
	char		    u[5];
	unsigned int	    i;
	int		    round;

	for (round = 0; round < 2; round++)
		for (i = 0; i < 40; i++) {
			assert_int_equal(utf8_encode(0x4e00 + i, u), 3);
			buf_puts(&b, u);
		}
	assert_int_equal(
	    smstext_analyze(buf_str(&b), b.len, &info), SMSTEXT_OK);
	assert_int_equal(info.non_gsm_count, 40);
	for (i = 0; i < SMSTEXT_MAX_NONGSM; i++)
		assert_int_equal(info.non_gsm[i], 0x4e00 + i);
	assert_int_equal(info.units, 80);
	assert_int_equal(info.segments, 2);
	buf_free(&b);
}

/* Every code point written by utf8_encode reads back as itself. */
static void
test_utf8_roundtrip(void **state)
{
	struct smstext_info info;
	unsigned int	    cp;
	char		    u[5];
	size_t		    n;

	for (cp = 0; cp <= 0x10ffff; cp += (cp < 0x3000 ? 1 : 61)) {
		n = utf8_encode(cp, u);
		if (cp >= 0xd800 && cp <= 0xdfff) {
			assert_int_equal(n, 0);
			continue;
		}
		assert_int_equal(smstext_analyze(u, n, &info), SMSTEXT_OK);
		assert_int_equal(info.chars, 1);
		if (info.non_gsm_count == 1)
			assert_int_equal(info.non_gsm[0], cp);
		else
			assert_int_not_equal(smstext_gsm_septets(cp), 0);
	}
}

static void
test_names(void **state)
{
	int i;

	assert_string_equal(smstext_encoding_name(SMSTEXT_GSM7), "GSM-7");
	assert_string_equal(smstext_encoding_name(SMSTEXT_UCS2), "UCS-2");
	for (i = 0; i < SMSTEXT__MAX; i++)
		assert_non_null(smstext_strerror(i));
	assert_non_null(smstext_strerror(SMSTEXT__MAX));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_worked_danish),
		cmocka_unit_test(test_worked_euro),
		cmocka_unit_test(test_worked_160),
		cmocka_unit_test(test_worked_en_dash),
		cmocka_unit_test(test_worked_emoji),
		cmocka_unit_test(test_gsm_part_boundaries),
		cmocka_unit_test(test_gsm_extension_straddle),
		cmocka_unit_test(test_ucs2_part_boundaries),
		cmocka_unit_test(test_ucs2_surrogate_straddle),
		cmocka_unit_test(test_danish_letters),
		cmocka_unit_test(test_not_gsm),
		cmocka_unit_test(test_extension_table),
		cmocka_unit_test(test_basic_table),
		cmocka_unit_test(test_bad_utf8),
		cmocka_unit_test(test_good_utf8_edges),
		cmocka_unit_test(test_embedded_nul),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_non_gsm_distinct),
		cmocka_unit_test(test_non_gsm_many),
		cmocka_unit_test(test_utf8_roundtrip),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
