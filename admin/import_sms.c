/*
 * import_sms.c - the texts an import will make the gateway send, counted
 * inside the import's transaction with the rule the gateway's scheduler
 * uses (shared/notify.c): agreement notices for activations that are
 * news, "moved" and "cancelled" notices for meetings the citizen knows.
 * Reminders are not counted: they follow [reminders] as always.  Also
 * the warnings about meeting places left out of SMS (import_save.c).
 */
#include <json.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "i18n.h"
#include "import.h"
#include "notify.h"
#include "store.h"

/* The kinds of text counted, in the order they are printed. */
static const struct {
	const char *key; /* in --json */
	const char *text;
} sms_kinds[IMPORT_SMS__MAX] = {
	[IMPORT_SMS_AGREEMENT_CITIZEN] = { "agreement_citizen",
	    "new contact person, to citizens" },
	[IMPORT_SMS_AGREEMENT_MENTOR] = { "agreement_mentor",
	    "new citizen, to mentors" },
	[IMPORT_SMS_MOVED] = { "meeting_moved", "meeting moved" },
	[IMPORT_SMS_CANCELLED] = { "meeting_cancelled", "meeting cancelled" },
};

/* The reasons for holding a text back that are worth telling staff. */
static const struct {
	enum notice_why why;
	const char     *key;
} held_kinds[] = {
	{ NOTICE_IMPORTED_ACTIVE, "imported_active" },
	{ NOTICE_BEFORE_SINCE, "before_notify_since" },
	{ NOTICE_SAME_MENTOR, "same_mentor" },
	{ NOTICE_NEVER_TOLD, "never_told" },
};

#define NHELD (sizeof(held_kinds) / sizeof(held_kinds[0]))

/* 1 if the citizen, resp. the staff member, with this id has a mobile. */
static int
citizen_mobile(struct store *s, int64_t id)
{
	struct citizen_rec c;
	int		   has;

	if (store_citizen_get(s, id, &c) != STORE_OK)
		return 0;
	has = c.mobile != NULL && c.mobile[0] != '\0';
	citizen_rec_free(&c);
	return has;
}

static int
staff_mobile(struct store *s, int64_t id)
{
	struct staff_rec st;
	int		 has;

	if (id == 0 || store_staff_get(s, id, &st) != STORE_OK)
		return 0;
	has = st.mobile != NULL && st.mobile[0] != '\0';
	staff_rec_free(&st);
	return has;
}

/* The mentor of the agreement a extends: in the file, else stored. */
static int64_t
extended_mentor(struct import *im, struct imp_agreement *a)
{
	struct agreement_rec e;
	int64_t		     mentor = 0;

	if (a->extends.in_file != NULL)
		return ((struct imp_agreement *)(void *)a->extends.in_file)
		    ->rec.mentor_id;
	if (store_agreement_get(im->ctx->store, a->rec.extends_id, &e) ==
	    STORE_OK) {
		mentor = e.mentor_id;
		agreement_rec_free(&e);
	}
	return mentor;
}

/* An agreement this import made active: its two texts, or why not. */
static void
count_activation(struct import *im, struct imp_agreement *a, time_t since)
{
	struct store   *s = im->ctx->store;
	enum notice_why why;

	if (a->rec.extends_id != 0)
		a->rec.extended_mentor_id = extended_mentor(im, a);
	if ((why = notice_activation(&a->rec, since)) != NOTICE_SEND) {
		im->sms_held[why]++;
		return;
	}
	im->sms[IMPORT_SMS_AGREEMENT_CITIZEN] +=
	    citizen_mobile(s, a->rec.citizen_id);
	im->sms[IMPORT_SMS_AGREEMENT_MENTOR] +=
	    staff_mobile(s, a->rec.mentor_id);
}

int
import_count_sms(struct import *im)
{
	struct imp_agreement *a;
	struct imp_meeting   *m;
	enum notice_kind      kind;
	enum notice_why	      why;
	enum store_err	      e;
	time_t since = notify_since(im->ctx->cfg, im->ctx->store);
	size_t i;

	for (i = 0; i < im->n[SECTION_AGREEMENTS]; i++) {
		a = import_record(im, SECTION_AGREEMENTS, i);
		/* Activated by this import (an earlier one was handled). */
		if (a->activated)
			count_activation(im, a, since);
	}
	for (i = 0; i < im->n[SECTION_MEETINGS]; i++) {
		m = import_record(im, SECTION_MEETINGS, i);
		if (m->rec.version == m->rec.notified_version)
			continue; /* nothing the gateway looks at */
		why = notice_meeting(im->ctx->store, im->ctx->cfg, m->h.id,
		    im->ctx->now, NULL, &kind, &e);
		if (e != STORE_OK)
			return -1;
		if (kind == NOTICE_MOVED)
			im->sms[IMPORT_SMS_MOVED]++;
		else if (kind == NOTICE_CANCELLED)
			im->sms[IMPORT_SMS_CANCELLED]++;
		else
			im->sms_held[why]++;
	}
	return 0;
}

void
import_sms_json(const struct import *im, struct json_object *j)
{
	struct json_object *sms = json_object_new_object();
	struct json_object *held = json_object_new_object();
	size_t		    k, total = 0;

	for (k = 0; k < IMPORT_SMS__MAX; k++) {
		json_object_object_add(sms, sms_kinds[k].key,
		    json_object_new_int64((int64_t)im->sms[k]));
		total += im->sms[k];
	}
	json_object_object_add(
	    sms, "total", json_object_new_int64((int64_t)total));
	for (k = 0; k < NHELD; k++)
		json_object_object_add(held, held_kinds[k].key,
		    json_object_new_int64(
			(int64_t)im->sms_held[held_kinds[k].why]));
	json_object_object_add(j, "sms", sms);
	json_object_object_add(j, "sms_held", held);
}

void
import_sms_print(const struct import *im, int dry_run)
{
	size_t k, total = 0, held = 0;

	for (k = 0; k < IMPORT_SMS__MAX; k++)
		total += im->sms[k];
	printf("SMS the gateway %s send for this import: %zu\n",
	    dry_run ? "would" : "will", total);
	for (k = 0; k < IMPORT_SMS__MAX; k++)
		if (im->sms[k] > 0)
			printf("  %-40s %zu\n", sms_kinds[k].text, im->sms[k]);
	for (k = 0; k < NHELD; k++)
		held += im->sms_held[held_kinds[k].why];
	if (held > 0) {
		printf("Not sent, not news to the person:\n");
		for (k = 0; k < NHELD; k++)
			if (im->sms_held[held_kinds[k].why] > 0)
				printf("  %-40s %zu\n",
				    notice_why_text(held_kinds[k].why),
				    im->sms_held[held_kinds[k].why]);
	}
	printf("Reminders for the meetings follow [reminders] as always.\n");
}

void
import_places_json(const struct import *im, struct json_object *arr)
{
	size_t i;

	for (i = 0; i < im->nplaces; i++)
		json_object_array_add(arr,
		    meeting_place_warning(
			im->ctx, im->places[i].meeting, im->places[i].word));
}

void
import_places_print(const struct import *im)
{
	size_t i;

	if (im->nplaces == 0)
		return;
	printf("%s\n", tr(im->ctx, N_("Advarsler:")));
	for (i = 0; i < im->nplaces; i++)
		meeting_place_warning_print(
		    im->ctx, im->places[i].meeting, im->places[i].word);
}
