/*
 * oidcurl - which URLs an OpenID Connect client may use: the checks
 * config_oidc.c makes on [oidc.NAME] and oidc.c makes before talking to a
 * provider.  Nothing here allocates.
 */
#ifndef MENTOR_OIDCURL_H
#define MENTOR_OIDCURL_H

#include <stddef.h>

#define OIDC_URL_MAX 2048

/*
 * 1 if url may be used to talk to a provider: https://HOST..., or
 * http://127.0.0.1 or http://[::1] (with a port and path or not).
 */
int    oidc_url_secure(const char *url);
/* 1 if url starts with http:// or https:// and has a host. */
int    oidc_url_web(const char *url);
/*
 * The length of url's origin (scheme, host and port: "https://host:8443"
 * of "https://host:8443/path"), for a Content-Security-Policy that lets
 * a form's answer go on to the provider; 0 if url is no oidc_url_web().
 */
size_t oidc_url_origin(const char *url);

#endif
