#!/bin/sh
# gen_deep_unary_minus.sh - 100000 nested unary minuses end in a clean error, never a stack overflow.
#
# CPython 3.11 reports MemoryError (its parser stack is exhausted); shallower
# chains give "RecursionError: maximum recursion depth exceeded during
# compilation".  mpy has a fixed nesting limit and reports a SyntaxError,
# "too many nested expressions", naming the line.  Any of these is accepted:
# what is pinned is exit status 1, one of those messages, and no crash (a
# signal would give a status above 128).

mpy=${MPY:-./src/mpy}
case $mpy in /*) ;; */*) mpy=$(pwd)/$mpy ;; esac
tmp=$(mktemp -d "${TMPDIR:-/tmp}/mpy-unary.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT

LC_ALL=C awk 'BEGIN {
    s = "-"
    while (length(s) < 100000) s = s s
    printf "print(\"before\")\nx = %s1\nprint(x)\n", substr(s, 1, 100000)
}' > "$tmp/deep_minus.mpy"
(cd "$tmp" && timeout 60 "$mpy" deep_minus.mpy) < /dev/null > "$tmp/out" 2> "$tmp/err"
status=$?

fail=0
[ "$status" = 1 ] || { echo "FAIL: exit status $status, expected 1"; fail=1; }
[ -s "$tmp/out" ] && { echo "FAIL: the program ran and printed:"; head -c 300 "$tmp/out"; fail=1; }
pat='^(MemoryError|RecursionError: maximum recursion depth exceeded during compilation|SyntaxError: too many nested expressions)$'
grep -E -q -e "$pat" "$tmp/err" || { echo "FAIL: no stderr line matches: $pat"; fail=1; }
[ $fail = 0 ] || { echo "--- stderr ---"; head -c 2000 "$tmp/err"; }
exit $fail
