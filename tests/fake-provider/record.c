/*
 * record.c - every request the fake answered, kept in memory as JSON
 * lines (GET /_requests) and, with -r FILE, appended to a file; and the
 * references it accepted (for duplicate detection and the statistics).
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <json-c/json.h>

#include "buf.h"
#include "fake.h"
#include "log.h"

#define REF_BUCKETS 65536

struct ref {
	struct ref *next;
	char	   *key;      /* "api:ref" */
	char	   *id;	      /* provider id given */
	unsigned    accepted; /* times accepted (or found duplicate) */
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct buf      lines;
static FILE	      *file;
static uint64_t	       nrequests, naccepted, nfaulted, nunique, ndup;
static struct ref     *refs[REF_BUCKETS];

void
record_open(const char *path)
{
	if (path != NULL && (file = fopen(path, "a")) == NULL)
		fatal("%s", path);
}

void
record_close(void)
{
	if (file != NULL)
		fclose(file);
	file = NULL;
}

/* FNV-1a of s. */
static unsigned
hash(const char *s)
{
	uint32_t h = 2166136261u;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h % REF_BUCKETS;
}

/* The entry for key, created when missing (lock held). */
static struct ref *
ref_get(const char *key)
{
	struct ref *r;
	unsigned    h = hash(key);

	for (r = refs[h]; r != NULL; r = r->next)
		if (strcmp(r->key, key) == 0)
			return r;
	if ((r = calloc(1, sizeof(*r))) == NULL ||
	    (r->key = strdup(key)) == NULL)
		fatal("calloc");
	r->next = refs[h];
	refs[h] = r;
	return r;
}

int
record_ref_accept(const char *api, const char *ref, char *id, size_t idlen)
{
	struct buf  key = { 0 };
	struct ref *r;
	int	    seen;

	if (ref == NULL || ref[0] == '\0')
		return 0;
	buf_printf(&key, "%s:%s", api, ref);
	pthread_mutex_lock(&lock);
	r = ref_get(buf_str(&key));
	if ((seen = (r->id != NULL)))
		snprintf(id, idlen, "%s", r->id);
	else if ((r->id = strdup(id)) == NULL)
		fatal("strdup");
	pthread_mutex_unlock(&lock);
	buf_free(&key);
	return seen;
}

/* Count an accepted reference (lock held). */
static void
count_accepted(const struct fake_req *q)
{
	struct buf  key = { 0 };
	struct ref *r;

	naccepted++;
	if (q->ref[0] == '\0')
		return;
	buf_printf(&key, "%s:%s", q->api, q->ref);
	r = ref_get(buf_str(&key));
	if (r->accepted++ == 0)
		nunique++;
	else
		ndup++;
	buf_free(&key);
}

/* The JSON line for one request. */
static void
record_line(const struct fake_req *q, const struct fake_answer *a, uint64_t n,
    struct buf *out)
{
	struct json_object *o = json_object_new_object();
	struct timespec	    ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	json_object_object_add(o, "n", json_object_new_int64((int64_t)n));
	json_object_object_add(o, "at_ms",
	    json_object_new_int64(
		(int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000));
	json_object_object_add(o, "api", json_object_new_string(q->api));
	json_object_object_add(o, "ref", json_object_new_string(q->ref));
	json_object_object_add(o, "to", json_object_new_string(q->to));
	json_object_object_add(
	    o, "body", json_object_new_string(q->body ? q->body : ""));
	json_object_object_add(
	    o, "encoding", json_object_new_string(q->encoding));
	json_object_object_add(o, "auth", json_object_new_boolean(q->auth_ok));
	json_object_object_add(
	    o, "status", json_object_new_int(a->drop ? 0 : a->status));
	json_object_object_add(o, "fault", json_object_new_string(a->fault));
	json_object_object_add(o, "id", json_object_new_string(a->provider_id));
	buf_puts(out,
	    json_object_to_json_string_ext(
		o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
	buf_putc(out, '\n');
	json_object_put(o);
}

void
record_add(const struct fake_req *q, const struct fake_answer *a)
{
	struct buf line = { 0 };
	uint64_t   n;

	pthread_mutex_lock(&lock);
	n = ++nrequests;
	if (a->fault[0] != '\0')
		nfaulted++;
	if (a->accepted && !a->drop)
		count_accepted(q);
	pthread_mutex_unlock(&lock);
	record_line(q, a, n, &line);
	pthread_mutex_lock(&lock);
	buf_append(&lines, line.data, line.len);
	if (file != NULL) {
		fwrite(line.data, 1, line.len, file);
		fflush(file);
	}
	pthread_mutex_unlock(&lock);
	buf_free(&line);
}

void
record_dump(struct buf *out)
{
	pthread_mutex_lock(&lock);
	if (lines.len > 0)
		buf_append(out, lines.data, lines.len);
	pthread_mutex_unlock(&lock);
}

void
record_stats(struct buf *out)
{
	pthread_mutex_lock(&lock);
	buf_printf(out,
	    "{\"requests\":%llu,\"accepted\":%llu,"
	    "\"faulted\":%llu,\"unique_refs\":%llu,\"duplicate_refs\":%llu}\n",
	    (unsigned long long)nrequests, (unsigned long long)naccepted,
	    (unsigned long long)nfaulted, (unsigned long long)nunique,
	    (unsigned long long)ndup);
	pthread_mutex_unlock(&lock);
}

void
record_reset(void)
{
	struct ref *r, *next;
	size_t	    i;

	pthread_mutex_lock(&lock);
	buf_free(&lines);
	for (i = 0; i < REF_BUCKETS; i++) {
		for (r = refs[i]; r != NULL; r = next) {
			next = r->next;
			free(r->key);
			free(r->id);
			free(r);
		}
		refs[i] = NULL;
	}
	nrequests = naccepted = nfaulted = nunique = ndup = 0;
	pthread_mutex_unlock(&lock);
}
