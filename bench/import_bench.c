/*
 * import_bench.c - `mentorctl import` benchmark (make bench, section
 * "import"):
 *
 *	import-bench [CITIZENS...]
 *
 * For each size (default 10,000 20,000 40,000 100,000): write a caseload
 * file (bench/import_gen.h: per citizen an agreement and two meetings,
 * every tenth an extension) into a temporary folder, run `mentorctl
 * init`, then time `mentorctl import --relative-dates FILE` on the new
 * database and once more on the filled one (every record updated).
 * Reported: the file's size, wall time, the child's CPU time and peak
 * memory, the host's steal.  Programs come from $MENTORLINK_BUILD
 * (default "build").  Figures only; the folder is removed unless
 * KEEP_BENCH_DIR is set.
 */
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "import_gen.h"
#include "steal.h"

static char dir[256], build[256];

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Write a file in dir; exits on failure. */
static void
write_file(const char *name, const char *text)
{
	char path[512];
	int  fd;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600)) == -1 ||
	    write(fd, text, strlen(text)) != (ssize_t)strlen(text) ||
	    close(fd) == -1) {
		fprintf(
		    stderr, "import-bench: %s: %s\n", path, strerror(errno));
		exit(1);
	}
}

/* A configuration and a random CPR key in dir. */
static void
folder_init(void)
{
	unsigned char key[32];
	char	      hex[65];
	size_t	      i;
	int	      fd;

	snprintf(dir, sizeof(dir), "/tmp/mentorlink-import-bench-XXXXXX");
	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		exit(1);
	}
	write_file("mentorlink.conf",
	    "[organisation]\nname = Testby "
	    "Kommune\nphone = +4544520000\n[database]\npath = mentorlink.db\n"
	    "cpr_key_file = cpr.key\n[sms]\nsender = +4512345678\n");
	if ((fd = open("/dev/urandom", O_RDONLY)) == -1 ||
	    read(fd, key, sizeof(key)) != (ssize_t)sizeof(key)) {
		perror("urandom");
		exit(1);
	}
	close(fd);
	for (i = 0; i < sizeof(key); i++)
		snprintf(hex + 2 * i, 3, "%02x", key[i]);
	write_file("cpr.key", hex);
}

/*
 * Run mentorctl -f CONFIG with args (NULL-terminated), output to
 * /dev/null.  Returns the exit status; *ru gets the child's usage.
 */
static int
mentorctl(const char *const *args, struct rusage *ru)
{
	char	    prog[512], conf[512];
	const char *argv[16];
	size_t	    n = 0;
	pid_t	    pid;
	int	    status, fd;

	snprintf(prog, sizeof(prog), "%s/bin/mentorctl", build);
	snprintf(conf, sizeof(conf), "%s/mentorlink.conf", dir);
	argv[n++] = prog;
	argv[n++] = "-f";
	argv[n++] = conf;
	while (*args != NULL && n < 15)
		argv[n++] = *args++;
	argv[n] = NULL;
	if ((pid = fork()) == -1) {
		perror("fork");
		exit(1);
	}
	if (pid == 0) {
		if ((fd = open("/dev/null", O_WRONLY)) != -1) {
			dup2(fd, 1);
			close(fd);
		}
		execv(prog, (char *const *)argv);
		_exit(127);
	}
	if (wait4(pid, &status, 0, ru) == -1) {
		perror("wait4");
		exit(1);
	}
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

/* Time one import of path; prints one line. */
static void
time_import(const char *what, const char *path, size_t citizens)
{
	const char   *args[] = { "import", "--relative-dates", path, NULL };
	struct rusage ru;
	struct steal  st;
	double	      t0, t;
	int	      rc;

	steal_mark(&st);
	t0 = now_s();
	rc = mentorctl(args, &ru);
	t = now_s() - t0;
	printf("import %-5s %6zu citizens: %6.2f s wall, CPU %5.2f s user "
	       "+ %4.2f s system, peak %4ld MB, steal %.0f%%%s\n",
	    what, citizens, t, ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6,
	    ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6, ru.ru_maxrss / 1024,
	    steal_pct(&st), rc ? " (FAILED)" : "");
	fflush(stdout);
}

/* One size: a fresh database, the file, two imports. */
static void
bench_size(size_t citizens)
{
	const char	 *init[] = { "init", NULL };
	struct import_gen g = { 0 };
	struct rusage	  ru;
	struct stat	  sb;
	char		  path[512], db[512];
	FILE		 *f;

	snprintf(db, sizeof(db), "%s/mentorlink.db", dir);
	unlink(db);
	if (mentorctl(init, &ru) != 0) {
		fprintf(stderr, "import-bench: mentorctl init failed\n");
		exit(1);
	}
	snprintf(path, sizeof(path), "%s/caseload.json", dir);
	g.citizens = citizens;
	g.meetings = 2;
	g.extend_every = 10;
	if ((f = fopen(path, "w")) == NULL || import_gen_write(f, &g) == -1 ||
	    fclose(f) == EOF || stat(path, &sb) == -1) {
		fprintf(stderr, "import-bench: %s: write failed\n", path);
		exit(1);
	}
	printf("file: %zu citizens, %zu agreements, %zu meetings, %.1f MB\n",
	    citizens, citizens + citizens / 10 + (citizens % 10 != 0),
	    citizens * 2, sb.st_size / 1e6);
	time_import("new", path, citizens);
	time_import("again", path, citizens);
	unlink(path);
	snprintf(path, sizeof(path), "%s/mentorlink.db-wal", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/mentorlink.db-shm", dir);
	unlink(path);
}

int
main(int argc, char **argv)
{
	static const size_t sizes[] = { 10000, 20000, 40000, 100000 };
	const char	   *b = getenv("MENTORLINK_BUILD");
	char		   *end, cmd[600];
	size_t		    i, n;

	snprintf(build, sizeof(build), "%s", b && *b ? b : "build");
	folder_init();
	if (argc > 1) {
		for (i = 1; i < (size_t)argc; i++) {
			n = strtoul(argv[i], &end, 10);
			if (*end == '\0' && n > 0 && n <= 2000000)
				bench_size(n);
		}
	} else
		for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
			bench_size(sizes[i]);
	if (getenv("KEEP_BENCH_DIR") == NULL) {
		snprintf(cmd, sizeof(cmd), "%s/mentorlink.db", dir);
		unlink(cmd);
		snprintf(cmd, sizeof(cmd), "%s/mentorlink.conf", dir);
		unlink(cmd);
		snprintf(cmd, sizeof(cmd), "%s/cpr.key", dir);
		unlink(cmd);
		rmdir(dir);
	}
	return 0;
}
