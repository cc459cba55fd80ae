/*
 * webhooks.c - the fake as a provider calling the daemon back: on
 *
 *	POST /_webhook {"url": "http://127.0.0.1:PORT", "kind": KIND, ...}
 *
 * it builds the webhook a real provider would send (shared/websign.c),
 * signed correctly, wrongly ("bad_signature": true) or not at all
 * ("unsigned": true), posts it to the daemon and answers
 * {"status": HTTP-STATUS-OF-THE-DAEMON} (0 when it could not connect).
 *
 *	KIND			fields used
 *	gatewayapi_mo		id, from, to, text, secret
 *	gatewayapi_dlr		id, status, ref, error, secret
 *	twilio_sms		id, from, to, text, token, public_url
 *	twilio_status		id, status, ref, error, token, public_url
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json.h>

#include "buf.h"
#include "fake.h"
#include "sms_gatewayapi.h"
#include "sms_twilio.h"
#include "websign.h"

#define WEBHOOK_TIMEOUT 10 /* seconds */

/* The command, read from the control body. */
struct wh_cmd {
	const char *url, *kind, *id, *from, *to, *text, *status, *error;
	const char *secret, *public_url;
	int64_t	    ref;
	int	    bad, unsigned_;
};

/* String member name of o, or def. */
static const char *
member(struct json_object *o, const char *name, const char *def)
{
	struct json_object *v;

	if (!json_object_object_get_ex(o, name, &v) ||
	    !json_object_is_type(v, json_type_string))
		return def;
	return json_object_get_string(v);
}

/* Read the command from o; 0, or -1 when url or kind is missing. */
static int
read_cmd(struct json_object *o, struct wh_cmd *w)
{
	struct json_object *v;

	memset(w, 0, sizeof(*w));
	w->url = member(o, "url", NULL);
	w->kind = member(o, "kind", NULL);
	w->id = member(o, "id", "1");
	w->from = member(o, "from", "+4520000101");
	w->to = member(o, "to", NULL);
	w->text = member(o, "text", "");
	w->status = member(o, "status", "DELIVERED");
	w->error = member(o, "error", NULL);
	w->secret = member(o, "secret", member(o, "token", ""));
	w->public_url = member(o, "public_url", "https://sms.example.dk");
	if (json_object_object_get_ex(o, "ref", &v))
		w->ref = json_object_get_int64(v);
	if (json_object_object_get_ex(o, "bad_signature", &v))
		w->bad = json_object_get_boolean(v);
	if (json_object_object_get_ex(o, "unsigned", &v))
		w->unsigned_ = json_object_get_boolean(v);
	return w->url == NULL || w->kind == NULL ? -1 : 0;
}

/* Build the request for w; 0, or -1 for an unknown kind or bad number. */
static int
build(const struct wh_cmd *w, struct websign_req *r)
{
	struct buf key = { 0 };
	int	   rv = 0;

	buf_puts(&key, w->secret);
	if (w->bad)
		buf_puts(&key, "-wrong");
	if (strcmp(w->kind, "gatewayapi_mo") == 0)
		rv = gatewayapi_sign_mo(
		    w->id, w->from, w->to, w->text, key.data, key.len, r);
	else if (strcmp(w->kind, "gatewayapi_dlr") == 0)
		gatewayapi_sign_dlr(
		    w->id, w->status, w->ref, w->error, key.data, key.len, r);
	else if (strcmp(w->kind, "twilio_sms") == 0)
		twilio_sign_sms(w->public_url, w->id, w->from, w->to, w->text,
		    key.data, key.len, r);
	else if (strcmp(w->kind, "twilio_status") == 0)
		twilio_sign_status(w->public_url, w->id, w->status, w->error,
		    w->ref, key.data, key.len, r);
	else
		rv = -1;
	buf_free(&key);
	return rv;
}

/* POST /_webhook: send one webhook to the daemon. */
enum MHD_Result
webhooks_handle(struct MHD_Connection *c, const char *body, size_t len)
{
	struct json_object *o;
	struct websign_req  r;
	struct wh_cmd	    w;
	char		    out[64];
	long		    status;
	int		    n;

	o = json_tokener_parse(len > 0 ? body : "");
	if (o == NULL || read_cmd(o, &w) == -1 || build(&w, &r) == -1) {
		json_object_put(o);
		return fake_respond(c, 400, "text/plain",
		    "need url, kind and valid fields\n", 32, 0);
	}
	status = websign_post(w.url, &r, !w.unsigned_, WEBHOOK_TIMEOUT);
	websign_free(&r);
	json_object_put(o);
	n = snprintf(out, sizeof(out), "{\"status\":%ld}\n", status);
	return fake_respond(c, 200, "application/json", out, (size_t)n, 0);
}
