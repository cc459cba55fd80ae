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

/*
 * Our automatic texts: the receiving side's (contact requests, receipts,
 * escalations, keyword and staff replies).  The Danish text is the msgid
 * (English in po/en/receive.po); the table in smsreply.c says who reads
 * each.  A text to a citizen follows the SMS content rule (README, "What
 * an SMS may say"): date, time, organisation, a first name, the
 * organisation's number, the urgent line - never "mentor", a helpline,
 * a diagnosis or a ward (tests/unit/test_sms_content.c).
 */
enum smsreply_text {
	/* to staff, always in Danish */
	SMSREPLY_NOTIFY_MENTOR, /* {citizen} asks you to call */
	SMSREPLY_NOTIFY_DEPUTY, /* ... you stand in for {mentor} */
	SMSREPLY_NOTIFY_TEAM,	/* ... to the team number */
	SMSREPLY_FORWARD,	/* the citizen's own words, when configured */
	SMSREPLY_ESCALATE,	/* not answered since {when} */
	SMSREPLY_STAFF_HELP,	/* how to answer OK */
	SMSREPLY_STAFF_ACKED,	/* request {id} acknowledged */
	SMSREPLY_STAFF_NONE,	/* nothing to acknowledge */
	/* to citizens (and unknown senders), in their language */
	SMSREPLY_RECEIPT,      /* {caller} will call you; {crisis} */
	SMSREPLY_RECEIPT_TEAM, /* a member of staff will call */
	SMSREPLY_RECEIPT_KEPT, /* nobody can be told now: kept; call us */
	SMSREPLY_ACK,	       /* {caller} has seen your message */
	SMSREPLY_STOP,	       /* no more reminders */
	SMSREPLY_START,	       /* reminders again */
	SMSREPLY_HELP_NAMED,   /* HJÆLP: write here and {mentor} calls */
	SMSREPLY_HELP,	       /* HJÆLP: write here and we call */
	SMSREPLY_REPEAT,       /* {caller} already knows */
	SMSREPLY_REPEAT_TEAM,  /* we already have your message */
	SMSREPLY_REPEAT_KEPT,  /* ... but nobody can be told: call us */
	SMSREPLY_UNKNOWN,      /* we cannot tell who you are */
	SMSREPLY__MAX
};

/* The Danish text (msgid) of t; NULL when out of range.  Static. */
const char *smsreply_text(enum smsreply_text t);

/* 1 when t goes to a citizen (or an unknown sender), 0 to staff. */
int	    smsreply_to_citizen(enum smsreply_text t);

/* How long our automatic messages may wait before they expire. */
#define SMSREPLY_SEND_BY (24 * 3600)

/*
 * Render msgid (a Danish template, see template.h) in lang with the nvars
 * values into out, replacing its contents.  A translation that does not
 * render falls back to the Danish text.  Returns 0, or -1 when even the
 * Danish text does not render (a programming error, logged).
 */
int smsreply_render(const char *lang, const char *msgid,
    const struct template_var *vars, size_t nvars, struct buf *out);

/* Who a reply concerns; 0 ids = none. */
struct smsreply_to {
	const char *recipient; /* E.164 */
	int64_t	    citizen_id;
	int64_t	    staff_id;
	int64_t	    contact_id;
};

/*
 * Queue body to who->recipient for purpose, due now, expiring after
 * SMSREPLY_SEND_BY, with dedupe_key (may be NULL).  Returns STORE_OK when
 * it is queued, now or before under the same dedupe key (an answer sent
 * once is enough); else the store's error, logged.
 */
enum store_err smsreply_queue(struct store *, const struct smsreply_to *who,
    const char *body, const char *purpose, const char *dedupe_key, time_t now);

/*
 * Whether an SMS of outbox purpose invites an answer.  0 for what only
 * tells (a reminder, a moved or cancelled meeting, a receipt or "already
 * asked", a login code, a notice): a short "ok" or "tak" after it within
 * SMSREPLY_ACK_WINDOW means only "seen".  1 for everything else - the
 * agreement notice ("reply to this text if you want NAME to call you"),
 * the replies to keywords (HJÆLP says "write a message here"), staff's
 * own texts and any purpose added later: then every text is a request.
 */
int	       smsreply_invites_answer(const char *purpose);

/* How long after an SMS that invites no answer an "ok" only means "seen". */
#define SMSREPLY_ACK_WINDOW (48 * 3600)

#endif
