/*
 * provider.c - owns the table of the providers' operations (built from
 * the one list, shared/sms_provider_list.h) and what the providers
 * share: opening one, the HTTP status classification, the code tables'
 * lookups.  See provider.h.
 */
#include <stdio.h>
#include <string.h>

#include "config.h"
#include <json-c/json.h>

#include "provider.h"

#define SMS_PROVIDER(n) extern const struct provider provider_##n;
#include "sms_provider_list.h"
#undef SMS_PROVIDER

/*
 * The providers' operations, from the one list of providers: adding one
 * is its files (here and in shared/) and a line in sms_provider_list.h.
 */
static const struct provider *const providers[] = {
#define SMS_PROVIDER(n) &provider_##n,
#include "sms_provider_list.h"
#undef SMS_PROVIDER
};

#define NPROVIDERS (sizeof(providers) / sizeof(providers[0]))

static const char *const send_class_names[SEND_CLASS__MAX] = {
	[SEND_ACCEPTED] = "accepted",
	[SEND_RETRY] = "retry",
	[SEND_PERMANENT] = "permanent",
	[SEND_ACCOUNT] = "account",
};

/*
 * HTTP status ranges and their class, first match wins.  409 Conflict is
 * what a provider with idempotent references answers for a reference it
 * already accepted (our resend after a crash): the message went out.
 * 401 and 403 refuse who we are, not the message (a proxy says so
 * without a provider code): the whole provider pauses.  A provider code
 * may still blame the message (403 "recipient blacklisted").
 */
static const struct {
	long		lo, hi;
	enum send_class cls;
} status_classes[] = {
	{ 200, 299, SEND_ACCEPTED },
	{ 408, 408, SEND_RETRY },    /* request timeout */
	{ 401, 401, SEND_ACCOUNT },  /* unauthorised */
	{ 403, 403, SEND_ACCOUNT },  /* forbidden */
	{ 409, 409, SEND_ACCEPTED }, /* duplicate reference */
	{ 425, 425, SEND_RETRY },    /* too early */
	{ 429, 429, SEND_RETRY },    /* too many requests */
	{ 400, 499, SEND_PERMANENT }, { 500, 599, SEND_RETRY },
	{ 0, 999, SEND_RETRY }, /* 1xx, 3xx, nonsense */
};

const struct provider *
provider_find(const char *name)
{
	size_t i;

	for (i = 0; i < NPROVIDERS; i++)
		if (strcmp(providers[i]->name, name) == 0)
			return providers[i];
	return NULL;
}

const struct provider *
provider_at(size_t i)
{
	return i < NPROVIDERS ? providers[i] : NULL;
}

int
provider_open(const struct config *cfg, const char *name,
    struct provider_use *u, char *err, size_t errlen)
{
	memset(u, 0, sizeof(*u));
	if ((u->ops = provider_find(name)) == NULL) {
		snprintf(
		    err, errlen, "[sms] provider: unknown provider %s", name);
		return -1;
	}
	if (u->ops->init(&u->ctx, cfg, err, errlen) == -1) {
		memset(u, 0, sizeof(*u));
		return -1;
	}
	return 0;
}

void
provider_close(struct provider_use *u)
{
	if (u->ops != NULL)
		u->ops->free(u->ctx);
	memset(u, 0, sizeof(*u));
}

const char *
provider_report_status(const char *provider, const char *word)
{
	const struct provider	   *p;
	const struct provider_word *w;

	if ((p = provider_find(provider)) == NULL || p->status_words == NULL)
		return "sent";
	for (w = p->status_words; w->word != NULL; w++)
		if (strcmp(w->word, word) == 0)
			return w->ours;
	return "sent";
}

const char *
send_class_name(enum send_class c)
{
	if ((unsigned)c >= SEND_CLASS__MAX)
		return "?";
	return send_class_names[c];
}

void
provider_classify_status(long status, struct send_result *res)
{
	size_t i;

	res->cls = SEND_RETRY;
	for (i = 0; i < sizeof(status_classes) / sizeof(status_classes[0]); i++)
		if (status >= status_classes[i].lo &&
		    status <= status_classes[i].hi) {
			res->cls = status_classes[i].cls;
			break;
		}
	res->rate_limited = (status == 429);
	snprintf(res->reason, sizeof(res->reason), "http %ld", status);
}

void
provider_unconfirmed(
    long status, const char *what, struct send_result *res, size_t n)
{
	memset(&res[0], 0, sizeof(res[0]));
	res[0].cls = SEND_ACCEPTED;
	res[0].unconfirmed = 1;
	snprintf(res[0].reason, sizeof(res[0].reason),
	    "unconfirmed: http %ld %s", status, what);
	provider_result_all(res, n);
}

const struct provider_code *
provider_code_find(const struct provider_code *table, const char *code)
{
	for (; table->code != NULL; table++)
		if (strcasecmp(table->code, code) == 0)
			return table;
	return NULL;
}

struct json_object *
provider_json_object(const char *body, size_t len)
{
	struct json_tokener *tok;
	struct json_object  *o;

	if (body == NULL || len == 0 || len > 1024 * 1024)
		return NULL;
	if ((tok = json_tokener_new()) == NULL)
		return NULL;
	o = json_tokener_parse_ex(tok, body, (int)len);
	if (o != NULL &&
	    (json_tokener_get_error(tok) != json_tokener_success ||
		!json_object_is_type(o, json_type_object))) {
		json_object_put(o);
		o = NULL;
	}
	json_tokener_free(tok);
	return o;
}

int
provider_report_temporary(
    const char *provider, const char *word, const char *error)
{
	const struct provider	   *p;
	const struct provider_code *pc;
	char			    code[24];

	if ((p = provider_find(provider)) == NULL)
		return 0;
	if (p->report_words != NULL && word != NULL &&
	    (pc = provider_code_find(p->report_words, word)) != NULL)
		return pc->cls == SEND_RETRY;
	if (p->report_codes == NULL || error == NULL)
		return 0;
	snprintf(code, sizeof(code), "%.*s", (int)strcspn(error, " "), error);
	pc = provider_code_find(p->report_codes, code);
	return pc != NULL && pc->cls == SEND_RETRY;
}

void
provider_result_all(struct send_result *res, size_t n)
{
	size_t i;

	for (i = 1; i < n; i++)
		res[i] = res[0];
}
