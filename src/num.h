/* num.h - int (unboxed int64 or GMP big int), bool and float arithmetic. */
#ifndef MPY_NUM_H
#define MPY_NUM_H

#include "interp.h"
#include "ops.h"

/* Is [v] an int in the Python sense: VAL_INT, VAL_BOOL or a big int? */
static inline bool num_is_int(Value v)
{
    return IS_INT(v) || IS_BOOL(v) || IS_BIGINT(v);
}

/* The int of value [z], unboxed when it fits (the one normalising path). */
Value int_from_mpz(ThreadState *ts, const mpz_t z);
/* Set [out] (already initialised) to int-like [v]. */
void int_to_mpz(Value v, mpz_t out);
/* int-like [v] as int64_t; false when it does not fit. */
bool int_to_int64(Value v, int64_t *out);
/* int-like [v] as a double; OverflowError ("int too large to convert to
 * float") -> returns false with the exception pending. */
bool int_to_double(ThreadState *ts, Value v, double *out);

/* a OP b where both are int-like.  Handles overflow into big ints,
 * ZeroDivisionError ("integer division or modulo by zero",
 * "division by zero"), negative shift counts, ** with a negative exponent
 * (float result), true division (float result). */
Value int_binary_op(ThreadState *ts, BinaryOp op, Value a, Value b);
/* a OP b where both are numbers and at least one is a float. */
Value float_binary_op(ThreadState *ts, BinaryOp op, double a, double b);
Value int_unary_op(ThreadState *ts, UnaryOp op, Value v);
/* -1, 0, 1 for int-likes. */
int int_compare(Value a, Value b);
/* Compare an int-like with a double exactly (no rounding errors): -1, 0,
 * 1, or 2 when [b] is NaN (unordered: only != is true). */
int num_compare_int_float(Value a, double b);

/* repr/str of an int-like, in [base] 10 (or 2, 8, 16 with prefix). */
Value int_repr(ThreadState *ts, Value v);
Value int_to_base(ThreadState *ts, Value v, int base, bool prefix);
/* int(text, base), with CPython's rules (underscores, whitespace, sign,
 * base 0 prefixes); ValueError "invalid literal for int() with base 10:
 * 'x'". */
Value int_from_string(ThreadState *ts, const char *s, size_t len, int base);
/* A decimal literal from the compiler (may be big). */
Value int_from_decimal(ThreadState *ts, const char *digits);

/* The shortest repr that round-trips, CPython style: 0.1, 1e+16, 1.5e-07,
 * inf, nan, -0.0.  Writes into [buf] (at least 32 bytes). */
void float_repr(double d, char *buf, size_t size);
Value float_from_string(ThreadState *ts, const char *s, size_t len);

/* Python's hash for numbers (equal numbers hash equal: hash(1) ==
 * hash(1.0) == hash(True)). */
uint64_t num_hash_int(Value v);
uint64_t num_hash_float(double d);

/* round(v) / round(v, ndigits) for an int-like or float [v]; [ndigits]
 * UNDEF or None when not given (then the result is an int).  Half to even,
 * on the exact binary value as CPython does.  Also registered as
 * int.__round__ and float.__round__. */
Value num_round(ThreadState *ts, Value v, Value ndigits);

/* int, bool and float classes: constructors and methods (bit_length,
 * to_bytes?, is_integer, as_integer_ratio, conjugate, real, imag, ...). */
void num_register(ThreadState *ts);

#endif
