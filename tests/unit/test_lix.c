/*
 * test_lix.c - plain language on the kiosk.  Every Danish text a citizen
 * reads there - the msgids marked N_("...") in the kiosk/ sources and the Danish
 * defaults of the kiosk's configuration texts ([privacy], the crisis
 * text) - has a readability index LIX of at most 35, and every msgid has
 * an English translation in po/en/kiosk.po (which holds no stale ones).
 *
 * LIX = words / sentences + 100 * long words / words (Björnsson), where
 * this tokenizer counts:
 *   - a word: a run of letters (a-z, A-Z and the Latin-1 and Latin
 *     Extended-A letters, so æ ø å é count) and digits, which may go on
 *     through one hyphen (- or the non-breaking U+2011) or apostrophe
 *     (' or U+2019) between two such characters, and through a '.' or
 *     ',' between two digits ("CPR-nummer", "SMS'er", "010180-1234" and
 *     "10.30" are one word each);
 *   - a placeholder {name}: one short word (what fills it is unknown);
 *   - a long word: more than 6 letters; digits, hyphens and apostrophes
 *     do not count, so a number is never long;
 *   - a sentence end: '.', '!', '?' or ':' followed by a space, a closing
 *     quote or bracket, or the end of the text, but not the dot of the
 *     abbreviations kl. fx. ca. nr. tlf.; a text whose last words have no
 *     such end counts one sentence more (a heading, a button).
 * A LIX over a few words says little (one 7-letter word scores 101), so a
 * text of fewer than LIX_MIN_WORDS (4) words - a label, a button, a
 * heading - is not scored alone: all of them together are scored as one
 * text, each a sentence of its own.
 *
 * The test reads the sources and the catalogue from the source tree, so
 * it runs from the top of the tree (as make check does).
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "buf.h"
#include "config.h"

#define LIX_MAX	      35.0
#define LIX_MIN_WORDS 4
#define TEXTS_MAX     512

struct lix_count {
	int words;
	int long_words;
	int sentences;
};

/* The code point at *s (UTF-8), advancing *s; 0xFFFD for a bad byte. */
static unsigned int
next_cp(const char **s)
{
	const unsigned char *p = (const unsigned char *)*s;
	unsigned int	     c = p[0];
	int		     n = 0, i;

	if (c < 0x80)
		n = 0;
	else if ((c & 0xe0) == 0xc0)
		n = 1, c &= 0x1f;
	else if ((c & 0xf0) == 0xe0)
		n = 2, c &= 0x0f;
	else if ((c & 0xf8) == 0xf0)
		n = 3, c &= 0x07;
	else {
		(*s)++;
		return 0xfffd;
	}
	for (i = 1; i <= n; i++) {
		if ((p[i] & 0xc0) != 0x80) {
			*s += i;
			return 0xfffd;
		}
		c = (c << 6) | (p[i] & 0x3f);
	}
	*s += n + 1;
	return c;
}

static int
is_letter(unsigned int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= 0xc0 && c <= 0x24f && c != 0xd7 && c != 0xf7);
}

static int
is_digit(unsigned int c)
{
	return c >= '0' && c <= '9';
}

static int
is_joiner(unsigned int c)
{
	return c == '-' || c == 0x2011 || c == '\'' || c == 0x2019;
}

/* The code point at s without moving. */
static unsigned int
peek_cp(const char *s)
{
	return *s == '\0' ? 0 : next_cp(&s);
}

/* 1 if word (len bytes) is an abbreviation whose dot ends nothing. */
static int
is_abbreviation(const char *word, size_t len)
{
	static const char *const abbr[] = { "kl", "fx", "ca", "nr", "tlf" };
	size_t			 i;

	for (i = 0; i < sizeof(abbr) / sizeof(abbr[0]); i++)
		if (strlen(abbr[i]) == len && strncmp(abbr[i], word, len) == 0)
			return 1;
	return 0;
}

/* Count words, long words and sentences of text into c (added to it). */
static void
lix_count(const char *text, struct lix_count *c)
{
	const char  *s = text, *start, *word = NULL;
	unsigned int cp;
	size_t	     wlen = 0;
	int	     letters, open = 0;

	while (*s != '\0') {
		start = s;
		cp = next_cp(&s);
		if (cp == '{') {
			s += strcspn(s, "}");
			if (*s == '}')
				s++;
			c->words++;
			open = 1;
			word = NULL;
			continue;
		}
		if (is_letter(cp) || is_digit(cp)) {
			letters = is_letter(cp);
			word = start;
			for (;;) {
				const char  *here = s;
				unsigned int n = peek_cp(s);

				if (is_letter(n) || is_digit(n)) {
					letters += is_letter(next_cp(&s));
					continue;
				}
				if (is_joiner(n) ||
				    ((n == '.' || n == ',') &&
					is_digit((unsigned char)here[-1]))) {
					const char  *after = s;
					unsigned int a;

					next_cp(&after);
					a = peek_cp(after);
					if (is_digit(a) ||
					    (is_joiner(n) && is_letter(a))) {
						s = after;
						continue;
					}
				}
				s = here;
				break;
			}
			wlen = (size_t)(s - word);
			c->words++;
			c->long_words += letters > 6;
			open = 1;
			continue;
		}
		if (cp == '.' || cp == '!' || cp == '?' || cp == ':') {
			unsigned int n = peek_cp(s);

			if (n != 0 && n != ' ' && n != '\n' && n != 0x201c &&
			    n != 0x201d && n != '"' && n != ')')
				continue;
			if (cp == '.' && word != NULL && start == word + wlen &&
			    is_abbreviation(word, wlen))
				continue;
			if (open)
				c->sentences++;
			open = 0;
		}
		word = NULL;
	}
	if (open)
		c->sentences++;
}

static double
lix_of(const struct lix_count *c)
{
	int p = c->sentences > 0 ? c->sentences : 1;

	if (c->words == 0)
		return 0;
	return (double)c->words / p + 100.0 * c->long_words / c->words;
}

static double
lix(const char *text)
{
	struct lix_count c = { 0, 0, 0 };

	lix_count(text, &c);
	return lix_of(&c);
}

/* --- the texts ------------------------------------------------------ */

struct texts {
	char  *text[TEXTS_MAX];
	char  *where[TEXTS_MAX];
	size_t n;
};

static void
texts_add(struct texts *t, const char *text, const char *where)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (strcmp(t->text[i], text) == 0)
			return;
	if (t->n == TEXTS_MAX)
		fail_msg("more than %d texts", TEXTS_MAX);
	t->text[t->n] = strdup(text);
	t->where[t->n] = strdup(where);
	t->n++;
}

static void
texts_free(struct texts *t)
{
	size_t i;

	for (i = 0; i < t->n; i++) {
		free(t->text[i]);
		free(t->where[i]);
	}
	t->n = 0;
}

/*
 * Read C string literals at *p (one or more, adjacent), appending their
 * value to out; *p ends after the last.  Returns 0, or -1 if none.
 */
static int
c_strings(const char **p, struct buf *out)
{
	const char *s = *p;
	int	    any = 0;

	for (;;) {
		s += strspn(s, " \t\n");
		if (*s != '"')
			break;
		for (s++; *s != '\0' && *s != '"'; s++) {
			if (*s == '\\' && s[1] != '\0') {
				s++;
				buf_putc(out, *s == 'n' ? '\n' : *s);
			} else
				buf_putc(out, *s);
		}
		if (*s == '"')
			s++;
		any = 1;
	}
	*p = s;
	return any ? 0 : -1;
}

/* Every N_("...") msgid in file into t. */
static void
msgids_of_file(const char *path, struct texts *t)
{
	struct buf  src = { 0 }, id = { 0 };
	char	    chunk[4096];
	const char *p;
	size_t	    n;
	FILE	   *f;

	if ((f = fopen(path, "r")) == NULL)
		fail_msg(
		    "%s: cannot open (run from the top of the tree)", path);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_append(&src, chunk, n);
	fclose(f);
	for (p = buf_str(&src); (p = strstr(p, "N_(")) != NULL;) {
		p += 3;
		buf_reset(&id);
		if (c_strings(&p, &id) == 0)
			texts_add(t, buf_str(&id), path);
	}
	/* N2_("singular", "plural"): both are texts. */
	for (p = buf_str(&src); (p = strstr(p, "N2_(")) != NULL;) {
		p += 4;
		buf_reset(&id);
		if (c_strings(&p, &id) != 0)
			continue;
		texts_add(t, buf_str(&id), path);
		p += strspn(p, " \t\n,");
		buf_reset(&id);
		if (c_strings(&p, &id) == 0)
			texts_add(t, buf_str(&id), path);
	}
	buf_free(&src);
	buf_free(&id);
}

/* The msgids of every C file in kiosk/. */
static void
kiosk_msgids(struct texts *t)
{
	DIR	      *d;
	struct dirent *e;
	char	       path[512];
	size_t	       len;

	if ((d = opendir("kiosk")) == NULL)
		fail_msg("kiosk/: cannot open (run from the top of the tree)");
	while ((e = readdir(d)) != NULL) {
		len = strlen(e->d_name);
		if (len < 3 || strcmp(e->d_name + len - 2, ".c") != 0)
			continue;
		snprintf(path, sizeof(path), "kiosk/%s", e->d_name);
		msgids_of_file(path, t);
	}
	closedir(d);
	assert_true(t->n > 100);
}

/* The Danish defaults of the configuration texts the kiosk shows. */
static void
config_texts(struct texts *t)
{
	static const char ini[] =
	    "[organisation]\nname = Testby Kommune\n"
	    "phone = +4544520000\n[sms]\nsender = +4512345678\n";
	char path[] = "/tmp/test-lix-XXXXXX", err[CONFIG_ERR_MAX];
	const struct config_text *keys[8];
	struct config		 *cfg;
	size_t			  i;
	FILE			 *f;
	int			  fd;

	if ((fd = mkstemp(path)) == -1 || (f = fdopen(fd, "w")) == NULL)
		fail_msg("mkstemp");
	fputs(ini, f);
	fclose(f);
	cfg = config_load(path, err, sizeof(err));
	unlink(path);
	if (cfg == NULL)
		fail_msg("config: %s", err);
	keys[0] = &cfg->org_crisis_text;
	keys[1] = &cfg->privacy_controller;
	keys[2] = &cfg->privacy_purpose;
	keys[3] = &cfg->privacy_legal_basis;
	keys[4] = &cfg->privacy_recipients;
	keys[5] = &cfg->privacy_rights;
	keys[6] = &cfg->privacy_complaint;
	keys[7] = &cfg->org_sms_urgent;
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (config_text(keys[i], "da") != NULL)
			texts_add(t, config_text(keys[i], "da"),
			    "configuration default");
	config_free(cfg);
}

/* --- tests ---------------------------------------------------------- */

/* The tokenizer on texts whose counts are known. */
static void
test_tokenizer(void **state)
{
	struct lix_count c;

	(void)state;
	memset(&c, 0, sizeof(c));
	lix_count("Skriv dit CPR-nummer. Det har 10 cifre.", &c);
	assert_int_equal(c.words, 7);	   /* CPR-nummer is one */
	assert_int_equal(c.long_words, 1); /* CPRnummer: 9 letters */
	assert_int_equal(c.sentences, 2);
	memset(&c, 0, sizeof(c));
	lix_count("Ring til {name} kl. 10.30 på 70 201 201", &c);
	assert_int_equal(c.words, 9); /* kl. ends nothing */
	assert_int_equal(c.long_words, 0);
	assert_int_equal(c.sentences, 1); /* no end: one */
	memset(&c, 0, sizeof(c));
	lix_count("Tryk på „Send en ny kode“. SMS'er og e‑mail: ja!", &c);
	assert_int_equal(c.words, 10);
	assert_int_equal(c.sentences, 3);
	memset(&c, 0, sizeof(c));
	lix_count("Afvænningsbehandling", &c);
	assert_int_equal(c.long_words, 1);
	assert_int_equal(c.words, 1);
	/* 9 words / 2 sentences + 100 * 1 long / 9 words = 15.61. */
	assert_true(
	    lix("Vi sender en kode. Koden virker i fem minutter.") > 15.6);
	assert_true(
	    lix("Vi sender en kode. Koden virker i fem minutter.") < 15.62);
}

/*
 * Score the texts: each long enough alone, the short ones pooled.
 * Returns how many failed (printed).
 */
static int
score(const struct texts *t, const char *what)
{
	struct lix_count pool = { 0, 0, 0 }, c;
	size_t		 i;
	int		 failed = 0, scored = 0;
	double		 v;

	for (i = 0; i < t->n; i++) {
		memset(&c, 0, sizeof(c));
		lix_count(t->text[i], &c);
		if (c.words < LIX_MIN_WORDS) {
			pool.words += c.words;
			pool.long_words += c.long_words;
			pool.sentences += c.sentences > 0 ? c.sentences : 1;
			continue;
		}
		scored++;
		if ((v = lix_of(&c)) > LIX_MAX) {
			printf("LIX %.1f > %.0f (%s): %s\n", v, LIX_MAX,
			    t->where[i], t->text[i]);
			failed++;
		}
	}
	v = lix_of(&pool);
	printf("%s: %d texts scored alone, %zu short ones together: LIX %.1f\n",
	    what, scored, t->n - (size_t)scored, v);
	if (v > LIX_MAX) {
		printf(
		    "LIX %.1f > %.0f: the short texts together\n", v, LIX_MAX);
		failed++;
	}
	return failed;
}

static void
test_kiosk_texts_are_plain(void **state)
{
	struct texts t;

	(void)state;
	memset(&t, 0, sizeof(t));
	kiosk_msgids(&t);
	config_texts(&t);
	assert_int_equal(score(&t, "kiosk"), 0);
	texts_free(&t);
}

/*
 * The msgid/msgstr pairs of a .po file (plain and continued strings).
 */
static void
po_read(const char *path, struct texts *ids, struct texts *strs)
{
	struct buf  cur = { 0 }, id = { 0 }, plural = { 0 };
	char	    line[2048];
	const char *p;
	size_t	    n;
	int	    in = 0; /* 1 msgid, 2 msgstr([0]), 3 msgid_plural,
				   4 msgstr[N>0] */
	FILE	   *f;

	if ((f = fopen(path, "r")) == NULL)
		fail_msg("%s: cannot open", path);
	for (;;) {
		char *l = fgets(line, sizeof(line), f);

		p = l;
		if (l != NULL && line[0] == '"' && in != 0) {
			c_strings(&p, &cur);
			continue;
		}
		if (in == 1) {
			buf_reset(&id);
			buf_reset(&plural);
			buf_puts(&id, buf_str(&cur));
		} else if (in == 3) {
			buf_puts(&plural, buf_str(&cur));
		} else if (in == 2 && id.len > 0) {
			n = ids->n;
			texts_add(ids, buf_str(&id), path);
			if (ids->n == n)
				fail_msg(
				    "%s: msgid twice: %s", path, buf_str(&id));
			strs->text[n] = strdup(buf_str(&cur));
			strs->n = ids->n;
			/* A plural entry: its msgid_plural is a text too. */
			if (plural.len > 0) {
				n = ids->n;
				texts_add(ids, buf_str(&plural), path);
				if (ids->n == n + 1)
					strs->text[n] = strdup(buf_str(&cur));
				strs->n = ids->n;
			}
		}
		in = 0;
		buf_reset(&cur);
		if (l == NULL)
			break;
		if (strncmp(line, "msgid ", 6) == 0) {
			p = line + 6;
			c_strings(&p, &cur);
			in = 1;
		} else if (strncmp(line, "msgstr ", 7) == 0 ||
		    strncmp(line, "msgstr[0] ", 10) == 0) {
			p = line + (line[6] == '[' ? 10 : 7);
			c_strings(&p, &cur);
			in = 2;
		} else if (strncmp(line, "msgid_plural ", 13) == 0) {
			p = line + 13;
			c_strings(&p, &cur);
			in = 3;
		} else if (strncmp(line, "msgstr[", 7) == 0) {
			p = strchr(line, ' ') != NULL ? strchr(line, ' ') + 1
						      : line + 7;
			c_strings(&p, &cur);
			in = 4;
		}
	}
	fclose(f);
	buf_free(&cur);
	buf_free(&id);
	buf_free(&plural);
}

static void
test_every_text_in_english(void **state)
{
	struct texts src, ids, strs;
	size_t	     i, j;
	int	     missing = 0, stale = 0;

	(void)state;
	memset(&src, 0, sizeof(src));
	memset(&ids, 0, sizeof(ids));
	memset(&strs, 0, sizeof(strs));
	kiosk_msgids(&src);
	po_read("po/en/kiosk.po", &ids, &strs);
	for (i = 0; i < src.n; i++) {
		for (j = 0; j < ids.n; j++)
			if (strcmp(src.text[i], ids.text[j]) == 0)
				break;
		if (j == ids.n || strs.text[j] == NULL ||
		    strs.text[j][0] == '\0') {
			printf(
			    "no English (%s): %s\n", src.where[i], src.text[i]);
			missing++;
		}
	}
	for (j = 0; j < ids.n; j++) {
		for (i = 0; i < src.n; i++)
			if (strcmp(src.text[i], ids.text[j]) == 0)
				break;
		if (i == src.n) {
			printf("stale in po/en/kiosk.po: %s\n", ids.text[j]);
			stale++;
		}
	}
	for (j = 0; j < strs.n; j++)
		free(strs.text[j]);
	texts_free(&ids);
	texts_free(&src);
	assert_int_equal(missing, 0);
	assert_int_equal(stale, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tokenizer),
		cmocka_unit_test(test_kiosk_texts_are_plain),
		cmocka_unit_test(test_every_text_in_english),
	};

	return cmocka_run_group_tests_name("test_lix", tests, NULL, NULL);
}
