/*
 * page_import.c - a coordinator imports a case-system JSON file: upload,
 * a dry run that shows what would change and how many SMS it would
 * send, then apply.  The import itself is `mentorctl import` (one
 * implementation, admin/import*.c), run as a child process on the same
 * configuration: first with --dry-run (everything checked and saved in
 * a transaction that is rolled back), then for real.
 *
 *	GET /import		the upload form
 *	POST /import		multipart: file, csrf (at most 4 MiB): the
 *				preview, audited "import_preview"
 *	POST /import/apply	file=SHA-256 of the previewed file, csrf:
 *				the same file imported, audited "import"
 *
 * The uploaded file waits for its apply in a private folder next to the
 * database (console-import, 0700, the file 0600; emptied at the first
 * upload after a start) under the name of its SHA-256, one per
 * coordinator, for IMPORT_KEEP seconds; apply takes only that file, checks its hash again
 * and deletes it.  The child's audit row names the console's own user;
 * the console's row names the signed-in coordinator.
 */
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <json.h>

#include "citizen_export.h"
#include "config.h"
#include "crypto.h"
#include "log.h"
#include "pages.h"

#define IMPORT_KEEP    (30 * 60) /* seconds a previewed file waits */
#define IMPORT_PENDING 16	 /* coordinators with a file waiting */
#define HASH_HEX       (2 * CRYPTO_SHA256_LEN + 1)
#define OUTPUT_MAX     (1024 * 1024) /* of the child, per stream */
#define PROBLEMS_SHOWN 20

extern char **environ;

/* A previewed file waiting for its apply. */
struct pending {
	char   user[SESSION_NAME_MAX]; /* "": free */
	char   hash[HASH_HEX];
	time_t at;
};

static struct pending pending[IMPORT_PENDING];
static char	      import_dir[PATH_MAX]; /* made on first use */

/* What a run of mentorctl gave. */
struct ctl_result {
	int	   status; /* exit status; -1: it did not run */
	struct buf out, err;
};

/* The SMS kinds of `mentorctl import --json` in plain Danish. */
static const struct {
	const char *key, *text;
} sms_kinds[] = {
	{ "agreement_citizen", "Til borgere: aftalen er klar: {n}" },
	{ "agreement_mentor", "Til mentorer: en ny borger: {n}" },
	{ "meeting_moved", "Til borgere: et møde er flyttet: {n}" },
	{ "meeting_cancelled", "Til borgere: et møde er aflyst: {n}" },
};

/* The sections of the file in plain Danish. */
static const struct {
	const char *key, *text;
} section_names[] = {
	{ "guidance", "Vejledning" },
	{ "staff", "Medarbejdere" },
	{ "citizens", "Borgere" },
	{ "agreements", "Aftaler" },
	{ "meetings", "Møder" },
};

/* The columns of the counts table. */
static const char *const count_cols[] = { "Slags", "Nye", "Ændrede" };

#define NSMS	       (sizeof(sms_kinds) / sizeof(sms_kinds[0]))
#define NCOUNT_COLS    (sizeof(count_cols) / sizeof(count_cols[0]))
#define NSECTIONS      (sizeof(section_names) / sizeof(section_names[0]))
#define CHANGES_LISTED 20 /* mentorctl's "changes" holds at most these */

/* A section of the file in plain Danish (its key if unknown). */
static const char *
section_text(const char *key)
{
	size_t i;

	for (i = 0; i < NSECTIONS; i++)
		if (key != NULL && strcmp(key, section_names[i].key) == 0)
			return section_names[i].text;
	return key != NULL ? key : "";
}

/*
 * The private folder for waiting files, "console-import" next to the
 * database (0700), emptied of what a previous run left; NULL when it
 * cannot be made.
 */
static const char *
import_folder(struct creq *r)
{
	const char    *db = r->c->cfg->db_path, *slash = strrchr(db, '/');
	DIR	      *d;
	struct dirent *e;

	if (import_dir[0] != '\0')
		return import_dir;
	snprintf(import_dir, sizeof(import_dir), "%.*s%sconsole-import",
	    slash != NULL ? (int)(slash - db) : 1, slash != NULL ? db : ".",
	    "/");
	if ((mkdir(import_dir, 0700) == -1 && errno != EEXIST) ||
	    (d = opendir(import_dir)) == NULL) {
		log_warn("console: %s", import_dir);
		import_dir[0] = '\0';
		return NULL;
	}
	while ((e = readdir(d)) != NULL)
		if (strlen(e->d_name) == HASH_HEX - 1 + 5 &&
		    strcmp(e->d_name + HASH_HEX - 1, ".json") == 0)
			(void)unlinkat(dirfd(d), e->d_name, 0);
	closedir(d);
	return import_dir;
}

/*
 * The path of the waiting file with hash into out (import_dir set); ""
 * when it does not fit, so that opening it fails.
 */
static void
pending_path(const char *hash, char *out, size_t len)
{
	int n = snprintf(out, len, "%s/%s.json", import_dir, hash);

	if (n < 0 || (size_t)n >= len)
		out[0] = '\0';
}

/* Forget slot p and delete its file. */
static void
pending_drop(struct pending *p)
{
	char path[PATH_MAX];

	if (p->user[0] == '\0')
		return;
	pending_path(p->hash, path, sizeof(path));
	if (unlink(path) == -1 && errno != ENOENT)
		log_warn("console: import: unlink");
	memset(p, 0, sizeof(*p));
}

/* The slot of user (expired ones dropped first), or NULL. */
static struct pending *
pending_of(const char *user, time_t now)
{
	size_t i;

	for (i = 0; i < IMPORT_PENDING; i++)
		if (pending[i].user[0] != '\0' &&
		    now - pending[i].at > IMPORT_KEEP)
			pending_drop(&pending[i]);
	for (i = 0; i < IMPORT_PENDING; i++)
		if (strcmp(pending[i].user, user) == 0)
			return &pending[i];
	return NULL;
}

/* A free slot for user (its old file dropped), or NULL when all busy. */
static struct pending *
pending_new(const char *user, time_t now)
{
	struct pending *p = pending_of(user, now);
	size_t		i;

	if (p != NULL)
		pending_drop(p);
	for (i = 0; i < IMPORT_PENDING; i++)
		if (pending[i].user[0] == '\0')
			return &pending[i];
	return NULL;
}

/* The lower-case hex SHA-256 of len bytes of p into out. */
static void
hash_hex(const char *p, size_t len, char out[HASH_HEX])
{
	unsigned char md[CRYPTO_SHA256_LEN];

	crypto_sha256(p, len, md);
	crypto_hex(md, sizeof(md), out);
}

/* Read fd from its start into b (at most OUTPUT_MAX bytes). */
static void
read_back(int fd, struct buf *b)
{
	char	chunk[8192];
	ssize_t n;

	if (lseek(fd, 0, SEEK_SET) == -1)
		return;
	while (b->len < OUTPUT_MAX && (n = read(fd, chunk, sizeof(chunk))) > 0)
		buf_append(b, chunk, (size_t)n);
}

/* mentorctl next to our own program, into out; -1 if unknown. */
static int
mentorctl_path(char *out, size_t len)
{
	char	self[PATH_MAX];
	char   *slash;
	ssize_t n;

	if ((n = readlink("/proc/self/exe", self, sizeof(self) - 1)) <= 0)
		return -1;
	self[n] = '\0';
	if ((slash = strrchr(self, '/')) == NULL)
		return -1;
	*slash = '\0';
	return snprintf(out, len, "%s/mentorctl", self) < (int)len ? 0 : -1;
}

/*
 * Run `mentorctl -f CONFIG --json import [--dry-run] FILE` and wait for
 * it, its output into res (free both bufs).
 */
static void
mentorctl_import(
    struct creq *r, const char *file, int dry_run, struct ctl_result *res)
{
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t	   attr;
	sigset_t		   none;
	char			   prog[PATH_MAX];
	char			  *argv[8];
	pid_t			   pid;
	int			   out, err, st, n = 0;

	memset(res, 0, sizeof(*res));
	res->status = -1;
	argv[n++] = prog;
	argv[n++] = "-f";
	argv[n++] = r->c->cfg->path;
	argv[n++] = "--json";
	argv[n++] = "import";
	if (dry_run)
		argv[n++] = "--dry-run";
	argv[n++] = (char *)file;
	argv[n] = NULL;
	if (mentorctl_path(prog, sizeof(prog)) == -1 ||
	    (out = memfd_create("import-out", MFD_CLOEXEC)) == -1)
		return;
	if ((err = memfd_create("import-err", MFD_CLOEXEC)) == -1) {
		close(out);
		return;
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, out, 1);
	posix_spawn_file_actions_adddup2(&fa, err, 2);
	/* Not our blocked signals: SIGTERM must end the child. */
	sigemptyset(&none);
	posix_spawnattr_init(&attr);
	posix_spawnattr_setsigmask(&attr, &none);
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK);
	if (posix_spawn(&pid, prog, &fa, &attr, argv, environ) == 0 &&
	    waitpid(pid, &st, 0) == pid && WIFEXITED(st))
		res->status = WEXITSTATUS(st);
	else
		log_warnx("console: import: %s did not run", prog);
	posix_spawnattr_destroy(&attr);
	posix_spawn_file_actions_destroy(&fa);
	read_back(out, &res->out);
	read_back(err, &res->err);
	close(out);
	close(err);
}

/* See pages.h. */
void
page_import(struct creq *r)
{
	struct buf *b = &r->rep->body;

	if (!page_coordinator_only(r))
		return;
	page_begin(r, "Importér fra fagsystemet");
	buf_puts(b, "<p>");
	page_bi(b,
	    "Vælg en JSON-fil fra fagsystemet (højst 4 MB). Først ser du, "
	    "hvad filen vil ændre, og hvor mange SMS'er den vil sende. Intet "
	    "bliver gemt, før du trykker Gem.");
	buf_puts(b,
	    "</p><form method=\"post\" action=\"/import\" "
	    "enctype=\"multipart/form-data\">");
	page_csrf_field(r);
	buf_puts(b,
	    "<div class=\"form-group\"><label class=\"form-label\" "
	    "for=\"file\">");
	page_bi(b, "Fil");
	buf_puts(b,
	    "</label><input class=\"form-input\" type=\"file\" id=\"file\" "
	    "name=\"file\" accept=\".json,application/json\" required>"
	    "</div><button class=\"button\" type=\"submit\">");
	page_bi(b, "Se hvad der ændres");
	buf_puts(b, "</button></form>");
	page_end(r);
}

/* The problems mentorctl listed (stderr), the first PROBLEMS_SHOWN. */
static void
preview_problems(struct creq *r, const struct ctl_result *res)
{
	struct buf *b = &r->rep->body;
	const char *p = buf_str((struct buf *)&res->err), *nl;
	struct buf  line = { 0 };
	int	    n = 0;

	page_begin(r, "Filen kan ikke importeres");
	page_alert(r, "error",
	    "Filen har fejl. Intet er ændret. Ret filen i fagsystemet og "
	    "prøv igen.");
	buf_puts(b, "<ul>");
	while (*p != '\0' && n++ < PROBLEMS_SHOWN) {
		nl = strchr(p, '\n');
		line.len = 0;
		buf_append(&line, p, nl != NULL ? (size_t)(nl - p) : strlen(p));
		buf_puts(b, "<li lang=\"en\">");
		buf_puts_html(b, buf_str(&line));
		buf_puts(b, "</li>");
		p = nl != NULL ? nl + 1 : p + strlen(p);
	}
	buf_free(&line);
	buf_puts(b, "</ul><p><a href=\"/import\">");
	page_bi(b, "Vælg en anden fil");
	buf_puts(b, "</a></p>");
	page_end(r);
}

/* An integer member of o, 0 when missing. */
static int64_t
json_int(struct json_object *o, const char *key)
{
	struct json_object *v;

	return json_object_object_get_ex(o, key, &v) ? json_object_get_int64(v)
						     : 0;
}

/* The texts held back as old news, all kinds together. */
static int64_t
json_held(struct json_object *j)
{
	struct json_object *held;
	int64_t		    n = 0;

	if (!json_object_object_get_ex(j, "sms_held", &held) ||
	    !json_object_is_type(held, json_type_object))
		return 0;
	json_object_object_foreach(held, key, v)
	{
		(void)key;
		n += json_object_get_int64(v);
	}
	return n;
}

/* The counts by section as a table. */
static void
report_counts(struct buf *b, struct json_object *j)
{
	struct json_object *sec;
	size_t		    i;

	buf_puts(b,
	    "<div class=\"console-table\"><table class=\"table\"><thead><tr>");
	for (i = 0; i < NCOUNT_COLS; i++) {
		buf_puts(b, "<th scope=\"col\">");
		page_bi(b, count_cols[i]);
		buf_puts(b, "</th>");
	}
	buf_puts(b, "</tr></thead><tbody>");
	for (i = 0; i < NSECTIONS; i++) {
		if (!json_object_object_get_ex(j, section_names[i].key, &sec))
			continue;
		buf_puts(b, "<tr><td>");
		page_bi(b, section_names[i].text);
		buf_printf(b, "</td><td>%lld</td><td>%lld</td></tr>",
		    (long long)json_int(sec, "inserted"),
		    (long long)json_int(sec, "updated"));
	}
	buf_puts(b, "</tbody></table></div>");
}

/* Template tpl of {n} filled with n, through page_bit(). */
static void
put_count(struct buf *b, const char *tpl, int64_t n)
{
	char		    text[32];
	struct template_var v[] = { { "n", text } };

	snprintf(text, sizeof(text), "%lld", (long long)n);
	page_bit(b, tpl, v, 1);
}

/* The SMS the import would send (would: a preview), by kind. */
static void
report_sms(struct buf *b, struct json_object *j, int would)
{
	struct json_object *sms = NULL;
	size_t		    i;
	int64_t		    n, held;

	(void)json_object_object_get_ex(j, "sms", &sms);
	n = json_int(sms, "total");
	buf_puts(b, "<h2>");
	page_bi(b, "SMS'er");
	buf_puts(b, "</h2><p>");
	put_count(b,
	    would ? "Importen vil sende {n} SMS." : "Importen sender {n} SMS.",
	    n);
	if ((held = json_held(j)) > 0) {
		buf_puts(b, "</p><p>");
		put_count(b,
		    "{n} SMS sendes ikke, fordi det ikke er nyt for "
		    "modtageren.",
		    held);
	}
	buf_puts(b, "</p>");
	if (n == 0)
		return;
	buf_puts(b, "<ul>");
	for (i = 0; i < NSMS; i++)
		if ((n = json_int(sms, sms_kinds[i].key)) > 0) {
			buf_puts(b, "<li>");
			put_count(b, sms_kinds[i].text, n);
			buf_puts(b, "</li>");
		}
	buf_puts(b, "</ul>");
}

/* One change of mentorctl's "changes": its section, id and kind. */
static void
change_item(struct buf *b, struct json_object *o)
{
	struct json_object *v;
	struct template_var id[] = { { "id", "" } };
	int		    is_new;

	is_new = json_object_object_get_ex(o, "change", &v) &&
	    strcmp(json_object_get_string(v), "new") == 0;
	if (json_object_object_get_ex(o, "id", &v) && v != NULL)
		id[0].value = json_object_get_string(v);
	buf_puts(b, "<li><strong>");
	if (json_object_object_get_ex(o, "section", &v))
		page_bi(b, section_text(json_object_get_string(v)));
	buf_puts(b, "</strong> ");
	page_bit(b, is_new ? "{id}: ny" : "{id}: ændret", id, 1);
	buf_puts(b, "</li>");
}

/* The first changes and the warnings, as lists. */
static void
report_lists(struct buf *b, struct json_object *j)
{
	struct json_object *arr, *o, *v;
	size_t		    i, n;

	if (json_object_object_get_ex(j, "changes", &arr) &&
	    (n = json_object_array_length(arr)) > 0) {
		buf_puts(b, "<h2>");
		page_bi(b,
		    n < CHANGES_LISTED ? "Ændringer" : "De første ændringer");
		buf_puts(b, "</h2><ul>");
		for (i = 0; i < n; i++)
			change_item(b, json_object_array_get_idx(arr, i));
		buf_puts(b, "</ul>");
	}
	if (!json_object_object_get_ex(j, "warnings", &arr) ||
	    (n = json_object_array_length(arr)) == 0)
		return;
	buf_puts(b, "<h2>");
	put_count(b, "Advarsler ({n})", (int64_t)n);
	buf_puts(b, "</h2><ul>");
	for (i = 0; i < n && i < PROBLEMS_SHOWN; i++) {
		o = json_object_array_get_idx(arr, i);
		buf_puts(b, "<li>");
		if (json_object_object_get_ex(o, "agreement", &v) &&
		    v != NULL) {
			buf_puts_html(b, json_object_get_string(v));
			buf_puts(b, ": ");
		}
		if (json_object_object_get_ex(o, "text", &v) && v != NULL)
			page_bi(b, json_object_get_string(v));
		buf_puts(b, "</li>");
	}
	buf_puts(b, "</ul>");
}

/*
 * The report of a run (preview: with the apply form for hash).  Returns
 * 0, or -1 when the output is not mentorctl's JSON.
 */
static int
import_report(struct creq *r, const struct ctl_result *res, const char *hash)
{
	struct buf	   *b = &r->rep->body;
	struct json_object *j;

	if ((j = json_tokener_parse(buf_str((struct buf *)&res->out))) == NULL)
		return -1;
	page_begin(r, hash != NULL ? "Det vil importen ændre" : "Importeret");
	if (hash != NULL)
		page_alert(r, NULL, "Intet er gemt endnu.");
	else
		page_alert(r, "success", "Filen er importeret.");
	report_counts(b, j);
	report_sms(b, j, hash != NULL);
	report_lists(b, j);
	json_object_put(j);
	if (hash != NULL) {
		buf_puts(b, "<form method=\"post\" action=\"/import/apply\">");
		page_csrf_field(r);
		buf_printf(b,
		    "<input type=\"hidden\" name=\"file\" value=\"%s\">"
		    "<p>",
		    hash);
		page_bi(b, "Fil-id (SHA-256):");
		buf_printf(b,
		    " <code>%.12s…</code></p>"
		    "<button class=\"button\" type=\"submit\">",
		    hash);
		page_bi(b, "Gem ændringerne");
		buf_puts(b, "</button> <a href=\"/import\">");
		page_bi(b, "Vælg en anden fil");
		buf_puts(b, "</a></form>");
	}
	page_end(r);
	return 0;
}

/* Write len bytes of p to the new file path, mode 0600; 0 or -1. */
static int
write_new(const char *path, const char *p, size_t len)
{
	struct buf b = { 0 };
	int	   rv;

	buf_append(&b, p, len);
	rv = citizen_export_write(path, &b);
	buf_free(&b);
	return rv;
}

/* Answer with the run's report, or the problems; 500 when neither. */
static void
import_answer(struct creq *r, struct ctl_result *res, const char *hash)
{
	if (res->status == 0 && import_report(r, res, hash) == 0)
		return;
	if (res->status == 1 && res->err.len > 0)
		preview_problems(r, res);
	else {
		log_warnx("console: import: mentorctl status=%d", res->status);
		page_error(r, 500, "Der skete en fejl",
		    "Filen kunne ikke læses. Intet er ændret.");
	}
}

/* See pages.h. */
void
page_import_post(struct creq *r)
{
	const char	 *file = web_field(r->web, "file");
	char		  hash[HASH_HEX], path[PATH_MAX];
	struct pending	 *p;
	struct ctl_result res;

	if (!page_coordinator_only(r))
		return;
	if (file == NULL || *file == '\0') {
		page_error(r, 400, "Ingen fil", "Vælg en fil og prøv igen.");
		return;
	}
	hash_hex(file, strlen(file), hash);
	if (import_folder(r) == NULL ||
	    (p = pending_new(r->s->user, r->now)) == NULL) {
		page_error(
		    r, 503, "Prøv igen om lidt", "Andre importerer lige nu.");
		return;
	}
	pending_path(hash, path, sizeof(path));
	(void)unlink(path); /* the same file, waiting for another */
	if (write_new(path, file, strlen(file)) == -1) {
		log_warn("console: import: %s", path);
		page_error(r, 500, "Der skete en fejl", "Prøv igen.");
		return;
	}
	snprintf(p->user, sizeof(p->user), "%s", r->s->user);
	memcpy(p->hash, hash, sizeof(p->hash));
	p->at = r->now;
	mentorctl_import(r, path, 1, &res);
	if (res.status != 0)
		pending_drop(p);
	if (page_audit(r, "import_preview", 0) != STORE_OK)
		page_error(r, 500, "Der skete en fejl", "Prøv igen.");
	else
		import_answer(r, &res, hash);
	buf_free(&res.out);
	buf_free(&res.err);
}

/*
 * 1 if the waiting file at path still has hash (nobody changed it).
 */
static int
pending_intact(const char *path, const char *hash)
{
	struct buf b = { 0 };
	char	   now[HASH_HEX];
	int	   fd, ok;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return 0;
	read_back(fd, &b);
	close(fd);
	hash_hex(b.data != NULL ? b.data : "", b.len, now);
	ok = crypto_equal(now, hash, HASH_HEX - 1);
	buf_free(&b);
	return ok;
}

/* See pages.h. */
void
page_import_apply(struct creq *r)
{
	const char	 *hash = web_field(r->web, "file");
	char		  path[PATH_MAX];
	struct pending	 *p;
	struct ctl_result res;

	if (!page_coordinator_only(r))
		return;
	p = pending_of(r->s->user, r->now);
	if (p == NULL || hash == NULL || strlen(hash) != HASH_HEX - 1 ||
	    strcmp(p->hash, hash) != 0) {
		page_error(r, 409, "Filen er ikke den samme",
		    "Vælg filen igen og se ændringerne, før du gemmer.");
		return;
	}
	pending_path(p->hash, path, sizeof(path));
	if (!pending_intact(path, p->hash)) {
		pending_drop(p);
		page_error(r, 409, "Filen er ikke den samme",
		    "Vælg filen igen og se ændringerne, før du gemmer.");
		return;
	}
	mentorctl_import(r, path, 0, &res);
	pending_drop(p);
	if (res.status == 0 && page_audit(r, "import", 0) != STORE_OK)
		log_warnx(
		    "console: import: audit: %s", store_errmsg(r->c->store));
	import_answer(r, &res, NULL);
	buf_free(&res.out);
	buf_free(&res.err);
}
