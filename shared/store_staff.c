/*
 * store_staff.c - staff logins and roles.  See store_staff.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "store_int.h"
#include "store_staff.h"

#define IDENTITY_COLS \
	"id, external_id, name, login, roles, mobile, " \
	"deputy_id, away_from, away_until"

static const char *const role_names[] = { "mentor", "caseworker", "coordinator",
	"desk" };
#define NROLES (sizeof(role_names) / sizeof(role_names[0]))

void
staff_identity_free(struct staff_identity *r)
{
	free(r->external_id);
	free(r->name);
	free(r->login);
	free(r->mobile);
	free(r->away_from);
	free(r->away_until);
	memset(r, 0, sizeof(*r));
}

/*
 * Step a one-row query of IDENTITY_COLS with its parameter bound into *r.
 */
static enum store_err
identity_fetch(struct store *s, sqlite3_stmt *st, struct staff_identity *r)
{
	int rc;

	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		r->id = sqlite3_column_int64(st, 0);
		r->external_id = store_col_dup(st, 1);
		r->name = store_col_dup(st, 2);
		r->login = store_col_dup(st, 3);
		r->roles = sqlite3_column_int(st, 4);
		r->mobile = store_col_dup(st, 5);
		r->deputy_id = sqlite3_column_int64(st, 6);
		r->away_from = store_col_dup(st, 7);
		r->away_until = store_col_dup(st, 8);
	}
	return store_step_end(s, st, rc);
}

int
staff_login_fold(const char *login, char *out, size_t len)
{
	size_t i;

	for (i = 0; login[i] != '\0'; i++) {
		if (i + 1 >= len) {
			if (len > 0)
				out[0] = '\0';
			return -1;
		}
		out[i] = login[i] >= 'A' && login[i] <= 'Z'
		    ? login[i] - 'A' + 'a'
		    : login[i];
	}
	if (len == 0)
		return -1;
	out[i] = '\0';
	return 0;
}

enum store_err
store_staff_by_login(
    struct store *s, const char *login, struct staff_identity *r)
{
	sqlite3_stmt *st;
	char	      folded[STAFF_LOGIN_MAX + 1];

	memset(r, 0, sizeof(*r));
	if (login == NULL || login[0] == '\0' ||
	    staff_login_fold(login, folded, sizeof(folded)) == -1)
		return STORE_NOTFOUND;
	st = store_stmt(s,
	    "SELECT " IDENTITY_COLS " FROM staff "
	    "WHERE login = ?1");
	if (st == NULL)
		return STORE_ERROR;
	store_bind_text(st, 1, folded);
	return identity_fetch(s, st, r);
}

enum store_err
store_staff_identity(struct store *s, int64_t id, struct staff_identity *r)
{
	sqlite3_stmt *st;

	memset(r, 0, sizeof(*r));
	st = store_stmt(s, "SELECT " IDENTITY_COLS " FROM staff WHERE id = ?1");
	if (st == NULL)
		return STORE_ERROR;
	store_bind_int(st, 1, id);
	return identity_fetch(s, st, r);
}

/*
 * Run an UPDATE of one staff row whose parameters are bound; NOTFOUND
 * when it changed nothing.
 */
static enum store_err
staff_update_one(struct store *s, sqlite3_stmt *st)
{
	enum store_err e;

	if ((e = store_step_done(s, st)) != STORE_OK)
		return e;
	return sqlite3_changes(s->db) ? STORE_OK : STORE_NOTFOUND;
}

enum store_err
store_staff_set_login(struct store *s, int64_t id, const char *login)
{
	sqlite3_stmt *st;
	char	      folded[STAFF_LOGIN_MAX + 1];

	if (login != NULL &&
	    (login[0] == '\0' ||
		staff_login_fold(login, folded, sizeof(folded)) == -1)) {
		snprintf(s->errmsg, sizeof(s->errmsg),
		    "login empty or longer "
		    "than %d bytes",
		    STAFF_LOGIN_MAX);
		return STORE_CONSTRAINT;
	}
	st = store_stmt(s,
	    "UPDATE staff SET login = ?2, updated_at = ?3 "
	    "WHERE id = ?1");
	if (st == NULL)
		return STORE_ERROR;
	store_bind_int(st, 1, id);
	store_bind_text(st, 2, login != NULL ? folded : NULL);
	store_bind_int(st, 3, (int64_t)clock_now());
	return staff_update_one(s, st);
}

enum store_err
store_staff_set_roles(struct store *s, int64_t id, int roles)
{
	sqlite3_stmt *st;

	if (roles < 1 || roles > STAFF_ROLES_ALL) {
		snprintf(s->errmsg, sizeof(s->errmsg), "roles %d out of range",
		    roles);
		return STORE_CONSTRAINT;
	}
	st = store_stmt(s,
	    "UPDATE staff SET roles = ?2, is_caseworker = "
	    "((?2 & 2) <> 0), updated_at = ?3 WHERE id = ?1");
	if (st == NULL)
		return STORE_ERROR;
	store_bind_int(st, 1, id);
	store_bind_int(st, 2, roles);
	store_bind_int(st, 3, (int64_t)clock_now());
	return staff_update_one(s, st);
}

const char *
staff_role_name(enum staff_role role)
{
	size_t i;

	for (i = 0; i < NROLES; i++)
		if ((int)role == 1 << i)
			return role_names[i];
	return NULL;
}

/*
 * The bit of the role named by the n bytes at p (spaces around it
 * skipped), 0 when none.
 */
static int
role_bit(const char *p, size_t n)
{
	size_t i;

	while (n > 0 && *p == ' ') {
		p++;
		n--;
	}
	while (n > 0 && p[n - 1] == ' ')
		n--;
	for (i = 0; i < NROLES; i++)
		if (strlen(role_names[i]) == n &&
		    memcmp(role_names[i], p, n) == 0)
			return 1 << i;
	return 0;
}

int
staff_roles_parse(const char *text, int *roles)
{
	const char *p, *comma;
	int	    bit;

	*roles = 0;
	for (p = text;; p = comma + 1) {
		if ((comma = strchr(p, ',')) == NULL)
			comma = p + strlen(p);
		if ((bit = role_bit(p, comma - p)) == 0) {
			*roles = 0;
			return -1;
		}
		*roles |= bit;
		if (*comma == '\0')
			return 0;
	}
}

char *
staff_roles_format(int roles, char *out, size_t len)
{
	size_t i, used = 0;
	int    n;

	if (len > 0)
		out[0] = '\0';
	for (i = 0; i < NROLES; i++) {
		if ((roles & (1 << i)) == 0)
			continue;
		n = snprintf(out + used, len - used, "%s%s",
		    used > 0 ? "," : "", role_names[i]);
		if (n < 0 || (size_t)n >= len - used) {
			out[used] = '\0';
			break;
		}
		used += n;
	}
	return out;
}
