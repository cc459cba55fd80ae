#!/bin/sh
# run-bench.sh - make bench: every benchmark, one section per part of the
# tree.  Figures only, no assertions; a section whose tool is missing says
# so and the others still run.  O selects the build (default build).
#
#   scripts/run-bench.sh [SECTION...]    sections: kiosk gateway webhook import mitid console
#
# Each part owns its section function below (add yours the same way).
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
O=${O:-build}
export O
MENTORLINK_BUILD=$O
export MENTORLINK_BUILD

# kiosk: agreement page server time with 100,000 citizens; the desk-code
# sign-in round trip; "send code" to the file provider's output with
# sms-gateway running (bench/kiosk_bench.c).
# KIOSK_BENCH_CITIZENS, KIOSK_BENCH_REQUESTS change the sizes.
section_kiosk() {
	make -s O="$O" "$O/bench/kiosk-bench" || {
		echo "kiosk bench: build failed; skipped"
		return 0
	}
	"$O/bench/kiosk-bench" "${KIOSK_BENCH_CITIZENS:-100000}" \
	    "${KIOSK_BENCH_REQUESTS:-5000}"
}

# gateway (gateway-send): sms-gateway draining the outbox into the fake
# provider, its memory with a large backlog (bench/gw_drain.c) next to
# what its libraries alone take (bench/rss_floor.c), and the scheduler
# (bench/gw_sched.c), and login codes while the first of two providers
# is down (gw_drain failover).  Sizes: GW_BENCH_DRAIN (20000),
# GW_BENCH_BACKLOG (1000000), GW_BENCH_MEETINGS (1000000), GW_BENCH_DUE
# (10000), GW_BENCH_FAILOVER (200).  The database runs in WAL mode with synchronous=NORMAL, the
# daemon's setting.
section_gateway() {
	make -s O="$O" "$O/bench/gw-drain" "$O/bench/gw-sched" "$O/bench/rss-floor" \
	    "$O/tests/bin/fake-provider" || {
		echo "gateway bench: build failed; skipped"
		return 0
	}
	n=${GW_BENCH_DRAIN:-20000}
	"$O/bench/gw-drain" drain "$n" 10 0
	"$O/bench/gw-drain" drain "$((n / 4))" 10 20
	"$O/bench/gw-drain" drain "$((n / 4))" 50 20
	"$O/bench/gw-drain" rss "${GW_BENCH_BACKLOG:-1000000}" 5
	"$O/bench/gw-drain" failover "${GW_BENCH_FAILOVER:-200}"
	"$O/bench/rss-floor"
	"$O/bench/gw-sched" "${GW_BENCH_MEETINGS:-1000000}" \
	    "${GW_BENCH_DUE:-10000}" 2>/dev/null
}

# webhook: intake rate with wrk (bench/webhook.sh).
section_webhook() {
	if [ -f bench/webhook.sh ]; then
		sh bench/webhook.sh
	else
		echo "webhook bench: bench/webhook.sh missing; skipped"
	fi
}

# import: mentorctl import of a made-up caseload written at bench time
# (bench/import_bench.c, bench/import_gen.h): 10,000 to 100,000 citizens,
# each with an agreement and two meetings, into a new database and again
# into the filled one.  IMPORT_BENCH_SIZES changes the sizes.
section_import() {
	make -s O="$O" "$O/bench/import-bench" || {
		echo "import bench: build failed; skipped"
		return 0
	}
	# shellcheck disable=SC2086
	"$O/bench/import-bench" ${IMPORT_BENCH_SIZES:-10000 20000 40000 100000}
}

# mitid: the kiosk's MitID sign-in round trip against the test provider
# as broker (bench/mitid_bench.js; plain HTTP, no browser), and log out
# through the broker's end-session endpoint.  MITID_BENCH_ROUNDS (50).
section_mitid() {
	if ! command -v node >/dev/null 2>&1 ||
	    [ ! -d tests/oidc/node_modules/oidc-provider ]; then
		echo "mitid bench: node or tests/oidc/node_modules missing; skipped"
		return 0
	fi
	make -s O="$O" "$O/bin/kiosk" "$O/bin/mentorctl" || {
		echo "mitid bench: build failed; skipped"
		return 0
	}
	d=$(mktemp -d /tmp/mentorlink-bench-mitid.XXXXXX)
	(umask 077 && head -c 32 /dev/urandom > "$d/cpr.key" &&
	    printf 'bench-kiosk-secret-12345\n' > "$d/oidc-citizen.secret")
	cat > "$d/broker.json" <<JSON
{"clients": [{"client_id": "kiosk", "client_secret_file": "oidc-citizen.secret",
  "application_type": "native",
  "redirect_uris": ["http://127.0.0.1/mitid/callback"],
  "post_logout_redirect_uris": ["http://127.0.0.1/mitid/signed-out"]}],
 "accounts": [{"sub": "mitid-mads", "login": "mads", "password": "demo",
   "claims": {"dk.cpr": "0101901234", "loa": "substantial"}}],
 "scopes": {"mitid": ["dk.cpr", "loa"]}, "auto_logout": true}
JSON
	node tests/oidc/provider.js --config "$d/broker.json" \
	    --port-file "$d/broker.port" >"$d/broker.log" 2>&1 &
	bpid=$!
	i=0
	while [ $i -lt 100 ] && [ ! -s "$d/broker.port" ]; do
		sleep 0.1
		i=$((i + 1))
	done
	cat > "$d/mentorlink.conf" <<CONF
[organisation]
name = Bench Kommune
phone = +4544520000
[database]
path = $d/mentorlink.db
cpr_key_file = $d/cpr.key
[sms]
provider = file
file_path = $d/sms.jsonl
sender = +4512345678
[kiosk]
listen = 127.0.0.1:0
port_file = $d/kiosk.port
login = sms, mitid
[oidc.citizen]
issuer = http://127.0.0.1:$(cat "$d/broker.port" 2>/dev/null)
client_id = kiosk
scopes = openid mitid
CONF
	"$O/bin/mentorctl" -f "$d/mentorlink.conf" init >/dev/null 2>&1 &&
	    "$O/bin/mentorctl" -f "$d/mentorlink.conf" import \
	    --relative-dates demo/demo.json >/dev/null 2>&1 ||
	    echo "mitid bench: the database could not be made"
	"$O/bin/kiosk" -f "$d/mentorlink.conf" >/dev/null 2>"$d/kiosk.log" &
	kpid=$!
	i=0
	while [ $i -lt 100 ] && [ ! -s "$d/kiosk.port" ]; do
		sleep 0.1
		i=$((i + 1))
	done
	node bench/mitid_bench.js "http://127.0.0.1:$(cat "$d/kiosk.port")" \
	    mads demo "${MITID_BENCH_ROUNDS:-50}"
	kill "$kpid" "$bpid" 2>/dev/null
	wait "$kpid" "$bpid" 2>/dev/null
	rm -rf "$d"
}


# console: the requests page with 100,000 citizens and 1,000 open
# requests (server wall and CPU time, round trip), and the sign-in round
# trip against the local OpenID provider (bench/console_bench.c).  Needs
# the test build's harness and tests/oidc's node_modules.
# CONSOLE_BENCH_CITIZENS, CONSOLE_BENCH_REQUESTS, CONSOLE_BENCH_PAGES.
section_console() {
	make -s O="$O" "$O/bench/console-bench" "$O/bin/console" \
	    "$O/bin/mentorctl" || {
		echo "console bench: build failed; skipped"
		return 0
	}
	"$O/bench/console-bench" "${CONSOLE_BENCH_CITIZENS:-100000}" \
	    "${CONSOLE_BENCH_REQUESTS:-1000}" "${CONSOLE_BENCH_PAGES:-2000}" \
	    2>/dev/null
}

sections=${*:-kiosk gateway webhook import mitid console}
for s in $sections; do
	echo "== $s"
	"section_$s"
	echo
done
