/*
 * import.h - internals of `mentorctl import`, shared by import.c (the
 * driver: read, validate, save in one transaction, report),
 * import_read.c (the file, read once and record by record),
 * import_fields.c (the field tables: one validator per JSON field),
 * import_save.c (references between records, and saving),
 * import_map.c (lookups by id) and import_arena.c (the records' memory).
 *
 * Every record is checked before anything is written; every problem is
 * collected as "section[i] (external-id): field: reason".  Every lookup
 * is a hash lookup, so an import takes time in proportion to its size.
 */
#ifndef MENTOR_ADMIN_IMPORT_H
#define MENTOR_ADMIN_IMPORT_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "notify.h"
#include "store.h"

struct ctx;
struct jf_doc;
struct jf_value;
struct json_object;
struct word_list;

enum section_id {
	SECTION_GUIDANCE,
	SECTION_STAFF,
	SECTION_CITIZENS,
	SECTION_AGREEMENTS,
	SECTION_MEETINGS,
	SECTION__MAX
};

/* What every imported record starts with. */
struct record_head {
	const char  *ext;      /* external id (the record's copy), or NULL */
	char	    *label_id; /* an id given but not valid, for labels */
	int	     section;  /* enum section_id; -1: the file */
	size_t	     index;    /* position; IMPORT_SECTION: the list */
	int64_t	     id;       /* store id: existing, or once saved */
	int	     exists;   /* in the store before this import */
	unsigned int given;    /* bit i: field i was given */
};

/* A reference to another record by its external id. */
struct ref {
	const char	   *ext;     /* in the arena; NULL: none */
	struct record_head *in_file; /* the record in this file */
	int64_t		    db_id;   /* else its id in the store */
};

/*
 * A section with at least this many records in the file has the ids the
 * store holds loaded at once; a smaller one asks the store per record.
 */
#define IMPORT_BULK_MIN 256

struct imp_guidance {
	struct record_head  h;
	struct guidance_rec rec;
};

struct imp_staff {
	struct record_head h;
	struct staff_rec   rec;
	struct ref	   deputy;
	char		  *login; /* NULL: not given, left */
	int		   roles; /* 0: not given, left */
};

struct imp_citizen {
	struct record_head h;
	struct citizen_rec rec;
	int		   reminders; /* if CITIZEN_REMINDERS given */
};

/* The citizen fields resolve/save look at (rows of citizen_fields[]). */
enum citizen_field {
	CITIZEN_ID,
	CITIZEN_CPR,
	CITIZEN_GIVEN_NAME,
	CITIZEN_MOBILE,
	CITIZEN_LANGUAGE,
	CITIZEN_REMINDERS,
	CITIZEN__MAX
};

struct imp_agreement {
	struct record_head   h;
	struct agreement_rec rec;
	struct ref	     citizen, mentor, caseworker, extends;
	int		     activated; /* this import made it active */
};

struct imp_meeting {
	struct record_head h;
	struct meeting_rec rec;
	struct ref	   agreement;
};

/* One problem found, kept to be listed in record order. */
struct problem {
	int    section; /* -1: the file itself */
	size_t index;
	size_t seq; /* order of discovery */
	char  *line;
};

/* One entry of an import_map. */
struct import_map_slot {
	const char *key; /* NULL: empty slot */
	uint64_t    hash;
	void	   *rec; /* what the key names */
	int64_t	    id;
};

/*
 * Where the records' strings live (import_arena.c): blocks mapped as
 * needed, given back all at once by import_arena_free().  Nothing in it
 * is freed on its own.
 */
struct import_arena {
	struct import_arena_block *blocks; /* the newest first */
	char			  *next;   /* free bytes of the newest */
	size_t			   left;
};

/* n zeroed bytes (aligned for any pointer) that live until the free. */
void *import_alloc(struct import_arena *, size_t n);
/* A copy of s in the arena. */
char *import_strdup(struct import_arena *, const char *s);
/* Give every block back. */
void  import_arena_free(struct import_arena *);
/*
 * Ask for huge pages for the whole pages inside p[0..len) (a hint, for
 * the import's big arrays): fewer page faults as they fill.
 */
void  import_advise_huge(void *p, size_t len);
/*
 * Grow the heap (malloc's, which SQLite's page cache and the JSON parser
 * use) by bytes now, asking for huge pages on it, and keep it: the pages
 * a big import's transaction holds fault in 2 MiB at a time, not 4 KiB.
 * glibc only; a hint, memory is taken only as it is used.
 */
#define IMPORT_HEAP_BLOCK  (16 * 1024 * 1024)
#define IMPORT_HEAP_BLOCKS 64
void  import_heap_huge(size_t bytes);
/*
 * A record array of old bytes at p (NULL: none yet) grown to size bytes,
 * its own mapping (huge pages asked for), moved by the kernel without a
 * copy; new bytes are zero.  Free it with import_array_free(p, size).
 */
void *import_array_grow(void *p, size_t old, size_t size);
void  import_array_free(void *p, size_t size);

/* The texts an import makes the gateway send (import_sms.c). */
enum import_sms_kind {
	IMPORT_SMS_AGREEMENT_CITIZEN,
	IMPORT_SMS_AGREEMENT_MENTOR,
	IMPORT_SMS_MOVED,
	IMPORT_SMS_CANCELLED,
	IMPORT_SMS__MAX
};

/* A hash table from strings to records or ids (import_map.c). */
struct import_map {
	struct import_map_slot *slots;
	size_t			nslots; /* a power of two, or 0 */
	size_t			used;
	uint64_t		seed;
	int			owns_keys;   /* copy keys in, free them */
	int			owns_values; /* free rec of every entry */
};

/* The entry for key, or NULL. */
struct import_map_slot *import_map_get(
    const struct import_map *, const char *key);
/*
 * The entry for key, made (key copied when the map owns keys, else kept
 * by pointer: it must outlive the map) with *added = 1 if it was not
 * there.  Never fails (out of memory is fatal).
 */
struct import_map_slot *import_map_put(
    struct import_map *, const char *key, int *added);
/* Make room for n entries at once (growing one by one moves them often). */
void import_map_reserve(struct import_map *, size_t n);
void import_map_free(struct import_map *);

struct import {
	struct ctx	 *ctx;
	int		  relative; /* --relative-dates: "today+3" ok */
	struct problem	 *problems;
	size_t		  nproblems;
	void		 *recs[SECTION__MAX]; /* arrays of imp_* */
	size_t		  n[SECTION__MAX];
	size_t		  cap[SECTION__MAX];
	int		  given[SECTION__MAX]; /* the section is in the file */
	size_t		  inserted[SECTION__MAX];
	size_t		  updated[SECTION__MAX];
	/*
	 * External id -> the record in the file (the first with it), and
	 * its id in the store (bulk sections; 0: not stored); guidance:
	 * "key/language" -> the first record with both.
	 */
	struct import_map ids[SECTION__MAX];
	/*
	 * External id -> id in the store of the rows no record of the file
	 * has, for the sections with many records (loaded at once); the
	 * others ask the store each time.
	 */
	struct import_map stored[SECTION__MAX];
	int		  bulk[SECTION__MAX];
	size_t		  sms[IMPORT_SMS__MAX]; /* texts it will cause */
	/* Meetings whose place may not be in an SMS: a word ([sms]). */
	struct place_warning {
		const char *meeting; /* its external id */
		const char *word;    /* as the configured list has it */
	} * places;
	size_t		     nplaces;
	size_t		     sms_held[NOTICE__MAX]; /* not news, by reason */
	/* CPR hash -> the first citizen in the file with it; id 1: stored
	 * for that citizen's external id (bulk). */
	struct import_map    cprs;
	/* CPR hash -> external id of another citizen in the store (bulk) */
	struct import_map    stored_cprs;
	struct import_map    guidance; /* guidance keys known to exist */
	struct import_map    fields[SECTION__MAX]; /* field name -> index */
	const struct jf_doc *doc;   /* the record being checked */
	struct import_arena  arena; /* every string of every record */
};

/* How a field's value is checked and where it goes. */
enum field_type {
	FT_ID,	    /* external id: head->ext, and a strdup at offset */
	FT_KEY,	    /* char * at offset, an id of another kind */
	FT_TEXT,    /* char * at offset, at most size bytes */
	FT_PHONE,   /* char * at offset, E.164 */
	FT_EMAIL,   /* char * at offset */
	FT_BOOL,    /* int at offset */
	FT_DATE,    /* char * at offset, YYYY-MM-DD (or relative) */
	FT_INSTANT, /* time_t at offset, ISO 8601 with offset */
	FT_REF,	    /* struct ref at offset */
	FT_WORD,    /* char[size] at offset, one of words */
	FT_CPR,	    /* char[65] at offset: the keyed hash only */
	FT_TASKS,   /* struct agreement_rec at offset: tasks */
	FT_HOURS,   /* struct agreement_rec at offset: hours */
	FT_LOGIN,   /* char * at offset, lower-cased (store_staff.h) */
	FT_ROLES,   /* int at offset, STAFF_ROLE_* bits */
	FT__MAX
};

/* One JSON field of a record. */
struct field {
	const char	       *name;
	int			required;
	enum field_type		type;
	size_t			offset; /* in the imp_* record */
	size_t			size;	/* FT_TEXT max, FT_WORD array */
	const struct word_list *words;	/* FT_WORD */
};

/*
 * Check value against field f and store it in rec.  Returns NULL, or
 * the reason it is refused.
 */
const char *field_parse(struct import *, const struct field *f, void *rec,
    const struct jf_value *value);

/* One section of the import file. */
struct section {
	const char	   *name; /* "citizens" */
	size_t		    recsize;
	const struct field *fields;
	size_t		    nfields;
	/* References and checks across records; after all fields. */
	void (*resolve)(struct import *, void *rec);
	enum store_err (*save)(struct import *, void *rec);
	void (*release)(void *rec);
};

extern const struct section sections[SECTION__MAX];

#define IMPORT_SECTION	 SIZE_MAX /* record_head.index of a list */
#define IMPORT_LABEL_LEN 100

/*
 * The name of h in problem lines, written into buf: "citizens[2]
 * (c-mads)", "citizens[2]", the list "citizens", or "file" for NULL.
 * Returns buf (or a constant).
 */
const char *import_label(const struct record_head *h, char *buf, size_t len);

/* Add a problem line "LABEL: FIELD: reason" (field may be NULL). */
void	    import_problem(struct import *, const struct record_head *,
	   const char *field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* The record at index i of section sec. */
void *import_record(struct import *, enum section_id sec, size_t i);

/* The record of section sec with external id ext in the file, or NULL. */
struct record_head *import_find(
    struct import *, enum section_id sec, const char *ext);

/*
 * import_read.c: read the file at path, handing each section name to
 * import_section_begin(), each record to import_record_add() and a
 * section that is not a list to import_section_value().  Returns 0, or
 * -1 after one error line when the file cannot be read or is not JSON.
 */
int  import_read(struct import *, const char *path);
/* A section's name: its enum section_id, or -1 for an unknown one. */
int  import_section_begin(struct import *, const char *name);
/* A section (-1: unknown, named name) whose value is not a list. */
void import_section_value(
    struct import *, int section, const char *name, struct json_object *value);
/*
 * The next record of section (a known one), the whole value of doc
 * (jsonflat.h): check its fields.
 */
void import_record_add(struct import *, int section, const struct jf_doc *doc);

/*
 * import_sms.c: count, into im->sms and im->sms_held, the texts the saved
 * records will make the gateway send, with its own rule (notify.h).
 * Inside the transaction.  Returns 0, or -1 on a store error.
 */
int  import_count_sms(struct import *);
/* The counts as "sms" and "sms_held" members of j, or as lines. */
void import_sms_json(const struct import *, struct json_object *j);
void import_sms_print(const struct import *, int dry_run);
/*
 * import_sms.c: the places left out of SMS, appended to the warnings
 * array (objects with "meeting", "check", "word", "text"), or as lines.
 */
void import_places_json(const struct import *, struct json_object *arr);
void import_places_print(const struct import *);

/*
 * cmd_meeting.c, for the import too: the word of [sms] sensitive_words
 * in place when the place would go into an SMS (in_sms), else NULL; the
 * warning that such a place is left out of SMS, as a JSON object
 * (meeting, check "place_in_sms", word, text; the caller owns it) or as
 * a line "  ! MEETING: text "word".".
 */
const char *meeting_place_word(
    const struct ctx *, const char *place, int in_sms);
struct json_object *meeting_place_warning(
    const struct ctx *, const char *meeting, const char *word);
void meeting_place_warning_print(
    const struct ctx *, const char *meeting, const char *word);

/*
 * import_save.c: load the external ids the store holds for every section
 * with many records in the file (one pass over each table beats a query
 * per record).  Returns 0, or -1 after one error line.
 */
int	       import_load_stored(struct import *);
/* import_save.c: the resolve/save/release functions of each section. */
void	       resolve_guidance(struct import *, void *);
void	       resolve_staff(struct import *, void *);
void	       resolve_citizen(struct import *, void *);
void	       resolve_agreement(struct import *, void *);
void	       resolve_meeting(struct import *, void *);
enum store_err save_guidance(struct import *, void *);
enum store_err save_staff(struct import *, void *);
enum store_err save_citizen(struct import *, void *);
enum store_err save_agreement(struct import *, void *);
enum store_err save_meeting(struct import *, void *);
/* Second pass over staff: deputies, once every staff member has an id. */
enum store_err save_staff_deputy(struct import *, void *);
void	       release_guidance(void *);
void	       release_staff(void *);
void	       release_citizen(void *);
void	       release_agreement(void *);
void	       release_meeting(void *);

#endif
