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

#endif
