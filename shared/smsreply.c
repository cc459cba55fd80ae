/*
 * smsreply.c - render and queue our automatic texts.  See smsreply.h.
 */
#include <string.h>

#include "buf.h"
#include "i18n.h"
#include "log.h"
#include "smsreply.h"
#include "store_outbox.h"

/* Outbox purposes whose SMS tell and ask for no answer. */
static const char *const tell_only[] = {
	"reminder", "meeting_moved", "meeting_cancelled", "receipt",
	"login_code", "notice",
};

/* See smsreply.h. */
int
smsreply_invites_answer(const char *purpose)
{
	size_t	 i;

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
	const char	*tpl;
	char		 err[128];

	tpl = i18n_text(lang, msgid);
	buf_reset(out);
	if (template_render(tpl, vars, nvars, TEMPLATE_TEXT, out, err,
	    sizeof(err)) == TEMPLATE_OK)
		return 0;
	if (tpl != msgid) {
		log_warnx("smsreply: translation to %s does not render: %s",
		    lang, err);
		buf_reset(out);
		if (template_render(msgid, vars, nvars, TEMPLATE_TEXT, out,
		    err, sizeof(err)) == TEMPLATE_OK)
			return 0;
	}
	log_warnx("smsreply: text does not render: %s", err);
	return -1;
}

/* See smsreply.h. */
enum store_err
smsreply_queue(struct store *s, const struct smsreply_to *who,
    const char *body, const char *purpose, const char *dedupe_key, time_t now)
{
	struct outbox_msg	 m;
	enum store_err		 e;

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
	if (e == STORE_CONSTRAINT && dedupe_key != NULL &&
	    strstr(store_errmsg(s), "dedupe_key") != NULL)
		return STORE_OK;
	if (e != STORE_OK)
		log_warnx("smsreply: queue %s: %s: %s", purpose,
		    store_strerror(e), store_errmsg(s));
	return e;
}
