/*
 * check_files.c - the file modes part of `mentorctl check`: the database
 * and its -wal/-shm files (they hold every citizen's data), the SMS
 * file provider's output (message texts, login codes) and the secret
 * files must be readable by their owner only: those of the program's
 * own keys here, those of the SMS providers' keys as their tables mark
 * them (config_private_path()).  (The CPR key is checked
 * with its contents, in cmd_init.c.)
 */
#include <sys/stat.h>

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <json.h>

#include "cmd.h"
#include "config.h"

/* A file to check: the path in struct config, and a suffix. */
struct private_file {
	size_t	    path;   /* offsetof(struct config, ...) */
	const char *suffix; /* "" or "-wal" / "-shm" */
};

static const struct private_file private_files[] = {
	{ offsetof(struct config, db_path), "" },
	{ offsetof(struct config, db_path), "-wal" },
	{ offsetof(struct config, db_path), "-shm" },
	{ offsetof(struct config, db_path), "-journal" },
	{ offsetof(struct config, kiosk_tls_key_file), "" },
};

/*
 * The problem with file path, into out: NULL when it is missing (other
 * checks say whether it must exist) or only its owner can use it.
 */
static const char *
file_mode_problem(const char *path, char *out, size_t len)
{
	struct stat sb;

	if (stat(path, &sb) == -1) {
		if (errno == ENOENT)
			return NULL;
		snprintf(out, len, "%s: %s", path, strerror(errno));
		return out;
	}
	if ((sb.st_mode & (S_IRWXG | S_IRWXO)) == 0)
		return NULL;
	snprintf(out, len,
	    "%s: readable by group or others (mode %04o); "
	    "run: chmod 600 %s",
	    path, (unsigned)(sb.st_mode & 07777), path);
	return out;
}

/*
 * Check the file base + suffix (base NULL or "": not configured); a
 * problem is added to arr, or printed when arr is NULL.  Returns 1 for
 * a problem, else 0.
 */
static int
check_one(const char *base, const char *suffix, struct json_object *arr)
{
	const char *problem;
	char	    path[1024], text[2300];

	if (base == NULL || base[0] == '\0')
		return 0;
	snprintf(path, sizeof(path), "%s%s", base, suffix);
	if ((problem = file_mode_problem(path, text, sizeof(text))) == NULL)
		return 0;
	if (arr != NULL)
		json_object_array_add(arr, json_str(problem));
	else
		printf("%-9s problem: %s\n", "files", problem);
	return 1;
}

int
check_file_modes(struct ctx *ctx, struct json_object *j)
{
	struct json_object *arr = NULL;
	const char	   *path;
	size_t i, n = sizeof(private_files) / sizeof(private_files[0]);
	int    bad = 0;

	if (j != NULL)
		arr = json_object_new_array();
	for (i = 0; i < n; i++)
		bad += check_one(*(char *const *)((const char *)ctx->cfg +
				     private_files[i].path),
		    private_files[i].suffix, arr);
	for (i = 0; (path = config_private_path(ctx->cfg, i)) != NULL; i++)
		bad += check_one(path, "", arr);
	if (arr != NULL)
		json_object_object_add(j, "files", arr);
	else if (bad == 0)
		printf("%-9s ok: only their owner can read them\n", "files");
	return bad;
}
