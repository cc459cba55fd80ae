/*
 * test_units.c - the systemd units, `make install` and the README agree
 * on the units' names: every unit file in systemd/ is in the Makefile's
 * UNITS (what `make install` installs) and back, and every Mentorlink
 * unit the README or a unit file names (NAME.service, systemctl ...
 * NAME, journalctl -u NAME) is one of them.  Timers (NAME.timer) are
 * unit files too.  Runs from the top of the
 * source tree.
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "buf.h"

#define UNITS_MAX 16

struct names {
	char   v[UNITS_MAX][64];
	size_t n;
};

/* Read a whole file into out; fails the test when it cannot. */
static void
slurp(const char *path, struct buf *out)
{
	FILE  *f;
	char   chunk[4096];
	size_t n;

	if ((f = fopen(path, "r")) == NULL)
		fail_msg("cannot open %s", path);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_append(out, chunk, n);
	fclose(f);
}

static int
has(const struct names *s, const char *name)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (strcmp(s->v[i], name) == 0)
			return 1;
	return 0;
}

static void
add(struct names *s, const char *name, size_t len)
{
	char v[64];

	snprintf(v, sizeof(v), "%.*s", (int)len, name);
	if (!has(s, v) && s->n < UNITS_MAX)
		snprintf(s->v[s->n++], sizeof(s->v[0]), "%s", v);
}

/* The unit files in systemd/. */
static void
unit_files(struct names *s)
{
	DIR	      *d;
	struct dirent *e;
	size_t	       n;

	if ((d = opendir("systemd")) == NULL)
		fail_msg("no systemd/ folder");
	while ((e = readdir(d)) != NULL) {
		n = strlen(e->d_name);
		if ((n > 8 && strcmp(e->d_name + n - 8, ".service") == 0) ||
		    (n > 6 && strcmp(e->d_name + n - 6, ".timer") == 0))
			add(s, e->d_name, n);
	}
	closedir(d);
}

/* The units in the Makefile's UNITS = ... (with continuation lines). */
static void
make_units(struct names *s)
{
	struct buf  mk = { 0 };
	const char *p, *end;
	size_t	    n;

	slurp("Makefile", &mk);
	if ((p = strstr(buf_str(&mk), "\nUNITS")) == NULL)
		fail_msg("Makefile has no UNITS");
	for (end = p + 1; (end = strchr(end, '\n')) != NULL && end[-1] == '\\';
	     end++)
		;
	while (
	    (p = strstr(p, "systemd/")) != NULL && (end == NULL || p < end)) {
		p += 8;
		n = strspn(p, "abcdefghijklmnopqrstuvwxyz0123456789-.");
		add(s, p, n);
	}
	buf_free(&mk);
}

/* 1 for a unit that is not ours (getty@tty1, systemd-..., network...). */
static int
foreign(const char *name, size_t n)
{
	return memchr(name, '@', n) != NULL ||
	    strncmp(name, "systemd-", 8) == 0 ||
	    strncmp(name, "network", 7) == 0;
}

/*
 * The Mentorlink units text names: NAME.service anywhere, the names
 * after "systemctl enable|reload|... [--now]" and "journalctl -u".
 */
static void
named_units(const char *text, struct names *s)
{
	static const char unit_chars[] =
	    "abcdefghijklmnopqrstuvwxyz0123456789-";
	const char *p, *q;
	size_t	    n;
	char	    name[64];

	for (p = text; (p = strstr(p, ".service")) != NULL; p += 8) {
		for (q = p; q > text && strchr(unit_chars, q[-1]) != NULL &&
		     q[-1] != '\0';
		     q--)
			;
		if (q > text && q[-1] == '@')
			continue;
		if (p > q && !foreign(q, (size_t)(p - q)))
			add(s, q, (size_t)(p - q) + 8);
	}
	for (p = text; (p = strstr(p, "systemctl ")) != NULL; p++) {
		q = p + 10;
		for (;;) {
			q += strspn(q, " ");
			n = strspn(q, unit_chars);
			if (n > 0 && q[n] == '.' &&
			    strncmp(q + n, ".timer", 6) == 0) {
				q += n + 6; /* a timer: its file is checked */
				continue;
			}
			if (n == 0 || q[n] == '.' || q[n] == '/')
				break;
			if (strncmp(q, "enable", n) &&
			    strncmp(q, "reload", n) && strncmp(q, "start", n) &&
			    strncmp(q, "stop", n) && strncmp(q, "restart", n) &&
			    strncmp(q, "status", n) &&
			    strncmp(q, "disable", n) &&
			    strncmp(q, "daemon-reload", n) &&
			    strncmp(q, "list-timers", n) &&
			    strncmp(q, "edit", n) && strncmp(q, "--now", n) &&
			    !foreign(q, n)) {
				snprintf(name, sizeof(name), "%.*s.service",
				    (int)n, q);
				add(s, name, strlen(name));
			}
			q += n;
		}
	}
	for (p = text; (p = strstr(p, "journalctl -u ")) != NULL; p++) {
		n = strspn(p + 14, unit_chars);
		snprintf(name, sizeof(name), "%.*s.service", (int)n, p + 14);
		add(s, name, strlen(name));
	}
}

static void
test_install_matches_units(void **state)
{
	struct names files = { .n = 0 }, installed = { .n = 0 };
	size_t	     i;

	(void)state;
	unit_files(&files);
	make_units(&installed);
	assert_true(files.n > 0);
	for (i = 0; i < files.n; i++)
		if (!has(&installed, files.v[i]))
			fail_msg("systemd/%s is not installed (Makefile UNITS)",
			    files.v[i]);
	for (i = 0; i < installed.n; i++)
		if (!has(&files, installed.v[i]))
			fail_msg("Makefile installs systemd/%s, which is not "
				 "there",
			    installed.v[i]);
}

static void
test_docs_name_installed_units(void **state)
{
	static const char *const docs[] = {
		"README.md",
		"systemd/mentorlink-kiosk.service",
		"systemd/mentorlink-sms-gateway.service",
		"systemd/mentorlink-screen.service",
		"systemd/mentorlink-console.service",
	};
	struct names files = { .n = 0 }, named;
	struct buf   text = { 0 };
	size_t	     i, j;

	(void)state;
	unit_files(&files);
	for (i = 0; i < sizeof(docs) / sizeof(docs[0]); i++) {
		named.n = 0;
		buf_reset(&text);
		slurp(docs[i], &text);
		named_units(buf_str(&text), &named);
		for (j = 0; j < named.n; j++) {
			printf("%s names %s\n", docs[i], named.v[j]);
			if (!has(&files, named.v[j]))
				fail_msg("%s names %s, which make install does "
					 "not install",
				    docs[i], named.v[j]);
		}
	}
	buf_free(&text);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_install_matches_units),
		cmocka_unit_test(test_docs_name_installed_units),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
