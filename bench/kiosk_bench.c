/*
 * kiosk_bench.c - kiosk benchmarks (make bench, section "kiosk"):
 *
 *	kiosk-bench [CITIZENS [REQUESTS]]
 *
 * 1. Agreement page time with CITIZENS (default 100,000) citizens in the
 *    store, each with an agreement (3 tasks) and 2 meetings: SESSIONS
 *    citizens log in through the real code flow, then REQUESTS (default
 *    5,000) GET /agreement round-robin over kept-alive connections.
 *    Reported: the server's own time per request (the kiosk's -v log,
 *    "us=") and the time the client saw, p50/p99/max.
 * 2. "Send code" to the file provider's output with sms-gateway running:
 *    POST /cpr, then watch the provider's JSONL file for the SMS to that
 *    citizen; SAMPLES (50) runs, p50/p99/max.
 * 3. Desk-code sign-in: a code made as the console makes it
 *    (deskcode_issue() in a transaction), then on the kiosk GET /desk,
 *    POST the code, GET /agreement; SAMPLES runs, p50/p99/max of the
 *    making and of the kiosk's round trip.
 *
 * Programs come from $MENTORLINK_BUILD (default "build").  Figures only,
 * no assertions; the temporary folder is removed unless KEEP_BENCH_DIR.
 */
#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

#include "buf.h"
#include "cpr.h"
#include "deskcode.h"
#include "log.h"
#include "store.h"
#include "store_outbox.h"
#include "seed.h"
#include "timing.h"

#define SESSIONS 12
#define SAMPLES	 50
#define WARMUP	 200
#define STAFF	 200

static char  dir[256], build[256];
static pid_t children[2];
static int   nchildren;
static char  key_hex[65];

/* The CPR number of citizen i: a real date, unique for i < 13440 * 8999. */
static void
bench_cpr(unsigned int i, char out[16])
{
	snprintf(out, 16, "%02u%02u%02u-%04u", 1 + i % 28, 1 + (i / 28) % 12,
	    50 + (i / 336) % 40, (1000 + i / 13440) % 10000);
}

static void
bench_mobile(unsigned int i, char out[24])
{
	snprintf(out, 24, "+4521%06u", i % 1000000);
}

static void
write_file(const char *name, const char *text, int mode)
{
	char path[400];
	int  fd;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode)) == -1 ||
	    write(fd, text, strlen(text)) != (ssize_t)strlen(text))
		fatal("%s", path);
	close(fd);
}

static void
write_config(void)
{
	struct buf    b = { 0 };
	unsigned char key[32];
	size_t	      i;
	int	      fd;

	if ((fd = open("/dev/urandom", O_RDONLY)) == -1 ||
	    read(fd, key, sizeof(key)) != (ssize_t)sizeof(key))
		fatal("urandom");
	close(fd);
	for (i = 0; i < sizeof(key); i++)
		snprintf(key_hex + 2 * i, 3, "%02x", key[i]);
	write_file("cpr.key", key_hex, 0600);
	buf_printf(&b,
	    "[organisation]\nname = Benchby Kommune\n"
	    "phone = +4544520000\n[database]\npath = bench.db\n"
	    "cpr_key_file = cpr.key\n[sms]\nprovider = file\n"
	    "file_path = sms.jsonl\nsender = +4512345678\n"
	    "listen = 127.0.0.1:0\nport_file = sms.port\n"
	    "[kiosk]\nlisten = 127.0.0.1:0\nport_file = kiosk.port\n"
	    "codes_per_hour = 10000\nassets = %s/kiosk-assets\n",
	    build);
	write_file("bench.conf", buf_str(&b), 0644);
	buf_free(&b);
}

/* Insert staff, citizens, agreements and meetings. */
static void
fill_store(struct store *s, int citizens)
{
	struct staff_rec     st;
	struct citizen_rec   c;
	struct agreement_rec a;
	struct meeting_rec   m;
	char		     ext[32], name[32], cpr[16], digits[11], mobile[24];
	char  *tasks[3] = { "Følge med til møder", "Planlægge ugen",
		 "Tale om hvordan det går" };
	int    i, j;
	time_t t0 = time(NULL);

	if (store_begin(s) != STORE_OK)
		fatalx("begin");
	for (i = 0; i < STAFF; i++) {
		memset(&st, 0, sizeof(st));
		snprintf(ext, sizeof(ext), "s-%d", i);
		snprintf(name, sizeof(name), "Mentor Nummer %d", i);
		snprintf(mobile, sizeof(mobile), "+4522%06d", i);
		st.external_id = ext;
		st.name = name;
		st.mobile = mobile;
		st.email = "mentor@example.dk";
		st.reachable = "Mandag-torsdag 9-15";
		if (store_staff_upsert(s, &st) != STORE_OK)
			fatalx("staff: %s", store_errmsg(s));
	}
	for (i = 0; i < citizens; i++) {
		memset(&c, 0, sizeof(c));
		snprintf(ext, sizeof(ext), "c-%d", i);
		snprintf(name, sizeof(name), "Borger%d", i);
		bench_cpr(i, cpr);
		bench_mobile(i, mobile);
		if (cpr_parse(cpr, digits) != CPR_OK)
			fatalx("bad bench cpr %d", i);
		cpr_hash(key_hex, strlen(key_hex), digits, c.cpr_hash);
		c.external_id = ext;
		c.given_name = name;
		c.mobile = mobile;
		memcpy(c.language, "da", 3);
		seed_citizen(s, &c, i, &a, ext, sizeof(ext));
		a.mentor_id = 1 + i % STAFF;
		a.caseworker_id = 1 + (i + 1) % STAFF;
		a.goal = "Få en fast hverdag og komme i praktik.";
		a.starts_on = "2026-01-01";
		a.ends_on = "2030-12-31";
		a.hours_amount = 4;
		a.hours_per = "week";
		a.guidance_key = "default";
		memcpy(a.status, "active", 7);
		a.tasks = tasks;
		a.ntasks = 3;
		if (store_agreement_upsert(s, &a) != STORE_OK)
			fatalx("agreement: %s", store_errmsg(s));
		for (j = 0; j < 2; j++) {
			memset(&m, 0, sizeof(m));
			snprintf(ext, sizeof(ext), "m-%d-%d", i, j);
			m.external_id = ext;
			m.agreement_id = a.id;
			m.starts_at = t0 + 86400 * (1 + j + i % 20);
			m.ends_at = m.starts_at + 3600;
			m.place = "Rådhuset";
			memcpy(m.kind, "mentor", 7);
			memcpy(m.status, "planned", 8);
			if (store_meeting_upsert(s, &m) != STORE_OK)
				fatalx("meeting: %s", store_errmsg(s));
		}
		if (i % 5000 == 4999 &&
		    (store_commit(s) != STORE_OK || store_begin(s) != STORE_OK))
			fatalx("commit");
	}
	if (store_commit(s) != STORE_OK)
		fatalx("commit");
}

/* Start build/bin/PROG -v -f bench.conf, stderr to PROG.log; wait for port_file. */
static pid_t
start(const char *prog, const char *port_file, int *port)
{
	char	path[400], conf[400], log[400], pf[400], text[16];
	pid_t	pid;
	int	fd, i;
	ssize_t n;

	snprintf(path, sizeof(path), "%s/bin/%s", build, prog);
	snprintf(conf, sizeof(conf), "%s/bench.conf", dir);
	snprintf(log, sizeof(log), "%s/%s.log", dir, prog);
	snprintf(pf, sizeof(pf), "%s/%s", dir, port_file);
	if ((pid = fork()) == 0) {
		if ((fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0600)) !=
		    -1) {
			dup2(fd, 2);
			dup2(fd, 1);
		}
		execl(path, prog, "-v", "-f", conf, (char *)NULL);
		_exit(127);
	}
	if (pid > 0 && nchildren < 2)
		children[nchildren++] = pid;
	for (i = 0; i < 1000; i++) {
		if ((fd = open(pf, O_RDONLY)) != -1) {
			n = read(fd, text, sizeof(text) - 1);
			close(fd);
			if (n > 0) {
				text[n] = '\0';
				*port = (int)strtol(text, NULL, 10);
				return pid;
			}
		}
		usleep(10000);
	}
	fatalx("%s did not start; see %s", prog, log);
}

static void
stop(pid_t pid)
{
	int i;

	kill(pid, SIGTERM);
	waitpid(pid, NULL, 0);
	for (i = 0; i < nchildren; i++)
		if (children[i] == pid)
			children[i] = 0;
}

/* At exit (also through fatalx): stop the programs still running. */
static void
stop_children(void)
{
	int i;

	for (i = 0; i < nchildren; i++)
		if (children[i] > 0)
			stop(children[i]);
}

static size_t
collect(char *p, size_t size, size_t n, void *arg)
{
	buf_append(arg, p, size * n);
	return size * n;
}

/* One request on handle h; returns the status, body in out. */
static long
http(CURL *h, int port, const char *path, const char *post, struct buf *out)
{
	char url[256];
	long code = 0;

	buf_reset(out);
	snprintf(url, sizeof(url), "http://127.0.0.1:%d%s", port, path);
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, collect);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, out);
	if (post != NULL)
		curl_easy_setopt(h, CURLOPT_POSTFIELDS, post);
	else
		curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
	if (curl_easy_perform(h) == CURLE_OK)
		curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
	return code;
}

static CURL *
handle(void)
{
	CURL *h = curl_easy_init();

	curl_easy_setopt(h, CURLOPT_COOKIEFILE, "");
	curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, 10000L);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	return h;
}

/* GET /cpr and POST the CPR of citizen i; returns the POST's status. */
static long
ask_code(CURL *h, int port, int i, struct buf *body)
{
	char	    post[200], cpr[16];
	const char *tok;

	long	    st;

	if ((st = http(h, port, "/cpr", NULL, body)) != 200 ||
	    (tok = strstr(buf_str(body), "name=\"csrf\" value=\"")) == NULL)
		fatalx("no CPR screen: status %ld", st);
	bench_cpr(i, cpr);
	snprintf(
	    post, sizeof(post), "csrf=%.64s&cpr=%s&action=send", tok + 19, cpr);
	return http(h, port, "/cpr", post, body);
}

static int
code_of(const struct outbox_rec *r, void *arg)
{
	const char *p = r->body ? strpbrk(r->body, "0123456789") : NULL;

	if (p != NULL)
		snprintf(arg, 7, "%.6s", p);
	return 1;
}

/* Log citizen i in on handle h (the code read from the outbox). */
static void
login(struct store *s, CURL *h, int port, int i)
{
	struct buf  body = { 0 };
	char	    code[7] = "", mobile[24], post[200];
	const char *tok;

	if (ask_code(h, port, i, &body) != 303)
		fatalx("code request refused");
	bench_mobile(i, mobile);
	if (store_outbox_list(s, -1, mobile, 1, code_of, code) != STORE_OK ||
	    code[0] == '\0')
		fatalx("no code for citizen %d", i);
	if (http(h, port, "/code", NULL, &body) != 200 ||
	    (tok = strstr(buf_str(&body), "name=\"csrf\" value=\"")) == NULL)
		fatalx("no code screen");
	snprintf(post, sizeof(post), "csrf=%.64s&code=%s", tok + 19, code);
	if (http(h, port, "/code", post, &body) != 303)
		fatalx("login failed");
	buf_free(&body);
}

/* The server's us= figures for GET /agreement from the kiosk's log. */
static size_t
server_times(double *v, size_t max, size_t skip)
{
	char   path[400], line[512], *p;
	FILE  *f;
	size_t n = 0, seen = 0;

	snprintf(path, sizeof(path), "%s/kiosk.log", dir);
	if ((f = fopen(path, "r")) == NULL)
		return 0;
	while (n < max && fgets(line, sizeof(line), f) != NULL) {
		if (strstr(line, "GET /agreement status=200") == NULL ||
		    (p = strstr(line, " us=")) == NULL)
			continue;
		if (seen++ < skip)
			continue;
		v[n++] = strtod(p + 4, NULL) / 1000.0;
	}
	fclose(f);
	return n;
}

static void
bench_agreement(struct store *s, int port, int citizens, int requests)
{
	CURL	  *h[SESSIONS];
	struct buf body = { 0 };
	double	  *client = calloc((size_t)requests, sizeof(double));
	double	  *server = calloc((size_t)requests, sizeof(double));
	double	   t;
	int	   i;
	size_t	   n;

	if (client == NULL || server == NULL)
		fatal("calloc");
	for (i = 0; i < SESSIONS; i++) {
		h[i] = handle();
		login(s, h[i], port, (i * 2477) % citizens);
	}
	for (i = 0; i < WARMUP + requests; i++) {
		t = timing_now_ms();
		if (http(h[i % SESSIONS], port, "/agreement", NULL, &body) !=
		    200)
			fatalx("agreement page failed");
		if (i >= WARMUP)
			client[i - WARMUP] = timing_now_ms() - t;
	}
	usleep(200000);
	n = server_times(server, (size_t)requests, WARMUP);
	timing_report("agreement page, server time", server, n, "ms");
	timing_report("agreement page, client round trip", client,
	    (size_t)requests, "ms");
	for (i = 0; i < SESSIONS; i++)
		curl_easy_cleanup(h[i]);
	buf_free(&body);
	free(client);
	free(server);
}

/* 1 when the SMS file has a line to mobile after offset. */
static int
sms_seen(const char *file, off_t offset, const char *mobile)
{
	char	want[40], chunk[8192];
	int	fd, found = 0;
	ssize_t n;

	snprintf(want, sizeof(want), "\"to\":\"%s\"", mobile);
	if ((fd = open(file, O_RDONLY)) == -1)
		return 0;
	if (lseek(fd, offset, SEEK_SET) == offset &&
	    (n = read(fd, chunk, sizeof(chunk) - 1)) > 0) {
		chunk[n] = '\0';
		found = strstr(chunk, want) != NULL;
	}
	close(fd);
	return found;
}

/* Lines in the SMS file. */
static int
sms_lines(const char *file)
{
	FILE *f;
	int   c, n = 0;

	if ((f = fopen(file, "r")) == NULL)
		return 0;
	while ((c = getc(f)) != EOF)
		n += c == '\n';
	fclose(f);
	return n;
}

static void
bench_code_to_provider(int port, int citizens)
{
	char	    file[400], mobile[24];
	double	    v[SAMPLES], t;
	struct stat st;
	struct buf  body = { 0 };
	CURL	   *h;
	off_t	    off;
	int	    i, k;

	snprintf(file, sizeof(file), "%s/sms.jsonl", dir);
	/* The login codes queued above go out first. */
	for (k = 0; k < 1000 && sms_lines(file) < SESSIONS; k++)
		usleep(10000);
	for (i = 0; i < SAMPLES; i++) {
		h = handle();
		off = stat(file, &st) == 0 ? st.st_size : 0;
		bench_mobile(citizens / 2 + i, mobile);
		t = timing_now_ms();
		if (ask_code(h, port, citizens / 2 + i, &body) != 303)
			fatalx("code request refused");
		for (k = 0; k < 5000 && !sms_seen(file, off, mobile); k++)
			usleep(500);
		v[i] = timing_now_ms() - t;
		curl_easy_cleanup(h);
		usleep(20000 + (i % 7) * 13000);
	}
	timing_report("send code -> file provider output", v, SAMPLES, "ms");
	buf_free(&body);
}

/*
 * Make a desk code for citizen i as the console does; the time it took
 * (ms) into *made.
 */
static void
desk_make(struct store *s, int i, char code[DESKCODE_DIGITS + 1], double *made)
{
	double t = timing_now_ms();

	if (store_begin(s) != STORE_OK ||
	    deskcode_issue(s, key_hex, strlen(key_hex), i + 1, 1, NULL,
		time(NULL), code, NULL) != STORE_OK ||
	    store_audit(s, time(NULL), "staff", "bench", "desk_code_created",
		i + 1, "desk", "kiosk=any") != STORE_OK ||
	    store_commit(s) != STORE_OK)
		fatalx("desk code: %s", store_errmsg(s));
	*made = timing_now_ms() - t;
}

static void
bench_desk(struct store *s, int port, int citizens)
{
	double	    made[SAMPLES], trip[SAMPLES], t;
	struct buf  body = { 0 };
	char	    code[DESKCODE_DIGITS + 1], post[200];
	const char *tok;
	CURL	   *h;
	int	    i;

	for (i = 0; i < SAMPLES; i++) {
		desk_make(s, citizens / 4 + i, code, &made[i]);
		h = handle();
		t = timing_now_ms();
		if (http(h, port, "/desk", NULL, &body) != 200 ||
		    (tok = strstr(buf_str(&body), "name=\"csrf\" value=\"")) ==
			NULL)
			fatalx("no desk screen");
		snprintf(
		    post, sizeof(post), "csrf=%.64s&code=%s", tok + 19, code);
		if (http(h, port, "/desk", post, &body) != 303 ||
		    http(h, port, "/agreement", NULL, &body) != 200)
			fatalx("desk code sign-in failed");
		trip[i] = timing_now_ms() - t;
		explicit_bzero(code, sizeof(code));
		curl_easy_cleanup(h);
	}
	timing_report(
	    "desk code: make (store, as the console)", made, SAMPLES, "ms");
	timing_report(
	    "desk code: kiosk /desk, code, /agreement", trip, SAMPLES, "ms");
	buf_free(&body);
}

static int
rm_rf(const char *path)
{
	char  cmd[600];
	pid_t pid;

	snprintf(cmd, sizeof(cmd), "%s", path);
	if ((pid = fork()) == 0) {
		execlp("rm", "rm", "-rf", cmd, (char *)NULL);
		_exit(127);
	}
	return waitpid(pid, NULL, 0) == pid ? 0 : -1;
}

int
main(int argc, char *argv[])
{
	struct store *s;
	char	      err[256], db[400];
	int   citizens = argc > 1 ? (int)strtol(argv[1], NULL, 10) : 100000;
	int   requests = argc > 2 ? (int)strtol(argv[2], NULL, 10) : 5000;
	int   kport, gport;
	pid_t kiosk, gw;
	const char *b = getenv("MENTORLINK_BUILD");
	double	    t;

	log_init(1, 0);
	atexit(stop_children);
	snprintf(build, sizeof(build), "%s", b && *b ? b : "build");
	if (build[0] != '/') {
		char cwd[200];

		if (getcwd(cwd, sizeof(cwd)) == NULL)
			fatal("getcwd");
		snprintf(
		    build, sizeof(build), "%s/%s", cwd, b && *b ? b : "build");
	}
	snprintf(dir, sizeof(dir), "/tmp/mentorlink-kbench-XXXXXX");
	if (mkdtemp(dir) == NULL)
		fatal("mkdtemp");
	write_config();
	snprintf(db, sizeof(db), "%s/bench.db", dir);
	if (store_open(db, STORE_CREATE, &s, err, sizeof(err)) != STORE_OK)
		fatalx("%s", err);
	t = timing_now_ms();
	fill_store(s, citizens);
	printf(
	    "kiosk bench: %d citizens with agreements and meetings in %.1f s\n",
	    citizens, (timing_now_ms() - t) / 1000);
	curl_global_init(CURL_GLOBAL_DEFAULT);
	kiosk = start("kiosk", "kiosk.port", &kport);
	if (citizens < 2 * SAMPLES + SESSIONS || requests < 1)
		fatalx("usage: kiosk-bench [CITIZENS >= %d [REQUESTS]]",
		    2 * SAMPLES + SESSIONS);
	bench_agreement(s, kport, citizens, requests);
	bench_desk(s, kport, citizens);
	gw = start("sms-gateway", "sms.port", &gport);
	bench_code_to_provider(kport, citizens);
	stop(gw);
	stop(kiosk);
	store_close(s);
	curl_global_cleanup();
	if (getenv("KEEP_BENCH_DIR") == NULL)
		rm_rf(dir);
	else
		printf("kept %s\n", dir);
	return 0;
}
