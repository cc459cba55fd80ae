/*
 * backup_files.c - files for backup and restore: temporary files beside
 * their target, put in place atomically, checksums, the CPR key's id.
 * See backup.h.
 */
#include <sys/mman.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "backup.h"
#include "buf.h"
#include "crypto.h"
#include "store_backup.h"

/* The fixed text the CPR key's id is a MAC of. */
#define KEY_ID_TEXT "mentorlink cpr key id"

/* The folder of path into out ("." when it has none). */
static void
dir_of(const char *path, char *out, size_t len)
{
	char copy[PATH_MAX];

	snprintf(copy, sizeof(copy), "%s", path);
	snprintf(out, len, "%s", dirname(copy));
}

int
backup_path_plus(const char *path, const char *suffix, char *out, size_t len)
{
	if ((size_t)snprintf(out, len, "%s%s", path, suffix) < len)
		return 0;
	errno = ENAMETOOLONG;
	return -1;
}

int
backup_temp(const char *path, char *tmp, size_t len)
{
	char dir[PATH_MAX], copy[PATH_MAX];
	int  fd;

	dir_of(path, dir, sizeof(dir));
	snprintf(copy, sizeof(copy), "%s", path);
	if ((size_t)snprintf(
		tmp, len, "%s/.%s.tmp-XXXXXX", dir, basename(copy)) >= len) {
		errno = ENAMETOOLONG;
		return -1;
	}
	/* mkstemp creates the file 0600 whatever the umask. */
	if ((fd = mkstemp(tmp)) == -1)
		return -1;
	close(fd);
	return 0;
}

int
backup_sync_dir(const char *path)
{
	char dir[PATH_MAX];

	dir_of(path, dir, sizeof(dir));
	return store_sync_path(dir);
}

/*
 * Move tmp to path unless path exists: renameat2(RENAME_NOREPLACE), or
 * link and unlink where the filesystem lacks it.  0, or -1 (errno).
 */
static int
rename_noreplace(const char *tmp, const char *path)
{
	if (renameat2(AT_FDCWD, tmp, AT_FDCWD, path, RENAME_NOREPLACE) == 0)
		return 0;
	if (errno != EINVAL && errno != ENOSYS)
		return -1;
	if (link(tmp, path) == -1)
		return -1;
	return unlink(tmp);
}

int
backup_install(const char *tmp, const char *path, int replace)
{
	if (replace ? rename(tmp, path) : rename_noreplace(tmp, path)) {
		return -1;
	}
	return backup_sync_dir(path);
}

int
backup_file_sha256(const char *path, char hex[BACKUP_SHA256_LEN])
{
	unsigned char md[CRYPTO_SHA256_LEN];
	struct stat   sb;
	void	     *p;
	int	      fd, saved;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	if (fstat(fd, &sb) == -1 || sb.st_size == 0) {
		saved = sb.st_size == 0 ? EINVAL : errno;
		close(fd);
		errno = saved;
		return -1;
	}
	/* Mapped, not read in: a large database is hashed by pages. */
	p = mmap(NULL, (size_t)sb.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	saved = errno;
	close(fd);
	if (p == MAP_FAILED) {
		errno = saved;
		return -1;
	}
	(void)madvise(p, (size_t)sb.st_size, MADV_SEQUENTIAL);
	crypto_sha256(p, (size_t)sb.st_size, md);
	munmap(p, (size_t)sb.st_size);
	crypto_hex(md, sizeof(md), hex);
	return 0;
}

void
backup_key_id(const struct buf *key, char hex[BACKUP_KEY_ID_LEN])
{
	unsigned char mac[CRYPTO_SHA256_LEN];

	crypto_hmac_sha256(
	    key->data, key->len, KEY_ID_TEXT, strlen(KEY_ID_TEXT), mac);
	crypto_hex(mac, (BACKUP_KEY_ID_LEN - 1) / 2, hex);
	explicit_bzero(mac, sizeof(mac));
}

int
backup_same_file(const char *a, const char *b)
{
	struct stat sa, sb;

	if (stat(a, &sa) == -1 || stat(b, &sb) == -1)
		return 0;
	return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

void
backup_process_name(long pid, char *out, size_t len)
{
	char   path[64];
	FILE  *f;
	size_t n = 0;

	snprintf(path, sizeof(path), "/proc/%ld/comm", pid);
	if ((f = fopen(path, "re")) != NULL) {
		n = fread(out, 1, len - 1, f);
		fclose(f);
	}
	out[n] = '\0';
	out[strcspn(out, "\n")] = '\0';
	if (out[0] == '\0')
		snprintf(out, len, "a process");
}

void
backup_stamp(time_t t, char *out, size_t len)
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, len, "%Y%m%dT%H%M%SZ", &tm);
}
