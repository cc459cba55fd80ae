/*
 * cmd_status.c - `mentorctl status`: how things stand, mostly as
 * counts.  Where a citizen's data is shown (an agreement that ends soon,
 * a citizen's number that fails) an audit row "show_status" is written
 * for that citizen, in the transaction that reads it (audited).
 *
 * The report is a table of sections.  Each section either adds its keys
 * to the JSON object j (--json) or, when j is NULL, prints its lines.
 * Other parts add rows (the gateway's queue health: status_outbox() in
 * admin/status_outbox.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json.h>

#include "clock.h"
#include "cmd.h"
#include "config.h"
#include "dates.h"
#include "store.h"
#include "store_contact.h"
#include "store_inbox.h"

#define STATUS_MEETING_DAYS 7

struct status_section {
	const char *name;
	int (*run)(struct ctx *, struct json_object *j);
};

/* store_staff_list callback: count. */
static int
count_staff(const struct staff_rec *r, void *arg)
{
	(*(int64_t *)arg)++;
	return 0;
}

/* Section: numbers of citizens and staff. */
static int
status_people(struct ctx *ctx, struct json_object *j)
{
	int64_t	       citizens = 0, staff = 0;
	enum store_err e;

	if ((e = store_citizen_count(ctx->store, &citizens)) != STORE_OK ||
	    (e = store_staff_list(ctx->store, count_staff, &staff)) != STORE_OK)
		return store_fail(ctx, "status", e), -1;
	if (j != NULL) {
		json_object_object_add(
		    j, "citizens", json_object_new_int64(citizens));
		json_object_object_add(
		    j, "staff", json_object_new_int64(staff));
	} else
		printf("citizens:   %lld\nstaff:      %lld\n",
		    (long long)citizens, (long long)staff);
	return 0;
}

/* Section: agreements by status. */
static int
status_agreements(struct ctx *ctx, struct json_object *j)
{
	struct json_object *a;
	int64_t		    draft, active, ended;
	enum store_err	    e;

	if ((e = store_agreement_counts(ctx->store, &draft, &active, &ended)) !=
	    STORE_OK)
		return store_fail(ctx, "status", e), -1;
	if (j == NULL) {
		printf("agreements: %lld active, %lld draft, %lld ended\n",
		    (long long)active, (long long)draft, (long long)ended);
		return 0;
	}
	a = json_object_new_object();
	json_object_object_add(a, "draft", json_object_new_int64(draft));
	json_object_object_add(a, "active", json_object_new_int64(active));
	json_object_object_add(a, "ended", json_object_new_int64(ended));
	json_object_object_add(j, "agreements", a);
	return 0;
}

/* store_meeting_between callback: count. */
static int
count_meeting(const struct meeting_rec *m, void *arg)
{
	(*(int64_t *)arg)++;
	return 0;
}

/* Section: meetings in the next 7 days. */
static int
status_meetings(struct ctx *ctx, struct json_object *j)
{
	char	       end[DATE_LEN];
	time_t	       until;
	int64_t	       n = 0;
	enum store_err e;

	if (dates_add_days(ctx->today, STATUS_MEETING_DAYS + 1, end) == -1 ||
	    (until = clock_date_start(end)) == (time_t)-1)
		until = ctx->now + (STATUS_MEETING_DAYS + 1) * 86400;
	if ((e = store_meeting_between(
		 ctx->store, ctx->now, until, count_meeting, &n)) != STORE_OK)
		return store_fail(ctx, "status", e), -1;
	if (j != NULL)
		json_object_object_add(
		    j, "meetings_next_7_days", json_object_new_int64(n));
	else
		printf("meetings in the next %d days: %lld\n",
		    STATUS_MEETING_DAYS, (long long)n);
	return 0;
}

struct ending_state {
	struct ctx	   *ctx;
	struct json_object *arr;
	int		    n;
	int		    failed;
};

/* store_agreement_ending callback. */
static int
ending_one(const struct agreement_rec *a, void *arg)
{
	struct ending_state *es = arg;
	struct json_object  *o;
	char		    *mentor;

	if (audit_read(es->ctx, "show_status", a->citizen_id, a->external_id) ==
	    -1)
		return es->failed = 1;
	mentor = staff_label(es->ctx, a->mentor_id);
	if (es->arr != NULL) {
		o = json_object_new_object();
		json_object_object_add(o, "id", json_str(a->external_id));
		json_object_object_add(o, "ends", json_str(a->ends_on));
		json_object_object_add(o, "mentor", json_str(mentor));
		json_object_array_add(es->arr, o);
	} else {
		if (es->n == 0)
			printf("agreements ending within %d days:\n",
			    es->ctx->cfg->ending_days);
		printf("  %-12s ends %s, mentor %s\n", a->external_id,
		    a->ends_on, or_dash(mentor));
	}
	es->n++;
	free(mentor);
	return 0;
}

/* Section: active agreements ending within agreement_ending_days. */
static int
status_ending(struct ctx *ctx, struct json_object *j)
{
	struct ending_state es = { ctx, NULL, 0, 0 };
	char		    to[DATE_LEN];
	enum store_err	    e;

	if (dates_add_days(ctx->today, ctx->cfg->ending_days, to) == -1)
		return errorx("status: bad date"), -1;
	if (j != NULL)
		es.arr = json_object_new_array();
	if ((e = store_agreement_ending(
		 ctx->store, ctx->today, to, ending_one, &es)) != STORE_OK ||
	    es.failed) {
		json_object_put(es.arr);
		return es.failed ? -1 : (store_fail(ctx, "status", e), -1);
	}
	if (j != NULL)
		json_object_object_add(j, "agreements_ending", es.arr);
	else if (es.n == 0)
		printf("agreements ending within %d days: none\n",
		    ctx->cfg->ending_days);
	return 0;
}

/* store_staff_list callback: who is away today, and who stands in. */
static int
away_one(const struct staff_rec *r, void *arg)
{
	struct ending_state *es = arg;
	struct json_object  *o;
	char		    *deputy;

	if (!staff_is_away(r, es->ctx->today))
		return 0;
	deputy = staff_label(es->ctx, r->deputy_id);
	if (es->arr != NULL) {
		o = json_object_new_object();
		json_object_object_add(o, "id", json_str(r->external_id));
		json_object_object_add(o, "name", json_str(r->name));
		json_object_object_add(
		    o, "away_until", json_str(r->away_until));
		json_object_object_add(o, "deputy", json_str(deputy));
		json_object_array_add(es->arr, o);
	} else {
		if (es->n == 0)
			printf("staff away today:\n");
		printf("  %s (%s) until %s; deputy: %s\n", r->name,
		    r->external_id, or_dash(r->away_until),
		    deputy != NULL ? deputy
				   : "NOBODY - give one with "
				     "staff away ID --deputy");
	}
	es->n++;
	free(deputy);
	return 0;
}

/* Section: staff away today and their deputies. */
static int
status_absences(struct ctx *ctx, struct json_object *j)
{
	struct ending_state es = { ctx, NULL, 0, 0 };
	enum store_err	    e;

	if (j != NULL)
		es.arr = json_object_new_array();
	if ((e = store_staff_list(ctx->store, away_one, &es)) != STORE_OK) {
		json_object_put(es.arr);
		return store_fail(ctx, "status", e), -1;
	}
	if (j != NULL)
		json_object_object_add(j, "staff_away", es.arr);
	else if (es.n == 0)
		printf("staff away today: none\n");
	return 0;
}

/* Section: contact requests and incoming texts waiting for the gateway. */
static int
status_contact(struct ctx *ctx, struct json_object *j)
{
	int64_t open = 0, unacked = 0, escalated = 0, total = 0, pending = 0;
	enum store_err e;

	if ((e = store_contact_counts(
		 ctx->store, &open, &unacked, &escalated)) != STORE_OK ||
	    (e = store_inbox_counts(ctx->store, &total, &pending)) != STORE_OK)
		return store_fail(ctx, "status", e), -1;
	if (j != NULL) {
		json_object_object_add(
		    j, "contact_open", json_object_new_int64(open));
		json_object_object_add(j, "contact_unacknowledged",
		    json_object_new_int64(unacked));
		json_object_object_add(
		    j, "contact_escalated", json_object_new_int64(escalated));
		json_object_object_add(
		    j, "inbox_pending", json_object_new_int64(pending));
	} else
		printf("contact requests: %lld open, %lld not yet seen by "
		       "staff, %lld escalated\nincoming texts waiting: %lld\n",
		    (long long)open, (long long)unacked, (long long)escalated,
		    (long long)pending);
	return 0;
}

static const struct status_section status_sections[] = {
	{ "people", status_people },
	{ "agreements", status_agreements },
	{ "meetings", status_meetings },
	{ "ending", status_ending },
	{ "absences", status_absences },
	{ "contact", status_contact },
	{ "outbox", status_outbox },
};

/* audited() body of `status`: every section, in one transaction. */
static int
status_run(struct ctx *ctx, void *arg)
{
	struct json_object *j = NULL;
	char		    now[40];
	size_t		    i;

	if (ctx->json) {
		j = json_object_new_object();
		local_time_iso(ctx->now, now, sizeof(now));
		json_object_object_add(j, "now", json_str(now));
	} else {
		local_time(ctx->now, now, sizeof(now));
		printf("Mentorlink status %s (%s)\n", now, ctx->cfg->db_path);
	}
	for (i = 0; i < sizeof(status_sections) / sizeof(status_sections[0]);
	     i++) {
		if (status_sections[i].run(ctx, j) == -1) {
			json_object_put(j);
			return CMD_FAIL;
		}
	}
	if (j != NULL)
		json_print(j);
	return CMD_OK;
}

int
cmd_status(struct ctx *ctx, int argc, char **argv)
{
	if (argc != 1) {
		usage_print("status");
		return CMD_USAGE;
	}
	return audited(ctx, "status", status_run, NULL);
}
