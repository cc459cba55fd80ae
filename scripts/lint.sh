#!/bin/sh
# lint.sh - the house rules that a compiler does not check.
#   1. banned functions (CONVENTIONS.md) in C sources outside tests/fuzz
#   2. SQL only in shared/store*.c
#   3. cppcheck (warnings, portability)
#   4. the include graph: no two modules include each other, no circle
#      (scripts/include-graph.sh)
#   5. no block of six or more lines of logic twice (scripts/dupblocks.sh)
#   6. clang-format drift from .clang-format: LINT_FORMAT=strict makes it
#      fatal and lists the files; otherwise (LINT_FORMAT=report) it is
#      counted only.  The Makefile sets which (LINT_FORMAT ?= ...).
# cppcheck and clang-format are required (scripts/deps.sh installs them):
# lint checks the same on every machine.
set -u
cd "$(dirname "$0")/.."
status=0
src=$(git ls-files '*.c' '*.h' 2>/dev/null)
[ -n "$src" ] || src=$(find shared kiosk sms-gateway admin tests -name '*.[ch]')

banned=$(grep -nE '(^|[^_a-zA-Z0-9])(atoi|sprintf|strcpy|strcat|strncpy|strtok|sscanf|gets|system)[[:space:]]*\(' $src |
    grep -vE '(snprintf|vsnprintf|asprintf|//|^\S+:[0-9]+:\s*\*)' || true)
if [ -n "$banned" ]; then
	echo "lint: banned functions (see CONVENTIONS.md):"
	echo "$banned"
	status=1
fi

sql=$(grep -lE 'sqlite3_(prepare|exec)' $src | grep -vE '^shared/store[a-z_]*\.c$|^tests/' || true)
if [ -n "$sql" ]; then
	echo "lint: SQL outside shared/store*.c: $sql"
	status=1
fi
inc=$(grep -lE '#include "store_int.h"' $src | grep -vE '^shared/store[a-z_]*\.[ch]$' || true)
if [ -n "$inc" ]; then
	echo "lint: store_int.h included outside shared/store*.c: $inc"
	status=1
fi

for tool in cppcheck clang-format; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "lint: $tool missing (make deps installs it)"
		exit 1
	fi
done

if ! cppcheck -q -j2 --error-exitcode=1 --enable=warning,portability \
    --inline-suppr --suppress=missingIncludeSystem \
    -Ishared -D_GNU_SOURCE $(echo "$src" | grep '\.c$' | grep -v '^tests/fuzz/') 2>&1; then
	echo "lint: cppcheck found problems"
	status=1
fi

if ! scripts/include-graph.sh $src; then
	echo "lint: modules include each other (above); make the arrows point one way"
	status=1
fi

if ! scripts/dupblocks.sh $src; then
	echo "lint: the blocks above stand twice; give the logic one home"
	status=1
fi

# One clang-format run over every file; a file is named once per drift.
drift=$(clang-format --dry-run $src 2>&1 |
    sed -n 's/^\([^: ]*\):[0-9]*:[0-9]*: \(warning\|error\): .*/\1/p' | sort -u)
n=$(printf '%s' "$drift" | grep -c . || true)
if [ "${LINT_FORMAT:-report}" = strict ]; then
	if [ "$n" -gt 0 ]; then
		echo "lint: $n files differ from .clang-format (clang-format -i FILE):"
		echo "$drift"
		status=1
	fi
else
	echo "lint: clang-format: $n files differ from .clang-format (LINT_FORMAT=strict makes this fatal)"
fi
[ $status -eq 0 ] && echo "lint: ok"
exit $status
