/*
 * assets - the static files under /assets/ (see assets.c).
 */
#ifndef MENTOR_KIOSK_ASSETS_H
#define MENTOR_KIOSK_ASSETS_H

#include "web.h"

/*
 * Answer rep with the file path (relative, after "/assets/") from the
 * folder, or 404; path NULL answers 204 (the favicon we do not have).
 */
void assets_serve(struct web_reply *, const char *folder, const char *path);

/* The Arabic font scripts/kiosk-assets.sh copies, relative to the folder. */
#define ASSETS_ARABIC_FONT "fonts/NotoSansArabic/NotoSansArabic-Regular.ttf"

/*
 * Log (once, at start) what the folder lacks: the folder itself (pages
 * without design) or the Arabic font (Arabic in the browser's own font).
 */
void assets_check(const char *folder);

#endif
