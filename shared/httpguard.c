/*
 * httpguard.c - slow clients and ambiguous framing; see httpguard.h.
 */
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/types.h>

#include <netinet/in.h>

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>

#include "clock.h"
#include "httpguard.h"
#include "log.h"

#define GUARD_KEY_LEN	   17	 /* family + 16 address bytes */
#define GUARD_LOG_EVERY_MS 60000 /* at most one summary a minute */
#define GUARD_MHD_LINES	   10	 /* libmicrohttpd lines a minute */
#define GUARD_TICK_MS	   1000	 /* longest sleep of the thread */
#define GUARD_OPTIONS	   5

enum conn_state {
	CONN_WAITING, /* for (the rest of) a request */
	CONN_BUSY,    /* its request is in: being answered */
	CONN_CUT      /* shut down; libmicrohttpd will close it */
};

struct conn {
	struct conn	 *prev, *next;	 /* the waiting list */
	struct conn	 *aprev, *anext; /* every connection */
	struct httpguard *g;
	int		  fd;
	unsigned char	  key[GUARD_KEY_LEN]; /* its address */
	enum conn_state	  state;
	int64_t		  since; /* ms: began waiting */
};

/* What the guard closed since its last log line. */
enum cut_reason {
	CUT_SLOW,    /* waited past the request timeout */
	CUT_ROOM,    /* oldest waiting, to make room */
	CUT_REFUSED, /* new, its address over per_address */
	CUT__MAX
};

struct httpguard {
	pthread_mutex_t		lock;
	pthread_cond_t		wake;
	pthread_t		thread;
	int			stop;
	struct httpguard_limits lim;
	int64_t			timeout_ms; /* lim.request_timeout */
	const char	       *name;
	struct conn	       *head, *tail; /* waiting, oldest first */
	struct conn	       *all;	     /* every connection */
	unsigned int		nconn;	     /* known to the guard */
	unsigned int		ncut;	     /* of those, shut down */
	unsigned int		nwaiting;
	unsigned long		cuts[CUT__MAX];
	int64_t			logged;	     /* ms of the last summary */
	unsigned int		mhd_lines;   /* logged this minute */
	unsigned long		mhd_dropped; /* not logged this minute */
	int64_t			mhd_minute;  /* ms: the minute began */
	struct MHD_OptionItem	opts[GUARD_OPTIONS];
};

/*
 * The address of sa as a key: family and address bytes, the port left
 * out; an IPv4 address mapped into IPv6 is the IPv4 address.
 */
static void
guard_key(const struct sockaddr *sa, unsigned char key[GUARD_KEY_LEN])
{
	const struct sockaddr_in  *in4 = (const void *)sa;
	const struct sockaddr_in6 *in6 = (const void *)sa;

	memset(key, 0, GUARD_KEY_LEN);
	if (sa == NULL)
		return;
	if (sa->sa_family == AF_INET6 &&
	    IN6_IS_ADDR_V4MAPPED(&in6->sin6_addr)) {
		key[0] = AF_INET;
		memcpy(key + 1, &in6->sin6_addr.s6_addr[12], 4);
	} else if (sa->sa_family == AF_INET6) {
		key[0] = AF_INET6;
		memcpy(key + 1, &in6->sin6_addr, 16);
	} else if (sa->sa_family == AF_INET) {
		key[0] = AF_INET;
		memcpy(key + 1, &in4->sin_addr, 4);
	}
}

/* Put c at the end of the waiting list, waiting from now. */
static void
waiting_push(struct httpguard *g, struct conn *c)
{
	c->state = CONN_WAITING;
	c->since = clock_mono_ms();
	c->next = NULL;
	c->prev = g->tail;
	if (g->tail != NULL)
		g->tail->next = c;
	else
		g->head = c;
	g->tail = c;
	g->nwaiting++;
}

/* Take c off the waiting list (it is on it). */
static void
waiting_remove(struct httpguard *g, struct conn *c)
{
	if (c->prev != NULL)
		c->prev->next = c->next;
	else
		g->head = c->next;
	if (c->next != NULL)
		c->next->prev = c->prev;
	else
		g->tail = c->prev;
	c->prev = c->next = NULL;
	g->nwaiting--;
}

/* Shut a waiting connection down; libmicrohttpd then closes it. */
static void
guard_cut(struct httpguard *g, struct conn *c, enum cut_reason why)
{
	if (c == NULL || c->state != CONN_WAITING)
		return;
	waiting_remove(g, c);
	c->state = CONN_CUT;
	g->ncut++;
	g->cuts[why]++;
	(void)shutdown(c->fd, SHUT_RDWR);
}

/*
 * 1 if the socket holds bytes libmicrohttpd has not read yet: a request
 * on its way in (a new client's head, say), not a slow one.
 */
static int
has_unread(int fd)
{
	int n = 0;

	return ioctl(fd, FIONREAD, &n) == 0 && n > 0;
}

/*
 * The connection that has waited longest and has nothing unread, other
 * than not; from the address key only when key is not NULL.  NULL when
 * none.
 */
static struct conn *
oldest_waiting(
    struct httpguard *g, const unsigned char *key, const struct conn * not )
{
	struct conn *c;

	for (c = g->head; c != NULL; c = c->next)
		if (c !=
			not &&(key == NULL ||
			    memcmp(c->key, key, GUARD_KEY_LEN) == 0) &&
		    !has_unread(c->fd))
			return c;
	return NULL;
}

/* How many connections from the address key are waiting, or live. */
static unsigned int
count_from(struct httpguard *g, const unsigned char *key, int waiting)
{
	struct conn *c;
	unsigned int n = 0;

	if (waiting) {
		for (c = g->head; c != NULL; c = c->next)
			n += memcmp(c->key, key, GUARD_KEY_LEN) == 0;
	} else {
		for (c = g->all; c != NULL; c = c->anext)
			n += c->state != CONN_CUT &&
			    memcmp(c->key, key, GUARD_KEY_LEN) == 0;
	}
	return n;
}

/*
 * A new connection c came: keep its address within its share of
 * waiting connections and within per_address (closing c itself when
 * no waiting one can go), and keep the reserve free.
 */
static void
make_room(struct httpguard *g, struct conn *c)
{
	struct conn *old;
	unsigned int live = g->nconn - g->ncut;

	if (g->nwaiting > g->lim.waiting_per_address &&
	    count_from(g, c->key, 1) > g->lim.waiting_per_address)
		guard_cut(g, oldest_waiting(g, c->key, c), CUT_ROOM);
	if (live > g->lim.per_address &&
	    count_from(g, c->key, 0) > g->lim.per_address) {
		if ((old = oldest_waiting(g, c->key, c)) != NULL)
			guard_cut(g, old, CUT_ROOM);
		else
			guard_cut(g, c, CUT_REFUSED);
	}
	live = g->nconn - g->ncut;
	if (live + g->lim.reserve > g->lim.connections)
		guard_cut(g, oldest_waiting(g, NULL, c), CUT_ROOM);
}

/* A connection starts. */
static void
conn_started(struct httpguard *g, struct MHD_Connection *mc, void **ctx)
{
	const union MHD_ConnectionInfo *fd, *addr;
	struct conn		       *c;

	fd = MHD_get_connection_info(mc, MHD_CONNECTION_INFO_CONNECTION_FD);
	addr = MHD_get_connection_info(mc, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (fd == NULL || (c = calloc(1, sizeof(*c))) == NULL)
		return; /* unguarded: libmicrohttpd's limits hold */
	c->g = g;
	c->fd = fd->connect_fd;
	guard_key(addr != NULL ? addr->client_addr : NULL, c->key);
	pthread_mutex_lock(&g->lock);
	g->nconn++;
	c->anext = g->all;
	if (g->all != NULL)
		g->all->aprev = c;
	g->all = c;
	waiting_push(g, c);
	make_room(g, c);
	pthread_mutex_unlock(&g->lock);
	*ctx = c;
}

/* A connection ends (before libmicrohttpd closes its socket). */
static void
conn_closed(struct httpguard *g, void **ctx)
{
	struct conn *c = *ctx;

	if (c == NULL)
		return;
	pthread_mutex_lock(&g->lock);
	if (c->state == CONN_WAITING)
		waiting_remove(g, c);
	else if (c->state == CONN_CUT)
		g->ncut--;
	if (c->aprev != NULL)
		c->aprev->anext = c->anext;
	else
		g->all = c->anext;
	if (c->anext != NULL)
		c->anext->aprev = c->aprev;
	g->nconn--;
	pthread_mutex_unlock(&g->lock);
	free(c);
	*ctx = NULL;
}

/* MHD_OPTION_NOTIFY_CONNECTION callback. */
static void
guard_notify(void *cls, struct MHD_Connection *mc, void **ctx,
    enum MHD_ConnectionNotificationCode code)
{
	if (code == MHD_CONNECTION_NOTIFY_STARTED)
		conn_started(cls, mc, ctx);
	else
		conn_closed(cls, ctx);
}

/* The guard's record of c, or NULL. */
static struct conn *
conn_of(struct MHD_Connection *mc)
{
	const union MHD_ConnectionInfo *info;

	info = MHD_get_connection_info(mc, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	return info != NULL ? info->socket_context : NULL;
}

void
httpguard_received(struct MHD_Connection *mc)
{
	struct conn *c = conn_of(mc);

	if (c == NULL)
		return;
	pthread_mutex_lock(&c->g->lock);
	if (c->state == CONN_WAITING) {
		waiting_remove(c->g, c);
		c->state = CONN_BUSY;
	}
	pthread_mutex_unlock(&c->g->lock);
}

void
httpguard_completed(struct MHD_Connection *mc)
{
	struct conn *c = conn_of(mc);

	if (c == NULL)
		return;
	pthread_mutex_lock(&c->g->lock);
	if (c->state == CONN_WAITING)
		waiting_remove(c->g, c);
	if (c->state != CONN_CUT)
		waiting_push(c->g, c);
	pthread_mutex_unlock(&c->g->lock);
}

/*
 * Log what was closed since the last summary, at most once a minute
 * (called with the lock held; the counts are taken, then logged).
 */
static void
guard_log(struct httpguard *g, int64_t now)
{
	unsigned long n[CUT__MAX];

	memcpy(n, g->cuts, sizeof(n));
	if (n[CUT_SLOW] + n[CUT_ROOM] + n[CUT_REFUSED] == 0 ||
	    now - g->logged < GUARD_LOG_EVERY_MS)
		return;
	g->logged = now;
	memset(g->cuts, 0, sizeof(g->cuts));
	pthread_mutex_unlock(&g->lock);
	log_warnx(
	    "%s: closed %lu connection(s) that sent no complete request "
	    "within %u s, %lu waiting one(s) to make room for new clients, "
	    "%lu new one(s) over the %u per address",
	    g->name, n[CUT_SLOW], (unsigned int)(g->timeout_ms / 1000),
	    n[CUT_ROOM], n[CUT_REFUSED], g->lim.per_address);
	pthread_mutex_lock(&g->lock);
}

/*
 * MHD_OPTION_EXTERNAL_LOGGER: libmicrohttpd's messages (one per closed
 * connection, say) into our log, at most GUARD_MHD_LINES a minute, so
 * an attack cannot flood the journal; the rest are counted.
 */
static void
guard_mhd_log(void *cls, const char *fmt, va_list ap)
{
	struct httpguard *g = cls;
	char		  line[256];
	unsigned long	  dropped = 0;
	int64_t		  now = clock_mono_ms();
	int		  show;

	pthread_mutex_lock(&g->lock);
	if (now - g->mhd_minute >= 60000) {
		dropped = g->mhd_dropped;
		g->mhd_minute = now;
		g->mhd_lines = 0;
		g->mhd_dropped = 0;
	}
	if (!(show = g->mhd_lines < GUARD_MHD_LINES))
		g->mhd_dropped++;
	else
		g->mhd_lines++;
	pthread_mutex_unlock(&g->lock);
	if (dropped > 0)
		log_warnx("%s: mhd: %lu more message(s) in the last minute not "
			  "logged",
		    g->name, dropped);
	if (!show)
		return;
	vsnprintf(line, sizeof(line), fmt, ap);
	line[strcspn(line, "\r\n")] = '\0';
	log_warnx("%s: mhd: %s", g->name, line);
}

/* Wait on the condition until ms on the monotonic clock, or a signal. */
static void
guard_sleep(struct httpguard *g, int64_t until)
{
	struct timespec ts;

	ts.tv_sec = (time_t)(until / 1000);
	ts.tv_nsec = (long)(until % 1000) * 1000000L;
	(void)pthread_cond_timedwait(&g->wake, &g->lock, &ts);
}

/* The thread: close what waited too long, then sleep until the next. */
static void *
guard_main(void *arg)
{
	struct httpguard *g = arg;
	int64_t		  now, next;

	pthread_mutex_lock(&g->lock);
	while (!g->stop) {
		now = clock_mono_ms();
		while (g->head != NULL && now - g->head->since >= g->timeout_ms)
			guard_cut(g, g->head, CUT_SLOW);
		guard_log(g, now);
		next = now + GUARD_TICK_MS;
		if (g->head != NULL && g->head->since + g->timeout_ms < next)
			next = g->head->since + g->timeout_ms;
		if (!g->stop)
			guard_sleep(g, next);
	}
	pthread_mutex_unlock(&g->lock);
	return NULL;
}

/* The request timeout: the limit's, or the test hook's. */
static unsigned int
guard_timeout(const struct httpguard_limits *lim)
{
#ifdef MENTOR_TEST_HOOKS
	const char *env = getenv("MENTORLINK_TEST_REQUEST_TIMEOUT");
	long	    v;
	char	   *end;

	if (env != NULL && *env != '\0') {
		errno = 0;
		v = strtol(env, &end, 10);
		if (errno == 0 && *end == '\0' && v > 0 && v <= 3600)
			return (unsigned int)v;
	}
#endif
	return lim->request_timeout;
}

/* Fill g->opts: the limits and the notifier, for MHD_OPTION_ARRAY. */
static void
guard_fill_options(struct httpguard *g)
{
	const struct MHD_OptionItem opts[GUARD_OPTIONS] = {
		{ MHD_OPTION_EXTERNAL_LOGGER, (intptr_t)guard_mhd_log, g },
		{ MHD_OPTION_CONNECTION_LIMIT, g->lim.connections, NULL },
		{ MHD_OPTION_CONNECTION_TIMEOUT, g->lim.idle_timeout, NULL },
		{ MHD_OPTION_NOTIFY_CONNECTION, (intptr_t)guard_notify, g },
		{ MHD_OPTION_END, 0, NULL },
	};

	memcpy(g->opts, opts, sizeof(opts));
}

struct httpguard *
httpguard_new(const struct httpguard_limits *lim, const char *name)
{
	struct httpguard  *g;
	pthread_condattr_t ca;

	if ((g = calloc(1, sizeof(*g))) == NULL)
		return NULL;
	g->lim = *lim;
	g->timeout_ms = (int64_t)guard_timeout(lim) * 1000;
	g->name = name;
	guard_fill_options(g);
	pthread_mutex_init(&g->lock, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&g->wake, &ca);
	pthread_condattr_destroy(&ca);
	if (pthread_create(&g->thread, NULL, guard_main, g) != 0) {
		pthread_cond_destroy(&g->wake);
		pthread_mutex_destroy(&g->lock);
		free(g);
		return NULL;
	}
	return g;
}

struct MHD_OptionItem *
httpguard_options(struct httpguard *g)
{
	return g->opts;
}

void
httpguard_count(struct httpguard *g, unsigned int *conns, unsigned int *waiting)
{
	pthread_mutex_lock(&g->lock);
	*conns = g->nconn;
	*waiting = g->nwaiting;
	pthread_mutex_unlock(&g->lock);
}

void
httpguard_free(struct httpguard *g)
{
	if (g == NULL)
		return;
	pthread_mutex_lock(&g->lock);
	g->stop = 1;
	pthread_cond_signal(&g->wake);
	pthread_mutex_unlock(&g->lock);
	pthread_join(g->thread, NULL);
	pthread_cond_destroy(&g->wake);
	pthread_mutex_destroy(&g->lock);
	free(g);
}

/* --- framing ------------------------------------------------------------ */

struct framing {
	int lengths;   /* Content-Length headers */
	int encodings; /* Transfer-Encoding headers */
	int chunked;   /* the one encoding is exactly chunked */
};

/* MHD_KeyValueIterator: count the framing headers. */
static enum MHD_Result
framing_header(
    void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	struct framing *f = cls;

	if (strcasecmp(key, MHD_HTTP_HEADER_CONTENT_LENGTH) == 0)
		f->lengths++;
	else if (strcasecmp(key, MHD_HTTP_HEADER_TRANSFER_ENCODING) == 0) {
		f->encodings++;
		f->chunked = value != NULL && strcasecmp(value, "chunked") == 0;
	}
	return MHD_YES;
}

int
httpguard_head_in(struct MHD_Connection *mc)
{
	struct framing f = { 0, 0, 0 };
	const char    *len;

	MHD_get_connection_values(mc, MHD_HEADER_KIND, framing_header, &f);
	if (f.lengths > 1 || f.encodings > 1)
		return 0;
	if (f.encodings == 1 && (f.lengths > 0 || !f.chunked))
		return 0;
	len = MHD_lookup_connection_value(
	    mc, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
	if (f.encodings == 0 && (len == NULL || strcmp(len, "0") == 0))
		httpguard_received(mc);
	return 1;
}

enum MHD_Result
httpguard_refuse(struct MHD_Connection *mc)
{
	static const char    text[] = "bad request\n";
	struct MHD_Response *r;
	enum MHD_Result	     ret;

	r = MHD_create_response_from_buffer(
	    sizeof(text) - 1, (void *)text, MHD_RESPMEM_PERSISTENT);
	if (r == NULL)
		return MHD_NO;
	MHD_add_response_header(
	    r, MHD_HTTP_HEADER_CONTENT_TYPE, "text/plain; charset=utf-8");
	MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONNECTION, "close");
	ret = MHD_queue_response(mc, MHD_HTTP_BAD_REQUEST, r);
	MHD_destroy_response(r);
	return ret;
}
