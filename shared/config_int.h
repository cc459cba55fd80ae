/*
 * config_int.h - what config.c calls in the files that hold a part of the
 * configuration for it: the [site.NAME] sections (config_site.c, whose
 * public side is config_site.h), the generic walking, storing, freeing
 * and printing of keys by their type (config_table.c), the files around
 * the configuration (config_files.c), the rules across keys
 * (config_check.c) and the [oidc.NAME] sections (config_oidc.c).  The arrows point one way: those files never call
 * config.c.
 */
#ifndef MENTOR_CONFIG_INT_H
#define MENTOR_CONFIG_INT_H

#include "config.h"
#include "config_key.h"

/* Room for a section's name as config_site_key() keeps it. */
#define CONFIG_SITE_SECTION_MAX 48

/*
 * inih handler part for one key of section: 0 when section is no
 * [site.NAME] (nothing done), 1 when the key is stored, -1 with the
 * reason in *why (a bad or repeated name, an unknown key, a key given
 * twice, too many sites).  Call it for every key of the file, in order,
 * with the same last (starting as ""): it keeps the section of the key
 * before, to find a [site.NAME] given twice.
 */
int config_site_key(char last[CONFIG_SITE_SECTION_MAX], struct config *,
    const char *section, const char *name, const char *value, const char **why);

/* The number of keys of an [oidc.NAME] section (config_oidc.c). */
#define CONFIG_OIDC_NKEYS 13

/*
 * inih handler part for a key of [oidc.NAME] (section starts "oidc."):
 * seen holds, per use and key, 2 once the file gave it.  Returns NULL or
 * the reason.
 */
const char *config_oidc_key(struct config *,
    unsigned char seen[CONFIG_OIDC__MAX][CONFIG_OIDC_NKEYS],
    const char *section, const char *name, const char *value);

/*
 * The checks of a present [oidc.NAME] section o that its keys' types do
 * not make, with seen as config_oidc_key() left it: 0 or -1 with err set.
 */
int config_oidc_check(const struct config_oidc *o, const unsigned char *seen,
    char *err, size_t errlen);

/* The name of the i-th key of an [oidc.NAME] section, or NULL past the last. */
const char		*config_oidc_key_name(size_t i);

/* Free the values of the [oidc.NAME] sections of cfg. */
void			 config_oidc_free(struct config *);

/* Print the keys of the present [oidc.NAME] sections as config_dump() does. */
void			 config_dump_oidc(const struct config *);

/* Free the sites of cfg (config_free() calls it). */
void			 config_site_free(struct config *);

/* Print the sites' keys as config_dump() prints the others. */
void			 config_site_dump(const struct config *);

/*
 * The k-th key of the registered tables (the SMS providers', counted
 * across them all in the order of sms_provider_list.h), with where its
 * value is in cfg into *base (NULL when cfg is); NULL past the last.
 */
const struct config_key *config_table_key_at(
    const struct config *, size_t k, char **base);

/* Make room for the values of every registered table in cfg. */
void	    config_tables_alloc(struct config *);

/*
 * Check value against key k and store it at base (cfg, or one of its
 * sections) + k's offset.  Returns NULL on success or a short reason.
 */
const char *config_set(
    struct config *, char *base, const struct config_key *k, const char *value);

/* Set the language-lang text of KT_TEXT key k at base to a copy of value. */
void config_set_text(
    char *base, const struct config_key *k, int lang, const char *value);

/* Set *field to value, a malloc'd string (freeing the old one). */
void	    config_set_str(char **field, char *value);

/*
 * Parse a comma-separated list of words into w (replacing it).  Returns
 * NULL or the reason.
 */
const char *config_parse_words(struct config_words *w, const char *value);

/* Free the values of the n keys in table, stored at base. */
void config_free_fields(char *base, const struct config_key *table, size_t n);

/* Print key k, whose value is at base, as "[section] key = value". */
void config_dump_key(
    const struct config *, const char *base, const struct config_key *k);

/*
 * 0 when no line of file is too long for inih (or file cannot be
 * opened: ini_parse() says so), else -1 with the line in err.
 */
int config_check_lines(const char *file, char *err, size_t errlen);

/*
 * The rules that need more than one key, once the file is read (not
 * [contact]'s, which need to know what the file gave): 0, or -1 with
 * the reason in err.
 */
int config_cross_check(const struct config *, char *err, size_t errlen);

#endif
