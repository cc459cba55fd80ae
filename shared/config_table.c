/*
 * config_table.c - the generic part of reading keys: walking the
 * registered tables (config_key.h), checking and storing a value by its
 * key's type (the value parsers: numbers, durations, HH:MM, host:port,
 * reminder rules, word and day lists, escalation steps), freeing the
 * values and printing them back for config_dump().  It knows no key by
 * name; config.c and config_oidc.c hold the tables.
 */
#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "clock.h"
#include "config.h"
#include "config_int.h"
#include "config_key.h"
#include "country.h"
#include "log.h"
#include "phone.h"
#include "sms_provider.h"

/*
 * The k-th key of the registered tables (the SMS providers', counted
 * across them all in the order of sms_provider_list.h), with where its
 * value is in cfg into *base; NULL past the last.
 */
const struct config_key *
config_table_key_at(const struct config *cfg, size_t k, char **base)
{
	const struct config_table *t;
	size_t			   i;

	for (i = 0; sms_provider_at(i) != NULL; i++) {
		if ((t = sms_provider_at(i)->config) == NULL)
			continue;
		if (k < t->nkeys) {
			*base = cfg != NULL ? cfg->tables[i] : NULL;
			return &t->keys[k];
		}
		k -= t->nkeys;
	}
	return NULL;
}

/* Make room for the values of every registered table in cfg. */
void
config_tables_alloc(struct config *cfg)
{
	const struct config_table *t;
	size_t			   i, n;

	for (n = 0; sms_provider_at(n) != NULL; n++)
		;
	if ((cfg->tables = calloc(n + 1, sizeof(*cfg->tables))) == NULL)
		fatal("calloc");
	for (i = 0; i < n; i++)
		if ((t = sms_provider_at(i)->config) != NULL &&
		    (cfg->tables[i] = calloc(1, t->size)) == NULL)
			fatal("calloc");
}

const void *
config_table_data(const struct config *cfg, const struct config_table *t)
{
	size_t i;

	for (i = 0; sms_provider_at(i) != NULL; i++)
		if (sms_provider_at(i)->config == t)
			return cfg->tables[i];
	return NULL;
}

/*
 * Fill buf with a copy of the file name made absolute against dir.
 * Returns a malloc'd string.
 */
static char *
config_abspath(const char *dir, const char *name)
{
	struct buf b = { 0 };

	if (name[0] == '/' || dir == NULL)
		return strdup(name);
	buf_printf(&b, "%s/%s", dir, name);
	return buf_take(&b);
}

int
config_parse_hhmm(const char *s, int *minutes)
{
	int h, m;

	if (strlen(s) != 5 || s[2] != ':')
		return -1;
	if (s[0] < '0' || s[0] > '2' || s[1] < '0' || s[1] > '9' ||
	    s[3] < '0' || s[3] > '5' || s[4] < '0' || s[4] > '9')
		return -1;
	h = (s[0] - '0') * 10 + (s[1] - '0');
	m = (s[3] - '0') * 10 + (s[4] - '0');
	if (h > 23)
		return -1;
	*minutes = h * 60 + m;
	return 0;
}

/*
 * Parse a bounded non-negative decimal number; the whole string must be
 * digits.  Returns 0 and sets *out, or -1.
 */
static int
parse_long(const char *s, long min, long max, long *out)
{
	char *end;
	long  v;
	int   neg = (s[0] == '-');

	if (s[0] == '\0' || (!neg && (s[0] < '0' || s[0] > '9')))
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

int
config_parse_duration(const char *s, int *secs)
{
	char   num[16];
	size_t n = strlen(s);
	long   v, mult = 1;

	if (n == 0 || n >= sizeof(num))
		return -1;
	memcpy(num, s, n + 1);
	switch (num[n - 1]) {
	case 's':
		mult = 1;
		num[n - 1] = '\0';
		break;
	case 'm':
		mult = 60;
		num[n - 1] = '\0';
		break;
	case 'h':
		mult = 3600;
		num[n - 1] = '\0';
		break;
	case 'd':
		mult = 86400;
		num[n - 1] = '\0';
		break;
	default:
		break;
	}
	if (parse_long(num, 0, INT_MAX / mult, &v) == -1)
		return -1;
	*secs = (int)(v * mult);
	return 0;
}

int
config_parse_listen(const char *s, char *host, size_t hostlen, int *port)
{
	const char *colon;
	size_t	    hl;
	long	    p;

	colon = strrchr(s, ':');
	if (colon == NULL || colon == s)
		return -1;
	hl = (size_t)(colon - s);
	if (s[0] == '[') {
		if (colon[-1] != ']')
			return -1;
		s++;
		hl -= 2;
	}
	if (hl == 0 || hl >= hostlen)
		return -1;
	if (parse_long(colon + 1, 0, 65535, &p) == -1)
		return -1;
	memcpy(host, s, hl);
	host[hl] = '\0';
	*port = (int)p;
	return 0;
}

/*
 * Parse one reminder rule ("day_before@16:00", "same_day@08:30",
 * "hours_before=2").  Returns 0 or -1.
 */
static int
parse_rule(const char *s, struct reminder_rule *r)
{
	long hours;

	if (strncmp(s, "day_before@", 11) == 0) {
		r->kind = RULE_DAY_BEFORE;
		if (config_parse_hhmm(s + 11, &r->minutes) == -1)
			return -1;
	} else if (strncmp(s, "same_day@", 9) == 0) {
		r->kind = RULE_SAME_DAY;
		if (config_parse_hhmm(s + 9, &r->minutes) == -1)
			return -1;
	} else if (strncmp(s, "hours_before=", 13) == 0) {
		r->kind = RULE_HOURS_BEFORE;
		if (parse_long(s + 13, 1, 168, &hours) == -1)
			return -1;
		r->minutes = (int)hours * 60;
	} else
		return -1;
	snprintf(r->name, sizeof(r->name), "%s", s);
	return 0;
}

/*
 * Parse the comma-separated rule list into cfg.  Returns NULL or the
 * reason.
 */
static const char *
parse_rules(struct config *cfg, const char *value)
{
	char	    item[sizeof(((struct reminder_rule *)0)->name)];
	const char *p = value, *end;
	size_t	    n;

	cfg->nrules = 0;
	while (*p != '\0') {
		while (*p == ' ' || *p == ',')
			p++;
		if (*p == '\0')
			break;
		end = p + strcspn(p, ",");
		n = (size_t)(end - p);
		while (n > 0 && p[n - 1] == ' ')
			n--;
		if (n >= sizeof(item))
			return "rule too long";
		memcpy(item, p, n);
		item[n] = '\0';
		if (cfg->nrules == CONFIG_MAX_RULES)
			return "too many rules (at most 8)";
		if (parse_rule(item, &cfg->rules[cfg->nrules]) == -1)
			return "expected day_before@HH:MM, same_day@HH:MM or "
			       "hours_before=N (1-168)";
		cfg->nrules++;
		p = end;
	}
	return NULL;
}

/*
 * Set *field to a copy of value (freeing the old one).
 */
void
config_set_str(char **field, char *value)
{
	free(*field);
	*field = value;
}

/* Free a word list and empty it. */
static void
words_free(struct config_words *w)
{
	size_t i;

	for (i = 0; i < w->n; i++)
		free(w->word[i]);
	free(w->word);
	w->word = NULL;
	w->n = 0;
}

/*
 * Parse a comma-separated list of words into w (replacing it); blanks
 * around each word are dropped, empty items skipped.  Returns NULL or the
 * reason.
 */
const char *
config_parse_words(struct config_words *w, const char *value)
{
	const char *p = value, *end;
	size_t	    n;

	words_free(w);
	while (*p != '\0') {
		p += strspn(p, " \t,");
		if (*p == '\0')
			break;
		end = p + strcspn(p, ",");
		n = (size_t)(end - p);
		while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
			n--;
		if (n > 64)
			return "a word longer than 64 bytes";
		if ((w->word = reallocarray(
			 w->word, w->n + 1, sizeof(*w->word))) == NULL ||
		    (w->word[w->n] = strndup(p, n)) == NULL)
			fatal("%s", __func__);
		w->n++;
		p = end;
	}
	return NULL;
}

/* Free a day list and empty it. */
static void
days_free(struct config_days *d)
{
	free(d->day);
	d->day = NULL;
	d->n = 0;
}

/*
 * Parse one day, "YYYY-MM-DD" or "MM-DD" (every year), into *d.
 * Returns 0, or -1 when it is no real date.
 */
static int
parse_day(const char *s, struct config_day *d)
{
	size_t n = strlen(s), i;
	int    v[3] = { 0, 0, 0 };

	if (n != 10 && n != 5)
		return -1;
	for (i = 0; i < n; i++)
		if ((s[i] == '-') != (i == n - 3 || i == n - 6) ||
		    (s[i] != '-' && (s[i] < '0' || s[i] > '9')))
			return -1;
	if (n == 10)
		v[0] = (s[0] - '0') * 1000 + (s[1] - '0') * 100 +
		    (s[2] - '0') * 10 + (s[3] - '0');
	v[1] = (s[n - 5] - '0') * 10 + (s[n - 4] - '0');
	v[2] = (s[n - 2] - '0') * 10 + (s[n - 1] - '0');
	/* "MM-DD" has year 0, a leap year: 02-29 is a day of some years. */
	if ((n == 10 && v[0] < 1970) || v[2] < 1 ||
	    v[2] > clock_days_in_month(v[0], v[1]))
		return -1;
	*d = (struct config_day){ v[0], v[1], v[2] };
	return 0;
}

/*
 * Parse a comma-separated list of days into d (replacing it).  Returns
 * NULL or the reason.
 */
static const char *
parse_days(struct config_days *d, const char *value)
{
	struct config_words w = { NULL, 0 };
	const char	   *why;
	size_t		    i;

	days_free(d);
	if ((why = config_parse_words(&w, value)) == NULL && w.n > 0) {
		if ((d->day = calloc(w.n, sizeof(*d->day))) == NULL)
			fatal("%s", __func__);
		for (i = 0; i < w.n && why == NULL; i++)
			if (parse_day(w.word[i], &d->day[d->n++]) == -1)
				why = "expected dates as YYYY-MM-DD or MM-DD "
				      "(every year), separated by commas";
	}
	words_free(&w);
	if (why != NULL)
		days_free(d);
	return why;
}

/*
 * Parse a comma-separated list of ISO country codes into w (replacing
 * it), each one country.c knows.  Returns NULL or the reason.
 */
static const char *
parse_countries(struct config_words *w, const char *value)
{
	const char *why;
	size_t	    i;

	if ((why = config_parse_words(w, value)) != NULL)
		return why;
	for (i = 0; i < w->n; i++)
		if (country_calling_code(w->word[i]) == NULL) {
			words_free(w);
			return "expected ISO country codes country.c "
			       "knows: DK, FO, GL, SE, NO, FI, IS, DE, NL, PL, GB";
		}
	return NULL;
}

/*
 * Parse one escalation step, "4h deputy", into the next free place of
 * esc.  Returns NULL or the reason.
 */
static const char *
parse_escalation_step(struct escalation *esc, const char *item)
{
	struct escalation_step *st = &esc->step[esc->n];
	char			when[16];
	size_t			n = strcspn(item, " \t");
	int			secs;

	if (item[n] == '\0' || n >= sizeof(when))
		return "expected steps such as 4h deputy, 8h team, "
		       "24h coordinator";
	memcpy(when, item, n);
	when[n] = '\0';
	if (config_parse_duration(when, &secs) == -1 ||
	    secs < ESCALATION_MIN_AFTER || secs > ESCALATION_MAX_AFTER)
		return "a step's time: a duration such as 30m, 4h or 2d, "
		       "from 1m to 30d";
	if (esc->n > 0 && secs <= esc->step[esc->n - 1].after)
		return "each step must come later than the one before";
	if (escalation_target_parse(item + n + strspn(item + n, " \t"), st) ==
	    -1)
		return "a step goes to deputy, team, coordinator or a "
		       "mobile number";
	st->after = secs;
	esc->n++;
	return NULL;
}

/*
 * Parse the comma-separated escalation steps into esc (replacing them).
 * Returns NULL or the reason.
 */
static const char *
parse_escalation(struct escalation *esc, const char *value)
{
	struct config_words w = { NULL, 0 };
	const char	   *why;
	size_t		    i;

	esc->n = 0;
	if ((why = config_parse_words(&w, value)) == NULL && w.n == 0)
		why = "expected at least one step, e.g. 4h deputy";
	if (why == NULL && w.n > ESCALATION_MAX_STEPS)
		why = "too many steps (at most 8)";
	for (i = 0; i < w.n && why == NULL; i++)
		why = parse_escalation_step(esc, w.word[i]);
	words_free(&w);
	if (why != NULL)
		esc->n = 0;
	return why;
}

/*
 * Parse a comma-separated list of SMS provider names into w (replacing
 * it): each one registered (sms_provider.h), none twice.  Returns NULL
 * or the reason.
 */
static const char *
parse_providers(struct config_words *w, const char *value)
{
	const char *why = NULL;
	size_t	    i, j;

	if ((why = config_parse_words(w, value)) != NULL)
		return why;
	if (w->n == 0)
		why = "expected one provider or more, separated by commas";
	for (i = 0; i < w->n && why == NULL; i++) {
		if (sms_provider_find(w->word[i]) == NULL)
			why = "not one of the allowed words";
		for (j = 0; j < i && why == NULL; j++)
			if (strcmp(w->word[i], w->word[j]) == 0)
				why = "a provider named twice";
	}
	if (why != NULL)
		words_free(w);
	return why;
}

/* Set the language-lang text of KT_TEXT key k at base to a copy of value. */
void
config_set_text(
    char *base, const struct config_key *k, int lang, const char *value)
{
	struct config_text *t = (struct config_text *)(base + k->offset);

	config_set_str(&t->text[lang], strdup(value));
}

/*
 * Check value against key k and store it at base (cfg, or one of its
 * sections) + k's offset.  Returns NULL on success or a short reason.
 */
const char *
config_set(struct config *cfg, char *base, const struct config_key *k,
    const char *value)
{
	char	       host[256], phone[PHONE_MAX];
	long	       v;
	int	       iv, a, b;
	const char    *p;
	size_t	       n;
	enum phone_err pe;

	switch (k->type) {
	case KT_STR:
		config_set_str((char **)(base + k->offset), strdup(value));
		return NULL;
	case KT_PATH:
		if (value[0] == '\0')
			return "empty file name";
		config_set_str((char **)(base + k->offset),
		    config_abspath(cfg->dir, value));
		return NULL;
	case KT_INT:
		if (parse_long(value, k->min, k->max, &v) == -1)
			return "expected a whole number in range";
		*(int *)(base + k->offset) = (int)v;
		return NULL;
	case KT_BOOL:
		if (!strcmp(value, "yes") || !strcmp(value, "true") ||
		    !strcmp(value, "on") || !strcmp(value, "1"))
			*(int *)(base + k->offset) = 1;
		else if (!strcmp(value, "no") || !strcmp(value, "false") ||
		    !strcmp(value, "off") || !strcmp(value, "0"))
			*(int *)(base + k->offset) = 0;
		else
			return "expected yes or no";
		return NULL;
	case KT_DURATION:
		if (config_parse_duration(value, &iv) == -1 || iv < k->min ||
		    iv > k->max)
			return "expected a duration such as 30m, 4h or 2d, in range";
		*(int *)(base + k->offset) = iv;
		return NULL;
	case KT_PHONE:
	case KT_CALLABLE:
		pe = k->type == KT_PHONE
		    ? phone_normalize(value, phone)
		    : phone_normalize_callable(value, phone);
		if (pe != PHONE_OK)
			return phone_strerror(pe);
		config_set_str((char **)(base + k->offset), strdup(phone));
		return NULL;
	case KT_NUMBER:
		if ((pe = phone_normalize(value, phone)) == PHONE_OK) {
			config_set_str(
			    (char **)(base + k->offset), strdup(phone));
			return NULL;
		}
		n = strlen(value);
		if (value[0] != '+' || n < 9 || n > 16 ||
		    strspn(value + 1, "0123456789") != n - 1 || value[1] == '0')
			return "expected a number in E.164 form, e.g. +4512345678";
		config_set_str((char **)(base + k->offset), strdup(value));
		return NULL;
	case KT_CHOICE:
		n = strlen(value);
		for (p = k->choices; *p != '\0';
		     p += strcspn(p, " "), p += (*p == ' ')) {
			if (strncmp(p, value, n) == 0 &&
			    (p[n] == ' ' || p[n] == '\0') && n > 0) {
				config_set_str(
				    (char **)(base + k->offset), strdup(value));
				return NULL;
			}
		}
		return "not one of the allowed words";
	case KT_PROVIDER:
		if (sms_provider_find(value) == NULL)
			return "not one of the allowed words";
		config_set_str((char **)(base + k->offset), strdup(value));
		return NULL;
	case KT_PROVIDERS:
		return parse_providers(
		    (struct config_words *)(base + k->offset), value);
	case KT_LISTEN:
		if (config_parse_listen(value, host, sizeof(host), &iv) == -1)
			return "expected HOST:PORT, e.g. 127.0.0.1:8025";
		config_set_str((char **)(base + k->offset), strdup(value));
		return NULL;
	case KT_URL:
		if (strncmp(value, "http://", 7) != 0 &&
		    strncmp(value, "https://", 8) != 0)
			return "expected a URL starting with http:// or https://";
		n = strlen(value);
		config_set_str((char **)(base + k->offset), strdup(value));
		/* No trailing slash: paths are appended. */
		p = *(char **)(base + k->offset);
		if (n > 8 && p[n - 1] == '/')
			((char *)p)[n - 1] = '\0';
		return NULL;
	case KT_HOURS:
		if (strlen(value) != 11 || value[5] != '-')
			return "expected HH:MM-HH:MM";
		memcpy(host, value, 5);
		host[5] = '\0';
		if (config_parse_hhmm(host, &a) == -1 ||
		    config_parse_hhmm(value + 6, &b) == -1 || a >= b)
			return "expected HH:MM-HH:MM with the start before the end";
		*(int *)(base + k->offset) = a;
		*(int *)(base + k->offset2) = b;
		return NULL;
	case KT_RULES:
		return parse_rules(cfg, value);
	case KT_TEXT:
		config_set_text(base, k, LANG_DA, value);
		return NULL;
	case KT_WORDS:
		return config_parse_words(
		    (struct config_words *)(base + k->offset), value);
	case KT_DAYS:
		return parse_days(
		    (struct config_days *)(base + k->offset), value);
	case KT_COUNTRIES:
		return parse_countries(
		    (struct config_words *)(base + k->offset), value);
	case KT_DATE:
		if (clock_parse_date(value, &a, &b, &iv) == -1)
			return "expected a real date, YYYY-MM-DD";
		config_set_str((char **)(base + k->offset), strdup(value));
		return NULL;
	case KT_ESCALATION:
		return parse_escalation(
		    (struct escalation *)(base + k->offset), value);
	}
	return "unknown key type";
}

/* Free the text values of the n keys in table, stored at base. */
void
config_free_fields(char *base, const struct config_key *table, size_t n)
{
	size_t i, l;

	for (i = 0; i < n; i++) {
		switch (table[i].type) {
		case KT_STR:
		case KT_PATH:
		case KT_PHONE:
		case KT_CALLABLE:
		case KT_NUMBER:
		case KT_CHOICE:
		case KT_LISTEN:
		case KT_URL:
		case KT_DATE:
		case KT_PROVIDER:
			free(*(char **)(base + table[i].offset));
			break;
		case KT_TEXT:
			for (l = 0; l < LANG_MAX; l++)
				free(((struct config_text *)(base +
					  table[i].offset))
					 ->text[l]);
			break;
		case KT_WORDS:
		case KT_COUNTRIES:
		case KT_PROVIDERS:
			words_free(
			    (struct config_words *)(base + table[i].offset));
			break;
		case KT_DAYS:
			days_free(
			    (struct config_days *)(base + table[i].offset));
			break;
		default:
			break;
		}
	}
}

/*
 * Print the Danish text of k (the line "[s] k = " is already out), then a
 * line for every other language given.
 */
static void
dump_text(const struct config_key *k, const struct config_text *t)
{
	const struct lang *l;
	size_t		   i;

	printf("%s\n", t->text[LANG_DA] ? t->text[LANG_DA] : "(not set)");
	for (i = 1; (l = lang_at(i)) != NULL; i++)
		if (t->text[i] != NULL)
			printf("[%s] %s.%s = %s\n", k->section, k->name,
			    l->code, t->text[i]);
}

/* Print the escalation steps as they would be written. */
static void
dump_escalation(const struct escalation *esc)
{
	char   step[64];
	size_t i;

	if (esc->n == 0)
		printf("(not set)");
	for (i = 0; i < esc->n; i++) {
		escalation_step_format(&esc->step[i], step, sizeof(step));
		printf("%s%s", i ? ", " : "", step);
	}
	printf("\n");
}

/* Print a day list as it would be written. */
static void
dump_days(const struct config_days *d)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		if (d->day[i].year != 0)
			printf("%s%04d-%02d-%02d", i ? ", " : "",
			    d->day[i].year, d->day[i].month, d->day[i].day);
		else
			printf("%s%02d-%02d", i ? ", " : "", d->day[i].month,
			    d->day[i].day);
	printf("\n");
}

/* Print key k, whose value is at base, as "[section] key = value". */
void
config_dump_key(
    const struct config *cfg, const char *base, const struct config_key *k)
{
	const char		  *s;
	const struct config_words *w;
	size_t			   r;

	printf("[%s] %s = ", k->section, k->name);
	switch (k->type) {
	case KT_INT:
	case KT_BOOL:
	case KT_DURATION:
		printf("%d\n", *(const int *)(base + k->offset));
		break;
	case KT_HOURS:
		printf("%02d:%02d-%02d:%02d\n",
		    *(const int *)(base + k->offset) / 60,
		    *(const int *)(base + k->offset) % 60,
		    *(const int *)(base + k->offset2) / 60,
		    *(const int *)(base + k->offset2) % 60);
		break;
	case KT_RULES:
		for (r = 0; r < cfg->nrules; r++)
			printf("%s%s", r ? ", " : "", cfg->rules[r].name);
		printf("\n");
		break;
	case KT_TEXT:
		dump_text(k, (const struct config_text *)(base + k->offset));
		break;
	case KT_WORDS:
	case KT_COUNTRIES:
	case KT_PROVIDERS:
		w = (const struct config_words *)(base + k->offset);
		for (r = 0; r < w->n; r++)
			printf("%s%s", r ? ", " : "", w->word[r]);
		printf("\n");
		break;
	case KT_DAYS:
		dump_days((const struct config_days *)(base + k->offset));
		break;
	case KT_ESCALATION:
		dump_escalation((const struct escalation *)(base + k->offset));
		break;
	default:
		s = *(char *const *)(base + k->offset);
		printf("%s\n", s ? s : "(not set)");
		break;
	}
}
