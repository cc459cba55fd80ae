/*
 * steal.h - how much CPU time the host took from this virtual machine
 * while a benchmark ran (the C side of scripts/steal.sh).
 *
 *	struct steal s;
 *	steal_mark(&s);  ...run...  printf("steal %.0f%%", steal_pct(&s));
 *
 * On a virtual machine whose host is busy, the kernel counts the time a
 * virtual CPU wanted to run and could not as "steal" (/proc/stat, in
 * ticks of 10 ms).  A figure measured with much of it says more about
 * the host than about the program.  0 where /proc/stat cannot be read.
 */
#ifndef MENTOR_BENCH_STEAL_H
#define MENTOR_BENCH_STEAL_H

#include <stdio.h>

struct steal {
	unsigned long long steal, total;
};

/* Read the first "cpu" line of /proc/stat into s; zeros on failure. */
static void
steal_read(struct steal *s)
{
	unsigned long long v[8] = { 0 };
	FILE		  *f;
	int		   i;

	s->steal = s->total = 0;
	if ((f = fopen("/proc/stat", "r")) == NULL)
		return;
	if (fscanf(f, "cpu %llu %llu %llu %llu %llu %llu %llu %llu", &v[0],
		&v[1], &v[2], &v[3], &v[4], &v[5], &v[6], &v[7]) == 8) {
		for (i = 0; i < 8; i++)
			s->total += v[i];
		s->steal = v[7];
	}
	fclose(f);
}

static void
steal_mark(struct steal *s)
{
	steal_read(s);
}

/* Percent of all CPU time since the mark that the host took. */
static double
steal_pct(const struct steal *mark)
{
	struct steal now;

	steal_read(&now);
	if (now.total <= mark->total)
		return 0.0;
	return 100.0 * (double)(now.steal - mark->steal) /
	    (double)(now.total - mark->total);
}

#endif
