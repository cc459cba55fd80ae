/*
 * kiosk - the touch-screen self-service for citizens with mentor support.
 *
 *	kiosk -f CONFIG [-n] [-v]
 *
 * Serves server-rendered pages (Det Fælles Designsystem, borger.dk theme)
 * on [kiosk] listen, 127.0.0.1:8080 by default; another address only with
 * TLS.  Writes the port to [kiosk] port_file when set and prints the
 * address.  -n checks what the start needs (configuration, database, CPR
 * key, listen address, TLS certificate and key, the port file's folder,
 * the [site.NAME] sections: site.h)
 * with the same functions the start uses, without listening, and exits;
 * -v logs debug lines (one per request, with its time).  SIGTERM or
 * SIGINT end it cleanly; the main thread waits for them and ends expired
 * sessions once a second.  Files it makes are mode 0600 (umask 077).
 */

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "assets.h"
#include "clock.h"
#include "config.h"
#include "config_site.h"
#include "crypto.h"
#include "daemon.h"
#include "httpguard.h"
#include "i18n.h"
#include "log.h"
#include "oidc.h"
#include "pages.h"
#include "route.h"
#include "session.h"
#include "site.h"
#include "store.h"
#include "web.h"

#ifndef KIOSK_ASSETS_DEFAULT
#define KIOSK_ASSETS_DEFAULT "/usr/local/share/mentorlink/kiosk-assets"
#endif

/*
 * Connections: 64 in all, 8 of them kept free for new clients; one
 * address may hold 32, of which 8 waiting for a request (the browser's
 * 127.0.0.1 too: see httpguard.h); a request must be in within 10 s of
 * the connection's start or the last answer; 15 s without traffic ends
 * a connection.
 */
static const struct httpguard_limits kiosk_limits = {
	.connections = 64,
	.per_address = 32,
	.waiting_per_address = 8,
	.reserve = 8,
	.request_timeout = 10,
	.idle_timeout = 15,
};

/*
 * The Content-Security-Policy: nothing but our own styles, fonts and
 * images, the one inline script by its hash, and that script's requests
 * to the kiosk itself (activity, "still here").  With MitID, log out's
 * answer sends the browser on to the broker's sign-out, which Chromium
 * counts as part of the form's action: the broker's origin is allowed
 * there.
 */
static void
kiosk_csp(struct kiosk *k)
{
	unsigned char		  digest[CRYPTO_SHA256_LEN];
	struct buf		  b64 = { 0 };
	const char		 *script = page_script();
	const struct config_oidc *o = config_oidc(k->cfg, "citizen");
	const char		 *broker = "";
	size_t			  n = 0;

	if (config_kiosk_login(k->cfg, "mitid") && o != NULL) {
		broker = o->issuer;
		n = oidc_url_origin(broker);
	}

	crypto_sha256(script, strlen(script), digest);
	crypto_base64_encode(digest, sizeof(digest), &b64);
	snprintf(k->csp, sizeof(k->csp),
	    "default-src 'none'; "
	    "script-src 'sha256-%s'; style-src 'self'; img-src 'self'; "
	    "font-src 'self'; connect-src 'self'; form-action 'self'%s%.*s; "
	    "base-uri 'none'; frame-ancestors 'none'",
	    buf_str(&b64), n > 0 ? " " : "", (int)n, broker);
	buf_free(&b64);
}

/*
 * Open what the kiosk needs: configuration and zone (daemon_config()),
 * texts, CPR key (the rule mentorctl check applies), database.  Exits
 * with a message on any problem.
 */
static void
kiosk_open(struct kiosk *k, const struct daemon_opts *opt)
{
	char err[CONFIG_ERR_MAX];

	k->cfg = daemon_config(opt);
	i18n_init();
	if (site_check(k->cfg, err, sizeof(err)) == -1)
		fatalx("kiosk: %s: %s", k->cfg->path, err);
	if (config_read_cpr_key(k->cfg, &k->cpr_key, err, sizeof(err)) == -1)
		fatalx("kiosk: cpr key: %s", err);
	if (store_open(k->cfg->db_path, 0, &k->store, err, sizeof(err)) !=
	    STORE_OK)
		fatalx("kiosk: %s", err);
	k->assets = k->cfg->kiosk_assets != NULL ? k->cfg->kiosk_assets
						 : KIOSK_ASSETS_DEFAULT;
	assets_check(k->assets);
	kiosk_csp(k);
}

/*
 * Check what the web server needs (web_prepare()) into k->web.  Returns
 * 0, or -1 with the reason logged.
 */
static int
kiosk_web_prepare(struct kiosk *k)
{
	const struct web_config wc = {
		.name = "kiosk",
		.listen = k->cfg->kiosk_listen,
		.tls_cert_file = k->cfg->kiosk_tls_cert_file,
		.tls_key_file = k->cfg->kiosk_tls_key_file,
		.port_file = k->cfg->kiosk_port_file,
		.csp = k->csp,
		.limits = &kiosk_limits,
		.body_max = WEB_BODY_MAX,
		.head = route_head,
		.serve = route_serve,
		.arg = k,
	};

	k->web = web_prepare(&wc);
	return k->web != NULL ? 0 : -1;
}

/*
 * One [oidc.citizen] client for the MitID sign-in under prefix ("" or a
 * site's "/s/NAME"): its redirect URI on host ("host:port", the real
 * port once listening) unless the section names one, and after the
 * broker's sign-out back to PREFIX/mitid/signed-out.  Exits on a
 * problem.
 */
static struct oidc_client *
kiosk_mitid_one(struct kiosk *k, const char *host, const char *prefix)
{
	struct config_oidc  o;
	struct oidc_client *c;
	struct buf	    redirect = { 0 }, signed_out = { 0 };
	char		    err[CONFIG_ERR_MAX];
	const char	   *scheme = web_tls(k->web) ? "https" : "http";

	o = *config_oidc(k->cfg, "citizen");
	/* The citizen is found by cpr_claim; sub is always there. */
	o.user_claim = (char *)"sub";
	buf_printf(&redirect, "%s://%s%s/mitid/callback", scheme, host, prefix);
	buf_printf(
	    &signed_out, "%s://%s%s/mitid/signed-out", scheme, host, prefix);
	if (o.post_logout_redirect_uri == NULL)
		o.post_logout_redirect_uri = (char *)buf_str(&signed_out);
	if ((c = oidc_client_new(&o, buf_str(&redirect), err, sizeof(err))) ==
	    NULL)
		fatalx("kiosk: [oidc.citizen]: %s", err);
	buf_free(&redirect);
	buf_free(&signed_out);
	return c;
}

/*
 * The MitID clients when [kiosk] login has mitid: one, or one per
 * [site.NAME] (the broker sends each site's browser back to the site's
 * own /s/NAME/mitid/callback).  Nothing without mitid.
 */
static void
kiosk_mitid(struct kiosk *k, const char *host)
{
	char   prefix[sizeof("/s/") + CONFIG_SITE_NAME_MAX];
	size_t i, n = k->cfg->nsites > 0 ? k->cfg->nsites : 1;

	if (!config_kiosk_login(k->cfg, "mitid"))
		return;
	if ((k->mitid = calloc(n, sizeof(*k->mitid))) == NULL)
		fatal("kiosk: calloc");
	for (i = 0; i < n; i++) {
		prefix[0] = '\0';
		if (k->cfg->nsites > 0)
			snprintf(prefix, sizeof(prefix), "/s/%s",
			    k->cfg->sites[i].name);
		k->mitid[i] = kiosk_mitid_one(k, host, prefix);
	}
	k->nmitid = n;
}

/* Free what kiosk_mitid() made. */
static void
kiosk_mitid_free(struct kiosk *k)
{
	size_t i;

	for (i = 0; i < k->nmitid; i++)
		oidc_client_free(k->mitid[i]);
	free(k->mitid);
	k->mitid = NULL;
	k->nmitid = 0;
}

/*
 * Wait for SIGTERM or SIGINT; sweep expired sessions every second.
 */
static void
kiosk_wait(const sigset_t *set)
{
	struct timespec tick = { 1, 0 };
	int		sig, n;

	for (;;) {
		sig = sigtimedwait(set, NULL, &tick);
		if (sig == SIGTERM || sig == SIGINT)
			break;
		if (sig == SIGHUP)
			log_info("kiosk: SIGHUP ignored; restart to reload "
				 "the configuration");
		session_lock();
		n = session_sweep(clock_now());
		session_unlock();
		if (n > 0)
			log_debug("kiosk: %d idle session(s) ended", n);
	}
	log_info("kiosk: stopping");
}

/*
 * Print where the screens go: the kiosk's address, or with sites each
 * site's (site.h).
 */
static void
kiosk_print_addresses(struct kiosk *k)
{
	const char *scheme = web_tls(k->web) ? "https" : "http";
	size_t	    i;

	printf("kiosk: listening on %s://%s/\n", scheme, web_host(k->web));
	for (i = 0; i < k->cfg->nsites; i++)
		printf("kiosk: site %s: %s://%s/s/%s/\n", k->cfg->sites[i].name,
		    scheme, web_host(k->web), k->cfg->sites[i].name);
	fflush(stdout);
}

int
main(int argc, char *argv[])
{
	struct daemon_opts opt;
	struct kiosk	   k;
	sigset_t	   set;
	int		   rc;

	daemon_options("kiosk", argc, argv, &opt);
	memset(&k, 0, sizeof(k));
	kiosk_open(&k, &opt);
	if (opt.check) {
		rc = kiosk_web_prepare(&k);
		if (rc == 0) {
			kiosk_mitid(&k, k.cfg->kiosk_listen);
			kiosk_mitid_free(&k);
		}
		rc = daemon_check_said(&opt, rc == 0,
		    "configuration, sites, CPR key, database and listen "
		    "address");
		web_free(k.web);
		store_close(k.store);
		buf_free(&k.cpr_key);
		config_free(k.cfg);
		return rc;
	}
	daemon_signals(&set);
	session_init(k.cfg->kiosk_idle_seconds + k.cfg->kiosk_warn_seconds +
		SESSION_GRACE,
	    k.cfg->kiosk_session_max);
	if (kiosk_web_prepare(&k) == -1 || web_start(k.web) == -1)
		fatalx("kiosk: cannot start");
	/* The pages use the client under the session lock. */
	session_lock();
	kiosk_mitid(&k, web_host(k.web));
	session_unlock();
	if (k.cfg->kiosk_port_file != NULL &&
	    daemon_port_file(k.cfg->kiosk_port_file, web_port(k.web)) == -1)
		fatalx("kiosk: cannot write the port file");
	kiosk_print_addresses(&k);
	log_info("kiosk: listening on %s port=%d id=%s",
	    web_tls(k.web) ? "https" : "http", web_port(k.web),
	    k.cfg->kiosk_id);
	kiosk_wait(&set);
	web_free(k.web);
	session_done();
	kiosk_mitid_free(&k);
	store_close(k.store);
	buf_free(&k.cpr_key);
	if (k.cfg->kiosk_port_file != NULL)
		unlink(k.cfg->kiosk_port_file);
	config_free(k.cfg);
	return 0;
}
