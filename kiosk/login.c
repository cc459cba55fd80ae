/*
 * login.c - login by a one-time code sent by SMS.  See login.h.
 *
 * Audit actions (actor: the kiosk id; never a CPR or a code in them):
 * kiosk_code_requested, kiosk_code_refused (detail: limit_cpr,
 * limit_kiosk, locked), kiosk_code_wrong, kiosk_code_voided,
 * kiosk_cpr_locked, kiosk_login.  Rows for an unknown CPR have no citizen.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "config.h"
#include "cpr.h"
#include "crypto.h"
#include "deskcode.h"
#include "i18n.h"
#include "log.h"
#include "login.h"
#include "store.h"
#include "store_kiosk.h"
#include "store_outbox.h"
#include "template.h"

static const enum msg status_msgs[LOGIN__MAX] = {
	[LOGIN_OK] = MSG_NONE,
	[LOGIN_BAD_CPR] = MSG_CPR_CHARS,
	[LOGIN_LIMIT_CPR] = MSG_LIMIT_CPR,
	[LOGIN_LIMIT_KIOSK] = MSG_LIMIT_KIOSK,
	[LOGIN_LOCKED] = MSG_LOCKED,
	[LOGIN_BAD_CODE] = MSG_CODE_FORMAT,
	[LOGIN_WRONG_CODE] = MSG_CODE_WRONG,
	[LOGIN_CODE_GONE] = MSG_CODE_GONE,
	[LOGIN_DESK_WRONG] = MSG_DESK_WRONG,
	[LOGIN_DESK_LIMIT_KIOSK] = MSG_DESK_LIMIT,
	[LOGIN_DESK_LIMIT_ALL] = MSG_DESK_LIMIT,
	[LOGIN_ERROR] = MSG_ERROR,
};

static const enum msg cpr_msgs[CPR__MAX] = {
	[CPR_OK] = MSG_NONE,
	[CPR_EMPTY] = MSG_CPR_EMPTY,
	[CPR_CHARS] = MSG_CPR_CHARS,
	[CPR_LENGTH] = MSG_CPR_LENGTH,
	[CPR_DATE] = MSG_CPR_DATE,
};

enum msg
login_msg(enum login_status st)
{
	return status_msgs[st];
}

/*
 * The keyed hash of a code for a CPR hash, as hex.
 */
static void
login_code_hash(const struct kiosk *k, const char *cpr_hash, const char *code,
    char out[KIOSK_HASH_HEX])
{
	unsigned char mac[CRYPTO_SHA256_LEN];
	struct buf    msg = { 0 };

	buf_printf(&msg, "kiosk-code\n%s\n%s", cpr_hash, code);
	crypto_hmac_sha256(
	    buf_str(&k->cpr_key), k->cpr_key.len, buf_str(&msg), msg.len, mac);
	crypto_hex(mac, sizeof(mac), out);
	buf_free(&msg);
	explicit_bzero(mac, sizeof(mac));
}

enum store_err
login_audit(struct kiosk *k, const char *actor, time_t now, const char *action,
    int64_t citizen_id, const char *detail)
{
	return store_audit(
	    k->store, now, "kiosk", actor, action, citizen_id, "login", detail);
}

/*
 * Limits on asking for a code: lock, per kiosk (at its site: each
 * screen has its own), per CPR.  Returns LOGIN_OK when a code may be
 * made.
 */
static enum login_status
login_limits(
    struct kiosk *k, const char *actor, const char *cpr_hash, time_t now)
{
	time_t		  until;
	int64_t		  n;
	enum store_err	  e;
	enum login_status st;

	if (store_kiosk_lock_get(k->store, cpr_hash, &until) != STORE_OK)
		return LOGIN_ERROR;
	if (until > now)
		return LOGIN_LOCKED;
	e = store_kiosk_count_kiosk(k->store, actor, now - 3600, &n);
	if ((st = login_limit(e, n, k->cfg->kiosk_codes_per_hour,
		 LOGIN_LIMIT_KIOSK)) != LOGIN_OK)
		return st;
	e = store_kiosk_count_cpr(
	    k->store, cpr_hash, now - LOGIN_CPR_WINDOW, &n);
	return login_limit(e, n, LOGIN_CPR_CODES, LOGIN_LIMIT_CPR);
}

enum login_status
login_limit(enum store_err e, int64_t n, int64_t max, enum login_status over)
{
	if (e != STORE_OK)
		return LOGIN_ERROR;
	return n >= max ? over : LOGIN_OK;
}

enum login_status
login_finish(struct kiosk *k, enum login_status st, const char *what)
{
	if (st == LOGIN_ERROR || store_commit(k->store) != STORE_OK) {
		store_rollback(k->store);
		log_warnx("kiosk: %s failed: %s", what, store_errmsg(k->store));
		return LOGIN_ERROR;
	}
	return st;
}

/*
 * Queue the SMS with the code to the citizen's mobile.
 */
static enum store_err
login_send_code(
    struct kiosk *k, const struct citizen_rec *c, const char *code, time_t now)
{
	struct buf	    body = { 0 };
	struct outbox_msg   m;
	enum store_err	    e;
	char		    err[64];
	struct template_var v[] = {
		{ "code", code },
		{ "org", k->cfg->org_name },
	};

	if (template_render(
		i18n_text(c->language,
		    N_("Din kode er {code}. "
		       "Den virker i 5 minutter. Har du ikke bedt om en kode, kan du se "
		       "bort fra denne SMS. {org}")),
		v, 2, TEMPLATE_TEXT, &body, err, sizeof(err)) != TEMPLATE_OK)
		return STORE_ERROR;
	memset(&m, 0, sizeof(m));
	m.recipient = c->mobile;
	m.body = buf_str(&body);
	m.purpose = "login_code";
	m.send_by = now + LOGIN_CODE_TTL;
	m.citizen_id = c->id;
	e = store_outbox_queue(k->store, &m, now, NULL);
	buf_free(&body);
	return e;
}

/*
 * Make a code and its login row; queue the SMS when the citizen is known
 * and has a mobile.  The same steps run for an unknown CPR.
 */
static enum login_status
login_make_code(struct kiosk *k, struct session *s, const struct citizen_rec *c,
    const char *cpr_hash, time_t now)
{
	struct kiosk_login_rec row;
	char		       code[LOGIN_CODE_DIGITS + 1];
	enum store_err	       e;

	memset(&row, 0, sizeof(row));
	if (crypto_random_digits(code, LOGIN_CODE_DIGITS) == -1)
		return LOGIN_ERROR;
	snprintf(row.cpr_hash, sizeof(row.cpr_hash), "%s", cpr_hash);
	_Static_assert(sizeof(row.kiosk_id) >= KIOSK_ACTOR_MAX,
	    "a login row holds the session's actor");
	snprintf(row.kiosk_id, sizeof(row.kiosk_id), "%s", s->actor);
	login_code_hash(k, cpr_hash, code, row.code_hash);
	row.citizen_id = c != NULL ? c->id : 0;
	row.created_at = now;
	row.expires_at = now + LOGIN_CODE_TTL;
	e = store_kiosk_login_add(k->store, &row);
	if (e == STORE_OK && c != NULL && c->mobile != NULL)
		e = login_send_code(k, c, code, now);
	if (e == STORE_OK)
		e = login_audit(k, s->actor, now, "kiosk_code_requested",
		    row.citizen_id, NULL);
	explicit_bzero(code, sizeof(code));
	explicit_bzero(row.code_hash, sizeof(row.code_hash));
	if (e != STORE_OK)
		return LOGIN_ERROR;
	s->login_id = row.id;
	snprintf(s->cpr_hash, sizeof(s->cpr_hash), "%s", cpr_hash);
	return LOGIN_OK;
}

/*
 * Everything after the CPR is parsed and hashed, in one transaction.
 */
static enum login_status
login_request_hashed(
    struct kiosk *k, struct session *s, const char *cpr_hash, time_t now)
{
	static const char *const refused[LOGIN__MAX] = {
		[LOGIN_LIMIT_CPR] = "limit_cpr",
		[LOGIN_LIMIT_KIOSK] = "limit_kiosk",
		[LOGIN_LOCKED] = "locked",
	};
	struct citizen_rec c;
	enum store_err	   e;
	enum login_status  st;
	int		   known;

	memset(&c, 0, sizeof(c));
	if (store_begin(k->store) != STORE_OK)
		return LOGIN_ERROR;
	e = store_citizen_by_cpr(k->store, cpr_hash, &c);
	known = e == STORE_OK;
	if (e != STORE_OK && e != STORE_NOTFOUND)
		st = LOGIN_ERROR;
	else if ((st = login_limits(k, s->actor, cpr_hash, now)) == LOGIN_OK)
		st = login_make_code(k, s, known ? &c : NULL, cpr_hash, now);
	else if (st != LOGIN_ERROR &&
	    login_audit(k, s->actor, now, "kiosk_code_refused",
		known ? c.id : 0, refused[st]) != STORE_OK)
		st = LOGIN_ERROR;
	if (known)
		citizen_rec_free(&c);
	return login_finish(k, st, "code request");
}

/*
 * Sleep until LOGIN_REQUEST_FLOOR_MS have passed since start, so a known
 * CPR (whose request also queues an SMS) and an unknown one take the same
 * time to answer.
 */
static void
login_pad_time(const struct timespec *start)
{
	struct timespec end, now;

	end = *start;
	end.tv_nsec += (long)LOGIN_REQUEST_FLOOR_MS * 1000000L;
	end.tv_sec += end.tv_nsec / 1000000000L;
	end.tv_nsec %= 1000000000L;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (now.tv_sec < end.tv_sec ||
	    (now.tv_sec == end.tv_sec && now.tv_nsec < end.tv_nsec))
		while (clock_nanosleep(
			   CLOCK_MONOTONIC, TIMER_ABSTIME, &end, NULL) == EINTR)
			;
}

enum login_status
login_code_request(struct kiosk *k, struct session *s, const char *cpr_input,
    time_t now, enum msg *msg)
{
	char		  cpr[CPR_LEN + 1], hash[CPR_HASH_HEX];
	enum cpr_err	  ce;
	enum login_status st;
	struct timespec	  start;

	*msg = MSG_NONE;
	s->state = SESSION_ANON;
	s->citizen_id = 0;
	s->contact_kind = 0;
	if ((ce = cpr_parse(cpr_input != NULL ? cpr_input : "", cpr)) !=
	    CPR_OK) {
		*msg = cpr_msgs[ce];
		return LOGIN_BAD_CPR;
	}
	clock_gettime(CLOCK_MONOTONIC, &start);
	cpr_hash(buf_str(&k->cpr_key), k->cpr_key.len, cpr, hash);
	explicit_bzero(cpr, sizeof(cpr));
	st = login_request_hashed(k, s, hash, now);
	explicit_bzero(hash, sizeof(hash));
	login_pad_time(&start);
	if (st == LOGIN_OK) {
		s->state = SESSION_PENDING;
		explicit_bzero(s->cpr_pad, sizeof(s->cpr_pad));
		explicit_bzero(s->code_pad, sizeof(s->code_pad));
	}
	*msg = login_msg(st);
	return st;
}

/*
 * A wrong code on login row id: count it, void the code after the last
 * try, lock the CPR after too many failures.  Returns the status to show.
 */
static enum login_status
login_wrong(struct kiosk *k, const struct kiosk_login_rec *row, time_t now,
    int *tries_left)
{
	int	attempts;
	int64_t failures;

	if (store_kiosk_login_fail(k->store, row->id, LOGIN_MAX_ATTEMPTS, now,
		&attempts) != STORE_OK ||
	    login_audit(k, row->kiosk_id, now, "kiosk_code_wrong",
		row->citizen_id, NULL) != STORE_OK ||
	    store_kiosk_failures(k->store, row->cpr_hash,
		now - LOGIN_LOCK_WINDOW, &failures) != STORE_OK)
		return LOGIN_ERROR;
	if (failures >= LOGIN_LOCK_FAILURES) {
		if (store_kiosk_lock_set(k->store, row->cpr_hash,
			now + LOGIN_LOCK_SECONDS, failures) != STORE_OK ||
		    store_kiosk_login_void_cpr(k->store, row->cpr_hash, now) !=
			STORE_OK ||
		    login_audit(k, row->kiosk_id, now, "kiosk_cpr_locked",
			row->citizen_id, "1h") != STORE_OK)
			return LOGIN_ERROR;
		return LOGIN_LOCKED;
	}
	*tries_left = LOGIN_MAX_ATTEMPTS - attempts;
	if (*tries_left > 0)
		return LOGIN_WRONG_CODE;
	if (login_audit(k, row->kiosk_id, now, "kiosk_code_voided",
		row->citizen_id, NULL) != STORE_OK)
		return LOGIN_ERROR;
	return LOGIN_CODE_GONE;
}

/*
 * Check code against the login row inside the caller's transaction.
 */
static enum login_status
login_check(struct kiosk *k, struct session *s, const char *code, time_t now,
    int *tries_left, int64_t *citizen_id)
{
	struct kiosk_login_rec row;
	char		       want[KIOSK_HASH_HEX];
	time_t		       until;
	enum store_err	       e;
	int		       match;

	if ((e = store_kiosk_login_get(k->store, s->login_id, &row)) !=
	    STORE_OK)
		return e == STORE_NOTFOUND ? LOGIN_CODE_GONE : LOGIN_ERROR;
	if (store_kiosk_lock_get(k->store, row.cpr_hash, &until) != STORE_OK)
		return LOGIN_ERROR;
	if (until > now)
		return LOGIN_LOCKED;
	if (row.code_hash[0] == '\0' || row.used_at != 0 ||
	    row.voided_at != 0 || row.expires_at <= now)
		return LOGIN_CODE_GONE;
	login_code_hash(k, row.cpr_hash, code, want);
	match = crypto_equal(want, row.code_hash, KIOSK_HASH_HEX - 1);
	explicit_bzero(want, sizeof(want));
	if (!match || row.citizen_id == 0)
		return login_wrong(k, &row, now, tries_left);
	if (store_kiosk_login_use(k->store, row.id, now) != STORE_OK ||
	    store_kiosk_lock_clear(k->store, row.cpr_hash) != STORE_OK)
		return LOGIN_ERROR;
	*citizen_id = row.citizen_id;
	return LOGIN_OK;
}

enum login_status
login_code_verify(struct kiosk *k, struct session *s, const char *code_input,
    time_t now, int *tries_left)
{
	char		  code[LOGIN_CODE_DIGITS + 1];
	enum login_status st;
	int64_t		  citizen_id = 0;

	*tries_left = 0;
	if (deskcode_clean(code_input, code, LOGIN_CODE_DIGITS) == -1)
		return LOGIN_BAD_CODE;
	if (store_begin(k->store) != STORE_OK)
		return LOGIN_ERROR;
	st = login_check(k, s, code, now, tries_left, &citizen_id);
	explicit_bzero(code, sizeof(code));
	if (st == LOGIN_OK &&
	    login_complete(k, s, citizen_id, "sms_code", now) == -1)
		st = LOGIN_ERROR;
	return login_finish(k, st, "code check");
}

int
login_complete(struct kiosk *k, struct session *s, int64_t citizen_id,
    const char *method, time_t now)
{
	struct citizen_rec c;

	memset(&c, 0, sizeof(c));
	if (store_citizen_get(k->store, citizen_id, &c) != STORE_OK)
		return -1;
	if (login_audit(k, s->actor, now, "kiosk_login", citizen_id, method) !=
		STORE_OK ||
	    session_rotate(s, now) == -1) {
		citizen_rec_free(&c);
		return -1;
	}
	if (!s->lang_chosen)
		memcpy(s->lang, c.language, sizeof(s->lang));
	citizen_rec_free(&c);
	s->state = SESSION_AUTH;
	s->citizen_id = citizen_id;
	s->login_id = 0;
	explicit_bzero(s->cpr_hash, sizeof(s->cpr_hash));
	explicit_bzero(s->code_pad, sizeof(s->code_pad));
	return 0;
}
