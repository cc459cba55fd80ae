/*
 * buf - a growable byte buffer, always NUL-terminated.
 * Allocation failure is fatal (fatalx): callers never check for it.
 */
#ifndef MENTOR_BUF_H
#define MENTOR_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char  *data; /* NUL-terminated; NULL until the first append */
	size_t len;  /* bytes used, not counting the NUL */
	size_t cap;  /* bytes allocated */
};

/* Append len bytes of p. */
void buf_append(struct buf *, const void *p, size_t len);
/* Append a NUL-terminated string. */
void buf_puts(struct buf *, const char *s);
/* Append one byte. */
void buf_putc(struct buf *, int c);
/* Append printf-style; never truncates. */
void buf_printf(struct buf *, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void buf_vprintf(struct buf *, const char *fmt, va_list)
    __attribute__((format(printf, 2, 0)));
/* Append s with HTML special characters (& < > " ') escaped. */
void	    buf_puts_html(struct buf *, const char *s);
/* The contents, "" when empty; owned by the buffer. */
const char *buf_str(const struct buf *);
/* Forget the contents, keep the memory. */
void	    buf_reset(struct buf *);
/* Free the memory (explicit_bzero first) and reset to empty. */
void	    buf_free(struct buf *);
/* Hand the contents to the caller (who frees them); the buffer is emptied. */
char	   *buf_take(struct buf *);

/*
 * A malloc'd copy of s, NULL for NULL (no struct buf: it is here because
 * allocation failure is fatal here too).  Caller frees.
 */
char	   *buf_strdup(const char *s);

#endif
