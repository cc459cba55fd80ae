/*
 * mentorctl - the staff's command-line tool: create the database, import
 * and edit citizens, mentors, agreements and meetings, show the state of
 * things, export the audit trail.
 *
 *	mentorctl [-f CONFIG] [--json] [--lang LANG] COMMAND ...
 *
 * Each command lives in its own file (admin/cmd_*.c) and is one row of
 * commands[] below.
 */
#include <sys/stat.h>

#include <getopt.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "backup.h"
#include "buf.h"
#include "clock.h"
#include "datefmt.h"
#include "lang.h"
#include "cmd.h"
#include "cmd_inbound.h"
#include "cmd_outbox.h"
#include "config.h"
#include "i18n.h"
#include "log.h"
#include "store.h"

#define DEFAULT_CONFIGS \
	"./var/mentorlink.conf", "/etc/mentorlink/mentorlink.conf"

enum command_id {
	COMMAND_INIT,
	COMMAND_CHECK,
	COMMAND_IMPORT,
	COMMAND_CITIZEN,
	COMMAND_STAFF,
	COMMAND_AGREEMENT,
	COMMAND_MEETING,
	COMMAND_STATUS,
	COMMAND_AUDIT,
	COMMAND_SMS_INFO,
	COMMAND_INBOX,
	COMMAND_CONTACT,
	COMMAND_JOURNAL,
	COMMAND_PURGE,
	COMMAND_SIMULATE_SMS,
	COMMAND_OUTBOX,
	COMMAND_SMS,
	COMMAND_BACKUP,
	COMMAND_RESTORE,
	COMMAND__MAX
};

static const struct command commands[COMMAND__MAX] = {
	[COMMAND_INIT] = { "init", cmd_init, "init", NEEDS_CONFIG },
	[COMMAND_CHECK] = { "check", cmd_check, "check [--deep]",
	    NEEDS_CONFIG },
	[COMMAND_IMPORT] = { "import", cmd_import, usage_import, NEEDS_STORE },
	[COMMAND_CITIZEN] = { "citizen", cmd_citizen, usage_citizen,
	    NEEDS_STORE },
	[COMMAND_STAFF] = { "staff", cmd_staff, usage_staff, NEEDS_STORE },
	[COMMAND_AGREEMENT] = { "agreement", cmd_agreement, usage_agreement,
	    NEEDS_STORE },
	[COMMAND_MEETING] = { "meeting", cmd_meeting, usage_meeting,
	    NEEDS_STORE },
	[COMMAND_STATUS] = { "status", cmd_status, "status", NEEDS_STORE },
	[COMMAND_AUDIT] = { "audit", cmd_audit, usage_audit, NEEDS_STORE },
	[COMMAND_SMS_INFO] = { "sms-info", cmd_sms_info, "sms-info TEXT",
	    NEEDS_NOTHING },
	[COMMAND_INBOX] = { "inbox", cmd_inbox, usage_inbox, NEEDS_STORE },
	[COMMAND_CONTACT] = { "contact", cmd_contact, usage_contact,
	    NEEDS_STORE },
	[COMMAND_JOURNAL] = { "journal", cmd_journal, usage_journal,
	    NEEDS_STORE },
	[COMMAND_PURGE] = { "purge", cmd_purge, usage_purge, NEEDS_STORE },
	[COMMAND_SIMULATE_SMS] = { "simulate-sms", cmd_simulate_sms,
	    usage_simulate_sms, NEEDS_CONFIG },
	[COMMAND_OUTBOX] = { "outbox", cmd_outbox, usage_outbox, NEEDS_STORE },
	[COMMAND_SMS] = { "sms", cmd_sms, usage_sms, NEEDS_STORE },
	[COMMAND_BACKUP] = { "backup", cmd_backup, usage_backup, NEEDS_CONFIG },
	[COMMAND_RESTORE] = { "restore", cmd_restore, usage_restore,
	    NEEDS_CONFIG },
};

/* Long-only options get values above any character. */
enum main_opt { MAIN_JSON = 256, MAIN_LANG };

static const struct option main_options[] = { { "file", required_argument, NULL,
						  'f' },
	{ "json", no_argument, NULL, MAIN_JSON },
	{ "lang", required_argument, NULL, MAIN_LANG },
	{ "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 } };

/* Print every command's usage to f. */
static void
usage_all(FILE *f)
{
	const char *p, *nl;
	char	    langs[128];
	size_t	    i;

	fputs("usage: mentorctl [-f CONFIG] [--json] [--lang LANG] "
	      "COMMAND ...\ncommands:\n",
	    f);
	for (i = 0; i < COMMAND__MAX; i++) {
		for (p = commands[i].usage; *p != '\0'; p = *nl ? nl + 1 : nl) {
			nl = p + strcspn(p, "\n");
			fprintf(f, "  %.*s\n", (int)(nl - p), p);
		}
	}
	lang_list(langs, sizeof(langs), ", ", " or ");
	fprintf(f, "LANG: %s (default da)\n", langs);
	fputs("CONFIG: -f, else $MENTORLINK_CONFIG, else "
	      "./var/mentorlink.conf, else /etc/mentorlink/mentorlink.conf\n",
	    f);
}

/*
 * The configuration file to use: the -f argument, $MENTORLINK_CONFIG, or
 * the first default that exists.  NULL (after one error line) if none.
 */
static const char *
config_choose(const char *given)
{
	static const char *const defaults[] = { DEFAULT_CONFIGS };
	const char		*env;
	size_t			 i;

	if (given != NULL)
		return given;
	if ((env = getenv("MENTORLINK_CONFIG")) != NULL && *env != '\0')
		return env;
	for (i = 0; i < sizeof(defaults) / sizeof(defaults[0]); i++)
		if (access(defaults[i], F_OK) == 0)
			return defaults[i];
	errorx("no configuration: give -f FILE or set MENTORLINK_CONFIG "
	       "(looked for ./var/mentorlink.conf and "
	       "/etc/mentorlink/mentorlink.conf)");
	return NULL;
}

/*
 * The staff user's name for the audit trail: the operating-system user
 * we run as (the real uid's passwd name), or "uid:N" when it has none.
 * Only when that is root is $SUDO_USER taken (sudo sets it to the user
 * who ran `sudo mentorctl`), and only when it names an existing user
 * other than root.  No other variable counts ($USER, $LOGNAME can be set
 * to anything by anyone).  The name is static storage.
 */
static const char *
actor_name(void)
{
	static char    name[64];
	struct passwd *pw;
	const char    *sudo;
	uid_t	       uid = getuid();

	if (uid == 0 && (sudo = getenv("SUDO_USER")) != NULL && *sudo != '\0' &&
	    (pw = getpwnam(sudo)) != NULL && pw->pw_uid != 0 &&
	    strlen(pw->pw_name) < sizeof(name)) {
		snprintf(name, sizeof(name), "%s", pw->pw_name);
		return name;
	}
	if ((pw = getpwuid(uid)) != NULL && strlen(pw->pw_name) < sizeof(name))
		snprintf(name, sizeof(name), "%s", pw->pw_name);
	else
		snprintf(name, sizeof(name), "uid:%u", (unsigned)uid);
	return name;
}

/* Load the configuration into ctx; 0, or -1 after one error line. */
static int
ctx_load_config(struct ctx *ctx, const char *given)
{
	char err[CONFIG_ERR_MAX];

	if ((ctx->config_path = config_choose(given)) == NULL)
		return -1;
	if ((ctx->cfg = config_load(ctx->config_path, err, sizeof(err))) ==
	    NULL) {
		errorx("%s", err);
		return -1;
	}
	(void)datefmt_digits(ctx->cfg->org_arabic_digits);
	clock_init(ctx->cfg->timezone);
	ctx->now = clock_now();
	clock_today(ctx->today);
	return 0;
}

/* Open the store and read the CPR key; 0, or -1 after one error line. */
static int
ctx_open_store(struct ctx *ctx)
{
	char err[512];

	if (store_open(ctx->cfg->db_path, 0, &ctx->store, err, sizeof(err)) !=
	    STORE_OK) {
		errorx("%s", err);
		return -1;
	}
	store_busy_wait(ctx->store, CTL_BUSY_WAIT_MS);
	if (config_read_cpr_key(ctx->cfg, &ctx->cpr_key, err, sizeof(err)) ==
	    -1) {
		errorx("CPR key: %s (mentorctl init creates it)", err);
		return -1;
	}
	return 0;
}

/* Prepare what command c needs; 0 or -1. */
static int
ctx_prepare(struct ctx *ctx, const struct command *c, const char *config)
{
	if (c->needs == NEEDS_NOTHING)
		return 0;
	if (ctx_load_config(ctx, config) == -1)
		return -1;
	if (c->needs == NEEDS_STORE && ctx_open_store(ctx) == -1)
		return -1;
	return 0;
}

static void
ctx_free(struct ctx *ctx)
{
	store_close(ctx->store);
	config_free(ctx->cfg);
	buf_free(&ctx->cpr_key);
}

/* The command named name, or NULL. */
static const struct command *
command_find(const char *name)
{
	size_t i;

	for (i = 0; i < COMMAND__MAX; i++)
		if (strcmp(name, commands[i].name) == 0)
			return &commands[i];
	return NULL;
}

/*
 * Take "--json" out of a command's arguments, so it may also be given
 * after the command ("mentorctl citizen list --json").  Stops at "--".
 * Returns the new argc.
 */
static int
json_flag_take(struct ctx *ctx, int argc, char **argv)
{
	int i, j;

	for (i = j = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0) {
			while (i < argc)
				argv[j++] = argv[i++];
			break;
		}
		if (strcmp(argv[i], "--json") == 0)
			ctx->json = 1;
		else
			argv[j++] = argv[i];
	}
	argv[j] = NULL;
	return j;
}

/* The language for agreement texts: --lang, $MENTORLINK_LANG, or da. */
static const char *
language_choose(const char *given)
{
	const char *s = given;

	if (s == NULL && (s = getenv("MENTORLINK_LANG")) == NULL)
		s = "da";
	if (lang_index(s) < 0) {
		char list[128];

		lang_list(list, sizeof(list), ", ", " or ");
		errorx("--lang: expected %s", list);
		return NULL;
	}
	return s;
}

int
main(int argc, char *argv[])
{
	struct ctx	      ctx;
	const struct command *c;
	const char	     *config = NULL, *lang = NULL;
	int		      ch, rv;

	memset(&ctx, 0, sizeof(ctx));
	umask(077); /* the database, its WAL, keys: mode 0600 */
	log_init(1, 0);
	while (
	    (ch = getopt_long(argc, argv, "+f:h", main_options, NULL)) != -1) {
		switch (ch) {
		case 'f':
			config = optarg;
			break;
		case MAIN_JSON:
			ctx.json = 1;
			break;
		case MAIN_LANG:
			lang = optarg;
			break;
		case 'h':
			usage_all(stdout);
			return CMD_OK;
		default:
			usage_all(stderr);
			return CMD_USAGE;
		}
	}
	argc -= optind;
	argv += optind;
	if (argc == 0) {
		errorx("which command?");
		usage_all(stderr);
		return CMD_USAGE;
	}
	if ((c = command_find(argv[0])) == NULL) {
		errorx("unknown command \"%.40s\"; mentorctl --help lists them",
		    argv[0]);
		return CMD_USAGE;
	}
	if (c->needs != NEEDS_NOTHING)
		argc = json_flag_take(&ctx, argc, argv);
	if ((ctx.lang = language_choose(lang)) == NULL)
		return CMD_USAGE;
	i18n_init();
	ctx.actor = actor_name();
	ctx.now = clock_now();
	clock_today(ctx.today);
	if (ctx_prepare(&ctx, c, config) == -1)
		rv = CMD_FAIL;
	else
		rv = c->run(&ctx, argc, argv);
	ctx_free(&ctx);
	return rv;
}
