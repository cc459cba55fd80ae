/*
 * session.c - the console's server-side sessions (see session.h).
 */
#include <stdlib.h>
#include <string.h>

#include "crypto.h"
#include "session.h"

static struct session	 table[SESSION_MAX];
static int		 idle_limit = 1800;
static int		 absolute_limit = 36000;

/* See session.h. */
void
session_init(int idle, int absolute)
{
	idle_limit = idle;
	absolute_limit = absolute;
}

/* A fresh random id into out; 0, or -1 when the generator failed. */
static int
session_random(char out[SESSION_ID_LEN])
{
	return crypto_random_token(out, SESSION_ID_LEN);
}

/* See session.h. */
struct session *
session_new(time_t now)
{
	size_t	 i;

	for (i = 0; i < SESSION_MAX; i++)
		if (table[i].id[0] == '\0')
			break;
	if (i == SESSION_MAX)
		return NULL;
	memset(&table[i], 0, sizeof(table[i]));
	if (session_random(table[i].id) == -1 ||
	    session_random(table[i].csrf) == -1) {
		session_end(&table[i]);
		return NULL;
	}
	table[i].created = table[i].seen = now;
	return &table[i];
}

/* 1 if s has outlived a limit at now. */
static int
session_expired(const struct session *s, time_t now)
{
	return now - s->seen >= idle_limit ||
	    now - s->created >= absolute_limit;
}

/* See session.h. */
struct session *
session_find(const char *id, time_t now)
{
	size_t	 i, len;

	if (id == NULL || (len = strlen(id)) != SESSION_ID_LEN - 1)
		return NULL;
	for (i = 0; i < SESSION_MAX; i++) {
		if (table[i].id[0] == '\0' ||
		    !crypto_equal(table[i].id, id, len))
			continue;
		if (session_expired(&table[i], now)) {
			session_end(&table[i]);
			return NULL;
		}
		table[i].seen = now;
		return &table[i];
	}
	return NULL;
}

/* See session.h. */
int
session_renew(struct session *s)
{
	if (session_random(s->id) == -1 || session_random(s->csrf) == -1) {
		session_end(s);
		return -1;
	}
	return 0;
}

/* See session.h. */
void
session_end(struct session *s)
{
	if (s->id_token != NULL) {
		explicit_bzero(s->id_token, strlen(s->id_token));
		free(s->id_token);
	}
	oidc_login_clear(&s->login);
	explicit_bzero(s, sizeof(*s));
}

/* See session.h. */
int
session_sweep(time_t now)
{
	size_t	 i;
	int	 n = 0;

	for (i = 0; i < SESSION_MAX; i++)
		if (table[i].id[0] != '\0' && session_expired(&table[i], now)) {
			session_end(&table[i]);
			n++;
		}
	return n;
}

/* See session.h. */
int
session_csrf_ok(const struct session *s, const char *token)
{
	size_t	 len;

	if (token == NULL || (len = strlen(token)) != SESSION_ID_LEN - 1)
		return 0;
	return crypto_equal(s->csrf, token, len);
}
