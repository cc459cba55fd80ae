/*
 * test_store_backup.c - unit tests for shared/store_backup.c: an online
 * copy while another connection commits without pause (consistent, in
 * steps, one self-contained file, the writer never refused), the deep
 * checks on a sound, an inconsistent and a damaged file, row counts,
 * the full checkpoint, and finding the process that has a database open.
 */
#include <sys/stat.h>
#include <sys/wait.h>

#include <fcntl.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "store.h"
#include "store_backup.h"
#include "store_outbox.h"
#include "test_db.h"
#include "test_tree.h"

#define BULK_ROWS 30000 /* about 2,000 pages: the copy takes rounds */

static char dir[64];

static int
setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/test-backup-XXXXXX");
	return mkdtemp(dir) == NULL ? -1 : 0;
}

/* Remove dir and whatever the tests left in it. */
static int
teardown(void **state)
{
	(void)state;
	return test_tree_remove(dir);
}

/* dir/name into out. */
static void
path_in(const char *name, char *out, size_t len)
{
	snprintf(out, len, "%s/%s", dir, name);
}

/* A fresh database dir/name with the schema. */
static struct store *
db_new(const char *name, char *path, size_t len)
{
	struct store *s;
	char	      err[256];

	path_in(name, path, len);
	if (store_open(path, STORE_CREATE, &s, err, sizeof(err)) != STORE_OK)
		fail_msg("store_open: %s", err);
	return s;
}

/* Queue one message; returns its id. */
static int64_t
queue_one(struct store *s, int i)
{
	struct outbox_msg m;
	char		  to[20];
	int64_t		  id;

	memset(&m, 0, sizeof(m));
	snprintf(to, sizeof(to), "+4521%06d", i % 1000000);
	m.recipient = to;
	m.body = "Husk dit møde i morgen kl. 10.00. Venlig hilsen Testby "
		 "Kommune, Inger.";
	m.purpose = "reminder";
	m.send_by = time(NULL) + 3600;
	if (store_outbox_queue(s, &m, time(NULL), &id) != STORE_OK)
		fail_msg("queue: %s", store_errmsg(s));
	return id;
}

/* When a commit happened: before the copy (a baseline), during, after. */
enum phase {
	PHASE_WARMUP,
	PHASE_BASELINE,
	PHASE_COPY,
	PHASE_AFTER,
	PHASE__MAX
};
#define BASELINE_COMMITS 500

struct writer {
	const char *path;
	atomic_int  stop;
	atomic_int  commits;
	atomic_int  phase; /* enum phase */
	int	    errors;
	int	    busy[PHASE__MAX];	/* waits for a lock */
	long long   max_us[PHASE__MAX]; /* the slowest commit */
};

static long long
now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* The writer's busy handler: count the wait, wait 50 us, try again. */
static int
writer_busy(void *arg, int tries)
{
	struct writer *w = arg;

	w->busy[atomic_load(&w->phase)]++;
	if (tries > 100000)
		return 0;
	usleep(50);
	return 1;
}

/* One write transaction of the writer: row "w-N" and "seq" = N. */
static int
writer_commit(sqlite3 *db, sqlite3_stmt *ins, sqlite3_stmt *seq, int n)
{
	int ok;

	if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_int(ins, 1, n);
	sqlite3_bind_int(seq, 1, n);
	ok = sqlite3_step(ins) == SQLITE_DONE &&
	    sqlite3_step(seq) == SQLITE_DONE;
	sqlite3_reset(ins);
	sqlite3_reset(seq);
	if (!ok || sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	return 0;
}

/*
 * Commit a row and "seq" naming it again and again, as fast as it can,
 * counting every wait for a lock.  Its own connection, as the gateway's
 * are, without checkpoints of its own (the gateway leaves them to a
 * thread): what it could wait for is the copy.
 */
static void *
writer_run(void *arg)
{
	struct writer *w = arg;
	sqlite3	      *db = NULL;
	sqlite3_stmt  *ins = NULL, *seq = NULL;
	long long      t0, us;
	int	       n = 0, ph;

	if (sqlite3_open_v2(w->path, &db, SQLITE_OPEN_READWRITE, NULL) !=
		SQLITE_OK ||
	    sqlite3_exec(db,
		"PRAGMA wal_autocheckpoint = 0; "
		"PRAGMA synchronous = NORMAL",
		NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db,
		"INSERT INTO setting (name, value) VALUES "
		"('w-' || ?1, 'x')",
		-1, &ins, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db,
		"UPDATE setting SET value = ?1 WHERE name = "
		"'seq'",
		-1, &seq, NULL) != SQLITE_OK) {
		w->errors++;
		goto out;
	}
	sqlite3_busy_handler(db, writer_busy, w);
	while (!atomic_load(&w->stop) && n < 1000000) {
		ph = atomic_load(&w->phase);
		t0 = now_us();
		if (writer_commit(db, ins, seq, n + 1) == -1) {
			w->errors++;
			break;
		}
		if ((us = now_us() - t0) > w->max_us[ph])
			w->max_us[ph] = us;
		n++;
		atomic_fetch_add(&w->commits, 1);
	}
out:
	sqlite3_finalize(ins);
	sqlite3_finalize(seq);
	sqlite3_close(db);
	return NULL;
}

/* One integer from sql on the file at path (opened on its own). */
static long long
file_int(const char *path, const char *sql)
{
	return test_db_int(path, sql);
}

/*
 * A copy while another connection commits without a pause: it takes
 * several rounds, holds one consistent state (the last row and the
 * setting that names it agree), is one file in rollback-journal mode
 * with no -wal or -shm beside it, keeps the mode it was created with,
 * and the writer is never refused.
 */
static void
test_copy_while_writing(void **state)
{
	struct store_copy_info info;
	struct writer	       w = { 0 };
	struct store	      *s, *src;
	struct stat	       sb;
	pthread_t	       t;
	unsigned char	       hdr[20];
	char		       path[128], dest[128], side[140], err[256];
	long long	       t0;
	int		       i, fd, during, base;

	(void)state;
	s = db_new("live.db", path, sizeof(path));
	assert_int_equal(store_begin(s), STORE_OK);
	for (i = 0; i < BULK_ROWS; i++)
		queue_one(s, i);
	assert_int_equal(store_commit(s), STORE_OK);
	assert_int_equal(store_setting_set(s, "seq", "0"), STORE_OK);
	w.path = path;
	assert_int_equal(pthread_create(&t, NULL, writer_run, &w), 0);
	while (atomic_load(&w.commits) < 50 && w.errors == 0)
		usleep(1000);
	/* The slowest of the next commits, without a copy: the baseline. */
	base = atomic_load(&w.commits);
	atomic_store(&w.phase, PHASE_BASELINE);
	while (
	    atomic_load(&w.commits) < base + BASELINE_COMMITS && w.errors == 0)
		usleep(1000);
	assert_int_equal(store_open(path, STORE_READONLY | STORE_AS_IS, &src,
			     err, sizeof(err)),
	    STORE_OK);
	path_in("copy.db", dest, sizeof(dest));
	fd = open(dest, O_WRONLY | O_CREAT | O_EXCL, 0600);
	assert_true(fd >= 0);
	close(fd);
	during = atomic_load(&w.commits);
	atomic_store(&w.phase, PHASE_COPY);
	t0 = now_us();
	if (store_copy_to(src, dest, &info, err, sizeof(err)) != STORE_OK)
		fail_msg("copy: %s", err);
	t0 = now_us() - t0;
	atomic_store(&w.phase, PHASE_AFTER);
	during = atomic_load(&w.commits) - during;
	atomic_store(&w.stop, 1);
	assert_int_equal(pthread_join(t, NULL), 0);
	print_message(
	    "copy: %lld pages of %d bytes in %d rounds, %d busy "
	    "waits, %lld ms; the writer committed %d times meanwhile, waited "
	    "for a lock %d times, the slowest commit %lld us (of the %d "
	    "commits before: %lld us)\n",
	    (long long)info.pages, info.page_size, info.steps, info.busy_waits,
	    t0 / 1000, during, w.busy[PHASE_COPY], w.max_us[PHASE_COPY],
	    BASELINE_COMMITS, w.max_us[PHASE_BASELINE]);
	assert_int_equal(w.errors, 0);
	/* The writer never waited for the copy; it went on meanwhile. */
	assert_int_equal(w.busy[PHASE_COPY], 0);
	assert_true(during > 0);
	assert_true(info.steps >= 2);
	assert_true(info.pages > STORE_BACKUP_STEP_PAGES);
	/* One consistent state: the rows are the ones "seq" counts. */
	assert_int_equal(
	    file_int(dest,
		"SELECT (SELECT count(*) FROM setting "
		"WHERE name LIKE 'w-%') = (SELECT CAST(value AS INTEGER) FROM "
		"setting WHERE name = 'seq')"),
	    1);
	assert_true(file_int(dest,
			"SELECT value FROM setting WHERE name = "
			"'seq'") >= 50 + BASELINE_COMMITS);
	assert_int_equal(
	    file_int(dest, "SELECT count(*) FROM sms_outbox"), BULK_ROWS);
	/* Rollback journal (header bytes 18 and 19 are 1), no side files. */
	fd = open(dest, O_RDONLY);
	assert_int_equal(read(fd, hdr, sizeof(hdr)), (ssize_t)sizeof(hdr));
	close(fd);
	assert_int_equal(hdr[18], 1);
	assert_int_equal(hdr[19], 1);
	snprintf(side, sizeof(side), "%s-wal", dest);
	assert_int_equal(access(side, F_OK), -1);
	snprintf(side, sizeof(side), "%s-shm", dest);
	assert_int_equal(access(side, F_OK), -1);
	assert_int_equal(stat(dest, &sb), 0);
	assert_int_equal(sb.st_mode & 07777, 0600);
	store_close(src);
	store_close(s);
}

struct problems {
	int  integrity;
	int  foreign_key;
	char last[256];
};

static int
note_problem(const char *kind, const char *text, void *arg)
{
	struct problems *p = arg;

	if (strcmp(kind, "integrity") == 0)
		p->integrity++;
	else
		p->foreign_key++;
	snprintf(p->last, sizeof(p->last), "%s", text);
	return 0;
}

/* Run the deep check on the file at path; returns the store result. */
static enum store_err
deep(const char *path, struct problems *p, int64_t *n)
{
	struct store  *s;
	enum store_err e;
	char	       err[256];

	memset(p, 0, sizeof(*p));
	*n = 0;
	if ((e = store_open(path, STORE_READONLY | STORE_AS_IS, &s, err,
		 sizeof(err))) != STORE_OK)
		return e;
	if ((e = store_check_deep(s, note_problem, p, n)) != STORE_OK)
		print_message("deep check: %s\n", store_errmsg(s));
	store_close(s);
	return e;
}

/*
 * The deep check: nothing on a sound file; a row pointing at a missing
 * parent (written with foreign keys off) is named; a damaged page is
 * found.
 */
static void
test_check_deep(void **state)
{
	struct problems p;
	struct store   *s;
	sqlite3	       *db;
	char		path[128];
	unsigned char	junk[512];
	long long	root;
	int64_t		n;
	int		fd;

	(void)state;
	s = db_new("deep.db", path, sizeof(path));
	for (n = 0; n < 2000; n++)
		queue_one(s, (int)n);
	store_close(s);
	assert_int_equal(deep(path, &p, &n), STORE_OK);
	assert_int_equal(n, 0);

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(
	    sqlite3_exec(db,
		"PRAGMA foreign_keys = OFF; "
		"UPDATE sms_outbox SET meeting_id = 4711 WHERE id = 7",
		NULL, NULL, NULL),
	    SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(deep(path, &p, &n), STORE_OK);
	assert_int_equal(n, 1);
	assert_int_equal(p.foreign_key, 1);
	assert_string_equal(p.last,
	    "sms_outbox row 7 refers to a missing "
	    "meeting");

	/* Damage the first page of an index of the outbox. */
	root = file_int(path,
	    "SELECT rootpage FROM sqlite_schema WHERE "
	    "type = 'index' AND tbl_name = 'sms_outbox' ORDER BY name LIMIT 1");
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "PRAGMA wal_checkpoint(TRUNCATE)",
			     NULL, NULL, NULL),
	    SQLITE_OK);
	sqlite3_close(db);
	assert_true(root > 1);
	memset(junk, 0xa5, sizeof(junk));
	fd = open(path, O_WRONLY);
	assert_true(fd >= 0);
	assert_int_equal(pwrite(fd, junk, sizeof(junk), (root - 1) * 4096),
	    (ssize_t)sizeof(junk));
	close(fd);
	assert_int_equal(deep(path, &p, &n), STORE_OK);
	assert_true(p.integrity > 0);
	print_message("damaged page: %d integrity problems, the last: %s\n",
	    p.integrity, p.last);
}

struct counted {
	int	tables;
	int64_t outbox;
	int64_t lease;
};

static int
note_count(const char *table, int64_t rows, void *arg)
{
	struct counted *c = arg;

	c->tables++;
	if (strcmp(table, "sms_outbox") == 0)
		c->outbox = rows;
	if (strcmp(table, "lease") == 0)
		c->lease = rows;
	return 0;
}

/* Row counts for every table; the identity of the file. */
static void
test_counts_identity(void **state)
{
	struct counted c = { 0 };
	struct store  *s;
	char	       path[128];
	int64_t	       appid;
	int	       version, i;

	(void)state;
	s = db_new("counts.db", path, sizeof(path));
	for (i = 0; i < 17; i++)
		queue_one(s, i);
	assert_int_equal(store_table_counts(s, note_count, &c), STORE_OK);
	assert_true(c.tables >= 15);
	assert_int_equal(c.outbox, 17);
	assert_int_equal(c.lease, 0);
	assert_int_equal(store_identity(s, &appid, &version), STORE_OK);
	assert_int_equal(appid, store_application_id());
	assert_int_equal(version, store_schema_latest());
	store_close(s);
}

/*
 * A writer that stops without closing leaves its rows in the -wal;
 * store_checkpoint_all() puts them in the database file and empties it.
 */
static void
test_checkpoint_all(void **state)
{
	struct store *s;
	struct stat   sb;
	char	      path[128], wal[140];
	int	      i;

	(void)state;
	s = db_new("ckpt.db", path, sizeof(path));
	for (i = 0; i < 50; i++)
		queue_one(s, i);
	snprintf(wal, sizeof(wal), "%s-wal", path);
	assert_int_equal(stat(wal, &sb), 0);
	assert_true(sb.st_size > 0);
	assert_int_equal(store_checkpoint_all(s), STORE_OK);
	assert_int_equal(stat(wal, &sb), 0);
	assert_int_equal(sb.st_size, 0);
	store_close(s);
	assert_int_equal(file_int(path, "SELECT count(*) FROM sms_outbox"), 50);
}

/*
 * store_users(): a child process with the database open is found, with
 * its pid; once it is gone, nobody is.
 */
static void
test_users(void **state)
{
	struct store *s;
	char	      path[128], err[256], c;
	int	      go[2], ready[2], status;
	pid_t	      child, who;

	(void)state;
	s = db_new("users.db", path, sizeof(path));
	store_close(s);
	assert_int_equal(store_users(path, &who), 0);
	assert_int_equal(pipe(go), 0);
	assert_int_equal(pipe(ready), 0);
	if ((child = fork()) == 0) {
		if (store_open(path, 0, &s, err, sizeof(err)) != STORE_OK)
			_exit(1);
		(void)store_schema_version(s);
		if (write(ready[1], "r", 1) != 1 || read(go[0], &c, 1) != 1)
			_exit(1);
		_exit(0); /* without closing: the locks go with it */
	}
	assert_true(child > 0);
	assert_int_equal(read(ready[0], &c, 1), 1);
	assert_int_equal(store_users(path, &who), 1);
	assert_int_equal(who, child);
	assert_int_equal(write(go[1], "g", 1), 1);
	assert_int_equal(waitpid(child, &status, 0), child);
	assert_int_equal(WEXITSTATUS(status), 0);
	assert_int_equal(store_users(path, &who), 0);
	close(go[0]);
	close(go[1]);
	close(ready[0]);
	close(ready[1]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_copy_while_writing),
		cmocka_unit_test(test_check_deep),
		cmocka_unit_test(test_counts_identity),
		cmocka_unit_test(test_checkpoint_all),
		cmocka_unit_test(test_users),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
