/*
 * store - the shared SQLite database.  Only shared/store*.c contain SQL.
 *
 * One struct store per thread (one connection each).  Instants are UTC
 * seconds (time_t); agreement dates are "YYYY-MM-DD" local dates.
 * Functions return enum store_err (0 = STORE_OK).  Records filled by a
 * get/list function own their strings: free them with the matching
 * *_rec_free().  Writes that must be atomic are wrapped by the caller in
 * store_begin()/store_commit(); single-statement writes are atomic alone.
 *
 * Per-area functions live in store_<area>.c with their prototypes in
 * store_<area>.h (outbox, inbox, contact, kiosk); this header holds the
 * core and the people/agreement/meeting/audit functions.
 */
#ifndef MENTOR_STORE_H
#define MENTOR_STORE_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

struct store;

enum store_err {
	STORE_OK = 0,
	STORE_NOTFOUND,	  /* no such row */
	STORE_CONSTRAINT, /* a CHECK, UNIQUE or FOREIGN KEY said no (the
				   insert paths that say so return
				   STORE_DUPLICATE for a UNIQUE key instead) */
	STORE_BUSY,	  /* locked longer than the busy timeout */
	STORE_ERROR,	  /* anything else from SQLite; see store_errmsg() */
	STORE_NOFILE,	  /* no database file and not asked to create it */
	STORE_FOREIGN,	  /* the file is not a Mentorlink database */
	STORE_NEWER,	  /* made by a newer Mentorlink */
	STORE_EXISTS,	  /* init on a database that already has data */
	STORE_HELD,	  /* a lease another holder has */
	STORE_DUPLICATE,  /* an insert met a row with the same unique key */
	STORE__MAX
};

/* Short English text for an error code. */
const char *store_strerror(enum store_err);
/* The last SQLite message on this connection (owned by the store). */
const char *store_errmsg(struct store *);

#define STORE_CREATE   0x01 /* create the file if missing */
#define STORE_READONLY 0x02 /* open read-only; no migration */
#define STORE_AS_IS    0x04 /* no schema check, no migration (copies, checks) */

/*
 * Open the database at path, set WAL, busy timeout and foreign keys, and
 * bring the schema up to date (one transaction per migration).  A file
 * that is not ours, or that a newer program made, is refused.  On error
 * *out is NULL and err holds one line saying what to do.  With
 * STORE_AS_IS the file is opened as it is (shared/store_backup.c looks at
 * it: a backup, a copy to restore).
 */
enum store_err store_open(
    const char *path, int flags, struct store **out, char *err, size_t errlen);
void	       store_close(struct store *);
/* The schema version the file is at, and the one this program knows. */
int	       store_schema_version(struct store *);
int	       store_schema_latest(void);

/*
 * Wait up to ms milliseconds for a lock another connection holds, trying
 * again every millisecond (SQLite's own waits grow to 100 ms and miss the
 * short gaps between a busy daemon's transactions), and say once on
 * stderr after 2 s that we wait.  For an interactive program: a busy
 * database is a wait, not an error.
 */
void	       store_busy_wait(struct store *, int ms);

/* BEGIN IMMEDIATE (nests by counting); COMMIT; ROLLBACK. */
enum store_err store_begin(struct store *);
enum store_err store_commit(struct store *);
void	       store_rollback(struct store *);

/* PRAGMA data_version: changes when another connection commits. */
int64_t	       store_data_version(struct store *);
/* Set synchronous: "NORMAL" (default) or "FULL". */
enum store_err store_set_synchronous(struct store *, const char *mode);

/*
 * WAL checkpoints on a thread of their own (shared/store_ckpt.c), for a
 * long-running program whose writers must not wait for one: start it on
 * the database at path, then attach each writing connection (its own
 * automatic checkpoint stops; when a commit leaves the WAL at `pages`
 * pages or more, the thread copies back, PASSIVE; at three times that it
 * restarts the WAL, and the first commit after that cuts a file grown
 * past three times `pages` back to that size).  Stop it after closing
 * the attached connections.
 * Returns NULL with err set when the database cannot be opened.
 */
struct store_ckpt;
struct store_ckpt *store_ckpt_start(
    const char *path, int pages, char *err, size_t errlen);
void	     store_ckpt_attach(struct store_ckpt *, struct store *);
/* How many checkpoints the thread has done. */
unsigned int store_ckpt_runs(struct store_ckpt *);
void	     store_ckpt_stop(struct store_ckpt *);

/* --- settings and leases ------------------------------------------- */

/*
 * The setting holding the instant (epoch seconds) the database was
 * created: recorded by the program that created it or brought it to
 * schema version 4 (then the oldest row's time).
 */
#define STORE_SETTING_CREATED "database.created_at"

/*
 * The setting where the sending sms-gateway keeps which SMS provider is
 * active and why (sms-gateway/failover.h), for mentorctl status.
 */
#define STORE_SETTING_SMS_PROVIDER "sms.provider_status"

/* Get a setting into a malloc'd *value (NULL when unset). */
enum store_err store_setting_get(
    struct store *, const char *name, char **value);
enum store_err store_setting_set(
    struct store *, const char *name, const char *value);

/*
 * Take or renew the lease `name` for holder until now+ttl.  Returns
 * STORE_OK when we hold it, STORE_HELD when another holder has it and it
 * has not expired, STORE_BUSY when the database stayed locked (nothing
 * is known about the lease then: a lock is not a rival).
 */
enum store_err store_lease_acquire(
    struct store *, const char *name, const char *holder, time_t now, int ttl);
/*
 * The holder (malloc'd into *holder, NULL when nobody) and expiry of the
 * lease `name`: the daemon uses it to take over a lease whose holder
 * process died.
 */
enum store_err store_lease_get(
    struct store *, const char *name, char **holder, time_t *expires_at);
enum store_err store_lease_release(
    struct store *, const char *name, const char *holder);

/* --- staff ---------------------------------------------------------- */

struct staff_rec {
	int64_t id;
	char   *external_id;
	char   *name;
	char   *mobile; /* E.164 or NULL */
	char   *email;
	char   *organisation;
	char   *reachable;
	int	is_caseworker;
	char   *away_from; /* YYYY-MM-DD or NULL */
	char   *away_until;
	int64_t deputy_id; /* 0 = none */
};

void	       staff_rec_free(struct staff_rec *);
enum store_err store_staff_get(struct store *, int64_t id, struct staff_rec *);
enum store_err store_staff_by_external(
    struct store *, const char *ext, struct staff_rec *);
/* The staff member with this E.164 mobile (first by id). */
enum store_err store_staff_by_mobile(
    struct store *, const char *mobile, struct staff_rec *);
/* Insert or update by external_id; sets rec->id.  deputy_id 0 = none. */
enum store_err store_staff_upsert(struct store *, struct staff_rec *);
/*
 * Insert a row whose external id is not stored yet (else
 * STORE_CONSTRAINT); sets rec->id.  In a long transaction much cheaper
 * than an upsert, which needs a journal of its own for every statement.
 * The same for citizens, agreements and meetings.
 */
enum store_err store_staff_insert(struct store *, struct staff_rec *);
/* Set or clear (NULLs) the away period. */
enum store_err store_staff_set_away(
    struct store *, int64_t id, const char *from, const char *until);
/*
 * *has = 1 when staff member id has a mobile number or an e-mail address
 * (STORE_NOTFOUND when there is no such member).
 */
enum store_err store_staff_has_contact(struct store *, int64_t id, int *has);
/* Call fn for every staff member, by name; stops when fn returns non-0. */
enum store_err store_staff_list(
    struct store *, int (*fn)(const struct staff_rec *, void *), void *arg);
/*
 * Call fn for every staff member with a mobile in organisation unit
 * organisation (NULL: every coordinator, roles bit 4), by id; stops when
 * fn returns non-0.
 */
enum store_err store_staff_group(struct store *, const char *organisation,
    int (*fn)(const struct staff_rec *, void *), void	    *arg);
/* 1 if the staff member is away on the local date today (YYYY-MM-DD). */
int	       staff_is_away(const struct staff_rec *, const char *today);

/* --- citizens ------------------------------------------------------- */

struct citizen_rec {
	int64_t id;
	char   *external_id;
	char	cpr_hash[65];
	char   *given_name;
	char   *mobile;	     /* E.164 or NULL */
	char	language[3]; /* a code of lang.c: "da" */
	int	reminders_on;
};

void	       citizen_rec_free(struct citizen_rec *);
enum store_err store_citizen_get(
    struct store *, int64_t id, struct citizen_rec *);
enum store_err store_citizen_by_cpr(
    struct store *, const char *cpr_hash, struct citizen_rec *);
enum store_err store_citizen_by_external(
    struct store *, const char *ext, struct citizen_rec *);
enum store_err store_citizen_by_mobile(
    struct store *, const char *mobile, struct citizen_rec *);
/* Insert or update by external_id; sets rec->id. */
enum store_err store_citizen_upsert(struct store *, struct citizen_rec *);
enum store_err store_citizen_insert(struct store *, struct citizen_rec *);
enum store_err store_citizen_set_reminders(struct store *, int64_t id, int on);
enum store_err store_citizen_set_language(
    struct store *, int64_t id, const char *lang);
enum store_err store_citizen_list(
    struct store *, int (*fn)(const struct citizen_rec *, void *), void *arg);
enum store_err store_citizen_count(struct store *, int64_t *n);

/* --- agreements ----------------------------------------------------- */

struct agreement_rec {
	int64_t id;
	char   *external_id;
	int64_t citizen_id;
	int64_t mentor_id;     /* 0 = not recorded */
	int64_t caseworker_id; /* 0 = not recorded */
	char   *goal;
	char   *starts_on; /* YYYY-MM-DD or NULL */
	char   *ends_on;
	double	hours_amount; /* 0 = not recorded */
	char   *hours_per;    /* "week" | "total" | NULL */
	char   *guidance_key;
	char   *legal_basis;
	int	after_discharge;
	int64_t extends_id;   /* 0 = none */
	char	status[8];    /* draft | active | ended */
	time_t	activated_at; /* 0 = never */
	/*
	 * Already active when an import brought it (its activation is the
	 * past).  Stored when the row is made; an update leaves it.
	 */
	int	imported_active;
	int64_t extended_mentor_id; /* the mentor of extends_id; read only */
	char  **tasks;		    /* ordered */
	size_t	ntasks;
};

void	       agreement_rec_free(struct agreement_rec *);
/* With tasks. */
enum store_err store_agreement_get(
    struct store *, int64_t id, struct agreement_rec *);
enum store_err store_agreement_by_external(
    struct store *, const char *ext, struct agreement_rec *);
/*
 * The citizen's current agreement: the active one whose period holds
 * today (YYYY-MM-DD), else the active one starting soonest, else the
 * newest active one.  STORE_NOTFOUND when there is none.
 */
enum store_err store_agreement_current(struct store *, int64_t citizen_id,
    const char *today, struct agreement_rec *);
/*
 * Insert or update by external_id, tasks replaced; sets rec->id,
 * activated_at and imported_active.
 */
enum store_err store_agreement_upsert(struct store *, struct agreement_rec *);
/* As store_staff_insert(), for an agreement with its tasks. */
enum store_err store_agreement_insert(struct store *, struct agreement_rec *);
/* When agreement id became active into *at (0: never). */
enum store_err store_agreement_activated(
    struct store *, int64_t id, time_t *at);
/* Set status; "active" also sets activated_at = now when not set. */
enum store_err store_agreement_set_status(
    struct store *, int64_t id, const char *status, time_t now);
enum store_err store_agreement_set_ends(
    struct store *, int64_t id, const char *ends_on);
/* Every agreement (citizen_id 0) or a citizen's; by start date. */
enum store_err store_agreement_list(struct store *, int64_t citizen_id,
    int (*fn)(const struct agreement_rec *, void *), void  *arg);
/* Active agreements whose ends_on lies in [from, to] (dates). No tasks. */
enum store_err store_agreement_ending(struct store *, const char *from,
    const char *to, int (*fn)(const struct agreement_rec *, void *), void *arg);
/* Active agreements activated at or after since (for notices). No tasks. */
enum store_err store_agreement_activated_since(struct store *, time_t since,
    int (*fn)(const struct agreement_rec *, void *), void	     *arg);
/* Number of agreements by status. */
enum store_err store_agreement_counts(
    struct store *, int64_t *draft, int64_t *active, int64_t *ended);

/* --- meetings ------------------------------------------------------- */

struct meeting_rec {
	int64_t id;
	char   *external_id;
	int64_t agreement_id;
	time_t	starts_at;
	time_t	ends_at;
	char   *place;
	int	place_in_sms;
	char	kind[12];   /* mentor | caseworker | other */
	char	status[12]; /* planned | moved | cancelled */
	int	version;
	int	notified_version;
	/*
	 * Came from an import: the citizen is not taken to know the meeting
	 * until Mentorlink has texted them about it.  Stored when the row is
	 * made; an update leaves it.
	 */
	int	imported;
};

void	       meeting_rec_free(struct meeting_rec *);
enum store_err store_meeting_get(
    struct store *, int64_t id, struct meeting_rec *);
enum store_err store_meeting_by_external(
    struct store *, const char *ext, struct meeting_rec *);
/*
 * Insert or update by external_id; sets rec->id, status, version and
 * notified_version (and, on update, imported).  An update that changes
 * time, place or status bumps version (and sets status "moved" when the
 * time changed and the caller said "planned").
 */
enum store_err store_meeting_upsert(struct store *, struct meeting_rec *);
/* As store_staff_insert(), for a meeting; sets id and versions. */
enum store_err store_meeting_insert(struct store *, struct meeting_rec *);
/* Move to a new time: status moved, version+1. */
enum store_err store_meeting_move(
    struct store *, int64_t id, time_t starts, time_t ends, time_t now);
/* Cancel: status cancelled, version+1. */
enum store_err store_meeting_cancel(struct store *, int64_t id, time_t now);
/* Meetings of an agreement (0: all) starting at or after from, by start, at most limit (0: all). */
enum store_err store_meeting_list(struct store *, int64_t agreement_id,
    time_t from, size_t limit, int (*fn)(const struct meeting_rec *, void *),
    void *arg);
/* Meetings not cancelled starting in [from, to), by start. */
enum store_err store_meeting_between(struct store *, time_t from, time_t to,
    int (*fn)(const struct meeting_rec *, void *), void *arg);
/* Meetings whose version differs from notified_version. */
enum store_err store_meeting_changed(
    struct store *, int (*fn)(const struct meeting_rec *, void *), void *arg);
enum store_err store_meeting_set_notified(
    struct store *, int64_t id, int version);
/*
 * *told = 1 when a reminder or a notice about meeting id has been handed
 * to the provider (sending, sent or delivered): the citizen may know it.
 */
enum store_err store_meeting_told(struct store *, int64_t id, int *told);
/*
 * The place of meeting id may no longer appear in an SMS (it holds a
 * word no SMS may carry).  Not a new version: nothing the citizen sees
 * changes but what a text leaves out.
 */
enum store_err store_meeting_hide_place(struct store *, int64_t id);

/*
 * What the gateway's scheduler asks of meetings: a meeting with what a
 * reminder or notice to its citizen needs.  (The functions keep the
 * store_outbox_ prefix they had when they lived in store_outbox.c.)
 */
struct reminder_target {
	int64_t meeting_id;
	time_t	starts_at;
	char   *place; /* NULL when none */
	int	place_in_sms;
	char	status[12]; /* planned | moved | cancelled */
	int	version;
	int	notified_version;
	int64_t agreement_id;
	char	agreement_status[8]; /* draft | active | ended */
	int64_t citizen_id;
	char	mobile[20]; /* E.164, "" when none */
	char	language[3];
	int	reminders_on;
	char   *staff_name; /* whom the meeting is with, by its
					   kind: the agreement's mentor or
					   caseworker; NULL for kind other
					   or none recorded */
};

void	       reminder_target_free(struct reminder_target *);

/*
 * Meetings not cancelled with (starts_at, id) after (after_start,
 * after_id) and starts_at <= until, by starts_at then id, at most limit,
 * each with its agreement, citizen and the staff member it is with.  fn
 * returns non-0 to stop.
 */
enum store_err store_outbox_reminder_targets(struct store *, time_t after_start,
    int64_t after_id, time_t until, size_t limit,
    int (*fn)(const struct reminder_target *, void *), void *arg);

/* The same data for one meeting (any status). */
enum store_err store_outbox_meeting_target(
    struct store *, int64_t meeting_id, struct reminder_target *);

/*
 * The earliest starts_at after `after` of a meeting not cancelled into
 * *start; STORE_NOTFOUND when none.
 */
enum store_err store_outbox_next_meeting(
    struct store *, time_t after, time_t *start);

/* --- complaint guidance --------------------------------------------- */

struct guidance_rec {
	char *key;
	char  language[3];
	char *title;
	char *appeal;
	char *dissatisfaction;
	char *help;
};

void	       guidance_rec_free(struct guidance_rec *);
/* By key and language, falling back to Danish. */
enum store_err store_guidance_get(
    struct store *, const char *key, const char *lang, struct guidance_rec *);
enum store_err store_guidance_set(
    struct store *, const struct guidance_rec *, time_t now);
/* *found = 1 when guidance key has its Danish text (what _get falls back to). */
enum store_err store_guidance_exists(
    struct store *, const char *key, int *found);

/* --- audit ---------------------------------------------------------- */

struct audit_rec {
	int64_t id;
	time_t	at;
	char	actor_kind[8]; /* kiosk | daemon | staff | system */
	char   *actor;
	char   *action;
	int64_t citizen_id; /* 0 = none */
	char   *reason;
	char   *detail;
};

void	       audit_rec_free(struct audit_rec *);
/*
 * Write one audit row.  actor_kind: kiosk, daemon, staff or system;
 * citizen_id 0 for none; reason and detail may be NULL.  Never put a
 * CPR, a code or a message body in detail.
 */
enum store_err store_audit(struct store *, time_t at, const char *actor_kind,
    const char *actor, const char *action, int64_t citizen_id,
    const char *reason, const char *detail);
/* Every audit row (citizen_id 0) or one citizen's, oldest first. */
enum store_err store_audit_list(struct store *, int64_t citizen_id,
    int (*fn)(const struct audit_rec *, void *), void  *arg);

/* An audit row as the citizen it is about may see it (the kiosk). */
struct audit_access {
	time_t at;
	char   actor_kind[8];
	char   action[48];
	char   reason[48];
};

/*
 * The audit rows about citizen_id (never 0) at or after since, newest
 * first, each passed to fn (which returns non-0 to stop).  Reads neither
 * the actor's name nor the detail, so nothing built on it can show them.
 */
enum store_err store_audit_access(struct store *, int64_t citizen_id,
    time_t since, int (*fn)(const struct audit_access *, void *), void *arg);

#endif
