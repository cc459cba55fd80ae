/*
 * page_meeting.c - a citizen's meetings from "Mine borgere": add one,
 * move it, cancel it.  Times are Danish wall time (a time the clocks
 * skip or show twice is refused, as in mentorctl); every value is
 * checked by the rules mentorctl and the import use (validate.h), and a
 * place with a word no SMS may carry is kept out of texts (smsword.h),
 * as `mentorctl meeting add` does.  A move or cancellation bumps the
 * meeting's version; the gateway then texts the citizen by notify.h,
 * exactly as after mentorctl, and the page says whether it will.  Only
 * the citizen's mentor or caseworker gets here: anyone else gets 403
 * and an audit row.
 *
 *	GET /meeting/new?agreement=N	the form of a new meeting
 *	POST /meeting/new		agreement, starts, ends, place,
 *					place_in_sms, kind
 *	GET /meeting?id=N		the meeting, move and cancel; audited
 *	POST /meeting/move		id, starts, ends
 *	POST /meeting/cancel		id
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "config.h"
#include "crypto.h"
#include "form.h"
#include "log.h"
#include "notify.h"
#include "smsword.h"
#include "validate.h"

/* What a page for a meeting or agreement that is not there says. */
#define MISSING_TEXT "Gå til Mine borgere og vælg igen."

/* The meeting's fields with their Danish labels. */
enum meeting_field {
	MF_STARTS,
	MF_ENDS,
	MF_PLACE,
	MF_IN_SMS,
	MF_KIND,
	MF__MAX
};

static const struct {
	const char *name;
	const char *label;
} fields[MF__MAX] = {
	[MF_STARTS] = { "starts", "Begynder" },
	[MF_ENDS] = { "ends", "Slutter" },
	[MF_PLACE] = { "place", "Sted" },
	[MF_IN_SMS] = { "place_in_sms", "Stedet må stå i sms'en" },
	[MF_KIND] = { "kind", "Hvem borgeren mødes med" },
};

/* Refuse field i of f with the shared rule's reason; -1. */
static int
refuse(struct page_form *f, enum meeting_field i, const char *why)
{
	return form_refuse(f, fields[i].name, fields[i].label, why);
}

/* The posted value of field i, NULL when empty or missing. */
static const char *
posted(struct page_form *f, enum meeting_field i)
{
	const char *v = web_field(f->r->web, fields[i].name);

	return v != NULL && v[0] != '\0' ? v : NULL;
}

/* The posted start and end by the shared rules; 0 or -1. */
static int
read_times(struct page_form *f, time_t *starts, time_t *ends)
{
	const char *why;

	if ((why = valid_instant(posted(f, MF_STARTS), 0, starts)) != NULL)
		return refuse(f, MF_STARTS, why);
	if ((why = valid_instant(posted(f, MF_ENDS), 0, ends)) != NULL)
		return refuse(f, MF_ENDS, why);
	if ((why = valid_meeting_times(*starts, *ends)) != NULL)
		return refuse(f, MF_ENDS, why);
	return 0;
}

/* A new meeting's fields into m by the shared rules; 0 or -1. */
static int
meeting_read(struct page_form *f, struct meeting_rec *m)
{
	const char *place = posted(f, MF_PLACE), *kind = posted(f, MF_KIND);
	const char *why;

	if (read_times(f, &m->starts_at, &m->ends_at) == -1)
		return -1;
	if (place != NULL && (why = valid_place(place)) != NULL)
		return refuse(f, MF_PLACE, why);
	if ((why = valid_word(kind, &words_meeting_kind)) != NULL)
		return refuse(f, MF_KIND, why);
	m->place = buf_strdup(place);
	m->place_in_sms = place != NULL && posted(f, MF_IN_SMS) != NULL;
	snprintf(m->kind, sizeof(m->kind), "%s", kind);
	snprintf(m->status, sizeof(m->status), "planned");
	return 0;
}

/* t as a datetime-local value, "2026-12-08T10:00" (0: ""). */
static void
local_value(time_t t, char *out, size_t len)
{
	if (t == 0 || clock_format_local(t, "%Y-%m-%dT%H:%M", out, len) == 0)
		out[0] = '\0';
}

/* The start and end fields, showing m's (or what was posted). */
static void
time_fields(struct page_form *f, const struct meeting_rec *m)
{
	char starts[32], ends[32];

	local_value(m->starts_at, starts, sizeof(starts));
	local_value(m->ends_at, ends, sizeof(ends));
	form_input(f, "datetime-local", "starts", fields[MF_STARTS].label,
	    "Dansk tid.", starts);
	form_input(
	    f, "datetime-local", "ends", fields[MF_ENDS].label, NULL, ends);
}

/*
 * The agreement whose id is the text id, when the signed-in person may
 * see its citizen: its citizen into *citizen.  Returns 1; else 0 after
 * an error page (404, 403 with an audit row, 500).
 */
static int
agreement_allowed(struct creq *r, int64_t id, int64_t *citizen)
{
	struct agreement_rec a;
	enum store_err	     e;

	e = id > 0 ? store_agreement_get(r->c->store, id, &a) : STORE_NOTFOUND;
	if (!page_found(r, e, "Aftalen findes ikke", MISSING_TEXT))
		return 0;
	*citizen = a.citizen_id;
	agreement_rec_free(&a);
	return page_citizen_allowed(r, *citizen);
}

/* The new meeting's page (bad: the form posted with an error). */
static void
meeting_new_page(struct creq *r, int64_t agreement_id, struct page_form *bad)
{
	struct page_form   f = { r, 0, NULL, NULL, NULL, NULL };
	struct meeting_rec m;

	memset(&m, 0, sizeof(m));
	if (bad != NULL) {
		f = *bad;
		r->rep->status = 400;
	}
	page_begin(r, "Nyt møde");
	form_begin(&f, "/meeting/new");
	form_hidden(&f, "agreement", agreement_id);
	time_fields(&f, &m);
	form_input(&f, "text", "place", fields[MF_PLACE].label, NULL, NULL);
	form_checkbox(&f, "place_in_sms", fields[MF_IN_SMS].label, 0);
	form_select_begin(&f, "kind", fields[MF_KIND].label);
	form_option(&f, "kind", "mentor", "mentor", "Mentor");
	form_option(&f, "kind", "mentor", "caseworker", "Sagsbehandler");
	form_option(&f, "kind", "mentor", "other", "Andre");
	form_select_end(&f);
	form_button(&f, NULL, NULL, "Gem mødet", 0);
	form_end(&f);
	page_end(r);
}

/* See pages.h. */
void
page_meeting_new(struct creq *r)
{
	int64_t id, citizen;

	id = page_number(web_query(r->web, "agreement"), 1, INT64_MAX / 2);
	if (!agreement_allowed(r, id, &citizen))
		return;
	if (page_audit(r, "show_agreement", citizen) != STORE_OK)
		page_error(r, 500, "Der skete en fejl", "Prøv igen.");
	else
		meeting_new_page(r, id, NULL);
}

/* Store what happened to meeting id and go to its page. */
static void
meeting_done(struct creq *r, int64_t id, int changed, const char *word)
{
	enum notice_kind kind = NOTICE_NONE;
	enum store_err	 e = STORE_OK;
	char		 to[96];

	if (changed)
		notice_meeting(
		    r->c->store, r->c->cfg, id, r->now, NULL, &kind, &e);
	if (e != STORE_OK)
		log_warnx(
		    "console: meeting notice: %s", store_errmsg(r->c->store));
	snprintf(to, sizeof(to), "/meeting?id=%" PRId64 "&saved=1%s%s", id,
	    kind != NOTICE_NONE ? "&sms=1" : "", word != NULL ? "&word=1" : "");
	web_redirect(r->rep, to);
}

/* The audit row of a change to meeting m of citizen, in the transaction. */
static enum store_err
meeting_audit(struct creq *r, const char *action, int64_t citizen,
    const struct meeting_rec *m)
{
	struct buf     detail = { 0 };
	enum store_err e;

	buf_printf(&detail, "console: %s", m->external_id);
	e = page_audit_detail(r, action, citizen, buf_str(&detail));
	buf_free(&detail);
	return e;
}

/* Store the new meeting m of citizen with its audit row; 0 or -1. */
static int
meeting_insert(struct creq *r, int64_t citizen, struct meeting_rec *m)
{
	struct store  *s = r->c->store;
	char	       tok[9];
	enum store_err e;

	if (crypto_random_token(tok, sizeof(tok)) == -1)
		return -1;
	if ((m->external_id = malloc(sizeof(tok) + 2)) == NULL)
		fatal("malloc");
	snprintf(m->external_id, sizeof(tok) + 2, "m-%s", tok);
	if ((e = store_begin(s)) == STORE_OK &&
	    (e = store_meeting_upsert(s, m)) == STORE_OK &&
	    (e = meeting_audit(r, "add_meeting", citizen, m)) == STORE_OK)
		e = store_commit(s);
	if (e == STORE_OK)
		return 0;
	store_rollback(s);
	log_warnx("console: add_meeting: %s", store_errmsg(s));
	return -1;
}

/* See pages.h. */
void
page_meeting_add(struct creq *r)
{
	struct page_form   f = { r, 1, NULL, NULL, NULL, NULL };
	struct meeting_rec m;
	const char	  *word = NULL;
	int64_t		   citizen;

	memset(&m, 0, sizeof(m));
	m.agreement_id =
	    page_number(web_field(r->web, "agreement"), 1, INT64_MAX / 2);
	if (!agreement_allowed(r, m.agreement_id, &citizen))
		return;
	if (meeting_read(&f, &m) == -1)
		meeting_new_page(r, m.agreement_id, &f);
	else {
		/* Never stored as "may be in an SMS" with such a word. */
		if (m.place_in_sms &&
		    (word = smsword_find(&r->c->cfg->sms_sensitive, m.place)))
			m.place_in_sms = 0;
		if (meeting_insert(r, citizen, &m) == 0)
			meeting_done(r, m.id, 0, word);
		else
			page_error(r, 500, "Der skete en fejl", "Prøv igen.");
	}
	meeting_rec_free(&m);
}

/*
 * The meeting whose id is the text id, into *m, when the signed-in
 * person may see its citizen (into *citizen).  Returns 1; else 0 after
 * an error page.
 */
static int
meeting_open(
    struct creq *r, const char *id, struct meeting_rec *m, int64_t *citizen)
{
	int64_t	       n = page_number(id, 1, INT64_MAX / 2);
	enum store_err e;

	e = n > 0 ? store_meeting_get(r->c->store, n, m) : STORE_NOTFOUND;
	if (!page_found(r, e, "Mødet findes ikke", MISSING_TEXT))
		return 0;
	if (agreement_allowed(r, m->agreement_id, citizen))
		return 1;
	meeting_rec_free(m);
	return 0;
}

/* What the page says after a change (?saved, ?sms, ?word). */
static void
meeting_saved(struct creq *r)
{
	if (web_query(r->web, "saved") == NULL)
		return;
	page_alert(r, "success", "Gemt.");
	if (web_query(r->web, "sms") != NULL)
		page_alert(r, NULL, "Borgeren får en SMS om ændringen.");
	if (web_query(r->web, "word") != NULL)
		page_alert(r, "warning",
		    "Stedet kommer ikke med i sms'er, fordi det indeholder et "
		    "ord, der ikke må stå i en sms.");
}

/* What the meeting is: time, place, status. */
static void
meeting_facts(struct creq *r, const struct meeting_rec *m)
{
	struct buf *b = &r->rep->body;
	char	    when[64];

	page_time(m->starts_at, when, sizeof(when));
	buf_puts(b, "<dl><dt>");
	page_bi(b, "Tid");
	buf_printf(b, "</dt><dd>%s</dd><dt>", when);
	page_bi(b, fields[MF_PLACE].label);
	buf_puts(b, "</dt><dd>");
	buf_puts_html(b, m->place != NULL ? m->place : "–");
	buf_puts(b, "</dd><dt>");
	page_bi(b, "Status");
	buf_puts(b, "</dt><dd>");
	page_bi(b,
	    strcmp(m->status, "cancelled") == 0	  ? "Aflyst"
		: strcmp(m->status, "moved") == 0 ? "Flyttet"
						  : "Planlagt");
	buf_puts(b, "</dd></dl>");
}

/* The meeting's page: what it is, and move and cancel (bad: as above). */
static void
meeting_page(struct creq *r, const struct meeting_rec *m, int64_t citizen,
    struct page_form *bad)
{
	struct page_form f = { r, 0, NULL, NULL, NULL, NULL };
	struct buf	*b = &r->rep->body;

	if (bad != NULL) {
		f = *bad;
		r->rep->status = 400;
	}
	page_begin(r, "Møde");
	meeting_saved(r);
	buf_printf(b, "<p><a href=\"/citizen?id=%" PRId64 "\">", citizen);
	page_bi(b, "Tilbage til borgeren");
	buf_puts(b, "</a></p>");
	meeting_facts(r, m);
	if (strcmp(m->status, "cancelled") != 0) {
		buf_puts(b, "<h2>");
		page_bi(b, "Flyt mødet");
		buf_puts(b, "</h2>");
		form_begin(&f, "/meeting/move");
		form_hidden(&f, "id", m->id);
		time_fields(&f, m);
		form_button(&f, NULL, NULL, "Flyt", 0);
		form_end(&f);
		buf_puts(b, "<h2>");
		page_bi(b, "Aflys mødet");
		buf_puts(b, "</h2>");
		f = (struct page_form){ r, 0, NULL, NULL, NULL, NULL };
		form_begin(&f, "/meeting/cancel");
		form_hidden(&f, "id", m->id);
		form_button(&f, NULL, NULL, "Aflys", 1);
		form_end(&f);
	}
	page_end(r);
}

/* See pages.h. */
void
page_meeting(struct creq *r)
{
	struct meeting_rec m;
	int64_t		   citizen;

	if (!meeting_open(r, web_query(r->web, "id"), &m, &citizen))
		return;
	if (page_audit(r, "show_meeting", citizen) != STORE_OK)
		page_error(r, 500, "Der skete en fejl", "Prøv igen.");
	else
		meeting_page(r, &m, citizen, NULL);
	meeting_rec_free(&m);
}

/* Move m (hiding its place from texts for word); audited; a store result. */
static enum store_err
meeting_store_move(struct creq *r, const struct meeting_rec *m, int64_t citizen,
    time_t starts, time_t ends, const char *word)
{
	struct store  *s = r->c->store;
	enum store_err e;

	if ((e = store_begin(s)) == STORE_OK &&
	    (word == NULL ||
		(e = store_meeting_hide_place(s, m->id)) == STORE_OK) &&
	    (e = store_meeting_move(s, m->id, starts, ends, r->now)) ==
		STORE_OK &&
	    (e = meeting_audit(r, "move_meeting", citizen, m)) == STORE_OK)
		e = store_commit(s);
	if (e != STORE_OK)
		store_rollback(s);
	return e;
}

/* See pages.h. */
void
page_meeting_move(struct creq *r)
{
	struct page_form   f = { r, 1, NULL, NULL, NULL, NULL };
	struct meeting_rec m;
	const char	  *word = NULL;
	time_t		   starts, ends;
	int64_t		   citizen;
	enum store_err	   e;

	if (!meeting_open(r, web_field(r->web, "id"), &m, &citizen))
		return;
	if (strcmp(m.status, "cancelled") == 0)
		refuse(
		    &f, MF_STARTS, "the meeting is cancelled; add a new one");
	if (f.bad != NULL || read_times(&f, &starts, &ends) == -1) {
		meeting_page(r, &m, citizen, &f);
		meeting_rec_free(&m);
		return;
	}
	/* The "moved" text shows the place only when no word forbids it. */
	if (m.place_in_sms && m.place != NULL)
		word = smsword_find(&r->c->cfg->sms_sensitive, m.place);
	if ((e = meeting_store_move(r, &m, citizen, starts, ends, word)) ==
	    STORE_OK)
		meeting_done(r, m.id, 1, word);
	else {
		log_warnx(
		    "console: move_meeting: %s", store_errmsg(r->c->store));
		page_error(r, 500, "Der skete en fejl", "Prøv igen.");
	}
	meeting_rec_free(&m);
}

/* See pages.h. */
void
page_meeting_cancel(struct creq *r)
{
	struct store	  *s = r->c->store;
	struct meeting_rec m;
	int64_t		   citizen;
	enum store_err	   e;

	if (!meeting_open(r, web_field(r->web, "id"), &m, &citizen))
		return;
	if ((e = store_begin(s)) == STORE_OK &&
	    (e = store_meeting_cancel(s, m.id, r->now)) == STORE_OK &&
	    (e = meeting_audit(r, "cancel_meeting", citizen, &m)) == STORE_OK)
		e = store_commit(s);
	if (e != STORE_OK)
		store_rollback(s);
	if (e == STORE_OK)
		meeting_done(r, m.id, 1, NULL);
	else if (e == STORE_NOTFOUND)
		page_error(r, 409, "Mødet er allerede aflyst",
		    "Gå tilbage til borgeren.");
	else {
		log_warnx("console: cancel_meeting: %s", store_errmsg(s));
		page_error(r, 500, "Der skete en fejl", "Prøv igen.");
	}
	meeting_rec_free(&m);
}
