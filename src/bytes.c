/* bytes.c - bytes objects: immutable byte strings, and the bytes class.
 *
 * A bytes is a length, a hash computed once at creation, and the bytes
 * themselves followed by a NUL.  Items are ints (b[0] == 97), slices are
 * bytes.  Only ASCII letters have a case and only ASCII whitespace is
 * whitespace, as in CPython.  Converting between bytes and text (decode,
 * bytes(s, encoding)) is codec work and stays in str.c next to encode.
 *
 * GC discipline.  Results are built in a malloc'd StrBuf (or allocated
 * first and filled after), and the sources they copy from are the method's
 * arguments, which the caller keeps rooted.  The GC does not move objects,
 * so a pointer into a rooted bytes stays valid across an allocation.
 */
#define _GNU_SOURCE
#include "bytes.h"

#include <stdio.h>
#include <string.h>

#include "args.h"
#include "class.h"
#include "exc.h"
#include "gc.h"
#include "iter.h"
#include "list.h"
#include "range.h"
#include "str.h"
#include "strbuf.h"

/* bytes(n) and b * n give MemoryError beyond this rather than ask malloc
 * for terabytes. */
#define BYTES_MAX ((size_t)1 << 40)

/* ---- creation ------------------------------------------------------------ */

/* A bytes of class [cls] holding [len] zero bytes, or a copy of [data]
 * when it is not NULL.  A caller that fills the zeros must call rehash. */
static ObjBytes *bytes_make(ThreadState *ts, ObjClass *cls, const void *data,
                            size_t len)
{
    ObjBytes *b = gc_alloc(ts, sizeof(ObjBytes) + len + 1, OBJ_BYTES, cls);
    if (!b)
        return NULL;
    if (data && len)
        memcpy(b->data, data, len);
    b->data[len] = 0;
    b->len = len;
    b->hash = str_hash_bytes((const char *)b->data, len);
    return b;
}

static ObjBytes *rehash(ObjBytes *b)
{
    b->hash = str_hash_bytes((const char *)b->data, b->len);
    return b;
}

ObjBytes *bytes_new(ThreadState *ts, const void *data, size_t len)
{
    return bytes_make(ts, TYPE(ts, BYTES), data, len);
}

static Value bytes_val(ObjBytes *b)
{
    return b ? OBJ_VAL(b) : ERR_VAL;
}

/* Take the buffer's content as a new bytes and free the buffer. */
static Value from_buf(ThreadState *ts, StrBuf *sb)
{
    ObjBytes *b = bytes_new(ts, sb->data, sb->len);
    sb_free(sb);
    return bytes_val(b);
}

/* [r] (a bytes Value or ERR_VAL) as an instance of [cls], a subclass of
 * bytes, for bytes() called through a subclass. */
static Value with_class(ThreadState *ts, ObjClass *cls, Value r)
{
    if (IS_ERR(r) || AS_OBJ(r)->cls == cls)
        return r;
    PROTECT(ts, r);
    ObjBytes *b = bytes_make(ts, cls, AS_BYTES(r)->data, AS_BYTES(r)->len);
    UNPROTECT(ts, 1);
    return bytes_val(b);
}

/* ---- the protocol ops.c dispatches to ------------------------------------ */

ObjStr *bytes_repr(ThreadState *ts, const ObjBytes *b)
{
    bool has_single = memchr(b->data, '\'', b->len) != NULL;
    bool has_double = memchr(b->data, '"', b->len) != NULL;
    char q = (has_single && !has_double) ? '"' : '\'';
    StrBuf sb;
    sb_init(&sb);
    sb_putc(&sb, 'b');
    sb_putc(&sb, q);
    for (size_t i = 0; i < b->len; i++) {
        unsigned c = b->data[i];
        if (c == (unsigned char)q || c == '\\') {
            sb_putc(&sb, '\\');
            sb_putc(&sb, (char)c);
        } else if (c == '\t') {
            sb_puts(&sb, "\\t");
        } else if (c == '\n') {
            sb_puts(&sb, "\\n");
        } else if (c == '\r') {
            sb_puts(&sb, "\\r");
        } else if (c < 0x20 || c >= 0x7F) {
            sb_printf(&sb, "\\x%02x", c);
        } else {
            sb_putc(&sb, (char)c);
        }
    }
    sb_putc(&sb, q);
    return str_from_buf(ts, &sb);
}

bool bytes_equal(const ObjBytes *a, const ObjBytes *b)
{
    return a == b || (a->len == b->len && a->hash == b->hash &&
                      memcmp(a->data, b->data, a->len) == 0);
}

int bytes_compare(const ObjBytes *a, const ObjBytes *b)
{
    size_t n = a->len < b->len ? a->len : b->len;
    int c = n ? memcmp(a->data, b->data, n) : 0;
    if (c != 0)
        return c;
    return a->len < b->len ? -1 : a->len > b->len;
}

uint64_t bytes_hash(const ObjBytes *b)
{
    return b->hash;
}

Value bytes_getitem(ThreadState *ts, ObjBytes *b, Value key)
{
    int64_t i;
    if (IS_KIND(key, OBJ_SLICE)) {
        int64_t start, stop, step;
        /* __index__ of a slice bound may run Python code. */
        PROTECT_OBJ(ts, b);
        int64_t n = slice_indices(ts, AS_SLICE(key), (int64_t)b->len, &start,
                                  &stop, &step);
        if (n < 0) {
            UNPROTECT(ts, 1);
            return ERR_VAL;
        }
        if (n == (int64_t)b->len && step == 1 &&
            b->obj.cls == TYPE(ts, BYTES)) {
            UNPROTECT(ts, 1);
            return OBJ_VAL(b);
        }
        ObjBytes *r = bytes_make(ts, TYPE(ts, BYTES), NULL, (size_t)n);
        UNPROTECT(ts, 1);
        if (!r)
            return ERR_VAL;
        /* start + k * step, not a running sum: with a huge step the sum
           would overflow after the last item. */
        for (int64_t k = 0; k < n; k++)
            r->data[k] = b->data[start + k * step];
        return OBJ_VAL(rehash(r));
    }
    if (slice_item_index(ts, key, "byte", &i) < 0)
        return ERR_VAL;
    if (i < 0)
        i += (int64_t)b->len;
    if (i < 0 || i >= (int64_t)b->len)
        return RAISE(ts, IndexError, "index out of range");
    return INT_VAL(b->data[i]);
}

/* Is [v] an integer (int, bool, big int, object with __index__)?  1 = yes
 * with *out set (big ints clamped to int64), 0 = no, -1 = error. */
static int int_value(ThreadState *ts, Value v, int64_t *out)
{
    if (IS_INT(v)) {
        *out = AS_INT(v);
        return 1;
    }
    if (IS_BOOL(v)) {
        *out = AS_BOOL(v);
        return 1;
    }
    if (IS_BIGINT(v)) {
        *out = mpz_sgn(AS_BIGINT(v)->z) < 0 ? INT64_MIN : INT64_MAX;
        return 1;
    }
    if (IS_OBJ(v) && !IS_UNDEF(class_lookup(obj_class(ts, v), NAME(ts, index))))
        return obj_as_index(ts, v, out) < 0 ? -1 : 1;
    return 0;
}

/* What `in`, count and find & co look for: a bytes, or an int in
 * range(256) standing for that one byte (stored in *byte).  1 = *p and *n
 * set, 0 = [v] is neither (the caller raises its own TypeError), -1 =
 * error (ValueError "byte must be in range(0, 256)"). */
static int needle_of(ThreadState *ts, Value v, unsigned char *byte,
                     const unsigned char **p, size_t *n)
{
    if (IS_KIND(v, OBJ_BYTES)) {
        *p = AS_BYTES(v)->data;
        *n = AS_BYTES(v)->len;
        return 1;
    }
    int64_t x;
    int r = int_value(ts, v, &x);
    if (r <= 0)
        return r;
    if (x < 0 || x > 255) {
        RAISE(ts, ValueError, "byte must be in range(0, 256)");
        return -1;
    }
    *byte = (unsigned char)x;
    *p = byte;
    *n = 1;
    return 1;
}

int bytes_contains(ThreadState *ts, ObjBytes *b, Value item)
{
    unsigned char byte;
    const unsigned char *p;
    size_t n;
    int r = needle_of(ts, item, &byte, &p, &n);
    if (r == 0)
        RAISE(ts, TypeError, "a bytes-like object is required, not '%s'",
              obj_type_name(ts, item));
    if (r <= 0)
        return -1;
    return n == 0 || memmem(b->data, b->len, p, n) != NULL;
}

static int bytes_iter_next(ThreadState *ts, ObjIter *it, Value *out)
{
    (void)ts;
    if (!IS_KIND(it->state[0], OBJ_BYTES))
        return 0;
    ObjBytes *b = AS_BYTES(it->state[0]);
    if (it->index >= (int64_t)b->len) {
        it->state[0] = NONE_VAL;
        return 0;
    }
    *out = INT_VAL(b->data[it->index++]);
    return 1;
}

Value bytes_iter(ThreadState *ts, ObjBytes *b)
{
    return iter_over(ts, "bytes_iterator", bytes_iter_next, OBJ_VAL(b), 0,
                     (int64_t)b->len);
}

Value bytes_concat(ThreadState *ts, ObjBytes *a, ObjBytes *b)
{
    PROTECT_OBJ(ts, a);
    PROTECT_OBJ(ts, b);
    ObjBytes *r = bytes_make(ts, TYPE(ts, BYTES), NULL, a->len + b->len);
    UNPROTECT(ts, 2);
    if (!r)
        return ERR_VAL;
    if (a->len)
        memcpy(r->data, a->data, a->len);
    if (b->len)
        memcpy(r->data + a->len, b->data, b->len);
    return OBJ_VAL(rehash(r));
}

Value bytes_repeat(ThreadState *ts, ObjBytes *b, int64_t n)
{
    if (n <= 0 || b->len == 0)
        return bytes_val(bytes_new(ts, NULL, 0));
    if (n == 1 && b->obj.cls == TYPE(ts, BYTES))
        return OBJ_VAL(b);
    if ((uint64_t)n > BYTES_MAX / b->len)
        return exc_no_memory(ts);
    PROTECT_OBJ(ts, b);
    ObjBytes *r = bytes_make(ts, TYPE(ts, BYTES), NULL, b->len * (size_t)n);
    UNPROTECT(ts, 1);
    if (!r)
        return ERR_VAL;
    for (int64_t k = 0; k < n; k++)
        memcpy(r->data + (size_t)k * b->len, b->data, b->len);
    return OBJ_VAL(rehash(r));
}

/* ---- the bytes class: helpers -------------------------------------------- */

#define SELF(name)                                                             \
    if (argc < 1 || !IS_KIND(argv[0], OBJ_BYTES))                              \
        return RAISE(ts, TypeError,                                            \
                     "descriptor '%s' for 'bytes' objects doesn't apply to "   \
                     "a '%s' object",                                          \
                     (name), argc < 1 ? "NULL" : obj_type_name(ts, argv[0]));  \
    ObjBytes *self = AS_BYTES(argv[0]);

/* A method taking exactly [n] (0 or 1) positional arguments besides self:
 * CPython names these "bytes.upper()" in its messages. */
static int check_fixed(ThreadState *ts, const char *name, int argc,
                       ObjTuple *kwnames, int n)
{
    char full[64];
    snprintf(full, sizeof full, "bytes.%s", name);
    if (args_no_kwargs(ts, full, kwnames) < 0)
        return -1;
    return args_count(ts, full, argc - 1, n, n);
}

/* find & co: (sub[, start[, end]]), in the older "find() takes at least
 * 1 argument (0 given)" wording. */
static int check_search(ThreadState *ts, const char *name, int argc,
                        ObjTuple *kwnames)
{
    char full[64];
    snprintf(full, sizeof full, "bytes.%s", name);
    if (args_no_kwargs(ts, full, kwnames) < 0)
        return -1;
    if (argc - 1 < 1 || argc - 1 > 3) {
        RAISE(ts, TypeError, "%s() takes at %s %d argument%s (%d given)", name,
              argc - 1 < 1 ? "least" : "most", argc - 1 < 1 ? 1 : 3,
              argc - 1 < 1 ? "" : "s", argc - 1);
        return -1;
    }
    return 0;
}

/* The start/end arguments of find & co (argv[2], argv[3]; absent or None
 * mean the whole), adjusted as CPython's ADJUST_INDICES does: negative
 * counts from the end, end is clamped to [0, len], start to >= 0.  start
 * may exceed len, which nothing matches. */
static int search_bounds(ThreadState *ts, int argc, Value *argv, int64_t len,
                         int64_t *start, int64_t *end)
{
    int64_t a = 0, b = len;
    if (argc > 2 && !IS_NONE(argv[2]) && slice_bound(ts, argv[2], &a) < 0)
        return -1;
    if (argc > 3 && !IS_NONE(argv[3]) && slice_bound(ts, argv[3], &b) < 0)
        return -1;
    if (b > len) {
        b = len;
    } else if (b < 0) {
        b += len;
        if (b < 0)
            b = 0;
    }
    if (a < 0) {
        a += len;
        if (a < 0)
            a = 0;
    }
    *start = a;
    *end = b;
    return 0;
}

static bool is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
           c == '\f';
}

/* ---- the bytes class: methods -------------------------------------------- */

/* The arguments of find & co and count: the needle argv[1] (into *p and
 * *n, a one-byte needle kept in *byte) and the bounds [*a, *b) of the
 * search in [self].  0, or -1 with an exception pending. */
static int search_args(ThreadState *ts, const char *name, int argc, Value *argv,
                       ObjTuple *kw, const ObjBytes *self, unsigned char *byte,
                       const unsigned char **p, size_t *n, int64_t *a,
                       int64_t *b)
{
    if (check_search(ts, name, argc, kw) < 0)
        return -1;
    int r = needle_of(ts, argv[1], byte, p, n);
    if (r == 0)
        RAISE(ts, TypeError,
              "argument should be integer or bytes-like object, not '%s'",
              obj_type_name(ts, argv[1]));
    if (r <= 0)
        return -1;
    return search_bounds(ts, argc, argv, (int64_t)self->len, a, b);
}

/* find, rfind, index, rindex. */
static Value find_common(ThreadState *ts, const char *name, int argc,
                         Value *argv, ObjTuple *kw, bool reverse, bool raise)
{
    SELF(name);
    unsigned char byte;
    const unsigned char *p;
    size_t n;
    int64_t a, b;
    if (search_args(ts, name, argc, argv, kw, self, &byte, &p, &n, &a, &b) < 0)
        return ERR_VAL;
    int64_t pos = -1;
    if (a <= b && (uint64_t)(b - a) >= n) {
        if (!reverse) {
            const unsigned char *hit =
                n == 0 ? self->data + a
                       : memmem(self->data + a, (size_t)(b - a), p, n);
            if (hit)
                pos = hit - self->data;
        } else {
            for (int64_t i = b - (int64_t)n; i >= a; i--) {
                if (memcmp(self->data + i, p, n) == 0) {
                    pos = i;
                    break;
                }
            }
        }
    }
    if (pos < 0 && raise)
        return RAISE(ts, ValueError, "subsection not found");
    return INT_VAL(pos);
}

static Value m_find(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    return find_common(ts, "find", argc, argv, kw, false, false);
}

static Value m_rfind(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    return find_common(ts, "rfind", argc, argv, kw, true, false);
}

static Value m_index(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    return find_common(ts, "index", argc, argv, kw, false, true);
}

static Value m_rindex(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    return find_common(ts, "rindex", argc, argv, kw, true, true);
}

static Value m_count(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    SELF("count");
    unsigned char byte;
    const unsigned char *p;
    size_t n;
    int64_t a, b;
    if (search_args(ts, "count", argc, argv, kw, self, &byte, &p, &n, &a, &b) <
        0)
        return ERR_VAL;
    if (a > b)
        return INT_VAL(0);
    if (n == 0)
        return INT_VAL(b - a + 1);
    int64_t count = 0;
    const unsigned char *q = self->data + a, *end = self->data + b;
    while ((q = memmem(q, (size_t)(end - q), p, n)) != NULL) {
        count++;
        q += n;
    }
    return INT_VAL(count);
}

/* Does [self][start:end] begin (or, with [at_end], finish) with [p]? */
static bool affix_match(const ObjBytes *self, int64_t start, int64_t end,
                        const ObjBytes *p, bool at_end)
{
    if (start > (int64_t)self->len || end - start < (int64_t)p->len)
        return false;
    int64_t pos = at_end ? end - (int64_t)p->len : start;
    return memcmp(self->data + pos, p->data, p->len) == 0;
}

/* startswith, endswith: the prefix is a bytes or a tuple of bytes. */
static Value affix_common(ThreadState *ts, const char *name, int argc,
                          Value *argv, ObjTuple *kw, bool at_end)
{
    SELF(name);
    if (check_search(ts, name, argc, kw) < 0)
        return ERR_VAL;
    int64_t a, b;
    if (search_bounds(ts, argc, argv, (int64_t)self->len, &a, &b) < 0)
        return ERR_VAL;
    Value pre = argv[1];
    if (IS_TUPLE(pre)) {
        for (size_t i = 0; i < AS_TUPLE(pre)->len; i++) {
            Value x = AS_TUPLE(pre)->items[i];
            if (!IS_KIND(x, OBJ_BYTES))
                return RAISE(ts, TypeError,
                             "a bytes-like object is required, not '%s'",
                             obj_type_name(ts, x));
            if (affix_match(self, a, b, AS_BYTES(x), at_end))
                return TRUE_VAL;
        }
        return FALSE_VAL;
    }
    if (!IS_KIND(pre, OBJ_BYTES))
        return RAISE(ts, TypeError,
                     "%s first arg must be bytes or a tuple of bytes, not %s",
                     name, obj_type_name(ts, pre));
    return BOOL_VAL(affix_match(self, a, b, AS_BYTES(pre), at_end));
}

static Value m_startswith(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    return affix_common(ts, "startswith", argc, argv, kw, false);
}

static Value m_endswith(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    return affix_common(ts, "endswith", argc, argv, kw, true);
}

static Value case_map(ThreadState *ts, const char *name, int argc, Value *argv,
                      ObjTuple *kw, bool upper)
{
    SELF(name);
    if (check_fixed(ts, name, argc, kw, 0) < 0)
        return ERR_VAL;
    StrBuf sb;
    sb_init(&sb);
    for (size_t i = 0; i < self->len; i++) {
        unsigned char c = self->data[i];
        if (upper && c >= 'a' && c <= 'z')
            c -= 32;
        else if (!upper && c >= 'A' && c <= 'Z')
            c += 32;
        sb_putc(&sb, (char)c);
    }
    return from_buf(ts, &sb);
}

static Value m_upper(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    return case_map(ts, "upper", argc, argv, kw, true);
}

static Value m_lower(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    return case_map(ts, "lower", argc, argv, kw, false);
}

/* strip, lstrip, rstrip: [chars] is a bytes or None (ASCII whitespace). */
static Value strip_common(ThreadState *ts, const char *name, int argc,
                          Value *argv, ObjTuple *kw, bool left, bool right)
{
    SELF(name);
    char full[64];
    snprintf(full, sizeof full, "bytes.%s", name);
    if (args_no_kwargs(ts, full, kw) < 0 ||
        args_count(ts, name, argc - 1, 0, 1) < 0)
        return ERR_VAL;
    const ObjBytes *chars = NULL;
    if (argc > 1 && !IS_NONE(argv[1])) {
        if (!IS_KIND(argv[1], OBJ_BYTES))
            return RAISE(ts, TypeError,
                         "a bytes-like object is required, not '%s'",
                         obj_type_name(ts, argv[1]));
        chars = AS_BYTES(argv[1]);
    }
    size_t a = 0, b = self->len;
#define STRIPPED(c)                                                            \
    (chars ? memchr(chars->data, (c), chars->len) != NULL : is_space(c))
    if (left)
        while (a < b && STRIPPED(self->data[a]))
            a++;
    if (right)
        while (b > a && STRIPPED(self->data[b - 1]))
            b--;
#undef STRIPPED
    if (a == 0 && b == self->len && self->obj.cls == TYPE(ts, BYTES))
        return argv[0];
    return bytes_val(bytes_new(ts, self->data + a, b - a));
}

static Value m_strip(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    return strip_common(ts, "strip", argc, argv, kw, true, true);
}

static Value m_lstrip(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    return strip_common(ts, "lstrip", argc, argv, kw, true, false);
}

static Value m_rstrip(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    return strip_common(ts, "rstrip", argc, argv, kw, false, true);
}

static int push_piece(ThreadState *ts, ObjList *l, const unsigned char *p,
                      size_t n)
{
    ObjBytes *b = bytes_new(ts, p, n);
    return b ? list_append(ts, l, OBJ_VAL(b)) : -1;
}

/* split(sep=None, maxsplit=-1). */
static Value m_split(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    SELF("split");
    static const ArgSpec spec = {"split", 2, 0, {"sep", "maxsplit"}};
    Value a[2];
    if (args_parse(ts, &spec, argc - 1, argv + 1, kw, a) < 0)
        return ERR_VAL;
    int64_t maxsplit = -1;
    if (!IS_UNDEF(a[1]) && range_int_arg(ts, a[1], &maxsplit) < 0)
        return ERR_VAL;
    const ObjBytes *sep = NULL;
    if (!IS_UNDEF(a[0]) && !IS_NONE(a[0])) {
        if (!IS_KIND(a[0], OBJ_BYTES))
            return RAISE(ts, TypeError,
                         "a bytes-like object is required, not '%s'",
                         obj_type_name(ts, a[0]));
        sep = AS_BYTES(a[0]);
        if (sep->len == 0)
            return RAISE(ts, ValueError, "empty separator");
    }
    ObjList *l = list_new(ts, 0);
    if (!l)
        return ERR_VAL;
    PROTECT_OBJ(ts, l);
    const unsigned char *d = self->data;
    size_t len = self->len, i = 0;
    int rc = 0;
    int64_t splits = 0;
    if (sep) {
        for (;;) {
            const unsigned char *hit =
                maxsplit >= 0 && splits >= maxsplit
                    ? NULL
                    : memmem(d + i, len - i, sep->data, sep->len);
            if (!hit) {
                rc = push_piece(ts, l, d + i, len - i);
                break;
            }
            size_t j = (size_t)(hit - d);
            if ((rc = push_piece(ts, l, d + i, j - i)) < 0)
                break;
            i = j + sep->len;
            splits++;
        }
    } else {
        /* Runs of whitespace separate; once maxsplit is reached the rest
           is one piece, with its leading whitespace dropped but its
           trailing whitespace kept. */
        for (;;) {
            while (i < len && is_space(d[i]))
                i++;
            if (i == len)
                break;
            if (maxsplit >= 0 && splits >= maxsplit) {
                rc = push_piece(ts, l, d + i, len - i);
                break;
            }
            size_t j = i;
            while (j < len && !is_space(d[j]))
                j++;
            if ((rc = push_piece(ts, l, d + i, j - i)) < 0)
                break;
            i = j;
            splits++;
        }
    }
    UNPROTECT(ts, 1);
    return rc < 0 ? ERR_VAL : OBJ_VAL(l);
}

/* sep.join(iterable of bytes). */
static Value m_join(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    SELF("join");
    if (check_fixed(ts, "join", argc, kw, 1) < 0)
        return ERR_VAL;
    Value it = obj_iter(ts, argv[1]);
    if (IS_ERR(it)) {
        if (exc_matches(ts, TYPE(ts, TypeError))) {
            exc_clear(ts);
            RAISE(ts, TypeError, "can only join an iterable");
        }
        return ERR_VAL;
    }
    PROTECT(ts, it);
    StrBuf sb;
    sb_init(&sb);
    size_t k = 0;
    for (;; k++) {
        Value x;
        int r = obj_next(ts, it, &x);
        if (r == 0)
            break;
        if (r > 0 && !IS_KIND(x, OBJ_BYTES)) {
            RAISE(ts, TypeError,
                  "sequence item %zu: expected a bytes-like object, %s found",
                  k, obj_type_name(ts, x));
            r = -1;
        }
        if (r < 0) {
            UNPROTECT(ts, 1);
            sb_free(&sb);
            return ERR_VAL;
        }
        if (k > 0)
            sb_append(&sb, (const char *)self->data, self->len);
        sb_append(&sb, (const char *)AS_BYTES(x)->data, AS_BYTES(x)->len);
    }
    UNPROTECT(ts, 1);
    return from_buf(ts, &sb);
}

/* hex(sep=None, bytes_per_sep=1): two lowercase digits a byte, [sep]
 * between groups of |bytes_per_sep| bytes counted from the right (from the
 * left when negative). */
static Value m_hex(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    SELF("hex");
    static const ArgSpec spec = {"hex", 2, 0, {"sep", "bytes_per_sep"}};
    Value a[2];
    if (args_parse(ts, &spec, argc - 1, argv + 1, kw, a) < 0)
        return ERR_VAL;
    int sep = -1;
    if (!IS_UNDEF(a[0])) {
        const unsigned char *s;
        size_t n;
        if (IS_STR(a[0])) {
            s = (const unsigned char *)AS_STR(a[0])->data;
            n = AS_STR(a[0])->nchars;
        } else if (IS_KIND(a[0], OBJ_BYTES)) {
            s = AS_BYTES(a[0])->data;
            n = AS_BYTES(a[0])->len;
        } else {
            return RAISE(ts, TypeError, "object of type '%s' has no len()",
                         obj_type_name(ts, a[0]));
        }
        if (n != 1)
            return RAISE(ts, ValueError, "sep must be length 1.");
        if (s[0] >= 0x80)
            return RAISE(ts, ValueError, "sep must be ASCII.");
        sep = s[0];
    }
    int64_t per = 1;
    if (!IS_UNDEF(a[1])) {
        int r = int_value(ts, a[1], &per);
        if (r == 0)
            return RAISE(ts, TypeError,
                         "'%s' object cannot be interpreted as an integer",
                         obj_type_name(ts, a[1]));
        if (r < 0)
            return ERR_VAL;
        if (per < -2147483647 - 1 || per > 2147483647)
            return RAISE(ts, OverflowError,
                         "Python int too large to convert to C int");
    }
    size_t group = per < 0 ? (size_t)-per : (size_t)per;
    if (per == 0 || sep < 0)
        group = 0;
    StrBuf sb;
    sb_init(&sb);
    for (size_t i = 0; i < self->len; i++) {
        /* A separator goes before byte i when a group ends there: groups
           counted from the left end at multiples of [group], groups
           counted from the right at len - multiples. */
        if (group && i > 0 &&
            (per < 0 ? i % group == 0 : (self->len - i) % group == 0))
            sb_putc(&sb, (char)sep);
        sb_printf(&sb, "%02x", self->data[i]);
    }
    ObjStr *r = str_from_buf(ts, &sb);
    return r ? OBJ_VAL(r) : ERR_VAL;
}

/* decode(encoding='utf-8', errors='strict'); str.c knows the codecs. */
static Value m_decode(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    SELF("decode");
    static const ArgSpec spec = {"decode", 2, 0, {"encoding", "errors"}};
    Value a[2];
    if (args_parse(ts, &spec, argc - 1, argv + 1, kw, a) < 0)
        return ERR_VAL;
    if (!IS_UNDEF(a[1]) && !IS_STR(a[1]))
        return RAISE(ts, TypeError,
                     "decode() argument 'errors' must be str, not %s",
                     obj_type_name(ts, a[1]));
    return str_decode(ts, self, a[0]);
}

/* bytes(iterable of ints in range(256)). */
static Value from_iterable(ThreadState *ts, ObjClass *cls, Value src)
{
    Value it = obj_iter(ts, src);
    if (IS_ERR(it)) {
        if (exc_matches(ts, TYPE(ts, TypeError))) {
            exc_clear(ts);
            RAISE(ts, TypeError, "cannot convert '%s' object to bytes",
                  obj_type_name(ts, src));
        }
        return ERR_VAL;
    }
    PROTECT(ts, it);
    StrBuf sb;
    sb_init(&sb);
    for (;;) {
        Value x;
        int r = obj_next(ts, it, &x);
        if (r == 0)
            break;
        int64_t v = 0;
        if (r > 0) {
            r = int_value(ts, x, &v);
            if (r == 0) {
                RAISE(ts, TypeError,
                      "'%s' object cannot be interpreted as an integer",
                      obj_type_name(ts, x));
                r = -1;
            } else if (r > 0 && (v < 0 || v > 255)) {
                RAISE(ts, ValueError, "bytes must be in range(0, 256)");
                r = -1;
            }
        }
        if (r < 0) {
            UNPROTECT(ts, 1);
            sb_free(&sb);
            return ERR_VAL;
        }
        sb_putc(&sb, (char)v);
    }
    UNPROTECT(ts, 1);
    ObjBytes *b = bytes_make(ts, cls, sb.data, sb.len);
    sb_free(&sb);
    return bytes_val(b);
}

/* bytes(), bytes(n), bytes(bytes), bytes(iterable of ints),
 * bytes(str, encoding[, errors]), and __bytes__ of user classes, in
 * CPython's order of trying them. */
static Value bytes_construct(ThreadState *ts, ObjClass *cls, int argc,
                             Value *argv, ObjTuple *kwnames)
{
    static const ArgSpec spec = {
        "bytes", 3, 0, {"source", "encoding", "errors"}};
    Value a[3];
    if (args_parse(ts, &spec, argc, argv, kwnames, a) < 0)
        return ERR_VAL;
    for (int i = 1; i <= 2; i++)
        if (!IS_UNDEF(a[i]) && !IS_STR(a[i]))
            return RAISE(
                ts, TypeError, "bytes() argument '%s' must be str, not %s",
                i == 1 ? "encoding" : "errors", obj_type_name(ts, a[i]));
    Value src = a[0];
    if (IS_STR(src)) {
        if (IS_UNDEF(a[1]))
            return RAISE(ts, TypeError, "string argument without an encoding");
        return with_class(ts, cls, str_encode(ts, AS_STR(src), a[1]));
    }
    if (!IS_UNDEF(a[1]))
        return RAISE(ts, TypeError, "encoding without a string argument");
    if (!IS_UNDEF(a[2]))
        return RAISE(ts, TypeError, "errors without a string argument");
    if (IS_UNDEF(src))
        return bytes_val(bytes_make(ts, cls, NULL, 0));
    ObjClass *scls = obj_class(ts, src);
    if (!scls->is_builtin) {
        ObjStr *name = str_intern_cstr(ts, "__bytes__");
        Value m = name ? class_lookup_user(scls, name) : UNDEF_VAL;
        if (!name)
            return ERR_VAL;
        if (!IS_UNDEF(m)) {
            Value r = obj_call_method(ts, src, name, 0, NULL);
            if (!IS_ERR(r) && !IS_KIND(r, OBJ_BYTES))
                return RAISE(ts, TypeError,
                             "__bytes__ returned non-bytes (type %s)",
                             obj_type_name(ts, r));
            return with_class(ts, cls, r);
        }
    }
    if (IS_KIND(src, OBJ_BYTES))
        return with_class(ts, cls, src);
    if (IS_BIGINT(src))
        return RAISE(ts, OverflowError,
                     "cannot fit 'int' into an index-sized integer");
    int64_t n;
    int r = int_value(ts, src, &n);
    if (r < 0)
        return ERR_VAL;
    if (r > 0) {
        if (n < 0)
            return RAISE(ts, ValueError, "negative count");
        if ((uint64_t)n > BYTES_MAX)
            return exc_no_memory(ts);
        return bytes_val(bytes_make(ts, cls, NULL, (size_t)n));
    }
    return from_iterable(ts, cls, src);
}

void bytes_register(ThreadState *ts)
{
    ObjClass *c = TYPE(ts, BYTES);
    c->construct = bytes_construct;
    static const struct {
        const char *name;
        NativeFn fn;
    } methods[] = {
        {"decode", m_decode},     {"hex", m_hex},
        {"count", m_count},       {"find", m_find},
        {"rfind", m_rfind},       {"index", m_index},
        {"rindex", m_rindex},     {"startswith", m_startswith},
        {"endswith", m_endswith}, {"upper", m_upper},
        {"lower", m_lower},       {"split", m_split},
        {"join", m_join},         {"strip", m_strip},
        {"lstrip", m_lstrip},     {"rstrip", m_rstrip},
    };
    for (size_t i = 0; i < sizeof methods / sizeof methods[0]; i++)
        class_add_native(ts, c, methods[i].name, methods[i].fn);
}
