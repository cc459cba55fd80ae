/*
 * sms_provider_list.h - the SMS providers, one line each: the one
 * registration table.  Both sides include it with their own meaning of
 * SMS_PROVIDER(name): shared/sms_provider.c registers the description
 * sms_provider_NAME (its configuration keys, its client-side signing),
 * sms-gateway/providers/provider.c the daemon's operations
 * provider_NAME.  Adding a provider: its files and a line here.  The
 * order is the order of the sample's sections and of config_dump().
 */
SMS_PROVIDER(file)
SMS_PROVIDER(gatewayapi)
SMS_PROVIDER(twilio)
