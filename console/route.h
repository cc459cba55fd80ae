/*
 * route - the console's route table and the checks every request passes
 * before its page: Host, method, body size and type, session, sign-in,
 * CSRF token and Origin on every POST.
 */
#ifndef MENTOR_CONSOLE_ROUTE_H
#define MENTOR_CONSOLE_ROUTE_H

#include "web.h"

/* The web server's head() and serve() (arg: struct console). */
enum web_next route_head(
    struct web_request *, struct web_reply *, void *console);
void route_serve(struct web_request *, struct web_reply *, void *console);

#endif
