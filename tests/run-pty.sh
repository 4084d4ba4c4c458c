#!/bin/sh
# run-pty.sh - test driver for REPL sessions on a pseudo-terminal: run
# tests/ptydrive.py with NAME.pty against the REPL ($MPY, default
# ./src/mpy), with HOME a fresh directory (the history file lives
# there) and TERM=xterm, as a student's terminal.  No process the session
# starts may outlive it (tests/leftovers.sh).
# Usage: run-pty.sh path/to/NAME.pty
script=$1
srcdir=$(dirname "$0")
mpy=${MPY:-./src/mpy}
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
have_readline=0
grep -q '^#define HAVE_READLINE 1' config.h 2>/dev/null && have_readline=1
HOME=$home TERM=xterm MPY_HAVE_READLINE=$have_readline
export HOME TERM MPY_HAVE_READLINE
unset NO_COLOR
. "$srcdir/leftovers.sh"
leftovers_begin
MPY_TEST_TOKEN=$MPY_TEST_TOKEN timeout 120 python3 "$srcdir/ptydrive.py" \
    "$script" -- "$mpy"
status=$?
leftovers_check "$script" || status=1
exit $status
