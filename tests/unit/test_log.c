/*
 * test_log.c - unit tests for shared/log.c: masking, stripping, and the
 * timestamp on a stderr that is not the journal.
 */
#include <sys/stat.h>

#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "log.h"

static char last[1100];

static void
sink(const char *line)
{
	snprintf(last, sizeof(last), "%s", line);
}

static void
test_phone_mask(void **state)
{
	char b[LOG_PHONE_MAX];

	(void)state;
	assert_string_equal(
	    log_phone("+4520123456", b, sizeof(b)), "+45 20 xx xx 56");
	assert_string_equal(
	    log_phone("+447911123456", b, sizeof(b)), "+44...56");
	assert_string_equal(log_phone("1204", b, sizeof(b)), "xxxxx");
	assert_string_equal(log_phone(NULL, b, sizeof(b)), "-");
	assert_null(strstr(log_phone("+4520123456", b, sizeof(b)), "1234"));
}

static void
test_levels_and_control_chars(void **state)
{
	(void)state;
	log_set_sink(sink);
	log_init(1, 0);
	log_info("event=x text=%s", "a\nb\x1b[31m");
	assert_string_equal(last, "info event=x text=a?b?[31m");
	last[0] = '\0';
	log_debug("hidden");
	assert_string_equal(last, "");
	log_setverbose(1);
	log_debug("shown=%d", 1);
	assert_string_equal(last, "debug shown=1");
	log_warnx("w");
	assert_string_equal(last, "warning w");
	log_set_sink(NULL);
}

/*
 * Log one line with stderr sent to a fresh file; journal says whether
 * JOURNAL_STREAM names that file (as systemd does for the journal), or
 * is set to another stream, or is unset (-1).  The line into out.
 */
static void
log_to_file(int journal, char *out, size_t outlen)
{
	char	    path[] = "/tmp/test-log-XXXXXX", js[64];
	struct stat st;
	int	    fd, saved;
	ssize_t	    n;

	assert_true((fd = mkstemp(path)) >= 0);
	assert_int_equal(fstat(fd, &st), 0);
	if (journal == -1)
		unsetenv("JOURNAL_STREAM");
	else {
		snprintf(js, sizeof(js), "%llu:%llu",
		    (unsigned long long)st.st_dev,
		    (unsigned long long)st.st_ino + (journal ? 0 : 1));
		setenv("JOURNAL_STREAM", js, 1);
	}
	fflush(stderr);
	saved = dup(2);
	dup2(fd, 2);
	log_init(1, 0);
	log_info("event=stamp");
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	n = pread(fd, out, outlen - 1, 0);
	out[n > 0 ? n : 0] = '\0';
	close(fd);
	unlink(path);
	unsetenv("JOURNAL_STREAM");
}

/* 1 if l is "2026-12-01T10:00:00.123+01:00 info event=stamp\n". */
static int
is_stamped(const char *l)
{
	static const char shape[] = "dddd-dd-ddTdd:dd:dd.ddd+dd:dd";
	size_t		  i;

	for (i = 0; shape[i] != '\0'; i++) {
		if (shape[i] == 'd'	  ? l[i] < '0' || l[i] > '9'
			: shape[i] == '+' ? l[i] != '+' && l[i] != '-'
					  : l[i] != shape[i])
			return 0;
	}
	return strcmp(l + i, " info event=stamp\n") == 0;
}

static void
test_timestamp_unless_journal(void **state)
{
	char line[256];

	(void)state;
	log_to_file(-1, line, sizeof(line));
	printf("JOURNAL_STREAM unset: %s", line);
	assert_true(is_stamped(line));
	log_to_file(0, line, sizeof(line));
	printf("JOURNAL_STREAM another stream: %s", line);
	assert_true(is_stamped(line));
	log_to_file(1, line, sizeof(line));
	printf("JOURNAL_STREAM this stream: %s", line);
	assert_string_equal(line, "info event=stamp\n");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_phone_mask),
		cmocka_unit_test(test_levels_and_control_chars),
		cmocka_unit_test(test_timestamp_unless_journal),
	};

	return cmocka_run_group_tests_name("log", tests, NULL, NULL);
}
