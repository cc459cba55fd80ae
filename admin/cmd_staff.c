/*
 * cmd_staff.c - `mentorctl staff add|show|list|away|back`: mentors and
 * caseworkers, their absences and who stands in for them.
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
#include "store_staff.h"
#include "validate.h"

const char usage_staff[] =
    "staff add --name NAME [--id ID] [--mobile NUMBER] [--email ADDRESS]\n"
    "    [--organisation TEXT] [--reachable TEXT] [--caseworker]\n"
    "    [--deputy ID] [--login NAME]\n"
    "    [--roles mentor,caseworker,coordinator,desk]\n"
    "staff edit ID [--name NAME] [--mobile NUMBER | --no-mobile] [...]\n"
    "staff show ID\n"
    "staff list\n"
    "staff away ID --from DATE --until DATE [--deputy ID]\n"
    "staff back ID";

/* Find staff member ext; 0, or -1 after one error line. */
static int
staff_find(struct ctx *ctx, const char *ext, struct staff_rec *r)
{
	return found_or_fail(ctx, store_staff_by_external(ctx->store, ext, r),
	    "staff member", ext);
}

static struct json_object *staff_to_json(
    struct ctx *, const struct staff_rec *);

/* --- add ----------------------------------------------------------------- */

enum add_opt {
	ADD_ID,
	ADD_NAME,
	ADD_MOBILE,
	ADD_EMAIL,
	ADD_ORG,
	ADD_REACHABLE,
	ADD_CASEWORKER,
	ADD_DEPUTY,
	ADD_LOGIN,
	ADD_ROLES,
	ADD__MAX
};

static const struct option add_options[] = {
	[ADD_ID] = { "id", required_argument, NULL, ADD_ID },
	[ADD_NAME] = { "name", required_argument, NULL, ADD_NAME },
	[ADD_MOBILE] = { "mobile", required_argument, NULL, ADD_MOBILE },
	[ADD_EMAIL] = { "email", required_argument, NULL, ADD_EMAIL },
	[ADD_ORG] = { "organisation", required_argument, NULL, ADD_ORG },
	[ADD_REACHABLE] = { "reachable", required_argument, NULL,
	    ADD_REACHABLE },
	[ADD_CASEWORKER] = { "caseworker", no_argument, NULL, ADD_CASEWORKER },
	[ADD_DEPUTY] = { "deputy", required_argument, NULL, ADD_DEPUTY },
	[ADD_LOGIN] = { "login", required_argument, NULL, ADD_LOGIN },
	[ADD_ROLES] = { "roles", required_argument, NULL, ADD_ROLES },
	{ NULL, 0, NULL, 0 }
};

/* The first problem with the options, as "--opt: reason", or NULL. */
static const char *
add_problem(const struct opts *o, char *e164, const char **what)
{
	const char *why = NULL;

	if ((why = valid_staff_name(o->val[ADD_NAME])) != NULL)
		*what = "--name";
	else if (o->val[ADD_ID] && (why = valid_external_id(o->val[ADD_ID])))
		*what = "--id";
	else if (o->val[ADD_MOBILE] &&
	    (why = valid_phone(o->val[ADD_MOBILE], e164)))
		*what = "--mobile";
	else if (o->val[ADD_EMAIL] && (why = valid_email(o->val[ADD_EMAIL])))
		*what = "--email";
	else if (o->val[ADD_ORG] && (why = valid_short_text(o->val[ADD_ORG])))
		*what = "--organisation";
	else if (o->val[ADD_REACHABLE] &&
	    (why = valid_short_text(o->val[ADD_REACHABLE])))
		*what = "--reachable";
	return why;
}

/*
 * Fill r from the options, *roles from --roles (0: none given); 0, or -1
 * after one error line.
 */
static int
add_fill(struct ctx *ctx, const struct opts *o, struct staff_rec *r, int *roles)
{
	struct staff_rec d;
	char		 e164[PHONE_MAX], ext[EXTERNAL_ID_MAX + 1];
	const char	*why, *what = NULL;

	if ((why = add_problem(o, e164, &what)) != NULL) {
		errorx("%s: %s", what, why);
		return -1;
	}
	if (staff_access_check(o->val[ADD_LOGIN], o->val[ADD_ROLES], roles) ==
	    -1)
		return -1;
	if (*roles != 0 && o->val[ADD_CASEWORKER] != NULL &&
	    (*roles & STAFF_ROLE_CASEWORKER) == 0) {
		errorx("--caseworker: does not match --roles");
		return -1;
	}
	if (o->val[ADD_DEPUTY] != NULL) {
		if (staff_find(ctx, o->val[ADD_DEPUTY], &d) == -1)
			return -1;
		r->deputy_id = d.id;
		staff_rec_free(&d);
	}
	if (o->val[ADD_ID] != NULL)
		snprintf(ext, sizeof(ext), "%s", o->val[ADD_ID]);
	else
		external_id_new("s", ext, sizeof(ext));
	r->external_id = buf_strdup(ext);
	r->name = buf_strdup(o->val[ADD_NAME]);
	r->mobile = o->val[ADD_MOBILE] ? buf_strdup(e164) : NULL;
	r->email = buf_strdup(o->val[ADD_EMAIL]);
	r->organisation = buf_strdup(o->val[ADD_ORG]);
	r->reachable = buf_strdup(o->val[ADD_REACHABLE]);
	r->is_caseworker = o->val[ADD_CASEWORKER] != NULL ||
	    (*roles & STAFF_ROLE_CASEWORKER) != 0;
	return 0;
}

/* Store the new row r with its login and roles in one transaction. */
static int
add_store(struct ctx *ctx, const struct opts *o, struct staff_rec *r, int roles)
{
	enum store_err e;

	if ((e = store_begin(ctx->store)) != STORE_OK)
		return store_fail(ctx, "staff add", e);
	if ((e = store_staff_upsert(ctx->store, r)) != STORE_OK) {
		store_rollback(ctx->store);
		return store_fail(ctx, "staff add", e);
	}
	if (staff_access_store(ctx, r->id, o->val[ADD_LOGIN], 0, roles) == -1) {
		store_rollback(ctx->store);
		return CMD_FAIL;
	}
	if ((e = store_commit(ctx->store)) != STORE_OK)
		return store_fail(ctx, "staff add", e);
	return CMD_OK;
}

/* `staff add`: a new mentor or caseworker. */
static int
staff_add(struct ctx *ctx, int argc, char **argv)
{
	struct staff_rec r, old;
	struct opts	 o;
	int		 rv = CMD_FAIL, roles;

	if (opts_parse_pos(&o, add_options, -1, argc, argv, usage_staff, 0) ==
		-1 ||
	    opts_require(&o, add_options, usage_staff, ADD_NAME, -1) == -1)
		return CMD_USAGE;
	memset(&r, 0, sizeof(r));
	if (add_fill(ctx, &o, &r, &roles) == -1)
		goto out;
	if (store_staff_by_external(ctx->store, r.external_id, &old) ==
	    STORE_OK) {
		staff_rec_free(&old);
		errorx("staff member \"%s\" exists already; change them with "
		       "import",
		    r.external_id);
		goto out;
	}
	if (add_store(ctx, &o, &r, roles) != CMD_OK)
		goto out;
	if (ctx->json)
		json_print(staff_to_json(ctx, &r));
	else
		printf("staff member %s stored\n", r.external_id);
	rv = CMD_OK;
out:
	staff_rec_free(&r);
	return rv;
}

/* --- show and list ------------------------------------------------------- */

/* store_agreement_list callback: count active agreements as mentor. */
static int
count_mentor(const struct agreement_rec *a, void *arg)
{
	int64_t *p = arg;

	if (a->mentor_id == p[0] && strcmp(a->status, "active") == 0)
		p[1]++;
	return 0;
}

/* The staff member as a JSON object. */
static struct json_object *
staff_to_json(struct ctx *ctx, const struct staff_rec *r)
{
	struct json_object *j;
	char		   *deputy;

	j = json_object_new_object();
	json_object_object_add(j, "id", json_str(r->external_id));
	json_object_object_add(j, "name", json_str(r->name));
	json_object_object_add(j, "mobile", json_str(r->mobile));
	json_object_object_add(j, "email", json_str(r->email));
	json_object_object_add(j, "organisation", json_str(r->organisation));
	json_object_object_add(j, "reachable", json_str(r->reachable));
	json_object_object_add(
	    j, "caseworker", json_object_new_boolean(r->is_caseworker));
	staff_access_json(ctx, r->id, j);
	json_object_object_add(j, "away_from", json_str(r->away_from));
	json_object_object_add(j, "away_until", json_str(r->away_until));
	json_object_object_add(j, "away_today",
	    json_object_new_boolean(staff_is_away(r, ctx->today)));
	deputy = staff_external(ctx, r->deputy_id);
	json_object_object_add(j, "deputy", json_str(deputy));
	free(deputy);
	return j;
}

/* `staff show ID`: details, absence and deputy. */
static int
staff_show(struct ctx *ctx, int argc, char **argv)
{
	static const struct option none[] = { { NULL, 0, NULL, 0 } };
	struct staff_rec	   r;
	struct json_object	  *j;
	struct opts		   o;
	int64_t			   count[2];
	char			  *deputy, *login, roles[40];

	if (opts_parse_pos(&o, none, -1, argc, argv, "staff show ID", 1) == -1)
		return CMD_USAGE;
	if (staff_find(ctx, o.argv[0], &r) == -1)
		return CMD_FAIL;
	count[0] = r.id;
	count[1] = 0;
	store_agreement_list(ctx->store, 0, count_mentor, count);
	if (ctx->json) {
		j = staff_to_json(ctx, &r);
		json_object_object_add(j, "active_agreements_as_mentor",
		    json_object_new_int64(count[1]));
		json_print(j);
	} else {
		deputy = staff_label(ctx, r.deputy_id);
		staff_access_text(ctx, r.id, roles, sizeof(roles), &login);
		printf("%s (%s)%s\n  roles: %s; login: %s\n"
		       "  mobile %s, e-mail %s\n  organisation %s\n"
		       "  reachable: %s\n  away: %s – %s%s\n  deputy: %s\n"
		       "  mentor in %lld active agreement(s)\n",
		    r.name, r.external_id,
		    r.is_caseworker ? ", caseworker" : "", roles,
		    or_dash(login), or_dash(r.mobile), or_dash(r.email),
		    or_dash(r.organisation), or_dash(r.reachable),
		    or_dash(r.away_from), or_dash(r.away_until),
		    staff_is_away(&r, ctx->today) ? " (away today)" : "",
		    or_dash(deputy), (long long)count[1]);
		free(deputy);
		free(login);
	}
	staff_rec_free(&r);
	return CMD_OK;
}

struct list_state {
	struct ctx	   *ctx;
	struct json_object *arr;
};

/* store_staff_list callback. */
static int
list_one(const struct staff_rec *r, void *arg)
{
	struct list_state *ls = arg;
	char		   roles[40], *login;

	if (ls->arr != NULL) {
		json_object_array_add(ls->arr, staff_to_json(ls->ctx, r));
		return 0;
	}
	staff_access_text(ls->ctx, r->id, roles, sizeof(roles), &login);
	free(login);
	printf("%-12s %-13s %-10s %-4s %s\n", r->external_id,
	    or_dash(r->mobile), roles,
	    staff_is_away(r, ls->ctx->today) ? "away" : "-", r->name);
	return 0;
}

/* `staff list`: one line per staff member. */
static int
staff_list(struct ctx *ctx, int argc, char **argv)
{
	struct list_state ls = { ctx, NULL };
	enum store_err	  e;

	if (argc != 1) {
		usage_print("staff list");
		return CMD_USAGE;
	}
	if (ctx->json)
		ls.arr = json_object_new_array();
	if ((e = store_staff_list(ctx->store, list_one, &ls)) != STORE_OK) {
		json_object_put(ls.arr);
		return store_fail(ctx, "staff list", e);
	}
	if (ls.arr != NULL)
		json_print(ls.arr);
	return CMD_OK;
}

/* --- away and back ------------------------------------------------------- */

enum away_opt { AWAY_FROM, AWAY_UNTIL, AWAY_DEPUTY, AWAY__MAX };

static const struct option away_options[] = {
	[AWAY_FROM] = { "from", required_argument, NULL, AWAY_FROM },
	[AWAY_UNTIL] = { "until", required_argument, NULL, AWAY_UNTIL },
	[AWAY_DEPUTY] = { "deputy", required_argument, NULL, AWAY_DEPUTY },
	{ NULL, 0, NULL, 0 }
};

/* Set r's deputy to ext (checked); 0, or -1 after one error line. */
static int
deputy_set(struct ctx *ctx, struct staff_rec *r, const char *ext)
{
	struct staff_rec d;
	const char	*why;
	enum store_err	 e;

	if (staff_find(ctx, ext, &d) == -1)
		return -1;
	if ((why = valid_deputy(r->id, d.id)) != NULL) {
		staff_rec_free(&d);
		errorx("--deputy: %s", why);
		return -1;
	}
	r->deputy_id = d.id;
	staff_rec_free(&d);
	if ((e = store_staff_upsert(ctx->store, r)) != STORE_OK) {
		store_fail(ctx, "staff away", e);
		return -1;
	}
	return 0;
}

/* Say who stands in, or that nobody does. */
static void
away_report(struct ctx *ctx, const struct staff_rec *r, const char *from,
    const char *until)
{
	struct json_object *j;
	char		   *deputy = staff_label(ctx, r->deputy_id);

	if (ctx->json) {
		j = json_object_new_object();
		json_object_object_add(j, "id", json_str(r->external_id));
		json_object_object_add(j, "away_from", json_str(from));
		json_object_object_add(j, "away_until", json_str(until));
		json_object_object_add(j, "deputy", json_str(deputy));
		json_print(j);
	} else if (deputy != NULL)
		printf("%s is away %s – %s; %s stands in\n", r->name, from,
		    until, deputy);
	else
		printf("%s is away %s – %s; warning: nobody stands in, contact "
		       "requests go to the team number (give --deputy ID)\n",
		    r->name, from, until);
	free(deputy);
}

/* `staff away ID`: record an absence (and the deputy) in one transaction. */
static int
staff_away(struct ctx *ctx, int argc, char **argv)
{
	struct staff_rec r;
	struct opts	 o;
	const char	*why;
	enum store_err	 e;

	if (opts_parse_pos(&o, away_options, -1, argc, argv, usage_staff, 1) ==
		-1 ||
	    opts_require(
		&o, away_options, usage_staff, AWAY_FROM, AWAY_UNTIL, -1) == -1)
		return CMD_USAGE;
	if ((why = valid_period(o.val[AWAY_FROM], o.val[AWAY_UNTIL])) != NULL) {
		errorx("--from/--until: %s", why);
		return CMD_FAIL;
	}
	if (staff_find(ctx, o.argv[0], &r) == -1)
		return CMD_FAIL;
	if ((e = store_begin(ctx->store)) != STORE_OK) {
		staff_rec_free(&r);
		return store_fail(ctx, "staff away", e);
	}
	if ((o.val[AWAY_DEPUTY] != NULL &&
		deputy_set(ctx, &r, o.val[AWAY_DEPUTY]) == -1) ||
	    (e = store_staff_set_away(ctx->store, r.id, o.val[AWAY_FROM],
		 o.val[AWAY_UNTIL])) != STORE_OK ||
	    (e = store_commit(ctx->store)) != STORE_OK) {
		store_rollback(ctx->store);
		staff_rec_free(&r);
		return e != STORE_OK ? store_fail(ctx, "staff away", e)
				     : CMD_FAIL;
	}
	away_report(ctx, &r, o.val[AWAY_FROM], o.val[AWAY_UNTIL]);
	staff_rec_free(&r);
	return CMD_OK;
}

/* `staff back ID`: clear the absence. */
static int
staff_back(struct ctx *ctx, int argc, char **argv)
{
	static const struct option none[] = { { NULL, 0, NULL, 0 } };
	struct staff_rec	   r;
	struct opts		   o;
	enum store_err		   e;

	if (opts_parse_pos(&o, none, -1, argc, argv, "staff back ID", 1) == -1)
		return CMD_USAGE;
	if (staff_find(ctx, o.argv[0], &r) == -1)
		return CMD_FAIL;
	e = store_staff_set_away(ctx->store, r.id, NULL, NULL);
	if (e == STORE_OK && !ctx->json)
		printf("%s is back; no absence recorded\n", r.name);
	staff_rec_free(&r);
	return e == STORE_OK ? CMD_OK : store_fail(ctx, "staff back", e);
}

static const struct subcommand staff_subcommands[] = {
	{ "add", staff_add, "staff add --name NAME [...]" },
	{ "edit", staff_edit, usage_staff_edit },
	{ "show", staff_show, "staff show ID" },
	{ "list", staff_list, "staff list" },
	{ "away", staff_away,
	    "staff away ID --from DATE --until DATE "
	    "[--deputy ID]" },
	{ "back", staff_back, "staff back ID" },
};

int
cmd_staff(struct ctx *ctx, int argc, char **argv)
{
	return subcommand_run(ctx, "staff", staff_subcommands,
	    sizeof(staff_subcommands) / sizeof(staff_subcommands[0]), argc,
	    argv);
}
