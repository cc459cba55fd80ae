/*
 * test_jsonflat.c - shared/jsonflat.c: the plain JSON it reads, what it
 * declines (json-c then reads the text, untouched), and that what it
 * reads is what json-c's strict mode reads (strings, numbers to the
 * bit, every escape of the Basic Multilingual Plane, keys and order).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <json.h>

#include "jsonflat.h"

static struct jf_doc ours, theirs;

/* Are the trees at a (in ours) and b (in theirs) the same? */
static int
same(const struct jf_value *a, const struct jf_value *b)
{
	const struct jf_value *x, *y;

	if (a->type != b->type || a->len != b->len ||
	    memcmp(&a->num, &b->num, sizeof(a->num)) != 0 ||
	    (a->key == NULL) != (b->key == NULL) ||
	    (a->key != NULL && strcmp(a->key, b->key) != 0) ||
	    (a->type == JF_STRING &&
		(memcmp(a->str, b->str, a->len) != 0 || a->str[a->len] != 0)))
		return 0;
	x = jf_first(&ours, a);
	y = jf_first(&theirs, b);
	for (; x != NULL && y != NULL;
	     x = jf_next(&ours, x), y = jf_next(&theirs, y))
		if (!same(x, y))
			return 0;
	return x == NULL && y == NULL;
}

/*
 * Parse text with jf_parse(); returns its result.  When it reads it,
 * json-c (strict) must read it to the end into the same tree; when it
 * declines, the text must be unchanged.
 */
static int
parse(const char *text)
{
	struct json_tokener *tok = json_tokener_new();
	struct json_object  *o;
	size_t		     n = strlen(text);
	char		    *buf = strdup(text), *copy = strdup(text);
	int		     rc;

	assert_non_null(tok);
	assert_non_null(buf);
	assert_non_null(copy);
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
	rc = jf_parse(&ours, buf, n);
	if (rc == 0) {
		o = json_tokener_parse_ex(tok, copy, (int)n + 1);
		assert_int_equal(
		    json_tokener_get_error(tok), json_tokener_success);
		assert_int_equal(json_tokener_get_parse_end(tok), n);
		assert_int_equal(jf_from_json(&theirs, o), 0);
		assert_true(same(jf_root(&ours), jf_root(&theirs)));
		json_object_put(o);
	} else
		assert_string_equal(buf, text);
	json_tokener_free(tok);
	free(buf);
	free(copy);
	return rc;
}

/* A record as an import file has it: every kind of value. */
static void
test_record(void **state)
{
	char text[] = "{\"id\": \"a-1\", \"n\": -12, \"x\": 4.25, "
		      "\"ok\": true, \"no\": false, \"none\": null, "
		      "\"tasks\": [\"Møde\", \"\"], \"hours\": "
		      "{\"amount\": 4, \"per\": \"week\"}, \"e\": {}, "
		      "\"l\": []}";
	const struct jf_value *r, *v;

	(void)state;
	assert_int_equal(jf_parse(&ours, text, strlen(text)), 0);
	r = jf_root(&ours);
	assert_int_equal(r->type, JF_OBJECT);
	assert_int_equal(r->len, 10);
	v = jf_get(&ours, r, "id");
	assert_int_equal(v->type, JF_STRING);
	assert_string_equal(v->str, "a-1");
	assert_int_equal(v->len, 3);
	assert_true(jf_get(&ours, r, "n")->num == -12);
	assert_int_equal(jf_get(&ours, r, "n")->type, JF_INT);
	assert_true(jf_get(&ours, r, "x")->num == 4.25);
	assert_int_equal(jf_get(&ours, r, "x")->type, JF_DOUBLE);
	assert_true(jf_get(&ours, r, "ok")->num == 1);
	assert_int_equal(jf_get(&ours, r, "none")->type, JF_NULL);
	v = jf_get(&ours, r, "tasks");
	assert_int_equal(v->len, 2);
	assert_string_equal(jf_first(&ours, v)->str, "Møde");
	assert_string_equal(jf_next(&ours, jf_first(&ours, v))->str, "");
	assert_null(jf_next(&ours, jf_next(&ours, jf_first(&ours, v))));
	v = jf_get(&ours, r, "hours");
	assert_true(jf_get(&ours, v, "amount")->num == 4);
	assert_null(jf_get(&ours, v, "id"));
	assert_null(jf_get(&ours, jf_get(&ours, r, "l"), "id"));
	assert_string_equal(jf_first(&ours, r)->key, "id");
	/* The same as json-c reads it. */
	assert_int_equal(
	    parse("{\"id\": \"a-1\", \"n\": -12, \"x\": 4.25, "
		  "\"t\": [\"a\", [1, {\"b\": null}]], \"o\": {}}"),
	    0);
	assert_int_equal(parse(" \t\r\n[1 , 2\n]"), 0);
	assert_int_equal(parse("\"plain\""), 0);
	assert_int_equal(parse("null"), 0);
}

/* Escapes: every one JSON has, read as json-c reads them. */
static void
test_escapes(void **state)
{
	char text[] = "\"a\\\"b\\\\c\\/d\\be\\ff\\ng\\rh\\ti\\u00e6\\u00C6\"";

	(void)state;
	assert_int_equal(jf_parse(&ours, text, strlen(text)), 0);
	assert_string_equal(jf_root(&ours)->str, "a\"b\\c/d\be\ff\ng\rh\tiæÆ");
	assert_int_equal(jf_root(&ours)->len, 21);
	assert_int_equal(parse("\"a\\\"b\\\\c\\/d\\be\\ff\\ng\\rh\\ti\""), 0);
	assert_int_equal(
	    parse("[\"\\u0041\\u00e6\\u20ac\\uffff\", \"x\\u0001\"]"), 0);
	/* Declined, left to json-c: bad or odd escapes, raw controls. */
	assert_int_equal(parse("\"\\a\""), -1);
	assert_int_equal(parse("\"\\'\""), -1);
	assert_int_equal(parse("\"\\u12\""), -1);
	assert_int_equal(parse("\"\\u12g4\""), -1);
	assert_int_equal(parse("\"\\u0000\""), -1);
	assert_int_equal(parse("\"a\tb\""), -1);
	assert_int_equal(parse("\"a\nb\""), -1);
	assert_int_equal(parse("\"\\"), -1);
	/* Surrogates: json-c 0.16 reads some pairs as U+FFFD. */
	assert_int_equal(parse("\"\\ud83d\\ude00\""), -1);
	assert_int_equal(parse("\"\\ud800\""), -1);
	assert_int_equal(parse("\"\\udc00\""), -1);
	/* A key with an escape. */
	assert_int_equal(parse("{\"a\\u0062\": 1}"), -1);
}

/* Every \u escape of the BMP but the surrogates, against json-c. */
static void
test_unicode(void **state)
{
	char text[64];
	long cp;

	(void)state;
	for (cp = 1; cp <= 0xffff; cp++) {
		if (cp >= 0xd800 && cp <= 0xdfff)
			continue;
		snprintf(text, sizeof(text), "[\"x\\u%04lx\", \"\\u%04lXy\"]",
		    cp, cp);
		if (parse(text) != 0)
			fail_msg("U+%04lX declined", cp);
	}
	/* Bytes above 0x7f go through as they are, valid UTF-8 or not. */
	assert_int_equal(parse("\"\xc3\xa6\xff\xfe\x80\x7f\""), 0);
}

/* Numbers: the plain kind, as json-c reads them; the rest declined. */
static void
test_numbers(void **state)
{
	static const char *const good[] = { "0", "7", "-7", "10", "0.5",
		"123456789012345", "-123456789012345", "12345678901234.5",
		"0.00000000000001", "4.10", "1000.25", "[1,2.5,-3]" };
	static const char *const bad[] = { "01", "-0", "-0.5", "1.", ".5", "+1",
		"1e5", "1E5", "1.5e-3", "1234567890123456",
		"0.1234567890123456", "-", "1x", "NaN", "Infinity", "0x10" };
	size_t			 i;

	(void)state;
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		if (parse(good[i]) != 0)
			fail_msg("%s declined", good[i]);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (parse(bad[i]) != -1)
			fail_msg("%s read", bad[i]);
	assert_int_equal(parse("0.1"), 0);
	assert_true(jf_root(&ours)->num == 0.1);
}

/* Structure: broken or cut off, declined; nesting within the limit. */
static void
test_structure(void **state)
{
	static const char *const bad[] = { "", " ", "{", "{\"a\"",
		"{\"a\":", "{\"a\": 1", "{\"a\": 1,}", "{\"a\" 1}", "{a: 1}",
		"[1,]", "[1 2]", "[", "]", "{} ", "{}x", "tru", "truee", "nul",
		"True", "{\"a\": 1, \"a\": 2}",
		"{\"ab\": 1, \"b\": 2, \"ab\": 3}", "{\"a\": 1} {}",
		"/* c */ {}", "{\"a\": [1, 2}" };
	char			 deep[2 * JF_DEPTH_MAX + 8];
	size_t			 i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (parse(bad[i]) != -1)
			fail_msg("%s read", bad[i]);
	/* Distinct keys that collide in the quick check are fine. */
	assert_int_equal(
	    parse("{\"ab\": 1, \"ba\": 2, \"b\": 3, \"a\": 4}"), 0);
	/* JF_DEPTH_MAX lists inside one another, then one more. */
	memset(deep, '[', JF_DEPTH_MAX);
	memset(deep + JF_DEPTH_MAX, ']', JF_DEPTH_MAX);
	deep[2 * JF_DEPTH_MAX] = '\0';
	assert_int_equal(parse(deep), 0);
	memset(deep, '[', JF_DEPTH_MAX + 1);
	memset(deep + JF_DEPTH_MAX + 1, ']', JF_DEPTH_MAX + 1);
	deep[2 * JF_DEPTH_MAX + 2] = '\0';
	assert_int_equal(parse(deep), -1);
	/* A text cut off anywhere is declined and left as it was. */
	{
		const char whole[] = "{\"id\": \"c-1\", \"t\": [\"a\\u00e6\", "
				     "1.5, true], \"h\": {\"x\": null}}";
		char	   cut[sizeof(whole)];

		for (i = 0; i + 1 < sizeof(whole); i++) {
			memcpy(cut, whole, i);
			cut[i] = '\0';
			assert_int_equal(parse(cut), -1);
		}
		assert_int_equal(parse(whole), 0);
	}
}

/* json-c's tree in the same form: nulls, keys, and what it reads alone. */
static void
test_from_json(void **state)
{
	struct json_object *o;

	(void)state;
	o = json_tokener_parse("{\"a\": 1, \"a\": \"two\", \"n\": null, "
			       "\"s\": \"x\\u0000y\", \"e\": 1e2}");
	assert_non_null(o);
	assert_int_equal(jf_from_json(&theirs, o), 0);
	assert_int_equal(jf_root(&theirs)->len, 4); /* "a" once */
	assert_string_equal(jf_get(&theirs, jf_root(&theirs), "a")->str, "two");
	assert_int_equal(jf_get(&theirs, jf_root(&theirs), "n")->type, JF_NULL);
	assert_int_equal(jf_get(&theirs, jf_root(&theirs), "s")->len, 3);
	assert_true(jf_get(&theirs, jf_root(&theirs), "e")->num == 100);
	json_object_put(o);
	assert_int_equal(jf_from_json(&theirs, NULL), 0);
	assert_int_equal(jf_root(&theirs)->type, JF_NULL);
}

static int
teardown(void **state)
{
	(void)state;
	jf_free(&ours);
	jf_free(&theirs);
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_record),
		cmocka_unit_test(test_escapes),
		cmocka_unit_test(test_unicode),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_structure),
		cmocka_unit_test(test_from_json),
	};

	return cmocka_run_group_tests_name("jsonflat", tests, NULL, teardown);
}
