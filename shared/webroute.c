/*
 * webroute.c - find a request's route in a program's table.  See
 * webroute.h.
 */
#include <string.h>

#include "webroute.h"

/*
 * 1 if the route's path covers url.
 */
static int
webroute_path_matches(const struct webroute *r, const char *url)
{
	if (r->prefix)
		return strncmp(url, r->path, strlen(r->path)) == 0;
	return strcmp(url, r->path) == 0;
}

/*
 * 1 if the route serves method.
 */
static int
webroute_method_matches(const struct webroute *r, enum web_method method)
{
	if (r->method == WEB_GET)
		return method == WEB_GET || method == WEB_HEAD;
	return r->method == method;
}

int
webroute_find(const struct webroute *table, size_t n, size_t stride,
    enum web_method method, const char *url, unsigned int *status)
{
	const struct webroute *r;
	size_t		       i;
	int		       other = method == WEB_METHOD_OTHER;

	for (i = 0; i < n; i++) {
		r = (const void *)((const char *)table + i * stride);
		if (!webroute_path_matches(r, url))
			continue;
		if (webroute_method_matches(r, method))
			return (int)i;
		other = 1;
	}
	*status = other ? 405 : 404;
	return -1;
}

size_t
webroute_index(const struct webroute *table, size_t n, size_t stride,
    enum web_method method, const char *url, unsigned int *status)
{
	int i;

	i = webroute_find(table, n, stride, method, url, status);
	return i < 0 ? n : (size_t)i;
}
