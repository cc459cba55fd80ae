/*
 * site.c - the sites in the kiosk's addresses, the page that lists
 * them and a site's facts on its start screen; see site.h.
 */
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "config_site.h"
#include "i18n.h"
#include "log.h"
#include "site.h"
#include "templates.h"

#define SITE_PREFIX "/s/"

void
site_mount(const struct config *cfg, const char *url, struct site_path *at)
{
	const struct config_site *s = NULL;
	const char		 *name = url + strlen(SITE_PREFIX);
	size_t			  n;

	at->site = -1;
	at->path = url;
	if (cfg->nsites == 0) {
		at->where = SITE_NONE;
		return;
	}
	if (strncmp(url, SITE_PREFIX, strlen(SITE_PREFIX)) != 0) {
		at->where = SITE_ROOT;
		return;
	}
	n = strcspn(name, "/");
	if (config_site_name_ok(name, n))
		s = config_site_find(cfg, name, n);
	if (s == NULL) {
		at->where = SITE_UNKNOWN;
		return;
	}
	at->site = (int)(s - cfg->sites);
	at->path = name + n;
	at->where = *at->path == '\0' ? SITE_SLASH : SITE_IN;
}

/*
 * The next link of ours at or after p in the page that starts at page: a
 * pointer to the '/' that begins the path of an href="/..." or
 * action="/...", or NULL.  One pass over the page in all.
 */
static const char *
site_next_link(const char *page, const char *p)
{
	for (; (p = strstr(p, "=\"/")) != NULL; p += 3)
		if ((p - page >= 4 && strncmp(p - 4, "href", 4) == 0) ||
		    (p - page >= 6 && strncmp(p - 6, "action", 6) == 0))
			return p + 2;
	return NULL;
}

/* Whether the path at p stays as it is: a static file, or "//host". */
static int
site_keep(const char *p)
{
	return strncmp(p, "/assets/", 8) == 0 || strncmp(p, "//", 2) == 0;
}

void
site_rewrite(const struct config *cfg, int site, struct web_reply *rep)
{
	char	    prefix[CONFIG_SITE_NAME_MAX + 4], loc[WEB_LOCATION_MAX];
	struct buf  out = { 0 };
	const char *p, *link;

	if (site < 0 || rep->is_file)
		return;
	snprintf(prefix, sizeof(prefix), "/s/%s", cfg->sites[site].name);
	if (rep->location[0] == '/' && !site_keep(rep->location) &&
	    snprintf(loc, sizeof(loc), "%s%s", prefix, rep->location) <
		(int)sizeof(loc))
		memcpy(rep->location, loc, strlen(loc) + 1);
	if (rep->body.len == 0)
		return;
	for (p = buf_str(&rep->body);
	     (link = site_next_link(buf_str(&rep->body), p)) != NULL;
	     p = link) {
		buf_append(&out, p, (size_t)(link - p));
		if (!site_keep(link))
			buf_puts(&out, prefix);
	}
	buf_puts(&out, p);
	buf_free(&rep->body);
	rep->body = out;
}

int
site_check(const struct config *cfg, char *err, size_t errlen)
{
	char   actor[KIOSK_ACTOR_MAX];
	size_t i;

	if (request_actor(cfg, -1, actor) == -1) {
		snprintf(err, errlen, "[kiosk] id: longer than %d bytes",
		    KIOSK_ACTOR_MAX - 1);
		return -1;
	}
	for (i = 0; i < cfg->nsites; i++)
		if (request_actor(cfg, (int)i, actor) == -1) {
			snprintf(err, errlen,
			    "[site.%s]: [kiosk] id, '/' and the site's name "
			    "make more than %d bytes (the kiosk's name in the "
			    "audit trail); shorten one",
			    cfg->sites[i].name, KIOSK_ACTOR_MAX - 1);
			return -1;
		}
	return 0;
}

const struct config_site *
site_of(const struct kiosk_request *req)
{
	return req->site >= 0 ? &req->k->cfg->sites[req->site] : NULL;
}

void
site_facts(struct page *p, struct buf *out)
{
	const struct config_site *s = site_of(p->req);
	const char		 *hours;
	struct buf		  rows = { 0 };
	struct template_var	  v[] = {
		      { "label", NULL },
		      { "value", NULL },
		      { "lang", "" },
	};
	struct template_var f[] = { { "rows", NULL } };

	if (s == NULL)
		return;
	if (s->address != NULL) {
		page_set(v, NVARS(v), "label", tr(p, N_("Adresse")));
		page_set(v, NVARS(v), "value", s->address);
		page_set(v, NVARS(v), "lang", page_staff_lang(p));
		page_render(&rows, tpl_fact_html, v, NVARS(v));
	}
	if ((hours = config_text(&s->hours, p->lang)) != NULL) {
		page_set(v, NVARS(v), "label", tr(p, N_("Åbningstider")));
		page_set(v, NVARS(v), "value", hours);
		page_set(v, NVARS(v), "lang", "");
		page_render(&rows, tpl_fact_html, v, NVARS(v));
	}
	if (rows.len > 0) {
		page_set(f, NVARS(f), "rows", buf_str(&rows));
		page_render(out, tpl_facts_html, f, NVARS(f));
	}
	buf_free(&rows);
}

/* The buttons of page_sites(), one per site, appended to out. */
static void
site_links(struct page *p, struct buf *out)
{
	const struct config	 *cfg = p->req->k->cfg;
	const struct config_site *s;
	size_t			  i;
	struct template_var	  v[] = {
		      { "name", NULL },
		      { "label", NULL },
		      { "lang", NULL },
	};

	for (i = 0; i < cfg->nsites; i++) {
		s = &cfg->sites[i];
		page_set(v, NVARS(v), "name", s->name);
		page_set(v, NVARS(v), "label",
		    s->address != NULL ? s->address : s->name);
		page_set(v, NVARS(v), "lang",
		    s->address != NULL ? page_staff_lang(p) : "");
		page_render(out, tpl_site_link_html, v, NVARS(v));
	}
}

void
page_sites(struct kiosk_request *req, struct web_reply *rep)
{
	const struct config *cfg = req->k->cfg;
	char		     path[CONFIG_SITE_NAME_MAX + 5];
	struct page	     p;
	struct buf	     links = { 0 };

	if (cfg->nsites == 1) {
		snprintf(path, sizeof(path), "/s/%s/", cfg->sites[0].name);
		web_redirect(rep, path);
		return;
	}
	page_open(&p, req, rep, SCREEN_START);
	site_links(&p, &links);
	{
		struct template_var v[] = {
			{ "t_heading", tr(&p, N_("Hvor er du?")) },
			{ "t_lead",
			    tr(&p, N_("Tryk på det sted, hvor du er nu.")) },
			{ "links", buf_str(&links) },
		};

		page_render(&p.content, tpl_sites_html, v, NVARS(v));
	}
	buf_free(&links);
	page_close(&p);
}
