/*
 * oidc_citizen.c - the citizen's claims of a MitID sign-in; see
 * oidc_citizen.h.
 */
#include <string.h>
#include <strings.h>

#include "config.h"
#include "cpr.h"
#include "oidc.h"
#include "oidc_citizen.h"

/* The levels by name, in order: the index is the enum oidc_loa. */
static const char *const loa_names[] = { "low", "substantial", "high" };

#define NLOA (sizeof(loa_names) / sizeof(loa_names[0]))

static const char *const citizen_errs[OIDC_CITIZEN__MAX] = {
	[OIDC_CITIZEN_OK] = "ok",
	[OIDC_CITIZEN_LOA_LOW] = "assurance level too low or missing",
	[OIDC_CITIZEN_NO_CPR] = "no CPR number in the token",
};

/* See oidc_citizen.h. */
enum oidc_loa
oidc_loa_parse(const char *value)
{
	const char *last;
	size_t	    i;

	if (value == NULL)
		return OIDC_LOA_UNKNOWN;
	if ((last = strrchr(value, '/')) != NULL)
		value = last + 1;
	for (i = 0; i < NLOA; i++)
		if (strcasecmp(value, loa_names[i]) == 0)
			return (enum oidc_loa)i;
	return OIDC_LOA_UNKNOWN;
}

/* See oidc_citizen.h. */
enum oidc_citizen_err
oidc_citizen_check(const struct config_oidc *o, const struct oidc_identity *id,
    const void *key, size_t keylen, char hash[CPR_HASH_HEX])
{
	enum oidc_loa have, want;
	char	      cpr[CPR_LEN + 1];
	const char   *v;

	hash[0] = '\0';
	have = oidc_loa_parse(oidc_identity_claim(id, o->loa_claim));
	want = oidc_loa_parse(o->require_loa);
	if (have == OIDC_LOA_UNKNOWN || have < want)
		return OIDC_CITIZEN_LOA_LOW;
	if ((v = oidc_identity_claim(id, o->cpr_claim)) == NULL ||
	    cpr_parse(v, cpr) != CPR_OK) {
		explicit_bzero(cpr, sizeof(cpr));
		return OIDC_CITIZEN_NO_CPR;
	}
	cpr_hash(key, keylen, cpr, hash);
	explicit_bzero(cpr, sizeof(cpr));
	return OIDC_CITIZEN_OK;
}

/* See oidc_citizen.h. */
const char *
oidc_citizen_strerror(enum oidc_citizen_err err)
{
	if ((int)err < 0 || err >= OIDC_CITIZEN__MAX)
		return "unknown error";
	return citizen_errs[err];
}
