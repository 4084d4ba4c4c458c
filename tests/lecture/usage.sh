#!/bin/sh
# usage.sh - the command line of lecture mode: --auto needs --lecture,
# --lecture needs a FILE (not -c, not -), and a file that cannot be read
# gives the same message and status 2 as a missing script.
mpy=${MPY:-./src/mpy}
fail=0
tmp=$(mktemp -d "${TMPDIR:-/tmp}/mpy-lecture.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT

# expect STATUS PATTERN -- ARGS...: mpy exits with STATUS and its stderr
# has a line matching PATTERN
expect() {
    want=$1 pattern=$2
    shift 3
    "$mpy" "$@" < /dev/null > "$tmp/out" 2> "$tmp/err"
    got=$?
    if [ "$got" != "$want" ]; then
        echo "FAIL: mpy $*: status $got, expected $want" >&2
        cat "$tmp/err" >&2
        fail=1
    elif ! grep -E -q -e "$pattern" "$tmp/err"; then
        echo "FAIL: mpy $*: no stderr line matches: $pattern" >&2
        cat "$tmp/err" >&2
        fail=1
    fi
}

echo 'print("hi")' > "$tmp/ok.lec"
expect 2 '--auto needs --lecture' -- --auto "$tmp/ok.lec"
expect 2 '--lecture needs a FILE' -- --lecture
expect 2 '--lecture needs a FILE' -- --lecture --auto
expect 2 '--lecture needs a FILE, not -c' -- --lecture -c 'print(1)'
expect 2 '--lecture needs a FILE, not -$' -- --lecture -
expect 2 "can't open file '.*/missing\.lec': \[Errno 2\] No such file" \
    -- --lecture --auto "$tmp/missing.lec"
# the same message as running the missing file as a script
"$mpy" "$tmp/missing.lec" < /dev/null 2> "$tmp/script_err"
"$mpy" --lecture "$tmp/missing.lec" < /dev/null 2> "$tmp/lecture_err"
if ! cmp -s "$tmp/script_err" "$tmp/lecture_err"; then
    echo "FAIL: a missing lecture is reported unlike a missing script:" >&2
    diff "$tmp/script_err" "$tmp/lecture_err" >&2
    fail=1
fi
# GIL options may come before, and the lecture gets sys.argv as a script
printf 'import sys, gil\nprint(sys.argv[1:], gil.policy())\n' > "$tmp/args.lec"
"$mpy" --gil=ticks --lecture --auto "$tmp/args.lec" a b < /dev/null \
    > "$tmp/out" 2> /dev/null
if ! grep -q "^\['a', 'b'\] ticks$" "$tmp/out"; then
    echo "FAIL: arguments after the lecture:" >&2
    cat "$tmp/out" >&2
    fail=1
fi
exit $fail
