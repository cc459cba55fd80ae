/*
 * config_int.h - what config.c calls in the files that hold a part of the
 * configuration for it: the [site.NAME] sections (config_site.c, whose
 * public side is config_site.h), the files around the configuration
 * (config_files.c) and the rules across keys (config_check.c).  The arrows point one way: those files never call
 * config.c.
 */
#ifndef MENTOR_CONFIG_INT_H
#define MENTOR_CONFIG_INT_H

#include "config.h"

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
int  config_site_key(char last[CONFIG_SITE_SECTION_MAX], struct config *,
     const char *section, const char *name, const char *value, const char **why);

/* Free the sites of cfg (config_free() calls it). */
void config_site_free(struct config *);

/* Print the sites' keys as config_dump() prints the others. */
void config_site_dump(const struct config *);

/*
 * 0 when no line of file is too long for inih (or file cannot be
 * opened: ini_parse() says so), else -1 with the line in err.
 */
int  config_check_lines(const char *file, char *err, size_t errlen);

/*
 * The rules that need more than one key, once the file is read (not
 * [contact]'s, which need to know what the file gave): 0, or -1 with
 * the reason in err.
 */
int  config_cross_check(const struct config *, char *err, size_t errlen);

#endif
