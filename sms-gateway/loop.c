/*
 * loop.c - owns the daemon's event loop: one epoll on the monotonic
 * clock drives the table of tasks (gateway.h).  The poll timeout is the
 * time to the earliest wish of any task, capped by GW_DB_POLL_MS: at
 * that interval the loop reads PRAGMA data_version and runs every task
 * when another connection (the kiosk, mentorctl, the listener thread)
 * committed, so a login code the kiosk queues is picked up within
 * ~100 ms.  It also renews the sender lease (lease.c).
 *
 * Signals arrive on a signalfd, never in a handler: SIGTERM/SIGINT stop
 * claiming, let in-flight sends finish and their outcomes commit, then
 * the loop ends (a second signal ends it at once); SIGHUP reloads the
 * configuration and keeps the old one if the new one is invalid.
 */
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/signalfd.h>

#include <errno.h>
#include <signal.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clock.h"
#include "config.h"
#include "datefmt.h"
#include "escalate.h"
#include "gateway.h"
#include "inbound.h"
#include "lease.h"
#include "listener.h"
#include "log.h"
#include "loop.h"
#include "retention.h"
#include "scheduler.h"
#include "sender.h"
#include "store.h"

#define GW_DRAIN_MAX_MS 30000 /* longest wait for in-flight sends */

struct task {
	const char *name;
	int (*start)(struct gw *);
	time_t (*run)(struct gw *, time_t now);
	void (*stop)(struct gw *);
};

/* The daemon's tasks, in start order (stopped in reverse). */
static const struct task tasks[GW_TASK__MAX] = {
	[GW_TASK_LISTENER] = { "listener", listener_start, listener_run,
	    listener_stop },
	[GW_TASK_SENDER] = { "sender", sender_start, sender_run, sender_stop },
	[GW_TASK_SCHEDULER] = { "scheduler", scheduler_start, scheduler_run,
	    scheduler_stop },
	[GW_TASK_INBOUND] = { "inbound", inbound_start, inbound_run,
	    inbound_stop },
	[GW_TASK_ESCALATION] = { "escalation", escalate_start, escalate_run,
	    escalate_stop },
	[GW_TASK_RETENTION] = { "retention", retention_start, retention_run,
	    retention_stop },
};

struct watch {
	gw_fd_cb *cb;
	void	 *arg;
	unsigned  events;
	int	  active;
};

struct gw_loop {
	int		epfd;
	int		sigfd;	 /* SIGTERM, SIGINT, SIGHUP */
	unsigned	nterm;	 /* SIGTERM/SIGINT seen */
	int		hup;	 /* SIGHUP seen, not yet acted on */
	struct watch   *watches; /* indexed by fd */
	size_t		nwatches;
	int64_t		due_ms[GW_TASK__MAX]; /* next run; 0: now */
	int		started[GW_TASK__MAX];
	int64_t		data_version;
	int64_t		db_poll_ms; /* next data_version read */
	struct config **retired;    /* configurations replaced by SIGHUP */
	size_t		nretired;
};

void
gw_wake(struct gw *gw)
{
	uint64_t one = 1;

	if (gw->wake_fd != -1)
		(void)!write(gw->wake_fd, &one, sizeof(one));
}

int
gw_may_send(const struct gw *gw)
{
	return gw->leader && !gw->draining;
}

/* --- fd watches and timers ------------------------------------------ */

/* Poll fd in the loop (epoll_ctl, adding or changing as needed). */
static int
epoll_set(int epfd, int fd, unsigned events, int known)
{
	struct epoll_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.events = ((events & GW_READ) ? EPOLLIN : 0) |
	    ((events & GW_WRITE) ? EPOLLOUT : 0);
	ev.data.fd = fd;
	if (epoll_ctl(epfd, known ? EPOLL_CTL_MOD : EPOLL_CTL_ADD, fd, &ev) ==
		-1 &&
	    (errno != ENOENT ||
		epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev) == -1) &&
	    (errno != EEXIST || epoll_ctl(epfd, EPOLL_CTL_MOD, fd, &ev) == -1))
		return -1;
	return 0;
}

int
gw_watch(struct gw *gw, int fd, unsigned events, gw_fd_cb *cb, void *arg)
{
	struct gw_loop *l = gw->loop;
	size_t		n;

	if (fd < 0)
		return -1;
	if ((size_t)fd >= l->nwatches) {
		n = (size_t)fd + 64;
		if ((l->watches = reallocarray(
			 l->watches, n, sizeof(*l->watches))) == NULL)
			fatal("reallocarray");
		memset(l->watches + l->nwatches, 0,
		    (n - l->nwatches) * sizeof(*l->watches));
		l->nwatches = n;
	}
	if (epoll_set(l->epfd, fd, events, l->watches[fd].active) == -1) {
		log_warn("epoll_ctl fd=%d", fd);
		return -1;
	}
	l->watches[fd] = (struct watch){ cb, arg, events, 1 };
	return 0;
}

void
gw_unwatch(struct gw *gw, int fd)
{
	struct gw_loop *l = gw->loop;

	if (fd < 0 || (size_t)fd >= l->nwatches || !l->watches[fd].active)
		return;
	(void)epoll_ctl(l->epfd, EPOLL_CTL_DEL, fd, NULL);
	l->watches[fd].active = 0;
}

void
gw_soon(struct gw *gw, enum gw_task_id id, int ms)
{
	int64_t t;

	if ((unsigned)id >= GW_TASK__MAX || gw->loop == NULL)
		return;
	t = clock_mono_ms() + (ms > 0 ? ms : 0);
	if (gw->loop->due_ms[id] > t)
		gw->loop->due_ms[id] = t;
}

/* Make every task due now. */
static void
all_due(struct gw *gw)
{
	size_t i;

	for (i = 0; i < GW_TASK__MAX; i++)
		gw->loop->due_ms[i] = 0;
}

/* --- reload --------------------------------------------------------- */

/* Warn about changed settings that only a restart applies. */
static void
reload_warn(const struct config *old, const struct config *new)
{
	static const struct {
		size_t	    off;
		const char *key;
	} restart_keys[] = {
		{ offsetof(struct config, db_path), "[database] path" },
		{ offsetof(struct config, timezone), "[reminders] timezone" },
		{ offsetof(struct config, sms_listen), "[sms] listen" },
	};
	const char *a, *b;
	size_t	    i;

	for (i = 0; i < sizeof(restart_keys) / sizeof(restart_keys[0]); i++) {
		a = *(char *const *)((const char *)old + restart_keys[i].off);
		b = *(char *const *)((const char *)new + restart_keys[i].off);
		if ((a == NULL) != (b == NULL) || (a && strcmp(a, b) != 0))
			log_warnx("reload: %s changed; restart to apply it",
			    restart_keys[i].key);
	}
}

/* SIGHUP: load the file again; keep the running one if it is bad. */
static void
reload(struct gw *gw)
{
	struct gw_loop *l = gw->loop;
	struct config  *cfg;
	char		err[CONFIG_ERR_MAX];

	if ((cfg = config_load(gw->cfg->path, err, sizeof(err))) == NULL ||
	    sender_check_config(cfg, err, sizeof(err)) == -1) {
		log_warnx("reload: %s; keeping the running configuration", err);
		config_free(cfg);
		return;
	}
	reload_warn(gw->cfg, cfg);
	if ((l->retired = reallocarray(
		 l->retired, l->nretired + 1, sizeof(*l->retired))) == NULL)
		fatal("reallocarray");
	l->retired[l->nretired++] = gw->cfg;
	gw->cfg = cfg;
	(void)datefmt_digits(cfg->org_arabic_digits); /* checked by load */
	log_setverbose(gw->verbose);
	all_due(gw);
	log_info("reload: configuration %s loaded", cfg->path);
}

/* --- the loop ------------------------------------------------------- */

/* Run every task that is due; remember when each wants to run next. */
static void
run_due(struct gw *gw)
{
	struct gw_loop *l = gw->loop;
	time_t		now = clock_now(), next;
	int64_t		mono = clock_mono_ms(), wish;
	size_t		i;

	for (i = 0; i < GW_TASK__MAX; i++) {
		if (!l->started[i] || l->due_ms[i] > mono)
			continue;
		l->due_ms[i] = mono + GW_TICK_MAX_MS;
		next = tasks[i].run(gw, now);
		if (next == 0)
			continue;
		wish = next <= now ? mono : mono + (int64_t)(next - now) * 1000;
		if (wish < l->due_ms[i])
			l->due_ms[i] = wish;
	}
}

/* Milliseconds the loop may sleep. */
static int
poll_timeout(const struct gw *gw)
{
	const struct gw_loop *l = gw->loop;
	int64_t		      now = clock_mono_ms(), t = l->db_poll_ms;
	size_t		      i;

	if (lease_next_ms(gw) < t)
		t = lease_next_ms(gw);
	for (i = 0; i < GW_TASK__MAX; i++)
		if (l->started[i] && l->due_ms[i] < t)
			t = l->due_ms[i];
	t -= now;
	if (t < 0)
		return 0;
	return t > GW_TICK_MAX_MS ? GW_TICK_MAX_MS : (int)t;
}

/* Empty the wake-up counter. */
static void
drain_wake(struct gw *gw)
{
	uint64_t n;

	(void)!read(gw->wake_fd, &n, sizeof(n));
	all_due(gw);
}

/* Count the signals that came. */
static void
drain_signals(struct gw *gw)
{
	struct gw_loop	       *l = gw->loop;
	struct signalfd_siginfo si;

	while (read(l->sigfd, &si, sizeof(si)) == (ssize_t)sizeof(si)) {
		if (si.ssi_signo == SIGHUP)
			l->hup = 1;
		else
			l->nterm++;
	}
	all_due(gw);
}

/* Wait for activity, call fd callbacks, note signals. */
static void
poll_once(struct gw *gw)
{
	struct gw_loop	  *l = gw->loop;
	struct epoll_event evs[64];
	struct watch	  *w;
	unsigned	   ev;
	int		   n, i, fd;

	n = epoll_wait(l->epfd, evs, 64, poll_timeout(gw));
	if (n == -1 && errno != EINTR)
		fatal("epoll_wait");
	for (i = 0; i < n; i++) {
		fd = evs[i].data.fd;
		if (fd == gw->wake_fd) {
			drain_wake(gw);
			continue;
		}
		if (fd == l->sigfd) {
			drain_signals(gw);
			continue;
		}
		if ((size_t)fd >= l->nwatches || !(w = &l->watches[fd])->active)
			continue;
		ev =
		    ((evs[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR)) ? GW_READ
								       : 0) |
		    ((evs[i].events & EPOLLOUT) ? GW_WRITE : 0);
		w->cb(gw, fd, ev, w->arg);
	}
}

/* Notice commits by other connections every GW_DB_POLL_MS. */
static void
db_poll(struct gw *gw, int64_t now_ms)
{
	struct gw_loop *l = gw->loop;
	int64_t		v;

	if (now_ms < l->db_poll_ms)
		return;
	l->db_poll_ms = now_ms + GW_DB_POLL_MS;
	v = store_data_version(gw->store);
	if (v != l->data_version) {
		l->data_version = v;
		all_due(gw);
	}
}

void
gw_loop_run(struct gw *gw)
{
	struct gw_loop *l = gw->loop;
	int64_t		drain_end = 0, now;

	for (;;) {
		poll_once(gw);
		now = clock_mono_ms();
		if (l->hup) {
			l->hup = 0;
			reload(gw);
		}
		if (l->nterm > 0 && !gw->draining) {
			log_info("stopping: finishing messages in flight");
			gw->draining = 1;
			drain_end = now + GW_DRAIN_MAX_MS;
			all_due(gw);
		}
		db_poll(gw, now);
		if (!gw->draining && lease_tick(gw, now))
			all_due(gw);
		run_due(gw);
		if (gw->draining &&
		    (sender_idle(gw) || l->nterm > 1 ||
			clock_mono_ms() >= drain_end))
			break;
	}
	if (!sender_idle(gw))
		log_warnx("stopping with messages in flight; they are sent "
			  "again at the next start");
}

/* --- start and stop ------------------------------------------------- */

/* Poll fd for reading in the loop itself (not a task's watch). */
static void
loop_own_fd(struct gw_loop *l, int fd)
{
	if (epoll_set(l->epfd, fd, GW_READ, 0) == -1)
		fatal("epoll_ctl");
}

static void
tasks_stop(struct gw *gw)
{
	size_t i;

	for (i = GW_TASK__MAX; i-- > 0;)
		if (gw->loop->started[i])
			tasks[i].stop(gw);
}

void
gw_loop_start(struct gw *gw, const sigset_t *set)
{
	struct gw_loop *l;
	size_t		i;

	if ((l = gw->loop = calloc(1, sizeof(*gw->loop))) == NULL)
		fatal("calloc");
	if ((l->epfd = epoll_create1(EPOLL_CLOEXEC)) == -1)
		fatal("epoll_create1");
	if ((gw->wake_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)) == -1)
		fatal("eventfd");
	if ((l->sigfd = signalfd(-1, set, SFD_NONBLOCK | SFD_CLOEXEC)) == -1)
		fatal("signalfd");
	loop_own_fd(l, gw->wake_fd);
	loop_own_fd(l, l->sigfd);
	l->data_version = store_data_version(gw->store);
	for (i = 0; i < GW_TASK__MAX; i++) {
		if (tasks[i].start(gw) == -1) {
			tasks_stop(gw);
			fatalx("task %s could not start", tasks[i].name);
		}
		l->started[i] = 1;
	}
}

void
gw_loop_stop(struct gw *gw)
{
	struct gw_loop *l = gw->loop;
	size_t		i;

	tasks_stop(gw);
	for (i = 0; i < l->nretired; i++)
		config_free(l->retired[i]);
	free(l->retired);
	free(l->watches);
	close(l->epfd);
	close(l->sigfd);
	close(gw->wake_fd);
	gw->wake_fd = -1;
	free(l);
	gw->loop = NULL;
}
