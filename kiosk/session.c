/*
 * session.c - the kiosk's sessions: one shared web session table
 * (websession.c) whose payload is a struct session.  See session.h.
 */
#include <string.h>

#include "log.h"
#include "session.h"

static struct websession_table *table;
static int			idle_limit;

void
session_init(int idle, int max)
{
	const struct websession_limits lim = {
		.max = SESSION_MAX,
		.idle = idle,
		.max_age = max,
		.grace = SESSION_GRACE,
		.extensions = SESSION_EXTENSIONS,
		.data_size = sizeof(struct session),
	};

	if ((table = websession_table_new(&lim)) == NULL)
		fatalx("kiosk: no memory for the session table");
	idle_limit = idle;
}

void
session_done(void)
{
	websession_table_free(table);
	table = NULL;
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

struct session *
session_find(const char *id, time_t now, enum websession_end *why)
{
	struct websession *ws;

	if ((ws = websession_find(table, id, now, why)) == NULL)
		return NULL;
	return ws->data;
}

struct session *
session_new(time_t now)
{
	struct session *s;

	if ((s = websession_new_data(table, now)) == NULL)
		return NULL;
	memcpy(s->lang, "da", 3);
	s->state = SESSION_ANON;
	return s;
}

int
session_rotate(struct session *s, time_t now)
{
	if (websession_rotate(table, s->web, now) == -1)
		return -1;
	s->web->keep = 1;
	return 0;
}

void
session_end(struct session *s)
{
	websession_end(table, s->web);
}

int
session_sweep(time_t now)
{
	return websession_sweep(table, now);
}

int
session_extend(struct session *s, time_t now)
{
	return websession_extend(table, s->web, now);
}

int
session_extensions_left(const struct session *s)
{
	return websession_extensions_left(table, s->web);
}

void
session_hold(struct session *s, time_t now, time_t until)
{
	until += SESSION_HOLD_AFTER;
	websession_touch(
	    s->web, until - idle_limit > now ? until - idle_limit : now);
}
