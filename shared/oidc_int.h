/*
 * oidc_int.h - what the files of the OIDC client share (oidc.c: the
 * flow; oidc_meta.c: discovery, key set, HTTP; oidc_jwt.c: the ID token).
 * Not for other modules: see oidc.h.
 */
#ifndef MENTOR_OIDC_INT_H
#define MENTOR_OIDC_INT_H

#include <pthread.h>
#include <stddef.h>
#include <time.h>

#include <cjose/jwk.h>

#include "buf.h"
#include "oidc.h"

#define OIDC_KEYS_MAX		32    /* usable keys kept from a key set */
#define OIDC_KID_MAX		128   /* bytes of a key id */
#define OIDC_SEEN_MAX		1024  /* accepted nonces remembered */
#define OIDC_TOKEN_MAX		32768 /* bytes of an ID token */
#define OIDC_DISCOVERY_CAP	(64 * 1024)  /* bytes of a discovery document */
#define OIDC_JWKS_CAP		(256 * 1024) /* bytes of a key set */
#define OIDC_TOKEN_RESPONSE_CAP (64 * 1024)  /* bytes of a token response */
#define OIDC_METADATA_TTL \
	86400 /* seconds a discovery document or key set is used */
#define OIDC_KID_REFETCH_MIN 60 /* seconds between refetches for unknown keys */

/* The key types we verify with. */
enum oidc_kty {
	OIDC_KTY_RSA,	 /* RS256, PS256; at least 2048 bits */
	OIDC_KTY_EC_P256 /* ES256 */
};

struct oidc_key {
	char	      kid[OIDC_KID_MAX + 1]; /* "" when the key has none */
	char	      alg[8];		     /* "" when the key has none */
	enum oidc_kty kty;
	cjose_jwk_t  *jwk; /* public key only */
};

/* A nonce of an accepted ID token, remembered until the token expires. */
struct oidc_seen {
	unsigned char hash[32]; /* SHA-256 of the nonce */
	time_t	      until;
};

struct oidc_client {
	pthread_mutex_t	 lock; /* everything below the settings */

	/* Settings, fixed after oidc_client_new(). */
	char		*issuer;
	char		*client_id;
	char		*redirect_uri;
	char		*post_logout_redirect_uri; /* NULL: none */
	char		*scopes;
	char		*user_claim;
	char		*ca_file; /* NULL: system CAs */
	struct buf	 secret;
	int		 secret_post; /* client_secret_post, else _basic */
	int		 skew;

	/* The discovery document, once fetched. */
	time_t		 meta_at; /* clock_now() when fetched; 0 never */
	char		*authorization_endpoint;
	char		*token_endpoint;
	char		*jwks_uri;
	char		*end_session_endpoint; /* NULL: none */

	/* The key set. */
	time_t		 keys_at;	 /* clock_now() when fetched; 0 never */
	time_t		 kid_refetch_at; /* last refetch for an unknown key */
	struct oidc_key	 keys[OIDC_KEYS_MAX];
	size_t		 nkeys;

	/* Nonces of accepted ID tokens. */
	struct oidc_seen seen[OIDC_SEEN_MAX];
	size_t		 nseen;
};

/*
 * With the lock held: make sure a fresh discovery document is there
 * (fetch it when missing or older than a day; an old one is kept when a
 * refresh fails).  Returns OIDC_OK or why there is none.
 */
enum oidc_err oidc_meta_ready(struct oidc_client *);
/* With the lock held: the same for the key set. */
enum oidc_err oidc_keys_ready(struct oidc_client *);
/*
 * With the lock held: a token names a key we lack; fetch the key set
 * again unless that was done for this reason less than
 * OIDC_KID_REFETCH_MIN seconds ago.  Returns OIDC_OK if it was fetched,
 * OIDC_ERR_UNKNOWN_KEY if it was not due, or the fetch's error.
 */
enum oidc_err oidc_keys_refetch(struct oidc_client *);
/* Free the discovery document and keys. */
void	      oidc_meta_free(struct oidc_client *);

/*
 * One HTTP request to url (which must pass oidc_url_secure()): a GET, or
 * a form POST when form is not NULL, with an Authorization header when
 * authorization is not NULL.  The answer (at most cap bytes) goes into
 * out and its status into *status.  Returns OIDC_OK whatever the
 * status, OIDC_ERR_INSECURE_URL, OIDC_ERR_FETCH or OIDC_ERR_RESPONSE.
 */
enum oidc_err oidc_http(const struct oidc_client *, const char *url,
    const struct buf *form, const char *authorization, size_t cap, long *status,
    struct buf *out);

/*
 * Read the token endpoint's answer (status, len bytes of resp; endpoint
 * names it in log lines): the ID token into idtok.  Returns OIDC_OK,
 * OIDC_ERR_TOKEN_REFUSED (400, 401), OIDC_ERR_FETCH (another status) or
 * OIDC_ERR_RESPONSE (not JSON, not a Bearer token, no id_token).
 */
enum oidc_err oidc_token_response(const struct oidc_client *,
    const char *endpoint, long status, const char *resp, size_t len,
    struct buf *idtok);

/*
 * The string member name of JSON object o: its value if it is a string
 * of 1 to max bytes without control characters, else NULL.
 */
struct json_object;
const char *oidc_json_string(
    struct json_object *o, const char *name, size_t max);

#endif
