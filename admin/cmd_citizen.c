/*
 * cmd_citizen.c - `mentorctl citizen add|show|list`.  A CPR number
 * (given, or "-" for standard input: cpr_option) is only ever hashed and
 * never printed; every add, show or list writes an audit row per citizen
 * in the transaction that reads it (audited).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json.h>

#include "cmd.h"
#include "edit.h"
#include "log.h"
#include "store.h"
#include "validate.h"

const char usage_citizen[] =
    "citizen add --cpr CPR|- --name GIVEN-NAME [--id ID] [--mobile NUMBER]\n"
    "    [--language LANG]\n"
    "citizen show --cpr CPR|- | --id ID\n"
    "citizen list\n"
    "citizen edit ID [--name GIVEN-NAME] [--mobile NUMBER | --no-mobile]\n"
    "    [--language da|en] [--reminders on|off]\n"
    "citizen erase ID --export FILE";

enum add_opt { ADD_ID, ADD_CPR, ADD_NAME, ADD_MOBILE, ADD_LANGUAGE, ADD__MAX };

static const struct option add_options[] = {
	[ADD_ID] = { "id", required_argument, NULL, ADD_ID },
	[ADD_CPR] = { "cpr", required_argument, NULL, ADD_CPR },
	[ADD_NAME] = { "name", required_argument, NULL, ADD_NAME },
	[ADD_MOBILE] = { "mobile", required_argument, NULL, ADD_MOBILE },
	[ADD_LANGUAGE] = { "language", required_argument, NULL, ADD_LANGUAGE },
	{ NULL, 0, NULL, 0 }
};

/* Fill r from the options; 0, or -1 after one error line. */
static int
add_fill(struct ctx *ctx, const struct opts *o, struct citizen_rec *r)
{
	char	    e164[PHONE_MAX], ext[EXTERNAL_ID_MAX + 1];
	const char *why;

	if ((why = valid_given_name(o->val[ADD_NAME])) != NULL)
		return errorx("--name: %s", why), -1;
	if (o->val[ADD_MOBILE] != NULL &&
	    (why = valid_phone(o->val[ADD_MOBILE], e164)) != NULL)
		return errorx("--mobile: %s", why), -1;
	if (o->val[ADD_LANGUAGE] != NULL &&
	    (why = valid_word(o->val[ADD_LANGUAGE], &words_language)) != NULL)
		return errorx("--language: %s", why), -1;
	if (o->val[ADD_ID] != NULL && (why = valid_external_id(o->val[ADD_ID])))
		return errorx("--id: %s", why), -1;
	/* Last: a prompt for the number comes after every other check. */
	if (cpr_option(ctx, "--cpr", o->val[ADD_CPR], r->cpr_hash) == -1)
		return -1;
	if (o->val[ADD_ID] != NULL)
		snprintf(ext, sizeof(ext), "%s", o->val[ADD_ID]);
	else
		external_id_new("c", ext, sizeof(ext));
	r->external_id = strdup(ext);
	r->given_name = strdup(o->val[ADD_NAME]);
	r->mobile = o->val[ADD_MOBILE] != NULL ? strdup(e164) : NULL;
	snprintf(r->language, sizeof(r->language), "%s",
	    o->val[ADD_LANGUAGE] != NULL ? o->val[ADD_LANGUAGE] : "da");
	r->reminders_on = 1;
	if (r->external_id == NULL || r->given_name == NULL)
		fatal("strdup");
	return 0;
}

/* Refuse a citizen whose id or CPR number is stored already. */
static int
add_unique(struct ctx *ctx, const struct citizen_rec *r)
{
	struct citizen_rec old;

	if (store_citizen_by_external(ctx->store, r->external_id, &old) ==
	    STORE_OK) {
		errorx("citizen \"%s\" exists already; change it with import",
		    old.external_id);
		citizen_rec_free(&old);
		return -1;
	}
	if (store_citizen_by_cpr(ctx->store, r->cpr_hash, &old) == STORE_OK) {
		errorx("this CPR number is already stored for citizen \"%s\"",
		    old.external_id);
		citizen_rec_free(&old);
		return -1;
	}
	return 0;
}

/* audited() body of `citizen add`: store r, audit, say so. */
static int
add_run(struct ctx *ctx, void *arg)
{
	struct citizen_rec *r = arg;
	struct json_object *j;
	enum store_err	    e;

	if (add_unique(ctx, r) == -1)
		return CMD_FAIL;
	if ((e = store_citizen_upsert(ctx->store, r)) != STORE_OK)
		return store_fail(ctx, "citizen add", e);
	if (audit_read(ctx, "add_citizen", r->id, NULL) == -1)
		return CMD_FAIL;
	if (ctx->json) {
		j = json_object_new_object();
		json_object_object_add(j, "id", json_str(r->external_id));
		json_print(j);
	} else
		printf("citizen %s stored\n", r->external_id);
	return CMD_OK;
}

/* `citizen add`: a new citizen; the CPR number is stored only as its hash. */
static int
citizen_add(struct ctx *ctx, int argc, char **argv)
{
	struct citizen_rec r;
	struct opts	   o;
	int		   rv = CMD_FAIL;

	if (opts_parse_pos(&o, add_options, -1, argc, argv, usage_citizen, 0) ==
		-1 ||
	    opts_require(
		&o, add_options, usage_citizen, ADD_CPR, ADD_NAME, -1) == -1)
		return CMD_USAGE;
	memset(&r, 0, sizeof(r));
	if (add_fill(ctx, &o, &r) == 0)
		rv = audited(ctx, "citizen add", add_run, &r);
	explicit_bzero(r.cpr_hash, sizeof(r.cpr_hash));
	citizen_rec_free(&r);
	return rv;
}

/* --- show ---------------------------------------------------------------- */

enum show_opt { SHOW_CPR, SHOW_ID, SHOW__MAX };

static const struct option show_options[] = {
	[SHOW_CPR] = { "cpr", required_argument, NULL, SHOW_CPR },
	[SHOW_ID] = { "id", required_argument, NULL, SHOW_ID },
	{ NULL, 0, NULL, 0 }
};

/* Who `citizen show` shows: an external id, or a CPR number's hash. */
struct show_who {
	const char *id;	      /* --id, or NULL */
	char	    hash[65]; /* of --cpr */
};

/* Find the citizen w names; 0, or -1 after one error line. */
static int
citizen_find(struct ctx *ctx, const struct show_who *w, struct citizen_rec *r)
{
	enum store_err e;

	if (w->id != NULL)
		e = store_citizen_by_external(ctx->store, w->id, r);
	else
		e = store_citizen_by_cpr(ctx->store, w->hash, r);
	if (e == STORE_NOTFOUND)
		errorx("citizen show: no such citizen");
	else if (e != STORE_OK)
		store_fail(ctx, "citizen show", e);
	return e == STORE_OK ? 0 : -1;
}

struct show_state {
	struct ctx	   *ctx;
	struct json_object *agreements; /* JSON, or NULL */
	struct json_object *meetings;
};

/* store_meeting_list callback: an upcoming meeting. */
static int
show_meeting(const struct meeting_rec *m, void *arg)
{
	struct show_state  *ss = arg;
	struct json_object *j;
	char		    when[40];

	if (ss->meetings == NULL) {
		local_time(m->starts_at, when, sizeof(when));
		printf("  meeting %-12s %s %s (%s)\n", m->external_id, when,
		    or_dash(m->place), m->status);
		return 0;
	}
	j = json_object_new_object();
	json_object_object_add(j, "id", json_str(m->external_id));
	local_time_iso(m->starts_at, when, sizeof(when));
	json_object_object_add(j, "starts", json_str(when));
	json_object_object_add(j, "place", json_str(m->place));
	json_object_object_add(j, "status", json_str(m->status));
	json_object_array_add(ss->meetings, j);
	return 0;
}

/* store_agreement_list callback: an agreement and its next meetings. */
static int
show_agreement(const struct agreement_rec *a, void *arg)
{
	struct show_state  *ss = arg;
	struct json_object *j;
	char		   *mentor;

	mentor = staff_label(ss->ctx, a->mentor_id);
	if (ss->agreements == NULL)
		printf("  agreement %-10s %-7s %s – %s, mentor %s\n",
		    a->external_id, a->status, or_dash(a->starts_on),
		    or_dash(a->ends_on), or_dash(mentor));
	else {
		j = json_object_new_object();
		json_object_object_add(j, "id", json_str(a->external_id));
		json_object_object_add(j, "status", json_str(a->status));
		json_object_object_add(j, "starts", json_str(a->starts_on));
		json_object_object_add(j, "ends", json_str(a->ends_on));
		json_object_object_add(j, "mentor", json_str(mentor));
		json_object_array_add(ss->agreements, j);
	}
	free(mentor);
	store_meeting_list(
	    ss->ctx->store, a->id, ss->ctx->now, 3, show_meeting, ss);
	return 0;
}

/* The citizen's own fields as a new JSON object (the caller owns it). */
static struct json_object *
citizen_json(const struct citizen_rec *r)
{
	struct json_object *j = json_object_new_object();

	json_object_object_add(j, "id", json_str(r->external_id));
	json_object_object_add(j, "given_name", json_str(r->given_name));
	json_object_object_add(j, "mobile", json_str(r->mobile));
	json_object_object_add(j, "language", json_str(r->language));
	json_object_object_add(
	    j, "reminders", json_object_new_boolean(r->reminders_on));
	return j;
}

/* Print one citizen, agreements and upcoming meetings. */
static void
citizen_print(struct ctx *ctx, const struct citizen_rec *r)
{
	struct show_state   ss = { ctx, NULL, NULL };
	struct json_object *j;

	if (!ctx->json) {
		printf("citizen %s: %s, mobile %s, language %s, reminders %s\n",
		    r->external_id, r->given_name, or_dash(r->mobile),
		    r->language, r->reminders_on ? "on" : "off (STOP)");
		store_agreement_list(ctx->store, r->id, show_agreement, &ss);
		return;
	}
	ss.agreements = json_object_new_array();
	ss.meetings = json_object_new_array();
	store_agreement_list(ctx->store, r->id, show_agreement, &ss);
	j = citizen_json(r);
	json_object_object_add(j, "agreements", ss.agreements);
	json_object_object_add(j, "upcoming_meetings", ss.meetings);
	json_print(j);
}

/* audited() body of `citizen show`. */
static int
show_run(struct ctx *ctx, void *arg)
{
	struct citizen_rec r;
	int		   rv = CMD_FAIL;

	if (citizen_find(ctx, arg, &r) == -1)
		return CMD_FAIL;
	if (audit_read(ctx, "show_citizen", r.id, NULL) == 0) {
		citizen_print(ctx, &r);
		rv = CMD_OK;
	}
	citizen_rec_free(&r);
	return rv;
}

/* `citizen show`: one citizen, audited. */
static int
citizen_show(struct ctx *ctx, int argc, char **argv)
{
	struct show_who w = { NULL, "" };
	struct opts	o;

	if (opts_parse_pos(&o, show_options, -1, argc, argv,
		"citizen show --cpr CPR|- | --id ID", 0) == -1)
		return CMD_USAGE;
	if ((o.val[SHOW_CPR] == NULL) == (o.val[SHOW_ID] == NULL)) {
		errorx("citizen show: give --cpr CPR or --id ID");
		return CMD_USAGE;
	}
	if ((w.id = o.val[SHOW_ID]) == NULL &&
	    cpr_option(ctx, "--cpr", o.val[SHOW_CPR], w.hash) == -1)
		return CMD_FAIL;
	return audited(ctx, "citizen show", show_run, &w);
}

/* --- list ---------------------------------------------------------------- */

struct list_state {
	struct ctx	   *ctx;
	struct json_object *arr;
	int		    failed;
};

/* store_citizen_list callback: audit, then one JSON object. */
static int
list_one(const struct citizen_rec *r, void *arg)
{
	struct list_state  *ls = arg;
	struct json_object *j;

	if (audit_read(ls->ctx, "list_citizens", r->id, NULL) == -1)
		return ls->failed = 1;
	j = citizen_json(r);
	json_object_array_add(ls->arr, j);
	return 0;
}

/* audited_listing fill: every citizen. */
static int
list_fill(struct ctx *ctx, void *arg, struct json_object *arr)
{
	struct list_state ls = { ctx, arr, 0 };
	enum store_err	  e;

	if ((e = store_citizen_list(ctx->store, list_one, &ls)) != STORE_OK)
		store_fail(ctx, "citizen list", e);
	return e != STORE_OK || ls.failed ? -1 : 0;
}

/* audited_listing line: one citizen. */
static void
list_line(struct ctx *ctx, struct json_object *o)
{
	struct json_object *rem;

	json_object_object_get_ex(o, "reminders", &rem);
	printf("%-14s %-13s %s %-13s %s\n", json_get_str(o, "id"),
	    or_dash(json_get_str(o, "mobile")), json_get_str(o, "language"),
	    json_object_get_boolean(rem) ? "reminders-on" : "reminders-off",
	    json_get_str(o, "given_name"));
}

/* `citizen list`: every citizen, one audit row each. */
static int
citizen_list(struct ctx *ctx, int argc, char **argv)
{
	if (argc != 1) {
		usage_print("citizen list");
		return CMD_USAGE;
	}
	return audited_listing(ctx, "citizen list", list_fill, NULL, list_line);
}

static const struct subcommand citizen_subcommands[] = {
	{ "add", citizen_add, "citizen add --cpr CPR|- --name NAME [...]" },
	{ "show", citizen_show, "citizen show --cpr CPR|- | --id ID" },
	{ "list", citizen_list, "citizen list" },
	{ "edit", citizen_edit, usage_citizen_edit },
	{ "erase", citizen_erase, usage_citizen_erase },
};

int
cmd_citizen(struct ctx *ctx, int argc, char **argv)
{
	return subcommand_run(ctx, "citizen", citizen_subcommands,
	    sizeof(citizen_subcommands) / sizeof(citizen_subcommands[0]), argc,
	    argv);
}
