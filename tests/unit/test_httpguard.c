/*
 * test_httpguard.c - unit tests for shared/httpguard.c on a small
 * libmicrohttpd server of its own (127.0.0.1, port 0, tight limits):
 * the framing rules, the waiting share of one address, the reserve for
 * new clients, the request timeout, and that a request already in the
 * socket is never pushed out.
 */
#include <sys/socket.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <errno.h>
#include <poll.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <microhttpd.h>

#include "httpguard.h"

static const struct httpguard_limits limits = {
	.connections = 8,
	.per_address = 6,
	.waiting_per_address = 2,
	.reserve = 2,
	.request_timeout = 1,
	.idle_timeout = 30,
};

struct server {
	struct httpguard  *g;
	struct MHD_Daemon *d;
	int		   port;
};

/* Access handler: refuse bad framing; answer "ok" once a request is in. */
static enum MHD_Result
serve(void *cls, struct MHD_Connection *c, const char *url, const char *method,
    const char *version, const char *data, size_t *size, void **ctx)
{
	static int	     seen;
	struct MHD_Response *r;
	enum MHD_Result	     ret;

	if (*ctx == NULL) {
		*ctx = &seen;
		return httpguard_head_in(c) ? MHD_YES : httpguard_refuse(c);
	}
	if (*size > 0) {
		*size = 0;
		return MHD_YES;
	}
	httpguard_received(c);
	r = MHD_create_response_from_buffer(
	    3, (void *)"ok\n", MHD_RESPMEM_PERSISTENT);
	ret = MHD_queue_response(c, MHD_HTTP_OK, r);
	MHD_destroy_response(r);
	return ret;
}

static void
completed(void *cls, struct MHD_Connection *c, void **ctx,
    enum MHD_RequestTerminationCode toe)
{
	httpguard_completed(c);
}

static int
setup(void **state)
{
	struct server		   *s;
	struct sockaddr_in	    sa;
	const union MHD_DaemonInfo *di;

	if ((s = calloc(1, sizeof(*s))) == NULL)
		return -1;
	if ((s->g = httpguard_new(&limits, "test")) == NULL) {
		free(s);
		return -1;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	s->d = MHD_start_daemon(
	    MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG,
	    0, NULL, NULL, serve, NULL, MHD_OPTION_ARRAY,
	    httpguard_options(s->g), MHD_OPTION_SOCK_ADDR,
	    (struct sockaddr *)&sa, MHD_OPTION_NOTIFY_COMPLETED, completed,
	    NULL, MHD_OPTION_END);
	if (s->d == NULL) {
		httpguard_free(s->g);
		free(s);
		return -1;
	}
	di = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
	s->port = di->port;
	*state = s;
	return 0;
}

static int
teardown(void **state)
{
	struct server *s = *state;

	MHD_stop_daemon(s->d);
	httpguard_free(s->g);
	free(s);
	return 0;
}

static void
pause_ms(int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
}

/* A connection from address from (NULL: 127.0.0.1) that sent text. */
static int
open_from(const struct server *s, const char *from, const char *text)
{
	struct sockaddr_in sa;
	int		   fd;

	assert_true((fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) >= 0);
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	if (from != NULL) {
		inet_pton(AF_INET, from, &sa.sin_addr);
		assert_int_equal(
		    bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	}
	inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
	sa.sin_port = htons((uint16_t)s->port);
	assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(
	    send(fd, text, strlen(text), MSG_NOSIGNAL), (ssize_t)strlen(text));
	return fd;
}

/* 1 when the server closed fd (or answered on it) within ms. */
static int
closed_within(int fd, int ms)
{
	struct pollfd pfd = { fd, POLLIN | POLLRDHUP, 0 };

	return poll(&pfd, 1, ms) == 1;
}

/* Wait (bounded) until the guard knows n connections, w of them waiting. */
static void
wait_count(const struct server *s, unsigned int n, unsigned int w)
{
	unsigned int conns = 0, waiting = 0;
	int	     i;

	for (i = 0; i < 500; i++) {
		httpguard_count(s->g, &conns, &waiting);
		if (conns == n && waiting == w)
			return;
		pause_ms(10);
	}
	fail_msg("guard: %u connections, %u waiting; want %u, %u", conns,
	    waiting, n, w);
}

/* Send text, read the answer's status (0: none within 2 s). */
static int
status_of(const struct server *s, const char *text, int *closed)
{
	char	buf[512];
	ssize_t n = -1, got = 0;
	int	fd = open_from(s, NULL, text);

	*closed = 0;
	while (closed_within(fd, 2000) &&
	    (n = recv(fd, buf + got, sizeof(buf) - 1 - (size_t)got, 0)) > 0)
		got += n;
	*closed = got > 0 && (n == 0 || errno == ECONNRESET);
	buf[got] = '\0';
	close(fd);
	return got >= 12 ? (int)strtol(buf + 9, NULL, 10) : 0;
}

static void
test_framing(void **state)
{
	static const struct {
		const char *headers;
		int	    status;
	} cases[] = {
		{ "Content-Length: 2\r\n\r\nab", 200 },
		{ "Transfer-Encoding: chunked\r\n\r\n2\r\nab\r\n0\r\n\r\n",
		    200 },
		{ "Transfer-Encoding: CHUNKED\r\n\r\n0\r\n\r\n", 200 },
		{ "\r\n", 200 },
		{ "Content-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n"
		  "0\r\n\r\n",
		    400 },
		{ "Transfer-Encoding: chunked\r\nContent-Length: 2\r\n\r\n"
		  "0\r\n\r\n",
		    400 },
		{ "Content-Length: 2\r\nContent-Length: 2\r\n\r\nab", 400 },
		{ "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n"
		  "\r\n0\r\n\r\n",
		    400 },
		{ "Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n", 400 },
		{ "Transfer-Encoding: identity\r\n\r\nab", 400 },
	};
	struct server *s = *state;
	char	       text[512];
	size_t	       i;
	int	       st, closed;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(text, sizeof(text),
		    "POST / HTTP/1.1\r\nHost: x\r\n"
		    "Connection: close\r\n%s",
		    cases[i].headers);
		st = status_of(s, text, &closed);
		if (st != cases[i].status)
			fail_msg(
			    "case %zu: %d, want %d", i, st, cases[i].status);
		assert_true(closed);
	}
}

/* A third waiting connection from one address pushes out its first. */
static void
test_waiting_share(void **state)
{
	struct server *s = *state;
	int	       a, b, c, other;

	other = open_from(s, "127.0.0.3", "GET / HTTP/1.1\r\n");
	wait_count(s, 1, 1);
	a = open_from(s, "127.0.0.2", "GET / HTTP/1.1\r\n");
	wait_count(s, 2, 2);
	b = open_from(s, "127.0.0.2", "GET / HTTP/1.1\r\n");
	wait_count(s, 3, 3);
	c = open_from(s, "127.0.0.2", "GET / HTTP/1.1\r\n");
	assert_true(closed_within(a, 2000));
	assert_false(closed_within(b, 100));
	assert_false(closed_within(c, 100));
	assert_false(closed_within(other, 100));
	close(a);
	close(b);
	close(c);
	close(other);
	wait_count(s, 0, 0);
}

/*
 * The reserve: with 8 connections and 2 kept free, the seventh pushes
 * out the longest waiting, from whatever address.
 */
static void
test_reserve(void **state)
{
	static const char *const from[] = {
		"127.0.0.2",
		"127.0.0.3",
		"127.0.0.4",
		"127.0.0.5",
		"127.0.0.6",
		"127.0.0.7",
	};
	struct server *s = *state;
	int	       fd[7], i;

	for (i = 0; i < 6; i++) {
		fd[i] = open_from(s, from[i], "GET / HTTP/1.1\r\n");
		wait_count(s, (unsigned int)i + 1, (unsigned int)i + 1);
	}
	fd[6] = open_from(s, NULL, "GET / HTTP/1.1\r\n");
	assert_true(closed_within(fd[0], 2000));
	for (i = 1; i < 7; i++)
		assert_false(closed_within(fd[i], 50));
	for (i = 0; i < 7; i++)
		close(fd[i]);
	wait_count(s, 0, 0);
}

/* Milliseconds on the monotonic clock. */
static int64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* A connection that trickles its head is cut at the request timeout. */
static void
test_request_timeout(void **state)
{
	struct server *s = *state;
	int64_t	       t0 = now_ms(), took;
	int	       fd, cut = 0;

	fd = open_from(s, NULL, "GET / HTTP/1.1\r\n");
	while (!cut && now_ms() - t0 < 5000) {
		if (!(cut = closed_within(fd, 100)))
			assert_int_equal(
			    send(fd, "X: y\r\n", 6, MSG_NOSIGNAL), 6);
	}
	took = now_ms() - t0;
	printf("trickling head cut after %lld ms (timeout 1 s)\n",
	    (long long)took);
	assert_true(cut);
	assert_true(took >= 950 && took < 5000);
	close(fd);
	wait_count(s, 0, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_framing, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_waiting_share, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reserve, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_request_timeout, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
