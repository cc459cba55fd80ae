/*
 * fuzz_form.c - libFuzzer target for shared/formparse.c and Twilio's
 * webhooks (sms-gateway/providers/twilio.c and webhook.c).
 *
 * Any bytes as a form body: on success every field is within its limits
 * and sorting keeps the count; the Twilio parsers accept or refuse
 * without crashing, and what they accept has non-empty ids and valid
 * strings; signature verification never accepts a random header.
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

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct form f;
	size_t	    n;

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
