/*
 * test_webroute.c - unit tests for shared/webroute.c: exact paths and
 * prefixes, GET serving HEAD, 404 against 405, and a table whose
 * entries embed struct webroute (the stride).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "webroute.h"

struct entry {
	int		before;
	struct webroute at;
	const char     *what;
};

static const struct entry table[] = {
	{ 1, { WEB_GET, "/", 0 }, "start" },
	{ 2, { WEB_GET, "/cpr", 0 }, "cpr form" },
	{ 3, { WEB_POST, "/cpr", 0 }, "cpr post" },
	{ 4, { WEB_GET, "/assets/", 1 }, "asset" },
	{ 5, { WEB_POST, "/logout", 0 }, "logout" },
};

#define NTABLE (sizeof(table) / sizeof(table[0]))

/* The entry's name for method and url, or "404"/"405". */
static const char *
find(enum web_method method, const char *url)
{
	unsigned int status = 0;
	int	     i;

	i = webroute_find(
	    &table[0].at, NTABLE, sizeof(table[0]), method, url, &status);
	if (i >= 0)
		return table[i].what;
	return status == 405 ? "405" : status == 404 ? "404" : "?";
}

static void
test_paths_and_methods(void **state)
{
	(void)state;
	assert_string_equal(find(WEB_GET, "/"), "start");
	assert_string_equal(find(WEB_HEAD, "/"), "start");
	assert_string_equal(find(WEB_GET, "/cpr"), "cpr form");
	assert_string_equal(find(WEB_POST, "/cpr"), "cpr post");
	assert_string_equal(find(WEB_HEAD, "/cpr"), "cpr form");
	assert_string_equal(find(WEB_POST, "/"), "405");
	assert_string_equal(find(WEB_GET, "/logout"), "405");
	assert_string_equal(find(WEB_HEAD, "/logout"), "405");
	assert_string_equal(find(WEB_GET, "/cpr/"), "404");
	assert_string_equal(find(WEB_GET, "/nope"), "404");
	assert_string_equal(find(WEB_GET, ""), "404");
}

static void
test_prefix(void **state)
{
	(void)state;
	assert_string_equal(find(WEB_GET, "/assets/kiosk.css"), "asset");
	assert_string_equal(find(WEB_GET, "/assets/"), "asset");
	assert_string_equal(find(WEB_GET, "/assets"), "404");
	assert_string_equal(find(WEB_GET, "/assetsx"), "404");
	assert_string_equal(find(WEB_POST, "/assets/kiosk.css"), "405");
}

static void
test_other_method(void **state)
{
	(void)state;
	assert_string_equal(find(WEB_METHOD_OTHER, "/"), "405");
	assert_string_equal(find(WEB_METHOD_OTHER, "/nope"), "405");
}

static void
test_plain_array(void **state)
{
	static const struct webroute plain[] = {
		{ WEB_POST, "/a", 0 },
		{ WEB_GET, "/b", 0 },
	};
	unsigned int status = 0;

	(void)state;
	assert_int_equal(
	    webroute_find(plain, 2, sizeof(plain[0]), WEB_GET, "/b", &status),
	    1);
	assert_int_equal(
	    webroute_find(plain, 2, sizeof(plain[0]), WEB_GET, "/a", &status),
	    -1);
	assert_int_equal(status, 405);
	assert_int_equal(
	    webroute_find(plain, 0, sizeof(plain[0]), WEB_GET, "/a", &status),
	    -1);
	assert_int_equal(status, 404);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_paths_and_methods),
		cmocka_unit_test(test_prefix),
		cmocka_unit_test(test_other_method),
		cmocka_unit_test(test_plain_array),
	};

	return cmocka_run_group_tests_name("webroute", tests, NULL, NULL);
}
