/*
 * oidc_citizen - what the kiosk's MitID sign-in ([oidc.citizen]) takes
 * from a verified ID token: the assurance level (NSIS: low < substantial
 * < high), which must reach require_loa, and the CPR number, hashed with
 * the CPR key at once exactly as a typed one (cpr_hash()).  The number
 * in clear is never returned, stored or logged.
 */
#ifndef MENTOR_OIDC_CITIZEN_H
#define MENTOR_OIDC_CITIZEN_H

#include <stddef.h>

#include "cpr.h"

struct config_oidc;
struct oidc_identity;

enum oidc_loa {
	OIDC_LOA_UNKNOWN = -1, /* missing, or a word we do not know */
	OIDC_LOA_LOW,
	OIDC_LOA_SUBSTANTIAL,
	OIDC_LOA_HIGH
};

enum oidc_citizen_err {
	OIDC_CITIZEN_OK = 0,
	OIDC_CITIZEN_LOA_LOW, /* below require_loa (or no level at all) */
	OIDC_CITIZEN_NO_CPR,  /* the CPR claim is missing or no CPR number */
	OIDC_CITIZEN__MAX
};

/*
 * The level a claim value names: "low", "substantial", "high" in any
 * case, alone or as the last part of a URI
 * ("https://data.gov.dk/concept/core/nsis/loa/Substantial").  NULL and
 * anything else give OIDC_LOA_UNKNOWN.
 */
enum oidc_loa	      oidc_loa_parse(const char *value);

/*
 * Check identity id against [oidc.citizen] o: the loa_claim must reach
 * require_loa, the cpr_claim must be a CPR number (cpr_parse()).
 * Returns OIDC_CITIZEN_OK with the number's keyed hash (cpr_hash() with
 * key, keylen bytes) in hash, or why not with hash emptied.
 */
enum oidc_citizen_err oidc_citizen_check(const struct config_oidc *o,
    const struct oidc_identity *id, const void *key, size_t keylen,
    char hash[CPR_HASH_HEX]);

/* Short English text for err. */
const char	     *oidc_citizen_strerror(enum oidc_citizen_err err);

#endif
