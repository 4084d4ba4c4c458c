/* tuple.c - tuple objects: construction, indexing and slicing, CPython's
 * xxHash-based tuple hash, repr, and the tuple class's methods. */
#include "tuple.h"

#include "args.h"
#include "class.h"
#include "exc.h"
#include "gc.h"
#include "iter.h"
#include "list.h"
#include "ops.h"
#include "range.h"
#include "str.h"
#include "strbuf.h"

static ObjTuple *tuple_alloc(ThreadState *ts, ObjClass *cls, size_t n)
{
    if (n > (SIZE_MAX - sizeof(ObjTuple)) / sizeof(Value) / 2) {
        exc_no_memory(ts);
        return NULL;
    }
    ObjTuple *t =
        gc_alloc(ts, sizeof(ObjTuple) + n * sizeof(Value), OBJ_TUPLE, cls);
    if (t == NULL)
        return NULL;
    t->len = n;
    t->hash = 0;
    for (size_t i = 0; i < n; i++)
        t->items[i] = NONE_VAL;
    return t;
}

ObjTuple *tuple_new(ThreadState *ts, size_t n)
{
    if (n == 0 && ts->interp->empty_tuple != NULL)
        return ts->interp->empty_tuple;
    return tuple_alloc(ts, TYPE(ts, TUPLE), n);
}

/* [items] may point into a heap object that a collection could free, so
 * callers pass items that stay reachable (a rooted list, argv...). */
ObjTuple *tuple_from_array(ThreadState *ts, const Value *items, size_t n)
{
    ObjTuple *t = tuple_new(ts, n);
    if (t == NULL)
        return NULL;
    for (size_t i = 0; i < n; i++)
        t->items[i] = items[i];
    return t;
}

ObjTuple *tuple_pair(ThreadState *ts, Value a, Value b)
{
    PROTECT(ts, a);
    PROTECT(ts, b);
    ObjTuple *t = tuple_new(ts, 2);
    UNPROTECT(ts, 2);
    if (t == NULL)
        return NULL;
    t->items[0] = a;
    t->items[1] = b;
    return t;
}

ObjTuple *tuple_from_iterable(ThreadState *ts, Value iterable)
{
    if (IS_TUPLE(iterable) && AS_OBJ(iterable)->cls == TYPE(ts, TUPLE))
        return AS_TUPLE(iterable);
    if (IS_LIST(iterable)) {
        ObjList *l = AS_LIST(iterable);
        return tuple_from_array(ts, l->items, l->len);
    }
    ObjList *l = list_from_iterable(ts, iterable);
    if (l == NULL)
        return NULL;
    PROTECT_OBJ(ts, l);
    ObjTuple *t = tuple_from_array(ts, l->items, l->len);
    UNPROTECT(ts, 1);
    return t;
}

Value tuple_getitem(ThreadState *ts, ObjTuple *t, Value key)
{
    if (IS_KIND(key, OBJ_SLICE)) {
        int64_t start, stop, step;
        int64_t n = slice_indices(ts, AS_SLICE(key), (int64_t)t->len, &start,
                                  &stop, &step);
        if (n < 0)
            return ERR_VAL;
        if (step == 1 && n == (int64_t)t->len && t->obj.cls == TYPE(ts, TUPLE))
            return OBJ_VAL(t);
        PROTECT_OBJ(ts, t);
        ObjTuple *r = tuple_new(ts, (size_t)n);
        UNPROTECT(ts, 1);
        if (r == NULL)
            return ERR_VAL;
        /* start + i * step, not a running sum that a huge step would
           overflow after the last item. */
        for (int64_t i = 0; i < n; i++)
            r->items[i] = t->items[start + i * step];
        return OBJ_VAL(r);
    }
    int64_t i;
    if (slice_item_index(ts, key, "tuple", &i) < 0)
        return ERR_VAL;
    if (i < 0)
        i += (int64_t)t->len;
    if (i < 0 || i >= (int64_t)t->len)
        return RAISE(ts, IndexError, "tuple index out of range");
    return t->items[i];
}

static int tuple_iter_next(ThreadState *ts, ObjIter *it, Value *out)
{
    if (!IS_TUPLE(it->state[0]))
        return 0;
    ObjTuple *t = AS_TUPLE(it->state[0]);
    if ((size_t)it->index >= t->len) {
        it->state[0] = NONE_VAL;
        return 0;
    }
    *out = t->items[it->index++];
    return 1;
}

Value tuple_iter(ThreadState *ts, ObjTuple *t)
{
    return iter_over(ts, "tuple_iterator", tuple_iter_next, OBJ_VAL(t), 0, 0);
}

Value tuple_repr(ThreadState *ts, ObjTuple *t)
{
    if (t->len == 0)
        return OBJ_VAL(str_from_cstr(ts, "()"));
    int g = list_repr_enter(ts, OBJ_VAL(t));
    if (g < 0)
        return ERR_VAL;
    if (g > 0) {
        ObjStr *s = str_from_cstr(ts, "(...)");
        return s ? OBJ_VAL(s) : ERR_VAL;
    }
    StrBuf sb;
    sb_init(&sb);
    sb_putc(&sb, '(');
    for (size_t i = 0; i < t->len; i++) {
        Value r = obj_repr(ts, t->items[i]);
        if (IS_ERR(r)) {
            sb_free(&sb);
            list_repr_leave(ts, OBJ_VAL(t));
            return ERR_VAL;
        }
        if (i > 0)
            sb_puts(&sb, ", ");
        sb_append(&sb, AS_STR(r)->data, AS_STR(r)->len);
    }
    if (t->len == 1)
        sb_putc(&sb, ',');
    sb_putc(&sb, ')');
    list_repr_leave(ts, OBJ_VAL(t));
    ObjStr *s = str_from_buf(ts, &sb);
    return s ? OBJ_VAL(s) : ERR_VAL;
}

/* CPython 3.8+'s tuple hash: an xxHash-style accumulation of the items'
 * hashes with the 64-bit xxHash primes, so hash((1, 2)) prints the same
 * number as python3. */
#define XXPRIME_1 11400714785074694791ULL
#define XXPRIME_2 14029467366897019727ULL
#define XXPRIME_5 2870177450012600261ULL
#define XXROTATE(x) (((x) << 31) | ((x) >> 33))

int tuple_hash(ThreadState *ts, ObjTuple *t, uint64_t *out)
{
    if (t->hash != 0) {
        *out = t->hash;
        return 0;
    }
    uint64_t acc = XXPRIME_5;
    PROTECT_OBJ(ts, t);
    for (size_t i = 0; i < t->len; i++) {
        uint64_t lane;
        if (obj_hash(ts, t->items[i], &lane) < 0) {
            UNPROTECT(ts, 1);
            return -1;
        }
        acc += lane * XXPRIME_2;
        acc = XXROTATE(acc);
        acc *= XXPRIME_1;
    }
    UNPROTECT(ts, 1);
    acc += (uint64_t)t->len ^ (XXPRIME_5 ^ 3527539ULL);
    if (acc == (uint64_t)-1)
        acc = 1546275796;
    t->hash = acc;
    *out = acc;
    return 0;
}

ObjTuple *tuple_concat(ThreadState *ts, ObjTuple *a, ObjTuple *b)
{
    if (b->len == 0 && a->obj.cls == TYPE(ts, TUPLE))
        return a;
    if (a->len == 0 && b->obj.cls == TYPE(ts, TUPLE))
        return b;
    PROTECT_OBJ(ts, a);
    PROTECT_OBJ(ts, b);
    ObjTuple *t = tuple_new(ts, a->len + b->len);
    UNPROTECT(ts, 2);
    if (t == NULL)
        return NULL;
    for (size_t i = 0; i < a->len; i++)
        t->items[i] = a->items[i];
    for (size_t i = 0; i < b->len; i++)
        t->items[a->len + i] = b->items[i];
    return t;
}

ObjTuple *tuple_repeat(ThreadState *ts, ObjTuple *t, int64_t n)
{
    if (n <= 0 || t->len == 0)
        return tuple_new(ts, 0);
    if (n == 1 && t->obj.cls == TYPE(ts, TUPLE))
        return t;
    /* The bound lists use (2**40 bytes of items): MemoryError rather than
       a request for petabytes, which sanitizer builds abort on. */
    if ((uint64_t)n > ((uint64_t)1 << 40) / sizeof(Value) / t->len) {
        exc_no_memory(ts);
        return NULL;
    }
    PROTECT_OBJ(ts, t);
    ObjTuple *r = tuple_new(ts, t->len * (size_t)n);
    UNPROTECT(ts, 1);
    if (r == NULL)
        return NULL;
    for (size_t k = 0, j = 0; k < (size_t)n; k++)
        for (size_t i = 0; i < t->len; i++)
            r->items[j++] = t->items[i];
    return r;
}

int tuple_contains(ThreadState *ts, ObjTuple *t, Value item)
{
    for (size_t i = 0; i < t->len; i++) {
        int eq = obj_eq(ts, t->items[i], item);
        if (eq != 0)
            return eq;
    }
    return 0;
}

/* -- natives ----------------------------------------------------------- */

#define TUPLE_SELF(meth, n)                                                    \
    if (args_self(ts, OBJ_TUPLE, "tuple", meth, argc, argv) < 0 ||             \
        args_method(ts, "tuple", meth, argc, kwnames, n) < 0)                  \
        return ERR_VAL;                                                        \
    ObjTuple *t = AS_TUPLE(argv[0]);

static Value tuple_len_native(ThreadState *ts, int argc, Value *argv,
                              ObjTuple *kwnames)
{
    TUPLE_SELF("__len__", 0);
    return INT_VAL(t->len);
}

static Value tuple_getitem_native(ThreadState *ts, int argc, Value *argv,
                                  ObjTuple *kwnames)
{
    TUPLE_SELF("__getitem__", 1);
    return tuple_getitem(ts, t, argv[1]);
}

static Value tuple_contains_native(ThreadState *ts, int argc, Value *argv,
                                   ObjTuple *kwnames)
{
    TUPLE_SELF("__contains__", 1);
    int c = tuple_contains(ts, t, argv[1]);
    return c < 0 ? ERR_VAL : BOOL_VAL(c);
}

static Value tuple_iter_native(ThreadState *ts, int argc, Value *argv,
                               ObjTuple *kwnames)
{
    TUPLE_SELF("__iter__", 0);
    return tuple_iter(ts, t);
}

static Value tuple_repr_native(ThreadState *ts, int argc, Value *argv,
                               ObjTuple *kwnames)
{
    TUPLE_SELF("__repr__", 0);
    return tuple_repr(ts, t);
}

static Value tuple_hash_native(ThreadState *ts, int argc, Value *argv,
                               ObjTuple *kwnames)
{
    TUPLE_SELF("__hash__", 0);
    uint64_t h;
    if (tuple_hash(ts, t, &h) < 0)
        return ERR_VAL;
    return INT_VAL((int64_t)h);
}

static Value tuple_add_native(ThreadState *ts, int argc, Value *argv,
                              ObjTuple *kwnames)
{
    TUPLE_SELF("__add__", 1);
    if (!IS_TUPLE(argv[1]))
        return RAISE(ts, TypeError,
                     "can only concatenate tuple (not \"%s\") to tuple",
                     obj_type_name(ts, argv[1]));
    ObjTuple *r = tuple_concat(ts, t, AS_TUPLE(argv[1]));
    return r ? OBJ_VAL(r) : ERR_VAL;
}

static Value tuple_mul_native(ThreadState *ts, int argc, Value *argv,
                              ObjTuple *kwnames)
{
    TUPLE_SELF("__mul__", 1);
    Value n = argv[1];
    int64_t k;
    if (IS_INT(n) || IS_BOOL(n) || IS_BIGINT(n)) {
        if (IS_BIGINT(n)) {
            if (mpz_sgn(AS_BIGINT(n)->z) < 0)
                k = 0;
            else
                return RAISE(ts, OverflowError,
                             "cannot fit 'int' into an "
                             "index-sized integer");
        } else {
            k = IS_INT(n) ? AS_INT(n) : AS_BOOL(n);
        }
    } else if (IS_OBJ(n) &&
               !IS_UNDEF(class_lookup(obj_class(ts, n), NAME(ts, index)))) {
        if (obj_as_index(ts, n, &k) < 0)
            return ERR_VAL;
    } else {
        return RAISE(ts, TypeError,
                     "can't multiply sequence by non-int of type '%s'",
                     obj_type_name(ts, n));
    }
    ObjTuple *r = tuple_repeat(ts, t, k);
    return r ? OBJ_VAL(r) : ERR_VAL;
}

static Value tuple_count_native(ThreadState *ts, int argc, Value *argv,
                                ObjTuple *kwnames)
{
    TUPLE_SELF("count", 1);
    (void)t;
    int64_t n = list_count_seq(ts, argv[0], argv[1]);
    return n < 0 ? ERR_VAL : INT_VAL(n);
}

static Value tuple_index_native(ThreadState *ts, int argc, Value *argv,
                                ObjTuple *kwnames)
{
    if (args_self(ts, OBJ_TUPLE, "tuple", "index", argc, argv) < 0 ||
        args_no_kwargs(ts, "index", kwnames) < 0)
        return ERR_VAL;
    if (argc < 2 || argc > 4)
        return RAISE(ts, TypeError,
                     argc < 2 ? "index expected at least 1 "
                                "argument, got %d"
                              : "index expected at most 3 "
                                "arguments, got %d",
                     argc - 1);
    int64_t pos;
    int found = list_index_seq(ts, argv[0], argc, argv, &pos);
    if (found != 0)
        return found < 0 ? ERR_VAL : INT_VAL(pos);
    return RAISE(ts, ValueError, "tuple.index(x): x not in tuple");
}

#define TUPLE_CMP(fname, meth, op)                                             \
    static Value fname(ThreadState *ts, int argc, Value *argv,                 \
                       ObjTuple *kwnames)                                      \
    {                                                                          \
        TUPLE_SELF(meth, 1);                                                   \
        (void)t;                                                               \
        if (!IS_TUPLE(argv[1]))                                                \
            return ts->interp->not_implemented;                                \
        return list_compare_seq(ts, argv[0], argv[1], op);                     \
    }
TUPLE_CMP(tuple_eq_native, "__eq__", CMP_EQ)
TUPLE_CMP(tuple_ne_native, "__ne__", CMP_NE)
TUPLE_CMP(tuple_lt_native, "__lt__", CMP_LT)
TUPLE_CMP(tuple_le_native, "__le__", CMP_LE)
TUPLE_CMP(tuple_gt_native, "__gt__", CMP_GT)
TUPLE_CMP(tuple_ge_native, "__ge__", CMP_GE)

static Value tuple_construct(ThreadState *ts, ObjClass *cls, int argc,
                             Value *argv, ObjTuple *kwnames)
{
    if (args_no_kwargs(ts, "tuple", kwnames) < 0)
        return ERR_VAL;
    if (argc > 1)
        return RAISE(ts, TypeError,
                     "tuple expected at most 1 argument, "
                     "got %d",
                     argc);
    ObjTuple *t;
    if (argc == 0)
        t = tuple_new(ts, 0);
    else
        t = tuple_from_iterable(ts, argv[0]);
    if (t == NULL)
        return ERR_VAL;
    if (cls != TYPE(ts, TUPLE)) {
        /* A subclass gets its own object, never a shared tuple. */
        PROTECT_OBJ(ts, t);
        ObjTuple *s = tuple_alloc(ts, cls, t->len);
        UNPROTECT(ts, 1);
        if (s == NULL)
            return ERR_VAL;
        for (size_t i = 0; i < t->len; i++)
            s->items[i] = t->items[i];
        t = s;
    }
    return OBJ_VAL(t);
}

void tuple_register(ThreadState *ts)
{
    ObjClass *cls = TYPE(ts, TUPLE);
    cls->construct = tuple_construct;
    class_add_native(ts, cls, "__len__", tuple_len_native);
    class_add_native(ts, cls, "__getitem__", tuple_getitem_native);
    class_add_native(ts, cls, "__contains__", tuple_contains_native);
    class_add_native(ts, cls, "__iter__", tuple_iter_native);
    class_add_native(ts, cls, "__repr__", tuple_repr_native);
    class_add_native(ts, cls, "__hash__", tuple_hash_native);
    class_add_native(ts, cls, "__add__", tuple_add_native);
    class_add_native(ts, cls, "__mul__", tuple_mul_native);
    class_add_native(ts, cls, "__rmul__", tuple_mul_native);
    class_add_native(ts, cls, "__eq__", tuple_eq_native);
    class_add_native(ts, cls, "__ne__", tuple_ne_native);
    class_add_native(ts, cls, "__lt__", tuple_lt_native);
    class_add_native(ts, cls, "__le__", tuple_le_native);
    class_add_native(ts, cls, "__gt__", tuple_gt_native);
    class_add_native(ts, cls, "__ge__", tuple_ge_native);
    class_add_native(ts, cls, "count", tuple_count_native);
    class_add_native(ts, cls, "index", tuple_index_native);
}
