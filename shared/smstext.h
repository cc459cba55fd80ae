/*
 * smstext - how an SMS text will be sent: GSM 03.38 7-bit or UCS-2, how
 * many units it takes and into how many parts it is split, and which
 * characters forced UCS-2 (to show the mentor what to replace).
 *
 * Counting follows 3GPP TS 23.038 and the providers' practice: GSM-7
 * 160 septets single, 153 per part, an extension character (ESC + code,
 * 2 septets) never split; UCS-2 is UTF-16, 70 units single, 67 per part,
 * a surrogate pair never split.
 */
#ifndef MENTOR_SMSTEXT_H
#define MENTOR_SMSTEXT_H

#include <stddef.h>

#define SMSTEXT_GSM7_SINGLE 160 /* septets in a single SMS */
#define SMSTEXT_GSM7_PART   153 /* septets per part when concatenated */
#define SMSTEXT_UCS2_SINGLE 70	/* UTF-16 units in a single SMS */
#define SMSTEXT_UCS2_PART   67	/* UTF-16 units per part */
#define SMSTEXT_MAX_NONGSM  16

enum smstext_encoding { SMSTEXT_GSM7, SMSTEXT_UCS2 };

struct smstext_info {
	enum smstext_encoding encoding;
	size_t		      units;	     /* septets (GSM-7; extension
						   characters count 2) or
						   UTF-16 units (UCS-2; beyond
						   the BMP count 2) */
	size_t		      segments;	     /* SMS parts */
	size_t		      chars;	     /* code points */
	size_t		      non_gsm_count; /* distinct code points that
						   force UCS-2 */
	unsigned int	      non_gsm[SMSTEXT_MAX_NONGSM];
	/* the first of them, in order
						   of appearance */
};

enum smstext_err {
	SMSTEXT_OK = 0,
	SMSTEXT_BADUTF8, /* not strict UTF-8 */
	SMSTEXT_EMPTY,	 /* no text */
	SMSTEXT__MAX
};

/* A short English reason for err; never NULL. */
const char	*smstext_strerror(enum smstext_err err);

/*
 * Analyse len bytes of UTF-8 text into *info.  The UTF-8 must be strict:
 * overlong forms, surrogates, code points above U+10FFFF and truncated
 * sequences are SMSTEXT_BADUTF8.  On SMSTEXT_OK info is filled in; on
 * an error it is zeroed (an empty text has 0 segments).  Allocates
 * nothing that outlives the call.
 */
enum smstext_err smstext_analyze(
    const char *utf8, size_t len, struct smstext_info *info);

/* "GSM-7" or "UCS-2"; never NULL. */
const char *smstext_encoding_name(enum smstext_encoding enc);

/*
 * Septets code point cp takes in GSM-7: 1 in the basic table, 2 in the
 * extension table, 0 if it is not in GSM 03.38 at all.
 */
int	    smstext_gsm_septets(unsigned int cp);

#endif
