/* dict.c - insertion-ordered hash tables (dict objects and every namespace)
 * and the dict class with its keys/values/items views.
 *
 * The layout is CPython 3.6's compact dict.  `entries` is a dense array of
 * (hash, key, value) in insertion order; deleting an entry leaves a hole
 * (key UNDEF) that is squeezed out at the next resize.  `index` is a sparse
 * power-of-two array of int32 positions into `entries` (-1 empty, -2 a
 * deleted slot).  Probing starts at hash & mask and continues with
 * i = 5*i + 1 + perturb, perturb >>= 5 after each step, so every bit of the
 * hash takes part and keys with similar low bits ("k0".."k99999") spread
 * out.  entries[] holds at most 2/3 of the index size (holes included), so
 * the index never gets more than 2/3 full and probe sequences stay short;
 * a full entries[] triggers a resize to an index of at least 3 * len slots.
 *
 * Comparing keys: identity first, then equal hashes, then str contents
 * without calling any Python code, then obj_eq.  obj_eq may run a user
 * __eq__ that mutates this very dict; the lookup then starts over, as
 * CPython's does.  `version` changes on every mutation (value replacement
 * included), so the VM can cache global lookups on it.
 */
#include "dict.h"

#include <string.h>

#include "args.h"
#include "class.h"
#include "exc.h"
#include "gc.h"
#include "iter.h"
#include "list.h"
#include "num.h"
#include "ops.h"
#include "set.h"
#include "str.h"
#include "strbuf.h"
#include "tuple.h"

#define IX_EMPTY (-1)
#define IX_DUMMY (-2)
#define PERTURB_SHIFT 5
#define MIN_INDEX 8

static size_t usable_size(size_t index_cap)
{
    return index_cap * 2 / 3;
}

ObjDict *dict_new(ThreadState *ts)
{
    ObjDict *d = gc_alloc(ts, sizeof(ObjDict), OBJ_DICT, TYPE(ts, DICT));
    if (d == NULL)
        return NULL;
    d->len = d->used = d->entries_cap = d->index_cap = 0;
    d->index = NULL;
    d->entries = NULL;
    d->version = 1;
    return d;
}

int dict_hash_key(ThreadState *ts, Value key, uint64_t *out)
{
    if (IS_STR(key)) {
        *out = AS_STR(key)->hash;
        return 0;
    }
    if (IS_INT(key)) {
        *out = num_hash_int(key);
        return 0;
    }
    if (IS_BOOL(key)) {
        *out = num_hash_int(INT_VAL(AS_BOOL(key) ? 1 : 0));
        return 0;
    }
    if (IS_FLOAT(key)) {
        *out = num_hash_float(AS_FLOAT(key));
        return 0;
    }
    return obj_hash(ts, key, out);
}

/* Rebuild with an index of at least [min_index] slots, dropping holes. */
static int dict_resize(ThreadState *ts, ObjDict *d, size_t min_index)
{
    size_t cap = MIN_INDEX;
    while (cap < min_index) {
        if (cap > ((size_t)1 << 30)) {
            exc_no_memory(ts);
            return -1;
        }
        cap <<= 1;
    }
    size_t ecap = usable_size(cap);
    int32_t *index = gc_alloc_mem(ts, cap * sizeof(int32_t));
    if (index == NULL)
        return -1;
    DictEntry *entries = gc_alloc_mem(ts, ecap * sizeof(DictEntry));
    if (entries == NULL) {
        gc_free_mem(ts->interp, index, cap * sizeof(int32_t));
        return -1;
    }
    memset(index, 0xff, cap * sizeof(int32_t)); /* all IX_EMPTY */
    size_t mask = cap - 1, n = 0;
    for (size_t k = 0; k < d->used; k++) {
        DictEntry *e = &d->entries[k];
        if (IS_UNDEF(e->key))
            continue;
        entries[n] = *e;
        size_t i = (size_t)e->hash & mask;
        uint64_t perturb = e->hash;
        while (index[i] != IX_EMPTY) {
            perturb >>= PERTURB_SHIFT;
            i = (i * 5 + (size_t)perturb + 1) & mask;
        }
        index[i] = (int32_t)n;
        n++;
    }
    if (d->index != NULL)
        gc_free_mem(ts->interp, d->index, d->index_cap * sizeof(int32_t));
    if (d->entries != NULL)
        gc_free_mem(ts->interp, d->entries, d->entries_cap * sizeof(DictEntry));
    d->index = index;
    d->entries = entries;
    d->index_cap = cap;
    d->entries_cap = ecap;
    d->used = n;
    d->len = n;
    return 0;
}

int dict_quick_equal(Value a, Value b)
{
    if (value_is(a, b))
        return 1;
    if (IS_STR(a) && IS_STR(b))
        return str_equal(AS_STR(a), AS_STR(b));
    /* A str never equals a number; a user object might equal anything. */
    if (IS_STR(a) || IS_STR(b))
        return IS_OBJ(IS_STR(a) ? b : a) ? 2 : 0;
    if (IS_INT(a) && IS_INT(b))
        return 0;
    return 2;
}

/* Find [key]: the entry position (>= 0), -1 when absent, -2 on error.
 * *slot receives the index slot holding it, or the first empty slot of
 * the probe sequence when absent. */
static int64_t lookup(ThreadState *ts, ObjDict *d, Value key, uint64_t hash,
                      size_t *slot)
{
restart:
    if (d->index_cap == 0)
        return -1;
    size_t mask = d->index_cap - 1;
    size_t i = (size_t)hash & mask;
    uint64_t perturb = hash;
    for (;;) {
        int32_t ix = d->index[i];
        if (ix == IX_EMPTY) {
            *slot = i;
            return -1;
        }
        if (ix >= 0) {
            DictEntry *e = &d->entries[ix];
            if (e->hash == hash) {
                int q = dict_quick_equal(e->key, key);
                if (q == 1) {
                    *slot = i;
                    return ix;
                }
                if (q == 2) {
                    Value ekey = e->key;
                    uint64_t version = d->version;
                    DictEntry *entries = d->entries;
                    PROTECT(ts, ekey);
                    PROTECT(ts, key);
                    int eq = obj_eq(ts, ekey, key);
                    UNPROTECT(ts, 2);
                    if (eq < 0)
                        return -2;
                    if (d->version != version || d->entries != entries ||
                        !value_is(d->entries[ix].key, ekey))
                        goto restart;
                    if (eq) {
                        *slot = i;
                        return ix;
                    }
                }
            }
        }
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + (size_t)perturb + 1) & mask;
    }
}

/* The first empty index slot for [hash] (the table has room). */
static size_t find_empty(ObjDict *d, uint64_t hash)
{
    size_t mask = d->index_cap - 1;
    size_t i = (size_t)hash & mask;
    uint64_t perturb = hash;
    while (d->index[i] != IX_EMPTY) {
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + (size_t)perturb + 1) & mask;
    }
    return i;
}

/* Append a key known to be absent.  Never collects (only *_mem). */
static int insert_new(ThreadState *ts, ObjDict *d, Value key, Value value,
                      uint64_t hash)
{
    if (d->index_cap == 0 || d->used >= d->entries_cap) {
        if (dict_resize(ts, d, d->len * 3) < 0)
            return -1;
    }
    size_t slot = find_empty(d, hash);
    DictEntry *e = &d->entries[d->used];
    e->key = key;
    e->value = value;
    e->hash = hash;
    d->index[slot] = (int32_t)d->used;
    d->used++;
    d->len++;
    d->version++;
    return 0;
}

/* lookup() for a key whose hash is not known yet; -2 also when [key] is
 * unhashable. */
static int64_t find_key(ThreadState *ts, ObjDict *d, Value key, size_t *slot)
{
    uint64_t hash;
    if (dict_hash_key(ts, key, &hash) < 0)
        return -2;
    return lookup(ts, d, key, hash, slot);
}

static int set_with_hash(ThreadState *ts, ObjDict *d, Value key, Value value,
                         uint64_t hash)
{
    size_t slot;
    int64_t ix = lookup(ts, d, key, hash, &slot);
    if (ix == -2)
        return -1;
    if (ix >= 0) {
        d->entries[ix].value = value;
        d->version++;
        return 0;
    }
    return insert_new(ts, d, key, value, hash);
}

int dict_get(ThreadState *ts, ObjDict *d, Value key, Value *out)
{
    if (d->len == 0 && !IS_STR(key) && !IS_INT(key)) {
        /* Still hash: {}[[1]] must say "unhashable type". */
        uint64_t h;
        return dict_hash_key(ts, key, &h) < 0 ? -1 : 0;
    }
    size_t slot;
    int64_t ix = find_key(ts, d, key, &slot);
    if (ix == -2)
        return -1;
    if (ix < 0)
        return 0;
    *out = d->entries[ix].value;
    return 1;
}

int dict_contains(ThreadState *ts, ObjDict *d, Value key)
{
    Value v;
    return dict_get(ts, d, key, &v);
}

int dict_set(ThreadState *ts, ObjDict *d, Value key, Value value)
{
    uint64_t hash;
    if (dict_hash_key(ts, key, &hash) < 0)
        return -1;
    return set_with_hash(ts, d, key, value, hash);
}

int dict_setitem(ThreadState *ts, ObjDict *d, Value key, Value value)
{
    return dict_set(ts, d, key, value);
}

static void delete_at(ObjDict *d, size_t slot, int64_t ix)
{
    d->index[slot] = IX_DUMMY;
    d->entries[ix].key = UNDEF_VAL;
    d->entries[ix].value = UNDEF_VAL;
    d->len--;
    d->version++;
}

int dict_del(ThreadState *ts, ObjDict *d, Value key)
{
    size_t slot;
    int64_t ix = find_key(ts, d, key, &slot);
    if (ix == -2)
        return -1;
    if (ix < 0)
        return 0;
    delete_at(d, slot, ix);
    return 1;
}

Value dict_key_error(ThreadState *ts, Value key)
{
    PROTECT(ts, key);
    ObjTuple *args = tuple_new(ts, 1);
    UNPROTECT(ts, 1);
    if (args == NULL)
        return ERR_VAL;
    args->items[0] = key;
    PROTECT_OBJ(ts, args);
    Value exc = exc_new(ts, TYPE(ts, KeyError), args);
    UNPROTECT(ts, 1);
    if (IS_ERR(exc))
        return ERR_VAL;
    return exc_raise_value(ts, exc);
}

int dict_delitem(ThreadState *ts, ObjDict *d, Value key)
{
    int r = dict_del(ts, d, key);
    if (r < 0)
        return -1;
    if (r == 0) {
        dict_key_error(ts, key);
        return -1;
    }
    return 0;
}

/* -- str fast paths ------------------------------------------------------ */

static int64_t lookup_str(ObjDict *d, ObjStr *key, size_t *slot)
{
    if (d->index_cap == 0)
        return -1;
    uint64_t hash = key->hash;
    size_t mask = d->index_cap - 1;
    size_t i = (size_t)hash & mask;
    uint64_t perturb = hash;
    for (;;) {
        int32_t ix = d->index[i];
        if (ix == IX_EMPTY) {
            *slot = i;
            return -1;
        }
        if (ix >= 0) {
            DictEntry *e = &d->entries[ix];
            if (e->hash == hash && IS_STR(e->key) &&
                (AS_STR(e->key) == key || str_equal(AS_STR(e->key), key))) {
                *slot = i;
                return ix;
            }
        }
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + (size_t)perturb + 1) & mask;
    }
}

bool dict_get_str(ObjDict *d, ObjStr *key, Value *out)
{
    size_t slot;
    int64_t ix = lookup_str(d, key, &slot);
    if (ix < 0)
        return false;
    *out = d->entries[ix].value;
    return true;
}

int dict_set_str(ThreadState *ts, ObjDict *d, ObjStr *key, Value value)
{
    size_t slot;
    int64_t ix = lookup_str(d, key, &slot);
    if (ix >= 0) {
        d->entries[ix].value = value;
        d->version++;
        return 0;
    }
    return insert_new(ts, d, OBJ_VAL(key), value, key->hash);
}

bool dict_del_str(ObjDict *d, ObjStr *key)
{
    size_t slot;
    int64_t ix = lookup_str(d, key, &slot);
    if (ix < 0)
        return false;
    delete_at(d, slot, ix);
    return true;
}

int dict_set_cstr(ThreadState *ts, ObjDict *d, const char *key, Value value)
{
    PROTECT(ts, value);
    ObjStr *k = str_intern_cstr(ts, key);
    UNPROTECT(ts, 1);
    if (k == NULL)
        return -1;
    return dict_set_str(ts, d, k, value);
}

/* -- whole-dict operations ------------------------------------------------ */

bool dict_next(ObjDict *d, size_t *pos, Value *key, Value *value)
{
    while (*pos < d->used) {
        DictEntry *e = &d->entries[(*pos)++];
        if (!IS_UNDEF(e->key)) {
            if (key != NULL)
                *key = e->key;
            if (value != NULL)
                *value = e->value;
            return true;
        }
    }
    return false;
}

ObjDict *dict_copy(ThreadState *ts, ObjDict *d)
{
    PROTECT_OBJ(ts, d);
    ObjDict *c = dict_new(ts);
    UNPROTECT(ts, 1);
    if (c == NULL)
        return NULL;
    if (d->len == 0)
        return c;
    if (dict_resize(ts, c, d->len * 3 / 2 + 1) < 0)
        return NULL;
    for (size_t k = 0; k < d->used; k++) {
        DictEntry *e = &d->entries[k];
        if (!IS_UNDEF(e->key) &&
            insert_new(ts, c, e->key, e->value, e->hash) < 0)
            return NULL;
    }
    return c;
}

void dict_clear(ThreadState *ts, ObjDict *d)
{
    if (d->index != NULL)
        gc_free_mem(ts->interp, d->index, d->index_cap * sizeof(int32_t));
    if (d->entries != NULL)
        gc_free_mem(ts->interp, d->entries, d->entries_cap * sizeof(DictEntry));
    d->index = NULL;
    d->entries = NULL;
    d->len = d->used = d->entries_cap = d->index_cap = 0;
    d->version++;
}

/* Merge a dict: entries are read by position, re-checked each step since
 * a key's __eq__ could change [src]. */
static int merge_dict(ThreadState *ts, ObjDict *d, ObjDict *src)
{
    if (d == src)
        return 0;
    if (d->len == 0 && src->len > 0 &&
        dict_resize(ts, d, src->len * 3 / 2 + 1) < 0)
        return -1;
    PROTECT_OBJ(ts, src);
    for (size_t k = 0; k < src->used; k++) {
        DictEntry e = src->entries[k];
        if (IS_UNDEF(e.key))
            continue;
        if (set_with_hash(ts, d, e.key, e.value, e.hash) < 0) {
            UNPROTECT(ts, 1);
            return -1;
        }
    }
    UNPROTECT(ts, 1);
    return 0;
}

/* One element of dict([(k, v), ...]). */
static int merge_pair(ThreadState *ts, ObjDict *d, Value item, size_t n)
{
    Value seq = item;
    if (!IS_TUPLE(item) && !IS_LIST(item)) {
        Value it = obj_iter(ts, item);
        if (IS_ERR(it)) {
            if (exc_matches(ts, TYPE(ts, TypeError))) {
                exc_clear(ts);
                RAISE(ts, TypeError,
                      "cannot convert dictionary update sequence element "
                      "#%zu to a sequence",
                      n);
            }
            return -1;
        }
        ObjList *l = list_from_iterable(ts, it);
        if (l == NULL)
            return -1;
        seq = OBJ_VAL(l);
    }
    size_t len = IS_TUPLE(seq) ? AS_TUPLE(seq)->len : AS_LIST(seq)->len;
    if (len != 2) {
        RAISE(ts, ValueError,
              "dictionary update sequence element #%zu has length %zu; 2 is "
              "required",
              n, len);
        return -1;
    }
    const Value *kv =
        IS_TUPLE(seq) ? AS_TUPLE(seq)->items : AS_LIST(seq)->items;
    PROTECT(ts, seq);
    int r = dict_set(ts, d, kv[0], kv[1]);
    UNPROTECT(ts, 1);
    return r;
}

int dict_update(ThreadState *ts, ObjDict *d, Value other)
{
    if (IS_DICT(other))
        return merge_dict(ts, d, AS_DICT(other));
    PROTECT_OBJ(ts, d);
    PROTECT(ts, other);
    int rc = -1;
    Value keys_fn;
    ObjStr *keys_name = str_intern_cstr(ts, "keys");
    int has = keys_name ? obj_getattr_opt(ts, other, keys_name, &keys_fn) : -1;
    if (has < 0)
        goto out;
    if (has) {
        /* A mapping: for k in other.keys(): d[k] = other[k]. */
        PROTECT(ts, keys_fn);
        Value keys = obj_call(ts, keys_fn, 0, NULL, NULL);
        UNPROTECT(ts, 1);
        if (IS_ERR(keys))
            goto out;
        PROTECT(ts, keys);
        Value it = obj_iter(ts, keys);
        UNPROTECT(ts, 1);
        if (IS_ERR(it))
            goto out;
        PROTECT(ts, it);
        for (;;) {
            Value k, v;
            int r = obj_next(ts, it, &k);
            if (r < 0)
                break;
            if (r == 0) {
                rc = 0;
                break;
            }
            PROTECT(ts, k);
            v = obj_getitem(ts, other, k);
            if (IS_ERR(v) || (PROTECT(ts, v), dict_set(ts, d, k, v)) < 0) {
                UNPROTECT(ts, IS_ERR(v) ? 1 : 2);
                break;
            }
            UNPROTECT(ts, 2);
        }
        UNPROTECT(ts, 1);
        goto out;
    }
    Value it = obj_iter(ts, other);
    if (IS_ERR(it))
        goto out;
    PROTECT(ts, it);
    for (size_t n = 0;; n++) {
        Value item;
        int r = obj_next(ts, it, &item);
        if (r < 0)
            break;
        if (r == 0) {
            rc = 0;
            break;
        }
        PROTECT(ts, item);
        r = merge_pair(ts, d, item, n);
        UNPROTECT(ts, 1);
        if (r < 0)
            break;
    }
    UNPROTECT(ts, 1);
out:
    UNPROTECT(ts, 2);
    return rc;
}

ObjDict *dict_merge(ThreadState *ts, ObjDict *a, ObjDict *b)
{
    PROTECT_OBJ(ts, b);
    ObjDict *c = dict_copy(ts, a);
    if (c != NULL) {
        PROTECT_OBJ(ts, c);
        if (merge_dict(ts, c, b) < 0)
            c = NULL;
        UNPROTECT(ts, 1);
    }
    UNPROTECT(ts, 1);
    return c;
}

int dict_equal(ThreadState *ts, ObjDict *a, ObjDict *b)
{
    if (a == b)
        return 1;
    if (a->len != b->len)
        return 0;
    PROTECT_OBJ(ts, a);
    PROTECT_OBJ(ts, b);
    int rc = 1;
    for (size_t k = 0; k < a->used && rc == 1; k++) {
        DictEntry e = a->entries[k];
        if (IS_UNDEF(e.key))
            continue;
        PROTECT(ts, e.key);
        PROTECT(ts, e.value);
        size_t slot;
        int64_t ix = lookup(ts, b, e.key, e.hash, &slot);
        if (ix == -2) {
            rc = -1;
        } else if (ix < 0) {
            rc = 0;
        } else {
            Value bv = b->entries[ix].value;
            if (ts->depth >= ts->interp->recursion_limit) {
                RAISE(ts, RecursionError,
                      "maximum recursion depth exceeded in comparison");
                rc = -1;
            } else {
                PROTECT(ts, bv);
                ts->depth++;
                int eq = obj_eq(ts, e.value, bv);
                ts->depth--;
                UNPROTECT(ts, 1);
                rc = eq < 0 ? -1 : eq;
            }
        }
        UNPROTECT(ts, 2);
    }
    UNPROTECT(ts, 2);
    return rc;
}

Value dict_repr(ThreadState *ts, ObjDict *d)
{
    if (d->len == 0) {
        ObjStr *s = str_from_cstr(ts, "{}");
        return s ? OBJ_VAL(s) : ERR_VAL;
    }
    int g = list_repr_enter(ts, OBJ_VAL(d));
    if (g < 0)
        return ERR_VAL;
    if (g > 0) {
        ObjStr *s = str_from_cstr(ts, "{...}");
        return s ? OBJ_VAL(s) : ERR_VAL;
    }
    StrBuf sb;
    sb_init(&sb);
    sb_putc(&sb, '{');
    bool first = true;
    for (size_t k = 0; k < d->used; k++) {
        DictEntry e = d->entries[k];
        if (IS_UNDEF(e.key))
            continue;
        PROTECT(ts, e.key);
        PROTECT(ts, e.value);
        Value kr = obj_repr(ts, e.key);
        if (!IS_ERR(kr)) {
            if (!first)
                sb_puts(&sb, ", ");
            sb_append(&sb, AS_STR(kr)->data, AS_STR(kr)->len);
            sb_puts(&sb, ": ");
        }
        Value vr = IS_ERR(kr) ? ERR_VAL : obj_repr(ts, e.value);
        UNPROTECT(ts, 2);
        if (IS_ERR(vr)) {
            sb_free(&sb);
            list_repr_leave(ts, OBJ_VAL(d));
            return ERR_VAL;
        }
        sb_append(&sb, AS_STR(vr)->data, AS_STR(vr)->len);
        first = false;
    }
    sb_putc(&sb, '}');
    list_repr_leave(ts, OBJ_VAL(d));
    ObjStr *s = str_from_buf(ts, &sb);
    return s ? OBJ_VAL(s) : ERR_VAL;
}

Value dict_getitem(ThreadState *ts, ObjDict *d, Value key)
{
    Value v;
    int r = dict_get(ts, d, key, &v);
    if (r < 0)
        return ERR_VAL;
    if (r > 0)
        return v;
    if (d->obj.cls != TYPE(ts, DICT)) {
        Value missing = class_lookup(d->obj.cls, NAME(ts, missing));
        if (!IS_UNDEF(missing)) {
            Value args[2] = {OBJ_VAL(d), key};
            return obj_call(ts, missing, 2, args, NULL);
        }
    }
    return dict_key_error(ts, key);
}

/* -- iterators and views ------------------------------------------------- */

typedef enum ViewKind { VIEW_KEYS, VIEW_VALUES, VIEW_ITEMS } ViewKind;

static const char *const view_names[] = {"dict_keys", "dict_values",
                                         "dict_items"};
/* The view classes live in the dict class's dict under keys no attribute
 * access can spell. */
static const char *const view_class_keys[] = {"<dict_keys>", "<dict_values>",
                                              "<dict_items>"};

/* Advance to the next live entry; state[0] is the dict, `end` the size it
 * had when iteration began (-1 once a size change was reported). */
static int dict_iter_step(ThreadState *ts, ObjIter *it, DictEntry **out)
{
    if (!IS_DICT(it->state[0]))
        return 0;
    ObjDict *d = AS_DICT(it->state[0]);
    if (it->end < 0 || (size_t)it->end != d->len) {
        it->end = -1;
        RAISE(ts, RuntimeError, "dictionary changed size during iteration");
        return -1;
    }
    while ((size_t)it->index < d->used) {
        DictEntry *e = &d->entries[it->index++];
        if (!IS_UNDEF(e->key)) {
            *out = e;
            return 1;
        }
    }
    it->state[0] = NONE_VAL;
    return 0;
}

static int dict_keyiter_next(ThreadState *ts, ObjIter *it, Value *out)
{
    DictEntry *e;
    int r = dict_iter_step(ts, it, &e);
    if (r > 0)
        *out = e->key;
    return r;
}

static int dict_valueiter_next(ThreadState *ts, ObjIter *it, Value *out)
{
    DictEntry *e;
    int r = dict_iter_step(ts, it, &e);
    if (r > 0)
        *out = e->value;
    return r;
}

static int dict_itemiter_next(ThreadState *ts, ObjIter *it, Value *out)
{
    DictEntry *e;
    int r = dict_iter_step(ts, it, &e);
    if (r <= 0)
        return r;
    ObjTuple *t = tuple_pair(ts, e->key, e->value);
    if (t == NULL)
        return -1;
    *out = OBJ_VAL(t);
    return 1;
}

/* Reversed iteration walks the entries backwards from `index` - 1. */
static int dict_reviter_next(ThreadState *ts, ObjIter *it, Value *out)
{
    if (!IS_DICT(it->state[0]))
        return 0;
    ObjDict *d = AS_DICT(it->state[0]);
    if (it->end < 0 || (size_t)it->end != d->len) {
        it->end = -1;
        RAISE(ts, RuntimeError, "dictionary changed size during iteration");
        return -1;
    }
    while (it->index > 0 && (size_t)it->index <= d->used) {
        DictEntry *e = &d->entries[--it->index];
        if (!IS_UNDEF(e->key)) {
            *out = e->key;
            return 1;
        }
    }
    it->state[0] = NONE_VAL;
    return 0;
}

static Value make_dict_iter(ThreadState *ts, ObjDict *d, ViewKind kind)
{
    static const char *const names[] = {
        "dict_keyiterator", "dict_valueiterator", "dict_itemiterator"};
    static const IterNextFn fns[] = {dict_keyiter_next, dict_valueiter_next,
                                     dict_itemiter_next};
    return iter_over(ts, names[kind], fns[kind], OBJ_VAL(d), 0,
                     (int64_t)d->len);
}

Value dict_iter(ThreadState *ts, ObjDict *d)
{
    return make_dict_iter(ts, d, VIEW_KEYS);
}

static Value dict_reversed(ThreadState *ts, ObjDict *d)
{
    return iter_over(ts, "dict_reversekeyiterator", dict_reviter_next,
                     OBJ_VAL(d), (int64_t)d->used, (int64_t)d->len);
}

/* A view is native data whose payload is the dict itself. */
static void view_mark(Interp *interp, void *data)
{
    gc_mark_obj(interp, (Obj *)data);
}

static void view_free(void *data)
{
    (void)data;
}

static const NativeDataType view_types[] = {
    {"dict_keys", view_mark, view_free},
    {"dict_values", view_mark, view_free},
    {"dict_items", view_mark, view_free},
};

static Value make_view(ThreadState *ts, ObjDict *d, ViewKind kind)
{
    ObjStr *key = str_intern_cstr(ts, view_class_keys[kind]);
    Value cls;
    if (key == NULL)
        return ERR_VAL;
    if (!dict_get_str(TYPE(ts, DICT)->dict, key, &cls) || !IS_CLASS(cls))
        return RAISE(ts, SystemError, "%s type missing", view_names[kind]);
    PROTECT_OBJ(ts, d);
    ObjNativeData *v =
        gc_alloc(ts, sizeof(ObjNativeData), OBJ_NATIVE_DATA, AS_CLASS(cls));
    UNPROTECT(ts, 1);
    if (v == NULL)
        return ERR_VAL;
    v->type = &view_types[kind];
    v->data = d;
    return OBJ_VAL(v);
}

/* The kind and dict of a view passed as self, or -1 with TypeError. */
static int view_self(ThreadState *ts, int argc, Value *argv, ObjDict **d)
{
    if (argc >= 1 && IS_KIND(argv[0], OBJ_NATIVE_DATA)) {
        ObjNativeData *nd = AS_NATIVE_DATA(argv[0]);
        for (int k = 0; k < 3; k++) {
            if (nd->type == &view_types[k]) {
                *d = nd->data;
                return k;
            }
        }
    }
    RAISE(ts, TypeError, "descriptor requires a dict view");
    return -1;
}

static Value view_iter_native(ThreadState *ts, int argc, Value *argv,
                              ObjTuple *kwnames)
{
    ObjDict *d;
    int k = view_self(ts, argc, argv, &d);
    if (k < 0)
        return ERR_VAL;
    return make_dict_iter(ts, d, (ViewKind)k);
}

static Value view_reversed_native(ThreadState *ts, int argc, Value *argv,
                                  ObjTuple *kwnames)
{
    ObjDict *d;
    int k = view_self(ts, argc, argv, &d);
    if (k < 0)
        return ERR_VAL;
    if (k != VIEW_KEYS) {
        /* Values and items reversed: materialise, then reverse. */
        Value it = make_dict_iter(ts, d, (ViewKind)k);
        if (IS_ERR(it))
            return ERR_VAL;
        ObjList *l = list_from_iterable(ts, it);
        if (l == NULL)
            return ERR_VAL;
        return list_reversed(ts, l);
    }
    return dict_reversed(ts, d);
}

static Value view_len_native(ThreadState *ts, int argc, Value *argv,
                             ObjTuple *kwnames)
{
    ObjDict *d;
    if (view_self(ts, argc, argv, &d) < 0)
        return ERR_VAL;
    return INT_VAL(d->len);
}

/* view_self for the methods that take one argument besides self. */
static int view_self_arg(ThreadState *ts, int argc, Value *argv, ObjDict **d)
{
    int k = view_self(ts, argc, argv, d);
    if (k >= 0 && argc != 2) {
        RAISE(ts, TypeError, "expected 1 argument, got %d", argc - 1);
        return -1;
    }
    return k;
}

static Value view_contains_native(ThreadState *ts, int argc, Value *argv,
                                  ObjTuple *kwnames)
{
    ObjDict *d;
    int k = view_self_arg(ts, argc, argv, &d);
    if (k < 0)
        return ERR_VAL;
    Value x = argv[1];
    if (k == VIEW_KEYS) {
        int r = dict_contains(ts, d, x);
        return r < 0 ? ERR_VAL : BOOL_VAL(r);
    }
    if (k == VIEW_ITEMS) {
        if (!IS_TUPLE(x) || AS_TUPLE(x)->len != 2)
            return FALSE_VAL;
        Value v;
        int r = dict_get(ts, d, AS_TUPLE(x)->items[0], &v);
        if (r <= 0)
            return r < 0 ? ERR_VAL : FALSE_VAL;
        r = obj_eq(ts, v, AS_TUPLE(x)->items[1]);
        return r < 0 ? ERR_VAL : BOOL_VAL(r);
    }
    for (size_t i = 0; i < d->used; i++) {
        Value v = d->entries[i].value;
        if (IS_UNDEF(d->entries[i].key))
            continue;
        int r = obj_eq(ts, v, x);
        if (r != 0)
            return r < 0 ? ERR_VAL : TRUE_VAL;
    }
    return FALSE_VAL;
}

static Value view_repr_native(ThreadState *ts, int argc, Value *argv,
                              ObjTuple *kwnames)
{
    ObjDict *d;
    int k = view_self(ts, argc, argv, &d);
    if (k < 0)
        return ERR_VAL;
    Value it = make_dict_iter(ts, d, (ViewKind)k);
    if (IS_ERR(it))
        return ERR_VAL;
    ObjList *l = list_from_iterable(ts, it);
    if (l == NULL)
        return ERR_VAL;
    PROTECT_OBJ(ts, l);
    Value r = list_repr(ts, l);
    UNPROTECT(ts, 1);
    if (IS_ERR(r))
        return ERR_VAL;
    ObjStr *s = str_printf(ts, "%s(%s)", view_names[k], AS_STR(r)->data);
    return s ? OBJ_VAL(s) : ERR_VAL;
}

/* Keys and items views are set-like: == compares contents, and & | - ^
 * give sets.  Values views compare by identity only, as in CPython. */
static int view_contains_value(ThreadState *ts, Value view, Value x)
{
    Value args[2] = {view, x};
    Value r = view_contains_native(ts, 2, args, NULL);
    return IS_ERR(r) ? -1 : AS_BOOL(r);
}

static bool is_setlike_view(Value v)
{
    if (!IS_KIND(v, OBJ_NATIVE_DATA))
        return false;
    const NativeDataType *t = AS_NATIVE_DATA(v)->type;
    return t == &view_types[VIEW_KEYS] || t == &view_types[VIEW_ITEMS];
}

static Value view_richcompare(ThreadState *ts, int argc, Value *argv, bool ne)
{
    ObjDict *d;
    int k = view_self_arg(ts, argc, argv, &d);
    if (k < 0)
        return ERR_VAL;
    Value other = argv[1];
    if (k == VIEW_VALUES || (!is_setlike_view(other) && !IS_SET(other)))
        return k == VIEW_VALUES && value_is(argv[0], other)
                   ? BOOL_VAL(!ne)
                   : ts->interp->not_implemented;
    int64_t n = IS_SET(other)
                    ? (int64_t)set_len(AS_SET(other))
                    : (int64_t)((ObjDict *)AS_NATIVE_DATA(other)->data)->len;
    if (n != (int64_t)d->len)
        return BOOL_VAL(ne);
    /* Every item of self must be in other. */
    Value it = make_dict_iter(ts, d, (ViewKind)k);
    if (IS_ERR(it))
        return ERR_VAL;
    PROTECT(ts, it);
    bool eq = true;
    for (;;) {
        Value x;
        int r = obj_next(ts, it, &x);
        if (r < 0) {
            UNPROTECT(ts, 1);
            return ERR_VAL;
        }
        if (r == 0)
            break;
        PROTECT(ts, x);
        int c = IS_SET(other) ? set_contains(ts, AS_SET(other), x)
                              : view_contains_value(ts, other, x);
        UNPROTECT(ts, 1);
        if (c < 0) {
            UNPROTECT(ts, 1);
            return ERR_VAL;
        }
        if (!c) {
            eq = false;
            break;
        }
    }
    UNPROTECT(ts, 1);
    return BOOL_VAL(ne ? !eq : eq);
}

static Value view_eq_native(ThreadState *ts, int argc, Value *argv,
                            ObjTuple *kwnames)
{
    return view_richcompare(ts, argc, argv, false);
}

static Value view_ne_native(ThreadState *ts, int argc, Value *argv,
                            ObjTuple *kwnames)
{
    return view_richcompare(ts, argc, argv, true);
}

/* view OP other: set(view) OP set(other). */
static Value view_setop(ThreadState *ts, int argc, Value *argv, BinaryOp op,
                        bool reflected)
{
    ObjDict *d;
    int k = view_self_arg(ts, argc, argv, &d);
    if (k < 0)
        return ERR_VAL;
    if (k == VIEW_VALUES)
        return ts->interp->not_implemented;
    ObjSet *a = set_from_iterable(ts, argv[0], false);
    if (a == NULL)
        return ERR_VAL;
    PROTECT_OBJ(ts, a);
    ObjSet *b = set_from_iterable(ts, argv[1], false);
    if (b == NULL) {
        UNPROTECT(ts, 1);
        return ERR_VAL;
    }
    PROTECT_OBJ(ts, b);
    Value r = reflected ? set_binary_op(ts, op, b, a, false)
                        : set_binary_op(ts, op, a, b, false);
    UNPROTECT(ts, 2);
    return r;
}

#define VIEW_SETOP(fname, op, reflected)                                       \
    static Value fname(ThreadState *ts, int argc, Value *argv,                 \
                       ObjTuple *kwnames)                                      \
    {                                                                          \
        return view_setop(ts, argc, argv, op, reflected);                      \
    }
VIEW_SETOP(view_and_native, BIN_AND, false)
VIEW_SETOP(view_or_native, BIN_OR, false)
VIEW_SETOP(view_sub_native, BIN_SUB, false)
VIEW_SETOP(view_xor_native, BIN_XOR, false)
VIEW_SETOP(view_rand_native, BIN_AND, true)
VIEW_SETOP(view_ror_native, BIN_OR, true)
VIEW_SETOP(view_rsub_native, BIN_SUB, true)
VIEW_SETOP(view_rxor_native, BIN_XOR, true)

/* -- dict natives ---------------------------------------------------------- */

/* Positional argument count in [min, max] and no keywords. */
static bool check_args(ThreadState *ts, const char *meth, int argc,
                       ObjTuple *kwnames, int min, int max)
{
    if ((!kwnames || kwnames->len == 0) && argc - 1 >= min && argc - 1 <= max)
        return true; /* the common case: no message to prepare */
    char qual[64];
    snprintf(qual, sizeof qual, "dict.%s", meth);
    if (args_no_kwargs(ts, qual, kwnames) < 0)
        return false;
    int n = argc - 1;
    if (n >= min && n <= max)
        return true;
    if (min == max && min == 0)
        RAISE(ts, TypeError, "%s() takes no arguments (%d given)", qual, n);
    else if (min == max && min == 1)
        RAISE(ts, TypeError, "%s() takes exactly one argument (%d given)", qual,
              n);
    else if (n < min)
        RAISE(ts, TypeError, "%s expected at least %d argument%s, got %d", meth,
              min, min == 1 ? "" : "s", n);
    else
        RAISE(ts, TypeError, "%s expected at most %d argument%s, got %d", meth,
              max, max == 1 ? "" : "s", n);
    return false;
}

#define DICT_SELF(meth, min, max)                                              \
    if (args_self(ts, OBJ_DICT, "dict", meth, argc, argv) < 0 ||               \
        !check_args(ts, meth, argc, kwnames, min, max))                        \
        return ERR_VAL;                                                        \
    ObjDict *d = AS_DICT(argv[0]);

static Value dict_get_native(ThreadState *ts, int argc, Value *argv,
                             ObjTuple *kwnames)
{
    DICT_SELF("get", 1, 2);
    Value v;
    int r = dict_get(ts, d, argv[1], &v);
    if (r < 0)
        return ERR_VAL;
    return r ? v : (argc > 2 ? argv[2] : NONE_VAL);
}

static Value dict_setdefault_native(ThreadState *ts, int argc, Value *argv,
                                    ObjTuple *kwnames)
{
    DICT_SELF("setdefault", 1, 2);
    Value v;
    int r = dict_get(ts, d, argv[1], &v);
    if (r < 0)
        return ERR_VAL;
    if (r)
        return v;
    v = argc > 2 ? argv[2] : NONE_VAL;
    return dict_set(ts, d, argv[1], v) < 0 ? ERR_VAL : v;
}

static Value dict_pop_native(ThreadState *ts, int argc, Value *argv,
                             ObjTuple *kwnames)
{
    DICT_SELF("pop", 1, 2);
    size_t slot;
    int64_t ix = find_key(ts, d, argv[1], &slot);
    if (ix == -2)
        return ERR_VAL;
    if (ix < 0)
        return argc > 2 ? argv[2] : dict_key_error(ts, argv[1]);
    Value v = d->entries[ix].value;
    delete_at(d, slot, ix);
    return v;
}

static Value dict_popitem_native(ThreadState *ts, int argc, Value *argv,
                                 ObjTuple *kwnames)
{
    DICT_SELF("popitem", 0, 0);
    if (d->len == 0)
        return RAISE(ts, KeyError, "popitem(): dictionary is empty");
    size_t k = d->used;
    while (IS_UNDEF(d->entries[k - 1].key))
        k--;
    DictEntry e = d->entries[k - 1];
    ObjTuple *t = tuple_pair(ts, e.key, e.value);
    if (t == NULL)
        return ERR_VAL;
    /* Find its index slot to turn it into a dummy. */
    size_t mask = d->index_cap - 1, i = (size_t)e.hash & mask;
    uint64_t perturb = e.hash;
    while (d->index[i] != (int32_t)(k - 1)) {
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + (size_t)perturb + 1) & mask;
    }
    delete_at(d, i, (int64_t)(k - 1));
    d->used = k - 1; /* the hole at the end is reusable at once */
    return OBJ_VAL(t);
}

static Value dict_keys_native(ThreadState *ts, int argc, Value *argv,
                              ObjTuple *kwnames)
{
    DICT_SELF("keys", 0, 0);
    return make_view(ts, d, VIEW_KEYS);
}

static Value dict_values_native(ThreadState *ts, int argc, Value *argv,
                                ObjTuple *kwnames)
{
    DICT_SELF("values", 0, 0);
    return make_view(ts, d, VIEW_VALUES);
}

static Value dict_items_native(ThreadState *ts, int argc, Value *argv,
                               ObjTuple *kwnames)
{
    DICT_SELF("items", 0, 0);
    return make_view(ts, d, VIEW_ITEMS);
}

/* The keyword arguments of dict(**kw) / d.update(**kw). */
static int update_kwargs(ThreadState *ts, ObjDict *d, int argc, Value *argv,
                         ObjTuple *kwnames)
{
    if (kwnames == NULL)
        return 0;
    for (size_t i = 0; i < kwnames->len; i++)
        if (dict_set(ts, d, kwnames->items[i], argv[argc + i]) < 0)
            return -1;
    return 0;
}

static Value dict_update_native(ThreadState *ts, int argc, Value *argv,
                                ObjTuple *kwnames)
{
    if (args_self(ts, OBJ_DICT, "dict", "update", argc, argv) < 0)
        return ERR_VAL;
    if (argc > 2)
        return RAISE(ts, TypeError,
                     "update expected at most 1 argument, "
                     "got %d",
                     argc - 1);
    ObjDict *d = AS_DICT(argv[0]);
    if (argc == 2 && dict_update(ts, d, argv[1]) < 0)
        return ERR_VAL;
    return update_kwargs(ts, d, argc, argv, kwnames) < 0 ? ERR_VAL : NONE_VAL;
}

static Value dict_clear_native(ThreadState *ts, int argc, Value *argv,
                               ObjTuple *kwnames)
{
    DICT_SELF("clear", 0, 0);
    dict_clear(ts, d);
    return NONE_VAL;
}

static Value dict_copy_native(ThreadState *ts, int argc, Value *argv,
                              ObjTuple *kwnames)
{
    DICT_SELF("copy", 0, 0);
    ObjDict *c = dict_copy(ts, d);
    return c ? OBJ_VAL(c) : ERR_VAL;
}

static Value dict_fromkeys_native(ThreadState *ts, int argc, Value *argv,
                                  ObjTuple *kwnames)
{
    if (args_no_kwargs(ts, "dict.fromkeys", kwnames) < 0)
        return ERR_VAL;
    if (argc < 2)
        return RAISE(ts, TypeError,
                     "fromkeys expected at least 1 argument, "
                     "got %d",
                     argc - 1);
    if (argc > 3)
        return RAISE(ts, TypeError,
                     "fromkeys expected at most 2 arguments, "
                     "got %d",
                     argc - 1);
    Value value = argc > 2 ? argv[2] : NONE_VAL;
    Value res;
    if (IS_CLASS(argv[0]) && AS_CLASS(argv[0]) != TYPE(ts, DICT))
        res = obj_call(ts, argv[0], 0, NULL, NULL);
    else
        res = OBJ_VAL(dict_new(ts));
    if (IS_ERR(res) || (IS_OBJ(res) && AS_OBJ(res) == NULL))
        return ERR_VAL;
    PROTECT(ts, res);
    Value it = obj_iter(ts, argv[1]);
    if (IS_ERR(it)) {
        UNPROTECT(ts, 1);
        return ERR_VAL;
    }
    PROTECT(ts, it);
    Value out = res;
    for (;;) {
        Value k;
        int r = obj_next(ts, it, &k);
        if (r == 0)
            break;
        if (r < 0 || (IS_DICT(res) ? dict_set(ts, AS_DICT(res), k, value)
                                   : obj_setitem(ts, res, k, value)) < 0) {
            out = ERR_VAL;
            break;
        }
    }
    UNPROTECT(ts, 2);
    return out;
}

static Value dict_contains_native(ThreadState *ts, int argc, Value *argv,
                                  ObjTuple *kwnames)
{
    DICT_SELF("__contains__", 1, 1);
    int r = dict_contains(ts, d, argv[1]);
    return r < 0 ? ERR_VAL : BOOL_VAL(r);
}

static Value dict_len_native(ThreadState *ts, int argc, Value *argv,
                             ObjTuple *kwnames)
{
    DICT_SELF("__len__", 0, 0);
    return INT_VAL(d->len);
}

static Value dict_iter_native(ThreadState *ts, int argc, Value *argv,
                              ObjTuple *kwnames)
{
    DICT_SELF("__iter__", 0, 0);
    return dict_iter(ts, d);
}

static Value dict_reversed_native(ThreadState *ts, int argc, Value *argv,
                                  ObjTuple *kwnames)
{
    DICT_SELF("__reversed__", 0, 0);
    return dict_reversed(ts, d);
}

static Value dict_getitem_native(ThreadState *ts, int argc, Value *argv,
                                 ObjTuple *kwnames)
{
    DICT_SELF("__getitem__", 1, 1);
    return dict_getitem(ts, d, argv[1]);
}

static Value dict_setitem_native(ThreadState *ts, int argc, Value *argv,
                                 ObjTuple *kwnames)
{
    DICT_SELF("__setitem__", 2, 2);
    return dict_set(ts, d, argv[1], argv[2]) < 0 ? ERR_VAL : NONE_VAL;
}

static Value dict_delitem_native(ThreadState *ts, int argc, Value *argv,
                                 ObjTuple *kwnames)
{
    DICT_SELF("__delitem__", 1, 1);
    return dict_delitem(ts, d, argv[1]) < 0 ? ERR_VAL : NONE_VAL;
}

static Value dict_eq_native(ThreadState *ts, int argc, Value *argv,
                            ObjTuple *kwnames)
{
    DICT_SELF("__eq__", 1, 1);
    if (!IS_DICT(argv[1]))
        return ts->interp->not_implemented;
    int r = dict_equal(ts, d, AS_DICT(argv[1]));
    return r < 0 ? ERR_VAL : BOOL_VAL(r);
}

static Value dict_ne_native(ThreadState *ts, int argc, Value *argv,
                            ObjTuple *kwnames)
{
    DICT_SELF("__ne__", 1, 1);
    if (!IS_DICT(argv[1]))
        return ts->interp->not_implemented;
    int r = dict_equal(ts, d, AS_DICT(argv[1]));
    return r < 0 ? ERR_VAL : BOOL_VAL(!r);
}

static Value dict_repr_native(ThreadState *ts, int argc, Value *argv,
                              ObjTuple *kwnames)
{
    DICT_SELF("__repr__", 0, 0);
    return dict_repr(ts, d);
}

static Value dict_or_native(ThreadState *ts, int argc, Value *argv,
                            ObjTuple *kwnames)
{
    DICT_SELF("__or__", 1, 1);
    if (!IS_DICT(argv[1]))
        return ts->interp->not_implemented;
    ObjDict *r = dict_merge(ts, d, AS_DICT(argv[1]));
    return r ? OBJ_VAL(r) : ERR_VAL;
}

static Value dict_ior_native(ThreadState *ts, int argc, Value *argv,
                             ObjTuple *kwnames)
{
    DICT_SELF("__ior__", 1, 1);
    if (dict_update(ts, d, argv[1]) < 0)
        return ERR_VAL;
    return argv[0];
}

static Value dict_construct(ThreadState *ts, ObjClass *cls, int argc,
                            Value *argv, ObjTuple *kwnames)
{
    if (argc > 1)
        return RAISE(ts, TypeError,
                     "dict expected at most 1 argument, "
                     "got %d",
                     argc);
    ObjDict *d = dict_new(ts);
    if (d == NULL)
        return ERR_VAL;
    d->obj.cls = cls;
    PROTECT_OBJ(ts, d);
    int rc = 0;
    if (argc == 1)
        rc = dict_update(ts, d, argv[0]);
    if (rc == 0)
        rc = update_kwargs(ts, d, argc, argv, kwnames);
    UNPROTECT(ts, 1);
    return rc < 0 ? ERR_VAL : OBJ_VAL(d);
}

static void make_view_class(ThreadState *ts, ViewKind kind)
{
    ObjStr *name = str_intern_cstr(ts, view_names[kind]);
    if (name == NULL)
        return;
    ObjClass *cls = class_new(ts, name, NULL, NULL);
    if (cls == NULL)
        return;
    PROTECT_OBJ(ts, cls);
    cls->instance_kind = OBJ_NONE_KIND;
    class_add_native(ts, cls, "__iter__", view_iter_native);
    class_add_native(ts, cls, "__reversed__", view_reversed_native);
    class_add_native(ts, cls, "__len__", view_len_native);
    class_add_native(ts, cls, "__contains__", view_contains_native);
    class_add_native(ts, cls, "__repr__", view_repr_native);
    class_add_native(ts, cls, "__eq__", view_eq_native);
    class_add_native(ts, cls, "__ne__", view_ne_native);
    if (kind != VIEW_VALUES) {
        class_add_native(ts, cls, "__and__", view_and_native);
        class_add_native(ts, cls, "__or__", view_or_native);
        class_add_native(ts, cls, "__sub__", view_sub_native);
        class_add_native(ts, cls, "__xor__", view_xor_native);
        class_add_native(ts, cls, "__rand__", view_rand_native);
        class_add_native(ts, cls, "__ror__", view_ror_native);
        class_add_native(ts, cls, "__rsub__", view_rsub_native);
        class_add_native(ts, cls, "__rxor__", view_rxor_native);
    } else {
        class_add_value(ts, cls, "__hash__", NONE_VAL);
    }
    class_add_value(ts, TYPE(ts, DICT), view_class_keys[kind], OBJ_VAL(cls));
    UNPROTECT(ts, 1);
}

void dict_register(ThreadState *ts)
{
    ObjClass *cls = TYPE(ts, DICT);
    cls->construct = dict_construct;
    class_add_native(ts, cls, "get", dict_get_native);
    class_add_native(ts, cls, "setdefault", dict_setdefault_native);
    class_add_native(ts, cls, "pop", dict_pop_native);
    class_add_native(ts, cls, "popitem", dict_popitem_native);
    class_add_native(ts, cls, "keys", dict_keys_native);
    class_add_native(ts, cls, "values", dict_values_native);
    class_add_native(ts, cls, "items", dict_items_native);
    class_add_native(ts, cls, "update", dict_update_native);
    class_add_native(ts, cls, "clear", dict_clear_native);
    class_add_native(ts, cls, "copy", dict_copy_native);
    class_add_classmethod(ts, cls, "fromkeys", dict_fromkeys_native);
    class_add_native(ts, cls, "__contains__", dict_contains_native);
    class_add_native(ts, cls, "__len__", dict_len_native);
    class_add_native(ts, cls, "__iter__", dict_iter_native);
    class_add_native(ts, cls, "__reversed__", dict_reversed_native);
    class_add_native(ts, cls, "__getitem__", dict_getitem_native);
    class_add_native(ts, cls, "__setitem__", dict_setitem_native);
    class_add_native(ts, cls, "__delitem__", dict_delitem_native);
    class_add_native(ts, cls, "__eq__", dict_eq_native);
    class_add_native(ts, cls, "__ne__", dict_ne_native);
    class_add_native(ts, cls, "__repr__", dict_repr_native);
    class_add_native(ts, cls, "__or__", dict_or_native);
    class_add_native(ts, cls, "__ior__", dict_ior_native);
    class_add_value(ts, cls, "__hash__", NONE_VAL);
    for (int k = 0; k < 3; k++)
        make_view_class(ts, (ViewKind)k);
}
