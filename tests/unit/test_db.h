/*
 * test_db.h - a scratch database for a unit test: a new folder under
 * /tmp with a new database "t.db" in it, and their removal.  Static
 * functions in a header: the unit tests link libmentor, not
 * tests/harness.c.  Include after stdio.h, stdlib.h, unistd.h and
 * store.h.
 */
#ifndef MENTOR_TEST_DB_H
#define MENTOR_TEST_DB_H

#define TEST_DB_DIR_LEN		64
#define TEST_DB_PATH_LEN	128

/*
 * Make /tmp/NAME-XXXXXX into dir and open the new database dir/t.db
 * (its path into path) as *s.  Returns 0, or -1 when either fails.
 */
static int
test_db_make(const char *name, char dir[TEST_DB_DIR_LEN],
    char path[TEST_DB_PATH_LEN], struct store **s)
{
	char	 err[256];

	snprintf(dir, TEST_DB_DIR_LEN, "/tmp/%s-XXXXXX", name);
	if (mkdtemp(dir) == NULL)
		return -1;
	snprintf(path, TEST_DB_PATH_LEN, "%s/t.db", dir);
	return store_open(path, STORE_CREATE, s, err, sizeof(err)) ==
	    STORE_OK ? 0 : -1;
}

/*
 * Close s, remove the database at path with its WAL and shared-memory
 * files, then the folder dir.  Returns rmdir()'s result.
 */
static int
test_db_remove(struct store *s, const char *dir, const char *path)
{
	const char *const	 sfx[] = { "", "-wal", "-shm" };
	char			 p[TEST_DB_PATH_LEN + 8];
	size_t			 i;

	store_close(s);
	for (i = 0; i < sizeof(sfx) / sizeof(sfx[0]); i++) {
		snprintf(p, sizeof(p), "%s%s", path, sfx[i]);
		unlink(p);
	}
	return rmdir(dir);
}

#endif
