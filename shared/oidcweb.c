/*
 * oidcweb.c - the web side of an OIDC sign-in; see oidcweb.h.
 */
#include <stddef.h>

#include "buf.h"
#include "oidcweb.h"
#include "web.h"
#include "websign.h"

/* The callback's parameters oidc_callback() reads. */
static const char *const callback_params[] = { "code", "state", "iss", "error",
	"error_description" };

#define NCALLBACK_PARAMS (sizeof(callback_params) / sizeof(callback_params[0]))

/* See oidcweb.h. */
void
oidcweb_callback_query(struct web_request *web, struct buf *q)
{
	const char *v;
	size_t	    i;

	for (i = 0; i < NCALLBACK_PARAMS; i++) {
		if ((v = web_query(web, callback_params[i])) == NULL)
			continue;
		if (q->len > 0)
			buf_putc(q, '&');
		buf_printf(q, "%s=", callback_params[i]);
		websign_urlencode(v, q);
	}
}
