/*
 * test_template.c - unit tests for shared/template.c.
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "buf.h"
#include "template.h"

#define NVARS(v) (sizeof(v) / sizeof((v)[0]))

static const struct template_var vars[] = {
	{ "name", "Mads" },
	{ "evil", "<script>alert(\"x\" & 'y')</script>" },
	{ "html", "<b>fed</b>" },
	{ "place", "Herlev Bibliotek, Hørkær 2" },
	{ "empty", "" },
	{ "missing", NULL },
	{ "name", "second Mads" },
};

/*
 * Render tpl in mode and assert the result is want; returns nothing.
 */
static void
assert_renders(const char *tpl, enum template_mode mode, const char *want)
{
	struct buf out = { 0 };
	char	   err[128];

	assert_int_equal(template_render(tpl, vars, NVARS(vars), mode, &out,
			     err, sizeof(err)),
	    TEMPLATE_OK);
	assert_string_equal(err, "");
	assert_string_equal(buf_str(&out), want);
	buf_free(&out);
}

/*
 * Render tpl, expect error want_err with errbuf want_msg (a prefix),
 * and check nothing was appended to a buffer that held "keep".
 */
static void
assert_fails(const char *tpl, enum template_err want_err, const char *want_msg)
{
	struct buf out = { 0 };
	char	   err[128];

	buf_puts(&out, "keep");
	assert_int_equal(template_render(tpl, vars, NVARS(vars), TEMPLATE_HTML,
			     &out, err, sizeof(err)),
	    want_err);
	assert_string_equal(buf_str(&out), "keep");
	if (strncmp(err, want_msg, strlen(want_msg)) != 0)
		fail_msg(
		    "\"%s\": error \"%s\", want \"%s\"", tpl, err, want_msg);
	buf_free(&out);
}

static void
test_plain_text(void **state)
{
	assert_renders("", TEMPLATE_HTML, "");
	assert_renders("Hej", TEMPLATE_HTML, "Hej");
	assert_renders("Hej {name}!", TEMPLATE_HTML, "Hej Mads!");
	assert_renders("{name}{name}", TEMPLATE_TEXT, "MadsMads");
}

static void
test_html_escaping(void **state)
{
	assert_renders("<p>{evil}</p>", TEMPLATE_HTML,
	    "<p>&lt;script&gt;alert(&quot;x&quot; &amp; &#39;y&#39;)"
	    "&lt;/script&gt;</p>");
	/* Template text itself is trusted and never escaped. */
	assert_renders("<a href=\"/x?a=1&b=2\">{name}</a>", TEMPLATE_HTML,
	    "<a href=\"/x?a=1&b=2\">Mads</a>");
}

static void
test_text_mode_verbatim(void **state)
{
	assert_renders(
	    "{evil}", TEMPLATE_TEXT, "<script>alert(\"x\" & 'y')</script>");
	assert_renders(
	    "{!evil}", TEMPLATE_TEXT, "<script>alert(\"x\" & 'y')</script>");
}

static void
test_raw_marker(void **state)
{
	assert_renders("<p>{!html}</p>", TEMPLATE_HTML, "<p><b>fed</b></p>");
	assert_renders("{html} {!html}", TEMPLATE_HTML,
	    "&lt;b&gt;fed&lt;/b&gt; <b>fed</b>");
}

static void
test_braces(void **state)
{
	assert_renders("{{}}", TEMPLATE_HTML, "{}");
	assert_renders("{{name}}", TEMPLATE_HTML, "{name}");
	assert_renders("{{{name}}}", TEMPLATE_HTML, "{Mads}");
	assert_renders("a {{ b }} c", TEMPLATE_TEXT, "a { b } c");
}

static void
test_null_and_empty_values(void **state)
{
	assert_renders(
	    "[{empty}][{missing}][{!missing}]", TEMPLATE_HTML, "[][][]");
	/* The first of two equal names wins. */
	assert_renders("{name}", TEMPLATE_TEXT, "Mads");
}

static void
test_utf8_untouched(void **state)
{
	assert_renders("Møde på {place} – kl. 10.00 ☺", TEMPLATE_HTML,
	    "Møde på Herlev Bibliotek, Hørkær 2 – kl. 10.00 ☺");
	assert_renders("Æble {name} Å", TEMPLATE_TEXT, "Æble Mads Å");
}

static void
test_unknown_var(void **state)
{
	assert_fails("Hej {nmae}", TEMPLATE_UNKNOWN_VAR, "nmae");
	assert_fails("{name} {!cpr}", TEMPLATE_UNKNOWN_VAR, "cpr");
	assert_fails("{Name}", TEMPLATE_UNKNOWN_VAR, "Name");
	assert_fails("{nam}", TEMPLATE_UNKNOWN_VAR, "nam");
	assert_fails("{names}", TEMPLATE_UNKNOWN_VAR, "names");
	assert_fails("{name.first}", TEMPLATE_UNKNOWN_VAR, "name.first");
}

static void
test_syntax_errors(void **state)
{
	assert_fails("{", TEMPLATE_SYNTAX, "bad placeholder at offset 0");
	assert_fails("Hej {name", TEMPLATE_SYNTAX,
	    "bad placeholder at "
	    "offset 4");
	assert_fails("a } b", TEMPLATE_SYNTAX, "unmatched '}' at offset 2");
	assert_fails("{}", TEMPLATE_SYNTAX, "bad placeholder");
	assert_fails("{!}", TEMPLATE_SYNTAX, "bad placeholder");
	assert_fails("{ name }", TEMPLATE_SYNTAX, "bad placeholder");
	assert_fails("{1name}", TEMPLATE_SYNTAX, "bad placeholder");
	assert_fails("{na-me}", TEMPLATE_SYNTAX, "bad placeholder");
	assert_fails("{!!name}", TEMPLATE_SYNTAX, "bad placeholder");
	assert_fails("{name}}", TEMPLATE_SYNTAX, "unmatched '}'");
	assert_fails("{næme}", TEMPLATE_SYNTAX, "bad placeholder");
	/* Style sheets in a template must double their braces. */
	assert_fails(
	    "p { color: red }", TEMPLATE_SYNTAX, "bad placeholder at offset 2");
	assert_fails(
	    "{a"
	    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    "a}",
	    TEMPLATE_SYNTAX, "bad placeholder");
}

static void
test_long_name_limit(void **state)
{
	char		    tpl[TEMPLATE_NAME_MAX + 3];
	char		    name[TEMPLATE_NAME_MAX + 1];
	struct template_var v;
	struct buf	    out = { 0 };

	memset(name, 'n', TEMPLATE_NAME_MAX);
	name[TEMPLATE_NAME_MAX] = '\0';
	tpl[0] = '{';
	memcpy(tpl + 1, name, TEMPLATE_NAME_MAX);
	tpl[TEMPLATE_NAME_MAX + 1] = '}';
	tpl[TEMPLATE_NAME_MAX + 2] = '\0';
	v.name = name;
	v.value = "ok";
	assert_int_equal(
	    template_render(tpl, &v, 1, TEMPLATE_HTML, &out, NULL, 0),
	    TEMPLATE_OK);
	assert_string_equal(buf_str(&out), "ok");
	buf_free(&out);
}

static void
test_appends_to_buffer(void **state)
{
	struct buf out = { 0 };

	buf_puts(&out, "<h1>");
	assert_int_equal(template_render("{name}</h1>", vars, NVARS(vars),
			     TEMPLATE_HTML, &out, NULL, 0),
	    TEMPLATE_OK);
	assert_string_equal(buf_str(&out), "<h1>Mads</h1>");
	buf_free(&out);
}

static void
test_small_errbuf(void **state)
{
	struct buf out = { 0 };
	char	   err[4];

	assert_int_equal(template_render("{unknown_name}", vars, NVARS(vars),
			     TEMPLATE_HTML, &out, err, sizeof(err)),
	    TEMPLATE_UNKNOWN_VAR);
	assert_string_equal(err, "unk");
	assert_int_equal(template_render("{unknown_name}", NULL, 0,
			     TEMPLATE_TEXT, &out, NULL, 0),
	    TEMPLATE_UNKNOWN_VAR);
	buf_free(&out);
}

static void
test_check(void **state)
{
	static const char *const sms_fields[] = {
		"date",
		"time",
		"organisation",
		"mentor_first_name",
		"place",
	};
	char err[64];

	assert_int_equal(
	    template_check("Husk dit møde {date} kl. {time} "
			   "med {mentor_first_name}, {organisation}. {{OK}}",
		sms_fields, NVARS(sms_fields), err, sizeof(err)),
	    0);
	assert_string_equal(err, "");
	assert_int_equal(template_check("Møde om {purpose} {date}", sms_fields,
			     NVARS(sms_fields), err, sizeof(err)),
	    -1);
	assert_string_equal(err, "purpose");
	assert_int_equal(template_check("{!unit_name}", sms_fields,
			     NVARS(sms_fields), err, sizeof(err)),
	    -1);
	assert_string_equal(err, "unit_name");
	assert_int_equal(template_check("{dat", sms_fields, NVARS(sms_fields),
			     err, sizeof(err)),
	    -1);
	assert_string_equal(err, "bad placeholder at offset 0");
	assert_int_equal(
	    template_check("no placeholders", NULL, 0, NULL, 0), 0);
	assert_int_equal(template_check("{date}", NULL, 0, NULL, 0), -1);
}

static void
test_strerror(void **state)
{
	assert_string_equal(template_strerror(TEMPLATE_OK), "no error");
	assert_string_equal(
	    template_strerror(TEMPLATE_UNKNOWN_VAR), "unknown placeholder");
	assert_string_equal(
	    template_strerror(TEMPLATE_SYNTAX), "template syntax error");
	assert_string_equal(
	    template_strerror(TEMPLATE_ERR__MAX), "unknown template error");
}

static void
test_set(void **state)
{
	struct template_var v[] = {
		{ "greeting", "Hej" },
		{ "name", NULL },
		{ "name", "second" },
		{ "place", NULL },
	};
	struct buf out = { 0 };

	(void)state;
	assert_int_equal(template_set(v, NVARS(v), "name", "Mads"), 0);
	assert_string_equal(v[1].value, "Mads");
	assert_string_equal(v[2].value, "second");
	assert_int_equal(template_set(v, NVARS(v), "place", "Herlev"), 0);
	assert_string_equal(v[3].value, "Herlev");
	/* A name not in the list changes nothing and says so. */
	assert_int_equal(template_set(v, NVARS(v), "Name", "x"), -1);
	assert_int_equal(template_set(v, NVARS(v), "plac", "x"), -1);
	assert_int_equal(template_set(v, 0, "name", "x"), -1);
	assert_string_equal(v[0].value, "Hej");
	assert_string_equal(v[1].value, "Mads");
	assert_int_equal(template_render("{greeting} {name}, {place}", v,
			     NVARS(v), TEMPLATE_HTML, &out, NULL, 0),
	    TEMPLATE_OK);
	assert_string_equal(buf_str(&out), "Hej Mads, Herlev");
	buf_free(&out);
}

/*
 * 1 if line fills a template variable by its place in the list
 * ("v[8].value =", "v[5 + 2 * i].value ="), not by its name.
 */
static int
fills_by_place(const char *line)
{
	const char *p = line;

	while ((p = strstr(p, "].value")) != NULL) {
		p += strlen("].value");
		while (*p == ' ' || *p == '\t')
			p++;
		if (p[0] == '=' && p[1] != '=')
			return 1;
	}
	return 0;
}

/*
 * The kiosk's pages fill their templates by name (page_set()): a
 * variable inserted into a list must not shift what another line sets.
 */
static void
test_kiosk_fills_by_name(void **state)
{
	DIR	      *d;
	struct dirent *e;
	char	       path[512], line[4096];
	FILE	      *f;
	size_t	       n, files = 0;

	(void)state;
	assert_int_equal(fills_by_place("\tv[8].value = buf_str(&x);"), 1);
	assert_int_equal(fills_by_place("v[5 + 2 * i].value=x;"), 1);
	assert_int_equal(fills_by_place("if (v[0].value == NULL)"), 0);
	assert_int_equal(fills_by_place("page_set(v, NVARS(v), \"x\", y);"), 0);
	if ((d = opendir("kiosk")) == NULL)
		fail_msg("kiosk/: cannot open (run from the top of the tree)");
	while ((e = readdir(d)) != NULL) {
		n = strlen(e->d_name);
		if (n < 3 || strcmp(e->d_name + n - 2, ".c") != 0)
			continue;
		snprintf(path, sizeof(path), "kiosk/%s", e->d_name);
		if ((f = fopen(path, "r")) == NULL)
			fail_msg("%s: cannot open", path);
		for (n = 1; fgets(line, sizeof(line), f) != NULL; n++)
			if (fills_by_place(line))
				fail_msg("%s:%zu: fills a template variable by "
					 "its place; use page_set(): %s",
				    path, n, line);
		fclose(f);
		files++;
	}
	closedir(d);
	assert_true(files > 5);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_text),
		cmocka_unit_test(test_html_escaping),
		cmocka_unit_test(test_text_mode_verbatim),
		cmocka_unit_test(test_raw_marker),
		cmocka_unit_test(test_braces),
		cmocka_unit_test(test_null_and_empty_values),
		cmocka_unit_test(test_utf8_untouched),
		cmocka_unit_test(test_unknown_var),
		cmocka_unit_test(test_syntax_errors),
		cmocka_unit_test(test_long_name_limit),
		cmocka_unit_test(test_appends_to_buffer),
		cmocka_unit_test(test_small_errbuf),
		cmocka_unit_test(test_check),
		cmocka_unit_test(test_strerror),
		cmocka_unit_test(test_set),
		cmocka_unit_test(test_kiosk_fills_by_name),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
