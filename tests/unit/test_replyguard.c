/*
 * test_replyguard.c - unit tests for shared/replyguard.c: satellite,
 * international-network and premium-rate ranges never get a reply,
 * whatever the allow-list says; other numbers only from allowed
 * countries.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "config.h"
#include "country.h"
#include "replyguard.h"

static void
test_premium_never(void **state)
{
	static char *all[] = { "DK", "SE", "NO", "FI", "DE", "GB" };
	static const struct config_words every = { all, 6 };
	static const char *const never[] = { "+88216012345", "+881631234567",
		"+8835100012345", "+870772123456", "+97912345678",
		"+80012345678", "+4590123456", "+46900123456", "+47820123456",
		"+358600123456", "+49900123456789", "+449012345678",
		"+447012345678" };
	size_t			 i;

	(void)state;
	for (i = 0; i < sizeof(never) / sizeof(never[0]); i++)
		if (replyguard_number(&every, never[i]) != REPLYGUARD_PREMIUM)
			fail_msg("%s may be answered", never[i]);
}

static void
test_countries(void **state)
{
	static char			*dk[] = { "DK" };
	static char			*dk_se[] = { "dk", "SE" };
	static const struct config_words only_dk = { dk, 1 };
	static const struct config_words two = { dk_se, 2 };
	static const struct config_words none = { NULL, 0 };

	(void)state;
	assert_int_equal(
	    replyguard_number(&only_dk, "+4520123456"), REPLYGUARD_OK);
	assert_int_equal(
	    replyguard_number(&only_dk, "+46701234567"), REPLYGUARD_COUNTRY);
	assert_int_equal(
	    replyguard_number(&two, "+46701234567"), REPLYGUARD_OK);
	assert_int_equal(
	    replyguard_number(&only_dk, "+19005550100"), REPLYGUARD_COUNTRY);
	assert_int_equal(
	    replyguard_number(&only_dk, "+298123456"), REPLYGUARD_COUNTRY);
	assert_int_equal(
	    replyguard_number(&none, "+4520123456"), REPLYGUARD_COUNTRY);
	assert_int_equal(
	    replyguard_number(NULL, "+4520123456"), REPLYGUARD_COUNTRY);
	assert_int_equal(
	    replyguard_number(&only_dk, "4520123456"), REPLYGUARD_COUNTRY);
	assert_string_equal(country_calling_code("gl"), "+299");
	assert_null(country_calling_code("XX"));
	assert_null(country_calling_code(NULL));
	assert_string_equal(replyguard_reason(REPLYGUARD_BUDGET), "budget");
	assert_string_equal(replyguard_reason(REPLYGUARD_PREMIUM), "premium");
	assert_string_equal(replyguard_reason(REPLYGUARD__MAX), "ok");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_premium_never),
		cmocka_unit_test(test_countries),
	};

	return cmocka_run_group_tests_name("replyguard", tests, NULL, NULL);
}
