/*
 * status_outbox.c - the SMS queue's part of `mentorctl status`.
 *
 * For the gateway-send helper to fill in: counts by sms_outbox status,
 * the oldest queued message's age, failures in the last 24 hours, the
 * lease holder.  Add keys to j when it is not NULL (--json), else print
 * lines.  Returns 0, or -1 after printing an error.
 */
#include "cmd.h"

int
status_outbox(struct ctx *ctx, struct json_object *j)
{
	(void)ctx;
	(void)j;
	return 0;
}
