#!/bin/sh
# run-demo.sh [BUILD] - what `make run` does after building:
#   1. var/mentorlink.conf (from etc/mentorlink.conf.sample, file provider)
#   2. var/mentorlink.db with the demo data (mentorctl init + import)
#   3. start sms-gateway and kiosk, print where everything is
#   4. Ctrl-C stops both cleanly
# An existing var/ is kept as it is.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-build}
case $build in /*) ;; *) build="$top/$build" ;; esac
bin="$build/bin"
var="$top/var"
conf="$var/mentorlink.conf"
mkdir -p "$var"

if [ ! -f "$conf" ]; then
	sed -e 's/^;port_file = sms-gateway.port/port_file = sms-gateway.port/' \
	    -e 's/^;port_file = kiosk.port/port_file = kiosk.port/' \
	    -e 's/^id = kiosk-1/id = demo-kiosk/' \
	    "$top/etc/mentorlink.conf.sample" > "$conf"
	if [ -d "$top/kiosk/assets" ]; then
		printf '\n' >> "$conf"
	fi
	echo "run: wrote $conf"
fi

# The demo's dates are relative to the day it is imported; importing again
# on a later day would move every meeting (and the gateway would tell the
# demo citizens so).  Import once; `rm -rf var` starts the demo afresh.
db_existed=no
[ -f "$var/mentorlink.db" ] && db_existed=yes
"$bin/mentorctl" -f "$conf" init
if [ "$db_existed" = no ]; then
	"$bin/mentorctl" -f "$conf" import --relative-dates "$top/demo/demo.json"
else
	echo "run: keeping the demo database in $var (rm -rf var for a fresh demo)"
fi
echo
"$bin/mentorctl" -f "$conf" status
echo

gw_pid=""
kiosk_pid=""
# $1: the exit status (Ctrl-C is a clean stop; a failure stays a failure).
stop() {
	rc=$1
	# make passes Ctrl-C on to us a second time: let it, we are stopping.
	trap '' INT TERM
	trap - EXIT
	echo
	echo "run: stopping"
	# Already gone when Ctrl-C reached them too: not a failure.
	[ -z "$kiosk_pid" ] || kill -TERM "$kiosk_pid" 2>/dev/null || true
	[ -z "$gw_pid" ] || kill -TERM "$gw_pid" 2>/dev/null || true
	wait 2>/dev/null || true
	echo "run: stopped; the database and the SMS file stay in $var"
	exit "$rc"
}
trap 'stop 0' INT TERM
trap 'stop $?' EXIT

rm -f "$var/sms-gateway.port" "$var/kiosk.port"
"$bin/sms-gateway" -f "$conf" 2>>"$var/sms-gateway.log" &
gw_pid=$!
"$bin/kiosk" -f "$conf" 2>>"$var/kiosk.log" &
kiosk_pid=$!

# Wait for both port files (10 s at most).
i=0
while [ $i -lt 100 ]; do
	[ -s "$var/sms-gateway.port" ] && [ -s "$var/kiosk.port" ] && break
	if ! kill -0 "$gw_pid" 2>/dev/null || ! kill -0 "$kiosk_pid" 2>/dev/null; then
		echo "run: a program stopped at start; see $var/sms-gateway.log and $var/kiosk.log" >&2
		tail -5 "$var/sms-gateway.log" "$var/kiosk.log" >&2
		exit 1
	fi
	sleep 0.1
	i=$((i + 1))
done
gw_port=$(cat "$var/sms-gateway.port" 2>/dev/null || echo "?")
kiosk_port=$(cat "$var/kiosk.port" 2>/dev/null || echo "?")

cat <<MSG
--------------------------------------------------------------------------
Mentorlink is running (file provider: no SMS leaves this machine).

  Kiosk:        http://127.0.0.1:$kiosk_port/
  Gateway:      http://127.0.0.1:$gw_port/healthz  and  /metrics
  SMS sent:     $var/sms-outbox.jsonl   (one JSON line per SMS)
  Logs:         $var/sms-gateway.log, $var/kiosk.log
  Database:     $var/mentorlink.db      (mentorctl -f $conf status)

Log in at the kiosk as a demo citizen:
  CPR 010190-1234 (Mads), then "Send kode til min mobil".  The 6-digit code
  is the last line of the SMS file:
    tail -1 $var/sms-outbox.jsonl
  Other demo citizens are listed in README.md.

Text the mentor as a citizen would (needs the gateway running):
  $bin/mentorctl -f $conf simulate-sms --from +4520000101 "Vil du ringe til mig?"

Stop with Ctrl-C.
--------------------------------------------------------------------------
MSG
wait
