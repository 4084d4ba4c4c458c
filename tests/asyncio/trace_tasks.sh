#!/bin/sh
# trace_tasks.sh - --trace=tasks on the asyncio producer/consumer example
# prints one line at every await that suspends a task: which task, what it
# awaits, and what the loop does next.  The run is in the deterministic
# GIL, where the loop's clock is virtual, so the lines repeat; their time
# stamps are left out of the comparison all the same.  trace_tasks.exp is
# mpy's own output, read and judged right.
mpy=${MPY:-./src/mpy}
srcdir=$(cd "$(dirname "$0")/../.." && pwd) || exit 99
tmp=$(mktemp -d "${TMPDIR:-/tmp}/mpy-trace.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
timeout 60 "$mpy" --gil=deterministic --trace=tasks \
    "$srcdir/examples/asyncio_producer_consumer.mpy" \
    > "$tmp/out" 2> "$tmp/err" || { cat "$tmp/err" >&2; exit 1; }
sed -E 's/^\[ *[0-9.]+ ms\] //' "$tmp/err" > "$tmp/trace"
if ! diff -u "$srcdir/tests/asyncio/trace_tasks.exp" "$tmp/trace" >&2; then
    echo "FAIL: the task trace differs from trace_tasks.exp" >&2
    exit 1
fi
# The program's own output is python3's, trace or no trace.
if ! diff -u "$srcdir/examples/asyncio_producer_consumer.exp" "$tmp/out" >&2; then
    echo "FAIL: --trace=tasks changed the program's output" >&2
    exit 1
fi
