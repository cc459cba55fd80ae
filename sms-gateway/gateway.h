/*
 * gateway - what the daemon's tasks share: the configuration, the main
 * loop's store connection, the lease and one opaque slot per task.
 *
 * The daemon is one poll loop (loop.c) driving a table of tasks:
 *
 *	struct task {
 *		const char *name;
 *		int	(*start)(struct gw *);		0 ok, -1 fatal at start-up
 *		time_t	(*run)(struct gw *, time_t now);
 *		void	(*stop)(struct gw *);
 *	};
 *
 * run() does the work that is due at `now` (clock_now(), UTC seconds) in
 * bounded batches and returns the next instant it wants to run, 0 for "no
 * wish" (it still runs at least every GW_TICK_MAX_MS, and whenever the
 * database changes or gw_wake() is called).  A task that has more work
 * ready returns `now` and is called again after the loop has polled.
 * start() runs once after the store is open; stop() once at exit, after
 * the last run(), in reverse table order.
 *
 * Tasks that own sockets (the sender's libcurl handles) register them
 * with gw_watch(): the loop polls them (epoll) together with its wake-up
 * descriptor, and calls the callback on activity.  gw_soon() asks for a
 * task's run() within a number of milliseconds (sub-second timers, rate
 * limits, work signalled from a callback); run() return values are in
 * whole seconds on the settable clock, gw_soon() on the monotonic clock.
 *
 * Threads: every field here belongs to the loop thread.  A task that
 * runs its own thread (the listener) copies what it needs from cfg in
 * start(), opens its own store connection and talks back to the loop
 * only through gw_wake() and the metrics (metrics.h).
 *
 * Reload (SIGHUP): the loop loads the new file; if it is valid, gw->cfg
 * points to the new configuration before the next run().  The previous
 * configuration stays allocated until the daemon exits, so pointers a
 * task or thread copied from it stay valid.
 */
#ifndef MENTOR_GATEWAY_H
#define MENTOR_GATEWAY_H

#include <signal.h>
#include <stdint.h>
#include <time.h>

struct config;
struct store;
struct gw_loop;

/* One slot per task in loop.c's table, in table order. */
enum gw_task_id {
	GW_TASK_LISTENER,   /* webhooks, /metrics, /healthz (gateway-receive) */
	GW_TASK_SENDER,	    /* outbox sender (sender.c) */
	GW_TASK_SCHEDULER,  /* reminders and notices (scheduler.c) */
	GW_TASK_INBOUND,    /* inbound router (gateway-receive) */
	GW_TASK_ESCALATION, /* contact escalation (gateway-receive) */
	GW_TASK_RETENTION,  /* purging old bodies (gateway-receive) */
	GW_TASK__MAX
};

#define GW_HOLDER_MAX	96 /* "host:pid:random" */
#define GW_LEASE_NAME	"sender"
#define GW_LEASE_TTL	30 /* seconds; renewed every GW_LEASE_RENEW */
#define GW_LEASE_RENEW	10
#define GW_LEASE_MARGIN 5    /* stop handing over this long before expiry */
#define GW_TICK_MAX_MS	1000 /* longest poll wait */
#define GW_DB_POLL_MS	100  /* PRAGMA data_version polling interval */
/*
 * WAL pages that start a checkpoint (on its own thread).  4,000 (16 MB)
 * rather than SQLite's 1,000: the sender rewrites the same hot pages, so
 * a rarer checkpoint copies far fewer pages back.
 */
#define GW_CKPT_PAGES 4000

struct gw {
	struct config	  *cfg;	  /* current configuration */
	struct store	  *store; /* the loop thread's connection */
	struct store_ckpt *ckpt;  /* checkpoints off the writers' threads */
	char		   holder[GW_HOLDER_MAX]; /* our lease holder id */
	int		   leader; /* 1 while we hold the sender lease */
	time_t	lease_until;	   /* its expiry as last renewed (clock_now) */
	int64_t lease_ms;	   /* next acquire/renew (lease.c) */
	int	lease_locked;	   /* the last try met a locked database */
	int	draining;	   /* SIGTERM seen: finish, claim nothing new */
	int	verbose;
	int	wake_fd;	    /* eventfd the loop polls; see gw_wake() */
	void   *task[GW_TASK__MAX]; /* each task's own state */
	struct gw_loop *loop;	    /* loop.c's private loop state */
};

#define GW_READ	 0x01
#define GW_WRITE 0x02

typedef void gw_fd_cb(struct gw *, int fd, unsigned events, void *arg);

/*
 * Poll fd for events (GW_READ | GW_WRITE) in the loop and call cb with
 * the events seen.  Calling it again for the same fd replaces events, cb
 * and arg.  Loop thread only.  Returns 0, or -1 (logged) on failure.
 */
int  gw_watch(struct gw *, int fd, unsigned events, gw_fd_cb *cb, void *arg);
/* Stop polling fd (before closing it).  Loop thread only. */
void gw_unwatch(struct gw *, int fd);
/*
 * Run task id's run() within ms milliseconds (0: in this loop turn, after
 * the fd callbacks).  The earliest request wins.  Loop thread only.
 */
void gw_soon(struct gw *, enum gw_task_id id, int ms);

/*
 * Wake the loop from any thread (async-signal-safe too): the loop runs
 * every task soon after (clock_mono_ms() is the loop's clock).  Never fails; a full counter is a wake-up too.
 */
void gw_wake(struct gw *);

/*
 * 1 when tasks that send or write on the daemon's behalf may act: this
 * process holds the lease and is not draining.  Tasks that only answer
 * requests (the listener) need not check.
 */
int  gw_may_send(const struct gw *);

#endif
