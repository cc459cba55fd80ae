/*
 * smsreply.c - render and queue our automatic texts.  See smsreply.h.
 */
#include <string.h>

#include "buf.h"
#include "i18n.h"
#include "log.h"
#include "smsreply.h"
#include "store_outbox.h"

/* Parallel to enum smsreply_text: the Danish text and who reads it. */
static const struct {
	const char *text;
	int	    to_citizen;
} texts[SMSREPLY__MAX] = {
	[SMSREPLY_NOTIFY_MENTOR] = { N_("{citizen} beder dig ringe på {phone} "
					"(henvendelse {id}). Svar OK {id}, når du har set den."),
	    0 },
	[SMSREPLY_NOTIFY_DEPUTY] = { N_("Du er stedfortræder for {mentor}. "
					"{citizen} beder dig ringe på {phone} (henvendelse {id}). Svar OK "
					"{id}, når du har set den."),
	    0 },
	[SMSREPLY_NOTIFY_TEAM] = { N_("{citizen} beder om at blive ringet op "
				      "på {phone} (henvendelse {id}). Mentoren kan ikke nås lige nu."),
	    0 },
	[SMSREPLY_FORWARD] = { N_("Beskeden: {text}"), 0 },
	[SMSREPLY_ESCALATE] = { N_("{citizen} bad om at blive ringet op "
				   "{when} og har ikke fået svar. Ring på {phone} (henvendelse {id}). "
				   "Svar OK {id}, når du har set den."),
	    0 },
	[SMSREPLY_STAFF_HELP] = { N_("Svar OK for at bekræfte den ældste "
				     "henvendelse til dig, eller OK og nummeret, f.eks. OK 12."),
	    0 },
	[SMSREPLY_STAFF_ACKED] = { N_("Tak. Henvendelse {id} er bekræftet, og "
				      "borgeren har fået besked."),
	    0 },
	[SMSREPLY_STAFF_NONE] = { N_("Der er ingen åben henvendelse til dig, "
				     "som du kan bekræfte. Svar OK og nummeret, f.eks. OK 12."),
	    0 },
	[SMSREPLY_RECEIPT] = { N_("{caller} har fået besked og ringer til "
				  "dig, så snart det er muligt. {crisis}"),
	    1 },
	[SMSREPLY_RECEIPT_TEAM] = { N_("Vi har givet besked, og en medarbejder "
				       "ringer til dig, så snart det er muligt. {crisis}"),
	    1 },
	[SMSREPLY_RECEIPT_KEPT] = { N_("Vi har gemt din besked. Hører du ikke "
				       "fra os, så ring til {org} på {phone}. {crisis}"),
	    1 },
	[SMSREPLY_ACK] = { N_("{caller} har set din besked og ringer til "
			      "dig."),
	    1 },
	[SMSREPLY_STOP] = { N_("Du får ikke flere påmindelser fra {org}. "
			       "Skriv START, hvis du vil have dem igen. Du kan stadig skrive til "
			       "os her."),
	    1 },
	[SMSREPLY_START] = { N_("Du får igen påmindelser om dine møder fra "
				"{org}. Skriv STOP for at slå dem fra."),
	    1 },
	[SMSREPLY_HELP_NAMED] = { N_("Dette nummer hører til {org}. Skriv en "
				     "besked her, så ringer {mentor} til dig. Skriv STOP for at slå "
				     "påmindelser fra. {crisis}"),
	    1 },
	[SMSREPLY_HELP] = { N_("Dette nummer hører til {org}. Skriv en besked "
			       "her, så ringer vi til dig. Skriv STOP for at slå påmindelser fra. "
			       "{crisis}"),
	    1 },
	[SMSREPLY_REPEAT] = { N_("{caller} ved allerede besked og ringer til "
				 "dig. {crisis}"),
	    1 },
	[SMSREPLY_REPEAT_TEAM] = { N_("Vi har allerede fået din besked, og en "
				      "medarbejder ringer til dig. {crisis}"),
	    1 },
	[SMSREPLY_REPEAT_KEPT] = { N_("Vi har allerede gemt din besked. Hører "
				      "du ikke fra os, så ring til {org} på {phone}. {crisis}"),
	    1 },
	[SMSREPLY_UNKNOWN] = { N_("Du har skrevet til {org}. Vi kan ikke se, "
				  "hvem du er, ud fra dit nummer. Ring til os på {phone}."),
	    1 },
};

/* See smsreply.h. */
const char *
smsreply_text(enum smsreply_text t)
{
	if ((unsigned)t >= SMSREPLY__MAX)
		return NULL;
	return texts[t].text;
}

/* See smsreply.h. */
int
smsreply_to_citizen(enum smsreply_text t)
{
	return (unsigned)t < SMSREPLY__MAX && texts[t].to_citizen;
}

/* Outbox purposes whose SMS tell and ask for no answer. */
static const char *const tell_only[] = {
	"reminder",
	"meeting_moved",
	"meeting_cancelled",
	"receipt",
	"login_code",
	"notice",
};

/* See smsreply.h. */
int
smsreply_invites_answer(const char *purpose)
{
	size_t i;

	for (i = 0; i < sizeof(tell_only) / sizeof(tell_only[0]); i++)
		if (purpose != NULL && strcmp(tell_only[i], purpose) == 0)
			return 0;
	return 1;
}

/* See smsreply.h. */
int
smsreply_render(const char *lang, const char *msgid,
    const struct template_var *vars, size_t nvars, struct buf *out)
{
	const char *tpl;
	char	    err[128];

	tpl = i18n_text(lang, msgid);
	buf_reset(out);
	if (template_render(tpl, vars, nvars, TEMPLATE_TEXT, out, err,
		sizeof(err)) == TEMPLATE_OK)
		return 0;
	if (tpl != msgid) {
		log_warnx("smsreply: translation to %s does not render: %s",
		    lang, err);
		buf_reset(out);
		if (template_render(msgid, vars, nvars, TEMPLATE_TEXT, out, err,
			sizeof(err)) == TEMPLATE_OK)
			return 0;
	}
	log_warnx("smsreply: text does not render: %s", err);
	return -1;
}

/* See smsreply.h. */
enum store_err
smsreply_queue(struct store *s, const struct smsreply_to *who, const char *body,
    const char *purpose, const char *dedupe_key, time_t now)
{
	struct outbox_msg m;
	enum store_err	  e;

	memset(&m, 0, sizeof(m));
	m.recipient = who->recipient;
	m.body = body;
	m.purpose = purpose;
	m.dedupe_key = dedupe_key;
	m.send_by = now + SMSREPLY_SEND_BY;
	m.citizen_id = who->citizen_id;
	m.staff_id = who->staff_id;
	m.contact_id = who->contact_id;
	e = store_outbox_queue(s, &m, now, NULL);
	if (e == STORE_DUPLICATE)
		return STORE_OK;
	if (e != STORE_OK)
		log_warnx("smsreply: queue %s: %s: %s", purpose,
		    store_strerror(e), store_errmsg(s));
	return e;
}
