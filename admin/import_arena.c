/*
 * import_arena.c - the memory of an import's records: every string a
 * record holds comes from an arena that is given back whole when the
 * import ends, and the big arrays are backed by huge pages where the
 * kernel offers them (madvise, transparent huge pages).  A 100,000
 * citizen file makes millions of small strings: one malloc and one free
 * each, and a page fault every 4 KiB, cost more than reading them.  See
 * import.h.
 */
#include <sys/mman.h>

#include <malloc.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "import.h"
#include "log.h"

#define ARENA_BLOCK (8 * 1024 * 1024) /* bytes; a record is < 1 MiB */
#define ARENA_ALIGN sizeof(void *)

/* A block of the arena: its header, then the bytes handed out. */
struct import_arena_block {
	struct import_arena_block *next;
	size_t			   size; /* of the whole mapping */
};

/* See import.h. */
void
import_advise_huge(void *p, size_t len)
{
	uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
	uintptr_t start = ((uintptr_t)p + page - 1) & ~(page - 1);
	uintptr_t end = ((uintptr_t)p + len) & ~(page - 1);

	/* Only a hint: without huge pages the memory works the same. */
	if (end > start)
		(void)madvise((void *)start, end - start, MADV_HUGEPAGE);
}

/* See import.h. */
void *
import_array_grow(void *p, size_t old, size_t size)
{
	void *q;

	if (p == NULL)
		q = mmap(NULL, size, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	else /* one mapping, moved or grown by the kernel: nothing copied */
		q = mremap(p, old, size, MREMAP_MAYMOVE);
	if (q == MAP_FAILED)
		fatal("mmap");
	import_advise_huge(q, size);
	return q;
}

/* See import.h. */
void
import_array_free(void *p, size_t size)
{
	if (p != NULL)
		(void)munmap(p, size);
}

/* See import.h. */
void
import_heap_huge(size_t bytes)
{
	void  *block[IMPORT_HEAP_BLOCKS];
	size_t i, n = bytes / IMPORT_HEAP_BLOCK;

	if (n > IMPORT_HEAP_BLOCKS)
		n = IMPORT_HEAP_BLOCKS;
	/*
	 * Blocks this size come from the heap (glibc mmaps nothing under
	 * M_MMAP_THRESHOLD), are advised, and go back to it (kept: the trim
	 * threshold is above them), untouched: no memory is used until
	 * SQLite's pages and the parser take it, in huge pages.
	 */
	(void)mallopt(M_MMAP_THRESHOLD, 2 * IMPORT_HEAP_BLOCK);
	(void)mallopt(M_TRIM_THRESHOLD, (int)(bytes + IMPORT_HEAP_BLOCK));
	for (i = 0; i < n; i++)
		if ((block[i] = malloc(IMPORT_HEAP_BLOCK)) != NULL)
			import_advise_huge(block[i], IMPORT_HEAP_BLOCK);
	for (i = 0; i < n; i++)
		free(block[i]);
}

/* Map a new block of at least n usable bytes and make it current. */
static void
arena_grow(struct import_arena *a, size_t n)
{
	struct import_arena_block *b;
	size_t			   size = ARENA_BLOCK;

	while (size - sizeof(*b) < n)
		size *= 2;
	b = mmap(NULL, size, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (b == MAP_FAILED)
		fatal("mmap");
	import_advise_huge(b, size);
	b->next = a->blocks;
	b->size = size;
	a->blocks = b;
	a->next = (char *)(b + 1);
	a->left = size - sizeof(*b);
}

/* See import.h. */
void *
import_alloc(struct import_arena *a, size_t n)
{
	void *p;

	n = (n + ARENA_ALIGN - 1) & ~(ARENA_ALIGN - 1);
	if (n > a->left)
		arena_grow(a, n);
	p = a->next;
	a->next += n;
	a->left -= n;
	return p; /* fresh mapped memory: zero */
}

/* See import.h. */
char *
import_strdup(struct import_arena *a, const char *s)
{
	size_t n = strlen(s) + 1;

	return memcpy(import_alloc(a, n), s, n);
}

/* See import.h. */
void
import_arena_free(struct import_arena *a)
{
	struct import_arena_block *b;

	while ((b = a->blocks) != NULL) {
		a->blocks = b->next;
		(void)munmap(b, b->size); /* the kernel wipes the pages */
	}
	memset(a, 0, sizeof(*a));
}
