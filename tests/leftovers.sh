# leftovers.sh - sourced by the test drivers: no process a test starts may
# outlive it.
#
# leftovers_begin sets MPY_TEST_TOKEN, a token unique to this test, which
# the driver puts into the environment of the command it tests (and not
# into its own, nor into that of the tools below, which would then find
# themselves); every process the command forks inherits it.
# leftovers_check, called once the test is over, looks for processes whose
# /proc/PID/environ still carries the token, allows a second for the last
# ones to finish dying, then kills what is left and prints a FAIL line
# naming them: status 1 then, 0 when none was left.

leftovers_begin() {
    MPY_TEST_TOKEN=mpy-test-$$-$(date +%s%N)
}

leftovers_find() {
    grep -l -a -s "MPY_TEST_TOKEN=$MPY_TEST_TOKEN" /proc/[0-9]*/environ \
        2>/dev/null | cut -d/ -f3 | tr '\n' ' '
}

# leftovers_check LABEL
leftovers_check() {
    left=$(leftovers_find)
    if [ -n "$left" ]; then
        sleep 1
        left=$(leftovers_find)
    fi
    [ -z "$left" ] && return 0
    echo "FAIL: $1: left processes behind: $left" >&2
    kill -9 $left 2>/dev/null
    return 1
}
