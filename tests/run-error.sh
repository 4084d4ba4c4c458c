#!/bin/sh
# run-error.sh - run one error program of tests/errors/ (NAME.mpy with NAME.status).
#
# Error programs follow the conventions of run-lang.sh, which does the work:
# NAME.status holds the expected exit status, NAME.err the grep -E patterns
# stderr must match, NAME.exp (optional) the exact stdout.  This wrapper only
# insists that the .status file exists, so a misplaced test cannot silently
# pass as a normal program.

if [ $# -ne 1 ]; then
    echo "usage: $0 path/to/prog.mpy" >&2
    exit 99
fi
status_file=${1%.mpy}.status
if [ ! -f "$status_file" ]; then
    echo "FAIL: $1: error test without $status_file" >&2
    exit 1
fi
exec sh "$(dirname "$0")/run-lang.sh" "$1"
