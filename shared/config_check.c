/*
 * config_check.c - the rules across keys that config_load() applies once
 * the whole file is read: each registered table's own check, [kiosk]
 * login, the TLS pairs of [kiosk] and [console], and the listeners (no
 * address but loopback without TLS); see config.h.
 */
#include <sys/socket.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <stdio.h>
#include <string.h>

#include "config.h"
#include "config_int.h"
#include "config_key.h"
#include "sms_provider.h"

int
config_listen_is_loopback(const char *listen)
{
	char		host[256];
	struct in_addr	in4;
	struct in6_addr in6;
	int		port;

	if (config_parse_listen(listen, host, sizeof(host), &port) == -1)
		return -1;
	if (strcmp(host, "localhost") == 0)
		return 1;
	if (inet_pton(AF_INET, host, &in4) == 1)
		return (ntohl(in4.s_addr) >> 24) == 127;
	if (inet_pton(AF_INET6, host, &in6) == 1)
		return IN6_IS_ADDR_LOOPBACK(&in6);
	return 0;
}

/*
 * The listeners: the gateway's speaks plain HTTP, so another address
 * than loopback only with [sms] public = yes; the kiosk's only with TLS.
 * Returns 0 or -1 with err set.
 */
static int
config_check_listen(const struct config *cfg, char *err, size_t errlen)
{
	if (!cfg->sms_public &&
	    config_listen_is_loopback(cfg->sms_listen) == 0) {
		snprintf(err, errlen,
		    "[sms] listen: %s is not a loopback "
		    "address, and the listener has no TLS (webhooks, /metrics "
		    "and /healthz in plain HTTP): keep it on 127.0.0.1 with a "
		    "TLS proxy in front, or set [sms] public = yes when the "
		    "proxy runs on another host",
		    cfg->sms_listen);
		return -1;
	}
	if (cfg->kiosk_tls_cert_file == NULL &&
	    config_listen_is_loopback(cfg->kiosk_listen) == 0) {
		snprintf(err, errlen,
		    "[kiosk] listen: %s is not a loopback "
		    "address; set [kiosk] tls_cert_file and tls_key_file to "
		    "serve it (only the screen's browser on this PC may use "
		    "plain HTTP)",
		    cfg->kiosk_listen);
		return -1;
	}
	if (cfg->console_tls_cert_file == NULL &&
	    config_listen_is_loopback(cfg->console_listen) == 0) {
		snprintf(err, errlen,
		    "[console] listen: %s is not a loopback "
		    "address; set [console] tls_cert_file and tls_key_file, or "
		    "keep it on 127.0.0.1 behind a TLS proxy",
		    cfg->console_listen);
		return -1;
	}
	return 0;
}

/*
 * [kiosk] login: sms and/or mitid, each once; mitid needs [oidc.citizen],
 * and with sites no fixed redirect address.
 * Returns 0 or -1 with err set.
 */
static int
config_check_login(const struct config *cfg, char *err, size_t errlen)
{
	const struct config_words *w = &cfg->kiosk_login;
	const struct config_oidc  *o;
	size_t			   i, j;

	if (w->n == 0) {
		snprintf(err, errlen, "[kiosk] login: name sms, mitid or both");
		return -1;
	}
	for (i = 0; i < w->n; i++) {
		for (j = 0; j < i; j++)
			if (strcmp(w->word[i], w->word[j]) == 0)
				break;
		if ((strcmp(w->word[i], "sms") != 0 &&
			strcmp(w->word[i], "mitid") != 0) ||
		    j < i) {
			snprintf(err, errlen,
			    "[kiosk] login: \"%s\": expected sms, mitid or "
			    "both, each once",
			    w->word[i]);
			return -1;
		}
	}
	if (config_kiosk_login(cfg, "mitid") &&
	    config_oidc(cfg, "citizen") == NULL) {
		snprintf(err, errlen,
		    "[kiosk] login: mitid needs an [oidc.citizen] section "
		    "(the municipality's MitID broker)");
		return -1;
	}
	/* With sites each site has its own /s/NAME/mitid/... addresses. */
	o = config_oidc(cfg, "citizen");
	if (config_kiosk_login(cfg, "mitid") && cfg->nsites > 0 &&
	    (o->redirect_uri != NULL || o->post_logout_redirect_uri != NULL)) {
		snprintf(err, errlen,
		    "[oidc.citizen] %s: leave it out with [site.NAME] "
		    "sections (each site has its own, "
		    "/s/NAME/mitid/callback and /s/NAME/mitid/signed-out)",
		    o->redirect_uri != NULL ? "redirect_uri"
					    : "post_logout_redirect_uri");
		return -1;
	}
	return 0;
}

int
config_kiosk_login(const struct config *cfg, const char *method)
{
	size_t i;

	for (i = 0; i < cfg->kiosk_login.n; i++)
		if (strcmp(cfg->kiosk_login.word[i], method) == 0)
			return 1;
	return 0;
}

/*
 * Rules that need more than one key.  Returns 0 or -1 with err set.
 */
int
config_cross_check(const struct config *cfg, char *err, size_t errlen)
{
	const struct config_table *t;
	const char		  *why;
	size_t			   i;

	for (i = 0; sms_provider_at(i) != NULL; i++)
		if ((t = sms_provider_at(i)->config) != NULL &&
		    t->check != NULL &&
		    (why = t->check(cfg, cfg->tables[i])) != NULL) {
			snprintf(err, errlen, "%s", why);
			return -1;
		}
	if (config_check_login(cfg, err, errlen) == -1)
		return -1;
	if ((cfg->kiosk_tls_cert_file == NULL) !=
	    (cfg->kiosk_tls_key_file == NULL)) {
		snprintf(err, errlen,
		    "[kiosk] tls_cert_file and tls_key_file: "
		    "give both or neither");
		return -1;
	}
	if ((cfg->console_tls_cert_file == NULL) !=
	    (cfg->console_tls_key_file == NULL)) {
		snprintf(err, errlen,
		    "[console] tls_cert_file and tls_key_file: "
		    "give both or neither");
		return -1;
	}
	if (cfg->console_idle > cfg->console_absolute) {
		snprintf(err, errlen, "[console] idle: longer than absolute");
		return -1;
	}
	return config_check_listen(cfg, err, errlen);
}
