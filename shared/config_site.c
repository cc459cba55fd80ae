/*
 * config_site.c - the [site.NAME] sections; see config_site.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config_int.h"
#include "config_site.h"
#include "lang.h"
#include "log.h"

enum site_key_type {
	SK_TEXT, /* struct config_text: key = Danish, key.LANG = others */
	SK_STR	 /* a non-empty string */
};

static const struct {
	const char	  *name;
	enum site_key_type type;
	size_t		   offset;
} site_keys[] = {
	{ "desk", SK_TEXT, offsetof(struct config_site, desk) },
	{ "address", SK_STR, offsetof(struct config_site, address) },
	{ "hours", SK_TEXT, offsetof(struct config_site, hours) },
};

#define NSITE_KEYS (sizeof(site_keys) / sizeof(site_keys[0]))

_Static_assert(CONFIG_SITE_SECTION_MAX > sizeof("site.") + CONFIG_SITE_NAME_MAX,
    "a good section name fits");

int
config_site_name_ok(const char *name, size_t len)
{
	size_t i;

	if (len == 0 || len > CONFIG_SITE_NAME_MAX || name[0] == '-')
		return 0;
	for (i = 0; i < len; i++)
		if (!((name[i] >= 'a' && name[i] <= 'z') ||
			(name[i] >= '0' && name[i] <= '9') || name[i] == '-'))
			return 0;
	return 1;
}

const struct config_site *
config_site_find(const struct config *cfg, const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < cfg->nsites; i++)
		if (strlen(cfg->sites[i].name) == len &&
		    memcmp(cfg->sites[i].name, name, len) == 0)
			return &cfg->sites[i];
	return NULL;
}

/*
 * The site called name, made when new (the first key of its section).
 * Returns it, or NULL with *why set.
 */
static struct config_site *
site_open(
    struct config *cfg, const char *name, int new_section, const char **why)
{
	struct config_site *s;

	if ((s = (struct config_site *)config_site_find(
		 cfg, name, strlen(name))) != NULL) {
		if (new_section)
			*why = "section given twice (each [site.NAME] once)";
		return new_section ? NULL : s;
	}
	if (cfg->nsites == CONFIG_SITES_MAX) {
		*why = "too many sites (at most 64)";
		return NULL;
	}
	if ((s = reallocarray(cfg->sites, cfg->nsites + 1, sizeof(*s))) == NULL)
		fatal("%s", __func__);
	cfg->sites = s;
	s = &cfg->sites[cfg->nsites++];
	memset(s, 0, sizeof(*s));
	memcpy(s->name, name, strlen(name) + 1);
	return s;
}

/*
 * Store value for key (with .LANG after a dot for a text) in site s.
 * Returns NULL or the reason.
 */
static const char *
site_set(struct config_site *s, const char *key, const char *value)
{
	const char *dot = strchr(key, '.');
	size_t	    n = dot != NULL ? (size_t)(dot - key) : strlen(key), i;
	int	    lang = LANG_DA;
	char	  **field;

	for (i = 0; i < NSITE_KEYS; i++)
		if (strlen(site_keys[i].name) == n &&
		    strncmp(site_keys[i].name, key, n) == 0)
			break;
	if (i == NSITE_KEYS || (dot != NULL && site_keys[i].type != SK_TEXT))
		return "unknown key (a site has desk, address and hours)";
	if (dot != NULL && (lang = lang_index(dot + 1)) == -1)
		return "unknown language after the dot (see lang.c)";
	if (value[0] == '\0')
		return "empty; leave the key out instead";
	if (site_keys[i].type == SK_TEXT)
		field =
		    &((struct config_text *)((char *)s + site_keys[i].offset))
			 ->text[lang];
	else
		field = (char **)((char *)s + site_keys[i].offset);
	if (*field != NULL)
		return "given twice";
	if ((*field = strdup(value)) == NULL)
		fatal("strdup");
	return NULL;
}

int
config_site_key(char last[CONFIG_SITE_SECTION_MAX], struct config *cfg,
    const char *section, const char *name, const char *value, const char **why)
{
	struct config_site *s;
	int new_section = strncmp(last, section, CONFIG_SITE_SECTION_MAX) != 0;
	const char *site;

	snprintf(last, CONFIG_SITE_SECTION_MAX, "%s", section);
	if (strncmp(section, "site.", 5) != 0)
		return 0;
	site = section + 5;
	if (!config_site_name_ok(site, strlen(site))) {
		*why = "a site name is 1 to 32 of a-z, 0-9 and '-', "
		       "not starting with '-' (it is part of the address "
		       "/s/NAME/)";
		return -1;
	}
	if ((s = site_open(cfg, site, new_section, why)) == NULL)
		return -1;
	if ((*why = site_set(s, name, value)) != NULL)
		return -1;
	return 1;
}

const char *
config_site_desk(
    const struct config *cfg, const struct config_site *site, const char *lang)
{
	const char *text;

	if (site != NULL && (text = config_text(&site->desk, lang)) != NULL)
		return text;
	return config_text(&cfg->org_desk, lang);
}

/* Free the texts of t. */
static void
text_free(struct config_text *t)
{
	size_t i;

	for (i = 0; i < LANG_MAX; i++)
		free(t->text[i]);
}

void
config_site_free(struct config *cfg)
{
	size_t i;

	for (i = 0; i < cfg->nsites; i++) {
		text_free(&cfg->sites[i].desk);
		text_free(&cfg->sites[i].hours);
		free(cfg->sites[i].address);
	}
	free(cfg->sites);
	cfg->sites = NULL;
	cfg->nsites = 0;
}

/* Print text t of key in section [site.name], one line per language. */
static void
dump_text(const char *site, const char *key, const struct config_text *t)
{
	const struct lang *l;
	size_t		   i;

	for (i = 0; (l = lang_at(i)) != NULL; i++)
		if (t->text[i] != NULL)
			printf("[site.%s] %s%s%s = %s\n", site, key,
			    i == LANG_DA ? "" : ".",
			    i == LANG_DA ? "" : l->code, t->text[i]);
}

void
config_site_dump(const struct config *cfg)
{
	const struct config_site *s;
	size_t			  i;

	for (i = 0; i < cfg->nsites; i++) {
		s = &cfg->sites[i];
		dump_text(s->name, "desk", &s->desk);
		printf("[site.%s] address = %s\n", s->name,
		    s->address != NULL ? s->address : "(not set)");
		dump_text(s->name, "hours", &s->hours);
	}
}
