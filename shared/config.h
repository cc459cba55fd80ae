/*
 * config - the one INI file (inih).  Every key is declared in a table in
 * config.c with its type, range and default; an unknown key or a bad value
 * stops loading with "FILE:LINE: [section] key: reason".  Relative paths
 * are taken relative to the configuration file's folder.  The commented
 * sample etc/mentorlink.conf.sample documents every key.
 */
#ifndef MENTOR_CONFIG_H
#define MENTOR_CONFIG_H

#include <stddef.h>

#include "escalation.h"
#include "lang.h"

struct buf;
struct config_site;

#define CONFIG_MAX_RULES   8
#define CONFIG_ERR_MAX	   512
#define CONFIG_CPR_KEY_MIN 32 /* bytes in the CPR key file, at least */

/*
 * The uses of OpenID Connect, each with its own section [oidc.NAME]
 * (see oidc.h).  A use not in the file has present = 0.
 */
enum config_oidc_use {
	CONFIG_OIDC_STAFF, /* [oidc.staff]: the municipality's IdP, for staff */
	CONFIG_OIDC_CITIZEN, /* [oidc.citizen]: the MitID broker, for citizens */
	CONFIG_OIDC__MAX
};

struct config_oidc {
	int	    present; /* the section is in the file */
	const char *name;    /* "staff", "citizen" (static) */
	char	   *issuer;  /* exactly as the provider writes it */
	char	   *client_id;
	char	   *client_secret_file; /* default oidc-NAME.secret */
	char	   *token_auth;	  /* client_secret_basic | client_secret_post */
	char	   *scopes;	  /* space-separated; openid is always asked */
	char	   *user_claim;	  /* the claim naming the user */
	char	   *redirect_uri; /* NULL: the program builds it */
	char	   *post_logout_redirect_uri; /* NULL: none */
	char	   *ca_file;	/* NULL: the system's CA certificates */
	int	    clock_skew; /* seconds of clock difference tolerated */
	/* [oidc.citizen] only (refused in [oidc.staff]) */
	char	   *cpr_claim;	 /* the claim holding the CPR number */
	char	   *loa_claim;	 /* the claim holding the assurance level */
	char	   *require_loa; /* low | substantial | high */
};

enum reminder_rule_kind {
	RULE_DAY_BEFORE, /* day_before@HH:MM: the local day before, at HH:MM */
	RULE_HOURS_BEFORE, /* hours_before=N: N hours before the start */
	RULE_SAME_DAY	   /* same_day@HH:MM: the meeting's day at HH:MM */
};

struct reminder_rule {
	enum reminder_rule_kind kind;
	int  minutes;  /* HH*60+MM, or N*60 for hours_before */
	char name[32]; /* canonical text, e.g. "day_before@16:00" */
};

/*
 * A text a citizen may read, per language: "desk = ..." is the Danish
 * text, "desk.en = ...", "desk.LANG = ..." the others (LANG from the
 * table in lang.c).  Read it with config_text().
 */
struct config_text {
	char *text[LANG_MAX]; /* by lang index; NULL: not given */
};

/* A comma-separated list of words. */
struct config_words {
	char **word;
	size_t n;
};

/* A day: a date (year > 0), or the same day every year (year 0). */
struct config_day {
	int year;
	int month;
	int day;
};

/* A comma-separated list of days ("2026-12-24, 12-31"). */
struct config_days {
	struct config_day *day;
	size_t		   n;
};

struct config {
	char		  *path; /* the file it was read from */
	char		  *dir;	 /* its folder, for relative paths */

	/* [organisation] */
	char		  *org_name;
	char		  *org_phone; /* E.164; 70, 80 and 90 numbers too */
	struct config_text org_desk;  /* where to ask at the kiosk */
	struct config_text org_crisis_text; /* the kiosk's crisis line(s) */
	struct config_text org_sms_urgent;  /* the one urgent line an SMS
						   may carry */
	char *org_arabic_digits; /* western (0-9) | eastern (٠-٩) */

	/* [database] */
	char *db_path;
	char *cpr_key_file;

	/* [sms] */
	char *sms_provider;		   /* the first of sms_providers */
	struct config_words sms_providers; /* [sms] providers, in order;
					      provider = X is providers = X */
	int   sms_failover_after;	   /* failures in a row take one out */
	int   sms_failover_probe; /* seconds between probes of one out */
	int   sms_failover_grace; /* seconds a message that may have
				      reached a provider waits */
	int   sms_login_grace;	  /* the same for login codes */
	int   sms_timeout;	  /* seconds a request may take */
	int   sms_login_timeout;  /* the same with a login code, when
				      there is another provider */
	char *sms_sender;	  /* E.164 */
	char *sms_listen;	  /* host:port; port 0 = any free port */
	int   sms_public;	  /* a non-loopback listen is meant */
	int   sms_max_in_flight;
	int   sms_rate_per_second;
	int   sms_batch;     /* rows claimed per transaction */
	char *sms_port_file; /* where the daemon writes its port, or NULL */
	struct config_words  sms_sensitive; /* words no SMS may carry */

	/*
	 * The values of the keys the SMS providers declare in their own
	 * files (config_key.h), one struct per provider, by its place in
	 * sms_provider_list.h; read them with config_table_data() or the
	 * provider's own function (gatewayapi_config(), ...).
	 */
	void		   **tables;

	/* [reminders] */
	struct reminder_rule rules[CONFIG_MAX_RULES];
	size_t		     nrules;
	int   send_first; /* send window ([reminders] quiet_hours): first
					   allowed minute after local midnight */
	int   send_last;  /* its last allowed minute */
	char *timezone;
	int   ending_days;  /* agreement-ending notice, days before */
	char *notify_since; /* YYYY-MM-DD, or NULL: see notify.h */

	/* [contact] */
	int   escalate_after;	      /* seconds of working time */
	char *escalate_to;	      /* E.164 or NULL */
	struct escalation escalation; /* the steps; n 0: one step,
					 escalate_after to the deputy */
	int		  forward_text;
	int work_start; /* working hours, minutes after midnight */
	int work_end;
	struct config_text unknown_reply; /* text for unknown senders;
						   none: the built-in one */
	int		   loop_limit;	  /* replies per sender per hour */
	struct config_days closed_days;	  /* no working time (holiday.h) */
	int unknown_per_hour; /* replies to strangers, all together */
	struct config_words reply_countries; /* ISO codes we answer */

	/* [kiosk] */
	char		   *kiosk_listen;
	char		   *kiosk_id;
	int		    kiosk_idle_seconds;
	int		    kiosk_warn_seconds;
	struct config_site *sites; /* [site.NAME]s (config_site.h) */
	size_t		    nsites;
	int   kiosk_session_max;    /* absolute session limit, seconds */
	int   kiosk_codes_per_hour; /* per-kiosk limit on codes sent */
	char *kiosk_tls_cert_file;
	char *kiosk_tls_key_file;
	char *kiosk_port_file;
	char *kiosk_assets; /* folder with the served static files */
	struct config_words kiosk_login; /* "sms", "mitid": ways to sign in */
	int		    kiosk_mitid_timeout; /* seconds at the broker */

	/* [console] the staff's web console */
	char		   *console_listen;
	char *console_public_url; /* as browsers reach it; NULL: from listen */
	int   console_idle;	  /* idle session limit, seconds */
	int   console_absolute;	  /* absolute session limit, seconds */
	char *console_tls_cert_file;
	char *console_tls_key_file;
	char *console_port_file;
	char *console_assets; /* folder with the served static files */

	/*
	 * [privacy] the kiosk's privacy notice (GDPR art. 13).  Texts may
	 * hold {org}, {phone} and {desk}.  dpo and retention have no
	 * default: they are the municipality's facts.
	 */
	struct config_text privacy_controller;	/* who is responsible */
	struct config_text privacy_purpose;	/* what the data is used for */
	struct config_text privacy_legal_basis; /* why we may */
	struct config_text privacy_recipients;	/* who else gets it */
	struct config_text privacy_retention;	/* how long it is kept */
	struct config_text privacy_rights;	/* the citizen's rights */
	struct config_text privacy_dpo;		/* the DPO's contact */
	struct config_text privacy_complaint;	/* Datatilsynet */

	/* [retention] */
	int		   keep_message_days;
	int		   keep_inbox_days;
	int		   keep_login_days;
	int		   keep_audit_days;
	int		   require_export;

	/* [oidc.staff], [oidc.citizen] */
	struct config_oidc oidc[CONFIG_OIDC__MAX];
};

/*
 * Read and check FILE.  Returns a config to free with config_free(), or
 * NULL with the reason ("FILE:LINE: [section] key: ...") in err.
 */
struct config *config_load(const char *file, char *err, size_t errlen);
void	       config_free(struct config *);

/*
 * The text t in language lang: the text given for lang; for any language
 * but Danish, else the English text (given, or the built-in neutral
 * English default) - never the Danish one, which a reader of another
 * language may not understand.  Returns NULL only when the key has no
 * text at all (an optional key left out).
 */
const char    *config_text(const struct config_text *t, const char *lang);

/*
 * The language of the text config_text(t, lang) gives: lang's code when
 * t has a text for it, "en" for the English one, "da" for Danish; NULL
 * when there is none.  A page marks a text not in its own language so
 * (lang="en" dir="ltr" inside Arabic).
 */
const char    *config_text_lang(const struct config_text *t, const char *lang);

/*
 * The section [oidc.NAME] if the file has it, else NULL.
 */
const struct config_oidc *config_oidc(const struct config *, const char *name);

/*
 * 1 if [kiosk] login names method ("sms", "mitid"), else 0.
 */
int config_kiosk_login(const struct config *, const char *method);

/*
 * Read a secret from a file, refusing one that group or others can read
 * or that is empty; trailing newlines are dropped.  When env names a set
 * environment variable, its value wins over the file.  Returns 0 and
 * fills out (caller buf_free()s it), or -1 with the reason in err.
 */
int config_read_secret(const char *path, const char *env, struct buf *out,
    char *err, size_t errlen);

/*
 * Read the CPR key file as config_read_secret() does (no environment
 * variable) and refuse one shorter than CONFIG_CPR_KEY_MIN bytes: the
 * one rule for mentorctl check and the kiosk.  Returns 0 and fills out
 * (caller buf_free()s it), or -1 with the reason in err.
 */
int config_read_cpr_key(
    const struct config *, struct buf *out, char *err, size_t errlen);

/*
 * Whether the program can make files next to file (a port file, say):
 * its folder exists and is writable.  Returns 0, or -1 with the reason.
 */
int config_check_folder(const char *file, char *err, size_t errlen);

/*
 * Whether the host of a "host:port" listen address is loopback
 * (127.0.0.0/8, ::1 or "localhost"): 1, 0, or -1 when malformed.
 * config_load() refuses a non-loopback [sms] listen without [sms] public
 * and a non-loopback [kiosk] or [console] listen without TLS.
 */
int config_listen_is_loopback(const char *listen);

/*
 * Parse a duration "90s", "30m", "4h", "2d" or plain seconds.
 * Returns 0 and sets *secs, or -1.
 */
int config_parse_duration(const char *s, int *secs);

/* Parse "HH:MM" into minutes after midnight; 0 ok, -1 bad. */
int config_parse_hhmm(const char *s, int *minutes);

/*
 * Split "host:port" (host may be [v6]); returns 0 and fills host/port,
 * or -1 when malformed or the port is outside 0..65535.
 */
int config_parse_listen(const char *s, char *host, size_t hostlen, int *port);

/*
 * The i-th known key: its name, with its section in *section; NULL past
 * the last.  The keys of the SMS providers' tables follow the program's
 * own; the keys of [oidc.NAME] sections come last, under the section
 * name "oidc.staff".  For tests and documentation checks.
 */
const char *config_key_at(size_t i, const char **section);

/*
 * Whether cfg sends with the SMS provider called name: 1 or 0.
 */
int	    config_sends_with(const struct config *, const char *name);

/*
 * The i-th file the SMS providers' keys name that only its owner may
 * read (a secret, the file provider's messages): the path, "" when that
 * key is not set, NULL past the last.  For mentorctl check.
 */
const char *config_private_path(const struct config *, size_t i);

/* Print every key and its current value (secrets are paths) to stdout. */
void	    config_dump(const struct config *);

#endif
