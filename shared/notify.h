/*
 * notify - which notices about agreements and meetings are news to the
 * people who would get them.  One rule, used where the texts are queued
 * (sms-gateway's scheduler) and where they are counted before anything
 * is sent (mentorctl import, meeting move|cancel), so the count is what
 * the gateway does.
 *
 * An agreement that becomes active gets "you now have a contact person"
 * (and its mentor a text) only when the activation is news: not when an
 * import brought it already active (it became active in the past), not
 * when it became active before [reminders] notify_since (default: the day
 * the database was created), not when it extends an agreement with the
 * same mentor.
 *
 * A meeting that is moved, cancelled or gets a new place the citizen may
 * read gets a "moved" or "cancelled" text only if the citizen knows the
 * meeting: one that came from an import is known once Mentorlink has
 * texted the citizen about it (a reminder or an earlier notice handed to
 * the provider).  Before that the citizen never heard of it: no
 * cancellation, and no "moved" (the reminder will give the new time).
 */
#ifndef MENTOR_NOTIFY_H
#define MENTOR_NOTIFY_H

#include <time.h>

#include "store.h"

struct config;
struct reminder_target;

/* Why a notice is sent or not; NOTICE_SEND is 0. */
enum notice_why {
	NOTICE_SEND,
	NOTICE_IMPORTED_ACTIVE, /* already active when an import brought it */
	NOTICE_BEFORE_SINCE,	/* became active before notify_since */
	NOTICE_SAME_MENTOR,	/* extends an agreement with the same mentor */
	NOTICE_NO_MENTOR,	/* no mentor recorded: nobody to name */
	NOTICE_UNCHANGED,	/* planned, and no new place to tell */
	NOTICE_STARTED,		/* the meeting has started or is over */
	NOTICE_NOT_ACTIVE,	/* its agreement is not active */
	NOTICE_NO_MOBILE,	/* the citizen has no mobile number */
	NOTICE_NEVER_TOLD, /* imported, and never in a text to the citizen */
	NOTICE__MAX
};

/* The text a changed meeting gets. */
enum notice_kind {
	NOTICE_NONE,
	NOTICE_MOVED, /* new time or place */
	NOTICE_CANCELLED
};

/* A few words for why ("already active when imported"). */
const char     *notice_why_text(enum notice_why);

/*
 * The instant before which activations are not news: local midnight of
 * [reminders] notify_since, else of the day the database was created
 * (STORE_SETTING_CREATED); 0 when neither is known.
 */
time_t		notify_since(const struct config *, struct store *);

/*
 * Is the activation of agreement a (active, activated_at set) news?  a
 * must carry imported_active, mentor_id, extends_id and
 * extended_mentor_id as store_agreement_get() fills them.
 */
enum notice_why notice_activation(const struct agreement_rec *a, time_t since);

/*
 * The notice the current state of meeting id calls for at now: *kind
 * gets what to send (NOTICE_NONE when nothing) and the return value
 * why; a planned meeting's new place is news only when an SMS may show
 * it (cfg's [sms] sensitive_words, outbox_text_place()).  t (may be
 * NULL) gets the meeting with its agreement and citizen, to render the
 * text from (free with reminder_target_free()).  Store errors are
 * returned in *err (STORE_OK otherwise) with NOTICE_NONE.
 */
enum notice_why notice_meeting(struct store *, const struct config *cfg,
    int64_t id, time_t now, struct reminder_target *t, enum notice_kind *kind,
    enum store_err *err);

#endif
