/*
 * cpr_input.c - a CPR number from the command line or, given as "-",
 * from standard input: one line from a pipe or a file, or typed at a
 * prompt without echo when standard input is a terminal.  A number on
 * the command line can be seen by every user of the machine in `ps` and
 * stays in the shell's history; "-" keeps it off the command line.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "cmd.h"

#define CPR_LINE_MAX 64 /* longest line taken as a CPR number */
#define CPR_PROMPT   "CPR number (not shown as you type): "

enum line_result {
	LINE_OK,
	LINE_EMPTY,  /* end of input before any character */
	LINE_LONG,   /* longer than CPR_LINE_MAX */
	LINE_ERROR,  /* read error */
	LINE_SIGNAL, /* a signal ended the prompt */
	LINE__MAX
};

static const char *const line_errors[LINE__MAX] = {
	[LINE_OK] = "ok",
	[LINE_EMPTY] = "no CPR number on standard input",
	[LINE_LONG] = "the line on standard input is too long for a CPR number",
	[LINE_ERROR] = "cannot read standard input",
	[LINE_SIGNAL] = "cancelled",
};

/* The signals that end or stop us while the prompt has echo off. */
static const int prompt_signals[] = { SIGINT, SIGQUIT, SIGTERM, SIGHUP, SIGTSTP,
	SIGTTIN, SIGTTOU };
#define PROMPT_NSIGNALS (sizeof(prompt_signals) / sizeof(prompt_signals[0]))

static volatile sig_atomic_t caught;	  /* a signal during the prompt */
static int		     stdin_taken; /* "-" was read once already */

/* During the prompt: note the signal; the prompt's read then ends. */
static void
prompt_on_signal(int signo)
{
	caught = signo;
}

/*
 * Read one line from fd into buf (len bytes, NUL-terminated, without
 * the line end), a byte at a time so no copy stays in a stdio buffer.
 * With waitmask, wait for input in ppoll() with that signal mask (the
 * caller blocks the prompt's signals otherwise, so one that comes just
 * before the wait still ends it).  Returns LINE_OK or why there is no
 * line.
 */
static enum line_result
line_read(int fd, char *buf, size_t len, const sigset_t *waitmask)
{
	struct pollfd pfd = { fd, POLLIN, 0 };
	size_t	      n = 0;
	ssize_t	      r;
	char	      c;
	int	      toolong = 0;

	for (;;) {
		if (waitmask != NULL && ppoll(&pfd, 1, NULL, waitmask) == -1) {
			if (errno == EINTR && !caught)
				continue;
			return caught ? LINE_SIGNAL : LINE_ERROR;
		}
		if ((r = read(fd, &c, 1)) == -1 && errno == EINTR)
			continue;
		if (r == -1)
			return LINE_ERROR;
		if (r == 0 || c == '\n')
			break;
		if (n + 1 < len)
			buf[n++] = c;
		else
			toolong = 1;
	}
	c = '\0';
	if (n > 0 && buf[n - 1] == '\r')
		n--;
	buf[n] = '\0';
	if (toolong)
		return LINE_LONG;
	return n == 0 && r == 0 ? LINE_EMPTY : LINE_OK;
}

/*
 * Prompt on stderr and read a line from the terminal fd with echo off.
 * The prompt's signals are blocked but while waiting for input; the
 * terminal's settings and the signal actions are put back before they
 * are unblocked, and a signal that came meanwhile is then raised again,
 * so Ctrl-C ends the program as it always does (a stop signal stops it,
 * and the prompt starts again when it continues).
 */
static enum line_result
prompt_read(int fd, char *buf, size_t len)
{
	struct termios	 old, quiet;
	struct sigaction sa, saved[PROMPT_NSIGNALS];
	sigset_t	 block, waitmask;
	enum line_result r;
	size_t		 i;
	int		 signo;

again:
	if (tcgetattr(fd, &old) == -1)
		return LINE_ERROR;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = prompt_on_signal;
	sigemptyset(&sa.sa_mask);
	sigemptyset(&block);
	for (i = 0; i < PROMPT_NSIGNALS; i++)
		sigaddset(&block, prompt_signals[i]);
	sigprocmask(SIG_BLOCK, &block, &waitmask);
	caught = 0;
	for (i = 0; i < PROMPT_NSIGNALS; i++) {
		sigaction(prompt_signals[i], NULL, &saved[i]);
		if (saved[i].sa_handler != SIG_IGN)
			sigaction(prompt_signals[i], &sa, NULL);
	}
	quiet = old;
	quiet.c_lflag &= ~(tcflag_t)(ECHO | ECHOE | ECHOK);
	quiet.c_lflag |= ECHONL;
	r = LINE_ERROR;
	if (tcsetattr(fd, TCSAFLUSH, &quiet) == 0) {
		fputs(CPR_PROMPT, stderr);
		fflush(stderr);
		r = line_read(fd, buf, len, &waitmask);
		(void)tcsetattr(fd, TCSAFLUSH, &old);
	}
	for (i = 0; i < PROMPT_NSIGNALS; i++)
		sigaction(prompt_signals[i], &saved[i], NULL);
	sigprocmask(SIG_SETMASK, &waitmask, NULL);
	if ((signo = caught) == 0)
		return r;
	explicit_bzero(buf, len);
	raise(signo);
	if (signo == SIGTSTP || signo == SIGTTIN || signo == SIGTTOU)
		goto again;
	return LINE_SIGNAL;
}

int
cpr_option(
    const struct ctx *ctx, const char *opt, const char *value, char hex[65])
{
	char		 line[CPR_LINE_MAX];
	const char	*why = NULL;
	enum line_result r;
	int		 rv = -1;

	if (strcmp(value, "-") != 0) {
		rv = cpr_to_hash(ctx, value, hex, &why);
		/* argv is ours to change: ps shows it no longer. */
		explicit_bzero((char *)value, strlen(value));
		if (rv == -1)
			errorx("%s: %s", opt, why);
		return rv;
	}
	if (stdin_taken++)
		return errorx("%s -: standard input has been read already; "
			      "only one option can be \"-\"",
			   opt),
		       -1;
	if (isatty(STDIN_FILENO))
		r = prompt_read(STDIN_FILENO, line, sizeof(line));
	else
		r = line_read(STDIN_FILENO, line, sizeof(line), NULL);
	if (r != LINE_OK)
		errorx("%s -: %s", opt, line_errors[r]);
	else if ((rv = cpr_to_hash(ctx, line, hex, &why)) == -1)
		errorx("%s -: %s", opt, why);
	explicit_bzero(line, sizeof(line));
	return rv;
}
