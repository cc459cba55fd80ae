/*
 * store_journal - the case journal's view of the SMS traffic (export)
 * and the retention purge that follows it.
 *
 * Export: every incoming and outgoing text, contact request and audit
 * row of a period, flattened into one record shape; the rows exported
 * are marked (exported_at) in the same transaction.
 *
 * Purge: message bodies and inbound texts are blanked (the metadata the
 * audit needs stays), old login rows, audit rows, reply-log rows and
 * delivery reports are deleted.  With require_export nothing that has
 * not been exported loses its text or is deleted.  Login-code messages
 * are blanked after the login period whatever the export says: a code is
 * no journal material.
 */
#ifndef MENTOR_STORE_JOURNAL_H
#define MENTOR_STORE_JOURNAL_H

#include <stdint.h>
#include <time.h>

#include "store.h"

enum journal_type {
	JOURNAL_SMS_IN,	 /* sms_inbox */
	JOURNAL_SMS_OUT, /* sms_outbox */
	JOURNAL_CONTACT, /* contact_request */
	JOURNAL_AUDIT,	 /* audit */
	JOURNAL__MAX
};

/* One record; strings owned by the store, valid during the callback. */
struct journal_rec {
	enum journal_type type;
	int64_t		  id;
	time_t		  at;	   /* received, created, opened, happened */
	const char	 *citizen; /* citizen external id, NULL if none */
	const char	 *staff;   /* staff external id, NULL if none */
	const char	 *number;  /* the other party's number, or NULL */
	const char	 *what;	   /* outcome, purpose, channel, action */
	const char	 *status;  /* outbox status, request state, reason */
	const char	 *text;	   /* the words ("" once purged), or detail */
	int64_t		  contact_id; /* 0 = none */
	int64_t		  citizen_id; /* the citizen's row id, 0 = none */
	const char *actor_kind; /* audit rows: kiosk, daemon, staff, system;
				   sms_out rows: provider */
	const char *actor;	/* audit rows: who; sms_out rows: the
				   provider that sent it (or last answered
				   for it); else NULL */
};

/* Name of a type: "sms_in", "sms_out", "contact", "audit". */
const char    *journal_type_name(enum journal_type);

/*
 * Call fn for every record of [from, to), by type then time.  Stops
 * when fn returns non-0.  Read-only.
 */
enum store_err store_journal_each(struct store *, time_t from, time_t to,
    int (*fn)(const struct journal_rec *, void *), void *arg);
/* Mark the inbox, outbox and audit rows of [from, to) exported at now. */
enum store_err store_journal_mark_exported(
    struct store *, time_t from, time_t to, time_t now, int64_t *marked);

struct purge_cutoffs {
	time_t messages;  /* outbox bodies created before this */
	time_t inbox;	  /* inbound texts received before this */
	time_t logins;	  /* login rows and login-code bodies */
	time_t audit;	  /* audit rows */
	time_t reply_log; /* loop-guard log */
	int    require_export;
};

struct purge_counts {
	int64_t messages;    /* outbox bodies blanked */
	int64_t login_codes; /* login-code bodies blanked */
	int64_t inbox;	     /* inbound texts blanked */
	int64_t logins;	     /* kiosk_login and desk_code/try rows */
	int64_t audit;	     /* audit rows deleted */
	int64_t reply_log;   /* reply-log rows deleted */
	int64_t reports;     /* delivery reports deleted */
	int64_t held;	     /* old enough, but waiting for export */
};

/*
 * One purge step in one transaction: at most limit rows of each kind
 * (limit < 0: all).  Adds what it did (or, with dry_run, what it would
 * do, then rolls back) to *counts; held is recomputed.  Returns the
 * store's result; *more is set to 1 when a kind hit the limit.
 */
enum store_err store_purge_step(struct store *, const struct purge_cutoffs *,
    int64_t limit, int dry_run, time_t now, struct purge_counts *counts,
    int *more);

#endif
