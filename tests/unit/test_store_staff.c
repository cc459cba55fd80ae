/*
 * test_store_staff.c - unit tests for shared/store_staff.c: logins
 * (lower-cased, unique), roles, the role names, and migration 0006 on a
 * database that already has staff and agreements; and for the citizen
 * side of 0006, shared/store_citizen.c: update, erase, purge.
 */
#include <sys/stat.h>

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "buf.h"
#include "citizen_export.h"
#include "clock.h"
#include "schema.h"
#include "store.h"
#include "store_citizen.h"
#include "store_staff.h"
#include "test_db.h"

static char dir[64], dbpath[128];

static int
setup(void **state)
{
	struct store *s;
	char	      err[256];

	snprintf(dir, sizeof(dir), "/tmp/test-store-staff-XXXXXX");
	if (mkdtemp(dir) == NULL)
		return -1;
	snprintf(dbpath, sizeof(dbpath), "%s/t.db", dir);
	if (store_open(dbpath, STORE_CREATE, &s, err, sizeof(err)) != STORE_OK)
		return -1;
	*state = s;
	return 0;
}

static int
teardown(void **state)
{
	return test_db_remove(*state, dir, dbpath);
}

/* Insert a staff member with this external id; returns its id. */
static int64_t
add_staff(struct store *s, const char *ext, int caseworker)
{
	struct staff_rec r;

	memset(&r, 0, sizeof(r));
	r.external_id = (char *)ext;
	r.name = (char *)ext;
	r.mobile = "+4520000001";
	r.is_caseworker = caseworker;
	assert_int_equal(store_staff_insert(s, &r), STORE_OK);
	return r.id;
}

static void
test_login(void **state)
{
	struct store	     *s = *state;
	struct staff_identity who;
	int64_t		      anna, bo;
	char		      longname[STAFF_LOGIN_MAX + 2];

	anna = add_staff(s, "anna", 0);
	bo = add_staff(s, "bo", 0);
	assert_int_equal(store_staff_by_login(s, "anna", &who), STORE_NOTFOUND);
	assert_int_equal(
	    store_staff_set_login(s, anna, "Anna@Kommune.DK"), STORE_OK);
	assert_int_equal(
	    store_staff_by_login(s, "ANNA@kommune.dk", &who), STORE_OK);
	assert_int_equal(who.id, anna);
	assert_string_equal(who.login, "anna@kommune.dk");
	assert_string_equal(who.name, "anna");
	assert_string_equal(who.mobile, "+4520000001");
	assert_int_equal(who.roles, STAFF_ROLE_MENTOR);
	assert_null(who.away_from);
	assert_int_equal(who.deputy_id, 0);
	staff_identity_free(&who);

	/* Unique, whatever the case. */
	assert_int_equal(
	    store_staff_set_login(s, bo, "anna@KOMMUNE.dk"), STORE_CONSTRAINT);
	assert_int_equal(store_staff_set_login(s, bo, ""), STORE_CONSTRAINT);
	memset(longname, 'a', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	assert_int_equal(
	    store_staff_set_login(s, bo, longname), STORE_CONSTRAINT);
	assert_int_equal(
	    store_staff_by_login(s, longname, &who), STORE_NOTFOUND);
	assert_int_equal(store_staff_by_login(s, "", &who), STORE_NOTFOUND);
	assert_int_equal(store_staff_by_login(s, NULL, &who), STORE_NOTFOUND);
	assert_int_equal(store_staff_set_login(s, 9999, "x"), STORE_NOTFOUND);

	/* Cleared, then free for another. */
	assert_int_equal(store_staff_set_login(s, anna, NULL), STORE_OK);
	assert_int_equal(
	    store_staff_by_login(s, "anna@kommune.dk", &who), STORE_NOTFOUND);
	assert_int_equal(
	    store_staff_set_login(s, bo, "anna@kommune.dk"), STORE_OK);
	assert_int_equal(store_staff_identity(s, bo, &who), STORE_OK);
	assert_string_equal(who.login, "anna@kommune.dk");
	staff_identity_free(&who);
}

/*
 * Give staff member id the roles, then clear is_caseworker the old way
 * (an upsert, as staff edit and an import do); the roles that are left.
 */
static int
roles_without_caseworker(struct store *s, int64_t id, int roles)
{
	struct staff_rec      r;
	struct staff_identity who;
	int		      left;

	assert_int_equal(store_staff_set_roles(s, id, roles), STORE_OK);
	assert_int_equal(store_staff_get(s, id, &r), STORE_OK);
	r.is_caseworker = 0;
	assert_int_equal(store_staff_upsert(s, &r), STORE_OK);
	staff_rec_free(&r);
	assert_int_equal(store_staff_identity(s, id, &who), STORE_OK);
	left = who.roles;
	staff_identity_free(&who);
	return left;
}

static void
test_roles(void **state)
{
	struct store	     *s = *state;
	struct staff_identity who;
	struct staff_rec      r;
	int64_t		      id, cw;

	id = add_staff(s, "carl", 0);
	assert_int_equal(store_staff_set_roles(s, id,
			     STAFF_ROLE_MENTOR | STAFF_ROLE_CASEWORKER |
				 STAFF_ROLE_COORDINATOR),
	    STORE_OK);
	assert_int_equal(store_staff_get(s, id, &r), STORE_OK);
	assert_int_equal(r.is_caseworker, 1);
	staff_rec_free(&r);
	assert_int_equal(
	    store_staff_set_roles(s, id, STAFF_ROLE_COORDINATOR), STORE_OK);
	assert_int_equal(store_staff_get(s, id, &r), STORE_OK);
	assert_int_equal(r.is_caseworker, 0);
	staff_rec_free(&r);
	assert_int_equal(store_staff_set_roles(s, id, 0), STORE_CONSTRAINT);
	assert_int_equal(store_staff_set_roles(s, id, 16), STORE_CONSTRAINT);
	assert_int_equal(store_staff_set_roles(s, 9999, 1), STORE_NOTFOUND);
	assert_int_equal(store_staff_identity(s, id, &who), STORE_OK);
	assert_int_equal(who.roles, STAFF_ROLE_COORDINATOR);
	staff_identity_free(&who);

	/* The old way (--caseworker, an import's "caseworker") gives the role. */
	cw = add_staff(s, "dorte", 1);
	assert_int_equal(store_staff_identity(s, cw, &who), STORE_OK);
	assert_int_equal(who.roles, STAFF_ROLE_CASEWORKER);
	staff_identity_free(&who);
	assert_int_equal(roles_without_caseworker(s, cw,
			     STAFF_ROLE_CASEWORKER | STAFF_ROLE_COORDINATOR),
	    STAFF_ROLE_COORDINATOR);
	assert_int_equal(roles_without_caseworker(s, cw, STAFF_ROLE_CASEWORKER),
	    STAFF_ROLE_MENTOR);
	/* The desk role (0007) is kept when the caseworker bit goes. */
	assert_int_equal(roles_without_caseworker(
			     s, cw, STAFF_ROLE_CASEWORKER | STAFF_ROLE_DESK),
	    STAFF_ROLE_DESK);
	assert_int_equal(
	    store_staff_set_roles(s, cw, STAFF_ROLES_ALL), STORE_OK);
}

static void
test_role_names(void **state)
{
	char buf[40];
	int  roles;

	(void)state;
	assert_string_equal(
	    staff_role_name(STAFF_ROLE_CASEWORKER), "caseworker");
	assert_null(staff_role_name(3));
	assert_int_equal(staff_roles_parse("mentor,coordinator", &roles), 0);
	assert_int_equal(roles, STAFF_ROLE_MENTOR | STAFF_ROLE_COORDINATOR);
	assert_int_equal(staff_roles_parse(" caseworker , mentor", &roles), 0);
	assert_int_equal(roles, STAFF_ROLE_MENTOR | STAFF_ROLE_CASEWORKER);
	assert_int_equal(staff_roles_parse("mentor,,coordinator", &roles), -1);
	assert_int_equal(staff_roles_parse("", &roles), -1);
	assert_int_equal(staff_roles_parse("admin", &roles), -1);
	assert_int_equal(staff_roles_parse("Mentor", &roles), -1);
	assert_string_equal(staff_roles_format(7, buf, sizeof(buf)),
	    "mentor,caseworker,coordinator");
	assert_string_equal(
	    staff_roles_format(4, buf, sizeof(buf)), "coordinator");
	assert_int_equal(staff_roles_parse("desk", &roles), 0);
	assert_int_equal(roles, STAFF_ROLE_DESK);
	assert_string_equal(staff_role_name(STAFF_ROLE_DESK), "desk");
	assert_string_equal(staff_roles_format(15, buf, sizeof(buf)),
	    "mentor,caseworker,coordinator,desk");
	assert_string_equal(staff_roles_format(3, buf, 8), "mentor");
	assert_int_equal(staff_login_fold("AbC", buf, 4), 0);
	assert_string_equal(buf, "abc");
	assert_int_equal(staff_login_fold("AbCd", buf, 4), -1);
	assert_string_equal(buf, "");
}

/* Run one statement on the raw database. */
static void
raw(sqlite3 *db, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("%s: %s", sql, msg);
}

/*
 * A version 4 database with a plain mentor, a marked caseworker, one who
 * is caseworker only on an agreement, and one who is both: migration
 * 0006 gives each the roles they had in practice.
 */
static void
test_migration_roles(void **state)
{
	struct store	     *s = *state;
	struct staff_identity who;
	sqlite3		     *db;
	size_t		      i;
	char		      err[256], pragma[80];
	static const int      want[] = { 1, 2, 2, 3 };

	store_close(s);
	*state = NULL;
	unlink(dbpath);
	assert_int_equal(sqlite3_open(dbpath, &db), SQLITE_OK);
	for (i = 0;
	     i < schema_migrations_count && schema_migrations[i].version <= 4;
	     i++)
		raw(db, schema_migrations[i].sql);
	snprintf(pragma, sizeof(pragma),
	    "PRAGMA user_version = 4; "
	    "PRAGMA application_id = %d",
	    SCHEMA_APPLICATION_ID);
	raw(db, pragma);
	raw(db,
	    "INSERT INTO staff (id, external_id, name, is_caseworker, "
	    "created_at, updated_at) VALUES (1, 'm', 'M', 0, 1, 1), "
	    "(2, 'c', 'C', 1, 1, 1), (3, 'a', 'A', 0, 1, 1), "
	    "(4, 'b', 'B', 1, 1, 1)");
	raw(db,
	    "INSERT INTO citizen (id, external_id, cpr_hash, given_name, "
	    "created_at, updated_at) VALUES (1, 'x', printf('%064d', 1), "
	    "'X', 1, 1)");
	raw(db,
	    "INSERT INTO agreement (external_id, citizen_id, mentor_id, "
	    "caseworker_id, created_at, updated_at) VALUES "
	    "('g1', 1, 1, 3, 1, 1), ('g2', 1, 4, 4, 1, 1)");
	sqlite3_close(db);

	assert_int_equal(store_open(dbpath, 0, &s, err, sizeof(err)), STORE_OK);
	*state = s;
	for (i = 0; i < 4; i++) {
		assert_int_equal(
		    store_staff_identity(s, (int64_t)i + 1, &who), STORE_OK);
		assert_int_equal(who.roles, want[i]);
		assert_null(who.login);
		staff_identity_free(&who);
	}
}

/* A citizen with an active agreement, a meeting and an audit row. */
static int64_t
erase_fixture(struct store *s, int64_t *agreement)
{
	struct citizen_rec   c;
	struct agreement_rec a;
	struct meeting_rec   m;

	memset(&c, 0, sizeof(c));
	c.external_id = "c-ida";
	memset(c.cpr_hash, 'a', 64);
	c.given_name = "Ida";
	c.mobile = "+4520000777";
	assert_int_equal(store_citizen_insert(s, &c), STORE_OK);
	memset(&a, 0, sizeof(a));
	a.external_id = "a-ida";
	a.citizen_id = c.id;
	snprintf(a.status, sizeof(a.status), "active");
	assert_int_equal(store_agreement_upsert(s, &a), STORE_OK);
	memset(&m, 0, sizeof(m));
	m.external_id = "m-ida";
	m.agreement_id = a.id;
	m.starts_at = 1795100000;
	m.ends_at = 1795103600;
	assert_int_equal(store_meeting_upsert(s, &m), STORE_OK);
	assert_int_equal(store_audit(s, 1, "staff", "tester", "show_citizen",
			     c.id, "mentorctl", NULL),
	    STORE_OK);
	*agreement = a.id;
	return c.id;
}

/* citizen_export() of the fixture, and its file. */
static void
export_check(struct store *s, int64_t id)
{
	struct buf  out = { 0 };
	struct stat sb;
	size_t	    n;
	char	    path[160];

	assert_int_equal(citizen_export(s, id, &out, &n), STORE_OK);
	assert_int_equal(n, 4); /* citizen, agreement, meeting, audit */
	assert_non_null(strstr(buf_str(&out),
	    "{\"type\":\"citizen\",\"id\":"
	    "\"c-ida\",\"given_name\":\"Ida Marie\""));
	assert_non_null(strstr(buf_str(&out),
	    "\"id\":\"m-ida\",\"starts\":"
	    "\"2026-11-19T"));
	assert_non_null(strstr(buf_str(&out), "\"type\":\"audit\""));
	snprintf(path, sizeof(path), "%s/export.jsonl", dir);
	assert_int_equal(citizen_export_write(path, &out), 0);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_int_equal((size_t)sb.st_size, out.len);
	assert_int_equal(citizen_export_write(path, &out), -1);
	assert_int_equal(errno, EEXIST);
	unlink(path);
	assert_int_equal(citizen_export(s, 9999, &out, &n), STORE_NOTFOUND);
	buf_free(&out);
}

static void
test_citizen_erase(void **state)
{
	struct store	     *s = *state;
	struct erase_blockers b;
	struct erase_counts   n;
	struct citizen_rec    c;
	sqlite3		     *db;
	int64_t		      id, agreement, gone;

	id = erase_fixture(s, &agreement);
	assert_int_equal(store_citizen_get(s, id, &c), STORE_OK);
	free(c.given_name);
	c.given_name = strdup("Ida Marie");
	c.reminders_on = 0;
	assert_int_equal(store_citizen_update(s, &c), STORE_OK);
	citizen_rec_free(&c);
	assert_int_equal(store_citizen_get(s, id, &c), STORE_OK);
	assert_string_equal(c.given_name, "Ida Marie");
	assert_int_equal(c.reminders_on, 0);
	citizen_rec_free(&c);

	assert_int_equal(store_citizen_erase_blockers(s, id, &b), STORE_OK);
	assert_int_equal(b.agreements, 1);
	assert_int_equal(b.erased, 0);
	assert_int_equal(
	    store_citizen_erase_blockers(s, 9999, &b), STORE_NOTFOUND);
	assert_int_equal(store_citizen_erase_blockers(s, id, &b), STORE_OK);
	assert_non_null(strstr(citizen_erase_refusal(&b), "not ended"));
	assert_int_equal(
	    store_agreement_set_status(s, agreement, "ended", 2), STORE_OK);
	assert_int_equal(store_citizen_erase_blockers(s, id, &b), STORE_OK);
	assert_int_equal(b.agreements + b.open_requests + b.sending, 0);
	assert_null(citizen_erase_refusal(&b));
	export_check(s, id);

	assert_int_equal(store_citizen_erase(s, id, 100, &n), STORE_OK);
	assert_int_equal(n.agreements, 1);
	assert_int_equal(n.meetings, 1);
	assert_int_equal(store_citizen_get(s, id, &c), STORE_OK);
	assert_string_equal(c.given_name, "-");
	assert_null(c.mobile);
	assert_string_equal(c.external_id, "#erased-1");
	assert_int_equal(store_citizen_update(s, &c), STORE_NOTFOUND);
	citizen_rec_free(&c);
	assert_int_equal(store_citizen_erase_blockers(s, id, &b), STORE_OK);
	assert_int_equal(b.erased, 1);
	assert_int_equal(store_citizen_erase(s, id, 101, &n), STORE_NOTFOUND);

	/* Kept while an audit row is about the citizen, then purged. */
	assert_int_equal(store_citizen_erased_purge(s, &gone), STORE_OK);
	assert_int_equal(gone, 0);
	assert_int_equal(sqlite3_open(dbpath, &db), SQLITE_OK);
	raw(db, "DELETE FROM audit");
	sqlite3_close(db);
	assert_int_equal(store_citizen_erased_purge(s, &gone), STORE_OK);
	assert_int_equal(gone, 1);
	assert_int_equal(store_citizen_get(s, id, &c), STORE_NOTFOUND);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_login, setup, teardown),
		cmocka_unit_test_setup_teardown(test_roles, setup, teardown),
		cmocka_unit_test(test_role_names),
		cmocka_unit_test_setup_teardown(
		    test_migration_roles, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_citizen_erase, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
