/*
 * keyword.c - the words an SMS may consist of (STOP, START, HJÆLP, OK):
 * folding a text into words and looking up the first.  See keyword.h.
 *
 * The text is folded into upper-case ASCII words: letters and digits are
 * kept, Latin-1 letters with accents lose them (Æ and Ä become AE, Ø and
 * Ö become OE, Å becomes AA, É becomes E ...), everything else separates
 * words.  The words are then looked up in a table.
 */
#include <stdint.h>
#include <string.h>

#include "keyword.h"

#define WORDS_MAX 3 /* "OK NR 12" at most */
#define WORD_MAX  16

struct folded {
	char   words[WORDS_MAX][WORD_MAX + 1];
	size_t nwords;
	int    overflow; /* too many or too long words */
};

static const struct {
	const char  *word;
	enum keyword kw;
} keywords[] = {
	{ "STOP", KEYWORD_STOP },
	{ "STOPP", KEYWORD_STOP },
	{ "AFMELD", KEYWORD_STOP },
	{ "START", KEYWORD_START },
	{ "HJAELP", KEYWORD_HELP },
	{ "HELP", KEYWORD_HELP },
	{ "INFO", KEYWORD_HELP },
	{ "OK", KEYWORD_OK },
};

static const char *const names[KEYWORD__MAX] = {
	[KEYWORD_NONE] = "none",
	[KEYWORD_STOP] = "stop",
	[KEYWORD_START] = "start",
	[KEYWORD_HELP] = "help",
	[KEYWORD_OK] = "ok",
};

/*
 * ASCII replacement for the Latin-1 letters U+00C0..U+00FF (upper and
 * lower case alike); NULL for the few that are not letters.
 */
static const char *const latin1[64] = {
	"A", "A", "A", "A", "AE", "AA", "AE", "C",  /* C0-C7 */
	"E", "E", "E", "E", "I", "I", "I", "I",	    /* C8-CF */
	"D", "N", "O", "O", "O", "O", "OE", NULL,   /* D0-D7 (D7: x) */
	"OE", "U", "U", "U", "UE", "Y", "TH", "SS", /* D8-DF */
	"A", "A", "A", "A", "AE", "AA", "AE", "C",  /* E0-E7 */
	"E", "E", "E", "E", "I", "I", "I", "I",	    /* E8-EF */
	"D", "N", "O", "O", "O", "O", "OE", NULL,   /* F0-F7 (F7: /) */
	"OE", "U", "U", "U", "UE", "Y", "TH", "Y",  /* F8-FF */
};

/*
 * Append the folded form of one character to the current word of f, or
 * end the word when rep is NULL.
 */
static void
fold_put(struct folded *f, const char *rep, int *inword)
{
	size_t cur, n;

	if (rep == NULL) {
		*inword = 0;
		return;
	}
	if (!*inword) {
		if (f->nwords == WORDS_MAX) {
			f->overflow = 1;
			return;
		}
		f->words[f->nwords++][0] = '\0';
		*inword = 1;
	}
	cur = f->nwords - 1;
	n = strlen(f->words[cur]);
	if (n + strlen(rep) > WORD_MAX) {
		f->overflow = 1;
		return;
	}
	memcpy(f->words[cur] + n, rep, strlen(rep) + 1);
}

/*
 * Read the character at s[*i] (advancing *i) and return its folded ASCII
 * form, or NULL for a separator.  c is a scratch buffer for one letter.
 */
static const char *
fold_char(const unsigned char *s, size_t len, size_t *i, char c[2])
{
	unsigned char b = s[*i];
	unsigned int  cp;

	(*i)++;
	if (b < 0x80) {
		if (b >= 'a' && b <= 'z')
			b -= 'a' - 'A';
		if ((b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9')) {
			c[0] = (char)b;
			c[1] = '\0';
			return c;
		}
		return NULL;
	}
	/* Two-byte sequences C3 80..C3 BF are U+00C0..U+00FF. */
	if (b == 0xc3 && *i < len && (s[*i] & 0xc0) == 0x80) {
		cp = 0xc0 + (s[*i] & 0x3f);
		(*i)++;
		return latin1[cp - 0xc0];
	}
	/* Anything else: skip its continuation bytes, treat as separator. */
	while (*i < len && (s[*i] & 0xc0) == 0x80)
		(*i)++;
	return NULL;
}

/* Fold text into f; returns 0, or -1 when it cannot be a keyword. */
static int
fold_words(const char *text, size_t len, struct folded *f)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t		     i = 0;
	int		     inword = 0;
	char		     c[2];

	memset(f, 0, sizeof(*f));
	if (len > KEYWORD_TEXT_MAX)
		return -1;
	while (i < len && !f->overflow)
		fold_put(f, fold_char(s, len, &i, c), &inword);
	return f->overflow || f->nwords == 0 ? -1 : 0;
}

/* See keyword.h. */
size_t
keyword_fold(const char *text, size_t len, char *out, size_t outlen)
{
	const unsigned char *s = (const unsigned char *)text;
	const char	    *rep;
	size_t		     i = 0, n = 0, k;
	char		     c[2];
	int		     sep = 0;

	while (i < len) {
		if ((rep = fold_char(s, len, &i, c)) == NULL) {
			sep = n > 0;
			continue;
		}
		if (sep) {
			if (n + 1 < outlen)
				out[n] = ' ';
			n++;
			sep = 0;
		}
		for (k = 0; rep[k] != '\0'; k++, n++)
			if (n + 1 < outlen)
				out[n] = rep[k];
	}
	out[n < outlen ? n : outlen - 1] = '\0';
	return n;
}

/* The keyword for one folded word, KEYWORD_NONE when none. */
static enum keyword
keyword_lookup(const char *word)
{
	size_t i;

	for (i = 0; i < sizeof(keywords) / sizeof(keywords[0]); i++)
		if (strcmp(keywords[i].word, word) == 0)
			return keywords[i].kw;
	return KEYWORD_NONE;
}

/* Parse 1-9 decimal digits into *n; 0 ok, -1 not a request number. */
static int
parse_number(const char *s, int64_t *n)
{
	size_t i;

	*n = 0;
	if (s[0] == '\0' || strlen(s) > 9)
		return -1;
	for (i = 0; s[i] != '\0'; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		*n = *n * 10 + (s[i] - '0');
	}
	return *n > 0 ? 0 : -1;
}

/*
 * The OK forms: "OK", "OK 12", "OK12", "OK NR 12".  Returns KEYWORD_OK
 * with *n set, or KEYWORD_NONE.
 */
static enum keyword
parse_ok(const struct folded *f, int64_t *n)
{
	const char *w0 = f->words[0];

	*n = 0;
	if (strncmp(w0, "OK", 2) != 0)
		return KEYWORD_NONE;
	if (f->nwords == 1 && w0[2] == '\0')
		return KEYWORD_OK;
	if (f->nwords == 1)
		return parse_number(w0 + 2, n) == 0 ? KEYWORD_OK : KEYWORD_NONE;
	if (w0[2] != '\0')
		return KEYWORD_NONE;
	if (f->nwords == 2)
		return parse_number(f->words[1], n) == 0 ? KEYWORD_OK
							 : KEYWORD_NONE;
	if (strcmp(f->words[1], "NR") == 0)
		return parse_number(f->words[2], n) == 0 ? KEYWORD_OK
							 : KEYWORD_NONE;
	return KEYWORD_NONE;
}

/* See keyword.h. */
enum keyword
keyword_parse(const char *text, size_t len, int64_t *number)
{
	struct folded f;
	enum keyword  kw;
	int64_t	      n = 0;

	if (number != NULL)
		*number = 0;
	if (text == NULL || fold_words(text, len, &f) == -1)
		return KEYWORD_NONE;
	if ((kw = parse_ok(&f, &n)) == KEYWORD_OK) {
		if (number != NULL)
			*number = n;
		return kw;
	}
	if (f.nwords != 1)
		return KEYWORD_NONE;
	kw = keyword_lookup(f.words[0]);
	return kw == KEYWORD_OK ? KEYWORD_NONE : kw;
}

/*
 * Short acknowledgements, folded as keyword_fold() folds them.  "Nej
 * tak" is not one: it may decline a meeting.
 */
static const char *const acks[] = {
	"OK",
	"OKAY",
	"OKI",
	"OK TAK",
	"OKAY TAK",
	"TAK",
	"MANGE TAK",
	"TUSIND TAK",
	"FINT",
	"FINT TAK",
	"DET ER FINT",
	"MODTAGET",
	"MODTAGET TAK",
	"SUPER",
	"SUPER TAK",
	"THANKS",
	"THANK YOU",
	"OK THANKS",
	"RECEIVED",
};

/* Emoji that acknowledge on their own (UTF-8): thumbs up, OK hand. */
static const char *const ack_emoji[] = {
	"\xf0\x9f\x91\x8d", /* U+1F44D thumbs up */
	"\xf0\x9f\x91\x8c", /* U+1F44C OK hand */
};

/* What may go with an emoji: skin tones, variation selector 16. */
static const char *const emoji_marks[] = {
	"\xf0\x9f\x8f\xbb", "\xf0\x9f\x8f\xbc", "\xf0\x9f\x8f\xbd",
	"\xf0\x9f\x8f\xbe", "\xf0\x9f\x8f\xbf", /* U+1F3FB..1F3FF */
	"\xef\xb8\x8f",				/* U+FE0F */
};

/* Length of the entry of table (n entries) that starts s, or 0. */
static size_t
match_any(
    const unsigned char *s, size_t len, const char *const *table, size_t n)
{
	size_t i, l;

	for (i = 0; i < n; i++) {
		l = strlen(table[i]);
		if (l <= len && memcmp(s, table[i], l) == 0)
			return l;
	}
	return 0;
}

/* See keyword.h. */
int
keyword_is_ack(const char *text, size_t len)
{
	const unsigned char *s = (const unsigned char *)text;
	struct folded	     f;
	char		     joined[WORDS_MAX * (WORD_MAX + 1)], c[2];
	size_t		     i = 0, k, n;
	int		     inword = 0, emoji = 0;

	memset(&f, 0, sizeof(f));
	if (text == NULL || len > KEYWORD_TEXT_MAX)
		return 0;
	while (i < len && !f.overflow) {
		if ((n = match_any(s + i, len - i, ack_emoji,
			 sizeof(ack_emoji) / sizeof(ack_emoji[0]))) > 0)
			emoji = 1;
		else
			n = match_any(s + i, len - i, emoji_marks,
			    sizeof(emoji_marks) / sizeof(emoji_marks[0]));
		if (n > 0) {
			i += n;
			inword = 0;
			continue;
		}
		/*
		 * Latin-1 (C2, C3) and general punctuation (E2 80, E2 81:
		 * quotes, dashes, "...") fold; any other symbol (a sad
		 * face ...) means more than "ok".
		 */
		if (s[i] >= 0x80 && s[i] != 0xc2 && s[i] != 0xc3 &&
		    !(s[i] == 0xe2 && i + 1 < len &&
			(s[i + 1] == 0x80 || s[i + 1] == 0x81)))
			return 0;
		fold_put(&f, fold_char(s, len, &i, c), &inword);
	}
	if (f.overflow)
		return 0;
	if (f.nwords == 0)
		return emoji;
	for (k = 0, n = 0; k < f.nwords; k++) {
		if (k > 0)
			joined[n++] = ' ';
		memcpy(joined + n, f.words[k], strlen(f.words[k]) + 1);
		n += strlen(f.words[k]);
	}
	for (k = 0; k < sizeof(acks) / sizeof(acks[0]); k++)
		if (strcmp(acks[k], joined) == 0)
			return 1;
	return 0;
}

/* See keyword.h. */
const char *
keyword_name(enum keyword kw)
{
	if ((unsigned)kw >= KEYWORD__MAX)
		return "none";
	return names[kw];
}
