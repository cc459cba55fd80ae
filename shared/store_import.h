/*
 * store_import.h - external ids: a row's by its id and back (mentorctl
 * shows records by them), and what `mentorctl import` asks in bulk - the
 * external ids every table holds and the citizens' CPR hashes, one pass
 * over a table each, so an import of many records makes a handful of
 * queries instead of one per record.  See store.h for conventions.
 */
#ifndef MENTOR_STORE_IMPORT_H
#define MENTOR_STORE_IMPORT_H

#include <stdint.h>

#include "store.h"

/* The tables whose rows carry the case system's external ids. */
enum store_kind {
	STORE_KIND_STAFF,
	STORE_KIND_CITIZEN,
	STORE_KIND_AGREEMENT,
	STORE_KIND_MEETING,
	STORE_KIND__MAX
};

/* The id of the row of kind k with external id ext into *id. */
enum store_err store_external_id(
    struct store *, enum store_kind k, const char *ext, int64_t *id);

/*
 * The external id of row id of kind k into a malloc'd *ext (the caller
 * frees it); NULL and STORE_NOTFOUND when there is no such row.
 */
enum store_err store_external_of(
    struct store *, enum store_kind k, int64_t id, char **ext);

/*
 * Call fn(id, external_id, arg) for every row of kind k, in no
 * particular order; stops when fn returns non-0.
 */
enum store_err store_external_ids(struct store *, enum store_kind k,
    int (*fn)(int64_t id, const char *ext, void *arg), void	 *arg);

/*
 * Call fn(external_id, cpr_hash, arg) for every citizen; stops when fn
 * returns non-0.
 */
enum store_err store_citizen_cprs(struct store *,
    int (*fn)(const char *ext, const char *cpr_hash, void *arg), void *arg);

/*
 * Let this connection keep up to mib MiB of pages in memory (SQLite's
 * default is 2 MiB).  A big import's transaction touches far more: with
 * the small cache, pages go out to the WAL and come back many times.
 */
enum store_err store_import_cache(struct store *, int mib);

/*
 * Inside a transaction: check foreign keys at the commit, not after
 * every statement (so a statement needs no journal of its own to undo).
 * A broken reference then fails the commit.
 */
enum store_err store_import_defer_checks(struct store *);

/*
 * Whether this connection runs triggers (on 1) or not (on 0); a change
 * makes every prepared statement prepare again.  The import saves its
 * citizens without them: the one trigger an insert of a citizen has
 * (citizen_language_insert, schema 5) makes each insert keep a journal
 * of its own, and checks what the import has checked already (a
 * language lang.c knows; the table language holds lang.c's rows).  Every
 * other section runs with them.
 */
enum store_err store_import_triggers(struct store *, int on);

#endif
