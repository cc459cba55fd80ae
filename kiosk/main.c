/*
 * kiosk - the touch-screen self-service for citizens with mentor support.
 *
 *	kiosk -f CONFIG [-n] [-v]
 *
 * Serves server-rendered pages (Det Fælles Designsystem, borger.dk theme)
 * on [kiosk] listen, 127.0.0.1:8080 by default; another address only with
 * TLS.  Writes the port to [kiosk] port_file when set and prints the
 * address.  -n checks what the start needs (configuration, database, CPR
 * key, listen address, TLS certificate and key, the port file's folder)
 * with the same functions the start uses, without listening, and exits;
 * -v logs debug lines (one per request, with its time).  SIGTERM or
 * SIGINT end it cleanly; the main thread waits for them and ends expired
 * sessions once a second.  Files it makes are mode 0600 (umask 077).
 */
#include <sys/stat.h>

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clock.h"
#include "config.h"
#include "datefmt.h"
#include "crypto.h"
#include "http.h"
#include "i18n.h"
#include "log.h"
#include "pages.h"
#include "session.h"
#include "store.h"

#ifndef KIOSK_ASSETS_DEFAULT
#define KIOSK_ASSETS_DEFAULT	"/usr/local/share/mentorlink/kiosk-assets"
#endif

static void __attribute__((noreturn))
usage(void)
{
	fprintf(stderr, "usage: kiosk -f CONFIG [-n] [-v]\n");
	exit(2);
}

/*
 * The Content-Security-Policy: nothing but our own styles, fonts and
 * images, the one inline script by its hash, and that script's requests
 * to the kiosk itself (activity, "still here").
 */
static void
kiosk_csp(struct kiosk *k)
{
	unsigned char	 digest[CRYPTO_SHA256_LEN];
	struct buf	 b64 = { 0 };
	const char	*script = page_script();

	crypto_sha256(script, strlen(script), digest);
	crypto_base64_encode(digest, sizeof(digest), &b64);
	snprintf(k->csp, sizeof(k->csp), "default-src 'none'; "
	    "script-src 'sha256-%s'; style-src 'self'; img-src 'self'; "
	    "font-src 'self'; connect-src 'self'; form-action 'self'; "
	    "base-uri 'none'; frame-ancestors 'none'", buf_str(&b64));
	buf_free(&b64);
}

/*
 * Open what the kiosk needs: configuration, zone, texts, CPR key (the
 * rule mentorctl check applies), database.  Exits with a message on any
 * problem.
 */
static void
kiosk_open(struct kiosk *k, const char *file)
{
	char		 err[CONFIG_ERR_MAX];
	struct stat	 st;

	if ((k->cfg = config_load(file, err, sizeof(err))) == NULL)
		fatalx("%s", err);
	clock_init(k->cfg->timezone);
	(void)datefmt_digits(k->cfg->org_arabic_digits);
	i18n_init();
	if (config_read_cpr_key(k->cfg, &k->cpr_key, err, sizeof(err)) == -1)
		fatalx("kiosk: cpr key: %s", err);
	if (store_open(k->cfg->db_path, 0, &k->store, err, sizeof(err))
	    != STORE_OK)
		fatalx("kiosk: %s", err);
	k->assets = k->cfg->kiosk_assets != NULL ? k->cfg->kiosk_assets :
	    KIOSK_ASSETS_DEFAULT;
	if (stat(k->assets, &st) == -1 || !S_ISDIR(st.st_mode))
		log_warnx("kiosk: assets folder %s is missing; pages will have "
		    "no design (run scripts/kiosk-assets.sh)", k->assets);
	kiosk_csp(k);
}

/*
 * Write the port to the port file (atomically: temporary file, rename).
 */
static void
kiosk_port_file(const struct kiosk *k)
{
	char	 tmp[4096];
	FILE	*f;

	if (k->cfg->kiosk_port_file == NULL)
		return;
	snprintf(tmp, sizeof(tmp), "%s.tmp", k->cfg->kiosk_port_file);
	if ((f = fopen(tmp, "w")) == NULL)
		fatal("kiosk: %s", tmp);
	fprintf(f, "%d\n", k->port);
	if (fclose(f) != 0 || rename(tmp, k->cfg->kiosk_port_file) == -1)
		fatal("kiosk: %s", k->cfg->kiosk_port_file);
}

/*
 * Wait for SIGTERM or SIGINT; sweep expired sessions every second.
 */
static void
kiosk_wait(const sigset_t *set)
{
	struct timespec	 tick = { 1, 0 };
	int		 sig, n;

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

int
main(int argc, char *argv[])
{
	struct kiosk	 k;
	const char	*file = NULL;
	int		 ch, check = 0, verbose = 0;
	sigset_t	 set;

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
	memset(&k, 0, sizeof(k));
	kiosk_open(&k, file);
	if (check) {
		if (http_prepare(&k) == -1)
			fatalx("kiosk: %s: not ok", file);
		http_stop();
		store_close(k.store);
		buf_free(&k.cpr_key);
		config_free(k.cfg);
		printf("kiosk: configuration, CPR key, database and listen "
		    "address ok\n");
		return 0;
	}
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	session_init(k.cfg->kiosk_idle_seconds + k.cfg->kiosk_warn_seconds +
	    SESSION_GRACE, k.cfg->kiosk_session_max);
	if (http_start(&k) == -1)
		fatalx("kiosk: cannot start");
	kiosk_port_file(&k);
	printf("kiosk: listening on %s://%s/\n", k.tls ? "https" : "http",
	    k.hosts[0]);
	fflush(stdout);
	log_info("kiosk: listening on %s port=%d id=%s", k.tls ? "https" :
	    "http", k.port, k.cfg->kiosk_id);
	kiosk_wait(&set);
	http_stop();
	session_lock();
	session_sweep(clock_now() + ((time_t)1 << 30));
	session_unlock();
	store_close(k.store);
	buf_free(&k.cpr_key);
	if (k.cfg->kiosk_port_file != NULL)
		unlink(k.cfg->kiosk_port_file);
	config_free(k.cfg);
	return 0;
}
