/*
 * backup_manifest.c - what a backup holds (counted on the copy itself)
 * and the manifest beside it.  See backup.h.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <json.h>

#include "backup.h"
#include "buf.h"
#include "clock.h"
#include "cmd.h"
#include "store.h"
#include "store_backup.h"
#include "version.h"

#define MANIFEST_MAX (1024 * 1024) /* a manifest is a few KB */

struct facts_walk {
	const char *label;
};

/* store_table_counts() callback: one table's rows into the facts. */
static int
facts_count(const char *table, int64_t rows, void *arg)
{
	struct backup_facts *f = arg;

	json_object_object_add(f->counts, table, json_object_new_int64(rows));
	f->rows += rows;
	f->tables++;
	return 0;
}

/* store_check_deep() callback: print one problem of the copy. */
static int
facts_problem(const char *kind, const char *text, void *arg)
{
	struct facts_walk *w = arg;

	errorx("%s: %s: %s", w->label, kind, text);
	return 0;
}

int
backup_facts_read(const char *path, const char *label, struct backup_facts *f)
{
	struct facts_walk w = { label };
	struct store	 *s = NULL;
	struct stat	  sb;
	char		  err[512];
	enum store_err	  e;

	memset(f, 0, sizeof(*f));
	f->counts = json_object_new_object();
	if (stat(path, &sb) == -1) {
		errorx("%s: %s", label, strerror(errno));
		return -1;
	}
	f->bytes = sb.st_size;
	if (store_open(path, STORE_READONLY | STORE_AS_IS, &s, err,
		sizeof(err)) != STORE_OK) {
		errorx("%s: %s", label, err);
		return -1;
	}
	if ((e = store_identity(s, &f->application_id, &f->schema_version)) !=
		STORE_OK ||
	    (e = store_check_deep(s, facts_problem, &w, &f->problems)) !=
		STORE_OK) {
		errorx("%s: cannot be read: %s", label, store_errmsg(s));
		store_close(s);
		return -1;
	}
	/* Counting a damaged file may fail; its problems are listed above. */
	if (f->problems == 0 &&
	    store_table_counts(s, facts_count, f) != STORE_OK) {
		errorx("%s: cannot count rows: %s", label, store_errmsg(s));
		store_close(s);
		return -1;
	}
	store_close(s);
	return 0;
}

void
backup_facts_free(struct backup_facts *f)
{
	json_object_put(f->counts);
	f->counts = NULL;
}

/* The host name, or "unknown". */
static void
host_name(char *out, size_t len)
{
	if (gethostname(out, len) == -1)
		snprintf(out, len, "unknown");
	out[len - 1] = '\0';
}

struct json_object *
manifest_new(const char *file, const char *database, time_t made_at,
    double seconds, const struct backup_facts *f, const char *sha256,
    const char *key_id)
{
	struct json_object *m = json_object_new_object();
	char		    copy[PATH_MAX], when[CLOCK_ISO_UTC_LEN];
	char		    host[256], db[PATH_MAX], secs[32];

	snprintf(copy, sizeof(copy), "%s", file);
	if (realpath(database, db) == NULL)
		snprintf(db, sizeof(db), "%s", database);
	snprintf(secs, sizeof(secs), "%.3f", seconds);
	clock_format_iso_utc(made_at, when);
	host_name(host, sizeof(host));
	json_object_object_add(m, "format", json_str(BACKUP_FORMAT));
	json_object_object_add(m, "file", json_str(basename(copy)));
	json_object_object_add(m, "made_at", json_str(when));
	json_object_object_add(
	    m, "seconds", json_object_new_double_s(seconds, secs));
	json_object_object_add(
	    m, "mentorlink_version", json_str(MENTORLINK_VERSION));
	json_object_object_add(m, "host", json_str(host));
	json_object_object_add(m, "database", json_str(db));
	json_object_object_add(
	    m, "application_id", json_object_new_int64(f->application_id));
	json_object_object_add(
	    m, "schema_version", json_object_new_int(f->schema_version));
	json_object_object_add(m, "bytes", json_object_new_int64(f->bytes));
	json_object_object_add(m, "sha256", json_str(sha256));
	json_object_object_add(m, "cpr_key_id", json_str(key_id));
	json_object_object_add(m, "rows", json_object_new_int64(f->rows));
	json_object_object_add(m, "tables", json_object_get(f->counts));
	return m;
}

int
manifest_write(struct json_object *m, const char *path, int replace)
{
	const char *text;
	char	    tmp[PATH_MAX];
	size_t	    len;
	int	    fd, ok, saved;

	if (backup_temp(path, tmp, sizeof(tmp)) == -1)
		return -1;
	text = json_object_to_json_string_ext(
	    m, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE);
	len = strlen(text);
	if ((fd = open(tmp, O_WRONLY | O_CLOEXEC)) == -1)
		goto fail;
	ok = write(fd, text, len) == (ssize_t)len && write(fd, "\n", 1) == 1;
	ok = fsync(fd) == 0 && ok;
	ok = close(fd) == 0 && ok;
	if (!ok || backup_install(tmp, path, replace) == -1)
		goto fail;
	return 0;
fail:
	saved = errno;
	unlink(tmp);
	errno = saved;
	return -1;
}

struct json_object *
manifest_read(const char *path)
{
	struct json_object *m;
	struct buf	    b = { 0 };
	char		    chunk[4096];
	const char	   *format;
	ssize_t		    n;
	int		    fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		if (errno != ENOENT)
			errorx("%s: %s", path, strerror(errno));
		return NULL;
	}
	while ((n = read(fd, chunk, sizeof(chunk))) > 0 &&
	    b.len + (size_t)n <= MANIFEST_MAX)
		buf_append(&b, chunk, (size_t)n);
	close(fd);
	m = n == 0 ? json_tokener_parse(buf_str(&b)) : NULL;
	buf_free(&b);
	format = m != NULL ? json_get_str(m, "format") : NULL;
	if (format == NULL || strcmp(format, BACKUP_FORMAT) != 0) {
		errorx("%s: not a Mentorlink backup manifest", path);
		json_object_put(m);
		errno = EINVAL;
		return NULL;
	}
	return m;
}
