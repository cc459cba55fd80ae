#!/bin/sh
# shellcheck disable=SC2086 # file lists are split on purpose
# include-graph.sh - every arrow between our modules points one way.
#
# A module is a file name without its extension: x.c and x.h are one
# module x, and so is x_int.h, the header x's own files share.  Module a depends on module b when a.c or a.h includes b.h
# ("..." includes only; <...> are the system's).  A name is looked up as
# the compiler does: beside the including file, then in shared/, then in
# tests/ (the -I options of the Makefile); a name found nowhere (a
# generated header) is skipped.
#
# Fails, and prints what it found, when
#   - two modules depend on each other (a.c includes b.h, b.c includes
#     a.h): one line "a <-> b" with the two include lines, or
#   - modules depend on each other in a longer circle: one line with the
#     modules that reach each other, then the one-way arrows among them
#     (each lies on a circle of three or more).
#
#   scripts/include-graph.sh [FILE...]   default: every *.c *.h in git
set -u
cd "$(dirname "$0")/.." || exit 1
if [ $# -gt 0 ]; then
	files=$*
else
	files=$(git ls-files '*.c' '*.h' 2>/dev/null)
	[ -n "$files" ] || files=$(find shared kiosk sms-gateway admin tests \
	    bench -name '*.[ch]' ! -path '*/node_modules/*')
fi
files=$(printf '%s\n' $files | grep -v -e '/node_modules/' -e '^build/')

# One line per include: "FILE NAME".
printf '%s\n' $files | xargs grep -H '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' |
    sed 's/^\([^:]*\):[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1 \2/' |
awk -v files="$(printf '%s ' $files)" '
function module(path) { sub(/(_int)?\.[ch]$/, "", path); return path }
function dirname(path) { return path ~ /\// ? substr(path, 1, match(path, /\/[^\/]*$/) - 1) "/" : "" }
# The header a file means by "name", or "" when it is none of ours.
function resolve(from, name,	c) {
	c = dirname(from) name
	while (c ~ /[^\/]+\/\.\.\//)
		sub(/[^\/]+\/\.\.\//, "", c)
	if (c in known) return c
	if (("shared/" name) in known) return "shared/" name
	if (("tests/" name) in known) return "tests/" name
	return ""
}
BEGIN {
	n = split(files, f, " ")
	for (i = 1; i <= n; i++)
		known[f[i]] = 1
}
{
	h = resolve($1, $2)
	if (h == "") next
	a = module($1); b = module(h)
	if (a == b) next
	if (!((a, b) in edge)) {
		edge[a, b] = $1 " includes " h
		out[a] = out[a] " " b
		nodes[a] = 1; nodes[b] = 1
	}
}
# Every module that a reaches, into reach[a, x].
function walk(a,	queue, head, tail, x, m, i, next_) {
	head = tail = 0
	queue[tail++] = a
	while (head < tail) {
		x = queue[head++]
		m = split(out[x], next_, " ")
		for (i = 1; i <= m; i++)
			if (!((a, next_[i]) in reach)) {
				reach[a, next_[i]] = 1
				queue[tail++] = next_[i]
			}
	}
}
END {
	for (a in nodes)
		walk(a)
	bad = 0
	# Pairs, each once.
	for (k in edge) {
		split(k, p, SUBSEP)
		if (p[1] < p[2] && ((p[2], p[1]) in edge)) {
			print "include-graph: " p[1] " <-> " p[2] ": " \
			    edge[p[1], p[2]] "; " edge[p[2], p[1]]
			bad = 1
		}
	}
	# Circles: the modules that reach each other (strongly connected
	# components), printed when they are more than a pair.
	for (a in nodes) {
		if (a in done) continue
		members = a; count = 1; done[a] = 1
		for (b in nodes)
			if (b != a && ((a, b) in reach) && ((b, a) in reach)) {
				members = members " " b; count++; done[b] = 1
				inscc[b] = a
			}
		inscc[a] = a
		if (count < 3) continue
		m = split(members, mem, " ")
		# sorted, so the output is the same every run
		for (i = 1; i <= m; i++)
			for (j = i + 1; j <= m; j++)
				if (mem[j] < mem[i]) { t = mem[i]; mem[i] = mem[j]; mem[j] = t }
		# Only pairs (every arrow inside goes both ways): said above.
		# An arrow one way inside means a longer circle through it.
		arrows = ""
		for (i = 1; i <= m; i++)
			for (j = 1; j <= m; j++)
				if (((mem[i], mem[j]) in edge) && !((mem[j], mem[i]) in edge))
					arrows = arrows "    " mem[i] " -> " mem[j] \
					    " (" edge[mem[i], mem[j]] ")\n"
		if (arrows == "") continue
		line = mem[1]
		for (i = 2; i <= m; i++) line = line " " mem[i]
		print "include-graph: circle through " m " modules: " line
		printf "%s", arrows
		bad = 1
	}
	exit bad
}'
