/*
 * session.c - server-side kiosk sessions.  See session.h.
 */
#include <pthread.h>
#include <string.h>

#include "crypto.h"
#include "session.h"

static struct session	 table[SESSION_MAX];
static pthread_mutex_t	 table_lock = PTHREAD_MUTEX_INITIALIZER;
static int		 idle_limit = 150;
static int		 max_age = 900;

void
session_init(int idle, int max)
{
	idle_limit = idle;
	max_age = max;
}

void
session_lock(void)
{
	pthread_mutex_lock(&table_lock);
}

void
session_unlock(void)
{
	pthread_mutex_unlock(&table_lock);
}

/*
 * Why the session s must end at now, or SESSION_LIVE.
 */
static enum session_end
session_expired(const struct session *s, time_t now)
{
	if (now >= s->deadline + SESSION_GRACE)
		return SESSION_TOO_OLD;
	if (now - s->last_seen >= idle_limit)
		return SESSION_IDLE;
	return SESSION_LIVE;
}

void
session_end(struct session *s)
{
	explicit_bzero(s, sizeof(*s));
}

struct session *
session_find(const char *id, time_t now, enum session_end *why)
{
	struct session	*s;
	size_t		 i;

	*why = SESSION_UNKNOWN;
	if (id == NULL || strlen(id) != SESSION_ID_HEX - 1)
		return NULL;
	for (i = 0; i < SESSION_MAX; i++) {
		s = &table[i];
		if (!s->used || !crypto_equal(s->id, id, SESSION_ID_HEX - 1))
			continue;
		if ((*why = session_expired(s, now)) != SESSION_LIVE) {
			session_end(s);
			return NULL;
		}
		return s;
	}
	return NULL;
}

/*
 * A free slot, or the oldest-seen slot without a login (ended first),
 * or NULL.
 */
static struct session *
session_slot(void)
{
	struct session	*victim = NULL;
	size_t		 i;

	for (i = 0; i < SESSION_MAX; i++) {
		if (!table[i].used)
			return &table[i];
		if (table[i].state == SESSION_AUTH)
			continue;
		if (victim == NULL || table[i].last_seen < victim->last_seen)
			victim = &table[i];
	}
	if (victim != NULL)
		session_end(victim);
	return victim;
}

struct session *
session_new(time_t now)
{
	struct session	*s;

	if ((s = session_slot()) == NULL)
		return NULL;
	if (crypto_random_token(s->id, sizeof(s->id)) == -1 ||
	    crypto_random_token(s->csrf, sizeof(s->csrf)) == -1) {
		session_end(s);
		return NULL;
	}
	s->used = 1;
	s->created = s->last_seen = now;
	s->deadline = now + max_age;
	memcpy(s->lang, "da", 3);
	s->state = SESSION_ANON;
	return s;
}

void
session_touch(struct session *s, time_t now)
{
	s->last_seen = now;
}

int
session_rotate(struct session *s, time_t now)
{
	if (crypto_random_token(s->id, sizeof(s->id)) == -1 ||
	    crypto_random_token(s->csrf, sizeof(s->csrf)) == -1)
		return -1;
	s->deadline = now + max_age;
	s->extensions = 0;
	return 0;
}

int
session_sweep(time_t now)
{
	size_t	 i;
	int	 n = 0;

	for (i = 0; i < SESSION_MAX; i++) {
		if (table[i].used &&
		    session_expired(&table[i], now) != SESSION_LIVE) {
			session_end(&table[i]);
			n++;
		}
	}
	return n;
}

int
session_seconds_left(const struct session *s, time_t now)
{
	long	 left = (long)(s->deadline - now);

	return left > 0 ? (int)left : 0;
}

int
session_extend(struct session *s, time_t now)
{
	if (s->extensions >= SESSION_EXTENSIONS)
		return -1;
	s->extensions++;
	s->deadline = now + max_age;
	return 0;
}

int
session_extensions_left(const struct session *s)
{
	return SESSION_EXTENSIONS - s->extensions;
}

int
session_csrf_ok(const struct session *s, const char *token)
{
	if (token == NULL || strlen(token) != SESSION_ID_HEX - 1)
		return 0;
	return crypto_equal(s->csrf, token, SESSION_ID_HEX - 1);
}
