/* mod_sys.c - the sys module: argv, path, modules, the standard streams,
 * exit, the recursion limit and exc_info. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "args.h"
#include "builtins.h"
#include "dict.h"
#include "exc.h"
#include "file.h"
#include "gc.h"
#include "list.h"
#include "num.h"
#include "ops.h"
#include "str.h"
#include "tuple.h"

static Value sys_exit(ThreadState *ts, int argc, Value *argv,
                      ObjTuple *kwnames)
{
    if (args_positional(ts, "exit", argc, kwnames, 0, 1) < 0)
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

static Value sys_getrecursionlimit(ThreadState *ts, int argc, Value *argv,
                                   ObjTuple *kwnames)
{
    if (args_count(ts, "getrecursionlimit", argc, 0, 0) < 0)
        return ERR_VAL;
    return INT_VAL(ts->interp->recursion_limit);
}

static Value sys_setrecursionlimit(ThreadState *ts, int argc, Value *argv,
                                   ObjTuple *kwnames)
{
    if (args_positional(ts, "setrecursionlimit", argc, kwnames, 1, 1) < 0)
        return ERR_VAL;
    if (IS_FLOAT(argv[0]))
        return RAISE(ts, TypeError,
                     "'float' object cannot be interpreted as an integer");
    int64_t n;
    if (builtins_as_int64(ts, argv[0], &n) < 0)
        return ERR_VAL;
    if (n < 1)
        return RAISE(ts, ValueError,
                     "recursion limit must be greater or equal than 1");
    if (n > INT_MAX)
        return RAISE(ts, OverflowError,
                     "Python int too large to convert to C int");
    if (n <= ts->depth)
        return RAISE(ts, RecursionError,
                     "cannot set the recursion limit to %d at the recursion "
                     "depth %d: the limit is too low",
                     (int)n, ts->depth);
    ts->interp->recursion_limit = (int)n;
    return NONE_VAL;
}

/* The two GIL knobs: the switch interval of Python 3's GIL and the check
 * interval (ticks) of Python 2's, which mpy keeps for the lesson. */
static Value sys_getswitchinterval(ThreadState *ts, int argc, Value *argv,
                                   ObjTuple *kwnames)
{
    (void)argv;
    if (args_positional(ts, "getswitchinterval", argc, kwnames, 0, 0) < 0)
        return ERR_VAL;
    return FLOAT_VAL(ts->interp->gil.switch_interval);
}

static Value sys_setswitchinterval(ThreadState *ts, int argc, Value *argv,
                                   ObjTuple *kwnames)
{
    if (args_positional(ts, "setswitchinterval", argc, kwnames, 1, 1) < 0)
        return ERR_VAL;
    double d;
    if (!IS_FLOAT(argv[0]) && !num_is_int(argv[0]))
        return RAISE(ts, TypeError, "must be real number, not %s",
                     obj_type_name(ts, argv[0]));
    if (builtins_seconds_arg(ts, argv[0], &d) < 0)
        return ERR_VAL;
    if (!(d > 0))
        return RAISE(ts, ValueError, "switch interval must be strictly positive");
    if (d > 9223372036.0)
        return RAISE(ts, OverflowError, "switch interval is too large");
    gil_set_switch_interval(ts, d);
    return NONE_VAL;
}

static Value sys_getcheckinterval(ThreadState *ts, int argc, Value *argv,
                                  ObjTuple *kwnames)
{
    (void)argv;
    if (args_positional(ts, "getcheckinterval", argc, kwnames, 0, 0) < 0)
        return ERR_VAL;
    return INT_VAL(ts->interp->gil.check_interval);
}

static Value sys_setcheckinterval(ThreadState *ts, int argc, Value *argv,
                                  ObjTuple *kwnames)
{
    if (args_positional(ts, "setcheckinterval", argc, kwnames, 1, 1) < 0)
        return ERR_VAL;
    int64_t n;
    if (IS_FLOAT(argv[0]))
        return RAISE(ts, TypeError,
                     "'float' object cannot be interpreted as an integer");
    if (builtins_as_int64(ts, argv[0], &n) < 0)
        return ERR_VAL;
    gil_set_check_interval(ts, n < 1 ? 1 : n > INT_MAX ? INT_MAX : (int)n);
    return NONE_VAL;
}

static Value sys_exc_info(ThreadState *ts, int argc, Value *argv,
                          ObjTuple *kwnames)
{
    if (args_count(ts, "exc_info", argc, 0, 0) < 0)
        return ERR_VAL;
    ObjTuple *t = tuple_new(ts, 3);
    if (!t)
        return ERR_VAL;
    Value e = ts->handled_exc;
    if (!IS_UNDEF(e) && !IS_NONE(e)) {
        t->items[0] = OBJ_VAL(obj_class(ts, e));
        t->items[1] = e;
    }
    return OBJ_VAL(t);
}

static Value sys_exception(ThreadState *ts, int argc, Value *argv,
                           ObjTuple *kwnames)
{
    if (args_count(ts, "exception", argc, 0, 0) < 0)
        return ERR_VAL;
    Value e = ts->handled_exc;
    return IS_UNDEF(e) ? NONE_VAL : e;
}

static Value sys_intern(ThreadState *ts, int argc, Value *argv,
                        ObjTuple *kwnames)
{
    if (args_count(ts, "intern", argc, 1, 1) < 0)
        return ERR_VAL;
    if (!IS_STR(argv[0]))
        return RAISE(ts, TypeError, "intern() argument must be str, not %s",
                     obj_type_name(ts, argv[0]));
    ObjStr *s = AS_STR(argv[0]);
    ObjStr *r = s->interned ? s : str_intern(ts, s->data, s->len);
    return r ? OBJ_VAL(r) : ERR_VAL;
}

/* A rough sys.getsizeof: CPython's sizes for the common small cases, the
 * C size of the object otherwise. */
static Value sys_getsizeof(ThreadState *ts, int argc, Value *argv,
                           ObjTuple *kwnames)
{
    if (args_count(ts, "getsizeof", argc, 1, 2) < 0)
        return ERR_VAL;
    Value v = argv[0];
    switch (v.tag) {
    case VAL_NONE:
        return INT_VAL(16);
    case VAL_BOOL:
        return INT_VAL(AS_BOOL(v) ? 28 : 24);
    case VAL_FLOAT:
        return INT_VAL(24);
    case VAL_INT: {
        uint64_t m = AS_INT(v) < 0 ? -(uint64_t)AS_INT(v) : (uint64_t)AS_INT(v);
        int digits = 0;
        while (m) {
            digits++;
            m >>= 30;
        }
        return INT_VAL(24 + 4 * digits);
    }
    default:
        break;
    }
    switch (OBJ_KIND(v)) {
    case OBJ_STR:
        return INT_VAL(49 + (int64_t)AS_STR(v)->len);
    case OBJ_LIST:
        return INT_VAL(56 + 8 * (int64_t)AS_LIST(v)->cap);
    case OBJ_TUPLE:
        return INT_VAL(40 + 8 * (int64_t)AS_TUPLE(v)->len);
    case OBJ_DICT:
        return INT_VAL(64 + 24 * (int64_t)AS_DICT(v)->entries_cap +
                       4 * (int64_t)AS_DICT(v)->index_cap);
    default:
        return INT_VAL(48);
    }
}

static Value make_stream(ThreadState *ts, ObjModule *mod, FILE *fp,
                         const char *name, const char *mode,
                         const char *attr, const char *dunder)
{
    Value f = file_new(ts, fp, name, mode, false);
    if (IS_ERR(f))
        return f;
    PROTECT(ts, f);
    int r = module_add_value(ts, mod, attr, f);
    if (r == 0)
        r = module_add_value(ts, mod, dunder, f);
    UNPROTECT(ts, 1);
    return r < 0 ? ERR_VAL : f;
}

ObjModule *mod_sys_init(ThreadState *ts)
{
    Interp *in = ts->interp;
    if (in->sys_module)
        return in->sys_module;
    ObjModule *mod = module_new(ts, "sys");
    if (!mod)
        return NULL;
    PROTECT_OBJ(ts, mod);
    if (!in->sys_argv)
        in->sys_argv = list_new(ts, 0);
    if (!in->sys_path)
        in->sys_path = list_new(ts, 0);
    if (!in->modules)
        in->modules = dict_new(ts);
    if (!in->sys_argv || !in->sys_path || !in->modules)
        goto fail;

    if (module_add_value(ts, mod, "argv", OBJ_VAL(in->sys_argv)) < 0 ||
        module_add_value(ts, mod, "path", OBJ_VAL(in->sys_path)) < 0 ||
        module_add_value(ts, mod, "modules", OBJ_VAL(in->modules)) < 0)
        goto fail;

    ObjStr *s = str_from_cstr(ts, "3.11.0 (mpy 0.1.0) [C11, GMP]");
    if (!s || module_add_value(ts, mod, "version", OBJ_VAL(s)) < 0)
        goto fail;
    ObjStr *final = str_from_cstr(ts, "final");
    if (!final)
        goto fail;
    PROTECT_OBJ(ts, final);
    static const char *const vfields[] = {"major", "minor", "micro",
                                          "releaselevel", "serial"};
    ObjClass *vcls = builtins_struct_seq_class(ts, "sys.version_info",
                                               vfields, 5);
    if (!vcls) {
        UNPROTECT(ts, 1);
        goto fail;
    }
    Value vi[5] = {INT_VAL(3), INT_VAL(11), INT_VAL(0), OBJ_VAL(final),
                   INT_VAL(0)};
    Value vinfo = builtins_struct_seq_new(ts, vcls, vi, 5);
    UNPROTECT(ts, 1);
    if (IS_ERR(vinfo) || module_add_value(ts, mod, "version_info", vinfo) < 0)
        goto fail;
    if (module_add_value(ts, mod, "hexversion", INT_VAL(0x030B00F0)) < 0 ||
        module_add_value(ts, mod, "maxsize", INT_VAL(INT64_MAX)) < 0 ||
        module_add_value(ts, mod, "maxunicode", INT_VAL(0x10FFFF)) < 0)
        goto fail;

    const char *strs[][2] = {
        {"platform", "linux"},   {"byteorder", "little"},
        {"implementation_name", "mpy"}, {"copyright", "mpy: a teaching "
                                                       "interpreter"},
        {"prefix", "/usr/local"}, {"exec_prefix", "/usr/local"},
    };
    for (size_t i = 0; i < sizeof strs / sizeof *strs; i++) {
        ObjStr *v = str_from_cstr(ts, strs[i][1]);
        if (!v || module_add_value(ts, mod, strs[i][0], OBJ_VAL(v)) < 0)
            goto fail;
    }
    char exe[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    exe[n > 0 ? n : 0] = '\0';
    ObjStr *exs = str_from_cstr(ts, exe);
    if (!exs || module_add_value(ts, mod, "executable", OBJ_VAL(exs)) < 0)
        goto fail;

    if (IS_ERR(make_stream(ts, mod, stdin, "<stdin>", "r", "stdin",
                           "__stdin__")) ||
        IS_ERR(make_stream(ts, mod, stdout, "<stdout>", "w", "stdout",
                           "__stdout__")) ||
        IS_ERR(make_stream(ts, mod, stderr, "<stderr>", "w", "stderr",
                           "__stderr__")))
        goto fail;

    if (module_add_fn(ts, mod, "exit", sys_exit) < 0 ||
        module_add_fn(ts, mod, "getrecursionlimit", sys_getrecursionlimit) <
            0 ||
        module_add_fn(ts, mod, "setrecursionlimit", sys_setrecursionlimit) <
            0 ||
        module_add_fn(ts, mod, "exc_info", sys_exc_info) < 0 ||
        module_add_fn(ts, mod, "exception", sys_exception) < 0 ||
        module_add_fn(ts, mod, "intern", sys_intern) < 0 ||
        module_add_fn(ts, mod, "getsizeof", sys_getsizeof) < 0)
        goto fail;
    static const ModuleFn gil_fns[] = {
        {"getswitchinterval", sys_getswitchinterval},
        {"setswitchinterval", sys_setswitchinterval},
        {"getcheckinterval", sys_getcheckinterval},
        {"setcheckinterval", sys_setcheckinterval},
    };
    if (module_add_fns(ts, mod, gil_fns, sizeof gil_fns / sizeof *gil_fns) <
        0)
        goto fail;
    UNPROTECT(ts, 1);
    return mod;
fail:
    UNPROTECT(ts, 1);
    return NULL;
}
