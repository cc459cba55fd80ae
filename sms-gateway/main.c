/*
 * main.c - sms-gateway: the daemon that sends the outbox, queues
 * reminders and notices, and (listener, inbound) receives the
 * provider's webhooks.  This file only reads the options and the
 * configuration, starts and stops; the event loop and its tasks are in
 * loop.c, the sender lease in lease.c.
 *
 *	sms-gateway -f CONFIG [-n] [-v]
 *
 * -n checks what the start needs with the same function the start runs
 * (gw_check), without opening a port.  Files it makes are mode 0600
 * (umask 077).  SIGTERM/SIGINT stop it after the messages in flight,
 * SIGHUP reloads the configuration (loop.c).
 */
#include <malloc.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "config.h"
#include "daemon.h"
#include "gateway.h"
#include "i18n.h"
#include "lease.h"
#include "listener.h"
#include "log.h"
#include "loop.h"
#include "sender.h"
#include "store.h"

/*
 * Keep freed memory instead of returning it to the kernel at every
 * turn: the loop frees and allocates the same few hundred kilobytes per
 * batch, and trimming them costs page faults and TLB flushes (both
 * threads).  RSS stays bounded by the batch, not the backlog.
 */
static void
malloc_tune(void)
{
#ifdef __GLIBC__
	mallopt(M_TRIM_THRESHOLD, 8 * 1024 * 1024);
	mallopt(M_MMAP_THRESHOLD, 1024 * 1024);
	mallopt(M_ARENA_MAX, 2);
#endif
}

/*
 * What the start needs, checked without opening a port: the provider's
 * configuration and credentials, the listener's address, webhook secrets
 * (files and modes) and port file folder, and the database, opened as
 * the start opens it (an older schema is upgraded).  -n runs it, and so
 * does every start, so the two cannot drift.  Returns 0, or -1 with the
 * reasons logged.
 */
static int
gw_check(const struct config *cfg)
{
	struct store *st;
	char	      err[CONFIG_ERR_MAX];

	if (sender_check_config(cfg, err, sizeof(err)) == -1) {
		log_warnx("%s", err);
		return -1;
	}
	if (listener_check(cfg) == -1)
		return -1;
	if (store_open(cfg->db_path, 0, &st, err, sizeof(err)) != STORE_OK) {
		log_warnx("%s", err);
		return -1;
	}
	store_close(st);
	return 0;
}

/* Open the database and its checkpoint thread. */
static void
gw_open_store(struct gw *gw)
{
	char err[CONFIG_ERR_MAX];

	if (store_open(gw->cfg->db_path, 0, &gw->store, err, sizeof(err)) !=
	    STORE_OK)
		fatalx("%s", err);
	if ((gw->ckpt = store_ckpt_start(
		 gw->cfg->db_path, GW_CKPT_PAGES, err, sizeof(err))) == NULL)
		fatalx("%s", err);
	store_ckpt_attach(gw->ckpt, gw->store);
}

int
main(int argc, char *argv[])
{
	struct daemon_opts opt;
	struct gw	   gw;
	sigset_t	   sigs;
	int		   rc;

	memset(&gw, 0, sizeof(gw));
	gw.wake_fd = -1;
	malloc_tune();
	daemon_options("sms-gateway", argc, argv, &opt);
	gw.verbose = opt.verbose;
	gw.cfg = daemon_config(&opt);
	daemon_signals(&sigs);
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		fatalx("curl_global_init");
	if (opt.check) {
		rc = daemon_check_said(&opt, gw_check(gw.cfg) == 0,
		    "configuration, credentials, webhook secrets and database");
		config_free(gw.cfg);
		curl_global_cleanup();
		return rc;
	}
	if (gw_check(gw.cfg) == -1)
		fatalx("sms-gateway: %s: cannot start", gw.cfg->path);
	i18n_init();
	gw_open_store(&gw);
	lease_holder_init(&gw);
	gw_loop_start(&gw, &sigs);
	log_info("sms-gateway started config=%s provider=%s", gw.cfg->path,
	    gw.cfg->sms_provider);
	gw_loop_run(&gw);
	gw_loop_stop(&gw);
	lease_release(&gw);
	store_close(gw.store);
	store_ckpt_stop(gw.ckpt); /* after every attached connection */
	config_free(gw.cfg);
	curl_global_cleanup();
	log_info("sms-gateway stopped");
	return 0;
}
