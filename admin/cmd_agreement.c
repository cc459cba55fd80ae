/*
 * cmd_agreement.c - `mentorctl agreement add|show|list|extend|end`, and
 * the agreement warnings every command prints (checks.c has the rules).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json.h>

#include "agreement_change.h"
#include "checks.h"
#include "cmd.h"
#include "edit.h"
#include "dates.h"
#include "guidance.h"
#include "i18n.h"
#include "log.h"
#include "store.h"
#include "validate.h"

const char usage_agreement[] =
    "agreement add --citizen ID [--id ID] [--mentor ID] [--caseworker ID]\n"
    "    [--goal TEXT] [--task TEXT]... [--starts DATE] [--ends DATE]\n"
    "    [--hours N --per week|total] [--guidance KEY] [--legal-basis TEXT]\n"
    "    [--after-discharge] [--status draft|active]\n"
    "agreement show ID\n"
    "agreement list [--citizen ID] [--status draft|active|ended]\n"
    "agreement extend ID --until DATE [--id NEW-ID] [--starts DATE]\n"
    "agreement end ID [--on DATE]\n"
    "agreement edit ID [--goal TEXT] [--task TEXT]... [--no-tasks]\n"
    "    [--starts DATE] [--ends DATE] [--hours N --per week|total |\n"
    "    --no-hours] [--mentor ID] [--caseworker ID] [--legal-basis TEXT]\n"
    "    [--status active]";

int
agreement_warnings(
    struct ctx *ctx, const struct agreement_rec *a, struct json_object *arr)
{
	struct check_input  in;
	struct json_object *w;
	enum store_err	    e;
	unsigned int	    failed;
	int		    i, n = 0;

	if ((e = checks_gather(ctx->store, a, &in)) != STORE_OK) {
		store_fail(ctx, "agreement checks", e);
		return -1;
	}
	failed = checks_run(&in);
	for (i = 0; i < CHECK__MAX; i++) {
		if (!(failed & (1u << i)))
			continue;
		w = json_object_new_object();
		json_object_object_add(
		    w, "agreement", json_str(a->external_id));
		json_object_object_add(w, "check", json_str(checks[i].name));
		json_object_object_add(
		    w, "text", json_str(tr(ctx, checks[i].text)));
		json_object_array_add(arr, w);
		n++;
	}
	return n;
}

void
warnings_print(const struct ctx *ctx, struct json_object *arr)
{
	struct json_object *w, *v;
	size_t		    i, n = json_object_array_length(arr);

	if (n == 0)
		return;
	printf("%s\n", tr(ctx, N_("Advarsler:")));
	for (i = 0; i < n; i++) {
		w = json_object_array_get_idx(arr, i);
		json_object_object_get_ex(w, "agreement", &v);
		printf("  ! %s: ", json_object_get_string(v));
		json_object_object_get_ex(w, "text", &v);
		printf("%s\n", json_object_get_string(v));
	}
}

/*
 * Report a stored agreement after add or extend: its id and status, and
 * its warnings.  Returns CMD_OK or CMD_FAIL.
 */
static int
agreement_report(struct ctx *ctx, int64_t id)
{
	struct agreement_rec r;
	struct json_object  *arr, *j;
	enum store_err	     e;
	int		     n;

	if ((e = store_agreement_get(ctx->store, id, &r)) != STORE_OK)
		return store_fail(ctx, "agreement", e);
	arr = json_object_new_array();
	if ((n = agreement_warnings(ctx, &r, arr)) >= 0 && ctx->json) {
		j = json_object_new_object();
		json_object_object_add(j, "id", json_str(r.external_id));
		json_object_object_add(j, "status", json_str(r.status));
		json_object_object_add(j, "warnings", json_object_get(arr));
		json_print(j);
	} else if (n >= 0) {
		printf("agreement %s stored (%s)\n", r.external_id, r.status);
		warnings_print(ctx, arr);
	}
	json_object_put(arr);
	agreement_rec_free(&r);
	return n >= 0 ? CMD_OK : CMD_FAIL;
}

/*
 * Find the agreement with external id ext.  Returns 0, or -1 after one
 * error line.
 */
int
agreement_find(struct ctx *ctx, const char *ext, struct agreement_rec *r)
{
	return found_or_fail(ctx,
	    store_agreement_by_external(ctx->store, ext, r), "agreement", ext);
}

/* The store id of staff member ext (NULL: 0); -1 after an error line. */
static int
staff_id_of(struct ctx *ctx, const char *opt, const char *ext, int64_t *id)
{
	struct staff_rec r;

	*id = 0;
	if (ext == NULL)
		return 0;
	if (store_staff_by_external(ctx->store, ext, &r) != STORE_OK) {
		errorx("--%s: no staff member \"%.64s\"", opt, ext);
		return -1;
	}
	*id = r.id;
	staff_rec_free(&r);
	return 0;
}

/* Parse "4" or "4.5" hours; 0, or -1 after an error line. */
static int
hours_parse(const char *s, double *out)
{
	const char *why;

	if ((why = valid_hours_text(s, out)) != NULL) {
		errorx("--hours: %s", why);
		return -1;
	}
	return 0;
}

/* --- add ----------------------------------------------------------------- */

enum add_opt {
	ADD_ID,
	ADD_CITIZEN,
	ADD_MENTOR,
	ADD_CASEWORKER,
	ADD_GOAL,
	ADD_TASK,
	ADD_STARTS,
	ADD_ENDS,
	ADD_HOURS,
	ADD_PER,
	ADD_GUIDANCE,
	ADD_LEGAL,
	ADD_DISCHARGE,
	ADD_STATUS,
	ADD__MAX
};

static const struct option add_options[] = {
	[ADD_ID] = { "id", required_argument, NULL, ADD_ID },
	[ADD_CITIZEN] = { "citizen", required_argument, NULL, ADD_CITIZEN },
	[ADD_MENTOR] = { "mentor", required_argument, NULL, ADD_MENTOR },
	[ADD_CASEWORKER] = { "caseworker", required_argument, NULL,
	    ADD_CASEWORKER },
	[ADD_GOAL] = { "goal", required_argument, NULL, ADD_GOAL },
	[ADD_TASK] = { "task", required_argument, NULL, ADD_TASK },
	[ADD_STARTS] = { "starts", required_argument, NULL, ADD_STARTS },
	[ADD_ENDS] = { "ends", required_argument, NULL, ADD_ENDS },
	[ADD_HOURS] = { "hours", required_argument, NULL, ADD_HOURS },
	[ADD_PER] = { "per", required_argument, NULL, ADD_PER },
	[ADD_GUIDANCE] = { "guidance", required_argument, NULL, ADD_GUIDANCE },
	[ADD_LEGAL] = { "legal-basis", required_argument, NULL, ADD_LEGAL },
	[ADD_DISCHARGE] = { "after-discharge", no_argument, NULL,
	    ADD_DISCHARGE },
	[ADD_STATUS] = { "status", required_argument, NULL, ADD_STATUS },
	{ NULL, 0, NULL, 0 }
};

/* Check the text options of add; 0, or -1 after an error line. */
static int
add_check_values(const struct opts *o)
{
	const char *why = NULL, *what = NULL;
	size_t	    i;

	if (o->val[ADD_ID] != NULL && (why = valid_external_id(o->val[ADD_ID])))
		what = "--id";
	else if (o->val[ADD_GOAL] && (why = valid_goal(o->val[ADD_GOAL])))
		what = "--goal";
	else if ((why = valid_period(o->val[ADD_STARTS], o->val[ADD_ENDS])))
		what = "--starts/--ends";
	else if (o->val[ADD_STATUS] &&
	    (why = valid_word(o->val[ADD_STATUS], &words_agreement_status)))
		what = "--status";
	else if ((o->val[ADD_HOURS] == NULL) != (o->val[ADD_PER] == NULL))
		what = "--hours/--per", why = "give both or neither";
	else if (o->val[ADD_PER] &&
	    (why = valid_word(o->val[ADD_PER], &words_hours_per)))
		what = "--per";
	for (i = 0; what == NULL && i < o->nlist; i++)
		if ((why = valid_task(o->list[i])) != NULL)
			what = "--task";
	if (what == NULL)
		return 0;
	errorx("%s: %s", what, why);
	return -1;
}

/* Fill r from the options; 0, or -1 after an error line. */
static int
add_fill(struct ctx *ctx, const struct opts *o, struct agreement_rec *r)
{
	struct citizen_rec c;
	size_t		   i;

	if (store_citizen_by_external(ctx->store, o->val[ADD_CITIZEN], &c) !=
	    STORE_OK) {
		errorx("--citizen: no citizen \"%.64s\"", o->val[ADD_CITIZEN]);
		return -1;
	}
	r->citizen_id = c.id;
	citizen_rec_free(&c);
	if (staff_id_of(ctx, "mentor", o->val[ADD_MENTOR], &r->mentor_id) ||
	    staff_id_of(
		ctx, "caseworker", o->val[ADD_CASEWORKER], &r->caseworker_id))
		return -1;
	if (o->val[ADD_HOURS] != NULL &&
	    hours_parse(o->val[ADD_HOURS], &r->hours_amount) == -1)
		return -1;
	r->goal = o->val[ADD_GOAL] ? strdup(o->val[ADD_GOAL]) : NULL;
	r->starts_on = o->val[ADD_STARTS] ? strdup(o->val[ADD_STARTS]) : NULL;
	r->ends_on = o->val[ADD_ENDS] ? strdup(o->val[ADD_ENDS]) : NULL;
	r->hours_per = o->val[ADD_PER] ? strdup(o->val[ADD_PER]) : NULL;
	r->guidance_key = strdup(
	    o->val[ADD_GUIDANCE] ? o->val[ADD_GUIDANCE] : GUIDANCE_DEFAULT_KEY);
	r->legal_basis = o->val[ADD_LEGAL] ? strdup(o->val[ADD_LEGAL]) : NULL;
	r->after_discharge = o->val[ADD_DISCHARGE] != NULL;
	snprintf(r->status, sizeof(r->status), "%s",
	    o->val[ADD_STATUS] ? o->val[ADD_STATUS] : "draft");
	if ((r->tasks = calloc(o->nlist + 1, sizeof(*r->tasks))) == NULL)
		fatal("calloc");
	for (i = 0; i < o->nlist; i++)
		if ((r->tasks[i] = strdup(o->list[i])) == NULL)
			fatal("strdup");
	r->ntasks = o->nlist;
	return 0;
}

/* What agreement_insert() stores, and the audit action. */
struct insert_args {
	struct agreement_rec *r;
	const char	     *action; /* add_agreement, ... */
};

/* audited() body of agreement_insert(). */
static int
insert_run(struct ctx *ctx, void *arg)
{
	struct insert_args  *ia = arg;
	struct agreement_rec old, *r = ia->r;
	enum store_err	     e;

	if (store_agreement_by_external(ctx->store, r->external_id, &old) ==
	    STORE_OK) {
		agreement_rec_free(&old);
		errorx("agreement \"%s\" exists already; change it with "
		       "import, or use agreement extend",
		    r->external_id);
		return CMD_FAIL;
	}
	if ((e = store_agreement_upsert(ctx->store, r)) != STORE_OK)
		return store_fail(ctx, "agreement", e);
	if (audit_read(ctx, ia->action, r->citizen_id, r->external_id) == -1)
		return CMD_FAIL;
	return agreement_report(ctx, r->id);
}

/*
 * Store a new agreement r (its external id must be unused), write the
 * audit row action and print the report, in one transaction.
 */
static int
agreement_insert(struct ctx *ctx, struct agreement_rec *r, const char *action)
{
	struct insert_args ia = { r, action };

	return audited(ctx, "agreement", insert_run, &ia);
}

/* `agreement add`: store a new agreement, print its warnings. */
static int
agreement_add(struct ctx *ctx, int argc, char **argv)
{
	struct agreement_rec r;
	struct opts	     o;
	char		     ext[EXTERNAL_ID_MAX + 1];
	int		     rv;

	if (opts_parse_pos(&o, add_options, ADD_TASK, argc, argv,
		usage_agreement, 0) == -1 ||
	    opts_require(&o, add_options, usage_agreement, ADD_CITIZEN, -1))
		return CMD_USAGE;
	if (add_check_values(&o) == -1)
		return CMD_FAIL;
	memset(&r, 0, sizeof(r));
	if (o.val[ADD_ID] != NULL)
		snprintf(ext, sizeof(ext), "%s", o.val[ADD_ID]);
	else
		external_id_new("a", ext, sizeof(ext));
	if ((r.external_id = strdup(ext)) == NULL)
		fatal("strdup");
	if (add_fill(ctx, &o, &r) == -1)
		rv = CMD_FAIL;
	else
		rv = agreement_insert(ctx, &r, "add_agreement");
	agreement_rec_free(&r);
	return rv;
}

/* --- list ---------------------------------------------------------------- */

struct list_state {
	struct ctx	   *ctx;
	int64_t		    citizen_id; /* 0: everyone's */
	const char	   *status;	/* filter, or NULL */
	struct json_object *arr;
	int		    failed;
};

/* store_agreement_list callback: audit, then one JSON object. */
static int
list_one(const struct agreement_rec *a, void *arg)
{
	struct list_state  *ls = arg;
	struct json_object *j;
	char		   *citizen, *mentor;

	if (ls->status != NULL && strcmp(a->status, ls->status) != 0)
		return 0;
	if (audit_read(ls->ctx, "list_agreements", a->citizen_id,
		a->external_id) == -1)
		return ls->failed = 1;
	citizen = citizen_external(ls->ctx, a->citizen_id);
	mentor = staff_external(ls->ctx, a->mentor_id);
	j = json_object_new_object();
	json_object_object_add(j, "id", json_str(a->external_id));
	json_object_object_add(j, "citizen", json_str(citizen));
	json_object_object_add(j, "mentor", json_str(mentor));
	json_object_object_add(j, "status", json_str(a->status));
	json_object_object_add(j, "starts", json_str(a->starts_on));
	json_object_object_add(j, "ends", json_str(a->ends_on));
	json_object_array_add(ls->arr, j);
	free(citizen);
	free(mentor);
	return 0;
}

/* audited_listing fill: the agreements asked for. */
static int
list_fill(struct ctx *ctx, void *arg, struct json_object *arr)
{
	struct list_state *ls = arg;
	enum store_err	   e;

	ls->arr = arr;
	e = store_agreement_list(ctx->store, ls->citizen_id, list_one, ls);
	if (e != STORE_OK)
		store_fail(ctx, "agreement list", e);
	return e != STORE_OK || ls->failed ? -1 : 0;
}

/* audited_listing line: one agreement. */
static void
list_line(struct ctx *ctx, struct json_object *o)
{
	printf("%-14s %-7s %-10s %-10s citizen %-12s mentor %s\n",
	    json_get_str(o, "id"), json_get_str(o, "status"),
	    or_dash(json_get_str(o, "starts")),
	    or_dash(json_get_str(o, "ends")),
	    or_dash(json_get_str(o, "citizen")),
	    or_dash(json_get_str(o, "mentor")));
}

enum list_opt { LIST_CITIZEN, LIST_STATUS, LIST__MAX };

static const struct option list_options[] = {
	[LIST_CITIZEN] = { "citizen", required_argument, NULL, LIST_CITIZEN },
	[LIST_STATUS] = { "status", required_argument, NULL, LIST_STATUS },
	{ NULL, 0, NULL, 0 }
};

/* `agreement list`: one line per agreement; audited per citizen. */
static int
agreement_list(struct ctx *ctx, int argc, char **argv)
{
	struct list_state  ls = { ctx, 0, NULL, NULL, 0 };
	struct citizen_rec c;
	struct opts	   o;

	if (opts_parse_pos(
		&o, list_options, -1, argc, argv, usage_agreement, 0) == -1)
		return CMD_USAGE;
	if ((ls.status = o.val[LIST_STATUS]) != NULL &&
	    valid_word(ls.status, &words_agreement_status) != NULL) {
		errorx("--status: %s", words_agreement_status.reason);
		return CMD_USAGE;
	}
	if (o.val[LIST_CITIZEN] != NULL) {
		if (store_citizen_by_external(
			ctx->store, o.val[LIST_CITIZEN], &c) != STORE_OK) {
			errorx("--citizen: no citizen \"%.64s\"",
			    o.val[LIST_CITIZEN]);
			return CMD_FAIL;
		}
		ls.citizen_id = c.id;
		citizen_rec_free(&c);
	}
	return audited_listing(
	    ctx, "agreement list", list_fill, &ls, list_line);
}

/* --- extend -------------------------------------------------------------- */

enum extend_opt { EXT_UNTIL, EXT_ID, EXT_STARTS, EXT__MAX };

static const struct option extend_options[] = {
	[EXT_UNTIL] = { "until", required_argument, NULL, EXT_UNTIL },
	[EXT_ID] = { "id", required_argument, NULL, EXT_ID },
	[EXT_STARTS] = { "starts", required_argument, NULL, EXT_STARTS },
	{ NULL, 0, NULL, 0 }
};

/* Turn r (a copy of the old agreement) into its extension. */
static int
extension_make(struct ctx *ctx, const struct opts *o, struct agreement_rec *r)
{
	char	    start[DATE_LEN], ext[EXTERNAL_ID_MAX + 1];
	const char *why;

	if ((why = agreement_extension_start(
		 r, o->val[EXT_STARTS], o->val[EXT_UNTIL], start)) != NULL) {
		errorx("agreement extend: %s", why);
		return -1;
	}
	if (o->val[EXT_ID] != NULL)
		snprintf(ext, sizeof(ext), "%s", o->val[EXT_ID]);
	else if (agreement_extension_id(ctx->store, r, ext) != STORE_OK) {
		errorx("agreement extend: give the new agreement an id with "
		       "--id");
		return -1;
	}
	agreement_extension_make(r, ext, start, o->val[EXT_UNTIL]);
	return 0;
}

/* `agreement extend ID --until DATE`: a new agreement extending ID. */
static int
agreement_extend(struct ctx *ctx, int argc, char **argv)
{
	struct agreement_rec r;
	struct opts	     o;
	const char	    *why;
	int		     rv = CMD_FAIL;

	if (opts_parse_pos(
		&o, extend_options, -1, argc, argv, usage_agreement, 1) == -1 ||
	    opts_require(&o, extend_options, usage_agreement, EXT_UNTIL, -1))
		return CMD_USAGE;
	if (o.val[EXT_ID] != NULL && (why = valid_external_id(o.val[EXT_ID]))) {
		errorx("--id: %s", why);
		return CMD_FAIL;
	}
	if (o.val[EXT_STARTS] != NULL &&
	    (why = valid_date(o.val[EXT_STARTS])) != NULL) {
		errorx("--starts: %s", why);
		return CMD_FAIL;
	}
	if (agreement_find(ctx, o.argv[0], &r) == -1)
		return CMD_FAIL;
	if (extension_make(ctx, &o, &r) == 0)
		rv = agreement_insert(ctx, &r, "extend_agreement");
	agreement_rec_free(&r);
	return rv;
}

/* --- end ----------------------------------------------------------------- */

enum end_opt { END_ON, END__MAX };

static const struct option end_options[] = {
	[END_ON] = { "on", required_argument, NULL, END_ON },
	{ NULL, 0, NULL, 0 }
};

/* Say how the agreement ended: on which day, or before it started. */
static void
end_report(const struct ctx *ctx, const struct agreement_rec *r, const char *on)
{
	struct json_object *j;
	const char	   *last = on != NULL ? on : r->ends_on;

	if (ctx->json) {
		j = json_object_new_object();
		json_object_object_add(j, "id", json_str(r->external_id));
		json_object_object_add(j, "status", json_str("ended"));
		json_object_object_add(j, "ends", json_str(last));
		json_print(j);
	} else if (on == NULL && r->starts_on != NULL &&
	    strcmp(r->starts_on, ctx->today) > 0)
		printf("agreement %s ended before it started (period kept)\n",
		    r->external_id);
	else
		printf("agreement %s ended; last day %s\n", r->external_id,
		    or_dash(last));
}

/* What `agreement end` changes. */
struct end_args {
	const struct agreement_rec *r;
	const char		   *on; /* new last day, or NULL */
};

/* audited() body of `agreement end`. */
static int
end_run(struct ctx *ctx, void *arg)
{
	struct end_args *ea = arg;
	enum store_err	 e = STORE_OK;

	if ((ea->on != NULL &&
		(e = store_agreement_set_ends(ctx->store, ea->r->id, ea->on)) !=
		    STORE_OK) ||
	    (e = store_agreement_set_status(
		 ctx->store, ea->r->id, "ended", ctx->now)) != STORE_OK)
		return store_fail(ctx, "agreement end", e);
	if (audit_read(ctx, "end_agreement", ea->r->citizen_id,
		ea->r->external_id) == -1)
		return CMD_FAIL;
	end_report(ctx, ea->r, ea->on);
	return CMD_OK;
}

/* `agreement end ID`: status ended; the period stops today unless --on. */
static int
agreement_end(struct ctx *ctx, int argc, char **argv)
{
	struct agreement_rec r;
	struct end_args	     ea;
	struct opts	     o;
	int		     rv;

	if (opts_parse_pos(
		&o, end_options, -1, argc, argv, usage_agreement, 1) == -1)
		return CMD_USAGE;
	if (o.val[END_ON] != NULL && valid_date(o.val[END_ON]) != NULL) {
		errorx("--on: not a real date (YYYY-MM-DD)");
		return CMD_FAIL;
	}
	if (agreement_find(ctx, o.argv[0], &r) == -1)
		return CMD_FAIL;
	ea.r = &r;
	ea.on = agreement_end_date(&r, o.val[END_ON], ctx->today);
	rv = audited(ctx, "agreement end", end_run, &ea);
	agreement_rec_free(&r);
	return rv;
}

static const struct subcommand agreement_subcommands[] = {
	{ "add", agreement_add, "agreement add --citizen ID [...]" },
	{ "show", agreement_show, "agreement show ID" },
	{ "list", agreement_list,
	    "agreement list [--citizen ID] [--status S]" },
	{ "extend", agreement_extend, "agreement extend ID --until DATE" },
	{ "end", agreement_end, "agreement end ID [--on DATE]" },
	{ "edit", agreement_edit, usage_agreement_edit },
};

int
cmd_agreement(struct ctx *ctx, int argc, char **argv)
{
	return subcommand_run(ctx, "agreement", agreement_subcommands,
	    sizeof(agreement_subcommands) / sizeof(agreement_subcommands[0]),
	    argc, argv);
}
