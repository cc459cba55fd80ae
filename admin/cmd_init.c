/*
 * cmd_init.c - `mentorctl init` (create the database, the CPR key and the
 * default complaint guidance; harmless to repeat) and `mentorctl check`
 * (configuration, schema, key file and file modes in order?  With --deep
 * also SQLite's integrity and foreign-key checks: check_deep.c).
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <json.h>

#include "backup.h"
#include "buf.h"
#include "checks.h"
#include "cmd.h"
#include "config.h"
#include "crypto.h"
#include "guidance.h"
#include "store.h"

#define CPR_KEY_BYTES 32

enum init_step { STEP_CREATED, STEP_KEPT, STEP__MAX };

static const char *const step_words[STEP__MAX] = { "created", "kept" };

/*
 * Create the CPR key file with 32 random bytes as hex, mode 0600, unless
 * it exists.  Returns 0 and sets *step, or -1 after one error line.
 */
static int
key_file_ensure(const char *path, enum init_step *step)
{
	unsigned char key[CPR_KEY_BYTES];
	char	      hex[2 * CPR_KEY_BYTES + 2];
	int	      fd, ok;

	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600)) ==
	    -1) {
		if (errno == EEXIST) {
			*step = STEP_KEPT;
			return 0;
		}
		errorx("%s: %s", path, strerror(errno));
		return -1;
	}
	ok = crypto_random_bytes(key, sizeof(key)) == 0;
	crypto_hex(key, sizeof(key), hex);
	hex[2 * CPR_KEY_BYTES] = '\n';
	ok = ok && write(fd, hex, sizeof(hex) - 1) == (ssize_t)sizeof(hex) - 1;
	ok = fsync(fd) == 0 && ok;
	ok = close(fd) == 0 && ok;
	explicit_bzero(key, sizeof(key));
	explicit_bzero(hex, sizeof(hex));
	if (!ok) {
		errorx("%s: could not write the key", path);
		unlink(path);
		return -1;
	}
	*step = STEP_CREATED;
	return 0;
}

/*
 * Check the key file as the kiosk does (config_read_cpr_key: readable
 * by its owner only, at least 32 bytes).  Returns NULL, or the problem
 * in err.
 */
static const char *
key_file_problem(const struct config *cfg, char *err, size_t errlen)
{
	struct buf key = { 0 };

	if (config_read_cpr_key(cfg, &key, err, errlen) == -1)
		return err;
	buf_free(&key);
	return NULL;
}

/*
 * Store each default guidance text that is not there yet.  Returns the
 * number added, or -1 after an error line.
 */
static int
guidance_seed(struct ctx *ctx)
{
	const struct guidance_text *t;
	struct guidance_rec	    r;
	enum store_err		    e;
	size_t			    i;
	int			    added = 0, have;

	for (i = 0; i < guidance_defaults_count; i++) {
		t = &guidance_defaults[i];
		e = store_guidance_get(ctx->store, t->key, t->language, &r);
		if (e != STORE_OK && e != STORE_NOTFOUND) {
			store_fail(ctx, "complaint guidance", e);
			return -1;
		}
		/* get() falls back to Danish: only the same language counts. */
		have = e == STORE_OK && strcmp(r.language, t->language) == 0;
		if (e == STORE_OK)
			guidance_rec_free(&r);
		if (have)
			continue;
		memset(&r, 0, sizeof(r));
		r.key = (char *)t->key;
		snprintf(r.language, sizeof(r.language), "%s", t->language);
		r.title = (char *)t->title;
		r.appeal = (char *)t->appeal;
		r.dissatisfaction = (char *)t->dissatisfaction;
		r.help = (char *)t->help;
		e = store_guidance_set(ctx->store, &r, ctx->now);
		if (e != STORE_OK) {
			store_fail(ctx, "complaint guidance", e);
			return -1;
		}
		added++;
	}
	return added;
}

/* Open (creating) the database; sets *step.  0, or -1 after an error. */
static int
database_ensure(struct ctx *ctx, enum init_step *step)
{
	char err[512];

	*step = access(ctx->cfg->db_path, F_OK) == 0 ? STEP_KEPT : STEP_CREATED;
	if (store_open(ctx->cfg->db_path, STORE_CREATE, &ctx->store, err,
		sizeof(err)) != STORE_OK) {
		errorx("%s", err);
		return -1;
	}
	store_busy_wait(ctx->store, CTL_BUSY_WAIT_MS);
	return 0;
}

/* Print what init did. */
static void
init_report(struct ctx *ctx, enum init_step db, enum init_step key, int added)
{
	struct json_object *j;

	if (ctx->json) {
		j = json_object_new_object();
		json_object_object_add(j, "database", json_str(step_words[db]));
		json_object_object_add(j, "cpr_key", json_str(step_words[key]));
		json_object_object_add(
		    j, "guidance_added", json_object_new_int(added));
		json_object_object_add(j, "schema_version",
		    json_object_new_int(store_schema_version(ctx->store)));
		json_print(j);
		return;
	}
	printf("database:           %s %s (schema version %d)\n",
	    step_words[db], ctx->cfg->db_path,
	    store_schema_version(ctx->store));
	printf("CPR key:            %s %s\n", step_words[key],
	    ctx->cfg->cpr_key_file);
	if (added > 0)
		printf("complaint guidance: added %d default text(s)\n", added);
	else
		printf("complaint guidance: kept (already there)\n");
}

int
cmd_init(struct ctx *ctx, int argc, char **argv)
{
	enum init_step db, key;
	char	       err[512];
	int	       added;

	if (argc != 1) {
		usage_print("init");
		return CMD_USAGE;
	}
	if (database_ensure(ctx, &db) == -1 ||
	    key_file_ensure(ctx->cfg->cpr_key_file, &key) == -1)
		return CMD_FAIL;
	if (key == STEP_KEPT &&
	    key_file_problem(ctx->cfg, err, sizeof(err)) != NULL) {
		errorx("CPR key: %s", err);
		return CMD_FAIL;
	}
	if ((added = guidance_seed(ctx)) == -1)
		return CMD_FAIL;
	if (audit_read(ctx, "init", 0, NULL) == -1)
		return CMD_FAIL;
	init_report(ctx, db, key, added);
	return CMD_OK;
}

/* One line of `check`: "what: OK detail" or "what: PROBLEM". */
static void
check_line(struct json_object *j, const char *what, const char *problem,
    const char *detail)
{
	if (j != NULL) {
		json_object_object_add(
		    j, what, json_str(problem != NULL ? problem : "ok"));
		return;
	}
	if (problem != NULL)
		printf("%-9s problem: %s\n", what, problem);
	else
		printf("%-9s ok: %s\n", what, detail);
}

/* What the word warning found so far. */
struct sms_words {
	struct json_object *list; /* JSON output, else NULL */
	size_t		    warned;
};

/* checks_sms_words() callback: one warning line (or JSON item). */
static void
sms_word_warning(const char *where, const char *word, void *arg)
{
	struct sms_words   *sw = arg;
	struct json_object *w;

	sw->warned++;
	if (sw->list != NULL) {
		w = json_object_new_object();
		json_object_object_add(w, "text", json_str(where));
		json_object_object_add(w, "word", json_str(word));
		json_object_array_add(sw->list, w);
		return;
	}
	printf("%-9s warning: %s holds \"%s\" ([sms] sensitive_words): "
	       "whoever reads the phone would see it\n",
	    "sms_words", where, word);
}

/*
 * The word warning: texts that can reach an SMS holding a sensitive
 * word ("sms_words": a list in JSON, empty when none).  Warnings only:
 * they do not make the check fail.
 */
static void
check_sms_words(struct ctx *ctx, struct json_object *j)
{
	struct sms_words sw = { NULL, 0 };
	char		 detail[96];
	size_t		 n;

	if (j != NULL)
		sw.list = json_object_new_array();
	n = checks_sms_words(ctx->cfg, sms_word_warning, &sw);
	if (j != NULL)
		json_object_object_add(j, "sms_words", sw.list);
	else if (sw.warned == 0) {
		snprintf(detail, sizeof(detail),
		    "%zu SMS texts hold no word of "
		    "[sms] sensitive_words",
		    n);
		check_line(NULL, "sms_words", NULL, detail);
	}
}

int
cmd_check(struct ctx *ctx, int argc, char **argv)
{
	struct json_object *j = NULL;
	char		    err[512], detail[600];
	const char	   *problem;
	int		    bad = 0, deep = 0;

	if (argc == 2 && strcmp(argv[1], "--deep") == 0)
		deep = 1;
	else if (argc != 1) {
		usage_print("check [--deep]");
		return CMD_USAGE;
	}
	if (ctx->json)
		j = json_object_new_object();
	check_line(j, "config", NULL, ctx->config_path);
	/*
	 * Before the database is opened: the -wal and -shm files seen are
	 * the daemons', not ones this check makes.
	 */
	bad |= check_file_modes(ctx, j) > 0;
	problem = NULL;
	if (store_open(ctx->cfg->db_path, 0, &ctx->store, err, sizeof(err)) !=
	    STORE_OK)
		problem = err;
	else
		snprintf(detail, sizeof(detail), "%s (schema version %d)",
		    ctx->cfg->db_path, store_schema_version(ctx->store));
	check_line(j, "database", problem, detail);
	bad |= problem != NULL;
	problem = key_file_problem(ctx->cfg, err, sizeof(err));
	check_line(j, "cpr_key", problem, ctx->cfg->cpr_key_file);
	bad |= problem != NULL;
	if (deep && ctx->store != NULL)
		bad |= check_deep(ctx, j);
	check_sms_words(ctx, j);
	check_sms_parts(ctx, j);
	check_languages(ctx, j);
	if (j != NULL) {
		json_object_object_add(j, "ok", json_object_new_boolean(!bad));
		json_print(j);
	} else
		puts(bad ? "NOT OK" : "OK");
	return bad ? CMD_FAIL : CMD_OK;
}
