/*
 * cmd_sms.c - `mentorctl sms send`: a one-off message from staff, to a
 * number or to a citizen by CPR, or many at once from a JSON-lines file
 * ({"to": "...", "body": "..."} per line, e.g. "the office is closed
 * tomorrow").  Everything is checked first; then all messages are
 * queued in one transaction, or none.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json.h>

#include "buf.h"
#include "cmd.h"
#include "cmd_outbox.h"
#include "smstext.h"
#include "store.h"
#include "store_outbox.h"
#include "validate.h"

#define SMS_TEXT_MAX 1600   /* bytes; Twilio's Body limit in chars */
#define SMS_FILE_MAX 100000 /* lines */
#define SMS_LINE_MAX 8192
#define SMS_VALID    (24 * 3600) /* send_by: a day */

const char usage_sms[] = "sms send --to NUMBER TEXT\n"
			 "sms send --citizen CPR|- TEXT\n"
			 "sms send --from-file FILE.jsonl";

enum send_opt { SO_TO, SO_CITIZEN, SO_FILE, SO__MAX };

static const struct option send_options[] = {
	[SO_TO] = { "to", required_argument, NULL, SO_TO },
	[SO_CITIZEN] = { "citizen", required_argument, NULL, SO_CITIZEN },
	[SO_FILE] = { "from-file", required_argument, NULL, SO_FILE },
	{ NULL, 0, NULL, 0 }
};

/* One checked message. */
struct sms_item {
	char	to[PHONE_MAX];
	char   *body;
	int64_t citizen_id;
	size_t	segments;
};

struct sms_batch {
	struct sms_item *items;
	size_t		 n, cap;
};

static void
batch_free(struct sms_batch *b)
{
	size_t i;

	for (i = 0; i < b->n; i++)
		free(b->items[i].body);
	free(b->items);
	memset(b, 0, sizeof(*b));
}

/*
 * Check a text; NULL when fine, else the reason.  Sets *segments.
 */
static const char *
text_check(const char *body, size_t *segments)
{
	struct smstext_info info;
	const char	   *why;

	if ((why = valid_text(body, SMS_TEXT_MAX)) != NULL)
		return why;
	if (smstext_analyze(body, strlen(body), &info) != SMSTEXT_OK)
		return "not valid UTF-8 text";
	*segments = info.segments;
	return NULL;
}

/* Add a checked message to b (copies body). */
static void
batch_add(struct sms_batch *b, const char *to, const char *body,
    int64_t citizen_id, size_t segments)
{
	struct sms_item *it;

	if (b->n == b->cap) {
		b->cap = b->cap ? b->cap * 2 : 16;
		if ((b->items = reallocarray(
			 b->items, b->cap, sizeof(*b->items))) == NULL)
			abort();
	}
	it = &b->items[b->n++];
	snprintf(it->to, sizeof(it->to), "%s", to);
	if ((it->body = strdup(body)) == NULL)
		abort();
	it->citizen_id = citizen_id;
	it->segments = segments;
}

/* The citizen with this mobile, 0 if none. */
static int64_t
citizen_of(struct ctx *ctx, const char *mobile)
{
	struct citizen_rec c;
	int64_t		   id = 0;

	if (store_citizen_by_mobile(ctx->store, mobile, &c) == STORE_OK) {
		id = c.id;
		citizen_rec_free(&c);
	}
	return id;
}

/* --to NUMBER TEXT into b; 0 or -1 after an error line. */
static int
from_number(
    struct ctx *ctx, const char *number, const char *text, struct sms_batch *b)
{
	char	    to[PHONE_MAX];
	const char *why;
	size_t	    seg;

	if ((why = valid_phone(number, to)) != NULL)
		return errorx("--to: %s", why), -1;
	if ((why = text_check(text, &seg)) != NULL)
		return errorx("TEXT: %s", why), -1;
	batch_add(b, to, text, citizen_of(ctx, to), seg);
	return 0;
}

/* --citizen CPR|- TEXT into b; 0 or -1 after an error line. */
static int
from_citizen(
    struct ctx *ctx, const char *cpr, const char *text, struct sms_batch *b)
{
	struct citizen_rec c;
	char		   hash[65];
	const char	  *why;
	size_t		   seg;
	enum store_err	   e;

	if ((why = text_check(text, &seg)) != NULL)
		return errorx("TEXT: %s", why), -1;
	if (cpr_option(ctx, "--citizen", cpr, hash) == -1)
		return -1;
	if ((e = store_citizen_by_cpr(ctx->store, hash, &c)) == STORE_NOTFOUND)
		return errorx("--citizen: no citizen with that CPR number"), -1;
	if (e != STORE_OK)
		return store_fail(ctx, "sms send", e), -1;
	if (c.mobile == NULL) {
		citizen_rec_free(&c);
		return errorx("--citizen: no mobile number recorded"), -1;
	}
	batch_add(b, c.mobile, text, c.id, seg);
	citizen_rec_free(&c);
	return 0;
}

/*
 * Check one line {"to","body"} of a file; adds it to b.  Returns NULL or
 * the reason.
 */
static const char *
file_line(struct ctx *ctx, const char *line, struct sms_batch *b)
{
	struct json_object *o, *to, *body;
	char		    e164[PHONE_MAX];
	const char	   *why = NULL;
	size_t		    seg;

	if ((o = json_tokener_parse(line)) == NULL ||
	    !json_object_is_type(o, json_type_object))
		why = "not a JSON object";
	else if (!json_object_object_get_ex(o, "to", &to) ||
	    !json_object_is_type(to, json_type_string))
		why = "\"to\" missing";
	else if (!json_object_object_get_ex(o, "body", &body) ||
	    !json_object_is_type(body, json_type_string))
		why = "\"body\" missing";
	else if (json_object_object_length(o) != 2)
		why = "only \"to\" and \"body\" are allowed";
	else if ((why = valid_phone(json_object_get_string(to), e164)) ==
		NULL &&
	    (why = text_check(json_object_get_string(body), &seg)) == NULL)
		batch_add(b, e164, json_object_get_string(body),
		    citizen_of(ctx, e164), seg);
	json_object_put(o);
	return why;
}

/* Read and check every line of path into b; 0, or -1 after errors. */
static int
from_file(struct ctx *ctx, const char *path, struct sms_batch *b)
{
	FILE	   *f;
	char	   *line = NULL;
	size_t	    cap = 0, lineno = 0, bad = 0;
	ssize_t	    n;
	const char *why;

	if ((f = fopen(path, "r")) == NULL)
		return errorx("%s: %s", path, strerror(errno)), -1;
	while ((n = getline(&line, &cap, f)) != -1) {
		lineno++;
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		if (n == 0)
			continue;
		if (n > SMS_LINE_MAX)
			why = "line too long";
		else if (lineno > SMS_FILE_MAX)
			why = "too many lines";
		else
			why = file_line(ctx, line, b);
		if (why != NULL && bad++ < 20)
			errorx("%s:%zu: %s", path, lineno, why);
	}
	free(line);
	fclose(f);
	if (bad > 0)
		return errorx("%zu line(s) wrong; nothing queued", bad), -1;
	if (b->n == 0)
		return errorx("%s: no messages", path), -1;
	return 0;
}

/* Queue everything in b in one transaction, with an audit row each. */
static int
batch_queue(struct ctx *ctx, struct sms_batch *b)
{
	struct outbox_msg m;
	enum store_err	  e;
	size_t		  i;

	if ((e = store_begin(ctx->store)) != STORE_OK)
		return store_fail(ctx, "sms send", e), -1;
	for (i = 0; i < b->n; i++) {
		memset(&m, 0, sizeof(m));
		m.recipient = b->items[i].to;
		m.body = b->items[i].body;
		m.purpose = "staff";
		m.send_by = ctx->now + SMS_VALID;
		m.citizen_id = b->items[i].citizen_id;
		if ((e = store_outbox_queue(ctx->store, &m, ctx->now, NULL)) !=
			STORE_OK ||
		    (e = store_audit(ctx->store, ctx->now, "staff", ctx->actor,
			 "send_sms", m.citizen_id, "mentorctl", NULL)) !=
			STORE_OK) {
			store_rollback(ctx->store);
			return store_fail(ctx, "sms send", e), -1;
		}
	}
	if ((e = store_commit(ctx->store)) != STORE_OK)
		return store_fail(ctx, "sms send", e), -1;
	return 0;
}

static int
sms_send(struct ctx *ctx, int argc, char **argv)
{
	struct sms_batch b = { 0 };
	struct opts	 o;
	size_t		 i, segments = 0;
	int		 given, rc;

	if (opts_parse(&o, send_options, -1, argc, argv, usage_sms) == -1)
		return CMD_USAGE;
	given = (o.val[SO_TO] != NULL) + (o.val[SO_CITIZEN] != NULL) +
	    (o.val[SO_FILE] != NULL);
	if (given != 1 || o.argc != (o.val[SO_FILE] != NULL ? 0 : 1)) {
		usage_print(usage_sms);
		return CMD_USAGE;
	}
	if (o.val[SO_TO] != NULL)
		rc = from_number(ctx, o.val[SO_TO], o.argv[0], &b);
	else if (o.val[SO_CITIZEN] != NULL)
		rc = from_citizen(ctx, o.val[SO_CITIZEN], o.argv[0], &b);
	else
		rc = from_file(ctx, o.val[SO_FILE], &b);
	if (rc == 0)
		rc = batch_queue(ctx, &b);
	for (i = 0; rc == 0 && i < b.n; i++)
		segments += b.items[i].segments;
	if (rc == 0 && ctx->json) {
		struct json_object *j = json_object_new_object();

		json_object_object_add(
		    j, "queued", json_object_new_int64((int64_t)b.n));
		json_object_object_add(
		    j, "segments", json_object_new_int64((int64_t)segments));
		json_print(j);
	} else if (rc == 0)
		printf(
		    "queued %zu message(s), %zu SMS part(s)\n", b.n, segments);
	batch_free(&b);
	return rc == 0 ? CMD_OK : CMD_FAIL;
}

static const struct subcommand sms_subcommands[] = {
	{ "send", sms_send,
	    "sms send --to NUMBER|--citizen CPR|- TEXT | "
	    "--from-file FILE.jsonl" },
};

/* See cmd_outbox.h. */
int
cmd_sms(struct ctx *ctx, int argc, char **argv)
{
	return subcommand_run(ctx, "sms", sms_subcommands,
	    sizeof(sms_subcommands) / sizeof(sms_subcommands[0]), argc, argv);
}
