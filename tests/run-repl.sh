#!/bin/sh
# run-repl.sh - test driver for REPL transcripts: feed NAME.repl to the
# REPL on standard input and compare its standard output with NAME.exp,
# which `python3 -i < NAME.repl` produced for tests/repl/ (prompts and
# banners go to standard error in both, so standard output holds only
# echoed values and printed text); the colon-command transcripts of
# tests/commands/ are mpy's alone.
# Usage: run-repl.sh path/to/NAME.repl   (the interpreter is $MPY)
input=$1
expected=${input%.repl}.exp
mpy=${MPY:-./src/mpy}
actual=$(mktemp)
trap 'rm -f "$actual"' EXIT
# NAME.flags: options for mpy (a transcript of colon commands runs in the
# deterministic policy so that its times and counts repeat).
flags=
[ -f "${input%.repl}.flags" ] && flags=$(cat "${input%.repl}.flags")
. "$(dirname "$0")/leftovers.sh"
leftovers_begin
MPY_TEST_TOKEN=$MPY_TEST_TOKEN timeout 60 "$mpy" $flags < "$input" \
    > "$actual" 2>/dev/null
status=$?
leftovers_check "$input" || exit 1
if [ $status -gt 128 ] || [ $status -eq 124 ]; then
    echo "mpy died or hung (status $status) on $input"
    exit 1
fi
if ! diff -u "$expected" "$actual"; then
    echo "FAIL: $input: standard output differs from the expected"
    exit 1
fi
exit 0
