/* test_num.c - ints, floats and bools: Python's floor division and modulo
 * signs, overflow into big ints and back, float repr, numeric hashes and
 * int()/float() parsing, all checked against CPython 3.11. */
#include "config.h"

#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_interp.h"
#include "exc.h"
#include "gc.h"
#include "num.h"
#include "str.h"

static Value big(const char *digits)
{
    return int_from_string(ts, digits, strlen(digits), 10);
}

static void assert_int_text(Value v, const char *expected)
{
    ck_assert(!IS_ERR(v));
    PROTECT(ts, v);
    Value r = int_repr(ts, v);
    UNPROTECT(ts, 1);
    ck_assert_str_eq(AS_STR(r)->data, expected);
}

START_TEST(floor_division_and_modulo_round_down)
{
    ck_assert_int_eq(AS_INT(int_binary_op(ts, BIN_FLOORDIV, INT_VAL(-7), INT_VAL(2))), -4);
    ck_assert_int_eq(AS_INT(int_binary_op(ts, BIN_MOD, INT_VAL(-7), INT_VAL(2))), 1);
    ck_assert_int_eq(AS_INT(int_binary_op(ts, BIN_MOD, INT_VAL(7), INT_VAL(-2))), -1);
    ck_assert_int_eq(AS_INT(int_binary_op(ts, BIN_FLOORDIV, INT_VAL(7), INT_VAL(-2))), -4);
    ck_assert(AS_FLOAT(float_binary_op(ts, BIN_MOD, -7.5, 2.0)) == 0.5);
    ck_assert(AS_FLOAT(float_binary_op(ts, BIN_MOD, 7.5, -2.0)) == -0.5);
    ck_assert(AS_FLOAT(float_binary_op(ts, BIN_FLOORDIV, -7.5, 2.0)) == -4.0);
    Value r = float_binary_op(ts, BIN_MOD, 0.0, -1.0);
    ck_assert(AS_FLOAT(r) == 0.0 && signbit(AS_FLOAT(r)));
}
END_TEST

START_TEST(division_by_zero_messages)
{
    ck_assert(IS_ERR(int_binary_op(ts, BIN_FLOORDIV, INT_VAL(1), INT_VAL(0))));
    check_interp_expect_error(
        "ZeroDivisionError: integer division or modulo by zero");
    ck_assert(IS_ERR(int_binary_op(ts, BIN_MOD, INT_VAL(1), INT_VAL(0))));
    check_interp_expect_error("ZeroDivisionError: integer modulo by zero");
    ck_assert(IS_ERR(int_binary_op(ts, BIN_TRUEDIV, INT_VAL(1), INT_VAL(0))));
    check_interp_expect_error("ZeroDivisionError: division by zero");
    ck_assert(IS_ERR(float_binary_op(ts, BIN_TRUEDIV, 1.0, 0.0)));
    check_interp_expect_error("ZeroDivisionError: float division by zero");
    ck_assert(IS_ERR(int_binary_op(ts, BIN_POW, INT_VAL(0), INT_VAL(-1))));
    check_interp_expect_error(
        "ZeroDivisionError: 0.0 cannot be raised to a negative power");
    ck_assert(IS_ERR(int_binary_op(ts, BIN_LSHIFT, INT_VAL(1), INT_VAL(-1))));
    check_interp_expect_error("ValueError: negative shift count");
}
END_TEST

START_TEST(ints_overflow_into_big_ints_and_back)
{
    Value m = INT_VAL(INT64_MAX);
    Value r = int_binary_op(ts, BIN_ADD, m, INT_VAL(1));
    ck_assert(IS_BIGINT(r));
    assert_int_text(r, "9223372036854775808");
    PROTECT(ts, r);
    Value back = int_binary_op(ts, BIN_SUB, r, INT_VAL(1));
    UNPROTECT(ts, 1);
    ck_assert(IS_INT(back) && AS_INT(back) == INT64_MAX);
    assert_int_text(int_binary_op(ts, BIN_POW, INT_VAL(2), INT_VAL(100)),
                    "1267650600228229401496703205376");
    assert_int_text(int_unary_op(ts, UN_NEG, INT_VAL(INT64_MIN)), "9223372036854775808");
    assert_int_text(int_binary_op(ts, BIN_MUL, INT_VAL(INT64_MIN), INT_VAL(-1)),
                    "9223372036854775808");
    Value x = big("-1267650600228229401496703205376");
    PROTECT(ts, x);
    assert_int_text(int_binary_op(ts, BIN_FLOORDIV, x, INT_VAL(7)),
                    "-181092942889747057356671886483");
    assert_int_text(int_binary_op(ts, BIN_MOD, x, INT_VAL(7)), "5");
    assert_int_text(int_binary_op(ts, BIN_RSHIFT, x, INT_VAL(99)), "-2");
    UNPROTECT(ts, 1);
    Value t = int_binary_op(ts, BIN_ADD, TRUE_VAL, TRUE_VAL);
    ck_assert(IS_INT(t) && AS_INT(t) == 2);
    ck_assert(IS_BOOL(int_binary_op(ts, BIN_AND, TRUE_VAL, FALSE_VAL)));
}
END_TEST

START_TEST(true_division_is_correctly_rounded)
{
    ck_assert(AS_FLOAT(int_binary_op(ts, BIN_TRUEDIV, INT_VAL(1), INT_VAL(3))) == 1.0 / 3.0);
    Value a = big("18446744073709551616"); /* 2**64 */
    PROTECT(ts, a);
    char buf[32];
    float_repr(AS_FLOAT(int_binary_op(ts, BIN_TRUEDIV, a, INT_VAL(3))), buf, sizeof buf);
    ck_assert_str_eq(buf, "6.148914691236517e+18");
    UNPROTECT(ts, 1);
    Value huge = int_binary_op(ts, BIN_POW, INT_VAL(2), INT_VAL(2000));
    PROTECT(ts, huge);
    ck_assert(IS_ERR(int_binary_op(ts, BIN_TRUEDIV, huge, INT_VAL(3))));
    char msg[256];
    check_interp_pending_text(msg, sizeof msg);
    ck_assert_str_eq(msg, "OverflowError: integer division result too large for a float");
    Value tiny = int_binary_op(ts, BIN_TRUEDIV, huge, huge);
    ck_assert(AS_FLOAT(tiny) == 1.0);
    UNPROTECT(ts, 1);
}
END_TEST

START_TEST(float_repr_is_shortest_round_trip)
{
    static const struct {
        double d;
        const char *text;
    } table[] = {
        {0.1, "0.1"},
        {1.0 / 3.0, "0.3333333333333333"},
        {1e16, "1e+16"},
        {1.5e-07, "1.5e-07"},
        {1e-05, "1e-05"},
        {100.0, "100.0"},
        {2.5, "2.5"},
        {-0.0, "-0.0"},
        {1e22, "1e+22"},
        {123456789.123, "123456789.123"},
        {0.0001, "0.0001"},
        {123456789012345.0, "123456789012345.0"},
        {0.30000000000000004, "0.30000000000000004"},
        {5e-324, "5e-324"},
        {1.7976931348623157e308, "1.7976931348623157e+308"},
        {7.174648137343064e-43, "7.174648137343064e-43"},
    };
    char buf[40];
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        float_repr(table[i].d, buf, sizeof buf);
        ck_assert_str_eq(buf, table[i].text);
    }
    float_repr(INFINITY, buf, sizeof buf);
    ck_assert_str_eq(buf, "inf");
    float_repr(-INFINITY, buf, sizeof buf);
    ck_assert_str_eq(buf, "-inf");
    float_repr(NAN, buf, sizeof buf);
    ck_assert_str_eq(buf, "nan");
}
END_TEST

START_TEST(hashes_match_cpython)
{
    ck_assert_int_eq((int64_t)num_hash_int(INT_VAL(1)), 1);
    ck_assert_int_eq((int64_t)num_hash_float(1.0), 1);
    ck_assert_int_eq((int64_t)num_hash_int(TRUE_VAL), 1);
    ck_assert_int_eq((int64_t)num_hash_int(INT_VAL(-1)), -2);
    ck_assert_int_eq((int64_t)num_hash_float(0.5), 1152921504606846976LL);
    ck_assert_int_eq((int64_t)num_hash_float(1.5), 1152921504606846977LL);
    ck_assert_int_eq((int64_t)num_hash_float(3.14), 322818021289917443LL);
    ck_assert_int_eq((int64_t)num_hash_float(1e300), 1224995262755759164LL);
    ck_assert_int_eq((int64_t)num_hash_float(INFINITY), 314159);
    ck_assert_int_eq((int64_t)num_hash_float(-0.0), 0);
    Value b = big("18446744073709551616");
    ck_assert_int_eq((int64_t)num_hash_int(b), 8);
    b = big("-18446744073709551616");
    ck_assert_int_eq((int64_t)num_hash_int(b), -8);
    b = big("1267650600228229401496703205376");
    ck_assert_int_eq((int64_t)num_hash_int(b), 549755813888LL);
    ck_assert_int_eq((int64_t)num_hash_int(INT_VAL((int64_t)1 << 61)), 1);
}
END_TEST

static void check_int_parse(const char *s, int base, const char *expected)
{
    Value v = int_from_string(ts, s, strlen(s), base);
    if (IS_ERR(v)) {
        check_interp_expect_error(expected);
        return;
    }
    assert_int_text(v, expected);
}

START_TEST(int_from_string_follows_cpython)
{
    check_int_parse("  -42 ", 10, "-42");
    check_int_parse("1_000", 10, "1000");
    check_int_parse("0x_1f", 0, "31");
    check_int_parse(" -0b101 ", 0, "-5");
    check_int_parse("ff", 16, "255");
    check_int_parse("0o17", 8, "15");
    check_int_parse("00", 0, "0");
    check_int_parse("99999999999999999999999", 10, "99999999999999999999999");
    check_int_parse("abc", 10, "ValueError: invalid literal for int() with base 10: 'abc'");
    check_int_parse("010", 0, "ValueError: invalid literal for int() with base 0: '010'");
    check_int_parse("1__0", 10, "ValueError: invalid literal for int() with base 10: '1__0'");
    check_int_parse("_1", 10, "ValueError: invalid literal for int() with base 10: '_1'");
    check_int_parse("", 10, "ValueError: invalid literal for int() with base 10: ''");
    check_int_parse("1", 1, "ValueError: int() base must be >= 2 and <= 36, or 0");
}
END_TEST

START_TEST(float_from_string_follows_cpython)
{
    const char *ok[] = {"1.5", " 3.5 ", "1_000.5", "1e5", ".5", "5.", "-iNf", "nan", "+.5e+3"};
    const double want[] = {1.5, 3.5, 1000.5, 1e5, 0.5, 5.0, -INFINITY, NAN, 500.0};
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        Value v = float_from_string(ts, ok[i], strlen(ok[i]));
        ck_assert(IS_FLOAT(v));
        if (isnan(want[i]))
            ck_assert(isnan(AS_FLOAT(v)));
        else
            ck_assert(AS_FLOAT(v) == want[i]);
    }
    const char *bad[] = {"x", "1__0.5", "_1.0", "e5", "1e", ".", "1.0_", "in f", ""};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        ck_assert(IS_ERR(float_from_string(ts, bad[i], strlen(bad[i]))));
        char buf[256], want_msg[256];
        check_interp_pending_text(buf, sizeof buf);
        snprintf(want_msg, sizeof want_msg,
                 "ValueError: could not convert string to float: '%s'", bad[i]);
        ck_assert_str_eq(buf, want_msg);
    }
}
END_TEST

START_TEST(int_float_comparison_is_exact)
{
    Value two63 = big("9223372036854775808");
    ck_assert_int_eq(num_compare_int_float(two63, 9.223372036854776e18), 0);
    ck_assert_int_eq(num_compare_int_float(INT_VAL(INT64_MAX), 9.223372036854776e18), -1);
    ck_assert_int_eq(num_compare_int_float(INT_VAL(((int64_t)1 << 53) + 1), 9007199254740992.0), 1);
    ck_assert_int_eq(num_compare_int_float(INT_VAL(1), 1.5), -1);
    ck_assert_int_eq(num_compare_int_float(INT_VAL(2), 1.5), 1);
    ck_assert_int_eq(num_compare_int_float(INT_VAL(0), NAN), 2);
    ck_assert_int_eq(num_compare_int_float(two63, INFINITY), -1);
}
END_TEST

START_TEST(round_is_half_to_even)
{
    ck_assert(AS_INT(num_round(ts, FLOAT_VAL(0.5), UNDEF_VAL)) == 0);
    ck_assert(AS_INT(num_round(ts, FLOAT_VAL(1.5), UNDEF_VAL)) == 2);
    ck_assert(AS_INT(num_round(ts, FLOAT_VAL(-2.5), UNDEF_VAL)) == -2);
    ck_assert(AS_FLOAT(num_round(ts, FLOAT_VAL(2.675), INT_VAL(2))) == 2.67);
    ck_assert(AS_INT(num_round(ts, INT_VAL(25), INT_VAL(-1))) == 20);
    ck_assert(AS_INT(num_round(ts, INT_VAL(-15), INT_VAL(-1))) == -20);
    ck_assert(AS_FLOAT(num_round(ts, FLOAT_VAL(25.0000001), INT_VAL(-1))) == 30.0);
}
END_TEST

static Suite *num_suite(void)
{
    Suite *s = suite_create("num");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, check_interp_setup, check_interp_teardown);
    tcase_add_test(tc, floor_division_and_modulo_round_down);
    tcase_add_test(tc, division_by_zero_messages);
    tcase_add_test(tc, ints_overflow_into_big_ints_and_back);
    tcase_add_test(tc, true_division_is_correctly_rounded);
    tcase_add_test(tc, float_repr_is_shortest_round_trip);
    tcase_add_test(tc, hashes_match_cpython);
    tcase_add_test(tc, int_from_string_follows_cpython);
    tcase_add_test(tc, float_from_string_follows_cpython);
    tcase_add_test(tc, int_float_comparison_is_exact);
    tcase_add_test(tc, round_is_half_to_even);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return check_main_run(num_suite());
}
