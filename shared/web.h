/*
 * web - a small web server for our programs on libmicrohttpd, knowing
 * nothing of any program's pages: one internal thread, the connection
 * guard's limits (httpguard.h), TLS when a certificate is configured,
 * a request head and its form body read into struct web_request, and a
 * struct web_reply sent back with the security headers every answer of
 * ours carries.
 *
 * How a program uses it:
 *
 *	struct web_config wc = { .name = "console", .listen = "127.0.0.1:0",
 *	    .limits = &my_limits, .csp = csp, .head = my_head,
 *	    .serve = my_serve, .arg = my_state };
 *	struct web_server *srv = web_prepare(&wc);	(-n: stop here)
 *	web_start(srv);  ...  web_free(srv);
 *
 * Per request, on the server's one thread:
 *   1. head(req, rep, arg) when the method, path and headers are in and
 *	the body is not.  The program checks what needs no body (the
 *	route, web_host_ok(), web_body_too_big(), web_form_type_ok()) and
 *	returns WEB_ANSWER with rep filled to answer at once (the body is
 *	then read and dropped), or WEB_READ_BODY.  head may be NULL.
 *   2. serve(req, rep, arg) when the body is in (at most body_max
 *	bytes; a longer one without a Content-Length that said so drops
 *	the connection).  The program fills rep; web_form_parse() reads a
 *	POST form, web_origin_ok() checks where it came from.
 *   3. The reply is sent, logged at debug level with its time, and
 *	freed; the request is freed when the connection is done with it.
 *
 * Every answer carries X-Frame-Options DENY, nosniff, same-origin
 * referrer, opener (unsafe-none when rep->opener_open) and resource
 * policies, a Permissions-Policy that allows nothing, and
 * Strict-Transport-Security over TLS.  A page
 * (not a file) also gets Cache-Control: no-store and the configured
 * Content-Security-Policy.
 */
#ifndef MENTOR_WEB_H
#define MENTOR_WEB_H

#include <stddef.h>
#include <time.h>

#include "buf.h"
#include "formparse.h"

#define WEB_BODY_MAX	 4096 /* default body_max, bytes */
#define WEB_LOCATION_MAX 2048 /* a redirect target (a provider's URL) */
#define WEB_HOST_MAX	 300  /* a Host value: name, colon, port */
#define WEB_HOSTNAME_MAX 256
#define WEB_HOSTS	 4   /* Host values we answer to */
#define WEB_COOKIE_MAX	 192 /* "name=value" of the cookie */

struct MHD_Connection;
struct httpguard_limits;
struct web_server;

enum web_method {
	WEB_GET,
	WEB_HEAD,
	WEB_POST,
	WEB_METHOD_OTHER /* any other: answer 405 */
};

/* One request, from its first callback to its completion. */
struct web_request {
	struct web_server     *srv;
	struct MHD_Connection *conn;
	enum web_method	       method;
	const char	      *url;  /* the path, no query */
	struct buf	       body; /* the raw body */
	size_t		       body_seen;
	size_t		       body_limit; /* web_body_limit(); 0: body_max */
	int		       answered;   /* answered from the head */
	struct form	       form;	   /* after web_form_parse() */
	time_t		       now;	   /* clock_now() on arrival */
};

/*
 * What a program hands back to be sent.  Start from { 0 }: status 0
 * means 200; an empty body with no location sends nothing.
 */
struct web_reply {
	unsigned int status;
	struct buf   body;			 /* the page, HTML by default */
	const char  *content_type;		 /* NULL: text/html */
	char	     location[WEB_LOCATION_MAX]; /* web_redirect() */
	char	     cookie[WEB_COOKIE_MAX];	 /* web_reply_cookie() */
	int	     cookie_clear;		 /* web_reply_clear_cookie() */
	int	     cookie_lax;		 /* web_reply_cookie_lax() */
	int	     clear_site;		 /* Clear-Site-Data at logout */
	int	     opener_open;		 /* opener policy unsafe-none */
	int	     is_file;			 /* web_reply_file() */
	int	     file_fd;
	size_t	     file_size;
	int	     cache_public;   /* cacheable for an hour */
	char	     attachment[96]; /* web_reply_attachment() */
};

/* What head() tells the server. */
enum web_next {
	WEB_READ_BODY, /* go on: read the body, then serve() */
	WEB_ANSWER     /* send rep now */
};

typedef enum web_next web_head_fn(
    struct web_request *, struct web_reply *, void *arg);
typedef void web_serve_fn(struct web_request *, struct web_reply *, void *arg);

/*
 * The server's settings.  The strings must live as long as the server
 * (web_prepare() keeps the pointers, the CSP copied).
 */
struct web_config {
	const char *name;	   /* "kiosk": log prefix, config section */
	const char *listen;	   /* "host:port"; port 0 picks one */
	const char *tls_cert_file; /* PEM; NULL: plain HTTP */
	const char *tls_key_file;  /* PEM, mode 0600, no passphrase */
	const char *port_file;	   /* checked: its folder exists; or NULL */
	const char *csp;	   /* Content-Security-Policy of pages */
	const struct httpguard_limits *limits;	 /* required */
	size_t			       body_max; /* 0: WEB_BODY_MAX */
	web_head_fn		      *head;  /* NULL: always read the body */
	web_serve_fn		      *serve; /* required */
	void			      *arg;   /* given to head and serve */
};

/*
 * Check and load what the server needs, without listening: the listen
 * address, the TLS certificate and key (mode, format, that they belong
 * together; an expired certificate is only warned about), the port
 * file's folder.  A program's -n runs this and web_free().  Returns the
 * server (free with web_free()), or NULL with the reason logged.
 */
struct web_server *web_prepare(const struct web_config *);

/*
 * Start listening (the connection guard first).  Returns 0, or -1 with
 * the reason logged.  Then web_port() and web_host() are known.
 */
int		   web_start(struct web_server *);

/* Stop the server if it runs and free it, wiping the TLS key.  NULL ok. */
void		   web_free(struct web_server *);

/* The port listened on (after web_start()). */
int		   web_port(const struct web_server *);

/* 1 if the server speaks HTTPS. */
int		   web_tls(const struct web_server *);

/* "host:port" as a browser writes it in the address bar (web_start()). */
const char	  *web_host(const struct web_server *);

/* --- the request --------------------------------------------------- */

/* The value of a query parameter, a header, a cookie, or NULL. */
const char	  *web_query(struct web_request *, const char *name);
const char	  *web_header(struct web_request *, const char *name);
const char	  *web_cookie(struct web_request *, const char *name);

/*
 * Append the request's query to out as "?a=1&b=2", names and values
 * percent-encoded again (nothing when there is none); at most max bytes
 * are appended, else nothing is and -1 is returned.  Returns 0.
 */
int  web_query_string(struct web_request *, struct buf *out, size_t max);

/*
 * 1 if the Host header names this server (the DNS rebinding guard):
 * the listen host and port, and on a loopback address "127.0.0.1",
 * "localhost" and "[::1]" with the port; on a wildcard address any host
 * with our port.
 */
int  web_host_ok(struct web_request *);

/*
 * 1 if a POST comes from our own pages: Origin, when sent, must be our
 * scheme and Host; a browser's Sec-Fetch-Site must say same-origin.  A
 * client that sends neither is no browser and cannot be a cross-site
 * forgery.
 */
int  web_origin_ok(struct web_request *);

/* 1 if Content-Length says more than the server's body_max. */
int  web_body_too_big(struct web_request *);

/* 1 if the Content-Type is application/x-www-form-urlencoded. */
int  web_form_type_ok(struct web_request *);

/*
 * From head(): this request (a file upload) may send up to max body
 * bytes instead of the server's body_max, and its form may be
 * multipart/form-data (each value up to max bytes).
 */
void web_body_limit(struct web_request *, size_t max);

/* 1 if the Content-Type is multipart/form-data with a boundary. */
int  web_multipart_ok(struct web_request *);

/*
 * Parse the body as a form into req->form (freed with the request):
 * urlencoded, or multipart after web_body_limit().  Returns FORM_OK or
 * the parser's error.
 */
enum form_err web_form_parse(struct web_request *);

/* The value of a field of the parsed form, or NULL. */
const char   *web_field(struct web_request *, const char *name);

/* --- the reply ----------------------------------------------------- */

/* Redirect (303 See Other) to a path of ours. */
void	      web_redirect(struct web_reply *, const char *path);

/*
 * Set a cookie: HttpOnly, SameSite=Strict, Path=/, Secure over TLS,
 * for the browser session.  The value is copied (and wiped after the
 * answer is sent).  Returns 0, or -1 if name=value does not fit.
 */
int web_reply_cookie(struct web_reply *, const char *name, const char *value);

/*
 * The same with SameSite=Lax: the browser sends it when another site
 * sends it back to us with a link or redirect (an identity provider's
 * answer to a sign-in).  Returns 0, or -1 if name=value does not fit.
 */
int web_reply_cookie_lax(
    struct web_reply *, const char *name, const char *value);

/*
 * Redirect (303 See Other) to a full URL elsewhere (an identity
 * provider).  Returns 0, or -1 (nothing set) when it is longer than
 * WEB_LOCATION_MAX - 1.
 */
int  web_redirect_url(struct web_reply *, const char *url);

/* Tell the browser to drop the cookie name. */
void web_reply_clear_cookie(struct web_reply *, const char *name);

/*
 * Send the open file fd (size bytes, of MIME type) instead of a body,
 * cacheable for an hour; the server closes fd.
 */
void web_reply_file(struct web_reply *, int fd, size_t size, const char *type);

/*
 * Send the body as a download named filename (Content-Disposition:
 * attachment) of MIME type type; a page's headers (no-store, the CSP)
 * stay.  Characters other than letters, digits, '.', '-' and '_' in
 * filename become '_'.
 */
void web_reply_attachment(
    struct web_reply *, const char *filename, const char *type);

/* Free the body and wipe the cookie (the server does it after sending). */
void web_reply_free(struct web_reply *);

#endif
