/*
 * test_smsword.c - unit tests for shared/smsword.c: words that must not
 * reach an SMS are found whatever their case and accents, also inside
 * Danish compounds; ordinary places are not flagged.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "config.h"
#include "smsword.h"

static char *defaults[] = { "psykiatri", "psykiatrisk", "misbrug", "afvænning",
	"selvmord", "Livslinien", "behandling", "indlæggelse", "udskrivelse",
	"diagnose", "sygdom" };
static const struct config_words list = { defaults, 11 };

static void
test_found(void **state)
{
	(void)state;
	assert_string_equal(
	    smsword_find(&list, "Psykiatrisk Center, afsnit 3"), "psykiatri");
	assert_string_equal(
	    smsword_find(&list, "Ring til LIVSLINIEN"), "Livslinien");
	assert_string_equal(
	    smsword_find(&list, "Afvaenning, Nørregade 4"), "afvænning");
	assert_string_equal(
	    smsword_find(&list, "Misbrugscenter Herlev"), "misbrug");
	assert_string_equal(
	    smsword_find(&list, "selvmordsforebyggelse"), "selvmord");
	assert_string_equal(
	    smsword_find(&list, "Efter INDLÆGGELSE"), "indlæggelse");
}

static void
test_not_found(void **state)
{
	static const char *const	 ok[] = { "Herlev Bibliotek",
			"Jobcentret, 2. sal", "Café Ørsted",
			"Er det akut, så ring 112.", "", "Mødelokale 3" };
	static const struct config_words none = { NULL, 0 };
	size_t				 i;

	(void)state;
	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		if (smsword_find(&list, ok[i]) != NULL)
			fail_msg("\"%s\" flagged", ok[i]);
	assert_null(smsword_find(&list, NULL));
	assert_null(smsword_find(&none, "psykiatri"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_found),
		cmocka_unit_test(test_not_found),
	};

	return cmocka_run_group_tests_name("smsword", tests, NULL, NULL);
}
