#!/bin/sh
# colour.sh - a lecture on a terminal has its header in reverse video and
# its code highlighted; with NO_COLOR or --no-color not one escape is
# written.  The terminal is a pseudo-terminal made by script(1); standard
# input stays /dev/null, so --auto runs and the REPL at the end sees EOF.
mpy=${MPY:-./src/mpy}
case $mpy in
    /*) ;;
    */*) mpy=$(pwd)/$mpy ;;
esac
if ! command -v script > /dev/null 2>&1; then
    echo "SKIP: no script(1) to make a terminal"
    exit 77
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/mpy-lecture.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
fail=0
esc=$(printf '\033')

printf '# %%%% Colours\nfor i in range(2):  # a loop\n    print("i", i)\n' \
    > "$tmp/c.lec"

# on_terminal ENV...: the lecture's output on a terminal, in that environment
on_terminal() {
    (cd "$tmp" && env TERM=xterm "$@" script -qec \
        "'$mpy' --lecture --auto c.lec < /dev/null" /dev/null) > "$tmp/out"
}

on_terminal NO_COLOR=
if ! grep -q "${esc}\[7m${esc}\[1m# %% \[1/1\] Colours" "$tmp/out"; then
    echo "FAIL: no reverse-video header on a terminal" >&2
    fail=1
fi
if ! grep -q "${esc}\[1m${esc}\[35mfor${esc}\[0m i" "$tmp/out" ||
   ! grep -q "${esc}\[32m\"i\"${esc}\[0m" "$tmp/out" ||
   ! grep -q "${esc}\[2m# a loop${esc}\[0m" "$tmp/out"; then
    echo "FAIL: the code is not highlighted on a terminal" >&2
    fail=1
fi
if ! grep -q "^i 1" "$tmp/out"; then
    echo "FAIL: the cell did not run on a terminal" >&2
    fail=1
fi
[ $fail = 0 ] || cat -v "$tmp/out" >&2

for how in NO_COLOR=1 "--no-color"; do
    if [ "$how" = NO_COLOR=1 ]; then
        (cd "$tmp" && env TERM=xterm NO_COLOR=1 script -qec \
            "'$mpy' --lecture --auto c.lec < /dev/null" /dev/null) > "$tmp/out"
    else
        (cd "$tmp" && env TERM=xterm NO_COLOR= script -qec \
            "'$mpy' --no-color --lecture --auto c.lec < /dev/null" \
            /dev/null) > "$tmp/out"
    fi
    if grep -q "$esc" "$tmp/out"; then
        echo "FAIL: an escape on the terminal with $how:" >&2
        cat -v "$tmp/out" >&2
        fail=1
    fi
    if ! grep -q "^# %% \[1/1\] Colours" "$tmp/out" ||
       ! grep -q "^i 1" "$tmp/out"; then
        echo "FAIL: the lecture did not show or run with $how:" >&2
        cat -v "$tmp/out" >&2
        fail=1
    fi
done
exit $fail
