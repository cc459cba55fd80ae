/*
 * utf8.c - strict UTF-8 decoding and encoding.  See utf8.h.
 */
#include <stddef.h>

#include "utf8.h"

#define UNICODE_MAX 0x10ffffu

/*
 * UTF-8 sequences by length: the range of valid lead bytes, the marker
 * bits and payload mask of the lead byte, and the smallest code point
 * that may use this length (anything smaller is overlong).  Lead bytes
 * 0x80-0xc1 and 0xf5-0xff appear in no row.
 */
static const struct {
	unsigned char first, last;
	size_t	      len;
	unsigned char marker, mask;
	unsigned int  min;
} utf8_leads[] = {
	{ 0x00, 0x7f, 1, 0x00, 0x7f, 0x0000 },
	{ 0xc2, 0xdf, 2, 0xc0, 0x1f, 0x0080 },
	{ 0xe0, 0xef, 3, 0xe0, 0x0f, 0x0800 },
	{ 0xf0, 0xf4, 4, 0xf0, 0x07, 0x10000 },
};

#define UTF8_ROWS (sizeof(utf8_leads) / sizeof(utf8_leads[0]))

size_t
utf8_encode(unsigned int cp, char out[5])
{
	size_t i, n;

	out[0] = '\0';
	if (cp > UNICODE_MAX || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	for (n = 1; n < 4 && cp >= utf8_leads[n].min; n++)
		;
	for (i = n - 1; i > 0; i--) {
		out[i] = (char)(0x80 | (cp & 0x3f));
		cp >>= 6;
	}
	out[0] = (char)(utf8_leads[n - 1].marker | cp);
	out[n] = '\0';
	return n;
}

size_t
utf8_decode(const unsigned char *s, size_t len, unsigned int *cp)
{
	unsigned int v;
	size_t	     row, i, n;

	if (len == 0)
		return 0;
	for (row = 0; row < UTF8_ROWS; row++)
		if (s[0] >= utf8_leads[row].first &&
		    s[0] <= utf8_leads[row].last)
			break;
	if (row == UTF8_ROWS || (n = utf8_leads[row].len) > len)
		return 0;
	v = s[0] & utf8_leads[row].mask;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		v = v << 6 | (s[i] & 0x3f);
	}
	if (v < utf8_leads[row].min || v > UNICODE_MAX ||
	    (v >= 0xd800 && v <= 0xdfff))
		return 0;
	if (cp != NULL)
		*cp = v;
	return n;
}
