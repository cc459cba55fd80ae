/*
 * fuzz_keyword.c - libFuzzer target for shared/keyword.c.
 *
 * Any bytes: the result is a known keyword; a request number comes only
 * with KEYWORD_OK and stays within 9 digits; texts longer than
 * KEYWORD_TEXT_MAX are never keywords nor acknowledgements; the parse is
 * deterministic.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "keyword.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char  *s = (const char *)data;
	enum keyword kw, again;
	int64_t	     n = -1, m = -1;

	kw = keyword_parse(s, size, &n);
	if ((unsigned)kw >= KEYWORD__MAX || keyword_name(kw) == NULL)
		abort();
	if (n < 0 || n > 999999999 || (kw != KEYWORD_OK && n != 0))
		abort();
	if (size > KEYWORD_TEXT_MAX && kw != KEYWORD_NONE)
		abort();
	again = keyword_parse(s, size, &m);
	if (again != kw || m != n)
		abort();
	(void)keyword_parse(s, size, NULL);
	/* An acknowledgement is short, and the answer deterministic. */
	if (keyword_is_ack(s, size) != keyword_is_ack(s, size) ||
	    (size > KEYWORD_TEXT_MAX && keyword_is_ack(s, size)))
		abort();
	return 0;
}
