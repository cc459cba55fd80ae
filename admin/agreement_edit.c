/*
 * agreement_edit.c - `mentorctl agreement edit`: goal, tasks, period,
 * hours, mentor, caseworker, legal basis, and draft -> active, checked by
 * the shared rules and stored with an audit row in one transaction.  An
 * ended agreement is not edited (extend it: agreement extend); ending is
 * agreement end, which also settles the last day.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json.h>

#include "buf.h"
#include "cmd.h"
#include "edit.h"
#include "log.h"
#include "store.h"
#include "validate.h"

const char usage_agreement_edit[] =
    "agreement edit ID [--goal TEXT] [--task TEXT]... [--no-tasks]\n"
    "    [--starts DATE] [--ends DATE] [--hours N --per week|total |\n"
    "    --no-hours] [--mentor ID] [--caseworker ID] [--legal-basis TEXT]\n"
    "    [--status active]";

enum edit_opt {
	ED_GOAL,
	ED_TASK,
	ED_NO_TASKS,
	ED_STARTS,
	ED_ENDS,
	ED_HOURS,
	ED_PER,
	ED_NO_HOURS,
	ED_MENTOR,
	ED_CASEWORKER,
	ED_LEGAL,
	ED_STATUS,
	ED__MAX
};

static const struct option edit_options[] = {
	[ED_GOAL] = { "goal", required_argument, NULL, ED_GOAL },
	[ED_TASK] = { "task", required_argument, NULL, ED_TASK },
	[ED_NO_TASKS] = { "no-tasks", no_argument, NULL, ED_NO_TASKS },
	[ED_STARTS] = { "starts", required_argument, NULL, ED_STARTS },
	[ED_ENDS] = { "ends", required_argument, NULL, ED_ENDS },
	[ED_HOURS] = { "hours", required_argument, NULL, ED_HOURS },
	[ED_PER] = { "per", required_argument, NULL, ED_PER },
	[ED_NO_HOURS] = { "no-hours", no_argument, NULL, ED_NO_HOURS },
	[ED_MENTOR] = { "mentor", required_argument, NULL, ED_MENTOR },
	[ED_CASEWORKER] = { "caseworker", required_argument, NULL,
	    ED_CASEWORKER },
	[ED_LEGAL] = { "legal-basis", required_argument, NULL, ED_LEGAL },
	[ED_STATUS] = { "status", required_argument, NULL, ED_STATUS },
	{ NULL, 0, NULL, 0 }
};

/* What agreement_edit() hands to edit_run(). */
struct agreement_change {
	const struct opts *o;
	const char	  *ext;
	double		   hours;
};

/* Options that do not go together, or NULL. */
static const char *
edit_conflict(const struct opts *o)
{
	if (o->nlist > 0 && o->val[ED_NO_TASKS])
		return "--task and --no-tasks cannot go together";
	if ((o->val[ED_HOURS] || o->val[ED_PER]) && o->val[ED_NO_HOURS])
		return "--hours and --no-hours cannot go together";
	if ((o->val[ED_HOURS] == NULL) != (o->val[ED_PER] == NULL))
		return "--hours/--per: give both or neither";
	return NULL;
}

/* Check every value given on its own; 0, or -1 after one error line. */
static int
edit_check(struct agreement_change *c)
{
	const struct opts *o = c->o;
	const char	  *why = NULL, *what = NULL;

	if (edit_none(o, ED__MAX) == -1)
		return -1;
	if ((why = edit_conflict(o)) != NULL)
		return errorx("%s", why), -1;
	if (o->val[ED_GOAL] && (why = valid_goal(o->val[ED_GOAL])))
		what = "--goal";
	else if ((why = valid_tasks((char *const *)o->list, o->nlist)))
		what = "--task";
	else if (o->val[ED_STARTS] && (why = valid_date(o->val[ED_STARTS])))
		what = "--starts";
	else if (o->val[ED_ENDS] && (why = valid_date(o->val[ED_ENDS])))
		what = "--ends";
	else if (o->val[ED_HOURS] &&
	    (why = valid_hours_text(o->val[ED_HOURS], &c->hours)))
		what = "--hours";
	else if (o->val[ED_PER] &&
	    (why = valid_word(o->val[ED_PER], &words_hours_per)))
		what = "--per";
	else if (o->val[ED_LEGAL] && (why = valid_short_text(o->val[ED_LEGAL])))
		what = "--legal-basis";
	else if (o->val[ED_STATUS] &&
	    (why = valid_word(o->val[ED_STATUS], &words_agreement_status)))
		what = "--status";
	if (what != NULL)
		return errorx("%s: %s", what, why), -1;
	return 0;
}

/* Replace r's tasks with the options' list. */
static void
tasks_replace(struct agreement_rec *r, const struct opts *o)
{
	size_t i;

	for (i = 0; i < r->ntasks; i++)
		free(r->tasks[i]);
	free(r->tasks);
	if ((r->tasks = calloc(o->nlist + 1, sizeof(*r->tasks))) == NULL)
		fatal("calloc");
	for (i = 0; i < o->nlist; i++)
		edit_replace(&r->tasks[i], o->list[i]);
	r->ntasks = o->nlist;
}

/* Staff member ext's id into *id (ext NULL: leave); 0 or -1. */
static int
staff_ref(struct ctx *ctx, const char *opt, const char *ext, int64_t *id)
{
	struct staff_rec s;

	if (ext == NULL)
		return 0;
	if (store_staff_by_external(ctx->store, ext, &s) != STORE_OK)
		return errorx("%s: no staff member \"%.64s\"", opt, ext), -1;
	*id = s.id;
	staff_rec_free(&s);
	return 0;
}

/* The status change and the period, as they will be; 0 or -1. */
static int
edit_rules(const struct opts *o, const struct agreement_rec *r)
{
	const char *why;

	if ((why = valid_agreement_editable(r->status)) != NULL)
		return errorx("agreement %s: %s (agreement extend ID --until "
			      "DATE)",
			   r->external_id, why),
		       -1;
	if (o->val[ED_STATUS] && strcmp(o->val[ED_STATUS], "ended") == 0)
		return errorx("--status: to end it use agreement end ID, which "
			      "also sets the last day"),
		       -1;
	if (o->val[ED_STATUS] &&
	    (why = valid_status_change(r->status, o->val[ED_STATUS])))
		return errorx("--status: %s", why), -1;
	if ((why = valid_period(r->starts_on, r->ends_on)) != NULL)
		return errorx("--starts/--ends: %s", why), -1;
	return 0;
}

/* Apply the options to r; 0, or -1 after one error line. */
static int
edit_apply(
    struct ctx *ctx, const struct agreement_change *c, struct agreement_rec *r)
{
	const struct opts *o = c->o;

	if (o->val[ED_GOAL])
		edit_replace(&r->goal, o->val[ED_GOAL]);
	if (o->nlist > 0 || o->val[ED_NO_TASKS])
		tasks_replace(r, o);
	if (o->val[ED_STARTS])
		edit_replace(&r->starts_on, o->val[ED_STARTS]);
	if (o->val[ED_ENDS])
		edit_replace(&r->ends_on, o->val[ED_ENDS]);
	if (o->val[ED_HOURS]) {
		r->hours_amount = c->hours;
		edit_replace(&r->hours_per, o->val[ED_PER]);
	} else if (o->val[ED_NO_HOURS]) {
		r->hours_amount = 0;
		edit_replace(&r->hours_per, NULL);
	}
	if (o->val[ED_LEGAL])
		edit_replace(&r->legal_basis, o->val[ED_LEGAL]);
	if (staff_ref(ctx, "--mentor", o->val[ED_MENTOR], &r->mentor_id) ||
	    staff_ref(ctx, "--caseworker", o->val[ED_CASEWORKER],
		&r->caseworker_id) ||
	    edit_rules(o, r))
		return -1;
	if (o->val[ED_STATUS])
		snprintf(r->status, sizeof(r->status), "%s", o->val[ED_STATUS]);
	return 0;
}

/* The names of the options given, "goal,task", into b (the audit). */
static void
edit_fields(const struct opts *o, struct buf *b)
{
	size_t i;

	for (i = 0; i < ED__MAX; i++)
		if (o->val[i] != NULL || (i == ED_TASK && o->nlist > 0))
			buf_printf(b, ",%s", edit_options[i].name);
}

/* Print the stored agreement and its warnings. */
static int
edit_report(struct ctx *ctx, const struct agreement_rec *r, const char *what)
{
	struct json_object *arr, *j;
	int		    n;

	arr = json_object_new_array();
	if ((n = agreement_warnings(ctx, r, arr)) >= 0 && ctx->json) {
		j = json_object_new_object();
		json_object_object_add(j, "id", json_str(r->external_id));
		json_object_object_add(j, "status", json_str(r->status));
		json_object_object_add(j, "changed", json_str(what));
		json_object_object_add(j, "warnings", json_object_get(arr));
		json_print(j);
	} else if (n >= 0) {
		printf("agreement %s changed (%s): %s\n", r->external_id,
		    r->status, what);
		warnings_print(ctx, arr);
	}
	json_object_put(arr);
	return n >= 0 ? CMD_OK : CMD_FAIL;
}

/* audited() body of `agreement edit`. */
static int
edit_run(struct ctx *ctx, void *arg)
{
	struct agreement_change *c = arg;
	struct agreement_rec	 r;
	struct buf		 detail = { 0 }, fields = { 0 };
	enum store_err		 e;
	int			 rv = CMD_FAIL;

	if (agreement_find(ctx, c->ext, &r) == -1)
		return CMD_FAIL;
	if (edit_apply(ctx, c, &r) == -1)
		goto out;
	if ((e = store_agreement_upsert(ctx->store, &r)) != STORE_OK) {
		store_fail(ctx, "agreement edit", e);
		goto out;
	}
	edit_fields(c->o, &fields);
	buf_printf(&detail, "%s: %s", r.external_id, buf_str(&fields) + 1);
	if (audit_read(ctx, "edit_agreement", r.citizen_id, buf_str(&detail)) ==
	    -1)
		goto out;
	rv = edit_report(ctx, &r, buf_str(&fields) + 1);
out:
	buf_free(&fields);
	buf_free(&detail);
	agreement_rec_free(&r);
	return rv;
}

int
agreement_edit(struct ctx *ctx, int argc, char **argv)
{
	struct agreement_change c;
	struct opts		o;

	if (opts_parse_pos(&o, edit_options, ED_TASK, argc, argv,
		usage_agreement_edit, 1) == -1)
		return CMD_USAGE;
	c = (struct agreement_change){ .o = &o, .ext = o.argv[0] };
	if (edit_check(&c) == -1)
		return CMD_FAIL;
	return audited(ctx, "agreement edit", edit_run, &c);
}
