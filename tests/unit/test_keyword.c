/*
 * test_keyword.c - unit tests for shared/keyword.c: every word of the
 * table, the tolerance for case, accents, whitespace and punctuation,
 * staff's OK forms, and texts that must not be keywords.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "keyword.h"

static enum keyword
kw(const char *s)
{
	return keyword_parse(s, strlen(s), NULL);
}

/* keyword_fold(): the form keywords and sensitive words are matched in. */
static void
test_fold(void **state)
{
	char out[64];

	(void)state;
	assert_int_equal(
	    keyword_fold("Psykiatrisk Center, afsnit 3", 28, out, sizeof(out)),
	    27);
	assert_string_equal(out, "PSYKIATRISK CENTER AFSNIT 3");
	keyword_fold("  Afvænning på Ørestad!  ",
	    strlen("  Afvænning på "
		   "Ørestad!  "),
	    out, sizeof(out));
	assert_string_equal(out, "AFVAENNING PAA OERESTAD");
	keyword_fold("🙏 ok", strlen("🙏 ok"), out, sizeof(out));
	assert_string_equal(out, "OK");
	/* Too small a buffer: cut, terminated, the length it needed. */
	assert_int_equal(keyword_fold("abcdef", 6, out, 4), 6);
	assert_string_equal(out, "ABC");
}

static void
test_stop_words(void **state)
{
	static const char *const v[] = { "STOP", "stop", " Stop ", "stop.",
		"STOPP", "Stopp!", "AFMELD", "afmeld", "  afmeld\n", "\"STOP\"",
		"Stop 🙏", "STØP" };
	size_t			 i;

	(void)state;
	for (i = 0; i < 11; i++)
		assert_int_equal(kw(v[i]), KEYWORD_STOP);
	assert_int_equal(kw(v[11]), KEYWORD_NONE); /* Ø is OE */
}

static void
test_start_and_help(void **state)
{
	(void)state;
	assert_int_equal(kw("START"), KEYWORD_START);
	assert_int_equal(kw("start."), KEYWORD_START);
	assert_int_equal(kw("HJÆLP"), KEYWORD_HELP);
	assert_int_equal(kw("hjælp!"), KEYWORD_HELP);
	assert_int_equal(kw("HJAELP"), KEYWORD_HELP);
	assert_int_equal(kw("Hjaelp?"), KEYWORD_HELP);
	assert_int_equal(kw("HJÄLP"), KEYWORD_HELP);
	assert_int_equal(kw("help"), KEYWORD_HELP);
	assert_int_equal(kw("Info"), KEYWORD_HELP);
	assert_int_equal(kw("\tINFO\r\n"), KEYWORD_HELP);
}

static void
test_not_keywords(void **state)
{
	(void)state;
	assert_int_equal(kw(""), KEYWORD_NONE);
	assert_int_equal(kw("   "), KEYWORD_NONE);
	assert_int_equal(kw("..."), KEYWORD_NONE);
	assert_int_equal(kw("stop it"), KEYWORD_NONE);
	assert_int_equal(kw("Please stop"), KEYWORD_NONE);
	assert_int_equal(kw("stopper"), KEYWORD_NONE);
	assert_int_equal(kw("Kan du ringe til mig?"), KEYWORD_NONE);
	assert_int_equal(kw("okay"), KEYWORD_NONE);
	assert_int_equal(kw("S T O P"), KEYWORD_NONE);
	assert_int_equal(kw("stop stop stop stop"), KEYWORD_NONE);
	assert_int_equal(keyword_parse(NULL, 0, NULL), KEYWORD_NONE);
}

static void
test_long_text_never_keyword(void **state)
{
	char buf[200];

	(void)state;
	memset(buf, ' ', sizeof(buf));
	memcpy(buf + 100, "STOP", 4);
	assert_int_equal(keyword_parse(buf, sizeof(buf), NULL), KEYWORD_NONE);
	assert_int_equal(keyword_parse(buf + 90, 20, NULL), KEYWORD_STOP);
}

static void
test_ok_forms(void **state)
{
	int64_t n = -1;

	(void)state;
	assert_int_equal(keyword_parse("OK", 2, &n), KEYWORD_OK);
	assert_int_equal(n, 0);
	assert_int_equal(keyword_parse("ok 12", 5, &n), KEYWORD_OK);
	assert_int_equal(n, 12);
	assert_int_equal(keyword_parse("Ok #7.", 6, &n), KEYWORD_OK);
	assert_int_equal(n, 7);
	assert_int_equal(keyword_parse("OK12", 4, &n), KEYWORD_OK);
	assert_int_equal(n, 12);
	assert_int_equal(keyword_parse("ok nr. 3", 8, &n), KEYWORD_OK);
	assert_int_equal(n, 3);
	assert_int_equal(keyword_parse("ok tak", 6, &n), KEYWORD_NONE);
	assert_int_equal(n, 0);
	assert_int_equal(keyword_parse("ok 0", 4, &n), KEYWORD_NONE);
	assert_int_equal(keyword_parse("ok 1234567890", 13, &n), KEYWORD_NONE);
	assert_int_equal(keyword_parse("ok 1 2", 6, &n), KEYWORD_NONE);
	assert_int_equal(keyword_parse("stop", 4, &n), KEYWORD_STOP);
	assert_int_equal(n, 0);
}

/* 1 if s is an acknowledgement. */
static int
ack(const char *s)
{
	return keyword_is_ack(s, strlen(s));
}

/* Short acknowledgements: "ok", "tak", a thumbs up; nothing more. */
static void
test_acknowledgements(void **state)
{
	static const char *const yes[] = { "ok", "OK", "Ok.", "ok!", "okay",
		"Ok tak", "ok tak!", "OK TAK.", "tak", "Tak!", "TAK",
		"Mange tak", "fint", "Fint.", "Fint tak", "modtaget",
		"Modtaget.", "MODTAGET!", "Det er fint", "Thanks", "thank you!",
		"\xf0\x9f\x91\x8d", "\xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd",
		"ok \xf0\x9f\x91\x8d", "Tak \xf0\x9f\x91\x8d\xf0\x9f\x91\x8d",
		" ok\n", "\"ok\"", "Ok\xe2\x80\xa6",
		"\xf0\x9f\x91\x8c\xef\xb8\x8f", "tak\xc2\xa0" };
	static const char *const no[] = { "", " ", "...", "ja", "Ja tak",
		"nej tak", "Nej", "ok, ring i morgen", "ok men jeg kan ikke",
		"Kan du ringe?", "ok \xf0\x9f\x98\xa2", "\xf0\x9f\x98\xa2",
		"okay okay okay okay", "tak for sidst", "STOP", "hjælp",
		"\xf0\x9f\x8f\xbd", "mange", "OK 12" };
	size_t			 i;

	(void)state;
	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		if (!ack(yes[i]))
			fail_msg("\"%s\" is no acknowledgement", yes[i]);
	for (i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		if (ack(no[i]))
			fail_msg("\"%s\" taken for an acknowledgement", no[i]);
	assert_int_equal(keyword_is_ack(NULL, 0), 0);
	/* Longer than a keyword can be: never. */
	{
		char buf[KEYWORD_TEXT_MAX + 8];

		memset(buf, ' ', sizeof(buf));
		memcpy(buf, "ok", 2);
		assert_int_equal(keyword_is_ack(buf, sizeof(buf)), 0);
	}
}

static void
test_invalid_utf8_and_names(void **state)
{
	static const char bad[] = "\xc3\x28STOP\xff";

	(void)state;
	/* A bad sequence separates words: "(" and "STOP" ... */
	assert_int_equal(kw(bad), KEYWORD_STOP);
	assert_int_equal(kw("\xc3"), KEYWORD_NONE);
	assert_string_equal(keyword_name(KEYWORD_STOP), "stop");
	assert_string_equal(keyword_name(KEYWORD_HELP), "help");
	assert_string_equal(keyword_name(KEYWORD__MAX), "none");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fold),
		cmocka_unit_test(test_stop_words),
		cmocka_unit_test(test_start_and_help),
		cmocka_unit_test(test_not_keywords),
		cmocka_unit_test(test_long_text_never_keyword),
		cmocka_unit_test(test_ok_forms),
		cmocka_unit_test(test_acknowledgements),
		cmocka_unit_test(test_invalid_utf8_and_names),
	};

	return cmocka_run_group_tests_name("keyword", tests, NULL, NULL);
}
