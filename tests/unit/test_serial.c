/* test_serial.c - the serializer that carries values between processes:
 * every kind that crosses comes back equal (and of the same type), shared
 * and cyclic references keep their shape, deep nesting does not touch the
 * C stack, every cut or damaged input is a ValueError (never a crash),
 * and what cannot cross - a lambda, a nested function, a lock, a
 * generator - is a TypeError that says what and why.  The values are made
 * by running mpy source in a module "sertest" registered in sys.modules,
 * and checked by running asserts there.  Every case also runs with the
 * collector in stress mode (a collection at every allocation). */
#include "config.h"

#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "builtins.h"
#include "check_interp.h"
#include "dict.h"
#include "exc.h"
#include "gc.h"
#include "list.h"
#include "ops.h"
#include "run.h"
#include "serial.h"
#include "str.h"

static ObjModule *module;

static void setup(void)
{
    check_interp_setup();
    module = module_new(ts, "sertest");
    ck_assert_ptr_nonnull(module);
    dict_set_str(ts, interp->modules, module->name, OBJ_VAL(module));
    PROTECT_OBJ(ts, module);
}

static void setup_stress(void)
{
    setup();
    interp->heap.stress = true;
}

static void teardown(void)
{
    ck_assert(!exc_pending(ts));
    ts->roots.len = base_roots;
    interp_free(interp);
}

/* Values made by the tests stay rooted until teardown resets the stack. */
static Value keep(Value v)
{
    if (!IS_ERR(v))
        PROTECT(ts, v);
    return v;
}

/* The pending exception as "Type: message", cleared. */
static void pending_text(char *buf, size_t size)
{
    Value e = exc_fetch(ts);
    ck_assert(!IS_UNDEF(e));
    PROTECT(ts, e);
    Value m = obj_str(ts, e);
    ck_assert(!IS_ERR(m));
    snprintf(buf, size, "%s: %s", AS_OBJ(e)->cls->name->data, AS_STR(m)->data);
    UNPROTECT(ts, 1);
}

/* Run [src] in the module; it must succeed (its asserts hold). */
static void run(const char *src)
{
    Value r =
        run_source(ts, src, strlen(src), "<sertest>", module->dict, PARSE_FILE);
    if (IS_ERR(r)) {
        char buf[512];
        pending_text(buf, sizeof buf);
        ck_abort_msg("%s\nraised %s", src, buf);
    }
}

static Value get(const char *name)
{
    Value v;
    ck_assert_msg(dict_get_str(module->dict, str_intern_cstr(ts, name), &v),
                  "no global %s", name);
    return keep(v);
}

static void set(const char *name, Value v)
{
    ck_assert_int_eq(dict_set_cstr(ts, module->dict, name, v), 0);
}

/* [v] dumped and loaded again. */
static Value round_trip(Value v)
{
    StrBuf sb;
    sb_init(&sb);
    int rc = serial_dump(ts, v, &sb);
    if (rc < 0) {
        char buf[512];
        pending_text(buf, sizeof buf);
        ck_abort_msg("dump failed: %s", buf);
    }
    Value r = serial_load(ts, sb.data, sb.len);
    sb_free(&sb);
    if (IS_ERR(r)) {
        char buf[512];
        pending_text(buf, sizeof buf);
        ck_abort_msg("load failed: %s", buf);
    }
    return keep(r);
}

/* y = round trip of global x. */
static void send_x(void)
{
    set("y", round_trip(get("x")));
}

/* The dump of [v] must fail with exactly [expected], leaving the buffer
 * as it was. */
static void expect_dump_error(Value v, const char *expected)
{
    StrBuf sb;
    sb_init(&sb);
    sb_puts(&sb, "keep");
    ck_assert_int_eq(serial_dump(ts, v, &sb), -1);
    ck_assert_uint_eq(sb.len, 4);
    ck_assert_str_eq(sb.data, "keep");
    sb_free(&sb);
    char buf[512];
    pending_text(buf, sizeof buf);
    ck_assert_str_eq(buf, expected);
}

/* The same, where the message must begin with [prefix] and contain
 * [part]. */
static void expect_dump_error_like(Value v, const char *prefix,
                                   const char *part)
{
    StrBuf sb;
    sb_init(&sb);
    ck_assert_int_eq(serial_dump(ts, v, &sb), -1);
    ck_assert_uint_eq(sb.len, 0);
    sb_free(&sb);
    char buf[512];
    pending_text(buf, sizeof buf);
    ck_assert_msg(strncmp(buf, prefix, strlen(prefix)) == 0,
                  "got \"%s\", wanted it to begin \"%s\"", buf, prefix);
    ck_assert_msg(strstr(buf, part) != NULL,
                  "got \"%s\", wanted it to contain \"%s\"", buf, part);
}

/* The serialized form of global [name], malloc'd; *len its length. */
static char *dump_global(const char *name, size_t *len)
{
    StrBuf sb;
    sb_init(&sb);
    ck_assert_int_eq(serial_dump(ts, get(name), &sb), 0);
    *len = sb.len;
    return sb.data;
}

/* ------------------------------------------------------------ scalars */

START_TEST(scalars_round_trip)
{
    Value plain[] = {NONE_VAL,
                     TRUE_VAL,
                     FALSE_VAL,
                     INT_VAL(0),
                     INT_VAL(1),
                     INT_VAL(-1),
                     INT_VAL(INT64_MAX),
                     INT_VAL(INT64_MIN),
                     FLOAT_VAL(1.5),
                     FLOAT_VAL(0.1),
                     FLOAT_VAL(1e308),
                     FLOAT_VAL(INFINITY),
                     FLOAT_VAL(-INFINITY)};
    for (size_t i = 0; i < sizeof plain / sizeof plain[0]; i++) {
        Value r = round_trip(plain[i]);
        ck_assert_int_eq(r.tag, plain[i].tag);
        ck_assert_msg(value_is(r, plain[i]), "value %zu changed", i);
    }
    Value nz = round_trip(FLOAT_VAL(-0.0));
    ck_assert(IS_FLOAT(nz) && AS_FLOAT(nz) == 0.0 && signbit(AS_FLOAT(nz)));
    Value nan = round_trip(FLOAT_VAL(NAN));
    ck_assert(IS_FLOAT(nan) && isnan(AS_FLOAT(nan)));
}
END_TEST

START_TEST(small_ints_are_compact)
{
    StrBuf sb;
    sb_init(&sb);
    ck_assert_int_eq(serial_dump(ts, INT_VAL(5), &sb), 0);
    ck_assert_uint_eq(sb.len, 7); /* header of 5, tag, one byte */
    ck_assert_int_eq(memcmp(sb.data, "MPYS", 4), 0);
    ck_assert_int_eq(sb.data[4], SERIAL_VERSION);
    sb_free(&sb);
}
END_TEST

START_TEST(big_ints_round_trip)
{
    run("x = [10**100, -2**200, 2**63, -2**63 - 1, 2**64, -2**64]");
    send_x();
    run("assert y == x, y\n"
        "assert y[0] == 10**100 and y[1] == -2**200\n"
        "assert type(y[2]) is int and y[2] - 1 == 2**63 - 1\n");
}
END_TEST

START_TEST(strings_and_bytes_round_trip)
{
    run("x = ['', 'plain', 'h\\u00e9llo w\\u00f6rld \\u20ac', '\\U0001f600',"
        " 'a\\x00b', b'', b'\\x00\\xff\\x80abc', 'x' * 1000]");
    send_x();
    run("assert y == x\n"
        "assert len(y[3]) == 1 and ord(y[3]) == 0x1f600\n"
        "assert len(y[2]) == 13\n"
        "assert type(y[6]) is bytes and y[6][1] == 255\n");
}
END_TEST

/* --------------------------------------------------------- containers */

START_TEST(containers_round_trip)
{
    run("x = (1, [2, 3.5], {'b': [4], 'a': 1, 3: None}, {5, 6, 'seven'},\n"
        "     frozenset({7, (8, 9)}), (), [], {}, set(), frozenset(),\n"
        "     (True, False, None))");
    send_x();
    run("assert y == x, y\n"
        "assert type(y) is tuple and type(y[1]) is list\n"
        "assert type(y[3]) is set and type(y[4]) is frozenset\n"
        "assert type(y[8]) is set and type(y[9]) is frozenset\n"
        "assert list(y[2]) == ['b', 'a', 3]\n"
        "assert y[10][0] is True and y[10][2] is None\n"
        "assert y is not x and y[1] is not x[1]\n");
}
END_TEST

START_TEST(dict_order_is_kept)
{
    run("x = {}\n"
        "for k in ['zeta', 'alpha', 'mu', 9, 'beta']:\n"
        "    x[k] = len(str(k))\n"
        "del x['mu']\n"
        "x['mu'] = 0\n");
    send_x();
    run("assert list(y.items()) == list(x.items()), y\n");
}
END_TEST

START_TEST(shared_references_stay_shared)
{
    run("s = 'shared text'\n"
        "inner = [1]\n"
        "x = [inner, inner, (inner, s), {'k': inner}, s]\n");
    send_x();
    run("assert y == x\n"
        "assert y[0] is y[1] and y[2][0] is y[0] and y[3]['k'] is y[0]\n"
        "assert y[2][1] is y[4]\n"
        "y[0].append(2)\n"
        "assert y[1] == [1, 2]\n");
}
END_TEST

START_TEST(cycles_keep_their_shape)
{
    run("a = []\n"
        "a.append(a)\n"
        "d = {}\n"
        "d['self'] = d\n"
        "l = []\n"
        "t = (l, 'tail')\n"
        "l.append(t)\n"
        "x = [a, d, t]\n");
    send_x();
    run("a2, d2, t2 = y\n"
        "assert a2[0] is a2 and len(a2) == 1\n"
        "assert d2['self'] is d2\n"
        "assert t2[0][0] is t2 and t2[1] == 'tail'\n");
}
END_TEST

/* Deeper than any C stack could recurse; less under stress, where every
 * allocation marks the whole heap. */
START_TEST(deep_nesting_does_not_recurse)
{
    int depth = interp->heap.stress ? 3000 : 300000;
    set("n", INT_VAL(depth));
    run("x = []\n"
        "for i in range(n):\n"
        "    x = [x]\n"
        "z = {}\n"
        "for i in range(n // 3):\n"
        "    z = {'k': (z,)}\n");
    send_x();
    Value y = get("y");
    int seen = 0;
    while (IS_LIST(y) && AS_LIST(y)->len == 1) {
        y = AS_LIST(y)->items[0];
        seen++;
    }
    ck_assert_int_eq(seen, depth);
    ck_assert(IS_LIST(y) && AS_LIST(y)->len == 0);
    set("z2", round_trip(get("z")));
    run("k = 0\n"
        "w = z2\n"
        "while w:\n"
        "    w = w['k'][0]\n"
        "    k += 1\n"
        "assert k == n // 3, k\n");
}
END_TEST

/* ------------------------------------------------------ bad input data */

START_TEST(every_truncation_is_a_value_error)
{
    run("class P:\n"
        "    pass\n"
        "p = P()\n"
        "p.v = [1.5, 'é', b'b', 2**70, -7]\n"
        "x = [p, p, {'a': (1, {2}), 'b': frozenset({3})}, ValueError('m'),"
        " len, None, True]\n");
    size_t len;
    char *data = dump_global("x", &len);
    for (size_t cut = 0; cut < len; cut++) {
        Value r = serial_load(ts, data, cut);
        ck_assert_msg(IS_ERR(r), "a cut at %zu of %zu loaded", cut, len);
        ck_assert_msg(exc_matches(ts, TYPE(ts, ValueError)),
                      "a cut at %zu raised another error", cut);
        exc_clear(ts);
    }
    Value whole = serial_load(ts, data, len);
    ck_assert(!IS_ERR(whole));
    set("y", whole);
    run("assert y[0] is y[1] and y[0].v == p.v and y[2] == x[2]\n"
        "assert type(y[3]) is ValueError and y[4] is len\n");
    free(data);
}
END_TEST

START_TEST(wrong_version_magic_and_trailing_bytes)
{
    set("x", INT_VAL(1));
    size_t len;
    char *data = dump_global("x", &len);
    char buf[512];

    data[4] = SERIAL_VERSION + 1;
    ck_assert(IS_ERR(serial_load(ts, data, len)));
    pending_text(buf, sizeof buf);
    ck_assert_str_eq(buf, "ValueError: serialized data has format version 2, "
                          "but this mpy reads version 1");
    data[4] = SERIAL_VERSION;

    data[0] = 'X';
    ck_assert(IS_ERR(serial_load(ts, data, len)));
    pending_text(buf, sizeof buf);
    ck_assert_str_eq(buf, "ValueError: data is not serialized mpy values "
                          "(bad magic bytes)");
    data[0] = 'M';

    char *longer = malloc(len + 2);
    memcpy(longer, data, len);
    longer[len] = 'N';
    longer[len + 1] = 'N';
    ck_assert(IS_ERR(serial_load(ts, longer, len + 2)));
    pending_text(buf, sizeof buf);
    ck_assert_str_eq(buf, "ValueError: serialized data is corrupt: 2 bytes "
                          "after the value");
    free(longer);

    const char bad_ref[] = "MPYS\x01r\x05";
    ck_assert(IS_ERR(serial_load(ts, bad_ref, sizeof bad_ref - 1)));
    pending_text(buf, sizeof buf);
    ck_assert_str_eq(buf, "ValueError: serialized data is corrupt: a "
                          "reference to an object not yet read");

    const char huge[] = "MPYS\x01l\xff\xff\xff\xff\xff\xff\xff\xff\x7f";
    ck_assert(IS_ERR(serial_load(ts, huge, sizeof huge - 1)));
    pending_text(buf, sizeof buf);
    ck_assert_str_eq(buf, "ValueError: serialized data is truncated");

    const char not_utf8[] = "MPYS\x01s\x02\xc3\x28";
    ck_assert(IS_ERR(serial_load(ts, not_utf8, sizeof not_utf8 - 1)));
    pending_text(buf, sizeof buf);
    ck_assert_str_eq(buf, "ValueError: serialized data is corrupt: a str is "
                          "not valid UTF-8");
    free(data);
}
END_TEST

/* Every byte of a dump changed to every other value: whatever happens,
 * it is a value or an exception, never a crash (run under ASan). */
START_TEST(damaged_bytes_never_crash)
{
    run("class P:\n"
        "    pass\n"
        "p = P()\n"
        "p.me = p\n"
        "x = [p, {'a': (1, 2**80)}, {3}, KeyError('k'), 'text']\n");
    size_t len;
    char *data = dump_global("x", &len);
    int step = interp->heap.stress ? 37 : 1;
    for (size_t i = 5; i < len; i++) {
        char saved = data[i];
        for (int b = 0; b < 256; b += step) {
            data[i] = (char)b;
            size_t roots = ts->roots.len;
            Value r = serial_load(ts, data, len);
            ck_assert_uint_eq(ts->roots.len, roots);
            if (IS_ERR(r))
                exc_clear(ts);
        }
        data[i] = saved;
    }
    free(data);
}
END_TEST

/* ------------------------------------------------ what cannot be sent */

START_TEST(lambdas_and_nested_functions_are_refused)
{
    run("f = lambda v: v\n"
        "def outer():\n"
        "    def inner():\n"
        "        pass\n"
        "    class Local:\n"
        "        pass\n"
        "    return inner, Local\n"
        "g, L = outer()\n"
        "def top():\n"
        "    pass\n"
        "top2 = top\n"
        "def top():\n"
        "    pass\n");
    expect_dump_error_like(get("f"),
                           "TypeError: cannot send function object to "
                           "another process: <function <lambda> at 0x",
                           "attribute lookup <lambda> on module sertest "
                           "failed");
    expect_dump_error_like(get("g"), "TypeError: cannot send function",
                           "attribute lookup outer.<locals>.inner on module "
                           "sertest failed");
    expect_dump_error_like(get("L"), "TypeError: cannot send type object",
                           "outer.<locals>.Local");
    expect_dump_error_like(get("top2"), "TypeError: cannot send function",
                           "attribute lookup top on module sertest gives "
                           "another object");
    /* Inside a container, the whole dump fails and leaves no bytes. */
    run("x = [1, 2, [f]]\n");
    expect_dump_error_like(get("x"), "TypeError: cannot send function",
                           "<lambda>");
}
END_TEST

START_TEST(process_bound_objects_are_refused)
{
    run("import _thread\n"
        "lk = _thread.allocate_lock()\n"
        "def gen():\n"
        "    yield 1\n"
        "gn = gen()\n"
        "it = iter([1])\n"
        "bm = [].append\n"
        "class MyList(list):\n"
        "    pass\n"
        "ml = MyList()\n"
        "tb = type(len)\n");
    expect_dump_error(get("lk"), "TypeError: cannot send lock object to "
                                 "another process");
    expect_dump_error(get("gn"), "TypeError: cannot send generator object "
                                 "to another process");
    expect_dump_error(OBJ_VAL(module), "TypeError: cannot send module object "
                                       "to another process");
    expect_dump_error(get("it"), "TypeError: cannot send list_iterator "
                                 "object to another process");
    expect_dump_error_like(get("bm"), "TypeError: cannot send ",
                           "only the functions of imported modules");
    expect_dump_error(get("ml"), "TypeError: cannot send MyList object to "
                                 "another process: only the built-in class "
                                 "itself can be sent, not a subclass");
    expect_dump_error_like(get("tb"), "TypeError: cannot send type object",
                           "<class 'builtin_function_or_method'>");
    run("x = {'lock': lk}\n");
    expect_dump_error_like(get("x"), "TypeError: cannot send ", "lock");
}
END_TEST

/* --------------------------------------------------------- exceptions */

START_TEST(exceptions_round_trip)
{
    run("class AppError(Exception):\n"
        "    def __init__(self, what, code):\n"
        "        super().__init__(what, code)\n"
        "        self.code = code\n"
        "class Outer:\n"
        "    class Inner(KeyError):\n"
        "        pass\n"
        "e1 = ValueError('bad value', 3)\n"
        "e2 = AppError('disk full', 28)\n"
        "e2.note = 'retry'\n"
        "e3 = Outer.Inner('key')\n"
        "e4 = OSError(2, 'No such file')\n"
        "try:\n"
        "    1 / 0\n"
        "except ZeroDivisionError as caught:\n"
        "    e5 = caught\n"
        "x = [e1, e2, e3, e4, e5, StopIteration(7), SystemExit(3)]\n");
    send_x();
    run("v1, v2, v3, v4, v5, v6, v7 = y\n"
        "assert type(v1) is ValueError and v1.args == ('bad value', 3)\n"
        "assert str(v1) == \"('bad value', 3)\"\n"
        "assert type(v2) is AppError and v2.args == ('disk full', 28)\n"
        "assert v2.code == 28 and v2.note == 'retry'\n"
        "assert type(v3) is Outer.Inner and isinstance(v3, KeyError)\n"
        "assert str(v3) == \"'key'\"\n"
        "assert v4.errno == 2 and v4.strerror == 'No such file'\n"
        "assert type(v5) is ZeroDivisionError\n"
        "assert str(v5) == 'division by zero'\n"
        "assert v6.value == 7 and v7.code == 3\n"
        "try:\n"
        "    raise v2\n"
        "except AppError as again:\n"
        "    assert again is v2\n");
}
END_TEST

/* ------------------------------------------- classes and their objects */

START_TEST(functions_and_classes_by_reference)
{
    run("import math\n"
        "def area(w, h):\n"
        "    return w * h\n"
        "class Shape:\n"
        "    def grow(self):\n"
        "        pass\n"
        "    @staticmethod\n"
        "    def unit():\n"
        "        return 1\n"
        "    class Kind:\n"
        "        pass\n"
        "x = [area, Shape, Shape.grow, Shape.unit, Shape.Kind, len, print,\n"
        "     int, ValueError, object, Ellipsis, NotImplemented, area,\n"
        "     math.sqrt, math.floor]\n");
    send_x();
    run("assert len(y) == len(x)\n"
        "for a, b in zip(x, y):\n"
        "    assert a is b, (a, b)\n");
}
END_TEST

START_TEST(instances_round_trip_without_init)
{
    run("class Point:\n"
        "    made = 0\n"
        "    def __init__(self, x, y):\n"
        "        Point.made += 1\n"
        "        self.x = x\n"
        "        self.y = y\n"
        "    def norm1(self):\n"
        "        return abs(self.x) + abs(self.y)\n"
        "class Node:\n"
        "    pass\n"
        "p = Point(3, -4)\n"
        "n = Node()\n"
        "n.me = n\n"
        "n.points = [p, p]\n"
        "n.data = {'origin': Point(0, 0)}\n"
        "x = [p, n, object()]\n");
    send_x();
    run("q, m, o = y\n"
        "assert Point.made == 2\n"
        "assert type(q) is Point and q is not p\n"
        "assert q.x == 3 and q.y == -4 and q.norm1() == 7\n"
        "assert q.__dict__ == {'x': 3, 'y': -4}\n"
        "assert type(m) is Node and m.me is m\n"
        "assert m.points[0] is q and m.points[1] is q\n"
        "assert m.data['origin'].x == 0\n"
        "assert type(o) is object\n");
}
END_TEST

START_TEST(missing_module_on_load_is_a_value_error)
{
    run("class Gone:\n"
        "    pass\n"
        "x = Gone()\n");
    size_t len;
    char *data = dump_global("x", &len);
    ck_assert(dict_del_str(interp->modules, module->name));
    ck_assert(IS_ERR(serial_load(ts, data, len)));
    char buf[512];
    pending_text(buf, sizeof buf);
    ck_assert_str_eq(buf, "ValueError: cannot load sertest.Gone: no such "
                          "object in sys.modules");
    free(data);
}
END_TEST

/* -------------------------------------------------------------- suite */

static void add_cases(TCase *tc)
{
    tcase_add_test(tc, scalars_round_trip);
    tcase_add_test(tc, small_ints_are_compact);
    tcase_add_test(tc, big_ints_round_trip);
    tcase_add_test(tc, strings_and_bytes_round_trip);
    tcase_add_test(tc, containers_round_trip);
    tcase_add_test(tc, dict_order_is_kept);
    tcase_add_test(tc, shared_references_stay_shared);
    tcase_add_test(tc, cycles_keep_their_shape);
    tcase_add_test(tc, deep_nesting_does_not_recurse);
    tcase_add_test(tc, every_truncation_is_a_value_error);
    tcase_add_test(tc, wrong_version_magic_and_trailing_bytes);
    tcase_add_test(tc, damaged_bytes_never_crash);
    tcase_add_test(tc, lambdas_and_nested_functions_are_refused);
    tcase_add_test(tc, process_bound_objects_are_refused);
    tcase_add_test(tc, exceptions_round_trip);
    tcase_add_test(tc, functions_and_classes_by_reference);
    tcase_add_test(tc, instances_round_trip_without_init);
    tcase_add_test(tc, missing_module_on_load_is_a_value_error);
}

static Suite *serial_suite(void)
{
    Suite *su = suite_create("serial");
    TCase *tc = tcase_create("normal");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    add_cases(tc);
    suite_add_tcase(su, tc);
    TCase *stress = tcase_create("stress");
    tcase_add_checked_fixture(stress, setup_stress, teardown);
    tcase_set_timeout(stress, 300);
    add_cases(stress);
    suite_add_tcase(su, stress);
    return su;
}

int main(void)
{
    return check_main_run(serial_suite());
}
