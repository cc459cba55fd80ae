#!/bin/sh
# lint.sh - the house rules that a compiler does not check.
#   1. banned functions (CONVENTIONS.md) in C sources outside tests/fuzz
#   2. SQL only in shared/store*.c
#   3. cppcheck (warnings, portability)
#   4. clang-format drift, reported but not fatal (LINT_FORMAT=strict makes it fatal)
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

if command -v cppcheck >/dev/null 2>&1; then
	if ! cppcheck -q --error-exitcode=1 --enable=warning,portability \
	    --inline-suppr --suppress=missingIncludeSystem \
	    -Ishared -D_GNU_SOURCE $(echo "$src" | grep '\.c$' | grep -v '^tests/fuzz/') 2>&1; then
		echo "lint: cppcheck found problems"
		status=1
	fi
fi

if command -v clang-format >/dev/null 2>&1 && [ -f .clang-format ]; then
	n=0
	for f in $src; do
		clang-format --dry-run "$f" 2>&1 | grep -q warning && n=$((n + 1))
	done
	echo "lint: clang-format: $n files differ from .clang-format (approximation of style(9))"
	[ "${LINT_FORMAT:-}" = strict ] && [ "$n" -gt 0 ] && status=1
fi
[ $status -eq 0 ] && echo "lint: ok"
exit $status
