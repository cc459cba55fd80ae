/*
 * http.c - the libmicrohttpd side: start and stop, per-request state,
 * body collection within HTTP_BODY_MAX, and sending a reply with the
 * security headers.  Routing and the request checks are in route.c.
 */
#include <sys/socket.h>
#include <sys/types.h>

#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <microhttpd.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "clock.h"
#include "config.h"
#include "httpguard.h"
#include "log.h"
#include "route.h"

#define HTTP_HEADER_MEMORY	32768
#define HTTP_BACKLOG		64
#define HTTP_TLS_PRIORITIES	"SECURE256:+SECURE128:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2"

/*
 * Connections: 64 in all, 8 of them kept free for new clients; one
 * address may hold 32, of which 8 waiting for a request (the browser's
 * 127.0.0.1 too: see httpguard.h); a request must be in within 10 s of
 * the connection's start or the last answer; 15 s without traffic ends
 * a connection.
 */
static const struct httpguard_limits http_limits = {
	.connections = 64,
	.per_address = 32,
	.waiting_per_address = 8,
	.reserve = 8,
	.request_timeout = 10,
	.idle_timeout = 15,
};

static struct MHD_Daemon	*daemon_handle;
static struct httpguard		*guard;
static struct buf		 tls_key, tls_cert;

/* The listen address, as http_prepare() found it. */
static struct sockaddr_storage	 listen_ss;
static socklen_t		 listen_sslen;
static char			 listen_host[KIOSK_HOSTNAME_MAX];
static int			 listen_port;

/*
 * Add the headers every answer carries.
 */
static void
http_common_headers(struct kiosk *k, struct MHD_Response *r)
{
	MHD_add_response_header(r, "X-Frame-Options", "DENY");
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "Referrer-Policy", "same-origin");
	MHD_add_response_header(r, "Cross-Origin-Opener-Policy", "same-origin");
	MHD_add_response_header(r, "Cross-Origin-Resource-Policy", "same-origin");
	MHD_add_response_header(r, "Permissions-Policy",
	    "camera=(), microphone=(), geolocation=(), payment=(), usb=()");
	if (k->tls)
		MHD_add_response_header(r, "Strict-Transport-Security",
		    "max-age=31536000");
}

/*
 * Add the session cookie headers the reply asks for.
 */
static void
http_cookie_headers(struct request *req, struct reply *rep,
    struct MHD_Response *r)
{
	char	 cookie[256];
	const char *secure = req->k->tls ? "; Secure" : "";

	if (rep->set_cookie && req->sess != NULL) {
		snprintf(cookie, sizeof(cookie), "%s=%s; Path=/; HttpOnly; "
		    "SameSite=Strict%s", SESSION_COOKIE, req->sess->id, secure);
		MHD_add_response_header(r, "Set-Cookie", cookie);
		explicit_bzero(cookie, sizeof(cookie));
	} else if (rep->clear_cookie) {
		snprintf(cookie, sizeof(cookie), "%s=; Path=/; Max-Age=0; "
		    "HttpOnly; SameSite=Strict%s", SESSION_COOKIE, secure);
		MHD_add_response_header(r, "Set-Cookie", cookie);
	}
	if (rep->clear_site)
		MHD_add_response_header(r, "Clear-Site-Data",
		    "\"cache\", \"storage\"");
}

enum MHD_Result
http_send(struct request *req, struct reply *rep)
{
	struct MHD_Response	*r;
	enum MHD_Result		 ret;
	size_t			 len = rep->body.len;

	r = MHD_create_response_from_buffer(len, buf_take(&rep->body),
	    MHD_RESPMEM_MUST_FREE);
	if (r == NULL)
		return MHD_NO;
	http_common_headers(req->k, r);
	http_cookie_headers(req, rep, r);
	MHD_add_response_header(r, "Cache-Control", "no-store");
	MHD_add_response_header(r, "Content-Security-Policy", req->k->csp);
	if (rep->location[0] != '\0') {
		MHD_add_response_header(r, "Location", rep->location);
		if (len == 0)
			MHD_add_response_header(r, "Content-Type",
			    "text/plain; charset=utf-8");
	}
	if (len > 0)
		MHD_add_response_header(r, "Content-Type",
		    "text/html; charset=utf-8");
	ret = MHD_queue_response(req->conn, rep->status, r);
	MHD_destroy_response(r);
	return ret;
}

enum MHD_Result
http_send_file(struct request *req, int fd, size_t size, const char *type)
{
	struct MHD_Response	*r;
	enum MHD_Result		 ret;

	if ((r = MHD_create_response_from_fd(size, fd)) == NULL) {
		close(fd);
		return MHD_NO;
	}
	http_common_headers(req->k, r);
	MHD_add_response_header(r, "Content-Type", type);
	MHD_add_response_header(r, "Cache-Control", "public, max-age=3600");
	ret = MHD_queue_response(req->conn, MHD_HTTP_OK, r);
	MHD_destroy_response(r);
	return ret;
}

void
reply_redirect(struct reply *rep, const char *path)
{
	rep->status = MHD_HTTP_SEE_OTHER;
	snprintf(rep->location, sizeof(rep->location), "%s", path);
}

const char *
request_query(struct request *req, const char *name)
{
	return MHD_lookup_connection_value(req->conn,
	    MHD_GET_ARGUMENT_KIND, name);
}

const char *
request_header(struct request *req, const char *name)
{
	return MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, name);
}

const char *
request_field(struct request *req, const char *name)
{
	return form_get(&req->form, name);
}

/*
 * Make the state for a new request; NULL for a method we do not serve.
 */
static struct request *
request_new(struct kiosk *k, struct MHD_Connection *conn, const char *url,
    const char *method)
{
	static const char *const methods[HTTP__MAX] = {
		[HTTP_GET] = "GET", [HTTP_HEAD] = "HEAD", [HTTP_POST] = "POST",
	};
	struct request	*req;
	int		 m;

	for (m = 0; m < HTTP__MAX; m++)
		if (strcmp(method, methods[m]) == 0)
			break;
	if ((req = calloc(1, sizeof(*req))) == NULL)
		fatal("calloc");
	req->k = k;
	req->conn = conn;
	req->url = url;
	req->method = (enum http_method)m;
	req->now = clock_now();
	return req;
}

/*
 * Collect upload data; returns MHD_NO (the connection is dropped) once
 * the body passes HTTP_BODY_MAX without a Content-Length that said so.
 */
static enum MHD_Result
request_upload(struct request *req, const char *data, size_t *size)
{
	req->body_seen += *size;
	if (req->body_seen > HTTP_BODY_MAX) {
		log_warnx("http: body over %d bytes dropped", HTTP_BODY_MAX);
		return MHD_NO;
	}
	if (!req->refused)
		buf_append(&req->body, data, *size);
	*size = 0;
	return MHD_YES;
}

static enum MHD_Result
http_access(void *cls, struct MHD_Connection *conn, const char *url,
    const char *method, const char *version, const char *upload_data,
    size_t *upload_data_size, void **con_cls)
{
	struct request	*req = *con_cls;

	if (req == NULL) {
		if (!httpguard_head_in(conn)) {
			log_info("http: refused ambiguous framing for %s", url);
			return httpguard_refuse(conn);
		}
		*con_cls = req = request_new(cls, conn, url, method);
		return route_begin(req);
	}
	if (*upload_data_size > 0)
		return request_upload(req, upload_data, upload_data_size);
	httpguard_received(conn);
	if (req->refused)
		return MHD_YES;
	return route_finish(req);
}

static void
http_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
    enum MHD_RequestTerminationCode toe)
{
	struct request	*req = *con_cls;

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
http_address(const char *host, int port, struct sockaddr_storage *ss,
    socklen_t *len)
{
	struct addrinfo	 hints, *res;
	char		 portstr[8];
	const char	*h = host;
	size_t		 n = strlen(host);
	char		 buf[KIOSK_HOSTNAME_MAX];

	if (n > 2 && host[0] == '[' && host[n - 1] == ']') {
		snprintf(buf, sizeof(buf), "%.*s", (int)(n - 2), host + 1);
		h = buf;
	}
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE | (strcmp(h, "localhost") ? AI_NUMERICHOST : 0);
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
http_is_loopback(const struct sockaddr_storage *ss)
{
	const struct sockaddr_in	*in4 = (const void *)ss;
	const struct sockaddr_in6	*in6 = (const void *)ss;

	if (ss->ss_family == AF_INET)
		return (ntohl(in4->sin_addr.s_addr) >> 24) == 127;
	return IN6_IS_ADDR_LOOPBACK(&in6->sin6_addr);
}

/*
 * 1 if the address is a wildcard (0.0.0.0 or ::).
 */
static int
http_is_any(const struct sockaddr_storage *ss)
{
	const struct sockaddr_in	*in4 = (const void *)ss;
	const struct sockaddr_in6	*in6 = (const void *)ss;

	if (ss->ss_family == AF_INET)
		return in4->sin_addr.s_addr == htonl(INADDR_ANY);
	return IN6_IS_ADDR_UNSPECIFIED(&in6->sin6_addr);
}

/* OpenSSL's passphrase callback: there is none (never prompt). */
static int
http_no_passphrase(char *buf, int size, int rwflag, void *arg)
{
	return 0;
}

/*
 * Check that tls_cert and tls_key are a PEM certificate and the
 * unencrypted PEM key that belongs to it, as GnuTLS will need them.
 * Returns 0, or -1 with the reason logged.
 */
static int
http_tls_check(const struct config *cfg)
{
	BIO		*b;
	X509		*x = NULL;
	EVP_PKEY	*pk = NULL;
	int		 ret = -1;

	if ((b = BIO_new_mem_buf(tls_cert.data, (int)tls_cert.len)) != NULL)
		x = PEM_read_bio_X509(b, NULL, http_no_passphrase, NULL);
	BIO_free(b);
	if ((b = BIO_new_mem_buf(tls_key.data, (int)tls_key.len)) != NULL)
		pk = PEM_read_bio_PrivateKey(b, NULL, http_no_passphrase, NULL);
	BIO_free(b);
	if (x == NULL)
		log_warnx("kiosk: tls cert %s: not a PEM certificate",
		    cfg->kiosk_tls_cert_file);
	else if (pk == NULL)
		log_warnx("kiosk: tls key %s: not a PEM private key without a "
		    "passphrase", cfg->kiosk_tls_key_file);
	else if (X509_check_private_key(x, pk) != 1)
		log_warnx("kiosk: tls key %s does not belong to the certificate "
		    "%s", cfg->kiosk_tls_key_file, cfg->kiosk_tls_cert_file);
	else {
		if (X509_cmp_current_time(X509_get0_notAfter(x)) < 0)
			log_warnx("kiosk: tls cert %s has expired; browsers will "
			    "refuse it", cfg->kiosk_tls_cert_file);
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
http_tls_load(const struct config *cfg)
{
	char	 err[CONFIG_ERR_MAX];
	FILE	*f;
	char	 chunk[4096];
	size_t	 n;

	buf_free(&tls_key);
	buf_free(&tls_cert);
	if (config_read_secret(cfg->kiosk_tls_key_file, NULL, &tls_key, err,
	    sizeof(err)) == -1) {
		log_warnx("kiosk: tls key: %s", err);
		return -1;
	}
	if ((f = fopen(cfg->kiosk_tls_cert_file, "r")) == NULL) {
		log_warn("kiosk: tls cert %s", cfg->kiosk_tls_cert_file);
		return -1;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_append(&tls_cert, chunk, n);
	fclose(f);
	return http_tls_check(cfg);
}

/*
 * Fill k->hosts with the Host header values we answer to.
 */
static void
http_allowed_hosts(struct kiosk *k, const char *host, int loopback)
{
	static const char *const local[] = { "127.0.0.1", "localhost", "[::1]" };
	size_t	 i;

	k->nhosts = 0;
	snprintf(k->hosts[k->nhosts++], KIOSK_HOST_MAX, "%s:%d", host, k->port);
	for (i = 0; loopback && i < sizeof(local) / sizeof(local[0]); i++)
		if (strcmp(local[i], host) != 0)
			snprintf(k->hosts[k->nhosts++], KIOSK_HOST_MAX, "%s:%d",
			    local[i], k->port);
}

/*
 * Start the daemon on ss with the option list for TLS or not.
 */
static struct MHD_Daemon *
http_daemon(struct kiosk *k, struct sockaddr_storage *ss)
{
	unsigned int	 flags = MHD_USE_INTERNAL_POLLING_THREAD |
	    MHD_USE_EPOLL | MHD_USE_ERROR_LOG;
	struct MHD_OptionItem tls[] = {
		{ MHD_OPTION_HTTPS_MEM_KEY, 0, (void *)buf_str(&tls_key) },
		{ MHD_OPTION_HTTPS_MEM_CERT, 0, (void *)buf_str(&tls_cert) },
		{ MHD_OPTION_HTTPS_PRIORITIES, 0, (void *)HTTP_TLS_PRIORITIES },
		{ MHD_OPTION_END, 0, NULL },
	};

	if (ss->ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	if (k->tls)
		flags |= MHD_USE_TLS;
	else
		tls[0].option = MHD_OPTION_END;
	return MHD_start_daemon(flags, 0, NULL, NULL, http_access, k,
	    MHD_OPTION_ARRAY, httpguard_options(guard),
	    MHD_OPTION_SOCK_ADDR, (struct sockaddr *)ss,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)HTTP_HEADER_MEMORY,
	    MHD_OPTION_LISTEN_BACKLOG_SIZE, (unsigned int)HTTP_BACKLOG,
	    MHD_OPTION_STRICT_FOR_CLIENT, (int)1,
	    MHD_OPTION_NOTIFY_COMPLETED, http_completed, NULL,
	    MHD_OPTION_ARRAY, tls,
	    MHD_OPTION_END);
}

int
http_prepare(struct kiosk *k)
{
	char	 err[CONFIG_ERR_MAX];

	if (config_parse_listen(k->cfg->kiosk_listen, listen_host,
	    sizeof(listen_host), &listen_port) == -1 ||
	    http_address(listen_host, listen_port, &listen_ss,
	    &listen_sslen) == -1) {
		log_warnx("kiosk: cannot use listen address %s",
		    k->cfg->kiosk_listen);
		return -1;
	}
	k->tls = k->cfg->kiosk_tls_cert_file != NULL;
	if (k->tls && http_tls_load(k->cfg) == -1)
		return -1;
	if (k->cfg->kiosk_port_file != NULL &&
	    config_check_folder(k->cfg->kiosk_port_file, err,
	    sizeof(err)) == -1) {
		log_warnx("kiosk: [kiosk] port_file %s", err);
		return -1;
	}
	k->any_host = http_is_any(&listen_ss);
	return 0;
}

int
http_start(struct kiosk *k)
{
	const union MHD_DaemonInfo *info;

	if (http_prepare(k) == -1)
		return -1;
	if ((guard = httpguard_new(&http_limits, "kiosk")) == NULL) {
		log_warnx("kiosk: cannot start the connection guard");
		return -1;
	}
	if ((daemon_handle = http_daemon(k, &listen_ss)) == NULL) {
		log_warn("kiosk: cannot listen on %s", k->cfg->kiosk_listen);
		return -1;
	}
	info = MHD_get_daemon_info(daemon_handle, MHD_DAEMON_INFO_BIND_PORT);
	k->port = info != NULL ? info->port : listen_port;
	http_allowed_hosts(k, listen_host, http_is_loopback(&listen_ss));
	return 0;
}

void
http_stop(void)
{
	if (daemon_handle != NULL)
		MHD_stop_daemon(daemon_handle);
	daemon_handle = NULL;
	httpguard_free(guard);
	guard = NULL;
	buf_free(&tls_key);
	buf_free(&tls_cert);
}
