/*
 * citizen_edit.c - `mentorctl citizen edit` (given name, mobile,
 * language, reminders) and `mentorctl citizen erase` (GDPR art. 17):
 * checked by the shared rules, stored with an audit row in one
 * transaction.  Erasure is refused while the citizen has an agreement
 * not ended, an open contact request or a text being sent; it writes the
 * citizen's data and journal to a new file (mode 0600) first, then wipes
 * (store_citizen.h says what stays, and how long).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <json.h>

#include "buf.h"
#include "cmd.h"
#include "edit.h"
#include "log.h"
#include "store.h"
#include "citizen_export.h"
#include "store_citizen.h"
#include "validate.h"

const char usage_citizen_edit[] =
    "citizen edit ID [--name GIVEN-NAME] [--mobile NUMBER | --no-mobile]\n"
    "    [--language da|en] [--reminders on|off]";
const char usage_citizen_erase[] = "citizen erase ID --export FILE";

/* Find citizen ext; 0, or -1 after one error line. */
static int
citizen_by_ext(struct ctx *ctx, const char *ext, struct citizen_rec *r)
{
	enum store_err e;

	if ((e = store_citizen_by_external(ctx->store, ext, r)) == STORE_OK)
		return 0;
	if (e == STORE_NOTFOUND)
		errorx("no citizen \"%.64s\"", ext);
	else
		store_fail(ctx, "citizen", e);
	return -1;
}

/* --- edit ---------------------------------------------------------------- */

enum edit_opt {
	ED_NAME,
	ED_MOBILE,
	ED_NO_MOBILE,
	ED_LANGUAGE,
	ED_REMINDERS,
	ED__MAX
};

static const struct option edit_options[] = {
	[ED_NAME] = { "name", required_argument, NULL, ED_NAME },
	[ED_MOBILE] = { "mobile", required_argument, NULL, ED_MOBILE },
	[ED_NO_MOBILE] = { "no-mobile", no_argument, NULL, ED_NO_MOBILE },
	[ED_LANGUAGE] = { "language", required_argument, NULL, ED_LANGUAGE },
	[ED_REMINDERS] = { "reminders", required_argument, NULL, ED_REMINDERS },
	{ NULL, 0, NULL, 0 }
};

static const struct word_list words_on_off = { { "on", "off", NULL },
	"expected on or off", 0 };

/* What citizen_edit() hands to edit_run(). */
struct citizen_change {
	const struct opts *o;
	const char	  *ext;
	char		   e164[PHONE_MAX];
};

/* Check every value given; 0, or -1 after one error line. */
static int
edit_check(struct citizen_change *c)
{
	const struct opts *o = c->o;
	const char	  *why = NULL, *what = NULL;

	if (edit_none(o, ED__MAX) == -1)
		return -1;
	if (o->val[ED_MOBILE] && o->val[ED_NO_MOBILE])
		return errorx("--mobile and --no-mobile cannot go together"),
		       -1;
	if (o->val[ED_NAME] && (why = valid_given_name(o->val[ED_NAME])))
		what = "--name";
	else if (o->val[ED_MOBILE] &&
	    (why = valid_phone(o->val[ED_MOBILE], c->e164)))
		what = "--mobile";
	else if (o->val[ED_LANGUAGE] &&
	    (why = valid_word(o->val[ED_LANGUAGE], &words_language)))
		what = "--language";
	else if (o->val[ED_REMINDERS] &&
	    (why = valid_word(o->val[ED_REMINDERS], &words_on_off)))
		what = "--reminders";
	if (what != NULL)
		return errorx("%s: %s", what, why), -1;
	return 0;
}

/* Apply the options to r. */
static void
edit_apply(const struct citizen_change *c, struct citizen_rec *r)
{
	const struct opts *o = c->o;

	if (o->val[ED_NAME]) {
		free(r->given_name);
		if ((r->given_name = strdup(o->val[ED_NAME])) == NULL)
			fatal("strdup");
	}
	if (o->val[ED_MOBILE] || o->val[ED_NO_MOBILE]) {
		free(r->mobile);
		r->mobile = NULL;
		if (o->val[ED_MOBILE] && (r->mobile = strdup(c->e164)) == NULL)
			fatal("strdup");
	}
	if (o->val[ED_LANGUAGE])
		snprintf(r->language, sizeof(r->language), "%s",
		    o->val[ED_LANGUAGE]);
	if (o->val[ED_REMINDERS])
		r->reminders_on = strcmp(o->val[ED_REMINDERS], "on") == 0;
}

/* audited() body of `citizen edit`. */
static int
edit_run(struct ctx *ctx, void *arg)
{
	struct citizen_change *c = arg;
	struct citizen_rec     r;
	struct buf	       detail = { 0 };
	struct json_object    *j;
	enum store_err	       e;
	int		       rv = CMD_FAIL;

	if (citizen_by_ext(ctx, c->ext, &r) == -1)
		return CMD_FAIL;
	edit_apply(c, &r);
	edit_names(c->o, edit_options, ED__MAX, &detail);
	if ((e = store_citizen_update(ctx->store, &r)) == STORE_NOTFOUND)
		errorx("citizen %s is erased", c->ext);
	else if (e != STORE_OK)
		store_fail(ctx, "citizen edit", e);
	else if (audit_read(ctx, "edit_citizen", r.id, buf_str(&detail)) == 0) {
		if (ctx->json) {
			j = json_object_new_object();
			json_object_object_add(
			    j, "id", json_str(r.external_id));
			json_object_object_add(
			    j, "changed", json_str(buf_str(&detail)));
			json_print(j);
		} else
			printf("citizen %s changed: %s\n", r.external_id,
			    buf_str(&detail));
		rv = CMD_OK;
	}
	buf_free(&detail);
	citizen_rec_free(&r);
	return rv;
}

int
citizen_edit(struct ctx *ctx, int argc, char **argv)
{
	struct citizen_change c;
	struct opts	      o;

	if (opts_parse_pos(
		&o, edit_options, -1, argc, argv, usage_citizen_edit, 1) == -1)
		return CMD_USAGE;
	c = (struct citizen_change){ .o = &o, .ext = o.argv[0] };
	if (edit_check(&c) == -1)
		return CMD_FAIL;
	return audited(ctx, "citizen edit", edit_run, &c);
}

/* --- erase --------------------------------------------------------------- */

enum erase_opt { ER_EXPORT, ER__MAX };

static const struct option erase_options[] = {
	[ER_EXPORT] = { "export", required_argument, NULL, ER_EXPORT },
	{ NULL, 0, NULL, 0 }
};

/* What citizen_erase() hands to erase_run(). */
struct erase_job {
	const char *ext;
	const char *path; /* the export file */
	struct buf  out;  /* its contents, JSON lines */
	size_t	    records;
};

/*
 * Export, then wipe (citizen_erase_exported()), then write the export
 * file, all before the commit.  Returns 0, or -1 after an error line.
 */
static int
erase_export(struct ctx *ctx, const struct citizen_rec *r,
    struct erase_job *job, struct erase_counts *counts)
{
	struct erase_blockers b;
	const char	     *why;
	enum store_err	      e;

	e = citizen_erase_exported(ctx->store, r->id, ctx->now, &job->out,
	    &job->records, &b, counts, &why);
	if (why != NULL) {
		errorx("citizen %s: %s", r->external_id, why);
		if (b.agreements > 0)
			errorx("(agreement end ID ends one; agreement list "
			       "--citizen %s lists them)",
			    r->external_id);
		return -1;
	}
	if (e != STORE_OK)
		return store_fail(ctx, "citizen erase", e), -1;
	if (citizen_export_write(job->path, &job->out) == -1)
		return errorx("--export: %s: %s", job->path, strerror(errno)),
		       -1;
	return 0;
}

/* Say what was done. */
static void
erase_report(
    struct ctx *ctx, const struct erase_job *job, const struct erase_counts *c)
{
	struct json_object *j;

	if (!ctx->json) {
		printf(
		    "citizen %s erased; %zu record(s) exported to %s first; "
		    "deleted %lld text(s), %lld request(s), %lld agreement(s), "
		    "%lld meeting(s)\n",
		    job->ext, job->records, job->path, (long long)c->texts,
		    (long long)c->requests, (long long)c->agreements,
		    (long long)c->meetings);
		return;
	}
	j = json_object_new_object();
	json_object_object_add(j, "id", json_str(job->ext));
	json_object_object_add(j, "export", json_str(job->path));
	json_object_object_add(
	    j, "exported", json_object_new_int64((int64_t)job->records));
	json_object_object_add(j, "texts", json_object_new_int64(c->texts));
	json_object_object_add(
	    j, "requests", json_object_new_int64(c->requests));
	json_object_object_add(
	    j, "agreements", json_object_new_int64(c->agreements));
	json_object_object_add(
	    j, "meetings", json_object_new_int64(c->meetings));
	json_print(j);
}

/* audited() body of `citizen erase`: check, export, wipe, audit. */
static int
erase_run(struct ctx *ctx, void *arg)
{
	struct erase_job   *job = arg;
	struct erase_counts counts;
	struct citizen_rec  r;
	struct buf	    detail = { 0 };
	int		    rv = CMD_FAIL;

	if (citizen_by_ext(ctx, job->ext, &r) == -1)
		return CMD_FAIL;
	if (erase_export(ctx, &r, job, &counts) == -1)
		goto out;
	buf_printf(
	    &detail, "%s; %zu record(s) exported", job->ext, job->records);
	if (audit_read(ctx, "erase_citizen", r.id, buf_str(&detail)) == -1)
		goto out;
	erase_report(ctx, job, &counts);
	rv = CMD_OK;
out:
	buf_free(&detail);
	citizen_rec_free(&r);
	return rv;
}

int
citizen_erase(struct ctx *ctx, int argc, char **argv)
{
	struct erase_job job;
	struct opts	 o;
	int		 rv;

	if (opts_parse_pos(&o, erase_options, -1, argc, argv,
		usage_citizen_erase, 1) == -1 ||
	    opts_require(
		&o, erase_options, usage_citizen_erase, ER_EXPORT, -1) == -1)
		return CMD_USAGE;
	memset(&job, 0, sizeof(job));
	job.ext = o.argv[0];
	job.path = o.val[ER_EXPORT];
	if (access(job.path, F_OK) == 0) {
		errorx(
		    "--export: %s exists already; give a new file", job.path);
		return CMD_FAIL;
	}
	rv = audited(ctx, "citizen erase", erase_run, &job);
	if (rv != CMD_OK && job.records > 0 && access(job.path, F_OK) == 0)
		errorx("nothing was erased; the export %s was written and can "
		       "be deleted",
		    job.path);
	buf_free(&job.out);
	return rv;
}
