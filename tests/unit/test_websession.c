/*
 * test_websession.c - unit tests for shared/websession.c: ids and
 * tokens, the idle and absolute limits with their grace, extensions,
 * rotation, making room (never at a kept session's cost), the payload
 * wiped at the end.  Times are given, so no test waits.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "websession.h"

struct payload {
	int  staff_id;
	char note[16];
};

static const struct websession_limits lim = {
	.max = 3,
	.idle = 100,
	.max_age = 1000,
	.grace = 5,
	.extensions = 2,
	.data_size = sizeof(struct payload),
};

static void
test_new_and_find(void **state)
{
	struct websession_table *t = websession_table_new(&lim);
	struct websession	*s, *f;
	enum websession_end	 why;
	char			 id[WEBSESSION_ID_HEX];

	(void)state;
	assert_non_null(t);
	websession_lock(t);
	assert_non_null(s = websession_new(t, 10));
	assert_int_equal(strlen(s->id), WEBSESSION_ID_HEX - 1);
	assert_int_equal(strlen(s->csrf), WEBSESSION_ID_HEX - 1);
	assert_string_not_equal(s->id, s->csrf);
	assert_non_null(s->data);
	assert_int_equal(((struct payload *)s->data)->staff_id, 0);
	((struct payload *)s->data)->staff_id = 7;
	f = websession_find(t, s->id, 20, &why);
	assert_ptr_equal(f, s);
	assert_int_equal(((struct payload *)f->data)->staff_id, 7);
	assert_null(websession_find(t, NULL, 20, &why));
	assert_int_equal(why, WEBSESSION_UNKNOWN);
	assert_null(websession_find(t, "short", 20, &why));
	memcpy(id, s->id, sizeof(id));
	id[0] = id[0] == 'a' ? 'b' : 'a';
	assert_null(websession_find(t, id, 20, &why));
	assert_int_equal(why, WEBSESSION_UNKNOWN);
	assert_true(websession_csrf_ok(s, s->csrf));
	assert_false(websession_csrf_ok(s, s->id));
	assert_false(websession_csrf_ok(s, NULL));
	websession_unlock(t);
	websession_table_free(t);
}

static void
test_limits(void **state)
{
	struct websession_table *t = websession_table_new(&lim);
	struct websession	*s;
	enum websession_end	 why;
	char			 id[WEBSESSION_ID_HEX];

	(void)state;
	s = websession_new(t, 0);
	memcpy(id, s->id, sizeof(id));
	websession_touch(s, 99);
	assert_non_null(websession_find(t, id, 198, &why));
	assert_null(websession_find(t, id, 199, &why));
	assert_int_equal(why, WEBSESSION_IDLE);
	assert_null(websession_find(t, id, 199, &why));
	assert_int_equal(why, WEBSESSION_UNKNOWN);

	s = websession_new(t, 0);
	memcpy(id, s->id, sizeof(id));
	assert_int_equal(websession_seconds_left(s, 400), 600);
	websession_touch(s, 990);
	assert_non_null(websession_find(t, id, 1004, &why));
	assert_int_equal(websession_seconds_left(s, 1004), 0);
	assert_null(websession_find(t, id, 1005, &why));
	assert_int_equal(why, WEBSESSION_TOO_OLD);
	websession_table_free(t);
}

static void
test_extend_and_rotate(void **state)
{
	struct websession_table *t = websession_table_new(&lim);
	struct websession	*s;
	enum websession_end	 why;
	char			 old[WEBSESSION_ID_HEX];

	(void)state;
	s = websession_new(t, 0);
	assert_int_equal(websession_extensions_left(t, s), 2);
	assert_int_equal(websession_extend(t, s, 500), 0);
	assert_int_equal(websession_seconds_left(s, 500), 1000);
	assert_int_equal(websession_extend(t, s, 600), 0);
	assert_int_equal(websession_extend(t, s, 700), -1);
	assert_int_equal(websession_seconds_left(s, 600), 1000);
	assert_int_equal(websession_extensions_left(t, s), 0);
	memcpy(old, s->id, sizeof(old));
	websession_touch(s, 650);
	assert_int_equal(websession_rotate(t, s, 650), 0);
	assert_string_not_equal(old, s->id);
	assert_int_equal(websession_extensions_left(t, s), 2);
	assert_int_equal(websession_seconds_left(s, 650), 1000);
	assert_null(websession_find(t, old, 660, &why));
	assert_int_equal(why, WEBSESSION_UNKNOWN);
	assert_ptr_equal(websession_find(t, s->id, 660, &why), s);
	websession_table_free(t);
}

static void
test_room_and_sweep(void **state)
{
	struct websession_table *t = websession_table_new(&lim);
	struct websession	*a, *b, *c, *d;
	enum websession_end	 why;
	char			 ida[WEBSESSION_ID_HEX], idb[WEBSESSION_ID_HEX];
	struct payload		*pb;

	(void)state;
	a = websession_new(t, 0);
	b = websession_new(t, 1);
	c = websession_new(t, 2);
	memcpy(ida, a->id, sizeof(ida));
	memcpy(idb, b->id, sizeof(idb));
	a->keep = 1;
	pb = b->data;
	memcpy(pb->note, "secret", 7);
	/* Full: b is the longest idle one not kept, and goes. */
	assert_non_null(d = websession_new(t, 3));
	assert_ptr_equal(d, b);
	assert_null(websession_find(t, idb, 3, &why));
	assert_non_null(websession_find(t, ida, 3, &why));
	assert_string_equal(pb->note, "");
	c->keep = d->keep = 1;
	assert_null(websession_new(t, 4));
	/* a idle since 0, c since 2, d since 3: two past 100 at 102.5. */
	assert_int_equal(websession_sweep(t, 102), 2);
	assert_int_equal(websession_sweep(t, 102), 0);
	assert_int_equal(websession_sweep(t, 103), 1);
	assert_non_null(websession_new(t, 104));
	websession_table_free(t);
	assert_null(websession_table_new(&(struct websession_limits){ 0 }));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_new_and_find),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_extend_and_rotate),
		cmocka_unit_test(test_room_and_sweep),
	};

	return cmocka_run_group_tests_name("websession", tests, NULL, NULL);
}
