/*
 * cmd_outbox.c - `mentorctl outbox list|show|retry`: the SMS queue as
 * staff see it.  Every row that belongs to a citizen is audited in the
 * transaction that reads it (audited); the message text is shown only by
 * `show`, and a login code's text never.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json.h>

#include "clock.h"
#include "cmd.h"
#include "cmd_outbox.h"
#include "config.h"
#include "store.h"
#include "store_outbox.h"
#include "validate.h"

#define RETRY_VALID (24 * 3600) /* default new send-by for expired */

const char usage_outbox[] =
    "outbox list [--status STATUS] [--to NUMBER] [--limit N]\n"
    "outbox show ID\n"
    "outbox retry ID [--until WHEN]";

#define CODE_PURPOSE "login_code" /* its text is never shown */
#define CODE_HIDDEN  "(hidden: a login code)"

/* 1 when r's text must not be shown: it holds a login code. */
static int
text_hidden(const struct outbox_rec *r)
{
	return strcmp(r->purpose, CODE_PURPOSE) == 0;
}

/*
 * One row as JSON; the text only when with_body, and never a login
 * code's (then "text" is null and "text_hidden" true, as in the journal
 * export).
 */
static struct json_object *
outbox_json(struct ctx *ctx, const struct outbox_rec *r, int with_body)
{
	struct json_object *j = json_object_new_object();

	json_object_object_add(j, "id", json_object_new_int64(r->id));
	json_object_object_add(j, "to", json_str(r->recipient));
	json_object_object_add(j, "purpose", json_str(r->purpose));
	json_object_object_add(
	    j, "status", json_str(outbox_status_name(r->status)));
	json_object_object_add(j, "attempts", json_object_new_int(r->attempts));
	json_object_object_add(j, "segments", json_object_new_int(r->segments));
	json_object_object_add(j, "encoding", json_str(r->encoding));
	json_object_object_add(
	    j, "provider", json_str(r->provider[0] ? r->provider : NULL));
	json_object_object_add(j, "provider_id", json_str(r->provider_id));
	json_object_object_add(j, "last_error", json_str(r->last_error));
	json_add_time(j, "created", r->created_at);
	json_add_time(j, "next_attempt",
	    r->status == OUTBOX_QUEUED ? r->next_attempt_at : 0);
	json_add_time(j, "send_by", r->send_by);
	json_add_time(j, "sent", r->sent_at);
	json_add_time(j, "final", r->final_at);
	json_add_people(ctx, j, r->citizen_id, r->staff_id);
	if (with_body) {
		json_object_object_add(
		    j, "text", text_hidden(r) ? NULL : json_str(r->body));
		json_object_object_add(
		    j, "text_hidden", json_object_new_boolean(text_hidden(r)));
	}
	return j;
}

/* --- outbox list ------------------------------------------------------- */

enum list_opt { OL_STATUS, OL_TO, OL_LIMIT, OL__MAX };

static const struct option list_options[] = {
	[OL_STATUS] = { "status", required_argument, NULL, OL_STATUS },
	[OL_TO] = { "to", required_argument, NULL, OL_TO },
	[OL_LIMIT] = { "limit", required_argument, NULL, OL_LIMIT },
	{ NULL, 0, NULL, 0 }
};

struct list_state {
	struct ctx *ctx;
	int	    status;	   /* -1: any */
	char	    to[PHONE_MAX]; /* "": any */
	size_t	    limit;
	size_t	    rows;
	int	    failed;
};

/* store_outbox_list() callback: audit, then one line or object. */
static int
list_one(const struct outbox_rec *r, void *arg)
{
	struct list_state *st = arg;
	char		   at[32];

	if (r->citizen_id != 0 &&
	    audit_read(st->ctx, "list_outbox", r->citizen_id, NULL) == -1) {
		st->failed = 1;
		return 1;
	}
	st->rows++;
	if (st->ctx->json) {
		json_print(outbox_json(st->ctx, r, 0));
		return 0;
	}
	local_time(r->created_at, at, sizeof(at));
	printf("%-8" PRId64 " %s  %-9s %-3d %-17s %-14s %s\n", r->id, at,
	    outbox_status_name(r->status), r->attempts, r->purpose,
	    r->recipient, or_dash(r->last_error));
	return 0;
}

/* Parse --status and --limit; 0, or -1 after an error line. */
static int
list_args(const struct opts *o, int *status, size_t *limit, char to[PHONE_MAX])
{
	const char *why;

	*status = -1;
	if (o->val[OL_STATUS] != NULL &&
	    (*status = outbox_status_parse(o->val[OL_STATUS])) < 0)
		return errorx("--status: one of queued, sending, sent, "
			      "delivered, failed, expired"),
		       -1;
	if (opts_limit(o->val[OL_LIMIT], limit) == -1)
		return -1;
	to[0] = '\0';
	if (o->val[OL_TO] != NULL &&
	    (why = valid_phone(o->val[OL_TO], to)) != NULL)
		return errorx("--to: %s", why), -1;
	return 0;
}

/* audited() body of `outbox list`. */
static int
list_run(struct ctx *ctx, void *arg)
{
	struct list_state *st = arg;
	enum store_err	   e;

	if (!ctx->json)
		printf("%-8s %-16s  %-9s %-3s %-17s %-14s %s\n", "ID",
		    "CREATED", "STATUS", "TRY", "PURPOSE", "TO", "LAST ERROR");
	e = store_outbox_list(ctx->store, st->status, st->to[0] ? st->to : NULL,
	    st->limit, list_one, st);
	if (st->failed)
		return CMD_FAIL;
	if (e != STORE_OK)
		return store_fail(ctx, "outbox list", e);
	if (!ctx->json)
		printf("%zu message(s)\n", st->rows);
	return CMD_OK;
}

static int
outbox_list(struct ctx *ctx, int argc, char **argv)
{
	struct list_state st;
	struct opts	  o;

	if (opts_parse_pos(&o, list_options, -1, argc, argv,
		"outbox list [--status STATUS] [--to NUMBER] [--limit N]",
		0) == -1)
		return CMD_USAGE;
	memset(&st, 0, sizeof(st));
	st.ctx = ctx;
	if (list_args(&o, &st.status, &st.limit, st.to) == -1)
		return CMD_FAIL;
	return audited(ctx, "outbox list", list_run, &st);
}

/* --- outbox show / retry ------------------------------------------------ */

/* The row named by the one positional argument; 0 or -1. */
static int
outbox_arg(struct ctx *ctx, const struct opts *o, struct outbox_rec *r)
{
	long long      id;
	enum store_err e;

	if (valid_number(o->argv[0], 1, INT64_MAX, &id) != NULL)
		return errorx("ID: a message number"), -1;
	if ((e = store_outbox_get(ctx->store, id, r)) == STORE_NOTFOUND)
		return errorx("no message %lld", id), -1;
	if (e != STORE_OK)
		return store_fail(ctx, "outbox", e), -1;
	return 0;
}

/* Print row r for a person. */
static void
show_print(struct ctx *ctx, const struct outbox_rec *r)
{
	struct json_object	*j = outbox_json(ctx, r, 1);
	static const char *const keys[] = { "id", "to", "purpose", "status",
		"attempts", "segments", "encoding", "provider", "provider_id",
		"last_error", "created", "next_attempt", "send_by", "sent",
		"final", "citizen", "staff", "text" };
	struct json_object	*v;
	size_t			 i;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		v = json_object_object_get(j, keys[i]);
		printf("%-13s %s\n", keys[i],
		    v != NULL ? json_object_get_string(v)
			: strcmp(keys[i], "text") == 0 && text_hidden(r)
			? CODE_HIDDEN
			: "-");
	}
	json_object_put(j);
}

/* audited() body of `outbox show`: arg is the struct opts. */
static int
show_run(struct ctx *ctx, void *arg)
{
	struct outbox_rec r;

	if (outbox_arg(ctx, arg, &r) == -1)
		return CMD_FAIL;
	if (r.citizen_id != 0 &&
	    audit_read(ctx, "show_outbox", r.citizen_id, NULL) == -1) {
		outbox_rec_free(&r);
		return CMD_FAIL;
	}
	if (ctx->json)
		json_print(outbox_json(ctx, &r, 1));
	else
		show_print(ctx, &r);
	outbox_rec_free(&r);
	return CMD_OK;
}

static int
outbox_show(struct ctx *ctx, int argc, char **argv)
{
	struct opts		   o;
	static const struct option none[] = { { NULL, 0, NULL, 0 } };

	if (opts_parse_pos(&o, none, -1, argc, argv, "outbox show ID", 1) == -1)
		return CMD_USAGE;
	return audited(ctx, "outbox show", show_run, &o);
}

enum retry_opt { OR_UNTIL, OR__MAX };

static const struct option retry_options[] = {
	[OR_UNTIL] = { "until", required_argument, NULL, OR_UNTIL },
	{ NULL, 0, NULL, 0 }
};

/*
 * outbox retry: a failed or expired message back in the queue.  An
 * expired one needs a new send-by (--until, default a day from now).
 */
static int
outbox_retry(struct ctx *ctx, int argc, char **argv)
{
	struct outbox_rec r;
	struct opts	  o;
	time_t		  until = 0;
	const char	 *why;
	enum store_err	  e;

	if (opts_parse_pos(&o, retry_options, -1, argc, argv,
		"outbox retry ID [--until WHEN]", 1) == -1)
		return CMD_USAGE;
	if (o.val[OR_UNTIL] != NULL &&
	    (why = valid_instant(o.val[OR_UNTIL], 0, &until)) != NULL)
		return errorx("--until: %s", why), CMD_FAIL;
	if (outbox_arg(ctx, &o, &r) == -1)
		return CMD_FAIL;
	if (until == 0 && r.status == OUTBOX_EXPIRED)
		until = ctx->now + RETRY_VALID;
	if ((e = store_begin(ctx->store)) == STORE_OK &&
	    (e = store_outbox_retry(ctx->store, r.id, ctx->now, until)) ==
		STORE_OK &&
	    (e = store_audit(ctx->store, ctx->now, "staff", ctx->actor,
		 "retry_sms", r.citizen_id, "mentorctl", NULL)) == STORE_OK)
		e = store_commit(ctx->store);
	if (e != STORE_OK) {
		store_rollback(ctx->store);
		outbox_rec_free(&r);
		if (e == STORE_CONSTRAINT)
			return errorx("outbox retry: %s",
				   store_errmsg(ctx->store)),
			       CMD_FAIL;
		return store_fail(ctx, "outbox retry", e);
	}
	if (!ctx->json)
		printf("message %" PRId64 " queued again\n", r.id);
	outbox_rec_free(&r);
	return CMD_OK;
}

static const struct subcommand outbox_subcommands[] = {
	{ "list", outbox_list,
	    "outbox list [--status STATUS] [--to NUMBER] [--limit N]" },
	{ "show", outbox_show, "outbox show ID" },
	{ "retry", outbox_retry, "outbox retry ID [--until WHEN]" },
};

/* See cmd_outbox.h. */
int
cmd_outbox(struct ctx *ctx, int argc, char **argv)
{
	return subcommand_run(ctx, "outbox", outbox_subcommands,
	    sizeof(outbox_subcommands) / sizeof(outbox_subcommands[0]), argc,
	    argv);
}
