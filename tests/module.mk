# Tests.  Unit tests: tests/unit/NAME.c, one per shared module, cmocka.
UNIT_TESTS = \
	test_buf \
	test_log \
	test_config \
	test_store \
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
	test_keyword \
	test_formparse \
	test_jwt \
	test_oidc \
	test_oidc_token \
	test_websign \
	test_checks \
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
	test_holiday \
	test_replyguard \
	test_providers

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
	it_import \
	it_receive \
	it_receive_http \
	it_receive_cli \
	it_send \
	it_send_cli \
	it_send_lock \
	it_crash \
	it_kiosk \
	it_oidc \
	it_backup \
	it_backup_load \
	it_http_guard \
	it_startup
