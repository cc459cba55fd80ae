/*
 * console - the staff's web console: mentors, caseworkers and
 * coordinators sign in through the municipality's identity provider
 * ([oidc.staff], OpenID Connect) and work on the same store as the other
 * programs.
 *
 *	console -f CONFIG [-n] [-v]
 *
 * Listens on [console] listen, 127.0.0.1:8090 by default; another address
 * only with TLS.  -n checks what the start needs (configuration,
 * database, the [oidc.staff] section and its client secret) without
 * listening, and exits; -v logs debug lines.  Files it makes are mode
 * 0600 (umask 077).
 */
#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clock.h"
#include "config.h"
#include "console.h"
#include "i18n.h"
#include "log.h"
#include "oidc.h"
#include "store.h"

static void __attribute__((noreturn))
usage(void)
{
	fprintf(stderr, "usage: console -f CONFIG [-n] [-v]\n");
	exit(2);
}

/*
 * The address browsers use: [console] public_url, else http(s)://LISTEN.
 * The sign-in comes back to it at /callback.
 */
static void
console_urls(struct console *c)
{
	const struct config	*cfg = c->cfg;
	size_t			 n;

	c->tls = cfg->console_tls_cert_file != NULL;
	if (cfg->console_public_url != NULL)
		snprintf(c->public_url, sizeof(c->public_url), "%s",
		    cfg->console_public_url);
	else
		snprintf(c->public_url, sizeof(c->public_url), "%s://%s",
		    c->tls ? "https" : "http", cfg->console_listen);
	n = strlen(c->public_url);
	while (n > 0 && c->public_url[n - 1] == '/')
		c->public_url[--n] = '\0';
	snprintf(c->redirect_uri, sizeof(c->redirect_uri), "%s/callback",
	    c->public_url);
}

/*
 * Open what the console needs: configuration, zone, texts, database and
 * the [oidc.staff] client (which reads the client secret).  Exits with a
 * message on any problem.
 */
static void
console_open(struct console *c, const char *file)
{
	char			 err[CONFIG_ERR_MAX];
	const struct config_oidc *o;

	if ((c->cfg = config_load(file, err, sizeof(err))) == NULL)
		fatalx("%s", err);
	clock_init(c->cfg->timezone);
	i18n_init();
	if ((o = config_oidc(c->cfg, "staff")) == NULL)
		fatalx("console: %s: no [oidc.staff] section: staff sign in "
		    "through the municipality's identity provider (see README, "
		    "Staff console)", file);
	console_urls(c);
	if ((c->oidc = oidc_client_new(o, c->redirect_uri, err,
	    sizeof(err))) == NULL)
		fatalx("console: [oidc.staff]: %s", err);
	if (store_open(c->cfg->db_path, 0, &c->store, err, sizeof(err))
	    != STORE_OK)
		fatalx("console: %s", err);
}

static void
console_close(struct console *c)
{
	store_close(c->store);
	oidc_client_free(c->oidc);
	config_free(c->cfg);
}

int
main(int argc, char *argv[])
{
	struct console	 c;
	const char	*file = NULL;
	int		 ch, check = 0, verbose = 0;

	while ((ch = getopt(argc, argv, "f:nv")) != -1) {
		switch (ch) {
		case 'f':
			file = optarg;
			break;
		case 'n':
			check = 1;
			break;
		case 'v':
			verbose = 1;
			break;
		default:
			usage();
		}
	}
	if (file == NULL || optind != argc)
		usage();
	umask(077);
	log_init(1, verbose);
	memset(&c, 0, sizeof(c));
	console_open(&c, file);
	if (!check)
		fatalx("console: the web server is not built yet; only -n "
		    "works in this version");
	console_close(&c);
	printf("console: configuration, [oidc.staff] and database ok\n");
	return 0;
}
