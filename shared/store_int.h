/*
 * store_int.h - internals shared by shared/store*.c only.  Nothing else
 * includes this file (make lint checks that SQL stays in store*.c).
 */
#ifndef MENTOR_STORE_INT_H
#define MENTOR_STORE_INT_H

#include <sqlite3.h>

#include "store.h"

struct stmt_slot {
	const char   *sql; /* the static string; the cache key */
	sqlite3_stmt *stmt;
};

struct store {
	sqlite3		 *db;
	struct stmt_slot *slots; /* open addressing by pointer */
	size_t		  nslots;
	size_t		  used;
	int		  depth; /* store_begin nesting */
	int		  readonly;
	char		  errmsg[256];
};

/*
 * The prepared statement for sql (a string literal: its address is the
 * key), prepared on first use and reset with bindings cleared on every
 * call.  While it is still being stepped (a list callback running the
 * same query) a second copy is prepared, so the outer walk is not reset.
 * NULL on a preparation error (message in store_errmsg()).
 */
sqlite3_stmt  *store_stmt(struct store *, const char *sql);

/* Map a SQLite result code to a store_err, saving the message. */
enum store_err store_result(struct store *, int rc);

/* Step a statement that returns no rows; reset it. */
enum store_err store_step_done(struct store *, sqlite3_stmt *);

/*
 * Step a bound UPDATE or DELETE and reset it: STORE_NOTFOUND when it
 * changed no row, else as store_step_done().
 */
enum store_err store_step_changed(struct store *, sqlite3_stmt *);

/*
 * Step a bound one-row query and reset it; *v (may be NULL) gets column
 * 0 as an integer (0 for SQL NULL).  STORE_NOTFOUND when there is no
 * row.  For a count(*), min() or a lookup of one id.
 */
enum store_err store_one_int(struct store *, sqlite3_stmt *, int64_t *v);

/*
 * Step an INSERT that returns no rows and reset it, as store_step_done(),
 * except that a UNIQUE or PRIMARY KEY conflict (SQLite's extended result
 * code) is STORE_DUPLICATE; every other rule that says no stays
 * STORE_CONSTRAINT.
 */
enum store_err store_step_insert(struct store *, sqlite3_stmt *);

/*
 * Finish a one-row query: reset st after its first sqlite3_step() gave
 * rc (the caller has read the row when rc was SQLITE_ROW).  Returns
 * STORE_OK for a row, STORE_NOTFOUND for none, else the error.
 */
enum store_err store_step_end(struct store *, sqlite3_stmt *, int rc);

/*
 * Step an INSERT ... ON CONFLICT DO UPDATE (without RETURNING, which
 * costs an ephemeral table on every call) and reset it.  *id gets the
 * new row's id when it inserted, 0 when it updated an existing row.
 */
enum store_err store_step_upsert(struct store *, sqlite3_stmt *, int64_t *id);

/* Bind helpers: NULL text and 0 ids (for *_id params) bind SQL NULL. */
void	       store_bind_text(sqlite3_stmt *, int idx, const char *s);
/*
 * Bind text without copying it: s must stay as it is until the statement
 * is stepped and reset, in the same function (the insert paths an import
 * runs hundreds of thousands of times).
 */
void	       store_bind_text_static(sqlite3_stmt *, int idx, const char *s);
void	       store_bind_id(sqlite3_stmt *, int idx, int64_t id);
void	       store_bind_int(sqlite3_stmt *, int idx, int64_t v);

/* malloc'd copy of a text column, NULL for SQL NULL. */
char	      *store_col_dup(sqlite3_stmt *, int col);
/* Copy a text column into a fixed buffer ("" for NULL). */
void	       store_col_copy(sqlite3_stmt *, int col, char *out, size_t len);

/*
 * Wait for locks in small steps (50 us, after 2 ms 250 us; about 5 s in
 * all) instead of SQLite's 1, 2, 5, 10 ... milliseconds: for a
 * connection whose waits someone else feels (a webhook's answer).
 */
void	       store_busy_short(struct store *);

/* Run a statement that takes no parameters and returns no rows. */
enum store_err store_exec(struct store *, const char *sql);

#endif
