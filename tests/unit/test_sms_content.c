/*
 * test_sms_content.c - what every SMS a citizen can get says, in Danish
 * and in English (README, "What an SMS may say").
 *
 * One row per text a citizen can receive (every citizen template of
 * shared/outbox_text.c and shared/smsreply.c; a test checks the table
 * misses none), rendered through the code that builds it in the gateway
 * - scheduler.c's meeting fields and agreement pass, contact.c's
 * receipts, inbound.c's router (all compiled in here) - with realistic
 * values: staff called "Inger Holm", "Claus Berg" and "Bo Sørensen", a
 * place, a configuration whose urgent line and unknown-sender reply are
 * given in Danish only.  Every message must hold no word of [sms]
 * sensitive_words (the default list), no "mentor" in any form, no staff
 * member's full name, and the English one no Danish.
 *
 * SMS_CONTENT_SHOW=1 prints every text the test renders.
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
#include "../../sms-gateway/schedtime.c"
#include "../../sms-gateway/scheduler.c"
#include "../../sms-gateway/inbound.c"

#include "keyword.h"
#include "smsword.h"
#include "store_contact.h"
#include "test_db.h"

/* What inbound.c and scheduler.c ask of the rest of the daemon. */
int
gw_may_send(const struct gw *gw)
{
	return 1;
}

void
gw_soon(struct gw *gw, enum gw_task_id id, int ms)
{
}

unsigned int
intake_backlog(void)
{
	return 0;
}

int64_t
intake_quiet_ms(void)
{
	return 1000;
}

const char *
provider_report_status(const char *provider, const char *word)
{
	return "delivered"; /* no report is applied in these tests */
}

int
provider_report_temporary(
    const char *provider, const char *status, const char *error)
{
	return 0;
}

#define ORG   "Herlev Kommune"
#define PLACE "Herlev Bibliotek"

static const char ini[] =
    "[organisation]\nname = " ORG "\nphone = +4544520000\n"
    "sms_urgent_text = Er det akut, så ring 112.\n"
    "[sms]\nsender = +4512345678\n"
    "[database]\npath = t.db\n"
    "[contact]\nescalate_to = +4544520001\nloop_limit = 100\n"
    "unknown_reply = Du har skrevet til {org}. Ring til os på {phone}.\n";

/* The staff's surnames: no SMS to a citizen may carry one. */
static const char *const surnames[] = { "Holm", "Berg", "Sørensen" };

/* Words only a Danish text has (folded as keyword_fold() does). */
static const char *const danish[] = { "OG", "DU", "DIG", "DIN", "DIT", "TIL",
	"KL", "ER", "HAR", "RING", "FRA", "HOS", "MED", "MOEDE", "AKUT",
	"BESKED", "PAAMINDELSER", "SKRIV", "SVAR", "HEDDER", "SAA", "VI",
	"IKKE", "DET", "NUMMER", "KONTAKTPERSON", "FLYTTET", "AFLYST", "STED" };

struct person {
	int64_t id;
	int64_t agreement;
	char	mobile[24];
};

static struct {
	char	       dir[64];
	struct store  *s;
	struct config *cfg;
	int64_t	       mentor, deputy, caseworker;
	struct person  with[2]; /* da, en: with an agreement */
	struct person  lone[2]; /* da, en: no agreement */
	time_t	       now;
	int	       next; /* unique ids */
} F;

static const char *const langs[] = { "da", "en" };

static int64_t
add_staff(const char *ext, const char *name, const char *mobile, int64_t deputy)
{
	return test_db_add_staff(F.s, ext, name, mobile, deputy, 0);
}

static void
add_person(struct person *p, const char *ext, const char *lang, int agreed)
{
	struct citizen_rec   c;
	struct agreement_rec a;
	char		     aext[32];

	memset(&c, 0, sizeof(c));
	snprintf(p->mobile, sizeof(p->mobile), "+452100%04d", ++F.next);
	c.external_id = (char *)ext;
	memset(c.cpr_hash, 'a' + F.next, 64);
	c.given_name = "Mads";
	c.mobile = p->mobile;
	snprintf(c.language, sizeof(c.language), "%s", lang);
	c.reminders_on = 1;
	assert_int_equal(store_citizen_upsert(F.s, &c), STORE_OK);
	p->id = c.id;
	if (!agreed)
		return;
	memset(&a, 0, sizeof(a));
	snprintf(aext, sizeof(aext), "a-%s", ext);
	a.external_id = aext;
	a.citizen_id = c.id;
	a.mentor_id = F.mentor;
	a.caseworker_id = F.caseworker;
	a.goal = "Psykiatrisk behandling efter indlæggelse";
	a.starts_on = "2026-11-01";
	a.ends_on = "2027-04-30";
	snprintf(a.status, sizeof(a.status), "active");
	a.activated_at = F.now;
	assert_int_equal(store_agreement_upsert(F.s, &a), STORE_OK);
	p->agreement = a.id;
}

static int
setup(void **state)
{
	char  path[128], err[CONFIG_ERR_MAX];
	FILE *fp;

	(void)state;
	snprintf(F.dir, sizeof(F.dir), "/tmp/test-content-XXXXXX");
	assert_non_null(mkdtemp(F.dir));
	snprintf(path, sizeof(path), "%s/t.conf", F.dir);
	assert_non_null(fp = fopen(path, "w"));
	fputs(ini, fp);
	fclose(fp);
	if ((F.cfg = config_load(path, err, sizeof(err))) == NULL)
		fail_msg("%s", err);
	assert_int_equal(
	    store_open(F.cfg->db_path, STORE_CREATE, &F.s, err, sizeof(err)),
	    STORE_OK);
	F.now = clock_from_local(2026, 11, 24, 10, 0); /* a Tuesday */
	clock_set(F.now);
	F.deputy = add_staff("s-claus", "Claus Berg", "+4520000002", 0);
	F.mentor = add_staff("s-inger", "Inger Holm", "+4520000001", F.deputy);
	F.caseworker = add_staff("s-bo", "Bo Sørensen", "+4520000003", 0);
	add_person(&F.with[0], "c-da", "da", 1);
	add_person(&F.with[1], "c-en", "en", 1);
	add_person(&F.lone[0], "c-lone-da", "da", 0);
	add_person(&F.lone[1], "c-lone-en", "en", 0);
	return 0;
}

static int
teardown(void **state)
{
	const char *const names[] = { "t.db", "t.db-wal", "t.db-shm",
		"t.conf" };
	char		  p[160];
	size_t		  i;

	(void)state;
	store_close(F.s);
	config_free(F.cfg);
	for (i = 0; i < 4; i++) {
		snprintf(p, sizeof(p), "%s/%s", F.dir, names[i]);
		unlink(p);
	}
	rmdir(F.dir);
	clock_set(0);
	return 0;
}

/* --- what the gateway does, for real -------------------------------- */

/* The newest outbox body to `to` (any purpose), malloc'd. */
static int
newest_one(const struct outbox_rec *r, void *arg)
{
	char **body = arg;

	if ((*body = strdup(r->body != NULL ? r->body : "")) == NULL)
		fail();
	return 1;
}

static char *
newest_to(const char *to)
{
	char *body = NULL;

	assert_int_equal(
	    store_outbox_list(F.s, -1, to, 1, newest_one, &body), STORE_OK);
	assert_non_null(body);
	return body;
}

/* A text from `from`, routed by inbound.c at a fresh instant. */
static void
text_in(const char *from, const char *body)
{
	struct inbox_event ev = { "gatewayapi", NULL, from, NULL, body };
	struct inbox_rec   in;
	char		   pid[24];
	int64_t		   id;
	int		   dup;

	F.now += 60;
	snprintf(pid, sizeof(pid), "%d", ++F.next);
	ev.provider_id = pid;
	assert_int_equal(store_inbox_add(F.s, &ev, F.now, &id, &dup), STORE_OK);
	assert_int_equal(store_inbox_get(F.s, id, &in), STORE_OK);
	assert_int_equal(inbound_route(F.s, F.cfg, &in, F.now), 0);
	inbox_rec_free(&in);
}

/* Close the citizen's open request, if any. */
static void
close_open(const struct person *p)
{
	struct contact_rec cr;

	if (store_contact_open_for(F.s, p->id, &cr) != STORE_OK)
		return;
	assert_int_equal(
	    store_contact_close(F.s, cr.id, "test", F.now), STORE_OK);
	contact_rec_free(&cr);
}

/* Mentor and deputy away today, or back (away = 0). */
static void
all_away(int away)
{
	const char *d = away ? "2026-11-01" : NULL;
	const char *u = away ? "2026-12-31" : NULL;

	assert_int_equal(store_staff_set_away(F.s, F.mentor, d, u), STORE_OK);
	assert_int_equal(store_staff_set_away(F.s, F.deputy, d, u), STORE_OK);
}

/* A new request from p (by the kiosk's way), its id. */
static int64_t
open_request(const struct person *p)
{
	struct contact_outcome o;
	int64_t		       id;

	close_open(p);
	F.now += 60;
	assert_int_equal(
	    contact_open(F.s, F.cfg, p->id, "kiosk", F.now, &o), 0);
	assert_int_equal(o.kind, CONTACT_OPENED);
	id = o.request_id;
	contact_outcome_free(&o);
	return id;
}

/* One row of the table. */
struct row {
	const char *name;
	int	    reply; /* 0: enum outbox_text, 1: smsreply */
	int	    text;  /* the template it renders */
	char *(*make)(const struct row *, int lang);
	const char *kind;  /* meetings: mentor|caseworker|other */
	const char *place; /* meetings: place in the SMS */
};

static char *
make_receipt(const struct row *r, int l)
{
	char *b;

	char *team = F.cfg->escalate_to;

	if (r->text == SMSREPLY_RECEIPT_TEAM ||
	    r->text == SMSREPLY_RECEIPT_KEPT)
		all_away(1);
	if (r->text == SMSREPLY_RECEIPT_KEPT)
		F.cfg->escalate_to = NULL; /* nobody to text */
	open_request(&F.with[l]);
	F.cfg->escalate_to = team;
	b = newest_to(F.with[l].mobile);
	all_away(0);
	return b;
}

static char *
make_ack(const struct row *r, int l)
{
	int64_t id = open_request(&F.with[l]), acked;

	assert_int_equal(
	    contact_ack(F.s, F.cfg, F.mentor, id, F.now + 1, &acked), 0);
	return newest_to(F.with[l].mobile);
}

static char *
make_repeat(const struct row *r, int l)
{
	char *b, *team = F.cfg->escalate_to;

	if (r->text == SMSREPLY_REPEAT_TEAM || r->text == SMSREPLY_REPEAT_KEPT)
		all_away(1);
	if (r->text == SMSREPLY_REPEAT_KEPT)
		F.cfg->escalate_to = NULL; /* nobody to text */
	open_request(&F.with[l]);
	text_in(F.with[l].mobile, "Er der nogen?");
	F.cfg->escalate_to = team;
	b = newest_to(F.with[l].mobile);
	all_away(0);
	return b;
}

/* A keyword from a citizen with an agreement (or, for HELP, without). */
static char *
make_keyword(const struct row *r, int l)
{
	const struct person *p =
	    r->text == SMSREPLY_HELP || r->text == SMSREPLY_UNKNOWN
	    ? &F.lone[l]
	    : &F.with[l];
	const char *word;

	switch (r->text) {
	case SMSREPLY_STOP:
		word = "STOP";
		break;
	case SMSREPLY_START:
		word = "START";
		break;
	case SMSREPLY_UNKNOWN:
		word = "Hej, kan I ringe?";
		break;
	default:
		word = "HJÆLP";
		break;
	}
	text_in(p->mobile, word);
	return newest_to(p->mobile);
}

/* A meeting text, with the fields scheduler.c builds for it. */
static char *
make_meeting(const struct row *r, int l)
{
	struct meeting_rec     m;
	struct reminder_target t;
	struct meeting_fields  mf;
	struct buf	       b = { 0 };
	char		       ext[32];

	memset(&m, 0, sizeof(m));
	snprintf(ext, sizeof(ext), "m-%d", ++F.next);
	m.external_id = ext;
	m.agreement_id = F.with[l].agreement;
	m.starts_at = clock_from_local(2026, 11, 26, 13, 30);
	m.ends_at = m.starts_at + 3600;
	m.place = (char *)r->place;
	m.place_in_sms = r->place != NULL;
	snprintf(m.kind, sizeof(m.kind), "%s", r->kind);
	snprintf(m.status, sizeof(m.status), "planned");
	assert_int_equal(store_meeting_upsert(F.s, &m), STORE_OK);
	assert_int_equal(store_outbox_meeting_target(F.s, m.id, &t), STORE_OK);
	meeting_fields(F.cfg, &t, NULL, &mf);
	assert_int_equal(outbox_text_render(r->text, t.language, &mf.f, &b), 0);
	reminder_target_free(&t);
	return buf_take(&b);
}

/* The agreement notice, queued by scheduler.c's agreement pass. */
static char *
make_agreement(const struct row *r, int l)
{
	struct agreement_pass p;
	struct agreement_rec  a;

	memset(&p, 0, sizeof(p));
	p.s = F.s;
	p.cfg = F.cfg;
	p.now = F.now;
	assert_int_equal(
	    store_agreement_get(F.s, F.with[l].agreement, &a), STORE_OK);
	assert_int_equal(activated_one(&a, &p), 0);
	agreement_rec_free(&a);
	assert_int_equal(p.queued, 2);
	return newest_to(F.with[l].mobile);
}

#define T(x) OUTBOX_TEXT_##x
#define R(x) SMSREPLY_##x

static const struct row rows[] = {
	{ "reminder", 0, T(REMINDER), make_meeting, "mentor", NULL },
	{ "reminder, place", 0, T(REMINDER_PLACE), make_meeting, "mentor",
	    PLACE },
	{ "reminder, caseworker", 0, T(REMINDER), make_meeting, "caseworker",
	    NULL },
	{ "reminder, ward left out", 0, T(REMINDER), make_meeting, "mentor",
	    "Psykiatrisk Center, afsnit 3" },
	{ "reminder, nobody named", 0, T(REMINDER_ORG), make_meeting, "other",
	    NULL },
	{ "reminder, nobody, place", 0, T(REMINDER_ORG_PLACE), make_meeting,
	    "other", PLACE },
	{ "moved", 0, T(MOVED), make_meeting, "mentor", NULL },
	{ "moved, place", 0, T(MOVED_PLACE), make_meeting, "caseworker",
	    PLACE },
	{ "moved, nobody", 0, T(MOVED_ORG), make_meeting, "other", NULL },
	{ "moved, nobody, place", 0, T(MOVED_ORG_PLACE), make_meeting, "other",
	    PLACE },
	{ "cancelled", 0, T(CANCELLED), make_meeting, "mentor", NULL },
	{ "cancelled, nobody", 0, T(CANCELLED_ORG), make_meeting, "other",
	    NULL },
	{ "agreement", 0, T(AGREEMENT_CITIZEN), make_agreement, NULL, NULL },
	{ "receipt", 1, R(RECEIPT), make_receipt, NULL, NULL },
	{ "receipt, team", 1, R(RECEIPT_TEAM), make_receipt, NULL, NULL },
	{ "receipt, nobody to tell", 1, R(RECEIPT_KEPT), make_receipt, NULL,
	    NULL },
	{ "seen", 1, R(ACK), make_ack, NULL, NULL },
	{ "already asked", 1, R(REPEAT), make_repeat, NULL, NULL },
	{ "already asked, team", 1, R(REPEAT_TEAM), make_repeat, NULL, NULL },
	{ "already asked, nobody", 1, R(REPEAT_KEPT), make_repeat, NULL, NULL },
	{ "STOP", 1, R(STOP), make_keyword, NULL, NULL },
	{ "START", 1, R(START), make_keyword, NULL, NULL },
	{ "HJÆLP", 1, R(HELP_NAMED), make_keyword, NULL, NULL },
	{ "HJÆLP, no agreement", 1, R(HELP), make_keyword, NULL, NULL },
	{ "no agreement", 1, R(UNKNOWN), make_keyword, NULL, NULL },
};

#define NROWS (sizeof(rows) / sizeof(rows[0]))

/* 1 if the folded text holds the folded word as a whole word. */
static int
has_word(const char *folded, const char *word)
{
	size_t	    n = strlen(word);
	const char *p;

	for (p = folded; (p = strstr(p, word)) != NULL; p++)
		if ((p == folded || p[-1] == ' ') &&
		    (p[n] == '\0' || p[n] == ' '))
			return 1;
	return 0;
}

/* body without every copy of s (a proper noun), in place. */
static void
cut(char *body, const char *s)
{
	char  *p;
	size_t n = strlen(s);

	while ((p = strstr(body, s)) != NULL)
		memmove(p, p + n, strlen(p + n) + 1);
}

/*
 * Which rule an SMS to a citizen in langs[l] breaks, or NULL.  body is
 * changed (proper nouns cut out).
 */
static const char *
rule_broken(int l, char *body)
{
	static char why[96];
	char	    folded[1024];
	const char *w;
	size_t	    i;

	if ((w = smsword_find(&F.cfg->sms_sensitive, body)) != NULL) {
		snprintf(why, sizeof(why), "sensitive word \"%s\"", w);
		return why;
	}
	keyword_fold(body, strlen(body), folded, sizeof(folded));
	if (strstr(folded, "MENTOR") != NULL)
		return "\"mentor\"";
	for (i = 0; i < sizeof(surnames) / sizeof(surnames[0]); i++)
		if (strstr(body, surnames[i]) != NULL)
			return "a full name";
	if (l == 0)
		return NULL;
	cut(body, ORG);
	cut(body, PLACE);
	if (strstr(body, "\xc3") != NULL) /* æ ø å and friends */
		return "Danish letters";
	keyword_fold(body, strlen(body), folded, sizeof(folded));
	for (i = 0; i < sizeof(danish) / sizeof(danish[0]); i++)
		if (has_word(folded, danish[i])) {
			snprintf(why, sizeof(why), "Danish \"%s\"", danish[i]);
			return why;
		}
	return NULL;
}

static void
test_every_citizen_sms(void **state)
{
	const char *why;
	char	   *body, *copy;
	size_t	    i;
	int	    l;

	(void)state;
	for (i = 0; i < NROWS; i++)
		for (l = 0; l < 2; l++) {
			body = rows[i].make(&rows[i], l);
			if ((copy = strdup(body)) == NULL)
				fail();
			if ((why = rule_broken(l, copy)) != NULL)
				fail_msg("%s (%s): %s in \"%s\"", rows[i].name,
				    langs[l], why, body);
			if (getenv("SMS_CONTENT_SHOW") != NULL)
				printf("%-22s %s: %s\n", rows[i].name, langs[l],
				    body);
			free(copy);
			free(body);
		}
}

/* The rules can fail: each kind of slip is caught. */
static void
test_rules_catch(void **state)
{
	static const char *const bad[][2] = {
		{ "da", "Din mentor Inger ringer." },
		{ "da", "Husk mødet på Psykiatrisk Center." },
		{ "da", "Inger Holm ringer til dig." },
		{ "en", "Your Mentor will call." },
		{ "en", "Inger will call you. Er det akut, så ring 112." },
		{ "en", "Reminder: your meeting is on Thursday kl. 13.30." },
		{ "en", "Reminder: a meeting at " ORG ". Sted: " PLACE "." },
	};
	char   b[160];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(b, sizeof(b), "%s", bad[i][1]);
		if (rule_broken(strcmp(bad[i][0], "en") == 0, b) == NULL)
			fail_msg("\"%s\" passes", bad[i][1]);
	}
	snprintf(b, sizeof(b),
	    "Reminder: your meeting with Inger from " ORG
	    " is on Thursday 26 November 2026 at 13:30. Place: " PLACE ".");
	assert_null(rule_broken(1, b));
}

/*
 * A citizen who writes again gets no promise of a call when nobody could
 * be told (mentor and deputy away, no team number): the message is kept
 * and they are told whom to call, as the receipt says.  With a team
 * number the repeat says a member of staff calls.
 */
static void
test_repeat_promises_no_call(void **state)
{
	const struct row *r;
	char		 *b;
	size_t		  i;

	(void)state;
	for (i = 0; i < NROWS; i++) {
		r = &rows[i];
		if (r->make != make_repeat || r->text == SMSREPLY_REPEAT)
			continue;
		b = r->make(r, 0);
		if (r->text == SMSREPLY_REPEAT_KEPT) {
			assert_null(strstr(b, "ringer til dig"));
			assert_non_null(strstr(b, "gemt din besked"));
			assert_non_null(strstr(b, F.cfg->org_phone));
		} else
			assert_non_null(strstr(b,
			    "en medarbejder ringer til "
			    "dig"));
		free(b);
	}
}

/* The table holds every template a citizen can get. */
static void
test_table_is_complete(void **state)
{
	size_t i, t;
	int    found;

	(void)state;
	for (t = 0; t < OUTBOX_TEXT__MAX; t++) {
		if (!outbox_text_to_citizen(t))
			continue;
		for (i = 0, found = 0; i < NROWS; i++)
			found |= !rows[i].reply && rows[i].text == (int)t;
		if (!found)
			fail_msg("outbox text %zu: no row", t);
	}
	for (t = 0; t < SMSREPLY__MAX; t++) {
		if (!smsreply_to_citizen(t))
			continue;
		for (i = 0, found = 0; i < NROWS; i++)
			found |= rows[i].reply && rows[i].text == (int)t;
		if (!found)
			fail_msg("reply text %zu: no row", t);
	}
	/* Every text, to anyone, has an English translation. */
	for (t = 0; t < SMSREPLY__MAX; t++)
		assert_ptr_not_equal(
		    i18n_text("en", smsreply_text(t)), smsreply_text(t));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table_is_complete),
		cmocka_unit_test(test_every_citizen_sms),
		cmocka_unit_test(test_rules_catch),
		cmocka_unit_test(test_repeat_promises_no_call),
	};

	log_init(1, 0);
	clock_init("Europe/Copenhagen");
	i18n_init();
	return cmocka_run_group_tests_name(
	    "sms_content", tests, setup, teardown);
}
