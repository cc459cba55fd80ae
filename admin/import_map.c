/*
 * import_map.c - the import's lookups by id: a string-keyed hash table
 * (open addressing, linear probing, a seeded hash so a file cannot choose
 * its collisions).  See import.h.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "crypto.h"
#include "import.h"
#include "log.h"

#define MAP_MIN_SLOTS 64

/* FNV-1a over s with a random start, then a final mix. */
static uint64_t
map_hash(const struct import_map *m, const char *s)
{
	uint64_t h = m->seed;

	for (; *s != '\0'; s++) {
		h ^= (unsigned char)*s;
		h *= 0x100000001b3ULL;
	}
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	return h;
}

/* The slot holding key, or the empty slot where it would go. */
static struct import_map_slot *
map_slot(const struct import_map *m, const char *key, uint64_t h)
{
	size_t i = (size_t)h & (m->nslots - 1);

	while (m->slots[i].key != NULL &&
	    (m->slots[i].hash != h || strcmp(m->slots[i].key, key) != 0))
		i = (i + 1) & (m->nslots - 1);
	return &m->slots[i];
}

/* Make the table nslots big (a power of two) and re-insert every entry. */
static void
map_resize(struct import_map *m, size_t nslots)
{
	struct import_map_slot *old = m->slots, *s;
	size_t			oldn = m->nslots, i;

	if (m->seed == 0 &&
	    crypto_random_bytes(&m->seed, sizeof(m->seed)) == -1)
		fatalx("no random bytes for the import's tables");
	m->seed |= 1;
	m->nslots = nslots;
	if ((m->slots = calloc(m->nslots, sizeof(*m->slots))) == NULL)
		fatal("calloc");
	for (i = 0; i < oldn; i++) {
		if (old[i].key == NULL)
			continue;
		s = map_slot(m, old[i].key, old[i].hash);
		*s = old[i];
	}
	free(old);
}

struct import_map_slot *
import_map_get(const struct import_map *m, const char *key)
{
	struct import_map_slot *s;

	if (m->nslots == 0)
		return NULL;
	s = map_slot(m, key, map_hash(m, key));
	return s->key != NULL ? s : NULL;
}

struct import_map_slot *
import_map_put(struct import_map *m, const char *key, int *added)
{
	struct import_map_slot *s;
	uint64_t		h;

	if ((m->used + 1) * 2 > m->nslots)
		map_resize(m, m->nslots ? m->nslots * 2 : MAP_MIN_SLOTS);
	h = map_hash(m, key);
	s = map_slot(m, key, h);
	*added = s->key == NULL;
	if (*added) {
		if (m->owns_keys) {
			if ((s->key = strdup(key)) == NULL)
				fatal("strdup");
		} else
			s->key = key;
		s->hash = h;
		m->used++;
	}
	return s;
}

void
import_map_reserve(struct import_map *m, size_t n)
{
	size_t want = MAP_MIN_SLOTS;

	while (want < 2 * n && want < SIZE_MAX / 4)
		want *= 2;
	if (want > m->nslots)
		map_resize(m, want);
}

void
import_map_free(struct import_map *m)
{
	size_t i;

	for (i = 0; i < m->nslots; i++) {
		if (m->owns_keys && m->slots[i].key != NULL) {
			explicit_bzero(
			    (char *)m->slots[i].key, strlen(m->slots[i].key));
			free((char *)m->slots[i].key);
		}
		if (m->owns_values)
			free(m->slots[i].rec);
	}
	free(m->slots);
	memset(m, 0, sizeof(*m));
}
