/*
 * harness.c - shared code for integration tests.  See harness.h.
 */
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>

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
#include <curl/curl.h>

#include "harness.h"
#include "unit/test_tree.h"

static const char base_ini[] = "[organisation]\n"
			       "name = Testby Kommune\n"
			       "phone = +4544520000\n"
			       "desk = Skranken\n"
			       "crisis_text = Er det akut, så ring 112.\n"
			       "[database]\n"
			       "path = mentorlink.db\n"
			       "cpr_key_file = cpr.key\n"
			       "[sms]\n"
			       "sender = +4512345678\n"
			       "file_path = sms-outbox.jsonl\n"
			       "listen = 127.0.0.1:0\n"
			       "port_file = sms-gateway.port\n"
			       "[kiosk]\n"
			       "listen = 127.0.0.1:0\n"
			       "port_file = kiosk.port\n";

/*
 * Sleep ms milliseconds.
 */
static void
msleep(int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
}

void
harness_write_file(struct harness *h, const char *name, const char *content,
    char *out, size_t outlen)
{
	char   path[512];
	int    fd;
	size_t n = strlen(content);

	snprintf(path, sizeof(path), "%s/%s", h->dir, name);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd == -1 || write(fd, content, n) != (ssize_t)n)
		fail_msg("cannot write %s: %s", path, strerror(errno));
	close(fd);
	if (out != NULL)
		snprintf(out, outlen, "%s", path);
}

/*
 * 1 if the INI text sets key in section ("[name]").
 */
static int
ini_has(const char *ini, const char *section, const char *key)
{
	const char *line, *next;
	char	    cur[64] = "";
	size_t	    klen = strlen(key);

	for (line = ini; *line != '\0'; line = next) {
		next = strchr(line, '\n');
		next = next ? next + 1 : line + strlen(line);
		while (*line == ' ' || *line == '\t')
			line++;
		if (line[0] == '[') {
			snprintf(cur, sizeof(cur), "%.*s",
			    (int)(strcspn(line, "]") + 1), line);
			continue;
		}
		if (strcmp(cur, section) == 0 &&
		    strncmp(line, key, klen) == 0 &&
		    (line[klen] == ' ' || line[klen] == '='))
			return 1;
	}
	return 0;
}

/*
 * Merge base_ini and extra into one INI text: a key given in extra for a
 * section the base has replaces the base's key.  Simple approach: extra
 * sections are appended; keys of extra that the base also sets are
 * removed from the base first.
 */
static void
merge_ini(const char *extra, struct buf *out)
{
	const char *line, *next, *eq;
	char	    section[64] = "", key[128];
	size_t	    klen;

	for (line = base_ini; *line != '\0'; line = next) {
		next = strchr(line, '\n');
		next = next ? next + 1 : line + strlen(line);
		if (line[0] == '[') {
			snprintf(section, sizeof(section), "%.*s",
			    (int)(strcspn(line, "]") + 1), line);
			buf_append(out, line, (size_t)(next - line));
			continue;
		}
		eq = strchr(line, '=');
		klen = eq ? (size_t)(eq - line) : 0;
		while (klen > 0 && line[klen - 1] == ' ')
			klen--;
		snprintf(key, sizeof(key), "%.*s", (int)klen, line);
		if (extra != NULL && klen > 0 && ini_has(extra, section, key))
			continue;
		buf_append(out, line, (size_t)(next - line));
	}
	if (extra != NULL)
		buf_printf(out, "\n%s\n", extra);
}

void
harness_init(struct harness *h, const char *extra_ini)
{
	struct buf    ini = { 0 };
	unsigned char key[32];
	char	      hex[65];
	const char   *b;
	size_t	      i;
	int	      fd;

	memset(h, 0, sizeof(*h));
	snprintf(h->dir, sizeof(h->dir), "/tmp/mentorlink-test-XXXXXX");
	if (mkdtemp(h->dir) == NULL)
		fail_msg("mkdtemp: %s", strerror(errno));
	b = getenv("MENTORLINK_BUILD");
	snprintf(h->build, sizeof(h->build), "%s", b && *b ? b : "build/test");
	if (h->build[0] != '/') {
		char cwd[200];

		if (getcwd(cwd, sizeof(cwd)) == NULL)
			fail_msg("getcwd");
		snprintf(h->build, sizeof(h->build), "%s/%s", cwd,
		    b && *b ? b : "build/test");
	}
	snprintf(h->config, sizeof(h->config), "%s/mentorlink.conf", h->dir);
	snprintf(h->db, sizeof(h->db), "%s/mentorlink.db", h->dir);
	snprintf(
	    h->sms_file, sizeof(h->sms_file), "%s/sms-outbox.jsonl", h->dir);
	snprintf(h->clock_file, sizeof(h->clock_file), "%s/clock", h->dir);
	merge_ini(extra_ini, &ini);
	harness_write_file(h, "mentorlink.conf", buf_str(&ini), NULL, 0);
	buf_free(&ini);
	/* A fresh random CPR key per test: no secret in the repository. */
	if ((fd = open("/dev/urandom", O_RDONLY)) == -1 ||
	    read(fd, key, sizeof(key)) != (ssize_t)sizeof(key))
		fail_msg("urandom");
	close(fd);
	for (i = 0; i < sizeof(key); i++)
		snprintf(hex + 2 * i, 3, "%02x", key[i]);
	harness_write_file(h, "cpr.key", hex, NULL, 0);
	setenv("MENTORLINK_CLOCK_FILE", h->clock_file, 1);
	setenv("MENTORLINK_CONFIG", h->config, 1);
}

void
harness_done(struct harness *h)
{
	if (h->dir[0] == '\0')
		return;
	if (getenv("KEEP_TEST_DIR") == NULL)
		test_tree_remove(h->dir);
	else
		fprintf(stderr, "kept %s\n", h->dir);
	h->dir[0] = '\0';
}

void
harness_set_clock(struct harness *h, time_t t)
{
	char   tmp[340], text[32];
	int    fd;
	size_t n;

	/* Write and rename so a reader never sees half a number. */
	snprintf(tmp, sizeof(tmp), "%s.tmp", h->clock_file);
	n = (size_t)snprintf(text, sizeof(text), "%lld\n", (long long)t);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd == -1 || write(fd, text, n) != (ssize_t)n)
		fail_msg("clock file: %s", strerror(errno));
	close(fd);
	if (rename(tmp, h->clock_file) == -1)
		fail_msg("rename clock: %s", strerror(errno));
}

/*
 * Read everything from fd into out (out may be NULL: discard).
 */
static void
drain_fd(int fd, struct buf *out)
{
	char	chunk[4096];
	ssize_t n;

	while ((n = read(fd, chunk, sizeof(chunk))) > 0 ||
	    (n == -1 && errno == EINTR))
		if (n > 0 && out != NULL)
			buf_append(out, chunk, (size_t)n);
}

/*
 * Build argv: path, [-f config], args..., NULL.  Caller frees the array.
 */
static char **
make_argv(struct harness *h, const char *path, int with_config,
    const char *const *args)
{
	char **argv;
	size_t n = 0, i = 0;

	while (args != NULL && args[n] != NULL)
		n++;
	if ((argv = calloc(n + 4, sizeof(*argv))) == NULL)
		fail_msg("calloc");
	argv[i++] = (char *)path;
	if (with_config) {
		argv[i++] = (char *)"-f";
		argv[i++] = h->config;
	}
	for (n = 0; args != NULL && args[n] != NULL; n++)
		argv[i++] = (char *)args[n];
	return argv;
}

int
harness_run(struct harness *h, const char *prog, int with_config,
    const char *const *args, struct buf *out, struct buf *err)
{
	char   path[512], errpath[400];
	char **argv;
	int    outp[2], errfd, status;
	pid_t  pid;

	snprintf(path, sizeof(path), "%s/bin/%s", h->build, prog);
	snprintf(errpath, sizeof(errpath), "%s/.stderr", h->dir);
	argv = make_argv(h, path, with_config, args);
	if (pipe(outp) == -1)
		fail_msg("pipe");
	/* stderr to a file so a full pipe never blocks the child. */
	if ((errfd = open(errpath, O_RDWR | O_CREAT | O_TRUNC, 0600)) == -1)
		fail_msg("open %s", errpath);
	if ((pid = fork()) == -1)
		fail_msg("fork");
	if (pid == 0) {
		dup2(outp[1], 1);
		dup2(errfd, 2);
		close(outp[0]);
		execv(path, argv);
		_exit(127);
	}
	free(argv);
	close(outp[1]);
	drain_fd(outp[0], out);
	close(outp[0]);
	while (waitpid(pid, &status, 0) == -1 && errno == EINTR)
		;
	lseek(errfd, 0, SEEK_SET);
	drain_fd(errfd, err);
	close(errfd);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

void
harness_init_db(struct harness *h, const char *import_json)
{
	struct buf  err = { 0 };
	const char *init[] = { "init", NULL };
	const char *imp[] = { "import", import_json, NULL };

	if (harness_run(h, "mentorctl", 1, init, NULL, &err) != 0)
		fail_msg("mentorctl init failed: %s", buf_str(&err));
	if (import_json != NULL &&
	    harness_run(h, "mentorctl", 1, imp, NULL, &err) != 0)
		fail_msg("mentorctl import failed: %s", buf_str(&err));
	buf_free(&err);
}

/*
 * 1 when the port file holds a port number (stored in p->port).
 */
static int
read_port(const char *path, struct proc *p)
{
	char	text[16] = "";
	long	v;
	char   *end;
	int	fd;
	ssize_t n;

	if ((fd = open(path, O_RDONLY)) == -1)
		return 0;
	n = read(fd, text, sizeof(text) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	text[n] = '\0';
	v = strtol(text, &end, 10);
	if (end == text || v <= 0 || v > 65535)
		return 0;
	p->port = (int)v;
	return 1;
}

void
harness_start(struct harness *h, struct proc *p, const char *prog,
    const char *const *args, const char *port_file)
{
	char	    path[512], pf[400], name[64];
	char	  **argv;
	const char *base;
	int	    fd, i;

	memset(p, 0, sizeof(*p));
	if (prog[0] == '/')
		snprintf(path, sizeof(path), "%s", prog);
	else
		snprintf(path, sizeof(path), "%s/%s", h->build, prog);
	base = strrchr(prog, '/') ? strrchr(prog, '/') + 1 : prog;
	snprintf(name, sizeof(name), "%s", base);
	snprintf(p->log, sizeof(p->log), "%s/%s.log", h->dir, name);
	if (port_file != NULL) {
		snprintf(pf, sizeof(pf), "%s", port_file);
		unlink(pf);
	}
	argv = make_argv(h, path, 0, args);
	if ((p->pid = fork()) == -1)
		fail_msg("fork");
	if (p->pid == 0) {
		/* A test that fails half-way must not leave daemons behind. */
		prctl(PR_SET_PDEATHSIG, SIGTERM);
		fd = open(p->log, O_WRONLY | O_CREAT | O_APPEND, 0600);
		if (fd != -1) {
			dup2(fd, 2);
			dup2(fd, 1);
		}
		execv(path, argv);
		_exit(127);
	}
	free(argv);
	if (port_file == NULL)
		return;
	for (i = 0; i < 500; i++) {
		if (read_port(pf, p))
			return;
		if (waitpid(p->pid, NULL, WNOHANG) == p->pid) {
			struct buf log = { 0 };

			harness_read_file(p->log, &log);
			fail_msg(
			    "%s exited at start:\n%s", prog, buf_str(&log));
		}
		msleep(20);
	}
	fail_msg("%s: no port in %s after 10 s", prog, pf);
}

int
harness_stop(struct proc *p)
{
	int status = 0, i;

	if (p->pid <= 0)
		return -1;
	kill(p->pid, SIGTERM);
	for (i = 0; i < 250; i++) {
		if (waitpid(p->pid, &status, WNOHANG) == p->pid) {
			p->pid = 0;
			return WIFEXITED(status) ? WEXITSTATUS(status)
						 : 128 + WTERMSIG(status);
		}
		msleep(20);
	}
	kill(p->pid, SIGKILL);
	waitpid(p->pid, &status, 0);
	p->pid = 0;
	return 128 + SIGKILL;
}

void
harness_kill(struct proc *p)
{
	if (p->pid <= 0)
		return;
	kill(p->pid, SIGKILL);
	waitpid(p->pid, NULL, 0);
	p->pid = 0;
}

/*
 * libcurl write callback into a struct buf.
 */
static size_t
collect(char *data, size_t size, size_t n, void *arg)
{
	if (arg != NULL)
		buf_append(arg, data, size * n);
	return size * n;
}

long
harness_http(int port, const char *method, const char *path,
    const char *const *headers, const char *body, size_t bodylen,
    struct buf *resp, struct buf *resp_headers)
{
	CURL		  *c;
	struct curl_slist *hl = NULL;
	char		   url[1024];
	long		   code = 0;
	size_t		   i;

	if ((c = curl_easy_init()) == NULL)
		fail_msg("curl_easy_init");
	snprintf(url, sizeof(url), "http://127.0.0.1:%d%s", port, path);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, 10000L);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, resp);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, collect);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, resp_headers);
	for (i = 0; headers != NULL && headers[i] != NULL; i++)
		hl = curl_slist_append(hl, headers[i]);
	/* No "Expect: 100-continue" pauses. */
	hl = curl_slist_append(hl, "Expect:");
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, hl);
	if (body != NULL) {
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)bodylen);
	}
	if (method != NULL)
		curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
	if (curl_easy_perform(c) == CURLE_OK)
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
	curl_slist_free_all(hl);
	curl_easy_cleanup(c);
	return code;
}

int
harness_wait(int (*fn)(void *), void *arg, int ms)
{
	int r, waited = 0;

	while (!(r = fn(arg)) && waited < ms) {
		msleep(20);
		waited += 20;
	}
	return r;
}

int
harness_audit_count(struct harness *h, const char *ext, const char *action)
{
	const char *args[] = { "audit", "export", "--citizen-id", ext, NULL };
	struct buf  out = { 0 }, err = { 0 };
	const char *p;
	char	    needle[80];
	int	    n = 0;

	if (harness_run(h, "mentorctl", 1, args, &out, &err) != 0)
		fail_msg("audit export: %s", buf_str(&err));
	snprintf(needle, sizeof(needle), "\"action\":\"%s\"", action);
	for (p = buf_str(&out); (p = strstr(p, needle)) != NULL; p++)
		n++;
	buf_free(&out);
	buf_free(&err);
	return n;
}

size_t
harness_count_lines(const char *path)
{
	struct buf b = { 0 };
	size_t	   n = 0, i;

	if (harness_read_file(path, &b) == 0)
		for (i = 0; i < b.len; i++)
			n += (b.data[i] == '\n');
	buf_free(&b);
	return n;
}

int
harness_read_file(const char *path, struct buf *out)
{
	int fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	drain_fd(fd, out);
	close(fd);
	return 0;
}

void
harness_idp_start(struct harness *h, struct proc *p, const char *conf_json,
    char *issuer, size_t len)
{
	char	    conf[400], port[400], script[400], cwd[200];
	const char *args[] = { "--config", conf, "--port-file", port, NULL };

	harness_init(h, NULL);
	if (getcwd(cwd, sizeof(cwd)) == NULL)
		fail_msg("getcwd");
	snprintf(script, sizeof(script), "%s/tests/oidc/provider.js", cwd);
	if (access("tests/oidc/node_modules/oidc-provider", F_OK) == -1)
		fail_msg(
		    "tests/oidc/node_modules missing: run scripts/deps.sh");
	harness_write_file(h, "provider.json", conf_json, conf, sizeof(conf));
	snprintf(port, sizeof(port), "%s/provider.port", h->dir);
	harness_start(h, p, script, args, port);
	snprintf(issuer, len, "http://127.0.0.1:%d", p->port);
}

void
harness_idp_stop(struct harness *h, struct proc *p)
{
	harness_stop(p);
	harness_done(h);
}

void
harness_ctl(struct harness *h, struct ctl_run *r, ...)
{
	const char *args[32];
	va_list	    ap;
	size_t	    n = 0;

	harness_ctl_free(r);
	va_start(ap, r);
	while (n < 31 && (args[n] = va_arg(ap, const char *)) != NULL)
		n++;
	va_end(ap);
	args[n] = NULL;
	r->status = harness_run(h, "mentorctl", 1, args, &r->out, &r->err);
}

void
harness_ctl_free(struct ctl_run *r)
{
	buf_free(&r->out);
	buf_free(&r->err);
}

int
harness_setup(void **state)
{
	struct harness *h;

	if ((h = calloc(1, sizeof(*h))) == NULL)
		return -1;
	harness_init(h, NULL);
	*state = h;
	return 0;
}

int
harness_setup_demo(void **state)
{
	struct harness *h;
	struct ctl_run	r = { 0 };

	if (harness_setup(state) == -1)
		return -1;
	h = *state;
	unsetenv("SUDO_USER");
	harness_ctl(h, &r, "init", (char *)NULL);
	assert_int_equal(r.status, 0);
	harness_ctl(h, &r, "import", "--relative-dates", "demo/demo.json",
	    (char *)NULL);
	if (r.status != 0)
		fail_msg("demo import: %s", buf_str(&r.err));
	harness_ctl_free(&r);
	return 0;
}

int
harness_teardown(void **state)
{
	struct harness *h = *state;

	harness_done(h);
	free(h);
	return 0;
}
