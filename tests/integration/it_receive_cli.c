/*
 * it_receive_cli.c - the receiving side's mentorctl commands against a
 * real daemon and database: simulate-sms, inbox list, contact
 * list|show|ack|close, journal export (which marks rows exported) and
 * purge (which never blanks what is not exported when require_export).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "receive_util.h"

/* Run mentorctl with args; returns the exit status, output in out. */
static int
ctl(struct rx *x, const char *const *args, struct buf *out)
{
	struct buf err = { 0 };
	int	   rc;

	buf_reset(out);
	rc = harness_run(&x->h, "mentorctl", 1, args, out, &err);
	if (rc != 0)
		print_message("mentorctl %s: %s\n", args[0], buf_str(&err));
	buf_free(&err);
	return rc;
}

static void
test_simulate_and_contact_commands(void **state)
{
	struct rx   x;
	struct buf  out = { 0 };
	const char *sim[] = { "simulate-sms", "--from", "20 00 01 01",
		"Vil du ringe?", NULL };
	const char *inbox[] = { "--json", "inbox", "list", NULL };
	const char *clist[] = { "contact", "list", NULL };
	const char *show[] = { "--json", "contact", "show", "1", NULL };
	const char *ack[] = { "contact", "ack", "1", NULL };
	const char *close_[] = { "contact", "close", "1", NULL };
	const char *close2[] = { "contact", "close", "1", NULL };

	(void)state;
	rx_start(&x, 0, NULL, rx_when(0, 9, 0));
	assert_int_equal(ctl(&x, sim, &out), 0);
	assert_non_null(strstr(buf_str(&out), "HTTP 200"));
	rx_settle(&x);
	assert_int_equal(ctl(&x, inbox, &out), 0);
	assert_non_null(
	    strstr(buf_str(&out), "\"outcome\":\"contact_opened\""));
	assert_non_null(strstr(buf_str(&out), "\"citizen\":\"c-mads\""));
	assert_int_equal(ctl(&x, clist, &out), 0);
	assert_non_null(strstr(buf_str(&out), "Inger Holm (s-inger)"));
	assert_int_equal(ctl(&x, show, &out), 0);
	assert_non_null(strstr(buf_str(&out), "\"state\":\"open\""));
	assert_int_equal(ctl(&x, ack, &out), 0);
	assert_int_equal(
	    rx_outbox_count(&x, CITIZEN, "Inger har set din besked"), 1);
	assert_int_equal(ctl(&x, close_, &out), 0);
	assert_int_not_equal(ctl(&x, close2, &out), 0);
	/* A new text after closing opens request 2. */
	assert_int_equal(ctl(&x, sim, &out), 0);
	rx_settle(&x);
	assert_int_equal(rx_outbox_count(&x, MENTOR, "(henvendelse 2)"), 1);
	buf_free(&out);
	rx_stop(&x);
}

static void
test_export_then_purge(void **state)
{
	struct rx	 x;
	struct buf	 out = { 0 };
	struct inbox_rec r;
	const char	*exp[] = { "journal", "export", "--from", "2026-11-23",
		     "--to", "2026-11-23", NULL };
	const char	*csv[] = { "journal", "export", "--from", "2026-11-23",
		     "--to", "2026-11-23", "--csv", NULL };
	const char	*dry[] = { "--json", "purge", "--dry-run", NULL };
	const char	*purge[] = { "--json", "purge", NULL };

	(void)state;
	rx_start(&x, 0, NULL, rx_when(0, 9, 0));
	assert_int_equal(rx_mo(&x, CITIZEN, "Ring mig"), 200);
	assert_int_equal(rx_mo(&x, STRANGER, "Hvem er du?"), 200);
	rx_settle(&x);
	assert_int_equal(ctl(&x, exp, &out), 0);
	assert_non_null(strstr(buf_str(&out), "\"type\":\"sms_in\""));
	assert_non_null(strstr(buf_str(&out), "\"text\":\"Ring mig\""));
	assert_non_null(strstr(buf_str(&out), "\"type\":\"contact\""));
	assert_int_equal(ctl(&x, csv, &out), 0);
	assert_int_equal(strncmp(buf_str(&out), "type,id,at,citizen", 18), 0);
	/* A day later: a text that is not exported. */
	harness_set_clock(&x.h, rx_when(1, 9, 0));
	sleep(1);
	assert_int_equal(rx_mo(&x, STRANGER, "Hallo?"), 200);
	rx_settle(&x);
	assert_int_equal(harness_stop(&x.gw), 0);
	/* 100 days on: the exported texts go, the other one stays. */
	harness_set_clock(&x.h, rx_when(100, 9, 0));
	assert_int_equal(ctl(&x, dry, &out), 0);
	assert_non_null(strstr(buf_str(&out), "\"inbound_texts\":2"));
	assert_null(strstr(buf_str(&out), "\"waiting_for_export\":0"));
	assert_int_equal(store_inbox_get(x.s, 1, &r), STORE_OK);
	assert_string_equal(r.body, "Ring mig");
	inbox_rec_free(&r);
	assert_int_equal(ctl(&x, purge, &out), 0);
	assert_non_null(strstr(buf_str(&out), "\"inbound_texts\":2"));
	assert_int_equal(store_inbox_get(x.s, 1, &r), STORE_OK);
	assert_string_equal(r.body, "");
	assert_true(r.body_purged_at != 0);
	assert_string_equal(r.outcome, "contact_opened");
	inbox_rec_free(&r);
	assert_int_equal(store_inbox_get(x.s, 3, &r), STORE_OK);
	assert_string_equal(r.body, "Hallo?");
	inbox_rec_free(&r);
	buf_free(&out);
	store_close(x.s);
	harness_done(&x.h);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_simulate_and_contact_commands),
		cmocka_unit_test(test_export_then_purge),
	};

	return cmocka_run_group_tests_name("it_receive_cli", tests, NULL, NULL);
}
