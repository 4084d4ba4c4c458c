/* test_gc.c - the collector: what is reachable survives, what is not is
 * freed, temporary roots protect, and a stressed heap stays consistent. */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "check_interp.h"
#include "dict.h"
#include "gc.h"
#include "list.h"
#include "str.h"
#include "tuple.h"

static size_t count_objects(void)
{
    size_t n = 0;
    for (Obj *o = interp->heap.objects; o; o = o->gc_next)
        n++;
    return n;
}

START_TEST(unreachable_objects_are_freed)
{
    /* Counting needs the garbage to pile up first, which the stress build
       (a collection at every allocation) would prevent. */
    interp->heap.stress = false;
    gc_collect(ts);
    size_t before = count_objects();
    for (int i = 0; i < 1000; i++)
        str_printf(ts, "garbage %d", i);
    ck_assert_uint_ge(count_objects(), before + 1000);
    gc_collect(ts);
    ck_assert_uint_eq(count_objects(), before);
}
END_TEST

START_TEST(protected_objects_survive)
{
    ObjList *list = list_new(ts, 0);
    PROTECT_OBJ(ts, list);
    for (int i = 0; i < 500; i++) {
        ObjStr *s = str_printf(ts, "item %d", i);
        ck_assert_int_eq(list_append(ts, list, OBJ_VAL(s)), 0);
    }
    gc_collect(ts);
    ck_assert_uint_eq(list->len, 500);
    ObjStr *s = AS_STR(list->items[499]);
    ck_assert_str_eq(s->data, "item 499");
    UNPROTECT(ts, 1);
}
END_TEST

START_TEST(stress_mode_keeps_nested_structures)
{
    interp->heap.stress = true;
    ObjDict *d = dict_new(ts);
    PROTECT_OBJ(ts, d);
    for (int i = 0; i < 200; i++) {
        ObjTuple *t = tuple_new(ts, 2);
        PROTECT_OBJ(ts, t);
        t->items[0] = INT_VAL(i);
        t->items[1] = OBJ_VAL(str_printf(ts, "v%d", i));
        ObjStr *key = str_printf(ts, "k%d", i);
        PROTECT_OBJ(ts, key);
        ck_assert_int_eq(dict_set(ts, d, OBJ_VAL(key), OBJ_VAL(t)), 0);
        UNPROTECT(ts, 2);
    }
    interp->heap.stress = false;
    gc_collect(ts);
    ck_assert_uint_eq(d->len, 200);
    Value v;
    ObjStr *key = str_from_cstr(ts, "k123");
    ck_assert_int_eq(dict_get(ts, d, OBJ_VAL(key), &v), 1);
    ObjTuple *t = AS_TUPLE(v);
    ck_assert_int_eq(AS_INT(t->items[0]), 123);
    ck_assert_str_eq(AS_STR(t->items[1])->data, "v123");
    UNPROTECT(ts, 1);
}
END_TEST

START_TEST(interned_strings_stay_unique_across_collections)
{
    ObjStr *first = str_intern_cstr(ts, "a name somebody keeps");
    PROTECT_OBJ(ts, first);
    for (int i = 0; i < 100; i++)
        str_printf(ts, "garbage %d", i);
    gc_collect(ts);
    ck_assert_ptr_eq(str_intern_cstr(ts, "a name somebody keeps"), first);
    UNPROTECT(ts, 1);
}
END_TEST

START_TEST(deep_nesting_does_not_overflow_the_c_stack)
{
    /* Marking the chain at each of its 200000 allocations would take
       quadratic time; one collection at the end is what is tested. */
    interp->heap.stress = false;
    Value inner = NONE_VAL;
    PROTECT(ts, inner);
    for (int i = 0; i < 200000; i++) {
        ObjTuple *t = tuple_new(ts, 1);
        t->items[0] = ts->roots.items[ts->roots.len - 1];
        ts->roots.items[ts->roots.len - 1] = OBJ_VAL(t);
    }
    gc_collect(ts);
    UNPROTECT(ts, 1);
    gc_collect(ts);
}
END_TEST

static Suite *gc_suite(void)
{
    Suite *s = suite_create("gc");
    TCase *tc = tcase_create("collector");
    tcase_add_checked_fixture(tc, check_interp_setup, check_interp_teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, unreachable_objects_are_freed);
    tcase_add_test(tc, protected_objects_survive);
    tcase_add_test(tc, stress_mode_keeps_nested_structures);
    tcase_add_test(tc, interned_strings_stay_unique_across_collections);
    tcase_add_test(tc, deep_nesting_does_not_overflow_the_c_stack);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return check_main_run(gc_suite());
}
