/*
 * outbox_text.c - SMS texts of the scheduler.  See outbox_text.h.
 */
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "datefmt.h"
#include "i18n.h"
#include "log.h"
#include "outbox_text.h"
#include "smsword.h"
#include "template.h"

/* Danish templates: the msgids.  Plain, calm, short. */
static const char *const templates[OUTBOX_TEXT__MAX] = {
	[OUTBOX_TEXT_REMINDER] = N_("Husk dit møde med {mentor} fra "
				    "{organisation} {date} kl. {time}."),
	[OUTBOX_TEXT_REMINDER_PLACE] =
	    N_("Husk dit møde med {mentor} fra "
	       "{organisation} {date} kl. {time}. Sted: {place}."),
	[OUTBOX_TEXT_REMINDER_ORG] = N_("Husk dit møde hos {organisation} "
					"{date} kl. {time}."),
	[OUTBOX_TEXT_REMINDER_ORG_PLACE] =
	    N_("Husk dit møde hos "
	       "{organisation} {date} kl. {time}. Sted: {place}."),
	[OUTBOX_TEXT_MOVED] =
	    N_("Dit møde med {mentor} fra {organisation} "
	       "er flyttet. Det nye tidspunkt er {date} kl. {time}. Har du "
	       "spørgsmål, så ring til {phone}."),
	[OUTBOX_TEXT_MOVED_PLACE] =
	    N_("Dit møde med {mentor} fra "
	       "{organisation} er flyttet. Det nye tidspunkt er {date} kl. "
	       "{time}. Sted: {place}. Har du spørgsmål, så ring til {phone}."),
	[OUTBOX_TEXT_MOVED_ORG] =
	    N_("Dit møde hos {organisation} er "
	       "flyttet. Det nye tidspunkt er {date} kl. {time}. Har du "
	       "spørgsmål, så ring til {phone}."),
	[OUTBOX_TEXT_MOVED_ORG_PLACE] = N_(
	    "Dit møde hos {organisation} er "
	    "flyttet. Det nye tidspunkt er {date} kl. {time}. Sted: {place}. "
	    "Har du spørgsmål, så ring til {phone}."),
	[OUTBOX_TEXT_CANCELLED] =
	    N_("Dit møde med {mentor} fra "
	       "{organisation} {date} kl. {time} er aflyst. Har du spørgsmål, "
	       "så ring til {phone}."),
	[OUTBOX_TEXT_CANCELLED_ORG] =
	    N_("Dit møde hos {organisation} {date} "
	       "kl. {time} er aflyst. Har du spørgsmål, så ring til {phone}."),
	[OUTBOX_TEXT_AGREEMENT_CITIZEN] =
	    N_("Du har fået en kontaktperson "
	       "hos {organisation}. Din kontaktperson hedder {mentor} og har "
	       "telefon {phone}. Svar på denne sms, hvis du gerne vil have, at "
	       "{mentor} ringer til dig."),
	[OUTBOX_TEXT_AGREEMENT_MENTOR] =
	    N_("Du er nu mentor for {citizen} "
	       "hos {organisation} fra {starts} til {ends}."),
	[OUTBOX_TEXT_AGREEMENT_ENDING] =
	    N_("Mentoraftalen for {citizen} "
	       "slutter {ends}. Tag stilling til, om den skal forlænges."),
};

/* The texts that go to staff; all others go to the citizen. */
static const enum outbox_text to_staff[] = {
	OUTBOX_TEXT_AGREEMENT_MENTOR,
	OUTBOX_TEXT_AGREEMENT_ENDING,
};

int
outbox_text_to_citizen(enum outbox_text t)
{
	size_t i;

	for (i = 0; i < sizeof(to_staff) / sizeof(to_staff[0]); i++)
		if (to_staff[i] == t)
			return 0;
	return (unsigned)t < OUTBOX_TEXT__MAX;
}

const char *
outbox_text_template(enum outbox_text t)
{
	if ((unsigned)t >= OUTBOX_TEXT__MAX)
		return NULL;
	return templates[t];
}

int
outbox_text_render(enum outbox_text t, const char *lang,
    const struct outbox_fields *f, struct buf *out)
{
	const struct template_var vars[OUTBOX_FIELDS_N] = {
		{ "date", f->date },
		{ "time", f->time },
		{ "organisation", f->organisation },
		{ "mentor", f->mentor },
		{ "place", f->place },
		{ "phone", f->phone },
		{ "citizen", f->citizen },
		{ "starts", f->starts },
		{ "ends", f->ends },
	};
	char err[128];

	if ((unsigned)t >= OUTBOX_TEXT__MAX)
		return -1;
	if (template_render(i18n_text(lang, templates[t]), vars,
		OUTBOX_FIELDS_N, TEMPLATE_TEXT, out, err,
		sizeof(err)) != TEMPLATE_OK) {
		log_warnx("sms text %d (%s): %s", (int)t, lang, err);
		return -1;
	}
	return 0;
}

void
outbox_text_when(time_t t, const char *lang, char *date, size_t dlen,
    char hhmm[OUTBOX_TIME_LEN])
{
	datefmt_date(t, lang, date, dlen);
	datefmt_time(t, lang, hhmm, OUTBOX_TIME_LEN);
}

/*
 * Copy n bytes of in into out[len], cut to fit, NUL-terminated (the
 * scheduler renders these per reminder: no snprintf).  in may lie in out.
 */
static void
copy_n(char *out, size_t len, const char *in, size_t n)
{
	if (len == 0)
		return;
	if (n >= len)
		n = len - 1;
	memmove(out, in, n);
	out[n] = '\0';
}

void
outbox_text_first_name(const char *name, char *out, size_t len)
{
	if (name == NULL) {
		copy_n(out, len, "", 0);
		return;
	}
	while (*name == ' ')
		name++;
	copy_n(out, len, name, strcspn(name, " \t"));
}

const char *
outbox_text_place(
    const struct config_words *sensitive, const char *place, int place_in_sms)
{
	if (!place_in_sms || place == NULL || place[0] == '\0' ||
	    smsword_find(sensitive, place) != NULL)
		return NULL;
	return place;
}
