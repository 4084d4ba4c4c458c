/* test_builtins.c - builtins and native modules against CPython 3.11: the
 * random module's sequences for seeds 0, 1 and 42 (values printed by
 * python3), round() with banker's and decimal-correct rounding,
 * math.factorial(30), time.ctime's layout, min/max/sum messages, the
 * iterator builtins, files, and import errors.  Every case also runs with
 * the collector in stress mode (a collection at every allocation). */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "builtins.h"
#include "check_interp.h"
#include "dict.h"
#include "exc.h"
#include "gc.h"
#include "import.h"
#include "list.h"
#include "ops.h"
#include "str.h"
#include "tuple.h"

static void setup(void)
{
    setenv("TZ", "UTC", 1);
    tzset();
    check_interp_setup();
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

static Value s(const char *text)
{
    return keep(OBJ_VAL(str_from_cstr(ts, text)));
}

static Value builtin(const char *name)
{
    Value v;
    ck_assert_msg(dict_get_str(interp->builtins, str_intern_cstr(ts, name), &v),
                  "no builtin %s", name);
    return v;
}

static Value module(const char *name)
{
    Value m = import_module(ts, str_intern_cstr(ts, name), true);
    ck_assert_msg(!IS_ERR(m), "import %s failed", name);
    return keep(m);
}

static Value attr(Value obj, const char *name)
{
    ObjStr *n = str_intern_cstr(ts, name);
    keep(OBJ_VAL(n));
    Value v = obj_getattr(ts, obj, n);
    ck_assert_msg(!IS_ERR(v), "no attribute %s", name);
    return keep(v);
}

static Value call(Value f, int argc, Value *argv)
{
    return keep(obj_call(ts, f, argc, argv, NULL));
}

/* f(*argv, kw=argv[argc]) */
static Value call_kw(Value f, int argc, Value *argv, const char *kw)
{
    ObjStr *k = str_intern_cstr(ts, kw);
    keep(OBJ_VAL(k));
    ObjTuple *names = tuple_new(ts, 1);
    names->items[0] = OBJ_VAL(k);
    keep(OBJ_VAL(names));
    return keep(obj_call(ts, f, argc, argv, names));
}

static void check_repr(Value v, const char *expected)
{
    ck_assert_msg(!IS_ERR(v), "unexpected exception, wanted %s", expected);
    Value r = obj_repr(ts, v);
    ck_assert(!IS_ERR(r));
    ck_assert_str_eq(AS_STR(r)->data, expected);
}

/* The pending exception is [cls] with message [msg]; clears it. */
static void check_raises(Value v, ObjClass *cls, const char *msg)
{
    ck_assert(IS_ERR(v));
    ck_assert(exc_matches(ts, cls));
    Value e = exc_fetch(ts);
    PROTECT(ts, e);
    Value m = obj_str(ts, e);
    ck_assert(!IS_ERR(m));
    ck_assert_str_eq(AS_STR(m)->data, msg);
}

#define CALL(f, ...)                                                          \
    call((f), sizeof((Value[]){__VA_ARGS__}) / sizeof(Value),                 \
         (Value[]){__VA_ARGS__})

/* ------------------------------------------------------------- random */

typedef struct RandomCase {
    int seed;
    const char *random3;  /* [random() for _ in range(3)] */
    const char *randint5; /* [randint(1, 6) for _ in range(5)] */
    const char *randrange; /* randrange(0, 100, 7) */
    const char *choice;   /* choice('abcdef') */
    const char *shuffled; /* shuffle(list(range(10))) */
    const char *sample;   /* sample(range(1000), 4) */
} RandomCase;

static const RandomCase random_cases[] = {
    {0, "[0.8444218515250481, 0.7579544029403025, 0.420571580830845]",
     "[3, 5, 4, 4, 3]", "49", "'c'", "[5, 4, 8, 6, 0, 1, 7, 2, 3, 9]",
     "[317, 101, 747, 75]"},
    {1, "[0.13436424411240122, 0.8474337369372327, 0.763774618976614]",
     "[3, 1, 4, 4, 4]", "70", "'d'", "[4, 8, 2, 6, 5, 9, 0, 7, 1, 3]",
     "[272, 738, 821, 234]"},
    {42, "[0.6394267984578837, 0.025010755222666936, 0.27502931836911926]",
     "[2, 2, 6, 1, 6]", "77", "'e'", "[3, 5, 2, 4, 9, 8, 7, 0, 6, 1]",
     "[574, 203, 733, 665]"},
};

START_TEST(random_matches_cpython)
{
    const RandomCase *c = &random_cases[_i];
    Value random = module("random");
    CALL(attr(random, "seed"), INT_VAL(c->seed));
    ObjList *l = list_new(ts, 0);
    keep(OBJ_VAL(l));
    for (int i = 0; i < 3; i++)
        list_append(ts, l, call(attr(random, "random"), 0, NULL));
    check_repr(OBJ_VAL(l), c->random3);
    l = list_new(ts, 0);
    keep(OBJ_VAL(l));
    for (int i = 0; i < 5; i++)
        list_append(ts, l, CALL(attr(random, "randint"), INT_VAL(1),
                                INT_VAL(6)));
    check_repr(OBJ_VAL(l), c->randint5);
    check_repr(CALL(attr(random, "randrange"), INT_VAL(0), INT_VAL(100),
                    INT_VAL(7)),
               c->randrange);
    check_repr(CALL(attr(random, "choice"), s("abcdef")), c->choice);
    Value range10 = CALL(builtin("range"), INT_VAL(10));
    Value list10 = CALL(builtin("list"), range10);
    CALL(attr(random, "shuffle"), list10);
    check_repr(list10, c->shuffled);
    check_repr(CALL(attr(random, "sample"), CALL(builtin("range"),
                                                 INT_VAL(1000)),
                    INT_VAL(4)),
               c->sample);
}
END_TEST

START_TEST(random_instances)
{
    Value random = module("random");
    Value rng = CALL(attr(random, "Random"), INT_VAL(42));
    check_repr(call(attr(rng, "random"), 0, NULL), "0.6394267984578837");
    CALL(attr(random, "seed"), INT_VAL(1));
    check_repr(call(attr(rng, "random"), 0, NULL), "0.025010755222666936");
    check_repr(call(attr(random, "random"), 0, NULL), "0.13436424411240122");
}
END_TEST

START_TEST(random_errors)
{
    Value random = module("random");
    check_raises(CALL(attr(random, "choice"), keep(OBJ_VAL(list_new(ts, 0)))),
                 TYPE(ts, IndexError), "Cannot choose from an empty sequence");
    check_raises(CALL(attr(random, "randint"), INT_VAL(5), INT_VAL(1)),
                 TYPE(ts, ValueError),
                 "empty range for randrange() (5, 2, -3)");
}
END_TEST

/* -------------------------------------------------------------- round */

START_TEST(round_cases)
{
    Value round = builtin("round");
    check_repr(CALL(round, FLOAT_VAL(2.675), INT_VAL(2)), "2.67");
    check_repr(CALL(round, FLOAT_VAL(0.5)), "0");
    check_repr(CALL(round, FLOAT_VAL(1.5)), "2");
    check_repr(CALL(round, FLOAT_VAL(2.5)), "2");
    check_repr(CALL(round, FLOAT_VAL(-0.5)), "0");
    check_repr(CALL(round, FLOAT_VAL(0.125), INT_VAL(2)), "0.12");
    check_repr(CALL(round, FLOAT_VAL(0.375), INT_VAL(2)), "0.38");
    check_repr(CALL(round, FLOAT_VAL(3.14159), INT_VAL(3)), "3.142");
    check_repr(CALL(round, FLOAT_VAL(123.456), INT_VAL(-1)), "120.0");
    check_repr(CALL(round, FLOAT_VAL(-0.4), INT_VAL(0)), "-0.0");
    check_repr(CALL(round, FLOAT_VAL(1e20)), "100000000000000000000");
    check_repr(CALL(round, INT_VAL(1250), INT_VAL(-2)), "1200");
    check_repr(CALL(round, INT_VAL(1350), INT_VAL(-2)), "1400");
    check_repr(CALL(round, INT_VAL(-1250), INT_VAL(-2)), "-1200");
    check_repr(CALL(round, TRUE_VAL), "1");
    check_raises(CALL(round, s("a")), TYPE(ts, TypeError),
                 "type str doesn't define __round__ method");
}
END_TEST

/* --------------------------------------------------------- math, time */

START_TEST(math_factorial)
{
    Value math = module("math");
    check_repr(CALL(attr(math, "factorial"), INT_VAL(30)),
               "265252859812191058636308480000000");
    check_raises(CALL(attr(math, "factorial"), INT_VAL(-1)),
                 TYPE(ts, ValueError),
                 "factorial() not defined for negative values");
    check_raises(CALL(attr(math, "sqrt"), INT_VAL(-1)), TYPE(ts, ValueError),
                 "math domain error");
    check_repr(CALL(attr(math, "floor"), FLOAT_VAL(-0.5)), "-1");
    check_repr(CALL(attr(math, "comb"), INT_VAL(52), INT_VAL(5)), "2598960");
}
END_TEST

START_TEST(time_ctime_format)
{
    Value time = module("time");
    check_repr(CALL(attr(time, "ctime"), INT_VAL(0)),
               "'Thu Jan  1 00:00:00 1970'");
    check_repr(CALL(attr(time, "ctime"), FLOAT_VAL(1e9)),
               "'Sun Sep  9 01:46:40 2001'");
    check_repr(CALL(attr(time, "gmtime"), INT_VAL(0)),
               "time.struct_time(tm_year=1970, tm_mon=1, tm_mday=1, "
               "tm_hour=0, tm_min=0, tm_sec=0, tm_wday=3, tm_yday=1, "
               "tm_isdst=0)");
    check_repr(attr(module("sys"), "version_info"),
               "sys.version_info(major=3, minor=11, micro=0, "
               "releaselevel='final', serial=0)");
    Value now = call(attr(time, "ctime"), 0, NULL);
    ck_assert(IS_STR(now));
    ck_assert_uint_eq(AS_STR(now)->len, 24);
    ck_assert(AS_STR(now)->data[3] == ' ' && AS_STR(now)->data[7] == ' ');
}
END_TEST

/* ------------------------------------------------------------ builtins */

START_TEST(min_max_sum)
{
    Value l = keep(OBJ_VAL(list_from_array(
        ts, (Value[]){INT_VAL(3), INT_VAL(1), INT_VAL(2)}, 3)));
    check_repr(CALL(builtin("max"), l), "3");
    check_repr(CALL(builtin("min"), INT_VAL(3), INT_VAL(1), INT_VAL(2)), "1");
    check_repr(CALL(builtin("sum"), l), "6");
    check_raises(CALL(builtin("max"), keep(OBJ_VAL(list_new(ts, 0)))),
                 TYPE(ts, ValueError), "max() arg is an empty sequence");
    check_raises(call(builtin("min"), 0, NULL), TYPE(ts, TypeError),
                 "min expected at least 1 argument, got 0");
    check_raises(CALL(builtin("sum"), l, s("")), TYPE(ts, TypeError),
                 "sum() can't sum strings [use ''.join(seq) instead]");
    check_repr(call_kw(builtin("sorted"), 1, (Value[]){l, TRUE_VAL},
                       "reverse"),
               "[3, 2, 1]");
}
END_TEST

START_TEST(iterator_builtins)
{
    Value list = builtin("list");
    Value l = keep(OBJ_VAL(list_from_array(
        ts, (Value[]){INT_VAL(3), INT_VAL(1), INT_VAL(2)}, 3)));
    check_repr(CALL(list, CALL(builtin("enumerate"), l, INT_VAL(1))),
               "[(1, 3), (2, 1), (3, 2)]");
    check_repr(CALL(list, CALL(builtin("zip"), l, s("ab"))),
               "[(3, 'a'), (1, 'b')]");
    check_repr(CALL(list, CALL(builtin("map"), builtin("str"), l)),
               "['3', '1', '2']");
    check_repr(CALL(list, CALL(builtin("reversed"), l)), "[2, 1, 3]");
    check_repr(CALL(list, CALL(builtin("reversed"),
                               CALL(builtin("range"), INT_VAL(1), INT_VAL(10),
                                    INT_VAL(3)))),
               "[7, 4, 1]");
    check_repr(CALL(list, CALL(builtin("filter"), NONE_VAL, s("a b"))),
               "['a', ' ', 'b']");
    check_raises(CALL(builtin("ord"), s("ab")), TYPE(ts, TypeError),
                 "ord() expected a character, but string of length 2 found");
}
END_TEST

START_TEST(files_round_trip)
{
    char path[] = "/tmp/mpy_test_builtins_XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    Value f = CALL(builtin("open"), s(path), s("w"));
    check_repr(CALL(attr(f, "write"), s("one\ntwo\n")), "8");
    call_kw(builtin("print"), 2, (Value[]){s("three"), INT_VAL(3), f}, "file");
    call(attr(f, "close"), 0, NULL);
    check_raises(CALL(attr(f, "write"), s("x")), TYPE(ts, ValueError),
                 "I/O operation on closed file.");
    f = CALL(builtin("open"), s(path));
    check_repr(call(attr(f, "readline"), 0, NULL), "'one\\n'");
    check_repr(CALL(builtin("list"), f), "['two\\n', 'three 3\\n']");
    call(attr(f, "close"), 0, NULL);
    close(fd);
    remove(path);
    check_raises(CALL(builtin("open"), s("/nonexistent/x")),
                 TYPE(ts, FileNotFoundError),
                 "[Errno 2] No such file or directory: '/nonexistent/x'");
}
END_TEST

START_TEST(import_errors)
{
    Value r = import_module(ts, str_intern_cstr(ts, "no_such_module"), true);
    check_raises(r, TYPE(ts, ModuleNotFoundError),
                 "No module named 'no_such_module'");
    Value math = module("math");
    ObjStr *name = str_intern_cstr(ts, "nope");
    keep(OBJ_VAL(name));
    check_raises(import_from(ts, math, name), TYPE(ts, ImportError),
                 "cannot import name 'nope' from 'math' (unknown location)");
    ObjDict *d = dict_new(ts);
    keep(OBJ_VAL(d));
    ck_assert_int_eq(import_star(ts, math, d), 0);
    Value pi;
    ck_assert(dict_get_str(d, str_intern_cstr(ts, "pi"), &pi));
    check_repr(pi, "3.141592653589793");
}
END_TEST

static void add_cases(TCase *tc)
{
    tcase_add_loop_test(tc, random_matches_cpython, 0,
                        sizeof random_cases / sizeof random_cases[0]);
    tcase_add_test(tc, random_instances);
    tcase_add_test(tc, random_errors);
    tcase_add_test(tc, round_cases);
    tcase_add_test(tc, math_factorial);
    tcase_add_test(tc, time_ctime_format);
    tcase_add_test(tc, min_max_sum);
    tcase_add_test(tc, iterator_builtins);
    tcase_add_test(tc, files_round_trip);
    tcase_add_test(tc, import_errors);
}

static Suite *builtins_suite(void)
{
    Suite *su = suite_create("builtins");
    TCase *tc = tcase_create("normal");
    tcase_add_checked_fixture(tc, setup, teardown);
    add_cases(tc);
    suite_add_tcase(su, tc);
    TCase *stress = tcase_create("stress");
    tcase_add_checked_fixture(stress, setup_stress, teardown);
    tcase_set_timeout(stress, 60);
    add_cases(stress);
    suite_add_tcase(su, stress);
    return su;
}

int main(void)
{
    return check_main_run(builtins_suite());
}
