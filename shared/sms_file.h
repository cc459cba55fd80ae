/*
 * sms_file - the file provider as every program knows it: its one key,
 * [sms] file_path, the JSON-lines file every message is written to
 * instead of being sent.  It has no webhooks: a simulated incoming text
 * comes as GatewayAPI's (sms_gatewayapi.h).  The daemon's side:
 * sms-gateway/providers/file.c.
 */
#ifndef MENTOR_SMS_FILE_H
#define MENTOR_SMS_FILE_H

struct config;

/* [sms] file_path, absolute. */
const char *sms_file_path(const struct config *);

#endif
