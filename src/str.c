/* str.c - str objects: UTF-8 text, the weak intern table, and the str class.
 *
 * A str is immutable UTF-8 with its length in bytes and in code points and
 * its hash computed once at creation.  Indexing is by code point: when the
 * string is pure ASCII (the common case) a code-point index is a byte
 * index; otherwise we walk the bytes.  That makes s[i] O(n) for non-ASCII
 * text, which is acceptable for a teaching interpreter and keeps the object
 * a single block.
 *
 * Interning.  interp->strings is an open-addressing set of ObjStr pointers
 * probed linearly by hash.  It is weak: the collector does not mark through
 * it; after marking it calls str_table_sweep, which turns every slot whose
 * string is about to die into a tombstone.  Tombstones count towards the
 * load so probe chains stay intact; a rehash drops them.
 *
 * GC discipline.  Every method builds its result in a malloc'd StrBuf and
 * only then allocates the str, so the source strings are read before any
 * collection can run.  Where a function allocates more than once (split,
 * partition) the container being filled is protected.
 */
#define _GNU_SOURCE
#include "str.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "bytes.h"
#include "class.h"
#include "dict.h"
#include "exc.h"
#include "format.h"
#include "gc.h"
#include "iter.h"
#include "list.h"
#include "num.h"
#include "ops.h"
#include "range.h"
#include "tuple.h"

#define TOMBSTONE ((ObjStr *)(uintptr_t)1)

/* ---- UTF-8 ------------------------------------------------------------ */

size_t utf8_check(const char *data, size_t len)
{
    const unsigned char *p = (const unsigned char *)data;
    size_t i = 0;
    while (i < len) {
        unsigned c = p[i];
        size_t n;
        unsigned cp;
        if (c < 0x80) {
            i++;
            continue;
        } else if ((c & 0xE0) == 0xC0) {
            n = 1;
            cp = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            n = 2;
            cp = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            n = 3;
            cp = c & 0x07;
        } else {
            return i;
        }
        if (i + n >= len)
            return i;
        for (size_t k = 1; k <= n; k++) {
            if ((p[i + k] & 0xC0) != 0x80)
                return i;
            cp = (cp << 6) | (p[i + k] & 0x3F);
        }
        /* Reject overlong forms, surrogates and values past U+10FFFF. */
        if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) ||
            (n == 3 && cp < 0x10000) || cp > 0x10FFFF ||
            (cp >= 0xD800 && cp <= 0xDFFF))
            return i;
        i += n + 1;
    }
    return len;
}

bool utf8_valid(const char *data, size_t len)
{
    return utf8_check(data, len) == len;
}

size_t utf8_count(const char *data, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        if (((unsigned char)data[i] & 0xC0) != 0x80)
            n++;
    return n;
}

unsigned utf8_decode(const char *s, int *adv)
{
    const unsigned char *p = (const unsigned char *)s;
    unsigned c = p[0];
    if (c < 0x80) {
        *adv = 1;
        return c;
    }
    if ((c & 0xE0) == 0xC0) {
        *adv = 2;
        return ((c & 0x1F) << 6) | (p[1] & 0x3F);
    }
    if ((c & 0xF0) == 0xE0) {
        *adv = 3;
        return ((c & 0x0F) << 12) | ((p[1] & 0x3F) << 6) | (p[2] & 0x3F);
    }
    *adv = 4;
    return ((c & 0x07) << 18) | ((p[1] & 0x3F) << 12) | ((p[2] & 0x3F) << 6) |
           (p[3] & 0x3F);
}

/* Byte offset of code-point index [i] (0 <= i <= nchars). */
static size_t cp_offset(const ObjStr *s, size_t i)
{
    if (s->ascii || i == 0)
        return i;
    if (i >= s->nchars)
        return s->len;
    size_t off = 0;
    while (i > 0) {
        off++;
        while (off < s->len && ((unsigned char)s->data[off] & 0xC0) == 0x80)
            off++;
        i--;
    }
    return off;
}

/* Code-point index of byte offset [off]. */
static size_t cp_index(const ObjStr *s, size_t off)
{
    return s->ascii ? off : utf8_count(s->data, off);
}

unsigned str_codepoint_at(const ObjStr *s, size_t i)
{
    if (s->ascii)
        return (unsigned char)s->data[i];
    int adv;
    return utf8_decode(s->data + cp_offset(s, i), &adv);
}

/* ---- character classes ------------------------------------------------ */

/* Case mapping: ASCII exactly, plus Latin-1, Latin Extended-A, Greek and
 * Cyrillic, which covers the text a lecture is likely to use. */
static unsigned cp_upper(unsigned c)
{
    if (c < 0x80)
        return (c >= 'a' && c <= 'z') ? c - 32 : c;
    if (c == 0xB5)
        return 0x39C;
    if (c >= 0xE0 && c <= 0xFE && c != 0xF7)
        return c - 32;
    if (c == 0xFF)
        return 0x178;
    if (c == 0x131)
        return 'I';
    if (c == 0x17F)
        return 'S';
    if ((c >= 0x100 && c <= 0x12F) || (c >= 0x132 && c <= 0x137) ||
        (c >= 0x14A && c <= 0x177))
        return (c & 1) ? c - 1 : c;
    if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E))
        return (c & 1) ? c : c - 1;
    if (c == 0x3C2)
        return 0x3A3;
    if (c >= 0x3B1 && c <= 0x3CB)
        return c - 32;
    if (c == 0x3AC)
        return 0x386;
    if (c >= 0x3AD && c <= 0x3AF)
        return c - 37;
    if (c == 0x3CC)
        return 0x38C;
    if (c == 0x3CD || c == 0x3CE)
        return c - 63;
    if (c >= 0x430 && c <= 0x44F)
        return c - 32;
    if (c >= 0x450 && c <= 0x45F)
        return c - 80;
    return c;
}

static unsigned cp_lower(unsigned c)
{
    if (c < 0x80)
        return (c >= 'A' && c <= 'Z') ? c + 32 : c;
    if (c >= 0xC0 && c <= 0xDE && c != 0xD7)
        return c + 32;
    if (c == 0x178)
        return 0xFF;
    if (c == 0x130)
        return 'i';
    if ((c >= 0x100 && c <= 0x12F) || (c >= 0x132 && c <= 0x137) ||
        (c >= 0x14A && c <= 0x177))
        return (c & 1) ? c : c + 1;
    if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E))
        return (c & 1) ? c + 1 : c;
    if (c >= 0x391 && c <= 0x3AB && c != 0x3A2)
        return c + 32;
    if (c == 0x386)
        return 0x3AC;
    if (c >= 0x388 && c <= 0x38A)
        return c + 37;
    if (c == 0x38C)
        return 0x3CC;
    if (c == 0x38E || c == 0x38F)
        return c + 63;
    if (c >= 0x410 && c <= 0x42F)
        return c + 32;
    if (c >= 0x400 && c <= 0x40F)
        return c + 80;
    return c;
}

static bool cp_isupper(unsigned c)
{
    return cp_lower(c) != c;
}

static bool cp_islower(unsigned c)
{
    return cp_upper(c) != c || c == 0xDF || c == 0x138 || c == 0x149;
}

static bool cp_iscased(unsigned c)
{
    return cp_isupper(c) || cp_islower(c);
}

static bool cp_isspace(unsigned c)
{
    if (c < 0x80)
        return c == ' ' || (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x1F);
    return c == 0x85 || c == 0xA0 || c == 0x1680 ||
           (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 ||
           c == 0x202F || c == 0x205F || c == 0x3000;
}

static bool cp_isdecimal(unsigned c)
{
    return (c >= '0' && c <= '9') || (c >= 0x660 && c <= 0x669) ||
           (c >= 0x6F0 && c <= 0x6F9) || (c >= 0x966 && c <= 0x96F) ||
           (c >= 0xFF10 && c <= 0xFF19);
}

static bool cp_isdigit(unsigned c)
{
    return cp_isdecimal(c) || c == 0xB2 || c == 0xB3 || c == 0xB9 ||
           c == 0x2070 || (c >= 0x2074 && c <= 0x2079) ||
           (c >= 0x2080 && c <= 0x2089);
}

static bool cp_isnumeric(unsigned c)
{
    return cp_isdigit(c) || (c >= 0xBC && c <= 0xBE) ||
           (c >= 0x2150 && c <= 0x2189);
}

static bool cp_isalpha(unsigned c)
{
    if (c < 0x80)
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (cp_iscased(c) || c == 0xAA || c == 0xB5 || c == 0xBA)
        return true;
    return (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7) ||
           (c >= 0x370 && c <= 0x3FF && c != 0x37E && c != 0x387) ||
           (c >= 0x400 && c <= 0x481) || (c >= 0x48A && c <= 0x52F) ||
           (c >= 0x5D0 && c <= 0x5EA) || (c >= 0x620 && c <= 0x64A) ||
           (c >= 0x3041 && c <= 0x3096) || (c >= 0x30A1 && c <= 0x30FA) ||
           (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xAC00 && c <= 0xD7A3);
}

static bool cp_isalnum(unsigned c)
{
    return cp_isalpha(c) || cp_isnumeric(c);
}

/* What str.isprintable and repr consider printable: everything but
 * control, format, surrogate, private-use and unassigned characters and
 * separators other than the ASCII space. */
static bool cp_isprintable(unsigned c)
{
    if (c < 0x80)
        return c >= 0x20 && c < 0x7F;
    if (c <= 0xA0 || c == 0xAD)
        return false;
    if (c == 0x1680 || (c >= 0x2000 && c <= 0x200F) ||
        (c >= 0x2028 && c <= 0x202F) || (c >= 0x205F && c <= 0x206F) ||
        c == 0x3000 || c == 0xFEFF || (c >= 0xD800 && c <= 0xF8FF) ||
        (c >= 0xFFF0 && c <= 0xFFFB) || c == 0xFFFE || c == 0xFFFF ||
        c == 0x061C || c == 0x180E || (c >= 0xE0000 && c <= 0xE007F) ||
        c >= 0xF0000)
        return false;
    return true;
}

/* ---- creation and interning ------------------------------------------ */

uint64_t str_hash_bytes(const char *data, size_t len)
{
    /* FNV-1a over the bytes, then a strong finaliser (splitmix64) so the
     * low bits that index hash tables depend on every input bit. */
    uint64_t h = 0xcbf29ce484222325ULL;
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)data[i];
        h *= 0x100000001b3ULL;
    }
    h ^= (uint64_t)len;
    h ^= h >> 30;
    h *= 0xbf58476d1ce4e5b9ULL;
    h ^= h >> 27;
    h *= 0x94d049bb133111ebULL;
    h ^= h >> 31;
    /* Python's hash() never returns -1 (it is the error marker). */
    if (h == UINT64_MAX)
        h = UINT64_MAX - 1;
    return h;
}

/* A str of [len] bytes whose text the caller writes, then seals with
 * str_seal.  NULL with MemoryError pending when there is no room. */
static ObjStr *str_alloc(ThreadState *ts, ObjClass *cls, size_t len)
{
    ObjStr *s = gc_alloc(ts, sizeof(ObjStr) + len + 1, OBJ_STR, cls);
    if (!s)
        return NULL;
    s->len = len;
    return s;
}

/* Compute what a str knows about its text once the text is in place. */
static ObjStr *str_seal(ObjStr *s)
{
    s->data[s->len] = '\0';
    s->nchars = utf8_count(s->data, s->len);
    s->ascii = s->nchars == s->len;
    s->hash = str_hash_bytes(s->data, s->len);
    s->interned = false;
    return s;
}

static ObjStr *str_make(ThreadState *ts, ObjClass *cls, const char *utf8,
                        size_t len)
{
    ObjStr *s = str_alloc(ts, cls, len);
    if (!s)
        return NULL;
    if (len)
        memcpy(s->data, utf8, len);
    return str_seal(s);
}

ObjStr *str_new(ThreadState *ts, const char *utf8, size_t len)
{
    if (len == 0 && ts->interp->empty_str)
        return ts->interp->empty_str;
    return str_make(ts, TYPE(ts, STR), utf8, len);
}

ObjStr *str_from_cstr(ThreadState *ts, const char *s)
{
    return str_new(ts, s, strlen(s));
}

ObjStr *str_from_buf(ThreadState *ts, StrBuf *sb)
{
    if (sb->failed) {
        sb_free(sb);
        exc_no_memory(ts);
        return NULL;
    }
    ObjStr *s = str_new(ts, sb->data ? sb->data : "", sb->len);
    sb_free(sb);
    return s;
}

ObjStr *str_printf(ThreadState *ts, const char *fmt, ...)
{
    StrBuf sb;
    sb_init(&sb);
    va_list ap;
    va_start(ap, fmt);
    sb_vprintf(&sb, fmt, ap);
    va_end(ap);
    return str_from_buf(ts, &sb);
}

static void table_insert_raw(StrTable *t, ObjStr *s)
{
    size_t mask = t->cap - 1;
    size_t i = (size_t)s->hash & mask;
    while (t->slots[i] && t->slots[i] != TOMBSTONE)
        i = (i + 1) & mask;
    if (!t->slots[i])
        t->count++;
    t->slots[i] = s;
}

/* Grow (or just clean out tombstones) so one more insertion keeps the
 * table at most half full. */
static void table_make_room(StrTable *t)
{
    if (t->cap && (t->count + 1) * 2 <= t->cap)
        return;
    size_t live = 0;
    for (size_t i = 0; i < t->cap; i++)
        if (t->slots[i] && t->slots[i] != TOMBSTONE)
            live++;
    size_t cap = 64;
    while (cap < (live + 1) * 4)
        cap *= 2;
    ObjStr **old = t->slots;
    size_t oldcap = t->cap;
    t->slots = calloc(cap, sizeof(ObjStr *));
    if (!t->slots) {
        fputs("mpy: out of memory\n", stderr);
        abort();
    }
    t->cap = cap;
    t->count = 0;
    for (size_t i = 0; i < oldcap; i++)
        if (old[i] && old[i] != TOMBSTONE)
            table_insert_raw(t, old[i]);
    free(old);
}

static ObjStr *table_find(StrTable *t, const char *utf8, size_t len,
                          uint64_t hash)
{
    if (!t->cap)
        return NULL;
    size_t mask = t->cap - 1;
    for (size_t i = (size_t)hash & mask; t->slots[i]; i = (i + 1) & mask) {
        ObjStr *s = t->slots[i];
        if (s != TOMBSTONE && s->hash == hash && s->len == len &&
            memcmp(s->data, utf8, len) == 0)
            return s;
    }
    return NULL;
}

ObjStr *str_intern(ThreadState *ts, const char *utf8, size_t len)
{
    StrTable *t = &ts->interp->strings;
    uint64_t hash = str_hash_bytes(utf8, len);
    ObjStr *s = table_find(t, utf8, len, hash);
    if (s)
        return s;
    /* The bytes may live in a heap string the caller holds; copy them
     * before allocating, since the allocation may collect. */
    StrBuf sb;
    sb_init(&sb);
    sb_append(&sb, utf8, len);
    s = str_make(ts, TYPE(ts, STR), sb.data, len);
    sb_free(&sb);
    if (!s)
        return NULL;
    s->interned = true;
    table_make_room(t);
    table_insert_raw(t, s);
    return s;
}

ObjStr *str_intern_cstr(ThreadState *ts, const char *s)
{
    return str_intern(ts, s, strlen(s));
}

void str_table_sweep(Interp *interp)
{
    StrTable *t = &interp->strings;
    for (size_t i = 0; i < t->cap; i++) {
        ObjStr *s = t->slots[i];
        if (s && s != TOMBSTONE && !s->obj.marked)
            t->slots[i] = TOMBSTONE;
    }
}

void str_table_free(Interp *interp)
{
    free(interp->strings.slots);
    interp->strings.slots = NULL;
    interp->strings.cap = 0;
    interp->strings.count = 0;
}

/* ---- basic operations -------------------------------------------------- */

bool str_equal(const ObjStr *a, const ObjStr *b)
{
    if (a == b)
        return true;
    if (a->len != b->len || a->hash != b->hash)
        return false;
    if (a->interned && b->interned)
        return false;
    return memcmp(a->data, b->data, a->len) == 0;
}

int str_compare(const ObjStr *a, const ObjStr *b)
{
    size_t n = a->len < b->len ? a->len : b->len;
    int c = memcmp(a->data, b->data, n);
    if (c)
        return c;
    return a->len < b->len ? -1 : a->len > b->len ? 1 : 0;
}

ObjStr *str_concat(ThreadState *ts, ObjStr *a, ObjStr *b)
{
    if (a->len == 0)
        return b;
    if (b->len == 0)
        return a;
    StrBuf sb;
    sb_init(&sb);
    sb_append(&sb, a->data, a->len);
    sb_append(&sb, b->data, b->len);
    return str_from_buf(ts, &sb);
}

static void put_escaped(StrBuf *sb, unsigned c, bool ascii_only)
{
    if (c == '\\')
        sb_puts(sb, "\\\\");
    else if (c == '\n')
        sb_puts(sb, "\\n");
    else if (c == '\r')
        sb_puts(sb, "\\r");
    else if (c == '\t')
        sb_puts(sb, "\\t");
    else if (c < 0x20 || c == 0x7F)
        sb_printf(sb, "\\x%02x", c);
    else if (c < 0x80)
        sb_putc(sb, (char)c);
    else if (!ascii_only && cp_isprintable(c))
        sb_put_codepoint(sb, c);
    else if (c < 0x100)
        sb_printf(sb, "\\x%02x", c);
    else if (c < 0x10000)
        sb_printf(sb, "\\u%04x", c);
    else
        sb_printf(sb, "\\U%08x", c);
}

static ObjStr *repr_impl(ThreadState *ts, ObjStr *s, bool ascii_only)
{
    bool has_single = memchr(s->data, '\'', s->len) != NULL;
    bool has_double = memchr(s->data, '"', s->len) != NULL;
    char q = (has_single && !has_double) ? '"' : '\'';
    StrBuf sb;
    sb_init(&sb);
    sb_putc(&sb, q);
    for (size_t i = 0; i < s->len;) {
        int adv;
        unsigned c = utf8_decode(s->data + i, &adv);
        i += adv;
        if (c == (unsigned char)q) {
            sb_putc(&sb, '\\');
            sb_putc(&sb, q);
        } else {
            put_escaped(&sb, c, ascii_only);
        }
    }
    sb_putc(&sb, q);
    return str_from_buf(ts, &sb);
}

ObjStr *str_repr(ThreadState *ts, ObjStr *s)
{
    return repr_impl(ts, s, false);
}

ObjStr *str_ascii(ThreadState *ts, ObjStr *s)
{
    return repr_impl(ts, s, true);
}

ObjStr *str_escape_nonascii(ThreadState *ts, ObjStr *s)
{
    if (s->ascii)
        return s;
    StrBuf sb;
    sb_init(&sb);
    for (size_t i = 0; i < s->len;) {
        int adv;
        unsigned c = utf8_decode(s->data + i, &adv);
        i += adv;
        if (c < 0x80)
            sb_putc(&sb, (char)c);
        else
            put_escaped(&sb, c, true);
    }
    return str_from_buf(ts, &sb);
}

ObjStr *str_from_codepoint(ThreadState *ts, unsigned cp)
{
    StrBuf sb;
    sb_init(&sb);
    sb_put_codepoint(&sb, cp);
    ObjStr *r;
    if (cp < 0x80)
        r = str_intern(ts, sb.data, sb.len);
    else
        r = str_new(ts, sb.data, sb.len);
    sb_free(&sb);
    return r;
}

bool str_contains(ObjStr *haystack, ObjStr *needle)
{
    if (needle->len == 0)
        return true;
    return memmem(haystack->data, haystack->len, needle->data, needle->len) !=
           NULL;
}

Value str_repeat(ThreadState *ts, ObjStr *s, int64_t n)
{
    if (n <= 0 || s->len == 0)
        return OBJ_VAL(ts->interp->empty_str ? ts->interp->empty_str
                                             : str_new(ts, "", 0));
    if (n == 1)
        return OBJ_VAL(s);
    if ((uint64_t)n > (uint64_t)(SIZE_MAX / 4) / s->len)
        return RAISE(ts, OverflowError, "repeated string is too long");
    /* One allocation of the final size (so 'a' * 10**12 is a MemoryError
       at once, not a slow climb), filled by doubling the copied prefix. */
    size_t total = s->len * (size_t)n;
    PROTECT_OBJ(ts, s);
    ObjStr *r = str_alloc(ts, TYPE(ts, STR), total);
    UNPROTECT(ts, 1);
    if (!r)
        return ERR_VAL;
    memcpy(r->data, s->data, s->len);
    size_t done = s->len;
    while (done < total) {
        size_t chunk = done <= total - done ? done : total - done;
        memcpy(r->data + done, r->data, chunk);
        done += chunk;
    }
    return OBJ_VAL(str_seal(r));
}

/* ---- indexing and slicing ---------------------------------------------- */

Value str_getitem(ThreadState *ts, ObjStr *s, Value key)
{
    if (IS_KIND(key, OBJ_SLICE)) {
        int64_t start, stop, step;
        int64_t n = slice_indices(ts, AS_SLICE(key), (int64_t)s->nchars,
                                  &start, &stop, &step);
        if (n < 0)
            return ERR_VAL;
        if (n == (int64_t)s->nchars && step == 1)
            return OBJ_VAL(s);
        StrBuf sb;
        sb_init(&sb);
        if (step == 1) {
            size_t a = cp_offset(s, (size_t)start);
            size_t b = cp_offset(s, (size_t)(start + n));
            sb_append(&sb, s->data + a, b - a);
        } else if (s->ascii) {
            /* start + i * step, not a running sum: with a huge step the
               sum would overflow after the last item. */
            for (int64_t i = 0; i < n; i++)
                sb_putc(&sb, s->data[start + i * step]);
        } else {
            /* Decode once into code points, then pick. */
            unsigned *cps = malloc(s->nchars * sizeof(unsigned) + 1);
            size_t j = 0;
            for (size_t off = 0; off < s->len; j++) {
                int adv;
                cps[j] = utf8_decode(s->data + off, &adv);
                off += adv;
            }
            for (int64_t i = 0; i < n; i++)
                sb_put_codepoint(&sb, cps[start + i * step]);
            free(cps);
        }
        ObjStr *r = str_from_buf(ts, &sb);
        return r ? OBJ_VAL(r) : ERR_VAL;
    }
    int64_t i;
    if (IS_INT(key)) {
        i = AS_INT(key);
    } else if (IS_BOOL(key)) {
        i = AS_BOOL(key);
    } else if (IS_BIGINT(key)) {
        return RAISE(ts, IndexError, "cannot fit 'int' into an index-sized "
                                     "integer");
    } else {
        Value m;
        if (IS_INSTANCE(key) && obj_getattr_opt(ts, key, NAME(ts, index), &m) == 1) {
            if (obj_as_index(ts, key, &i) < 0)
                return ERR_VAL;
        } else {
            return RAISE(ts, TypeError, "string indices must be integers, not '%s'",
                         obj_type_name(ts, key));
        }
    }
    if (i < 0)
        i += (int64_t)s->nchars;
    if (i < 0 || i >= (int64_t)s->nchars)
        return RAISE(ts, IndexError, "string index out of range");
    unsigned cp = str_codepoint_at(s, (size_t)i);
    ObjStr *r = str_from_codepoint(ts, cp);
    return r ? OBJ_VAL(r) : ERR_VAL;
}

/* ---- iteration ------------------------------------------------------------ */

static int str_iter_next(ThreadState *ts, ObjIter *it, Value *out)
{
    ObjStr *s = AS_STR(it->state[0]);
    if (it->index >= (int64_t)s->len)
        return 0;
    int adv;
    unsigned cp = utf8_decode(s->data + it->index, &adv);
    it->index += adv;
    ObjStr *r = str_from_codepoint(ts, cp);
    if (!r)
        return -1;
    *out = OBJ_VAL(r);
    return 1;
}

Value str_iter(ThreadState *ts, ObjStr *s)
{
    return iter_over(ts, s->ascii ? "str_ascii_iterator" : "str_iterator",
                     str_iter_next, OBJ_VAL(s), 0, (int64_t)s->len);
}

/* ---- the str class: helpers ------------------------------------------- */

#define SELF(name)                                                             \
    if (argc < 1 || !IS_STR(argv[0]))                                          \
        return RAISE(ts, TypeError,                                            \
                     "descriptor '" name "' for 'str' objects doesn't apply "  \
                     "to a '%s' object",                                       \
                     argc < 1 ? "NULL" : obj_type_name(ts, argv[0]));          \
    ObjStr *self = AS_STR(argv[0]);

static Value buf_result(ThreadState *ts, StrBuf *sb)
{
    ObjStr *r = str_from_buf(ts, sb);
    return r ? OBJ_VAL(r) : ERR_VAL;
}

static Value new_str_val(ThreadState *ts, const char *p, size_t n)
{
    ObjStr *r = str_new(ts, p, n);
    return r ? OBJ_VAL(r) : ERR_VAL;
}

/* Method with only positional arguments, between [min] and [max] (not
 * counting self). */
static int check_args(ThreadState *ts, const char *name, int argc,
                      ObjTuple *kwnames, int min, int max)
{
    bool kw = kwnames && kwnames->len > 0;
    if (!kw && argc - 1 >= min && argc - 1 <= max)
        return 0; /* the common case: no message to prepare */
    /* CPython names fixed-arity methods as "str.upper()". */
    char full[64];
    snprintf(full, sizeof full, "str.%s", name);
    if (min == max && max <= 1)
        name = full;
    if (args_no_kwargs(ts, name, kwnames) < 0)
        return -1;
    return args_count(ts, name, argc - 1, min, max);
}

/* find & co. use the older "find() takes at least 1 argument" wording. */
static int check_search_args(ThreadState *ts, const char *name, int argc,
                             ObjTuple *kwnames)
{
    if (args_no_kwargs(ts, name, kwnames) < 0)
        return -1;
    if (argc - 1 < 1) {
        RAISE(ts, TypeError, "%s() takes at least 1 argument (%d given)", name,
              argc - 1);
        return -1;
    }
    if (argc - 1 > 3) {
        RAISE(ts, TypeError, "%s() takes at most 3 arguments (%d given)", name,
              argc - 1);
        return -1;
    }
    return 0;
}

/* An optional int argument (None or absent = [dflt]). */
static int opt_index(ThreadState *ts, Value v, int64_t dflt, int64_t *out)
{
    if (IS_UNDEF(v) || IS_NONE(v)) {
        *out = dflt;
        return 0;
    }
    if (IS_BIGINT(v)) {
        *out = mpz_sgn(AS_BIGINT(v)->z) < 0 ? INT64_MIN / 2 : INT64_MAX / 2;
        return 0;
    }
    if (!num_is_int(v) && !IS_INSTANCE(v)) {
        RAISE(ts, TypeError,
              "slice indices must be integers or None or have an __index__ "
              "method");
        return -1;
    }
    return obj_as_index(ts, v, out) < 0 ? -1 : 0;
}

/* start/end arguments of find & co, as byte offsets into [s]. */
static int range_args(ThreadState *ts, ObjStr *s, Value vstart, Value vend,
                      size_t *bstart, size_t *bend, bool *empty)
{
    int64_t n = (int64_t)s->nchars, a, b;
    if (opt_index(ts, vstart, 0, &a) < 0 || opt_index(ts, vend, n, &b) < 0)
        return -1;
    if (a < 0) {
        a += n;
        if (a < 0)
            a = 0;
    }
    if (b < 0) {
        b += n;
        if (b < 0)
            b = 0;
    }
    if (b > n)
        b = n;
    /* An empty needle still matches at start == len; start beyond the end
     * matches nothing. */
    *empty = a > n || a > b;
    if (a > n)
        a = n;
    if (b < a)
        b = a;
    *bstart = cp_offset(s, (size_t)a);
    *bend = cp_offset(s, (size_t)b);
    return 0;
}

static const char *find_fwd(const char *h, size_t hl, const char *n, size_t nl)
{
    if (nl == 0)
        return h;
    return memmem(h, hl, n, nl);
}

static const char *find_back(const char *h, size_t hl, const char *n,
                             size_t nl)
{
    if (nl > hl)
        return NULL;
    for (size_t i = hl - nl + 1; i-- > 0;)
        if (memcmp(h + i, n, nl) == 0)
            return h + i;
    return NULL;
}

static ObjStr *arg_str(ThreadState *ts, Value v, const char *fmt)
{
    if (IS_STR(v))
        return AS_STR(v);
    exc_raise(ts, TYPE(ts, TypeError), fmt, obj_type_name(ts, v));
    return NULL;
}

/* ---- the str class: methods ----------------------------------------------- */

/* The arguments of find & co and count: the str to look for (*sub) and
 * the byte range [*a, *b) of self = argv[0] to look in (*empty when the
 * slice is empty).  0, or -1 with an exception pending. */
static int search_args(ThreadState *ts, const char *name, int argc, Value *argv,
                       ObjTuple *kwnames, ObjStr **sub, size_t *a, size_t *b,
                       bool *empty)
{
    if (check_search_args(ts, name, argc, kwnames) < 0)
        return -1;
    *sub = arg_str(ts, argv[1], "must be str, not %s");
    if (!*sub)
        return -1;
    return range_args(ts, AS_STR(argv[0]), argc > 2 ? argv[2] : UNDEF_VAL,
                      argc > 3 ? argv[3] : UNDEF_VAL, a, b, empty);
}

static Value find_common(ThreadState *ts, const char *name, int argc,
                         Value *argv, ObjTuple *kwnames, bool reverse,
                         bool raise)
{
    ObjStr *self = AS_STR(argv[0]);
    ObjStr *sub;
    size_t a, b;
    bool empty;
    if (search_args(ts, name, argc, argv, kwnames, &sub, &a, &b, &empty) < 0)
        return ERR_VAL;
    const char *p = NULL;
    if (!empty)
        p = reverse ? find_back(self->data + a, b - a, sub->data, sub->len)
                    : find_fwd(self->data + a, b - a, sub->data, sub->len);
    if (!p) {
        if (raise)
            return RAISE(ts, ValueError, "substring not found");
        return INT_VAL(-1);
    }
    return INT_VAL((int64_t)cp_index(self, (size_t)(p - self->data)));
}

static Value m_find(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    SELF("find");
    (void)self;
    return find_common(ts, "find", argc, argv, kw, false, false);
}

static Value m_rfind(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    SELF("rfind");
    (void)self;
    return find_common(ts, "rfind", argc, argv, kw, true, false);
}

static Value m_index(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    SELF("index");
    (void)self;
    return find_common(ts, "index", argc, argv, kw, false, true);
}

static Value m_rindex(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    SELF("rindex");
    (void)self;
    return find_common(ts, "rindex", argc, argv, kw, true, true);
}

static Value m_count(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    SELF("count");
    ObjStr *sub;
    size_t a, b;
    bool empty;
    if (search_args(ts, "count", argc, argv, kw, &sub, &a, &b, &empty) < 0)
        return ERR_VAL;
    if (empty)
        return INT_VAL(0);
    if (sub->len == 0)
        return INT_VAL((int64_t)utf8_count(self->data + a, b - a) + 1);
    int64_t n = 0;
    const char *p = self->data + a, *end = self->data + b;
    while ((p = memmem(p, (size_t)(end - p), sub->data, sub->len))) {
        n++;
        p += sub->len;
    }
    return INT_VAL(n);
}

static Value m_replace(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    SELF("replace");
    if (check_args(ts, "replace", argc, kw, 2, 3) < 0)
        return ERR_VAL;
    ObjStr *old = arg_str(ts, argv[1], "replace() argument 1 must be str, not %s");
    if (!old)
        return ERR_VAL;
    ObjStr *new = arg_str(ts, argv[2], "replace() argument 2 must be str, not %s");
    if (!new)
        return ERR_VAL;
    int64_t count = -1;
    if (argc > 3) {
        if (!num_is_int(argv[3]) && !IS_INSTANCE(argv[3]))
            return RAISE(ts, TypeError,
                         "'%s' object cannot be interpreted as an integer",
                         obj_type_name(ts, argv[3]));
        if (opt_index(ts, argv[3], -1, &count) < 0)
            return ERR_VAL;
    }
    StrBuf sb;
    sb_init(&sb);
    if (old->len == 0) {
        size_t i = 0;
        int64_t done = 0;
        while (true) {
            if (count < 0 || done < count) {
                sb_append(&sb, new->data, new->len);
                done++;
            }
            if (i >= self->len)
                break;
            int adv;
            utf8_decode(self->data + i, &adv);
            sb_append(&sb, self->data + i, (size_t)adv);
            i += (size_t)adv;
        }
        return buf_result(ts, &sb);
    }
    const char *p = self->data, *end = self->data + self->len;
    int64_t done = 0;
    while (count < 0 || done < count) {
        const char *q = memmem(p, (size_t)(end - p), old->data, old->len);
        if (!q)
            break;
        sb_append(&sb, p, (size_t)(q - p));
        sb_append(&sb, new->data, new->len);
        p = q + old->len;
        done++;
    }
    sb_append(&sb, p, (size_t)(end - p));
    return buf_result(ts, &sb);
}

/* Append str(self[a:b]) to a list. */
static int push_piece(ThreadState *ts, ObjList *l, const char *p, size_t n)
{
    ObjStr *s = str_new(ts, p, n);
    if (!s)
        return -1;
    return list_append(ts, l, OBJ_VAL(s));
}

static void list_reverse_items(ObjList *l)
{
    for (size_t i = 0, j = l->len; i + 1 < j; i++, j--) {
        Value t = l->items[i];
        l->items[i] = l->items[j - 1];
        l->items[j - 1] = t;
    }
}

static Value split_common(ThreadState *ts, int argc, Value *argv,
                          ObjTuple *kw, bool right)
{
    static const ArgSpec spec_split = {"split", 2, 0, {"sep", "maxsplit"}};
    static const ArgSpec spec_rsplit = {"rsplit", 2, 0, {"sep", "maxsplit"}};
    Value a[2];
    if (args_parse(ts, right ? &spec_rsplit : &spec_split, argc - 1, argv + 1,
                   kw, a) < 0)
        return ERR_VAL;
    ObjStr *self = AS_STR(argv[0]);
    ObjStr *sep = NULL;
    if (!IS_UNDEF(a[0]) && !IS_NONE(a[0])) {
        sep = arg_str(ts, a[0], "must be str or None, not %s");
        if (!sep)
            return ERR_VAL;
        if (sep->len == 0)
            return RAISE(ts, ValueError, "empty separator");
    }
    int64_t maxsplit = -1;
    if (!IS_UNDEF(a[1])) {
        if (!num_is_int(a[1]) && !IS_INSTANCE(a[1]))
            return RAISE(ts, TypeError,
                         "'%s' object cannot be interpreted as an integer",
                         obj_type_name(ts, a[1]));
        if (opt_index(ts, a[1], -1, &maxsplit) < 0)
            return ERR_VAL;
    }
    ObjList *l = list_new(ts, 0);
    if (!l)
        return ERR_VAL;
    PROTECT_OBJ(ts, l);
    const char *d = self->data;
    size_t n = self->len;
    int64_t splits = 0;
    int rc = 0;
    if (!sep) {
        /* Runs of whitespace separate; leading and trailing ones vanish. */
        if (!right) {
            size_t i = 0;
            while (rc == 0) {
                while (i < n) {
                    int adv;
                    unsigned c = utf8_decode(d + i, &adv);
                    if (!cp_isspace(c))
                        break;
                    i += adv;
                }
                if (i >= n)
                    break;
                if (maxsplit >= 0 && splits >= maxsplit) {
                    /* The rest keeps its trailing whitespace. */
                    rc = push_piece(ts, l, d + i, n - i);
                    break;
                }
                size_t j = i;
                while (j < n) {
                    int adv;
                    unsigned c = utf8_decode(d + j, &adv);
                    if (cp_isspace(c))
                        break;
                    j += adv;
                }
                rc = push_piece(ts, l, d + i, j - i);
                splits++;
                i = j;
            }
        } else {
            size_t e = n;
            while (rc == 0) {
                /* skip trailing whitespace */
                while (e > 0) {
                    size_t k = e - 1;
                    while (k > 0 && ((unsigned char)d[k] & 0xC0) == 0x80)
                        k--;
                    int adv;
                    if (!cp_isspace(utf8_decode(d + k, &adv)))
                        break;
                    e = k;
                }
                if (e == 0)
                    break;
                if (maxsplit >= 0 && splits >= maxsplit) {
                    rc = push_piece(ts, l, d, e);
                    break;
                }
                size_t b = e;
                while (b > 0) {
                    size_t k = b - 1;
                    while (k > 0 && ((unsigned char)d[k] & 0xC0) == 0x80)
                        k--;
                    int adv;
                    if (cp_isspace(utf8_decode(d + k, &adv)))
                        break;
                    b = k;
                }
                rc = push_piece(ts, l, d + b, e - b);
                splits++;
                e = b;
            }
            list_reverse_items(l);
        }
    } else if (!right) {
        const char *p = d, *end = d + n;
        while (rc == 0) {
            const char *q = NULL;
            if (maxsplit < 0 || splits < maxsplit)
                q = memmem(p, (size_t)(end - p), sep->data, sep->len);
            if (!q) {
                rc = push_piece(ts, l, p, (size_t)(end - p));
                break;
            }
            rc = push_piece(ts, l, p, (size_t)(q - p));
            splits++;
            p = q + sep->len;
        }
    } else {
        size_t e = n;
        while (rc == 0) {
            const char *q = NULL;
            if (maxsplit < 0 || splits < maxsplit)
                q = find_back(d, e, sep->data, sep->len);
            if (!q) {
                rc = push_piece(ts, l, d, e);
                break;
            }
            size_t qo = (size_t)(q - d);
            rc = push_piece(ts, l, d + qo + sep->len, e - qo - sep->len);
            splits++;
            e = qo;
        }
        list_reverse_items(l);
    }
    UNPROTECT(ts, 1);
    return rc < 0 ? ERR_VAL : OBJ_VAL(l);
}

static Value m_split(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    SELF("split");
    (void)self;
    return split_common(ts, argc, argv, kw, false);
}

static Value m_rsplit(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    SELF("rsplit");
    (void)self;
    return split_common(ts, argc, argv, kw, true);
}

static bool is_line_break(unsigned c)
{
    return c == '\n' || c == '\r' || c == 0x0B || c == 0x0C || c == 0x1C ||
           c == 0x1D || c == 0x1E || c == 0x85 || c == 0x2028 || c == 0x2029;
}

static Value m_splitlines(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    SELF("splitlines");
    static const ArgSpec spec = {"splitlines", 1, 0, {"keepends"}};
    Value a[1];
    if (args_parse(ts, &spec, argc - 1, argv + 1, kw, a) < 0)
        return ERR_VAL;
    bool keep = false;
    if (!IS_UNDEF(a[0])) {
        int t = obj_truthy(ts, a[0]);
        if (t < 0)
            return ERR_VAL;
        keep = t;
    }
    ObjList *l = list_new(ts, 0);
    if (!l)
        return ERR_VAL;
    PROTECT_OBJ(ts, l);
    const char *d = self->data;
    size_t n = self->len, i = 0, start = 0;
    int rc = 0;
    while (i < n && rc == 0) {
        int adv;
        unsigned c = utf8_decode(d + i, &adv);
        if (!is_line_break(c)) {
            i += adv;
            continue;
        }
        size_t eol = i;
        i += adv;
        if (c == '\r' && i < n && d[i] == '\n')
            i++;
        rc = push_piece(ts, l, d + start, (keep ? i : eol) - start);
        start = i;
    }
    if (rc == 0 && start < n)
        rc = push_piece(ts, l, d + start, n - start);
    UNPROTECT(ts, 1);
    return rc < 0 ? ERR_VAL : OBJ_VAL(l);
}

/* Append item [i] of a join, after the separator [sep] unless it is the
 * first.  0, or -1 with TypeError pending when [item] is not a str. */
static int join_item(ThreadState *ts, StrBuf *sb, const ObjStr *sep, size_t i,
                     Value item)
{
    if (!IS_STR(item)) {
        RAISE(ts, TypeError,
              "sequence item %zu: expected str instance, %s found", i,
              obj_type_name(ts, item));
        return -1;
    }
    if (i)
        sb_append(sb, sep->data, sep->len);
    sb_append(sb, AS_STR(item)->data, AS_STR(item)->len);
    return 0;
}

static Value m_join(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    SELF("join");
    if (check_args(ts, "join", argc, kw, 1, 1) < 0)
        return ERR_VAL;
    StrBuf sb;
    sb_init(&sb);
    Value seq = argv[1];
    if (IS_LIST(seq) || IS_TUPLE(seq)) {
        size_t n = IS_LIST(seq) ? AS_LIST(seq)->len : AS_TUPLE(seq)->len;
        for (size_t i = 0; i < n; i++) {
            /* Nothing in this loop allocates or runs code, so the list
             * cannot change under us. */
            Value item = IS_LIST(seq) ? AS_LIST(seq)->items[i]
                                      : AS_TUPLE(seq)->items[i];
            if (join_item(ts, &sb, self, i, item) < 0) {
                sb_free(&sb);
                return ERR_VAL;
            }
        }
        return buf_result(ts, &sb);
    }
    Value it = obj_iter(ts, seq);
    if (IS_ERR(it)) {
        if (exc_matches(ts, TYPE(ts, TypeError))) {
            exc_clear(ts);
            return RAISE(ts, TypeError, "can only join an iterable");
        }
        return ERR_VAL;
    }
    PROTECT(ts, it);
    size_t i = 0;
    while (true) {
        Value item;
        int r = obj_next(ts, it, &item);
        if (r < 0) {
            UNPROTECT(ts, 1);
            sb_free(&sb);
            return ERR_VAL;
        }
        if (r == 0)
            break;
        if (join_item(ts, &sb, self, i, item) < 0) {
            UNPROTECT(ts, 1);
            sb_free(&sb);
            return ERR_VAL;
        }
        i++;
    }
    UNPROTECT(ts, 1);
    return buf_result(ts, &sb);
}

/* Does [chars] (a str, or NULL for whitespace) contain code point [c]? */
static bool in_chars(ObjStr *chars, unsigned c)
{
    if (!chars)
        return cp_isspace(c);
    for (size_t i = 0; i < chars->len;) {
        int adv;
        if (utf8_decode(chars->data + i, &adv) == c)
            return true;
        i += adv;
    }
    return false;
}

static Value strip_common(ThreadState *ts, const char *name, int argc,
                          Value *argv, ObjTuple *kw, bool left, bool right)
{
    if (check_args(ts, name, argc, kw, 0, 1) < 0)
        return ERR_VAL;
    ObjStr *self = AS_STR(argv[0]);
    ObjStr *chars = NULL;
    if (argc > 1 && !IS_NONE(argv[1])) {
        if (!IS_STR(argv[1]))
            return RAISE(ts, TypeError, "%s arg must be None or str", name);
        chars = AS_STR(argv[1]);
    }
    const char *d = self->data;
    size_t a = 0, b = self->len;
    if (left) {
        while (a < b) {
            int adv;
            if (!in_chars(chars, utf8_decode(d + a, &adv)))
                break;
            a += adv;
        }
    }
    if (right) {
        while (b > a) {
            size_t k = b - 1;
            while (k > a && ((unsigned char)d[k] & 0xC0) == 0x80)
                k--;
            int adv;
            if (!in_chars(chars, utf8_decode(d + k, &adv)))
                break;
            b = k;
        }
    }
    if (a == 0 && b == self->len)
        return OBJ_VAL(self);
    StrBuf sb;
    sb_init(&sb);
    sb_append(&sb, d + a, b - a);
    return buf_result(ts, &sb);
}

static Value m_strip(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    SELF("strip");
    (void)self;
    return strip_common(ts, "strip", argc, argv, kw, true, true);
}

static Value m_lstrip(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    SELF("lstrip");
    (void)self;
    return strip_common(ts, "lstrip", argc, argv, kw, true, false);
}

static Value m_rstrip(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    SELF("rstrip");
    (void)self;
    return strip_common(ts, "rstrip", argc, argv, kw, false, true);
}

enum CaseMode { CASE_UPPER, CASE_LOWER, CASE_SWAP, CASE_TITLE, CASE_CAP,
                CASE_FOLD };

static void put_upper(StrBuf *sb, unsigned c)
{
    if (c == 0xDF)
        sb_puts(sb, "SS");
    else
        sb_put_codepoint(sb, cp_upper(c));
}

/* U+0130 (I with dot above) lowers to two code points. */
static void put_lower(StrBuf *sb, unsigned c)
{
    if (c == 0x130) {
        sb_putc(sb, 'i');
        sb_put_codepoint(sb, 0x307);
    } else {
        sb_put_codepoint(sb, cp_lower(c));
    }
}

static Value case_map(ThreadState *ts, const char *name, int argc, Value *argv,
                      ObjTuple *kw, enum CaseMode mode)
{
    if (check_args(ts, name, argc, kw, 0, 0) < 0)
        return ERR_VAL;
    ObjStr *self = AS_STR(argv[0]);
    StrBuf sb;
    sb_init(&sb);
    bool prev_cased = false, first = true;
    for (size_t i = 0; i < self->len;) {
        int adv;
        unsigned c = utf8_decode(self->data + i, &adv);
        i += adv;
        switch (mode) {
        case CASE_UPPER:
            put_upper(&sb, c);
            break;
        case CASE_LOWER:
            put_lower(&sb, c);
            break;
        case CASE_FOLD:
            if (c == 0xDF)
                sb_puts(&sb, "ss");
            else
                put_lower(&sb, c);
            break;
        case CASE_SWAP:
            if (cp_isupper(c))
                put_lower(&sb, c);
            else if (cp_islower(c))
                put_upper(&sb, c);
            else
                sb_put_codepoint(&sb, c);
            break;
        case CASE_TITLE:
            if (prev_cased)
                put_lower(&sb, c);
            else if (c == 0xDF)
                sb_puts(&sb, "Ss");
            else
                sb_put_codepoint(&sb, cp_upper(c));
            prev_cased = cp_iscased(c);
            break;
        case CASE_CAP:
            if (!first)
                put_lower(&sb, c);
            else if (c == 0xDF)
                sb_puts(&sb, "Ss");
            else
                sb_put_codepoint(&sb, cp_upper(c));
            break;
        }
        first = false;
    }
    return buf_result(ts, &sb);
}

#define CASE_METHOD(fn, name, mode)                                            \
    static Value fn(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)      \
    {                                                                          \
        SELF(name);                                                            \
        (void)self;                                                            \
        return case_map(ts, name, argc, argv, kw, mode);                       \
    }
CASE_METHOD(m_upper, "upper", CASE_UPPER)
CASE_METHOD(m_lower, "lower", CASE_LOWER)
CASE_METHOD(m_swapcase, "swapcase", CASE_SWAP)
CASE_METHOD(m_title, "title", CASE_TITLE)
CASE_METHOD(m_capitalize, "capitalize", CASE_CAP)
CASE_METHOD(m_casefold, "casefold", CASE_FOLD)

/* isdigit & co: true when non-empty and every code point passes. */
static Value all_chars(ThreadState *ts, const char *name, int argc,
                       Value *argv, ObjTuple *kw, bool (*pred)(unsigned))
{
    if (check_args(ts, name, argc, kw, 0, 0) < 0)
        return ERR_VAL;
    ObjStr *self = AS_STR(argv[0]);
    if (self->len == 0)
        return FALSE_VAL;
    for (size_t i = 0; i < self->len;) {
        int adv;
        if (!pred(utf8_decode(self->data + i, &adv)))
            return FALSE_VAL;
        i += adv;
    }
    return TRUE_VAL;
}

#define PRED_METHOD(fn, name, pred)                                            \
    static Value fn(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)      \
    {                                                                          \
        SELF(name);                                                            \
        (void)self;                                                            \
        return all_chars(ts, name, argc, argv, kw, pred);                      \
    }
PRED_METHOD(m_isdigit, "isdigit", cp_isdigit)
PRED_METHOD(m_isdecimal, "isdecimal", cp_isdecimal)
PRED_METHOD(m_isnumeric, "isnumeric", cp_isnumeric)
PRED_METHOD(m_isalpha, "isalpha", cp_isalpha)
PRED_METHOD(m_isalnum, "isalnum", cp_isalnum)
PRED_METHOD(m_isspace, "isspace", cp_isspace)

static Value m_isprintable(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    SELF("isprintable");
    if (check_args(ts, "isprintable", argc, kw, 0, 0) < 0)
        return ERR_VAL;
    for (size_t i = 0; i < self->len;) {
        int adv;
        if (!cp_isprintable(utf8_decode(self->data + i, &adv)))
            return FALSE_VAL;
        i += adv;
    }
    return TRUE_VAL;
}

static Value m_isascii(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    SELF("isascii");
    if (check_args(ts, "isascii", argc, kw, 0, 0) < 0)
        return ERR_VAL;
    return BOOL_VAL(self->ascii);
}

/* isupper/islower: at least one cased character and none of the other
 * case. */
static Value case_test(ThreadState *ts, const char *name, int argc,
                       Value *argv, ObjTuple *kw, bool upper)
{
    if (check_args(ts, name, argc, kw, 0, 0) < 0)
        return ERR_VAL;
    ObjStr *self = AS_STR(argv[0]);
    bool cased = false;
    for (size_t i = 0; i < self->len;) {
        int adv;
        unsigned c = utf8_decode(self->data + i, &adv);
        i += adv;
        if (upper ? cp_islower(c) : cp_isupper(c))
            return FALSE_VAL;
        if (upper ? cp_isupper(c) : cp_islower(c))
            cased = true;
    }
    return BOOL_VAL(cased);
}

static Value m_isupper(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    SELF("isupper");
    (void)self;
    return case_test(ts, "isupper", argc, argv, kw, true);
}

static Value m_islower(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    SELF("islower");
    (void)self;
    return case_test(ts, "islower", argc, argv, kw, false);
}

static Value m_istitle(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    SELF("istitle");
    if (check_args(ts, "istitle", argc, kw, 0, 0) < 0)
        return ERR_VAL;
    bool prev_cased = false, any = false;
    for (size_t i = 0; i < self->len;) {
        int adv;
        unsigned c = utf8_decode(self->data + i, &adv);
        i += adv;
        if (cp_isupper(c)) {
            if (prev_cased)
                return FALSE_VAL;
            prev_cased = any = true;
        } else if (cp_islower(c)) {
            if (!prev_cased)
                return FALSE_VAL;
            prev_cased = any = true;
        } else {
            prev_cased = false;
        }
    }
    return BOOL_VAL(any);
}

static Value m_isidentifier(ThreadState *ts, int argc, Value *argv,
                            ObjTuple *kw)
{
    SELF("isidentifier");
    if (check_args(ts, "isidentifier", argc, kw, 0, 0) < 0)
        return ERR_VAL;
    if (self->len == 0)
        return FALSE_VAL;
    bool first = true;
    for (size_t i = 0; i < self->len;) {
        int adv;
        unsigned c = utf8_decode(self->data + i, &adv);
        i += adv;
        bool ok = c == '_' || cp_isalpha(c) || (!first && cp_isdecimal(c));
        if (!ok)
            return FALSE_VAL;
        first = false;
    }
    return TRUE_VAL;
}

static int match_at(ObjStr *self, size_t a, size_t b, ObjStr *p, bool end)
{
    if (b - a < p->len)
        return 0;
    const char *at = end ? self->data + b - p->len : self->data + a;
    return memcmp(at, p->data, p->len) == 0;
}

static Value affix_common(ThreadState *ts, const char *name, int argc,
                          Value *argv, ObjTuple *kw, bool end)
{
    if (check_search_args(ts, name, argc, kw) < 0)
        return ERR_VAL;
    ObjStr *self = AS_STR(argv[0]);
    Value pre = argv[1];
    if (!IS_STR(pre) && !IS_TUPLE(pre))
        return RAISE(ts, TypeError,
                     "%s first arg must be str or a tuple of str, not %s", name,
                     obj_type_name(ts, pre));
    size_t a, b;
    bool empty;
    if (range_args(ts, self, argc > 2 ? argv[2] : UNDEF_VAL,
                   argc > 3 ? argv[3] : UNDEF_VAL, &a, &b, &empty) < 0)
        return ERR_VAL;
    if (IS_STR(pre))
        return BOOL_VAL(!empty && match_at(self, a, b, AS_STR(pre), end));
    ObjTuple *t = AS_TUPLE(pre);
    for (size_t i = 0; i < t->len; i++) {
        if (!IS_STR(t->items[i]))
            return RAISE(ts, TypeError,
                         "tuple for %s must only contain str, not %s", name,
                         obj_type_name(ts, t->items[i]));
        if (!empty && match_at(self, a, b, AS_STR(t->items[i]), end))
            return TRUE_VAL;
    }
    return FALSE_VAL;
}

static Value m_startswith(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    SELF("startswith");
    (void)self;
    return affix_common(ts, "startswith", argc, argv, kw, false);
}

static Value m_endswith(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    SELF("endswith");
    (void)self;
    return affix_common(ts, "endswith", argc, argv, kw, true);
}

static int width_arg(ThreadState *ts, Value v, int64_t *out)
{
    if (!num_is_int(v) && !IS_INSTANCE(v)) {
        RAISE(ts, TypeError, "'%s' object cannot be interpreted as an integer",
              obj_type_name(ts, v));
        return -1;
    }
    return obj_as_index(ts, v, out) < 0 ? -1 : 0;
}

/* ljust/rjust/center: [how] is '<', '>' or '^'. */
static Value pad_common(ThreadState *ts, const char *name, int argc,
                        Value *argv, ObjTuple *kw, char how)
{
    if (check_args(ts, name, argc, kw, 1, 2) < 0)
        return ERR_VAL;
    ObjStr *self = AS_STR(argv[0]);
    int64_t width;
    if (width_arg(ts, argv[1], &width) < 0)
        return ERR_VAL;
    const char *fill = " ";
    size_t fill_len = 1;
    if (argc > 2) {
        if (!IS_STR(argv[2]))
            return RAISE(ts, TypeError,
                         "%s() argument 2 must be str, not %s", name,
                         obj_type_name(ts, argv[2]));
        if (AS_STR(argv[2])->nchars != 1)
            return RAISE(ts, TypeError,
                         "The fill character must be exactly one character long");
        fill = AS_STR(argv[2])->data;
        fill_len = AS_STR(argv[2])->len;
    }
    int64_t n = (int64_t)self->nchars;
    if (width <= n)
        return OBJ_VAL(self);
    int64_t marg = width - n, left;
    if (how == '<')
        left = 0;
    else if (how == '>')
        left = marg;
    else
        left = marg / 2 + (marg & width & 1);
    StrBuf sb;
    sb_init(&sb);
    if ((uint64_t)marg > (SIZE_MAX / 4 - self->len) / fill_len)
        sb.failed = true;
    if (!sb_reserve(&sb, (size_t)marg * fill_len + self->len))
        return buf_result(ts, &sb); /* MemoryError */
    for (int64_t i = 0; i < left; i++)
        sb_append(&sb, fill, fill_len);
    sb_append(&sb, self->data, self->len);
    for (int64_t i = 0; i < marg - left; i++)
        sb_append(&sb, fill, fill_len);
    return buf_result(ts, &sb);
}

static Value m_ljust(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    SELF("ljust");
    (void)self;
    return pad_common(ts, "ljust", argc, argv, kw, '<');
}

static Value m_rjust(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    SELF("rjust");
    (void)self;
    return pad_common(ts, "rjust", argc, argv, kw, '>');
}

static Value m_center(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    SELF("center");
    (void)self;
    return pad_common(ts, "center", argc, argv, kw, '^');
}

static Value m_zfill(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    SELF("zfill");
    if (check_args(ts, "zfill", argc, kw, 1, 1) < 0)
        return ERR_VAL;
    int64_t width;
    if (width_arg(ts, argv[1], &width) < 0)
        return ERR_VAL;
    int64_t n = (int64_t)self->nchars;
    if (width <= n)
        return OBJ_VAL(self);
    StrBuf sb;
    sb_init(&sb);
    if ((uint64_t)(width - n) > SIZE_MAX / 4 - self->len)
        sb.failed = true;
    if (!sb_reserve(&sb, (size_t)(width - n) + self->len))
        return buf_result(ts, &sb); /* MemoryError */
    size_t i = 0;
    if (self->len && (self->data[0] == '+' || self->data[0] == '-')) {
        sb_putc(&sb, self->data[0]);
        i = 1;
    }
    for (int64_t k = 0; k < width - n; k++)
        sb_putc(&sb, '0');
    sb_append(&sb, self->data + i, self->len - i);
    return buf_result(ts, &sb);
}

static Value m_expandtabs(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    SELF("expandtabs");
    static const ArgSpec spec = {"expandtabs", 1, 0, {"tabsize"}};
    Value a[1];
    if (args_parse(ts, &spec, argc - 1, argv + 1, kw, a) < 0)
        return ERR_VAL;
    int64_t tab = 8;
    if (!IS_UNDEF(a[0]) && width_arg(ts, a[0], &tab) < 0)
        return ERR_VAL;
    StrBuf sb;
    sb_init(&sb);
    int64_t col = 0;
    for (size_t i = 0; i < self->len;) {
        int adv;
        unsigned c = utf8_decode(self->data + i, &adv);
        if (c == '\t') {
            if (tab > 0) {
                int64_t k = tab - col % tab;
                for (int64_t j = 0; j < k; j++)
                    sb_putc(&sb, ' ');
                col += k;
            }
        } else {
            sb_append(&sb, self->data + i, (size_t)adv);
            col = (c == '\n' || c == '\r') ? 0 : col + 1;
        }
        i += adv;
    }
    return buf_result(ts, &sb);
}

static Value partition_common(ThreadState *ts, const char *name, int argc,
                              Value *argv, ObjTuple *kw, bool right)
{
    if (check_args(ts, name, argc, kw, 1, 1) < 0)
        return ERR_VAL;
    ObjStr *self = AS_STR(argv[0]);
    ObjStr *sep = arg_str(ts, argv[1], "must be str, not %s");
    if (!sep)
        return ERR_VAL;
    if (sep->len == 0)
        return RAISE(ts, ValueError, "empty separator");
    const char *q = right ? find_back(self->data, self->len, sep->data, sep->len)
                          : memmem(self->data, self->len, sep->data, sep->len);
    ObjTuple *t = tuple_new(ts, 3);
    if (!t)
        return ERR_VAL;
    PROTECT_OBJ(ts, t);
    Value empty = new_str_val(ts, "", 0);
    if (IS_ERR(empty)) {
        UNPROTECT(ts, 1);
        return ERR_VAL;
    }
    t->items[1] = empty;
    Value parts[3];
    if (!q) {
        parts[0] = right ? empty : OBJ_VAL(self);
        parts[1] = empty;
        parts[2] = right ? OBJ_VAL(self) : empty;
    } else {
        size_t off = (size_t)(q - self->data);
        parts[0] = new_str_val(ts, self->data, off);
        if (!IS_ERR(parts[0]))
            t->items[0] = parts[0];
        parts[1] = OBJ_VAL(sep);
        parts[2] = new_str_val(ts, self->data + off + sep->len,
                               self->len - off - sep->len);
    }
    UNPROTECT(ts, 1);
    if (IS_ERR(parts[0]) || IS_ERR(parts[2]))
        return ERR_VAL;
    for (int i = 0; i < 3; i++)
        t->items[i] = parts[i];
    return OBJ_VAL(t);
}

static Value m_partition(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    SELF("partition");
    (void)self;
    return partition_common(ts, "partition", argc, argv, kw, false);
}

static Value m_rpartition(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    SELF("rpartition");
    (void)self;
    return partition_common(ts, "rpartition", argc, argv, kw, true);
}

static Value m_removeprefix(ThreadState *ts, int argc, Value *argv,
                            ObjTuple *kw)
{
    SELF("removeprefix");
    if (check_args(ts, "removeprefix", argc, kw, 1, 1) < 0)
        return ERR_VAL;
    ObjStr *p = arg_str(ts, argv[1], "removeprefix() argument must be str, not %s");
    if (!p)
        return ERR_VAL;
    if (p->len && match_at(self, 0, self->len, p, false))
        return new_str_val(ts, self->data + p->len, self->len - p->len);
    return OBJ_VAL(self);
}

static Value m_removesuffix(ThreadState *ts, int argc, Value *argv,
                            ObjTuple *kw)
{
    SELF("removesuffix");
    if (check_args(ts, "removesuffix", argc, kw, 1, 1) < 0)
        return ERR_VAL;
    ObjStr *p = arg_str(ts, argv[1], "removesuffix() argument must be str, not %s");
    if (!p)
        return ERR_VAL;
    if (p->len && match_at(self, 0, self->len, p, true)) {
        StrBuf sb;
        sb_init(&sb);
        sb_append(&sb, self->data, self->len - p->len);
        return buf_result(ts, &sb);
    }
    return OBJ_VAL(self);
}

static Value m_format(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    SELF("format");
    return format_str_format(ts, self, argc - 1, argv + 1, kw);
}

static Value m_format_map(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    SELF("format_map");
    if (check_args(ts, "format_map", argc, kw, 1, 1) < 0)
        return ERR_VAL;
    return format_str_format_map(ts, self, argv[1]);
}

static bool encoding_is(const char *enc, const char *want)
{
    /* Codec names compare case-insensitively with '-' and '_' alike. */
    for (; *enc && *want; enc++, want++) {
        char a = *enc, b = *want;
        if (a >= 'A' && a <= 'Z')
            a += 32;
        if (a == '_')
            a = '-';
        if (a != b)
            return false;
    }
    return *enc == *want;
}

/* 0 utf-8, 1 ascii, 2 latin-1, -1 unknown (LookupError raised).  [fname]
 * ("encode", "decode") names the method in the TypeError. */
static int codec_of(ThreadState *ts, Value enc, const char *fname)
{
    if (IS_UNDEF(enc))
        return 0;
    if (!IS_STR(enc)) {
        RAISE(ts, TypeError, "%s() argument 'encoding' must be str, not %s",
              fname, obj_type_name(ts, enc));
        return -1;
    }
    const char *e = AS_STR(enc)->data;
    if (encoding_is(e, "utf-8") || encoding_is(e, "utf8"))
        return 0;
    if (encoding_is(e, "ascii") || encoding_is(e, "us-ascii"))
        return 1;
    if (encoding_is(e, "latin-1") || encoding_is(e, "latin1") ||
        encoding_is(e, "iso-8859-1"))
        return 2;
    RAISE(ts, LookupError, "unknown encoding: %s", e);
    return -1;
}

static Value bytes_val(ObjBytes *b)
{
    return b ? OBJ_VAL(b) : ERR_VAL;
}

Value str_encode(ThreadState *ts, ObjStr *s, Value encoding)
{
    int codec = codec_of(ts, encoding, "encode");
    if (codec < 0)
        return ERR_VAL;
    if (codec == 0 || s->ascii)
        return bytes_val(bytes_new(ts, s->data, s->len));
    StrBuf sb;
    sb_init(&sb);
    size_t pos = 0;
    for (size_t i = 0; i < s->len; pos++) {
        int adv;
        unsigned c = utf8_decode(s->data + i, &adv);
        i += adv;
        unsigned limit = codec == 1 ? 0x80 : 0x100;
        if (c >= limit) {
            sb_free(&sb);
            StrBuf ch;
            sb_init(&ch);
            put_escaped(&ch, c, true);
            RAISE(ts, UnicodeEncodeError,
                  "'%s' codec can't encode character '%s' in position %zu: "
                  "ordinal not in range(%u)",
                  codec == 1 ? "ascii" : "latin-1", ch.data, pos, limit);
            sb_free(&ch);
            return ERR_VAL;
        }
        sb_putc(&sb, (char)c);
    }
    Value r = bytes_val(bytes_new(ts, sb.data, sb.len));
    sb_free(&sb);
    return r;
}

static Value m_encode(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    SELF("encode");
    static const ArgSpec spec = {"encode", 2, 0, {"encoding", "errors"}};
    Value a[2];
    if (args_parse(ts, &spec, argc - 1, argv + 1, kw, a) < 0)
        return ERR_VAL;
    return str_encode(ts, self, a[0]);
}

Value str_decode(ThreadState *ts, const ObjBytes *b, Value enc)
{
    int codec = codec_of(ts, enc, "decode");
    if (codec < 0)
        return ERR_VAL;
    StrBuf sb;
    sb_init(&sb);
    for (size_t i = 0; i < b->len; i++) {
        unsigned c = b->data[i];
        if (c >= 0x80 && codec != 2) {
            if (codec == 0) {
                /* Validate the rest in one go. */
                if (utf8_valid((const char *)b->data, b->len)) {
                    sb_free(&sb);
                    return new_str_val(ts, (const char *)b->data, b->len);
                }
                sb_free(&sb);
                return RAISE(ts, UnicodeDecodeError,
                             "'utf-8' codec can't decode byte 0x%02x in "
                             "position %zu: invalid start byte",
                             c, i);
            }
            sb_free(&sb);
            return RAISE(ts, UnicodeDecodeError,
                         "'ascii' codec can't decode byte 0x%02x in position "
                         "%zu: ordinal not in range(128)",
                         c, i);
        }
        sb_put_codepoint(&sb, c);
    }
    return buf_result(ts, &sb);
}

/* str.maketrans(x[, y[, z]]): a dict from code points to replacements. */
static Value m_maketrans(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    if (args_positional(ts, "maketrans", argc, kw, 1, 3) < 0)
        return ERR_VAL;
    ObjDict *d = dict_new(ts);
    if (!d)
        return ERR_VAL;
    PROTECT_OBJ(ts, d);
    int rc = 0;
    if (argc == 1) {
        if (!IS_DICT(argv[0])) {
            UNPROTECT(ts, 1);
            return RAISE(ts, TypeError, "if you give only one argument to "
                                        "maketrans it must be a dict");
        }
        size_t pos = 0;
        Value k, v;
        while (rc == 0 && dict_next(AS_DICT(argv[0]), &pos, &k, &v)) {
            if (IS_STR(k)) {
                if (AS_STR(k)->nchars != 1) {
                    UNPROTECT(ts, 1);
                    return RAISE(ts, ValueError, "string keys in translate "
                                                 "table must be of length 1");
                }
                k = INT_VAL(str_codepoint_at(AS_STR(k), 0));
            } else if (!num_is_int(k)) {
                UNPROTECT(ts, 1);
                return RAISE(ts, TypeError, "keys in translate table must be "
                                            "strings or integers");
            }
            rc = dict_set(ts, d, k, v);
        }
    } else {
        if (!IS_STR(argv[0]) || !IS_STR(argv[1]) ||
            (argc > 2 && !IS_STR(argv[2]))) {
            UNPROTECT(ts, 1);
            return RAISE(ts, TypeError, "maketrans() arguments must be str");
        }
        ObjStr *x = AS_STR(argv[0]), *y = AS_STR(argv[1]);
        if (x->nchars != y->nchars) {
            UNPROTECT(ts, 1);
            return RAISE(ts, ValueError, "the first two maketrans arguments "
                                         "must have equal length");
        }
        for (size_t i = 0; rc == 0 && i < x->nchars; i++)
            rc = dict_set(ts, d, INT_VAL(str_codepoint_at(x, i)),
                          INT_VAL(str_codepoint_at(y, i)));
        if (argc > 2)
            for (size_t i = 0; rc == 0 && i < AS_STR(argv[2])->nchars; i++)
                rc = dict_set(ts, d, INT_VAL(str_codepoint_at(AS_STR(argv[2]), i)),
                              NONE_VAL);
    }
    UNPROTECT(ts, 1);
    return rc < 0 ? ERR_VAL : OBJ_VAL(d);
}

/* s.translate(table): table[ord(c)] is a str, an ordinal or None
 * (delete); characters the table lacks (LookupError) stay. */
static Value m_translate(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    SELF("translate");
    if (check_args(ts, "translate", argc, kw, 1, 1) < 0)
        return ERR_VAL;
    StrBuf sb;
    sb_init(&sb);
    for (size_t i = 0; i < self->len;) {
        int adv;
        unsigned c = utf8_decode(self->data + i, &adv);
        Value r = obj_getitem(ts, argv[1], INT_VAL(c));
        if (IS_ERR(r)) {
            if (!exc_matches(ts, TYPE(ts, LookupError))) {
                sb_free(&sb);
                return ERR_VAL;
            }
            exc_clear(ts);
            sb_append(&sb, self->data + i, (size_t)adv);
        } else if (IS_STR(r)) {
            sb_append(&sb, AS_STR(r)->data, AS_STR(r)->len);
        } else if (IS_INT(r) && AS_INT(r) >= 0 && AS_INT(r) <= 0x10FFFF) {
            sb_put_codepoint(&sb, (unsigned)AS_INT(r));
        } else if (num_is_int(r)) {
            sb_free(&sb);
            return RAISE(ts, ValueError,
                         "character mapping must be in range(0x110000)");
        } else if (!IS_NONE(r)) {
            sb_free(&sb);
            return RAISE(ts, TypeError,
                         "character mapping must return integer, None or str");
        }
        i += (size_t)adv;
    }
    return buf_result(ts, &sb);
}

static Value str_construct(ThreadState *ts, ObjClass *cls, int argc,
                           Value *argv, ObjTuple *kwnames)
{
    static const ArgSpec spec = {"str", 3, 0, {"object", "encoding", "errors"}};
    Value a[3];
    if (args_parse(ts, &spec, argc, argv, kwnames, a) < 0)
        return ERR_VAL;
    Value r;
    if (IS_UNDEF(a[0])) {
        r = new_str_val(ts, "", 0);
    } else if (!IS_UNDEF(a[1]) || !IS_UNDEF(a[2])) {
        for (int i = 1; i <= 2; i++)
            if (!IS_UNDEF(a[i]) && !IS_STR(a[i]))
                return RAISE(ts, TypeError, "str() argument '%s' must be str, not %s",
                             i == 1 ? "encoding" : "errors",
                             obj_type_name(ts, a[i]));
        if (!IS_KIND(a[0], OBJ_BYTES))
            return RAISE(ts, TypeError,
                         "decoding to str: need a bytes-like object, %s found",
                         obj_type_name(ts, a[0]));
        r = str_decode(ts, AS_BYTES(a[0]), a[1]);
    } else {
        r = obj_str(ts, a[0]);
    }
    if (IS_ERR(r) || cls == TYPE(ts, STR))
        return r;
    /* A subclass of str: same text, the subclass as its class. */
    PROTECT(ts, r);
    ObjStr *s = str_make(ts, cls, AS_STR(r)->data, AS_STR(r)->len);
    UNPROTECT(ts, 1);
    return s ? OBJ_VAL(s) : ERR_VAL;
}

void str_register(ThreadState *ts)
{
    ObjClass *c = TYPE(ts, STR);
    c->construct = str_construct;
    static const struct {
        const char *name;
        NativeFn fn;
    } methods[] = {
        {"find", m_find},
        {"rfind", m_rfind},
        {"index", m_index},
        {"rindex", m_rindex},
        {"count", m_count},
        {"replace", m_replace},
        {"split", m_split},
        {"rsplit", m_rsplit},
        {"splitlines", m_splitlines},
        {"join", m_join},
        {"strip", m_strip},
        {"lstrip", m_lstrip},
        {"rstrip", m_rstrip},
        {"upper", m_upper},
        {"lower", m_lower},
        {"swapcase", m_swapcase},
        {"title", m_title},
        {"capitalize", m_capitalize},
        {"casefold", m_casefold},
        {"isdigit", m_isdigit},
        {"isdecimal", m_isdecimal},
        {"isnumeric", m_isnumeric},
        {"isalpha", m_isalpha},
        {"isalnum", m_isalnum},
        {"isspace", m_isspace},
        {"isprintable", m_isprintable},
        {"isascii", m_isascii},
        {"isupper", m_isupper},
        {"islower", m_islower},
        {"istitle", m_istitle},
        {"isidentifier", m_isidentifier},
        {"startswith", m_startswith},
        {"endswith", m_endswith},
        {"ljust", m_ljust},
        {"rjust", m_rjust},
        {"center", m_center},
        {"zfill", m_zfill},
        {"expandtabs", m_expandtabs},
        {"partition", m_partition},
        {"rpartition", m_rpartition},
        {"removeprefix", m_removeprefix},
        {"removesuffix", m_removesuffix},
        {"format", m_format},
        {"format_map", m_format_map},
        {"__format__", format_method},
        {"translate", m_translate},
        {"encode", m_encode},
    };
    for (size_t i = 0; i < sizeof methods / sizeof methods[0]; i++)
        class_add_native(ts, c, methods[i].name, methods[i].fn);
    class_add_static(ts, c, "maketrans", m_maketrans);
}
