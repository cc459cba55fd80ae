/*
 * clock.c - "now", the civil time zone, parsing and rendering of times.
 *
 * Date arithmetic on calendar fields is done here with a proleptic
 * Gregorian day count, so it never depends on TZ; only the conversions
 * between instants and wall times ask the C library (localtime_r), which
 * reads the zone file named by TZ.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clock.h"
#include "log.h"

#define ZONEINFO_DIR  "/usr/share/zoneinfo/"
#define ZONE_NAME_MAX 64
#define SECS_PER_DAY  86400LL
#define YEAR_MIN      1
#define YEAR_MAX      9999

static _Atomic long long fixed_now;  /* clock_set(); 0: not fixed */
static _Atomic int	 zone_ready; /* clock_init() has run */
static _Atomic unsigned	 zone_gen;   /* changes with every clock_init() */

/*
 * clock_local()'s memory of UTC days on which the zone's offset stays the
 * same from start to end (zones change offset a few times a year at most,
 * never twice in a day): an instant on such a day needs no more than
 * arithmetic.  Per thread, so no lock; a few days, since callers go back
 * and forth between, say, a meeting's day and the day before.
 */
#define LOCAL_MEMO_DAYS	 4
#define CLOCK_MEMO_RANGE (400LL * 366 * SECS_PER_DAY) /* 1570-2370 */

static _Thread_local struct local_day {
	long long   day; /* days since 1970-01-01 (UTC) */
	unsigned    gen; /* zone_gen it was made for; 0: empty */
	long	    gmtoff;
	int	    isdst;
	const char *zone; /* the C library's, as localtime_r's */
} local_days[LOCAL_MEMO_DAYS];
static _Thread_local unsigned local_days_next;

/*
 * Return 1 if year is a Gregorian leap year, else 0.
 */
static int
is_leap(int year)
{
	return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int
clock_days_in_month(int year, int mon)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
		30, 31 };

	if (mon < 1 || mon > 12)
		return 0;
	if (mon == 2 && is_leap(year))
		return 29;
	return days[mon - 1];
}

/*
 * Return 1 if year-mon-day is a real date within our year range, else 0.
 */
static int
valid_date(int year, int mon, int day)
{
	if (year < YEAR_MIN || year > YEAR_MAX || mon < 1 || mon > 12)
		return 0;
	return day >= 1 && day <= clock_days_in_month(year, mon);
}

/*
 * Return the number of days from 1970-01-01 to the given (valid)
 * Gregorian date, negative before it.  Counts in 400-year eras of
 * 146097 days with the year starting in March, so February's leap day
 * falls at the end of a counted year.
 */
static long long
days_from_civil(int year, int mon, int day)
{
	long long y, era, year_of_era, day_of_year, day_of_era;

	y = year - (mon <= 2);
	era = (y >= 0 ? y : y - 399) / 400;
	year_of_era = y - era * 400;
	day_of_year = (153 * (mon > 2 ? mon - 3 : mon + 9) + 2) / 5 + day - 1;
	day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 +
	    day_of_year;
	return era * 146097 + day_of_era - 719468;
}

/*
 * The calendar fields of instant t read as UTC, as gmtime_r() gives them
 * but without its lock: the inverse of days_from_civil().
 */
static void
fields_from_utc(long long t, struct tm *tm)
{
	long long days = t / SECS_PER_DAY, secs = t % SECS_PER_DAY;
	long long z, era, day_of_era, year_of_era, day_of_year, mp, y;

	if (secs < 0) {
		secs += SECS_PER_DAY;
		days--;
	}
	z = days + 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	day_of_era = z - era * 146097;
	year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524 -
			  day_of_era / 146096) /
	    365;
	day_of_year = day_of_era -
	    (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
	mp = (5 * day_of_year + 2) / 153; /* March = 0 */
	y = year_of_era + era * 400 + (mp >= 10);
	memset(tm, 0, sizeof(*tm));
	tm->tm_year = (int)(y - 1900);
	tm->tm_mon = (int)(mp < 10 ? mp + 2 : mp - 10);
	tm->tm_mday = (int)(day_of_year - (153 * mp + 2) / 5 + 1);
	tm->tm_yday = (int)(days - days_from_civil((int)y, 1, 1));
	tm->tm_wday = (int)((days % 7 + 11) % 7); /* 1970-01-01: Thursday */
	tm->tm_hour = (int)(secs / 3600);
	tm->tm_min = (int)(secs / 60 % 60);
	tm->tm_sec = (int)(secs % 60);
}

/*
 * Return the instant of a wall time read as UTC.  Fields must be valid.
 */
static time_t
utc_from_fields(int year, int mon, int day, int hour, int min, int sec)
{
	return (time_t)(days_from_civil(year, mon, day) * SECS_PER_DAY +
	    hour * 3600LL + min * 60LL + sec);
}

/*
 * Make sure a zone is in force: the default one if clock_init() was
 * never called.
 */
static void
clock_ensure_zone(void)
{
	if (!atomic_load(&zone_ready))
		clock_init(NULL);
}

/*
 * Return 1 if name looks like a zoneinfo name ("Europe/Copenhagen",
 * "UTC", "Etc/GMT+1"): no leading slash, no "..", a safe alphabet.
 */
static int
zone_name_ok(const char *name)
{
	const char *p;

	if (name[0] == '\0' || name[0] == '/' || strlen(name) > ZONE_NAME_MAX ||
	    strstr(name, "..") != NULL)
		return 0;
	for (p = name; *p != '\0'; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || strchr("/_+-", *p) != NULL)
			continue;
		return 0;
	}
	return 1;
}

void
clock_init(const char *zone)
{
	char path[sizeof(ZONEINFO_DIR) + ZONE_NAME_MAX];
	char tz[ZONE_NAME_MAX + 2];

	if (zone == NULL)
		zone = CLOCK_DEFAULT_ZONE;
	if (!zone_name_ok(zone))
		fatalx("clock: bad time zone name \"%s\"", zone);
	snprintf(path, sizeof(path), "%s%s", ZONEINFO_DIR, zone);
	if (access(path, R_OK) == -1)
		fatalx("clock: time zone %s not found: %s missing (install "
		       "tzdata)",
		    zone, path);
	/* The colon makes glibc read the zone file, never a POSIX rule. */
	snprintf(tz, sizeof(tz), ":%s", zone);
	if (setenv("TZ", tz, 1) == -1)
		fatal("clock: setenv TZ");
	tzset();
	/* Never 0, which marks an empty clock_local() memo slot. */
	if (atomic_fetch_add(&zone_gen, 1) + 1 == 0)
		atomic_fetch_add(&zone_gen, 1);
	atomic_store(&zone_ready, 1);
}

/* 1 if arithmetic gives the C library's wall time for t (fields a). */
static int
arithmetic_agrees(time_t t, const struct tm *a)
{
	struct tm f;

	fields_from_utc((long long)t + a->tm_gmtoff, &f);
	return f.tm_year == a->tm_year && f.tm_yday == a->tm_yday &&
	    f.tm_hour == a->tm_hour && f.tm_min == a->tm_min &&
	    f.tm_sec == a->tm_sec;
}

/*
 * Ask the C library about t's UTC day; remember it when the offset is the
 * same at both ends and arithmetic gives what the library gives there
 * (not so in a zone that counts leap seconds, "right/...").  Returns the
 * slot, or NULL (the offset changes that day, or the library failed).
 */
static struct local_day *
local_day_learn(long long day, unsigned gen)
{
	struct local_day *d;
	struct tm	  a, b;
	time_t		  t0 = (time_t)(day * SECS_PER_DAY);
	time_t		  t1 = t0 + SECS_PER_DAY - 1;

	if (localtime_r(&t0, &a) == NULL || localtime_r(&t1, &b) == NULL ||
	    a.tm_gmtoff != b.tm_gmtoff || a.tm_isdst != b.tm_isdst ||
	    !arithmetic_agrees(t0, &a) || !arithmetic_agrees(t1, &b))
		return NULL;
	d = &local_days[local_days_next++ % LOCAL_MEMO_DAYS];
	*d = (struct local_day){ day, gen, a.tm_gmtoff, a.tm_isdst, a.tm_zone };
	return d;
}

void
clock_local(time_t t, struct tm *out)
{
	struct local_day *d = NULL;
	long long	  day;
	unsigned	  gen;
	size_t		  i;

	clock_ensure_zone();
	/* Far from any date a person reads: the library alone, no overflow. */
	if (t >= -CLOCK_MEMO_RANGE && t <= CLOCK_MEMO_RANGE) {
		gen = atomic_load(&zone_gen);
		day = (long long)t / SECS_PER_DAY -
		    ((long long)t % SECS_PER_DAY < 0);
		for (i = 0; i < LOCAL_MEMO_DAYS && d == NULL; i++)
			if (local_days[i].gen == gen &&
			    local_days[i].day == day)
				d = &local_days[i];
		if (d == NULL)
			d = local_day_learn(day, gen);
	}
	if (d == NULL) {
		if (localtime_r(&t, out) == NULL)
			memset(out, 0, sizeof(*out));
		return;
	}
	fields_from_utc((long long)t + d->gmtoff, out);
	out->tm_isdst = d->isdst;
	out->tm_gmtoff = d->gmtoff;
	out->tm_zone = d->zone;
}

/*
 * Return the zone's offset from UTC in seconds at instant t.
 */
static long
zone_offset_at(time_t t)
{
	struct tm tm;

	clock_local(t, &tm);
	return tm.tm_gmtoff;
}

/*
 * The offsets a day before and a day after the wall time bracket any
 * change of offset near it (zones change at most twice a year).  Each
 * gives a candidate instant; a candidate is right if the zone really
 * has that offset at that instant.  Both right: the wall time happens
 * twice, take the earlier.  Neither: it falls in a gap, use the offset
 * from before the gap, which lands as far past the gap as it was in it.
 */
time_t
clock_from_local(int year, int mon, int day, int hour, int min)
{
	time_t wall, before, after;
	long   off_before, off_after;
	int    before_ok, after_ok;

	if (!valid_date(year, mon, day) || hour < 0 || hour > 23 || min < 0 ||
	    min > 59)
		return (time_t)-1;
	wall = utc_from_fields(year, mon, day, hour, min, 0);
	off_before = zone_offset_at(wall - SECS_PER_DAY);
	off_after = zone_offset_at(wall + SECS_PER_DAY);
	before = wall - off_before;
	after = wall - off_after;
	before_ok = zone_offset_at(before) == off_before;
	after_ok = zone_offset_at(after) == off_after;
	if (before_ok && after_ok)
		return before < after ? before : after;
	if (after_ok)
		return after;
	return before;
}

/*
 * Read exactly n decimal digits at *pp into *out and advance *pp.
 * Returns 0, or -1 (nothing advanced) if a character is not a digit.
 */
static int
take_digits(const char **pp, int n, int *out)
{
	const char *p = *pp;
	int	    i, v = 0;

	for (i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return -1;
		v = v * 10 + (p[i] - '0');
	}
	*pp = p + n;
	*out = v;
	return 0;
}

/*
 * Consume the character c at *pp.  Returns 0, or -1 if it is not there.
 */
static int
take_char(const char **pp, char c)
{
	if (**pp != c)
		return -1;
	(*pp)++;
	return 0;
}

/*
 * Read "YYYY-MM-DD" at *pp (a real date) and advance past it.
 * Returns 0, or -1.
 */
static int
take_date(const char **pp, int *y, int *m, int *d)
{
	if (take_digits(pp, 4, y) == -1 || take_char(pp, '-') == -1 ||
	    take_digits(pp, 2, m) == -1 || take_char(pp, '-') == -1 ||
	    take_digits(pp, 2, d) == -1)
		return -1;
	return valid_date(*y, *m, *d) ? 0 : -1;
}

/*
 * Read "HH:MM" or "HH:MM:SS" at *pp and advance past it.
 * Returns 0, or -1 if malformed or out of range.
 */
static int
take_time(const char **pp, int *hour, int *min, int *sec)
{
	*sec = 0;
	if (take_digits(pp, 2, hour) == -1 || take_char(pp, ':') == -1 ||
	    take_digits(pp, 2, min) == -1)
		return -1;
	if (take_char(pp, ':') == 0 && take_digits(pp, 2, sec) == -1)
		return -1;
	return *hour <= 23 && *min <= 59 && *sec <= 59 ? 0 : -1;
}

/*
 * Read the zone designator that must end the string: "Z", "+HH:MM" or
 * "-HH:MM" set *has_offset and *offset (seconds east of UTC); the empty
 * string clears *has_offset.  Returns 0, or -1.
 */
static int
take_offset(const char *p, int *has_offset, long *offset)
{
	int sign, hours, mins;

	*has_offset = 1;
	*offset = 0;
	if (*p == '\0') {
		*has_offset = 0;
		return 0;
	}
	if (strcmp(p, "Z") == 0)
		return 0;
	if (*p != '+' && *p != '-')
		return -1;
	sign = *p++ == '-' ? -1 : 1;
	if (take_digits(&p, 2, &hours) == -1 || take_char(&p, ':') == -1 ||
	    take_digits(&p, 2, &mins) == -1 || *p != '\0' || hours > 23 ||
	    mins > 59)
		return -1;
	*offset = sign * (hours * 3600L + mins * 60L);
	return 0;
}

int
clock_parse_iso(const char *s, time_t *out)
{
	int    y, m, d, hour, min, sec, has_offset;
	long   offset;
	time_t t;

	if (s == NULL || take_date(&s, &y, &m, &d) == -1 ||
	    take_char(&s, 'T') == -1 ||
	    take_time(&s, &hour, &min, &sec) == -1 ||
	    take_offset(s, &has_offset, &offset) == -1)
		return -1;
	if (has_offset)
		t = utc_from_fields(y, m, d, hour, min, sec) - offset;
	else if ((t = clock_from_local(y, m, d, hour, min)) == (time_t)-1)
		return -1;
	else
		t += sec;
	*out = t;
	return 0;
}

int
clock_parse_date(const char *s, int *y, int *m, int *d)
{
	int yy, mm, dd;

	if (s == NULL || take_date(&s, &yy, &mm, &dd) == -1 || *s != '\0')
		return -1;
	*y = yy;
	*m = mm;
	*d = dd;
	return 0;
}

time_t
clock_date_start(const char *yyyy_mm_dd)
{
	int y, m, d;

	if (clock_parse_date(yyyy_mm_dd, &y, &m, &d) == -1)
		return (time_t)-1;
	return clock_from_local(y, m, d, 0, 0);
}

int
clock_days_between(const char *from_date, const char *to_date)
{
	int y1, m1, d1, y2, m2, d2;

	if (clock_parse_date(from_date, &y1, &m1, &d1) == -1 ||
	    clock_parse_date(to_date, &y2, &m2, &d2) == -1)
		return INT_MIN;
	return (int)(days_from_civil(y2, m2, d2) - days_from_civil(y1, m1, d1));
}

void
clock_format_iso_utc(time_t t, char out[CLOCK_ISO_UTC_LEN])
{
	struct tm tm;

	if (gmtime_r(&t, &tm) == NULL ||
	    strftime(out, CLOCK_ISO_UTC_LEN, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		snprintf(out, CLOCK_ISO_UTC_LEN, "%s", "0000-00-00T00:00:00Z");
}

size_t
clock_format_local(time_t t, const char *strftime_fmt, char *out, size_t len)
{
	struct tm tm;
	size_t	  n;

	if (len == 0)
		return 0;
	clock_local(t, &tm);
	/*
	 * The prototype's format attribute checks every caller's format;
	 * GCC still flags the pass-through here.
	 */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	n = strftime(out, len, strftime_fmt, &tm);
#pragma GCC diagnostic pop
	if (n == 0)
		out[0] = '\0';
	return n;
}

int
clock_local_date(time_t t, char out[CLOCK_DATE_LEN])
{
	return clock_format_local(t, "%Y-%m-%d", out, CLOCK_DATE_LEN) ==
		CLOCK_DATE_LEN - 1
	    ? 0
	    : -1;
}

void
clock_today(char out[CLOCK_DATE_LEN])
{
	clock_local_date(clock_now(), out);
}

void
clock_set(time_t t)
{
	atomic_store(&fixed_now, (long long)t);
}

int64_t
clock_mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

#ifdef MENTOR_TEST_HOOKS
/*
 * The test clock file (MENTORLINK_CLOCK_FILE).  What was last read is
 * cached with the file's identity; it is read again when the identity
 * changes, and also while the file's mtime is not older than our last
 * read (two writes within one timestamp tick look identical to stat).
 */
#define CLOCK_FILE_MAX	   64
#define CLOCK_OFFSET_MAX   (200LL * 366 * SECS_PER_DAY)
#define CLOCK_ABSOLUTE_MAX 253402300799LL /* 9999-12-31T23:59:59Z */

static struct clock_file {
	int		cached; /* the fields below mean something */
	dev_t		dev;
	ino_t		ino;
	off_t		size;
	struct timespec mtime;
	time_t		read_at;  /* real time of the last read */
	int		ok;	  /* the contents parsed */
	int		relative; /* value is an offset from real time */
	long long	value;
} clock_file;
static pthread_mutex_t clock_file_lock = PTHREAD_MUTEX_INITIALIZER;

/*
 * Parse the file's text: an epoch second count, or "+N" / "-N" seconds
 * from real time, optionally followed by white space.  Returns 0, or -1.
 */
static int
clock_file_parse(const char *text, struct clock_file *cf)
{
	char	 *end;
	long long v;

	cf->relative = text[0] == '+' || text[0] == '-';
	if (!cf->relative && (text[0] < '0' || text[0] > '9'))
		return -1;
	errno = 0;
	v = strtoll(text, &end, 10);
	if (errno != 0 || end == text + cf->relative)
		return -1;
	end += strspn(end, " \t\r\n");
	if (*end != '\0')
		return -1;
	if (cf->relative ? (v > CLOCK_OFFSET_MAX || v < -CLOCK_OFFSET_MAX)
			 : (v <= 0 || v > CLOCK_ABSOLUTE_MAX))
		return -1;
	cf->value = v;
	return 0;
}

/*
 * Read and parse the file at path into cf->ok/relative/value.
 * Complains once per change of the file if it is unusable.
 */
static void
clock_file_read(const char *path, struct clock_file *cf)
{
	char	text[CLOCK_FILE_MAX + 1];
	ssize_t n;
	int	fd;

	cf->ok = 0;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		log_warn("clock: %s", path);
		return;
	}
	n = read(fd, text, CLOCK_FILE_MAX + 1);
	close(fd);
	if (n < 0 || n > CLOCK_FILE_MAX) {
		log_warnx("clock: %s: unreadable or too long", path);
		return;
	}
	text[n] = '\0';
	if (clock_file_parse(text, cf) == -1) {
		log_warnx("clock: %s: not an epoch second count or +N", path);
		return;
	}
	cf->ok = 1;
}

/*
 * Return 1 if the cached contents may be stale for a file with stat st.
 */
static int
clock_file_stale(const struct clock_file *cf, const struct stat *st)
{
	return !cf->cached || cf->dev != st->st_dev || cf->ino != st->st_ino ||
	    cf->size != st->st_size || cf->mtime.tv_sec != st->st_mtim.tv_sec ||
	    cf->mtime.tv_nsec != st->st_mtim.tv_nsec ||
	    st->st_mtim.tv_sec >= cf->read_at;
}

/*
 * If MENTORLINK_CLOCK_FILE is set and usable, store the time it gives
 * (real is the real time) in *out and return 0; else return -1.
 */
static int
clock_file_now(time_t real, time_t *out)
{
	const char *path = getenv("MENTORLINK_CLOCK_FILE");
	struct stat st;
	int	    rc = -1;

	if (path == NULL || path[0] == '\0')
		return -1;
	pthread_mutex_lock(&clock_file_lock);
	if (stat(path, &st) == -1) {
		clock_file.cached = 0;
		goto out;
	}
	if (clock_file_stale(&clock_file, &st)) {
		clock_file_read(path, &clock_file);
		clock_file.cached = 1;
		clock_file.dev = st.st_dev;
		clock_file.ino = st.st_ino;
		clock_file.size = st.st_size;
		clock_file.mtime = st.st_mtim;
		clock_file.read_at = real;
	}
	if (clock_file.ok) {
		*out = (time_t)(clock_file.relative ? real + clock_file.value
						    : clock_file.value);
		rc = 0;
	}
out:
	pthread_mutex_unlock(&clock_file_lock);
	return rc;
}
#endif /* MENTOR_TEST_HOOKS */

time_t
clock_now(void)
{
	long long fixed = atomic_load(&fixed_now);
	time_t	  real;

	if (fixed != 0)
		return (time_t)fixed;
	real = time(NULL);
#ifdef MENTOR_TEST_HOOKS
	{
		time_t t;

		if (clock_file_now(real, &t) == 0)
			return t;
	}
#endif
	return real;
}
