/* list.c - list objects: growth, indexing and slice assignment, a stable
 * merge sort, repr with its recursion guard, and the list class.
 *
 * Sorting detaches the items first: they are copied into a rooted scratch
 * list and the list itself is left empty while comparisons (which may run
 * Python code) happen, as CPython does.  The sort permutes an index array,
 * so a comparison that raises leaves the list exactly as it was, and a key
 * or comparison that mutates the list is detected afterwards ("list
 * modified during sort").  reverse=True sorts with the comparison turned
 * around, which keeps equal items in their original order as CPython's
 * reverse-sort-reverse does.
 */
#include "list.h"

#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "class.h"
#include "exc.h"
#include "gc.h"
#include "iter.h"
#include "num.h"
#include "range.h"
#include "str.h"
#include "strbuf.h"
#include "tuple.h"

/* No list may hold more bytes of items than this: [0] * 10**12 must be a
 * MemoryError at once, not an attempt to touch 16 TB. */
#define LIST_MAX_BYTES ((size_t)1 << 40)
#define LIST_MAX_ITEMS (LIST_MAX_BYTES / sizeof(Value))

static int list_reserve(ThreadState *ts, ObjList *l, size_t need)
{
    if (need <= l->cap)
        return 0;
    if (need > LIST_MAX_ITEMS) {
        exc_no_memory(ts);
        return -1;
    }
    size_t cap = need + (need >> 3) + (need < 9 ? 3 : 6);
    if (cap > LIST_MAX_ITEMS)
        cap = need;
    Value *items = gc_realloc_mem(ts, l->items, l->cap * sizeof(Value),
                                  cap * sizeof(Value));
    if (items == NULL)
        return -1;
    l->items = items;
    l->cap = cap;
    return 0;
}

ObjList *list_new(ThreadState *ts, size_t cap)
{
    if (cap > LIST_MAX_ITEMS) {
        exc_no_memory(ts);
        return NULL;
    }
    ObjList *l = gc_alloc(ts, sizeof(ObjList), OBJ_LIST, TYPE(ts, LIST));
    if (l == NULL)
        return NULL;
    l->len = 0;
    l->cap = 0;
    l->items = NULL;
    if (cap > 0) {
        l->items = gc_alloc_mem(ts, cap * sizeof(Value));
        if (l->items == NULL)
            return NULL;
        l->cap = cap;
    }
    return l;
}

ObjList *list_from_array(ThreadState *ts, const Value *items, size_t n)
{
    ObjList *l = list_new(ts, n);
    if (l == NULL)
        return NULL;
    if (n > 0)
        memcpy(l->items, items, n * sizeof(Value));
    l->len = n;
    return l;
}

int list_append(ThreadState *ts, ObjList *l, Value v)
{
    if (l->len == l->cap && list_reserve(ts, l, l->len + 1) < 0)
        return -1;
    l->items[l->len++] = v;
    return 0;
}

int list_insert(ThreadState *ts, ObjList *l, int64_t index, Value v)
{
    int64_t n = (int64_t)l->len;
    if (index < 0) {
        index += n;
        if (index < 0)
            index = 0;
    } else if (index > n) {
        index = n;
    }
    if (list_reserve(ts, l, l->len + 1) < 0)
        return -1;
    memmove(&l->items[index + 1], &l->items[index],
            (l->len - (size_t)index) * sizeof(Value));
    l->items[index] = v;
    l->len++;
    return 0;
}

int list_extend(ThreadState *ts, ObjList *l, Value iterable)
{
    if (IS_LIST(iterable) || IS_TUPLE(iterable)) {
        /* Read the source after growing: l.extend(l) copies its own
           (possibly moved) items. */
        size_t n = IS_LIST(iterable) ? AS_LIST(iterable)->len
                                     : AS_TUPLE(iterable)->len;
        if (list_reserve(ts, l, l->len + n) < 0)
            return -1;
        const Value *src = IS_LIST(iterable) ? AS_LIST(iterable)->items
                                             : AS_TUPLE(iterable)->items;
        if (n > 0)
            memcpy(&l->items[l->len], src, n * sizeof(Value));
        l->len += n;
        return 0;
    }
    Value it = obj_iter(ts, iterable);
    if (IS_ERR(it))
        return -1;
    PROTECT(ts, it);
    PROTECT_OBJ(ts, l);
    for (;;) {
        Value v;
        int r = obj_next(ts, it, &v);
        if (r < 0) {
            UNPROTECT(ts, 2);
            return -1;
        }
        if (r == 0)
            break;
        if (list_append(ts, l, v) < 0) {
            UNPROTECT(ts, 2);
            return -1;
        }
    }
    UNPROTECT(ts, 2);
    return 0;
}

ObjList *list_from_iterable(ThreadState *ts, Value iterable)
{
    PROTECT(ts, iterable);
    /* A range knows its length: take the room at once, so that
       list(range(10**12)) is a MemoryError rather than a long climb. */
    size_t cap = IS_KIND(iterable, OBJ_RANGE) && AS_RANGE(iterable)->len > 0
                     ? (size_t)AS_RANGE(iterable)->len
                     : 0;
    ObjList *l = list_new(ts, cap);
    if (l == NULL) {
        UNPROTECT(ts, 1);
        return NULL;
    }
    PROTECT_OBJ(ts, l);
    int r = list_extend(ts, l, iterable);
    UNPROTECT(ts, 2);
    return r < 0 ? NULL : l;
}

ObjList *list_concat(ThreadState *ts, ObjList *a, ObjList *b)
{
    PROTECT_OBJ(ts, a);
    PROTECT_OBJ(ts, b);
    ObjList *l = list_new(ts, a->len + b->len);
    UNPROTECT(ts, 2);
    if (l == NULL)
        return NULL;
    if (a->len > 0)
        memcpy(l->items, a->items, a->len * sizeof(Value));
    if (b->len > 0)
        memcpy(l->items + a->len, b->items, b->len * sizeof(Value));
    l->len = a->len + b->len;
    return l;
}

ObjList *list_repeat(ThreadState *ts, ObjList *l, int64_t n)
{
    if (n <= 0 || l->len == 0)
        return list_new(ts, 0);
    if ((uint64_t)n > LIST_MAX_ITEMS / l->len) {
        exc_no_memory(ts);
        return NULL;
    }
    size_t total = l->len * (size_t)n;
    PROTECT_OBJ(ts, l);
    ObjList *r = list_new(ts, total);
    UNPROTECT(ts, 1);
    if (r == NULL)
        return NULL;
    if (l->len == 1) {
        for (size_t i = 0; i < total; i++)
            r->items[i] = l->items[0];
    } else {
        for (size_t k = 0; k < (size_t)n; k++)
            memcpy(r->items + k * l->len, l->items, l->len * sizeof(Value));
    }
    r->len = total;
    return r;
}

int list_repeat_inplace(ThreadState *ts, ObjList *l, int64_t n)
{
    if (n <= 0 || l->len == 0) {
        l->len = 0;
        return 0;
    }
    if ((uint64_t)n > LIST_MAX_ITEMS / l->len) {
        exc_no_memory(ts);
        return -1;
    }
    size_t len = l->len;
    if (list_reserve(ts, l, len * (size_t)n) < 0)
        return -1;
    for (size_t k = 1; k < (size_t)n; k++)
        memcpy(l->items + k * len, l->items, len * sizeof(Value));
    l->len = len * (size_t)n;
    return 0;
}

int list_contains(ThreadState *ts, ObjList *l, Value item)
{
    /* The length is re-read each time: __eq__ may shrink the list. */
    for (size_t i = 0; i < l->len; i++) {
        int eq = obj_eq(ts, l->items[i], item);
        if (eq != 0)
            return eq;
    }
    return 0;
}

/* -- indexing ------------------------------------------------------------ */

/* The position a non-slice [key] names in [l], a negative one counting
 * from the end; IndexError [msg] when it is outside the list.  0 or -1. */
static int item_index(ThreadState *ts, ObjList *l, Value key, const char *msg,
                      int64_t *out)
{
    int64_t i;
    if (slice_item_index(ts, key, "list", &i) < 0)
        return -1;
    if (i < 0)
        i += (int64_t)l->len;
    if (i < 0 || i >= (int64_t)l->len) {
        RAISE(ts, IndexError, "%s", msg);
        return -1;
    }
    *out = i;
    return 0;
}

Value list_getitem(ThreadState *ts, ObjList *l, Value key)
{
    if (IS_INT(key)) {
        int64_t i = AS_INT(key);
        if (i < 0)
            i += (int64_t)l->len;
        if (i < 0 || i >= (int64_t)l->len)
            return RAISE(ts, IndexError, "list index out of range");
        return l->items[i];
    }
    if (IS_KIND(key, OBJ_SLICE)) {
        int64_t start, stop, step;
        int64_t n = slice_indices(ts, AS_SLICE(key), (int64_t)l->len, &start,
                                  &stop, &step);
        if (n < 0)
            return ERR_VAL;
        PROTECT_OBJ(ts, l);
        ObjList *r = list_new(ts, (size_t)n);
        UNPROTECT(ts, 1);
        if (r == NULL)
            return ERR_VAL;
        /* The slice was resolved before the allocation; a collection
           cannot change l's length, so the indices still hold. */
        for (int64_t i = 0; i < n; i++)
            r->items[i] = l->items[start + i * step];
        r->len = (size_t)n;
        return OBJ_VAL(r);
    }
    int64_t i;
    if (item_index(ts, l, key, "list index out of range", &i) < 0)
        return ERR_VAL;
    return l->items[i];
}

/* The items of [v] as a rooted list or tuple for slice assignment; a list
 * assigned into itself is copied first.  [extended] picks CPython's
 * message for a non-iterable. */
static Value seq_for_assign(ThreadState *ts, ObjList *l, Value v, bool extended)
{
    if (IS_TUPLE(v) || (IS_LIST(v) && AS_LIST(v) != l))
        return v;
    if (IS_LIST(v)) {
        ObjList *c = list_from_array(ts, l->items, l->len);
        return c ? OBJ_VAL(c) : ERR_VAL;
    }
    Value it = obj_iter(ts, v);
    if (IS_ERR(it)) {
        if (exc_matches(ts, TYPE(ts, TypeError))) {
            exc_clear(ts);
            return RAISE(ts, TypeError,
                         extended ? "must assign iterable to extended slice"
                                  : "can only assign an iterable");
        }
        return ERR_VAL;
    }
    ObjList *c = list_from_iterable(ts, it);
    return c ? OBJ_VAL(c) : ERR_VAL;
}

static int list_assign_slice(ThreadState *ts, ObjList *l, ObjSlice *slice,
                             Value v)
{
    int64_t start, stop, step;
    int64_t n = slice_indices(ts, slice, (int64_t)l->len, &start, &stop, &step);
    if (n < 0)
        return -1;
    Value seq = seq_for_assign(ts, l, v, step != 1);
    if (IS_ERR(seq))
        return -1;
    PROTECT(ts, seq);
    /* Resolve again: making the sequence may have run code changing l. */
    n = slice_indices(ts, slice, (int64_t)l->len, &start, &stop, &step);
    if (n < 0) {
        UNPROTECT(ts, 1);
        return -1;
    }
    size_t m = IS_LIST(seq) ? AS_LIST(seq)->len : AS_TUPLE(seq)->len;
    int rc = 0;
    if (step == 1) {
        if (stop < start)
            stop = start;
        size_t old = (size_t)(stop - start);
        if (m > old) {
            if (list_reserve(ts, l, l->len + (m - old)) < 0) {
                UNPROTECT(ts, 1);
                return -1;
            }
        }
        memmove(&l->items[start + (int64_t)m], &l->items[stop],
                (l->len - (size_t)stop) * sizeof(Value));
        l->len = l->len - old + m;
        const Value *src =
            IS_LIST(seq) ? AS_LIST(seq)->items : AS_TUPLE(seq)->items;
        if (m > 0)
            memcpy(&l->items[start], src, m * sizeof(Value));
    } else if ((int64_t)m != n) {
        RAISE(ts, ValueError,
              "attempt to assign sequence of size %zu to extended slice of "
              "size %lld",
              m, (long long)n);
        rc = -1;
    } else {
        const Value *src =
            IS_LIST(seq) ? AS_LIST(seq)->items : AS_TUPLE(seq)->items;
        for (int64_t i = 0; i < n; i++)
            l->items[start + i * step] = src[i];
    }
    UNPROTECT(ts, 1);
    return rc;
}

int list_setitem(ThreadState *ts, ObjList *l, Value key, Value v)
{
    if (IS_KIND(key, OBJ_SLICE))
        return list_assign_slice(ts, l, AS_SLICE(key), v);
    int64_t i;
    if (item_index(ts, l, key, "list assignment index out of range", &i) < 0)
        return -1;
    l->items[i] = v;
    return 0;
}

int list_delitem(ThreadState *ts, ObjList *l, Value key)
{
    if (IS_KIND(key, OBJ_SLICE)) {
        int64_t start, stop, step;
        int64_t n = slice_indices(ts, AS_SLICE(key), (int64_t)l->len, &start,
                                  &stop, &step);
        if (n < 0)
            return -1;
        if (n == 0)
            return 0;
        if (step < 0) {
            /* The same set of indices, walked upwards. */
            start = start + step * (n - 1);
            step = -step;
        }
        if (step == 1) {
            memmove(&l->items[start], &l->items[start + n],
                    (l->len - (size_t)(start + n)) * sizeof(Value));
        } else {
            /* Count the removed items rather than compare with
               start + step * n, which a huge step would overflow. */
            size_t w = (size_t)start;
            int64_t next = start, removed = 0;
            for (size_t r = (size_t)start; r < l->len; r++) {
                if (removed < n && (int64_t)r == next) {
                    if (++removed < n)
                        next += step;
                    continue;
                }
                l->items[w++] = l->items[r];
            }
        }
        l->len -= (size_t)n;
        return 0;
    }
    int64_t i;
    if (item_index(ts, l, key, "list assignment index out of range", &i) < 0)
        return -1;
    memmove(&l->items[i], &l->items[i + 1],
            (l->len - (size_t)i - 1) * sizeof(Value));
    l->len--;
    return 0;
}

/* -- sorting ----------------------------------------------------------- */

typedef struct SortCtx {
    ThreadState *ts;
    ObjList *keys; /* the values compared, rooted */
    bool reverse;
} SortCtx;

/* a < b with fast paths for the common homogeneous lists. */
static int sort_lt(ThreadState *ts, Value a, Value b)
{
    if (IS_INT(a) && IS_INT(b))
        return AS_INT(a) < AS_INT(b);
    if (IS_FLOAT(a) && IS_FLOAT(b))
        return AS_FLOAT(a) < AS_FLOAT(b);
    if (IS_STR(a) && IS_STR(b))
        return str_compare(AS_STR(a), AS_STR(b)) < 0;
    return obj_lt(ts, a, b);
}

/* Must item [x] come strictly before item [y]? */
static int sort_before(SortCtx *c, size_t x, size_t y)
{
    Value *k = c->keys->items;
    if (c->reverse)
        return sort_lt(c->ts, k[y], k[x]);
    return sort_lt(c->ts, k[x], k[y]);
}

static int merge_sort(SortCtx *c, size_t *a, size_t *tmp, size_t n)
{
    if (n <= 12) {
        for (size_t i = 1; i < n; i++) {
            size_t x = a[i], j = i;
            while (j > 0) {
                int b = sort_before(c, x, a[j - 1]);
                if (b < 0)
                    return -1;
                if (!b)
                    break;
                a[j] = a[j - 1];
                j--;
            }
            a[j] = x;
        }
        return 0;
    }
    size_t mid = n / 2;
    if (merge_sort(c, a, tmp, mid) < 0 ||
        merge_sort(c, a + mid, tmp, n - mid) < 0)
        return -1;
    int b = sort_before(c, a[mid], a[mid - 1]);
    if (b <= 0)
        return b; /* already in order (or error) */
    memcpy(tmp, a, mid * sizeof(size_t));
    size_t i = 0, j = mid, k = 0;
    while (i < mid && j < n) {
        b = sort_before(c, a[j], tmp[i]);
        if (b < 0) {
            /* Put the pending left run back so a holds each index once. */
            while (i < mid)
                a[k++] = tmp[i++];
            return -1;
        }
        a[k++] = b ? a[j++] : tmp[i++];
    }
    while (i < mid)
        a[k++] = tmp[i++];
    return 0;
}

int list_sort(ThreadState *ts, ObjList *l, Value key, bool reverse)
{
    size_t n = l->len;
    if (n < 2)
        return 0;
    PROTECT_OBJ(ts, l);
    ObjList *vals = list_from_array(ts, l->items, n);
    if (vals == NULL) {
        UNPROTECT(ts, 1);
        return -1;
    }
    PROTECT_OBJ(ts, vals);
    l->len = 0; /* the list looks empty while user code runs */
    int rc = 0;
    ObjList *keys = vals;
    if (!IS_UNDEF(key) && !IS_NONE(key)) {
        keys = list_new(ts, n);
        if (keys == NULL) {
            rc = -1;
            keys = vals;
        }
    }
    PROTECT_OBJ(ts, keys);
    if (rc == 0 && keys != vals) {
        for (size_t i = 0; rc == 0 && i < n; i++) {
            Value k = obj_call(ts, key, 1, &vals->items[i], NULL);
            if (IS_ERR(k))
                rc = -1;
            else
                keys->items[keys->len++] = k;
        }
    }
    size_t *perm = NULL, *tmp = NULL;
    if (rc == 0) {
        perm = malloc(n * sizeof(size_t));
        tmp = malloc((n / 2 + 1) * sizeof(size_t));
        if (perm == NULL || tmp == NULL) {
            exc_no_memory(ts);
            rc = -1;
        }
    }
    if (rc == 0) {
        for (size_t i = 0; i < n; i++)
            perm[i] = i;
        SortCtx c = {ts, keys, reverse};
        rc = merge_sort(&c, perm, tmp, n);
    }
    bool modified = l->len != 0;
    /* Restore: sorted on success, the original order on error. */
    l->len = 0;
    if (list_reserve(ts, l, n) < 0) {
        if (rc == 0)
            rc = -1;
        else
            exc_clear(ts), exc_no_memory(ts);
    } else {
        for (size_t i = 0; i < n; i++)
            l->items[i] = vals->items[rc == 0 ? perm[i] : i];
        l->len = n;
    }
    if (rc == 0 && modified) {
        RAISE(ts, ValueError, "list modified during sort");
        rc = -1;
    }
    free(perm);
    free(tmp);
    UNPROTECT(ts, 3);
    return rc;
}

/* -- iteration --------------------------------------------------------- */

/* The next item of a list iterator in either direction: it->index moves
 * by [step], and an index out of range (the list may have shrunk) ends
 * it. */
static int iter_step(ObjIter *it, Value *out, int step)
{
    if (!IS_LIST(it->state[0]))
        return 0;
    ObjList *l = AS_LIST(it->state[0]);
    if (it->index < 0 || (size_t)it->index >= l->len) {
        it->state[0] = NONE_VAL; /* exhausted for good */
        return 0;
    }
    *out = l->items[it->index];
    it->index += step;
    return 1;
}

static int list_iter_next(ThreadState *ts, ObjIter *it, Value *out)
{
    return iter_step(it, out, 1);
}

static int list_reviter_next(ThreadState *ts, ObjIter *it, Value *out)
{
    return iter_step(it, out, -1);
}

Value list_iter(ThreadState *ts, ObjList *l)
{
    return iter_over(ts, "list_iterator", list_iter_next, OBJ_VAL(l), 0, 0);
}

Value list_reversed(ThreadState *ts, ObjList *l)
{
    return iter_over(ts, "list_reverseiterator", list_reviter_next, OBJ_VAL(l),
                     (int64_t)l->len - 1, 0);
}

/* -- repr and comparison ----------------------------------------------- */

int list_repr_enter(ThreadState *ts, Value v)
{
    if (ts->repr_guard == NULL) {
        PROTECT(ts, v);
        ObjList *g = list_new(ts, 8);
        UNPROTECT(ts, 1);
        if (g == NULL)
            return -1;
        ts->repr_guard = g;
    }
    ObjList *g = ts->repr_guard;
    for (size_t i = 0; i < g->len; i++)
        if (value_is(g->items[i], v))
            return 1;
    /* Nested reprs recurse in C: count them against the recursion limit
       as CPython does, so a list nested 100000 deep cannot overflow the
       C stack. */
    if (ts->depth >= ts->interp->recursion_limit) {
        RAISE(ts, RecursionError,
              "maximum recursion depth exceeded while "
              "getting the repr of an object");
        return -1;
    }
    if (list_append(ts, g, v) < 0)
        return -1;
    ts->depth++;
    return 0;
}

void list_repr_leave(ThreadState *ts, Value v)
{
    ObjList *g = ts->repr_guard;
    if (g == NULL)
        return;
    for (size_t i = g->len; i-- > 0;) {
        if (value_is(g->items[i], v)) {
            memmove(&g->items[i], &g->items[i + 1],
                    (g->len - i - 1) * sizeof(Value));
            g->len--;
            ts->depth--;
            return;
        }
    }
}

Value list_repr(ThreadState *ts, ObjList *l)
{
    if (l->len == 0) {
        ObjStr *s = str_from_cstr(ts, "[]");
        return s ? OBJ_VAL(s) : ERR_VAL;
    }
    int g = list_repr_enter(ts, OBJ_VAL(l));
    if (g < 0)
        return ERR_VAL;
    if (g > 0) {
        ObjStr *s = str_from_cstr(ts, "[...]");
        return s ? OBJ_VAL(s) : ERR_VAL;
    }
    StrBuf sb;
    sb_init(&sb);
    sb_putc(&sb, '[');
    for (size_t i = 0; i < l->len; i++) {
        Value r = obj_repr(ts, l->items[i]);
        if (IS_ERR(r)) {
            sb_free(&sb);
            list_repr_leave(ts, OBJ_VAL(l));
            return ERR_VAL;
        }
        if (i > 0)
            sb_puts(&sb, ", ");
        sb_append(&sb, AS_STR(r)->data, AS_STR(r)->len);
    }
    sb_putc(&sb, ']');
    list_repr_leave(ts, OBJ_VAL(l));
    ObjStr *s = str_from_buf(ts, &sb);
    return s ? OBJ_VAL(s) : ERR_VAL;
}

static size_t seq_len(Value v)
{
    return IS_LIST(v) ? AS_LIST(v)->len : AS_TUPLE(v)->len;
}

static Value seq_item(Value v, size_t i)
{
    return IS_LIST(v) ? AS_LIST(v)->items[i] : AS_TUPLE(v)->items[i];
}

static bool cmp_sizes(size_t a, size_t b, CmpOp op)
{
    switch (op) {
    case CMP_LT:
        return a < b;
    case CMP_LE:
        return a <= b;
    case CMP_EQ:
        return a == b;
    case CMP_NE:
        return a != b;
    case CMP_GT:
        return a > b;
    case CMP_GE:
        return a >= b;
    }
    return false;
}

Value list_compare_seq(ThreadState *ts, Value a, Value b, CmpOp op)
{
    if ((op == CMP_EQ || op == CMP_NE) && seq_len(a) != seq_len(b))
        return BOOL_VAL(op == CMP_NE);
    size_t i;
    for (i = 0; i < seq_len(a) && i < seq_len(b); i++) {
        Value x = seq_item(a, i), y = seq_item(b, i);
        if (value_is(x, y))
            continue;
        /* Nested sequences compare recursively in C. */
        if (ts->depth >= ts->interp->recursion_limit)
            return RAISE(ts, RecursionError,
                         "maximum recursion depth exceeded in comparison");
        PROTECT(ts, x);
        PROTECT(ts, y);
        ts->depth++;
        int eq = obj_eq(ts, x, y);
        ts->depth--;
        UNPROTECT(ts, 2);
        if (eq < 0)
            return ERR_VAL;
        if (!eq)
            break;
    }
    size_t na = seq_len(a), nb = seq_len(b);
    if (i >= na || i >= nb)
        return BOOL_VAL(cmp_sizes(na, nb, op));
    if (op == CMP_EQ)
        return FALSE_VAL;
    if (op == CMP_NE)
        return TRUE_VAL;
    if (ts->depth >= ts->interp->recursion_limit)
        return RAISE(ts, RecursionError,
                     "maximum recursion depth exceeded in comparison");
    ts->depth++;
    Value r = obj_compare(ts, op, seq_item(a, i), seq_item(b, i));
    ts->depth--;
    return r;
}

/* A start/stop bound of index(): clamped like a slice bound. */
static int bound_arg(ThreadState *ts, Value v, int64_t len, int64_t *out)
{
    int64_t x;
    if (IS_BIGINT(v))
        x = mpz_sgn(AS_BIGINT(v)->z) < 0 ? INT64_MIN : INT64_MAX;
    else if (slice_item_index(ts, v, "slice", &x) < 0)
        return -1;
    if (x < 0) {
        x += len;
        if (x < 0)
            x = 0;
    }
    *out = x;
    return 0;
}

int list_index_seq(ThreadState *ts, Value seq, int argc, Value *argv,
                   int64_t *pos)
{
    int64_t start = 0, stop = INT64_MAX;
    if (argc > 2 && bound_arg(ts, argv[2], (int64_t)seq_len(seq), &start) < 0)
        return -1;
    if (argc > 3 && bound_arg(ts, argv[3], (int64_t)seq_len(seq), &stop) < 0)
        return -1;
    for (int64_t i = start; i < stop && i < (int64_t)seq_len(seq); i++) {
        int eq = obj_eq(ts, seq_item(seq, (size_t)i), argv[1]);
        if (eq < 0)
            return -1;
        if (eq) {
            *pos = i;
            return 1;
        }
    }
    return 0;
}

int64_t list_count_seq(ThreadState *ts, Value seq, Value x)
{
    int64_t n = 0;
    for (size_t i = 0; i < seq_len(seq); i++) {
        int eq = obj_eq(ts, seq_item(seq, i), x);
        if (eq < 0)
            return -1;
        n += eq;
    }
    return n;
}

/* -- natives ----------------------------------------------------------- */

#define LIST_SELF(meth, n)                                                     \
    if (args_self(ts, OBJ_LIST, "list", meth, argc, argv) < 0 ||               \
        args_method(ts, "list", meth, argc, kwnames, n) < 0)                   \
        return ERR_VAL;                                                        \
    ObjList *l = AS_LIST(argv[0]);

static Value list_append_native(ThreadState *ts, int argc, Value *argv,
                                ObjTuple *kwnames)
{
    LIST_SELF("append", 1);
    return list_append(ts, l, argv[1]) < 0 ? ERR_VAL : NONE_VAL;
}

static Value list_extend_native(ThreadState *ts, int argc, Value *argv,
                                ObjTuple *kwnames)
{
    LIST_SELF("extend", 1);
    return list_extend(ts, l, argv[1]) < 0 ? ERR_VAL : NONE_VAL;
}

static Value list_insert_native(ThreadState *ts, int argc, Value *argv,
                                ObjTuple *kwnames)
{
    if (args_self(ts, OBJ_LIST, "list", "insert", argc, argv) < 0 ||
        args_no_kwargs(ts, "list.insert", kwnames) < 0)
        return ERR_VAL;
    if (argc != 3)
        return RAISE(ts, TypeError, "insert expected 2 arguments, got %d",
                     argc - 1);
    int64_t i;
    if (range_int_arg(ts, argv[1], &i) < 0)
        return ERR_VAL;
    return list_insert(ts, AS_LIST(argv[0]), i, argv[2]) < 0 ? ERR_VAL
                                                             : NONE_VAL;
}

static Value list_pop_native(ThreadState *ts, int argc, Value *argv,
                             ObjTuple *kwnames)
{
    if (args_self(ts, OBJ_LIST, "list", "pop", argc, argv) < 0 ||
        args_no_kwargs(ts, "list.pop", kwnames) < 0)
        return ERR_VAL;
    if (argc > 2)
        return RAISE(ts, TypeError, "pop expected at most 1 argument, got %d",
                     argc - 1);
    ObjList *l = AS_LIST(argv[0]);
    int64_t i = -1;
    if (argc == 2 && range_int_arg(ts, argv[1], &i) < 0)
        return ERR_VAL;
    if (l->len == 0)
        return RAISE(ts, IndexError, "pop from empty list");
    if (i < 0)
        i += (int64_t)l->len;
    if (i < 0 || i >= (int64_t)l->len)
        return RAISE(ts, IndexError, "pop index out of range");
    Value v = l->items[i];
    memmove(&l->items[i], &l->items[i + 1],
            (l->len - (size_t)i - 1) * sizeof(Value));
    l->len--;
    return v;
}

static Value list_remove_native(ThreadState *ts, int argc, Value *argv,
                                ObjTuple *kwnames)
{
    LIST_SELF("remove", 1);
    for (size_t i = 0; i < l->len; i++) {
        int eq = obj_eq(ts, l->items[i], argv[1]);
        if (eq < 0)
            return ERR_VAL;
        if (eq) {
            if (i < l->len) {
                memmove(&l->items[i], &l->items[i + 1],
                        (l->len - i - 1) * sizeof(Value));
                l->len--;
            }
            return NONE_VAL;
        }
    }
    return RAISE(ts, ValueError, "list.remove(x): x not in list");
}

static Value list_index_native(ThreadState *ts, int argc, Value *argv,
                               ObjTuple *kwnames)
{
    if (args_self(ts, OBJ_LIST, "list", "index", argc, argv) < 0 ||
        args_no_kwargs(ts, "list.index", kwnames) < 0)
        return ERR_VAL;
    if (argc < 2)
        return RAISE(ts, TypeError,
                     "index expected at least 1 argument, "
                     "got %d",
                     argc - 1);
    if (argc > 4)
        return RAISE(ts, TypeError,
                     "index expected at most 3 arguments, "
                     "got %d",
                     argc - 1);
    int64_t pos;
    int found = list_index_seq(ts, argv[0], argc, argv, &pos);
    if (found != 0)
        return found < 0 ? ERR_VAL : INT_VAL(pos);
    Value r = obj_repr(ts, argv[1]);
    if (IS_ERR(r))
        return ERR_VAL;
    return RAISE(ts, ValueError, "%s is not in list", AS_STR(r)->data);
}

static Value list_count_native(ThreadState *ts, int argc, Value *argv,
                               ObjTuple *kwnames)
{
    LIST_SELF("count", 1);
    (void)l;
    int64_t n = list_count_seq(ts, argv[0], argv[1]);
    return n < 0 ? ERR_VAL : INT_VAL(n);
}

static Value list_sort_native(ThreadState *ts, int argc, Value *argv,
                              ObjTuple *kwnames)
{
    if (args_self(ts, OBJ_LIST, "list", "sort", argc, argv) < 0)
        return ERR_VAL;
    if (argc > 1)
        return RAISE(ts, TypeError, "sort() takes no positional arguments");
    static const ArgSpec spec = {"sort", 0, 0, {"key", "reverse"}};
    Value opt[2];
    if (args_parse(ts, &spec, argc - 1, argv + 1, kwnames, opt) < 0)
        return ERR_VAL;
    bool reverse = false;
    if (!IS_UNDEF(opt[1])) {
        int t = obj_truthy(ts, opt[1]);
        if (t < 0)
            return ERR_VAL;
        reverse = t;
    }
    if (list_sort(ts, AS_LIST(argv[0]), opt[0], reverse) < 0)
        return ERR_VAL;
    return NONE_VAL;
}

static Value list_reverse_native(ThreadState *ts, int argc, Value *argv,
                                 ObjTuple *kwnames)
{
    LIST_SELF("reverse", 0);
    for (size_t i = 0, j = l->len; i + 1 < j; i++, j--) {
        Value t = l->items[i];
        l->items[i] = l->items[j - 1];
        l->items[j - 1] = t;
    }
    return NONE_VAL;
}

static Value list_copy_native(ThreadState *ts, int argc, Value *argv,
                              ObjTuple *kwnames)
{
    LIST_SELF("copy", 0);
    ObjList *c = list_from_array(ts, l->items, l->len);
    return c ? OBJ_VAL(c) : ERR_VAL;
}

static Value list_clear_native(ThreadState *ts, int argc, Value *argv,
                               ObjTuple *kwnames)
{
    LIST_SELF("clear", 0);
    l->len = 0;
    return NONE_VAL;
}

static Value list_len_native(ThreadState *ts, int argc, Value *argv,
                             ObjTuple *kwnames)
{
    LIST_SELF("__len__", 0);
    return INT_VAL(l->len);
}

static Value list_getitem_native(ThreadState *ts, int argc, Value *argv,
                                 ObjTuple *kwnames)
{
    LIST_SELF("__getitem__", 1);
    return list_getitem(ts, l, argv[1]);
}

static Value list_setitem_native(ThreadState *ts, int argc, Value *argv,
                                 ObjTuple *kwnames)
{
    if (args_self(ts, OBJ_LIST, "list", "__setitem__", argc, argv) < 0 ||
        args_no_kwargs(ts, "list.__setitem__", kwnames) < 0)
        return ERR_VAL;
    if (argc != 3)
        return RAISE(ts, TypeError, "expected 2 arguments, got %d", argc - 1);
    return list_setitem(ts, AS_LIST(argv[0]), argv[1], argv[2]) < 0 ? ERR_VAL
                                                                    : NONE_VAL;
}

static Value list_delitem_native(ThreadState *ts, int argc, Value *argv,
                                 ObjTuple *kwnames)
{
    LIST_SELF("__delitem__", 1);
    return list_delitem(ts, l, argv[1]) < 0 ? ERR_VAL : NONE_VAL;
}

static Value list_contains_native(ThreadState *ts, int argc, Value *argv,
                                  ObjTuple *kwnames)
{
    LIST_SELF("__contains__", 1);
    int c = list_contains(ts, l, argv[1]);
    return c < 0 ? ERR_VAL : BOOL_VAL(c);
}

static Value list_iter_native(ThreadState *ts, int argc, Value *argv,
                              ObjTuple *kwnames)
{
    LIST_SELF("__iter__", 0);
    return list_iter(ts, l);
}

static Value list_reversed_native(ThreadState *ts, int argc, Value *argv,
                                  ObjTuple *kwnames)
{
    LIST_SELF("__reversed__", 0);
    return list_reversed(ts, l);
}

static Value list_repr_native(ThreadState *ts, int argc, Value *argv,
                              ObjTuple *kwnames)
{
    LIST_SELF("__repr__", 0);
    return list_repr(ts, l);
}

static Value list_add_native(ThreadState *ts, int argc, Value *argv,
                             ObjTuple *kwnames)
{
    LIST_SELF("__add__", 1);
    if (!IS_LIST(argv[1]))
        return RAISE(ts, TypeError,
                     "can only concatenate list (not \"%s\") to list",
                     obj_type_name(ts, argv[1]));
    ObjList *r = list_concat(ts, l, AS_LIST(argv[1]));
    return r ? OBJ_VAL(r) : ERR_VAL;
}

static Value list_iadd_native(ThreadState *ts, int argc, Value *argv,
                              ObjTuple *kwnames)
{
    LIST_SELF("__iadd__", 1);
    if (list_extend(ts, l, argv[1]) < 0)
        return ERR_VAL;
    return argv[0];
}

/* The repeat count of l * n: "can't multiply sequence by non-int of type
 * 'float'". */
static int repeat_count(ThreadState *ts, Value n, int64_t *out)
{
    if (IS_INT(n) || IS_BOOL(n)) {
        *out = IS_INT(n) ? AS_INT(n) : AS_BOOL(n);
        return 0;
    }
    if (IS_BIGINT(n)) {
        RAISE(ts, OverflowError,
              "cannot fit 'int' into an index-sized integer");
        return -1;
    }
    if (IS_OBJ(n) && !IS_UNDEF(class_lookup(obj_class(ts, n), NAME(ts, index))))
        return obj_as_index(ts, n, out);
    RAISE(ts, TypeError, "can't multiply sequence by non-int of type '%s'",
          obj_type_name(ts, n));
    return -1;
}

static Value list_mul_native(ThreadState *ts, int argc, Value *argv,
                             ObjTuple *kwnames)
{
    LIST_SELF("__mul__", 1);
    int64_t n;
    if (repeat_count(ts, argv[1], &n) < 0)
        return ERR_VAL;
    ObjList *r = list_repeat(ts, l, n);
    return r ? OBJ_VAL(r) : ERR_VAL;
}

static Value list_imul_native(ThreadState *ts, int argc, Value *argv,
                              ObjTuple *kwnames)
{
    LIST_SELF("__imul__", 1);
    int64_t n;
    if (repeat_count(ts, argv[1], &n) < 0)
        return ERR_VAL;
    return list_repeat_inplace(ts, l, n) < 0 ? ERR_VAL : argv[0];
}

#define LIST_CMP(fname, meth, op)                                              \
    static Value fname(ThreadState *ts, int argc, Value *argv,                 \
                       ObjTuple *kwnames)                                      \
    {                                                                          \
        LIST_SELF(meth, 1);                                                    \
        (void)l;                                                               \
        if (!IS_LIST(argv[1]))                                                 \
            return ts->interp->not_implemented;                                \
        return list_compare_seq(ts, argv[0], argv[1], op);                     \
    }
LIST_CMP(list_eq_native, "__eq__", CMP_EQ)
LIST_CMP(list_ne_native, "__ne__", CMP_NE)
LIST_CMP(list_lt_native, "__lt__", CMP_LT)
LIST_CMP(list_le_native, "__le__", CMP_LE)
LIST_CMP(list_gt_native, "__gt__", CMP_GT)
LIST_CMP(list_ge_native, "__ge__", CMP_GE)

static Value list_construct(ThreadState *ts, ObjClass *cls, int argc,
                            Value *argv, ObjTuple *kwnames)
{
    if (args_no_kwargs(ts, "list", kwnames) < 0)
        return ERR_VAL;
    if (argc > 1)
        return RAISE(ts, TypeError,
                     "list expected at most 1 argument, "
                     "got %d",
                     argc);
    ObjList *l = argc == 0 ? list_new(ts, 0) : list_from_iterable(ts, argv[0]);
    if (l == NULL)
        return ERR_VAL;
    l->obj.cls = cls;
    return OBJ_VAL(l);
}

void list_register(ThreadState *ts)
{
    ObjClass *cls = TYPE(ts, LIST);
    cls->construct = list_construct;
    class_add_native(ts, cls, "append", list_append_native);
    class_add_native(ts, cls, "extend", list_extend_native);
    class_add_native(ts, cls, "insert", list_insert_native);
    class_add_native(ts, cls, "pop", list_pop_native);
    class_add_native(ts, cls, "remove", list_remove_native);
    class_add_native(ts, cls, "index", list_index_native);
    class_add_native(ts, cls, "count", list_count_native);
    class_add_native(ts, cls, "sort", list_sort_native);
    class_add_native(ts, cls, "reverse", list_reverse_native);
    class_add_native(ts, cls, "copy", list_copy_native);
    class_add_native(ts, cls, "clear", list_clear_native);
    class_add_native(ts, cls, "__len__", list_len_native);
    class_add_native(ts, cls, "__getitem__", list_getitem_native);
    class_add_native(ts, cls, "__setitem__", list_setitem_native);
    class_add_native(ts, cls, "__delitem__", list_delitem_native);
    class_add_native(ts, cls, "__contains__", list_contains_native);
    class_add_native(ts, cls, "__iter__", list_iter_native);
    class_add_native(ts, cls, "__reversed__", list_reversed_native);
    class_add_native(ts, cls, "__repr__", list_repr_native);
    class_add_native(ts, cls, "__add__", list_add_native);
    class_add_native(ts, cls, "__iadd__", list_iadd_native);
    class_add_native(ts, cls, "__mul__", list_mul_native);
    class_add_native(ts, cls, "__rmul__", list_mul_native);
    class_add_native(ts, cls, "__imul__", list_imul_native);
    class_add_native(ts, cls, "__eq__", list_eq_native);
    class_add_native(ts, cls, "__ne__", list_ne_native);
    class_add_native(ts, cls, "__lt__", list_lt_native);
    class_add_native(ts, cls, "__le__", list_le_native);
    class_add_native(ts, cls, "__gt__", list_gt_native);
    class_add_native(ts, cls, "__ge__", list_ge_native);
    class_add_value(ts, cls, "__hash__", NONE_VAL);
}
