/*
 * country - the countries a Danish municipality is likely to text, by
 * ISO 3166 code, with their calling codes.  The [contact]
 * reply_countries check (config_table.c) and the reply guard (replyguard.c)
 * both read this table.  Nothing here allocates.
 */
#ifndef MENTOR_COUNTRY_H
#define MENTOR_COUNTRY_H

/*
 * The calling code ("+45") of the country with ISO 3166 code iso ("DK",
 * any case), or NULL when the table does not know it.  Static storage.
 */
const char *country_calling_code(const char *iso);

#endif
