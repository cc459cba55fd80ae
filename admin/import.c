/*
 * import.c - `mentorctl import [--relative-dates] [--dry-run] FILE.json`.
 *
 * 1. read the file once, record by record (import_read.c), and check
 *    every field of every record as it comes (import_fields.c);
 * 2. in one transaction: resolve references and cross-record rules
 *    (import_save.c);
 * 3. if anything is wrong: list every problem, change nothing, exit 1;
 * 4. else save everything, keyed by external id so a second import
 *    updates instead of duplicating, commit, and print the counts and
 *    the agreement warnings.
 */
#include <errno.h>
#include <malloc.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json.h>

#include "buf.h"
#include "cmd.h"
#include "import.h"
#include "jsonflat.h"
#include "log.h"
#include "store.h"
#include "store_import.h"

/* Pages the import's transaction may keep in memory (store_import_cache). */
#define IMPORT_CACHE_MIB 256
/*
 * Heap the import keeps once it has it, and grows by (glibc mallopt);
 * what it asks huge pages for at once (the page cache and some more).
 */
#define IMPORT_HEAP_KEEP (256 * 1024 * 1024)
#define IMPORT_HEAP_STEP (16 * 1024 * 1024)
#define IMPORT_HEAP_HUGE ((IMPORT_CACHE_MIB + 128) * 1024 * 1024)
/* Records listed under "changes" in --json (a preview shows them). */
#define IMPORT_CHANGES_SHOWN 20
/* Records a section's array first has room for; it doubles when full. */
#define IMPORT_RECS_FIRST 1024

const char usage_import[] = "import [--relative-dates] [--dry-run] FILE.json";

void
import_problem(struct import *im, const struct record_head *h,
    const char *field, const char *fmt, ...)
{
	struct problem *p;
	struct buf	b = { 0 };
	char		label[IMPORT_LABEL_LEN];
	va_list		ap;

	buf_printf(&b, "%s: ", import_label(h, label, sizeof(label)));
	if (field != NULL)
		buf_printf(&b, "%.40s: ", field);
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	if ((p = reallocarray(im->problems, im->nproblems + 1, sizeof(*p))) ==
	    NULL)
		fatal("reallocarray");
	im->problems = p;
	p = &im->problems[im->nproblems];
	p->section = h != NULL ? h->section : -1;
	p->index = h != NULL && h->index != IMPORT_SECTION ? h->index : 0;
	p->seq = im->nproblems++;
	p->line = buf_take(&b);
}

/* qsort: by section, record, then the order found. */
static int
problem_cmp(const void *a, const void *b)
{
	const struct problem *p = a, *q = b;

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
	struct import_map_slot *e = import_map_get(&im->ids[sec], ext);

	return e != NULL ? e->rec : NULL;
}

/* --- checking ---------------------------------------------------------- */

/*
 * The field of section sid named name (index into *idx), or NULL.  Most
 * files give the fields in the table's order: the one after the last
 * found (*idx on entry) is tried first.
 */
static const struct field *
field_find(
    struct import *im, enum section_id sid, const char *name, size_t *idx)
{
	const struct section   *sec = &sections[sid];
	struct import_map_slot *e;
	size_t			k;
	int			added;

	if (*idx < sec->nfields && strcmp(sec->fields[*idx].name, name) == 0)
		return &sec->fields[*idx];
	if (im->fields[sid].used == 0)
		for (k = 0; k < sec->nfields; k++)
			import_map_put(
			    &im->fields[sid], sec->fields[k].name, &added)
			    ->id = (int64_t)k;
	if ((e = import_map_get(&im->fields[sid], name)) == NULL)
		return NULL;
	*idx = (size_t)e->id;
	return &sec->fields[*idx];
}

const char *
import_label(const struct record_head *h, char *buf, size_t len)
{
	const char *id;

	if (h == NULL)
		return "file";
	if (h->index == IMPORT_SECTION) {
		snprintf(buf, len, "%s", sections[h->section].name);
		return buf;
	}
	id = h->ext != NULL ? h->ext : h->label_id;
	if (id != NULL)
		snprintf(buf, len, "%s[%zu] (%s)", sections[h->section].name,
		    h->index, id);
	else
		snprintf(
		    buf, len, "%s[%zu]", sections[h->section].name, h->index);
	return buf;
}

/*
 * Check the record's own id (or guidance key) first, so every problem
 * of the record is labelled with it; one that is not a valid id but
 * readable still labels them.  Returns the field's index, or nfields.
 */
static size_t
record_id_parse(
    struct import *im, struct record_head *h, const struct jf_value *obj)
{
	const struct section  *sec = &sections[h->section];
	const struct jf_value *v;
	const char	      *why, *raw;
	size_t		       k;

	for (k = 0; k < sec->nfields; k++)
		if (sec->fields[k].type == FT_ID)
			break;
	if (k == sec->nfields ||
	    (v = jf_get(im->doc, obj, sec->fields[k].name)) == NULL ||
	    v->type == JF_NULL)
		return k;
	h->given |= 1u << k;
	if ((why = field_parse(im, &sec->fields[k], h, v)) == NULL)
		return k;
	raw = v->type == JF_STRING ? v->str : NULL;
	if (raw != NULL && *raw != '\0' && strlen(raw) <= 64 &&
	    strcspn(raw, "\r\n\t") == strlen(raw) &&
	    (h->label_id = strdup(raw)) == NULL)
		fatal("strdup");
	import_problem(im, h, sec->fields[k].name, "%s", why);
	return k;
}

/* Check every field of one record against its section's table. */
static void
record_parse(struct import *im, enum section_id sid, size_t i,
    const struct jf_value *obj)
{
	const struct section  *sec = &sections[sid];
	const struct field    *f;
	const struct jf_value *val;
	struct record_head    *h = import_record(im, sid, i);
	const char	      *why;
	size_t		       k, id, next = 0;

	h->section = sid;
	h->index = i;
	id = record_id_parse(im, h, obj);
	for (val = jf_first(im->doc, obj); val != NULL;
	     val = jf_next(im->doc, val)) {
		k = next; /* the field after the last, tried first */
		if ((f = field_find(im, sid, val->key, &k)) == NULL) {
			import_problem(im, h, val->key, "unknown field");
			continue;
		}
		next = k + 1;
		if (k == id || val->type == JF_NULL)
			continue; /* done, or null: not given */
		h->given |= 1u << k;
		if ((why = field_parse(im, f, h, val)) != NULL)
			import_problem(im, h, val->key, "%s", why);
	}
	for (k = 0; k < sec->nfields; k++)
		if (sec->fields[k].required && !(h->given & (1u << k)))
			import_problem(im, h, sec->fields[k].name, "missing");
}

int
import_section_begin(struct import *im, const char *name)
{
	struct record_head top = { 0 };
	int		   s;

	for (s = 0; s < SECTION__MAX; s++)
		if (strcmp(name, sections[s].name) == 0)
			break;
	if (s == SECTION__MAX)
		return -1;
	if (im->given[s]) {
		top.section = s;
		top.index = IMPORT_SECTION;
		import_problem(im, &top, NULL,
		    "given twice; put every record "
		    "in one list");
	}
	im->given[s] = 1;
	return s;
}

void
import_section_value(
    struct import *im, int section, const char *name, struct json_object *value)
{
	struct record_head top = { 0 };

	if (section < 0) {
		import_problem(im, NULL, name,
		    "unknown section; expected "
		    "guidance, staff, citizens, agreements, meetings");
		return;
	}
	top.section = section;
	top.index = IMPORT_SECTION;
	import_problem(im, &top, NULL, "expected a list of records");
}

void
import_record_add(struct import *im, int sid, const struct jf_doc *doc)
{
	const struct jf_value *obj = jf_root(doc);
	struct record_head     top = { 0 };
	size_t i = im->n[sid], size = sections[sid].recsize, cap;

	if (i == im->cap[sid]) {
		/* Fresh mapped memory is zero: no record needs a memset. */
		cap = im->cap[sid] ? im->cap[sid] * 2 : IMPORT_RECS_FIRST;
		im->recs[sid] = import_array_grow(
		    im->recs[sid], im->cap[sid] * size, cap * size);
		im->cap[sid] = cap;
	}
	im->n[sid]++;
	if (obj->type != JF_OBJECT) {
		top.section = sid;
		top.index = i;
		import_problem(im, &top, NULL, "expected an object");
		return;
	}
	im->doc = doc;
	record_parse(im, sid, i, obj);
	im->doc = NULL;
}

/*
 * Index every record by its external id (guidance is keyed by key and
 * language, and looked up otherwise): a second record with an id is a
 * problem.  And every citizen by CPR hash, the first with each
 * (resolve_citizen() finds the others).
 */
static void
index_file(struct import *im)
{
	struct import_map_slot *e;
	struct record_head     *h;
	struct imp_citizen     *c;
	char			label[IMPORT_LABEL_LEN];
	size_t			s, i;
	int			added;

	for (s = 0; s < SECTION__MAX; s++) {
		if (s == SECTION_GUIDANCE)
			continue;
		import_map_reserve(&im->ids[s], im->n[s]);
		for (i = 0; i < im->n[s]; i++) {
			h = import_record(im, s, i);
			if (h->ext == NULL)
				continue;
			e = import_map_put(&im->ids[s], h->ext, &added);
			if (added)
				e->rec = h;
			else
				import_problem(im, h, "id",
				    "used twice in "
				    "this file (also %s)",
				    import_label(e->rec, label, sizeof(label)));
		}
	}
	import_map_reserve(&im->cprs, im->n[SECTION_CITIZENS]);
	for (i = 0; i < im->n[SECTION_CITIZENS]; i++) {
		c = import_record(im, SECTION_CITIZENS, i);
		if (c->rec.cpr_hash[0] == '\0')
			continue;
		e = import_map_put(&im->cprs, c->rec.cpr_hash, &added);
		if (added)
			e->rec = c;
	}
}

/*
 * Duplicate ids, then each section's resolve step (inside the import's
 * transaction).  Returns 0, or -1 on a store error (reported).
 */
static int
resolve_all(struct import *im)
{
	size_t s, i;

	index_file(im);
	if (import_load_stored(im) == -1)
		return -1;
	for (s = 0; s < SECTION__MAX; s++)
		for (i = 0; i < im->n[s]; i++)
			sections[s].resolve(im, import_record(im, s, i));
	return 0;
}

/* --- saving ------------------------------------------------------------ */

/* Save every record of every section, in order.  STORE_OK or an error. */
static enum store_err
save_all(struct import *im)
{
	struct record_head *h;
	enum store_err	    e;
	size_t		    s, i;

	for (s = 0; s < SECTION__MAX; s++) {
		/* Citizens without triggers: see store_import_triggers(). */
		if (s == SECTION_CITIZENS &&
		    (e = store_import_triggers(im->ctx->store, 0)) != STORE_OK)
			return e;
		for (i = 0; i < im->n[s]; i++) {
			h = import_record(im, s, i);
			if ((e = sections[s].save(im, h)) != STORE_OK)
				goto fail;
			if (h->exists)
				im->updated[s]++;
			else
				im->inserted[s]++;
		}
		if (s == SECTION_CITIZENS &&
		    (e = store_import_triggers(im->ctx->store, 1)) != STORE_OK)
			return e;
	}
	for (i = 0; i < im->n[SECTION_STAFF]; i++)
		if ((e = save_staff_deputy(
			 im, import_record(im, SECTION_STAFF, i))) != STORE_OK)
			return e;
	return STORE_OK;
fail:
	import_problem(im, h, NULL, "could not be saved: %s",
	    store_errmsg(im->ctx->store));
	(void)store_import_triggers(im->ctx->store, 1);
	return e;
}

/* Write the import's audit row: who imported what, counts only. */
static enum store_err
import_audit(struct import *im, const char *path)
{
	struct buf     d = { 0 };
	enum store_err e;
	size_t	       s;

	buf_printf(&d, "file=%s", path);
	for (s = 0; s < SECTION__MAX; s++)
		buf_printf(&d, " %s=%zu", sections[s].name, im->n[s]);
	e = store_audit(im->ctx->store, im->ctx->now, "staff", im->ctx->actor,
	    "import", 0, "mentorctl", buf_str(&d));
	buf_free(&d);
	return e;
}

/* --- reporting --------------------------------------------------------- */

/*
 * Append the warnings of every imported agreement to arr; -1 on error.
 * Each record holds what was just stored (every field is replaced).
 */
static int
warnings_all(struct import *im, struct json_object *arr)
{
	struct imp_agreement *a;
	size_t		      i;

	for (i = 0; i < im->n[SECTION_AGREEMENTS]; i++) {
		a = import_record(im, SECTION_AGREEMENTS, i);
		if (agreement_warnings(im->ctx, &a->rec, arr) < 0)
			return -1;
	}
	return 0;
}

/*
 * The first IMPORT_CHANGES_SHOWN records, in file order by section, as
 * {"section", "id", "change": "new" | "updated"}: what a preview lists.
 */
static struct json_object *
changes_json(struct import *im)
{
	struct json_object *arr = json_object_new_array(), *o;
	struct record_head *h;
	size_t		    s, i, n = 0;

	for (s = 0; s < SECTION__MAX; s++)
		for (i = 0; i < im->n[s] && n < IMPORT_CHANGES_SHOWN; i++) {
			h = import_record(im, s, i);
			o = json_object_new_object();
			json_object_object_add(
			    o, "section", json_str(sections[s].name));
			json_object_object_add(o, "id", json_str(h->ext));
			json_object_object_add(o, "change",
			    json_str(h->exists ? "updated" : "new"));
			json_object_array_add(arr, o);
			n++;
		}
	return arr;
}

/* Print the counts and the agreement warnings. */
static void
report_counts(struct import *im, const char *path, int dry_run,
    struct json_object *warnings)
{
	struct json_object *j, *c;
	size_t		    s;

	if (!im->ctx->json) {
		printf("%s %s:\n",
		    dry_run ? "checked (nothing saved)" : "imported", path);
		for (s = 0; s < SECTION__MAX; s++)
			printf("  %-11s %zu new, %zu updated\n",
			    sections[s].name, im->inserted[s], im->updated[s]);
		import_sms_print(im, dry_run);
		warnings_print(im->ctx, warnings);
		import_places_print(im);
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
	json_object_object_add(j, "changes", changes_json(im));
	import_sms_json(im, j);
	import_places_json(im, warnings);
	json_object_object_add(j, "warnings", json_object_get(warnings));
	json_print(j);
}

/* Print every problem and a closing line; returns CMD_FAIL. */
static int
report_problems(struct import *im, const char *path)
{
	size_t i;

	qsort(im->problems, im->nproblems, sizeof(*im->problems), problem_cmp);
	for (i = 0; i < im->nproblems; i++)
		fprintf(stderr, "%s\n", im->problems[i].line);
	errorx("import: problems in %s: %zu; nothing was changed", path,
	    im->nproblems);
	return CMD_FAIL;
}

/* Free every record, table and problem of the import. */
static void
import_free(struct import *im)
{
	struct record_head *h;
	size_t		    s, i;

	for (s = 0; s < SECTION__MAX; s++) {
		for (i = 0; i < im->n[s]; i++) {
			h = import_record(im, s, i);
			free(h->label_id);
			sections[s].release(h);
		}
		import_array_free(
		    im->recs[s], im->cap[s] * sections[s].recsize);
		import_map_free(&im->ids[s]);
		import_map_free(&im->stored[s]);
		import_map_free(&im->fields[s]);
	}
	import_map_free(&im->cprs);
	import_map_free(&im->stored_cprs);
	import_map_free(&im->guidance);
	import_arena_free(&im->arena);
	free(im->places);
	for (i = 0; i < im->nproblems; i++)
		free(im->problems[i].line);
	free(im->problems);
}

/*
 * Save, write the audit row, gather warnings, and commit (or roll back
 * for a dry run), in the transaction resolve_all() ran in.  Returns
 * CMD_OK or CMD_FAIL.
 */
static int
import_apply(struct import *im, const char *path, int dry_run)
{
	struct json_object *warnings = json_object_new_array();
	enum store_err	    e;
	int		    rv = CMD_FAIL;

	if (save_all(im) != STORE_OK || import_audit(im, path) != STORE_OK) {
		store_rollback(im->ctx->store);
		report_problems(im, path);
		goto out;
	}
	if (warnings_all(im, warnings) < 0 || import_count_sms(im) < 0) {
		store_rollback(im->ctx->store);
		errorx("import: could not read back what was saved: %s; "
		       "nothing was changed",
		    store_errmsg(im->ctx->store));
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
	struct import  im;
	struct opts    o;
	enum store_err e;
	size_t	       s;
	int	       rv = CMD_FAIL;

	if (opts_parse_pos(
		&o, import_options, -1, argc, argv, usage_import, 1) == -1)
		return CMD_USAGE;
	memset(&im, 0, sizeof(im));
	im.ctx = ctx;
	im.relative = o.val[IMPORT_RELATIVE] != NULL;
	/*
	 * Every record is parsed into a tree and freed: without these the
	 * heap is handed back to the kernel and taken again all the time.
	 */
	(void)mallopt(M_TRIM_THRESHOLD, IMPORT_HEAP_KEEP);
	(void)mallopt(M_TOP_PAD, IMPORT_HEAP_STEP);
	import_heap_huge(IMPORT_HEAP_HUGE);
	for (s = 0; s < SECTION__MAX; s++)
		im.stored[s].owns_keys = 1;
	im.ids[SECTION_GUIDANCE].owns_keys = 1; /* "key/language" */
	im.stored_cprs.owns_keys = im.stored_cprs.owns_values = 1;
	im.guidance.owns_keys = 1;
	if (import_read(&im, o.argv[0]) == -1)
		goto out;
	(void)store_import_cache(ctx->store, IMPORT_CACHE_MIB);
	/* What the file refers to cannot change until the commit. */
	if ((e = store_begin(ctx->store)) != STORE_OK ||
	    (e = store_import_defer_checks(ctx->store)) != STORE_OK) {
		store_rollback(ctx->store);
		store_fail(ctx, "import", e);
		goto out;
	}
	if (resolve_all(&im) == -1) /* also on bad fields: every problem */
		store_rollback(ctx->store);
	else if (im.nproblems > 0) {
		store_rollback(ctx->store);
		rv = report_problems(&im, o.argv[0]);
	} else
		rv =
		    import_apply(&im, o.argv[0], o.val[IMPORT_DRY_RUN] != NULL);
out:
	import_free(&im);
	return rv;
}
