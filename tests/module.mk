# Tests.  Unit tests: tests/unit/NAME.c, one per shared module, cmocka.
UNIT_TESTS = \
	test_buf \
	test_jsonflat \
	test_log \
	test_config \
	test_config_site \
	test_store \
	test_store_staff \
	test_deskcode \
	test_validate \
	test_clock \
	test_datefmt \
	test_plural \
	test_lang \
	test_smsfit \
	test_template \
	test_i18n \
	test_crypto \
	test_cpr \
	test_phone \
	test_smstext \
	test_utf8 \
	test_keyword \
	test_formparse \
	test_jwt \
	test_oidc \
	test_oidc_token \
	test_websign \
	test_checks \
	test_agreement_change \
	test_store_outbox \
	test_store_backup \
	test_outbox_text \
	test_sms_content \
	test_scheduler \
	test_contact \
	test_smsword \
	test_notify \
	test_lix \
	test_units \
	test_httpguard \
	test_web \
	test_webroute \
	test_websession \
	test_holiday \
	test_replyguard \
	test_providers \
	test_health

# Helper programs the integration tests need, built into $(O)/tests/bin/.
TEST_PROGS = \
	fake-provider
FAKE_PROVIDER_SRCS = \
	tests/fake-provider/main.c \
	tests/fake-provider/control.c \
	tests/fake-provider/send_api.c \
	tests/fake-provider/faults.c \
	tests/fake-provider/record.c \
	tests/fake-provider/webhooks.c

# Integration tests: tests/integration/NAME.c (cmocka + tests/harness.c),
# run in this order by scripts/run-tests.sh.
INTEGRATION_TESTS = \
	it_mentorctl \
	it_mentorctl_audit \
	it_staffdata \
	it_import \
	it_receive \
	it_receive_http \
	it_receive_cli \
	it_send \
	it_send_cli \
	it_send_lock \
	it_failover \
	it_crash \
	it_kiosk \
	it_kiosk_sites \
	it_kiosk_mitid \
	it_oidc \
	it_console \
	it_console_edit \
	it_console_admin \
	it_console_sec \
	it_backup \
	it_backup_load \
	it_http_guard \
	it_startup

# Integration tests that wait in real time (a lock held 22 s, kill -9
# rounds, a backup under load, slow clients): they check timing, not
# memory, and run once, in the test variant.  The asan pass leaves them
# out (ASAN_SKIP=  runs them there too).
REALTIME_TESTS = \
	it_send_lock \
	it_failover \
	it_crash \
	it_backup_load \
	it_http_guard
