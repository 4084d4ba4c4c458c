/* mod_traceback.c - the native part of the traceback module
 * (lib/traceback.mpy): the report of an exception as text, exactly what
 * mpy prints for an uncaught one, so that a program can keep it, send it
 * to another process (a Pool worker's error) or print it where it likes. */
#include "config.h"

#include "args.h"
#include "builtins.h"
#include "exc.h"
#include "gc.h"
#include "ops.h"
#include "str.h"

/* format(exc, chain=True, traceback=True): the report of [exc]. */
static Value traceback_format_fn(ThreadState *ts, int argc, Value *argv,
                                 ObjTuple *kwnames)
{
    static const ArgSpec spec = {"format", 3, 1,
                                 {"exc", "chain", "traceback"}};
    Value a[3];
    if (args_parse(ts, &spec, argc, argv, kwnames, a) < 0)
        return ERR_VAL;
    if (!IS_EXCEPTION(a[0]))
        return RAISE(ts, TypeError,
                     "format() argument must be an exception, not %s",
                     obj_type_name(ts, a[0]));
    unsigned parts = 0;
    static const unsigned flag[2] = {EXC_REPORT_CHAIN, EXC_REPORT_TRACEBACK};
    for (int i = 0; i < 2; i++) {
        int on = IS_UNDEF(a[1 + i]) ? 1 : obj_truthy(ts, a[1 + i]);
        if (on < 0)
            return ERR_VAL;
        if (on)
            parts |= flag[i];
    }
    ObjStr *text = exc_format(ts, a[0], parts);
    return text ? OBJ_VAL(text) : ERR_VAL;
}

ObjModule *mod_traceback_init(ThreadState *ts)
{
    ObjModule *mod = module_new(ts, "_traceback");
    if (!mod)
        return NULL;
    PROTECT_OBJ(ts, mod);
    static const ModuleFn fns[] = {
        {"format", traceback_format_fn},
    };
    int r = module_add_fns(ts, mod, fns, sizeof fns / sizeof *fns);
    UNPROTECT(ts, 1);
    return r < 0 ? NULL : mod;
}
