/*
 * cmd_inbound.h - the receiving side's mentorctl commands (gateway-receive):
 *
 *	inbox list [--from DATE] [--to DATE] [--limit N]
 *	contact list [--all] [--limit N]
 *	contact show ID
 *	contact ack ID [--staff STAFF_ID]
 *	contact close ID
 *	journal export --from DATE --to DATE [--csv]
 *	purge [--dry-run]
 *	simulate-sms --from NUMBER TEXT
 *
 * Rows for commands[] in admin/main.c; see cmd.h for the conventions.
 */
#ifndef MENTOR_ADMIN_CMD_INBOUND_H
#define MENTOR_ADMIN_CMD_INBOUND_H

#include <time.h>

struct buf;
struct ctx;

int		  cmd_inbox(struct ctx *, int, char **);
int		  cmd_contact(struct ctx *, int, char **);
int		  cmd_journal(struct ctx *, int, char **);
int		  cmd_purge(struct ctx *, int, char **);
int		  cmd_simulate_sms(struct ctx *, int, char **);

extern const char usage_inbox[], usage_contact[], usage_journal[],
    usage_purge[], usage_simulate_sms[];

/*
 * The period [*from, *until) of the dates from and to (both included;
 * either may be NULL: the beginning of time, and tomorrow).  Returns 0,
 * or -1 after one error line.
 */
int inbound_period(const struct ctx *, const char *from, const char *to,
    time_t *start, time_t *until);

#endif
