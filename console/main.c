/*
 * console - the staff's web console: mentors, caseworkers and
 * coordinators sign in through the municipality's identity provider
 * ([oidc.staff], OpenID Connect) and work on the same store as the other
 * programs.
 *
 *	console -f CONFIG [-n] [-v]
 *
 * Listens on [console] listen, 127.0.0.1:8090 by default; another address
 * only with TLS.  Writes the port to [console] port_file when set and
 * prints the address.  -n checks what the start needs (configuration,
 * database, the CPR key, the [oidc.staff] section and its client secret,
 * listen address, TLS certificate and key) without listening, and exits; -v
 * logs debug lines.  SIGTERM or SIGINT end it.  Files it makes are mode
 * 0600 (umask 077).
 */
#include <sys/stat.h>

#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clock.h"
#include "config.h"
#include "daemon.h"
#include "console.h"
#include "httpguard.h"
#include "i18n.h"
#include "log.h"
#include "oidc.h"
#include "route.h"
#include "session.h"
#include "store.h"
#include "web.h"

/* Connection limits: a few dozen staff at once, phones on slow links. */
static const struct httpguard_limits console_limits = {
	.connections = 200,
	.per_address = 20,
	.waiting_per_address = 8,
	.reserve = 10,
	.request_timeout = 30,
	.idle_timeout = 60,
};

/*
 * The address browsers use: [console] public_url, else http(s)://LISTEN.
 * The sign-in comes back to it at /callback.
 */
static void
console_urls(struct console *c, const char *host)
{
	const struct config *cfg = c->cfg;
	size_t		     n;

	c->tls = cfg->console_tls_cert_file != NULL;
	if (cfg->console_public_url != NULL)
		snprintf(c->public_url, sizeof(c->public_url), "%s",
		    cfg->console_public_url);
	else
		snprintf(c->public_url, sizeof(c->public_url), "%s://%s",
		    c->tls ? "https" : "http", host);
	n = strlen(c->public_url);
	while (n > 0 && c->public_url[n - 1] == '/')
		c->public_url[--n] = '\0';
	snprintf(c->redirect_uri, sizeof(c->redirect_uri), "%s/callback",
	    c->public_url);
	snprintf(c->signed_out_uri, sizeof(c->signed_out_uri), "%s/signed-out",
	    c->public_url);
}

/*
 * The [oidc.staff] client, its redirect URI (and, unless the section
 * names one, the URI to come back to after the provider's sign-out) on
 * host ("host:port") unless [console] public_url says otherwise.  Exits
 * on a problem.
 */
static void
console_oidc(struct console *c, const char *host)
{
	struct config_oidc o = *config_oidc(c->cfg, "staff");
	char		   err[CONFIG_ERR_MAX];

	oidc_client_free(c->oidc);
	console_urls(c, host);
	/* After the provider's sign-out, back to our "Du er logget ud". */
	if (o.post_logout_redirect_uri == NULL)
		o.post_logout_redirect_uri = c->signed_out_uri;
	if ((c->oidc = oidc_client_new(
		 &o, c->redirect_uri, err, sizeof(err))) == NULL)
		fatalx("console: [oidc.staff]: %s", err);
}

/*
 * Open what the console needs: configuration, zone, texts, database, the
 * CPR key and the [oidc.staff] client (which reads the client secret).  Exits with a
 * message on any problem.
 */
static void
console_open(struct console *c, const struct daemon_opts *opt)
{
	char err[CONFIG_ERR_MAX];

	c->cfg = daemon_config(opt);
	i18n_init();
	if (config_oidc(c->cfg, "staff") == NULL)
		fatalx(
		    "console: %s: no [oidc.staff] section: staff sign in "
		    "through the municipality's identity provider (see README, "
		    "Staff console)",
		    opt->file);
	console_oidc(c, c->cfg->console_listen);
	if (store_open(c->cfg->db_path, 0, &c->store, err, sizeof(err)) !=
	    STORE_OK)
		fatalx("console: %s", err);
	if (config_read_cpr_key(c->cfg, &c->cpr_key, err, sizeof(err)) == -1)
		fatalx("console: %s", err);
}

/*
 * Checkpoint the WAL on a thread of its own: every page's audit rows
 * are a commit, and SQLite's own checkpoint would copy the WAL back
 * inside one of them (tens of milliseconds; make bench).
 */
static void
console_ckpt(struct console *c)
{
	char err[CONFIG_ERR_MAX];

	if ((c->ckpt = store_ckpt_start(c->cfg->db_path, CONSOLE_CKPT_PAGES,
		 err, sizeof(err))) == NULL)
		fatalx("console: %s", err);
	store_ckpt_attach(c->ckpt, c->store);
}

/*
 * The Content-Security-Policy: our own stylesheet only, no script; forms
 * post to us, and sign-out's answer sends the browser on to the
 * provider, which Chromium counts as part of the form's action.
 */
static void
console_csp(struct console *c)
{
	const char *p = config_oidc(c->cfg, "staff")->issuer;
	size_t	    n = oidc_url_origin(p);

	snprintf(c->csp, sizeof(c->csp),
	    "default-src 'none'; "
	    "style-src 'self'; img-src 'self'; form-action 'self' %.*s; "
	    "base-uri 'none'; frame-ancestors 'none'",
	    (int)n, p);
}

/*
 * Check what the web server needs (web_prepare()) into c->web.  Returns
 * 0, or -1 with the reason logged.
 */
static int
console_web_prepare(struct console *c)
{
	const struct web_config wc = {
		.name = "console",
		.listen = c->cfg->console_listen,
		.tls_cert_file = c->cfg->console_tls_cert_file,
		.tls_key_file = c->cfg->console_tls_key_file,
		.port_file = c->cfg->console_port_file,
		.csp = c->csp,
		.limits = &console_limits,
		.body_max = WEB_BODY_MAX,
		.head = route_head,
		.serve = route_serve,
		.arg = c,
	};

	console_csp(c);
	c->web = web_prepare(&wc);
	return c->web != NULL ? 0 : -1;
}

/* Serve until SIGTERM or SIGINT. */
static void
console_serve(struct console *c)
{
	sigset_t set;
	int	 sig;

	daemon_signals(&set);
	session_init(c->cfg->console_idle, c->cfg->console_absolute);
	if (web_start(c->web) == -1)
		fatalx("console: cannot start");
	/* Port 0 in listen: the redirect URI names the real port. */
	if (c->cfg->console_public_url == NULL)
		console_oidc(c, web_host(c->web));
	if (c->cfg->console_port_file != NULL &&
	    daemon_port_file(c->cfg->console_port_file, web_port(c->web)) == -1)
		fatalx("console: cannot write the port file");
	printf("console: listening on %s://%s/\n",
	    web_tls(c->web) ? "https" : "http", web_host(c->web));
	fflush(stdout);
	log_info("console: listening on port=%d", web_port(c->web));
	while ((sig = sigwaitinfo(&set, NULL)) != SIGTERM && sig != SIGINT)
		if (sig == SIGHUP)
			log_info("console: SIGHUP ignored; restart to reload "
				 "the configuration");
	log_info("console: stopping");
	if (c->cfg->console_port_file != NULL)
		unlink(c->cfg->console_port_file);
}

static void
console_close(struct console *c)
{
	web_free(c->web);
	store_close(c->store);
	if (c->ckpt != NULL)
		store_ckpt_stop(c->ckpt); /* after its connection */
	oidc_client_free(c->oidc);
	if (c->cpr_key.data != NULL)
		explicit_bzero(c->cpr_key.data, c->cpr_key.cap);
	buf_free(&c->cpr_key);
	config_free(c->cfg);
}

int
main(int argc, char *argv[])
{
	struct daemon_opts opt;
	struct console	   c;
	int		   rc;

	daemon_options("console", argc, argv, &opt);
	memset(&c, 0, sizeof(c));
	console_open(&c, &opt);
	if (opt.check) {
		rc = daemon_check_said(&opt, console_web_prepare(&c) == 0,
		    "configuration, [oidc.staff], database, CPR key and listen "
		    "address");
		console_close(&c);
		return rc;
	}
	if (console_web_prepare(&c) == -1)
		fatalx("console: %s: cannot start", opt.file);
	console_ckpt(&c);
	console_serve(&c);
	console_close(&c);
	return 0;
}
