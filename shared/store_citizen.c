/*
 * store_citizen.c - a citizen's row changed, and erasure.  See
 * store_citizen.h.
 */
#include <stdint.h>
#include <string.h>

#include "clock.h"
#include "store_citizen.h"
#include "store_int.h"

enum store_err
store_citizen_update(struct store *s, const struct citizen_rec *r)
{
	sqlite3_stmt  *st;
	enum store_err e;

	st = store_stmt(s,
	    "UPDATE citizen SET given_name = ?2, mobile = ?3, "
	    "language = ?4, reminders_on = ?5, updated_at = ?6 "
	    "WHERE id = ?1 AND erased_at IS NULL");
	if (st == NULL)
		return STORE_ERROR;
	store_bind_int(st, 1, r->id);
	store_bind_text(st, 2, r->given_name);
	store_bind_text(st, 3, r->mobile);
	store_bind_text(st, 4, r->language[0] ? r->language : "da");
	store_bind_int(st, 5, r->reminders_on ? 1 : 0);
	store_bind_int(st, 6, (int64_t)clock_now());
	if ((e = store_step_done(s, st)) != STORE_OK)
		return e;
	return sqlite3_changes(s->db) ? STORE_OK : STORE_NOTFOUND;
}

enum store_err
store_citizen_erase_blockers(
    struct store *s, int64_t id, struct erase_blockers *b)
{
	sqlite3_stmt *st;
	int	      rc;

	memset(b, 0, sizeof(*b));
	st = store_stmt(s,
	    "SELECT erased_at IS NOT NULL, "
	    "(SELECT count(*) FROM agreement WHERE citizen_id = ?1 AND "
	    "(status = 'draft' OR status = 'active')), "
	    "(SELECT count(*) FROM contact_request WHERE citizen_id = ?1 AND "
	    "closed_at IS NULL), "
	    "(SELECT count(*) FROM sms_outbox WHERE citizen_id = ?1 AND "
	    "status = 'sending') FROM citizen WHERE id = ?1");
	if (st == NULL)
		return STORE_ERROR;
	store_bind_int(st, 1, id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		b->erased = sqlite3_column_int(st, 0);
		b->agreements = sqlite3_column_int64(st, 1);
		b->open_requests = sqlite3_column_int64(st, 2);
		b->sending = sqlite3_column_int64(st, 3);
	}
	return store_step_end(s, st, rc);
}

/* What citizen_journal_one() needs. */
struct journal_filter {
	int64_t id;
	int (*fn)(const struct journal_rec *, void *);
	void *arg;
};

/* store_journal_each() callback: pass on the citizen's records only. */
static int
citizen_journal_one(const struct journal_rec *r, void *arg)
{
	struct journal_filter *f = arg;

	if (r->citizen_id != f->id)
		return 0;
	return f->fn(r, f->arg);
}

enum store_err
store_citizen_journal(struct store *s, int64_t		 id,
    int (*fn)(const struct journal_rec *, void *), void *arg)
{
	struct journal_filter f = { id, fn, arg };

	return store_journal_each(
	    s, 0, (time_t)INT64_MAX, citizen_journal_one, &f);
}

/*
 * The erasure, in order: references from rows that stay (another
 * person's texts) cleared, then the citizen's rows deleted children
 * first, then the citizen's own fields wiped.  Every statement takes the
 * citizen id as ?1 (?2 is now); *counts[i] gets the changes of row i,
 * when it points anywhere.
 */
static const char *const erase_sql[] = {
	"UPDATE sms_outbox SET meeting_id = NULL WHERE citizen_id IS NOT ?1 "
	"AND meeting_id IN (SELECT m.id FROM meeting m JOIN agreement a "
	"ON a.id = m.agreement_id WHERE a.citizen_id = ?1)",
	"UPDATE sms_outbox SET contact_id = NULL WHERE citizen_id IS NOT ?1 "
	"AND contact_id IN (SELECT id FROM contact_request "
	"WHERE citizen_id = ?1)",
	"UPDATE sms_inbox SET contact_id = NULL WHERE citizen_id IS NOT ?1 "
	"AND contact_id IN (SELECT id FROM contact_request "
	"WHERE citizen_id = ?1)",
	"DELETE FROM sms_outbox WHERE citizen_id = ?1",
	"DELETE FROM sms_inbox WHERE citizen_id = ?1",
	"DELETE FROM sms_reply_log WHERE sender = (SELECT mobile FROM citizen "
	"WHERE id = ?1)",
	"DELETE FROM contact_request WHERE citizen_id = ?1",
	"DELETE FROM meeting WHERE agreement_id IN (SELECT id FROM agreement "
	"WHERE citizen_id = ?1)",
	"UPDATE agreement SET extends_id = NULL WHERE citizen_id IS NOT ?1 "
	"AND extends_id IN (SELECT id FROM agreement WHERE citizen_id = ?1)",
	"UPDATE agreement SET extends_id = NULL WHERE citizen_id = ?1",
	"DELETE FROM agreement WHERE citizen_id = ?1",
	"DELETE FROM kiosk_lock WHERE cpr_hash = (SELECT cpr_hash FROM citizen "
	"WHERE id = ?1)",
	"DELETE FROM kiosk_login WHERE citizen_id = ?1 OR cpr_hash = "
	"(SELECT cpr_hash FROM citizen WHERE id = ?1)",
	"DELETE FROM desk_code WHERE citizen_id = ?1",
	"UPDATE citizen SET external_id = '#erased-' || id, given_name = '-', "
	"mobile = NULL, language = 'da', reminders_on = 0, erased_at = ?2, "
	"updated_at = ?2 WHERE id = ?1 AND erased_at IS NULL",
};
#define ERASE_STEPS (sizeof(erase_sql) / sizeof(erase_sql[0]))

enum store_err
store_citizen_erase(
    struct store *s, int64_t id, time_t now, struct erase_counts *c)
{
	int64_t	      *count[ERASE_STEPS] = { NULL };
	int64_t	       wiped = 0;
	sqlite3_stmt  *st;
	enum store_err e;
	size_t	       i;

	memset(c, 0, sizeof(*c));
	count[3] = count[4] = &c->texts;
	count[6] = &c->requests;
	count[7] = &c->meetings;
	count[10] = &c->agreements;
	count[12] = &c->logins;
	count[ERASE_STEPS - 1] = &wiped;
	for (i = 0; i < ERASE_STEPS; i++) {
		if ((st = store_stmt(s, erase_sql[i])) == NULL)
			return STORE_ERROR;
		store_bind_int(st, 1, id);
		if (sqlite3_bind_parameter_count(st) >= 2)
			store_bind_int(st, 2, (int64_t)now);
		if ((e = store_step_done(s, st)) != STORE_OK)
			return e;
		if (count[i] != NULL)
			*count[i] += sqlite3_changes(s->db);
	}
	return wiped ? STORE_OK : STORE_NOTFOUND;
}

enum store_err
store_citizen_erased_purge(struct store *s, int64_t *deleted)
{
	sqlite3_stmt  *st;
	enum store_err e;

	*deleted = 0;
	st = store_stmt(s,
	    "DELETE FROM citizen WHERE erased_at IS NOT NULL "
	    "AND NOT EXISTS (SELECT 1 FROM audit a WHERE a.citizen_id = "
	    "citizen.id) AND NOT EXISTS (SELECT 1 FROM kiosk_login k "
	    "WHERE k.citizen_id = citizen.id)");
	if (st == NULL)
		return STORE_ERROR;
	if ((e = store_step_done(s, st)) == STORE_OK)
		*deleted = sqlite3_changes(s->db);
	return e;
}
