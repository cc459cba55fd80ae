/*
 * check_sms.c - mentorctl check: each SMS text's worst-case parts per
 * language (smsfit.h), and the languages whose catalogue still needs a
 * professional review (X-Review: needed in its header).  Warnings only:
 * they do not make the check fail.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <json.h>

#include "cmd.h"
#include "config.h"
#include "i18n.h"
#include "lang.h"
#include "smsfit.h"

/*
 * Measure text i in every language: print one row (or fill the JSON
 * object o) and count the languages over SMSFIT_PARTS_MAX into *over.
 */
static void
sms_parts_row(const struct smsfit_values *v, size_t i, struct json_object *o,
    size_t *over)
{
	const struct lang  *l;
	struct smstext_info info;
	size_t		    j;
	int		    r;

	if (o == NULL)
		printf("  %-26s", smsfit_name(i));
	for (j = 0; (l = lang_at(j)) != NULL; j++) {
		r = smsfit_measure(i, l->code, v, &info);
		if (o != NULL && r == 0)
			json_object_object_add(o, l->code,
			    json_object_new_int64((int64_t)info.segments));
		if (o == NULL)
			printf(r == 0 ? " %s %zu" : " %s -", l->code,
			    info.segments);
		if (r == 0 && info.segments > SMSFIT_PARTS_MAX)
			(*over)++;
	}
	if (o == NULL)
		putchar('\n');
}

/*
 * Print the warnings for texts over SMSFIT_PARTS_MAX parts.
 */
static void
sms_parts_warn(const struct smsfit_values *v)
{
	const struct lang  *l;
	struct smstext_info info;
	size_t		    i, j;

	for (i = 0; i < smsfit_count(); i++)
		for (j = 0; (l = lang_at(j)) != NULL; j++)
			if (smsfit_measure(i, l->code, v, &info) == 0 &&
			    info.segments > SMSFIT_PARTS_MAX)
				printf(
				    "%-9s warning: %s (%s) takes %zu parts "
				    "(%zu %s units) with long values; at most "
				    "%d\n",
				    "sms_parts", smsfit_name(i), l->code,
				    info.segments, info.units,
				    smstext_encoding_name(info.encoding),
				    SMSFIT_PARTS_MAX);
}

void
check_sms_parts(struct ctx *ctx, struct json_object *j)
{
	static struct smsfit_values v;
	struct json_object	   *all = NULL, *o = NULL;
	size_t			    i, over = 0;

	smsfit_values(&v, ctx->cfg);
	if (j != NULL)
		all = json_object_new_object();
	else
		printf("%-9s worst case per text (parts per language; - not "
		       "sent in it):\n",
		    "sms_parts");
	for (i = 0; i < smsfit_count(); i++) {
		if (all != NULL) {
			o = json_object_new_object();
			json_object_object_add(all, smsfit_name(i), o);
		}
		sms_parts_row(&v, i, o, &over);
	}
	if (j != NULL) {
		json_object_object_add(j, "sms_parts", all);
		return;
	}
	if (over > 0)
		sms_parts_warn(&v);
	else
		printf("%-9s ok: every text fits in %d parts\n", "sms_parts",
		    SMSFIT_PARTS_MAX);
}

void
check_languages(struct ctx *ctx, struct json_object *j)
{
	const struct lang  *l;
	struct json_object *review = NULL;
	const char	   *r;
	size_t		    i, n = 0;

	if (j != NULL)
		review = json_object_new_array();
	for (i = 0; (l = lang_at(i)) != NULL; i++) {
		if (i == LANG_DA)
			continue;
		if (!i18n_has_language(l->code)) {
			if (j == NULL)
				printf(
				    "%-9s warning: %s (%s): no catalogue; its "
				    "readers get Danish\n",
				    "languages", l->code, l->name);
			continue;
		}
		if ((r = i18n_review(l->code)) == NULL ||
		    strncmp(r, "needed", 6) != 0)
			continue;
		n++;
		if (review != NULL)
			json_object_array_add(review, json_str(l->code));
		else
			printf("%-9s warning: %s (%s): translation marked "
			       "X-Review: needed; have a professional "
			       "translator check it\n",
			    "languages", l->code, l->name);
	}
	if (j != NULL)
		json_object_object_add(j, "languages_review", review);
	else if (n == 0)
		printf("%-9s ok: every catalogue reviewed\n", "languages");
}
