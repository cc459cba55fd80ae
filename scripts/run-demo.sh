#!/bin/sh
# run-demo.sh [BUILD] - what `make run` does after building:
#   1. var/mentorlink.conf (from etc/mentorlink.conf.sample, file provider)
#   2. var/mentorlink.db with the demo data (mentorctl init + import)
#   3. start sms-gateway, kiosk, the test OpenID Connect provider
#      (tests/oidc/provider.js on 127.0.0.1:8091, demo staff accounts, and
#      demo citizens as the kiosk's MitID broker) and the staff console;
#      print where everything is and the logins
#   4. Ctrl-C stops them all cleanly
# An existing var/ is kept as it is.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-build}
case $build in /*) ;; *) build="$top/$build" ;; esac
bin="$build/bin"
var="$top/var"
conf="$var/mentorlink.conf"
# Everything made here (configuration, logs, the SMS file) is 0600.
umask 077
mkdir -p "$var"

if [ ! -f "$conf" ]; then
	sed -e 's/^;port_file = sms-gateway.port/port_file = sms-gateway.port/' \
	    -e 's/^;port_file = kiosk.port/port_file = kiosk.port/' \
	    -e 's/^;port_file = console.port/port_file = console.port/' \
	    -e 's/^id = kiosk-1/id = demo-kiosk/' \
	    -e 's|^;issuer = https://login.microsoftonline.com/TENANT-ID/v2.0|issuer = http://127.0.0.1:8091|' \
	    -e 's/^;client_id = mentorlink-console/client_id = console/' \
	    -e 's/^login = sms$/login = sms, mitid/' \
	    "$top/etc/mentorlink.conf.sample" > "$conf"
	# MitID at the kiosk: the same test provider as the "MitID broker".
	printf '\n[oidc.citizen]\nissuer = http://127.0.0.1:8091\n%s\n%s\n' \
	    'client_id = kiosk' 'scopes = openid mitid' >> "$conf"
	if [ -d "$top/kiosk/assets" ]; then
		printf '\n' >> "$conf"
	fi
	# Two lobbies on one kiosk server (README, "A kiosk PC").
	cat >> "$conf" <<'SITES'

[site.raadhus]
desk = skranken i stueetagen
desk.en = the desk on the ground floor
address = Herlev Rådhus, Herlev Bygade 90
hours = Mandag-fredag 9-15
hours.en = Monday to Friday 9-15

[site.jobcenter]
desk = receptionen på 1. sal
desk.en = the reception on the first floor
address = Jobcenter Herlev, Herlev Hovedgade 1
hours = Mandag-torsdag 8-14
hours.en = Monday to Thursday 8-14
SITES
	echo "run: wrote $conf"
fi

# The staff console's sign-in: the test provider's client and accounts
# (passwords "demo"; made up, for this machine only).
idp_conf="$var/oidc-provider.json"
for who in staff citizen; do
	[ -f "$var/oidc-$who.secret" ] ||
	    (umask 077; head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' \
	    > "$var/oidc-$who.secret")
done
cat > "$idp_conf" <<JSON
{"clients": [{"client_id": "console", "client_secret_file": "oidc-staff.secret",
  "redirect_uris": ["http://127.0.0.1:8090/callback"],
  "post_logout_redirect_uris": ["http://127.0.0.1:8090/signed-out"]},
  {"client_id": "kiosk", "client_secret_file": "oidc-citizen.secret",
  "redirect_uris": ["http://127.0.0.1:8080/mitid/callback"],
  "post_logout_redirect_uris": ["http://127.0.0.1:8080/mitid/signed-out"]}],
 "scopes": {"mitid": ["dk.cpr", "loa"]},
 "auto_logout": true,
 "accounts": [
  {"sub": "mitid-mads", "login": "mads", "password": "demo",
   "claims": {"dk.cpr": "0101901234", "loa": "substantial"}},
  {"sub": "mitid-laerke", "login": "laerke", "password": "demo",
   "claims": {"dk.cpr": "2305952468", "loa": "low"}},
  {"sub": "s-inger", "login": "inger", "password": "demo",
   "claims": {"preferred_username": "inger", "name": "Inger Holm"}},
  {"sub": "s-claus", "login": "claus", "password": "demo",
   "claims": {"preferred_username": "claus", "name": "Claus Sørensen"}},
  {"sub": "s-aase", "login": "aase", "password": "demo",
   "claims": {"preferred_username": "aase", "name": "Åse Mølgaard"}},
  {"sub": "x-ukendt", "login": "ukendt", "password": "demo",
   "claims": {"preferred_username": "ukendt", "name": "Ukendt Person"}}]}
JSON

# The demo's dates are relative to the day it is imported; importing again
# on a later day would move every meeting (and the gateway would tell the
# demo citizens so).  Import once; `rm -rf var` starts the demo afresh.
db_existed=no
[ -f "$var/mentorlink.db" ] && db_existed=yes
"$bin/mentorctl" -f "$conf" init
if [ "$db_existed" = no ]; then
	"$bin/mentorctl" -f "$conf" import --relative-dates "$top/demo/demo.json"
	"$bin/mentorctl" -f "$conf" staff edit s-inger --login inger
	"$bin/mentorctl" -f "$conf" staff edit s-claus --login claus
	"$bin/mentorctl" -f "$conf" staff edit s-aase --login aase \
	    --roles caseworker,coordinator
else
	echo "run: keeping the demo database in $var (rm -rf var for a fresh demo)"
fi
echo
"$bin/mentorctl" -f "$conf" status
echo

gw_pid=""
kiosk_pid=""
idp_pid=""
console_pid=""
# $1: the exit status (Ctrl-C is a clean stop; a failure stays a failure).
stop() {
	rc=$1
	# make passes Ctrl-C on to us a second time: let it, we are stopping.
	trap '' INT TERM
	trap - EXIT
	echo
	echo "run: stopping"
	# Already gone when Ctrl-C reached them too: not a failure.
	[ -z "$console_pid" ] || kill -TERM "$console_pid" 2>/dev/null || true
	[ -z "$idp_pid" ] || kill -TERM "$idp_pid" 2>/dev/null || true
	[ -z "$kiosk_pid" ] || kill -TERM "$kiosk_pid" 2>/dev/null || true
	[ -z "$gw_pid" ] || kill -TERM "$gw_pid" 2>/dev/null || true
	wait 2>/dev/null || true
	echo "run: stopped; the database and the SMS file stay in $var"
	exit "$rc"
}
trap 'stop 0' INT TERM
trap 'stop $?' EXIT

rm -f "$var/sms-gateway.port" "$var/kiosk.port" "$var/console.port" \
    "$var/oidc-provider.port"
"$bin/sms-gateway" -f "$conf" 2>>"$var/sms-gateway.log" &
gw_pid=$!
"$bin/kiosk" -f "$conf" 2>>"$var/kiosk.log" &
kiosk_pid=$!
node "$top/tests/oidc/provider.js" --config "$idp_conf" --port 8091 \
    --port-file "$var/oidc-provider.port" >>"$var/oidc-provider.log" 2>&1 &
idp_pid=$!
"$bin/console" -f "$conf" >/dev/null 2>>"$var/console.log" &
console_pid=$!

# Wait for the port files (10 s at most).
i=0
while [ $i -lt 100 ]; do
	[ -s "$var/sms-gateway.port" ] && [ -s "$var/kiosk.port" ] &&
	    [ -s "$var/console.port" ] && [ -s "$var/oidc-provider.port" ] && break
	if ! kill -0 "$idp_pid" 2>/dev/null || ! kill -0 "$console_pid" 2>/dev/null; then
		echo "run: the console or its sign-in provider stopped at start; see $var/console.log and $var/oidc-provider.log" >&2
		tail -5 "$var/console.log" "$var/oidc-provider.log" >&2
		exit 1
	fi
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
console_port=$(cat "$var/console.port" 2>/dev/null || echo "?")
# The kiosk's address, and each [site.NAME]'s screen at /s/NAME/.
kiosk_urls="  Kiosk:        http://127.0.0.1:$kiosk_port/"
for name in $(sed -n 's|^\[site\.\([a-z0-9-]*\)\].*|\1|p' "$conf"); do
	kiosk_urls="$kiosk_urls
    at $name: http://127.0.0.1:$kiosk_port/s/$name/"
done

cat <<MSG
--------------------------------------------------------------------------
Mentorlink is running (file provider: no SMS leaves this machine).

$kiosk_urls
  Staff console: http://127.0.0.1:$console_port/   (sign-in: http://127.0.0.1:8091)
  Gateway:      http://127.0.0.1:$gw_port/healthz  and  /metrics
  SMS sent:     $var/sms-outbox.jsonl   (one JSON line per SMS)
  Logs:         $var/sms-gateway.log, $var/kiosk.log, $var/console.log
  Database:     $var/mentorlink.db      (mentorctl -f $conf status)

Log in at the kiosk as a demo citizen:
  CPR 010190-1234 (Mads), then "Send kode til min mobil".  The 6-digit code
  is the last line of the SMS file:
    tail -1 $var/sms-outbox.jsonl
  Other demo citizens are listed in README.md.
Or tap "Log ind med MitID" and sign in at the demo MitID broker
(http://127.0.0.1:8091, password "demo"):
  mads    Mads, assurance substantial: his agreement
  laerke  Lærke, assurance low: refused, "log in a safer way"

Sign in to the staff console (password "demo" for all):
  inger   Inger Holm, mentor (Mads's mentor)
  claus   Claus Sørensen, mentor (away; Inger stands in)
  aase    Åse Mølgaard, caseworker and coordinator (sees all requests)
  ukendt  signs in at the provider but has no staff row: no access

Text the mentor as a citizen would (needs the gateway running):
  $bin/mentorctl -f $conf simulate-sms --from +4520000101 "Vil du ringe til mig?"

Stop with Ctrl-C.
--------------------------------------------------------------------------
MSG
wait
