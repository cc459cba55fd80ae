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
	console/page_outbox.c \
	console/page_erase.c \
	console/page_import.c
