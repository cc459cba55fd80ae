/*
 * route - the route table and the checks every request passes: method,
 * Host, Origin, body size and type, session, CSRF, login state.
 * Used by http.c; the pages are in page_*.c.
 */
#ifndef MENTOR_KIOSK_ROUTE_H
#define MENTOR_KIOSK_ROUTE_H

#include <sys/types.h>
#include <sys/socket.h>

#include <stdarg.h>
#include <stdint.h>

#include <microhttpd.h>

#include "http.h"

/* First callback of a request: checks that need no body. */
enum MHD_Result	 route_begin(struct request *);
/* Last callback: the body is in; answer. */
enum MHD_Result	 route_finish(struct request *);

/* Queue rep (HTML or redirect) with the security headers; frees its body. */
enum MHD_Result	 http_send(struct request *, struct reply *);
/* Queue an open file (static asset) of size bytes; MHD closes fd. */
enum MHD_Result	 http_send_file(struct request *, int fd, size_t size,
		    const char *type);
/* A request header's value, or NULL. */
const char	*request_header(struct request *, const char *name);

/* Serve GET /assets/...: assets.c. */
enum MHD_Result	 assets_serve(struct request *, const char *path);

#endif
