/*
 * oidcurl.c - the URLs an OpenID Connect client may use; see oidcurl.h.
 */
#include <string.h>

#include "oidcurl.h"

/* See oidcurl.h. */
int
oidc_url_web(const char *url)
{
	size_t n;

	if (strncmp(url, "https://", 8) == 0)
		n = 8;
	else if (strncmp(url, "http://", 7) == 0)
		n = 7;
	else
		return 0;
	return url[n] != '\0' && url[n] != '/' && strlen(url) <= OIDC_URL_MAX &&
	    strpbrk(url, " \t\r\n\"<>\\") == NULL;
}

/* See oidcurl.h. */
int
oidc_url_secure(const char *url)
{
	static const char *const loopback[] = { "http://127.0.0.1",
		"http://[::1]" };
	size_t			 i, n;

	if (url == NULL || !oidc_url_web(url))
		return 0;
	if (strncmp(url, "https://", 8) == 0)
		return 1;
	for (i = 0; i < sizeof(loopback) / sizeof(loopback[0]); i++) {
		n = strlen(loopback[i]);
		if (strncmp(url, loopback[i], n) == 0 &&
		    strchr(":/?", url[n]) != NULL) /* also the NUL */
			return 1;
	}
	return 0;
}

/* See oidcurl.h. */
size_t
oidc_url_origin(const char *url)
{
	size_t n;

	if (!oidc_url_web(url))
		return 0;
	n = strncmp(url, "https://", 8) == 0 ? 8 : 7;
	return n + strcspn(url + n, "/?#");
}
