/*
 * test_outbox_text.c - the scheduler's SMS texts (shared/outbox_text.c,
 * compiled in here): no template, in any language, can render a purpose,
 * a diagnosis, a unit's name or any field outside the allowed list; every
 * text has an English translation using only the Danish text's fields;
 * rendering and the small formatting helpers.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "../../shared/outbox_text.c"
#include "clock.h"

static const char *const allowed[] = OUTBOX_FIELDS_ALLOWED;
static const char *const forbidden[] = {
	"purpose",
	"diagnosis",
	"unit",
	"unit_name",
	"goal",
	"tasks",
	"kind",
	"legal_basis",
	"after_discharge",
	"cpr",
	"body",
	"health",
	"note",
};

/* Collect the placeholder names of tpl into names (static storage). */
static size_t
names_of(const char *tpl, char names[][TEMPLATE_NAME_MAX + 1], size_t max)
{
	const char *p = tpl, *e;
	size_t	    n = 0;

	while ((p = strchr(p, '{')) != NULL && n < max) {
		if (p[1] == '{') {
			p += 2;
			continue;
		}
		e = strchr(p, '}');
		assert_non_null(e);
		snprintf(names[n++], TEMPLATE_NAME_MAX + 1, "%.*s",
		    (int)(e - p - 1), p + 1);
		p = e + 1;
	}
	return n;
}

static void
test_allowed_has_no_forbidden_field(void **state)
{
	size_t i, j;

	(void)state;
	assert_int_equal(sizeof(allowed) / sizeof(allowed[0]), OUTBOX_FIELDS_N);
	for (i = 0; i < sizeof(forbidden) / sizeof(forbidden[0]); i++)
		for (j = 0; j < OUTBOX_FIELDS_N; j++)
			assert_string_not_equal(forbidden[i], allowed[j]);
}

static void
test_no_template_renders_forbidden(void **state)
{
	const char *const langs[] = { "da", "en" };
	const char	 *tpl;
	char		  err[128];
	size_t		  t, l;

	(void)state;
	for (t = 0; t < OUTBOX_TEXT__MAX; t++)
		for (l = 0; l < 2; l++) {
			tpl = i18n_text(langs[l], outbox_text_template(t));
			if (template_check(tpl, allowed, OUTBOX_FIELDS_N, err,
				sizeof(err)) != 0)
				fail_msg("text %zu (%s): %s", t, langs[l], err);
		}
	/* The check itself refuses what is not allowed. */
	assert_int_equal(template_check("Formål: {purpose}", allowed,
			     OUTBOX_FIELDS_N, err, sizeof(err)),
	    -1);
	assert_string_equal(err, "purpose");
	assert_null(outbox_text_template(OUTBOX_TEXT__MAX));
}

static void
test_english_uses_danish_fields(void **state)
{
	char	    names[16][TEMPLATE_NAME_MAX + 1], err[128];
	const char *ptr[16], *da, *en;
	size_t	    t, n, i;

	(void)state;
	for (t = 0; t < OUTBOX_TEXT__MAX; t++) {
		da = outbox_text_template(t);
		en = i18n_text("en", da);
		assert_ptr_not_equal(en, da); /* translated */
		n = names_of(da, names, 16);
		for (i = 0; i < n; i++)
			ptr[i] = names[i];
		if (template_check(en, ptr, n, err, sizeof(err)) != 0)
			fail_msg("text %zu: English uses %s", t, err);
	}
}

static void
test_render(void **state)
{
	struct outbox_fields f;
	struct buf	     b = { 0 };

	(void)state;
	memset(&f, 0, sizeof(f));
	f.date = "tirsdag den 24. november 2026";
	f.time = "10.00";
	f.organisation = "Herlev Kommune";
	f.mentor = "Inger";
	f.place = "Herlev Bibliotek";
	assert_int_equal(
	    outbox_text_render(OUTBOX_TEXT_REMINDER_PLACE, "da", &f, &b), 0);
	assert_string_equal(buf_str(&b),
	    "Husk dit møde med Inger fra Herlev "
	    "Kommune tirsdag den 24. november 2026 kl. 10.00. Sted: Herlev "
	    "Bibliotek.");
	buf_reset(&b);
	f.date = "Tuesday 24 November 2026";
	f.time = "10:00";
	assert_int_equal(
	    outbox_text_render(OUTBOX_TEXT_REMINDER, "en", &f, &b), 0);
	assert_string_equal(buf_str(&b),
	    "Reminder: your meeting with Inger "
	    "from Herlev Kommune is on Tuesday 24 November 2026 at 10:00.");
	buf_reset(&b);
	/* An unknown language falls back to Danish. */
	assert_int_equal(
	    outbox_text_render(OUTBOX_TEXT_REMINDER_ORG, "xx", &f, &b), 0);
	assert_non_null(strstr(buf_str(&b), "Husk dit møde hos"));
	assert_int_equal(
	    outbox_text_render(OUTBOX_TEXT__MAX, "da", &f, &b), -1);
	buf_free(&b);
}

static void
test_helpers(void **state)
{
	char out[64], date[64], hhmm[OUTBOX_TIME_LEN];

	(void)state;
	outbox_text_first_name("Inger Holm", out, sizeof(out));
	assert_string_equal(out, "Inger");
	outbox_text_first_name("  Bo", out, sizeof(out));
	assert_string_equal(out, "Bo");
	outbox_text_first_name(NULL, out, sizeof(out));
	assert_string_equal(out, "");
	/* 2026-11-24 09:00Z is 10:00 in Copenhagen. */
	outbox_text_when(1795510800, "da", date, sizeof(date), hhmm);
	assert_string_equal(date, "tirsdag den 24. november 2026");
	assert_string_equal(hhmm, "10.00");
	outbox_text_when(1795510800, "en", date, sizeof(date), hhmm);
	assert_string_equal(hhmm, "10:00");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_allowed_has_no_forbidden_field),
		cmocka_unit_test(test_no_template_renders_forbidden),
		cmocka_unit_test(test_english_uses_danish_fields),
		cmocka_unit_test(test_render),
		cmocka_unit_test(test_helpers),
	};

	clock_init("Europe/Copenhagen");
	i18n_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
