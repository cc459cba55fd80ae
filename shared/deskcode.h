/*
 * deskcode - the one-time kiosk code a staff member gives a citizen at
 * the desk ("desk-assisted sign-in"): made in the console, typed on the
 * kiosk.  6 digits, valid DESKCODE_TTL seconds, one use, optionally for
 * one kiosk ([kiosk] id).  The code alone says who signs in, so it is
 * unique among the live codes; the store keeps only its keyed hash
 * (HMAC-SHA256 under the CPR key), never the digits.
 *
 * Guessing is the threat (10^6 codes over 5 minutes): the kiosk counts
 * every wrong code and stops checking codes past a limit per kiosk and
 * for all kiosks together (kiosk/login_desk.c).  No code or CPR number
 * is ever logged.
 */
#ifndef MENTOR_DESKCODE_H
#define MENTOR_DESKCODE_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "store.h"
#include "store_desk.h"

#define DESKCODE_DIGITS 6
#define DESKCODE_TTL	300 /* seconds a code works */

enum deskcode_status {
	DESKCODE_OK,	      /* a live code: used now */
	DESKCODE_NONE,	      /* no live code is this one */
	DESKCODE_OTHER_KIOSK, /* a live code, bound to another kiosk */
	DESKCODE_ERROR,	      /* the store failed */
	DESKCODE__MAX
};

/* The keyed hash of code under key, as hex, into out. */
void deskcode_hash(
    const void *key, size_t keylen, const char *code, char out[DESK_HASH_HEX]);

/*
 * Take what a person typed: digits with optional spaces, exactly ndigits
 * of them, into out (ndigits + 1 bytes).  Returns 0, or -1.
 */
int	       deskcode_clean(const char *in, char *out, size_t ndigits);

/*
 * Make a code for citizen_id by staff_id, for kiosk_id (NULL or "": any
 * kiosk), valid from now for DESKCODE_TTL: void the citizen's earlier
 * codes, draw digits until no live code has the same hash, store it.
 * The digits go into code, the row's id into *id (may be NULL).  Call
 * inside store_begin()/store_commit() with the audit row.  Returns
 * STORE_OK, STORE_ERROR when the random generator fails too, or the
 * store's error.
 */
enum store_err deskcode_issue(struct store *, const void *key, size_t keylen,
    int64_t citizen_id, int64_t staff_id, const char *kiosk_id, time_t now,
    char code[DESKCODE_DIGITS + 1], int64_t *id);

/*
 * Use the code typed on kiosk_id at now: on DESKCODE_OK it is marked used
 * and *rec says whose it was and who made it; on DESKCODE_OTHER_KIOSK
 * *rec is filled but the code stays live.  Call inside a transaction.
 */
enum deskcode_status deskcode_take(struct store *, const void *key,
    size_t keylen, const char *code, const char *kiosk_id, time_t now,
    struct desk_code_rec *rec);

#endif
