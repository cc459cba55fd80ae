/*
 * import_fields.c - the import file's sections and fields, as tables, and
 * one validator per kind of field.  The format is DESIGN.md "Import
 * format", plus optional "guidance" records and agreement "extends".
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "cmd.h"
#include "dates.h"
#include "import.h"
#include "jsonflat.h"
#include "log.h"
#include "store_staff.h"
#include "validate.h"

#define RELATIVE_HINT \
	"a relative date such as today+3 needs import " \
	"--relative-dates"

#define AT(rec, f, type) ((type *)(void *)((char *)(rec) + (f)->offset))

/* The string value, or NULL when v is not a string or holds a NUL. */
static const char *
string_of(const struct jf_value *v)
{
	if (v == NULL || v->type != JF_STRING ||
	    memchr(v->str, '\0', v->len) != NULL)
		return NULL;
	return v->str;
}

/* Set *dst to a copy of s in the import's arena. */
static void
set_copy(struct import *im, char **dst, const char *s)
{
	*dst = import_strdup(&im->arena, s);
}

/* How a string field is checked: NULL when fine, else why not. */
typedef const char *(*string_check)(const char *s, const struct field *f);

static const char *
check_id(const char *s, const struct field *f)
{
	return valid_external_id(s);
}

static const char *
check_text(const char *s, const struct field *f)
{
	return valid_text(s, f->size);
}

static const char *
check_email(const char *s, const struct field *f)
{
	return valid_email(s);
}

/* A string that check accepts, copied into the record's field f. */
static const char *
copy_checked(struct import *im, const struct field *f, void *rec,
    const struct jf_value *v, string_check check)
{
	const char *s, *why;

	if ((s = string_of(v)) == NULL)
		return "expected a string";
	if ((why = check(s, f)) != NULL)
		return why;
	set_copy(im, AT(rec, f, char *), s);
	return NULL;
}

/* The record's own external id. */
static const char *
parse_id(struct import *im, const struct field *f, void *rec,
    const struct jf_value *v)
{
	const char *why;

	if ((why = copy_checked(im, f, rec, v, check_id)) != NULL)
		return why;
	((struct record_head *)rec)->ext = *AT(rec, f, char *);
	return NULL;
}

/* An id of another kind (a guidance key). */
static const char *
parse_key(struct import *im, const struct field *f, void *rec,
    const struct jf_value *v)
{
	return copy_checked(im, f, rec, v, check_id);
}

/* Text of at most f->size bytes. */
static const char *
parse_text(struct import *im, const struct field *f, void *rec,
    const struct jf_value *v)
{
	return copy_checked(im, f, rec, v, check_text);
}

/* A phone number, stored as E.164. */
static const char *
parse_phone(struct import *im, const struct field *f, void *rec,
    const struct jf_value *v)
{
	char	    e164[PHONE_MAX];
	const char *s, *why;

	if ((s = string_of(v)) == NULL)
		return "expected a string";
	if ((why = valid_phone(s, e164)) != NULL)
		return why;
	set_copy(im, AT(rec, f, char *), e164);
	return NULL;
}

/* An e-mail address. */
static const char *
parse_email(struct import *im, const struct field *f, void *rec,
    const struct jf_value *v)
{
	return copy_checked(im, f, rec, v, check_email);
}

/* true or false. */
static const char *
parse_bool(struct import *im, const struct field *f, void *rec,
    const struct jf_value *v)
{
	if (v->type != JF_BOOL)
		return "expected true or false";
	*AT(rec, f, int) = v->num != 0 ? 1 : 0;
	return NULL;
}

/* A real date, or with --relative-dates "today+N". */
static const char *
parse_date(struct import *im, const struct field *f, void *rec,
    const struct jf_value *v)
{
	char	    rel[DATE_LEN];
	const char *s, *why;

	if ((s = string_of(v)) == NULL)
		return "expected a date as a string, YYYY-MM-DD";
	if (im->relative && dates_relative(s, im->ctx->today, rel) == 0) {
		set_copy(im, AT(rec, f, char *), rel);
		return NULL;
	}
	if (!im->relative && strncmp(s, "today", 5) == 0)
		return RELATIVE_HINT;
	if ((why = valid_date(s)) != NULL)
		return why;
	set_copy(im, AT(rec, f, char *), s);
	return NULL;
}

/* A date-time with offset, or with --relative-dates "today+NTHH:MM". */
static const char *
parse_instant(struct import *im, const struct field *f, void *rec,
    const struct jf_value *v)
{
	static char why[200];
	const char *s;

	if ((s = string_of(v)) == NULL)
		return "expected a date and time as a string";
	if (im->relative) {
		switch (dates_relative_instant(
		    s, im->ctx->today, AT(rec, f, time_t), why, sizeof(why))) {
		case 0:
			return NULL;
		case -2:
			return why; /* the clocks skip it or show it twice */
		default:
			break;
		}
	}
	if (!im->relative && strncmp(s, "today", 5) == 0)
		return RELATIVE_HINT;
	return valid_instant(s, 1, AT(rec, f, time_t));
}

/* The external id of another record (resolved later). */
static const char *
parse_ref(struct import *im, const struct field *f, void *rec,
    const struct jf_value *v)
{
	const char *s, *why;

	if ((s = string_of(v)) == NULL)
		return "expected the id of a record, as a string";
	if ((why = valid_external_id(s)) != NULL)
		return why;
	AT(rec, f, struct ref)->ext = import_strdup(&im->arena, s);
	return NULL;
}

/* One word of f->words. */
static const char *
parse_word(struct import *im, const struct field *f, void *rec,
    const struct jf_value *v)
{
	const char *s, *why;

	if ((s = string_of(v)) == NULL)
		return f->words->reason;
	if ((why = valid_word(s, f->words)) != NULL)
		return why;
	memset(AT(rec, f, char), 0, f->size);
	memcpy(AT(rec, f, char), s, strnlen(s, f->size - 1));
	return NULL;
}

/* A CPR number: only its keyed hash is kept. */
static const char *
parse_cpr(struct import *im, const struct field *f, void *rec,
    const struct jf_value *v)
{
	const char *s, *why;

	if ((s = string_of(v)) == NULL)
		return "expected a string, DDMMYY-SSSS";
	if (cpr_to_hash(im->ctx, s, AT(rec, f, char), &why) == -1)
		return why;
	return NULL;
}

/* A list of 0-50 task texts. */
static const char *
parse_tasks(struct import *im, const struct field *f, void *rec,
    const struct jf_value *v)
{
	struct agreement_rec  *a = AT(rec, f, struct agreement_rec);
	char *const	       no_task[1] = { NULL };
	const struct jf_value *t;
	const char	      *s;
	size_t		       i;

	if (v->type != JF_ARRAY)
		return "expected a list of texts";
	if (v->len > TASKS_MAX)
		return valid_tasks(NULL, v->len);
	for (t = jf_first(im->doc, v); t != NULL; t = jf_next(im->doc, t)) {
		s = string_of(t);
		if (s == NULL || valid_task(s) != NULL)
			return valid_tasks(no_task, 1);
	}
	a->tasks = import_alloc(&im->arena, (v->len + 1) * sizeof(*a->tasks));
	for (i = 0, t = jf_first(im->doc, v); t != NULL;
	     i++, t = jf_next(im->doc, t))
		set_copy(im, &a->tasks[i], t->str);
	a->ntasks = v->len;
	return NULL;
}

/* {"amount": N, "per": "week"|"total"}. */
static const char *
parse_hours(struct import *im, const struct field *f, void *rec,
    const struct jf_value *v)
{
	struct agreement_rec  *a = AT(rec, f, struct agreement_rec);
	const struct jf_value *amount, *per;
	const char	      *why, *s;

	if (v->type != JF_OBJECT || v->len != 2 ||
	    (amount = jf_get(im->doc, v, "amount")) == NULL ||
	    (per = jf_get(im->doc, v, "per")) == NULL)
		return "expected {\"amount\": N, \"per\": \"week\" or "
		       "\"total\"}";
	if (amount->type != JF_INT && amount->type != JF_DOUBLE)
		return "amount: expected a number";
	a->hours_amount = amount->num;
	if ((why = valid_hours(a->hours_amount)) != NULL)
		return why;
	if ((s = string_of(per)) == NULL ||
	    valid_word(s, &words_hours_per) != NULL)
		return "per: expected week or total";
	set_copy(im, &a->hours_per, s);
	return NULL;
}

/* A staff login: kept lower-cased, as the store keeps it. */
static const char *
parse_login(struct import *im, const struct field *f, void *rec,
    const struct jf_value *v)
{
	char	    folded[STAFF_LOGIN_MAX + 1];
	const char *s, *why;

	if ((s = string_of(v)) == NULL)
		return "expected a string";
	if ((why = valid_login(s)) != NULL)
		return why;
	staff_login_fold(s, folded, sizeof(folded));
	set_copy(im, AT(rec, f, char *), folded);
	return NULL;
}

/* Staff roles: a list of role names, or one "mentor,coordinator" text. */
static const char *
parse_roles(struct import *im, const struct field *f, void *rec,
    const struct jf_value *v)
{
	const struct jf_value *t;
	const char	      *s, *why;
	int		       one, all = 0;

	if ((s = string_of(v)) != NULL) {
		if ((why = valid_roles(s, &all)) != NULL)
			return why;
	} else if (v->type == JF_ARRAY && v->len > 0) {
		for (t = jf_first(im->doc, v); t != NULL;
		     t = jf_next(im->doc, t)) {
			s = string_of(t);
			if ((why = valid_roles(s, &one)) != NULL)
				return why;
			all |= one;
		}
	} else
		return valid_roles(NULL, &all);
	*AT(rec, f, int) = all;
	return NULL;
}

static const char *(*const parsers[FT__MAX])(
    struct import *, const struct field *, void *, const struct jf_value *) = {
	[FT_ID] = parse_id,
	[FT_KEY] = parse_key,
	[FT_TEXT] = parse_text,
	[FT_PHONE] = parse_phone,
	[FT_EMAIL] = parse_email,
	[FT_BOOL] = parse_bool,
	[FT_DATE] = parse_date,
	[FT_INSTANT] = parse_instant,
	[FT_REF] = parse_ref,
	[FT_WORD] = parse_word,
	[FT_CPR] = parse_cpr,
	[FT_TASKS] = parse_tasks,
	[FT_HOURS] = parse_hours,
	[FT_LOGIN] = parse_login,
	[FT_ROLES] = parse_roles,
};

const char *
field_parse(struct import *im, const struct field *f, void *rec,
    const struct jf_value *value)
{
	return parsers[f->type](im, f, rec, value);
}

/* --- the tables -------------------------------------------------------- */

#define G(m) offsetof(struct imp_guidance, m)
#define S(m) offsetof(struct imp_staff, m)
#define C(m) offsetof(struct imp_citizen, m)
#define A(m) offsetof(struct imp_agreement, m)
#define M(m) offsetof(struct imp_meeting, m)

static const struct field guidance_fields[] = {
	{ "key", 1, FT_ID, G(rec.key), 0, NULL },
	{ "language", 1, FT_WORD, G(rec.language), 3, &words_language },
	{ "title", 1, FT_TEXT, G(rec.title), NAME_MAX_LEN, NULL },
	{ "appeal", 1, FT_TEXT, G(rec.appeal), TEXT_MAX_LEN, NULL },
	{ "dissatisfaction", 1, FT_TEXT, G(rec.dissatisfaction), TEXT_MAX_LEN,
	    NULL },
	{ "help", 1, FT_TEXT, G(rec.help), TEXT_MAX_LEN, NULL },
};

static const struct field staff_fields[] = {
	{ "id", 1, FT_ID, S(rec.external_id), 0, NULL },
	{ "name", 1, FT_TEXT, S(rec.name), NAME_MAX_LEN, NULL },
	{ "mobile", 0, FT_PHONE, S(rec.mobile), 0, NULL },
	{ "email", 0, FT_EMAIL, S(rec.email), 0, NULL },
	{ "organisation", 0, FT_TEXT, S(rec.organisation), NAME_MAX_LEN, NULL },
	{ "reachable", 0, FT_TEXT, S(rec.reachable), NAME_MAX_LEN, NULL },
	{ "caseworker", 0, FT_BOOL, S(rec.is_caseworker), 0, NULL },
	{ "away_from", 0, FT_DATE, S(rec.away_from), 0, NULL },
	{ "away_until", 0, FT_DATE, S(rec.away_until), 0, NULL },
	{ "deputy", 0, FT_REF, S(deputy), 0, NULL },
	{ "login", 0, FT_LOGIN, S(login), 0, NULL },
	{ "roles", 0, FT_ROLES, S(roles), 0, NULL },
};

static const struct field citizen_fields[CITIZEN__MAX] = {
	[CITIZEN_ID] = { "id", 1, FT_ID, C(rec.external_id), 0, NULL },
	[CITIZEN_CPR] = { "cpr", 1, FT_CPR, C(rec.cpr_hash), 0, NULL },
	[CITIZEN_GIVEN_NAME] = { "given_name", 1, FT_TEXT, C(rec.given_name),
	    GIVEN_NAME_MAX, NULL },
	[CITIZEN_MOBILE] = { "mobile", 0, FT_PHONE, C(rec.mobile), 0, NULL },
	[CITIZEN_LANGUAGE] = { "language", 0, FT_WORD, C(rec.language), 3,
	    &words_language },
	[CITIZEN_REMINDERS] = { "reminders", 0, FT_BOOL, C(reminders), 0,
	    NULL },
};

static const struct field agreement_fields[] = {
	{ "id", 1, FT_ID, A(rec.external_id), 0, NULL },
	{ "citizen", 1, FT_REF, A(citizen), 0, NULL },
	{ "mentor", 0, FT_REF, A(mentor), 0, NULL },
	{ "caseworker", 0, FT_REF, A(caseworker), 0, NULL },
	{ "goal", 0, FT_TEXT, A(rec.goal), TEXT_MAX_LEN, NULL },
	{ "tasks", 0, FT_TASKS, A(rec), 0, NULL },
	{ "starts", 0, FT_DATE, A(rec.starts_on), 0, NULL },
	{ "ends", 0, FT_DATE, A(rec.ends_on), 0, NULL },
	{ "hours", 0, FT_HOURS, A(rec), 0, NULL },
	{ "complaint_guidance", 0, FT_KEY, A(rec.guidance_key), 0, NULL },
	{ "legal_basis", 0, FT_TEXT, A(rec.legal_basis), NAME_MAX_LEN, NULL },
	{ "after_psychiatric_discharge", 0, FT_BOOL, A(rec.after_discharge), 0,
	    NULL },
	{ "extends", 0, FT_REF, A(extends), 0, NULL },
	{ "status", 0, FT_WORD, A(rec.status), 8, &words_agreement_status },
};

static const struct field meeting_fields[] = {
	{ "id", 1, FT_ID, M(rec.external_id), 0, NULL },
	{ "agreement", 1, FT_REF, M(agreement), 0, NULL },
	{ "starts", 1, FT_INSTANT, M(rec.starts_at), 0, NULL },
	{ "ends", 1, FT_INSTANT, M(rec.ends_at), 0, NULL },
	{ "place", 0, FT_TEXT, M(rec.place), NAME_MAX_LEN, NULL },
	{ "place_in_sms", 0, FT_BOOL, M(rec.place_in_sms), 0, NULL },
	{ "kind", 0, FT_WORD, M(rec.kind), 12, &words_meeting_kind },
	{ "status", 0, FT_WORD, M(rec.status), 12, &words_meeting_status },
};

#define FIELDS(t) t, sizeof(t) / sizeof(t[0])

/* In the order they are saved: each may refer to those before it. */
const struct section sections[SECTION__MAX] = {
	[SECTION_GUIDANCE] = { "guidance", sizeof(struct imp_guidance),
	    FIELDS(guidance_fields), resolve_guidance, save_guidance,
	    release_guidance },
	[SECTION_STAFF] = { "staff", sizeof(struct imp_staff),
	    FIELDS(staff_fields), resolve_staff, save_staff, release_staff },
	[SECTION_CITIZENS] = { "citizens", sizeof(struct imp_citizen),
	    FIELDS(citizen_fields), resolve_citizen, save_citizen,
	    release_citizen },
	[SECTION_AGREEMENTS] = { "agreements", sizeof(struct imp_agreement),
	    FIELDS(agreement_fields), resolve_agreement, save_agreement,
	    release_agreement },
	[SECTION_MEETINGS] = { "meetings", sizeof(struct imp_meeting),
	    FIELDS(meeting_fields), resolve_meeting, save_meeting,
	    release_meeting },
};
