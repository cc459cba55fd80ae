/*
 * listener.c - owns the HTTP listener (libmicrohttpd): its gates, the
 * routes (every provider's webhooks from providers/provider.c's table,
 * /metrics, /healthz) and handing verified events to the intake.  See
 * listener.h.
 *
 * One internal epoll thread serves every connection, so the listener's
 * store connection is only ever used by that thread.  A request passes
 * these gates in order: known path (404), method (405), content type
 * (415), declared and actual body size (413), signature (401), body
 * syntax and fields (400); then it is stored and answered 200, or 503
 * when the database cannot take it (the provider retries).
 */
#include <sys/types.h>
#include <sys/socket.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>

#include "buf.h"
#include "clock.h"
#include "config.h"
#include "crypto.h"
#include "daemon.h"
#include "gateway.h"
#include "httpguard.h"
#include "intake.h"
#include "listener.h"
#include "log.h"
#include "metrics.h"
#include "providers/provider.h"
#include "store.h"
#include "webhook.h"

#define LISTEN_MEMORY  (32 * 1024) /* per connection: header cap */
#define LISTEN_URI_MAX 2048
#define LISTEN_WAKE_MS 20 /* loop wake-ups during a burst */

/*
 * Connections: 512 in all, 32 of them kept free for new clients; one
 * address (a TLS proxy is one) may hold 256, of which 64 waiting for a
 * request (a proxy's pool of idle connections: more of them opened at
 * once lose the oldest idle ones); a request must be in within 10 s of the connection's start
 * or its last answer; 15 s without traffic ends a connection.  See
 * httpguard.h.
 */
static const struct httpguard_limits listen_limits = {
	.connections = 512,
	.per_address = 256,
	.waiting_per_address = 64,
	.reserve = 32,
	.request_timeout = 10,
	.idle_timeout = 15,
};

#define LISTEN_PROVIDERS 8  /* providers in provider.c's table, at most */
#define LISTEN_ROUTES	 32 /* routes in all, at most */

struct listener;
struct request;

/* What we answer. */
struct reply {
	unsigned int status;
	const char  *ctype;
	const char  *text; /* static body, or NULL: use dyn */
	struct buf   dyn;
};

typedef void	serve_fn(struct listener *, struct request *,
       struct MHD_Connection *, struct reply *);

static serve_fn serve_hook, serve_metrics, serve_healthz;

/*
 * A route: our own GET pages, and every provider's webhooks (the paths
 * are the providers', listener_routes()).
 */
struct route_def {
	const char *path;
	const char *method;
	const char *ctype; /* required media type, NULL for GET */
	const struct webhook_route *hook; /* a webhook's, else NULL */
	size_t			    prov; /* the hook's provider_at() index */
	serve_fn		   *serve;
};

static const struct route_def own_routes[] = {
	{ "/metrics", "GET", NULL, NULL, 0, serve_metrics },
	{ "/healthz", "GET", NULL, NULL, 0, serve_healthz },
};

struct listener {
	struct gw	  *gw; /* for gw_wake() only */
	struct MHD_Daemon *mhd;
	struct httpguard  *guard;  /* slow clients */
	struct store	  *store;  /* the HTTP thread's: /metrics */
	struct intake	  *intake; /* the writer thread */
	struct route_def   routes[LISTEN_ROUTES];
	size_t		   nroutes;
	void		  *hook_ctx[LISTEN_PROVIDERS]; /* hook_open()'s */
	int		   port;
	int64_t		   last_wake; /* clock_mono_ms() of the last gw_wake */
};

enum request_state {
	REQ_NEW,     /* first call not seen yet */
	REQ_BODY,    /* collecting the body */
	REQ_WAITING, /* suspended while the intake stores it */
	REQ_STORED,  /* resumed: item.status is the answer */
};

struct request {
	char		      *uri;   /* raw path and query */
	int		       route; /* in l->routes, -1 unknown */
	enum request_state     state;
	unsigned int	       early; /* status decided before the body */
	struct buf	       body;
	struct MHD_Connection *conn;
	struct intake_item     item; /* the event while it is stored */
};

static const char txt_ok[] = "ok\n";

/* Set r to a static text answer. */
static void
reply_text(struct reply *r, unsigned int status, const char *text)
{
	r->status = status;
	r->ctype = "text/plain; charset=utf-8";
	r->text = text;
}

/* The static text for an error status. */
static const char *
status_text(unsigned int status)
{
	switch (status) {
	case MHD_HTTP_BAD_REQUEST:
		return "bad request\n";
	case MHD_HTTP_UNAUTHORIZED:
		return "unauthorized\n";
	case MHD_HTTP_NOT_FOUND:
		return "not found\n";
	case MHD_HTTP_METHOD_NOT_ALLOWED:
		return "method not allowed\n";
	case MHD_HTTP_CONTENT_TOO_LARGE:
		return "body too large\n";
	case MHD_HTTP_UNSUPPORTED_MEDIA_TYPE:
		return "unsupported content type\n";
	default:
		return "unavailable\n";
	}
}

/* Count a refused request in the metrics. */
static void
count_refusal(unsigned int status)
{
	if (status == MHD_HTTP_UNAUTHORIZED)
		metrics_inc(METRIC_WEBHOOK_UNAUTHORIZED);
	else if (status >= 400 && status < 500)
		metrics_inc(METRIC_WEBHOOK_REJECTED);
}

/* --- storing ------------------------------------------------------------ */

/*
 * Tell the loop a new event is stored: at once after a quiet spell, at
 * most every LISTEN_WAKE_MS during a burst (the loop also notices new
 * rows by itself through PRAGMA data_version).
 */
static void
wake_loop(struct listener *l)
{
	int64_t now = clock_mono_ms();

	if (now - l->last_wake < LISTEN_WAKE_MS)
		return;
	l->last_wake = now;
	gw_wake(l->gw);
}

/*
 * Hand a verified event to the intake and suspend the request until it
 * is stored (the event is moved into the request); r->status becomes 0:
 * no answer now.  When the intake is stopping, the request is resumed at
 * once and answered 503 on its next call.
 */
static void
queue_event(struct listener *l, struct request *q, struct MHD_Connection *c,
    struct webhook_event *ev, struct reply *r)
{
	q->item.ev = *ev;
	ev->text = NULL;
	q->item.arg = q;
	q->conn = c;
	q->state = REQ_WAITING;
	r->status = 0;
	MHD_suspend_connection(c);
	if (intake_push(l->intake, &q->item) == 0)
		return;
	webhook_event_free(&q->item.ev);
	q->item.status = MHD_HTTP_SERVICE_UNAVAILABLE;
	q->state = REQ_STORED;
	MHD_resume_connection(c);
}

/* Intake callback (writer thread): the event is stored, or not. */
static void
intake_done(struct intake_item *it, void *cbarg)
{
	struct request *q = it->arg;

	webhook_event_free(&it->ev);
	q->state = REQ_STORED;
	MHD_resume_connection(q->conn);
}

/* Intake callback (writer thread): something new is stored. */
static void
intake_stored(void *cbarg)
{
	wake_loop(cbarg);
}

/* The answer for a request whose event the intake has handled. */
static void
stored_reply(struct listener *l, struct request *q, struct reply *r)
{
	const struct webhook_route *h = l->routes[q->route].hook;

	if (q->item.status != MHD_HTTP_OK) {
		reply_text(r, MHD_HTTP_SERVICE_UNAVAILABLE, NULL);
		return;
	}
	reply_text(r, MHD_HTTP_OK, txt_ok);
	if (h->ok_body != NULL) {
		r->ctype = h->ok_ctype;
		r->text = h->ok_body;
	}
}

/* --- the routes -------------------------------------------------------- */

/* Status for a webhook_err. */
static unsigned int
webhook_status(enum webhook_err e)
{
	if (e == WEBHOOK_UNSIGNED || e == WEBHOOK_BADSIG)
		return MHD_HTTP_UNAUTHORIZED;
	return e == WEBHOOK_OK ? MHD_HTTP_OK : MHD_HTTP_BAD_REQUEST;
}

/* A provider's webhook: its check and reading, then the intake. */
static void
serve_hook(struct listener *l, struct request *q, struct MHD_Connection *c,
    struct reply *r)
{
	const struct route_def *rd = &l->routes[q->route];
	const struct provider  *p = provider_at(rd->prov);
	struct webhook_event	ev;
	struct webhook_request	rq;
	enum webhook_err	e;

	rq.uri = q->uri;
	rq.body = buf_str(&q->body);
	rq.len = q->body.len;
	rq.signature = MHD_lookup_connection_value(
	    c, MHD_HEADER_KIND, rd->hook->sig_header);
	e = p->hook_read(l->hook_ctx[rd->prov], rd->hook, &rq, &ev);
	if (e == WEBHOOK_OK) {
		queue_event(l, q, c, &ev, r);
		webhook_event_free(&ev);
	} else
		reply_text(r, webhook_status(e), NULL);
}

/* GET /metrics: Prometheus text. */
static void
serve_metrics(struct listener *l, struct request *q, struct MHD_Connection *c,
    struct reply *r)
{
	r->status = MHD_HTTP_OK;
	r->ctype = "text/plain; version=0.0.4; charset=utf-8";
	metrics_render(&r->dyn, l->store);
}

/* GET /healthz: ok when the database answers. */
static void
serve_healthz(struct listener *l, struct request *q, struct MHD_Connection *c,
    struct reply *r)
{
	if (store_data_version(l->store) < 0)
		reply_text(r, MHD_HTTP_SERVICE_UNAVAILABLE, "database\n");
	else
		reply_text(r, MHD_HTTP_OK, txt_ok);
}

/* --- HTTP plumbing ----------------------------------------------------- */

/* Queue reply r on c; frees r's buffer. */
static enum MHD_Result
send_reply(struct MHD_Connection *c, struct reply *r, const char *allow)
{
	struct MHD_Response *resp;
	enum MHD_Result	     ret;

	if (r->text == NULL && r->dyn.len == 0)
		r->text = status_text(r->status);
	if (r->text != NULL)
		resp = MHD_create_response_from_buffer(strlen(r->text),
		    (void *)(uintptr_t)r->text, MHD_RESPMEM_PERSISTENT);
	else
		resp = MHD_create_response_from_buffer(
		    r->dyn.len, r->dyn.data, MHD_RESPMEM_MUST_COPY);
	buf_free(&r->dyn);
	if (resp == NULL)
		return MHD_NO;
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE,
	    r->ctype ? r->ctype : "text/plain; charset=utf-8");
	MHD_add_response_header(
	    resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	if (allow != NULL)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, allow);
	ret = MHD_queue_response(c, r->status, resp);
	MHD_destroy_response(resp);
	return ret;
}

/* Answer status with its static text (and Allow for 405). */
static enum MHD_Result
send_status(struct MHD_Connection *c, unsigned int status, const char *allow)
{
	struct reply r = { status, NULL, NULL, { 0 } };

	count_refusal(status);
	return send_reply(c, &r, allow);
}

/* The route for a path, -1 when none. */
static int
find_route(const struct listener *l, const char *url)
{
	size_t i;

	for (i = 0; i < l->nroutes; i++)
		if (strcmp(l->routes[i].path, url) == 0)
			return (int)i;
	return -1;
}

/* 1 if the Content-Type header names the media type want. */
static int
ctype_ok(struct MHD_Connection *c, const char *want)
{
	const char *ct;
	size_t	    n;

	ct = MHD_lookup_connection_value(
	    c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
	if (ct == NULL)
		return 0;
	n = strcspn(ct, ";");
	while (n > 0 && (ct[n - 1] == ' ' || ct[n - 1] == '\t'))
		n--;
	return n == strlen(want) && strncasecmp(ct, want, n) == 0;
}

/* 1 if a declared Content-Length is larger than we take. */
static int
declared_too_big(struct MHD_Connection *c)
{
	const char	  *cl;
	unsigned long long n;
	char		  *end;

	cl = MHD_lookup_connection_value(
	    c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
	if (cl == NULL)
		return 0;
	errno = 0;
	n = strtoull(cl, &end, 10);
	return errno != 0 || *end != '\0' || n > WEBHOOK_BODY_MAX;
}

/*
 * First call for a request: the gates that need no body.  Returns the
 * status to answer at once, or 0 to go on.
 */
static unsigned int
first_gates(struct listener *l, struct request *q, struct MHD_Connection *c,
    const char *url, const char *method)
{
	const struct route_def *rd;

	if ((q->route = find_route(l, url)) == -1)
		return MHD_HTTP_NOT_FOUND;
	rd = &l->routes[q->route];
	if (strcmp(method, rd->method) != 0)
		return MHD_HTTP_METHOD_NOT_ALLOWED;
	if (rd->ctype != NULL && !ctype_ok(c, rd->ctype))
		return MHD_HTTP_UNSUPPORTED_MEDIA_TYPE;
	if (rd->ctype != NULL && declared_too_big(c))
		return MHD_HTTP_CONTENT_TOO_LARGE;
	return 0;
}

/* Take a piece of the body, within the cap. */
static void
take_body(struct request *q, const char *data, size_t *size)
{
	if (q->early == 0 && q->body.len + *size > WEBHOOK_BODY_MAX) {
		q->early = MHD_HTTP_CONTENT_TOO_LARGE;
		buf_free(&q->body);
	}
	if (q->early == 0)
		buf_append(&q->body, data, *size);
	*size = 0;
}

/* The access handler: gates, body collection, then the route. */
static enum MHD_Result
listener_access(void *cls, struct MHD_Connection *c, const char *url,
    const char *method, const char *version, const char *upload_data,
    size_t *upload_data_size, void **con_cls)
{
	struct listener *l = cls;
	struct request	*q = *con_cls;
	struct reply	 r = { 0, NULL, NULL, { 0 } };
	unsigned int	 st;

	if (q == NULL)
		return MHD_NO;
	if (q->state == REQ_STORED) {
		stored_reply(l, q, &r);
		return send_reply(c, &r, NULL);
	}
	if (q->state == REQ_NEW) {
		q->state = REQ_BODY;
		if (!httpguard_head_in(c)) {
			count_refusal(MHD_HTTP_BAD_REQUEST);
			log_info("listener: refused ambiguous framing");
			return httpguard_refuse(c);
		}
		if ((st = first_gates(l, q, c, url, method)) != 0)
			return send_status(c, st,
			    st == MHD_HTTP_METHOD_NOT_ALLOWED
				? l->routes[q->route].method
				: NULL);
		if (l->routes[q->route].ctype != NULL)
			return MHD_YES; /* the body follows */
	} else if (*upload_data_size != 0) {
		take_body(q, upload_data, upload_data_size);
		return MHD_YES;
	}
	httpguard_received(c);
	if (q->early != 0)
		return send_status(c, q->early, NULL);
	r.status = MHD_HTTP_OK;
	l->routes[q->route].serve(l, q, c, &r);
	if (r.status == 0)
		return MHD_YES; /* suspended until stored */
	count_refusal(r.status);
	log_debug("listener: %s %s -> %u", method, l->routes[q->route].path,
	    r.status);
	return send_reply(c, &r, NULL);
}

/* URI log callback: make the request object, keeping the raw URI. */
static void *
request_new(void *cls, const char *uri, struct MHD_Connection *c)
{
	struct request *q;

	if ((q = calloc(1, sizeof(*q))) == NULL)
		return NULL;
	q->route = -1;
	if ((q->uri = strndup(uri, LISTEN_URI_MAX)) == NULL) {
		free(q);
		return NULL;
	}
	return q;
}

/* Completion callback: free the request object. */
static void
request_done(void *cls, struct MHD_Connection *c, void **con_cls,
    enum MHD_RequestTerminationCode toe)
{
	struct request *q = *con_cls;

	httpguard_completed(c);
	if (q == NULL)
		return;
	buf_free(&q->body);
	free(q->uri);
	free(q);
	*con_cls = NULL;
}

/* --- start and stop ---------------------------------------------------- */

/*
 * Fill ss from cfg->sms_listen; 0 ok, -1 (logged) when it is not an
 * address we can bind.  (config_load() refused a non-loopback one
 * without [sms] public = yes.)
 */
static int
listen_addr(
    const struct config *cfg, struct sockaddr_storage *ss, socklen_t *len)
{
	struct sockaddr_in  *in4 = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)ss;
	char		     host[256];
	int		     port;

	memset(ss, 0, sizeof(*ss));
	if (config_parse_listen(cfg->sms_listen, host, sizeof(host), &port) ==
	    -1) {
		log_warnx("listener: bad [sms] listen");
		return -1;
	}
	if (inet_pton(AF_INET, host, &in4->sin_addr) == 1) {
		in4->sin_family = AF_INET;
		in4->sin_port = htons((uint16_t)port);
		*len = sizeof(*in4);
	} else if (inet_pton(AF_INET6, host, &in6->sin6_addr) == 1) {
		in6->sin6_family = AF_INET6;
		in6->sin6_port = htons((uint16_t)port);
		*len = sizeof(*in6);
	} else {
		log_warnx("listener: [sms] listen needs a numeric address");
		return -1;
	}
	return 0;
}

/* Add a route; -1 (logged) when the table is full. */
static int
route_add(struct listener *l, const struct route_def *rd)
{
	if (l->nroutes == LISTEN_ROUTES) {
		log_warnx("listener: more than %d routes", LISTEN_ROUTES);
		return -1;
	}
	l->routes[l->nroutes++] = *rd;
	return 0;
}

/*
 * Our own routes and every provider's webhooks, each provider's
 * signature check opened (hook_open()).  A provider whose secret is
 * missing has its webhooks refused (401); that is fatal only for the
 * provider we send with.  Returns 0, or -1 (logged).
 */
static int
listener_routes(
    struct listener *l, const struct config *cfg, enum hook_mode mode)
{
	const struct provider	   *p;
	const struct webhook_route *h;
	struct route_def	    rd;
	size_t			    i;

	for (i = 0; i < sizeof(own_routes) / sizeof(own_routes[0]); i++)
		if (route_add(l, &own_routes[i]) == -1)
			return -1;
	for (i = 0; (p = provider_at(i)) != NULL; i++) {
		if (p->hooks == NULL)
			continue;
		if (i >= LISTEN_PROVIDERS) {
			log_warnx("listener: more than %d providers",
			    LISTEN_PROVIDERS);
			return -1;
		}
		if (p->hook_open(&l->hook_ctx[i], cfg,
			config_sends_with(cfg, p->name), mode) == -1)
			return -1;
		for (h = p->hooks; h->path != NULL; h++) {
			rd = (struct route_def){ h->path, "POST", h->ctype, h,
				i, serve_hook };
			if (route_add(l, &rd) == -1)
				return -1;
		}
	}
	return 0;
}

/* Close every provider's signature check. */
static void
listener_hooks_close(struct listener *l)
{
	const struct provider *p;
	size_t		       i;

	for (i = 0; i < LISTEN_PROVIDERS && (p = provider_at(i)) != NULL; i++)
		if (p->hooks != NULL)
			p->hook_close(l->hook_ctx[i]);
	memset(l->hook_ctx, 0, sizeof(l->hook_ctx));
}

/*
 * What listener_start() needs before it binds: the listen address, the
 * webhook secrets, the port file's folder.  Fills ss.  Returns 0, or -1
 * (logged).
 */
static int
listener_prepare(struct listener *l, const struct config *cfg,
    enum hook_mode mode, struct sockaddr_storage *ss)
{
	char	  err[CONFIG_ERR_MAX];
	socklen_t sslen;

	if (listen_addr(cfg, ss, &sslen) == -1 ||
	    listener_routes(l, cfg, mode) == -1)
		return -1;
	if (cfg->sms_port_file != NULL &&
	    config_check_folder(cfg->sms_port_file, err, sizeof(err)) == -1) {
		log_warnx("listener: [sms] port_file %s", err);
		return -1;
	}
	return 0;
}

/* See listener.h. */
int
listener_check(const struct config *cfg)
{
	struct listener		l;
	struct sockaddr_storage ss;
	int			ret;

	memset(&l, 0, sizeof(l));
	ret = listener_prepare(&l, cfg, HOOK_CHECK, &ss);
	listener_hooks_close(&l);
	return ret;
}

/* Start libmicrohttpd on addr; 0 ok, -1 (logged). */
static int
start_mhd(struct listener *l, const struct sockaddr_storage *ss)
{
	const union MHD_DaemonInfo *di;

	if ((l->guard = httpguard_new(&listen_limits, "listener")) == NULL) {
		log_warnx("listener: cannot start the connection guard");
		return -1;
	}
	l->mhd = MHD_start_daemon(MHD_USE_EPOLL_INTERNAL_THREAD |
		MHD_USE_ERROR_LOG | MHD_USE_TURBO | MHD_ALLOW_SUSPEND_RESUME,
	    0, NULL, NULL, listener_access, l, MHD_OPTION_ARRAY,
	    httpguard_options(l->guard), MHD_OPTION_SOCK_ADDR,
	    (const struct sockaddr *)ss, MHD_OPTION_URI_LOG_CALLBACK,
	    request_new, l, MHD_OPTION_NOTIFY_COMPLETED, request_done, l,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)LISTEN_MEMORY,
	    MHD_OPTION_LISTEN_BACKLOG_SIZE, (unsigned int)256, MHD_OPTION_END);
	if (l->mhd == NULL) {
		log_warnx(
		    "listener: cannot listen on the [sms] listen address");
		return -1;
	}
	di = MHD_get_daemon_info(l->mhd, MHD_DAEMON_INFO_BIND_PORT);
	l->port = di != NULL ? di->port : 0;
	return 0;
}

/* Free everything a listener holds. */
static void
listener_free(struct listener *l)
{
	/* The intake first: it answers (resumes) every waiting request. */
	intake_stop(l->intake);
	if (l->mhd != NULL)
		MHD_stop_daemon(l->mhd);
	httpguard_free(l->guard);
	intake_free(l->intake);
	if (l->store != NULL)
		store_close(l->store);
	listener_hooks_close(l);
	free(l);
}

/* See listener.h. */
int
listener_start(struct gw *gw)
{
	struct listener	       *l;
	struct sockaddr_storage ss;
	char			err[256];

	if ((l = calloc(1, sizeof(*l))) == NULL)
		fatal("%s", __func__);
	l->gw = gw;
	if (listener_prepare(l, gw->cfg, HOOK_START, &ss) == -1)
		goto fail;
	if (store_open(gw->cfg->db_path, 0, &l->store, err, sizeof(err)) !=
	    STORE_OK) {
		log_warnx("listener: %s", err);
		goto fail;
	}
	store_ckpt_attach(gw->ckpt, l->store);
	l->intake = intake_start(
	    gw->cfg->db_path, gw->ckpt, intake_done, intake_stored, l);
	if (l->intake == NULL || start_mhd(l, &ss) == -1)
		goto fail;
	if (gw->cfg->sms_port_file != NULL &&
	    daemon_port_file(gw->cfg->sms_port_file, l->port) == -1)
		goto fail;
	log_info(
	    "listener: listening on %s port=%d", gw->cfg->sms_listen, l->port);
	if (gw->cfg->sms_public)
		log_info("listener: [sms] public = yes: plain HTTP on %s; only "
			 "a TLS proxy should reach it",
		    gw->cfg->sms_listen);
	gw->task[GW_TASK_LISTENER] = l;
	return 0;
fail:
	listener_free(l);
	return -1;
}

/* See listener.h. */
time_t
listener_run(struct gw *gw, time_t now)
{
	return 0;
}

/* See listener.h. */
void
listener_stop(struct gw *gw)
{
	struct listener *l = gw->task[GW_TASK_LISTENER];

	if (l == NULL)
		return;
	listener_free(l);
	gw->task[GW_TASK_LISTENER] = NULL;
}

/* See listener.h. */
int
listener_port(struct gw *gw)
{
	struct listener *l = gw->task[GW_TASK_LISTENER];

	return l != NULL ? l->port : 0;
}
