/*
 * validate_fields.c - the rules of the records' fields, shared by the
 * import, mentorctl and the staff console.  See validate.h.
 */
#include <stddef.h>
#include <string.h>
#include <time.h>

#include "store_staff.h"
#include "validate.h"

const char *
valid_given_name(const char *s)
{
	return valid_text(s, GIVEN_NAME_MAX);
}

const char *
valid_staff_name(const char *s)
{
	return valid_text(s, NAME_MAX_LEN);
}

const char *
valid_short_text(const char *s)
{
	return valid_text(s, NAME_MAX_LEN);
}

const char *
valid_login(const char *s)
{
	const unsigned char *p;

	if (s == NULL || *s == '\0')
		return "missing";
	if (strlen(s) > STAFF_LOGIN_MAX)
		return "too long (at most 200 bytes)";
	for (p = (const unsigned char *)s; *p != '\0'; p++)
		if (*p <= 0x20 || *p >= 0x7f)
			return "use only letters, digits and signs such as "
			       "@ . _ - \\ (no spaces, no æ ø å)";
	return NULL;
}

const char *
valid_roles(const char *s, int *roles)
{
	if (s == NULL || staff_roles_parse(s, roles) == -1)
		return "expected one or more of mentor, caseworker, "
		       "coordinator, desk, separated by commas";
	return NULL;
}

const char *
valid_deputy(long long staff_id, long long deputy_id)
{
	if (deputy_id != 0 && deputy_id == staff_id)
		return "cannot be the person themselves";
	return NULL;
}

const char *
valid_goal(const char *s)
{
	return valid_text(s, TEXT_MAX_LEN);
}

const char *
valid_task(const char *s)
{
	return valid_text(s, TASK_MAX_LEN);
}

const char *
valid_tasks(char *const *tasks, size_t n)
{
	size_t i;

	if (n > TASKS_MAX)
		return "more than 50 tasks";
	for (i = 0; i < n; i++)
		if (valid_task(tasks[i]) != NULL)
			return "every task must be a text of 1 to 1000 bytes";
	return NULL;
}

/* The position of status s in draft, active, ended; -1 if none. */
static int
status_rank(const char *s)
{
	size_t i;

	for (i = 0; s != NULL && words_agreement_status.words[i] != NULL; i++)
		if (strcmp(s, words_agreement_status.words[i]) == 0)
			return (int)i;
	return -1;
}

const char *
valid_status_change(const char *from, const char *to)
{
	int f = status_rank(from), t = status_rank(to);

	if (t == -1)
		return words_agreement_status.reason;
	if (f == -1 || f <= t)
		return NULL;
	if (f == 2)
		return "an ended agreement stays ended; extend it instead";
	return "an active agreement cannot go back to draft";
}

const char *
valid_agreement_editable(const char *status)
{
	if (status != NULL && strcmp(status, "ended") == 0)
		return "it has ended; extend it instead";
	return NULL;
}

const char *
valid_place(const char *s)
{
	return valid_text(s, NAME_MAX_LEN);
}

const char *
valid_meeting_times(time_t starts, time_t ends)
{
	if (ends <= starts)
		return "must be after starts";
	return NULL;
}
