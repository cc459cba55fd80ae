/*
 * outbox_text - the texts of the SMS the scheduler sends (reminders,
 * meeting notices, agreement notices), as templates with named fields.
 * In shared/ because mentorctl checks them too (sensitive words).
 *
 * The Danish template is the msgid; English comes from the catalogue
 * (po/en/gateway.po).  What an SMS to a citizen may show follows the
 * Danish data protection authority's line: date, time, organisation, the
 * first name of the staff member the meeting is with (the {mentor}
 * field, whatever their role), the place only when the meeting allows it
 * and it holds no sensitive word, the organisation's number; never the
 * word "mentor" (the citizen's text says "kontaktperson").  To staff
 * also the citizen's given name and the agreement's dates.  Never a
 * purpose, a diagnosis, a unit's name or case content: struct
 * outbox_fields has no such field, and template_check() over
 * OUTBOX_FIELDS_ALLOWED proves no template names one
 * (tests/unit/test_outbox_text.c, tests/unit/test_sms_content.c).
 */
#ifndef MENTOR_OUTBOX_TEXT_H
#define MENTOR_OUTBOX_TEXT_H

#include <stddef.h>
#include <time.h>

#include "buf.h"

struct config_words;

/* Room for a time of day: "10.00", "١٠:٠٠" (eastern digits, 2 bytes each). */
#define OUTBOX_TIME_LEN 24

enum outbox_text {
	OUTBOX_TEXT_REMINDER, /* with a named staff member */
	OUTBOX_TEXT_REMINDER_PLACE,
	OUTBOX_TEXT_REMINDER_ORG, /* nobody named (kind other) */
	OUTBOX_TEXT_REMINDER_ORG_PLACE,
	OUTBOX_TEXT_MOVED,
	OUTBOX_TEXT_MOVED_PLACE,
	OUTBOX_TEXT_MOVED_ORG,
	OUTBOX_TEXT_MOVED_ORG_PLACE,
	OUTBOX_TEXT_CANCELLED,
	OUTBOX_TEXT_CANCELLED_ORG,
	OUTBOX_TEXT_AGREEMENT_CITIZEN, /* to the citizen: your contact is */
	OUTBOX_TEXT_AGREEMENT_MENTOR,  /* to the mentor: you are mentor for */
	OUTBOX_TEXT_AGREEMENT_ENDING,  /* to mentor and caseworker */
	OUTBOX_TEXT__MAX
};

/* Every field any SMS text may show; NULL fields render as "". */
struct outbox_fields {
	const char *date; /* "tirsdag den 24. november 2026" */
	const char *time; /* "10.00" (da), "10:00" (en) */
	const char *organisation;
	const char *mentor;  /* first name of whom the meeting
					   is with (mentor or caseworker) */
	const char *place;   /* only when the meeting allows it */
	const char *phone;   /* a number to call, formatted */
	const char *citizen; /* given name (texts to staff only) */
	const char *starts;  /* agreement period, human dates */
	const char *ends;
};

/* The field names, in struct order; the only names a template may use. */
#define OUTBOX_FIELDS_ALLOWED \
	{ \
		"date", "time", "organisation", "mentor", "place", "phone", \
		    "citizen", "starts", "ends" \
	}
#define OUTBOX_FIELDS_N 9

/* 1 when text t goes to the citizen, 0 when to staff (or out of range). */
int	    outbox_text_to_citizen(enum outbox_text t);

/* The Danish template (the msgid) of text t; NULL when out of range. */
const char *outbox_text_template(enum outbox_text t);

/*
 * Render text t in lang (any of lang.c; a language without a catalogue
 * or text falls back to Danish) with
 * f into out (appended).  Returns 0, or -1 when the template is broken
 * (a bug: logged).
 */
int	    outbox_text_render(enum outbox_text t, const char *lang,
	    const struct outbox_fields *f, struct buf *out);

/*
 * Fill the date and time of instant t for a person reading lang into
 * date[dlen] and hhmm ("10.00" in Danish, "10:00" in English, the
 * locale's form from datefmt.h in every language).
 */
void outbox_text_when(time_t t, const char *lang, char *date, size_t dlen,
    char hhmm[OUTBOX_TIME_LEN]);

/*
 * The first word of a name ("Inger Holm" -> "Inger") into out[len]; ""
 * for NULL.  out may be name itself.  Every SMS to a citizen names staff
 * this way.
 */
void outbox_text_first_name(const char *name, char *out, size_t len);

/*
 * The meeting place an SMS may show: place when the meeting allows it
 * (place_in_sms) and it holds no word of sensitive ([sms]
 * sensitive_words, see smsword.h: "Psykiatrisk Center, afsnit 3" tells
 * whoever reads the phone too much); else NULL.  Nothing to free.
 */
const char *outbox_text_place(
    const struct config_words *sensitive, const char *place, int place_in_sms);

#endif
