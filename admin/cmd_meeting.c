/*
 * cmd_meeting.c - `mentorctl meeting add|move|cancel|list`.  Times are
 * ISO 8601; without an offset they are read as Danish wall time
 * (Europe/Copenhagen); one the clocks skip or show twice is refused.  A
 * move or a cancellation bumps the meeting's version, so the gateway
 * withdraws its reminders and, when the citizen knows the meeting
 * (notify.h), sends a notice; the command says which.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json.h>

#include "clock.h"
#include "cmd.h"
#include "config.h"
#include "edit.h"
#include "dates.h"
#include "i18n.h"
#include "import.h"
#include "log.h"
#include "notify.h"
#include "smsword.h"
#include "store.h"
#include "validate.h"

const char usage_meeting[] =
    "meeting add --agreement ID --starts TIME --ends TIME [--id ID]\n"
    "    [--place TEXT] [--place-in-sms] [--kind mentor|caseworker|other]\n"
    "meeting move ID --starts TIME --ends TIME\n"
    "meeting cancel ID\n"
    "meeting edit ID [--place TEXT | --no-place] [--place-in-sms yes|no]\n"
    "    [--kind mentor|caseworker|other]\n"
    "meeting list [--agreement ID] [--from DATE] [--days N]\n"
    "    TIME: 2026-11-24T10:00 (Danish time) or with an offset";

/* Parse --starts/--ends; 0, or -1 after one error line. */
static int
times_parse(const char *starts, const char *ends, time_t *s, time_t *e)
{
	const char *why;

	if ((why = valid_instant(starts, 0, s)) != NULL) {
		errorx("--starts: %s", why);
		return -1;
	}
	if ((why = valid_instant(ends, 0, e)) != NULL) {
		errorx("--ends: %s", why);
		return -1;
	}
	if ((why = valid_meeting_times(*s, *e)) != NULL) {
		errorx("--ends: %s", why);
		return -1;
	}
	return 0;
}

/* Find meeting ext; 0, or -1 after one error line. */
static int
meeting_find(struct ctx *ctx, const char *ext, struct meeting_rec *m)
{
	return found_or_fail(
	    ctx, store_meeting_by_external(ctx->store, ext, m), "meeting", ext);
}

/* One meeting as JSON. */
static struct json_object *
meeting_json(struct ctx *ctx, const struct meeting_rec *m)
{
	struct json_object *j;
	char		    t[40], *agreement;

	j = json_object_new_object();
	json_object_object_add(j, "id", json_str(m->external_id));
	agreement = agreement_external(ctx, m->agreement_id);
	json_object_object_add(j, "agreement", json_str(agreement));
	free(agreement);
	local_time_iso(m->starts_at, t, sizeof(t));
	json_object_object_add(j, "starts", json_str(t));
	local_time_iso(m->ends_at, t, sizeof(t));
	json_object_object_add(j, "ends", json_str(t));
	json_object_object_add(j, "place", json_str(m->place));
	json_object_object_add(
	    j, "place_in_sms", json_object_new_boolean(m->place_in_sms));
	json_object_object_add(j, "kind", json_str(m->kind));
	json_object_object_add(j, "status", json_str(m->status));
	json_object_object_add(j, "version", json_object_new_int(m->version));
	return j;
}

/* One meeting as a line. */
static void
meeting_line(struct ctx *ctx, const struct meeting_rec *m)
{
	char s[40], e[16], *agreement;

	local_time(m->starts_at, s, sizeof(s));
	local_time_hm(m->ends_at, e, sizeof(e));
	agreement = agreement_external(ctx, m->agreement_id);
	printf("%-12s %s-%s  %-10s %-9s %-10s %s\n", m->external_id, s, e,
	    or_dash(agreement), m->status, m->kind, or_dash(m->place));
	free(agreement);
}

/* What the citizen will be texted about a change, for staff. */
static const char *const notice_words[] = {
	[NOTICE_NONE] = "none",
	[NOTICE_MOVED] = "meeting_moved",
	[NOTICE_CANCELLED] = "meeting_cancelled",
};

/* The warning for a place left out of SMS because of a word. */
#define PLACE_TEXT \
	N_("Stedet kommer ikke med i sms'er, fordi det " \
	   "indeholder ordet")

const char *
meeting_place_word(const struct ctx *ctx, const char *place, int in_sms)
{
	if (!in_sms || place == NULL)
		return NULL;
	return smsword_find(&ctx->cfg->sms_sensitive, place);
}

struct json_object *
meeting_place_warning(
    const struct ctx *ctx, const char *meeting, const char *word)
{
	struct json_object *w = json_object_new_object();
	char		    text[200];

	json_object_object_add(w, "meeting", json_str(meeting));
	json_object_object_add(w, "check", json_str("place_in_sms"));
	json_object_object_add(w, "word", json_str(word));
	snprintf(text, sizeof(text), "%s \"%s\".", tr(ctx, PLACE_TEXT), word);
	json_object_object_add(w, "text", json_str(text));
	return w;
}

void
meeting_place_warning_print(
    const struct ctx *ctx, const char *meeting, const char *word)
{
	printf("  ! %s: %s \"%s\".\n", meeting, tr(ctx, PLACE_TEXT), word);
}

/*
 * Print the meeting now stored under id; after a change (changed), also
 * whether the gateway will text the citizen about it, by the rule it
 * uses (notify.h); and the warning when its place was left out of SMS
 * because of word (NULL: none).
 */
int
meeting_report(struct ctx *ctx, int64_t id, int changed, const char *word)
{
	struct json_object *j, *w;
	struct meeting_rec  m;
	enum notice_kind    kind = NOTICE_NONE;
	enum notice_why	    why = NOTICE_UNCHANGED;
	enum store_err	    e;

	if ((e = store_meeting_get(ctx->store, id, &m)) != STORE_OK)
		return store_fail(ctx, "meeting", e);
	if (changed) {
		why = notice_meeting(
		    ctx->store, ctx->cfg, id, ctx->now, NULL, &kind, &e);
		if (e != STORE_OK) { /* the change itself is stored */
			meeting_rec_free(&m);
			return store_fail(
			    ctx, "meeting: the citizen's text", e);
		}
	}
	if (ctx->json) {
		j = meeting_json(ctx, &m);
		w = json_object_new_array();
		if (word != NULL)
			json_object_array_add(
			    w, meeting_place_warning(ctx, m.external_id, word));
		json_object_object_add(j, "warnings", w);
		if (changed) {
			json_object_object_add(
			    j, "sms", json_str(notice_words[kind]));
			if (kind == NOTICE_NONE)
				json_object_object_add(j, "sms_reason",
				    json_str(notice_why_text(why)));
		}
		json_print(j);
	} else {
		meeting_line(ctx, &m);
		if (changed && kind != NOTICE_NONE)
			printf("The citizen gets a text about it.\n");
		else if (changed)
			printf("No text to the citizen: %s.\n",
			    notice_why_text(why));
		if (word != NULL) {
			printf("%s\n", tr(ctx, N_("Advarsler:")));
			meeting_place_warning_print(ctx, m.external_id, word);
		}
	}
	meeting_rec_free(&m);
	return CMD_OK;
}

/* --- add ----------------------------------------------------------------- */

enum add_opt {
	ADD_ID,
	ADD_AGREEMENT,
	ADD_STARTS,
	ADD_ENDS,
	ADD_PLACE,
	ADD_IN_SMS,
	ADD_KIND,
	ADD__MAX
};

static const struct option add_options[] = {
	[ADD_ID] = { "id", required_argument, NULL, ADD_ID },
	[ADD_AGREEMENT] = { "agreement", required_argument, NULL,
	    ADD_AGREEMENT },
	[ADD_STARTS] = { "starts", required_argument, NULL, ADD_STARTS },
	[ADD_ENDS] = { "ends", required_argument, NULL, ADD_ENDS },
	[ADD_PLACE] = { "place", required_argument, NULL, ADD_PLACE },
	[ADD_IN_SMS] = { "place-in-sms", no_argument, NULL, ADD_IN_SMS },
	[ADD_KIND] = { "kind", required_argument, NULL, ADD_KIND },
	{ NULL, 0, NULL, 0 }
};

/* Check the options and fill m; 0, or -1 after one error line. */
static int
add_fill(struct ctx *ctx, const struct opts *o, struct meeting_rec *m)
{
	struct agreement_rec a;
	const char	    *why = NULL, *what = NULL;
	char		     ext[EXTERNAL_ID_MAX + 1];

	if (o->val[ADD_ID] && (why = valid_external_id(o->val[ADD_ID])))
		what = "--id";
	else if (o->val[ADD_PLACE] && (why = valid_place(o->val[ADD_PLACE])))
		what = "--place";
	else if (o->val[ADD_KIND] &&
	    (why = valid_word(o->val[ADD_KIND], &words_meeting_kind)))
		what = "--kind";
	if (what != NULL)
		return errorx("%s: %s", what, why), -1;
	if (times_parse(o->val[ADD_STARTS], o->val[ADD_ENDS], &m->starts_at,
		&m->ends_at) == -1 ||
	    agreement_find(ctx, o->val[ADD_AGREEMENT], &a) == -1)
		return -1;
	m->agreement_id = a.id;
	agreement_rec_free(&a);
	if (o->val[ADD_ID] != NULL)
		snprintf(ext, sizeof(ext), "%s", o->val[ADD_ID]);
	else
		external_id_new("m", ext, sizeof(ext));
	if ((m->external_id = strdup(ext)) == NULL ||
	    (o->val[ADD_PLACE] &&
		(m->place = strdup(o->val[ADD_PLACE])) == NULL))
		fatal("strdup");
	m->place_in_sms = o->val[ADD_IN_SMS] != NULL;
	snprintf(m->kind, sizeof(m->kind), "%s",
	    o->val[ADD_KIND] ? o->val[ADD_KIND] : "mentor");
	snprintf(m->status, sizeof(m->status), "planned");
	return 0;
}

/*
 * The audit row of a change to meeting ext of agreement agreement_id:
 * action on the agreement's citizen, inside the caller's transaction.
 * Returns STORE_OK or the store's error.
 */
static enum store_err
meeting_audit(
    struct ctx *ctx, const char *action, int64_t agreement_id, const char *ext)
{
	struct agreement_rec a;
	enum store_err	     e;

	if ((e = store_agreement_get(ctx->store, agreement_id, &a)) != STORE_OK)
		return e;
	e = store_audit(ctx->store, ctx->now, "staff", ctx->actor, action,
	    a.citizen_id, "mentorctl", ext);
	agreement_rec_free(&a);
	return e;
}

/* `meeting add`: a new planned meeting. */
static int
meeting_add(struct ctx *ctx, int argc, char **argv)
{
	struct meeting_rec m, old;
	struct opts	   o;
	const char	  *word;
	enum store_err	   e;
	int		   rv = CMD_FAIL;

	if (opts_parse_pos(&o, add_options, -1, argc, argv, usage_meeting, 0) ==
		-1 ||
	    opts_require(&o, add_options, usage_meeting, ADD_AGREEMENT,
		ADD_STARTS, ADD_ENDS, -1) == -1)
		return CMD_USAGE;
	memset(&m, 0, sizeof(m));
	if (add_fill(ctx, &o, &m) == -1)
		goto out;
	if (store_meeting_by_external(ctx->store, m.external_id, &old) ==
	    STORE_OK) {
		meeting_rec_free(&old);
		errorx("meeting \"%s\" exists already; use meeting move",
		    m.external_id);
		goto out;
	}
	/* Never stored as "may be in an SMS" with such a word; staff told. */
	if ((word = meeting_place_word(ctx, m.place, m.place_in_sms)) != NULL)
		m.place_in_sms = 0;
	if ((e = store_begin(ctx->store)) != STORE_OK ||
	    (e = store_meeting_upsert(ctx->store, &m)) != STORE_OK ||
	    (e = meeting_audit(ctx, "add_meeting", m.agreement_id,
		 m.external_id)) != STORE_OK ||
	    (e = store_commit(ctx->store)) != STORE_OK) {
		store_rollback(ctx->store);
		store_fail(ctx, "meeting add", e);
	} else
		rv = meeting_report(ctx, m.id, 0, word);
out:
	meeting_rec_free(&m);
	return rv;
}

/* --- move and cancel ----------------------------------------------------- */

enum move_opt { MOVE_STARTS, MOVE_ENDS, MOVE__MAX };

static const struct option move_options[] = {
	[MOVE_STARTS] = { "starts", required_argument, NULL, MOVE_STARTS },
	[MOVE_ENDS] = { "ends", required_argument, NULL, MOVE_ENDS },
	{ NULL, 0, NULL, 0 }
};

/* `meeting move ID`: new time, status moved, version+1. */
static int
meeting_move(struct ctx *ctx, int argc, char **argv)
{
	struct meeting_rec m;
	struct opts	   o;
	const char	  *word;
	time_t		   s, e;
	int64_t		   id, agreement_id;
	enum store_err	   err;

	if (opts_parse_pos(
		&o, move_options, -1, argc, argv, usage_meeting, 1) == -1 ||
	    opts_require(&o, move_options, usage_meeting, MOVE_STARTS,
		MOVE_ENDS, -1) == -1)
		return CMD_USAGE;
	if (times_parse(o.val[MOVE_STARTS], o.val[MOVE_ENDS], &s, &e) == -1 ||
	    meeting_find(ctx, o.argv[0], &m) == -1)
		return CMD_FAIL;
	id = m.id;
	agreement_id = m.agreement_id;
	/* The "moved" text shows the place only when no word forbids it. */
	word = meeting_place_word(ctx, m.place, m.place_in_sms);
	meeting_rec_free(&m);
	if ((err = store_begin(ctx->store)) != STORE_OK ||
	    (word != NULL &&
		(err = store_meeting_hide_place(ctx->store, id)) != STORE_OK) ||
	    (err = store_meeting_move(ctx->store, id, s, e, ctx->now)) !=
		STORE_OK ||
	    (err = meeting_audit(
		 ctx, "move_meeting", agreement_id, o.argv[0])) != STORE_OK ||
	    (err = store_commit(ctx->store)) != STORE_OK) {
		store_rollback(ctx->store);
		if (err != STORE_NOTFOUND)
			return store_fail(ctx, "meeting move", err);
		errorx(
		    "meeting \"%.64s\" is cancelled; add a new one", o.argv[0]);
		return CMD_FAIL;
	}
	return meeting_report(ctx, id, 1, word);
}

/* `meeting cancel ID`: status cancelled, version+1. */
static int
meeting_cancel(struct ctx *ctx, int argc, char **argv)
{
	static const struct option none[] = { { NULL, 0, NULL, 0 } };
	struct meeting_rec	   m;
	struct opts		   o;
	enum store_err		   e;
	int64_t			   id, agreement_id;

	if (opts_parse_pos(&o, none, -1, argc, argv, "meeting cancel ID", 1) ==
	    -1)
		return CMD_USAGE;
	if (meeting_find(ctx, o.argv[0], &m) == -1)
		return CMD_FAIL;
	id = m.id;
	agreement_id = m.agreement_id;
	meeting_rec_free(&m);
	if ((e = store_begin(ctx->store)) == STORE_OK &&
	    (e = store_meeting_cancel(ctx->store, id, ctx->now)) == STORE_OK &&
	    (e = meeting_audit(
		 ctx, "cancel_meeting", agreement_id, o.argv[0])) == STORE_OK)
		e = store_commit(ctx->store);
	if (e != STORE_OK)
		store_rollback(ctx->store);
	if (e == STORE_NOTFOUND) {
		errorx("meeting \"%.64s\" is cancelled already", o.argv[0]);
		return CMD_FAIL;
	}
	if (e != STORE_OK)
		return store_fail(ctx, "meeting cancel", e);
	return meeting_report(ctx, id, 1, NULL);
}

/* --- list ---------------------------------------------------------------- */

enum list_opt { LIST_AGREEMENT, LIST_FROM, LIST_DAYS, LIST__MAX };

static const struct option list_options[] = { [LIST_AGREEMENT] = { "agreement",
						  required_argument, NULL,
						  LIST_AGREEMENT },
	[LIST_FROM] = { "from", required_argument, NULL, LIST_FROM },
	[LIST_DAYS] = { "days", required_argument, NULL, LIST_DAYS },
	{ NULL, 0, NULL, 0 } };

struct list_state {
	struct ctx	   *ctx;
	int64_t		    agreement; /* 0: every agreement */
	time_t		    from;
	time_t		    until; /* 0: no limit */
	struct json_object *arr;
	int		    failed;
};

/* store_meeting_list callback: audit (the citizen's data), then keep. */
static int
list_one(const struct meeting_rec *m, void *arg)
{
	struct list_state   *ls = arg;
	struct agreement_rec a;
	int64_t		     citizen = 0;

	if (ls->until != 0 && m->starts_at >= ls->until)
		return 1;
	if (store_agreement_get(ls->ctx->store, m->agreement_id, &a) ==
	    STORE_OK) {
		citizen = a.citizen_id;
		agreement_rec_free(&a);
	}
	if (audit_read(ls->ctx, "list_meetings", citizen, m->external_id) == -1)
		return ls->failed = 1;
	json_object_array_add(ls->arr, meeting_json(ls->ctx, m));
	return 0;
}

/* audited_listing fill: the meetings in the range. */
static int
list_fill(struct ctx *ctx, void *arg, struct json_object *arr)
{
	struct list_state *ls = arg;
	enum store_err	   e;

	ls->arr = arr;
	e = store_meeting_list(
	    ctx->store, ls->agreement, ls->from, 0, list_one, ls);
	if (e != STORE_OK)
		store_fail(ctx, "meeting list", e);
	return e != STORE_OK || ls->failed ? -1 : 0;
}

/* audited_listing line: "2026-11-25 10:00-11:00" from the ISO times. */
static void
list_line(struct ctx *ctx, struct json_object *o)
{
	const char *s = json_get_str(o, "starts");
	const char *e = json_get_str(o, "ends");

	printf("%-12s %.10s %.5s-%.5s  %-10s %-9s %-10s %s\n",
	    json_get_str(o, "id"), s, s + 11, e + 11,
	    or_dash(json_get_str(o, "agreement")), json_get_str(o, "status"),
	    json_get_str(o, "kind"), or_dash(json_get_str(o, "place")));
}

/* Work out the agreement, start and end of the listing; 0 or -1. */
static int
list_range(struct ctx *ctx, const struct opts *o, int64_t *agreement,
    time_t *from, time_t *until)
{
	struct agreement_rec a;
	char		     last[DATE_LEN];
	long long	     days = 0;

	*agreement = 0;
	*from = ctx->now;
	*until = 0;
	if (o->val[LIST_AGREEMENT] != NULL) {
		if (agreement_find(ctx, o->val[LIST_AGREEMENT], &a) == -1)
			return -1;
		*agreement = a.id;
		agreement_rec_free(&a);
	}
	if (o->val[LIST_FROM] != NULL &&
	    (valid_date(o->val[LIST_FROM]) != NULL ||
		(*from = clock_date_start(o->val[LIST_FROM])) == (time_t)-1))
		return errorx("--from: not a real date (YYYY-MM-DD)"), -1;
	if (o->val[LIST_DAYS] == NULL)
		return 0;
	if (valid_number(o->val[LIST_DAYS], 1, 3660, &days) != NULL)
		return errorx("--days: a number from 1 to 3660"), -1;
	if (dates_add_days(o->val[LIST_FROM] ? o->val[LIST_FROM] : ctx->today,
		(int)days, last) == -1 ||
	    (*until = clock_date_start(last)) == (time_t)-1)
		return errorx("--days: out of range"), -1;
	return 0;
}

/* `meeting list`: upcoming meetings; audited per meeting. */
static int
meeting_list(struct ctx *ctx, int argc, char **argv)
{
	struct list_state ls = { ctx, 0, 0, 0, NULL, 0 };
	struct opts	  o;

	if (opts_parse_pos(
		&o, list_options, -1, argc, argv, usage_meeting, 0) == -1)
		return CMD_USAGE;
	if (list_range(ctx, &o, &ls.agreement, &ls.from, &ls.until) == -1)
		return CMD_FAIL;
	return audited_listing(ctx, "meeting list", list_fill, &ls, list_line);
}

static const struct subcommand meeting_subcommands[] = {
	{ "add", meeting_add,
	    "meeting add --agreement ID --starts TIME "
	    "--ends TIME [...]" },
	{ "move", meeting_move, "meeting move ID --starts TIME --ends TIME" },
	{ "cancel", meeting_cancel, "meeting cancel ID" },
	{ "edit", meeting_edit, usage_meeting_edit },
	{ "list", meeting_list,
	    "meeting list [--agreement ID] [--from DATE] "
	    "[--days N]" },
};

int
cmd_meeting(struct ctx *ctx, int argc, char **argv)
{
	return subcommand_run(ctx, "meeting", meeting_subcommands,
	    sizeof(meeting_subcommands) / sizeof(meeting_subcommands[0]), argc,
	    argv);
}
