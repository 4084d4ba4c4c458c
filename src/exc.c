/* exc.c - exception objects: raising, chaining, BaseException's methods and
 * printing uncaught exceptions in CPython 3.11's format.
 *
 * An exception is an ObjException whatever its Python class, so a user
 * subclass of ValueError is still an OBJ_EXCEPTION with `args` set from the
 * call (CPython does that in BaseException.__new__, which is why it holds
 * even when a user __init__ never calls super().__init__).
 *
 * Most per-class attributes (StopIteration.value, SystemExit.code,
 * OSError.errno, SyntaxError.lineno ...) are not stored anywhere special:
 * they are computed from `args` on access unless the user (or
 * exc_raise_syntax) put a value of that name in the exception's dict, which
 * always wins.  That keeps the object layout to one struct.
 *
 * MemoryError must be raisable without allocating: exc_no_memory reuses the
 * instance interp.c preallocates in interp->memory_error.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "class.h"
#include "dict.h"
#include "exc.h"
#include "gc.h"
#include "list.h"
#include "ops.h"
#include "parse.h"
#include "str.h"
#include "strbuf.h"
#include "term.h"
#include "tuple.h"

#define SCOPE_KEY "__mpy_scope__"

static Value oserror_init(ThreadState *ts, int argc, Value *argv,
                          ObjTuple *kw);

Value exc_new(ThreadState *ts, ObjClass *cls, ObjTuple *args)
{
    if (args)
        PROTECT_OBJ(ts, args);
    ObjException *e = gc_alloc(ts, sizeof(ObjException), OBJ_EXCEPTION, cls);
    if (args)
        UNPROTECT(ts, 1);
    if (!e)
        return ERR_VAL;
    e->dict = NULL;
    e->args = args ? args : ts->interp->empty_tuple;
    e->cause = NONE_VAL;
    e->context = NONE_VAL;
    e->suppress_context = false;
    e->tb = NULL;
    e->tb_len = e->tb_cap = 0;
    return OBJ_VAL(e);
}

Value exc_new_msg(ThreadState *ts, ObjClass *cls, const char *msg)
{
    ObjStr *s = str_from_cstr(ts, msg);
    if (!s)
        return ERR_VAL;
    PROTECT_OBJ(ts, s);
    ObjTuple *t = tuple_new(ts, 1);
    if (!t) {
        UNPROTECT(ts, 1);
        return ERR_VAL;
    }
    t->items[0] = OBJ_VAL(s);
    UNPROTECT(ts, 1);
    return exc_new(ts, cls, t);
}

/* While an exception is being handled, a new one raised gets it as its
 * __context__ (implicit chaining).  A cycle in the chain would make
 * printing loop, so the new exception is cut out of the old chain. */
static void set_context(ThreadState *ts, Value exc)
{
    Value handled = ts->handled_exc;
    if (!IS_EXCEPTION(exc) || !IS_EXCEPTION(handled) ||
        value_is(handled, exc))
        return;
    ObjException *e = AS_EXCEPTION(exc);
    if (!IS_NONE(e->context))
        return;
    Value o = handled;
    int guard = 0;
    while (IS_EXCEPTION(o) && guard++ < 1000) {
        ObjException *oe = AS_EXCEPTION(o);
        if (value_is(oe->context, exc)) {
            oe->context = NONE_VAL;
            break;
        }
        o = oe->context;
    }
    e->context = handled;
}

/* A NameError keeps the names visible where it was raised (the frame's
 * local variable names and its globals) for the "Did you mean" hint the
 * report prints, as CPython finds them through the traceback's frame. */
static void remember_scope(ThreadState *ts, Value e)
{
    Frame *f = ts->frame;
    if (!f || !f->code)
        return;
    PROTECT(ts, e);
    ObjCode *code = f->code;
    ObjTuple *vars = tuple_new(ts, (size_t)code->nlocals);
    if (vars) {
        for (int i = 0; i < code->nlocals; i++)
            vars->items[i] = code->varnames && code->varnames[i]
                                 ? OBJ_VAL(code->varnames[i])
                                 : NONE_VAL;
        PROTECT_OBJ(ts, vars);
        ObjTuple *scope = tuple_new(ts, 2);
        if (scope) {
            scope->items[0] = OBJ_VAL(vars);
            scope->items[1] = f->globals ? OBJ_VAL(f->globals) : NONE_VAL;
            PROTECT_OBJ(ts, scope);
            ObjDict *d = exc_dict(ts, e);
            if (d)
                dict_set_cstr(ts, d, SCOPE_KEY, OBJ_VAL(scope));
            UNPROTECT(ts, 1);
        }
        UNPROTECT(ts, 1);
    }
    UNPROTECT(ts, 1);
    exc_clear(ts); /* the hint is optional */
}

Value exc_raise(ThreadState *ts, ObjClass *cls, const char *fmt, ...)
{
    StrBuf sb;
    sb_init(&sb);
    va_list ap;
    va_start(ap, fmt);
    sb_vprintf(&sb, fmt, ap);
    va_end(ap);
    Value e = exc_new_msg(ts, cls, sb.data ? sb.data : "");
    sb_free(&sb);
    if (IS_ERR(e))
        return ERR_VAL;
    if (cls == TYPE(ts, NameError))
        remember_scope(ts, e);
    set_context(ts, e);
    ts->exc = e;
    return ERR_VAL;
}

ObjClass *exc_os_error_class(ThreadState *ts, int err)
{
    switch (err) {
    case EAGAIN:
#if EWOULDBLOCK != EAGAIN
    case EWOULDBLOCK:
#endif
    case EALREADY:
    case EINPROGRESS:
        return TYPE(ts, BlockingIOError);
    case ECHILD:
        return TYPE(ts, ChildProcessError);
    case EPIPE:
    case ESHUTDOWN:
        return TYPE(ts, BrokenPipeError);
    case ECONNABORTED:
        return TYPE(ts, ConnectionAbortedError);
    case ECONNREFUSED:
        return TYPE(ts, ConnectionRefusedError);
    case ECONNRESET:
        return TYPE(ts, ConnectionResetError);
    case EEXIST:
        return TYPE(ts, FileExistsError);
    case ENOENT:
        return TYPE(ts, FileNotFoundError);
    case EINTR:
        return TYPE(ts, InterruptedError);
    case EISDIR:
        return TYPE(ts, IsADirectoryError);
    case ENOTDIR:
        return TYPE(ts, NotADirectoryError);
    case EACCES:
    case EPERM:
        return TYPE(ts, PermissionError);
    case ESRCH:
        return TYPE(ts, ProcessLookupError);
    case ETIMEDOUT:
        return TYPE(ts, TimeoutError);
    default:
        return TYPE(ts, OSError);
    }
}

Value exc_raise_os(ThreadState *ts, int err, const char *filename)
{
    ObjClass *cls = exc_os_error_class(ts, err);
    Value argv[4] = {NONE_VAL, INT_VAL(err), NONE_VAL, NONE_VAL};
    int argc = 3;
    ObjStr *s = str_from_cstr(ts, strerror(err));
    if (!s)
        return ERR_VAL;
    argv[2] = OBJ_VAL(s);
    PROTECT(ts, argv[2]);
    if (filename) {
        if (!(s = str_from_cstr(ts, filename))) {
            UNPROTECT(ts, 1);
            return ERR_VAL;
        }
        argv[3] = OBJ_VAL(s);
        argc = 4;
    }
    PROTECT(ts, argv[3]);
    argv[0] = exc_new(ts, cls, NULL);
    if (IS_ERR(argv[0])) {
        UNPROTECT(ts, 2);
        return ERR_VAL;
    }
    PROTECT(ts, argv[0]);
    Value r = oserror_init(ts, argc, argv, NULL);
    UNPROTECT(ts, 3);
    if (IS_ERR(r))
        return ERR_VAL;
    return exc_raise_value(ts, argv[0]);
}

Value exc_raise_value(ThreadState *ts, Value exc)
{
    ObjClass *base = TYPE(ts, BaseException);
    if (IS_CLASS(exc)) {
        if (!class_is_subclass(AS_CLASS(exc), base))
            return RAISE(ts, TypeError,
                         "exceptions must derive from BaseException");
        Value inst = obj_call(ts, exc, 0, NULL, NULL);
        if (IS_ERR(inst))
            return ERR_VAL;
        if (!IS_EXCEPTION(inst))
            return RAISE(ts, TypeError,
                         "calling %s should have returned an instance of "
                         "BaseException, not %s",
                         obj_type_name(ts, exc), obj_type_name(ts, inst));
        exc = inst;
    } else if (!IS_EXCEPTION(exc)) {
        return RAISE(ts, TypeError,
                     "exceptions must derive from BaseException");
    }
    set_context(ts, exc);
    ts->exc = exc;
    return ERR_VAL;
}

Value exc_no_memory(ThreadState *ts)
{
    Value e = ts->interp->memory_error;
    if (IS_EXCEPTION(e)) {
        ObjException *x = AS_EXCEPTION(e);
        x->tb_len = 0;
        x->cause = NONE_VAL;
        x->context = NONE_VAL;
        x->suppress_context = false;
        ts->exc = e;
        return ERR_VAL;
    }
    /* Start-up has not got that far: nothing better than giving up. */
    fputs("mpy: out of memory\n", stderr);
    abort();
}

Value exc_raise_stop_iteration(ThreadState *ts, Value value)
{
    if (IS_NONE(value) || IS_UNDEF(value))
        return exc_raise_value(ts, OBJ_VAL(TYPE(ts, StopIteration)));
    ObjTuple *args = tuple_from_array(ts, &value, 1);
    if (!args)
        return ERR_VAL;
    PROTECT_OBJ(ts, args);
    Value e = exc_new(ts, TYPE(ts, StopIteration), args);
    UNPROTECT(ts, 1);
    if (IS_ERR(e))
        return e;
    return exc_raise_value(ts, e);
}

bool exc_pending(ThreadState *ts)
{
    return !IS_UNDEF(ts->exc);
}

bool exc_matches(ThreadState *ts, ObjClass *cls)
{
    if (IS_UNDEF(ts->exc))
        return false;
    return class_is_subclass(obj_class(ts, ts->exc), cls);
}

Value exc_fetch(ThreadState *ts)
{
    Value e = ts->exc;
    ts->exc = UNDEF_VAL;
    return e;
}

void exc_clear(ThreadState *ts)
{
    ts->exc = UNDEF_VAL;
}

void exc_add_traceback(ThreadState *ts, Value exc, ObjStr *filename,
                       ObjStr *funcname, int lineno)
{
    exc_add_traceback_at(ts, exc, filename, funcname, lineno, lineno, -1, -1);
}

void exc_add_traceback_at(ThreadState *ts, Value exc, ObjStr *filename,
                          ObjStr *funcname, int lineno, int end_lineno, int col,
                          int end_col)
{
    if (!IS_EXCEPTION(exc))
        return;
    ObjException *e = AS_EXCEPTION(exc);
    if (e->tb_len == e->tb_cap) {
        size_t ncap = e->tb_cap ? e->tb_cap * 2 : 8;
        /* gc_realloc_mem may raise MemoryError into ts->exc: keep ours. */
        Value saved = ts->exc;
        TracebackEntry *n = gc_realloc_mem(ts, e->tb,
                                           e->tb_cap * sizeof(TracebackEntry),
                                           ncap * sizeof(TracebackEntry));
        ts->exc = saved;
        if (!n)
            return;
        e->tb = n;
        e->tb_cap = ncap;
    }
    memmove(e->tb + 1, e->tb, e->tb_len * sizeof(TracebackEntry));
    e->tb[0].filename = filename;
    e->tb[0].funcname = funcname;
    e->tb[0].lineno = lineno;
    e->tb[0].end_lineno = end_lineno;
    e->tb[0].col = col;
    e->tb[0].end_col = end_col;
    e->tb_len++;
}

/* -- attributes ---------------------------------------------------------- */

static Value arg_or_none(ObjException *e, size_t i)
{
    return e->args && e->args->len > i ? e->args->items[i] : NONE_VAL;
}

static bool name_is(ObjStr *name, const char *s)
{
    return strcmp(name->data, s) == 0;
}

/* e.__traceback__: mpy keeps tracebacks as a C array, so the objects
 * Python code sees are made on demand: a chain of `traceback` instances,
 * outermost first, with tb_lineno, tb_next and (always None) tb_frame.
 * The class is made once and kept in BaseException's dict. */
static Value traceback_object(ThreadState *ts, Value exc)
{
    ObjException *e = AS_EXCEPTION(exc);
    if (e->tb_len == 0)
        return NONE_VAL;
    ObjClass *be = TYPE(ts, BaseException);
    ObjStr *key = str_intern_cstr(ts, "__traceback_type__");
    if (!key)
        return ERR_VAL;
    Value cls;
    if (!dict_get_str(be->dict, key, &cls)) {
        PROTECT_OBJ(ts, key);
        ObjStr *n = str_intern_cstr(ts, "traceback");
        ObjClass *c = n ? class_new(ts, n, NULL, NULL) : NULL;
        if (!c) {
            UNPROTECT(ts, 1);
            return ERR_VAL;
        }
        c->is_builtin = true;
        cls = OBJ_VAL(c);
        PROTECT(ts, cls);
        int r = dict_set_str(ts, be->dict, key, cls);
        UNPROTECT(ts, 2);
        if (r < 0)
            return ERR_VAL;
    }
    PROTECT(ts, exc);
    PROTECT(ts, cls);
    Value next = NONE_VAL;
    for (size_t i = e->tb_len; i-- > 0;) {
        PROTECT(ts, next);
        Value tb = instance_new(ts, AS_CLASS(cls));
        if (IS_ERR(tb)) {
            UNPROTECT(ts, 3);
            return ERR_VAL;
        }
        PROTECT(ts, tb);
        ObjDict *d = AS_INSTANCE(tb)->dict;
        int r = dict_set_cstr(ts, d, "tb_lineno", INT_VAL(e->tb[i].lineno));
        if (r == 0)
            r = dict_set_cstr(ts, d, "tb_next", next);
        if (r == 0)
            r = dict_set_cstr(ts, d, "tb_frame", NONE_VAL);
        UNPROTECT(ts, 2);
        if (r < 0) {
            UNPROTECT(ts, 2);
            return ERR_VAL;
        }
        next = tb;
    }
    UNPROTECT(ts, 2);
    return next;
}

int exc_getattr(ThreadState *ts, Value exc, ObjStr *name, Value *out)
{
    ObjException *e = AS_EXCEPTION(exc);
    if (name == NAME(ts, args)) {
        *out = OBJ_VAL(e->args);
        return 1;
    }
    if (name_is(name, "__cause__")) {
        *out = e->cause;
        return 1;
    }
    if (name_is(name, "__context__")) {
        *out = e->context;
        return 1;
    }
    if (name_is(name, "__suppress_context__")) {
        *out = BOOL_VAL(e->suppress_context);
        return 1;
    }
    if (e->dict && dict_get_str(e->dict, name, out))
        return 1;
    if (name_is(name, "__traceback__")) {
        *out = traceback_object(ts, exc);
        return IS_ERR(*out) ? -1 : 1;
    }
    ObjClass *cls = e->obj.cls;
    if (class_is_subclass(cls, TYPE(ts, StopIteration)) && name == NAME(ts, value)) {
        *out = arg_or_none(e, 0);
        return 1;
    }
    if (class_is_subclass(cls, TYPE(ts, SystemExit)) && name_is(name, "code")) {
        if (e->args->len == 0)
            *out = NONE_VAL;
        else if (e->args->len == 1)
            *out = e->args->items[0];
        else
            *out = OBJ_VAL(e->args);
        return 1;
    }
    if (class_is_subclass(cls, TYPE(ts, OSError))) {
        bool two = e->args->len >= 2;
        if (name_is(name, "errno")) {
            *out = two ? e->args->items[0] : NONE_VAL;
            return 1;
        }
        if (name_is(name, "strerror")) {
            *out = two ? e->args->items[1] : NONE_VAL;
            return 1;
        }
        if (name_is(name, "filename")) {
            *out = e->args->len >= 3 ? e->args->items[2] : NONE_VAL;
            return 1;
        }
        if (name_is(name, "filename2")) {
            *out = NONE_VAL;
            return 1;
        }
    }
    if (class_is_subclass(cls, TYPE(ts, SyntaxError))) {
        if (name_is(name, "msg")) {
            *out = arg_or_none(e, 0);
            return 1;
        }
        static const char *const fields[] = {"filename", "lineno", "offset",
                                             "text", "end_lineno",
                                             "end_offset", "print_file_and_line"};
        for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
            if (name_is(name, fields[i])) {
                Value info = arg_or_none(e, 1);
                if (IS_TUPLE(info) && AS_TUPLE(info)->len > i && i < 6)
                    *out = AS_TUPLE(info)->items[i];
                else
                    *out = NONE_VAL;
                return 1;
            }
        }
    }
    if (class_is_subclass(cls, TYPE(ts, ImportError))) {
        if (name_is(name, "msg")) {
            *out = arg_or_none(e, 0);
            return 1;
        }
        if (name == NAME(ts, name) || name_is(name, "path") ||
            name_is(name, "name")) {
            *out = NONE_VAL;
            return 1;
        }
    }
    return 0;
}

int exc_setattr(ThreadState *ts, Value exc, ObjStr *name, Value v)
{
    ObjException *e = AS_EXCEPTION(exc);
    if (name == NAME(ts, args)) {
        ObjTuple *t = tuple_from_iterable(ts, v);
        if (!t)
            return -1;
        e->args = t;
        return 1;
    }
    if (name_is(name, "__cause__")) {
        if (!IS_NONE(v) && !IS_EXCEPTION(v)) {
            RAISE(ts, TypeError,
                  "exception cause must be None or derive from BaseException");
            return -1;
        }
        e->cause = v;
        e->suppress_context = true;
        return 1;
    }
    if (name_is(name, "__context__")) {
        if (!IS_NONE(v) && !IS_EXCEPTION(v)) {
            RAISE(ts, TypeError, "exception context must be None or derive "
                                 "from BaseException");
            return -1;
        }
        e->context = v;
        return 1;
    }
    if (name_is(name, "__suppress_context__")) {
        int t = obj_truthy(ts, v);
        if (t < 0)
            return -1;
        e->suppress_context = t;
        return 1;
    }
    return 0;
}

/* The exception's instance dict, made on first use. */
ObjDict *exc_dict(ThreadState *ts, Value exc)
{
    ObjException *e = AS_EXCEPTION(exc);
    if (!e->dict) {
        PROTECT(ts, exc);
        ObjDict *d = dict_new(ts);
        UNPROTECT(ts, 1);
        if (!d)
            return NULL;
        e->dict = d;
    }
    return e->dict;
}

Value exc_stop_iteration_value(ThreadState *ts, Value exc)
{
    if (!IS_EXCEPTION(exc))
        return NONE_VAL;
    Value v;
    if (AS_EXCEPTION(exc)->dict &&
        dict_get_str(AS_EXCEPTION(exc)->dict, NAME(ts, value), &v))
        return v;
    return arg_or_none(AS_EXCEPTION(exc), 0);
}

Value exc_raise_syntax(ThreadState *ts, ObjClass *cls, const char *msg,
                       const char *filename, int lineno, int offset,
                       const char *text)
{
    return exc_raise_syntax_range(ts, cls, msg, filename, lineno, offset,
                                  offset + 1, text);
}

Value exc_raise_syntax_range(ThreadState *ts, ObjClass *cls, const char *msg,
                             const char *filename, int lineno, int offset,
                             int end_offset, const char *text)
{
    if (!cls)
        cls = TYPE(ts, SyntaxError);
    ObjTuple *info = tuple_new(ts, 6);
    if (!info)
        return ERR_VAL;
    PROTECT_OBJ(ts, info);
    ObjStr *s;
    if (filename) {
        if (!(s = str_from_cstr(ts, filename)))
            goto fail1;
        info->items[0] = OBJ_VAL(s);
    }
    info->items[1] = INT_VAL(lineno);
    info->items[2] = INT_VAL(offset);
    info->items[4] = INT_VAL(lineno);
    info->items[5] = INT_VAL(end_offset > offset ? end_offset : offset + 1);
    if (text) {
        if (!(s = str_from_cstr(ts, text)))
            goto fail1;
        info->items[3] = OBJ_VAL(s);
    }
    ObjTuple *args = tuple_new(ts, 2);
    if (!args)
        goto fail1;
    PROTECT_OBJ(ts, args);
    args->items[1] = OBJ_VAL(info);
    if (!(s = str_from_cstr(ts, msg ? msg : "invalid syntax")))
        goto fail2;
    args->items[0] = OBJ_VAL(s);
    Value e = exc_new(ts, cls, args);
    UNPROTECT(ts, 2);
    if (IS_ERR(e))
        return ERR_VAL;
    ts->exc = e;
    return ERR_VAL;
fail2:
    UNPROTECT(ts, 1);
fail1:
    UNPROTECT(ts, 1);
    return ERR_VAL;
}

/* -- BaseException's methods --------------------------------------------- */

static Value exc_init(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    if (argc < 1 || !IS_EXCEPTION(argv[0]))
        return RAISE(ts, TypeError, "descriptor '__init__' requires a "
                                    "'BaseException' object");
    if (kw && kw->len > 0)
        return RAISE(ts, TypeError, "%s() takes no keyword arguments",
                     obj_class(ts, argv[0])->name->data);
    ObjTuple *t = tuple_from_array(ts, argv + 1, argc - 1);
    if (!t)
        return ERR_VAL;
    AS_EXCEPTION(argv[0])->args = t;
    return NONE_VAL;
}

static Value exc_str_native(ThreadState *ts, int argc, Value *argv,
                            ObjTuple *kw)
{
    if (argc != 1 || !IS_EXCEPTION(argv[0]))
        return RAISE(ts, TypeError, "__str__ expects one exception");
    ObjTuple *a = AS_EXCEPTION(argv[0])->args;
    if (a->len == 0)
        return OBJ_VAL(ts->interp->empty_str);
    if (a->len == 1)
        return obj_str(ts, a->items[0]);
    return obj_str(ts, OBJ_VAL(a));
}

static Value keyerror_str(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    if (argc == 1 && IS_EXCEPTION(argv[0]) &&
        AS_EXCEPTION(argv[0])->args->len == 1)
        return obj_repr(ts, AS_EXCEPTION(argv[0])->args->items[0]);
    return exc_str_native(ts, argc, argv, kw);
}

/* OSError's str: "[Errno 2] No such file or directory: 'x'", with
 * " -> 'y'" when there is a second file name. */
static Value oserror_str(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    if (argc != 1 || !IS_EXCEPTION(argv[0]))
        return exc_str_native(ts, argc, argv, kw);
    Value exc = argv[0];
    ObjTuple *a = AS_EXCEPTION(exc)->args;
    if (a->len < 2 || a->len > 5)
        return exc_str_native(ts, argc, argv, kw);
    Value parts[4] = {a->items[0], a->items[1], NONE_VAL, NONE_VAL};
    static const char *const file_attr[2] = {"filename", "filename2"};
    for (int i = 0; i < 2; i++) {
        ObjStr *name = str_intern_cstr(ts, file_attr[i]);
        if (!name || exc_getattr(ts, exc, name, &parts[2 + i]) < 0)
            return ERR_VAL;
    }
    int n = 0;
    for (int i = 0; i < 4; i++) {
        if (i >= 2 && IS_NONE(parts[i]))
            continue;
        Value v = i < 2 ? obj_str(ts, parts[i]) : obj_repr(ts, parts[i]);
        if (IS_ERR(v)) {
            UNPROTECT(ts, n);
            return ERR_VAL;
        }
        PROTECT(ts, v);
        parts[i] = v;
        n++;
    }
    StrBuf sb;
    sb_init(&sb);
    sb_printf(&sb, "[Errno %s] %s", AS_STR(parts[0])->data,
              AS_STR(parts[1])->data);
    if (!IS_NONE(parts[2])) {
        sb_printf(&sb, ": %s", AS_STR(parts[2])->data);
        if (!IS_NONE(parts[3]))
            sb_printf(&sb, " -> %s", AS_STR(parts[3])->data);
    }
    ObjStr *r = str_from_buf(ts, &sb);
    UNPROTECT(ts, n);
    return r ? OBJ_VAL(r) : ERR_VAL;
}

/* OSError(errno, strerror[, filename[, winerror[, filename2]]]) keeps
 * (errno, strerror) as its args and the file names as attributes, as
 * CPython does; any other call keeps every argument. */
static Value oserror_init(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    if (IS_ERR(exc_init(ts, argc, argv, kw)))
        return ERR_VAL;
    int n = argc - 1;
    if (n < 3 || n > 5)
        return NONE_VAL;
    ObjDict *d = exc_dict(ts, argv[0]);
    if (!d || dict_set_cstr(ts, d, "filename", argv[3]) < 0)
        return ERR_VAL;
    if (n == 5 && dict_set_cstr(ts, d, "filename2", argv[5]) < 0)
        return ERR_VAL;
    ObjTuple *t = tuple_from_array(ts, argv + 1, 2);
    if (!t)
        return ERR_VAL;
    AS_EXCEPTION(argv[0])->args = t;
    return NONE_VAL;
}

static const char *basename_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

static Value syntaxerror_str(ThreadState *ts, int argc, Value *argv,
                             ObjTuple *kw)
{
    if (argc != 1 || !IS_EXCEPTION(argv[0]))
        return exc_str_native(ts, argc, argv, kw);
    Value msg, fname, lineno;
    if (exc_getattr(ts, argv[0], str_intern_cstr(ts, "msg"), &msg) != 1 ||
        exc_getattr(ts, argv[0], str_intern_cstr(ts, "filename"), &fname) != 1 ||
        exc_getattr(ts, argv[0], str_intern_cstr(ts, "lineno"), &lineno) != 1)
        return exc_str_native(ts, argc, argv, kw);
    Value m = obj_str(ts, msg);
    if (IS_ERR(m))
        return ERR_VAL;
    bool has_file = IS_STR(fname), has_line = IS_INT(lineno);
    ObjStr *r;
    if (has_file && has_line)
        r = str_printf(ts, "%s (%s, line %lld)", AS_STR(m)->data,
                       basename_of(AS_STR(fname)->data),
                       (long long)AS_INT(lineno));
    else if (has_file)
        r = str_printf(ts, "%s (%s)", AS_STR(m)->data,
                       basename_of(AS_STR(fname)->data));
    else if (has_line)
        r = str_printf(ts, "%s (line %lld)", AS_STR(m)->data,
                       (long long)AS_INT(lineno));
    else
        return m;
    return r ? OBJ_VAL(r) : ERR_VAL;
}

static Value exc_repr_native(ThreadState *ts, int argc, Value *argv,
                             ObjTuple *kw)
{
    if (argc != 1 || !IS_EXCEPTION(argv[0]))
        return RAISE(ts, TypeError, "__repr__ expects one exception");
    ObjTuple *a = AS_EXCEPTION(argv[0])->args;
    const char *name = obj_class(ts, argv[0])->name->data;
    Value inner;
    if (a->len == 1)
        inner = obj_repr(ts, a->items[0]);
    else
        inner = obj_repr(ts, OBJ_VAL(a));
    if (IS_ERR(inner))
        return ERR_VAL;
    ObjStr *r;
    if (a->len == 1)
        r = str_printf(ts, "%s(%s)", name, AS_STR(inner)->data);
    else if (a->len == 0)
        r = str_printf(ts, "%s()", name);
    else
        r = str_printf(ts, "%s%s", name, AS_STR(inner)->data);
    return r ? OBJ_VAL(r) : ERR_VAL;
}

static Value exc_with_traceback(ThreadState *ts, int argc, Value *argv,
                                ObjTuple *kw)
{
    if (args_count(ts, "with_traceback", argc, 2, 2) < 0)
        return ERR_VAL;
    return argv[0];
}

static Value exc_add_note(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    if (args_count(ts, "add_note", argc, 2, 2) < 0)
        return ERR_VAL;
    if (!IS_STR(argv[1]))
        return RAISE(ts, TypeError, "note must be a str, not '%s'",
                     obj_type_name(ts, argv[1]));
    ObjDict *d = exc_dict(ts, argv[0]);
    if (!d)
        return ERR_VAL;
    ObjStr *key = str_intern_cstr(ts, "__notes__");
    if (!key)
        return ERR_VAL;
    Value notes;
    if (!dict_get_str(d, key, &notes)) {
        PROTECT_OBJ(ts, key);
        ObjList *l = list_new(ts, 1);
        if (!l) {
            UNPROTECT(ts, 1);
            return ERR_VAL;
        }
        notes = OBJ_VAL(l);
        PROTECT(ts, notes);
        int r = dict_set_str(ts, d, key, notes);
        UNPROTECT(ts, 2);
        if (r < 0)
            return ERR_VAL;
    }
    if (!IS_LIST(notes))
        return RAISE(ts, TypeError, "Cannot add note: __notes__ is not a list");
    if (list_append(ts, AS_LIST(notes), argv[1]) < 0)
        return ERR_VAL;
    return NONE_VAL;
}

void exc_register(ThreadState *ts)
{
    ObjClass *be = TYPE(ts, BaseException);
    class_add_native(ts, be, "__init__", exc_init);
    class_add_native(ts, be, "__str__", exc_str_native);
    class_add_native(ts, be, "__repr__", exc_repr_native);
    class_add_native(ts, be, "with_traceback", exc_with_traceback);
    class_add_native(ts, be, "add_note", exc_add_note);
    class_add_native(ts, TYPE(ts, KeyError), "__str__", keyerror_str);
    class_add_native(ts, TYPE(ts, OSError), "__init__", oserror_init);
    class_add_native(ts, TYPE(ts, OSError), "__str__", oserror_str);
    class_add_native(ts, TYPE(ts, SyntaxError), "__str__", syntaxerror_str);
}

/* -- printing ------------------------------------------------------------ */

/* The name CPython prints for an exception's class: the qualified name,
 * prefixed by the module unless that is __main__ or builtins. */
static void put_type_name(ThreadState *ts, ObjClass *cls, StrBuf *sb)
{
    const char *qual = cls->qualname ? cls->qualname->data : cls->name->data;
    if (!cls->is_builtin) {
        Value mod;
        if (cls->dict && dict_get_str(cls->dict, NAME(ts, module), &mod) &&
            IS_STR(mod) && strcmp(AS_STR(mod)->data, "__main__") != 0 &&
            strcmp(AS_STR(mod)->data, "builtins") != 0) {
            sb_puts(sb, AS_STR(mod)->data);
            sb_putc(sb, '.');
        }
    }
    sb_puts(sb, qual);
}

/* ---- the source line and its carets ----------------------------------
 *
 * Under each source line CPython 3.11 (Python/traceback.c, tb_displayline)
 * draws the span of the failing instruction:
 *
 *     x = total + count / n
 *                 ~~~~~~^~~
 *
 * Its rules, which this follows to the character:
 *   - the line is shown without its indentation (spaces, tabs, form
 *     feeds) but with any trailing blanks;
 *   - the span's byte columns become character columns; a span that goes
 *     on to later lines ends at the last non-blank of the first line
 *     (CPython indexes the UTF-8 bytes with a character count there, and
 *     so does this);
 *   - a one-line span is parsed on its own: when it is an expression
 *     statement whose expression is a binary operation, the operator gets
 *     ^ and the operands ~ (a ')' closing the left operand is skipped);
 *     when it is a subscript, the brackets and what is between them get ^
 *     and the subscripted value ~;
 *   - without such anchors, the line is left alone when the span covers
 *     all of it (indentation aside), and is underlined with ^ otherwise.
 */

#define TB_IS_BLANK(c) ((c) == ' ' || (c) == '\t' || (c) == '\f')

/* CPython's _PyPegen_byte_offset_to_character_offset: the characters in
 * the first [off] bytes of [s] (the NUL after the end counts as one). */
static int char_offset(const char *s, size_t len, int off)
{
    if (off < 0)
        return -1;
    if ((size_t)off > len + 1)
        off = (int)len + 1;
    int n = 0;
    for (int i = 0; i < off; i++)
        if ((size_t)i >= len || ((unsigned char)s[i] & 0xC0) != 0x80)
            n++;
    return n;
}

typedef struct Anchors {
    int left, right; /* byte offsets in the segment: ^ over [left, right) */
} Anchors;

/* extract_anchors_from_expr: 1 with *a set when [seg] (one line) parses
 * as a lone binary operation or subscript, else 0. */
static int caret_anchors(const char *seg, size_t len, Anchors *a)
{
    AstArena *arena = ast_arena_new();
    if (!arena)
        return 0;
    ParseError err;
    Mod *m = parse_source(arena, seg, len, PARSE_FILE, &err);
    int found = 0;
    if (m && m->body.len == 1 && ((Stmt *)m->body.items[0])->kind == S_EXPR) {
        Expr *e = ((Stmt *)m->body.items[0])->u.value.value;
        if (e->kind == E_BINOP) {
            int from = e->u.binop.left->loc.end_col;
            int to = e->u.binop.right->loc.col;
            for (int i = from; i < to && (size_t)i < len; i++) {
                if (TB_IS_BLANK(seg[i]))
                    continue;
                a->left = i;
                a->right = i + 1;
                /* a two-character operator (//, **, <<) */
                if (i + 1 < to && !TB_IS_BLANK(seg[i + 1]))
                    a->right++;
                found = 1;
                /* the ')' of a parenthesized left operand */
                if (i + 1 < to && seg[i] == ')')
                    continue;
                break;
            }
        } else if (e->kind == E_SUBSCRIPT) {
            int l = e->u.subscript.value->loc.end_col;
            int r = e->u.subscript.slice->loc.end_col + 1;
            while (l >= 0 && (size_t)l < len && seg[l] != '[')
                l++;
            while (r >= 0 && (size_t)r < len && seg[r] != ']')
                r++;
            if (r >= 0 && (size_t)r < len)
                r++;
            a->left = l;
            a->right = r;
            found = 1;
        }
    }
    ast_arena_free(arena);
    return found;
}

/* The source line of entry [t] without its indentation, then, where
 * CPython draws one, the line of carets under the failing span. */
static void put_source_line(ThreadState *ts, StrBuf *sb, const char *file,
                            const TracebackEntry *t)
{
    /* CPython 3.11 shows no source for "<string>" (-c) or "<stdin>" */
    if (file[0] == '<')
        return;
    size_t len = 0;
    const char *line = interp_source_line(ts->interp, file, t->lineno, &len);
    if (!line)
        return;
    size_t indent = 0;
    while (indent < len && TB_IS_BLANK(line[indent]))
        indent++;
    size_t b = len;
    while (b > indent &&
           (line[b - 1] == ' ' || line[b - 1] == '\t' || line[b - 1] == '\f'))
        b--;
    if (b == indent)
        return;
    sb_puts(sb, "    ");
    sb_append(sb, line + indent, len - indent);
    sb_putc(sb, '\n');

    if (t->col < 0 || t->end_col < 0 || t->lineno <= 0 || t->end_lineno <= 0)
        return;
    int nchars = char_offset(line, len, (int)len);
    int start = char_offset(line, len, t->col);
    int end = char_offset(line, len, t->end_col);
    Anchors an = {-1, -1};
    bool anchored = false;
    if (t->lineno == t->end_lineno) {
        if ((size_t)t->col <= len) {
            size_t seg_end =
                (size_t)t->end_col < len ? (size_t)t->end_col : len;
            size_t seg_len =
                seg_end > (size_t)t->col ? seg_end - (size_t)t->col : 0;
            const char *seg = line + t->col;
            if (caret_anchors(seg, seg_len, &an)) {
                an.left = char_offset(seg, seg_len, an.left) + start;
                an.right = char_offset(seg, seg_len, an.right) + start;
                anchored = true;
            }
        }
    } else {
        int i = nchars;
        while (--i >= 0)
            if ((size_t)i >= len || !TB_IS_BLANK(line[i]))
                break;
        end = i + 1;
    }
    /* the indentation is all blanks, one byte each */
    int stripped_len = nchars - (int)indent;
    if (end - start == stripped_len && !anchored)
        return;
    char primary = anchored ? '~' : '^', secondary = '^';
    for (int off = (int)indent - 4 + 1; off <= end; off++) {
        if (off <= start)
            sb_putc(sb, ' ');
        else if (anchored && an.left < off && off <= an.right)
            sb_putc(sb, secondary);
        else
            sb_putc(sb, primary);
    }
    sb_putc(sb, '\n');
}

/* str(exc) for printing: a failing __str__ must not stop the report. */
static void put_message(ThreadState *ts, Value exc, StrBuf *sb)
{
    Value saved = ts->exc;
    ts->exc = UNDEF_VAL;
    Value s = obj_str(ts, exc);
    if (IS_ERR(s)) {
        ts->exc = saved;
        sb_puts(sb, ": <exception str() failed>");
        return;
    }
    ts->exc = saved;
    if (AS_STR(s)->len > 0) {
        sb_puts(sb, ": ");
        sb_append(sb, AS_STR(s)->data, AS_STR(s)->len);
    }
}

static void put_syntax_error(ThreadState *ts, Value exc, StrBuf *sb)
{
    Value fname = NONE_VAL, lineno = NONE_VAL, offset = NONE_VAL,
          text = NONE_VAL, msg = NONE_VAL, end = NONE_VAL, endline = NONE_VAL;
    ObjStr *k;
    if ((k = str_intern_cstr(ts, "end_offset")))
        exc_getattr(ts, exc, k, &end);
    if ((k = str_intern_cstr(ts, "end_lineno")))
        exc_getattr(ts, exc, k, &endline);
    if ((k = str_intern_cstr(ts, "filename")))
        exc_getattr(ts, exc, k, &fname);
    if ((k = str_intern_cstr(ts, "lineno")))
        exc_getattr(ts, exc, k, &lineno);
    if ((k = str_intern_cstr(ts, "offset")))
        exc_getattr(ts, exc, k, &offset);
    if ((k = str_intern_cstr(ts, "text")))
        exc_getattr(ts, exc, k, &text);
    if ((k = str_intern_cstr(ts, "msg")))
        exc_getattr(ts, exc, k, &msg);
    /* A SyntaxError made with just a message (as for a file that is not
       UTF-8) has no location to show. */
    if (IS_STR(fname) || IS_INT(lineno))
        sb_printf(sb, "  File \"%s\", line %lld\n",
                  IS_STR(fname) ? AS_STR(fname)->data : "<string>",
                  IS_INT(lineno) ? (long long)AS_INT(lineno) : 0LL);
    if (IS_STR(text)) {
        const char *t = AS_STR(text)->data;
        size_t len = AS_STR(text)->len;
        size_t a = 0;
        while (a < len && (t[a] == ' ' || t[a] == '\t' || t[a] == '\f'))
            a++;
        size_t b = len;
        while (b > a && (t[b - 1] == '\n' || t[b - 1] == '\r' ||
                         t[b - 1] == ' ' || t[b - 1] == '\t'))
            b--;
        sb_puts(sb, "    ");
        sb_append(sb, t + a, b - a);
        sb_putc(sb, '\n');
        if (IS_INT(offset) && AS_INT(offset) >= 1) {
            /* offset counts characters from 1 in the unstripped line. */
            int64_t col = AS_INT(offset) - 1 - (int64_t)a;
            int64_t width = (int64_t)utf8_count(t + a, b - a);
            if (col < 0)
                col = 0;
            if (col > width)
                col = width;
            int64_t carets = 1;
            if (IS_INT(end) && AS_INT(end) > AS_INT(offset) &&
                (!IS_INT(endline) || !IS_INT(lineno) ||
                 AS_INT(endline) == AS_INT(lineno)))
                carets = AS_INT(end) - AS_INT(offset);
            if (col + carets > width)
                carets = width - col > 0 ? width - col : 1;
            sb_puts(sb, "    ");
            for (int64_t i = 0; i < col; i++)
                sb_putc(sb, ' ');
            for (int64_t i = 0; i < carets; i++)
                sb_putc(sb, '^');
            sb_putc(sb, '\n');
        }
    }
    put_type_name(ts, obj_class(ts, exc), sb);
    if (IS_STR(msg)) {
        if (AS_STR(msg)->len > 0) {
            sb_puts(sb, ": ");
            sb_append(sb, AS_STR(msg)->data, AS_STR(msg)->len);
        }
    } else {
        put_message(ts, exc, sb);
    }
    sb_putc(sb, '\n');
}

static void put_notes(ThreadState *ts, Value exc, StrBuf *sb)
{
    ObjException *e = AS_EXCEPTION(exc);
    Value notes;
    ObjStr *key = str_intern_cstr(ts, "__notes__");
    if (!key || !e->dict || !dict_get_str(e->dict, key, &notes) ||
        !IS_LIST(notes))
        return;
    ObjList *l = AS_LIST(notes);
    for (size_t i = 0; i < l->len; i++) {
        if (IS_STR(l->items[i])) {
            sb_append(sb, AS_STR(l->items[i])->data, AS_STR(l->items[i])->len);
        } else {
            Value s = obj_str(ts, l->items[i]);
            if (IS_ERR(s)) {
                exc_clear(ts);
                sb_puts(sb, "<note str() failed>");
            } else {
                sb_append(sb, AS_STR(s)->data, AS_STR(s)->len);
            }
        }
        sb_putc(sb, '\n');
    }
}

/* -- "Did you mean" ------------------------------------------------------
 *
 * CPython 3.11 appends a suggestion to NameError and AttributeError
 * reports: the candidate name closest to the missing one by a Levenshtein
 * distance where changing case costs 1 and any other edit 2, accepted when
 * at most about a third of the characters change.  Candidates for an
 * AttributeError are dir(obj) in sorted order; for a NameError the
 * globals, then the builtins, in insertion order (the locals of the
 * failing frame are not kept, so they are not offered).
 */

#define SUGGEST_MAX_ITEMS 750
#define SUGGEST_MAX_LEN 40
#define MOVE_COST 2
#define CASE_COST 1

static size_t substitution_cost(char a, char b)
{
    if ((a & 31) != (b & 31))
        return MOVE_COST;
    if (a == b)
        return 0;
    if ('A' <= a && a <= 'Z')
        a += 'a' - 'A';
    if ('A' <= b && b <= 'Z')
        b += 'a' - 'A';
    return a == b ? CASE_COST : MOVE_COST;
}

static size_t edit_distance(const char *a, size_t na, const char *b, size_t nb,
                            size_t max_cost)
{
    while (na && nb && a[0] == b[0]) {
        a++, b++;
        na--, nb--;
    }
    while (na && nb && a[na - 1] == b[nb - 1])
        na--, nb--;
    if (na == 0 || nb == 0)
        return (na + nb) * MOVE_COST;
    if (na > SUGGEST_MAX_LEN || nb > SUGGEST_MAX_LEN)
        return max_cost + 1;
    if (nb < na) {
        const char *t = a;
        a = b;
        b = t;
        size_t tn = na;
        na = nb;
        nb = tn;
    }
    if ((nb - na) * MOVE_COST > max_cost)
        return max_cost + 1;
    size_t row[SUGGEST_MAX_LEN];
    for (size_t i = 0; i < na; i++)
        row[i] = (i + 1) * MOVE_COST;
    size_t result = 0;
    for (size_t j = 0; j < nb; j++) {
        size_t distance = result = j * MOVE_COST;
        size_t minimum = (size_t)-1;
        for (size_t i = 0; i < na; i++) {
            size_t substitute = distance + substitution_cost(b[j], a[i]);
            distance = row[i];
            size_t insdel = (result < distance ? result : distance) + MOVE_COST;
            result = insdel < substitute ? insdel : substitute;
            row[i] = result;
            if (result < minimum)
                minimum = result;
        }
        if (minimum > max_cost)
            return max_cost + 1;
    }
    return result;
}

typedef struct Candidates {
    ObjStr **items;
    size_t len, cap;
} Candidates;

static void cand_add_dict(Candidates *c, ObjDict *d)
{
    if (!d)
        return;
    size_t pos = 0;
    Value k, v;
    while (dict_next(d, &pos, &k, &v)) {
        if (!IS_STR(k))
            continue;
        if (c->len == c->cap) {
            size_t ncap = c->cap ? c->cap * 2 : 64;
            ObjStr **n = realloc(c->items, ncap * sizeof *n);
            if (!n)
                return;
            c->items = n;
            c->cap = ncap;
        }
        c->items[c->len++] = AS_STR(k);
    }
}

static int cand_cmp(const void *x, const void *y)
{
    return str_compare(*(ObjStr *const *)x, *(ObjStr *const *)y);
}

/* The best candidate for [name], or NULL. */
static ObjStr *best_candidate(Candidates *c, ObjStr *name)
{
    if (c->len >= SUGGEST_MAX_ITEMS)
        return NULL;
    ObjStr *best = NULL;
    size_t best_distance = (size_t)-1;
    for (size_t i = 0; i < c->len; i++) {
        ObjStr *item = c->items[i];
        if (str_equal(item, name))
            continue;
        size_t max = (name->len + item->len + 3) * MOVE_COST / 6;
        if (best && best_distance - 1 < max)
            max = best_distance - 1;
        size_t d = edit_distance(name->data, name->len, item->data, item->len,
                                 max);
        if (d > max)
            continue;
        if (!best || d < best_distance) {
            best = item;
            best_distance = d;
        }
    }
    return best;
}

static ObjStr *suggest_attribute(ThreadState *ts, ObjException *e)
{
    Value name, obj;
    ObjStr *kn = str_intern_cstr(ts, "name");
    if (!kn || !e->dict || !dict_get_str(e->dict, kn, &name) || !IS_STR(name))
        return NULL;
    ObjStr *ko = str_intern_cstr(ts, "obj");
    if (!ko || !dict_get_str(e->dict, ko, &obj))
        return NULL;
    Candidates c = {0};
    if (IS_KIND(obj, OBJ_MODULE)) {
        cand_add_dict(&c, AS_MODULE(obj)->dict);
    } else {
        if (IS_INSTANCE(obj))
            cand_add_dict(&c, AS_INSTANCE(obj)->dict);
        else if (IS_EXCEPTION(obj))
            cand_add_dict(&c, AS_EXCEPTION(obj)->dict);
        else if (IS_FUNCTION(obj))
            cand_add_dict(&c, AS_FUNCTION(obj)->dict);
        ObjClass *cls = IS_CLASS(obj) ? AS_CLASS(obj) : obj_class(ts, obj);
        for (; cls; cls = cls->base)
            cand_add_dict(&c, cls->dict);
    }
    if (c.len > 1)
        qsort(c.items, c.len, sizeof *c.items, cand_cmp);
    ObjStr *r = best_candidate(&c, AS_STR(name));
    free(c.items);
    return r;
}

static ObjStr *suggest_name(ThreadState *ts, ObjException *e)
{
    if (e->args->len != 1 || !IS_STR(e->args->items[0]))
        return NULL;
    const char *msg = AS_STR(e->args->items[0])->data;
    const char *pre = "name '", *post = "' is not defined";
    size_t lp = strlen(pre), lq = strlen(post), lm = strlen(msg);
    if (lm <= lp + lq || strncmp(msg, pre, lp) != 0 ||
        strcmp(msg + lm - lq, post) != 0)
        return NULL;
    ObjStr *name = str_new(ts, msg + lp, lm - lp - lq);
    if (!name)
        return NULL;
    PROTECT_OBJ(ts, name);
    ObjStr *r = NULL;
    Candidates c = {0};
    Value scope = NONE_VAL;
    ObjStr *sk = str_intern_cstr(ts, SCOPE_KEY);
    if (sk && e->dict)
        dict_get_str(e->dict, sk, &scope);
    if (IS_TUPLE(scope) && AS_TUPLE(scope)->len == 2) {
        Value vars = AS_TUPLE(scope)->items[0];
        Value globals = AS_TUPLE(scope)->items[1];
        if (IS_TUPLE(vars)) {
            ObjTuple *t = AS_TUPLE(vars);
            c.items = malloc((t->len + 1) * sizeof *c.items);
            if (c.items) {
                c.cap = t->len + 1;
                for (size_t i = 0; i < t->len; i++)
                    if (IS_STR(t->items[i]))
                        c.items[c.len++] = AS_STR(t->items[i]);
            }
            r = best_candidate(&c, name);
        }
        if (!r && IS_DICT(globals)) {
            c.len = 0;
            cand_add_dict(&c, AS_DICT(globals));
            r = best_candidate(&c, name);
        }
    } else if (ts->interp->main_module) {
        cand_add_dict(&c, ts->interp->main_module->dict);
        r = best_candidate(&c, name);
    }
    if (!r) {
        c.len = 0;
        cand_add_dict(&c, ts->interp->builtins);
        r = best_candidate(&c, name);
    }
    free(c.items);
    UNPROTECT(ts, 1);
    return r;
}

static void put_suggestion(ThreadState *ts, Value exc, ObjClass *cls,
                           StrBuf *sb)
{
    ObjStr *s = NULL;
    if (class_is_subclass(cls, TYPE(ts, AttributeError)))
        s = suggest_attribute(ts, AS_EXCEPTION(exc));
    else if (class_is_subclass(cls, TYPE(ts, NameError)))
        s = suggest_name(ts, AS_EXCEPTION(exc));
    if (exc_pending(ts))
        exc_clear(ts);
    if (s)
        sb_printf(sb, ". Did you mean: '%s'?", s->data);
}

#define TB_RECURSIVE_CUTOFF 3

static void put_repeated(StrBuf *sb, size_t count)
{
    if (count <= TB_RECURSIVE_CUTOFF)
        return;
    count -= TB_RECURSIVE_CUTOFF;
    sb_printf(sb, "  [Previous line repeated %zu more time%s]\n", count,
              count > 1 ? "s" : "");
}

static void print_one(ThreadState *ts, Value exc, StrBuf *sb, Obj **seen,
                      int nseen, unsigned parts)
{
    if (!IS_EXCEPTION(exc)) {
        Value s = obj_repr(ts, exc);
        if (IS_ERR(s)) {
            exc_clear(ts);
            sb_puts(sb, "<unprintable object>\n");
        } else {
            sb_printf(sb, "%s\n", AS_STR(s)->data);
        }
        return;
    }
    ObjException *e = AS_EXCEPTION(exc);
    if ((parts & EXC_REPORT_CHAIN) && nseen < 64) {
        seen[nseen++] = AS_OBJ(exc);
        Value prior = UNDEF_VAL;
        const char *glue = NULL;
        if (IS_EXCEPTION(e->cause)) {
            prior = e->cause;
            glue = "\nThe above exception was the direct cause of the "
                   "following exception:\n\n";
        } else if (IS_EXCEPTION(e->context) && !e->suppress_context) {
            prior = e->context;
            glue = "\nDuring handling of the above exception, another "
                   "exception occurred:\n\n";
        }
        if (glue) {
            bool dup = false;
            for (int i = 0; i < nseen; i++)
                dup |= seen[i] == AS_OBJ(prior);
            if (!dup) {
                print_one(ts, prior, sb, seen, nseen, parts);
                sb_puts(sb, glue);
            }
        }
    }
    if ((parts & EXC_REPORT_TRACEBACK) && e->tb_len > 0) {
        sb_puts(sb, "Traceback (most recent call last):\n");
        /* Runs of the same line (recursion) are cut after three, as
           CPython's printer does. */
        size_t count = 0;
        for (size_t i = 0; i < e->tb_len; i++) {
            TracebackEntry *t = &e->tb[i];
            TracebackEntry *prev = i > 0 ? &e->tb[i - 1] : NULL;
            if (!prev || prev->filename != t->filename ||
                prev->funcname != t->funcname || prev->lineno != t->lineno) {
                put_repeated(sb, count);
                count = 0;
            }
            if (++count > TB_RECURSIVE_CUTOFF)
                continue;
            const char *file = t->filename ? t->filename->data : "<unknown>";
            sb_printf(sb, "  File \"%s\", line %d, in %s\n", file, t->lineno,
                      t->funcname ? t->funcname->data : "<module>");
            put_source_line(ts, sb, file, t);
        }
        put_repeated(sb, count);
    }
    ObjClass *cls = obj_class(ts, exc);
    if (class_is_subclass(cls, TYPE(ts, SyntaxError))) {
        put_syntax_error(ts, exc, sb);
    } else {
        put_type_name(ts, cls, sb);
        put_message(ts, exc, sb);
        put_suggestion(ts, exc, cls, sb);
        sb_putc(sb, '\n');
    }
    put_notes(ts, exc, sb);
}

/* The report of [exc] into [sb]: the [parts] asked for. */
static void format_report(ThreadState *ts, Value exc, StrBuf *sb,
                          unsigned parts)
{
    Obj *seen[64];
    Value saved = ts->exc;
    ts->exc = UNDEF_VAL;
    PROTECT(ts, exc);
    print_one(ts, exc, sb, seen, 0, parts);
    UNPROTECT(ts, 1);
    ts->exc = saved;
}

ObjStr *exc_format(ThreadState *ts, Value exc, unsigned parts)
{
    StrBuf sb;
    sb_init(&sb);
    format_report(ts, exc, &sb, parts);
    return str_from_buf(ts, &sb);
}

void exc_print(ThreadState *ts, Value exc, FILE *out)
{
    StrBuf sb;
    sb_init(&sb);
    format_report(ts, exc, &sb, EXC_REPORT_CHAIN | EXC_REPORT_TRACEBACK);
    Interp *interp = ts->interp;
    if (sb.data && out == stderr && interp->colour_err) {
        StrBuf painted;
        sb_init(&painted);
        term_paint_traceback(sb.data, sb.len, &painted);
        sb_free(&sb);
        sb = painted;
    }
    if (sb.data)
        console_write(&interp->console, out, sb.data, sb.len);
    fflush(out);
    sb_free(&sb);
}
