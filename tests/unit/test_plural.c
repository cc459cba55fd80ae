/*
 * test_plural.c - plural forms: the expression evaluator
 * (shared/plural.c) on gettext's rules, and each language's choice of
 * form read from its built catalogue's Plural-Forms header (i18n.c),
 * so Ukrainian has 3 forms, Polish 3 and Arabic 6.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "i18n.h"
#include "lang.h"
#include "plural.h"

#define RULE_UK \
	"(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && " \
	"(n%100<10 || n%100>=20) ? 1 : 2);"
#define RULE_PL \
	"(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || " \
	"n%100>=20) ? 1 : 2);"
#define RULE_AR \
	"(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && " \
	"n%100<=10 ? 3 : n%100>=11 ? 4 : 5);"

/* n and the form each language uses for it. */
struct case_ {
	unsigned long n;
	unsigned long form;
};

static const struct case_ uk_cases[] = {
	{ 0, 2 },
	{ 1, 0 },
	{ 2, 1 },
	{ 4, 1 },
	{ 5, 2 },
	{ 11, 2 },
	{ 12, 2 },
	{ 14, 2 },
	{ 21, 0 },
	{ 22, 1 },
	{ 25, 2 },
	{ 101, 0 },
	{ 111, 2 },
};
static const struct case_ pl_cases[] = {
	{ 0, 2 },
	{ 1, 0 },
	{ 2, 1 },
	{ 4, 1 },
	{ 5, 2 },
	{ 12, 2 },
	{ 21, 2 },
	{ 22, 1 },
	{ 112, 2 },
	{ 122, 1 },
};
static const struct case_ ar_cases[] = {
	{ 0, 0 },
	{ 1, 1 },
	{ 2, 2 },
	{ 3, 3 },
	{ 10, 3 },
	{ 11, 4 },
	{ 99, 4 },
	{ 100, 5 },
	{ 102, 5 },
	{ 103, 3 },
	{ 111, 4 },
};
static const struct case_ two_cases[] = {
	/* da, en: n != 1 */
	{ 0, 1 },
	{ 1, 0 },
	{ 2, 1 },
	{ 21, 1 },
};
static const struct case_ tr_cases[] = {
	/* one form set per CLDR */
	{ 1, 0 },
	{ 2, 1 },
	{ 5, 1 },
};

static void
check_rule(const char *rule, const struct case_ *c, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (plural_eval(rule, c[i].n) != c[i].form)
			fail_msg("%s n=%lu: form %lu, want %lu", rule, c[i].n,
			    plural_eval(rule, c[i].n), c[i].form);
}

#define CASES(a) (a), sizeof(a) / sizeof((a)[0])

static void
test_eval_rules(void **state)
{
	check_rule(RULE_UK, CASES(uk_cases));
	check_rule(RULE_PL, CASES(pl_cases));
	check_rule(RULE_AR, CASES(ar_cases));
	check_rule("(n != 1);", CASES(two_cases));
	check_rule("n != 1", CASES(two_cases));
	assert_int_equal(plural_eval("0;", 7), 0);
	assert_int_equal(plural_eval("n>1;", 1), 0);
	assert_int_equal(plural_eval("!(n>1)", 2), 0);
	assert_int_equal(plural_eval("(n+1)*2-1;", 3), 7);
	assert_int_equal(plural_eval("n <= 2 ? n / 1 : 3", 2), 2);
	/* n%n at 0 only in the arm not taken. */
	assert_int_equal(plural_eval("n == 0 ? 0 : n % n", 0), 0);
}

static void
test_eval_errors(void **state)
{
	static const char *const bad[] = {
		"",
		"(n",
		"n ? 1",
		"n %",
		"x",
		"n == 1 )",
		"1 / 0",
		"n = 1",
		"((((((((((((((((((((((((((((((((((n))))))))))))"
		"))))))))))))))))))))))",
	};
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (plural_eval(bad[i], 3) != PLURAL_ERROR)
			fail_msg("\"%s\" was taken", bad[i]);
	assert_int_equal(plural_eval(NULL, 1), PLURAL_ERROR);
}

/* What each language of the table must do with its built catalogue. */
static const struct lang_rule {
	const char	   *code;
	unsigned long	    forms;
	const struct case_ *cases;
	size_t		    ncases;
} lang_rules[] = {
	{ "da", 2, CASES(two_cases) },
	{ "en", 2, CASES(two_cases) },
	{ "ar", 6, CASES(ar_cases) },
	{ "tr", 2, CASES(tr_cases) },
	{ "uk", 3, CASES(uk_cases) },
	{ "pl", 3, CASES(pl_cases) },
	{ "so", 2, CASES(two_cases) },
};

/*
 * Every language of lang.c is listed above, has its catalogue built
 * (but Danish, the source) and chooses forms by its header's rule.
 */
static void
test_catalogue_rules(void **state)
{
	const struct lang      *l;
	const struct lang_rule *r;
	size_t			i, j;

	for (i = 0; (l = lang_at(i)) != NULL; i++) {
		for (j = 0, r = NULL;
		     j < sizeof(lang_rules) / sizeof(lang_rules[0]); j++)
			if (strcmp(lang_rules[j].code, l->code) == 0)
				r = &lang_rules[j];
		if (r == NULL)
			fail_msg("%s: no plural cases here; add them", l->code);
		if (!i18n_has_language(l->code))
			fail_msg("%s: no catalogue built", l->code);
		assert_int_equal(i18n_plural_count(l->code), r->forms);
		for (j = 0; j < r->ncases; j++)
			if (i18n_plural_index(l->code, r->cases[j].n) !=
			    r->cases[j].form)
				fail_msg("%s n=%lu: form %lu, want %lu",
				    l->code, r->cases[j].n,
				    i18n_plural_index(l->code, r->cases[j].n),
				    r->cases[j].form);
	}
}

/*
 * i18n_ntext(): the English catalogue's plural entry, and the Danish
 * rule without a catalogue.
 */
static void
test_ntext(void **state)
{
	const char *s = "Der er {n} dag tilbage.";
	const char *p = "Der er {n} dage tilbage.";

	assert_string_equal(
	    i18n_ntext("en", s, p, 1), "There is {n} day left.");
	assert_string_equal(
	    i18n_ntext("en", s, p, 2), "There are {n} days left.");
	assert_string_equal(
	    i18n_ntext("en", s, p, 0), "There are {n} days left.");
	assert_string_equal(i18n_ntext("da", s, p, 1), s);
	assert_string_equal(i18n_ntext("da", s, p, 21), p);
	assert_string_equal(i18n_ntext("xx", s, p, 3), p);
	assert_string_equal(
	    i18n_ntext("en", "ikke oversat", "ikke oversatte", 1),
	    "ikke oversat");
	assert_null(i18n_ntext("en", NULL, p, 1));
}

/*
 * The kiosk's countdown in the languages with more than two forms: the
 * catalogue's own texts, chosen by its rule (Ukrainian 3 forms: 1 and
 * 21 alike, 2-4 and 22, 5-20; Arabic 6: 0, 1, 2, 3-10, 11-99, 100 and
 * up).
 */
static void
test_ntext_many_forms(void **state)
{
	const char *s = "Siden lukker om {n} sekund.";
	const char *p = "Siden lukker om {n} sekunder.";
	static const struct {
		const char   *lang;
		unsigned long n;
		const char   *want;
	} cases[] = {
		{ "uk", 1, "Сторінка закриється через {n} секунду." },
		{ "uk", 21, "Сторінка закриється через {n} секунду." },
		{ "uk", 3, "Сторінка закриється через {n} секунди." },
		{ "uk", 22, "Сторінка закриється через {n} секунди." },
		{ "uk", 5, "Сторінка закриється через {n} секунд." },
		{ "uk", 11, "Сторінка закриється через {n} секунд." },
		{ "pl", 1, "Strona zamknie się za {n} sekundę." },
		{ "pl", 24, "Strona zamknie się za {n} sekundy." },
		{ "pl", 12, "Strona zamknie się za {n} sekund." },
		{ "ar", 0, "ستُغلق الصفحة الآن." },
		{ "ar", 1, "ستُغلق الصفحة بعد ثانية واحدة." },
		{ "ar", 2, "ستُغلق الصفحة بعد ثانيتين." },
		{ "ar", 10, "ستُغلق الصفحة بعد {n} ثوانٍ." },
		{ "ar", 11, "ستُغلق الصفحة بعد {n} ثانية." },
		{ "ar", 103, "ستُغلق الصفحة بعد {n} ثوانٍ." },
		{ "tr", 1, "Sayfa {n} saniye içinde kapanacak." },
		{ "da", 1, "Siden lukker om {n} sekund." },
		{ "da", 0, "Siden lukker om {n} sekunder." },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (strcmp(i18n_ntext(cases[i].lang, s, p, cases[i].n),
			cases[i].want) != 0)
			fail_msg("%s n=%lu: \"%s\", want \"%s\"", cases[i].lang,
			    cases[i].n,
			    i18n_ntext(cases[i].lang, s, p, cases[i].n),
			    cases[i].want);
}

/*
 * i18n_nforms(): the distinct texts for 0..max and which n takes which,
 * as kiosk.js gets them; equal forms (Arabic's 11-99 and 100+ here) are
 * one.
 */
static void
test_nforms(void **state)
{
	const char   *s = "Siden lukker om {n} sekund.";
	const char   *p = "Siden lukker om {n} sekunder.";
	const char   *forms[I18N_PLURALS_MAX];
	unsigned char of[121];
	unsigned long n;

	assert_int_equal(i18n_nforms("uk", s, p, 30, forms, of), 3);
	for (n = 0; n <= 30; n++)
		assert_string_equal(forms[of[n]], i18n_ntext("uk", s, p, n));
	assert_int_equal(of[1], of[21]);
	assert_int_not_equal(of[1], of[2]);
	assert_int_not_equal(of[2], of[5]);
	assert_int_equal(i18n_nforms("ar", s, p, 120, forms, of), 5);
	for (n = 0; n <= 120; n++)
		assert_string_equal(forms[of[n]], i18n_ntext("ar", s, p, n));
	assert_int_equal(of[11], of[100]);
	assert_int_equal(i18n_nforms("da", s, p, 30, forms, of), 2);
	assert_string_equal(forms[of[1]], s);
	assert_string_equal(forms[of[0]], p);
	assert_int_equal(i18n_nforms("tr", s, p, 30, forms, of), 1);
	assert_int_equal(i18n_nforms("da", NULL, p, 30, forms, of), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_eval_rules),
		cmocka_unit_test(test_eval_errors),
		cmocka_unit_test(test_catalogue_rules),
		cmocka_unit_test(test_ntext),
		cmocka_unit_test(test_ntext_many_forms),
		cmocka_unit_test(test_nforms),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
