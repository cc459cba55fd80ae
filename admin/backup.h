/*
 * backup.h - what `mentorctl backup`, `restore` and `check --deep` share:
 * files made safely (created 0600, put in place only when complete, never
 * over an existing file unless asked), the manifest beside a backup, and
 * the deep check.
 *
 * A backup FILE has its manifest beside it, FILE.manifest.json: what the
 * copy holds (schema version, application id, rows per table), when and
 * by which Mentorlink it was made, the copy's SHA-256 and the id of the
 * CPR key it was made with (not the key).  Beside the file rather than
 * inside it: an operator or a monitoring script reads it without SQLite
 * (on a backup server, say), and the copy stays exactly the database the
 * programs know, with no extra table to remove at restore.  The
 * checksum binds the two: a manifest that does not match its file is
 * refused.
 */
#ifndef MENTOR_ADMIN_BACKUP_H
#define MENTOR_ADMIN_BACKUP_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

struct buf;
struct ctx;
struct json_object;
struct store;

#define BACKUP_MANIFEST_SUFFIX ".manifest.json"
#define BACKUP_FORMAT	       "mentorlink-backup 1"
#define BACKUP_KEY_ID_LEN      17 /* 16 hex digits and a NUL */
#define BACKUP_SHA256_LEN      65 /* 64 hex digits and a NUL */

/* --- files (backup_files.c) --------------------------------------------- */

/*
 * Create an empty temporary file, mode 0600, in the folder of path:
 * ".NAME.tmp-XXXXXX".  Returns 0 with its name in tmp, or -1 with errno
 * set.
 */
int  backup_temp(const char *path, char *tmp, size_t len);
/*
 * Put the complete file tmp in place as path (same folder), never over
 * an existing path unless replace, and sync the folder.  Returns 0, or
 * -1 with errno set (EEXIST: path exists).
 */
int  backup_install(const char *tmp, const char *path, int replace);
/* Sync the folder that holds path.  Returns 0, or -1 with errno set. */
int  backup_sync_dir(const char *path);
/* The SHA-256 of the file at path as hex.  Returns 0, or -1 (errno). */
int  backup_file_sha256(const char *path, char hex[BACKUP_SHA256_LEN]);
/*
 * The id of a CPR key: the first 8 bytes of HMAC-SHA256(key, a fixed
 * text) in hex.  It tells two keys apart and gives nothing of the key.
 */
void backup_key_id(const struct buf *key, char hex[BACKUP_KEY_ID_LEN]);
/* path with suffix appended into out; 0, or -1 (ENAMETOOLONG). */
int  backup_path_plus(
     const char *path, const char *suffix, char *out, size_t len);
/* 1 if a and b name the same existing file. */
int  backup_same_file(const char *a, const char *b);
/*
 * The name of process pid ("sms-gateway", from /proc/PID/comm) into out,
 * or "a process" when unknown.
 */
void backup_process_name(long pid, char *out, size_t len);
/* t as "20261124T020000Z" (UTC) into out (at least 17 bytes). */
void backup_stamp(time_t t, char *out, size_t len);

/* --- the manifest (backup_manifest.c) ----------------------------------- */

/* What a copy holds, counted on the copy itself. */
struct backup_facts {
	int64_t		    application_id;
	int		    schema_version;
	int64_t		    bytes;
	int64_t		    rows; /* in all tables */
	int		    tables;
	struct json_object *counts;   /* {"table": rows, ...}; owned */
	int64_t		    problems; /* integrity and foreign keys */
};

/*
 * Describe the copy at path: identity, the deep check (each problem
 * printed as "mentorctl: LABEL: kind: text"), rows per table.  Returns 0,
 * or -1 after an error line when it cannot be read at all.  Free f with
 * backup_facts_free().
 */
int backup_facts_read(
    const char *path, const char *label, struct backup_facts *f);
void		    backup_facts_free(struct backup_facts *);

/*
 * The manifest of the backup file `file` (its base name is recorded),
 * made at `made_at`, of database `database`: a new JSON object, caller
 * puts it.  key_id may be NULL (the key could not be read).
 */
struct json_object *manifest_new(const char *file, const char *database,
    time_t made_at, double seconds, const struct backup_facts *,
    const char *sha256, const char *key_id);
/*
 * Write manifest m to path (0600, in place when complete, over an
 * existing file only when replace).  Returns 0, or -1 with errno set.
 */
int manifest_write(struct json_object *m, const char *path, int replace);
/*
 * Read the manifest at path.  Returns a JSON object (caller puts it), or
 * NULL with errno ENOENT when there is none, or NULL after an error line
 * when it is not a manifest.
 */
struct json_object *manifest_read(const char *path);

/* --- the commands --------------------------------------------------------- */

int		    cmd_backup(struct ctx *, int, char **);  /* cmd_backup.c */
int		    cmd_restore(struct ctx *, int, char **); /* cmd_restore.c */
extern const char   usage_backup[], usage_restore[];

/* --- the deep check (check_deep.c) -------------------------------------- */

/*
 * `check --deep`: PRAGMA integrity_check and foreign_key_check on the
 * open store; prints "deep: ok ..." or each problem (or adds them to j).
 * Returns 1 when something was found or the check could not run, else 0.
 */
int		    check_deep(struct ctx *, struct json_object *j);

#endif
