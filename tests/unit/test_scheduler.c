/*
 * test_scheduler.c - reminders and notices (sms-gateway/scheduler.c,
 * compiled in here) with the settable clock: due instants across both
 * DST changes, quiet hours, never after the start, queued once across
 * ticks and restarts, moved/cancelled notices instead of stale
 * reminders, reminders off, agreement notices, languages.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "../../sms-gateway/metrics.c"
#include "../../shared/outbox_text.c"
#include "../../sms-gateway/schedtime.c"
#include "../../sms-gateway/scheduler.c"
#include "test_db.h"

/* The scheduler task asks this of main.c; tests call scheduler_tick(). */
int
gw_may_send(const struct gw *gw)
{
	return 1;
}

struct fixture {
	char	       dir[64];
	struct store  *s;
	struct config *cfg;
	int64_t	       mentor, caseworker, citizen, agreement;
};

#define BASE_INI \
	"[organisation]\nname = Herlev Kommune\nphone = +4544520000\n" \
	"[sms]\nsender = +4512345678\n"

/* Load a configuration with the given [reminders] lines. */
static struct config *
load_config(struct fixture *f, const char *reminders)
{
	char	       path[128], err[CONFIG_ERR_MAX];
	struct config *cfg;
	FILE	      *fp;

	snprintf(path, sizeof(path), "%s/t.conf", f->dir);
	assert_non_null(fp = fopen(path, "w"));
	fprintf(fp, "%s[database]\npath = t.db\n[reminders]\n%s\n", BASE_INI,
	    reminders);
	fclose(fp);
	if ((cfg = config_load(path, err, sizeof(err))) == NULL)
		fail_msg("%s", err);
	return cfg;
}

/* Time in Copenhagen. */
static time_t
local(int y, int mo, int d, int h, int mi)
{
	return clock_from_local(y, mo, d, h, mi);
}

static time_t
utc(const char *iso)
{
	time_t t;

	assert_int_equal(clock_parse_iso(iso, &t), 0);
	return t;
}

static int64_t
add_staff(struct store *s, const char *ext, const char *name,
    const char *mobile, int caseworker)
{
	return test_db_add_staff(s, ext, name, mobile, 0, caseworker);
}

static int64_t
add_citizen(struct store *s, const char *ext, const char *mobile,
    const char *lang, int reminders_on)
{
	static int	   citizens;
	struct citizen_rec r;

	memset(&r, 0, sizeof(r));
	r.external_id = (char *)ext;
	memset(r.cpr_hash, 'a' + citizens++ % 26, 64); /* one each */
	r.given_name = "Mads";
	r.mobile = (char *)mobile;
	snprintf(r.language, sizeof(r.language), "%s", lang);
	r.reminders_on = reminders_on;
	assert_int_equal(store_citizen_upsert(s, &r), STORE_OK);
	return r.id;
}

static int64_t
add_agreement(struct fixture *f, const char *ext, int64_t citizen,
    const char *status, const char *ends)
{
	struct agreement_rec r;

	memset(&r, 0, sizeof(r));
	r.external_id = (char *)ext;
	r.citizen_id = citizen;
	r.mentor_id = f->mentor;
	r.caseworker_id = f->caseworker;
	r.goal = "Psykiatrisk afdeling P3: ambulant forløb";
	r.starts_on = "2026-11-01";
	r.ends_on = (char *)ends;
	snprintf(r.status, sizeof(r.status), "%s", status);
	assert_int_equal(store_agreement_upsert(f->s, &r), STORE_OK);
	return r.id;
}

/* A planned meeting of an hour from start, of kind (mentor, ...). */
static struct meeting_rec
meeting_of(const char *ext, int64_t agreement, time_t start, const char *place,
    int place_in_sms, const char *kind)
{
	struct meeting_rec r;

	memset(&r, 0, sizeof(r));
	r.external_id = (char *)ext;
	r.agreement_id = agreement;
	r.starts_at = start;
	r.ends_at = start + 3600;
	r.place = (char *)place;
	r.place_in_sms = place_in_sms;
	snprintf(r.kind, sizeof(r.kind), "%s", kind);
	snprintf(r.status, sizeof(r.status), "planned");
	return r;
}

/* A planned meeting of kind, added in Mentorlink. */
static int64_t
add_meeting_kind(struct fixture *f, const char *ext, int64_t agreement,
    time_t start, const char *place, int place_in_sms, const char *kind)
{
	struct meeting_rec r =
	    meeting_of(ext, agreement, start, place, place_in_sms, kind);

	assert_int_equal(store_meeting_upsert(f->s, &r), STORE_OK);
	return r.id;
}

static int64_t
add_meeting(struct fixture *f, const char *ext, int64_t agreement, time_t start,
    const char *place, int place_in_sms)
{
	return add_meeting_kind(
	    f, ext, agreement, start, place, place_in_sms, "mentor");
}

static int
setup(void **state)
{
	struct fixture *f;
	char		path[128], err[256];

	assert_non_null(f = calloc(1, sizeof(*f)));
	snprintf(f->dir, sizeof(f->dir), "/tmp/test-sched-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(path, sizeof(path), "%s/t.db", f->dir);
	/* The database is made on the day the tests start from. */
	clock_set(utc("2026-11-20T09:00:00Z"));
	assert_int_equal(
	    store_open(path, STORE_CREATE, &f->s, err, sizeof(err)), STORE_OK);
	f->cfg = load_config(f, "rules = day_before@16:00, hours_before=2");
	f->mentor = add_staff(f->s, "s-inger", "Inger Holm", "+4520000001", 0);
	f->caseworker = add_staff(f->s, "s-bo", "Bo Berg", "+4520000002", 1);
	f->citizen = add_citizen(f->s, "c-mads", "+4520000101", "da", 1);
	f->agreement =
	    add_agreement(f, "a-1", f->citizen, "active", "2027-04-30");
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture	 *f = *state;
	const char *const names[] = { "t.db", "t.db-wal", "t.db-shm",
		"t.conf" };
	char		  p[160];
	size_t		  i;

	store_close(f->s);
	config_free(f->cfg);
	for (i = 0; i < 4; i++) {
		snprintf(p, sizeof(p), "%s/%s", f->dir, names[i]);
		unlink(p);
	}
	rmdir(f->dir);
	free(f);
	clock_set(0);
	return 0;
}

/* Copy of the outbox rows, newest first. */
struct rows {
	struct outbox_rec r[32];
	size_t		  n;
};

static int
collect(const struct outbox_rec *r, void *arg)
{
	struct rows	  *rows = arg;
	struct outbox_rec *c;

	if (rows->n == 32)
		return 1;
	c = &rows->r[rows->n++];
	*c = *r;
	c->body = r->body ? strdup(r->body) : NULL;
	c->dedupe_key = r->dedupe_key ? strdup(r->dedupe_key) : NULL;
	c->provider_id = NULL;
	c->last_error = r->last_error ? strdup(r->last_error) : NULL;
	return 0;
}

static void
rows_get(struct fixture *f, struct rows *rows)
{
	rows->n = 0;
	assert_int_equal(
	    store_outbox_list(f->s, -1, NULL, 0, collect, rows), STORE_OK);
}

static void
rows_free(struct rows *rows)
{
	size_t i;

	for (i = 0; i < rows->n; i++)
		outbox_rec_free(&rows->r[i]);
	rows->n = 0;
}

/* Tick at t; returns how many messages were queued. */
static int
tick(struct fixture *f, time_t t)
{
	int n;

	clock_set(t);
	scheduler_tick(f->s, f->cfg, t, &n);
	return n;
}

/* The rows with this purpose among rows (pointers into rows). */
static size_t
with_purpose(
    struct rows *rows, const char *purpose, struct outbox_rec **out, size_t max)
{
	size_t i, n = 0;

	for (i = 0; i < rows->n && n < max; i++)
		if (strcmp(rows->r[i].purpose, purpose) == 0)
			out[n++] = &rows->r[i];
	return n;
}

/* --- due instants ------------------------------------------------------ */

static void
test_due_dst(void **state)
{
	struct fixture		   *f = *state;
	const struct reminder_rule *day = &f->cfg->rules[0];
	const struct reminder_rule *hours = &f->cfg->rules[1];

	assert_int_equal(f->cfg->nrules, 2);
	assert_string_equal(day->name, "day_before@16:00");
	/* Spring forward 2027-03-28 02:00 -> 03:00. */
	assert_int_equal(reminder_due(f->cfg, day, local(2027, 3, 29, 9, 0)),
	    utc("2027-03-28T14:00:00Z"));
	/* Fall back 2027-10-31 03:00 -> 02:00. */
	assert_int_equal(reminder_due(f->cfg, day, local(2027, 11, 1, 9, 0)),
	    utc("2027-10-31T15:00:00Z"));
	/* On the change days themselves. */
	assert_int_equal(reminder_due(f->cfg, day, local(2027, 3, 28, 10, 0)),
	    utc("2027-03-27T15:00:00Z"));
	assert_int_equal(reminder_due(f->cfg, hours, local(2027, 3, 28, 12, 0)),
	    utc("2027-03-28T08:00:00Z"));
	assert_int_equal(
	    reminder_due(f->cfg, hours, local(2027, 10, 31, 12, 0)),
	    utc("2027-10-31T09:00:00Z"));
	/* 07:00 is quiet: moved to 21:00 the evening before, which repeats
	   the day-before reminder at 16:00, so it is dropped. */
	assert_int_equal(
	    reminder_due(f->cfg, hours, local(2027, 3, 29, 9, 0)), (time_t)-1);
	assert_int_equal(
	    reminder_due(f->cfg, hours, local(2027, 11, 1, 9, 0)), (time_t)-1);
}

static void
test_due_quiet_hours(void **state)
{
	struct fixture		   *f = *state;
	struct config		   *cfg;
	const struct reminder_rule *r;

	cfg =
	    load_config(f, "rules = hours_before=2\nquiet_hours = 08:00-21:00");
	r = &cfg->rules[0];
	/* 07:00 -> 21:00 the day before (nothing else to repeat). */
	assert_int_equal(reminder_due(cfg, r, local(2026, 12, 2, 9, 0)),
	    local(2026, 12, 1, 21, 0));
	/* 20:30 is allowed. */
	assert_int_equal(reminder_due(cfg, r, local(2026, 12, 2, 22, 30)),
	    local(2026, 12, 2, 20, 30));
	/* 21:30 -> 21:00 the same day; 21:00 itself is allowed. */
	assert_int_equal(reminder_due(cfg, r, local(2026, 12, 2, 23, 30)),
	    local(2026, 12, 2, 21, 0));
	assert_int_equal(reminder_due(cfg, r, local(2026, 12, 2, 23, 0)),
	    local(2026, 12, 2, 21, 0));
	/* 22:30 the evening before -> 21:00 that evening. */
	assert_int_equal(reminder_due(cfg, r, local(2026, 12, 3, 0, 30)),
	    local(2026, 12, 2, 21, 0));
	/* 08:00 is allowed. */
	assert_int_equal(reminder_due(cfg, r, local(2026, 12, 2, 10, 0)),
	    local(2026, 12, 2, 8, 0));
	config_free(cfg);
	/* Never at or after the start. */
	cfg = load_config(f, "rules = same_day@10:00");
	assert_int_equal(
	    reminder_due(cfg, &cfg->rules[0], local(2026, 12, 2, 9, 0)),
	    (time_t)-1);
	assert_int_equal(
	    reminder_due(cfg, &cfg->rules[0], local(2026, 12, 2, 13, 0)),
	    local(2026, 12, 2, 10, 0));
	config_free(cfg);
}

/* --- ticks ------------------------------------------------------------- */

static void
test_tick_queues_once(void **state)
{
	struct fixture	  *f = *state;
	struct rows	   rows;
	struct outbox_rec *rem[4];
	time_t		   start = local(2026, 11, 25, 10, 0);
	int64_t		   m;
	char		   key[64];

	m = add_meeting(
	    f, "m-1", f->agreement, start, "Psykiatrien, afsnit P3", 0);
	tick(f, local(2026, 11, 24, 9, 0)); /* cursors start here */
	assert_int_equal(tick(f, local(2026, 11, 24, 15, 59)), 0);
	rows_get(f, &rows);
	assert_int_equal(with_purpose(&rows, "reminder", rem, 4), 0);
	rows_free(&rows);
	assert_int_equal(tick(f, local(2026, 11, 24, 16, 0)), 1);
	assert_int_equal(tick(f, local(2026, 11, 24, 16, 0)), 0);
	assert_int_equal(tick(f, local(2026, 11, 24, 17, 0)), 0);
	rows_get(f, &rows);
	assert_int_equal(with_purpose(&rows, "reminder", rem, 4), 1);
	snprintf(
	    key, sizeof(key), "reminder:%lld:day_before@16:00:1", (long long)m);
	assert_string_equal(rem[0]->dedupe_key, key);
	assert_int_equal(rem[0]->send_by, start);
	assert_int_equal(rem[0]->meeting_id, m);
	assert_string_equal(rem[0]->recipient, "+4520000101");
	assert_string_equal(rem[0]->body,
	    "Husk dit møde med Inger fra Herlev "
	    "Kommune onsdag den 25. november 2026 kl. 10.00.");
	/* Neither the place (not allowed), the goal nor the unit. */
	assert_null(strstr(rem[0]->body, "P3"));
	assert_null(strstr(rem[0]->body, "Psykiatri"));
	rows_free(&rows);
	/* 08:00 on the day: the two-hours reminder. */
	assert_int_equal(tick(f, local(2026, 11, 25, 7, 59)), 0);
	assert_int_equal(tick(f, local(2026, 11, 25, 8, 0)), 1);
	/* After the start: nothing more. */
	assert_int_equal(tick(f, local(2026, 11, 25, 10, 30)), 0);
	rows_get(f, &rows);
	assert_int_equal(with_purpose(&rows, "reminder", rem, 4), 2);
	rows_free(&rows);
}

static void
test_tick_dst(void **state)
{
	struct fixture	  *f = *state;
	struct rows	   rows;
	struct outbox_rec *rem[4];

	add_meeting(f, "m-spring", f->agreement, local(2027, 3, 29, 9, 0),
	    "Herlev Bibliotek", 1);
	add_meeting(
	    f, "m-autumn", f->agreement, local(2027, 11, 1, 9, 0), NULL, 0);
	tick(f, utc("2027-03-20T12:00:00Z"));
	assert_int_equal(tick(f, utc("2027-03-28T13:59:59Z")), 0);
	assert_int_equal(tick(f, utc("2027-03-28T14:00:00Z")), 1);
	/* 07:00 on the day is quiet and repeats 16:00: nothing. */
	assert_int_equal(tick(f, utc("2027-03-29T06:00:00Z")), 0);
	rows_get(f, &rows);
	assert_int_equal(with_purpose(&rows, "reminder", rem, 4), 1);
	assert_string_equal(rem[0]->body,
	    "Husk dit møde med Inger fra Herlev "
	    "Kommune mandag den 29. marts 2027 kl. 09.00. Sted: Herlev "
	    "Bibliotek.");
	rows_free(&rows);
	assert_int_equal(tick(f, utc("2027-10-31T14:59:59Z")), 0);
	assert_int_equal(tick(f, utc("2027-10-31T15:00:00Z")), 1);
	rows_get(f, &rows);
	assert_int_equal(with_purpose(&rows, "reminder", rem, 4), 2);
	assert_string_equal(rem[0]->body,
	    "Husk dit møde med Inger fra Herlev "
	    "Kommune mandag den 1. november 2027 kl. 09.00.");
	rows_free(&rows);
}

static void
test_quiet_tick_waits(void **state)
{
	struct fixture *f = *state;
	time_t		next;
	int		n;

	clock_set(local(2026, 11, 24, 23, 0));
	next = scheduler_tick(f->s, f->cfg, local(2026, 11, 24, 23, 0), &n);
	assert_int_equal(n, 0);
	assert_int_equal(next, local(2026, 11, 25, 8, 0));
	next = scheduler_tick(f->s, f->cfg, local(2026, 11, 25, 6, 0), &n);
	assert_int_equal(next, local(2026, 11, 25, 8, 0));
}

static void
test_moved_and_cancelled(void **state)
{
	struct fixture	  *f = *state;
	struct rows	   rows;
	struct outbox_rec *r[4];
	time_t		   start = local(2026, 11, 26, 10, 0);
	int64_t		   m;
	char		   key[64];

	m = add_meeting(f, "m-1", f->agreement, start, "Herlev Bibliotek", 1);
	tick(f, local(2026, 11, 25, 9, 0));
	assert_int_equal(tick(f, local(2026, 11, 25, 16, 0)), 1);
	/* Moved before the reminder went out: withdrawn, notice instead. */
	assert_int_equal(store_meeting_move(f->s, m, start + 86400,
			     start + 86400 + 3600, local(2026, 11, 25, 16, 5)),
	    STORE_OK);
	/* The sender re-reads the meeting: the stale reminder stays put. */
	{
		struct outbox_claim c[4];
		size_t		    n, i;

		assert_int_equal(
		    store_outbox_claim(
			f->s, local(2026, 11, 25, 16, 5), "file", 4, c, &n),
		    STORE_OK);
		for (i = 0; i < n; i++) {
			assert_int_not_equal(
			    c[i].priority, outbox_priority("reminder"));
			outbox_claim_free(&c[i]);
		}
	}
	assert_int_equal(tick(f, local(2026, 11, 25, 16, 6)), 1);
	rows_get(f, &rows);
	assert_int_equal(with_purpose(&rows, "reminder", r, 4), 1);
	assert_int_equal(r[0]->status, OUTBOX_EXPIRED);
	assert_string_equal(r[0]->last_error, "meeting changed");
	assert_int_equal(with_purpose(&rows, "meeting_moved", r, 4), 1);
	snprintf(key, sizeof(key), "moved:%lld:2", (long long)m);
	assert_string_equal(r[0]->dedupe_key, key);
	assert_string_equal(r[0]->body,
	    "Dit møde med Inger fra Herlev Kommune "
	    "er flyttet. Det nye tidspunkt er fredag den 27. november 2026 "
	    "kl. 10.00. Sted: Herlev Bibliotek. Har du spørgsmål, så ring til "
	    "44 52 00 00.");
	assert_int_equal(r[0]->send_by, start + 86400);
	rows_free(&rows);
	/* Once only. */
	assert_int_equal(tick(f, local(2026, 11, 25, 16, 7)), 0);
	/* The new day-before reminder, version 2. */
	assert_int_equal(tick(f, local(2026, 11, 26, 16, 0)), 1);
	assert_int_equal(
	    store_meeting_cancel(f->s, m, local(2026, 11, 26, 17, 0)),
	    STORE_OK);
	assert_int_equal(tick(f, local(2026, 11, 26, 17, 1)), 1);
	rows_get(f, &rows);
	assert_int_equal(with_purpose(&rows, "meeting_cancelled", r, 4), 1);
	snprintf(key, sizeof(key), "moved:%lld:3", (long long)m);
	assert_string_equal(r[0]->dedupe_key, key);
	assert_non_null(strstr(r[0]->body, "er aflyst"));
	assert_int_equal(with_purpose(&rows, "reminder", r, 4), 2);
	assert_int_equal(r[0]->status, OUTBOX_EXPIRED);
	assert_int_equal(r[1]->status, OUTBOX_EXPIRED);
	rows_free(&rows);
	/* Cancelled meetings get no reminder. */
	assert_int_equal(tick(f, local(2026, 11, 27, 8, 0)), 0);
}

static void
test_reminders_off_and_english(void **state)
{
	struct fixture	  *f = *state;
	struct rows	   rows;
	struct outbox_rec *r[4];
	int64_t		   c2, a2;

	c2 = add_citizen(f->s, "c-ann2", "+4520000102", "en", 1);
	a2 = add_agreement(f, "a-2", c2, "active", "2027-04-30");
	add_meeting(f, "m-en", a2, local(2026, 11, 25, 13, 0), NULL, 0);
	assert_int_equal(
	    store_citizen_set_reminders(f->s, f->citizen, 0), STORE_OK);
	add_meeting(
	    f, "m-off", f->agreement, local(2026, 11, 25, 13, 0), NULL, 0);
	tick(f, local(2026, 11, 24, 9, 0));
	assert_int_equal(tick(f, local(2026, 11, 24, 16, 0)), 1);
	rows_get(f, &rows);
	assert_int_equal(with_purpose(&rows, "reminder", r, 4), 1);
	assert_string_equal(r[0]->recipient, "+4520000102");
	assert_string_equal(r[0]->body,
	    "Reminder: your meeting with Inger "
	    "from Herlev Kommune is on Wednesday, 25 November 2026 at 13:00.");
	rows_free(&rows);
}

/*
 * Who a reminder names: the mentor for a meeting of kind mentor, the
 * caseworker (first name) for kind caseworker, nobody for kind other.  A
 * place the citizen may read is left out when it holds a word of [sms]
 * sensitive_words.
 */
static void
test_who_and_where(void **state)
{
	struct fixture	  *f = *state;
	struct rows	   rows;
	struct outbox_rec *r[4];
	size_t		   i, n;
	int		   cw = 0, other = 0, mentor = 0;

	add_meeting_kind(f, "m-cw", f->agreement, local(2026, 11, 25, 10, 0),
	    "Jobcentret, 2. sal", 1, "caseworker");
	add_meeting_kind(f, "m-other", f->agreement, local(2026, 11, 25, 12, 0),
	    NULL, 0, "other");
	add_meeting(f, "m-ward", f->agreement, local(2026, 11, 25, 14, 0),
	    "Psykiatrisk Center, afsnit 3", 1);
	tick(f, local(2026, 11, 24, 9, 0));
	assert_int_equal(tick(f, local(2026, 11, 24, 16, 0)), 3);
	rows_get(f, &rows);
	n = with_purpose(&rows, "reminder", r, 4);
	assert_int_equal(n, 3);
	for (i = 0; i < n; i++) {
		assert_null(strstr(r[i]->body, "Holm"));
		assert_null(strstr(r[i]->body, "Psykiatri"));
		assert_null(strstr(r[i]->body, "afsnit"));
		if (strcmp(r[i]->body,
			"Husk dit møde med Bo fra Herlev Kommune "
			"onsdag den 25. november 2026 kl. 10.00. Sted: Jobcentret, "
			"2. sal.") == 0)
			cw++;
		else if (strcmp(r[i]->body,
			     "Husk dit møde hos Herlev Kommune "
			     "onsdag den 25. november 2026 kl. 12.00.") == 0)
			other++;
		else if (
		    strcmp(r[i]->body,
			"Husk dit møde med Inger fra Herlev "
			"Kommune onsdag den 25. november 2026 kl. 14.00.") == 0)
			mentor++;
		else
			fail_msg("unexpected: %s", r[i]->body);
	}
	assert_int_equal(cw + other + mentor, 3);
	assert_int_equal(cw * other * mentor, 1);
	rows_free(&rows);
}

static void
test_agreement_notices(void **state)
{
	struct fixture	  *f = *state;
	struct rows	   rows;
	struct outbox_rec *r[8];
	time_t		   t = utc("2026-11-20T09:00:00Z");
	size_t		   n;

	/* a-1 was activated in setup at t; it ends 2027-04-30. */
	tick(f, t + 60);
	rows_get(f, &rows);
	n = with_purpose(&rows, "agreement_active", r, 8);
	assert_int_equal(n, 2);
	/* Newest first: the mentor's text, then the citizen's. */
	assert_string_equal(r[1]->recipient, "+4520000101");
	assert_string_equal(r[1]->body,
	    "Du har fået en kontaktperson hos "
	    "Herlev Kommune. Din kontaktperson hedder Inger og har telefon 20 "
	    "00 00 01. Svar på denne sms, hvis du gerne vil have, at Inger "
	    "ringer til dig.");
	assert_string_equal(r[0]->recipient, "+4520000001");
	assert_string_equal(r[0]->body,
	    "Du er nu mentor for Mads hos Herlev "
	    "Kommune fra søndag den 1. november 2026 til fredag den 30. april "
	    "2027.");
	assert_null(strstr(r[0]->body, "Psykiatrisk"));
	assert_int_equal(with_purpose(&rows, "agreement_ending", r, 8), 0);
	rows_free(&rows);
	/* Again a minute later: nothing new. */
	assert_int_equal(tick(f, t + 180), 0);
	/* Thirty days before the end: mentor and caseworker, once. */
	assert_int_equal(tick(f, utc("2027-03-31T09:00:00Z")), 2);
	assert_int_equal(tick(f, utc("2027-03-31T12:00:00Z")), 0);
	assert_int_equal(tick(f, utc("2027-04-01T09:00:00Z")), 0);
	rows_get(f, &rows);
	n = with_purpose(&rows, "agreement_ending", r, 8);
	assert_int_equal(n, 2);
	assert_string_equal(r[0]->body,
	    "Mentoraftalen for Mads slutter "
	    "fredag den 30. april 2027. Tag stilling til, om den skal "
	    "forlænges.");
	rows_free(&rows);
}

static void
test_restart_keeps_cursor(void **state)
{
	struct fixture *f = *state;
	time_t		start = local(2026, 11, 25, 10, 0);

	add_meeting(f, "m-1", f->agreement, start, NULL, 0);
	tick(f, local(2026, 11, 24, 9, 0));
	assert_int_equal(tick(f, local(2026, 11, 24, 16, 0)), 1);
	/* A second daemon, or a restart, on the same database. */
	store_close(f->s);
	{
		char path[128], err[256];

		snprintf(path, sizeof(path), "%s/t.db", f->dir);
		assert_int_equal(
		    store_open(path, 0, &f->s, err, sizeof(err)), STORE_OK);
	}
	assert_int_equal(tick(f, local(2026, 11, 24, 16, 0)), 0);
	/* A lost cursor: the dedupe key still holds. */
	assert_int_equal(
	    store_setting_set(f->s, "scheduler.cursor.day_before@16:00", "0:0"),
	    STORE_OK);
	assert_int_equal(tick(f, local(2026, 11, 24, 16, 1)), 0);
}

/* Many meetings falling due at once are queued in one tick. */
static void
test_many_due(void **state)
{
	struct fixture *f = *state;
	char		ext[32];
	time_t		start = local(2026, 11, 25, 10, 0);
	int		i;

	assert_int_equal(store_begin(f->s), STORE_OK);
	for (i = 0; i < 500; i++) {
		snprintf(ext, sizeof(ext), "m-%d", i);
		add_meeting(f, ext, f->agreement, start + i * 60, NULL, 0);
	}
	assert_int_equal(store_commit(f->s), STORE_OK);
	tick(f, local(2026, 11, 24, 9, 0));
	assert_int_equal(tick(f, local(2026, 11, 24, 16, 0)), 500);
	assert_int_equal(tick(f, local(2026, 11, 24, 16, 1)), 0);
}

/* An agreement as an import stores it: imported_active when active. */
static int64_t
import_agreement(struct fixture *f, const char *ext, int64_t citizen,
    int64_t mentor, int64_t extends)
{
	struct agreement_rec r;

	memset(&r, 0, sizeof(r));
	r.external_id = (char *)ext;
	r.citizen_id = citizen;
	r.mentor_id = mentor;
	r.extends_id = extends;
	r.starts_on = "2026-11-01";
	r.ends_on = "2027-04-30";
	r.imported_active = 1;
	snprintf(r.status, sizeof(r.status), "active");
	assert_int_equal(store_agreement_insert(f->s, &r), STORE_OK);
	return r.id;
}

/* A meeting as an import stores it. */
static int64_t
import_meeting(
    struct fixture *f, const char *ext, int64_t agreement, time_t start)
{
	struct meeting_rec r =
	    meeting_of(ext, agreement, start, NULL, 0, "mentor");

	r.imported = 1;
	assert_int_equal(store_meeting_insert(f->s, &r), STORE_OK);
	return r.id;
}

/* The number of rows of the outbox with this purpose. */
static size_t
count_purpose(struct fixture *f, const char *purpose)
{
	struct rows	   rows;
	struct outbox_rec *r[32];
	size_t		   n;

	rows_get(f, &rows);
	n = with_purpose(&rows, purpose, r, 32);
	rows_free(&rows);
	return n;
}

/*
 * Agreements whose activation is not news get no texts: imported
 * already active, extending one with the same mentor, active before
 * notify_since.  A new mentor in an extension, and an activation in
 * Mentorlink after the import, are news.
 */
static void
test_agreement_notices_not_news(void **state)
{
	struct fixture *f = *state;
	struct config  *cfg;
	int64_t		c2, c3, other, a2;
	time_t		t = utc("2026-11-20T09:00:00Z");
	int		n;

	tick(f, t + 60); /* a-1 of setup: news, 2 texts */
	assert_int_equal(count_purpose(f, "agreement_active"), 2);
	c2 = add_citizen(f->s, "c-ida", "+4520000102", "da", 1);
	other = add_staff(f->s, "s-jorn", "Jørn Æbelø", "+4520000003", 0);
	clock_set(t + 120);
	a2 = import_agreement(f, "a-imp", c2, f->mentor, 0);
	import_agreement(f, "a-imp-2", c2, f->mentor, a2);
	assert_int_equal(tick(f, t + 180), 0);
	/* An extension by Mentorlink with the same mentor: no texts. */
	clock_set(t + 240);
	{
		struct agreement_rec r;

		memset(&r, 0, sizeof(r));
		r.external_id = "a-1-2";
		r.citizen_id = f->citizen;
		r.mentor_id = f->mentor;
		r.extends_id = f->agreement;
		snprintf(r.status, sizeof(r.status), "active");
		assert_int_equal(store_agreement_upsert(f->s, &r), STORE_OK);
		/* ... and with a new mentor: both are told. */
		r.external_id = "a-1-3";
		r.mentor_id = other;
		assert_int_equal(store_agreement_upsert(f->s, &r), STORE_OK);
	}
	assert_int_equal(tick(f, t + 300), 2);
	assert_int_equal(count_purpose(f, "agreement_active"), 4);
	/* notify_since after the activation: not news either. */
	cfg = load_config(f,
	    "rules = day_before@16:00\n"
	    "notify_since = 2026-11-21");
	c3 = add_citizen(f->s, "c-ole", "+4520000103", "da", 1);
	add_agreement(f, "a-3", c3, "active", "2027-04-30");
	clock_set(t + 420);
	scheduler_tick(f->s, cfg, t + 420, &n);
	assert_int_equal(n, 0);
	assert_int_equal(count_purpose(f, "agreement_active"), 4);
	config_free(cfg);
}

/*
 * An imported meeting is news only once the citizen had a text about
 * it: cancelled or moved before that, nothing (the reminder gives the
 * new time); after a reminder was handed to the provider, a notice.  A
 * meeting added in Mentorlink is known to the citizen as before.
 */
static void
test_imported_meeting_changes(void **state)
{
	struct fixture	     *f = *state;
	struct outbox_claim   c[8];
	struct outbox_outcome o[8];
	time_t		      start = local(2026, 11, 26, 10, 0);
	int64_t		      m1, m2, m3, m4;
	size_t		      i, n;

	m1 = import_meeting(f, "m-imp-1", f->agreement, start);
	m2 = import_meeting(f, "m-imp-2", f->agreement, start + 7200);
	m3 = import_meeting(f, "m-imp-3", f->agreement, start + 4 * 86400);
	m4 =
	    add_meeting(f, "m-added", f->agreement, start + 5 * 86400, NULL, 0);
	tick(f, local(2026, 11, 24, 9, 0));
	/* Never told: cancelled and moved, no notice. */
	assert_int_equal(
	    store_meeting_cancel(f->s, m1, local(2026, 11, 24, 10, 0)),
	    STORE_OK);
	assert_int_equal(
	    store_meeting_move(f->s, m3, start + 6 * 86400,
		start + 6 * 86400 + 3600, local(2026, 11, 24, 10, 0)),
	    STORE_OK);
	assert_int_equal(tick(f, local(2026, 11, 24, 10, 1)), 0);
	assert_int_equal(count_purpose(f, "meeting_cancelled"), 0);
	assert_int_equal(count_purpose(f, "meeting_moved"), 0);
	/* The day-before reminder of m-imp-2 goes to the provider. */
	assert_int_equal(tick(f, local(2026, 11, 25, 16, 0)), 1);
	assert_int_equal(store_outbox_claim(f->s, local(2026, 11, 25, 16, 0),
			     "file", 8, c, &n),
	    STORE_OK);
	assert_int_equal(n, 1);
	for (i = 0; i < n; i++) {
		memset(&o[i], 0, sizeof(o[i]));
		o[i].id = c[i].id;
		o[i].result = OUTBOX_RESULT_SENT;
		outbox_claim_free(&c[i]);
	}
	assert_int_equal(
	    store_outbox_record(f->s, o, n, local(2026, 11, 25, 16, 0)),
	    STORE_OK);
	/* Now the citizen knows m-imp-2: its cancellation is news. */
	assert_int_equal(
	    store_meeting_cancel(f->s, m2, local(2026, 11, 25, 17, 0)),
	    STORE_OK);
	assert_int_equal(tick(f, local(2026, 11, 25, 17, 1)), 1);
	assert_int_equal(count_purpose(f, "meeting_cancelled"), 1);
	/* A meeting added in Mentorlink was arranged with the citizen. */
	assert_int_equal(
	    store_meeting_cancel(f->s, m4, local(2026, 11, 25, 17, 5)),
	    STORE_OK);
	assert_int_equal(tick(f, local(2026, 11, 25, 17, 6)), 1);
	assert_int_equal(count_purpose(f, "meeting_cancelled"), 2);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_due_dst, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_due_quiet_hours, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_tick_queues_once, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tick_dst, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_quiet_tick_waits, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_moved_and_cancelled, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_reminders_off_and_english, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_who_and_where, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_agreement_notices, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_restart_keeps_cursor, setup, teardown),
		cmocka_unit_test_setup_teardown(test_many_due, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_agreement_notices_not_news, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_imported_meeting_changes, setup, teardown),
	};

	log_init(1, 0);
	clock_init("Europe/Copenhagen");
	i18n_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
