/* set.c - set and frozenset, laid out as CPython 3.11 lays them out so that
 * they iterate (and print) in the same order.
 *
 * CPython's set is not insertion-ordered: it is an open-addressing table
 * whose iteration order is slot order.  To print {3, 1, 2} as {1, 2, 3}
 * and {10, 3, 100} as python3 does, this file reproduces its algorithm:
 * a table of 2**k slots (8 at first); a key starts at hash & mask, probes
 * the next LINEAR_PROBES (9) slots linearly (when they exist before the
 * end of the table), then jumps i = 5*i + 1 + perturb with perturb >>= 5;
 * an insertion remembers the first deleted ("dummy") slot it passed and
 * reuses it; when filled slots (live + dummy) reach 60% the table is
 * rebuilt at 4x the live count (2x above 50000), re-inserting in old slot
 * order; pop() scans from a moving finger.  Set algebra visits operands
 * in CPython's order too (intersection walks the smaller set, and so on).
 *
 * Storage: ObjSet.table is an ObjDict used as a plain slot array, not as a
 * compact dict.  entries[] has entries_cap == used == number of slots, in
 * slot order; index is NULL and index_cap 0.  A slot is empty when key and
 * value are UNDEF, a dummy when key is UNDEF and value is None, live
 * otherwise (value None).  `len` counts live slots; `version` packs the
 * fill count (live + dummy, low 32 bits) and pop's finger (high 32 bits).
 * The collector marks entries[0..used) and frees entries[] like any dict's.
 */
#include "set.h"

#include <stdio.h>
#include <string.h>

#include "args.h"
#include "class.h"
#include "dict.h"
#include "exc.h"
#include "gc.h"
#include "iter.h"
#include "list.h"
#include "ops.h"
#include "str.h"
#include "strbuf.h"

#define SET_MINSIZE 8
#define LINEAR_PROBES 9
#define PERTURB_SHIFT 5

#define SLOT_EMPTY(e) (IS_UNDEF((e)->key) && IS_UNDEF((e)->value))
#define SLOT_DUMMY(e) (IS_UNDEF((e)->key) && !IS_UNDEF((e)->value))
#define SLOT_LIVE(e) (!IS_UNDEF((e)->key))

static size_t get_fill(ObjDict *t)
{
    return (size_t)(t->version & 0xffffffffu);
}

static void set_fill(ObjDict *t, size_t fill)
{
    t->version = (t->version & ~(uint64_t)0xffffffffu) | (uint64_t)fill;
}

static size_t get_finger(ObjDict *t)
{
    return (size_t)(t->version >> 32);
}

static void set_finger(ObjDict *t, size_t finger)
{
    t->version = (t->version & 0xffffffffu) | ((uint64_t)finger << 32);
}

ObjSet *set_new(ThreadState *ts, bool frozen)
{
    ObjSet *s = gc_alloc(ts, sizeof(ObjSet), OBJ_SET,
                         frozen ? TYPE(ts, FROZENSET) : TYPE(ts, SET));
    if (s == NULL)
        return NULL;
    s->frozen = frozen;
    s->table = NULL;
    PROTECT_OBJ(ts, s);
    ObjDict *t = dict_new(ts);
    UNPROTECT(ts, 1);
    if (t == NULL)
        return NULL;
    t->version = 0;
    s->table = t;
    return s;
}

size_t set_len(ObjSet *s)
{
    return s->table->len;
}

static DictEntry *alloc_slots(ThreadState *ts, size_t n)
{
    DictEntry *e = gc_alloc_mem(ts, n * sizeof(DictEntry));
    if (e == NULL)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        e[i].key = UNDEF_VAL;
        e[i].value = UNDEF_VAL;
        e[i].hash = 0;
    }
    return e;
}

/* Put a key known to be absent into a table without dummies. */
static void insert_clean(DictEntry *slots, size_t mask, Value key,
                         uint64_t hash)
{
    uint64_t perturb = hash;
    size_t i = (size_t)hash & mask;
    for (;;) {
        if (SLOT_EMPTY(&slots[i]))
            goto found;
        if (i + LINEAR_PROBES <= mask) {
            for (size_t j = 0; j < LINEAR_PROBES; j++) {
                i++;
                if (SLOT_EMPTY(&slots[i]))
                    goto found;
            }
        }
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + 1 + (size_t)perturb) & mask;
    }
found:
    slots[i].key = key;
    slots[i].value = NONE_VAL;
    slots[i].hash = hash;
}

/* Rebuild with the smallest table size greater than [minused]. */
static int table_resize(ThreadState *ts, ObjDict *t, size_t minused)
{
    size_t size = SET_MINSIZE;
    while (size <= minused) {
        if (size > ((size_t)1 << 40)) {
            exc_no_memory(ts);
            return -1;
        }
        size <<= 1;
    }
    DictEntry *slots = alloc_slots(ts, size);
    if (slots == NULL)
        return -1;
    for (size_t i = 0; i < t->used; i++) {
        DictEntry *e = &t->entries[i];
        if (SLOT_LIVE(e))
            insert_clean(slots, size - 1, e->key, e->hash);
    }
    if (t->entries != NULL)
        gc_free_mem(ts->interp, t->entries, t->entries_cap * sizeof(DictEntry));
    t->entries = slots;
    t->entries_cap = t->used = size;
    set_fill(t, t->len);
    return 0;
}

static int ensure_table(ThreadState *ts, ObjDict *t)
{
    if (t->entries != NULL)
        return 0;
    t->entries = alloc_slots(ts, SET_MINSIZE);
    if (t->entries == NULL)
        return -1;
    t->entries_cap = t->used = SET_MINSIZE;
    return 0;
}

/* Compare slot [e]'s key with [key]: 1 equal, 0 not, -1 error, 2 the table
 * changed under a user __eq__ (start over). */
static int slot_matches(ThreadState *ts, ObjDict *t, DictEntry *e, Value key)
{
    int q = dict_quick_equal(e->key, key);
    if (q != 2)
        return q;
    Value start = e->key;
    DictEntry *slots = t->entries;
    PROTECT(ts, start);
    PROTECT(ts, key);
    int eq = obj_eq(ts, start, key);
    UNPROTECT(ts, 2);
    if (eq < 0)
        return -1;
    if (t->entries != slots || !value_is(e->key, start))
        return 2;
    return eq;
}

/* The slot holding [key], or -1 when absent, -2 on error. */
static int64_t table_lookup(ThreadState *ts, ObjDict *t, Value key,
                            uint64_t hash)
{
restart:
    if (t->entries == NULL)
        return -1;
    size_t mask = t->used - 1;
    size_t i = (size_t)hash & mask;
    uint64_t perturb = hash;
    for (;;) {
        size_t probes = (i + LINEAR_PROBES <= mask) ? LINEAR_PROBES : 0;
        size_t j = i;
        for (;;) {
            DictEntry *e = &t->entries[j];
            if (SLOT_EMPTY(e))
                return -1;
            if (SLOT_LIVE(e) && e->hash == hash) {
                int m = slot_matches(ts, t, e, key);
                if (m < 0)
                    return -2;
                if (m == 2)
                    goto restart;
                if (m == 1)
                    return (int64_t)j;
            }
            if (probes-- == 0)
                break;
            j++;
        }
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + 1 + (size_t)perturb) & mask;
    }
}

static int table_add(ThreadState *ts, ObjDict *t, Value key, uint64_t hash)
{
restart:
    if (ensure_table(ts, t) < 0)
        return -1;
    size_t mask = t->used - 1;
    size_t i = (size_t)hash & mask;
    uint64_t perturb = hash;
    DictEntry *freeslot = NULL;
    DictEntry *e;
    for (;;) {
        size_t probes = (i + LINEAR_PROBES <= mask) ? LINEAR_PROBES : 0;
        size_t j = i;
        for (;;) {
            e = &t->entries[j];
            if (SLOT_EMPTY(e))
                goto found_unused_or_dummy;
            if (SLOT_LIVE(e) && e->hash == hash) {
                int m = slot_matches(ts, t, e, key);
                if (m < 0)
                    return -1;
                if (m == 2)
                    goto restart;
                if (m == 1)
                    return 0; /* already present */
            } else if (SLOT_DUMMY(e) && freeslot == NULL) {
                freeslot = e;
            }
            if (probes-- == 0)
                break;
            j++;
        }
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + 1 + (size_t)perturb) & mask;
    }
found_unused_or_dummy:
    if (freeslot != NULL) {
        freeslot->key = key;
        freeslot->value = NONE_VAL;
        freeslot->hash = hash;
        t->len++;
        return 0;
    }
    e->key = key;
    e->value = NONE_VAL;
    e->hash = hash;
    t->len++;
    set_fill(t, get_fill(t) + 1);
    if (get_fill(t) * 5 < mask * 3)
        return 0;
    return table_resize(ts, t, t->len > 50000 ? t->len * 2 : t->len * 4);
}

static void make_dummy(ObjDict *t, DictEntry *e)
{
    e->key = UNDEF_VAL;
    e->value = NONE_VAL;
    e->hash = (uint64_t)-1;
    t->len--;
}

/* A mutable set used as an element being looked up is hashed as the
 * frozenset of its items, as CPython does for `{1} in s`. */
static int key_hash(ThreadState *ts, Value *key, uint64_t *hash)
{
    if (dict_hash_key(ts, *key, hash) == 0)
        return 0;
    if (!IS_SET(*key) || !exc_matches(ts, TYPE(ts, TypeError)))
        return -1;
    exc_clear(ts);
    ObjSet *f = set_from_iterable(ts, *key, true);
    if (f == NULL)
        return -1;
    *key = OBJ_VAL(f);
    return set_hash(ts, f, hash);
}

int set_add(ThreadState *ts, ObjSet *s, Value v)
{
    uint64_t hash;
    if (dict_hash_key(ts, v, &hash) < 0)
        return -1;
    return table_add(ts, s->table, v, hash);
}

int set_contains(ThreadState *ts, ObjSet *s, Value v)
{
    uint64_t hash;
    PROTECT(ts, v);
    int rc = key_hash(ts, &v, &hash);
    if (rc == 0) {
        PROTECT(ts, v);
        int64_t j = table_lookup(ts, s->table, v, hash);
        UNPROTECT(ts, 1);
        rc = j == -2 ? -1 : j >= 0;
    }
    UNPROTECT(ts, 1);
    return rc;
}

/* 1 = removed, 0 = absent, -1 = error. */
static int discard_hashed(ThreadState *ts, ObjSet *s, Value v, uint64_t hash)
{
    int64_t j = table_lookup(ts, s->table, v, hash);
    if (j == -2)
        return -1;
    if (j < 0)
        return 0;
    make_dummy(s->table, &s->table->entries[j]);
    return 1;
}

static int set_discard_key(ThreadState *ts, ObjSet *s, Value v)
{
    uint64_t hash;
    PROTECT(ts, v);
    int rc = key_hash(ts, &v, &hash);
    if (rc == 0) {
        PROTECT(ts, v);
        rc = discard_hashed(ts, s, v, hash);
        UNPROTECT(ts, 1);
    }
    UNPROTECT(ts, 1);
    return rc;
}

int set_discard(ThreadState *ts, ObjSet *s, Value v)
{
    return set_discard_key(ts, s, v) < 0 ? -1 : 0;
}

bool set_next(ObjSet *s, size_t *pos, Value *key)
{
    ObjDict *t = s->table;
    while (*pos < t->used) {
        DictEntry *e = &t->entries[(*pos)++];
        if (SLOT_LIVE(e)) {
            *key = e->key;
            return true;
        }
    }
    return false;
}

static void set_clear_table(ThreadState *ts, ObjSet *s)
{
    ObjDict *t = s->table;
    if (t->entries != NULL)
        gc_free_mem(ts->interp, t->entries, t->entries_cap * sizeof(DictEntry));
    t->entries = NULL;
    t->entries_cap = t->used = t->len = 0;
    t->version = 0;
}

/* Merge another set (set_merge in CPython: sized once, copied slot for
 * slot when the shapes allow). */
static int merge_set(ThreadState *ts, ObjSet *s, ObjSet *o)
{
    ObjDict *t = s->table, *ot = o->table;
    if (s == o || ot->len == 0)
        return 0;
    size_t mask = t->entries ? t->used - 1 : SET_MINSIZE - 1;
    if ((get_fill(t) + ot->len) * 5 >= mask * 3) {
        if (table_resize(ts, t, (t->len + ot->len) * 2) < 0)
            return -1;
    }
    if (ensure_table(ts, t) < 0)
        return -1;
    if (get_fill(t) == 0 && t->used == ot->used && get_fill(ot) == ot->len) {
        for (size_t i = 0; i < ot->used; i++)
            if (SLOT_LIVE(&ot->entries[i]))
                t->entries[i] = ot->entries[i];
        t->len = ot->len;
        set_fill(t, ot->len);
        return 0;
    }
    if (get_fill(t) == 0) {
        for (size_t i = 0; i < ot->used; i++)
            if (SLOT_LIVE(&ot->entries[i]))
                insert_clean(t->entries, t->used - 1, ot->entries[i].key,
                             ot->entries[i].hash);
        t->len = ot->len;
        set_fill(t, ot->len);
        return 0;
    }
    PROTECT_OBJ(ts, o);
    for (size_t i = 0; i < ot->used; i++) {
        DictEntry e = ot->entries[i];
        if (SLOT_LIVE(&e) && table_add(ts, t, e.key, e.hash) < 0) {
            UNPROTECT(ts, 1);
            return -1;
        }
    }
    UNPROTECT(ts, 1);
    return 0;
}

int set_update(ThreadState *ts, ObjSet *s, Value iterable)
{
    if (IS_SET(iterable))
        return merge_set(ts, s, AS_SET(iterable));
    PROTECT_OBJ(ts, s);
    PROTECT(ts, iterable);
    int rc = 0;
    if (IS_DICT(iterable)) {
        ObjDict *d = AS_DICT(iterable), *t = s->table;
        size_t mask = t->entries ? t->used - 1 : SET_MINSIZE - 1;
        if ((get_fill(t) + d->len) * 5 >= mask * 3)
            rc = table_resize(ts, t, (t->len + d->len) * 2);
        for (size_t k = 0; rc == 0 && k < d->used; k++) {
            DictEntry e = d->entries[k];
            if (!IS_UNDEF(e.key))
                rc = table_add(ts, t, e.key, e.hash);
        }
        UNPROTECT(ts, 2);
        return rc;
    }
    Value it = obj_iter(ts, iterable);
    if (IS_ERR(it)) {
        UNPROTECT(ts, 2);
        return -1;
    }
    PROTECT(ts, it);
    for (;;) {
        Value v;
        int r = obj_next(ts, it, &v);
        if (r <= 0) {
            rc = r;
            break;
        }
        PROTECT(ts, v);
        r = set_add(ts, s, v);
        UNPROTECT(ts, 1);
        if (r < 0) {
            rc = -1;
            break;
        }
    }
    UNPROTECT(ts, 3);
    return rc;
}

ObjSet *set_from_iterable(ThreadState *ts, Value iterable, bool frozen)
{
    PROTECT(ts, iterable);
    ObjSet *s = set_new(ts, frozen);
    if (s != NULL) {
        PROTECT_OBJ(ts, s);
        if (set_update(ts, s, iterable) < 0)
            s = NULL;
        UNPROTECT(ts, 1);
    }
    UNPROTECT(ts, 1);
    return s;
}

/* A copy of [s] with [frozen]ness (make_new_set_basetype + set_merge). */
static ObjSet *set_copy(ThreadState *ts, ObjSet *s, bool frozen)
{
    return set_from_iterable(ts, OBJ_VAL(s), frozen);
}

/* -- iteration, repr, hash ---------------------------------------------- */

static int set_iter_next(ThreadState *ts, ObjIter *it, Value *out)
{
    if (!IS_SET(it->state[0]))
        return 0;
    ObjSet *s = AS_SET(it->state[0]);
    if (it->end < 0 || (size_t)it->end != s->table->len) {
        it->end = -1;
        RAISE(ts, RuntimeError, "Set changed size during iteration");
        return -1;
    }
    size_t pos = (size_t)it->index;
    bool more = set_next(s, &pos, out);
    it->index = (int64_t)pos;
    if (!more)
        it->state[0] = NONE_VAL;
    return more;
}

Value set_iter(ThreadState *ts, ObjSet *s)
{
    return iter_over(ts, "set_iterator", set_iter_next, OBJ_VAL(s), 0,
                     (int64_t)s->table->len);
}

Value set_repr(ThreadState *ts, ObjSet *s)
{
    const char *tname = s->obj.cls->name ? s->obj.cls->name->data
                                         : (s->frozen ? "frozenset" : "set");
    bool plain = s->obj.cls == TYPE(ts, SET);
    if (s->table->len == 0) {
        ObjStr *r = str_printf(ts, "%s()", tname);
        return r ? OBJ_VAL(r) : ERR_VAL;
    }
    int g = list_repr_enter(ts, OBJ_VAL(s));
    if (g < 0)
        return ERR_VAL;
    if (g > 0) {
        ObjStr *r = str_printf(ts, "%s(...)", tname);
        return r ? OBJ_VAL(r) : ERR_VAL;
    }
    StrBuf sb;
    sb_init(&sb);
    if (!plain) {
        sb_puts(&sb, tname);
        sb_putc(&sb, '(');
    }
    sb_putc(&sb, '{');
    /* Snapshot the items: a user __repr__ could change the set. */
    ObjList *items = list_new(ts, s->table->len);
    if (items == NULL) {
        sb_free(&sb);
        list_repr_leave(ts, OBJ_VAL(s));
        return ERR_VAL;
    }
    size_t pos = 0;
    Value k;
    while (set_next(s, &pos, &k))
        items->items[items->len++] = k;
    PROTECT_OBJ(ts, items);
    for (size_t i = 0; i < items->len; i++) {
        Value r = obj_repr(ts, items->items[i]);
        if (IS_ERR(r)) {
            UNPROTECT(ts, 1);
            sb_free(&sb);
            list_repr_leave(ts, OBJ_VAL(s));
            return ERR_VAL;
        }
        if (i > 0)
            sb_puts(&sb, ", ");
        sb_append(&sb, AS_STR(r)->data, AS_STR(r)->len);
    }
    UNPROTECT(ts, 1);
    sb_putc(&sb, '}');
    if (!plain)
        sb_putc(&sb, ')');
    list_repr_leave(ts, OBJ_VAL(s));
    ObjStr *r = str_from_buf(ts, &sb);
    return r ? OBJ_VAL(r) : ERR_VAL;
}

static uint64_t shuffle_bits(uint64_t h)
{
    return ((h ^ 89869747ULL) ^ (h << 16)) * 3644798167ULL;
}

/* CPython's frozenset hash: order-independent xor of shuffled entry
 * hashes, then the size and a final dispersion. */
int set_hash(ThreadState *ts, ObjSet *s, uint64_t *out)
{
    if (!s->frozen) {
        RAISE(ts, TypeError, "unhashable type: 'set'");
        return -1;
    }
    ObjDict *t = s->table;
    uint64_t h = 0;
    for (size_t i = 0; i < t->used; i++)
        if (SLOT_LIVE(&t->entries[i]))
            h ^= shuffle_bits(t->entries[i].hash);
    h ^= ((uint64_t)t->len + 1) * 1927868237ULL;
    h ^= (h >> 11) ^ (h >> 25);
    h = h * 69069U + 907133923ULL;
    if (h == (uint64_t)-1)
        h = 590923713ULL;
    *out = h;
    return 0;
}

/* -- algebra ------------------------------------------------------------ */

static ObjSet *set_intersection(ThreadState *ts, ObjSet *a, Value other)
{
    if (IS_SET(other) && AS_SET(other) == a)
        return set_copy(ts, a, a->frozen);
    PROTECT_OBJ(ts, a);
    PROTECT(ts, other);
    ObjSet *r = set_new(ts, a->frozen);
    if (r == NULL) {
        UNPROTECT(ts, 2);
        return NULL;
    }
    PROTECT_OBJ(ts, r);
    if (IS_SET(other)) {
        ObjSet *so = a, *o = AS_SET(other);
        if (o->table->len > so->table->len) {
            ObjSet *tmp = so;
            so = o;
            o = tmp;
        }
        /* Walk the smaller, keep what the larger contains. */
        for (size_t i = 0; i < o->table->used; i++) {
            DictEntry e = o->table->entries[i];
            if (!SLOT_LIVE(&e))
                continue;
            int64_t j = table_lookup(ts, so->table, e.key, e.hash);
            if (j == -2 ||
                (j >= 0 && table_add(ts, r->table, e.key, e.hash) < 0)) {
                r = NULL;
                break;
            }
        }
        UNPROTECT(ts, 3);
        return r;
    }
    Value it = obj_iter(ts, other);
    if (IS_ERR(it)) {
        UNPROTECT(ts, 3);
        return NULL;
    }
    PROTECT(ts, it);
    for (;;) {
        Value v;
        int rc = obj_next(ts, it, &v);
        if (rc < 0) {
            r = NULL;
            break;
        }
        if (rc == 0)
            break;
        PROTECT(ts, v);
        uint64_t hash;
        int64_t j = -2;
        if (dict_hash_key(ts, v, &hash) == 0)
            j = table_lookup(ts, a->table, v, hash);
        if (j == -2 || (j >= 0 && table_add(ts, r->table, v, hash) < 0)) {
            UNPROTECT(ts, 1);
            r = NULL;
            break;
        }
        UNPROTECT(ts, 1);
    }
    UNPROTECT(ts, 4);
    return r;
}

static int set_difference_update(ThreadState *ts, ObjSet *s, Value other)
{
    if (IS_SET(other) && AS_SET(other) == s) {
        set_clear_table(ts, s);
        return 0;
    }
    if (IS_SET(other)) {
        ObjSet *o = AS_SET(other);
        PROTECT_OBJ(ts, o);
        for (size_t i = 0; i < o->table->used; i++) {
            DictEntry e = o->table->entries[i];
            if (SLOT_LIVE(&e) && discard_hashed(ts, s, e.key, e.hash) < 0) {
                UNPROTECT(ts, 1);
                return -1;
            }
        }
        UNPROTECT(ts, 1);
        return 0;
    }
    Value it = obj_iter(ts, other);
    if (IS_ERR(it))
        return -1;
    PROTECT(ts, it);
    for (;;) {
        Value v;
        int rc = obj_next(ts, it, &v);
        if (rc <= 0) {
            UNPROTECT(ts, 1);
            return rc;
        }
        PROTECT(ts, v);
        rc = set_discard_key(ts, s, v);
        UNPROTECT(ts, 1);
        if (rc < 0) {
            UNPROTECT(ts, 1);
            return -1;
        }
    }
}

static ObjSet *set_difference(ThreadState *ts, ObjSet *a, Value other)
{
    size_t other_size;
    if (IS_SET(other))
        other_size = AS_SET(other)->table->len;
    else if (IS_DICT(other))
        other_size = AS_DICT(other)->len;
    else
        other_size = (size_t)-1;
    PROTECT(ts, other);
    ObjSet *r;
    if (other_size == (size_t)-1 || (a->table->len >> 2) > other_size) {
        /* Copy, then remove what other holds. */
        r = set_copy(ts, a, a->frozen);
        if (r != NULL) {
            PROTECT_OBJ(ts, r);
            if (set_difference_update(ts, r, other) < 0)
                r = NULL;
            UNPROTECT(ts, 1);
        }
        UNPROTECT(ts, 1);
        return r;
    }
    PROTECT_OBJ(ts, a);
    r = set_new(ts, a->frozen);
    if (r != NULL) {
        PROTECT_OBJ(ts, r);
        for (size_t i = 0; i < a->table->used; i++) {
            DictEntry e = a->table->entries[i];
            if (!SLOT_LIVE(&e))
                continue;
            int found;
            if (IS_SET(other)) {
                int64_t j =
                    table_lookup(ts, AS_SET(other)->table, e.key, e.hash);
                found = j == -2 ? -1 : j >= 0;
            } else {
                found = dict_contains(ts, AS_DICT(other), e.key);
            }
            if (found < 0 ||
                (!found && table_add(ts, r->table, e.key, e.hash) < 0)) {
                r = NULL;
                break;
            }
        }
        UNPROTECT(ts, 1);
    }
    UNPROTECT(ts, 2);
    return r;
}

static int set_symmetric_difference_update(ThreadState *ts, ObjSet *s,
                                           Value other)
{
    if (IS_SET(other) && AS_SET(other) == s) {
        set_clear_table(ts, s);
        return 0;
    }
    ObjSet *o;
    if (IS_SET(other))
        o = AS_SET(other);
    else if ((o = set_from_iterable(ts, other, false)) == NULL)
        return -1;
    PROTECT_OBJ(ts, o);
    for (size_t i = 0; i < o->table->used; i++) {
        DictEntry e = o->table->entries[i];
        if (!SLOT_LIVE(&e))
            continue;
        int r = discard_hashed(ts, s, e.key, e.hash);
        if (r < 0 || (r == 0 && table_add(ts, s->table, e.key, e.hash) < 0)) {
            UNPROTECT(ts, 1);
            return -1;
        }
    }
    UNPROTECT(ts, 1);
    return 0;
}

static ObjSet *set_symmetric_difference(ThreadState *ts, ObjSet *a, Value other)
{
    PROTECT_OBJ(ts, a);
    ObjSet *r = set_from_iterable(ts, other, a->frozen);
    if (r != NULL) {
        PROTECT_OBJ(ts, r);
        if (set_symmetric_difference_update(ts, r, OBJ_VAL(a)) < 0)
            r = NULL;
        UNPROTECT(ts, 1);
    }
    UNPROTECT(ts, 1);
    return r;
}

/* Replace s's contents with r's (intersection_update). */
static void take_table(ThreadState *ts, ObjSet *s, ObjSet *r)
{
    ObjDict *t = s->table;
    s->table = r->table;
    r->table = t;
}

static bool is_subset(ThreadState *ts, ObjSet *a, ObjSet *b, int *err)
{
    *err = 0;
    if (a->table->len > b->table->len)
        return false;
    for (size_t i = 0; i < a->table->used; i++) {
        DictEntry e = a->table->entries[i];
        if (!SLOT_LIVE(&e))
            continue;
        int64_t j = table_lookup(ts, b->table, e.key, e.hash);
        if (j == -2) {
            *err = -1;
            return false;
        }
        if (j < 0)
            return false;
    }
    return true;
}

Value set_compare(ThreadState *ts, ObjSet *a, ObjSet *b, CmpOp op)
{
    int err;
    bool r;
    size_t na = a->table->len, nb = b->table->len;
    switch (op) {
    case CMP_EQ:
    case CMP_NE:
        r = na == nb && is_subset(ts, a, b, &err);
        if (op == CMP_NE)
            r = !r;
        break;
    case CMP_LE:
        r = is_subset(ts, a, b, &err);
        break;
    case CMP_LT:
        r = na < nb && is_subset(ts, a, b, &err);
        break;
    case CMP_GE:
        r = is_subset(ts, b, a, &err);
        break;
    case CMP_GT:
        r = nb < na && is_subset(ts, b, a, &err);
        break;
    default:
        r = false;
    }
    (void)err;
    if (exc_pending(ts))
        return ERR_VAL;
    return BOOL_VAL(r);
}

Value set_binary_op(ThreadState *ts, BinaryOp op, ObjSet *a, ObjSet *b,
                    bool inplace)
{
    ObjSet *r = NULL;
    if (inplace && !a->frozen) {
        int rc;
        switch (op) {
        case BIN_OR:
            rc = merge_set(ts, a, b);
            break;
        case BIN_AND:
            r = set_intersection(ts, a, OBJ_VAL(b));
            if (r == NULL)
                return ERR_VAL;
            take_table(ts, a, r);
            rc = 0;
            break;
        case BIN_SUB:
            rc = set_difference_update(ts, a, OBJ_VAL(b));
            break;
        case BIN_XOR:
            rc = set_symmetric_difference_update(ts, a, OBJ_VAL(b));
            break;
        default:
            return ts->interp->not_implemented;
        }
        return rc < 0 ? ERR_VAL : OBJ_VAL(a);
    }
    switch (op) {
    case BIN_OR:
        PROTECT_OBJ(ts, b);
        r = set_copy(ts, a, a->frozen);
        if (r != NULL) {
            PROTECT_OBJ(ts, r);
            if (merge_set(ts, r, b) < 0)
                r = NULL;
            UNPROTECT(ts, 1);
        }
        UNPROTECT(ts, 1);
        break;
    case BIN_AND:
        r = set_intersection(ts, a, OBJ_VAL(b));
        break;
    case BIN_SUB:
        r = set_difference(ts, a, OBJ_VAL(b));
        break;
    case BIN_XOR:
        r = set_symmetric_difference(ts, a, OBJ_VAL(b));
        break;
    default:
        return ts->interp->not_implemented;
    }
    return r ? OBJ_VAL(r) : ERR_VAL;
}

/* -- natives ------------------------------------------------------------ */

/* A method that mutates needs a set; others take a frozenset too. */
static bool check_self(ThreadState *ts, int argc, Value *argv, const char *meth,
                       bool mutating)
{
    if (argc < 1 || !IS_SET(argv[0]) || (mutating && AS_SET(argv[0])->frozen)) {
        args_wrong_self(ts, mutating ? "set" : "frozenset", meth, argc, argv);
        return false;
    }
    return true;
}

#define SET_SELF(meth, n, mutating)                                            \
    if (!check_self(ts, argc, argv, meth, mutating) ||                         \
        args_method(ts, AS_SET(argv[0])->frozen ? "frozenset" : "set", meth,   \
                    argc, kwnames, n) < 0)                                     \
        return ERR_VAL;                                                        \
    ObjSet *s = AS_SET(argv[0]);

#define SET_SELF_VARARGS(meth, mutating)                                       \
    if (!check_self(ts, argc, argv, meth, mutating))                           \
        return ERR_VAL;                                                        \
    if (kwnames && kwnames->len > 0) {                                         \
        char qual_[64];                                                        \
        snprintf(qual_, sizeof qual_, "set.%s", meth);                         \
        args_no_kwargs(ts, qual_, kwnames);                                    \
        return ERR_VAL;                                                        \
    }                                                                          \
    ObjSet *s = AS_SET(argv[0]);

static Value set_add_native(ThreadState *ts, int argc, Value *argv,
                            ObjTuple *kwnames)
{
    SET_SELF("add", 1, true);
    return set_add(ts, s, argv[1]) < 0 ? ERR_VAL : NONE_VAL;
}

static Value set_remove_native(ThreadState *ts, int argc, Value *argv,
                               ObjTuple *kwnames)
{
    SET_SELF("remove", 1, true);
    int r = set_discard_key(ts, s, argv[1]);
    if (r < 0)
        return ERR_VAL;
    if (r == 0)
        return dict_key_error(ts, argv[1]);
    return NONE_VAL;
}

static Value set_discard_native(ThreadState *ts, int argc, Value *argv,
                                ObjTuple *kwnames)
{
    SET_SELF("discard", 1, true);
    return set_discard_key(ts, s, argv[1]) < 0 ? ERR_VAL : NONE_VAL;
}

static Value set_pop_native(ThreadState *ts, int argc, Value *argv,
                            ObjTuple *kwnames)
{
    SET_SELF("pop", 0, true);
    ObjDict *t = s->table;
    if (t->len == 0)
        return RAISE(ts, KeyError, "pop from an empty set");
    size_t mask = t->used - 1;
    size_t i = get_finger(t) & mask;
    while (!SLOT_LIVE(&t->entries[i]))
        i = i + 1 > mask ? 0 : i + 1;
    Value key = t->entries[i].key;
    make_dummy(t, &t->entries[i]);
    set_finger(t, i + 1);
    return key;
}

static Value set_clear_native(ThreadState *ts, int argc, Value *argv,
                              ObjTuple *kwnames)
{
    SET_SELF("clear", 0, true);
    set_clear_table(ts, s);
    return NONE_VAL;
}

static Value set_copy_native(ThreadState *ts, int argc, Value *argv,
                             ObjTuple *kwnames)
{
    SET_SELF("copy", 0, false);
    if (s->frozen && s->obj.cls == TYPE(ts, FROZENSET))
        return argv[0];
    ObjSet *r = set_copy(ts, s, s->frozen);
    return r ? OBJ_VAL(r) : ERR_VAL;
}

static Value set_update_native(ThreadState *ts, int argc, Value *argv,
                               ObjTuple *kwnames)
{
    SET_SELF_VARARGS("update", true);
    for (int i = 1; i < argc; i++)
        if (set_update(ts, s, argv[i]) < 0)
            return ERR_VAL;
    return NONE_VAL;
}

static Value set_union_native(ThreadState *ts, int argc, Value *argv,
                              ObjTuple *kwnames)
{
    SET_SELF_VARARGS("union", false);
    ObjSet *r = set_copy(ts, s, s->frozen);
    if (r == NULL)
        return ERR_VAL;
    PROTECT_OBJ(ts, r);
    for (int i = 1; i < argc; i++) {
        if (set_update(ts, r, argv[i]) < 0) {
            UNPROTECT(ts, 1);
            return ERR_VAL;
        }
    }
    UNPROTECT(ts, 1);
    return OBJ_VAL(r);
}

static Value set_intersection_native(ThreadState *ts, int argc, Value *argv,
                                     ObjTuple *kwnames)
{
    SET_SELF_VARARGS("intersection", false);
    if (argc == 1) {
        ObjSet *r = set_copy(ts, s, s->frozen);
        return r ? OBJ_VAL(r) : ERR_VAL;
    }
    Value r = argv[0];
    for (int i = 1; i < argc; i++) {
        PROTECT(ts, r);
        ObjSet *n = set_intersection(ts, AS_SET(r), argv[i]);
        UNPROTECT(ts, 1);
        if (n == NULL)
            return ERR_VAL;
        r = OBJ_VAL(n);
    }
    return r;
}

static Value set_intersection_update_native(ThreadState *ts, int argc,
                                            Value *argv, ObjTuple *kwnames)
{
    Value r = set_intersection_native(ts, argc, argv, kwnames);
    if (IS_ERR(r))
        return ERR_VAL;
    if (AS_SET(argv[0])->frozen)
        return RAISE(ts, TypeError,
                     "descriptor 'intersection_update' for "
                     "'set' objects doesn't apply to a "
                     "'frozenset' object");
    take_table(ts, AS_SET(argv[0]), AS_SET(r));
    return NONE_VAL;
}

static Value set_difference_native(ThreadState *ts, int argc, Value *argv,
                                   ObjTuple *kwnames)
{
    SET_SELF_VARARGS("difference", false);
    if (argc == 1) {
        ObjSet *r = set_copy(ts, s, s->frozen);
        return r ? OBJ_VAL(r) : ERR_VAL;
    }
    ObjSet *r = set_difference(ts, s, argv[1]);
    if (r == NULL)
        return ERR_VAL;
    PROTECT_OBJ(ts, r);
    for (int i = 2; i < argc; i++) {
        if (set_difference_update(ts, r, argv[i]) < 0) {
            UNPROTECT(ts, 1);
            return ERR_VAL;
        }
    }
    UNPROTECT(ts, 1);
    return OBJ_VAL(r);
}

static Value set_difference_update_native(ThreadState *ts, int argc,
                                          Value *argv, ObjTuple *kwnames)
{
    SET_SELF_VARARGS("difference_update", true);
    for (int i = 1; i < argc; i++)
        if (set_difference_update(ts, s, argv[i]) < 0)
            return ERR_VAL;
    return NONE_VAL;
}

static Value set_symdiff_native(ThreadState *ts, int argc, Value *argv,
                                ObjTuple *kwnames)
{
    SET_SELF("symmetric_difference", 1, false);
    ObjSet *r = set_symmetric_difference(ts, s, argv[1]);
    return r ? OBJ_VAL(r) : ERR_VAL;
}

static Value set_symdiff_update_native(ThreadState *ts, int argc, Value *argv,
                                       ObjTuple *kwnames)
{
    SET_SELF("symmetric_difference_update", 1, true);
    return set_symmetric_difference_update(ts, s, argv[1]) < 0 ? ERR_VAL
                                                               : NONE_VAL;
}

/* [v] as a set: itself, or a temporary frozenset of its items. */
static ObjSet *as_set(ThreadState *ts, Value v)
{
    if (IS_SET(v))
        return AS_SET(v);
    return set_from_iterable(ts, v, true);
}

static Value set_issubset_native(ThreadState *ts, int argc, Value *argv,
                                 ObjTuple *kwnames)
{
    SET_SELF("issubset", 1, false);
    ObjSet *o = as_set(ts, argv[1]);
    if (o == NULL)
        return ERR_VAL;
    PROTECT_OBJ(ts, o);
    Value r = set_compare(ts, s, o, CMP_LE);
    UNPROTECT(ts, 1);
    return r;
}

static Value set_issuperset_native(ThreadState *ts, int argc, Value *argv,
                                   ObjTuple *kwnames)
{
    SET_SELF("issuperset", 1, false);
    ObjSet *o = as_set(ts, argv[1]);
    if (o == NULL)
        return ERR_VAL;
    PROTECT_OBJ(ts, o);
    Value r = set_compare(ts, s, o, CMP_GE);
    UNPROTECT(ts, 1);
    return r;
}

static Value set_isdisjoint_native(ThreadState *ts, int argc, Value *argv,
                                   ObjTuple *kwnames)
{
    SET_SELF("isdisjoint", 1, false);
    ObjSet *r = set_intersection(ts, s, argv[1]);
    if (r == NULL)
        return ERR_VAL;
    return BOOL_VAL(r->table->len == 0);
}

static Value set_len_native(ThreadState *ts, int argc, Value *argv,
                            ObjTuple *kwnames)
{
    SET_SELF("__len__", 0, false);
    return INT_VAL(s->table->len);
}

static Value set_contains_native(ThreadState *ts, int argc, Value *argv,
                                 ObjTuple *kwnames)
{
    SET_SELF("__contains__", 1, false);
    int r = set_contains(ts, s, argv[1]);
    return r < 0 ? ERR_VAL : BOOL_VAL(r);
}

static Value set_iter_native(ThreadState *ts, int argc, Value *argv,
                             ObjTuple *kwnames)
{
    SET_SELF("__iter__", 0, false);
    return set_iter(ts, s);
}

static Value set_repr_native(ThreadState *ts, int argc, Value *argv,
                             ObjTuple *kwnames)
{
    SET_SELF("__repr__", 0, false);
    return set_repr(ts, s);
}

static Value frozenset_hash_native(ThreadState *ts, int argc, Value *argv,
                                   ObjTuple *kwnames)
{
    SET_SELF("__hash__", 0, false);
    uint64_t h;
    if (set_hash(ts, s, &h) < 0)
        return ERR_VAL;
    return INT_VAL((int64_t)h);
}

#define SET_BINOP(fname, meth, op, inplace, mutating)                          \
    static Value fname(ThreadState *ts, int argc, Value *argv,                 \
                       ObjTuple *kwnames)                                      \
    {                                                                          \
        SET_SELF(meth, 1, mutating);                                           \
        if (!IS_SET(argv[1]))                                                  \
            return ts->interp->not_implemented;                                \
        return set_binary_op(ts, op, s, AS_SET(argv[1]), inplace);             \
    }
SET_BINOP(set_or_native, "__or__", BIN_OR, false, false)
SET_BINOP(set_and_native, "__and__", BIN_AND, false, false)
SET_BINOP(set_sub_native, "__sub__", BIN_SUB, false, false)
SET_BINOP(set_xor_native, "__xor__", BIN_XOR, false, false)
SET_BINOP(set_ior_native, "__ior__", BIN_OR, true, true)
SET_BINOP(set_iand_native, "__iand__", BIN_AND, true, true)
SET_BINOP(set_isub_native, "__isub__", BIN_SUB, true, true)
SET_BINOP(set_ixor_native, "__ixor__", BIN_XOR, true, true)

#define SET_CMP(fname, meth, op)                                               \
    static Value fname(ThreadState *ts, int argc, Value *argv,                 \
                       ObjTuple *kwnames)                                      \
    {                                                                          \
        SET_SELF(meth, 1, false);                                              \
        if (!IS_SET(argv[1]))                                                  \
            return ts->interp->not_implemented;                                \
        return set_compare(ts, s, AS_SET(argv[1]), op);                        \
    }
SET_CMP(set_eq_native, "__eq__", CMP_EQ)
SET_CMP(set_ne_native, "__ne__", CMP_NE)
SET_CMP(set_lt_native, "__lt__", CMP_LT)
SET_CMP(set_le_native, "__le__", CMP_LE)
SET_CMP(set_gt_native, "__gt__", CMP_GT)
SET_CMP(set_ge_native, "__ge__", CMP_GE)

static Value set_construct_common(ThreadState *ts, ObjClass *cls, int argc,
                                  Value *argv, ObjTuple *kwnames, bool frozen)
{
    const char *name = frozen ? "frozenset" : "set";
    if (args_no_kwargs(ts, name, kwnames) < 0)
        return ERR_VAL;
    if (argc > 1)
        return RAISE(ts, TypeError, "%s expected at most 1 argument, got %d",
                     name, argc);
    if (frozen && argc == 1 && IS_SET(argv[0]) && AS_SET(argv[0])->frozen &&
        AS_OBJ(argv[0])->cls == TYPE(ts, FROZENSET) &&
        cls == TYPE(ts, FROZENSET))
        return argv[0];
    ObjSet *s = argc == 0 ? set_new(ts, frozen)
                          : set_from_iterable(ts, argv[0], frozen);
    if (s == NULL)
        return ERR_VAL;
    s->obj.cls = cls;
    return OBJ_VAL(s);
}

static Value set_construct(ThreadState *ts, ObjClass *cls, int argc,
                           Value *argv, ObjTuple *kwnames)
{
    return set_construct_common(ts, cls, argc, argv, kwnames, false);
}

static Value frozenset_construct(ThreadState *ts, ObjClass *cls, int argc,
                                 Value *argv, ObjTuple *kwnames)
{
    return set_construct_common(ts, cls, argc, argv, kwnames, true);
}

static void register_common(ThreadState *ts, ObjClass *cls)
{
    class_add_native(ts, cls, "copy", set_copy_native);
    class_add_native(ts, cls, "union", set_union_native);
    class_add_native(ts, cls, "intersection", set_intersection_native);
    class_add_native(ts, cls, "difference", set_difference_native);
    class_add_native(ts, cls, "symmetric_difference", set_symdiff_native);
    class_add_native(ts, cls, "issubset", set_issubset_native);
    class_add_native(ts, cls, "issuperset", set_issuperset_native);
    class_add_native(ts, cls, "isdisjoint", set_isdisjoint_native);
    class_add_native(ts, cls, "__len__", set_len_native);
    class_add_native(ts, cls, "__contains__", set_contains_native);
    class_add_native(ts, cls, "__iter__", set_iter_native);
    class_add_native(ts, cls, "__repr__", set_repr_native);
    class_add_native(ts, cls, "__or__", set_or_native);
    class_add_native(ts, cls, "__and__", set_and_native);
    class_add_native(ts, cls, "__sub__", set_sub_native);
    class_add_native(ts, cls, "__xor__", set_xor_native);
    class_add_native(ts, cls, "__eq__", set_eq_native);
    class_add_native(ts, cls, "__ne__", set_ne_native);
    class_add_native(ts, cls, "__lt__", set_lt_native);
    class_add_native(ts, cls, "__le__", set_le_native);
    class_add_native(ts, cls, "__gt__", set_gt_native);
    class_add_native(ts, cls, "__ge__", set_ge_native);
}

void set_register(ThreadState *ts)
{
    ObjClass *cls = TYPE(ts, SET);
    cls->construct = set_construct;
    register_common(ts, cls);
    class_add_native(ts, cls, "add", set_add_native);
    class_add_native(ts, cls, "remove", set_remove_native);
    class_add_native(ts, cls, "discard", set_discard_native);
    class_add_native(ts, cls, "pop", set_pop_native);
    class_add_native(ts, cls, "clear", set_clear_native);
    class_add_native(ts, cls, "update", set_update_native);
    class_add_native(ts, cls, "intersection_update",
                     set_intersection_update_native);
    class_add_native(ts, cls, "difference_update",
                     set_difference_update_native);
    class_add_native(ts, cls, "symmetric_difference_update",
                     set_symdiff_update_native);
    class_add_native(ts, cls, "__ior__", set_ior_native);
    class_add_native(ts, cls, "__iand__", set_iand_native);
    class_add_native(ts, cls, "__isub__", set_isub_native);
    class_add_native(ts, cls, "__ixor__", set_ixor_native);
    class_add_value(ts, cls, "__hash__", NONE_VAL);

    cls = TYPE(ts, FROZENSET);
    cls->construct = frozenset_construct;
    register_common(ts, cls);
    class_add_native(ts, cls, "__hash__", frozenset_hash_native);
}
