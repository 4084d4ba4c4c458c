#!/bin/sh
# traceback_carets.sh - tracebacks underline the failing span as CPython 3.11 does.
#
# Under each source line CPython 3.11 prints ^ under the span of the failing
# instruction, ~ under the operands of a binary operation or the value of a
# subscript, and nothing when the span covers the whole line; a span that
# goes on to later lines is underlined to the end of its first line.  Each
# program below must fail with exactly CPython's standard error (paths made
# relative).  Run with $MPY (default ./src/mpy); exits 0 when all agree.

mpy=${MPY:-./src/mpy}
case $mpy in /*) ;; */*) mpy=$(pwd)/$mpy ;; esac
tmp=$(mktemp -d "${TMPDIR:-/tmp}/mpy-carets.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
export PYTHONDONTWRITEBYTECODE=1

fail=0
# check NAME: run $tmp/NAME.mpy; its stderr must equal standard input.
check() {
    cat > "$tmp/$1.want"
    (cd "$tmp" && timeout 60 "$mpy" "$1.mpy") < /dev/null > /dev/null \
        2> "$tmp/$1.got"
    sed "s|$tmp/||" "$tmp/$1.got" > "$tmp/$1.err"
    if ! cmp -s "$tmp/$1.want" "$tmp/$1.err"; then
        echo "FAIL: $1"
        diff -u "$tmp/$1.want" "$tmp/$1.err"
        fail=1
    fi
}

printf 'a = 1\nb = 0\nx = a / b\n' > "$tmp/binop.mpy"
check binop <<'EOF'
Traceback (most recent call last):
  File "binop.mpy", line 3, in <module>
    x = a / b
        ~~^~~
ZeroDivisionError: division by zero
EOF

printf 'a = 1\nb = 0\nprint(a // b)\n' > "$tmp/binop_operator_two_chars.mpy"
check binop_operator_two_chars <<'EOF'
Traceback (most recent call last):
  File "binop_operator_two_chars.mpy", line 3, in <module>
    print(a // b)
          ~~^^~~
ZeroDivisionError: integer division or modulo by zero
EOF

printf 'a = 1\nb = 0\nc = 2\nx = c * 3 + a / b\n' > "$tmp/binop_right_of_chain.mpy"
check binop_right_of_chain <<'EOF'
Traceback (most recent call last):
  File "binop_right_of_chain.mpy", line 4, in <module>
    x = c * 3 + a / b
                ~~^~~
ZeroDivisionError: division by zero
EOF

printf 'a = 1\nb = 0\nx = ((a)) / (b)\n' > "$tmp/binop_parenthesized_left.mpy"
check binop_parenthesized_left <<'EOF'
Traceback (most recent call last):
  File "binop_parenthesized_left.mpy", line 3, in <module>
    x = ((a)) / (b)
        ~~~~~~^~~~~
ZeroDivisionError: division by zero
EOF

printf 'a = 1\nb = '\''x'\''\na + b\n' > "$tmp/binop_whole_line.mpy"
check binop_whole_line <<'EOF'
Traceback (most recent call last):
  File "binop_whole_line.mpy", line 3, in <module>
    a + b
    ~~^~~
TypeError: unsupported operand type(s) for +: 'int' and 'str'
EOF

printf 'x = '\''éé'\'' + '\''é'\'' + 1\n' > "$tmp/binop_unicode.mpy"
check binop_unicode <<'EOF'
Traceback (most recent call last):
  File "binop_unicode.mpy", line 1, in <module>
    x = 'éé' + 'é' + 1
        ~~~~~~~~~~~^~~
TypeError: can only concatenate str (not "int") to str
EOF

printf 'a = [1]\nx = a[5]\n' > "$tmp/subscript.mpy"
check subscript <<'EOF'
Traceback (most recent call last):
  File "subscript.mpy", line 2, in <module>
    x = a[5]
        ~^^^
IndexError: list index out of range
EOF

printf 'a = {}\nx = a [ '\''k'\'' ]\n' > "$tmp/subscript_spaced.mpy"
check subscript_spaced <<'EOF'
Traceback (most recent call last):
  File "subscript_spaced.mpy", line 2, in <module>
    x = a [ 'k' ]
        ~~^^^^^^^
KeyError: 'k'
EOF

printf 'd = {'\''a'\'': {}}\nprint(d['\''a'\'']['\''b'\''])\n' > "$tmp/subscript_nested.mpy"
check subscript_nested <<'EOF'
Traceback (most recent call last):
  File "subscript_nested.mpy", line 2, in <module>
    print(d['a']['b'])
          ~~~~~~^^^^^
KeyError: 'b'
EOF

printf 't = (1,)\nt[0] = 5\n' > "$tmp/subscript_store.mpy"
check subscript_store <<'EOF'
Traceback (most recent call last):
  File "subscript_store.mpy", line 2, in <module>
    t[0] = 5
    ~^^^
TypeError: 'tuple' object does not support item assignment
EOF

printf 'def f(x):\n    return 1 / x\nprint(f(0) + 1)\n' > "$tmp/call_in_caller.mpy"
check call_in_caller <<'EOF'
Traceback (most recent call last):
  File "call_in_caller.mpy", line 3, in <module>
    print(f(0) + 1)
          ^^^^
  File "call_in_caller.mpy", line 2, in f
    return 1 / x
           ~~^~~
ZeroDivisionError: division by zero
EOF

printf 'def f():\n    raise ValueError('\''bad'\'')\nf()\n' > "$tmp/call_whole_line.mpy"
check call_whole_line <<'EOF'
Traceback (most recent call last):
  File "call_whole_line.mpy", line 3, in <module>
    f()
  File "call_whole_line.mpy", line 2, in f
    raise ValueError('bad')
ValueError: bad
EOF

printf 'class A:\n    pass\nprint(A().foo)\n' > "$tmp/attribute.mpy"
check attribute <<'EOF'
Traceback (most recent call last):
  File "attribute.mpy", line 3, in <module>
    print(A().foo)
          ^^^^^^^
AttributeError: 'A' object has no attribute 'foo'
EOF

printf 'class A:\n    pass\nA().foo()\n' > "$tmp/method_whole_line.mpy"
check method_whole_line <<'EOF'
Traceback (most recent call last):
  File "method_whole_line.mpy", line 3, in <module>
    A().foo()
    ^^^^^^^
AttributeError: 'A' object has no attribute 'foo'
EOF

printf 's = '\''abc'\''\nx = (s\n     .index('\''z'\''))\n' > "$tmp/method_over_lines.mpy"
check method_over_lines <<'EOF'
Traceback (most recent call last):
  File "method_over_lines.mpy", line 3, in <module>
    .index('z'))
     ^^^^^^^^^^
ValueError: substring not found
EOF

printf 'print(undefined_name)\n' > "$tmp/name.mpy"
check name <<'EOF'
Traceback (most recent call last):
  File "name.mpy", line 1, in <module>
    print(undefined_name)
          ^^^^^^^^^^^^^^
NameError: name 'undefined_name' is not defined
EOF

printf 'raise ValueError('\''x'\'')\n' > "$tmp/raise_whole_line.mpy"
check raise_whole_line <<'EOF'
Traceback (most recent call last):
  File "raise_whole_line.mpy", line 1, in <module>
    raise ValueError('x')
ValueError: x
EOF

printf 'if True: raise ValueError('\''x'\'')\n' > "$tmp/raise_after_if.mpy"
check raise_after_if <<'EOF'
Traceback (most recent call last):
  File "raise_after_if.mpy", line 1, in <module>
    if True: raise ValueError('x')
             ^^^^^^^^^^^^^^^^^^^^^
ValueError: x
EOF

printf 'a = 1\nb = 0\nx = (a /\n     b)\n' > "$tmp/multiline_expression.mpy"
check multiline_expression <<'EOF'
Traceback (most recent call last):
  File "multiline_expression.mpy", line 3, in <module>
    x = (a /
         ^^^
ZeroDivisionError: division by zero
EOF

printf 'def f(a, b):\n    return a / b\nf(1,\n  0)\n' > "$tmp/multiline_call_at_start.mpy"
check multiline_call_at_start <<'EOF'
Traceback (most recent call last):
  File "multiline_call_at_start.mpy", line 3, in <module>
    f(1,
  File "multiline_call_at_start.mpy", line 2, in f
    return a / b
           ~~^~~
ZeroDivisionError: division by zero
EOF

printf 'x = 5\nassert x < 3 and x > 1\n' > "$tmp/assert_comparison.mpy"
check assert_comparison <<'EOF'
Traceback (most recent call last):
  File "assert_comparison.mpy", line 2, in <module>
    assert x < 3 and x > 1
                     ^^^^^
AssertionError
EOF

printf 'x = 0\nassert x\n' > "$tmp/assert_name.mpy"
check assert_name <<'EOF'
Traceback (most recent call last):
  File "assert_name.mpy", line 2, in <module>
    assert x
AssertionError
EOF

printf 'a = 1\na += '\''x'\''\n' > "$tmp/augassign_operation.mpy"
check augassign_operation <<'EOF'
Traceback (most recent call last):
  File "augassign_operation.mpy", line 2, in <module>
    a += 'x'
TypeError: unsupported operand type(s) for +=: 'int' and 'str'
EOF

printf 'd = {}\nd['\''k'\''] += 1\n' > "$tmp/augassign_target.mpy"
check augassign_target <<'EOF'
Traceback (most recent call last):
  File "augassign_target.mpy", line 2, in <module>
    d['k'] += 1
    ~^^^^^
KeyError: 'k'
EOF

printf 'a = 1\ndel a, zzz\n' > "$tmp/delete.mpy"
check delete <<'EOF'
Traceback (most recent call last):
  File "delete.mpy", line 2, in <module>
    del a, zzz
           ^^^
NameError: name 'zzz' is not defined
EOF

printf 'def d(f):\n    return 1 / 0\n@d\ndef g():\n    pass\n' > "$tmp/decorator.mpy"
check decorator <<'EOF'
Traceback (most recent call last):
  File "decorator.mpy", line 3, in <module>
    @d
     ^
  File "decorator.mpy", line 2, in d
    return 1 / 0
           ~~^~~
ZeroDivisionError: division by zero
EOF

printf 'def g():\n    yield 1\n    yield [][0]\nr = [x for x in g()]\n' > "$tmp/comprehension.mpy"
check comprehension <<'EOF'
Traceback (most recent call last):
  File "comprehension.mpy", line 4, in <module>
    r = [x for x in g()]
        ^^^^^^^^^^^^^^^^
  File "comprehension.mpy", line 4, in <listcomp>
    r = [x for x in g()]
        ^^^^^^^^^^^^^^^^
  File "comprehension.mpy", line 3, in g
    yield [][0]
          ~~^^^
IndexError: list index out of range
EOF

printf 'def f():\n\treturn 1 / 0\nf()   \n' > "$tmp/tabs_and_trailing_blanks.mpy"
check tabs_and_trailing_blanks <<'EOF'
Traceback (most recent call last):
  File "tabs_and_trailing_blanks.mpy", line 3, in <module>
    f()   
    ^^^
  File "tabs_and_trailing_blanks.mpy", line 2, in f
    return 1 / 0
           ~~^~~
ZeroDivisionError: division by zero
EOF

exit $fail
