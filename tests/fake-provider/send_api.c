/*
 * send_api.c - the send APIs the fake speaks:
 *	POST /rest/mtsms				GatewayAPI (JSON)
 *	POST /2010-04-01/Accounts/{sid}/Messages.json	Twilio (form)
 * Each request is parsed, authenticated (when the fake was given
 * credentials), run through the fault rules, answered the way the real
 * provider answers, and recorded.
 */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <json-c/json.h>

#include "buf.h"
#include "crypto.h"
#include "fake.h"
#include "formparse.h"

#define GWAPI_PATH    "/rest/mtsms"
#define TWILIO_PREFIX "/2010-04-01/Accounts/"
#define TWILIO_SUFFIX "/Messages.json"

static _Atomic long long next_id = 100000000;

int
send_api_match(const char *url)
{
	size_t n = strlen(url), ls = strlen(TWILIO_SUFFIX);

	if (strcmp(url, GWAPI_PATH) == 0)
		return 1;
	return strncmp(url, TWILIO_PREFIX, strlen(TWILIO_PREFIX)) == 0 &&
	    n > ls && strcmp(url + n - ls, TWILIO_SUFFIX) == 0;
}

/* A validation error answer in GatewayAPI's shape. */
static void
gwapi_error(
    struct fake_answer *a, int status, const char *code, const char *msg)
{
	a->status = status;
	buf_reset(&a->body);
	buf_printf(&a->body, "{\"code\":\"%s\",\"message\":\"%s\"}", code, msg);
}

/* Fill q from one GatewayAPI message object. */
static void
gwapi_message(struct json_object *o, int auth_ok, struct fake_req *q)
{
	struct json_object *v, *r;

	memset(q, 0, sizeof(*q));
	q->api = "gatewayapi";
	q->auth_ok = auth_ok;
	if (!json_object_is_type(o, json_type_object))
		return;
	if (json_object_object_get_ex(o, "userref", &v))
		snprintf(
		    q->ref, sizeof(q->ref), "%s", json_object_get_string(v));
	if (json_object_object_get_ex(o, "encoding", &v))
		snprintf(q->encoding, sizeof(q->encoding), "%s",
		    json_object_get_string(v));
	if (json_object_object_get_ex(o, "message", &v) &&
	    (q->body = strdup(json_object_get_string(v))) == NULL)
		abort();
	if (json_object_object_get_ex(o, "recipients", &v) &&
	    json_object_is_type(v, json_type_array) &&
	    (r = json_object_array_get_idx(v, 0)) != NULL &&
	    json_object_object_get_ex(r, "msisdn", &v))
		snprintf(
		    q->to, sizeof(q->to), "+%s", json_object_get_string(v));
}

/*
 * Parse a GatewayAPI body (one message object or an array of them) into
 * q[0..*n-1]; sets an error answer in a on failure (then *n is at least
 * 1 so the request is recorded).
 */
static void
gwapi_parse(struct MHD_Connection *c, const char *body, struct fake_req *q,
    size_t *n, struct fake_answer *a)
{
	struct json_object *o;
	const char	   *auth = fake_header(c, "Authorization");
	struct buf	    want = { 0 };
	size_t		    i, cnt;
	int		    auth_ok = 1;

	if (fake_gwapi_token != NULL) {
		buf_printf(&want, "Token %s", fake_gwapi_token);
		auth_ok = auth != NULL && strcmp(auth, buf_str(&want)) == 0;
		buf_free(&want);
	}
	o = json_tokener_parse(body);
	cnt = o != NULL && json_object_is_type(o, json_type_array)
	    ? json_object_array_length(o)
	    : 1;
	if (cnt > FAKE_BATCH_MAX || cnt == 0)
		cnt = 1;
	for (i = 0; i < cnt; i++)
		gwapi_message(json_object_is_type(o, json_type_array)
			? json_object_array_get_idx(o, i)
			: o,
		    auth_ok, &q[i]);
	*n = cnt;
	if (o == NULL ||
	    (!json_object_is_type(o, json_type_object) &&
		!json_object_is_type(o, json_type_array)))
		gwapi_error(a, 422, "0x0222", "invalid JSON");
	else if (!auth_ok)
		gwapi_error(a, 401, "0x0229", "invalid token");
	for (i = 0; a->status == 0 && i < cnt; i++)
		if (q[i].body == NULL || q[i].to[1] == '\0')
			gwapi_error(a, 400, "0x0222", "missing parameter");
	json_object_put(o);
}

/* The ref=N query parameter of a StatusCallback URL into q->ref. */
static void
twilio_ref(const char *cb, struct fake_req *q)
{
	const char *p;

	if (cb == NULL || (p = strstr(cb, "?ref=")) == NULL)
		return;
	snprintf(
	    q->ref, sizeof(q->ref), "%.*s", (int)strcspn(p + 5, "&"), p + 5);
}

/* Check HTTP Basic credentials against -s/-a. */
static int
twilio_auth(struct MHD_Connection *c)
{
	char *user, *pass = NULL;
	int   ok;

	if (fake_twilio_sid == NULL)
		return 1;
	user = MHD_basic_auth_get_username_password(c, &pass);
	ok = user != NULL && pass != NULL &&
	    strcmp(user, fake_twilio_sid) == 0 &&
	    strcmp(pass, fake_twilio_token ? fake_twilio_token : "") == 0;
	MHD_free(user);
	MHD_free(pass);
	return ok;
}

static void
twilio_error(struct fake_answer *a, int status, int code, const char *msg)
{
	a->status = status;
	buf_reset(&a->body);
	buf_printf(&a->body,
	    "{\"code\":%d,\"message\":\"%s\",\"more_info\":"
	    "\"https://www.twilio.com/docs/errors/%d\",\"status\":%d}",
	    code, msg, code, status);
}

/* Parse a Twilio form body into q; sets an error answer on failure. */
static void
twilio_parse(struct MHD_Connection *c, const char *body, size_t len,
    struct fake_req *q, size_t *n, struct fake_answer *a)
{
	struct form f;
	const char *v;

	*n = 1;
	q->api = "twilio";
	q->auth_ok = twilio_auth(c);
	if (form_parse(body, len, &f) != FORM_OK) {
		twilio_error(a, 400, 21211, "bad form");
		return;
	}
	if ((v = form_get(&f, "To")) != NULL)
		snprintf(q->to, sizeof(q->to), "%s", v);
	if ((v = form_get(&f, "Body")) != NULL && (q->body = strdup(v)) == NULL)
		abort();
	twilio_ref(form_get(&f, "StatusCallback"), q);
	form_free(&f);
	if (!q->auth_ok)
		twilio_error(a, 401, 20003, "Authenticate");
	else if (q->to[0] != '+')
		twilio_error(a, 400, 21211, "The 'To' number is not valid.");
	else if (q->body == NULL)
		twilio_error(a, 400, 21602, "Message body is required.");
}

/* A new provider id for one message of api into out. */
static void
new_id(const struct fake_req *q, char *out, size_t len)
{
	unsigned char rnd[16];
	char	      hex[33];

	if (strcmp(q->api, "twilio") == 0) {
		crypto_random_bytes(rnd, sizeof(rnd));
		crypto_hex(rnd, sizeof(rnd), hex);
		snprintf(out, len, "SM%s", hex);
	} else
		snprintf(out, len, "%lld", atomic_fetch_add(&next_id, 1));
}

/*
 * The acceptance answer for n messages, each id into ids[i] (or 409 for
 * a reused reference of a single message, when dup_ref is on).
 */
static void
answer_accept(
    const struct fake_req *q, size_t n, struct fake_answer *a, char ids[][40])
{
	struct fake_settings set;
	size_t		     i;
	int		     dup = 0;

	for (i = 0; i < n; i++)
		new_id(&q[i], ids[i], sizeof(ids[i]));
	settings_get(&set);
	if (set.dup_ref && n == 1)
		dup = record_ref_accept(q->api, q->ref, ids[0], sizeof(ids[0]));
	buf_reset(&a->body);
	if (dup) {
		a->status = 409;
		buf_printf(&a->body,
		    "{\"code\":\"DUPLICATE_REFERENCE\","
		    "\"message\":\"reference already used\",\"id\":\"%s\"}",
		    ids[0]);
	} else if (strcmp(q->api, "twilio") == 0) {
		a->status = 201;
		buf_printf(&a->body,
		    "{\"sid\":\"%s\",\"status\":\"queued\","
		    "\"to\":\"%s\",\"num_segments\":\"1\",\"error_code\":null}",
		    ids[0], q->to);
	} else {
		a->status = 200;
		buf_puts(&a->body, "{\"ids\":[");
		for (i = 0; i < n; i++)
			buf_printf(&a->body, "%s%s", i ? "," : "", ids[i]);
		buf_puts(&a->body,
		    "],\"usage\":{\"countries\":{\"DK\":1},"
		    "\"currency\":\"DKK\",\"total_cost\":0.12}}");
	}
	a->accepted = !dup;
}

/* Apply the first fault that matches any of the n messages. */
static void
apply_faults(const struct fake_req *q, size_t n, struct fake_answer *a)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (faults_apply(&q[i], a))
			return;
}

enum MHD_Result
send_api_handle(struct MHD_Connection *c, const char *method, const char *url,
    const char *body, size_t len)
{
	struct fake_req	  *q;
	struct fake_answer a;
	enum MHD_Result	   ret;
	char(*ids)[40];
	size_t i, n = 1;

	if (strcmp(method, "POST") != 0)
		return fake_respond(c, 405, "text/plain", "POST only\n", 10, 0);
	if ((q = calloc(FAKE_BATCH_MAX, sizeof(*q))) == NULL ||
	    (ids = calloc(FAKE_BATCH_MAX, sizeof(*ids))) == NULL)
		abort();
	memset(&a, 0, sizeof(a));
	if (strcmp(url, GWAPI_PATH) == 0)
		gwapi_parse(c, body, q, &n, &a);
	else
		twilio_parse(c, body, len, q, &n, &a);
	if (a.status == 0) {
		/* Parsed and authenticated: faults first, then accept. */
		apply_faults(q, n, &a);
		if (a.status == 0 && !a.drop)
			answer_accept(q, n, &a, ids);
		if (a.truncate)
			a.body.len /= 2;
	} else {
		struct fake_settings set;

		settings_get(&set);
		a.delay_ms = set.delay_ms;
	}
	if (a.delay_ms > 0)
		usleep((useconds_t)a.delay_ms * 1000);
	for (i = 0; i < n; i++) {
		snprintf(a.provider_id, sizeof(a.provider_id), "%s", ids[i]);
		record_add(&q[i], &a);
		free(q[i].body);
	}
	free(q);
	free(ids);
	if (a.drop) {
		buf_free(&a.body);
		return MHD_NO;
	}
	ret = fake_respond(c, a.status, "application/json", buf_str(&a.body),
	    a.body.len, a.retry_after);
	buf_free(&a.body);
	return ret;
}
