/*
 * store_desk - desk codes (desk_code): one-time kiosk codes a staff
 * member makes in the console for a citizen, and the wrong codes typed
 * at the kiosks (desk_try) that the brute-force limits count.  Rows hold
 * the code only as a keyed hash (shared/deskcode.c), blanked once the
 * code is used or voided.  The rules (uniqueness, expiry, one use, the
 * kiosk binding) are deskcode.c's; these are its statements.
 */
#ifndef MENTOR_STORE_DESK_H
#define MENTOR_STORE_DESK_H

#include <stdint.h>
#include <time.h>

#include "store.h"

#define DESK_HASH_HEX  65 /* 64 hex characters and a NUL */
#define DESK_KIOSK_MAX 64 /* a [kiosk] id, 1-63 bytes, and a NUL */
#define DESK_LOGIN_MAX 201

/* A desk code as the kiosk finds it. */
struct desk_code_rec {
	int64_t id;
	int64_t citizen_id;
	int64_t staff_id;
	char	staff_login[DESK_LOGIN_MAX]; /* their login, else their id */
	char	code_hash[DESK_HASH_HEX];
	char	kiosk_id[DESK_KIOSK_MAX]; /* "" = any kiosk */
	time_t	created_at;
	time_t	expires_at;
};

/*
 * Insert rec (citizen_id, staff_id, code_hash, kiosk_id, created_at,
 * expires_at); sets rec->id.  STORE_CONSTRAINT for a bad hash or kiosk
 * id, or a citizen or staff member that does not exist.
 */
enum store_err store_desk_add(struct store *, struct desk_code_rec *rec);

/*
 * Void every live code of the citizen (a new one replaces them): the
 * hash is blanked and voided_at set to now.
 */
enum store_err store_desk_void_citizen(
    struct store *, int64_t citizen_id, time_t now);

/*
 * The live code (not used, not voided, expires after now) whose hash is
 * code_hash, into *rec with its maker's login (or, without one, their
 * case-system id); STORE_NOTFOUND if none.
 */
enum store_err store_desk_live(struct store *, const char *code_hash,
    time_t now, struct desk_code_rec *rec);

/*
 * Mark code id used at now on kiosk_id and blank its hash.
 * STORE_NOTFOUND when it was used or voided already.
 */
enum store_err store_desk_use(
    struct store *, int64_t id, const char *kiosk_id, time_t now);

/* Record a wrong code typed at kiosk_id at now. */
enum store_err store_desk_try_add(
    struct store *, const char *kiosk_id, time_t now);

/*
 * Wrong codes typed at kiosk_id (NULL: at every kiosk) at or after since,
 * into *n.
 */
enum store_err store_desk_tries(
    struct store *, const char *kiosk_id, time_t since, int64_t *n);

/*
 * Retention: delete codes and wrong tries from before `before`; *n (may
 * be NULL) gets the rows deleted.
 */
enum store_err store_desk_purge(struct store *, time_t before, int64_t *n);

#endif
