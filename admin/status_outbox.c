/*
 * status_outbox.c - the SMS queue's part of `mentorctl status`: messages
 * by status, the age of the oldest queued one, the sent ones the
 * provider did not confirm, which daemon sends (the lease), which
 * provider it sends with and why (failover), and the
 * numbers that failed permanently (a citizen's number shown is audited
 * for that citizen).  Adds an "outbox" object to j (--json), else prints
 * lines.  Returns 0, or -1 after printing an error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json.h>

#include "buf.h"
#include "cmd.h"
#include "config.h"
#include "store.h"
#include "outbox_health.h"
#include "store_outbox.h"

#define BAD_NUMBERS_SHOWN 5

struct bad_state {
	struct json_object *arr; /* NULL: print */
	struct ctx	   *ctx;
	int		    failed; /* an audit row failed */
};

/* Audit the showing of a number that is a citizen's; 0 or -1. */
static int
bad_audit(struct ctx *ctx, const char *number)
{
	struct citizen_rec c;
	int		   rv = 0;

	if (store_citizen_by_mobile(ctx->store, number, &c) != STORE_OK)
		return 0;
	rv = audit_read(ctx, "show_status", c.id, "bad_number");
	citizen_rec_free(&c);
	return rv;
}

/* store_outbox_bad_numbers() callback. */
static int
bad_one(const struct outbox_bad_number *b, void *arg)
{
	struct bad_state   *st = arg;
	struct json_object *o;
	char		    at[32];

	if (bad_audit(st->ctx, b->recipient) == -1)
		return st->failed = 1;
	if (st->arr != NULL) {
		o = json_object_new_object();
		json_object_object_add(o, "to", json_str(b->recipient));
		json_object_object_add(
		    o, "failures", json_object_new_int64(b->failures));
		json_object_object_add(
		    o, "last_error", json_str(b->last_error));
		json_object_array_add(st->arr, o);
		return 0;
	}
	local_time(b->last_at, at, sizeof(at));
	printf("  bad number %-14s %lld failure(s), last %s: %s\n",
	    b->recipient, (long long)b->failures, at, or_dash(b->last_error));
	return 0;
}

/*
 * Which provider sends and why, as the running sender keeps it; with no
 * sender running, the configured list.  Returns a malloc'd string.
 */
static char *
sender_provider(struct ctx *ctx, const char *holder)
{
	const struct config_words *w = &ctx->cfg->sms_providers;
	struct buf		   b = { 0 };
	char			  *line = NULL;
	size_t			   i;

	if (holder != NULL &&
	    store_setting_get(ctx->store, STORE_SETTING_SMS_PROVIDER, &line) ==
		STORE_OK &&
	    line != NULL)
		return line;
	free(line);
	buf_puts(&b, "not sending; [sms] providers = ");
	for (i = 0; i < w->n; i++)
		buf_printf(&b, "%s%s", i ? ", " : "", w->word[i]);
	return buf_take(&b);
}

/* Print the queue as lines. */
static void
print_outbox(const int64_t n[OUTBOX_STATUS__MAX], long long age,
    int64_t unconfirmed, const char *holder, const char *provider)
{
	int i;

	printf("sms outbox:");
	for (i = 0; i < OUTBOX_STATUS__MAX; i++)
		printf(" %s %lld%s", outbox_status_name(i), (long long)n[i],
		    i + 1 < OUTBOX_STATUS__MAX ? "," : "\n");
	if (age >= 0)
		printf("  oldest queued: %lld s\n", age);
	if (unconfirmed > 0)
		printf("  unconfirmed: %lld sent, the provider's answer could "
		       "not be read (not sent again; see outbox list --status "
		       "sent)\n",
		    (long long)unconfirmed);
	printf("  sender: %s\n", holder ? holder : "no sms-gateway running");
	printf("  provider: %s\n", provider);
}

int
status_outbox(struct ctx *ctx, struct json_object *j)
{
	struct bad_state     bs = { NULL, ctx, 0 };
	struct json_object  *o = NULL;
	struct outbox_health h;
	char		    *provider;
	enum store_err	     e;
	int		     i;

	if ((e = outbox_health_get(ctx->store, ctx->now, &h)) != STORE_OK)
		return store_fail(ctx, "status", e), -1;
	provider = sender_provider(ctx, h.sender);
	if (j != NULL) {
		o = json_object_new_object();
		for (i = 0; i < OUTBOX_STATUS__MAX; i++)
			json_object_object_add(o, outbox_status_name(i),
			    json_object_new_int64(h.counts[i]));
		json_object_object_add(o, "oldest_queued_seconds",
		    h.oldest_age >= 0 ? json_object_new_int64(h.oldest_age)
				      : NULL);
		json_object_object_add(
		    o, "unconfirmed", json_object_new_int64(h.unconfirmed));
		json_object_object_add(o, "sender", json_str(h.sender));
		json_object_object_add(o, "provider", json_str(provider));
		bs.arr = json_object_new_array();
		json_object_object_add(o, "bad_numbers", bs.arr);
		json_object_object_add(j, "outbox", o);
	} else
		print_outbox(
		    h.counts, h.oldest_age, h.unconfirmed, h.sender, provider);
	free(provider);
	outbox_health_free(&h);
	if ((e = store_outbox_bad_numbers(
		 ctx->store, BAD_NUMBERS_SHOWN, bad_one, &bs)) != STORE_OK)
		return store_fail(ctx, "status", e), -1;
	if (bs.failed)
		return -1;
	return 0;
}
