# Mentorlink - plain GNU Makefile.  See README.md.
#
#   make            build the programs into build/bin/
#   make run        install what is missing, build, demo data, start
#   make check      install what is missing, build, run every test
#   make lint       banned functions, SQL placement, cppcheck, include graph,
#                   repeated blocks, clang-format (run first by make check)
#   make po-check   catalogues: placeholders, headers, nothing missing
#   make bench      benchmarks (figures only, no assertions)
#   make fuzz       libFuzzer targets for a longer run (FUZZ_SECONDS=N)
#   make install    PREFIX=/usr/local DESTDIR=
#
# O selects the build tree and VARIANT its flags: release (default),
# test (test hooks such as the settable clock) or asan (test + sanitizers).

O       ?= build
VARIANT ?= release
PREFIX  ?= /usr/local
DESTDIR ?=

CC      ?= cc
PKGS     = sqlite3 libcurl json-c libmicrohttpd libcrypto inih cjose icu-i18n icu-uc
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CMOCKA_CFLAGS := $(shell pkg-config --cflags cmocka 2>/dev/null)
CMOCKA_LIBS   := $(shell pkg-config --libs cmocka 2>/dev/null)

WARN     = -std=c11 -Wall -Wextra -Werror -Wshadow -Wformat=2 \
           -Wstrict-prototypes -Wmissing-prototypes -Wno-unused-parameter
HARDEN   = -D_FORTIFY_SOURCE=2 -fstack-protector-strong -fPIE \
           -fstack-clash-protection -fcf-protection
LDHARDEN = -pie -Wl,-z,relro,-z,now,-z,noexecstack
DEFS     = -D_GNU_SOURCE -DLOCALEDIR='"$(LOCALEDIR)"'

ifeq ($(VARIANT),release)
OPT      = -O2 -g
else ifeq ($(VARIANT),test)
OPT      = -O1 -g -DMENTOR_TEST_HOOKS
else ifeq ($(VARIANT),asan)
OPT      = -O1 -g -fno-omit-frame-pointer -DMENTOR_TEST_HOOKS \
           -fsanitize=address,undefined -fno-sanitize-recover=all
HARDEN   = -fstack-protector-strong -fPIE
LDHARDEN = -pie -fsanitize=address,undefined
else
$(error VARIANT must be release, test or asan)
endif

# Where gettext catalogues are looked up: the build tree until installed.
LOCALEDIR ?= $(CURDIR)/$(O)/locale

CFLAGS  += $(WARN) $(OPT) $(HARDEN) $(DEFS) -Ishared -I$(O)/gen $(PKG_CFLAGS)
LDFLAGS += $(LDHARDEN)
LIBS     = $(PKG_LIBS) -lm

# "make" alone builds the programs, whatever the parts' files define first.
.DEFAULT_GOAL := all

# Each part lists its own sources explicitly.
include shared/module.mk
include sms-gateway/module.mk
include kiosk/module.mk
include admin/module.mk
include console/module.mk
include tests/module.mk

SCHEMA      = $(sort $(wildcard schema/[0-9][0-9][0-9][0-9]_*.sql))
LIBMENTOR   = $(O)/libmentor.a
BINS        = $(O)/bin/mentorctl $(O)/bin/sms-gateway $(O)/bin/kiosk \
              $(O)/bin/console
# The catalogues: one po/LANG.po per language of shared/lang.c but Danish
# (the source); test_lang checks the two agree.
# PO_DIR lets test_lang build a dummy language's catalogue elsewhere.
PO_DIR     ?= po
LANGS       = $(sort $(patsubst $(PO_DIR)/%.po,%,$(wildcard $(PO_DIR)/*.po)))
UNITS       = systemd/mentorlink-sms-gateway.service \
              systemd/mentorlink-kiosk.service systemd/mentorlink-screen.service \
              systemd/mentorlink-console.service \
              systemd/mentorlink-backup.service systemd/mentorlink-backup.timer
MOS         = $(LANGS:%=$(O)/locale/%/LC_MESSAGES/mentorlink.mo)

.PHONY: all deps run check check-unit check-integration check-e2e \
        catalogues test-build lint po-check bench fuzz install clean distclean

all: $(BINS) $(MOS)

catalogues: $(MOS)

deps:
	@scripts/deps.sh $(if $(NO_NPM),--no-npm)

$(O)/gen/schema.c: $(SCHEMA) scripts/embed-schema.sh
	@mkdir -p $(@D)
	@scripts/embed-schema.sh $(SCHEMA) > $@.tmp && mv $@.tmp $@

$(O)/%.o: %.c
	@mkdir -p $(@D)
	@echo "  CC      $@"
	@$(CC) $(CFLAGS) -MMD -MP -c $< -o $@

$(O)/gen/schema.o: $(O)/gen/schema.c
	@$(CC) $(CFLAGS) -c $< -o $@

$(LIBMENTOR): $(SHARED_SRCS:%.c=$(O)/%.o) $(O)/gen/schema.o
	@rm -f $@
	@echo "  AR      $@"
	@$(AR) rcs $@ $^

$(O)/bin/mentorctl: $(MENTORCTL_SRCS:%.c=$(O)/%.o) $(LIBMENTOR)
	@mkdir -p $(@D)
	@echo "  LD      $@"
	@$(CC) $(LDFLAGS) -o $@ $^ $(LIBS)

$(O)/bin/sms-gateway: $(GATEWAY_SRCS:%.c=$(O)/%.o) $(LIBMENTOR)
	@mkdir -p $(@D)
	@echo "  LD      $@"
	@$(CC) $(LDFLAGS) -o $@ $^ $(LIBS)

$(O)/bin/kiosk: $(KIOSK_SRCS:%.c=$(O)/%.o) $(LIBMENTOR)
	@mkdir -p $(@D)
	@echo "  LD      $@"
	@$(CC) $(LDFLAGS) -o $@ $^ $(LIBS)

$(O)/bin/console: $(CONSOLE_SRCS:%.c=$(O)/%.o) $(LIBMENTOR)
	@mkdir -p $(@D)
	@echo "  LD      $@"
	@$(CC) $(LDFLAGS) -o $@ $^ $(LIBS)

# One catalogue per language, merged from po/LANG.po and the fragments
# po/LANG/*.po that each part of the tree keeps for its own texts.
.SECONDEXPANSION:
$(O)/locale/%/LC_MESSAGES/mentorlink.mo: $(PO_DIR)/%.po $$(wildcard $(PO_DIR)/%/*.po)
	@mkdir -p $(@D)
	@echo "  MSGFMT  $@"
	@msgcat --use-first -o $(O)/locale/$*.po $^
	@msgfmt --check -o $@ $(O)/locale/$*.po

# --- tests --------------------------------------------------------------

$(O)/tests/unit/%: tests/unit/%.c $(LIBMENTOR)
	@mkdir -p $(@D)
	@echo "  TEST    $@"
	@$(CC) $(CFLAGS) $(CMOCKA_CFLAGS) -MMD -MP -MF $@.d -MT $@ $(LDFLAGS) \
	    -o $@ $< $(LIBMENTOR) $(LIBS) $(CMOCKA_LIBS)

# Integration tests: C programs (cmocka) that start the real programs on
# port 0 and drive them, sharing tests/harness.c.
$(O)/tests/integration/%: tests/integration/%.c $(O)/tests/harness.o $(LIBMENTOR)
	@mkdir -p $(@D)
	@echo "  TEST    $@"
	@$(CC) $(CFLAGS) $(CMOCKA_CFLAGS) -Itests -MMD -MP -MF $@.d -MT $@ \
	    $(LDFLAGS) -o $@ $< $(O)/tests/harness.o $(LIBMENTOR) $(LIBS) \
	    $(CMOCKA_LIBS)

# Test helper programs (the fake provider ...): sources in FAKE_PROVIDER_SRCS.
$(O)/tests/bin/fake-provider: $(FAKE_PROVIDER_SRCS:%.c=$(O)/%.o) $(LIBMENTOR)
	@mkdir -p $(@D)
	@echo "  LD      $@"
	@$(CC) $(LDFLAGS) -o $@ $^ $(LIBS)

test-build: all $(UNIT_TESTS:%=$(O)/tests/unit/%) \
    $(INTEGRATION_TESTS:%=$(O)/tests/integration/%) $(TEST_PROGS:%=$(O)/tests/bin/%)

check-unit: test-build
	@O=$(O) scripts/run-tests.sh unit $(UNIT_TESTS)

# Under asan the real-time tests (REALTIME_TESTS, tests/module.mk) are
# left out: the test variant has run them.
ASAN_SKIP ?= $(REALTIME_TESTS)
INTEGRATION_RUN = $(if $(filter asan,$(VARIANT)), \
    $(filter-out $(ASAN_SKIP),$(INTEGRATION_TESTS)),$(INTEGRATION_TESTS))

check-integration: test-build
	@O=$(O) scripts/run-tests.sh integration $(INTEGRATION_RUN)

check-e2e:
	@O=$(O) scripts/run-e2e.sh

# Each stage appends "stage passed failed" to CHECK_SUMMARY; the last line
# of make check is the total.
export CHECK_SUMMARY = $(CURDIR)/build/check-summary

check: deps
	@mkdir -p build && rm -f $(CHECK_SUMMARY)
	$(MAKE) lint
	$(MAKE) -j2 all
	$(MAKE) -j2 O=build/test VARIANT=test test-build
	$(MAKE) O=build/test VARIANT=test check-unit check-integration
	$(MAKE) -j2 O=build/asan VARIANT=asan test-build
	$(MAKE) O=build/asan VARIANT=asan check-unit check-integration
	$(MAKE) O=build/test VARIANT=test check-e2e
	@scripts/run-fuzz.sh $(or $(FUZZ_SECONDS),3)
	@awk '{ p += $$2; f += $$3 } END { printf "check: %d passed, %d failed\n", p, f; exit f > 0 }' $(CHECK_SUMMARY)

run: deps all
	@scripts/run-demo.sh $(O)

bench: deps
	$(MAKE) all
	@O=$(O) scripts/run-bench.sh

fuzz:
	@scripts/run-fuzz.sh $(or $(FUZZ_SECONDS),60)

# strict: clang-format drift fails lint (the tree is formatted; run
# clang-format -i on what you change); report: it is only counted.
LINT_FORMAT ?= strict

lint:
	@LINT_FORMAT=$(LINT_FORMAT) scripts/lint.sh

po-check:
	@scripts/po-check.sh

# Installed programs look for catalogues (and the kiosk for its assets)
# under PREFIX, so they are built in a tree of their own.  The systemd
# units (UNITS) get PREFIX in their paths.
install:
	$(MAKE) O=build/install LOCALEDIR=$(PREFIX)/share/locale \
	    KIOSK_ASSETS_RUNTIME=$(PREFIX)/share/mentorlink/kiosk-assets all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/mentorlink
	install -m 0755 build/install/bin/mentorctl build/install/bin/sms-gateway \
	    build/install/bin/kiosk build/install/bin/console \
	    $(DESTDIR)$(PREFIX)/bin/
	for l in $(LANGS); do \
	    install -d $(DESTDIR)$(PREFIX)/share/locale/$$l/LC_MESSAGES; \
	    install -m 0644 build/install/locale/$$l/LC_MESSAGES/mentorlink.mo \
	        $(DESTDIR)$(PREFIX)/share/locale/$$l/LC_MESSAGES/; \
	done
	install -m 0644 etc/mentorlink.conf.sample $(DESTDIR)$(PREFIX)/share/mentorlink/
	install -d $(DESTDIR)$(PREFIX)/share/doc/mentorlink
	install -m 0644 README.md $(DESTDIR)$(PREFIX)/share/doc/mentorlink/
	rm -rf $(DESTDIR)$(PREFIX)/share/mentorlink/kiosk-assets
	cp -R build/install/kiosk-assets $(DESTDIR)$(PREFIX)/share/mentorlink/kiosk-assets
	rm -f $(DESTDIR)$(PREFIX)/share/mentorlink/kiosk-assets/.stamp
	install -d $(DESTDIR)$(PREFIX)/lib/systemd/system
	for u in $(UNITS); do \
	    sed 's|/usr/local|$(PREFIX)|g' $$u > \
	        $(DESTDIR)$(PREFIX)/lib/systemd/system/$${u#systemd/} && \
	    chmod 0644 $(DESTDIR)$(PREFIX)/lib/systemd/system/$${u#systemd/} \
	        || exit 1; \
	done

clean:
	rm -rf build

distclean: clean
	rm -rf var kiosk/web/node_modules tests/e2e/node_modules tests/e2e/out

-include $(shell find $(O) -name '*.d' 2>/dev/null)

$(O)/tests/harness.o: tests/harness.c tests/harness.h tests/unit/test_tree.h
	@mkdir -p $(@D)
	@echo "  CC      $@"
	@$(CC) $(CFLAGS) $(CMOCKA_CFLAGS) -Itests -c $< -o $@
