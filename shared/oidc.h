/*
 * oidc - an OpenID Connect relying party (the client side of a sign-in),
 * for the staff console ([oidc.staff]) and the kiosk's MitID sign-in
 * ([oidc.citizen]).  Authorization code flow with PKCE (S256), state and
 * nonce.
 *
 *	c = oidc_client_new(config_oidc(cfg, "staff"), NULL, err, sizeof(err));
 *	oidc_login_start(c, NULL, &login, &url);   keep login, redirect to url
 *	... the browser comes back to the redirect URI with a query ...
 *	oidc_callback(c, &login, query, &id);      then oidc_identity_user(id)
 *
 * The provider's discovery document and key set (JWKS) are fetched with
 * libcurl (https only, except http on 127.0.0.1 and [::1]; 10 s timeout;
 * size caps) when first needed and cached for a day; the key set is
 * fetched again when a token names a key it lacks, at most once a minute
 * for such reasons, so tokens with made-up key ids cannot make us hammer
 * the provider.  The ID token's signature is verified with libcjose, for
 * RS256, PS256 and ES256 only; then iss, aud (and azp), exp, iat, nbf,
 * nonce (once only) and, when asked for, auth_time are checked against
 * clock_now() with the configured clock skew.
 *
 * A client may be used by several threads at once.  Nothing here logs a
 * code, a token, a state, a nonce or a secret.
 */
#ifndef MENTOR_OIDC_H
#define MENTOR_OIDC_H

#include <stddef.h>
#include <time.h>

#include "oidcurl.h"

struct buf;
struct config_oidc;
struct oidc_client;
struct oidc_identity;

enum oidc_err {
	OIDC_OK = 0,
	OIDC_ERR_CONFIG, /* settings unusable (secret file, redirect URI) */
	OIDC_ERR_RANDOM, /* the random generator failed */
	OIDC_ERR_INSECURE_URL,	 /* http:// to another host than loopback */
	OIDC_ERR_FETCH,		 /* provider not reached, or error status */
	OIDC_ERR_RESPONSE,	 /* provider's answer too large or not JSON */
	OIDC_ERR_DISCOVERY,	 /* discovery document unusable */
	OIDC_ERR_JWKS,		 /* key set unusable */
	OIDC_ERR_CALLBACK,	 /* callback query malformed or without code */
	OIDC_ERR_STATE,		 /* callback state missing or not ours */
	OIDC_ERR_LOGIN_USED,	 /* this sign-in was already completed */
	OIDC_ERR_DENIED,	 /* the provider answered with an error */
	OIDC_ERR_TOKEN_REFUSED,	 /* the token endpoint refused the code */
	OIDC_ERR_TOKEN_FORMAT,	 /* ID token is not a JWS we can read */
	OIDC_ERR_ALG,		 /* algorithm not allowed, or not the key's */
	OIDC_ERR_UNKNOWN_KEY,	 /* no key of the provider's fits the token */
	OIDC_ERR_SIGNATURE,	 /* signature does not verify */
	OIDC_ERR_ISSUER,	 /* iss is not the configured issuer */
	OIDC_ERR_AUDIENCE,	 /* aud does not name our client_id */
	OIDC_ERR_AZP,		 /* several audiences and azp not us */
	OIDC_ERR_EXPIRED,	 /* exp has passed */
	OIDC_ERR_IAT,		 /* issued in the future */
	OIDC_ERR_NBF,		 /* not valid yet */
	OIDC_ERR_NONCE,		 /* nonce missing or not ours */
	OIDC_ERR_NONCE_REPLAY,	 /* nonce already used by an accepted token */
	OIDC_ERR_AUTH_TIME,	 /* authentication older than asked for */
	OIDC_ERR_CLAIMS,	 /* sub, exp or iat missing or malformed */
	OIDC_ERR_USER_CLAIM,	 /* the configured user claim is missing */
	OIDC_ERR_NO_END_SESSION, /* the provider has no end-session endpoint */
	OIDC__MAX
};

/* 43 base64url characters (32 random bytes) and a NUL. */
#define OIDC_RANDOM_LEN 44

/*
 * One sign-in under way, between the redirect to the provider and the
 * callback.  The caller keeps it on the server (never in a cookie) with
 * the browser's pre-login session, and passes it to oidc_callback(),
 * which marks it used; oidc_login_clear() wipes it.
 */
struct oidc_login {
	char   state[OIDC_RANDOM_LEN];
	char   nonce[OIDC_RANDOM_LEN];
	char   verifier[OIDC_RANDOM_LEN]; /* PKCE code_verifier */
	time_t started; /* clock_now() at oidc_login_start() */
	int    max_age; /* -1: none asked; else seconds */
	int    used;	/* oidc_callback() has been called */
};

/* What a sign-in asks of the provider beyond the configuration. */
struct oidc_login_options {
	int	    fresh;	  /* prompt=login and max_age=0: ask again */
	int	    max_age;	  /* > 0: max_age=N; 0: not sent */
	const char *extra_scopes; /* added to the configured scopes */
	const char *acr_values;	  /* e.g. an assurance level; NULL: none */
	const char *ui_locales;	  /* e.g. "da en"; NULL: none */
	const char *login_hint;	  /* NULL: none */
};

/*
 * A client for one [oidc.NAME] section.  redirect_uri is used when the
 * section has none (the program builds it from its public URL).  Reads
 * the client secret (a file of mode 0600).  Fetches nothing yet.
 * Returns the client (free with oidc_client_free()), or NULL with the
 * reason in err.
 */
struct oidc_client *oidc_client_new(const struct config_oidc *,
    const char *redirect_uri, char *err, size_t errlen);
void		    oidc_client_free(struct oidc_client *);

/*
 * Start a sign-in: fill login with fresh state, nonce and PKCE verifier
 * and append to url the provider's authorization URL to send the browser
 * to.  opt may be NULL.  Fetches the discovery document if it is not
 * cached.  Returns OIDC_OK, or an error with login wiped.
 */
enum oidc_err	    oidc_login_start(struct oidc_client *,
	  const struct oidc_login_options *opt, struct oidc_login *login,
	  struct buf *url);

/*
 * Read the query string of the callback (without '?'; len bytes): the
 * state must be login's, an iss parameter the issuer.  Returns OIDC_OK
 * with the authorization code appended to code, OIDC_ERR_DENIED when the
 * provider sent an error (the user cancelled, say), or another error.
 * Does not mark login used.
 */
enum oidc_err	    oidc_callback_parse(const struct oidc_client *,
	  const struct oidc_login *login, const char *query, size_t len,
	  struct buf *code);

/*
 * The whole callback: oidc_callback_parse(), the code exchanged at the
 * token endpoint (client_secret_basic or _post, with the PKCE verifier),
 * and oidc_verify_id_token() on the ID token.  Once the state is
 * login's, login is marked used, whatever follows: a second call with it
 * fails (OIDC_ERR_LOGIN_USED).  A callback with another state leaves it
 * unused (a forged link cannot spoil a sign-in under way).  Returns
 * OIDC_OK and sets *out (free with oidc_identity_free()), or an error
 * with *out NULL.
 */
enum oidc_err oidc_callback(struct oidc_client *, struct oidc_login *login,
    const char *query, struct oidc_identity **out);

/*
 * Verify the ID token (len bytes) for the sign-in login and remember its
 * nonce as used.  Returns OIDC_OK and sets *out (free with
 * oidc_identity_free()), or the first check that failed with *out NULL.
 */
enum oidc_err oidc_verify_id_token(struct oidc_client *, const char *token,
    size_t len, const struct oidc_login *login, struct oidc_identity **out);

/* The configured user claim's value (never NULL). */
const char   *oidc_identity_user(const struct oidc_identity *);
/* The subject (sub) claim (never NULL). */
const char   *oidc_identity_subject(const struct oidc_identity *);
/* The string claim called name, or NULL if absent or not a string. */
const char *oidc_identity_claim(const struct oidc_identity *, const char *name);
/* The ID token itself, for id_token_hint at sign-out.  Never log it. */
const char *oidc_identity_id_token(const struct oidc_identity *);
/* When the ID token expires. */
time_t	    oidc_identity_expires(const struct oidc_identity *);
/* Wipe and free (NULL is fine). */
void	    oidc_identity_free(struct oidc_identity *);

/*
 * Append to url the provider's end-session URL (RP-initiated logout)
 * for a user signed in with id_token (may be NULL), with the configured
 * post_logout_redirect_uri and state (may be NULL).  Returns OIDC_OK,
 * OIDC_ERR_NO_END_SESSION when the provider has none, or the error that
 * kept the discovery document from being fetched.
 */
enum oidc_err oidc_logout_url(struct oidc_client *, const char *id_token,
    const char *state, struct buf *url);

/*
 * Use these discovery document and key set (JSON texts) as if just
 * fetched: for tests, the fuzz target, and a provider that cannot be
 * reached at start.  Returns OIDC_OK or why one of them is unusable.
 */
enum oidc_err oidc_client_set_metadata(struct oidc_client *,
    const char *discovery, size_t dlen, const char *jwks, size_t jlen);

/* Wipe a sign-in record. */
void	      oidc_login_clear(struct oidc_login *);

/* Short English text for err. */
const char   *oidc_strerror(enum oidc_err err);

#endif
