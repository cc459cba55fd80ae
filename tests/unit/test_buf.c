/*
 * test_buf.c - unit tests for shared/buf.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "buf.h"

static void
test_append_and_printf(void **state)
{
	struct buf b = { 0 };
	int	   i;

	(void)state;
	assert_string_equal(buf_str(&b), "");
	buf_puts(&b, "Hej ");
	buf_printf(&b, "%s nr. %d", "Søren", 7);
	assert_string_equal(buf_str(&b), "Hej Søren nr. 7");
	for (i = 0; i < 1000; i++)
		buf_putc(&b, 'x');
	assert_int_equal(b.len, strlen("Hej Søren nr. 7") + 1000);
	assert_int_equal(strlen(buf_str(&b)), b.len);
	buf_free(&b);
	assert_null(b.data);
}

static void
test_html_escape(void **state)
{
	struct buf b = { 0 };

	(void)state;
	buf_puts_html(&b, "<a href=\"x\">Ærø & 'co'</a>");
	assert_string_equal(buf_str(&b),
	    "&lt;a href=&quot;x&quot;&gt;Ærø &amp; &#39;co&#39;&lt;/a&gt;");
	buf_free(&b);
}

static void
test_take_and_reset(void **state)
{
	struct buf b = { 0 };
	char	  *p;

	(void)state;
	p = buf_take(&b);
	assert_string_equal(p, "");
	free(p);
	buf_puts(&b, "abc");
	buf_reset(&b);
	assert_string_equal(buf_str(&b), "");
	buf_puts(&b, "def");
	p = buf_take(&b);
	assert_string_equal(p, "def");
	assert_null(b.data);
	free(p);
}

static void
test_strdup(void **state)
{
	const char *s = "Mentorlink";
	char	   *d;

	(void)state;
	assert_null(buf_strdup(NULL));
	d = buf_strdup(s);
	assert_non_null(d);
	assert_ptr_not_equal(d, s);
	assert_string_equal(d, s);
	free(d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_append_and_printf),
		cmocka_unit_test(test_html_escape),
		cmocka_unit_test(test_take_and_reset),
		cmocka_unit_test(test_strdup),
	};

	return cmocka_run_group_tests_name("buf", tests, NULL, NULL);
}
