/*
 * schema - the migrations from schema/NNNN_name.sql, embedded at build time by
 * scripts/embed-schema.sh.
 */
#ifndef MENTOR_SCHEMA_H
#define MENTOR_SCHEMA_H

#include <stddef.h>

/* "ML" "ok" in ASCII: marks a SQLite file as Mentorlink's. */
#define SCHEMA_APPLICATION_ID 0x4d4c6f6b

struct schema_migration {
	int	    version; /* user_version after it ran */
	const char *name;    /* file name without .sql */
	const char *sql;
};

extern const struct schema_migration schema_migrations[];
extern const size_t		     schema_migrations_count;

#endif
