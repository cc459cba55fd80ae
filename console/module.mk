# console: the staff's web console.  Included by the Makefile before its
# own rules; prerequisites spell out paths ($(LIBMENTOR) is not set yet).
CONSOLE_SRCS = \
	console/main.c \
	console/route.c \
	console/session.c \
	console/page.c \
	console/page_sign.c \
	console/page_requests.c \
	console/page_absence.c \
	console/page_citizens.c \
	console/page_coordinator.c \
	console/page_desk.c \
	console/form.c \
	console/page_agreement.c \
	console/page_meeting.c \
	console/page_staff.c \
	console/page_outbox.c \
	console/page_erase.c \
	console/page_import.c

# Benchmark: the requests page with many citizens and open requests, and
# the sign-in round trip (bench/console_bench.c).  It drives the console
# with the integration tests' harness and stand-in browser.
$(O)/bench/console-bench: bench/console_bench.c bench/timing.h \
    tests/integration/console_util.h $(O)/tests/harness.o $(O)/libmentor.a
	@mkdir -p $(@D)
	@echo "  LD      $@"
	@$(CC) $(CFLAGS) $(CMOCKA_CFLAGS) -Itests $(LDFLAGS) -o $@ $< \
	    $(O)/tests/harness.o $(O)/libmentor.a $(LIBS) $(CMOCKA_LIBS)
