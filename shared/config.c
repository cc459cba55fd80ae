/*
 * config.c - INI configuration through inih; see config.h.  It holds the
 * table of the program-wide keys and their built-in English texts, and
 * reading a file with them: the inih handler that sends each key to its
 * home, the defaults, the required keys, [sms] provider against
 * providers, [contact]'s escalation keys; then freeing, the text of a
 * language, the list of key names and config_dump().  The other parts
 * are in the files config_int.h names: config_table.c (storing a value
 * by its type), config_oidc.c, config_site.c, config_check.c (rules
 * across keys) and config_files.c (secrets, the CPR key, folders).
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ini.h>

#include "config.h"
#include "config_key.h"
#include "config_int.h"
#include "log.h"
#include "sms_provider.h"

#define OFF(f) offsetof(struct config, f)

static const struct config_key keys[] = {
	{ "organisation", "name", KT_STR, OFF(org_name), 0, 0, 0, NULL, NULL,
	    1 },
	{ "organisation", "phone", KT_CALLABLE, OFF(org_phone), 0, 0, 0, NULL,
	    NULL, 1 },
	{ "organisation", "desk", KT_TEXT, OFF(org_desk), 0, 0, 0, NULL,
	    "Skranken", 0 },
	{ "organisation", "crisis_text", KT_TEXT, OFF(org_crisis_text), 0, 0, 0,
	    NULL,
	    "Er det akut, så ring 112. Du kan også ringe til Livslinien på 70 201 201.",
	    0 },
	{ "organisation", "sms_urgent_text", KT_TEXT, OFF(org_sms_urgent), 0, 0,
	    0, NULL, "Er det akut, så ring 112.", 0 },
	{ "organisation", "arabic_digits", KT_CHOICE, OFF(org_arabic_digits), 0,
	    0, 0, "western eastern", "western", 0 },
	{ "database", "path", KT_PATH, OFF(db_path), 0, 0, 0, NULL,
	    "mentorlink.db", 0 },
	{ "database", "cpr_key_file", KT_PATH, OFF(cpr_key_file), 0, 0, 0, NULL,
	    "cpr.key", 0 },
	{ "sms", "provider", KT_PROVIDER, OFF(sms_provider), 0, 0, 0, NULL,
	    "file", 0 },
	{ "sms", "providers", KT_PROVIDERS, OFF(sms_providers), 0, 0, 0, NULL,
	    NULL, 0 },
	{ "sms", "failover_after", KT_INT, OFF(sms_failover_after), 0, 1, 100,
	    NULL, "3", 0 },
	{ "sms", "failover_probe", KT_DURATION, OFF(sms_failover_probe), 0, 1,
	    3600, NULL, "30s", 0 },
	{ "sms", "failover_grace", KT_DURATION, OFF(sms_failover_grace), 0, 0,
	    86400, NULL, "2m", 0 },
	{ "sms", "login_code_grace", KT_DURATION, OFF(sms_login_grace), 0, 0,
	    3600, NULL, "5s", 0 },
	{ "sms", "request_timeout", KT_DURATION, OFF(sms_timeout), 0, 1, 300,
	    NULL, "30s", 0 },
	{ "sms", "login_code_timeout", KT_DURATION, OFF(sms_login_timeout), 0,
	    1, 300, NULL, "5s", 0 },
	{ "sms", "sender", KT_NUMBER, OFF(sms_sender), 0, 0, 0, NULL, NULL, 1 },
	{ "sms", "listen", KT_LISTEN, OFF(sms_listen), 0, 0, 0, NULL,
	    "127.0.0.1:8025", 0 },
	{ "sms", "public", KT_BOOL, OFF(sms_public), 0, 0, 0, NULL, "no", 0 },
	{ "sms", "max_in_flight", KT_INT, OFF(sms_max_in_flight), 0, 1, 200,
	    NULL, "10", 0 },
	{ "sms", "rate_per_second", KT_INT, OFF(sms_rate_per_second), 0, 1,
	    100000, NULL, "50", 0 },
	{ "sms", "batch", KT_INT, OFF(sms_batch), 0, 1, 10000, NULL, "200", 0 },
	{ "sms", "port_file", KT_PATH, OFF(sms_port_file), 0, 0, 0, NULL, NULL,
	    0 },
	{ "sms", "sensitive_words", KT_WORDS, OFF(sms_sensitive), 0, 0, 0, NULL,
	    "psykiatri, psykiatrisk, misbrug, afvænning, selvmord, Livslinien, "
	    "behandling, indlæggelse, udskrivelse, diagnose, sygdom",
	    0 },
	{ "reminders", "rules", KT_RULES, OFF(rules), 0, 0, 0, NULL,
	    "day_before@16:00, hours_before=2", 0 },
	{ "reminders", "quiet_hours", KT_HOURS, OFF(send_first), OFF(send_last),
	    0, 0, NULL, "08:00-21:00", 0 },
	{ "reminders", "timezone", KT_STR, OFF(timezone), 0, 0, 0, NULL,
	    "Europe/Copenhagen", 0 },
	{ "reminders", "agreement_ending_days", KT_INT, OFF(ending_days), 0, 1,
	    180, NULL, "30", 0 },
	{ "reminders", "notify_since", KT_DATE, OFF(notify_since), 0, 0, 0,
	    NULL, NULL, 0 },
	{ "contact", "escalate_after", KT_DURATION, OFF(escalate_after), 0, 60,
	    30 * 86400, NULL, "4h", 0 },
	{ "contact", "escalate_to", KT_PHONE, OFF(escalate_to), 0, 0, 0, NULL,
	    NULL, 0 },
	{ "contact", "escalation", KT_ESCALATION, OFF(escalation), 0, 0, 0,
	    NULL, NULL, 0 },
	{ "contact", "forward_text", KT_BOOL, OFF(forward_text), 0, 0, 0, NULL,
	    "no", 0 },
	{ "contact", "working_hours", KT_HOURS, OFF(work_start), OFF(work_end),
	    0, 0, NULL, "08:00-16:00", 0 },
	{ "contact", "unknown_reply", KT_TEXT, OFF(unknown_reply), 0, 0, 0,
	    NULL, NULL, 0 },
	{ "contact", "loop_limit", KT_INT, OFF(loop_limit), 0, 1, 100, NULL,
	    "5", 0 },
	{ "contact", "closed_days", KT_DAYS, OFF(closed_days), 0, 0, 0, NULL,
	    "", 0 },
	{ "contact", "unknown_replies_per_hour", KT_INT, OFF(unknown_per_hour),
	    0, 0, 100000, NULL, "50", 0 },
	{ "contact", "reply_countries", KT_COUNTRIES, OFF(reply_countries), 0,
	    0, 0, NULL, "DK", 0 },
	{ "kiosk", "listen", KT_LISTEN, OFF(kiosk_listen), 0, 0, 0, NULL,
	    "127.0.0.1:8080", 0 },
	{ "kiosk", "id", KT_STR, OFF(kiosk_id), 0, 0, 0, NULL, "kiosk-1", 0 },
	{ "kiosk", "idle_seconds", KT_INT, OFF(kiosk_idle_seconds), 0, 10, 3600,
	    NULL, "120", 0 },
	{ "kiosk", "warn_seconds", KT_INT, OFF(kiosk_warn_seconds), 0, 5, 600,
	    NULL, "30", 0 },
	{ "kiosk", "session_max_seconds", KT_INT, OFF(kiosk_session_max), 0, 60,
	    7200, NULL, "900", 0 },
	{ "kiosk", "codes_per_hour", KT_INT, OFF(kiosk_codes_per_hour), 0, 1,
	    10000, NULL, "60", 0 },
	{ "kiosk", "tls_cert_file", KT_PATH, OFF(kiosk_tls_cert_file), 0, 0, 0,
	    NULL, NULL, 0 },
	{ "kiosk", "tls_key_file", KT_PATH, OFF(kiosk_tls_key_file), 0, 0, 0,
	    NULL, NULL, 0 },
	{ "kiosk", "port_file", KT_PATH, OFF(kiosk_port_file), 0, 0, 0, NULL,
	    NULL, 0 },
	{ "kiosk", "assets", KT_PATH, OFF(kiosk_assets), 0, 0, 0, NULL, NULL,
	    0 },
	{ "kiosk", "login", KT_WORDS, OFF(kiosk_login), 0, 0, 0, NULL, "sms",
	    0 },
	{ "kiosk", "mitid_timeout", KT_DURATION, OFF(kiosk_mitid_timeout), 0,
	    30, 1800, NULL, "3m", 0 },
	{ "console", "listen", KT_LISTEN, OFF(console_listen), 0, 0, 0, NULL,
	    "127.0.0.1:8090", 0 },
	{ "console", "public_url", KT_URL, OFF(console_public_url), 0, 0, 0,
	    NULL, NULL, 0 },
	{ "console", "idle", KT_DURATION, OFF(console_idle), 0, 60, 86400, NULL,
	    "30m", 0 },
	{ "console", "absolute", KT_DURATION, OFF(console_absolute), 0, 300,
	    7 * 86400, NULL, "10h", 0 },
	{ "console", "tls_cert_file", KT_PATH, OFF(console_tls_cert_file), 0, 0,
	    0, NULL, NULL, 0 },
	{ "console", "tls_key_file", KT_PATH, OFF(console_tls_key_file), 0, 0,
	    0, NULL, NULL, 0 },
	{ "console", "port_file", KT_PATH, OFF(console_port_file), 0, 0, 0,
	    NULL, NULL, 0 },
	{ "console", "assets", KT_PATH, OFF(console_assets), 0, 0, 0, NULL,
	    NULL, 0 },
	{ "privacy", "controller", KT_TEXT, OFF(privacy_controller), 0, 0, 0,
	    NULL,
	    "{org} har ansvaret for dine oplysninger. Du kan ringe til os på {phone}.",
	    0 },
	{ "privacy", "purpose", KT_TEXT, OFF(privacy_purpose), 0, 0, 0, NULL,
	    "Vi bruger dine oplysninger, så du kan få mentorstøtte. Du kan se din aftale her. "
	    "Du får besked om møder på SMS. Og din mentor kan ringe til dig.",
	    0 },
	{ "privacy", "legal_basis", KT_TEXT, OFF(privacy_legal_basis), 0, 0, 0,
	    NULL,
	    "Vi må bruge dine oplysninger, fordi vi skal give dig mentorstøtte. Det står i lov om "
	    "en aktiv beskæftigelsesindsats, kapitel 26.",
	    0 },
	{ "privacy", "recipients", KT_TEXT, OFF(privacy_recipients), 0, 0, 0,
	    NULL,
	    "Vi sender SMS gennem et firma, der arbejder for os. Firmaet må kun bruge dit nummer og "
	    "beskeden til at sende den. Andre får ikke dine oplysninger, hvis ikke loven kræver det.",
	    0 },
	{ "privacy", "retention", KT_TEXT, OFF(privacy_retention), 0, 0, 0,
	    NULL, NULL, 0 },
	{ "privacy", "rights", KT_TEXT, OFF(privacy_rights), 0, 0, 0, NULL,
	    "Du har ret til at se de oplysninger, vi har om dig. Du kan bede os rette fejl. "
	    "Spørg ved {desk}, hvis du vil vide mere.",
	    0 },
	{ "privacy", "dpo", KT_TEXT, OFF(privacy_dpo), 0, 0, 0, NULL, NULL, 0 },
	{ "privacy", "complaint", KT_TEXT, OFF(privacy_complaint), 0, 0, 0,
	    NULL,
	    "Du kan klage til Datatilsynet, hvis du synes, vi bruger dine oplysninger forkert. "
	    "Datatilsynet, Carl Jacobsens Vej 35, 2500 Valby. Telefon 33 19 32 00.",
	    0 },
	{ "retention", "message_days", KT_INT, OFF(keep_message_days), 0, 1,
	    3650, NULL, "90", 0 },
	{ "retention", "inbox_days", KT_INT, OFF(keep_inbox_days), 0, 1, 3650,
	    NULL, "90", 0 },
	{ "retention", "login_days", KT_INT, OFF(keep_login_days), 0, 1, 3650,
	    NULL, "7", 0 },
	{ "retention", "audit_days", KT_INT, OFF(keep_audit_days), 0, 30, 7300,
	    NULL, "1825", 0 },
	{ "retention", "require_export", KT_BOOL, OFF(require_export), 0, 0, 0,
	    NULL, "yes", 0 },
};

#define NKEYS (sizeof(keys) / sizeof(keys[0]))

/*
 * The built-in English text of the KT_TEXT keys: what a reader of any
 * language but Danish gets when the file gives no text for their
 * language nor English.  Neutral on purpose: it cannot follow a Danish
 * text the municipality changed.
 */
static const struct {
	size_t	    offset;
	const char *text;
} text_en[] = {
	{ OFF(org_desk), "the front desk" },
	{ OFF(org_crisis_text), "If it is urgent, call 112." },
	{ OFF(org_sms_urgent), "If it is urgent, call 112." },
	{ OFF(privacy_controller),
	    "{org} is responsible for your information. "
	    "You can call us on {phone}." },
	{ OFF(privacy_purpose),
	    "We use your information to give you mentor "
	    "support. You can see your agreement here. We text you about "
	    "meetings. And your mentor can call you." },
	{ OFF(privacy_legal_basis),
	    "We may use your information because we "
	    "must give you mentor support. This is set out in the Danish Act "
	    "on an Active Employment Effort, chapter 26." },
	{ OFF(privacy_recipients),
	    "We send text messages through a company "
	    "that works for us. It may only use your number and the message "
	    "to send it. Nobody else gets your information unless the law "
	    "requires it." },
	{ OFF(privacy_rights),
	    "You have the right to see the information we "
	    "hold about you. You can ask us to correct mistakes. Ask at {desk} "
	    "if you want to know more." },
	{ OFF(privacy_complaint),
	    "You can complain to the Danish Data "
	    "Protection Agency (Datatilsynet) if you think we use your "
	    "information wrongly. Datatilsynet, Carl Jacobsens Vej 35, 2500 "
	    "Valby, Denmark. Phone +45 33 19 32 00." },
};

struct load_state {
	struct config *cfg;
	unsigned int   seen[NKEYS]; /* bit 0, or bit LANG of a KT_TEXT */
	unsigned char  oidc_seen[CONFIG_OIDC__MAX][CONFIG_OIDC_NKEYS];
	unsigned int  *table_seen; /* the registered tables' keys, in order */
	char	      *err;
	size_t	       errlen;
	int	       failed;
	char	       site_last[CONFIG_SITE_SECTION_MAX]; /* section */
};

/* Whether k is the key called name (its first n bytes) of section. */
static int
key_is(
    const struct config_key *k, const char *section, const char *name, size_t n)
{
	return !strcmp(k->section, section) && strlen(k->name) == n &&
	    !strncmp(k->name, name, n);
}

/*
 * Find the key called name (its first n bytes) in section: among the
 * program's own, then in the registered tables: a key is known only in
 * the table that declares it.  Sets *base to where its value goes and
 * *seen to its seen bits.  Returns the key, or NULL.
 */
static const struct config_key *
find_key(struct load_state *st, const char *section, const char *name, size_t n,
    char **base, unsigned int **seen)
{
	const struct config_key *k;
	size_t			 i;

	for (i = 0; i < NKEYS; i++)
		if (key_is(&keys[i], section, name, n)) {
			*base = (char *)st->cfg;
			*seen = &st->seen[i];
			return &keys[i];
		}
	for (i = 0; (k = config_table_key_at(st->cfg, i, base)) != NULL; i++)
		if (key_is(k, section, name, n)) {
			*seen = &st->table_seen[i];
			return k;
		}
	return NULL;
}

/*
 * inih handler: find the key, set it, record the first problem.
 * Returns 1 to go on, 0 to make ini_parse report this line.
 */
static int
config_handler(
    void *user, const char *section, const char *name, const char *value)
{
	struct load_state	*st = user;
	const struct config_key *k;
	const char		*why, *dot;
	char			*base;
	unsigned int		*seen;
	size_t			 n;
	int			 lang = 0;

	switch (config_site_key(
	    st->site_last, st->cfg, section, name, value, &why)) {
	case 1:
		return 1;
	case -1:
		goto fail;
	default:
		break;
	}
	if (strncmp(section, "oidc.", 5) == 0) {
		if ((why = config_oidc_key(
			 st->cfg, st->oidc_seen, section, name, value)) == NULL)
			return 1;
		goto fail;
	}
	n = (dot = strchr(name, '.')) != NULL ? (size_t)(dot - name)
					      : strlen(name);
	k = find_key(st, section, name, n, &base, &seen);
	if (k == NULL || (dot != NULL && k->type != KT_TEXT))
		why = "unknown key";
	else if (dot != NULL && (lang = lang_index(dot + 1)) == -1)
		why = "unknown language after the dot (see lang.c)";
	else if (*seen & (1u << lang))
		why = "given twice";
	else {
		if (dot != NULL) {
			config_set_text(base, k, lang, value);
			why = NULL;
		} else
			why = config_set(st->cfg, base, k, value);
		if (why == NULL) {
			*seen |= 1u << lang;
			return 1;
		}
	}
fail:
	if (!st->failed)
		snprintf(
		    st->err, st->errlen, "[%s] %s: %s", section, name, why);
	st->failed = 1;
	return 0;
}

/* Set key k at base to its default, if any.  0, or -1 with err set. */
static int
set_default(struct load_state *st, char *base, const struct config_key *k)
{
	const char *why;

	if (k->dflt == NULL ||
	    (why = config_set(st->cfg, base, k, k->dflt)) == NULL)
		return 0;
	snprintf(st->err, st->errlen, "default [%s] %s: %s", k->section,
	    k->name, why);
	return -1;
}

/*
 * Set every default, and the built-in English texts.
 */
static int
config_defaults(struct load_state *st)
{
	const struct config_key *k;
	char			*base;
	size_t			 i;

	for (i = 0; i < NKEYS; i++)
		if (set_default(st, (char *)st->cfg, &keys[i]) == -1)
			return -1;
	for (i = 0; (k = config_table_key_at(st->cfg, i, &base)) != NULL; i++)
		if (set_default(st, base, k) == -1)
			return -1;
	for (i = 0; i < sizeof(text_en) / sizeof(text_en[0]); i++)
		config_set_str(&((struct config_text *)((char *)st->cfg +
				     text_en[i].offset))
				    ->text[LANG_EN],
		    strdup(text_en[i].text));
	return 0;
}

/* 1 when the file gave [section] name (any language), else 0. */
static int
config_given(const struct load_state *st, const char *section, const char *name)
{
	size_t i;

	for (i = 0; i < NKEYS; i++)
		if (!strcmp(keys[i].section, section) &&
		    !strcmp(keys[i].name, name))
			return st->seen[i] != 0;
	return 0;
}

/*
 * [contact] escalation and the older escalate_after say the same thing:
 * one of them.  Returns 0 or -1 with err set.
 */
static int
config_check_escalation(const struct load_state *st, char *err, size_t errlen)
{
	if (config_given(st, "contact", "escalation") &&
	    config_given(st, "contact", "escalate_after")) {
		snprintf(err, errlen,
		    "[contact] escalate_after: give either "
		    "escalation (the steps) or escalate_after (one step to the "
		    "deputy), not both");
		return -1;
	}
	return 0;
}

/*
 * [sms] provider = X is providers = X; both given is a mistake.  Sets
 * sms_providers, and sms_provider to its first.  Returns 0, or -1 with
 * the reason in err.
 */
static int
config_providers(struct load_state *st, char *err, size_t errlen)
{
	struct config *cfg = st->cfg;

	if (cfg->sms_providers.n == 0) {
		(void)config_parse_words(
		    &cfg->sms_providers, cfg->sms_provider);
		return 0;
	}
	if (config_given(st, "sms", "provider")) {
		snprintf(err, errlen,
		    "[sms] provider and providers: give one of them "
		    "(provider = X is providers = X)");
		return -1;
	}
	config_set_str(&cfg->sms_provider, strdup(cfg->sms_providers.word[0]));
	return 0;
}

/* The first required key the file did not give, or NULL. */
static const struct config_key *
required_missing(const struct load_state *st)
{
	const struct config_key *k;
	char			*base;
	size_t			 i;

	for (i = 0; i < NKEYS; i++)
		if ((keys[i].flags & KEY_REQUIRED) && st->seen[i] == 0)
			return &keys[i];
	for (i = 0; (k = config_table_key_at(st->cfg, i, &base)) != NULL; i++)
		if ((k->flags & KEY_REQUIRED) && st->table_seen[i] == 0)
			return k;
	return NULL;
}

struct config *
config_load(const char *file, char *err, size_t errlen)
{
	struct load_state	 st;
	struct config		*cfg;
	const struct config_key *k;
	char			*slash;
	char			 msg[CONFIG_ERR_MAX];
	size_t			 i;
	int			 line;

	if ((cfg = calloc(1, sizeof(*cfg))) == NULL)
		fatal("calloc");
	cfg->path = strdup(file);
	cfg->dir = strdup(file);
	if ((slash = strrchr(cfg->dir, '/')) != NULL)
		*slash = '\0';
	else
		config_set_str(&cfg->dir, strdup("."));
	config_tables_alloc(cfg);
	memset(&st, 0, sizeof(st));
	st.cfg = cfg;
	for (i = 0; config_table_key_at(cfg, i, &slash) != NULL; i++)
		;
	if ((st.table_seen = calloc(i + 1, sizeof(*st.table_seen))) == NULL)
		fatal("calloc");
	st.err = msg;
	st.errlen = sizeof(msg);
	msg[0] = '\0';
	if (config_defaults(&st) == -1) {
		snprintf(err, errlen, "%s: %s", file, msg);
		goto fail;
	}
	if (config_check_lines(file, err, errlen) == -1)
		goto fail;
	line = ini_parse(file, config_handler, &st);
	if (line == -1) {
		snprintf(
		    err, errlen, "%s: cannot open: %s", file, strerror(errno));
		goto fail;
	} else if (line == -2) {
		snprintf(err, errlen, "%s: out of memory", file);
		goto fail;
	} else if (line > 0) {
		if (!st.failed)
			snprintf(msg, sizeof(msg), "syntax error");
		snprintf(err, errlen, "%s:%d: %s", file, line, msg);
		goto fail;
	}
	if (config_providers(&st, msg, sizeof(msg)) == -1) {
		snprintf(err, errlen, "%s: %s", file, msg);
		goto fail;
	}
	if ((k = required_missing(&st)) != NULL) {
		snprintf(err, errlen, "%s: [%s] %s: required key missing", file,
		    k->section, k->name);
		goto fail;
	}
	for (i = 0; i < CONFIG_OIDC__MAX; i++)
		if (cfg->oidc[i].present &&
		    config_oidc_check(
			&cfg->oidc[i], st.oidc_seen[i], msg, sizeof(msg)) == -1)
			break;
	if (i < CONFIG_OIDC__MAX ||
	    config_check_escalation(&st, msg, sizeof(msg)) == -1 ||
	    config_cross_check(cfg, msg, sizeof(msg)) == -1) {
		snprintf(err, errlen, "%s: %s", file, msg);
		goto fail;
	}
	free(st.table_seen);
	return cfg;
fail:
	free(st.table_seen);
	config_free(cfg);
	return NULL;
}

void
config_free(struct config *cfg)
{
	const struct config_table *t;
	size_t			   i;

	if (cfg == NULL)
		return;
	config_free_fields((char *)cfg, keys, NKEYS);
	for (i = 0; cfg->tables != NULL && sms_provider_at(i) != NULL; i++) {
		if ((t = sms_provider_at(i)->config) != NULL &&
		    cfg->tables[i] != NULL)
			config_free_fields(cfg->tables[i], t->keys, t->nkeys);
		free(cfg->tables[i]);
	}
	free(cfg->tables);
	config_site_free(cfg);
	config_oidc_free(cfg);
	free(cfg->path);
	free(cfg->dir);
	free(cfg);
}

const char *
config_text(const struct config_text *t, const char *lang)
{
	int i = lang_index(lang);

	if (i == LANG_DA)
		return t->text[LANG_DA];
	if (i > 0 && t->text[i] != NULL)
		return t->text[i];
	return t->text[LANG_EN];
}

const char *
config_text_lang(const struct config_text *t, const char *lang)
{
	int i = lang_index(lang);

	if (i == LANG_DA)
		return t->text[LANG_DA] != NULL ? lang_at(LANG_DA)->code : NULL;
	if (i > 0 && t->text[i] != NULL)
		return lang_at((size_t)i)->code;
	return t->text[LANG_EN] != NULL ? lang_at(LANG_EN)->code : NULL;
}

const char *
config_key_at(size_t i, const char **section)
{
	const struct config_key *k;
	const char		*name;
	char			*base;
	size_t			 n;

	if (i < NKEYS) {
		*section = keys[i].section;
		return keys[i].name;
	}
	for (n = 0; config_table_key_at(NULL, n, &base) != NULL; n++)
		;
	if (i < NKEYS + n) {
		k = config_table_key_at(NULL, i - NKEYS, &base);
		*section = k->section;
		return k->name;
	}
	if ((name = config_oidc_key_name(i - NKEYS - n)) != NULL)
		*section = "oidc.staff";
	return name;
}

int
config_sends_with(const struct config *cfg, const char *name)
{
	size_t i;

	for (i = 0; i < cfg->sms_providers.n; i++)
		if (strcmp(cfg->sms_providers.word[i], name) == 0)
			return 1;
	return 0;
}

const char *
config_private_path(const struct config *cfg, size_t i)
{
	const struct config_key *k;
	char			*base;
	const char		*path;
	size_t			 n;

	for (n = 0; (k = config_table_key_at(cfg, n, &base)) != NULL; n++) {
		if (!(k->flags & KEY_PRIVATE) || i-- > 0)
			continue;
		path = *(char *const *)(base + k->offset);
		return path != NULL ? path : "";
	}
	return NULL;
}

void
config_dump(const struct config *cfg)
{
	const struct config_key *k;
	char			*base;
	size_t			 i;

	for (i = 0; i < NKEYS; i++)
		config_dump_key(cfg, (const char *)cfg, &keys[i]);
	for (i = 0; (k = config_table_key_at(cfg, i, &base)) != NULL; i++)
		config_dump_key(cfg, base, k);
	config_dump_oidc(cfg);
	config_site_dump(cfg);
}
