# sms-gateway: the daemon.
GATEWAY_SRCS = \
	sms-gateway/main.c \
	sms-gateway/loop.c \
	sms-gateway/lease.c \
	sms-gateway/sender.c \
	sms-gateway/sender_http.c \
	sms-gateway/scheduler.c \
	sms-gateway/schedtime.c \
	sms-gateway/metrics.c \
	sms-gateway/listener.c \
	sms-gateway/intake.c \
	sms-gateway/webhook.c \
	sms-gateway/inbound.c \
	sms-gateway/escalate.c \
	sms-gateway/retention.c \
	sms-gateway/health.c \
	sms-gateway/failover.c \
	sms-gateway/providers/provider.c \
	sms-gateway/providers/file.c \
	sms-gateway/providers/gatewayapi.c \
	sms-gateway/providers/twilio.c

# Benchmarks (make bench, scripts/run-bench.sh section "gateway"):
# bench/gw_drain.c runs the daemon against the fake provider;
# bench/gw_sched.c times the scheduler (it compiles scheduler.c in).
$(O)/bench/gw-drain: bench/gw_drain.c bench/proc_status.h bench/steal.h bench/timing.h \
    $(O)/libmentor.a
	@mkdir -p $(@D)
	@echo "  LD      $@"
	@$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(O)/libmentor.a $(LIBS)

# bench/rss_floor.c: the same libraries started, nothing else.
$(O)/bench/rss-floor: bench/rss_floor.c bench/proc_status.h $(O)/libmentor.a
	@mkdir -p $(@D)
	@echo "  LD      $@"
	@$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(O)/libmentor.a $(LIBS)

$(O)/bench/gw-sched: bench/gw_sched.c bench/steal.h bench/timing.h bench/seed.h sms-gateway/scheduler.c \
    sms-gateway/schedtime.c \
    shared/outbox_text.c sms-gateway/metrics.c $(O)/libmentor.a
	@mkdir -p $(@D)
	@echo "  LD      $@"
	@$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(O)/libmentor.a $(LIBS)
