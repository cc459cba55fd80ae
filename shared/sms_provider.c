/*
 * sms_provider.c - the table of provider descriptions, built from
 * sms_provider_list.h.  See sms_provider.h.
 */
#include <string.h>

#include "sms_provider.h"

#define SMS_PROVIDER(n) extern const struct sms_provider sms_provider_##n;
#include "sms_provider_list.h"
#undef SMS_PROVIDER

static const struct sms_provider *const sms_providers[] = {
#define SMS_PROVIDER(n) &sms_provider_##n,
#include "sms_provider_list.h"
#undef SMS_PROVIDER
};

#define NSMS_PROVIDERS (sizeof(sms_providers) / sizeof(sms_providers[0]))

const struct sms_provider *
sms_provider_at(size_t i)
{
	return i < NSMS_PROVIDERS ? sms_providers[i] : NULL;
}

const struct sms_provider *
sms_provider_find(const char *name)
{
	size_t i;

	for (i = 0; i < NSMS_PROVIDERS; i++)
		if (strcmp(sms_providers[i]->name, name) == 0)
			return sms_providers[i];
	return NULL;
}
