/*
 * i18n.c - translated texts from compiled gettext catalogues (.mo),
 * read by us so that the language can change per call; see i18n.h.
 *
 * A .mo file starts with seven 32-bit words in the writer's byte order:
 * magic, revision, number of strings N, offset of the originals table,
 * offset of the translations table, hash table size and offset.  Each
 * table holds N (length, offset) pairs; each string is NUL-terminated
 * at offset + length.  Entry "" is the header.  We ignore the hash table
 * and sort an index of our own.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <libintl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "i18n.h"
#include "lang.h"
#include "log.h"
#include "plural.h"

#ifndef LOCALEDIR
#define LOCALEDIR "/usr/local/share/locale"
#endif

#define MO_MAGIC	 0x950412deU
#define MO_MAGIC_SWAPPED 0xde120495U
#define MO_HEADER_WORDS	 7
#define MO_SIZE_MAX	 (16 * 1024 * 1024)

struct message {
	const char *id;	  /* Danish source text (singular) */
	const char *text; /* its translation: the forms */
	size_t	    len;  /* of all forms, NULs between */
};

struct catalogue {
	const char     *lang;
	char	       *data; /* the whole .mo file */
	size_t		size;
	int		swapped;  /* written in the other byte order */
	struct message *messages; /* sorted by id */
	size_t		count;
	const char     *plural; /* Plural-Forms' expression, or NULL */
	unsigned long	nplurals;
	char		review[32]; /* X-Review's value, or "" */
};

/*
 * One catalogue per language of lang.c's table but Danish (the source):
 * catalogues[i] belongs to lang_at(i).
 */
static struct catalogue catalogues[LANG_MAX];
#define CATALOGUES_MAX LANG_MAX

static pthread_once_t load_once = PTHREAD_ONCE_INIT;

/*
 * Return the directory holding <lang>/LC_MESSAGES/mentorlink.mo.
 */
static const char *
locale_dir(void)
{
	const char *dir = getenv("MENTORLINK_LOCALEDIR");

	return dir != NULL && dir[0] != '\0' ? dir : LOCALEDIR;
}

/*
 * Read the regular file at path (at most MO_SIZE_MAX bytes) into a new
 * allocation at *data, which the caller frees.  Returns 0, or -1 with
 * errno set (EFBIG if too large, EINVAL if not a regular file).
 */
static int
read_whole_file(const char *path, char **data, size_t *size)
{
	struct stat st;
	ssize_t	    n = 0;
	size_t	    got = 0;
	char	   *p = NULL;
	int	    fd, saved;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	if (fstat(fd, &st) == -1)
		goto fail;
	errno = !S_ISREG(st.st_mode)   ? EINVAL
	    : st.st_size > MO_SIZE_MAX ? EFBIG
				       : 0;
	if (errno != 0 || (p = malloc((size_t)st.st_size + 1)) == NULL)
		goto fail;
	while (got < (size_t)st.st_size &&
	    (n = read(fd, p + got, (size_t)st.st_size - got)) > 0)
		got += (size_t)n;
	if (n < 0)
		goto fail;
	close(fd);
	*data = p;
	*size = got;
	return 0;
fail:
	saved = errno;
	free(p);
	close(fd);
	errno = saved;
	return -1;
}

/*
 * Return the 32-bit word at byte offset off of cat's file (which the
 * caller has checked is inside it), in the file's byte order.
 */
static uint32_t
mo_word(const struct catalogue *cat, size_t off)
{
	const unsigned char *p = (const unsigned char *)cat->data + off;

	if (cat->swapped)
		return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
		    (uint32_t)p[2] << 8 | p[3];
	return (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[1] << 8 | p[0];
}

/*
 * Find string i of the descriptor table at byte offset table.  Returns
 * it, or NULL if the descriptor or the string lies outside the file or
 * the string is not NUL-terminated.
 */
static const char *
mo_string(const struct catalogue *cat, uint32_t table, uint32_t i, size_t *lenp)
{
	uint64_t desc = (uint64_t)table + (uint64_t)i * 8;
	uint32_t len, off;

	if (desc + 8 > cat->size)
		return NULL;
	len = mo_word(cat, (size_t)desc);
	off = mo_word(cat, (size_t)desc + 4);
	if ((uint64_t)off + len >= cat->size || cat->data[off + len] != '\0')
		return NULL;
	*lenp = len;
	return cat->data + off;
}

/*
 * Return 0 if the catalogue header (the translation of "") declares
 * UTF-8, else -1.
 */
static int
mo_check_header(const char *header)
{
	const char *p = strcasestr(header, "charset=");

	if (p == NULL)
		return -1;
	p += strlen("charset=");
	return strncasecmp(p, "UTF-8", 5) == 0 &&
		(p[5] == '\n' || p[5] == '\0' || p[5] == ';' || p[5] == ' ')
	    ? 0
	    : -1;
}

/*
 * Return the value of field name ("X-Review:") in a catalogue header,
 * pointing into it and ending at a newline, or NULL when absent.
 */
static const char *
header_field(const char *header, const char *name)
{
	const char *p = header;
	size_t	    n = strlen(name);

	while (p != NULL && *p != '\0') {
		if (strncasecmp(p, name, n) == 0) {
			p += n;
			return p + strspn(p, " \t");
		}
		if ((p = strchr(p, '\n')) != NULL)
			p++;
	}
	return NULL;
}

/*
 * Read "Plural-Forms: nplurals=N; plural=EXPR;" from header into cat.
 * No such field: nplurals 2, the Germanic rule (gettext's default).
 * Returns 0, or -1 when the field is there but broken.
 */
static int
mo_plural_header(struct catalogue *cat, const char *header)
{
	const char   *p = header_field(header, "Plural-Forms:"), *e;
	char	     *end;
	unsigned long n, i;

	cat->plural = NULL;
	cat->nplurals = 2;
	if (p == NULL)
		return 0;
	if ((p = strstr(p, "nplurals=")) == NULL)
		return -1;
	n = strtoul(p + 9, &end, 10);
	if (end == p + 9 || n < 1 || n > I18N_PLURALS_MAX ||
	    (e = strstr(end, "plural=")) == NULL)
		return -1;
	cat->nplurals = n;
	cat->plural = e + 7;
	for (i = 0; i < 100; i++) /* the expression must work */
		if (plural_eval(cat->plural, i) >= n)
			return -1;
	return 0;
}

/*
 * Order messages by id, for qsort() and bsearch().
 */
static int
message_compare(const void *a, const void *b)
{
	return strcmp(
	    ((const struct message *)a)->id, ((const struct message *)b)->id);
}

/*
 * Check the file in cat->data and build cat->messages from it.  Returns
 * NULL on success, or a static description of what is wrong.
 */
static const char *
mo_index(struct catalogue *cat)
{
	uint32_t    n, originals, translations, i;
	const char *id, *text, *header = NULL, *review;
	size_t	    idlen, len;

	if (cat->size < MO_HEADER_WORDS * 4)
		return "too short";
	cat->swapped = 0; /* read the magic as little-endian first */
	cat->swapped = mo_word(cat, 0) == MO_MAGIC_SWAPPED;
	if (mo_word(cat, 0) != MO_MAGIC)
		return "not a .mo file";
	if (mo_word(cat, 4) >> 16 > 1)
		return "unknown format revision";
	n = mo_word(cat, 8);
	originals = mo_word(cat, 12);
	translations = mo_word(cat, 16);
	if ((uint64_t)n * 16 > cat->size)
		return "string count past the end";
	if ((cat->messages = calloc(n ? n : 1, sizeof(*cat->messages))) == NULL)
		fatal("i18n: calloc");
	for (i = 0; i < n; i++) {
		if ((id = mo_string(cat, originals, i, &idlen)) == NULL ||
		    (text = mo_string(cat, translations, i, &len)) == NULL)
			return "string outside the file";
		if (id[0] == '\0')
			header = text;
		else if (text[0] != '\0')
			cat->messages[cat->count++] =
			    (struct message){ id, text, len };
	}
	if (header == NULL || mo_check_header(header) == -1)
		return "no header declaring charset=UTF-8";
	if (mo_plural_header(cat, header) == -1)
		return "bad Plural-Forms header";
	if ((review = header_field(header, "X-Review:")) != NULL)
		snprintf(cat->review, sizeof(cat->review), "%.*s",
		    (int)strcspn(review, "\n"), review);
	qsort(
	    cat->messages, cat->count, sizeof(*cat->messages), message_compare);
	return NULL;
}

/*
 * Forget cat's file and index.
 */
static void
catalogue_free(struct catalogue *cat)
{
	free(cat->data);
	free(cat->messages);
	cat->data = NULL;
	cat->messages = NULL;
	cat->size = cat->count = 0;
	cat->swapped = 0;
	cat->plural = NULL;
	cat->review[0] = '\0';
	cat->nplurals = 2;
}

/*
 * Load cat from dir.  On failure log why and leave cat empty, so its
 * language falls back to the source texts.
 */
static void
catalogue_load(struct catalogue *cat, const char *dir)
{
	char	    path[4096];
	const char *why;

	if ((size_t)snprintf(path, sizeof(path), "%s/%s/LC_MESSAGES/%s.mo", dir,
		cat->lang, I18N_DOMAIN) >= sizeof(path)) {
		log_warnx("i18n: locale directory name too long");
		return;
	}
	if (read_whole_file(path, &cat->data, &cat->size) == -1) {
		log_warn(
		    "i18n: %s: texts in %s will be Danish", path, cat->lang);
		return;
	}
	if ((why = mo_index(cat)) != NULL) {
		log_warnx("i18n: %s: %s; texts in %s will be Danish", path, why,
		    cat->lang);
		catalogue_free(cat);
		return;
	}
	log_debug("i18n: lang=%s messages=%zu", cat->lang, cat->count);
}

/*
 * Bind the text domain and load every catalogue from dir.
 */
static void
load_all(const char *dir)
{
	size_t i;

	if (bindtextdomain(I18N_DOMAIN, dir) == NULL ||
	    bind_textdomain_codeset(I18N_DOMAIN, "UTF-8") == NULL)
		log_warn("i18n: bindtextdomain");
	for (i = 0; i < CATALOGUES_MAX; i++) {
		catalogues[i].lang =
		    lang_at(i) != NULL ? lang_at(i)->code : NULL;
		if (catalogues[i].lang != NULL && i != LANG_DA)
			catalogue_load(&catalogues[i], dir);
	}
}

/*
 * pthread_once() routine: load from the usual directory.
 */
static void
load_default(void)
{
	load_all(locale_dir());
}

void
i18n_init(void)
{
	pthread_once(&load_once, load_default);
}

/*
 * Return the loaded catalogue for lang, or NULL.
 */
static const struct catalogue *
catalogue_for(const char *lang)
{
	size_t i;

	if (lang == NULL)
		return NULL;
	i18n_init();
	for (i = 0; i < CATALOGUES_MAX; i++)
		if (catalogues[i].lang != NULL &&
		    strcmp(catalogues[i].lang, lang) == 0)
			return catalogues[i].data != NULL ? &catalogues[i]
							  : NULL;
	return NULL;
}

/*
 * Return the message msgid of cat, or NULL.
 */
static const struct message *
message_find(const struct catalogue *cat, const char *msgid)
{
	const struct message key = { msgid, NULL, 0 };

	return bsearch(&key, cat->messages, cat->count, sizeof(*cat->messages),
	    message_compare);
}

const char *
i18n_text(const char *lang, const char *msgid)
{
	const struct catalogue *cat;
	const struct message   *found;

	if (msgid == NULL || msgid[0] == '\0' ||
	    (cat = catalogue_for(lang)) == NULL)
		return msgid;
	found = message_find(cat, msgid);
	return found != NULL ? found->text : msgid;
}

unsigned long
i18n_plural_index(const char *lang, unsigned long n)
{
	const struct catalogue *cat = catalogue_for(lang);

	if (cat == NULL || cat->plural == NULL)
		return n != 1; /* Danish, and gettext's default */
	return plural_eval(cat->plural, n);
}

unsigned long
i18n_plural_count(const char *lang)
{
	const struct catalogue *cat = catalogue_for(lang);

	return cat != NULL ? cat->nplurals : 2;
}

const char *
i18n_ntext(const char *lang, const char *msgid, const char *msgid_plural,
    unsigned long n)
{
	const struct catalogue *cat = catalogue_for(lang);
	const struct message   *m;
	const char	       *form;
	unsigned long		k;

	if (msgid == NULL || msgid_plural == NULL)
		return msgid;
	if (cat == NULL)
		return n != 1 ? msgid_plural : msgid;
	k = cat->plural != NULL ? plural_eval(cat->plural, n) : n != 1;
	m = message_find(cat, msgid);
	if (m != NULL && strlen(m->text) < m->len) { /* a plural entry */
		for (form = m->text; k > 0; k--) {
			form += strlen(form) + 1;
			if (form >= m->text + m->len)
				return m->text; /* fewer forms than rule */
		}
		return form;
	}
	/*
	 * A catalogue not yet updated has the two as plain texts: the
	 * singular for the first form, else the plural.
	 */
	if (k != 0 && (m = message_find(cat, msgid_plural)) != NULL)
		return m->text;
	if ((m = message_find(cat, k == 0 ? msgid : msgid_plural)) != NULL ||
	    (m = message_find(cat, k == 0 ? msgid_plural : msgid)) != NULL)
		return m->text;
	return n != 1 ? msgid_plural : msgid;
}

size_t
i18n_nforms(const char *lang, const char *msgid, const char *msgid_plural,
    unsigned long max, const char *forms[I18N_PLURALS_MAX],
    unsigned char *form_of)
{
	const char   *text;
	size_t	      nforms = 0, j;
	unsigned long n;

	if (msgid == NULL || msgid_plural == NULL)
		return 0;
	for (n = 0; n <= max; n++) {
		text = i18n_ntext(lang, msgid, msgid_plural, n);
		for (j = 0; j < nforms && strcmp(forms[j], text) != 0; j++)
			continue;
		if (j == nforms) {
			if (nforms == I18N_PLURALS_MAX)
				return 0; /* not a catalogue's plural */
			forms[nforms++] = text;
		}
		form_of[n] = (unsigned char)j;
	}
	return nforms;
}

const char *
i18n_review(const char *lang)
{
	const struct catalogue *cat = catalogue_for(lang);

	return cat != NULL && cat->review[0] != '\0' ? cat->review : NULL;
}

int
i18n_has_language(const char *lang)
{
	if (lang != NULL && strcmp(lang, I18N_SOURCE_LANG) == 0)
		return 1;
	return catalogue_for(lang) != NULL;
}

#ifdef MENTOR_TEST_HOOKS
void
i18n_reload(const char *localedir)
{
	size_t i;

	i18n_init();
	for (i = 0; i < CATALOGUES_MAX; i++)
		catalogue_free(&catalogues[i]);
	load_all(localedir != NULL ? localedir : locale_dir());
}
#endif
