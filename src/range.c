/* range.c - range objects, slice objects, and resolving indices and slices
 * against a sequence length (CPython's PySlice_GetIndicesEx rules). */
#include "range.h"

#include <inttypes.h>

#include "args.h"
#include "class.h"
#include "exc.h"
#include "gc.h"
#include "iter.h"
#include "num.h"
#include "ops.h"
#include "str.h"
#include "strbuf.h"
#include "tuple.h"

/* -- integer arguments ------------------------------------------------- */

static bool has_index_method(ThreadState *ts, Value v)
{
    if (!IS_OBJ(v))
        return false;
    return !IS_UNDEF(class_lookup(obj_class(ts, v), NAME(ts, index)));
}

int slice_item_index(ThreadState *ts, Value key, const char *what, int64_t *out)
{
    if (IS_INT(key)) {
        *out = AS_INT(key);
        return 0;
    }
    if (IS_BOOL(key)) {
        *out = AS_BOOL(key) ? 1 : 0;
        return 0;
    }
    if (IS_BIGINT(key)) {
        RAISE(ts, IndexError, "cannot fit 'int' into an index-sized integer");
        return -1;
    }
    if (has_index_method(ts, key))
        return obj_as_index(ts, key, out);
    RAISE(ts, TypeError, "%s indices must be integers or slices, not %s", what,
          obj_type_name(ts, key));
    return -1;
}

int range_int_arg(ThreadState *ts, Value v, int64_t *out)
{
    if (IS_INT(v)) {
        *out = AS_INT(v);
        return 0;
    }
    if (IS_BOOL(v)) {
        *out = AS_BOOL(v) ? 1 : 0;
        return 0;
    }
    if (IS_BIGINT(v)) {
        RAISE(ts, OverflowError,
              "Python int too large to convert to C ssize_t");
        return -1;
    }
    if (has_index_method(ts, v))
        return obj_as_index(ts, v, out);
    RAISE(ts, TypeError, "'%s' object cannot be interpreted as an integer",
          obj_type_name(ts, v));
    return -1;
}

/* -- slices ------------------------------------------------------------ */

int slice_bound(ThreadState *ts, Value v, int64_t *out)
{
    if (IS_INT(v)) {
        *out = AS_INT(v);
        return 0;
    }
    if (IS_BOOL(v)) {
        *out = AS_BOOL(v) ? 1 : 0;
        return 0;
    }
    if (IS_BIGINT(v)) {
        *out = mpz_sgn(AS_BIGINT(v)->z) < 0 ? INT64_MIN : INT64_MAX;
        return 0;
    }
    if (has_index_method(ts, v))
        return obj_as_index(ts, v, out);
    RAISE(ts, TypeError,
          "slice indices must be integers or None or have an "
          "__index__ method");
    return -1;
}

static int64_t adjust_indices(int64_t length, int64_t *start, int64_t *stop,
                              int64_t step)
{
    if (*start < 0) {
        *start += length;
        if (*start < 0)
            *start = (step < 0) ? -1 : 0;
    } else if (*start >= length) {
        *start = (step < 0) ? length - 1 : length;
    }
    if (*stop < 0) {
        *stop += length;
        if (*stop < 0)
            *stop = (step < 0) ? -1 : 0;
    } else if (*stop >= length) {
        *stop = (step < 0) ? length - 1 : length;
    }
    if (step < 0) {
        if (*stop < *start)
            return (int64_t)(((uint64_t)*start - (uint64_t)*stop - 1) /
                             (uint64_t)(-step)) +
                   1;
    } else if (*start < *stop) {
        return (int64_t)(((uint64_t)*stop - (uint64_t)*start - 1) /
                         (uint64_t)step) +
               1;
    }
    return 0;
}

int64_t slice_indices(ThreadState *ts, ObjSlice *slice, int64_t len,
                      int64_t *start, int64_t *stop, int64_t *step)
{
    int64_t st = 1;
    if (!IS_NONE(slice->step)) {
        if (slice_bound(ts, slice->step, &st) < 0)
            return -1;
        if (st == 0) {
            RAISE(ts, ValueError, "slice step cannot be zero");
            return -1;
        }
        /* So that -step cannot overflow. */
        if (st < -INT64_MAX)
            st = -INT64_MAX;
    }
    int64_t b, e;
    if (IS_NONE(slice->start))
        b = st < 0 ? INT64_MAX : 0;
    else if (slice_bound(ts, slice->start, &b) < 0)
        return -1;
    if (IS_NONE(slice->stop))
        e = st < 0 ? INT64_MIN : INT64_MAX;
    else if (slice_bound(ts, slice->stop, &e) < 0)
        return -1;
    *start = b;
    *stop = e;
    *step = st;
    return adjust_indices(len, start, stop, st);
}

Value slice_new(ThreadState *ts, Value start, Value stop, Value step)
{
    PROTECT(ts, start);
    PROTECT(ts, stop);
    PROTECT(ts, step);
    ObjSlice *s = gc_alloc(ts, sizeof(ObjSlice), OBJ_SLICE, TYPE(ts, SLICE));
    UNPROTECT(ts, 3);
    if (s == NULL)
        return ERR_VAL;
    s->start = start;
    s->stop = stop;
    s->step = step;
    return OBJ_VAL(s);
}

Value slice_repr(ThreadState *ts, ObjSlice *s)
{
    StrBuf sb;
    sb_init(&sb);
    sb_puts(&sb, "slice(");
    Value parts[3] = {s->start, s->stop, s->step};
    for (int i = 0; i < 3; i++) {
        Value r = obj_repr(ts, parts[i]);
        if (IS_ERR(r)) {
            sb_free(&sb);
            return ERR_VAL;
        }
        if (i > 0)
            sb_puts(&sb, ", ");
        sb_append(&sb, AS_STR(r)->data, AS_STR(r)->len);
    }
    sb_putc(&sb, ')');
    ObjStr *res = str_from_buf(ts, &sb);
    return res ? OBJ_VAL(res) : ERR_VAL;
}

/* -- ranges ------------------------------------------------------------ */

/* The number of items, or -1 when it does not fit int64. */
static int64_t range_length(int64_t start, int64_t stop, int64_t step)
{
    uint64_t n = 0;
    if (step > 0 && start < stop)
        n = ((uint64_t)stop - (uint64_t)start - 1) / (uint64_t)step + 1;
    else if (step < 0 && start > stop)
        n = ((uint64_t)start - (uint64_t)stop - 1) / (0 - (uint64_t)step) + 1;
    return n > (uint64_t)INT64_MAX ? -1 : (int64_t)n;
}

/* start + i * step, computed modulo 2**64: exact whenever the true result
 * fits, which it does for every item of the range. */
static int64_t range_item(ObjRange *r, int64_t i)
{
    return (int64_t)((uint64_t)r->start + (uint64_t)i * (uint64_t)r->step);
}

static Value range_make(ThreadState *ts, ObjClass *cls, int64_t start,
                        int64_t stop, int64_t step)
{
    int64_t len = range_length(start, stop, step);
    if (len < 0)
        return RAISE(ts, OverflowError,
                     "Python int too large to convert to C ssize_t");
    ObjRange *r = gc_alloc(ts, sizeof(ObjRange), OBJ_RANGE, cls);
    if (r == NULL)
        return ERR_VAL;
    r->start = start;
    r->stop = stop;
    r->step = step;
    r->len = len;
    return OBJ_VAL(r);
}

Value range_new(ThreadState *ts, int64_t start, int64_t stop, int64_t step)
{
    if (step == 0)
        return RAISE(ts, ValueError, "range() arg 3 must not be zero");
    return range_make(ts, TYPE(ts, RANGE), start, stop, step);
}

Value range_repr(ThreadState *ts, ObjRange *r)
{
    ObjStr *s;
    if (r->step == 1)
        s = str_printf(ts, "range(%" PRId64 ", %" PRId64 ")", r->start,
                       r->stop);
    else
        s = str_printf(ts, "range(%" PRId64 ", %" PRId64 ", %" PRId64 ")",
                       r->start, r->stop, r->step);
    return s ? OBJ_VAL(s) : ERR_VAL;
}

Value range_getitem(ThreadState *ts, ObjRange *r, Value key)
{
    if (IS_KIND(key, OBJ_SLICE)) {
        int64_t b, e, st;
        if (slice_indices(ts, AS_SLICE(key), r->len, &b, &e, &st) < 0)
            return ERR_VAL;
        int64_t nstart = range_item(r, b);
        int64_t nstop = range_item(r, e);
        int64_t nstep = (int64_t)((uint64_t)r->step * (uint64_t)st);
        return range_make(ts, TYPE(ts, RANGE), nstart, nstop, nstep);
    }
    int64_t i;
    /* CPython indexes a range with unbounded ints: an index too big for
       int64 is merely out of range, not "cannot fit 'int'". */
    if (IS_BIGINT(key))
        return RAISE(ts, IndexError, "range object index out of range");
    if (slice_item_index(ts, key, "range", &i) < 0)
        return ERR_VAL;
    if (i < 0)
        i += r->len;
    if (i < 0 || i >= r->len)
        return RAISE(ts, IndexError, "range object index out of range");
    return INT_VAL(range_item(r, i));
}

/* Is the int [v] one of r's items?  Sets *pos to its position. */
static bool range_has_int(ObjRange *r, int64_t v, int64_t *pos)
{
    __int128 d = (__int128)v - r->start;
    if (r->step > 0) {
        if (v < r->start || v >= r->stop)
            return false;
    } else if (v > r->start || v <= r->stop) {
        return false;
    }
    if (d % r->step != 0)
        return false;
    *pos = (int64_t)(d / r->step);
    return true;
}

/* Sequential search, for non-int values (2.0 in range(3)). */
static int range_find(ThreadState *ts, ObjRange *r, Value v, int64_t *pos,
                      int64_t *count)
{
    *count = 0;
    *pos = -1;
    for (int64_t i = 0; i < r->len; i++) {
        int eq = obj_eq(ts, INT_VAL(range_item(r, i)), v);
        if (eq < 0)
            return -1;
        if (eq) {
            if (*pos < 0)
                *pos = i;
            (*count)++;
        }
    }
    return 0;
}

int range_contains(ThreadState *ts, ObjRange *r, Value v)
{
    int64_t pos, count;
    if (IS_INT(v) || IS_BOOL(v))
        return range_has_int(r, IS_INT(v) ? AS_INT(v) : AS_BOOL(v), &pos);
    if (IS_BIGINT(v))
        return 0;
    if (range_find(ts, r, v, &pos, &count) < 0)
        return -1;
    return pos >= 0;
}

static int range_iter_next(ThreadState *ts, ObjIter *it, Value *out)
{
    if (it->index >= it->end)
        return 0;
    int64_t start = AS_INT(it->state[0]), step = AS_INT(it->state[1]);
    *out = INT_VAL(
        (int64_t)((uint64_t)start + (uint64_t)it->index * (uint64_t)step));
    it->index++;
    return 1;
}

/* A range_iterator giving [len] ints from [start] on by [step]. */
static Value step_iter(ThreadState *ts, int64_t start, int64_t step,
                       int64_t len)
{
    ObjIter *it = iter_new(ts, "range_iterator", range_iter_next);
    if (it == NULL)
        return ERR_VAL;
    it->state[0] = INT_VAL(start);
    it->state[1] = INT_VAL(step);
    it->end = len;
    return OBJ_VAL(it);
}

Value range_iter(ThreadState *ts, ObjRange *r)
{
    return step_iter(ts, r->start, r->step, r->len);
}

Value range_reversed(ThreadState *ts, ObjRange *r)
{
    return step_iter(ts, r->len > 0 ? range_item(r, r->len - 1) : 0,
                     (int64_t)(0 - (uint64_t)r->step), r->len);
}

/* Two ranges are equal when they produce the same items. */
static bool range_equal(ObjRange *a, ObjRange *b)
{
    if (a == b)
        return true;
    if (a->len != b->len)
        return false;
    if (a->len == 0)
        return true;
    if (a->start != b->start)
        return false;
    return a->len == 1 || a->step == b->step;
}

/* -- natives ----------------------------------------------------------- */

#define RANGE_SELF(meth, n)                                                    \
    if (args_self(ts, OBJ_RANGE, "range", meth, argc, argv) < 0 ||             \
        args_method(ts, "range", meth, argc, kwnames, n) < 0)                  \
        return ERR_VAL;                                                        \
    ObjRange *r = AS_RANGE(argv[0]);

static Value range_len_native(ThreadState *ts, int argc, Value *argv,
                              ObjTuple *kwnames)
{
    RANGE_SELF("__len__", 0);
    return INT_VAL(r->len);
}

static Value range_getitem_native(ThreadState *ts, int argc, Value *argv,
                                  ObjTuple *kwnames)
{
    RANGE_SELF("__getitem__", 1);
    return range_getitem(ts, r, argv[1]);
}

static Value range_contains_native(ThreadState *ts, int argc, Value *argv,
                                   ObjTuple *kwnames)
{
    RANGE_SELF("__contains__", 1);
    int c = range_contains(ts, r, argv[1]);
    return c < 0 ? ERR_VAL : BOOL_VAL(c);
}

static Value range_iter_native(ThreadState *ts, int argc, Value *argv,
                               ObjTuple *kwnames)
{
    RANGE_SELF("__iter__", 0);
    return range_iter(ts, r);
}

static Value range_reversed_native(ThreadState *ts, int argc, Value *argv,
                                   ObjTuple *kwnames)
{
    RANGE_SELF("__reversed__", 0);
    return range_reversed(ts, r);
}

static Value range_repr_native(ThreadState *ts, int argc, Value *argv,
                               ObjTuple *kwnames)
{
    RANGE_SELF("__repr__", 0);
    return range_repr(ts, r);
}

static Value range_index_native(ThreadState *ts, int argc, Value *argv,
                                ObjTuple *kwnames)
{
    RANGE_SELF("index", 1);
    Value v = argv[1];
    int64_t pos, count;
    if (IS_INT(v) || IS_BOOL(v)) {
        int64_t x = IS_INT(v) ? AS_INT(v) : AS_BOOL(v);
        if (range_has_int(r, x, &pos))
            return INT_VAL(pos);
        return RAISE(ts, ValueError, "%" PRId64 " is not in range", x);
    }
    if (!IS_BIGINT(v)) {
        if (range_find(ts, r, v, &pos, &count) < 0)
            return ERR_VAL;
        if (pos >= 0)
            return INT_VAL(pos);
    }
    return RAISE(ts, ValueError, "sequence.index(x): x not in sequence");
}

static Value range_count_native(ThreadState *ts, int argc, Value *argv,
                                ObjTuple *kwnames)
{
    RANGE_SELF("count", 1);
    Value v = argv[1];
    int64_t pos, count;
    if (IS_INT(v) || IS_BOOL(v))
        return INT_VAL(
            range_has_int(r, IS_INT(v) ? AS_INT(v) : AS_BOOL(v), &pos));
    if (IS_BIGINT(v))
        return INT_VAL(0);
    if (range_find(ts, r, v, &pos, &count) < 0)
        return ERR_VAL;
    return INT_VAL(count);
}

static Value range_cmp_native(ThreadState *ts, int argc, Value *argv, bool ne)
{
    if (!IS_KIND(argv[1], OBJ_RANGE))
        return ts->interp->not_implemented;
    bool eq = range_equal(AS_RANGE(argv[0]), AS_RANGE(argv[1]));
    return BOOL_VAL(ne ? !eq : eq);
}

static Value range_eq_native(ThreadState *ts, int argc, Value *argv,
                             ObjTuple *kwnames)
{
    RANGE_SELF("__eq__", 1);
    (void)r;
    return range_cmp_native(ts, argc, argv, false);
}

static Value range_ne_native(ThreadState *ts, int argc, Value *argv,
                             ObjTuple *kwnames)
{
    RANGE_SELF("__ne__", 1);
    (void)r;
    return range_cmp_native(ts, argc, argv, true);
}

/* hash((len, start, step)) with None for the parts that do not matter, so
 * that equal ranges hash equal. */
static Value range_hash_native(ThreadState *ts, int argc, Value *argv,
                               ObjTuple *kwnames)
{
    RANGE_SELF("__hash__", 0);
    ObjTuple *t = tuple_new(ts, 3);
    if (t == NULL)
        return ERR_VAL;
    t->items[0] = INT_VAL(r->len);
    if (r->len > 0) {
        t->items[1] = INT_VAL(r->start);
        if (r->len > 1)
            t->items[2] = INT_VAL(r->step);
    }
    uint64_t h;
    PROTECT_OBJ(ts, t);
    int rc = tuple_hash(ts, t, &h);
    UNPROTECT(ts, 1);
    return rc < 0 ? ERR_VAL : INT_VAL((int64_t)h);
}

static Value range_start_get(ThreadState *ts, int argc, Value *argv,
                             ObjTuple *kwnames)
{
    RANGE_SELF("start", 0);
    return INT_VAL(r->start);
}

static Value range_stop_get(ThreadState *ts, int argc, Value *argv,
                            ObjTuple *kwnames)
{
    RANGE_SELF("stop", 0);
    return INT_VAL(r->stop);
}

static Value range_step_get(ThreadState *ts, int argc, Value *argv,
                            ObjTuple *kwnames)
{
    RANGE_SELF("step", 0);
    return INT_VAL(r->step);
}

static Value range_construct(ThreadState *ts, ObjClass *cls, int argc,
                             Value *argv, ObjTuple *kwnames)
{
    if (args_no_kwargs(ts, "range", kwnames) < 0)
        return ERR_VAL;
    if (argc < 1)
        return RAISE(ts, TypeError,
                     "range expected at least 1 argument, "
                     "got %d",
                     argc);
    if (argc > 3)
        return RAISE(ts, TypeError,
                     "range expected at most 3 arguments, "
                     "got %d",
                     argc);
    int64_t a[3] = {0, 0, 1};
    for (int i = 0; i < argc; i++)
        if (range_int_arg(ts, argv[i], &a[i]) < 0)
            return ERR_VAL;
    if (argc == 1)
        return range_make(ts, cls, 0, a[0], 1);
    if (a[2] == 0)
        return RAISE(ts, ValueError, "range() arg 3 must not be zero");
    return range_make(ts, cls, a[0], a[1], a[2]);
}

/* -- slice natives ------------------------------------------------------ */

#define SLICE_SELF(meth, n)                                                    \
    if (args_self(ts, OBJ_SLICE, "slice", meth, argc, argv) < 0 ||             \
        args_method(ts, "slice", meth, argc, kwnames, n) < 0)                  \
        return ERR_VAL;                                                        \
    ObjSlice *s = AS_SLICE(argv[0]);

static Value slice_construct(ThreadState *ts, ObjClass *cls, int argc,
                             Value *argv, ObjTuple *kwnames)
{
    if (args_no_kwargs(ts, "slice", kwnames) < 0)
        return ERR_VAL;
    if (argc < 1)
        return RAISE(ts, TypeError,
                     "slice expected at least 1 argument, "
                     "got %d",
                     argc);
    if (argc > 3)
        return RAISE(ts, TypeError,
                     "slice expected at most 3 arguments, "
                     "got %d",
                     argc);
    if (argc == 1)
        return slice_new(ts, NONE_VAL, argv[0], NONE_VAL);
    return slice_new(ts, argv[0], argv[1], argc == 3 ? argv[2] : NONE_VAL);
}

static Value slice_repr_native(ThreadState *ts, int argc, Value *argv,
                               ObjTuple *kwnames)
{
    SLICE_SELF("__repr__", 0);
    return slice_repr(ts, s);
}

static Value slice_indices_native(ThreadState *ts, int argc, Value *argv,
                                  ObjTuple *kwnames)
{
    SLICE_SELF("indices", 1);
    int64_t len;
    if (range_int_arg(ts, argv[1], &len) < 0)
        return ERR_VAL;
    if (len < 0)
        return RAISE(ts, ValueError, "length should not be negative");
    int64_t b, e, st;
    if (slice_indices(ts, s, len, &b, &e, &st) < 0)
        return ERR_VAL;
    ObjTuple *t = tuple_new(ts, 3);
    if (t == NULL)
        return ERR_VAL;
    t->items[0] = INT_VAL(b);
    t->items[1] = INT_VAL(e);
    t->items[2] = INT_VAL(st);
    return OBJ_VAL(t);
}

/* Slices compare as the tuples (start, stop, step). */
static Value slice_compare(ThreadState *ts, Value a, Value b, CmpOp op)
{
    if (!IS_KIND(b, OBJ_SLICE))
        return ts->interp->not_implemented;
    ObjSlice *x = AS_SLICE(a), *y = AS_SLICE(b);
    ObjTuple *tx = tuple_new(ts, 3);
    if (tx == NULL)
        return ERR_VAL;
    tx->items[0] = x->start;
    tx->items[1] = x->stop;
    tx->items[2] = x->step;
    PROTECT_OBJ(ts, tx);
    ObjTuple *ty = tuple_new(ts, 3);
    if (ty == NULL) {
        UNPROTECT(ts, 1);
        return ERR_VAL;
    }
    ty->items[0] = y->start;
    ty->items[1] = y->stop;
    ty->items[2] = y->step;
    PROTECT_OBJ(ts, ty);
    Value r = obj_compare(ts, op, OBJ_VAL(tx), OBJ_VAL(ty));
    UNPROTECT(ts, 2);
    return r;
}

#define SLICE_CMP(fname, meth, op)                                             \
    static Value fname(ThreadState *ts, int argc, Value *argv,                 \
                       ObjTuple *kwnames)                                      \
    {                                                                          \
        SLICE_SELF(meth, 1);                                                   \
        (void)s;                                                               \
        return slice_compare(ts, argv[0], argv[1], op);                        \
    }
SLICE_CMP(slice_eq_native, "__eq__", CMP_EQ)
SLICE_CMP(slice_ne_native, "__ne__", CMP_NE)
SLICE_CMP(slice_lt_native, "__lt__", CMP_LT)
SLICE_CMP(slice_le_native, "__le__", CMP_LE)
SLICE_CMP(slice_gt_native, "__gt__", CMP_GT)
SLICE_CMP(slice_ge_native, "__ge__", CMP_GE)

static Value slice_start_get(ThreadState *ts, int argc, Value *argv,
                             ObjTuple *kwnames)
{
    SLICE_SELF("start", 0);
    return s->start;
}

static Value slice_stop_get(ThreadState *ts, int argc, Value *argv,
                            ObjTuple *kwnames)
{
    SLICE_SELF("stop", 0);
    return s->stop;
}

static Value slice_step_get(ThreadState *ts, int argc, Value *argv,
                            ObjTuple *kwnames)
{
    SLICE_SELF("step", 0);
    return s->step;
}

void range_register(ThreadState *ts)
{
    ObjClass *cls = TYPE(ts, RANGE);
    cls->construct = range_construct;
    class_add_native(ts, cls, "__len__", range_len_native);
    class_add_native(ts, cls, "__getitem__", range_getitem_native);
    class_add_native(ts, cls, "__contains__", range_contains_native);
    class_add_native(ts, cls, "__iter__", range_iter_native);
    class_add_native(ts, cls, "__reversed__", range_reversed_native);
    class_add_native(ts, cls, "__repr__", range_repr_native);
    class_add_native(ts, cls, "__eq__", range_eq_native);
    class_add_native(ts, cls, "__ne__", range_ne_native);
    class_add_native(ts, cls, "__hash__", range_hash_native);
    class_add_native(ts, cls, "index", range_index_native);
    class_add_native(ts, cls, "count", range_count_native);
    class_add_getter(ts, cls, "start", range_start_get);
    class_add_getter(ts, cls, "stop", range_stop_get);
    class_add_getter(ts, cls, "step", range_step_get);

    cls = TYPE(ts, SLICE);
    cls->construct = slice_construct;
    class_add_native(ts, cls, "__repr__", slice_repr_native);
    class_add_native(ts, cls, "indices", slice_indices_native);
    class_add_native(ts, cls, "__eq__", slice_eq_native);
    class_add_native(ts, cls, "__ne__", slice_ne_native);
    class_add_native(ts, cls, "__lt__", slice_lt_native);
    class_add_native(ts, cls, "__le__", slice_le_native);
    class_add_native(ts, cls, "__gt__", slice_gt_native);
    class_add_native(ts, cls, "__ge__", slice_ge_native);
    class_add_value(ts, cls, "__hash__", NONE_VAL);
    class_add_getter(ts, cls, "start", slice_start_get);
    class_add_getter(ts, cls, "stop", slice_stop_get);
    class_add_getter(ts, cls, "step", slice_step_get);
}
