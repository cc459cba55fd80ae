/*
 * faults.c - fault rules the tests install with POST /_fault, and the
 * global settings of POST /_config.
 *
 * A rule is a JSON object:
 *	{"action": "status"|"drop"|"garbage"|"error_body"|"delay"|"html"|
 *	    "truncated",
 *	 "status": 500, "code": "0x0215" | 21610, "retry_after": 2,
 *	 "delay_ms": 100, "count": 1 (-1: for ever), "to": "+4520000001",
 *	 "api": "gatewayapi"|"twilio"}
 * Only action is required.  The first rule that matches a request (api
 * and recipient, when given) applies and uses up one of its count.
 * "html" answers a proxy's HTML page with the status (default 200; a
 * 2xx is recorded as accepted: the provider behind the proxy has the
 * message); "truncated" accepts the message and cuts the answer's body
 * in the middle.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "buf.h"
#include "fake.h"
#include "log.h"

#define FAULTS_MAX 256

struct fault {
	enum fault_action action;
	int		  status;
	char		  code[16];
	int		  retry_after;
	int		  delay_ms;
	int		  count; /* uses left; -1 for ever */
	char		  to[24];
	char		  api[16];
};

static const char *const action_names[FAULT__MAX] = {
	[FAULT_STATUS] = "status",
	[FAULT_DROP] = "drop",
	[FAULT_GARBAGE] = "garbage",
	[FAULT_ERROR_BODY] = "error_body",
	[FAULT_DELAY] = "delay",
	[FAULT_HTML] = "html",
	[FAULT_TRUNCATED] = "truncated",
};

static pthread_mutex_t	    lock = PTHREAD_MUTEX_INITIALIZER;
static struct fault	    faults[FAULTS_MAX];
static size_t		    nfaults;
static struct fake_settings settings;

/* A string member of o into out ("" when absent); numbers as text. */
static void
get_str(struct json_object *o, const char *key, char *out, size_t len)
{
	struct json_object *v;

	out[0] = '\0';
	if (json_object_object_get_ex(o, key, &v) &&
	    !json_object_is_type(v, json_type_null))
		snprintf(out, len, "%s", json_object_get_string(v));
}

/* An integer member of o, or dflt. */
static int
get_int(struct json_object *o, const char *key, int dflt)
{
	struct json_object *v;

	if (!json_object_object_get_ex(o, key, &v) ||
	    json_object_is_type(v, json_type_null))
		return dflt;
	return json_object_get_int(v);
}

/* Parse one rule object into f; 0 or -1 with err. */
static int
fault_parse(struct json_object *o, struct fault *f, char *err, size_t errlen)
{
	char action[24];
	int  i;

	memset(f, 0, sizeof(*f));
	get_str(o, "action", action, sizeof(action));
	for (i = 0; i < FAULT__MAX; i++)
		if (strcmp(action, action_names[i]) == 0)
			break;
	if (i == FAULT__MAX) {
		snprintf(err, errlen, "unknown action \"%s\"", action);
		return -1;
	}
	f->action = i;
	f->status = get_int(o, "status", i == FAULT_STATUS ? 500 : 200);
	f->retry_after = get_int(o, "retry_after", 0);
	f->delay_ms = get_int(o, "delay_ms", 0);
	f->count = get_int(o, "count", 1);
	get_str(o, "code", f->code, sizeof(f->code));
	get_str(o, "to", f->to, sizeof(f->to));
	get_str(o, "api", f->api, sizeof(f->api));
	return 0;
}

int
faults_add_json(const char *json, size_t len, char *err, size_t errlen)
{
	struct json_object *o, *item;
	struct fault	    f;
	size_t		    i, n;
	int		    rc = 0;

	if ((o = json_tokener_parse(json)) == NULL) {
		snprintf(err, errlen, "not JSON");
		return -1;
	}
	n = json_object_is_type(o, json_type_array)
	    ? json_object_array_length(o)
	    : 1;
	pthread_mutex_lock(&lock);
	for (i = 0; i < n && rc == 0; i++) {
		item = json_object_is_type(o, json_type_array)
		    ? json_object_array_get_idx(o, i)
		    : o;
		if (nfaults == FAULTS_MAX) {
			snprintf(err, errlen, "too many rules");
			rc = -1;
		} else if ((rc = fault_parse(item, &f, err, errlen)) == 0)
			faults[nfaults++] = f;
	}
	pthread_mutex_unlock(&lock);
	json_object_put(o);
	return rc;
}

void
faults_reset(void)
{
	pthread_mutex_lock(&lock);
	nfaults = 0;
	pthread_mutex_unlock(&lock);
}

size_t
faults_pending(void)
{
	size_t i, n = 0;

	pthread_mutex_lock(&lock);
	for (i = 0; i < nfaults; i++)
		if (faults[i].count != 0)
			n++;
	pthread_mutex_unlock(&lock);
	return n;
}

/* 1 if rule f applies to request r. */
static int
fault_matches(const struct fault *f, const struct fake_req *r)
{
	if (f->count == 0)
		return 0;
	if (f->api[0] != '\0' && strcmp(f->api, r->api) != 0)
		return 0;
	if (f->to[0] != '\0' && strcmp(f->to, r->to) != 0 &&
	    !(f->to[0] != '+' && strcmp(f->to, r->to + 1) == 0))
		return 0;
	return 1;
}

/* The error body for a status fault in the request's API. */
static void
error_body(const struct fault *f, const struct fake_req *r, int status,
    struct buf *out)
{
	buf_reset(out);
	if (strcmp(r->api, "twilio") == 0)
		buf_printf(out,
		    "{\"code\":%s,\"message\":\"fake error\","
		    "\"more_info\":\"https://www.twilio.com/docs/errors/%s\","
		    "\"status\":%d}",
		    f->code[0] ? f->code : "30008",
		    f->code[0] ? f->code : "30008", status);
	else
		buf_printf(out,
		    "{\"code\":\"%s\",\"incident_uuid\":"
		    "\"00000000-0000-0000-0000-000000000000\",\"message\":"
		    "\"fake error\",\"variables\":[]}",
		    f->code[0] ? f->code : "0x0000");
}

/* Change ans as rule f says. */
static void
fault_do(
    const struct fault *f, const struct fake_req *r, struct fake_answer *ans)
{
	snprintf(ans->fault, sizeof(ans->fault), "%s", action_names[f->action]);
	ans->delay_ms += f->delay_ms;
	switch (f->action) {
	case FAULT_STATUS:
		ans->status = f->status;
		ans->retry_after = f->retry_after;
		error_body(f, r, f->status, &ans->body);
		break;
	case FAULT_DROP:
		ans->drop = 1;
		break;
	case FAULT_GARBAGE:
		ans->status = 200;
		buf_reset(&ans->body);
		buf_puts(&ans->body, "<html>garbage \x01\x02 {not json");
		break;
	case FAULT_ERROR_BODY:
		ans->status = 200;
		error_body(f, r, 200, &ans->body);
		break;
	case FAULT_HTML:
		ans->status = f->status;
		ans->accepted = f->status >= 200 && f->status <= 299;
		buf_reset(&ans->body);
		buf_printf(&ans->body,
		    "<!DOCTYPE html>\n<html><head><title>"
		    "%d</title></head><body><h1>Proxy</h1><p>The upstream "
		    "answered.</p></body></html>\n",
		    f->status);
		break;
	case FAULT_TRUNCATED:
		ans->truncate = 1;
		break;
	default:
		break;
	}
}

int
faults_apply(const struct fake_req *r, struct fake_answer *ans)
{
	struct fault f;
	size_t	     i;
	int	     hit = 0;

	pthread_mutex_lock(&lock);
	ans->delay_ms = settings.delay_ms;
	for (i = 0; i < nfaults; i++) {
		if (!fault_matches(&faults[i], r))
			continue;
		if (faults[i].count > 0)
			faults[i].count--;
		f = faults[i];
		hit = 1;
		break;
	}
	pthread_mutex_unlock(&lock);
	if (hit)
		fault_do(&f, r, ans);
	return hit;
}

int
settings_set_json(const char *json, size_t len)
{
	struct json_object *o;

	if ((o = json_tokener_parse(json)) == NULL ||
	    !json_object_is_type(o, json_type_object)) {
		json_object_put(o);
		return -1;
	}
	pthread_mutex_lock(&lock);
	settings.delay_ms = get_int(o, "delay_ms", settings.delay_ms);
	settings.dup_ref = get_int(o, "dup_ref", settings.dup_ref);
	pthread_mutex_unlock(&lock);
	json_object_put(o);
	return 0;
}

void
settings_get(struct fake_settings *out)
{
	pthread_mutex_lock(&lock);
	*out = settings;
	pthread_mutex_unlock(&lock);
}

void
settings_reset(void)
{
	pthread_mutex_lock(&lock);
	memset(&settings, 0, sizeof(settings));
	pthread_mutex_unlock(&lock);
}
