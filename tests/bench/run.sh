#!/bin/sh
# run.sh - time each benchmark under mpy and python3 in the same run and
# print the ratio mpy/python3 (below 1.0: mpy is faster).
# Usage: tests/bench/run.sh [MPY] [BENCH...]   (MPY defaults to ./src/mpy)
# The figures are printed, never judged: these machines are noisy.
here=$(cd "$(dirname "$0")" && pwd)
mpy=${1:-./src/mpy}
[ $# -gt 0 ] && shift
python=${PYTHON:-python3}
benches=${*:-countdown fib loops dicts generators}

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

printf '%-12s %10s %10s %8s\n' benchmark mpy python3 ratio
for b in $benches; do
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
