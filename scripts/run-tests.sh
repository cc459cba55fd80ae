#!/bin/sh
# run-tests.sh KIND TEST... - run cmocka test programs from $O/tests/KIND
# (unit or integration) and print one summary line "KIND (O): N passed,
# N failed".  cmocka's own summary goes to stderr and stays in the log.
O=${O:-build}
kind=$1
shift
MENTORLINK_BUILD=$O
export MENTORLINK_BUILD
pass=0
fail=0
failed=""
for t in "$@"; do
	bin="$O/tests/$kind/$t"
	out=$(mktemp)
	echo "--- $kind $t" >&2
	# No test may hang CI: 10 minutes each at most.
	if timeout -k 10 600 "$bin" >"$out" 2>&1; then
		r=0
	else
		r=$?
	fi
	cat "$out" >&2
	p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$out" | tail -1)
	f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$out" | tail -1)
	pass=$((pass + ${p:-0}))
	fail=$((fail + ${f:-0}))
	if [ "$r" -ne 0 ]; then
		[ -z "$f" ] && fail=$((fail + 1))
		failed="$failed $t"
	fi
	rm -f "$out"
done
echo "($O)"
echo "$kind: $pass passed, $fail failed"
[ -n "${CHECK_SUMMARY:-}" ] && echo "$kind($O) $pass $fail" >> "$CHECK_SUMMARY"
[ -z "$failed" ] || { echo "$kind: failing:$failed" >&2; exit 1; }
