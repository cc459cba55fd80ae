/*
 * fake.h - the fake SMS provider used by the integration tests and the
 * benchmarks: speaks GatewayAPI's and Twilio's send APIs, records every
 * request and injects faults on command.
 *
 * Files by role: main.c (options, the HTTP server, dispatch),
 * control.c (the /_ endpoints tests drive), send_api.c (the provider
 * APIs), faults.c (fault rules), record.c (what was asked and answered).
 * Add a file for a new role (webhooks to the daemon) and a row to the
 * route table in control.c.
 */
#ifndef MENTOR_FAKE_H
#define MENTOR_FAKE_H

#include <stddef.h>

#include <microhttpd.h>

#include "buf.h"

#define FAKE_BODY_MAX  (1024 * 1024)
#define FAKE_BATCH_MAX 1000 /* message objects in one request */

/* One send request as the fake understood it. */
struct fake_req {
	const char *api;	 /* "gatewayapi" | "twilio" */
	char	    ref[40];	 /* userref / StatusCallback ref, or "" */
	char	    to[24];	 /* E.164 */
	char	   *body;	 /* the message text, malloc'd */
	char	    encoding[8]; /* "UTF8"/"UCS2" (GatewayAPI), "" */
	int	    auth_ok;
};

/* What to answer (filled by the API handlers and the faults). */
struct fake_answer {
	int	   status;
	struct buf body;
	int	   retry_after; /* seconds, 0: no header */
	int	   drop;	/* close the connection, no answer */
	int	   delay_ms;
	char	   fault[24]; /* name of the fault applied, or "" */
	char	   provider_id[40];
	int	   accepted; /* a genuine acceptance was answered */
	int	   truncate; /* cut the acceptance's body short */
};

enum fault_action {
	FAULT_STATUS,	  /* answer status (and code/body) */
	FAULT_DROP,	  /* close the connection without answering */
	FAULT_GARBAGE,	  /* 200 with a body that is not JSON */
	FAULT_ERROR_BODY, /* 200 with an error body, no acceptance */
	FAULT_DELAY,	  /* answer normally after delay_ms */
	FAULT_HTML,	  /* a proxy's HTML page with status (200):
				   a 2xx counts as accepted */
	FAULT_TRUNCATED,  /* accept, but cut the body in the middle */
	FAULT__MAX
};

/* Global settings (POST /_config), read under the fake's lock. */
struct fake_settings {
	int delay_ms; /* every answer waits this long */
	int dup_ref;  /* a reused reference gets 409 */
};

/* --- main.c ---------------------------------------------------------- */
/* Queue a response; returns MHD's result. */
enum MHD_Result	   fake_respond(struct MHD_Connection *, int status,
       const char *ctype, const char *body, size_t len, int retry_after);
/* The value of request header name, or NULL. */
const char	  *fake_header(struct MHD_Connection *, const char *name);
extern const char *fake_gwapi_token; /* expected token, NULL: any */
extern const char *fake_twilio_sid, *fake_twilio_token;

/* --- control.c ------------------------------------------------------- */
/* Handle a /_ path; returns MHD's result. */
enum MHD_Result	   control_handle(struct MHD_Connection *, const char *method,
       const char *url, const char *body, size_t len);

/* --- send_api.c ------------------------------------------------------ */
/* 1 if url is a send API path this fake serves. */
int		   send_api_match(const char *url);
/* Handle a send request; returns MHD's result. */
enum MHD_Result	   send_api_handle(struct MHD_Connection *, const char *method,
       const char *url, const char *body, size_t len);

/* --- faults.c -------------------------------------------------------- */
/* Add rules from a JSON object or array; 0, or -1 with err. */
int    faults_add_json(const char *json, size_t len, char *err, size_t errlen);
void   faults_reset(void);
/* Apply the first matching rule (consuming one use) to ans; 1 if any. */
int    faults_apply(const struct fake_req *, struct fake_answer *);
/* Update settings from a JSON object; 0 or -1. */
int    settings_set_json(const char *json, size_t len);
void   settings_get(struct fake_settings *);
void   settings_reset(void);
/* Number of rules still active. */
size_t faults_pending(void);

/* --- webhooks.c (gateway-receive) ------------------------------------ */
/* POST /_webhook: send a signed (or wrongly signed) webhook to the daemon. */
enum MHD_Result webhooks_handle(
    struct MHD_Connection *, const char *body, size_t len);

/* --- record.c -------------------------------------------------------- */
void record_open(const char *path);
void record_close(void);
/* Remember one request and its answer. */
void record_add(const struct fake_req *, const struct fake_answer *);
/* All records as JSON lines. */
void record_dump(struct buf *);
/* {"requests","accepted","unique_refs","duplicate_refs", ...} */
void record_stats(struct buf *);
void record_reset(void);
/*
 * If ref (for api) was accepted before, copy its provider id into id and
 * return 1; else remember it as accepted with id and return 0.
 */
int record_ref_accept(const char *api, const char *ref, char *id, size_t idlen);

#endif
