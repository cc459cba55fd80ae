/*
 * audited.c - how mentorctl shows a citizen's data: the reads and their
 * audit rows in one write transaction, begun with BEGIN IMMEDIATE so it
 * waits for the daemons' writes instead of failing (a read transaction
 * that later wants to write cannot wait: SQLite answers "database is
 * locked" at once when another connection wrote in between), and what
 * the command prints held back in memory until the commit: nothing is
 * shown that was not audited.
 */
#include <sys/mman.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <json.h>

#include "cmd.h"
#include "store.h"

/* Standard output while it is held: the real one and the memory file. */
struct held {
	int saved; /* a copy of the real stdout */
	int mem;   /* what the command printed */
};

/* Send stdout to a memory file; 0, or -1 after an error line. */
static int
hold_start(struct held *h)
{
	fflush(stdout);
	h->saved = h->mem = -1;
	if ((h->mem = memfd_create("mentorctl-output", MFD_CLOEXEC)) == -1 ||
	    (h->saved = fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 3)) == -1 ||
	    dup2(h->mem, STDOUT_FILENO) == -1) {
		errorx("cannot hold the output: %s", strerror(errno));
		if (h->saved != -1)
			close(h->saved);
		if (h->mem != -1)
			close(h->mem);
		return -1;
	}
	return 0;
}

/* Write all of fd (from its start) to stdout; 0, or -1 on an error. */
static int
copy_out(int fd)
{
	char	chunk[16384];
	ssize_t n;
	int	rv = 0;

	if (lseek(fd, 0, SEEK_SET) == -1)
		return -1;
	while (rv == 0 && (n = read(fd, chunk, sizeof(chunk))) > 0)
		if (fwrite(chunk, 1, (size_t)n, stdout) != (size_t)n)
			rv = -1;
	explicit_bzero(chunk, sizeof(chunk));
	if (fflush(stdout) == EOF)
		rv = -1;
	return rv == 0 && n == 0 ? 0 : -1;
}

/*
 * Give stdout back; when show, write what was held to it first.
 * Returns 0, or -1 after an error line.
 */
static int
hold_end(struct held *h, int show)
{
	int rv = 0;

	fflush(stdout);
	if (dup2(h->saved, STDOUT_FILENO) == -1)
		rv = -1;
	else if (show && copy_out(h->mem) == -1)
		rv = -1;
	if (rv == -1)
		errorx("cannot write the output: %s", strerror(errno));
	close(h->saved);
	close(h->mem);
	return rv;
}

int
audited(struct ctx *ctx, const char *what, int (*run)(struct ctx *, void *),
    void *arg)
{
	struct held    h;
	enum store_err e;
	int	       rv;

	if ((e = store_begin(ctx->store)) != STORE_OK)
		return store_fail(ctx, what, e);
	if (hold_start(&h) == -1) {
		store_rollback(ctx->store);
		return CMD_FAIL;
	}
	if ((rv = run(ctx, arg)) != CMD_OK)
		store_rollback(ctx->store);
	else if ((e = store_commit(ctx->store)) != STORE_OK)
		rv = store_fail(ctx, what, e);
	if (hold_end(&h, rv == CMD_OK) == -1)
		rv = CMD_FAIL;
	return rv;
}

/* What audited_listing() hands to listing_run(). */
struct listing {
	int (*fill)(struct ctx *, void *, struct json_object *);
	void *arg;
	void (*line)(struct ctx *, struct json_object *);
};

/* audited() body of audited_listing(): fill, then print. */
static int
listing_run(struct ctx *ctx, void *arg)
{
	struct listing	   *l = arg;
	struct json_object *arr = json_object_new_array();
	size_t		    i;

	if (l->fill(ctx, l->arg, arr) == -1) {
		json_object_put(arr);
		return CMD_FAIL;
	}
	if (ctx->json) {
		json_print(arr);
		return CMD_OK;
	}
	for (i = 0; i < json_object_array_length(arr); i++)
		l->line(ctx, json_object_array_get_idx(arr, i));
	json_object_put(arr);
	return CMD_OK;
}

int
audited_listing(struct ctx *ctx, const char			  *what,
    int (*fill)(struct ctx *, void *, struct json_object *), void *arg,
    void (*line)(struct ctx *, struct json_object *))
{
	struct listing l = { fill, arg, line };

	return audited(ctx, what, listing_run, &l);
}
