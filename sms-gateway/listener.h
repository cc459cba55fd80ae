/*
 * listener - the daemon's HTTP side (libmicrohttpd, its own thread, its
 * own store connection): the providers' webhooks, /metrics and /healthz.
 *
 *	POST /webhooks/gatewayapi/mo		incoming SMS (JSON, JWT)
 *	POST /webhooks/gatewayapi/dlr		delivery report (JSON, JWT)
 *	POST /webhooks/twilio/sms		incoming SMS (form, signature)
 *	POST /webhooks/twilio/status		status callback (?ref=OUTBOX_ID)
 *	GET  /metrics				Prometheus text
 *	GET  /healthz				"ok" when the database answers
 *
 * A webhook is verified, parsed, stored (idempotently) and answered 2xx;
 * the inbound task processes it afterwards (the loop is woken).  Binds
 * [sms] listen (port 0: any free port) and writes the port to [sms]
 * port_file when set.
 *
 * Task functions for loop.c's table (GW_TASK_LISTENER).
 */
#ifndef MENTOR_LISTENER_H
#define MENTOR_LISTENER_H

#include <time.h>

struct config;
struct gw;

/*
 * Check what listener_start() needs, without binding or making
 * anything: the listen address, the webhook secrets (files, modes) of
 * the provider in use, the port file's folder.  sms-gateway -n and the
 * start both run it.  Returns 0, or -1 with the reasons logged.
 */
int    listener_check(const struct config *);

/* Bind and start the thread: 0, or -1 (logged) when it cannot. */
int    listener_start(struct gw *);
/* Nothing to do in the loop; returns 0 (no wish). */
time_t listener_run(struct gw *, time_t now);
/* Stop the thread, close the connection. */
void   listener_stop(struct gw *);

/* The bound port (after listener_start()), 0 when not listening. */
int    listener_port(struct gw *);

#endif
