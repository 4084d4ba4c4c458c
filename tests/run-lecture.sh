#!/bin/sh
# run-lecture.sh - Automake test driver: give one lecture (mpy --lecture)
# and check what it printed.
#
# Usage: run-lecture.sh path/to/NAME.lec
#
# The interpreter is $MPY (default ./src/mpy, relative to the build
# directory).  The lecture runs in its own directory as
# `$MPY --lecture --auto NAME.lec`, with NAME.in as standard input when
# that file exists, /dev/null otherwise, and at most $MPY_TIMEOUT seconds
# (default 60).  Files next to the lecture say what must happen:
#   NAME.flags   the options put before the file instead of
#                "--lecture --auto" (blank lines and lines starting with
#                '#' are ignored), e.g. "--lecture" to answer the waits
#                from NAME.in, or GIL options
#   NAME.exp     stdout must equal it byte for byte (required)
#   NAME.filter  sed -E commands applied to stdout before the comparison,
#                for what a real clock makes vary (milliseconds in :gil)
#   NAME.status  the expected exit status (absent: 0)
#   NAME.err     grep -E patterns, one a line, each matching some line of
#                stderr; a pattern after "!" must match none (blank lines
#                and lines starting with '#' are ignored)
# Standard output and error are pipes here, so neither may hold an escape
# sequence: colour is for terminals only.
#
# Exit status 0 = pass, 1 = fail, 99 = hard error.

if [ $# -ne 1 ]; then
    echo "usage: $0 path/to/NAME.lec" >&2
    exit 99
fi

lec=$1
if [ ! -f "$lec" ]; then
    echo "run-lecture.sh: no such lecture: $lec" >&2
    exit 99
fi

mpy=${MPY:-./src/mpy}
case $mpy in
    /*) ;;
    */*) mpy=$(pwd)/$mpy ;;
esac
timeout_s=${MPY_TIMEOUT:-60}

dir=$(cd "$(dirname "$lec")" && pwd) || exit 99
file=$(basename "$lec")
base=${file%.lec}

exp=$dir/$base.exp
if [ ! -f "$exp" ]; then
    echo "FAIL: $file: missing expected output $exp" >&2
    exit 1
fi
expected_status=0
if [ -f "$dir/$base.status" ]; then
    expected_status=$(tr -d ' \t\r\n' < "$dir/$base.status")
fi
flags="--lecture --auto"
if [ -f "$dir/$base.flags" ]; then
    flags=$(grep -v -e '^[[:space:]]*#' "$dir/$base.flags" | tr '\n' ' ')
fi
stdin=/dev/null
if [ -f "$dir/$base.in" ]; then
    stdin=$dir/$base.in
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/mpy-lecture.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
trap 'exit 99' HUP INT TERM

# $flags is split into words on purpose: one option per word.  The
# processes the lecture leaves behind are found by a token (leftovers.sh).
. "$(dirname "$0")/leftovers.sh"
leftovers_begin
(cd "$dir" && MPY_TEST_TOKEN=$MPY_TEST_TOKEN exec timeout "$timeout_s" \
    "$mpy" $flags "$file") < "$stdin" > "$tmp/stdout" 2> "$tmp/stderr"
status=$?

fail=0
leftovers_check "$file" || fail=1
if [ "$status" != "$expected_status" ]; then
    echo "FAIL: $file: exit status $status, expected $expected_status" >&2
    fail=1
fi

if [ -f "$dir/$base.filter" ]; then
    sed -E -f "$dir/$base.filter" "$tmp/stdout" > "$tmp/shown" || exit 99
else
    cp "$tmp/stdout" "$tmp/shown"
fi
if ! diff -u "$exp" "$tmp/shown" > "$tmp/diff"; then
    echo "FAIL: $file: stdout differs from $base.exp:" >&2
    cat "$tmp/diff" >&2
    fail=1
fi

esc=$(printf '\033')
for stream in stdout stderr; do
    if grep -q "$esc" "$tmp/$stream"; then
        echo "FAIL: $file: an escape sequence reached $stream (a pipe)" >&2
        fail=1
    fi
done

if [ -f "$dir/$base.err" ]; then
    while IFS= read -r pat || [ -n "$pat" ]; do
        case $pat in
            '' | '#'*) continue ;;
            '!'*)
                if grep -E -q -e "${pat#!}" "$tmp/stderr"; then
                    echo "FAIL: $file: a stderr line matches: ${pat#!}" >&2
                    fail=1
                fi
                ;;
            *)
                if ! grep -E -q -e "$pat" "$tmp/stderr"; then
                    echo "FAIL: $file: no stderr line matches: $pat" >&2
                    fail=1
                fi
                ;;
        esac
    done < "$dir/$base.err"
fi

if [ $fail != 0 ]; then
    echo "--- stderr of $file ---" >&2
    head -c 4000 "$tmp/stderr" >&2
    echo "--- end of stderr ---" >&2
fi
exit $fail
