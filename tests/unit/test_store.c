/*
 * test_store.c - unit tests for shared/store*.c: opening, migrations,
 * refusals, and the typed functions for people, agreements, meetings,
 * guidance, audit, settings and leases.
 */
#include <sys/stat.h>

#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <pthread.h>
#include <sqlite3.h>

#include "clock.h"
#include "schema.h"
#include "store.h"
#include "store_outbox.h"
#include "test_db.h"

static char dir[64], dbpath[128];

static int
setup(void **state)
{
	struct store *s;

	if (test_db_make("test-store", dir, dbpath, &s) == -1)
		return -1;
	*state = s;
	return 0;
}

static int
teardown(void **state)
{
	return test_db_remove(*state, dir, dbpath);
}

static void
test_open_and_version(void **state)
{
	struct store *s = *state;

	assert_int_equal(store_schema_version(s), store_schema_latest());
	assert_true(store_schema_latest() >= 1);
}

static void
test_refuse_missing_foreign_newer(void **state)
{
	struct store *s2;
	sqlite3	     *db;
	char	      err[256], path[160];

	(void)state;
	snprintf(path, sizeof(path), "%s/missing.db", dir);
	assert_int_equal(
	    store_open(path, 0, &s2, err, sizeof(err)), STORE_NOFILE);
	assert_non_null(strstr(err, "mentorctl init"));

	snprintf(path, sizeof(path), "%s/foreign.db", dir);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	sqlite3_exec(db, "CREATE TABLE x (y)", NULL, NULL, NULL);
	sqlite3_close(db);
	assert_int_equal(
	    store_open(path, 0, &s2, err, sizeof(err)), STORE_FOREIGN);
	assert_non_null(strstr(err, "not a Mentorlink database"));
	unlink(path);

	snprintf(path, sizeof(path), "%s/newer.db", dir);
	assert_int_equal(
	    store_open(path, STORE_CREATE, &s2, err, sizeof(err)), STORE_OK);
	store_close(s2);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	sqlite3_exec(db, "PRAGMA user_version = 9999", NULL, NULL, NULL);
	sqlite3_close(db);
	assert_int_equal(
	    store_open(path, 0, &s2, err, sizeof(err)), STORE_NEWER);
	assert_non_null(strstr(err, "9999"));
	unlink(path);

	snprintf(path, sizeof(path), "%s/text.db", dir);
	{
		int fd = open(path, O_WRONLY | O_CREAT, 0600);
		assert_int_equal(
		    write(fd,
			"hello, this is not sqlite at all, "
			"just some text padding it out to a page........",
			82),
		    82);
		close(fd);
	}
	assert_int_not_equal(
	    store_open(path, 0, &s2, err, sizeof(err)), STORE_OK);
	unlink(path);
}

/*
 * Insert one staff member and return its id.
 */
static int64_t
add_staff(
    struct store *s, const char *ext, const char *name, const char *mobile)
{
	return test_db_add_staff(s, ext, name, mobile, 0, 0);
}

/*
 * Import meeting m again an hour later, still "planned" in the file: it
 * is stored as moved, version 2.
 */
static void
move_hour_later(struct store *s, struct meeting_rec *m)
{
	m->starts_at += 3600;
	m->ends_at += 3600;
	snprintf(m->status, sizeof(m->status), "planned");
	assert_int_equal(store_meeting_upsert(s, m), STORE_OK);
	assert_int_equal(m->version, 2);
	assert_string_equal(m->status, "moved");
}

/*
 * Insert one citizen and return its id.
 */
static int64_t
add_citizen(struct store *s, const char *ext, const char *name, char hashch)
{
	struct citizen_rec r = { 0 };

	r.external_id = (char *)ext;
	r.given_name = (char *)name;
	r.mobile = (char *)"+4520000101";
	memset(r.cpr_hash, hashch, 64);
	r.cpr_hash[64] = '\0';
	snprintf(r.language, sizeof(r.language), "da");
	r.reminders_on = 1;
	assert_int_equal(store_citizen_upsert(s, &r), STORE_OK);
	return r.id;
}

static void
test_people(void **state)
{
	struct store	  *s = *state;
	struct staff_rec   st;
	struct citizen_rec c;
	int64_t		   inger, claus, mads, again;
	char		   hash[65];

	inger = add_staff(s, "s-inger", "Inger Holm", "+4520000001");
	claus = add_staff(s, "s-claus", "Claus Øster", "+4520000002");
	assert_int_not_equal(inger, claus);
	assert_int_equal(
	    add_staff(s, "s-inger", "Inger Holm-Hansen", "+4520000001"), inger);
	assert_int_equal(store_staff_get(s, inger, &st), STORE_OK);
	assert_string_equal(st.name, "Inger Holm-Hansen");
	staff_rec_free(&st);
	assert_int_equal(
	    store_staff_set_away(s, inger, "2026-11-20", "2026-11-30"),
	    STORE_OK);
	assert_int_equal(
	    store_staff_by_mobile(s, "+4520000001", &st), STORE_OK);
	assert_true(staff_is_away(&st, "2026-11-24"));
	assert_false(staff_is_away(&st, "2026-12-01"));
	staff_rec_free(&st);
	assert_int_equal(
	    store_staff_by_external(s, "nobody", &st), STORE_NOTFOUND);

	mads = add_citizen(s, "c-mads", "Mads", 'a');
	again = add_citizen(s, "c-mads", "Mads Ærø", 'a');
	assert_int_equal(mads, again);
	memset(hash, 'a', 64);
	hash[64] = '\0';
	assert_int_equal(store_citizen_by_cpr(s, hash, &c), STORE_OK);
	assert_string_equal(c.given_name, "Mads Ærø");
	assert_string_equal(c.language, "da");
	citizen_rec_free(&c);
	assert_int_equal(store_citizen_set_reminders(s, mads, 0), STORE_OK);
	assert_int_equal(store_citizen_get(s, mads, &c), STORE_OK);
	assert_int_equal(c.reminders_on, 0);
	citizen_rec_free(&c);
	/* Same CPR hash on another citizen: refused. */
	{
		struct citizen_rec r = { 0 };

		r.external_id = (char *)"c-other";
		r.given_name = (char *)"Other";
		memcpy(r.cpr_hash, hash, sizeof(hash));
		assert_int_equal(store_citizen_upsert(s, &r), STORE_CONSTRAINT);
	}
}

static void
test_agreement_and_meetings(void **state)
{
	struct store	    *s = *state;
	struct agreement_rec a = { 0 }, got;
	struct meeting_rec   m = { 0 }, mg;
	char   *tasks[] = { "Følge til møder", "Hjælpe med post" };
	int64_t cit, mentor, d, ac, e;

	cit = add_citizen(s, "c-anna", "Anna", 'b');
	mentor = add_staff(s, "s-bo", "Bo Ågård", "+4520000003");
	a.external_id = (char *)"a-1";
	a.citizen_id = cit;
	a.mentor_id = mentor;
	a.goal = (char *)"Komme i gang med uddannelse";
	a.starts_on = (char *)"2026-11-01";
	a.ends_on = (char *)"2027-04-30";
	a.hours_amount = 4;
	a.hours_per = (char *)"week";
	a.guidance_key = (char *)"default";
	a.tasks = tasks;
	a.ntasks = 2;
	snprintf(a.status, sizeof(a.status), "active");
	assert_int_equal(store_agreement_upsert(s, &a), STORE_OK);
	assert_true(a.id > 0);
	assert_true(a.activated_at > 0);
	assert_int_equal(
	    store_agreement_current(s, cit, "2026-11-24", &got), STORE_OK);
	assert_int_equal(got.id, a.id);
	assert_int_equal(got.ntasks, 2);
	assert_string_equal(got.tasks[1], "Hjælpe med post");
	assert_true(got.hours_amount == 4);
	agreement_rec_free(&got);
	/* A bad period is refused by the schema. */
	a.external_id = (char *)"a-bad";
	a.starts_on = (char *)"2027-05-01";
	assert_int_equal(store_agreement_upsert(s, &a), STORE_CONSTRAINT);
	assert_int_equal(
	    store_agreement_by_external(s, "a-bad", &got), STORE_NOTFOUND);
	assert_int_equal(store_agreement_counts(s, &d, &ac, &e), STORE_OK);
	assert_int_equal(ac, 1);

	m.external_id = (char *)"m-1";
	m.agreement_id = a.id;
	m.starts_at = 1795000000;
	m.ends_at = 1795003600;
	m.place = (char *)"Herlev Bibliotek";
	assert_int_equal(store_meeting_upsert(s, &m), STORE_OK);
	assert_int_equal(m.version, 1);
	/* Re-import unchanged: same version. */
	assert_int_equal(store_meeting_upsert(s, &m), STORE_OK);
	assert_int_equal(m.version, 1);
	/* New time: moved, version 2. */
	move_hour_later(s, &m);
	assert_int_equal(store_meeting_cancel(s, m.id, 1), STORE_OK);
	assert_int_equal(store_meeting_get(s, m.id, &mg), STORE_OK);
	assert_string_equal(mg.status, "cancelled");
	assert_int_equal(mg.version, 3);
	meeting_rec_free(&mg);
	assert_int_equal(store_meeting_cancel(s, m.id, 1), STORE_NOTFOUND);
}

static int
count_audit(const struct audit_rec *r, void *arg)
{
	(void)r;
	(*(int *)arg)++;
	return 0;
}

static void
test_audit_guidance_settings_lease(void **state)
{
	struct store	   *s = *state;
	struct guidance_rec g = { 0 }, got;
	char		   *v;
	int		    n = 0;

	assert_int_equal(store_audit(s, 100, "staff", "inger", "show_citizen",
			     0, "mentorctl", NULL),
	    STORE_OK);
	assert_int_equal(store_audit(s, 100, "robot", "x", "y", 0, NULL, NULL),
	    STORE_CONSTRAINT);
	assert_int_equal(store_audit_list(s, 0, count_audit, &n), STORE_OK);
	assert_int_equal(n, 1);

	g.key = (char *)"default";
	snprintf(g.language, sizeof(g.language), "da");
	g.title = (char *)"Sådan klager du";
	g.appeal = (char *)"a";
	g.dissatisfaction = (char *)"b";
	g.help = (char *)"c";
	assert_int_equal(store_guidance_set(s, &g, 1), STORE_OK);
	assert_int_equal(
	    store_guidance_get(s, "default", "en", &got), STORE_OK);
	assert_string_equal(got.language, "da"); /* falls back */
	guidance_rec_free(&got);

	assert_int_equal(store_setting_get(s, "x", &v), STORE_OK);
	assert_null(v);
	assert_int_equal(store_setting_set(s, "x", "1"), STORE_OK);
	assert_int_equal(store_setting_get(s, "x", &v), STORE_OK);
	assert_string_equal(v, "1");
	free(v);

	assert_int_equal(
	    store_lease_acquire(s, "sender", "a", 1000, 30), STORE_OK);
	assert_int_equal(
	    store_lease_acquire(s, "sender", "b", 1010, 30), STORE_HELD);
	assert_int_equal(
	    store_lease_acquire(s, "sender", "a", 1020, 30), STORE_OK);
	assert_int_equal(
	    store_lease_acquire(s, "sender", "b", 1051, 30), STORE_OK);
	assert_int_equal(store_lease_release(s, "sender", "b"), STORE_OK);
	assert_int_equal(
	    store_lease_acquire(s, "sender", "a", 1052, 30), STORE_OK);
}

static void
test_outbox_queue(void **state)
{
	struct store	 *s = *state;
	struct outbox_msg m = { 0 };
	int64_t		  id1, id2;

	m.recipient = "+4520000101";
	m.body = "Husk dit møde i morgen kl. 10:00. Mvh. Herlev Kommune";
	m.purpose = "reminder";
	m.dedupe_key = "reminder:1:day_before@16:00:1";
	m.send_by = 2000;
	assert_int_equal(store_outbox_queue(s, &m, 1000, &id1), STORE_OK);
	assert_true(id1 > 0);
	/* The same dedupe key again: a duplicate, nothing queued. */
	assert_int_equal(
	    store_outbox_queue(s, &m, 1000, &id2), STORE_DUPLICATE);
	/* Other rules that say no are errors, not duplicates. */
	m.dedupe_key = "reminder:1:day_before@16:00:2";
	m.citizen_id = 999999; /* FOREIGN KEY */
	assert_int_equal(
	    store_outbox_queue(s, &m, 1000, NULL), STORE_CONSTRAINT);
	m.citizen_id = 0;
	m.recipient = "20000101"; /* CHECK: not E.164 */
	assert_int_equal(
	    store_outbox_queue(s, &m, 1000, NULL), STORE_CONSTRAINT);
	m.recipient = "+4520000101";
	assert_int_equal(store_outbox_queue(s, &m, 1000, &id2), STORE_OK);
	assert_true(id2 > id1);
	m.dedupe_key = NULL;
	m.purpose = "no-such-purpose";
	assert_int_equal(
	    store_outbox_queue(s, &m, 1000, NULL), STORE_CONSTRAINT);
	m.purpose = "login_code";
	m.body = "\xff\xfe";
	assert_int_equal(
	    store_outbox_queue(s, &m, 1000, NULL), STORE_CONSTRAINT);
	assert_true(outbox_priority("login_code") < outbox_priority("contact"));
	assert_true(outbox_priority("contact") < outbox_priority("reminder"));
}

/*
 * A meeting once moved stays "moved" when an import (which says
 * "planned") brings the same time again: no new version, so the citizen
 * is not told again.
 */
static void
test_meeting_reimport_moved(void **state)
{
	struct store	    *s = *state;
	struct agreement_rec a = { 0 };
	struct meeting_rec   m = { 0 };

	a.external_id = (char *)"a-re";
	a.citizen_id = add_citizen(s, "c-re", "Re", 'r');
	assert_int_equal(store_agreement_upsert(s, &a), STORE_OK);
	m.external_id = (char *)"m-re";
	m.agreement_id = a.id;
	m.starts_at = 1795100000;
	m.ends_at = 1795103600;
	assert_int_equal(store_meeting_upsert(s, &m), STORE_OK);
	move_hour_later(s, &m);
	/* The same import again: still "planned" in the file. */
	snprintf(m.status, sizeof(m.status), "planned");
	assert_int_equal(store_meeting_upsert(s, &m), STORE_OK);
	assert_int_equal(m.version, 2);
	assert_string_equal(m.status, "moved");
}

/* updated_at of the row of table with external id ext (own connection). */
static int64_t
updated_at(const char *table, const char *ext)
{
	char sql[160];

	snprintf(sql, sizeof(sql),
	    "SELECT updated_at FROM %s WHERE external_id = '%s'", table, ext);
	return test_db_int(dbpath, sql);
}

/*
 * An upsert that would leave a row as it is writes nothing (updated_at
 * stays); one changed column - one the index or the version ignore too -
 * is still stored.  The import of a file again rests on both.
 */
static void
test_upsert_unchanged(void **state)
{
	struct store	    *s = *state;
	struct citizen_rec   c = { 0 };
	struct agreement_rec a = { 0 }, got;
	struct meeting_rec   m = { 0 }, mg;
	char		    *tasks[] = { "Møde", "Post" };

	clock_set(1000);
	c.external_id = (char *)"c-un";
	c.given_name = (char *)"Una";
	memset(c.cpr_hash, 'u', 64);
	snprintf(c.language, sizeof(c.language), "da");
	assert_int_equal(store_citizen_upsert(s, &c), STORE_OK);
	a.external_id = (char *)"a-un";
	a.citizen_id = c.id;
	a.tasks = tasks;
	a.ntasks = 2;
	snprintf(a.status, sizeof(a.status), "active");
	assert_int_equal(store_agreement_upsert(s, &a), STORE_OK);
	m.external_id = (char *)"m-un";
	m.agreement_id = a.id;
	m.starts_at = 1795000000;
	m.ends_at = 1795003600;
	assert_int_equal(store_meeting_upsert(s, &m), STORE_OK);

	clock_set(2000); /* the same again: nothing written */
	assert_int_equal(store_citizen_upsert(s, &c), STORE_OK);
	assert_int_equal(store_agreement_upsert(s, &a), STORE_OK);
	assert_int_equal(store_meeting_upsert(s, &m), STORE_OK);
	assert_int_equal(updated_at("citizen", "c-un"), 1000);
	assert_int_equal(updated_at("agreement", "a-un"), 1000);
	assert_int_equal(updated_at("meeting", "m-un"), 1000);
	assert_true(c.id > 0 && a.id > 0 && m.id > 0);
	assert_int_equal(a.activated_at, 1000);
	assert_int_equal(m.version, 1);

	/* One column each: stored. */
	c.mobile = (char *)"+4520000199";
	assert_int_equal(store_citizen_upsert(s, &c), STORE_OK);
	assert_int_equal(updated_at("citizen", "c-un"), 2000);
	a.caseworker_id = add_staff(s, "s-un", "Uffe", NULL);
	assert_int_equal(store_agreement_upsert(s, &a), STORE_OK);
	assert_int_equal(updated_at("agreement", "a-un"), 2000);
	snprintf(m.kind, sizeof(m.kind), "other");
	assert_int_equal(store_meeting_upsert(s, &m), STORE_OK);
	assert_int_equal(updated_at("meeting", "m-un"), 2000);
	assert_int_equal(m.version, 1); /* the kind is no new version */
	assert_int_equal(store_meeting_get(s, m.id, &mg), STORE_OK);
	assert_string_equal(mg.kind, "other");
	meeting_rec_free(&mg);

	/* Tasks: a changed text, then one fewer, are stored. */
	tasks[1] = (char *)"Breve";
	assert_int_equal(store_agreement_upsert(s, &a), STORE_OK);
	assert_int_equal(
	    store_agreement_by_external(s, "a-un", &got), STORE_OK);
	assert_int_equal(got.ntasks, 2);
	assert_string_equal(got.tasks[1], "Breve");
	agreement_rec_free(&got);
	a.ntasks = 1;
	assert_int_equal(store_agreement_upsert(s, &a), STORE_OK);
	assert_int_equal(
	    store_agreement_by_external(s, "a-un", &got), STORE_OK);
	assert_int_equal(got.ntasks, 1);
	assert_string_equal(got.tasks[0], "Møde");
	agreement_rec_free(&got);
	a.ntasks = 2;
	assert_int_equal(store_agreement_upsert(s, &a), STORE_OK);
	assert_int_equal(
	    store_agreement_by_external(s, "a-un", &got), STORE_OK);
	assert_int_equal(got.ntasks, 2);
	agreement_rec_free(&got);
	clock_set(0);
}

struct nest {
	struct store *s;
	int	      outer, inner, depth;
};

static int
nest_inner(const struct staff_rec *r, void *arg)
{
	struct nest *n = arg;

	(void)r;
	n->inner++;
	return n->inner > 1000; /* a runaway loop stops the test */
}

static int
nest_outer(const struct staff_rec *r, void *arg)
{
	struct nest *n = arg;

	(void)r;
	n->outer++;
	assert_int_equal(store_staff_list(n->s, nest_inner, n), STORE_OK);
	return n->outer > 1000;
}

static int
count_staff(const struct staff_rec *r, void *arg)
{
	(void)r;
	(*(int *)arg)++;
	return 0;
}

/*
 * A list callback may call the same list function: the cached statement
 * of the outer walk must not be reset under it.
 */
static void
test_nested_list(void **state)
{
	struct store *s = *state;
	struct nest   n = { s, 0, 0, 0 };
	int	      total = 0;

	add_staff(s, "s-n1", "N1", NULL);
	add_staff(s, "s-n2", "N2", NULL);
	add_staff(s, "s-n3", "N3", NULL);
	assert_int_equal(store_staff_list(s, count_staff, &total), STORE_OK);
	assert_true(total >= 3);
	assert_int_equal(store_staff_list(s, nest_outer, &n), STORE_OK);
	assert_int_equal(n.outer, total);
	assert_int_equal(n.inner, total * total);
	/* And the statement still works on its own afterwards. */
	n.inner = 0;
	assert_int_equal(store_staff_list(s, nest_inner, &n), STORE_OK);
	assert_int_equal(n.inner, total);
}

struct opener {
	const char    *path;
	enum store_err e;
	char	       err[256];
};

static void *
open_thread(void *arg)
{
	struct opener *o = arg;
	struct store  *s = NULL;

	o->e = store_open(o->path, 0, &s, o->err, sizeof(o->err));
	store_close(s);
	return NULL;
}

/*
 * Two programs start on a fresh file: the one that waited for the write
 * lock finds the schema already there and must not apply it again.
 */
static void
test_migration_race(void **state)
{
	struct opener o = { 0 };
	pthread_t     t;
	sqlite3	     *db;
	char	      path[160], sql[200];
	size_t	      i;

	(void)state;
	snprintf(path, sizeof(path), "%s/race.db", dir);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(
	    sqlite3_exec(db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL),
	    SQLITE_OK);
	assert_int_equal(
	    sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK);
	o.path = path;
	assert_int_equal(pthread_create(&t, NULL, open_thread, &o), 0);
	usleep(300 * 1000); /* it has read version 0 and waits for the lock */
	for (i = 0; i < schema_migrations_count; i++)
		assert_int_equal(sqlite3_exec(db, schema_migrations[i].sql,
				     NULL, NULL, NULL),
		    SQLITE_OK);
	snprintf(sql, sizeof(sql),
	    "PRAGMA user_version = %d; PRAGMA "
	    "application_id = %d",
	    store_schema_latest(), SCHEMA_APPLICATION_ID);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(
	    sqlite3_exec(db, "COMMIT", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(pthread_join(t, NULL), 0);
	sqlite3_close(db);
	if (o.e != STORE_OK)
		fail_msg("second opener: %s", o.err);
	snprintf(sql, sizeof(sql), "%s-wal", path);
	unlink(sql);
	snprintf(sql, sizeof(sql), "%s-shm", path);
	unlink(sql);
	unlink(path);
}

static void
test_transactions(void **state)
{
	struct store	*s = *state;
	struct staff_rec st;

	assert_int_equal(store_begin(s), STORE_OK);
	assert_int_equal(store_begin(s), STORE_OK); /* nested */
	add_staff(s, "s-tx", "Tx", NULL);
	assert_int_equal(store_commit(s), STORE_OK);
	store_rollback(s);
	assert_int_equal(
	    store_staff_by_external(s, "s-tx", &st), STORE_NOTFOUND);
}

/*
 * The checkpoint thread: commits on an attached connection that take the
 * WAL past the limit wake it, and it copies the pages back into the
 * database file (SQLite's own automatic checkpoint, at 4,000 pages, would
 * not have run for these few commits).
 */
static void
test_checkpoint_thread(void **state)
{
	struct store_ckpt *ck;
	struct store	  *s;
	struct stat	   sb;
	char		   path[160], err[256], name[32], value[200];
	off_t		   before;
	int		   i;

	(void)state;
	snprintf(path, sizeof(path), "%s/ckpt.db", dir);
	assert_int_equal(
	    store_open(path, STORE_CREATE, &s, err, sizeof(err)), STORE_OK);
	assert_int_equal(stat(path, &sb), 0);
	before = sb.st_size;
	ck = store_ckpt_start(path, 16, err, sizeof(err));
	assert_non_null(ck);
	store_ckpt_attach(ck, s);
	memset(value, 'v', sizeof(value) - 1);
	value[sizeof(value) - 1] = '\0';
	for (i = 0; i < 400; i++) {
		snprintf(name, sizeof(name), "ckpt-%d", i);
		assert_int_equal(store_setting_set(s, name, value), STORE_OK);
	}
	for (i = 0; i < 500 && store_ckpt_runs(ck) == 0; i++)
		usleep(10000);
	assert_true(store_ckpt_runs(ck) > 0);
	for (i = 0; i < 500; i++) {
		assert_int_equal(stat(path, &sb), 0);
		if (sb.st_size > before)
			break;
		usleep(10000);
	}
	assert_true(sb.st_size > before);
	store_close(s);
	store_ckpt_stop(ck);
	assert_null(
	    store_ckpt_start("/nonexistent/ckpt.db", 16, err, sizeof(err)));
	assert_non_null(strstr(err, "mentorctl init"));
	unlink(path);
	snprintf(path, sizeof(path), "%s/ckpt.db-wal", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/ckpt.db-shm", dir);
	unlink(path);
}

/* The size of file path, -1 when it does not exist. */
static off_t
file_size(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == -1 ? -1 : sb.st_size;
}

/*
 * A reader that keeps an old state open lets the WAL grow past its bound
 * (it must keep what the reader reads); once the reader lets go, the
 * checkpoint thread starts the WAL over and the next commit shrinks the
 * file back to the bound (journal_size_limit: 3 x pages x page size).
 */
static void
test_wal_shrinks_after_reader(void **state)
{
	struct store_ckpt *ck;
	struct store	  *s;
	sqlite3		  *reader;
	char		   path[160], wal[170], err[256], name[32];
	char		   value[1000];
	const off_t	   bound = 64 * 3 * 4096;
	off_t		   grown, size = -1;
	int		   i;

	(void)state;
	snprintf(path, sizeof(path), "%s/wal.db", dir);
	snprintf(wal, sizeof(wal), "%s-wal", path);
	assert_int_equal(
	    store_open(path, STORE_CREATE, &s, err, sizeof(err)), STORE_OK);
	assert_non_null(ck = store_ckpt_start(path, 64, err, sizeof(err)));
	store_ckpt_attach(ck, s);
	/* The long reader: a read transaction left open. */
	assert_int_equal(
	    sqlite3_open_v2(path, &reader, SQLITE_OPEN_READONLY, NULL),
	    SQLITE_OK);
	assert_int_equal(sqlite3_exec(reader,
			     "BEGIN; SELECT count(*) FROM "
			     "setting",
			     NULL, NULL, NULL),
	    SQLITE_OK);
	memset(value, 'w', sizeof(value) - 1);
	value[sizeof(value) - 1] = '\0';
	for (i = 0; i < 3000; i++) {
		snprintf(name, sizeof(name), "wal-%d", i % 1500);
		assert_int_equal(store_setting_set(s, name, value), STORE_OK);
	}
	grown = file_size(wal);
	assert_true(grown > 2 * bound);
	/* The reader lets go; writing goes on; the WAL shrinks. */
	assert_int_equal(
	    sqlite3_exec(reader, "COMMIT", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(reader);
	for (i = 0; i < 1000; i++) {
		snprintf(name, sizeof(name), "wal-%d", i % 10);
		assert_int_equal(store_setting_set(s, name, "x"), STORE_OK);
		if ((size = file_size(wal)) <= bound)
			break;
		usleep(5000);
	}
	fprintf(stderr,
	    "wal: %lld bytes during the reader, %lld after "
	    "(bound %lld)\n",
	    (long long)grown, (long long)size, (long long)bound);
	assert_true(size <= bound);
	store_close(s);
	store_ckpt_stop(ck);
	unlink(path);
	unlink(wal);
	snprintf(wal, sizeof(wal), "%s-shm", path);
	unlink(wal);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_open_and_version),
		cmocka_unit_test(test_refuse_missing_foreign_newer),
		cmocka_unit_test(test_people),
		cmocka_unit_test(test_agreement_and_meetings),
		cmocka_unit_test(test_audit_guidance_settings_lease),
		cmocka_unit_test(test_outbox_queue),
		cmocka_unit_test(test_transactions),
		cmocka_unit_test(test_meeting_reimport_moved),
		cmocka_unit_test(test_upsert_unchanged),
		cmocka_unit_test(test_nested_list),
		cmocka_unit_test(test_migration_race),
		cmocka_unit_test(test_checkpoint_thread),
		cmocka_unit_test(test_wal_shrinks_after_reader),
	};

	clock_set(1795000000);
	return cmocka_run_group_tests_name("store", tests, setup, teardown);
}
