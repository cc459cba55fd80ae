/*
 * page_agreement.c - a citizen's agreement from "Mine borgere": change
 * it (goal, tasks, period, hours, legal basis, mentor; a draft made
 * active), make a new one, extend it, end it.  Every value is checked by
 * the rules mentorctl and the import use (validate.h, agreement_change.h)
 * and stored with an audit row in one transaction; the citizen's text
 * that an agreement became active is the gateway's, by notify.h, as for
 * mentorctl.  Only the citizen's mentor or caseworker gets here; anyone
 * else gets 403 and an audit row.
 *
 *	GET /agreement?id=N		the agreement, its forms; audited
 *	POST /agreement			id and the fields; status=active
 *	GET /agreement/new?citizen=N	a new agreement's form
 *	POST /agreement/new		citizen and the fields: a draft
 *	POST /agreement/extend		id, until[, starts]: the next one
 *	POST /agreement/end		id[, on]: ended
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agreement_change.h"
#include "clock.h"
#include "config.h"
#include "crypto.h"
#include "form.h"
#include "log.h"
#include "notify.h"
#include "store_console.h"
#include "store_staff.h"
#include "validate.h"

/* The agreement's fields in the form, with their Danish labels. */
enum agreement_field {
	AF_GOAL,
	AF_TASKS,
	AF_STARTS,
	AF_ENDS,
	AF_HOURS,
	AF_PER,
	AF_LEGAL,
	AF_MENTOR,
	AF_UNTIL,
	AF_ON,
	AF__MAX
};

static const struct {
	const char *name;
	const char *label;
} fields[AF__MAX] = {
	[AF_GOAL] = { "goal", "Mål" },
	[AF_TASKS] = { "tasks", "Opgaver" },
	[AF_STARTS] = { "starts", "Første dag" },
	[AF_ENDS] = { "ends", "Sidste dag" },
	[AF_HOURS] = { "hours", "Timer" },
	[AF_PER] = { "per", "Timerne gælder" },
	[AF_LEGAL] = { "legal", "Lovgrundlag" },
	[AF_MENTOR] = { "mentor", "Mentor" },
	[AF_UNTIL] = { "until", "Ny sidste dag" },
	[AF_ON] = { "on", "Sidste dag med støtte" },
};

/* Refuse field i of f with the shared rule's reason; -1. */
static int
refuse(struct page_form *f, enum agreement_field i, const char *why)
{
	return form_refuse(f, fields[i].name, fields[i].label, why);
}

/* The posted value of field i, NULL when empty or missing. */
static const char *
posted(struct page_form *f, enum agreement_field i)
{
	const char *v = web_field(f->r->web, fields[i].name);

	return v != NULL && v[0] != '\0' ? v : NULL;
}

/* Replace *dst with a copy of s (NULL: none). */
static void
replace(char **dst, const char *s)
{
	free(*dst);
	*dst = buf_strdup(s);
}

/* Free a's tasks. */
static void
tasks_free(struct agreement_rec *a)
{
	size_t i;

	for (i = 0; i < a->ntasks; i++)
		free(a->tasks[i]);
	free(a->tasks);
	a->tasks = NULL;
	a->ntasks = 0;
}

/* The tasks from text, one a line (blank lines dropped), into a. */
static const char *
tasks_read(const char *text, struct agreement_rec *a)
{
	const char *p, *nl;
	size_t	    n = 1, len;

	tasks_free(a);
	for (p = text != NULL ? text : ""; *p != '\0'; p++)
		n += *p == '\n';
	if ((a->tasks = calloc(n + 1, sizeof(*a->tasks))) == NULL)
		fatal("calloc");
	for (p = text != NULL ? text : ""; *p != '\0'; p = nl + (*nl != '\0')) {
		nl = p + strcspn(p, "\n");
		len = (size_t)(nl - p);
		while (len > 0 && (p[len - 1] == '\r' || p[len - 1] == ' '))
			len--;
		if (len > 0 && (a->tasks[a->ntasks] = strndup(p, len)) == NULL)
			fatal("strndup");
		a->ntasks += len > 0;
	}
	return valid_tasks(a->tasks, a->ntasks);
}

/* Goal, tasks and legal basis, by the shared rules; 0 or -1. */
static int
read_texts(struct page_form *f, struct agreement_rec *a)
{
	const char *v, *why;

	if ((v = posted(f, AF_GOAL)) != NULL && (why = valid_goal(v)) != NULL)
		return refuse(f, AF_GOAL, why);
	replace(&a->goal, v);
	if ((why = tasks_read(web_field(f->r->web, "tasks"), a)) != NULL)
		return refuse(f, AF_TASKS, why);
	if ((v = posted(f, AF_LEGAL)) != NULL &&
	    (why = valid_short_text(v)) != NULL)
		return refuse(f, AF_LEGAL, why);
	replace(&a->legal_basis, v);
	return 0;
}

/* The period and the hours, by the shared rules; 0 or -1. */
static int
read_period(struct page_form *f, struct agreement_rec *a)
{
	const char *starts = posted(f, AF_STARTS), *ends = posted(f, AF_ENDS);
	const char *hours = posted(f, AF_HOURS), *per = posted(f, AF_PER);
	const char *why;
	double	    h = 0;

	if (starts != NULL && (why = valid_date(starts)) != NULL)
		return refuse(f, AF_STARTS, why);
	if (ends != NULL && (why = valid_date(ends)) != NULL)
		return refuse(f, AF_ENDS, why);
	if ((why = valid_period(starts, ends)) != NULL)
		return refuse(f, AF_ENDS, why);
	if ((hours == NULL) != (per == NULL))
		return refuse(f, hours == NULL ? AF_HOURS : AF_PER,
		    "give both the hours and what they are per, or neither");
	if (hours != NULL && (why = valid_hours_text(hours, &h)) != NULL)
		return refuse(f, AF_HOURS, why);
	if (per != NULL && (why = valid_word(per, &words_hours_per)) != NULL)
		return refuse(f, AF_PER, why);
	replace(&a->starts_on, starts);
	replace(&a->ends_on, ends);
	replace(&a->hours_per, per);
	a->hours_amount = h;
	return 0;
}

/* The mentor: a staff member with the mentor role, or none; 0 or -1. */
static int
read_mentor(struct page_form *f, struct agreement_rec *a)
{
	struct staff_identity st;
	int64_t		      id;
	int		      mentor = 0;

	id = page_number(web_field(f->r->web, "mentor"), 0, INT64_MAX / 2);
	if (id > 0 &&
	    store_staff_identity(f->r->c->store, id, &st) == STORE_OK) {
		mentor = (st.roles & STAFF_ROLE_MENTOR) != 0;
		staff_identity_free(&st);
	}
	if (id < 0 || (id > 0 && !mentor))
		return refuse(f, AF_MENTOR, "choose a mentor from the list");
	a->mentor_id = id;
	return 0;
}

/* status=active: a draft made active, by the shared rule; 0 or -1. */
static int
read_status(struct page_form *f, struct agreement_rec *a)
{
	const char *to = web_field(f->r->web, "status"), *why;

	if (to == NULL)
		return 0;
	if ((why = valid_word(to, &words_agreement_status)) == NULL &&
	    strcmp(to, "active") != 0)
		why = "end it with the form for that";
	if (why == NULL)
		why = valid_status_change(a->status, to);
	if (why != NULL)
		return form_refuse(f, "status", "Status", why);
	snprintf(a->status, sizeof(a->status), "active");
	return 0;
}

/* Every posted field into a; 0, or -1 with the refusal in f. */
static int
agreement_read(struct page_form *f, struct agreement_rec *a)
{
	if (read_texts(f, a) == -1 || read_period(f, a) == -1 ||
	    read_mentor(f, a) == -1 || read_status(f, a) == -1)
		return -1;
	return 0;
}

/* The mentor list being written. */
struct mentor_list {
	struct page_form *f;
	char		  stored[24]; /* the agreement's mentor id */
};

/* One mentor as an option of the mentor list. */
static int
mentor_option(const struct console_colleague *c, void *arg)
{
	struct mentor_list *m = arg;
	char		    id[24];

	snprintf(id, sizeof(id), "%" PRId64, c->id);
	form_option(m->f, "mentor", m->stored, id, c->name);
	return 0;
}

/* The mentor list, a's mentor selected. */
static void
mentor_select(struct page_form *f, const struct agreement_rec *a)
{
	struct mentor_list m = { f, "" };

	snprintf(m.stored, sizeof(m.stored), "%" PRId64, a->mentor_id);
	form_select_begin(f, "mentor", fields[AF_MENTOR].label);
	form_option(f, "mentor", m.stored, "0", "Ingen");
	if (store_console_colleagues(f->r->c->store, 0, mentor_option, &m) !=
	    STORE_OK)
		log_warnx("console: mentors: %s", store_errmsg(f->r->c->store));
	form_select_end(f);
}

/* The tasks of a, one a line, into b. */
static void
tasks_text(const struct agreement_rec *a, struct buf *b)
{
	size_t i;

	for (i = 0; i < a->ntasks; i++)
		buf_printf(b, "%s%s", i > 0 ? "\n" : "", a->tasks[i]);
}

/* The fields of the agreement form, showing a (or what was posted). */
static void
agreement_fields(struct page_form *f, const struct agreement_rec *a)
{
	struct buf tasks = { 0 };
	char	   hours[32] = "";

	if (a->hours_per != NULL)
		snprintf(hours, sizeof(hours), "%g", a->hours_amount);
	tasks_text(a, &tasks);
	form_textarea(f, "goal", fields[AF_GOAL].label, NULL, a->goal);
	form_textarea(f, "tasks", fields[AF_TASKS].label,
	    "Én opgave på hver linje.", buf_str(&tasks));
	form_input(
	    f, "date", "starts", fields[AF_STARTS].label, NULL, a->starts_on);
	form_input(f, "date", "ends", fields[AF_ENDS].label, NULL, a->ends_on);
	form_input(f, "text", "hours", fields[AF_HOURS].label,
	    "Et tal, fx 4 eller 4.5.", hours);
	form_select_begin(f, "per", fields[AF_PER].label);
	form_option(f, "per", a->hours_per, "", "Ikke aftalt");
	form_option(f, "per", a->hours_per, "week", "Om ugen");
	form_option(f, "per", a->hours_per, "total", "I alt");
	form_select_end(f);
	form_input(
	    f, "text", "legal", fields[AF_LEGAL].label, NULL, a->legal_basis);
	mentor_select(f, a);
	buf_free(&tasks);
}

/* The buttons of the agreement form: save, and make a draft active. */
static void
agreement_buttons(struct page_form *f, const struct agreement_rec *a)
{
	buf_puts(&f->r->rep->body, "<div class=\"console-actions\">");
	form_button(f, NULL, NULL, "Gem", strcmp(a->status, "draft") == 0);
	if (strcmp(a->status, "draft") == 0)
		form_button(
		    f, "status", "active", "Gem og gør aftalen aktiv", 0);
	buf_puts(&f->r->rep->body, "</div>");
}

/* bad when it is the form at action (posted with an error), else a fresh one. */
static struct page_form
form_for(struct creq *r, struct page_form *bad, const char *action)
{
	struct page_form f = { r, 0, action, NULL, NULL, NULL };

	if (bad != NULL && strcmp(bad->action, action) == 0)
		return *bad;
	return f;
}

/* Extend and end: two small forms under the agreement's form. */
static void
agreement_later(
    struct creq *r, const struct agreement_rec *a, struct page_form *bad)
{
	struct page_form f = form_for(r, bad, "/agreement/extend");
	struct buf	*b = &r->rep->body;

	buf_puts(b, "<h2>");
	page_bi(b, "Forlæng aftalen");
	buf_puts(b, "</h2>");
	form_begin(&f, f.action);
	form_hidden(&f, "id", a->id);
	form_input(&f, "date", "until", fields[AF_UNTIL].label,
	    "En ny aftale begynder dagen efter den sidste dag.", NULL);
	form_button(&f, NULL, NULL, "Forlæng", 1);
	form_end(&f);
	f = form_for(r, bad, "/agreement/end");
	buf_puts(b, "<h2>");
	page_bi(b, "Afslut aftalen");
	buf_puts(b, "</h2>");
	form_begin(&f, f.action);
	form_hidden(&f, "id", a->id);
	form_input(&f, "date", "on", fields[AF_ON].label,
	    "Tom: i dag, hvis perioden ellers løber længere.", NULL);
	form_button(&f, NULL, NULL, "Afslut", 1);
	form_end(&f);
}

/* The message after a change (?saved=1, ?sms=1). */
static void
agreement_saved(struct creq *r)
{
	if (web_query(r->web, "saved") == NULL)
		return;
	page_alert(r, "success", "Gemt.");
	if (web_query(r->web, "sms") != NULL)
		page_alert(r, NULL,
		    "Borgeren får en SMS om, at de nu har en kontaktperson.");
}

/*
 * The agreement's page: its form (new when a->id is 0), and for one
 * stored, extend and end; bad is the form posted with an error or NULL.
 */
static void
agreement_page(
    struct creq *r, const struct agreement_rec *a, struct page_form *bad)
{
	const char	*action = a->id == 0 ? "/agreement/new" : "/agreement";
	struct page_form f = form_for(r, bad, action);
	struct buf	*b = &r->rep->body;

	if (bad != NULL)
		r->rep->status = 400;
	page_begin(r, a->id == 0 ? "Ny aftale" : "Aftale");
	agreement_saved(r);
	buf_printf(b, "<p><a href=\"/citizen?id=%" PRId64 "\">", a->citizen_id);
	page_bi(b, "Tilbage til borgeren");
	buf_puts(b, "</a></p><p>");
	page_bi(b,
	    strcmp(a->status, "draft") == 0 ? "Aftalen er en kladde."
					    : "Aftalen er aktiv.");
	buf_puts(b, "</p>");
	form_begin(&f, action);
	form_hidden(&f, a->id == 0 ? "citizen" : "id",
	    a->id == 0 ? a->citizen_id : a->id);
	agreement_fields(&f, a);
	agreement_buttons(&f, a);
	form_end(&f);
	if (a->id != 0)
		agreement_later(r, a, bad);
	page_end(r);
}

/*
 * The agreement whose id is the text id, into *a, when the signed-in
 * person may change it.  Returns 1; else 0 after an error page (404,
 * 403 with an audit row, 500).
 */
static int
agreement_open(struct creq *r, const char *id, struct agreement_rec *a)
{
	int64_t	       n = page_number(id, 1, INT64_MAX / 2);
	enum store_err e;

	e = n > 0 ? store_agreement_get(r->c->store, n, a) : STORE_NOTFOUND;
	if (!page_found(r, e, "Aftalen findes ikke",
		"Gå til Mine borgere og vælg igen."))
		return 0;
	if (page_citizen_allowed(r, a->citizen_id))
		return 1;
	agreement_rec_free(a);
	return 0;
}

/*
 * Store a (new or changed) and its audit row action in one
 * transaction.  Returns 0, or -1 after a 500 page.
 */
static int
agreement_save(struct creq *r, struct agreement_rec *a, const char *action)
{
	struct store  *s = r->c->store;
	struct buf     detail = { 0 };
	enum store_err e;

	buf_printf(&detail, "console: %s", a->external_id);
	if ((e = store_begin(s)) == STORE_OK &&
	    (e = store_agreement_upsert(s, a)) == STORE_OK &&
	    (e = page_audit_detail(
		 r, action, a->citizen_id, buf_str(&detail))) == STORE_OK)
		e = store_commit(s);
	buf_free(&detail);
	if (e == STORE_OK)
		return 0;
	store_rollback(s);
	log_warnx("console: %s: %s", action, store_errmsg(s));
	page_error(r, 500, "Der skete en fejl", "Prøv igen.");
	return -1;
}

/* Back to the agreement id, saying whether the citizen gets a text. */
static void
agreement_done(struct creq *r, int64_t id)
{
	struct agreement_rec a;
	char		     to[80];
	int		     sms = 0;

	if (store_agreement_get(r->c->store, id, &a) == STORE_OK) {
		sms = strcmp(a.status, "active") == 0 &&
		    notice_activation(&a,
			notify_since(r->c->cfg, r->c->store)) == NOTICE_SEND;
		agreement_rec_free(&a);
	}
	snprintf(to, sizeof(to), "/agreement?id=%" PRId64 "&saved=1%s", id,
	    sms ? "&sms=1" : "");
	web_redirect(r->rep, to);
}

/* See pages.h. */
void
page_agreement(struct creq *r)
{
	struct agreement_rec a;

	if (!agreement_open(r, web_query(r->web, "id"), &a))
		return;
	if (page_audit(r, "show_agreement", a.citizen_id) != STORE_OK)
		page_error(r, 500, "Der skete en fejl", "Prøv igen.");
	else if (strcmp(a.status, "ended") == 0) {
		page_error(r, 409, "Aftalen er afsluttet",
		    "En afsluttet aftale ændres ikke. Lav en ny aftale.");
	} else
		agreement_page(r, &a, NULL);
	agreement_rec_free(&a);
}

/* See pages.h. */
void
page_agreement_post(struct creq *r)
{
	struct page_form     f = { r, 1, "/agreement", NULL, NULL, NULL };
	struct agreement_rec a;
	const char	    *why;

	if (!agreement_open(r, web_field(r->web, "id"), &a))
		return;
	if ((why = valid_agreement_editable(a.status)) != NULL) {
		form_refuse(&f, "status", "Status", why);
		agreement_page(r, &a, &f);
	} else if (agreement_read(&f, &a) == -1)
		agreement_page(r, &a, &f);
	else if (agreement_save(r, &a, "edit_agreement") == 0)
		agreement_done(r, a.id);
	agreement_rec_free(&a);
}

/* Keep the first agreement of the citizen that is not ended. */
static int
first_open(const struct agreement_rec *a, void *arg)
{
	int64_t *id = arg;

	if (strcmp(a->status, "ended") == 0)
		return 0;
	*id = a->id;
	return 1;
}

/*
 * A new agreement for citizen_id into *a: a draft under a new id, with
 * the caseworker, complaint guidance and legal basis of the citizen's
 * agreement now and its mentor.  Returns 1; else 0 after an error page.
 */
static int
agreement_blank(struct creq *r, const char *citizen, struct agreement_rec *a)
{
	struct agreement_rec base;
	int64_t		     id = page_number(citizen, 1, INT64_MAX / 2);
	int64_t		     base_id = 0;
	char		     tok[9];

	if (id < 0) {
		page_error(r, 404, "Borgeren findes ikke",
		    "Gå til Mine borgere og vælg igen.");
		return 0;
	}
	if (!page_citizen_allowed(r, id))
		return 0;
	if (store_agreement_list(r->c->store, id, first_open, &base_id) !=
		STORE_OK ||
	    store_agreement_get(r->c->store, base_id, &base) != STORE_OK ||
	    crypto_random_token(tok, sizeof(tok)) == -1) {
		page_error(r, 500, "Der skete en fejl", "Prøv igen.");
		return 0;
	}
	memset(a, 0, sizeof(*a));
	a->citizen_id = id;
	a->mentor_id = base.mentor_id;
	a->caseworker_id = base.caseworker_id;
	a->guidance_key = buf_strdup(base.guidance_key);
	a->legal_basis = buf_strdup(base.legal_basis);
	a->after_discharge = base.after_discharge;
	snprintf(a->status, sizeof(a->status), "draft");
	if ((a->external_id = malloc(sizeof(tok) + 2)) == NULL)
		fatal("malloc");
	snprintf(a->external_id, sizeof(tok) + 2, "a-%s", tok);
	agreement_rec_free(&base);
	return 1;
}

/* See pages.h. */
void
page_agreement_new(struct creq *r)
{
	struct agreement_rec a;

	if (!agreement_blank(r, web_query(r->web, "citizen"), &a))
		return;
	if (page_audit(r, "show_citizen", a.citizen_id) != STORE_OK)
		page_error(r, 500, "Der skete en fejl", "Prøv igen.");
	else
		agreement_page(r, &a, NULL);
	agreement_rec_free(&a);
}

/* See pages.h. */
void
page_agreement_create(struct creq *r)
{
	struct page_form     f = { r, 1, "/agreement/new", NULL, NULL, NULL };
	struct agreement_rec a;

	if (!agreement_blank(r, web_field(r->web, "citizen"), &a))
		return;
	if (agreement_read(&f, &a) == -1)
		agreement_page(r, &a, &f);
	else if (agreement_save(r, &a, "add_agreement") == 0)
		agreement_done(r, a.id);
	agreement_rec_free(&a);
}

/* See pages.h. */
void
page_agreement_extend(struct creq *r)
{
	struct page_form f = { r, 1, "/agreement/extend", NULL, NULL, NULL };
	struct agreement_rec a, old;
	char		     start[DATE_LEN], ext[EXTERNAL_ID_MAX + 1];
	const char	    *why;

	if (!agreement_open(r, web_field(r->web, "id"), &a))
		return;
	if ((why = agreement_extension_start(
		 &a, NULL, posted(&f, AF_UNTIL), start)) != NULL)
		refuse(&f, AF_UNTIL, why);
	else if (agreement_extension_id(r->c->store, &a, ext) != STORE_OK)
		refuse(&f, AF_UNTIL, "no free id for the new agreement");
	if (f.bad != NULL) {
		if (store_agreement_get(r->c->store, a.id, &old) == STORE_OK) {
			agreement_page(r, &old, &f);
			agreement_rec_free(&old);
		}
	} else {
		agreement_extension_make(&a, ext, start, posted(&f, AF_UNTIL));
		if (agreement_save(r, &a, "extend_agreement") == 0)
			agreement_done(r, a.id);
	}
	agreement_rec_free(&a);
}

/* End agreement a on the day on (NULL: keep the period); audited. */
static enum store_err
agreement_close(struct creq *r, const struct agreement_rec *a, const char *on)
{
	struct store  *s = r->c->store;
	struct buf     detail = { 0 };
	enum store_err e;

	buf_printf(&detail, "console: %s", a->external_id);
	if ((e = store_begin(s)) == STORE_OK &&
	    (on == NULL ||
		(e = store_agreement_set_ends(s, a->id, on)) == STORE_OK) &&
	    (e = store_agreement_set_status(s, a->id, "ended", r->now)) ==
		STORE_OK &&
	    (e = page_audit_detail(r, "end_agreement", a->citizen_id,
		 buf_str(&detail))) == STORE_OK)
		e = store_commit(s);
	if (e != STORE_OK)
		store_rollback(s);
	buf_free(&detail);
	return e;
}

/* See pages.h. */
void
page_agreement_end(struct creq *r)
{
	struct page_form     f = { r, 1, "/agreement/end", NULL, NULL, NULL };
	struct agreement_rec a;
	const char	    *on, *why;
	char		     today[CLOCK_DATE_LEN];

	if (!agreement_open(r, web_field(r->web, "id"), &a))
		return;
	on = posted(&f, AF_ON);
	clock_local_date(r->now, today);
	if ((why = valid_agreement_editable(a.status)) != NULL ||
	    (on != NULL && (why = valid_date(on)) != NULL)) {
		refuse(&f, AF_ON, why);
		agreement_page(r, &a, &f);
	} else if (agreement_close(r, &a, agreement_end_date(&a, on, today)) !=
	    STORE_OK) {
		log_warnx(
		    "console: end_agreement: %s", store_errmsg(r->c->store));
		page_error(r, 500, "Der skete en fejl", "Prøv igen.");
	} else
		web_redirect(r->rep, "/citizens?ended=1");
	agreement_rec_free(&a);
}
