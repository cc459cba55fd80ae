/*
 * it_staffdata - mentorctl's staff logins and roles and its edits, as a
 * black box: staff add|edit --login --roles, import of login and roles,
 * citizen edit, agreement edit, meeting edit, citizen erase.  Every bad
 * input gets one clear error line and leaves the database as it was;
 * every change writes its audit row.  Runs from the top of the source
 * tree (demo/demo.json).
 */
#include <sys/stat.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "buf.h"
#include "harness.h"

#define DEMO "demo/demo.json"

/* The first column of the first row of sql as text into out ("" NULL). */
static void
query(struct harness *h, const char *sql, char *out, size_t len)
{
	sqlite3	     *db;
	sqlite3_stmt *st;
	const char   *v;

	if (sqlite3_open_v2(h->db, &db, SQLITE_OPEN_READONLY, NULL) !=
		SQLITE_OK ||
	    sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db));
	out[0] = '\0';
	if (sqlite3_step(st) == SQLITE_ROW &&
	    (v = (const char *)sqlite3_column_text(st, 0)) != NULL)
		snprintf(out, len, "%s", v);
	sqlite3_finalize(st);
	sqlite3_close(db);
}

/* The integer answer of sql. */
static long long
count(struct harness *h, const char *sql)
{
	char v[64];

	query(h, sql, v, sizeof(v));
	return strtoll(v, NULL, 10);
}

/*
 * A fingerprint of everything an edit may change (not the audit): equal
 * before and after a refused command.
 */
static void
snapshot(struct harness *h, char *out, size_t len)
{
	query(h,
	    "SELECT group_concat(x, '|') FROM ("
	    "SELECT json_array(id, external_id, name, mobile, email, login, "
	    "roles, is_caseworker, deputy_id, away_from) AS x FROM staff "
	    "UNION ALL SELECT json_array(id, external_id, given_name, mobile, "
	    "language, reminders_on, erased_at) FROM citizen "
	    "UNION ALL SELECT json_array(id, goal, starts_on, ends_on, "
	    "hours_amount, status, mentor_id) FROM agreement "
	    "UNION ALL SELECT json_array(agreement_id, position, text) "
	    "FROM agreement_task "
	    "UNION ALL SELECT json_array(id, place, place_in_sms, kind, status, "
	    "version) FROM meeting "
	    "UNION ALL SELECT json_array(count(*)) FROM sms_outbox)",
	    out, len);
}

/* Run a command that must fail with status want, "what" in its error,
 * and no change stored nor audited. */
static void
refused(struct harness *h, int want, const char *what, ...)
{
	struct ctl_run r = { 0 };
	const char    *args[32];
	char	       before[65536], after[65536];
	long long      audit;
	va_list	       ap;
	size_t	       n = 0;

	snapshot(h, before, sizeof(before));
	audit = count(h, "SELECT count(*) FROM audit");
	va_start(ap, what);
	while (n < 31 && (args[n] = va_arg(ap, const char *)) != NULL)
		n++;
	va_end(ap);
	args[n] = NULL;
	r.status = harness_run(h, "mentorctl", 1, args, &r.out, &r.err);
	if (r.status != want || strstr(buf_str(&r.err), what) == NULL)
		fail_msg("%s %s: status %d, stderr \"%s\" (wanted %d, \"%s\")",
		    args[0], args[1], r.status, buf_str(&r.err), want, what);
	assert_string_equal(buf_str(&r.out), "");
	snapshot(h, after, sizeof(after));
	assert_string_equal(before, after);
	assert_int_equal(count(h, "SELECT count(*) FROM audit"), audit);
	harness_ctl_free(&r);
}

/* staff add and edit: login (lower-cased, unique) and roles. */
static void
test_staff_login_roles(void **state)
{
	struct harness *h = *state;
	struct ctl_run	r = { 0 };
	char		v[200];

	/* The demo's caseworkers are caseworkers, the mentors mentors. */
	assert_int_equal(count(h,
			     "SELECT roles FROM staff WHERE "
			     "external_id = 's-bo'"),
	    2);
	assert_int_equal(count(h,
			     "SELECT roles FROM staff WHERE "
			     "external_id = 's-inger'"),
	    1);
	harness_ctl(h, &r, "staff", "add", "--id", "s-kim", "--name",
	    "Kim Lund", "--login", "Kim.Lund@Kommune.DK", "--roles",
	    "mentor,coordinator", (char *)NULL);
	assert_int_equal(r.status, 0);
	query(h,
	    "SELECT login || ' ' || roles FROM staff WHERE "
	    "external_id = 's-kim'",
	    v, sizeof(v));
	assert_string_equal(v, "kim.lund@kommune.dk 5");
	harness_ctl(h, &r, "--json", "staff", "show", "s-kim", (char *)NULL);
	assert_int_equal(r.status, 0);
	assert_non_null(
	    strstr(buf_str(&r.out), "\"roles\":[\"mentor\",\"coordinator\"]"));
	assert_non_null(
	    strstr(buf_str(&r.out), "\"login\":\"kim.lund@kommune.dk\""));

	harness_ctl(h, &r, "staff", "edit", "s-inger", "--login", "inger",
	    "--roles", "mentor,caseworker", "--mobile", "20 00 00 09",
	    "--deputy", "s-jorn", (char *)NULL);
	assert_int_equal(r.status, 0);
	query(h,
	    "SELECT login || ' ' || roles || ' ' || is_caseworker || ' ' "
	    "|| mobile || ' ' || (SELECT external_id FROM staff d WHERE "
	    "d.id = s.deputy_id) FROM staff s WHERE external_id = 's-inger'",
	    v, sizeof(v));
	assert_string_equal(v, "inger 3 1 +4520000009 s-jorn");
	query(h,
	    "SELECT action || ' ' || actor_kind || ' ' || detail FROM "
	    "audit ORDER BY id DESC LIMIT 1",
	    v, sizeof(v));
	assert_string_equal(v,
	    "edit_staff staff s-inger: mobile,deputy,login,"
	    "roles");
	harness_ctl(h, &r, "staff", "edit", "s-inger", "--no-login",
	    "--no-deputy", (char *)NULL);
	assert_int_equal(r.status, 0);
	assert_int_equal(
	    count(h,
		"SELECT count(*) FROM staff WHERE "
		"external_id = 's-inger' AND login IS NULL AND deputy_id IS NULL"),
	    1);

	refused(h, 1, "already the login of staff member \"s-kim\"", "staff",
	    "edit", "s-jorn", "--login", "KIM.LUND@kommune.dk", (char *)NULL);
	refused(h, 1, "--roles: expected one or more of mentor", "staff",
	    "edit", "s-jorn", "--roles", "mentor,boss", (char *)NULL);
	refused(h, 1, "--login: use only letters", "staff", "edit", "s-jorn",
	    "--login", "jørn æ", (char *)NULL);
	refused(h, 1, "--deputy: cannot be the person themselves", "staff",
	    "edit", "s-jorn", "--deputy", "s-jorn", (char *)NULL);
	refused(h, 1, "--mobile and --no-mobile", "staff", "edit", "s-jorn",
	    "--mobile", "20000000", "--no-mobile", (char *)NULL);
	refused(h, 1, "no staff member \"s-nobody\"", "staff", "edit",
	    "s-nobody", "--name", "X", (char *)NULL);
	refused(
	    h, 1, "nothing to change", "staff", "edit", "s-jorn", (char *)NULL);
	refused(h, 1, "already the login of staff member \"s-kim\"", "staff",
	    "add", "--id", "s-new", "--name", "Ny", "--login",
	    "kim.lund@kommune.dk", (char *)NULL);
	refused(h, 1, "--caseworker: does not match --roles", "staff", "add",
	    "--id", "s-new", "--name", "Ny", "--caseworker", "--roles",
	    "mentor", (char *)NULL);
	harness_ctl_free(&r);
}

/* import: login and roles per staff record, with clear problems. */
static void
test_import_login_roles(void **state)
{
	struct harness *h = *state;
	struct ctl_run	r = { 0 };
	char		path[300], v[200];

	harness_write_file(h, "staff.json",
	    "{\"staff\": ["
	    "{\"id\": \"s-inger\", \"name\": \"Inger Holm\", "
	    "\"login\": \"Inger@Kommune.dk\", \"roles\": [\"mentor\", "
	    "\"coordinator\"]},"
	    "{\"id\": \"s-bo\", \"name\": \"Bo\", \"caseworker\": true, "
	    "\"roles\": \"caseworker\", \"login\": \"bo\"}]}",
	    path, sizeof(path));
	harness_ctl(h, &r, "import", path, (char *)NULL);
	if (r.status != 0)
		fail_msg("import: %s", buf_str(&r.err));
	query(h,
	    "SELECT group_concat(login || ':' || roles, ' ') FROM "
	    "(SELECT * FROM staff WHERE login IS NOT NULL ORDER BY login)",
	    v, sizeof(v));
	assert_string_equal(v, "bo:2 inger@kommune.dk:5");

	harness_write_file(h, "bad.json",
	    "{\"staff\": ["
	    "{\"id\": \"s-jorn\", \"name\": \"Jørn\", \"login\": \"BO\"},"
	    "{\"id\": \"s-claus\", \"name\": \"Claus\", \"login\": \"claus\", "
	    "\"roles\": [\"mentor\", \"chef\"]},"
	    "{\"id\": \"s-aase\", \"name\": \"Åse\", \"login\": \"claus\", "
	    "\"caseworker\": false, \"roles\": \"caseworker\"}]}",
	    path, sizeof(path));
	refused(h, 1,
	    "staff[0] (s-jorn): login: already the login of staff "
	    "member \"s-bo\"",
	    "import", path, (char *)NULL);
	harness_ctl(h, &r, "import", path, (char *)NULL);
	assert_non_null(strstr(buf_str(&r.err),
	    "staff[1] (s-claus): roles: "
	    "expected one or more of mentor, caseworker, coordinator"));
	assert_non_null(strstr(buf_str(&r.err),
	    "staff[2] (s-aase): login: "
	    "also the login of staff[1] (s-claus)"));
	assert_non_null(strstr(buf_str(&r.err),
	    "staff[2] (s-aase): "
	    "caseworker: does not match roles"));
	harness_ctl_free(&r);
}

/* citizen edit: fields, audit, refusals. */
static void
test_citizen_edit(void **state)
{
	struct harness *h = *state;
	struct ctl_run	r = { 0 };
	char		v[200];

	harness_ctl(h, &r, "citizen", "edit", "c-mads", "--name", "Mads Peter",
	    "--mobile", "+45 20 00 09 99", "--language", "en", "--reminders",
	    "off", (char *)NULL);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(buf_str(&r.out), "citizen c-mads changed"));
	query(h,
	    "SELECT given_name || ' ' || mobile || ' ' || language || ' '"
	    " || reminders_on FROM citizen WHERE external_id = 'c-mads'",
	    v, sizeof(v));
	assert_string_equal(v, "Mads Peter +4520000999 en 0");
	query(h,
	    "SELECT a.action || ' ' || a.detail FROM audit a JOIN citizen "
	    "c ON c.id = a.citizen_id WHERE c.external_id = 'c-mads' ORDER BY "
	    "a.id DESC LIMIT 1",
	    v, sizeof(v));
	assert_string_equal(v, "edit_citizen name,mobile,language,reminders");

	refused(h, 1, "--name: too long (at most 100 bytes)", "citizen", "edit",
	    "c-mads", "--name",
	    "Aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    "aaaaaaaaaa",
	    (char *)NULL);
	refused(h, 1, "--mobile:", "citizen", "edit", "c-mads", "--mobile",
	    "12", (char *)NULL);
	refused(h, 1, "--language: expected da, en, ar", "citizen", "edit",
	    "c-mads", "--language", "de", (char *)NULL);
	refused(h, 1, "--reminders: expected on or off", "citizen", "edit",
	    "c-mads", "--reminders", "maybe", (char *)NULL);
	refused(h, 1, "no citizen \"c-nobody\"", "citizen", "edit", "c-nobody",
	    "--language", "da", (char *)NULL);
	refused(h, 2, "usage", "citizen", "edit", (char *)NULL);
	harness_ctl_free(&r);
}

/* agreement edit: fields, draft -> active, and what it refuses. */
static void
test_agreement_edit(void **state)
{
	struct harness *h = *state;
	struct ctl_run	r = { 0 };
	char		v[300];

	harness_ctl(h, &r, "agreement", "edit", "a-mads", "--goal", "Nyt mål",
	    "--task", "Første", "--task", "Anden", "--hours", "3", "--per",
	    "week", (char *)NULL);
	if (r.status != 0)
		fail_msg("agreement edit: %s", buf_str(&r.err));
	query(h,
	    "SELECT goal || ' ' || hours_amount || ' ' || hours_per || "
	    "' ' || (SELECT group_concat(text, ',') FROM agreement_task t "
	    "WHERE t.agreement_id = a.id) FROM agreement a WHERE "
	    "external_id = 'a-mads'",
	    v, sizeof(v));
	assert_string_equal(v, "Nyt mål 3.0 week Første,Anden");
	query(h,
	    "SELECT action || ' ' || detail FROM audit ORDER BY id DESC "
	    "LIMIT 1",
	    v, sizeof(v));
	assert_string_equal(v, "edit_agreement a-mads: goal,task,hours,per");

	harness_ctl(h, &r, "--json", "agreement", "edit", "a-mads-2",
	    "--status", "active", (char *)NULL);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(buf_str(&r.out), "\"status\":\"active\""));
	assert_int_equal(count(h,
			     "SELECT activated_at IS NOT NULL FROM "
			     "agreement WHERE external_id = 'a-mads-2'"),
	    1);

	refused(h, 1, "--status: an active agreement cannot go back to draft",
	    "agreement", "edit", "a-mads", "--status", "draft", (char *)NULL);
	refused(h, 1, "use agreement end ID", "agreement", "edit", "a-mads",
	    "--status", "ended", (char *)NULL);
	refused(h, 1, "a-emma-1: it has ended; extend it instead", "agreement",
	    "edit", "a-emma-1", "--goal", "x", (char *)NULL);
	refused(h, 1, "--starts/--ends: ends before it starts", "agreement",
	    "edit", "a-mads", "--ends", "2000-01-01", (char *)NULL);
	refused(h, 1, "--hours/--per: give both or neither", "agreement",
	    "edit", "a-mads", "--hours", "3", (char *)NULL);
	refused(h, 1, "--hours: expected a number of hours", "agreement",
	    "edit", "a-mads", "--hours", "2000", "--per", "week", (char *)NULL);
	refused(h, 1, "--task: every task must be a text", "agreement", "edit",
	    "a-mads", "--task", "", (char *)NULL);
	refused(h, 1, "--mentor: no staff member", "agreement", "edit",
	    "a-mads", "--mentor", "s-nobody", (char *)NULL);
	harness_ctl_free(&r);
}

/* meeting edit: a new place is a new version (a notice), kind is not. */
static void
test_meeting_edit(void **state)
{
	struct harness *h = *state;
	struct ctl_run	r = { 0 };
	char		v[200];

	harness_ctl(h, &r, "--json", "meeting", "edit", "m-laerke-1", "--kind",
	    "other", (char *)NULL);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(buf_str(&r.out), "\"version\":1"));
	harness_ctl(h, &r, "--json", "meeting", "edit", "m-laerke-1", "--place",
	    "Biblioteket", "--place-in-sms", "yes", (char *)NULL);
	if (r.status != 0)
		fail_msg("meeting edit: %s", buf_str(&r.err));
	assert_non_null(strstr(buf_str(&r.out), "\"version\":2"));
	assert_non_null(strstr(buf_str(&r.out), "\"sms\":"));
	query(h,
	    "SELECT place || ' ' || place_in_sms || ' ' || kind FROM "
	    "meeting WHERE external_id = 'm-laerke-1'",
	    v, sizeof(v));
	assert_string_equal(v, "Biblioteket 1 other");
	query(h,
	    "SELECT action || ' ' || detail FROM audit ORDER BY id DESC "
	    "LIMIT 1",
	    v, sizeof(v));
	assert_string_equal(v, "edit_meeting m-laerke-1: place place-in-sms");

	refused(h, 1, "--kind: expected mentor, caseworker or other", "meeting",
	    "edit", "m-laerke-1", "--kind", "party", (char *)NULL);
	refused(h, 1, "--place-in-sms: expected yes or no", "meeting", "edit",
	    "m-laerke-1", "--place-in-sms", "ja", (char *)NULL);
	refused(h, 1, "--place: empty", "meeting", "edit", "m-laerke-1",
	    "--place", "", (char *)NULL);
	harness_ctl(h, &r, "meeting", "cancel", "m-laerke-1", (char *)NULL);
	assert_int_equal(r.status, 0);
	refused(h, 1, "is cancelled; add a new one", "meeting", "edit",
	    "m-laerke-1", "--kind", "mentor", (char *)NULL);
	harness_ctl_free(&r);
}

/* citizen erase: refused while the case is open; export, wipe, audit. */
static void
test_citizen_erase(void **state)
{
	struct harness *h = *state;
	struct ctl_run	r = { 0 };
	struct stat	sb;
	struct buf	file = { 0 };
	char		path[300], v[300];

	snprintf(path, sizeof(path), "%s/emma.jsonl", h->dir);
	refused(h, 1, "c-emma: an agreement is not ended", "citizen", "erase",
	    "c-emma", "--export", path, (char *)NULL);
	assert_int_equal(access(path, F_OK), -1);
	refused(h, 2, "--export", "citizen", "erase", "c-emma", (char *)NULL);
	harness_ctl(h, &r, "agreement", "end", "a-emma-2", (char *)NULL);
	assert_int_equal(r.status, 0);

	harness_ctl(h, &r, "citizen", "erase", "c-emma", "--export", path,
	    (char *)NULL);
	if (r.status != 0)
		fail_msg("erase: %s", buf_str(&r.err));
	assert_non_null(strstr(buf_str(&r.out), "citizen c-emma erased"));
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_int_equal(harness_read_file(path, &file), 0);
	assert_non_null(strstr(buf_str(&file), "\"given_name\":\"Emma\""));
	assert_non_null(strstr(buf_str(&file), "\"id\":\"a-emma-2\""));
	assert_non_null(strstr(buf_str(&file), "\"id\":\"m-emma-1\""));
	assert_non_null(strstr(buf_str(&file), "\"type\":\"audit\""));

	/* The row stays for its audit rows, with no personal field. */
	query(h,
	    "SELECT external_id || ' ' || given_name || ' ' || "
	    "coalesce(mobile, 'none') || ' ' || (erased_at IS NOT NULL) FROM "
	    "citizen WHERE external_id LIKE '#erased-%'",
	    v, sizeof(v));
	assert_non_null(strstr(v, " - none 1"));
	assert_int_equal(
	    count(h,
		"SELECT count(*) FROM agreement a JOIN "
		"citizen c ON c.id = a.citizen_id WHERE c.erased_at IS NOT NULL"),
	    0);
	assert_int_equal(count(h,
			     "SELECT count(*) FROM meeting WHERE "
			     "external_id = 'm-emma-1'"),
	    0);
	assert_int_equal(
	    count(h,
		"SELECT count(*) FROM sms_outbox o JOIN "
		"citizen c ON c.id = o.citizen_id WHERE c.erased_at IS NOT NULL"),
	    0);
	query(h,
	    "SELECT a.action FROM audit a JOIN citizen c ON c.id = "
	    "a.citizen_id WHERE c.erased_at IS NOT NULL ORDER BY a.id DESC "
	    "LIMIT 1",
	    v, sizeof(v));
	assert_string_equal(v, "erase_citizen");

	refused(h, 1, "no citizen \"c-emma\"", "citizen", "erase", "c-emma",
	    "--export", "/nonexistent/x", (char *)NULL);
	query(h, "SELECT external_id FROM citizen WHERE erased_at IS NOT NULL",
	    v, sizeof(v));
	refused(h, 1, "erased already", "citizen", "erase", v, "--export",
	    "/nonexistent/x", (char *)NULL);
	refused(h, 1, "is erased", "citizen", "edit", v, "--language", "en",
	    (char *)NULL);
	refused(h, 1, "exists already", "citizen", "erase", "c-mads",
	    "--export", path, (char *)NULL);
	buf_free(&file);
	harness_ctl_free(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		harness_demo_test(test_staff_login_roles),
		harness_demo_test(test_import_login_roles),
		harness_demo_test(test_citizen_edit),
		harness_demo_test(test_agreement_edit),
		harness_demo_test(test_meeting_edit),
		harness_demo_test(test_citizen_erase),
	};

	return cmocka_run_group_tests_name("it_staffdata", tests, NULL, NULL);
}
