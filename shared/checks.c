/*
 * checks.c - the agreement checks (see checks.h), one row per check.
 * Law: reference/domain.md section 1 (a grant lasts at most 6 months;
 * after a psychiatric discharge the right is at least 6 months in all).
 */
#include <stdlib.h>
#include <string.h>

#include <stdio.h>

#include "checks.h"
#include "config.h"
#include "dates.h"
#include "i18n.h"
#include "log.h"
#include "outbox_text.h"
#include "smsreply.h"
#include "smsword.h"
#include "store.h"

/* 1 if s is NULL or "". */
static int
text_missing(const char *s)
{
	return s == NULL || *s == '\0';
}

/* Item 1: no goal written down. */
static int
fails_goal(const struct check_input *in)
{
	return text_missing(in->a->goal);
}

/* Item 2: no mentor chosen. */
static int
fails_mentor(const struct check_input *in)
{
	return in->a->mentor_id == 0;
}

/* Item 2: a mentor without phone or e-mail. */
static int
fails_mentor_contact(const struct check_input *in)
{
	return in->a->mentor_id != 0 && !in->mentor_has_contact;
}

/* Item 3: no task (or only empty ones). */
static int
fails_tasks(const struct check_input *in)
{
	size_t i;

	for (i = 0; i < in->a->ntasks; i++)
		if (!text_missing(in->a->tasks[i]))
			return 0;
	return 1;
}

/* Item 4: start or end date missing. */
static int
fails_period(const struct check_input *in)
{
	return text_missing(in->a->starts_on) || text_missing(in->a->ends_on);
}

/* Item 5: no number of hours, or no unit. */
static int
fails_hours(const struct check_input *in)
{
	return !(in->a->hours_amount > 0) || text_missing(in->a->hours_per);
}

/* Item 6: no complaint guidance, or an unknown key. */
static int
fails_guidance(const struct check_input *in)
{
	return text_missing(in->a->guidance_key) || !in->guidance_found;
}

/* A grant longer than 6 months. */
static int
fails_period_long(const struct check_input *in)
{
	char last[DATE_LEN];

	if (fails_period(in) ||
	    dates_period_end(in->a->starts_on, CHECK_GRANT_MONTHS, last) == -1)
		return 0;
	return strcmp(in->a->ends_on, last) > 0;
}

/* After a psychiatric discharge: under 6 months in all. */
static int
fails_discharge_short(const struct check_input *in)
{
	char last[DATE_LEN];
	int  need;

	if (!in->a->after_discharge || in->chain_start[0] == '\0')
		return 0;
	if (dates_period_end(in->chain_start, CHECK_GRANT_MONTHS, last) == -1 ||
	    (need = dates_span(in->chain_start, last)) == -1)
		return 0;
	return in->chain_days < need;
}

/* The mentor is also the caseworker. */
static int
fails_same_person(const struct check_input *in)
{
	return in->a->mentor_id != 0 &&
	    in->a->mentor_id == in->a->caseworker_id;
}

const struct check checks[CHECK__MAX] = {
	[CHECK_GOAL] = { "goal", fails_goal,
	    N_("Målet med mentorstøtten er ikke skrevet ned.") },
	[CHECK_MENTOR] = { "mentor", fails_mentor,
	    N_("Der er ikke valgt en mentor.") },
	[CHECK_MENTOR_CONTACT] = { "mentor_contact", fails_mentor_contact,
	    N_("Mentoren har hverken telefonnummer eller e-mail i systemet, "
	       "så borgeren kan ikke se, hvordan mentoren kontaktes.") },
	[CHECK_TASKS] = { "tasks", fails_tasks,
	    N_("Mentorens opgaver er ikke skrevet ned.") },
	[CHECK_PERIOD] = { "period", fails_period,
	    N_("Perioden mangler: både start- og slutdato skal skrives ned.") },
	[CHECK_HOURS] = { "hours", fails_hours,
	    N_("Antallet af timer mangler (om ugen eller i alt).") },
	[CHECK_GUIDANCE] = { "complaint_guidance", fails_guidance,
	    N_("Klagevejledningen mangler.") },
	[CHECK_PERIOD_LONG] = { "period_over_6_months", fails_period_long,
	    N_("Perioden er længere end 6 måneder. Mentorstøtte bevilges højst "
	       "for 6 måneder ad gangen; lav en forlængelse for resten af "
	       "perioden.") },
	[CHECK_DISCHARGE_SHORT] = { "discharge_under_6_months",
	    fails_discharge_short,
	    N_("Støtten følger en udskrivelse fra psykiatrien. Borgeren har "
	       "ret til mindst 6 måneders mentorstøtte i alt, men perioderne "
	       "dækker mindre end det.") },
	[CHECK_SAME_PERSON] = { "mentor_is_caseworker", fails_same_person,
	    N_("Mentoren er også borgerens sagsbehandler. Det bør være to "
	       "forskellige personer.") },
};

unsigned int
checks_run(const struct check_input *in)
{
	unsigned int failed = 0;
	size_t	     i;

	for (i = 0; i < CHECK__MAX; i++)
		if (checks[i].fails(in))
			failed |= 1u << i;
	return failed;
}

/* --- gathering from the store ------------------------------------------ */

struct chain_link {
	int64_t id;
	int64_t extends_id;
	char	starts[DATE_LEN];
	char	ends[DATE_LEN];
	int	in_chain;
};

struct chain {
	struct chain_link *links;
	size_t		   n;
};

/* store_agreement_list callback: keep what the chain needs. */
static int
chain_collect(const struct agreement_rec *r, void *arg)
{
	struct chain	  *c = arg;
	struct chain_link *l;

	if ((l = reallocarray(c->links, c->n + 1, sizeof(*l))) == NULL)
		fatal("reallocarray");
	c->links = l;
	l = &c->links[c->n++];
	memset(l, 0, sizeof(*l));
	l->id = r->id;
	l->extends_id = r->extends_id;
	if (r->starts_on != NULL && r->ends_on != NULL) {
		memcpy(l->starts, r->starts_on, strnlen(r->starts_on, 10));
		memcpy(l->ends, r->ends_on, strnlen(r->ends_on, 10));
	}
	return 0;
}

/* 1 if link l is joined to a link already in the chain. */
static int
chain_touches(const struct chain *c, const struct chain_link *l)
{
	size_t i;

	for (i = 0; i < c->n; i++) {
		if (!c->links[i].in_chain)
			continue;
		if (l->extends_id == c->links[i].id ||
		    c->links[i].extends_id == l->id)
			return 1;
	}
	return 0;
}

/* Mark every link joined to id; repeat until nothing changes. */
static void
chain_mark(struct chain *c, int64_t id)
{
	size_t i;
	int    more = 1;

	for (i = 0; i < c->n; i++)
		c->links[i].in_chain = c->links[i].id == id;
	while (more) {
		more = 0;
		for (i = 0; i < c->n; i++) {
			if (!c->links[i].in_chain &&
			    chain_touches(c, &c->links[i])) {
				c->links[i].in_chain = 1;
				more = 1;
			}
		}
	}
}

/* Sum the days of the chain and find its first start. */
static void
chain_sum(const struct chain *c, struct check_input *in)
{
	size_t i;
	int    days;

	in->chain_start[0] = '\0';
	in->chain_days = 0;
	for (i = 0; i < c->n; i++) {
		if (!c->links[i].in_chain)
			continue;
		days = dates_span(c->links[i].starts, c->links[i].ends);
		if (days < 1)
			continue;
		in->chain_days += days;
		if (in->chain_start[0] == '\0' ||
		    strcmp(c->links[i].starts, in->chain_start) < 0)
			memcpy(in->chain_start, c->links[i].starts, DATE_LEN);
	}
}

/* Fill mentor_has_contact and guidance_found (light lookups: an import
 * checks every agreement it stores). */
static enum store_err
gather_items(
    struct store *s, const struct agreement_rec *a, struct check_input *in)
{
	enum store_err e;

	in->mentor_has_contact = 0;
	if (a->mentor_id != 0 &&
	    (e = store_staff_has_contact(
		 s, a->mentor_id, &in->mentor_has_contact)) != STORE_OK &&
	    e != STORE_NOTFOUND)
		return e;
	in->guidance_found = 0;
	if (text_missing(a->guidance_key))
		return STORE_OK;
	return store_guidance_exists(s, a->guidance_key, &in->guidance_found);
}

enum store_err
checks_gather(
    struct store *s, const struct agreement_rec *a, struct check_input *in)
{
	struct chain   c = { NULL, 0 };
	enum store_err e;

	memset(in, 0, sizeof(*in));
	in->a = a;
	if ((e = gather_items(s, a, in)) != STORE_OK)
		return e;
	/* Only the discharge rule looks at the chain of extensions. */
	if (!a->after_discharge)
		return STORE_OK;
	if ((e = store_agreement_list(s, a->citizen_id, chain_collect, &c)) ==
	    STORE_OK) {
		chain_mark(&c, a->id);
		chain_sum(&c, in);
	}
	free(c.links);
	return e;
}

/* --- words no SMS may carry --------------------------------------------- */

/* Where checks_sms_words() reports to. */
struct word_check {
	const struct config_words *words;
	void (*fn)(const char *, const char *, void *);
	void  *arg;
	size_t looked;
};

/* Look up one text; report it as where when it holds a word. */
static void
word_check(struct word_check *w, const char *where, const char *text)
{
	const char *word;

	if (text == NULL)
		return;
	w->looked++;
	if ((word = smsword_find(w->words, text)) != NULL)
		w->fn(where, word, w->arg);
}

/* A config text in every language it is given in (KEY, KEY.LANG). */
static void
word_check_text(
    struct word_check *w, const char *key, const struct config_text *t)
{
	const struct lang *l;
	char		   where[96];
	size_t		   i;

	for (i = 0; (l = lang_at(i)) != NULL; i++) {
		snprintf(where, sizeof(where), i == LANG_DA ? "%s" : "%s.%s",
		    key, l->code);
		word_check(w, where, t->text[i]);
	}
}

/* A template in every language with a catalogue, named by its first words. */
static void
word_check_template(struct word_check *w, const char *msgid)
{
	const struct lang *l;
	const char	  *text;
	char		   where[96];
	size_t		   i, n;

	for (i = 0; (l = lang_at(i)) != NULL; i++) {
		if (!i18n_has_language(l->code))
			continue;
		text = i18n_text(l->code, msgid);
		for (n = strlen(text) < 32 ? strlen(text) : 32;
		     n > 0 && text[n] != '\0' && text[n] != ' '; n--)
			;
		snprintf(where, sizeof(where), "SMS text (%s) \"%.*s%s\"",
		    l->code, (int)n, text, text[n] != '\0' ? " ..." : "");
		word_check(w, where, text);
	}
}

size_t
checks_sms_words(const struct config *cfg,
    void (*fn)(const char *, const char *, void *), void *arg)
{
	struct word_check w = { &cfg->sms_sensitive, fn, arg, 0 };
	size_t		  i;

	word_check(&w, "[organisation] name", cfg->org_name);
	word_check_text(
	    &w, "[organisation] sms_urgent_text", &cfg->org_sms_urgent);
	word_check_text(&w, "[contact] unknown_reply", &cfg->unknown_reply);
	for (i = 0; i < OUTBOX_TEXT__MAX; i++)
		word_check_template(&w, outbox_text_template(i));
	for (i = 0; i < SMSREPLY__MAX; i++)
		word_check_template(&w, smsreply_text(i));
	return w.looked;
}
