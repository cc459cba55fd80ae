/*
 * control.c - the endpoints tests use to drive the fake:
 *	POST /_fault	add fault rules (faults.c)
 *	POST /_config	{"delay_ms": N, "dup_ref": true|false}
 *	POST /_reset	forget rules, settings and records
 *	GET  /_requests	every request so far, one JSON line each
 *	GET  /_stats	counts (requests, accepted, unique_refs, duplicate_refs)
 * A role added later (webhooks to the daemon) adds its rows here.
 */
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "fake.h"

typedef enum MHD_Result control_fn(
    struct MHD_Connection *, const char *, size_t);

static enum MHD_Result
ctl_fault(struct MHD_Connection *c, const char *body, size_t len)
{
	char err[128];

	if (faults_add_json(body, len, err, sizeof(err)) == -1)
		return fake_respond(c, 400, "text/plain", err, strlen(err), 0);
	return fake_respond(c, 204, NULL, "", 0, 0);
}

static enum MHD_Result
ctl_config(struct MHD_Connection *c, const char *body, size_t len)
{
	if (settings_set_json(body, len) == -1)
		return fake_respond(c, 400, "text/plain", "bad JSON\n", 9, 0);
	return fake_respond(c, 204, NULL, "", 0, 0);
}

static enum MHD_Result
ctl_reset(struct MHD_Connection *c, const char *body, size_t len)
{
	faults_reset();
	settings_reset();
	record_reset();
	return fake_respond(c, 204, NULL, "", 0, 0);
}

/* Answer with what fn appends to a buffer. */
static enum MHD_Result
ctl_dump(struct MHD_Connection *c, void (*fn)(struct buf *), const char *ctype)
{
	struct buf	b = { 0 };
	enum MHD_Result ret;

	fn(&b);
	ret = fake_respond(c, 200, ctype, buf_str(&b), b.len, 0);
	buf_free(&b);
	return ret;
}

static enum MHD_Result
ctl_requests(struct MHD_Connection *c, const char *body, size_t len)
{
	return ctl_dump(c, record_dump, "application/x-ndjson");
}

static enum MHD_Result
ctl_stats(struct MHD_Connection *c, const char *body, size_t len)
{
	return ctl_dump(c, record_stats, "application/json");
}

static const struct {
	const char *method;
	const char *path;
	control_fn *fn;
} routes[] = {
	{ "POST", "/_fault", ctl_fault },
	{ "POST", "/_config", ctl_config },
	{ "POST", "/_reset", ctl_reset },
	{ "GET", "/_requests", ctl_requests },
	{ "GET", "/_stats", ctl_stats },
	{ "POST", "/_webhook", webhooks_handle },
};

enum MHD_Result
control_handle(struct MHD_Connection *c, const char *method, const char *url,
    const char *body, size_t len)
{
	size_t i;

	for (i = 0; i < sizeof(routes) / sizeof(routes[0]); i++)
		if (strcmp(routes[i].path, url) == 0 &&
		    strcmp(routes[i].method, method) == 0)
			return routes[i].fn(c, body, len);
	return fake_respond(c, 404, "text/plain", "no such control\n", 16, 0);
}
