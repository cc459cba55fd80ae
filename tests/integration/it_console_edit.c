/*
 * it_console_edit - the staff console's working actions (console/)
 * through a real OpenID Connect provider, as it_console does: a journal
 * note on a request; a coordinator reassigns a request (the new person
 * is texted, the act audited); a coordinator sets someone else's absence
 * (a deputy away then is refused with the reason); a mentor changes an
 * agreement, makes a new one active, extends and ends one; adds, moves
 * and cancels a meeting; a coordinator edits a staff member.  Each with
 * the shared rules' refusals shown on the form (400), another mentor's
 * 403 with an audit row, and 403 without the CSRF token; sign-in goes
 * back to the page asked for, never to another site; the pages carry
 * English alongside the Danish.
 */
#include "console_util.h"

#include "store_console.h"

#define LARS_MOBILE "+4520000002"

/* The row id of agreement ext. */
static int64_t
agreement_id(struct console_test *t, const char *ext)
{
	struct store	    *s;
	struct agreement_rec a;
	char		     err[256];
	int64_t		     id;

	assert_int_equal(
	    store_open(t->h.db, 0, &s, err, sizeof(err)), STORE_OK);
	assert_int_equal(store_agreement_by_external(s, ext, &a), STORE_OK);
	id = a.id;
	agreement_rec_free(&a);
	store_close(s);
	return id;
}

/* Agreement id as stored now, into *a (free it). */
static void
agreement_now(struct console_test *t, int64_t id, struct agreement_rec *a)
{
	struct store *s;
	char	      err[256];

	assert_int_equal(
	    store_open(t->h.db, 0, &s, err, sizeof(err)), STORE_OK);
	assert_int_equal(store_agreement_get(s, id, a), STORE_OK);
	store_close(s);
}

/* POST path with the page's CSRF token and fields; the status. */
static long
post(struct console_test *t, const char *path, const char *fields,
    struct buf *next)
{
	struct buf form = { 0 };
	char	   csrf[80];
	long	   status;

	page_csrf(t, csrf, sizeof(csrf));
	buf_printf(&form, "csrf=%s&%s", csrf, fields);
	status = browse(t, path, form.data, next);
	buf_free(&form);
	return status;
}

/* The number at the end of the redirect target next ("...id=12"). */
static int64_t
next_id(const struct buf *next)
{
	const char *p = strstr(buf_str(next), "id=");

	assert_non_null(p);
	return strtoll(p + 3, NULL, 10);
}

/* A note on request 1: audited as journal_note; empty refused; CSRF. */
static void
test_note(void **state)
{
	struct console_test *t = *state;
	struct buf	     next = { 0 };

	assert_int_equal(go(t, "/", "mette"), 200);
	assert_non_null(strstr(t->body.data, "Skriv en note til journalen"));
	assert_int_equal(browse(t, "/note", "id=1&text=Hej", NULL), 403);
	assert_int_equal(
	    post(t, "/note", "id=1&text=Ringede%2C+ingen+svar", &next), 303);
	assert_true(sent_to(&next, "/?noted=1"));
	assert_int_equal(
	    audit_count(t, "journal_note", "mette@kommune.test"), 1);
	assert_int_equal(go(t, "/", NULL), 200);
	assert_int_equal(post(t, "/note", "id=1&text=", NULL), 400);
	assert_non_null(strstr(t->body.data, "Noten blev ikke gemt"));
	/* A note from the citizen's page; both shown there. */
	assert_int_equal(go(t, "/citizen?id=1", NULL), 200);
	assert_int_equal(
	    post(t, "/note", "citizen=1&text=Aftalt+m%C3%B8de", &next), 303);
	assert_true(sent_to(&next, "/citizen?id=1&noted=1"));
	assert_int_equal(go(t, "/citizen?id=1", NULL), 200);
	assert_non_null(strstr(t->body.data, "Aftalt møde"));
	assert_non_null(strstr(t->body.data, "Ringede, ingen svar"));
	assert_int_equal(post(t, "/note", "citizen=2&text=Hej", NULL), 403);
	/* Lars is neither on the request nor on Mads's agreement. */
	curl_easy_setopt(t->browser, CURLOPT_COOKIELIST, "ALL");
	assert_int_equal(go(t, "/", "lars"), 200);
	assert_int_equal(post(t, "/note", "id=1&text=Hej", NULL), 403);
	assert_int_equal(
	    audit_count(t, "console_refused", "lars@kommune.test"), 1);
	assert_int_equal(audit_count(t, "journal_note", NULL), 2);
	buf_free(&next);
}

/* A coordinator gives request 1 to Lars: he is texted; audited. */
static void
test_reassign(void **state)
{
	struct console_test *t = *state;
	struct store	    *s;
	struct contact_rec   cr;
	struct buf	     next = { 0 }, form = { 0 };
	char		     err[256], today[11];
	int64_t		     lars = staff_id(t, "s-lars");

	buf_printf(&form, "id=1&to=%lld", (long long)lars);
	assert_int_equal(go(t, "/", "mette"), 200);
	assert_null(strstr(t->body.data, "Giv videre"));
	assert_int_equal(post(t, "/reassign", form.data, NULL), 403);
	curl_easy_setopt(t->browser, CURLOPT_COOKIELIST, "ALL");
	assert_int_equal(go(t, "/", "kim"), 200);
	assert_non_null(strstr(t->body.data, "Giv videre"));
	assert_int_equal(outbox_to(t, LARS_MOBILE), 0);
	assert_int_equal(browse(t, "/reassign", form.data, NULL), 403);
	/* Away today: refused with the reason, as routing would skip him. */
	date_from_now(0, today);
	assert_int_equal(
	    store_open(t->h.db, 0, &s, err, sizeof(err)), STORE_OK);
	assert_int_equal(store_staff_set_away(s, lars, today, today), STORE_OK);
	store_close(s);
	assert_int_equal(post(t, "/reassign", form.data, &next), 400);
	assert_non_null(strstr(t->body.data, "væk i dag"));
	assert_int_equal(outbox_to(t, LARS_MOBILE), 0);
	assert_int_equal(
	    store_open(t->h.db, 0, &s, err, sizeof(err)), STORE_OK);
	assert_int_equal(store_staff_set_away(s, lars, NULL, NULL), STORE_OK);
	store_close(s);
	assert_int_equal(go(t, "/", NULL), 200);
	assert_int_equal(post(t, "/reassign", form.data, &next), 303);
	assert_true(sent_to(&next, "/?reassigned=1"));
	assert_int_equal(outbox_to(t, LARS_MOBILE), 1);
	assert_int_equal(
	    audit_count(t, "contact_reassign", "kim@kommune.test"), 1);
	assert_int_equal(
	    store_open(t->h.db, 0, &s, err, sizeof(err)), STORE_OK);
	assert_int_equal(store_contact_get(s, 1, &cr), STORE_OK);
	assert_int_equal(cr.routed_to, lars);
	assert_string_equal(cr.routed_as, "deputy");
	contact_rec_free(&cr);
	store_close(s);
	assert_int_equal(go(t, "/", NULL), 200);
	assert_non_null(strstr(t->body.data, "Sendt til Lars Berg"));
	buf_free(&next);
	buf_free(&form);
}

/* A coordinator sets Mette's absence; a deputy away then is refused. */
static void
test_absence_for_other(void **state)
{
	struct console_test *t = *state;
	struct store	    *s;
	struct staff_rec     st;
	struct buf	     form = { 0 }, next = { 0 };
	char		     path[64], from[11], until[11], err[256];
	int64_t		     mette = staff_id(t, "s-mette");
	int64_t		     lars = staff_id(t, "s-lars");

	date_from_now(1, from);
	date_from_now(8, until);
	assert_int_equal(
	    store_open(t->h.db, 0, &s, err, sizeof(err)), STORE_OK);
	assert_int_equal(store_staff_set_away(s, lars, from, from), STORE_OK);
	store_close(s);
	snprintf(path, sizeof(path), "/absence?staff=%lld", (long long)mette);
	assert_int_equal(go(t, path, "kim"), 200);
	assert_non_null(strstr(t->body.data, "Mette Hansen"));
	assert_non_null(strstr(t->body.data, "Whose absence"));
	buf_printf(&form, "staff=%lld&from=%s&until=%s&deputy=%lld",
	    (long long)mette, from, until, (long long)lars);
	assert_int_equal(post(t, "/absence", form.data, NULL), 400);
	assert_non_null(strstr(t->body.data, "Lars Berg er selv væk fra"));
	assert_non_null(strstr(t->body.data, "Lars Berg is away from"));
	buf_reset(&form);
	buf_printf(&form, "staff=%lld&from=%s&until=%s&deputy=0",
	    (long long)mette, from, until);
	assert_int_equal(post(t, "/absence", form.data, &next), 303);
	assert_int_equal(
	    store_open(t->h.db, 0, &s, err, sizeof(err)), STORE_OK);
	assert_int_equal(store_staff_get(s, mette, &st), STORE_OK);
	assert_string_equal(st.away_from, from);
	assert_string_equal(st.away_until, until);
	staff_rec_free(&st);
	store_close(s);
	assert_int_equal(
	    audit_count(t, "staff_absence", "kim@kommune.test"), 1);
	/* A mentor's staff= is not theirs to choose: it sets their own. */
	curl_easy_setopt(t->browser, CURLOPT_COOKIELIST, "ALL");
	assert_int_equal(go(t, "/absence", "lars"), 200);
	assert_null(strstr(t->body.data, "Whose absence"));
	assert_int_equal(post(t, "/absence", form.data, NULL), 303);
	assert_int_equal(
	    store_open(t->h.db, 0, &s, err, sizeof(err)), STORE_OK);
	assert_int_equal(store_staff_get(s, lars, &st), STORE_OK);
	assert_string_equal(st.away_until, until);
	staff_rec_free(&st);
	store_close(s);
	buf_free(&form);
	buf_free(&next);
}

/* Mette changes Mads's agreement; the rules refuse; Lars gets 403. */
static void
test_agreement_edit(void **state)
{
	struct console_test *t = *state;
	struct agreement_rec a;
	struct buf	     form = { 0 }, next = { 0 };
	char		     path[64];
	int64_t		     id = agreement_id(t, "a-mads");

	snprintf(path, sizeof(path), "/agreement?id=%lld", (long long)id);
	assert_int_equal(go(t, path, "mette"), 200);
	assert_non_null(strstr(t->body.data, "Komme i praktik"));
	assert_int_equal(
	    audit_count(t, "show_agreement", "mette@kommune.test"), 1);
	buf_printf(&form,
	    "id=%lld&goal=Komme+i+job&tasks=M%%C3%%B8de+hver+uge%%0D%%0ACV"
	    "&starts=2026-01-01&ends=2025-12-31&hours=4&per=week&mentor=%lld",
	    (long long)id, (long long)staff_id(t, "s-mette"));
	assert_int_equal(post(t, "/agreement", form.data, NULL), 400);
	assert_non_null(strstr(t->body.data, "Ret feltet »Sidste dag«"));
	assert_non_null(strstr(t->body.data, "aria-invalid=\"true\""));
	assert_non_null(strstr(t->body.data, "Komme i job")); /* kept */
	buf_reset(&form);
	buf_printf(&form,
	    "id=%lld&goal=Komme+i+job&tasks=M%%C3%%B8de+hver+uge%%0D%%0ACV"
	    "&starts=2026-01-01&ends=2035-12-31&hours=4&per=week&mentor=%lld",
	    (long long)id, (long long)staff_id(t, "s-mette"));
	assert_int_equal(post(t, "/agreement", form.data, &next), 303);
	agreement_now(t, id, &a);
	assert_string_equal(a.goal, "Komme i job");
	assert_int_equal(a.ntasks, 2);
	assert_string_equal(a.tasks[0], "Møde hver uge");
	assert_true(a.hours_amount == 4);
	agreement_rec_free(&a);
	assert_int_equal(
	    audit_count(t, "edit_agreement", "mette@kommune.test"), 1);
	assert_int_equal(go(t, path, NULL), 200);
	assert_int_equal(post(t, "/agreement", "hours=x&per=week", NULL), 404);
	assert_int_equal(go(t, path, NULL), 200);
	buf_reset(&form);
	buf_printf(&form, "id=%lld&hours=mange&per=week", (long long)id);
	assert_int_equal(post(t, "/agreement", form.data, NULL), 400);
	assert_non_null(strstr(t->body.data, "Ret feltet »Timer«"));
	curl_easy_setopt(t->browser, CURLOPT_COOKIELIST, "ALL");
	assert_int_equal(go(t, "/", "lars"), 200);
	assert_int_equal(post(t, "/agreement", form.data, NULL), 403);
	assert_int_equal(browse(t, path, NULL, NULL), 403);
	assert_int_equal(
	    audit_count(t, "console_refused", "lars@kommune.test"), 2);
	buf_free(&form);
	buf_free(&next);
}

/* A new draft made active, an extension, an end. */
static void
test_agreement_lifecycle(void **state)
{
	struct console_test *t = *state;
	struct agreement_rec a;
	struct buf	     form = { 0 }, next = { 0 };
	char		     path[64];
	int64_t		     old = agreement_id(t, "a-mads"), id;

	snprintf(
	    path, sizeof(path), "/agreement/new?citizen=%lld", (long long)1);
	assert_int_equal(go(t, path, "mette"), 200);
	assert_int_equal(post(t, "/agreement/new",
			     "citizen=1&goal=Efter+praktik&starts=2036-01-01&"
			     "ends=2036-06-30&mentor=0",
			     &next),
	    303);
	id = next_id(&next);
	agreement_now(t, id, &a);
	assert_string_equal(a.status, "draft");
	assert_string_equal(a.goal, "Efter praktik");
	agreement_rec_free(&a);
	snprintf(path, sizeof(path), "/agreement?id=%lld", (long long)id);
	assert_int_equal(go(t, path, NULL), 200);
	buf_printf(&form,
	    "id=%lld&goal=Efter+praktik&starts=2036-01-01&ends=2036-06-30&"
	    "mentor=0&status=active",
	    (long long)id);
	assert_int_equal(post(t, "/agreement", form.data, &next), 303);
	agreement_now(t, id, &a);
	assert_string_equal(a.status, "active");
	agreement_rec_free(&a);
	/* Extend a-mads (ends 2035-12-31): a new one from 2036-01-01. */
	snprintf(path, sizeof(path), "/agreement?id=%lld", (long long)old);
	assert_int_equal(go(t, path, NULL), 200);
	buf_reset(&form);
	buf_printf(&form, "id=%lld&until=2035-01-01", (long long)old);
	assert_int_equal(post(t, "/agreement/extend", form.data, NULL), 400);
	assert_non_null(strstr(t->body.data, "Ny sidste dag"));
	buf_reset(&form);
	buf_printf(&form, "id=%lld&until=2036-12-31", (long long)old);
	assert_int_equal(post(t, "/agreement/extend", form.data, &next), 303);
	agreement_now(t, next_id(&next), &a);
	assert_string_equal(a.starts_on, "2036-01-01");
	assert_int_equal(a.extends_id, old);
	agreement_rec_free(&a);
	assert_int_equal(
	    audit_count(t, "extend_agreement", "mette@kommune.test"), 1);
	/* End the draft-made-active one. */
	snprintf(path, sizeof(path), "/agreement?id=%lld", (long long)id);
	assert_int_equal(go(t, path, NULL), 200);
	buf_reset(&form);
	buf_printf(&form, "id=%lld&on=", (long long)id);
	assert_int_equal(post(t, "/agreement/end", form.data, &next), 303);
	agreement_now(t, id, &a);
	assert_string_equal(a.status, "ended");
	agreement_rec_free(&a);
	assert_int_equal(
	    audit_count(t, "end_agreement", "mette@kommune.test"), 1);
	buf_free(&form);
	buf_free(&next);
}

/* Meeting status and version as stored. */
static void
meeting_now(struct console_test *t, int64_t id, struct meeting_rec *m)
{
	struct store *s;
	char	      err[256];

	assert_int_equal(
	    store_open(t->h.db, 0, &s, err, sizeof(err)), STORE_OK);
	assert_int_equal(store_meeting_get(s, id, m), STORE_OK);
	store_close(s);
}

/* Add, refuse, move and cancel a meeting; Lars gets 403. */
static void
test_meetings(void **state)
{
	struct console_test *t = *state;
	struct meeting_rec   m;
	struct buf	     form = { 0 }, next = { 0 };
	char		     path[64];
	int64_t		     a = agreement_id(t, "a-mads"), id;

	snprintf(
	    path, sizeof(path), "/meeting/new?agreement=%lld", (long long)a);
	assert_int_equal(go(t, path, "mette"), 200);
	buf_printf(&form,
	    "agreement=%lld&starts=2030-03-04T10%%3A00&ends=2030-03-04T09%%3A00"
	    "&place=Jobcentret&kind=mentor",
	    (long long)a);
	assert_int_equal(post(t, "/meeting/new", form.data, NULL), 400);
	assert_non_null(strstr(t->body.data, "Ret feltet »Slutter«"));
	buf_reset(&form);
	buf_printf(&form,
	    "agreement=%lld&starts=2030-03-04T10%%3A00&ends=2030-03-04T11%%3A00"
	    "&place=Jobcentret&place_in_sms=1&kind=mentor",
	    (long long)a);
	assert_int_equal(post(t, "/meeting/new", form.data, &next), 303);
	id = next_id(&next);
	meeting_now(t, id, &m);
	assert_string_equal(m.status, "planned");
	assert_string_equal(m.place, "Jobcentret");
	assert_int_equal(m.place_in_sms, 1);
	meeting_rec_free(&m);
	snprintf(path, sizeof(path), "/meeting?id=%lld", (long long)id);
	assert_int_equal(go(t, path, NULL), 200);
	buf_reset(&form);
	buf_printf(&form,
	    "id=%lld&starts=2030-03-05T10%%3A00&ends=2030-03-05T11%%3A00",
	    (long long)id);
	assert_int_equal(post(t, "/meeting/move", form.data, &next), 303);
	meeting_now(t, id, &m);
	assert_string_equal(m.status, "moved");
	assert_int_equal(m.version, 2);
	meeting_rec_free(&m);
	assert_int_equal(go(t, path, NULL), 200);
	buf_reset(&form);
	buf_printf(&form, "id=%lld", (long long)id);
	assert_int_equal(post(t, "/meeting/cancel", form.data, &next), 303);
	meeting_now(t, id, &m);
	assert_string_equal(m.status, "cancelled");
	meeting_rec_free(&m);
	assert_int_equal(
	    audit_count(t, "add_meeting", "mette@kommune.test"), 1);
	assert_int_equal(
	    audit_count(t, "move_meeting", "mette@kommune.test"), 1);
	assert_int_equal(
	    audit_count(t, "cancel_meeting", "mette@kommune.test"), 1);
	curl_easy_setopt(t->browser, CURLOPT_COOKIELIST, "ALL");
	assert_int_equal(go(t, "/", "lars"), 200);
	assert_int_equal(browse(t, path, NULL, NULL), 403);
	assert_int_equal(
	    audit_count(t, "console_refused", "lars@kommune.test"), 1);
	buf_free(&form);
	buf_free(&next);
}

/* Kim edits Lars: roles, login, mobile, deputy; the rules refuse. */
static void
test_staff_edit(void **state)
{
	struct console_test  *t = *state;
	struct staff_identity st;
	struct store	     *s;
	struct buf	      form = { 0 }, next = { 0 };
	char		      path[64], err[256];
	int64_t		      lars = staff_id(t, "s-lars");
	int64_t		      mette = staff_id(t, "s-mette");

	snprintf(path, sizeof(path), "/staff/edit?id=%lld", (long long)lars);
	assert_int_equal(go(t, path, "mette"), 403);
	curl_easy_setopt(t->browser, CURLOPT_COOKIELIST, "ALL");
	assert_int_equal(go(t, "/staff", "kim"), 200);
	assert_non_null(strstr(t->body.data, path));
	assert_int_equal(go(t, path, NULL), 200);
	buf_printf(&form,
	    "id=%lld&role_mentor=1&login=lars+berg&mobile=20000003&deputy=%lld",
	    (long long)lars, (long long)mette);
	assert_int_equal(post(t, "/staff/edit", form.data, NULL), 400);
	assert_non_null(strstr(t->body.data, "Ret feltet »Login«"));
	buf_reset(&form);
	buf_printf(&form,
	    "id=%lld&role_mentor=1&login=mette%%40kommune.test&deputy=0",
	    (long long)lars);
	assert_int_equal(post(t, "/staff/edit", form.data, NULL), 400);
	assert_non_null(strstr(t->body.data, "already the login"));
	buf_reset(&form);
	buf_printf(&form, "id=%lld&login=lars2&deputy=0", (long long)lars);
	assert_int_equal(post(t, "/staff/edit", form.data, NULL), 400);
	assert_non_null(strstr(t->body.data, "Ret feltet »Roller«"));
	buf_reset(&form);
	buf_printf(&form,
	    "id=%lld&role_mentor=1&role_caseworker=1&login=Lars2%%40kommune.test"
	    "&mobile=20+00+00+03&deputy=%lld",
	    (long long)lars, (long long)mette);
	assert_int_equal(post(t, "/staff/edit", form.data, &next), 303);
	assert_int_equal(
	    store_open(t->h.db, 0, &s, err, sizeof(err)), STORE_OK);
	assert_int_equal(store_staff_identity(s, lars, &st), STORE_OK);
	assert_string_equal(st.login, "lars2@kommune.test");
	assert_int_equal(st.roles, STAFF_ROLE_MENTOR | STAFF_ROLE_CASEWORKER);
	assert_string_equal(st.mobile, "+4520000003");
	assert_int_equal(st.deputy_id, mette);
	staff_identity_free(&st);
	store_close(s);
	assert_int_equal(audit_count(t, "edit_staff", "kim@kommune.test"), 1);
	buf_free(&form);
	buf_free(&next);
}

/* Sign-in returns to the page asked for; never to another site. */
static void
test_return_after_sign_in(void **state)
{
	struct console_test *t = *state;
	char		     path[64], want[128];

	snprintf(path, sizeof(path), "/citizen?id=%lld", (long long)1);
	assert_int_equal(go(t, path, "mette"), 200);
	assert_non_null(strstr(t->body.data, "Komme i praktik"));
	snprintf(want, sizeof(want), "%s%s", t->base, path);
	assert_string_equal(t->url.data, want);
	curl_easy_setopt(t->browser, CURLOPT_COOKIELIST, "ALL");
	assert_int_equal(
	    go(t, "/signin?next=%2F%2Fevil.example%2Fx", "mette"), 200);
	snprintf(want, sizeof(want), "%s/", t->base);
	assert_string_equal(t->url.data, want);
	curl_easy_setopt(t->browser, CURLOPT_COOKIELIST, "ALL");
	assert_int_equal(
	    go(t, "/signin?next=%2F%5Cevil.example", "mette"), 200);
	assert_string_equal(t->url.data, want);
}

/* Plain Danish with English alongside, on every page's heading. */
static void
test_english_alongside(void **state)
{
	struct console_test *t = *state;

	assert_int_equal(go(t, "/", "mette"), 200);
	assert_non_null(strstr(t->body.data,
	    "Henvendelser <span class=\"console-en\" lang=\"en\">Requests"));
	assert_int_equal(go(t, "/absence", NULL), 200);
	assert_non_null(strstr(t->body.data, "lang=\"en\">Absence</span>"));
	assert_int_equal(go(t, "/citizens", NULL), 200);
	assert_non_null(strstr(t->body.data, "lang=\"en\">My citizens</span>"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_note, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reassign, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_absence_for_other, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_agreement_edit, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_agreement_lifecycle, setup, teardown),
		cmocka_unit_test_setup_teardown(test_meetings, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_staff_edit, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_return_after_sign_in, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_english_alongside, setup, teardown),
	};

	curl_global_init(CURL_GLOBAL_DEFAULT);
	return cmocka_run_group_tests(tests, idp_up, idp_down);
}
