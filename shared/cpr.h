/*
 * cpr - Danish CPR numbers (personal identity numbers): strict parsing
 * and keyed hashing.  A CPR number is never stored or logged in clear;
 * only its HMAC (cpr_hash) is kept.
 */
#ifndef MENTOR_CPR_H
#define MENTOR_CPR_H

#include <stddef.h>

#define CPR_LEN	     10 /* digits */
#define CPR_HASH_HEX 65 /* 64 hex characters and a NUL */

enum cpr_err {
	CPR_OK = 0,
	CPR_EMPTY,  /* nothing but spaces */
	CPR_CHARS,  /* letters, other characters or a misplaced dash */
	CPR_LENGTH, /* not 10 digits */
	CPR_DATE,   /* the first six digits are no calendar date */
	CPR__MAX
};

/* A short English reason for err; never NULL. */
const char  *cpr_strerror(enum cpr_err err);

/*
 * Parse "DDMMYYSSSS" or "DDMMYY-SSSS", optionally surrounded by spaces or
 * tabs, and check that the birth date exists (the century comes from the
 * 7th digit, see cpr_birth_year).  There is no modulus-11 check: numbers
 * issued since 2007 need not pass it.  On CPR_OK out holds the 10 digits
 * and a NUL; otherwise out is "".
 */
enum cpr_err cpr_parse(const char *in, char out[CPR_LEN + 1]);

/*
 * The four-digit birth year of a parsed CPR number (10 digits), from its
 * two-digit year and the 7th digit by the official table: 0-3 -> 1900s;
 * 4 and 9 -> 2000s when the year is 00-36, else 1900s; 5-8 -> 2000s when
 * the year is 00-57, else 1800s.
 */
int	     cpr_birth_year(const char cpr10[CPR_LEN + 1]);

/*
 * HMAC-SHA256 of the 10 digits under key, as 64 lower-case hex
 * characters and a NUL in hex_out.
 */
void cpr_hash(const void *key, size_t keylen, const char cpr10[CPR_LEN + 1],
    char hex_out[CPR_HASH_HEX]);

#endif
