/*
 * cmd_smsinfo.c - `mentorctl sms-info TEXT`: how a text would be sent, so
 * staff can check what a template costs.  Always JSON:
 *	{"encoding":"GSM-7","units":73,"segments":1,"non_gsm":[]}
 * non_gsm lists the characters that force UCS-2, as UTF-8 strings.
 */
#include <string.h>

#include <json.h>

#include "cmd.h"
#include "smstext.h"
#include "utf8.h"

int
cmd_sms_info(struct ctx *ctx, int argc, char **argv)
{
	struct smstext_info info;
	struct json_object *j, *non_gsm;
	enum smstext_err    e;
	char		    ch[5];
	size_t		    i;

	if (argc != 2) {
		usage_print("sms-info TEXT");
		return CMD_USAGE;
	}
	if ((e = smstext_analyze(argv[1], strlen(argv[1]), &info)) !=
	    SMSTEXT_OK) {
		errorx("sms-info: %s", smstext_strerror(e));
		return CMD_FAIL;
	}
	non_gsm = json_object_new_array();
	for (i = 0; i < info.non_gsm_count && i < SMSTEXT_MAX_NONGSM; i++)
		if (utf8_encode(info.non_gsm[i], ch) > 0)
			json_object_array_add(
			    non_gsm, json_object_new_string(ch));
	j = json_object_new_object();
	json_object_object_add(j, "encoding",
	    json_object_new_string(smstext_encoding_name(info.encoding)));
	json_object_object_add(
	    j, "units", json_object_new_int64((int64_t)info.units));
	json_object_object_add(
	    j, "segments", json_object_new_int64((int64_t)info.segments));
	json_object_object_add(j, "non_gsm", non_gsm);
	json_print(j);
	return CMD_OK;
}
