/*
 * it_startup - what the programs check before they serve, and the files
 * they make.
 *
 * `sms-gateway -n` and `kiosk -n` must fail exactly when the start would:
 * a webhook secret of mode 0644 or missing (provider gatewayapi), a TLS
 * key missing, of mode 0644, not matching its certificate, a
 * non-loopback kiosk address without TLS, a CPR key that `mentorctl
 * check` calls not OK; and pass, with the start then serving, when all is
 * well.  Each case runs -n and the start itself (bounded: a start that
 * gets going is stopped once it wrote its port file).
 *
 * [sms] listen on a non-loopback address is refused, with the reason,
 * unless [sms] public = yes.
 *
 * Under umask 022 every file the programs make (database, -wal, -shm,
 * port files, the file provider's output, the demo webhook secret) is
 * mode 0600, and a log line on a stderr that is not the journal starts
 * with an ISO 8601 time.
 */
#include <sys/stat.h>
#include <sys/wait.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "buf.h"
#include "harness.h"

#define START_MS 10000 /* a start decides within this */

static struct buf h_err; /* stderr of the last check_only() */

/* What a start came to. */
enum outcome {
	STARTED = -1, /* wrote its port file and ran; stopped */
	EXITED_OK = 0 /* exited 0 (any other value: its status) */
};

static void
pause_ms(int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
}

/* Run prog -n -f CONFIG; returns its exit status, stderr into err. */
static int
check_only(struct harness *h, const char *prog, struct buf *err)
{
	const char *args[] = { "-n", NULL };

	buf_reset(err);
	return harness_run(h, prog, 1, args, NULL, err);
}

/* 1 when path holds a port number. */
static int
has_port(const char *path)
{
	struct buf b = { 0 };
	int	   ok;

	ok = harness_read_file(path, &b) == 0 &&
	    strtol(buf_str(&b), NULL, 10) > 0;
	buf_free(&b);
	return ok;
}

/*
 * Start build/bin/PROG -f CONFIG and see what comes of it within
 * START_MS: STARTED (its port file appeared; it is stopped again) or
 * its exit status.  Its stderr goes to dir/PROG.log.
 */
static int
start(struct harness *h, const char *prog, const char *port_file)
{
	char  path[512], pf[400], logpath[400];
	pid_t pid;
	int   fd, status, i;

	snprintf(path, sizeof(path), "%s/bin/%s", h->build, prog);
	snprintf(pf, sizeof(pf), "%s/%s", h->dir, port_file);
	snprintf(logpath, sizeof(logpath), "%s/%s.log", h->dir, prog);
	unlink(pf);
	if ((pid = fork()) == -1)
		fail_msg("fork");
	if (pid == 0) {
		if ((fd = open(logpath, O_WRONLY | O_CREAT | O_APPEND, 0600)) !=
		    -1) {
			dup2(fd, 1);
			dup2(fd, 2);
		}
		execl(path, path, "-f", h->config, (char *)NULL);
		_exit(127);
	}
	for (i = 0; i < START_MS / 20; i++) {
		if (waitpid(pid, &status, WNOHANG) == pid)
			return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
		if (has_port(pf)) {
			kill(pid, SIGTERM);
			waitpid(pid, &status, 0);
			return STARTED;
		}
		pause_ms(20);
	}
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	fail_msg("%s neither started nor exited within %d ms", prog, START_MS);
	return 0;
}

/*
 * Assert that `prog -n` fails mentioning want, and that the start fails
 * too; print the reason.
 */
static void
both_refuse(struct harness *h, const char *prog, const char *port_file,
    const char *what, const char *want)
{
	struct buf err = { 0 };
	int	   st;

	st = check_only(h, prog, &err);
	printf("%s -n, %s: exit %d: %s", prog, what, st, buf_str(&err));
	assert_int_equal(st, 1);
	assert_non_null(strstr(buf_str(&err), want));
	assert_int_not_equal(start(h, prog, port_file), STARTED);
	buf_free(&err);
}

/* Assert that `prog -n` passes and the start gets going. */
static void
both_accept(struct harness *h, const char *prog, const char *port_file,
    const char *what)
{
	struct buf err = { 0 };
	int	   st;

	st = check_only(h, prog, &err);
	printf("%s -n, %s: exit %d\n", prog, what, st);
	if (st != 0)
		fail_msg("%s -n: %s", prog, buf_str(&err));
	assert_int_equal(start(h, prog, port_file), STARTED);
	buf_free(&err);
}

/* Write content to dir/name with mode. */
static void
write_mode(
    struct harness *h, const char *name, const char *content, mode_t mode)
{
	char path[400];

	harness_write_file(h, name, content, path, sizeof(path));
	if (chmod(path, mode) == -1)
		fail_msg("chmod %s", path);
}

static void
remove_file(struct harness *h, const char *name)
{
	char path[400];

	snprintf(path, sizeof(path), "%s/%s", h->dir, name);
	unlink(path);
}

/*
 * Set key = value in [section] of the configuration (replacing the key's
 * line, or adding one after the section's header), after the database
 * was made with the harness's own configuration.
 */
static void
set_key(
    struct harness *h, const char *section, const char *key, const char *value)
{
	struct buf  in = { 0 }, out = { 0 };
	const char *p, *line, *next;
	char	    head[64];
	size_t	    klen = strlen(key);
	int	    inside = 0, done = 0;

	snprintf(head, sizeof(head), "[%s]", section);
	if (harness_read_file(h->config, &in) == -1)
		fail_msg("read %s", h->config);
	for (p = buf_str(&in); *p != '\0'; p = next) {
		line = p;
		next = line + strcspn(line, "\n");
		next += *next == '\n';
		if (line[0] == '[') {
			if (inside && !done) {
				buf_printf(&out, "%s = %s\n", key, value);
				done = 1;
			}
			inside = strncmp(line, head, strlen(head)) == 0;
		} else if (inside && !done && strncmp(line, key, klen) == 0 &&
		    (line[klen] == ' ' || line[klen] == '=')) {
			buf_printf(&out, "%s = %s\n", key, value);
			done = 1;
			continue;
		}
		buf_append(&out, line, (size_t)(next - line));
	}
	if (!done)
		buf_printf(&out, "%s%s = %s\n", inside ? "" : head, key, value);
	harness_write_file(h, "mentorlink.conf", buf_str(&out), NULL, 0);
	buf_free(&in);
	buf_free(&out);
}

/* --- sms-gateway ------------------------------------------------------ */

static const char gwapi_ini[] =
    "[sms]\nprovider = gatewayapi\n"
    "[gatewayapi]\nbase_url = http://127.0.0.1:9\n"
    "token_file = gw.token\nwebhook_secret_file = gw.secret\n";

static void
test_gateway_webhook_secret(void **state)
{
	struct harness h;

	(void)state;
	harness_init(&h, gwapi_ini);
	harness_init_db(&h, NULL);
	write_mode(&h, "gw.token", "token-for-the-test", 0600);
	write_mode(&h, "gw.secret", "a-webhook-secret-for-the-test", 0644);
	both_refuse(
	    &h, "sms-gateway", "sms-gateway.port", "secret 0644", "chmod 600");
	remove_file(&h, "gw.secret");
	both_refuse(&h, "sms-gateway", "sms-gateway.port", "secret missing",
	    "gw.secret");
	write_mode(&h, "gw.secret", "a-webhook-secret-for-the-test", 0600);
	both_accept(&h, "sms-gateway", "sms-gateway.port", "secret 0600");
	/* The port file's folder must be writable. */
	harness_done(&h);
	harness_init(&h, "[sms]\nport_file = no-such-folder/gw.port\n");
	harness_init_db(&h, NULL);
	both_refuse(&h, "sms-gateway", "no-such-folder/gw.port",
	    "port file folder missing", "no-such-folder");
	harness_done(&h);
}

/* [sms] listen: loopback, or public = yes; the reason when refused. */
static void
test_gateway_public_listen(void **state)
{
	static const char *const refused[] = {
		"0.0.0.0:0",
		"[::]:0",
		"10.0.0.5:8025",
	};
	struct harness h;
	size_t	       i;

	(void)state;
	harness_init(&h, NULL);
	harness_init_db(&h, NULL);
	for (i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		set_key(&h, "sms", "listen", refused[i]);
		both_refuse(&h, "sms-gateway", "sms-gateway.port", refused[i],
		    "public = yes");
		assert_int_equal(check_only(&h, "sms-gateway", &h_err), 1);
		assert_non_null(
		    strstr(buf_str(&h_err), "is not a loopback address"));
	}
	set_key(&h, "sms", "public", "yes");
	set_key(&h, "sms", "listen", "10.0.0.5:8025");
	assert_int_equal(check_only(&h, "sms-gateway", &h_err), 0);
	set_key(&h, "sms", "public", "no");
	set_key(&h, "sms", "listen", "127.0.0.2:0");
	both_accept(&h, "sms-gateway", "sms-gateway.port", "127.0.0.2");
	harness_done(&h);
}

/* --- kiosk ------------------------------------------------------------ */

/* A fresh P-256 key and a self-signed certificate for it, as PEM. */
static void
make_tls(struct buf *cert, struct buf *key)
{
	EVP_PKEY  *pk;
	X509	  *x;
	X509_NAME *n;
	BIO	  *b;
	char	  *p;
	long	   len;

	if ((pk = EVP_EC_gen("P-256")) == NULL || (x = X509_new()) == NULL)
		fail_msg("openssl");
	X509_set_version(x, 2);
	ASN1_INTEGER_set(X509_get_serialNumber(x), 1);
	X509_gmtime_adj(X509_getm_notBefore(x), 0);
	X509_gmtime_adj(X509_getm_notAfter(x), 86400);
	X509_set_pubkey(x, pk);
	n = X509_get_subject_name(x);
	X509_NAME_add_entry_by_txt(n, "CN", MBSTRING_ASC,
	    (const unsigned char *)"kiosk.test", -1, -1, 0);
	X509_set_issuer_name(x, n);
	if (X509_sign(x, pk, EVP_sha256()) == 0)
		fail_msg("X509_sign");
	b = BIO_new(BIO_s_mem());
	PEM_write_bio_X509(b, x);
	len = BIO_get_mem_data(b, &p);
	buf_append(cert, p, (size_t)len);
	BIO_free(b);
	b = BIO_new(BIO_s_mem());
	PEM_write_bio_PrivateKey(b, pk, NULL, NULL, 0, NULL, NULL);
	len = BIO_get_mem_data(b, &p);
	buf_append(key, p, (size_t)len);
	BIO_free(b);
	X509_free(x);
	EVP_PKEY_free(pk);
}

static const char tls_ini[] =
    "[kiosk]\ntls_cert_file = kiosk.crt\ntls_key_file = kiosk.key\n";

static void
test_kiosk_tls(void **state)
{
	struct harness h;
	struct buf     cert = { 0 }, key = { 0 }, cert2 = { 0 }, key2 = { 0 };

	(void)state;
	make_tls(&cert, &key);
	make_tls(&cert2, &key2);
	harness_init(&h, tls_ini);
	harness_init_db(&h, NULL);
	write_mode(&h, "kiosk.crt", buf_str(&cert), 0644);
	both_refuse(&h, "kiosk", "kiosk.port", "TLS key missing", "kiosk.key");
	write_mode(&h, "kiosk.key", buf_str(&key), 0644);
	both_refuse(&h, "kiosk", "kiosk.port", "TLS key 0644", "chmod 600");
	write_mode(&h, "kiosk.key", buf_str(&key2), 0600);
	both_refuse(&h, "kiosk", "kiosk.port", "another certificate's key",
	    "does not belong");
	write_mode(&h, "kiosk.key", "not a key\n", 0600);
	both_refuse(&h, "kiosk", "kiosk.port", "not PEM", "private key");
	write_mode(&h, "kiosk.key", buf_str(&key), 0600);
	both_accept(&h, "kiosk", "kiosk.port", "TLS key 0600, its certificate");
	harness_done(&h);
	buf_free(&cert);
	buf_free(&key);
	buf_free(&cert2);
	buf_free(&key2);
}

/* A non-loopback address only with TLS. */
static void
test_kiosk_listen(void **state)
{
	struct harness h;
	struct buf     cert = { 0 }, key = { 0 };

	(void)state;
	harness_init(&h, NULL);
	harness_init_db(&h, NULL);
	set_key(&h, "kiosk", "listen", "0.0.0.0:0");
	both_refuse(&h, "kiosk", "kiosk.port", "0.0.0.0 without TLS",
	    "not a loopback address");
	make_tls(&cert, &key);
	write_mode(&h, "kiosk.crt", buf_str(&cert), 0644);
	write_mode(&h, "kiosk.key", buf_str(&key), 0600);
	set_key(&h, "kiosk", "tls_cert_file", "kiosk.crt");
	set_key(&h, "kiosk", "tls_key_file", "kiosk.key");
	assert_int_equal(check_only(&h, "kiosk", &h_err), 0);
	harness_done(&h);
	buf_free(&cert);
	buf_free(&key);
}

/* The CPR key: kiosk -n agrees with mentorctl check. */
static void
test_kiosk_cpr_key(void **state)
{
	static const struct {
		const char *what;
		const char *content; /* NULL: remove the file */
		mode_t	    mode;
		const char *want; /* in -n's stderr; NULL: ok */
	} cases[] = {
		{ "short", "0123456789abcdef", 0600, "shorter than" },
		{ "mode 0644", "0123456789abcdef0123456789abcdef0123456789ab",
		    0644, "chmod 600" },
		{ "missing", NULL, 0, "cpr.key" },
		{ "64 hex digits, 0600",
		    "0123456789abcdef0123456789abcdef"
		    "0123456789abcdef0123456789abcdef\n",
		    0600, NULL },
	};
	const char    *check[] = { "check", NULL };
	struct harness h;
	struct buf     out = { 0 }, err = { 0 };
	size_t	       i;
	int	       ctl;

	(void)state;
	harness_init(&h, NULL);
	harness_init_db(&h, NULL);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (cases[i].content == NULL)
			remove_file(&h, "cpr.key");
		else
			write_mode(
			    &h, "cpr.key", cases[i].content, cases[i].mode);
		buf_reset(&out);
		ctl = harness_run(&h, "mentorctl", 1, check, &out, NULL);
		printf("CPR key %s: mentorctl check %s\n", cases[i].what,
		    ctl == 0 ? "OK" : "NOT OK");
		if (cases[i].want == NULL) {
			assert_int_equal(ctl, 0);
			both_accept(&h, "kiosk", "kiosk.port", cases[i].what);
		} else {
			assert_int_not_equal(ctl, 0);
			both_refuse(&h, "kiosk", "kiosk.port", cases[i].what,
			    cases[i].want);
		}
	}
	harness_done(&h);
	buf_free(&out);
	buf_free(&err);
}

/* --- files and logs --------------------------------------------------- */

/* Assert every file in dir is mode 0600; print them. */
static void
all_private(const char *dir)
{
	DIR	      *d;
	struct dirent *e;
	struct stat    st;
	char	       path[600];
	int	       bad = 0;

	if ((d = opendir(dir)) == NULL)
		fail_msg("opendir %s", dir);
	while ((e = readdir(d)) != NULL) {
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (lstat(path, &st) == -1 || !S_ISREG(st.st_mode))
			continue;
		printf(
		    "  %04o %s\n", (unsigned)(st.st_mode & 07777), e->d_name);
		bad += (st.st_mode & 077) != 0;
	}
	closedir(d);
	assert_int_equal(bad, 0);
}

/* 1 when the gateway's log file holds a line. */
static int
log_has_line(void *arg)
{
	return harness_count_lines(arg) > 0;
}

static void
test_files_are_private(void **state)
{
	struct harness h;
	struct proc    gw, kiosk;
	struct buf     log = { 0 };
	const char    *args[] = { "-f", NULL, NULL };
	char	       pf[400];
	mode_t	       old;

	(void)state;
	old = umask(022);
	harness_init(&h, NULL);
	remove_file(&h, "cpr.key"); /* mentorctl init makes it */
	harness_init_db(&h, NULL);
	args[1] = h.config;
	snprintf(pf, sizeof(pf), "%s/sms-gateway.port", h.dir);
	harness_start(&h, &gw, "bin/sms-gateway", args, pf);
	snprintf(pf, sizeof(pf), "%s/kiosk.port", h.dir);
	harness_start(&h, &kiosk, "bin/kiosk", args, pf);
	printf("files made under umask 022:\n");
	all_private(h.dir);
	/* Not the journal: lines start with the time, ISO 8601. */
	assert_true(harness_wait(log_has_line, gw.log, 5000));
	harness_read_file(gw.log, &log);
	printf("a log line: %.*s\n", (int)strcspn(buf_str(&log), "\n"),
	    buf_str(&log));
	assert_true(log.len > 30 && buf_str(&log)[4] == '-' &&
	    buf_str(&log)[10] == 'T' && buf_str(&log)[19] == '.' &&
	    (buf_str(&log)[23] == '+' || buf_str(&log)[23] == '-') &&
	    buf_str(&log)[26] == ':' && buf_str(&log)[29] == ' ');
	assert_int_equal(harness_stop(&kiosk), 0);
	assert_int_equal(harness_stop(&gw), 0);
	all_private(h.dir);
	umask(old);
	harness_done(&h);
	buf_free(&log);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_gateway_webhook_secret),
		cmocka_unit_test(test_gateway_public_listen),
		cmocka_unit_test(test_kiosk_tls),
		cmocka_unit_test(test_kiosk_listen),
		cmocka_unit_test(test_kiosk_cpr_key),
		cmocka_unit_test(test_files_are_private),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
