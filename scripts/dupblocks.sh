#!/bin/sh
# shellcheck disable=SC2086 # file lists are split on purpose
# dupblocks.sh - no block of real logic stands twice in our C sources.
#
# Every line is normalized: comments dropped, white space folded.  Lines
# that carry no logic are passed over: blank ones, lone braces and other
# lone punctuation, #include and #if/#else/#endif lines, and cmocka's
# test tables (the CMUnitTest array, its entries, also those spread over
# lines, the run call).  A run of MIN (default 6) or more such
# lines (within one function or table: a brace in the first column
# ends a run) that stands again, the same to the letter, elsewhere (in another
# file or further on in the same one) is a repeat: one line per pair
#
#   FILE:FIRST-LAST ~ FILE:FIRST-LAST (N lines)
#
# and the exit status is 1.  Runs that differ only in names are not
# looked for (the tool library's `duplicates` shows those).
#
#   scripts/dupblocks.sh [-m MIN] [FILE...]  default: every *.c *.h in git
#                                            outside node_modules and build
set -u
cd "$(dirname "$0")/.." || exit 1
min=6
if [ "${1:-}" = -m ]; then
	min=$2
	shift 2
fi
if [ $# -gt 0 ]; then
	files=$*
else
	files=$(git ls-files '*.c' '*.h' 2>/dev/null)
	[ -n "$files" ] || files=$(find shared kiosk sms-gateway admin tests \
	    bench -name '*.[ch]')
fi
files=$(printf '%s\n' $files | grep -v -e '/node_modules/' -e '^build/')

out=$(awk -v min="$min" '
# The line without comments; in_comment carries /* ... */ across lines.
function uncomment(s,	out, c, i, n, q) {
	out = ""; q = ""; n = length(s)
	for (i = 1; i <= n; i++) {
		c = substr(s, i, 1)
		if (in_comment) {
			if (c == "*" && substr(s, i + 1, 1) == "/") { in_comment = 0; i++ }
			continue
		}
		if (q != "") {
			out = out c
			if (c == "\\") { out = out substr(s, i + 1, 1); i++ }
			else if (c == q) q = ""
			continue
		}
		if (c == "\"" || c == "\047") { q = c; out = out c; continue }
		if (c == "/" && substr(s, i + 1, 1) == "*") { in_comment = 1; i++; out = out " "; continue }
		if (c == "/" && substr(s, i + 1, 1) == "/") break
		out = out c
	}
	return out
}
FNR == 1 { in_comment = 0; nfiles++; nseg++ }
# A brace in the first column ends a function or a table: runs stop there.
/^}/ && !in_comment { nseg++; next }
{
	s = $0
	if (in_comment || index(s, "/*") || index(s, "//"))
		s = uncomment(s)
	gsub(/[ \t\r]+/, " ", s)
	sub(/^ /, "", s); sub(/ $/, "", s)
	# The rest of a test table entry spread over lines.
	if (in_entry) {
		if (s ~ /\),?$/)
			in_entry = 0
		next
	}
	if (s ~ /^cmocka_unit_test/ && s !~ /\),?$/)
		in_entry = 1
	if (s == "" || s ~ /^[{}()\[\];,]+$/ ||
	    s ~ /^# *(include|if|ifdef|ifndef|elif|else|endif)([^a-z_]|$)/ ||
	    s ~ /^cmocka_unit_test/ || s ~ /CMUnitTest tests\[\] = \{$/ ||
	    s ~ /^return cmocka_run_group_tests/)
		next
	n++
	T[n] = s; F[n] = FILENAME; L[n] = FNR; fid[n] = nfiles; seg[n] = nseg
}
END {
	for (i = 1; i + min - 1 <= n; i++) {
		if (seg[i + min - 1] != seg[i]) continue
		k = T[i]
		for (j = 1; j < min; j++) k = k "\n" T[i + j]
		occ[k] = (k in occ) ? occ[k] " " i : i
	}
	found = 0
	for (k in occ) {
		m = split(occ[k], at, " ")
		if (m < 2) continue
		for (x = 1; x <= m; x++)
			for (y = x + 1; y <= m; y++) {
				a = at[x] + 0; b = at[y] + 0
				if (fid[a] == fid[b] && b - a < min) continue
				# Only where the run starts: not one line further in.
				if (a > 1 && b > 1 && seg[a - 1] == seg[a] &&
				    seg[b - 1] == seg[b] && T[a - 1] == T[b - 1] &&
				    !(fid[a] == fid[b] && b - a <= min))
					continue
				len = min
				while (b + len <= n && seg[a + len] == seg[a] &&
				    seg[b + len] == seg[b] && T[a + len] == T[b + len] &&
				    !(fid[a] == fid[b] && a + len >= b))
					len++
				printf "%s:%d-%d ~ %s:%d-%d (%d lines)\n", F[a], L[a],
				    L[a + len - 1], F[b], L[b], L[b + len - 1], len
				found++
			}
	}
	exit found > 0
}' $files)
st=$?
[ -z "$out" ] || printf '%s\n' "$out" | sort -t: -k1,1 -k2,2n
exit $st
