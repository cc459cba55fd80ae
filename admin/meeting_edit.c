/*
 * meeting_edit.c - `mentorctl meeting edit`: the place, whether the place
 * may be in an SMS, and the kind of a meeting not cancelled; the time is
 * meeting move, the end of it meeting cancel.  A new place is a new
 * version of the meeting, so the citizen is told the way meeting move
 * tells them (notify.h); checked by the shared rules, stored with an
 * audit row in one transaction.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cmd.h"
#include "edit.h"
#include "import.h"
#include "log.h"
#include "store.h"
#include "validate.h"

const char usage_meeting_edit[] =
    "meeting edit ID [--place TEXT | --no-place] [--place-in-sms yes|no]\n"
    "    [--kind mentor|caseworker|other]";

enum edit_opt { ED_PLACE, ED_NO_PLACE, ED_IN_SMS, ED_KIND, ED__MAX };

static const struct option edit_options[] = {
	[ED_PLACE] = { "place", required_argument, NULL, ED_PLACE },
	[ED_NO_PLACE] = { "no-place", no_argument, NULL, ED_NO_PLACE },
	[ED_IN_SMS] = { "place-in-sms", required_argument, NULL, ED_IN_SMS },
	[ED_KIND] = { "kind", required_argument, NULL, ED_KIND },
	{ NULL, 0, NULL, 0 }
};

static const struct word_list words_yes_no = { { "yes", "no", NULL },
	"expected yes or no", 0 };

/* Check every value given; 0, or -1 after one error line. */
static int
edit_check(const struct opts *o)
{
	const char *why = NULL, *what = NULL;

	if (edit_none(o, ED__MAX) == -1)
		return -1;
	if (o->val[ED_PLACE] && o->val[ED_NO_PLACE])
		return errorx("--place and --no-place cannot go together"), -1;
	if (o->val[ED_PLACE] && (why = valid_place(o->val[ED_PLACE])))
		what = "--place";
	else if (o->val[ED_IN_SMS] &&
	    (why = valid_word(o->val[ED_IN_SMS], &words_yes_no)))
		what = "--place-in-sms";
	else if (o->val[ED_KIND] &&
	    (why = valid_word(o->val[ED_KIND], &words_meeting_kind)))
		what = "--kind";
	if (what != NULL)
		return errorx("%s: %s", what, why), -1;
	return 0;
}

/* Apply the options to m; returns 1 when the place changed. */
static int
edit_apply(const struct opts *o, struct meeting_rec *m)
{
	const char *place = m->place;
	int	    moved;

	if (o->val[ED_PLACE])
		place = o->val[ED_PLACE];
	else if (o->val[ED_NO_PLACE])
		place = NULL;
	moved = (place == NULL) != (m->place == NULL) ||
	    (place != NULL && strcmp(place, m->place) != 0);
	if (moved) {
		free(m->place);
		m->place = NULL;
		if (place != NULL && (m->place = strdup(place)) == NULL)
			fatal("strdup");
	}
	if (o->val[ED_IN_SMS])
		m->place_in_sms = strcmp(o->val[ED_IN_SMS], "yes") == 0;
	if (o->val[ED_KIND])
		snprintf(m->kind, sizeof(m->kind), "%s", o->val[ED_KIND]);
	return moved;
}

/* The citizen whose meeting m is, into *id; 0 or -1. */
static int
meeting_citizen(struct ctx *ctx, const struct meeting_rec *m, int64_t *id)
{
	struct agreement_rec a;
	enum store_err	     e;

	if ((e = store_agreement_get(ctx->store, m->agreement_id, &a)) !=
	    STORE_OK)
		return store_fail(ctx, "meeting edit", e), -1;
	*id = a.citizen_id;
	agreement_rec_free(&a);
	return 0;
}

/* audited() body of `meeting edit`; arg is the struct opts. */
static int
edit_run(struct ctx *ctx, void *arg)
{
	const struct opts *o = arg;
	struct meeting_rec m;
	struct buf	   detail = { 0 };
	const char	  *word;
	enum store_err	   e;
	int64_t		   citizen;
	int		   moved, rv = CMD_FAIL;
	size_t		   i;

	if ((e = store_meeting_by_external(ctx->store, o->argv[0], &m)) !=
	    STORE_OK) {
		if (e == STORE_NOTFOUND)
			errorx("no meeting \"%.64s\"", o->argv[0]);
		else
			store_fail(ctx, "meeting edit", e);
		return CMD_FAIL;
	}
	if (strcmp(m.status, "cancelled") == 0) {
		errorx("meeting \"%.64s\" is cancelled; add a new one",
		    o->argv[0]);
		goto out;
	}
	moved = edit_apply(o, &m);
	/* Never stored as "may be in an SMS" with such a word; staff told. */
	if ((word = meeting_place_word(ctx, m.place, m.place_in_sms)) != NULL)
		m.place_in_sms = 0;
	if (meeting_citizen(ctx, &m, &citizen) == -1)
		goto out;
	if ((e = store_meeting_upsert(ctx->store, &m)) != STORE_OK) {
		store_fail(ctx, "meeting edit", e);
		goto out;
	}
	buf_printf(&detail, "%s:", m.external_id);
	for (i = 0; i < ED__MAX; i++)
		if (o->val[i] != NULL)
			buf_printf(&detail, " %s", edit_options[i].name);
	if (audit_read(ctx, "edit_meeting", citizen, buf_str(&detail)) == 0)
		rv = meeting_report(ctx, m.id, moved, word);
out:
	buf_free(&detail);
	meeting_rec_free(&m);
	return rv;
}

int
meeting_edit(struct ctx *ctx, int argc, char **argv)
{
	struct opts o;

	if (opts_parse_pos(
		&o, edit_options, -1, argc, argv, usage_meeting_edit, 1) == -1)
		return CMD_USAGE;
	if (edit_check(&o) == -1)
		return CMD_FAIL;
	return audited(ctx, "meeting edit", edit_run, &o);
}
