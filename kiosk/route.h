/*
 * route - the kiosk's route table and the checks in front of every
 * page: method, Host, body size and type before the body is read;
 * session, Origin, form, CSRF and the login state after.  The web
 * server (web.h) calls route_head() and route_serve() with the struct
 * kiosk as their argument; the pages are in page_*.c.
 */
#ifndef MENTOR_KIOSK_ROUTE_H
#define MENTOR_KIOSK_ROUTE_H

#include "web.h"

/* web_config.head: refuse what needs no body to refuse. */
enum web_next route_head(struct web_request *, struct web_reply *, void *kiosk);

/* web_config.serve: the body is in; run the route's page. */
void route_serve(struct web_request *, struct web_reply *, void *kiosk);

#endif
