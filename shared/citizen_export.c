/*
 * citizen_export.c - a citizen's data and journal as JSON lines.  See
 * citizen_export.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <json.h>

#include "citizen_export.h"
#include "clock.h"
#include "store_journal.h"

/* What the list callbacks write to. */
struct export_state {
	struct store *store;
	struct buf   *out;
	size_t	      records;
};

/* A JSON string, or null for NULL. */
static struct json_object *
str_or_null(const char *s)
{
	return s != NULL ? json_object_new_string(s) : NULL;
}

/* Add instant t to j under key as UTC ISO 8601. */
static void
add_instant(struct json_object *j, const char *key, time_t t)
{
	char iso[CLOCK_ISO_UTC_LEN];

	clock_format_iso_utc(t, iso);
	json_object_object_add(j, key, json_object_new_string(iso));
}

/* Append j as one line, then release it. */
static void
export_line(struct export_state *es, struct json_object *j)
{
	buf_printf(es->out, "%s\n",
	    json_object_to_json_string_ext(j, JSON_C_TO_STRING_PLAIN));
	json_object_put(j);
	es->records++;
}

/* store_meeting_list callback. */
static int
export_meeting(const struct meeting_rec *m, void *arg)
{
	struct json_object *j = json_object_new_object();

	json_object_object_add(j, "type", json_object_new_string("meeting"));
	json_object_object_add(j, "id", str_or_null(m->external_id));
	add_instant(j, "starts", m->starts_at);
	add_instant(j, "ends", m->ends_at);
	json_object_object_add(j, "place", str_or_null(m->place));
	json_object_object_add(j, "kind", str_or_null(m->kind));
	json_object_object_add(j, "status", str_or_null(m->status));
	export_line(arg, j);
	return 0;
}

/* The agreement's tasks as a JSON list (read with the agreement). */
static struct json_object *
agreement_tasks(struct store *s, int64_t id)
{
	struct json_object  *tasks = json_object_new_array();
	struct agreement_rec full;
	size_t		     i;

	if (store_agreement_get(s, id, &full) != STORE_OK)
		return tasks;
	for (i = 0; i < full.ntasks; i++)
		json_object_array_add(
		    tasks, json_object_new_string(full.tasks[i]));
	agreement_rec_free(&full);
	return tasks;
}

/* store_agreement_list callback: an agreement, then its meetings. */
static int
export_agreement(const struct agreement_rec *a, void *arg)
{
	struct export_state *es = arg;
	struct json_object  *j = json_object_new_object();

	json_object_object_add(j, "type", json_object_new_string("agreement"));
	json_object_object_add(j, "id", str_or_null(a->external_id));
	json_object_object_add(j, "status", str_or_null(a->status));
	json_object_object_add(j, "goal", str_or_null(a->goal));
	json_object_object_add(j, "tasks", agreement_tasks(es->store, a->id));
	json_object_object_add(j, "starts", str_or_null(a->starts_on));
	json_object_object_add(j, "ends", str_or_null(a->ends_on));
	json_object_object_add(j, "legal_basis", str_or_null(a->legal_basis));
	export_line(es, j);
	store_meeting_list(es->store, a->id, 0, 0, export_meeting, es);
	return 0;
}

/* store_citizen_journal callback. */
static int
export_journal(const struct journal_rec *r, void *arg)
{
	struct json_object *j = json_object_new_object();

	json_object_object_add(
	    j, "type", json_object_new_string(journal_type_name(r->type)));
	json_object_object_add(j, "id", json_object_new_int64(r->id));
	add_instant(j, "at", r->at);
	json_object_object_add(j, "staff", str_or_null(r->staff));
	json_object_object_add(j, "number", str_or_null(r->number));
	json_object_object_add(j, "what", str_or_null(r->what));
	json_object_object_add(j, "status", str_or_null(r->status));
	json_object_object_add(j, "text", str_or_null(r->text));
	json_object_object_add(j, "actor_kind", str_or_null(r->actor_kind));
	json_object_object_add(j, "actor", str_or_null(r->actor));
	export_line(arg, j);
	return 0;
}

enum store_err
citizen_export(struct store *s, int64_t id, struct buf *out, size_t *records)
{
	struct export_state es = { s, out, 0 };
	struct citizen_rec  c;
	struct json_object *j;
	enum store_err	    e;

	*records = 0;
	if ((e = store_citizen_get(s, id, &c)) != STORE_OK)
		return e;
	j = json_object_new_object();
	json_object_object_add(j, "type", json_object_new_string("citizen"));
	json_object_object_add(j, "id", str_or_null(c.external_id));
	json_object_object_add(j, "given_name", str_or_null(c.given_name));
	json_object_object_add(j, "mobile", str_or_null(c.mobile));
	json_object_object_add(j, "language", str_or_null(c.language));
	citizen_rec_free(&c);
	export_line(&es, j);
	if ((e = store_agreement_list(s, id, export_agreement, &es)) ==
	    STORE_OK)
		e = store_citizen_journal(s, id, export_journal, &es);
	*records = es.records;
	return e;
}

int
citizen_export_write(const char *path, const struct buf *b)
{
	size_t	done = 0;
	ssize_t n;
	int	fd, saved, closed;

	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd == -1)
		return -1;
	while (done < b->len) {
		n = write(fd, b->data + done, b->len - done);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		done += (size_t)n;
	}
	saved = done == b->len ? 0 : (errno != 0 ? errno : EIO);
	if (saved == 0 && fsync(fd) == -1)
		saved = errno;
	closed = close(fd);
	if (saved == 0 && closed == -1)
		saved = errno;
	if (saved == 0)
		return 0;
	unlink(path);
	errno = saved;
	return -1;
}

const char *
citizen_erase_refusal(const struct erase_blockers *b)
{
	if (b->erased)
		return "erased already";
	if (b->agreements > 0)
		return "an agreement is not ended: the case is open; end it "
		       "first";
	if (b->open_requests > 0)
		return "a contact request is open; close it first";
	if (b->sending > 0)
		return "a text to the citizen is being sent right now; try "
		       "again in a minute";
	return NULL;
}

enum store_err
citizen_erase_exported(struct store *s, int64_t id, time_t now, struct buf *out,
    size_t *records, struct erase_blockers *b, struct erase_counts *counts,
    const char **why)
{
	enum store_err e;

	*why = NULL;
	*records = 0;
	if ((e = store_citizen_erase_blockers(s, id, b)) != STORE_OK)
		return e;
	if ((*why = citizen_erase_refusal(b)) != NULL)
		return STORE_CONSTRAINT;
	if ((e = citizen_export(s, id, out, records)) != STORE_OK)
		return e;
	return store_citizen_erase(s, id, now, counts);
}

struct json_object *
audit_row_json(const struct audit_rec *r, const char *citizen)
{
	struct json_object *j = json_object_new_object();

	json_object_object_add(j, "id", json_object_new_int64(r->id));
	add_instant(j, "at", r->at);
	json_object_object_add(j, "actor_kind", str_or_null(r->actor_kind));
	json_object_object_add(j, "actor", str_or_null(r->actor));
	json_object_object_add(j, "action", str_or_null(r->action));
	json_object_object_add(j, "citizen", str_or_null(citizen));
	json_object_object_add(j, "reason", str_or_null(r->reason));
	json_object_object_add(j, "detail", str_or_null(r->detail));
	return j;
}
