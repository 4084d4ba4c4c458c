/* test_parser.c - parse_source(): tree shapes (through ast_dump_mod),
 * literals, f-strings, CPython's error messages and locations, the REPL's
 * incomplete input, and the nesting limits. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ast.h"
#include "check_main.h"
#include "parse.h"

static char out[65536];
static ParseError last_err;

/* The dump of [src] parsed in [mode], without the "(Module " wrapper and
 * its closing parenthesis; or "Kind: message @line:col". */
static const char *parse_mode(const char *src, size_t len, ParseMode mode)
{
    AstArena *arena = ast_arena_new();
    Mod *mod = parse_source(arena, src, len, mode, &last_err);
    if (!mod) {
        const char *kind = last_err.kind == PERR_INDENT ? "IndentationError"
                           : last_err.kind == PERR_TAB  ? "TabError"
                                                        : "SyntaxError";
        snprintf(out, sizeof out, "%s: %s @%d:%d", kind, last_err.msg, last_err.line,
                 last_err.col);
    } else {
        char *text;
        size_t n;
        ast_dump_mod(mod, &text, &n);
        const char *body = text;
        size_t skip = 0;
        if (strncmp(text, "(Module ", 8) == 0)
            skip = 8;
        else if (strncmp(text, "(Interactive ", 13) == 0)
            skip = 13;
        else if (strncmp(text, "(Expression ", 12) == 0)
            skip = 12;
        if (skip && n > skip) {
            body = text + skip;
            n -= skip + 1;
        }
        snprintf(out, sizeof out, "%.*s", (int)n, body);
        free(text);
    }
    ast_arena_free(arena);
    return out;
}

static const char *parse(const char *src)
{
    return parse_mode(src, strlen(src), PARSE_FILE);
}

#define TREE(src, expected) ck_assert_str_eq(parse(src), expected)
#define EXPR(src, expected) \
    ck_assert_str_eq(parse_mode(src, strlen(src), PARSE_EVAL), expected)

/* -- shapes ------------------------------------------------------------ */

START_TEST(precedence_follows_python)
{
    EXPR("a + b * c ** -d", "(BinOp + (Name a) (BinOp * (Name b) (BinOp ** (Name c) (UnaryOp - (Name d)))))");
    EXPR("-a ** b", "(UnaryOp - (BinOp ** (Name a) (Name b)))");
    EXPR("a ** b ** c", "(BinOp ** (Name a) (BinOp ** (Name b) (Name c)))");
    EXPR("a - b - c", "(BinOp - (BinOp - (Name a) (Name b)) (Name c))");
    EXPR("a | b ^ c & d << e", "(BinOp | (Name a) (BinOp ^ (Name b) (BinOp & (Name c) (BinOp << (Name d) (Name e)))))");
    EXPR("not a and b or c", "(BoolOp or (BoolOp and (UnaryOp not (Name a)) (Name b)) (Name c))");
    EXPR("a or b or c", "(BoolOp or (Name a) (Name b) (Name c))");
    EXPR("(a or b) or c", "(BoolOp or (BoolOp or (Name a) (Name b)) (Name c))");
    EXPR("a if b else c if d else e", "(IfExp (Name b) (Name a) (IfExp (Name d) (Name c) (Name e)))");
    EXPR("a @ b // c % d", "(BinOp % (BinOp // (BinOp @ (Name a) (Name b)) (Name c)) (Name d))");
}
END_TEST

START_TEST(comparisons_chain_into_one_node)
{
    EXPR("a < b <= c == d", "(Compare (Name a) < (Name b) <= (Name c) == (Name d))");
    EXPR("a not in b is not c in d is e != f",
         "(Compare (Name a) not in (Name b) is not (Name c) in (Name d) is (Name e) != (Name f))");
}
END_TEST

START_TEST(assignment_targets_get_store_context)
{
    TREE("a = b = 1", "(Assign [(Name a Store) (Name b Store)] (Constant 1))");
    TREE("a, *b, (c, [d]) = e",
         "(Assign [(Tuple [(Name a Store) (Starred (Name b Store) Store) (Tuple [(Name c Store) "
         "(List [(Name d Store)] Store)] Store)] Store)] (Name e))");
    TREE("x.y[0] = 1", "(Assign [(Subscript (Attribute (Name x) y) (Constant 0) Store)] (Constant 1))");
    TREE("del a, b.c, d[0]", "(Delete [(Name a Del) (Attribute (Name b) c Del) (Subscript (Name d) (Constant 0) Del)])");
    TREE("for i, (j, k) in x: pass",
         "(For (Tuple [(Name i Store) (Tuple [(Name j Store) (Name k Store)] Store)] Store) (Name x) [(Pass)] [])");
}
END_TEST

START_TEST(augmented_and_annotated_assignment)
{
    const char *ops[] = {"+", "-", "*", "/", "//", "%", "**", "<<", ">>", "&", "|", "^", "@"};
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
        char src[32], want[96];
        snprintf(src, sizeof src, "x %s= 1", ops[i]);
        snprintf(want, sizeof want, "(AugAssign (Name x Store) %s= (Constant 1))", ops[i]);
        TREE(src, want);
    }
    TREE("x: int = 1", "(AnnAssign (Name x Store) (Name int) (Constant 1) simple)");
    TREE("(x): int", "(AnnAssign (Name x Store) (Name int) _)");
    TREE("a.b: int", "(AnnAssign (Attribute (Name a) b Store) (Name int) _)");
}
END_TEST

START_TEST(simple_statements_and_semicolons)
{
    TREE("x = 1; y = 2;", "(Assign [(Name x Store)] (Constant 1)) (Assign [(Name y Store)] (Constant 2))");
    TREE("global a, b\nnonlocal c", "(Global [a b]) (Nonlocal [c])");
    TREE("assert x, 'm'", "(Assert (Name x) (Constant 'm'))");
    TREE("raise A from B", "(Raise (Name A) (Name B))");
    TREE("raise", "(Raise _ _)");
    TREE("pass; break; continue", "(Pass) (Break) (Continue)");
}
END_TEST

START_TEST(imports_in_every_form)
{
    TREE("import a.b.c as d, e", "(Import [(alias a.b.c as d) (alias e)])");
    TREE("from . import (a as b, c,)", "(ImportFrom _ [(alias a as b) (alias c)] 1)");
    TREE("from ...a.b import *", "(ImportFrom a.b [(alias *)] 3)");
    TREE("from .... import x", "(ImportFrom _ [(alias x)] 4)");
}
END_TEST

START_TEST(compound_statements)
{
    TREE("if a:\n    x\nelif b:\n    y\nelse:\n    z\n",
         "(If (Name a) [(Expr (Name x))] [(If (Name b) [(Expr (Name y))] [(Expr (Name z))])])");
    TREE("while x: break\nelse: pass", "(While (Name x) [(Break)] [(Pass)])");
    TREE("try:\n    a\nexcept (A, B) as e:\n    b\nexcept:\n    c\nelse:\n    d\nfinally:\n    e\n",
         "(Try [(Expr (Name a))] [(ExceptHandler (Tuple [(Name A) (Name B)]) e [(Expr (Name b))]) "
         "(ExceptHandler _ _ [(Expr (Name c))])] [(Expr (Name d))] [(Expr (Name e))])");
    TREE("with a as b, c:\n    pass", "(With [(withitem (Name a) (Name b Store)) (withitem (Name c) _)] [(Pass)])");
    TREE("with (a as b, c):\n    pass", "(With [(withitem (Name a) (Name b Store)) (withitem (Name c) _)] [(Pass)])");
    TREE("with (a, b) as c: pass", "(With [(withitem (Tuple [(Name a) (Name b)]) (Name c Store))] [(Pass)])");
}
END_TEST

START_TEST(functions_classes_and_decorators)
{
    TREE("@d\n@e(1)\ndef f(a, /, b=1, *c, d, e=2, **f) -> int:\n    return a",
         "(FunctionDef f (arguments posonly=[a] args=[b] defaults=[(Constant 1)] vararg=c "
         "kwonly=[d e] kw_defaults=[_ (Constant 2)] kwarg=f) [(Return (Name a))] "
         "[(Name d) (Call (Name e) [(Constant 1)] [])] (Name int))");
    TREE("def f(x: int, *, y): pass",
         "(FunctionDef f (arguments args=[(arg x (Name int))] kwonly=[y] kw_defaults=[_]) [(Pass)] [] _)");
    TREE("class A(B, metaclass=M):\n    x = 1",
         "(ClassDef A [(Name B)] [(keyword metaclass (Name M))] [(Assign [(Name x Store)] (Constant 1))] [])");
    TREE("async def f():\n    async with a: pass\n    async for x in y: await x",
         "(AsyncFunctionDef f (arguments) [(AsyncWith [(withitem (Name a) _)] [(Pass)]) "
         "(AsyncFor (Name x Store) (Name y) [(Expr (Await (Name x)))] [])] [] _)");
}
END_TEST

START_TEST(lambdas_with_defaults)
{
    EXPR("lambda: 0", "(Lambda (arguments) (Constant 0))");
    EXPR("lambda x, y=1, *a, k=2, **kw: x",
         "(Lambda (arguments args=[x y] defaults=[(Constant 1)] vararg=a kwonly=[k] "
         "kw_defaults=[(Constant 2)] kwarg=kw) (Name x))");
}
END_TEST

START_TEST(calls_with_every_argument_kind)
{
    EXPR("f(a, *b, c=1, **d)",
         "(Call (Name f) [(Name a) (Starred (Name b))] [(keyword c (Constant 1)) (keyword ** (Name d))])");
    EXPR("f(x for x in y)",
         "(Call (Name f) [(GeneratorExp (Name x) [(comprehension (Name x Store) (Name y) [])])] [])");
    EXPR("f(a,)(b)[c].d", "(Attribute (Subscript (Call (Call (Name f) [(Name a)] []) [(Name b)] []) (Name c)) d)");
}
END_TEST

START_TEST(slices_and_tuples_of_slices)
{
    EXPR("a[1:2, ::3]",
         "(Subscript (Name a) (Tuple [(Slice (Constant 1) (Constant 2) _) (Slice _ _ (Constant 3))]))");
    EXPR("a[:]", "(Subscript (Name a) (Slice _ _ _))");
    EXPR("a[b,]", "(Subscript (Name a) (Tuple [(Name b)]))");
    EXPR("a[...]", "(Subscript (Name a) (Constant ...))");
}
END_TEST

START_TEST(displays_and_comprehensions)
{
    EXPR("()", "(Tuple [])");
    EXPR("(1,)", "(Tuple [(Constant 1)])");
    EXPR("[*a, b]", "(List [(Starred (Name a)) (Name b)])");
    EXPR("{**a, 'b': 1}", "(Dict [(** (Name a)) ((Constant 'b') (Constant 1))])");
    EXPR("{a, *b}", "(Set [(Name a) (Starred (Name b))])");
    EXPR("{}", "(Dict [])");
    EXPR("[x for x in y if x if z for w in x]",
         "(ListComp (Name x) [(comprehension (Name x Store) (Name y) [(Name x) (Name z)]) "
         "(comprehension (Name w Store) (Name x) [])])");
    EXPR("{k: v for k, v in d}",
         "(DictComp (Name k) (Name v) [(comprehension (Tuple [(Name k Store) (Name v Store)] Store) (Name d) [])])");
    EXPR("{x for x in y}", "(SetComp (Name x) [(comprehension (Name x Store) (Name y) [])])");
    EXPR("[x async for x in y]", "(ListComp (Name x) [(comprehension (Name x Store) (Name y) [] async)])");
}
END_TEST

START_TEST(yield_await_and_walrus)
{
    TREE("def g():\n    x = yield\n    y = yield 1, 2\n    yield from z\n    w = (yield)",
         "(FunctionDef g (arguments) [(Assign [(Name x Store)] (Yield _)) "
         "(Assign [(Name y Store)] (Yield (Tuple [(Constant 1) (Constant 2)]))) "
         "(Expr (YieldFrom (Name z))) (Assign [(Name w Store)] (Yield _))] [] _)");
    TREE("if (n := 10) > 5: pass",
         "(If (Compare (NamedExpr (Name n Store) (Constant 10)) > (Constant 5)) [(Pass)] [])");
}
END_TEST

/* -- literals ---------------------------------------------------------- */

START_TEST(numbers_become_constants)
{
    EXPR("1_000", "(Constant 1000)");
    EXPR("0xff", "(Constant 255)");
    EXPR("0o17", "(Constant 15)");
    EXPR("0b1010", "(Constant 10)");
    EXPR("9223372036854775807", "(Constant 9223372036854775807)");
    EXPR("9223372036854775808", "(Constant 9223372036854775808)");
    EXPR("0xFFFFFFFFFFFFFFFFFFFF", "(Constant 1208925819614629174706175)");
    EXPR("1.5", "(Constant 1.5)");
    EXPR(".5", "(Constant 0.5)");
    EXPR("1e10", "(Constant 10000000000.0)");
    EXPR("1e16", "(Constant 1e+16)");
    EXPR("3j", "(Constant 3.0j)");
    AstArena *arena = ast_arena_new();
    ParseError err;
    Mod *m = parse_source(arena, "12345678901234567890123", 23, PARSE_EVAL, &err);
    ck_assert_ptr_nonnull(m);
    Expr *e = ((Stmt *)m->body.items[0])->u.value.value;
    ck_assert_int_eq(e->u.constant.kind, CONST_BIGINT);
    ck_assert_str_eq(e->u.constant.str, "12345678901234567890123");
    ast_arena_free(arena);
}
END_TEST

START_TEST(string_escapes_are_decoded)
{
    EXPR("'a\\n\\t\\\\\\'\\\"b'", "(Constant 'a\\n\\t\\\\\\'\"b')");
    EXPR("'\\x41\\101\\u00e9\\U0001F600'", "(Constant 'AA\xc3\xa9\xf0\x9f\x98\x80')");
    EXPR("'\\0\\a\\b\\f\\v\\r'", "(Constant '\\x00\\x07\\x08\\x0c\\x0b\\r')");
    EXPR("'\\q\\d'", "(Constant '\\\\q\\\\d')");
    EXPR("r'\\n'", "(Constant '\\\\n')");
    EXPR("b'\\xff\\x00' rb'\\d'", "(Constant b'\\xff\\x00\\\\d')");
    EXPR("'''a\nb''' \"c\" 'd'", "(Constant 'a\\nbcd')");
    EXPR("'a\\\nb'", "(Constant 'ab')");
    EXPR("'\\N{EM DASH}\\N{greek small letter alpha}'", "(Constant '\xe2\x80\x94\xce\xb1')");
    EXPR("'\\N{NO SUCH NAME}'",
         "SyntaxError: (unicode error) 'unicodeescape' codec can't decode bytes in position "
         "0-15: unknown Unicode character name @1:0");
    EXPR("U'x' R'y' Br'z'", "SyntaxError: cannot mix bytes and nonbytes literals @1:15");
}
END_TEST

START_TEST(fstrings_split_into_fields)
{
    EXPR("f'a{x}b'", "(JoinedStr [(Constant 'a') (FormattedValue (Name x) _ _) (Constant 'b')])");
    EXPR("f'{x!r:>{w}}'",
         "(JoinedStr [(FormattedValue (Name x) !r (JoinedStr [(Constant '>') (FormattedValue (Name w) _ _)]))])");
    EXPR("f'{{lit}} {x:%Y}'",
         "(JoinedStr [(Constant '{lit} ') (FormattedValue (Name x) _ (JoinedStr [(Constant '%Y')]))])");
    EXPR("f'{x = }'", "(JoinedStr [(Constant 'x = ') (FormattedValue (Name x) !r _)])");
    EXPR("f'{x=:>4}'", "(JoinedStr [(Constant 'x=') (FormattedValue (Name x) _ (JoinedStr [(Constant '>4')]))])");
    EXPR("f'{a!=b}'", "(JoinedStr [(FormattedValue (Compare (Name a) != (Name b)) _ _)])");
    EXPR("f'{d[\"k\"]}' 'tail'",
         "(JoinedStr [(FormattedValue (Subscript (Name d) (Constant 'k')) _ _) (Constant 'tail')])");
    EXPR("f'{1, 2}'", "(JoinedStr [(FormattedValue (Tuple [(Constant 1) (Constant 2)]) _ _)])");
    EXPR("f''", "(JoinedStr [])");
    EXPR("f'''{\nx\n}'''", "(JoinedStr [(FormattedValue (Name x) _ _)])");
}
END_TEST

START_TEST(fstring_errors)
{
    EXPR("f'{}'", "SyntaxError: f-string: empty expression not allowed @1:5");
    EXPR("f'}'", "SyntaxError: f-string: single '}' is not allowed @1:4");
    EXPR("f'{x'", "SyntaxError: f-string: expecting '}' @1:5");
    EXPR("f'{x!z}'", "SyntaxError: f-string: invalid conversion character: expected 's', 'r', or 'a' @1:8");
    EXPR("f'{a b}'", "SyntaxError: f-string: invalid syntax. Perhaps you forgot a comma? @1:3");
}
END_TEST

START_TEST(fstring_expressions_point_into_the_line)
{
    AstArena *arena = ast_arena_new();
    ParseError err;
    const char *src = "x = f'ab{ yy }'";
    Mod *m = parse_source(arena, src, strlen(src), PARSE_FILE, &err);
    ck_assert_ptr_nonnull(m);
    Expr *j = ((Stmt *)m->body.items[0])->u.assign.value;
    Expr *f = j->u.seq.elts.items[1];
    Expr *name = f->u.formatted.value;
    ck_assert_int_eq(name->loc.line, 1);
    ck_assert_int_eq(name->loc.col, 10);
    ck_assert_int_eq(name->loc.end_col, 12);
    ast_arena_free(arena);
}
END_TEST

/* -- locations --------------------------------------------------------- */

START_TEST(nodes_carry_their_source_span)
{
    AstArena *arena = ast_arena_new();
    ParseError err;
    const char *src = "if x:\n    y = f(a,\n          b)\n";
    Mod *m = parse_source(arena, src, strlen(src), PARSE_FILE, &err);
    ck_assert_ptr_nonnull(m);
    Stmt *s = m->body.items[0];
    ck_assert_int_eq(s->loc.line, 1);
    ck_assert_int_eq(s->loc.col, 0);
    Stmt *a = s->u.if_.body.items[0];
    ck_assert_int_eq(a->loc.line, 2);
    ck_assert_int_eq(a->loc.col, 4);
    ck_assert_int_eq(a->loc.end_line, 3);
    ck_assert_int_eq(a->loc.end_col, 12);
    Expr *call = a->u.assign.value;
    ck_assert_int_eq(call->loc.col, 8);
    Expr *b = call->u.call.args.items[1];
    ck_assert_int_eq(b->loc.line, 3);
    ck_assert_int_eq(b->loc.col, 10);
    ast_arena_free(arena);
}
END_TEST

/* -- errors ------------------------------------------------------------ */

#define ERROR(src, expected) ck_assert_str_eq(parse(src), expected)

START_TEST(syntax_errors_use_cpython_messages)
{
    ERROR("x y", "SyntaxError: invalid syntax @1:2");
    ERROR("1 +", "SyntaxError: invalid syntax @1:3");
    ERROR("if x\n  pass", "SyntaxError: expected ':' @1:4");
    ERROR("def f()", "SyntaxError: expected ':' @1:7");
    ERROR("if x  # why\n    pass", "SyntaxError: expected ':' @1:6");
    ERROR("f(1 2)", "SyntaxError: invalid syntax. Perhaps you forgot a comma? @1:2");
    ERROR("f('a' 'b' 3)", "SyntaxError: invalid syntax. Perhaps you forgot a comma? @1:2");
    ERROR("print \"hi\"",
          "SyntaxError: Missing parentheses in call to 'print'. Did you mean print(...)? @1:0");
    ERROR("x = [1, 2\ny = 3", "SyntaxError: '[' was never closed @1:4");
    ERROR("if x = 1:\n    pass",
          "SyntaxError: invalid syntax. Maybe you meant '==' or ':=' instead of '='? @1:3");
    ERROR("try:\n    pass\nx = 1", "SyntaxError: expected 'except' or 'finally' block @3:0");
    ERROR("x = 'a' b'b'", "SyntaxError: cannot mix bytes and nonbytes literals @1:12");
    ERROR("def f x:\n    pass", "SyntaxError: expected '(' @1:6");
    ERROR("def f(a b): pass", "SyntaxError: invalid syntax @1:8");
    ERROR("d = {1: 2, 3}", "SyntaxError: ':' expected after dictionary key @1:11");
    ERROR("d = {1: }", "SyntaxError: expression expected after dictionary key and ':' @1:6");
    ERROR("x = 10 if y", "SyntaxError: expected 'else' after 'if' expression @1:10");
    ERROR("try:\n    x\nexcept A, e:\n    pass",
          "SyntaxError: multiple exception types must be parenthesized @3:7");
    ERROR("try:\n    x\nexcept:\n    pass\nexcept A:\n    pass",
          "SyntaxError: default 'except:' must be last @3:0");
}
END_TEST

START_TEST(tokenizer_errors_later_in_the_file_win)
{
    /* CPython scans the rest of the source after a syntax error. */
    ERROR("x = [1, 2\ny = 3", "SyntaxError: '[' was never closed @1:4");
    ERROR("x = foo(\n    a b,\n)", "SyntaxError: invalid syntax. Perhaps you forgot a comma? @2:4");
    ERROR("x y\nz = 'abc", "SyntaxError: unterminated string literal (detected at line 2) @2:4");
    ERROR("class A(B:\n    pass", "SyntaxError: invalid syntax @1:9");
    ERROR("elif x:", "SyntaxError: invalid syntax @1:0");
    ERROR("x y\n        z", "SyntaxError: invalid syntax @1:2");
}
END_TEST

START_TEST(starred_expressions_only_where_allowed)
{
    ERROR("*a = 1", "SyntaxError: starred assignment target must be in a list or tuple @1:0");
    ERROR("a = *b", "SyntaxError: can't use starred expression here @1:4");
    ERROR("*a", "SyntaxError: can't use starred expression here @1:0");
    ERROR("x = [*a for a in b]", "SyntaxError: iterable unpacking cannot be used in comprehension @1:5");
    TREE("*a, = b", "(Assign [(Tuple [(Starred (Name a Store) Store)] Store)] (Name b))");
    TREE("a = *b,", "(Assign [(Name a Store)] (Tuple [(Starred (Name b))]))");
    TREE("a[*b]", "(Expr (Subscript (Name a) (Tuple [(Starred (Name b))])))");
    TREE("a[b := 1]", "(Expr (Subscript (Name a) (NamedExpr (Name b Store) (Constant 1))))");
}
END_TEST

START_TEST(invalid_targets_are_rejected)
{
    ERROR("f() = 1",
          "SyntaxError: cannot assign to function call here. Maybe you meant '==' instead of '='? @1:0");
    ERROR("1 = x", "SyntaxError: cannot assign to literal here. Maybe you meant '==' instead of '='? @1:0");
    ERROR("a + b = 1",
          "SyntaxError: cannot assign to expression here. Maybe you meant '==' instead of '='? @1:0");
    ERROR("(a, f()) = 1", "SyntaxError: cannot assign to function call @1:4");
    ERROR("None = 1", "SyntaxError: cannot assign to None @1:0");
    ERROR("del f()", "SyntaxError: cannot delete function call @1:4");
    ERROR("del 1", "SyntaxError: cannot delete literal @1:4");
    ERROR("for f() in x: pass", "SyntaxError: cannot assign to function call @1:4");
    ERROR("a, b += 1", "SyntaxError: 'tuple' is an illegal expression for augmented assignment @1:0");
    ERROR("yield = 1", "SyntaxError: assignment to yield expression not possible @1:0");
    ERROR("(x for x in y) = 1", "SyntaxError: cannot assign to generator expression @1:0");
}
END_TEST

START_TEST(bad_parameter_and_argument_lists)
{
    ERROR("def f(a=1, b): pass", "SyntaxError: non-default argument follows default argument @1:11");
    ERROR("def f(*): pass", "SyntaxError: named arguments must follow bare * @1:6");
    ERROR("def f(a, a): pass", "SyntaxError: duplicate argument 'a' in function definition @1:9");
    ERROR("f(a=1, b)", "SyntaxError: positional argument follows keyword argument @1:7");
    ERROR("f(**x, *y)",
          "SyntaxError: iterable argument unpacking follows keyword argument unpacking @1:7");
    ERROR("f(x for x in y, 1)", "SyntaxError: Generator expression must be parenthesized @1:2");
    ERROR("f(a=1, a=2)", "SyntaxError: keyword argument repeated: a @1:7");
}
END_TEST

START_TEST(indentation_errors_name_the_block)
{
    const char *kinds[][2] = {
        {"if x:", "'if' statement"}, {"while x:", "'while' statement"},
        {"for x in y:", "'for' statement"}, {"with x:", "'with' statement"},
        {"try:", "'try' statement"}, {"def f():", "function definition"},
        {"class A:", "class definition"},
    };
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        char src[64], want[160];
        snprintf(src, sizeof src, "%s\nx\n", kinds[i][0]);
        snprintf(want, sizeof want,
                 "IndentationError: expected an indented block after %s on line 1 @2:0",
                 kinds[i][1]);
        ERROR(src, want);
    }
    ERROR("if x:\n  pass\nelse:\nx",
          "IndentationError: expected an indented block after 'else' statement on line 3 @4:0");
    ERROR("if x:\n  pass\nelif y:\nx",
          "IndentationError: expected an indented block after 'elif' statement on line 3 @4:0");
    ERROR("try:\n  pass\nexcept:\nx",
          "IndentationError: expected an indented block after 'except' statement on line 3 @4:0");
    ERROR("try:\n  pass\nfinally:\nx",
          "IndentationError: expected an indented block after 'finally' statement on line 3 @4:0");
    ERROR("if x:", "IndentationError: expected an indented block after 'if' statement on line 1 @1:5");
    ERROR("x = 1\n    y = 2", "IndentationError: unexpected indent @2:3");
    ERROR("if x:\n        a\n    b", "IndentationError: unindent does not match any outer indentation level @3:5");
    ERROR("if x:\n\ta\n        b", "TabError: inconsistent use of tabs and spaces in indentation @3:0");
    ERROR("if x:\n    if y:\n  b", "IndentationError: unindent does not match any outer indentation level @3:3");
}
END_TEST

START_TEST(lexical_errors_point_at_the_token)
{
    ERROR("x = 'abc", "SyntaxError: unterminated string literal (detected at line 1) @1:4");
    ERROR("x = \"\"\"abc", "SyntaxError: unterminated triple-quoted string literal (detected at line 1) @1:4");
    ERROR("x = (1 +", "SyntaxError: '(' was never closed @1:4");
    ERROR("x = )", "SyntaxError: unmatched ')' @1:4");
    ERROR("x = (]", "SyntaxError: closing parenthesis ']' does not match opening parenthesis '(' @1:5");
    ERROR("x = 1a", "SyntaxError: invalid decimal literal @1:4");
    ERROR("x = 1 +\\\n", "SyntaxError: unexpected EOF while parsing @1:8");
}
END_TEST

START_TEST(null_bytes_and_bad_utf8_are_syntax_errors)
{
    ck_assert_str_eq(parse_mode("x = 1\ny\0", 8, PARSE_FILE),
                     "SyntaxError: source code cannot contain null bytes @2:1");
    ck_assert_str_eq(parse_mode("x = '\xff'", 7, PARSE_FILE),
                     "SyntaxError: (unicode error) 'utf-8' codec can't decode byte 0xff in "
                     "position 5: invalid start byte @1:5");
    ck_assert_str_eq(parse_mode("\xef\xbb\xbfx = 1", 8, PARSE_FILE),
                     "(Assign [(Name x Store)] (Constant 1))");
}
END_TEST

/* -- the REPL ---------------------------------------------------------- */

static bool incomplete(const char *src)
{
    AstArena *arena = ast_arena_new();
    ParseError err;
    Mod *m = parse_source(arena, src, strlen(src), PARSE_SINGLE, &err);
    ast_arena_free(arena);
    return m == NULL && err.incomplete;
}

START_TEST(single_mode_asks_for_more_input)
{
    ck_assert(incomplete("if x:\n"));
    ck_assert(incomplete("if x:\n    y\n"));
    ck_assert(incomplete("if x: y\n"));
    ck_assert(incomplete("def f():\n    return 1\n"));
    ck_assert(incomplete("x = (1,\n"));
    ck_assert(incomplete("s = '''abc\n"));
    ck_assert(incomplete("x = 1 + \\\n"));
    ck_assert(incomplete("@dec\n"));
    ck_assert(!incomplete("1 +\n"));
    ck_assert(!incomplete("x = 'abc\n"));
    ck_assert(!incomplete("if x:\n\n"));
}
END_TEST

START_TEST(single_mode_ends_a_block_at_a_blank_line)
{
    const char *src = "if x:\n    y\n\n";
    ck_assert_str_eq(parse_mode(src, strlen(src), PARSE_SINGLE), "(If (Name x) [(Expr (Name y))] [])");
    src = "x = 1\n";
    ck_assert_str_eq(parse_mode(src, strlen(src), PARSE_SINGLE), "(Assign [(Name x Store)] (Constant 1))");
    src = "x = 1\ny = 2\n";
    ck_assert_str_eq(parse_mode(src, strlen(src), PARSE_SINGLE),
                     "SyntaxError: multiple statements found while compiling a single statement @2:0");
    ck_assert_str_eq(parse_mode("\n", 1, PARSE_SINGLE), "(Interactive)");
}
END_TEST

/* -- limits ------------------------------------------------------------ */

static char *repeat(const char *head, int n, const char *tail)
{
    size_t hl = strlen(head), tl = strlen(tail);
    char *s = malloc(hl * (size_t)n + tl + 1);
    for (int i = 0; i < n; i++)
        memcpy(s + hl * (size_t)i, head, hl);
    memcpy(s + hl * (size_t)n, tail, tl + 1);
    return s;
}

START_TEST(deep_nesting_is_an_error_not_a_crash)
{
    char *s = repeat("(", 201, "");
    ck_assert_str_eq(parse(s), "SyntaxError: too many nested parentheses @1:200");
    free(s);
    s = repeat("(", 150, "1");
    char *t = malloc(strlen(s) + 200);
    strcpy(t, s);
    memset(t + strlen(s), ')', 150);
    t[strlen(s) + 150] = '\0';
    ck_assert_str_eq(parse(t), "(Expr (Constant 1))");
    free(s);
    free(t);
    s = repeat("-", 100000, "1");
    ck_assert_ptr_nonnull(strstr(parse(s), "SyntaxError: "));
    free(s);
    s = repeat("not ", 100000, "x");
    ck_assert_ptr_nonnull(strstr(parse(s), "SyntaxError: "));
    free(s);
    /* Long flat chains are fine, and the dump stays bounded. */
    s = repeat("1+", 100000, "1");
    ck_assert_ptr_nonnull(strstr(parse(s), "(Expr (BinOp + "));
    free(s);
}
END_TEST

START_TEST(deeply_nested_fstrings_are_bounded)
{
    EXPR("f'{f\"{1}\"}'", "(JoinedStr [(FormattedValue (JoinedStr [(FormattedValue (Constant 1) _ _)]) _ _)])");
    EXPR("f'{x:{y:{z}}}'", "SyntaxError: f-string: expressions nested too deeply @1:14");
}
END_TEST

static Suite *parser_suite(void)
{
    Suite *s = suite_create("parser");
    TCase *tc = tcase_create("shapes");
    tcase_add_test(tc, precedence_follows_python);
    tcase_add_test(tc, comparisons_chain_into_one_node);
    tcase_add_test(tc, assignment_targets_get_store_context);
    tcase_add_test(tc, augmented_and_annotated_assignment);
    tcase_add_test(tc, simple_statements_and_semicolons);
    tcase_add_test(tc, imports_in_every_form);
    tcase_add_test(tc, compound_statements);
    tcase_add_test(tc, functions_classes_and_decorators);
    tcase_add_test(tc, lambdas_with_defaults);
    tcase_add_test(tc, calls_with_every_argument_kind);
    tcase_add_test(tc, slices_and_tuples_of_slices);
    tcase_add_test(tc, displays_and_comprehensions);
    tcase_add_test(tc, yield_await_and_walrus);
    suite_add_tcase(s, tc);

    tc = tcase_create("literals");
    tcase_add_test(tc, numbers_become_constants);
    tcase_add_test(tc, string_escapes_are_decoded);
    tcase_add_test(tc, fstrings_split_into_fields);
    tcase_add_test(tc, fstring_errors);
    tcase_add_test(tc, fstring_expressions_point_into_the_line);
    tcase_add_test(tc, nodes_carry_their_source_span);
    suite_add_tcase(s, tc);

    tc = tcase_create("errors");
    tcase_add_test(tc, syntax_errors_use_cpython_messages);
    tcase_add_test(tc, invalid_targets_are_rejected);
    tcase_add_test(tc, starred_expressions_only_where_allowed);
    tcase_add_test(tc, tokenizer_errors_later_in_the_file_win);
    tcase_add_test(tc, bad_parameter_and_argument_lists);
    tcase_add_test(tc, indentation_errors_name_the_block);
    tcase_add_test(tc, lexical_errors_point_at_the_token);
    tcase_add_test(tc, null_bytes_and_bad_utf8_are_syntax_errors);
    suite_add_tcase(s, tc);

    tc = tcase_create("repl");
    tcase_add_test(tc, single_mode_asks_for_more_input);
    tcase_add_test(tc, single_mode_ends_a_block_at_a_blank_line);
    suite_add_tcase(s, tc);

    tc = tcase_create("limits");
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, deep_nesting_is_an_error_not_a_crash);
    tcase_add_test(tc, deeply_nested_fstrings_are_bounded);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return check_main_run(parser_suite());
}
