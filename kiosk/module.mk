# kiosk: the touch-screen web program.  Included by the Makefile before
# its own rules, so the first target here is "all" (the default goal) and
# prerequisites spell out paths ($(LIBMENTOR) is not set yet).
KIOSK_SRCS = \
	kiosk/main.c \
	kiosk/route.c \
	kiosk/request.c \
	kiosk/assets.c \
	kiosk/session.c \
	kiosk/site.c \
	kiosk/login.c \
	kiosk/login_desk.c \
	kiosk/page.c \
	kiosk/page_start.c \
	kiosk/page_login.c \
	kiosk/page_mitid.c \
	kiosk/page_agreement.c \
	kiosk/page_contact.c \
	kiosk/page_complaint.c \
	kiosk/page_access.c \
	kiosk/page_privacy.c

# Templates: kiosk/templates/* compiled in (kiosk/embed-templates.sh).
KIOSK_TEMPLATES = $(sort $(wildcard kiosk/templates/*))
KIOSK_ASSETS_DIR = $(O)/kiosk-assets

all: $(KIOSK_ASSETS_DIR)/.stamp

$(O)/gen/kiosk_templates.c: $(KIOSK_TEMPLATES) kiosk/embed-templates.sh
	@mkdir -p $(@D)
	@echo "  GEN     $@"
	@kiosk/embed-templates.sh $(KIOSK_TEMPLATES) > $@.tmp && mv $@.tmp $@

$(O)/gen/kiosk_templates.o: $(O)/gen/kiosk_templates.c kiosk/templates.h
	@echo "  CC      $@"
	@$(CC) $(CFLAGS) -Ikiosk -c $< -o $@

$(O)/bin/kiosk: $(O)/gen/kiosk_templates.o

# Where the kiosk finds its static files when [kiosk] assets is not set:
# the build tree, or where `make install` puts them.
KIOSK_ASSETS_RUNTIME ?= $(abspath $(KIOSK_ASSETS_DIR))
$(O)/kiosk/main.o: CFLAGS += -DKIOSK_ASSETS_DEFAULT='"$(KIOSK_ASSETS_RUNTIME)"'

# The design system files actually used, copied from kiosk/web/node_modules
# (npm ci by scripts/deps.sh) next to our own kiosk.css.  Whether the
# Arabic font is there is kept in a file rewritten only when it changes
# (the font's own mtime is the package's, older than any build), so
# assets built before fonts-noto-core was installed are built again.
NOTO_DIR ?= /usr/share/fonts/truetype/noto
KIOSK_ARABIC_FONT := $(wildcard $(NOTO_DIR)/NotoSansArabic-Regular.ttf)
KIOSK_FONT_STATE = $(O)/gen/kiosk-arabic-font
$(KIOSK_FONT_STATE): FORCE
	@mkdir -p $(@D)
	@echo '$(KIOSK_ARABIC_FONT)' | cmp -s - $@ || \
	    echo '$(KIOSK_ARABIC_FONT)' > $@

$(KIOSK_ASSETS_DIR)/.stamp: scripts/kiosk-assets.sh kiosk/web/kiosk.css \
    kiosk/web/kiosk-arabic.css \
    kiosk/web/package-lock.json $(KIOSK_FONT_STATE)
	@echo "  ASSETS  $(KIOSK_ASSETS_DIR)"
	@scripts/kiosk-assets.sh kiosk/web $(KIOSK_ASSETS_DIR)

# Benchmark: agreement page time with many citizens (bench/kiosk_bench.c).
$(O)/bench/kiosk-bench: bench/kiosk_bench.c bench/seed.h bench/timing.h $(O)/libmentor.a
	@mkdir -p $(@D)
	@echo "  LD      $@"
	@$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(O)/libmentor.a $(LIBS)
