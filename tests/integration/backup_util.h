/*
 * backup_util.h - what the backup and restore tests share (it_backup.c,
 * it_backup_load.c): running mentorctl with a few arguments, reading a
 * manifest, and asking a database file a question directly.  Static
 * inline: each test takes what it uses.
 */
#ifndef MENTOR_BACKUP_UTIL_H
#define MENTOR_BACKUP_UTIL_H

#include <sys/stat.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <json-c/json.h>
#include <sqlite3.h>

#include "buf.h"
#include "crypto.h"
#include "harness.h"

/*
 * Run mentorctl (with the harness's configuration) and up to five
 * arguments (NULL ends them).  Returns the exit status; stdout and
 * stderr go to out and err (reset first; either may be NULL).
 */
static inline int
bk_run(struct harness *h, struct buf *out, struct buf *err, const char *a0,
    const char *a1, const char *a2, const char *a3, const char *a4)
{
	const char *args[] = { a0, a1, a2, a3, a4, NULL };

	if (out != NULL)
		buf_reset(out);
	if (err != NULL)
		buf_reset(err);
	return harness_run(h, "mentorctl", 1, args, out, err);
}

/* The manifest beside backup file path (caller puts it). */
static inline struct json_object *
bk_manifest(const char *path)
{
	struct json_object *m;
	struct buf	    b = { 0 };
	char		    mpath[512];

	snprintf(mpath, sizeof(mpath), "%s.manifest.json", path);
	if (harness_read_file(mpath, &b) == -1)
		fail_msg("no manifest %s", mpath);
	if ((m = json_tokener_parse(buf_str(&b))) == NULL)
		fail_msg("manifest %s is not JSON", mpath);
	buf_free(&b);
	return m;
}

/* A number in the manifest: key, or "tables" then table. */
static inline long long
bk_manifest_int(struct json_object *m, const char *key, const char *table)
{
	struct json_object *v;

	if (!json_object_object_get_ex(m, key, &v))
		fail_msg("manifest: no %s", key);
	if (table != NULL && !json_object_object_get_ex(v, table, &v))
		fail_msg("manifest: no tables.%s", table);
	return json_object_get_int64(v);
}

/* A string in the manifest ("" when absent). */
static inline const char *
bk_manifest_str(struct json_object *m, const char *key)
{
	struct json_object *v;

	if (!json_object_object_get_ex(m, key, &v) ||
	    json_object_get_type(v) != json_type_string)
		return "";
	return json_object_get_string(v);
}

/*
 * One integer from sql on the database file at path (-1: no row).  Opened
 * read-write, so that closing it removes the -wal it may have made.
 */
static inline long long
bk_db_int(const char *path, const char *sql)
{
	sqlite3	     *db;
	sqlite3_stmt *st;
	long long     v = -1;

	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) !=
		SQLITE_OK ||
	    sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("%s: %s: %s", path, sql, sqlite3_errmsg(db));
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return v;
}

/* Run sql (no rows) on the database file at path. */
static inline void
bk_db_exec(const char *path, const char *sql)
{
	sqlite3 *db;

	if (sqlite3_open(path, &db) != SQLITE_OK ||
	    sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
		fail_msg("%s: %s: %s", path, sql, sqlite3_errmsg(db));
	sqlite3_close(db);
}

/* The SHA-256 of a whole file as hex. */
static inline void
bk_sha256(const char *path, char hex[65])
{
	unsigned char md[CRYPTO_SHA256_LEN];
	struct buf    b = { 0 };

	if (harness_read_file(path, &b) == -1)
		fail_msg("cannot read %s", path);
	crypto_sha256(b.data, b.len, md);
	crypto_hex(md, sizeof(md), hex);
	buf_free(&b);
}

/* The permission bits of path (-1: missing). */
static inline int
bk_mode(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == -1 ? -1 : (int)(sb.st_mode & 07777);
}

/* 1 if path exists. */
static inline int
bk_exists(const char *path)
{
	return access(path, F_OK) == 0;
}

#endif
