#!/bin/sh
# gen_nul_byte.sh - a NUL byte in the source is a SyntaxError, not a crash or a truncated program.
#
# The program is written at run time so the repository holds no binary file.
# Run with $MPY (default ./src/mpy); exits 0 when the interpreter behaves.

mpy=${MPY:-./src/mpy}
case $mpy in /*) ;; */*) mpy=$(pwd)/$mpy ;; esac
tmp=$(mktemp -d "${TMPDIR:-/tmp}/mpy-nul.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT

printf 'print("before")\nx = 1\000\nprint(x)\n' > "$tmp/nul_byte.mpy"
(cd "$tmp" && timeout 60 "$mpy" nul_byte.mpy) < /dev/null > "$tmp/out" 2> "$tmp/err"
status=$?

fail=0
[ "$status" = 1 ] || { echo "FAIL: exit status $status, expected 1"; fail=1; }
[ -s "$tmp/out" ] && { echo "FAIL: the program ran and printed:"; cat "$tmp/out"; fail=1; }
for pat in '^  File ".*nul_byte\.mpy", line 2$' \
    '^SyntaxError: source code cannot contain null bytes$'; do
    grep -E -q -e "$pat" "$tmp/err" || { echo "FAIL: no stderr line matches: $pat"; fail=1; }
done
[ $fail = 0 ] || { echo "--- stderr ---"; cat "$tmp/err"; }
exit $fail
