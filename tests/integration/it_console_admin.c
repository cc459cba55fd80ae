/*
 * it_console_admin - the coordinator's tools in the staff console,
 * signed in through the real OpenID provider (console_util.h): the SMS
 * queue's health (no text, numbers masked, a citizen's failure audited),
 * a citizen's audit export (a download, audited), erasure (refused while
 * an agreement is open; a confirm step; the journal comes back as the
 * answer; the personal fields are gone; audited) and the import of a
 * case-system file (upload, a dry run that changes nothing, apply only
 * with the file previewed).  A mentor gets 403 on each.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <curl/curl.h>

#include "buf.h"
#include "console_util.h"
#include "harness.h"
#include "store.h"
#include "store_outbox.h"

/*
 * A new citizen with an agreement from today, its status %s: imported
 * as a draft first, the upload makes it active (news: Nina and Mette
 * are told).  The other %s is today's date.
 */
static const char import_file[] =
    "{\"citizens\": [{\"id\": \"c-nina\", \"cpr\": \"0303901234\","
    " \"given_name\": \"Nina\", \"mobile\": \"+4520000103\","
    " \"language\": \"da\"}],"
    " \"agreements\": [{\"id\": \"a-nina\", \"citizen\": \"c-nina\","
    " \"mentor\": \"s-mette\", \"goal\": \"Komme i skole\","
    " \"starts\": \"%s\", \"ends\": \"2036-05-31\","
    " \"status\": \"%s\"}]}";

static const char bad_file[] =
    "{\"citizens\": [{\"id\": \"c-bad\", \"given_name\": \"X\"}]}";

/* The id of citizen ext, 0 when there is none. */
static int64_t
citizen_id(struct console_test *t, const char *ext)
{
	struct store	  *s;
	struct citizen_rec c;
	char		   err[256];
	int64_t		   id = 0;

	assert_int_equal(
	    store_open(t->h.db, 0, &s, err, sizeof(err)), STORE_OK);
	if (store_citizen_by_external(s, ext, &c) == STORE_OK) {
		id = c.id;
		citizen_rec_free(&c);
	}
	store_close(s);
	return id;
}

/* 1 if agreement ext is active. */
static int
agreement_active(struct console_test *t, const char *ext)
{
	struct store	    *s;
	struct agreement_rec a;
	char		     err[256];
	int		     active;

	assert_int_equal(
	    store_open(t->h.db, 0, &s, err, sizeof(err)), STORE_OK);
	assert_int_equal(store_agreement_by_external(s, ext, &a), STORE_OK);
	active = strcmp(a.status, "active") == 0;
	agreement_rec_free(&a);
	store_close(s);
	return active;
}

/* Every queued text fails for good, the provider quoting the number. */
static void
fail_all_texts(struct console_test *t)
{
	struct outbox_claim   claim[8];
	struct outbox_outcome out[8];
	struct store	     *s;
	char		      err[256];
	size_t		      n, i;

	assert_int_equal(
	    store_open(t->h.db, 0, &s, err, sizeof(err)), STORE_OK);
	assert_int_equal(
	    store_outbox_claim(s, time(NULL), "file", 8, claim, &n), STORE_OK);
	assert_true(n >= 1);
	memset(out, 0, sizeof(out));
	for (i = 0; i < n; i++) {
		out[i].id = claim[i].id;
		out[i].result = OUTBOX_RESULT_FAILED;
		out[i].error = "invalid destination " MADS_MOBILE;
		outbox_claim_free(&claim[i]);
	}
	assert_int_equal(store_outbox_record(s, out, n, time(NULL)), STORE_OK);
	store_close(s);
}

/* A login code queued to Mads: its text must never show. */
static void
queue_code(struct console_test *t)
{
	struct outbox_msg m = { .recipient = MADS_MOBILE,
		.body = "Din kode er 918273",
		.purpose = "login_code",
		.send_by = time(NULL) + 600,
		.citizen_id = citizen_id(t, "c-mads") };
	struct store	 *s;
	char		  err[256];

	assert_int_equal(
	    store_open(t->h.db, 0, &s, err, sizeof(err)), STORE_OK);
	assert_int_equal(store_outbox_queue(s, &m, time(NULL), NULL), STORE_OK);
	store_close(s);
}

/* A mentor gets 403 on every coordinator page. */
static void
test_mentor_refused(void **state)
{
	struct console_test *t = *state;
	char		     path[64];

	snprintf(path, sizeof(path), "/erase?id=%lld",
	    (long long)citizen_id(t, "c-ole"));
	assert_int_equal(go(t, "/", "mette"), 200);
	assert_int_equal(browse(t, "/outbox", NULL, NULL), 403);
	assert_int_equal(browse(t, "/import", NULL, NULL), 403);
	assert_int_equal(browse(t, path, NULL, NULL), 403);
	assert_null(strstr(t->body.data, "Ole"));
	snprintf(path, sizeof(path), "/audit-export?id=%lld",
	    (long long)citizen_id(t, "c-ole"));
	assert_int_equal(browse(t, path, NULL, NULL), 403);
	assert_int_equal(audit_count(t, "export_audit", NULL), 0);
}

/* The queue's health: failures and bad numbers, masked; no text. */
static void
test_outbox_health(void **state)
{
	struct console_test *t = *state;

	queue_code(t);
	fail_all_texts(t);
	assert_int_equal(go(t, "/", "kim"), 200);
	assert_int_equal(browse(t, "/outbox", NULL, NULL), 200);
	assert_non_null(strstr(t->body.data, "Fejlet"));
	assert_non_null(strstr(t->body.data, "Seneste fejl"));
	assert_non_null(strstr(t->body.data, "+45 20 xx xx 01"));
	assert_non_null(strstr(t->body.data, "invalid destination +…"));
	assert_non_null(strstr(t->body.data, "Numre der ikke virker"));
	/* Plain Danish with English alongside. */
	assert_non_null(strstr(t->body.data, "lang=\"en\">Latest failures<"));
	assert_non_null(strstr(t->body.data, "lang=\"en\">Failed<"));
	assert_non_null(strstr(t->body.data, "lang=\"en\">Attempts<"));
	assert_non_null(strstr(t->body.data, "login_code"));
	assert_null(strstr(t->body.data, MADS_MOBILE));
	assert_null(strstr(t->body.data, "918273"));
	assert_null(strstr(t->body.data, "Din kode"));
	/* Three failures and a bad number of Mads's, and the page. */
	assert_int_equal(audit_count(t, "view_outbox", "kim@kommune.test"), 5);
}

/* The audit export: JSON lines as a download, itself audited. */
static void
test_audit_export(void **state)
{
	struct console_test *t = *state;
	struct buf	     head = { 0 };
	char		     path[64];

	snprintf(path, sizeof(path), "/audit-export?id=%lld",
	    (long long)citizen_id(t, "c-mads"));
	assert_int_equal(go(t, "/", "kim"), 200);
	curl_easy_setopt(t->browser, CURLOPT_HEADERFUNCTION, collect);
	curl_easy_setopt(t->browser, CURLOPT_HEADERDATA, &head);
	assert_int_equal(browse(t, path, NULL, NULL), 200);
	curl_easy_setopt(t->browser, CURLOPT_HEADERFUNCTION, NULL);
	assert_non_null(strstr(head.data,
	    "Content-Disposition: attachment; filename=\"logning-c-mads.jsonl\""));
	assert_non_null(strstr(t->body.data, "\"action\":\"view_contact\""));
	assert_non_null(strstr(t->body.data, "\"citizen\":\"c-mads\""));
	assert_int_equal(audit_count(t, "export_audit", "kim@kommune.test"), 1);
	buf_free(&head);
}

/*
 * Erasure: refused while the agreement is open; then a confirm step,
 * the journal as the answer, the personal fields gone, audited once.
 */
static void
test_erase(void **state)
{
	struct console_test *t = *state;
	struct ctl_run	     run = { 0 };
	struct store	    *s;
	struct citizen_rec   c;
	char		     path[64], form[200], csrf[80], err[256];
	int64_t		     ole = citizen_id(t, "c-ole");

	snprintf(path, sizeof(path), "/erase?id=%lld", (long long)ole);
	assert_int_equal(go(t, "/", "kim"), 200);
	assert_int_equal(browse(t, path, NULL, NULL), 200);
	assert_non_null(strstr(t->body.data, "kan ikke slettes nu"));
	assert_null(strstr(t->body.data, "name=\"confirm\""));
	/* Found by the case system's id too; an unknown one is not. */
	assert_int_equal(browse(t, "/erase?ext=c-ole", NULL, NULL), 200);
	assert_non_null(strstr(t->body.data, "Ole"));
	assert_int_equal(browse(t, "/erase?ext=c-nobody", NULL, NULL), 404);
	harness_ctl(&t->h, &run, "agreement", "end", "a-ole", (char *)NULL);
	assert_int_equal(run.status, 0);
	harness_ctl_free(&run);
	assert_int_equal(browse(t, path, NULL, NULL), 200);
	assert_non_null(strstr(t->body.data, "name=\"confirm\""));
	assert_int_equal(audit_count(t, "view_erase", "kim@kommune.test"), 3);
	page_csrf(t, csrf, sizeof(csrf));
	snprintf(form, sizeof(form), "id=%lld&confirm=yes", (long long)ole);
	assert_int_equal(browse(t, "/erase", form, NULL), 403);
	snprintf(form, sizeof(form), "id=%lld&csrf=%s", (long long)ole, csrf);
	assert_int_equal(browse(t, "/erase", form, NULL), 400);
	assert_int_equal(citizen_id(t, "c-ole"), ole); /* still there */
	snprintf(form, sizeof(form), "id=%lld&confirm=yes&csrf=%s",
	    (long long)ole, csrf);
	assert_int_equal(browse(t, "/erase", form, NULL), 200);
	assert_non_null(strstr(t->body.data, "\"type\":\"citizen\""));
	assert_non_null(strstr(t->body.data, "\"given_name\":\"Ole\""));
	assert_int_equal(citizen_id(t, "c-ole"), 0);
	assert_int_equal(
	    store_open(t->h.db, 0, &s, err, sizeof(err)), STORE_OK);
	assert_int_equal(store_citizen_get(s, ole, &c), STORE_OK);
	assert_string_equal(c.given_name, "-");
	assert_null(c.mobile);
	citizen_rec_free(&c);
	store_close(s);
	assert_int_equal(
	    audit_count(t, "erase_citizen", "kim@kommune.test"), 1);
	assert_int_equal(browse(t, "/erase", form, NULL), 409);
	assert_non_null(strstr(t->body.data, "allerede slettet"));
	assert_non_null(strstr(
	    t->body.data, "lang=\"en\">The citizen has already been erased.<"));
	assert_int_equal(audit_count(t, "erase_citizen", NULL), 1);
}

/* POST the file content as a multipart upload with csrf to /import. */
static long
upload(struct console_test *t, const char *csrf, const char *content)
{
	curl_mime     *mime = curl_mime_init(t->browser);
	curl_mimepart *part;
	struct buf     url = { 0 };

	part = curl_mime_addpart(mime);
	curl_mime_name(part, "csrf");
	curl_mime_data(part, csrf, CURL_ZERO_TERMINATED);
	part = curl_mime_addpart(mime);
	curl_mime_name(part, "file");
	curl_mime_filename(part, "sag.json");
	curl_mime_type(part, "application/json");
	curl_mime_data(part, content, CURL_ZERO_TERMINATED);
	buf_printf(&url, "%s/import", t->base);
	buf_reset(&t->body);
	curl_easy_setopt(t->browser, CURLOPT_URL, url.data);
	curl_easy_setopt(t->browser, CURLOPT_MIMEPOST, mime);
	if (curl_easy_perform(t->browser) != CURLE_OK)
		fail_msg("upload failed");
	curl_easy_getinfo(t->browser, CURLINFO_RESPONSE_CODE, &t->status);
	curl_easy_setopt(t->browser, CURLOPT_MIMEPOST, NULL);
	curl_mime_free(mime);
	buf_free(&url);
	return t->status;
}

/* The hidden file id of the preview shown. */
static void
preview_id(struct console_test *t, char *out, size_t len)
{
	const char *p, *key = "name=\"file\" value=\"";

	if ((p = strstr(t->body.data, key)) == NULL)
		fail_msg("no apply form:\n%s", t->body.data);
	p += strlen(key);
	snprintf(out, len, "%.*s", (int)strcspn(p, "\""), p);
}

/*
 * Import: the preview lists the changes and the SMS and saves nothing;
 * apply takes only the previewed file, once; a bad file lists problems.
 */
static void
test_import(void **state)
{
	struct console_test *t = *state;
	char		     csrf[80], id[80], form[300], today[11];
	char		     file[sizeof(import_file) + 16], path[400];
	struct ctl_run	     run = { 0 };
	time_t		     now = time(NULL);
	struct tm	     tm;

	localtime_r(&now, &tm);
	strftime(today, sizeof(today), "%Y-%m-%d", &tm);
	snprintf(file, sizeof(file), import_file, today, "draft");
	harness_write_file(&t->h, "draft.json", file, path, sizeof(path));
	harness_ctl(&t->h, &run, "import", path, (char *)NULL);
	assert_int_equal(run.status, 0);
	harness_ctl_free(&run);
	snprintf(file, sizeof(file), import_file, today, "active");
	assert_int_equal(go(t, "/", "kim"), 200);
	assert_int_equal(browse(t, "/import", NULL, NULL), 200);
	assert_non_null(strstr(t->body.data, "multipart/form-data"));
	page_csrf(t, csrf, sizeof(csrf));
	assert_int_equal(upload(t, "wrong", file), 403);
	assert_int_equal(upload(t, csrf, bad_file), 200);
	assert_non_null(strstr(t->body.data, "Filen kan ikke importeres"));
	assert_non_null(strstr(t->body.data, "citizens[0] (c-bad)"));
	assert_int_equal(upload(t, csrf, file), 200);
	assert_non_null(strstr(t->body.data, "Det vil importen ændre"));
	assert_non_null(strstr(t->body.data, "a-nina: ændret"));
	assert_non_null(strstr(t->body.data, "lang=\"en\">a-nina: changed"));
	assert_non_null(strstr(t->body.data, "Importen vil sende 2 SMS."));
	assert_non_null(strstr(t->body.data,
	    "lang=\"en\">Text messages the import will send: 2."));
	assert_int_equal(agreement_active(t, "a-nina"), 0); /* not saved */
	assert_int_equal(
	    audit_count(t, "import_preview", "kim@kommune.test"), 2);
	preview_id(t, id, sizeof(id));
	snprintf(form, sizeof(form), "file=%064d&csrf=%s", 0, csrf);
	assert_int_equal(browse(t, "/import/apply", form, NULL), 409);
	snprintf(form, sizeof(form), "file=%s", id);
	assert_int_equal(browse(t, "/import/apply", form, NULL), 403);
	snprintf(form, sizeof(form), "file=%s&csrf=%s", id, csrf);
	assert_int_equal(browse(t, "/import/apply", form, NULL), 200);
	assert_non_null(strstr(t->body.data, "Filen er importeret"));
	assert_int_equal(agreement_active(t, "a-nina"), 1);
	assert_int_equal(audit_count(t, "import", "kim@kommune.test"), 1);
	/* The file was used up. */
	assert_int_equal(browse(t, "/import/apply", form, NULL), 409);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    test_mentor_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_outbox_health, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_audit_export, setup, teardown),
		cmocka_unit_test_setup_teardown(test_erase, setup, teardown),
		cmocka_unit_test_setup_teardown(test_import, setup, teardown),
	};

	curl_global_init(CURL_GLOBAL_DEFAULT);
	return cmocka_run_group_tests(tests, idp_up, idp_down);
}
