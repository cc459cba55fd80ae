/*
 * provider - the SMS providers, each a table of operations in its own
 * file (file.c, gatewayapi.c, twilio.c; what other programs know of it,
 * its configuration keys and client-side signing, is in
 * shared/sms_NAME.c), registered from shared/sms_provider_list.h.  Sending: name, init, (HTTP) build a request and parse the
 * answer into an outcome class, or (local) deliver directly.
 * Receiving: its webhook routes, what checking their signatures takes,
 * and reading one request into an event.  A provider in use is a value,
 * struct provider_use: its operations and its own configured context,
 * so several can be open at once.
 *
 * Every answer is classified: accepted (any 2xx: the provider has the
 * message, even when its body cannot be read; then it is "unconfirmed"),
 * retryable (network trouble, timeouts, 429, 5xx), account (401 or 403
 * without a code that blames the message, a bad token, no credit: the
 * whole provider pauses, the messages wait) or permanent (the message or
 * the recipient is refused: invalid number, opted out, blacklisted).
 * Classification is data: the HTTP status table in provider.c and each
 * provider's error-code table.
 */
#ifndef MENTOR_PROVIDER_H
#define MENTOR_PROVIDER_H

#include <stddef.h>

#include <curl/curl.h>

#include "buf.h"
#include "../webhook.h"

struct config;
struct outbox_claim;
struct provider_code;

enum send_class {
	SEND_ACCEPTED,	/* the provider took the message */
	SEND_RETRY,	/* try again later (backoff until send_by) */
	SEND_PERMANENT, /* never retry: failed with the reason */
	SEND_ACCOUNT,	/* credentials or account refused: pause all */
	SEND_CLASS__MAX
};

#define SEND_ID_MAX	72
#define SEND_REASON_MAX 128

struct send_result {
	enum send_class cls;
	char		provider_id[SEND_ID_MAX]; /* when accepted */
	char		reason[SEND_REASON_MAX];  /* never a body */
	int		retry_after;  /* seconds the provider asked for */
	int		rate_limited; /* 1: a 429, pause every send */
	int		unconfirmed;  /* accepted: a 2xx whose body we could
					   not read (no provider id) */
	int		uncertain;    /* retry: the request went out and no
					   answer came (a timeout): it may
					   have reached the provider */
};

/* An HTTP request the sender performs with libcurl. */
struct provider_request {
	struct buf url;
	struct buf body;
};

/* What opening a provider's webhooks is for. */
enum hook_mode {
	HOOK_CHECK, /* -n: check only, make nothing */
	HOOK_START  /* the start: may make a demo secret */
};

/* A provider's delivery status word and our outbox status for it. */
struct provider_word {
	const char *word; /* as the provider writes it */
	const char *ours; /* "delivered" or "failed" */
};

struct provider {
	const char *name;      /* [sms] provider */
	int	    http;      /* 1: build/prepare/parse; 0: deliver */
	size_t	    max_batch; /* messages one request may carry */
	/*
	 * Read configuration and credentials into a new *ctx.  Returns 0,
	 * or -1 with the reason in err (nothing to free).
	 */
	int (*init)(
	    void **ctx, const struct config *, char *err, size_t errlen);
	void (*free)(void *ctx);
	/* HTTP: set the options every request shares (auth, headers). */
	void (*prepare)(void *ctx, CURL *easy);
	/*
	 * HTTP: fill req for n (1..max_batch) messages.  0 ok, -1 when
	 * they cannot be sent (reason in res[0..n-1]).
	 */
	int (*build)(void *ctx, const struct outbox_claim *, size_t n,
	    struct provider_request *req, struct send_result *res);
	/* HTTP: classify an answer (status, body) for n messages. */
	void (*parse)(void *ctx, long status, const char *body, size_t len,
	    size_t n, struct send_result *res);
	/* Local: deliver n messages at once into res[0..n-1]. */
	void (*deliver)(void *ctx, const struct outbox_claim *, size_t n,
	    struct send_result *res);
	/*
	 * Delivery reports: status words and error codes that fail a
	 * message; SEND_RETRY marks the temporary ones (the number is not
	 * to blame).  NULL: none.
	 */
	const struct provider_code *report_words;
	const struct provider_code *report_codes;
	/* Delivery status words that are final; NULL-ended.  NULL: none. */
	const struct provider_word *status_words;

	/* Receiving.  Its webhook routes; NULL: none. */
	const struct webhook_route *hooks;
	/*
	 * Read what checking the signatures of its webhooks takes into a new
	 * *ctx (NULL when it has none: its webhooks are then refused, 401).
	 * sends: 1 when it is the provider we send with; a missing secret
	 * is then fatal.  Returns 0, or -1 (logged).
	 */
	int (*hook_open)(
	    void **ctx, const struct config *, int sends, enum hook_mode);
	void (*hook_close)(void *ctx);
	/*
	 * Check the signature of a request for hook h and read its event
	 * into ev.  WEBHOOK_OK (free ev afterwards), or the error that
	 * decides the answer (nothing to free): nothing unauthenticated
	 * tells more than 401.
	 */
	enum webhook_err (*hook_read)(void *ctx, const struct webhook_route *h,
	    const struct webhook_request *, struct webhook_event *ev);
};

/* A provider in use: its operations and its context. */
struct provider_use {
	const struct provider *ops;
	void		      *ctx;
};

/*
 * Open the provider called name (one of [sms] providers) for sending
 * into *u.  Returns 0, or -1 with the reason in err (nothing to close).
 */
int		       provider_open(const struct config *, const char *name,
		       struct provider_use *u, char *err, size_t errlen);
/* Close what provider_open() opened (u may be unopened: all zero). */
void		       provider_close(struct provider_use *u);

/* The i-th provider of the table, or NULL past its end. */
const struct provider *provider_at(size_t i);

/* The provider called name, or NULL. */
const struct provider *provider_find(const char *name);

/* Short name of a class: "accepted", "retry", "permanent", "account". */
const char	      *send_class_name(enum send_class);

/*
 * Classify by HTTP status alone (the provider's code table may refine
 * it afterwards): 2xx accepted, 408/425/429/5xx retry, 409 accepted (a
 * reference the provider already has), 401/403 account, other 4xx
 * permanent, anything else retry.  Fills cls and a reason "http NNN".
 */
void provider_classify_status(long status, struct send_result *res);

/*
 * A 2xx whose body does not say what the provider did with the n
 * messages: each is accepted, unconfirmed, with the reason
 * "unconfirmed: http NNN WHAT" (never resent; no provider id).
 */
void provider_unconfirmed(
    long status, const char *what, struct send_result *res, size_t n);

/*
 * Our outbox status for a provider's delivery status word: "delivered"
 * or "failed" (final) or "sent" (still on its way, or a word we do not
 * know).
 */
const char *provider_report_status(const char *provider, const char *word);

/*
 * A provider error code and what it means for us; tables end with a row
 * whose code is NULL.
 */
struct provider_code {
	const char     *code; /* as the provider writes it */
	enum send_class cls;
	const char     *what; /* short reason */
};

/* Look up code in table; NULL if absent. */
const struct provider_code *provider_code_find(
    const struct provider_code *, const char *code);

/* Parse len bytes of JSON; NULL if it is not a JSON object. */
struct json_object *provider_json_object(const char *body, size_t len);

/*
 * Whether a delivery report that failed a message says nothing against
 * the number (the phone was off or unreachable, a network fault, the
 * validity ran out, the message was cancelled): 1 when the provider's
 * status word or the code that starts error ("0x1013 Absent subscriber",
 * "30003") is a temporary one in its tables.  0 for a permanent failure,
 * an unknown provider, word or code: those put the number on the
 * bad-number list.
 */
int		    provider_report_temporary(
		    const char *provider, const char *word, const char *error);

/* Copy res[0] into res[1..n-1] (an answer that concerns every message). */
void provider_result_all(struct send_result *res, size_t n);

#endif
