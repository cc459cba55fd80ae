/*
 * websession - server-side sessions for a web program, named by a
 * random 256-bit id the program sends in a cookie (web_reply_cookie()).
 *
 * A table holds at most `max` sessions.  Each has an id, a CSRF token,
 * its times, and a payload of data_size bytes for the program (zeroed
 * at the start, wiped at the end; the program casts s->data to its own
 * struct).  A session ends when it has been idle for `idle` seconds,
 * when its deadline (max_age seconds after it began, or after its last
 * extension or rotation) is `grace` seconds past, when the program ends
 * it, and when the table is full and it is the longest idle one without
 * `keep` set (set keep for a logged-in session).  Ending wipes it
 * (explicit_bzero).
 *
 * Times are the caller's `now` (clock_now(), which tests can set).
 * The table may be used by several threads: hold websession_lock()
 * while using it or any of its sessions.
 *
 *	t = websession_table_new(&(struct websession_limits){ .max = 64,
 *	    .idle = 900, .max_age = 28800, .extensions = 3,
 *	    .data_size = sizeof(struct staff_session) });
 *	websession_lock(t);
 *	s = websession_find(t, web_cookie(req, "console_session"), now, &why);
 *	if (s == NULL && (s = websession_new(t, now)) != NULL)
 *		web_reply_cookie(rep, "console_session", s->id);
 *	...  ((struct staff_session *)s->data)->staff_id ...
 *	websession_touch(s, now);
 *	websession_unlock(t);
 */
#ifndef MENTOR_WEBSESSION_H
#define MENTOR_WEBSESSION_H

#include <stddef.h>
#include <time.h>

#define WEBSESSION_ID_HEX 65 /* 64 hex characters and a NUL */

struct websession_limits {
	size_t max;	   /* sessions held at once, > 0 */
	int    idle;	   /* seconds without a request */
	int    max_age;	   /* seconds from start or extension */
	int    grace;	   /* seconds past max_age still alive */
	int    extensions; /* websession_extend() at most */
	size_t data_size;  /* the program's payload, bytes */
};

struct websession {
	int    used;
	char   id[WEBSESSION_ID_HEX];	/* the cookie value */
	char   csrf[WEBSESSION_ID_HEX]; /* the forms' token */
	time_t created;
	time_t last_seen;
	time_t deadline;   /* the absolute limit */
	int    extensions; /* of the deadline so far */
	int    keep;	   /* never ended to make room */
	void  *data;	   /* the payload, data_size bytes */
};

/* Why websession_find() found nothing. */
enum websession_end {
	WEBSESSION_LIVE,    /* found and alive */
	WEBSESSION_UNKNOWN, /* no such id (or none given) */
	WEBSESSION_IDLE,    /* ended now: idle too long */
	WEBSESSION_TOO_OLD  /* ended now: absolute limit reached */
};

struct websession_table;

/*
 * A new empty table with these limits (copied).  Returns it (free with
 * websession_table_free(), which wipes every session), or NULL if out
 * of memory.
 */
struct websession_table *websession_table_new(const struct websession_limits *);
void			 websession_table_free(struct websession_table *);

void			 websession_lock(struct websession_table *);
void			 websession_unlock(struct websession_table *);

/*
 * The live session with this id (NULL and a malformed id are fine), or
 * NULL with *why saying why not; an expired session is ended on the
 * way.  Compares ids in constant time; does not touch the session.
 */
struct websession *websession_find(struct websession_table *, const char *id,
    time_t now, enum websession_end *why);

/*
 * A new session with fresh id and CSRF token and a zeroed payload,
 * ending the longest idle session without keep if the table is full.
 * Returns NULL if the random generator failed or every session is kept.
 */
struct websession *websession_new(struct websession_table *, time_t now);
/*
 * As websession_new(), for a payload whose first member is a struct
 * websession * (set here to point back at the session).  Returns the
 * payload, or NULL as websession_new().
 */
void		  *websession_new_data(struct websession_table *, time_t now);

/* Record activity now. */
void		   websession_touch(struct websession *, time_t now);

/*
 * New id and CSRF token (do it at login, against session fixation; send
 * the new id's cookie), the absolute limit and extensions started
 * afresh from now.  Returns 0, or -1 if the random generator failed
 * (the session is unchanged).
 */
int		   websession_rotate(
		   struct websession_table *, struct websession *, time_t now);

/* End the session: wipe it and its payload, free the slot. */
void websession_end(struct websession_table *, struct websession *);

/* End every session past its limits; returns how many ended. */
int  websession_sweep(struct websession_table *, time_t now);

/* Seconds until the session's absolute limit (>= 0). */
int  websession_seconds_left(const struct websession *, time_t now);

/*
 * Move the absolute limit to max_age seconds from now.  Returns 0, or
 * -1 (nothing changed) once the limit's extensions are used up.
 */
int  websession_extend(
     struct websession_table *, struct websession *, time_t now);

/* How many more times the session may be extended (>= 0). */
int websession_extensions_left(
    const struct websession_table *, const struct websession *);

/* 1 if token is the session's CSRF token (constant time), else 0. */
int websession_csrf_ok(const struct websession *, const char *token);

#endif
