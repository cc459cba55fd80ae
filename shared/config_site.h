/*
 * config_site - the [site.NAME] sections of the configuration: the
 * places (lobbies) one kiosk server serves, each with its own screen at
 * /s/NAME/.  Read by config_load() through config_site_key(); a file
 * without any [site.NAME] section has no sites and the kiosk works as
 * it always has, with [organisation] desk.
 *
 *	[site.nord]
 *	desk = skranken i stueetagen	; Danish; desk.en, desk.LANG: others
 *	address = Nørregade 5, 2730 Herlev
 *	hours = Mandag-fredag 9-15	; hours.en, hours.LANG: others
 *
 * NAME is 1 to CONFIG_SITE_NAME_MAX of a-z, 0-9 and '-', starting with
 * a letter or digit: it is part of the screen's address.  Every key may
 * be left out.  Texts follow config_text(): a reader of another language
 * than Danish gets their own text, else the English one, never the
 * Danish one; a site's desk then falls back to [organisation] desk, and
 * opening hours without a text for the reader are left out.
 */
#ifndef MENTOR_CONFIG_SITE_H
#define MENTOR_CONFIG_SITE_H

#include <stddef.h>

#include "config.h"

#define CONFIG_SITE_NAME_MAX 32 /* bytes of NAME, without the NUL */
#define CONFIG_SITES_MAX     64 /* sections [site.NAME] in one file */
#define CONFIG_SITE_SECTION_MAX \
	(CONFIG_SITE_NAME_MAX + 8) /* "site.NAME" and a NUL, or more */

struct config_site {
	char		   name[CONFIG_SITE_NAME_MAX + 1];
	struct config_text desk;    /* where to ask; none: [organisation] */
	char		  *address; /* as written, or NULL */
	struct config_text hours;   /* opening hours, or none */
};

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

/* Whether name is a good site NAME: 1 or 0. */
int config_site_name_ok(const char *name, size_t len);

/* The site called name (len bytes, need not end in NUL), or NULL. */
const struct config_site *config_site_find(
    const struct config *, const char *name, size_t len);

/*
 * Where to ask at site (NULL: no site) in lang: the site's desk text by
 * the rule of config_text(), else [organisation] desk.  Never NULL.
 */
const char *config_site_desk(
    const struct config *, const struct config_site *, const char *lang);

/* Free the sites of cfg (config_free() calls it). */
void config_site_free(struct config *);

/* Print the sites' keys as config_dump() prints the others. */
void config_site_dump(const struct config *);

#endif
