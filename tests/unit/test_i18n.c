/*
 * test_i18n.c - unit tests for shared/i18n.c.
 *
 * Needs the compiled English catalogue under LOCALEDIR (the build puts
 * it there), or under $MENTORLINK_LOCALEDIR.
 */
#include <sys/stat.h>

#include <limits.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "i18n.h"
#include "log.h"

static int
group_setup(void **state)
{
	i18n_init();
	if (!i18n_has_language("en")) {
		fprintf(stderr,
		    "test_i18n: no English catalogue under "
		    "LOCALEDIR or $MENTORLINK_LOCALEDIR; build po/en.po\n");
		return -1;
	}
	return 0;
}

static void
test_danish_is_the_source(void **state)
{
	const char *msgid = "Log ud";

	assert_ptr_equal(i18n_text("da", msgid), msgid);
	assert_ptr_equal(
	    i18n_text("da", "Ikke i kataloget"), "Ikke i kataloget");
}

static void
test_english_translations(void **state)
{
	assert_string_equal(i18n_text("en", "Log ud"), "Log out");
	assert_string_equal(i18n_text("en", "Start"), "Start");
	assert_string_equal(
	    i18n_text("en", "Ja, jeg er her stadig"), "Yes, I am still here");
	assert_string_equal(
	    i18n_text("en", "Ikke registreret – spørg din mentor"),
	    "Not recorded – ask your mentor");
}

static void
test_unknown_msgid_falls_back(void **state)
{
	const char *msgid = "Denne tekst er ikke oversat";

	assert_ptr_equal(i18n_text("en", msgid), msgid);
	assert_string_equal(i18n_text("en", "log ud"), "log ud");
	assert_string_equal(i18n_text("en", "Log ud "), "Log ud ");
	assert_string_equal(i18n_text("en", ""), "");
	assert_null(i18n_text("en", NULL));
}

static void
test_unknown_language_falls_back(void **state)
{
	const char *msgid = "Log ud";

	assert_ptr_equal(i18n_text("fr", msgid), msgid);
	assert_ptr_equal(i18n_text("EN", msgid), msgid);
	assert_ptr_equal(i18n_text("", msgid), msgid);
	assert_ptr_equal(i18n_text(NULL, msgid), msgid);
}

static void
test_switching_back_and_forth(void **state)
{
	int i;

	for (i = 0; i < 100; i++) {
		assert_string_equal(i18n_text(i % 2 ? "en" : "da", "Log ud"),
		    i % 2 ? "Log out" : "Log ud");
		assert_string_equal(
		    i18n_text(i % 3 ? "da" : "en", "Er du her stadig?"),
		    i % 3 ? "Er du her stadig?" : "Are you still there?");
	}
}

static void
test_marker(void **state)
{
	static const char *const labels[] = { N_("Start"), N_("Log ud") };

	assert_string_equal(labels[1], "Log ud");
	assert_string_equal(i18n_text("en", labels[1]), "Log out");
}

static void
test_has_language(void **state)
{
	assert_true(i18n_has_language("da"));
	assert_true(i18n_has_language("en"));
	assert_false(i18n_has_language("de"));
	assert_false(i18n_has_language(NULL));
}

/*
 * Thread body: alternate languages many times; returns NULL, or a
 * non-NULL pointer on a wrong answer.
 */
static void *
switch_in_thread(void *arg)
{
	int i, odd = arg != NULL;

	for (i = 0; i < 20000; i++) {
		const char *want = (i + odd) % 2 ? "Log out" : "Log ud";

		if (strcmp(i18n_text((i + odd) % 2 ? "en" : "da", "Log ud"),
			want) != 0)
			return (void *)1;
	}
	return NULL;
}

static void
test_threads(void **state)
{
	pthread_t t[4];
	void	 *rc;
	int	  i;

	for (i = 0; i < 4; i++)
		assert_int_equal(pthread_create(&t[i], NULL, switch_in_thread,
				     i % 2 ? (void *)1 : NULL),
		    0);
	for (i = 0; i < 4; i++) {
		assert_int_equal(pthread_join(t[i], &rc), 0);
		assert_null(rc);
	}
}

#ifdef MENTOR_TEST_HOOKS
static int warnings;

/*
 * Log sink: count lines instead of printing them.
 */
static void
count_warning(const char *line)
{
	warnings++;
}

struct pair {
	const char *id;
	const char *text;
};

#define UTF8_HEADER "Content-Type: text/plain; charset=UTF-8\n"

static const struct pair good[] = {
	{ "", UTF8_HEADER },
	{ "Log ud", "Sign out" },
	{ "Start", "Begin" },
	{ "Tom", "" },
};

/*
 * Store v at p in big- or little-endian order.
 */
static void
put32(unsigned char *p, uint32_t v, int big)
{
	int i;

	for (i = 0; i < 4; i++)
		p[big ? 3 - i : i] = (unsigned char)(v >> (8 * i));
}

/*
 * Build a .mo file of the n pairs in out (cap bytes).  Returns its size.
 */
static size_t
build_mo(
    unsigned char *out, size_t cap, const struct pair *pairs, size_t n, int big)
{
	size_t i, pos = 28 + 16 * n, len;

	memset(out, 0, cap);
	put32(out, 0x950412de, big);
	put32(out + 8, (uint32_t)n, big);
	put32(out + 12, 28, big);
	put32(out + 16, (uint32_t)(28 + 8 * n), big);
	for (i = 0; i < 2 * n; i++) {
		const char *s = i < n ? pairs[i].id : pairs[i - n].text;
		size_t	    desc = 28 + 8 * i;

		len = strlen(s);
		assert_true(pos + len + 1 <= cap);
		put32(out + desc, (uint32_t)len, big);
		put32(out + desc + 4, (uint32_t)pos, big);
		memcpy(out + pos, s, len + 1);
		pos += len + 1;
	}
	return pos;
}

/*
 * Write len bytes as <dir>/en/LC_MESSAGES/mentorlink.mo and reload.
 */
static void
install_mo(const char *dir, const unsigned char *mo, size_t len)
{
	char  path[PATH_MAX];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/en/LC_MESSAGES/mentorlink.mo", dir);
	assert_non_null(fp = fopen(path, "w"));
	assert_int_equal(fwrite(mo, 1, len, fp), len);
	assert_int_equal(fclose(fp), 0);
	i18n_reload(dir);
}

/*
 * Install mo (len bytes) and assert English falls back to Danish with a
 * warning logged.
 */
static void
assert_rejected(const char *dir, const unsigned char *mo, size_t len)
{
	warnings = 0;
	install_mo(dir, mo, len);
	assert_true(warnings > 0);
	assert_false(i18n_has_language("en"));
	assert_string_equal(i18n_text("en", "Log ud"), "Log ud");
}

/*
 * Make <dir>/en/LC_MESSAGES below a new temporary dir, written to dir.
 */
static void
make_locale_tree(char *dir)
{
	char path[PATH_MAX];

	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/en", dir);
	assert_int_equal(mkdir(path, 0700), 0);
	snprintf(path, sizeof(path), "%s/en/LC_MESSAGES", dir);
	assert_int_equal(mkdir(path, 0700), 0);
}

/*
 * Remove what make_locale_tree() and install_mo() made.
 */
static void
remove_locale_tree(const char *dir)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/en/LC_MESSAGES/mentorlink.mo", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/en/LC_MESSAGES", dir);
	rmdir(path);
	snprintf(path, sizeof(path), "%s/en", dir);
	rmdir(path);
	rmdir(dir);
}

static void
test_catalogue_byte_orders(void **state)
{
	char	      dir[] = "/tmp/test_i18n.XXXXXX";
	unsigned char mo[512];
	size_t	      len;
	int	      big;

	make_locale_tree(dir);
	log_set_sink(count_warning);
	for (big = 0; big <= 1; big++) {
		len = build_mo(mo, sizeof(mo), good, 4, big);
		install_mo(dir, mo, len);
		assert_true(i18n_has_language("en"));
		assert_string_equal(i18n_text("en", "Log ud"), "Sign out");
		assert_string_equal(i18n_text("en", "Start"), "Begin");
		/* An empty translation means untranslated. */
		assert_string_equal(i18n_text("en", "Tom"), "Tom");
		assert_string_equal(i18n_text("en", "Andet"), "Andet");
	}
	i18n_reload(NULL);
	log_set_sink(NULL);
	assert_string_equal(i18n_text("en", "Log ud"), "Log out");
	remove_locale_tree(dir);
}

static void
test_broken_catalogues(void **state)
{
	static const struct pair latin1[] = {
		{ "", "Content-Type: text/plain; charset=ISO-8859-1\n" },
		{ "Log ud", "Sign out" },
	};
	static const struct pair headerless[] = { { "Log ud", "Sign out" } };
	char			 dir[] = "/tmp/test_i18n.XXXXXX";
	unsigned char		 mo[512], bad[512];
	size_t			 len;

	make_locale_tree(dir);
	log_set_sink(count_warning);
	len = build_mo(mo, sizeof(mo), good, 4, 0);

	assert_rejected(dir, mo, 0);
	assert_rejected(dir, mo, 20);
	assert_rejected(dir, mo, len - 1); /* last NUL cut off */
	memcpy(bad, mo, len);
	bad[0] ^= 0xff; /* magic */
	assert_rejected(dir, bad, len);
	memcpy(bad, mo, len);
	put32(bad + 4, 2u << 16, 0); /* revision 2.0 */
	assert_rejected(dir, bad, len);
	memcpy(bad, mo, len);
	put32(bad + 8, 0xffffffffu, 0); /* string count */
	assert_rejected(dir, bad, len);
	memcpy(bad, mo, len);
	put32(bad + 12, (uint32_t)len - 4, 0); /* originals table */
	assert_rejected(dir, bad, len);
	memcpy(bad, mo, len);
	put32(bad + 28 + 8 + 4, 0xfffffff0u, 0); /* a string offset */
	assert_rejected(dir, bad, len);
	memcpy(bad, mo, len);
	put32(bad + 28 + 8, 0xfffffff0u, 0); /* a string length */
	assert_rejected(dir, bad, len);
	memcpy(bad, mo, len);
	put32(bad + 28 + 8, 2, 0); /* length misses the NUL */
	assert_rejected(dir, bad, len);
	assert_rejected(dir, mo, build_mo(mo, sizeof(mo), latin1, 2, 0));
	assert_rejected(dir, mo, build_mo(mo, sizeof(mo), headerless, 1, 0));

	remove_locale_tree(dir);
	warnings = 0;
	i18n_reload(dir); /* no such directory */
	assert_true(warnings > 0);
	assert_string_equal(i18n_text("en", "Log ud"), "Log ud");

	i18n_reload(NULL);
	log_set_sink(NULL);
	assert_string_equal(i18n_text("en", "Log ud"), "Log out");
}
#endif /* MENTOR_TEST_HOOKS */

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_danish_is_the_source),
		cmocka_unit_test(test_english_translations),
		cmocka_unit_test(test_unknown_msgid_falls_back),
		cmocka_unit_test(test_unknown_language_falls_back),
		cmocka_unit_test(test_switching_back_and_forth),
		cmocka_unit_test(test_marker),
		cmocka_unit_test(test_has_language),
		cmocka_unit_test(test_threads),
#ifdef MENTOR_TEST_HOOKS
		cmocka_unit_test(test_catalogue_byte_orders),
		cmocka_unit_test(test_broken_catalogues),
#endif
	};

	return cmocka_run_group_tests(tests, group_setup, NULL);
}
