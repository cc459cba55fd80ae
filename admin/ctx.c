/*
 * ctx.c - helpers on the command context: audit rows for reads, CPR
 * hashing, looking up records by internal id for display.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cmd.h"
#include "cpr.h"
#include "crypto.h"
#include "log.h"
#include "store.h"
#include "store_import.h"

int
audit_read(
    struct ctx *ctx, const char *action, int64_t citizen_id, const char *detail)
{
	enum store_err e;

	e = store_audit(ctx->store, ctx->now, "staff", ctx->actor, action,
	    citizen_id, "mentorctl", detail);
	if (e != STORE_OK) {
		store_fail(ctx, "audit", e);
		return -1;
	}
	return 0;
}

int
cpr_to_hash(
    const struct ctx *ctx, const char *input, char hex[65], const char **why)
{
	char	     digits[CPR_LEN + 1];
	enum cpr_err e;

	if ((e = cpr_parse(input, digits)) != CPR_OK) {
		*why = cpr_strerror(e);
		return -1;
	}
	cpr_hash(ctx->cpr_key.data, ctx->cpr_key.len, digits, hex);
	explicit_bzero(digits, sizeof(digits));
	return 0;
}

char *
staff_label(struct ctx *ctx, int64_t id)
{
	struct staff_rec r;
	struct buf	 b = { 0 };

	if (id == 0 || store_staff_get(ctx->store, id, &r) != STORE_OK)
		return NULL;
	buf_printf(&b, "%s (%s)", r.name, r.external_id);
	staff_rec_free(&r);
	return buf_take(&b);
}

/* The external id of row id of kind k; NULL for 0 or no such row. */
static char *
external_of(struct ctx *ctx, enum store_kind k, int64_t id)
{
	char *ext = NULL;

	if (id != 0)
		store_external_of(ctx->store, k, id, &ext);
	return ext;
}

char *
staff_external(struct ctx *ctx, int64_t id)
{
	return external_of(ctx, STORE_KIND_STAFF, id);
}

char *
citizen_external(struct ctx *ctx, int64_t id)
{
	return external_of(ctx, STORE_KIND_CITIZEN, id);
}

char *
agreement_external(struct ctx *ctx, int64_t id)
{
	return external_of(ctx, STORE_KIND_AGREEMENT, id);
}

void
external_id_new(const char *prefix, char *out, size_t len)
{
	char tok[9];

	if (crypto_random_token(tok, sizeof(tok)) == -1)
		fatalx("random generator failed");
	snprintf(out, len, "%s-%s", prefix, tok);
}
