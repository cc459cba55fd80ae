/*
 * webroute - a route table: method and path (or path prefix) to the
 * program's entry, with 404 and 405 told apart.
 *
 * The table is an array the program keeps, usually indexed by its own
 * enum (kcgi's pages[PAGE__MAX]).  What each route does (its handler,
 * the login it needs) sits next to it: the program's entry embeds a
 * struct webroute, and the search reads only that, stride bytes from
 * one entry to the next.
 *
 *	static const struct staff_route routes[] = {
 *		{ { WEB_GET, "/", 0 }, page_home },
 *		{ { WEB_POST, "/people", 0 }, page_people_post },
 *		{ { WEB_GET, "/assets/", 1 }, serve_asset },
 *	};
 *	i = webroute_find(&routes[0].route, NROUTES, sizeof(routes[0]),
 *	    req->method, req->url, &status);
 */
#ifndef MENTOR_WEBROUTE_H
#define MENTOR_WEBROUTE_H

#include <stddef.h>

#include "web.h"

struct webroute {
	enum web_method method; /* WEB_GET also serves HEAD */
	const char     *path;	/* "/call-me", or a prefix "/assets/" */
	int		prefix; /* 1: path is a prefix of the URL */
};

/*
 * The index of the first route in table (n entries, stride bytes from
 * one struct webroute to the next; sizeof(struct webroute) for a plain
 * array) for method and url.  Returns the index, or -1 with *status
 * set: 405 (Method Not Allowed) when url has a route for another
 * method or the method is WEB_METHOD_OTHER, else 404 (Not Found).
 */
int    webroute_find(const struct webroute *table, size_t n, size_t stride,
       enum web_method method, const char *url, unsigned int *status);
/*
 * As webroute_find(), but n (with *status set) when no route serves
 * the request: a table indexed by an enum ending in __MAX gives the
 * enum value at once.
 */
size_t webroute_index(const struct webroute *table, size_t n, size_t stride,
    enum web_method method, const char *url, unsigned int *status);

#endif
