/*
 * test_validate.c - unit tests for shared/validate_fields.c: the rules of
 * the records' fields that the import, mentorctl and the console share.
 * (The value checks of validate.c are tested through test_checks and
 * the import's integration tests.)
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "store_staff.h"
#include "validate.h"

/* A string of n copies of c (n < sizeof buffer). */
static const char *
repeat(char c, size_t n)
{
	static char buf[5000];

	memset(buf, c, n);
	buf[n] = '\0';
	return buf;
}

static void
test_people(void **state)
{
	int roles;

	(void)state;
	assert_null(valid_given_name("Mads"));
	assert_null(valid_given_name("Søren"));
	assert_null(valid_given_name(repeat('a', 100)));
	assert_string_equal(
	    valid_given_name(repeat('a', 101)), "too long (at most 100 bytes)");
	assert_string_equal(valid_given_name(""), "empty");
	assert_string_equal(valid_given_name(NULL), "missing");
	assert_string_equal(
	    valid_given_name("a\tb"), "contains control characters");
	assert_null(valid_staff_name(repeat('a', 200)));
	assert_non_null(valid_staff_name(repeat('a', 201)));

	assert_null(valid_login("anna@kommune.dk"));
	assert_null(valid_login("KOMMUNE\\Anna.Berg"));
	assert_null(valid_login(repeat('x', 200)));
	assert_string_equal(
	    valid_login(repeat('x', 201)), "too long (at most 200 bytes)");
	assert_string_equal(valid_login(""), "missing");
	assert_non_null(valid_login("anna berg"));
	assert_non_null(valid_login("søren@kommune.dk"));
	assert_non_null(valid_login("a\nb"));

	assert_null(valid_roles("mentor,coordinator", &roles));
	assert_int_equal(roles, STAFF_ROLE_MENTOR | STAFF_ROLE_COORDINATOR);
	assert_null(valid_roles("caseworker", &roles));
	assert_int_equal(roles, STAFF_ROLE_CASEWORKER);
	assert_non_null(strstr(valid_roles("boss", &roles), "mentor"));
	assert_non_null(valid_roles("", &roles));
	assert_non_null(valid_roles(NULL, &roles));

	assert_null(valid_deputy(1, 2));
	assert_null(valid_deputy(1, 0));
	assert_string_equal(
	    valid_deputy(3, 3), "cannot be the person themselves");
}

static void
test_agreement(void **state)
{
	char  *tasks[51];
	size_t i;

	(void)state;
	assert_null(valid_goal("Komme i gang med at handle selv"));
	assert_null(valid_goal(repeat('g', 4000)));
	assert_non_null(valid_goal(repeat('g', 4001)));
	assert_null(valid_task(repeat('t', 1000)));
	assert_string_equal(
	    valid_task(repeat('t', 1001)), "too long (at most 1000 bytes)");
	for (i = 0; i < 51; i++)
		tasks[i] = "Gå en tur";
	assert_null(valid_tasks(tasks, 50));
	assert_null(valid_tasks(tasks, 0));
	assert_string_equal(valid_tasks(tasks, 51), "more than 50 tasks");
	tasks[3] = "";
	assert_string_equal(valid_tasks(tasks, 4),
	    "every task must be a text of 1 to 1000 bytes");
	assert_null(valid_short_text("Serviceloven § 85"));

	assert_null(valid_status_change("draft", "active"));
	assert_null(valid_status_change("draft", "ended"));
	assert_null(valid_status_change("active", "ended"));
	assert_null(valid_status_change("active", "active"));
	assert_null(valid_status_change(NULL, "draft"));
	assert_string_equal(valid_status_change("active", "draft"),
	    "an active agreement cannot go back to draft");
	assert_string_equal(valid_status_change("ended", "active"),
	    "an ended agreement stays ended; extend it instead");
	assert_string_equal(valid_status_change("draft", "done"),
	    "expected draft, active or ended");
	assert_null(valid_agreement_editable("draft"));
	assert_null(valid_agreement_editable("active"));
	assert_string_equal(valid_agreement_editable("ended"),
	    "it has ended; extend it instead");
}

static void
test_meeting(void **state)
{
	(void)state;
	assert_null(valid_place("Jobcentret, lokale 2"));
	assert_non_null(valid_place(""));
	assert_non_null(valid_place(repeat('p', 201)));
	assert_null(valid_meeting_times(1000, 4600));
	assert_string_equal(
	    valid_meeting_times(1000, 1000), "must be after starts");
	assert_non_null(valid_meeting_times(2000, 1000));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_people),
		cmocka_unit_test(test_agreement),
		cmocka_unit_test(test_meeting),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
