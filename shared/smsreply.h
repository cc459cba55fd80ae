/*
 * smsreply - the texts our automatic SMS carry: render a Danish msgid
 * (translated through i18n) with named values, and queue the result.
 * Shared by the contact routing (contact.c) and the inbound router.
 */
#ifndef MENTOR_SMSREPLY_H
#define MENTOR_SMSREPLY_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "store.h"
#include "template.h"

struct buf;

/* How long our automatic messages may wait before they expire. */
#define SMSREPLY_SEND_BY	(24 * 3600)

/*
 * Render msgid (a Danish template, see template.h) in lang with the nvars
 * values into out, replacing its contents.  A translation that does not
 * render falls back to the Danish text.  Returns 0, or -1 when even the
 * Danish text does not render (a programming error, logged).
 */
int		 smsreply_render(const char *lang, const char *msgid,
		    const struct template_var *vars, size_t nvars,
		    struct buf *out);

/* Who a reply concerns; 0 ids = none. */
struct smsreply_to {
	const char	*recipient;	/* E.164 */
	int64_t		 citizen_id;
	int64_t		 staff_id;
	int64_t		 contact_id;
};

/*
 * Queue body to who->recipient for purpose, due now, expiring after
 * SMSREPLY_SEND_BY, with dedupe_key (may be NULL).  A dedupe key queued
 * before counts as success.  Returns the store's result.
 */
enum store_err	 smsreply_queue(struct store *, const struct smsreply_to *who,
		    const char *body, const char *purpose, const char *dedupe_key,
		    time_t now);

/*
 * Whether an SMS of outbox purpose invites an answer.  0 for what only
 * tells (a reminder, a moved or cancelled meeting, a receipt or "already
 * asked", a login code, a notice): a short "ok" or "tak" after it within
 * SMSREPLY_ACK_WINDOW means only "seen".  1 for everything else - the
 * agreement notice ("reply to this text if you want NAME to call you"),
 * the replies to keywords (HJÆLP says "write a message here"), staff's
 * own texts and any purpose added later: then every text is a request.
 */
int		 smsreply_invites_answer(const char *purpose);

/* How long after an SMS that invites no answer an "ok" only means "seen". */
#define SMSREPLY_ACK_WINDOW	(48 * 3600)

#endif
