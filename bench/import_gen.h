/*
 * import_gen.h - write a made-up caseload as a `mentorctl import` file,
 * for the import benchmark (bench/import_bench.c) and the import tests
 * (tests/integration/it_import.c).  Dates are relative ("today+3",
 * "today+3T10:00"): import it with --relative-dates.
 *
 * Per citizen i: citizen c-i (a distinct CPR number with a real date,
 * mobile +4521xxxxxx), an active agreement a-i with mentor and
 * caseworker, and `meetings` meetings m-i-k at 10:00 on days spread over
 * the next weeks.  Every `extend_every`th citizen also has an active
 * extension a-i-2 with the same mentor.  Every third citizen's first
 * meeting may show its place in an SMS.  In a second file of the same
 * caseload (`changes` set), every 7th citizen's first meeting is moved
 * by an hour and every 11th citizen's second meeting is cancelled.
 * `shift` days are taken off every relative date, so a file imported
 * `shift` days after the first names the same days.
 *
 * Static functions only: each includer takes what it uses.
 */
#ifndef MENTOR_BENCH_IMPORT_GEN_H
#define MENTOR_BENCH_IMPORT_GEN_H

#include <stdio.h>
#include <string.h>

struct import_gen {
	size_t citizens;
	int    meetings;     /* per agreement, at most 9 */
	int    extend_every; /* 0: no extensions */
	int    changes;	     /* move and cancel some meetings */
	int    shift;	     /* days taken off every relative date */
	int    tasks;	     /* per agreement, 0-50; 0: 2 */
	size_t task_bytes;   /* pad each task by this much, <= 950 */
	size_t staff;	     /* mentors and caseworkers; 0: citizens/20 */
};

/* "today+N" or "today-N" for day n - shift, into out. */
static void
import_gen_day(const struct import_gen *g, int n, char *out, size_t len)
{
	n -= g->shift;
	snprintf(out, len, "today%c%d", n < 0 ? '-' : '+', n < 0 ? -n : n);
}

/* The staff: mentors s-m-K and caseworkers s-c-K, deputies in pairs. */
static void
import_gen_staff(FILE *f, const struct import_gen *g, size_t nstaff)
{
	size_t k;

	fputs("{\"staff\": [\n", f);
	for (k = 0; k < nstaff; k++)
		fprintf(f,
		    "%s {\"id\": \"s-m-%zu\", \"name\": \"Mentor%zu "
		    "Holm\", \"mobile\": \"+4530%06zu\", \"email\": "
		    "\"m%zu@example.dk\", \"reachable\": \"Mandag-torsdag "
		    "9-15\", \"deputy\": \"s-m-%zu\"},\n {\"id\": \"s-c-%zu\", "
		    "\"name\": \"Sagsbehandler%zu Berg\", \"mobile\": "
		    "\"+4531%06zu\", \"caseworker\": true}",
		    k ? "," : "", k, k, k, k, (k ^ 1) < nstaff ? k ^ 1 : 0, k,
		    k, k);
	fputs("\n],\n", f);
}

/* Citizen i: a CPR number made of i in mixed radix (day, month, year). */
static void
import_gen_citizen(FILE *f, size_t i)
{
	fprintf(f,
	    "%s {\"id\": \"c-%zu\", \"cpr\": \"%02zu%02zu%02zu-%04zu\", "
	    "\"given_name\": \"Borger%zu\", \"mobile\": \"+4521%06zu\", "
	    "\"language\": \"%s\"}",
	    i ? ",\n" : "", i, 1 + i % 28, 1 + i / 28 % 12, i / 336 % 100,
	    1000 + i / 33600, i, i, i % 13 == 0 ? "en" : "da");
}

/* Agreement a-ID (or a-ID-2 extending a-ID) of citizen i. */
static void
import_gen_agreement(FILE *f, const struct import_gen *g, size_t i,
    size_t nstaff, int extension, const char *tasks)
{
	char from[24], to[24], extends[48] = "";

	import_gen_day(g, extension ? 91 : -60, from, sizeof(from));
	import_gen_day(g, extension ? 200 : 90, to, sizeof(to));
	if (extension)
		snprintf(
		    extends, sizeof(extends), "\"extends\": \"a-%zu\", ", i);
	fprintf(f,
	    "%s {\"id\": \"a-%zu%s\", \"citizen\": \"c-%zu\", "
	    "\"mentor\": \"s-m-%zu\", \"caseworker\": \"s-c-%zu\", \"goal\": "
	    "\"Borgeren får en fast hverdag og starter i praktik.\", "
	    "\"tasks\": %s, \"starts\": \"%s\", \"ends\": \"%s\", "
	    "\"hours\": {\"amount\": 4, \"per\": \"week\"}, "
	    "\"complaint_guidance\": \"default\", \"legal_basis\": "
	    "\"LAB § 167, stk. 1\", \"after_psychiatric_discharge\": false, "
	    "%s\"status\": \"active\"}",
	    i || extension ? ",\n" : "", i, extension ? "-2" : "", i,
	    i % nstaff, (i / 7) % nstaff, tasks, from, to, extends);
}

/* Meeting k of citizen i's first agreement. */
static void
import_gen_meeting(
    FILE *f, const struct import_gen *g, size_t i, int k, int first)
{
	const char *status = "planned";
	char	    day[24];
	int	    hour = 10;

	if (g->changes && k == 0 && i % 7 == 0)
		hour = 11; /* moved by an hour */
	if (g->changes && k == 1 && i % 11 == 0)
		status = "cancelled";
	import_gen_day(g, 3 + (int)(i % 20) + 7 * k, day, sizeof(day));
	fprintf(f,
	    "%s {\"id\": \"m-%zu-%d\", \"agreement\": \"a-%zu\", "
	    "\"starts\": \"%sT%02d:00\", \"ends\": \"%sT%02d:00\", \"place\": "
	    "\"Jobcentret, mødelokale %d\", \"place_in_sms\": %s, \"kind\": "
	    "\"%s\", \"status\": \"%s\"}",
	    first ? "" : ",\n", i, k, i, day, hour, day, hour + 1, k + 1,
	    k == 0 && i % 3 == 0 ? "true" : "false",
	    k == 1 ? "caseworker" : "mentor", status);
}

/* The tasks of every agreement as a JSON list, into tasks. */
static void
import_gen_tasks(const struct import_gen *g, char *tasks, size_t len)
{
	size_t used, pad = g->task_bytes > 950 ? 950 : g->task_bytes;
	int    k, n = g->tasks > 0 && g->tasks <= 50 ? g->tasks : 2;

	used = (size_t)snprintf(tasks, len, "[");
	for (k = 0; k < n && used + pad + 40 < len; k++) {
		used += (size_t)snprintf(tasks + used, len - used,
		    "%s\"Opgave "
		    "%d: følge med til møderne ",
		    k ? ", " : "", k + 1);
		memset(tasks + used, 'x', pad);
		used += pad;
		used += (size_t)snprintf(tasks + used, len - used, "\"");
	}
	snprintf(tasks + used, len - used, "]");
}

/*
 * Write the whole file to f.  Returns 0, or -1 when writing failed.
 */
static int
import_gen_write(FILE *f, const struct import_gen *g)
{
	static char tasks[52 * 1100];
	size_t	    nstaff = g->staff ? g->staff : g->citizens / 20 + 2;
	size_t	    i;
	int	    k;

	import_gen_tasks(g, tasks, sizeof(tasks));
	import_gen_staff(f, g, nstaff);
	fputs("\"citizens\": [\n", f);
	for (i = 0; i < g->citizens; i++)
		import_gen_citizen(f, i);
	fputs("\n],\n\"agreements\": [\n", f);
	for (i = 0; i < g->citizens; i++) {
		import_gen_agreement(f, g, i, nstaff, 0, tasks);
		if (g->extend_every > 0 && i % (size_t)g->extend_every == 0)
			import_gen_agreement(f, g, i, nstaff, 1, tasks);
	}
	fputs("\n],\n\"meetings\": [\n", f);
	for (i = 0; i < g->citizens; i++)
		for (k = 0; k < g->meetings && k < 9; k++)
			import_gen_meeting(f, g, i, k, i == 0 && k == 0);
	fputs("\n]}\n", f);
	return ferror(f) ? -1 : 0;
}

#endif
