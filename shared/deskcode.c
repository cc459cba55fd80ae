/*
 * deskcode.c - one-time kiosk codes made at the desk.  See deskcode.h.
 */
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "crypto.h"
#include "deskcode.h"

#define ISSUE_DRAWS 20 /* draws before giving up on a unique code */

void
deskcode_hash(
    const void *key, size_t keylen, const char *code, char out[DESK_HASH_HEX])
{
	unsigned char mac[CRYPTO_SHA256_LEN];
	struct buf    msg = { 0 };

	buf_printf(&msg, "desk-code\n%s", code);
	crypto_hmac_sha256(key, keylen, buf_str(&msg), msg.len, mac);
	crypto_hex(mac, sizeof(mac), out);
	explicit_bzero(msg.data, msg.len);
	buf_free(&msg);
	explicit_bzero(mac, sizeof(mac));
}

int
deskcode_clean(const char *in, char *out, size_t ndigits)
{
	size_t n = 0;

	for (; in != NULL && *in != '\0'; in++) {
		if (*in == ' ')
			continue;
		if (*in < '0' || *in > '9' || n == ndigits) {
			explicit_bzero(out, ndigits + 1);
			return -1;
		}
		out[n++] = *in;
	}
	out[n] = '\0';
	return n == ndigits ? 0 : -1;
}

/*
 * Draw digits into code and their hash into rec until no live code has
 * that hash.  Returns STORE_OK, or an error.
 */
static enum store_err
deskcode_draw(struct store *s, const void *key, size_t keylen, time_t now,
    char *code, struct desk_code_rec *rec)
{
	struct desk_code_rec other;
	enum store_err	     e;
	int		     i;

	for (i = 0; i < ISSUE_DRAWS; i++) {
		if (crypto_random_digits(code, DESKCODE_DIGITS) == -1)
			return STORE_ERROR;
		deskcode_hash(key, keylen, code, rec->code_hash);
		if ((e = store_desk_live(s, rec->code_hash, now, &other)) ==
		    STORE_NOTFOUND)
			return STORE_OK;
		if (e != STORE_OK)
			return e;
	}
	return STORE_ERROR;
}

enum store_err
deskcode_issue(struct store *s, const void *key, size_t keylen,
    int64_t citizen_id, int64_t staff_id, const char *kiosk_id, time_t now,
    char code[DESKCODE_DIGITS + 1], int64_t *id)
{
	struct desk_code_rec rec;
	enum store_err	     e;

	memset(&rec, 0, sizeof(rec));
	rec.citizen_id = citizen_id;
	rec.staff_id = staff_id;
	snprintf(rec.kiosk_id, sizeof(rec.kiosk_id), "%s",
	    kiosk_id != NULL ? kiosk_id : "");
	rec.created_at = now;
	rec.expires_at = now + DESKCODE_TTL;
	if ((e = store_desk_void_citizen(s, citizen_id, now)) == STORE_OK &&
	    (e = deskcode_draw(s, key, keylen, now, code, &rec)) == STORE_OK)
		e = store_desk_add(s, &rec);
	if (e != STORE_OK)
		explicit_bzero(code, DESKCODE_DIGITS + 1);
	else if (id != NULL)
		*id = rec.id;
	explicit_bzero(rec.code_hash, sizeof(rec.code_hash));
	return e;
}

enum deskcode_status
deskcode_take(struct store *s, const void *key, size_t keylen, const char *code,
    const char *kiosk_id, time_t now, struct desk_code_rec *rec)
{
	char	       hash[DESK_HASH_HEX];
	enum store_err e;

	deskcode_hash(key, keylen, code, hash);
	e = store_desk_live(s, hash, now, rec);
	explicit_bzero(hash, sizeof(hash));
	if (e == STORE_NOTFOUND)
		return DESKCODE_NONE;
	if (e != STORE_OK)
		return DESKCODE_ERROR;
	explicit_bzero(rec->code_hash, sizeof(rec->code_hash));
	if (rec->kiosk_id[0] != '\0' && strcmp(rec->kiosk_id, kiosk_id) != 0)
		return DESKCODE_OTHER_KIOSK;
	if ((e = store_desk_use(s, rec->id, kiosk_id, now)) == STORE_NOTFOUND)
		return DESKCODE_NONE;
	return e == STORE_OK ? DESKCODE_OK : DESKCODE_ERROR;
}
