/*
 * store_citizen - changing a citizen's row, and erasing a citizen
 * (GDPR art. 17) where retention allows.  Shared by mentorctl and the
 * staff console; the field rules are in validate.h.
 *
 * Erasure: the caller exports the citizen's journal first (see
 * store_citizen_journal()), then calls store_citizen_erase() in the same
 * transaction as its audit row.  The citizen's texts, requests, logins,
 * agreements and meetings are deleted; the citizen row stays with its
 * CPR hash and no personal field (given name "-", no mobile, external id
 * "#erased-ROWID", which no import can name) while audit rows about the
 * citizen are kept, so the citizen can still be shown who looked at
 * their data; store_citizen_erased_purge() (run by the retention purge)
 * deletes the row once the last of them is gone.
 */
#ifndef MENTOR_STORE_CITIZEN_H
#define MENTOR_STORE_CITIZEN_H

#include <stdint.h>
#include <time.h>

#include "store.h"
#include "store_journal.h"

/*
 * Store r's given_name, mobile (NULL = none), language and reminders_on
 * on the citizen with id r->id.  STORE_NOTFOUND when there is no such
 * citizen or it is erased.
 */
enum store_err store_citizen_update(
    struct store *, const struct citizen_rec *r);

/* What keeps a citizen from being erased now (all 0: nothing). */
struct erase_blockers {
	int	erased;	       /* erased already */
	int64_t agreements;    /* draft or active agreements */
	int64_t open_requests; /* contact requests not closed */
	int64_t sending;       /* texts handed to the provider now */
};

/* Fill *b for citizen id; STORE_NOTFOUND when there is no such citizen. */
enum store_err store_citizen_erase_blockers(
    struct store *, int64_t id, struct erase_blockers *b);

/*
 * The citizen's journal: every record of store_journal_each() about
 * citizen id (texts in and out, contact requests, audit rows), by type
 * then time.  Stops when fn returns non-0.
 */
enum store_err store_citizen_journal(struct store *, int64_t id,
    int (*fn)(const struct journal_rec *, void *), void	    *arg);

/* What store_citizen_erase() deleted. */
struct erase_counts {
	int64_t texts;	    /* sms_outbox and sms_inbox rows */
	int64_t requests;   /* contact_request rows */
	int64_t agreements; /* with their tasks */
	int64_t meetings;
	int64_t logins; /* kiosk_login rows */
};

/*
 * Erase citizen id at now (see above); the caller checked the blockers
 * and holds a write transaction (store_begin()).  STORE_NOTFOUND when
 * there is no such citizen or it is erased already.
 */
enum store_err store_citizen_erase(
    struct store *, int64_t id, time_t now, struct erase_counts *counts);

/*
 * Delete the rows of erased citizens that no audit row (nor a kiosk
 * login, purged after its own period) refers to any more; *deleted gets
 * how many.
 */
enum store_err store_citizen_erased_purge(struct store *, int64_t *deleted);

#endif
