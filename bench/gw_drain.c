/*
 * gw_drain.c - sms-gateway benchmarks that need the daemon running:
 *
 *	gw_drain drain N IN_FLIGHT DELAY_MS	drain N queued messages
 *	gw_drain rss N SECONDS			peak RSS with N queued
 *	gw_drain failover N			N login codes, one at a
 *						time, while the first
 *						provider is down
 *
 * Each run makes a folder under $TMPDIR, a database (WAL,
 * synchronous=NORMAL, the daemon's default), starts the fake provider
 * and the daemon (found through $MENTORLINK_BUILD, default "build"),
 * and prints one line of figures.  The daemon's CPU time and peak RSS
 * come from wait4() on the child.  No assertions: figures only.
 */
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "log.h"
#include "store.h"
#include "store_outbox.h"
#include "proc_status.h"
#include "steal.h"
#include "timing.h"

struct run {
	char	      dir[64];
	char	      build[256];
	struct store *s;
	pid_t	      fake, gw;
	int	      fake_port;
};

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void
msleep(int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* Write a file in the run's folder, mode 0600. */
static void
put_file(struct run *r, const char *name, const char *text)
{
	char path[128];
	int  fd;

	snprintf(path, sizeof(path), "%s/%s", r->dir, name);
	if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600)) == -1 ||
	    write(fd, text, strlen(text)) != (ssize_t)strlen(text))
		fatal("%s", path);
	close(fd);
}

/* Start prog with argv; stderr to dir/NAME.log. */
static pid_t
spawn(struct run *r, const char *name, char *const argv[])
{
	char  log[128];
	pid_t pid;
	int   fd;

	snprintf(log, sizeof(log), "%s/%s.log", r->dir, name);
	if ((pid = fork()) == -1)
		fatal("fork");
	if (pid == 0) {
		if ((fd = open(log, O_WRONLY | O_CREAT | O_APPEND, 0600)) != -1)
			dup2(fd, 2);
		if ((fd = open("/dev/null", O_WRONLY)) != -1)
			dup2(fd, 1);
		execv(argv[0], argv);
		_exit(127);
	}
	return pid;
}

/* Wait (10 s) for a port number in dir/name. */
static int
wait_port(struct run *r, const char *name)
{
	char  path[128], text[16];
	FILE *f;
	int   i, port = 0;

	snprintf(path, sizeof(path), "%s/%s", r->dir, name);
	for (i = 0; i < 1000 && port == 0; i++) {
		if ((f = fopen(path, "r")) != NULL) {
			if (fgets(text, sizeof(text), f) != NULL)
				port = (int)strtol(text, NULL, 10);
			fclose(f);
		}
		if (port == 0)
			msleep(10);
	}
	if (port == 0)
		fatalx("no port in %s", path);
	return port;
}

/*
 * Folder, database, fake provider (delay_ms), configuration: GatewayAPI
 * at the fake; with a_down, [sms] providers = gatewayapi, twilio with
 * GatewayAPI refusing connections (port 1) and Twilio at the fake.
 */
static void
setup(struct run *r, int in_flight, int delay_ms, int a_down)
{
	char	    path[512], dl[16], *fake_argv[9];
	struct buf  conf = { 0 };
	const char *b = getenv("MENTORLINK_BUILD");
	char	    err[256];

	snprintf(r->dir, sizeof(r->dir), "%s/gw-bench-XXXXXX",
	    getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (mkdtemp(r->dir) == NULL)
		fatal("mkdtemp");
	snprintf(r->build, sizeof(r->build), "%s", b ? b : "build");
	snprintf(path, sizeof(path), "%s/bench.db", r->dir);
	if (store_open(path, STORE_CREATE, &r->s, err, sizeof(err)) != STORE_OK)
		fatalx("%s", err);
	snprintf(path, sizeof(path), "%s/tests/bin/fake-provider", r->build);
	snprintf(dl, sizeof(dl), "%d", delay_ms);
	fake_argv[0] = path;
	fake_argv[1] = "-p";
	fake_argv[2] = r->dir;
	fake_argv[3] = "-d";
	fake_argv[4] = dl;
	fake_argv[5] = getenv("FAKE_THREADS") ? "-T" : NULL;
	fake_argv[6] = getenv("FAKE_THREADS");
	fake_argv[7] = NULL;
	{
		char pf[128];

		snprintf(pf, sizeof(pf), "%s/fake.port", r->dir);
		fake_argv[2] = pf;
		r->fake = spawn(r, "fake", fake_argv);
	}
	r->fake_port = wait_port(r, "fake.port");
	buf_printf(&conf,
	    "[organisation]\nname = Bench Kommune\nphone = "
	    "+4544520000\n[database]\npath = bench.db\n[sms]\n"
	    "sender = +4512345678\nlisten = 127.0.0.1:0\n"
	    "port_file = gw.port\nmax_in_flight = %d\nrate_per_second = "
	    "100000\n%s[gatewayapi]\nbase_url = http://127.0.0.1:%d\n"
	    "token_file = gw.token\nwebhook_secret_file = gw.secret\n"
	    "[twilio]\nbase_url = http://127.0.0.1:%d\naccount_sid = ACbench\n"
	    "auth_token_file = gw.token\npublic_url = https://sms.example.dk\n",
	    in_flight, a_down ? "providers = gatewayapi, twilio\n" : "",
	    a_down ? 1 : r->fake_port, r->fake_port);
	put_file(r, "bench.conf", buf_str(&conf));
	put_file(r, "gw.token", "bench-token");
	put_file(r, "gw.secret", "bench-secret");
	buf_free(&conf);
}

/* Queue n messages in one transaction. */
static void
fill(struct run *r, int n)
{
	struct outbox_msg m;
	char		  to[20], body[80];
	time_t		  now = time(NULL);
	int		  i;

	memset(&m, 0, sizeof(m));
	m.recipient = to;
	m.body = body;
	m.purpose = "reminder";
	m.send_by = now + 86400;
	if (store_begin(r->s) != STORE_OK)
		fatalx("begin");
	for (i = 0; i < n; i++) {
		snprintf(to, sizeof(to), "+452%07d", i % 10000000);
		snprintf(body, sizeof(body),
		    "Husk dit møde med Inger fra "
		    "Herlev Kommune i morgen kl. 10.00. (%d)",
		    i);
		if (store_outbox_queue(r->s, &m, now, NULL) != STORE_OK)
			fatalx("queue: %s", store_errmsg(r->s));
	}
	if (store_commit(r->s) != STORE_OK)
		fatalx("commit");
}

static int64_t
count(struct run *r, enum outbox_status st)
{
	int64_t n[OUTBOX_STATUS__MAX];

	if (store_outbox_counts(r->s, n) != STORE_OK)
		fatalx("counts");
	return n[st];
}

/* 1 when nothing is queued or sending: two cheap queries while busy. */
static int
drained(struct run *r)
{
	time_t t;

	if (store_outbox_next_due(r->s, &t) != STORE_NOTFOUND)
		return 0;
	return count(r, OUTBOX_SENDING) == 0;
}

static void
start_gw(struct run *r)
{
	char path[512], conf[128], *argv[5];

	snprintf(path, sizeof(path), "%s/bin/sms-gateway", r->build);
	snprintf(conf, sizeof(conf), "%s/bench.conf", r->dir);
	argv[0] = path;
	argv[1] = "-f";
	argv[2] = conf;
	argv[3] = getenv("GW_VERBOSE") ? "-v" : NULL;
	argv[4] = NULL;
	r->gw = spawn(r, "sms-gateway", argv);
	wait_port(r, "gw.port");
}

/* SIGTERM the daemon; its rusage into ru. */
static void
stop_gw(struct run *r, struct rusage *ru)
{
	int status;

	kill(r->gw, SIGTERM);
	if (wait4(r->gw, &status, 0, ru) == -1)
		fatal("wait4");
}

/* Stop the fake provider; its CPU time in ms. */
static double cpu_ms(const struct rusage *);

static double
stop_fake(struct run *r)
{
	struct rusage ru;
	int	      status;

	if (r->fake <= 0)
		return 0;
	kill(r->fake, SIGTERM);
	if (wait4(r->fake, &status, 0, &ru) == -1)
		fatal("wait4");
	r->fake = 0;
	return cpu_ms(&ru);
}

static void
teardown(struct run *r)
{
	char cmd[160];

	stop_fake(r);
	store_close(r->s);
	if (getenv("KEEP_BENCH_DIR") == NULL) {
		snprintf(cmd, sizeof(cmd), "%s", r->dir);
		/* Only our own files are in it. */
		{
			const char *const names[] = { "bench.db",
				"bench.db-wal", "bench.db-shm", "bench.conf",
				"gw.token", "gw.secret", "gw.port", "fake.port",
				"fake.log", "sms-gateway.log" };
			char		  p[160];
			size_t		  i;

			for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
				snprintf(
				    p, sizeof(p), "%s/%s", r->dir, names[i]);
				unlink(p);
			}
		}
		rmdir(cmd);
	}
}

static double
cpu_ms(const struct rusage *ru)
{
	return ru->ru_utime.tv_sec * 1e3 + ru->ru_utime.tv_usec / 1e3 +
	    ru->ru_stime.tv_sec * 1e3 + ru->ru_stime.tv_usec / 1e3;
}

/* drain N IN_FLIGHT DELAY_MS */
static void
bench_drain(int n, int in_flight, int delay_ms)
{
	struct run    r;
	struct rusage ru;
	struct steal  st;
	double	      t0, t1, rate, ideal, fake_ms;

	memset(&r, 0, sizeof(r));
	setup(&r, in_flight, delay_ms, 0);
	fill(&r, n);
	steal_mark(&st);
	start_gw(&r);
	t0 = now_s();
	while (!drained(&r))
		msleep(10);
	t1 = now_s();
	stop_gw(&r, &ru);
	fake_ms = stop_fake(&r);
	rate = n / (t1 - t0);
	printf("drain: %d messages, %d in flight, provider delay %d ms: "
	       "%.0f msg/s, daemon CPU %.4f ms/msg (fake provider %.4f), "
	       "peak RSS %ld KiB",
	    n, in_flight, delay_ms, rate, cpu_ms(&ru) / n, fake_ms / n,
	    ru.ru_maxrss);
	if (delay_ms > 0) {
		ideal = in_flight * 1000.0 / delay_ms;
		printf(", in-flight/RTT %.0f msg/s: %.0f%%", ideal,
		    100.0 * rate / ideal);
	}
	printf(" (WAL, synchronous=NORMAL), steal %.0f%%\n", steal_pct(&st));
	teardown(&r);
}

/* rss N SECONDS: the daemon's peak RSS working on a backlog of N. */
static void
bench_rss(int n, int seconds)
{
	struct run    r;
	struct rusage ru;
	double	      t0;
	int64_t	      sent;
	long	      anon, file;

	memset(&r, 0, sizeof(r));
	setup(&r, 10, 0, 0);
	t0 = now_s();
	fill(&r, n);
	printf("rss: queued %d rows in %.1f s\n", n, now_s() - t0);
	start_gw(&r);
	sleep((unsigned)seconds);
	anon = proc_status_kb(r.gw, "RssAnon");
	file = proc_status_kb(r.gw, "RssFile");
	stop_gw(&r, &ru);
	sent = count(&r, OUTBOX_SENT);
	printf("rss: %d queued, daemon ran %d s and sent %lld: peak RSS "
	       "%.1f MB; at the end %.1f MB private (heap, stacks, SQLite "
	       "cache) + %.1f MB shared library pages\n",
	    n, seconds, (long long)sent, ru.ru_maxrss / 1024.0, anon / 1024.0,
	    file / 1024.0);
	teardown(&r);
}

/* The status of row id. */
static enum outbox_status
row_status(struct run *r, int64_t id)
{
	struct outbox_rec  rec;
	enum outbox_status st;

	if (store_outbox_get(r->s, id, &rec) != STORE_OK)
		fatalx("no row %lld", (long long)id);
	st = rec.status;
	outbox_rec_free(&rec);
	return st;
}

/*
 * failover N: login codes queued one at a time, as the kiosk does, while
 * the first provider refuses connections: milliseconds from queued to
 * accepted by the second (the first code also meets the refusal).
 */
static void
bench_failover(int n)
{
	struct run	  r;
	struct rusage	  ru;
	struct outbox_msg m;
	double		 *ms, t0;
	int64_t		  id;
	int		  i;

	memset(&r, 0, sizeof(r));
	if ((ms = calloc((size_t)n, sizeof(*ms))) == NULL)
		fatal("calloc");
	setup(&r, 10, 0, 1);
	start_gw(&r);
	memset(&m, 0, sizeof(m));
	m.recipient = "+4520000001";
	m.body = "Din kode er 123456";
	m.purpose = "login_code";
	for (i = 0; i < n; i++) {
		m.send_by = time(NULL) + 300;
		t0 = now_s();
		if (store_outbox_queue(r.s, &m, time(NULL), &id) != STORE_OK)
			fatalx("queue: %s", store_errmsg(r.s));
		while (row_status(&r, id) != OUTBOX_SENT)
			msleep(1);
		ms[i] = (now_s() - t0) * 1000.0;
	}
	stop_gw(&r, &ru);
	printf("failover: login code queued to accepted while the first "
	       "provider refuses connections: first %.0f ms, ",
	    ms[0]);
	qsort(ms, (size_t)n, sizeof(*ms), timing_cmp);
	printf("p50 %.0f ms, p95 %.0f ms, max %.0f ms over %d codes "
	       "(target 300 ms)\n",
	    ms[n / 2], ms[n * 95 / 100], ms[n - 1], n);
	free(ms);
	teardown(&r);
}

static int
num(const char *s)
{
	char *end;
	long  v = strtol(s, &end, 10);

	if (*end != '\0' || v < 0 || v > 100000000)
		fatalx("bad number %s", s);
	return (int)v;
}

int
main(int argc, char *argv[])
{
	log_init(1, 0);
	signal(SIGPIPE, SIG_IGN);
	if (argc == 5 && strcmp(argv[1], "drain") == 0)
		bench_drain(num(argv[2]), num(argv[3]), num(argv[4]));
	else if (argc == 4 && strcmp(argv[1], "rss") == 0)
		bench_rss(num(argv[2]), num(argv[3]));
	else if (argc == 3 && strcmp(argv[1], "failover") == 0 &&
	    num(argv[2]) > 0)
		bench_failover(num(argv[2]));
	else {
		fprintf(stderr,
		    "usage: gw_drain drain N IN_FLIGHT DELAY_MS | "
		    "rss N SECONDS | failover N\n");
		return 2;
	}
	return 0;
}
