/*
 * log.c - stderr logging in the OpenBSD style (see log.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "log.h"

static int	 log_verbose;
static void	(*log_sink)(const char *);

static void	 log_write(const char *, int, const char *, va_list)
		    __attribute__((format(printf, 3, 0)));

void
log_init(int foreground, int verbose)
{
	(void)foreground;	/* always stderr; systemd/journald collects it */
	log_verbose = verbose;
}

void
log_setverbose(int v)
{
	log_verbose = v;
}

void
log_set_sink(void (*sink)(const char *))
{
	log_sink = sink;
}

/*
 * Format one line, strip control characters, add errno text when
 * errnum is not 0, and write it.
 */
static void
log_write(const char *level, int errnum, const char *fmt, va_list ap)
{
	char	 line[1024];
	size_t	 n, i;
	int	 r;

	r = snprintf(line, sizeof(line), "%s ", level);
	n = r < 0 ? 0 : (size_t)r;
	r = vsnprintf(line + n, sizeof(line) - n, fmt, ap);
	if (r > 0)
		n += (size_t)r;
	if (n >= sizeof(line))
		n = sizeof(line) - 1;
	if (errnum != 0)
		snprintf(line + n, sizeof(line) - n, ": %s", strerror(errnum));
	for (i = 0; line[i] != '\0'; i++)
		if ((unsigned char)line[i] < 0x20 || line[i] == 0x7f)
			line[i] = '?';
	if (log_sink != NULL) {
		log_sink(line);
		return;
	}
	fprintf(stderr, "%s\n", line);
	fflush(stderr);
}

void
log_warn(const char *fmt, ...)
{
	va_list	 ap;
	int	 saved = errno;

	va_start(ap, fmt);
	log_write("warning", saved, fmt, ap);
	va_end(ap);
	errno = saved;
}

void
log_warnx(const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	log_write("warning", 0, fmt, ap);
	va_end(ap);
}

void
log_info(const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	log_write("info", 0, fmt, ap);
	va_end(ap);
}

void
log_debug(const char *fmt, ...)
{
	va_list	 ap;

	if (!log_verbose)
		return;
	va_start(ap, fmt);
	log_write("debug", 0, fmt, ap);
	va_end(ap);
}

void
fatal(const char *fmt, ...)
{
	va_list	 ap;
	int	 saved = errno;

	va_start(ap, fmt);
	log_write("fatal", saved, fmt, ap);
	va_end(ap);
	exit(1);
}

void
fatalx(const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	log_write("fatal", 0, fmt, ap);
	va_end(ap);
	exit(1);
}

const char *
log_phone(const char *number, char *buf, size_t len)
{
	size_t	 n;

	if (len == 0)
		return buf;
	if (number == NULL) {
		snprintf(buf, len, "-");
		return buf;
	}
	n = strlen(number);
	if (n == 11 && strncmp(number, "+45", 3) == 0) {
		snprintf(buf, len, "+45 %.2s xx xx %.2s", number + 3, number + 9);
		return buf;
	}
	if (n <= 5) {
		snprintf(buf, len, "xxxxx");
		return buf;
	}
	snprintf(buf, len, "%.3s...%.2s", number, number + n - 2);
	return buf;
}
