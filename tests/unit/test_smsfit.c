/*
 * test_smsfit.c - every SMS text in every language of lang.c fits in
 * SMSFIT_PARTS_MAX parts with long but realistic values (smsfit.h): a
 * 20-letter first name, the longest organisation name (the sample
 * config's or Ringkøbing-Skjern Kommune), the longest date of a year in
 * the language, a long place.  Counted as mentorctl sms-info counts
 * (GSM-7 153 septets a part, UCS-2 67 units a part when split).
 *
 * Run from the source tree: it reads etc/mentorlink.conf.sample.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "clock.h"
#include "config.h"
#include "datefmt.h"
#include "i18n.h"
#include "lang.h"
#include "smsfit.h"

static struct config	   *cfg;
static struct smsfit_values values;

static int
setup(void **state)
{
	char err[CONFIG_ERR_MAX];

	clock_init("Europe/Copenhagen");
	if ((cfg = config_load(
		 "etc/mentorlink.conf.sample", err, sizeof(err))) == NULL) {
		fprintf(stderr, "%s\n", err);
		return -1;
	}
	smsfit_values(&values, cfg);
	return 0;
}

static int
teardown(void **state)
{
	config_free(cfg);
	return 0;
}

/* Every text, every language: at most SMSFIT_PARTS_MAX parts. */
static void
test_every_text_fits(void **state, const char *digits)
{
	const struct lang  *l;
	struct smstext_info info;
	size_t		    i, j, over = 0;
	int		    r;

	assert_int_equal(datefmt_digits(digits), 0);
	smsfit_values(&values, cfg);
	for (i = 0; i < smsfit_count(); i++) {
		for (j = 0; (l = lang_at(j)) != NULL; j++) {
			r = smsfit_measure(i, l->code, &values, &info);
			assert_int_not_equal(r, -1);
			if (r == 1)
				continue;
			if (info.segments > SMSFIT_PARTS_MAX) {
				fprintf(stderr,
				    "%s (%s): %zu parts, %zu "
				    "units %s\n",
				    smsfit_name(i), l->code, info.segments,
				    info.units,
				    smstext_encoding_name(info.encoding));
				over++;
			}
		}
	}
	assert_int_equal(over, 0);
}

static void
test_fits_western(void **state)
{
	test_every_text_fits(state, "western");
}

static void
test_fits_eastern(void **state)
{
	test_every_text_fits(state, "eastern");
}

/*
 * The measure is real: the values are as long as promised, a citizen
 * text is counted in every language, a staff text only in Danish, and
 * a Danish text with the long values takes 2 GSM-7 parts.
 */
static void
test_measure(void **state)
{
	struct smstext_info info;
	size_t		    i;

	assert_int_equal(strlen(SMSFIT_FIRST_NAME), 20);
	assert_string_equal(values.organisation, SMSFIT_ORGANISATION);
	assert_string_equal(
	    values.date[LANG_DA], "tirsdag den 14. september 2027");
	for (i = 0; i < smsfit_count(); i++)
		if (strcmp(smsfit_name(i), "outbox.moved_place") == 0)
			break;
	assert_int_equal(smsfit_measure(i, "da", &values, &info), 0);
	assert_int_equal(info.encoding, SMSTEXT_GSM7);
	assert_int_equal(info.segments, 2);
	assert_true(info.units > 200);
	for (i = 0; i < smsfit_count(); i++)
		if (strcmp(smsfit_name(i), "outbox.agreement_ending") == 0)
			break;
	assert_int_equal(smsfit_measure(i, "da", &values, &info), 0);
	assert_int_equal(smsfit_measure(i, "uk", &values, &info), 1);
	assert_null(smsfit_name(smsfit_count()));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_measure),
		cmocka_unit_test(test_fits_western),
		cmocka_unit_test(test_fits_eastern),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
