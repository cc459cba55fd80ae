/*
 * citizen_export - everything stored about one citizen as JSON lines,
 * for erasure (GDPR art. 17: the journal is exported first) and for the
 * staff console.  Program-neutral: mentorctl's `citizen erase` and the
 * console call the same functions.
 */
#ifndef MENTOR_CITIZEN_EXPORT_H
#define MENTOR_CITIZEN_EXPORT_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "buf.h"
#include "store.h"
#include "store_citizen.h"

/*
 * Append to out one JSON object per line: {"type":"citizen",...}, each
 * agreement with its tasks, each meeting, then every journal record about
 * the citizen (texts in and out, contact requests, audit rows; type as
 * journal_type_name()).  Instants are UTC ISO 8601.  *records gets the
 * number of lines.  Returns the store's result (STORE_NOTFOUND: no such
 * citizen).  The caller wipes and frees out (personal data).
 */
enum store_err citizen_export(
    struct store *, int64_t citizen_id, struct buf *out, size_t *records);

/*
 * Write b to a new file path (never an existing one), mode 0600, and
 * fsync it.  Returns 0, or -1 with errno set (a partial file is removed).
 */
int	       citizen_export_write(const char *path, const struct buf *b);

/*
 * Why citizen erasure must wait, in short English ("an agreement is not
 * ended; end it first"), or NULL when nothing blocks it.
 */
const char    *citizen_erase_refusal(const struct erase_blockers *);

/*
 * Erase citizen id (GDPR art. 17) at now, inside the caller's write
 * transaction, exactly as `mentorctl citizen erase` does: the blockers
 * first (*b), then the export into out (*records lines; see
 * citizen_export()), then store_citizen_erase() (*counts).  Returns
 * STORE_OK; STORE_CONSTRAINT with *why (citizen_erase_refusal()) when
 * something blocks it, nothing changed; or the store's error.  The
 * caller writes its audit row in the same transaction, then commits;
 * and wipes and frees out.
 */
enum store_err citizen_erase_exported(struct store *, int64_t id, time_t now,
    struct buf *out, size_t *records, struct erase_blockers *b,
    struct erase_counts *counts, const char **why);

struct audit_rec;
struct json_object;

/*
 * One audit row as `mentorctl audit export` writes it: id, at (UTC ISO
 * 8601), actor_kind, actor, action, citizen (citizen, the external id,
 * may be NULL), reason, detail.  The caller owns the object.
 */
struct json_object *audit_row_json(
    const struct audit_rec *, const char *citizen);

#endif
