/*
 * import.c - `mentorctl import [--relative-dates] [--dry-run] FILE.json`.
 *
 * 1. read and parse the JSON (json-c, strict);
 * 2. check every field of every record (import_fields.c);
 * 3. resolve references and cross-record rules (import_save.c);
 * 4. if anything is wrong: list every problem, change nothing, exit 1;
 * 5. else save everything in one transaction, keyed by external id so a
 *    second import updates instead of duplicating, and print the counts
 *    and the agreement warnings.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json.h>

#include "buf.h"
#include "cmd.h"
#include "import.h"
#include "log.h"
#include "store.h"

#define IMPORT_MAX_BYTES	(64 * 1024 * 1024)

const char usage_import[] =
    "import [--relative-dates] [--dry-run] FILE.json";

void
import_problem(struct import *im, const struct record_head *h,
    const char *field, const char *fmt, ...)
{
	struct problem	*p;
	struct buf	 b = { 0 };
	va_list		 ap;

	buf_printf(&b, "%s: ", h != NULL ? h->label : "file");
	if (field != NULL)
		buf_printf(&b, "%.40s: ", field);
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	if ((p = reallocarray(im->problems, im->nproblems + 1,
	    sizeof(*p))) == NULL)
		fatal("reallocarray");
	im->problems = p;
	p = &im->problems[im->nproblems];
	p->section = h != NULL ? h->section : -1;
	p->index = h != NULL ? h->index : 0;
	p->seq = im->nproblems++;
	p->line = buf_take(&b);
}

/* qsort: by section, record, then the order found. */
static int
problem_cmp(const void *a, const void *b)
{
	const struct problem	*p = a, *q = b;

	if (p->section != q->section)
		return p->section < q->section ? -1 : 1;
	if (p->index != q->index)
		return p->index < q->index ? -1 : 1;
	return p->seq < q->seq ? -1 : p->seq > q->seq;
}

void *
import_record(struct import *im, enum section_id sec, size_t i)
{
	return (char *)im->recs[sec] + i * sections[sec].recsize;
}

struct record_head *
import_find(struct import *im, enum section_id sec, const char *ext)
{
	struct record_head	*h;
	size_t			 i;

	for (i = 0; i < im->n[sec]; i++) {
		h = import_record(im, sec, i);
		if (h->ext != NULL && strcmp(h->ext, ext) == 0)
			return h;
	}
	return NULL;
}

/* --- reading ----------------------------------------------------------- */

/* Read the whole file into b; 0, or -1 after one error line. */
static int
file_read(const char *path, struct buf *b)
{
	FILE	*f;
	char	 chunk[65536];
	size_t	 n;
	int	 bad;

	if ((f = fopen(path, "r")) == NULL) {
		errorx("import: %s: %s", path, strerror(errno));
		return -1;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0 &&
	    b->len <= IMPORT_MAX_BYTES)
		buf_append(b, chunk, n);
	bad = ferror(f);
	fclose(f);
	if (bad || b->len > IMPORT_MAX_BYTES) {
		errorx("import: %s: %s", path, bad ? "read error" :
		    "larger than 64 MiB");
		return -1;
	}
	return 0;
}

/* Parse the JSON text; the root object, or NULL after one error line. */
static struct json_object *
json_parse_strict(const char *path, const struct buf *b)
{
	struct json_tokener	*tok;
	struct json_object	*root;
	enum json_tokener_error	 err;
	size_t			 end;

	if ((tok = json_tokener_new()) == NULL)
		fatalx("json_tokener_new");
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
	root = json_tokener_parse_ex(tok, b->data != NULL ? b->data : "",
	    (int)b->len);
	err = json_tokener_get_error(tok);
	end = json_tokener_get_parse_end(tok);
	json_tokener_free(tok);
	if (root == NULL || err != json_tokener_success) {
		errorx("import: %s: not valid JSON near byte %zu: %s", path,
		    end, err == json_tokener_continue ?
		    "unexpected end of file" : json_tokener_error_desc(err));
		json_object_put(root);
		return NULL;
	}
	if (b->data[end + strspn(b->data + end, " \t\r\n")] != '\0') {
		errorx("import: %s: text after the JSON document at byte %zu",
		    path, end);
		json_object_put(root);
		return NULL;
	}
	if (!json_object_is_type(root, json_type_object)) {
		errorx("import: %s: expected a JSON object with staff, "
		    "citizens, agreements, meetings", path);
		json_object_put(root);
		return NULL;
	}
	return root;
}

/* --- checking ---------------------------------------------------------- */

/* The field of sec named name, or NULL. */
static const struct field *
field_find(const struct section *sec, const char *name, size_t *idx)
{
	for (*idx = 0; *idx < sec->nfields; (*idx)++)
		if (strcmp(sec->fields[*idx].name, name) == 0)
			return &sec->fields[*idx];
	return NULL;
}

/* Name the record "section[i]" or "section[i] (id)". */
static void
record_label(struct record_head *h, const char *section,
    struct json_object *obj)
{
	struct json_object	*id;
	const char		*ext = NULL;

	if ((json_object_object_get_ex(obj, "id", &id) ||
	    json_object_object_get_ex(obj, "key", &id)) &&
	    json_object_is_type(id, json_type_string))
		ext = json_object_get_string(id);
	if (ext != NULL && *ext != '\0' && strlen(ext) <= 64 &&
	    strcspn(ext, "\r\n\t") == strlen(ext))
		snprintf(h->label, sizeof(h->label), "%s[%zu] (%s)", section,
		    h->index, ext);
	else
		snprintf(h->label, sizeof(h->label), "%s[%zu]", section,
		    h->index);
}

/* Check every field of one record against its section's table. */
static void
record_parse(struct import *im, enum section_id sid, size_t i,
    struct json_object *obj)
{
	const struct section	*sec = &sections[sid];
	const struct field	*f;
	struct record_head	*h = import_record(im, sid, i);
	const char		*why;
	size_t			 k;

	h->section = sid;
	h->index = i;
	record_label(h, sec->name, obj);
	json_object_object_foreach(obj, key, val) {
		if ((f = field_find(sec, key, &k)) == NULL) {
			import_problem(im, h, key, "unknown field");
			continue;
		}
		if (val == NULL || json_object_is_type(val, json_type_null))
			continue;	/* null: not given */
		h->given |= 1u << k;
		if ((why = field_parse(im, f, h, val)) != NULL)
			import_problem(im, h, key, "%s", why);
	}
	for (k = 0; k < sec->nfields; k++)
		if (sec->fields[k].required && !(h->given & (1u << k)))
			import_problem(im, h, sec->fields[k].name, "missing");
}

/* Check one section (a JSON array of objects). */
static void
section_parse(struct import *im, enum section_id sid, struct json_object *arr)
{
	struct json_object	*obj;
	struct record_head	 top = { 0 };
	size_t			 i, n;

	top.section = sid;
	snprintf(top.label, sizeof(top.label), "%s", sections[sid].name);
	if (!json_object_is_type(arr, json_type_array)) {
		import_problem(im, &top, NULL, "expected a list of records");
		return;
	}
	n = json_object_array_length(arr);
	if ((im->recs[sid] = calloc(n + 1, sections[sid].recsize)) == NULL)
		fatal("calloc");
	im->n[sid] = n;
	for (i = 0; i < n; i++) {
		obj = json_object_array_get_idx(arr, i);
		if (!json_object_is_type(obj, json_type_object)) {
			top.index = i;
			snprintf(top.label, sizeof(top.label), "%s[%zu]",
			    sections[sid].name, i);
			import_problem(im, &top, NULL, "expected an object");
			continue;
		}
		record_parse(im, sid, i, obj);
	}
}

/* Every top-level key must be a known section. */
static void
root_parse(struct import *im, struct json_object *root)
{
	size_t	 s;

	json_object_object_foreach(root, key, val) {
		for (s = 0; s < SECTION__MAX; s++)
			if (strcmp(key, sections[s].name) == 0)
				break;
		if (s == SECTION__MAX)
			import_problem(im, NULL, key, "unknown section; "
			    "expected guidance, staff, citizens, agreements, "
			    "meetings");
		else
			section_parse(im, s, val);
	}
}

/* Duplicate ids in a section, then each section's resolve step. */
static void
resolve_all(struct import *im)
{
	struct record_head	*h, *first;
	size_t			 s, i;

	for (s = 0; s < SECTION__MAX; s++) {
		for (i = 0; i < im->n[s]; i++) {
			h = import_record(im, s, i);
			if (s != SECTION_GUIDANCE && h->ext != NULL &&
			    (first = import_find(im, s, h->ext)) != h)
				import_problem(im, h, "id", "used twice in "
				    "this file (also %s)", first->label);
			sections[s].resolve(im, h);
		}
	}
}

/* --- saving ------------------------------------------------------------ */

/* Save every record of every section, in order.  STORE_OK or an error. */
static enum store_err
save_all(struct import *im)
{
	struct record_head	*h;
	enum store_err		 e;
	size_t			 s, i;

	for (s = 0; s < SECTION__MAX; s++) {
		for (i = 0; i < im->n[s]; i++) {
			h = import_record(im, s, i);
			if ((e = sections[s].save(im, h)) != STORE_OK) {
				import_problem(im, h, NULL, "could not be "
				    "saved: %s", store_errmsg(im->ctx->store));
				return e;
			}
			if (h->exists)
				im->updated[s]++;
			else
				im->inserted[s]++;
		}
	}
	for (i = 0; i < im->n[SECTION_STAFF]; i++)
		if ((e = save_staff_deputy(im, import_record(im, SECTION_STAFF,
		    i))) != STORE_OK)
			return e;
	return STORE_OK;
}

/* Write the import's audit row: who imported what, counts only. */
static enum store_err
import_audit(struct import *im, const char *path)
{
	struct buf	 d = { 0 };
	enum store_err	 e;
	size_t		 s;

	buf_printf(&d, "file=%s", path);
	for (s = 0; s < SECTION__MAX; s++)
		buf_printf(&d, " %s=%zu", sections[s].name, im->n[s]);
	e = store_audit(im->ctx->store, im->ctx->now, "staff", im->ctx->actor,
	    "import", 0, "mentorctl", buf_str(&d));
	buf_free(&d);
	return e;
}

/* --- reporting --------------------------------------------------------- */

/* Append the warnings of every imported agreement to arr; -1 on error. */
static int
warnings_all(struct import *im, struct json_object *arr)
{
	struct imp_agreement	*a;
	struct agreement_rec	 r;
	size_t			 i;
	int			 w;

	for (i = 0; i < im->n[SECTION_AGREEMENTS]; i++) {
		a = import_record(im, SECTION_AGREEMENTS, i);
		if (store_agreement_get(im->ctx->store, a->h.id, &r) !=
		    STORE_OK)
			return -1;
		w = agreement_warnings(im->ctx, &r, arr);
		agreement_rec_free(&r);
		if (w < 0)
			return -1;
	}
	return 0;
}

/* Print the counts and the agreement warnings. */
static void
report_counts(struct import *im, const char *path, int dry_run,
    struct json_object *warnings)
{
	struct json_object	*j, *c;
	size_t			 s;

	if (!im->ctx->json) {
		printf("%s %s:\n", dry_run ? "checked (nothing saved)" :
		    "imported", path);
		for (s = 0; s < SECTION__MAX; s++)
			printf("  %-11s %zu new, %zu updated\n",
			    sections[s].name, im->inserted[s], im->updated[s]);
		warnings_print(im->ctx, warnings);
		return;
	}
	j = json_object_new_object();
	json_object_object_add(j, "saved", json_object_new_boolean(!dry_run));
	for (s = 0; s < SECTION__MAX; s++) {
		c = json_object_new_object();
		json_object_object_add(c, "inserted",
		    json_object_new_int64((int64_t)im->inserted[s]));
		json_object_object_add(c, "updated",
		    json_object_new_int64((int64_t)im->updated[s]));
		json_object_object_add(j, sections[s].name, c);
	}
	json_object_object_add(j, "warnings", json_object_get(warnings));
	json_print(j);
}

/* Print every problem and a closing line; returns CMD_FAIL. */
static int
report_problems(struct import *im, const char *path)
{
	size_t	 i;

	qsort(im->problems, im->nproblems, sizeof(*im->problems), problem_cmp);
	for (i = 0; i < im->nproblems; i++)
		fprintf(stderr, "%s\n", im->problems[i].line);
	errorx("import: %zu problem%s in %s; nothing was changed",
	    im->nproblems, im->nproblems == 1 ? "" : "s", path);
	return CMD_FAIL;
}

/* Free every record and problem of the import. */
static void
import_free(struct import *im)
{
	size_t	 s, i;

	for (s = 0; s < SECTION__MAX; s++) {
		for (i = 0; i < im->n[s]; i++)
			sections[s].release(import_record(im, s, i));
		free(im->recs[s]);
	}
	for (i = 0; i < im->nproblems; i++)
		free(im->problems[i].line);
	free(im->problems);
}

/*
 * Save, write the audit row, gather warnings, and commit (or roll back
 * for a dry run).  Returns CMD_OK or CMD_FAIL.
 */
static int
import_apply(struct import *im, const char *path, int dry_run)
{
	struct json_object	*warnings = json_object_new_array();
	enum store_err		 e;
	int			 rv = CMD_FAIL;

	if ((e = store_begin(im->ctx->store)) != STORE_OK) {
		store_fail(im->ctx, "import", e);
		goto out;
	}
	if (save_all(im) != STORE_OK || import_audit(im, path) != STORE_OK) {
		store_rollback(im->ctx->store);
		report_problems(im, path);
		goto out;
	}
	if (warnings_all(im, warnings) < 0) {
		store_rollback(im->ctx->store);
		errorx("import: could not read back the agreements; nothing "
		    "was changed");
		goto out;
	}
	if (dry_run)
		store_rollback(im->ctx->store);
	else if ((e = store_commit(im->ctx->store)) != STORE_OK) {
		store_fail(im->ctx, "import: commit", e);
		goto out;
	}
	report_counts(im, path, dry_run, warnings);
	rv = CMD_OK;
out:
	json_object_put(warnings);
	return rv;
}

enum import_opt { IMPORT_RELATIVE, IMPORT_DRY_RUN, IMPORT__MAX };

static const struct option import_options[] = {
	[IMPORT_RELATIVE] = { "relative-dates", no_argument, NULL,
	    IMPORT_RELATIVE },
	[IMPORT_DRY_RUN] = { "dry-run", no_argument, NULL, IMPORT_DRY_RUN },
	{ NULL, 0, NULL, 0 }
};

int
cmd_import(struct ctx *ctx, int argc, char **argv)
{
	struct import		 im;
	struct opts		 o;
	struct buf		 text = { 0 };
	struct json_object	*root = NULL;
	int			 rv = CMD_FAIL;

	if (opts_parse_pos(&o, import_options, -1, argc, argv, usage_import,
	    1) == -1)
		return CMD_USAGE;
	memset(&im, 0, sizeof(im));
	im.ctx = ctx;
	im.relative = o.val[IMPORT_RELATIVE] != NULL;
	if (file_read(o.argv[0], &text) == -1 ||
	    (root = json_parse_strict(o.argv[0], &text)) == NULL)
		goto out;
	root_parse(&im, root);
	resolve_all(&im);	/* also on bad fields: list every problem */
	if (im.nproblems > 0)
		rv = report_problems(&im, o.argv[0]);
	else
		rv = import_apply(&im, o.argv[0],
		    o.val[IMPORT_DRY_RUN] != NULL);
out:
	import_free(&im);
	json_object_put(root);
	buf_free(&text);
	return rv;
}
