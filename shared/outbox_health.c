/*
 * outbox_health.c - the SMS queue's health for staff (see
 * outbox_health.h).
 */
#include <stdlib.h>
#include <string.h>

#include "outbox_health.h"

/* The sender lease holder, or NULL when none is live (or on an error). */
static char *
outbox_sender(struct store *s, time_t now)
{
	char  *holder = NULL;
	time_t expires;

	if (store_lease_get(s, OUTBOX_LEASE_SENDER, &holder, &expires) !=
	    STORE_OK)
		return NULL;
	if (holder != NULL && expires < now) {
		free(holder);
		holder = NULL;
	}
	return holder;
}

/* See outbox_health.h. */
enum store_err
outbox_health_get(struct store *s, time_t now, struct outbox_health *h)
{
	time_t	       oldest;
	enum store_err e;

	memset(h, 0, sizeof(*h));
	if ((e = store_outbox_counts(s, h->counts)) != STORE_OK ||
	    (e = store_outbox_unconfirmed(s, &h->unconfirmed)) != STORE_OK ||
	    (e = store_outbox_oldest_queued(s, &oldest)) != STORE_OK)
		return e;
	h->oldest_age = oldest != 0 ? (long long)(now - oldest) : -1;
	h->sender = outbox_sender(s, now);
	return STORE_OK;
}

/* See outbox_health.h. */
void
outbox_health_free(struct outbox_health *h)
{
	free(h->sender);
	h->sender = NULL;
}
