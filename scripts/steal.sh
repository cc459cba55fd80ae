#!/bin/sh
# steal.sh - how much CPU time the host took from this virtual machine.
#
#   s0=$(sh scripts/steal.sh)      prints a mark (steal and total ticks)
#   sh scripts/steal.sh "$s0"      prints steal since the mark, e.g. "12%"
#
# On a virtual machine whose host is busy, the kernel counts the time a
# virtual CPU wanted to run and could not as "steal" (/proc/stat).  The
# benchmarks print it next to their figures: with much steal, a figure
# says more about the host than about the program.
set -u
mark=$(awk '/^cpu / { t = 0; for (i = 2; i <= 9; i++) t += $i;
	print $9, t; exit }' /proc/stat)
if [ $# -eq 0 ]; then
	echo "$mark"
	exit 0
fi
echo "$1 $mark" | awk '{ dt = $4 - $2;
	printf "%.0f%%\n", (dt > 0 ? 100 * ($3 - $1) / dt : 0) }'
