/*
 * fuzz_jsonflat.c - libFuzzer target for shared/jsonflat.c, against
 * json-c as the judge.
 *
 * Any bytes as one value: when jf_parse() takes them, json-c's strict
 * mode must take them too, to the last byte, and give the same tree
 * (types, numbers to the bit, strings with their length, keys, order);
 * when it declines, the bytes must be as they came (json-c reads them).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <json.h>

#include "jsonflat.h"

int		     LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static struct jf_doc ours, theirs;

/* Abort unless the trees at a (in ours) and b (in theirs) are the same. */
static void
same(const struct jf_value *a, const struct jf_value *b)
{
	const struct jf_value *x, *y;

	if (a->type != b->type || a->len != b->len ||
	    memcmp(&a->num, &b->num, sizeof(a->num)) != 0)
		abort();
	if ((a->key == NULL) != (b->key == NULL) ||
	    (a->key != NULL && strcmp(a->key, b->key) != 0))
		abort();
	if (a->type == JF_STRING &&
	    (memcmp(a->str, b->str, a->len) != 0 || a->str[a->len] != '\0'))
		abort();
	x = jf_first(&ours, a);
	y = jf_first(&theirs, b);
	for (; x != NULL && y != NULL;
	     x = jf_next(&ours, x), y = jf_next(&theirs, y))
		same(x, y);
	if (x != NULL || y != NULL)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct json_tokener *tok;
	struct json_object  *o;
	char		    *buf, *copy;

	if ((buf = malloc(size + 1)) == NULL ||
	    (copy = malloc(size + 1)) == NULL)
		abort();
	memcpy(buf, data, size);
	buf[size] = '\0';
	memcpy(copy, buf, size + 1);
	if ((tok = json_tokener_new()) == NULL)
		abort();
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
	if (jf_parse(&ours, buf, size) == 0) {
		/* As import_read.c asks json-c: with the NUL. */
		o = json_tokener_parse_ex(tok, copy, (int)size + 1);
		/* json-c's null is NULL. */
		if ((o == NULL && jf_root(&ours)->type != JF_NULL) ||
		    json_tokener_get_error(tok) != json_tokener_success ||
		    json_tokener_get_parse_end(tok) != size)
			abort();
		if (jf_from_json(&theirs, o) != 0)
			abort();
		same(jf_root(&ours), jf_root(&theirs));
		json_object_put(o);
	} else if (memcmp(buf, copy, size) != 0)
		abort();
	json_tokener_free(tok);
	free(buf);
	free(copy);
	return 0;
}
