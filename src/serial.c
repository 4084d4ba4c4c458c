/* serial.c - values turned into bytes and back, so that they can cross a
 * pipe between two processes.
 *
 * Why a format of our own.  A forked child shares nothing with its parent
 * after the fork: arguments, results and exceptions must travel as bytes.
 * The format is a small relative of pickle's: a header, then one value
 * written as a prefix walk of the object graph.  It is read by one loop on
 * an explicit stack, so it is not a program: loading never calls a
 * constructor or an __init__, and names in the data are only looked up.
 *
 * The header is the four bytes "MPYS" and one version byte
 * (SERIAL_VERSION).  A reader refuses any other version with a ValueError
 * that names both: the two ends of a pipe are the same mpy in practice, and
 * a clear refusal beats a wrong guess when they are not.
 *
 * Then a value, which is a tag byte and what the tag says:
 *
 *   N T F        None, True, False
 *   i <zz>       an int that fits int64_t, zigzag-coded varint
 *   I <s><n><m>  a big int: sign byte (1 = negative), byte count, magnitude
 *                big-endian (GMP's export)
 *   f <8>        a float: its IEEE-754 bits, little-endian (nan, inf and
 *                -0.0 come back exactly)
 *   s <n><utf8>  a str;  b <n><bytes>  a bytes
 *   t l S Z <n>  a tuple, list, set, frozenset of n values that follow
 *   d <n>        a dict: n key, value pairs in insertion order
 *   O cls dict   an instance of a user class: its class and its __dict__
 *   E cls args d an exception: class, args tuple, __dict__ (or None)
 *   G <n><mod><n><qual>  a function or class named by module and qualname
 *   B <n><name>  an object of the builtins module (len, int, ValueError)
 *   r <k>        the k-th object already read (the memo)
 *
 * Counts and lengths are unsigned LEB128 varints.  "cls" above is itself a
 * value (a G, a B or an r), so a class is named once however many of its
 * instances follow.
 *
 * Sharing and cycles.  Every heap object gets the next memo number when it
 * is written, and a second meeting writes `r` and the number, so [x, x]
 * comes back as two references to one list and a list that contains itself
 * contains itself again.  A container gets its number before its contents
 * (a cycle through it then finds it); an instance or exception gets its
 * number right after its class, as the reader cannot make it earlier.  The
 * reader numbers in the same order by construction.  An object under
 * construction that is an item of a tuple is stored in the tuple at once,
 * so a tuple met again (through a cycle) before it is finished already
 * holds it.
 *
 * What crosses: None, bool, int, float, str, bytes, tuple, list, dict,
 * set, frozenset (exactly those classes, not subclasses); functions and
 * classes by reference, only when looking their qualname up in their
 * module gives back the very same object (so a lambda, a nested function
 * or a class made in a function is refused, as pickle refuses them: the
 * other side could not find them either); built-in functions and classes
 * of the builtins module, and Ellipsis and NotImplemented, by name; the
 * functions of native modules (math.sqrt) by the module in sys.modules
 * that holds them;
 * instances of user classes as class plus __dict__, made on load without
 * calling __init__; exceptions as class, args and __dict__ (the traceback,
 * __cause__ and __context__ stay behind: they describe this process).
 * Everything else - locks, threads, generators, files, modules, bound
 * methods, native data - holds state that only means something here, and
 * is a TypeError "cannot send X object to another process".
 *
 * On load, a name is looked up in sys.modules without importing anything:
 * after a fork the child has every module its parent had.  A missing name
 * is a ValueError.
 *
 * Depth.  Both directions walk on an explicit stack in malloc'd memory, so
 * a list nested a million deep costs memory, never the C stack.
 *
 * The collector.  Nothing runs Python code while dumping (the walk only
 * reads), and the value being dumped is rooted.  While loading, every
 * object made goes into the memo list at once, and the memo list is
 * rooted, so every half-built object is reachable until the result is.
 */
#include "serial.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bytes.h"
#include "class.h"
#include "dict.h"
#include "exc.h"
#include "gc.h"
#include "list.h"
#include "num.h"
#include "ops.h"
#include "set.h"
#include "str.h"
#include "tuple.h"

#define MAGIC "MPYS"
#define MAGIC_LEN 4
#define HEADER_LEN (MAGIC_LEN + 1)

enum {
    TAG_NONE = 'N',
    TAG_TRUE = 'T',
    TAG_FALSE = 'F',
    TAG_INT = 'i',
    TAG_BIGINT = 'I',
    TAG_FLOAT = 'f',
    TAG_STR = 's',
    TAG_BYTES = 'b',
    TAG_TUPLE = 't',
    TAG_LIST = 'l',
    TAG_DICT = 'd',
    TAG_SET = 'S',
    TAG_FROZENSET = 'Z',
    TAG_INSTANCE = 'O',
    TAG_EXCEPTION = 'E',
    TAG_GLOBAL = 'G',
    TAG_BUILTIN = 'B',
    TAG_REF = 'r',
};

/* -- names: finding a function or class from its module and qualname ---- */

/* Walk [qualname] ("A.B.f") from module [module] in sys.modules, through
 * module and class attributes only (staticmethod and classmethod unwrap
 * as attribute access would unwrap them).  1 = found (*out set), 0 = no
 * such object, -1 = error.  [module] and [qualname] must be rooted. */
static int resolve_name(ThreadState *ts, ObjStr *module, ObjStr *qualname,
                        Value *out)
{
    Value cur;
    if (!dict_get_str(ts->interp->modules, module, &cur) ||
        !IS_KIND(cur, OBJ_MODULE))
        return 0;
    const char *p = qualname->data, *end = p + qualname->len;
    for (;;) {
        const char *dot = memchr(p, '.', (size_t)(end - p));
        if (!dot)
            dot = end;
        if (dot == p)
            return 0;
        ObjStr *part = str_intern(ts, p, (size_t)(dot - p));
        if (!part)
            return -1;
        Value next;
        if (IS_KIND(cur, OBJ_MODULE)) {
            if (!dict_get_str(AS_MODULE(cur)->dict, part, &next))
                return 0;
        } else if (IS_CLASS(cur)) {
            next = class_lookup(AS_CLASS(cur), part);
            if (IS_UNDEF(next))
                return 0;
            if (IS_KIND(next, OBJ_STATICMETHOD) ||
                IS_KIND(next, OBJ_CLASSMETHOD))
                next = AS_WRAPPER(next)->func;
        } else {
            return 0;
        }
        cur = next;
        if (dot == end)
            break;
        p = dot + 1;
    }
    *out = cur;
    return 1;
}

/* -- dumping ------------------------------------------------------------- */

/* The memo of the writer: which objects were written, and their numbers.
 * An open-addressing table keyed by address (nothing moves during a dump,
 * and every key stays reachable from the rooted value). */
typedef struct Memo {
    Obj **keys;
    size_t *numbers;
    size_t cap; /* power of two, or 0 */
    size_t count;
} Memo;

/* A container being written: the walk resumes it at [pos]. */
typedef struct DumpFrame {
    Value obj;
    size_t pos;    /* items written / table position */
    size_t count;  /* items in a tuple or list */
    Value pending; /* a dict entry's value, after its key */
    bool has_pending;
} DumpFrame;

typedef struct Dumper {
    ThreadState *ts;
    StrBuf *out;
    Memo memo;
    DumpFrame *stack;
    size_t depth, cap;
} Dumper;

static size_t address_hash(const Obj *o)
{
    uint64_t x = (uint64_t)(uintptr_t)o;
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    return (size_t)x;
}

static bool memo_find(const Memo *m, const Obj *o, size_t *number)
{
    if (m->cap == 0)
        return false;
    size_t mask = m->cap - 1;
    for (size_t i = address_hash(o) & mask; m->keys[i]; i = (i + 1) & mask) {
        if (m->keys[i] == o) {
            *number = m->numbers[i];
            return true;
        }
    }
    return false;
}

static void memo_insert(Memo *m, Obj *o, size_t number)
{
    size_t mask = m->cap - 1;
    size_t i = address_hash(o) & mask;
    while (m->keys[i])
        i = (i + 1) & mask;
    m->keys[i] = o;
    m->numbers[i] = number;
}

/* Give [o] the next memo number.  0, or -1 with MemoryError pending. */
static int memo_add(Dumper *d, Obj *o)
{
    Memo *m = &d->memo;
    if ((m->count + 1) * 2 > m->cap) {
        Memo bigger = {NULL, NULL, m->cap ? m->cap * 2 : 64, m->count};
        bigger.keys = calloc(bigger.cap, sizeof *bigger.keys);
        bigger.numbers = malloc(bigger.cap * sizeof *bigger.numbers);
        if (!bigger.keys || !bigger.numbers) {
            free(bigger.keys);
            free(bigger.numbers);
            exc_no_memory(d->ts);
            return -1;
        }
        for (size_t i = 0; i < m->cap; i++)
            if (m->keys[i])
                memo_insert(&bigger, m->keys[i], m->numbers[i]);
        free(m->keys);
        free(m->numbers);
        *m = bigger;
    }
    memo_insert(m, o, m->count++);
    return 0;
}

static void put_byte(Dumper *d, int byte)
{
    sb_putc(d->out, (char)byte);
}

static void put_varint(Dumper *d, uint64_t n)
{
    while (n >= 0x80) {
        put_byte(d, (int)(n & 0x7f) | 0x80);
        n >>= 7;
    }
    put_byte(d, (int)n);
}

/* A length, then that many bytes. */
static void put_counted(Dumper *d, const void *data, size_t len)
{
    put_varint(d, len);
    sb_append(d->out, data, len);
}

static void put_int(Dumper *d, int64_t i)
{
    put_byte(d, TAG_INT);
    put_varint(d, ((uint64_t)i << 1) ^ (uint64_t)(i >> 63));
}

static void put_float(Dumper *d, double f)
{
    uint64_t bits;
    memcpy(&bits, &f, sizeof bits);
    put_byte(d, TAG_FLOAT);
    for (int i = 0; i < 8; i++)
        put_byte(d, (int)((bits >> (8 * i)) & 0xff));
}

static int put_bigint(Dumper *d, const ObjBigInt *b)
{
    size_t n = (mpz_sizeinbase(b->z, 2) + 7) / 8;
    unsigned char *mag = malloc(n ? n : 1);
    if (!mag) {
        exc_no_memory(d->ts);
        return -1;
    }
    size_t count = 0;
    mpz_export(mag, &count, 1, 1, 1, 0, b->z);
    put_byte(d, TAG_BIGINT);
    put_byte(d, mpz_sgn(b->z) < 0);
    put_counted(d, mag, count);
    free(mag);
    return 0;
}

/* The refusal: TypeError "cannot send <what> to another process[: why]". */
static int refuse(Dumper *d, Value v, const char *why)
{
    const char *type = obj_type_name(d->ts, v);
    if (why)
        exc_raise(d->ts, TYPE(d->ts, TypeError),
                  "cannot send %s object to another process: %s", type, why);
    else
        exc_raise(d->ts, TYPE(d->ts, TypeError),
                  "cannot send %s object to another process", type);
    return -1;
}

/* The refusal of a function or class that its name does not find:
 * it names the object (its repr) and the lookup that failed. */
static int refuse_unnamed(Dumper *d, Value v, ObjStr *module, ObjStr *qualname,
                          const char *why)
{
    ThreadState *ts = d->ts;
    Value r = obj_repr(ts, v);
    if (IS_ERR(r))
        return -1;
    exc_raise(ts, TYPE(ts, TypeError),
              "cannot send %s object to another process: %s: attribute "
              "lookup %s on module %s %s",
              obj_type_name(ts, v), AS_STR(r)->data,
              qualname ? qualname->data : "?", module ? module->data : "?",
              why);
    return -1;
}

/* Write [v] as a reference to builtins.[name]. */
static int put_builtin(Dumper *d, Value v, ObjStr *name)
{
    if (!name)
        return -1;
    put_byte(d, TAG_BUILTIN);
    put_counted(d, name->data, name->len);
    return memo_add(d, AS_OBJ(v));
}

static bool is_builtin_named(ThreadState *ts, Value v, ObjStr *name)
{
    Value found;
    return name && dict_get_str(ts->interp->builtins, name, &found) &&
           value_is(found, v);
}

/* Write [v] as module [module], attribute path [qualname], after making
 * sure that the path leads back to [v]. */
static int put_global(Dumper *d, Value v, ObjStr *module, ObjStr *qualname)
{
    if (!module || !qualname) {
        Value r = obj_repr(d->ts, v);
        if (IS_ERR(r))
            return -1;
        exc_raise(d->ts, TYPE(d->ts, TypeError),
                  "cannot send %s object to another process: %s has no "
                  "module to be found in by name",
                  obj_type_name(d->ts, v), AS_STR(r)->data);
        return -1;
    }
    Value found;
    int r = resolve_name(d->ts, module, qualname, &found);
    if (r < 0)
        return -1;
    if (r == 0)
        return refuse_unnamed(d, v, module, qualname,
                              "failed (only functions and classes reachable "
                              "by name from their module can be sent)");
    if (!value_is(found, v))
        return refuse_unnamed(d, v, module, qualname, "gives another object");
    put_byte(d, TAG_GLOBAL);
    put_counted(d, module->data, module->len);
    put_counted(d, qualname->data, qualname->len);
    return memo_add(d, AS_OBJ(v));
}

static int put_class(Dumper *d, Value v)
{
    ObjClass *cls = AS_CLASS(v);
    if (is_builtin_named(d->ts, v, cls->name))
        return put_builtin(d, v, cls->name);
    Value module = UNDEF_VAL;
    if (cls->dict)
        dict_get_str(cls->dict, NAME(d->ts, module), &module);
    return put_global(d, v, IS_STR(module) ? AS_STR(module) : NULL,
                      cls->qualname ? cls->qualname : cls->name);
}

/* The name of the module in sys.modules whose attribute [name] is [v]
 * itself (a native function records no module of its own), or NULL. */
static ObjStr *native_home(ThreadState *ts, Value v, ObjStr *name)
{
    size_t pos = 0;
    Value key, mod;
    while (dict_next(ts->interp->modules, &pos, &key, &mod)) {
        Value found;
        if (IS_STR(key) && IS_KIND(mod, OBJ_MODULE) &&
            dict_get_str(AS_MODULE(mod)->dict, name, &found) &&
            value_is(found, v))
            return AS_STR(key);
    }
    return NULL;
}

static int put_native(Dumper *d, Value v)
{
    ObjNative *n = AS_NATIVE(v);
    if (IS_UNDEF(n->self) && is_builtin_named(d->ts, v, n->name))
        return put_builtin(d, v, n->name);
    ObjStr *home =
        IS_UNDEF(n->self) && n->name ? native_home(d->ts, v, n->name) : NULL;
    if (home) {
        put_byte(d, TAG_GLOBAL);
        put_counted(d, home->data, home->len);
        put_counted(d, n->name->data, n->name->len);
        return memo_add(d, AS_OBJ(v));
    }
    return refuse(d, v,
                  "only the functions of imported modules are sent, by "
                  "name");
}

static int push_frame(Dumper *d, Value obj, size_t count)
{
    if (d->depth == d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 32;
        DumpFrame *s = realloc(d->stack, cap * sizeof *s);
        if (!s) {
            exc_no_memory(d->ts);
            return -1;
        }
        d->stack = s;
        d->cap = cap;
    }
    d->stack[d->depth++] = (DumpFrame){.obj = obj,
                                       .pos = 0,
                                       .count = count,
                                       .pending = NONE_VAL,
                                       .has_pending = false};
    return 0;
}

/* A container: its tag and count now, its items as the walk reaches
 * them. */
static int put_container(Dumper *d, Value v, int tag, size_t count)
{
    put_byte(d, tag);
    put_varint(d, count);
    if (memo_add(d, AS_OBJ(v)) < 0)
        return -1;
    return push_frame(d, v, count);
}

/* An instance or an exception: tag, class, then (after its memo number)
 * the rest as the walk reaches it. */
static int put_with_class(Dumper *d, Value v, int tag)
{
    put_byte(d, tag);
    if (put_class(d, OBJ_VAL(AS_OBJ(v)->cls)) < 0)
        return -1;
    if (memo_add(d, AS_OBJ(v)) < 0)
        return -1;
    return push_frame(d, v, 0);
}

/* Is [v] exactly of the built-in class [id] (not of a subclass)? */
#define EXACTLY(d, v, id) (AS_OBJ(v)->cls == TYPE((d)->ts, id))

static int put_object(Dumper *d, Value v)
{
    ThreadState *ts = d->ts;
    Obj *o = AS_OBJ(v);
    size_t number;
    if (memo_find(&d->memo, o, &number)) {
        put_byte(d, TAG_REF);
        put_varint(d, number);
        return 0;
    }
    if (value_is(v, ts->interp->ellipsis))
        return put_builtin(d, v, str_intern_cstr(ts, "Ellipsis"));
    if (value_is(v, ts->interp->not_implemented))
        return put_builtin(d, v, str_intern_cstr(ts, "NotImplemented"));
    const char *subclass = "only the built-in class itself can be sent, "
                           "not a subclass";
    switch (o->kind) {
    case OBJ_STR:
        if (!EXACTLY(d, v, STR))
            return refuse(d, v, subclass);
        put_byte(d, TAG_STR);
        put_counted(d, AS_STR(v)->data, AS_STR(v)->len);
        return memo_add(d, o);
    case OBJ_BYTES:
        if (!EXACTLY(d, v, BYTES))
            return refuse(d, v, subclass);
        put_byte(d, TAG_BYTES);
        put_counted(d, AS_BYTES(v)->data, AS_BYTES(v)->len);
        return memo_add(d, o);
    case OBJ_BIGINT:
        if (put_bigint(d, AS_BIGINT(v)) < 0)
            return -1;
        return memo_add(d, o);
    case OBJ_TUPLE:
        if (!EXACTLY(d, v, TUPLE))
            return refuse(d, v, subclass);
        return put_container(d, v, TAG_TUPLE, AS_TUPLE(v)->len);
    case OBJ_LIST:
        if (!EXACTLY(d, v, LIST))
            return refuse(d, v, subclass);
        return put_container(d, v, TAG_LIST, AS_LIST(v)->len);
    case OBJ_DICT:
        if (!EXACTLY(d, v, DICT))
            return refuse(d, v, subclass);
        return put_container(d, v, TAG_DICT, AS_DICT(v)->len);
    case OBJ_SET:
        if (!EXACTLY(d, v, SET) && !EXACTLY(d, v, FROZENSET))
            return refuse(d, v, subclass);
        return put_container(d, v, AS_SET(v)->frozen ? TAG_FROZENSET : TAG_SET,
                             set_len(AS_SET(v)));
    case OBJ_FUNCTION:
        return put_global(d, v, AS_FUNCTION(v)->module,
                          AS_FUNCTION(v)->qualname);
    case OBJ_NATIVE:
        return put_native(d, v);
    case OBJ_CLASS:
        return put_class(d, v);
    case OBJ_INSTANCE:
        return put_with_class(d, v, TAG_INSTANCE);
    case OBJ_EXCEPTION:
        return put_with_class(d, v, TAG_EXCEPTION);
    default:
        return refuse(d, v, NULL);
    }
}

/* Write [v], or begin to: a container is finished by the walk. */
static int put_value(Dumper *d, Value v)
{
    switch (v.tag) {
    case VAL_NONE:
        put_byte(d, TAG_NONE);
        return 0;
    case VAL_BOOL:
        put_byte(d, AS_BOOL(v) ? TAG_TRUE : TAG_FALSE);
        return 0;
    case VAL_INT:
        put_int(d, AS_INT(v));
        return 0;
    case VAL_FLOAT:
        put_float(d, AS_FLOAT(v));
        return 0;
    case VAL_OBJ:
        return put_object(d, v);
    case VAL_UNDEF:
        break;
    }
    exc_raise(d->ts, TYPE(d->ts, SystemError),
              "cannot send an undefined value to another process");
    return -1;
}

/* The next value to write inside [f]: true with *child set, false when
 * [f] is complete. */
static bool next_child(DumpFrame *f, ObjTuple *empty_tuple, Value *child)
{
    Value key;
    switch (OBJ_KIND(f->obj)) {
    case OBJ_TUPLE:
        if (f->pos >= f->count)
            return false;
        *child = AS_TUPLE(f->obj)->items[f->pos++];
        return true;
    case OBJ_LIST:
        if (f->pos >= f->count)
            return false;
        *child = AS_LIST(f->obj)->items[f->pos++];
        return true;
    case OBJ_DICT:
        if (f->has_pending) {
            f->has_pending = false;
            *child = f->pending;
            return true;
        }
        if (!dict_next(AS_DICT(f->obj), &f->pos, &key, &f->pending))
            return false;
        f->has_pending = true;
        *child = key;
        return true;
    case OBJ_SET:
        return set_next(AS_SET(f->obj), &f->pos, child);
    case OBJ_INSTANCE: {
        ObjInstance *inst = AS_INSTANCE(f->obj);
        if (f->pos++ > 0)
            return false;
        *child = inst->dict ? OBJ_VAL(inst->dict) : NONE_VAL;
        return true;
    }
    case OBJ_EXCEPTION: {
        ObjException *e = AS_EXCEPTION(f->obj);
        switch (f->pos++) {
        case 0:
            *child = OBJ_VAL(e->args ? e->args : empty_tuple);
            return true;
        case 1:
            *child = e->dict ? OBJ_VAL(e->dict) : NONE_VAL;
            return true;
        default:
            return false;
        }
    }
    default:
        return false;
    }
}

int serial_dump(ThreadState *ts, Value v, StrBuf *out)
{
    size_t start = out->len;
    PROTECT(ts, v);
    Dumper d = {.ts = ts, .out = out};
    sb_append(out, MAGIC, MAGIC_LEN);
    put_byte(&d, SERIAL_VERSION);
    int rc = put_value(&d, v);
    while (rc == 0 && d.depth > 0) {
        Value child;
        if (next_child(&d.stack[d.depth - 1], ts->interp->empty_tuple, &child))
            rc = put_value(&d, child);
        else
            d.depth--;
    }
    if (rc == 0 && out->failed) {
        exc_no_memory(ts);
        rc = -1;
    }
    if (rc < 0 && !out->failed) {
        out->len = start;
        if (out->data)
            out->data[start] = '\0';
    }
    free(d.memo.keys);
    free(d.memo.numbers);
    free(d.stack);
    UNPROTECT(ts, 1);
    return rc;
}

/* -- loading ------------------------------------------------------------- */

/* What a frame of the reader is building. */
typedef enum LoadKind {
    LOAD_TUPLE,
    LOAD_LIST,
    LOAD_DICT,
    LOAD_SET,
    LOAD_INSTANCE,
    LOAD_EXCEPTION,
} LoadKind;

typedef struct LoadFrame {
    LoadKind kind;
    Value obj;    /* UNDEF until an instance's class is known */
    size_t count; /* values it takes (a dict: keys and values) */
    size_t got;
    Value key; /* a dict's key waiting for its value */
} LoadFrame;

typedef struct Loader {
    ThreadState *ts;
    const unsigned char *p, *end;
    ObjList *memo; /* every object made, in memo order; rooted */
    LoadFrame *stack;
    size_t depth, cap;
} Loader;

static int truncated(Loader *ld)
{
    exc_raise(ld->ts, TYPE(ld->ts, ValueError), "serialized data is truncated");
    return -1;
}

static int corrupt(Loader *ld, const char *why)
{
    exc_raise(ld->ts, TYPE(ld->ts, ValueError),
              "serialized data is corrupt: %s", why);
    return -1;
}

static size_t remaining(const Loader *ld)
{
    return (size_t)(ld->end - ld->p);
}

static int get_byte(Loader *ld, int *out)
{
    if (ld->p == ld->end)
        return truncated(ld);
    *out = *ld->p++;
    return 0;
}

static int get_varint(Loader *ld, uint64_t *out)
{
    uint64_t n = 0;
    for (int shift = 0;; shift += 7) {
        if (ld->p == ld->end)
            return truncated(ld);
        unsigned b = *ld->p++;
        if (shift == 63 && b > 1)
            return corrupt(ld, "a number does not fit 64 bits");
        n |= (uint64_t)(b & 0x7f) << shift;
        if (!(b & 0x80))
            break;
    }
    *out = n;
    return 0;
}

/* A length, then a pointer to that many bytes. */
static int get_counted(Loader *ld, const char **data, size_t *len)
{
    uint64_t n;
    if (get_varint(ld, &n) < 0)
        return -1;
    if (n > remaining(ld))
        return truncated(ld);
    *data = (const char *)ld->p;
    *len = (size_t)n;
    ld->p += n;
    return 0;
}

/* Text that must be valid UTF-8 (a str, a name). */
static int get_text(Loader *ld, const char **data, size_t *len)
{
    if (get_counted(ld, data, len) < 0)
        return -1;
    if (!utf8_valid(*data, *len))
        return corrupt(ld, "a str is not valid UTF-8");
    return 0;
}

/* A count of [per_item]-byte-at-least items: more than the bytes left
 * can hold means the data was cut. */
static int get_count(Loader *ld, size_t per_item, size_t *count)
{
    uint64_t n;
    if (get_varint(ld, &n) < 0)
        return -1;
    if (n > remaining(ld) / per_item)
        return truncated(ld);
    *count = (size_t)n;
    return 0;
}

/* Give [v] the next memo number; this roots it.  0 or -1. */
static int remember(Loader *ld, Value v)
{
    return list_append(ld->ts, ld->memo, v);
}

/* A new object that the frame below is still waiting for: when that is a
 * tuple, store it now (see the essay), so that a cycle back to the tuple
 * finds it in place. */
static void link_early(Loader *ld, size_t below, Value v)
{
    if (ld->depth < below)
        return;
    LoadFrame *f = &ld->stack[ld->depth - below];
    if (f->kind == LOAD_TUPLE && f->got < f->count)
        AS_TUPLE(f->obj)->items[f->got] = v;
}

static int push_load_frame(Loader *ld, LoadKind kind, Value obj, size_t count)
{
    if (!IS_UNDEF(obj)) {
        if (remember(ld, obj) < 0)
            return -1;
        link_early(ld, 1, obj);
    }
    if (ld->depth == ld->cap) {
        size_t cap = ld->cap ? ld->cap * 2 : 32;
        LoadFrame *s = realloc(ld->stack, cap * sizeof *s);
        if (!s) {
            exc_no_memory(ld->ts);
            return -1;
        }
        ld->stack = s;
        ld->cap = cap;
    }
    ld->stack[ld->depth++] = (LoadFrame){
        .kind = kind, .obj = obj, .count = count, .got = 0, .key = NONE_VAL};
    return 0;
}

static int get_float(Loader *ld, Value *out)
{
    if (remaining(ld) < 8)
        return truncated(ld);
    uint64_t bits = 0;
    for (int i = 0; i < 8; i++)
        bits |= (uint64_t)ld->p[i] << (8 * i);
    ld->p += 8;
    double f;
    memcpy(&f, &bits, sizeof f);
    *out = FLOAT_VAL(f);
    return 0;
}

static int get_bigint(Loader *ld, Value *out)
{
    int sign;
    const char *mag;
    size_t len;
    if (get_byte(ld, &sign) < 0 || get_counted(ld, &mag, &len) < 0)
        return -1;
    if (sign > 1)
        return corrupt(ld, "bad sign of an int");
    mpz_t z;
    mpz_init(z);
    mpz_import(z, len, 1, 1, 1, 0, mag);
    if (sign)
        mpz_neg(z, z);
    *out = int_from_mpz(ld->ts, z);
    mpz_clear(z);
    return IS_ERR(*out) ? -1 : remember(ld, *out);
}

/* A G record: the function or class named by module and qualname. */
static int get_global(Loader *ld, Value *out)
{
    ThreadState *ts = ld->ts;
    const char *mod, *qual;
    size_t mod_len, qual_len;
    if (get_text(ld, &mod, &mod_len) < 0 || get_text(ld, &qual, &qual_len) < 0)
        return -1;
    ObjStr *module = str_new(ts, mod, mod_len);
    if (!module)
        return -1;
    PROTECT_OBJ(ts, module);
    ObjStr *qualname = str_new(ts, qual, qual_len);
    if (!qualname) {
        UNPROTECT(ts, 1);
        return -1;
    }
    PROTECT_OBJ(ts, qualname);
    int r = resolve_name(ts, module, qualname, out);
    if (r == 0)
        exc_raise(ts, TYPE(ts, ValueError),
                  "cannot load %s.%s: no such object in sys.modules",
                  module->data, qualname->data);
    UNPROTECT(ts, 2);
    return r <= 0 ? -1 : remember(ld, *out);
}

static int get_builtin(Loader *ld, Value *out)
{
    ThreadState *ts = ld->ts;
    const char *name;
    size_t len;
    if (get_text(ld, &name, &len) < 0)
        return -1;
    ObjStr *key = str_intern(ts, name, len);
    if (!key)
        return -1;
    if (!dict_get_str(ts->interp->builtins, key, out)) {
        exc_raise(ts, TYPE(ts, ValueError),
                  "cannot load builtins.%s: there is no such built-in",
                  key->data);
        return -1;
    }
    return remember(ld, *out);
}

/* Read the start of a value: 1 = a whole value read into *out, 0 = a
 * container begun (a frame pushed), -1 = error. */
static int start_value(Loader *ld, Value *out)
{
    ThreadState *ts = ld->ts;
    int tag;
    uint64_t u;
    size_t n, len;
    const char *data;
    if (get_byte(ld, &tag) < 0)
        return -1;
    switch (tag) {
    case TAG_NONE:
        *out = NONE_VAL;
        return 1;
    case TAG_TRUE:
    case TAG_FALSE:
        *out = BOOL_VAL(tag == TAG_TRUE);
        return 1;
    case TAG_INT:
        if (get_varint(ld, &u) < 0)
            return -1;
        *out = INT_VAL((int64_t)(u >> 1) ^ -(int64_t)(u & 1));
        return 1;
    case TAG_FLOAT:
        return get_float(ld, out) < 0 ? -1 : 1;
    case TAG_BIGINT:
        return get_bigint(ld, out) < 0 ? -1 : 1;
    case TAG_STR: {
        if (get_text(ld, &data, &len) < 0)
            return -1;
        ObjStr *s = str_new(ts, data, len);
        if (!s)
            return -1;
        *out = OBJ_VAL(s);
        return remember(ld, *out) < 0 ? -1 : 1;
    }
    case TAG_BYTES: {
        if (get_counted(ld, &data, &len) < 0)
            return -1;
        ObjBytes *b = bytes_new(ts, data, len);
        if (!b)
            return -1;
        *out = OBJ_VAL(b);
        return remember(ld, *out) < 0 ? -1 : 1;
    }
    case TAG_REF:
        if (get_varint(ld, &u) < 0)
            return -1;
        if (u >= ld->memo->len)
            return corrupt(ld, "a reference to an object not yet read");
        *out = ld->memo->items[u];
        return 1;
    case TAG_GLOBAL:
        return get_global(ld, out) < 0 ? -1 : 1;
    case TAG_BUILTIN:
        return get_builtin(ld, out) < 0 ? -1 : 1;
    case TAG_TUPLE: {
        if (get_count(ld, 1, &n) < 0)
            return -1;
        ObjTuple *t = tuple_new(ts, n);
        if (!t)
            return -1;
        return push_load_frame(ld, LOAD_TUPLE, OBJ_VAL(t), n);
    }
    case TAG_LIST: {
        if (get_count(ld, 1, &n) < 0)
            return -1;
        ObjList *l = list_new(ts, n);
        if (!l)
            return -1;
        return push_load_frame(ld, LOAD_LIST, OBJ_VAL(l), n);
    }
    case TAG_DICT: {
        if (get_count(ld, 2, &n) < 0)
            return -1;
        ObjDict *d = dict_new(ts);
        if (!d)
            return -1;
        return push_load_frame(ld, LOAD_DICT, OBJ_VAL(d), 2 * n);
    }
    case TAG_SET:
    case TAG_FROZENSET: {
        if (get_count(ld, 1, &n) < 0)
            return -1;
        ObjSet *s = set_new(ts, tag == TAG_FROZENSET);
        if (!s)
            return -1;
        return push_load_frame(ld, LOAD_SET, OBJ_VAL(s), n);
    }
    case TAG_INSTANCE:
        return push_load_frame(ld, LOAD_INSTANCE, UNDEF_VAL, 2);
    case TAG_EXCEPTION:
        return push_load_frame(ld, LOAD_EXCEPTION, UNDEF_VAL, 3);
    default: {
        char why[64];
        snprintf(why, sizeof why, "unknown tag byte 0x%02x", tag);
        return corrupt(ld, why);
    }
    }
}

/* The class of an instance or exception has arrived: make the object
 * (without calling __init__) as the top frame's. */
static int make_classed(Loader *ld, Value cls)
{
    ThreadState *ts = ld->ts;
    LoadFrame *f = &ld->stack[ld->depth - 1];
    Value obj;
    if (f->kind == LOAD_INSTANCE) {
        if (!IS_CLASS(cls) || AS_CLASS(cls)->instance_kind != OBJ_INSTANCE)
            return corrupt(ld, "an instance of something that is not a "
                               "plain class");
        obj = instance_new(ts, AS_CLASS(cls));
    } else {
        if (!IS_CLASS(cls) ||
            !class_is_subclass(AS_CLASS(cls), TYPE(ts, BaseException)) ||
            AS_CLASS(cls)->instance_kind != OBJ_EXCEPTION)
            return corrupt(ld, "an exception of a class that is not an "
                               "exception class");
        obj = exc_new(ts, AS_CLASS(cls), NULL);
    }
    if (IS_ERR(obj) || remember(ld, obj) < 0)
        return -1;
    f->obj = obj;
    link_early(ld, 2, obj);
    return 0;
}

/* Hand the finished value [v] to the top frame. */
static int deliver(Loader *ld, Value v)
{
    ThreadState *ts = ld->ts;
    LoadFrame *f = &ld->stack[ld->depth - 1];
    int rc = 0;
    switch (f->kind) {
    case LOAD_TUPLE:
        AS_TUPLE(f->obj)->items[f->got] = v;
        break;
    case LOAD_LIST:
        rc = list_append(ts, AS_LIST(f->obj), v);
        break;
    case LOAD_DICT:
        if (f->got % 2 == 0)
            f->key = v;
        else
            rc = dict_set(ts, AS_DICT(f->obj), f->key, v);
        break;
    case LOAD_SET:
        rc = set_add(ts, AS_SET(f->obj), v);
        break;
    case LOAD_INSTANCE:
        if (f->got == 0)
            rc = make_classed(ld, v);
        else if (IS_DICT(v))
            AS_INSTANCE(f->obj)->dict = AS_DICT(v);
        else if (!IS_NONE(v))
            rc = corrupt(ld, "an instance's __dict__ is not a dict");
        break;
    case LOAD_EXCEPTION:
        if (f->got == 0)
            rc = make_classed(ld, v);
        else if (f->got == 1 && IS_TUPLE(v))
            AS_EXCEPTION(f->obj)->args = AS_TUPLE(v);
        else if (f->got == 2 && IS_DICT(v))
            AS_EXCEPTION(f->obj)->dict = AS_DICT(v);
        else if (f->got == 1 || !IS_NONE(v))
            rc = corrupt(ld, "an exception's args or __dict__ has the "
                             "wrong type");
        break;
    }
    /* make_classed may have grown nothing but the memo: f is still good. */
    f->got++;
    return rc;
}

/* The header: magic and version.  0, or -1 with ValueError pending. */
static int check_header(ThreadState *ts, const char *data, size_t len)
{
    size_t n = len < MAGIC_LEN ? len : MAGIC_LEN;
    if (memcmp(data, MAGIC, n) != 0) {
        exc_raise(ts, TYPE(ts, ValueError),
                  "data is not serialized mpy values (bad magic bytes)");
        return -1;
    }
    if (len < HEADER_LEN) {
        exc_raise(ts, TYPE(ts, ValueError), "serialized data is truncated");
        return -1;
    }
    int version = (unsigned char)data[MAGIC_LEN];
    if (version != SERIAL_VERSION) {
        exc_raise(ts, TYPE(ts, ValueError),
                  "serialized data has format version %d, but this mpy "
                  "reads version %d",
                  version, SERIAL_VERSION);
        return -1;
    }
    return 0;
}

/* The loop: read values, hand each to the frame waiting for it, and close
 * frames as they fill.  The result, or ERR_VAL. */
static Value load_value(Loader *ld)
{
    Value v = UNDEF_VAL;
    int rc = start_value(ld, &v);
    for (;;) {
        if (rc < 0)
            return ERR_VAL;
        if (rc == 1) {
            if (ld->depth == 0)
                return v;
            if (deliver(ld, v) < 0)
                return ERR_VAL;
        }
        LoadFrame *top = &ld->stack[ld->depth - 1];
        if (top->got < top->count) {
            rc = start_value(ld, &v);
            continue;
        }
        /* A tuple may have been hashed while half built (a dict key in
           a cycle through it): forget that hash. */
        if (top->kind == LOAD_TUPLE)
            AS_TUPLE(top->obj)->hash = 0;
        v = top->obj;
        ld->depth--;
        rc = 1;
    }
}

Value serial_load(ThreadState *ts, const char *data, size_t len)
{
    if (check_header(ts, data, len) < 0)
        return ERR_VAL;
    ObjList *memo = list_new(ts, 16);
    if (!memo)
        return ERR_VAL;
    PROTECT_OBJ(ts, memo);
    Loader ld = {.ts = ts,
                 .p = (const unsigned char *)data + HEADER_LEN,
                 .end = (const unsigned char *)data + len,
                 .memo = memo};
    Value v = load_value(&ld);
    if (!IS_ERR(v) && ld.p != ld.end) {
        char why[80];
        snprintf(why, sizeof why, "%zu bytes after the value", remaining(&ld));
        corrupt(&ld, why);
        v = ERR_VAL;
    }
    free(ld.stack);
    UNPROTECT(ts, 1);
    return v;
}
