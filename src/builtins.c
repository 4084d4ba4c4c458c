/* builtins.c - the builtins module: print, len, min, zip and friends.
 *
 * Every function here is a NativeFn.  Two things are worth knowing before
 * reading on:
 *
 *  - Roots.  A Value kept in a C local across anything that allocates must
 *    be on the root stack.  When such a value changes inside a loop (the
 *    running total of sum(), the best item of max()), the code remembers
 *    the root slot and rewrites it (root_set) rather than pushing again.
 *
 *  - Iterator builtins (enumerate, zip, map, filter, reversed, the
 *    two-argument iter) are ObjIter objects from iter.h: their live values
 *    sit in ObjIter.state[], which the collector marks, and a plain
 *    counter sits in ObjIter.index.
 *
 * open() and the file objects it returns live in file.c.
 */
#include "builtins.h"

#include <errno.h>
#include <math.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "args.h"
#include "class.h"
#include "code.h"
#include "dict.h"
#include "exc.h"
#include "file.h"
#include "format.h"
#include "gc.h"
#include "iter.h"
#include "list.h"
#include "num.h"
#include "ops.h"
#include "range.h"
#include "run.h"
#include "set.h"
#include "str.h"
#include "tuple.h"
#include "vm.h"

/* ---------------------------------------------------------------- helpers */

static size_t root_push(ThreadState *ts, Value v)
{
    size_t slot = ts->roots.len;
    PROTECT(ts, v);
    return slot;
}

static void root_set(ThreadState *ts, size_t slot, Value v)
{
    ts->roots.items[slot] = v;
}

static bool kw_is(ObjTuple *kwnames, size_t i, const char *name)
{
    return strcmp(AS_STR(kwnames->items[i])->data, name) == 0;
}

int module_add_value(ThreadState *ts, ObjModule *mod, const char *name,
                     Value v)
{
    PROTECT(ts, v);
    int r = dict_set_cstr(ts, mod->dict, name, v);
    UNPROTECT(ts, 1);
    return r;
}

static int dict_add_fn(ThreadState *ts, ObjDict *d, const char *name,
                       NativeFn fn)
{
    ObjStr *key = str_intern_cstr(ts, name);
    if (!key)
        return -1;
    PROTECT_OBJ(ts, key);
    ObjNative *nat = native_new(ts, name, fn);
    if (!nat) {
        UNPROTECT(ts, 1);
        return -1;
    }
    PROTECT_OBJ(ts, nat);
    int r = dict_set_str(ts, d, key, OBJ_VAL(nat));
    UNPROTECT(ts, 2);
    return r;
}

int module_add_fn(ThreadState *ts, ObjModule *mod, const char *name,
                  NativeFn fn)
{
    return dict_add_fn(ts, mod->dict, name, fn);
}

int module_add_fns(ThreadState *ts, ObjModule *mod, const ModuleFn *fns,
                   size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (module_add_fn(ts, mod, fns[i].name, fns[i].fn) < 0)
            return -1;
    return 0;
}

ObjClass *module_add_class(ThreadState *ts, ObjModule *mod, const char *name,
                           const char *attr, const ModuleFn *methods,
                           size_t n)
{
    ObjStr *sname = str_intern_cstr(ts, name);
    if (!sname)
        return NULL;
    PROTECT_OBJ(ts, sname);
    ObjClass *cls = class_new(ts, sname, NULL, NULL);
    UNPROTECT(ts, 1);
    if (!cls)
        return NULL;
    cls->is_builtin = true;
    cls->instance_kind = OBJ_NATIVE_DATA; /* made only by this module */
    PROTECT_OBJ(ts, cls);
    class_add_value(ts, cls, "__module__", OBJ_VAL(mod->name));
    for (size_t i = 0; i < n; i++) {
        if (methods[i].name[0] == '@')
            class_add_getter(ts, cls, methods[i].name + 1, methods[i].fn);
        else
            class_add_native(ts, cls, methods[i].name, methods[i].fn);
    }
    class_update_slots(ts, cls);
    module_add_value(ts, mod, attr, OBJ_VAL(cls));
    UNPROTECT(ts, 1);
    return cls;
}

void *native_data_of(Value v, const NativeDataType *type)
{
    if (IS_KIND(v, OBJ_NATIVE_DATA) && AS_NATIVE_DATA(v)->type == type)
        return AS_NATIVE_DATA(v)->data;
    return NULL;
}

ObjClass *native_module_class(ThreadState *ts, const char *module,
                              const char *name)
{
    Value mod, cls;
    ObjStr *key = str_intern_cstr(ts, module);
    if (!key || !dict_get_str(ts->interp->modules, key, &mod) ||
        !IS_KIND(mod, OBJ_MODULE))
        return NULL;
    ObjStr *k = str_intern_cstr(ts, name);
    if (!k || !dict_get_str(AS_MODULE(mod)->dict, k, &cls) ||
        !IS_KIND(cls, OBJ_CLASS))
        return NULL;
    return AS_CLASS(cls);
}

int builtins_seconds_arg(ThreadState *ts, Value v, double *out)
{
    if (IS_FLOAT(v)) {
        *out = AS_FLOAT(v);
        return 0;
    }
    if (num_is_int(v))
        return int_to_double(ts, v, out) ? 0 : -1;
    RAISE(ts, TypeError, "'%s' object cannot be interpreted as an integer",
          obj_type_name(ts, v));
    return -1;
}

ObjModule *module_new(ThreadState *ts, const char *name)
{
    ObjDict *d = dict_new(ts);
    if (!d)
        return NULL;
    PROTECT_OBJ(ts, d);
    ObjStr *sname = str_intern_cstr(ts, name);
    if (!sname) {
        UNPROTECT(ts, 1);
        return NULL;
    }
    PROTECT_OBJ(ts, sname);
    ObjModule *mod = gc_alloc(ts, sizeof(ObjModule), OBJ_MODULE,
                              TYPE(ts, MODULE));
    if (!mod) {
        UNPROTECT(ts, 2);
        return NULL;
    }
    mod->name = sname;
    mod->dict = d;
    PROTECT_OBJ(ts, mod);
    if (dict_set_str(ts, d, NAME(ts, name), OBJ_VAL(sname)) < 0 ||
        dict_set_str(ts, d, NAME(ts, doc), NONE_VAL) < 0) {
        UNPROTECT(ts, 3);
        return NULL;
    }
    UNPROTECT(ts, 3);
    return mod;
}

Value builtins_int_from_double(ThreadState *ts, double d)
{
    if (isinf(d))
        return RAISE(ts, OverflowError,
                     "cannot convert float infinity to integer");
    if (isnan(d))
        return RAISE(ts, ValueError, "cannot convert float NaN to integer");
    if (d > -9.2e18 && d < 9.2e18)
        return INT_VAL((int64_t)d);
    mpz_t z;
    mpz_init_set_d(z, d);
    Value r = int_from_mpz(ts, z);
    mpz_clear(z);
    return r;
}

int builtins_as_int64(ThreadState *ts, Value v, int64_t *out)
{
    if (!num_is_int(v)) {
        ObjClass *cls = obj_class(ts, v);
        if (IS_UNDEF(class_lookup(cls, NAME(ts, index)))) {
            RAISE(ts, TypeError,
                  "'%s' object cannot be interpreted as an integer",
                  obj_type_name(ts, v));
            return -1;
        }
        v = obj_call_method(ts, v, NAME(ts, index), 0, NULL);
        if (IS_ERR(v))
            return -1;
        if (!num_is_int(v)) {
            RAISE(ts, TypeError, "__index__ returned non-int (type %s)",
                  obj_type_name(ts, v));
            return -1;
        }
    }
    if (!int_to_int64(v, out)) {
        RAISE(ts, OverflowError,
              "Python int too large to convert to C ssize_t");
        return -1;
    }
    return 0;
}

/* Like builtins_as_int64 but keeps big ints: the int value of an
 * int-like or __index__ object. */
static Value as_int_value(ThreadState *ts, Value v)
{
    if (IS_BOOL(v))
        return INT_VAL(AS_BOOL(v) ? 1 : 0);
    if (num_is_int(v))
        return v;
    ObjClass *cls = obj_class(ts, v);
    if (IS_UNDEF(class_lookup(cls, NAME(ts, index))))
        return RAISE(ts, TypeError,
                     "'%s' object cannot be interpreted as an integer",
                     obj_type_name(ts, v));
    Value r = obj_call_method(ts, v, NAME(ts, index), 0, NULL);
    if (IS_ERR(r))
        return r;
    if (!num_is_int(r))
        return RAISE(ts, TypeError, "__index__ returned non-int (type %s)",
                     obj_type_name(ts, r));
    return r;
}

/* ------------------------------------------------------- struct sequences */

/* A field getter is a native whose bound self is the field's index, so it
 * receives (index, tuple). */
static Value struct_seq_field(ThreadState *ts, int argc, Value *argv,
                              ObjTuple *kwnames)
{
    if (argc < 2 || !IS_INT(argv[0]) || !IS_TUPLE(argv[1]) ||
        AS_INT(argv[0]) >= (int64_t)AS_TUPLE(argv[1])->len)
        return RAISE(ts, TypeError, "bad struct sequence access");
    return AS_TUPLE(argv[1])->items[AS_INT(argv[0])];
}

static Value struct_seq_repr(ThreadState *ts, int argc, Value *argv,
                             ObjTuple *kwnames)
{
    if (argc < 1 || !IS_TUPLE(argv[0]))
        return RAISE(ts, TypeError, "descriptor requires a tuple");
    ObjClass *cls = AS_OBJ(argv[0])->cls;
    Value fields = class_lookup(cls, str_intern_cstr(ts, "_fields"));
    Value prefix = class_lookup(cls, str_intern_cstr(ts, "_prefix"));
    if (!IS_TUPLE(fields) || !IS_STR(prefix))
        return tuple_repr(ts, AS_TUPLE(argv[0]));
    ObjTuple *t = AS_TUPLE(argv[0]);
    StrBuf sb;
    sb_init(&sb);
    sb_append(&sb, AS_STR(prefix)->data, AS_STR(prefix)->len);
    sb_putc(&sb, '(');
    for (size_t i = 0; i < t->len && i < AS_TUPLE(fields)->len; i++) {
        Value r = obj_repr(ts, t->items[i]);
        if (IS_ERR(r)) {
            sb_free(&sb);
            return r;
        }
        sb_printf(&sb, "%s%s=%s", i ? ", " : "",
                  AS_STR(AS_TUPLE(fields)->items[i])->data, AS_STR(r)->data);
    }
    sb_putc(&sb, ')');
    ObjStr *res = str_from_buf(ts, &sb);
    return res ? OBJ_VAL(res) : ERR_VAL;
}

ObjClass *builtins_struct_seq_class(ThreadState *ts, const char *qualified,
                                    const char *const *fields, size_t n)
{
    const char *dot = strrchr(qualified, '.');
    ObjStr *name = str_intern_cstr(ts, dot ? dot + 1 : qualified);
    if (!name)
        return NULL;
    PROTECT_OBJ(ts, name);
    ObjClass *cls = class_new(ts, name, TYPE(ts, TUPLE), NULL);
    UNPROTECT(ts, 1);
    if (!cls)
        return NULL;
    PROTECT_OBJ(ts, cls);
    ObjTuple *names = tuple_new(ts, n);
    if (!names)
        goto fail;
    PROTECT_OBJ(ts, names);
    for (size_t i = 0; i < n; i++) {
        ObjStr *f = str_intern_cstr(ts, fields[i]);
        if (!f) {
            UNPROTECT(ts, 1);
            goto fail;
        }
        names->items[i] = OBJ_VAL(f);
    }
    class_add_value(ts, cls, "_fields", OBJ_VAL(names));
    UNPROTECT(ts, 1);
    ObjStr *prefix = str_from_cstr(ts, qualified);
    if (!prefix)
        goto fail;
    PROTECT_OBJ(ts, prefix);
    class_add_value(ts, cls, "_prefix", OBJ_VAL(prefix));
    UNPROTECT(ts, 1);
    class_add_native(ts, cls, "__repr__", struct_seq_repr);
    if (dot) {
        ObjStr *mod = str_new(ts, qualified, (size_t)(dot - qualified));
        if (!mod)
            goto fail;
        PROTECT_OBJ(ts, mod);
        class_add_value(ts, cls, "__module__", OBJ_VAL(mod));
        UNPROTECT(ts, 1);
    }
    for (size_t i = 0; i < n; i++) {
        ObjNative *get = native_new(ts, fields[i], struct_seq_field);
        if (!get)
            goto fail;
        get->self = INT_VAL((int64_t)i);
        PROTECT_OBJ(ts, get);
        ObjProperty *p = gc_alloc(ts, sizeof(ObjProperty), OBJ_PROPERTY,
                                  TYPE(ts, PROPERTY));
        if (p) {
            p->fget = OBJ_VAL(get);
            p->fset = NONE_VAL;
            p->fdel = NONE_VAL;
            p->doc = NONE_VAL;
            PROTECT_OBJ(ts, p);
            class_add_value(ts, cls, fields[i], OBJ_VAL(p));
            UNPROTECT(ts, 1);
        }
        UNPROTECT(ts, 1);
        if (!p)
            goto fail;
    }
    class_update_slots(ts, cls);
    UNPROTECT(ts, 1);
    return cls;
fail:
    UNPROTECT(ts, 1);
    return NULL;
}

Value builtins_struct_seq_new(ThreadState *ts, ObjClass *cls,
                              const Value *items, size_t n)
{
    PROTECT_OBJ(ts, cls);
    ObjTuple *t = tuple_from_array(ts, items, n);
    UNPROTECT(ts, 1);
    if (!t)
        return ERR_VAL;
    t->obj.cls = cls;
    return OBJ_VAL(t);
}

/* ------------------------------------------------------- print and input */

static Value bi_print(ThreadState *ts, int argc, Value *argv,
                      ObjTuple *kwnames)
{
    Value sep = NONE_VAL, end = NONE_VAL, file = NONE_VAL, flush = NONE_VAL;
    size_t nkw = kwnames ? kwnames->len : 0;
    for (size_t i = 0; i < nkw; i++) {
        Value v = argv[argc + i];
        if (kw_is(kwnames, i, "sep"))
            sep = v;
        else if (kw_is(kwnames, i, "end"))
            end = v;
        else if (kw_is(kwnames, i, "file"))
            file = v;
        else if (kw_is(kwnames, i, "flush"))
            flush = v;
        else
            return RAISE(ts, TypeError,
                         "'%s' is an invalid keyword argument for print()",
                         AS_STR(kwnames->items[i])->data);
    }
    if (!IS_NONE(sep) && !IS_STR(sep))
        return RAISE(ts, TypeError, "sep must be None or a string, not %s",
                     obj_type_name(ts, sep));
    if (!IS_NONE(end) && !IS_STR(end))
        return RAISE(ts, TypeError, "end must be None or a string, not %s",
                     obj_type_name(ts, end));
    if (IS_NONE(file)) {
        file = file_sys_stream(ts, "stdout");
        if (IS_UNDEF(file) || IS_NONE(file))
            return NONE_VAL;
    }
    PROTECT(ts, file);
    /* a file object gets the whole line in one write; any other object
     * gets CPython's sequence of write() calls, one per piece */
    bool whole = file_is_file(file);
    StrBuf sb;
    sb_init(&sb);
    int r = 0;
    for (int i = 0; i < argc && r == 0; i++) {
        if (i > 0) {
            if (IS_NONE(sep))
                sb_putc(&sb, ' ');
            else
                sb_append(&sb, AS_STR(sep)->data, AS_STR(sep)->len);
            if (!whole) {
                r = file_write(ts, file, sb.data ? sb.data : "", sb.len);
                sb.len = 0;
                if (r < 0)
                    break;
            }
        }
        /* exact str needs no conversion; a subclass may define __str__ */
        Value s = IS_STR(argv[i]) && AS_OBJ(argv[i])->cls == TYPE(ts, STR)
                      ? argv[i]
                      : obj_str(ts, argv[i]);
        if (IS_ERR(s)) {
            r = -1;
            break;
        }
        sb_append(&sb, AS_STR(s)->data, AS_STR(s)->len);
        if (!whole) {
            r = file_write(ts, file, sb.data ? sb.data : "", sb.len);
            sb.len = 0;
        }
    }
    if (r == 0) {
        if (IS_NONE(end))
            sb_putc(&sb, '\n');
        else
            sb_append(&sb, AS_STR(end)->data, AS_STR(end)->len);
        r = file_write(ts, file, sb.data ? sb.data : "", sb.len);
    }
    sb_free(&sb);
    if (r == 0 && !IS_NONE(flush)) {
        int t = obj_truthy(ts, flush);
        if (t < 0 || (t > 0 && file_flush(ts, file) < 0))
            r = -1;
    }
    UNPROTECT(ts, 1);
    return r < 0 ? ERR_VAL : NONE_VAL;
}

/* Is a byte of stdin already buffered?  Then waiting on the descriptor
 * would block for input that has already arrived. */
static bool stdin_buffered(void)
{
#ifdef __GLIBC__
    return stdin->_IO_read_ptr < stdin->_IO_read_end;
#else
    return true;
#endif
}

/* Read one line from stdin without its newline: 1 = got a line, 0 = end
 * of file, -1 = interrupted by Ctrl-C.  The one blocking read of input(),
 * done with the GIL released.  SIGINT only raises a
 * flag (a watcher thread takes it), so the read waits in 100 ms polls and
 * checks the flag between them. */
static int read_stdin_line(ThreadState *ts, StrBuf *sb)
{
    int c;
    bool any = false;
    bool released = gil_outside_begin(ts);
    int result = 0;
    for (;;) {
        if (!stdin_buffered()) {
            struct pollfd p = {.fd = fileno(stdin), .events = POLLIN};
            int r = poll(&p, 1, 100);
            if (ts == ts->interp->main_thread &&
                atomic_load(&ts->interp->pending_sigint)) {
                result = -1;
                break;
            }
            if (r == 0 || (r < 0 && errno == EINTR))
                continue;
        }
        c = fgetc(stdin);
        if (c == EOF) {
            clearerr(stdin);
            result = any ? 1 : 0;
            break;
        }
        any = true;
        if (c == '\n') {
            result = 1;
            break;
        }
        sb_putc(sb, (char)c);
    }
    gil_outside_end(ts, released);
    return result;
}

static Value bi_input(ThreadState *ts, int argc, Value *argv,
                      ObjTuple *kwnames)
{
    if (args_no_kwargs(ts, "input", kwnames) < 0 ||
        args_count(ts, "input", argc, 0, 1) < 0)
        return ERR_VAL;
    Value out = file_sys_stream(ts, "stdout");
    if (argc == 1 && !IS_UNDEF(out) && !IS_NONE(out)) {
        PROTECT(ts, out);
        Value s = obj_str(ts, argv[0]);
        int r = IS_ERR(s) ? -1
                          : file_write(ts, out, AS_STR(s)->data,
                                       AS_STR(s)->len);
        if (r == 0)
            r = file_flush(ts, out);
        UNPROTECT(ts, 1);
        if (r < 0)
            return ERR_VAL;
    } else {
        fflush(stdout);
    }
    StrBuf sb;
    sb_init(&sb);
    int r = read_stdin_line(ts, &sb);
    if (r <= 0) {
        sb_free(&sb);
        if (r < 0) {
            atomic_store(&ts->interp->pending_sigint, 0);
            return exc_raise_value(ts,
                                   OBJ_VAL(TYPE(ts, KeyboardInterrupt)));
        }
        return RAISE(ts, EOFError, "EOF when reading a line");
    }
    Value res = file_text(ts, sb.data ? sb.data : "", sb.len);
    sb_free(&sb);
    return res;
}

/* ------------------------------------------------ simple one-arg builtins */

static Value bi_len(ThreadState *ts, int argc, Value *argv,
                    ObjTuple *kwnames)
{
    if (args_no_kwargs(ts, "len", kwnames) < 0 ||
        args_count(ts, "len", argc, 1, 1) < 0)
        return ERR_VAL;
    int64_t n = obj_len(ts, argv[0]);
    return n < 0 ? ERR_VAL : INT_VAL(n);
}

static Value bi_repr(ThreadState *ts, int argc, Value *argv,
                     ObjTuple *kwnames)
{
    if (args_no_kwargs(ts, "repr", kwnames) < 0 ||
        args_count(ts, "repr", argc, 1, 1) < 0)
        return ERR_VAL;
    return obj_repr(ts, argv[0]);
}

static Value bi_ascii(ThreadState *ts, int argc, Value *argv,
                      ObjTuple *kwnames)
{
    if (args_no_kwargs(ts, "ascii", kwnames) < 0 ||
        args_count(ts, "ascii", argc, 1, 1) < 0)
        return ERR_VAL;
    Value r = obj_repr(ts, argv[0]);
    if (IS_ERR(r))
        return r;
    ObjStr *s = AS_STR(r);
    if (s->ascii)
        return r;
    StrBuf sb;
    sb_init(&sb);
    const char *p = s->data, *end = s->data + s->len;
    while (p < end) {
        int adv;
        unsigned cp = utf8_decode(p, &adv);
        p += adv;
        if (cp < 0x80)
            sb_putc(&sb, (char)cp);
        else if (cp < 0x100)
            sb_printf(&sb, "\\x%02x", cp);
        else if (cp < 0x10000)
            sb_printf(&sb, "\\u%04x", cp);
        else
            sb_printf(&sb, "\\U%08x", cp);
    }
    ObjStr *res = str_from_buf(ts, &sb);
    return res ? OBJ_VAL(res) : ERR_VAL;
}

static Value bi_abs(ThreadState *ts, int argc, Value *argv,
                    ObjTuple *kwnames)
{
    if (args_no_kwargs(ts, "abs", kwnames) < 0 ||
        args_count(ts, "abs", argc, 1, 1) < 0)
        return ERR_VAL;
    Value v = argv[0];
    if (IS_FLOAT(v))
        return FLOAT_VAL(fabs(AS_FLOAT(v)));
    if (IS_BOOL(v))
        return INT_VAL(AS_BOOL(v) ? 1 : 0);
    if (IS_INT(v) && AS_INT(v) >= 0)
        return v;
    if (num_is_int(v)) {
        if (int_compare(v, INT_VAL(0)) >= 0)
            return v;
        return int_unary_op(ts, UN_NEG, v);
    }
    if (IS_UNDEF(class_lookup(obj_class(ts, v), NAME(ts, abs))))
        return RAISE(ts, TypeError, "bad operand type for abs(): '%s'",
                     obj_type_name(ts, v));
    return obj_call_method(ts, v, NAME(ts, abs), 0, NULL);
}

static Value bi_id(ThreadState *ts, int argc, Value *argv,
                   ObjTuple *kwnames)
{
    if (args_no_kwargs(ts, "id", kwnames) < 0 ||
        args_count(ts, "id", argc, 1, 1) < 0)
        return ERR_VAL;
    Value v = argv[0];
    switch (v.tag) {
    case VAL_OBJ:
        return INT_VAL((int64_t)(uintptr_t)AS_OBJ(v));
    case VAL_NONE:
        return INT_VAL(0x100);
    case VAL_BOOL:
        return INT_VAL(AS_BOOL(v) ? 0x120 : 0x110);
    case VAL_INT:
        /* unboxed ints: a number derived from the value, even, far from
         * heap addresses */
        return INT_VAL((int64_t)(((uint64_t)AS_INT(v) << 4) | 0x8));
    case VAL_FLOAT: {
        int64_t bits;
        memcpy(&bits, &AS_FLOAT(v), sizeof bits);
        return INT_VAL((int64_t)((uint64_t)bits | 0x4));
    }
    default:
        return INT_VAL(0);
    }
}

static Value bi_hash(ThreadState *ts, int argc, Value *argv,
                     ObjTuple *kwnames)
{
    if (args_no_kwargs(ts, "hash", kwnames) < 0 ||
        args_count(ts, "hash", argc, 1, 1) < 0)
        return ERR_VAL;
    uint64_t h;
    if (obj_hash(ts, argv[0], &h) < 0)
        return ERR_VAL;
    return INT_VAL((int64_t)h);
}

static Value bi_callable(ThreadState *ts, int argc, Value *argv,
                         ObjTuple *kwnames)
{
    if (args_no_kwargs(ts, "callable", kwnames) < 0 ||
        args_count(ts, "callable", argc, 1, 1) < 0)
        return ERR_VAL;
    return BOOL_VAL(obj_callable(ts, argv[0]));
}

static Value bi_ord(ThreadState *ts, int argc, Value *argv,
                    ObjTuple *kwnames)
{
    if (args_no_kwargs(ts, "ord", kwnames) < 0 ||
        args_count(ts, "ord", argc, 1, 1) < 0)
        return ERR_VAL;
    if (!IS_STR(argv[0]))
        return RAISE(ts, TypeError,
                     "ord() expected string of length 1, but %s found",
                     obj_type_name(ts, argv[0]));
    ObjStr *s = AS_STR(argv[0]);
    if (s->nchars != 1)
        return RAISE(ts, TypeError,
                     "ord() expected a character, but string of length %zu "
                     "found",
                     s->nchars);
    return INT_VAL(str_codepoint_at(s, 0));
}

static Value bi_chr(ThreadState *ts, int argc, Value *argv,
                    ObjTuple *kwnames)
{
    if (args_no_kwargs(ts, "chr", kwnames) < 0 ||
        args_count(ts, "chr", argc, 1, 1) < 0)
        return ERR_VAL;
    int64_t cp;
    if (builtins_as_int64(ts, argv[0], &cp) < 0) {
        if (exc_matches(ts, TYPE(ts, OverflowError))) {
            exc_clear(ts);
            return RAISE(ts, OverflowError,
                         "Python int too large to convert to C int");
        }
        return ERR_VAL;
    }
    if (cp < 0 || cp >= 0x110000)
        return RAISE(ts, ValueError, "chr() arg not in range(0x110000)");
    ObjStr *s = str_from_codepoint(ts, (unsigned)cp);
    return s ? OBJ_VAL(s) : ERR_VAL;
}

static Value to_base(ThreadState *ts, int argc, Value *argv,
                     ObjTuple *kwnames, const char *name, int base)
{
    if (args_no_kwargs(ts, name, kwnames) < 0 ||
        args_count(ts, name, argc, 1, 1) < 0)
        return ERR_VAL;
    Value v = as_int_value(ts, argv[0]);
    if (IS_ERR(v))
        return v;
    return int_to_base(ts, v, base, true);
}

static Value bi_hex(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    return to_base(ts, argc, argv, kw, "hex", 16);
}

static Value bi_oct(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    return to_base(ts, argc, argv, kw, "oct", 8);
}

static Value bi_bin(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    return to_base(ts, argc, argv, kw, "bin", 2);
}

static Value bi_format(ThreadState *ts, int argc, Value *argv,
                       ObjTuple *kwnames)
{
    static const ArgSpec spec = {"format", 2, 1, {NULL, NULL}};
    Value a[2];
    if (args_parse(ts, &spec, argc, argv, kwnames, a) < 0)
        return ERR_VAL;
    if (IS_UNDEF(a[1]))
        return format_value(ts, a[0], NULL);
    if (!IS_STR(a[1]))
        return RAISE(ts, TypeError, "format() argument 2 must be str, not %s",
                     obj_type_name(ts, a[1]));
    return format_value(ts, a[0], AS_STR(a[1]));
}

/* ------------------------------------------------------------- arithmetic */

/* Round the rational num/den to the nearest integer, ties to even, into
 * [out].  den > 0. */
static void round_half_even(mpz_t out, const mpz_t num, const mpz_t den)
{
    mpz_t r;
    mpz_init(r);
    mpz_fdiv_qr(out, r, num, den);
    mpz_mul_2exp(r, r, 1);
    int c = mpz_cmp(r, den);
    if (c > 0 || (c == 0 && mpz_odd_p(out)))
        mpz_add_ui(out, out, 1);
    mpz_clear(r);
}

/* round(x, n) for a float: the exact binary value of x is rounded to n
 * decimal places (ties to even, which only an exactly representable tie
 * can hit), then the decimal result is converted back with strtod, which
 * rounds correctly.  This is what CPython gets from dtoa: round(2.675, 2)
 * is 2.67 because 2.675 is really 2.67499999... */
static Value round_float_digits(ThreadState *ts, double x, int64_t n)
{
    if (!isfinite(x) || x == 0.0 || n > 323)
        return FLOAT_VAL(x);
    if (n < -308)
        return FLOAT_VAL(0.0 * x);
    mpq_t q;
    mpz_t p, m;
    mpq_init(q);
    mpz_init(p);
    mpz_init(m);
    mpq_set_d(q, x);
    mpz_ui_pow_ui(p, 10, (unsigned long)(n >= 0 ? n : -n));
    if (n >= 0)
        mpz_mul(mpq_numref(q), mpq_numref(q), p);
    else
        mpz_mul(mpq_denref(q), mpq_denref(q), p);
    round_half_even(m, mpq_numref(q), mpq_denref(q));
    char *digits = mpz_get_str(NULL, 10, m);
    size_t dl = strlen(digits);
    char *buf = malloc(dl + 32);
    double r = 0.0;
    if (buf) {
        snprintf(buf, dl + 32, "%se%lld", digits, (long long)-n);
        r = strtod(buf, NULL);
        free(buf);
    }
    void (*freefunc)(void *, size_t);
    mp_get_memory_functions(NULL, NULL, &freefunc);
    freefunc(digits, dl + 1);
    mpq_clear(q);
    mpz_clear(p);
    mpz_clear(m);
    if (isinf(r))
        return RAISE(ts, OverflowError, "rounding result too large");
    if (r == 0.0)
        r = copysign(0.0, x);
    return FLOAT_VAL(r);
}

static Value round_int_digits(ThreadState *ts, Value v, int64_t n)
{
    if (n >= 0)
        return v;
    mpz_t z, p, m;
    mpz_init(z);
    mpz_init(p);
    mpz_init(m);
    int_to_mpz(v, z);
    Value r;
    if (-n > 100000) {
        r = INT_VAL(0);
    } else {
        mpz_ui_pow_ui(p, 10, (unsigned long)-n);
        round_half_even(m, z, p);
        mpz_mul(m, m, p);
        r = int_from_mpz(ts, m);
    }
    mpz_clear(z);
    mpz_clear(p);
    mpz_clear(m);
    return r;
}

static Value bi_round(ThreadState *ts, int argc, Value *argv,
                      ObjTuple *kwnames)
{
    static const ArgSpec spec = {"round", 2, 1, {"number", "ndigits"}};
    Value a[2];
    if (args_parse(ts, &spec, argc, argv, kwnames, a) < 0)
        return ERR_VAL;
    Value x = a[0], nd = a[1];
    bool has_nd = !IS_UNDEF(nd) && !IS_NONE(nd);
    if (IS_FLOAT(x) || num_is_int(x)) {
        int64_t n = 0;
        if (has_nd && builtins_as_int64(ts, nd, &n) < 0) {
            if (!exc_matches(ts, TYPE(ts, OverflowError)))
                return ERR_VAL;
            exc_clear(ts);
            n = int_compare(nd, INT_VAL(0)) > 0 ? INT64_MAX : -INT64_MAX;
        }
        if (IS_FLOAT(x)) {
            if (!has_nd)
                return builtins_int_from_double(ts, nearbyint(AS_FLOAT(x)));
            return round_float_digits(ts, AS_FLOAT(x), n);
        }
        if (IS_BOOL(x))
            x = INT_VAL(AS_BOOL(x) ? 1 : 0);
        return has_nd ? round_int_digits(ts, x, n) : x;
    }
    if (IS_UNDEF(class_lookup(obj_class(ts, x), NAME(ts, round))))
        return RAISE(ts, TypeError, "type %s doesn't define __round__ method",
                     obj_type_name(ts, x));
    return obj_call_method(ts, x, NAME(ts, round), IS_UNDEF(nd) ? 0 : 1,
                           &a[1]);
}

static bool is_number(Value v)
{
    return IS_FLOAT(v) || num_is_int(v);
}

static Value bi_divmod(ThreadState *ts, int argc, Value *argv,
                       ObjTuple *kwnames)
{
    if (args_no_kwargs(ts, "divmod", kwnames) < 0 ||
        args_count(ts, "divmod", argc, 2, 2) < 0)
        return ERR_VAL;
    Value a = argv[0], b = argv[1];
    if (!is_number(a) || !is_number(b)) {
        static const char *const names[2] = {"__divmod__", "__rdivmod__"};
        Value self[2] = {a, b}, other[2] = {b, a};
        for (int i = 0; i < 2; i++) {
            ObjStr *name = str_intern_cstr(ts, names[i]);
            if (!name)
                return ERR_VAL;
            if (IS_UNDEF(class_lookup(obj_class(ts, self[i]), name)))
                continue;
            PROTECT_OBJ(ts, name);
            Value r = obj_call_method(ts, self[i], name, 1, &other[i]);
            UNPROTECT(ts, 1);
            if (IS_ERR(r) || !value_is(r, ts->interp->not_implemented))
                return r;
        }
        return RAISE(ts, TypeError,
                     "unsupported operand type(s) for divmod(): '%s' and "
                     "'%s'",
                     obj_type_name(ts, a), obj_type_name(ts, b));
    }
    Value q = obj_binary_op(ts, BIN_FLOORDIV, a, b, false);
    if (IS_ERR(q))
        return q;
    PROTECT(ts, q);
    Value r = obj_binary_op(ts, BIN_MOD, a, b, false);
    if (IS_ERR(r)) {
        UNPROTECT(ts, 1);
        return r;
    }
    PROTECT(ts, r);
    ObjTuple *t = tuple_new(ts, 2);
    UNPROTECT(ts, 2);
    if (!t)
        return ERR_VAL;
    t->items[0] = q;
    t->items[1] = r;
    return OBJ_VAL(t);
}

static Value bi_pow(ThreadState *ts, int argc, Value *argv,
                    ObjTuple *kwnames)
{
    static const ArgSpec spec = {"pow", 3, 2, {"base", "exp", "mod"}};
    Value a[3];
    if (args_parse(ts, &spec, argc, argv, kwnames, a) < 0)
        return ERR_VAL;
    if (IS_UNDEF(a[2]) || IS_NONE(a[2]))
        return obj_binary_op(ts, BIN_POW, a[0], a[1], false);
    if (!num_is_int(a[0]) || !num_is_int(a[1]) || !num_is_int(a[2]))
        return RAISE(ts, TypeError, "pow() 3rd argument not allowed unless "
                                    "all arguments are integers");
    mpz_t b, e, m, r;
    mpz_inits(b, e, m, r, NULL);
    int_to_mpz(a[0], b);
    int_to_mpz(a[1], e);
    int_to_mpz(a[2], m);
    Value res;
    if (mpz_sgn(m) == 0) {
        res = RAISE(ts, ValueError, "pow() 3rd argument cannot be 0");
        goto done;
    }
    bool neg_mod = mpz_sgn(m) < 0;
    mpz_abs(m, m);
    if (mpz_sgn(e) < 0) {
        if (!mpz_invert(b, b, m)) {
            res = RAISE(ts, ValueError,
                        "base is not invertible for the given modulus");
            goto done;
        }
        mpz_neg(e, e);
    }
    mpz_powm(r, b, e, m);
    if (neg_mod && mpz_sgn(r) != 0)
        mpz_sub(r, r, m);
    res = int_from_mpz(ts, r);
done:
    mpz_clears(b, e, m, r, NULL);
    return res;
}

/* ------------------------------------------------------- iterables: folds */

/* min() and max(): one iterable or several arguments, key=, default=. */
static Value min_max(ThreadState *ts, int argc, Value *argv,
                     ObjTuple *kwnames, bool is_max)
{
    const char *name = is_max ? "max" : "min";
    Value key = NONE_VAL, dflt = UNDEF_VAL;
    size_t nkw = kwnames ? kwnames->len : 0;
    for (size_t i = 0; i < nkw; i++) {
        if (kw_is(kwnames, i, "key"))
            key = argv[argc + i];
        else if (kw_is(kwnames, i, "default"))
            dflt = argv[argc + i];
        else
            return RAISE(ts, TypeError,
                         "%s() got an unexpected keyword argument '%s'", name,
                         AS_STR(kwnames->items[i])->data);
    }
    if (argc == 0)
        return RAISE(ts, TypeError, "%s expected at least 1 argument, got 0",
                     name);
    if (argc > 1 && !IS_UNDEF(dflt))
        return RAISE(ts, TypeError,
                     "Cannot specify a default for %s() with multiple "
                     "positional arguments",
                     name);
    Value it;
    if (argc == 1) {
        it = obj_iter(ts, argv[0]);
    } else {
        ObjTuple *t = tuple_from_array(ts, argv, (size_t)argc);
        it = t ? tuple_iter(ts, t) : ERR_VAL;
    }
    if (IS_ERR(it))
        return it;
    PROTECT(ts, it);
    size_t best_slot = root_push(ts, UNDEF_VAL);
    size_t bestkey_slot = root_push(ts, UNDEF_VAL);
    Value best = UNDEF_VAL, bestkey = UNDEF_VAL, item;
    int r;
    while ((r = obj_next(ts, it, &item)) > 0) {
        size_t item_slot = root_push(ts, item);
        Value k = item;
        if (!IS_NONE(key)) {
            k = obj_call(ts, key, 1, &item, NULL);
            if (IS_ERR(k)) {
                r = -1;
                UNPROTECT(ts, 1);
                break;
            }
        }
        (void)item_slot;
        if (IS_UNDEF(best)) {
            best = item;
            bestkey = k;
        } else {
            PROTECT(ts, k);
            Value c = obj_compare(ts, is_max ? CMP_GT : CMP_LT, k, bestkey);
            int t = IS_ERR(c) ? -1 : obj_truthy(ts, c);
            UNPROTECT(ts, 1);
            if (t < 0) {
                r = -1;
                UNPROTECT(ts, 1);
                break;
            }
            if (t) {
                best = item;
                bestkey = k;
            }
        }
        root_set(ts, best_slot, best);
        root_set(ts, bestkey_slot, bestkey);
        UNPROTECT(ts, 1);
    }
    UNPROTECT(ts, 3);
    if (r < 0)
        return ERR_VAL;
    if (IS_UNDEF(best)) {
        if (!IS_UNDEF(dflt))
            return dflt;
        return RAISE(ts, ValueError, "%s() arg is an empty sequence", name);
    }
    return best;
}

static Value bi_max(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    return min_max(ts, argc, argv, kw, true);
}

static Value bi_min(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    return min_max(ts, argc, argv, kw, false);
}

static Value bi_sum(ThreadState *ts, int argc, Value *argv,
                    ObjTuple *kwnames)
{
    static const ArgSpec spec = {"sum", 2, 1, {NULL, "start"}};
    Value a[2];
    if (argc == 0 && !kwnames)
        return RAISE(ts, TypeError,
                     "sum() takes at least 1 positional argument (0 given)");
    if (args_parse(ts, &spec, argc, argv, kwnames, a) < 0)
        return ERR_VAL;
    Value acc = IS_UNDEF(a[1]) ? INT_VAL(0) : a[1];
    if (IS_STR(acc))
        return RAISE(ts, TypeError,
                     "sum() can't sum strings [use ''.join(seq) instead]");
    if (IS_KIND(acc, OBJ_BYTES))
        return RAISE(ts, TypeError,
                     "sum() can't sum bytes [use b''.join(seq) instead]");
    Value it = obj_iter(ts, a[0]);
    if (IS_ERR(it))
        return it;
    PROTECT(ts, it);
    size_t acc_slot = root_push(ts, acc);
    Value item;
    int r;
    while ((r = obj_next(ts, it, &item)) > 0) {
        int64_t s;
        if (IS_INT(acc) && IS_INT(item) &&
            !__builtin_add_overflow(AS_INT(acc), AS_INT(item), &s)) {
            acc = INT_VAL(s);
        } else if (IS_FLOAT(acc) && IS_FLOAT(item)) {
            acc = FLOAT_VAL(AS_FLOAT(acc) + AS_FLOAT(item));
        } else {
            acc = obj_binary_op(ts, BIN_ADD, acc, item, false);
            if (IS_ERR(acc)) {
                r = -1;
                break;
            }
        }
        root_set(ts, acc_slot, acc);
    }
    UNPROTECT(ts, 2);
    return r < 0 ? ERR_VAL : acc;
}

static Value any_all(ThreadState *ts, int argc, Value *argv,
                     ObjTuple *kwnames, bool is_all)
{
    const char *name = is_all ? "all" : "any";
    if (args_no_kwargs(ts, name, kwnames) < 0 ||
        args_count(ts, name, argc, 1, 1) < 0)
        return ERR_VAL;
    Value it = obj_iter(ts, argv[0]);
    if (IS_ERR(it))
        return it;
    PROTECT(ts, it);
    Value item;
    int r;
    bool result = is_all;
    while ((r = obj_next(ts, it, &item)) > 0) {
        int t = obj_truthy(ts, item);
        if (t < 0) {
            r = -1;
            break;
        }
        if (is_all && !t) {
            result = false;
            break;
        }
        if (!is_all && t) {
            result = true;
            break;
        }
    }
    UNPROTECT(ts, 1);
    return r < 0 ? ERR_VAL : BOOL_VAL(result);
}

static Value bi_any(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    return any_all(ts, argc, argv, kw, false);
}

static Value bi_all(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    return any_all(ts, argc, argv, kw, true);
}

static Value bi_sorted(ThreadState *ts, int argc, Value *argv,
                       ObjTuple *kwnames)
{
    static const ArgSpec spec = {"sorted", 1, 1, {NULL, "key", "reverse"}};
    Value a[3];
    if (argc > 1)
        return RAISE(ts, TypeError, "sorted expected 1 argument, got %d",
                     argc);
    if (args_parse(ts, &spec, argc, argv, kwnames, a) < 0)
        return ERR_VAL;
    bool reverse = false;
    if (!IS_UNDEF(a[2])) {
        int t = obj_truthy(ts, a[2]);
        if (t < 0)
            return ERR_VAL;
        reverse = t;
    }
    ObjList *l = list_from_iterable(ts, a[0]);
    if (!l)
        return ERR_VAL;
    PROTECT_OBJ(ts, l);
    int r = list_sort(ts, l, IS_UNDEF(a[1]) ? NONE_VAL : a[1], reverse);
    UNPROTECT(ts, 1);
    return r < 0 ? ERR_VAL : OBJ_VAL(l);
}

/* ---------------------------------------------------- iterator builtins */

static int enumerate_next(ThreadState *ts, ObjIter *it, Value *out)
{
    Value item;
    int r = obj_next(ts, it->state[0], &item);
    if (r <= 0)
        return r;
    PROTECT(ts, item);
    ObjTuple *t = tuple_new(ts, 2);
    if (!t) {
        UNPROTECT(ts, 1);
        return -1;
    }
    t->items[0] = it->state[1];
    t->items[1] = item;
    PROTECT_OBJ(ts, t);
    Value n = it->state[1];
    if (IS_INT(n) && AS_INT(n) < INT64_MAX)
        n = INT_VAL(AS_INT(n) + 1);
    else
        n = obj_binary_op(ts, BIN_ADD, n, INT_VAL(1), false);
    UNPROTECT(ts, 2);
    if (IS_ERR(n))
        return -1;
    it->state[1] = n;
    *out = OBJ_VAL(t);
    return 1;
}

static Value bi_enumerate(ThreadState *ts, int argc, Value *argv,
                          ObjTuple *kwnames)
{
    static const ArgSpec spec = {"enumerate", 2, 1, {"iterable", "start"}};
    Value a[2];
    if (args_parse(ts, &spec, argc, argv, kwnames, a) < 0)
        return ERR_VAL;
    Value start = INT_VAL(0);
    if (!IS_UNDEF(a[1])) {
        start = as_int_value(ts, a[1]);
        if (IS_ERR(start))
            return start;
    }
    PROTECT(ts, start);
    Value inner = obj_iter(ts, a[0]);
    if (IS_ERR(inner)) {
        UNPROTECT(ts, 1);
        return inner;
    }
    PROTECT(ts, inner);
    ObjIter *it = iter_new(ts, "enumerate", enumerate_next);
    UNPROTECT(ts, 2);
    if (!it)
        return ERR_VAL;
    it->state[0] = inner;
    it->state[1] = start;
    return OBJ_VAL(it);
}

/* "argument 1" / "arguments 1-2": how zip(strict=True) names the ones
 * before the culprit. */
static Value zip_strict_error(ThreadState *ts, size_t i, const char *what)
{
    if (i == 1)
        return RAISE(ts, ValueError, "zip() argument 2 is %s than argument 1",
                     what);
    return RAISE(ts, ValueError,
                 "zip() argument %zu is %s than arguments 1-%zu", i + 1, what,
                 i);
}

static int zip_next(ThreadState *ts, ObjIter *it, Value *out)
{
    if (!IS_TUPLE(it->state[0]))
        return 0;
    ObjTuple *iters = AS_TUPLE(it->state[0]);
    size_t n = iters->len;
    if (n == 0)
        return 0;
    ObjTuple *t = tuple_new(ts, n);
    if (!t)
        return -1;
    PROTECT_OBJ(ts, t);
    for (size_t i = 0; i < n; i++) {
        Value v;
        int r = obj_next(ts, iters->items[i], &v);
        if (r < 0) {
            UNPROTECT(ts, 1);
            return -1;
        }
        if (r == 0) {
            UNPROTECT(ts, 1);
            bool strict = IS_BOOL(it->state[1]) && AS_BOOL(it->state[1]);
            it->state[0] = NONE_VAL;
            if (!strict)
                return 0;
            if (i > 0) {
                zip_strict_error(ts, i, "shorter");
                return -1;
            }
            for (size_t j = 1; j < n; j++) {
                r = obj_next(ts, iters->items[j], &v);
                if (r < 0)
                    return -1;
                if (r > 0) {
                    zip_strict_error(ts, j, "longer");
                    return -1;
                }
            }
            return 0;
        }
        t->items[i] = v;
    }
    UNPROTECT(ts, 1);
    *out = OBJ_VAL(t);
    return 1;
}

/* A tuple of iter(x) for each of argv[0..n). */
static ObjTuple *iter_tuple(ThreadState *ts, int n, Value *argv)
{
    ObjTuple *t = tuple_new(ts, (size_t)n);
    if (!t)
        return NULL;
    PROTECT_OBJ(ts, t);
    for (int i = 0; i < n; i++) {
        Value it = obj_iter(ts, argv[i]);
        if (IS_ERR(it)) {
            UNPROTECT(ts, 1);
            return NULL;
        }
        t->items[i] = it;
    }
    UNPROTECT(ts, 1);
    return t;
}

static Value bi_zip(ThreadState *ts, int argc, Value *argv,
                    ObjTuple *kwnames)
{
    Value strict = FALSE_VAL;
    size_t nkw = kwnames ? kwnames->len : 0;
    for (size_t i = 0; i < nkw; i++) {
        if (!kw_is(kwnames, i, "strict"))
            return RAISE(ts, TypeError,
                         "zip() got an unexpected keyword argument '%s'",
                         AS_STR(kwnames->items[i])->data);
        int t = obj_truthy(ts, argv[argc + i]);
        if (t < 0)
            return ERR_VAL;
        strict = BOOL_VAL(t);
    }
    ObjTuple *iters = iter_tuple(ts, argc, argv);
    if (!iters)
        return ERR_VAL;
    PROTECT_OBJ(ts, iters);
    ObjIter *it = iter_new(ts, "zip", zip_next);
    UNPROTECT(ts, 1);
    if (!it)
        return ERR_VAL;
    it->state[0] = OBJ_VAL(iters);
    it->state[1] = strict;
    return OBJ_VAL(it);
}

static int map_next(ThreadState *ts, ObjIter *it, Value *out)
{
    ObjTuple *iters = AS_TUPLE(it->state[1]);
    size_t n = iters->len;
    ObjTuple *args = tuple_new(ts, n);
    if (!args)
        return -1;
    PROTECT_OBJ(ts, args);
    for (size_t i = 0; i < n; i++) {
        Value v;
        int r = obj_next(ts, iters->items[i], &v);
        if (r <= 0) {
            UNPROTECT(ts, 1);
            return r;
        }
        args->items[i] = v;
    }
    Value r = obj_call(ts, it->state[0], (int)n, args->items, NULL);
    UNPROTECT(ts, 1);
    if (IS_ERR(r))
        return -1;
    *out = r;
    return 1;
}

static Value bi_map(ThreadState *ts, int argc, Value *argv,
                    ObjTuple *kwnames)
{
    if (args_no_kwargs(ts, "map", kwnames) < 0)
        return ERR_VAL;
    if (argc < 2)
        return RAISE(ts, TypeError, "map() must have at least two arguments.");
    ObjTuple *iters = iter_tuple(ts, argc - 1, argv + 1);
    if (!iters)
        return ERR_VAL;
    PROTECT_OBJ(ts, iters);
    ObjIter *it = iter_new(ts, "map", map_next);
    UNPROTECT(ts, 1);
    if (!it)
        return ERR_VAL;
    it->state[0] = argv[0];
    it->state[1] = OBJ_VAL(iters);
    return OBJ_VAL(it);
}

static int filter_next(ThreadState *ts, ObjIter *it, Value *out)
{
    for (;;) {
        Value item;
        int r = obj_next(ts, it->state[1], &item);
        if (r <= 0)
            return r;
        PROTECT(ts, item);
        Value test = item;
        if (!IS_NONE(it->state[0])) {
            test = obj_call(ts, it->state[0], 1, &item, NULL);
            if (IS_ERR(test)) {
                UNPROTECT(ts, 1);
                return -1;
            }
        }
        int t = obj_truthy(ts, test);
        UNPROTECT(ts, 1);
        if (t < 0)
            return -1;
        if (t) {
            *out = item;
            return 1;
        }
    }
}

static Value bi_filter(ThreadState *ts, int argc, Value *argv,
                       ObjTuple *kwnames)
{
    if (args_no_kwargs(ts, "filter", kwnames) < 0)
        return ERR_VAL;
    if (argc != 2)
        return RAISE(ts, TypeError, "filter expected 2 arguments, got %d",
                     argc);
    Value inner = obj_iter(ts, argv[1]);
    if (IS_ERR(inner))
        return inner;
    PROTECT(ts, inner);
    ObjIter *it = iter_new(ts, "filter", filter_next);
    UNPROTECT(ts, 1);
    if (!it)
        return ERR_VAL;
    it->state[0] = argv[0];
    it->state[1] = inner;
    return OBJ_VAL(it);
}

/* reversed() over the sequence protocol: index counts down; a list that
 * shrank meanwhile just ends early, as in CPython. */
static int reversed_next(ThreadState *ts, ObjIter *it, Value *out)
{
    if (it->index < 0)
        return 0;
    Value seq = it->state[0];
    if (IS_LIST(seq)) {
        ObjList *l = AS_LIST(seq);
        if ((size_t)it->index >= l->len) {
            it->index = -1;
            return 0;
        }
        *out = l->items[it->index--];
        return 1;
    }
    if (IS_TUPLE(seq)) {
        *out = AS_TUPLE(seq)->items[it->index--];
        return 1;
    }
    Value v = obj_getitem(ts, seq, INT_VAL(it->index));
    if (IS_ERR(v)) {
        if (exc_matches(ts, TYPE(ts, IndexError)) ||
            exc_matches(ts, TYPE(ts, StopIteration))) {
            exc_clear(ts);
            it->index = -1;
            return 0;
        }
        return -1;
    }
    it->index--;
    *out = v;
    return 1;
}

static Value bi_reversed(ThreadState *ts, int argc, Value *argv,
                         ObjTuple *kwnames)
{
    if (args_no_kwargs(ts, "reversed", kwnames) < 0 ||
        args_count(ts, "reversed", argc, 1, 1) < 0)
        return ERR_VAL;
    Value seq = argv[0];
    if (IS_KIND(seq, OBJ_RANGE)) {
        ObjRange *r = AS_RANGE(seq);
        Value rr;
        if (r->len == 0) {
            rr = range_new(ts, 0, 0, 1);
        } else {
            int64_t last = r->start + (r->len - 1) * r->step;
            rr = range_new(ts, last, r->start - r->step, -r->step);
        }
        return IS_ERR(rr) ? rr : obj_iter(ts, rr);
    }
    if (IS_DICT(seq)) {
        ObjList *keys = list_from_iterable(ts, seq);
        if (!keys)
            return ERR_VAL;
        seq = OBJ_VAL(keys);
    } else if (!IS_LIST(seq) && !IS_TUPLE(seq) && !IS_STR(seq)) {
        ObjClass *cls = obj_class(ts, seq);
        if (!IS_UNDEF(class_lookup(cls, NAME(ts, reversed))))
            return obj_call_method(ts, seq, NAME(ts, reversed), 0, NULL);
        if (IS_UNDEF(class_lookup(cls, NAME(ts, getitem))) ||
            IS_UNDEF(class_lookup(cls, NAME(ts, len))) || IS_DICT(seq) ||
            IS_SET(seq))
            return RAISE(ts, TypeError, "'%s' object is not reversible",
                         obj_type_name(ts, seq));
    }
    PROTECT(ts, seq);
    int64_t n = obj_len(ts, seq);
    if (n < 0) {
        UNPROTECT(ts, 1);
        return ERR_VAL;
    }
    ObjIter *it = iter_new(ts, IS_LIST(argv[0]) ? "list_reverseiterator"
                           : IS_DICT(argv[0])   ? "dict_reversekeyiterator"
                                                : "reversed",
                           reversed_next);
    UNPROTECT(ts, 1);
    if (!it)
        return ERR_VAL;
    it->state[0] = seq;
    it->index = n - 1;
    return OBJ_VAL(it);
}

static int callable_iter_next(ThreadState *ts, ObjIter *it, Value *out)
{
    if (IS_NONE(it->state[0]))
        return 0;
    Value v = obj_call(ts, it->state[0], 0, NULL, NULL);
    if (IS_ERR(v)) {
        if (exc_matches(ts, TYPE(ts, StopIteration))) {
            exc_clear(ts);
            it->state[0] = NONE_VAL;
            return 0;
        }
        return -1;
    }
    PROTECT(ts, v);
    int eq = obj_eq(ts, v, it->state[1]);
    UNPROTECT(ts, 1);
    if (eq < 0)
        return -1;
    if (eq) {
        it->state[0] = NONE_VAL;
        return 0;
    }
    *out = v;
    return 1;
}

static Value bi_iter(ThreadState *ts, int argc, Value *argv,
                     ObjTuple *kwnames)
{
    if (args_no_kwargs(ts, "iter", kwnames) < 0 ||
        args_count(ts, "iter", argc, 1, 2) < 0)
        return ERR_VAL;
    if (argc == 1)
        return obj_iter(ts, argv[0]);
    if (!obj_callable(ts, argv[0]))
        return RAISE(ts, TypeError, "iter(v, w): v must be callable");
    ObjIter *it = iter_new(ts, "callable_iterator", callable_iter_next);
    if (!it)
        return ERR_VAL;
    it->state[0] = argv[0];
    it->state[1] = argv[1];
    return OBJ_VAL(it);
}

/* next(it[, default]).  An iterator that ends with a value (a generator's
 * return value, a __next__ raising StopIteration(v)) ends next() with that
 * value as StopIteration's, as CPython does; obj_next would drop it. */
static Value bi_next(ThreadState *ts, int argc, Value *argv,
                     ObjTuple *kwnames)
{
    if (args_no_kwargs(ts, "next", kwnames) < 0 ||
        args_count(ts, "next", argc, 1, 2) < 0)
        return ERR_VAL;
    Value it = argv[0];
    Value out = NONE_VAL;
    int r;
    if (IS_KIND(it, OBJ_ITER)) {
        r = AS_ITER(it)->next(ts, AS_ITER(it), &out);
        if (r == 0)
            out = NONE_VAL;
    } else if (IS_GENERATOR(it) && AS_OBJ(it)->cls == TYPE(ts, GENERATOR)) {
        r = gen_send(ts, AS_GENERATOR(it), NONE_VAL, &out);
    } else {
        if (IS_UNDEF(class_lookup(obj_class(ts, it), NAME(ts, next))))
            return RAISE(ts, TypeError, "'%s' object is not an iterator",
                         obj_type_name(ts, it));
        Value v = obj_call_method(ts, it, NAME(ts, next), 0, NULL);
        if (IS_ERR(v) && argc == 2 &&
            exc_matches(ts, TYPE(ts, StopIteration))) {
            exc_clear(ts);
            return argv[1];
        }
        return v;
    }
    if (r > 0)
        return out;
    if (r < 0)
        return ERR_VAL;
    if (argc == 2)
        return argv[1];
    return exc_raise_stop_iteration(ts, out);
}

/* -------------------------------------------------- asynchronous iteration */

static Value bi_aiter(ThreadState *ts, int argc, Value *argv,
                      ObjTuple *kwnames)
{
    if (args_no_kwargs(ts, "aiter", kwnames) < 0 ||
        args_count(ts, "aiter", argc, 1, 1) < 0)
        return ERR_VAL;
    if (IS_UNDEF(class_lookup(obj_class(ts, argv[0]), NAME(ts, aiter))))
        return RAISE(ts, TypeError, "'%s' object is not an async iterable",
                     obj_type_name(ts, argv[0]));
    Value it = obj_call_method(ts, argv[0], NAME(ts, aiter), 0, NULL);
    if (IS_ERR(it))
        return it;
    if (IS_UNDEF(class_lookup(obj_class(ts, it), NAME(ts, anext))))
        return RAISE(ts, TypeError,
                     "aiter() returned not an async iterator of type '%s'",
                     obj_type_name(ts, it));
    return it;
}

/* anext(it, default) returns an anext_awaitable: it drives the awaitable
 * that it.__anext__() returned and turns StopAsyncIteration into finishing
 * with [dflt].  The awaitable's iterator (itself for a coroutine, else
 * what __await__ returns) is found on the first step. */
typedef struct AnextAwaitable {
    Value awaitable;
    Value iter; /* UNDEF until the first step */
    Value dflt;
} AnextAwaitable;

static void anext_mark(Interp *interp, void *data)
{
    AnextAwaitable *a = data;
    gc_mark_value(interp, a->awaitable);
    gc_mark_value(interp, a->iter);
    gc_mark_value(interp, a->dflt);
}

static const NativeDataType anext_type = {"anext_awaitable", anext_mark,
                                          free};

static AnextAwaitable *anext_self(ThreadState *ts, int argc, Value *argv)
{
    if (argc >= 1 && IS_KIND(argv[0], OBJ_NATIVE_DATA) &&
        AS_NATIVE_DATA(argv[0])->type == &anext_type)
        return AS_NATIVE_DATA(argv[0])->data;
    RAISE(ts, TypeError, "descriptor requires an 'anext_awaitable' object");
    return NULL;
}

static Value anext_iter(ThreadState *ts, AnextAwaitable *a)
{
    if (!IS_UNDEF(a->iter))
        return a->iter;
    Value aw = a->awaitable;
    Value it = aw;
    if (!(IS_GENERATOR(aw) && AS_OBJ(aw)->cls == TYPE(ts, COROUTINE))) {
        if (IS_UNDEF(class_lookup(obj_class(ts, aw), NAME(ts, await))))
            return RAISE(ts, TypeError,
                         "'%s' object can't be awaited",
                         obj_type_name(ts, aw));
        it = obj_call_method(ts, aw, NAME(ts, await), 0, NULL);
        if (IS_ERR(it))
            return it;
    }
    a->iter = it;
    return it;
}

/* One step of the wrapped awaitable: [method] of its iterator with
 * [argc] arguments. */
static Value anext_step(ThreadState *ts, int argc, Value *argv,
                        ObjStr *method, int nargs)
{
    AnextAwaitable *a = anext_self(ts, argc, argv);
    if (!a)
        return ERR_VAL;
    Value it = anext_iter(ts, a);
    if (IS_ERR(it))
        return it;
    Value r = obj_call_method(ts, it, method, nargs, argv + 1);
    if (IS_ERR(r) && exc_matches(ts, TYPE(ts, StopAsyncIteration))) {
        exc_clear(ts);
        return exc_raise_stop_iteration(ts, a->dflt);
    }
    return r;
}

static Value anext_m_self(ThreadState *ts, int argc, Value *argv,
                          ObjTuple *kwnames)
{
    (void)kwnames;
    return anext_self(ts, argc, argv) ? argv[0] : ERR_VAL;
}

static Value anext_m_next(ThreadState *ts, int argc, Value *argv,
                          ObjTuple *kwnames)
{
    (void)kwnames;
    return anext_step(ts, argc, argv, NAME(ts, next), 0);
}

static Value anext_m_send(ThreadState *ts, int argc, Value *argv,
                          ObjTuple *kwnames)
{
    if (args_no_kwargs(ts, "send", kwnames) < 0 ||
        args_count(ts, "send", argc, 2, 2) < 0)
        return ERR_VAL;
    if (IS_NONE(argv[1]))
        return anext_step(ts, argc, argv, NAME(ts, next), 0);
    return anext_step(ts, argc, argv, NAME(ts, send), 1);
}

static Value anext_m_throw(ThreadState *ts, int argc, Value *argv,
                           ObjTuple *kwnames)
{
    if (args_no_kwargs(ts, "throw", kwnames) < 0 ||
        args_count(ts, "throw", argc, 2, 4) < 0)
        return ERR_VAL;
    return anext_step(ts, argc, argv, NAME(ts, throw_), argc - 1);
}

static Value anext_m_close(ThreadState *ts, int argc, Value *argv,
                           ObjTuple *kwnames)
{
    (void)kwnames;
    AnextAwaitable *a = anext_self(ts, argc, argv);
    if (!a)
        return ERR_VAL;
    if (IS_UNDEF(a->iter))
        return NONE_VAL;
    Value m;
    int r = obj_getattr_opt(ts, a->iter, NAME(ts, close), &m);
    if (r <= 0)
        return r < 0 ? ERR_VAL : NONE_VAL;
    return obj_call(ts, m, 0, NULL, NULL);
}

static void register_anext_awaitable(ThreadState *ts)
{
    ObjClass *cls = TYPE(ts, ANEXT_AWAITABLE);
    class_add_native(ts, cls, "__await__", anext_m_self);
    class_add_native(ts, cls, "__iter__", anext_m_self);
    class_add_native(ts, cls, "__next__", anext_m_next);
    class_add_native(ts, cls, "send", anext_m_send);
    class_add_native(ts, cls, "throw", anext_m_throw);
    class_add_native(ts, cls, "close", anext_m_close);
}

static Value bi_anext(ThreadState *ts, int argc, Value *argv,
                      ObjTuple *kwnames)
{
    if (args_no_kwargs(ts, "anext", kwnames) < 0 ||
        args_count(ts, "anext", argc, 1, 2) < 0)
        return ERR_VAL;
    if (IS_UNDEF(class_lookup(obj_class(ts, argv[0]), NAME(ts, anext))))
        return RAISE(ts, TypeError, "'%s' object is not an async iterator",
                     obj_type_name(ts, argv[0]));
    Value aw = obj_call_method(ts, argv[0], NAME(ts, anext), 0, NULL);
    if (IS_ERR(aw) || argc == 1)
        return aw;
    AnextAwaitable *a = malloc(sizeof *a);
    if (!a)
        return exc_no_memory(ts);
    a->awaitable = aw;
    a->iter = UNDEF_VAL;
    a->dflt = argv[1];
    PROTECT(ts, aw);
    ObjNativeData *o = gc_alloc(ts, sizeof(ObjNativeData), OBJ_NATIVE_DATA,
                                TYPE(ts, ANEXT_AWAITABLE));
    UNPROTECT(ts, 1);
    if (!o) {
        free(a);
        return ERR_VAL;
    }
    o->type = &anext_type;
    o->data = a;
    return OBJ_VAL(o);
}

/* -------------------------------------------------- classes and attributes */

/* 1 if [v] is an instance of [info] (a class or a nested tuple of
 * classes), 0 if not, -1 on a bad [info]. */
static int check_instance(ThreadState *ts, Value v, Value info, bool sub)
{
    if (IS_CLASS(info)) {
        if (sub)
            return class_is_subclass(AS_CLASS(v), AS_CLASS(info));
        return obj_isinstance(ts, v, AS_CLASS(info));
    }
    if (IS_TUPLE(info)) {
        ObjTuple *t = AS_TUPLE(info);
        for (size_t i = 0; i < t->len; i++) {
            int r = check_instance(ts, v, t->items[i], sub);
            if (r != 0)
                return r;
        }
        return 0;
    }
    if (sub)
        RAISE(ts, TypeError, "issubclass() arg 2 must be a class, a tuple of "
                             "classes, or a union");
    else
        RAISE(ts, TypeError, "isinstance() arg 2 must be a type, a tuple of "
                             "types, or a union");
    return -1;
}

static Value bi_isinstance(ThreadState *ts, int argc, Value *argv,
                           ObjTuple *kwnames)
{
    if (args_no_kwargs(ts, "isinstance", kwnames) < 0)
        return ERR_VAL;
    if (argc != 2)
        return RAISE(ts, TypeError, "isinstance expected 2 arguments, got %d",
                     argc);
    int r = check_instance(ts, argv[0], argv[1], false);
    return r < 0 ? ERR_VAL : BOOL_VAL(r);
}

static Value bi_issubclass(ThreadState *ts, int argc, Value *argv,
                           ObjTuple *kwnames)
{
    if (args_no_kwargs(ts, "issubclass", kwnames) < 0)
        return ERR_VAL;
    if (argc != 2)
        return RAISE(ts, TypeError, "issubclass expected 2 arguments, got %d",
                     argc);
    if (!IS_CLASS(argv[0]))
        return RAISE(ts, TypeError, "issubclass() arg 1 must be a class");
    int r = check_instance(ts, argv[0], argv[1], true);
    return r < 0 ? ERR_VAL : BOOL_VAL(r);
}

/* The interned attribute name in [v], or NULL with TypeError. */
static ObjStr *attr_name(ThreadState *ts, Value v)
{
    if (!IS_STR(v)) {
        RAISE(ts, TypeError, "attribute name must be string, not '%s'",
              obj_type_name(ts, v));
        return NULL;
    }
    ObjStr *s = AS_STR(v);
    return s->interned ? s : str_intern(ts, s->data, s->len);
}

static Value bi_getattr(ThreadState *ts, int argc, Value *argv,
                        ObjTuple *kwnames)
{
    if (args_no_kwargs(ts, "getattr", kwnames) < 0)
        return ERR_VAL;
    if (argc < 2 || argc > 3)
        return RAISE(ts, TypeError, "getattr expected at %s argument%s, got %d",
                     argc < 2 ? "least 2" : "most 3", argc < 2 ? "s" : "s",
                     argc);
    ObjStr *name = attr_name(ts, argv[1]);
    if (!name)
        return ERR_VAL;
    PROTECT_OBJ(ts, name);
    Value out;
    int r;
    if (argc == 2) {
        out = obj_getattr(ts, argv[0], name);
        r = IS_ERR(out) ? -1 : 1;
    } else {
        r = obj_getattr_opt(ts, argv[0], name, &out);
    }
    UNPROTECT(ts, 1);
    if (r < 0)
        return ERR_VAL;
    return r ? out : argv[2];
}

static Value bi_hasattr(ThreadState *ts, int argc, Value *argv,
                        ObjTuple *kwnames)
{
    if (args_no_kwargs(ts, "hasattr", kwnames) < 0)
        return ERR_VAL;
    if (argc != 2)
        return RAISE(ts, TypeError, "hasattr expected 2 arguments, got %d",
                     argc);
    ObjStr *name = attr_name(ts, argv[1]);
    if (!name)
        return ERR_VAL;
    Value out;
    PROTECT_OBJ(ts, name);
    int r = obj_getattr_opt(ts, argv[0], name, &out);
    UNPROTECT(ts, 1);
    return r < 0 ? ERR_VAL : BOOL_VAL(r);
}

static Value bi_setattr(ThreadState *ts, int argc, Value *argv,
                        ObjTuple *kwnames)
{
    if (args_no_kwargs(ts, "setattr", kwnames) < 0)
        return ERR_VAL;
    if (argc != 3)
        return RAISE(ts, TypeError, "setattr expected 3 arguments, got %d",
                     argc);
    ObjStr *name = attr_name(ts, argv[1]);
    if (!name)
        return ERR_VAL;
    PROTECT_OBJ(ts, name);
    int r = obj_setattr(ts, argv[0], name, argv[2]);
    UNPROTECT(ts, 1);
    return r < 0 ? ERR_VAL : NONE_VAL;
}

static Value bi_delattr(ThreadState *ts, int argc, Value *argv,
                        ObjTuple *kwnames)
{
    if (args_no_kwargs(ts, "delattr", kwnames) < 0)
        return ERR_VAL;
    if (argc != 2)
        return RAISE(ts, TypeError, "delattr expected 2 arguments, got %d",
                     argc);
    ObjStr *name = attr_name(ts, argv[1]);
    if (!name)
        return ERR_VAL;
    PROTECT_OBJ(ts, name);
    int r = obj_delattr(ts, argv[0], name);
    UNPROTECT(ts, 1);
    return r < 0 ? ERR_VAL : NONE_VAL;
}

/* ------------------------------------------------ namespaces: vars, dir */

static Value bi_globals(ThreadState *ts, int argc, Value *argv,
                        ObjTuple *kwnames)
{
    if (args_count(ts, "globals", argc, 0, 0) < 0)
        return ERR_VAL;
    if (ts->frame && ts->frame->globals)
        return OBJ_VAL(ts->frame->globals);
    return ts->interp->main_module ? OBJ_VAL(ts->interp->main_module->dict)
                                   : NONE_VAL;
}

/* locals(): the namespace dict of a module or class body; for a function
 * a fresh snapshot of its bound fast locals and cells. */
static Value current_locals(ThreadState *ts)
{
    Frame *f = ts->frame;
    if (!f)
        return ts->interp->main_module
                   ? OBJ_VAL(ts->interp->main_module->dict)
                   : NONE_VAL;
    if (f->locals)
        return OBJ_VAL(f->locals);
    /* module-level code, also when it runs as a coroutine (a REPL input
     * with a top-level await): its names are the globals */
    if (!f->func || !(f->code->flags & CODE_OPTIMIZED))
        return OBJ_VAL(f->globals);
    ObjDict *d = dict_new(ts);
    if (!d)
        return ERR_VAL;
    PROTECT_OBJ(ts, d);
    ObjCode *code = f->code;
    for (int i = 0; i < code->nlocals; i++) {
        if (IS_UNDEF(f->slots[i]))
            continue;
        if (dict_set_str(ts, d, code->varnames[i], f->slots[i]) < 0)
            goto fail;
    }
    size_t ncells = code->ncellvars + code->nfreevars;
    for (size_t j = 0; j < ncells; j++) {
        Value c = f->slots[code->nlocals + j];
        if (!IS_KIND(c, OBJ_CELL) || IS_UNDEF(AS_CELL(c)->value))
            continue;
        ObjStr *name = j < code->ncellvars
                           ? code->cellvars[j]
                           : code->freevars[j - code->ncellvars];
        if (dict_set_str(ts, d, name, AS_CELL(c)->value) < 0)
            goto fail;
    }
    UNPROTECT(ts, 1);
    return OBJ_VAL(d);
fail:
    UNPROTECT(ts, 1);
    return ERR_VAL;
}

static Value bi_locals(ThreadState *ts, int argc, Value *argv,
                       ObjTuple *kwnames)
{
    if (args_count(ts, "locals", argc, 0, 0) < 0)
        return ERR_VAL;
    return current_locals(ts);
}

static Value bi_vars(ThreadState *ts, int argc, Value *argv,
                     ObjTuple *kwnames)
{
    if (args_no_kwargs(ts, "vars", kwnames) < 0 ||
        args_count(ts, "vars", argc, 0, 1) < 0)
        return ERR_VAL;
    if (argc == 0)
        return current_locals(ts);
    Value out;
    int r = obj_getattr_opt(ts, argv[0], NAME(ts, dict), &out);
    if (r < 0)
        return ERR_VAL;
    if (r == 0)
        return RAISE(ts, TypeError,
                     "vars() argument must have __dict__ attribute");
    return out;
}

static int add_keys(ThreadState *ts, ObjDict *names, ObjDict *src)
{
    if (!src)
        return 0;
    size_t pos = 0;
    Value k, v;
    while (dict_next(src, &pos, &k, &v))
        if (IS_STR(k) && dict_set(ts, names, k, NONE_VAL) < 0)
            return -1;
    return 0;
}

static int add_class_chain(ThreadState *ts, ObjDict *names, ObjClass *cls)
{
    for (; cls; cls = cls->base)
        if (add_keys(ts, names, cls->dict) < 0)
            return -1;
    return 0;
}

static Value bi_dir(ThreadState *ts, int argc, Value *argv,
                    ObjTuple *kwnames)
{
    if (args_no_kwargs(ts, "dir", kwnames) < 0 ||
        args_count(ts, "dir", argc, 0, 1) < 0)
        return ERR_VAL;
    ObjDict *names = dict_new(ts);
    if (!names)
        return ERR_VAL;
    PROTECT_OBJ(ts, names);
    int r = 0;
    if (argc == 0) {
        Value loc = current_locals(ts);
        r = IS_ERR(loc) ? -1
            : IS_DICT(loc) ? add_keys(ts, names, AS_DICT(loc))
                           : 0;
    } else {
        Value v = argv[0];
        ObjStr *dirname = str_intern_cstr(ts, "__dir__");
        ObjClass *cls = obj_class(ts, v);
        Value custom = dirname ? class_lookup(cls, dirname) : UNDEF_VAL;
        if (!IS_UNDEF(custom) && !IS_KIND(custom, OBJ_NATIVE)) {
            Value res = obj_call_method(ts, v, dirname, 0, NULL);
            UNPROTECT(ts, 1);
            if (IS_ERR(res))
                return res;
            ObjList *l = list_from_iterable(ts, res);
            if (!l)
                return ERR_VAL;
            PROTECT_OBJ(ts, l);
            r = list_sort(ts, l, NONE_VAL, false);
            UNPROTECT(ts, 1);
            return r < 0 ? ERR_VAL : OBJ_VAL(l);
        }
        switch (IS_OBJ(v) ? OBJ_KIND(v) : OBJ_NONE_KIND) {
        case OBJ_MODULE:
            r = add_keys(ts, names, AS_MODULE(v)->dict);
            break;
        case OBJ_CLASS:
            r = add_class_chain(ts, names, AS_CLASS(v));
            break;
        case OBJ_INSTANCE:
            r = add_keys(ts, names, AS_INSTANCE(v)->dict);
            if (r == 0)
                r = add_class_chain(ts, names, cls);
            break;
        case OBJ_EXCEPTION:
            r = add_keys(ts, names, AS_EXCEPTION(v)->dict);
            if (r == 0)
                r = add_class_chain(ts, names, cls);
            break;
        case OBJ_FUNCTION:
            r = add_keys(ts, names, AS_FUNCTION(v)->dict);
            if (r == 0)
                r = add_class_chain(ts, names, cls);
            break;
        default:
            r = add_class_chain(ts, names, cls);
            break;
        }
    }
    if (r < 0) {
        UNPROTECT(ts, 1);
        return ERR_VAL;
    }
    ObjList *l = list_from_iterable(ts, OBJ_VAL(names));
    if (!l) {
        UNPROTECT(ts, 1);
        return ERR_VAL;
    }
    PROTECT_OBJ(ts, l);
    r = list_sort(ts, l, NONE_VAL, false);
    UNPROTECT(ts, 2);
    return r < 0 ? ERR_VAL : OBJ_VAL(l);
}

/* The iterator builtins are classes, as in CPython (type(zip()) is zip):
 * each is a built-in subclass of the iterator class whose construct hook
 * runs the function above and stamps the new ObjIter with the class. */
static const struct {
    const char *name;
    NativeFn fn;
} iterator_classes[] = {
    {"enumerate", bi_enumerate}, {"zip", bi_zip},
    {"map", bi_map},             {"filter", bi_filter},
    {"reversed", bi_reversed},
};

static Value iterator_construct(ThreadState *ts, ObjClass *cls, int argc,
                                Value *argv, ObjTuple *kwnames)
{
    for (size_t i = 0; i < sizeof iterator_classes / sizeof *iterator_classes;
         i++) {
        if (strcmp(cls->name->data, iterator_classes[i].name) != 0)
            continue;
        Value r = iterator_classes[i].fn(ts, argc, argv, kwnames);
        /* reversed() may hand back another iterator (list_reverseiterator,
         * a range iterator, __reversed__'s result): only its own kind
         * becomes an instance of the class */
        if (IS_KIND(r, OBJ_ITER) &&
            strcmp(AS_ITER(r)->type_name, cls->name->data) == 0)
            AS_OBJ(r)->cls = cls;
        return r;
    }
    return RAISE(ts, TypeError, "cannot create '%s' instances",
                 cls->name->data);
}

static void add_iterator_classes(ThreadState *ts, ObjDict *b)
{
    for (size_t i = 0; i < sizeof iterator_classes / sizeof *iterator_classes;
         i++) {
        ObjStr *name = str_intern_cstr(ts, iterator_classes[i].name);
        if (!name)
            return;
        PROTECT_OBJ(ts, name);
        ObjClass *cls = class_new(ts, name, TYPE(ts, ITERATOR), NULL);
        if (cls) {
            cls->is_builtin = true;
            cls->instance_kind = OBJ_ITER;
            cls->construct = iterator_construct;
            PROTECT_OBJ(ts, cls);
            dict_set_str(ts, b, name, OBJ_VAL(cls));
            UNPROTECT(ts, 1);
        }
        UNPROTECT(ts, 1);
    }
}

/* ------------------------------------------------------------ eval, exec */

/* The namespace eval/exec run in: the dict given, or the caller's.  Code
 * runs with one dict as globals and locals (vm_run_module), so inside a
 * function it gets a copy of the globals with the function's locals laid
 * over them: reads see everything, writes stay in the copy. */
static Value exec_namespace(ThreadState *ts, const char *fname, Value globals,
                            Value locals)
{
    if (!IS_UNDEF(locals) && !IS_NONE(locals)) {
        if (!IS_DICT(locals))
            return RAISE(ts, TypeError, "locals must be a mapping");
        if (IS_UNDEF(globals) || IS_NONE(globals))
            return locals;
    }
    if (!IS_UNDEF(globals) && !IS_NONE(globals)) {
        if (!IS_DICT(globals))
            return RAISE(ts, TypeError, "%s() globals must be a dict, not %s",
                         fname, obj_type_name(ts, globals));
        if (IS_UNDEF(locals) || IS_NONE(locals) ||
            value_is(locals, globals))
            return globals;
        ObjDict *d = dict_copy(ts, AS_DICT(globals));
        if (!d)
            return ERR_VAL;
        PROTECT_OBJ(ts, d);
        int r = dict_update(ts, d, locals);
        UNPROTECT(ts, 1);
        return r < 0 ? ERR_VAL : OBJ_VAL(d);
    }
    Frame *f = ts->frame;
    if (!f)
        return ts->interp->main_module
                   ? OBJ_VAL(ts->interp->main_module->dict)
                   : RAISE(ts, SystemError, "%s(): no current frame", fname);
    if (f->locals && f->locals != f->globals) {
        ObjDict *d = dict_copy(ts, f->globals);
        if (!d)
            return ERR_VAL;
        PROTECT_OBJ(ts, d);
        int r = dict_update(ts, d, OBJ_VAL(f->locals));
        UNPROTECT(ts, 1);
        return r < 0 ? ERR_VAL : OBJ_VAL(d);
    }
    if (!f->func)
        return OBJ_VAL(f->globals);
    Value loc = current_locals(ts);
    if (IS_ERR(loc))
        return loc;
    PROTECT(ts, loc);
    ObjDict *d = dict_copy(ts, f->globals);
    int r = d ? (PROTECT_OBJ(ts, d), dict_update(ts, d, loc)) : -1;
    UNPROTECT(ts, d ? 2 : 1);
    return r < 0 ? ERR_VAL : OBJ_VAL(d);
}

static Value eval_exec(ThreadState *ts, int argc, Value *argv,
                       ObjTuple *kwnames, bool is_eval)
{
    const char *fname = is_eval ? "eval" : "exec";
    static const ArgSpec eval_spec = {"eval", 3, 1,
                                      {NULL, "globals", "locals"}};
    static const ArgSpec exec_spec = {"exec", 3, 1,
                                      {NULL, "globals", "locals"}};
    Value a[3];
    if (args_parse(ts, is_eval ? &eval_spec : &exec_spec, argc, argv,
                   kwnames, a) < 0)
        return ERR_VAL;
    if (IS_KIND(a[0], OBJ_CODE)) {
        Value ns = exec_namespace(ts, fname, a[1], a[2]);
        if (IS_ERR(ns))
            return ns;
        PROTECT(ts, ns);
        Value r = vm_run_module(ts, AS_CODE(a[0]), AS_DICT(ns));
        UNPROTECT(ts, 1);
        return is_eval || IS_ERR(r) ? r : NONE_VAL;
    }
    if (!IS_STR(a[0]))
        return RAISE(ts, TypeError,
                     "%s() arg 1 must be a string, bytes or code object",
                     fname);
    ObjStr *src = AS_STR(a[0]);
    /* eval ignores leading blanks, as CPython does */
    const char *text = src->data;
    size_t len = src->len;
    if (is_eval)
        while (len > 0 && (*text == ' ' || *text == '\t')) {
            text++;
            len--;
        }
    Value ns = exec_namespace(ts, fname, a[1], a[2]);
    if (IS_ERR(ns))
        return ns;
    PROTECT(ts, ns);
    ObjCode *code = run_compile(ts, text, len, "<string>",
                                is_eval ? PARSE_EVAL : PARSE_FILE, NULL);
    if (!code) {
        UNPROTECT(ts, 1);
        return ERR_VAL;
    }
    PROTECT_OBJ(ts, code);
    Value r = vm_run_module(ts, code, AS_DICT(ns));
    UNPROTECT(ts, 2);
    return is_eval || IS_ERR(r) ? r : NONE_VAL;
}

static Value bi_eval(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    return eval_exec(ts, argc, argv, kw, true);
}

static Value bi_exec(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    return eval_exec(ts, argc, argv, kw, false);
}

/* ----------------------------------------------------------------- exit */

static Value bi_exit(ThreadState *ts, int argc, Value *argv,
                     ObjTuple *kwnames)
{
    if (args_no_kwargs(ts, "exit", kwnames) < 0 ||
        args_count(ts, "exit", argc, 0, 1) < 0)
        return ERR_VAL;
    ObjTuple *args = tuple_from_array(ts, argv, (size_t)argc);
    if (!args)
        return ERR_VAL;
    PROTECT_OBJ(ts, args);
    Value e = exc_new(ts, TYPE(ts, SystemExit), args);
    UNPROTECT(ts, 1);
    if (IS_ERR(e))
        return e;
    return exc_raise_value(ts, e);
}

/* --------------------------------------------------------------- register */

static const struct {
    const char *name;
    NativeFn fn;
} builtin_functions[] = {
    {"print", bi_print},         {"input", bi_input},
    {"len", bi_len},             {"repr", bi_repr},
    {"ascii", bi_ascii},         {"abs", bi_abs},
    {"round", bi_round},         {"divmod", bi_divmod},
    {"pow", bi_pow},             {"min", bi_min},
    {"max", bi_max},             {"sum", bi_sum},
    {"sorted", bi_sorted},
    {"any", bi_any},             {"all", bi_all},
    {"iter", bi_iter},           {"next", bi_next},
    {"aiter", bi_aiter},         {"anext", bi_anext},
    {"isinstance", bi_isinstance}, {"issubclass", bi_issubclass},
    {"hasattr", bi_hasattr},     {"getattr", bi_getattr},
    {"setattr", bi_setattr},     {"delattr", bi_delattr},
    {"id", bi_id},               {"hash", bi_hash},
    {"callable", bi_callable},   {"ord", bi_ord},
    {"chr", bi_chr},             {"hex", bi_hex},
    {"bin", bi_bin},             {"oct", bi_oct},
    {"format", bi_format},       {"vars", bi_vars},
    {"dir", bi_dir},             {"globals", bi_globals},
    {"locals", bi_locals},       {"exit", bi_exit},
    {"quit", bi_exit},           {"__build_class__", class_build},
    {"eval", bi_eval},           {"exec", bi_exec},
};

/* Built-in classes that CPython exposes in builtins (the rest of the
 * non-exception table, like NoneType or function, it does not). */
static const TypeId builtin_classes[] = {
    TY_OBJECT, TY_TYPE,  TY_INT,   TY_BOOL,      TY_FLOAT,
    TY_STR,    TY_BYTES, TY_TUPLE, TY_LIST,      TY_DICT,
    TY_SET,    TY_FROZENSET, TY_RANGE, TY_SLICE, TY_PROPERTY,
    TY_STATICMETHOD, TY_CLASSMETHOD, TY_SUPER,
};

void builtins_init(ThreadState *ts)
{
    Interp *in = ts->interp;
    ObjDict *b = in->builtins;
    for (size_t i = 0; i < sizeof builtin_classes / sizeof *builtin_classes;
         i++) {
        ObjClass *cls = in->types[builtin_classes[i]];
        if (cls)
            dict_set_str(ts, b, cls->name, OBJ_VAL(cls));
    }
    for (int id = TY_BaseException; id < TY__COUNT; id++) {
        ObjClass *cls = in->types[id];
        if (cls)
            dict_set_str(ts, b, cls->name, OBJ_VAL(cls));
    }
    if (in->types[TY_OSError]) {
        dict_set_cstr(ts, b, "IOError", OBJ_VAL(in->types[TY_OSError]));
        dict_set_cstr(ts, b, "EnvironmentError",
                      OBJ_VAL(in->types[TY_OSError]));
    }
    dict_set_cstr(ts, b, "NotImplemented", in->not_implemented);
    dict_set_cstr(ts, b, "Ellipsis", in->ellipsis);
    dict_set_cstr(ts, b, "__debug__", TRUE_VAL);
    for (size_t i = 0; i < sizeof builtin_functions / sizeof *builtin_functions;
         i++)
        dict_add_fn(ts, b, builtin_functions[i].name, builtin_functions[i].fn);
    add_iterator_classes(ts, b);
    register_anext_awaitable(ts);
    file_install(ts);
    if (in->builtins_module) {
        ObjStr *bname = str_intern_cstr(ts, "builtins");
        if (bname)
            dict_set_str(ts, b, NAME(ts, name), OBJ_VAL(bname));
    }
}
