/*
 * fake-provider - a fake SMS provider for tests and benchmarks.
 *
 *	fake-provider [-p PORTFILE] [-r RECORDFILE] [-t GWAPI_TOKEN]
 *	    [-s TWILIO_SID -a TWILIO_TOKEN] [-d DELAY_MS] [-T THREADS]
 *
 * Binds 127.0.0.1 on a free port, writes the port to PORTFILE (and
 * stdout) and serves until SIGTERM/SIGINT.  Thread per connection by
 * default, so a delayed answer holds only its own connection; -T N uses
 * an epoll pool of N threads instead.  See fake.h for the files.
 */
#include <netinet/in.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "fake.h"
#include "log.h"

const char		    *fake_gwapi_token;
const char		    *fake_twilio_sid, *fake_twilio_token;

static volatile sig_atomic_t quit;

struct conn {
	struct buf body;
	int	   too_big;
};

static void
on_signal(int sig)
{
	quit = 1;
}

static void
usage(void)
{
	fprintf(stderr,
	    "usage: fake-provider [-p PORTFILE] [-r RECORDFILE] "
	    "[-t TOKEN] [-s SID -a TOKEN] [-d DELAY_MS] [-T THREADS]\n");
	exit(2);
}

enum MHD_Result
fake_respond(struct MHD_Connection *c, int status, const char *ctype,
    const char *body, size_t len, int retry_after)
{
	struct MHD_Response *r;
	enum MHD_Result	     ret;
	char		     ra[16];

	r = MHD_create_response_from_buffer(
	    len, (void *)body, MHD_RESPMEM_MUST_COPY);
	if (r == NULL)
		return MHD_NO;
	if (ctype != NULL)
		MHD_add_response_header(r, "Content-Type", ctype);
	if (retry_after > 0) {
		snprintf(ra, sizeof(ra), "%d", retry_after);
		MHD_add_response_header(r, "Retry-After", ra);
	}
	ret = MHD_queue_response(c, (unsigned)status, r);
	MHD_destroy_response(r);
	return ret;
}

const char *
fake_header(struct MHD_Connection *c, const char *name)
{
	return MHD_lookup_connection_value(c, MHD_HEADER_KIND, name);
}

/*
 * Collect the body across calls, then dispatch: /_ to control, the
 * provider paths to send_api, anything else 404.
 */
static enum MHD_Result
on_request(void *cls, struct MHD_Connection *c, const char *url,
    const char *method, const char *version, const char *upload,
    size_t *upload_size, void **ptr)
{
	struct conn *cn = *ptr;

	if (cn == NULL) {
		if ((cn = calloc(1, sizeof(*cn))) == NULL)
			return MHD_NO;
		*ptr = cn;
		return MHD_YES;
	}
	if (*upload_size > 0) {
		if (cn->body.len + *upload_size > FAKE_BODY_MAX)
			cn->too_big = 1;
		else
			buf_append(&cn->body, upload, *upload_size);
		*upload_size = 0;
		return MHD_YES;
	}
	if (cn->too_big)
		return fake_respond(c, 413, "text/plain", "too big\n", 8, 0);
	if (strncmp(url, "/_", 2) == 0)
		return control_handle(
		    c, method, url, buf_str(&cn->body), cn->body.len);
	if (send_api_match(url))
		return send_api_handle(
		    c, method, url, buf_str(&cn->body), cn->body.len);
	return fake_respond(c, 404, "text/plain", "not found\n", 10, 0);
}

static void
on_completed(void *cls, struct MHD_Connection *c, void **ptr,
    enum MHD_RequestTerminationCode toe)
{
	struct conn *cn = *ptr;

	if (cn == NULL)
		return;
	buf_free(&cn->body);
	free(cn);
	*ptr = NULL;
}

/* Write the port to path atomically (the harness polls the file). */
static void
write_port(const char *path, unsigned port)
{
	struct buf tmp = { 0 };
	FILE	  *f;

	buf_printf(&tmp, "%s.tmp", path);
	if ((f = fopen(buf_str(&tmp), "w")) == NULL)
		fatal("%s", buf_str(&tmp));
	fprintf(f, "%u\n", port);
	if (fclose(f) != 0 || rename(buf_str(&tmp), path) == -1)
		fatal("%s", path);
	buf_free(&tmp);
}

/* Parse a small non-negative number option. */
static int
num_arg(const char *s, int max)
{
	char *end;
	long  v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < 0 || v > max)
		usage();
	return (int)v;
}

static struct MHD_Daemon *
start_daemon(int threads)
{
	struct sockaddr_in sin;
	unsigned	   flags;

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sin.sin_port = 0;
	flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG;
	if (threads == 0)
		flags |= MHD_USE_THREAD_PER_CONNECTION | MHD_USE_POLL;
	else
		flags |= MHD_USE_EPOLL;
	return MHD_start_daemon(flags, 0, NULL, NULL, on_request, NULL,
	    MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sin,
	    MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)120,
	    MHD_OPTION_CONNECTION_LIMIT, (unsigned)2000,
	    MHD_OPTION_THREAD_POOL_SIZE, (unsigned)(threads > 1 ? threads : 0),
	    MHD_OPTION_END);
}

int
main(int argc, char *argv[])
{
	struct MHD_Daemon	   *d;
	const union MHD_DaemonInfo *info;
	const char		   *port_file = NULL, *record_file = NULL;
	char			    cfg[64];
	int			    ch, threads = 0, delay = 0;

	while ((ch = getopt(argc, argv, "a:d:p:r:s:t:T:")) != -1) {
		switch (ch) {
		case 'a':
			fake_twilio_token = optarg;
			break;
		case 'd':
			delay = num_arg(optarg, 60000);
			break;
		case 'p':
			port_file = optarg;
			break;
		case 'r':
			record_file = optarg;
			break;
		case 's':
			fake_twilio_sid = optarg;
			break;
		case 't':
			fake_gwapi_token = optarg;
			break;
		case 'T':
			threads = num_arg(optarg, 64);
			break;
		default:
			usage();
		}
	}
	if (optind != argc)
		usage();
	log_init(1, 0);
	signal(SIGPIPE, SIG_IGN);
	signal(SIGTERM, on_signal);
	signal(SIGINT, on_signal);
	record_open(record_file);
	snprintf(cfg, sizeof(cfg), "{\"delay_ms\":%d}", delay);
	settings_set_json(cfg, strlen(cfg));
	if ((d = start_daemon(threads)) == NULL)
		fatalx("cannot start the HTTP server");
	info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	if (info == NULL || info->port == 0)
		fatalx("no port");
	if (port_file != NULL)
		write_port(port_file, info->port);
	printf("%u\n", info->port);
	fflush(stdout);
	while (!quit)
		pause();
	MHD_stop_daemon(d);
	record_close();
	faults_reset();
	record_reset();
	return 0;
}
