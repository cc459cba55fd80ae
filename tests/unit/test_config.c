/*
 * test_config.c - unit tests for shared/config.c and the
 * files it reads with (config_table.c, config_oidc.c, config_check.c,
 * config_files.c).
 */
#include <sys/stat.h>

#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "buf.h"
#include "config.h"
#include "config_key.h"
#include "lang.h"
#include "sms_file.h"
#include "sms_gatewayapi.h"
#include "sms_provider.h"
#include "sms_twilio.h"

static char dir[64];

/*
 * Write a config file with the required keys plus extra; returns path.
 */
static const char *
write_conf(const char *extra, int with_required)
{
	static char path[128];
	FILE	   *f;

	snprintf(path, sizeof(path), "%s/test.conf", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	if (with_required)
		fprintf(f,
		    "[organisation]\nname = Herlev Kommune\n"
		    "phone = 44 52 00 00\n[sms]\nsender = +4512345678\n");
	fprintf(f, "%s", extra);
	fclose(f);
	return path;
}

static void
test_defaults(void **state)
{
	struct config *c;
	char	       err[CONFIG_ERR_MAX], want[128];

	(void)state;
	c = config_load(write_conf("", 1), err, sizeof(err));
	assert_non_null(c);
	assert_string_equal(c->org_name, "Herlev Kommune");
	assert_string_equal(c->org_phone, "+4544520000");
	assert_string_equal(c->sms_provider, "file");
	assert_int_equal(c->sms_max_in_flight, 10);
	assert_int_equal(c->nrules, 2);
	assert_int_equal(c->rules[0].kind, RULE_DAY_BEFORE);
	assert_int_equal(c->rules[0].minutes, 16 * 60);
	assert_int_equal(c->rules[1].kind, RULE_HOURS_BEFORE);
	assert_int_equal(c->rules[1].minutes, 120);
	assert_int_equal(c->send_first, 8 * 60);
	assert_int_equal(c->send_last, 21 * 60);
	assert_int_equal(c->escalate_after, 4 * 3600);
	assert_int_equal(c->forward_text, 0);
	snprintf(want, sizeof(want), "%s/mentorlink.db", dir);
	assert_string_equal(c->db_path, want);
	config_free(c);
}

static void
test_values(void **state)
{
	struct config *c;
	char	       err[CONFIG_ERR_MAX];

	(void)state;
	c = config_load(
	    write_conf(
		"[sms]\nmax_in_flight = 20\n"
		"[database]\npath = /var/lib/x.db ; comment\n"
		"[contact]\nforward_text = yes\nescalate_after = 30m\n"
		"[reminders]\nrules = same_day@08:30\nquiet_hours = 09:00-20:00\n",
		1),
	    err, sizeof(err));
	assert_non_null(c);
	assert_int_equal(c->sms_max_in_flight, 20);
	assert_string_equal(c->db_path, "/var/lib/x.db");
	assert_int_equal(c->forward_text, 1);
	assert_int_equal(c->escalate_after, 1800);
	assert_int_equal(c->nrules, 1);
	assert_int_equal(c->rules[0].kind, RULE_SAME_DAY);
	assert_int_equal(c->send_first, 9 * 60);
	config_free(c);
}

/*
 * Loading extra must fail with a message containing want.
 */
static void
expect_error(const char *extra, int with_required, const char *want)
{
	struct config *c;
	char	       err[CONFIG_ERR_MAX] = "";

	c = config_load(write_conf(extra, with_required), err, sizeof(err));
	assert_null(c);
	if (strstr(err, want) == NULL)
		fail_msg("error \"%s\" lacks \"%s\"", err, want);
}

static void
test_errors(void **state)
{
	(void)state;
	expect_error("[sms]\nmax_in_flght = 3\n", 1,
	    ":7: [sms] max_in_flght: unknown key");
	expect_error(
	    "[sms]\nmax_in_flight = ten\n", 1, "[sms] max_in_flight: expected");
	expect_error("[sms]\nmax_in_flight = 0\n", 1, "max_in_flight");
	expect_error("[sms]\nprovider = carrier-pigeon\n", 1, "[sms] provider");
	expect_error("[reminders]\nrules = tomorrow\n", 1, "[reminders] rules");
	expect_error(
	    "[reminders]\nquiet_hours = 21:00-08:00\n", 1, "quiet_hours");
	expect_error(
	    "[contact]\nescalate_to = 90 12 34 56\n", 1, "escalate_to");
	expect_error("[sms]\nlisten = localhost\n", 1, "listen");
	expect_error("", 0, "required key missing");
	expect_error("[organisation]\nname = a\nname = b\n", 0, "given twice");
	expect_error("[sms]\nprovider = twilio\n", 1, "account_sid");
	expect_error("garbage line\n", 1, "syntax error");
	{
		char long_line[400];

		memset(long_line, 'x', sizeof(long_line));
		memcpy(long_line, "[contact]\nunknown_reply = ", 26);
		long_line[sizeof(long_line) - 2] = '\n';
		long_line[sizeof(long_line) - 1] = '\0';
		expect_error(long_line, 1, ":7: line longer than 198 bytes");
	}
}

/*
 * Texts a citizen reads come per language: "desk" is Danish, "desk.en"
 * English.  A reader of another language never gets the Danish text: the
 * built-in English one stands in.
 */
static void
test_texts_per_language(void **state)
{
	struct config *c;
	char	       err[CONFIG_ERR_MAX];

	(void)state;
	c = config_load(write_conf("[organisation]\n"
				   "desk = Borgerservice, stuen\n",
			    0),
	    err, sizeof(err));
	assert_null(c); /* required keys are missing: not this test */
	c = config_load(write_conf("[organisation]\ndesk.en = Reception\n"
				   "crisis_text = Ring 112 ved fare.\n",
			    1),
	    err, sizeof(err));
	if (c == NULL)
		fail_msg("%s", err);
	assert_string_equal(config_text(&c->org_desk, "da"), "Skranken");
	assert_string_equal(config_text(&c->org_desk, "en"), "Reception");
	/* A custom Danish text without an English one: never Danish. */
	assert_string_equal(
	    config_text(&c->org_crisis_text, "da"), "Ring 112 ved fare.");
	assert_string_equal(config_text(&c->org_crisis_text, "en"),
	    "If it is urgent, call 112.");
	/* An unknown language reads English. */
	assert_string_equal(config_text(&c->org_desk, "xx"), "Reception");
	assert_string_equal(
	    config_text(&c->org_sms_urgent, "da"), "Er det akut, så ring 112.");
	assert_string_equal(config_text(&c->org_sms_urgent, "en"),
	    "If it is urgent, call 112.");
	config_free(c);
	expect_error("[organisation]\ndesk.xx = ?\n", 1,
	    "[organisation] desk.xx: unknown language");
	expect_error("[organisation]\nname.en = Herlev Municipality\n", 1,
	    "[organisation] name.en: unknown key");
	expect_error(
	    "[organisation]\ndesk.en = a\ndesk.en = b\n", 1, "given twice");
}

/*
 * Every language of lang.c but Danish reads its own text where the file
 * gives one (desk.ar, unknown_reply.uk), else English (the file's or the
 * built-in one; NULL when there is neither, and the caller uses its own
 * translated text), and never the Danish text: desk, the SMS urgent
 * line, the reply to unknown senders and the privacy notice.
 */
static void
test_texts_never_danish(void **state)
{
	const struct config_text *texts[6];
	const struct lang	 *l;
	struct config		 *c;
	const char		 *got;
	char			  err[CONFIG_ERR_MAX];
	size_t			  i, j;

	(void)state;
	c = config_load(
	    write_conf("[organisation]\n"
		       "desk = Skranken i stueetagen\n"
		       "desk.ar = مكتب الاستقبال\n"
		       "sms_urgent_text = Haster det, så ring 112.\n"
		       "sms_urgent_text.en = Urgent? Call 112.\n"
		       "[contact]\n"
		       "unknown_reply = Vi kender ikke dit nummer.\n"
		       "unknown_reply.uk = Ми не знаємо ваш номер.\n"
		       "[privacy]\n"
		       "controller = Herlev Kommune har ansvaret.\n"
		       "purpose = Vi bruger dem til mentorstøtte.\n",
		1),
	    err, sizeof(err));
	if (c == NULL)
		fail_msg("%s", err);
	texts[0] = &c->org_desk;
	texts[1] = &c->org_sms_urgent;
	texts[2] = &c->unknown_reply;
	texts[3] = &c->privacy_controller;
	texts[4] = &c->privacy_purpose;
	texts[5] = &c->org_crisis_text;
	for (i = 0; (l = lang_at(i)) != NULL; i++) {
		if (i == LANG_DA)
			continue;
		for (j = 0; j < sizeof(texts) / sizeof(texts[0]); j++) {
			got = config_text(texts[j], l->code);
			if (got != NULL && texts[j]->text[LANG_DA] != NULL &&
			    strcmp(got, texts[j]->text[LANG_DA]) == 0)
				fail_msg("%s, text %zu: Danish", l->code, j);
			assert_ptr_equal(got,
			    texts[j]->text[i] != NULL
				? texts[j]->text[i]
				: texts[j]->text[LANG_EN]);
			/* config_text_lang() names the language it came in. */
			if (got == NULL)
				assert_null(
				    config_text_lang(texts[j], l->code));
			else
				assert_ptr_equal(got,
				    texts[j]->text[lang_index(
					config_text_lang(texts[j], l->code))]);
		}
	}
	assert_string_equal(config_text(&c->org_desk, "ar"), "مكتب الاستقبال");
	assert_string_equal(config_text_lang(&c->org_desk, "ar"), "ar");
	assert_string_equal(config_text_lang(&c->org_desk, "tr"), "en");
	assert_string_equal(config_text_lang(&c->org_desk, "da"), "da");
	assert_string_equal(config_text(&c->org_desk, "tr"), "the front desk");
	assert_string_equal(
	    config_text(&c->org_sms_urgent, "so"), "Urgent? Call 112.");
	assert_string_equal(
	    config_text(&c->unknown_reply, "uk"), "Ми не знаємо ваш номер.");
	/* No English in the file and none built in: the gateway's own
	 * translated reply (smsreply.c) stands in, not the Danish. */
	assert_null(config_text(&c->unknown_reply, "pl"));
	assert_string_equal(config_text(&c->privacy_controller, "ar"),
	    "{org} is responsible for your information. "
	    "You can call us on {phone}.");
	config_free(c);
}

static void
test_sensitive_words(void **state)
{
	struct config *c;
	char	       err[CONFIG_ERR_MAX];

	(void)state;
	c = config_load(write_conf("", 1), err, sizeof(err));
	assert_non_null(c);
	assert_int_equal(c->sms_sensitive.n, 11);
	assert_string_equal(c->sms_sensitive.word[0], "psykiatri");
	assert_string_equal(c->sms_sensitive.word[5], "Livslinien");
	config_free(c);
	c = config_load(
	    write_conf("[sms]\nsensitive_words =  ward , clinic,,\n", 1), err,
	    sizeof(err));
	assert_non_null(c);
	assert_int_equal(c->sms_sensitive.n, 2);
	assert_string_equal(c->sms_sensitive.word[0], "ward");
	assert_string_equal(c->sms_sensitive.word[1], "clinic");
	config_free(c);
	c = config_load(
	    write_conf("[sms]\nsensitive_words =\n", 1), err, sizeof(err));
	assert_non_null(c);
	assert_int_equal(c->sms_sensitive.n, 0);
	config_free(c);
}

/*
 * [organisation] phone is a number people call: a 70 number (the usual
 * switchboard of a municipality), 80 and 90 are fine; numbers we text
 * ([contact] escalate_to) still are not.
 */
static void
test_callable_phone(void **state)
{
	static const char *const ok[][2] = {
		{ "70 12 34 56", "+4570123456" },
		{ "80 20 30 40", "+4580203040" },
		{ "+45 90 12 34 56", "+4590123456" },
	};
	struct config *c;
	char	       err[CONFIG_ERR_MAX], text[160];
	size_t	       i;

	(void)state;
	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		snprintf(text, sizeof(text),
		    "[organisation]\nname = Herlev "
		    "Kommune\nphone = %s\n[sms]\nsender = +4512345678\n",
		    ok[i][0]);
		c = config_load(write_conf(text, 0), err, sizeof(err));
		if (c == NULL)
			fail_msg("phone = %s: %s", ok[i][0], err);
		assert_string_equal(c->org_phone, ok[i][1]);
		config_free(c);
	}
	expect_error(
	    "[contact]\nescalate_to = 70 12 34 56\n", 1, "escalate_to");
	expect_error("[organisation]\nname = a\nphone = 1813\n"
		     "[sms]\nsender = +4512345678\n",
	    0, "[organisation] phone");
}

/*
 * The listeners: [sms] listen on another address than loopback only with
 * [sms] public = yes, [kiosk] listen only with TLS; the reason says how.
 */
static void
test_listen_loopback(void **state)
{
	static const struct {
		const char *listen;
		int	    loopback;
	} cases[] = {
		{ "127.0.0.1:8025", 1 },
		{ "127.0.0.2:0", 1 },
		{ "127.255.255.254:1", 1 },
		{ "[::1]:8025", 1 },
		{ "localhost:8080", 1 },
		{ "0.0.0.0:8025", 0 },
		{ "[::]:8025", 0 },
		{ "10.0.0.5:8025", 0 },
		{ "128.0.0.1:80", 0 },
		{ "[::ffff:127.0.0.1]:80", 0 },
		{ "sms.example.dk:443", 0 },
		{ "nocolon", -1 },
	};
	struct config *c;
	char	       err[CONFIG_ERR_MAX];
	size_t	       i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (config_listen_is_loopback(cases[i].listen) !=
		    cases[i].loopback)
			fail_msg(
			    "%s: want %d", cases[i].listen, cases[i].loopback);
	expect_error("[sms]\nlisten = 0.0.0.0:8025\n", 1,
	    "[sms] listen: 0.0.0.0:8025 is not a loopback address");
	expect_error(
	    "[sms]\nlisten = 10.0.0.5:8025\n", 1, "set [sms] public = yes");
	expect_error("[kiosk]\nlisten = 10.0.0.5:8443\n", 1,
	    "[kiosk] listen: 10.0.0.5:8443 is not a loopback address; set "
	    "[kiosk] tls_cert_file");
	c = config_load(
	    write_conf("[sms]\nlisten = 0.0.0.0:8025\n"
		       "public = yes\n[kiosk]\nlisten = 10.0.0.5:8443\n"
		       "tls_cert_file = k.crt\ntls_key_file = k.key\n",
		1),
	    err, sizeof(err));
	if (c == NULL)
		fail_msg("%s", err);
	assert_int_equal(c->sms_public, 1);
	config_free(c);
	c = config_load(write_conf("", 1), err, sizeof(err));
	assert_non_null(c);
	assert_int_equal(c->sms_public, 0);
	config_free(c);
}

/* The CPR key: the rule of mentorctl check and the kiosk. */
static void
test_cpr_key(void **state)
{
	struct config *c;
	struct buf     b = { 0 };
	char	       path[128], err[256];
	int	       fd;

	(void)state;
	c = config_load(write_conf("[database]\ncpr_key_file = secret\n", 1),
	    err, sizeof(err));
	assert_non_null(c);
	snprintf(path, sizeof(path), "%s/secret", dir);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_int_equal(
	    write(fd, "0123456789abcdef0123456789abcde\n", 32), 32);
	close(fd);
	assert_int_equal(config_read_cpr_key(c, &b, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "shorter than 32 bytes"));
	fd = open(path, O_WRONLY | O_TRUNC);
	assert_int_equal(
	    write(fd, "0123456789abcdef0123456789abcdef\n", 33), 33);
	close(fd);
	assert_int_equal(config_read_cpr_key(c, &b, err, sizeof(err)), 0);
	assert_int_equal(b.len, 32);
	chmod(path, 0644);
	assert_int_equal(config_read_cpr_key(c, &b, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "chmod 600"));
	unlink(path);
	buf_free(&b);
	config_free(c);
}

/* A file can be made next to a port file only in a writable folder. */
static void
test_check_folder(void **state)
{
	char path[160], err[256];

	(void)state;
	snprintf(path, sizeof(path), "%s/x.port", dir);
	assert_int_equal(config_check_folder(path, err, sizeof(err)), 0);
	snprintf(path, sizeof(path), "%s/nope/x.port", dir);
	assert_int_equal(config_check_folder(path, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "cannot make files in the folder"));
	snprintf(path, sizeof(path), "%s/test.conf/x.port", dir);
	write_conf("", 1);
	assert_int_equal(config_check_folder(path, err, sizeof(err)), -1);
	assert_int_equal(config_check_folder("x.port", err, sizeof(err)), 0);
}

/*
 * [contact] closed_days, reply_countries, unknown_replies_per_hour: the
 * defaults (no extra closed day, Denmark only, 50 an hour), a list of
 * dates and yearly days, and what is refused.
 */
static void
test_contact_days_and_countries(void **state)
{
	struct config *c;
	char	       err[CONFIG_ERR_MAX];

	(void)state;
	c = config_load(write_conf("", 1), err, sizeof(err));
	assert_non_null(c);
	assert_int_equal(c->closed_days.n, 0);
	assert_int_equal(c->unknown_per_hour, 50);
	assert_int_equal(c->reply_countries.n, 1);
	assert_string_equal(c->reply_countries.word[0], "DK");
	config_free(c);
	c = config_load(
	    write_conf("[contact]\nclosed_days = 2026-12-24, "
		       "12-31,2028-02-29\nreply_countries = dk, SE\n"
		       "unknown_replies_per_hour = 0\n",
		1),
	    err, sizeof(err));
	if (c == NULL)
		fail_msg("%s", err);
	assert_int_equal(c->closed_days.n, 3);
	assert_int_equal(c->closed_days.day[0].year, 2026);
	assert_int_equal(c->closed_days.day[0].month, 12);
	assert_int_equal(c->closed_days.day[0].day, 24);
	assert_int_equal(c->closed_days.day[1].year, 0);
	assert_int_equal(c->closed_days.day[1].day, 31);
	assert_int_equal(c->closed_days.day[2].day, 29);
	assert_int_equal(c->reply_countries.n, 2);
	assert_int_equal(c->unknown_per_hour, 0);
	config_free(c);
	expect_error("[contact]\nclosed_days = 24-12-2026\n", 1,
	    "[contact] closed_days: expected dates");
	expect_error("[contact]\nclosed_days = 2027-02-29\n", 1, "closed_days");
	expect_error("[contact]\nclosed_days = 13-01\n", 1, "closed_days");
	expect_error("[contact]\nclosed_days = 2026-12-24 2026-12-31\n", 1,
	    "closed_days");
	expect_error("[contact]\nreply_countries = DK, XX\n", 1,
	    "[contact] reply_countries: expected ISO country codes");
	expect_error("[contact]\nunknown_replies_per_hour = -1\n", 1,
	    "unknown_replies_per_hour");
}

static void
test_missing_file(void **state)
{
	char err[CONFIG_ERR_MAX];

	(void)state;
	assert_null(config_load("/nonexistent/x.conf", err, sizeof(err)));
	assert_non_null(strstr(err, "cannot open"));
}

static void
test_secret_file_mode(void **state)
{
	struct buf b = { 0 };
	char	   path[128], err[256];
	int	   fd;

	(void)state;
	snprintf(path, sizeof(path), "%s/secret", dir);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "s3cret\n", 7), 7);
	close(fd);
	assert_int_equal(
	    config_read_secret(path, NULL, &b, err, sizeof(err)), 0);
	assert_string_equal(buf_str(&b), "s3cret");
	chmod(path, 0640);
	assert_int_equal(
	    config_read_secret(path, NULL, &b, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "chmod 600"));
	setenv("TEST_SECRET_ENV", "fromenv", 1);
	assert_int_equal(
	    config_read_secret(path, "TEST_SECRET_ENV", &b, err, sizeof(err)),
	    0);
	assert_string_equal(buf_str(&b), "fromenv");
	buf_free(&b);
}

static void
test_parsers(void **state)
{
	int  v, port;
	char host[64];

	(void)state;
	assert_int_equal(config_parse_duration("90s", &v), 0);
	assert_int_equal(v, 90);
	assert_int_equal(config_parse_duration("2d", &v), 0);
	assert_int_equal(v, 172800);
	assert_int_equal(config_parse_duration("h", &v), -1);
	assert_int_equal(config_parse_duration("-3m", &v), -1);
	assert_int_equal(config_parse_hhmm("16:00", &v), 0);
	assert_int_equal(v, 960);
	assert_int_equal(config_parse_hhmm("24:00", &v), -1);
	assert_int_equal(
	    config_parse_listen("127.0.0.1:0", host, sizeof(host), &port), 0);
	assert_string_equal(host, "127.0.0.1");
	assert_int_equal(port, 0);
	assert_int_equal(
	    config_parse_listen("[::1]:8080", host, sizeof(host), &port), 0);
	assert_string_equal(host, "::1");
	assert_int_equal(
	    config_parse_listen("x:70000", host, sizeof(host), &port), -1);
}

/*
 * [oidc.staff] and [oidc.citizen]: defaults per section, the section
 * looked up by name, and the errors a municipality's IT staff may make.
 */
static void
test_oidc_sections(void **state)
{
	const struct config_oidc *o;
	struct config		 *c;
	char			  err[CONFIG_ERR_MAX], want[128];

	(void)state;
	c = config_load(
	    write_conf(
		"[oidc.staff]\n"
		"issuer = https://login.microsoftonline.com/t/v2.0\n"
		"client_id = console\n"
		"[oidc.citizen]\nissuer = https://broker.example.dk/\n"
		"client_id = kiosk\ntoken_endpoint_auth_method = client_secret_post\n"
		"scopes = openid mitid\nclock_skew_seconds = 5\n",
		1),
	    err, sizeof(err));
	if (c == NULL)
		fail_msg("%s", err);
	assert_non_null(o = config_oidc(c, "staff"));
	assert_string_equal(
	    o->issuer, "https://login.microsoftonline.com/t/v2.0");
	assert_string_equal(o->client_id, "console");
	snprintf(want, sizeof(want), "%s/oidc-staff.secret", dir);
	assert_string_equal(o->client_secret_file, want);
	assert_string_equal(o->token_auth, "client_secret_basic");
	assert_string_equal(o->scopes, "openid profile");
	assert_string_equal(o->user_claim, "preferred_username");
	assert_null(o->redirect_uri);
	assert_int_equal(o->clock_skew, 60);
	assert_non_null(o = config_oidc(c, "citizen"));
	/* The issuer keeps its trailing slash: it is compared exactly. */
	assert_string_equal(o->issuer, "https://broker.example.dk/");
	snprintf(want, sizeof(want), "%s/oidc-citizen.secret", dir);
	assert_string_equal(o->client_secret_file, want);
	assert_string_equal(o->token_auth, "client_secret_post");
	assert_string_equal(o->scopes, "openid mitid");
	assert_int_equal(o->clock_skew, 5);
	config_free(c);

	c = config_load(write_conf("", 1), err, sizeof(err));
	assert_non_null(c);
	assert_null(config_oidc(c, "staff"));
	config_free(c);

	expect_error("[oidc.staf]\nissuer = https://x\n", 1,
	    "[oidc.staf] issuer: unknown section");
	expect_error("[oidc.staff]\nclient_id = a\n", 1,
	    "[oidc.staff] issuer: required key missing");
	expect_error("[oidc.staff]\nissuer = https://x\n", 1,
	    "[oidc.staff] client_id: required key missing");
	expect_error(
	    "[oidc.staff]\nissuer = http://idp.kommune.dk\nclient_id = a\n", 1,
	    "[oidc.staff] issuer: expected https://");
	expect_error("[oidc.staff]\nissuer = https://x\nclient_id = a\n"
		     "redirect_uri = /callback\n",
	    1, "[oidc.staff] redirect_uri: expected");
	expect_error("[oidc.staff]\nissuer = https://x\nclient_id = a\n"
		     "token_endpoint_auth_method = private_key_jwt\n",
	    1, "[oidc.staff] token_endpoint_auth_method: not one of");
	expect_error("[oidc.staff]\nissuer = https://x\nissuer = https://y\n",
	    1, "[oidc.staff] issuer: given twice");
	expect_error("[oidc.staff]\nissuer = https://x\nclaim = a\n", 1,
	    "[oidc.staff] claim: unknown key");
	expect_error("[oidc.staff]\nissuer = https://x\nclient_id = a\n"
		     "clock_skew_seconds = 3600\n",
	    1, "clock_skew_seconds");
	c = config_load(
	    write_conf("[oidc.staff]\nissuer = http://127.0.0.1:4000\n"
		       "client_id = a\n",
		1),
	    err, sizeof(err));
	assert_non_null(c);
	config_free(c);
}

/*
 * [contact] escalation: steps in order of time, each to deputy, team,
 * coordinator or a number; escalate_after is its one-step synonym and
 * cannot be given with it.
 */
static void
test_escalation_steps(void **state)
{
	struct config *c;
	char	       err[CONFIG_ERR_MAX];

	(void)state;
	c = config_load(write_conf("[contact]\nescalation = 4h deputy, 8h  "
				   "team,24h coordinator, 3d 44 52 00 01\n",
			    1),
	    err, sizeof(err));
	if (c == NULL)
		fail_msg("%s", err);
	assert_int_equal(c->escalation.n, 4);
	assert_int_equal(c->escalation.step[0].after, 4 * 3600);
	assert_int_equal(c->escalation.step[0].target, ESCALATION_DEPUTY);
	assert_int_equal(c->escalation.step[1].after, 8 * 3600);
	assert_int_equal(c->escalation.step[1].target, ESCALATION_TEAM);
	assert_int_equal(c->escalation.step[2].target, ESCALATION_COORDINATOR);
	assert_int_equal(c->escalation.step[3].after, 3 * 86400);
	assert_int_equal(c->escalation.step[3].target, ESCALATION_NUMBER);
	assert_string_equal(c->escalation.step[3].number, "+4544520001");
	config_free(c);
	/* Not given: no steps; escalate_after stands for one. */
	c = config_load(write_conf("[contact]\nescalate_after = 2h\n", 1), err,
	    sizeof(err));
	assert_non_null(c);
	assert_int_equal(c->escalation.n, 0);
	assert_int_equal(c->escalate_after, 2 * 3600);
	config_free(c);
	expect_error("[contact]\nescalation = 8h deputy, 4h team\n", 1,
	    "[contact] escalation: each step must come later");
	expect_error("[contact]\nescalation = 4h deputy, 4h team\n", 1,
	    "must come later");
	expect_error("[contact]\nescalation = 4h boss\n", 1,
	    "a step goes to deputy, team, coordinator or a mobile number");
	expect_error("[contact]\nescalation = 4h\n", 1, "expected steps");
	expect_error("[contact]\nescalation = deputy\n", 1, "expected steps");
	expect_error("[contact]\nescalation = 30s deputy\n", 1, "from 1m");
	expect_error("[contact]\nescalation = 31d team\n", 1, "from 1m");
	expect_error("[contact]\nescalation = soon team\n", 1, "from 1m");
	expect_error("[contact]\nescalation = ,\n", 1, "at least one step");
	expect_error("[contact]\nescalation = 1h team, 2h team, 3h team, "
		     "4h team, 5h team, 6h team, 7h team, 8h team, 9h team\n",
	    1, "too many steps");
	expect_error("[contact]\nescalation = 4h deputy\n"
		     "escalate_after = 4h\n",
	    1, "not both");
}

/*
 * [kiosk] login and mitid_timeout, and the keys only [oidc.citizen] has:
 * defaults, values, and the mistakes refused.
 */
static void
test_kiosk_login(void **state)
{
	const struct config_oidc *o;
	struct config		 *c;
	char			  err[CONFIG_ERR_MAX];

	(void)state;
	c = config_load(write_conf("", 1), err, sizeof(err));
	assert_non_null(c);
	assert_int_equal(config_kiosk_login(c, "sms"), 1);
	assert_int_equal(config_kiosk_login(c, "mitid"), 0);
	assert_int_equal(c->kiosk_mitid_timeout, 180);
	config_free(c);
	c = config_load(
	    write_conf("[kiosk]\nlogin = mitid, sms\nmitid_timeout = 90s\n"
		       "[oidc.citizen]\nissuer = https://broker.example.dk\n"
		       "client_id = kiosk\ncpr_claim = cpr\n"
		       "require_loa = high\n",
		1),
	    err, sizeof(err));
	if (c == NULL)
		fail_msg("%s", err);
	assert_int_equal(config_kiosk_login(c, "sms"), 1);
	assert_int_equal(config_kiosk_login(c, "mitid"), 1);
	assert_int_equal(c->kiosk_mitid_timeout, 90);
	assert_non_null(o = config_oidc(c, "citizen"));
	assert_string_equal(o->cpr_claim, "cpr");
	assert_string_equal(o->loa_claim, "loa");
	assert_string_equal(o->require_loa, "high");
	config_free(c);
	expect_error("[kiosk]\nlogin = mitid\n", 1,
	    "[kiosk] login: mitid needs an [oidc.citizen] section");
	expect_error("[kiosk]\nlogin = sms, nemid\n", 1,
	    "[kiosk] login: \"nemid\": expected sms, mitid or both");
	expect_error("[kiosk]\nlogin = sms, sms\n", 1, "each once");
	expect_error("[kiosk]\nlogin = ,\n", 1, "[kiosk] login: name sms");
	expect_error("[kiosk]\nmitid_timeout = 5s\n", 1, "mitid_timeout");
	expect_error("[oidc.citizen]\nissuer = https://x\nclient_id = a\n"
		     "require_loa = medium\n",
	    1, "[oidc.citizen] require_loa: not one of");
	expect_error("[oidc.staff]\nissuer = https://x\nclient_id = a\n"
		     "cpr_claim = cpr\n",
	    1, "[oidc.staff] cpr_claim: only [oidc.citizen] has this key");
}

/*
 * The sample configuration loads, and names every key the program knows
 * (commented out or not), so it stays a complete reference.
 */
static void
test_sample_documents_every_key(void **state)
{
	struct config *c;
	FILE	      *f;
	char	       err[CONFIG_ERR_MAX], line[512], want[128], cur[64] = "";
	const char    *name, *section;
	char	       seen[128] = { 0 };
	size_t	       i;

	(void)state;
	c = config_load("etc/mentorlink.conf.sample", err, sizeof(err));
	if (c == NULL)
		fail_msg("sample: %s", err);
	config_free(c);
	f = fopen("etc/mentorlink.conf.sample", "r");
	assert_non_null(f);
	while (fgets(line, sizeof(line), f) != NULL) {
		char *p = line + (line[0] == ';');

		if (line[0] == '[') {
			snprintf(cur, sizeof(cur), "%.*s",
			    (int)strcspn(line + 1, "]"), line + 1);
			continue;
		}
		for (i = 0; (name = config_key_at(i, &section)) != NULL; i++) {
			snprintf(want, sizeof(want), "%s =", name);
			if (!strcmp(section, cur) &&
			    !strncmp(p, want, strlen(want)))
				seen[i] = 1;
		}
	}
	fclose(f);
	for (i = 0; (name = config_key_at(i, &section)) != NULL; i++)
		if (!seen[i])
			fail_msg("sample lacks [%s] %s", section, name);
}

/*
 * The SMS providers declare their keys in their own tables (config_key.h)
 * and config.c walks them: a provider's key is known in its section, with
 * its type's checks, and nowhere else; an unknown key still says file,
 * line, section and key.
 */
static void
test_provider_tables(void **state)
{
	static const struct config_table stray = { NULL, 0, 8, NULL };
	struct config			*c;
	char				 err[CONFIG_ERR_MAX], want[160];

	(void)state;
	c = config_load(write_conf("file_path = out.jsonl\n"
				   "[twilio]\naccount_sid = AC1\n"
				   "public_url = https://sms.example.dk/\n"
				   "[gatewayapi]\ncallback_url = "
				   "https://sms.example.dk/dlr\n",
			    1),
	    err, sizeof(err));
	if (c == NULL)
		fail_msg("%s", err);
	snprintf(want, sizeof(want), "%s/out.jsonl", dir);
	assert_string_equal(sms_file_path(c), want);
	assert_string_equal(twilio_config(c)->account_sid, "AC1");
	assert_string_equal(
	    twilio_config(c)->public_url, "https://sms.example.dk");
	snprintf(want, sizeof(want), "%s/twilio.token", dir);
	assert_string_equal(twilio_config(c)->auth_token_file, want);
	assert_string_equal(
	    gatewayapi_config(c)->callback_url, "https://sms.example.dk/dlr");
	assert_string_equal(
	    gatewayapi_config(c)->base_url, "https://gatewayapi.eu");
	assert_null(config_table_data(c, &stray));
	/* The files only their owner may read: file, two secrets, token. */
	assert_string_equal(config_private_path(c, 0), sms_file_path(c));
	assert_non_null(config_private_path(c, 3));
	assert_null(config_private_path(c, 4));
	config_free(c);

	/* Known only through the table that declares it. */
	expect_error("[twilio]\nfile_path = x\n", 1,
	    ":7: [twilio] file_path: unknown key");
	expect_error(
	    "account_sid = AC1\n", 1, ":6: [sms] account_sid: unknown key");
	expect_error("[gatewayapi]\npublic_url = https://x\n", 1,
	    ":7: [gatewayapi] public_url: unknown key");
	expect_error("[twilio]\nbase_url = ftp://x\n", 1,
	    ":7: [twilio] base_url: expected a URL");
	expect_error("[twilio]\naccount_sid = a\naccount_sid = b\n", 1,
	    ":8: [twilio] account_sid: given twice");
	expect_error("file_path =\n", 1, "[sms] file_path: empty file name");
	expect_error("provider = carrier-pigeon\n", 1,
	    ":6: [sms] provider: not one of the allowed words");
}

/*
 * [sms] providers: an ordered list for failover; provider = X is the
 * same as providers = X, and giving both is refused.
 */
static void
test_providers_list(void **state)
{
	struct config *c;
	char	       err[CONFIG_ERR_MAX];

	(void)state;
	c = config_load(write_conf("providers = gatewayapi, twilio\n"
				   "[twilio]\naccount_sid = AC1\n",
			    1),
	    err, sizeof(err));
	if (c == NULL)
		fail_msg("%s", err);
	assert_int_equal(c->sms_providers.n, 2);
	assert_string_equal(c->sms_providers.word[1], "twilio");
	assert_string_equal(c->sms_provider, "gatewayapi");
	assert_true(config_sends_with(c, "twilio"));
	assert_false(config_sends_with(c, "file"));
	assert_int_equal(c->sms_failover_after, 3);
	assert_int_equal(c->sms_failover_grace, 120);
	assert_int_equal(c->sms_timeout, 30);
	config_free(c);
	c = config_load(write_conf("provider = twilio\n"
				   "[twilio]\naccount_sid = AC1\n",
			    1),
	    err, sizeof(err));
	assert_non_null(c);
	assert_int_equal(c->sms_providers.n, 1);
	assert_string_equal(c->sms_providers.word[0], "twilio");
	config_free(c);
	expect_error("provider = file\nproviders = file, twilio\n", 1,
	    "[sms] provider and providers: give one of them");
	expect_error("providers = twilio, twilio\n", 1,
	    ":6: [sms] providers: a provider named twice");
	expect_error("providers = file, pigeon\n", 1,
	    ":6: [sms] providers: not one of the allowed words");
	expect_error("providers = ,\n", 1, ":6: [sms] providers: expected");
	expect_error("providers = gatewayapi, twilio\n", 1,
	    "[twilio] account_sid: required");
}

/* Every provider's description is registered once, under its name. */
static void
test_provider_registry(void **state)
{
	const struct sms_provider *p;
	const char		  *name, *section;
	size_t			   i, k, found;

	(void)state;
	for (i = 0; (p = sms_provider_at(i)) != NULL; i++) {
		assert_ptr_equal(sms_provider_find(p->name), p);
		if (p->config == NULL)
			continue;
		for (k = 0; k < p->config->nkeys; k++) {
			found = 0;
			for (size_t j = 0;
			     (name = config_key_at(j, &section)) != NULL; j++)
				found +=
				    !strcmp(name, p->config->keys[k].name) &&
				    !strcmp(
					section, p->config->keys[k].section);
			assert_int_equal(found, 1);
		}
	}
	assert_int_equal(i, 3);
	assert_null(sms_provider_find("carrier-pigeon"));
}

static int
setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/test-config-XXXXXX");
	return mkdtemp(dir) == NULL;
}

static int
teardown(void **state)
{
	char p[128];

	(void)state;
	snprintf(p, sizeof(p), "%s/test.conf", dir);
	unlink(p);
	snprintf(p, sizeof(p), "%s/secret", dir);
	unlink(p);
	return rmdir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_texts_per_language),
		cmocka_unit_test(test_texts_never_danish),
		cmocka_unit_test(test_sensitive_words),
		cmocka_unit_test(test_callable_phone),
		cmocka_unit_test(test_listen_loopback),
		cmocka_unit_test(test_cpr_key),
		cmocka_unit_test(test_check_folder),
		cmocka_unit_test(test_contact_days_and_countries),
		cmocka_unit_test(test_missing_file),
		cmocka_unit_test(test_secret_file_mode),
		cmocka_unit_test(test_parsers),
		cmocka_unit_test(test_oidc_sections),
		cmocka_unit_test(test_escalation_steps),
		cmocka_unit_test(test_kiosk_login),
		cmocka_unit_test(test_sample_documents_every_key),
		cmocka_unit_test(test_provider_tables),
		cmocka_unit_test(test_provider_registry),
		cmocka_unit_test(test_providers_list),
	};

	return cmocka_run_group_tests_name("config", tests, setup, teardown);
}
