/*
 * contact - a citizen's "please call me": open a contact request, route it
 * to the right person and queue the SMS that say so.
 *
 * Used by the kiosk button and by the SMS inbound router.  Routing: the
 * current agreement's mentor; the mentor's deputy while the mentor is away
 * (staff_is_away() on clock_today()); the team number cfg->escalate_to
 * when nobody can be reached.  One open request per citizen (schema index
 * contact_one_open): a second request while one is open changes nothing
 * and reports CONTACT_ALREADY_OPEN with the name of who will call.
 *
 * The mentor's (or deputy's) SMS carries the citizen's given name, number
 * and the request number, never the citizen's words unless
 * cfg->forward_text and the caller passes them.  The citizen's receipt
 * names who will call and ends with cfg->org_crisis_text.
 */
#ifndef MENTOR_CONTACT_H
#define MENTOR_CONTACT_H

#include <stdint.h>
#include <time.h>

struct store;
struct config;
struct agreement_rec;

enum contact_kind {
	CONTACT_OPENED,	      /* a new request, SMS queued */
	CONTACT_ALREADY_OPEN, /* one was open; nothing queued by us */
	CONTACT_NO_AGREEMENT, /* no active agreement: nothing opened */
	CONTACT__MAX
};

struct contact_outcome {
	enum contact_kind kind;
	int64_t		  request_id;  /* the open request, 0 if none */
	char		 *caller_name; /* malloc'd: who will call (mentor or
					   deputy), NULL if nobody */
	int		  nobody_told; /* ALREADY_OPEN: no staff member and
					   no team number could be texted */
};

/*
 * Who a request goes to.  The one decision, used by the SMS router and by
 * the kiosk (which tells the citizen who will get word before they ask).
 */
struct contact_route {
	const char *as;		 /* "mentor", "deputy" or "team" */
	int64_t	    staff_id;	 /* 0 for the team number */
	char	   *name;	 /* malloc'd staff name, NULL for team */
	char	   *mentor_name; /* malloc'd mentor's name when the
					   deputy stands in, else NULL */
	char	   *mobile;	 /* malloc'd number to text; NULL: nobody
					   can be texted (no team number) */
};

/*
 * Decide who gets a request under agreement ag on the local date today
 * (YYYY-MM-DD): the mentor when they have a mobile and are not away; else
 * the mentor's deputy on the same terms; else the team number
 * cfg->escalate_to (NULL mobile when none is configured).  Returns
 * STORE_OK with r filled (free it with contact_route_free()), or a store
 * error with r empty.
 */
enum store_err contact_route(struct store *, const struct config *,
    const struct agreement_rec *ag, const char *today, struct contact_route *r);

/* Free what contact_route() put in r and empty it. */
void	       contact_route_free(struct contact_route *r);

/*
 * Open a contact request for citizen_id through channel ("sms" or
 * "kiosk") at now.  On CONTACT_OPENED the SMS to the mentor (or deputy,
 * or team number) and the citizen's receipt are queued in the same
 * transaction as the request.  Returns 0 with *out filled (free it with
 * contact_outcome_free()), or -1 on a store error (nothing changed).
 */
int contact_open(struct store *, const struct config *, int64_t citizen_id,
    const char *channel, time_t now, struct contact_outcome *out);

/*
 * The same, with the citizen's own words: forwarded to the mentor only
 * when cfg->forward_text is set.  text may be NULL.
 */
int contact_open_text(struct store *, const struct config *, int64_t citizen_id,
    const char *channel, const char *text, time_t now,
    struct contact_outcome *out);

/*
 * The reply (enum smsreply_text) to a citizen who writes while out's
 * request stands (CONTACT_ALREADY_OPEN): who will call, that a member of
 * staff will, or - when nobody could be told - that the message is kept
 * and whom to call ({org}, {phone}).  As the receipt, it never promises
 * a call nobody was asked to make.
 */
int contact_repeat_text(const struct contact_outcome *out);

/* Free what contact_open() put in out; out itself is the caller's. */
void contact_outcome_free(struct contact_outcome *);

/*
 * Acknowledge open request request_id (0: the oldest open request routed
 * to staff_id) by staff_id at now and queue "NAME has seen your message"
 * to the citizen.  Returns 0 and sets *acked to the request number, 1
 * when there is no matching open request, -1 on a store error.
 */
int  contact_ack(struct store *, const struct config *, int64_t staff_id,
     int64_t request_id, time_t now, int64_t *acked);

/*
 * Give open, unacknowledged request request_id to staff member staff_id
 * at now (a coordinator's reassignment) and text them as a routing does:
 * the mentor's text, or the deputy's naming the mentor they stand in
 * for.  The citizen is not texted again.  Returns 0, 1 when there is no
 * such open request (or no such staff member), 2 when the staff member
 * has no mobile number, 3 when they are away today (staff_is_away(), as
 * routing decides; nothing changed then), -1 on a store error.
 */
int  contact_reassign(struct store *, const struct config *, int64_t request_id,
     int64_t staff_id, time_t now);

/*
 * Take every escalation step that is due at now (contact_escalate.c):
 * for each open, unacknowledged request, the next steps of
 * cfg->escalation (or, when none is configured, the one step
 * cfg->escalate_after to the deputy) whose working time since the
 * request was opened has passed, in order.  A step texts the mentor's
 * deputy, the mentor's organisation unit (the coordinators when the
 * mentor has none), the coordinators or a number - each number once,
 * never the person the request went to first - or, when that finds
 * nobody, cfg->escalate_to; and writes an audit row "contact_escalated"
 * (actor daemon/escalation).  Returns the number of steps taken (>= 0)
 * or -1 on a store error; *next (may be NULL) gets the next instant a
 * step falls due, 0 if none.
 */
int  contact_escalate_due(
     struct store *, const struct config *, time_t now, time_t *next);

/*
 * Seconds of working time (weekdays, cfg->work_start..work_end local,
 * without Danish public holidays and cfg->closed_days; grundlovsdag until
 * noon: see holiday.h) between from and to; 0 if to <= from.
 */
long   contact_working_seconds(const struct config *, time_t from, time_t to);

/*
 * The instant at which `secs` seconds of working time have passed since
 * from.
 */
time_t contact_working_deadline(const struct config *, time_t from, long secs);

#endif
