/*
 * utf8 - strict UTF-8: the one decoder and encoder of the tree (the SMS
 * encoder, the webhook parser and mentorctl's text checks use it).
 * Strict means no overlong forms, no surrogates (U+D800-U+DFFF), nothing
 * above U+10FFFF and no sequence cut short.  Nothing here allocates.
 */
#ifndef MENTOR_UTF8_H
#define MENTOR_UTF8_H

#include <stddef.h>

/*
 * Decode one code point from the len bytes at s into *cp (may be NULL).
 * Returns the bytes used (1-4), or 0 when len is 0 or the bytes do not
 * start a strict UTF-8 sequence.
 */
size_t utf8_decode(const unsigned char *s, size_t len, unsigned int *cp);

/*
 * Write cp as UTF-8 and a NUL into out; returns the number of bytes
 * (1-4), or 0 with out "" for a surrogate or a value above U+10FFFF.
 */
size_t utf8_encode(unsigned int cp, char out[5]);

#endif
