/*
 * cmd_simulate.c - `mentorctl simulate-sms --from NUMBER TEXT`: post a
 * correctly signed incoming-SMS webhook to the running sms-gateway,
 * exactly as the configured provider would, so the whole flow can be
 * tried without an SMS account.
 *
 * Each provider makes its own request (its simulate_mo, sms_provider.h):
 * GatewayAPI, and the default file provider, a GatewayAPI MO webhook
 * signed (JWT HS256) with [gatewayapi] webhook_secret_file; Twilio a
 * Twilio webhook signed with [twilio] auth_token_file for [twilio]
 * public_url.  The daemon is found through [sms] port_file
 * when set, else [sms] listen.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cmd.h"
#include "cmd_inbound.h"
#include "config.h"
#include "log.h"
#include "phone.h"
#include "sms_provider.h"
#include "validate.h"
#include "websign.h"

#define SIM_TEXT_MAX 1600
#define SIM_TIMEOUT  10 /* seconds */

const char usage_simulate_sms[] = "simulate-sms --from NUMBER TEXT";

enum sim_opt { SIM_FROM, SIM__MAX };

static const struct option sim_options[] = {
	[SIM_FROM] = { "from", required_argument, NULL, SIM_FROM },
	{ NULL, 0, NULL, 0 }
};

/*
 * The daemon's base URL "http://HOST:PORT" into out: the port from
 * [sms] port_file when it can be read, else from [sms] listen.
 */
static int
daemon_url(const struct config *cfg, char *out, size_t len)
{
	char  host[256], line[32];
	int   port = 0;
	FILE *f;

	if (config_parse_listen(cfg->sms_listen, host, sizeof(host), &port) ==
	    -1)
		return errorx("[sms] listen: not host:port"), -1;
	if (cfg->sms_port_file != NULL &&
	    (f = fopen(cfg->sms_port_file, "r")) != NULL) {
		if (fgets(line, sizeof(line), f) != NULL)
			port = (int)strtol(line, NULL, 10);
		fclose(f);
	}
	if (port <= 0 || port > 65535)
		return errorx("cannot tell the daemon's port: is sms-gateway "
			      "running? ([sms] port_file)"),
		       -1;
	if (strcmp(host, "0.0.0.0") == 0 || host[0] == '\0')
		snprintf(host, sizeof(host), "127.0.0.1");
	snprintf(out, len,
	    strchr(host, ':') ? "http://[%s]:%d" : "http://%s:%d", host, port);
	return 0;
}

/*
 * Build the signed request the configured provider would send.
 * Returns 0, or -1 after an error line.
 */
static int
build_request(
    struct ctx *ctx, const char *from, const char *text, struct websign_req *r)
{
	const struct sms_provider *p;
	char			   err[CONFIG_ERR_MAX];

	p = sms_provider_find(ctx->cfg->sms_provider);
	if (p == NULL || p->simulate_mo == NULL)
		return errorx("[sms] provider %s has no webhooks to simulate",
			   ctx->cfg->sms_provider),
		       -1;
	if (p->simulate_mo(ctx->cfg, from, ctx->cfg->sms_sender, text, r, err,
		sizeof(err)) == -1)
		return errorx("%s", err), -1;
	return 0;
}

/* See cmd_inbound.h. */
int
cmd_simulate_sms(struct ctx *ctx, int argc, char **argv)
{
	struct websign_req r;
	struct opts	   o;
	char		   from[PHONE_MAX], base[320], masked[LOG_PHONE_MAX];
	const char	  *why;
	long		   status;

	if (opts_parse_pos(
		&o, sim_options, -1, argc, argv, usage_simulate_sms, 1) == -1 ||
	    opts_require(&o, sim_options, usage_simulate_sms, SIM_FROM, -1) ==
		-1)
		return CMD_USAGE;
	if ((why = valid_phone(o.val[SIM_FROM], from)) != NULL)
		return errorx("--from: %s", why), CMD_FAIL;
	if ((why = valid_text(o.argv[0], SIM_TEXT_MAX)) != NULL)
		return errorx("TEXT: %s", why), CMD_FAIL;
	if (daemon_url(ctx->cfg, base, sizeof(base)) == -1 ||
	    build_request(ctx, from, o.argv[0], &r) == -1)
		return CMD_FAIL;
	status = websign_post(base, &r, 1, SIM_TIMEOUT);
	websign_free(&r);
	log_phone(from, masked, sizeof(masked));
	if (status == 0)
		return errorx("could not reach sms-gateway at %s", base),
		       CMD_FAIL;
	if (status != 200)
		return errorx("sms-gateway answered HTTP %ld (see its log)",
			   status),
		       CMD_FAIL;
	printf("simulated SMS from %s delivered to sms-gateway (HTTP 200); "
	       "its replies go through the outbox\n",
	    masked);
	return CMD_OK;
}
