/*
 * import_save.c - the second and third steps of an import: resolve the
 * references between records (in the file, else in the store) with the
 * checks that span fields or records, then save each record.  Saving
 * runs inside the import's one transaction.
 */
#include <string.h>

#include "cmd.h"
#include "import.h"
#include "store.h"
#include "validate.h"

/* What a reference in each section points at, for messages. */
static const char *const section_noun[SECTION__MAX] = {
	[SECTION_GUIDANCE] = "complaint guidance",
	[SECTION_STAFF] = "staff member",
	[SECTION_CITIZENS] = "citizen",
	[SECTION_AGREEMENTS] = "agreement",
	[SECTION_MEETINGS] = "meeting",
};

/* The store id of the record of section sec with external id ext. */
static enum store_err
lookup_external(struct store *s, enum section_id sec, const char *ext,
    int64_t *id)
{
	struct staff_rec	 st;
	struct citizen_rec	 c;
	struct agreement_rec	 a;
	struct meeting_rec	 m;
	enum store_err		 e = STORE_NOTFOUND;

	*id = 0;
	switch (sec) {
	case SECTION_STAFF:
		if ((e = store_staff_by_external(s, ext, &st)) == STORE_OK)
			*id = st.id, staff_rec_free(&st);
		break;
	case SECTION_CITIZENS:
		if ((e = store_citizen_by_external(s, ext, &c)) == STORE_OK)
			*id = c.id, citizen_rec_free(&c);
		break;
	case SECTION_AGREEMENTS:
		if ((e = store_agreement_by_external(s, ext, &a)) == STORE_OK)
			*id = a.id, agreement_rec_free(&a);
		break;
	case SECTION_MEETINGS:
		if ((e = store_meeting_by_external(s, ext, &m)) == STORE_OK)
			*id = m.id, meeting_rec_free(&m);
		break;
	default:
		break;
	}
	return e;
}

/* Look up h's own external id: is the record already stored? */
static void
resolve_self(struct import *im, enum section_id sec, struct record_head *h)
{
	enum store_err	 e;

	if (h->ext == NULL)
		return;
	e = lookup_external(im->ctx->store, sec, h->ext, &h->id);
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
	if (lookup_external(im->ctx->store, sec, r->ext, &r->db_id) == STORE_OK)
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
	struct imp_guidance	*g = p, *o;
	struct guidance_rec	 r;
	size_t			 i;

	for (i = 0; i < g->h.index; i++) {
		o = import_record(im, SECTION_GUIDANCE, i);
		if (o->rec.key != NULL && g->rec.key != NULL &&
		    strcmp(o->rec.key, g->rec.key) == 0 &&
		    strcmp(o->rec.language, g->rec.language) == 0)
			import_problem(im, &g->h, "language",
			    "this key and language are also in %s", o->h.label);
	}
	if (g->rec.key != NULL && store_guidance_get(im->ctx->store, g->rec.key,
	    g->rec.language, &r) == STORE_OK) {
		g->h.exists = strcmp(r.language, g->rec.language) == 0;
		guidance_rec_free(&r);
	}
}

void
resolve_staff(struct import *im, void *p)
{
	struct imp_staff	*s = p;
	const char		*why;

	resolve_self(im, SECTION_STAFF, &s->h);
	if ((s->rec.away_from == NULL) != (s->rec.away_until == NULL))
		import_problem(im, &s->h, "away_until",
		    "give away_from and away_until both, or neither");
	else if ((why = valid_period(s->rec.away_from, s->rec.away_until)) !=
	    NULL)
		import_problem(im, &s->h, "away_until", "%s", why);
	if (s->deputy.ext != NULL && s->h.ext != NULL &&
	    strcmp(s->deputy.ext, s->h.ext) == 0)
		import_problem(im, &s->h, "deputy", "cannot be the person "
		    "themselves");
	else
		resolve_ref(im, &s->h, "deputy", &s->deputy, SECTION_STAFF);
}

/* Is the citizen's CPR number also in an earlier record or elsewhere? */
static void
resolve_cpr(struct import *im, struct imp_citizen *c)
{
	struct imp_citizen	*o;
	struct citizen_rec	 r;
	size_t			 i;

	if (c->rec.cpr_hash[0] == '\0')
		return;
	for (i = 0; i < c->h.index; i++) {
		o = import_record(im, SECTION_CITIZENS, i);
		if (strcmp(o->rec.cpr_hash, c->rec.cpr_hash) == 0)
			import_problem(im, &c->h, "cpr", "the same CPR number "
			    "as %s", o->h.label);
	}
	if (store_citizen_by_cpr(im->ctx->store, c->rec.cpr_hash, &r) !=
	    STORE_OK)
		return;
	if (c->h.ext != NULL && strcmp(r.external_id, c->h.ext) != 0 &&
	    import_find(im, SECTION_CITIZENS, r.external_id) == NULL)
		import_problem(im, &c->h, "cpr", "this CPR number is already "
		    "stored for citizen \"%s\"", r.external_id);
	citizen_rec_free(&r);
}

void
resolve_citizen(struct import *im, void *p)
{
	struct imp_citizen	*c = p;

	resolve_self(im, SECTION_CITIZENS, &c->h);
	resolve_cpr(im, c);
	if (c->rec.language[0] == '\0')
		memcpy(c->rec.language, "da", 3);
	if (!c->h.exists && !(c->h.given & (1u << CITIZEN_REMINDERS)))
		c->reminders = 1;
	c->rec.reminders_on = c->reminders;
}

/* Does a complaint guidance text with this key exist? */
static int
guidance_known(struct import *im, const char *key)
{
	struct imp_guidance	*g;
	struct guidance_rec	 r;
	size_t			 i;

	for (i = 0; i < im->n[SECTION_GUIDANCE]; i++) {
		g = import_record(im, SECTION_GUIDANCE, i);
		if (g->rec.key != NULL && strcmp(g->rec.key, key) == 0)
			return 1;
	}
	if (store_guidance_get(im->ctx->store, key, "da", &r) != STORE_OK)
		return 0;
	guidance_rec_free(&r);
	return 1;
}

void
resolve_agreement(struct import *im, void *p)
{
	struct imp_agreement	*a = p;
	const char		*why;

	resolve_self(im, SECTION_AGREEMENTS, &a->h);
	resolve_ref(im, &a->h, "citizen", &a->citizen, SECTION_CITIZENS);
	resolve_ref(im, &a->h, "mentor", &a->mentor, SECTION_STAFF);
	resolve_ref(im, &a->h, "caseworker", &a->caseworker, SECTION_STAFF);
	resolve_ref(im, &a->h, "extends", &a->extends, SECTION_AGREEMENTS);
	if (a->extends.in_file == &a->h)
		import_problem(im, &a->h, "extends", "cannot extend itself");
	else if (a->extends.in_file != NULL && a->extends.in_file->index >=
	    a->h.index)
		import_problem(im, &a->h, "extends", "the agreement it extends "
		    "must come before it in the file");
	if ((why = valid_period(a->rec.starts_on, a->rec.ends_on)) != NULL)
		import_problem(im, &a->h, "ends", "%s", why);
	if (a->rec.guidance_key != NULL && !guidance_known(im,
	    a->rec.guidance_key))
		import_problem(im, &a->h, "complaint_guidance", "no guidance "
		    "text \"%s\" (mentorctl init stores \"default\")",
		    a->rec.guidance_key);
}

void
resolve_meeting(struct import *im, void *p)
{
	struct imp_meeting	*m = p;

	resolve_self(im, SECTION_MEETINGS, &m->h);
	resolve_ref(im, &m->h, "agreement", &m->agreement, SECTION_AGREEMENTS);
	if (m->rec.starts_at != 0 && m->rec.ends_at != 0 &&
	    m->rec.ends_at <= m->rec.starts_at)
		import_problem(im, &m->h, "ends", "must be after starts");
}

/* --- save --------------------------------------------------------------- */

enum store_err
save_guidance(struct import *im, void *p)
{
	struct imp_guidance	*g = p;

	return store_guidance_set(im->ctx->store, &g->rec, im->ctx->now);
}

enum store_err
save_staff(struct import *im, void *p)
{
	struct imp_staff	*s = p;
	enum store_err		 e;

	/* Deputies in this file may not have an id yet: second pass. */
	s->rec.deputy_id = ref_id(&s->deputy);
	e = store_staff_upsert(im->ctx->store, &s->rec);
	s->h.id = s->rec.id;
	return e;
}

enum store_err
save_staff_deputy(struct import *im, void *p)
{
	struct imp_staff	*s = p;

	if (s->deputy.in_file == NULL || s->rec.deputy_id == ref_id(&s->deputy))
		return STORE_OK;
	s->rec.deputy_id = ref_id(&s->deputy);
	return store_staff_upsert(im->ctx->store, &s->rec);
}

enum store_err
save_citizen(struct import *im, void *p)
{
	struct imp_citizen	*c = p;
	enum store_err		 e;

	if ((e = store_citizen_upsert(im->ctx->store, &c->rec)) != STORE_OK)
		return e;
	c->h.id = c->rec.id;
	if (c->h.exists && (c->h.given & (1u << CITIZEN_REMINDERS)))
		e = store_citizen_set_reminders(im->ctx->store, c->h.id,
		    c->reminders);
	return e;
}

enum store_err
save_agreement(struct import *im, void *p)
{
	struct imp_agreement	*a = p;
	enum store_err		 e;

	a->rec.citizen_id = ref_id(&a->citizen);
	a->rec.mentor_id = ref_id(&a->mentor);
	a->rec.caseworker_id = ref_id(&a->caseworker);
	a->rec.extends_id = ref_id(&a->extends);
	e = store_agreement_upsert(im->ctx->store, &a->rec);
	a->h.id = a->rec.id;
	return e;
}

enum store_err
save_meeting(struct import *im, void *p)
{
	struct imp_meeting	*m = p;
	enum store_err		 e;

	m->rec.agreement_id = ref_id(&m->agreement);
	e = store_meeting_upsert(im->ctx->store, &m->rec);
	m->h.id = m->rec.id;
	return e;
}

/* --- release ------------------------------------------------------------ */

void
release_guidance(void *p)
{
	guidance_rec_free(&((struct imp_guidance *)p)->rec);
}

void
release_staff(void *p)
{
	staff_rec_free(&((struct imp_staff *)p)->rec);
}

void
release_citizen(void *p)
{
	struct imp_citizen	*c = p;

	explicit_bzero(c->rec.cpr_hash, sizeof(c->rec.cpr_hash));
	citizen_rec_free(&c->rec);
}

void
release_agreement(void *p)
{
	agreement_rec_free(&((struct imp_agreement *)p)->rec);
}

void
release_meeting(void *p)
{
	meeting_rec_free(&((struct imp_meeting *)p)->rec);
}
