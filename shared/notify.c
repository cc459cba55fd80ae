/*
 * notify.c - whether a notice about an agreement or a meeting is news.
 * See notify.h.
 */
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "config.h"
#include "notify.h"
#include "outbox_text.h"
#include "store_outbox.h"

static const char *const why_text[NOTICE__MAX] = {
	[NOTICE_SEND] = "sent",
	[NOTICE_IMPORTED_ACTIVE] = "already active when imported",
	[NOTICE_BEFORE_SINCE] = "active before notify_since",
	[NOTICE_SAME_MENTOR] = "an extension with the same mentor",
	[NOTICE_NO_MENTOR] = "no mentor recorded",
	[NOTICE_UNCHANGED] = "nothing the citizen must know",
	[NOTICE_STARTED] = "the meeting has started",
	[NOTICE_NOT_ACTIVE] = "its agreement is not active",
	[NOTICE_NO_MOBILE] = "no mobile number",
	[NOTICE_NEVER_TOLD] = "the citizen never had a text about it",
};

const char *
notice_why_text(enum notice_why why)
{
	if ((unsigned)why >= NOTICE__MAX)
		return "unknown";
	return why_text[why];
}

time_t
notify_since(const struct config *cfg, struct store *s)
{
	char	 *v = NULL, *end, date[CLOCK_DATE_LEN];
	long long at;
	time_t	  t = 0;

	if (cfg != NULL && cfg->notify_since != NULL)
		return clock_date_start(cfg->notify_since);
	if (store_setting_get(s, STORE_SETTING_CREATED, &v) != STORE_OK ||
	    v == NULL)
		return 0;
	at = strtoll(v, &end, 10);
	if (end != v && *end == '\0' && at > 0) {
		if (clock_local_date((time_t)at, date) == 0 &&
		    (t = clock_date_start(date)) == (time_t)-1)
			t = 0;
	}
	free(v);
	return t;
}

enum notice_why
notice_activation(const struct agreement_rec *a, time_t since)
{
	if (a->imported_active)
		return NOTICE_IMPORTED_ACTIVE;
	if (a->activated_at < since)
		return NOTICE_BEFORE_SINCE;
	if (a->extends_id != 0 && a->mentor_id != 0 &&
	    a->extended_mentor_id == a->mentor_id)
		return NOTICE_SAME_MENTOR;
	if (a->mentor_id == 0)
		return NOTICE_NO_MENTOR;
	return NOTICE_SEND;
}

/*
 * The rule for meeting t as it is now; imported and told are what the
 * citizen may know of it; a new place counts only when an SMS may show
 * it (not one with a word of cfg's [sms] sensitive_words).
 */
static enum notice_why
meeting_rule(const struct config *cfg, const struct reminder_target *t,
    time_t now, int imported, int told, enum notice_kind *kind)
{
	int cancelled = strcmp(t->status, "cancelled") == 0;

	*kind = NOTICE_NONE;
	if (!cancelled && strcmp(t->status, "moved") != 0 &&
	    outbox_text_place(&cfg->sms_sensitive, t->place, t->place_in_sms) ==
		NULL)
		return NOTICE_UNCHANGED;
	if (t->starts_at <= now)
		return NOTICE_STARTED;
	if (strcmp(t->agreement_status, "active") != 0)
		return NOTICE_NOT_ACTIVE;
	if (t->mobile[0] == '\0')
		return NOTICE_NO_MOBILE;
	if (imported && !told)
		return NOTICE_NEVER_TOLD;
	*kind = cancelled ? NOTICE_CANCELLED : NOTICE_MOVED;
	return NOTICE_SEND;
}

enum notice_why
notice_meeting(struct store *s, const struct config *cfg, int64_t id,
    time_t now, struct reminder_target *out, enum notice_kind *kind,
    enum store_err *err)
{
	struct reminder_target t;
	struct meeting_rec     m;
	enum notice_why	       why = NOTICE_UNCHANGED;
	int		       told = 0;

	*kind = NOTICE_NONE;
	if ((*err = store_outbox_meeting_target(s, id, &t)) != STORE_OK)
		return why;
	if ((*err = store_meeting_get(s, id, &m)) == STORE_OK &&
	    (!m.imported ||
		(*err = store_meeting_told(s, id, &told)) == STORE_OK))
		why = meeting_rule(cfg, &t, now, m.imported, told, kind);
	if (*err != STORE_OK)
		*kind = NOTICE_NONE;
	meeting_rec_free(&m);
	if (out != NULL && *err == STORE_OK)
		*out = t;
	else
		reminder_target_free(&t);
	return why;
}
