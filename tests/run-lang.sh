#!/bin/sh
# run-lang.sh - Automake test driver: run one .mpy program and check what it printed.
#
# Usage: run-lang.sh path/to/NAME.mpy
#
# The interpreter is $MPY (default ./src/mpy, relative to the directory the
# script is started from, i.e. the build directory).  The program runs in its
# own directory, as `$MPY NAME.mpy`, so helper modules next to it import and
# tracebacks say File "NAME.mpy".  It gets NAME.in as stdin when that file
# exists, /dev/null otherwise, and at most $MPY_TIMEOUT seconds (default 60).
#
# Files next to the program say what must happen:
#   NAME.exp     stdout must equal it byte for byte (diff -u shown otherwise);
#                required unless NAME.status exists
#   NAME.status  the expected exit status (absent: 0); when present the test is
#                an error test and NAME.exp is optional
#   NAME.err     grep -E patterns, one a line; each must match some line of
#                stderr (blank lines and lines starting with '#' are ignored)
#   NAME.filter  sed -E commands applied to stdout before the comparison,
#                for what a real clock makes vary (the times a lecture
#                prints), applied to python3's stdout as well
#   NAME.flags   options for mpy put before the program, e.g.
#                --gil=deterministic (blank lines and lines starting with '#'
#                are ignored); not given when the interpreter is python*
#   NAME.mpy-only  the program needs mpy itself (it deadlocks on purpose,
#                say): skipped (exit 77) when the interpreter is python*;
#                the file's text says why
#
# A normal test must also exit 0: a program that prints the right lines and
# then dies with a traceback has not passed.  Exit status 0 = pass, 1 = fail,
# 77 = skipped, 99 = hard error (the driver could not run at all).
#
# With MPY=python3 (any interpreter whose name starts with "python") helper
# modules _NAME.mpy are made visible as _NAME.py through a temporary
# PYTHONPATH directory, so the corpus can be checked against CPython itself.

if [ $# -ne 1 ]; then
    echo "usage: $0 path/to/prog.mpy" >&2
    exit 99
fi

prog=$1
if [ ! -f "$prog" ]; then
    echo "run-lang.sh: no such program: $prog" >&2
    exit 99
fi

mpy=${MPY:-./src/mpy}
# The program runs in another directory, so a relative interpreter path must
# be made absolute first; a bare command name (python3) is left to PATH.
case $mpy in
    /*) ;;
    */*) mpy=$(pwd)/$mpy ;;
esac
timeout_s=${MPY_TIMEOUT:-60}
. "$(dirname "$0")/leftovers.sh"

dir=$(dirname "$prog")
file=$(basename "$prog")
base=${file%.mpy}
dir=$(cd "$dir" && pwd) || exit 99

exp=$dir/$base.exp
inp=$dir/$base.in
statusf=$dir/$base.status
errf=$dir/$base.err
flagsf=$dir/$base.flags

expected_status=0
error_test=no
if [ -f "$statusf" ]; then
    error_test=yes
    expected_status=$(tr -d ' \t\r\n' < "$statusf")
fi
if [ $error_test = no ] && [ ! -f "$exp" ]; then
    echo "FAIL: $file: missing expected output $exp" >&2
    exit 1
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/mpy-test.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
trap 'exit 99' HUP INT TERM

flags=
if [ -f "$flagsf" ]; then
    flags=$(grep -v -e '^[[:space:]]*#' "$flagsf" | tr '\n' ' ')
fi

case $(basename "$mpy") in
    python*)
        flags=
        if [ -f "$dir/$base.mpy-only" ]; then
            echo "SKIP: $file: $(cat "$dir/$base.mpy-only")"
            exit 77
        fi
        mkdir "$tmp/pyhelpers"
        for h in "$dir"/_*.mpy; do
            [ -f "$h" ] || continue
            hb=$(basename "$h" .mpy)
            ln -s "$h" "$tmp/pyhelpers/$hb.py"
        done
        # Helper packages (_NAME/ directories): the same tree with .py names.
        for pkg in "$dir"/_*/; do
            [ -d "$pkg" ] || continue
            (cd "$pkg" && find . -type d) | while read -r d; do
                mkdir -p "$tmp/pyhelpers/$(basename "$pkg")/$d"
            done
            (cd "$pkg" && find . -name '*.mpy') | while read -r f; do
                ln -s "$pkg/$f" "$tmp/pyhelpers/$(basename "$pkg")/${f%.mpy}.py"
            done
        done
        PYTHONPATH=$tmp/pyhelpers${PYTHONPATH:+:$PYTHONPATH}
        PYTHONDONTWRITEBYTECODE=1
        export PYTHONPATH PYTHONDONTWRITEBYTECODE
        ;;
esac

if [ -f "$inp" ]; then
    stdin=$inp
else
    stdin=/dev/null
fi

# $flags is split into words on purpose: one option per word.  The
# program (and every process it forks) carries a token in its
# environment, by which the processes it leaves behind are found.
leftovers_begin
(cd "$dir" && MPY_TEST_TOKEN=$MPY_TEST_TOKEN exec timeout "$timeout_s" \
    "$mpy" $flags "$file") < "$stdin" > "$tmp/stdout" 2> "$tmp/stderr"
status=$?

fail=0
leftovers_check "$file" || fail=1
if [ "$status" = 124 ] && [ "$expected_status" != 124 ]; then
    echo "FAIL: $file: timed out after ${timeout_s}s" >&2
    fail=1
elif [ "$status" -gt 128 ] && [ "$status" != "$expected_status" ]; then
    echo "FAIL: $file: killed by signal $((status - 128))" >&2
    fail=1
elif [ "$status" != "$expected_status" ]; then
    echo "FAIL: $file: exit status $status, expected $expected_status" >&2
    fail=1
fi

if [ -f "$dir/$base.filter" ]; then
    sed -E -f "$dir/$base.filter" "$tmp/stdout" > "$tmp/filtered" || exit 99
    mv "$tmp/filtered" "$tmp/stdout"
fi
if [ -f "$exp" ]; then
    if ! diff -u "$exp" "$tmp/stdout" > "$tmp/diff"; then
        echo "FAIL: $file: stdout differs from $base.exp:" >&2
        cat "$tmp/diff" >&2
        fail=1
    fi
fi

if [ -f "$errf" ]; then
    while IFS= read -r pat || [ -n "$pat" ]; do
        case $pat in
            '' | '#'*) continue ;;
        esac
        if ! grep -E -q -e "$pat" "$tmp/stderr"; then
            echo "FAIL: $file: no stderr line matches: $pat" >&2
            fail=1
        fi
    done < "$errf"
fi

if [ $fail != 0 ]; then
    echo "--- stderr of $file ---" >&2
    head -c 4000 "$tmp/stderr" >&2
    echo "--- end of stderr ---" >&2
fi
exit $fail
