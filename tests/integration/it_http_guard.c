/*
 * it_http_guard - the two HTTP servers (the kiosk and the sms-gateway's
 * listener) against slow clients and request smuggling.
 *
 * Slowloris: connections that send a request head one line at a time and
 * never finish it, from 127.0.0.2-5 (bound before connect) and from
 * 127.0.0.1, the kiosk browser's own address.  While they keep at it
 * (reopening whatever the server closes), 10 probes from 127.0.0.1 must
 * get their answer, at least 8 of them.  Each case prints its counts.
 *
 * A head or a body that takes longer than the request timeout (2 s here,
 * through the test hook MENTORLINK_TEST_REQUEST_TIMEOUT) is cut although
 * the client is never idle.  A request with both Content-Length and
 * Transfer-Encoding is refused with 400 and its connection closed.
 */
#include <sys/socket.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "buf.h"
#include "harness.h"

#define SLOW_MAX      640 /* slow connections one attack may hold */
#define SLOW_TICK_MS  500 /* each sends one header line this often */
#define PROBES	      10
#define PROBES_NEEDED 8
#define PROBE_MS      2000 /* a probe's answer must come within this */
#define PROBE_GAP_MS  200  /* between probes, while the attack goes on */
#define TEST_TIMEOUT  "2"  /* MENTORLINK_TEST_REQUEST_TIMEOUT, seconds */

struct servers {
	struct harness h;
	struct proc    kiosk;
	struct proc    gw;
	char	       kiosk_host[32]; /* its Host header value */
};

/* One slowloris attack on one port, run by its own thread. */
struct slow {
	int		   port;
	const char	  *host; /* Host header to send */
	const char *const *from; /* source addresses */
	int		   nfrom;
	int		   n; /* connections to hold */
	int		   fd[SLOW_MAX];
	int		   lines[SLOW_MAX]; /* -1: still connecting */
	unsigned char	   seen[SLOW_MAX];  /* slot was up or cut once */
	atomic_int	   ready;	    /* slots seen */
	int		   closed;	    /* closed by the server */
	int		   failed;	    /* connects that failed */
	atomic_int	   rounds;
	atomic_int	   stop;
	pthread_t	   thread;
};

/* Milliseconds on the monotonic clock. */
static int64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
pause_ms(int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
}

/*
 * Begin a TCP connection to 127.0.0.1:port from address from (NULL: the
 * default), non-blocking.  Returns the socket (connecting) or -1.
 */
static int
tcp_connect_start(const char *from, int port)
{
	struct sockaddr_in sa;
	int		   fd;

	if ((fd = socket(
		 AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0)) == -1)
		return -1;
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	if (from != NULL &&
	    (inet_pton(AF_INET, from, &sa.sin_addr) != 1 ||
		bind(fd, (struct sockaddr *)&sa, sizeof(sa)) == -1))
		goto fail;
	inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
	sa.sin_port = htons((uint16_t)port);
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == -1 &&
	    errno != EINPROGRESS)
		goto fail;
	return fd;
fail:
	close(fd);
	return -1;
}

/*
 * Whether the connection begun on fd is up after waiting up to ms:
 * 1 up, 0 still connecting, -1 failed.
 */
static int
tcp_connected(int fd, int ms)
{
	struct pollfd pfd = { fd, POLLOUT, 0 };
	socklen_t     len = sizeof(int);
	int	      err = 0;

	if (poll(&pfd, 1, ms) != 1)
		return 0;
	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) == -1 || err != 0)
		return -1;
	return 1;
}

/* A connection from 127.0.0.1 within ms: the socket, or -1. */
static int
tcp_connect(int port, int ms)
{
	int fd;

	if ((fd = tcp_connect_start(NULL, port)) != -1 &&
	    tcp_connected(fd, ms) != 1) {
		close(fd);
		fd = -1;
	}
	return fd;
}

/* Send all of text; 0, or -1 when the peer is gone or would block. */
static int
send_text(int fd, const char *text)
{
	size_t n = strlen(text);

	return send(fd, text, n, MSG_NOSIGNAL | MSG_DONTWAIT) == (ssize_t)n
	    ? 0
	    : -1;
}

/* 1 when the server closed fd or answered on it (either ends it). */
static int
server_spoke(int fd)
{
	struct pollfd pfd = { fd, POLLIN | POLLRDHUP, 0 };

	return poll(&pfd, 1, 0) == 1;
}

/* Slot i has been up (or cut by the server) at least once. */
static void
slow_seen(struct slow *s, int i)
{
	if (s->seen[i])
		return;
	s->seen[i] = 1;
	atomic_fetch_add(&s->ready, 1);
}

/* Close slow connection i; count it when the server ended it. */
static void
slow_close(struct slow *s, int i, int by_server)
{
	close(s->fd[i]);
	s->fd[i] = -1;
	s->closed += by_server;
	if (by_server)
		slow_seen(s, i);
}

/*
 * Move slow connection i on by one step: begin connecting; once up, the
 * request line and Host; then one header line per round, never the end.
 */
static void
slow_step(struct slow *s, int i)
{
	char text[160];
	int  up;

	if (s->fd[i] == -1) {
		s->fd[i] = tcp_connect_start(s->from[i % s->nfrom], s->port);
		s->lines[i] = -1;
		s->failed += s->fd[i] == -1;
		return;
	}
	if (s->lines[i] == -1) {
		if ((up = tcp_connected(s->fd[i], 0)) == 0)
			return;
		snprintf(text, sizeof(text), "GET / HTTP/1.1\r\nHost: %s\r\n",
		    s->host);
		if (up == -1 || send_text(s->fd[i], text) == -1) {
			s->failed++;
			slow_close(s, i, 0);
		} else
			s->lines[i] = 0;
		return;
	}
	if (server_spoke(s->fd[i])) {
		slow_close(s, i, 1);
		return;
	}
	snprintf(text, sizeof(text), "X-Slow-%d: %d\r\n", s->lines[i]++, i);
	if (send_text(s->fd[i], text) == -1)
		slow_close(s, i, 1);
	else
		slow_seen(s, i);
}

/* One round over every connection. */
static void
slow_round(struct slow *s)
{
	int i;

	for (i = 0; i < s->n && !atomic_load(&s->stop); i++)
		slow_step(s, i);
}

static void *
slow_main(void *arg)
{
	struct slow *s = arg;

	while (!atomic_load(&s->stop)) {
		slow_round(s);
		atomic_fetch_add(&s->rounds, 1);
		pause_ms(SLOW_TICK_MS);
	}
	return NULL;
}

/*
 * 1 once the attack is in place: every slot has been up (or cut) once,
 * or, when the server leaves some in its backlog, 12 rounds (6 s) went by.
 */
static int
slow_in_place(void *arg)
{
	struct slow *s = arg;
	int	     rounds = atomic_load(&s->rounds);

	return (rounds >= 3 && atomic_load(&s->ready) == s->n) || rounds >= 12;
}

/* Start an attack of n connections spread over the addresses in from. */
static void
slow_start(struct slow *s, int port, const char *host, const char *const *from,
    int nfrom, int n)
{
	int i;

	assert_true(n <= SLOW_MAX);
	memset(s, 0, sizeof(*s));
	s->port = port;
	s->host = host;
	s->from = from;
	s->nfrom = nfrom;
	s->n = n;
	for (i = 0; i < n; i++)
		s->fd[i] = -1;
	atomic_init(&s->rounds, 0);
	atomic_init(&s->ready, 0);
	atomic_init(&s->stop, 0);
	if (pthread_create(&s->thread, NULL, slow_main, s) != 0)
		fail_msg("pthread_create");
	if (!harness_wait(slow_in_place, s, 20000))
		fail_msg("slowloris: the attack did not get going");
}

/* Stop the attack; returns how many connections it held at the end. */
static int
slow_stop(struct slow *s)
{
	int i, held = 0;

	atomic_store(&s->stop, 1);
	pthread_join(s->thread, NULL);
	for (i = 0; i < s->n; i++) {
		if (s->fd[i] == -1)
			continue;
		held += s->lines[i] >= 0 && !server_spoke(s->fd[i]);
		close(s->fd[i]);
	}
	return held;
}

/*
 * Send text on a new connection from 127.0.0.1 and read the answer
 * until the server closes or ms pass.  Returns the status (0: none);
 * *closed tells whether the server closed the connection.
 */
static int
raw_request(int port, const char *text, int ms, int *closed, struct buf *out)
{
	struct pollfd pfd;
	char	      chunk[2048];
	int64_t	      end = now_ms() + ms;
	ssize_t	      n;
	int	      fd, status = 0, left;

	*closed = 0;
	if ((fd = tcp_connect(port, ms)) == -1)
		return 0;
	if (send_text(fd, text) == -1)
		goto out;
	while ((left = (int)(end - now_ms())) > 0) {
		pfd.fd = fd;
		pfd.events = POLLIN;
		if (poll(&pfd, 1, left) != 1)
			break;
		if ((n = recv(fd, chunk, sizeof(chunk), 0)) <= 0) {
			*closed = n == 0 || errno == ECONNRESET;
			break;
		}
		if (out != NULL)
			buf_append(out, chunk, (size_t)n);
		if (out == NULL && status == 0 && n >= 12)
			status = (int)strtol(chunk + 9, NULL, 10);
	}
	if (out != NULL && out->len >= 12)
		status = (int)strtol(buf_str(out) + 9, NULL, 10);
out:
	close(fd);
	return status;
}

/* 1 when GET path on port is answered 200 within PROBE_MS. */
static int
probe(int port, const char *path, const char *host)
{
	char text[256];
	int  closed;

	snprintf(text, sizeof(text),
	    "GET %s HTTP/1.1\r\nHost: %s\r\n"
	    "Connection: close\r\n\r\n",
	    path, host);
	return raw_request(port, text, PROBE_MS, &closed, NULL) == 200;
}

/*
 * Attack port with n slow connections from the addresses in from, probe
 * path 10 times from 127.0.0.1 meanwhile; print and return the number of
 * probes answered.
 */
static int
slowloris(const char *what, int port, const char *host, const char *path,
    const char *const *from, int nfrom, int n)
{
	struct slow *s;
	int64_t	     t0 = now_ms();
	int	     i, ok = 0, held;

	if ((s = calloc(1, sizeof(*s))) == NULL)
		fail_msg("calloc");
	slow_start(s, port, host, from, nfrom, n);
	for (i = 0; i < PROBES; i++) {
		ok += probe(port, path, host);
		pause_ms(PROBE_GAP_MS);
	}
	held = slow_stop(s);
	printf("slowloris %s: %d slow connections from %s%s; %d closed by the "
	       "server (and reopened), %d connects failed, %d held at the end; "
	       "%d of %d probes answered (%.1f s)\n",
	    what, n, from[0], nfrom > 1 ? " and others" : "", s->closed,
	    s->failed, held, ok, PROBES, (double)(now_ms() - t0) / 1000);
	printf("slowloris %s: %d of %d slots were up or cut before probing\n",
	    what, atomic_load(&s->ready), n);
	fflush(stdout);
	free(s);
	return ok;
}

/* Start the kiosk and the gateway over a fresh database. */
static void
servers_up(struct servers *sv)
{
	const char *args[] = { "-f", NULL, NULL };
	char	    pf[400];

	memset(sv, 0, sizeof(*sv));
	harness_init(&sv->h, NULL);
	harness_init_db(&sv->h, NULL);
	args[1] = sv->h.config;
	snprintf(pf, sizeof(pf), "%s/kiosk.port", sv->h.dir);
	harness_start(&sv->h, &sv->kiosk, "bin/kiosk", args, pf);
	snprintf(pf, sizeof(pf), "%s/sms-gateway.port", sv->h.dir);
	harness_start(&sv->h, &sv->gw, "bin/sms-gateway", args, pf);
	snprintf(sv->kiosk_host, sizeof(sv->kiosk_host), "127.0.0.1:%d",
	    sv->kiosk.port);
}

static int
setup(void **state)
{
	struct servers *sv;

	if ((sv = calloc(1, sizeof(*sv))) == NULL)
		return -1;
	servers_up(sv);
	*state = sv;
	return 0;
}

/* The request-timeout tests: the same, with a 2 s request timeout. */
static int
setup_short(void **state)
{
	setenv("MENTORLINK_TEST_REQUEST_TIMEOUT", TEST_TIMEOUT, 1);
	setup(state);
	unsetenv("MENTORLINK_TEST_REQUEST_TIMEOUT");
	return 0;
}

static int
teardown(void **state)
{
	struct servers *sv = *state;

	if (sv == NULL)
		return 0;
	assert_int_equal(harness_stop(&sv->kiosk), 0);
	assert_int_equal(harness_stop(&sv->gw), 0);
	harness_done(&sv->h);
	free(sv);
	return 0;
}

static const char *const others[] = { "127.0.0.2", "127.0.0.3", "127.0.0.4",
	"127.0.0.5" };
static const char *const loopback[] = { "127.0.0.1" };

/* 72 slow connections from three other addresses. */
static void
test_kiosk_slowloris(void **state)
{
	struct servers *sv = *state;

	assert_true(slowloris("kiosk", sv->kiosk.port, sv->kiosk_host, "/",
			others, 3, 72) >= PROBES_NEEDED);
	assert_int_equal(probe(sv->kiosk.port, "/", sv->kiosk_host), 1);
}

/*
 * 24 from 127.0.0.1, the kiosk browser's own address: a local process
 * must not lock the browser out.
 */
static void
test_kiosk_slowloris_loopback(void **state)
{
	struct servers *sv = *state;

	assert_true(slowloris("kiosk from 127.0.0.1", sv->kiosk.port,
			sv->kiosk_host, "/", loopback, 1, 24) >= PROBES_NEEDED);
	assert_int_equal(probe(sv->kiosk.port, "/", sv->kiosk_host), 1);
}

/* 72, then 576 (more than the listener's connection limit) on /healthz. */
static void
test_gateway_slowloris(void **state)
{
	struct servers *sv = *state;
	char		host[32];

	snprintf(host, sizeof(host), "127.0.0.1:%d", sv->gw.port);
	assert_true(slowloris("gateway /healthz", sv->gw.port, host, "/healthz",
			others, 3, 72) >= PROBES_NEEDED);
	assert_true(slowloris("gateway /healthz", sv->gw.port, host, "/healthz",
			others, 4, 576) >= PROBES_NEEDED);
	assert_true(slowloris("gateway /healthz from 127.0.0.1", sv->gw.port,
			host, "/healthz", loopback, 1, 128) >= PROBES_NEEDED);
}

/*
 * Open n connections at once from 127.0.0.1, then send GET path on each
 * and read the answers: how many were answered 200.
 */
static int
honest_burst(int port, const char *host, const char *path, int n)
{
	char	      text[256], answer[16];
	struct pollfd pfd;
	int	      fd[64], i, ok = 0;

	assert_true(n <= 64);
	for (i = 0; i < n; i++)
		fd[i] = tcp_connect(port, 2000);
	snprintf(text, sizeof(text), "GET %s HTTP/1.1\r\nHost: %s\r\n\r\n",
	    path, host);
	for (i = 0; i < n; i++)
		if (fd[i] != -1 && send_text(fd[i], text) == -1) {
			close(fd[i]);
			fd[i] = -1;
		}
	for (i = 0; i < n; i++) {
		if (fd[i] == -1)
			continue;
		pfd.fd = fd[i];
		pfd.events = POLLIN;
		memset(answer, 0, sizeof(answer));
		if (poll(&pfd, 1, PROBE_MS) == 1 &&
		    recv(fd[i], answer, sizeof(answer) - 1, 0) >= 12)
			ok += strncmp(answer, "HTTP/1.1 200", 12) == 0;
		close(fd[i]);
	}
	return ok;
}

/*
 * Honest clients with many connections are not taken for slow ones: a
 * browser's six at the kiosk, a proxy's (or wrk's) 32 at the gateway,
 * all opened before any request is sent.
 */
static void
test_honest_bursts(void **state)
{
	struct servers *sv = *state;
	char		host[32];
	int		k, g;

	snprintf(host, sizeof(host), "127.0.0.1:%d", sv->gw.port);
	k = honest_burst(sv->kiosk.port, sv->kiosk_host, "/", 6);
	g = honest_burst(sv->gw.port, host, "/healthz", 32);
	printf("honest bursts: kiosk 6 connections, %d answered; gateway 32 "
	       "connections, %d answered\n",
	    k, g);
	assert_int_equal(k, 6);
	assert_int_equal(g, 32);
}

/*
 * Send prefix, then one more piece every 250 ms, never finishing; return
 * the seconds until the server closed the connection (-1: not within
 * 10 s).
 */
static double
seconds_to_cut(int port, const char *prefix, const char *piece)
{
	int64_t t0 = now_ms();
	int	fd, cut = 0;

	if ((fd = tcp_connect(port, 2000)) == -1)
		fail_msg("connect");
	if (send_text(fd, prefix) == -1)
		fail_msg("send");
	while (now_ms() - t0 < 10000) {
		if (server_spoke(fd) || send_text(fd, piece) == -1) {
			cut = 1;
			break;
		}
		pause_ms(250);
	}
	close(fd);
	return cut ? (double)(now_ms() - t0) / 1000 : -1;
}

/* A head or a body that keeps trickling is cut at the request timeout. */
static void
test_request_timeout(void **state)
{
	struct servers *sv = *state;
	char		head[160], body[240];
	double		t[4];
	int		i;

	snprintf(head, sizeof(head), "GET / HTTP/1.1\r\nHost: %s\r\n",
	    sv->kiosk_host);
	snprintf(body, sizeof(body),
	    "POST /cpr HTTP/1.1\r\nHost: %s\r\n"
	    "Content-Type: application/x-www-form-urlencoded\r\n"
	    "Content-Length: 200\r\n\r\ncpr=",
	    sv->kiosk_host);
	t[0] = seconds_to_cut(sv->kiosk.port, head, "X-Slow: 1\r\n");
	t[1] = seconds_to_cut(sv->kiosk.port, body, "1");
	snprintf(head, sizeof(head),
	    "GET /healthz HTTP/1.1\r\n"
	    "Host: 127.0.0.1\r\n");
	snprintf(body, sizeof(body),
	    "POST /webhooks/gatewayapi/mo HTTP/1.1\r\n"
	    "Host: 127.0.0.1\r\nContent-Type: application/json\r\n"
	    "Content-Length: 500\r\n\r\n{");
	t[2] = seconds_to_cut(sv->gw.port, head, "X-Slow: 1\r\n");
	t[3] = seconds_to_cut(sv->gw.port, body, " ");
	printf("request timeout " TEST_TIMEOUT " s: slow head cut after "
	       "%.1f s (kiosk), %.1f s (gateway); slow body after %.1f s "
	       "(kiosk), %.1f s (gateway); -1 = not cut within 10 s\n",
	    t[0], t[2], t[1], t[3]);
	for (i = 0; i < 4; i++) {
		assert_true(t[i] >= 1.5);
		assert_true(t[i] > 0 && t[i] < 6);
	}
	/* An ordinary request is still answered. */
	assert_int_equal(probe(sv->kiosk.port, "/", sv->kiosk_host), 1);
}

/*
 * The request smuggling cases: 400 and the connection closed.  The same
 * request framed honestly is answered otherwise (not 400), so the 400 is
 * the framing's.
 */
static void
smuggling(int port, const char *host, const char *path, const char *ctype)
{
	static const char *const framings[] = {
		"Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n"
		"0\r\n\r\n",
		"Transfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n"
		"0\r\n\r\n",
		"Content-Length: 5\r\nContent-Length: 6\r\n\r\nab=cd",
		"Transfer-Encoding: chunked, identity\r\n\r\n0\r\n\r\n",
		"Transfer-Encoding: gzip\r\n\r\nab=cd",
	};
	char   text[512];
	size_t i;
	int    closed, st;

	snprintf(text, sizeof(text),
	    "POST %s HTTP/1.1\r\nHost: %s\r\n"
	    "Content-Type: %s\r\nContent-Length: 5\r\n\r\nab=cd",
	    path, host, ctype);
	st = raw_request(port, text, 3000, &closed, NULL);
	printf("smuggling %s: honest framing answered %d\n", path, st);
	assert_true(st != 0 && st != 400);
	for (i = 0; i < sizeof(framings) / sizeof(framings[0]); i++) {
		snprintf(text, sizeof(text),
		    "POST %s HTTP/1.1\r\nHost: %s\r\n"
		    "Content-Type: %s\r\n%s",
		    path, host, ctype, framings[i]);
		st = raw_request(port, text, 3000, &closed, NULL);
		printf("smuggling %s, framing %zu: %d, %s\n", path, i, st,
		    closed ? "closed" : "left open");
		assert_int_equal(st, 400);
		assert_true(closed);
	}
}

static void
test_smuggling(void **state)
{
	struct servers *sv = *state;
	char		host[32];

	smuggling(sv->kiosk.port, sv->kiosk_host, "/cpr",
	    "application/x-www-form-urlencoded");
	snprintf(host, sizeof(host), "127.0.0.1:%d", sv->gw.port);
	smuggling(
	    sv->gw.port, host, "/webhooks/gatewayapi/mo", "application/json");
	smuggling(sv->gw.port, host, "/webhooks/twilio/sms",
	    "application/x-www-form-urlencoded");
	assert_int_equal(probe(sv->gw.port, "/healthz", host), 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    test_smuggling, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_kiosk_slowloris, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_kiosk_slowloris_loopback, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_gateway_slowloris, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_honest_bursts, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_request_timeout, setup_short, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
