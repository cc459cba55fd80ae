/*
 * log.c - stderr logging in the OpenBSD style (see log.h).
 */
#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "log.h"

/* "2026-12-01T10:00:00.123+01:00 " */
#define LOG_STAMP_MAX 64

static int log_verbose;
static int log_stamped = -1; /* -1: not decided yet */
static void (*log_sink)(const char *);

static void log_write(const char *, int, const char *, va_list)
    __attribute__((format(printf, 3, 0)));

/*
 * 1 when stderr is the journal: systemd sets JOURNAL_STREAM to the
 * "device:inode" of the stream it connected to stderr.
 */
static int
log_stderr_is_journal(void)
{
	const char	  *js = getenv("JOURNAL_STREAM");
	struct stat	   st;
	unsigned long long dev, ino;
	char		  *end;

	if (js == NULL || *js == '\0' || fstat(STDERR_FILENO, &st) == -1)
		return 0;
	errno = 0;
	dev = strtoull(js, &end, 10);
	if (errno != 0 || end == js || *end != ':')
		return 0;
	js = end + 1;
	ino = strtoull(js, &end, 10);
	if (errno != 0 || end == js || *end != '\0')
		return 0;
	return dev == (unsigned long long)st.st_dev &&
	    ino == (unsigned long long)st.st_ino;
}

void
log_init(int foreground, int verbose)
{
	(void)foreground; /* always stderr; systemd/journald collects it */
	log_verbose = verbose;
	log_stamped = !log_stderr_is_journal();
}

/*
 * Write the local time with milliseconds and UTC offset, ISO 8601, and
 * a space into buf (LOG_STAMP_MAX bytes).  The real clock, never the
 * settable one of the tests.
 */
static void
log_stamp(char *buf, size_t len)
{
	struct timespec ts;
	struct tm	tm;
	char		day[24], zone[8];

	clock_gettime(CLOCK_REALTIME, &ts);
	if (localtime_r(&ts.tv_sec, &tm) == NULL ||
	    strftime(day, sizeof(day), "%Y-%m-%dT%H:%M:%S", &tm) == 0 ||
	    strftime(zone, sizeof(zone), "%z", &tm) != 5) {
		buf[0] = '\0';
		return;
	}
	snprintf(buf, len, "%s.%03ld%.3s:%s ", day, ts.tv_nsec / 1000000L, zone,
	    zone + 3);
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
	char   line[1024], stamp[LOG_STAMP_MAX];
	size_t n, i;
	int    r;

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
	if (log_stamped == -1)
		log_stamped = !log_stderr_is_journal();
	stamp[0] = '\0';
	if (log_stamped)
		log_stamp(stamp, sizeof(stamp));
	fprintf(stderr, "%s%s\n", stamp, line);
	fflush(stderr);
}

void
log_warn(const char *fmt, ...)
{
	va_list ap;
	int	saved = errno;

	va_start(ap, fmt);
	log_write("warning", saved, fmt, ap);
	va_end(ap);
	errno = saved;
}

void
log_warnx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_write("warning", 0, fmt, ap);
	va_end(ap);
}

void
log_info(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_write("info", 0, fmt, ap);
	va_end(ap);
}

void
log_debug(const char *fmt, ...)
{
	va_list ap;

	if (!log_verbose)
		return;
	va_start(ap, fmt);
	log_write("debug", 0, fmt, ap);
	va_end(ap);
}

void
fatal(const char *fmt, ...)
{
	va_list ap;
	int	saved = errno;

	va_start(ap, fmt);
	log_write("fatal", saved, fmt, ap);
	va_end(ap);
	exit(1);
}

void
fatalx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_write("fatal", 0, fmt, ap);
	va_end(ap);
	exit(1);
}

const char *
log_phone(const char *number, char *buf, size_t len)
{
	size_t n;

	if (len == 0)
		return buf;
	if (number == NULL) {
		snprintf(buf, len, "-");
		return buf;
	}
	n = strlen(number);
	if (n == 11 && strncmp(number, "+45", 3) == 0) {
		snprintf(
		    buf, len, "+45 %.2s xx xx %.2s", number + 3, number + 9);
		return buf;
	}
	if (n <= 5) {
		snprintf(buf, len, "xxxxx");
		return buf;
	}
	snprintf(buf, len, "%.3s...%.2s", number, number + n - 2);
	return buf;
}
