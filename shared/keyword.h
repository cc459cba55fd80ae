/*
 * keyword - recognise the few words an SMS may consist of: STOP, START,
 * HJÆLP and staff's OK.
 *
 * Tolerant of case, accents (æ = ae, ä = ae, é = e ...), surrounding
 * whitespace and punctuation: "stop.", " Stop ", "HJÆLP!", "hjaelp",
 * "Ok 12", "OK #12".  A keyword must be the whole message: "stop it" is no
 * keyword (the same rule the providers use).  The words live in a table
 * in keyword.c.  Nothing here allocates.
 */
#ifndef MENTOR_KEYWORD_H
#define MENTOR_KEYWORD_H

#include <stddef.h>
#include <stdint.h>

enum keyword {
	KEYWORD_NONE = 0, /* ordinary text */
	KEYWORD_STOP,	  /* STOP, STOPP, AFMELD: reminders off */
	KEYWORD_START,	  /* START: reminders on */
	KEYWORD_HELP,	  /* HJÆLP, HJAELP, HELP, INFO */
	KEYWORD_OK,	  /* staff: OK or OK <request number> */
	KEYWORD__MAX
};

/* Longest message (bytes) that can still be a keyword. */
#define KEYWORD_TEXT_MAX 64

/*
 * Classify the len bytes of UTF-8 text.  For KEYWORD_OK *number (may be
 * NULL) gets the request number, 0 when none was given; it is set to 0
 * for every other result.
 */
enum keyword keyword_parse(const char *text, size_t len, int64_t *number);

/*
 * Fold the len bytes of UTF-8 text as keywords are matched: upper-case
 * ASCII letters and digits (Æ becomes AE, Ø OE, Å AA, é E ...), every run
 * of anything else one space.  Writes at most outlen - 1 bytes and a NUL
 * to out (outlen > 0) and returns the length it needed, like snprintf.
 */
size_t keyword_fold(const char *text, size_t len, char *out, size_t outlen);

/*
 * 1 if the len bytes of UTF-8 text are a short acknowledgement and
 * nothing else: "ok", "Ok tak!", "tak.", "Fint", "modtaget", "👍" (with
 * or without a skin tone), "ok 👍", in any case, with or without
 * punctuation (a table in keyword.c).  "Nej tak", "ok, ring i morgen" and
 * "ok 😢" are not.  0 otherwise.
 */
int    keyword_is_ack(const char *text, size_t len);

/* Lower-case name of kw ("stop", "start", "help", "ok", "none"). */
const char *keyword_name(enum keyword kw);

#endif
