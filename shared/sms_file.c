/*
 * sms_file.c - the file provider's key.  See sms_file.h.
 */
#include <stddef.h>

#include "config.h"
#include "config_key.h"
#include "sms_file.h"
#include "sms_gatewayapi.h"
#include "sms_provider.h"

struct file_config {
	char *path;
};

static const struct config_key file_keys[] = {
	{ "sms", "file_path", KT_PATH, offsetof(struct file_config, path), 0, 0,
	    0, NULL, "sms-outbox.jsonl", KEY_PRIVATE },
};

static const struct config_table file_table = { file_keys,
	sizeof(file_keys) / sizeof(file_keys[0]), sizeof(struct file_config),
	NULL };

const struct sms_provider	 sms_provider_file = { "file", &file_table,
	       gatewayapi_simulate_mo };

const char *
sms_file_path(const struct config *cfg)
{
	const struct file_config *f = config_table_data(cfg, &file_table);

	return f->path;
}
