/*
 * websign.c - provider-signed webhook requests.  See websign.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "websign.h"

/* See websign.h. */
void
websign_free(struct websign_req *r)
{
	buf_free(&r->path);
	buf_free(&r->header);
	buf_free(&r->body);
	memset(r, 0, sizeof(*r));
}

/* See websign.h. */
void
websign_urlencode(const char *s, struct buf *out)
{
	static const char    hex[] = "0123456789ABCDEF";
	const unsigned char *p;

	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~", *p) != NULL)
			buf_putc(out, *p);
		else {
			buf_putc(out, '%');
			buf_putc(out, hex[*p >> 4]);
			buf_putc(out, hex[*p & 15]);
		}
	}
}

/* libcurl write callback: the daemon's short answer is not needed. */
static size_t
reply_discard(char *p, size_t size, size_t n, void *arg)
{
	(void)p;
	(void)arg;
	return size * n;
}

/* See websign.h. */
long
websign_post(const char *base, const struct websign_req *r, int with_signature,
    long timeout)
{
	CURL		  *c;
	struct curl_slist *h = NULL;
	struct buf	   url = { 0 }, ct = { 0 };
	long		   status = 0;

	if ((c = curl_easy_init()) == NULL)
		return 0;
	buf_printf(&url, "%s%s", base, buf_str(&r->path));
	buf_printf(&ct, "Content-Type: %s", r->content_type);
	h = curl_slist_append(h, buf_str(&ct));
	if (with_signature)
		h = curl_slist_append(h, buf_str(&r->header));
	curl_easy_setopt(c, CURLOPT_URL, buf_str(&url));
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_POSTFIELDS, buf_str(&r->body));
	curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)r->body.len);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, timeout);
	curl_easy_setopt(c, CURLOPT_NOPROXY, "*");
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, reply_discard);
	if (curl_easy_perform(c) == CURLE_OK)
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	curl_slist_free_all(h);
	curl_easy_cleanup(c);
	buf_free(&url);
	buf_free(&ct);
	return status;
}
