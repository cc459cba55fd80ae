/*
 * store_backup.c - online copies, deep checks, row counts, checkpoints
 * and who has a database open.  See store_backup.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "schema.h"
#include "store_backup.h"
#include "store_int.h"

#define COPY_BUSY_MS  5	   /* a round that met a lock waits this long */
#define COPY_BUSY_MAX 2000 /* and gives up after this many (10 s) */

/*
 * The byte of the -shm file every open WAL connection holds a shared
 * lock on (SQLite's "DMS" lock, os_unix.c: UNIX_SHM_DMS = 120 + 8).
 * Part of SQLite's locking protocol between processes, so it does not
 * move between versions.
 */
#define SHM_DMS_BYTE 128

/* Run a one-value query into *v; STORE_OK or the error. */
static enum store_err
query_int(struct store *s, const char *sql, int64_t *v)
{
	sqlite3_stmt *st;
	int	      rc;

	if ((st = store_stmt(s, sql)) == NULL)
		return STORE_ERROR;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		*v = sqlite3_column_int64(st, 0);
	return store_step_end(s, st, rc);
}

/* See store_backup.h. */
int64_t
store_application_id(void)
{
	return SCHEMA_APPLICATION_ID;
}

/* See store_backup.h. */
enum store_err
store_identity(struct store *s, int64_t *application_id, int *schema_version)
{
	int64_t	       v = 0;
	enum store_err e;

	if ((e = query_int(s, "PRAGMA application_id", application_id)) !=
	    STORE_OK)
		return e;
	if ((e = query_int(s, "PRAGMA user_version", &v)) != STORE_OK)
		return e;
	*schema_version = (int)v;
	return STORE_OK;
}

/*
 * Copy with the backup API, STORE_BACKUP_STEP_PAGES a round, into d.
 * Returns SQLite's result (SQLITE_OK when done).
 */
static int
copy_rounds(struct store *s, sqlite3 *d, struct store_copy_info *info)
{
	sqlite3_backup *b;
	int		rc;

	if ((b = sqlite3_backup_init(d, "main", s->db, "main")) == NULL)
		return sqlite3_errcode(d);
	for (;;) {
		rc = sqlite3_backup_step(b, STORE_BACKUP_STEP_PAGES);
		info->steps++;
		if (rc == SQLITE_OK)
			continue;
		if ((rc == SQLITE_BUSY || rc == SQLITE_LOCKED) &&
		    info->busy_waits < COPY_BUSY_MAX) {
			info->busy_waits++;
			sqlite3_sleep(COPY_BUSY_MS);
			continue;
		}
		break;
	}
	info->pages = sqlite3_backup_pagecount(b);
	/* finish() returns the error of the failed step, or OK when done. */
	return sqlite3_backup_finish(b);
}

/*
 * Make the copy d one self-contained file: SQLite's backup copies page 1
 * as it is, so the copy says "WAL" like its source; read it once (the
 * connection then sees that) and switch to a rollback journal, which
 * folds the log back and removes the -wal and -shm files.  Returns
 * SQLite's result.
 */
static int
copy_settle(sqlite3 *d, struct store_copy_info *info)
{
	sqlite3_stmt *st;
	int	      rc;

	rc = sqlite3_exec(d,
	    "SELECT count(*) FROM sqlite_schema; "
	    "PRAGMA journal_mode = DELETE",
	    NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		return rc;
	if ((rc = sqlite3_prepare_v2(d, "PRAGMA page_size", -1, &st, NULL)) !=
	    SQLITE_OK)
		return rc;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		info->page_size = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? SQLITE_OK : rc;
}

/* See store_backup.h. */
int
store_sync_path(const char *path)
{
	int fd, rc, saved;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	rc = fsync(fd);
	saved = errno;
	close(fd);
	errno = saved;
	return rc;
}

/* See store_backup.h. */
enum store_err
store_copy_to(struct store *s, const char *dest, struct store_copy_info *info,
    char *err, size_t errlen)
{
	sqlite3	      *d = NULL;
	int64_t	       n;
	enum store_err e;
	int	       rc;

	memset(info, 0, sizeof(*info));
	/* One snapshot: begin, and read, so that it is taken now. */
	if ((e = store_exec(s, "BEGIN")) != STORE_OK ||
	    (e = query_int(s, "SELECT count(*) FROM sqlite_schema", &n)) !=
		STORE_OK) {
		snprintf(
		    err, errlen, "cannot read the database: %s", s->errmsg);
		store_rollback(s);
		return e;
	}
	/*
	 * The copy is a new file nobody else reads, installed only when
	 * complete: no journal and no sync while it is written, one fsync
	 * at the end, so fewer syncs compete with the programs' own.  A
	 * writer that checkpoints inside its commits (the kiosk, mentorctl)
	 * waited up to ~50 ms during a copy SQLite synced itself, ~5-10 ms
	 * with one sync at the end (measured with test_store_backup).
	 */
	rc = sqlite3_open_v2(dest, &d,
	    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
	    NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(d,
		    "PRAGMA journal_mode = OFF; "
		    "PRAGMA synchronous = OFF",
		    NULL, NULL, NULL);
	if (rc == SQLITE_OK)
		rc = copy_rounds(s, d, info);
	store_rollback(s); /* the end of the snapshot */
	if (rc == SQLITE_OK)
		rc = copy_settle(d, info);
	if (rc != SQLITE_OK) {
		snprintf(err, errlen, "%s: %s", dest,
		    d != NULL ? sqlite3_errmsg(d) : sqlite3_errstr(rc));
		e = (rc & 0xff) == SQLITE_BUSY ? STORE_BUSY : STORE_ERROR;
	}
	if (d != NULL && sqlite3_close(d) != SQLITE_OK && e == STORE_OK) {
		snprintf(err, errlen, "%s: cannot close the copy", dest);
		e = STORE_ERROR;
	}
	/* The caller renames it into place and syncs the folder. */
	if (e == STORE_OK && store_sync_path(dest) == -1) {
		snprintf(err, errlen, "%s: %s", dest, strerror(errno));
		e = STORE_ERROR;
	}
	return e;
}

/* Report the rows of PRAGMA integrity_check other than "ok". */
static enum store_err
check_integrity(
    struct store *s, store_problem_fn *fn, void *arg, int64_t *problems)
{
	sqlite3_stmt *st;
	const char   *t;
	int	      rc, stop = 0;

	/* The limit is part of the text: a PRAGMA takes no parameters. */
	st = store_stmt(s, "PRAGMA integrity_check(100)");
	if (st == NULL)
		return STORE_ERROR;
	while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		t = (const char *)sqlite3_column_text(st, 0);
		/* "ok", or a heading before the problems of one schema. */
		if (t == NULL || strcmp(t, "ok") == 0 ||
		    strncmp(t, "*** in database ", 16) == 0)
			continue;
		(*problems)++;
		stop = fn("integrity", t, arg);
	}
	if (stop)
		rc = SQLITE_DONE;
	sqlite3_reset(st);
	return store_result(s, rc);
}

/* Report the rows of PRAGMA foreign_key_check, the first ones in full. */
static enum store_err
check_foreign_keys(
    struct store *s, store_problem_fn *fn, void *arg, int64_t *problems)
{
	sqlite3_stmt *st;
	char	      text[256];
	int64_t	      seen = 0;
	int	      rc, stop = 0;

	if ((st = store_stmt(s, "PRAGMA foreign_key_check")) == NULL)
		return STORE_ERROR;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		(*problems)++;
		if (stop || seen++ >= STORE_CHECK_MAX)
			continue;
		snprintf(text, sizeof(text),
		    "%s row %lld refers to a missing "
		    "%s",
		    (const char *)sqlite3_column_text(st, 0),
		    (long long)sqlite3_column_int64(st, 1),
		    (const char *)sqlite3_column_text(st, 2));
		stop = fn("foreign_key", text, arg);
	}
	sqlite3_reset(st);
	return store_result(s, rc);
}

/*
 * A check that stops at damage it cannot read past has found a problem:
 * report it as one.  Other errors (a lock, I/O) are returned.
 */
static enum store_err
check_stopped(struct store *s, enum store_err e, const char *kind,
    store_problem_fn *fn, void *arg, int64_t *problems)
{
	char text[300];

	if (e != STORE_ERROR ||
	    (sqlite3_errcode(s->db) != SQLITE_CORRUPT &&
		sqlite3_errcode(s->db) != SQLITE_NOTADB))
		return e;
	snprintf(text, sizeof(text), "the check stopped: %s", s->errmsg);
	(*problems)++;
	(void)fn(kind, text, arg);
	return STORE_OK;
}

/* See store_backup.h. */
enum store_err
store_check_deep(
    struct store *s, store_problem_fn *fn, void *arg, int64_t *problems)
{
	enum store_err e;

	*problems = 0;
	e = check_integrity(s, fn, arg, problems);
	if ((e = check_stopped(s, e, "integrity", fn, arg, problems)) !=
	    STORE_OK)
		return e;
	e = check_foreign_keys(s, fn, arg, problems);
	return check_stopped(s, e, "foreign_key", fn, arg, problems);
}

/* The number of rows of table into *rows. */
static enum store_err
table_rows(struct store *s, const char *table, int64_t *rows)
{
	sqlite3_stmt *st = NULL;
	char	     *sql;
	int	      rc;

	/* A table name is an identifier, not a value: quoted with %w. */
	if ((sql = sqlite3_mprintf("SELECT count(*) FROM \"%w\"", table)) ==
	    NULL)
		fatalx("sqlite3_mprintf");
	rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
	sqlite3_free(sql);
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW)
		*rows = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return store_result(s, rc);
}

/* See store_backup.h. */
enum store_err
store_table_counts(struct store *s,
    int (*fn)(const char *table, int64_t rows, void *arg), void *arg)
{
	sqlite3_stmt  *st;
	const char    *name;
	int64_t	       rows = 0;
	enum store_err e;
	int	       rc;

	if ((e = store_exec(s, "BEGIN")) != STORE_OK)
		return e;
	st = store_stmt(s,
	    "SELECT name FROM sqlite_schema WHERE type = "
	    "'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name");
	if (st == NULL) {
		store_rollback(s);
		return STORE_ERROR;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		name = (const char *)sqlite3_column_text(st, 0);
		if ((e = table_rows(s, name, &rows)) != STORE_OK)
			break;
		if (fn(name, rows, arg) != 0)
			break;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		e = store_result(s, rc);
	sqlite3_reset(st);
	store_rollback(s);
	return e;
}

/* See store_backup.h. */
enum store_err
store_checkpoint_all(struct store *s)
{
	int rc, log = 0, done = 0;

	rc = sqlite3_wal_checkpoint_v2(
	    s->db, NULL, SQLITE_CHECKPOINT_TRUNCATE, &log, &done);
	return store_result(s, rc);
}

/* See store_backup.h. */
int
store_users(const char *path, pid_t *pid)
{
	struct flock fl;
	char	     shm[PATH_MAX];
	int	     fd, saved;

	*pid = 0;
	if ((size_t)snprintf(shm, sizeof(shm), "%s-shm", path) >= sizeof(shm)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	if ((fd = open(shm, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) == -1)
		return errno == ENOENT ? 0 : -1;
	memset(&fl, 0, sizeof(fl));
	fl.l_type = F_WRLCK;
	fl.l_whence = SEEK_SET;
	fl.l_start = SHM_DMS_BYTE;
	fl.l_len = 1;
	if (fcntl(fd, F_GETLK, &fl) == -1) {
		saved = errno;
		close(fd);
		errno = saved;
		return -1;
	}
	close(fd);
	if (fl.l_type == F_UNLCK)
		return 0;
	*pid = fl.l_pid > 0 ? fl.l_pid : 0;
	return 1;
}
