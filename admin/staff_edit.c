/*
 * staff_edit.c - a staff member's login and roles (staff add|edit
 * --login --roles), and `mentorctl staff edit`: name, contact details,
 * deputy, login, roles, checked by the shared rules and audited.
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

const char usage_staff_edit[] =
    "staff edit ID [--name NAME] [--mobile NUMBER | --no-mobile]\n"
    "    [--email ADDRESS] [--organisation TEXT] [--reachable TEXT]\n"
    "    [--deputy ID | --no-deputy] [--login NAME | --no-login]\n"
    "    [--roles mentor,caseworker,coordinator,desk]";

int
staff_access_check(const char *login, const char *roles, int *mask)
{
	const char *why;

	*mask = 0;
	if (login != NULL && (why = valid_login(login)) != NULL) {
		errorx("--login: %s", why);
		return -1;
	}
	if (roles != NULL && (why = valid_roles(roles, mask)) != NULL) {
		errorx("--roles: %s", why);
		return -1;
	}
	return 0;
}

/* Say who has login already; -1. */
static int
login_taken(struct ctx *ctx, int64_t id, const char *login)
{
	struct staff_identity other;

	if (store_staff_by_login(ctx->store, login, &other) == STORE_OK &&
	    other.id != id) {
		errorx("--login: already the login of staff member \"%s\"",
		    other.external_id);
		staff_identity_free(&other);
		return -1;
	}
	staff_identity_free(&other);
	return 0;
}

int
staff_access_store(
    struct ctx *ctx, int64_t id, const char *login, int clear_login, int roles)
{
	enum store_err e = STORE_OK;

	if (login != NULL && login_taken(ctx, id, login) == -1)
		return -1;
	if (clear_login)
		e = store_staff_set_login(ctx->store, id, NULL);
	else if (login != NULL)
		e = store_staff_set_login(ctx->store, id, login);
	if (e == STORE_OK && roles != 0)
		e = store_staff_set_roles(ctx->store, id, roles);
	if (e != STORE_OK) {
		store_fail(ctx, "staff", e);
		return -1;
	}
	return 0;
}

const char *
staff_access_text(
    struct ctx *ctx, int64_t id, char *buf, size_t len, char **login)
{
	struct staff_identity who;

	*login = NULL;
	snprintf(buf, len, "-");
	if (store_staff_identity(ctx->store, id, &who) != STORE_OK)
		return buf;
	staff_roles_format(who.roles, buf, len);
	*login = who.login;
	who.login = NULL;
	staff_identity_free(&who);
	return buf;
}

void
staff_access_json(struct ctx *ctx, int64_t id, struct json_object *j)
{
	struct json_object *arr;
	char		    roles[40], *login, *p, *comma;

	staff_access_text(ctx, id, roles, sizeof(roles), &login);
	json_object_object_add(j, "login", json_str(login));
	free(login);
	arr = json_object_new_array();
	for (p = roles; *p != '\0' && *p != '-'; p = comma + 1) {
		if ((comma = strchr(p, ',')) != NULL)
			*comma = '\0';
		json_object_array_add(arr, json_object_new_string(p));
		if (comma == NULL)
			break;
	}
	json_object_object_add(j, "roles", arr);
}

/* --- staff edit ---------------------------------------------------------- */

enum edit_opt {
	ED_NAME,
	ED_MOBILE,
	ED_NO_MOBILE,
	ED_EMAIL,
	ED_ORG,
	ED_REACHABLE,
	ED_DEPUTY,
	ED_NO_DEPUTY,
	ED_LOGIN,
	ED_NO_LOGIN,
	ED_ROLES,
	ED__MAX
};

static const struct option edit_options[] = {
	[ED_NAME] = { "name", required_argument, NULL, ED_NAME },
	[ED_MOBILE] = { "mobile", required_argument, NULL, ED_MOBILE },
	[ED_NO_MOBILE] = { "no-mobile", no_argument, NULL, ED_NO_MOBILE },
	[ED_EMAIL] = { "email", required_argument, NULL, ED_EMAIL },
	[ED_ORG] = { "organisation", required_argument, NULL, ED_ORG },
	[ED_REACHABLE] = { "reachable", required_argument, NULL, ED_REACHABLE },
	[ED_DEPUTY] = { "deputy", required_argument, NULL, ED_DEPUTY },
	[ED_NO_DEPUTY] = { "no-deputy", no_argument, NULL, ED_NO_DEPUTY },
	[ED_LOGIN] = { "login", required_argument, NULL, ED_LOGIN },
	[ED_NO_LOGIN] = { "no-login", no_argument, NULL, ED_NO_LOGIN },
	[ED_ROLES] = { "roles", required_argument, NULL, ED_ROLES },
	{ NULL, 0, NULL, 0 }
};

/* What staff_edit() hands to edit_run(). */
struct staff_change {
	const struct opts *o;
	const char	  *ext;
	char		   e164[PHONE_MAX];
	int		   roles;
};

/* Options that cannot go together; "" when none. */
static const char *
edit_conflict(const struct opts *o)
{
	if (o->val[ED_MOBILE] && o->val[ED_NO_MOBILE])
		return "--mobile and --no-mobile";
	if (o->val[ED_DEPUTY] && o->val[ED_NO_DEPUTY])
		return "--deputy and --no-deputy";
	if (o->val[ED_LOGIN] && o->val[ED_NO_LOGIN])
		return "--login and --no-login";
	return "";
}

/* Check every value given; 0, or -1 after one error line. */
static int
edit_check(struct staff_change *c)
{
	const struct opts *o = c->o;
	const char	  *why = NULL, *what = NULL;

	if (*edit_conflict(o) != '\0')
		return errorx("%s cannot go together", edit_conflict(o)), -1;
	if (edit_none(o, ED__MAX) == -1)
		return -1;
	if (o->val[ED_NAME] && (why = valid_staff_name(o->val[ED_NAME])))
		what = "--name";
	else if (o->val[ED_MOBILE] &&
	    (why = valid_phone(o->val[ED_MOBILE], c->e164)))
		what = "--mobile";
	else if (o->val[ED_EMAIL] && (why = valid_email(o->val[ED_EMAIL])))
		what = "--email";
	else if (o->val[ED_ORG] && (why = valid_short_text(o->val[ED_ORG])))
		what = "--organisation";
	else if (o->val[ED_REACHABLE] &&
	    (why = valid_short_text(o->val[ED_REACHABLE])))
		what = "--reachable";
	else if (o->val[ED_DEPUTY] &&
	    (why = valid_external_id(o->val[ED_DEPUTY])))
		what = "--deputy";
	if (what != NULL)
		return errorx("%s: %s", what, why), -1;
	return staff_access_check(
	    o->val[ED_LOGIN], o->val[ED_ROLES], &c->roles);
}

/* The deputy of r from the options; 0, or -1 after one error line. */
static int
edit_deputy(struct ctx *ctx, const struct opts *o, struct staff_rec *r)
{
	struct staff_rec d;
	const char	*why;

	if (o->val[ED_NO_DEPUTY] != NULL)
		r->deputy_id = 0;
	if (o->val[ED_DEPUTY] == NULL)
		return 0;
	if (store_staff_by_external(ctx->store, o->val[ED_DEPUTY], &d) !=
	    STORE_OK)
		return errorx("--deputy: no staff member \"%.64s\"",
			   o->val[ED_DEPUTY]),
		       -1;
	r->deputy_id = d.id;
	staff_rec_free(&d);
	if ((why = valid_deputy(r->id, r->deputy_id)) != NULL)
		return errorx("--deputy: %s", why), -1;
	return 0;
}

/* Apply the options to r; 0, or -1 after one error line. */
static int
edit_apply(struct ctx *ctx, struct staff_change *c, struct staff_rec *r)
{
	const struct opts *o = c->o;

	if (o->val[ED_NAME])
		edit_replace(&r->name, o->val[ED_NAME]);
	if (o->val[ED_MOBILE] || o->val[ED_NO_MOBILE])
		edit_replace(&r->mobile, o->val[ED_MOBILE] ? c->e164 : NULL);
	if (o->val[ED_EMAIL])
		edit_replace(&r->email, o->val[ED_EMAIL]);
	if (o->val[ED_ORG])
		edit_replace(&r->organisation, o->val[ED_ORG]);
	if (o->val[ED_REACHABLE])
		edit_replace(&r->reachable, o->val[ED_REACHABLE]);
	if (c->roles != 0)
		r->is_caseworker = (c->roles & STAFF_ROLE_CASEWORKER) != 0;
	return edit_deputy(ctx, o, r);
}

/* The names of the options given, "name,roles", into b (for the audit). */
static void
edit_fields(const struct opts *o, struct buf *b)
{
	size_t i;
	int    first = 1;

	for (i = 0; i < ED__MAX; i++)
		if (o->val[i] != NULL) {
			buf_printf(
			    b, "%s%s", first ? "" : ",", edit_options[i].name);
			first = 0;
		}
}

/* Print what staff edit stored as JSON. */
static void
edit_json(struct ctx *ctx, const struct staff_rec *r)
{
	struct json_object *j = json_object_new_object();

	json_object_object_add(j, "id", json_str(r->external_id));
	staff_access_json(ctx, r->id, j);
	json_print(j);
}

/* audited() body of `staff edit`: change, store, audit, say so. */
static int
edit_run(struct ctx *ctx, void *arg)
{
	struct staff_change *c = arg;
	struct staff_rec     r;
	struct buf	     detail = { 0 };
	enum store_err	     e;
	int		     rv = CMD_FAIL;

	if ((e = store_staff_by_external(ctx->store, c->ext, &r)) != STORE_OK) {
		if (e == STORE_NOTFOUND)
			errorx("no staff member \"%.64s\"", c->ext);
		else
			store_fail(ctx, "staff edit", e);
		return CMD_FAIL;
	}
	if (edit_apply(ctx, c, &r) == -1)
		goto out;
	if ((e = store_staff_upsert(ctx->store, &r)) != STORE_OK) {
		store_fail(ctx, "staff edit", e);
		goto out;
	}
	if (staff_access_store(ctx, r.id, c->o->val[ED_LOGIN],
		c->o->val[ED_NO_LOGIN] != NULL, c->roles) == -1)
		goto out;
	buf_printf(&detail, "%s: ", r.external_id);
	edit_fields(c->o, &detail);
	if (audit_read(ctx, "edit_staff", 0, buf_str(&detail)) == -1)
		goto out;
	if (ctx->json)
		edit_json(ctx, &r);
	else
		printf("staff member %s changed\n", r.external_id);
	rv = CMD_OK;
out:
	buf_free(&detail);
	staff_rec_free(&r);
	return rv;
}

int
staff_edit(struct ctx *ctx, int argc, char **argv)
{
	struct staff_change c;
	struct opts	    o;

	if (opts_parse_pos(
		&o, edit_options, -1, argc, argv, usage_staff_edit, 1) == -1)
		return CMD_USAGE;
	c = (struct staff_change){ .o = &o, .ext = o.argv[0] };
	if (edit_check(&c) == -1)
		return CMD_FAIL;
	return audited(ctx, "staff edit", edit_run, &c);
}
