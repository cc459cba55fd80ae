/*
 * intake.c - owns storing the listener's webhooks: a writer thread
 * with group commit.  See intake.h.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "gateway.h"
#include "intake.h"
#include "log.h"
#include "metrics.h"
#include "store.h"
#include "store_inbox.h"

#define INTAKE_BATCH_MAX 512 /* events per transaction at most */

/* Events queued or being stored (not yet committed), all intakes. */
static atomic_uint     backlog;
/* When the last batch was stored (clock_mono_ms()), all intakes. */
static _Atomic int64_t last_stored_ms;

struct intake {
	pthread_t	    thread;
	pthread_mutex_t	    lock;
	pthread_cond_t	    cond;
	struct intake_item *head, *tail; /* under lock */
	size_t		    queued;	 /* under lock */
	int		    stopping;	 /* under lock */
	int		    closed;	 /* under lock: thread gone */
	struct store	   *store;	 /* the thread's */
	void (*done)(struct intake_item *, void *);
	void (*stored)(void *);
	void *cbarg;
};

/* Store one event; sets item->duplicate.  Returns the store's result. */
static enum store_err
store_item(struct store *s, struct intake_item *it, time_t now)
{
	const struct webhook_event *ev = &it->ev;
	struct inbox_event	    in;
	struct report_event	    rep;

	if (ev->is_report) {
		rep = (struct report_event){ ev->provider, ev->event_id,
			ev->provider_id, ev->reference, ev->status,
			ev->error[0] ? ev->error : NULL };
		return store_report_add(s, &rep, now, NULL, &it->duplicate);
	}
	in = (struct inbox_event){ ev->provider, ev->provider_id, ev->sender,
		ev->receiver[0] ? ev->receiver : NULL, ev->text };
	return store_inbox_add(s, &in, now, NULL, &it->duplicate);
}

/*
 * Store a batch in one transaction and hand every item back.  A failed
 * batch answers 503 for all of it: the providers retry.
 */
static void
store_batch(struct intake *in, struct intake_item *batch)
{
	struct intake_item *it, *next;
	enum store_err	    e;
	time_t		    now = clock_now();
	int		    fresh = 0;

	e = store_begin(in->store);
	for (it = batch; it != NULL && e == STORE_OK; it = it->next)
		e = store_item(in->store, it, now);
	if (e == STORE_OK)
		e = store_commit(in->store);
	if (e != STORE_OK) {
		log_warnx("intake: cannot store webhook events: %s",
		    store_errmsg(in->store));
		store_rollback(in->store);
	}
	for (it = batch; it != NULL; it = next) {
		next = it->next;
		it->status = e == STORE_OK ? 200 : 503;
		if (e == STORE_OK) {
			metrics_inc(it->duplicate ? METRIC_WEBHOOK_DUPLICATE
						  : METRIC_WEBHOOK_STORED);
			fresh |= !it->duplicate;
		}
		in->done(it, in->cbarg);
	}
	if (fresh && in->stored != NULL)
		in->stored(in->cbarg);
}

/*
 * Take up to INTAKE_BATCH_MAX queued items (waiting for one), *np of
 * them; NULL when stopping and nothing is left.
 */
static struct intake_item *
take_batch(struct intake *in, size_t *np)
{
	struct intake_item *batch, *last;
	size_t		    n;

	pthread_mutex_lock(&in->lock);
	while (in->head == NULL && !in->stopping)
		pthread_cond_wait(&in->cond, &in->lock);
	batch = last = in->head;
	for (n = 1; last != NULL && last->next != NULL && n < INTAKE_BATCH_MAX;
	     n++)
		last = last->next;
	if (last != NULL) {
		in->head = last->next;
		if (in->head == NULL)
			in->tail = NULL;
		last->next = NULL;
		in->queued -= n;
	}
	*np = n;
	if (batch == NULL)
		in->closed = 1;
	pthread_mutex_unlock(&in->lock);
	return batch;
}

/* The writer thread. */
static void *
intake_writer(void *arg)
{
	struct intake	   *in = arg;
	struct intake_item *batch;
	size_t		    n;

	/* The backlog counts a batch until it is committed. */
	while ((batch = take_batch(in, &n)) != NULL) {
		store_batch(in, batch);
		atomic_store(&last_stored_ms, clock_mono_ms());
		atomic_fetch_sub(&backlog, n);
	}
	return NULL;
}

/* See intake.h. */
struct intake *
intake_start(const char *db_path, struct store_ckpt *ckpt,
    void (*done)(struct intake_item *, void *), void (*stored)(void *),
    void *cbarg)
{
	struct intake *in;
	char	       err[256];

	if ((in = calloc(1, sizeof(*in))) == NULL)
		fatal("%s", __func__);
	if (store_open(db_path, 0, &in->store, err, sizeof(err)) != STORE_OK) {
		log_warnx("intake: %s", err);
		free(in);
		return NULL;
	}
	store_inbox_tune_listener(in->store);
	store_ckpt_attach(ckpt, in->store);
	in->done = done;
	in->stored = stored;
	in->cbarg = cbarg;
	pthread_mutex_init(&in->lock, NULL);
	pthread_cond_init(&in->cond, NULL);
	if (pthread_create(&in->thread, NULL, intake_writer, in) != 0) {
		log_warnx("intake: cannot start the writer thread");
		store_close(in->store);
		free(in);
		return NULL;
	}
	return in;
}

/* See intake.h. */
int
intake_push(struct intake *in, struct intake_item *it)
{
	int rv = 0;

	it->next = NULL;
	pthread_mutex_lock(&in->lock);
	if (in->stopping || in->closed)
		rv = -1;
	else {
		if (in->tail != NULL)
			in->tail->next = it;
		else
			in->head = it;
		in->tail = it;
		in->queued++;
		atomic_fetch_add(&backlog, 1);
		pthread_cond_signal(&in->cond);
	}
	pthread_mutex_unlock(&in->lock);
	return rv;
}

/* See intake.h. */
unsigned int
intake_backlog(void)
{
	return atomic_load(&backlog);
}

/* See intake.h. */
int64_t
intake_quiet_ms(void)
{
	int64_t last = atomic_load(&last_stored_ms);

	return last == 0 ? INT64_MAX : clock_mono_ms() - last;
}

/* See intake.h. */
void
intake_stop(struct intake *in)
{
	if (in == NULL || in->store == NULL)
		return;
	pthread_mutex_lock(&in->lock);
	in->stopping = 1;
	pthread_cond_signal(&in->cond);
	pthread_mutex_unlock(&in->lock);
	pthread_join(in->thread, NULL);
	store_close(in->store);
	in->store = NULL;
}

/* See intake.h. */
void
intake_free(struct intake *in)
{
	if (in == NULL)
		return;
	intake_stop(in);
	pthread_mutex_destroy(&in->lock);
	pthread_cond_destroy(&in->cond);
	free(in);
}
