/*
 * it_send_cli.c - the sending side of mentorctl against a real database
 * and daemon: sms send (--to, --citizen, --from-file, all or nothing),
 * outbox list/show/retry, the queue in status.
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

#include "it_send.h"

static const char import_json[] =
    "{\"staff\": [{\"id\": \"s-inger\", \"name\": \"Inger Holm\", "
    "\"mobile\": \"+4520000001\"}],\n"
    " \"citizens\": [{\"id\": \"c-mads\", \"cpr\": \"010180-1234\", "
    "\"given_name\": \"Mads\", \"mobile\": \"+4520000101\", "
    "\"language\": \"da\"}]}\n";

/* Run mentorctl with args; returns the exit status, output into out. */
static int
ctl(struct gwt *t, struct buf *out, const char *a1, const char *a2,
    const char *a3, const char *a4, const char *a5)
{
	const char *args[] = { a1, a2, a3, a4, a5, NULL };
	struct buf  err = { 0 };
	int	    rc;

	buf_reset(out);
	rc = harness_run(&t->h, "mentorctl", 1, args, out, &err);
	if (rc != 0)
		buf_puts(out, buf_str(&err));
	buf_free(&err);
	return rc;
}

static int64_t
queued(struct gwt *t)
{
	int64_t n[OUTBOX_STATUS__MAX];

	assert_int_equal(store_outbox_counts(t->s, n), STORE_OK);
	return n[OUTBOX_QUEUED];
}

static void
test_sms_send_and_outbox(void **state)
{
	struct gwt *tp = *state;
	struct buf  out = { 0 };
	char	    path[400], imp[400];

	it_setup(tp, "file", NULL);
	store_close(tp->s); /* mentorctl init makes its own */
	tp->s = NULL;
	unlink(tp->h.db);
	harness_write_file(
	    &tp->h, "import.json", import_json, imp, sizeof(imp));
	harness_init_db(&tp->h, imp);
	{
		char err[256];

		assert_int_equal(
		    store_open(tp->h.db, 0, &tp->s, err, sizeof(err)),
		    STORE_OK);
	}
	/* One to a typed number, one to a citizen by CPR. */
	assert_int_equal(ctl(tp, &out, "sms", "send", "--to", "20 00 00 02",
			     "Kontoret er lukket i morgen."),
	    0);
	assert_non_null(strstr(buf_str(&out), "queued 1 message"));
	assert_int_equal(ctl(tp, &out, "sms", "send", "--citizen",
			     "010180-1234", "Hej Mads"),
	    0);
	assert_int_equal(
	    ctl(tp, &out, "sms", "send", "--citizen", "020280-1234", "Hej"), 1);
	assert_non_null(strstr(buf_str(&out), "no citizen"));
	assert_int_equal(queued(tp), 2);
	/* A file with one bad line queues nothing. */
	harness_write_file(&tp->h, "bad.jsonl",
	    "{\"to\":\"+4520000003\","
	    "\"body\":\"Lukket\"}\n{\"to\":\"12\",\"body\":\"x\"}\n",
	    path, sizeof(path));
	assert_int_equal(
	    ctl(tp, &out, "sms", "send", "--from-file", path, NULL), 1);
	assert_non_null(strstr(buf_str(&out), "bad.jsonl:2:"));
	assert_int_equal(queued(tp), 2);
	harness_write_file(&tp->h, "good.jsonl",
	    "{\"to\":\"+4520000003\","
	    "\"body\":\"Lukket\"}\n{\"to\":\"+4520000004\",\"body\":"
	    "\"Lukket 😀\"}\n",
	    path, sizeof(path));
	assert_int_equal(
	    ctl(tp, &out, "--json", "sms", "send", "--from-file", path), 0);
	assert_non_null(strstr(buf_str(&out), "\"queued\":2"));
	assert_int_equal(queued(tp), 4);
	assert_int_equal(
	    ctl(tp, &out, "outbox", "list", "--status", "queued", NULL), 0);
	assert_non_null(strstr(buf_str(&out), "4 message(s)"));
	/* The daemon sends them; show has the text. */
	it_daemon_start(tp);
	assert_true(harness_wait(it_all_final, tp, 5000));
	assert_int_equal(harness_count_lines(tp->h.sms_file), 4);
	assert_int_equal(ctl(tp, &out, "outbox", "show", "2", NULL, NULL), 0);
	assert_non_null(strstr(buf_str(&out), "Hej Mads"));
	assert_non_null(strstr(buf_str(&out), "sent"));
	assert_int_equal(
	    ctl(tp, &out, "--json", "status", NULL, NULL, NULL), 0);
	assert_non_null(strstr(buf_str(&out), "\"sent\":4"));
	assert_int_equal(ctl(tp, &out, "outbox", "retry", "2", NULL, NULL), 1);
	assert_non_null(strstr(buf_str(&out), "only failed or expired"));
	buf_free(&out);
	assert_int_equal(harness_stop(&tp->gw), 0);
}

/* A permanent failure shows in status as a bad number; retry sends it. */
static void
test_failed_retry(void **state)
{
	struct gwt *tp = *state;
	struct buf  out = { 0 };
	char	    idtext[24];
	int64_t	    id;

	it_setup(tp, "gatewayapi", NULL);
	it_fake_post(tp, "/_fault",
	    "{\"action\":\"status\",\"status\":400,"
	    "\"count\":1,\"to\":\"+4520000090\"}");
	id = it_queue(tp, "+4520000090", "staff", time(NULL) + 600);
	it_daemon_start(tp);
	assert_true(harness_wait(it_all_final, tp, 5000));
	assert_int_equal(it_status(tp, id, NULL), OUTBOX_FAILED);
	assert_int_equal(ctl(tp, &out, "status", NULL, NULL, NULL, NULL), 0);
	assert_non_null(strstr(buf_str(&out), "bad number +4520000090"));
	assert_non_null(strstr(buf_str(&out), "sender: "));
	assert_int_equal(
	    ctl(tp, &out, "outbox", "list", "--status", "failed", NULL), 0);
	assert_non_null(strstr(buf_str(&out), "http 400"));
	snprintf(idtext, sizeof(idtext), "%lld", (long long)id);
	assert_int_equal(
	    ctl(tp, &out, "outbox", "retry", idtext, NULL, NULL), 0);
	assert_true(harness_wait(it_all_final, tp, 5000));
	assert_int_equal(it_status(tp, id, NULL), OUTBOX_SENT);
	buf_free(&out);
	assert_int_equal(harness_stop(&tp->gw), 0);
}

/*
 * A message the provider accepted with an answer we could not read (a
 * proxy's page): staff see it counted in status and its reason in the
 * list; it was sent once.
 */
static void
test_unconfirmed_in_status(void **state)
{
	struct gwt *tp = *state;
	struct buf  out = { 0 };
	int64_t	    id;

	it_setup(tp, "gatewayapi", "max_in_flight = 1"); /* one a request */
	it_fake_post(tp, "/_fault",
	    "{\"action\":\"html\",\"count\":-1,"
	    "\"to\":\"+4520000091\"}");
	id = it_queue(tp, "+4520000091", "staff", time(NULL) + 600);
	it_queue(tp, "+4520000092", "staff", time(NULL) + 600);
	it_daemon_start(tp);
	assert_true(harness_wait(it_all_final, tp, 5000));
	assert_int_equal(it_status(tp, id, NULL), OUTBOX_SENT);
	assert_int_equal(it_fake_count(tp, id), 1);
	assert_int_equal(ctl(tp, &out, "status", NULL, NULL, NULL, NULL), 0);
	assert_non_null(strstr(buf_str(&out), "  unconfirmed: 1 sent"));
	assert_int_equal(
	    ctl(tp, &out, "--json", "status", NULL, NULL, NULL), 0);
	assert_non_null(strstr(buf_str(&out), "\"unconfirmed\":1"));
	assert_int_equal(
	    ctl(tp, &out, "outbox", "list", "--status", "sent", NULL), 0);
	assert_non_null(strstr(buf_str(&out), "unconfirmed: http 200"));
	buf_free(&out);
	assert_int_equal(harness_stop(&tp->gw), 0);
}

/* Have the fake send a signed GatewayAPI delivery report for row id. */
static void
report(struct gwt *t, int64_t id, const char *status, const char *error)
{
	struct outbox_rec r;
	struct buf	  cmd = { 0 }, out = { 0 };
	const char	 *hdr[] = { "Content-Type: application/json", NULL };

	assert_int_equal(store_outbox_get(t->s, id, &r), STORE_OK);
	buf_printf(&cmd,
	    "{\"url\":\"http://127.0.0.1:%d\",\"kind\":"
	    "\"gatewayapi_dlr\",\"id\":\"%s\",\"status\":\"%s\",\"ref\":"
	    "%lld,\"error\":\"%s\",\"secret\":\"it-webhook-secret\"}",
	    t->gw.port, r.provider_id, status, (long long)id, error);
	assert_int_equal(harness_http(t->fake.port, "POST", "/_webhook", hdr,
			     buf_str(&cmd), cmd.len, &out, NULL),
	    200);
	assert_non_null(strstr(buf_str(&out), "\"status\":200"));
	outbox_rec_free(&r);
	buf_free(&cmd);
	buf_free(&out);
}

/* harness_wait(): both rows of ids[2] are failed. */
static int
both_failed(void *arg)
{
	struct gwt *t = ((struct gwt **)arg)[0];
	int64_t	   *ids = ((int64_t **)arg)[1];

	return it_status(t, ids[0], NULL) == OUTBOX_FAILED &&
	    it_status(t, ids[1], NULL) == OUTBOX_FAILED;
}

/*
 * Delivery reports that fail a message: a temporary error (the phone was
 * off: GatewayAPI 0x1013 "absent subscriber") leaves the number off the
 * bad-number list, a permanent one (0x1010 "unknown subscriber") puts it
 * there; /metrics counts both as failed by a report.
 */
static void
test_report_temporary_not_bad(void **state)
{
	struct gwt *tp = *state;
	struct buf  out = { 0 };
	int64_t	    ids[2];
	void	   *arg[2] = { tp, ids };

	it_setup(tp, "gatewayapi", "max_in_flight = 1");
	ids[0] = it_queue(tp, "+4520000093", "staff", time(NULL) + 600);
	ids[1] = it_queue(tp, "+4520000094", "staff", time(NULL) + 600);
	it_daemon_start(tp);
	assert_true(harness_wait(it_all_final, tp, 5000));
	report(tp, ids[0], "UNDELIVERABLE", "0x1013 Absent subscriber");
	report(tp, ids[1], "UNDELIVERABLE", "0x1010 Unknown subscriber");
	assert_true(harness_wait(both_failed, arg, 5000));
	assert_int_equal(ctl(tp, &out, "status", NULL, NULL, NULL, NULL), 0);
	assert_non_null(strstr(buf_str(&out), "bad number +4520000094"));
	assert_null(strstr(buf_str(&out), "+4520000093"));
	assert_int_equal(
	    it_metric(tp, "mentorlink_sms_report_failed_total"), 2);
	buf_free(&out);
	assert_int_equal(harness_stop(&tp->gw), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		IT_TEST(test_sms_send_and_outbox),
		IT_TEST(test_failed_retry),
		IT_TEST(test_unconfirmed_in_status),
		IT_TEST(test_report_temporary_not_bad),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
