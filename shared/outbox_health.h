/*
 * outbox_health - the SMS queue's health as staff see it: messages by
 * status, the age of the oldest queued one, the sent ones the provider
 * did not confirm, and which sms-gateway sends (its lease).  Shared by
 * `mentorctl status` and the staff console's outbox page, which each
 * show it their own way.
 */
#ifndef MENTOR_OUTBOX_HEALTH_H
#define MENTOR_OUTBOX_HEALTH_H

#include <stdint.h>
#include <time.h>

#include "store.h"
#include "store_outbox.h"

#define OUTBOX_LEASE_SENDER "sender" /* sms-gateway's lease */

struct outbox_health {
	int64_t	  counts[OUTBOX_STATUS__MAX]; /* rows by status */
	long long oldest_age;  /* seconds the oldest queued waits; -1: none */
	int64_t	  unconfirmed; /* sent, the provider's answer unread */
	char	 *sender;      /* live lease holder "host:pid:x", or NULL */
};

/*
 * Fill *h at now.  Returns the store's result; on STORE_OK the caller
 * frees h with outbox_health_free().
 */
enum store_err outbox_health_get(
    struct store *, time_t now, struct outbox_health *h);
void outbox_health_free(struct outbox_health *);

#endif
