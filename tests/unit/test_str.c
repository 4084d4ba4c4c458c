/* test_str.c - str objects: repr quoting and escapes, code-point indexing
 * and slicing of non-ASCII text, the common methods, and interning. */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_interp.h"
#include "class.h"
#include "exc.h"
#include "gc.h"
#include "list.h"
#include "str.h"
#include "tuple.h"

/* The tests' shorthand for a rooted str. */
#define S(text) check_interp_str(text)

/* Call str method [name] on argv[0] with argv[1..argc). */
static Value call(const char *name, int argc, Value *argv)
{
    Value m = class_lookup(TYPE(ts, STR), str_intern_cstr(ts, name));
    ck_assert_msg(IS_KIND(m, OBJ_NATIVE), "no str.%s", name);
    for (int i = 0; i < argc; i++)
        PROTECT(ts, argv[i]);
    Value r = AS_NATIVE(m)->fn(ts, argc, argv, NULL);
    UNPROTECT(ts, argc);
    return r;
}

/* The items of a list of strs joined with '|', for compact checks. */
static void list_text(Value l, char *buf, size_t size)
{
    ck_assert(IS_LIST(l));
    buf[0] = '\0';
    for (size_t i = 0; i < AS_LIST(l)->len; i++) {
        if (i)
            strncat(buf, "|", size - strlen(buf) - 1);
        strncat(buf, AS_STR(AS_LIST(l)->items[i])->data, size - strlen(buf) - 1);
    }
}

START_TEST(repr_quotes_and_escapes_like_cpython)
{
    static const struct {
        const char *in, *out;
    } table[] = {
        {"it's", "\"it's\""},
        {"say \"hi\"", "'say \"hi\"'"},
        {"both ' and \"", "'both \\' and \"'"},
        {"tab\there\n", "'tab\\there\\n'"},
        {"\x01\x7f\x1b", "'\\x01\\x7f\\x1b'"},
        {"\\", "'\\\\'"},
        {"caf\xc3\xa9", "'caf\xc3\xa9'"},
        {"\xc2\xa0", "'\\xa0'"},
        {"\xe2\x80\xa8", "'\\u2028'"},
        {"\xe6\x97\xa5\xe6\x9c\xac", "'\xe6\x97\xa5\xe6\x9c\xac'"},
        {"", "''"},
    };
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        ObjStr *r = str_repr(ts, AS_STR(S(table[i].in)));
        ck_assert_str_eq(r->data, table[i].out);
    }
    ck_assert_str_eq(str_ascii(ts, AS_STR(S("caf\xc3\xa9")))->data, "'caf\\xe9'");
}
END_TEST

START_TEST(indexing_and_slicing_by_code_point)
{
    Value s = S("h\xc3\xa9llo w\xc3\xb6rld"); /* héllo wörld */
    PROTECT(ts, s);
    ck_assert_uint_eq(AS_STR(s)->nchars, 11);
    ck_assert(!AS_STR(s)->ascii);
    Value c = str_getitem(ts, AS_STR(s), INT_VAL(1));
    ck_assert_str_eq(AS_STR(c)->data, "\xc3\xa9");
    c = str_getitem(ts, AS_STR(s), INT_VAL(-4));
    ck_assert_str_eq(AS_STR(c)->data, "\xc3\xb6");
    ck_assert(IS_ERR(str_getitem(ts, AS_STR(s), INT_VAL(11))));
    check_interp_expect_error("IndexError: string index out of range");

    ObjSlice *sl = gc_alloc(ts, sizeof(ObjSlice), OBJ_SLICE, TYPE(ts, SLICE));
    PROTECT_OBJ(ts, sl);
    sl->start = INT_VAL(1);
    sl->stop = INT_VAL(8);
    sl->step = NONE_VAL;
    ck_assert_str_eq(AS_STR(str_getitem(ts, AS_STR(s), OBJ_VAL(sl)))->data,
                     "\xc3\xa9llo w\xc3\xb6");
    sl->start = NONE_VAL;
    sl->stop = NONE_VAL;
    sl->step = INT_VAL(-1);
    ck_assert_str_eq(AS_STR(str_getitem(ts, AS_STR(s), OBJ_VAL(sl)))->data,
                     "dlr\xc3\xb6w oll\xc3\xa9h");
    sl->step = INT_VAL(3);
    ck_assert_str_eq(AS_STR(str_getitem(ts, AS_STR(s), OBJ_VAL(sl)))->data,
                     "hlwl");
    sl->step = INT_VAL(0);
    ck_assert(IS_ERR(str_getitem(ts, AS_STR(s), OBJ_VAL(sl))));
    check_interp_expect_error("ValueError: slice step cannot be zero");
    UNPROTECT(ts, 2);
}
END_TEST

START_TEST(split_join_strip)
{
    char buf[256];
    Value a[3];
    a[0] = S("  a b  c  ");
    list_text(call("split", 1, a), buf, sizeof buf);
    ck_assert_str_eq(buf, "a|b|c");
    a[0] = S("a,b,,c");
    a[1] = S(",");
    list_text(call("split", 2, a), buf, sizeof buf);
    ck_assert_str_eq(buf, "a|b||c");
    a[2] = INT_VAL(1);
    list_text(call("rsplit", 3, a), buf, sizeof buf);
    ck_assert_str_eq(buf, "a,b,|c");
    a[0] = S("a  b c  ");
    a[1] = NONE_VAL;
    a[2] = INT_VAL(1);
    list_text(call("split", 3, a), buf, sizeof buf);
    ck_assert_str_eq(buf, "a|b c  ");
    a[0] = S("x");
    a[1] = S("");
    ck_assert(IS_ERR(call("split", 2, a)));
    check_interp_expect_error("ValueError: empty separator");

    a[0] = S("-");
    Value items[3] = {S("a"), S("b"), S("c")};
    a[1] = OBJ_VAL(tuple_from_array(ts, items, 3));
    PROTECT(ts, a[1]);
    ck_assert_str_eq(AS_STR(call("join", 2, a))->data, "a-b-c");
    items[0] = INT_VAL(1);
    a[1] = OBJ_VAL(tuple_from_array(ts, items, 3));
    PROTECT(ts, a[1]);
    ck_assert(IS_ERR(call("join", 2, a)));
    check_interp_expect_error(
        "TypeError: sequence item 0: expected str instance, int found");

    a[0] = S("  hi \n");
    ck_assert_str_eq(AS_STR(call("strip", 1, a))->data, "hi");
    ck_assert_str_eq(AS_STR(call("lstrip", 1, a))->data, "hi \n");
    a[0] = S("xxhixx");
    a[1] = S("x");
    ck_assert_str_eq(AS_STR(call("rstrip", 2, a))->data, "xxhi");
}
END_TEST

START_TEST(search_and_case_methods)
{
    Value a[4];
    a[0] = S("h\xc3\xa9llo w\xc3\xb6rld");
    a[1] = S("w\xc3\xb6r");
    ck_assert_int_eq(AS_INT(call("find", 2, a)), 6);
    a[1] = S("l");
    ck_assert_int_eq(AS_INT(call("rfind", 2, a)), 9);
    ck_assert_int_eq(AS_INT(call("count", 2, a)), 3);
    a[1] = S("zz");
    ck_assert(IS_ERR(call("index", 2, a)));
    check_interp_expect_error("ValueError: substring not found");
    ck_assert_str_eq(AS_STR(call("upper", 1, a))->data, "H\xc3\x89LLO W\xc3\x96RLD");
    a[0] = S("they're bill's");
    ck_assert_str_eq(AS_STR(call("title", 1, a))->data, "They'Re Bill'S");
    a[0] = S("abc");
    a[1] = INT_VAL(7);
    a[2] = S("*");
    ck_assert_str_eq(AS_STR(call("center", 3, a))->data, "**abc**");
    a[0] = S("-42");
    a[1] = INT_VAL(6);
    ck_assert_str_eq(AS_STR(call("zfill", 2, a))->data, "-00042");
    a[0] = S("aaa");
    a[1] = S("a");
    a[2] = S("b");
    a[3] = INT_VAL(2);
    ck_assert_str_eq(AS_STR(call("replace", 4, a))->data, "bba");
}
END_TEST

START_TEST(interning_gives_one_object_per_content)
{
    ObjStr *a = str_intern_cstr(ts, "some_name");
    PROTECT_OBJ(ts, a);
    char tmp[] = "some_name";
    ObjStr *b = str_intern(ts, tmp, strlen(tmp));
    ck_assert_ptr_eq(a, b);
    ck_assert(a->interned);
    ObjStr *c = str_from_cstr(ts, "some_name");
    ck_assert_ptr_ne(a, c);
    ck_assert(str_equal(a, c));
    ck_assert_uint_eq(a->hash, c->hash);
    UNPROTECT(ts, 1);
    /* An unreferenced interned string may be collected and made anew. */
    gc_collect(ts);
    ObjStr *d = str_intern_cstr(ts, "fresh_after_gc");
    ck_assert(d->interned);
    ck_assert_ptr_eq(d, str_intern_cstr(ts, "fresh_after_gc"));
}
END_TEST

static Suite *str_suite(void)
{
    Suite *s = suite_create("str");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, check_interp_setup, check_interp_teardown);
    tcase_add_test(tc, repr_quotes_and_escapes_like_cpython);
    tcase_add_test(tc, indexing_and_slicing_by_code_point);
    tcase_add_test(tc, split_join_strip);
    tcase_add_test(tc, search_and_case_methods);
    tcase_add_test(tc, interning_gives_one_object_per_content);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return check_main_run(str_suite());
}
