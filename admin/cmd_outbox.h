/*
 * cmd_outbox.h - the sending side's mentorctl commands (gateway-send):
 *
 *	outbox list [--status STATUS] [--to NUMBER] [--limit N]
 *	outbox show ID
 *	outbox retry ID [--until WHEN]
 *	sms send --to NUMBER TEXT
 *	sms send --citizen CPR TEXT
 *	sms send --from-file FILE.jsonl
 *
 * Rows for commands[] in admin/main.c; see cmd.h for the conventions.
 * The queue's lines of `status` are in admin/status_outbox.c.
 */
#ifndef MENTOR_ADMIN_CMD_OUTBOX_H
#define MENTOR_ADMIN_CMD_OUTBOX_H

struct ctx;

int		  cmd_outbox(struct ctx *, int, char **);
int		  cmd_sms(struct ctx *, int, char **);

extern const char usage_outbox[], usage_sms[];

#endif
