/*
 * cmd_inbound.c - `mentorctl inbox list` and `mentorctl contact
 * list|show|ack|close`: the texts that came in and the contact requests
 * they opened.  Every command that shows or changes a citizen's data
 * writes its audit rows in the transaction that reads it (audited).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json.h>

#include "buf.h"
#include "cmd.h"
#include "cmd_inbound.h"
#include "contact.h"
#include "store.h"
#include "store_contact.h"
#include "store_inbox.h"
#include "validate.h"

#define TEXT_SHOWN 40 /* bytes of a text shown in a listing */

const char usage_inbox[] = "inbox list [--from DATE] [--to DATE] [--limit N]";
const char usage_contact[] = "contact list [--all] [--limit N]\n"
			     "contact show ID\n"
			     "contact ack ID [--staff STAFF_ID]\n"
			     "contact close ID";

/* See cmd_inbound.h. */
int
inbound_period(const struct ctx *ctx, const char *from, const char *to,
    time_t *start, time_t *until)
{
	*start = 0;
	*until = ctx->now + 86400;
	return opts_period(from, to, start, until);
}

/* The first TEXT_SHOWN bytes of s, cut at a character, "..." if cut. */
static void
text_head(const char *s, char *out, size_t len)
{
	size_t n = strlen(s);

	if (n <= TEXT_SHOWN) {
		snprintf(out, len, "%s", s);
		return;
	}
	n = TEXT_SHOWN;
	while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
		n--;
	snprintf(out, len, "%.*s...", (int)n, s);
}

/* --- inbox list ---------------------------------------------------------- */

enum inbox_opt { IN_FROM, IN_TO, IN_LIMIT, IN__MAX };

static const struct option inbox_options[] = {
	[IN_FROM] = { "from", required_argument, NULL, IN_FROM },
	[IN_TO] = { "to", required_argument, NULL, IN_TO },
	[IN_LIMIT] = { "limit", required_argument, NULL, IN_LIMIT },
	{ NULL, 0, NULL, 0 }
};

struct inbox_state {
	struct ctx *ctx;
	time_t	    from, until;
	size_t	    limit;
	size_t	    rows;
	int	    failed;
};

/* One inbox row as JSON. */
static struct json_object *
inbox_json(struct ctx *ctx, const struct inbox_rec *r)
{
	struct json_object *j = json_object_new_object();
	char		    at[40];

	local_time_iso(r->received_at, at, sizeof(at));
	json_object_object_add(j, "id", json_object_new_int64(r->id));
	json_object_object_add(j, "received", json_str(at));
	json_object_object_add(j, "provider", json_str(r->provider));
	json_object_object_add(j, "from", json_str(r->sender));
	json_object_object_add(
	    j, "outcome", json_str(r->outcome[0] ? r->outcome : "pending"));
	json_add_people(ctx, j, r->citizen_id, r->staff_id);
	json_object_object_add(j, "request",
	    r->contact_id ? json_object_new_int64(r->contact_id) : NULL);
	json_object_object_add(
	    j, "text", r->body_purged_at ? NULL : json_str(r->body));
	return j;
}

/* store_inbox_list() callback: audit the read, print one row. */
static int
inbox_one(const struct inbox_rec *r, void *arg)
{
	struct inbox_state *st = arg;
	char		    at[32], head[TEXT_SHOWN + 8], req[24];

	if (r->citizen_id != 0 &&
	    audit_read(st->ctx, "view_inbox", r->citizen_id, NULL) == -1) {
		st->failed = 1;
		return 1;
	}
	st->rows++;
	if (st->ctx->json) {
		json_print(inbox_json(st->ctx, r));
		return 0;
	}
	local_time(r->received_at, at, sizeof(at));
	text_head(r->body_purged_at ? "(purged)" : r->body, head, sizeof(head));
	snprintf(req, sizeof(req), "%" PRId64, r->contact_id);
	printf("%-6" PRId64 " %s  %-14s %-15s %-6s %s\n", r->id, at, r->sender,
	    r->outcome[0] ? r->outcome : "pending", r->contact_id ? req : "-",
	    head);
	return 0;
}

/* audited() body of `inbox list`. */
static int
inbox_run(struct ctx *ctx, void *arg)
{
	struct inbox_state *st = arg;
	enum store_err	    e;

	if (!ctx->json)
		printf("%-6s %-16s  %-14s %-15s %-6s %s\n", "ID", "RECEIVED",
		    "FROM", "OUTCOME", "REQ", "TEXT");
	e = store_inbox_list(
	    ctx->store, st->from, st->until, st->limit, inbox_one, st);
	if (st->failed)
		return CMD_FAIL;
	if (e != STORE_OK)
		return store_fail(ctx, "inbox list", e);
	if (!ctx->json)
		printf("%zu text(s)\n", st->rows);
	return CMD_OK;
}

/* inbox list: the newest texts first. */
static int
inbox_list(struct ctx *ctx, int argc, char **argv)
{
	struct inbox_state st = { ctx, 0, 0, 0, 0, 0 };
	struct opts	   o;

	if (opts_parse_pos(&o, inbox_options, -1, argc, argv, usage_inbox, 0) ==
	    -1)
		return CMD_USAGE;
	if (inbound_period(
		ctx, o.val[IN_FROM], o.val[IN_TO], &st.from, &st.until) == -1 ||
	    opts_limit(o.val[IN_LIMIT], &st.limit) == -1)
		return CMD_FAIL;
	return audited(ctx, "inbox list", inbox_run, &st);
}

static const struct subcommand inbox_subcommands[] = {
	{ "list", inbox_list,
	    "inbox list [--from DATE] [--to DATE] "
	    "[--limit N]" },
};

/* See cmd_inbound.h. */
int
cmd_inbox(struct ctx *ctx, int argc, char **argv)
{
	return subcommand_run(ctx, "inbox", inbox_subcommands,
	    sizeof(inbox_subcommands) / sizeof(inbox_subcommands[0]), argc,
	    argv);
}

/* --- contact ------------------------------------------------------------- */

/* The state word of a request. */
static const char *
contact_state(const struct contact_rec *r)
{
	if (r->closed_at)
		return "closed";
	if (r->acknowledged_at)
		return "acknowledged";
	if (r->escalated_at)
		return "escalated";
	return "open";
}

/* One request as JSON. */
static struct json_object *
contact_json(struct ctx *ctx, const struct contact_rec *r)
{
	struct json_object *j = json_object_new_object();
	char		   *s;

	json_object_object_add(j, "id", json_object_new_int64(r->id));
	json_object_object_add(j, "state", json_str(contact_state(r)));
	s = citizen_external(ctx, r->citizen_id);
	json_object_object_add(j, "citizen", json_str(s));
	free(s);
	json_object_object_add(j, "channel", json_str(r->channel));
	s = staff_external(ctx, r->routed_to);
	json_object_object_add(j, "routed_to", json_str(s));
	free(s);
	json_object_object_add(j, "routed_as", json_str(r->routed_as));
	json_add_time(j, "opened", r->opened_at);
	json_add_time(j, "notified", r->notified_at);
	json_add_time(j, "acknowledged", r->acknowledged_at);
	s = staff_external(ctx, r->acknowledged_by);
	json_object_object_add(j, "acknowledged_by", json_str(s));
	free(s);
	json_add_time(j, "escalated", r->escalated_at);
	json_object_object_add(j, "escalated_to", json_str(r->escalated_to));
	json_object_object_add(
	    j, "escalation_step", json_object_new_int(r->escalation_step));
	json_add_time(j, "closed", r->closed_at);
	json_object_object_add(j, "closed_by", json_str(r->closed_by));
	return j;
}

struct contact_state {
	struct ctx *ctx;
	int	    open_only;
	size_t	    limit;
	int	    failed;
};

/* store_contact_list() callback: audit, then one line or JSON object. */
static int
contact_one(const struct contact_rec *r, void *arg)
{
	struct contact_state *cs = arg;
	struct ctx	     *ctx = cs->ctx;
	char		      at[32], *who, *cit;

	if (audit_read(ctx, "list_contacts", r->citizen_id, NULL) == -1)
		return cs->failed = 1;
	if (ctx->json) {
		json_print(contact_json(ctx, r));
		return 0;
	}
	local_time(r->opened_at, at, sizeof(at));
	cit = citizen_external(ctx, r->citizen_id);
	who = staff_label(ctx, r->routed_to);
	printf("%-6" PRId64 " %s  %-12s %-5s %-6s %-12s %s\n", r->id, at,
	    or_dash(cit), r->channel, or_dash(r->routed_as), contact_state(r),
	    who ? who : (r->routed_as[0] == 't' ? "team number" : "-"));
	free(cit);
	free(who);
	return 0;
}

enum clist_opt { CL_ALL, CL_LIMIT, CL__MAX };

static const struct option clist_options[] = { [CL_ALL] = { "all", no_argument,
						   NULL, CL_ALL },
	[CL_LIMIT] = { "limit", required_argument, NULL, CL_LIMIT },
	{ NULL, 0, NULL, 0 } };

/* audited() body of `contact list`. */
static int
contact_list_run(struct ctx *ctx, void *arg)
{
	struct contact_state *cs = arg;
	enum store_err	      e;

	if (!ctx->json)
		printf("%-6s %-16s  %-12s %-5s %-6s %-12s %s\n", "ID", "OPENED",
		    "CITIZEN", "VIA", "TO", "STATE", "WHO");
	e = store_contact_list(ctx->store, cs->open_only, 0, ctx->now + 86400,
	    cs->limit, contact_one, cs);
	if (cs->failed)
		return CMD_FAIL;
	if (e != STORE_OK)
		return store_fail(ctx, "contact list", e);
	return CMD_OK;
}

/* contact list: open requests (or all with --all), newest first. */
static int
contact_list(struct ctx *ctx, int argc, char **argv)
{
	struct contact_state cs = { ctx, 0, 0, 0 };
	struct opts	     o;

	if (opts_parse_pos(&o, clist_options, -1, argc, argv,
		"contact list [--all] [--limit N]", 0) == -1)
		return CMD_USAGE;
	if (opts_limit(o.val[CL_LIMIT], &cs.limit) == -1)
		return CMD_FAIL;
	cs.open_only = o.val[CL_ALL] == NULL;
	return audited(ctx, "contact list", contact_list_run, &cs);
}

/* The request named by the one positional argument; 0 or -1. */
static int
contact_arg(struct ctx *ctx, const struct opts *o, struct contact_rec *r)
{
	long long      id;
	enum store_err e;

	if (valid_number(o->argv[0], 1, INT64_MAX, &id) != NULL)
		return errorx("ID: a request number"), -1;
	if ((e = store_contact_get(ctx->store, id, r)) != STORE_OK) {
		store_fail(ctx, "contact", e);
		return -1;
	}
	return 0;
}

static const struct option no_options[] = { { NULL, 0, NULL, 0 } };

/* audited() body of `contact show`: arg is the struct opts. */
static int
contact_show_run(struct ctx *ctx, void *arg)
{
	struct contact_rec  r;
	struct json_object *j, *v;

	if (contact_arg(ctx, arg, &r) == -1)
		return CMD_FAIL;
	if (audit_read(ctx, "view_contact", r.citizen_id, NULL) == -1) {
		contact_rec_free(&r);
		return CMD_FAIL;
	}
	j = contact_json(ctx, &r);
	contact_rec_free(&r);
	if (ctx->json) {
		json_print(j);
		return CMD_OK;
	}
	json_object_object_foreach(j, key, val)
	{
		v = val;
		printf("%-16s %s\n", key,
		    v == NULL ? "-" : json_object_get_string(v));
	}
	json_object_put(j);
	return CMD_OK;
}

/* contact show ID: every field of one request (audited). */
static int
contact_show(struct ctx *ctx, int argc, char **argv)
{
	struct opts o;

	if (opts_parse_pos(
		&o, no_options, -1, argc, argv, "contact show ID", 1) == -1)
		return CMD_USAGE;
	return audited(ctx, "contact show", contact_show_run, &o);
}

enum ack_opt { ACK_STAFF, ACK__MAX };

static const struct option ack_options[] = {
	[ACK_STAFF] = { "staff", required_argument, NULL, ACK_STAFF },
	{ NULL, 0, NULL, 0 }
};

/* The staff id acknowledging r: --staff, else the one it went to. */
static int
ack_staff(struct ctx *ctx, const struct opts *o, const struct contact_rec *r,
    int64_t *id)
{
	struct staff_rec st;
	enum store_err	 e;

	*id = r->routed_to;
	if (o->val[ACK_STAFF] == NULL) {
		if (*id == 0)
			return errorx("request %" PRId64 " went to the team "
				      "number: give --staff STAFF_ID",
				   r->id),
			       -1;
		return 0;
	}
	if ((e = store_staff_by_external(ctx->store, o->val[ACK_STAFF], &st)) !=
	    STORE_OK)
		return store_fail(ctx, "--staff", e), -1;
	*id = st.id;
	staff_rec_free(&st);
	return 0;
}

/* audited() body of `contact ack`: arg is the struct opts. */
static int
contact_ack_run(struct ctx *ctx, void *arg)
{
	struct contact_rec r;
	int64_t		   staff, acked;
	int		   rv;

	if (contact_arg(ctx, arg, &r) == -1)
		return CMD_FAIL;
	rv = ack_staff(ctx, arg, &r, &staff);
	if (rv == 0)
		rv = contact_ack(
		    ctx->store, ctx->cfg, staff, r.id, ctx->now, &acked);
	if (rv == 1)
		errorx("request %" PRId64 " is not open, is acknowledged "
		       "already, or is not that staff member's",
		    r.id);
	else if (rv == 0)
		rv = audit_read(ctx, "contact_ack", r.citizen_id, NULL);
	contact_rec_free(&r);
	if (rv != 0)
		return CMD_FAIL;
	printf("request %" PRId64 " acknowledged; the citizen will be told\n",
	    acked);
	return CMD_OK;
}

/* contact ack ID: acknowledge for a staff member; the citizen is told. */
static int
contact_ack_cmd(struct ctx *ctx, int argc, char **argv)
{
	struct opts o;

	if (opts_parse_pos(&o, ack_options, -1, argc, argv,
		"contact ack ID [--staff STAFF_ID]", 1) == -1)
		return CMD_USAGE;
	return audited(ctx, "contact ack", contact_ack_run, &o);
}

/* audited() body of `contact close`: arg is the struct opts. */
static int
contact_close_run(struct ctx *ctx, void *arg)
{
	struct opts	  *o = arg;
	struct contact_rec r;
	enum store_err	   e;
	int		   rv;

	if (contact_arg(ctx, o, &r) == -1)
		return CMD_FAIL;
	e = store_contact_close(ctx->store, r.id, ctx->actor, ctx->now);
	rv = e == STORE_OK
	    ? audit_read(ctx, "contact_close", r.citizen_id, NULL)
	    : -1;
	contact_rec_free(&r);
	if (e == STORE_NOTFOUND)
		errorx("request %s is closed already", o->argv[0]);
	else if (e != STORE_OK)
		store_fail(ctx, "contact close", e);
	if (rv == -1)
		return CMD_FAIL;
	printf("request %s closed\n", o->argv[0]);
	return CMD_OK;
}

/* contact close ID: the request is done. */
static int
contact_close_cmd(struct ctx *ctx, int argc, char **argv)
{
	struct opts o;

	if (opts_parse_pos(
		&o, no_options, -1, argc, argv, "contact close ID", 1) == -1)
		return CMD_USAGE;
	return audited(ctx, "contact close", contact_close_run, &o);
}

static const struct subcommand contact_subcommands[] = {
	{ "list", contact_list, "contact list [--all] [--limit N]" },
	{ "show", contact_show, "contact show ID" },
	{ "ack", contact_ack_cmd, "contact ack ID [--staff STAFF_ID]" },
	{ "close", contact_close_cmd, "contact close ID" },
};

/* See cmd_inbound.h. */
int
cmd_contact(struct ctx *ctx, int argc, char **argv)
{
	return subcommand_run(ctx, "contact", contact_subcommands,
	    sizeof(contact_subcommands) / sizeof(contact_subcommands[0]), argc,
	    argv);
}
