#!/bin/sh
# deps.sh - install what Mentorlink needs to build, test and run, and
# nothing that is already there.  Idempotent: a second run installs nothing.
#
#   scripts/deps.sh          Debian packages and the npm packages
#   scripts/deps.sh --no-npm Debian packages only
#
# Uses sudo when not run as root.  Exits non-zero with a clear message when
# something cannot be installed.
set -eu

PACKAGES="build-essential pkg-config gettext sqlite3 libsqlite3-dev \
libcurl4-openssl-dev libjson-c-dev libcmocka-dev libmicrohttpd-dev \
libssl-dev libinih-dev libcjose-dev libjansson-dev libicu-dev tzdata ca-certificates curl clang \
libclang-rt-14-dev chromium wrk cppcheck clang-format fonts-noto-core"

top=$(cd "$(dirname "$0")/.." && pwd)
want_npm=yes
[ "${1:-}" = "--no-npm" ] && want_npm=no

die() {
	printf 'deps.sh: %s\n' "$*" >&2
	exit 1
}

missing=""
for p in $PACKAGES; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
	    grep -q 'install ok installed'; then
		missing="$missing $p"
	fi
done

# Node.js may come from elsewhere (e.g. NodeSource, which bundles npm and
# conflicts with Debian's npm package): only ask Debian when the commands
# are missing.
command -v node >/dev/null 2>&1 || missing="$missing nodejs"
command -v npm >/dev/null 2>&1 || missing="$missing npm"

if [ -n "$missing" ]; then
	command -v apt-get >/dev/null 2>&1 ||
	    die "apt-get not found; install by hand:$missing"
	if [ "$(id -u)" -eq 0 ]; then
		SUDO=""
	elif command -v sudo >/dev/null 2>&1; then
		SUDO="sudo"
	else
		die "not root and no sudo; as root run: apt-get install$missing"
	fi
	printf 'deps.sh: installing Debian packages:%s\n' "$missing"
	export DEBIAN_FRONTEND=noninteractive
	$SUDO apt-get update -qq ||
	    die "apt-get update failed; check the network and apt sources"
	# shellcheck disable=SC2086
	$SUDO apt-get install -y -qq --no-install-recommends $missing \
	    >/dev/null || die "apt-get install failed for:$missing"
else
	printf 'deps.sh: Debian packages: all present\n'
fi

[ "$want_npm" = yes ] || exit 0

# npm: the kiosk's design system (dkfds), the browser test tools and the
# test OpenID Connect provider (oidc-provider).
# PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: we use Debian's chromium, never a
# downloaded browser.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
for dir in "$top/kiosk/web" "$top/tests/e2e" "$top/tests/oidc"; do
	[ -f "$dir/package.json" ] || continue
	if [ -f "$dir/package-lock.json" ] && [ -d "$dir/node_modules" ] &&
	    [ "$dir/node_modules/.package-lock.json" -nt "$dir/package-lock.json" ]; then
		continue
	fi
	printf 'deps.sh: npm ci in %s\n' "${dir#"$top"/}"
	if [ -f "$dir/package-lock.json" ]; then
		(cd "$dir" && npm ci --no-audit --no-fund --loglevel=error) ||
		    die "npm ci failed in $dir"
	else
		(cd "$dir" && npm install --no-audit --no-fund --loglevel=error) ||
		    die "npm install failed in $dir"
	fi
done
