/*
 * cmd_journal.c - `mentorctl journal export` and `mentorctl purge`.
 *
 * The journal export writes every text in and out, every contact request
 * and every audit row of a period (JSON lines, or CSV with --csv) and
 * marks the texts and audit rows exported in the same transaction, after
 * the output was written in full: the retention purge
 * (require_export = yes) only blanks what has been exported.  The export
 * is audited: one row for the export, and one "journal_export" row for
 * each citizen whose records it holds.  Audit rows in the export carry
 * who did it (actor_kind, actor).
 */
#include <errno.h>
#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json.h>

#include "buf.h"
#include "clock.h"
#include "cmd.h"
#include "cmd_inbound.h"
#include "purge.h"
#include "store.h"
#include "store_journal.h"

const char usage_journal[] = "journal export --from DATE --to DATE [--csv]";
const char usage_purge[] = "purge [--dry-run]";

enum journal_opt { JO_FROM, JO_TO, JO_CSV, JO__MAX };

static const struct option journal_options[] = {
	[JO_FROM] = { "from", required_argument, NULL, JO_FROM },
	[JO_TO] = { "to", required_argument, NULL, JO_TO },
	[JO_CSV] = { "csv", no_argument, NULL, JO_CSV },
	{ NULL, 0, NULL, 0 }
};

static const char journal_csv_header[] =
    "type,id,at,citizen,staff,number,what,status,text,request,actor_kind,"
    "actor\r\n";

struct journal_out {
	struct buf out; /* everything, written at the end */
	int	   csv;
	size_t	   rows;
	int64_t	  *citizens; /* the citizen of each row (0: none) */
	size_t	   ncitizens, cap;
};

/* One record as a CSV line. */
static void
journal_csv(struct buf *b, const struct journal_rec *r, const char *at)
{
	char id[24], req[24];

	snprintf(id, sizeof(id), "%" PRId64, r->id);
	snprintf(req, sizeof(req), "%" PRId64, r->contact_id);
	csv_field(b, journal_type_name(r->type), 0);
	csv_field(b, id, 0);
	csv_field(b, at, 0);
	csv_field(b, r->citizen, 0);
	csv_field(b, r->staff, 0);
	csv_field(b, r->number, 0);
	csv_field(b, r->what, 0);
	csv_field(b, r->status, 0);
	csv_field(b, r->text, 0);
	csv_field(b, r->contact_id ? req : NULL, 0);
	csv_field(b, r->actor_kind, 0);
	csv_field(b, r->actor, 1);
}

/* One record as a JSON line. */
static void
journal_json(struct buf *b, const struct journal_rec *r, const char *at)
{
	struct json_object *j = json_object_new_object();

	json_object_object_add(j, "type", json_str(journal_type_name(r->type)));
	json_object_object_add(j, "id", json_object_new_int64(r->id));
	json_object_object_add(j, "at", json_str(at));
	json_object_object_add(j, "citizen", json_str(r->citizen));
	json_object_object_add(j, "staff", json_str(r->staff));
	json_object_object_add(j, "number", json_str(r->number));
	json_object_object_add(j, "what", json_str(r->what));
	json_object_object_add(j, "status", json_str(r->status));
	json_object_object_add(j, "text", json_str(r->text));
	json_object_object_add(j, "request",
	    r->contact_id ? json_object_new_int64(r->contact_id) : NULL);
	json_object_object_add(j, "actor_kind", json_str(r->actor_kind));
	json_object_object_add(j, "actor", json_str(r->actor));
	buf_puts(b,
	    json_object_to_json_string_ext(
		j, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
	buf_putc(b, '\n');
	json_object_put(j);
}

/* store_journal_each() callback. */
static int
journal_one(const struct journal_rec *r, void *arg)
{
	struct journal_out *jo = arg;
	char		    at[CLOCK_ISO_UTC_LEN];

	clock_format_iso_utc(r->at, at);
	if (jo->csv)
		journal_csv(&jo->out, r, at);
	else
		journal_json(&jo->out, r, at);
	jo->rows++;
	if (r->citizen_id == 0)
		return 0;
	if (jo->ncitizens == jo->cap) {
		jo->cap = jo->cap ? jo->cap * 2 : 256;
		if ((jo->citizens = reallocarray(
			 jo->citizens, jo->cap, sizeof(*jo->citizens))) == NULL)
			abort();
	}
	jo->citizens[jo->ncitizens++] = r->citizen_id;
	return 0;
}

/* qsort order of citizen ids. */
static int
id_cmp(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

/*
 * One audit row "journal_export" for every citizen whose data the export
 * holds, with the number of their records.  0, or -1 after an error line.
 */
static int
journal_audit_citizens(struct ctx *ctx, struct journal_out *jo)
{
	char   detail[32];
	size_t i, j;

	qsort(jo->citizens, jo->ncitizens, sizeof(*jo->citizens), id_cmp);
	for (i = 0; i < jo->ncitizens; i = j) {
		for (j = i;
		     j < jo->ncitizens && jo->citizens[j] == jo->citizens[i];
		     j++)
			;
		snprintf(detail, sizeof(detail), "rows=%zu", j - i);
		if (audit_read(
			ctx, "journal_export", jo->citizens[i], detail) == -1)
			return -1;
	}
	return 0;
}

/* Write b to stdout in full; 0, or -1 after an error line. */
static int
write_all(const struct buf *b)
{
	if (b->len > 0 && fwrite(b->data, 1, b->len, stdout) != b->len)
		return errorx("journal export: %s", strerror(errno)), -1;
	if (fflush(stdout) == EOF)
		return errorx("journal export: %s", strerror(errno)), -1;
	return 0;
}

/* Read, write and mark in one transaction. */
static int
journal_run(struct ctx *ctx, struct journal_out *jo, time_t from, time_t until,
    int64_t *marked)
{
	char	       detail[64];
	enum store_err e;

	if ((e = store_begin(ctx->store)) != STORE_OK)
		return store_fail(ctx, "journal export", e), -1;
	if (jo->csv)
		buf_puts(&jo->out, journal_csv_header);
	e = store_journal_each(ctx->store, from, until, journal_one, jo);
	if (e == STORE_OK && write_all(&jo->out) == -1)
		e = STORE_ERROR;
	else if (e == STORE_OK)
		e = store_journal_mark_exported(
		    ctx->store, from, until, ctx->now, marked);
	snprintf(detail, sizeof(detail), "rows=%zu", jo->rows);
	if (e == STORE_OK && journal_audit_citizens(ctx, jo) == -1) {
		store_rollback(ctx->store);
		return -1;
	}
	if (e == STORE_OK &&
	    (e = store_audit(ctx->store, ctx->now, "staff", ctx->actor,
		 "journal_export", 0, "mentorctl", detail)) == STORE_OK)
		e = store_commit(ctx->store);
	if (e != STORE_OK) {
		store_rollback(ctx->store);
		return store_fail(ctx, "journal export", e), -1;
	}
	return 0;
}

/* journal export --from --to [--csv] */
static int
journal_export(struct ctx *ctx, int argc, char **argv)
{
	struct journal_out jo;
	struct opts	   o;
	time_t		   from, until;
	int64_t		   marked = 0;
	int		   rv;

	if (opts_parse_pos(
		&o, journal_options, -1, argc, argv, usage_journal, 0) == -1 ||
	    opts_require(
		&o, journal_options, usage_journal, JO_FROM, JO_TO, -1) == -1)
		return CMD_USAGE;
	if (inbound_period(ctx, o.val[JO_FROM], o.val[JO_TO], &from, &until) ==
	    -1)
		return CMD_FAIL;
	memset(&jo, 0, sizeof(jo));
	jo.csv = o.val[JO_CSV] != NULL;
	rv = journal_run(ctx, &jo, from, until, &marked);
	buf_free(&jo.out);
	free(jo.citizens);
	if (rv == -1)
		return CMD_FAIL;
	fprintf(stderr,
	    "journal export: %zu record(s); %" PRId64 " row(s) "
	    "marked exported\n",
	    jo.rows, marked);
	return CMD_OK;
}

static const struct subcommand journal_subcommands[] = {
	{ "export", journal_export, usage_journal },
};

/* See cmd_inbound.h. */
int
cmd_journal(struct ctx *ctx, int argc, char **argv)
{
	return subcommand_run(ctx, "journal", journal_subcommands,
	    sizeof(journal_subcommands) / sizeof(journal_subcommands[0]), argc,
	    argv);
}

/* --- purge -------------------------------------------------------------- */

enum purge_opt { PO_DRY, PO__MAX };

static const struct option purge_options[] = { [PO_DRY] = { "dry-run",
						   no_argument, NULL, PO_DRY },
	{ NULL, 0, NULL, 0 } };

/* The counts a purge reports: JSON key, text label, field. */
static const struct {
	const char *key;
	const char *label;
	size_t	    offset;
} purge_fields[] = {
	{ "message_bodies", "message bodies",
	    offsetof(struct purge_counts, messages) },
	{ "login_code_bodies", "login-code bodies",
	    offsetof(struct purge_counts, login_codes) },
	{ "inbound_texts", "inbound texts",
	    offsetof(struct purge_counts, inbox) },
	{ "login_rows", "login rows", offsetof(struct purge_counts, logins) },
	{ "audit_rows", "audit rows", offsetof(struct purge_counts, audit) },
	{ "reply_log_rows", "reply-log rows",
	    offsetof(struct purge_counts, reply_log) },
	{ "delivery_reports", "delivery reports",
	    offsetof(struct purge_counts, reports) },
};

#define PURGE_COUNT(c, i) \
	(*(const int64_t *)((const char *)(c) + purge_fields[i].offset))

/* Print the counts (text or JSON). */
static void
purge_print(const struct ctx *ctx, const struct purge_counts *c, int dry)
{
	struct json_object *j;
	size_t i, n = sizeof(purge_fields) / sizeof(purge_fields[0]);

	if (ctx->json) {
		j = json_object_new_object();
		json_object_object_add(
		    j, "dry_run", json_object_new_boolean(dry));
		for (i = 0; i < n; i++)
			json_object_object_add(j, purge_fields[i].key,
			    json_object_new_int64(PURGE_COUNT(c, i)));
		json_object_object_add(
		    j, "waiting_for_export", json_object_new_int64(c->held));
		json_print(j);
		return;
	}
	printf("%s\n", dry ? "would purge:" : "purged:");
	for (i = 0; i < n; i++)
		printf("  %-18s %" PRId64 "\n", purge_fields[i].label,
		    PURGE_COUNT(c, i));
	if (c->held > 0)
		printf("kept: %" PRId64 " row(s) past their retention period "
		       "wait for `mentorctl journal export`\n",
		    c->held);
}

/* See cmd_inbound.h. */
int
cmd_purge(struct ctx *ctx, int argc, char **argv)
{
	struct purge_counts c;
	struct opts	    o;
	enum store_err	    e;
	int		    dry;

	if (opts_parse_pos(&o, purge_options, -1, argc, argv, usage_purge, 0) ==
	    -1)
		return CMD_USAGE;
	dry = o.val[PO_DRY] != NULL;
	if ((e = purge_run(ctx->store, ctx->cfg, ctx->now, dry, &c)) !=
	    STORE_OK)
		return store_fail(ctx, "purge", e);
	if (!dry &&
	    store_audit(ctx->store, ctx->now, "staff", ctx->actor, "purge", 0,
		"mentorctl", NULL) != STORE_OK)
		return store_fail(ctx, "purge: audit", STORE_ERROR);
	purge_print(ctx, &c, dry);
	return CMD_OK;
}
