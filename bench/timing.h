/*
 * timing.h - the benchmarks' clock and percentile line.
 *
 *	double t = timing_now_ms();  ...  v[i] = timing_now_ms() - t;
 *	timing_report("agreement page", v, n, "ms");
 *
 * Header-only (static inline: a benchmark uses what it needs).
 */
#ifndef MENTOR_BENCH_TIMING_H
#define MENTOR_BENCH_TIMING_H

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

/* Milliseconds on the monotonic clock. */
static inline double
timing_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* qsort order for doubles, ascending. */
static inline int
timing_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Print p50/p99/max of n values in unit (sorted in place). */
static inline void
timing_report(const char *what, double *v, size_t n, const char *unit)
{
	size_t p99 = (n * 99) / 100 < n ? (n * 99) / 100 : n - 1;

	if (n == 0) {
		printf("%-48s no samples\n", what);
		return;
	}
	qsort(v, n, sizeof(*v), timing_cmp);
	printf("%-48s n=%zu p50=%.3f %s p99=%.3f %s max=%.3f %s\n", what, n,
	    v[n / 2], unit, v[p99], unit, v[n - 1], unit);
}

#endif /* MENTOR_BENCH_TIMING_H */
