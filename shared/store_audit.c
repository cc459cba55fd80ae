/*
 * store_audit.c - the audit trail and the complaint guidance texts.
 * See store.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_int.h"

enum store_err
store_audit(struct store *s, time_t at, const char *actor_kind,
    const char *actor, const char *action, int64_t citizen_id,
    const char *reason, const char *detail)
{
	sqlite3_stmt *st;

	st = store_stmt(s,
	    "INSERT INTO audit (at, actor_kind, actor, action, "
	    "citizen_id, reason, detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
	if (st == NULL)
		return STORE_ERROR;
	store_bind_int(st, 1, (int64_t)at);
	store_bind_text(st, 2, actor_kind);
	store_bind_text(st, 3, actor);
	store_bind_text(st, 4, action);
	store_bind_id(st, 5, citizen_id);
	store_bind_text(st, 6, reason);
	store_bind_text(st, 7, detail);
	return store_step_done(s, st);
}

void
audit_rec_free(struct audit_rec *r)
{
	free(r->actor);
	free(r->action);
	free(r->reason);
	free(r->detail);
	memset(r, 0, sizeof(*r));
}

enum store_err
store_audit_list(struct store *s, int64_t	       citizen_id,
    int (*fn)(const struct audit_rec *, void *), void *arg)
{
	sqlite3_stmt	*st;
	struct audit_rec r;
	int		 rc, stop = 0;

	/* Two statements, so the one-citizen query can use its index. */
	if (citizen_id == 0)
		st = store_stmt(s,
		    "SELECT id, at, actor_kind, actor, action, "
		    "citizen_id, reason, detail FROM audit ORDER BY at, id");
	else
		st = store_stmt(s,
		    "SELECT id, at, actor_kind, actor, action, "
		    "citizen_id, reason, detail FROM audit WHERE citizen_id = ?1 "
		    "ORDER BY at, id");
	if (st == NULL)
		return STORE_ERROR;
	if (citizen_id != 0)
		store_bind_int(st, 1, citizen_id);
	while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		memset(&r, 0, sizeof(r));
		r.id = sqlite3_column_int64(st, 0);
		r.at = (time_t)sqlite3_column_int64(st, 1);
		store_col_copy(st, 2, r.actor_kind, sizeof(r.actor_kind));
		r.actor = store_col_dup(st, 3);
		r.action = store_col_dup(st, 4);
		r.citizen_id = sqlite3_column_int64(st, 5);
		r.reason = store_col_dup(st, 6);
		r.detail = store_col_dup(st, 7);
		stop = fn(&r, arg);
		audit_rec_free(&r);
	}
	if (stop)
		rc = SQLITE_DONE;
	sqlite3_reset(st);
	return store_result(s, rc);
}

enum store_err
store_audit_access(struct store *s, int64_t citizen_id, time_t since,
    int (*fn)(const struct audit_access *, void *), void *arg)
{
	sqlite3_stmt	   *st;
	struct audit_access r;
	int		    rc, stop = 0;

	if (citizen_id == 0)
		return STORE_NOTFOUND;
	st = store_stmt(s,
	    "SELECT at, actor_kind, action, reason FROM audit "
	    "WHERE citizen_id = ?1 AND at >= ?2 ORDER BY at DESC, id DESC");
	if (st == NULL)
		return STORE_ERROR;
	store_bind_int(st, 1, citizen_id);
	store_bind_int(st, 2, (int64_t)since);
	while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		memset(&r, 0, sizeof(r));
		r.at = (time_t)sqlite3_column_int64(st, 0);
		store_col_copy(st, 1, r.actor_kind, sizeof(r.actor_kind));
		store_col_copy(st, 2, r.action, sizeof(r.action));
		store_col_copy(st, 3, r.reason, sizeof(r.reason));
		stop = fn(&r, arg);
	}
	if (stop)
		rc = SQLITE_DONE;
	sqlite3_reset(st);
	return store_result(s, rc);
}

void
guidance_rec_free(struct guidance_rec *r)
{
	free(r->key);
	free(r->title);
	free(r->appeal);
	free(r->dissatisfaction);
	free(r->help);
	memset(r, 0, sizeof(*r));
}

enum store_err
store_guidance_get(
    struct store *s, const char *key, const char *lang, struct guidance_rec *r)
{
	sqlite3_stmt *st;
	int	      rc;

	/*
	 * The language asked for, else Danish: two index lookups (one
	 * query with IN or ORDER BY would build a table on every call).
	 */
	memset(r, 0, sizeof(*r));
	st = store_stmt(s,
	    "SELECT key, language, title, appeal, dissatisfaction, "
	    "help FROM complaint_guidance WHERE key = ?1 AND language = ?2");
	if (st == NULL)
		return STORE_ERROR;
	store_bind_text(st, 1, key);
	store_bind_text(st, 2, lang);
	if ((rc = sqlite3_step(st)) == SQLITE_DONE && lang != NULL &&
	    strcmp(lang, "da") != 0) {
		sqlite3_reset(st);
		store_bind_text(st, 2, "da");
		rc = sqlite3_step(st);
	}
	if (rc == SQLITE_ROW) {
		r->key = store_col_dup(st, 0);
		store_col_copy(st, 1, r->language, sizeof(r->language));
		r->title = store_col_dup(st, 2);
		r->appeal = store_col_dup(st, 3);
		r->dissatisfaction = store_col_dup(st, 4);
		r->help = store_col_dup(st, 5);
	}
	return store_step_end(s, st, rc);
}

enum store_err
store_guidance_set(struct store *s, const struct guidance_rec *r, time_t now)
{
	sqlite3_stmt *st;

	st = store_stmt(s,
	    "INSERT INTO complaint_guidance (key, language, title, "
	    "appeal, dissatisfaction, help, updated_at) VALUES (?1, ?2, ?3, ?4, "
	    "?5, ?6, ?7) ON CONFLICT (key, language) DO UPDATE SET "
	    "title = excluded.title, appeal = excluded.appeal, "
	    "dissatisfaction = excluded.dissatisfaction, help = excluded.help, "
	    "updated_at = excluded.updated_at");
	if (st == NULL)
		return STORE_ERROR;
	store_bind_text(st, 1, r->key);
	store_bind_text(st, 2, r->language);
	store_bind_text(st, 3, r->title);
	store_bind_text(st, 4, r->appeal);
	store_bind_text(st, 5, r->dissatisfaction);
	store_bind_text(st, 6, r->help);
	store_bind_int(st, 7, (int64_t)now);
	return store_step_done(s, st);
}

enum store_err
store_guidance_exists(struct store *s, const char *key, int *found)
{
	sqlite3_stmt *st;
	int	      rc;

	*found = 0;
	st = store_stmt(s,
	    "SELECT 1 FROM complaint_guidance WHERE key = ?1 "
	    "AND language = 'da'");
	if (st == NULL)
		return STORE_ERROR;
	store_bind_text(st, 1, key);
	rc = sqlite3_step(st);
	*found = rc == SQLITE_ROW;
	sqlite3_reset(st);
	return store_result(s, rc);
}
