#!/bin/sh
# regen.sh - regenerate (or, with --check, verify) the corpus's expectations from python3.
#
# Usage: tests/regen.sh [--check] [NAME...]
#        tests/regen.sh --mk        (only rewrite tests/lang/lang.mk)
#
# The .exp files of tests/lang/ are CPython's stdout, so the corpus can only
# be honest if they are produced by CPython and nothing else.  Every program
# is copied to a scratch directory where helper modules (_NAME.mpy) also
# appear as _NAME.py, and helper packages (directories _NAME/ holding
# __init__.mpy and more .mpy files, at any depth) are copied with a .py twin
# of every file, so that CPython's import finds them, and run there as
# `python3 NAME.mpy` with NAME.in (or /dev/null) as stdin.  When the .exp
# files are written each program runs twice with different string-hash
# seeds: a program whose output depends on set or hash order is reported as
# nondeterministic, because mpy cannot be expected to reproduce CPython's
# hash order.  --check runs each once.
#
# Without --check the .exp files are rewritten.  With --check nothing is
# written and the script fails, listing the files, when any committed .exp
# differs from what python3 prints now.  Either way it also checks:
#   - tests/errors/*.mpy: python3's exit status equals NAME.status and every
#     pattern of NAME.err matches some line of python3's stderr (and stdout
#     equals NAME.exp when there is one);
#   - tests/errors/*.sh: each passes with MPY=python3;
#   - tests/repl/*.repl: python3 -i reading the transcript prints NAME.exp;
#   - examples/*.mpy, tests/threads/*.mpy and tests/asyncio/*.mpy that have
#     an .exp: python3 prints it;
#   - tests/lang/lang.mk lists exactly the programs that exist.
# NAME arguments restrict the run to those programs (basenames, no suffix).

PYTHON=${PYTHON:-python3}
LC_ALL=C
export LC_ALL
check=no
mk_only=no
case $1 in
    --check) check=yes; shift ;;
    --mk) mk_only=yes; shift ;;
esac

top=$(cd "$(dirname "$0")/.." && pwd) || exit 2
lang=$top/tests/lang
errors=$top/tests/errors

tmp=$(mktemp -d "${TMPDIR:-/tmp}/mpy-regen.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 2' HUP INT TERM

selected() {
    # selected NAME: is NAME among the command-line arguments (or are there none)?
    [ -z "$names" ] && return 0
    for n in $names; do
        [ "$n" = "$1" ] && return 0
    done
    return 1
}
names="$*"

# Populate scratch copies: programs as they are, helpers also as .py.
mkdir "$tmp/lang" "$tmp/errors" "$tmp/out"
cp "$lang"/*.mpy "$tmp/lang/"
for f in "$lang"/*.in; do
    [ -f "$f" ] && cp "$f" "$tmp/lang/"
done
for h in "$tmp/lang"/_*.mpy; do
    [ -f "$h" ] && cp "$h" "${h%.mpy}.py"
done
for d in "$lang"/_*/; do
    [ -d "$d" ] || continue
    cp -R "$d" "$tmp/lang/" || exit 2
done
find "$tmp/lang" -mindepth 2 -name '*.mpy' | while IFS= read -r h; do
    cp "$h" "${h%.mpy}.py"
done
cp "$errors"/*.mpy "$tmp/errors/" 2>/dev/null
for f in "$errors"/*.in; do
    [ -f "$f" ] && cp "$f" "$tmp/errors/"
done

export PYTHONDONTWRITEBYTECODE=1
# run_py DIR FILE SEED OUT ERR: run python3 like run-lang.sh runs mpy.
run_py() {
    base=${2%.mpy}
    if [ -f "$1/$base.in" ]; then in=$1/$base.in; else in=/dev/null; fi
    (cd "$1" && PYTHONHASHSEED=$3 exec timeout 60 "$PYTHON" "$2") \
        < "$in" > "$4" 2> "$5"
}

bad=""
note() {
    echo "$*" >&2
    bad="$bad
  $1"
}

# list_files GLOB...: the existing files, one per line, relative to the top.
list_files() {
    (cd "$top" && for f in "$@"; do [ -f "$f" ] && echo "$f"; done) | sort
}
# package_files: the .mpy files of the helper packages (tests/lang/_NAME/).
package_files() {
    (cd "$top" && find tests/lang -mindepth 2 -path 'tests/lang/_*' \
        -name '*.mpy' -type f)
}
# mk_var NAME FILES: a make variable assignment, one file per line.
mk_var() {
    awk -v head="$1" 'BEGIN { printf "%s", head }
        { printf " \\\n\t%s", $0 }
        END { printf "\n" }'
}
write_mk() {
    cat <<'MK'
# tests/lang/lang.mk - the language programs compared with python3.
#
# Written by tests/regen.sh from the files present: add a program with its
# .exp (or an error program with its .status and .err), then run
# tests/regen.sh to refresh this list; `tests/regen.sh --check` fails when it
# is stale.
#
# Programs are .mpy files run by tests/run-lang.sh (error programs are told
# apart by their NAME.status file); generated-input tests are .sh scripts.
# The interpreter under test is $(MPY_UNDER_TEST): `make check
# MPY_UNDER_TEST=python3` runs the corpus against CPython itself.  The
# environment goes into the LOG_COMPILERs rather than AM_TESTS_ENVIRONMENT so
# that tests.mk stays free to set that variable.

MPY_UNDER_TEST = $(abs_top_builddir)/src/mpy
MPY_LANG_ENV = MPY='$(MPY_UNDER_TEST)' MPYPATH='$(abs_top_srcdir)/lib' \
	srcdir='$(srcdir)'

TEST_EXTENSIONS = .mpy .sh
MPY_LOG_COMPILER = env $(MPY_LANG_ENV) $(SHELL) $(srcdir)/tests/run-lang.sh
SH_LOG_COMPILER = env $(MPY_LANG_ENV) $(SHELL)

MK
    list_files tests/lang/[!_]*.mpy | mk_var 'lang_tests ='
    echo
    list_files tests/errors/*.mpy tests/errors/*.sh | mk_var 'error_tests ='
    echo
    { list_files tests/lang/_*.mpy tests/lang/*.exp tests/lang/*.in \
        tests/errors/*.exp tests/errors/*.in tests/errors/*.err \
        tests/errors/*.status; package_files; } | sort | mk_var 'lang_data ='
    cat <<'MK'

TESTS += $(lang_tests) $(error_tests)
EXTRA_DIST += $(lang_tests) $(error_tests) $(lang_data) \
	tests/run-lang.sh tests/run-error.sh tests/regen.sh
MK
}

if [ $mk_only = yes ]; then
    write_mk > "$tmp/lang.mk" || exit 2
    cmp -s "$tmp/lang.mk" "$lang/lang.mk" || {
        cp "$tmp/lang.mk" "$lang/lang.mk"
        echo "wrote tests/lang/lang.mk"
    }
    exit 0
fi

# judge_lang FILE OUT ERR STATUS [OUT2]: python3's run of tests/lang/FILE
# (stdout OUT, stderr ERR, exit STATUS, and OUT2 the stdout of a run
# under another hash seed) against its .exp, which is rewritten unless
# checking.
judge_lang() {
    base=${1%.mpy}
    if [ "$4" != 0 ]; then
        note "tests/lang/$1" "exits $4 under python3:"
        cat "$3" >&2
        return
    fi
    if [ -s "$3" ]; then
        note "tests/lang/$1" "writes to stderr under python3:"
        cat "$3" >&2
        return
    fi
    if [ -n "$5" ] && ! cmp -s "$2" "$5"; then
        note "tests/lang/$1" "output depends on the hash seed"
        return
    fi
    if [ $check = yes ]; then
        if ! cmp -s "$2" "$lang/$base.exp"; then
            note "tests/lang/$base.exp" "differs from python3's output:"
            diff -u "$lang/$base.exp" "$2" >&2
        fi
    elif ! cmp -s "$2" "$lang/$base.exp"; then
        cp "$2" "$lang/$base.exp"
        echo "wrote tests/lang/$base.exp"
    fi
}

count=0
lang_files=""
for prog in "$lang"/*.mpy; do
    file=$(basename "$prog")
    case $file in _*) continue ;; esac
    selected "${file%.mpy}" || continue
    lang_files="$lang_files $file"
done
set -- $lang_files
while [ $# -gt 0 ]; do
    if [ $check = yes ]; then
        # Two programs at once, under one hash seed: that the output does
        # not depend on the seed was checked when the .exp was written.
        run_py "$tmp/lang" "$1" 1 "$tmp/out/a" "$tmp/out/aerr" &
        first=$!
        if [ $# -gt 1 ]; then
            run_py "$tmp/lang" "$2" 1 "$tmp/out/b" "$tmp/out/berr"
            second=$?
        fi
        wait $first
        judge_lang "$1" "$tmp/out/a" "$tmp/out/aerr" $?
        count=$((count + 1))
        shift
        if [ $# -gt 0 ]; then
            judge_lang "$1" "$tmp/out/b" "$tmp/out/berr" $second
            count=$((count + 1))
            shift
        fi
    else
        # One program under two hash seeds, both at once.
        run_py "$tmp/lang" "$1" 1 "$tmp/out/a" "$tmp/out/aerr" &
        first=$!
        run_py "$tmp/lang" "$1" 2 "$tmp/out/b" "$tmp/out/berr"
        wait $first
        judge_lang "$1" "$tmp/out/a" "$tmp/out/aerr" $? "$tmp/out/b"
        count=$((count + 1))
        shift
    fi
done

for prog in "$errors"/*.mpy; do
    [ -f "$prog" ] || continue
    file=$(basename "$prog")
    base=${file%.mpy}
    selected "$base" || continue
    count=$((count + 1))
    if [ ! -f "$errors/$base.status" ]; then
        note "tests/errors/$file" "has no .status file"
        continue
    fi
    want=$(tr -d ' \t\r\n' < "$errors/$base.status")
    run_py "$tmp/errors" "$file" 1 "$tmp/out/a" "$tmp/out/aerr"
    st=$?
    if [ "$st" != "$want" ]; then
        note "tests/errors/$base.status" "python3 exits $st, file says $want"
    fi
    if [ -f "$errors/$base.err" ]; then
        while IFS= read -r pat || [ -n "$pat" ]; do
            case $pat in '' | '#'*) continue ;; esac
            if ! grep -E -q -e "$pat" "$tmp/out/aerr"; then
                note "tests/errors/$base.err" "pattern matches no line of python3's stderr: $pat"
            fi
        done < "$errors/$base.err"
    fi
    if [ -f "$errors/$base.exp" ]; then
        if [ $check = yes ]; then
            cmp -s "$tmp/out/a" "$errors/$base.exp" ||
                note "tests/errors/$base.exp" "differs from python3's stdout"
        elif ! cmp -s "$tmp/out/a" "$errors/$base.exp"; then
            cp "$tmp/out/a" "$errors/$base.exp"
            echo "wrote tests/errors/$base.exp"
        fi
    fi
done

for t in "$errors"/*.sh; do
    [ -f "$t" ] || continue
    base=$(basename "$t" .sh)
    selected "$base" || continue
    count=$((count + 1))
    if ! MPY=$PYTHON sh "$t" > "$tmp/out/sh" 2>&1; then
        note "tests/errors/$base.sh" "fails with MPY=$PYTHON:"
        cat "$tmp/out/sh" >&2
    fi
done

# REPL transcripts (tests/repl/NAME.repl): python3 -i reading the file
# prints the expected standard output (prompts and banner go to stderr).
# Example lecture scripts (examples/NAME.mpy with NAME.exp): their output.
# Both are [re]written or checked like the language programs.
expect_from() {
    # expect_from EXP DESCRIPTION COMMAND...: compare or rewrite EXP.
    exp=$1 what=$2
    shift 2
    "$@" > "$tmp/out/x" 2>/dev/null
    if [ $check = yes ]; then
        cmp -s "$tmp/out/x" "$exp" || {
            note "$what" "differs from python3's output:"
            diff -u "$exp" "$tmp/out/x" >&2
        }
    elif ! cmp -s "$tmp/out/x" "$exp"; then
        cp "$tmp/out/x" "$exp"
        echo "wrote $what"
    fi
}
for t in "$top"/tests/repl/*.repl; do
    [ -f "$t" ] || continue
    base=$(basename "$t" .repl)
    selected "$base" || continue
    count=$((count + 1))
    expect_from "${t%.repl}.exp" "tests/repl/$base.exp" \
        sh -c 'cd "$1" && PYTHONHASHSEED=0 exec timeout 60 "$2" -i < "$3"' \
        sh "$tmp" "$PYTHON" "$t"
done
for ex in "$top"/examples/*.mpy; do
    [ -f "${ex%.mpy}.exp" ] || continue
    # a lecture's .exp is mpy's own (cell headers, command tables)
    [ -f "${ex%.mpy}.mpy-only" ] && continue
    base=$(basename "$ex" .mpy)
    selected "$base" || continue
    count=$((count + 1))
    expect_from "${ex%.mpy}.exp" "examples/$base.exp" \
        sh -c 'cd "$1" && PYTHONHASHSEED=0 exec timeout 60 "$2" "$3" < /dev/null' \
        sh "$top/examples" "$PYTHON" "$ex"
done
# Thread, asyncio, concurrent.futures and process programs
# (tests/threads/, tests/asyncio/, tests/cfutures/, tests/processes/:
# NAME.mpy with NAME.exp, unless python3 cannot run them: NAME.mpy-only):
# python3's output.
# They mostly sleep and wait, so two run at a time.
run_program() {
    # run_program PROG OUT: python3's stdout of PROG, run in its directory.
    (cd "$(dirname "$1")" && PYTHONHASHSEED=0 exec timeout 60 "$PYTHON" \
        "$1") < /dev/null > "$2" 2>/dev/null
}
pending=""
for dir in threads asyncio cfutures processes; do
    for prog in "$top/tests/$dir"/*.mpy; do
        [ -f "${prog%.mpy}.exp" ] || continue
        [ -f "${prog%.mpy}.mpy-only" ] && continue
        selected "$(basename "$prog" .mpy)" || continue
        pending="$pending $prog"
    done
done
set -- $pending
while [ $# -gt 0 ]; do
    run_program "$1" "$tmp/out/p1" &
    first=$!
    [ $# -gt 1 ] && run_program "$2" "$tmp/out/p2"
    wait $first
    n=1
    for prog in "$1" ${2:+"$2"}; do
        base=$(basename "$prog" .mpy)
        dir=$(basename "$(dirname "$prog")")
        count=$((count + 1))
        expect_from "${prog%.mpy}.exp" "tests/$dir/$base.exp" \
            cat "$tmp/out/p$n"
        n=2
    done
    shift
    [ $# -gt 0 ] && shift
done

# lang.mk must list every program, and nothing else, or `make check` would
# silently skip a test or break on a missing one; regenerating writes it.
if [ -z "$names" ]; then
    write_mk > "$tmp/lang.mk" || exit 2
    if cmp -s "$tmp/lang.mk" "$lang/lang.mk"; then
        :
    elif [ $check = yes ]; then
        note "tests/lang/lang.mk" "is stale (run tests/regen.sh):"
        diff -u "$lang/lang.mk" "$tmp/lang.mk" >&2
    else
        cp "$tmp/lang.mk" "$lang/lang.mk"
        echo "wrote tests/lang/lang.mk"
    fi
fi

if [ -n "$bad" ]; then
    echo "regen.sh: problems in:$bad" >&2
    exit 1
fi
echo "regen.sh: $count programs agree with $PYTHON"
exit 0
