/*
 * log - the OpenBSD daemon logging interface, to stderr, one line per event.
 *
 * Lines are "LEVEL message"; messages are written as key=value pairs by
 * convention.  When stderr is not the journal (systemd's JOURNAL_STREAM
 * does not name it), each line starts with the local time in ISO 8601,
 * "2026-12-01T10:00:00.123+01:00 "; the journal keeps its own.  Never pass a message body, a code, a CPR number or a token.
 * Phone numbers go through log_phone() so only a masked form is printed.
 * Control characters in the formatted line are replaced by '?'.
 */
#ifndef MENTOR_LOG_H
#define MENTOR_LOG_H

#include <stdarg.h>
#include <stddef.h>

/*
 * Start logging; verbose enables log_debug.  Decides whether lines carry
 * a timestamp (stderr not the journal).
 */
void log_init(int foreground, int verbose);
void log_setverbose(int);
void log_warn(const char *, ...) __attribute__((format(printf, 1, 2)));
void log_warnx(const char *, ...) __attribute__((format(printf, 1, 2)));
void log_info(const char *, ...) __attribute__((format(printf, 1, 2)));
void log_debug(const char *, ...) __attribute__((format(printf, 1, 2)));
/* Log with errno and exit(1). */
void fatal(const char *, ...) __attribute__((format(printf, 1, 2), noreturn));
/* Log without errno and exit(1). */
void fatalx(const char *, ...) __attribute__((format(printf, 1, 2), noreturn));

/*
 * Mask a phone number for a log line: "+4520123456" -> "+45 20 xx xx 56";
 * anything else keeps its first 3 and last 2 characters.  Writes into buf
 * (LOG_PHONE_MAX bytes is enough) and returns it.
 */
#define LOG_PHONE_MAX 32
const char *log_phone(const char *number, char *buf, size_t len);

/* Tests: send log lines to this function instead of stderr (NULL: stderr). */
void	    log_set_sink(void (*)(const char *line));

#endif
