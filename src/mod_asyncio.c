/* mod_asyncio.c - the native part of asyncio, which is otherwise written
 * in mpy (lib/asyncio/).  Only what the language cannot do itself:
 *
 *   _asyncio.tracing()   whether --trace=tasks / :trace tasks is on, so
 *                        the loop builds its lines only when they show
 *   _asyncio.trace(text) print one task line, "[  12.345 ms] task TEXT",
 *                        stamped by the same clock as the GIL's lines
 *                        (virtual time in the deterministic policy) */
#include "config.h"

#include "args.h"
#include "builtins.h"
#include "events.h"
#include "exc.h"
#include "gc.h"
#include "gil.h"
#include "ops.h"
#include "str.h"

static Value asyncio_tracing_fn(ThreadState *ts, int argc, Value *argv,
                                ObjTuple *kwnames)
{
    (void)argv;
    if (args_positional(ts, "tracing", argc, kwnames, 0, 0) < 0)
        return ERR_VAL;
    return BOOL_VAL(events_tracing(&ts->interp->events, TRACE_TASKS));
}

static Value asyncio_trace_fn(ThreadState *ts, int argc, Value *argv,
                              ObjTuple *kwnames)
{
    if (args_positional(ts, "trace", argc, kwnames, 1, 1) < 0)
        return ERR_VAL;
    if (!IS_STR(argv[0]))
        return RAISE(ts, TypeError, "trace() argument must be str, not %s",
                     obj_type_name(ts, argv[0]));
    Interp *interp = ts->interp;
    events_trace_text(&interp->events, TRACE_TASKS, gil_now_ns(interp),
                      ts->serial, "task", AS_STR(argv[0])->data);
    return NONE_VAL;
}

ObjModule *mod_asyncio_init(ThreadState *ts)
{
    ObjModule *mod = module_new(ts, "_asyncio");
    if (!mod)
        return NULL;
    PROTECT_OBJ(ts, mod);
    static const ModuleFn fns[] = {
        {"tracing", asyncio_tracing_fn},
        {"trace", asyncio_trace_fn},
    };
    int r = module_add_fns(ts, mod, fns, sizeof fns / sizeof *fns);
    UNPROTECT(ts, 1);
    return r < 0 ? NULL : mod;
}
