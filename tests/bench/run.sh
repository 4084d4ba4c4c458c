#!/bin/sh
# run.sh - time each benchmark under mpy and python3 in the same run and
# print the ratio mpy/python3 (below 1.0: mpy is faster).
# Usage: tests/bench/run.sh [MPY] [BENCH...]   (MPY defaults to ./src/mpy)
# The figures are printed, never judged: these machines are noisy.
#
# After the speed table comes a threads section (BENCH `threads`, part of
# the default run): what the GIL costs under each of mpy's policies, next
# to python3's figures measured in the same run.
#   - countdown split over 2 threads: time threaded / time sequential
#     (1.0: the second thread costs nothing; Beazley saw 2.0 with Python 2);
#     split over 2 processes: the speedup, time sequential / time with
#     processes (2.0 on two free cores: one GIL per process)
#   - handoff latency: two threads ping-pong through two locks; wall-clock
#     microseconds per handoff (the run with 0 rounds is subtracted)
#   - queue.Queue throughput between two threads: items per second, and
#     mpy's rate / python3's (above 1.0: mpy is faster)
# Sizes: BENCH_COUNTDOWN (30000000: the processes need work long enough to
# outweigh forking them), BENCH_HANDOFFS (20000 round trips),
# BENCH_QUEUE_ITEMS (50000; 200000 takes python3 about 2 s here).
# deterministic runs in real time here: its figures are the cost of the
# seeded scheduler's handoffs, not of its virtual clock.
here=$(cd "$(dirname "$0")" && pwd)
mpy=${1:-./src/mpy}
[ $# -gt 0 ] && shift
python=${PYTHON:-python3}
benches=${*:-countdown fib loops dicts generators threads asyncio}

# Best wall-clock seconds of three runs of a command.
best_of_3() {
    best=""
    for _ in 1 2 3; do
        start=$(date +%s.%N)
        "$@" >/dev/null 2>&1 || { echo "fail"; return; }
        end=$(date +%s.%N)
        t=$(awk "BEGIN { print $end - $start }")
        if [ -z "$best" ] || [ "$(awk "BEGIN { print ($t < $best) }")" = 1 ]; then
            best=$t
        fi
    done
    echo "$best"
}

threads=no
asyncio=no
speed=""
for b in $benches; do
    case $b in
        threads) threads=yes ;;
        asyncio) asyncio=yes ;;
        *) speed="$speed $b" ;;
    esac
done

[ -n "$speed" ] && printf '%-12s %10s %10s %8s\n' benchmark mpy python3 ratio
for b in $speed; do
    prog="$here/$b.mpy"
    if ! out_m=$("$mpy" "$prog" 2>&1) || [ "$out_m" != "$("$python" "$prog" 2>&1)" ]; then
        printf '%-12s  mpy output differs from python3 or mpy failed\n' "$b"
        continue
    fi
    tm=$(best_of_3 "$mpy" "$prog")
    tp=$(best_of_3 "$python" "$prog")
    ratio=$(awk "BEGIN { print $tm / $tp }")
    printf '%-12s %9.3fs %9.3fs %8.2f\n' "$b" "$tm" "$tp" "$ratio"
done

# threading, queue and asyncio are written in mpy: use the source tree's
# lib/ when mpy has not been installed (after any directories already in
# MPYPATH).
lib=$(cd "$here/../../lib" && pwd)
MPYPATH=${MPYPATH:+$MPYPATH:}$lib
export MPYPATH

policies="ticks interval deterministic"
n_count=${BENCH_COUNTDOWN:-30000000}
n_hand=${BENCH_HANDOFFS:-20000}
n_queue=${BENCH_QUEUE_ITEMS:-50000}

# same_output PROG ARGS...: does mpy (each policy) print what python3 prints?
same_output() {
    want=$("$python" "$@" 2>&1) || return 1
    for p in $policies; do
        [ "$("$mpy" --gil=$p "$@" 2>&1)" = "$want" ] || return 1
    done
}

# Seconds, or "fail"; awk on "fail" would print garbage, so check first.
num() { case $1 in fail | '') return 1 ;; esac; }
# div A B [SCALE]: A / B * SCALE, or "-" when either is missing or B <= 0.
div() {
    num "$1" && num "$2" || { echo -; return; }
    awk "BEGIN { if ($2 <= 0) print \"-\"; else print $1 / $2 * ${3:-1} }"
}
sub() {
    num "$1" && num "$2" || { echo fail; return; }
    awk "BEGIN { print $1 - $2 }"
}
fmt() {
    # fmt FORMAT VALUE: printf a number, or show "-" as it is
    case $2 in
        - | fail) printf '%s' "$2" ;;
        *) printf "$1" "$2" ;;
    esac
}

# run_with WHO PROG ARGS...: run under python3, or mpy with policy WHO.
run_with() {
    _who=$1
    shift
    case $_who in
        python3) "$python" "$@" ;;
        *) "$mpy" --gil="$_who" "$@" ;;
    esac
}

if [ $threads = yes ]; then
echo
echo "threads: what the GIL costs, mpy per policy and python3 in the same run"

# -- countdown: 2 threads, 2 processes vs sequential -------------------------
# inner_best WHO MODE: the best of three countdown times the program
# reports itself (the `time` argument).
inner_best() {
    _best=""
    for _ in 1 2 3; do
        _t=$(run_with "$1" "$prog" "$n_count" "$2" time 2>/dev/null) ||
            { echo fail; return; }
        if [ -z "$_best" ] ||
           [ "$(awk "BEGIN { print ($_t < $_best) }")" = 1 ]; then
            _best=$_t
        fi
    done
    echo "$_best"
}
prog=$here/threads_countdown.mpy
echo
echo "countdown($n_count), sequential vs split over 2 threads or 2 processes"
echo "  (ratio: threaded/sequential time of whole runs; speedup: sequential"
echo "  over processes, the countdown's own time as the program measures it,"
echo "  start-up and imports left out: about 2 on two free cores, since each"
echo "  process has its own GIL; not in deterministic, whose clock is virtual)"
if ! same_output "$prog" 1000 seq || ! same_output "$prog" 1000 threads ||
   ! same_output "$prog" 1000 processes; then
    echo "  mpy output differs from python3 or mpy failed"
else
    printf '  %-18s %10s %10s %8s %12s %8s\n' interpreter sequential \
        '2 threads' ratio '2 processes' speedup
    for who in $policies python3; do
        ts=$(best_of_3 run_with $who "$prog" "$n_count" seq)
        tt=$(best_of_3 run_with $who "$prog" "$n_count" threads)
        tp=$(best_of_3 run_with $who "$prog" "$n_count" processes)
        speedup=-
        if [ "$who" != deterministic ]; then
            speedup=$(div "$(inner_best $who seq)" \
                "$(inner_best $who processes)")
        fi
        case $who in python3) name=python3 ;; *) name="mpy $who" ;; esac
        printf '  %-18s %10s %10s %8s %12s %8s\n' "$name" \
            "$(fmt %.3fs "$ts")" "$(fmt %.3fs "$tt")" \
            "$(fmt %.2f "$(div "$tt" "$ts")")" "$(fmt %.3fs "$tp")" \
            "$(fmt %.2f "$speedup")"
    done
fi

# -- handoff latency ---------------------------------------------------------
prog=$here/threads_handoff.mpy
echo
echo "GIL handoff latency: $n_hand ping-pong round trips through two locks" \
    "($((2 * n_hand)) handoffs)"
if ! same_output "$prog" 100; then
    echo "  mpy output differs from python3 or mpy failed"
else
    printf '  %-18s %12s %12s\n' interpreter 'us/handoff' 'vs python3'
    t0=$(best_of_3 "$python" "$prog" 0)
    tn=$(best_of_3 "$python" "$prog" "$n_hand")
    py_us=$(div "$(sub "$tn" "$t0")" $((2 * n_hand)) 1000000)
    for who in $policies; do
        t0=$(best_of_3 run_with $who "$prog" 0)
        tn=$(best_of_3 run_with $who "$prog" "$n_hand")
        us=$(div "$(sub "$tn" "$t0")" $((2 * n_hand)) 1000000)
        printf '  %-18s %12s %12s\n' "mpy $who" "$(fmt %.2f "$us")" \
            "$(fmt %.2f "$(div "$us" "$py_us")")"
    done
    printf '  %-18s %12s\n' python3 "$(fmt %.2f "$py_us")"
fi

# -- queue throughput --------------------------------------------------------
prog=$here/threads_queue.mpy
echo
echo "queue.Queue: $n_queue items from one thread to another" \
    "(ratio mpy/python3 items per second; above 1: mpy is faster)"
if ! same_output "$prog" 100; then
    echo "  mpy output differs from python3 or mpy failed"
else
    printf '  %-18s %12s %8s\n' interpreter 'items/s' ratio
    t0=$(best_of_3 "$python" "$prog" 0)
    tn=$(best_of_3 "$python" "$prog" "$n_queue")
    py_rate=$(div "$n_queue" "$(sub "$tn" "$t0")")
    for who in $policies; do
        t0=$(best_of_3 run_with $who "$prog" 0)
        tn=$(best_of_3 run_with $who "$prog" "$n_queue")
        rate=$(div "$n_queue" "$(sub "$tn" "$t0")")
        printf '  %-18s %12s %8s\n' "mpy $who" "$(fmt %.0f "$rate")" \
            "$(fmt %.2f "$(div "$rate" "$py_rate")")"
    done
    printf '  %-18s %12s\n' python3 "$(fmt %.0f "$py_rate")"
fi
fi

# ---- asyncio --------------------------------------------------------------

[ $asyncio = yes ] || exit 0
n_tasks=${BENCH_ASYNCIO_TASKS:-1000}
prog=$here/asyncio_gather.mpy
echo
echo "asyncio: gather($n_tasks tasks each awaiting sleep(0.1)), wall seconds;" \
    "the loop's cost is what exceeds 0.1 s"
echo "  (targets: under 0.5 s in the real-time policies, under 0.2 s in" \
    "deterministic, whose clock is virtual)"
if ! same_output "$prog" 10 0.01; then
    echo "  mpy output differs from python3 or mpy failed"
else
    printf '  %-18s %10s %14s\n' interpreter wall 'vs python3'
    tp=$(best_of_3 "$python" "$prog" "$n_tasks" 0.1)
    for who in $policies; do
        t=$(best_of_3 run_with $who "$prog" "$n_tasks" 0.1)
        printf '  %-18s %10s %14s\n' "mpy $who" "$(fmt %.3fs "$t")" \
            "$(fmt %.2f "$(div "$t" "$tp")")"
    done
    printf '  %-18s %10s\n' python3 "$(fmt %.3fs "$tp")"
fi
