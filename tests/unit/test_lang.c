/*
 * test_lang.c - languages are data (shared/lang.c).  The table is sound;
 * it and the catalogues po/CODE.po agree; and a new language is one row
 * plus one catalogue: a dummy language "xx" gets its catalogue built by
 * the Makefile from a po file in a temporary folder, and is then known
 * to the texts (i18n, with its plural rule), the per-language config
 * keys and the database, with no other change.
 *
 * Run from the source tree (scripts/run-tests.sh does).
 */
#include <sys/stat.h>
#include <sys/wait.h>

#include <dirent.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "config.h"
#include "i18n.h"
#include "lang.h"
#include "store.h"

static char tmp[64];

/*
 * The table: two-letter codes once each (the structs and the database
 * keep char[3]), Danish and English where lang.h says, names and ICU
 * locales present, at least the seven languages of issue 12.
 */
static void
test_table(void **state)
{
	const struct lang *l;
	size_t		   i, j;
	char		   list[128];

	assert_string_equal(lang_at(LANG_DA)->code, "da");
	assert_string_equal(lang_at(LANG_EN)->code, "en");
	for (i = 0; (l = lang_at(i)) != NULL; i++) {
		assert_int_equal(strlen(l->code), 2);
		assert_true(l->code[0] >= 'a' && l->code[0] <= 'z');
		assert_true(l->code[1] >= 'a' && l->code[1] <= 'z');
		assert_true(l->name != NULL && l->name[0] != '\0');
		assert_true(l->locale != NULL && l->locale[0] != '\0');
		assert_int_equal(lang_index(l->code), (int)i);
		for (j = 0; j < i; j++)
			assert_string_not_equal(lang_at(j)->code, l->code);
	}
	assert_int_equal(lang_count(), i);
	assert_true(lang_count() >= 7);
	assert_int_equal(lang_at(lang_index("ar"))->rtl, 1);
	assert_int_equal(lang_index("xx"), -1);
	assert_int_equal(lang_index(NULL), -1);
	lang_list(list, sizeof(list), ", ", " or ");
	assert_non_null(strstr(list, "da, en, "));
	assert_non_null(strstr(list, " or "));
}

/*
 * po/CODE.po exists exactly for the table's languages but Danish (the
 * Makefile builds one catalogue per po/CODE.po), and each was built and
 * loads.
 */
static void
test_catalogues_agree(void **state)
{
	const struct lang *l;
	struct dirent	  *d;
	DIR		  *dir;
	char		   path[256], code[8];
	size_t		   i, n;

	for (i = 0; (l = lang_at(i)) != NULL; i++) {
		snprintf(path, sizeof(path), "po/%s.po", l->code);
		if (i == LANG_DA) {
			assert_int_equal(access(path, F_OK), -1);
			continue;
		}
		if (access(path, R_OK) == -1)
			fail_msg("%s: row in shared/lang.c but no %s", l->code,
			    path);
		if (!i18n_has_language(l->code))
			fail_msg("%s: catalogue not built or broken", l->code);
	}
	assert_non_null(dir = opendir("po"));
	while ((d = readdir(dir)) != NULL) {
		n = strlen(d->d_name);
		if (n < 4 || strcmp(d->d_name + n - 3, ".po") != 0)
			continue;
		snprintf(code, sizeof(code), "%.*s", (int)(n - 3), d->d_name);
		if (lang_index(code) < 0)
			fail_msg("po/%s: no row for %s in shared/lang.c",
			    d->d_name, code);
	}
	closedir(dir);
}

/* Write text to tmp/name. */
static void
write_file(const char *name, const char *text)
{
	char  path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", tmp, name);
	assert_non_null(f = fopen(path, "w"));
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

/* Run the Makefile's catalogues target over tmp/po into tmp/locale. */
static void
make_catalogues(void)
{
	char  po[128], o[128];
	pid_t pid;
	int   status;

	snprintf(po, sizeof(po), "PO_DIR=%s/po", tmp);
	snprintf(o, sizeof(o), "O=%s", tmp);
	assert_int_not_equal(pid = fork(), -1);
	if (pid == 0) {
		execlp("make", "make", "-s", po, o, "catalogues", (char *)NULL);
		_exit(127);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

#define XX_HEADER \
	"msgid \"\"\nmsgstr \"\"\n" \
	"\"Content-Type: text/plain; charset=UTF-8\\n\"\n" \
	"\"Language: xx\\n\"\n" \
	"\"Plural-Forms: nplurals=3; plural=(n==1 ? 0 : n==2 ? 1 : 2);\\n\"\n" \
	"\"X-Review: needed\\n\"\n\n"

/*
 * The dummy language: one row (lang_test_add(), as a row in lang.c)
 * and one catalogue, built by the Makefile.
 */
static void
test_dummy_language(void **state)
{
	char		   path[256], err[CONFIG_ERR_MAX];
	struct config	  *c;
	struct store	  *s;
	struct citizen_rec r = { 0 };

	snprintf(path, sizeof(path), "%s/po", tmp);
	assert_int_equal(mkdir(path, 0700), 0);
	snprintf(path, sizeof(path), "%s/po/xx", tmp);
	assert_int_equal(mkdir(path, 0700), 0);
	write_file(
	    "po/xx.po", XX_HEADER "msgid \"Log ud\"\nmsgstr \"Xx-out\"\n");
	write_file("po/xx/kiosk.po",
	    XX_HEADER
	    "msgid \"Der er {n} dag tilbage.\"\n"
	    "msgid_plural \"Der er {n} dage tilbage.\"\n"
	    "msgstr[0] \"{n} xx-day\"\nmsgstr[1] \"{n} xx-days-two\"\n"
	    "msgstr[2] \"{n} xx-days\"\n");
	make_catalogues();

	lang_test_add("xx", "Xxish", 1, "en");
	snprintf(path, sizeof(path), "%s/locale", tmp);
	i18n_reload(path);
	assert_true(i18n_has_language("xx"));
	assert_string_equal(i18n_text("xx", "Log ud"), "Xx-out");
	assert_int_equal(i18n_plural_count("xx"), 3);
	assert_string_equal(i18n_ntext("xx", "Der er {n} dag tilbage.",
				"Der er {n} dage tilbage.", 2),
	    "{n} xx-days-two");
	assert_string_equal(i18n_ntext("xx", "Der er {n} dag tilbage.",
				"Der er {n} dage tilbage.", 7),
	    "{n} xx-days");
	assert_string_equal(i18n_review("xx"), "needed");

	/* The config takes desk.xx; a language without its key gets English. */
	write_file("test.conf",
	    "[organisation]\nname = Herlev Kommune\n"
	    "phone = 44 52 00 00\ndesk = Skranken\ndesk.en = Reception\n"
	    "desk.xx = Xx-desk\n[sms]\nsender = +4512345678\n");
	snprintf(path, sizeof(path), "%s/test.conf", tmp);
	assert_non_null(c = config_load(path, err, sizeof(err)));
	assert_string_equal(config_text(&c->org_desk, "xx"), "Xx-desk");
	assert_string_equal(config_text(&c->org_desk, "ar"), "Reception");
	assert_string_equal(config_text(&c->org_desk, "da"), "Skranken");
	config_free(c);

	/* The database learns it at open; unknown codes are refused. */
	snprintf(path, sizeof(path), "%s/test.db", tmp);
	assert_int_equal(
	    store_open(path, STORE_CREATE, &s, err, sizeof(err)), STORE_OK);
	r.external_id = (char *)"c-xx";
	r.given_name = (char *)"Xena";
	memset(r.cpr_hash, 'a', 64);
	snprintf(r.language, sizeof(r.language), "xx");
	r.reminders_on = 1;
	assert_int_equal(store_citizen_upsert(s, &r), STORE_OK);
	assert_int_equal(store_citizen_set_language(s, r.id, "ar"), STORE_OK);
	assert_int_equal(
	    store_citizen_set_language(s, r.id, "zz"), STORE_CONSTRAINT);
	r.external_id = (char *)"c-zz";
	memset(r.cpr_hash, 'b', 64);
	snprintf(r.language, sizeof(r.language), "zz");
	assert_int_equal(store_citizen_upsert(s, &r), STORE_CONSTRAINT);
	store_close(s);

	lang_test_add(NULL, NULL, 0, NULL);
	i18n_reload(NULL);
}

static int
setup(void **state)
{
	snprintf(tmp, sizeof(tmp), "/tmp/mentorlink-test-lang-XXXXXX");
	assert_non_null(mkdtemp(tmp));
	return 0;
}

static int
teardown(void **state)
{
	char  cmd[128];
	pid_t pid;

	snprintf(cmd, sizeof(cmd), "%s", tmp);
	if ((pid = fork()) == 0) {
		execlp("rm", "rm", "-rf", cmd, (char *)NULL);
		_exit(127);
	}
	if (pid > 0)
		waitpid(pid, NULL, 0);
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_catalogues_agree),
		cmocka_unit_test(test_dummy_language),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
