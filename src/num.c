/* num.c - int (unboxed int64 or GMP big int), bool and float arithmetic.
 *
 * Representation.  An int that fits in int64_t is always a VAL_INT; only
 * ints outside that range are ObjBigInt holding an mpz_t.  Every path that
 * produces an int from GMP goes through int_from_mpz, which unboxes when it
 * can, so two equal ints always have the same representation.  bool is an
 * int subclass: arithmetic treats True as 1, but &, | and ^ of two bools
 * stay bools.
 *
 * Fast paths use the compiler's overflow-checked builtins and fall back to
 * GMP only when an int64 operation overflows.
 *
 * Python's rounding rules differ from C's: // and % round toward negative
 * infinity (the remainder takes the sign of the divisor), for floats too.
 * int / int is correctly rounded even for big ints: we scale the dividend
 * so the integer quotient has 63 or 64 bits, fold a non-zero remainder
 * into the lowest bit (a "sticky" bit), and let the hardware round that
 * 64-bit integer to a double; the sticky bit sits below the rounding
 * position, so ties are only reported when they are exact.
 *
 * Hashes follow CPython's numeric hash so hash() prints the same numbers:
 * a number x = m * 2**e hashes to m * 2**e modulo the prime P = 2**61 - 1,
 * using 2**61 == 1 (mod P) to reduce the exponent modulo 61; negative
 * numbers hash to the negated value, and -1 becomes -2.
 */
#include "num.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "class.h"
#include "exc.h"
#include "format.h"
#include "gc.h"
#include "ops.h"
#include "str.h"
#include "strbuf.h"
#include "tuple.h"

#define HASH_BITS 61
#define HASH_MOD (((uint64_t)1 << HASH_BITS) - 1)
#define HASH_INF 314159

/* Results larger than this many bits are refused with MemoryError rather
 * than letting a typo like 10**10**10 hang the lecture. */
#define MAX_RESULT_BITS ((uint64_t)1 << 32)

/* ---- conversions --------------------------------------------------------- */

Value int_from_mpz(ThreadState *ts, const mpz_t z)
{
    if (mpz_fits_slong_p(z))
        return INT_VAL((int64_t)mpz_get_si(z));
    ObjBigInt *b = gc_alloc(ts, sizeof(ObjBigInt), OBJ_BIGINT, TYPE(ts, INT));
    if (!b)
        return ERR_VAL;
    mpz_init_set(b->z, z);
    return OBJ_VAL(b);
}

void int_to_mpz(Value v, mpz_t out)
{
    if (IS_INT(v))
        mpz_set_si(out, (long)AS_INT(v));
    else if (IS_BOOL(v))
        mpz_set_si(out, AS_BOOL(v) ? 1 : 0);
    else if (IS_BIGINT(v))
        mpz_set(out, AS_BIGINT(v)->z);
    else
        mpz_set_si(out, 0);
}

bool int_to_int64(Value v, int64_t *out)
{
    if (IS_INT(v)) {
        *out = AS_INT(v);
        return true;
    }
    if (IS_BOOL(v)) {
        *out = AS_BOOL(v);
        return true;
    }
    return false;
}

/* A correctly rounded double for [z]; false when it overflows. */
static bool mpz_to_double(const mpz_t z, double *out)
{
    size_t bits = mpz_sizeinbase(z, 2);
    if (bits <= 53) {
        *out = mpz_get_d(z); /* exact */
        return true;
    }
    if (bits > 1024) {
        return false;
    }
    /* Keep the top 64 bits, with a sticky bit for anything below. */
    mpz_t t;
    mpz_init(t);
    mpz_abs(t, z);
    size_t shift = bits > 64 ? bits - 64 : 0;
    bool sticky = shift && mpz_scan1(t, 0) < shift;
    mpz_fdiv_q_2exp(t, t, shift);
    uint64_t top = 0;
    mpz_export(&top, NULL, -1, sizeof top, 0, 0, t);
    mpz_clear(t);
    if (sticky)
        top |= 1;
    double d = ldexp((double)top, (int)shift);
    if (isinf(d))
        return false;
    *out = mpz_sgn(z) < 0 ? -d : d;
    return true;
}

bool int_to_double(ThreadState *ts, Value v, double *out)
{
    if (IS_INT(v)) {
        *out = (double)AS_INT(v);
        return true;
    }
    if (IS_BOOL(v)) {
        *out = AS_BOOL(v) ? 1.0 : 0.0;
        return true;
    }
    if (IS_BIGINT(v) && mpz_to_double(AS_BIGINT(v)->z, out))
        return true;
    RAISE(ts, OverflowError, "int too large to convert to float");
    return false;
}

/* ---- int arithmetic ----------------------------------------------------- */

/* Correctly rounded a / b for b != 0. */
static Value true_divide(ThreadState *ts, const mpz_t a, const mpz_t b)
{
    size_t na = mpz_sizeinbase(a, 2), nb = mpz_sizeinbase(b, 2);
    if (mpz_sgn(a) == 0)
        return FLOAT_VAL(mpz_sgn(b) < 0 ? -0.0 : 0.0);
    if (na <= 53 && nb <= 53)
        return FLOAT_VAL(mpz_get_d(a) / mpz_get_d(b));
    if ((long)na - (long)nb > DBL_MAX_EXP + 1)
        return RAISE(ts, OverflowError,
                     "integer division result too large for a float");
    if ((long)nb - (long)na > -DBL_MIN_EXP + DBL_MANT_DIG + 2) {
        bool neg = (mpz_sgn(a) < 0) != (mpz_sgn(b) < 0);
        return FLOAT_VAL(neg ? -0.0 : 0.0);
    }
    long k = 63 - ((long)na - (long)nb); /* scale a by 2**k */
    mpz_t num, den, q, r;
    mpz_inits(num, den, q, r, NULL);
    mpz_abs(num, a);
    mpz_abs(den, b);
    if (k > 0)
        mpz_mul_2exp(num, num, (unsigned long)k);
    else if (k < 0)
        mpz_mul_2exp(den, den, (unsigned long)-k);
    mpz_tdiv_qr(q, r, num, den);
    uint64_t top = 0;
    mpz_export(&top, NULL, -1, sizeof top, 0, 0, q);
    if (mpz_sgn(r) != 0)
        top |= 1;
    bool neg = (mpz_sgn(a) < 0) != (mpz_sgn(b) < 0);
    mpz_clears(num, den, q, r, NULL);
    double d = ldexp((double)top, (int)-k);
    if (isinf(d))
        return RAISE(ts, OverflowError,
                     "integer division result too large for a float");
    return FLOAT_VAL(neg ? -d : d);
}

/* a ** e for an int [a] and a negative exponent [e]: a float, as in
 * CPython. */
static Value negative_pow(ThreadState *ts, Value a, double e)
{
    double da;
    if (!int_to_double(ts, a, &da))
        return ERR_VAL;
    if (da == 0)
        return RAISE(ts, ZeroDivisionError,
                     "0.0 cannot be raised to a negative power");
    return float_binary_op(ts, BIN_POW, da, e);
}

static Value int_pow(ThreadState *ts, Value a, Value b)
{
    if (IS_BIGINT(b)) {
        /* Only 0, 1 and -1 survive an exponent this large. */
        int64_t base;
        if (mpz_sgn(AS_BIGINT(b)->z) < 0)
            return negative_pow(ts, a, mpz_get_d(AS_BIGINT(b)->z));
        if (int_to_int64(a, &base) && (base == 0 || base == 1))
            return INT_VAL(base);
        if (int_to_int64(a, &base) && base == -1)
            return INT_VAL(mpz_odd_p(AS_BIGINT(b)->z) ? -1 : 1);
        return exc_raise_value(ts, OBJ_VAL(TYPE(ts, MemoryError)));
    }
    int64_t e = IS_BOOL(b) ? AS_BOOL(b) : AS_INT(b);
    if (e < 0)
        return negative_pow(ts, a, (double)e);
    int64_t x;
    if (int_to_int64(a, &x)) {
        if (x == 0 || x == 1)
            return INT_VAL(e == 0 ? 1 : x);
        if (x == -1)
            return INT_VAL((e & 1) ? -1 : 1);
        /* Square-and-multiply in int64 while it fits. */
        int64_t result = 1, base = x;
        int64_t n = e;
        bool overflow = false;
        while (n > 0) {
            if (n & 1) {
                if (__builtin_mul_overflow(result, base, &result)) {
                    overflow = true;
                    break;
                }
            }
            n >>= 1;
            if (n && __builtin_mul_overflow(base, base, &base)) {
                overflow = true;
                break;
            }
        }
        if (!overflow)
            return INT_VAL(result);
    }
    mpz_t z;
    mpz_init(z);
    int_to_mpz(a, z);
    uint64_t bits = (uint64_t)mpz_sizeinbase(z, 2);
    if (bits > 1 && (uint64_t)e > MAX_RESULT_BITS / (bits - 1)) {
        mpz_clear(z);
        return exc_raise_value(ts, OBJ_VAL(TYPE(ts, MemoryError)));
    }
    mpz_pow_ui(z, z, (unsigned long)e);
    Value r = int_from_mpz(ts, z);
    mpz_clear(z);
    return r;
}

/* The slow path of every binary op, in GMP. */
static Value int_binary_big(ThreadState *ts, BinaryOp op, Value a, Value b)
{
    mpz_t x, y, r;
    mpz_inits(x, y, r, NULL);
    int_to_mpz(a, x);
    int_to_mpz(b, y);
    Value res = UNDEF_VAL;
    bool done = false;
    switch (op) {
    case BIN_ADD:
        mpz_add(r, x, y);
        break;
    case BIN_SUB:
        mpz_sub(r, x, y);
        break;
    case BIN_MUL:
        mpz_mul(r, x, y);
        break;
    case BIN_FLOORDIV:
    case BIN_MOD:
        if (mpz_sgn(y) == 0) {
            res = RAISE(ts, ZeroDivisionError, op == BIN_MOD
                            ? "integer modulo by zero"
                            : "integer division or modulo by zero");
            done = true;
        } else if (op == BIN_FLOORDIV) {
            mpz_fdiv_q(r, x, y);
        } else {
            mpz_fdiv_r(r, x, y);
        }
        break;
    case BIN_TRUEDIV:
        if (mpz_sgn(y) == 0)
            res = RAISE(ts, ZeroDivisionError, "division by zero");
        else
            res = true_divide(ts, x, y);
        done = true;
        break;
    case BIN_LSHIFT:
    case BIN_RSHIFT:
        if (mpz_sgn(y) < 0) {
            res = RAISE(ts, ValueError, "negative shift count");
            done = true;
        } else if (op == BIN_RSHIFT) {
            if (!mpz_fits_ulong_p(y))
                mpz_set_si(r, mpz_sgn(x) < 0 ? -1 : 0);
            else
                mpz_fdiv_q_2exp(r, x, mpz_get_ui(y));
        } else if (mpz_sgn(x) == 0) {
            mpz_set_ui(r, 0);
        } else if (!mpz_fits_ulong_p(y) ||
                   mpz_get_ui(y) + mpz_sizeinbase(x, 2) > MAX_RESULT_BITS) {
            res = RAISE(ts, OverflowError, "too many digits in integer");
            done = true;
        } else {
            mpz_mul_2exp(r, x, mpz_get_ui(y));
        }
        break;
    case BIN_AND:
        mpz_and(r, x, y);
        break;
    case BIN_OR:
        mpz_ior(r, x, y);
        break;
    case BIN_XOR:
        mpz_xor(r, x, y);
        break;
    case BIN_POW:
        res = int_pow(ts, a, b);
        done = true;
        break;
    default:
        res = RAISE(ts, TypeError,
                    "unsupported operand type(s) for %s: 'int' and 'int'",
                    binop_symbol(op));
        done = true;
        break;
    }
    if (!done)
        res = int_from_mpz(ts, r);
    mpz_clears(x, y, r, NULL);
    return res;
}

Value int_binary_op(ThreadState *ts, BinaryOp op, Value a, Value b)
{
    if (IS_BOOL(a) && IS_BOOL(b)) {
        bool x = AS_BOOL(a), y = AS_BOOL(b);
        if (op == BIN_AND)
            return BOOL_VAL(x && y);
        if (op == BIN_OR)
            return BOOL_VAL(x || y);
        if (op == BIN_XOR)
            return BOOL_VAL(x != y);
    }
    int64_t x, y, r;
    if (!int_to_int64(a, &x) || !int_to_int64(b, &y))
        return int_binary_big(ts, op, a, b);
    switch (op) {
    case BIN_ADD:
        if (!__builtin_add_overflow(x, y, &r))
            return INT_VAL(r);
        break;
    case BIN_SUB:
        if (!__builtin_sub_overflow(x, y, &r))
            return INT_VAL(r);
        break;
    case BIN_MUL:
        if (!__builtin_mul_overflow(x, y, &r))
            return INT_VAL(r);
        break;
    case BIN_FLOORDIV:
    case BIN_MOD:
        if (y == 0)
            return RAISE(ts, ZeroDivisionError, op == BIN_MOD
                             ? "integer modulo by zero"
                             : "integer division or modulo by zero");
        if (x == INT64_MIN && y == -1)
            break;
        {
            int64_t q = x / y, m = x % y;
            if (m != 0 && ((m < 0) != (y < 0))) {
                q--;
                m += y;
            }
            return INT_VAL(op == BIN_FLOORDIV ? q : m);
        }
    case BIN_TRUEDIV:
        if (y == 0)
            return RAISE(ts, ZeroDivisionError, "division by zero");
        if (x > -(INT64_C(1) << 53) && x < (INT64_C(1) << 53) &&
            y > -(INT64_C(1) << 53) && y < (INT64_C(1) << 53))
            return FLOAT_VAL((double)x / (double)y);
        break;
    case BIN_POW:
        return int_pow(ts, a, b);
    case BIN_LSHIFT:
        if (y < 0)
            return RAISE(ts, ValueError, "negative shift count");
        if (x == 0)
            return INT_VAL(0);
        if (y < 63) {
            int64_t lim = INT64_MAX >> y;
            if (x <= lim && x >= -lim - 1)
                return INT_VAL((int64_t)((uint64_t)x << y));
        }
        break;
    case BIN_RSHIFT:
        if (y < 0)
            return RAISE(ts, ValueError, "negative shift count");
        if (y >= 64)
            return INT_VAL(x < 0 ? -1 : 0);
        return INT_VAL(x >> y);
    case BIN_AND:
        return INT_VAL(x & y);
    case BIN_OR:
        return INT_VAL(x | y);
    case BIN_XOR:
        return INT_VAL(x ^ y);
    default:
        break;
    }
    return int_binary_big(ts, op, a, b);
}

Value int_unary_op(ThreadState *ts, UnaryOp op, Value v)
{
    int64_t x;
    if (int_to_int64(v, &x)) {
        switch (op) {
        case UN_NEG:
            if (x != INT64_MIN)
                return INT_VAL(-x);
            break;
        case UN_POS:
            return INT_VAL(x);
        case UN_INVERT:
            return INT_VAL(~x);
        case UN_NOT:
            return BOOL_VAL(x == 0);
        }
    }
    if (op == UN_NOT)
        return FALSE_VAL; /* a big int is never zero */
    mpz_t z;
    mpz_init(z);
    int_to_mpz(v, z);
    if (op == UN_NEG)
        mpz_neg(z, z);
    else if (op == UN_INVERT)
        mpz_com(z, z);
    Value r = int_from_mpz(ts, z);
    mpz_clear(z);
    return r;
}

int int_compare(Value a, Value b)
{
    int64_t x, y;
    if (int_to_int64(a, &x) && int_to_int64(b, &y))
        return x < y ? -1 : x > y ? 1 : 0;
    mpz_t p, q;
    mpz_inits(p, q, NULL);
    int_to_mpz(a, p);
    int_to_mpz(b, q);
    int c = mpz_cmp(p, q);
    mpz_clears(p, q, NULL);
    return c < 0 ? -1 : c > 0 ? 1 : 0;
}

/* Returns 2 when [b] is NaN: unordered, every comparison is false except
 * != (the caller checks). */
int num_compare_int_float(Value a, double b)
{
    if (isnan(b))
        return 2;
    if (isinf(b))
        return b > 0 ? -1 : 1;
    int64_t x;
    if (int_to_int64(a, &x) && x > -(INT64_C(1) << 53) &&
        x < (INT64_C(1) << 53)) {
        double d = (double)x;
        return d < b ? -1 : d > b ? 1 : 0;
    }
    /* Compare with floor(b) exactly, then let the fraction break ties. */
    double fl = floor(b);
    mpz_t p, q;
    mpz_inits(p, q, NULL);
    int_to_mpz(a, p);
    mpz_set_d(q, fl);
    int c = mpz_cmp(p, q);
    mpz_clears(p, q, NULL);
    if (c < 0)
        return -1;
    if (c > 0)
        return 1;
    return b > fl ? -1 : 0;
}

/* ---- float arithmetic ------------------------------------------------- */

/* Python's float modulo: the result has the sign of the divisor. */
static double float_mod(double a, double b)
{
    double m = fmod(a, b);
    if (m != 0) {
        if ((b < 0) != (m < 0))
            m += b;
    } else {
        m = copysign(0.0, b);
    }
    return m;
}

static double float_floordiv(double a, double b)
{
    double m = fmod(a, b);
    double d = (a - m) / b;
    if (m != 0 && ((b < 0) != (m < 0)))
        d -= 1.0;
    if (d != 0) {
        double f = floor(d);
        if (d - f > 0.5)
            f += 1.0;
        return f;
    }
    return copysign(0.0, a / b);
}

Value float_binary_op(ThreadState *ts, BinaryOp op, double a, double b)
{
    switch (op) {
    case BIN_ADD:
        return FLOAT_VAL(a + b);
    case BIN_SUB:
        return FLOAT_VAL(a - b);
    case BIN_MUL:
        return FLOAT_VAL(a * b);
    case BIN_TRUEDIV:
        if (b == 0)
            return RAISE(ts, ZeroDivisionError, "float division by zero");
        return FLOAT_VAL(a / b);
    case BIN_FLOORDIV:
        if (b == 0)
            return RAISE(ts, ZeroDivisionError,
                         "float floor division by zero");
        if (isinf(b) && isfinite(a))
            return FLOAT_VAL((a == 0 || (a > 0) == (b > 0)) ? copysign(0.0, a / b)
                                                             : -1.0);
        return FLOAT_VAL(float_floordiv(a, b));
    case BIN_MOD:
        if (b == 0)
            return RAISE(ts, ZeroDivisionError, "float modulo");
        return FLOAT_VAL(float_mod(a, b));
    case BIN_POW: {
        if (b == 0)
            return FLOAT_VAL(1.0);
        if (a == 0 && b < 0 && isfinite(b))
            return RAISE(ts, ZeroDivisionError,
                         "0.0 cannot be raised to a negative power");
        if (a < 0 && isfinite(a) && isfinite(b) && b != floor(b))
            /* CPython returns a complex number here; mpy has none, so the
             * result is NaN (what C's pow gives), which at least compares
             * unequal to every real as the complex would. */
            return FLOAT_VAL(NAN);
        double r = pow(a, b);
        if (isinf(r) && isfinite(a) && isfinite(b))
            return RAISE(ts, OverflowError, "(34, 'Numerical result out of range')");
        return FLOAT_VAL(r);
    }
    default:
        return RAISE(ts, TypeError,
                     "unsupported operand type(s) for %s: 'float' and 'float'",
                     binop_symbol(op));
    }
}

/* ---- text ------------------------------------------------------------------ */

Value int_repr(ThreadState *ts, Value v)
{
    if (IS_BOOL(v))
        return OBJ_VAL(str_intern_cstr(ts, AS_BOOL(v) ? "True" : "False"));
    if (IS_INT(v)) {
        /* str(i) is hot in string-building code: convert the digits by
           hand, right to left, rather than through printf's machinery. */
        char buf[24];
        char *end = buf + sizeof buf, *p = end;
        int64_t i = AS_INT(v);
        uint64_t u = i < 0 ? 0 - (uint64_t)i : (uint64_t)i;
        do {
            *--p = (char)('0' + u % 10);
            u /= 10;
        } while (u);
        if (i < 0)
            *--p = '-';
        ObjStr *s = str_new(ts, p, (size_t)(end - p));
        return s ? OBJ_VAL(s) : ERR_VAL;
    }
    return int_to_base(ts, v, 10, false);
}

Value int_to_base(ThreadState *ts, Value v, int base, bool prefix)
{
    mpz_t z;
    mpz_init(z);
    int_to_mpz(v, z);
    StrBuf sb;
    sb_init(&sb);
    if (mpz_sgn(z) < 0) {
        sb_putc(&sb, '-');
        mpz_neg(z, z);
    }
    if (prefix) {
        if (base == 2)
            sb_puts(&sb, "0b");
        else if (base == 8)
            sb_puts(&sb, "0o");
        else if (base == 16)
            sb_puts(&sb, "0x");
    }
    char *digits = mpz_get_str(NULL, base, z);
    sb_puts(&sb, digits);
    void (*freefn)(void *, size_t);
    mp_get_memory_functions(NULL, NULL, &freefn);
    freefn(digits, strlen(digits) + 1);
    mpz_clear(z);
    ObjStr *s = str_from_buf(ts, &sb);
    return s ? OBJ_VAL(s) : ERR_VAL;
}

static bool is_ws(char c)
{
    return c == ' ' || (c >= '\t' && c <= '\r') || (c >= 0x1C && c <= 0x1F);
}

static int digit_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'Z')
        return c - 'A' + 10;
    return 99;
}

static Value bad_literal(ThreadState *ts, const char *what, const char *s,
                         size_t len, int base)
{
    StrBuf copy; /* [s] may live in a heap str: copy before allocating */
    sb_init(&copy);
    sb_append(&copy, s, len);
    ObjStr *text = str_from_buf(ts, &copy);
    if (!text)
        return ERR_VAL;
    PROTECT_OBJ(ts, text);
    ObjStr *r = str_repr(ts, text);
    UNPROTECT(ts, 1);
    if (!r)
        return ERR_VAL;
    if (base >= 0)
        return RAISE(ts, ValueError, "invalid literal for int() with base %d: %s",
                     base, r->data);
    return RAISE(ts, ValueError, "%s: %s", what, r->data);
}

/* int() and float() accept any Unicode decimal digit and whitespace: map
 * the common ones to ASCII; other non-ASCII characters become a byte no
 * parser accepts.  Returns false when [s] is pure ASCII (nothing to do). */
static bool ascii_digits(const char *s, size_t len, StrBuf *out)
{
    bool any = false;
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)s[i] >= 0x80)
            any = true;
    if (!any)
        return false;
    static const unsigned zeros[] = {0x660, 0x6F0, 0x966, 0x9E6, 0xE50, 0xFF10};
    for (size_t i = 0; i < len;) {
        int adv;
        unsigned c = utf8_decode(s + i, &adv);
        i += (size_t)adv;
        char mapped = '\x01';
        if (c < 0x80)
            mapped = (char)c;
        else if (c == 0x85 || c == 0xA0 || c == 0x1680 ||
                 (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 ||
                 c == 0x202F || c == 0x205F || c == 0x3000)
            mapped = ' ';
        else
            for (size_t k = 0; k < sizeof zeros / sizeof zeros[0]; k++)
                if (c >= zeros[k] && c <= zeros[k] + 9)
                    mapped = (char)('0' + (c - zeros[k]));
        sb_putc(out, mapped);
    }
    return true;
}

/* Narrow [*start, *end) of [s] to leave out the white space int() and
 * float() ignore around a number. */
static void trim_ws(const char *s, size_t *start, size_t *end)
{
    while (*start < *end && is_ws(s[*start]))
        (*start)++;
    while (*end > *start && is_ws(s[*end - 1]))
        (*end)--;
}

static Value int_parse(ThreadState *ts, const char *s, size_t len, int base,
                       const char *orig, size_t orig_len);

Value int_from_string(ThreadState *ts, const char *s, size_t len, int base)
{
    StrBuf norm;
    sb_init(&norm);
    if (!ascii_digits(s, len, &norm))
        return int_parse(ts, s, len, base, s, len);
    Value r = int_parse(ts, norm.data, norm.len, base, s, len);
    sb_free(&norm);
    return r;
}

static Value int_parse(ThreadState *ts, const char *s, size_t len, int base,
                       const char *orig, size_t orig_len)
{
    if (base != 0 && (base < 2 || base > 36))
        return RAISE(ts, ValueError, "int() base must be >= 2 and <= 36, or 0");
    size_t i = 0, n = len;
    trim_ws(s, &i, &n);
    bool neg = false;
    if (i < n && (s[i] == '+' || s[i] == '-')) {
        neg = s[i] == '-';
        i++;
    }
    int b = base;
    bool after_prefix = false;
    if (n - i >= 2 && s[i] == '0') {
        char p = s[i + 1];
        int pb = (p == 'x' || p == 'X') ? 16 : (p == 'o' || p == 'O') ? 8
                 : (p == 'b' || p == 'B') ? 2 : 0;
        if (pb && (base == 0 || base == pb)) {
            b = pb;
            i += 2;
            after_prefix = true;
        }
    }
    bool base0_decimal = false;
    if (b == 0) {
        b = 10;
        base0_decimal = true;
    }
    /* Digits with single underscores between them (or right after a
     * prefix). */
    StrBuf digits;
    sb_init(&digits);
    bool prev_underscore = false, ok = i < n;
    bool all_zero = true;
    for (size_t k = i; k < n && ok; k++) {
        char c = s[k];
        if (c == '_') {
            if (prev_underscore || (k == i && !after_prefix))
                ok = false;
            prev_underscore = true;
            continue;
        }
        if (digit_value(c) >= b) {
            ok = false;
            break;
        }
        if (c != '0')
            all_zero = false;
        sb_putc(&digits, c);
        prev_underscore = false;
    }
    if (prev_underscore || digits.len == 0)
        ok = false;
    /* Base 0 forbids leading zeros in a non-zero decimal ("010"). */
    if (ok && base0_decimal && digits.len > 1 && digits.data[0] == '0' &&
        !all_zero)
        ok = false;
    if (!ok) {
        sb_free(&digits);
        return bad_literal(ts, NULL, orig, orig_len, base);
    }
    Value r;
    if (digits.len <= 18 && b == 10) {
        r = INT_VAL(strtoll(digits.data, NULL, 10) * (neg ? -1 : 1));
    } else {
        mpz_t z;
        mpz_init(z);
        mpz_set_str(z, digits.data, b);
        if (neg)
            mpz_neg(z, z);
        r = int_from_mpz(ts, z);
        mpz_clear(z);
    }
    sb_free(&digits);
    return r;
}

Value int_from_decimal(ThreadState *ts, const char *digits)
{
    return int_from_string(ts, digits, strlen(digits), 0);
}

/* Does 0.DIGITS * 10**(exp+1) read back as [d]? */
static bool try_digits(const char *digits, size_t nd, int exp, double d)
{
    char t[48];
    snprintf(t, sizeof t, "%c.%se%d", digits[0], nd > 1 ? digits + 1 : "", exp);
    return strtod(t, NULL) == d;
}

/* [digits] plus or minus one unit in the last place, same length; false
 * when the result would change length. */
static bool step_digits(const char *digits, size_t nd, int exp, int dir,
                        char *out, int *out_exp)
{
    memcpy(out, digits, nd + 1);
    *out_exp = exp;
    size_t i = nd;
    while (i-- > 0) {
        if (dir > 0) {
            if (out[i] != '9') {
                out[i]++;
                return true;
            }
            out[i] = '0';
        } else {
            if (out[i] != '0') {
                out[i]--;
                return !(i == 0 && out[0] == '0');
            }
            out[i] = '9';
        }
    }
    return false;
}

/* [prec] significant digits of [ad] that read back as [ad]: the
 * correctly rounded ones, or failing that a neighbour one unit away (the
 * round-trip interval need not contain the nearest decimal). */
static bool digits_at(double ad, int prec, char *digits, size_t *nd, int *exp)
{
    char e[40];
    snprintf(e, sizeof e, "%.*e", prec - 1, ad);
    size_t n = 0;
    const char *p = e;
    for (; *p && *p != 'e'; p++)
        if (*p != '.')
            digits[n++] = *p;
    digits[n] = '\0';
    *nd = n;
    *exp = atoi(p + 1);
    if (try_digits(digits, n, *exp, ad) || prec >= 17)
        return true;
    char alt[24];
    int aexp;
    for (int dir = 1; dir >= -1; dir -= 2) {
        if (step_digits(digits, n, *exp, dir, alt, &aexp) &&
            try_digits(alt, n, aexp, ad)) {
            memcpy(digits, alt, n + 1);
            *exp = aexp;
            return true;
        }
    }
    return false;
}

void float_repr(double d, char *buf, size_t size)
{
    if (isnan(d)) {
        snprintf(buf, size, "nan");
        return;
    }
    if (isinf(d)) {
        snprintf(buf, size, d > 0 ? "inf" : "-inf");
        return;
    }
    if (d == 0) {
        snprintf(buf, size, signbit(d) ? "-0.0" : "0.0");
        return;
    }
    /* The shortest digit string that reads back as the same double.  The
     * doubles that read back as d form an interval narrower than the gap
     * between 15-significant-digit decimals, so at most one 15-digit
     * decimal lies in it; when one does, it is the shortest answer padded
     * with zeros.  Otherwise 16 digits may do, and 17 always do. */
    char digits[24];
    size_t nd = 0;
    int exp = 0;
    bool neg = d < 0;
    double ad = fabs(d);
    if (ad < DBL_MIN) {
        /* Subnormals carry fewer bits, so the interval is wider: search. */
        for (int prec = 1; prec <= 17; prec++)
            if (digits_at(ad, prec, digits, &nd, &exp))
                break;
    } else if (!digits_at(ad, 15, digits, &nd, &exp) &&
               !digits_at(ad, 16, digits, &nd, &exp)) {
        digits_at(ad, 17, digits, &nd, &exp);
    }
    while (nd > 1 && digits[nd - 1] == '0')
        nd--;
    digits[nd] = '\0';
    char out[64];
    size_t o = 0;
    if (neg)
        out[o++] = '-';
    if (exp < -4 || exp >= 16) {
        out[o++] = digits[0];
        if (nd > 1) {
            out[o++] = '.';
            for (size_t k = 1; k < nd; k++)
                out[o++] = digits[k];
        }
        snprintf(out + o, sizeof out - o, "e%c%02d", exp < 0 ? '-' : '+',
                 exp < 0 ? -exp : exp);
    } else if (exp < 0) {
        out[o++] = '0';
        out[o++] = '.';
        for (int k = 0; k < -exp - 1; k++)
            out[o++] = '0';
        for (size_t k = 0; k < nd; k++)
            out[o++] = digits[k];
        out[o] = '\0';
    } else {
        for (int k = 0; k <= exp; k++)
            out[o++] = (size_t)k < nd ? digits[k] : '0';
        out[o++] = '.';
        if ((size_t)exp + 1 < nd) {
            for (size_t k = (size_t)exp + 1; k < nd; k++)
                out[o++] = digits[k];
        } else {
            out[o++] = '0';
        }
        out[o] = '\0';
    }
    snprintf(buf, size, "%s", out);
}

static bool ieq(const char *a, size_t n, const char *b)
{
    if (strlen(b) != n)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = a[i];
        if (c >= 'A' && c <= 'Z')
            c += 32;
        if (c != b[i])
            return false;
    }
    return true;
}

static Value float_parse(ThreadState *ts, const char *s, size_t len,
                         const char *orig, size_t orig_len);

Value float_from_string(ThreadState *ts, const char *s, size_t len)
{
    StrBuf norm;
    sb_init(&norm);
    if (!ascii_digits(s, len, &norm))
        return float_parse(ts, s, len, s, len);
    Value r = float_parse(ts, norm.data, norm.len, s, len);
    sb_free(&norm);
    return r;
}

static Value float_parse(ThreadState *ts, const char *s, size_t len,
                         const char *orig, size_t orig_len)
{
    size_t i = 0, n = len;
    trim_ws(s, &i, &n);
    const char *p = s + i;
    size_t m = n - i;
    size_t k = 0;
    bool neg = false;
    if (k < m && (p[k] == '+' || p[k] == '-')) {
        neg = p[k] == '-';
        k++;
    }
    if (ieq(p + k, m - k, "inf") || ieq(p + k, m - k, "infinity"))
        return FLOAT_VAL(neg ? -INFINITY : INFINITY);
    if (ieq(p + k, m - k, "nan"))
        return FLOAT_VAL(neg ? -NAN : NAN);
    /* Validate: digits [. digits] [e [sign] digits], underscores only
     * between two digits; copy without underscores for strtod. */
    StrBuf clean;
    sb_init(&clean);
    if (neg)
        sb_putc(&clean, '-');
    bool ok = true, any_digits = false;
    int part = 0; /* 0 integer, 1 fraction, 2 exponent */
    bool exp_digits = false;
    for (; k < m && ok; k++) {
        char c = p[k];
        if (c >= '0' && c <= '9') {
            if (part == 2)
                exp_digits = true;
            else
                any_digits = true;
            sb_putc(&clean, c);
        } else if (c == '_') {
            if (k == 0 || k + 1 >= m || !(p[k - 1] >= '0' && p[k - 1] <= '9') ||
                !(p[k + 1] >= '0' && p[k + 1] <= '9'))
                ok = false;
        } else if (c == '.' && part == 0) {
            part = 1;
            sb_putc(&clean, c);
        } else if ((c == 'e' || c == 'E') && part < 2 && any_digits) {
            part = 2;
            sb_putc(&clean, c);
            if (k + 1 < m && (p[k + 1] == '+' || p[k + 1] == '-'))
                sb_putc(&clean, p[++k]);
        } else {
            ok = false;
        }
    }
    if (!any_digits || (part == 2 && !exp_digits))
        ok = false;
    if (!ok) {
        sb_free(&clean);
        return bad_literal(ts, "could not convert string to float", orig,
                           orig_len, -1);
    }
    double d = strtod(clean.data, NULL);
    sb_free(&clean);
    return FLOAT_VAL(d);
}

/* ---- hashing --------------------------------------------------------------- */

static uint64_t hash_signed(int64_t h)
{
    if (h == -1)
        h = -2;
    return (uint64_t)h;
}

uint64_t num_hash_int(Value v)
{
    int64_t x;
    if (int_to_int64(v, &x)) {
        if (x == INT64_MIN)
            return hash_signed(-(int64_t)(((uint64_t)1 << 63) % HASH_MOD));
        uint64_t a = x < 0 ? (uint64_t)-x : (uint64_t)x;
        int64_t h = (int64_t)(a % HASH_MOD);
        return hash_signed(x < 0 ? -h : h);
    }
    const mpz_t *z = &AS_BIGINT(v)->z;
    mpz_t a;
    mpz_init(a);
    mpz_abs(a, *z);
    int64_t h = (int64_t)mpz_fdiv_ui(a, HASH_MOD);
    mpz_clear(a);
    return hash_signed(mpz_sgn(*z) < 0 ? -h : h);
}

uint64_t num_hash_float(double d)
{
    if (isinf(d))
        return hash_signed(d > 0 ? HASH_INF : -HASH_INF);
    if (isnan(d))
        return 0;
    int e;
    double m = frexp(fabs(d), &e); /* |d| = m * 2**e, 0.5 <= m < 1 */
    uint64_t mant = (uint64_t)ldexp(m, 53);
    int exp = e - 53;
    /* 2**exp mod P == 2**(exp mod 61). */
    int k = exp % HASH_BITS;
    if (k < 0)
        k += HASH_BITS;
    unsigned __int128 prod = (unsigned __int128)mant << k;
    int64_t h = (int64_t)(uint64_t)(prod % HASH_MOD);
    return hash_signed(d < 0 ? -h : h);
}

/* ---- round() ---------------------------------------------------------------- */

/* round(v [, ndigits]) for ints and floats; [nd] UNDEF when not given. */
Value num_round(ThreadState *ts, Value v, Value nd)
{
    bool have_nd = !IS_UNDEF(nd) && !IS_NONE(nd);
    int64_t digits = 0;
    if (have_nd) {
        if (!num_is_int(nd))
            return RAISE(ts, TypeError,
                         "'%s' object cannot be interpreted as an integer",
                         obj_type_name(ts, nd));
        if (!int_to_int64(nd, &digits))
            digits = mpz_sgn(AS_BIGINT(nd)->z) < 0 ? -100000 : 100000;
    }
    if (num_is_int(v)) {
        if (!have_nd || digits >= 0)
            return IS_BOOL(v) ? INT_VAL(AS_BOOL(v)) : v;
        /* Round half to even at 10**-digits. */
        mpz_t z, p, q, r;
        mpz_inits(z, p, q, r, NULL);
        int_to_mpz(v, z);
        mpz_ui_pow_ui(p, 10, (unsigned long)(-digits > 100000 ? 100000 : -digits));
        mpz_fdiv_qr(q, r, z, p);
        mpz_mul_2exp(r, r, 1);
        int c = mpz_cmp(r, p);
        if (c > 0 || (c == 0 && mpz_odd_p(q)))
            mpz_add_ui(q, q, 1);
        mpz_mul(z, q, p);
        Value res = int_from_mpz(ts, z);
        mpz_clears(z, p, q, r, NULL);
        return res;
    }
    double d = AS_FLOAT(v);
    if (!have_nd) {
        if (isnan(d))
            return RAISE(ts, ValueError, "cannot convert float NaN to integer");
        if (isinf(d))
            return RAISE(ts, OverflowError,
                         "cannot convert float infinity to integer");
        double r = nearbyint(d); /* ties to even in the default mode */
        if (fabs(r) < 9.2e18)
            return INT_VAL((int64_t)r);
        mpz_t z;
        mpz_init_set_d(z, r);
        Value res = int_from_mpz(ts, z);
        mpz_clear(z);
        return res;
    }
    if (!isfinite(d) || d == 0)
        return FLOAT_VAL(d);
    if (digits > 323)
        return FLOAT_VAL(d);
    if (digits < -308)
        return FLOAT_VAL(copysign(0.0, d));
    if (digits >= 0) {
        /* printf rounds the exact binary value correctly (half to even on
         * true ties), which is what CPython's round does. */
        char buf[400];
        snprintf(buf, sizeof buf, "%.*f", (int)digits, d);
        return FLOAT_VAL(strtod(buf, NULL));
    }
    /* Round |d| at 10**-digits, half to even, using its exact integer
     * part and whether a fraction remains (the divisor is even, so the
     * fraction only matters on an exact tie of the integer part). */
    double ad = fabs(d), ip = trunc(ad);
    bool frac = ad > ip;
    mpz_t z, p, q, r;
    mpz_inits(z, p, q, r, NULL);
    mpz_set_d(z, ip);
    mpz_ui_pow_ui(p, 10, (unsigned long)-digits);
    mpz_fdiv_qr(q, r, z, p);
    mpz_mul_2exp(r, r, 1);
    int c = mpz_cmp(r, p);
    if (c > 0 || (c == 0 && (frac || mpz_odd_p(q))))
        mpz_add_ui(q, q, 1);
    mpz_mul(z, q, p);
    double res;
    if (!mpz_to_double(z, &res)) {
        mpz_clears(z, p, q, r, NULL);
        return RAISE(ts, OverflowError, "rounded value too large to represent");
    }
    mpz_clears(z, p, q, r, NULL);
    return FLOAT_VAL(d < 0 ? -res : res);
}

/* ---- the int, bool and float classes ------------------------------------ */

static Value float_to_int(ThreadState *ts, double d)
{
    if (isnan(d))
        return RAISE(ts, ValueError, "cannot convert float NaN to integer");
    if (isinf(d))
        return RAISE(ts, OverflowError, "cannot convert float infinity to integer");
    double t = trunc(d);
    if (fabs(t) < 9.2e18)
        return INT_VAL((int64_t)t);
    mpz_t z;
    mpz_init_set_d(z, t);
    Value r = int_from_mpz(ts, z);
    mpz_clear(z);
    return r;
}

/* Call a conversion dunder if the object's class has one: 1 = *out set,
 * 0 = no such method, -1 = error. */
static int call_dunder(ThreadState *ts, Value v, ObjStr *name, Value *out)
{
    if (!IS_OBJ(v))
        return 0;
    Value m = class_lookup(obj_class(ts, v), name);
    if (IS_UNDEF(m))
        return 0;
    Value r = obj_call_method(ts, v, name, 0, NULL);
    if (IS_ERR(r))
        return -1;
    *out = r;
    return 1;
}

static Value int_construct(ThreadState *ts, ObjClass *cls, int argc,
                           Value *argv, ObjTuple *kwnames)
{
    static const ArgSpec spec = {"int", 2, 0, {NULL, "base"}};
    Value a[2];
    if (args_parse(ts, &spec, argc, argv, kwnames, a) < 0)
        return ERR_VAL;
    Value x = a[0];
    if (IS_UNDEF(x)) {
        if (!IS_UNDEF(a[1]))
            return RAISE(ts, TypeError, "int() missing string argument");
        return INT_VAL(0);
    }
    if (!IS_UNDEF(a[1])) {
        int64_t base;
        if (!num_is_int(a[1]))
            return RAISE(ts, TypeError,
                         "'%s' object cannot be interpreted as an integer",
                         obj_type_name(ts, a[1]));
        if (!int_to_int64(a[1], &base) || (base != 0 && (base < 2 || base > 36)))
            return RAISE(ts, ValueError,
                         "int() base must be >= 2 and <= 36, or 0");
        if (IS_STR(x))
            return int_from_string(ts, AS_STR(x)->data, AS_STR(x)->len,
                                   (int)base);
        if (IS_KIND(x, OBJ_BYTES))
            return int_from_string(ts, (const char *)AS_BYTES(x)->data,
                                   AS_BYTES(x)->len, (int)base);
        return RAISE(ts, TypeError,
                     "int() can't convert non-string with explicit base");
    }
    if (IS_INT(x) || IS_BIGINT(x))
        return x;
    if (IS_BOOL(x))
        return INT_VAL(AS_BOOL(x));
    if (IS_FLOAT(x))
        return float_to_int(ts, AS_FLOAT(x));
    if (IS_STR(x))
        return int_from_string(ts, AS_STR(x)->data, AS_STR(x)->len, 10);
    if (IS_KIND(x, OBJ_BYTES))
        return int_from_string(ts, (const char *)AS_BYTES(x)->data,
                               AS_BYTES(x)->len, 10);
    Value r;
    int got = call_dunder(ts, x, NAME(ts, int_), &r);
    if (got == 0)
        got = call_dunder(ts, x, NAME(ts, index), &r);
    if (got < 0)
        return ERR_VAL;
    if (got > 0) {
        if (IS_BOOL(r))
            return INT_VAL(AS_BOOL(r));
        if (!num_is_int(r))
            return RAISE(ts, TypeError, "__int__ returned non-int (type %s)",
                         obj_type_name(ts, r));
        return r;
    }
    (void)cls;
    return RAISE(ts, TypeError,
                 "int() argument must be a string, a bytes-like object or a "
                 "real number, not '%s'",
                 obj_type_name(ts, x));
}

/* float(v) for an int [v]: OverflowError when it is too large. */
static Value int_as_float(ThreadState *ts, Value v)
{
    double d;
    if (!int_to_double(ts, v, &d))
        return ERR_VAL;
    return FLOAT_VAL(d);
}

static Value float_construct(ThreadState *ts, ObjClass *cls, int argc,
                             Value *argv, ObjTuple *kwnames)
{
    if (args_positional(ts, "float", argc, kwnames, 0, 1) < 0)
        return ERR_VAL;
    (void)cls;
    if (argc == 0)
        return FLOAT_VAL(0.0);
    Value x = argv[0];
    if (IS_FLOAT(x))
        return x;
    if (num_is_int(x))
        return int_as_float(ts, x);
    if (IS_STR(x))
        return float_from_string(ts, AS_STR(x)->data, AS_STR(x)->len);
    Value r;
    int got = call_dunder(ts, x, NAME(ts, float_), &r);
    if (got < 0)
        return ERR_VAL;
    if (got > 0) {
        if (!IS_FLOAT(r))
            return RAISE(ts, TypeError,
                         "%s.__float__ returned non-float (type %s)",
                         obj_type_name(ts, x), obj_type_name(ts, r));
        return r;
    }
    got = call_dunder(ts, x, NAME(ts, index), &r);
    if (got < 0)
        return ERR_VAL;
    if (got > 0 && num_is_int(r))
        return int_as_float(ts, r);
    return RAISE(ts, TypeError,
                 "float() argument must be a string or a real number, not '%s'",
                 obj_type_name(ts, x));
}

static Value bool_construct(ThreadState *ts, ObjClass *cls, int argc,
                            Value *argv, ObjTuple *kwnames)
{
    if (args_positional(ts, "bool", argc, kwnames, 0, 1) < 0)
        return ERR_VAL;
    (void)cls;
    if (argc == 0)
        return FALSE_VAL;
    int t = obj_truthy(ts, argv[0]);
    if (t < 0)
        return ERR_VAL;
    return BOOL_VAL(t);
}

#define INT_SELF(name)                                                         \
    if (argc < 1 || !num_is_int(argv[0]))                                      \
        return RAISE(ts, TypeError,                                            \
                     "descriptor '" name "' for 'int' objects doesn't apply "  \
                     "to a '%s' object",                                       \
                     argc < 1 ? "NULL" : obj_type_name(ts, argv[0]));          \
    Value self = argv[0];

#define FLOAT_SELF(name)                                                       \
    if (argc < 1 || !IS_FLOAT(argv[0]))                                        \
        return RAISE(ts, TypeError,                                            \
                     "descriptor '" name "' for 'float' objects doesn't "      \
                     "apply to a '%s' object",                                 \
                     argc < 1 ? "NULL" : obj_type_name(ts, argv[0]));          \
    double self = AS_FLOAT(argv[0]);

static int no_args(ThreadState *ts, const char *name, int argc, ObjTuple *kw)
{
    if (args_no_kwargs(ts, name, kw) < 0)
        return -1;
    return args_count(ts, name, argc - 1, 0, 0);
}

static Value m_bit_length(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    INT_SELF("bit_length");
    if (no_args(ts, "bit_length", argc, kw) < 0)
        return ERR_VAL;
    int64_t x;
    if (int_to_int64(self, &x)) {
        uint64_t a = x < 0 ? -(uint64_t)x : (uint64_t)x;
        return INT_VAL(a ? 64 - __builtin_clzll(a) : 0);
    }
    return INT_VAL((int64_t)mpz_sizeinbase(AS_BIGINT(self)->z, 2));
}

static Value m_bit_count(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    INT_SELF("bit_count");
    if (no_args(ts, "bit_count", argc, kw) < 0)
        return ERR_VAL;
    mpz_t z;
    mpz_init(z);
    int_to_mpz(self, z);
    mpz_abs(z, z);
    int64_t n = (int64_t)mpz_popcount(z);
    mpz_clear(z);
    return INT_VAL(n);
}

static Value m_int_conjugate(ThreadState *ts, int argc, Value *argv,
                             ObjTuple *kw)
{
    INT_SELF("conjugate");
    if (no_args(ts, "conjugate", argc, kw) < 0)
        return ERR_VAL;
    return IS_BOOL(self) ? INT_VAL(AS_BOOL(self)) : self;
}

static Value m_int_round(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    INT_SELF("__round__");
    if (args_positional(ts, "__round__", argc - 1, kw, 0, 1) < 0)
        return ERR_VAL;
    return num_round(ts, self, argc > 1 ? argv[1] : UNDEF_VAL);
}

static Value m_float_round(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    FLOAT_SELF("__round__");
    if (args_positional(ts, "__round__", argc - 1, kw, 0, 1) < 0)
        return ERR_VAL;
    return num_round(ts, FLOAT_VAL(self), argc > 1 ? argv[1] : UNDEF_VAL);
}

static Value m_is_integer(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    FLOAT_SELF("is_integer");
    if (no_args(ts, "is_integer", argc, kw) < 0)
        return ERR_VAL;
    return BOOL_VAL(isfinite(self) && self == floor(self));
}

static Value m_float_conjugate(ThreadState *ts, int argc, Value *argv,
                               ObjTuple *kw)
{
    FLOAT_SELF("conjugate");
    if (no_args(ts, "conjugate", argc, kw) < 0)
        return ERR_VAL;
    return FLOAT_VAL(self);
}

static Value m_as_integer_ratio(ThreadState *ts, int argc, Value *argv,
                                ObjTuple *kw)
{
    FLOAT_SELF("as_integer_ratio");
    if (no_args(ts, "as_integer_ratio", argc, kw) < 0)
        return ERR_VAL;
    if (isnan(self))
        return RAISE(ts, ValueError, "cannot convert NaN to integer ratio");
    if (isinf(self))
        return RAISE(ts, OverflowError,
                     "cannot convert Infinity to integer ratio");
    int e;
    double m = frexp(self, &e);
    /* Make the mantissa an integer, then cancel common powers of two. */
    int shift = 0;
    while (m != floor(m)) {
        m *= 2.0;
        shift++;
    }
    e -= shift;
    mpz_t num, den;
    mpz_init_set_d(num, m);
    mpz_init_set_ui(den, 1);
    if (e > 0)
        mpz_mul_2exp(num, num, (unsigned long)e);
    else
        mpz_mul_2exp(den, den, (unsigned long)-e);
    Value n = int_from_mpz(ts, num);
    mpz_clear(num);
    if (IS_ERR(n)) {
        mpz_clear(den);
        return ERR_VAL;
    }
    PROTECT(ts, n);
    Value d = int_from_mpz(ts, den);
    mpz_clear(den);
    if (IS_ERR(d)) {
        UNPROTECT(ts, 1);
        return ERR_VAL;
    }
    PROTECT(ts, d);
    Value items[2] = {n, d};
    ObjTuple *t = tuple_from_array(ts, items, 2);
    UNPROTECT(ts, 2);
    return t ? OBJ_VAL(t) : ERR_VAL;
}

static Value get_int_self(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    INT_SELF("real");
    return IS_BOOL(self) ? INT_VAL(AS_BOOL(self)) : self;
}

static Value get_zero(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    return argc > 0 && IS_FLOAT(argv[0]) ? FLOAT_VAL(0.0) : INT_VAL(0);
}

static Value get_one(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    return INT_VAL(1);
}

static Value get_float_self(ThreadState *ts, int argc, Value *argv,
                            ObjTuple *kw)
{
    FLOAT_SELF("real");
    return FLOAT_VAL(self);
}

void num_register(ThreadState *ts)
{
    ObjClass *ic = TYPE(ts, INT), *fc = TYPE(ts, FLOAT), *bc = TYPE(ts, BOOL);
    ic->construct = int_construct;
    fc->construct = float_construct;
    bc->construct = bool_construct;
    class_add_native(ts, ic, "bit_length", m_bit_length);
    class_add_native(ts, ic, "bit_count", m_bit_count);
    class_add_native(ts, ic, "conjugate", m_int_conjugate);
    class_add_native(ts, ic, "__round__", m_int_round);
    class_add_native(ts, fc, "is_integer", m_is_integer);
    class_add_native(ts, fc, "as_integer_ratio", m_as_integer_ratio);
    class_add_native(ts, fc, "conjugate", m_float_conjugate);
    class_add_native(ts, fc, "__round__", m_float_round);
    class_add_native(ts, ic, "__format__", format_method);
    class_add_native(ts, fc, "__format__", format_method);
    class_add_getter(ts, ic, "real", get_int_self);
    class_add_getter(ts, ic, "imag", get_zero);
    class_add_getter(ts, ic, "numerator", get_int_self);
    class_add_getter(ts, ic, "denominator", get_one);
    class_add_getter(ts, fc, "real", get_float_self);
    class_add_getter(ts, fc, "imag", get_zero);
}
