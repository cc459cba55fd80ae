#!/bin/sh
# webhook.sh - webhook intake benchmark: start sms-gateway (file provider)
# on loopback, drive it with wrk + bench/webhook.lua (signed GatewayAPI
# webhooks, unique ids) for BENCH_SECONDS (default 10) with
# BENCH_CONNECTIONS (default 32) connections, and print req/s and
# latency for delivery reports and incoming texts: first at full load
# (each connection sends its next request when the answer comes), then
# at BENCH_RATE requests per second (default 12000, the target) on a
# fixed schedule (BENCH_KINDS="mo" runs one kind).  Then check that every
# 2xx was stored.  Each line says how much CPU time the host took from
# this machine meanwhile ("steal": the figures of a run with much of it
# are not this program's).  Figures only, no assertions.  Called by
# scripts/run-bench.sh; O selects the build (default build).
set -u
O=${O:-build}
SECS=${BENCH_SECONDS:-10}
CONNS=${BENCH_CONNECTIONS:-32}
THREADS=${BENCH_THREADS:-1}
RATE=${BENCH_RATE:-12000}
if ! command -v wrk >/dev/null 2>&1; then
	echo "webhook bench: wrk not found; skipped"
	exit 0
fi
dir=$(mktemp -d /tmp/mentorlink-bench-XXXXXX)
trap 'kill "$gw" 2>/dev/null; wait "$gw" 2>/dev/null; rm -rf "$dir"' EXIT
umask 077
BENCH_SECRET=bench-$(od -An -tx8 -N8 /dev/urandom | tr -d ' ')
export BENCH_SECRET
printf '%s' "$BENCH_SECRET" >"$dir/gw.secret"
head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$dir/cpr.key"
cat >"$dir/mentorlink.conf" <<CONF
[organisation]
name = Benchby Kommune
phone = +4544520000
[database]
path = bench.db
cpr_key_file = cpr.key
[sms]
sender = +4512345678
file_path = sms-outbox.jsonl
listen = 127.0.0.1:0
port_file = gw.port
[gatewayapi]
webhook_secret_file = gw.secret
CONF
"$O/bin/mentorctl" -f "$dir/mentorlink.conf" init >/dev/null || exit 1
"$O/bin/sms-gateway" -f "$dir/mentorlink.conf" 2>"$dir/gw.log" &
gw=$!
i=0
while [ ! -s "$dir/gw.port" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
port=$(cat "$dir/gw.port" 2>/dev/null)
[ -n "$port" ] || { echo "webhook bench: daemon did not start"; cat "$dir/gw.log"; exit 1; }
echo "webhook intake: wrk -t$THREADS -c$CONNS -d${SECS}s, WAL synchronous=NORMAL, stored before 2xx"
for kind in ${BENCH_KINDS:-dlr mo}; do
	for rate in "" "$((RATE / THREADS))"; do
		s0=$(sh scripts/steal.sh)
		BENCH_KIND=$kind BENCH_RATE=$rate wrk -t"$THREADS" \
		    -c"$CONNS" -d"${SECS}s" -s bench/webhook.lua \
		    "http://127.0.0.1:$port" | grep '^webhook' | tr -d '\n'
		echo "  steal $(sh scripts/steal.sh "$s0")"
	done
done
q() { sqlite3 "$dir/bench.db" "$1"; }
unrouted=$(q 'SELECT count(*) FROM sms_inbox WHERE processed_at IS NULL')
echo "webhook stored: reports $(q 'SELECT count(*) FROM sms_report')" \
    "texts $(q 'SELECT count(*) FROM sms_inbox'), $unrouted not yet routed" \
    "when the load ended (the router gives way to the intake)"
# The router catches up once the webhooks stop: how long does it take?
t0=$(date +%s.%N)
i=0
while [ "$(q 'SELECT count(*) FROM sms_inbox WHERE processed_at IS NULL')" \
    -gt 0 ] && [ $i -lt 1200 ]; do
	sleep 0.1
	i=$((i + 1))
done
echo "webhook routed: $(q 'SELECT count(*) - count(processed_at) FROM sms_inbox') texts unrouted" \
    "$(echo "$(date +%s.%N) $t0" | awk '{ printf "%.1f", $1 - $2 }') s after the load ended"
grep -o 'VmHWM:.*' "/proc/$gw/status" | sed 's/^/webhook daemon /'
