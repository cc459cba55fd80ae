/*
 * daemon.c - owns the start-up the kiosk and sms-gateway share.  See
 * daemon.h.
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
#include "datefmt.h"
#include "log.h"

static void __attribute__((noreturn)) usage(const char *name)
{
	fprintf(stderr, "usage: %s -f CONFIG [-n] [-v]\n", name);
	exit(2);
}

void
daemon_options(const char *name, int argc, char *argv[], struct daemon_opts *o)
{
	int ch;

	memset(o, 0, sizeof(*o));
	o->name = name;
	while ((ch = getopt(argc, argv, "f:nv")) != -1) {
		switch (ch) {
		case 'f':
			o->file = optarg;
			break;
		case 'n':
			o->check = 1;
			break;
		case 'v':
			o->verbose = 1;
			break;
		default:
			usage(name);
		}
	}
	if (o->file == NULL || optind != argc)
		usage(name);
}

struct config *
daemon_config(const struct daemon_opts *o)
{
	struct config *cfg;
	char	       err[CONFIG_ERR_MAX];

	umask(077);
	log_init(1, o->verbose);
	if ((cfg = config_load(o->file, err, sizeof(err))) == NULL)
		fatalx("%s", err);
	clock_init(cfg->timezone);
	(void)datefmt_digits(cfg->org_arabic_digits); /* checked by load */
	return cfg;
}

void
daemon_signals(sigset_t *set)
{
	struct sigaction sa;

	sigemptyset(set);
	sigaddset(set, SIGTERM);
	sigaddset(set, SIGINT);
	sigaddset(set, SIGHUP);
	pthread_sigmask(SIG_BLOCK, set, NULL);
	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
}

int
daemon_check_said(const struct daemon_opts *o, int ok, const char *what)
{
	if (ok)
		printf("%s: %s: %s OK\n", o->name, o->file, what);
	else
		fprintf(stderr, "%s: %s: NOT OK\n", o->name, o->file);
	return ok ? 0 : 1;
}

int
daemon_port_file(const char *path, int port)
{
	char  tmp[4096];
	FILE *f;

	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	if ((f = fopen(tmp, "w")) == NULL) {
		log_warn("%s", tmp);
		return -1;
	}
	fprintf(f, "%d\n", port);
	if (fclose(f) == EOF || rename(tmp, path) == -1) {
		log_warn("%s", path);
		unlink(tmp);
		return -1;
	}
	return 0;
}
