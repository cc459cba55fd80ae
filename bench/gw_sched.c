/*
 * gw_sched.c - the scheduler's figures (sms-gateway/scheduler.c,
 * compiled in here):
 *
 *	gw_sched MEETINGS DUE
 *
 * With MEETINGS future meetings (default 1,000,000, spread over a year
 * from the ninth day on) it times an idle tick (nothing due: the
 * reminder cursors, the meeting-change index, the agreement pass), then
 * puts DUE meetings (default 10,000) on the next day and times the tick
 * at 16:00 that queues their day-before reminders (WAL checkpoints on
 * their own thread, as in the daemon); ROUNDS times, a day apart, since
 * one run on a shared machine can be far off (each line says how much
 * CPU time the host took meanwhile: "steal").  Rules: day_before@16:00,
 * hours_before=2.  Figures only.
 */
#include <sys/stat.h>

#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../sms-gateway/metrics.c"
#include "../shared/outbox_text.c"
#include "../sms-gateway/schedtime.c"
#include "../sms-gateway/scheduler.c"
#include "seed.h"
#include "steal.h"
#include "timing.h"

#define CITIZENS 1000
#define ROUNDS	 5 /* reminder ticks timed, a day apart */

/* The task asks main.c this; the benchmark calls scheduler_tick(). */
int
gw_may_send(const struct gw *gw)
{
	return 1;
}

/* CPU time of the process (user + system), ms. */
static double
cpu_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static struct config *
bench_config(const char *dir)
{
	char	       path[128], err[CONFIG_ERR_MAX];
	struct config *cfg;
	FILE	      *f;

	snprintf(path, sizeof(path), "%s/bench.conf", dir);
	if ((f = fopen(path, "w")) == NULL)
		fatal("%s", path);
	fprintf(f,
	    "[organisation]\nname = Bench Kommune\nphone = "
	    "+4544520000\n[database]\npath = bench.db\n[sms]\nsender = "
	    "+4512345678\n[reminders]\nrules = day_before@16:00, "
	    "hours_before=2\n");
	fclose(f);
	if ((cfg = config_load(path, err, sizeof(err))) == NULL)
		fatalx("%s", err);
	return cfg;
}

/* One mentor, CITIZENS citizens with an active agreement each. */
static void
people(struct store *s, int64_t *agreements)
{
	struct staff_rec     st;
	struct citizen_rec   c;
	struct agreement_rec a;
	char		     ext[32], mobile[20];
	int		     i;

	memset(&st, 0, sizeof(st));
	st.external_id = "s-1";
	st.name = "Inger Holm";
	st.mobile = "+4520000001";
	if (store_staff_upsert(s, &st) != STORE_OK)
		fatalx("staff: %s", store_errmsg(s));
	for (i = 0; i < CITIZENS; i++) {
		memset(&c, 0, sizeof(c));
		snprintf(ext, sizeof(ext), "c-%d", i);
		c.external_id = ext;
		snprintf(c.cpr_hash, sizeof(c.cpr_hash), "%064d", i);
		c.given_name = "Mads";
		snprintf(mobile, sizeof(mobile), "+4521%06d", i);
		c.mobile = mobile;
		snprintf(c.language, sizeof(c.language), "da");
		seed_citizen(s, &c, i, &a, ext, sizeof(ext));
		a.mentor_id = st.id;
		a.starts_on = "2026-11-01";
		a.ends_on = "2028-04-30";
		snprintf(a.status, sizeof(a.status), "active");
		if (store_agreement_upsert(s, &a) != STORE_OK)
			fatalx("agreement: %s", store_errmsg(s));
		agreements[i] = a.id;
	}
}

/* n meetings from first, step seconds apart, ids PREFIX-i. */
static void
meetings(struct store *s, const int64_t *agreements, const char *prefix, int n,
    time_t first, int step)
{
	struct meeting_rec m;
	char		   ext[32];
	int		   i;

	if (store_begin(s) != STORE_OK)
		fatalx("begin");
	for (i = 0; i < n; i++) {
		memset(&m, 0, sizeof(m));
		snprintf(ext, sizeof(ext), "%s-%d", prefix, i);
		m.external_id = ext;
		m.agreement_id = agreements[i % CITIZENS];
		m.starts_at = first + (time_t)i * step;
		m.ends_at = m.starts_at + 3600;
		snprintf(m.kind, sizeof(m.kind), "mentor");
		snprintf(m.status, sizeof(m.status), "planned");
		if (store_meeting_upsert(s, &m) != STORE_OK)
			fatalx("meeting: %s", store_errmsg(s));
		if (i % 50000 == 49999 &&
		    (store_commit(s) != STORE_OK || store_begin(s) != STORE_OK))
			fatalx("commit");
	}
	if (store_commit(s) != STORE_OK)
		fatalx("commit");
}

static void
cleanup(const char *dir)
{
	const char *const names[] = { "bench.db", "bench.db-wal",
		"bench.db-shm", "bench.conf" };
	char		  p[160];
	size_t		  i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(p, sizeof(p), "%s/%s", dir, names[i]);
		unlink(p);
	}
	rmdir(dir);
}

static int
num(const char *s, int dflt)
{
	char *end;
	long  v;

	if (s == NULL)
		return dflt;
	v = strtol(s, &end, 10);
	if (*end != '\0' || v < 0 || v > 10000000)
		fatalx("bad number %s", s);
	return (int)v;
}

int
main(int argc, char *argv[])
{
	struct store	  *s;
	struct store_ckpt *ck;
	struct config	  *cfg;
	int64_t		   agreements[CITIZENS];
	char		   dir[64], path[128], err[256];
	time_t		   t0, t, due;
	double		   start, sum = 0, worst = 0, d, cpu, took[ROUNDS];
	struct steal	   st;
	int		   nmeet = num(argc > 1 ? argv[1] : NULL, 1000000);
	int		   ndue = num(argc > 2 ? argv[2] : NULL, 10000);
	int		   i, j, r, queued, ticks = 1000;

	log_init(1, 0);
	clock_init("Europe/Copenhagen");
	/* The allocator settings of sms-gateway's main(). */
	mallopt(M_TRIM_THRESHOLD, 8 * 1024 * 1024);
	mallopt(M_MMAP_THRESHOLD, 1024 * 1024);
	snprintf(dir, sizeof(dir), "%s/gw-sched-XXXXXX",
	    getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (mkdtemp(dir) == NULL)
		fatal("mkdtemp");
	cfg = bench_config(dir);
	snprintf(path, sizeof(path), "%s/bench.db", dir);
	if (store_open(path, STORE_CREATE, &s, err, sizeof(err)) != STORE_OK)
		fatalx("%s", err);
	/* As in sms-gateway: WAL checkpoints on their own thread. */
	if ((ck = store_ckpt_start(path, GW_CKPT_PAGES, err, sizeof(err))) ==
	    NULL)
		fatalx("%s", err);
	store_ckpt_attach(ck, s);
	t0 = clock_from_local(2026, 12, 1, 10, 0);
	clock_set(t0);
	people(s, agreements);
	start = timing_now_ms();
	meetings(s, agreements, "m", nmeet, t0 + 8 * 86400,
	    nmeet > 0 ? 365 * 86400 / nmeet : 1);
	printf("scheduler: %d future meetings stored in %.1f s\n", nmeet,
	    (timing_now_ms() - start) / 1e3);
	/* First tick: cursors start here; the agreement texts go out. */
	scheduler_tick(s, cfg, t0, &queued);
	for (i = 1; i <= ticks; i++) {
		t = t0 + i;
		clock_set(t);
		start = timing_now_ms();
		scheduler_tick(s, cfg, t, &queued);
		d = timing_now_ms() - start;
		sum += d;
		if (d > worst)
			worst = d;
	}
	printf("scheduler: idle tick with %d future meetings: %.3f ms mean, "
	       "%.3f ms worst (%d ticks)\n",
	    nmeet, sum / ticks, worst, ticks);
	for (r = 0; r < ROUNDS; r++) {
		char prefix[16];

		/* DUE meetings the next day 09:00-14:00: due at 16:00. */
		snprintf(prefix, sizeof(prefix), "due%d", r);
		meetings(s, agreements, prefix, ndue,
		    clock_from_local(2026, 12, 2 + r, 9, 0),
		    ndue > 0 ? 5 * 3600 / ndue : 1);
		due = clock_from_local(2026, 12, 1 + r, 16, 0);
		clock_set(due - 1);
		scheduler_tick(s, cfg, due - 1, &queued);
		clock_set(due);
		steal_mark(&st);
		cpu = cpu_ms();
		start = timing_now_ms();
		scheduler_tick(s, cfg, due, &queued);
		d = timing_now_ms() - start;
		cpu = cpu_ms() - cpu;
		printf("scheduler: %d reminders queued in one tick: %.1f ms "
		       "(%.1f us each), CPU %.1f ms, steal %.0f%%\n",
		    queued, d, queued ? d * 1e3 / queued : 0.0, cpu,
		    steal_pct(&st));
		/* Insertion sort: took[] stays ordered. */
		for (j = r; j > 0 && took[j - 1] > d; j--)
			took[j] = took[j - 1];
		took[j] = d;
	}
	printf("scheduler: reminder tick over %d rounds: median %.1f ms, "
	       "best %.1f ms, worst %.1f ms\n",
	    ROUNDS, took[ROUNDS / 2], took[0], took[ROUNDS - 1]);
	store_close(s);
	store_ckpt_stop(ck);
	config_free(cfg);
	cleanup(dir);
	return 0;
}
