/*
 * store_kiosk - the kiosk's login codes (kiosk_login) and CPR locks
 * (kiosk_lock).  Rows hold hashes only: the CPR as its keyed hash, the
 * code as a keyed hash that is blanked once the code is used or voided.
 * A login row is made for every code request, also when the CPR is not
 * known (citizen_id 0), so the limits and timing do not tell the two
 * apart.
 */
#ifndef MENTOR_STORE_KIOSK_H
#define MENTOR_STORE_KIOSK_H

#include <stdint.h>
#include <time.h>

#include "store.h"

#define KIOSK_HASH_HEX 65 /* 64 hex characters and a NUL */

struct kiosk_login_rec {
	int64_t id;
	char	cpr_hash[KIOSK_HASH_HEX];
	int64_t citizen_id; /* 0 = the CPR is not known */
	char	kiosk_id[64];
	char	code_hash[KIOSK_HASH_HEX]; /* "" once used or voided */
	time_t	created_at;
	time_t	expires_at;
	int	attempts;  /* wrong codes so far */
	time_t	used_at;   /* 0 = not used */
	time_t	voided_at; /* 0 = not voided */
};

/*
 * Insert a login row for rec (cpr_hash, citizen_id, kiosk_id, code_hash,
 * created_at, expires_at) and void every earlier live code for the same
 * CPR hash, so only the newest code works.  Sets rec->id.  Call inside
 * store_begin()/store_commit() with the SMS that carries the code.
 */
enum store_err store_kiosk_login_add(struct store *, struct kiosk_login_rec *);

/* The login row id into *rec; STORE_NOTFOUND if there is none. */
enum store_err store_kiosk_login_get(
    struct store *, int64_t id, struct kiosk_login_rec *rec);

/*
 * Count a wrong code on login id: attempts + 1; when attempts reaches
 * max_attempts the code is voided (voided_at = now, hash blanked).
 * *attempts (may be NULL) gets the new count.
 */
enum store_err store_kiosk_login_fail(
    struct store *, int64_t id, int max_attempts, time_t now, int *attempts);

/* Mark login id used at now and blank its code hash. */
enum store_err store_kiosk_login_use(struct store *, int64_t id, time_t now);

/* Void every live code for the CPR hash (e.g. when it is locked). */
enum store_err store_kiosk_login_void_cpr(
    struct store *, const char *cpr_hash, time_t now);

/* Login rows for the CPR hash created at or after since, into *n. */
enum store_err store_kiosk_count_cpr(
    struct store *, const char *cpr_hash, time_t since, int64_t *n);

/* Login rows made by kiosk_id at or after since, into *n. */
enum store_err store_kiosk_count_kiosk(
    struct store *, const char *kiosk_id, time_t since, int64_t *n);

/* Wrong codes entered for the CPR hash on rows created at or after since. */
enum store_err store_kiosk_failures(
    struct store *, const char *cpr_hash, time_t since, int64_t *n);

/*
 * The lock on the CPR hash: *until gets locked_until (0 when there is no
 * lock row).
 */
enum store_err store_kiosk_lock_get(
    struct store *, const char *cpr_hash, time_t *until);

/* Lock the CPR hash until until, recording failures. */
enum store_err store_kiosk_lock_set(
    struct store *, const char *cpr_hash, time_t until, int64_t failures);

/* Remove the lock row of the CPR hash, if any. */
enum store_err store_kiosk_lock_clear(struct store *, const char *cpr_hash);

/*
 * Retention: delete login rows created before `before` and lock rows
 * that ran out before it; *n (may be NULL) gets the rows deleted.
 */
enum store_err store_kiosk_purge(struct store *, time_t before, int64_t *n);

#endif
