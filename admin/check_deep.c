/*
 * check_deep.c - `mentorctl check --deep`: SQLite's integrity check and
 * foreign-key check on the live database.  Both only read: in WAL mode
 * the running programs go on writing meanwhile.  See backup.h.
 */
#include <stdio.h>

#include <json.h>

#include "backup.h"
#include "cmd.h"
#include "store.h"
#include "store_backup.h"

struct deep_walk {
	struct json_object *list; /* --json: the problems */
};

/* store_check_deep() callback: print or collect one problem. */
static int
deep_problem(const char *kind, const char *text, void *arg)
{
	struct deep_walk   *w = arg;
	struct json_object *o;

	if (w->list == NULL) {
		printf("deep      problem: %s: %s\n", kind, text);
		return 0;
	}
	o = json_object_new_object();
	json_object_object_add(o, "kind", json_str(kind));
	json_object_object_add(o, "text", json_str(text));
	json_object_array_add(w->list, o);
	return 0;
}

int
check_deep(struct ctx *ctx, struct json_object *j)
{
	struct deep_walk w = { NULL };
	int64_t		 problems = 0;
	enum store_err	 e;

	if (j != NULL)
		w.list = json_object_new_array();
	e = store_check_deep(ctx->store, deep_problem, &w, &problems);
	if (e != STORE_OK) {
		/* Could not even run: as bad as a problem found. */
		deep_problem("check", store_errmsg(ctx->store), &w);
		problems++;
	}
	if (j != NULL)
		json_object_object_add(j, "deep", w.list);
	else if (problems == 0)
		printf("deep      ok: integrity_check and foreign_key_check "
		       "found nothing\n");
	else
		printf(
		    "deep      %lld problem(s): the database is damaged or "
		    "inconsistent; see \"Backup and restore\" in the README\n",
		    (long long)problems);
	return problems > 0;
}
