/*
 * cmd_audit.c - `mentorctl audit export`: the audit trail as JSON lines
 * (default) or CSV, for the municipality's journal or for a citizen who
 * asks who has looked at their data.  The export is itself audited.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json.h>

#include "buf.h"
#include "citizen_export.h"
#include "clock.h"
#include "cmd.h"
#include "store.h"

const char usage_audit[] =
    "audit export [--citizen CPR|- | --citizen-id ID] [--from DATE] "
    "[--to DATE] [--csv]";

enum export_opt {
	EXP_CITIZEN,
	EXP_CITIZEN_ID,
	EXP_FROM,
	EXP_TO,
	EXP_CSV,
	EXP__MAX
};

static const struct option export_options[] = {
	[EXP_CITIZEN] = { "citizen", required_argument, NULL, EXP_CITIZEN },
	[EXP_CITIZEN_ID] = { "citizen-id", required_argument, NULL,
	    EXP_CITIZEN_ID },
	[EXP_FROM] = { "from", required_argument, NULL, EXP_FROM },
	[EXP_TO] = { "to", required_argument, NULL, EXP_TO },
	[EXP_CSV] = { "csv", no_argument, NULL, EXP_CSV },
	{ NULL, 0, NULL, 0 }
};

struct export_state {
	struct ctx *ctx;
	const char *citizen_ext;      /* --citizen-id, or NULL */
	char	    citizen_hash[65]; /* of --citizen, or "" */
	time_t	    from, until;      /* [from, until) */
	int	    csv;
	int64_t	    cached_id; /* citizen id -> external id */
	char	   *cached_ext;
	size_t	    rows;
};

/* The external id of citizen id (cached while rows repeat it). */
static const char *
export_citizen(struct export_state *es, int64_t id)
{
	if (id == 0)
		return NULL;
	if (id != es->cached_id) {
		free(es->cached_ext);
		es->cached_ext = citizen_external(es->ctx, id);
		es->cached_id = id;
	}
	return es->cached_ext;
}

/* store_audit_list callback: one line per row in the period. */
static int
export_one(const struct audit_rec *r, void *arg)
{
	struct export_state *es = arg;
	struct json_object  *j;
	struct buf	     b = { 0 };
	char		     at[CLOCK_ISO_UTC_LEN], id[24];

	if (r->at < es->from || (es->until != 0 && r->at >= es->until))
		return 0;
	clock_format_iso_utc(r->at, at);
	snprintf(id, sizeof(id), "%lld", (long long)r->id);
	if (es->csv) {
		csv_field(&b, id, 0);
		csv_field(&b, at, 0);
		csv_field(&b, r->actor_kind, 0);
		csv_field(&b, r->actor, 0);
		csv_field(&b, r->action, 0);
		csv_field(&b, export_citizen(es, r->citizen_id), 0);
		csv_field(&b, r->reason, 0);
		csv_field(&b, r->detail, 1);
		fputs(buf_str(&b), stdout);
		buf_free(&b);
	} else {
		j = audit_row_json(r, export_citizen(es, r->citizen_id));
		json_print(j);
	}
	es->rows++;
	return 0;
}

/* The citizen asked for (--citizen or --citizen-id), 0: all; 0 or -1. */
static int
export_who(struct export_state *es, int64_t *id)
{
	struct citizen_rec r;
	enum store_err	   e;

	*id = 0;
	if (es->citizen_ext != NULL)
		e = store_citizen_by_external(
		    es->ctx->store, es->citizen_ext, &r);
	else if (es->citizen_hash[0] != '\0')
		e = store_citizen_by_cpr(es->ctx->store, es->citizen_hash, &r);
	else
		return 0;
	if (e != STORE_OK)
		return store_fail(es->ctx, "audit export: citizen", e), -1;
	*id = r.id;
	citizen_rec_free(&r);
	return 0;
}

/* audited() body of `audit export`: the rows, then the export's own. */
static int
export_run(struct ctx *ctx, void *arg)
{
	struct export_state *es = arg;
	char		     detail[64];
	int64_t		     citizen;
	enum store_err	     e;

	if (export_who(es, &citizen) == -1)
		return CMD_FAIL;
	if (es->csv)
		fputs("id,at,actor_kind,actor,action,citizen,reason,detail\r\n",
		    stdout);
	e = store_audit_list(ctx->store, citizen, export_one, es);
	free(es->cached_ext);
	if (e != STORE_OK)
		return store_fail(ctx, "audit export", e);
	snprintf(detail, sizeof(detail), "rows=%zu", es->rows);
	return audit_read(ctx, "export_audit", citizen, detail) == 0 ? CMD_OK
								     : CMD_FAIL;
}

/* `audit export`: JSON lines or CSV, and an audit row for the export. */
static int
audit_export(struct ctx *ctx, int argc, char **argv)
{
	struct export_state es;
	struct opts	    o;

	if (opts_parse_pos(
		&o, export_options, -1, argc, argv, usage_audit, 0) == -1)
		return CMD_USAGE;
	memset(&es, 0, sizeof(es));
	es.ctx = ctx;
	es.csv = o.val[EXP_CSV] != NULL;
	es.citizen_ext = o.val[EXP_CITIZEN_ID];
	if (o.val[EXP_CITIZEN] != NULL && o.val[EXP_CITIZEN_ID] != NULL) {
		errorx("give --citizen or --citizen-id, not both");
		return CMD_USAGE;
	}
	if (opts_period(o.val[EXP_FROM], o.val[EXP_TO], &es.from, &es.until) ==
	    -1)
		return CMD_FAIL;
	if (o.val[EXP_CITIZEN] != NULL &&
	    cpr_option(ctx, "--citizen", o.val[EXP_CITIZEN], es.citizen_hash) ==
		-1)
		return CMD_FAIL;
	return audited(ctx, "audit export", export_run, &es);
}

static const struct subcommand audit_subcommands[] = {
	{ "export", audit_export, usage_audit },
};

int
cmd_audit(struct ctx *ctx, int argc, char **argv)
{
	return subcommand_run(ctx, "audit", audit_subcommands,
	    sizeof(audit_subcommands) / sizeof(audit_subcommands[0]), argc,
	    argv);
}
