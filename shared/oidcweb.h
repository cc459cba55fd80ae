/*
 * oidcweb - the web side of an OpenID Connect sign-in that the staff
 * console (/callback) and the kiosk (/mitid/callback) share.
 */
#ifndef MENTOR_OIDCWEB_H
#define MENTOR_OIDCWEB_H

struct buf;
struct web_request;

/*
 * Append to q the callback's query, rebuilt from the request's
 * parameters that oidc_callback() reads (code, state, iss, error,
 * error_description), percent-encoded, without '?'.  Any other
 * parameter is left out.
 */
void oidcweb_callback_query(struct web_request *, struct buf *q);

#endif
