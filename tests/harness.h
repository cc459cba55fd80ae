/*
 * harness - what integration tests share: a temporary folder with a
 * configuration, the programs under test started on port 0, and HTTP.
 *
 * Programs are found in $MENTORLINK_BUILD/bin (default "build/test"),
 * test helpers in $MENTORLINK_BUILD/tests/bin.  Every function fails
 * the running cmocka test (fail_msg) on a setup error, so callers need
 * not check.
 */
#ifndef MENTOR_HARNESS_H
#define MENTOR_HARNESS_H

#include <sys/types.h>

#include <stddef.h>
#include <time.h>

#include "buf.h"

struct harness {
	char dir[128];	      /* temporary folder, removed by harness_done */
	char config[320];     /* dir/mentorlink.conf */
	char db[320];	      /* dir/mentorlink.db */
	char sms_file[320];   /* dir/sms-outbox.jsonl (file provider) */
	char clock_file[320]; /* dir/clock: MENTORLINK_CLOCK_FILE */
	char build[256];      /* $MENTORLINK_BUILD */
};

struct proc {
	pid_t pid;
	int   port;	/* from its port file, 0 if none */
	char  log[320]; /* its stderr, dir/NAME.log */
};

/*
 * Make a temporary folder with a CPR key and a configuration: the base
 * keys (organisation, database, sms with the file provider, listen on
 * 127.0.0.1:0, port files in the folder) followed by extra_ini (may be
 * NULL), which may add sections and keys not in the base.  Also sets
 * MENTORLINK_CLOCK_FILE to h->clock_file (absent = real time) and
 * MENTORLINK_CONFIG to the config path.
 */
void harness_init(struct harness *, const char *extra_ini);
/* Remove the folder (unless env KEEP_TEST_DIR is set). */
void harness_done(struct harness *);
/* Write "N" to the clock file: the programs' now becomes N. */
void harness_set_clock(struct harness *, time_t);
/* Write a file in the folder with mode 0600; returns its path in out. */
void harness_write_file(struct harness *, const char *name, const char *content,
    char *out, size_t outlen);

/*
 * Run build/bin/PROG with args (NULL-terminated, without argv[0]) and
 * "-f config" prepended when with_config; wait for it.  Returns the exit
 * status; stdout and stderr are collected in out and err (may be NULL).
 */
int  harness_run(struct harness *, const char *prog, int with_config,
     const char *const *args, struct buf *out, struct buf *err);
/* Shorthand: mentorctl init and import FILE (fails the test if either fails). */
void harness_init_db(struct harness *, const char *import_json);
/*
 * The number of audit rows of citizen ext (external id) with action, as
 * `mentorctl audit export` shows them (fails the test if it fails).
 */
int  harness_audit_count(struct harness *, const char *ext, const char *action);

/*
 * Start a long-running program (path relative to the build dir, e.g.
 * "bin/sms-gateway" or "tests/bin/fake-provider", or an absolute path such
 * as that of tests/oidc/provider.js) with args; when
 * port_file is not NULL wait up to 10 s for it to hold a port number.
 */
void harness_start(struct harness *, struct proc *, const char *prog,
    const char *const *args, const char *port_file);
/* The exit status and output of one mentorctl run (harness_ctl()). */
struct ctl_run {
	int	   status;
	struct buf out;
	struct buf err;
};

/* Run mentorctl -f CONFIG with the given arguments (NULL-terminated). */
void harness_ctl(struct harness *, struct ctl_run *, ...);
/* Free r's output. */
void harness_ctl_free(struct ctl_run *r);

/* cmocka setup: a fresh folder (a new struct harness) in *state. */
int  harness_setup(void **state);
/*
 * cmocka setup: a fresh folder with `mentorctl init` done and the demo
 * (demo/demo.json, dates relative to today) imported; the actor is the
 * OS user we run as (SUDO_USER unset).
 */
int  harness_setup_demo(void **state);
/* cmocka teardown of both: remove the folder, free the harness. */
int  harness_teardown(void **state);
/* A test with harness_setup_demo() and harness_teardown(). */
#define harness_demo_test(f) \
	cmocka_unit_test_setup_teardown(f, harness_setup_demo, harness_teardown)

/* SIGTERM and wait (5 s, then SIGKILL); returns the exit status. */
int  harness_stop(struct proc *);
/* SIGKILL and wait. */
void harness_kill(struct proc *);

/*
 * Start the OpenID provider of tests/oidc (npm oidc-provider) in a new
 * harness h with conf_json as its provider.json; its issuer
 * "http://127.0.0.1:PORT" into issuer.  Fails the test when it cannot.
 */
void harness_idp_start(struct harness *h, struct proc *p, const char *conf_json,
    char *issuer, size_t len);
/* Stop the provider and remove h's folder. */
void harness_idp_stop(struct harness *h, struct proc *p);

/*
 * One HTTP request to http://127.0.0.1:port/path.  headers is a
 * NULL-terminated list of "Name: value" (may be NULL); body may be NULL
 * (then GET unless method says otherwise).  Returns the status code (0
 * when the connection failed); response body into resp and headers into
 * resp_headers (either may be NULL).
 */
long harness_http(int port, const char *method, const char *path,
    const char *const *headers, const char *body, size_t bodylen,
    struct buf *resp, struct buf *resp_headers);

/* Poll fn(arg) every 20 ms until it returns non-0 or ms pass; returns the last result. */
int  harness_wait(int (*fn)(void *), void *arg, int ms);
/* Number of lines in a file (0 if missing). */
size_t harness_count_lines(const char *path);
/* Read a whole file into out; 0 ok, -1 missing. */
int    harness_read_file(const char *path, struct buf *out);

#endif
