/*
 * rss_floor.c - the resident memory sms-gateway cannot go below: a
 * program linked with the same libraries (make bench builds it with the
 * daemon's flags) that only starts them - libcurl with OpenSSL, SQLite
 * (a new database made by the store, as sms-gateway opens one), one
 * HMAC-SHA256 through libcrypto, one libmicrohttpd daemon on 127.0.0.1
 * port 0 - and prints its resident set: what the benchmark's "peak RSS"
 * of the daemon contains before the daemon has done anything of its
 * own.  Figures only.
 */
#include <sys/socket.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unistd.h>

#include <curl/curl.h>
#include <microhttpd.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "proc_status.h"
#include "store.h"

static enum MHD_Result
answer(void *cls, struct MHD_Connection *c, const char *url, const char *method,
    const char *version, const char *data, size_t *len, void **ctx)
{
	return MHD_NO;
}

int
main(void)
{
	struct sockaddr_in sin;
	struct MHD_Daemon *d;
	struct store	  *s;
	char		   dir[64], path[96], err[256];
	pid_t		   me;
	unsigned char	   mac[EVP_MAX_MD_SIZE];
	unsigned int	   maclen;

	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return 1;
	snprintf(dir, sizeof(dir), "%s/rss-floor-XXXXXX",
	    getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (mkdtemp(dir) == NULL)
		return 1;
	snprintf(path, sizeof(path), "%s/floor.db", dir);
	if (store_open(path, STORE_CREATE, &s, err, sizeof(err)) != STORE_OK) {
		fprintf(stderr, "rss-floor: %s\n", err);
		return 1;
	}
	if (HMAC(EVP_sha256(), "key", 3, (const unsigned char *)"data", 4, mac,
		&maclen) == NULL)
		return 1;
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	d = MHD_start_daemon(MHD_USE_EPOLL_INTERNAL_THREAD, 0, NULL, NULL,
	    answer, NULL, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sin,
	    MHD_OPTION_END);
	me = getpid();
	printf("rss floor: the daemon's libraries alone (libcurl, OpenSSL, "
	       "SQLite with the schema, libmicrohttpd started, nothing else): "
	       "%.1f MB = %.1f MB private + %.1f MB shared library pages\n",
	    proc_status_kb(me, "VmRSS") / 1024.0,
	    proc_status_kb(me, "RssAnon") / 1024.0,
	    proc_status_kb(me, "RssFile") / 1024.0);
	if (d != NULL)
		MHD_stop_daemon(d);
	store_close(s);
	curl_global_cleanup();
	unlink(path);
	snprintf(path, sizeof(path), "%s/floor.db-wal", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/floor.db-shm", dir);
	unlink(path);
	rmdir(dir);
	return 0;
}
