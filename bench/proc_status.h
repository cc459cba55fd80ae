/*
 * proc_status.h - one field of /proc/PID/status for the benchmarks
 * (bench/gw_drain.c, bench/rss_floor.c).
 */
#ifndef MENTOR_BENCH_PROC_STATUS_H
#define MENTOR_BENCH_PROC_STATUS_H

#include <sys/types.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A "Name:   N kB" field of /proc/PID/status, in KiB; -1 if absent. */
static long
proc_status_kb(pid_t pid, const char *name)
{
	char   path[64], line[128];
	size_t n = strlen(name);
	long   v = -1;
	FILE  *f;

	snprintf(path, sizeof(path), "/proc/%ld/status", (long)pid);
	if ((f = fopen(path, "r")) == NULL)
		return -1;
	while (fgets(line, sizeof(line), f) != NULL)
		if (strncmp(line, name, n) == 0 && line[n] == ':')
			v = strtol(line + n + 1, NULL, 10);
	fclose(f);
	return v;
}

#endif
