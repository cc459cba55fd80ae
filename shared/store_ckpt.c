/*
 * store_ckpt.c - WAL checkpoints on a thread of their own.  See store.h.
 *
 * SQLite checkpoints on the connection that commits the page that takes
 * the WAL past its limit, inside that commit's call: the daemon's event
 * loop or the webhook writer would wait for the copy and its two fsyncs.
 * Here the writers' connections only note the WAL's size (a WAL hook)
 * and wake this thread, which copies back with a PASSIVE checkpoint:
 * writers and readers go on meanwhile.
 *
 * The WAL starts over only when a writer begins while every page in it
 * has been copied back.  Under steady writing that moment may not come
 * (pages arrive while a checkpoint copies), so the WAL grows on; the
 * next checkpoint then waits until another quarter of the limit has
 * arrived, rather than chasing each commit (which would write the same
 * hot pages to disk over and over).  Once a second passes without a
 * checkpoint, what is left of a WAL of a quarter of the limit or more is
 * copied back, so a quiet WAL starts over at its next write.  From twice
 * the limit the thread chases the tail: it copies back what came in
 * during the last checkpoint, again and again (each round is short),
 * until a writer finds nothing left to copy and starts the WAL over.
 *
 * At three times the limit a RESTART checkpoint takes the write lock,
 * copies the rest, waits for readers of the old WAL and starts it over:
 * its size stays bounded.  Writers wait meanwhile: two fsyncs, a few
 * milliseconds, and at most CKPT_BUSY_MS for readers; a reader that
 * takes longer makes the RESTART give up (the WAL grows on, as it must
 * while someone reads it) and it is tried again later.  A larger bound
 * would make RESTARTs rarer, but a long WAL makes every append grow the
 * file, which stalls writers more often.
 *
 * The file itself: each attached connection gets journal_size_limit =
 * that bound, so the first commit after the WAL starts over cuts a file
 * that a long reader made grow back to it (SQLite truncates only then).
 * Below the bound the file keeps its size and is reused.
 */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "log.h"
#include "store_int.h"

#define CKPT_CHASE_FACTOR   2	   /* chase the tail from twice the limit */
#define CKPT_CHASE_ROUNDS   64	   /* checkpoints in one chase at most */
#define CKPT_RESTART_FACTOR 3	   /* RESTART at three times the limit */
#define CKPT_IDLE_SEC	    1	   /* copy back the rest after this */
#define CKPT_BUSY_STEP_NS   50000L /* wait for a lock in 50 us steps */
#define CKPT_BUSY_MS	    20	   /* for at most this long */

struct store_ckpt {
	pthread_t	thread;
	pthread_mutex_t lock;
	pthread_cond_t	cond;
	int		wanted;	   /* under lock: a writer asked */
	int		stopping;  /* under lock */
	int		pages;	   /* the limit */
	atomic_int	wal_pages; /* the WAL's size at the last commit */
	atomic_int	copied;	   /* its size at the last checkpoint */
	atomic_uint	runs;	   /* checkpoints done */
	struct store   *store;	   /* the thread's connection */
};

/*
 * The WAL hook of an attached connection: called after each commit with
 * the WAL's size in pages.  Wakes the thread once the limit is reached.
 */
static int
wal_hook(void *arg, sqlite3 *db, const char *name, int pages)
{
	struct store_ckpt *ck = arg;

	int		   copied;

	(void)db;
	(void)name;
	atomic_store(&ck->wal_pages, pages);
	copied = atomic_load(&ck->copied);
	/* Below the limit; or grown too little since the last checkpoint. */
	if (pages < ck->pages ||
	    (pages >= copied && pages < copied + ck->pages / 4))
		return SQLITE_OK;
	pthread_mutex_lock(&ck->lock);
	if (!ck->wanted) {
		ck->wanted = 1;
		pthread_cond_signal(&ck->cond);
	}
	pthread_mutex_unlock(&ck->lock);
	return SQLITE_OK;
}

/*
 * Busy handler of the thread's connection: only a RESTART waits (for the
 * write lock, then for readers while holding it), so wait briefly.
 */
static int
ckpt_busy(void *arg, int tries)
{
	struct timespec ts = { 0, CKPT_BUSY_STEP_NS };

	(void)arg;
	if (tries >= CKPT_BUSY_MS * 1000000L / CKPT_BUSY_STEP_NS)
		return 0;
	nanosleep(&ts, NULL);
	return 1;
}

/* One checkpoint of the given mode; returns SQLite's result. */
static int
checkpoint_once(struct store_ckpt *ck, int mode)
{
	int log = 0, done = 0, rc;

	rc = sqlite3_wal_checkpoint_v2(ck->store->db, NULL, mode, &log, &done);
	if (done >= 0) /* -1: another checkpoint was running */
		atomic_store(&ck->copied, done);
	if (rc != SQLITE_OK && rc != SQLITE_BUSY)
		log_warnx("checkpoint: %s", sqlite3_errmsg(ck->store->db));
	else
		log_debug("checkpoint: %s, %d of %d pages copied back",
		    mode == SQLITE_CHECKPOINT_RESTART ? "restart" : "passive",
		    done, log);
	atomic_fetch_add(&ck->runs, 1);
	return rc;
}

/*
 * A checkpoint; RESTART when the WAL has grown far past the limit.  From
 * twice the limit, chase the tail: copy back what arrived meanwhile, again
 * while there is some (each round is short), so that a writer finds all
 * of it copied and starts the WAL over by itself, with no one waiting.
 */
static void
ckpt_checkpoint(struct store_ckpt *ck)
{
	int pages, i;

	if (atomic_load(&ck->wal_pages) >= ck->pages * CKPT_RESTART_FACTOR) {
		checkpoint_once(ck, SQLITE_CHECKPOINT_RESTART);
		return;
	}
	if (checkpoint_once(ck, SQLITE_CHECKPOINT_PASSIVE) != SQLITE_OK)
		return;
	for (i = 0; i < CKPT_CHASE_ROUNDS; i++) {
		pages = atomic_load(&ck->wal_pages);
		/* Small, all copied (a writer will start over), started over. */
		if (pages < ck->pages * CKPT_CHASE_FACTOR ||
		    pages <= atomic_load(&ck->copied))
			break;
		if (checkpoint_once(ck, SQLITE_CHECKPOINT_PASSIVE) != SQLITE_OK)
			break;
	}
}

/*
 * After a quiet second: is there enough not yet copied back to bother?
 * (A WAL below a quarter of the limit is left as SQLite would leave it.)
 */
static int
idle_work(struct store_ckpt *ck)
{
	int pages = atomic_load(&ck->wal_pages);

	return pages != atomic_load(&ck->copied) && pages >= ck->pages / 4;
}

/*
 * The thread: wait for a writer's call, or a second with pages not yet
 * copied back; checkpoint; again.
 */
static void *
ckpt_thread_main(void *arg)
{
	struct store_ckpt *ck = arg;
	struct timespec	   until;
	int		   rc = 0;

	pthread_mutex_lock(&ck->lock);
	for (;;) {
		clock_gettime(CLOCK_MONOTONIC, &until);
		until.tv_sec += CKPT_IDLE_SEC;
		while (!ck->wanted && !ck->stopping && rc != ETIMEDOUT)
			rc = pthread_cond_timedwait(
			    &ck->cond, &ck->lock, &until);
		if (ck->stopping)
			break;
		if (!ck->wanted && !idle_work(ck)) {
			rc = 0;
			continue;
		}
		rc = 0;
		pthread_mutex_unlock(&ck->lock);
		ckpt_checkpoint(ck);
		pthread_mutex_lock(&ck->lock);
		ck->wanted = 0; /* calls made during it saw the old size */
	}
	pthread_mutex_unlock(&ck->lock);
	return NULL;
}

/* See store.h. */
struct store_ckpt *
store_ckpt_start(const char *path, int pages, char *err, size_t errlen)
{
	struct store_ckpt *ck;
	pthread_condattr_t ca;

	if ((ck = calloc(1, sizeof(*ck))) == NULL)
		fatal("%s", __func__);
	if (store_open(path, 0, &ck->store, err, errlen) != STORE_OK) {
		free(ck);
		return NULL;
	}
	/* Its own checkpoints only; never one inside a commit of its own. */
	sqlite3_wal_autocheckpoint(ck->store->db, 0);
	/*
	 * A RESTART holds the write lock while it waits for readers of the
	 * old WAL to finish: wait for them in small steps, not SQLite's
	 * milliseconds, and not for long, or every writer waits too.
	 */
	sqlite3_busy_handler(ck->store->db, ckpt_busy, NULL);
	ck->pages = pages > 0 ? pages : 1;
	pthread_mutex_init(&ck->lock, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&ck->cond, &ca);
	pthread_condattr_destroy(&ca);
	if (pthread_create(&ck->thread, NULL, ckpt_thread_main, ck) != 0) {
		snprintf(err, errlen, "cannot start the checkpoint thread");
		store_close(ck->store);
		pthread_mutex_destroy(&ck->lock);
		pthread_cond_destroy(&ck->cond);
		free(ck);
		return NULL;
	}
	return ck;
}

/* The database's page size in bytes (4096 when it cannot be read). */
static int64_t
page_size(struct store *s)
{
	sqlite3_stmt *st;
	int64_t	      n = 4096;

	if ((st = store_stmt(s, "PRAGMA page_size")) == NULL)
		return n;
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return n;
}

/* See store.h. */
void
store_ckpt_attach(struct store_ckpt *ck, struct store *s)
{
	char sql[64];

	if (ck == NULL || s == NULL || s->readonly)
		return;
	/* Replaces SQLite's automatic checkpoint, which is a WAL hook too. */
	sqlite3_wal_hook(s->db, wal_hook, ck);
	/* A file grown past the bound shrinks when the WAL starts over. */
	snprintf(sql, sizeof(sql), "PRAGMA journal_size_limit = %lld",
	    (long long)ck->pages * CKPT_RESTART_FACTOR * page_size(s));
	(void)sqlite3_exec(s->db, sql, NULL, NULL, NULL);
}

/* See store.h. */
unsigned int
store_ckpt_runs(struct store_ckpt *ck)
{
	return ck == NULL ? 0 : atomic_load(&ck->runs);
}

/* See store.h. */
void
store_ckpt_stop(struct store_ckpt *ck)
{
	if (ck == NULL)
		return;
	pthread_mutex_lock(&ck->lock);
	ck->stopping = 1;
	pthread_cond_signal(&ck->cond);
	pthread_mutex_unlock(&ck->lock);
	pthread_join(ck->thread, NULL);
	store_close(ck->store);
	pthread_mutex_destroy(&ck->lock);
	pthread_cond_destroy(&ck->cond);
	free(ck);
}
