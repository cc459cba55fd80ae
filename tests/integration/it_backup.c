/*
 * it_backup.c - mentorctl backup, restore and check --deep against real
 * files: the copy's mode, its manifest and what is never in it (the CPR
 * key); no overwriting without --force; --keep removes only its own
 * oldest copies; restore refuses a running program (by pid) and a live
 * sender lease, a damaged, foreign, newer or mismatched copy and a
 * different CPR key; it keeps the old database aside with the rows that
 * were only in its write-ahead log; check --deep names problems.
 */
#include <sys/wait.h>

#include <dirent.h>

#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <cmocka.h>

#include "backup_util.h"
#include "store.h"

#define T0 1795500000 /* 2026-11-24, a fixed "now" */

static const char fixture[] =
    "{\"staff\": [{\"id\": \"s-inger\", \"name\": \"Inger Holm\", "
    "\"mobile\": \"+4520000001\"}],"
    "\"citizens\": ["
    "{\"id\": \"c-mads\", \"cpr\": \"010180-1234\", \"given_name\": \"Mads\","
    " \"mobile\": \"+4520000101\"},"
    "{\"id\": \"c-emma\", \"cpr\": \"050388-2233\", \"given_name\": \"Emma\","
    " \"mobile\": \"+4520000105\"}]}";

struct bt {
	struct harness h;
	struct buf     out;
	struct buf     err;
	char	       backup[400];
};

static int
setup(void **state)
{
	struct bt *t;
	char	   path[400];

	if ((t = calloc(1, sizeof(*t))) == NULL)
		return -1;
	harness_init(&t->h, NULL);
	harness_set_clock(&t->h, T0);
	harness_write_file(&t->h, "fixture.json", fixture, path, sizeof(path));
	harness_init_db(&t->h, path);
	snprintf(t->backup, sizeof(t->backup), "%s/copy.db", t->h.dir);
	*state = t;
	return 0;
}

static int
teardown(void **state)
{
	struct bt *t = *state;

	harness_done(&t->h);
	buf_free(&t->out);
	buf_free(&t->err);
	free(t);
	return 0;
}

/* Run mentorctl; fail the test when the status is not want. */
static void
ctl5(struct bt *t, int want, const char *a0, const char *a1, const char *a2,
    const char *a3, const char *a4)
{
	int rc;

	rc = bk_run(&t->h, &t->out, &t->err, a0, a1, a2, a3, a4);
	if (rc != want)
		fail_msg("mentorctl %s %s: exit %d, want %d\n%s%s", a0,
		    a1 ? a1 : "", rc, want, buf_str(&t->out), buf_str(&t->err));
}

/* ctl5 with up to four arguments. */
static void
ctl(struct bt *t, int want, const char *a0, const char *a1, const char *a2,
    const char *a3)
{
	ctl5(t, want, a0, a1, a2, a3, NULL);
}

/* 1 if the n bytes at p occur in the file at path. */
static int
file_has(const char *path, const void *p, size_t n)
{
	struct buf b = { 0 };
	int	   found;

	if (harness_read_file(path, &b) == -1)
		fail_msg("cannot read %s", path);
	found = memmem(b.data, b.len, p, n) != NULL;
	buf_free(&b);
	return found;
}

/* One more citizen (the restore tests tell states apart so). */
static void
add_citizen(struct bt *t, const char *cpr)
{
	struct buf  out = { 0 }, err = { 0 };
	const char *args[] = { "citizen", "add", "--cpr", cpr, "--name", "Ny",
		NULL };

	if (harness_run(&t->h, "mentorctl", 1, args, &out, &err) != 0)
		fail_msg("citizen add: %s", buf_str(&err));
	buf_free(&out);
	buf_free(&err);
}

/* 1 if the first 20 bytes of the SQLite file say "rollback journal". */
static int
rollback_mode(const char *path)
{
	unsigned char hdr[20];
	int	      fd, ok;

	assert_true((fd = open(path, O_RDONLY)) >= 0);
	ok = read(fd, hdr, sizeof(hdr)) == (ssize_t)sizeof(hdr) &&
	    hdr[18] == 1 && hdr[19] == 1;
	close(fd);
	return ok;
}

/* 1 if a temporary file of backup or restore is left in dir. */
static int
temp_left(const char *dir)
{
	DIR	      *d;
	struct dirent *de;
	int	       found = 0;

	assert_non_null(d = opendir(dir));
	while ((de = readdir(d)) != NULL)
		if (strstr(de->d_name, ".tmp-") != NULL)
			found = 1;
	closedir(d);
	return found;
}

/*
 * A backup: mode 0600 with umask 022, a manifest that says what it holds
 * and matches it, an audit row; never the CPR key, neither as its text
 * nor as bytes; an existing file is kept unless --force; the database
 * itself is never the target.
 */
static void
test_backup_file(void **state)
{
	struct bt	   *t = *state;
	struct json_object *m;
	struct buf	    key = { 0 };
	unsigned char	    raw[32];
	char		    sha[65], before[65], mpath[420], db[420];
	size_t		    i;

	umask(022);
	ctl(t, 0, "backup", t->backup, NULL, NULL);
	assert_non_null(strstr(buf_str(&t->out), "manifest:"));
	assert_non_null(strstr(buf_str(&t->out), "CPR key"));
	snprintf(mpath, sizeof(mpath), "%s.manifest.json", t->backup);
	assert_int_equal(bk_mode(t->backup), 0600);
	assert_int_equal(bk_mode(mpath), 0600);
	m = bk_manifest(t->backup);
	assert_string_equal(
	    bk_manifest_str(m, "format"), "mentorlink-backup 1");
	assert_string_equal(bk_manifest_str(m, "file"), "copy.db");
	assert_string_equal(
	    bk_manifest_str(m, "made_at"), "2026-11-24T06:00:00Z");
	assert_int_equal(
	    bk_manifest_int(m, "schema_version", NULL), store_schema_latest());
	assert_int_equal(
	    bk_manifest_int(m, "application_id", NULL), 0x4d4c6f6b);
	assert_int_equal(bk_manifest_int(m, "tables", "citizen"), 2);
	assert_int_equal(bk_manifest_int(m, "tables", "staff"), 1);
	assert_int_equal(bk_manifest_int(m, "tables", "sms_outbox"), 0);
	assert_int_equal(bk_manifest_int(m, "bytes", NULL),
	    bk_db_int(t->backup, "PRAGMA page_count") *
		bk_db_int(t->backup, "PRAGMA page_size"));
	assert_int_equal(strlen(bk_manifest_str(m, "cpr_key_id")), 16);
	assert_true(strlen(bk_manifest_str(m, "mentorlink_version")) > 0);
	bk_sha256(t->backup, sha);
	assert_string_equal(bk_manifest_str(m, "sha256"), sha);
	/* The copy holds the audit row of its own making. */
	assert_int_equal(bk_db_int(t->backup,
			     "SELECT count(*) FROM audit "
			     "WHERE action = 'backup'"),
	    1);
	json_object_put(m);
	/* One file, in rollback-journal mode: nothing beside it. */
	snprintf(db, sizeof(db), "%s-wal", t->backup);
	assert_false(bk_exists(db));
	assert_true(rollback_mode(t->backup));
	assert_false(temp_left(t->h.dir));

	/* The CPR key, as text and as bytes, is in neither file. */
	snprintf(db, sizeof(db), "%s/cpr.key", t->h.dir);
	assert_int_equal(harness_read_file(db, &key), 0);
	assert_true(key.len >= 64);
	for (i = 0; i < sizeof(raw); i++)
		raw[i] = (unsigned char)strtoul(
		    (char[3]){ key.data[2 * i], key.data[2 * i + 1], '\0' },
		    NULL, 16);
	assert_false(file_has(t->backup, key.data, 64));
	assert_false(file_has(t->backup, raw, sizeof(raw)));
	assert_false(file_has(mpath, key.data, 64));
	assert_false(file_has(mpath, raw, sizeof(raw)));
	buf_free(&key);

	/* Not over an existing file; with --force, yes. */
	bk_sha256(t->backup, before);
	add_citizen(t, "020202-2222");
	ctl(t, 1, "backup", t->backup, NULL, NULL);
	assert_non_null(strstr(buf_str(&t->err), "--force"));
	bk_sha256(t->backup, sha);
	assert_string_equal(sha, before);
	ctl(t, 0, "backup", "--force", t->backup, NULL);
	assert_int_equal(
	    bk_db_int(t->backup, "SELECT count(*) FROM citizen"), 3);
	assert_int_equal(bk_mode(t->backup), 0600);
	/* Never onto the database, not even with --force. */
	ctl(t, 1, "backup", "--force", t->h.db, NULL);
	assert_non_null(strstr(buf_str(&t->err), "the database itself"));
	/* A folder needs --keep. */
	ctl(t, 1, "backup", t->h.dir, NULL, NULL);
	assert_non_null(strstr(buf_str(&t->err), "--keep"));
	ctl(t, 2, "backup", "--keep", "0", t->h.dir);
}

/*
 * --keep 3 FOLDER on five days: the three newest of its own copies stay;
 * files it did not make (same name pattern without a manifest, a
 * manifest naming another file, other names) are left alone.
 */
static void
test_backup_keep(void **state)
{
	static const char *const days[] = { "20261124", "20261125", "20261126",
		"20261127", "20261128" };
	struct bt		*t = *state;
	char			 dir[400], path[500], man[520];
	const char		*foreign[] = { "mentorlink-20200101T000000Z.db",
			     "mentorlink-20200102T000000Z.db", "notes.txt" };
	size_t			 i;

	snprintf(dir, sizeof(dir), "%s/nightly", t->h.dir);
	assert_int_equal(mkdir(dir, 0700), 0);
	for (i = 0; i < 3; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, foreign[i]);
		assert_int_equal(
		    close(open(path, O_CREAT | O_WRONLY, 0600)), 0);
	}
	/* A manifest, but for another file: not one of ours. */
	snprintf(man, sizeof(man), "%s/%s.manifest.json", dir, foreign[1]);
	harness_write_file(&t->h,
	    "nightly/mentorlink-20200102T000000Z.db"
	    ".manifest.json",
	    "{\"format\":\"mentorlink-backup 1\","
	    "\"file\":\"other.db\"}",
	    NULL, 0);
	for (i = 0; i < 5; i++) {
		harness_set_clock(&t->h, T0 + (time_t)i * 86400);
		ctl(t, 0, "backup", "--keep", "3", dir);
	}
	assert_non_null(strstr(buf_str(&t->out), "removed:"));
	for (i = 0; i < 5; i++) {
		snprintf(path, sizeof(path), "%s/mentorlink-%sT060000Z.db", dir,
		    days[i]);
		snprintf(man, sizeof(man), "%s.manifest.json", path);
		assert_int_equal(bk_exists(path), i >= 2);
		assert_int_equal(bk_exists(man), i >= 2);
		if (i >= 2)
			assert_int_equal(bk_mode(path), 0600);
	}
	for (i = 0; i < 3; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, foreign[i]);
		assert_true(bk_exists(path));
	}
}

/*
 * Restore: the database becomes the backup; the old one is kept aside
 * (mode and rows as they were); the new one is 0600 and records the
 * restore in its audit trail; no temporary file is left.
 */
static void
test_restore_roundtrip(void **state)
{
	struct bt  *t = *state;
	struct stat sb;
	char	    aside[500], side[520];

	ctl(t, 0, "backup", t->backup, NULL, NULL);
	add_citizen(t, "030303-3333");
	assert_int_equal(bk_db_int(t->h.db, "SELECT count(*) FROM citizen"), 3);
	harness_set_clock(&t->h, T0 + 3600);
	/* As root, the new file gets the old one's owner. */
	if (geteuid() == 0)
		assert_int_equal(chown(t->h.db, 4711, 4712), 0);
	ctl(t, 0, "restore", t->backup, NULL, NULL);
	assert_non_null(strstr(buf_str(&t->out), "as its manifest says"));
	if (geteuid() == 0) {
		assert_int_equal(stat(t->h.db, &sb), 0);
		assert_int_equal(sb.st_uid, 4711);
		assert_int_equal(sb.st_gid, 4712);
	}
	snprintf(aside, sizeof(aside), "%s.before-restore-20261124T070000Z",
	    t->h.db);
	/* Nothing beside either file, no temporary file left. */
	snprintf(side, sizeof(side), "%s-wal", aside);
	assert_false(bk_exists(side));
	snprintf(side, sizeof(side), "%s-wal", t->h.db);
	assert_false(bk_exists(side));
	assert_false(temp_left(t->h.dir));
	assert_int_equal(bk_db_int(t->h.db, "SELECT count(*) FROM citizen"), 2);
	assert_int_equal(bk_mode(t->h.db), 0600);
	assert_int_equal(bk_db_int(t->h.db,
			     "SELECT count(*) FROM audit WHERE "
			     "action = 'restore'"),
	    1);
	assert_int_equal(bk_db_int(aside, "SELECT count(*) FROM citizen"), 3);
	/* A second restore in the same second keeps the first one's aside. */
	ctl(t, 1, "restore", t->backup, NULL, NULL);
	assert_non_null(strstr(buf_str(&t->err), "nothing changed"));
	assert_int_equal(bk_db_int(aside, "SELECT count(*) FROM citizen"), 3);
	assert_false(temp_left(t->h.dir));
	/* The restored database works for the programs. */
	ctl(t, 0, "check", "--deep", NULL, NULL);
	ctl(t, 0, "citizen", "list", NULL, NULL);
	assert_non_null(strstr(buf_str(&t->out), "c-mads"));
}

/*
 * A program that stopped without a checkpoint (killed) left committed
 * rows only in the -wal: after the restore they are in the old database
 * kept aside, and no -wal of it is left next to the new one.
 */
static void
test_restore_keeps_wal_rows(void **state)
{
	struct bt *t = *state;
	char	   aside[500], wal[520];
	int	   status;
	pid_t	   child;
	sqlite3	  *db;

	ctl(t, 0, "backup", t->backup, NULL, NULL);
	if ((child = fork()) == 0) {
		if (sqlite3_open(t->h.db, &db) != SQLITE_OK ||
		    sqlite3_exec(db,
			"PRAGMA wal_autocheckpoint = 0; "
			"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 "
			"FROM n WHERE i < 100) INSERT INTO setting (name, value) "
			"SELECT 'wal-' || i, 'x' FROM n",
			NULL, NULL, NULL) != SQLITE_OK)
			_exit(1);
		_exit(0); /* like kill -9: no checkpoint, no close */
	}
	assert_int_equal(waitpid(child, &status, 0), child);
	assert_int_equal(WEXITSTATUS(status), 0);
	snprintf(wal, sizeof(wal), "%s-wal", t->h.db);
	assert_true(bk_exists(wal));
	harness_set_clock(&t->h, T0 + 7200);
	ctl(t, 0, "restore", t->backup, NULL, NULL);
	snprintf(aside, sizeof(aside), "%s.before-restore-20261124T080000Z",
	    t->h.db);
	/* Folded into the old file: no -wal beside either file. */
	assert_false(bk_exists(wal));
	snprintf(wal, sizeof(wal), "%s-wal", aside);
	assert_false(bk_exists(wal));
	assert_int_equal(bk_db_int(aside,
			     "SELECT count(*) FROM setting WHERE "
			     "name LIKE 'wal-%'"),
	    100);
	assert_int_equal(bk_db_int(t->h.db,
			     "SELECT count(*) FROM setting "
			     "WHERE name LIKE 'wal-%'"),
	    0);
}

/* The database is unchanged and nothing was put aside. */
static void
assert_untouched(struct bt *t, const char *sha_before)
{
	char sha[65], path[500];

	bk_sha256(t->h.db, sha);
	assert_string_equal(sha, sha_before);
	snprintf(
	    path, sizeof(path), "%s.before-restore-20261124T060000Z", t->h.db);
	assert_false(bk_exists(path));
}

/* A pid that is surely gone: a child that has exited and been reaped. */
static pid_t
dead_pid(void)
{
	pid_t p;
	int   status;

	if ((p = fork()) == 0)
		_exit(0);
	assert_int_equal(waitpid(p, &status, 0), p);
	return p;
}

/* Write the sender lease as a gateway holding it would. */
static void
lease_set(struct bt *t, const char *holder)
{
	struct store *s;
	char	      err[256];

	assert_int_equal(
	    store_open(t->h.db, 0, &s, err, sizeof(err)), STORE_OK);
	assert_int_equal(
	    store_lease_acquire(s, "sender", holder, T0, 30), STORE_OK);
	store_close(s); /* closed: the test process holds nothing */
}

/*
 * Restore refuses while the gateway or the kiosk runs (named, with its
 * pid) and while a gateway on another host holds the sender lease; a
 * lease left by a dead process on this host does not count.
 */
static void
test_restore_refuses_running(void **state)
{
	struct bt  *t = *state;
	struct proc p;
	char	    port[400], want[80], host[256], holder[320], sha[65];
	const char *gw_args[] = { "-f", t->h.config, NULL };

	ctl(t, 0, "backup", t->backup, NULL, NULL);
	snprintf(port, sizeof(port), "%s/sms-gateway.port", t->h.dir);
	harness_start(&t->h, &p, "bin/sms-gateway", gw_args, port);
	ctl(t, 1, "restore", t->backup, NULL, NULL);
	snprintf(want, sizeof(want), "sms-gateway (pid %ld) has", (long)p.pid);
	if (strstr(buf_str(&t->err), want) == NULL)
		fail_msg("want \"%s\" in: %s", want, buf_str(&t->err));
	assert_int_equal(harness_stop(&p), 0);

	snprintf(port, sizeof(port), "%s/kiosk.port", t->h.dir);
	harness_start(&t->h, &p, "bin/kiosk", gw_args, port);
	bk_sha256(t->h.db, sha);
	ctl(t, 1, "restore", t->backup, NULL, NULL);
	snprintf(want, sizeof(want), "kiosk (pid %ld) has", (long)p.pid);
	if (strstr(buf_str(&t->err), want) == NULL)
		fail_msg("want \"%s\" in: %s", want, buf_str(&t->err));
	assert_untouched(t, sha);
	assert_int_equal(harness_stop(&p), 0);

	/* A gateway elsewhere, its lease not run out. */
	lease_set(t, "otherhost.example:4242:abcd1234");
	bk_sha256(t->h.db, sha);
	ctl(t, 1, "restore", t->backup, NULL, NULL);
	assert_non_null(strstr(buf_str(&t->err),
	    "another host "
	    "(otherhost.example)"));
	assert_untouched(t, sha);

	/* A lease left by a process of this host that is gone. */
	assert_int_equal(gethostname(host, sizeof(host)), 0);
	snprintf(
	    holder, sizeof(holder), "%s:%ld:deadbeef", host, (long)dead_pid());
	bk_db_exec(t->h.db, "DELETE FROM lease");
	lease_set(t, holder);
	ctl(t, 0, "restore", t->backup, NULL, NULL);
}

/* Damage the first page of an index of the outbox in the file at path. */
static void
damage(const char *path)
{
	unsigned char junk[512];
	long long     root, size;
	int	      fd;

	root = bk_db_int(path,
	    "SELECT rootpage FROM sqlite_schema WHERE "
	    "type = 'index' AND tbl_name = 'sms_outbox' ORDER BY name LIMIT 1");
	size = bk_db_int(path, "PRAGMA page_size");
	memset(junk, 0xa5, sizeof(junk));
	assert_true((fd = open(path, O_WRONLY)) >= 0);
	assert_int_equal(pwrite(fd, junk, sizeof(junk), (root - 1) * size),
	    (ssize_t)sizeof(junk));
	close(fd);
}

/*
 * Restore refuses, with nothing changed: a copy that no longer matches
 * its manifest; a damaged copy; a file that is not Mentorlink's; a
 * newer schema; a CPR key that is not the backup's (unless --any-key).
 */
static void
test_restore_checks(void **state)
{
	struct bt *t = *state;
	char	   sha[65], other[400], mpath[420];

	ctl(t, 0, "backup", t->backup, NULL, NULL);
	snprintf(mpath, sizeof(mpath), "%s.manifest.json", t->backup);
	bk_sha256(t->h.db, sha);

	damage(t->backup);
	ctl(t, 1, "restore", t->backup, NULL, NULL);
	assert_non_null(strstr(buf_str(&t->err),
	    "does not match its "
	    "manifest"));
	assert_untouched(t, sha);
	/* Without its manifest the damage itself is found. */
	assert_int_equal(unlink(mpath), 0);
	ctl(t, 1, "restore", t->backup, NULL, NULL);
	assert_non_null(strstr(buf_str(&t->err), "integrity"));
	assert_non_null(strstr(buf_str(&t->err), "problem(s)"));
	assert_untouched(t, sha);

	snprintf(other, sizeof(other), "%s/foreign.db", t->h.dir);
	bk_db_exec(other, "CREATE TABLE x (y); INSERT INTO x VALUES (1)");
	ctl(t, 1, "restore", other, NULL, NULL);
	assert_non_null(strstr(buf_str(&t->err), "not a Mentorlink database"));
	assert_untouched(t, sha);

	ctl(t, 0, "backup", "--force", t->backup, NULL);
	snprintf(other, sizeof(other), "%s/newer.db", t->h.dir);
	ctl(t, 0, "backup", other, NULL, NULL);
	bk_sha256(t->h.db, sha); /* each backup adds an audit row */
	bk_db_exec(other, "PRAGMA user_version = 9999");
	snprintf(mpath, sizeof(mpath), "%s.manifest.json", other);
	assert_int_equal(unlink(mpath), 0);
	ctl(t, 1, "restore", other, NULL, NULL);
	assert_non_null(strstr(buf_str(&t->err), "schema version 9999"));
	assert_untouched(t, sha);

	/* Another CPR key in place. */
	harness_write_file(&t->h, "cpr.key",
	    "00112233445566778899aabbccddeeff"
	    "00112233445566778899aabbccddeeff",
	    NULL, 0);
	ctl(t, 1, "restore", t->backup, NULL, NULL);
	assert_non_null(strstr(buf_str(&t->err), "is not the CPR key"));
	assert_untouched(t, sha);
	ctl(t, 0, "restore", "--any-key", t->backup, NULL);
}

/* check --deep: fine on a sound database; names a broken reference. */
static void
test_check_deep(void **state)
{
	struct bt *t = *state;

	ctl(t, 0, "check", "--deep", NULL, NULL);
	assert_non_null(strstr(buf_str(&t->out), "deep      ok"));
	ctl(t, 0, "check", NULL, NULL, NULL);
	assert_null(strstr(buf_str(&t->out), "deep"));
	bk_db_exec(t->h.db,
	    "PRAGMA foreign_keys = OFF; INSERT INTO meeting "
	    "(external_id, agreement_id, starts_at, ends_at, created_at, "
	    "updated_at) VALUES ('m-x', 999, 1, 2, 1, 1)");
	ctl(t, 1, "check", "--deep", NULL, NULL);
	assert_non_null(strstr(buf_str(&t->out),
	    "foreign_key: meeting row 1 "
	    "refers to a missing agreement"));
	assert_non_null(strstr(buf_str(&t->out), "NOT OK"));
	ctl(t, 1, "--json", "check", "--deep", NULL);
	assert_non_null(strstr(buf_str(&t->out),
	    "\"deep\":[{\"kind\":"
	    "\"foreign_key\""));
	ctl(t, 2, "check", "--deeper", NULL, NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    test_backup_file, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_backup_keep, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_restore_roundtrip, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_restore_keeps_wal_rows, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_restore_refuses_running, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_restore_checks, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_check_deep, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
