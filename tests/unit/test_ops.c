/* test_ops.c - the object protocol: operator dispatch and its errors,
 * comparisons, truth, attribute errors, calling classes, exceptions and
 * the format of an uncaught exception's report.
 *
 * User classes are made with type(name, bases, dict) and natives as
 * methods, so these tests need no compiler: a native found in a user
 * class's dict counts as a method the user defined. */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_interp.h"
#include "class.h"
#include "dict.h"
#include "exc.h"
#include "gc.h"
#include "list.h"
#include "ops.h"
#include "str.h"
#include "tuple.h"

/* The tests' shorthand for a rooted str. */
#define S(text) check_interp_str(text)

static Value rooted(Value v)
{
    PROTECT(ts, v);
    return v;
}

static ObjStr *N(const char *s)
{
    return str_intern_cstr(ts, s);
}

/* The pending exception must be [type] with str() == [msg]. */
static void expect_exc(const char *type, const char *msg)
{
    ck_assert_msg(exc_pending(ts), "no exception pending, expected %s", type);
    Value e = exc_fetch(ts);
    PROTECT(ts, e);
    ck_assert_str_eq(obj_class(ts, e)->name->data, type);
    Value s = obj_str(ts, e);
    ck_assert(!IS_ERR(s));
    ck_assert_str_eq(AS_STR(s)->data, msg);
    UNPROTECT(ts, 1);
}

static void expect_str(Value v, const char *text)
{
    ck_assert_msg(!IS_ERR(v), "unexpected error");
    ck_assert(IS_STR(v));
    ck_assert_str_eq(AS_STR(v)->data, text);
}

static void expect_repr(Value v, const char *text)
{
    expect_str(obj_repr(ts, v), text);
}

/* type(name, (base,), dict) where dict maps names to natives. */
typedef struct {
    const char *name;
    NativeFn fn;
} Method;

static Value make_class(const char *name, Value base, const Method *methods)
{
    ObjDict *d = dict_new(ts);
    PROTECT_OBJ(ts, d);
    dict_set_str(ts, d, N("__module__"), S("__main__"));
    for (const Method *m = methods; m && m->name; m++) {
        ObjNative *n = native_new(ts, m->name, m->fn);
        dict_set_str(ts, d, N(m->name), OBJ_VAL(n));
    }
    ObjTuple *bases = tuple_new(ts, IS_UNDEF(base) ? 0 : 1);
    if (!IS_UNDEF(base))
        bases->items[0] = base;
    PROTECT_OBJ(ts, bases);
    Value argv[3] = {S(name), OBJ_VAL(bases), OBJ_VAL(d)};
    PROTECT(ts, argv[0]);
    Value cls = obj_call(ts, OBJ_VAL(TYPE(ts, TYPE)), 3, argv, NULL);
    UNPROTECT(ts, 3);
    ck_assert_msg(!IS_ERR(cls), "type() failed");
    PROTECT(ts, cls); /* the tests are short: leave it rooted */
    return cls;
}

static Value ret_42(ThreadState *t, int argc, Value *argv, ObjTuple *kw)
{
    return INT_VAL(42);
}

static Value ret_notimpl(ThreadState *t, int argc, Value *argv, ObjTuple *kw)
{
    return t->interp->not_implemented;
}

static Value ret_true(ThreadState *t, int argc, Value *argv, ObjTuple *kw)
{
    return TRUE_VAL;
}

static Value ret_int1(ThreadState *t, int argc, Value *argv, ObjTuple *kw)
{
    return INT_VAL(1);
}

static Value ret_repr(ThreadState *t, int argc, Value *argv, ObjTuple *kw)
{
    return OBJ_VAL(str_from_cstr(t, "<P>"));
}

/* -- binary operators ---------------------------------------------------- */

START_TEST(int_plus_str_is_unsupported)
{
    ck_assert(IS_ERR(obj_binary_op(ts, BIN_ADD, INT_VAL(1), S("a"), false)));
    expect_exc("TypeError", "unsupported operand type(s) for +: 'int' and 'str'");
    ck_assert(IS_ERR(obj_binary_op(ts, BIN_ADD, INT_VAL(1), S("a"), true)));
    expect_exc("TypeError",
               "unsupported operand type(s) for +=: 'int' and 'str'");
    ck_assert(IS_ERR(obj_binary_op(ts, BIN_POW, S("a"), INT_VAL(2), false)));
    expect_exc("TypeError",
               "unsupported operand type(s) for ** or pow(): 'str' and 'int'");
}
END_TEST

START_TEST(str_plus_int_says_concatenate)
{
    ck_assert(IS_ERR(obj_binary_op(ts, BIN_ADD, S("a"), INT_VAL(1), false)));
    expect_exc("TypeError", "can only concatenate str (not \"int\") to str");
    Value l = rooted(OBJ_VAL(list_new(ts, 0)));
    ck_assert(IS_ERR(obj_binary_op(ts, BIN_ADD, l, INT_VAL(1), false)));
    expect_exc("TypeError", "can only concatenate list (not \"int\") to list");
    ck_assert(IS_ERR(obj_binary_op(ts, BIN_MUL, S("a"), FLOAT_VAL(1.5), false)));
    expect_exc("TypeError", "can't multiply sequence by non-int of type 'float'");
}
END_TEST

START_TEST(builtin_operators)
{
    expect_str(obj_binary_op(ts, BIN_ADD, S("ab"), S("cd"), false), "abcd");
    expect_str(obj_binary_op(ts, BIN_MUL, INT_VAL(3), S("ab"), false),
               "ababab");
    Value v = obj_binary_op(ts, BIN_ADD, INT_VAL(1), FLOAT_VAL(0.5), false);
    ck_assert(IS_FLOAT(v) && AS_FLOAT(v) == 1.5);
    ObjList *l = list_new(ts, 0);
    list_append(ts, l, INT_VAL(1));
    PROTECT_OBJ(ts, l);
    expect_repr(obj_binary_op(ts, BIN_MUL, OBJ_VAL(l), INT_VAL(3), false),
                "[1, 1, 1]");
}
END_TEST

START_TEST(user_dunders_and_reflection)
{
    static const Method a_methods[] = {{"__add__", ret_42}, {NULL, NULL}};
    static const Method b_methods[] = {{"__radd__", ret_42}, {NULL, NULL}};
    static const Method c_methods[] = {{"__add__", ret_notimpl}, {NULL, NULL}};
    Value A = make_class("A", UNDEF_VAL, a_methods);
    Value B = make_class("B", UNDEF_VAL, b_methods);
    Value C = make_class("C", UNDEF_VAL, c_methods);
    Value a = obj_call(ts, A, 0, NULL, NULL);
    PROTECT(ts, a);
    Value b = obj_call(ts, B, 0, NULL, NULL);
    PROTECT(ts, b);
    Value c = obj_call(ts, C, 0, NULL, NULL);
    PROTECT(ts, c);
    Value r = obj_binary_op(ts, BIN_ADD, a, INT_VAL(1), false);
    ck_assert(IS_INT(r) && AS_INT(r) == 42);
    r = obj_binary_op(ts, BIN_ADD, INT_VAL(1), b, false);
    ck_assert(IS_INT(r) && AS_INT(r) == 42);
    r = obj_binary_op(ts, BIN_ADD, c, b, false);
    ck_assert(IS_INT(r) && AS_INT(r) == 42);
    ck_assert(IS_ERR(obj_binary_op(ts, BIN_SUB, c, INT_VAL(1), false)));
    expect_exc("TypeError", "unsupported operand type(s) for -: 'C' and 'int'");
    ck_assert(IS_ERR(obj_binary_op(ts, BIN_ADD, c, INT_VAL(1), false)));
    expect_exc("TypeError", "unsupported operand type(s) for +: 'C' and 'int'");
}
END_TEST

/* -- comparisons and truth ----------------------------------------------- */

START_TEST(comparisons)
{
    ck_assert_int_eq(obj_lt(ts, INT_VAL(1), FLOAT_VAL(1.5)), 1);
    ck_assert_int_eq(obj_eq(ts, INT_VAL(1), FLOAT_VAL(1.0)), 1);
    ck_assert_int_eq(obj_eq(ts, TRUE_VAL, INT_VAL(1)), 1);
    ck_assert_int_eq(obj_lt(ts, S("abc"), S("abd")), 1);
    ck_assert_int_eq(obj_eq(ts, S("a"), INT_VAL(1)), 0);
    Value t1 = rooted(OBJ_VAL(tuple_new(ts, 2)));
    AS_TUPLE(t1)->items[0] = INT_VAL(1);
    AS_TUPLE(t1)->items[1] = INT_VAL(2);
    Value t2 = rooted(OBJ_VAL(tuple_new(ts, 1)));
    AS_TUPLE(t2)->items[0] = INT_VAL(1);
    ck_assert_int_eq(obj_lt(ts, t2, t1), 1);
    ck_assert_int_eq(obj_lt(ts, t1, t2), 0);
    ck_assert_int_eq(obj_eq(ts, t1, t2), 0);
    Value r = obj_compare(ts, CMP_LT, S("a"), INT_VAL(1));
    ck_assert(IS_ERR(r));
    expect_exc("TypeError",
               "'<' not supported between instances of 'str' and 'int'");
    /* nan == nan is False, but obj_eq is the containers' `x is y or
       x == y`, and value_is counts the unboxed NaN as identical to itself. */
    Value nan = FLOAT_VAL(0.0 / 0.0);
    r = obj_compare(ts, CMP_EQ, nan, nan);
    ck_assert(IS_BOOL(r) && !AS_BOOL(r));
    ck_assert_int_eq(obj_eq(ts, nan, nan), 1);
}
END_TEST

START_TEST(comparison_reflection_and_identity)
{
    static const Method g[] = {{"__gt__", ret_true}, {NULL, NULL}};
    Value G = make_class("G", UNDEF_VAL, g);
    Value x = obj_call(ts, G, 0, NULL, NULL);
    PROTECT(ts, x);
    /* 1 < x falls back to x > 1 */
    Value r = obj_compare(ts, CMP_LT, INT_VAL(1), x);
    ck_assert(IS_BOOL(r) && AS_BOOL(r));
    /* == without __eq__ is identity */
    Value y = obj_call(ts, G, 0, NULL, NULL);
    PROTECT(ts, y);
    ck_assert_int_eq(obj_eq(ts, x, x), 1);
    ck_assert_int_eq(obj_eq(ts, x, y), 0);
    r = obj_compare(ts, CMP_NE, x, y);
    ck_assert(IS_BOOL(r) && AS_BOOL(r));
}
END_TEST

START_TEST(truthiness)
{
    ck_assert_int_eq(obj_truthy(ts, NONE_VAL), 0);
    ck_assert_int_eq(obj_truthy(ts, INT_VAL(0)), 0);
    ck_assert_int_eq(obj_truthy(ts, FLOAT_VAL(0.0)), 0);
    ck_assert_int_eq(obj_truthy(ts, S("")), 0);
    ck_assert_int_eq(obj_truthy(ts, S("x")), 1);
    ck_assert_int_eq(obj_truthy(ts, OBJ_VAL(list_new(ts, 0))), 0);
    static const Method bad[] = {{"__bool__", ret_int1}, {NULL, NULL}};
    Value B = make_class("B", UNDEF_VAL, bad);
    Value b = rooted(obj_call(ts, B, 0, NULL, NULL));
    ck_assert_int_eq(obj_truthy(ts, b), -1);
    expect_exc("TypeError", "__bool__ should return bool, returned int");
    static const Method len0[] = {{"__len__", ret_42}, {NULL, NULL}};
    Value L = make_class("L", UNDEF_VAL, len0);
    Value l = rooted(obj_call(ts, L, 0, NULL, NULL));
    ck_assert_int_eq(obj_truthy(ts, l), 1);
    ck_assert_int_eq(obj_len(ts, l), 42);
    ck_assert_int_eq(obj_len(ts, INT_VAL(3)), -1);
    expect_exc("TypeError", "object of type 'int' has no len()");
}
END_TEST

START_TEST(hashing)
{
    uint64_t h1, h2;
    ck_assert_int_eq(obj_hash(ts, INT_VAL(1), &h1), 0);
    ck_assert_int_eq(obj_hash(ts, FLOAT_VAL(1.0), &h2), 0);
    ck_assert(h1 == h2);
    ck_assert_int_eq(obj_hash(ts, OBJ_VAL(list_new(ts, 0)), &h1), -1);
    expect_exc("TypeError", "unhashable type: 'list'");
}
END_TEST

/* -- attributes ---------------------------------------------------------- */

START_TEST(attribute_errors)
{
    ck_assert(IS_ERR(obj_getattr(ts, INT_VAL(1), N("x"))));
    expect_exc("AttributeError", "'int' object has no attribute 'x'");
    Value A = make_class("A", UNDEF_VAL, NULL);
    Value a = obj_call(ts, A, 0, NULL, NULL);
    PROTECT(ts, a);
    ck_assert(IS_ERR(obj_getattr(ts, a, N("x"))));
    expect_exc("AttributeError", "'A' object has no attribute 'x'");
    ck_assert(IS_ERR(obj_getattr(ts, A, N("x"))));
    expect_exc("AttributeError", "type object 'A' has no attribute 'x'");
    ck_assert_int_eq(obj_setattr(ts, a, N("x"), INT_VAL(5)), 0);
    Value v = obj_getattr(ts, a, N("x"));
    ck_assert(IS_INT(v) && AS_INT(v) == 5);
    ck_assert_int_eq(obj_setattr(ts, INT_VAL(1), N("x"), INT_VAL(5)), -1);
    expect_exc("AttributeError", "'int' object has no attribute 'x'");
    Value out;
    ck_assert_int_eq(obj_getattr_opt(ts, a, N("nope"), &out), 0);
    ck_assert(!exc_pending(ts));
    /* class attributes and special names */
    expect_str(obj_getattr(ts, A, N("__name__")), "A");
    expect_str(obj_getattr(ts, A, N("__module__")), "__main__");
    expect_repr(A, "<class '__main__.A'>");
    expect_repr(OBJ_VAL(TYPE(ts, INT)), "<class 'int'>");
}
END_TEST

START_TEST(bound_natives)
{
    ObjList *l = list_new(ts, 0);
    PROTECT_OBJ(ts, l);
    Value m = obj_getattr(ts, OBJ_VAL(l), N("append"));
    ck_assert(!IS_ERR(m));
    PROTECT(ts, m);
    Value arg = INT_VAL(7);
    ck_assert(!IS_ERR(obj_call(ts, m, 1, &arg, NULL)));
    ck_assert_uint_eq(l->len, 1);
}
END_TEST

START_TEST(calling_classes)
{
    Value A = make_class("A", UNDEF_VAL, NULL);
    Value arg = INT_VAL(1);
    ck_assert(IS_ERR(obj_call(ts, A, 1, &arg, NULL)));
    expect_exc("TypeError", "A() takes no arguments");
    static const Method bad_init[] = {{"__init__", ret_42}, {NULL, NULL}};
    Value B = make_class("B", UNDEF_VAL, bad_init);
    ck_assert(IS_ERR(obj_call(ts, B, 0, NULL, NULL)));
    expect_exc("TypeError", "__init__() should return None, not 'int'");
    ck_assert(IS_ERR(obj_call(ts, INT_VAL(3), 0, NULL, NULL)));
    expect_exc("TypeError", "'int' object is not callable");
    static const Method r[] = {{"__repr__", ret_repr}, {NULL, NULL}};
    Value P = make_class("P", UNDEF_VAL, r);
    Value p = rooted(obj_call(ts, P, 0, NULL, NULL));
    expect_repr(p, "<P>");
    expect_str(obj_str(ts, p), "<P>");
}
END_TEST

/* -- exceptions ---------------------------------------------------------- */

START_TEST(exception_objects)
{
    Value E = make_class("MyError", OBJ_VAL(TYPE(ts, ValueError)), NULL);
    Value args[2] = {S("bad"), INT_VAL(2)};
    PROTECT(ts, args[0]);
    Value e = obj_call(ts, E, 1, args, NULL);
    ck_assert(IS_EXCEPTION(e));
    PROTECT(ts, e);
    expect_str(obj_str(ts, e), "bad");
    expect_repr(e, "MyError('bad')");
    PROTECT(ts, args[1]);
    Value e2 = rooted(obj_call(ts, E, 2, args, NULL));
    expect_str(obj_str(ts, e2), "('bad', 2)");
    Value k = rooted(exc_new_msg(ts, TYPE(ts, KeyError), "k"));
    expect_str(obj_str(ts, k), "'k'");
    expect_repr(k, "KeyError('k')");
    Value z = rooted(exc_new(ts, TYPE(ts, ZeroDivisionError), NULL));
    expect_str(obj_str(ts, z), "");
    expect_repr(z, "ZeroDivisionError()");
    RAISE(ts, ValueError, "x=%d", 3);
    ck_assert(exc_matches(ts, TYPE(ts, Exception)));
    ck_assert(!exc_matches(ts, TYPE(ts, KeyError)));
    expect_exc("ValueError", "x=3");
}
END_TEST

static char *print_to_string(Value exc)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    exc_print(ts, exc, f);
    fclose(f);
    return buf;
}

START_TEST(exception_report_format)
{
    const char *src = "def f():\n    raise ValueError('bad')\nf()\n";
    interp_add_source(interp, "x.mpy", src, strlen(src));
    RAISE(ts, ValueError, "bad");
    Value e = exc_fetch(ts);
    PROTECT(ts, e);
    ObjStr *file = N("x.mpy");
    PROTECT_OBJ(ts, file);
    ObjStr *f = N("f");
    PROTECT_OBJ(ts, f);
    ObjStr *mod = N("<module>");
    exc_add_traceback(ts, e, file, f, 2);
    exc_add_traceback(ts, e, file, mod, 3);
    char *out = print_to_string(e);
    ck_assert_str_eq(out, "Traceback (most recent call last):\n"
                          "  File \"x.mpy\", line 3, in <module>\n"
                          "    f()\n"
                          "  File \"x.mpy\", line 2, in f\n"
                          "    raise ValueError('bad')\n"
                          "ValueError: bad\n");
    free(out);

    /* no traceback entries and no message */
    Value bare = rooted(exc_new(ts, TYPE(ts, KeyboardInterrupt), NULL));
    out = print_to_string(bare);
    ck_assert_str_eq(out, "KeyboardInterrupt\n");
    free(out);

    /* implicit chaining */
    Value first = exc_new_msg(ts, TYPE(ts, KeyError), "k");
    PROTECT(ts, first);
    ts->handled_exc = first;
    RAISE(ts, RuntimeError, "oops");
    ts->handled_exc = UNDEF_VAL;
    Value second = rooted(exc_fetch(ts));
    out = print_to_string(second);
    ck_assert_str_eq(out, "KeyError: 'k'\n"
                          "\nDuring handling of the above exception, another "
                          "exception occurred:\n\n"
                          "RuntimeError: oops\n");
    free(out);
}
END_TEST

START_TEST(syntax_error_report)
{
    exc_raise_syntax(ts, NULL, "invalid syntax", "x.mpy", 2, 9,
                     "    x = = 1\n");
    Value e = exc_fetch(ts);
    PROTECT(ts, e);
    char *out = print_to_string(e);
    ck_assert_str_eq(out, "  File \"x.mpy\", line 2\n"
                          "    x = = 1\n"
                          "        ^\n"
                          "SyntaxError: invalid syntax\n");
    free(out);
    expect_str(obj_str(ts, e), "invalid syntax (x.mpy, line 2)");
    Value ln = obj_getattr(ts, e, N("lineno"));
    ck_assert(IS_INT(ln) && AS_INT(ln) == 2);

    exc_raise_syntax_range(ts, NULL, "Missing parentheses in call to 'print'",
                           "y.mpy", 1, 1, 14, "print \"hello\"\n");
    e = rooted(exc_fetch(ts));
    out = print_to_string(e);
    ck_assert_str_eq(out, "  File \"y.mpy\", line 1\n"
                          "    print \"hello\"\n"
                          "    ^^^^^^^^^^^^^\n"
                          "SyntaxError: Missing parentheses in call to "
                          "'print'\n");
    free(out);
}
END_TEST

START_TEST(attribute_error_suggestion)
{
    Value A = make_class("A", UNDEF_VAL, NULL);
    Value a = rooted(obj_call(ts, A, 0, NULL, NULL));
    ObjStr *value = N("value");
    PROTECT_OBJ(ts, value);
    ck_assert_int_eq(obj_setattr(ts, a, value, INT_VAL(1)), 0);
    ObjStr *typo = N("valeu");
    PROTECT_OBJ(ts, typo);
    ck_assert(IS_ERR(obj_getattr(ts, a, typo)));
    Value e = rooted(exc_fetch(ts));
    char *out = print_to_string(e);
    ck_assert_str_eq(out, "AttributeError: 'A' object has no attribute "
                          "'valeu'. Did you mean: 'value'?\n");
    free(out);
    /* nothing close enough: no hint */
    ObjStr *far = N("zzzzzz");
    PROTECT_OBJ(ts, far);
    ck_assert(IS_ERR(obj_getattr(ts, a, far)));
    e = rooted(exc_fetch(ts));
    out = print_to_string(e);
    ck_assert_str_eq(out, "AttributeError: 'A' object has no attribute "
                          "'zzzzzz'\n");
    free(out);
}
END_TEST

static Suite *ops_suite(void)
{
    Suite *s = suite_create("ops");
    TCase *tc = tcase_create("protocol");
    tcase_add_checked_fixture(tc, check_interp_setup, check_interp_teardown);
    tcase_add_test(tc, int_plus_str_is_unsupported);
    tcase_add_test(tc, str_plus_int_says_concatenate);
    tcase_add_test(tc, builtin_operators);
    tcase_add_test(tc, user_dunders_and_reflection);
    tcase_add_test(tc, comparisons);
    tcase_add_test(tc, comparison_reflection_and_identity);
    tcase_add_test(tc, truthiness);
    tcase_add_test(tc, hashing);
    tcase_add_test(tc, attribute_errors);
    tcase_add_test(tc, bound_natives);
    tcase_add_test(tc, calling_classes);
    tcase_add_test(tc, exception_objects);
    tcase_add_test(tc, exception_report_format);
    tcase_add_test(tc, syntax_error_report);
    tcase_add_test(tc, attribute_error_suggestion);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return check_main_run(ops_suite());
}
