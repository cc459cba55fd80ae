/*
 * sender_http.c - owns the HTTP providers' requests: a pool of slots on
 * the libcurl multi interface, driven by the daemon's loop (socket and
 * timer callbacks to gw_watch()/gw_soon()), one easy handle per slot and
 * reused, so connections stay alive.  A request may carry several
 * messages (GatewayAPI); one refused as a whole goes back to the sender
 * to be sent again message by message, so one bad recipient never fails
 * the others.  See sender_http.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "buf.h"
#include "clock.h"
#include "gateway.h"
#include "log.h"
#include "metrics.h"
#include "providers/provider.h"
#include "sender_http.h"
#include "store_outbox.h"

#define SEND_CONNECT_MS	  5000
#define SEND_RESPONSE_MAX 65536 /* cap on a provider's answer */

struct xfer {
	struct http_pool       *pool;
	CURL		       *easy;
	int			busy;
	struct outbox_claim    *claims; /* max_batch of them */
	struct send_result     *res;
	size_t			nclaims;
	struct provider_request req;
	struct buf		resp;
	int64_t			started_ms;
};

struct http_pool {
	struct gw	      *gw;
	const struct provider *prov; /* prov and pctx: the provider_use */
	void		      *pctx;
	struct http_owner      owner;
	CURLM		      *multi;
	struct xfer	      *xfers;
	size_t		       nxfers;
	size_t		       in_flight;
	int64_t		       timer_ms; /* libcurl's timer; -1: none */
};

static size_t xfer_write(char *, size_t, size_t, void *);
static void   collect_done(struct http_pool *);

/*
 * Create the easy handle of a slot with the options every request
 * shares; the provider adds its authentication and headers.
 */
static void
xfer_init(struct http_pool *hp, struct xfer *x)
{
	memset(x, 0, sizeof(*x));
	x->pool = hp;
	if ((x->easy = curl_easy_init()) == NULL)
		fatalx("curl_easy_init");
	curl_easy_setopt(x->easy, CURLOPT_PRIVATE, x);
	curl_easy_setopt(x->easy, CURLOPT_WRITEFUNCTION, xfer_write);
	curl_easy_setopt(x->easy, CURLOPT_WRITEDATA, x);
	curl_easy_setopt(x->easy, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(
	    x->easy, CURLOPT_CONNECTTIMEOUT_MS, (long)SEND_CONNECT_MS);
	curl_easy_setopt(x->easy, CURLOPT_TCP_KEEPALIVE, 1L);
	curl_easy_setopt(x->easy, CURLOPT_TCP_NODELAY, 1L);
	curl_easy_setopt(x->easy, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(x->easy, CURLOPT_POST, 1L);
	hp->prov->prepare(hp->pctx, x->easy);
	if ((x->claims = calloc(hp->prov->max_batch, sizeof(*x->claims))) ==
		NULL ||
	    (x->res = calloc(hp->prov->max_batch, sizeof(*x->res))) == NULL)
		fatal("calloc");
}

/* Free what slot x holds (claims not finished stay `sending`). */
static void
xfer_free(struct xfer *x)
{
	size_t i;

	if (x->easy != NULL)
		curl_easy_cleanup(x->easy);
	buf_free(&x->req.url);
	buf_free(&x->req.body);
	buf_free(&x->resp);
	for (i = 0; i < x->nclaims; i++)
		outbox_claim_free(&x->claims[i]);
	free(x->claims);
	free(x->res);
	memset(x, 0, sizeof(*x));
}

/*
 * Give the claims of slot x back to the owner: with their answers, or
 * (alone set) to be sent again one by one.  The slot is empty after.
 */
static void
xfer_give_back(struct xfer *x, int alone, time_t now)
{
	struct http_pool *hp = x->pool;

	if (alone)
		hp->owner.resend_alone(hp->owner.arg, x->claims, x->nclaims);
	else
		hp->owner.done(
		    hp->owner.arg, x->claims, x->res, x->nclaims, now);
	x->nclaims = 0;
}

/* --- libcurl -------------------------------------------------------- */

/* Collect a provider's answer, at most SEND_RESPONSE_MAX bytes. */
static size_t
xfer_write(char *p, size_t size, size_t n, void *arg)
{
	struct xfer *x = arg;
	size_t	     len = size * n;

	if (x->resp.len + len > SEND_RESPONSE_MAX)
		return 0; /* CURLE_WRITE_ERROR: retryable */
	buf_append(&x->resp, p, len);
	return len;
}

/* The loop saw activity on one of libcurl's sockets. */
static void
http_fd_cb(struct gw *gw, int fd, unsigned events, void *arg)
{
	struct http_pool *hp = arg;
	int		  running, ev = 0;

	if (events & GW_READ)
		ev |= CURL_CSELECT_IN;
	if (events & GW_WRITE)
		ev |= CURL_CSELECT_OUT;
	curl_multi_socket_action(hp->multi, fd, ev, &running);
	collect_done(hp);
}

/* libcurl tells which sockets to watch (CURLMOPT_SOCKETFUNCTION). */
static int
http_socket_cb(CURL *easy, curl_socket_t fd, int what, void *arg, void *sockp)
{
	struct http_pool *hp = arg;
	unsigned	  ev = 0;

	if (what == CURL_POLL_REMOVE) {
		gw_unwatch(hp->gw, fd);
		return 0;
	}
	if (what == CURL_POLL_IN || what == CURL_POLL_INOUT)
		ev |= GW_READ;
	if (what == CURL_POLL_OUT || what == CURL_POLL_INOUT)
		ev |= GW_WRITE;
	return gw_watch(hp->gw, fd, ev, http_fd_cb, hp) == 0 ? 0 : -1;
}

/*
 * libcurl asks to be called after timeout_ms, -1: never
 * (CURLMOPT_TIMERFUNCTION).
 */
static int
http_timer_cb(CURLM *multi, long timeout_ms, void *arg)
{
	struct http_pool *hp = arg;

	if (timeout_ms < 0) {
		hp->timer_ms = -1;
		return 0;
	}
	hp->timer_ms = clock_mono_ms() + timeout_ms;
	gw_soon(hp->gw, GW_TASK_SENDER, (int)timeout_ms);
	return 0;
}

void
http_pool_timeouts(struct http_pool *hp)
{
	int running;

	if (hp->timer_ms < 0 || clock_mono_ms() < hp->timer_ms)
		return;
	hp->timer_ms = -1;
	curl_multi_socket_action(hp->multi, CURL_SOCKET_TIMEOUT, 0, &running);
	collect_done(hp);
}

/*
 * Classify one finished transfer into x->res[0..nclaims-1].  Transport
 * errors (connect, timeout, reset, oversized answer) are retryable; when
 * the request had gone out, uncertain.
 */
static void
xfer_classify(struct http_pool *hp, struct xfer *x, CURLcode rc, long *status)
{
	curl_off_t ra = 0;
	long	   sent = 0;
	size_t	   i;

	memset(x->res, 0, x->nclaims * sizeof(*x->res));
	*status = 0;
	if (rc != CURLE_OK) {
		x->res[0].cls = SEND_RETRY;
		snprintf(x->res[0].reason, sizeof(x->res[0].reason), "%s",
		    curl_easy_strerror(rc));
		/* Out on the wire, unanswered: it may have arrived. */
		x->res[0].uncertain =
		    curl_easy_getinfo(x->easy, CURLINFO_REQUEST_SIZE, &sent) ==
			CURLE_OK &&
		    sent > 0;
		provider_result_all(x->res, x->nclaims);
		return;
	}
	curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, status);
	hp->prov->parse(
	    hp->pctx, *status, x->resp.data, x->resp.len, x->nclaims, x->res);
	if (curl_easy_getinfo(x->easy, CURLINFO_RETRY_AFTER, &ra) != CURLE_OK ||
	    ra <= 0)
		return;
	for (i = 0; i < x->nclaims; i++)
		x->res[i].retry_after =
		    ra > SEND_RETRY_AFTER_MAX ? SEND_RETRY_AFTER_MAX : (int)ra;
}

/*
 * Whether a request with several messages was refused as a whole (a 4xx
 * other than 429, 401 and 403): one of them may be at fault, so each is
 * sent again alone, at once.  Network trouble, 429, 5xx and an account
 * refusal concern every message alike and back off; any 2xx is an
 * acceptance and is never sent again.
 */
static int
xfer_refused_whole(const struct xfer *x, CURLcode rc, long status)
{
	return x->nclaims >= 2 && rc == CURLE_OK &&
	    x->res[0].cls != SEND_ACCEPTED && x->res[0].cls != SEND_ACCOUNT &&
	    status != 429 && status < 500;
}

/* Give back every finished transfer and free its slot. */
static void
collect_done(struct http_pool *hp)
{
	struct xfer *x;
	CURLMsg	    *m;
	long	     status;
	size_t	     n;
	int	     left, alone, any = 0;
	time_t	     now = clock_now();

	while ((m = curl_multi_info_read(hp->multi, &left)) != NULL) {
		if (m->msg != CURLMSG_DONE)
			continue;
		curl_easy_getinfo(
		    m->easy_handle, CURLINFO_PRIVATE, (char **)&x);
		xfer_classify(hp, x, m->data.result, &status);
		curl_multi_remove_handle(hp->multi, x->easy);
		metrics_observe_latency(
		    (double)(clock_mono_ms() - x->started_ms));
		alone = xfer_refused_whole(x, m->data.result, status);
		if (alone)
			log_debug("sender: request of %zu refused (%s); "
				  "sending them one by one",
			    x->nclaims, x->res[0].reason);
		n = x->nclaims;
		xfer_give_back(x, alone, now);
		hp->in_flight -= n;
		buf_reset(&x->resp);
		x->busy = 0;
		any = 1;
	}
	if (any)
		gw_soon(hp->gw, GW_TASK_SENDER, 0);
}

/* --- handing messages over ------------------------------------------ */

/* A free slot, or NULL. */
static struct xfer *
xfer_free_slot(const struct http_pool *hp)
{
	size_t i;

	for (i = 0; i < hp->nxfers; i++)
		if (!hp->xfers[i].busy)
			return &hp->xfers[i];
	return NULL;
}

int
http_pool_has_slot(const struct http_pool *hp)
{
	return hp->in_flight < hp->nxfers && xfer_free_slot(hp) != NULL;
}

size_t
http_pool_in_flight(const struct http_pool *hp)
{
	return hp->in_flight;
}

void
http_pool_send(struct http_pool *hp, const struct outbox_claim *c, size_t n,
    time_t now, long timeout_ms)
{
	struct xfer *x;

	if ((x = xfer_free_slot(hp)) == NULL)
		fatalx("http_pool_send: no free slot");
	memcpy(x->claims, c, n * sizeof(*c));
	x->nclaims = n;
	memset(x->res, 0, n * sizeof(*x->res));
	buf_reset(&x->req.url);
	buf_reset(&x->req.body);
	if (hp->prov->build(hp->pctx, x->claims, n, &x->req, x->res) == -1) {
		xfer_give_back(x, n > 1, now);
		return;
	}
	x->busy = 1;
	x->started_ms = clock_mono_ms();
	curl_easy_setopt(x->easy, CURLOPT_TIMEOUT_MS, timeout_ms);
	curl_easy_setopt(x->easy, CURLOPT_URL, buf_str(&x->req.url));
	curl_easy_setopt(x->easy, CURLOPT_POSTFIELDS, buf_str(&x->req.body));
	curl_easy_setopt(x->easy, CURLOPT_POSTFIELDSIZE, (long)x->req.body.len);
	hp->in_flight += n;
	metrics_add(METRIC_SEND_ATTEMPTS, n);
	if (curl_multi_add_handle(hp->multi, x->easy) != CURLM_OK) {
		log_warnx("sender: curl_multi_add_handle failed");
		x->res[0].cls = SEND_RETRY;
		snprintf(x->res[0].reason, sizeof(x->res[0].reason),
		    "internal error");
		provider_result_all(x->res, n);
		xfer_give_back(x, 0, now);
		hp->in_flight -= n;
		x->busy = 0;
	}
}

/* --- the pool ------------------------------------------------------- */

struct http_pool *
http_pool_new(struct gw *gw, const struct provider_use *p, size_t slots,
    const struct http_owner *owner)
{
	struct http_pool *hp;
	size_t		  i;

	if ((hp = calloc(1, sizeof(*hp))) == NULL ||
	    (hp->xfers = calloc(slots, sizeof(*hp->xfers))) == NULL)
		fatal("calloc");
	hp->gw = gw;
	hp->prov = p->ops;
	hp->pctx = p->ctx;
	hp->owner = *owner;
	hp->nxfers = slots;
	hp->timer_ms = -1;
	if ((hp->multi = curl_multi_init()) == NULL)
		fatalx("curl_multi_init");
	curl_multi_setopt(hp->multi, CURLMOPT_SOCKETFUNCTION, http_socket_cb);
	curl_multi_setopt(hp->multi, CURLMOPT_SOCKETDATA, hp);
	curl_multi_setopt(hp->multi, CURLMOPT_TIMERFUNCTION, http_timer_cb);
	curl_multi_setopt(hp->multi, CURLMOPT_TIMERDATA, hp);
	curl_multi_setopt(hp->multi, CURLMOPT_MAXCONNECTS, (long)slots);
	for (i = 0; i < slots; i++)
		xfer_init(hp, &hp->xfers[i]);
	return hp;
}

void
http_pool_free(struct http_pool *hp)
{
	size_t i;

	if (hp == NULL)
		return;
	for (i = 0; i < hp->nxfers; i++) {
		if (hp->xfers[i].busy)
			curl_multi_remove_handle(hp->multi, hp->xfers[i].easy);
		xfer_free(&hp->xfers[i]); /* still `sending`: reconciled */
	}
	curl_multi_cleanup(hp->multi);
	free(hp->xfers);
	free(hp);
}
