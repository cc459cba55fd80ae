/*
 * test_formparse.c - unit tests for shared/formparse.c: decoding, order,
 * repeated names, sorting, and every limit and error.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "formparse.h"

static enum form_err
parse(const char *s, struct form *f)
{
	return form_parse(s, strlen(s), f);
}

static void
test_decode(void **state)
{
	struct form f;

	(void)state;
	assert_int_equal(parse("a=1&b=x+y%21&c=%C3%A6&d=&e", &f), FORM_OK);
	assert_int_equal(f.nfields, 5);
	assert_string_equal(form_get(&f, "a"), "1");
	assert_string_equal(form_get(&f, "b"), "x y!");
	assert_string_equal(form_get(&f, "c"), "æ");
	assert_string_equal(form_get(&f, "d"), "");
	assert_string_equal(form_get(&f, "e"), "");
	assert_null(form_get(&f, "z"));
	form_free(&f);
	assert_int_equal(f.nfields, 0);
}

static void
test_empty_pieces_and_repeats(void **state)
{
	struct form f;

	(void)state;
	assert_int_equal(parse("", &f), FORM_OK);
	assert_int_equal(f.nfields, 0);
	form_free(&f);
	assert_int_equal(parse("&&a=2&&a=1&", &f), FORM_OK);
	assert_int_equal(f.nfields, 2);
	assert_string_equal(form_get(&f, "a"), "2");
	form_sort(&f);
	assert_string_equal(f.fields[0].value, "1");
	assert_string_equal(f.fields[1].value, "2");
	form_free(&f);
}

static void
test_sort_bytewise(void **state)
{
	struct form f;

	(void)state;
	assert_int_equal(
	    parse("To=2&Body=b&From=1&AccountSid=A&body=z", &f), FORM_OK);
	form_sort(&f);
	assert_string_equal(f.fields[0].name, "AccountSid");
	assert_string_equal(f.fields[1].name, "Body");
	assert_string_equal(f.fields[2].name, "From");
	assert_string_equal(f.fields[3].name, "To");
	assert_string_equal(f.fields[4].name, "body");
	form_free(&f);
}

static void
test_errors(void **state)
{
	struct form f;
	char	   *big;
	size_t	    i;

	(void)state;
	assert_int_equal(parse("a=%2", &f), FORM_ESCAPE);
	assert_int_equal(parse("a=%", &f), FORM_ESCAPE);
	assert_int_equal(parse("a=%zz", &f), FORM_ESCAPE);
	assert_int_equal(parse("a=%00", &f), FORM_NUL);
	assert_int_equal(parse("=1", &f), FORM_NAME);
	assert_int_equal(f.nfields, 0);
	assert_null(f.fields);
	big = malloc(FORM_VALUE_MAX + 10);
	memcpy(big, "a=", 2);
	memset(big + 2, 'x', FORM_VALUE_MAX + 1);
	big[FORM_VALUE_MAX + 3] = '\0';
	assert_int_equal(parse(big, &f), FORM_VALUE);
	big[FORM_VALUE_MAX + 2] = '\0';
	assert_int_equal(parse(big, &f), FORM_OK);
	form_free(&f);
	memset(big, 'n', FORM_NAME_MAX + 1);
	big[FORM_NAME_MAX + 1] = '\0';
	assert_int_equal(parse(big, &f), FORM_NAME);
	for (i = 0; i < (FORM_FIELDS_MAX + 1) * 2; i += 2)
		memcpy(big + i, "a&", 2);
	big[i - 1] = '\0';
	assert_int_equal(parse(big, &f), FORM_FIELDS);
	big[i - 3] = '\0';
	assert_int_equal(parse(big, &f), FORM_OK);
	assert_int_equal(f.nfields, FORM_FIELDS_MAX);
	form_free(&f);
	free(big);
	assert_string_equal(form_strerror(FORM_NUL), "encoded NUL byte");
	assert_string_equal(form_strerror(FORM__MAX), "unknown error");
}

static void
test_length_not_nul(void **state)
{
	struct form f;

	(void)state;
	/* Only len bytes count. */
	assert_int_equal(form_parse("a=1&b=2", 3, &f), FORM_OK);
	assert_int_equal(f.nfields, 1);
	form_free(&f);
}

#define PART(name, value) \
	"--B1\r\nContent-Disposition: form-data; name=\"" name \
	"\"\r\n\r\n" value "\r\n"

/* The boundary of a Content-Type, plain or quoted; others refused. */
static void
test_boundary(void **state)
{
	char b[80];

	(void)state;
	assert_int_equal(
	    form_boundary("multipart/form-data; boundary=abc", b, sizeof(b)),
	    0);
	assert_string_equal(b, "abc");
	assert_int_equal(form_boundary("Multipart/Form-Data; "
				       "boundary=\"a b\"; x=1",
			     b, sizeof(b)),
	    0);
	assert_string_equal(b, "a b");
	assert_int_equal(
	    form_boundary("multipart/form-data", b, sizeof(b)), -1);
	assert_int_equal(
	    form_boundary("text/plain; boundary=abc", b, sizeof(b)), -1);
	assert_int_equal(
	    form_boundary("multipart/form-data; boundary=", b, sizeof(b)), -1);
	assert_int_equal(form_boundary(NULL, b, sizeof(b)), -1);
}

/* Two parts, a file's bytes as they are (CRLF inside kept). */
static void
test_multipart(void **state)
{
	static const char body[] = PART("csrf",
	    "t0k") "--B1\r\n"
		   "Content-Disposition: form-data; name=\"file\"; "
		   "filename=\"a.json\"\r\nContent-Type: application/json\r\n\r\n"
		   "{\"a\":\r\n1}\r\n--B1--\r\n";
	struct form	  f;

	(void)state;
	assert_int_equal(
	    form_parse_multipart("B1", body, strlen(body), 100, &f), FORM_OK);
	assert_int_equal(f.nfields, 2);
	assert_string_equal(form_get(&f, "csrf"), "t0k");
	assert_string_equal(form_get(&f, "file"), "{\"a\":\r\n1}");
	form_free(&f);
}

/* What is not RFC 7578's shape, or over a limit, gives nothing. */
static void
test_multipart_errors(void **state)
{
	static const struct {
		const char   *body;
		enum form_err want;
	} cases[] = {
		{ PART("a", "1"), FORM_SYNTAX }, /* no closing boundary */
		{ "--B2\r\n\r\n--B2--", FORM_SYNTAX },
		{ "junk" PART("a", "1") "--B1--", FORM_SYNTAX },
		{ PART("a", "12345") "--B1--", FORM_VALUE },
		{ PART("", "1") "--B1--", FORM_NAME },
		{ "--B1\r\nContent-Type: text/plain\r\n\r\nx\r\n--B1--",
		    FORM_NAME },
		{ PART("a", "1") "--B1", FORM_SYNTAX },
	};
	struct form f;
	size_t	    i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(form_parse_multipart("B1", cases[i].body,
				     strlen(cases[i].body), 4, &f),
		    cases[i].want);
		assert_int_equal(f.nfields, 0);
		assert_null(f.fields);
	}
	/* A NUL byte in a value. */
	assert_int_equal(form_parse_multipart("B1",
			     "--B1\r\nContent-Disposition: form-data; "
			     "name=\"a\"\r\n\r\nx\0y\r\n--B1--",
			     60, 10, &f),
	    FORM_NUL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode),
		cmocka_unit_test(test_empty_pieces_and_repeats),
		cmocka_unit_test(test_sort_bytewise),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_length_not_nul),
		cmocka_unit_test(test_boundary),
		cmocka_unit_test(test_multipart),
		cmocka_unit_test(test_multipart_errors),
	};

	return cmocka_run_group_tests_name("formparse", tests, NULL, NULL);
}
