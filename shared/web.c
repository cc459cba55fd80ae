/*
 * web.c - the libmicrohttpd side of our web programs: start and stop,
 * per-request state, body collection within body_max, the checks every
 * program makes on a request, and sending a reply with the security
 * headers.  What a request means is the program's (web.h).
 */
#include <sys/socket.h>
#include <sys/types.h>

#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <microhttpd.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "clock.h"
#include "config.h"
#include "httpguard.h"
#include "log.h"
#include "web.h"

#define WEB_HEADER_MEMORY 32768
#define WEB_BACKLOG	  64
#define WEB_TLS_PRIORITIES \
	"SECURE256:+SECURE128:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2"
#define WEB_CSP_MAX 512

struct web_server {
	struct web_config	cfg;
	char			csp[WEB_CSP_MAX];
	struct MHD_Daemon      *daemon;
	struct httpguard       *guard;
	struct buf		tls_key, tls_cert;
	int			tls;
	struct sockaddr_storage ss; /* the listen address */
	socklen_t		sslen;
	char			listen_host[WEB_HOSTNAME_MAX];
	int			listen_port;
	int			port;	       /* listened on */
	int			any_host;      /* a wildcard address */
	char   hosts[WEB_HOSTS][WEB_HOST_MAX]; /* allowed Host */
	size_t nhosts;
};

/*
 * Add the headers every answer carries.  A window another site's page
 * was in keeps its opener only through pages of opener policy
 * unsafe-none (rep->opener_open: the kiosk's MitID pop-up).
 */
static void
web_common_headers(const struct web_server *srv, const struct web_reply *rep,
    struct MHD_Response *r)
{
	MHD_add_response_header(r, "X-Frame-Options", "DENY");
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "Referrer-Policy", "same-origin");
	MHD_add_response_header(r, "Cross-Origin-Opener-Policy",
	    rep->opener_open ? "unsafe-none" : "same-origin");
	MHD_add_response_header(
	    r, "Cross-Origin-Resource-Policy", "same-origin");
	MHD_add_response_header(r, "Permissions-Policy",
	    "camera=(), microphone=(), geolocation=(), payment=(), usb=()");
	if (srv->tls)
		MHD_add_response_header(
		    r, "Strict-Transport-Security", "max-age=31536000");
}

/*
 * Add the cookie headers the reply asks for.
 */
static void
web_cookie_headers(
    const struct web_server *srv, struct web_reply *rep, struct MHD_Response *r)
{
	char	    cookie[WEB_COOKIE_MAX + 64];
	const char *secure = srv->tls ? "; Secure" : "";

	if (rep->cookie[0] != '\0' && !rep->cookie_clear) {
		snprintf(cookie, sizeof(cookie),
		    "%s; Path=/; HttpOnly; "
		    "SameSite=%s%s",
		    rep->cookie, rep->cookie_lax ? "Lax" : "Strict", secure);
		MHD_add_response_header(r, "Set-Cookie", cookie);
		explicit_bzero(cookie, sizeof(cookie));
	} else if (rep->cookie_clear) {
		snprintf(cookie, sizeof(cookie),
		    "%s; Path=/; Max-Age=0; "
		    "HttpOnly; SameSite=Strict%s",
		    rep->cookie, secure);
		MHD_add_response_header(r, "Set-Cookie", cookie);
	}
	if (rep->clear_site)
		MHD_add_response_header(
		    r, "Clear-Site-Data", "\"cache\", \"storage\"");
}

/*
 * The response for a page (the body, or nothing) with its headers.
 */
static struct MHD_Response *
web_page_response(const struct web_server *srv, struct web_reply *rep)
{
	struct MHD_Response *r;
	size_t		     len = rep->body.len;
	char		     disposition[sizeof(rep->attachment) + 32];

	r = MHD_create_response_from_buffer(
	    len, buf_take(&rep->body), MHD_RESPMEM_MUST_FREE);
	if (r == NULL)
		return NULL;
	web_cookie_headers(srv, rep, r);
	if (rep->cache_public)
		MHD_add_response_header(
		    r, "Cache-Control", "public, max-age=3600");
	else {
		MHD_add_response_header(r, "Cache-Control", "no-store");
		MHD_add_response_header(r, "Content-Security-Policy", srv->csp);
	}
	if (rep->location[0] != '\0') {
		MHD_add_response_header(r, "Location", rep->location);
		if (len == 0)
			MHD_add_response_header(
			    r, "Content-Type", "text/plain; charset=utf-8");
	}
	if (len > 0)
		MHD_add_response_header(r, "Content-Type",
		    rep->content_type != NULL ? rep->content_type
					      : "text/html; charset=utf-8");
	if (rep->attachment[0] != '\0') {
		snprintf(disposition, sizeof(disposition),
		    "attachment; filename=\"%s\"", rep->attachment);
		MHD_add_response_header(r, "Content-Disposition", disposition);
	}
	return r;
}

/*
 * The response for a file reply; closes the file on failure.
 */
static struct MHD_Response *
web_file_response(struct web_reply *rep)
{
	struct MHD_Response *r;

	if ((r = MHD_create_response_from_fd(rep->file_size, rep->file_fd)) ==
	    NULL) {
		close(rep->file_fd);
		return NULL;
	}
	MHD_add_response_header(r, "Content-Type", rep->content_type);
	MHD_add_response_header(r, "Cache-Control", "public, max-age=3600");
	return r;
}

/*
 * Queue rep for the request with the security headers; frees rep.
 */
static enum MHD_Result
web_send(struct web_request *req, struct web_reply *rep)
{
	struct MHD_Response *r;
	enum MHD_Result	     ret = MHD_NO;

	if (rep->status == 0)
		rep->status = MHD_HTTP_OK;
	r = rep->is_file ? web_file_response(rep)
			 : web_page_response(req->srv, rep);
	if (r != NULL) {
		web_common_headers(req->srv, rep, r);
		ret = MHD_queue_response(req->conn, rep->status, r);
		MHD_destroy_response(r);
	}
	web_reply_free(rep);
	return ret;
}

void
web_redirect(struct web_reply *rep, const char *path)
{
	rep->status = MHD_HTTP_SEE_OTHER;
	snprintf(rep->location, sizeof(rep->location), "%s", path);
}

int
web_reply_cookie(struct web_reply *rep, const char *name, const char *value)
{
	int n;

	n = snprintf(rep->cookie, sizeof(rep->cookie), "%s=%s", name, value);
	rep->cookie_clear = 0;
	if (n < 0 || (size_t)n >= sizeof(rep->cookie)) {
		explicit_bzero(rep->cookie, sizeof(rep->cookie));
		return -1;
	}
	return 0;
}

int
web_reply_cookie_lax(struct web_reply *rep, const char *name, const char *value)
{
	rep->cookie_lax = 1;
	return web_reply_cookie(rep, name, value);
}

int
web_redirect_url(struct web_reply *rep, const char *url)
{
	if (strlen(url) >= sizeof(rep->location))
		return -1;
	web_redirect(rep, url);
	return 0;
}

void
web_reply_clear_cookie(struct web_reply *rep, const char *name)
{
	snprintf(rep->cookie, sizeof(rep->cookie), "%s=", name);
	rep->cookie_clear = 1;
}

void
web_reply_attachment(
    struct web_reply *rep, const char *filename, const char *type)
{
	size_t i;

	snprintf(rep->attachment, sizeof(rep->attachment), "%s", filename);
	for (i = 0; rep->attachment[i] != '\0'; i++)
		if (strchr(
			"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
			"0123456789.-_",
			rep->attachment[i]) == NULL)
			rep->attachment[i] = '_';
	rep->content_type = type;
}

void
web_reply_file(struct web_reply *rep, int fd, size_t size, const char *type)
{
	rep->is_file = 1;
	rep->file_fd = fd;
	rep->file_size = size;
	rep->content_type = type;
	rep->cache_public = 1;
	if (rep->status == 0)
		rep->status = MHD_HTTP_OK;
}

void
web_reply_free(struct web_reply *rep)
{
	buf_free(&rep->body);
	explicit_bzero(rep->cookie, sizeof(rep->cookie));
}

const char *
web_query(struct web_request *req, const char *name)
{
	return MHD_lookup_connection_value(
	    req->conn, MHD_GET_ARGUMENT_KIND, name);
}

/* The query being rebuilt by web_query_string(). */
struct query_out {
	struct buf *out;
	size_t	    start;
};

/* Put the byte c of a name or value into out, encoded when needed. */
static void
query_byte(struct buf *out, unsigned char c)
{
	static const char hex[] = "0123456789ABCDEF";

	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
	    c == '~')
		buf_putc(out, (char)c);
	else {
		buf_putc(out, '%');
		buf_putc(out, hex[c >> 4]);
		buf_putc(out, hex[c & 15]);
	}
}

/* MHD_get_connection_values() callback: one name=value. */
static enum MHD_Result
query_pair(
    void *arg, enum MHD_ValueKind kind, const char *name, const char *value)
{
	struct query_out *q = arg;
	const char	 *p;

	(void)kind;
	buf_putc(q->out, q->out->len == q->start ? '?' : '&');
	for (p = name; *p != '\0'; p++)
		query_byte(q->out, (unsigned char)*p);
	buf_putc(q->out, '=');
	for (p = value != NULL ? value : ""; *p != '\0'; p++)
		query_byte(q->out, (unsigned char)*p);
	return MHD_YES;
}

/* See web.h. */
int
web_query_string(struct web_request *req, struct buf *out, size_t max)
{
	struct query_out q = { out, out->len };

	MHD_get_connection_values(
	    req->conn, MHD_GET_ARGUMENT_KIND, query_pair, &q);
	if (out->len - q.start <= max)
		return 0;
	out->len = q.start;
	if (out->data != NULL)
		out->data[out->len] = '\0';
	return -1;
}

const char *
web_header(struct web_request *req, const char *name)
{
	return MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, name);
}

const char *
web_cookie(struct web_request *req, const char *name)
{
	return MHD_lookup_connection_value(req->conn, MHD_COOKIE_KIND, name);
}

const char *
web_field(struct web_request *req, const char *name)
{
	return form_get(&req->form, name);
}

enum form_err
web_form_parse(struct web_request *req)
{
	char boundary[80];

	form_free(&req->form);
	if (req->body_limit != 0 &&
	    form_boundary(web_header(req, "Content-Type"), boundary,
		sizeof(boundary)) == 0)
		return form_parse_multipart(boundary, buf_str(&req->body),
		    req->body.len, req->body_limit, &req->form);
	return form_parse(buf_str(&req->body), req->body.len, &req->form);
}

int
web_host_ok(struct web_request *req)
{
	const struct web_server *srv = req->srv;
	const char		*host = web_header(req, "Host");
	const char		*colon;
	size_t			 i;

	if (host == NULL)
		return 0;
	for (i = 0; i < srv->nhosts; i++)
		if (strcasecmp(host, srv->hosts[i]) == 0)
			return 1;
	if (srv->any_host && (colon = strrchr(host, ':')) != NULL)
		return strtol(colon + 1, NULL, 10) == srv->port;
	return 0;
}

int
web_origin_ok(struct web_request *req)
{
	const char *origin = web_header(req, "Origin");
	const char *site = web_header(req, "Sec-Fetch-Site");
	const char *host = web_header(req, "Host");
	char	    want[WEB_HOST_MAX + 16];

	if (site != NULL && strcmp(site, "same-origin") != 0)
		return 0;
	if (origin == NULL)
		return 1;
	snprintf(want, sizeof(want), "%s://%s",
	    req->srv->tls ? "https" : "http", host != NULL ? host : "");
	return strcasecmp(origin, want) == 0;
}

/* The most body bytes this request may send. */
static size_t
web_body_max(const struct web_request *req)
{
	return req->body_limit != 0 ? req->body_limit : req->srv->cfg.body_max;
}

int
web_body_too_big(struct web_request *req)
{
	const char *len = web_header(req, "Content-Length");

	return len != NULL && strtoull(len, NULL, 10) > web_body_max(req);
}

void
web_body_limit(struct web_request *req, size_t max)
{
	req->body_limit = max;
}

int
web_multipart_ok(struct web_request *req)
{
	char boundary[80];

	return form_boundary(web_header(req, "Content-Type"), boundary,
		   sizeof(boundary)) == 0;
}

int
web_form_type_ok(struct web_request *req)
{
	const char	 *type = web_header(req, "Content-Type");
	static const char want[] = "application/x-www-form-urlencoded";

	if (type == NULL)
		return 0;
	return strncasecmp(type, want, sizeof(want) - 1) == 0 &&
	    (type[sizeof(want) - 1] == '\0' || type[sizeof(want) - 1] == ';');
}

/*
 * Make the state for a new request.
 */
static struct web_request *
web_request_new(struct web_server *srv, struct MHD_Connection *conn,
    const char *url, const char *method)
{
	static const char *const methods[] = {
		[WEB_GET] = "GET",
		[WEB_HEAD] = "HEAD",
		[WEB_POST] = "POST",
	};
	struct web_request *req;
	int		    m;

	for (m = 0; m < WEB_METHOD_OTHER; m++)
		if (strcmp(method, methods[m]) == 0)
			break;
	if ((req = calloc(1, sizeof(*req))) == NULL)
		fatal("calloc");
	req->srv = srv;
	req->conn = conn;
	req->url = url;
	req->method = (enum web_method)m;
	req->now = clock_now();
	return req;
}

/*
 * Collect upload data; returns MHD_NO (the connection is dropped) once
 * the body passes body_max without a Content-Length that said so.
 */
static enum MHD_Result
web_upload(struct web_request *req, const char *data, size_t *size)
{
	req->body_seen += *size;
	if (req->body_seen > web_body_max(req)) {
		log_warnx("%s: body over %zu bytes dropped", req->srv->cfg.name,
		    web_body_max(req));
		return MHD_NO;
	}
	if (!req->answered)
		buf_append(&req->body, data, *size);
	*size = 0;
	return MHD_YES;
}

/*
 * The head is in: ask the program whether to answer now.
 */
static enum MHD_Result
web_head(struct web_request *req)
{
	struct web_reply   rep = { 0 };
	struct web_server *srv = req->srv;

	if (srv->cfg.head == NULL ||
	    srv->cfg.head(req, &rep, srv->cfg.arg) == WEB_READ_BODY) {
		web_reply_free(&rep);
		return MHD_YES;
	}
	req->answered = 1;
	log_debug(
	    "%s: %s answered status=%u", srv->cfg.name, req->url, rep.status);
	return web_send(req, &rep);
}

/*
 * The body is in: let the program serve the request, send its reply.
 */
static enum MHD_Result
web_serve(struct web_request *req)
{
	struct web_reply   rep = { 0 };
	struct web_server *srv = req->srv;
	struct timespec	   t0, t1, c0, c1;
	enum MHD_Result	   ret;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &c0);
	srv->cfg.serve(req, &rep, srv->cfg.arg);
	ret = web_send(req, &rep);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &c1);
	/* Wall time, then the thread's CPU time (without waits). */
	log_debug("%s: %s %s status=%u us=%ld cpu_us=%ld", srv->cfg.name,
	    req->method == WEB_POST ? "POST" : "GET", req->url, rep.status,
	    (long)((t1.tv_sec - t0.tv_sec) * 1000000L +
		(t1.tv_nsec - t0.tv_nsec) / 1000),
	    (long)((c1.tv_sec - c0.tv_sec) * 1000000L +
		(c1.tv_nsec - c0.tv_nsec) / 1000));
	return ret;
}

/*
 * MHD's access handler, called for the head, for each piece of the
 * body, and once more when the body is in.
 */
static enum MHD_Result
web_access(void *cls, struct MHD_Connection *conn, const char *url,
    const char *method, const char *version, const char *upload_data,
    size_t *upload_data_size, void **con_cls)
{
	struct web_request *req = *con_cls;
	struct web_server  *srv = cls;

	if (req == NULL) {
		if (!httpguard_head_in(conn)) {
			log_info("%s: refused ambiguous framing for %s",
			    srv->cfg.name, url);
			return httpguard_refuse(conn);
		}
		*con_cls = req = web_request_new(srv, conn, url, method);
		return web_head(req);
	}
	if (*upload_data_size > 0)
		return web_upload(req, upload_data, upload_data_size);
	httpguard_received(conn);
	if (req->answered)
		return MHD_YES;
	return web_serve(req);
}

/* MHD's completion callback: free the request. */
static void
web_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
    enum MHD_RequestTerminationCode toe)
{
	struct web_request *req = *con_cls;

	httpguard_completed(conn);
	if (req == NULL)
		return;
	form_free(&req->form);
	buf_free(&req->body);
	free(req);
	*con_cls = NULL;
}

/*
 * Resolve host (a literal address or "localhost") and port into ss.
 * Returns 0, or -1.
 */
static int
web_address(
    const char *host, int port, struct sockaddr_storage *ss, socklen_t *len)
{
	struct addrinfo hints, *res;
	char		portstr[8];
	const char     *h = host;
	size_t		n = strlen(host);
	char		buf[WEB_HOSTNAME_MAX];

	if (n > 2 && host[0] == '[' && host[n - 1] == ']') {
		snprintf(buf, sizeof(buf), "%.*s", (int)(n - 2), host + 1);
		h = buf;
	}
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags =
	    AI_PASSIVE | (strcmp(h, "localhost") ? AI_NUMERICHOST : 0);
	snprintf(portstr, sizeof(portstr), "%d", port);
	if (getaddrinfo(h, portstr, &hints, &res) != 0 || res == NULL)
		return -1;
	memcpy(ss, res->ai_addr, res->ai_addrlen);
	*len = res->ai_addrlen;
	freeaddrinfo(res);
	return 0;
}

/*
 * 1 if the address is a loopback one.
 */
static int
web_is_loopback(const struct sockaddr_storage *ss)
{
	const struct sockaddr_in  *in4 = (const void *)ss;
	const struct sockaddr_in6 *in6 = (const void *)ss;

	if (ss->ss_family == AF_INET)
		return (ntohl(in4->sin_addr.s_addr) >> 24) == 127;
	return IN6_IS_ADDR_LOOPBACK(&in6->sin6_addr);
}

/*
 * 1 if the address is a wildcard (0.0.0.0 or ::).
 */
static int
web_is_any(const struct sockaddr_storage *ss)
{
	const struct sockaddr_in  *in4 = (const void *)ss;
	const struct sockaddr_in6 *in6 = (const void *)ss;

	if (ss->ss_family == AF_INET)
		return in4->sin_addr.s_addr == htonl(INADDR_ANY);
	return IN6_IS_ADDR_UNSPECIFIED(&in6->sin6_addr);
}

/* OpenSSL's passphrase callback: there is none (never prompt). */
static int
web_no_passphrase(char *buf, int size, int rwflag, void *arg)
{
	return 0;
}

/*
 * Check that the loaded certificate and key are a PEM certificate and
 * the unencrypted PEM key that belongs to it, as GnuTLS will need them.
 * Returns 0, or -1 with the reason logged.
 */
static int
web_tls_check(const struct web_server *srv)
{
	const struct web_config *cfg = &srv->cfg;
	BIO			*b;
	X509			*x = NULL;
	EVP_PKEY		*pk = NULL;
	int			 ret = -1;

	if ((b = BIO_new_mem_buf(srv->tls_cert.data, (int)srv->tls_cert.len)) !=
	    NULL)
		x = PEM_read_bio_X509(b, NULL, web_no_passphrase, NULL);
	BIO_free(b);
	if ((b = BIO_new_mem_buf(srv->tls_key.data, (int)srv->tls_key.len)) !=
	    NULL)
		pk = PEM_read_bio_PrivateKey(b, NULL, web_no_passphrase, NULL);
	BIO_free(b);
	if (x == NULL)
		log_warnx("%s: tls cert %s: not a PEM certificate", cfg->name,
		    cfg->tls_cert_file);
	else if (pk == NULL)
		log_warnx("%s: tls key %s: not a PEM private key without a "
			  "passphrase",
		    cfg->name, cfg->tls_key_file);
	else if (X509_check_private_key(x, pk) != 1)
		log_warnx("%s: tls key %s does not belong to the certificate "
			  "%s",
		    cfg->name, cfg->tls_key_file, cfg->tls_cert_file);
	else {
		if (X509_cmp_current_time(X509_get0_notAfter(x)) < 0)
			log_warnx("%s: tls cert %s has expired; browsers will "
				  "refuse it",
			    cfg->name, cfg->tls_cert_file);
		ret = 0;
	}
	ERR_clear_error();
	X509_free(x);
	EVP_PKEY_free(pk);
	return ret;
}

/*
 * Read the TLS certificate and key named in the configuration and check
 * them.  The key file must not be readable by group or others.  Returns
 * 0, or -1 with the reason logged.
 */
static int
web_tls_load(struct web_server *srv)
{
	const struct web_config *cfg = &srv->cfg;
	char			 err[CONFIG_ERR_MAX];
	FILE			*f;
	char			 chunk[4096];
	size_t			 n;

	if (config_read_secret(cfg->tls_key_file, NULL, &srv->tls_key, err,
		sizeof(err)) == -1) {
		log_warnx("%s: tls key: %s", cfg->name, err);
		return -1;
	}
	if ((f = fopen(cfg->tls_cert_file, "r")) == NULL) {
		log_warn("%s: tls cert %s", cfg->name, cfg->tls_cert_file);
		return -1;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_append(&srv->tls_cert, chunk, n);
	fclose(f);
	return web_tls_check(srv);
}

/*
 * Fill srv->hosts with the Host header values we answer to.
 */
static void
web_allowed_hosts(struct web_server *srv)
{
	static const char *const local[] = { "127.0.0.1", "localhost",
		"[::1]" };
	const char		*host = srv->listen_host;
	int			 loopback = web_is_loopback(&srv->ss);
	size_t			 i;

	srv->nhosts = 0;
	snprintf(
	    srv->hosts[srv->nhosts++], WEB_HOST_MAX, "%s:%d", host, srv->port);
	for (i = 0; loopback && i < sizeof(local) / sizeof(local[0]); i++)
		if (strcmp(local[i], host) != 0)
			snprintf(srv->hosts[srv->nhosts++], WEB_HOST_MAX,
			    "%s:%d", local[i], srv->port);
}

/*
 * Start the daemon with the option list for TLS or not.
 */
static struct MHD_Daemon *
web_daemon(struct web_server *srv)
{
	unsigned int flags =
	    MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG;
	struct MHD_OptionItem tls[] = {
		{ MHD_OPTION_HTTPS_MEM_KEY, 0, (void *)buf_str(&srv->tls_key) },
		{ MHD_OPTION_HTTPS_MEM_CERT, 0,
		    (void *)buf_str(&srv->tls_cert) },
		{ MHD_OPTION_HTTPS_PRIORITIES, 0, (void *)WEB_TLS_PRIORITIES },
		{ MHD_OPTION_END, 0, NULL },
	};

	if (srv->ss.ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	if (srv->tls)
		flags |= MHD_USE_TLS;
	else
		tls[0].option = MHD_OPTION_END;
	return MHD_start_daemon(flags, 0, NULL, NULL, web_access, srv,
	    MHD_OPTION_ARRAY, httpguard_options(srv->guard),
	    MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&srv->ss,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)WEB_HEADER_MEMORY,
	    MHD_OPTION_LISTEN_BACKLOG_SIZE, (unsigned int)WEB_BACKLOG,
	    MHD_OPTION_STRICT_FOR_CLIENT, (int)1, MHD_OPTION_NOTIFY_COMPLETED,
	    web_completed, NULL, MHD_OPTION_ARRAY, tls, MHD_OPTION_END);
}

/*
 * The checks of web_prepare() on a new server.  Returns 0, or -1 with
 * the reason logged.
 */
static int
web_check(struct web_server *srv)
{
	const struct web_config *cfg = &srv->cfg;
	char			 err[CONFIG_ERR_MAX];

	if (config_parse_listen(cfg->listen, srv->listen_host,
		sizeof(srv->listen_host), &srv->listen_port) == -1 ||
	    web_address(srv->listen_host, srv->listen_port, &srv->ss,
		&srv->sslen) == -1) {
		log_warnx(
		    "%s: cannot use listen address %s", cfg->name, cfg->listen);
		return -1;
	}
	srv->tls = cfg->tls_cert_file != NULL;
	if (srv->tls && web_tls_load(srv) == -1)
		return -1;
	if (cfg->port_file != NULL &&
	    config_check_folder(cfg->port_file, err, sizeof(err)) == -1) {
		log_warnx("%s: [%s] port_file %s", cfg->name, cfg->name, err);
		return -1;
	}
	srv->any_host = web_is_any(&srv->ss);
	return 0;
}

struct web_server *
web_prepare(const struct web_config *cfg)
{
	struct web_server *srv;

	if ((srv = calloc(1, sizeof(*srv))) == NULL)
		fatal("calloc");
	srv->cfg = *cfg;
	if (srv->cfg.body_max == 0)
		srv->cfg.body_max = WEB_BODY_MAX;
	snprintf(srv->csp, sizeof(srv->csp), "%s",
	    cfg->csp != NULL ? cfg->csp : "default-src 'none'");
	if (web_check(srv) == -1) {
		web_free(srv);
		return NULL;
	}
	return srv;
}

int
web_start(struct web_server *srv)
{
	const union MHD_DaemonInfo *info;

	if ((srv->guard = httpguard_new(srv->cfg.limits, srv->cfg.name)) ==
	    NULL) {
		log_warnx(
		    "%s: cannot start the connection guard", srv->cfg.name);
		return -1;
	}
	if ((srv->daemon = web_daemon(srv)) == NULL) {
		log_warn(
		    "%s: cannot listen on %s", srv->cfg.name, srv->cfg.listen);
		return -1;
	}
	info = MHD_get_daemon_info(srv->daemon, MHD_DAEMON_INFO_BIND_PORT);
	srv->port = info != NULL ? info->port : srv->listen_port;
	web_allowed_hosts(srv);
	return 0;
}

void
web_free(struct web_server *srv)
{
	if (srv == NULL)
		return;
	if (srv->daemon != NULL)
		MHD_stop_daemon(srv->daemon);
	httpguard_free(srv->guard);
	buf_free(&srv->tls_key);
	buf_free(&srv->tls_cert);
	free(srv);
}

int
web_port(const struct web_server *srv)
{
	return srv->port;
}

int
web_tls(const struct web_server *srv)
{
	return srv->tls;
}

const char *
web_host(const struct web_server *srv)
{
	return srv->hosts[0];
}
