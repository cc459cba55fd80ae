/*
 * daemon - the start-up the kiosk and sms-gateway share: the options
 * (-f CONFIG [-n] [-v]), umask 077, the log, the configuration and its
 * time zone, the signals they wait for, the -n report and the port file.
 */
#ifndef MENTOR_DAEMON_H
#define MENTOR_DAEMON_H

#include <signal.h>

struct config;

struct daemon_opts {
	const char *name;    /* "kiosk", "sms-gateway" */
	const char *file;    /* -f CONFIG */
	int	    check;   /* -n: check what the start needs */
	int	    verbose; /* -v: debug lines */
};

/*
 * Parse NAME -f CONFIG [-n] [-v] into o; a mistake prints the usage
 * line and exits 2.
 */
void daemon_options(
    const char *name, int argc, char *argv[], struct daemon_opts *o);

/*
 * Files mode 0600 from now on (umask 077), log to stderr, load o->file
 * and use its time zone.  Exits with the reason when the file is bad.
 */
struct config *daemon_config(const struct daemon_opts *o);

/*
 * Block SIGTERM, SIGINT and SIGHUP (set: those three) in this thread and
 * every thread it starts afterwards, so that they are only read where the
 * program waits for them (sigtimedwait, signalfd); ignore SIGPIPE.  Call
 * before any thread starts.
 */
void	       daemon_signals(sigset_t *set);

/*
 * -n: say "NAME: CONFIG: WHAT OK" on stdout when ok, else "NAME: CONFIG:
 * NOT OK" on stderr.  Returns the exit status, 0 or 1.
 */
int daemon_check_said(const struct daemon_opts *o, int ok, const char *what);

/*
 * Write port to path atomically (a temporary file, then rename).
 * Returns 0, or -1 (logged).
 */
int daemon_port_file(const char *path, int port);

#endif
