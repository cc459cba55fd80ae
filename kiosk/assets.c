/*
 * assets.c - the static files under /assets/: the borger.dk theme CSS,
 * its fonts, Noto Sans Arabic, the icon sprite and our own kiosk.css,
 * from the folder cfg->kiosk_assets (made by scripts/kiosk-assets.sh).
 * Only plain
 * relative paths of [A-Za-z0-9._/-] without ".." and with a known
 * extension are served, and only regular files (O_NOFOLLOW).
 */
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <microhttpd.h>

#include "assets.h"
#include "log.h"

#define ASSET_PATH_MAX 200

struct asset_type {
	const char *ext;
	const char *mime;
};

static const struct asset_type types[] = {
	{ ".css", "text/css; charset=utf-8" },
	{ ".woff2", "font/woff2" },
	{ ".woff", "font/woff" },
	{ ".ttf", "font/ttf" },
	{ ".svg", "image/svg+xml" },
	{ ".png", "image/png" },
	{ ".txt", "text/plain; charset=utf-8" },
};

/*
 * The MIME type for path's extension, or NULL if we do not serve it.
 */
static const char *
asset_mime(const char *path)
{
	size_t i, n = strlen(path), e;

	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		e = strlen(types[i].ext);
		if (n > e && strcmp(path + n - e, types[i].ext) == 0)
			return types[i].mime;
	}
	return NULL;
}

/*
 * 1 if path is a plain relative path we may serve.
 */
static int
asset_path_ok(const char *path)
{
	size_t n = strlen(path);

	if (n == 0 || n > ASSET_PATH_MAX || path[0] == '/' || path[0] == '.')
		return 0;
	if (strspn(path,
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
		"0123456789._/-") != n)
		return 0;
	return strstr(path, "..") == NULL && strstr(path, "//") == NULL &&
	    strstr(path, "/.") == NULL;
}

/*
 * An empty answer with status (204 for the favicon, 404).
 */
static void
asset_empty(struct web_reply *rep, unsigned int status)
{
	rep->status = status;
	rep->cache_public = 1;
}

void
assets_serve(struct web_reply *rep, const char *folder, const char *path)
{
	char	    full[PATH_MAX];
	const char *mime;
	struct stat st;
	int	    fd;

	if (path == NULL) {
		asset_empty(rep, MHD_HTTP_NO_CONTENT);
		return;
	}
	if (!asset_path_ok(path) || (mime = asset_mime(path)) == NULL ||
	    (size_t)snprintf(full, sizeof(full), "%s/%s", folder, path) >=
		sizeof(full)) {
		asset_empty(rep, MHD_HTTP_NOT_FOUND);
		return;
	}
	if ((fd = open(full, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) == -1) {
		if (errno != ENOENT)
			log_warn("kiosk: asset %s", path);
		else
			log_debug("kiosk: no asset %s", path);
		asset_empty(rep, MHD_HTTP_NOT_FOUND);
		return;
	}
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		close(fd);
		asset_empty(rep, MHD_HTTP_NOT_FOUND);
		return;
	}
	web_reply_file(rep, fd, (size_t)st.st_size, mime);
}

void
assets_check(const char *folder)
{
	char	    full[PATH_MAX];
	struct stat st;

	if (stat(folder, &st) == -1 || !S_ISDIR(st.st_mode)) {
		log_warnx("kiosk: assets folder %s is missing; pages will have "
			  "no design (run scripts/kiosk-assets.sh)",
		    folder);
		return;
	}
	if ((size_t)snprintf(full, sizeof(full), "%s/%s", folder,
		ASSETS_ARABIC_FONT) >= sizeof(full) ||
	    stat(full, &st) == -1 || !S_ISREG(st.st_mode))
		log_warnx("kiosk: no Arabic font in %s (install Debian "
			  "fonts-noto-core and run scripts/kiosk-assets.sh); "
			  "Arabic pages use the browser's own font",
		    folder);
}
