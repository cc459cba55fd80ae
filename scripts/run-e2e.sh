#!/bin/sh
# run-e2e.sh - the kiosk's and the staff console's browser end-to-end
# tests (make check-e2e).
#
# In a temporary folder: a configuration with the file SMS provider, a
# database with the demo data (mentorctl init + import) plus three citizens
# the demo lacks (no agreement; an agreement with nothing filled in; a
# mentor away whose deputy is away too), the sms-gateway and kiosks on
# port 0 (one with the normal idle times, one with short ones for the
# idle test, one serving two sites), and a fourth kiosk with MitID
# sign-in against the test OpenID
# Connect provider acting as the MitID broker.  Then tests/e2e/kiosk.e2e.js
# and tests/e2e/mitid.e2e.js drive Debian's chromium through
# playwright-core.  Then the test OpenID
# Connect provider (tests/oidc/provider.js) and the staff console start
# on port 0, Mads texts his mentor, and tests/e2e/console.e2e.js signs in
# as Inger, then as Dorte (role desk) for a desk code Mads uses on the
# first kiosk.  Everything is stopped at the end.  Screenshots go to
# tests/e2e/out/, those of the walk in every language to
# $O/e2e-shots/LANG/.
#
# Environment: O (build dir, default build/test), KEEP_TEST_DIR=1 keeps
# the temporary folder.  The last line is "N passed, N failed".
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=${O:-build/test}
case $build in /*) ;; *) build="$top/$build" ;; esac
bin="$build/bin"
e2e="$top/tests/e2e"

die() {
	printf 'run-e2e.sh: %s\n0 passed, 1 failed\n' "$*" >&2
	exit 1
}

# summary NAME OUT STATUS: add the last line's "N passed, N failed" of
# OUT to CHECK_SUMMARY as NAME; a script that failed without that line
# counts as one failure.
summary() {
	[ -n "${CHECK_SUMMARY:-}" ] || return 0
	tail -n 1 "$2" |
	    sed -n "s/^\([0-9]*\) passed, \([0-9]*\) failed.*/$1 \1 \2/p" \
	    >> "$CHECK_SUMMARY"
	if [ "$3" -ne 0 ] && ! tail -n 1 "$2" | grep -q ' passed, '; then
		echo "$1 0 1" >> "$CHECK_SUMMARY"
	fi
}

[ -x "$bin/kiosk" ] && [ -x "$bin/sms-gateway" ] && [ -x "$bin/mentorctl" ] &&
    [ -x "$bin/console" ] ||
    die "programs missing in $bin (make O=${O:-build/test} VARIANT=test)"
[ -x /usr/bin/chromium ] || die "/usr/bin/chromium missing (scripts/deps.sh)"
command -v node >/dev/null 2>&1 || die "node missing (scripts/deps.sh)"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
if [ ! -d "$e2e/node_modules/playwright-core" ]; then
	(cd "$e2e" && npm ci --no-audit --no-fund --loglevel=error) ||
	    die "npm ci failed in tests/e2e"
fi
assets="$build/kiosk-assets"
if [ ! -f "$assets/css/dkfds-borgerdk.min.css" ]; then
	"$top/scripts/kiosk-assets.sh" "$top/kiosk/web" "$assets" ||
	    die "kiosk assets could not be made"
fi

tmp=$(mktemp -d /tmp/mentorlink-e2e.XXXXXX)
pids=""
cleanup() {
	for p in $pids; do
		kill -TERM "$p" 2>/dev/null || true
	done
	for p in $pids; do
		wait "$p" 2>/dev/null || true
	done
	if [ -n "${KEEP_TEST_DIR:-}" ]; then
		echo "run-e2e.sh: kept $tmp"
	else
		rm -rf "$tmp"
	fi
}
trap cleanup EXIT INT TERM

umask 077
head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$tmp/cpr.key"
umask 022

# write_config FILE KIOSK-ID IDLE WARN PORT-FILE
write_config() {
	cat > "$1" <<EOF
[organisation]
name = Herlev Kommune
phone = +4544520000
desk = Skranken i stueetagen
desk.ar = مكتب الاستقبال في الطابق الأرضي

[database]
path = $tmp/mentorlink.db
cpr_key_file = $tmp/cpr.key

[sms]
provider = file
file_path = $tmp/sms-outbox.jsonl
sender = +4512345678
listen = 127.0.0.1:0
port_file = $tmp/sms-gateway.port

[kiosk]
listen = 127.0.0.1:0
id = $2
idle_seconds = $3
warn_seconds = $4
port_file = $5
assets = $assets
EOF
}
write_config "$tmp/main.conf" e2e-lobby 120 30 "$tmp/kiosk.port"
write_config "$tmp/idle.conf" e2e-idle 10 5 "$tmp/kiosk-idle.port"
# One server for two lobbies (kiosk/site.h): /s/nord/ and /s/syd/.
write_config "$tmp/sites.conf" e2e-sites 120 30 "$tmp/kiosk-sites.port"
cat >> "$tmp/sites.conf" <<EOF

[site.nord]
desk = skranken i stueetagen
desk.en = the desk on the ground floor
address = Nørregade 5, 2730 Herlev
hours = Mandag-fredag 9-15
hours.en = Monday to Friday 9-15

[site.syd]
desk = receptionen på 1. sal
address = Sydvej 2, 2730 Herlev
hours = Tirsdag og torsdag 10-14
EOF

ctl() {
	"$bin/mentorctl" -f "$tmp/main.conf" "$@" >>"$tmp/mentorctl.log" 2>&1 ||
	    die "mentorctl $1 failed: see $tmp/mentorctl.log"
}
ctl init
ctl import --relative-dates "$top/demo/demo.json"
ctl citizen add --id c-ida --cpr 120490-1357 --name Ida --mobile +4520000106
ctl citizen add --id c-kim --cpr 021085-2460 --name Kim --mobile +4520000107
ctl agreement add --citizen c-kim --id a-kim --status active
# A mentor away whose deputy is away too: the kiosk may promise nobody.
from=$(date -d yesterday +%F)
until=$(date -d '+10 days' +%F)
ctl staff add --id s-vera --name "Vera Vikar" --mobile +4520000090
ctl staff away s-vera --from "$from" --until "$until"
ctl staff add --id s-alma --name "Alma Andersen" --mobile +4520000091
ctl staff away s-alma --from "$from" --until "$until" --deputy s-vera
ctl citizen add --id c-lis --cpr 040490-4567 --name Lis --mobile +4520000108
ctl agreement add --citizen c-lis --id a-lis --mentor s-alma --status active
ctl staff edit s-inger --login inger --roles mentor,coordinator
ctl staff add --id s-dorte --name "Dorte Skranke" --login dorte --roles desk
ctl staff edit s-bo --login bo --roles caseworker,coordinator
# One citizen per language (Danish and every po/LANG.po) for the walk in
# each language (tests/e2e/languages.js): an agreement with Inger, a goal,
# a task and a meeting with a place, all in Danish as the staff write them.
i=0
day=$(date -d '+3 days' +%F)
for l in da $(cd "$top/po" && ls ./*.po | sed 's#^\./##; s#\.po$##'); do
	ctl citizen add --id "c-lang-$l" --cpr "15057$i-2468" --name "Sam$l" \
	    --mobile "+45200002${i}0" --language "$l"
	ctl agreement add --citizen "c-lang-$l" --id "a-lang-$l" --mentor s-inger \
	    --goal "Finde et fast arbejde inden sommer" \
	    --task "Øve jobsamtaler med mentor" --starts "$(date +%F)" \
	    --ends "$(date -d '+90 days' +%F)" --status active
	ctl meeting add --agreement "a-lang-$l" --id "m-lang-$l" \
	    --starts "${day}T10:00" --ends "${day}T11:00"
	ctl meeting edit "m-lang-$l" --place "Herlev Bibliotek, mødelokale 2"
	i=$((i + 1))
done

start() {
	"$bin/$1" -f "$2" 2>>"$tmp/$3.log" >/dev/null &
	pids="$pids $!"
}

# The "MitID broker": the test provider with test citizens carrying a CPR
# number (dk.cpr) and an assurance level (loa): Mads (substantial, as the
# NSIS URI), Bjørn (low) and one the database does not know.
printf 'e2e-kiosk-secret-%s' "$(head -c 8 /dev/urandom | od -An -tx1 |
    tr -d ' \n')" > "$tmp/oidc-citizen.secret"
chmod 600 "$tmp/oidc-citizen.secret"
cat > "$tmp/broker.json" <<JSON
{"clients": [{"client_id": "kiosk", "client_secret_file": "oidc-citizen.secret",
  "application_type": "native",
  "redirect_uris": ["http://127.0.0.1/mitid/callback"],
  "post_logout_redirect_uris": ["http://127.0.0.1/mitid/signed-out"]}],
 "accounts": [
  {"sub": "mitid-mads", "login": "mads", "password": "demo",
   "claims": {"dk.cpr": "0101901234",
    "loa": "https://data.gov.dk/concept/core/nsis/loa/Substantial"}},
  {"sub": "mitid-bjoern", "login": "bjoern", "password": "demo",
   "claims": {"dk.cpr": "1411723579", "loa": "low"}},
  {"sub": "mitid-ukendt", "login": "ukendt", "password": "demo",
   "claims": {"dk.cpr": "0102034567", "loa": "high"}}],
 "scopes": {"mitid": ["dk.cpr", "loa"]},
 "auto_logout": true}
JSON
node "$top/tests/oidc/provider.js" --config "$tmp/broker.json" \
    --port-file "$tmp/broker.port" >>"$tmp/broker.log" 2>&1 &
pids="$pids $!"
i=0
while [ $i -lt 100 ] && [ ! -s "$tmp/broker.port" ]; do
	sleep 0.1
	i=$((i + 1))
done
[ -s "$tmp/broker.port" ] || die "the MitID broker did not start"
write_config "$tmp/mitid.conf" e2e-mitid 120 30 "$tmp/kiosk-mitid.port"
cat >> "$tmp/mitid.conf" <<CONF
login = sms, mitid

[oidc.citizen]
issuer = http://127.0.0.1:$(cat "$tmp/broker.port")
client_id = kiosk
client_secret_file = $tmp/oidc-citizen.secret
scopes = openid mitid
CONF
# The MitID kiosk's clock: the test moves it past mitid_timeout.
echo "+0" > "$tmp/mitid.clock"

start sms-gateway "$tmp/main.conf" sms-gateway
start kiosk "$tmp/main.conf" kiosk
start kiosk "$tmp/idle.conf" kiosk-idle
start kiosk "$tmp/sites.conf" kiosk-sites
MENTORLINK_CLOCK_FILE="$tmp/mitid.clock" start kiosk "$tmp/mitid.conf" \
    kiosk-mitid

i=0
while [ $i -lt 100 ]; do
	[ -s "$tmp/sms-gateway.port" ] && [ -s "$tmp/kiosk.port" ] &&
	    [ -s "$tmp/kiosk-idle.port" ] && [ -s "$tmp/kiosk-sites.port" ] &&
	    [ -s "$tmp/kiosk-mitid.port" ] &&
	    break
	sleep 0.1
	i=$((i + 1))
done
[ $i -lt 100 ] || die "programs did not start; logs in $tmp"

mkdir -p "$e2e/out"
status=0
KIOSK_URL="http://127.0.0.1:$(cat "$tmp/kiosk.port")" \
KIOSK_IDLE_URL="http://127.0.0.1:$(cat "$tmp/kiosk-idle.port")" \
KIOSK_SITES_URL="http://127.0.0.1:$(cat "$tmp/kiosk-sites.port")" \
SMS_FILE="$tmp/sms-outbox.jsonl" \
DEMO_JSON="$top/demo/demo.json" \
OUT_DIR="$e2e/out" \
SHOTS_DIR="$build/e2e-shots" \
    node "$e2e/kiosk.e2e.js" > "$tmp/e2e.out" 2>&1 || status=$?
cat "$tmp/e2e.out"
summary e2e "$tmp/e2e.out" $status
if [ $status -ne 0 ]; then
	echo "run-e2e.sh: failed; kiosk log:" >&2
	tail -n 20 "$tmp/kiosk.log" >&2 || true
fi

# The kiosk's MitID sign-in against the broker.
mstatus=0
KIOSK_URL="http://127.0.0.1:$(cat "$tmp/kiosk-mitid.port")" \
CLOCK_FILE="$tmp/mitid.clock" \
OUT_DIR="$e2e/out" \
    node "$e2e/mitid.e2e.js" > "$tmp/e2e-mitid.out" 2>&1 || mstatus=$?
cat "$tmp/e2e-mitid.out"
summary e2e-mitid "$tmp/e2e-mitid.out" $mstatus
if [ $mstatus -ne 0 ]; then
	echo "run-e2e.sh: MitID failed; the kiosk's and the broker's logs:" >&2
	tail -n 20 "$tmp/kiosk-mitid.log" "$tmp/broker.log" >&2 || true
	status=$mstatus
fi

# The staff console: its sign-in provider (a "native" client, so any
# loopback port may come back), then the console itself.
printf 'e2e-console-secret-%s' "$(head -c 8 /dev/urandom | od -An -tx1 |
    tr -d ' \n')" > "$tmp/oidc-staff.secret"
chmod 600 "$tmp/oidc-staff.secret"
cat > "$tmp/provider.json" <<JSON
{"clients": [{"client_id": "console", "client_secret_file": "oidc-staff.secret",
  "application_type": "native",
  "redirect_uris": ["http://127.0.0.1/callback"],
  "post_logout_redirect_uris": ["http://127.0.0.1/signed-out"]}],
 "accounts": [{"sub": "s-inger", "login": "inger", "password": "demo",
  "claims": {"preferred_username": "inger", "name": "Inger Holm"}},
  {"sub": "s-dorte", "login": "dorte", "password": "demo",
  "claims": {"preferred_username": "dorte", "name": "Dorte Skranke"}},
  {"sub": "s-bo", "login": "bo", "password": "demo",
  "claims": {"preferred_username": "bo", "name": "Bo Kjærgaard"}}]}
JSON
node "$top/tests/oidc/provider.js" --config "$tmp/provider.json" \
    --port-file "$tmp/provider.port" >>"$tmp/provider.log" 2>&1 &
pids="$pids $!"
i=0
while [ $i -lt 100 ] && [ ! -s "$tmp/provider.port" ]; do
	sleep 0.1
	i=$((i + 1))
done
[ -s "$tmp/provider.port" ] || die "the OpenID Connect provider did not start"
{
	cat "$tmp/main.conf"
	printf '\n[console]\nlisten = 127.0.0.1:0\nport_file = %s\n' \
	    "$tmp/console.port"
	printf '\n[oidc.staff]\nissuer = http://127.0.0.1:%s\n' \
	    "$(cat "$tmp/provider.port")"
	printf 'client_id = console\nclient_secret_file = %s\n' \
	    "$tmp/oidc-staff.secret"
} > "$tmp/console.conf"
start console "$tmp/console.conf" console
i=0
while [ $i -lt 100 ] && [ ! -s "$tmp/console.port" ]; do
	sleep 0.1
	i=$((i + 1))
done
[ -s "$tmp/console.port" ] || die "the console did not start; see $tmp/console.log"
"$bin/mentorctl" -f "$tmp/main.conf" simulate-sms --from +4520000101 \
    "Vil du ringe til mig?" >>"$tmp/mentorctl.log" 2>&1 ||
    die "simulate-sms failed: see $tmp/mentorctl.log"
cstatus=0
CONSOLE_URL="http://127.0.0.1:$(cat "$tmp/console.port")" \
KIOSK_URL="http://127.0.0.1:$(cat "$tmp/kiosk.port")" \
SMS_FILE="$tmp/sms-outbox.jsonl" \
OUT_DIR="$e2e/out" \
    node "$e2e/console.e2e.js" > "$tmp/e2e-console.out" 2>&1 || cstatus=$?
cat "$tmp/e2e-console.out"
summary e2e-console "$tmp/e2e-console.out" $cstatus
if [ $cstatus -ne 0 ]; then
	echo "run-e2e.sh: the console failed; its log:" >&2
	tail -n 20 "$tmp/console.log" >&2 || true
	status=$cstatus
fi
exit $status
