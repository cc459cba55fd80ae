/*
 * webhook - what the SMS providers post to us, read without any I/O
 * (the listener does the HTTP, the store the rest), so that it can be
 * unit-tested and fuzzed on its own.  This is the part every provider
 * shares: the event, the field types and their checks, reading a table
 * of fields from a JSON object or a form.  Each provider's routes, field
 * tables and signature check are in its own file (providers/).
 *
 * Every field is checked against a table of limits: ids are 1-64
 * printable ASCII characters, statuses letters and '_', text valid UTF-8
 * without control characters other than newline and tab.
 */
#ifndef MENTOR_WEBHOOK_H
#define MENTOR_WEBHOOK_H

#include <stddef.h>
#include <stdint.h>

#include "phone.h"

struct buf;
struct form;
struct webhook_route;

enum webhook_err {
	WEBHOOK_OK = 0,
	WEBHOOK_MALFORMED, /* not the JSON or form we expect: 400 */
	WEBHOOK_FIELD,	   /* a required field missing or out of bounds: 400 */
	WEBHOOK_UNSIGNED,  /* no signature: 401 */
	WEBHOOK_BADSIG,	   /* signature wrong, or it covers other data: 401 */
	WEBHOOK_ERR__MAX
};

#define WEBHOOK_ID_MAX	   65 /* ids: 64 characters and NUL */
#define WEBHOOK_SENDER_MAX 65
#define WEBHOOK_STATUS_MAX 33
#define WEBHOOK_ERROR_MAX  129
#define WEBHOOK_TEXT_MAX   8192	 /* bytes of message text */
#define WEBHOOK_BODY_MAX   16384 /* bytes of request body */

struct webhook_event {
	const struct webhook_route *hook; /* the route it came by */
	int	    is_report; /* 1: delivery report, 0: incoming text */
	const char *provider;  /* the provider's name (static) */
	char	    provider_id[WEBHOOK_ID_MAX];
	/* incoming text */
	char	    sender[WEBHOOK_SENDER_MAX];	  /* E.164 if a number */
	char	    receiver[WEBHOOK_SENDER_MAX]; /* "" if not given */
	char	   *text; /* malloc'd UTF-8, "" if none */
	/* delivery report */
	char	    status[WEBHOOK_STATUS_MAX];
	char	    error[WEBHOOK_ERROR_MAX]; /* "" if none */
	char	    code[WEBHOOK_STATUS_MAX]; /* provider error code */
	int64_t	    reference;		      /* our outbox id, 0 = none */
	char	    event_id[WEBHOOK_ID_MAX + WEBHOOK_STATUS_MAX];
};

enum field_type {
	FT_ID,	   /* provider ids: [A-Za-z0-9._:-]{1,64} */
	FT_MSISDN, /* a sender: digits with country code, or a name */
	FT_PHONE,  /* a sender: E.164 with +, or a name */
	FT_STATUS, /* [A-Za-z_]{1,32} */
	FT_REF,	   /* our reference: 1-18 digits, else ignored */
	FT_TEXT,   /* UTF-8 message text */
	FT_ERROR,  /* free text from the provider, cut to fit */
	FT_CODE,   /* [A-Za-z0-9]{1,32} */
	FT__MAX
};

/* One field a provider's webhook carries; tables end with a NULL name. */
struct webhook_field {
	const char     *name; /* in the JSON object or the form */
	enum field_type type;
	int		required;
	size_t		off; /* char[] in struct webhook_event */
	size_t		cap; /* its size */
};

/* Where a field goes: WEBHOOK_EV(member), or WEBHOOK_NOWHERE. */
#define WEBHOOK_EV(f) \
	offsetof(struct webhook_event, f), \
	    sizeof(((struct webhook_event *)0)->f)
#define WEBHOOK_NOWHERE 0, 0

/* One webhook request that passed the listener's gates (path, method,
 * media type, size).  No I/O: everything the provider may read. */
struct webhook_request {
	const char *uri;  /* path and query as received */
	const char *body; /* NUL-terminated */
	size_t	    len;
	const char *signature; /* the hook's sig_header; NULL: none */
};

/*
 * A webhook route of a provider (its file defines them); tables end
 * with a NULL path.
 */
struct webhook_route {
	const char *path;	/* the route, written only here */
	const char *provider;	/* the provider's name */
	const char *ctype;	/* the media type the body must have */
	const char *sig_header; /* the header carrying the signature */
	int	    is_report;	/* 1: delivery reports, 0: texts */
	const struct webhook_field *fields;
	const char *ok_ctype; /* the 200 answer; NULL: "ok" text */
	const char *ok_body;
};

/* Free what an event owns (its text). */
void		 webhook_event_free(struct webhook_event *);

/*
 * Read hook's fields from a JSON body (len bytes) into ev and finish it
 * (webhook_finish()).  Returns WEBHOOK_OK (free ev afterwards),
 * WEBHOOK_MALFORMED or WEBHOOK_FIELD (nothing to free).
 */
enum webhook_err webhook_read_json(const struct webhook_route *,
    const char *body, size_t len, struct webhook_event *ev);

/*
 * The same for a parsed form; ev is not finished (the caller may add to
 * it, then calls webhook_finish()).  Nothing to free on an error.
 */
enum webhook_err webhook_read_form(const struct webhook_route *,
    const struct form *, struct webhook_event *ev);

/* Fill the derived fields: hook, provider, text default, event id, error. */
void	webhook_finish(const struct webhook_route *, struct webhook_event *ev);

/* Our reference from 1-18 digits, else 0. */
int64_t webhook_parse_ref(const char *s, size_t n);

/* 1 if a and b carry the same event. */
int	webhook_same_event(
	const struct webhook_event *a, const struct webhook_event *b);

/* Short English text for err. */
const char *webhook_strerror(enum webhook_err);

#endif
