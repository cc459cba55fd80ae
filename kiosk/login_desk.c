/*
 * login_desk.c - login by a code a staff member gave the citizen at the
 * desk (the console's "Hjælp en borger med at logge ind på kiosken";
 * shared/deskcode.h).  See login.h.
 *
 * The code alone says who signs in, so guessing is what to stop: every
 * wrong code is counted (desk_try), and while the wrong codes lately
 * reach LOGIN_DESK_KIOSK_TRIES on this kiosk or LOGIN_DESK_ALL_TRIES on
 * all kiosks together, no code is checked at all (login_limit(), the
 * limiter of the SMS code too).  A live code bound to another kiosk
 * counts as wrong and looks the same.
 *
 * Audit actions (actor: the kiosk id; never a code in them):
 * desk_code_used (detail: staff=LOGIN, who made the code; their
 * case-system id when they have no login) followed by
 * kiosk_login (detail: desk_code); desk_code_wrong (detail other_kiosk,
 * with the citizen, when the code is bound to another kiosk);
 * desk_code_refused (detail: limit_kiosk, limit_all).
 */
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "deskcode.h"
#include "login.h"
#include "store_desk.h"

/*
 * The limits on checking a desk code now.  Returns LOGIN_OK when a code
 * may be checked.
 */
static enum login_status
desk_limits(struct kiosk *k, time_t now)
{
	enum login_status st;
	enum store_err	  e;
	int64_t		  n;

	e = store_desk_tries(
	    k->store, k->cfg->kiosk_id, now - LOGIN_DESK_KIOSK_WINDOW, &n);
	if ((st = login_limit(e, n, LOGIN_DESK_KIOSK_TRIES,
		 LOGIN_DESK_LIMIT_KIOSK)) != LOGIN_OK)
		return st;
	e = store_desk_tries(k->store, NULL, now - LOGIN_DESK_ALL_WINDOW, &n);
	return login_limit(e, n, LOGIN_DESK_ALL_TRIES, LOGIN_DESK_LIMIT_ALL);
}

/* Count a wrong code (ds: none here, or another kiosk's) and audit it. */
static enum login_status
desk_wrong(struct kiosk *k, const struct session *s,
    const struct desk_code_rec *rec, enum deskcode_status ds, time_t now)
{
	int other = ds == DESKCODE_OTHER_KIOSK;

	if (store_desk_try_add(k->store, k->cfg->kiosk_id, now) != STORE_OK ||
	    login_audit(k, s->actor, now, "desk_code_wrong",
		other ? rec->citizen_id : 0,
		other ? "other_kiosk" : NULL) != STORE_OK)
		return LOGIN_ERROR;
	return LOGIN_DESK_WRONG;
}

/* The code was looked up (ds): log in, or count it as wrong. */
static enum login_status
desk_taken(struct kiosk *k, struct session *s, const struct desk_code_rec *rec,
    enum deskcode_status ds, time_t now)
{
	char who[DESK_LOGIN_MAX + 16];

	if (ds == DESKCODE_ERROR)
		return LOGIN_ERROR;
	if (ds != DESKCODE_OK)
		return desk_wrong(k, s, rec, ds, now);
	snprintf(who, sizeof(who), "staff=%s", rec->staff_login);
	if (login_audit(k, s->actor, now, "desk_code_used", rec->citizen_id,
		who) != STORE_OK ||
	    login_complete(k, s, rec->citizen_id, "desk_code", now) == -1)
		return LOGIN_ERROR;
	return LOGIN_OK;
}

enum login_status
login_desk_verify(
    struct kiosk *k, struct session *s, const char *code_input, time_t now)
{
	static const char *const refused[LOGIN__MAX] = {
		[LOGIN_DESK_LIMIT_KIOSK] = "limit_kiosk",
		[LOGIN_DESK_LIMIT_ALL] = "limit_all",
	};
	struct desk_code_rec rec;
	enum deskcode_status ds;
	enum login_status    st;
	char		     code[DESKCODE_DIGITS + 1];

	memset(&rec, 0, sizeof(rec));
	if (deskcode_clean(code_input, code, DESKCODE_DIGITS) == -1)
		return LOGIN_BAD_CODE;
	if (store_begin(k->store) != STORE_OK) {
		explicit_bzero(code, sizeof(code));
		return LOGIN_ERROR;
	}
	if ((st = desk_limits(k, now)) == LOGIN_OK) {
		ds = deskcode_take(k->store, buf_str(&k->cpr_key),
		    k->cpr_key.len, code, k->cfg->kiosk_id, now, &rec);
		st = desk_taken(k, s, &rec, ds, now);
	} else if (st != LOGIN_ERROR &&
	    login_audit(k, s->actor, now, "desk_code_refused", 0,
		refused[st]) != STORE_OK)
		st = LOGIN_ERROR;
	explicit_bzero(code, sizeof(code));
	return login_finish(k, st, "desk code check");
}
