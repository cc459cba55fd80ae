#!/bin/sh
# po-check.sh - checks of the translation catalogues that msgfmt does not make.
#
# For every po/LANG.po, merged with its fragments po/LANG/*.po as the
# Makefile merges them (msgcat --use-first):
#   1. msgfmt --check passes; no untranslated and no fuzzy entry
#   2. the header: Language is LANG, charset UTF-8, a Plural-Forms line;
#      a language other than en carries X-Review (needed or done)
#   3. every entry's msgstr has the msgid's placeholders: {name} fields,
#      printf directives (same conversions, by position for %1$s), HTML
#      tags and entities.  msgfmt checks printf directives only in entries
#      flagged c-format; an entry with a directive but no such flag is
#      reported too.  In a plural entry a form may leave out the number
#      (a printf integer or {n}: Arabic says "two seconds" in one word).
#   4. every msgid of po/en.po and of po/en/F.po is there, for each
#      fragment F the language has; a fragment the language lacks is
#      reported, not fatal (its texts are shown in Danish).
#   5. lists the languages whose header says X-Review: needed.
# Usage: scripts/po-check.sh [LANG...]   (default: every po/LANG.po)
# Exit status 1 when any check fails.
set -u
cd "$(dirname "$0")/.."
tmp=$(mktemp -d "${TMPDIR:-/tmp}/po-check.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
status=0
review=""

# Print one line per entry: flags, msgid, msgid_plural and the msgstrs,
# separated by the byte \001 (a .po string never holds it unescaped).
entries() {
	msgcat --no-wrap --no-location --use-first "$@" 2>/dev/null | awk '
	function flush() {
		if (have) print flags "\001" id "\001" plural "\001" strs
		have = 0; flags = ""; id = ""; plural = ""; strs = ""; field = ""
	}
	function str(s) { sub(/^[^"]*"/, "", s); sub(/"$/, "", s); return s }
	/^#~/ { next }
	/^#,/ { if (have && field != "flags") flush(); flags = flags $0; field = "flags"; next }
	/^#/ { next }
	/^msgctxt / { next }
	/^msgid / { if (have && field != "flags") flush(); have = 1; field = "id"; id = str($0); next }
	/^msgid_plural / { field = "plural"; plural = str($0); next }
	/^msgstr/ { field = "str"; strs = strs (strs == "" ? "" : "\002") str($0); next }
	/^"/ {
		if (field == "id") id = id str($0)
		else if (field == "plural") plural = plural str($0)
		else if (field == "str") strs = strs str($0)
		next
	}
	/^$/ { flush() }
	END { flush() }'
}

# Compare the placeholders of msgid and msgstrs; print one line per fault.
placeholders() {
	awk -F '\001' -v lang="$1" '
	# Placeholders of s of one kind, sorted, joined by spaces.
	function grab(s, re, kind,    n, i, a, out, t) {
		n = 0
		while (match(s, re)) {
			t = substr(s, RSTART, RLENGTH)
			s = substr(s, RSTART + RLENGTH)
			if (t == "%%") continue
			if (kind == "printf") t = printf_key(t, ++seq)
			a[++n] = t
		}
		sortn(a, n)
		out = ""
		for (i = 1; i <= n; i++) out = out (i > 1 ? " " : "") a[i]
		return out
	}
	# %2$s is keyed by its position, %s by its place in the text.
	function printf_key(t, k,    pos) {
		if (match(t, /^%[0-9]+\$/)) {
			pos = substr(t, 2, RLENGTH - 2)
			t = "%" substr(t, RLENGTH + 1)
			return pos ":" t
		}
		return k ":" t
	}
	function sortn(a, n,    i, j, t) {
		for (i = 2; i <= n; i++)
			for (j = i; j > 1 && a[j - 1] > a[j]; j--) {
				t = a[j]; a[j] = a[j - 1]; a[j - 1] = t
			}
	}
	function all(s,    r) {
		seq = 0
		r = "fields(" grab(s, BRACE, "brace") ") printf(" \
		    grab(s, PRINTF, "printf") ") tags(" grab(s, TAG, "tag") \
		    ") entities(" grab(s, ENT, "ent") ")"
		return r
	}
	function without_number(s) {
		gsub(/[0-9]+:%[-+ #0]*[0-9]*(\.[0-9]+)?(hh|h|ll|l|L|q|j|z|t)?[diouxX] ?/, "", s)
		gsub(/\{n\} ?/, "", s)
		return s
	}
	BEGIN {
		BRACE = "\\{[A-Za-z_][A-Za-z0-9_]*\\}"
		PRINTF = "%([0-9]+\\$)?[-+ #0]*[0-9*]*(\\.[0-9*]+)?(hh|h|ll|l|L|q|j|z|t)?[diouxXeEfFgGaAcspn%]"
		TAG = "</?[A-Za-z][^<>]*>"
		ENT = "&([A-Za-z][A-Za-z0-9]*|#[0-9]+|#x[0-9A-Fa-f]+);"
	}
	$2 == "" { next }
	{
		flags = $1; id = $2; plural = $3
		want = all(plural != "" ? plural : id)
		if (plural != "" && all(id) != want && without_number(all(id)) != without_number(want))
			printf "%s: msgid and msgid_plural differ: %s\n", lang, id
		seq = 0
		if (grab(id plural, PRINTF, "printf") != "" && flags !~ /c-format/)
			printf "%s: printf directive but no c-format flag: %s\n", lang, id
		n = split($4, strs, "\002")
		for (i = 1; i <= n; i++) {
			if (strs[i] == "") continue
			got = all(strs[i])
			if (got == want) continue
			if (plural != "" && without_number(got) == without_number(want)) continue
			if (plural != "" && got == all(id)) continue
			printf "%s: placeholders differ\n  msgid:  %s\n  msgstr: %s\n  want %s, got %s\n", \
			    lang, id, strs[i], want, got
		}
	}'
}

if [ $# -gt 0 ]; then
	langs="$*"
else
	langs=$(for f in po/*.po; do basename "$f" .po; done)
fi

entries po/en.po | cut -d "$(printf '\001')" -f 2 | sort -u >"$tmp/en-main"

for l in $langs; do
	if [ ! -f "po/$l.po" ]; then
		echo "po-check: po/$l.po is missing"
		status=1
		continue
	fi
	files="po/$l.po"
	[ -d "po/$l" ] && files="$files $(ls po/$l/*.po 2>/dev/null | tr '\n' ' ')"
	# shellcheck disable=SC2086
	if ! msgcat --use-first -o "$tmp/$l.po" $files; then
		echo "po-check: $l: msgcat failed"
		status=1
		continue
	fi

	# 1. msgfmt
	if ! msgfmt --check -o /dev/null "$tmp/$l.po"; then
		echo "po-check: $l: msgfmt --check failed"
		status=1
	fi
	stats=$(LC_ALL=C msgfmt --statistics -o /dev/null "$tmp/$l.po" 2>&1)
	case "$stats" in
	*untranslated* | *fuzzy*)
		echo "po-check: $l: $stats"
		status=1
		;;
	esac

	# 2. header
	hdr=$(msgattrib --no-wrap -o - "$tmp/$l.po" 2>/dev/null |
	    awk '/^msgid ""$/ { h = 1; next } h && /^$/ { exit } h { print }')
	printf "%s\n" "$hdr" | grep -qF "Language: $l\\n" ||
	    { echo "po-check: $l: header has no 'Language: $l'"; status=1; }
	printf "%s\n" "$hdr" | grep -q 'Content-Type: text/plain; charset=UTF-8' ||
	    { echo "po-check: $l: header is not charset=UTF-8"; status=1; }
	printf "%s\n" "$hdr" | grep -q 'Plural-Forms: nplurals=[0-9]*; plural=' ||
	    { echo "po-check: $l: header has no Plural-Forms"; status=1; }
	if printf "%s\n" "$hdr" | grep -q 'X-Review: needed'; then
		review="$review $l"
	elif [ "$l" != en ] && ! printf "%s\n" "$hdr" | grep -q 'X-Review: done'; then
		echo "po-check: $l: header has no X-Review (needed or done)"
		status=1
	fi

	# 3. placeholders
	entries "$tmp/$l.po" | placeholders "$l" >"$tmp/$l.ph"
	if [ -s "$tmp/$l.ph" ]; then
		sed 's/^/po-check: /' "$tmp/$l.ph"
		status=1
	fi

	# 4. every msgid of the English catalogues of the fragments it has
	[ "$l" = en ] && continue
	entries "$tmp/$l.po" | cut -d "$(printf '\001')" -f 2 | sort -u >"$tmp/$l.ids"
	want="po/en.po"
	for e in po/en/*.po; do
		[ -f "$e" ] || continue
		if [ -f "po/$l/$(basename "$e")" ]; then
			want="$want $e"
		else
			echo "po-check: $l: no po/$l/$(basename "$e") (its texts stay Danish)"
		fi
	done
	# shellcheck disable=SC2086
	entries $want | cut -d "$(printf '\001')" -f 2 | sort -u >"$tmp/$l.want"
	missing=$(comm -23 "$tmp/$l.want" "$tmp/$l.ids" | grep -v '^$')
	if [ -n "$missing" ]; then
		echo "po-check: $l: msgids of the English catalogues missing:"
		echo "$missing" | sed 's/^/    /'
		status=1
	fi
done

if [ -n "$review" ]; then
	echo "po-check: marked X-Review: needed (machine or non-native translation):$review"
fi
[ $status -eq 0 ] && echo "po-check: OK:" $langs
exit $status
