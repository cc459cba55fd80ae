/*
 * test_log.c - unit tests for shared/log.c: masking and stripping.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "log.h"

static char	 last[1100];

static void
sink(const char *line)
{
	snprintf(last, sizeof(last), "%s", line);
}

static void
test_phone_mask(void **state)
{
	char	 b[LOG_PHONE_MAX];

	(void)state;
	assert_string_equal(log_phone("+4520123456", b, sizeof(b)),
	    "+45 20 xx xx 56");
	assert_string_equal(log_phone("+447911123456", b, sizeof(b)),
	    "+44...56");
	assert_string_equal(log_phone("1204", b, sizeof(b)), "xxxxx");
	assert_string_equal(log_phone(NULL, b, sizeof(b)), "-");
	assert_null(strstr(log_phone("+4520123456", b, sizeof(b)), "1234"));
}

static void
test_levels_and_control_chars(void **state)
{
	(void)state;
	log_set_sink(sink);
	log_init(1, 0);
	log_info("event=x text=%s", "a\nb\x1b[31m");
	assert_string_equal(last, "info event=x text=a?b?[31m");
	last[0] = '\0';
	log_debug("hidden");
	assert_string_equal(last, "");
	log_setverbose(1);
	log_debug("shown=%d", 1);
	assert_string_equal(last, "debug shown=1");
	log_warnx("w");
	assert_string_equal(last, "warning w");
	log_set_sink(NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_phone_mask),
		cmocka_unit_test(test_levels_and_control_chars),
	};

	return cmocka_run_group_tests_name("log", tests, NULL, NULL);
}
