/*
 * sender_http.c - the HTTP providers' side of the sender: requests on
 * the libcurl multi interface, driven by the daemon's loop (socket and
 * timer callbacks to gw_watch()/gw_soon()), one easy handle per slot and
 * reused, so connections stay alive.  A request may carry several
 * messages (GatewayAPI); one refused as a whole is split and each of its
 * messages sent alone, so one bad recipient never fails the others.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "buf.h"
#include "clock.h"
#include "config.h"
#include "gateway.h"
#include "log.h"
#include "metrics.h"
#include "providers/provider.h"
#include "sender_int.h"
#include "store_outbox.h"

static size_t	xfer_write(char *, size_t, size_t, void *);

/*
 * Create the easy handle of a slot with the options every request
 * shares; the provider adds its authentication and headers.
 */
void
xfer_init(struct sender *s, struct xfer *x)
{
	memset(x, 0, sizeof(*x));
	x->snd = s;
	if ((x->easy = curl_easy_init()) == NULL)
		fatalx("curl_easy_init");
	curl_easy_setopt(x->easy, CURLOPT_PRIVATE, x);
	curl_easy_setopt(x->easy, CURLOPT_WRITEFUNCTION, xfer_write);
	curl_easy_setopt(x->easy, CURLOPT_WRITEDATA, x);
	curl_easy_setopt(x->easy, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(x->easy, CURLOPT_TIMEOUT_MS, (long)SEND_TIMEOUT_MS);
	curl_easy_setopt(x->easy, CURLOPT_CONNECTTIMEOUT_MS,
	    (long)SEND_CONNECT_MS);
	curl_easy_setopt(x->easy, CURLOPT_TCP_KEEPALIVE, 1L);
	curl_easy_setopt(x->easy, CURLOPT_TCP_NODELAY, 1L);
	curl_easy_setopt(x->easy, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(x->easy, CURLOPT_POST, 1L);
	s->prov->prepare(s->pctx, x->easy);
	if ((x->claims = calloc(s->prov->max_batch, sizeof(*x->claims))) ==
	    NULL || (x->res = calloc(s->prov->max_batch,
	    sizeof(*x->res))) == NULL)
		fatal("calloc");
}

void
xfer_free(struct xfer *x)
{
	size_t	 i;

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

/* --- libcurl -------------------------------------------------------- */

/* Collect a provider's answer, at most SEND_RESPONSE_MAX bytes. */
static size_t
xfer_write(char *p, size_t size, size_t n, void *arg)
{
	struct xfer	*x = arg;
	size_t		 len = size * n;

	if (x->resp.len + len > SEND_RESPONSE_MAX)
		return 0;	/* CURLE_WRITE_ERROR: retryable */
	buf_append(&x->resp, p, len);
	return len;
}

static void	collect_done(struct sender *);

/* The loop saw activity on one of libcurl's sockets. */
static void
curl_fd_cb(struct gw *gw, int fd, unsigned events, void *arg)
{
	struct sender	*s = arg;
	int		 running, ev = 0;

	if (events & GW_READ)
		ev |= CURL_CSELECT_IN;
	if (events & GW_WRITE)
		ev |= CURL_CSELECT_OUT;
	curl_multi_socket_action(s->multi, fd, ev, &running);
	collect_done(s);
}

/* libcurl tells which sockets to watch. */
int
curl_socket_cb(CURL *easy, curl_socket_t fd, int what, void *arg,
    void *sockp)
{
	struct sender	*s = arg;
	unsigned	 ev = 0;

	if (what == CURL_POLL_REMOVE) {
		gw_unwatch(s->gw, fd);
		return 0;
	}
	if (what == CURL_POLL_IN || what == CURL_POLL_INOUT)
		ev |= GW_READ;
	if (what == CURL_POLL_OUT || what == CURL_POLL_INOUT)
		ev |= GW_WRITE;
	return gw_watch(s->gw, fd, ev, curl_fd_cb, s) == 0 ? 0 : -1;
}

/* libcurl asks to be called after timeout_ms (-1: never). */
int
curl_timer_cb(CURLM *multi, long timeout_ms, void *arg)
{
	struct sender	*s = arg;

	if (timeout_ms < 0) {
		s->curl_timer_ms = -1;
		return 0;
	}
	s->curl_timer_ms = gw_mono_ms() + timeout_ms;
	gw_soon(s->gw, GW_TASK_SENDER, (int)timeout_ms);
	return 0;
}

/* Run libcurl's timeout handling when its timer is due. */
void
curl_timer_check(struct sender *s)
{
	int	 running;

	if (s->curl_timer_ms < 0 || gw_mono_ms() < s->curl_timer_ms)
		return;
	s->curl_timer_ms = -1;
	curl_multi_socket_action(s->multi, CURL_SOCKET_TIMEOUT, 0, &running);
	collect_done(s);
}

/*
 * Classify one finished transfer into x->res[0..nclaims-1].  Transport
 * errors (connect, timeout, reset, oversized answer) are retryable.
 */
static void
xfer_classify(struct sender *s, struct xfer *x, CURLcode rc, long *status)
{
	curl_off_t	 ra = 0;
	size_t		 i;

	memset(x->res, 0, x->nclaims * sizeof(*x->res));
	*status = 0;
	if (rc != CURLE_OK) {
		x->res[0].cls = SEND_RETRY;
		snprintf(x->res[0].reason, sizeof(x->res[0].reason), "%s",
		    curl_easy_strerror(rc));
		provider_result_all(x->res, x->nclaims);
		return;
	}
	curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, status);
	s->prov->parse(s->pctx, *status, x->resp.data, x->resp.len,
	    x->nclaims, x->res);
	if (curl_easy_getinfo(x->easy, CURLINFO_RETRY_AFTER, &ra) !=
	    CURLE_OK || ra <= 0)
		return;
	for (i = 0; i < x->nclaims; i++)
		x->res[i].retry_after = ra > SEND_RETRY_AFTER_MAX ?
		    SEND_RETRY_AFTER_MAX : (int)ra;
}

/*
 * A request with several messages that the provider refused as a whole
 * (a 4xx other than 429, 401 and 403): one of them may be at fault, so
 * each is sent again alone, at once.  Network trouble, 429, 5xx and an
 * account refusal concern every message alike and back off; any 2xx is
 * an acceptance and is never sent again.
 */
static int
xfer_split(struct sender *s, struct xfer *x, CURLcode rc, long status)
{
	size_t	 i;

	if (x->nclaims < 2 || rc != CURLE_OK || x->res[0].cls ==
	    SEND_ACCEPTED || x->res[0].cls == SEND_ACCOUNT ||
	    status == 429 || status >= 500)
		return 0;
	for (i = x->nclaims; i-- > 0;) {
		x->claims[i].solo = 1;
		ready_unpop(s, &x->claims[i]);
	}
	log_debug("sender: request of %zu refused (%s); sending them one "
	    "by one", x->nclaims, x->res[0].reason);
	return 1;
}

/* Record every finished transfer and free its slot. */
static void
collect_done(struct sender *s)
{
	struct xfer		*x;
	CURLMsg			*m;
	long			 status;
	size_t			 i;
	int			 left, any = 0;
	time_t			 now = clock_now();

	while ((m = curl_multi_info_read(s->multi, &left)) != NULL) {
		if (m->msg != CURLMSG_DONE)
			continue;
		curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&x);
		xfer_classify(s, x, m->data.result, &status);
		curl_multi_remove_handle(s->multi, x->easy);
		metrics_observe_latency((double)(gw_mono_ms() - x->started_ms));
		if (!xfer_split(s, x, m->data.result, status))
			for (i = 0; i < x->nclaims; i++) {
				decide(s, &x->claims[i], &x->res[i], now);
				outbox_claim_free(&x->claims[i]);
			}
		s->in_flight -= x->nclaims;
		x->nclaims = 0;
		buf_reset(&x->resp);
		x->busy = 0;
		any = 1;
	}
	metrics_set(GAUGE_IN_FLIGHT, (int64_t)s->in_flight);
	if (any)
		gw_soon(s->gw, GW_TASK_SENDER, 0);
}

/* --- handing messages over ------------------------------------------ */

/* A free slot, or NULL. */
static struct xfer *
xfer_free_slot(struct sender *s)
{
	size_t	 i;

	for (i = 0; i < s->nxfers; i++)
		if (!s->xfers[i].busy)
			return &s->xfers[i];
	return NULL;
}

/*
 * Start the request for the x->nclaims claims in slot x.  Returns 0, or
 * -1 when no request could be made (outcomes recorded, slot free).
 */
static int
xfer_start(struct sender *s, struct xfer *x, time_t now)
{
	size_t	 i;

	memset(x->res, 0, x->nclaims * sizeof(*x->res));
	buf_reset(&x->req.url);
	buf_reset(&x->req.body);
	if (s->prov->build(s->pctx, x->claims, x->nclaims, &x->req,
	    x->res) == -1) {
		if (x->nclaims > 1) {
			for (i = x->nclaims; i-- > 0;) {
				x->claims[i].solo = 1;
				ready_unpop(s, &x->claims[i]);
			}
		} else {
			decide(s, &x->claims[0], &x->res[0], now);
			outbox_claim_free(&x->claims[0]);
		}
		x->nclaims = 0;
		return -1;
	}
	x->busy = 1;
	x->started_ms = gw_mono_ms();
	curl_easy_setopt(x->easy, CURLOPT_URL, buf_str(&x->req.url));
	curl_easy_setopt(x->easy, CURLOPT_POSTFIELDS, buf_str(&x->req.body));
	curl_easy_setopt(x->easy, CURLOPT_POSTFIELDSIZE, (long)x->req.body.len);
	s->in_flight += x->nclaims;
	metrics_add(METRIC_SEND_ATTEMPTS, x->nclaims);
	if (curl_multi_add_handle(s->multi, x->easy) != CURLM_OK) {
		log_warnx("sender: curl_multi_add_handle failed");
		x->res[0].cls = SEND_RETRY;
		snprintf(x->res[0].reason, sizeof(x->res[0].reason),
		    "internal error");
		for (i = 0; i < x->nclaims; i++) {
			decide(s, &x->claims[i], &x->res[0], now);
			outbox_claim_free(&x->claims[i]);
		}
		s->in_flight -= x->nclaims;
		x->nclaims = 0;
		x->busy = 0;
		return -1;
	}
	return 0;
}

/*
 * Gather the next request's claims into slot x: up to max_batch, the
 * messages in flight and the tokens allow; a claim marked solo goes
 * alone.  Expired claims are expired on the way.
 */
static void
gather(struct sender *s, struct xfer *x, time_t now)
{
	struct outbox_claim	 c;
	size_t			 max = s->prov->max_batch;
	size_t			 room = s->nxfers - s->in_flight;
	size_t			 share = (s->nxfers + SEND_REQUESTS - 1) /
				    SEND_REQUESTS;

	/* Spread the window over a few requests so that they overlap. */
	if (share < max)
		max = share;
	if (room < max)
		max = room;
	if (s->tokens < (double)max)
		max = s->tokens < 1.0 ? 1 : (size_t)s->tokens;
	while (x->nclaims < max && ready_pop(s, &c) == 0) {
		if (expire_if_late(s, &c, now))
			continue;
		if (c.solo && x->nclaims > 0) {
			ready_unpop(s, &c);
			break;
		}
		x->claims[x->nclaims++] = c;
		if (c.solo)
			break;
	}
	s->tokens -= (double)x->nclaims;
}

/* HTTP: start requests for ready rows while slots and tokens allow. */
void
start_http(struct sender *s, time_t now)
{
	struct xfer	*x;
	int64_t		 now_ms = gw_mono_ms();

	while (ready_len(s) > 0 && s->in_flight < s->nxfers &&
	    (x = xfer_free_slot(s)) != NULL && may_hand_over(s, now_ms)) {
		gather(s, x, now);
		if (x->nclaims > 0)
			xfer_start(s, x, now);
	}
	metrics_set(GAUGE_IN_FLIGHT, (int64_t)s->in_flight);
}

