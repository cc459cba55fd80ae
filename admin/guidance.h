/*
 * guidance.h - the default complaint guidance texts that `mentorctl init`
 * stores.  They are data: a municipality replaces them through the
 * import file ("guidance" records) or edits them here before building.
 */
#ifndef MENTOR_ADMIN_GUIDANCE_H
#define MENTOR_ADMIN_GUIDANCE_H

#include <stddef.h>

struct guidance_text {
	const char *key;
	const char *language;
	const char *title;
	const char *appeal;	     /* appeal of a decision */
	const char *dissatisfaction; /* about mentor or service */
	const char *help;	     /* where to get help */
};

#define GUIDANCE_DEFAULT_KEY "default"

extern const struct guidance_text guidance_defaults[];
extern const size_t		  guidance_defaults_count;

#endif
