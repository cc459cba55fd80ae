/*
 * config_key - what a table of configuration keys is made of.  config.c
 * holds the table of the program-wide keys; a part that owns its own keys
 * (an SMS provider, see smsprovider.h) declares them in its own file as a
 * struct config_table, and config.c walks every registered table the same
 * way (config_table.c stores, frees and prints a value by its type): same
 * types, same checks, same "FILE:LINE: [section] key: reason".
 */
#ifndef MENTOR_CONFIG_KEY_H
#define MENTOR_CONFIG_KEY_H

#include <stddef.h>

struct config;

enum key_type {
	KT_STR,	      /* any text */
	KT_PATH,      /* file name, made absolute against the config's folder */
	KT_INT,	      /* integer in [min, max] */
	KT_BOOL,      /* yes/no, true/false, on/off, 1/0 */
	KT_DURATION,  /* 90s, 30m, 4h, 2d; in [min, max] seconds */
	KT_PHONE,     /* a number we text, normalised to E.164 */
	KT_CALLABLE,  /* a number people call (70, 80, 90 too), E.164 */
	KT_NUMBER,    /* our own number: any E.164 shape (+ and 8-15 digits) */
	KT_CHOICE,    /* one of the words in choices */
	KT_LISTEN,    /* host:port */
	KT_URL,	      /* http:// or https:// */
	KT_HOURS,     /* HH:MM-HH:MM, two ints at offset and offset2 */
	KT_RULES,     /* reminder rules */
	KT_TEXT,      /* struct config_text: key = Danish, key.LANG = others */
	KT_WORDS,     /* struct config_words: comma-separated words */
	KT_DAYS,      /* struct config_days: YYYY-MM-DD or MM-DD, commas */
	KT_COUNTRIES, /* struct config_words: ISO codes country.c knows */
	KT_DATE,      /* a real date, YYYY-MM-DD */
	KT_PROVIDER,  /* a registered SMS provider's name (sms_provider.h) */
	KT_PROVIDERS, /* struct config_words: registered providers, once each */
	KT_ESCALATION /* struct escalation: "4h deputy, 8h team, ..." */
};

/* A key's flags; 1 in a table row is KEY_REQUIRED. */
#define KEY_REQUIRED 0x1 /* the file must give it */
#define KEY_PRIVATE  0x2 /* KT_PATH: a file only its owner may read */

struct config_key {
	const char   *section;
	const char   *name;
	enum key_type type;
	size_t	      offset;
	size_t	      offset2; /* KT_HOURS: end */
	long	      min, max;
	const char   *choices; /* KT_CHOICE: space-separated */
	const char   *dflt;    /* NULL: no default (optional or required) */
	int	      flags;   /* KEY_* */
};

/*
 * A table of keys a part of the tree owns.  Its values are stored in a
 * struct of size bytes that config_load() allocates (offsets point into
 * it); read it back with config_table_data().  Its keys may be in a
 * section of their own ([twilio]) or add to another ([sms] file_path);
 * a key name is known in its section only through the table that
 * declares it.
 */
struct config_table {
	const struct config_key *keys;
	size_t			 nkeys;
	size_t			 size;
	/*
	 * Rules across keys, after the whole file is read; NULL: none.
	 * data is the table's struct.  Returns NULL or the reason, which
	 * starts with "[section] key: ".
	 */
	const char *(*check)(const struct config *, const void *data);
};

/*
 * The values of table t in cfg (a struct of t->size bytes), or NULL when
 * t is not registered.  The caller casts it to the table's own struct.
 */
const void *config_table_data(
    const struct config *, const struct config_table *t);

#endif
