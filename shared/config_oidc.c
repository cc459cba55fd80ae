/*
 * config_oidc.c - the [oidc.staff] and [oidc.citizen] sections: their
 * keys, reading them (a section's defaults are set at its first key),
 * the checks their types do not make, freeing and printing them; see
 * config.h (config_oidc()) and config_int.h.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "config.h"
#include "config_int.h"
#include "config_key.h"
#include "oidcurl.h"

/*
 * The keys of every [oidc.NAME] section; offsets into struct config_oidc.
 * Keys only one use needs (the citizen's cpr_claim, loa_claim and
 * require_loa, when the kiosk's MitID sign-in is built) go here too;
 * config_oidc_check() is the place to refuse them in the other section.
 */
#define OOFF(f) offsetof(struct config_oidc, f)

static const struct config_key oidc_keys[] = {
	{ "oidc", "issuer", KT_STR, OOFF(issuer), 0, 0, 0, NULL, NULL, 1 },
	{ "oidc", "client_id", KT_STR, OOFF(client_id), 0, 0, 0, NULL, NULL,
	    1 },
	{ "oidc", "client_secret_file", KT_PATH, OOFF(client_secret_file), 0, 0,
	    0, NULL, NULL, 0 },
	{ "oidc", "token_endpoint_auth_method", KT_CHOICE, OOFF(token_auth), 0,
	    0, 0, "client_secret_basic client_secret_post",
	    "client_secret_basic", 0 },
	{ "oidc", "scopes", KT_STR, OOFF(scopes), 0, 0, 0, NULL,
	    "openid profile", 0 },
	{ "oidc", "user_claim", KT_STR, OOFF(user_claim), 0, 0, 0, NULL,
	    "preferred_username", 0 },
	{ "oidc", "redirect_uri", KT_STR, OOFF(redirect_uri), 0, 0, 0, NULL,
	    NULL, 0 },
	{ "oidc", "post_logout_redirect_uri", KT_STR,
	    OOFF(post_logout_redirect_uri), 0, 0, 0, NULL, NULL, 0 },
	{ "oidc", "ca_file", KT_PATH, OOFF(ca_file), 0, 0, 0, NULL, NULL, 0 },
	{ "oidc", "clock_skew_seconds", KT_INT, OOFF(clock_skew), 0, 0, 600,
	    NULL, "60", 0 },
	{ "oidc", "cpr_claim", KT_STR, OOFF(cpr_claim), 0, 0, 0, NULL, "dk.cpr",
	    0 },
	{ "oidc", "loa_claim", KT_STR, OOFF(loa_claim), 0, 0, 0, NULL, "loa",
	    0 },
	{ "oidc", "require_loa", KT_CHOICE, OOFF(require_loa), 0, 0, 0,
	    "low substantial high", "substantial", 0 },
};

/* The keys of [oidc.citizen] that [oidc.staff] may not have. */
static const char *const oidc_citizen_only[] = { "cpr_claim", "loa_claim",
	"require_loa" };

#define NOIDC_CITIZEN_ONLY \
	(sizeof(oidc_citizen_only) / sizeof(oidc_citizen_only[0]))

#define NOIDC_KEYS (sizeof(oidc_keys) / sizeof(oidc_keys[0]))

_Static_assert(NOIDC_KEYS == CONFIG_OIDC_NKEYS, "config_int.h counts the keys");

/* The NAME of [oidc.NAME] for each use. */
static const char *const oidc_names[CONFIG_OIDC__MAX] = {
	[CONFIG_OIDC_STAFF] = "staff",
	[CONFIG_OIDC_CITIZEN] = "citizen",
};

/* The [oidc.NAME] key called name, or NULL. */
static const struct config_key *
oidc_key(const char *name)
{
	size_t i;

	for (i = 0; i < NOIDC_KEYS; i++)
		if (!strcmp(oidc_keys[i].name, name))
			return &oidc_keys[i];
	return NULL;
}

/*
 * The first key of a section [oidc.NAME]: mark it present and give it
 * its defaults.  Returns NULL or the reason.
 */
static const char *
config_oidc_open(struct config *cfg, enum config_oidc_use u)
{
	struct config_oidc *o = &cfg->oidc[u];
	struct buf	    b = { 0 };
	size_t		    i;
	const char	   *why;

	o->present = 1;
	o->name = oidc_names[u];
	for (i = 0; i < NOIDC_KEYS; i++)
		if (oidc_keys[i].dflt != NULL &&
		    (why = config_set(cfg, (char *)o, &oidc_keys[i],
			 oidc_keys[i].dflt)) != NULL)
			return why;
	buf_printf(&b, "oidc-%s.secret", o->name);
	why = config_set(
	    cfg, (char *)o, oidc_key("client_secret_file"), buf_str(&b));
	buf_free(&b);
	return why;
}

/*
 * inih handler for a key of [oidc.NAME].  Returns NULL or the reason.
 */
const char *
config_oidc_key(struct config *cfg,
    unsigned char	       seen[CONFIG_OIDC__MAX][CONFIG_OIDC_NKEYS],
    const char *section, const char *name, const char *value)
{
	const struct config_key *k;
	const char		*why;
	size_t			 u, i;

	for (u = 0; u < CONFIG_OIDC__MAX; u++)
		if (!strcmp(section + 5, oidc_names[u]))
			break;
	if (u == CONFIG_OIDC__MAX)
		return "unknown section (expected [oidc.staff] or [oidc.citizen])";
	if ((k = oidc_key(name)) == NULL)
		return "unknown key";
	i = (size_t)(k - oidc_keys);
	if (seen[u][i] == 2)
		return "given twice";
	if (!cfg->oidc[u].present && (why = config_oidc_open(cfg, u)) != NULL)
		return why;
	if ((why = config_set(cfg, (char *)&cfg->oidc[u], k, value)) != NULL)
		return why;
	seen[u][i] = 2;
	return NULL;
}

/*
 * The checks of a present [oidc.NAME] section that its keys' types do not
 * make: required keys, URLs.  Returns 0 or -1 with err set.
 */
int
config_oidc_check(const struct config_oidc *o, const unsigned char *seen,
    char *err, size_t errlen)
{
	const char *why = NULL, *key = NULL;
	size_t	    i;

	for (i = 0; i < NOIDC_KEYS && why == NULL; i++)
		if ((oidc_keys[i].flags & KEY_REQUIRED) && seen[i] != 2) {
			key = oidc_keys[i].name;
			why = "required key missing";
		}
	for (i = 0; i < NOIDC_CITIZEN_ONLY && why == NULL; i++)
		if (strcmp(o->name, "citizen") != 0 &&
		    seen[oidc_key(oidc_citizen_only[i]) - oidc_keys] == 2) {
			key = oidc_citizen_only[i];
			why = "only [oidc.citizen] has this key";
		}
	if (why == NULL && !oidc_url_secure(o->issuer)) {
		key = "issuer";
		why =
		    "expected https://... (http:// only on 127.0.0.1 or [::1])";
	} else if (why == NULL && o->redirect_uri != NULL &&
	    !oidc_url_web(o->redirect_uri)) {
		key = "redirect_uri";
		why = "expected a URL starting with http:// or https://";
	} else if (why == NULL && o->post_logout_redirect_uri != NULL &&
	    !oidc_url_web(o->post_logout_redirect_uri)) {
		key = "post_logout_redirect_uri";
		why = "expected a URL starting with http:// or https://";
	}
	if (why == NULL)
		return 0;
	snprintf(err, errlen, "[oidc.%s] %s: %s", o->name, key, why);
	return -1;
}

const struct config_oidc *
config_oidc(const struct config *cfg, const char *name)
{
	size_t i;

	for (i = 0; i < CONFIG_OIDC__MAX; i++)
		if (cfg->oidc[i].present && !strcmp(cfg->oidc[i].name, name))
			return &cfg->oidc[i];
	return NULL;
}

/* The keys of the present [oidc.NAME] sections, for config_dump(). */
void
config_dump_oidc(const struct config *cfg)
{
	const struct config_oidc *o;
	const char		 *base, *s;
	size_t			  u, i;

	for (u = 0; u < CONFIG_OIDC__MAX; u++) {
		if (!(o = &cfg->oidc[u])->present)
			continue;
		base = (const char *)o;
		for (i = 0; i < NOIDC_KEYS; i++) {
			printf("[oidc.%s] %s = ", o->name, oidc_keys[i].name);
			if (oidc_keys[i].type == KT_INT) {
				printf("%d\n",
				    *(const int *)(base + oidc_keys[i].offset));
				continue;
			}
			s = *(char *const *)(base + oidc_keys[i].offset);
			printf("%s\n", s ? s : "(not set)");
		}
	}
}

const char *
config_oidc_key_name(size_t i)
{
	return i < NOIDC_KEYS ? oidc_keys[i].name : NULL;
}

void
config_oidc_free(struct config *cfg)
{
	size_t i;

	for (i = 0; i < CONFIG_OIDC__MAX; i++)
		config_free_fields(
		    (char *)&cfg->oidc[i], oidc_keys, NOIDC_KEYS);
}
