/*
 * config_site - the [site.NAME] sections of the configuration: the
 * places (lobbies) one kiosk server serves, each with its own screen at
 * /s/NAME/.  Read by config_load() through config_site_key() (in
 * config_int.h, for config.c only); a file without any [site.NAME]
 * section has no sites and the kiosk works as it always has, with
 * [organisation] desk.
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

struct config_site {
	char		   name[CONFIG_SITE_NAME_MAX + 1];
	struct config_text desk;    /* where to ask; none: [organisation] */
	char		  *address; /* as written, or NULL */
	struct config_text hours;   /* opening hours, or none */
};

/* Whether name is a good site NAME: 1 or 0. */
int			  config_site_name_ok(const char *name, size_t len);

/* The site called name (len bytes, need not end in NUL), or NULL. */
const struct config_site *config_site_find(
    const struct config *, const char *name, size_t len);

/*
 * Where to ask at site (NULL: no site) in lang: the site's desk text by
 * the rule of config_text(), else [organisation] desk.  Never NULL.
 */
const char *config_site_desk(
    const struct config *, const struct config_site *, const char *lang);

#endif
