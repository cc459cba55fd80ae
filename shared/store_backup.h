/*
 * store_backup - the database file as a whole: an online copy that the
 * running programs do not feel, the checks a copy gets before it is
 * trusted (`mentorctl check --deep` runs them on the live file), the row
 * counts of a backup's manifest, folding the write-ahead log back into
 * the file, and which process on this host has a database open.
 *
 * Open the files these functions look at with store_open(path,
 * STORE_AS_IS | ...): a copy may be older, foreign or damaged, and is
 * described, not refused or upgraded.
 */
#ifndef MENTOR_STORE_BACKUP_H
#define MENTOR_STORE_BACKUP_H

#include <sys/types.h>

#include <stdint.h>

#include "store.h"

/* Pages copied per sqlite3_backup_step() (4 MB of 4 KB pages). */
#define STORE_BACKUP_STEP_PAGES 1024

/* What a copy took. */
struct store_copy_info {
	int64_t pages;	    /* pages in the copy */
	int	page_size;  /* bytes per page */
	int	steps;	    /* rounds of STORE_BACKUP_STEP_PAGES */
	int	busy_waits; /* rounds that found a lock and waited */
};

/*
 * Copy the database of s, as it stood when the copy began, into the file
 * dest (an empty or missing file; SQLite writes it, keeping its mode).
 * The copy reads one snapshot, STORE_BACKUP_STEP_PAGES pages a round:
 * in WAL mode a reader never holds up a writer, and the snapshot keeps
 * the copy from starting over at every commit of the running programs
 * (which SQLite's backup does when it reads a fresh state each round).
 * The copy is left as one self-contained file (rollback journal mode, no
 * -wal beside it).  Returns STORE_OK with *info filled, or an error with
 * err set; dest may then hold part of a copy (the caller removes it).
 */
enum store_err store_copy_to(struct store *s, const char *dest,
    struct store_copy_info *info, char *err, size_t errlen);

/* The file's PRAGMA application_id and user_version. */
enum store_err store_identity(
    struct store *, int64_t *application_id, int *schema_version);

/* The application id Mentorlink puts in its files. */
int64_t	    store_application_id(void);

/*
 * A problem a check found: kind "integrity" (one line of PRAGMA
 * integrity_check) or "foreign_key" ("sms_outbox row 12 refers to a
 * missing contact_request").  fn returns non-0 to stop.
 */
typedef int store_problem_fn(const char *kind, const char *text, void *arg);

/* The most problems of each kind store_check_deep() reports. */
#define STORE_CHECK_MAX 100

/*
 * Run PRAGMA integrity_check and PRAGMA foreign_key_check, calling fn
 * for each problem (at most STORE_CHECK_MAX of each kind).  *problems
 * gets how many there were (foreign-key rows past the limit are counted,
 * not reported).  Returns STORE_OK when the checks ran, whatever they
 * found; an error when they could not run.
 */
enum store_err store_check_deep(
    struct store *, store_problem_fn *fn, void *arg, int64_t *problems);

/*
 * Call fn for every table (sqlite_ tables left out), by name, with its
 * number of rows; stops when fn returns non-0.  All counts come from one
 * read snapshot.
 */
enum store_err store_table_counts(struct store *,
    int (*fn)(const char *table, int64_t rows, void *arg), void *arg);

/*
 * Copy every committed page of the write-ahead log back into the
 * database file and empty the log (a TRUNCATE checkpoint).  STORE_BUSY
 * when another connection reads or writes meanwhile.
 */
enum store_err store_checkpoint_all(struct store *);

/*
 * Write the file or folder at path to disk (fsync).  Returns 0, or -1
 * with errno set.
 */
int	       store_sync_path(const char *path);

/*
 * Does a process on this host have the database at path open?  Every
 * connection in WAL mode holds a shared lock on the "-shm" file as long
 * as it is open.  Returns 1 with *pid set to one such process (0 when it
 * lives in another PID namespace), 0 when there is none (or no -shm
 * file), -1 (errno set) when it cannot tell.  Call it while this process
 * has no connection to the database open: closing the probe's descriptor
 * would drop this process's own SQLite locks on the file (POSIX locks
 * belong to the process, not the descriptor).
 */
int	       store_users(const char *path, pid_t *pid);

#endif
