/*
 * console.h - what the parts of the staff console share: the program's
 * state.
 *
 * Threads: the HTTP server runs every request on one internal thread, so
 * the store connection here is used by that thread only; the main thread
 * waits for signals.
 */
#ifndef MENTOR_CONSOLE_H
#define MENTOR_CONSOLE_H

#include "buf.h"

struct config;
struct oidc_client;
struct store;
struct store_ckpt;
struct web_server;

#define CONSOLE_URL_MAX	   512
#define CONSOLE_CKPT_PAGES 4000 /* WAL pages before a checkpoint */

struct console {
	struct config	   *cfg;
	struct store	   *store;   /* the HTTP thread's connection */
	struct store_ckpt  *ckpt;    /* its WAL checkpoints, off that thread */
	struct oidc_client *oidc;    /* [oidc.staff] */
	struct buf	    cpr_key; /* hashes a CPR typed at the desk */
	char		    public_url[CONSOLE_URL_MAX]; /* no '/' at the end */
	char		    redirect_uri[CONSOLE_URL_MAX + 16];
	char		    signed_out_uri[CONSOLE_URL_MAX + 16];
	int		    tls; /* served over HTTPS */
	struct web_server  *web;
	char		    csp[512]; /* Content-Security-Policy */
};

#endif
