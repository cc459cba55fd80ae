/*
 * store.c - the SQLite connection: open, migrate, statement cache,
 * transactions, settings and leases.  See store.h.
 */
#include <sys/stat.h>

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "lang.h"
#include "log.h"
#include "schema.h"
#include "store_int.h"

static const char *const store_errors[STORE__MAX] = {
	[STORE_OK] = "ok",
	[STORE_NOTFOUND] = "not found",
	[STORE_CONSTRAINT] = "refused by a database rule",
	[STORE_BUSY] = "database is busy",
	[STORE_ERROR] = "database error",
	[STORE_NOFILE] = "no database file",
	[STORE_FOREIGN] = "not a Mentorlink database",
	[STORE_NEWER] = "database made by a newer Mentorlink",
	[STORE_EXISTS] = "database already exists",
	[STORE_HELD] = "held by another holder",
	[STORE_DUPLICATE] = "already there",
};

const char *
store_strerror(enum store_err e)
{
	if ((unsigned)e >= STORE__MAX)
		return "unknown store error";
	return store_errors[e];
}

const char *
store_errmsg(struct store *s)
{
	return s->errmsg;
}

enum store_err
store_result(struct store *s, int rc)
{
	switch (rc & 0xff) {
	case SQLITE_OK:
	case SQLITE_DONE:
	case SQLITE_ROW:
		return STORE_OK;
	case SQLITE_CONSTRAINT:
		snprintf(
		    s->errmsg, sizeof(s->errmsg), "%s", sqlite3_errmsg(s->db));
		return STORE_CONSTRAINT;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		snprintf(
		    s->errmsg, sizeof(s->errmsg), "%s", sqlite3_errmsg(s->db));
		return STORE_BUSY;
	default:
		snprintf(
		    s->errmsg, sizeof(s->errmsg), "%s", sqlite3_errmsg(s->db));
		return STORE_ERROR;
	}
}

/*
 * Hash a statement's static SQL address into the slot table.
 */
static size_t
slot_index(const struct store *s, const char *sql)
{
	uintptr_t h = (uintptr_t)sql;

	h ^= h >> 17;
	h *= 0x9e3779b97f4a7c15ULL;
	return (size_t)(h >> 7) & (s->nslots - 1);
}

/*
 * Double the slot table and re-insert every statement.
 */
static void
slots_grow(struct store *s)
{
	struct stmt_slot *old = s->slots;
	size_t		  oldn = s->nslots, i, j;

	s->nslots = oldn ? oldn * 2 : 64;
	if ((s->slots = calloc(s->nslots, sizeof(*s->slots))) == NULL)
		fatal("calloc");
	for (i = 0; i < oldn; i++) {
		if (old[i].sql == NULL)
			continue;
		j = slot_index(s, old[i].sql);
		while (s->slots[j].sql != NULL)
			j = (j + 1) & (s->nslots - 1);
		s->slots[j] = old[i];
	}
	free(old);
}

sqlite3_stmt *
store_stmt(struct store *s, const char *sql)
{
	size_t i;
	int    rc;

	if (s->used * 2 >= s->nslots)
		slots_grow(s);
	i = slot_index(s, sql);
	/*
	 * A statement still being stepped (a list whose callback runs the
	 * same query) is left alone: the walk goes on to a copy.
	 */
	while (s->slots[i].sql != NULL) {
		if (s->slots[i].sql == sql &&
		    !sqlite3_stmt_busy(s->slots[i].stmt)) {
			sqlite3_reset(s->slots[i].stmt);
			sqlite3_clear_bindings(s->slots[i].stmt);
			return s->slots[i].stmt;
		}
		i = (i + 1) & (s->nslots - 1);
	}
	rc = sqlite3_prepare_v3(
	    s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s->slots[i].stmt, NULL);
	if (rc != SQLITE_OK) {
		store_result(s, rc);
		log_warnx("store: prepare failed: %s", s->errmsg);
		s->slots[i].stmt = NULL;
		return NULL;
	}
	s->slots[i].sql = sql;
	s->used++;
	return s->slots[i].stmt;
}

enum store_err
store_step_end(struct store *s, sqlite3_stmt *st, int rc)
{
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return STORE_NOTFOUND;
	return store_result(s, rc);
}

enum store_err
store_step_done(struct store *s, sqlite3_stmt *st)
{
	int rc;

	if (st == NULL)
		return STORE_ERROR;
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		rc = SQLITE_DONE;
	return store_result(s, rc);
}

enum store_err
store_step_changed(struct store *s, sqlite3_stmt *st)
{
	enum store_err e;

	if ((e = store_step_done(s, st)) != STORE_OK)
		return e;
	return sqlite3_changes(s->db) == 0 ? STORE_NOTFOUND : STORE_OK;
}

enum store_err
store_one_int(struct store *s, sqlite3_stmt *st, int64_t *v)
{
	int rc;

	if (st == NULL)
		return STORE_ERROR;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && v != NULL)
		*v = sqlite3_column_int64(st, 0);
	return store_step_end(s, st, rc);
}

enum store_err
store_step_insert(struct store *s, sqlite3_stmt *st)
{
	int rc, ext;

	if (st == NULL)
		return STORE_ERROR;
	rc = sqlite3_step(st);
	/* Read before the reset: the extended code names the rule. */
	ext = sqlite3_extended_errcode(s->db);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		rc = SQLITE_DONE;
	if ((rc & 0xff) == SQLITE_CONSTRAINT &&
	    (ext == SQLITE_CONSTRAINT_UNIQUE ||
		ext == SQLITE_CONSTRAINT_PRIMARYKEY)) {
		snprintf(
		    s->errmsg, sizeof(s->errmsg), "%s", sqlite3_errmsg(s->db));
		return STORE_DUPLICATE;
	}
	return store_result(s, rc);
}

enum store_err
store_step_upsert(struct store *s, sqlite3_stmt *st, int64_t *id)
{
	enum store_err e;

	if (st == NULL)
		return STORE_ERROR;
	/* The update path leaves it alone: 0 after the step means update. */
	sqlite3_set_last_insert_rowid(s->db, 0);
	if ((e = store_step_done(s, st)) == STORE_OK)
		*id = sqlite3_last_insert_rowid(s->db);
	return e;
}

void
store_bind_text(sqlite3_stmt *st, int idx, const char *v)
{
	if (v == NULL)
		sqlite3_bind_null(st, idx);
	else
		sqlite3_bind_text(st, idx, v, -1, SQLITE_TRANSIENT);
}

void
store_bind_text_static(sqlite3_stmt *st, int idx, const char *v)
{
	if (v == NULL)
		sqlite3_bind_null(st, idx);
	else
		sqlite3_bind_text(st, idx, v, -1, SQLITE_STATIC);
}

void
store_bind_id(sqlite3_stmt *st, int idx, int64_t id)
{
	if (id == 0)
		sqlite3_bind_null(st, idx);
	else
		sqlite3_bind_int64(st, idx, id);
}

void
store_bind_int(sqlite3_stmt *st, int idx, int64_t v)
{
	sqlite3_bind_int64(st, idx, v);
}

char *
store_col_dup(sqlite3_stmt *st, int col)
{
	const unsigned char *t;
	char		    *p;

	if (sqlite3_column_type(st, col) == SQLITE_NULL)
		return NULL;
	t = sqlite3_column_text(st, col);
	if ((p = strdup(t ? (const char *)t : "")) == NULL)
		fatal("strdup");
	return p;
}

void
store_col_copy(sqlite3_stmt *st, int col, char *out, size_t len)
{
	const unsigned char *t = sqlite3_column_text(st, col);
	size_t		     n = t ? (size_t)sqlite3_column_bytes(st, col) : 0;

	/* memcpy, not snprintf: the claim and the reminder pass copy per row. */
	if (len == 0)
		return;
	if (n >= len)
		n = len - 1;
	if (n > 0)
		memcpy(out, t, n);
	out[n] = '\0';
}

enum store_err
store_exec(struct store *s, const char *sql)
{
	return store_step_done(s, store_stmt(s, sql));
}

enum store_err
store_begin(struct store *s)
{
	enum store_err e;

	if (s->depth++ > 0)
		return STORE_OK;
	if ((e = store_exec(s, "BEGIN IMMEDIATE")) != STORE_OK)
		s->depth = 0;
	return e;
}

enum store_err
store_commit(struct store *s)
{
	enum store_err e;

	if (s->depth == 0)
		return STORE_ERROR;
	if (--s->depth > 0)
		return STORE_OK;
	if ((e = store_exec(s, "COMMIT")) != STORE_OK)
		store_rollback(s);
	return e;
}

void
store_rollback(struct store *s)
{
	s->depth = 0;
	if (!sqlite3_get_autocommit(s->db))
		(void)sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
}

/*
 * Read an integer from a PRAGMA or a one-value query; -1 on error.
 */
static int64_t
store_query_int(struct store *s, const char *sql)
{
	sqlite3_stmt *st;
	int64_t	      v = -1;

	if ((st = store_stmt(s, sql)) == NULL)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return v;
}

int64_t
store_data_version(struct store *s)
{
	return store_query_int(s, "PRAGMA data_version");
}

int
store_schema_version(struct store *s)
{
	return (int)store_query_int(s, "PRAGMA user_version");
}

int
store_schema_latest(void)
{
	if (schema_migrations_count == 0)
		return 0;
	return schema_migrations[schema_migrations_count - 1].version;
}

enum store_err
store_set_synchronous(struct store *s, const char *mode)
{
	if (strcmp(mode, "FULL") == 0)
		return store_exec(s, "PRAGMA synchronous = FULL");
	return store_exec(s, "PRAGMA synchronous = NORMAL");
}

/*
 * Apply one migration and set user_version, all in one transaction.
 */
static enum store_err
store_migrate_one(
    struct store *s, const struct schema_migration *m, char *err, size_t errlen)
{
	char  sql[128];
	char *msg = NULL;

	if (store_begin(s) != STORE_OK)
		goto fail;
	/* Another program may have applied it while we waited for the lock. */
	if (store_schema_version(s) >= m->version)
		return store_commit(s);
	if (sqlite3_exec(s->db, m->sql, NULL, NULL, &msg) != SQLITE_OK)
		goto fail;
	snprintf(sql, sizeof(sql),
	    "PRAGMA user_version = %d; "
	    "PRAGMA application_id = %d",
	    m->version, SCHEMA_APPLICATION_ID);
	if (sqlite3_exec(s->db, sql, NULL, NULL, &msg) != SQLITE_OK)
		goto fail;
	if (store_commit(s) != STORE_OK)
		goto fail;
	return STORE_OK;
fail:
	snprintf(err, errlen, "migration %s failed: %s", m->name,
	    msg ? msg : sqlite3_errmsg(s->db));
	sqlite3_free(msg);
	store_rollback(s);
	return STORE_ERROR;
}

/*
 * After migrating: a database that does not know when it was created
 * (a new one) was created now, by the program's clock.
 */
static enum store_err
store_created_ensure(struct store *s)
{
	char	      *v = NULL;
	char	       now[24];
	enum store_err e;

	if ((e = store_setting_get(s, STORE_SETTING_CREATED, &v)) != STORE_OK ||
	    v != NULL) {
		free(v);
		return e;
	}
	snprintf(now, sizeof(now), "%lld", (long long)clock_now());
	return store_setting_set(s, STORE_SETTING_CREATED, now);
}

/*
 * Return 1 if the table language holds row l exactly, 0 if not, -1 on
 * error.
 */
static int
store_language_known(struct store *s, const struct lang *l)
{
	sqlite3_stmt *st;
	int	      rc;

	st = store_stmt(s,
	    "SELECT 1 FROM language WHERE code = ?1 AND "
	    "name = ?2 AND rtl = ?3");
	if (st == NULL)
		return -1;
	store_bind_text_static(st, 1, l->code);
	store_bind_text_static(st, 2, l->name);
	sqlite3_bind_int(st, 3, l->rtl != 0);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

/*
 * Make the table language hold every row of lang.c (schema 5 on): the
 * program's table is the source, so a language added there needs no
 * migration.  Rows it no longer has stay (a citizen may use one).  Reads
 * only, unless a row is missing or changed.
 */
static enum store_err
store_languages_sync(struct store *s)
{
	const struct lang *l;
	sqlite3_stmt	  *st;
	size_t		   i;
	enum store_err	   e;
	int		   k;

	for (i = 0; (l = lang_at(i)) != NULL; i++)
		if ((k = store_language_known(s, l)) != 1)
			break;
	if (l == NULL)
		return STORE_OK;
	if (k == -1 || (e = store_begin(s)) != STORE_OK)
		return STORE_ERROR;
	for (i = 0; (l = lang_at(i)) != NULL; i++) {
		st = store_stmt(s,
		    "INSERT INTO language (code, name, rtl) "
		    "VALUES (?1, ?2, ?3) ON CONFLICT (code) DO UPDATE SET "
		    "name = excluded.name, rtl = excluded.rtl");
		if (st == NULL) {
			store_rollback(s);
			return STORE_ERROR;
		}
		store_bind_text_static(st, 1, l->code);
		store_bind_text_static(st, 2, l->name);
		sqlite3_bind_int(st, 3, l->rtl != 0);
		if ((e = store_step_done(s, st)) != STORE_OK) {
			store_rollback(s);
			return e;
		}
	}
	return store_commit(s);
}

/*
 * Refuse foreign or newer files; apply missing migrations in order.
 */
static enum store_err
store_check_schema(struct store *s, const char *path, char *err, size_t errlen)
{
	int64_t	       appid, version, tables;
	size_t	       i;
	enum store_err e;

	appid = store_query_int(s, "PRAGMA application_id");
	version = store_query_int(s, "PRAGMA user_version");
	tables = store_query_int(s, "SELECT count(*) FROM sqlite_master");
	if (appid < 0 || version < 0 || tables < 0) {
		snprintf(err, errlen, "%s: cannot read: %s", path, s->errmsg);
		return STORE_FOREIGN;
	}
	if (appid != SCHEMA_APPLICATION_ID && (appid != 0 || tables > 0)) {
		snprintf(err, errlen,
		    "%s is not a Mentorlink database; give "
		    "[database] path another file name",
		    path);
		return STORE_FOREIGN;
	}
	if (version > store_schema_latest()) {
		snprintf(err, errlen,
		    "%s has schema version %lld but this "
		    "program knows %d: install the newer Mentorlink",
		    path, (long long)version, store_schema_latest());
		return STORE_NEWER;
	}
	if (version < store_schema_latest() && s->readonly) {
		snprintf(err, errlen,
		    "%s needs an upgrade: run mentorctl check", path);
		return STORE_ERROR;
	}
	for (i = 0; i < schema_migrations_count; i++) {
		if (schema_migrations[i].version <= version)
			continue;
		if ((e = store_migrate_one(
			 s, &schema_migrations[i], err, errlen)) != STORE_OK)
			return e;
	}
	if (version < store_schema_latest() &&
	    (e = store_created_ensure(s)) != STORE_OK) {
		snprintf(err, errlen, "%s: %s", path, s->errmsg);
		return e;
	}
	if (!s->readonly && (e = store_languages_sync(s)) != STORE_OK) {
		snprintf(err, errlen, "%s: languages: %s", path, s->errmsg);
		return e;
	}
	return STORE_OK;
}

#define SPIN_SHORT_NS	 50000L			    /* first waits: 50 us */
#define SPIN_LONG_NS	 250000L		    /* then 250 us */
#define SPIN_SHORT_TRIES 40			    /* 2 ms of short waits */
#define SPIN_TRIES	 (SPIN_SHORT_TRIES + 20000) /* about 5 s in all */

/* The busy handler of store_busy_short(). */
static int
busy_short_waits(void *arg, int tries)
{
	struct timespec ts = { 0, SPIN_SHORT_NS };

	(void)arg;
	if (tries >= SPIN_TRIES)
		return 0;
	if (tries >= SPIN_SHORT_TRIES)
		ts.tv_nsec = SPIN_LONG_NS;
	nanosleep(&ts, NULL);
	return 1;
}

void
store_busy_short(struct store *s)
{
	sqlite3_busy_handler(s->db, busy_short_waits, NULL);
}

#define PATIENT_NS   1000000L /* store_busy_wait: a try every 1 ms */
#define PATIENT_NOTE 2000     /* say so after about 2 s */

/* The busy handler of store_busy_wait(); arg is the limit in ms. */
static int
busy_patient_waits(void *arg, int tries)
{
	struct timespec ts = { 0, PATIENT_NS };
	int		limit = (int)(intptr_t)arg;

	if (tries >= limit)
		return 0;
	if (tries == PATIENT_NOTE)
		log_warnx("the database is locked by another program; "
			  "waiting (at most %d s)",
		    limit / 1000);
	nanosleep(&ts, NULL);
	return 1;
}

void
store_busy_wait(struct store *s, int ms)
{
	sqlite3_busy_handler(s->db, busy_patient_waits, (void *)(intptr_t)ms);
}

/*
 * Connection settings every connection gets.
 */
static enum store_err
store_configure(struct store *s)
{
	sqlite3_busy_timeout(s->db, 5000);
	if (store_exec(s, "PRAGMA foreign_keys = ON") != STORE_OK)
		return STORE_ERROR;
	if (s->readonly)
		return STORE_OK;
	(void)store_query_int(s, "PRAGMA journal_mode = WAL");
	/*
	 * Checkpoint every 4,000 WAL pages (16 MB) rather than 1,000: writers
	 * that commit a few rows at a time rewrite the same hot pages, so a
	 * rarer checkpoint copies far fewer pages back.  sms-gateway's
	 * connections leave this to a thread of their own (store_ckpt_*).
	 */
	(void)store_query_int(s, "PRAGMA wal_autocheckpoint = 4000");
	/*
	 * A WAL that a long reader made grow (it must keep what the reader
	 * reads) shrinks back to 48 MB (3 x 4,000 pages) at the first commit
	 * after it starts over, instead of keeping its largest size for
	 * ever.  store_ckpt_attach() sets the same bound from its limit.
	 */
	(void)store_query_int(s, "PRAGMA journal_size_limit = 49152000");
	return store_exec(s, "PRAGMA synchronous = NORMAL");
}

/*
 * Process-wide SQLite settings, before the first connection: no memory
 * statistics (they take a global mutex on every allocation).
 */
static void
store_global_init(void)
{
	(void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

enum store_err
store_open(
    const char *path, int flags, struct store **out, char *err, size_t errlen)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	struct store	     *s;
	struct stat	      sb;
	enum store_err	      e;
	int		      oflags, rc;

	pthread_once(&once, store_global_init);
	*out = NULL;
	if (stat(path, &sb) == -1 && !(flags & STORE_CREATE)) {
		snprintf(err, errlen, "%s: %s; create it with: mentorctl init",
		    path, strerror(errno));
		return STORE_NOFILE;
	}
	if ((s = calloc(1, sizeof(*s))) == NULL)
		fatal("calloc");
	s->readonly = (flags & STORE_READONLY) != 0;
	oflags = s->readonly ? SQLITE_OPEN_READONLY
			     : SQLITE_OPEN_READWRITE |
		((flags & STORE_CREATE) ? SQLITE_OPEN_CREATE : 0);
	oflags |= SQLITE_OPEN_NOMUTEX;
	rc = sqlite3_open_v2(path, &s->db, oflags, NULL);
	if (rc != SQLITE_OK) {
		snprintf(err, errlen, "%s: %s", path,
		    s->db ? sqlite3_errmsg(s->db) : "cannot open");
		e = STORE_ERROR;
		goto fail;
	}
	sqlite3_extended_result_codes(s->db, 0);
	if ((e = store_configure(s)) != STORE_OK) {
		snprintf(err, errlen, "%s: %s", path, s->errmsg);
		if (strstr(s->errmsg, "not a database") != NULL)
			e = STORE_FOREIGN;
		goto fail;
	}
	if (!(flags & STORE_AS_IS) &&
	    (e = store_check_schema(s, path, err, errlen)) != STORE_OK)
		goto fail;
	*out = s;
	return STORE_OK;
fail:
	store_close(s);
	return e;
}

void
store_close(struct store *s)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < s->nslots; i++)
		if (s->slots[i].stmt != NULL)
			sqlite3_finalize(s->slots[i].stmt);
	free(s->slots);
	if (s->db != NULL)
		sqlite3_close(s->db);
	free(s);
}

/* --- settings ------------------------------------------------------- */

enum store_err
store_setting_get(struct store *s, const char *name, char **value)
{
	sqlite3_stmt *st;
	int	      rc;

	*value = NULL;
	st = store_stmt(s, "SELECT value FROM setting WHERE name = ?1");
	if (st == NULL)
		return STORE_ERROR;
	store_bind_text(st, 1, name);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*value = store_col_dup(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? STORE_OK
						     : store_result(s, rc);
}

enum store_err
store_setting_set(struct store *s, const char *name, const char *value)
{
	sqlite3_stmt *st;

	st = store_stmt(s,
	    "INSERT INTO setting (name, value) VALUES (?1, ?2) "
	    "ON CONFLICT (name) DO UPDATE SET value = excluded.value");
	if (st == NULL)
		return STORE_ERROR;
	store_bind_text(st, 1, name);
	store_bind_text(st, 2, value);
	return store_step_done(s, st);
}

/* --- leases --------------------------------------------------------- */

enum store_err
store_lease_acquire(
    struct store *s, const char *name, const char *holder, time_t now, int ttl)
{
	sqlite3_stmt  *st;
	enum store_err e;

	st = store_stmt(s,
	    "INSERT INTO lease (name, holder, expires_at) "
	    "VALUES (?1, ?2, ?3) ON CONFLICT (name) DO UPDATE SET "
	    "holder = excluded.holder, expires_at = excluded.expires_at "
	    "WHERE lease.holder = excluded.holder OR lease.expires_at < ?4");
	if (st == NULL)
		return STORE_ERROR;
	store_bind_text(st, 1, name);
	store_bind_text(st, 2, holder);
	store_bind_int(st, 3, (int64_t)now + ttl);
	store_bind_int(st, 4, (int64_t)now);
	if ((e = store_step_done(s, st)) != STORE_OK)
		return e;
	return sqlite3_changes(s->db) == 1 ? STORE_OK : STORE_HELD;
}

enum store_err
store_lease_release(struct store *s, const char *name, const char *holder)
{
	sqlite3_stmt *st;

	st = store_stmt(s, "DELETE FROM lease WHERE name = ?1 AND holder = ?2");
	if (st == NULL)
		return STORE_ERROR;
	store_bind_text(st, 1, name);
	store_bind_text(st, 2, holder);
	return store_step_done(s, st);
}

enum store_err
store_lease_get(
    struct store *s, const char *name, char **holder, time_t *expires_at)
{
	sqlite3_stmt *st;
	int	      rc;

	*holder = NULL;
	*expires_at = 0;
	st = store_stmt(s,
	    "SELECT holder, expires_at FROM lease "
	    "WHERE name = ?1");
	if (st == NULL)
		return STORE_ERROR;
	store_bind_text(st, 1, name);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*holder = store_col_dup(st, 0);
		*expires_at = (time_t)sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	return store_result(s, rc);
}
