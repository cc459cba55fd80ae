/*
 * i18n - translated texts.  Danish is the source language: the msgids in
 * the code are the Danish texts, and po/<lang>.po translates them
 * (text domain "mentorlink").  Mark texts for xgettext with N_() and
 * extract with --keyword=N_ --keyword=i18n_text:2
 * --keyword=i18n_ntext:2,3 --keyword=N2_:1,2.
 *
 * How it works, and why not gettext(): the language changes per call (a
 * server answers each request in its citizen's language), and the
 * machine may have no da_DK or en_US locale, only C.UTF-8.  glibc 2.36
 * does honour LANGUAGE under LC_MESSAGES=C.UTF-8, but switching it per
 * call means setenv() in a threaded server (not thread-safe) plus poking
 * gettext's private cache counter.  So this module reads the compiled
 * catalogues itself: at first use it loads
 * <dir>/<lang>/LC_MESSAGES/mentorlink.mo for every language in its table,
 * where <dir> is $MENTORLINK_LOCALEDIR if set, else the LOCALEDIR the
 * build defines; it checks every offset, requires UTF-8, and keeps a
 * sorted index.  After that everything is read-only, so i18n_text() is
 * thread-safe and never touches the locale or the environment.
 * i18n_init() also binds the text domain for gettext() with UTF-8 output,
 * so standard tools and any direct dgettext() call see the same files.
 */
#ifndef MENTOR_I18N_H
#define MENTOR_I18N_H

#define I18N_DOMAIN	 "mentorlink"
#define I18N_SOURCE_LANG "da"

/* Mark a string for translation without translating it here. */
#define N_(s) (s)
/* The same for a singular and plural pair (for i18n_ntext()). */
#define N2_(s, p) (s), (p)

/*
 * Load the catalogues now (otherwise the first i18n_text() does) and
 * bind the text domain.  A missing or broken catalogue is logged and its
 * language falls back to Danish.  Safe to call more than once and from
 * any thread.
 */
void	    i18n_init(void);

/*
 * Return msgid in lang: the msgid itself for "da", NULL or a language
 * without a catalogue; the translation for a language that has one, or
 * msgid if that catalogue lacks it.  The result is static or msgid
 * itself; never NULL unless msgid is.  Thread-safe.
 */
const char *i18n_text(const char *lang, const char *msgid);

/* At most this many plural forms in a catalogue (Arabic has 6). */
#define I18N_PLURALS_MAX 8

/*
 * ngettext() for lang: the form of msgid (singular) or msgid_plural for
 * the number n, chosen by the catalogue's Plural-Forms rule.  Danish (the
 * source) and a language without the text use the Danish rule: msgid for
 * 1, msgid_plural otherwise; a catalogue with msgid_plural as a plain
 * text (not yet translated as a plural) gives that text for every n.
 * Never NULL unless msgid or msgid_plural is.  Thread-safe.
 */
const char   *i18n_ntext(const char *lang, const char *msgid,
      const char *msgid_plural, unsigned long n);

/*
 * For a script that counts from max down to 0 without knowing the plural
 * rule: the distinct texts i18n_ntext() gives lang for n = 0..max go to
 * forms[] (static texts or the msgids themselves: not to be freed), and
 * form_of[n] (max + 1 bytes) gets the index in forms[] of n's text.
 * Returns the number of forms, or 0 if there would be more than
 * I18N_PLURALS_MAX (msgid is then no plural entry) or msgid is NULL.
 */
size_t	      i18n_nforms(const char *lang, const char *msgid,
	   const char *msgid_plural, unsigned long max,
	   const char *forms[I18N_PLURALS_MAX], unsigned char *form_of);

/*
 * The index of the plural form lang's catalogue uses for n (Danish and
 * no catalogue: 0 for 1, else 1), and the number of forms it has.
 */
unsigned long i18n_plural_index(const char *lang, unsigned long n);
unsigned long i18n_plural_count(const char *lang);

/*
 * The value of the X-Review header of lang's catalogue ("needed ..."),
 * up to the end of its line; NULL when there is none or no catalogue.
 */
const char   *i18n_review(const char *lang);

/* Return 1 if texts can be shown in lang ("da" or a loaded catalogue). */
int	      i18n_has_language(const char *lang);

#ifdef MENTOR_TEST_HOOKS
/*
 * Tests: drop the loaded catalogues and load them from localedir (NULL:
 * the usual place).  Not thread-safe.
 */
void i18n_reload(const char *localedir);
#endif

#endif
