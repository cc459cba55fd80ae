/*
 * smstext.c - GSM-7 or UCS-2, units and parts of an SMS (see smstext.h).
 *
 * The tables are the Unicode Consortium's GSM0338.TXT mapping (based on
 * ETSI TS 100 900 v7.2.0), in GSM code order.  0x1B is the escape to the
 * extension table, not a character; the file's fallback mapping of it to
 * U+00A0 is deliberately left out, so a no-break space forces UCS-2.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "smstext.h"
#include "utf8.h"

#define ESCAPE	    0x110000u /* GSM 0x1B: matches no code point */
#define UNICODE_MAX 0x10ffffu
#define BMP_MAX	    0xffffu

/* Basic table: index is the GSM code (row comments give the first). */
static const unsigned int gsm_basic[128] = {
	/* 00 */ 0x0040,
	0x00a3,
	0x0024,
	0x00a5,
	0x00e8,
	0x00e9,
	0x00f9,
	0x00ec,
	/* 08 */ 0x00f2,
	0x00c7,
	0x000a,
	0x00d8,
	0x00f8,
	0x000d,
	0x00c5,
	0x00e5,
	/* 10 */ 0x0394,
	0x005f,
	0x03a6,
	0x0393,
	0x039b,
	0x03a9,
	0x03a0,
	0x03a8,
	/* 18 */ 0x03a3,
	0x0398,
	0x039e,
	ESCAPE,
	0x00c6,
	0x00e6,
	0x00df,
	0x00c9,
	/* 20 */ 0x0020,
	0x0021,
	0x0022,
	0x0023,
	0x00a4,
	0x0025,
	0x0026,
	0x0027,
	/* 28 */ 0x0028,
	0x0029,
	0x002a,
	0x002b,
	0x002c,
	0x002d,
	0x002e,
	0x002f,
	/* 30 */ 0x0030,
	0x0031,
	0x0032,
	0x0033,
	0x0034,
	0x0035,
	0x0036,
	0x0037,
	/* 38 */ 0x0038,
	0x0039,
	0x003a,
	0x003b,
	0x003c,
	0x003d,
	0x003e,
	0x003f,
	/* 40 */ 0x00a1,
	0x0041,
	0x0042,
	0x0043,
	0x0044,
	0x0045,
	0x0046,
	0x0047,
	/* 48 */ 0x0048,
	0x0049,
	0x004a,
	0x004b,
	0x004c,
	0x004d,
	0x004e,
	0x004f,
	/* 50 */ 0x0050,
	0x0051,
	0x0052,
	0x0053,
	0x0054,
	0x0055,
	0x0056,
	0x0057,
	/* 58 */ 0x0058,
	0x0059,
	0x005a,
	0x00c4,
	0x00d6,
	0x00d1,
	0x00dc,
	0x00a7,
	/* 60 */ 0x00bf,
	0x0061,
	0x0062,
	0x0063,
	0x0064,
	0x0065,
	0x0066,
	0x0067,
	/* 68 */ 0x0068,
	0x0069,
	0x006a,
	0x006b,
	0x006c,
	0x006d,
	0x006e,
	0x006f,
	/* 70 */ 0x0070,
	0x0071,
	0x0072,
	0x0073,
	0x0074,
	0x0075,
	0x0076,
	0x0077,
	/* 78 */ 0x0078,
	0x0079,
	0x007a,
	0x00e4,
	0x00f6,
	0x00f1,
	0x00fc,
	0x00e0,
};

/* Extension table, by GSM code ESC + 0xNN: 2 septets each. */
static const unsigned int gsm_extension[] = {
	0x000c, /* 0x0A FORM FEED */
	0x005e, /* 0x14 ^ */
	0x007b, /* 0x28 { */
	0x007d, /* 0x29 } */
	0x005c, /* 0x2F REVERSE SOLIDUS */
	0x005b, /* 0x3C [ */
	0x007e, /* 0x3D ~ */
	0x005d, /* 0x3E ] */
	0x007c, /* 0x40 | */
	0x20ac, /* 0x65 EURO SIGN */
};

static const char *const smstext_errors[SMSTEXT__MAX] = {
	[SMSTEXT_OK] = "ok",
	[SMSTEXT_BADUTF8] = "the text is not valid UTF-8",
	[SMSTEXT_EMPTY] = "the text is empty",
};

static const char *const encoding_names[] = {
	[SMSTEXT_GSM7] = "GSM-7",
	[SMSTEXT_UCS2] = "UCS-2",
};

/* Units and parts of the text under one encoding. */
struct counter {
	size_t units;
	size_t parts;  /* if concatenated */
	size_t fill;   /* units in the last part */
	size_t single; /* units that fit in one SMS */
	size_t part;   /* units per part when concatenated */
};

/* Distinct code points that force UCS-2. */
struct nongsm {
	struct smstext_info *info;
	unsigned char	    *seen; /* bitmap, only past the first 16 */
};

const char *
smstext_strerror(enum smstext_err err)
{
	if ((unsigned int)err >= SMSTEXT__MAX)
		return "unknown text error";
	return smstext_errors[err];
}

const char *
smstext_encoding_name(enum smstext_encoding enc)
{
	if (enc == SMSTEXT_UCS2)
		return encoding_names[SMSTEXT_UCS2];
	return encoding_names[SMSTEXT_GSM7];
}

static int	      gsm_septets_search(unsigned int);
static unsigned char  latin1_septets[256];
static pthread_once_t latin1_once = PTHREAD_ONCE_INIT;

/*
 * Fill latin1_septets from the GSM tables.
 */
static void
latin1_build(void)
{
	unsigned int cp;

	for (cp = 0; cp < 256; cp++)
		latin1_septets[cp] = (unsigned char)gsm_septets_search(cp);
}

int
smstext_gsm_septets(unsigned int cp)
{
	/* Most texts are Latin-1: look those up in a table built once. */
	if (cp < 256) {
		pthread_once(&latin1_once, latin1_build);
		return latin1_septets[cp];
	}
	return gsm_septets_search(cp);
}

/*
 * Search the GSM tables for cp: 1 (basic), 2 (extension) or 0.
 */
static int
gsm_septets_search(unsigned int cp)
{
	size_t i;

	for (i = 0; i < sizeof(gsm_basic) / sizeof(gsm_basic[0]); i++)
		if (gsm_basic[i] == cp)
			return 1;
	for (i = 0; i < sizeof(gsm_extension) / sizeof(gsm_extension[0]); i++)
		if (gsm_extension[i] == cp)
			return 2;
	return 0;
}

/*
 * Count a character of w units; it starts a new part rather than being
 * split across two.
 */
static void
counter_add(struct counter *c, size_t w)
{
	c->units += w;
	if (c->fill + w > c->part) {
		c->parts++;
		c->fill = 0;
	}
	c->fill += w;
}

/* Parts needed for what was counted. */
static size_t
counter_segments(const struct counter *c)
{
	return c->units <= c->single ? 1 : c->parts;
}

/*
 * Mark bit cp in the bitmap.  Returns 1 if it was already set.
 */
static int
bitmap_test_and_set(unsigned char *map, unsigned int cp)
{
	int was = (map[cp / 8] >> (cp % 8)) & 1;

	map[cp / 8] |= (unsigned char)(1u << (cp % 8));
	return was;
}

/*
 * Note a code point that is not in GSM 03.38: count it once, keep the
 * first SMSTEXT_MAX_NONGSM.  Past those a bitmap of all code points is
 * allocated, so the work stays linear in the length of the text.
 */
static void
nongsm_add(struct nongsm *ng, unsigned int cp)
{
	struct smstext_info *info = ng->info;
	size_t		     i;

	for (i = 0; i < info->non_gsm_count && i < SMSTEXT_MAX_NONGSM; i++)
		if (info->non_gsm[i] == cp)
			return;
	if (info->non_gsm_count < SMSTEXT_MAX_NONGSM) {
		info->non_gsm[info->non_gsm_count++] = cp;
		return;
	}
	if (ng->seen == NULL) {
		if ((ng->seen = calloc(1, (UNICODE_MAX + 1) / 8)) == NULL)
			fatal("smstext: calloc");
		for (i = 0; i < SMSTEXT_MAX_NONGSM; i++)
			bitmap_test_and_set(ng->seen, info->non_gsm[i]);
	}
	if (!bitmap_test_and_set(ng->seen, cp))
		info->non_gsm_count++;
}

enum smstext_err
smstext_analyze(const char *utf8, size_t len, struct smstext_info *info)
{
	const unsigned char *s = (const unsigned char *)utf8;
	struct counter	     gsm = { 0, 1, 0, SMSTEXT_GSM7_SINGLE,
		      SMSTEXT_GSM7_PART };
	struct counter	     ucs = { 0, 1, 0, SMSTEXT_UCS2_SINGLE,
		      SMSTEXT_UCS2_PART };
	struct nongsm	     ng;
	enum smstext_err     err = SMSTEXT_OK;
	unsigned int	     cp;
	size_t		     n, w;

	memset(info, 0, sizeof(*info));
	if (len == 0)
		return SMSTEXT_EMPTY;
	ng.info = info;
	ng.seen = NULL;
	pthread_once(&latin1_once, latin1_build);
	for (; len > 0; s += n, len -= n) {
		/* ASCII, most of every text: one byte, one table look-up. */
		if (s[0] < 0x80)
			cp = s[0], n = 1;
		else if ((n = utf8_decode(s, len, &cp)) == 0) {
			err = SMSTEXT_BADUTF8;
			goto out;
		}
		info->chars++;
		counter_add(&ucs, cp > BMP_MAX ? 2 : 1);
		if ((w = cp < 256 ? latin1_septets[cp]
				  : (size_t)gsm_septets_search(cp)) > 0)
			counter_add(&gsm, w);
		else
			nongsm_add(&ng, cp);
	}
	info->encoding = info->non_gsm_count > 0 ? SMSTEXT_UCS2 : SMSTEXT_GSM7;
	info->units = info->encoding == SMSTEXT_GSM7 ? gsm.units : ucs.units;
	info->segments =
	    counter_segments(info->encoding == SMSTEXT_GSM7 ? &gsm : &ucs);
out:
	free(ng.seen);
	if (err != SMSTEXT_OK)
		memset(info, 0, sizeof(*info));
	return err;
}
