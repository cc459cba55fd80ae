/*
 * listener.c - webhooks, /metrics and /healthz over libmicrohttpd.
 * See listener.h.
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
#include "daemon.h"
#include "crypto.h"
#include "formparse.h"
#include "gateway.h"
#include "httpguard.h"
#include "intake.h"
#include "listener.h"
#include "log.h"
#include "metrics.h"
#include "store.h"
#include "webhook.h"

#define LISTEN_MEMORY		(32 * 1024)	/* per connection: header cap */
#define LISTEN_URI_MAX		2048
#define LISTEN_WAKE_MS		20		/* loop wake-ups during a burst */

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

enum route {
	ROUTE_GWAPI_MO,
	ROUTE_GWAPI_DLR,
	ROUTE_TWILIO_SMS,
	ROUTE_TWILIO_STATUS,
	ROUTE_METRICS,
	ROUTE_HEALTHZ,
	ROUTE__MAX
};

struct listener;
struct request;

/* What we answer. */
struct reply {
	unsigned int	 status;
	const char	*ctype;
	const char	*text;		/* static body, or NULL: use dyn */
	struct buf	 dyn;
};

typedef void	serve_fn(struct listener *, struct request *,
		    struct MHD_Connection *, struct reply *);

static serve_fn	serve_gwapi, serve_twilio, serve_metrics, serve_healthz;

static const struct route_def {
	const char	*path;
	const char	*method;
	const char	*ctype;		/* required media type, NULL for GET */
	int		 kind;		/* enum webhook_kind, -1 for none */
	serve_fn	*serve;
} routes[ROUTE__MAX] = {
	[ROUTE_GWAPI_MO] = { "/webhooks/gatewayapi/mo", "POST",
	    "application/json", WEBHOOK_GWAPI_MO, serve_gwapi },
	[ROUTE_GWAPI_DLR] = { "/webhooks/gatewayapi/dlr", "POST",
	    "application/json", WEBHOOK_GWAPI_DLR, serve_gwapi },
	[ROUTE_TWILIO_SMS] = { "/webhooks/twilio/sms", "POST",
	    "application/x-www-form-urlencoded", WEBHOOK_TWILIO_SMS,
	    serve_twilio },
	[ROUTE_TWILIO_STATUS] = { "/webhooks/twilio/status", "POST",
	    "application/x-www-form-urlencoded", WEBHOOK_TWILIO_STATUS,
	    serve_twilio },
	[ROUTE_METRICS] = { "/metrics", "GET", NULL, -1, serve_metrics },
	[ROUTE_HEALTHZ] = { "/healthz", "GET", NULL, -1, serve_healthz },
};

struct listener {
	struct gw		*gw;		/* for gw_wake() only */
	struct MHD_Daemon	*mhd;
	struct httpguard	*guard;		/* slow clients */
	struct store		*store;		/* the HTTP thread's: /metrics */
	struct intake		*intake;	/* the writer thread */
	struct buf		 gwapi_secret;	/* empty: GatewayAPI refused */
	struct buf		 twilio_token;	/* empty: Twilio refused */
	const char		*twilio_url;	/* cfg->twilio_public_url */
	int			 port;
	int64_t			 last_wake;	/* clock_mono_ms() of the last gw_wake */
};

enum request_state {
	REQ_NEW,		/* first call not seen yet */
	REQ_BODY,		/* collecting the body */
	REQ_WAITING,		/* suspended while the intake stores it */
	REQ_STORED,		/* resumed: item.status is the answer */
};

struct request {
	char			*uri;		/* raw path and query */
	int			 route;		/* enum route, -1 unknown */
	enum request_state	 state;
	unsigned int		 early;		/* status decided before the body */
	struct buf		 body;
	struct MHD_Connection	*conn;
	struct intake_item	 item;		/* the event while it is stored */
};

static const char txt_ok[] = "ok\n";
static const char twiml_empty[] = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
    "<Response></Response>";

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
	int64_t	 now = clock_mono_ms();

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
	struct request	*q = it->arg;

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
stored_reply(struct request *q, struct reply *r)
{
	if (q->item.status != MHD_HTTP_OK) {
		reply_text(r, MHD_HTTP_SERVICE_UNAVAILABLE, NULL);
		return;
	}
	reply_text(r, MHD_HTTP_OK, txt_ok);
	if (q->route == ROUTE_TWILIO_SMS) {
		r->ctype = "text/xml";
		r->text = twiml_empty;
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

/*
 * GatewayAPI: the JWT first (nothing unauthenticated reaches the body
 * parser), then the body, which must be the event the token signs.
 */
static void
serve_gwapi(struct listener *l, struct request *q, struct MHD_Connection *c,
    struct reply *r)
{
	struct webhook_event	 ev;
	const char		*token;
	enum webhook_err	 e;

	token = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	    "X-Gwapi-Signature");
	if (token == NULL || token[0] == '\0' || l->gwapi_secret.len == 0) {
		reply_text(r, MHD_HTTP_UNAUTHORIZED, NULL);
		return;
	}
	e = webhook_parse_gwapi(routes[q->route].kind, buf_str(&q->body),
	    q->body.len, &ev);
	if (e == WEBHOOK_OK) {
		e = webhook_verify_gwapi(token, l->gwapi_secret.data,
		    l->gwapi_secret.len, &ev, buf_str(&q->body), q->body.len);
		if (e == WEBHOOK_OK)
			queue_event(l, q, c, &ev, r);
		webhook_event_free(&ev);
	} else if (webhook_verify_gwapi_token(token, l->gwapi_secret.data,
	    l->gwapi_secret.len) != WEBHOOK_OK)
		e = WEBHOOK_BADSIG;
	if (e != WEBHOOK_OK)
		reply_text(r, webhook_status(e), NULL);
}

/* The query string of uri parsed as a form (empty when none). */
static void
parse_query(const char *uri, struct form *out)
{
	const char	*q = strchr(uri, '?');

	memset(out, 0, sizeof(*out));
	if (q != NULL && form_parse(q + 1, strlen(q + 1), out) != FORM_OK)
		memset(out, 0, sizeof(*out));
}

/* Twilio: the form, then its signature, then the fields. */
static void
serve_twilio(struct listener *l, struct request *q, struct MHD_Connection *c,
    struct reply *r)
{
	struct webhook_event	 ev;
	struct form		 form, query;
	const char		*sig;
	enum webhook_err	 e;

	sig = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	    "X-Twilio-Signature");
	if (sig == NULL || sig[0] == '\0' || l->twilio_token.len == 0 ||
	    l->twilio_url == NULL) {
		reply_text(r, MHD_HTTP_UNAUTHORIZED, NULL);
		return;
	}
	if (form_parse(buf_str(&q->body), q->body.len, &form) != FORM_OK) {
		reply_text(r, MHD_HTTP_BAD_REQUEST, NULL);
		return;
	}
	form_sort(&form);
	e = webhook_verify_twilio(sig, l->twilio_url, q->uri, &form,
	    l->twilio_token.data, l->twilio_token.len);
	if (e == WEBHOOK_OK) {
		parse_query(q->uri, &query);
		e = webhook_parse_twilio(routes[q->route].kind, &form, &query,
		    &ev);
		form_free(&query);
	}
	if (e == WEBHOOK_OK) {
		queue_event(l, q, c, &ev, r);
		webhook_event_free(&ev);
	} else
		reply_text(r, webhook_status(e), NULL);
	form_free(&form);
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
	struct MHD_Response	*resp;
	enum MHD_Result		 ret;

	if (r->text == NULL && r->dyn.len == 0)
		r->text = status_text(r->status);
	if (r->text != NULL)
		resp = MHD_create_response_from_buffer(strlen(r->text),
		    (void *)(uintptr_t)r->text, MHD_RESPMEM_PERSISTENT);
	else
		resp = MHD_create_response_from_buffer(r->dyn.len, r->dyn.data,
		    MHD_RESPMEM_MUST_COPY);
	buf_free(&r->dyn);
	if (resp == NULL)
		return MHD_NO;
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE,
	    r->ctype ? r->ctype : "text/plain; charset=utf-8");
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
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
	struct reply	 r = { status, NULL, NULL, { 0 } };

	count_refusal(status);
	return send_reply(c, &r, allow);
}

/* The route for a path, -1 when none. */
static int
find_route(const char *url)
{
	int	 i;

	for (i = 0; i < ROUTE__MAX; i++)
		if (strcmp(routes[i].path, url) == 0)
			return i;
	return -1;
}

/* 1 if the Content-Type header names the media type want. */
static int
ctype_ok(struct MHD_Connection *c, const char *want)
{
	const char	*ct;
	size_t		 n;

	ct = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_CONTENT_TYPE);
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
	const char		*cl;
	unsigned long long	 n;
	char			*end;

	cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_CONTENT_LENGTH);
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
first_gates(struct request *q, struct MHD_Connection *c, const char *url,
    const char *method)
{
	const struct route_def	*rd;

	if ((q->route = find_route(url)) == -1)
		return MHD_HTTP_NOT_FOUND;
	rd = &routes[q->route];
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
	struct listener	*l = cls;
	struct request	*q = *con_cls;
	struct reply	 r = { 0, NULL, NULL, { 0 } };
	unsigned int	 st;

	if (q == NULL)
		return MHD_NO;
	if (q->state == REQ_STORED) {
		stored_reply(q, &r);
		return send_reply(c, &r, NULL);
	}
	if (q->state == REQ_NEW) {
		q->state = REQ_BODY;
		if (!httpguard_head_in(c)) {
			count_refusal(MHD_HTTP_BAD_REQUEST);
			log_info("listener: refused ambiguous framing");
			return httpguard_refuse(c);
		}
		if ((st = first_gates(q, c, url, method)) != 0)
			return send_status(c, st, st == MHD_HTTP_METHOD_NOT_ALLOWED ?
			    routes[q->route].method : NULL);
		if (routes[q->route].ctype != NULL)
			return MHD_YES;		/* the body follows */
	} else if (*upload_data_size != 0) {
		take_body(q, upload_data, upload_data_size);
		return MHD_YES;
	}
	httpguard_received(c);
	if (q->early != 0)
		return send_status(c, q->early, NULL);
	r.status = MHD_HTTP_OK;
	routes[q->route].serve(l, q, c, &r);
	if (r.status == 0)
		return MHD_YES;		/* suspended until stored */
	count_refusal(r.status);
	log_debug("listener: %s %s -> %u", method, routes[q->route].path,
	    r.status);
	return send_reply(c, &r, NULL);
}

/* URI log callback: make the request object, keeping the raw URI. */
static void *
request_new(void *cls, const char *uri, struct MHD_Connection *c)
{
	struct request	*q;

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
	struct request	*q = *con_cls;

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
listen_addr(const struct config *cfg, struct sockaddr_storage *ss,
    socklen_t *len)
{
	struct sockaddr_in	*in4 = (struct sockaddr_in *)ss;
	struct sockaddr_in6	*in6 = (struct sockaddr_in6 *)ss;
	char			 host[256];
	int			 port;

	memset(ss, 0, sizeof(*ss));
	if (config_parse_listen(cfg->sms_listen, host, sizeof(host),
	    &port) == -1) {
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

/*
 * 1 when the start makes a GatewayAPI webhook secret: with the file
 * provider (a first run, no account) when there is none, so `mentorctl
 * simulate-sms` can sign as GatewayAPI.
 */
static int
demo_secret_due(const struct config *cfg)
{
	return strcmp(cfg->sms_provider, "file") == 0 &&
	    cfg->gwapi_webhook_secret_file != NULL &&
	    access(cfg->gwapi_webhook_secret_file, F_OK) == -1;
}

/* Make the demo secret when it is due.  Returns 0, or -1 (logged). */
static int
make_demo_secret(const struct config *cfg)
{
	char	 hex[65];
	int	 fd;

	if (!demo_secret_due(cfg))
		return 0;
	if (crypto_random_token(hex, sizeof(hex)) == -1)
		return -1;
	fd = open(cfg->gwapi_webhook_secret_file, O_WRONLY | O_CREAT | O_EXCL |
	    O_CLOEXEC, 0600);
	if (fd == -1 || write(fd, hex, 64) != 64) {
		log_warn("listener: %s", cfg->gwapi_webhook_secret_file);
		if (fd != -1)
			close(fd);
		explicit_bzero(hex, sizeof(hex));
		return -1;
	}
	close(fd);
	explicit_bzero(hex, sizeof(hex));
	log_info("listener: made a GatewayAPI webhook secret for the file "
	    "provider (for mentorctl simulate-sms)");
	return 0;
}

/*
 * Read the webhook secrets.  A missing secret refuses that provider's
 * webhooks (401); it is fatal only for the provider we send with.  A
 * demo secret the start will make counts as there (the check).
 */
static int
load_secrets(struct listener *l, const struct config *cfg)
{
	char	 err[CONFIG_ERR_MAX] = "no secret file";
	int	 gwapi = strcmp(cfg->sms_provider, "gatewayapi") == 0;
	int	 twilio = strcmp(cfg->sms_provider, "twilio") == 0;

	if (!demo_secret_due(cfg) && (cfg->gwapi_webhook_secret_file == NULL ||
	    config_read_secret(cfg->gwapi_webhook_secret_file,
	    "MENTORLINK_GATEWAYAPI_WEBHOOK_SECRET", &l->gwapi_secret, err,
	    sizeof(err)) == -1)) {
		buf_free(&l->gwapi_secret);
		log_warnx("listener: GatewayAPI webhooks refused: %s", err);
		if (gwapi)
			return -1;
	}
	l->twilio_url = cfg->twilio_public_url;
	snprintf(err, sizeof(err), "no auth token file");
	if (cfg->twilio_auth_token_file == NULL ||
	    config_read_secret(cfg->twilio_auth_token_file,
	    "MENTORLINK_TWILIO_AUTH_TOKEN", &l->twilio_token, err,
	    sizeof(err)) == -1) {
		buf_free(&l->twilio_token);
		if (twilio) {
			log_warnx("listener: Twilio webhooks refused: %s", err);
			return -1;
		}
	}
	if (twilio && l->twilio_url == NULL) {
		log_warnx("listener: [twilio] public_url is needed to check "
		    "Twilio's signatures");
		return -1;
	}
	return 0;
}

/*
 * What listener_start() needs before it binds: the listen address, the
 * webhook secrets, the port file's folder.  Fills ss.  Returns 0, or -1
 * (logged).
 */
static int
listener_prepare(struct listener *l, const struct config *cfg,
    struct sockaddr_storage *ss)
{
	char		 err[CONFIG_ERR_MAX];
	socklen_t	 sslen;

	if (listen_addr(cfg, ss, &sslen) == -1 || load_secrets(l, cfg) == -1)
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
	struct listener		 l;
	struct sockaddr_storage	 ss;
	int			 ret;

	memset(&l, 0, sizeof(l));
	ret = listener_prepare(&l, cfg, &ss);
	buf_free(&l.gwapi_secret);
	buf_free(&l.twilio_token);
	return ret;
}

/* Start libmicrohttpd on addr; 0 ok, -1 (logged). */
static int
start_mhd(struct listener *l, const struct sockaddr_storage *ss)
{
	const union MHD_DaemonInfo	*di;

	if ((l->guard = httpguard_new(&listen_limits, "listener")) == NULL) {
		log_warnx("listener: cannot start the connection guard");
		return -1;
	}
	l->mhd = MHD_start_daemon(MHD_USE_EPOLL_INTERNAL_THREAD |
	    MHD_USE_ERROR_LOG | MHD_USE_TURBO | MHD_ALLOW_SUSPEND_RESUME, 0,
	    NULL, NULL, listener_access, l,
	    MHD_OPTION_ARRAY, httpguard_options(l->guard),
	    MHD_OPTION_SOCK_ADDR, (const struct sockaddr *)ss,
	    MHD_OPTION_URI_LOG_CALLBACK, request_new, l,
	    MHD_OPTION_NOTIFY_COMPLETED, request_done, l,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)LISTEN_MEMORY,
	    MHD_OPTION_LISTEN_BACKLOG_SIZE, (unsigned int)256,
	    MHD_OPTION_END);
	if (l->mhd == NULL) {
		log_warnx("listener: cannot listen on the [sms] listen address");
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
	buf_free(&l->gwapi_secret);
	buf_free(&l->twilio_token);
	free(l);
}

/* See listener.h. */
int
listener_start(struct gw *gw)
{
	struct listener		*l;
	struct sockaddr_storage	 ss;
	char			 err[256];

	if ((l = calloc(1, sizeof(*l))) == NULL)
		fatal("%s", __func__);
	l->gw = gw;
	(void)make_demo_secret(gw->cfg);
	if (listener_prepare(l, gw->cfg, &ss) == -1)
		goto fail;
	if (store_open(gw->cfg->db_path, 0, &l->store, err, sizeof(err)) !=
	    STORE_OK) {
		log_warnx("listener: %s", err);
		goto fail;
	}
	store_ckpt_attach(gw->ckpt, l->store);
	l->intake = intake_start(gw->cfg->db_path, gw->ckpt, intake_done,
	    intake_stored, l);
	if (l->intake == NULL || start_mhd(l, &ss) == -1)
		goto fail;
	if (gw->cfg->sms_port_file != NULL &&
	    daemon_port_file(gw->cfg->sms_port_file, l->port) == -1)
		goto fail;
	log_info("listener: listening on %s port=%d", gw->cfg->sms_listen,
	    l->port);
	if (gw->cfg->sms_public)
		log_info("listener: [sms] public = yes: plain HTTP on %s; only "
		    "a TLS proxy should reach it", gw->cfg->sms_listen);
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
	struct listener	*l = gw->task[GW_TASK_LISTENER];

	if (l == NULL)
		return;
	listener_free(l);
	gw->task[GW_TASK_LISTENER] = NULL;
}

/* See listener.h. */
int
listener_port(struct gw *gw)
{
	struct listener	*l = gw->task[GW_TASK_LISTENER];

	return l != NULL ? l->port : 0;
}
