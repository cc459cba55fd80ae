#!/bin/sh
# run-fuzz.sh SECONDS - build every libFuzzer target tests/fuzz/fuzz_*.c
# with clang (-fsanitize=fuzzer,address,undefined) and run each for
# SECONDS on its seed corpus tests/fuzz/corpus/NAME (new inputs go to
# build/fuzz/corpus/NAME, crashes to build/fuzz/crashes/).  Prints one line
# per target with executions and crashes; exits 1 if any target crashed.
#
# The targets link a small library of the parsers they exercise, built
# once with -fsanitize=fuzzer-no-link; add a source to FUZZ_LIB_SRCS when
# a target needs one more.
set -u
SECONDS_PER=${1:-60}
OUT=${FUZZ_OUT:-build/fuzz}
CC=${FUZZ_CC:-clang}
FUZZ_LIB_SRCS="shared/buf.c shared/log.c shared/crypto.c shared/phone.c
    shared/formparse.c shared/jwt.c shared/keyword.c shared/websign.c
    sms-gateway/webhook.c sms-gateway/providers/provider.c
    sms-gateway/providers/file.c sms-gateway/providers/gatewayapi.c
    sms-gateway/providers/twilio.c shared/oidc.c shared/oidc_meta.c shared/oidc_jwt.c
    shared/clock.c shared/config.c shared/lang.c shared/replyguard.c
    shared/country.c shared/oidcurl.c shared/utf8.c shared/config_site.c
    shared/config_table.c shared/config_oidc.c shared/config_check.c
    shared/config_files.c shared/escalation.c shared/sms_provider.c
    shared/sms_file.c shared/sms_gatewayapi.c shared/sms_twilio.c
    shared/jsonflat.c"
PKGS="json-c libcrypto libcurl cjose inih"

if ! command -v "$CC" >/dev/null 2>&1; then
	echo "fuzz: $CC not found; skipping" >&2
	exit 0
fi
mkdir -p "$OUT/obj" "$OUT/bin" "$OUT/corpus" "$OUT/crashes" "$OUT/log"
CFLAGS="-g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined
    -fno-sanitize-recover=undefined -D_GNU_SOURCE -std=c11
    -Ishared -Isms-gateway $(pkg-config --cflags $PKGS)"
LIBS="$(pkg-config --libs $PKGS) -lm"

objs=""
for src in $FUZZ_LIB_SRCS; do
	obj="$OUT/obj/$(echo "$src" | tr / _ | sed 's/\.c$/.o/')"
	if [ ! -f "$obj" ] || [ "$src" -nt "$obj" ]; then
		# shellcheck disable=SC2086
		$CC $CFLAGS -fsanitize=fuzzer-no-link -c "$src" -o "$obj" ||
		    exit 1
	fi
	objs="$objs $obj"
done

failed=0
for t in tests/fuzz/fuzz_*.c; do
	name=$(basename "$t" .c)
	bin="$OUT/bin/$name"
	# shellcheck disable=SC2086
	$CC $CFLAGS -fsanitize=fuzzer "$t" $objs -o "$bin" $LIBS || exit 1
	seeds="tests/fuzz/corpus/$name"
	work="$OUT/corpus/$name"
	mkdir -p "$work"
	[ -d "$seeds" ] || seeds=""
	log="$OUT/log/$name.log"
	before=$(ls "$OUT/crashes" | grep -c "^$name-" || true)
	# shellcheck disable=SC2086
	"$bin" -max_total_time="$SECONDS_PER" -timeout=10 -max_len=65536 \
	    -rss_limit_mb=2048 -print_final_stats=1 \
	    -artifact_prefix="$OUT/crashes/$name-" "$work" $seeds \
	    >"$log" 2>&1
	rc=$?
	after=$(ls "$OUT/crashes" | grep -c "^$name-" || true)
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" |
	    tail -1)
	crashes=$((after - before))
	[ "$rc" -ne 0 ] && [ "$crashes" -eq 0 ] && crashes=1
	printf 'fuzz %-20s %6ss  execs %-10s crashes %s  corpus %s\n' \
	    "$name" "$SECONDS_PER" "${execs:-?}" "$crashes" \
	    "$(ls "$work" | wc -l)"
	if [ -n "${CHECK_SUMMARY:-}" ]; then
		[ "$crashes" -eq 0 ] && echo "fuzz 1 0" >> "$CHECK_SUMMARY"
		[ "$crashes" -ne 0 ] && echo "fuzz 0 1" >> "$CHECK_SUMMARY"
	fi
	if [ "$crashes" -ne 0 ]; then
		failed=1
		grep -m 3 -E 'ERROR|SUMMARY|runtime error' "$log" >&2
	fi
done
exit $failed
