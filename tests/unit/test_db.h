/*
 * test_db.h - a scratch database for a unit test: a new folder under
 * /tmp with a new database "t.db" in it, and their removal; a staff
 * member to route to; one number asked of a database file on a
 * connection of its own.  Static inline functions in a header (the unit
 * tests link libmentor, not tests/harness.c): each test takes what it
 * uses.  Include after cmocka.h.
 */
#ifndef MENTOR_TEST_DB_H
#define MENTOR_TEST_DB_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "store.h"

#define TEST_DB_DIR_LEN	 64
#define TEST_DB_PATH_LEN 128

/*
 * Make /tmp/NAME-XXXXXX into dir and open the new database dir/t.db
 * (its path into path) as *s.  Returns 0, or -1 when either fails.
 */
static inline int
test_db_make(const char *name, char dir[TEST_DB_DIR_LEN],
    char path[TEST_DB_PATH_LEN], struct store **s)
{
	char err[256];

	snprintf(dir, TEST_DB_DIR_LEN, "/tmp/%s-XXXXXX", name);
	if (mkdtemp(dir) == NULL)
		return -1;
	snprintf(path, TEST_DB_PATH_LEN, "%s/t.db", dir);
	return store_open(path, STORE_CREATE, s, err, sizeof(err)) == STORE_OK
	    ? 0
	    : -1;
}

/*
 * Close s, remove the database at path with its WAL and shared-memory
 * files, then the folder dir.  Returns rmdir()'s result.
 */
static inline int
test_db_remove(struct store *s, const char *dir, const char *path)
{
	const char *const sfx[] = { "", "-wal", "-shm" };
	char		  p[TEST_DB_PATH_LEN + 8];
	size_t		  i;

	store_close(s);
	for (i = 0; i < sizeof(sfx) / sizeof(sfx[0]); i++) {
		snprintf(p, sizeof(p), "%s%s", path, sfx[i]);
		unlink(p);
	}
	return rmdir(dir);
}

/*
 * Insert staff member ext (mobile may be NULL; deputy 0 for none) and
 * return its id.
 */
static inline int64_t
test_db_add_staff(struct store *s, const char *ext, const char *name,
    const char *mobile, int64_t deputy, int caseworker)
{
	struct staff_rec r;

	memset(&r, 0, sizeof(r));
	r.external_id = (char *)ext;
	r.name = (char *)name;
	r.mobile = (char *)mobile;
	r.deputy_id = deputy;
	r.is_caseworker = caseworker;
	assert_int_equal(store_staff_upsert(s, &r), STORE_OK);
	assert_true(r.id > 0);
	return r.id;
}

/*
 * One integer from sql on the database at path, read on a connection
 * of its own (what the store under test does not say); -1 for no row.
 */
static inline int64_t
test_db_int(const char *path, const char *sql)
{
	sqlite3	     *db;
	sqlite3_stmt *st;
	int64_t	      v = -1;

	assert_int_equal(
	    sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return v;
}

#endif
