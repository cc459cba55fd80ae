# console: the staff's web console.  Included by the Makefile before its
# own rules; prerequisites spell out paths ($(LIBMENTOR) is not set yet).
CONSOLE_SRCS = \
	console/main.c
