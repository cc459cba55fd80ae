/*
 * it_import - mentorctl import and meeting times, as a black box: a file
 * larger than 64 MiB is read and stored whole; the outer structure of a
 * file is checked as it is read; a wall time that the clocks skip or show
 * twice (Europe/Copenhagen) is refused by import and meeting add|move;
 * migrating a caseload and then running the real sms-gateway (file
 * provider, settable clock) texts nobody about the past, while what is
 * news afterwards is still sent.  Files are written at test time
 * (bench/import_gen.h).
 */
#include <sys/stat.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>
#include <json.h>

#include "../../bench/import_gen.h"
#include "buf.h"
#include "clock.h"
#include "harness.h"
#include "store.h"
#include "store_outbox.h"

/*
 * Run mentorctl with the arguments (NULL-terminated); stdout into out,
 * stderr into err (both reset).  Returns the exit status.
 */
static int
mentorctl(struct harness *h, struct buf *out, struct buf *err, ...)
{
	const char *args[24];
	va_list	    ap;
	size_t	    n = 0;

	buf_reset(out);
	buf_reset(err);
	va_start(ap, err);
	while (n < 23 && (args[n] = va_arg(ap, const char *)) != NULL)
		n++;
	va_end(ap);
	args[n] = NULL;
	return harness_run(h, "mentorctl", 1, args, out, err);
}

/* The integer at "section.key" of the import's --json answer. */
static int64_t
count_of(const char *json, const char *section, const char *key)
{
	struct json_object *j, *s, *v;
	int64_t		    n;

	if ((j = json_tokener_parse(json)) == NULL)
		fail_msg("not JSON: %.200s", json);
	if (!json_object_object_get_ex(j, section, &s) ||
	    !json_object_object_get_ex(s, key, &v))
		fail_msg("no %s.%s in %.200s", section, key, json);
	n = json_object_get_int64(v);
	json_object_put(j);
	return n;
}

static int
setup(void **state)
{
	struct harness *h;
	struct buf	out = { 0 }, err = { 0 };

	if ((h = calloc(1, sizeof(*h))) == NULL)
		return -1;
	harness_init(h, NULL);
	setenv("SUDO_USER", "tester", 1);
	if (mentorctl(h, &out, &err, "init", (char *)NULL) != 0)
		fail_msg("init: %s", buf_str(&err));
	buf_free(&out);
	buf_free(&err);
	*state = h;
	return 0;
}

/*
 * More than 64 MiB (the old limit, and the old way read it all into
 * memory twice over): every record is stored, and a second import of the
 * same file updates every one of them.
 */
static void
test_import_over_64_mib(void **state)
{
	struct harness	 *h = *state;
	struct import_gen g = { 0 };
	struct buf	  out = { 0 }, err = { 0 };
	struct stat	  sb;
	char		  path[400];
	FILE		 *f;

	snprintf(path, sizeof(path), "%s/caseload.json", h->dir);
	g.citizens = 6000;
	g.meetings = 2;
	g.extend_every = 10;
	g.tasks = 10;
	g.task_bytes = 900;
	assert_non_null(f = fopen(path, "w"));
	assert_int_equal(import_gen_write(f, &g), 0);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(stat(path, &sb), 0);
	assert_true(sb.st_size > 64 * 1024 * 1024);
	if (mentorctl(h, &out, &err, "--json", "import", "--relative-dates",
		path, (char *)NULL) != 0)
		fail_msg("import: %.500s", buf_str(&err));
	assert_int_equal(count_of(buf_str(&out), "citizens", "inserted"), 6000);
	assert_int_equal(
	    count_of(buf_str(&out), "agreements", "inserted"), 6600);
	assert_int_equal(
	    count_of(buf_str(&out), "meetings", "inserted"), 12000);
	assert_int_equal(
	    count_of(buf_str(&out), "staff", "inserted"), 2 * (6000 / 20 + 2));
	if (mentorctl(h, &out, &err, "--json", "import", "--relative-dates",
		path, (char *)NULL) != 0)
		fail_msg("import again: %.500s", buf_str(&err));
	assert_int_equal(count_of(buf_str(&out), "citizens", "updated"), 6000);
	assert_int_equal(count_of(buf_str(&out), "meetings", "updated"), 12000);
	assert_int_equal(count_of(buf_str(&out), "meetings", "inserted"), 0);
	buf_free(&out);
	buf_free(&err);
}

/* Files whose outer structure is wrong: one clear line each, nothing kept. */
static void
test_import_outer_structure(void **state)
{
	static const struct {
		const char *json;
		const char *says;
	} bad[] = {
		{ "", "the file is empty" },
		{ "  \n", "the file is empty" },
		{ "[1, 2]", "expected a JSON object" },
		{ "{\"citizens\": []} x", "text after the JSON document" },
		{ "{\"citizens\": [], }", "expected a quoted section name" },
		{ "{\"citizens\" []}", "expected ':'" },
		{ "{\"citizens\": [{}, ]}", "a record after ','" },
		{ "{\"citizens\": [{\"id\": \"c-1\"} {}]}", "',' or ']'" },
		{ "{\"citizens\": [{\"id\": \"c-1\",}]}", "not valid JSON" },
		{ "{\"citizens\": [{\"id\": tru}]}", "not valid JSON" },
		{ "{\"citizens\": [", "unexpected end of file" },
		{ "{\"citizens\": [{\"id\": \"c-1\"",
		    "unexpected end of file" },
	};
	struct harness *h = *state;
	struct buf	out = { 0 }, err = { 0 };
	char		path[400];
	size_t		i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		harness_write_file(
		    h, "bad.json", bad[i].json, path, sizeof(path));
		if (mentorctl(h, &out, &err, "import", path, (char *)NULL) !=
			1 ||
		    strstr(buf_str(&err), bad[i].says) == NULL ||
		    strchr(buf_str(&err), '\n') != strrchr(buf_str(&err), '\n'))
			fail_msg("%s: %s", bad[i].json, buf_str(&err));
	}
	/* Problems inside records: listed, every one; nothing is stored. */
	harness_write_file(h, "bad.json",
	    "{\"citizens\": 3, "
	    "\"staff\": [7, {\"id\": \"s 1\", \"name\": \"A\"}], \"staff\": [], "
	    "\"people\": []}",
	    path, sizeof(path));
	assert_int_equal(
	    mentorctl(h, &out, &err, "import", path, (char *)NULL), 1);
	assert_non_null(strstr(buf_str(&err),
	    "citizens: expected a list of "
	    "records"));
	assert_non_null(strstr(buf_str(&err), "staff[0]: expected an object"));
	assert_non_null(strstr(buf_str(&err), "staff[1] (s 1): id: use only"));
	assert_non_null(strstr(buf_str(&err), "staff: given twice"));
	assert_non_null(strstr(buf_str(&err), "file: people: unknown section"));
	assert_non_null(strstr(buf_str(&err), ": 5; nothing was changed"));
	buf_free(&out);
	buf_free(&err);
}

/* A staff and citizen with an agreement, for meetings. */
static const char people_json[] =
    "{\"staff\": [{\"id\": \"s-inger\", \"name\": \"Inger Holm\", "
    "\"mobile\": \"+4520000001\"}],\n"
    " \"citizens\": [{\"id\": \"c-mads\", \"cpr\": \"010180-1234\", "
    "\"given_name\": \"Mads\", \"mobile\": \"+4520000101\"}],\n"
    " \"agreements\": [{\"id\": \"a-1\", \"citizen\": \"c-mads\", "
    "\"mentor\": \"s-inger\", \"status\": \"active\"}]}\n";

/*
 * Wall times the clocks skip (2027-03-28 02:00-03:00) or show twice
 * (2027-10-31 02:00-03:00) are refused by meeting add|move and by the
 * import's relative form, with the reason; with an offset they are read.
 */
static void
test_meeting_times_dst(void **state)
{
	struct harness *h = *state;
	struct buf	out = { 0 }, err = { 0 };
	char		path[400];

	harness_write_file(h, "people.json", people_json, path, sizeof(path));
	assert_int_equal(
	    mentorctl(h, &out, &err, "import", path, (char *)NULL), 0);
	assert_int_equal(
	    mentorctl(h, &out, &err, "meeting", "add", "--agreement", "a-1",
		"--id", "m-spring", "--starts", "2027-03-28T02:30", "--ends",
		"2027-03-28T03:30", (char *)NULL),
	    1);
	assert_non_null(strstr(buf_str(&err),
	    "--starts: 2027-03-28 02:30 "
	    "does not exist: clocks go from 02:00 to 03:00"));
	assert_int_equal(
	    mentorctl(h, &out, &err, "meeting", "add", "--agreement", "a-1",
		"--id", "m-autumn", "--starts", "2027-10-31T02:30", "--ends",
		"2027-10-31T03:30", (char *)NULL),
	    1);
	assert_non_null(strstr(buf_str(&err),
	    "2027-10-31 02:30 happens "
	    "twice: clocks go back from 03:00 to 02:00; give the offset, "
	    "2027-10-31T02:30+02:00 (the first) or 2027-10-31T02:30+01:00 "
	    "(the second)"));
	/* With the offset: the second 02:30 (01:30Z). */
	assert_int_equal(
	    mentorctl(h, &out, &err, "--json", "meeting", "add", "--agreement",
		"a-1", "--id", "m-autumn", "--starts", "2027-10-31T02:30+01:00",
		"--ends", "2027-10-31T03:30", (char *)NULL),
	    0);
	assert_non_null(strstr(buf_str(&out),
	    "\"starts\":\"2027-10-31T02:30"
	    ":00+01:00\""));
	assert_int_equal(
	    mentorctl(h, &out, &err, "meeting", "move", "m-autumn", "--starts",
		"2027-03-28T02:15", "--ends", "2027-03-28T04:00", (char *)NULL),
	    1);
	assert_non_null(strstr(buf_str(&err),
	    "--starts: 2027-03-28 02:15 "
	    "does not exist"));
	/* The import's relative form, "today" being 2027-03-27. */
	harness_set_clock(h, 1806148800); /* 2027-03-27T12:00:00Z */
	harness_write_file(h, "m.json",
	    "{\"meetings\": [{\"id\": \"m-r\", "
	    "\"agreement\": \"a-1\", \"starts\": \"today+1T02:30\", \"ends\": "
	    "\"today+1T04:00\"}]}",
	    path, sizeof(path));
	assert_int_equal(mentorctl(h, &out, &err, "import", "--relative-dates",
			     path, (char *)NULL),
	    1);
	assert_non_null(strstr(buf_str(&err),
	    "meetings[0] (m-r): starts: "
	    "2027-03-28 02:30 does not exist: clocks go from 02:00 to 03:00"));
	buf_free(&out);
	buf_free(&err);
}

/* Write a caseload file of n citizens (see import_gen.h) into path. */
static void
caseload_write(struct harness *h, const char *name, size_t n, int changes,
    int shift, char *path, size_t len)
{
	struct import_gen g = { 0 };
	FILE		 *f;

	snprintf(path, len, "%s/%s", h->dir, name);
	g.citizens = n;
	g.meetings = 2;
	g.extend_every = 10;
	g.changes = changes;
	g.shift = shift;
	assert_non_null(f = fopen(path, "w"));
	assert_int_equal(import_gen_write(f, &g), 0);
	assert_int_equal(fclose(f), 0);
}

/* store_meeting_changed callback: count. */
static int
count_changed(const struct meeting_rec *m, void *arg)
{
	(*(int *)arg)++;
	return 0;
}

/*
 * harness_wait callback: the gateway's scheduler has handled every
 * changed meeting and made its pass over activated agreements.
 */
static int
scheduler_caught_up(void *arg)
{
	struct store *s = arg;
	char	     *v = NULL;
	int	      n = 0, pass;

	if (store_meeting_changed(s, count_changed, &n) != STORE_OK ||
	    store_setting_get(s, "scheduler.agreements_next", &v) != STORE_OK)
		return 0;
	pass = v != NULL;
	free(v);
	return n == 0 && pass;
}

/* The outbox: rows in all, and with purpose (NULL: none). */
struct tally {
	const char *purpose;
	int	    all, with, final;
};

static int
tally_one(const struct outbox_rec *r, void *arg)
{
	struct tally *t = arg;

	t->all++;
	if (t->purpose != NULL && strcmp(r->purpose, t->purpose) == 0)
		t->with++;
	if (r->status != OUTBOX_QUEUED && r->status != OUTBOX_SENDING)
		t->final++;
	return 0;
}

static struct tally
tally(struct store *s, const char *purpose)
{
	struct tally t = { purpose, 0, 0, 0 };

	assert_int_equal(
	    store_outbox_list(s, -1, NULL, 0, tally_one, &t), STORE_OK);
	return t;
}

/* harness_wait callback: the file provider has written n lines. */
struct lines_wait {
	const char *path;
	size_t	    n;
};

static int
lines_reached(void *arg)
{
	struct lines_wait *w = arg;

	return harness_count_lines(w->path) >= w->n;
}

/* Wait (up to 30 s) for the file provider's n-th line, then a moment more. */
static void
wait_lines(struct harness *h, size_t n)
{
	struct lines_wait w = { h->sms_file, n };

	if (!harness_wait(lines_reached, &w, 30000))
		fail_msg("%zu SMS lines, want %zu",
		    harness_count_lines(h->sms_file), n);
	/* Nothing more than that arrives. */
	w.n = n + 1;
	assert_false(harness_wait(lines_reached, &w, 1500));
}

/*
 * Migrating 1,000 active citizens (an agreement each, every tenth with
 * an extension, two meetings each) on one day, importing again the next
 * day with meetings moved and cancelled, and then starting the gateway
 * sends 0 texts: the import itself says so beforehand.  What happens
 * afterwards is news and is sent: a new agreement activated in
 * Mentorlink (2 texts), the reminders, and the cancellation of a meeting
 * the citizen had a reminder about -- but not of one they never heard of.
 */
static void
test_migration_texts_nobody(void **state)
{
	struct harness *h = *state;
	struct proc	gw = { 0 };
	struct store   *s;
	struct buf	out = { 0 }, err = { 0 };
	struct tally	t;
	char		path[400], path2[400], port[400], e[256];
	const char     *args[] = { "-f", h->config, "-v", NULL };
	time_t		day;

	clock_init("Europe/Copenhagen");
	day = clock_from_local(2027, 1, 4, 10, 0); /* a Monday */
	/* A database made on the day of the migration. */
	harness_done(h);
	harness_init(h, NULL);
	harness_set_clock(h, day);
	assert_int_equal(mentorctl(h, &out, &err, "init", (char *)NULL), 0);
	caseload_write(h, "day1.json", 1000, 0, 0, path, sizeof(path));
	assert_int_equal(mentorctl(h, &out, &err, "--json", "import",
			     "--relative-dates", path, (char *)NULL),
	    0);
	assert_int_equal(count_of(buf_str(&out), "sms", "total"), 0);
	assert_int_equal(
	    count_of(buf_str(&out), "sms_held", "imported_active"), 1100);
	/* The next day: 143 meetings moved an hour, 91 cancelled. */
	harness_set_clock(h, day + 86400);
	caseload_write(h, "day2.json", 1000, 1, 1, path2, sizeof(path2));
	assert_int_equal(mentorctl(h, &out, &err, "import", "--dry-run",
			     "--relative-dates", path2, (char *)NULL),
	    0);
	assert_non_null(strstr(buf_str(&out),
	    "SMS the gateway would send "
	    "for this import: 0\n"));
	assert_non_null(strstr(buf_str(&out),
	    "the citizen never had a text "
	    "about it"));
	assert_int_equal(mentorctl(h, &out, &err, "--json", "import",
			     "--relative-dates", path2, (char *)NULL),
	    0);
	assert_int_equal(count_of(buf_str(&out), "meetings", "updated"), 2000);
	assert_int_equal(count_of(buf_str(&out), "sms", "total"), 0);
	assert_int_equal(
	    count_of(buf_str(&out), "sms_held", "never_told"), 234);
	/* The gateway: nothing to send. */
	snprintf(port, sizeof(port), "%s/sms-gateway.port", h->dir);
	harness_start(h, &gw, "bin/sms-gateway", args, port);
	assert_int_equal(store_open(h->db, 0, &s, e, sizeof(e)), STORE_OK);
	assert_true(harness_wait(scheduler_caught_up, s, 30000));
	t = tally(s, NULL);
	if (t.all != 0 || harness_count_lines(h->sms_file) != 0)
		fail_msg("%d texts queued, %zu sent", t.all,
		    harness_count_lines(h->sms_file));
	/* A new agreement, activated in Mentorlink: citizen and mentor. */
	harness_set_clock(h, day + 86400 + 120);
	assert_int_equal(mentorctl(h, &out, &err, "agreement", "add",
			     "--citizen", "c-5", "--id", "a-new", "--mentor",
			     "s-m-3", "--status", "active", (char *)NULL),
	    0);
	wait_lines(h, 2);
	t = tally(s, "agreement_active");
	assert_int_equal(t.with, 2);
	/* The reminders the day before the first meetings: 50. */
	harness_set_clock(h, clock_from_local(2027, 1, 6, 16, 0));
	wait_lines(h, 52);
	assert_int_equal(tally(s, "reminder").with, 50);
	/* m-0-0 had its reminder: a cancellation is news.  m-20-1 not. */
	harness_set_clock(h, clock_from_local(2027, 1, 6, 16, 5));
	assert_int_equal(mentorctl(h, &out, &err, "meeting", "cancel", "m-0-0",
			     (char *)NULL),
	    0);
	assert_non_null(strstr(buf_str(&out), "The citizen gets a text"));
	assert_int_equal(mentorctl(h, &out, &err, "meeting", "cancel", "m-20-1",
			     (char *)NULL),
	    0);
	assert_non_null(strstr(buf_str(&out),
	    "No text to the citizen: the "
	    "citizen never had a text about it."));
	wait_lines(h, 53);
	t = tally(s, "meeting_cancelled");
	assert_int_equal(t.with, 1);
	assert_int_equal(t.all, 53);
	store_close(s);
	assert_int_equal(harness_stop(&gw), 0);
	buf_free(&out);
	buf_free(&err);
}

/* The place_in_sms of meeting ext, from `meeting list --json`. */
static int
place_in_sms(struct harness *h, const char *ext)
{
	struct json_object *arr, *m, *v;
	struct buf	    out = { 0 }, err = { 0 };
	size_t		    i;
	int		    in = -1;

	assert_int_equal(mentorctl(h, &out, &err, "--json", "meeting", "list",
			     "--from", "2000-01-01", (char *)NULL),
	    0);
	assert_non_null(arr = json_tokener_parse(buf_str(&out)));
	assert_true(json_object_is_type(arr, json_type_array));
	for (i = 0; i < json_object_array_length(arr); i++) {
		m = json_object_array_get_idx(arr, i);
		if (json_object_object_get_ex(m, "id", &v) &&
		    strcmp(json_object_get_string(v), ext) == 0 &&
		    json_object_object_get_ex(m, "place_in_sms", &v))
			in = json_object_get_boolean(v);
	}
	json_object_put(arr);
	buf_free(&out);
	buf_free(&err);
	if (in == -1)
		fail_msg("no meeting %s in the list", ext);
	return in;
}

/*
 * A place that may be in an SMS but holds a word no SMS may carry
 * ([sms] sensitive_words): import and meeting add|move warn, naming the
 * word and the meeting, and store it as not for SMS -- also a meeting
 * stored before the word was on the list, when it is moved.
 */
static void
test_place_with_sensitive_word(void **state)
{
	struct harness *h = *state;
	struct buf	out = { 0 }, err = { 0 };
	char		path[400], narrow[400], imp[1024];
	const char     *args[8];

	harness_write_file(h, "people.json", people_json, path, sizeof(path));
	assert_int_equal(
	    mentorctl(h, &out, &err, "import", path, (char *)NULL), 0);
	snprintf(imp, sizeof(imp),
	    "{\"meetings\": [{\"id\": \"m-p\", "
	    "\"agreement\": \"a-1\", \"starts\": \"2030-03-05T10:00:00+01:00\", "
	    "\"ends\": \"2030-03-05T11:00:00+01:00\", \"place\": "
	    "\"Psykiatrisk Center, afsnit 3\", \"place_in_sms\": true}, "
	    "{\"id\": \"m-ok\", \"agreement\": \"a-1\", \"starts\": "
	    "\"2030-03-06T10:00:00+01:00\", \"ends\": "
	    "\"2030-03-06T11:00:00+01:00\", \"place\": \"Herlev Bibliotek\", "
	    "\"place_in_sms\": true}]}");
	harness_write_file(h, "m.json", imp, path, sizeof(path));
	assert_int_equal(
	    mentorctl(h, &out, &err, "import", path, (char *)NULL), 0);
	assert_non_null(strstr(buf_str(&out),
	    "  ! m-p: Stedet kommer ikke "
	    "med i sms'er, fordi det indeholder ordet \"psykiatri\".\n"));
	assert_null(strstr(buf_str(&out), "m-ok:"));
	assert_int_equal(place_in_sms(h, "m-p"), 0);
	assert_int_equal(place_in_sms(h, "m-ok"), 1);
	assert_int_equal(mentorctl(h, &out, &err, "--json", "--lang", "en",
			     "import", path, (char *)NULL),
	    0);
	assert_non_null(strstr(buf_str(&out),
	    "{\"meeting\":\"m-p\",\"check\":"
	    "\"place_in_sms\",\"word\":\"psykiatri\",\"text\":\"The place is "
	    "left out of SMS because it contains the word \\\"psykiatri\\\".\"}"));
	/* meeting add */
	assert_int_equal(
	    mentorctl(h, &out, &err, "meeting", "add", "--agreement", "a-1",
		"--id", "m-a", "--starts", "2030-03-07T10:00", "--ends",
		"2030-03-07T11:00", "--place", "Afsnit for afvænning",
		"--place-in-sms", (char *)NULL),
	    0);
	assert_non_null(strstr(buf_str(&out),
	    "! m-a: Stedet kommer ikke med "
	    "i sms'er, fordi det indeholder ordet \"afvænning\"."));
	assert_int_equal(place_in_sms(h, "m-a"), 0);
	/* Stored while the list was shorter; moved now: left out too. */
	snprintf(narrow, sizeof(narrow), "%s/narrow.conf", h->dir);
	{
		struct buf conf = { 0 };

		assert_int_equal(harness_read_file(h->config, &conf), 0);
		buf_puts(&conf, "\n[sms]\nsensitive_words = ward\n");
		harness_write_file(h, "narrow.conf", buf_str(&conf), NULL, 0);
		buf_free(&conf);
	}
	snprintf(imp, sizeof(imp),
	    "{\"meetings\": [{\"id\": \"m-old\", "
	    "\"agreement\": \"a-1\", \"starts\": \"2030-03-08T10:00:00+01:00\", "
	    "\"ends\": \"2030-03-08T11:00:00+01:00\", \"place\": "
	    "\"Psykiatrisk Center, afsnit 3\", \"place_in_sms\": true}]}");
	harness_write_file(h, "old.json", imp, path, sizeof(path));
	args[0] = "-f";
	args[1] = narrow;
	args[2] = "import";
	args[3] = path;
	args[4] = NULL;
	assert_int_equal(harness_run(h, "mentorctl", 0, args, &out, &err), 0);
	assert_int_equal(place_in_sms(h, "m-old"), 1);
	assert_int_equal(
	    mentorctl(h, &out, &err, "meeting", "move", "m-old", "--starts",
		"2030-03-09T10:00", "--ends", "2030-03-09T11:00", (char *)NULL),
	    0);
	assert_non_null(strstr(buf_str(&out),
	    "! m-old: Stedet kommer ikke "
	    "med i sms'er, fordi det indeholder ordet \"psykiatri\"."));
	assert_int_equal(place_in_sms(h, "m-old"), 0);
	buf_free(&out);
	buf_free(&err);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    test_import_over_64_mib, setup, harness_teardown),
		cmocka_unit_test_setup_teardown(
		    test_import_outer_structure, setup, harness_teardown),
		cmocka_unit_test_setup_teardown(
		    test_meeting_times_dst, setup, harness_teardown),
		cmocka_unit_test_setup_teardown(
		    test_migration_texts_nobody, setup, harness_teardown),
		cmocka_unit_test_setup_teardown(
		    test_place_with_sensitive_word, setup, harness_teardown),
	};

	return cmocka_run_group_tests_name("it_import", tests, NULL, NULL);
}
