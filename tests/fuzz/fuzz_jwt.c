/*
 * fuzz_jwt.c - libFuzzer target for shared/jwt.c.
 *
 * Any bytes as a token: verification under a fixed key never crashes
 * and leaves the payload empty unless it accepts; a token we sign over the
 * input as payload verifies when the input is a JSON object (and is
 * refused as a format error when the input is empty or too long).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "jwt.h"

int		  LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const char key[] = "fuzz-key";

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf   payload = { 0 }, token = { 0 }, again = { 0 };
	enum jwt_err e;

	e = jwt_verify_hs256(
	    (const char *)data, size, key, strlen(key), &payload);
	if ((unsigned)e >= JWT__MAX || jwt_strerror(e) == NULL)
		abort();
	if (e != JWT_OK && payload.len != 0)
		abort();
	buf_free(&payload);

	/* Sign the input as a payload, then verify it. */
	jwt_sign_hs256((const char *)data, size, key, strlen(key), &token);
	e = jwt_verify_hs256(token.data, token.len, key, strlen(key), &again);
	if (e == JWT_FORMAT && (size == 0 || token.len > JWT_TOKEN_MAX))
		e = JWT_PAYLOAD; /* nothing to sign, or too long */
	if (e != JWT_OK && e != JWT_PAYLOAD)
		abort();
	if (e == JWT_OK &&
	    (again.len != size || memcmp(again.data, data, size) != 0))
		abort();
	if (jwt_verify_hs256(token.data, token.len, "other", 5, NULL) == JWT_OK)
		abort();
	buf_free(&again);
	buf_free(&token);
	return 0;
}
