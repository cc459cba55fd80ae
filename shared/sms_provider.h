/*
 * sms_provider - the SMS providers as every program knows them: a name,
 * the configuration keys each one owns (struct config_table, declared
 * in its own file, walked by config_table.c), and how a client makes the
 * webhook requests the provider would make (mentorctl simulate-sms, the
 * fake provider, the tests).  Each provider's description is in
 * shared/sms_NAME.c; the daemon's side of it (sending, checking
 * signatures) is in sms-gateway/providers/NAME.c.  Both register from
 * the one list, sms_provider_list.h.
 */
#ifndef MENTOR_SMS_PROVIDER_H
#define MENTOR_SMS_PROVIDER_H

#include <stddef.h>

struct config;
struct config_table;
struct websign_req;

struct sms_provider {
	const char		  *name;   /* as in [sms] provider */
	const struct config_table *config; /* its keys; NULL: none */
	/*
	 * Make r the signed webhook of an incoming text from (E.164) to
	 * our number to (NULL: none) as the provider would post it, with
	 * the secret its keys name.  Returns 0, or -1 with the reason in
	 * err ("[section] key: ..."), r then empty.
	 */
	int (*simulate_mo)(const struct config *, const char *from,
	    const char *to, const char *text, struct websign_req *r, char *err,
	    size_t errlen);
};

/* The i-th provider of the list, or NULL past its end. */
const struct sms_provider *sms_provider_at(size_t i);

/* The provider called name, or NULL. */
const struct sms_provider *sms_provider_find(const char *name);

#endif
