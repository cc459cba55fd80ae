/*
 * it_mentorctl_audit - mentorctl's audit trail and what protects it: no
 * command fails while another program writes, the actor is the
 * operating-system user, every command that shows a citizen's data
 * writes audit rows, login codes stay hidden, a CPR number can come from
 * standard input or a prompt without echo, and `check` finds files that
 * group or others can read.  Runs build/.../bin/mentorctl as a black box
 * (tests/harness.h); expects to run from the top of the source tree.
 */
#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <grp.h>
#include <pthread.h>
#include <pty.h>
#include <utmp.h>
#include <pwd.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "buf.h"
#include "harness.h"
#include "store.h"
#include "store_contact.h"
#include "store_inbox.h"
#include "store_outbox.h"

#define DEMO	   "demo/demo.json"
#define MADS_CPR   "010190-1234"
#define LOGIN_CODE "482913"

extern char **environ;

/* How one mentorctl run is made. */
struct call {
	const char	  *input; /* standard input; NULL: /dev/null */
	const char *const *env;	  /* "NAME=value" set, "NAME" removed */
	uid_t		   uid;	  /* run as this user; 0: as we are */
	gid_t		   gid;
};

struct run {
	int	   status;
	struct buf out;
	struct buf err;
};

struct fixture {
	struct harness h;
	int64_t	       mads;	  /* citizen id of c-mads */
	int64_t	       staff_msg; /* outbox row: a staff text to Mads */
	int64_t	       code_msg;  /* outbox row: a login code to Mads */
	int64_t	       contact;	  /* Mads's open contact request */
};

/*
 * The environment for a child: ours with c->env applied.  Built before
 * fork (the child of a threaded process may not allocate).  Caller
 * frees the array (not the strings, which are ours or c->env's).
 */
static char **
env_make(const struct call *c)
{
	char **env;
	size_t n = 0, m = 0, i, j, len;
	int    drop;

	while (environ[n] != NULL)
		n++;
	while (c->env != NULL && c->env[m] != NULL)
		m++;
	if ((env = calloc(n + m + 1, sizeof(*env))) == NULL)
		fail_msg("calloc");
	for (i = 0, n = 0; environ[i] != NULL; i++) {
		drop = 0;
		for (j = 0; j < m; j++) {
			len = strcspn(c->env[j], "=");
			if (strncmp(environ[i], c->env[j], len) == 0 &&
			    environ[i][len] == '=')
				drop = 1;
		}
		if (!drop)
			env[n++] = environ[i];
	}
	for (j = 0; j < m; j++)
		if (strchr(c->env[j], '=') != NULL)
			env[n++] = (char *)c->env[j];
	env[n] = NULL;
	return env;
}

/* Read a whole file into b (after buf_free). */
static void
slurp(const char *path, struct buf *b)
{
	buf_free(b);
	if (harness_read_file(path, b) == -1)
		buf_puts(b, "");
}

/*
 * Run mentorctl -f CONFIG args... as c says; wait; collect its output.
 */
static void
ctl_call(struct harness *h, const struct call *c, struct run *r,
    const char *const *args)
{
	char   path[400], in[400], out[400], err[400], *argv[40], **env;
	size_t n = 0;
	int    fd[3], status;
	pid_t  pid;

	snprintf(path, sizeof(path), "%s/bin/mentorctl", h->build);
	snprintf(in, sizeof(in), "%s/.stdin", h->dir);
	snprintf(out, sizeof(out), "%s/.stdout", h->dir);
	snprintf(err, sizeof(err), "%s/.stderr", h->dir);
	harness_write_file(h, ".stdin", c->input ? c->input : "", NULL, 0);
	argv[n++] = path;
	argv[n++] = (char *)"-f";
	argv[n++] = h->config;
	while (n < 39 && *args != NULL)
		argv[n++] = (char *)*args++;
	argv[n] = NULL;
	env = env_make(c);
	fd[0] = open(c->input ? in : "/dev/null", O_RDONLY);
	fd[1] = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	fd[2] = open(err, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd[0] == -1 || fd[1] == -1 || fd[2] == -1)
		fail_msg("open: %s", strerror(errno));
	if (c->uid != 0 &&
	    (fchown(fd[1], c->uid, c->gid) == -1 ||
		fchown(fd[2], c->uid, c->gid) == -1))
		fail_msg("fchown: %s", strerror(errno));
	if ((pid = fork()) == -1)
		fail_msg("fork");
	if (pid == 0) {
		dup2(fd[0], 0);
		dup2(fd[1], 1);
		dup2(fd[2], 2);
		if (c->uid != 0 &&
		    (setgroups(0, NULL) == -1 || setgid(c->gid) == -1 ||
			setuid(c->uid) == -1))
			_exit(126);
		execve(path, argv, env);
		_exit(127);
	}
	free(env);
	close(fd[0]);
	close(fd[1]);
	close(fd[2]);
	while (waitpid(pid, &status, 0) == -1 && errno == EINTR)
		;
	r->status =
	    WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	slurp(out, &r->out);
	slurp(err, &r->err);
}

/* Run mentorctl with args (NULL-terminated) and nothing else special. */
static void
ctl(struct harness *h, struct run *r, ...)
{
	static const struct call plain = { NULL, NULL, 0, 0 };
	const char		*args[32];
	va_list			 ap;
	size_t			 n = 0;

	va_start(ap, r);
	while (n < 31 && (args[n] = va_arg(ap, const char *)) != NULL)
		n++;
	va_end(ap);
	args[n] = NULL;
	ctl_call(h, &plain, r, args);
}

static void
run_free(struct run *r)
{
	buf_free(&r->out);
	buf_free(&r->err);
}

/* Open the test's own connection to the database. */
static struct store *
db_open(struct harness *h)
{
	struct store *s;
	char	      err[512];

	if (store_open(h->db, 0, &s, err, sizeof(err)) != STORE_OK)
		fail_msg("store_open: %s", err);
	return s;
}

/* Give Mads an incoming text, a contact request and two outgoing texts. */
static void
seed_mads(struct fixture *f)
{
	struct store	  *s = db_open(&f->h);
	struct citizen_rec c;
	struct contact_rec cr;
	struct inbox_event ev = { "gatewayapi", "mo-1", "+4520000101",
		"+4512345678", "Kan du ringe til mig?" };
	struct outbox_msg  m;
	int64_t		   in;
	time_t		   now = time(NULL);

	assert_int_equal(store_citizen_by_external(s, "c-mads", &c), STORE_OK);
	f->mads = c.id;
	citizen_rec_free(&c);
	memset(&cr, 0, sizeof(cr));
	cr.citizen_id = f->mads;
	snprintf(cr.channel, sizeof(cr.channel), "sms");
	cr.opened_at = now;
	assert_int_equal(store_contact_insert(s, &cr), STORE_OK);
	f->contact = cr.id;
	assert_int_equal(store_inbox_add(s, &ev, now, &in, NULL), STORE_OK);
	assert_int_equal(store_inbox_set_outcome(s, in, "contact_opened",
			     f->mads, 0, f->contact, now),
	    STORE_OK);
	memset(&m, 0, sizeof(m));
	m.recipient = "+4520000101";
	m.body = "Kontoret er lukket i morgen.";
	m.purpose = "staff";
	m.send_by = now + 86400;
	m.citizen_id = f->mads;
	assert_int_equal(
	    store_outbox_queue(s, &m, now, &f->staff_msg), STORE_OK);
	m.body = "Din kode er " LOGIN_CODE;
	m.purpose = "login_code";
	assert_int_equal(
	    store_outbox_queue(s, &m, now, &f->code_msg), STORE_OK);
	store_close(s);
}

/* A fresh folder: init, the demo imported, Mads's texts and request. */
static int
setup_demo(void **state)
{
	struct fixture *f;
	struct run	r = { 0 };

	if ((f = calloc(1, sizeof(*f))) == NULL)
		return -1;
	harness_init(&f->h, NULL);
	ctl(&f->h, &r, "init", (char *)NULL);
	assert_int_equal(r.status, 0);
	ctl(&f->h, &r, "import", "--relative-dates", DEMO, (char *)NULL);
	if (r.status != 0)
		fail_msg("demo import: %s", buf_str(&r.err));
	run_free(&r);
	seed_mads(f);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	harness_done(&f->h);
	free(f);
	return 0;
}

/* --- 1. a busy database is a wait --------------------------------------- */

struct writer {
	const char  *db;
	volatile int stop;
	long	     commits;
	long	     failures;
};

/*
 * Write like a daemon draining its queue: short write transactions (a
 * few dozen rows), one after the other, with a pause between them as
 * short as a provider's answer (0.2 ms).  At most 120 s.
 */
static void *
writer_main(void *arg)
{
	struct writer  *w = arg;
	struct timespec pause = { 0, 200000L };
	struct store   *s;
	char		err[512], value[32];
	time_t		end = time(NULL) + 120;
	int		i;

	if (store_open(w->db, 0, &s, err, sizeof(err)) != STORE_OK)
		return NULL;
	while (!w->stop && time(NULL) < end) {
		if (store_begin(s) != STORE_OK) {
			w->failures++;
			continue;
		}
		for (i = 0; i < 40; i++) {
			snprintf(value, sizeof(value), "%ld.%d", w->commits, i);
			(void)store_setting_set(s, "it_busy_writer", value);
		}
		if (store_commit(s) == STORE_OK)
			w->commits++;
		else
			w->failures++;
		nanosleep(&pause, NULL);
	}
	store_close(s);
	return NULL;
}

/*
 * Every command that shows a citizen's data, run again and again while
 * another connection writes without a break: none fails.
 */
static void
test_busy_database(void **state)
{
	struct fixture	 *f = *state;
	char		  staff_msg[24], contact[24];
	const char *const cmds[][6] = {
		{ "citizen", "show", "--id", "c-mads", NULL },
		{ "citizen", "list", NULL },
		{ "agreement", "show", "a-mads", NULL },
		{ "agreement", "list", "--citizen", "c-mads", NULL },
		{ "inbox", "list", NULL },
		{ "outbox", "list", NULL },
		{ "outbox", "show", staff_msg, NULL },
		{ "contact", "list", NULL },
		{ "contact", "show", contact, NULL },
		{ "status", NULL },
		{ "audit", "export", "--citizen-id", "c-mads", NULL },
	};
	const size_t  ncmds = sizeof(cmds) / sizeof(cmds[0]), rounds = 4;
	struct writer w = { f->h.db, 0, 0, 0 };
	struct run    r = { 0 };
	pthread_t     t;
	size_t	      i, k, runs = 0, failed = 0;

	snprintf(staff_msg, sizeof(staff_msg), "%lld", (long long)f->staff_msg);
	snprintf(contact, sizeof(contact), "%lld", (long long)f->contact);
	assert_int_equal(pthread_create(&t, NULL, writer_main, &w), 0);
	for (k = 0; k < rounds; k++) {
		for (i = 0; i < ncmds; i++) {
			ctl_call(&f->h, &(struct call){ 0 }, &r, cmds[i]);
			runs++;
			if (r.status != 0) {
				failed++;
				fprintf(stderr, "busy: %s %s failed: %s",
				    cmds[i][0], cmds[i][1], buf_str(&r.err));
			}
		}
	}
	w.stop = 1;
	pthread_join(t, NULL);
	fprintf(stderr,
	    "busy database: %zu runs, %zu failed; the writer "
	    "committed %ld transactions (%ld failed)\n",
	    runs, failed, w.commits, w.failures);
	assert_true(w.commits > 0);
	assert_int_equal(failed, 0);
	run_free(&r);
}

/* --- helpers on the audit trail ----------------------------------------- */

/*
 * The actor of the newest audit row of citizen ext with action, into
 * out ("" when there is none).
 */
static void
audit_last_actor(struct harness *h, const char *ext, const char *action,
    char *out, size_t len)
{
	struct run  r = { 0 };
	const char *p, *q, *line;
	char	    needle[80];

	out[0] = '\0';
	ctl(h, &r, "audit", "export", "--citizen-id", ext, (char *)NULL);
	assert_int_equal(r.status, 0);
	snprintf(needle, sizeof(needle), "\"action\":\"%s\"", action);
	for (line = buf_str(&r.out); *line != '\0'; line = q + 1) {
		if ((q = strchr(line, '\n')) == NULL)
			break;
		if ((p = strstr(line, needle)) == NULL || p > q)
			continue;
		if ((p = strstr(line, "\"actor\":\"")) == NULL || p > q)
			continue;
		p += strlen("\"actor\":\"");
		snprintf(out, len, "%.*s", (int)strcspn(p, "\""), p);
	}
	run_free(&r);
}

/* The passwd name of uid, into out. */
static void
user_name(uid_t uid, char *out, size_t len)
{
	struct passwd *pw;

	if ((pw = getpwuid(uid)) == NULL)
		fail_msg("no passwd entry for uid %u", (unsigned)uid);
	snprintf(out, len, "%s", pw->pw_name);
}

/* nftw callback: give the test folder to the user in chown_to. */
static uid_t chown_uid;
static gid_t chown_gid;

static int
chown_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	return lchown(path, chown_uid, chown_gid);
}

/* --- 2. the actor is the operating-system user --------------------------- */

/*
 * $USER, $LOGNAME and (unless we are root) $SUDO_USER cannot choose the
 * name in the audit trail: it is the user mentorctl runs as.
 */
static void
test_actor_is_os_user(void **state)
{
	struct fixture	 *f = *state;
	const char *const show[] = { "citizen", "show", "--id", "c-mads",
		NULL };
	const char *const env_user[] = { "USER=someone-else",
		"LOGNAME=someone-else", "SUDO_USER", NULL };
	const char *const env_sudo[] = { "USER=someone-else",
		"LOGNAME=someone-else", "SUDO_USER=daemon", NULL };
	struct passwd	 *other;
	struct run	  r = { 0 };
	char		  me[64], got[64], want[64];

	user_name(getuid(), me, sizeof(me));
	ctl_call(&f->h, &(struct call){ NULL, env_user, 0, 0 }, &r, show);
	assert_int_equal(r.status, 0);
	audit_last_actor(&f->h, "c-mads", "show_citizen", got, sizeof(got));
	assert_string_equal(got, me);

	/* $SUDO_USER counts only for root, and only for a real user. */
	if ((other = getpwnam("daemon")) == NULL)
		fail_msg("this test needs the user \"daemon\"");
	snprintf(want, sizeof(want), "%s", getuid() == 0 ? "daemon" : me);
	ctl_call(&f->h, &(struct call){ NULL, env_sudo, 0, 0 }, &r, show);
	assert_int_equal(r.status, 0);
	audit_last_actor(&f->h, "c-mads", "show_citizen", got, sizeof(got));
	assert_string_equal(got, want);
	if (getuid() != 0) {
		run_free(&r);
		return;
	}

	/* As root we can also run it as another user: "nobody". */
	if ((other = getpwnam("nobody")) == NULL)
		fail_msg("this test needs the user \"nobody\"");
	chown_uid = other->pw_uid;
	chown_gid = other->pw_gid;
	assert_int_equal(nftw(f->h.dir, chown_entry, 16, FTW_PHYS), 0);
	ctl_call(&f->h,
	    &(struct call){ NULL, env_sudo, other->pw_uid, other->pw_gid }, &r,
	    show);
	if (r.status != 0)
		fail_msg("as nobody: %s", buf_str(&r.err));
	audit_last_actor(&f->h, "c-mads", "show_citizen", got, sizeof(got));
	assert_string_equal(got, "nobody");
	run_free(&r);
}

/* --- 3. every command that shows a citizen's data is audited ------------- */

/* Mark outbox row id failed (a bad number), as the gateway would. */
static void
outbox_fail(struct harness *h, int64_t id)
{
	sqlite3 *db;
	char	 sql[160];

	snprintf(sql, sizeof(sql),
	    "UPDATE sms_outbox SET status = 'failed', "
	    "final_at = %lld, last_error = 'unknown number' WHERE id = %lld",
	    (long long)time(NULL), (long long)id);
	if (sqlite3_open(h->db, &db) != SQLITE_OK ||
	    sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
		fail_msg("outbox_fail: %s", sqlite3_errmsg(db));
	sqlite3_close(db);
}

/*
 * Each command that shows (or changes) a citizen's data writes an audit
 * row for that citizen with the action named; a meeting's add, move and
 * cancel too.
 */
static void
test_every_show_audits(void **state)
{
	struct fixture *f = *state;
	char		msg[24], contact[24], from[16], to[16];
	time_t		t;
	struct tm	tm;
	const struct {
		const char *args[12];
		const char *citizen;
		const char *action;
	} cases[] = {
		{ { "citizen", "show", "--id", "c-mads" }, "c-mads",
		    "show_citizen" },
		{ { "citizen", "list" }, "c-mads", "list_citizens" },
		{ { "agreement", "show", "a-mads" }, "c-mads",
		    "show_agreement" },
		{ { "agreement", "list", "--citizen", "c-mads" }, "c-mads",
		    "list_agreements" },
		{ { "inbox", "list" }, "c-mads", "view_inbox" },
		{ { "outbox", "list" }, "c-mads", "list_outbox" },
		{ { "outbox", "show", msg }, "c-mads", "show_outbox" },
		{ { "contact", "list" }, "c-mads", "list_contacts" },
		{ { "contact", "show", contact }, "c-mads", "view_contact" },
		{ { "status" }, "c-emma", "show_status" },
		{ { "status" }, "c-mads", "show_status" },
		{ { "journal", "export", "--from", from, "--to", to }, "c-mads",
		    "journal_export" },
		{ { "agreement", "add", "--citizen", "c-mads", "--id",
		      "a-mads-3" },
		    "c-mads", "add_agreement" },
		{ { "agreement", "extend", "a-mads-3", "--until", "2099-12-31",
		      "--starts", "2099-01-01" },
		    "c-mads", "extend_agreement" },
		{ { "agreement", "end", "a-mads-3" }, "c-mads",
		    "end_agreement" },
		{ { "meeting", "add", "--agreement", "a-mads", "--id",
		      "m-audit", "--starts", "2099-03-02T10:00", "--ends",
		      "2099-03-02T11:00" },
		    "c-mads", "add_meeting" },
		{ { "meeting", "move", "m-audit", "--starts",
		      "2099-03-03T10:00", "--ends", "2099-03-03T11:00" },
		    "c-mads", "move_meeting" },
		{ { "meeting", "cancel", "m-audit" }, "c-mads",
		    "cancel_meeting" },
	};
	struct run r = { 0 };
	struct buf missing = { 0 };
	size_t	   i;
	int	   before;

	snprintf(msg, sizeof(msg), "%lld", (long long)f->staff_msg);
	snprintf(contact, sizeof(contact), "%lld", (long long)f->contact);
	t = time(NULL) - 86400;
	localtime_r(&t, &tm);
	strftime(from, sizeof(from), "%Y-%m-%d", &tm);
	t += 2 * 86400;
	localtime_r(&t, &tm);
	strftime(to, sizeof(to), "%Y-%m-%d", &tm);
	outbox_fail(&f->h, f->staff_msg); /* status shows the number */
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		before = harness_audit_count(
		    &f->h, cases[i].citizen, cases[i].action);
		ctl_call(&f->h, &(struct call){ 0 }, &r, cases[i].args);
		if (r.status != 0)
			fail_msg("%s %s: %s", cases[i].args[0],
			    cases[i].args[1] ? cases[i].args[1] : "",
			    buf_str(&r.err));
		if (harness_audit_count(
			&f->h, cases[i].citizen, cases[i].action) <= before)
			buf_printf(&missing, "\n  %s %s wrote no %s row for %s",
			    cases[i].args[0],
			    cases[i].args[1] ? cases[i].args[1] : "",
			    cases[i].action, cases[i].citizen);
	}
	if (missing.len > 0)
		fail_msg("not audited:%s", buf_str(&missing));
	buf_free(&missing);
	run_free(&r);
}

/* The journal export says who did each audited action. */
static void
test_journal_has_actor(void **state)
{
	struct fixture *f = *state;
	struct run	r = { 0 };
	char		me[64], want[128], from[16], to[16];
	time_t		t = time(NULL) - 86400;
	struct tm	tm;

	localtime_r(&t, &tm);
	strftime(from, sizeof(from), "%Y-%m-%d", &tm);
	t += 2 * 86400;
	localtime_r(&t, &tm);
	strftime(to, sizeof(to), "%Y-%m-%d", &tm);
	user_name(getuid(), me, sizeof(me));
	ctl(&f->h, &r, "citizen", "show", "--id", "c-mads", (char *)NULL);
	assert_int_equal(r.status, 0);
	ctl(&f->h, &r, "journal", "export", "--from", from, "--to", to,
	    (char *)NULL);
	assert_int_equal(r.status, 0);
	snprintf(want, sizeof(want), "\"what\":\"show_citizen\"");
	assert_non_null(strstr(buf_str(&r.out), want));
	snprintf(want, sizeof(want),
	    "\"actor_kind\":\"staff\","
	    "\"actor\":\"%s\"",
	    me);
	assert_non_null(strstr(buf_str(&r.out), want));
	ctl(&f->h, &r, "journal", "export", "--from", from, "--to", to, "--csv",
	    (char *)NULL);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(buf_str(&r.out),
	    "type,id,at,citizen,staff,"
	    "number,what,status,text,request,actor_kind,actor\r\n"));
	snprintf(want, sizeof(want), ",staff,%s\r\n", me);
	assert_non_null(strstr(buf_str(&r.out), want));
	run_free(&r);
}

/* --- 4. login codes stay hidden ------------------------------------------ */

static void
test_outbox_show_hides_codes(void **state)
{
	struct fixture *f = *state;
	struct run	r = { 0 };
	char		id[24];

	snprintf(id, sizeof(id), "%lld", (long long)f->code_msg);
	ctl(&f->h, &r, "outbox", "show", id, (char *)NULL);
	assert_int_equal(r.status, 0);
	assert_null(strstr(buf_str(&r.out), LOGIN_CODE));
	assert_non_null(strstr(buf_str(&r.out), "(hidden: a login code)"));
	ctl(&f->h, &r, "--json", "outbox", "show", id, (char *)NULL);
	assert_int_equal(r.status, 0);
	assert_null(strstr(buf_str(&r.out), LOGIN_CODE));
	assert_non_null(strstr(buf_str(&r.out), "\"text\":null"));
	assert_non_null(strstr(buf_str(&r.out), "\"text_hidden\":true"));
	/* Other texts are shown. */
	snprintf(id, sizeof(id), "%lld", (long long)f->staff_msg);
	ctl(&f->h, &r, "outbox", "show", id, (char *)NULL);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(buf_str(&r.out), "Kontoret er lukket"));
	run_free(&r);
}

/* --- 5. a CPR number from standard input --------------------------------- */

/* Every option that takes a CPR number takes "-": a line on stdin. */
static void
test_cpr_from_stdin(void **state)
{
	struct fixture	 *f = *state;
	const char *const show[] = { "citizen", "show", "--cpr", "-", NULL };
	const char *const audit[] = { "audit", "export", "--citizen", "-",
		NULL };
	const char *const sms[] = { "--json", "sms", "send", "--citizen", "-",
		"Hej Mads", NULL };
	const char *const add[] = { "citizen", "add", "--cpr", "-", "--name",
		"Ny", "--id", "c-ny", NULL };
	const char *const show_ny[] = { "citizen", "show", "--cpr",
		"020290-1234", NULL };
	const char *const twice[] = { "citizen", "show", "--cpr", "-", "--cpr",
		"-", NULL };
	const char *const both[] = { "audit", "export", "--citizen", "-",
		"--citizen-id", "c-mads", NULL };
	struct run	  r = { 0 };

	ctl_call(&f->h, &(struct call){ MADS_CPR "\n", NULL, 0, 0 }, &r, show);
	if (r.status != 0)
		fail_msg("citizen show --cpr -: %s", buf_str(&r.err));
	assert_non_null(strstr(buf_str(&r.out), "citizen c-mads: Mads"));
	ctl_call(
	    &f->h, &(struct call){ MADS_CPR "\r\n", NULL, 0, 0 }, &r, audit);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(buf_str(&r.out), "\"citizen\":\"c-mads\""));
	ctl_call(&f->h, &(struct call){ "0101901234", NULL, 0, 0 }, &r, sms);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(buf_str(&r.out), "\"queued\":1"));
	ctl_call(&f->h, &(struct call){ "020290-1234\n", NULL, 0, 0 }, &r, add);
	assert_int_equal(r.status, 0);
	ctl_call(&f->h, &(struct call){ 0 }, &r, show_ny);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(buf_str(&r.out), "c-ny"));

	/* Nothing, or a wrong number, on stdin: one clear line. */
	ctl_call(&f->h, &(struct call){ "", NULL, 0, 0 }, &r, show);
	assert_int_equal(r.status, 1);
	assert_non_null(
	    strstr(buf_str(&r.err), "no CPR number on standard input"));
	ctl_call(
	    &f->h, &(struct call){ "310299-1234\n", NULL, 0, 0 }, &r, show);
	assert_int_equal(r.status, 1);
	assert_null(strstr(buf_str(&r.err), "310299"));
	ctl_call(&f->h, &(struct call){ MADS_CPR "\n", NULL, 0, 0 }, &r, twice);
	assert_int_not_equal(r.status, 0);
	ctl_call(&f->h, &(struct call){ MADS_CPR "\n", NULL, 0, 0 }, &r, both);
	assert_int_not_equal(r.status, 0);
	run_free(&r);
}

/* A terminal: mentorctl in a new session on the slave side of a pty. */
struct term {
	int	   master, slave;
	pid_t	   pid;
	struct buf seen; /* what mentorctl wrote to it */
};

/* Start mentorctl args... on a new pty. */
static void
term_start(struct harness *h, struct term *t, const char *const *args)
{
	char   path[400], *argv[16];
	size_t n = 0;

	memset(t, 0, sizeof(*t));
	snprintf(path, sizeof(path), "%s/bin/mentorctl", h->build);
	argv[n++] = path;
	argv[n++] = (char *)"-f";
	argv[n++] = h->config;
	while (n < 15 && *args != NULL)
		argv[n++] = (char *)*args++;
	argv[n] = NULL;
	if (openpty(&t->master, &t->slave, NULL, NULL, NULL) == -1)
		fail_msg("openpty: %s", strerror(errno));
	if ((t->pid = fork()) == -1)
		fail_msg("fork");
	if (t->pid == 0) {
		close(t->master);
		if (login_tty(t->slave) == -1)
			_exit(126);
		execv(path, argv);
		_exit(127);
	}
	/* We keep the slave open: its settings outlive mentorctl. */
}

/* Read from the terminal until it shows want (10 s at most); 1 if so. */
static int
term_wait_for(struct term *t, const char *want)
{
	struct timespec tick = { 0, 20000000L };
	char		chunk[512];
	ssize_t		n;
	int		i, fl;

	fl = fcntl(t->master, F_GETFL);
	fcntl(t->master, F_SETFL, fl | O_NONBLOCK);
	for (i = 0; i < 500; i++) {
		while ((n = read(t->master, chunk, sizeof(chunk))) > 0)
			buf_append(&t->seen, chunk, (size_t)n);
		if (strstr(buf_str(&t->seen), want) != NULL)
			return 1;
		nanosleep(&tick, NULL);
	}
	return 0;
}

/* Wait for mentorctl to end; its wait status. */
static int
term_end(struct term *t)
{
	int status;

	while (waitpid(t->pid, &status, 0) == -1 && errno == EINTR)
		;
	return status;
}

/* 1 when the terminal echoes what is typed. */
static int
term_echoes(const struct term *t)
{
	struct termios tio;

	if (tcgetattr(t->slave, &tio) == -1)
		fail_msg("tcgetattr: %s", strerror(errno));
	return (tio.c_lflag & ECHO) != 0;
}

static void
term_close(struct term *t)
{
	close(t->master);
	close(t->slave);
	buf_free(&t->seen);
}

/*
 * On a terminal "-" prompts, the number is typed without echo, and the
 * terminal echoes again afterwards -- also after Ctrl-C at the prompt.
 */
static void
test_cpr_prompt_on_terminal(void **state)
{
	struct fixture	 *f = *state;
	const char *const show[] = { "citizen", "show", "--cpr", "-", NULL };
	struct term	  t;
	int		  status;

	term_start(&f->h, &t, show);
	if (!term_wait_for(&t, "CPR number"))
		fail_msg("no prompt; the terminal shows: %s", buf_str(&t.seen));
	assert_false(term_echoes(&t));
	assert_int_equal(write(t.master, MADS_CPR "\r", 12), 12);
	if (!term_wait_for(&t, "citizen c-mads: Mads"))
		fail_msg(
		    "no citizen; the terminal shows: %s", buf_str(&t.seen));
	status = term_end(&t);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	assert_null(strstr(buf_str(&t.seen), "010190")); /* no echo */
	assert_true(term_echoes(&t));
	term_close(&t);

	/* Ctrl-C at the prompt: the program ends, the echo is back. */
	term_start(&f->h, &t, show);
	if (!term_wait_for(&t, "CPR number"))
		fail_msg("no prompt; the terminal shows: %s", buf_str(&t.seen));
	assert_false(term_echoes(&t));
	assert_int_equal(write(t.master, "0101\003", 5), 5);
	status = term_end(&t);
	assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGINT);
	assert_true(term_echoes(&t));
	term_close(&t);
}

/* --- 6. check: files only their owner can read --------------------------- */

/*
 * With path made readable by others (mode), `check` fails and prints the
 * chmod that fixes it; then path is put back to 0600.
 */
static void
check_finds_mode(struct harness *h, const char *path, mode_t mode)
{
	struct run r = { 0 };
	char	   fix[460];

	assert_int_equal(chmod(path, mode), 0);
	ctl(h, &r, "check", (char *)NULL);
	assert_int_equal(r.status, 1);
	snprintf(fix, sizeof(fix), "run: chmod 600 %s\n", path);
	if (strstr(buf_str(&r.out), fix) == NULL)
		fail_msg("%s: no fix in: %s", path, buf_str(&r.out));
	assert_int_equal(chmod(path, 0600), 0);
	run_free(&r);
}

/*
 * A database, -wal, -shm, CPR key or secret file that group or others
 * can read is a problem, with the chmod that fixes it.
 */
static void
test_check_file_modes(void **state)
{
	struct fixture	 *f = *state;
	struct store	 *s;
	struct run	  r = { 0 };
	char		  path[400], fix[460];
	const char *const suffix[] = { "", "-wal", "-shm" };
	size_t		  i;

	ctl(&f->h, &r, "check", (char *)NULL);
	if (r.status != 0)
		fail_msg("check: %s%s", buf_str(&r.out), buf_str(&r.err));
	/* A daemon's connection keeps the -wal and -shm files. */
	s = db_open(&f->h);
	assert_int_equal(store_setting_set(s, "it_check", "1"), STORE_OK);
	for (i = 0; i < sizeof(suffix) / sizeof(suffix[0]); i++) {
		snprintf(path, sizeof(path), "%s%s", f->h.db, suffix[i]);
		check_finds_mode(&f->h, path, 0640);
	}
	store_close(s);
	snprintf(path, sizeof(path), "%s/cpr.key", f->h.dir);
	assert_int_equal(chmod(path, 0604), 0);
	ctl(&f->h, &r, "--json", "check", (char *)NULL);
	assert_int_equal(r.status, 1);
	snprintf(fix, sizeof(fix), "chmod 600 %s", path);
	assert_non_null(strstr(buf_str(&r.out), fix));
	assert_int_equal(chmod(path, 0600), 0);
	run_free(&r);
}

/* The webhook and provider secrets too. */
static void
test_check_secret_modes(void **state)
{
	struct fixture	 *f;
	struct run	  r = { 0 };
	char		  path[400];
	const char *const names[] = { "gw.token", "gw.secret", "twilio.token" };
	size_t		  i;

	if ((f = calloc(1, sizeof(*f))) == NULL)
		fail_msg("calloc");
	*state = f;
	harness_init(&f->h,
	    "[gatewayapi]\ntoken_file = gw.token\n"
	    "webhook_secret_file = gw.secret\n"
	    "[twilio]\nauth_token_file = twilio.token\n");
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		harness_write_file(
		    &f->h, names[i], "generated-in-test\n", NULL, 0);
	ctl(&f->h, &r, "init", (char *)NULL);
	assert_int_equal(r.status, 0);
	ctl(&f->h, &r, "check", (char *)NULL);
	assert_int_equal(r.status, 0);
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", f->h.dir, names[i]);
		check_finds_mode(&f->h, path, 0644);
	}
	run_free(&r);
}

/* init creates the database readable by its owner only, whatever umask. */
static void
test_init_database_mode(void **state)
{
	struct fixture *f;
	struct run	r = { 0 };
	struct stat	sb;
	mode_t		old;

	if ((f = calloc(1, sizeof(*f))) == NULL)
		fail_msg("calloc");
	*state = f;
	harness_init(&f->h, NULL);
	old = umask(022);
	ctl(&f->h, &r, "init", (char *)NULL);
	umask(old);
	assert_int_equal(r.status, 0);
	assert_int_equal(stat(f->h.db, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	run_free(&r);
}

static int
setup_none(void **state)
{
	*state = NULL;
	return 0;
}

static int
teardown_own(void **state)
{
	struct fixture *f = *state;

	if (f != NULL) {
		harness_done(&f->h);
		free(f);
	}
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    test_busy_database, setup_demo, teardown),
		cmocka_unit_test_setup_teardown(
		    test_actor_is_os_user, setup_demo, teardown),
		cmocka_unit_test_setup_teardown(
		    test_every_show_audits, setup_demo, teardown),
		cmocka_unit_test_setup_teardown(
		    test_journal_has_actor, setup_demo, teardown),
		cmocka_unit_test_setup_teardown(
		    test_outbox_show_hides_codes, setup_demo, teardown),
		cmocka_unit_test_setup_teardown(
		    test_cpr_from_stdin, setup_demo, teardown),
		cmocka_unit_test_setup_teardown(
		    test_cpr_prompt_on_terminal, setup_demo, teardown),
		cmocka_unit_test_setup_teardown(
		    test_check_file_modes, setup_demo, teardown),
		cmocka_unit_test_setup_teardown(
		    test_check_secret_modes, setup_none, teardown_own),
		cmocka_unit_test_setup_teardown(
		    test_init_database_mode, setup_none, teardown_own),
	};

	return cmocka_run_group_tests_name(
	    "it_mentorctl_audit", tests, NULL, NULL);
}
