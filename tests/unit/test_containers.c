/* test_containers.c - lists, tuples, sets, ranges and slices: sort
 * stability, slice resolution and assignment, hashes and set order that
 * must match what python3 prints. */
#include "config.h"

#include <check.h>
#include <gmp.h>
#include <stdlib.h>
#include <string.h>

#include "check_interp.h"
#include "class.h"
#include "exc.h"
#include "gc.h"
#include "list.h"
#include "num.h"
#include "ops.h"
#include "range.h"
#include "set.h"
#include "str.h"
#include "tuple.h"

/* A list of the ints in [v] (terminated by INT64_MIN), rooted. */
static ObjList *ints(const int64_t *v)
{
    ObjList *l = list_new(ts, 0);
    PROTECT_OBJ(ts, l);
    for (; *v != INT64_MIN; v++)
        list_append(ts, l, INT_VAL(*v));
    return l;
}
#define INTS(...) ints((const int64_t[]){__VA_ARGS__, INT64_MIN})

static void assert_ints(ObjList *l, const int64_t *want)
{
    size_t n = 0;
    for (; want[n] != INT64_MIN; n++) {
        ck_assert_uint_gt(l->len, n);
        ck_assert(IS_INT(l->items[n]));
        ck_assert_int_eq(AS_INT(l->items[n]), want[n]);
    }
    ck_assert_uint_eq(l->len, n);
}
#define ASSERT_INTS(l, ...)                                                    \
    assert_ints(l, (const int64_t[]){__VA_ARGS__, INT64_MIN})

/* The pending exception's class name and first argument, then clear it. */
static void assert_raised(const char *cls, const char *msg)
{
    ck_assert(exc_pending(ts));
    Value e = exc_fetch(ts);
    ObjException *x = AS_EXCEPTION(e);
    ck_assert_str_eq(x->obj.cls->name->data, cls);
    if (msg != NULL) {
        ck_assert(x->args != NULL && x->args->len >= 1);
        ck_assert(IS_STR(x->args->items[0]));
        ck_assert_str_eq(AS_STR(x->args->items[0])->data, msg);
    }
}

static Value slice3(Value a, Value b, Value c)
{
    return slice_new(ts, a, b, c);
}

static const char *repr_of(Value v)
{
    Value r = obj_repr(ts, v);
    ck_assert(!IS_ERR(r));
    return AS_STR(r)->data;
}

/* -- sorting --------------------------------------------------------------- */

static Value neg_key(ThreadState *t, int argc, Value *argv, ObjTuple *kw)
{
    return INT_VAL(-AS_INT(argv[0]));
}

static Value first_key(ThreadState *t, int argc, Value *argv, ObjTuple *kw)
{
    return AS_TUPLE(argv[0])->items[0];
}

static Value failing_key(ThreadState *t, int argc, Value *argv, ObjTuple *kw)
{
    if (AS_INT(argv[0]) == 3)
        return RAISE(t, ValueError, "bad key");
    return argv[0];
}

START_TEST(sort_orders_ints_and_reverse)
{
    ObjList *l = INTS(5, 2, 8, -1, 2, 0);
    ck_assert_int_eq(list_sort(ts, l, UNDEF_VAL, false), 0);
    ASSERT_INTS(l, -1, 0, 2, 2, 5, 8);
    ck_assert_int_eq(list_sort(ts, l, NONE_VAL, true), 0);
    ASSERT_INTS(l, 8, 5, 2, 2, 0, -1);
    Value key = OBJ_VAL(native_new(ts, "neg", neg_key));
    PROTECT(ts, key);
    ck_assert_int_eq(list_sort(ts, l, key, false), 0);
    ASSERT_INTS(l, 8, 5, 2, 2, 0, -1);
    UNPROTECT(ts, 2);
}
END_TEST

/* Equal keys keep their original order, with and without reverse, as in
 * sorted(pairs, key=lambda p: p[0], reverse=...). */
START_TEST(sort_is_stable_with_key_and_reverse)
{
    static const int64_t k[] = {1, 0, 1, 0, 2, 1};
    ObjList *l = list_new(ts, 0);
    PROTECT_OBJ(ts, l);
    for (int i = 0; i < 6; i++) {
        ObjTuple *t = tuple_new(ts, 2);
        t->items[0] = INT_VAL(k[i]);
        t->items[1] = INT_VAL(i);
        list_append(ts, l, OBJ_VAL(t));
    }
    Value key = OBJ_VAL(native_new(ts, "first", first_key));
    PROTECT(ts, key);
    ck_assert_int_eq(list_sort(ts, l, key, false), 0);
    static const int64_t fwd[] = {1, 3, 0, 2, 5, 4};
    for (int i = 0; i < 6; i++)
        ck_assert_int_eq(AS_INT(AS_TUPLE(l->items[i])->items[1]), fwd[i]);
    ck_assert_int_eq(list_sort(ts, l, key, true), 0);
    static const int64_t rev[] = {4, 0, 2, 5, 1, 3};
    for (int i = 0; i < 6; i++)
        ck_assert_int_eq(AS_INT(AS_TUPLE(l->items[i])->items[1]), rev[i]);
    UNPROTECT(ts, 2);
}
END_TEST

START_TEST(sort_many_items)
{
    ObjList *l = list_new(ts, 0);
    PROTECT_OBJ(ts, l);
    unsigned x = 12345;
    for (int i = 0; i < 5000; i++) {
        x = x * 1103515245u + 12345u;
        list_append(ts, l, INT_VAL((x >> 8) % 1000));
    }
    ck_assert_int_eq(list_sort(ts, l, UNDEF_VAL, false), 0);
    ck_assert_uint_eq(l->len, 5000);
    for (size_t i = 1; i < l->len; i++)
        ck_assert_int_le(AS_INT(l->items[i - 1]), AS_INT(l->items[i]));
    UNPROTECT(ts, 1);
}
END_TEST

START_TEST(sort_failure_leaves_list_intact)
{
    ObjList *l = INTS(5, 4, 3, 2, 1);
    Value key = OBJ_VAL(native_new(ts, "bad", failing_key));
    PROTECT(ts, key);
    ck_assert_int_eq(list_sort(ts, l, key, false), -1);
    assert_raised("ValueError", "bad key");
    ASSERT_INTS(l, 5, 4, 3, 2, 1);

    ObjList *m = list_new(ts, 0);
    PROTECT_OBJ(ts, m);
    list_append(ts, m, INT_VAL(3));
    list_append(ts, m, OBJ_VAL(str_from_cstr(ts, "a")));
    list_append(ts, m, INT_VAL(1));
    ck_assert_int_eq(list_sort(ts, m, UNDEF_VAL, false), -1);
    assert_raised("TypeError",
                  "'<' not supported between instances of 'str' and 'int'");
    ck_assert_uint_eq(m->len, 3);
    ck_assert_int_eq(AS_INT(m->items[0]), 3);
    UNPROTECT(ts, 3);
}
END_TEST

/* -- indexing and slices --------------------------------------------------- */

START_TEST(list_index_errors)
{
    ObjList *l = INTS(1, 2, 3);
    ck_assert_int_eq(AS_INT(list_getitem(ts, l, INT_VAL(-1))), 3);
    ck_assert(IS_ERR(list_getitem(ts, l, INT_VAL(3))));
    assert_raised("IndexError", "list index out of range");
    ck_assert_int_eq(list_setitem(ts, l, INT_VAL(-4), INT_VAL(0)), -1);
    assert_raised("IndexError", "list assignment index out of range");
    ck_assert(IS_ERR(list_getitem(ts, l, FLOAT_VAL(1.0))));
    assert_raised("TypeError",
                  "list indices must be integers or slices, not float");
    UNPROTECT(ts, 1);
}
END_TEST

START_TEST(slice_assignment_grows_and_shrinks)
{
    ObjList *l = INTS(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    Value s = slice3(INT_VAL(2), INT_VAL(5), NONE_VAL);
    PROTECT(ts, s);
    ObjList *one = INTS(-1);
    ck_assert_int_eq(list_setitem(ts, l, s, OBJ_VAL(one)), 0);
    ASSERT_INTS(l, 0, 1, -1, 5, 6, 7, 8, 9);
    Value s2 = slice3(INT_VAL(0), INT_VAL(0), NONE_VAL);
    PROTECT(ts, s2);
    ObjList *three = INTS(7, 7, 7);
    ck_assert_int_eq(list_setitem(ts, l, s2, OBJ_VAL(three)), 0);
    ASSERT_INTS(l, 7, 7, 7, 0, 1, -1, 5, 6, 7, 8, 9);
    /* a[5:1] = x inserts at 5 */
    Value s3 = slice3(INT_VAL(5), INT_VAL(1), NONE_VAL);
    PROTECT(ts, s3);
    ck_assert_int_eq(list_setitem(ts, l, s3, OBJ_VAL(one)), 0);
    ASSERT_INTS(l, 7, 7, 7, 0, 1, -1, -1, 5, 6, 7, 8, 9);
    /* a[:] = a */
    Value all = slice3(NONE_VAL, NONE_VAL, NONE_VAL);
    PROTECT(ts, all);
    ck_assert_int_eq(list_setitem(ts, l, all, OBJ_VAL(l)), 0);
    ck_assert_uint_eq(l->len, 12);
    ck_assert_int_eq(list_delitem(ts, l, all), 0);
    ck_assert_uint_eq(l->len, 0);
    UNPROTECT(ts, 7);
}
END_TEST

START_TEST(extended_slice_assignment_and_deletion)
{
    ObjList *l = INTS(0, 1, 2, 3, 4, 5, 6);
    Value ev = slice3(NONE_VAL, NONE_VAL, INT_VAL(2));
    PROTECT(ts, ev);
    ObjList *two = INTS(1, 2);
    ck_assert_int_eq(list_setitem(ts, l, ev, OBJ_VAL(two)), -1);
    assert_raised("ValueError", "attempt to assign sequence of size 2 to "
                                "extended slice of size 4");
    ck_assert_int_eq(list_setitem(ts, l, ev, INT_VAL(5)), -1);
    assert_raised("TypeError", "must assign iterable to extended slice");
    Value one = slice3(INT_VAL(1), INT_VAL(2), NONE_VAL);
    PROTECT(ts, one);
    ck_assert_int_eq(list_setitem(ts, l, one, INT_VAL(5)), -1);
    assert_raised("TypeError", "can only assign an iterable");
    ObjList *four = INTS(10, 12, 14, 16);
    ck_assert_int_eq(list_setitem(ts, l, ev, OBJ_VAL(four)), 0);
    ASSERT_INTS(l, 10, 1, 12, 3, 14, 5, 16);
    Value back = slice3(NONE_VAL, NONE_VAL, INT_VAL(-3));
    PROTECT(ts, back);
    ck_assert_int_eq(list_delitem(ts, l, back), 0);
    ASSERT_INTS(l, 1, 12, 14, 5);
    Value zero = slice3(NONE_VAL, NONE_VAL, INT_VAL(0));
    PROTECT(ts, zero);
    ck_assert(IS_ERR(list_getitem(ts, l, zero)));
    assert_raised("ValueError", "slice step cannot be zero");
    UNPROTECT(ts, 7);
}
END_TEST

static Value big_int(int sign)
{
    mpz_t z;
    mpz_init(z);
    mpz_ui_pow_ui(z, 2, 70);
    if (sign < 0)
        mpz_neg(z, z);
    Value v = int_from_mpz(ts, z);
    mpz_clear(z);
    return v;
}

/* slice(a, b, c).indices(7) for every combination, from python3.  Each
 * row: a, b, c (NA = None, BIG = 2**70), then the resolved start, stop,
 * step and len(range(start, stop, step)). */
#define NA 1000001
#define BIG 1000002
START_TEST(slice_indices_match_python)
{
    static const int64_t table[][7] = {
        {NA, NA, NA, 0, 7, 1, 7},        {NA, NA, 2, 0, 7, 2, 4},
        {NA, NA, -1, 6, -1, -1, 7},      {NA, NA, -3, 6, -1, -3, 3},
        {NA, 0, NA, 0, 0, 1, 0},         {NA, 0, 2, 0, 0, 2, 0},
        {NA, 0, -1, 6, 0, -1, 6},        {NA, 0, -3, 6, 0, -3, 2},
        {NA, -1, NA, 0, 6, 1, 6},        {NA, -1, 2, 0, 6, 2, 3},
        {NA, -1, -1, 6, 6, -1, 0},       {NA, -1, -3, 6, 6, -3, 0},
        {NA, 3, NA, 0, 3, 1, 3},         {NA, 3, 2, 0, 3, 2, 2},
        {NA, 3, -1, 6, 3, -1, 3},        {NA, 3, -3, 6, 3, -3, 1},
        {NA, -3, NA, 0, 4, 1, 4},        {NA, -3, 2, 0, 4, 2, 2},
        {NA, -3, -1, 6, 4, -1, 2},       {NA, -3, -3, 6, 4, -3, 1},
        {NA, 10, NA, 0, 7, 1, 7},        {NA, 10, 2, 0, 7, 2, 4},
        {NA, 10, -1, 6, 6, -1, 0},       {NA, 10, -3, 6, 6, -3, 0},
        {NA, -10, NA, 0, 0, 1, 0},       {NA, -10, 2, 0, 0, 2, 0},
        {NA, -10, -1, 6, -1, -1, 7},     {NA, -10, -3, 6, -1, -3, 3},
        {NA, BIG, NA, 0, 7, 1, 7},       {NA, BIG, 2, 0, 7, 2, 4},
        {NA, BIG, -1, 6, 6, -1, 0},      {NA, BIG, -3, 6, 6, -3, 0},
        {NA, -BIG, NA, 0, 0, 1, 0},      {NA, -BIG, 2, 0, 0, 2, 0},
        {NA, -BIG, -1, 6, -1, -1, 7},    {NA, -BIG, -3, 6, -1, -3, 3},
        {0, NA, NA, 0, 7, 1, 7},         {0, NA, 2, 0, 7, 2, 4},
        {0, NA, -1, 0, -1, -1, 1},       {0, NA, -3, 0, -1, -3, 1},
        {0, 0, NA, 0, 0, 1, 0},          {0, 0, 2, 0, 0, 2, 0},
        {0, 0, -1, 0, 0, -1, 0},         {0, 0, -3, 0, 0, -3, 0},
        {0, -1, NA, 0, 6, 1, 6},         {0, -1, 2, 0, 6, 2, 3},
        {0, -1, -1, 0, 6, -1, 0},        {0, -1, -3, 0, 6, -3, 0},
        {0, 3, NA, 0, 3, 1, 3},          {0, 3, 2, 0, 3, 2, 2},
        {0, 3, -1, 0, 3, -1, 0},         {0, 3, -3, 0, 3, -3, 0},
        {0, -3, NA, 0, 4, 1, 4},         {0, -3, 2, 0, 4, 2, 2},
        {0, -3, -1, 0, 4, -1, 0},        {0, -3, -3, 0, 4, -3, 0},
        {0, 10, NA, 0, 7, 1, 7},         {0, 10, 2, 0, 7, 2, 4},
        {0, 10, -1, 0, 6, -1, 0},        {0, 10, -3, 0, 6, -3, 0},
        {0, -10, NA, 0, 0, 1, 0},        {0, -10, 2, 0, 0, 2, 0},
        {0, -10, -1, 0, -1, -1, 1},      {0, -10, -3, 0, -1, -3, 1},
        {0, BIG, NA, 0, 7, 1, 7},        {0, BIG, 2, 0, 7, 2, 4},
        {0, BIG, -1, 0, 6, -1, 0},       {0, BIG, -3, 0, 6, -3, 0},
        {0, -BIG, NA, 0, 0, 1, 0},       {0, -BIG, 2, 0, 0, 2, 0},
        {0, -BIG, -1, 0, -1, -1, 1},     {0, -BIG, -3, 0, -1, -3, 1},
        {-1, NA, NA, 6, 7, 1, 1},        {-1, NA, 2, 6, 7, 2, 1},
        {-1, NA, -1, 6, -1, -1, 7},      {-1, NA, -3, 6, -1, -3, 3},
        {-1, 0, NA, 6, 0, 1, 0},         {-1, 0, 2, 6, 0, 2, 0},
        {-1, 0, -1, 6, 0, -1, 6},        {-1, 0, -3, 6, 0, -3, 2},
        {-1, -1, NA, 6, 6, 1, 0},        {-1, -1, 2, 6, 6, 2, 0},
        {-1, -1, -1, 6, 6, -1, 0},       {-1, -1, -3, 6, 6, -3, 0},
        {-1, 3, NA, 6, 3, 1, 0},         {-1, 3, 2, 6, 3, 2, 0},
        {-1, 3, -1, 6, 3, -1, 3},        {-1, 3, -3, 6, 3, -3, 1},
        {-1, -3, NA, 6, 4, 1, 0},        {-1, -3, 2, 6, 4, 2, 0},
        {-1, -3, -1, 6, 4, -1, 2},       {-1, -3, -3, 6, 4, -3, 1},
        {-1, 10, NA, 6, 7, 1, 1},        {-1, 10, 2, 6, 7, 2, 1},
        {-1, 10, -1, 6, 6, -1, 0},       {-1, 10, -3, 6, 6, -3, 0},
        {-1, -10, NA, 6, 0, 1, 0},       {-1, -10, 2, 6, 0, 2, 0},
        {-1, -10, -1, 6, -1, -1, 7},     {-1, -10, -3, 6, -1, -3, 3},
        {-1, BIG, NA, 6, 7, 1, 1},       {-1, BIG, 2, 6, 7, 2, 1},
        {-1, BIG, -1, 6, 6, -1, 0},      {-1, BIG, -3, 6, 6, -3, 0},
        {-1, -BIG, NA, 6, 0, 1, 0},      {-1, -BIG, 2, 6, 0, 2, 0},
        {-1, -BIG, -1, 6, -1, -1, 7},    {-1, -BIG, -3, 6, -1, -3, 3},
        {3, NA, NA, 3, 7, 1, 4},         {3, NA, 2, 3, 7, 2, 2},
        {3, NA, -1, 3, -1, -1, 4},       {3, NA, -3, 3, -1, -3, 2},
        {3, 0, NA, 3, 0, 1, 0},          {3, 0, 2, 3, 0, 2, 0},
        {3, 0, -1, 3, 0, -1, 3},         {3, 0, -3, 3, 0, -3, 1},
        {3, -1, NA, 3, 6, 1, 3},         {3, -1, 2, 3, 6, 2, 2},
        {3, -1, -1, 3, 6, -1, 0},        {3, -1, -3, 3, 6, -3, 0},
        {3, 3, NA, 3, 3, 1, 0},          {3, 3, 2, 3, 3, 2, 0},
        {3, 3, -1, 3, 3, -1, 0},         {3, 3, -3, 3, 3, -3, 0},
        {3, -3, NA, 3, 4, 1, 1},         {3, -3, 2, 3, 4, 2, 1},
        {3, -3, -1, 3, 4, -1, 0},        {3, -3, -3, 3, 4, -3, 0},
        {3, 10, NA, 3, 7, 1, 4},         {3, 10, 2, 3, 7, 2, 2},
        {3, 10, -1, 3, 6, -1, 0},        {3, 10, -3, 3, 6, -3, 0},
        {3, -10, NA, 3, 0, 1, 0},        {3, -10, 2, 3, 0, 2, 0},
        {3, -10, -1, 3, -1, -1, 4},      {3, -10, -3, 3, -1, -3, 2},
        {3, BIG, NA, 3, 7, 1, 4},        {3, BIG, 2, 3, 7, 2, 2},
        {3, BIG, -1, 3, 6, -1, 0},       {3, BIG, -3, 3, 6, -3, 0},
        {3, -BIG, NA, 3, 0, 1, 0},       {3, -BIG, 2, 3, 0, 2, 0},
        {3, -BIG, -1, 3, -1, -1, 4},     {3, -BIG, -3, 3, -1, -3, 2},
        {-3, NA, NA, 4, 7, 1, 3},        {-3, NA, 2, 4, 7, 2, 2},
        {-3, NA, -1, 4, -1, -1, 5},      {-3, NA, -3, 4, -1, -3, 2},
        {-3, 0, NA, 4, 0, 1, 0},         {-3, 0, 2, 4, 0, 2, 0},
        {-3, 0, -1, 4, 0, -1, 4},        {-3, 0, -3, 4, 0, -3, 2},
        {-3, -1, NA, 4, 6, 1, 2},        {-3, -1, 2, 4, 6, 2, 1},
        {-3, -1, -1, 4, 6, -1, 0},       {-3, -1, -3, 4, 6, -3, 0},
        {-3, 3, NA, 4, 3, 1, 0},         {-3, 3, 2, 4, 3, 2, 0},
        {-3, 3, -1, 4, 3, -1, 1},        {-3, 3, -3, 4, 3, -3, 1},
        {-3, -3, NA, 4, 4, 1, 0},        {-3, -3, 2, 4, 4, 2, 0},
        {-3, -3, -1, 4, 4, -1, 0},       {-3, -3, -3, 4, 4, -3, 0},
        {-3, 10, NA, 4, 7, 1, 3},        {-3, 10, 2, 4, 7, 2, 2},
        {-3, 10, -1, 4, 6, -1, 0},       {-3, 10, -3, 4, 6, -3, 0},
        {-3, -10, NA, 4, 0, 1, 0},       {-3, -10, 2, 4, 0, 2, 0},
        {-3, -10, -1, 4, -1, -1, 5},     {-3, -10, -3, 4, -1, -3, 2},
        {-3, BIG, NA, 4, 7, 1, 3},       {-3, BIG, 2, 4, 7, 2, 2},
        {-3, BIG, -1, 4, 6, -1, 0},      {-3, BIG, -3, 4, 6, -3, 0},
        {-3, -BIG, NA, 4, 0, 1, 0},      {-3, -BIG, 2, 4, 0, 2, 0},
        {-3, -BIG, -1, 4, -1, -1, 5},    {-3, -BIG, -3, 4, -1, -3, 2},
        {10, NA, NA, 7, 7, 1, 0},        {10, NA, 2, 7, 7, 2, 0},
        {10, NA, -1, 6, -1, -1, 7},      {10, NA, -3, 6, -1, -3, 3},
        {10, 0, NA, 7, 0, 1, 0},         {10, 0, 2, 7, 0, 2, 0},
        {10, 0, -1, 6, 0, -1, 6},        {10, 0, -3, 6, 0, -3, 2},
        {10, -1, NA, 7, 6, 1, 0},        {10, -1, 2, 7, 6, 2, 0},
        {10, -1, -1, 6, 6, -1, 0},       {10, -1, -3, 6, 6, -3, 0},
        {10, 3, NA, 7, 3, 1, 0},         {10, 3, 2, 7, 3, 2, 0},
        {10, 3, -1, 6, 3, -1, 3},        {10, 3, -3, 6, 3, -3, 1},
        {10, -3, NA, 7, 4, 1, 0},        {10, -3, 2, 7, 4, 2, 0},
        {10, -3, -1, 6, 4, -1, 2},       {10, -3, -3, 6, 4, -3, 1},
        {10, 10, NA, 7, 7, 1, 0},        {10, 10, 2, 7, 7, 2, 0},
        {10, 10, -1, 6, 6, -1, 0},       {10, 10, -3, 6, 6, -3, 0},
        {10, -10, NA, 7, 0, 1, 0},       {10, -10, 2, 7, 0, 2, 0},
        {10, -10, -1, 6, -1, -1, 7},     {10, -10, -3, 6, -1, -3, 3},
        {10, BIG, NA, 7, 7, 1, 0},       {10, BIG, 2, 7, 7, 2, 0},
        {10, BIG, -1, 6, 6, -1, 0},      {10, BIG, -3, 6, 6, -3, 0},
        {10, -BIG, NA, 7, 0, 1, 0},      {10, -BIG, 2, 7, 0, 2, 0},
        {10, -BIG, -1, 6, -1, -1, 7},    {10, -BIG, -3, 6, -1, -3, 3},
        {-10, NA, NA, 0, 7, 1, 7},       {-10, NA, 2, 0, 7, 2, 4},
        {-10, NA, -1, -1, -1, -1, 0},    {-10, NA, -3, -1, -1, -3, 0},
        {-10, 0, NA, 0, 0, 1, 0},        {-10, 0, 2, 0, 0, 2, 0},
        {-10, 0, -1, -1, 0, -1, 0},      {-10, 0, -3, -1, 0, -3, 0},
        {-10, -1, NA, 0, 6, 1, 6},       {-10, -1, 2, 0, 6, 2, 3},
        {-10, -1, -1, -1, 6, -1, 0},     {-10, -1, -3, -1, 6, -3, 0},
        {-10, 3, NA, 0, 3, 1, 3},        {-10, 3, 2, 0, 3, 2, 2},
        {-10, 3, -1, -1, 3, -1, 0},      {-10, 3, -3, -1, 3, -3, 0},
        {-10, -3, NA, 0, 4, 1, 4},       {-10, -3, 2, 0, 4, 2, 2},
        {-10, -3, -1, -1, 4, -1, 0},     {-10, -3, -3, -1, 4, -3, 0},
        {-10, 10, NA, 0, 7, 1, 7},       {-10, 10, 2, 0, 7, 2, 4},
        {-10, 10, -1, -1, 6, -1, 0},     {-10, 10, -3, -1, 6, -3, 0},
        {-10, -10, NA, 0, 0, 1, 0},      {-10, -10, 2, 0, 0, 2, 0},
        {-10, -10, -1, -1, -1, -1, 0},   {-10, -10, -3, -1, -1, -3, 0},
        {-10, BIG, NA, 0, 7, 1, 7},      {-10, BIG, 2, 0, 7, 2, 4},
        {-10, BIG, -1, -1, 6, -1, 0},    {-10, BIG, -3, -1, 6, -3, 0},
        {-10, -BIG, NA, 0, 0, 1, 0},     {-10, -BIG, 2, 0, 0, 2, 0},
        {-10, -BIG, -1, -1, -1, -1, 0},  {-10, -BIG, -3, -1, -1, -3, 0},
        {BIG, NA, NA, 7, 7, 1, 0},       {BIG, NA, 2, 7, 7, 2, 0},
        {BIG, NA, -1, 6, -1, -1, 7},     {BIG, NA, -3, 6, -1, -3, 3},
        {BIG, 0, NA, 7, 0, 1, 0},        {BIG, 0, 2, 7, 0, 2, 0},
        {BIG, 0, -1, 6, 0, -1, 6},       {BIG, 0, -3, 6, 0, -3, 2},
        {BIG, -1, NA, 7, 6, 1, 0},       {BIG, -1, 2, 7, 6, 2, 0},
        {BIG, -1, -1, 6, 6, -1, 0},      {BIG, -1, -3, 6, 6, -3, 0},
        {BIG, 3, NA, 7, 3, 1, 0},        {BIG, 3, 2, 7, 3, 2, 0},
        {BIG, 3, -1, 6, 3, -1, 3},       {BIG, 3, -3, 6, 3, -3, 1},
        {BIG, -3, NA, 7, 4, 1, 0},       {BIG, -3, 2, 7, 4, 2, 0},
        {BIG, -3, -1, 6, 4, -1, 2},      {BIG, -3, -3, 6, 4, -3, 1},
        {BIG, 10, NA, 7, 7, 1, 0},       {BIG, 10, 2, 7, 7, 2, 0},
        {BIG, 10, -1, 6, 6, -1, 0},      {BIG, 10, -3, 6, 6, -3, 0},
        {BIG, -10, NA, 7, 0, 1, 0},      {BIG, -10, 2, 7, 0, 2, 0},
        {BIG, -10, -1, 6, -1, -1, 7},    {BIG, -10, -3, 6, -1, -3, 3},
        {BIG, BIG, NA, 7, 7, 1, 0},      {BIG, BIG, 2, 7, 7, 2, 0},
        {BIG, BIG, -1, 6, 6, -1, 0},     {BIG, BIG, -3, 6, 6, -3, 0},
        {BIG, -BIG, NA, 7, 0, 1, 0},     {BIG, -BIG, 2, 7, 0, 2, 0},
        {BIG, -BIG, -1, 6, -1, -1, 7},   {BIG, -BIG, -3, 6, -1, -3, 3},
        {-BIG, NA, NA, 0, 7, 1, 7},      {-BIG, NA, 2, 0, 7, 2, 4},
        {-BIG, NA, -1, -1, -1, -1, 0},   {-BIG, NA, -3, -1, -1, -3, 0},
        {-BIG, 0, NA, 0, 0, 1, 0},       {-BIG, 0, 2, 0, 0, 2, 0},
        {-BIG, 0, -1, -1, 0, -1, 0},     {-BIG, 0, -3, -1, 0, -3, 0},
        {-BIG, -1, NA, 0, 6, 1, 6},      {-BIG, -1, 2, 0, 6, 2, 3},
        {-BIG, -1, -1, -1, 6, -1, 0},    {-BIG, -1, -3, -1, 6, -3, 0},
        {-BIG, 3, NA, 0, 3, 1, 3},       {-BIG, 3, 2, 0, 3, 2, 2},
        {-BIG, 3, -1, -1, 3, -1, 0},     {-BIG, 3, -3, -1, 3, -3, 0},
        {-BIG, -3, NA, 0, 4, 1, 4},      {-BIG, -3, 2, 0, 4, 2, 2},
        {-BIG, -3, -1, -1, 4, -1, 0},    {-BIG, -3, -3, -1, 4, -3, 0},
        {-BIG, 10, NA, 0, 7, 1, 7},      {-BIG, 10, 2, 0, 7, 2, 4},
        {-BIG, 10, -1, -1, 6, -1, 0},    {-BIG, 10, -3, -1, 6, -3, 0},
        {-BIG, -10, NA, 0, 0, 1, 0},     {-BIG, -10, 2, 0, 0, 2, 0},
        {-BIG, -10, -1, -1, -1, -1, 0},  {-BIG, -10, -3, -1, -1, -3, 0},
        {-BIG, BIG, NA, 0, 7, 1, 7},     {-BIG, BIG, 2, 0, 7, 2, 4},
        {-BIG, BIG, -1, -1, 6, -1, 0},   {-BIG, BIG, -3, -1, 6, -3, 0},
        {-BIG, -BIG, NA, 0, 0, 1, 0},    {-BIG, -BIG, 2, 0, 0, 2, 0},
        {-BIG, -BIG, -1, -1, -1, -1, 0}, {-BIG, -BIG, -3, -1, -1, -3, 0},
    };
    Value bigp = big_int(1);
    PROTECT(ts, bigp);
    Value bign = big_int(-1);
    PROTECT(ts, bign);
    for (size_t r = 0; r < sizeof table / sizeof table[0]; r++) {
        Value v[3];
        for (int k = 0; k < 3; k++) {
            int64_t x = table[r][k];
            v[k] = x == NA     ? NONE_VAL
                   : x == BIG  ? bigp
                   : x == -BIG ? bign
                               : INT_VAL(x);
        }
        Value s = slice3(v[0], v[1], v[2]);
        int64_t start, stop, step;
        int64_t n = slice_indices(ts, AS_SLICE(s), 7, &start, &stop, &step);
        ck_assert_msg(n == table[r][6] && start == table[r][3] &&
                          stop == table[r][4] && step == table[r][5],
                      "row %zu: got %lld %lld %lld n=%lld", r, (long long)start,
                      (long long)stop, (long long)step, (long long)n);
    }
    UNPROTECT(ts, 2);
}
END_TEST

START_TEST(slice_bad_types)
{
    Value s = slice3(INT_VAL(0), FLOAT_VAL(1.5), NONE_VAL);
    PROTECT(ts, s);
    int64_t a, b, c;
    ck_assert_int_eq(slice_indices(ts, AS_SLICE(s), 3, &a, &b, &c), -1);
    assert_raised("TypeError", "slice indices must be integers or None or "
                               "have an __index__ method");
    ck_assert_str_eq(repr_of(s), "slice(0, 1.5, None)");
    UNPROTECT(ts, 1);
}
END_TEST

START_TEST(list_repeat_too_big_is_memory_error)
{
    ObjList *l = INTS(0);
    ck_assert_ptr_null(list_repeat(ts, l, 1000000000000LL));
    assert_raised("MemoryError", NULL);
    ObjList *r = list_repeat(ts, l, 3);
    ck_assert_ptr_nonnull(r);
    ck_assert_uint_eq(r->len, 3);
    UNPROTECT(ts, 1);
}
END_TEST

START_TEST(list_repr_and_recursion_guard)
{
    ObjList *l = INTS(1, 2);
    list_append(ts, l, OBJ_VAL(l));
    ck_assert_str_eq(repr_of(OBJ_VAL(l)), "[1, 2, [...]]");
    ObjList *e = list_new(ts, 0);
    ck_assert_str_eq(repr_of(OBJ_VAL(e)), "[]");
    UNPROTECT(ts, 1);
}
END_TEST

/* -- tuples ---------------------------------------------------------------- */

static ObjTuple *tup(int n, const Value *items)
{
    return tuple_from_array(ts, items, (size_t)n);
}

START_TEST(tuple_hash_matches_python)
{
    uint64_t h;
    Value v12[] = {INT_VAL(1), INT_VAL(2)};
    ObjTuple *t = tup(2, v12);
    PROTECT_OBJ(ts, t);
    ck_assert_int_eq(tuple_hash(ts, t, &h), 0);
    ck_assert_int_eq((int64_t)h, -3550055125485641917LL);
    ck_assert_int_eq(tuple_hash(ts, tuple_new(ts, 0), &h), 0);
    ck_assert_int_eq((int64_t)h, 5740354900026072187LL);
    Value vm1[] = {INT_VAL(-1)};
    ck_assert_int_eq(tuple_hash(ts, tup(1, vm1), &h), 0);
    ck_assert_int_eq((int64_t)h, 8078679518589016365LL);
    Value v123[] = {INT_VAL(1), INT_VAL(2), INT_VAL(3)};
    ck_assert_int_eq(tuple_hash(ts, tup(3, v123), &h), 0);
    ck_assert_int_eq((int64_t)h, 529344067295497451LL);
    Value nested[] = {OBJ_VAL(t), INT_VAL(3)};
    ck_assert_int_eq(tuple_hash(ts, tup(2, nested), &h), 0);
    ck_assert_int_eq((int64_t)h, -333907151259015829LL);
    Value mixed[] = {TRUE_VAL, FLOAT_VAL(1.5)};
    ck_assert_int_eq(tuple_hash(ts, tup(2, mixed), &h), 0);
    ck_assert_int_eq((int64_t)h, -1712348012903188502LL);
    Value bad[] = {OBJ_VAL(list_new(ts, 0))};
    PROTECT(ts, bad[0]);
    ck_assert_int_eq(tuple_hash(ts, tup(1, bad), &h), -1);
    assert_raised("TypeError", "unhashable type: 'list'");
    UNPROTECT(ts, 2);
}
END_TEST

START_TEST(tuple_repr_and_slicing)
{
    Value v[] = {INT_VAL(1), INT_VAL(2), INT_VAL(3)};
    ObjTuple *t = tup(3, v);
    PROTECT_OBJ(ts, t);
    ck_assert_str_eq(repr_of(OBJ_VAL(tup(1, v))), "(1,)");
    ck_assert_str_eq(repr_of(OBJ_VAL(tuple_new(ts, 0))), "()");
    Value s = slice3(NONE_VAL, NONE_VAL, INT_VAL(-1));
    PROTECT(ts, s);
    ck_assert_str_eq(repr_of(tuple_getitem(ts, t, s)), "(3, 2, 1)");
    ck_assert(IS_ERR(tuple_getitem(ts, t, INT_VAL(3))));
    assert_raised("IndexError", "tuple index out of range");
    UNPROTECT(ts, 2);
}
END_TEST

/* -- sets ------------------------------------------------------------------ */

static ObjSet *int_set(const int64_t *v)
{
    ObjSet *s = set_new(ts, false);
    PROTECT_OBJ(ts, s);
    for (; *v != INT64_MIN; v++)
        ck_assert_int_eq(set_add(ts, s, INT_VAL(*v)), 0);
    return s;
}
#define SET(...) int_set((const int64_t[]){__VA_ARGS__, INT64_MIN})

START_TEST(set_order_matches_python_for_small_ints)
{
    ck_assert_str_eq(repr_of(OBJ_VAL(SET(3, 1, 2))), "{1, 2, 3}");
    ck_assert_str_eq(repr_of(OBJ_VAL(SET(10, 3, 100))), "{10, 3, 100}");
    ck_assert_str_eq(repr_of(OBJ_VAL(SET(-1, -2, 5))), "{5, -1, -2}");
    ck_assert_str_eq(repr_of(OBJ_VAL(SET(8, 16, 0, 24))), "{8, 16, 0, 24}");
    /* s = set(); s.add(x) for x in (100, 200, 300, 17, 33) */
    ObjSet *added = SET(100, 200, 300, 17, 33);
    ck_assert_str_eq(repr_of(OBJ_VAL(added)), "{33, 100, 200, 300, 17}");
    /* The literal {100, 200, 300, 17, 33} is compiled by CPython as a
       frozenset constant merged into a new set: the table is rebuilt at
       another size and the order changes. */
    ObjSet *frozen = set_from_iterable(ts, OBJ_VAL(added), true);
    PROTECT_OBJ(ts, frozen);
    ObjSet *literal = set_new(ts, false);
    PROTECT_OBJ(ts, literal);
    ck_assert_int_eq(set_update(ts, literal, OBJ_VAL(frozen)), 0);
    ck_assert_str_eq(repr_of(OBJ_VAL(literal)), "{33, 17, 100, 200, 300}");
    ck_assert_str_eq(
        repr_of(OBJ_VAL(SET(0, 7, 14, 21, 28, 35, 42, 49, 56, 63))),
        "{0, 35, 7, 42, 14, 49, 21, 56, 28, 63}");
    ObjSet *r = SET(20, 19, 18, 17, 16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5,
                    4, 3, 2, 1);
    ck_assert_str_eq(repr_of(OBJ_VAL(r)),
                     "{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, "
                     "17, 18, 19, 20}");
    /* a deleted slot is reused: {0, 8} - {0} + {16} prints {16, 8} */
    ObjSet *d = SET(0, 8);
    ck_assert_int_eq(set_discard(ts, d, INT_VAL(0)), 0);
    ck_assert_int_eq(set_add(ts, d, INT_VAL(16)), 0);
    ck_assert_str_eq(repr_of(OBJ_VAL(d)), "{16, 8}");
    UNPROTECT(ts, 10);
}
END_TEST

START_TEST(set_algebra_matches_python)
{
    ObjSet *a = SET(1, 2, 3), *b = SET(100, 7);
    ck_assert_str_eq(repr_of(set_binary_op(ts, BIN_OR, a, b, false)),
                     "{1, 2, 3, 100, 7}");
    ObjSet *c = SET(1, 2, 3, 40), *d = SET(40, 3, 1);
    ck_assert_str_eq(repr_of(set_binary_op(ts, BIN_AND, c, d, false)),
                     "{40, 1, 3}");
    ObjSet *e = SET(1);
    ck_assert_str_eq(repr_of(set_binary_op(ts, BIN_SUB, c, e, false)),
                     "{40, 2, 3}");
    ObjSet *f = SET(1, 2, 33), *g = SET(2, 5, 17);
    ck_assert_str_eq(repr_of(set_binary_op(ts, BIN_XOR, f, g, false)),
                     "{1, 33, 5, 17}");
    ck_assert(AS_BOOL(set_compare(ts, a, c, CMP_LT)));
    ck_assert(!AS_BOOL(set_compare(ts, a, a, CMP_LT)));
    ck_assert(AS_BOOL(set_compare(ts, c, a, CMP_GE)));
    ck_assert_int_eq(set_contains(ts, a, INT_VAL(2)), 1);
    ck_assert_int_eq(set_contains(ts, a, INT_VAL(9)), 0);
    ck_assert_int_eq(set_add(ts, a, OBJ_VAL(list_new(ts, 0))), -1);
    assert_raised("TypeError", "unhashable type: 'list'");
    UNPROTECT(ts, 7);
}
END_TEST

START_TEST(frozenset_hash_matches_python)
{
    ObjSet *s = set_new(ts, true);
    PROTECT_OBJ(ts, s);
    uint64_t h;
    ck_assert_int_eq(set_hash(ts, s, &h), 0);
    ck_assert_int_eq((int64_t)h, 133146708735736LL);
    for (int i = 1; i <= 3; i++)
        set_add(ts, s, INT_VAL(i));
    ck_assert_int_eq(set_hash(ts, s, &h), 0);
    ck_assert_int_eq((int64_t)h, -272375401224217160LL);
    ObjSet *m = set_new(ts, false);
    PROTECT_OBJ(ts, m);
    ck_assert_int_eq(set_hash(ts, m, &h), -1);
    assert_raised("TypeError", "unhashable type: 'set'");
    ck_assert_str_eq(repr_of(OBJ_VAL(s)), "frozenset({1, 2, 3})");
    ck_assert_str_eq(repr_of(OBJ_VAL(m)), "set()");
    UNPROTECT(ts, 2);
}
END_TEST

/* -- ranges ---------------------------------------------------------------- */

START_TEST(range_len_contains_and_slices)
{
    Value r = range_new(ts, 3, 20, 4);
    PROTECT(ts, r);
    ck_assert_int_eq(AS_RANGE(r)->len, 5);
    ck_assert_int_eq(range_contains(ts, AS_RANGE(r), INT_VAL(7)), 1);
    ck_assert_int_eq(range_contains(ts, AS_RANGE(r), INT_VAL(8)), 0);
    ck_assert_int_eq(range_contains(ts, AS_RANGE(r), INT_VAL(23)), 0);
    ck_assert_int_eq(range_contains(ts, AS_RANGE(r), FLOAT_VAL(11.0)), 1);
    ck_assert_int_eq(AS_INT(range_getitem(ts, AS_RANGE(r), INT_VAL(-1))), 19);
    Value rev = slice3(NONE_VAL, NONE_VAL, INT_VAL(-1));
    PROTECT(ts, rev);
    ck_assert_str_eq(repr_of(range_getitem(ts, AS_RANGE(r), rev)),
                     "range(19, -1, -4)");
    ck_assert_str_eq(repr_of(r), "range(3, 20, 4)");
    Value d = range_new(ts, 10, 0, -3);
    PROTECT(ts, d);
    ck_assert_int_eq(AS_RANGE(d)->len, 4);
    ck_assert_int_eq(range_contains(ts, AS_RANGE(d), INT_VAL(1)), 1);
    ck_assert_int_eq(range_contains(ts, AS_RANGE(d), INT_VAL(0)), 0);
    Value huge = range_new(ts, 0, INT64_MAX, 1);
    PROTECT(ts, huge);
    ck_assert_int_eq(range_contains(ts, AS_RANGE(huge), INT_VAL(INT64_MAX - 1)),
                     1);
    ck_assert(IS_ERR(range_new(ts, 0, 10, 0)));
    assert_raised("ValueError", "range() arg 3 must not be zero");
    ck_assert_str_eq(repr_of(range_new(ts, 0, 10, 1)), "range(0, 10)");
    UNPROTECT(ts, 4);
}
END_TEST

static void add_tests(TCase *tc)
{
    tcase_add_test(tc, sort_orders_ints_and_reverse);
    tcase_add_test(tc, sort_is_stable_with_key_and_reverse);
    tcase_add_test(tc, sort_many_items);
    tcase_add_test(tc, sort_failure_leaves_list_intact);
    tcase_add_test(tc, list_index_errors);
    tcase_add_test(tc, slice_assignment_grows_and_shrinks);
    tcase_add_test(tc, extended_slice_assignment_and_deletion);
    tcase_add_test(tc, slice_indices_match_python);
    tcase_add_test(tc, slice_bad_types);
    tcase_add_test(tc, list_repeat_too_big_is_memory_error);
    tcase_add_test(tc, list_repr_and_recursion_guard);
    tcase_add_test(tc, tuple_hash_matches_python);
    tcase_add_test(tc, tuple_repr_and_slicing);
    tcase_add_test(tc, set_order_matches_python_for_small_ints);
    tcase_add_test(tc, set_algebra_matches_python);
    tcase_add_test(tc, frozenset_hash_matches_python);
    tcase_add_test(tc, range_len_contains_and_slices);
}

static Suite *containers_suite(void)
{
    Suite *s = suite_create("containers");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, check_interp_setup,
                              check_interp_teardown_strict);
    add_tests(tc);
    suite_add_tcase(s, tc);
    TCase *stress = tcase_create("stress");
    tcase_add_checked_fixture(stress, check_interp_setup_stress,
                              check_interp_teardown_strict);
    tcase_set_timeout(stress, 60);
    add_tests(stress);
    suite_add_tcase(s, stress);
    return s;
}

int main(void)
{
    return check_main_run(containers_suite());
}
