#!/bin/sh
# interrupt_join.sh - Ctrl-C stops a main thread blocked in join() while two workers spin.
#
# The workers are daemon threads that never stop; the main thread waits
# for one of them.  SIGINT (what Ctrl-C sends) must raise KeyboardInterrupt
# in the main thread at once, out of join(), and the program must end with
# CPython's status for it, 130.  With mpy this runs under every GIL policy.
# The shell starts background commands with SIGINT ignored, so the signal
# is given back its default handling first.

mpy=${MPY:-./src/mpy}
case $mpy in /*) ;; */*) mpy=$(pwd)/$mpy ;; esac
tmp=$(mktemp -d "${TMPDIR:-/tmp}/mpy-intr.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT

cat > "$tmp/spin_join.mpy" <<'PROG'
import threading

def spin():
    while True:
        pass

workers = [threading.Thread(target=spin, daemon=True) for i in range(2)]
for w in workers:
    w.start()
print("joining", flush=True)
workers[0].join()
print("joined: Ctrl-C did not stop the join")
PROG

case $(basename "$mpy") in
    python*) policies=python ;;
    *) policies="interval ticks deterministic" ;;
esac

fail=0
for policy in $policies; do
    opt=
    [ "$policy" = python ] || opt=--gil=$policy
    # SIGINT after one second; SIGKILL ten seconds later if it is ignored.
    (cd "$tmp" && env --default-signal=INT timeout --preserve-status \
        -s INT -k 10 1 "$mpy" $opt spin_join.mpy) \
        < /dev/null > "$tmp/out" 2> "$tmp/err"
    status=$?
    [ "$status" = 130 ] ||
        { echo "FAIL ($policy): exit status $status, expected 130"; fail=1; }
    [ "$(cat "$tmp/out")" = joining ] ||
        { echo "FAIL ($policy): stdout is not just 'joining':"; cat "$tmp/out"; fail=1; }
    tail -n 1 "$tmp/err" | grep -q '^KeyboardInterrupt$' ||
        { echo "FAIL ($policy): no KeyboardInterrupt:"; tail -n 5 "$tmp/err"; fail=1; }
done
exit $fail
