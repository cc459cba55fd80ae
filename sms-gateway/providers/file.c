/*
 * file.c - owns the `file` provider (no webhooks): append each message as one JSON line
 * {"id","to","body","encoding","segments","at"} to [sms] file_path.
 * Never touches the network, so the whole system runs with no account.
 *
 * Durability: a batch (at most max_in_flight messages) is written with
 * one write() and made durable with one fdatasync() before the sender
 * records the messages as sent; a crash in between shows those ids twice
 * in the file, never a message lost.  A line a crash cut short is ended
 * at the next start, so it never swallows the next message.  The file is
 * created 0600: it holds message bodies.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <json-c/json.h>

#include "buf.h"
#include "clock.h"
#include "config.h"
#include "log.h"
#include "provider.h"
#include "sms_file.h"
#include "store_outbox.h"

struct file_ctx {
	int	   fd;
	char	  *path;
	struct buf out; /* the batch being written */
};

static int write_all(int, const char *, size_t);

/*
 * If the file's last line has no newline (a crash cut a write short),
 * end it, so that the next line starts on its own.  0, or -1 with errno.
 */
static int
end_torn_line(int fd)
{
	struct stat sb;
	char	    last;

	if (fstat(fd, &sb) == -1)
		return -1;
	if (sb.st_size == 0)
		return 0;
	if (pread(fd, &last, 1, sb.st_size - 1) != 1)
		return -1;
	return last == '\n' ? 0 : write_all(fd, "\n", 1);
}

/*
 * Open the output file for appending.  Returns 0 or -1 with err set.
 */
static int
file_init(void **ctxp, const struct config *cfg, char *err, size_t errlen)
{
	const char	*path = sms_file_path(cfg);
	struct file_ctx *ctx;

	if ((ctx = calloc(1, sizeof(*ctx))) == NULL)
		fatal("calloc");
	ctx->fd = open(path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
	if (ctx->fd == -1 || end_torn_line(ctx->fd) == -1) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		if (ctx->fd != -1)
			close(ctx->fd);
		free(ctx);
		return -1;
	}
	if ((ctx->path = strdup(path)) == NULL)
		fatal("strdup");
	*ctxp = ctx;
	return 0;
}

static void
file_free(void *p)
{
	struct file_ctx *ctx = p;

	if (ctx == NULL)
		return;
	close(ctx->fd);
	buf_free(&ctx->out);
	free(ctx->path);
	free(ctx);
}

/*
 * Append the JSON line for one message to ctx->out.
 */
static void
file_line(struct file_ctx *ctx, const struct outbox_claim *c, time_t now)
{
	struct json_object *o;
	char		    at[CLOCK_ISO_UTC_LEN];

	clock_format_iso_utc(now, at);
	if ((o = json_object_new_object()) == NULL)
		fatalx("json_object_new_object");
	json_object_object_add(o, "id", json_object_new_int64(c->id));
	json_object_object_add(o, "to", json_object_new_string(c->recipient));
	json_object_object_add(o, "body", json_object_new_string(c->body));
	json_object_object_add(
	    o, "encoding", json_object_new_string(c->encoding));
	json_object_object_add(o, "segments", json_object_new_int(c->segments));
	json_object_object_add(o, "at", json_object_new_string(at));
	buf_puts(&ctx->out,
	    json_object_to_json_string_ext(
		o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
	buf_putc(&ctx->out, '\n');
	json_object_put(o);
}

/*
 * Write the whole buffer; 0 or -1 with errno.
 */
static int
write_all(int fd, const char *p, size_t len)
{
	ssize_t w;

	while (len > 0) {
		if ((w = write(fd, p, len)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		len -= (size_t)w;
	}
	return 0;
}

/*
 * Append n messages and make them durable; every result is accepted, or
 * every one retryable when the file cannot be written.
 */
static void
file_deliver(
    void *p, const struct outbox_claim *c, size_t n, struct send_result *res)
{
	struct file_ctx *ctx = p;
	time_t		 now = clock_now();
	size_t		 i;
	int		 failed = 0;

	buf_reset(&ctx->out);
	for (i = 0; i < n; i++)
		file_line(ctx, &c[i], now);
	if (write_all(ctx->fd, buf_str(&ctx->out), ctx->out.len) == -1 ||
	    fdatasync(ctx->fd) == -1) {
		log_warn("file provider: %s", ctx->path);
		failed = 1;
	}
	for (i = 0; i < n; i++) {
		memset(&res[i], 0, sizeof(res[i]));
		res[i].cls = failed ? SEND_RETRY : SEND_ACCEPTED;
		if (failed)
			snprintf(res[i].reason, sizeof(res[i].reason),
			    "cannot write the output file");
		else
			snprintf(res[i].provider_id, sizeof(res[i].provider_id),
			    "file-%lld", (long long)c[i].id);
	}
	/* The buffer held message bodies. */
	buf_free(&ctx->out);
}

const struct provider provider_file = {
	.name = "file",
	.http = 0,
	.max_batch = 0,
	.init = file_init,
	.free = file_free,
	.deliver = file_deliver,
};
