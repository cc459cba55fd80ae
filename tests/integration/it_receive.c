/*
 * it_receive.c - the inbound router against the real daemon: each
 * keyword, a contact request from text to mentor SMS to OK to the
 * citizen's receipt, deputy routing, escalation on the settable clock,
 * the unknown-sender limit, the loop guard and alphanumeric senders.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "config.h"
#include "contact.h"
#include "receive_util.h"

static void
test_keywords(void **state)
{
	struct rx	   x;
	struct citizen_rec c;
	char		   out[32];

	(void)state;
	rx_start(&x, 0, NULL, rx_when(0, 9, 0));
	assert_int_equal(rx_mo(&x, CITIZEN, " Stop. "), 200);
	rx_settle(&x);
	assert_int_equal(store_citizen_by_mobile(x.s, CITIZEN, &c), STORE_OK);
	assert_int_equal(c.reminders_on, 0);
	citizen_rec_free(&c);
	assert_int_equal(
	    rx_outbox_count(&x, CITIZEN,
		"Du får ikke flere påmindelser fra Testby Kommune."),
	    1);
	rx_outcome(&x, 1, out, sizeof(out));
	assert_string_equal(out, "stop");

	assert_int_equal(rx_mo(&x, CITIZEN, "start"), 200);
	rx_settle(&x);
	assert_int_equal(store_citizen_by_mobile(x.s, CITIZEN, &c), STORE_OK);
	assert_int_equal(c.reminders_on, 1);
	citizen_rec_free(&c);
	assert_int_equal(
	    rx_outbox_count(&x, CITIZEN, "Du får igen påmindelser"), 1);

	assert_int_equal(rx_mo(&x, CITIZEN, "HJÆLP!"), 200);
	rx_settle(&x);
	assert_int_equal(
	    rx_outbox_count(&x, CITIZEN, "så ringer Inger til dig."), 1);
	assert_int_equal(rx_outbox_count(&x, CITIZEN, "ring 112."), 1);
	rx_outcome(&x, 3, out, sizeof(out));
	assert_string_equal(out, "help");

	/* AFMELD and the other spellings count as STOP; nothing opened. */
	assert_int_equal(rx_mo(&x, CITIZEN, "afmeld"), 200);
	rx_settle(&x);
	rx_outcome(&x, 4, out, sizeof(out));
	assert_string_equal(out, "stop");
	assert_int_equal(rx_outbox_count(&x, MENTOR, NULL), 0);
	rx_stop(&x);
}

static void
test_contact_flow(void **state)
{
	struct rx	   x;
	struct contact_rec cr;
	char		   out[32];

	(void)state;
	rx_start(&x, 0, NULL, rx_when(0, 9, 0));
	assert_int_equal(
	    rx_mo(&x, CITIZEN, "Kan du ringe? Jeg har det skidt"), 200);
	rx_settle(&x);
	/* The mentor: given name, number, request number; not the words. */
	assert_int_equal(
	    rx_outbox_count(&x, MENTOR,
		"Mads beder dig ringe på " CITIZEN " (henvendelse 1)"),
	    1);
	assert_int_equal(rx_outbox_count(&x, MENTOR, "skidt"), 0);
	/* The citizen: who will call, and the crisis text. */
	assert_int_equal(rx_outbox_count(&x, CITIZEN,
			     "Inger har fået besked og ringer til dig"),
	    1);
	assert_int_equal(rx_outbox_count(&x, CITIZEN, "ring 112."), 1);

	/* A second text: "already knows", no second mentor SMS. */
	assert_int_equal(rx_mo(&x, CITIZEN, "Hallo?"), 200);
	rx_settle(&x);
	rx_outcome(&x, 2, out, sizeof(out));
	assert_string_equal(out, "contact_repeat");
	assert_int_equal(rx_outbox_count(&x, MENTOR, NULL), 1);
	assert_int_equal(rx_outbox_count(&x, CITIZEN,
			     "Inger ved allerede besked og ringer til dig."),
	    1);

	/* The mentor answers OK 1: acknowledged, the citizen is told. */
	assert_int_equal(rx_mo(&x, MENTOR, "ok 1"), 200);
	rx_settle(&x);
	rx_outcome(&x, 3, out, sizeof(out));
	assert_string_equal(out, "staff_ack");
	assert_int_equal(store_contact_get(x.s, 1, &cr), STORE_OK);
	assert_true(cr.acknowledged_at != 0);
	contact_rec_free(&cr);
	assert_int_equal(rx_outbox_count(&x, CITIZEN,
			     "Inger har set din besked og ringer til dig."),
	    1);
	assert_int_equal(rx_outbox_count(&x, MENTOR,
			     "Henvendelse 1 er "
			     "bekræftet"),
	    1);

	/* OK again: nothing left to acknowledge, a short help. */
	assert_int_equal(rx_mo(&x, MENTOR, "OK"), 200);
	rx_settle(&x);
	assert_int_equal(rx_outbox_count(&x, MENTOR, "Der er ingen åben"), 1);
	/* Anything else from staff: the help text. */
	assert_int_equal(rx_mo(&x, MENTOR, "hvad skal jeg skrive"), 200);
	rx_settle(&x);
	assert_int_equal(
	    rx_outbox_count(&x, MENTOR, "Svar OK for at bekræfte"), 1);
	rx_stop(&x);
}

static void
test_deputy_routing(void **state)
{
	struct rx	   x;
	struct contact_rec cr;

	(void)state;
	rx_start(&x, 1, NULL, rx_when(0, 9, 0));
	assert_int_equal(rx_mo(&x, CITIZEN, "Ring til mig"), 200);
	rx_settle(&x);
	assert_int_equal(rx_outbox_count(&x, MENTOR, NULL), 0);
	assert_int_equal(
	    rx_outbox_count(&x, DEPUTY,
		"Du er stedfortræder for Inger Holm. Mads beder dig ringe"),
	    1);
	assert_int_equal(
	    rx_outbox_count(&x, CITIZEN, "Claus har fået besked"), 1);
	assert_int_equal(store_contact_get(x.s, 1, &cr), STORE_OK);
	assert_string_equal(cr.routed_as, "deputy");
	contact_rec_free(&cr);
	/* The deputy acknowledges with a plain OK. */
	assert_int_equal(rx_mo(&x, DEPUTY, "OK"), 200);
	rx_settle(&x);
	assert_int_equal(
	    rx_outbox_count(&x, CITIZEN, "Claus har set din besked"), 1);
	rx_stop(&x);
}

static void
test_escalation(void **state)
{
	struct rx	   x;
	struct contact_rec cr;
	int		   i;

	(void)state;
	/* Friday 14:00: four working hours end Monday 10:00. */
	rx_start(&x, 0, NULL, rx_when(4, 14, 0));
	assert_int_equal(rx_mo(&x, CITIZEN, "Ring venligst"), 200);
	rx_settle(&x);
	harness_set_clock(&x.h, rx_when(7, 9, 59));
	sleep(2);
	assert_int_equal(rx_outbox_count(&x, DEPUTY, NULL), 0);
	harness_set_clock(&x.h, rx_when(7, 10, 1));
	for (i = 0; i < 100 && rx_outbox_count(&x, DEPUTY, NULL) == 0; i++)
		usleep(100 * 1000);
	assert_int_equal(
	    rx_outbox_count(&x, DEPUTY,
		"Mads bad om at blive ringet op 27.11. kl. 14:00 og har ikke fået "
		"svar"),
	    1);
	assert_int_equal(store_contact_get(x.s, 1, &cr), STORE_OK);
	assert_non_null(cr.escalated_to);
	assert_string_equal(cr.escalated_to, DEPUTY);
	assert_true(cr.escalated_at != 0);
	contact_rec_free(&cr);
	/* Escalated once only. */
	harness_set_clock(&x.h, rx_when(8, 15, 0));
	sleep(2);
	assert_int_equal(rx_outbox_count(&x, DEPUTY, NULL), 1);
	assert_int_equal(rx_outbox_count(&x, TEAM, NULL), 0);
	rx_stop(&x);
}

/* Wait (5 s at most) until `n` of our messages went to `to`. */
static void
wait_texts(struct rx *x, const char *to, int n)
{
	int i;

	for (i = 0; i < 100 && rx_outbox_count(x, to, NULL) < n; i++)
		usleep(50 * 1000);
	assert_int_equal(rx_outbox_count(x, to, NULL), n);
}

#define STEPS "[contact]\nescalation = 4h deputy, 8h team, 24h coordinator\n"

/*
 * Escalation in steps, nobody answers: opened Friday 27 November 14:00
 * (2 working hours that day), the deputy at Monday 10:00, the mentor's
 * unit at 14:00 (each member once, the mentor not), the coordinator on
 * Wednesday at 14:00 - and every step in the journal.
 */
static void
test_escalation_steps(void **state)
{
	struct rx	   x;
	struct contact_rec cr;
	const char	  *esc = "har ikke fået svar";

	(void)state;
	rx_start(&x, 0, STEPS, rx_when(4, 14, 0));
	assert_int_equal(rx_mo(&x, CITIZEN, "Ring venligst"), 200);
	rx_settle(&x);
	harness_set_clock(&x.h, rx_when(7, 9, 59));
	sleep(2);
	assert_int_equal(rx_outbox_count(&x, DEPUTY, NULL), 0);
	harness_set_clock(&x.h, rx_when(7, 10, 0));
	wait_texts(&x, DEPUTY, 1);
	assert_int_equal(rx_outbox_count(&x, DEPUTY, esc), 1);
	assert_int_equal(rx_outbox_count(&x, TOVE, NULL), 0);
	/* The team at 8 working hours: Claus, Tove, Tim once each. */
	harness_set_clock(&x.h, rx_when(7, 14, 0));
	wait_texts(&x, TIM, 1);
	wait_texts(&x, TOVE, 1);
	wait_texts(&x, DEPUTY, 2);
	assert_int_equal(rx_outbox_count(&x, MENTOR, esc), 0);
	assert_int_equal(rx_outbox_count(&x, KAREN, NULL), 0);
	/* The coordinator at 24: Tuesday 8 h, Wednesday 6 h. */
	harness_set_clock(&x.h, rx_when(9, 13, 59));
	sleep(2);
	assert_int_equal(rx_outbox_count(&x, KAREN, NULL), 0);
	harness_set_clock(&x.h, rx_when(9, 14, 0));
	wait_texts(&x, KAREN, 1);
	assert_int_equal(store_contact_get(x.s, 1, &cr), STORE_OK);
	assert_int_equal(cr.escalation_step, 3);
	assert_string_equal(cr.escalated_to, "coordinator");
	contact_rec_free(&cr);
	/* Nothing after the last step; no one texted twice in a step. */
	harness_set_clock(&x.h, rx_when(14, 15, 0));
	sleep(2);
	assert_int_equal(rx_outbox_count(&x, NULL, esc), 5);
	assert_int_equal(
	    harness_audit_count(&x.h, "c-mads", "contact_escalated"), 3);
	rx_stop(&x);
}

/*
 * Acknowledged after the first step (the deputy answers OK): no more
 * steps, and the citizen is told once.
 */
static void
test_escalation_acknowledged(void **state)
{
	struct rx x;

	(void)state;
	rx_start(&x, 0, STEPS, rx_when(4, 14, 0));
	assert_int_equal(rx_mo(&x, CITIZEN, "Ring venligst"), 200);
	rx_settle(&x);
	harness_set_clock(&x.h, rx_when(7, 10, 0));
	wait_texts(&x, DEPUTY, 1);
	assert_int_equal(rx_mo(&x, DEPUTY, "OK 1"), 200);
	rx_settle(&x);
	assert_int_equal(
	    rx_outbox_count(&x, CITIZEN, "Claus har set din besked"), 1);
	/* The mentor's own OK after that changes nothing for the citizen. */
	assert_int_equal(rx_mo(&x, MENTOR, "OK 1"), 200);
	rx_settle(&x);
	harness_set_clock(&x.h, rx_when(14, 15, 0));
	sleep(2);
	assert_int_equal(rx_outbox_count(&x, TOVE, NULL), 0);
	assert_int_equal(rx_outbox_count(&x, TIM, NULL), 0);
	assert_int_equal(rx_outbox_count(&x, KAREN, NULL), 0);
	assert_int_equal(rx_outbox_count(&x, CITIZEN, "har set din besked"), 1);
	assert_int_equal(rx_outbox_count(&x, NULL, "har ikke fået svar"), 1);
	rx_stop(&x);
}

static void
test_unknown_sender(void **state)
{
	struct rx x;
	char	  out[32];

	(void)state;
	rx_start(&x, 0, NULL, rx_when(0, 9, 0));
	assert_int_equal(rx_mo(&x, STRANGER, "Hej, hvem er det?"), 200);
	assert_int_equal(rx_mo(&x, STRANGER, "Hallo?"), 200);
	rx_settle(&x);
	assert_int_equal(
	    rx_outbox_count(&x, STRANGER, "Ring til os på +4544520000."), 1);
	rx_outcome(&x, 2, out, sizeof(out));
	assert_string_equal(out, "unknown_ignored");
	/* A day later: one more neutral reply. */
	harness_set_clock(&x.h, rx_when(1, 9, 1));
	sleep(1);
	assert_int_equal(rx_mo(&x, STRANGER, "Hallo?"), 200);
	rx_settle(&x);
	assert_int_equal(rx_outbox_count(&x, STRANGER, NULL), 2);
	rx_stop(&x);
}

static void
test_loop_guard(void **state)
{
	struct rx x;
	char	  out[32];
	int	  i;

	(void)state;
	rx_start(&x, 0, "[contact]\nloop_limit = 3\n", rx_when(0, 9, 0));
	/* An auto-responder on a staff phone: loop_limit = 3 an hour. */
	for (i = 0; i < 6; i++)
		assert_int_equal(rx_mo(&x, MENTOR, "Jeg er på ferie"), 200);
	rx_settle(&x);
	assert_int_equal(rx_outbox_count(&x, MENTOR, NULL), 3);
	rx_outcome(&x, 6, out, sizeof(out));
	assert_string_equal(out, "ignored_loop");
	/* An hour later the sender may be answered again. */
	harness_set_clock(&x.h, rx_when(0, 10, 1));
	sleep(1);
	assert_int_equal(rx_mo(&x, MENTOR, "Jeg er på ferie"), 200);
	rx_settle(&x);
	assert_int_equal(rx_outbox_count(&x, MENTOR, NULL), 4);
	rx_stop(&x);
}

static void
test_never_reply_to_short_codes(void **state)
{
	struct rx	   x;
	struct websign_req r;
	char		   out[32];
	static const char  short_code[] =
	    "{\"id\":1,\"msisdn\":1204,\"message\":\"STOP\"}";

	(void)state;
	rx_start(&x, 0, NULL, rx_when(0, 9, 0));
	gatewayapi_sign_raw(GATEWAYAPI_PATH_MO, short_code, strlen(short_code),
	    GW_SECRET, strlen(GW_SECRET), &r);
	assert_int_equal(rx_post(&x, &r, 1, NULL), 200);
	websign_free(&r);
	/* Twilio from an alphanumeric sender. */
	twilio_sign_sms(TW_URL, "SMalpha", "Herlev", "+4512345678", "Hej",
	    TW_TOKEN, strlen(TW_TOKEN), &r);
	assert_int_equal(rx_post(&x, &r, 1, NULL), 200);
	websign_free(&r);
	rx_settle(&x);
	rx_outcome(&x, 1, out, sizeof(out));
	assert_string_equal(out, "ignored_alpha");
	rx_outcome(&x, 2, out, sizeof(out));
	assert_string_equal(out, "ignored_alpha");
	assert_int_equal(rx_outbox_count(&x, NULL, NULL), 0);
	rx_stop(&x);
}

/*
 * SMS pumping: a flood of distinct strangers gets at most
 * [contact] unknown_replies_per_hour replies (default 50) an hour; a
 * number on a satellite or international-network range, or in a country
 * not in reply_countries (default DK), gets none.  /metrics counts what
 * was withheld, by reason.
 */
static void
test_strangers_never_cost_more(void **state)
{
	struct rx x;
	char	  from[20], out[32];
	int	  i, flood = 200, replied, budget = 0, other = 0;

	(void)state;
	rx_start(&x, 0, NULL, rx_when(0, 9, 0));
	for (i = 0; i < flood; i++) {
		snprintf(from, sizeof(from), "+452100%04d", i);
		assert_int_equal(rx_mo(&x, from, "Vind en iPhone!"), 200);
	}
	assert_int_equal(rx_mo(&x, "+88216012345", "hi"), 200);
	assert_int_equal(rx_mo(&x, "+881631234567", "hi"), 200);
	assert_int_equal(rx_mo(&x, "+46701234567", "Hej"), 200);
	assert_int_equal(rx_mo(&x, "+19005550100", "hi"), 200);
	rx_settle(&x);
	replied = rx_outbox_count(&x, NULL, NULL);
	for (i = 1; i <= flood; i++) {
		rx_outcome(&x, i, out, sizeof(out));
		if (strcmp(out, "withheld_budget") == 0)
			budget++;
		else if (strcmp(out, "unknown_replied") != 0)
			other++;
	}
	printf("strangers: %d texts, %d replies, %d withheld (budget); "
	       "metrics: budget=%lld premium=%lld country=%lld\n",
	    flood + 4, replied, budget,
	    rx_metric(&x, "mentorlink_stranger_replies_withheld_budget_total"),
	    rx_metric(&x, "mentorlink_stranger_replies_withheld_premium_total"),
	    rx_metric(
		&x, "mentorlink_stranger_replies_withheld_country_total"));
	assert_int_equal(replied, 50);
	assert_int_equal(budget, flood - 50);
	assert_int_equal(other, 0);
	assert_int_equal(rx_outbox_count(&x, "+88216012345", NULL), 0);
	assert_int_equal(rx_outbox_count(&x, "+881631234567", NULL), 0);
	assert_int_equal(rx_outbox_count(&x, "+46701234567", NULL), 0);
	assert_int_equal(rx_outbox_count(&x, "+19005550100", NULL), 0);
	rx_outcome(&x, flood + 1, out, sizeof(out));
	assert_string_equal(out, "withheld_premium");
	rx_outcome(&x, flood + 3, out, sizeof(out));
	assert_string_equal(out, "withheld_country");
	assert_int_equal(
	    rx_metric(&x, "mentorlink_stranger_replies_withheld_budget_total"),
	    flood - 50);
	assert_int_equal(
	    rx_metric(&x, "mentorlink_stranger_replies_withheld_premium_total"),
	    2);
	assert_int_equal(
	    rx_metric(&x, "mentorlink_stranger_replies_withheld_country_total"),
	    2);
	/* The citizen and staff are never held back by the budget. */
	assert_int_equal(rx_mo(&x, CITIZEN, "HJÆLP"), 200);
	rx_settle(&x);
	assert_int_equal(
	    rx_outbox_count(&x, CITIZEN, "Dette nummer hører til"), 1);
	/* An hour later the budget is there again. */
	harness_set_clock(&x.h, rx_when(0, 10, 1));
	assert_int_equal(rx_mo(&x, "+4521009999", "Hallo?"), 200);
	rx_settle(&x);
	assert_int_equal(rx_outbox_count(&x, "+4521009999", NULL), 1);
	rx_stop(&x);
}

/*
 * "ok", "tak" or a thumbs up after an SMS that asked for no answer (a
 * receipt here), within 48 hours: kept in the journal, answered by
 * nothing.  48 hours later it is read as any text is.
 */
static void
test_acknowledgement(void **state)
{
	struct rx x;
	char	  out[32];

	(void)state;
	rx_start(&x, 0, NULL, rx_when(0, 9, 0));
	rx_wait_sent(&x, CITIZEN);
	assert_int_equal(rx_mo(&x, CITIZEN, "Ring til mig"), 200);
	rx_settle(&x);
	rx_wait_sent(&x, CITIZEN);
	/* The receipt asked for nothing: "ok tak" only says "seen". */
	harness_set_clock(&x.h, rx_when(0, 9, 30));
	assert_int_equal(rx_mo(&x, CITIZEN, "Ok tak \xf0\x9f\x91\x8d"), 200);
	assert_int_equal(rx_mo(&x, CITIZEN, "Modtaget."), 200);
	rx_settle(&x);
	rx_outcome(&x, 2, out, sizeof(out));
	assert_string_equal(out, "acknowledgement");
	rx_outcome(&x, 3, out, sizeof(out));
	assert_string_equal(out, "acknowledgement");
	assert_int_equal(rx_outbox_count(&x, CITIZEN, "allerede"), 0);
	assert_int_equal(rx_outbox_count(&x, MENTOR, NULL), 1);
	assert_int_equal(
	    rx_metric(&x, "mentorlink_inbound_acknowledgements_total"), 2);
	/* 48 hours and a minute after the receipt: "ok" is read again. */
	harness_set_clock(&x.h, rx_when(2, 9, 1));
	assert_int_equal(rx_mo(&x, CITIZEN, "ok"), 200);
	rx_settle(&x);
	rx_outcome(&x, 4, out, sizeof(out));
	assert_string_equal(out, "contact_repeat");
	rx_stop(&x);
}

/* After an SMS that invites an answer, even "OK" is a request. */
static void
test_answer_is_request(void **state)
{
	struct rx	  x;
	struct outbox_msg m;
	char		  out[32];

	(void)state;
	rx_start(&x, 0, NULL, rx_when(0, 9, 0));
	rx_wait_sent(&x, CITIZEN);
	memset(&m, 0, sizeof(m));
	m.recipient = CITIZEN;
	m.body = "Svar på denne sms, hvis du gerne vil have, at Inger ringer "
		 "til dig.";
	m.purpose = "agreement_active";
	m.send_by = rx_when(7, 0, 0);
	assert_int_equal(
	    store_outbox_queue(x.s, &m, rx_when(0, 9, 0), NULL), STORE_OK);
	rx_wait_sent(&x, CITIZEN);
	assert_int_equal(rx_mo(&x, CITIZEN, "OK"), 200);
	rx_settle(&x);
	rx_outcome(&x, 1, out, sizeof(out));
	assert_string_equal(out, "contact_opened");
	assert_int_equal(
	    rx_outbox_count(&x, MENTOR, "Mads beder dig ringe"), 1);
	rx_stop(&x);
}

/*
 * /metrics counts the contact requests the kiosk opens (another process,
 * so from the database) beside those opened by SMS.
 */
static void
test_metrics_count_kiosk_requests(void **state)
{
	struct rx	       x;
	struct config	      *cfg;
	struct contact_outcome o;
	struct citizen_rec     c;
	char		       err[CONFIG_ERR_MAX];

	(void)state;
	rx_start(&x, 0, NULL, rx_when(0, 9, 0));
	assert_int_equal(
	    rx_metric(
		&x, "mentorlink_contact_requests_total{channel=\"kiosk\"}"),
	    0);
	/* What the kiosk's "call me" button does, in the kiosk's process. */
	if ((cfg = config_load(x.h.config, err, sizeof(err))) == NULL)
		fail_msg("%s", err);
	assert_int_equal(store_citizen_by_mobile(x.s, CITIZEN, &c), STORE_OK);
	assert_int_equal(
	    contact_open(x.s, cfg, c.id, "kiosk", rx_when(0, 9, 0), &o), 0);
	assert_int_equal(o.kind, CONTACT_OPENED);
	/* Closed by staff, so that the citizen may ask again by SMS. */
	assert_int_equal(
	    store_contact_close(x.s, o.request_id, "test", rx_when(0, 9, 0)),
	    STORE_OK);
	contact_outcome_free(&o);
	citizen_rec_free(&c);
	config_free(cfg);
	assert_int_equal(rx_mo(&x, CITIZEN, "Ring til mig"), 200);
	rx_settle(&x);
	printf("metrics: contact requests kiosk=%lld sms=%lld\n",
	    rx_metric(
		&x, "mentorlink_contact_requests_total{channel=\"kiosk\"}"),
	    rx_metric(
		&x, "mentorlink_contact_requests_total{channel=\"sms\"}"));
	assert_int_equal(
	    rx_metric(
		&x, "mentorlink_contact_requests_total{channel=\"kiosk\"}"),
	    1);
	assert_int_equal(
	    rx_metric(&x, "mentorlink_contact_requests_total{channel=\"sms\"}"),
	    1);
	rx_stop(&x);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_keywords),
		cmocka_unit_test(test_contact_flow),
		cmocka_unit_test(test_deputy_routing),
		cmocka_unit_test(test_escalation),
		cmocka_unit_test(test_escalation_steps),
		cmocka_unit_test(test_escalation_acknowledged),
		cmocka_unit_test(test_unknown_sender),
		cmocka_unit_test(test_loop_guard),
		cmocka_unit_test(test_never_reply_to_short_codes),
		cmocka_unit_test(test_strangers_never_cost_more),
		cmocka_unit_test(test_acknowledgement),
		cmocka_unit_test(test_answer_is_request),
		cmocka_unit_test(test_metrics_count_kiosk_requests),
	};

	return cmocka_run_group_tests_name("it_receive", tests, NULL, NULL);
}
