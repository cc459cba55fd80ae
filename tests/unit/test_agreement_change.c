/*
 * test_agreement_change.c - unit tests for shared/agreement_change.c:
 * an extension's first day and id, what it copies, and the last day an
 * ended agreement records.
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

#include "agreement_change.h"
#include "buf.h"
#include "test_db.h"

/* An agreement as read, with strings of its own (free it). */
static void
agreement_make(struct agreement_rec *a, const char *ext, const char *starts,
    const char *ends, const char *status)
{
	memset(a, 0, sizeof(*a));
	a->id = 7;
	a->external_id = buf_strdup(ext);
	a->starts_on = buf_strdup(starts);
	a->ends_on = buf_strdup(ends);
	snprintf(a->status, sizeof(a->status), "%s", status);
}

/* The first day: the day after the end, or as given; the new end checked. */
static void
test_extension_start(void **state)
{
	struct agreement_rec a;
	char		     day[DATE_LEN];

	(void)state;
	agreement_make(&a, "a-1", "2026-01-01", "2026-12-31", "active");
	assert_null(agreement_extension_start(&a, NULL, "2027-06-30", day));
	assert_string_equal(day, "2027-01-01");
	assert_null(
	    agreement_extension_start(&a, "2027-02-01", "2027-06-30", day));
	assert_string_equal(day, "2027-02-01");
	assert_non_null(agreement_extension_start(&a, NULL, "2026-12-31", day));
	assert_non_null(agreement_extension_start(&a, NULL, NULL, day));
	assert_non_null(agreement_extension_start(&a, NULL, "2027-02-30", day));
	assert_non_null(
	    agreement_extension_start(&a, "2027-13-01", "2027-06-30", day));
	free(a.ends_on);
	a.ends_on = NULL; /* no end: the first day must be given */
	assert_non_null(agreement_extension_start(&a, NULL, "2027-06-30", day));
	assert_null(
	    agreement_extension_start(&a, "2027-01-01", "2027-06-30", day));
	agreement_rec_free(&a);
}

/* The extension: a new id and period, extending the old; drafts stay so. */
static void
test_extension_make(void **state)
{
	struct agreement_rec a;

	(void)state;
	agreement_make(&a, "a-1", "2026-01-01", "2026-12-31", "active");
	agreement_extension_make(&a, "a-1-2", "2027-01-01", "2027-06-30");
	assert_int_equal(a.id, 0);
	assert_int_equal(a.extends_id, 7);
	assert_string_equal(a.external_id, "a-1-2");
	assert_string_equal(a.starts_on, "2027-01-01");
	assert_string_equal(a.ends_on, "2027-06-30");
	assert_string_equal(a.status, "active");
	agreement_rec_free(&a);
	agreement_make(&a, "a-1", "2026-01-01", "2026-12-31", "ended");
	agreement_extension_make(&a, "a-1-2", "2027-01-01", "2027-06-30");
	assert_string_equal(a.status, "draft");
	agreement_rec_free(&a);
}

/* The last day: today when the period runs past it; kept if never begun. */
static void
test_end_date(void **state)
{
	struct agreement_rec a;

	(void)state;
	agreement_make(&a, "a-1", "2026-01-01", "2026-12-31", "active");
	assert_string_equal(
	    agreement_end_date(&a, NULL, "2026-06-15"), "2026-06-15");
	assert_string_equal(
	    agreement_end_date(&a, "2026-07-01", "2026-06-15"), "2026-07-01");
	assert_null(agreement_end_date(&a, NULL, "2027-01-05"));
	assert_null(agreement_end_date(&a, "2025-12-01", "2026-06-15"));
	free(a.ends_on);
	a.ends_on = NULL;
	assert_string_equal(
	    agreement_end_date(&a, NULL, "2026-06-15"), "2026-06-15");
	agreement_rec_free(&a);
}

/* Store an agreement ext for a citizen of its own. */
static void
store_agreement(struct store *s, const char *ext)
{
	struct citizen_rec   c;
	struct agreement_rec a;
	char		     cext[80];

	memset(&c, 0, sizeof(c));
	snprintf(cext, sizeof(cext), "c-%s", ext);
	c.external_id = cext;
	memset(c.cpr_hash, 'a' + (char)(strlen(ext) % 20), 64);
	c.given_name = (char *)"Mads";
	memcpy(c.language, "da", 3);
	assert_int_equal(store_citizen_upsert(s, &c), STORE_OK);
	memset(&a, 0, sizeof(a));
	a.external_id = (char *)ext;
	a.citizen_id = c.id;
	snprintf(a.status, sizeof(a.status), "draft");
	assert_int_equal(store_agreement_upsert(s, &a), STORE_OK);
}

/* "a-1" gives "a-1-2", then "a-1-3"; an extension's base is kept. */
static void
test_extension_id(void **state)
{
	struct agreement_rec a;
	struct store	    *s;
	char		     dir[TEST_DB_DIR_LEN], path[TEST_DB_PATH_LEN];
	char		     ext[EXTERNAL_ID_MAX + 1];

	(void)state;
	assert_int_equal(
	    test_db_make("test-agreement-change", dir, path, &s), 0);
	agreement_make(&a, "a-1", "2026-01-01", "2026-12-31", "active");
	assert_int_equal(agreement_extension_id(s, &a, ext), STORE_OK);
	assert_string_equal(ext, "a-1-2");
	store_agreement(s, "a-1-2");
	assert_int_equal(agreement_extension_id(s, &a, ext), STORE_OK);
	assert_string_equal(ext, "a-1-3");
	free(a.external_id);
	a.external_id = buf_strdup("a-1-2");
	a.extends_id = 3;
	assert_int_equal(agreement_extension_id(s, &a, ext), STORE_OK);
	assert_string_equal(ext, "a-1-3");
	agreement_rec_free(&a);
	assert_int_equal(test_db_remove(s, dir, path), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_extension_start),
		cmocka_unit_test(test_extension_make),
		cmocka_unit_test(test_end_date),
		cmocka_unit_test(test_extension_id),
	};

	return cmocka_run_group_tests_name(
	    "agreement_change", tests, NULL, NULL);
}
