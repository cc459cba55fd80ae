/*
 * main.c - sms-gateway: the daemon that sends the outbox, queues
 * reminders and notices, and (listener, inbound) receives the
 * provider's webhooks.
 *
 *	sms-gateway -f CONFIG [-n] [-v]
 *
 * One event loop (epoll) on the monotonic clock drives a table of tasks
 * (gateway.h).  The poll timeout is the time to the earliest wish of any
 * task, capped by GW_DB_POLL_MS: at that interval the loop reads
 * PRAGMA data_version and runs every task when another connection (the
 * kiosk, mentorctl, the listener thread) committed, so a login code the
 * kiosk queues is picked up within ~100 ms.
 *
 * A lease row (GW_LEASE_NAME) makes one daemon per database the sender;
 * a second one waits and takes over when the first is gone.  A lease
 * left by a dead process on this host is taken over at once.  A locked
 * database is a wait, never a lost lease (lease_tick()).
 *
 * -n checks what the start needs with the same function the start runs
 * (gw_check), without opening a port.  Files it makes are mode 0600
 * (umask 077).
 *
 * Signals only set flags (and wake the loop): SIGTERM/SIGINT stop
 * claiming, let in-flight sends finish and their outcomes commit, then
 * exit 0 (a second signal exits at once); SIGHUP reloads the
 * configuration and keeps the old one if the new one is invalid.
 */
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <curl/curl.h>

#include "buf.h"
#include "clock.h"
#include "config.h"
#include "datefmt.h"
#include "crypto.h"
#include "escalate.h"
#include "gateway.h"
#include "i18n.h"
#include "inbound.h"
#include "listener.h"
#include "log.h"
#include "metrics.h"
#include "retention.h"
#include "scheduler.h"
#include "sender.h"
#include "store.h"
#include "store_outbox.h"

#define GW_DRAIN_MAX_MS		30000	/* longest wait for in-flight sends */
#define GW_LEASE_RETRY_MS	1000	/* standby or locked: try this often */

struct task {
	const char	*name;
	int		(*start)(struct gw *);
	time_t		(*run)(struct gw *, time_t now);
	void		(*stop)(struct gw *);
};

/*
 * The daemon's tasks, in start order (stopped in reverse).  A row with
 * NULL functions is skipped: the receiving side fills in its rows.
 */
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
	gw_fd_cb	*cb;
	void		*arg;
	unsigned	 events;
	int		 active;
};

struct gw_loop {
	int		 epfd;
	struct watch	*watches;	/* indexed by fd */
	size_t		 nwatches;
	int64_t		 due_ms[GW_TASK__MAX];	/* next run; 0: now */
	int		 started[GW_TASK__MAX];
	int64_t		 data_version;
	int64_t		 db_poll_ms;	/* next data_version read */
	int64_t		 lease_ms;	/* next lease acquire/renew */
	int		 lease_locked;	/* the last try met a locked database */
	struct config	**retired;	/* configurations replaced by SIGHUP */
	size_t		 nretired;
};

static volatile sig_atomic_t	 sig_term, sig_hup;
static int			 wake_fd_global = -1;

static void
usage(void)
{
	fprintf(stderr, "usage: sms-gateway -f CONFIG [-n] [-v]\n");
	exit(2);
}

int64_t
gw_mono_ms(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void
gw_wake(struct gw *gw)
{
	uint64_t	 one = 1;
	int		 fd = gw != NULL ? gw->wake_fd : wake_fd_global;

	if (fd != -1)
		(void)!write(fd, &one, sizeof(one));
}

int
gw_may_send(const struct gw *gw)
{
	return gw->leader && !gw->draining;
}

static void
on_signal(int sig)
{
	int	 saved = errno;

	if (sig == SIGHUP)
		sig_hup = 1;
	else
		sig_term++;
	gw_wake(NULL);
	errno = saved;
}

/* --- fd watches and timers ------------------------------------------ */

int
gw_watch(struct gw *gw, int fd, unsigned events, gw_fd_cb *cb, void *arg)
{
	struct gw_loop		*l = gw->loop;
	struct epoll_event	 ev;
	size_t			 n;

	if (fd < 0)
		return -1;
	if ((size_t)fd >= l->nwatches) {
		n = (size_t)fd + 64;
		if ((l->watches = reallocarray(l->watches, n,
		    sizeof(*l->watches))) == NULL)
			fatal("reallocarray");
		memset(l->watches + l->nwatches, 0,
		    (n - l->nwatches) * sizeof(*l->watches));
		l->nwatches = n;
	}
	memset(&ev, 0, sizeof(ev));
	ev.events = ((events & GW_READ) ? EPOLLIN : 0) |
	    ((events & GW_WRITE) ? EPOLLOUT : 0);
	ev.data.fd = fd;
	if (epoll_ctl(l->epfd, l->watches[fd].active ? EPOLL_CTL_MOD :
	    EPOLL_CTL_ADD, fd, &ev) == -1 &&
	    (errno != ENOENT || epoll_ctl(l->epfd, EPOLL_CTL_ADD, fd,
	    &ev) == -1) && (errno != EEXIST || epoll_ctl(l->epfd,
	    EPOLL_CTL_MOD, fd, &ev) == -1)) {
		log_warn("epoll_ctl fd=%d", fd);
		return -1;
	}
	l->watches[fd] = (struct watch){ cb, arg, events, 1 };
	return 0;
}

void
gw_unwatch(struct gw *gw, int fd)
{
	struct gw_loop	*l = gw->loop;

	if (fd < 0 || (size_t)fd >= l->nwatches || !l->watches[fd].active)
		return;
	(void)epoll_ctl(l->epfd, EPOLL_CTL_DEL, fd, NULL);
	l->watches[fd].active = 0;
}

void
gw_soon(struct gw *gw, enum gw_task_id id, int ms)
{
	int64_t	 t;

	if ((unsigned)id >= GW_TASK__MAX || gw->loop == NULL)
		return;
	t = gw_mono_ms() + (ms > 0 ? ms : 0);
	if (gw->loop->due_ms[id] > t)
		gw->loop->due_ms[id] = t;
}

/* Make every task due now. */
static void
all_due(struct gw *gw)
{
	size_t	 i;

	for (i = 0; i < GW_TASK__MAX; i++)
		gw->loop->due_ms[i] = 0;
}

/* --- lease ---------------------------------------------------------- */

/*
 * If the lease holder is a process on this host that no longer exists,
 * release its lease.  Returns 1 when released.
 */
static int
lease_take_dead(struct gw *gw)
{
	char		 host[256], *holder = NULL, *p, *end;
	time_t		 expires;
	long		 pid;
	size_t		 n;
	int		 taken = 0;

	if (store_lease_get(gw->store, GW_LEASE_NAME, &holder,
	    &expires) != STORE_OK || holder == NULL)
		return 0;
	if (gethostname(host, sizeof(host)) == -1)
		goto out;
	host[sizeof(host) - 1] = '\0';
	n = strlen(host);
	if (strncmp(holder, host, n) != 0 || holder[n] != ':')
		goto out;
	p = holder + n + 1;
	errno = 0;
	pid = strtol(p, &end, 10);
	if (errno != 0 || end == p || *end != ':' || pid <= 0)
		goto out;
	if (kill((pid_t)pid, 0) == -1 && errno == ESRCH &&
	    store_lease_release(gw->store, GW_LEASE_NAME, holder) == STORE_OK) {
		log_info("lease: previous holder pid=%ld is gone; taking over",
		    pid);
		taken = 1;
	}
out:
	free(holder);
	return taken;
}

/*
 * Whether the lease is due for renewal: every GW_LEASE_RENEW seconds on
 * the monotonic clock, and also when the settable clock says so (a clock
 * moved forward must not let the lease run out unrenewed).
 */
static int
lease_due(const struct gw *gw, int64_t now_ms)
{
	if (now_ms >= gw->loop->lease_ms)
		return 1;
	return gw->leader && clock_now() >= gw->lease_until - GW_LEASE_TTL +
	    GW_LEASE_RENEW;
}

/* Log a change of the lease state (e: the last try's result). */
static void
lease_log(const struct gw *gw, enum store_err e)
{
	if (gw->leader)
		log_info("lease: this daemon sends");
	else if (e == STORE_HELD)
		log_info("lease: another daemon holds the sender lease; "
		    "standing by");
	else
		log_warnx("lease: database busy; not sending until the "
		    "lease is renewed");
}

/*
 * Take or renew the sender lease when it is due.  Only STORE_HELD (a
 * live holder that is not us) means another daemon sends.  A locked
 * database says nothing about a rival: the lease stays ours until it
 * would expire (less GW_LEASE_MARGIN) by our clock; only then do we stop
 * handing messages over.  Nothing we hold is given up meanwhile: answers
 * still in flight and outcomes not yet recorded stay with the sender,
 * which records them when the database lets it (sender.c).
 */
static void
lease_tick(struct gw *gw, int64_t now_ms)
{
	struct gw_loop	*l = gw->loop;
	enum store_err	 e;
	time_t		 now;
	int		 was = gw->leader;

	if (!lease_due(gw, now_ms))
		return;
	now = clock_now();
	e = store_lease_acquire(gw->store, GW_LEASE_NAME, gw->holder, now,
	    GW_LEASE_TTL);
	if (e == STORE_HELD && lease_take_dead(gw)) {
		now = clock_now();
		e = store_lease_acquire(gw->store, GW_LEASE_NAME, gw->holder,
		    now, GW_LEASE_TTL);
	}
	if (e == STORE_OK) {
		gw->leader = 1;
		gw->lease_until = now + GW_LEASE_TTL;
		if (l->lease_locked)
			log_info("lease: renewed; the database is free again");
		l->lease_locked = 0;
	} else if (e == STORE_HELD) {
		gw->leader = 0;
		l->lease_locked = 0;
	} else {
		if (!l->lease_locked)
			log_warnx("lease: database busy (%s); renewal postponed, "
			    "this daemon stays the sender until its lease "
			    "expires", store_errmsg(gw->store));
		l->lease_locked = 1;
		gw->leader = gw->leader &&
		    clock_now() < gw->lease_until - GW_LEASE_MARGIN;
	}
	if (gw->leader != was || l->lease_ms == 0) {
		lease_log(gw, e);
		metrics_set(GAUGE_LEADER, gw->leader);
		all_due(gw);
	}
	l->lease_ms = gw_mono_ms() + (e == STORE_OK ? GW_LEASE_RENEW * 1000 :
	    GW_LEASE_RETRY_MS);
}

/* host:pid:random, unique per process start. */
static void
make_holder(struct gw *gw)
{
	char	 host[64], rnd[9];

	if (gethostname(host, sizeof(host)) == -1)
		snprintf(host, sizeof(host), "localhost");
	host[sizeof(host) - 1] = '\0';
	if (crypto_random_token(rnd, sizeof(rnd)) == -1)
		snprintf(rnd, sizeof(rnd), "%08lx", (unsigned long)gw_mono_ms());
	snprintf(gw->holder, sizeof(gw->holder), "%s:%ld:%s", host,
	    (long)getpid(), rnd);
}

/* --- reload --------------------------------------------------------- */

/* Warn about changed settings that only a restart applies. */
static void
reload_warn(const struct config *old, const struct config *new)
{
	static const struct {
		size_t		 off;
		const char	*key;
	} restart_keys[] = {
		{ offsetof(struct config, db_path), "[database] path" },
		{ offsetof(struct config, timezone), "[reminders] timezone" },
		{ offsetof(struct config, sms_listen), "[sms] listen" },
	};
	const char	*a, *b;
	size_t		 i;

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
	struct gw_loop	*l = gw->loop;
	struct config	*cfg;
	char		 err[CONFIG_ERR_MAX];

	if ((cfg = config_load(gw->cfg->path, err, sizeof(err))) == NULL ||
	    sender_check_config(cfg, err, sizeof(err)) == -1) {
		log_warnx("reload: %s; keeping the running configuration", err);
		config_free(cfg);
		return;
	}
	reload_warn(gw->cfg, cfg);
	if ((l->retired = reallocarray(l->retired, l->nretired + 1,
	    sizeof(*l->retired))) == NULL)
		fatal("reallocarray");
	l->retired[l->nretired++] = gw->cfg;
	gw->cfg = cfg;
	(void)datefmt_digits(cfg->org_arabic_digits);	/* checked by load */
	log_setverbose(gw->verbose);
	all_due(gw);
	log_info("reload: configuration %s loaded", cfg->path);
}

/* --- the loop ------------------------------------------------------- */

/* Run every task that is due; remember when each wants to run next. */
static void
run_due(struct gw *gw)
{
	struct gw_loop	*l = gw->loop;
	time_t		 now = clock_now(), next;
	int64_t		 mono = gw_mono_ms(), wish;
	size_t		 i;

	for (i = 0; i < GW_TASK__MAX; i++) {
		if (!l->started[i] || tasks[i].run == NULL ||
		    l->due_ms[i] > mono)
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
	const struct gw_loop	*l = gw->loop;
	int64_t			 now = gw_mono_ms(), t = l->db_poll_ms;
	size_t			 i;

	if (l->lease_ms < t)
		t = l->lease_ms;
	for (i = 0; i < GW_TASK__MAX; i++)
		if (l->started[i] && tasks[i].run != NULL && l->due_ms[i] < t)
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
	uint64_t	 n;

	(void)!read(gw->wake_fd, &n, sizeof(n));
	all_due(gw);
}

/* Wait for activity, call fd callbacks, act on signals. */
static void
poll_once(struct gw *gw)
{
	struct gw_loop		*l = gw->loop;
	struct epoll_event	 evs[64];
	struct watch		*w;
	unsigned		 ev;
	int			 n, i, fd;

	n = epoll_wait(l->epfd, evs, 64, poll_timeout(gw));
	if (n == -1 && errno != EINTR)
		fatal("epoll_wait");
	for (i = 0; i < n; i++) {
		fd = evs[i].data.fd;
		if (fd == gw->wake_fd) {
			drain_wake(gw);
			continue;
		}
		if ((size_t)fd >= l->nwatches || !(w = &l->watches[fd])->active)
			continue;
		ev = ((evs[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR)) ?
		    GW_READ : 0) | ((evs[i].events & EPOLLOUT) ? GW_WRITE : 0);
		w->cb(gw, fd, ev, w->arg);
	}
}

/* Notice commits by other connections every GW_DB_POLL_MS. */
static void
db_poll(struct gw *gw, int64_t now_ms)
{
	struct gw_loop	*l = gw->loop;
	int64_t		 v;

	if (now_ms < l->db_poll_ms)
		return;
	l->db_poll_ms = now_ms + GW_DB_POLL_MS;
	v = store_data_version(gw->store);
	if (v != l->data_version) {
		l->data_version = v;
		all_due(gw);
	}
}

/*
 * The loop: until SIGTERM and the sender is idle (or the drain took too
 * long, or a second SIGTERM came).
 */
static void
loop(struct gw *gw)
{
	int64_t	 drain_end = 0, now;

	for (;;) {
		poll_once(gw);
		now = gw_mono_ms();
		if (sig_hup) {
			sig_hup = 0;
			reload(gw);
		}
		if (sig_term && !gw->draining) {
			log_info("stopping: finishing messages in flight");
			gw->draining = 1;
			drain_end = now + GW_DRAIN_MAX_MS;
			all_due(gw);
		}
		db_poll(gw, now);
		if (!gw->draining)
			lease_tick(gw, now);
		run_due(gw);
		if (gw->draining && (sender_idle(gw) || sig_term > 1 ||
		    gw_mono_ms() >= drain_end))
			break;
	}
	if (!sender_idle(gw))
		log_warnx("stopping with messages in flight; they are sent "
		    "again at the next start");
}

/* --- start and stop ------------------------------------------------- */

/*
 * Keep freed memory instead of returning it to the kernel at every
 * turn: the loop frees and allocates the same few hundred kilobytes per
 * batch, and trimming them costs page faults and TLB flushes (both
 * threads).  RSS stays bounded by the batch, not the backlog.
 */
static void
malloc_tune(void)
{
#ifdef __GLIBC__
	mallopt(M_TRIM_THRESHOLD, 8 * 1024 * 1024);
	mallopt(M_MMAP_THRESHOLD, 1024 * 1024);
	mallopt(M_ARENA_MAX, 2);
#endif
}

static void
signals_init(void)
{
	struct sigaction	 sa;

	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
}

static void
loop_init(struct gw *gw)
{
	struct epoll_event	 ev;

	if ((gw->loop = calloc(1, sizeof(*gw->loop))) == NULL)
		fatal("calloc");
	if ((gw->loop->epfd = epoll_create1(EPOLL_CLOEXEC)) == -1)
		fatal("epoll_create1");
	if ((gw->wake_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)) == -1)
		fatal("eventfd");
	wake_fd_global = gw->wake_fd;
	memset(&ev, 0, sizeof(ev));
	ev.events = EPOLLIN;
	ev.data.fd = gw->wake_fd;
	if (epoll_ctl(gw->loop->epfd, EPOLL_CTL_ADD, gw->wake_fd, &ev) == -1)
		fatal("epoll_ctl");
	gw->loop->data_version = store_data_version(gw->store);
}

static void
tasks_stop(struct gw *gw)
{
	size_t	 i;

	for (i = GW_TASK__MAX; i-- > 0;)
		if (gw->loop->started[i] && tasks[i].stop != NULL)
			tasks[i].stop(gw);
}

static void
tasks_start(struct gw *gw)
{
	size_t	 i;

	for (i = 0; i < GW_TASK__MAX; i++) {
		if (tasks[i].start == NULL && tasks[i].run == NULL)
			continue;
		if (tasks[i].start != NULL && tasks[i].start(gw) == -1) {
			tasks_stop(gw);
			fatalx("task %s could not start", tasks[i].name);
		}
		gw->loop->started[i] = 1;
	}
}

static void
gw_free(struct gw *gw)
{
	struct gw_loop	*l = gw->loop;
	size_t		 i;

	if (gw->leader)
		(void)store_lease_release(gw->store, GW_LEASE_NAME, gw->holder);
	store_close(gw->store);
	store_ckpt_stop(gw->ckpt);	/* after every attached connection */
	for (i = 0; i < l->nretired; i++)
		config_free(l->retired[i]);
	free(l->retired);
	free(l->watches);
	close(l->epfd);
	close(gw->wake_fd);
	wake_fd_global = -1;
	free(l);
	config_free(gw->cfg);
}

/*
 * What the start needs, checked without opening a port: the provider's
 * configuration and credentials, the listener's address, webhook secrets
 * (files and modes) and port file folder, and the database, opened as
 * the start opens it (an older schema is upgraded).  -n runs it, and so
 * does every start, so the two cannot drift.  Returns 0, or -1 with the
 * reasons logged.
 */
static int
gw_check(const struct config *cfg)
{
	struct store	*st;
	char		 err[CONFIG_ERR_MAX];

	if (sender_check_config(cfg, err, sizeof(err)) == -1) {
		log_warnx("%s", err);
		return -1;
	}
	if (listener_check(cfg) == -1)
		return -1;
	if (store_open(cfg->db_path, 0, &st, err, sizeof(err)) != STORE_OK) {
		log_warnx("%s", err);
		return -1;
	}
	store_close(st);
	return 0;
}

/* -n: gw_check(), say OK or NOT OK, free cfg; the exit status. */
static int
check_only(struct config *cfg)
{
	int	 ok = gw_check(cfg) == 0;

	if (ok)
		printf("sms-gateway: configuration %s, credentials, webhook "
		    "secrets and database OK\n", cfg->path);
	else
		fprintf(stderr, "sms-gateway: %s: NOT OK\n", cfg->path);
	config_free(cfg);
	curl_global_cleanup();
	return ok ? 0 : 1;
}

int
main(int argc, char *argv[])
{
	struct gw	 gw;
	const char	*file = NULL;
	char		 err[CONFIG_ERR_MAX];
	int		 ch, check = 0;

	memset(&gw, 0, sizeof(gw));
	gw.wake_fd = -1;
	malloc_tune();
	while ((ch = getopt(argc, argv, "f:nv")) != -1) {
		switch (ch) {
		case 'f':
			file = optarg;
			break;
		case 'n':
			check = 1;
			break;
		case 'v':
			gw.verbose = 1;
			break;
		default:
			usage();
		}
	}
	if (file == NULL || optind != argc)
		usage();
	umask(077);
	log_init(1, gw.verbose);
	if ((gw.cfg = config_load(file, err, sizeof(err))) == NULL)
		fatalx("%s", err);
	clock_init(gw.cfg->timezone);
	(void)datefmt_digits(gw.cfg->org_arabic_digits);
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		fatalx("curl_global_init");
	if (check)
		return check_only(gw.cfg);
	if (gw_check(gw.cfg) == -1)
		fatalx("sms-gateway: %s: cannot start", gw.cfg->path);
	i18n_init();
	if (store_open(gw.cfg->db_path, 0, &gw.store, err, sizeof(err)) !=
	    STORE_OK)
		fatalx("%s", err);
	if ((gw.ckpt = store_ckpt_start(gw.cfg->db_path, GW_CKPT_PAGES, err,
	    sizeof(err))) == NULL)
		fatalx("%s", err);
	store_ckpt_attach(gw.ckpt, gw.store);
	make_holder(&gw);
	loop_init(&gw);
	signals_init();
	tasks_start(&gw);
	log_info("sms-gateway started config=%s provider=%s",
	    gw.cfg->path, gw.cfg->sms_provider);
	loop(&gw);
	tasks_stop(&gw);
	gw_free(&gw);
	curl_global_cleanup();
	log_info("sms-gateway stopped");
	return 0;
}
