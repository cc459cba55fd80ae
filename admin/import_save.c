/*
 * import_save.c - the second and third steps of an import: resolve the
 * references between records (in the file, else in the store) with the
 * checks that span fields or records, then save each record.  Saving
 * runs inside the import's one transaction.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "import.h"
#include "log.h"
#include "store.h"
#include "store_import.h"
#include "store_staff.h"
#include "validate.h"

/* What a reference in each section points at, for messages. */
static const char *const section_noun[SECTION__MAX] = {
	[SECTION_GUIDANCE] = "complaint guidance",
	[SECTION_STAFF] = "staff member",
	[SECTION_CITIZENS] = "citizen",
	[SECTION_AGREEMENTS] = "agreement",
	[SECTION_MEETINGS] = "meeting",
};

/* The store's table for each section (guidance has no external ids). */
static const int section_kind[SECTION__MAX] = {
	[SECTION_GUIDANCE] = -1,
	[SECTION_STAFF] = STORE_KIND_STAFF,
	[SECTION_CITIZENS] = STORE_KIND_CITIZEN,
	[SECTION_AGREEMENTS] = STORE_KIND_AGREEMENT,
	[SECTION_MEETINGS] = STORE_KIND_MEETING,
};

/* The section whose records refer most to each section (0: none). */
static const enum section_id referred_by[SECTION__MAX] = {
	[SECTION_STAFF] = SECTION_AGREEMENTS,
	[SECTION_CITIZENS] = SECTION_AGREEMENTS,
	[SECTION_AGREEMENTS] = SECTION_MEETINGS,
};

/* What the callbacks of import_load_stored() fill. */
struct stored_arg {
	struct import  *im;
	enum section_id sec;
};

/*
 * store_external_ids callback: a stored id.  One a record of the file
 * has goes into that record's entry of im->ids (its id, never 0: SQLite
 * numbers rows from 1); any other into im->stored, for references.  So
 * a file imported again keeps one table, not two.
 */
static int
stored_one(int64_t id, const char *ext, void *arg)
{
	struct stored_arg      *a = arg;
	struct import_map_slot *e;
	int			added;

	if ((e = import_map_get(&a->im->ids[a->sec], ext)) == NULL)
		e = import_map_put(&a->im->stored[a->sec], ext, &added);
	e->id = id;
	return 0;
}

/*
 * store_citizen_cprs callback: whose is a CPR hash a citizen of the file
 * has (im->cprs)?  The first such citizen's own: marked in its entry
 * (id 1); another's: CPR hash -> that external id in im->stored_cprs.
 * Hashes no citizen of the file has are not kept.
 */
static int
stored_cpr(const char *ext, const char *cpr_hash, void *arg)
{
	struct import	       *im = arg;
	struct import_map_slot *e, *o;
	struct record_head     *h;
	int			added;

	if ((e = import_map_get(&im->cprs, cpr_hash)) == NULL)
		return 0;
	h = e->rec;
	if (h->ext != NULL && strcmp(h->ext, ext) == 0) {
		e->id = 1;
		return 0;
	}
	o = import_map_put(&im->stored_cprs, cpr_hash, &added);
	if (added && (o->rec = strdup(ext)) == NULL)
		fatal("strdup");
	return 0;
}

int
import_load_stored(struct import *im)
{
	struct store	 *s = im->ctx->store;
	struct stored_arg a = { im, 0 };
	enum store_err	  e = STORE_OK;
	size_t		  sec;

	for (sec = 0; sec < SECTION__MAX && e == STORE_OK; sec++) {
		/* Its own records, and those that refer to it, look it up. */
		if (section_kind[sec] < 0 ||
		    im->n[sec] +
			    (referred_by[sec] ? im->n[referred_by[sec]] : 0) <
			IMPORT_BULK_MIN)
			continue;
		im->bulk[sec] = 1;
		a.sec = sec;
		e = store_external_ids(s, section_kind[sec], stored_one, &a);
		if (e == STORE_OK && sec == SECTION_CITIZENS)
			e = store_citizen_cprs(s, stored_cpr, im);
	}
	if (e != STORE_OK) {
		store_fail(im->ctx, "import", e);
		return -1;
	}
	return 0;
}

/* The store id of the record of section sec with external id ext. */
static enum store_err
lookup_external(
    struct import *im, enum section_id sec, const char *ext, int64_t *id)
{
	struct import_map_slot *e;

	*id = 0;
	if (section_kind[sec] < 0)
		return STORE_NOTFOUND;
	if (!im->bulk[sec])
		return store_external_id(
		    im->ctx->store, section_kind[sec], ext, id);
	/* See stored_one(): a record of the file, else any other. */
	if (((e = import_map_get(&im->ids[sec], ext)) == NULL || e->id == 0) &&
	    (e = import_map_get(&im->stored[sec], ext)) == NULL)
		return STORE_NOTFOUND;
	*id = e->id;
	return STORE_OK;
}

/* Look up h's own external id: is the record already stored? */
static void
resolve_self(struct import *im, enum section_id sec, struct record_head *h)
{
	enum store_err e;

	if (h->ext == NULL)
		return;
	e = lookup_external(im, sec, h->ext, &h->id);
	if (e == STORE_OK)
		h->exists = 1;
	else if (e != STORE_NOTFOUND)
		import_problem(im, h, NULL, "database: %s", store_strerror(e));
}

/* Find what r names, in the file or in the store. */
static void
resolve_ref(struct import *im, struct record_head *h, const char *field,
    struct ref *r, enum section_id sec)
{
	if (r->ext == NULL)
		return;
	if ((r->in_file = import_find(im, sec, r->ext)) != NULL)
		return;
	if (lookup_external(im, sec, r->ext, &r->db_id) == STORE_OK)
		return;
	import_problem(im, h, field, "no %s \"%s\" in the file or the database",
	    section_noun[sec], r->ext);
}

/* The store id a resolved reference stands for (0: none or not saved). */
static int64_t
ref_id(const struct ref *r)
{
	if (r->in_file != NULL)
		return r->in_file->id;
	return r->db_id;
}

/* --- resolve ------------------------------------------------------------ */

void
resolve_guidance(struct import *im, void *p)
{
	struct imp_guidance    *g = p;
	struct import_map_slot *e;
	struct guidance_rec	r;
	char			pair[96], label[IMPORT_LABEL_LEN];
	int			added;

	if (g->rec.key == NULL)
		return;
	snprintf(pair, sizeof(pair), "%s/%s", g->rec.key, g->rec.language);
	e = import_map_put(&im->ids[SECTION_GUIDANCE], pair, &added);
	if (added)
		e->rec = &g->h;
	else
		import_problem(im, &g->h, "language",
		    "this key and language "
		    "are also in %s",
		    import_label(e->rec, label, sizeof(label)));
	import_map_put(&im->guidance, g->rec.key, &added);
	if (store_guidance_get(
		im->ctx->store, g->rec.key, g->rec.language, &r) == STORE_OK) {
		g->h.exists = strcmp(r.language, g->rec.language) == 0;
		guidance_rec_free(&r);
	}
}

/* Row of "caseworker" in the staff fields (import_fields.c). */
#define STAFF_FIELD_CASEWORKER 6

/*
 * The login is no one else's: not another record's in the file, not
 * another staff member's in the store.
 */
static void
resolve_login(struct import *im, struct imp_staff *s)
{
	struct imp_staff     *all = im->recs[SECTION_STAFF];
	struct staff_identity other;
	char		      label[IMPORT_LABEL_LEN];
	size_t		      i;

	for (i = 0; i < s->h.index; i++)
		if (all[i].login != NULL &&
		    strcmp(all[i].login, s->login) == 0) {
			import_problem(im, &s->h, "login",
			    "also the login of "
			    "%s",
			    import_label(&all[i].h, label, sizeof(label)));
			return;
		}
	if (store_staff_by_login(im->ctx->store, s->login, &other) != STORE_OK)
		return;
	if (s->h.ext == NULL || strcmp(other.external_id, s->h.ext) != 0)
		import_problem(im, &s->h, "login",
		    "already the login of staff "
		    "member \"%s\"",
		    other.external_id);
	staff_identity_free(&other);
}

/*
 * Roles given: is_caseworker follows them (the store keeps the two
 * equal); a "caseworker" that says otherwise is a problem.
 */
static void
resolve_roles(struct import *im, struct imp_staff *s)
{
	int cw = (s->roles & STAFF_ROLE_CASEWORKER) != 0;

	if ((s->h.given & (1u << STAFF_FIELD_CASEWORKER)) &&
	    s->rec.is_caseworker != cw)
		import_problem(im, &s->h, "caseworker",
		    "does not match "
		    "roles");
	s->rec.is_caseworker = cw;
}

void
resolve_staff(struct import *im, void *p)
{
	struct imp_staff *s = p;
	const char	 *why;

	resolve_self(im, SECTION_STAFF, &s->h);
	if (s->login != NULL)
		resolve_login(im, s);
	if (s->roles != 0)
		resolve_roles(im, s);
	if ((s->rec.away_from == NULL) != (s->rec.away_until == NULL))
		import_problem(im, &s->h, "away_until",
		    "give away_from and away_until both, or neither");
	else if ((why = valid_period(s->rec.away_from, s->rec.away_until)) !=
	    NULL)
		import_problem(im, &s->h, "away_until", "%s", why);
	if (s->deputy.ext != NULL && s->h.ext != NULL &&
	    strcmp(s->deputy.ext, s->h.ext) == 0)
		/* The same record: the rule on ids says why. */
		import_problem(im, &s->h, "deputy", "%s", valid_deputy(1, 1));
	else
		resolve_ref(im, &s->h, "deputy", &s->deputy, SECTION_STAFF);
}

/* The external id of the stored citizen with this CPR hash, or NULL. */
static char *
stored_cpr_owner(struct import *im, const char *cpr_hash)
{
	struct import_map_slot *e;
	struct citizen_rec	r;
	char		       *ext;

	if (im->bulk[SECTION_CITIZENS]) {
		/* See stored_cpr(). */
		if ((e = import_map_get(&im->cprs, cpr_hash)) != NULL &&
		    e->id == 1)
			ext = strdup(((struct record_head *)e->rec)->ext);
		else if ((e = import_map_get(&im->stored_cprs, cpr_hash)) !=
		    NULL)
			ext = strdup(e->rec);
		else
			return NULL;
		if (ext == NULL)
			fatal("strdup");
		return ext;
	}
	if (store_citizen_by_cpr(im->ctx->store, cpr_hash, &r) != STORE_OK)
		return NULL;
	ext = r.external_id;
	r.external_id = NULL;
	citizen_rec_free(&r);
	return ext;
}

/* Is the citizen's CPR number also in an earlier record or elsewhere? */
static void
resolve_cpr(struct import *im, struct imp_citizen *c)
{
	struct import_map_slot *e;
	char		       *owner, label[IMPORT_LABEL_LEN];

	if (c->rec.cpr_hash[0] == '\0')
		return;
	/* index_file() put the first citizen with it. */
	if ((e = import_map_get(&im->cprs, c->rec.cpr_hash)) != NULL &&
	    e->rec != c)
		import_problem(im, &c->h, "cpr", "the same CPR number as %s",
		    import_label(e->rec, label, sizeof(label)));
	if ((owner = stored_cpr_owner(im, c->rec.cpr_hash)) == NULL)
		return;
	if (c->h.ext != NULL && strcmp(owner, c->h.ext) != 0 &&
	    import_find(im, SECTION_CITIZENS, owner) == NULL)
		import_problem(im, &c->h, "cpr",
		    "this CPR number is already "
		    "stored for citizen \"%s\"",
		    owner);
	free(owner);
}

void
resolve_citizen(struct import *im, void *p)
{
	struct imp_citizen *c = p;

	resolve_self(im, SECTION_CITIZENS, &c->h);
	resolve_cpr(im, c);
	if (c->rec.language[0] == '\0')
		memcpy(c->rec.language, "da", 3);
	if (!c->h.exists && !(c->h.given & (1u << CITIZEN_REMINDERS)))
		c->reminders = 1;
	c->rec.reminders_on = c->reminders;
}

/* Does a complaint guidance text with this key exist (remembered)? */
static int
guidance_known(struct import *im, const char *key)
{
	struct guidance_rec r;
	int		    added;

	if (import_map_get(&im->guidance, key) != NULL)
		return 1;
	if (store_guidance_get(im->ctx->store, key, "da", &r) != STORE_OK)
		return 0;
	guidance_rec_free(&r);
	import_map_put(&im->guidance, key, &added);
	return 1;
}

void
resolve_agreement(struct import *im, void *p)
{
	struct imp_agreement *a = p;
	const char	     *why;

	resolve_self(im, SECTION_AGREEMENTS, &a->h);
	resolve_ref(im, &a->h, "citizen", &a->citizen, SECTION_CITIZENS);
	resolve_ref(im, &a->h, "mentor", &a->mentor, SECTION_STAFF);
	resolve_ref(im, &a->h, "caseworker", &a->caseworker, SECTION_STAFF);
	resolve_ref(im, &a->h, "extends", &a->extends, SECTION_AGREEMENTS);
	if (a->extends.in_file == &a->h)
		import_problem(im, &a->h, "extends", "cannot extend itself");
	else if (a->extends.in_file != NULL &&
	    a->extends.in_file->index >= a->h.index)
		import_problem(im, &a->h, "extends",
		    "the agreement it extends "
		    "must come before it in the file");
	if ((why = valid_period(a->rec.starts_on, a->rec.ends_on)) != NULL)
		import_problem(im, &a->h, "ends", "%s", why);
	if (a->rec.guidance_key != NULL &&
	    !guidance_known(im, a->rec.guidance_key))
		import_problem(im, &a->h, "complaint_guidance",
		    "no guidance "
		    "text \"%s\" (mentorctl init stores \"default\")",
		    a->rec.guidance_key);
}

void
resolve_meeting(struct import *im, void *p)
{
	struct imp_meeting *m = p;
	const char	   *why;

	resolve_self(im, SECTION_MEETINGS, &m->h);
	resolve_ref(im, &m->h, "agreement", &m->agreement, SECTION_AGREEMENTS);
	if (m->rec.starts_at != 0 && m->rec.ends_at != 0 &&
	    (why = valid_meeting_times(m->rec.starts_at, m->rec.ends_at)) !=
		NULL)
		import_problem(im, &m->h, "ends", "%s", why);
}

/* --- save --------------------------------------------------------------- */

enum store_err
save_guidance(struct import *im, void *p)
{
	struct imp_guidance *g = p;

	return store_guidance_set(im->ctx->store, &g->rec, im->ctx->now);
}

enum store_err
save_staff(struct import *im, void *p)
{
	struct imp_staff *s = p;
	enum store_err	  e;

	/* Deputies in this file may not have an id yet: second pass. */
	s->rec.deputy_id = ref_id(&s->deputy);
	if (s->h.exists)
		e = store_staff_upsert(im->ctx->store, &s->rec);
	else
		e = store_staff_insert(im->ctx->store, &s->rec);
	s->h.id = s->rec.id;
	if (e == STORE_OK && s->login != NULL)
		e = store_staff_set_login(im->ctx->store, s->h.id, s->login);
	if (e == STORE_OK && s->roles != 0)
		e = store_staff_set_roles(im->ctx->store, s->h.id, s->roles);
	return e;
}

enum store_err
save_staff_deputy(struct import *im, void *p)
{
	struct imp_staff *s = p;

	if (s->deputy.in_file == NULL || s->rec.deputy_id == ref_id(&s->deputy))
		return STORE_OK;
	s->rec.deputy_id = ref_id(&s->deputy);
	return store_staff_upsert(im->ctx->store, &s->rec);
}

enum store_err
save_citizen(struct import *im, void *p)
{
	struct imp_citizen *c = p;
	enum store_err	    e;

	if (c->h.exists)
		e = store_citizen_upsert(im->ctx->store, &c->rec);
	else
		e = store_citizen_insert(im->ctx->store, &c->rec);
	if (e != STORE_OK)
		return e;
	c->h.id = c->rec.id;
	if (c->h.exists && (c->h.given & (1u << CITIZEN_REMINDERS)))
		e = store_citizen_set_reminders(
		    im->ctx->store, c->h.id, c->reminders);
	return e;
}

enum store_err
save_agreement(struct import *im, void *p)
{
	struct imp_agreement *a = p;
	enum store_err	      e;
	time_t		      before;

	a->rec.citizen_id = ref_id(&a->citizen);
	a->rec.mentor_id = ref_id(&a->mentor);
	a->rec.caseworker_id = ref_id(&a->caseworker);
	a->rec.extends_id = ref_id(&a->extends);
	if (!a->h.exists) {
		/* Active already: its activation is the past. */
		a->rec.imported_active = 1;
		e = store_agreement_insert(im->ctx->store, &a->rec);
		a->activated = a->rec.activated_at != 0;
	} else if ((e = store_agreement_activated(
			im->ctx->store, a->h.id, &before)) == STORE_OK) {
		e = store_agreement_upsert(im->ctx->store, &a->rec);
		a->activated = before == 0 && a->rec.activated_at != 0;
	}
	a->h.id = a->rec.id;
	return e;
}

/*
 * Make meeting m ready to store: its agreement's id; a place with a word
 * no SMS may carry never stored as "may be in an SMS" (staff are told);
 * a new meeting marked as imported.
 */
static void
meeting_prepare(struct import *im, struct imp_meeting *m)
{
	struct place_warning *w;
	const char	     *word;

	m->rec.agreement_id = ref_id(&m->agreement);
	if ((word = meeting_place_word(
		 im->ctx, m->rec.place, m->rec.place_in_sms)) != NULL) {
		m->rec.place_in_sms = 0;
		if ((w = reallocarray(
			 im->places, im->nplaces + 1, sizeof(*w))) == NULL)
			fatal("reallocarray");
		im->places = w;
		im->places[im->nplaces].meeting = m->h.ext;
		im->places[im->nplaces++].word = word;
	}
	m->rec.imported = !m->h.exists;
}

enum store_err
save_meeting(struct import *im, void *p)
{
	struct imp_meeting *m = p;
	enum store_err	    e;

	meeting_prepare(im, m);
	if (m->h.exists)
		e = store_meeting_upsert(im->ctx->store, &m->rec);
	else
		e = store_meeting_insert(im->ctx->store, &m->rec);
	m->h.id = m->rec.id;
	return e;
}

/* --- release ------------------------------------------------------------ */

/*
 * Every string of a record lives in the import's arena (import_fields.c
 * copies them there), freed whole by import_free(): releasing a record
 * frees nothing of its own.
 */
void
release_guidance(void *p)
{
	(void)p;
}

void
release_staff(void *p)
{
	(void)p;
}

void
release_citizen(void *p)
{
	struct imp_citizen *c = p;

	explicit_bzero(c->rec.cpr_hash, sizeof(c->rec.cpr_hash));
}

void
release_agreement(void *p)
{
	(void)p;
}

void
release_meeting(void *p)
{
	(void)p;
}
