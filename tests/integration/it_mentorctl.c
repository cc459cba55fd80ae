/*
 * it_mentorctl - mentorctl as a black box: init, import (demo data,
 * re-import, invalid files), agreement warnings, sms-info, audit rows,
 * bad input.  Runs build/.../bin/mentorctl with a temporary
 * configuration (tests/harness.h).  Expects to run from the top of the
 * source tree (demo/demo.json).
 */
#include <sys/stat.h>

#include <pwd.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <json.h>

#include "buf.h"
#include "harness.h"

#define DEMO "demo/demo.json"

/* Number of lines in s. */
static size_t
lines(const char *s)
{
	size_t n = 0;

	for (; *s != '\0'; s++)
		if (*s == '\n')
			n++;
	return n;
}

/* Parse the JSON document in s; fails the test when it is not JSON. */
static struct json_object *
json_of(const char *s)
{
	struct json_object *j;

	j = json_tokener_parse(s);
	if (j == NULL)
		fail_msg("not JSON: %s", s);
	return j;
}

/* The integer at key in the object j (nested keys separated by '.'). */
static int64_t
json_int(struct json_object *j, const char *path)
{
	char   key[64];
	size_t n;

	while (*path != '\0') {
		n = strcspn(path, ".");
		snprintf(key, sizeof(key), "%.*s", (int)n, path);
		if (!json_object_object_get_ex(j, key, &j))
			fail_msg("no key %s", key);
		path += n + (path[n] == '.');
	}
	return json_object_get_int64(j);
}

/* `mentorctl --json status` as parsed JSON. */
static struct json_object *
status_json(struct harness *h)
{
	struct ctl_run	    r = { 0 };
	struct json_object *j;

	harness_ctl(h, &r, "--json", "status", (char *)NULL);
	assert_int_equal(r.status, 0);
	j = json_of(buf_str(&r.out));
	harness_ctl_free(&r);
	return j;
}

/* init twice: both succeed, the second keeps everything. */
static void
test_init_twice(void **state)
{
	struct harness *h = *state;
	struct ctl_run	r = { 0 };
	struct stat	sb;
	char		key[400];

	harness_ctl(h, &r, "init", (char *)NULL);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(buf_str(&r.out), "created"));
	assert_non_null(strstr(buf_str(&r.out), "complaint guidance: added"));
	harness_ctl(h, &r, "init", (char *)NULL);
	assert_int_equal(r.status, 0);
	assert_null(strstr(buf_str(&r.out), "created"));
	assert_non_null(strstr(buf_str(&r.out), "kept"));
	snprintf(key, sizeof(key), "%s/cpr.key", h->dir);
	assert_int_equal(stat(key, &sb), 0);
	assert_int_equal(sb.st_mode & 077, 0);
	harness_ctl(h, &r, "check", (char *)NULL);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(buf_str(&r.out), "OK"));
	assert_non_null(strstr(buf_str(&r.out), "sms_words ok:"));
	harness_ctl_free(&r);
}

/* init creates a missing key file with mode 0600; check finds a bad mode. */
static void
test_init_key_and_check(void **state)
{
	struct harness *h = *state;
	struct ctl_run	r = { 0 };
	struct stat	sb;
	char		key[400];

	snprintf(key, sizeof(key), "%s/cpr.key", h->dir);
	assert_int_equal(unlink(key), 0);
	harness_ctl(h, &r, "init", (char *)NULL);
	assert_int_equal(r.status, 0);
	assert_int_equal(stat(key, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_int_equal(sb.st_size, 65);
	assert_int_equal(chmod(key, 0644), 0);
	harness_ctl(h, &r, "check", (char *)NULL);
	assert_int_not_equal(r.status, 0);
	assert_non_null(strstr(buf_str(&r.out), "problem"));
	harness_ctl_free(&r);
}

/* The demo import stores everything once; a second import updates. */
static void
test_import_demo_and_again(void **state)
{
	struct harness	   *h = *state;
	struct json_object *st;
	struct ctl_run	    r = { 0 };

	st = status_json(h);
	assert_int_equal(json_int(st, "citizens"), 5);
	assert_int_equal(json_int(st, "staff"), 5);
	assert_int_equal(json_int(st, "agreements.active"), 5);
	assert_int_equal(json_int(st, "agreements.draft"), 1);
	assert_int_equal(json_int(st, "agreements.ended"), 1);
	assert_int_equal(json_int(st, "contact_open"), 0);
	assert_int_equal(json_int(st, "inbox_pending"), 0);
	json_object_put(st);

	harness_ctl(
	    h, &r, "--json", "import", "--relative-dates", DEMO, (char *)NULL);
	assert_int_equal(r.status, 0);
	st = json_of(buf_str(&r.out));
	assert_int_equal(json_int(st, "citizens.inserted"), 0);
	assert_int_equal(json_int(st, "citizens.updated"), 5);
	assert_int_equal(json_int(st, "meetings.inserted"), 0);
	json_object_put(st);

	st = status_json(h);
	assert_int_equal(json_int(st, "citizens"), 5);
	assert_int_equal(json_int(st, "agreements.active"), 5);
	json_object_put(st);
	harness_ctl_free(&r);
}

/* Relative dates need the flag: without it, every such value is a problem. */
static void
test_import_relative_needs_flag(void **state)
{
	struct harness *h = *state;
	struct ctl_run	r = { 0 };

	harness_ctl(h, &r, "import", DEMO, (char *)NULL);
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(buf_str(&r.err), "--relative-dates"));
	assert_non_null(strstr(buf_str(&r.err), "nothing was changed"));
	harness_ctl_free(&r);
}

static const char bad_import[] =
    "{\"citizens\": [\n"
    " {\"id\": \"c-good\", \"cpr\": \"010190-1111\", \"given_name\": \"Ny\","
    "  \"mobile\": \"20 00 02 01\", \"language\": \"da\"},\n"
    " {\"id\": \"c-bad\", \"cpr\": \"320199-1234\", \"given_name\": \"Ida\","
    "  \"mobile\": \"+4520000202\"},\n"
    " {\"id\": \"c-phone\", \"cpr\": \"020290-1234\", \"given_name\": \"Åse\","
    "  \"mobile\": \"90 12 34 56\"}\n"
    "],\n"
    "\"staff\": [{\"id\": \"s-new\", \"name\": \"Ny Mentor\"}],\n"
    "\"agreements\": [{\"id\": \"a-new\", \"citizen\": \"c-nobody\","
    " \"status\": \"active\"}]}\n";

/* One bad CPR among good records: nothing changes, every problem listed. */
static void
test_import_invalid_changes_nothing(void **state)
{
	struct harness	   *h = *state;
	struct json_object *st;
	struct ctl_run	    r = { 0 };
	char		    path[400];
	const char	   *err;

	harness_write_file(h, "bad.json", bad_import, path, sizeof(path));
	harness_ctl(h, &r, "import", path, (char *)NULL);
	assert_int_equal(r.status, 1);
	err = buf_str(&r.err);
	assert_non_null(strstr(err, "citizens[1] (c-bad): cpr: "));
	assert_non_null(strstr(err, "citizens[2] (c-phone): mobile: "));
	assert_non_null(strstr(err, "agreements[0] (a-new): citizen: "));
	assert_non_null(strstr(err, ": 3; nothing was changed"));
	assert_non_null(strstr(err, "nothing was changed"));
	assert_null(strstr(err, "320199")); /* never echo a CPR */
	assert_null(strstr(err, "010190"));
	assert_int_equal(lines(err), 4);
	st = status_json(h);
	assert_int_equal(json_int(st, "citizens"), 5);
	assert_int_equal(json_int(st, "staff"), 5);
	json_object_put(st);
	harness_ctl_free(&r);
}

/* Malformed JSON: one clear line, exit 1. */
static void
test_import_malformed(void **state)
{
	struct harness *h = *state;
	struct ctl_run	r = { 0 };
	char		path[400];

	harness_write_file(
	    h, "broken.json", "{\"staff\": [", path, sizeof(path));
	harness_ctl(h, &r, "import", path, (char *)NULL);
	assert_int_equal(r.status, 1);
	assert_int_equal(lines(buf_str(&r.err)), 1);
	assert_non_null(strstr(buf_str(&r.err), "not valid JSON"));
	harness_write_file(h, "list.json", "[1, 2]", path, sizeof(path));
	harness_ctl(h, &r, "import", path, (char *)NULL);
	assert_int_equal(r.status, 1);
	assert_int_equal(lines(buf_str(&r.err)), 1);
	harness_ctl_free(&r);
}

/* The number of warnings with check name `check` in agreement show. */
static int
warning_count(struct harness *h, const char *agreement, const char *check)
{
	struct json_object *j, *w, *c;
	struct ctl_run	    r = { 0 };
	size_t		    i;
	int		    n = 0;

	harness_ctl(
	    h, &r, "--json", "agreement", "show", agreement, (char *)NULL);
	assert_int_equal(r.status, 0);
	j = json_of(buf_str(&r.out));
	assert_true(json_object_object_get_ex(j, "warnings", &w));
	for (i = 0; i < json_object_array_length(w); i++) {
		json_object_object_get_ex(
		    json_object_array_get_idx(w, i), "check", &c);
		if (check == NULL ||
		    strcmp(json_object_get_string(c), check) == 0)
			n++;
	}
	json_object_put(j);
	harness_ctl_free(&r);
	return n;
}

/* Each demo case gets the warnings a caseworker should see. */
static void
test_agreement_warnings(void **state)
{
	struct harness *h = *state;
	struct ctl_run	r = { 0 };

	assert_int_equal(warning_count(h, "a-mads", NULL), 0);
	assert_int_equal(warning_count(h, "a-laerke", "goal"), 1);
	assert_int_equal(warning_count(h, "a-laerke", "tasks"), 1);
	assert_int_equal(warning_count(h, "a-laerke", "hours"), 1);
	assert_int_equal(warning_count(h, "a-laerke", "complaint_guidance"), 1);
	assert_int_equal(warning_count(h, "a-laerke", NULL), 4);
	assert_int_equal(
	    warning_count(h, "a-bjoern", "mentor_is_caseworker"), 1);
	assert_int_equal(
	    warning_count(h, "a-soeren", "discharge_under_6_months"), 1);
	assert_int_equal(warning_count(h, "a-emma-2", NULL), 0);

	/* Human output, Danish and English. */
	harness_ctl(h, &r, "agreement", "show", "a-laerke", (char *)NULL);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(
	    buf_str(&r.out), "Målet med mentorstøtten er ikke skrevet ned."));
	assert_non_null(strstr(buf_str(&r.out), "1. Mål: ikke registreret"));
	harness_ctl(h, &r, "--lang", "en", "agreement", "show", "a-laerke",
	    (char *)NULL);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(buf_str(&r.out), "1. Goal: not recorded"));

	/* The import prints them too. */
	harness_ctl(h, &r, "import", "--relative-dates", DEMO, (char *)NULL);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(buf_str(&r.out), "a-bjoern: Mentoren er også"));
	harness_ctl_free(&r);
}

/* Extending the discharge agreement past 6 months clears its warning. */
static void
test_agreement_extend_chain(void **state)
{
	struct harness *h = *state;
	struct ctl_run	r = { 0 };
	char		until[16];
	time_t		t = time(NULL) + 200 * 86400;
	struct tm	tm;

	localtime_r(&t, &tm);
	strftime(until, sizeof(until), "%Y-%m-%d", &tm);
	harness_ctl(h, &r, "agreement", "extend", "a-soeren", "--until", until,
	    (char *)NULL);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(buf_str(&r.out), "a-soeren-2"));
	assert_int_equal(
	    warning_count(h, "a-soeren", "discharge_under_6_months"), 0);
	assert_int_equal(
	    warning_count(h, "a-soeren-2", "discharge_under_6_months"), 0);
	/* A period over 6 months is a warning, not an error. */
	harness_ctl(h, &r, "--json", "agreement", "add", "--citizen", "c-mads",
	    "--id", "a-long", "--mentor", "s-inger", "--goal", "Mål", "--task",
	    "Opgave", "--starts", "2026-01-01", "--ends", "2026-12-31",
	    "--hours", "2", "--per", "week", (char *)NULL);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(buf_str(&r.out), "period_over_6_months"));
	harness_ctl_free(&r);
}

/* The worked examples of reference/sms-providers.md section 4. */
static void
test_sms_info(void **state)
{
	static const struct {
		const char *text;
		const char *json;
	} ex[] = {
		{ "Husk dit møde på Jobcenter Århus tirsdag kl. 10:00. Mvh. "
		  "din mentor Søren",
		    "{\"encoding\":\"GSM-7\",\"units\":73,\"segments\":1,"
		    "\"non_gsm\":[]}\n" },
		{ "Pris: 10 €",
		    "{\"encoding\":\"GSM-7\",\"units\":11,\"segments\":1,"
		    "\"non_gsm\":[]}\n" },
		{ "Mødet er aflyst – ring til os",
		    "{\"encoding\":\"UCS-2\",\"units\":29,\"segments\":1,"
		    "\"non_gsm\":[\"–\"]}\n" },
		{ "Hej 😀",
		    "{\"encoding\":\"UCS-2\",\"units\":6,\"segments\":1,"
		    "\"non_gsm\":[\"😀\"]}\n" },
	};
	struct harness *h = *state;
	const char     *args[3] = { "sms-info", NULL, NULL };
	struct buf	out = { 0 };
	size_t		i;

	for (i = 0; i < sizeof(ex) / sizeof(ex[0]); i++) {
		args[1] = ex[i].text;
		buf_free(&out);
		/* No configuration needed. */
		assert_int_equal(
		    harness_run(h, "mentorctl", 0, args, &out, NULL), 0);
		assert_string_equal(buf_str(&out), ex[i].json);
	}
	buf_free(&out);
}

/* 161 A's take two parts. */
static void
test_sms_info_long(void **state)
{
	struct harness *h = *state;
	const char     *args[3] = { "sms-info", NULL, NULL };
	struct buf	out = { 0 };
	char		text[162];

	memset(text, 'A', 161);
	text[161] = '\0';
	args[1] = text;
	assert_int_equal(harness_run(h, "mentorctl", 0, args, &out, NULL), 0);
	assert_string_equal(buf_str(&out),
	    "{\"encoding\":\"GSM-7\","
	    "\"units\":161,\"segments\":2,\"non_gsm\":[]}\n");
	buf_free(&out);
}

/* Unknown command, missing configuration, invalid CPR and phone. */
static void
test_bad_input(void **state)
{
	struct harness *h = *state;
	struct ctl_run	r = { 0 };
	const char *noconf[] = { "-f", "/nonexistent/mentorlink.conf", "status",
		NULL };

	harness_ctl(h, &r, "frobnicate", (char *)NULL);
	assert_int_not_equal(r.status, 0);
	assert_int_equal(lines(buf_str(&r.err)), 1);
	buf_free(&r.err);
	assert_int_not_equal(
	    harness_run(h, "mentorctl", 0, noconf, NULL, &r.err), 0);
	assert_int_equal(lines(buf_str(&r.err)), 1);
	harness_ctl(h, &r, "citizen", "add", "--cpr", "310299-1234", "--name",
	    "X", (char *)NULL);
	assert_int_equal(r.status, 1);
	assert_int_equal(lines(buf_str(&r.err)), 1);
	assert_null(strstr(buf_str(&r.err), "310299"));
	harness_ctl(h, &r, "citizen", "add", "--cpr", "010299-1234", "--name",
	    "X", "--mobile", "1234", (char *)NULL);
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(buf_str(&r.err), "--mobile"));
	harness_ctl(h, &r, "citizen", "show", "--id", "c-nobody", (char *)NULL);
	assert_int_equal(r.status, 1);
	harness_ctl_free(&r);
}

/* Every show or list of a citizen's data writes an audit row. */
static void
test_audit_rows(void **state)
{
	struct harness *h = *state;
	struct ctl_run	r = { 0 };
	struct passwd  *pw;
	char		actor[300];

	assert_int_equal(harness_audit_count(h, "c-mads", "show_agreement"), 0);
	harness_ctl(h, &r, "agreement", "show", "a-mads", (char *)NULL);
	assert_int_equal(r.status, 0);
	assert_int_equal(harness_audit_count(h, "c-mads", "show_agreement"), 1);
	harness_ctl(
	    h, &r, "citizen", "show", "--cpr", "010190-1234", (char *)NULL);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(buf_str(&r.out), "c-mads"));
	assert_null(strstr(buf_str(&r.out), "010190"));
	assert_int_equal(harness_audit_count(h, "c-mads", "show_citizen"), 1);
	harness_ctl(h, &r, "citizen", "list", (char *)NULL);
	assert_int_equal(harness_audit_count(h, "c-mads", "list_citizens"), 1);
	assert_int_equal(harness_audit_count(h, "c-emma", "list_citizens"), 1);
	harness_ctl(
	    h, &r, "audit", "export", "--citizen", "010190-1234", (char *)NULL);
	assert_int_equal(r.status, 0);
	assert_non_null(pw = getpwuid(getuid()));
	snprintf(actor, sizeof(actor), "\"actor\":\"%s\"", pw->pw_name);
	assert_non_null(strstr(buf_str(&r.out), actor));
	assert_non_null(strstr(buf_str(&r.out), "\"actor_kind\":\"staff\""));
	harness_ctl(h, &r, "audit", "export", "--csv", (char *)NULL);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(buf_str(&r.out),
	    "id,at,actor_kind,actor,action,citizen,reason,detail\r\n"));
	harness_ctl_free(&r);
}

/* Status: ending agreements, meetings this week, staff away. */
static void
test_status(void **state)
{
	struct harness	   *h = *state;
	struct json_object *st, *a;

	st = status_json(h);
	assert_true(json_int(st, "meetings_next_7_days") >= 3);
	assert_true(json_object_object_get_ex(st, "agreements_ending", &a));
	assert_int_equal(json_object_array_length(a), 1);
	assert_true(json_object_object_get_ex(st, "staff_away", &a));
	assert_int_equal(json_object_array_length(a), 1);
	json_object_put(st);
}

/* Meetings: add, move, cancel; staff away and back. */
static void
test_meetings_and_staff(void **state)
{
	struct harness *h = *state;
	struct ctl_run	r = { 0 };

	harness_ctl(h, &r, "meeting", "add", "--agreement", "a-mads", "--id",
	    "m-new", "--starts", "2030-01-10T10:00", "--ends",
	    "2030-01-10T11:00", "--place", "Biblioteket", (char *)NULL);
	assert_int_equal(r.status, 0);
	harness_ctl(h, &r, "--json", "meeting", "move", "m-new", "--starts",
	    "2030-01-11T10:00:00+01:00", "--ends", "2030-01-11T11:00:00+01:00",
	    (char *)NULL);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(buf_str(&r.out), "\"status\":\"moved\""));
	assert_non_null(strstr(buf_str(&r.out), "\"version\":2"));
	harness_ctl(h, &r, "meeting", "cancel", "m-new", (char *)NULL);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(buf_str(&r.out), "cancelled"));
	harness_ctl(h, &r, "meeting", "move", "m-new", "--starts",
	    "2030-01-11T12:00", "--ends", "2030-01-11T11:00", (char *)NULL);
	assert_int_equal(r.status, 1);
	harness_ctl(h, &r, "staff", "away", "s-inger", "--from", "2030-01-01",
	    "--until", "2030-01-31", "--deputy", "s-jorn", (char *)NULL);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(buf_str(&r.out), "Jørn Æbelø"));
	harness_ctl(h, &r, "staff", "back", "s-inger", (char *)NULL);
	assert_int_equal(r.status, 0);
	harness_ctl(h, &r, "--json", "staff", "show", "s-inger", (char *)NULL);
	assert_non_null(strstr(buf_str(&r.out), "\"away_from\":null"));
	assert_non_null(strstr(buf_str(&r.out), "\"deputy\":\"s-jorn\""));
	harness_ctl_free(&r);
}

/*
 * check warns (and still passes) when a text that can reach an SMS holds
 * a word of [sms] sensitive_words, here the urgent line's English text.
 */
static void
test_check_sms_words(void **state)
{
	struct harness h;
	struct ctl_run r = { 0 };

	(void)state;
	harness_init(&h,
	    "[organisation]\nsms_urgent_text.en = If it is "
	    "urgent, call 112 or Livslinien.\n");
	harness_ctl(&h, &r, "init", (char *)NULL);
	assert_int_equal(r.status, 0);
	harness_ctl(&h, &r, "check", (char *)NULL);
	assert_int_equal(r.status, 0);
	if (strstr(buf_str(&r.out),
		"sms_words warning: [organisation] "
		"sms_urgent_text.en holds \"Livslinien\"") == NULL)
		fail_msg("no warning in: %s", buf_str(&r.out));
	assert_null(strstr(buf_str(&r.out), "sms_words ok"));
	harness_ctl(&h, &r, "--json", "check", (char *)NULL);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(buf_str(&r.out), "\"word\":\"Livslinien\""));
	harness_ctl_free(&r);
	harness_done(&h);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    test_init_twice, harness_setup, harness_teardown),
		cmocka_unit_test_setup_teardown(
		    test_init_key_and_check, harness_setup, harness_teardown),
		harness_demo_test(test_import_demo_and_again),
		harness_demo_test(test_import_relative_needs_flag),
		harness_demo_test(test_import_invalid_changes_nothing),
		harness_demo_test(test_import_malformed),
		harness_demo_test(test_agreement_warnings),
		harness_demo_test(test_agreement_extend_chain),
		cmocka_unit_test_setup_teardown(
		    test_sms_info, harness_setup, harness_teardown),
		cmocka_unit_test_setup_teardown(
		    test_sms_info_long, harness_setup, harness_teardown),
		harness_demo_test(test_bad_input),
		harness_demo_test(test_audit_rows),
		harness_demo_test(test_status),
		harness_demo_test(test_meetings_and_staff),
		cmocka_unit_test(test_check_sms_words),
	};

	return cmocka_run_group_tests_name("it_mentorctl", tests, NULL, NULL);
}
