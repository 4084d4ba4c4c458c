/* test_compiler.c - the compiler, the disassembler and the VM: what `:dis`
 * shows for the lessons' examples, the exception table of try/finally,
 * closures, constant folding, the SyntaxErrors found after parsing, small
 * programs run end to end, and REPL inputs compiled with top-level await
 * (running them gives a coroutine that runs the input when driven). */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_interp.h"
#include "code.h"
#include "compiler.h"
#include "dict.h"
#include "dis.h"
#include "exc.h"
#include "gc.h"
#include "ops.h"
#include "run.h"
#include "str.h"
#include "vm.h"

static ObjCode *compile(const char *src)
{
    ObjCode *code = run_compile(ts, src, strlen(src), "<test>", PARSE_FILE, NULL);
    ck_assert_msg(code != NULL, "compile failed: %s", src);
    PROTECT_OBJ(ts, code);
    return code;
}

/* The code object of the function [name] defined in [code]. */
static ObjCode *find_code(ObjCode *code, const char *name)
{
    for (size_t i = 0; i < code->nconsts; i++) {
        Value v = code->consts[i];
        if (!IS_KIND(v, OBJ_CODE))
            continue;
        ObjCode *c = AS_CODE(v);
        if (strcmp(c->name->data, name) == 0)
            return c;
        ObjCode *inner = find_code(c, name);
        if (inner)
            return inner;
    }
    return NULL;
}

static char *dis_of(ObjCode *code)
{
    StrBuf sb;
    sb_init(&sb);
    dis_code_flat(ts, code, &sb);
    return sb.data ? sb.data : strdup("");
}

/* [needles] appear in [text] in this order. */
static void expect_in_order(const char *text, const char *const *needles,
                            int n)
{
    const char *p = text;
    for (int i = 0; i < n; i++) {
        const char *q = strstr(p, needles[i]);
        ck_assert_msg(q != NULL, "expected '%s' in:\n%s", needles[i], text);
        p = q + strlen(needles[i]);
    }
}

static int count_of(const char *text, const char *needle)
{
    int n = 0;
    for (const char *p = strstr(text, needle); p; p = strstr(p + 1, needle))
        n++;
    return n;
}

START_TEST(test_global_increment_is_four_steps)
{
    ObjCode *code = compile("count = 0\n"
                            "def inc():\n"
                            "    global count\n"
                            "    count = count + 1\n");
    ObjCode *inc = find_code(code, "inc");
    ck_assert_ptr_nonnull(inc);
    char *text = dis_of(inc);
    const char *const steps[] = {
        "  4           0 LOAD_GLOBAL              0 (count)",
        "LOAD_CONST               1 (1)",
        "BINARY_ADD",
        "STORE_GLOBAL             0 (count)",
    };
    expect_in_order(text, steps, 4);
    free(text);
}
END_TEST

START_TEST(test_module_level_uses_names)
{
    ObjCode *code = compile("x = 1\nx = x + 1\n");
    char *text = dis_of(code);
    const char *const steps[] = {"STORE_NAME", "LOAD_NAME", "BINARY_ADD",
                                 "STORE_NAME"};
    expect_in_order(text, steps, 4);
    free(text);
}
END_TEST

START_TEST(test_try_finally_table)
{
    ObjCode *code = compile("def f():\n"
                            "    try:\n"
                            "        g()\n"
                            "    finally:\n"
                            "        print('done')\n");
    ObjCode *f = find_code(code, "f");
    ck_assert_ptr_nonnull(f);
    ck_assert_uint_ge(f->exctable_len, 2);
    char *text = dis_of(f);
    /* the finally body: once on the normal path, once for exceptions */
    ck_assert_int_eq(count_of(text, "(print)"), 2);
    const char *const parts[] = {"PUSH_EXC_INFO", "RERAISE", "POP_EXCEPT",
                                 "RERAISE", "ExceptionTable:"};
    expect_in_order(text, parts, 5);
    free(text);
}
END_TEST

START_TEST(test_closure_uses_cells)
{
    ObjCode *code = compile("def outer():\n"
                            "    x = 1\n"
                            "    def inner():\n"
                            "        return x\n"
                            "    return inner\n");
    ObjCode *outer = find_code(code, "outer");
    ObjCode *inner = find_code(code, "inner");
    ck_assert_ptr_nonnull(outer);
    ck_assert_ptr_nonnull(inner);
    ck_assert_uint_eq(outer->ncellvars, 1);
    ck_assert_uint_eq(inner->nfreevars, 1);
    char *t1 = dis_of(outer);
    ck_assert_ptr_nonnull(strstr(t1, "STORE_DEREF              0 (x)"));
    ck_assert_ptr_nonnull(strstr(t1, "LOAD_CLOSURE             0 (x)"));
    ck_assert_ptr_nonnull(strstr(t1, "MAKE_FUNCTION            8 (closure)"));
    char *t2 = dis_of(inner);
    ck_assert_ptr_nonnull(strstr(t2, "LOAD_DEREF               0 (x)"));
    free(t1);
    free(t2);
}
END_TEST

START_TEST(test_constant_folding)
{
    ObjCode *code = compile("a = -1\nb = (1, 2, 3)\n");
    char *text = dis_of(code);
    ck_assert_ptr_nonnull(strstr(text, "(-1)"));
    ck_assert_ptr_nonnull(strstr(text, "((1, 2, 3))"));
    ck_assert_ptr_null(strstr(text, "UNARY_NEGATIVE"));
    ck_assert_ptr_null(strstr(text, "BUILD_TUPLE"));
    free(text);
}
END_TEST

START_TEST(test_folding_follows_cpython_limits)
{
    ObjCode *code = compile("a = 2 ** 10\n"
                            "b = 2 ** 200\n"
                            "c = 1 / 0 if a else 0\n"
                            "d = 'ab' + 'c'\n"
                            "e = -(3 * 4)\n");
    char *text = dis_of(code);
    ck_assert_ptr_nonnull(strstr(text, "(1024)"));
    ck_assert_ptr_nonnull(strstr(text, "('abc')"));
    ck_assert_ptr_nonnull(strstr(text, "(-12)"));
    /* 200 bits is over CPython's 128-bit limit; 1 / 0 must raise at run
     * time */
    ck_assert_int_eq(count_of(text, "BINARY_POWER"), 1);
    ck_assert_int_eq(count_of(text, "BINARY_TRUE_DIVIDE"), 1);
    ck_assert_int_eq(count_of(text, "BINARY_ADD"), 0);
    free(text);
}
END_TEST

START_TEST(test_set_display_of_constants_uses_frozenset)
{
    ObjCode *code = compile("s = {100, 200, 300, 17, 33}\n"
                            "t = {1, 2}\n"
                            "u = {x, 1, 2}\n");
    char *text = dis_of(code);
    const char *const steps[] = {
        "BUILD_SET                0",
        "(frozenset({33, 100, 200, 300, 17}))", /* as python3 -m dis */
        "SET_UPDATE               1",
        "BUILD_SET                2",
        "BUILD_SET                3",
    };
    expect_in_order(text, steps, 5);
    free(text);
}
END_TEST

/* The traceback entry of the exception [src] raises at top level. */
static TracebackEntry failing_entry(const char *src)
{
    ObjDict *g = dict_new(ts);
    PROTECT_OBJ(ts, g);
    Value r = run_source(ts, src, strlen(src), "<test>", g, PARSE_FILE);
    ck_assert(IS_ERR(r));
    Value e = exc_fetch(ts);
    ck_assert(IS_EXCEPTION(e));
    ObjException *x = AS_EXCEPTION(e);
    ck_assert_uint_ge(x->tb_len, 1);
    return x->tb[x->tb_len - 1];
}

START_TEST(test_traceback_records_the_failing_span)
{
    TracebackEntry t = failing_entry("a = [1]\nx = a[5]\n");
    ck_assert_int_eq(t.lineno, 2);
    ck_assert_int_eq(t.end_lineno, 2);
    ck_assert_int_eq(t.col, 4);
    ck_assert_int_eq(t.end_col, 8);
    /* a method looked up on a later line is placed at its name there */
    t = failing_entry("s = 'abc'\nx = (s\n     .nothing())\n");
    ck_assert_int_eq(t.lineno, 3);
    ck_assert_int_eq(t.col, 6);
    ck_assert_int_eq(t.end_col, 13);
    /* the target of an augmented assignment is read at its own span */
    t = failing_entry("d = {}\nd['k'] += 1\n");
    ck_assert_int_eq(t.col, 0);
    ck_assert_int_eq(t.end_col, 6);
}
END_TEST

static void expect_syntax_error(const char *src, const char *msg)
{
    ObjCode *code =
        run_compile(ts, src, strlen(src), "<test>", PARSE_FILE, NULL);
    ck_assert_ptr_null(code);
    ck_assert(exc_matches(ts, TYPE(ts, SyntaxError)));
    Value e = exc_fetch(ts);
    ObjException *x = AS_EXCEPTION(e);
    ck_assert(x->args && x->args->len >= 1 && IS_STR(x->args->items[0]));
    ck_assert_str_eq(AS_STR(x->args->items[0])->data, msg);
}

START_TEST(test_syntax_errors)
{
    expect_syntax_error("return 1\n", "'return' outside function");
    expect_syntax_error("yield 1\n", "'yield' outside function");
    expect_syntax_error("break\n", "'break' outside loop");
    expect_syntax_error("continue\n", "'continue' not properly in loop");
    expect_syntax_error("def f():\n    nonlocal q\n",
                        "no binding for nonlocal 'q' found");
    expect_syntax_error("def f():\n    print(x)\n    global x\n",
                        "name 'x' is used prior to global declaration");
    expect_syntax_error("def f():\n    await g()\n",
                        "'await' outside async function");
}
END_TEST

/* Run [src] in a fresh module dict and return global [name]. */
static Value run_get(const char *src, const char *name)
{
    ObjDict *g = dict_new(ts);
    PROTECT_OBJ(ts, g);
    dict_set_cstr(ts, g, "__name__", OBJ_VAL(str_from_cstr(ts, "__main__")));
    Value r = run_source(ts, src, strlen(src), "<test>", g, PARSE_FILE);
    if (IS_ERR(r)) {
        exc_print(ts, exc_fetch(ts), stderr);
        ck_abort_msg("run failed: %s", src);
    }
    Value v = UNDEF_VAL;
    ck_assert(dict_get_str(g, str_intern_cstr(ts, name), &v));
    PROTECT(ts, v);
    return v;
}

START_TEST(test_run_recursion_and_loops)
{
    Value v = run_get("def fib(n):\n"
                      "    return n if n < 2 else fib(n - 1) + fib(n - 2)\n"
                      "r = fib(20)\n",
                      "r");
    ck_assert(IS_INT(v));
    ck_assert_int_eq(AS_INT(v), 6765);
    v = run_get("t = 0\nfor i in range(100):\n    if i % 2: continue\n"
                "    t += i\n",
                "t");
    ck_assert_int_eq(AS_INT(v), 2450);
}
END_TEST

START_TEST(test_run_exceptions)
{
    Value v = run_get("log = []\n"
                      "def f():\n"
                      "    try:\n"
                      "        return 1\n"
                      "    finally:\n"
                      "        log.append('fin')\n"
                      "try:\n"
                      "    f()\n"
                      "    1 / 0\n"
                      "except ZeroDivisionError as e:\n"
                      "    log.append(str(e))\n"
                      "r = len(log)\n",
                      "r");
    ck_assert_int_eq(AS_INT(v), 2);
}
END_TEST

START_TEST(test_run_generators_and_classes)
{
    Value v = run_get("def gen(n):\n"
                      "    for i in range(n):\n"
                      "        yield i * i\n"
                      "class A:\n"
                      "    def total(self):\n"
                      "        return sum(gen(4))\n"
                      "class B(A):\n"
                      "    def total(self):\n"
                      "        return super().total() + 1\n"
                      "r = B().total()\n",
                      "r");
    ck_assert_int_eq(AS_INT(v), 15);
}
END_TEST

START_TEST(test_deep_recursion_is_an_error_not_a_crash)
{
    const char *src = "def f(n):\n    return f(n + 1)\nf(0)\n";
    ObjDict *g = dict_new(ts);
    PROTECT_OBJ(ts, g);
    Value r = run_source(ts, src, strlen(src), "<test>", g, PARSE_FILE);
    ck_assert(IS_ERR(r));
    ck_assert(exc_matches(ts, TYPE(ts, RecursionError)));
    exc_clear(ts);
    ck_assert_int_eq(ts->depth, 0);
}
END_TEST

/* ---- top-level await (the REPL's compile flag) ----------------------- */

static ObjCode *compile_repl_input(const char *src, int flags)
{
    return run_compile_flags(ts, src, strlen(src), "<stdin>", PARSE_SINGLE,
                             flags, NULL);
}

static void expect_repl_syntax_error(const char *src, int flags,
                                     const char *msg)
{
    ck_assert_ptr_null(compile_repl_input(src, flags));
    ck_assert(exc_matches(ts, TYPE(ts, SyntaxError)));
    Value e = exc_fetch(ts);
    ObjException *x = AS_EXCEPTION(e);
    ck_assert(x->args && x->args->len >= 1 && IS_STR(x->args->items[0]));
    ck_assert_str_eq(AS_STR(x->args->items[0])->data, msg);
}

START_TEST(test_top_level_await_needs_the_flag)
{
    expect_repl_syntax_error("await f()\n", 0, "'await' outside function");
    expect_repl_syntax_error("[x async for x in g()]\n", 0,
                             "asynchronous comprehension outside of an "
                             "asynchronous function");
    ObjCode *code = compile_repl_input("await f()\n", COMPILE_TOP_LEVEL_AWAIT);
    ck_assert_ptr_nonnull(code);
    ck_assert(code_is_top_level_coroutine(code));
    ck_assert(code->flags & CODE_COROUTINE);
    /* without an await the flag changes nothing */
    code = compile_repl_input("x = 1\n", COMPILE_TOP_LEVEL_AWAIT);
    ck_assert_ptr_nonnull(code);
    ck_assert(!code_is_top_level_coroutine(code));
    code = compile_repl_input("async def f():\n    await g()\n\n",
                              COMPILE_TOP_LEVEL_AWAIT);
    ck_assert_ptr_nonnull(code);
    ck_assert(!code_is_top_level_coroutine(code));
    /* only module level may await, not a plain def or a class body */
    expect_repl_syntax_error("def f():\n    await g()\n\n",
                             COMPILE_TOP_LEVEL_AWAIT,
                             "'await' outside async function");
    expect_repl_syntax_error("class A:\n    await g()\n\n",
                             COMPILE_TOP_LEVEL_AWAIT,
                             "'await' outside function");
}
END_TEST

/* Compile [src] as a REPL input allowing top-level await, run it in [g]
 * and return the coroutine that running it gives. */
static ObjGenerator *start_repl_coroutine(const char *src, ObjDict *g)
{
    ObjCode *code = compile_repl_input(src, COMPILE_TOP_LEVEL_AWAIT);
    if (!code) {
        exc_print(ts, exc_fetch(ts), stderr);
        ck_abort_msg("compile failed: %s", src);
    }
    ck_assert(code_is_top_level_coroutine(code));
    PROTECT_OBJ(ts, code);
    Value co = vm_run_module(ts, code, g);
    ck_assert(!IS_ERR(co));
    ck_assert(IS_GENERATOR(co));
    ck_assert_ptr_eq(AS_OBJ(co)->cls, TYPE(ts, COROUTINE));
    PROTECT(ts, co);
    return AS_GENERATOR(co);
}

START_TEST(test_top_level_await_runs_as_a_coroutine)
{
    ObjDict *g = dict_new(ts);
    PROTECT_OBJ(ts, g);
    dict_set_cstr(ts, g, "__name__", OBJ_VAL(str_from_cstr(ts, "__main__")));
    const char *setup = "class Later:\n"
                        "    def __await__(self):\n"
                        "        got = yield 'waiting'\n"
                        "        return got\n"
                        "async def f():\n"
                        "    return await Later()\n"
                        "async def ag():\n"
                        "    yield 1\n"
                        "    yield await Later()\n";
    Value r = run_source(ts, setup, strlen(setup), "<test>", g, PARSE_FILE);
    ck_assert(!IS_ERR(r));

    /* running the code only makes the coroutine: nothing assigned yet */
    ObjGenerator *co = start_repl_coroutine("x = await f()\n", g);
    Value v;
    ck_assert(!dict_get_str(g, str_intern_cstr(ts, "x"), &v));
    /* driving it: the await inside passes 'waiting' out to the driver */
    Value out = NONE_VAL;
    ck_assert_int_eq(gen_send(ts, co, NONE_VAL, &out), 1);
    ck_assert(IS_STR(out));
    ck_assert_str_eq(AS_STR(out)->data, "waiting");
    ck_assert_int_eq(gen_send(ts, co, INT_VAL(42), &out), 0);
    ck_assert(dict_get_str(g, str_intern_cstr(ts, "x"), &v));
    ck_assert(IS_INT(v));
    ck_assert_int_eq(AS_INT(v), 42);

    /* an expression statement still sets _ when the coroutine finishes */
    co = start_repl_coroutine("await f()\n", g);
    ck_assert_int_eq(gen_send(ts, co, NONE_VAL, &out), 1);
    ck_assert_int_eq(gen_send(ts, co, INT_VAL(7), &out), 0);
    ck_assert(dict_get_str(ts->interp->builtins, str_intern_cstr(ts, "_"),
                           &v));
    ck_assert(IS_INT(v));
    ck_assert_int_eq(AS_INT(v), 7);

    /* async for and an async comprehension over an async generator */
    co = start_repl_coroutine("t = [v async for v in ag()]\n", g);
    ck_assert_int_eq(gen_send(ts, co, NONE_VAL, &out), 1);
    ck_assert_int_eq(gen_send(ts, co, INT_VAL(2), &out), 0);
    co = start_repl_coroutine("async for w in ag():\n    last = w\n\n", g);
    ck_assert_int_eq(gen_send(ts, co, NONE_VAL, &out), 1);
    ck_assert_int_eq(gen_send(ts, co, INT_VAL(3), &out), 0);
    ck_assert(dict_get_str(g, str_intern_cstr(ts, "t"), &v));
    ck_assert(IS_LIST(v));
    ck_assert_int_eq(AS_LIST(v)->len, 2);
    ck_assert_int_eq(AS_INT(AS_LIST(v)->items[1]), 2);
    ck_assert(dict_get_str(g, str_intern_cstr(ts, "last"), &v));
    ck_assert_int_eq(AS_INT(v), 3);
}
END_TEST

static Suite *compiler_suite(void)
{
    Suite *s = suite_create("compiler");
    TCase *tc = tcase_create("dis");
    tcase_add_checked_fixture(tc, check_interp_setup, check_interp_teardown);
    tcase_add_test(tc, test_global_increment_is_four_steps);
    tcase_add_test(tc, test_module_level_uses_names);
    tcase_add_test(tc, test_try_finally_table);
    tcase_add_test(tc, test_closure_uses_cells);
    tcase_add_test(tc, test_constant_folding);
    tcase_add_test(tc, test_folding_follows_cpython_limits);
    tcase_add_test(tc, test_set_display_of_constants_uses_frozenset);
    tcase_add_test(tc, test_syntax_errors);
    tcase_add_test(tc, test_top_level_await_needs_the_flag);
    suite_add_tcase(s, tc);
    TCase *run = tcase_create("run");
    tcase_add_checked_fixture(run, check_interp_setup, check_interp_teardown);
    tcase_set_timeout(run, 30);
    tcase_add_test(run, test_run_recursion_and_loops);
    tcase_add_test(run, test_run_exceptions);
    tcase_add_test(run, test_run_generators_and_classes);
    tcase_add_test(run, test_deep_recursion_is_an_error_not_a_crash);
    tcase_add_test(run, test_traceback_records_the_failing_span);
    tcase_add_test(run, test_top_level_await_runs_as_a_coroutine);
    suite_add_tcase(s, run);
    return s;
}

int main(void)
{
    return check_main_run(compiler_suite());
}
