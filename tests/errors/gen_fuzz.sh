#!/bin/sh
# gen_fuzz.sh - 200 random inputs never kill the interpreter with a signal nor hang it.
#
# Inputs come from awk's generator with a fixed seed, so a run is repeatable
# on a given machine: even-numbered cases are raw random bytes (NULs and
# invalid UTF-8 included), odd-numbered ones a soup of Python tokens, which
# reaches much further into the parser and compiler.  The token list leaves
# out loops, imports and big numbers so that no case can legitimately run
# for long.  Any exit status up to 128 is fine (a SyntaxError is the usual
# outcome); a status above 128 (a signal: segfault, abort) or a timeout of
# 10 seconds fails, and the failing input is shown as an od dump.

mpy=${MPY:-./src/mpy}
case $mpy in /*) ;; */*) mpy=$(pwd)/$mpy ;; esac
tmp=$(mktemp -d "${TMPDIR:-/tmp}/mpy-fuzz.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT

LC_ALL=C awk -v dir="$tmp" 'BEGIN {
    srand(1)
    ntok = split("x y f a print len ( ) [ ] { } : , . ; = == + - * / // % < > " \
        "not and or if else elif def return lambda class try except finally " \
        "raise yield for in is None True False pass 0 1 2 \"s\" '\''t'\'' " \
        "\\n \\n \\n \\t _ @ ! ~ & | ^ -= += \\ # f\"{ } async await global " \
        "nonlocal del assert with as break continue 1.5 0x \"\"\" ...", tok, " ")
    for (i = 0; i < 200; i++) {
        file = sprintf("%s/case%03d.mpy", dir, i)
        if (i % 2 == 0) {
            n = int(rand() * 200)
            for (j = 0; j < n; j++)
                printf "%c", int(rand() * 256) > file
        } else {
            n = 1 + int(rand() * 60)
            for (j = 0; j < n; j++) {
                t = tok[1 + int(rand() * ntok)]
                if (t == "\\n") t = "\n"
                else if (t == "\\t") t = "\t"
                printf "%s%s", t, (rand() < 0.7 ? " " : "") > file
            }
        }
        printf "" > file
        close(file)
    }
}'

# run_cases K: the cases whose number is K modulo 2; prints the failures.
# The two halves run at once (there are two cores).
run_cases() {
    for f in "$tmp"/case*[$1].mpy; do
        (cd "$tmp" && timeout 10 "$mpy" "$(basename "$f")") \
            < /dev/null > /dev/null 2>&1
        status=$?
        if [ "$status" = 124 ] || [ "$status" -gt 128 ]; then
            echo "FAIL: $(basename "$f"): exit status $status"
            od -c "$f" | head -20
        fi
    done
}
run_cases 02468 > "$tmp/even" &
run_cases 13579 > "$tmp/odd"
wait
cat "$tmp/even" "$tmp/odd"
[ ! -s "$tmp/even" ] && [ ! -s "$tmp/odd" ]
