/*
 * it_console - the staff console (console/) against a real OpenID
 * Connect provider (npm oidc-provider, tests/oidc/provider.js on
 * 127.0.0.1 port 0).  A stand-in browser (libcurl with a cookie jar,
 * redirects followed by hand) signs in through the provider's login
 * form and the console's /signin and /callback.  Checks: sign-in and the
 * requests page; an unknown login gets "Du har ikke adgang" and an audit
 * row; a POST without the CSRF token gets 403; a callback with a wrong
 * state is refused; another mentor's citizen gets 403 and an audit row;
 * the session cookie is useless after sign-out (which goes on to the
 * provider's end-session endpoint); "Jeg har ringet" acknowledges as the
 * SMS "OK n" does and queues the citizen's SMS once, and the gateway's
 * file provider sends it; desk-assisted sign-in: a desk staff member or
 * a coordinator makes a one-time kiosk code for a citizen found by CPR
 * (or from their own list), a mentor cannot, and the kiosk logs the
 * citizen in with it once, audited on both sides.
 */
#include "console_util.h"

/* Sign in as Mette: the requests page shows Mads with a tel: link. */
static void
test_sign_in(void **state)
{
	struct console_test *t = *state;

	assert_int_equal(go(t, "/", "mette"), 200);
	assert_non_null(strstr(t->body.data, "Mads"));
	assert_non_null(strstr(t->body.data, "href=\"tel:" MADS_MOBILE "\""));
	assert_non_null(strstr(t->body.data, "Jeg har ringet"));
	assert_true(audit_count(t, "view_contact", "mette@kommune.test") >= 1);
	assert_int_equal(audit_count(t, "console_sign_in", NULL), 1);
}

/* A login no staff row has: "Du har ikke adgang", audited. */
static void
test_unknown_login(void **state)
{
	struct console_test *t = *state;

	assert_int_equal(go(t, "/", "ukendt"), 403);
	assert_non_null(strstr(t->body.data, "Du har ikke adgang"));
	assert_null(strstr(t->body.data, "Mads"));
	assert_int_equal(
	    audit_count(t, "console_no_access", "ukendt@kommune.test"), 1);
	/* Nothing is open to that browser afterwards. */
	assert_int_equal(browse(t, "/citizens", NULL, NULL), 303);
}

/* A POST without the CSRF token, or with another one, gets 403. */
static void
test_csrf(void **state)
{
	struct console_test *t = *state;
	char		     form[200], csrf[80];

	assert_int_equal(go(t, "/", "mette"), 200);
	page_csrf(t, csrf, sizeof(csrf));
	assert_int_equal(browse(t, "/ack", "id=1&how=called", NULL), 403);
	assert_int_equal(
	    browse(t, "/ack", "id=1&how=called&csrf=0000", NULL), 403);
	assert_int_equal(browse(t, "/signout", "", NULL), 403);
	/* Nothing was acknowledged: the button is still there. */
	assert_int_equal(go(t, "/", NULL), 200);
	assert_non_null(strstr(t->body.data, "Jeg har ringet"));
	snprintf(form, sizeof(form), "id=1&how=called&csrf=%s", csrf);
	assert_int_equal(browse(t, "/ack", form, NULL), 303);
}

/* A callback whose state is not the sign-in's is refused. */
static void
test_wrong_state(void **state)
{
	struct console_test *t = *state;
	struct buf	     next = { 0 };

	/* Start a sign-in (the pre-login session), then forge the answer. */
	assert_int_equal(browse(t, "/signin", NULL, &next), 303);
	assert_non_null(strstr(next.data, issuer));
	assert_int_equal(
	    browse(t, "/callback?code=abc&state=forged", NULL, NULL), 400);
	assert_non_null(strstr(t->body.data, "ikke logget ind"));
	assert_int_equal(browse(t, "/", NULL, NULL), 303);
	/* Without any sign-in under way too. */
	curl_easy_setopt(t->browser, CURLOPT_COOKIELIST, "ALL");
	assert_int_equal(
	    browse(t, "/callback?code=abc&state=forged", NULL, NULL), 400);
	buf_free(&next);
}

/* Another mentor's citizen: 403 and an audit row; my own: shown. */
static void
test_other_citizen(void **state)
{
	struct console_test *t = *state;
	struct store	    *s;
	struct citizen_rec   mads, ole;
	char		     path[64], err[256];

	assert_int_equal(
	    store_open(t->h.db, 0, &s, err, sizeof(err)), STORE_OK);
	assert_int_equal(
	    store_citizen_by_external(s, "c-mads", &mads), STORE_OK);
	assert_int_equal(store_citizen_by_external(s, "c-ole", &ole), STORE_OK);
	store_close(s);
	assert_int_equal(go(t, "/citizens", "mette"), 200);
	assert_non_null(strstr(t->body.data, "Mads"));
	assert_null(strstr(t->body.data, "Ole"));
	snprintf(path, sizeof(path), "/citizen?id=%lld", (long long)mads.id);
	assert_int_equal(browse(t, path, NULL, NULL), 200);
	assert_non_null(strstr(t->body.data, "Komme i praktik"));
	/* The warnings of `mentorctl agreement show` (shared/checks.c). */
	assert_non_null(strstr(t->body.data, "Advarsler"));
	assert_non_null(
	    strstr(t->body.data, "Mentorens opgaver er ikke skrevet ned."));
	assert_non_null(strstr(t->body.data,
	    "lang=\"en\">The mentor&#39;s tasks are not written down."));
	assert_null(strstr(t->body.data, "Målet med mentorstøtten er ikke"));
	assert_int_equal(
	    audit_count(t, "show_agreement", "mette@kommune.test"), 1);
	snprintf(path, sizeof(path), "/citizen?id=%lld", (long long)ole.id);
	assert_int_equal(browse(t, path, NULL, NULL), 403);
	assert_null(strstr(t->body.data, "Ole"));
	assert_int_equal(
	    audit_count(t, "console_refused", "mette@kommune.test"), 1);
	citizen_rec_free(&mads);
	citizen_rec_free(&ole);
}

/* After sign-out the old cookie opens nothing; on to the provider. */
static void
test_sign_out(void **state)
{
	struct console_test *t = *state;
	struct curl_slist   *cookies = NULL;
	struct buf	     next = { 0 };
	char		     form[200], csrf[80], cookie[160] = "";
	struct curl_slist   *c;

	assert_int_equal(go(t, "/", "mette"), 200);
	page_csrf(t, csrf, sizeof(csrf));
	curl_easy_getinfo(t->browser, CURLINFO_COOKIELIST, &cookies);
	for (c = cookies; c != NULL; c = c->next)
		if (strstr(c->data, "127.0.0.1") != NULL &&
		    strstr(c->data, "\tmlc\t") != NULL)
			snprintf(cookie, sizeof(cookie), "%s", c->data);
	curl_slist_free_all(cookies);
	assert_true(cookie[0] != '\0');
	snprintf(form, sizeof(form), "csrf=%s", csrf);
	assert_int_equal(browse(t, "/signout", form, &next), 303);
	assert_non_null(strstr(next.data, issuer));
	assert_non_null(strstr(next.data, "id_token_hint="));
	assert_non_null(strstr(next.data, "post_logout_redirect_uri="));
	/* The old cookie, put back by hand, is worth nothing. */
	curl_easy_setopt(t->browser, CURLOPT_COOKIELIST, "ALL");
	curl_easy_setopt(t->browser, CURLOPT_COOKIELIST, cookie);
	assert_int_equal(browse(t, "/", NULL, &next), 303);
	assert_true(sent_to(&next, "/signin"));
	assert_int_equal(browse(t, "/ack", "id=1&csrf=x", NULL), 403);
	assert_int_equal(audit_count(t, "console_sign_out", NULL), 1);
	buf_free(&next);
}

struct file_want {
	const char *path;
	const char *text;
};

/* 1 when the file holds the text. */
static int
file_has(void *arg)
{
	struct file_want *w = arg;
	struct buf	  b = { 0 };
	int		  found;

	found = harness_read_file(w->path, &b) == 0 &&
	    strstr(buf_str(&b), w->text) != NULL;
	buf_free(&b);
	return found;
}

/* How often text occurs in the file at path. */
static int
file_count(const char *path, const char *text)
{
	struct buf  b = { 0 };
	const char *p;
	int	    n = 0;

	if (harness_read_file(path, &b) == 0)
		for (p = buf_str(&b); (p = strstr(p, text)) != NULL; p++)
			n++;
	buf_free(&b);
	return n;
}

/* The gateway sends the acknowledgement once, through the file provider. */
static void
gateway_sends_ack(struct console_test *t)
{
	struct proc	 gw;
	struct file_want w = { t->h.sms_file, "Mette har set din besked" };
	const char	*args[] = { "-f", t->h.config, NULL };
	char		 port[400];

	snprintf(port, sizeof(port), "%s/sms-gateway.port", t->h.dir);
	harness_start(&t->h, &gw, "bin/sms-gateway", args, port);
	assert_true(harness_wait(file_has, &w, 10000));
	assert_int_equal(harness_stop(&gw), 0);
	assert_int_equal(file_count(t->h.sms_file, w.text), 1);
	assert_true(file_count(t->h.sms_file, "\"to\":\"" MADS_MOBILE "\"") +
		file_count(t->h.sms_file, "\"to\": \"" MADS_MOBILE "\"") >=
	    1);
}

/*
 * "Jeg har ringet": acknowledged once, the citizen texted once; the
 * gateway's file provider sends it.
 */
static void
test_acknowledge(void **state)
{
	struct console_test *t = *state;
	struct buf	     next = { 0 };
	char		     form[200], csrf[80];
	int		     before;

	before = outbox_to(t, MADS_MOBILE);
	assert_int_equal(go(t, "/", "mette"), 200);
	page_csrf(t, csrf, sizeof(csrf));
	snprintf(form, sizeof(form), "id=1&how=called&csrf=%s", csrf);
	assert_int_equal(browse(t, "/ack", form, &next), 303);
	assert_true(sent_to(&next, "/?done=1"));
	assert_int_equal(outbox_to(t, MADS_MOBILE), before + 1);
	assert_int_equal(go(t, "/", NULL), 200);
	assert_null(strstr(t->body.data, "Jeg har ringet"));
	assert_non_null(strstr(t->body.data, "Set "));
	/* A second time (or an SMS "OK 1" after it) tells nobody again. */
	assert_int_equal(browse(t, "/ack", form, &next), 303);
	assert_true(sent_to(&next, "/?none=1"));
	assert_int_equal(outbox_to(t, MADS_MOBILE), before + 1);
	assert_int_equal(
	    audit_count(t, "contact_ack", "mette@kommune.test"), 1);
	buf_free(&next);
	gateway_sends_ack(t);
}

/* The other mentor sees no request of Mette's and cannot acknowledge it. */
static void
test_other_mentor_requests(void **state)
{
	struct console_test *t = *state;
	struct buf	     next = { 0 };
	char		     form[200], csrf[80];

	assert_int_equal(go(t, "/", "lars"), 200);
	assert_null(strstr(t->body.data, "Mads"));
	page_csrf(t, csrf, sizeof(csrf));
	snprintf(form, sizeof(form), "id=1&how=called&csrf=%s", csrf);
	assert_int_equal(browse(t, "/ack", form, &next), 303);
	assert_true(sent_to(&next, "/?none=1"));
	assert_int_equal(outbox_to(t, MADS_MOBILE), 1); /* the receipt */
	buf_free(&next);
}

/*
 * Absence: a deputy away then is refused with the reason; a deputy who
 * is there is taken, and the next request goes to them.
 */
static void
test_absence(void **state)
{
	struct console_test *t = *state;
	struct store	    *s;
	struct citizen_rec   c;
	struct contact_rec   cr;
	struct buf	     next = { 0 };
	char		     form[300], csrf[80], from[11], until[11], err[256];
	int64_t		     lars = staff_id(t, "s-lars");

	date_from_now(-1, from);
	date_from_now(5, until);
	assert_int_equal(
	    store_open(t->h.db, 0, &s, err, sizeof(err)), STORE_OK);
	assert_int_equal(store_staff_set_away(s, lars, until, until), STORE_OK);
	store_close(s);
	assert_int_equal(go(t, "/absence", "mette"), 200);
	page_csrf(t, csrf, sizeof(csrf));
	snprintf(form, sizeof(form), "from=%s&until=%s&deputy=%lld&csrf=%s",
	    from, until, (long long)lars, csrf);
	assert_int_equal(browse(t, "/absence", form, NULL), 400);
	assert_non_null(strstr(t->body.data, "Lars Berg er selv væk fra"));
	/* Lars is back: now he is taken. */
	assert_int_equal(
	    store_open(t->h.db, 0, &s, err, sizeof(err)), STORE_OK);
	assert_int_equal(store_staff_set_away(s, lars, NULL, NULL), STORE_OK);
	store_close(s);
	assert_int_equal(browse(t, "/absence", form, &next), 303);
	assert_true(sent_to(&next, "/absence?saved=1"));
	assert_int_equal(
	    audit_count(t, "staff_absence", "mette@kommune.test"), 1);
	/* Mads's open request was Mette's; close it and ask again. */
	assert_int_equal(
	    store_open(t->h.db, 0, &s, err, sizeof(err)), STORE_OK);
	assert_int_equal(store_citizen_by_external(s, "c-mads", &c), STORE_OK);
	assert_int_equal(store_contact_open_for(s, c.id, &cr), STORE_OK);
	assert_int_equal(
	    store_contact_close(s, cr.id, "test", time(NULL)), STORE_OK);
	contact_rec_free(&cr);
	store_close(s);
	open_request(t, "c-mads");
	assert_int_equal(
	    store_open(t->h.db, 0, &s, err, sizeof(err)), STORE_OK);
	assert_int_equal(store_contact_open_for(s, c.id, &cr), STORE_OK);
	assert_int_equal(cr.routed_to, lars);
	assert_string_equal(cr.routed_as, "deputy");
	contact_rec_free(&cr);
	citizen_rec_free(&c);
	store_close(s);
	buf_free(&next);
}

/* The coordinator's pages: staff list and outbox; all open requests. */
static void
test_coordinator(void **state)
{
	struct console_test *t = *state;

	assert_int_equal(go(t, "/", "mette"), 200);
	assert_int_equal(browse(t, "/staff", NULL, NULL), 403);
	assert_null(strstr(t->body.data, "Lars Berg"));
	assert_int_equal(browse(t, "/outbox", NULL, NULL), 403);
	assert_null(strstr(t->body.data, "href=\"/staff\""));
	curl_easy_setopt(t->browser, CURLOPT_COOKIELIST, "ALL");
	assert_int_equal(go(t, "/", "kim"), 200);
	assert_non_null(strstr(t->body.data, "Alle åbne henvendelser"));
	assert_non_null(strstr(t->body.data, "Mads"));
	assert_non_null(strstr(t->body.data, "Sendt til Mette Hansen"));
	assert_null(strstr(t->body.data, "Jeg har ringet"));
	assert_int_equal(browse(t, "/staff", NULL, NULL), 200);
	assert_non_null(strstr(t->body.data, "Lars Berg"));
	assert_non_null(strstr(t->body.data, "mette@kommune.test"));
	assert_int_equal(audit_count(t, "list_staff", "kim@kommune.test"), 1);
	assert_int_equal(browse(t, "/outbox", NULL, NULL), 200);
	assert_non_null(strstr(t->body.data, "I kø"));
}

/* The code on the console's page now shown, without the space. */
static void
shown_code(struct console_test *t, char out[7])
{
	const char *p, *key = "id=\"desk-code\">";

	if ((p = strstr(t->body.data, key)) == NULL)
		fail_msg("no code on the page:\n%s", t->body.data);
	p += strlen(key);
	assert_int_equal(strspn(p, "0123456789"), 3);
	assert_true(p[3] == ' ');
	assert_int_equal(strspn(p + 4, "0123456789"), 3);
	snprintf(out, 7, "%.3s%.3s", p, p + 4);
}

/* POST the form to the console's /desk with the page's CSRF token. */
static long
desk_post(struct console_test *t, const char *fields)
{
	char form[300], csrf[80];

	page_csrf(t, csrf, sizeof(csrf));
	snprintf(form, sizeof(form), "%s&csrf=%s", fields, csrf);
	return browse(t, "/desk", form, NULL);
}

/* Type code on the kiosk at base; the redirect's target into next. */
static long
kiosk_type(struct console_test *t, const char *base, const char *code,
    struct buf *next)
{
	char url[128], form[200], csrf[80];

	snprintf(url, sizeof(url), "%s/desk", base);
	assert_int_equal(browse(t, url, NULL, NULL), 200);
	page_csrf(t, csrf, sizeof(csrf));
	snprintf(form, sizeof(form), "code=%s&action=send&csrf=%s", code, csrf);
	return browse(t, url, form, next);
}

/* Who may make codes: the desk role and coordinators, not a mentor. */
static void
test_desk_roles(void **state)
{
	struct console_test *t = *state;

	assert_int_equal(go(t, "/", "mette"), 200);
	assert_null(strstr(t->body.data, "href=\"/desk\""));
	assert_int_equal(browse(t, "/desk", NULL, NULL), 403);
	curl_easy_setopt(t->browser, CURLOPT_COOKIELIST, "ALL");
	assert_int_equal(go(t, "/", "kim"), 200);
	assert_int_equal(browse(t, "/desk", NULL, NULL), 200);
	assert_non_null(strstr(t->body.data, "href=\"/desk\""));
	assert_non_null(strstr(
	    t->body.data, "Hjælp en borger med at logge ind på kiosken"));
	/* A CPR number that is no number, or nobody's. */
	assert_int_equal(desk_post(t, "cpr=12&kiosk="), 400);
	assert_non_null(strstr(t->body.data, "10 cifre"));
	assert_non_null(
	    strstr(t->body.data, "lang=\"en\">A CPR number has 10"));
	assert_int_equal(desk_post(t, "cpr=0303031234&kiosk="), 400);
	assert_non_null(strstr(t->body.data, "ingen borger"));
	assert_int_equal(desk_post(t, "cpr=0101701234&kiosk=a%20b"), 400);
	assert_int_equal(desk_post(t, "cpr=0101701234&kiosk=kiosk-1"), 200);
	assert_non_null(strstr(t->body.data, "Koden til Mads"));
	assert_non_null(strstr(t->body.data, "kun på kiosken kiosk-1"));
	assert_int_equal(
	    audit_count(t, "desk_code_created", "kim@kommune.test"), 1);
}

/* From my own list: my citizen yes, another's no (audited). */
static void
test_desk_own_list(void **state)
{
	struct console_test *t = *state;
	struct store	    *s;
	struct citizen_rec   mads, ole;
	char		     fields[64], err[256];

	assert_int_equal(
	    store_open(t->h.db, 0, &s, err, sizeof(err)), STORE_OK);
	assert_int_equal(store_staff_set_roles(s, staff_id(t, "s-lars"),
			     STAFF_ROLE_MENTOR | STAFF_ROLE_DESK),
	    STORE_OK);
	assert_int_equal(
	    store_citizen_by_external(s, "c-mads", &mads), STORE_OK);
	assert_int_equal(store_citizen_by_external(s, "c-ole", &ole), STORE_OK);
	store_close(s);
	assert_int_equal(go(t, "/", "lars"), 200);
	assert_int_equal(browse(t, "/desk", NULL, NULL), 200);
	assert_non_null(strstr(t->body.data, "Lav en kode til Ole"));
	assert_null(strstr(t->body.data, "Mads"));
	assert_int_equal(
	    audit_count(t, "list_citizens", "lars@kommune.test"), 1);
	snprintf(fields, sizeof(fields), "cpr=&kiosk=&citizen=%lld",
	    (long long)ole.id);
	assert_int_equal(desk_post(t, fields), 200);
	assert_non_null(strstr(t->body.data, "Koden til Ole"));
	assert_int_equal(go(t, "/desk", NULL), 200);
	snprintf(fields, sizeof(fields), "cpr=&kiosk=&citizen=%lld",
	    (long long)mads.id);
	assert_int_equal(desk_post(t, fields), 400);
	assert_null(strstr(t->body.data, "Koden til"));
	assert_int_equal(
	    audit_count(t, "console_refused", "lars@kommune.test"), 1);
	assert_int_equal(
	    audit_count(t, "desk_code_created", "lars@kommune.test"), 1);
	citizen_rec_free(&mads);
	citizen_rec_free(&ole);
}

/*
 * The whole way: Dina (desk role) makes a code for Mads from his CPR
 * number, Mads types it on the kiosk and sees his agreement; the code
 * works once; the audit names Dina on both sides; the CPR number is in
 * no log.
 */
static void
test_desk_sign_in(void **state)
{
	struct console_test *t = *state;
	struct proc	     kiosk;
	struct buf	     next = { 0 }, log = { 0 };
	const char	    *args[] = { "-f", t->h.config, NULL };
	char		     port[400], base[64], code[7];

	snprintf(port, sizeof(port), "%s/kiosk.port", t->h.dir);
	harness_start(&t->h, &kiosk, "bin/kiosk", args, port);
	snprintf(base, sizeof(base), "http://127.0.0.1:%d", kiosk.port);
	assert_int_equal(go(t, "/", "dina"), 200);
	assert_int_equal(browse(t, "/desk", NULL, NULL), 200);
	assert_int_equal(desk_post(t, "cpr=010170-1234&kiosk="), 200);
	shown_code(t, code);
	assert_int_equal(
	    audit_count(t, "desk_code_created", "dina@kommune.test"), 1);
	assert_int_equal(kiosk_type(t, base, code, &next), 303);
	assert_true(sent_to(&next, "/agreement"));
	snprintf(port, sizeof(port), "%s/agreement", base);
	assert_int_equal(browse(t, port, NULL, NULL), 200);
	assert_non_null(strstr(t->body.data, "Hej Mads"));
	assert_int_equal(audit_count(t, "desk_code_used", "kiosk-1"), 1);
	assert_int_equal(audit_count(t, "kiosk_login", "kiosk-1"), 1);
	/* Once only. */
	assert_int_equal(kiosk_type(t, base, code, &next), 303);
	assert_true(sent_to(&next, "/desk"));
	assert_int_equal(audit_count(t, "kiosk_login", "kiosk-1"), 1);
	assert_int_equal(harness_stop(&kiosk), 0);
	assert_int_equal(harness_read_file(t->console.log, &log), 0);
	assert_null(strstr(buf_str(&log), "0101701234"));
	assert_null(strstr(buf_str(&log), "010170-1234"));
	assert_null(strstr(buf_str(&log), code));
	buf_reset(&log);
	assert_int_equal(harness_read_file(kiosk.log, &log), 0);
	assert_null(strstr(buf_str(&log), code));
	buf_free(&log);
	buf_free(&next);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_sign_in, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_unknown_login, setup, teardown),
		cmocka_unit_test_setup_teardown(test_csrf, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_wrong_state, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_other_citizen, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sign_out, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_acknowledge, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_other_mentor_requests, setup, teardown),
		cmocka_unit_test_setup_teardown(test_absence, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_coordinator, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_desk_roles, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_desk_own_list, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_desk_sign_in, setup, teardown),
	};

	curl_global_init(CURL_GLOBAL_DEFAULT);
	return cmocka_run_group_tests(tests, idp_up, idp_down);
}
