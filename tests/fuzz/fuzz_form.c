/*
 * fuzz_form.c - libFuzzer target for shared/formparse.c and Twilio's
 * webhooks (sms-gateway/providers/twilio.c and webhook.c).
 *
 * Any bytes as a form body: on success every field is within its limits
 * and sorting keeps the count; the Twilio parsers accept or refuse
 * without crashing, and what they accept has non-empty ids and valid
 * strings; signature verification never accepts a random header.  The
 * same bytes as a Content-Type line and a multipart/form-data body (the
 * console's file upload): the boundary as form_boundary() reads it, the
 * parts within their limits.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "formparse.h"
#include "providers/provider.h"
#include "providers/twilio.h"
#include "webhook.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* Abort unless f is within the documented limits. */
static void
check_form(const struct form *f)
{
	size_t i;

	if (f->nfields > FORM_FIELDS_MAX)
		abort();
	for (i = 0; i < f->nfields; i++)
		if (f->fields[i].name[0] == '\0' ||
		    strlen(f->fields[i].name) > FORM_NAME_MAX ||
		    strlen(f->fields[i].value) > FORM_VALUE_MAX)
			abort();
}

/* Run the Twilio parsers over f. */
static void
twilio(const struct form *f)
{
	struct webhook_event ev;
	size_t		     k;

	for (k = 0; twilio_hooks[k].path != NULL; k++) {
		if (twilio_webhook_parse(&twilio_hooks[k], f, f, &ev) !=
		    WEBHOOK_OK)
			continue;
		if (ev.provider_id[0] == '\0' || ev.text == NULL ||
		    (ev.is_report && ev.status[0] == '\0') ||
		    (!ev.is_report && ev.sender[0] == '\0'))
			abort();
		webhook_event_free(&ev);
	}
	if (twilio_webhook_verify(
		"AAAAAAAAAAAAAAAAAAAAAAAAAAA=", "https://sms.example.dk",
		"/webhooks/twilio/sms", f, "tok", 3) == WEBHOOK_OK)
		abort();
}

#define UPLOAD_MAX 4096 /* a value's limit here */

/* The first line as a Content-Type, the rest as a multipart body. */
static void
multipart(const char *p, size_t size)
{
	const char *nl = memchr(p, '\n', size);
	char	    type[128], boundary[80];
	struct form f;
	size_t	    i;

	if (nl == NULL || (size_t)(nl - p) >= sizeof(type))
		return;
	memcpy(type, p, (size_t)(nl - p));
	type[nl - p] = '\0';
	if (form_boundary(type, boundary, sizeof(boundary)) == -1)
		return;
	if (strlen(boundary) == 0 || strlen(boundary) > 70)
		abort();
	if (form_parse_multipart(boundary, nl + 1, size - (size_t)(nl + 1 - p),
		UPLOAD_MAX, &f) != FORM_OK) {
		if (f.nfields != 0 || f.fields != NULL)
			abort();
		return;
	}
	if (f.nfields > FORM_FIELDS_MAX)
		abort();
	for (i = 0; i < f.nfields; i++)
		if (f.fields[i].name[0] == '\0' ||
		    strlen(f.fields[i].name) > FORM_NAME_MAX ||
		    strlen(f.fields[i].value) > UPLOAD_MAX)
			abort();
	form_free(&f);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct form f;
	size_t	    n;

	multipart((const char *)data, size);
	if (form_parse((const char *)data, size, &f) != FORM_OK) {
		if (f.nfields != 0 || f.fields != NULL)
			abort();
		return 0;
	}
	check_form(&f);
	n = f.nfields;
	twilio(&f);
	form_sort(&f);
	if (f.nfields != n)
		abort();
	check_form(&f);
	twilio(&f);
	form_free(&f);
	return 0;
}
