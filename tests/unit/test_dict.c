/* test_dict.c - the compact dict: insertion order through deletes and
 * re-inserts, staying fast on 100000 similar keys, tombstones compacted
 * on resize, the str fast path, and 1 == 1.0 == True as one key. */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "check_interp.h"
#include "dict.h"
#include "exc.h"
#include "gc.h"
#include "list.h"
#include "ops.h"
#include "str.h"
#include "tuple.h"

static Value s(const char *text)
{
    return OBJ_VAL(str_from_cstr(ts, text));
}

static ObjDict *new_dict(void)
{
    ObjDict *d = dict_new(ts);
    ck_assert_ptr_nonnull(d);
    PROTECT_OBJ(ts, d);
    return d;
}

static void set_str(ObjDict *d, const char *k, Value v)
{
    Value key = s(k);
    PROTECT(ts, key);
    ck_assert_int_eq(dict_set(ts, d, key, v), 0);
    UNPROTECT(ts, 1);
}

/* The keys of [d] in iteration order, joined by spaces. */
static const char *key_order(ObjDict *d, char *buf, size_t size)
{
    size_t pos = 0, n = 0;
    Value k;
    buf[0] = '\0';
    while (dict_next(d, &pos, &k, NULL)) {
        ck_assert(IS_STR(k));
        n += (size_t)snprintf(buf + n, size - n, "%s%s", n ? " " : "",
                              AS_STR(k)->data);
    }
    return buf;
}

static void assert_raised(const char *cls, const char *msg)
{
    ck_assert(exc_pending(ts));
    ObjException *x = AS_EXCEPTION(exc_fetch(ts));
    ck_assert_str_eq(x->obj.cls->name->data, cls);
    if (msg != NULL) {
        ck_assert(x->args != NULL && x->args->len >= 1);
        ck_assert_str_eq(AS_STR(x->args->items[0])->data, msg);
    }
}

START_TEST(insertion_order_survives_delete_and_reinsert)
{
    char buf[256];
    ObjDict *d = new_dict();
    set_str(d, "a", INT_VAL(1));
    set_str(d, "b", INT_VAL(2));
    set_str(d, "c", INT_VAL(3));
    Value a = s("a");
    PROTECT(ts, a);
    ck_assert_int_eq(dict_del(ts, d, a), 1);
    ck_assert_int_eq(dict_del(ts, d, a), 0);
    set_str(d, "a", INT_VAL(4));
    set_str(d, "b", INT_VAL(5)); /* replacing keeps the position */
    ck_assert_str_eq(key_order(d, buf, sizeof buf), "b c a");
    ck_assert_uint_eq(d->len, 3);
    Value v;
    ck_assert_int_eq(dict_get(ts, d, a, &v), 1);
    ck_assert_int_eq(AS_INT(v), 4);
    /* Many more deletes and inserts: order is still insertion order. */
    for (int i = 0; i < 50; i++) {
        char k[16];
        snprintf(k, sizeof k, "x%d", i);
        set_str(d, k, INT_VAL(i));
        if (i % 3 == 0) {
            Value key = s(k);
            PROTECT(ts, key);
            ck_assert_int_eq(dict_del(ts, d, key), 1);
            UNPROTECT(ts, 1);
        }
    }
    key_order(d, buf, sizeof buf);
    ck_assert(strncmp(buf, "b c a x1 x2 x4 x5 x7", 20) == 0);
    UNPROTECT(ts, 2);
}
END_TEST

/* "k0".."k99999": a table that only grows when full, or probes without
 * mixing in the high bits, takes minutes here instead of milliseconds. */
START_TEST(hundred_thousand_similar_keys_stay_fast)
{
    /* A speed test: the stress build would collect at each of its
       allocations and make it quadratic. */
    interp->heap.stress = false;
    ObjDict *d = new_dict();
    char k[32];
    for (int i = 0; i < 100000; i++) {
        snprintf(k, sizeof k, "k%d", i);
        set_str(d, k, INT_VAL(i));
        ck_assert_uint_le(d->used, d->index_cap * 2 / 3);
    }
    ck_assert_uint_eq(d->len, 100000);
    for (int i = 0; i < 100000; i++) {
        snprintf(k, sizeof k, "k%d", i);
        ObjStr *key = str_from_cstr(ts, k);
        Value v;
        ck_assert(dict_get_str(d, key, &v));
        ck_assert_int_eq(AS_INT(v), i);
    }
    for (int i = 0; i < 100000; i += 2) {
        snprintf(k, sizeof k, "k%d", i);
        Value key = s(k);
        PROTECT(ts, key);
        ck_assert_int_eq(dict_del(ts, d, key), 1);
        UNPROTECT(ts, 1);
    }
    ck_assert_uint_eq(d->len, 50000);
    Value v;
    ck_assert(!dict_get_str(d, str_from_cstr(ts, "k0"), &v));
    ck_assert(dict_get_str(d, str_from_cstr(ts, "k99999"), &v));
    UNPROTECT(ts, 1);
}
END_TEST

/* Deleting leaves holes; churn must not grow the table without bound. */
START_TEST(tombstones_are_compacted_on_resize)
{
    char buf[64];
    ObjDict *d = new_dict();
    for (int i = 0; i < 10000; i++) {
        char k[32];
        snprintf(k, sizeof k, "t%d", i);
        set_str(d, k, INT_VAL(i));
        Value key = s(k);
        PROTECT(ts, key);
        ck_assert_int_eq(dict_del(ts, d, key), 1);
        UNPROTECT(ts, 1);
        ck_assert_uint_le(d->index_cap, 64);
    }
    ck_assert_uint_eq(d->len, 0);
    set_str(d, "last", NONE_VAL);
    ck_assert_str_eq(key_order(d, buf, sizeof buf), "last");
    UNPROTECT(ts, 1);
}
END_TEST

START_TEST(str_fast_path_compares_contents)
{
    ObjDict *d = new_dict();
    ck_assert_int_eq(dict_set_cstr(ts, d, "name", INT_VAL(1)), 0);
    ObjStr *copy = str_from_cstr(ts, "name"); /* not interned */
    PROTECT_OBJ(ts, copy);
    Value v;
    ck_assert(dict_get_str(d, copy, &v));
    ck_assert_int_eq(AS_INT(v), 1);
    ck_assert_int_eq(dict_set_str(ts, d, copy, INT_VAL(2)), 0);
    ck_assert_uint_eq(d->len, 1);
    ck_assert_int_eq(dict_get(ts, d, OBJ_VAL(copy), &v), 1);
    ck_assert_int_eq(AS_INT(v), 2);
    ck_assert(!dict_get_str(d, str_from_cstr(ts, "nam"), &v));
    ck_assert(dict_del_str(d, copy));
    ck_assert_uint_eq(d->len, 0);
    UNPROTECT(ts, 2);
}
END_TEST

START_TEST(equal_numbers_are_one_key)
{
    ObjDict *d = new_dict();
    ck_assert_int_eq(dict_set(ts, d, INT_VAL(1), INT_VAL(10)), 0);
    ck_assert_int_eq(dict_set(ts, d, FLOAT_VAL(1.0), INT_VAL(20)), 0);
    ck_assert_int_eq(dict_set(ts, d, TRUE_VAL, INT_VAL(30)), 0);
    ck_assert_uint_eq(d->len, 1);
    size_t pos = 0;
    Value k, v;
    ck_assert(dict_next(d, &pos, &k, &v));
    ck_assert(IS_INT(k)); /* the first key object stays */
    ck_assert_int_eq(AS_INT(v), 30);
    ck_assert_int_eq(dict_set(ts, d, FALSE_VAL, INT_VAL(0)), 0);
    ck_assert_int_eq(dict_get(ts, d, INT_VAL(0), &v), 1);
    ck_assert_int_eq(dict_get(ts, d, FLOAT_VAL(0.0), &v), 1);
    ck_assert_int_eq(dict_get(ts, d, FLOAT_VAL(1.5), &v), 0);
    ck_assert_uint_eq(d->len, 2);
    UNPROTECT(ts, 1);
}
END_TEST

START_TEST(version_changes_on_every_mutation)
{
    ObjDict *d = new_dict();
    uint64_t v0 = d->version;
    set_str(d, "g", INT_VAL(1));
    uint64_t v1 = d->version;
    ck_assert(v1 != v0);
    set_str(d, "g", INT_VAL(2));
    uint64_t v2 = d->version;
    ck_assert(v2 != v1);
    Value key = s("g");
    PROTECT(ts, key);
    ck_assert_int_eq(dict_del(ts, d, key), 1);
    ck_assert(d->version != v2);
    UNPROTECT(ts, 2);
}
END_TEST

START_TEST(missing_key_raises_key_error_with_the_key)
{
    ObjDict *d = new_dict();
    Value key = s("x");
    PROTECT(ts, key);
    ck_assert(IS_ERR(dict_getitem(ts, d, key)));
    ck_assert(exc_matches(ts, TYPE(ts, KeyError)));
    ObjException *x = AS_EXCEPTION(exc_fetch(ts));
    ck_assert_uint_eq(x->args->len, 1);
    ck_assert(value_is(x->args->items[0], key));
    ObjList *l = list_new(ts, 0);
    PROTECT_OBJ(ts, l);
    ck_assert_int_eq(dict_set(ts, d, OBJ_VAL(l), INT_VAL(1)), -1);
    assert_raised("TypeError", "unhashable type: 'list'");
    UNPROTECT(ts, 3);
}
END_TEST

START_TEST(iteration_detects_size_change)
{
    ObjDict *d = new_dict();
    set_str(d, "a", INT_VAL(1));
    set_str(d, "b", INT_VAL(2));
    Value it = dict_iter(ts, d);
    PROTECT(ts, it);
    Value k;
    ck_assert_int_eq(obj_next(ts, it, &k), 1);
    set_str(d, "a", INT_VAL(3)); /* same size: fine */
    ck_assert_int_eq(obj_next(ts, it, &k), 1);
    ck_assert_str_eq(AS_STR(k)->data, "b");
    ck_assert_int_eq(obj_next(ts, it, &k), 0);
    Value it2 = dict_iter(ts, d);
    PROTECT(ts, it2);
    ck_assert_int_eq(obj_next(ts, it2, &k), 1);
    set_str(d, "c", INT_VAL(4));
    ck_assert_int_eq(obj_next(ts, it2, &k), -1);
    assert_raised("RuntimeError", "dictionary changed size during iteration");
    UNPROTECT(ts, 3);
}
END_TEST

START_TEST(repr_copy_update_and_equality)
{
    ObjDict *d = new_dict();
    set_str(d, "a", INT_VAL(1));
    Value r = dict_repr(ts, d);
    ck_assert_str_eq(AS_STR(r)->data, "{'a': 1}");
    set_str(d, "self", OBJ_VAL(d));
    r = dict_repr(ts, d);
    ck_assert_str_eq(AS_STR(r)->data, "{'a': 1, 'self': {...}}");
    ObjDict *c = dict_copy(ts, d);
    PROTECT_OBJ(ts, c);
    ck_assert_int_eq(dict_equal(ts, c, d), 1);
    /* update from a list of pairs; a bad element is reported by index */
    ObjList *pairs = list_new(ts, 0);
    PROTECT_OBJ(ts, pairs);
    ObjTuple *p = tuple_pair(ts, s("z"), INT_VAL(26));
    list_append(ts, pairs, OBJ_VAL(p));
    ck_assert_int_eq(dict_update(ts, c, OBJ_VAL(pairs)), 0);
    ck_assert_uint_eq(c->len, 3);
    ck_assert_int_eq(dict_equal(ts, c, d), 0);
    list_append(ts, pairs, INT_VAL(5));
    ck_assert_int_eq(dict_update(ts, c, OBJ_VAL(pairs)), -1);
    assert_raised("TypeError", "cannot convert dictionary update sequence "
                               "element #1 to a sequence");
    dict_clear(ts, c);
    ck_assert_uint_eq(c->len, 0);
    r = dict_repr(ts, c);
    ck_assert_str_eq(AS_STR(r)->data, "{}");
    UNPROTECT(ts, 3);
}
END_TEST

static void add_tests(TCase *tc)
{
    tcase_add_test(tc, insertion_order_survives_delete_and_reinsert);
    tcase_add_test(tc, tombstones_are_compacted_on_resize);
    tcase_add_test(tc, str_fast_path_compares_contents);
    tcase_add_test(tc, equal_numbers_are_one_key);
    tcase_add_test(tc, version_changes_on_every_mutation);
    tcase_add_test(tc, missing_key_raises_key_error_with_the_key);
    tcase_add_test(tc, iteration_detects_size_change);
    tcase_add_test(tc, repr_copy_update_and_equality);
}

static Suite *dict_suite(void)
{
    Suite *su = suite_create("dict");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, check_interp_setup,
                              check_interp_teardown_strict);
    add_tests(tc);
    /* Generous: the real cost is well under a second. */
    tcase_set_timeout(tc, 20);
    tcase_add_test(tc, hundred_thousand_similar_keys_stay_fast);
    suite_add_tcase(su, tc);
    TCase *stress = tcase_create("stress");
    tcase_add_checked_fixture(stress, check_interp_setup_stress,
                              check_interp_teardown_strict);
    tcase_set_timeout(stress, 60);
    add_tests(stress);
    suite_add_tcase(su, stress);
    return su;
}

int main(void)
{
    return check_main_run(dict_suite());
}
