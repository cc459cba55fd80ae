/*
 * opts.c - command-line parsing for mentorctl's subcommands: a getopt_long
 * table whose .val is the row index, parsed into struct opts.
 */
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "clock.h"
#include "cmd.h"
#include "dates.h"
#include "validate.h"

int
subcommand_run(struct ctx *ctx, const char *group,
    const struct subcommand *table, size_t n, int argc, char **argv)
{
	size_t i;

	if (argc >= 2) {
		for (i = 0; i < n; i++)
			if (strcmp(argv[1], table[i].name) == 0)
				return table[i].run(ctx, argc - 1, argv + 1);
		errorx("%s: unknown subcommand \"%.40s\"", group, argv[1]);
	} else
		errorx("%s: which subcommand?", group);
	fputs("usage:\n", stderr);
	for (i = 0; i < n; i++)
		fprintf(stderr, "  mentorctl %s\n", table[i].usage);
	return CMD_USAGE;
}

/* Record the value of row i; returns 0, or -1 if given twice. */
static int
opts_store(struct opts *o, const struct option *spec, int i)
{
	const char *v = optarg != NULL ? optarg : "";

	if (i == o->repeat) {
		if (o->nlist == OPTS_LIST_MAX) {
			errorx("--%s: given more than %d times", spec[i].name,
			    OPTS_LIST_MAX);
			return -1;
		}
		o->list[o->nlist++] = v;
		return 0;
	}
	if (o->val[i] != NULL) {
		errorx("--%s: given twice", spec[i].name);
		return -1;
	}
	o->val[i] = v;
	return 0;
}

int
opts_parse(struct opts *o, const struct option *spec, int repeat, int argc,
    char **argv, const char *usage)
{
	int c;

	memset(o, 0, sizeof(*o));
	o->repeat = repeat;
	optind = 0; /* GNU: full re-initialisation */
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", spec, NULL)) != -1) {
		if (c == '?' || c == ':') {
			if (c == ':')
				errorx("%s: option needs a value",
				    argv[optind - 1]);
			else
				errorx("unknown option \"%.40s\"",
				    argv[optind - 1]);
			usage_print(usage);
			return -1;
		}
		if (c < 0 || c >= OPTS_MAX || opts_store(o, spec, c) == -1) {
			usage_print(usage);
			return -1;
		}
	}
	o->argc = argc - optind;
	o->argv = argv + optind;
	return 0;
}

int
opts_parse_pos(struct opts *o, const struct option *spec, int repeat, int argc,
    char **argv, const char *usage, int npos)
{
	if (opts_parse(o, spec, repeat, argc, argv, usage) == -1)
		return -1;
	if (o->argc == npos)
		return 0;
	if (o->argc < npos)
		errorx("%s: missing argument", argv[0]);
	else
		errorx("%s: unexpected argument \"%.40s\"", argv[0],
		    o->argv[npos]);
	usage_print(usage);
	return -1;
}

int
opts_require(
    const struct opts *o, const struct option *spec, const char *usage, ...)
{
	va_list ap;
	int	i, bad = 0;

	va_start(ap, usage);
	while ((i = va_arg(ap, int)) >= 0) {
		if (o->val[i] == NULL || *o->val[i] == '\0') {
			errorx("--%s is required", spec[i].name);
			bad = 1;
			break;
		}
	}
	va_end(ap);
	if (bad) {
		usage_print(usage);
		return -1;
	}
	return 0;
}

int
opts_period(const char *from, const char *to, time_t *start, time_t *until)
{
	char next[DATE_LEN];

	if (from != NULL &&
	    (valid_date(from) != NULL ||
		(*start = clock_date_start(from)) == (time_t)-1))
		return errorx("--from: not a real date (YYYY-MM-DD)"), -1;
	if (to != NULL &&
	    (dates_add_days(to, 1, next) == -1 ||
		(*until = clock_date_start(next)) == (time_t)-1))
		return errorx("--to: not a real date (YYYY-MM-DD)"), -1;
	if (*until != 0 && *until <= *start)
		return errorx("--to: before --from"), -1;
	return 0;
}

int
opts_limit(const char *s, size_t *n)
{
	long long v = OPTS_LIMIT_DEFAULT;

	if (s != NULL && valid_number(s, 1, OPTS_LIMIT_MAX, &v) != NULL)
		return errorx("--limit: a number from 1 to %d", OPTS_LIMIT_MAX),
		       -1;
	*n = (size_t)v;
	return 0;
}
