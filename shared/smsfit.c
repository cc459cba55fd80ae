/*
 * smsfit.c - worst-case SMS parts per text and language; see smsfit.h.
 */
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "clock.h"
#include "config.h"
#include "datefmt.h"
#include "log.h"
#include "outbox_text.h"
#include "phone.h"
#include "smsfit.h"
#include "smsreply.h"
#include "template.h"

#define N_OUTBOX  OUTBOX_TEXT__MAX
#define N_REPLY	  SMSREPLY__MAX
#define I_UNKNOWN (N_OUTBOX + N_REPLY)

static const char *const outbox_names[OUTBOX_TEXT__MAX] = {
	[OUTBOX_TEXT_REMINDER] = "outbox.reminder",
	[OUTBOX_TEXT_REMINDER_PLACE] = "outbox.reminder_place",
	[OUTBOX_TEXT_REMINDER_ORG] = "outbox.reminder_org",
	[OUTBOX_TEXT_REMINDER_ORG_PLACE] = "outbox.reminder_org_place",
	[OUTBOX_TEXT_MOVED] = "outbox.moved",
	[OUTBOX_TEXT_MOVED_PLACE] = "outbox.moved_place",
	[OUTBOX_TEXT_MOVED_ORG] = "outbox.moved_org",
	[OUTBOX_TEXT_MOVED_ORG_PLACE] = "outbox.moved_org_place",
	[OUTBOX_TEXT_CANCELLED] = "outbox.cancelled",
	[OUTBOX_TEXT_CANCELLED_ORG] = "outbox.cancelled_org",
	[OUTBOX_TEXT_AGREEMENT_CITIZEN] = "outbox.agreement_citizen",
	[OUTBOX_TEXT_AGREEMENT_MENTOR] = "outbox.agreement_mentor",
	[OUTBOX_TEXT_AGREEMENT_ENDING] = "outbox.agreement_ending",
};

static const char *const reply_names[SMSREPLY__MAX] = {
	[SMSREPLY_NOTIFY_MENTOR] = "reply.notify_mentor",
	[SMSREPLY_NOTIFY_DEPUTY] = "reply.notify_deputy",
	[SMSREPLY_NOTIFY_TEAM] = "reply.notify_team",
	[SMSREPLY_FORWARD] = "reply.forward",
	[SMSREPLY_ESCALATE] = "reply.escalate",
	[SMSREPLY_STAFF_HELP] = "reply.staff_help",
	[SMSREPLY_STAFF_ACKED] = "reply.staff_acked",
	[SMSREPLY_STAFF_NONE] = "reply.staff_none",
	[SMSREPLY_RECEIPT] = "reply.receipt",
	[SMSREPLY_RECEIPT_TEAM] = "reply.receipt_team",
	[SMSREPLY_RECEIPT_KEPT] = "reply.receipt_kept",
	[SMSREPLY_ACK] = "reply.ack",
	[SMSREPLY_STOP] = "reply.stop",
	[SMSREPLY_START] = "reply.start",
	[SMSREPLY_HELP_NAMED] = "reply.help_named",
	[SMSREPLY_HELP] = "reply.help",
	[SMSREPLY_REPEAT] = "reply.repeat",
	[SMSREPLY_REPEAT_TEAM] = "reply.repeat_team",
	[SMSREPLY_REPEAT_KEPT] = "reply.repeat_kept",
	[SMSREPLY_UNKNOWN] = "reply.unknown",
};

size_t
smsfit_count(void)
{
	return I_UNKNOWN + 1;
}

const char *
smsfit_name(size_t i)
{
	if (i < N_OUTBOX)
		return outbox_names[i] != NULL ? outbox_names[i] : "outbox.?";
	if (i < I_UNKNOWN)
		return reply_names[i - N_OUTBOX] != NULL
		    ? reply_names[i - N_OUTBOX]
		    : "reply.?";
	return i == I_UNKNOWN ? "unknown_reply" : NULL;
}

int
smsfit_to_citizen(size_t i)
{
	if (i < N_OUTBOX)
		return outbox_text_to_citizen((enum outbox_text)i);
	if (i < I_UNKNOWN)
		return smsreply_to_citizen((enum smsreply_text)(i - N_OUTBOX));
	return i == I_UNKNOWN;
}

/*
 * Return the UTF-16 units of utf8 (what a UCS-2 SMS counts), or its
 * length when it is not valid UTF-8.
 */
static size_t
units(const char *utf8)
{
	struct smstext_info info;

	if (smstext_analyze(utf8, strlen(utf8), &info) != SMSTEXT_OK)
		return strlen(utf8);
	return info.units;
}

/*
 * The longest date of a year (2027; every weekday with every month) in
 * the language at table index i, and the longest time of day.
 */
static void
values_lang(struct smsfit_values *v, size_t i)
{
	const char *code = lang_at(i)->code;
	char	    d[SMSFIT_DATE_MAX];
	time_t	    t = clock_from_local(2027, 1, 1, 12, 0);
	int	    day;

	v->date[i][0] = '\0';
	for (day = 0; day < 365; day++, t += 86400) {
		datefmt_date(t, code, d, sizeof(d));
		if (units(d) > units(v->date[i]))
			memcpy(v->date[i], d, sizeof(d));
	}
	datefmt_time(clock_from_local(2027, 1, 1, 23, 58), code, v->time[i],
	    sizeof(v->time[i]));
}

void
smsfit_values(struct smsfit_values *v, const struct config *cfg)
{
	size_t i;

	memset(v, 0, sizeof(*v));
	v->cfg = cfg;
	v->organisation = cfg->org_name != NULL &&
		units(cfg->org_name) > units(SMSFIT_ORGANISATION)
	    ? cfg->org_name
	    : SMSFIT_ORGANISATION;
	phone_human(cfg->org_phone, 0, v->phone, sizeof(v->phone));
	for (i = 0; lang_at(i) != NULL; i++)
		values_lang(v, i);
}

/*
 * Render outbox text t in language i.  Returns 0 or -1.
 */
static int
render_outbox(enum outbox_text t, const char *lang, int i,
    const struct smsfit_values *v, struct buf *out)
{
	const struct outbox_fields f = {
		.date = v->date[i],
		.time = v->time[i],
		.organisation = v->organisation,
		.mentor = SMSFIT_FIRST_NAME,
		.place = SMSFIT_PLACE,
		.phone = v->phone,
		.citizen = SMSFIT_FIRST_NAME,
		.starts = v->date[i],
		.ends = v->date[i],
	};

	return outbox_text_render(t, lang, &f, out);
}

/*
 * Render reply template tpl in language i (see smsreply.h for the
 * fields).  Returns 0 or -1.
 */
static int
render_reply(const char *tpl, const char *lang, int i,
    const struct smsfit_values *v, struct buf *out)
{
	const struct template_var vars[] = {
		{ "caller", SMSFIT_FIRST_NAME },
		{ "citizen", SMSFIT_FIRST_NAME },
		{ "mentor", SMSFIT_FIRST_NAME },
		{ "crisis", config_text(&v->cfg->org_sms_urgent, lang) },
		{ "org", v->organisation },
		{ "phone", v->cfg->org_phone },
		{ "id", "99999" },
		{ "when", "24.12. kl. 23:58" },
		/* The citizen's own words, forwarded: a plain request. */
		{ "text", "Kan du ringe til mig i morgen efter klokken 14?" },
	};

	(void)i;
	return smsreply_render(
	    lang, tpl, vars, sizeof(vars) / sizeof(vars[0]), out);
}

int
smsfit_measure(size_t i, const char *lang, const struct smsfit_values *v,
    struct smstext_info *info)
{
	struct buf  out = { 0 };
	const char *tpl = NULL;
	int	    li = lang_index(lang), r;

	memset(info, 0, sizeof(*info));
	if (li < 0 || i >= smsfit_count())
		return -1;
	if (!smsfit_to_citizen(i) && li != LANG_DA)
		return 1;
	if (i == I_UNKNOWN &&
	    (tpl = config_text(&v->cfg->unknown_reply, lang)) == NULL)
		return 1;
	if (i < N_OUTBOX)
		r = render_outbox((enum outbox_text)i, lang, li, v, &out);
	else
		r = render_reply(tpl != NULL
			? tpl
			: smsreply_text((enum smsreply_text)(i - N_OUTBOX)),
		    lang, li, v, &out);
	if (r == 0 &&
	    smstext_analyze(buf_str(&out), strlen(buf_str(&out)), info) !=
		SMSTEXT_OK)
		r = -1;
	buf_free(&out);
	return r;
}
