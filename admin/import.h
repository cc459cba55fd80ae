/*
 * import.h - internals of `mentorctl import`, shared by import.c (the
 * driver: read, validate, save in one transaction, report),
 * import_fields.c (the field tables: one validator per JSON field) and
 * import_save.c (references between records, and saving).
 *
 * Every record is checked before anything is written; every problem is
 * collected as "section[i] (external-id): field: reason".
 */
#ifndef MENTOR_ADMIN_IMPORT_H
#define MENTOR_ADMIN_IMPORT_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "store.h"

struct ctx;
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
	const char	*ext;		/* external id (in the JSON), or NULL */
	int		 section;	/* enum section_id; -1: the file */
	size_t		 index;		/* position in its section */
	char		 label[100];	/* "citizens[2] (c-mads)" */
	int64_t		 id;		/* store id: existing, or once saved */
	int		 exists;	/* in the store before this import */
	unsigned int	 given;		/* bit i: field i was given */
};

/* A reference to another record by its external id. */
struct ref {
	const char		*ext;		/* NULL: none given */
	struct record_head	*in_file;	/* the record in this file */
	int64_t			 db_id;		/* else its id in the store */
};

struct imp_guidance {
	struct record_head	 h;
	struct guidance_rec	 rec;
};

struct imp_staff {
	struct record_head	 h;
	struct staff_rec	 rec;
	struct ref		 deputy;
};

struct imp_citizen {
	struct record_head	 h;
	struct citizen_rec	 rec;
	int			 reminders;	/* if CITIZEN_REMINDERS given */
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
	struct record_head	 h;
	struct agreement_rec	 rec;
	struct ref		 citizen, mentor, caseworker, extends;
};

struct imp_meeting {
	struct record_head	 h;
	struct meeting_rec	 rec;
	struct ref		 agreement;
};

/* One problem found, kept to be listed in record order. */
struct problem {
	int		 section;	/* -1: the file itself */
	size_t		 index;
	size_t		 seq;		/* order of discovery */
	char		*line;
};

struct import {
	struct ctx	*ctx;
	int		 relative;	/* --relative-dates: "today+3" ok */
	struct problem	*problems;
	size_t		 nproblems;
	void		*recs[SECTION__MAX];	/* arrays of imp_* */
	size_t		 n[SECTION__MAX];
	size_t		 inserted[SECTION__MAX];
	size_t		 updated[SECTION__MAX];
};

/* How a field's value is checked and where it goes. */
enum field_type {
	FT_ID,		/* external id: head->ext, and a strdup at offset */
	FT_KEY,		/* char * at offset, an id of another kind */
	FT_TEXT,	/* char * at offset, at most size bytes */
	FT_PHONE,	/* char * at offset, E.164 */
	FT_EMAIL,	/* char * at offset */
	FT_BOOL,	/* int at offset */
	FT_DATE,	/* char * at offset, YYYY-MM-DD (or relative) */
	FT_INSTANT,	/* time_t at offset, ISO 8601 with offset */
	FT_REF,		/* struct ref at offset */
	FT_WORD,	/* char[size] at offset, one of words */
	FT_CPR,		/* char[65] at offset: the keyed hash only */
	FT_TASKS,	/* struct agreement_rec at offset: tasks */
	FT_HOURS,	/* struct agreement_rec at offset: hours */
	FT__MAX
};

/* One JSON field of a record. */
struct field {
	const char		*name;
	int			 required;
	enum field_type		 type;
	size_t			 offset;	/* in the imp_* record */
	size_t			 size;		/* FT_TEXT max, FT_WORD array */
	const struct word_list	*words;		/* FT_WORD */
};

/*
 * Check value against field f and store it in rec.  Returns NULL, or
 * the reason it is refused.
 */
const char	*field_parse(struct import *, const struct field *f, void *rec,
		    struct json_object *value);

/* One section of the import file. */
struct section {
	const char		*name;		/* "citizens" */
	size_t			 recsize;
	const struct field	*fields;
	size_t			 nfields;
	/* References and checks across records; after all fields. */
	void			(*resolve)(struct import *, void *rec);
	enum store_err		(*save)(struct import *, void *rec);
	void			(*release)(void *rec);
};

extern const struct section sections[SECTION__MAX];

/* Add a problem line "LABEL: FIELD: reason" (field may be NULL). */
void	import_problem(struct import *, const struct record_head *,
	    const char *field, const char *fmt, ...)
	    __attribute__((format(printf, 4, 5)));

/* The record at index i of section sec. */
void	*import_record(struct import *, enum section_id sec, size_t i);

/* The record of section sec with external id ext in the file, or NULL. */
struct record_head *import_find(struct import *, enum section_id sec,
	    const char *ext);

/* import_save.c: the resolve/save/release functions of each section. */
void		 resolve_guidance(struct import *, void *);
void		 resolve_staff(struct import *, void *);
void		 resolve_citizen(struct import *, void *);
void		 resolve_agreement(struct import *, void *);
void		 resolve_meeting(struct import *, void *);
enum store_err	 save_guidance(struct import *, void *);
enum store_err	 save_staff(struct import *, void *);
enum store_err	 save_citizen(struct import *, void *);
enum store_err	 save_agreement(struct import *, void *);
enum store_err	 save_meeting(struct import *, void *);
/* Second pass over staff: deputies, once every staff member has an id. */
enum store_err	 save_staff_deputy(struct import *, void *);
void		 release_guidance(void *);
void		 release_staff(void *);
void		 release_citizen(void *);
void		 release_agreement(void *);
void		 release_meeting(void *);

#endif
