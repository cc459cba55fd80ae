/*
 * cmd_backup.c - `mentorctl backup`: a consistent copy of the database
 * while the programs run (store_copy_to: one read snapshot, copied in
 * rounds; in WAL mode nobody waits for it), checked, with its manifest
 * beside it; with --keep N FOLDER a dated copy in FOLDER, and the oldest
 * of the copies it made there beyond N removed.
 *
 *	backup [--force] FILE
 *	backup --keep N FOLDER
 *
 * The copy is written to a temporary file (0600) beside FILE and put in
 * place only when complete: a crash never leaves half a backup under the
 * name.  The CPR key is not in the database, so not in the copy.
 */
#include <sys/stat.h>

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <json.h>

#include "backup.h"
#include "buf.h"
#include "cmd.h"
#include "config.h"
#include "log.h"
#include "store.h"
#include "store_backup.h"
#include "validate.h"

/* The names --keep gives its copies; the D's are digits. */
#define KEEP_PATTERN "mentorlink-DDDDDDDDTDDDDDDZ.db"
#define KEEP_MAX     1000

enum backup_opt { OPT_FORCE, OPT_KEEP, OPT__MAX };

static const struct option backup_spec[] = { { "force", no_argument, NULL,
						 OPT_FORCE },
	{ "keep", required_argument, NULL, OPT_KEEP }, { NULL, 0, NULL, 0 } };

const char		   usage_backup[] = "backup [--force] FILE\n"
					    "backup --keep N FOLDER";

struct backup_job {
	char		       target[PATH_MAX];   /* the backup file */
	char		       manifest[PATH_MAX]; /* target + suffix */
	char		       tmp[PATH_MAX];	   /* the copy, until done */
	int		       replace;		   /* --force */
	char		       key_id[BACKUP_KEY_ID_LEN]; /* "" unknown */
	struct store	      *src;			  /* live, read-only */
	struct store_copy_info info;
	struct backup_facts    facts;
	char		       sha256[BACKUP_SHA256_LEN];
	double		       seconds;
};

/* Monotonic seconds. */
static double
mono_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/*
 * The backup file: FILE, or FOLDER/mentorlink-STAMP.db with --keep.
 * Returns 0, or -1 after an error line.
 */
static int
job_target(struct ctx *ctx, const struct opts *o, struct backup_job *job)
{
	struct stat sb;
	const char *arg = o->argv[0];
	char	    stamp[32];
	int	    isdir;

	isdir = stat(arg, &sb) == 0 && S_ISDIR(sb.st_mode);
	if (o->val[OPT_KEEP] != NULL) {
		if (!isdir) {
			errorx("backup --keep: %s is not a folder", arg);
			return -1;
		}
		backup_stamp(ctx->now, stamp, sizeof(stamp));
		if ((size_t)snprintf(job->target, sizeof(job->target),
			"%s/mentorlink-%s.db", arg,
			stamp) >= sizeof(job->target))
			goto toolong;
	} else {
		if (isdir) {
			errorx("backup: %s is a folder: give a file name, or "
			       "--keep N %s for dated copies",
			    arg, arg);
			return -1;
		}
		if ((size_t)snprintf(job->target, sizeof(job->target), "%s",
			arg) >= sizeof(job->target))
			goto toolong;
	}
	if (backup_path_plus(job->target, BACKUP_MANIFEST_SUFFIX, job->manifest,
		sizeof(job->manifest)) == 0)
		return 0;
toolong:
	errorx("backup: %s: name too long", arg);
	return -1;
}

/*
 * Never over the live database; never over an existing file without
 * --force.  Returns 0, or -1 after an error line.
 */
static int
job_target_free(struct ctx *ctx, struct backup_job *job)
{
	static const char *const live_files[] = { "", "-wal", "-shm" };
	char			 live[PATH_MAX];
	size_t			 i;

	for (i = 0; i < sizeof(live_files) / sizeof(live_files[0]); i++) {
		if (backup_path_plus(ctx->cfg->db_path, live_files[i], live,
			sizeof(live)) == 0 &&
		    (backup_same_file(job->target, live) ||
			backup_same_file(job->manifest, live))) {
			errorx("backup: %s is the database itself (%s); give "
			       "another file name",
			    job->target, live);
			return -1;
		}
	}
	if (job->replace)
		return 0;
	if (access(job->target, F_OK) == 0 ||
	    access(job->manifest, F_OK) == 0) {
		errorx("backup: %s exists; give --force to replace it (and "
		       "its manifest)",
		    access(job->target, F_OK) == 0 ? job->target
						   : job->manifest);
		return -1;
	}
	return 0;
}

/* The id of the CPR key in use, or "" with a warning. */
static void
job_key_id(struct ctx *ctx, struct backup_job *job)
{
	struct buf key = { 0 };
	char	   err[512];

	job->key_id[0] = '\0';
	if (config_read_secret(
		ctx->cfg->cpr_key_file, NULL, &key, err, sizeof(err)) == -1) {
		errorx(
		    "warning: CPR key: %s; the manifest cannot name it", err);
		return;
	}
	backup_key_id(&key, job->key_id);
	buf_free(&key);
}

/*
 * Open the live database twice as it is (an older schema is copied, not
 * upgraded): read-only for the copy, and for the audit row that says who
 * copied it where.  Returns 0, or -1 after an error line.
 */
static int
job_open(struct ctx *ctx, struct backup_job *job)
{
	const char *db = ctx->cfg->db_path;
	char	    err[512];
	int64_t	    appid;
	int	    version;

	if (store_open(db, STORE_READONLY | STORE_AS_IS, &job->src, err,
		sizeof(err)) != STORE_OK) {
		errorx("%s", err);
		return -1;
	}
	if (store_identity(job->src, &appid, &version) != STORE_OK) {
		errorx("%s: %s", db, store_errmsg(job->src));
		return -1;
	}
	if (appid != store_application_id()) {
		errorx("%s is not a Mentorlink database", db);
		return -1;
	}
	if (version > store_schema_latest()) {
		errorx("%s has schema version %d but this mentorctl knows %d: "
		       "use the newer Mentorlink's mentorctl",
		    db, version, store_schema_latest());
		return -1;
	}
	if (store_open(db, STORE_AS_IS, &ctx->store, err, sizeof(err)) !=
	    STORE_OK) {
		errorx("%s", err);
		return -1;
	}
	return audit_read(ctx, "backup", 0, job->target);
}

/*
 * Copy into a temporary file beside the target, check the copy, count
 * its rows and hash it.  Returns 0, or -1 after an error line (the
 * temporary file is then removed).
 */
static int
job_copy(struct ctx *ctx, struct backup_job *job)
{
	char   err[512];
	double t0 = mono_seconds();

	if (backup_temp(job->target, job->tmp, sizeof(job->tmp)) == -1) {
		errorx("backup: %s: %s", job->target, strerror(errno));
		job->tmp[0] = '\0';
		return -1;
	}
	if (store_copy_to(job->src, job->tmp, &job->info, err, sizeof(err)) !=
	    STORE_OK) {
		errorx("backup: %s", err);
		return -1;
	}
	job->seconds = mono_seconds() - t0;
	if (backup_facts_read(job->tmp, job->target, &job->facts) == -1)
		return -1;
	if (backup_file_sha256(job->tmp, job->sha256) == -1) {
		errorx("backup: %s: %s", job->tmp, strerror(errno));
		return -1;
	}
	return 0;
}

/*
 * Put the copy and then its manifest in place.  Returns 0, or -1 after
 * an error line (a copy without its manifest is removed again).
 */
static int
job_install(struct ctx *ctx, struct backup_job *job, struct json_object *m)
{
	if (backup_install(job->tmp, job->target, job->replace) == -1) {
		errorx("backup: %s: %s", job->target,
		    errno == EEXIST ? "appeared meanwhile; nothing replaced"
				    : strerror(errno));
		return -1;
	}
	job->tmp[0] = '\0';
	if (manifest_write(m, job->manifest, job->replace) == -1) {
		errorx("backup: %s: %s", job->manifest, strerror(errno));
		if (!job->replace)
			unlink(job->target);
		return -1;
	}
	return 0;
}

/* 1 if name is one of the names --keep gives its copies. */
static int
keep_name(const char *name)
{
	static const char pattern[] = KEEP_PATTERN;
	size_t		  i;

	if (strlen(name) != sizeof(pattern) - 1)
		return 0;
	for (i = 0; pattern[i] != '\0'; i++)
		if (pattern[i] == 'D' ? !isdigit((unsigned char)name[i])
				      : name[i] != pattern[i])
			return 0;
	return 1;
}

/*
 * 1 if dir/name is a copy --keep made: a regular file with that name and
 * a manifest beside it that names it.
 */
static int
keep_ours(const char *dir, const char *name)
{
	struct json_object *m;
	struct stat	    sb;
	char		    path[PATH_MAX], mpath[PATH_MAX];
	const char	   *file;
	int		    ours;

	if (!keep_name(name) ||
	    (size_t)snprintf(path, sizeof(path), "%s/%s", dir, name) >=
		sizeof(path) ||
	    lstat(path, &sb) == -1 || !S_ISREG(sb.st_mode) ||
	    backup_path_plus(
		path, BACKUP_MANIFEST_SUFFIX, mpath, sizeof(mpath)) == -1 ||
	    (m = manifest_read(mpath)) == NULL)
		return 0;
	ours =
	    (file = json_get_str(m, "file")) != NULL && strcmp(file, name) == 0;
	json_object_put(m);
	return ours;
}

static int
name_newest_first(const void *a, const void *b)
{
	return strcmp(*(char *const *)b, *(char *const *)a);
}

/* Remove dir/name and its manifest; 0, or -1 after an error line. */
static int
keep_remove(const char *dir, const char *name, struct json_object *removed)
{
	char path[PATH_MAX], mpath[PATH_MAX];

	/* keep_ours() built the same names: they fit. */
	if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, name) >=
		sizeof(path) ||
	    backup_path_plus(
		path, BACKUP_MANIFEST_SUFFIX, mpath, sizeof(mpath)) == -1 ||
	    unlink(path) == -1 || unlink(mpath) == -1) {
		errorx("backup: cannot remove %s: %s", path, strerror(errno));
		return -1;
	}
	json_object_array_add(removed, json_str(path));
	return 0;
}

/*
 * Keep the newest `keep` of the copies --keep made in dir (the one just
 * made, `made`, always stays); remove the others.  Other files are left
 * alone.  Returns 0, or -1 after an error line.
 */
static int
keep_prune(
    const char *dir, int keep, const char *made, struct json_object *removed)
{
	DIR	      *d;
	struct dirent *de;
	char	     **names = NULL, **more;
	size_t	       n = 0, i, others = 0;
	int	       rv = 0;

	if ((d = opendir(dir)) == NULL) {
		errorx("backup: %s: %s", dir, strerror(errno));
		return -1;
	}
	while ((de = readdir(d)) != NULL) {
		if (!keep_ours(dir, de->d_name))
			continue;
		if ((more = reallocarray(names, n + 1, sizeof(*names))) ==
			NULL ||
		    (more[n] = strdup(de->d_name)) == NULL)
			fatal("backup");
		names = more;
		n++;
	}
	closedir(d);
	qsort(names, n, sizeof(*names), name_newest_first);
	for (i = 0; i < n; i++) {
		/* The one just made counts as one of those kept. */
		if (strcmp(names[i], made) != 0) {
			if (others < (size_t)keep - 1)
				others++;
			else if (keep_remove(dir, names[i], removed) == -1)
				rv = -1;
		}
		free(names[i]);
	}
	free(names);
	return rv;
}

/* Print what was made (and removed). */
static void
job_report(struct ctx *ctx, struct backup_job *job, struct json_object *m,
    struct json_object *removed)
{
	size_t i;

	if (ctx->json) {
		json_object_object_add(m, "path", json_str(job->target));
		json_object_object_add(
		    m, "manifest_path", json_str(job->manifest));
		json_object_object_add(m, "removed", json_object_get(removed));
		json_print(json_object_get(m));
		return;
	}
	printf("backup:   %s\n", job->target);
	printf("          %lld bytes, %d tables, %lld rows, schema version "
	       "%d, %.2f s (%d rounds)\n",
	    (long long)job->facts.bytes, job->facts.tables,
	    (long long)job->facts.rows, job->facts.schema_version, job->seconds,
	    job->info.steps);
	printf("manifest: %s\n", job->manifest);
	for (i = 0; i < json_object_array_length(removed); i++)
		printf("removed:  %s (older than the newest kept)\n",
		    json_object_get_string(
			json_object_array_get_idx(removed, i)));
	printf("The CPR key (%s) is not in the backup: keep a copy of it "
	       "apart from the backups.\n",
	    ctx->cfg->cpr_key_file);
}

/* Make the copy and its manifest; prune with --keep.  Returns CMD_*. */
static int
job_run(struct ctx *ctx, struct backup_job *job, long long keep)
{
	struct json_object *m = NULL, *removed = json_object_new_array();
	char		    dir[PATH_MAX], *slash;
	int		    rv = CMD_FAIL;

	job_key_id(ctx, job);
	if (job_open(ctx, job) == -1 || job_copy(ctx, job) == -1)
		goto out;
	m = manifest_new(job->target, ctx->cfg->db_path, ctx->now, job->seconds,
	    &job->facts, job->sha256,
	    job->key_id[0] != '\0' ? job->key_id : NULL);
	if (job_install(ctx, job, m) == -1)
		goto out;
	rv = CMD_OK;
	if (job->facts.problems > 0) {
		errorx("backup: the copy has %lld problem(s), as the database "
		       "has: run mentorctl check --deep%s",
		    (long long)job->facts.problems,
		    keep > 0 ? "; older copies were not removed" : "");
		rv = CMD_FAIL;
	} else if (keep > 0) {
		snprintf(dir, sizeof(dir), "%s", job->target);
		slash = strrchr(dir, '/');
		*slash = '\0';
		if (keep_prune(dir, (int)keep, slash + 1, removed) == -1)
			rv = CMD_FAIL;
	}
	job_report(ctx, job, m, removed);
out:
	json_object_put(m);
	json_object_put(removed);
	return rv;
}

int
cmd_backup(struct ctx *ctx, int argc, char **argv)
{
	struct backup_job *job;
	struct opts	   o;
	long long	   keep = 0;
	int		   rv = CMD_FAIL;

	if (opts_parse_pos(&o, backup_spec, -1, argc, argv, usage_backup, 1) ==
	    -1)
		return CMD_USAGE;
	if (o.val[OPT_KEEP] != NULL &&
	    (o.val[OPT_FORCE] != NULL ||
		valid_number(o.val[OPT_KEEP], 1, KEEP_MAX, &keep) != NULL)) {
		errorx(
		    "--keep: a number from 1 to %d, without --force", KEEP_MAX);
		usage_print(usage_backup);
		return CMD_USAGE;
	}
	if ((job = calloc(1, sizeof(*job))) == NULL)
		fatal("calloc");
	job->replace = o.val[OPT_FORCE] != NULL;
	if (job_target(ctx, &o, job) == 0 && job_target_free(ctx, job) == 0)
		rv = job_run(ctx, job, keep);
	if (job->tmp[0] != '\0')
		unlink(job->tmp);
	store_close(job->src);
	backup_facts_free(&job->facts);
	free(job);
	return rv;
}
