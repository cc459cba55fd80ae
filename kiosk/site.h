/*
 * site - one kiosk server, many lobbies: the sites of [site.NAME]
 * (shared/config_site.h) in the kiosk's addresses.
 *
 * Without any [site.NAME] the kiosk is as it always was: its pages at
 * /, /cpr, /agreement ... and [organisation] desk.  With sites, every
 * page lives under /s/NAME/ (/s/nord/, /s/nord/cpr, ...), and the start
 * screen there shows the site's desk, address and opening hours.  At
 * the top level only / (with one site: a redirect to it; with more: a
 * page that lists them), /lang, the static files and /favicon.ico are
 * served; any other path, and a NAME that is no site, get the calm
 * "not found" page (404) in the person's language.
 *
 * The pages write their links and redirects as always ("/cpr"); for a
 * page under a site, site_rewrite() puts /s/NAME in front of each, in
 * one place, so no page needs to know.  The inline script finds the
 * prefix in the page's own address.
 */
#ifndef MENTOR_KIOSK_SITE_H
#define MENTOR_KIOSK_SITE_H

#include "pages.h"
#include "request.h"
#include "web.h"

struct config;

enum site_where {
	SITE_NONE,    /* no sites configured: path is the URL */
	SITE_ROOT,    /* sites configured, the URL is not under /s/ */
	SITE_IN,      /* under /s/NAME/ of a site */
	SITE_UNKNOWN, /* under /s/ but no such site: 404 */
	SITE_SLASH    /* exactly /s/NAME: redirect to /s/NAME/ */
};

struct site_path {
	enum site_where where;
	int		site; /* index in cfg->sites, -1: none */
	const char     *path; /* the path below the site: "/cpr" */
};

/* Split url (a request's path) into its site and the path below it. */
void site_mount(const struct config *, const char *url, struct site_path *);

/*
 * Under a site (site >= 0): put "/s/NAME" in front of the reply's
 * redirect to a path of ours and of every href="/..." and
 * action="/..." in its page, except the static files (/assets/).
 * Values in a page are HTML-escaped ("), so only the templates' own
 * attributes can match.
 */
void site_rewrite(const struct config *, int site, struct web_reply *);

/*
 * Check what the configuration's sites need at start (kiosk -n too):
 * each actor fits.  Returns 0, or -1 with the reason in err.
 */
int  site_check(const struct config *, char *err, size_t errlen);

/* The request's site, or NULL. */
const struct config_site *site_of(const struct kiosk_request *);

/*
 * On the start screen of a site: its address and opening hours (those
 * there are in the page's language), appended to out.
 */
void			  site_facts(struct page *, struct buf *out);

/*
 * GET / with sites configured: one site, a redirect to it; more, a page
 * that lists them.
 */
void page_sites(struct kiosk_request *, struct web_reply *);

#endif
