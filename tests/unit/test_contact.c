/*
 * test_contact.c - unit tests for shared/contact.c (with store_contact.c
 * and store_inbox.c underneath): working-time arithmetic across nights,
 * weekends and a DST change; routing to mentor, deputy and team number;
 * one open request per citizen; acknowledgement; reassignment;
 * escalation; the reply
 * log and idempotent intake.
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
#include <sqlite3.h>

#include "clock.h"
#include "config.h"
#include "contact.h"
#include "escalation.h"
#include "smsreply.h"
#include "store_staff.h"
#include "store.h"
#include "store_contact.h"
#include "store_inbox.h"
#include "test_db.h"

static char	     dir[64], dbpath[128];
static struct config cfg;
static int64_t	     mentor, deputy, citizen;

/* 2026-11-23 is a Monday. */
static time_t
at(int d, int h, int m)
{
	return clock_from_local(2026, 11, d, h, m);
}

static void
add_people(struct store *s)
{
	struct staff_rec     st;
	struct citizen_rec   c;
	struct agreement_rec a;

	memset(&st, 0, sizeof(st));
	st.external_id = (char *)"s-claus";
	st.name = (char *)"Claus Berg";
	st.mobile = (char *)"+4520000002";
	assert_int_equal(store_staff_upsert(s, &st), STORE_OK);
	deputy = st.id;
	st.id = 0;
	st.external_id = (char *)"s-inger";
	st.name = (char *)"Inger Holm";
	st.mobile = (char *)"+4520000001";
	st.deputy_id = deputy;
	assert_int_equal(store_staff_upsert(s, &st), STORE_OK);
	mentor = st.id;
	memset(&c, 0, sizeof(c));
	c.external_id = (char *)"c-mads";
	memset(c.cpr_hash, 'a', 64);
	c.given_name = (char *)"Mads";
	c.mobile = (char *)"+4520000101";
	memcpy(c.language, "da", 3);
	c.reminders_on = 1;
	assert_int_equal(store_citizen_upsert(s, &c), STORE_OK);
	citizen = c.id;
	memset(&a, 0, sizeof(a));
	a.external_id = (char *)"a-1";
	a.citizen_id = citizen;
	a.mentor_id = mentor;
	a.starts_on = (char *)"2026-11-01";
	a.ends_on = (char *)"2027-04-30";
	snprintf(a.status, sizeof(a.status), "active");
	assert_int_equal(store_agreement_upsert(s, &a), STORE_OK);
}

static int
setup(void **state)
{
	struct store *s;

	clock_init("Europe/Copenhagen");
	if (test_db_make("test-contact", dir, dbpath, &s) == -1)
		return -1;
	memset(&cfg, 0, sizeof(cfg));
	cfg.org_name = (char *)"Testby Kommune";
	cfg.org_phone = (char *)"+4544520000";
	cfg.org_sms_urgent.text[LANG_DA] = (char *)"Er det akut, så ring 112.";
	cfg.org_sms_urgent.text[LANG_EN] = (char *)"If it is urgent, call 112.";
	cfg.escalate_after = 4 * 3600;
	cfg.escalate_to = (char *)"+4544520001";
	cfg.work_start = 8 * 60;
	cfg.work_end = 16 * 60;
	cfg.loop_limit = 5;
	add_people(s);
	*state = s;
	return 0;
}

static int
teardown(void **state)
{
	return test_db_remove(*state, dir, dbpath);
}

/* One integer from a query on a second connection (tests only). */
static int64_t
q(const char *sql)
{
	return test_db_int(dbpath, sql);
}

static void
reset_requests(struct store *s)
{
	sqlite3 *db;

	(void)s;
	assert_int_equal(sqlite3_open(dbpath, &db), SQLITE_OK);
	sqlite3_exec(db,
	    "UPDATE sms_outbox SET contact_id = NULL; "
	    "DELETE FROM contact_request; DELETE FROM sms_outbox; "
	    "UPDATE staff SET away_from = NULL, away_until = NULL",
	    NULL, NULL, NULL);
	sqlite3_close(db);
}

static void
test_working_seconds(void **state)
{
	(void)state;
	/* Monday 15:00 to Tuesday 09:00: one hour each day. */
	assert_int_equal(
	    contact_working_seconds(&cfg, at(23, 15, 0), at(24, 9, 0)), 7200);
	/* Friday 15:00 to Monday 09:00 over the weekend. */
	assert_int_equal(
	    contact_working_seconds(&cfg, at(27, 15, 0), at(30, 9, 0)), 7200);
	/* Saturday to Sunday: nothing. */
	assert_int_equal(
	    contact_working_seconds(&cfg, at(28, 9, 0), at(29, 20, 0)), 0);
	assert_int_equal(
	    contact_working_seconds(&cfg, at(24, 9, 0), at(23, 9, 0)), 0);
}

static void
test_working_deadline(void **state)
{
	(void)state;
	assert_true(contact_working_deadline(&cfg, at(23, 9, 0), 4 * 3600) ==
	    at(23, 13, 0));
	/* Friday 15:00 + 4h = Monday 11:00. */
	assert_true(contact_working_deadline(&cfg, at(27, 15, 0), 4 * 3600) ==
	    at(30, 11, 0));
	/* Saturday night + 1h = Monday 09:00. */
	assert_true(contact_working_deadline(&cfg, at(28, 23, 0), 3600) ==
	    at(30, 9, 0));
	/* Monday 06:00 + 1h = 09:00. */
	assert_true(
	    contact_working_deadline(&cfg, at(23, 6, 0), 3600) == at(23, 9, 0));
	/* Over the spring DST change: Fri 2026-03-27 15:00 + 4h. */
	assert_true(
	    contact_working_deadline(&cfg, clock_from_local(2026, 3, 27, 15, 0),
		4 * 3600) == clock_from_local(2026, 3, 30, 11, 0));
}

/*
 * Public holidays have no working time: a request opened on Good Friday
 * is not escalated before the Tuesday after Easter.  Grundlovsdag ends at
 * noon; [contact] closed_days closes more days.
 */
static void
test_working_holidays(void **state)
{
	struct config_day d[] = { { 2026, 12, 24 }, { 0, 12, 31 } };

	(void)state;
	/* Good Friday 2026-04-03 10:00 + 4h: Tuesday 2026-04-07 12:00. */
	assert_true(
	    contact_working_deadline(&cfg, clock_from_local(2026, 4, 3, 10, 0),
		4 * 3600) == clock_from_local(2026, 4, 7, 12, 0));
	assert_int_equal(
	    contact_working_seconds(&cfg, clock_from_local(2026, 4, 1, 16, 0),
		clock_from_local(2026, 4, 7, 8, 0)),
	    0);
	/* Maundy Thursday 2027 (also over the DST change): Tuesday. */
	assert_true(
	    contact_working_deadline(&cfg, clock_from_local(2027, 3, 24, 15, 0),
		4 * 3600) == clock_from_local(2027, 3, 30, 11, 0));
	/* Ascension Day 2026-05-14 and the Friday after it. */
	assert_true(
	    contact_working_deadline(&cfg, clock_from_local(2026, 5, 13, 15, 0),
		2 * 3600) == clock_from_local(2026, 5, 15, 9, 0));
	/* Grundlovsdag (Friday 2026-06-05) ends at 12:00. */
	assert_true(
	    contact_working_deadline(&cfg, clock_from_local(2026, 6, 5, 10, 0),
		4 * 3600) == clock_from_local(2026, 6, 8, 10, 0));
	/* Christmas: 24 and 31 December only when configured. */
	assert_true(contact_working_deadline(&cfg,
			clock_from_local(2026, 12, 23, 15, 0),
			2 * 3600) == clock_from_local(2026, 12, 24, 9, 0));
	cfg.closed_days = (struct config_days){ d, 2 };
	assert_true(contact_working_deadline(&cfg,
			clock_from_local(2026, 12, 23, 15, 0),
			2 * 3600) == clock_from_local(2026, 12, 28, 9, 0));
	assert_true(contact_working_deadline(&cfg,
			clock_from_local(2026, 12, 30, 15, 0),
			2 * 3600) == clock_from_local(2027, 1, 4, 9, 0));
	cfg.closed_days = (struct config_days){ NULL, 0 };
}

static void
test_open_routes_to_mentor(void **state)
{
	struct store	      *s = *state;
	struct contact_outcome o;

	reset_requests(s);
	assert_int_equal(
	    contact_open(s, &cfg, citizen, "kiosk", at(23, 9, 0), &o), 0);
	assert_int_equal(o.kind, CONTACT_OPENED);
	assert_true(o.request_id > 0);
	assert_string_equal(o.caller_name, "Inger Holm");
	contact_outcome_free(&o);
	assert_int_equal(q("SELECT count(*) FROM sms_outbox WHERE "
			   "recipient = '+4520000001' AND purpose = 'contact'"),
	    1);
	assert_int_equal(
	    q("SELECT count(*) FROM sms_outbox WHERE "
	      "recipient = '+4520000101' AND purpose = 'receipt' AND "
	      "body LIKE 'Inger har fået besked%112.'"),
	    1);
	/* The citizen's words are not forwarded. */
	assert_int_equal(contact_open_text(s, &cfg, citizen, "sms", "hemmelig",
			     at(23, 9, 5), &o),
	    0);
	assert_int_equal(o.kind, CONTACT_ALREADY_OPEN);
	assert_string_equal(o.caller_name, "Inger Holm");
	contact_outcome_free(&o);
	assert_int_equal(q("SELECT count(*) FROM sms_outbox"), 2);
	assert_int_equal(q("SELECT count(*) FROM sms_outbox WHERE body LIKE "
			   "'%hemmelig%'"),
	    0);
	assert_int_equal(q("SELECT count(*) FROM contact_request WHERE "
			   "notified_at IS NOT NULL AND routed_as = 'mentor'"),
	    1);
}

static void
test_forward_text(void **state)
{
	struct store	      *s = *state;
	struct contact_outcome o;

	reset_requests(s);
	cfg.forward_text = 1;
	assert_int_equal(contact_open_text(s, &cfg, citizen, "sms",
			     "Ring efter kl. 12", at(23, 9, 0), &o),
	    0);
	cfg.forward_text = 0;
	assert_int_equal(o.kind, CONTACT_OPENED);
	contact_outcome_free(&o);
	assert_int_equal(q("SELECT count(*) FROM sms_outbox WHERE body LIKE "
			   "'%Beskeden: Ring efter kl. 12'"),
	    1);
}

static void
test_deputy_and_team(void **state)
{
	struct store	      *s = *state;
	struct contact_outcome o;

	reset_requests(s);
	assert_int_equal(
	    store_staff_set_away(s, mentor, "2026-11-20", "2026-11-27"),
	    STORE_OK);
	assert_int_equal(
	    contact_open(s, &cfg, citizen, "sms", at(23, 9, 0), &o), 0);
	assert_string_equal(o.caller_name, "Claus Berg");
	contact_outcome_free(&o);
	assert_int_equal(
	    q("SELECT count(*) FROM sms_outbox WHERE "
	      "recipient = '+4520000002' AND body LIKE 'Du er stedfortræder for "
	      "Inger Holm.%'"),
	    1);
	reset_requests(s);
	assert_int_equal(
	    store_staff_set_away(s, mentor, "2026-11-20", "2026-11-27"),
	    STORE_OK);
	assert_int_equal(
	    store_staff_set_away(s, deputy, "2026-11-23", "2026-11-23"),
	    STORE_OK);
	assert_int_equal(
	    contact_open(s, &cfg, citizen, "sms", at(23, 9, 0), &o), 0);
	assert_int_equal(o.kind, CONTACT_OPENED);
	assert_null(o.caller_name);
	contact_outcome_free(&o);
	assert_int_equal(q("SELECT count(*) FROM sms_outbox WHERE "
			   "recipient = '+4544520001' AND purpose = 'contact'"),
	    1);
	assert_int_equal(q("SELECT count(*) FROM contact_request WHERE "
			   "routed_as = 'team' AND routed_to IS NULL"),
	    1);
}

/*
 * contact_route() is the one decision the kiosk shows and the router
 * follows: the deputy only while the mentor is away and the deputy can
 * be reached; the team number otherwise.
 */
static void
test_route_decision(void **state)
{
	struct store	    *s = *state;
	struct agreement_rec a;
	struct contact_route r;

	assert_int_equal(
	    store_agreement_current(s, citizen, "2026-11-23", &a), STORE_OK);
	assert_int_equal(store_staff_set_away(s, mentor, NULL, NULL), STORE_OK);
	assert_int_equal(store_staff_set_away(s, deputy, NULL, NULL), STORE_OK);
	assert_int_equal(
	    contact_route(s, &cfg, &a, "2026-11-23", &r), STORE_OK);
	assert_string_equal(r.as, "mentor");
	assert_int_equal(r.staff_id, mentor);
	assert_null(r.mentor_name);
	contact_route_free(&r);
	assert_int_equal(
	    store_staff_set_away(s, mentor, "2026-11-20", "2026-11-27"),
	    STORE_OK);
	assert_int_equal(
	    contact_route(s, &cfg, &a, "2026-11-23", &r), STORE_OK);
	assert_string_equal(r.as, "deputy");
	assert_int_equal(r.staff_id, deputy);
	assert_string_equal(r.mentor_name, "Inger Holm");
	contact_route_free(&r);
	/* The day after the absence the mentor is back. */
	assert_int_equal(
	    contact_route(s, &cfg, &a, "2026-11-28", &r), STORE_OK);
	assert_string_equal(r.as, "mentor");
	contact_route_free(&r);
	/* Deputy away too: the team number, no name to promise. */
	assert_int_equal(
	    store_staff_set_away(s, deputy, "2026-11-23", "2026-11-23"),
	    STORE_OK);
	assert_int_equal(
	    contact_route(s, &cfg, &a, "2026-11-23", &r), STORE_OK);
	assert_string_equal(r.as, "team");
	assert_null(r.name);
	assert_string_equal(r.mobile, "+4544520001");
	contact_route_free(&r);
	assert_int_equal(store_staff_set_away(s, mentor, NULL, NULL), STORE_OK);
	assert_int_equal(store_staff_set_away(s, deputy, NULL, NULL), STORE_OK);
	agreement_rec_free(&a);
}

/* The receipt carries the SMS urgent line, never the kiosk's crisis text. */
static void
test_receipt_urgent_line(void **state)
{
	struct store	      *s = *state;
	struct contact_outcome o;

	reset_requests(s);
	assert_int_equal(
	    contact_open(s, &cfg, citizen, "sms", at(23, 9, 0), &o), 0);
	contact_outcome_free(&o);
	assert_int_equal(
	    q("SELECT count(*) FROM sms_outbox WHERE "
	      "purpose = 'receipt' AND body LIKE '%Er det akut, så ring 112.'"),
	    1);
	assert_int_equal(q("SELECT count(*) FROM sms_outbox WHERE "
			   "body LIKE '%Livslinien%'"),
	    0);
}

/*
 * Nobody to text (mentor and deputy away, no team number): the receipt
 * says the message is kept and whom to call - never that someone will
 * call.
 */
static void
test_receipt_nobody_to_tell(void **state)
{
	struct store	      *s = *state;
	struct contact_outcome o;
	char		      *team = cfg.escalate_to;

	reset_requests(s);
	assert_int_equal(
	    store_staff_set_away(s, mentor, "2026-11-20", "2026-11-27"),
	    STORE_OK);
	assert_int_equal(
	    store_staff_set_away(s, deputy, "2026-11-20", "2026-11-27"),
	    STORE_OK);
	cfg.escalate_to = NULL;
	assert_int_equal(
	    contact_open(s, &cfg, citizen, "sms", at(23, 9, 0), &o), 0);
	cfg.escalate_to = team;
	assert_int_equal(o.kind, CONTACT_OPENED);
	contact_outcome_free(&o);
	assert_int_equal(
	    q("SELECT count(*) FROM sms_outbox WHERE "
	      "purpose = 'receipt' AND body = 'Vi har gemt din besked. Hører du "
	      "ikke fra os, så ring til Testby Kommune på +4544520000. Er det "
	      "akut, så ring 112.'"),
	    1);
	assert_int_equal(q("SELECT count(*) FROM sms_outbox WHERE "
			   "body LIKE '%ringer til dig%'"),
	    0);
	assert_int_equal(store_staff_set_away(s, mentor, NULL, NULL), STORE_OK);
	assert_int_equal(store_staff_set_away(s, deputy, NULL, NULL), STORE_OK);
}

static void
test_no_agreement(void **state)
{
	struct store	      *s = *state;
	struct contact_outcome o;

	assert_int_equal(
	    contact_open(s, &cfg, 999999, "sms", at(23, 9, 0), &o), 0);
	assert_int_equal(o.kind, CONTACT_NO_AGREEMENT);
	assert_int_equal(o.request_id, 0);
	contact_outcome_free(&o);
}

static void
test_ack(void **state)
{
	struct store	      *s = *state;
	struct contact_outcome o;
	int64_t		       acked;

	reset_requests(s);
	assert_int_equal(
	    contact_open(s, &cfg, citizen, "sms", at(23, 9, 0), &o), 0);
	assert_int_equal(
	    contact_ack(s, &cfg, deputy, o.request_id, at(23, 9, 1), &acked),
	    1); /* not routed to the deputy */
	assert_int_equal(
	    contact_ack(s, &cfg, mentor, 0, at(23, 9, 2), &acked), 0);
	assert_int_equal(acked, o.request_id);
	assert_int_equal(
	    contact_ack(s, &cfg, mentor, 0, at(23, 9, 3), &acked), 1);
	assert_int_equal(
	    q("SELECT count(*) FROM sms_outbox WHERE "
	      "body = 'Inger har set din besked og ringer til dig.'"),
	    1);
	contact_outcome_free(&o);
	/* Within the hold time a new text is a repeat; after it, new. */
	assert_int_equal(
	    contact_open(s, &cfg, citizen, "sms", at(23, 10, 0), &o), 0);
	assert_int_equal(o.kind, CONTACT_ALREADY_OPEN);
	contact_outcome_free(&o);
	assert_int_equal(
	    contact_open(s, &cfg, citizen, "sms", at(24, 10, 0), &o), 0);
	assert_int_equal(o.kind, CONTACT_OPENED);
	contact_outcome_free(&o);
	assert_int_equal(q("SELECT count(*) FROM contact_request WHERE "
			   "closed_by = 'auto'"),
	    1);
}

/* A coordinator's reassignment: re-routed, the new person texted once. */
static void
test_reassign(void **state)
{
	struct store	      *s = *state;
	struct contact_outcome o;
	sqlite3		      *db;
	int64_t		       acked;

	reset_requests(s);
	assert_int_equal(
	    contact_open(s, &cfg, citizen, "sms", at(23, 9, 0), &o), 0);
	assert_int_equal(
	    contact_reassign(s, &cfg, o.request_id, deputy, at(23, 9, 5)), 0);
	assert_int_equal(q("SELECT count(*) FROM contact_request WHERE "
			   "routed_as = 'deputy' AND routed_to = (SELECT id "
			   "FROM staff WHERE external_id = 's-claus')"),
	    1);
	assert_int_equal(q("SELECT count(*) FROM sms_outbox WHERE recipient = "
			   "'+4520000002' AND body LIKE "
			   "'Du er stedfortræder for Inger Holm. Mads %'"),
	    1);
	/* Back to the mentor: the mentor's text, routed as mentor. */
	assert_int_equal(
	    contact_reassign(s, &cfg, o.request_id, mentor, at(23, 9, 6)), 0);
	assert_int_equal(
	    q("SELECT count(*) FROM contact_request WHERE routed_as = 'mentor'"),
	    1);
	assert_int_equal(
	    q("SELECT count(*) FROM sms_outbox WHERE recipient = "
	      "'+4520000001' AND body LIKE 'Mads beder dig ringe%'"),
	    2);
	/* Someone away today is refused, and nothing changes. */
	assert_int_equal(sqlite3_open(dbpath, &db), SQLITE_OK);
	sqlite3_exec(db,
	    "UPDATE staff SET away_from = '2026-11-20', away_until = "
	    "'2026-11-30' WHERE external_id = 's-claus'",
	    NULL, NULL, NULL);
	sqlite3_close(db);
	assert_int_equal(
	    contact_reassign(s, &cfg, o.request_id, deputy, at(23, 9, 7)), 3);
	assert_int_equal(
	    q("SELECT count(*) FROM contact_request WHERE routed_as = 'mentor'"),
	    1);
	/* An acknowledged request is not reassigned. */
	assert_int_equal(
	    contact_ack(s, &cfg, mentor, 0, at(23, 9, 8), &acked), 0);
	assert_int_equal(
	    contact_reassign(s, &cfg, o.request_id, mentor, at(23, 9, 9)), 1);
	assert_int_equal(
	    contact_reassign(s, &cfg, 9999, mentor, at(23, 9, 9)), 1);
	contact_outcome_free(&o);
}

static void
test_escalation(void **state)
{
	struct store	      *s = *state;
	struct contact_outcome o;
	time_t		       next;

	reset_requests(s);
	assert_int_equal(
	    contact_open(s, &cfg, citizen, "sms", at(23, 9, 0), &o), 0);
	contact_outcome_free(&o);
	assert_int_equal(
	    contact_escalate_due(s, &cfg, at(23, 12, 59), &next), 0);
	assert_true(next == at(23, 13, 0));
	assert_int_equal(
	    contact_escalate_due(s, &cfg, at(23, 13, 0), &next), 1);
	assert_int_equal(next, 0);
	assert_int_equal(
	    q("SELECT count(*) FROM sms_outbox WHERE "
	      "recipient = '+4520000002' AND purpose = 'escalation'"),
	    1);
	assert_int_equal(q("SELECT count(*) FROM contact_request WHERE "
			   "escalated_to = '+4520000002'"),
	    1);
	assert_int_equal(contact_escalate_due(s, &cfg, at(23, 14, 0), NULL), 0);
}

/* Run sql on a second connection (tests only). */
static void
x(const char *sql)
{
	sqlite3 *db;

	assert_int_equal(sqlite3_open(dbpath, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
}

/* Add staff member ext in organisation unit org (may be NULL). */
static int64_t
add_staff(struct store *s, const char *ext, const char *name,
    const char *mobile, const char *org)
{
	struct staff_rec st;

	memset(&st, 0, sizeof(st));
	st.external_id = (char *)ext;
	st.name = (char *)name;
	st.mobile = (char *)mobile;
	st.organisation = (char *)org;
	assert_int_equal(store_staff_upsert(s, &st), STORE_OK);
	return st.id;
}

/* Escalation texts to mobile. */
static int64_t
escalations_to(const char *mobile)
{
	char sql[160];

	snprintf(sql, sizeof(sql),
	    "SELECT count(*) FROM sms_outbox WHERE "
	    "purpose = 'escalation' AND recipient = '%s'",
	    mobile);
	return q(sql);
}

/*
 * The cast of the steps: Inger (the mentor) and Claus (her deputy) in
 * "Team Nord" with Tove and Tim, and Tea who is away all December;
 * Karen, a coordinator in another unit.  Steps 4h deputy, 8h team, 24h
 * coordinator.
 */
static void
steps_cast(struct store *s)
{
	int64_t karen;

	reset_requests(s);
	x("DELETE FROM audit; UPDATE staff SET organisation = 'Team Nord' "
	  "WHERE external_id IN ('s-inger', 's-claus')");
	add_staff(s, "s-tove", "Tove Lund", "+4520000011", "Team Nord");
	add_staff(s, "s-tim", "Tim Ravn", "+4520000012", "Team Nord");
	assert_int_equal(
	    store_staff_set_away(s,
		add_staff(s, "s-tea", "Tea Skov", "+4520000013", "Team Nord"),
		"2026-12-01", "2026-12-31"),
	    STORE_OK);
	karen = add_staff(
	    s, "s-karen", "Karen Dahl", "+4520000021", "Koordinering");
	assert_int_equal(store_staff_set_roles(s, karen, 4), STORE_OK);
	cfg.escalation.n = 3;
	cfg.escalation.step[0] =
	    (struct escalation_step){ 4 * 3600, ESCALATION_DEPUTY, "" };
	cfg.escalation.step[1] =
	    (struct escalation_step){ 8 * 3600, ESCALATION_TEAM, "" };
	cfg.escalation.step[2] =
	    (struct escalation_step){ 24 * 3600, ESCALATION_COORDINATOR, "" };
}

/* Local time on a day of December 2026. */
static time_t
dec(int d, int h, int m)
{
	return clock_from_local(2026, 12, d, h, m);
}

/*
 * Step timing across Christmas: opened Thursday 24 December 14:00 (an
 * ordinary day), 2 working hours that day; Friday 25 is a public
 * holiday, then a weekend.  4h: Monday 10:00; 8h: Monday 14:00; 24h:
 * Wednesday 30 December 14:00.  Each step once, each member once, each
 * step in the journal.
 */
static void
test_escalation_steps(void **state)
{
	struct store	      *s = *state;
	struct contact_outcome o;
	time_t		       next;

	steps_cast(s);
	assert_int_equal(
	    contact_open(s, &cfg, citizen, "sms", dec(24, 14, 0), &o), 0);
	contact_outcome_free(&o);
	assert_int_equal(
	    contact_escalate_due(s, &cfg, dec(28, 9, 59), &next), 0);
	assert_true(next == dec(28, 10, 0));
	assert_int_equal(
	    contact_escalate_due(s, &cfg, dec(28, 10, 0), &next), 1);
	assert_true(next == dec(28, 14, 0));
	assert_int_equal(escalations_to("+4520000002"), 1);
	assert_int_equal(q("SELECT count(*) FROM sms_outbox WHERE "
			   "purpose = 'escalation'"),
	    1);
	assert_int_equal(q("SELECT escalation_step FROM contact_request"), 1);
	assert_int_equal(q("SELECT count(*) FROM contact_request WHERE "
			   "escalated_to = '+4520000002'"),
	    1);
	/* The team: Claus, Tove, Tim once each; not Inger, not Tea. */
	assert_int_equal(
	    contact_escalate_due(s, &cfg, dec(28, 14, 0), &next), 1);
	assert_true(next == dec(30, 14, 0));
	assert_int_equal(escalations_to("+4520000002"), 2);
	assert_int_equal(escalations_to("+4520000011"), 1);
	assert_int_equal(escalations_to("+4520000012"), 1);
	assert_int_equal(escalations_to("+4520000013"), 0);
	assert_int_equal(escalations_to("+4520000001"), 0);
	assert_int_equal(escalations_to("+4520000021"), 0);
	assert_int_equal(q("SELECT count(*) FROM contact_request WHERE "
			   "escalated_to = 'team'"),
	    1);
	assert_int_equal(
	    contact_escalate_due(s, &cfg, dec(29, 15, 59), &next), 0);
	assert_int_equal(q("SELECT count(*) FROM sms_outbox WHERE "
			   "purpose = 'escalation'"),
	    4);
	/* The coordinators, then nothing more. */
	assert_int_equal(
	    contact_escalate_due(s, &cfg, dec(30, 14, 0), &next), 1);
	assert_int_equal(next, 0);
	assert_int_equal(escalations_to("+4520000021"), 1);
	assert_int_equal(
	    contact_escalate_due(s, &cfg, dec(31, 15, 0), &next), 0);
	assert_int_equal(q("SELECT count(*) FROM audit WHERE "
			   "action = 'contact_escalated'"),
	    3);
	assert_int_equal(q("SELECT count(*) FROM audit WHERE "
			   "detail LIKE '%step 2 of 3 (team): 3 texted'"),
	    1);
	/* Karen, texted by a step, may acknowledge with a plain OK. */
	assert_int_equal(contact_ack(s, &cfg,
			     q("SELECT id FROM staff WHERE "
			       "external_id = 's-karen'"),
			     0, dec(31, 15, 0), &(int64_t){ 0 }),
	    0);
	assert_int_equal(
	    q("SELECT count(*) FROM sms_outbox WHERE "
	      "purpose = 'receipt' AND body LIKE 'Karen har set%'"),
	    1);
}

/*
 * The daemon was down: the steps that fell due meanwhile are taken in
 * order, none skipped, and none again.  Acknowledged after the first
 * step: no more steps, the citizen told once.
 */
static void
test_escalation_catch_up_and_ack(void **state)
{
	struct store	      *s = *state;
	struct contact_outcome o;
	int64_t		       acked = 0;

	steps_cast(s);
	assert_int_equal(
	    contact_open(s, &cfg, citizen, "sms", dec(24, 14, 0), &o), 0);
	contact_outcome_free(&o);
	assert_int_equal(
	    contact_escalate_due(s, &cfg, dec(30, 15, 0), NULL), 3);
	assert_int_equal(q("SELECT escalation_step FROM contact_request"), 3);
	assert_int_equal(q("SELECT count(*) FROM sms_outbox WHERE "
			   "purpose = 'escalation'"),
	    5);
	assert_int_equal(
	    contact_escalate_due(s, &cfg, dec(30, 15, 0), NULL), 0);

	steps_cast(s);
	assert_int_equal(
	    contact_open(s, &cfg, citizen, "sms", dec(24, 14, 0), &o), 0);
	contact_outcome_free(&o);
	assert_int_equal(
	    contact_escalate_due(s, &cfg, dec(28, 10, 0), NULL), 1);
	assert_int_equal(
	    contact_ack(s, &cfg, deputy, 0, dec(28, 10, 5), &acked), 0);
	assert_true(acked != 0);
	assert_int_equal(contact_ack(s, &cfg, mentor, acked, dec(28, 10, 6),
			     &(int64_t){ 0 }),
	    1);
	assert_int_equal(
	    contact_escalate_due(s, &cfg, dec(31, 15, 0), NULL), 0);
	assert_int_equal(q("SELECT count(*) FROM sms_outbox WHERE "
			   "purpose = 'escalation'"),
	    1);
	assert_int_equal(q("SELECT count(*) FROM sms_outbox WHERE "
			   "purpose = 'receipt' AND body LIKE '%har set din%'"),
	    1);
	assert_int_equal(q("SELECT count(*) FROM audit WHERE "
			   "action = 'contact_escalated'"),
	    1);
}

/*
 * A mentor without an organisation unit: the team is the coordinators.
 * A step that finds nobody falls back to the team number.
 */
static void
test_escalation_fallbacks(void **state)
{
	struct store	      *s = *state;
	struct contact_outcome o;

	steps_cast(s);
	x("UPDATE staff SET organisation = NULL WHERE external_id = 's-inger'");
	assert_int_equal(
	    store_staff_set_away(s, deputy, "2026-12-28", "2026-12-28"),
	    STORE_OK);
	assert_int_equal(
	    contact_open(s, &cfg, citizen, "sms", dec(24, 14, 0), &o), 0);
	contact_outcome_free(&o);
	assert_int_equal(
	    contact_escalate_due(s, &cfg, dec(28, 14, 0), NULL), 2);
	/* Step 1: the deputy is away, the team number instead. */
	assert_int_equal(escalations_to("+4520000002"), 0);
	assert_int_equal(escalations_to("+4544520001"), 1);
	/* Step 2: the team of a mentor without a unit: the coordinators. */
	assert_int_equal(escalations_to("+4520000021"), 1);
	assert_int_equal(escalations_to("+4520000011"), 0);
	cfg.escalation.n = 0;
}

static void
test_intake_idempotent(void **state)
{
	struct store	   *s = *state;
	struct inbox_event  ev = { "gatewayapi", "77", "+4520000101", NULL,
		 "Hej" };
	struct report_event rep = { "gatewayapi", "5:DELIVERED", "5", 0,
		"DELIVERED", NULL };
	int64_t		    id1, id2, n;
	int		    dup;

	assert_int_equal(store_inbox_add(s, &ev, 1, &id1, &dup), STORE_OK);
	assert_int_equal(dup, 0);
	assert_int_equal(store_inbox_add(s, &ev, 2, &id2, &dup), STORE_OK);
	assert_int_equal(dup, 1);
	assert_int_equal(id1, id2);
	assert_int_equal(store_report_add(s, &rep, 1, &id1, &dup), STORE_OK);
	assert_int_equal(store_report_add(s, &rep, 1, &id2, &dup), STORE_OK);
	assert_int_equal(dup, 1);
	assert_int_equal(store_reply_add(s, "+4520000101", "x", 100), STORE_OK);
	assert_int_equal(
	    store_reply_count(s, "+4520000101", NULL, 100, &n), STORE_OK);
	assert_int_equal(n, 1);
	assert_int_equal(
	    store_reply_count(s, "+4520000101", "y", 0, &n), STORE_OK);
	assert_int_equal(n, 0);
}

/* What an SMS of each purpose asks for (smsreply.c). */
static void
test_invites_answer(void **state)
{
	static const char *const tell[] = { "reminder", "meeting_moved",
		"meeting_cancelled", "receipt", "login_code", "notice" };
	static const char *const ask[] = { "agreement_active", "keyword_reply",
		"staff", "unknown_reply", "some_new_purpose" };
	size_t			 i;

	(void)state;
	for (i = 0; i < sizeof(tell) / sizeof(tell[0]); i++)
		assert_int_equal(smsreply_invites_answer(tell[i]), 0);
	for (i = 0; i < sizeof(ask) / sizeof(ask[0]); i++)
		assert_int_equal(smsreply_invites_answer(ask[i]), 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_working_seconds),
		cmocka_unit_test(test_working_deadline),
		cmocka_unit_test(test_working_holidays),
		cmocka_unit_test(test_open_routes_to_mentor),
		cmocka_unit_test(test_forward_text),
		cmocka_unit_test(test_deputy_and_team),
		cmocka_unit_test(test_route_decision),
		cmocka_unit_test(test_receipt_urgent_line),
		cmocka_unit_test(test_receipt_nobody_to_tell),
		cmocka_unit_test(test_no_agreement),
		cmocka_unit_test(test_ack),
		cmocka_unit_test(test_reassign),
		cmocka_unit_test(test_escalation),
		cmocka_unit_test(test_intake_idempotent),
		cmocka_unit_test(test_invites_answer),
		cmocka_unit_test(test_escalation_steps),
		cmocka_unit_test(test_escalation_catch_up_and_ack),
		cmocka_unit_test(test_escalation_fallbacks),
	};

	return cmocka_run_group_tests_name("contact", tests, setup, teardown);
}
