/* mod_random.c - the random module: a Mersenne Twister that reproduces
 * CPython's sequences exactly.
 *
 * A lecture that prints random.seed(42); random.randint(1, 6) must show
 * the numbers CPython shows, so every step follows CPython 3.11:
 *
 *  - seed(n) for an int n seeds MT19937 with init_by_array, the key being
 *    |n| split into 32-bit words, least significant first (one zero word
 *    for n == 0);
 *  - random() takes two outputs a, b and returns
 *    ((a >> 5) * 2**26 + (b >> 6)) / 2**53;
 *  - getrandbits(k) fills 32-bit words from the least significant end,
 *    the last word keeping only its top bits;
 *  - _randbelow(n) draws getrandbits(n.bit_length()) until the result is
 *    below n, and randrange, randint, choice, shuffle and sample are built
 *    on it exactly as random.py builds them.
 *
 * The generator state is an OBJ_NATIVE_DATA object.  Each module function
 * is a native whose `self` is that object (a bound method, as in CPython,
 * where random.random is Random().random), so the state reaches the C code
 * as argv[0] and there is no global.
 */
#include <fcntl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "args.h"
#include "builtins.h"
#include "class.h"
#include "dict.h"
#include "exc.h"
#include "gc.h"
#include "list.h"
#include "num.h"
#include "ops.h"
#include "str.h"
#include "tuple.h"

#define MT_N 624
#define MT_M 397

typedef struct MTState {
    uint32_t mt[MT_N];
    int index;
    bool has_gauss;
    double gauss_next;
} MTState;

static void mt_init_genrand(MTState *s, uint32_t seed)
{
    s->mt[0] = seed;
    for (int i = 1; i < MT_N; i++)
        s->mt[i] = 1812433253u * (s->mt[i - 1] ^ (s->mt[i - 1] >> 30)) +
                   (uint32_t)i;
    s->index = MT_N;
}

static void mt_init_by_array(MTState *s, const uint32_t *key, size_t len)
{
    mt_init_genrand(s, 19650218u);
    size_t i = 1, j = 0;
    for (size_t k = MT_N > len ? MT_N : len; k; k--) {
        s->mt[i] = (s->mt[i] ^
                    ((s->mt[i - 1] ^ (s->mt[i - 1] >> 30)) * 1664525u)) +
                   key[j] + (uint32_t)j;
        i++;
        j++;
        if (i >= MT_N) {
            s->mt[0] = s->mt[MT_N - 1];
            i = 1;
        }
        if (j >= len)
            j = 0;
    }
    for (size_t k = MT_N - 1; k; k--) {
        s->mt[i] = (s->mt[i] ^
                    ((s->mt[i - 1] ^ (s->mt[i - 1] >> 30)) * 1566083941u)) -
                   (uint32_t)i;
        i++;
        if (i >= MT_N) {
            s->mt[0] = s->mt[MT_N - 1];
            i = 1;
        }
    }
    s->mt[0] = 0x80000000u;
    s->index = MT_N;
    s->has_gauss = false;
}

static uint32_t mt_next(MTState *s)
{
    static const uint32_t mag01[2] = {0u, 0x9908b0dfu};
    uint32_t y;
    if (s->index >= MT_N) {
        int kk;
        for (kk = 0; kk < MT_N - MT_M; kk++) {
            y = (s->mt[kk] & 0x80000000u) | (s->mt[kk + 1] & 0x7fffffffu);
            s->mt[kk] = s->mt[kk + MT_M] ^ (y >> 1) ^ mag01[y & 1u];
        }
        for (; kk < MT_N - 1; kk++) {
            y = (s->mt[kk] & 0x80000000u) | (s->mt[kk + 1] & 0x7fffffffu);
            s->mt[kk] = s->mt[kk + (MT_M - MT_N)] ^ (y >> 1) ^ mag01[y & 1u];
        }
        y = (s->mt[MT_N - 1] & 0x80000000u) | (s->mt[0] & 0x7fffffffu);
        s->mt[MT_N - 1] = s->mt[MT_M - 1] ^ (y >> 1) ^ mag01[y & 1u];
        s->index = 0;
    }
    y = s->mt[s->index++];
    y ^= (y >> 11);
    y ^= (y << 7) & 0x9d2c5680u;
    y ^= (y << 15) & 0xefc60000u;
    y ^= (y >> 18);
    return y;
}

static double mt_random(MTState *s)
{
    uint32_t a = mt_next(s) >> 5, b = mt_next(s) >> 6;
    return ((double)a * 67108864.0 + (double)b) * (1.0 / 9007199254740992.0);
}

/* k random bits, k <= 64, built as CPython's getrandbits builds them. */
static uint64_t mt_bits64(MTState *s, int k)
{
    if (k <= 0)
        return 0;
    if (k <= 32)
        return mt_next(s) >> (32 - k);
    uint64_t lo = mt_next(s);
    uint64_t hi = mt_next(s) >> (64 - k);
    return (hi << 32) | lo;
}

/* k random bits of any size into [out]. */
static void mt_bits_mpz(MTState *s, uint64_t k, mpz_t out)
{
    size_t words = (size_t)((k - 1) / 32 + 1);
    uint32_t *w = malloc(words * sizeof *w);
    if (!w) {
        mpz_set_ui(out, 0);
        return;
    }
    for (size_t i = 0; i < words; i++, k -= 32) {
        uint32_t r = mt_next(s);
        if (k < 32)
            r >>= (32 - k);
        w[i] = r;
    }
    mpz_import(out, words, -1, sizeof(uint32_t), 0, 0, w);
    free(w);
}

static int bit_length64(uint64_t n)
{
    return n ? 64 - __builtin_clzll(n) : 0;
}

/* A uniform int in [0, n), n > 0. */
static uint64_t mt_below(MTState *s, uint64_t n)
{
    int k = bit_length64(n);
    uint64_t r = mt_bits64(s, k);
    while (r >= n)
        r = mt_bits64(s, k);
    return r;
}

static void mt_below_mpz(MTState *s, const mpz_t n, mpz_t out)
{
    size_t k = mpz_sizeinbase(n, 2);
    mt_bits_mpz(s, k, out);
    while (mpz_cmp(out, n) >= 0)
        mt_bits_mpz(s, k, out);
}

static void mt_mark(Interp *interp, void *data)
{
    (void)interp;
    (void)data;
}

static const NativeDataType mt_type = {"Random", mt_mark, free};

static MTState *state_of(ThreadState *ts, Value self)
{
    if (IS_KIND(self, OBJ_NATIVE_DATA) && AS_NATIVE_DATA(self)->type == &mt_type)
        return AS_NATIVE_DATA(self)->data;
    RAISE(ts, TypeError, "descriptor requires a 'Random' object");
    return NULL;
}

/* Parse a Random method's arguments into [a] (a[0] being self) and return
 * self's state; NULL with an exception pending. */
static MTState *parse_method(ThreadState *ts, const ArgSpec *spec, int argc,
                             Value *argv, ObjTuple *kwnames, Value *a)
{
    if (args_parse(ts, spec, argc, argv, kwnames, a) < 0)
        return NULL;
    return state_of(ts, a[0]);
}

/* Seed from the OS (seed() / seed(None)). */
static void seed_from_os(MTState *s)
{
    uint32_t key[MT_N];
    size_t got = 0;
    int fd = open("/dev/urandom", O_RDONLY);
    if (fd >= 0) {
        ssize_t n = read(fd, key, sizeof key);
        if (n > 0)
            got = (size_t)n / sizeof key[0];
        close(fd);
    }
    if (got == 0) {
        struct timespec t;
        clock_gettime(CLOCK_REALTIME, &t);
        key[0] = (uint32_t)t.tv_sec;
        key[1] = (uint32_t)t.tv_nsec;
        key[2] = (uint32_t)getpid();
        got = 3;
    }
    mt_init_by_array(s, key, got);
}

static void seed_from_mpz(MTState *s, const mpz_t n)
{
    mpz_t a;
    mpz_init(a);
    mpz_abs(a, n);
    size_t words = mpz_sgn(a) == 0 ? 1 : (mpz_sizeinbase(a, 2) + 31) / 32;
    uint32_t *key = calloc(words, sizeof *key);
    if (key) {
        size_t count = 0;
        mpz_export(key, &count, -1, sizeof(uint32_t), 0, 0, a);
        mt_init_by_array(s, key, words);
        free(key);
    }
    mpz_clear(a);
}

/* seed(v): None or absent seeds from the OS. 0 or -1. */
static int seed_state(ThreadState *ts, MTState *s, Value v)
{
    if (IS_UNDEF(v) || IS_NONE(v)) {
        seed_from_os(s);
        return 0;
    }
    mpz_t z;
    mpz_init(z);
    if (num_is_int(v)) {
        int_to_mpz(IS_BOOL(v) ? INT_VAL(AS_BOOL(v)) : v, z);
    } else if (IS_STR(v)) {
        /* CPython hashes str seeds with SHA-512; mpy folds the bytes into
         * an int instead (reproducible, but not CPython's sequence). */
        ObjStr *str = AS_STR(v);
        mpz_import(z, str->len, 1, 1, 0, 0, str->data);
    } else {
        uint64_t h;
        if (obj_hash(ts, v, &h) < 0) {
            mpz_clear(z);
            return -1;
        }
        int64_t sh = (int64_t)h;
        mpz_set_si(z, sh);
    }
    seed_from_mpz(s, z);
    mpz_clear(z);
    return 0;
}

static Value r_seed(ThreadState *ts, int argc, Value *argv,
                    ObjTuple *kwnames)
{
    static const ArgSpec spec = {"seed", 3, 1, {NULL, "a", "version"}};
    Value a[3];
    MTState *s = parse_method(ts, &spec, argc, argv, kwnames, a);
    if (!s)
        return ERR_VAL;
    return seed_state(ts, s, a[1]) < 0 ? ERR_VAL : NONE_VAL;
}

static Value r_random(ThreadState *ts, int argc, Value *argv,
                      ObjTuple *kwnames)
{
    if (args_positional(ts, "random", argc - 1, kwnames, 0, 0) < 0)
        return ERR_VAL;
    MTState *s = state_of(ts, argv[0]);
    return s ? FLOAT_VAL(mt_random(s)) : ERR_VAL;
}

static Value r_getrandbits(ThreadState *ts, int argc, Value *argv,
                           ObjTuple *kwnames)
{
    if (args_positional(ts, "getrandbits", argc - 1, kwnames, 1, 1) < 0)
        return ERR_VAL;
    MTState *s = state_of(ts, argv[0]);
    if (!s)
        return ERR_VAL;
    int64_t k;
    if (builtins_as_int64(ts, argv[1], &k) < 0)
        return ERR_VAL;
    if (k < 0)
        return RAISE(ts, ValueError, "number of bits must be non-negative");
    if (k == 0)
        return INT_VAL(0);
    if (k <= 62)
        return INT_VAL((int64_t)mt_bits64(s, (int)k));
    mpz_t z;
    mpz_init(z);
    mt_bits_mpz(s, (uint64_t)k, z);
    Value r = int_from_mpz(ts, z);
    mpz_clear(z);
    return r;
}

/* start + step * _randbelow(n) for int64 or big values. */
static Value below_scaled(ThreadState *ts, MTState *s, const mpz_t start,
                          const mpz_t step, const mpz_t n)
{
    mpz_t r;
    mpz_init(r);
    if (mpz_fits_slong_p(n)) {
        mpz_set_ui(r, (unsigned long)mt_below(s, mpz_get_ui(n)));
    } else {
        mt_below_mpz(s, n, r);
    }
    mpz_mul(r, r, step);
    mpz_add(r, r, start);
    Value v = int_from_mpz(ts, r);
    mpz_clear(r);
    return v;
}

static Value int_value(ThreadState *ts, Value v, const char *what)
{
    if (IS_BOOL(v))
        return INT_VAL(AS_BOOL(v) ? 1 : 0);
    if (num_is_int(v))
        return v;
    if (IS_FLOAT(v)) {
        double d = AS_FLOAT(v);
        if (d == floor(d) && isfinite(d))
            return builtins_int_from_double(ts, d);
        return RAISE(ts, ValueError, "non-integer %s for randrange()", what);
    }
    int64_t i;
    if (builtins_as_int64(ts, v, &i) < 0)
        return ERR_VAL;
    return INT_VAL(i);
}

static Value randrange(ThreadState *ts, MTState *s, Value start, Value stop,
                       Value step)
{
    Value vstart = int_value(ts, start, "arg 1");
    if (IS_ERR(vstart))
        return vstart;
    mpz_t a, b, st, width, n;
    mpz_inits(a, b, st, width, n, NULL);
    Value res = ERR_VAL;
    int_to_mpz(vstart, a);
    if (IS_UNDEF(stop) || IS_NONE(stop)) {
        if (!IS_UNDEF(step)) {
            res = RAISE(ts, TypeError, "Missing a non-None stop argument");
        } else if (mpz_sgn(a) > 0) {
            mpz_set_ui(st, 1);
            mpz_set_ui(b, 0);
            res = below_scaled(ts, s, b, st, a);
        } else {
            res = RAISE(ts, ValueError, "empty range for randrange()");
        }
        goto done;
    }
    Value vstop = int_value(ts, stop, "stop");
    if (IS_ERR(vstop))
        goto done;
    int_to_mpz(vstop, b);
    mpz_sub(width, b, a);
    if (IS_UNDEF(step)) {
        mpz_set_ui(st, 1);
    } else {
        Value vstep = int_value(ts, step, "step");
        if (IS_ERR(vstep))
            goto done;
        int_to_mpz(vstep, st);
    }
    if (mpz_cmp_ui(st, 1) == 0) {
        if (mpz_sgn(width) > 0) {
            res = below_scaled(ts, s, a, st, width);
        } else {
            char *sa = mpz_get_str(NULL, 10, a), *sb = mpz_get_str(NULL, 10, b),
                 *sw = mpz_get_str(NULL, 10, width);
            res = RAISE(ts, ValueError,
                        "empty range for randrange() (%s, %s, %s)", sa, sb,
                        sw);
            void (*freefunc)(void *, size_t);
            mp_get_memory_functions(NULL, NULL, &freefunc);
            freefunc(sa, strlen(sa) + 1);
            freefunc(sb, strlen(sb) + 1);
            freefunc(sw, strlen(sw) + 1);
        }
        goto done;
    }
    if (mpz_sgn(st) > 0) {
        mpz_add(n, width, st);
        mpz_sub_ui(n, n, 1);
    } else if (mpz_sgn(st) < 0) {
        mpz_add(n, width, st);
        mpz_add_ui(n, n, 1);
    } else {
        res = RAISE(ts, ValueError, "zero step for randrange()");
        goto done;
    }
    mpz_fdiv_q(n, n, st);
    if (mpz_sgn(n) <= 0) {
        res = RAISE(ts, ValueError, "empty range for randrange()");
        goto done;
    }
    res = below_scaled(ts, s, a, st, n);
done:
    mpz_clears(a, b, st, width, n, NULL);
    return res;
}

static Value r_randrange(ThreadState *ts, int argc, Value *argv,
                         ObjTuple *kwnames)
{
    static const ArgSpec spec = {"randrange", 4, 2,
                                 {NULL, "start", "stop", "step"}};
    Value a[4];
    MTState *s = parse_method(ts, &spec, argc, argv, kwnames, a);
    if (!s)
        return ERR_VAL;
    return randrange(ts, s, a[1], a[2], a[3]);
}

static Value r_randint(ThreadState *ts, int argc, Value *argv,
                       ObjTuple *kwnames)
{
    static const ArgSpec spec = {"randint", 3, 3, {NULL, "a", "b"}};
    Value a[3];
    MTState *s = parse_method(ts, &spec, argc, argv, kwnames, a);
    if (!s)
        return ERR_VAL;
    Value stop = obj_binary_op(ts, BIN_ADD, a[2], INT_VAL(1), false);
    if (IS_ERR(stop))
        return stop;
    return randrange(ts, s, a[1], stop, UNDEF_VAL);
}

static Value r_choice(ThreadState *ts, int argc, Value *argv,
                      ObjTuple *kwnames)
{
    if (args_positional(ts, "choice", argc - 1, kwnames, 1, 1) < 0)
        return ERR_VAL;
    MTState *s = state_of(ts, argv[0]);
    if (!s)
        return ERR_VAL;
    int64_t n = obj_len(ts, argv[1]);
    if (n < 0)
        return ERR_VAL;
    if (n == 0)
        return RAISE(ts, IndexError, "Cannot choose from an empty sequence");
    return obj_getitem(ts, argv[1], INT_VAL((int64_t)mt_below(s, (uint64_t)n)));
}

static Value r_shuffle(ThreadState *ts, int argc, Value *argv,
                       ObjTuple *kwnames)
{
    if (args_positional(ts, "shuffle", argc - 1, kwnames, 1, 1) < 0)
        return ERR_VAL;
    MTState *s = state_of(ts, argv[0]);
    if (!s)
        return ERR_VAL;
    Value x = argv[1];
    int64_t n = obj_len(ts, x);
    if (n < 0)
        return ERR_VAL;
    for (int64_t i = n - 1; i > 0; i--) {
        int64_t j = (int64_t)mt_below(s, (uint64_t)i + 1);
        if (IS_LIST(x) && (size_t)i < AS_LIST(x)->len) {
            Value *items = AS_LIST(x)->items;
            Value t = items[i];
            items[i] = items[j];
            items[j] = t;
            continue;
        }
        Value xi = obj_getitem(ts, x, INT_VAL(i));
        if (IS_ERR(xi))
            return xi;
        PROTECT(ts, xi);
        Value xj = obj_getitem(ts, x, INT_VAL(j));
        if (IS_ERR(xj)) {
            UNPROTECT(ts, 1);
            return xj;
        }
        PROTECT(ts, xj);
        int r = obj_setitem(ts, x, INT_VAL(i), xj);
        if (r == 0)
            r = obj_setitem(ts, x, INT_VAL(j), xi);
        UNPROTECT(ts, 2);
        if (r < 0)
            return ERR_VAL;
    }
    return NONE_VAL;
}

static int float_arg(ThreadState *ts, Value v, double *out)
{
    if (IS_FLOAT(v)) {
        *out = AS_FLOAT(v);
        return 0;
    }
    if (num_is_int(v))
        return int_to_double(ts, v, out) ? 0 : -1;
    RAISE(ts, TypeError, "must be real number, not %s", obj_type_name(ts, v));
    return -1;
}

/* The optional (mu, sigma) of gauss() and normalvariate(), 0 and 1 when
 * not given. */
static int mu_sigma(ThreadState *ts, const Value *a, double *mu, double *sigma)
{
    *mu = 0.0;
    *sigma = 1.0;
    if ((!IS_UNDEF(a[1]) && float_arg(ts, a[1], mu) < 0) ||
        (!IS_UNDEF(a[2]) && float_arg(ts, a[2], sigma) < 0))
        return -1;
    return 0;
}

static Value r_uniform(ThreadState *ts, int argc, Value *argv,
                       ObjTuple *kwnames)
{
    static const ArgSpec spec = {"uniform", 3, 3, {NULL, "a", "b"}};
    Value a[3];
    MTState *s = parse_method(ts, &spec, argc, argv, kwnames, a);
    double lo, hi;
    if (!s || float_arg(ts, a[1], &lo) < 0 || float_arg(ts, a[2], &hi) < 0)
        return ERR_VAL;
    return FLOAT_VAL(lo + (hi - lo) * mt_random(s));
}

static Value r_gauss(ThreadState *ts, int argc, Value *argv,
                     ObjTuple *kwnames)
{
    static const ArgSpec spec = {"gauss", 3, 1, {NULL, "mu", "sigma"}};
    Value a[3];
    MTState *s = parse_method(ts, &spec, argc, argv, kwnames, a);
    double mu, sigma;
    if (!s || mu_sigma(ts, a, &mu, &sigma) < 0)
        return ERR_VAL;
    double z;
    if (s->has_gauss) {
        z = s->gauss_next;
        s->has_gauss = false;
    } else {
        double x2pi = mt_random(s) * (2.0 * M_PI);
        double g2rad = sqrt(-2.0 * log(1.0 - mt_random(s)));
        z = cos(x2pi) * g2rad;
        s->gauss_next = sin(x2pi) * g2rad;
        s->has_gauss = true;
    }
    return FLOAT_VAL(mu + z * sigma);
}

static Value r_normalvariate(ThreadState *ts, int argc, Value *argv,
                             ObjTuple *kwnames)
{
    static const ArgSpec spec = {"normalvariate", 3, 1, {NULL, "mu", "sigma"}};
    Value a[3];
    MTState *s = parse_method(ts, &spec, argc, argv, kwnames, a);
    double mu, sigma;
    if (!s || mu_sigma(ts, a, &mu, &sigma) < 0)
        return ERR_VAL;
    const double magic = 4 * exp(-0.5) / sqrt(2.0);
    double z;
    for (;;) {
        double u1 = mt_random(s);
        double u2 = 1.0 - mt_random(s);
        z = magic * (u1 - 0.5) / u2;
        double zz = z * z / 4.0;
        if (zz <= -log(u2))
            break;
    }
    return FLOAT_VAL(mu + z * sigma);
}

/* Is [v] a sequence random.sample accepts? */
static bool is_sequence(Value v)
{
    return IS_LIST(v) || IS_TUPLE(v) || IS_STR(v) || IS_KIND(v, OBJ_RANGE) ||
           IS_KIND(v, OBJ_BYTES);
}

/* A small open-addressing set of int64 (the "selected" set of sample). */
typedef struct IntSet {
    int64_t *slots; /* -1 = empty */
    size_t cap;
} IntSet;

static bool intset_add(IntSet *s, int64_t v)
{
    size_t mask = s->cap - 1;
    size_t i = (size_t)(v * 0x9E3779B97F4A7C15ull) & mask;
    while (s->slots[i] != -1) {
        if (s->slots[i] == v)
            return false;
        i = (i + 1) & mask;
    }
    s->slots[i] = v;
    return true;
}

static Value r_sample(ThreadState *ts, int argc, Value *argv,
                      ObjTuple *kwnames)
{
    static const ArgSpec spec = {"sample", 3, 3,
                                 {NULL, "population", "k", "counts"}};
    Value a[4];
    MTState *s = parse_method(ts, &spec, argc, argv, kwnames, a);
    if (!s)
        return ERR_VAL;
    Value pop = a[1];
    if (!is_sequence(pop))
        return RAISE(ts, TypeError, "Population must be a sequence.  "
                                    "For dicts or sets, use sorted(d).");
    if (!IS_UNDEF(a[3]) && !IS_NONE(a[3]))
        return RAISE(ts, NotImplementedError,
                     "sample() with counts is not supported by mpy");
    int64_t n = obj_len(ts, pop), k;
    if (n < 0 || builtins_as_int64(ts, a[2], &k) < 0)
        return ERR_VAL;
    if (k < 0 || k > n)
        return RAISE(ts, ValueError,
                     "Sample larger than population or is negative");
    ObjList *result = list_new(ts, (size_t)k);
    if (!result)
        return ERR_VAL;
    PROTECT_OBJ(ts, result);
    int64_t setsize = 21;
    if (k > 5)
        setsize += (int64_t)pow(4.0, ceil(log((double)(k * 3)) / log(4.0)));
    if (n <= setsize) {
        ObjList *pool = list_from_iterable(ts, pop);
        if (!pool) {
            UNPROTECT(ts, 1);
            return ERR_VAL;
        }
        PROTECT_OBJ(ts, pool);
        for (int64_t i = 0; i < k; i++) {
            int64_t j = (int64_t)mt_below(s, (uint64_t)(n - i));
            if (list_append(ts, result, pool->items[j]) < 0) {
                UNPROTECT(ts, 2);
                return ERR_VAL;
            }
            pool->items[j] = pool->items[n - i - 1];
        }
        UNPROTECT(ts, 2);
        return OBJ_VAL(result);
    }
    IntSet set;
    set.cap = 16;
    while (set.cap < (size_t)k * 2 + 2)
        set.cap *= 2;
    set.slots = malloc(set.cap * sizeof *set.slots);
    if (!set.slots) {
        UNPROTECT(ts, 1);
        return exc_no_memory(ts);
    }
    memset(set.slots, 0xff, set.cap * sizeof *set.slots);
    for (int64_t i = 0; i < k; i++) {
        int64_t j = (int64_t)mt_below(s, (uint64_t)n);
        while (!intset_add(&set, j))
            j = (int64_t)mt_below(s, (uint64_t)n);
        Value item = obj_getitem(ts, pop, INT_VAL(j));
        if (IS_ERR(item) || list_append(ts, result, item) < 0) {
            free(set.slots);
            UNPROTECT(ts, 1);
            return ERR_VAL;
        }
    }
    free(set.slots);
    UNPROTECT(ts, 1);
    return OBJ_VAL(result);
}

static Value r_choices(ThreadState *ts, int argc, Value *argv,
                       ObjTuple *kwnames)
{
    static const ArgSpec spec = {
        "choices", 3, 2, {NULL, "population", "weights", "cum_weights", "k"}};
    Value a[5];
    MTState *s = parse_method(ts, &spec, argc, argv, kwnames, a);
    if (!s)
        return ERR_VAL;
    Value pop = a[1];
    int64_t n = obj_len(ts, pop), k = 1;
    if (n < 0 || (!IS_UNDEF(a[4]) && builtins_as_int64(ts, a[4], &k) < 0))
        return ERR_VAL;
    bool has_w = !IS_UNDEF(a[2]) && !IS_NONE(a[2]);
    bool has_cw = !IS_UNDEF(a[3]) && !IS_NONE(a[3]);
    ObjList *result = list_new(ts, k > 0 ? (size_t)k : 0);
    if (!result)
        return ERR_VAL;
    PROTECT_OBJ(ts, result);
    double *cum = NULL;
    Value res = ERR_VAL;
    if (!has_w && !has_cw) {
        if (n == 0 && k > 0) {
            RAISE(ts, IndexError, "list index out of range");
            goto done;
        }
        for (int64_t i = 0; i < k; i++) {
            int64_t j = (int64_t)floor(mt_random(s) * (double)n);
            Value item = obj_getitem(ts, pop, INT_VAL(j));
            if (IS_ERR(item) || list_append(ts, result, item) < 0)
                goto done;
        }
        res = OBJ_VAL(result);
        goto done;
    }
    if (has_w && has_cw) {
        RAISE(ts, TypeError, "Cannot specify both weights and cumulative "
                             "weights");
        goto done;
    }
    ObjList *w = list_from_iterable(ts, has_w ? a[2] : a[3]);
    if (!w)
        goto done;
    if ((int64_t)w->len != n) {
        RAISE(ts, ValueError,
              "The number of weights does not match the population");
        goto done;
    }
    cum = malloc(((size_t)n + 1) * sizeof *cum);
    if (!cum) {
        exc_no_memory(ts);
        goto done;
    }
    double total = 0.0;
    for (int64_t i = 0; i < n; i++) {
        double x;
        if (float_arg(ts, w->items[i], &x) < 0)
            goto done;
        total = has_w ? total + x : x;
        cum[i] = total;
    }
    if (n == 0) {
        RAISE(ts, IndexError, "list index out of range");
        goto done;
    }
    if (total <= 0.0) {
        RAISE(ts, ValueError, "Total of weights must be greater than zero");
        goto done;
    }
    if (!isfinite(total)) {
        RAISE(ts, ValueError, "Total of weights must be finite");
        goto done;
    }
    for (int64_t i = 0; i < k; i++) {
        double x = mt_random(s) * total;
        /* bisect_right(cum, x, 0, n - 1) */
        int64_t lo = 0, hi = n - 1;
        while (lo < hi) {
            int64_t mid = (lo + hi) / 2;
            if (x < cum[mid])
                hi = mid;
            else
                lo = mid + 1;
        }
        Value item = obj_getitem(ts, pop, INT_VAL(lo));
        if (IS_ERR(item) || list_append(ts, result, item) < 0)
            goto done;
    }
    res = OBJ_VAL(result);
done:
    free(cum);
    UNPROTECT(ts, 1);
    return res;
}

static const struct {
    const char *name;
    NativeFn fn;
} random_methods[] = {
    {"seed", r_seed},
    {"random", r_random},
    {"getrandbits", r_getrandbits},
    {"randrange", r_randrange},
    {"randint", r_randint},
    {"choice", r_choice},
    {"choices", r_choices},
    {"shuffle", r_shuffle},
    {"sample", r_sample},
    {"uniform", r_uniform},
    {"gauss", r_gauss},
    {"normalvariate", r_normalvariate},
};

/* A new generator object of class [cls], seeded with [seed]. */
static Value random_new(ThreadState *ts, ObjClass *cls, Value seed)
{
    MTState *st = calloc(1, sizeof *st);
    if (!st)
        return exc_no_memory(ts);
    PROTECT(ts, seed);
    ObjNativeData *obj = gc_alloc(ts, sizeof(ObjNativeData), OBJ_NATIVE_DATA,
                                  cls);
    UNPROTECT(ts, 1);
    if (!obj) {
        free(st);
        return ERR_VAL;
    }
    obj->type = &mt_type;
    obj->data = st;
    PROTECT_OBJ(ts, obj);
    int r = seed_state(ts, st, seed);
    UNPROTECT(ts, 1);
    return r < 0 ? ERR_VAL : OBJ_VAL(obj);
}

/* random.Random(x=None): an independent generator. */
static Value random_construct(ThreadState *ts, ObjClass *cls, int argc,
                              Value *argv, ObjTuple *kwnames)
{
    static const ArgSpec spec = {"Random", 1, 0, {"x"}};
    Value a[1];
    if (args_parse(ts, &spec, argc, argv, kwnames, a) < 0)
        return ERR_VAL;
    return random_new(ts, cls, a[0]);
}

static ObjClass *make_random_class(ThreadState *ts)
{
    ObjStr *name = str_intern_cstr(ts, "Random");
    if (!name)
        return NULL;
    PROTECT_OBJ(ts, name);
    ObjClass *cls = class_new(ts, name, NULL, NULL);
    UNPROTECT(ts, 1);
    if (!cls)
        return NULL;
    /* built-in: its natives are bound as methods, and a call builds the
     * generator through construct */
    cls->is_builtin = true;
    cls->instance_kind = OBJ_NATIVE_DATA;
    cls->construct = random_construct;
    PROTECT_OBJ(ts, cls);
    for (size_t i = 0; i < sizeof random_methods / sizeof *random_methods; i++)
        class_add_native(ts, cls, random_methods[i].name,
                         random_methods[i].fn);
    ObjStr *modname = str_intern_cstr(ts, "random");
    if (modname) {
        PROTECT_OBJ(ts, modname);
        class_add_value(ts, cls, "__module__", OBJ_VAL(modname));
        UNPROTECT(ts, 1);
    }
    class_update_slots(ts, cls);
    UNPROTECT(ts, 1);
    return cls;
}

/* Make a native bound to the generator [state] and store it in [mod]. */
static int add_method(ThreadState *ts, ObjModule *mod, Value state,
                      const char *name, NativeFn fn)
{
    ObjNative *nat = native_new(ts, name, fn);
    if (!nat)
        return -1;
    nat->self = state;
    return module_add_value(ts, mod, name, OBJ_VAL(nat));
}

ObjModule *mod_random_init(ThreadState *ts)
{
    ObjModule *mod = module_new(ts, "random");
    if (!mod)
        return NULL;
    PROTECT_OBJ(ts, mod);
    ObjClass *cls = make_random_class(ts);
    if (!cls || module_add_value(ts, mod, "Random", OBJ_VAL(cls)) < 0) {
        UNPROTECT(ts, 1);
        return NULL;
    }
    /* the module functions are methods of one hidden instance, as in
     * CPython's random.py */
    Value state = random_new(ts, cls, NONE_VAL);
    if (IS_ERR(state)) {
        UNPROTECT(ts, 1);
        return NULL;
    }
    PROTECT(ts, state);
    for (size_t i = 0; i < sizeof random_methods / sizeof *random_methods;
         i++) {
        if (add_method(ts, mod, state, random_methods[i].name,
                       random_methods[i].fn) < 0) {
            UNPROTECT(ts, 2);
            return NULL;
        }
    }
    if (module_add_value(ts, mod, "_inst", state) < 0) {
        UNPROTECT(ts, 2);
        return NULL;
    }
    UNPROTECT(ts, 2);
    return mod;
}
