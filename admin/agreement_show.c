/*
 * agreement_show.c - `mentorctl agreement show ID`: the six items the
 * written agreement must hold, in the order of DESIGN.md, each shown as
 * "not recorded" when missing, then the warnings.  The labels follow
 * --lang (Danish by default).  Read and audited in one transaction
 * (audited).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json.h>

#include "cmd.h"
#include "i18n.h"
#include "store.h"

#define NOT_RECORDED N_("ikke registreret")

struct status_word {
	const char *status;
	const char *text;
};

static const struct status_word status_words[] = {
	{ "draft", N_("kladde") },
	{ "active", N_("aktiv") },
	{ "ended", N_("afsluttet") },
	{ "planned", N_("planlagt") },
	{ "moved", N_("flyttet") },
	{ "cancelled", N_("aflyst") },
};

/* The status in the context's language. */
static const char *
status_text(const struct ctx *ctx, const char *status)
{
	size_t i;

	for (i = 0; i < sizeof(status_words) / sizeof(status_words[0]); i++)
		if (strcmp(status, status_words[i].status) == 0)
			return tr(ctx, status_words[i].text);
	return status;
}

/* s, or "not recorded" in the context's language. */
static const char *
or_missing(const struct ctx *ctx, const char *s)
{
	return s == NULL || *s == '\0' ? tr(ctx, NOT_RECORDED) : s;
}

/* Print "LABEL: value". */
static void
show_line(const struct ctx *ctx, const char *label, const char *value)
{
	printf("%s: %s\n", tr(ctx, label), or_missing(ctx, value));
}

/* The staff member as a JSON object, or null. */
static struct json_object *
staff_json(struct ctx *ctx, int64_t id)
{
	struct staff_rec    r, d;
	struct json_object *j;

	if (id == 0 || store_staff_get(ctx->store, id, &r) != STORE_OK)
		return NULL;
	j = json_object_new_object();
	json_object_object_add(j, "id", json_str(r.external_id));
	json_object_object_add(j, "name", json_str(r.name));
	json_object_object_add(j, "mobile", json_str(r.mobile));
	json_object_object_add(j, "email", json_str(r.email));
	json_object_object_add(j, "reachable", json_str(r.reachable));
	json_object_object_add(j, "away_from", json_str(r.away_from));
	json_object_object_add(j, "away_until", json_str(r.away_until));
	json_object_object_add(j, "away_today",
	    json_object_new_boolean(staff_is_away(&r, ctx->today)));
	if (r.deputy_id != 0 &&
	    store_staff_get(ctx->store, r.deputy_id, &d) == STORE_OK) {
		json_object_object_add(j, "deputy", json_str(d.external_id));
		staff_rec_free(&d);
	}
	staff_rec_free(&r);
	return j;
}

/* Item 2: the mentor, contact details, absence and deputy. */
static void
mentor_print(struct ctx *ctx, int64_t id)
{
	struct staff_rec r;
	char		*deputy;

	if (id == 0 || store_staff_get(ctx->store, id, &r) != STORE_OK) {
		show_line(ctx, N_("2. Mentor"), NULL);
		return;
	}
	printf(
	    "%s: %s (%s)\n", tr(ctx, N_("2. Mentor")), r.name, r.external_id);
	printf(
	    "   %s: %s\n", tr(ctx, N_("telefon")), or_missing(ctx, r.mobile));
	printf("   %s: %s\n", tr(ctx, N_("e-mail")), or_missing(ctx, r.email));
	if (r.reachable != NULL)
		printf("   %s: %s\n", tr(ctx, N_("træffes")), r.reachable);
	if (r.away_from != NULL || r.away_until != NULL) {
		deputy = staff_label(ctx, r.deputy_id);
		printf("   %s: %s – %s%s; %s: %s\n", tr(ctx, N_("fravær")),
		    or_dash(r.away_from), or_dash(r.away_until),
		    staff_is_away(&r, ctx->today) ? tr(ctx, N_(" (nu)")) : "",
		    tr(ctx, N_("stedfortræder")), or_missing(ctx, deputy));
		free(deputy);
	}
	staff_rec_free(&r);
}

/* Item 5: "4 timer om ugen" / "40 timer i alt". */
static void
hours_print(const struct ctx *ctx, const struct agreement_rec *a)
{
	if (!(a->hours_amount > 0) || a->hours_per == NULL) {
		show_line(ctx, N_("5. Timer"), NULL);
		return;
	}
	printf("%s: %g %s\n", tr(ctx, N_("5. Timer")), a->hours_amount,
	    strcmp(a->hours_per, "week") == 0 ? tr(ctx, N_("timer om ugen"))
					      : tr(ctx, N_("timer i alt")));
}

/* Item 6: the guidance text's title and key. */
static void
guidance_print(struct ctx *ctx, const struct agreement_rec *a)
{
	struct guidance_rec g;

	if (a->guidance_key == NULL ||
	    store_guidance_get(ctx->store, a->guidance_key, ctx->lang, &g) !=
		STORE_OK) {
		show_line(ctx, N_("6. Klagevejledning"), NULL);
		return;
	}
	printf(
	    "%s: %s (%s)\n", tr(ctx, N_("6. Klagevejledning")), g.title, g.key);
	guidance_rec_free(&g);
}

/* Items 3 and 4: tasks and period. */
static void
tasks_period_print(const struct ctx *ctx, const struct agreement_rec *a)
{
	size_t i;

	if (a->ntasks == 0)
		show_line(ctx, N_("3. Opgaver"), NULL);
	else
		printf("%s:\n", tr(ctx, N_("3. Opgaver")));
	for (i = 0; i < a->ntasks; i++)
		printf("   %zu) %s\n", i + 1, a->tasks[i]);
	if (a->starts_on == NULL && a->ends_on == NULL)
		show_line(ctx, N_("4. Periode"), NULL);
	else
		printf("%s: %s – %s\n", tr(ctx, N_("4. Periode")),
		    or_missing(ctx, a->starts_on), or_missing(ctx, a->ends_on));
}

/* The rest: caseworker, legal basis, discharge, extends. */
static void
more_print(struct ctx *ctx, const struct agreement_rec *a)
{
	char *s;

	s = staff_label(ctx, a->caseworker_id);
	show_line(ctx, N_("Sagsbehandler"), s);
	free(s);
	show_line(ctx, N_("Lovgrundlag"), a->legal_basis);
	show_line(ctx, N_("Efter udskrivelse fra psykiatrien"),
	    a->after_discharge ? tr(ctx, N_("ja")) : tr(ctx, N_("nej")));
	if (a->extends_id != 0) {
		s = agreement_external(ctx, a->extends_id);
		show_line(ctx, N_("Forlænger aftale"), s);
		free(s);
	}
}

struct meeting_state {
	const struct ctx   *ctx;
	struct json_object *arr; /* JSON, or NULL: print */
};

/* store_meeting_list callback: one line per meeting. */
static int
meeting_line(const struct meeting_rec *m, void *arg)
{
	struct meeting_state *ms = arg;
	struct json_object   *arr = ms->arr, *j;
	char		      s[40], e[40];

	if (arr != NULL) {
		j = json_object_new_object();
		json_object_object_add(j, "id", json_str(m->external_id));
		local_time_iso(m->starts_at, s, sizeof(s));
		local_time_iso(m->ends_at, e, sizeof(e));
		json_object_object_add(j, "starts", json_str(s));
		json_object_object_add(j, "ends", json_str(e));
		json_object_object_add(j, "place", json_str(m->place));
		json_object_object_add(j, "status", json_str(m->status));
		json_object_array_add(arr, j);
		return 0;
	}
	local_time(m->starts_at, s, sizeof(s));
	local_time_hm(m->ends_at, e, sizeof(e));
	printf("   %s-%s %s (%s)\n", s, e, or_dash(m->place),
	    status_text(ms->ctx, m->status));
	return 0;
}

/* The human-readable page. */
static void
show_text(struct ctx *ctx, const struct agreement_rec *a,
    const struct citizen_rec *c, struct json_object *warnings)
{
	struct meeting_state ms = { ctx, NULL };

	printf("%s %s (%s)\n", tr(ctx, N_("Aftale")), a->external_id,
	    status_text(ctx, a->status));
	printf("%s: %s (%s)\n", tr(ctx, N_("Borger")), c->given_name,
	    c->external_id);
	show_line(ctx, N_("1. Mål"), a->goal);
	mentor_print(ctx, a->mentor_id);
	tasks_period_print(ctx, a);
	hours_print(ctx, a);
	guidance_print(ctx, a);
	more_print(ctx, a);
	printf("%s:\n", tr(ctx, N_("Kommende møder")));
	store_meeting_list(ctx->store, a->id, ctx->now, 5, meeting_line, &ms);
	if (json_object_array_length(warnings) == 0)
		printf("%s\n", tr(ctx, N_("Ingen advarsler.")));
	else
		warnings_print(ctx, warnings);
}

/* The JSON form. */
static void
show_json(struct ctx *ctx, const struct agreement_rec *a,
    const struct citizen_rec *c, struct json_object *warnings)
{
	struct json_object  *j, *o, *tasks, *meetings;
	struct meeting_state ms = { ctx, NULL };
	size_t		     i;
	char		    *s;

	j = json_object_new_object();
	json_object_object_add(j, "id", json_str(a->external_id));
	json_object_object_add(j, "status", json_str(a->status));
	o = json_object_new_object();
	json_object_object_add(o, "id", json_str(c->external_id));
	json_object_object_add(o, "given_name", json_str(c->given_name));
	json_object_object_add(j, "citizen", o);
	json_object_object_add(j, "goal", json_str(a->goal));
	json_object_object_add(j, "mentor", staff_json(ctx, a->mentor_id));
	tasks = json_object_new_array();
	for (i = 0; i < a->ntasks; i++)
		json_object_array_add(tasks, json_str(a->tasks[i]));
	json_object_object_add(j, "tasks", tasks);
	json_object_object_add(j, "starts", json_str(a->starts_on));
	json_object_object_add(j, "ends", json_str(a->ends_on));
	o = NULL;
	if (a->hours_amount > 0 && a->hours_per != NULL) {
		o = json_object_new_object();
		json_object_object_add(
		    o, "amount", json_object_new_double(a->hours_amount));
		json_object_object_add(o, "per", json_str(a->hours_per));
	}
	json_object_object_add(j, "hours", o);
	json_object_object_add(
	    j, "complaint_guidance", json_str(a->guidance_key));
	json_object_object_add(
	    j, "caseworker", staff_json(ctx, a->caseworker_id));
	json_object_object_add(j, "legal_basis", json_str(a->legal_basis));
	json_object_object_add(j, "after_psychiatric_discharge",
	    json_object_new_boolean(a->after_discharge));
	s = agreement_external(ctx, a->extends_id);
	json_object_object_add(j, "extends", json_str(s));
	free(s);
	ms.arr = meetings = json_object_new_array();
	store_meeting_list(ctx->store, a->id, ctx->now, 5, meeting_line, &ms);
	json_object_object_add(j, "upcoming_meetings", meetings);
	json_object_object_add(j, "warnings", json_object_get(warnings));
	json_print(j);
}

/* audited() body of `agreement show`: arg is the agreement's id. */
static int
show_run(struct ctx *ctx, void *arg)
{
	struct agreement_rec a;
	struct citizen_rec   c;
	struct json_object  *warnings;
	int		     rv = CMD_FAIL;

	if (agreement_find(ctx, arg, &a) == -1)
		return CMD_FAIL;
	if (store_citizen_get(ctx->store, a.citizen_id, &c) != STORE_OK) {
		agreement_rec_free(&a);
		return store_fail(ctx, "agreement citizen", STORE_NOTFOUND);
	}
	warnings = json_object_new_array();
	if (audit_read(ctx, "show_agreement", a.citizen_id, a.external_id) ==
		0 &&
	    agreement_warnings(ctx, &a, warnings) >= 0) {
		if (ctx->json)
			show_json(ctx, &a, &c, warnings);
		else
			show_text(ctx, &a, &c, warnings);
		rv = CMD_OK;
	}
	json_object_put(warnings);
	citizen_rec_free(&c);
	agreement_rec_free(&a);
	return rv;
}

int
agreement_show(struct ctx *ctx, int argc, char **argv)
{
	struct opts		   o;
	static const struct option none[] = { { NULL, 0, NULL, 0 } };

	if (opts_parse_pos(&o, none, -1, argc, argv, "agreement show ID", 1) ==
	    -1)
		return CMD_USAGE;
	return audited(ctx, "agreement show", show_run, o.argv[0]);
}
