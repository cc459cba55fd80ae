/*
 * test_notify.c - unit tests for shared/notify.c: when an agreement's
 * activation is news (imported already active, before notify_since, an
 * extension with the same mentor, no mentor), and the instant
 * notify_since stands for (the configured date, else the day the
 * database was created, else none).  The meeting rule is exercised with
 * the scheduler in test_scheduler.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "clock.h"
#include "config.h"
#include "notify.h"
#include "store.h"
#include "test_db.h"

/* An active agreement activated at t with mentor 7, no extension. */
static struct agreement_rec
activated(time_t t)
{
	struct agreement_rec a;

	memset(&a, 0, sizeof(a));
	a.id = 1;
	a.mentor_id = 7;
	a.activated_at = t;
	snprintf(a.status, sizeof(a.status), "active");
	return a;
}

static void
test_activation(void **state)
{
	struct agreement_rec a;
	time_t		     since = 1800000000;

	(void)state;
	a = activated(since);
	assert_int_equal(notice_activation(&a, since), NOTICE_SEND);
	assert_int_equal(notice_activation(&a, 0), NOTICE_SEND);
	a.activated_at = since - 1;
	assert_int_equal(notice_activation(&a, since), NOTICE_BEFORE_SINCE);
	a = activated(since);
	a.imported_active = 1;
	assert_int_equal(notice_activation(&a, since), NOTICE_IMPORTED_ACTIVE);
	a = activated(since);
	a.extends_id = 2;
	a.extended_mentor_id = 7;
	assert_int_equal(notice_activation(&a, since), NOTICE_SAME_MENTOR);
	a.extended_mentor_id = 8; /* a new mentor */
	assert_int_equal(notice_activation(&a, since), NOTICE_SEND);
	a.extended_mentor_id = 0; /* none before */
	assert_int_equal(notice_activation(&a, since), NOTICE_SEND);
	a = activated(since);
	a.mentor_id = 0;
	assert_int_equal(notice_activation(&a, since), NOTICE_NO_MENTOR);
	assert_string_equal(notice_why_text(NOTICE_IMPORTED_ACTIVE),
	    "already active when imported");
	assert_string_equal(notice_why_text(NOTICE__MAX), "unknown");
}

/* A configuration in dir with the given [reminders] lines. */
static struct config *
config_with(const char *dir, const char *reminders)
{
	char	       path[128], err[CONFIG_ERR_MAX];
	struct config *cfg;
	FILE	      *f;

	snprintf(path, sizeof(path), "%s/t.conf", dir);
	assert_non_null(f = fopen(path, "w"));
	fprintf(f,
	    "[organisation]\nname = T\nphone = +4544520000\n"
	    "[sms]\nsender = +4512345678\n[database]\npath = t.db\n"
	    "[reminders]\n%s\n",
	    reminders);
	fclose(f);
	if ((cfg = config_load(path, err, sizeof(err))) == NULL)
		fail_msg("%s", err);
	return cfg;
}

static void
test_since(void **state)
{
	struct config *cfg;
	struct store  *s;
	char	       dir[64], path[128], err[256];
	time_t	       made;

	(void)state;
	clock_init("Europe/Copenhagen");
	snprintf(dir, sizeof(dir), "/tmp/test-notify-XXXXXX");
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/t.db", dir);
	/* Made at 2027-01-04 15:30 local: the day starts at 00:00 local. */
	made = clock_from_local(2027, 1, 4, 15, 30);
	clock_set(made);
	assert_int_equal(
	    store_open(path, STORE_CREATE, &s, err, sizeof(err)), STORE_OK);
	clock_set(0);
	cfg = config_with(dir, "");
	assert_int_equal(
	    notify_since(cfg, s), clock_from_local(2027, 1, 4, 0, 0));
	config_free(cfg);
	cfg = config_with(dir, "notify_since = 2027-02-01");
	assert_int_equal(
	    notify_since(cfg, s), clock_from_local(2027, 2, 1, 0, 0));
	config_free(cfg);
	/* A database that does not know its day: no limit. */
	assert_int_equal(
	    store_setting_set(s, STORE_SETTING_CREATED, "x"), STORE_OK);
	assert_int_equal(notify_since(NULL, s), 0);
	snprintf(path, sizeof(path), "%s/t.conf", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/t.db", dir);
	test_db_remove(s, dir, path);
}

/* notify_since must be a real date. */
static void
test_since_refused(void **state)
{
	char  dir[64], path[128], err[CONFIG_ERR_MAX];
	FILE *f;

	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/test-notify-XXXXXX");
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/t.conf", dir);
	assert_non_null(f = fopen(path, "w"));
	fprintf(f,
	    "[organisation]\nname = T\nphone = +4544520000\n"
	    "[sms]\nsender = +4512345678\n[reminders]\n"
	    "notify_since = 2027-02-30\n");
	fclose(f);
	assert_null(config_load(path, err, sizeof(err)));
	assert_non_null(strstr(err, "notify_since"));
	assert_non_null(strstr(err, "YYYY-MM-DD"));
	unlink(path);
	rmdir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_activation),
		cmocka_unit_test(test_since),
		cmocka_unit_test(test_since_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
