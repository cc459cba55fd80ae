/*
 * country.c - ISO country codes and calling codes; see country.h.
 */
#include <stddef.h>
#include <strings.h>

#include "country.h"

/* The countries we can allow, by ISO 3166 code. */
static const struct {
	const char *iso;
	const char *code;
} countries[] = {
	{ "DK", "+45" },
	{ "FO", "+298" },
	{ "GL", "+299" },
	{ "SE", "+46" },
	{ "NO", "+47" },
	{ "FI", "+358" },
	{ "IS", "+354" },
	{ "DE", "+49" },
	{ "NL", "+31" },
	{ "PL", "+48" },
	{ "GB", "+44" },
};

/* See country.h. */
const char *
country_calling_code(const char *iso)
{
	size_t i;

	for (i = 0; iso != NULL && i < sizeof(countries) / sizeof(countries[0]);
	     i++)
		if (strcasecmp(countries[i].iso, iso) == 0)
			return countries[i].code;
	return NULL;
}
