/*
 * test_oidc_token.c - unit tests for the ID token checks of the OIDC
 * client (shared/oidc_jwt.c): good tokens in RS256, PS256 and ES256, and
 * a refusal for each thing that can be wrong with one.  Keys and tokens
 * are made here with OpenSSL (tests/oidc/testkeys.h); the provider's
 * metadata is given with oidc_client_set_metadata(), its endpoints on a
 * loopback port where nothing listens, so nothing leaves the machine.
 */
#include <sys/stat.h>

#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "../oidc/testkeys.h"
#include "buf.h"
#include "clock.h"
#include "config.h"
#include "cpr.h"
#include "oidc.h"
#include "oidc_citizen.h"

#define ISS  "https://login.kommune.test/tenant/v2.0"
#define NOW  1800000000LL
#define SKEW 60

static struct test_key rsa, ec, rogue, rsa_ps;
static char	       dir[64], secret[128];
static int	       nonces;

/* The claims of a token; NULL strings and 0 times are left out. */
struct claims {
	const char *iss, *aud, *sub, *user, *nonce, *extra;
	long long   iat, exp;
};

/* Claims that pass, for login. */
static struct claims
good(const struct oidc_login *login)
{
	struct claims c = {
		.iss = ISS,
		.aud = "\"console\"",
		.sub = "staff-1",
		.user = "mette",
		.nonce = login->nonce,
		.iat = NOW - 5,
		.exp = NOW + 300,
	};

	return c;
}

/* The JSON text of c. */
static void
claims_json(const struct claims *c, struct buf *out)
{
	buf_putc(out, '{');
	if (c->iss)
		buf_printf(out, "\"iss\":\"%s\",", c->iss);
	if (c->aud)
		buf_printf(out, "\"aud\":%s,", c->aud);
	if (c->sub)
		buf_printf(out, "\"sub\":\"%s\",", c->sub);
	if (c->user)
		buf_printf(out, "\"preferred_username\":\"%s\",", c->user);
	if (c->nonce)
		buf_printf(out, "\"nonce\":\"%s\",", c->nonce);
	if (c->iat)
		buf_printf(out, "\"iat\":%lld,", c->iat);
	if (c->exp)
		buf_printf(out, "\"exp\":%lld,", c->exp);
	if (c->extra)
		buf_printf(out, "%s,", c->extra);
	buf_puts(out, "\"name\":\"Mette Hansen\"}");
}

/* A sign-in record with a nonce no other test uses. */
static void
new_login(struct oidc_login *login, int max_age)
{
	oidc_login_clear(login);
	snprintf(login->nonce, sizeof(login->nonce), "nonce-%d-abcdefghijkl",
	    ++nonces);
	snprintf(login->state, sizeof(login->state), "state-%d", nonces);
	login->started = NOW - 10;
	login->max_age = max_age;
}

/* A client whose provider metadata says keys rsa, ec (and extra_jwk). */
static struct oidc_client *
client(const char *extra_jwk)
{
	struct config_oidc conf =
	    TESTKEYS_OIDC_CONF(ISS, secret, "openid profile", SKEW);
	struct oidc_client *c;
	struct buf	    jwks = { 0 };
	char		    err[256];
	const char	   *disc = TESTKEYS_DISCOVERY(ISS);

	c = oidc_client_new(
	    &conf, "https://console.kommune.test/cb", err, sizeof(err));
	if (c == NULL)
		fail_msg("oidc_client_new: %s", err);
	buf_puts(&jwks, "{\"keys\":[");
	tk_jwk(&rsa, NULL, &jwks);
	buf_putc(&jwks, ',');
	tk_jwk(&ec, NULL, &jwks);
	buf_putc(&jwks, ',');
	tk_jwk(&rsa_ps, "\"alg\":\"PS256\"", &jwks);
	if (extra_jwk != NULL)
		buf_printf(&jwks, ",%s", extra_jwk);
	buf_puts(&jwks, "]}");
	assert_int_equal(oidc_client_set_metadata(
			     c, disc, strlen(disc), jwks.data, jwks.len),
	    OIDC_OK);
	buf_free(&jwks);
	return c;
}

/*
 * Verify a token made of header (NULL: the usual), claims c, signed by k
 * with alg; expect want.  Returns the identity when accepted.
 */
static struct oidc_identity *
expect(struct oidc_client *cl, const struct test_key *k, const char *alg,
    const char *header, const struct claims *c, const struct oidc_login *login,
    enum oidc_err want)
{
	struct oidc_identity *id = NULL;
	struct buf	      p = { 0 }, t = { 0 }, pem = { 0 };
	enum oidc_err	      e;

	claims_json(c, &p);
	if (k != NULL)
		tk_pem(k, &pem);
	tk_token(k, alg, header, p.data, buf_str(&pem), &t);
	e = oidc_verify_id_token(cl, t.data, t.len, login, &id);
	if (e != want)
		fail_msg("%s token: got \"%s\", want \"%s\"", alg,
		    oidc_strerror(e), oidc_strerror(want));
	if (e != OIDC_OK)
		assert_null(id);
	buf_free(&p);
	buf_free(&t);
	buf_free(&pem);
	return id;
}

/* Good tokens in each algorithm give the user and the claims. */
static void
test_good_tokens(void **state)
{
	static const struct {
		struct test_key *key;
		const char	*alg;
	} cases[] = {
		{ &rsa, "RS256" },
		{ &rsa, "PS256" },
		{ &ec, "ES256" },
		{ &rsa_ps, "PS256" },
	};
	struct oidc_client   *cl = client(NULL);
	struct oidc_identity *id;
	struct oidc_login     login;
	struct claims	      c;
	size_t		      i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		new_login(&login, -1);
		c = good(&login);
		c.extra = "\"cpr\":\"0101701234\",\"loa\":\"substantial\","
			  "\"n\":5";
		id = expect(
		    cl, cases[i].key, cases[i].alg, NULL, &c, &login, OIDC_OK);
		assert_string_equal(oidc_identity_user(id), "mette");
		assert_string_equal(oidc_identity_subject(id), "staff-1");
		assert_string_equal(
		    oidc_identity_claim(id, "name"), "Mette Hansen");
		assert_string_equal(
		    oidc_identity_claim(id, "cpr"), "0101701234");
		assert_string_equal(
		    oidc_identity_claim(id, "loa"), "substantial");
		assert_null(oidc_identity_claim(id, "n")); /* not a string */
		assert_null(oidc_identity_claim(id, "email"));
		assert_int_equal(oidc_identity_expires(id), NOW + 300);
		assert_non_null(strchr(oidc_identity_id_token(id), '.'));
		oidc_identity_free(id);
	}
	/* Several audiences: azp must name us. */
	new_login(&login, -1);
	c = good(&login);
	c.aud = "[\"console\",\"graph\"]";
	c.extra = "\"azp\":\"console\"";
	oidc_identity_free(
	    expect(cl, &rsa, "RS256", NULL, &c, &login, OIDC_OK));
	/* Within the clock skew. */
	new_login(&login, -1);
	c = good(&login);
	c.exp = NOW - SKEW + 1;
	c.iat = NOW + SKEW;
	oidc_identity_free(
	    expect(cl, &rsa, "RS256", NULL, &c, &login, OIDC_OK));
	oidc_client_free(cl);
}

/* Each claim that is wrong is refused with its own error. */
static void
test_claims_refused(void **state)
{
	struct oidc_client *cl = client(NULL);
	struct oidc_login   login, other;
	struct claims	    c;

	(void)state;
	new_login(&login, -1);
	new_login(&other, -1);
#define REFUSE(field, value, want) \
	do { \
		c = good(&login); \
		c.field = value; \
		expect(cl, &rsa, "RS256", NULL, &c, &login, want); \
	} while (0)
	REFUSE(aud, "\"kiosk\"", OIDC_ERR_AUDIENCE);
	REFUSE(aud, "[\"kiosk\",\"graph\"]", OIDC_ERR_AUDIENCE);
	REFUSE(aud, "[\"console\",\"graph\"]", OIDC_ERR_AZP);
	REFUSE(aud, "42", OIDC_ERR_AUDIENCE);
	REFUSE(aud, NULL, OIDC_ERR_AUDIENCE);
	REFUSE(extra, "\"azp\":\"graph\"", OIDC_ERR_AZP);
	REFUSE(iss, "https://evil.test/tenant/v2.0", OIDC_ERR_ISSUER);
	REFUSE(iss, ISS "/", OIDC_ERR_ISSUER);
	REFUSE(iss, NULL, OIDC_ERR_ISSUER);
	REFUSE(exp, NOW - SKEW, OIDC_ERR_EXPIRED);
	REFUSE(exp, NOW - 3600, OIDC_ERR_EXPIRED);
	REFUSE(exp, 0, OIDC_ERR_CLAIMS);
	REFUSE(iat, NOW + SKEW + 1, OIDC_ERR_IAT);
	REFUSE(iat, NOW + 86400, OIDC_ERR_IAT);
	REFUSE(iat, 0, OIDC_ERR_CLAIMS);
	REFUSE(extra, "\"nbf\":1800000100", OIDC_ERR_NBF);
	c.exp = 0;
	c.extra = "\"exp\":\"1800000300\""; /* a string */
	expect(cl, &rsa, "RS256", NULL, &c, &login, OIDC_ERR_CLAIMS);
	REFUSE(nonce, other.nonce, OIDC_ERR_NONCE);
	REFUSE(nonce, NULL, OIDC_ERR_NONCE);
	REFUSE(sub, NULL, OIDC_ERR_CLAIMS);
	REFUSE(user, NULL, OIDC_ERR_USER_CLAIM);
#undef REFUSE
	/* Within the skew, nbf is fine. */
	c = good(&login);
	c.extra = "\"nbf\":1800000050";
	oidc_identity_free(
	    expect(cl, &rsa, "RS256", NULL, &c, &login, OIDC_OK));
	oidc_client_free(cl);
}

/* alg none, HS256 keyed with the public key, and other header tricks. */
static void
test_algorithms_refused(void **state)
{
	struct oidc_client *cl = client(NULL);
	struct oidc_login   login;
	struct claims	    c;

	(void)state;
	new_login(&login, -1);
	c = good(&login);
	expect(
	    cl, NULL, "none", "{\"alg\":\"none\"}", &c, &login, OIDC_ERR_ALG);
	expect(cl, &rsa, "none", NULL, &c, &login, OIDC_ERR_ALG);
	/* HMAC with the RSA key's PEM as the secret. */
	expect(cl, &rsa, "HS256", NULL, &c, &login, OIDC_ERR_ALG);
	expect(
	    cl, &rsa, "HS256", "{\"alg\":\"HS256\"}", &c, &login, OIDC_ERR_ALG);
	expect(cl, &rsa, "RS256", "{\"alg\":\"RS512\",\"kid\":\"rsa-1\"}", &c,
	    &login, OIDC_ERR_ALG);
	expect(
	    cl, &rsa, "RS256", "{\"kid\":\"rsa-1\"}", &c, &login, OIDC_ERR_ALG);
	/* The EC key's kid with an RSA algorithm, and the reverse. */
	expect(cl, &rsa, "RS256", "{\"alg\":\"RS256\",\"kid\":\"ec-1\"}", &c,
	    &login, OIDC_ERR_ALG);
	expect(cl, &ec, "ES256", "{\"alg\":\"ES256\",\"kid\":\"rsa-1\"}", &c,
	    &login, OIDC_ERR_ALG);
	/* A key whose JWK says PS256 does not verify RS256. */
	expect(cl, &rsa_ps, "RS256", NULL, &c, &login, OIDC_ERR_ALG);
	expect(cl, &rsa, "RS256",
	    "{\"alg\":\"RS256\",\"kid\":\"rsa-1\","
	    "\"crit\":[\"exp\"]}",
	    &c, &login, OIDC_ERR_TOKEN_FORMAT);
	expect(cl, &rsa, "RS256",
	    "{\"alg\":\"RS256\",\"kid\":\"rsa-1\","
	    "\"typ\":\"at+jwt\"}",
	    &c, &login, OIDC_ERR_TOKEN_FORMAT);
	expect(cl, &rsa, "RS256", "{\"alg\":\"RS256\",\"kid\":7}", &c, &login,
	    OIDC_ERR_TOKEN_FORMAT);
	/* A typ of JWT is fine, and so is no kid. */
	oidc_identity_free(expect(cl, &rsa, "RS256",
	    "{\"alg\":\"RS256\","
	    "\"kid\":\"rsa-1\",\"typ\":\"JWT\"}",
	    &c, &login, OIDC_OK));
	new_login(&login, -1);
	c = good(&login);
	oidc_identity_free(expect(
	    cl, &ec, "ES256", "{\"alg\":\"ES256\"}", &c, &login, OIDC_OK));
	oidc_client_free(cl);
}

/* Bad signatures and keys the provider does not have. */
static void
test_signatures_refused(void **state)
{
	struct oidc_client   *cl = client(NULL);
	struct oidc_identity *id = NULL;
	struct oidc_login     login;
	struct claims	      c;
	struct buf	      p = { 0 }, t = { 0 }, t2 = { 0 };
	unsigned char	      rs[64], padded[66];
	size_t		      n;
	char		     *dot;

	(void)state;
	new_login(&login, -1);
	c = good(&login);
	/* Signed by a key the provider does not list. */
	expect(cl, &rogue, "RS256", NULL, &c, &login, OIDC_ERR_UNKNOWN_KEY);
	/* Signed by another key under our key's kid. */
	expect(cl, &rogue, "RS256", "{\"alg\":\"RS256\",\"kid\":\"rsa-1\"}", &c,
	    &login, OIDC_ERR_SIGNATURE);
	expect(cl, &rogue, "RS256", "{\"alg\":\"RS256\"}", &c, &login,
	    OIDC_ERR_SIGNATURE);
	/* One changed byte of the signature, then of the payload. */
	claims_json(&c, &p);
	tk_token(&rsa, "RS256", NULL, p.data, NULL, &t);
	t.data[t.len - 3] = t.data[t.len - 3] == 'A' ? 'B' : 'A';
	assert_int_equal(oidc_verify_id_token(cl, t.data, t.len, &login, &id),
	    OIDC_ERR_SIGNATURE);
	buf_reset(&t);
	tk_token(&ec, "ES256", NULL, p.data, NULL, &t);
	t.data[t.len - 3] = t.data[t.len - 3] == 'A' ? 'B' : 'A';
	assert_int_equal(oidc_verify_id_token(cl, t.data, t.len, &login, &id),
	    OIDC_ERR_SIGNATURE);
	buf_reset(&t);
	tk_token(&rsa, "RS256", NULL, p.data, NULL, &t);
	dot = strchr(t.data, '.');
	dot[2] = dot[2] == 'A' ? 'B' : 'A';
	assert_int_equal(oidc_verify_id_token(cl, t.data, t.len, &login, &id),
	    OIDC_ERR_SIGNATURE);
	/*
	 * The same ES256 signature with r and s each given a leading zero
	 * byte: the same numbers, but not the 64 bytes JWS prescribes.
	 */
	buf_reset(&t);
	tk_token(&ec, "ES256", NULL, p.data, NULL, &t);
	dot = strrchr(t.data, '.');
	assert_int_equal(crypto_base64url_decode(
			     dot + 1, strlen(dot + 1), rs, sizeof(rs), &n),
	    0);
	assert_int_equal(n, 64);
	memset(padded, 0, sizeof(padded));
	memcpy(padded + 1, rs, 32);
	memcpy(padded + 34, rs + 32, 32);
	buf_append(&t2, t.data, (size_t)(dot + 1 - t.data));
	crypto_base64url_encode(padded, sizeof(padded), &t2);
	assert_int_equal(oidc_verify_id_token(cl, t2.data, t2.len, &login, &id),
	    OIDC_ERR_SIGNATURE);
	/* Not a token at all. */
	assert_int_equal(oidc_verify_id_token(cl, "a.b", 3, &login, &id),
	    OIDC_ERR_TOKEN_FORMAT);
	assert_int_equal(oidc_verify_id_token(cl, "a.b.c.d", 7, &login, &id),
	    OIDC_ERR_TOKEN_FORMAT);
	assert_int_equal(oidc_verify_id_token(cl, "", 0, &login, &id),
	    OIDC_ERR_TOKEN_FORMAT);
	assert_null(id);
	buf_free(&p);
	buf_free(&t);
	buf_free(&t2);
	oidc_client_free(cl);
}

/* A nonce is good for one accepted token only. */
static void
test_nonce_replay(void **state)
{
	struct oidc_client   *cl = client(NULL);
	struct oidc_identity *id = NULL;
	struct oidc_login     login;
	struct claims	      c;
	struct buf	      p = { 0 }, t = { 0 };

	(void)state;
	new_login(&login, -1);
	c = good(&login);
	claims_json(&c, &p);
	tk_token(&rsa, "RS256", NULL, p.data, NULL, &t);
	assert_int_equal(
	    oidc_verify_id_token(cl, t.data, t.len, &login, &id), OIDC_OK);
	oidc_identity_free(id);
	assert_int_equal(oidc_verify_id_token(cl, t.data, t.len, &login, &id),
	    OIDC_ERR_NONCE_REPLAY);
	assert_null(id);
	/* Another token (another key) with the same nonce: refused too. */
	buf_reset(&t);
	tk_token(&ec, "ES256", NULL, p.data, NULL, &t);
	assert_int_equal(oidc_verify_id_token(cl, t.data, t.len, &login, &id),
	    OIDC_ERR_NONCE_REPLAY);
	buf_free(&p);
	buf_free(&t);
	oidc_client_free(cl);
}

/* prompt=login, max_age=0: the authentication must be this sign-in's. */
static void
test_auth_time(void **state)
{
	struct oidc_client *cl = client(NULL);
	struct oidc_login   login;
	struct claims	    c;

	(void)state;
	new_login(&login, 0);
	c = good(&login);
	expect(cl, &rsa, "RS256", NULL, &c, &login, OIDC_ERR_AUTH_TIME);
	c.extra = "\"auth_time\":1799990000"; /* the day's first sign-in */
	expect(cl, &rsa, "RS256", NULL, &c, &login, OIDC_ERR_AUTH_TIME);
	c.extra = "\"auth_time\":1799999995";
	oidc_identity_free(
	    expect(cl, &rsa, "RS256", NULL, &c, &login, OIDC_OK));
	/* max_age 3600 takes an hour-old authentication. */
	new_login(&login, 3600);
	c = good(&login);
	c.extra = "\"auth_time\":1799996500";
	oidc_identity_free(
	    expect(cl, &rsa, "RS256", NULL, &c, &login, OIDC_OK));
	oidc_client_free(cl);
}

/* Keys we do not use are left out of the key set. */
static void
test_key_set(void **state)
{
	struct test_key	    weak;
	struct oidc_client *cl;
	struct oidc_login   login;
	struct claims	    c;
	struct buf	    jwk = { 0 };
	const char	   *disc =
	    "{\"issuer\":\"" ISS "\","
	    "\"authorization_endpoint\":\"https://a.test/a\",\"token_endpoint\":"
	    "\"https://a.test/t\",\"jwks_uri\":\"https://a.test/k\"}";

	(void)state;
	tk_rsa(&weak, "weak-1", 1024);
	tk_jwk(&weak, NULL, &jwk);
	cl = client(jwk.data);
	new_login(&login, -1);
	c = good(&login);
	expect(cl, &weak, "RS256", NULL, &c, &login, OIDC_ERR_UNKNOWN_KEY);
	oidc_client_free(cl);
	/* A key set with only unusable keys is refused. */
	cl = client(NULL);
	buf_reset(&jwk);
	buf_puts(&jwk, "{\"keys\":[");
	tk_jwk(&weak, NULL, &jwk);
	buf_puts(&jwk,
	    ",{\"kty\":\"oct\",\"k\":\"c2VjcmV0\"},{\"kty\":\"RSA\","
	    "\"use\":\"enc\",\"n\":\"AQAB\",\"e\":\"AQAB\"}]}");
	assert_int_equal(
	    oidc_client_set_metadata(cl, disc, strlen(disc), jwk.data, jwk.len),
	    OIDC_ERR_JWKS);
	oidc_client_free(cl);
	buf_free(&jwk);
	tk_free(&weak);
}

/*
 * The MitID broker's token for the kiosk ([oidc.citizen]): a token for
 * another client, an expired one, one with another nonce or an old
 * authentication are refused before the claims are read; then the level
 * of assurance and the CPR number (oidc_citizen_check()).
 */
static void
test_citizen(void **state)
{
	struct config_oidc conf =
	    TESTKEYS_OIDC_CONF(ISS, secret, "openid mitid", SKEW);
	struct oidc_client   *cl = client(NULL);
	struct oidc_identity *id;
	struct oidc_login     login, other;
	struct claims	      c;
	struct buf	      extra = { 0 };
	char		      hash[CPR_HASH_HEX], want[CPR_HASH_HEX];
	static const char     key[] = "0123456789abcdef0123456789abcdef";
	static const struct {
		const char	     *extra;
		const char	     *require;
		enum oidc_citizen_err want;
	} cases[] = {
		{ "\"dk.cpr\":\"0101901234\",\"loa\":\"substantial\"",
		    "substantial", OIDC_CITIZEN_OK },
		{ "\"dk.cpr\":\"010190-1234\",\"loa\":"
		  "\"https://data.gov.dk/concept/core/nsis/loa/Substantial\"",
		    "substantial", OIDC_CITIZEN_OK },
		{ "\"dk.cpr\":\"0101901234\",\"loa\":\"High\"", "substantial",
		    OIDC_CITIZEN_OK },
		{ "\"dk.cpr\":\"0101901234\",\"loa\":\"low\"", "substantial",
		    OIDC_CITIZEN_LOA_LOW },
		{ "\"dk.cpr\":\"0101901234\",\"loa\":\"substantial\"", "high",
		    OIDC_CITIZEN_LOA_LOW },
		{ "\"dk.cpr\":\"0101901234\",\"loa\":\"medium\"", "low",
		    OIDC_CITIZEN_LOA_LOW },
		{ "\"dk.cpr\":\"0101901234\"", "low", OIDC_CITIZEN_LOA_LOW },
		{ "\"loa\":\"high\"", "substantial", OIDC_CITIZEN_NO_CPR },
		{ "\"dk.cpr\":\"01019O1234\",\"loa\":\"high\"", "substantial",
		    OIDC_CITIZEN_NO_CPR },
		{ "\"dk.cpr\":\"3213901234\",\"loa\":\"high\"", "substantial",
		    OIDC_CITIZEN_NO_CPR },
	};
	size_t i;

	(void)state;
	conf.name = "citizen";
	conf.cpr_claim = "dk.cpr";
	conf.loa_claim = "loa";
	cpr_hash(key, sizeof(key) - 1, "0101901234", want);
	/* Refused before any claim is read. */
	new_login(&login, 0);
	new_login(&other, 0);
	c = good(&login);
	c.extra = "\"auth_time\":1799999995,\"dk.cpr\":\"0101901234\"";
	c.aud = "\"another-kiosk\"";
	expect(cl, &rsa, "RS256", NULL, &c, &login, OIDC_ERR_AUDIENCE);
	c = good(&login);
	c.extra = "\"auth_time\":1799999995";
	c.exp = NOW - 3600;
	expect(cl, &rsa, "RS256", NULL, &c, &login, OIDC_ERR_EXPIRED);
	c.exp = NOW + 300;
	c.nonce = other.nonce;
	expect(cl, &rsa, "RS256", NULL, &c, &login, OIDC_ERR_NONCE);
	c = good(&login);
	c.extra = "\"auth_time\":1799999000"; /* before the sign-in began */
	expect(cl, &rsa, "RS256", NULL, &c, &login, OIDC_ERR_AUTH_TIME);
	/* The claims of tokens that pass. */
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		new_login(&login, 0);
		c = good(&login);
		buf_printf(
		    &extra, "\"auth_time\":%lld,%s", NOW - 5, cases[i].extra);
		c.extra = buf_str(&extra);
		id = expect(cl, &ec, "ES256", NULL, &c, &login, OIDC_OK);
		buf_free(&extra);
		conf.require_loa = (char *)cases[i].require;
		memset(hash, 'x', sizeof(hash));
		assert_int_equal(
		    oidc_citizen_check(&conf, id, key, sizeof(key) - 1, hash),
		    cases[i].want);
		if (cases[i].want == OIDC_CITIZEN_OK)
			assert_string_equal(hash, want);
		else
			assert_string_equal(hash, "");
		oidc_identity_free(id);
	}
	assert_int_equal(oidc_loa_parse("LOW"), OIDC_LOA_LOW);
	assert_int_equal(oidc_loa_parse("substantial"), OIDC_LOA_SUBSTANTIAL);
	assert_int_equal(oidc_loa_parse("a/b/high"), OIDC_LOA_HIGH);
	assert_int_equal(oidc_loa_parse("https://x/"), OIDC_LOA_UNKNOWN);
	assert_int_equal(oidc_loa_parse(NULL), OIDC_LOA_UNKNOWN);
	oidc_client_free(cl);
}

static int
setup(void **state)
{
	int fd;

	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/test-oidc-token-XXXXXX");
	if (mkdtemp(dir) == NULL)
		return -1;
	snprintf(secret, sizeof(secret), "%s/oidc-staff.secret", dir);
	if ((fd = open(secret, O_WRONLY | O_CREAT | O_TRUNC, 0600)) == -1 ||
	    write(fd, "s3cret\n", 7) != 7)
		return -1;
	close(fd);
	tk_rsa(&rsa, "rsa-1", 2048);
	tk_rsa(&rsa_ps, "rsa-ps", 2048);
	tk_rsa(&rogue, "rogue-1", 2048);
	tk_ec(&ec, "ec-1");
	clock_set((time_t)NOW);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	tk_free(&rsa);
	tk_free(&rsa_ps);
	tk_free(&rogue);
	tk_free(&ec);
	unlink(secret);
	return rmdir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_tokens),
		cmocka_unit_test(test_claims_refused),
		cmocka_unit_test(test_algorithms_refused),
		cmocka_unit_test(test_signatures_refused),
		cmocka_unit_test(test_nonce_replay),
		cmocka_unit_test(test_auth_time),
		cmocka_unit_test(test_key_set),
		cmocka_unit_test(test_citizen),
	};

	return cmocka_run_group_tests_name(
	    "oidc_token", tests, setup, teardown);
}
