/*
 * websession.c - a table of server-side web sessions with a payload
 * for the program.  See websession.h.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "crypto.h"
#include "websession.h"

struct websession_table {
	struct websession_limits lim;
	pthread_mutex_t		 lock;
	struct websession	*slots; /* lim.max of them */
	unsigned char		*data;	/* lim.max payloads */
};

struct websession_table *
websession_table_new(const struct websession_limits *lim)
{
	struct websession_table *t;
	size_t			 size = lim->data_size > 0 ? lim->data_size : 1;

	if (lim->max == 0 || (t = calloc(1, sizeof(*t))) == NULL)
		return NULL;
	t->lim = *lim;
	t->slots = calloc(lim->max, sizeof(*t->slots));
	t->data = calloc(lim->max, size);
	if (t->slots == NULL || t->data == NULL) {
		free(t->slots);
		free(t->data);
		free(t);
		return NULL;
	}
	pthread_mutex_init(&t->lock, NULL);
	return t;
}

void
websession_table_free(struct websession_table *t)
{
	size_t i;

	if (t == NULL)
		return;
	for (i = 0; i < t->lim.max; i++)
		websession_end(t, &t->slots[i]);
	pthread_mutex_destroy(&t->lock);
	free(t->slots);
	free(t->data);
	free(t);
}

void
websession_lock(struct websession_table *t)
{
	pthread_mutex_lock(&t->lock);
}

void
websession_unlock(struct websession_table *t)
{
	pthread_mutex_unlock(&t->lock);
}

/*
 * Why the session s must end at now, or WEBSESSION_LIVE.
 */
static enum websession_end
websession_expired(
    const struct websession_table *t, const struct websession *s, time_t now)
{
	if (now >= s->deadline + t->lim.grace)
		return WEBSESSION_TOO_OLD;
	if (now - s->last_seen >= t->lim.idle)
		return WEBSESSION_IDLE;
	return WEBSESSION_LIVE;
}

void
websession_end(struct websession_table *t, struct websession *s)
{
	size_t slot = (size_t)(s - t->slots);

	explicit_bzero(s, sizeof(*s));
	explicit_bzero(t->data + slot * t->lim.data_size, t->lim.data_size);
}

struct websession *
websession_find(struct websession_table *t, const char *id, time_t now,
    enum websession_end *why)
{
	struct websession *s;
	size_t		   i;

	*why = WEBSESSION_UNKNOWN;
	if (id == NULL || strlen(id) != WEBSESSION_ID_HEX - 1)
		return NULL;
	for (i = 0; i < t->lim.max; i++) {
		s = &t->slots[i];
		if (!s->used || !crypto_equal(s->id, id, WEBSESSION_ID_HEX - 1))
			continue;
		if ((*why = websession_expired(t, s, now)) != WEBSESSION_LIVE) {
			websession_end(t, s);
			return NULL;
		}
		return s;
	}
	return NULL;
}

/*
 * A free slot, or the longest idle slot without keep (ended first), or
 * NULL.
 */
static struct websession *
websession_slot(struct websession_table *t)
{
	struct websession *victim = NULL;
	size_t		   i;

	for (i = 0; i < t->lim.max; i++) {
		if (!t->slots[i].used)
			return &t->slots[i];
		if (t->slots[i].keep)
			continue;
		if (victim == NULL || t->slots[i].last_seen < victim->last_seen)
			victim = &t->slots[i];
	}
	if (victim != NULL)
		websession_end(t, victim);
	return victim;
}

/*
 * Fresh id and CSRF token into s; 0, or -1 if the generator failed.
 */
static int
websession_tokens(struct websession *s)
{
	char id[WEBSESSION_ID_HEX], csrf[WEBSESSION_ID_HEX];

	if (crypto_random_token(id, sizeof(id)) == -1 ||
	    crypto_random_token(csrf, sizeof(csrf)) == -1)
		return -1;
	memcpy(s->id, id, sizeof(id));
	memcpy(s->csrf, csrf, sizeof(csrf));
	explicit_bzero(id, sizeof(id));
	explicit_bzero(csrf, sizeof(csrf));
	return 0;
}

struct websession *
websession_new(struct websession_table *t, time_t now)
{
	struct websession *s;

	if ((s = websession_slot(t)) == NULL)
		return NULL;
	if (websession_tokens(s) == -1) {
		websession_end(t, s);
		return NULL;
	}
	s->used = 1;
	s->created = s->last_seen = now;
	s->deadline = now + t->lim.max_age;
	s->data = t->data + (size_t)(s - t->slots) * t->lim.data_size;
	return s;
}

void
websession_touch(struct websession *s, time_t now)
{
	s->last_seen = now;
}

int
websession_rotate(struct websession_table *t, struct websession *s, time_t now)
{
	if (websession_tokens(s) == -1)
		return -1;
	s->deadline = now + t->lim.max_age;
	s->extensions = 0;
	return 0;
}

int
websession_sweep(struct websession_table *t, time_t now)
{
	size_t i;
	int    n = 0;

	for (i = 0; i < t->lim.max; i++) {
		if (t->slots[i].used &&
		    websession_expired(t, &t->slots[i], now) !=
			WEBSESSION_LIVE) {
			websession_end(t, &t->slots[i]);
			n++;
		}
	}
	return n;
}

int
websession_seconds_left(const struct websession *s, time_t now)
{
	long left = (long)(s->deadline - now);

	return left > 0 ? (int)left : 0;
}

int
websession_extend(struct websession_table *t, struct websession *s, time_t now)
{
	if (s->extensions >= t->lim.extensions)
		return -1;
	s->extensions++;
	s->deadline = now + t->lim.max_age;
	return 0;
}

int
websession_extensions_left(
    const struct websession_table *t, const struct websession *s)
{
	return t->lim.extensions - s->extensions;
}

int
websession_csrf_ok(const struct websession *s, const char *token)
{
	if (token == NULL || strlen(token) != WEBSESSION_ID_HEX - 1)
		return 0;
	return crypto_equal(s->csrf, token, WEBSESSION_ID_HEX - 1);
}

/* See websession.h. */
void *
websession_new_data(struct websession_table *t, time_t now)
{
	struct websession *s;

	if ((s = websession_new(t, now)) == NULL)
		return NULL;
	*(struct websession **)s->data = s;
	return s->data;
}
