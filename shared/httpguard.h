/*
 * httpguard - keeps slow clients from starving a libmicrohttpd server,
 * and refuses requests whose framing a proxy could read otherwise.
 *
 * A connection is "waiting" from its start, and again from the end of
 * each answer, until its whole next request (head and body) is in.
 * libmicrohttpd's own timeout only counts idle time, so a client that
 * sends one header line every few seconds would hold its connection for
 * ever.  The guard:
 *
 *  - closes a connection that has been waiting longer than the request
 *    timeout, however busily it trickles;
 *  - keeps `reserve` connections free for new clients: when a new one
 *    arrives and fewer are free, it closes the connection that has been
 *    waiting longest;
 *  - lets no address keep more than `waiting_per_address` connections
 *    waiting: a new connection from an address over that share closes the
 *    oldest waiting one of the same address.  The kiosk's browser shares
 *    127.0.0.1 with any local process: its new connection pushes out the
 *    oldest slow one, and sends its request at once, so it gets in.
 *
 * A connection younger than a second is never closed to make room (its
 * request may be on its way); one that is being answered (its request is
 * in) is never closed by the guard; libmicrohttpd's idle timeout and its per-address
 * limit (`per_address`, all connections of an address) still apply.
 *
 * Closing is shutdown(2) on the connection's socket, from libmicrohttpd's
 * thread (making room) or from the guard's own thread (timeouts), under
 * one lock that libmicrohttpd's close notification also takes, so the
 * socket is still the connection's.  A summary of what was closed is
 * logged at most once a minute, without addresses, and libmicrohttpd's
 * own messages at most ten a minute (an attack must not flood the log).
 */
#ifndef MENTOR_HTTPGUARD_H
#define MENTOR_HTTPGUARD_H

#include <microhttpd.h>

struct httpguard_limits {
	unsigned int connections; /* in all */
	unsigned int per_address; /* in all, from one address */
	unsigned int waiting_per_address;
	unsigned int reserve;	      /* kept free for new clients */
	unsigned int request_timeout; /* seconds to send a request */
	unsigned int idle_timeout;    /* seconds without traffic */
};

struct httpguard;

/*
 * Make a guard with these limits and start its thread; name prefixes
 * its log lines.  In test builds the environment variable
 * MENTORLINK_TEST_REQUEST_TIMEOUT (seconds) replaces request_timeout.
 * Returns the guard (free it with httpguard_free() after
 * MHD_stop_daemon()), or NULL when the thread cannot start.
 */
struct httpguard *httpguard_new(
    const struct httpguard_limits *, const char *name);

/*
 * The libmicrohttpd options that apply the guard (connection limits,
 * idle timeout, the connection notifier, the logger for libmicrohttpd's
 * messages), ending in MHD_OPTION_END: give
 * them with MHD_OPTION_ARRAY as the first option (libmicrohttpd wants
 * its logger first).  They live as long as the guard.
 */
struct MHD_OptionItem *httpguard_options(struct httpguard *);

/* The whole request of c (head and body) is in: c is no longer waiting. */
void		       httpguard_received(struct MHD_Connection *c);

/* The answer on c is done (MHD_OPTION_NOTIFY_COMPLETED): waiting again. */
void		       httpguard_completed(struct MHD_Connection *c);

/*
 * The head of the request on c is in (the access handler's first call).
 * Returns 1 if its framing is unambiguous (and, when it has no body, the
 * request counts as received), 0 if it must be refused with 400 and the
 * connection closed (request smuggling): Content-Length and
 * Transfer-Encoding together, either of them twice, or a
 * Transfer-Encoding other than "chunked".
 */
int		       httpguard_head_in(struct MHD_Connection *c);

/*
 * Queue the answer 400 "bad request" with Connection: close on c, for a
 * request httpguard_head_in() refused.  Returns what
 * MHD_queue_response() returns.
 */
enum MHD_Result	       httpguard_refuse(struct MHD_Connection *c);

/*
 * How many connections the guard knows (shut-down ones not yet closed
 * included) and how many of them wait for a request.  For tests.
 */
void		       httpguard_count(
		      struct httpguard *, unsigned int *conns, unsigned int *waiting);

/* Stop the thread and free the guard (NULL is fine). */
void httpguard_free(struct httpguard *);

#endif
