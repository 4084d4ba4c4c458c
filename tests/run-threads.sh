#!/bin/sh
# run-threads.sh - Automake test driver: run one thread program under every GIL policy.
#
# Usage: run-threads.sh path/to/NAME.mpy
#
# A thread program must print the same thing whoever holds the GIL when, so
# it runs once per policy below and passes only if every run passes
# tests/run-lang.sh (which compares stdout with NAME.exp, checks the exit
# status and NAME.err; see there for $MPY, $MPY_TIMEOUT and the rest):
#
#   --gil=interval                          Python 3.2+'s GIL, real time
#   --gil=ticks                             Python 2's GIL, real time
#   --gil=deterministic --seed=0            seeded scheduler, virtual time
#   --gil=deterministic --seed=7 --ticks=3  another seed, a switch chance
#                                           every 3 instructions
#
# $MPY_THREAD_POLICIES (say "interval seed7") restricts the run to the
# policies it names.
#
# run-lang.sh starts "$MPY" with no options of its own, so each policy is
# given through a small wrapper script that adds its options.  With
# MPY=python3 (any python*) the program runs once, as it is: CPython has
# one GIL.  Exit status 0 = pass, 1 = fail, 77 = skipped, 99 = hard error.

if [ $# -ne 1 ]; then
    echo "usage: $0 path/to/prog.mpy" >&2
    exit 99
fi

here=$(cd "$(dirname "$0")" && pwd) || exit 99
run_lang=$here/run-lang.sh

mpy=${MPY:-./src/mpy}
case $mpy in
    /*) ;;
    */*) mpy=$(pwd)/$mpy ;;
esac

case $(basename "$mpy") in
    python*)
        exec env MPY="$mpy" $SHELL "$run_lang" "$1"
        ;;
esac

tmp=$(mktemp -d "${TMPDIR:-/tmp}/mpy-threads.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
trap 'exit 99' HUP INT TERM

# run_policy NAME OPTION...: run the program with mpy OPTION...; the wrapper
# is named for the policy so that a failure says which one it was.
run_policy() {
    name=$1
    shift
    wrapper=$tmp/mpy-$name
    {
        echo '#!/bin/sh'
        echo "exec '$mpy' $* \"\$@\""
    } > "$wrapper"
    chmod +x "$wrapper"
    MPY=$wrapper $SHELL "$run_lang" "$prog"
    status=$?
    if [ $status != 0 ]; then
        echo "($prog under: $*)" >&2
    fi
    return $status
}

prog=$1
result=0
for policy in 'interval --gil=interval' \
              'ticks --gil=ticks' \
              'seed0 --gil=deterministic --seed=0' \
              'seed7 --gil=deterministic --seed=7 --ticks=3'; do
    # $MPY_THREAD_POLICIES, when set, names the policies to run (a slow
    # build, such as the one that collects at every allocation, runs
    # fewer).
    case " ${MPY_THREAD_POLICIES:-${policy%% *}} " in
        *" ${policy%% *} "*) ;;
        *) continue ;;
    esac
    # $policy is split on purpose: the name, then the options.
    run_policy $policy
    status=$?
    case $status in
        0) ;;
        77) [ $result = 0 ] && result=77 ;;
        99) exit 99 ;;
        *) result=1 ;;
    esac
done
exit $result
