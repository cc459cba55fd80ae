/*
 * cmd_restore.c - `mentorctl restore FILE`: put a backup in place of the
 * database, with the programs stopped.
 *
 *	restore [--any-key] FILE
 *
 * In order, refusing at the first problem with nothing changed:
 *  1. FILE matches its manifest (SHA-256), when it has one;
 *  2. no program has the database open (a process on this host holds
 *     SQLite's lock on the -shm file: named by pid) and no gateway holds
 *     the sender lease (one elsewhere, until its lease runs out);
 *  3. FILE is copied beside the database and the copy checked:
 *     application id, a schema version this program knows, PRAGMA
 *     integrity_check and foreign_key_check, rows as in the manifest;
 *  4. the configured CPR key is the one the backup was made with (its id
 *     is in the manifest; --any-key installs anyway);
 *  5. the old database's write-ahead log is folded into it, and it is
 *     kept aside as DB.before-restore-STAMP (with any -wal or -shm still
 *     there renamed alike, so no committed row of it is lost);
 *  6. the checked copy, mode 0600 (owned like the old file when run as
 *     root), is renamed into place.
 */
#include <sys/stat.h>

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <json.h>

#include "backup.h"
#include "buf.h"
#include "clock.h"
#include "cmd.h"
#include "config.h"
#include "store.h"
#include "store_backup.h"

#define LEASE_SENDER "sender" /* sms-gateway's lease (gateway.h) */

enum restore_opt { OPT_ANY_KEY, OPT__MAX };

static const struct option restore_spec[] = {
	{ "any-key", no_argument, NULL, OPT_ANY_KEY }, { NULL, 0, NULL, 0 }
};

const char		 usage_restore[] = "restore [--any-key] FILE";

/* The files beside a database that belong to it. */
static const char *const db_sides[] = { "-wal", "-shm", "-journal" };
#define DB_SIDES (sizeof(db_sides) / sizeof(db_sides[0]))

struct restore_job {
	const char	   *file;	     /* the backup */
	const char	   *db;		     /* [database] path */
	struct json_object *manifest;	     /* NULL: none beside FILE */
	char		    tmp[PATH_MAX];   /* the checked copy */
	char		    aside[PATH_MAX]; /* the old database, or "" */
	struct backup_facts facts;
	int		    any_key;
};

/* Refuse a FILE that is the database; check it against its manifest. */
static int
job_manifest(struct restore_job *job)
{
	char	    mpath[PATH_MAX], sha[BACKUP_SHA256_LEN];
	const char *want;

	if (backup_same_file(job->file, job->db)) {
		errorx("restore: %s is the database itself", job->file);
		return -1;
	}
	if (access(job->file, R_OK) == -1) {
		errorx("restore: %s: %s", job->file, strerror(errno));
		return -1;
	}
	if (backup_path_plus(
		job->file, BACKUP_MANIFEST_SUFFIX, mpath, sizeof(mpath)) == -1)
		return errorx("restore: %s: name too long", job->file), -1;
	if ((job->manifest = manifest_read(mpath)) == NULL)
		return errno == ENOENT ? 0 : -1;
	if (backup_file_sha256(job->file, sha) == -1) {
		errorx("restore: %s: %s", job->file, strerror(errno));
		return -1;
	}
	if ((want = json_get_str(job->manifest, "sha256")) == NULL ||
	    strcmp(want, sha) != 0) {
		errorx("restore: %s does not match its manifest (changed or "
		       "damaged since the backup was made); nothing changed",
		    job->file);
		return -1;
	}
	return 0;
}

/*
 * Refuse while a program on this host has the database open.  Returns 0,
 * or -1 after an error line naming it.
 */
static int
job_nobody_using(struct restore_job *job)
{
	char  name[64];
	pid_t pid;
	int   r;

	if ((r = store_users(job->db, &pid)) == 0)
		return 0;
	if (r == -1) {
		errorx("restore: cannot tell whether %s is in use: %s", job->db,
		    strerror(errno));
		return -1;
	}
	backup_process_name((long)pid, name, sizeof(name));
	if (pid > 0)
		errorx(
		    "restore: %s (pid %ld) has %s open: stop the programs "
		    "first (systemctl stop sms-gateway kiosk); nothing changed",
		    name, (long)pid, job->db);
	else
		errorx("restore: a process in another container has %s open: "
		       "stop the programs first; nothing changed",
		    job->db);
	return -1;
}

/*
 * Refuse while the sender lease names a live gateway: one on this host
 * whose process exists, or one on another host whose lease has not run
 * out.  Returns 0, or -1 after an error line.
 */
static int
lease_live(struct ctx *ctx, struct store *s)
{
	char   host[256], when[CLOCK_ISO_UTC_LEN], *holder = NULL, *end;
	size_t n;
	time_t expires;
	long   pid = 0;
	int    live = 0;

	if (store_lease_get(s, LEASE_SENDER, &holder, &expires) != STORE_OK ||
	    holder == NULL || expires < ctx->now)
		goto out;
	if (gethostname(host, sizeof(host)) == -1)
		host[0] = '\0';
	host[sizeof(host) - 1] = '\0';
	n = strlen(host);
	/* "host:pid:random" (sms-gateway/lease.c, lease_holder_init). */
	if (n > 0 && strncmp(holder, host, n) == 0 && holder[n] == ':') {
		errno = 0;
		pid = strtol(holder + n + 1, &end, 10);
		if (errno != 0 || *end != ':' || pid <= 0)
			pid = 0;
		live = pid > 0 && (kill((pid_t)pid, 0) == 0 || errno == EPERM);
		if (live)
			errorx(
			    "restore: sms-gateway (pid %ld) holds the sender "
			    "lease: stop it first; nothing changed",
			    pid);
		goto out;
	}
	live = 1;
	clock_format_iso_utc(expires, when);
	errorx("restore: an sms-gateway on another host (%.*s) holds the "
	       "sender lease until %s: stop it there first; nothing changed",
	    (int)strcspn(holder, ":"), holder, when);
out:
	free(holder);
	return live ? -1 : 0;
}

/*
 * Copy FILE beside the database (the copy is what is checked and then
 * installed) and check it.  Returns 0, or -1 after an error line.
 */
static int
job_copy_check(struct restore_job *job)
{
	struct store_copy_info info;
	struct store	      *src;
	struct json_object    *want;
	char		       err[512];
	enum store_err	       e;

	if (store_open(job->file, STORE_READONLY | STORE_AS_IS, &src, err,
		sizeof(err)) != STORE_OK) {
		errorx("restore: %s", err);
		return -1;
	}
	if (backup_temp(job->db, job->tmp, sizeof(job->tmp)) == -1) {
		errorx("restore: beside %s: %s", job->db, strerror(errno));
		job->tmp[0] = '\0';
		store_close(src);
		return -1;
	}
	e = store_copy_to(src, job->tmp, &info, err, sizeof(err));
	store_close(src);
	if (e != STORE_OK) {
		errorx("restore: %s: %s", job->file, err);
		return -1;
	}
	if (backup_facts_read(job->tmp, job->file, &job->facts) == -1)
		return -1;
	if (job->facts.application_id != store_application_id()) {
		errorx("restore: %s is not a Mentorlink database", job->file);
		return -1;
	}
	if (job->facts.schema_version > store_schema_latest()) {
		errorx("restore: %s has schema version %d but this program "
		       "knows %d: install the Mentorlink that made it",
		    job->file, job->facts.schema_version,
		    store_schema_latest());
		return -1;
	}
	if (job->facts.problems > 0) {
		errorx("restore: %s has %lld problem(s) (listed above); "
		       "nothing changed",
		    job->file, (long long)job->facts.problems);
		return -1;
	}
	if (job->manifest != NULL &&
	    (!json_object_object_get_ex(job->manifest, "tables", &want) ||
		!json_object_equal(want, job->facts.counts))) {
		errorx("restore: the rows in %s differ from its manifest; "
		       "nothing changed",
		    job->file);
		return -1;
	}
	return 0;
}

/*
 * The configured CPR key must be the one the backup was made with, or
 * no citizen can be found by CPR (and the kiosk's neutral answer hides
 * it).  Returns 0, or -1 after an error line.
 */
static int
job_key(struct ctx *ctx, struct restore_job *job)
{
	struct buf  key = { 0 };
	char	    err[512], id[BACKUP_KEY_ID_LEN];
	const char *want;

	if (job->manifest == NULL ||
	    (want = json_get_str(job->manifest, "cpr_key_id")) == NULL) {
		errorx("note: no CPR key id for %s: make sure %s is the key "
		       "the backup was made with",
		    job->file, ctx->cfg->cpr_key_file);
		return 0;
	}
	if (config_read_secret(
		ctx->cfg->cpr_key_file, NULL, &key, err, sizeof(err)) == -1) {
		if (job->any_key)
			return 0;
		errorx("restore: CPR key: %s: put the key file that was "
		       "backed up with the database there first (or give "
		       "--any-key); nothing changed",
		    err);
		return -1;
	}
	backup_key_id(&key, id);
	buf_free(&key);
	if (strcmp(id, want) == 0 || job->any_key)
		return 0;
	errorx("restore: %s is not the CPR key %s was made with (key id %s, "
	       "the backup's %s): without it nobody can be found by CPR. Put "
	       "the right key file there first, or give --any-key; nothing "
	       "changed",
	    ctx->cfg->cpr_key_file, job->file, id, want);
	return -1;
}

/*
 * Fold the old database's log into it (no committed row only in the
 * -wal), checking the lease on the way.  A file that is not ours, or
 * damaged, is moved aside as it is.  Returns 0, or -1 after an error.
 */
static int
old_settle(struct ctx *ctx, struct restore_job *job)
{
	struct store *s = NULL;
	char	      err[512];
	int64_t	      appid = 0;
	int	      version, rv = 0;

	if (store_open(job->db, STORE_READONLY | STORE_AS_IS, &s, err,
		sizeof(err)) != STORE_OK ||
	    store_identity(s, &appid, &version) != STORE_OK ||
	    appid != store_application_id()) {
		errorx("note: %s is not a readable Mentorlink database; it is "
		       "moved aside as it is",
		    job->db);
		store_close(s);
		return 0;
	}
	rv = lease_live(ctx, s);
	store_close(s);
	if (rv == -1)
		return -1;
	if (store_open(job->db, STORE_AS_IS, &s, err, sizeof(err)) !=
		STORE_OK ||
	    store_checkpoint_all(s) != STORE_OK) {
		errorx("restore: %s: cannot fold its log into it (%s): is a "
		       "program using it?  nothing changed",
		    job->db, s != NULL ? store_errmsg(s) : err);
		rv = -1;
	}
	store_close(s);
	return rv;
}

/*
 * Rename the old database and the files beside it to job->aside (never
 * over an existing file: a second restore in the same second stops).
 */
static int
old_move_aside(struct restore_job *job)
{
	char   from[PATH_MAX], to[PATH_MAX];
	size_t i;

	if (backup_install(job->db, job->aside, 0) == -1) {
		errorx("restore: %s to %s: %s; nothing changed", job->db,
		    job->aside, strerror(errno));
		return -1;
	}
	for (i = 0; i < DB_SIDES; i++) {
		if (backup_path_plus(
			job->db, db_sides[i], from, sizeof(from)) == -1 ||
		    backup_path_plus(job->aside, db_sides[i], to, sizeof(to)) ==
			-1 ||
		    (access(from, F_OK) == 0 &&
			backup_install(from, to, 0) == -1)) {
			errorx("restore: %s: %s (the database is %s now)", from,
			    strerror(errno), job->aside);
			return -1;
		}
	}
	return 0;
}

/*
 * As root, give the copy the owner of the file it replaces (or of the
 * folder), so the programs can write it.  Returns 0, or -1 after an
 * error line.
 */
static int
copy_owner(struct restore_job *job)
{
	struct stat sb;
	char	    dir[PATH_MAX], *slash;

	if (geteuid() != 0)
		return 0;
	/* Called while the old file is still in place. */
	if (stat(job->db, &sb) == -1) {
		snprintf(dir, sizeof(dir), "%s", job->db);
		if ((slash = strrchr(dir, '/')) != NULL)
			*slash = '\0';
		else
			snprintf(dir, sizeof(dir), ".");
		if (stat(dir, &sb) == -1)
			return 0;
	}
	if (chown(job->tmp, sb.st_uid, sb.st_gid) == -1) {
		errorx("restore: %s: %s", job->tmp, strerror(errno));
		return -1;
	}
	return 0;
}

/*
 * Write the audit row into the checked copy before it goes in place:
 * who restored what, and where the old database went.
 */
static int
copy_audit(struct ctx *ctx, struct restore_job *job)
{
	struct buf detail = { 0 };
	char	   err[512];
	int	   rv;

	if (store_open(job->tmp, STORE_AS_IS, &ctx->store, err, sizeof(err)) !=
	    STORE_OK) {
		errorx("restore: %s", err);
		return -1;
	}
	buf_printf(&detail, "from %s", job->file);
	if (job->aside[0] != '\0')
		buf_printf(&detail, "; the old database is %s", job->aside);
	rv = audit_read(ctx, "restore", 0, buf_str(&detail));
	buf_free(&detail);
	store_close(ctx->store);
	ctx->store = NULL;
	return rv;
}

/*
 * Move the old database aside and put the checked copy in its place.
 * Returns 0, or -1 after an error line.
 */
static int
job_install(struct ctx *ctx, struct restore_job *job)
{
	char stamp[32];
	int  old = access(job->db, F_OK) == 0;

	if (old) {
		backup_stamp(ctx->now, stamp, sizeof(stamp));
		if ((size_t)snprintf(job->aside, sizeof(job->aside),
			"%s.before-restore-%s", job->db,
			stamp) >= sizeof(job->aside)) {
			errorx("restore: %s: name too long", job->db);
			return -1;
		}
		if (old_settle(ctx, job) == -1)
			return -1;
	}
	if (copy_audit(ctx, job) == -1 || copy_owner(job) == -1 ||
	    job_nobody_using(job) == -1 || (old && old_move_aside(job) == -1))
		return -1;
	if (backup_install(job->tmp, job->db, 0) == -1) {
		errorx("restore: %s: %s; the old database is %s", job->db,
		    strerror(errno), old ? job->aside : "not there");
		return -1;
	}
	job->tmp[0] = '\0';
	return 0;
}

/* Print what was done and what to do next. */
static void
job_report(struct ctx *ctx, struct restore_job *job)
{
	struct json_object *j;
	const char	   *made;

	made = job->manifest ? json_get_str(job->manifest, "made_at") : NULL;
	if (ctx->json) {
		j = json_object_new_object();
		json_object_object_add(j, "restored", json_str(job->file));
		json_object_object_add(j, "made_at", json_str(made));
		json_object_object_add(j, "database", json_str(job->db));
		json_object_object_add(j, "old_database",
		    job->aside[0] ? json_str(job->aside) : NULL);
		json_object_object_add(j, "schema_version",
		    json_object_new_int(job->facts.schema_version));
		json_object_object_add(
		    j, "rows", json_object_new_int64(job->facts.rows));
		json_object_object_add(
		    j, "tables", json_object_get(job->facts.counts));
		json_print(j);
		return;
	}
	printf("checked:  %s%s%s: integrity and foreign keys ok, schema "
	       "version %d, %d tables, %lld rows%s\n",
	    job->file, made ? " of " : "", made ? made : "",
	    job->facts.schema_version, job->facts.tables,
	    (long long)job->facts.rows,
	    job->manifest ? ", as its manifest says" : " (no manifest)");
	if (job->aside[0] != '\0')
		printf("kept:     the old database as %s\n", job->aside);
	printf("restored: %s (mode 0600)\n", job->db);
	if (job->facts.schema_version < store_schema_latest())
		printf("The programs bring it from schema version %d to %d "
		       "when they start.\n",
		    job->facts.schema_version, store_schema_latest());
	printf("Start the programs again: systemctl start sms-gateway "
	       "kiosk\n");
}

int
cmd_restore(struct ctx *ctx, int argc, char **argv)
{
	struct restore_job job;
	struct opts	   o;
	int		   rv = CMD_FAIL;

	if (opts_parse_pos(
		&o, restore_spec, -1, argc, argv, usage_restore, 1) == -1)
		return CMD_USAGE;
	memset(&job, 0, sizeof(job));
	job.file = o.argv[0];
	job.db = ctx->cfg->db_path;
	job.any_key = o.val[OPT_ANY_KEY] != NULL;
	if (job_manifest(&job) == 0 && job_nobody_using(&job) == 0 &&
	    job_copy_check(&job) == 0 && job_key(ctx, &job) == 0 &&
	    job_install(ctx, &job) == 0) {
		job_report(ctx, &job);
		rv = CMD_OK;
	}
	if (job.tmp[0] != '\0')
		unlink(job.tmp);
	json_object_put(job.manifest);
	backup_facts_free(&job.facts);
	return rv;
}
