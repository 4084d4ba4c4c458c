/* mod_math.c - the math module: C's libm with CPython's error rules, and
 * the exact integer functions (factorial, gcd, comb, isqrt ...) on GMP.
 *
 * CPython's rule for a one-argument float function f: a NaN result from a
 * non-NaN argument is a domain error (ValueError "math domain error"); an
 * infinite result from a finite argument is a range error (OverflowError
 * "math range error") for functions that can overflow (exp, cosh ...) and
 * a domain error for the others (log(0), atanh(1)).  math_1 applies it.
 */
#include <float.h>
#include <math.h>
#include <stdlib.h>

#include "args.h"
#include "builtins.h"
#include "class.h"
#include "exc.h"
#include "gc.h"
#include "num.h"
#include "ops.h"
#include "str.h"
#include "tuple.h"

static Value domain_error(ThreadState *ts)
{
    return RAISE(ts, ValueError, "math domain error");
}

static Value range_error(ThreadState *ts)
{
    return RAISE(ts, OverflowError, "math range error");
}

/* A real-number argument as a double: float, int, or __float__. */
static int to_double(ThreadState *ts, Value v, double *out)
{
    if (IS_FLOAT(v)) {
        *out = AS_FLOAT(v);
        return 0;
    }
    if (num_is_int(v))
        return int_to_double(ts, v, out) ? 0 : -1;
    ObjClass *cls = obj_class(ts, v);
    if (!IS_UNDEF(class_lookup(cls, NAME(ts, float_)))) {
        Value r = obj_call_method(ts, v, NAME(ts, float_), 0, NULL);
        if (IS_ERR(r))
            return -1;
        if (IS_FLOAT(r)) {
            *out = AS_FLOAT(r);
            return 0;
        }
    }
    RAISE(ts, TypeError, "must be real number, not %s", obj_type_name(ts, v));
    return -1;
}

/* An integer argument (int, bool, __index__), keeping big ints. */
static Value int_arg(ThreadState *ts, Value v)
{
    if (IS_BOOL(v))
        return INT_VAL(AS_BOOL(v) ? 1 : 0);
    if (num_is_int(v))
        return v;
    if (!IS_UNDEF(class_lookup(obj_class(ts, v), NAME(ts, index)))) {
        Value r = obj_call_method(ts, v, NAME(ts, index), 0, NULL);
        if (IS_ERR(r) || num_is_int(r))
            return r;
    }
    return RAISE(ts, TypeError,
                 "'%s' object cannot be interpreted as an integer",
                 obj_type_name(ts, v));
}

static Value math_1(ThreadState *ts, int argc, Value *argv,
                    ObjTuple *kwnames, const char *name, double (*f)(double),
                    bool can_overflow)
{
    if (args_no_kwargs(ts, name, kwnames) < 0 ||
        args_count(ts, name, argc, 1, 1) < 0)
        return ERR_VAL;
    double x;
    if (to_double(ts, argv[0], &x) < 0)
        return ERR_VAL;
    double r = f(x);
    if (isnan(r) && !isnan(x))
        return domain_error(ts);
    if (isinf(r) && isfinite(x))
        return can_overflow ? range_error(ts) : domain_error(ts);
    return FLOAT_VAL(r);
}

#define MATH_1(pyname, cfunc, can_overflow)                                   \
    static Value m_##pyname(ThreadState *ts, int argc, Value *argv,           \
                            ObjTuple *kw)                                     \
    {                                                                         \
        return math_1(ts, argc, argv, kw, #pyname, cfunc, can_overflow);      \
    }

static double deg(double x)
{
    return x * (180.0 / M_PI);
}

static double rad(double x)
{
    return x * (M_PI / 180.0);
}

MATH_1(sqrt, sqrt, false)
MATH_1(exp, exp, true)
MATH_1(exp2, exp2, true)
MATH_1(expm1, expm1, true)
MATH_1(cbrt, cbrt, false)
MATH_1(sin, sin, false)
MATH_1(cos, cos, false)
MATH_1(tan, tan, false)
MATH_1(asin, asin, false)
MATH_1(acos, acos, false)
MATH_1(atan, atan, false)
MATH_1(sinh, sinh, true)
MATH_1(cosh, cosh, true)
MATH_1(tanh, tanh, false)
MATH_1(asinh, asinh, false)
MATH_1(acosh, acosh, false)
MATH_1(atanh, atanh, false)
MATH_1(fabs, fabs, false)
MATH_1(erf, erf, false)
MATH_1(erfc, erfc, false)
MATH_1(log1p, log1p, false)
MATH_1(degrees, deg, true)
MATH_1(radians, rad, false)

/* gamma and lgamma: poles at the non-positive integers are domain errors,
 * huge results range errors. */
static Value gamma_like(ThreadState *ts, int argc, Value *argv,
                        ObjTuple *kwnames, const char *name,
                        double (*f)(double))
{
    if (args_no_kwargs(ts, name, kwnames) < 0 ||
        args_count(ts, name, argc, 1, 1) < 0)
        return ERR_VAL;
    double x;
    if (to_double(ts, argv[0], &x) < 0)
        return ERR_VAL;
    if (isfinite(x) && x <= 0 && x == floor(x))
        return domain_error(ts);
    if (x == -INFINITY && f == tgamma)
        return domain_error(ts);
    double r = f(x);
    if (isnan(r) && !isnan(x))
        return domain_error(ts);
    if (isinf(r) && isfinite(x))
        return range_error(ts);
    return FLOAT_VAL(r);
}

static Value m_gamma(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    return gamma_like(ts, argc, argv, kw, "gamma", tgamma);
}

static Value m_lgamma(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    return gamma_like(ts, argc, argv, kw, "lgamma", lgamma);
}

/* log-family of one value, ints of any size included: a big int is
 * m * 2**e and its log is f(m) + e * f(2). */
static int log_helper(ThreadState *ts, Value v, double (*f)(double),
                      double *out)
{
    if (num_is_int(v)) {
        if (int_compare(v, INT_VAL(0)) <= 0) {
            domain_error(ts);
            return -1;
        }
        if (IS_BIGINT(v)) {
            long e;
            double m = mpz_get_d_2exp(&e, AS_BIGINT(v)->z);
            *out = f(m) + f(2.0) * (double)e;
            return 0;
        }
    }
    double x;
    if (to_double(ts, v, &x) < 0)
        return -1;
    double r = f(x);
    if ((isnan(r) && !isnan(x)) || (isinf(r) && isfinite(x))) {
        domain_error(ts);
        return -1;
    }
    *out = r;
    return 0;
}

static Value m_log(ThreadState *ts, int argc, Value *argv,
                   ObjTuple *kwnames)
{
    if (args_positional(ts, "log", argc, kwnames, 1, 2) < 0)
        return ERR_VAL;
    double num, den;
    if (log_helper(ts, argv[0], log, &num) < 0)
        return ERR_VAL;
    if (argc == 1)
        return FLOAT_VAL(num);
    if (log_helper(ts, argv[1], log, &den) < 0)
        return ERR_VAL;
    if (den == 0.0)
        return RAISE(ts, ZeroDivisionError, "float division by zero");
    return FLOAT_VAL(num / den);
}

static Value log_1(ThreadState *ts, int argc, Value *argv,
                   ObjTuple *kwnames, const char *name, double (*f)(double))
{
    if (args_no_kwargs(ts, name, kwnames) < 0 ||
        args_count(ts, name, argc, 1, 1) < 0)
        return ERR_VAL;
    double r;
    return log_helper(ts, argv[0], f, &r) < 0 ? ERR_VAL : FLOAT_VAL(r);
}

static Value m_log2(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    return log_1(ts, argc, argv, kw, "log2", log2);
}

static Value m_log10(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    return log_1(ts, argc, argv, kw, "log10", log10);
}

/* Two float arguments, for the binary functions below. */
static int two_doubles(ThreadState *ts, int argc, Value *argv,
                       ObjTuple *kwnames, const char *name, double *x,
                       double *y)
{
    if (args_no_kwargs(ts, name, kwnames) < 0 ||
        args_count(ts, name, argc, 2, 2) < 0)
        return -1;
    if (to_double(ts, argv[0], x) < 0 || to_double(ts, argv[1], y) < 0)
        return -1;
    return 0;
}

static Value m_pow(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    double x, y;
    if (two_doubles(ts, argc, argv, kw, "pow", &x, &y) < 0)
        return ERR_VAL;
    double r = pow(x, y);
    if (isfinite(x) && isfinite(y)) {
        if (isnan(r))
            return domain_error(ts);
        if (isinf(r))
            return x == 0.0 ? domain_error(ts) : range_error(ts);
    }
    return FLOAT_VAL(r);
}

static Value m_atan2(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    double y, x;
    if (two_doubles(ts, argc, argv, kw, "atan2", &y, &x) < 0)
        return ERR_VAL;
    return FLOAT_VAL(atan2(y, x));
}

static Value m_copysign(ThreadState *ts, int argc, Value *argv,
                        ObjTuple *kw)
{
    double x, y;
    if (two_doubles(ts, argc, argv, kw, "copysign", &x, &y) < 0)
        return ERR_VAL;
    return FLOAT_VAL(copysign(x, y));
}

static Value m_fmod(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    double x, y;
    if (two_doubles(ts, argc, argv, kw, "fmod", &x, &y) < 0)
        return ERR_VAL;
    if (isinf(y) && isfinite(x))
        return FLOAT_VAL(x);
    double r = fmod(x, y);
    if (isnan(r) && !isnan(x) && !isnan(y))
        return domain_error(ts);
    return FLOAT_VAL(r);
}

static Value m_remainder(ThreadState *ts, int argc, Value *argv,
                         ObjTuple *kw)
{
    double x, y;
    if (two_doubles(ts, argc, argv, kw, "remainder", &x, &y) < 0)
        return ERR_VAL;
    double r = remainder(x, y);
    if (isnan(r) && !isnan(x) && !isnan(y))
        return domain_error(ts);
    return FLOAT_VAL(r);
}

static Value m_nextafter(ThreadState *ts, int argc, Value *argv,
                         ObjTuple *kw)
{
    double x, y;
    if (two_doubles(ts, argc, argv, kw, "nextafter", &x, &y) < 0)
        return ERR_VAL;
    return FLOAT_VAL(nextafter(x, y));
}

static Value m_ulp(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    if (args_count(ts, "ulp", argc, 1, 1) < 0)
        return ERR_VAL;
    double x;
    if (to_double(ts, argv[0], &x) < 0)
        return ERR_VAL;
    if (isnan(x))
        return FLOAT_VAL(x);
    x = fabs(x);
    if (isinf(x))
        return FLOAT_VAL(x);
    double next = nextafter(x, INFINITY);
    if (isinf(next))
        return FLOAT_VAL(x - nextafter(x, -INFINITY));
    return FLOAT_VAL(next - x);
}

static Value pair(ThreadState *ts, Value a, Value b)
{
    ObjTuple *t = tuple_new(ts, 2);
    if (!t)
        return ERR_VAL;
    t->items[0] = a;
    t->items[1] = b;
    return OBJ_VAL(t);
}

static Value m_modf(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    if (args_count(ts, "modf", argc, 1, 1) < 0)
        return ERR_VAL;
    double x, ip;
    if (to_double(ts, argv[0], &x) < 0)
        return ERR_VAL;
    double frac = modf(x, &ip);
    return pair(ts, FLOAT_VAL(frac), FLOAT_VAL(ip));
}

static Value m_frexp(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    if (args_count(ts, "frexp", argc, 1, 1) < 0)
        return ERR_VAL;
    double x;
    if (to_double(ts, argv[0], &x) < 0)
        return ERR_VAL;
    int e = 0;
    double m = isfinite(x) ? frexp(x, &e) : x;
    return pair(ts, FLOAT_VAL(m), INT_VAL(e));
}

static Value m_ldexp(ThreadState *ts, int argc, Value *argv,
                     ObjTuple *kwnames)
{
    if (args_positional(ts, "ldexp", argc, kwnames, 2, 2) < 0)
        return ERR_VAL;
    double x;
    if (to_double(ts, argv[0], &x) < 0)
        return ERR_VAL;
    if (IS_FLOAT(argv[1]))
        return RAISE(ts, TypeError, "Expected an int as second argument to "
                                    "ldexp.");
    Value ev = int_arg(ts, argv[1]);
    if (IS_ERR(ev))
        return ev;
    int64_t e;
    if (!int_to_int64(ev, &e))
        e = int_compare(ev, INT_VAL(0)) > 0 ? INT64_MAX : INT64_MIN;
    if (x == 0.0 || !isfinite(x))
        return FLOAT_VAL(x);
    if (e > 100000)
        return range_error(ts);
    if (e < -100000)
        return FLOAT_VAL(copysign(0.0, x));
    double r = ldexp(x, (int)e);
    if (isinf(r))
        return range_error(ts);
    return FLOAT_VAL(r);
}

static Value predicate(ThreadState *ts, int argc, Value *argv,
                       const char *name, int which)
{
    if (args_count(ts, name, argc, 1, 1) < 0)
        return ERR_VAL;
    double x;
    if (to_double(ts, argv[0], &x) < 0)
        return ERR_VAL;
    switch (which) {
    case 0:
        return BOOL_VAL(isfinite(x));
    case 1:
        return BOOL_VAL(isinf(x));
    default:
        return BOOL_VAL(isnan(x));
    }
}

static Value m_isfinite(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    return predicate(ts, argc, argv, "isfinite", 0);
}

static Value m_isinf(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    return predicate(ts, argc, argv, "isinf", 1);
}

static Value m_isnan(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    return predicate(ts, argc, argv, "isnan", 2);
}

static Value m_isclose(ThreadState *ts, int argc, Value *argv,
                       ObjTuple *kwnames)
{
    static const ArgSpec spec = {"isclose", 2, 2,
                                 {"a", "b", "rel_tol", "abs_tol"}};
    Value a[4];
    if (args_parse(ts, &spec, argc, argv, kwnames, a) < 0)
        return ERR_VAL;
    double x, y, rel = 1e-09, abst = 0.0;
    if (to_double(ts, a[0], &x) < 0 || to_double(ts, a[1], &y) < 0)
        return ERR_VAL;
    if (!IS_UNDEF(a[2]) && to_double(ts, a[2], &rel) < 0)
        return ERR_VAL;
    if (!IS_UNDEF(a[3]) && to_double(ts, a[3], &abst) < 0)
        return ERR_VAL;
    if (rel < 0.0 || abst < 0.0)
        return RAISE(ts, ValueError, "tolerances must be non-negative");
    if (x == y)
        return TRUE_VAL;
    if (isinf(x) || isinf(y))
        return FALSE_VAL;
    double diff = fabs(y - x);
    return BOOL_VAL((diff <= fabs(rel * y)) || (diff <= fabs(rel * x)) ||
                    diff <= abst);
}

/* floor, ceil and trunc: ints stay ints, floats become exact ints, other
 * objects use __floor__ / __ceil__ / __trunc__. */
static Value rounding(ThreadState *ts, int argc, Value *argv,
                      ObjTuple *kwnames, const char *name,
                      const char *dunder, double (*f)(double))
{
    if (args_no_kwargs(ts, name, kwnames) < 0 ||
        args_count(ts, name, argc, 1, 1) < 0)
        return ERR_VAL;
    Value v = argv[0];
    if (IS_FLOAT(v))
        return builtins_int_from_double(ts, f(AS_FLOAT(v)));
    if (IS_BOOL(v))
        return INT_VAL(AS_BOOL(v) ? 1 : 0);
    if (num_is_int(v))
        return v;
    ObjStr *dname = str_intern_cstr(ts, dunder);
    if (!dname)
        return ERR_VAL;
    if (!IS_UNDEF(class_lookup(obj_class(ts, v), dname)))
        return obj_call_method(ts, v, dname, 0, NULL);
    if (f == trunc)
        return RAISE(ts, TypeError, "type %s doesn't define __trunc__ method",
                     obj_type_name(ts, v));
    double x;
    if (to_double(ts, v, &x) < 0)
        return ERR_VAL;
    return builtins_int_from_double(ts, f(x));
}

static Value m_floor(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    return rounding(ts, argc, argv, kw, "floor", "__floor__", floor);
}

static Value m_ceil(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    return rounding(ts, argc, argv, kw, "ceil", "__ceil__", ceil);
}

static Value m_trunc(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    return rounding(ts, argc, argv, kw, "trunc", "__trunc__", trunc);
}

/* ------------------------------------------------------- exact integers */

static Value m_factorial(ThreadState *ts, int argc, Value *argv,
                         ObjTuple *kwnames)
{
    if (args_positional(ts, "factorial", argc, kwnames, 1, 1) < 0)
        return ERR_VAL;
    Value v = int_arg(ts, argv[0]);
    if (IS_ERR(v))
        return v;
    int64_t n;
    if (!int_to_int64(v, &n)) {
        if (int_compare(v, INT_VAL(0)) < 0)
            return RAISE(ts, ValueError,
                         "factorial() not defined for negative values");
        return RAISE(ts, OverflowError,
                     "factorial() argument should not exceed %lld",
                     (long long)INT64_MAX);
    }
    if (n < 0)
        return RAISE(ts, ValueError,
                     "factorial() not defined for negative values");
    if (n > 100000000)
        return RAISE(ts, OverflowError, "factorial() argument too large");
    mpz_t z;
    mpz_init(z);
    mpz_fac_ui(z, (unsigned long)n);
    Value r = int_from_mpz(ts, z);
    mpz_clear(z);
    return r;
}

/* gcd and lcm of any number of ints. */
static Value gcd_lcm(ThreadState *ts, int argc, Value *argv,
                     ObjTuple *kwnames, bool lcm)
{
    if (args_no_kwargs(ts, lcm ? "lcm" : "gcd", kwnames) < 0)
        return ERR_VAL;
    mpz_t acc, x;
    mpz_init_set_ui(acc, lcm ? 1 : 0);
    mpz_init(x);
    Value r = NONE_VAL;
    for (int i = 0; i < argc; i++) {
        Value v = int_arg(ts, argv[i]);
        if (IS_ERR(v)) {
            r = ERR_VAL;
            break;
        }
        int_to_mpz(v, x);
        if (lcm)
            mpz_lcm(acc, acc, x);
        else
            mpz_gcd(acc, acc, x);
    }
    if (!IS_ERR(r))
        r = int_from_mpz(ts, acc);
    mpz_clear(acc);
    mpz_clear(x);
    return r;
}

static Value m_gcd(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    return gcd_lcm(ts, argc, argv, kw, false);
}

static Value m_lcm(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    return gcd_lcm(ts, argc, argv, kw, true);
}

static Value m_isqrt(ThreadState *ts, int argc, Value *argv,
                     ObjTuple *kwnames)
{
    if (args_positional(ts, "isqrt", argc, kwnames, 1, 1) < 0)
        return ERR_VAL;
    Value v = int_arg(ts, argv[0]);
    if (IS_ERR(v))
        return v;
    if (int_compare(v, INT_VAL(0)) < 0)
        return RAISE(ts, ValueError, "isqrt() argument must be nonnegative");
    mpz_t z;
    mpz_init(z);
    int_to_mpz(v, z);
    mpz_sqrt(z, z);
    Value r = int_from_mpz(ts, z);
    mpz_clear(z);
    return r;
}

/* n and k of comb/perm as non-negative mpz values. */
static int comb_args(ThreadState *ts, Value nv, Value kv, mpz_t n, mpz_t k)
{
    Value a = int_arg(ts, nv);
    if (IS_ERR(a))
        return -1;
    Value b = int_arg(ts, kv);
    if (IS_ERR(b))
        return -1;
    int_to_mpz(a, n);
    int_to_mpz(b, k);
    if (mpz_sgn(n) < 0) {
        RAISE(ts, ValueError, "n must be a non-negative integer");
        return -1;
    }
    if (mpz_sgn(k) < 0) {
        RAISE(ts, ValueError, "k must be a non-negative integer");
        return -1;
    }
    return 0;
}

static Value m_comb(ThreadState *ts, int argc, Value *argv,
                    ObjTuple *kwnames)
{
    if (args_positional(ts, "comb", argc, kwnames, 2, 2) < 0)
        return ERR_VAL;
    mpz_t n, k, r;
    mpz_inits(n, k, r, NULL);
    Value res = ERR_VAL;
    if (comb_args(ts, argv[0], argv[1], n, k) == 0) {
        if (mpz_cmp(k, n) > 0) {
            res = INT_VAL(0);
        } else {
            mpz_sub(r, n, k);
            if (mpz_cmp(r, k) < 0)
                mpz_set(k, r);
            if (!mpz_fits_ulong_p(k)) {
                res = RAISE(ts, OverflowError,
                            "min(n - k, k) must not exceed %lld",
                            (long long)INT64_MAX);
            } else {
                mpz_bin_ui(r, n, mpz_get_ui(k));
                res = int_from_mpz(ts, r);
            }
        }
    }
    mpz_clears(n, k, r, NULL);
    return res;
}

static Value m_perm(ThreadState *ts, int argc, Value *argv,
                    ObjTuple *kwnames)
{
    if (args_positional(ts, "perm", argc, kwnames, 1, 2) < 0)
        return ERR_VAL;
    if (argc == 1 || IS_NONE(argv[1]))
        return m_factorial(ts, 1, argv, NULL);
    mpz_t n, k, r, i;
    mpz_inits(n, k, r, i, NULL);
    Value res = ERR_VAL;
    if (comb_args(ts, argv[0], argv[1], n, k) == 0) {
        if (mpz_cmp(k, n) > 0) {
            res = INT_VAL(0);
        } else if (!mpz_fits_ulong_p(k)) {
            res = RAISE(ts, OverflowError, "k must not exceed %lld",
                        (long long)INT64_MAX);
        } else {
            /* n * (n-1) * ... * (n-k+1) */
            mpz_set_ui(r, 1);
            mpz_sub(i, n, k);
            mpz_add_ui(i, i, 1);
            for (; mpz_cmp(i, n) <= 0; mpz_add_ui(i, i, 1))
                mpz_mul(r, r, i);
            res = int_from_mpz(ts, r);
        }
    }
    mpz_clears(n, k, r, i, NULL);
    return res;
}

static Value m_prod(ThreadState *ts, int argc, Value *argv,
                    ObjTuple *kwnames)
{
    static const ArgSpec spec = {"prod", 1, 1, {NULL, "start"}};
    Value a[2];
    if (args_parse(ts, &spec, argc, argv, kwnames, a) < 0)
        return ERR_VAL;
    Value acc = IS_UNDEF(a[1]) ? INT_VAL(1) : a[1];
    Value it = obj_iter(ts, a[0]);
    if (IS_ERR(it))
        return it;
    PROTECT(ts, it);
    size_t slot = ts->roots.len;
    PROTECT(ts, acc);
    Value item;
    int r;
    while ((r = obj_next(ts, it, &item)) > 0) {
        int64_t p;
        if (IS_INT(acc) && IS_INT(item) &&
            !__builtin_mul_overflow(AS_INT(acc), AS_INT(item), &p)) {
            acc = INT_VAL(p);
        } else {
            acc = obj_binary_op(ts, BIN_MUL, acc, item, false);
            if (IS_ERR(acc)) {
                r = -1;
                break;
            }
        }
        ts->roots.items[slot] = acc;
    }
    UNPROTECT(ts, 2);
    return r < 0 ? ERR_VAL : acc;
}

/* Shewchuk's exact summation, as CPython's fsum: keep a list of partial
 * sums that do not overlap, so no bit is ever lost, then round once,
 * correcting for the half-way case the last partials can hide. */
static Value m_fsum(ThreadState *ts, int argc, Value *argv,
                    ObjTuple *kwnames)
{
    if (args_positional(ts, "fsum", argc, kwnames, 1, 1) < 0)
        return ERR_VAL;
    Value it = obj_iter(ts, argv[0]);
    if (IS_ERR(it))
        return it;
    PROTECT(ts, it);
    size_t n = 0, cap = 32;
    double *p = malloc(cap * sizeof *p);
    double special = 0.0, inf_sum = 0.0;
    Value item, res = ERR_VAL;
    int r;
    if (!p) {
        UNPROTECT(ts, 1);
        return exc_no_memory(ts);
    }
    while ((r = obj_next(ts, it, &item)) > 0) {
        double x;
        if (to_double(ts, item, &x) < 0) {
            r = -1;
            break;
        }
        double xsave = x;
        size_t i = 0;
        for (size_t j = 0; j < n; j++) {
            double y = p[j];
            if (fabs(x) < fabs(y)) {
                double t = x;
                x = y;
                y = t;
            }
            double hi = x + y;
            double lo = y - (hi - x);
            if (lo != 0.0)
                p[i++] = lo;
            x = hi;
        }
        n = i;
        if (x != 0.0) {
            if (!isfinite(x)) {
                if (isfinite(xsave)) {
                    RAISE(ts, OverflowError, "intermediate overflow in fsum");
                    r = -1;
                    break;
                }
                if (isinf(xsave))
                    inf_sum += xsave;
                special += xsave;
                n = 0;
            } else {
                if (n == cap) {
                    double *np = realloc(p, 2 * cap * sizeof *p);
                    if (!np) {
                        exc_no_memory(ts);
                        r = -1;
                        break;
                    }
                    p = np;
                    cap *= 2;
                }
                p[n++] = x;
            }
        }
    }
    if (r < 0)
        goto done;
    if (special != 0.0) {
        if (isnan(inf_sum))
            res = RAISE(ts, ValueError, "-inf + inf in fsum");
        else
            res = FLOAT_VAL(special);
        goto done;
    }
    double hi = 0.0, lo = 0.0;
    if (n > 0) {
        hi = p[--n];
        while (n > 0) {
            double x = hi, y = p[--n];
            hi = x + y;
            lo = y - (hi - x);
            if (lo != 0.0)
                break;
        }
        if (n > 0 && ((lo < 0.0 && p[n - 1] < 0.0) ||
                      (lo > 0.0 && p[n - 1] > 0.0))) {
            double y = lo * 2.0;
            double x = hi + y;
            if (y == x - hi)
                hi = x;
        }
    }
    res = FLOAT_VAL(hi);
done:
    free(p);
    UNPROTECT(ts, 1);
    return res;
}

/* The Euclidean norm of n values, scaled by the largest to avoid
 * overflow. */
static double norm(const double *v, size_t n)
{
    double max = 0.0;
    bool nan = false;
    for (size_t i = 0; i < n; i++) {
        double a = fabs(v[i]);
        if (isinf(a))
            return INFINITY;
        if (isnan(a))
            nan = true;
        else if (a > max)
            max = a;
    }
    if (nan)
        return NAN;
    if (max == 0.0 || n == 1)
        return max;
    if (n == 2)
        return hypot(v[0], v[1]);
    double sum = 0.0, comp = 0.0;
    for (size_t i = 0; i < n; i++) {
        double x = v[i] / max;
        double y = x * x - comp;
        double t = sum + y;
        comp = (t - sum) - y;
        sum = t;
    }
    return max * sqrt(sum);
}

static Value m_hypot(ThreadState *ts, int argc, Value *argv,
                     ObjTuple *kwnames)
{
    if (args_no_kwargs(ts, "hypot", kwnames) < 0)
        return ERR_VAL;
    double *v = malloc(((size_t)argc + 1) * sizeof *v);
    if (!v)
        return exc_no_memory(ts);
    for (int i = 0; i < argc; i++) {
        if (to_double(ts, argv[i], &v[i]) < 0) {
            free(v);
            return ERR_VAL;
        }
    }
    double r = norm(v, (size_t)argc);
    free(v);
    return FLOAT_VAL(r);
}

static Value m_dist(ThreadState *ts, int argc, Value *argv,
                    ObjTuple *kwnames)
{
    if (args_positional(ts, "dist", argc, kwnames, 2, 2) < 0)
        return ERR_VAL;
    ObjTuple *p = tuple_from_iterable(ts, argv[0]);
    if (!p)
        return ERR_VAL;
    PROTECT_OBJ(ts, p);
    ObjTuple *q = tuple_from_iterable(ts, argv[1]);
    if (!q) {
        UNPROTECT(ts, 1);
        return ERR_VAL;
    }
    PROTECT_OBJ(ts, q);
    Value res = ERR_VAL;
    if (p->len != q->len) {
        RAISE(ts, ValueError,
              "both points must have the same number of dimensions");
    } else {
        double *d = malloc((p->len + 1) * sizeof *d);
        size_t i;
        for (i = 0; d && i < p->len; i++) {
            double a, b;
            if (to_double(ts, p->items[i], &a) < 0 ||
                to_double(ts, q->items[i], &b) < 0)
                break;
            d[i] = a - b;
        }
        if (!d)
            exc_no_memory(ts);
        else if (i == p->len)
            res = FLOAT_VAL(norm(d, p->len));
        free(d);
    }
    UNPROTECT(ts, 2);
    return res;
}

ObjModule *mod_math_init(ThreadState *ts)
{
    ObjModule *mod = module_new(ts, "math");
    if (!mod)
        return NULL;
    PROTECT_OBJ(ts, mod);
    static const struct {
        const char *name;
        NativeFn fn;
    } fns[] = {
        {"sqrt", m_sqrt},         {"exp", m_exp},
        {"exp2", m_exp2},         {"expm1", m_expm1},
        {"cbrt", m_cbrt},         {"sin", m_sin},
        {"cos", m_cos},           {"tan", m_tan},
        {"asin", m_asin},         {"acos", m_acos},
        {"atan", m_atan},         {"sinh", m_sinh},
        {"cosh", m_cosh},         {"tanh", m_tanh},
        {"asinh", m_asinh},       {"acosh", m_acosh},
        {"atanh", m_atanh},       {"fabs", m_fabs},
        {"erf", m_erf},           {"erfc", m_erfc},
        {"log1p", m_log1p},       {"degrees", m_degrees},
        {"radians", m_radians},   {"gamma", m_gamma},
        {"lgamma", m_lgamma},     {"log", m_log},
        {"log2", m_log2},         {"log10", m_log10},
        {"pow", m_pow},           {"atan2", m_atan2},
        {"copysign", m_copysign}, {"fmod", m_fmod},
        {"remainder", m_remainder}, {"nextafter", m_nextafter},
        {"ulp", m_ulp},           {"modf", m_modf},
        {"frexp", m_frexp},       {"ldexp", m_ldexp},
        {"isfinite", m_isfinite}, {"isinf", m_isinf},
        {"isnan", m_isnan},       {"isclose", m_isclose},
        {"floor", m_floor},       {"ceil", m_ceil},
        {"trunc", m_trunc},       {"factorial", m_factorial},
        {"gcd", m_gcd},           {"lcm", m_lcm},
        {"isqrt", m_isqrt},       {"comb", m_comb},
        {"perm", m_perm},         {"prod", m_prod},
        {"fsum", m_fsum},         {"hypot", m_hypot},
        {"dist", m_dist},
    };
    for (size_t i = 0; i < sizeof fns / sizeof *fns; i++) {
        if (module_add_fn(ts, mod, fns[i].name, fns[i].fn) < 0)
            goto fail;
    }
    if (module_add_value(ts, mod, "pi", FLOAT_VAL(M_PI)) < 0 ||
        module_add_value(ts, mod, "e", FLOAT_VAL(M_E)) < 0 ||
        module_add_value(ts, mod, "tau", FLOAT_VAL(2.0 * M_PI)) < 0 ||
        module_add_value(ts, mod, "inf", FLOAT_VAL(INFINITY)) < 0 ||
        module_add_value(ts, mod, "nan", FLOAT_VAL(NAN)) < 0)
        goto fail;
    UNPROTECT(ts, 1);
    return mod;
fail:
    UNPROTECT(ts, 1);
    return NULL;
}
