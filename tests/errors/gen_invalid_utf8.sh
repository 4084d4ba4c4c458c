#!/bin/sh
# gen_invalid_utf8.sh - source that is not valid UTF-8 is a SyntaxError naming the first bad byte.
#
# The program is written at run time so the repository holds no binary file.
# Run with $MPY (default ./src/mpy); exits 0 when the interpreter behaves.

mpy=${MPY:-./src/mpy}
case $mpy in /*) ;; */*) mpy=$(pwd)/$mpy ;; esac
tmp=$(mktemp -d "${TMPDIR:-/tmp}/mpy-utf8.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT

printf 'print("before")\nname = "caf\351"\nprint(name)\n' > "$tmp/bad_utf8.mpy"
(cd "$tmp" && timeout 60 "$mpy" bad_utf8.mpy) < /dev/null > "$tmp/out" 2> "$tmp/err"
status=$?

fail=0
[ "$status" = 1 ] || { echo "FAIL: exit status $status, expected 1"; fail=1; }
[ -s "$tmp/out" ] && { echo "FAIL: the program ran and printed:"; cat "$tmp/out"; fail=1; }
pat="^SyntaxError: Non-UTF-8 code starting with '\\\\xe9' in file .*bad_utf8\\.mpy on line 2, but no encoding declared"
grep -E -q -e "$pat" "$tmp/err" || { echo "FAIL: no stderr line matches: $pat"; fail=1; }
[ $fail = 0 ] || { echo "--- stderr ---"; cat "$tmp/err"; }
exit $fail
