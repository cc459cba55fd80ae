/*
 * session.c - the console's session payload on shared/websession.c
 * (see session.h).
 */
#include "log.h"
#include "session.h"
#include "websession.h"

static struct websession_table *table;

/* See session.h. */
void
session_init(int idle, int absolute)
{
	const struct websession_limits lim = {
		.max = SESSION_MAX,
		.idle = idle,
		.max_age = absolute,
		.data_size = sizeof(struct session),
	};

	if ((table = websession_table_new(&lim)) == NULL)
		fatalx("console: no session table");
}

void
session_lock(void)
{
	websession_lock(table);
}

void
session_unlock(void)
{
	websession_unlock(table);
}

/* See session.h. */
struct session *
session_new(time_t now)
{
	return websession_new_data(table, now);
}

/* See session.h. */
struct session *
session_find(const char *id, time_t now)
{
	struct websession  *ws;
	enum websession_end why;

	if ((ws = websession_find(table, id, now, &why)) == NULL)
		return NULL;
	websession_touch(ws, now);
	return ws->data;
}

/* See session.h. */
int
session_renew(struct session *s, time_t now)
{
	if (websession_rotate(table, s->ws, now) == -1) {
		session_end(s);
		return -1;
	}
	s->ws->keep = 1;
	return 0;
}

/* See session.h. */
void
session_end(struct session *s)
{
	websession_end(table, s->ws);
}

/* See session.h. */
int
session_sweep(time_t now)
{
	return websession_sweep(table, now);
}

const char *
session_id(const struct session *s)
{
	return s->ws->id;
}

const char *
session_csrf(const struct session *s)
{
	return s->ws->csrf;
}

/* See session.h. */
int
session_csrf_ok(const struct session *s, const char *token)
{
	return websession_csrf_ok(s->ws, token);
}
