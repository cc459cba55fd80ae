/*
 * cmd.h - what every mentorctl command shares: the context a command
 * runs in, the table types for commands and subcommands, option parsing
 * and output helpers.
 *
 * Adding a command: write `int cmd_NAME(struct ctx *, int argc, char **argv)`
 * in admin/cmd_NAME.c, declare it below, add its enum value and one row to
 * commands[] in admin/main.c, and its file to MENTORCTL_SRCS.  argv[0] is
 * the command's own name; return the exit status (CMD_OK, CMD_FAIL,
 * CMD_USAGE).
 */
#ifndef MENTOR_ADMIN_CMD_H
#define MENTOR_ADMIN_CMD_H

#include <getopt.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "buf.h"

struct config;
struct store;
struct json_object;
struct agreement_rec;

/*
 * How long a command waits for the daemons' writes before it says the
 * database is busy (store_busy_wait): a busy database is a wait.
 */
#define CTL_BUSY_WAIT_MS 60000

/* Exit statuses. */
#define CMD_OK	  0
#define CMD_FAIL  1 /* bad input, a problem found, a store error */
#define CMD_USAGE 2 /* wrong arguments */

/* What a command needs before it runs (commands[].needs). */
enum cmd_needs {
	NEEDS_NOTHING, /* no configuration (sms-info) */
	NEEDS_CONFIG,  /* configuration only; opens the store itself */
	NEEDS_STORE,   /* configuration, store (no create), CPR key */
	NEEDS__MAX
};

struct ctx {
	const char    *config_path; /* the file in use */
	struct config *cfg;	    /* NULL for NEEDS_NOTHING */
	struct store  *store;	    /* NULL unless NEEDS_STORE */
	const char    *actor;	    /* staff user: see actor_name() */
	const char    *lang;	    /* "da" or "en": agreements, warnings */
	int	       json;	    /* --json: machine-readable output */
	struct buf     cpr_key;	    /* HMAC key: [database] cpr_key_file */
	time_t	       now;	    /* clock_now() at start */
	char	       today[11];   /* local date of now, YYYY-MM-DD */
};

/* One command of mentorctl (the table in main.c). */
struct command {
	const char *name;
	int (*run)(struct ctx *, int argc, char **argv);
	const char    *usage; /* lines, without "mentorctl " */
	enum cmd_needs needs;
};

/* One subcommand of a command group ("citizen add"). */
struct subcommand {
	const char *name;
	int (*run)(struct ctx *, int argc, char **argv);
	const char *usage; /* "citizen add --cpr CPR ..." */
};

/*
 * Run the subcommand named argv[1] of group from table (n rows), passing
 * it argv + 1.  Unknown or missing name: usage to stderr, CMD_USAGE.
 */
int subcommand_run(struct ctx *, const char *group,
    const struct subcommand *table, size_t n, int argc, char **argv);

/* --- options ------------------------------------------------------------ */

#define OPTS_MAX      24
#define OPTS_LIST_MAX 50

/*
 * Parsed options.  spec is a getopt_long table whose .val is the row
 * index; val[i] holds the argument of row i ("" for a flag given), NULL
 * when absent.  The row numbered `repeat` (or -1) may be given many
 * times; its values go to list[].  Positional arguments are left in
 * argc/argv (argv[0] is the first of them).
 */
struct opts {
	const char *val[OPTS_MAX];
	int	    repeat;
	const char *list[OPTS_LIST_MAX];
	size_t	    nlist;
	int	    argc;
	char	  **argv;
};

/*
 * Parse argv (argv[0] is the subcommand's name) against spec.  Returns 0,
 * or prints one line and the usage to stderr and returns -1.
 */
int opts_parse(struct opts *, const struct option *spec, int repeat, int argc,
    char **argv, const char *usage);
/* Like opts_parse, and also demand exactly npos positional arguments. */
int opts_parse_pos(struct opts *, const struct option *spec, int repeat,
    int argc, char **argv, const char *usage, int npos);
/*
 * Check that the options with the given row indexes (a list ended by -1)
 * were given; else print "--NAME is required" and the usage, return -1.
 */
int opts_require(
    const struct opts *, const struct option *spec, const char *usage, ...);
/* Listing sizes for --limit N. */
#define OPTS_LIMIT_DEFAULT 50
#define OPTS_LIMIT_MAX	   100000
/* --limit s (NULL: the default) into *n.  Returns 0, or -1 after an error. */
int opts_limit(const char *s, size_t *n);
/*
 * The period [*start, *until) of the dates from and to (--from and
 * --to, both included).  A NULL date leaves what the caller set; an
 * *until of 0 stays "no end".  Returns 0, or -1 after one error line.
 */
int opts_period(const char *from, const char *to, time_t *start, time_t *until);

/* --- output (output.c) -------------------------------------------------- */

/* One line "mentorctl: ..." to stderr. */
void errorx(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The usage text, prefixed "usage: mentorctl ", to stderr. */
void usage_print(const char *usage);
/* Print j as one line of JSON on stdout, then release it. */
void json_print(struct json_object *j);
/* A JSON string, or JSON null for NULL. */
struct json_object *json_str(const char *s);
/* s, or a dash when s is NULL or empty. */
const char	   *or_dash(const char *s);
/* s translated into the context's language. */
const char	   *tr(const struct ctx *, const char *msgid);
/* t as local time "2026-11-24 10:00" (Europe/Copenhagen) into out. */
void		    local_time(time_t t, char *out, size_t len);
/* t as local "10:00" (Europe/Copenhagen) into out. */
void		    local_time_hm(time_t t, char *out, size_t len);
/* t as local ISO 8601 with offset "2026-11-24T10:00:00+01:00" into out. */
void		    local_time_iso(time_t t, char *out, size_t len);

/* Add instant t to j under key as local ISO 8601, or JSON null for 0. */
void json_add_time(struct json_object *j, const char *key, time_t t);
/*
 * Add "citizen" and "staff" to j: the external ids of citizen_id and
 * staff_id, or JSON null for 0 or an unknown id.
 */
void json_add_people(
    struct ctx *, struct json_object *j, int64_t citizen_id, int64_t staff_id);
/* Append s to b as one CSV field, then "," or CRLF when last. */
void	    csv_field(struct buf *b, const char *s, int last);

/* The string member key of the JSON object o, or NULL. */
const char *json_get_str(struct json_object *o, const char *key);

/* --- showing citizen data (audited.c) ------------------------------------ */

/*
 * Run a command that shows a citizen's data: run(ctx, arg) reads, writes
 * an audit row (audit_read) for every citizen whose data it prints, and
 * prints, all inside one write transaction (BEGIN IMMEDIATE: it waits
 * while the daemons write).  What it prints to stdout is held in memory
 * and written out only after the commit; when run returns anything but
 * CMD_OK, or the commit fails, everything is rolled back and nothing is
 * shown.  Errors go to stderr at once.  Returns run's status, or
 * CMD_FAIL.  run must not wait for a person (read a CPR number first).
 */
int audited(struct ctx *, const char *what, int (*run)(struct ctx *, void *),
    void *arg);

/*
 * A listing of citizen data through audited(): fill(ctx, arg, arr)
 * appends one JSON object per row to arr and writes an audit row for
 * each (returns 0, or -1 after printing an error); then arr is printed
 * (--json) or line(ctx, obj) for each object.  Returns CMD_OK or
 * CMD_FAIL; nothing is shown on failure.
 */
int audited_listing(struct ctx *, const char				*what,
    int (*fill)(struct ctx *, void *arg, struct json_object *arr), void *arg,
    void (*line)(struct ctx *, struct json_object *obj));

/*
 * Write an audit row for a read of citizen data by the staff user:
 * actor_kind staff, reason "mentorctl".  Returns 0, or -1 after printing
 * the store error (the caller must then not show the data).
 */
int audit_read(
    struct ctx *, const char *action, int64_t citizen_id, const char *detail);

/*
 * Parse a CPR number a person typed and hash it with the context's key
 * into hex.  Returns 0, or -1 with *why set to the reason (never the
 * number).  The digits are wiped before returning.
 */
int cpr_to_hash(
    const struct ctx *, const char *input, char hex[65], const char **why);

/*
 * The CPR number given as the value of option opt ("--cpr"), hashed into
 * hex: the value itself, or for "-" one line read from standard input --
 * on a terminal after a prompt, typed without echo (the terminal is put
 * back on every path; Ctrl-C ends the program as usual).  Every copy of
 * the number is wiped, the value in argv too (so `ps` stops showing it).
 * Returns 0, or -1 after one error line (never the number).
 */
int cpr_option(
    const struct ctx *, const char *opt, const char *value, char hex[65]);

/*
 * The staff member id as "Name (external-id)", malloc'd, or NULL for id
 * 0 or an unknown id.  Caller frees.
 */
char *staff_label(struct ctx *, int64_t id);
/* The external id of staff member id, malloc'd, or NULL. Caller frees. */
char *staff_external(struct ctx *, int64_t id);
/* The external id of citizen id, malloc'd, or NULL. Caller frees. */
char *citizen_external(struct ctx *, int64_t id);
/* The external id of agreement id, malloc'd, or NULL. Caller frees. */
char *agreement_external(struct ctx *, int64_t id);
/* A random external id "PREFIX-1a2b3c4d" into out (len >= 16). */
void  external_id_new(const char *prefix, char *out, size_t len);

/*
 * Run the agreement checks (checks.c) on the stored agreement a and
 * append one object {"agreement","check","text"} per warning to arr, the
 * text in the context's language.  Returns the number of warnings, or -1
 * after printing a store error.
 */
int   agreement_warnings(
      struct ctx *, const struct agreement_rec *a, struct json_object *arr);
/* Print the warnings in arr, one "  ! a-1: text" line each, after a heading. */
void warnings_print(const struct ctx *, struct json_object *arr);

/* Find the agreement with external id ext: 0, or -1 after an error line. */
int  agreement_find(struct ctx *, const char *ext, struct agreement_rec *);
/* `agreement show ID` (agreement_show.c). */
int  agreement_show(struct ctx *, int, char **);

/* The store's last error as one line to stderr; returns CMD_FAIL. */
int  store_fail(struct ctx *, const char *what, int err);
/*
 * After looking up the `what` (e.g. "meeting") with external id ext gave
 * err: 0 when found, else -1 after one error line ("no meeting \"m-1\""
 * or the store's error).
 */
int  found_or_fail(struct ctx *, int err, const char *what, const char *ext);

/* --- the commands (one file each) --------------------------------------- */

int  cmd_init(struct ctx *, int, char **);
int  cmd_check(struct ctx *, int, char **);
int  cmd_import(struct ctx *, int, char **);
int  cmd_citizen(struct ctx *, int, char **);
int  cmd_staff(struct ctx *, int, char **);
int  cmd_agreement(struct ctx *, int, char **);
int  cmd_meeting(struct ctx *, int, char **);
int  cmd_status(struct ctx *, int, char **);
int  cmd_audit(struct ctx *, int, char **);
int  cmd_sms_info(struct ctx *, int, char **);

/*
 * The file modes part of `check` (check_files.c): the database, its
 * -wal/-shm, the SMS file provider's output and the secret files must
 * be readable by their owner only.  Adds "files" (an array of problems)
 * to j, or prints one line per problem (or one "ok" line).  Returns the
 * number of problems.
 */
int  check_file_modes(struct ctx *, struct json_object *j);
/* check_sms.c: worst-case SMS parts per text and language; warnings. */
void check_sms_parts(struct ctx *, struct json_object *j);
/* check_sms.c: catalogues marked X-Review: needed; warnings. */
void check_languages(struct ctx *, struct json_object *j);

/* The SMS queue's lines of `status` (admin/status_outbox.c). */
int  status_outbox(struct ctx *, struct json_object *j);

/* Usage texts, shared by main.c's help and the commands. */
extern const char usage_citizen[], usage_staff[], usage_agreement[],
    usage_meeting[], usage_audit[], usage_import[];

#endif
