/*
 * fuzz_oidc.c - libFuzzer target for the OIDC client's callback and
 * ID-token path (shared/oidc.c, shared/oidc_jwt.c).
 *
 * The input is up to three parts split at newlines:
 *   1. a callback query string, read with oidc_callback_parse() against
 *      a fixed sign-in (its state is "fuzz-state");
 *   2. a claims text, signed here (ES256, a key made at start) so the
 *      claim checks see any JSON a provider could sign;
 *   3. a raw token, verified as it is (any header, any signature);
 *   4. the token endpoint's answer as the console's callback gets it:
 *      one byte choosing the HTTP status (200, 400, 401, 500), then the
 *      body, read with oidc_token_response(); an ID token it yields is
 *      verified as the callback does.
 * Nothing may crash; errors must be in range; an accepted token must
 * give a user.  The provider's endpoints are on a loopback port where
 * nothing listens.
 */
#include <sys/stat.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../oidc/testkeys.h"
#include "buf.h"
#include "clock.h"
#include "config.h"
#include "log.h"
#include "oidc.h"
#include "oidc_int.h"

int LLVMFuzzerInitialize(int *, char ***);
int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define ISS "https://idp.kommune.test"

static struct oidc_client *client;
static struct oidc_login   login;
static struct test_key	   key;

/* Make the key, the secret file and the client. */
int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char	    dir[] = "/tmp/fuzz-oidc-XXXXXX", secret[64], err[256];
	struct buf  jwks = { 0 };
	const char *disc = TESTKEYS_DISCOVERY(ISS);
	struct config_oidc conf = TESTKEYS_OIDC_CONF(ISS, secret, "openid", 60);
	FILE		  *f;

	(void)argc;
	(void)argv;
	log_set_sink(NULL);
	clock_set(1800000000);
	if (mkdtemp(dir) == NULL)
		abort();
	snprintf(secret, sizeof(secret), "%s/secret", dir);
	if ((f = fopen(secret, "w")) == NULL || fputs("s3cret\n", f) < 0)
		abort();
	fclose(f);
	if (chmod(secret, 0600) == -1)
		abort();
	if ((client = oidc_client_new(
		 &conf, "https://c.test/cb", err, sizeof(err))) == NULL)
		abort();
	unlink(secret);
	rmdir(dir);
	tk_ec(&key, "fuzz-1");
	buf_puts(&jwks, "{\"keys\":[");
	tk_jwk(&key, NULL, &jwks);
	buf_puts(&jwks, "]}");
	if (oidc_client_set_metadata(
		client, disc, strlen(disc), jwks.data, jwks.len) != OIDC_OK)
		abort();
	buf_free(&jwks);
	oidc_login_clear(&login);
	snprintf(login.state, sizeof(login.state), "fuzz-state");
	snprintf(login.nonce, sizeof(login.nonce), "fuzz-nonce");
	login.started = clock_now();
	return 0;
}

/* Verify len bytes of token; check what comes back. */
static void
verify(const char *token, size_t len)
{
	struct oidc_identity *id = NULL;
	enum oidc_err	      e;

	e = oidc_verify_id_token(client, token, len, &login, &id);
	if ((unsigned)e >= OIDC__MAX || oidc_strerror(e) == NULL)
		abort();
	if ((e == OIDC_OK) != (id != NULL))
		abort();
	if (id != NULL &&
	    (oidc_identity_user(id) == NULL ||
		oidc_identity_subject(id) == NULL))
		abort();
	oidc_identity_free(id);
}

/* Read len bytes of p as the token endpoint's answer; verify its token. */
static void
token_answer(const char *p, size_t len)
{
	static const long statuses[] = { 200, 400, 401, 500 };
	struct buf	  idtok = { 0 };
	enum oidc_err	  e;

	if (len == 0)
		return;
	e = oidc_token_response(client, "fuzz", statuses[(unsigned char)*p % 4],
	    p + 1, len - 1, &idtok);
	if ((unsigned)e >= OIDC__MAX || (e == OIDC_OK) != (idtok.len > 0))
		abort();
	if (e == OIDC_OK)
		verify(idtok.data, idtok.len);
	buf_free(&idtok);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char   *p = (const char *)data, *end = p + size, *nl;
	struct buf    code = { 0 }, claims = { 0 }, token = { 0 };
	enum oidc_err e;

	/* 1. The callback query. */
	nl = memchr(p, '\n', size);
	e = oidc_callback_parse(
	    client, &login, p, nl ? (size_t)(nl - p) : size, &code);
	if ((unsigned)e >= OIDC__MAX || (e == OIDC_OK) != (code.len > 0))
		abort();
	buf_free(&code);
	if (nl == NULL)
		return 0;
	/* 2. Claims, signed. */
	p = nl + 1;
	nl = memchr(p, '\n', (size_t)(end - p));
	buf_append(&claims, p, nl ? (size_t)(nl - p) : (size_t)(end - p));
	tk_token(&key, "ES256", NULL, buf_str(&claims), NULL, &token);
	verify(token.data, token.len);
	buf_free(&claims);
	buf_free(&token);
	if (nl == NULL)
		return 0;
	/* 3. A raw token. */
	p = nl + 1;
	nl = memchr(p, '\n', (size_t)(end - p));
	verify(p, nl ? (size_t)(nl - p) : (size_t)(end - p));
	/* 4. The token endpoint's answer. */
	if (nl != NULL)
		token_answer(nl + 1, (size_t)(end - nl - 1));
	return 0;
}
