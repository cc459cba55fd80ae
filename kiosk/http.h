/*
 * http - the kiosk's HTTP side on libmicrohttpd: one internal thread,
 * 127.0.0.1 unless TLS is configured, strict limits (headers, body,
 * connections, timeouts), the Host and Origin checks, the security
 * headers on every answer, and the route table that hands a request to
 * its page.
 */
#ifndef MENTOR_KIOSK_HTTP_H
#define MENTOR_KIOSK_HTTP_H

#include <stddef.h>

#include "buf.h"
#include "formparse.h"
#include "kiosk.h"
#include "session.h"

#define HTTP_BODY_MAX		4096	/* bytes in a POST body */
#define HTTP_LOCATION_MAX	128

struct MHD_Connection;

enum http_method {
	HTTP_GET,
	HTTP_HEAD,
	HTTP_POST,
	HTTP__MAX
};

/* One request, from its first callback to its completion. */
struct request {
	struct kiosk		*k;
	struct MHD_Connection	*conn;
	enum http_method	 method;
	const char		*url;
	struct buf		 body;
	size_t			 body_seen;
	int			 refused;	/* answer already chosen */
	struct form		 form;		/* parsed POST body */
	struct session		*sess;		/* NULL when none */
	enum session_end	 sess_why;	/* why sess is NULL */
	enum msg		 msg;		/* shown instead of the flash */
	time_t			 now;
};

/* What a page hands back to be sent. */
struct reply {
	unsigned int	 status;
	struct buf	 body;			/* HTML unless content_type */
	char		 location[HTTP_LOCATION_MAX];	/* redirect target */
	int		 set_cookie;		/* send the session cookie */
	int		 clear_cookie;		/* expire the cookie */
	int		 clear_site;		/* Clear-Site-Data on logout */
};

/*
 * Check and load what the server needs, without listening: the listen
 * address, the TLS certificate and key (mode, format, that they belong
 * together), the port file's folder.  kiosk -n runs it, and so does
 * http_start().  Returns 0, or -1 with the reason logged.
 */
int		 http_prepare(struct kiosk *);

/*
 * http_prepare(), then start the server on cfg->kiosk_listen (TLS when
 * configured) and fill k->port.  Returns 0, or -1 with the reason logged.
 */
int		 http_start(struct kiosk *);
void		 http_stop(void);

/* Redirect (303 See Other) to a path of ours. */
void		 reply_redirect(struct reply *, const char *path);

/* The value of a query parameter of the request, or NULL. */
const char	*request_query(struct request *, const char *name);

/* The value of a POST field, or NULL. */
const char	*request_field(struct request *, const char *name);

/* The language the request is answered in: the session's, else "da". */
const char	*request_lang(const struct request *);

/*
 * Give the request a session: its own, or a new one (sets the cookie in
 * rep).  Returns the session, or NULL if none could be made.
 */
struct session	*request_session(struct request *, struct reply *);

#endif
