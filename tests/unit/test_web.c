/*
 * test_web.c - unit tests for shared/web.c without a client: the reply
 * helpers (redirect, cookies that fit or are refused and wiped, a file
 * reply), and a server that prepares, listens on port 0 and stops, or
 * refuses a listen address it cannot use.  Requests themselves are
 * driven over HTTP by tests/integration/it_kiosk.c and it_http_guard.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "httpguard.h"
#include "log.h"
#include "web.h"

static const struct httpguard_limits limits = {
	.connections = 8,
	.per_address = 4,
	.waiting_per_address = 2,
	.reserve = 1,
	.request_timeout = 10,
	.idle_timeout = 15,
};

static void
serve_nothing(struct web_request *req, struct web_reply *rep, void *arg)
{
	(void)req;
	(void)arg;
	rep->status = 204;
}

static void
test_reply_helpers(void **state)
{
	struct web_reply rep = { 0 };
	char		 big[WEB_COOKIE_MAX + 8];

	(void)state;
	web_redirect(&rep, "/cpr");
	assert_int_equal(rep.status, 303);
	assert_string_equal(rep.location, "/cpr");
	assert_int_equal(web_reply_cookie(&rep, "s", "abc"), 0);
	assert_string_equal(rep.cookie, "s=abc");
	assert_int_equal(rep.cookie_clear, 0);
	web_reply_clear_cookie(&rep, "s");
	assert_string_equal(rep.cookie, "s=");
	assert_int_equal(rep.cookie_clear, 1);
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_int_equal(web_reply_cookie(&rep, "s", big), -1);
	assert_string_equal(rep.cookie, "");
	assert_int_equal(web_reply_cookie(&rep, "s", "secret"), 0);
	buf_puts(&rep.body, "<p>x</p>");
	web_reply_free(&rep);
	assert_string_equal(rep.cookie, "");
	assert_int_equal(rep.body.len, 0);
}

static void
test_file_reply(void **state)
{
	struct web_reply rep = { 0 };

	(void)state;
	web_reply_file(&rep, 7, 42, "text/css");
	assert_int_equal(rep.is_file, 1);
	assert_int_equal(rep.file_fd, 7);
	assert_int_equal(rep.file_size, 42);
	assert_string_equal(rep.content_type, "text/css");
	assert_int_equal(rep.cache_public, 1);
	assert_int_equal(rep.status, 200);
}

static void
test_start_and_stop(void **state)
{
	const struct web_config wc = {
		.name = "test",
		.listen = "127.0.0.1:0",
		.limits = &limits,
		.serve = serve_nothing,
	};
	struct web_server *srv;
	char		   want[32];

	(void)state;
	assert_non_null(srv = web_prepare(&wc));
	assert_int_equal(web_tls(srv), 0);
	assert_int_equal(web_start(srv), 0);
	assert_true(web_port(srv) > 0);
	snprintf(want, sizeof(want), "127.0.0.1:%d", web_port(srv));
	assert_string_equal(web_host(srv), want);
	web_free(srv);
	web_free(NULL);
}

static void
test_bad_listen(void **state)
{
	struct web_config wc = {
		.name = "test",
		.listen = "no such host:80",
		.limits = &limits,
		.serve = serve_nothing,
	};

	(void)state;
	assert_null(web_prepare(&wc));
	wc.listen = "127.0.0.1:0";
	wc.tls_cert_file = "/nonexistent/cert.pem";
	wc.tls_key_file = "/nonexistent/key.pem";
	assert_null(web_prepare(&wc));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reply_helpers),
		cmocka_unit_test(test_file_reply),
		cmocka_unit_test(test_start_and_stop),
		cmocka_unit_test(test_bad_listen),
	};

	log_init(1, 0);
	return cmocka_run_group_tests_name("web", tests, NULL, NULL);
}
