/*
 * config_files.c - the files around the configuration: its own lines'
 * length (before inih reads it), the secret files it names (mode 0600),
 * the CPR key, and whether a program may make files in a folder; see
 * config.h.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "config.h"
#include "config_int.h"
#include "log.h"

/*
 * inih reads lines of at most CONFIG_LINE_MAX - 2 bytes and reports a
 * longer one as a syntax error on the wrong line.  Say it plainly
 * instead.  Returns 0, or -1 with err set (a missing file is left for
 * ini_parse to report).
 */
#define CONFIG_LINE_MAX 200

int
config_check_lines(const char *file, char *err, size_t errlen)
{
	FILE  *f;
	int    c, line = 1;
	size_t len = 0;

	if ((f = fopen(file, "r")) == NULL)
		return 0;
	while ((c = getc(f)) != EOF) {
		if (c == '\n') {
			line++;
			len = 0;
			continue;
		}
		if (++len > CONFIG_LINE_MAX - 2) {
			snprintf(err, errlen,
			    "%s:%d: line longer than %d bytes "
			    "(æ, ø and å count 2); shorten the text",
			    file, line, CONFIG_LINE_MAX - 2);
			fclose(f);
			return -1;
		}
	}
	fclose(f);
	return 0;
}

int
config_read_secret(const char *path, const char *env, struct buf *out,
    char *err, size_t errlen)
{
	struct stat st;
	char	    chunk[512];
	const char *ev;
	ssize_t	    n;
	int	    fd;

	buf_reset(out);
	if (env != NULL && (ev = getenv(env)) != NULL && ev[0] != '\0') {
		buf_puts(out, ev);
		return 0;
	}
	if (path == NULL) {
		snprintf(err, errlen, "no secret file configured");
		return -1;
	}
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "%s: not a regular file", path);
		goto fail;
	}
	if (st.st_mode & (S_IRWXG | S_IRWXO)) {
		snprintf(err, errlen,
		    "%s: readable by group or others; "
		    "run: chmod 600 %s",
		    path, path);
		goto fail;
	}
	while ((n = read(fd, chunk, sizeof(chunk))) > 0) {
		buf_append(out, chunk, (size_t)n);
		if (out->len > 64 * 1024) {
			snprintf(
			    err, errlen, "%s: too large for a secret", path);
			goto fail;
		}
	}
	explicit_bzero(chunk, sizeof(chunk));
	if (n == -1) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		goto fail;
	}
	close(fd);
	while (out->len > 0 &&
	    (out->data[out->len - 1] == '\n' ||
		out->data[out->len - 1] == '\r'))
		out->data[--out->len] = '\0';
	if (out->len == 0) {
		snprintf(err, errlen, "%s: empty", path);
		return -1;
	}
	return 0;
fail:
	explicit_bzero(chunk, sizeof(chunk));
	close(fd);
	buf_free(out);
	return -1;
}

int
config_read_cpr_key(
    const struct config *cfg, struct buf *out, char *err, size_t errlen)
{
	if (config_read_secret(cfg->cpr_key_file, NULL, out, err, errlen) == -1)
		return -1;
	if (out->len < CONFIG_CPR_KEY_MIN) {
		snprintf(err, errlen,
		    "%s: shorter than %d bytes (mentorctl init "
		    "makes a key of 64 hex digits)",
		    cfg->cpr_key_file, CONFIG_CPR_KEY_MIN);
		buf_free(out);
		return -1;
	}
	return 0;
}

int
config_check_folder(const char *file, char *err, size_t errlen)
{
	char	   *dir, *slash;
	struct stat st;
	int	    ret = 0;

	if ((dir = strdup(file)) == NULL)
		fatal("strdup");
	if ((slash = strrchr(dir, '/')) == NULL)
		snprintf(dir, strlen(dir) + 1, ".");
	else if (slash == dir)
		slash[1] = '\0';
	else
		*slash = '\0';
	errno = 0;
	if (stat(dir, &st) == -1 || !S_ISDIR(st.st_mode) ||
	    access(dir, W_OK | X_OK) == -1) {
		snprintf(err, errlen,
		    "%s: cannot make files in the folder %s: "
		    "%s",
		    file, dir, errno != 0 ? strerror(errno) : "not a folder");
		ret = -1;
	}
	free(dir);
	return ret;
}
