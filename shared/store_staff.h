/*
 * store_staff - what the staff console needs of a staff row: the login
 * a person signs in with and the roles they hold.
 *
 * Logins are stored lower-cased (ASCII letters A-Z folded; other bytes
 * kept), so store_staff_by_login("Anna@Kommune.DK") finds the row whose
 * login was set as "anna@kommune.dk".  Unique when set.
 */
#ifndef MENTOR_STORE_STAFF_H
#define MENTOR_STORE_STAFF_H

#include <stddef.h>
#include <stdint.h>

#include "store.h"

/* The roles, bits of staff.roles; a person holds one or more. */
enum staff_role {
	STAFF_ROLE_MENTOR = 1,
	STAFF_ROLE_CASEWORKER = 2,
	STAFF_ROLE_COORDINATOR = 4,
	STAFF_ROLE_DESK = 8 /* gives citizens a kiosk code at the desk */
};
#define STAFF_ROLES_ALL 15
#define STAFF_LOGIN_MAX 200 /* bytes */

/* A staff member as the console sees them. */
struct staff_identity {
	int64_t id;
	char   *external_id;
	char   *name;
	char   *login;	    /* lower-cased, NULL = cannot sign in */
	int	roles;	    /* STAFF_ROLE_* bits, never 0 */
	char   *mobile;	    /* E.164 or NULL */
	int64_t deputy_id;  /* 0 = none */
	char   *away_from;  /* YYYY-MM-DD or NULL (both NULL = */
	char   *away_until; /* not away) */
};

/* Free what an identity holds and zero it. */
void	       staff_identity_free(struct staff_identity *);

/*
 * The staff member whose login is login (compared lower-cased), into
 * *out (free with staff_identity_free()).  STORE_NOTFOUND when nobody
 * has it, also for NULL, "" or a login longer than STAFF_LOGIN_MAX.
 */
enum store_err store_staff_by_login(
    struct store *, const char *login, struct staff_identity *out);
/* The same by staff id. */
enum store_err store_staff_identity(
    struct store *, int64_t id, struct staff_identity *out);
/*
 * Set (lower-cased) or clear (NULL) the login of staff member id.
 * STORE_CONSTRAINT when another member has it or it is "" or too long,
 * STORE_NOTFOUND when there is no such member.
 */
enum store_err store_staff_set_login(
    struct store *, int64_t id, const char *login);
/*
 * Set the roles (1..STAFF_ROLES_ALL) of staff member id; is_caseworker
 * follows the caseworker bit.  STORE_CONSTRAINT for a mask out of range,
 * STORE_NOTFOUND when there is no such member.
 */
enum store_err store_staff_set_roles(struct store *, int64_t id, int roles);

/*
 * Copy login into out (len bytes) with A-Z lower-cased.  Returns 0, or
 * -1 when it does not fit (out is then "").
 */
int	       staff_login_fold(const char *login, char *out, size_t len);

/*
 * "mentor", "caseworker", "coordinator", "desk" for one bit; NULL
 * otherwise.
 */
const char    *staff_role_name(enum staff_role);
/*
 * Parse "mentor,coordinator" (names from staff_role_name(), comma
 * separated, no spaces needed but allowed around names) into *roles.
 * Returns 0, or -1 for an empty list or an unknown name.
 */
int	       staff_roles_parse(const char *text, int *roles);
/*
 * Write the roles as "mentor,coordinator" into out (len bytes; 40 is
 * enough for all).  Returns out.
 */
char	      *staff_roles_format(int roles, char *out, size_t len);

#endif
