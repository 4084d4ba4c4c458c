/* gen.c - generators, coroutines and async generators: creation,
 * send/throw/close, yield from delegation, the awaitables of async
 * generators (__anext__, asend, athrow, aclose), and their methods.
 *
 * A generator owns a heap frame.  Resuming links that frame on top of the
 * caller's (frame->back), swaps in the exception the generator was handling
 * when it last yielded (kept in the frame's reserved slot, FRAME_EXC_SLOT),
 * and runs vm_eval; a yield returns from vm_eval with gen->state set to
 * GEN_SUSPENDED, a return with GEN_CLOSED.  A generator suspended inside
 * `yield from` keeps the delegate in gen->yieldfrom: send backs the frame's
 * ip up by one byte so YIELD_FROM runs again with the sent value, throw and
 * close go to the delegate first.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "class.h"
#include "code.h"
#include "exc.h"
#include "gc.h"
#include "ops.h"
#include "str.h"
#include "tuple.h"
#include "vm.h"

static const char *kind_name(ThreadState *ts, ObjGenerator *gen)
{
    if (gen->obj.cls == TYPE(ts, COROUTINE))
        return "coroutine";
    if (gen->obj.cls == TYPE(ts, ASYNC_GENERATOR))
        return "async generator";
    return "generator";
}

Value gen_new(ThreadState *ts, ObjFunction *fn)
{
    int flags = fn->code->flags;
    ObjClass *cls = (flags & CODE_COROUTINE)         ? TYPE(ts, COROUTINE)
                    : (flags & CODE_ASYNC_GENERATOR) ? TYPE(ts, ASYNC_GENERATOR)
                                                     : TYPE(ts, GENERATOR);
    PROTECT_OBJ(ts, fn);
    ObjGenerator *g = gc_alloc(ts, sizeof(ObjGenerator), OBJ_GENERATOR, cls);
    UNPROTECT(ts, 1);
    if (!g)
        return ERR_VAL;
    g->frame = NULL;
    g->name = fn->name;
    g->qualname = fn->qualname;
    g->state = GEN_CREATED;
    g->yieldfrom = UNDEF_VAL;
    return OBJ_VAL(g);
}

static void gen_finish(ObjGenerator *gen)
{
    gen->state = GEN_CLOSED;
    gen->yieldfrom = UNDEF_VAL;
    if (gen->frame) {
        Frame *f = gen->frame;
        gen->frame = NULL;
        if (f->heap_owned)
            free(f);
    }
}

/* Run the generator's frame. */
static int resume(ThreadState *ts, ObjGenerator *gen, bool throwing,
                  Value *out)
{
    Frame *f = gen->frame;
    if (ts->depth >= ts->interp->recursion_limit) {
        if (throwing)
            exc_clear(ts);
        exc_raise(ts, TYPE(ts, RecursionError),
                  "maximum recursion depth exceeded");
        return -1;
    }
    PROTECT_OBJ(ts, gen);
    Value saved = ts->handled_exc;
    PROTECT(ts, saved);
    f->back = ts->frame;
    ts->frame = f;
    ts->depth++;
    ts->handled_exc = FRAME_EXC_SLOT(f);
    gen->state = GEN_RUNNING;
    Value r = vm_eval(ts, f, throwing);
    FRAME_EXC_SLOT(f) = ts->handled_exc;
    ts->handled_exc = saved;
    f->back = NULL;
    int rc;
    if (IS_ERR(r)) {
        gen_finish(gen);
        bool is_agen = gen->obj.cls == TYPE(ts, ASYNC_GENERATOR);
        ObjClass *stop_cls = NULL;
        if (exc_matches(ts, TYPE(ts, StopIteration)))
            stop_cls = TYPE(ts, StopIteration);
        else if (is_agen && exc_matches(ts, TYPE(ts, StopAsyncIteration)))
            stop_cls = TYPE(ts, StopAsyncIteration);
        if (stop_cls) {
            Value stop = exc_fetch(ts);
            PROTECT(ts, stop);
            exc_raise(ts, TYPE(ts, RuntimeError), "%s raised %s",
                      kind_name(ts, gen), stop_cls->name->data);
            if (IS_EXCEPTION(ts->exc)) {
                AS_EXCEPTION(ts->exc)->cause = stop;
                AS_EXCEPTION(ts->exc)->context = stop;
                AS_EXCEPTION(ts->exc)->suppress_context = true;
            }
            UNPROTECT(ts, 1);
        }
        rc = -1;
    } else if (gen->state == GEN_SUSPENDED) {
        *out = r;
        rc = 1;
    } else {
        gen_finish(gen);
        *out = r;
        rc = 0;
    }
    UNPROTECT(ts, 2);
    return rc;
}

static int check_running(ThreadState *ts, ObjGenerator *gen)
{
    if (gen->state == GEN_RUNNING) {
        exc_raise(ts, TYPE(ts, ValueError), "%s already executing",
                  kind_name(ts, gen));
        return -1;
    }
    return 0;
}

int gen_send(ThreadState *ts, ObjGenerator *gen, Value v, Value *out)
{
    if (check_running(ts, gen) < 0)
        return -1;
    if (gen->state == GEN_CLOSED || !gen->frame) {
        if (gen->obj.cls == TYPE(ts, COROUTINE)) {
            exc_raise(ts, TYPE(ts, RuntimeError),
                      "cannot reuse already awaited coroutine");
            return -1;
        }
        *out = NONE_VAL;
        return 0;
    }
    if (gen->state == GEN_CREATED) {
        if (!IS_NONE(v)) {
            exc_raise(ts, TYPE(ts, TypeError),
                      "can't send non-None value to a just-started %s",
                      kind_name(ts, gen));
            return -1;
        }
    } else {
        Frame *f = gen->frame;
        if (!IS_UNDEF(gen->yieldfrom))
            f->ip -= 1; /* run YIELD_FROM again */
        *f->sp++ = v;
    }
    return resume(ts, gen, false, out);
}

/* The delegate finished with [value] while we were throwing into it:
 * complete the YIELD_FROM (pop the delegate, push the value) and resume. */
static int finish_yield_from(ThreadState *ts, ObjGenerator *gen, Value value,
                             Value *out)
{
    Frame *f = gen->frame;
    gen->yieldfrom = UNDEF_VAL;
    f->sp[-1] = value;
    return resume(ts, gen, false, out);
}

static int close_delegate(ThreadState *ts, Value sub)
{
    if (IS_GENERATOR(sub))
        return gen_close(ts, AS_GENERATOR(sub));
    Value m;
    int r = obj_getattr_opt(ts, sub, NAME(ts, close), &m);
    if (r <= 0)
        return r;
    Value res = obj_call(ts, m, 0, NULL, NULL);
    return IS_ERR(res) ? -1 : 0;
}

int gen_throw(ThreadState *ts, ObjGenerator *gen, Value exc, Value *out)
{
    if (check_running(ts, gen) < 0)
        return -1;
    if (!IS_UNDEF(gen->yieldfrom) && gen->state == GEN_SUSPENDED) {
        Value sub = gen->yieldfrom;
        PROTECT(ts, sub);
        PROTECT(ts, exc);
        bool is_exit = (IS_CLASS(exc) && class_is_subclass(AS_CLASS(exc),
                                                           TYPE(ts, GeneratorExit))) ||
                       (IS_EXCEPTION(exc) &&
                        obj_isinstance(ts, exc, TYPE(ts, GeneratorExit)));
        gen->state = GEN_RUNNING;
        int r;
        Value val = NONE_VAL;
        if (is_exit) {
            r = close_delegate(ts, sub);
            gen->state = GEN_SUSPENDED;
            gen->yieldfrom = UNDEF_VAL;
            UNPROTECT(ts, 2);
            if (r < 0)
                return resume(ts, gen, true, out);
            goto throw_here;
        }
        if (IS_GENERATOR(sub)) {
            r = gen_throw(ts, AS_GENERATOR(sub), exc, &val);
        } else {
            Value m;
            r = obj_getattr_opt(ts, sub, NAME(ts, throw_), &m);
            if (r == 0) {
                gen->state = GEN_SUSPENDED;
                gen->yieldfrom = UNDEF_VAL;
                UNPROTECT(ts, 2);
                goto throw_here;
            }
            if (r > 0) {
                val = obj_call(ts, m, 1, &exc, NULL);
                if (!IS_ERR(val)) {
                    r = 1;
                } else if (exc_matches(ts, TYPE(ts, StopIteration))) {
                    Value e = exc_fetch(ts);
                    val = exc_stop_iteration_value(ts, e);
                    r = 0;
                } else {
                    r = -1;
                }
            }
        }
        gen->state = GEN_SUSPENDED;
        UNPROTECT(ts, 2);
        if (r == 1) {
            *out = val;
            return 1;
        }
        if (r == 0)
            return finish_yield_from(ts, gen, val, out);
        gen->yieldfrom = UNDEF_VAL;
        return resume(ts, gen, true, out);
    }
throw_here:
    if (gen->state == GEN_CLOSED || !gen->frame) {
        exc_raise_value(ts, exc);
        return -1;
    }
    exc_raise_value(ts, exc);
    if (!exc_pending(ts))
        return -1;
    return resume(ts, gen, true, out);
}

int gen_close(ThreadState *ts, ObjGenerator *gen)
{
    if (gen->state == GEN_CLOSED || !gen->frame) {
        gen->state = GEN_CLOSED;
        return 0;
    }
    if (gen->state == GEN_CREATED) {
        gen_finish(gen);
        return 0;
    }
    if (check_running(ts, gen) < 0)
        return -1;
    Value out;
    int r = gen_throw(ts, gen, OBJ_VAL(TYPE(ts, GeneratorExit)), &out);
    if (r == 1) {
        exc_raise(ts, TYPE(ts, RuntimeError), "%s ignored GeneratorExit",
                  kind_name(ts, gen));
        return -1;
    }
    if (r == 0)
        return 0;
    if (exc_matches(ts, TYPE(ts, GeneratorExit)) ||
        exc_matches(ts, TYPE(ts, StopIteration))) {
        exc_clear(ts);
        return 0;
    }
    return -1;
}

/* ---- methods ---------------------------------------------------------- */

static ObjGenerator *self_gen(ThreadState *ts, int argc, Value *argv)
{
    if (argc < 1 || !IS_GENERATOR(argv[0])) {
        exc_raise(ts, TYPE(ts, TypeError), "descriptor requires a generator");
        return NULL;
    }
    return AS_GENERATOR(argv[0]);
}

/* Turn a gen_* result into a method result. */
static Value send_result(ThreadState *ts, int r, Value v)
{
    if (r == 1)
        return v;
    if (r < 0)
        return ERR_VAL;
    /* the value left the finished frame: nothing else roots it now */
    PROTECT(ts, v);
    Value e = exc_raise_stop_iteration(ts, v);
    UNPROTECT(ts, 1);
    return e;
}

static Value gen_m_iter(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    (void)kw;
    if (!self_gen(ts, argc, argv))
        return ERR_VAL;
    return argv[0];
}

static Value gen_m_next(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    (void)kw;
    ObjGenerator *g = self_gen(ts, argc, argv);
    if (!g)
        return ERR_VAL;
    Value out = NONE_VAL;
    int r = gen_send(ts, g, NONE_VAL, &out);
    return send_result(ts, r, out);
}

static Value gen_m_send(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    (void)kw;
    ObjGenerator *g = self_gen(ts, argc, argv);
    if (!g)
        return ERR_VAL;
    if (argc != 2)
        return exc_raise(ts, TYPE(ts, TypeError),
                         "send() takes exactly one argument (%d given)",
                         argc - 1);
    Value out = NONE_VAL;
    int r = gen_send(ts, g, argv[1], &out);
    return send_result(ts, r, out);
}

/* The exception that throw(typ[, val[, tb]]) (and athrow) raise inside the
 * generator: an instance or a class, as given, or typ(val) when [val] is
 * not already an instance.  ERR_VAL with TypeError for anything else. */
static Value throw_args_exception(ThreadState *ts, const char *what, int argc,
                                  Value *argv)
{
    if (argc < 1)
        return exc_raise(ts, TYPE(ts, TypeError),
                         "%s expected at least 1 argument, got 0", what);
    if (argc > 3)
        return exc_raise(ts, TYPE(ts, TypeError),
                         "%s expected at most 3 arguments, got %d", what,
                         argc);
    Value exc = argv[0];
    if (argc >= 2 && !IS_NONE(argv[1])) {
        if (IS_EXCEPTION(argv[1])) {
            exc = argv[1];
        } else if (IS_CLASS(exc)) {
            exc = obj_call(ts, exc, 1, &argv[1], NULL);
            if (IS_ERR(exc))
                return exc;
        }
    }
    if (!(IS_EXCEPTION(exc) ||
          (IS_CLASS(exc) &&
           class_is_subclass(AS_CLASS(exc), TYPE(ts, BaseException)))))
        return exc_raise(ts, TYPE(ts, TypeError),
                         "exceptions must be classes or instances deriving "
                         "from BaseException, not %s",
                         obj_type_name(ts, exc));
    return exc;
}

static Value gen_m_throw(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    (void)kw;
    ObjGenerator *g = self_gen(ts, argc, argv);
    if (!g)
        return ERR_VAL;
    Value exc = throw_args_exception(ts, "throw", argc - 1, argv + 1);
    if (IS_ERR(exc))
        return exc;
    PROTECT(ts, exc);
    Value out = NONE_VAL;
    int r = gen_throw(ts, g, exc, &out);
    UNPROTECT(ts, 1);
    return send_result(ts, r, out);
}

static Value gen_m_close(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    (void)kw;
    ObjGenerator *g = self_gen(ts, argc, argv);
    if (!g)
        return ERR_VAL;
    return gen_close(ts, g) < 0 ? ERR_VAL : NONE_VAL;
}

static Value gen_m_repr(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    (void)kw;
    ObjGenerator *g = self_gen(ts, argc, argv);
    if (!g)
        return ERR_VAL;
    ObjStr *s = str_printf(ts, "<%s object %s at %p>",
                           obj_type_name(ts, argv[0]),
                           g->qualname ? g->qualname->data : "?", (void *)g);
    return s ? OBJ_VAL(s) : ERR_VAL;
}

static Value gen_m_name(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    (void)kw;
    ObjGenerator *g = self_gen(ts, argc, argv);
    if (!g)
        return ERR_VAL;
    return g->name ? OBJ_VAL(g->name) : NONE_VAL;
}

static Value gen_m_qualname(ThreadState *ts, int argc, Value *argv,
                            ObjTuple *kw)
{
    (void)kw;
    ObjGenerator *g = self_gen(ts, argc, argv);
    if (!g)
        return ERR_VAL;
    return g->qualname ? OBJ_VAL(g->qualname) : NONE_VAL;
}

static Value gen_m_running(ThreadState *ts, int argc, Value *argv,
                           ObjTuple *kw)
{
    (void)kw;
    ObjGenerator *g = self_gen(ts, argc, argv);
    if (!g)
        return ERR_VAL;
    return BOOL_VAL(g->state == GEN_RUNNING);
}

/* ---- async generators --------------------------------------------------
 *
 * An async generator's frame suspends for two reasons: at an `await`
 * (YIELD_FROM, with gen->yieldfrom set to the awaitable being driven) and
 * at its own `yield` (YIELD_VALUE, gen->yieldfrom unset).  The event loop
 * must see only the first kind; the second is the result of the step.  So
 * the generator is never driven directly: __anext__()/asend(v) and
 * athrow(...)/aclose() return awaitables (AgenStep below) that run the
 * generator and sort what comes out:
 *   - a suspension at an await passes through: the awaitable yields the
 *     same value to whoever drives it;
 *   - the generator's own `yield v` finishes the awaitable: StopIteration(v);
 *   - the generator returning finishes asend with StopAsyncIteration, and
 *     aclose() quietly (it also swallows GeneratorExit and
 *     StopAsyncIteration); aclose() seeing a `yield` is a RuntimeError.
 * "Already running" (another step is in progress) is read off the
 * generator itself: it is executing, or suspended inside an await.
 *
 * An AgenStep is usable once: INIT until first driven, ITER while it passes
 * awaits through, CLOSED when finished. */

typedef enum AgenStepKind { AGEN_SEND, AGEN_THROW, AGEN_CLOSE } AgenStepKind;
typedef enum AgenStepState { STEP_INIT, STEP_ITER, STEP_CLOSED } AgenStepState;

typedef struct AgenStep {
    Value gen;          /* the async generator */
    Value arg;          /* AGEN_SEND: the value to send; AGEN_THROW: the
                           arguments of athrow() as a tuple, checked when
                           the step starts, as CPython does; AGEN_CLOSE:
                           unused */
    AgenStepKind kind;
    AgenStepState state;
} AgenStep;

static void agen_step_mark(Interp *interp, void *data)
{
    AgenStep *st = data;
    gc_mark_value(interp, st->gen);
    gc_mark_value(interp, st->arg);
}

static const NativeDataType asend_type = {"async_generator_asend",
                                          agen_step_mark, free};
static const NativeDataType athrow_type = {"async_generator_athrow",
                                           agen_step_mark, free};

static bool is_agen(ThreadState *ts, Value v)
{
    return IS_GENERATOR(v) && AS_OBJ(v)->cls == TYPE(ts, ASYNC_GENERATOR);
}

static bool agen_running_async(ObjGenerator *g)
{
    return g->state == GEN_RUNNING ||
           (g->state == GEN_SUSPENDED && !IS_UNDEF(g->yieldfrom));
}

static bool agen_closed(ObjGenerator *g)
{
    return g->state == GEN_CLOSED || !g->frame;
}

static Value agen_step_new(ThreadState *ts, Value gen, AgenStepKind kind,
                           Value arg)
{
    AgenStep *st = malloc(sizeof *st);
    if (!st)
        return exc_no_memory(ts);
    st->gen = gen;
    st->arg = arg;
    st->kind = kind;
    st->state = STEP_INIT;
    PROTECT(ts, gen);
    PROTECT(ts, arg);
    bool send = kind == AGEN_SEND;
    ObjNativeData *o =
        gc_alloc(ts, sizeof(ObjNativeData), OBJ_NATIVE_DATA,
                 send ? TYPE(ts, ASYNC_GEN_ASEND) : TYPE(ts, ASYNC_GEN_ATHROW));
    UNPROTECT(ts, 2);
    if (!o) {
        free(st);
        return ERR_VAL;
    }
    o->type = send ? &asend_type : &athrow_type;
    o->data = st;
    return OBJ_VAL(o);
}

/* Sort the generator's step [r] (gen_send's convention) into the
 * awaitable's step: 1 = pass *out through to the driver, 0 = finished with
 * *out, -1 = raised. */
static int agen_step_result(ThreadState *ts, AgenStep *st, ObjGenerator *g,
                            int r, Value *out)
{
    if (r == 1 && !IS_UNDEF(g->yieldfrom))
        return 1;
    st->state = STEP_CLOSED;
    if (st->kind == AGEN_CLOSE) {
        if (r == 1) {
            exc_raise(ts, TYPE(ts, RuntimeError),
                      "async generator ignored GeneratorExit");
            return -1;
        }
        if (r < 0 && !exc_matches(ts, TYPE(ts, StopAsyncIteration)) &&
            !exc_matches(ts, TYPE(ts, GeneratorExit)))
            return -1;
        exc_clear(ts);
        *out = NONE_VAL;
        return 0;
    }
    if (r == 0) {
        exc_raise_value(ts, OBJ_VAL(TYPE(ts, StopAsyncIteration)));
        return -1;
    }
    return r < 0 ? -1 : 0;
}

static const char *reuse_message(const AgenStep *st)
{
    return st->kind == AGEN_SEND
               ? "cannot reuse already awaited __anext__()/asend()"
               : "cannot reuse already awaited aclose()/athrow()";
}

/* The first step of athrow()/aclose(): throw into the generator. */
static int agen_step_start_throw(ThreadState *ts, AgenStep *st,
                                 ObjGenerator *g, Value v, Value *out)
{
    if (agen_running_async(g)) {
        st->state = STEP_CLOSED;
        exc_raise(ts, TYPE(ts, RuntimeError),
                  "%s(): asynchronous generator is already running",
                  st->kind == AGEN_CLOSE ? "aclose" : "athrow");
        return -1;
    }
    if (agen_closed(g)) {
        st->state = STEP_CLOSED;
        *out = NONE_VAL;
        return 0;
    }
    if (!IS_NONE(v)) {
        exc_raise(ts, TYPE(ts, RuntimeError),
                  "can't send non-None value to a just-started coroutine");
        return -1;
    }
    Value exc = OBJ_VAL(TYPE(ts, GeneratorExit));
    if (st->kind == AGEN_THROW) {
        ObjTuple *args = AS_TUPLE(st->arg);
        exc = throw_args_exception(ts, "athrow", (int)args->len, args->items);
        if (IS_ERR(exc))
            return -1;
    }
    st->state = STEP_ITER;
    PROTECT(ts, exc);
    int r = gen_throw(ts, g, exc, out);
    UNPROTECT(ts, 1);
    return agen_step_result(ts, st, g, r, out);
}

/* awaitable.send(v): 1 = yielded *out, 0 = finished with *out, -1. */
static int agen_step_send(ThreadState *ts, AgenStep *st, Value v, Value *out)
{
    ObjGenerator *g = AS_GENERATOR(st->gen);
    if (st->state == STEP_CLOSED) {
        exc_raise(ts, TYPE(ts, RuntimeError), "%s", reuse_message(st));
        return -1;
    }
    if (st->state == STEP_INIT) {
        if (st->kind != AGEN_SEND)
            return agen_step_start_throw(ts, st, g, v, out);
        if (agen_running_async(g)) {
            exc_raise(ts, TYPE(ts, RuntimeError),
                      "anext(): asynchronous generator is already running");
            return -1;
        }
        if (IS_NONE(v))
            v = st->arg;
        st->state = STEP_ITER;
    }
    int r = gen_send(ts, g, v, out);
    return agen_step_result(ts, st, g, r, out);
}

static int agen_step_throw(ThreadState *ts, AgenStep *st, Value exc,
                           Value *out)
{
    if (st->state == STEP_CLOSED) {
        exc_raise(ts, TYPE(ts, RuntimeError), "%s", reuse_message(st));
        return -1;
    }
    ObjGenerator *g = AS_GENERATOR(st->gen);
    int r = gen_throw(ts, g, exc, out);
    return agen_step_result(ts, st, g, r, out);
}

static AgenStep *self_step(ThreadState *ts, int argc, Value *argv)
{
    if (argc >= 1 && IS_KIND(argv[0], OBJ_NATIVE_DATA)) {
        ObjNativeData *o = AS_NATIVE_DATA(argv[0]);
        if (o->type == &asend_type || o->type == &athrow_type)
            return o->data;
    }
    exc_raise(ts, TYPE(ts, TypeError),
              "descriptor requires an async generator awaitable");
    return NULL;
}

static Value step_m_self(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    (void)kw;
    return self_step(ts, argc, argv) ? argv[0] : ERR_VAL;
}

static Value step_m_next(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    (void)kw;
    AgenStep *st = self_step(ts, argc, argv);
    if (!st)
        return ERR_VAL;
    Value out = NONE_VAL;
    int r = agen_step_send(ts, st, NONE_VAL, &out);
    return send_result(ts, r, out);
}

static Value step_m_send(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    (void)kw;
    AgenStep *st = self_step(ts, argc, argv);
    if (!st)
        return ERR_VAL;
    if (argc != 2)
        return exc_raise(ts, TYPE(ts, TypeError),
                         "send() takes exactly one argument (%d given)",
                         argc - 1);
    Value out = NONE_VAL;
    int r = agen_step_send(ts, st, argv[1], &out);
    return send_result(ts, r, out);
}

static Value step_m_throw(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    (void)kw;
    AgenStep *st = self_step(ts, argc, argv);
    if (!st)
        return ERR_VAL;
    Value exc = throw_args_exception(ts, "throw", argc - 1, argv + 1);
    if (IS_ERR(exc))
        return exc;
    PROTECT(ts, exc);
    Value out = NONE_VAL;
    int r = agen_step_throw(ts, st, exc, &out);
    UNPROTECT(ts, 1);
    return send_result(ts, r, out);
}

static Value step_m_close(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    (void)kw;
    AgenStep *st = self_step(ts, argc, argv);
    if (!st)
        return ERR_VAL;
    st->state = STEP_CLOSED;
    return NONE_VAL;
}

static ObjGenerator *self_agen(ThreadState *ts, int argc, Value *argv)
{
    if (argc < 1 || !is_agen(ts, argv[0])) {
        exc_raise(ts, TYPE(ts, TypeError),
                  "descriptor requires an 'async_generator' object");
        return NULL;
    }
    return AS_GENERATOR(argv[0]);
}

static Value agen_m_aiter(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    (void)kw;
    return self_agen(ts, argc, argv) ? argv[0] : ERR_VAL;
}

static Value agen_m_anext(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    (void)kw;
    if (!self_agen(ts, argc, argv))
        return ERR_VAL;
    return agen_step_new(ts, argv[0], AGEN_SEND, NONE_VAL);
}

static Value agen_m_asend(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    (void)kw;
    if (!self_agen(ts, argc, argv))
        return ERR_VAL;
    if (argc != 2)
        return exc_raise(ts, TYPE(ts, TypeError),
                         "asend() takes exactly one argument (%d given)",
                         argc - 1);
    return agen_step_new(ts, argv[0], AGEN_SEND, argv[1]);
}

static Value agen_m_athrow(ThreadState *ts, int argc, Value *argv,
                           ObjTuple *kw)
{
    (void)kw;
    if (!self_agen(ts, argc, argv))
        return ERR_VAL;
    ObjTuple *args = tuple_from_array(ts, argv + 1, (size_t)(argc - 1));
    if (!args)
        return ERR_VAL;
    return agen_step_new(ts, argv[0], AGEN_THROW, OBJ_VAL(args));
}

static Value agen_m_aclose(ThreadState *ts, int argc, Value *argv,
                           ObjTuple *kw)
{
    (void)kw;
    if (!self_agen(ts, argc, argv))
        return ERR_VAL;
    if (argc != 1)
        return exc_raise(ts, TYPE(ts, TypeError),
                         "aclose() takes no arguments (%d given)", argc - 1);
    return agen_step_new(ts, argv[0], AGEN_CLOSE, NONE_VAL);
}

static Value agen_m_running(ThreadState *ts, int argc, Value *argv,
                            ObjTuple *kw)
{
    (void)kw;
    ObjGenerator *g = self_agen(ts, argc, argv);
    if (!g)
        return ERR_VAL;
    return BOOL_VAL(agen_running_async(g));
}

static void register_step_class(ThreadState *ts, ObjClass *cls)
{
    class_add_native(ts, cls, "__await__", step_m_self);
    class_add_native(ts, cls, "__iter__", step_m_self);
    class_add_native(ts, cls, "__next__", step_m_next);
    class_add_native(ts, cls, "send", step_m_send);
    class_add_native(ts, cls, "throw", step_m_throw);
    class_add_native(ts, cls, "close", step_m_close);
}

static void add_getter(ThreadState *ts, ObjClass *cls, const char *name,
                       NativeFn get)
{
    ObjNative *g = native_new(ts, name, get);
    if (!g)
        return;
    PROTECT_OBJ(ts, g);
    ObjProperty *p =
        gc_alloc(ts, sizeof(ObjProperty), OBJ_PROPERTY, TYPE(ts, PROPERTY));
    if (p) {
        p->fget = OBJ_VAL(g);
        p->fset = NONE_VAL;
        p->fdel = NONE_VAL;
        p->doc = NONE_VAL;
        class_add_value(ts, cls, name, OBJ_VAL(p));
    }
    UNPROTECT(ts, 1);
}

void vm_register_generator(ThreadState *ts)
{
    ObjClass *g = TYPE(ts, GENERATOR);
    class_add_native(ts, g, "__iter__", gen_m_iter);
    class_add_native(ts, g, "__next__", gen_m_next);
    class_add_native(ts, g, "send", gen_m_send);
    class_add_native(ts, g, "throw", gen_m_throw);
    class_add_native(ts, g, "close", gen_m_close);
    class_add_native(ts, g, "__repr__", gen_m_repr);
    add_getter(ts, g, "__name__", gen_m_name);
    add_getter(ts, g, "__qualname__", gen_m_qualname);
    add_getter(ts, g, "gi_running", gen_m_running);
    ObjClass *c = TYPE(ts, COROUTINE);
    class_add_native(ts, c, "send", gen_m_send);
    class_add_native(ts, c, "throw", gen_m_throw);
    class_add_native(ts, c, "close", gen_m_close);
    class_add_native(ts, c, "__await__", gen_m_iter);
    class_add_native(ts, c, "__repr__", gen_m_repr);
    add_getter(ts, c, "__name__", gen_m_name);
    add_getter(ts, c, "__qualname__", gen_m_qualname);
    add_getter(ts, c, "cr_running", gen_m_running);
    ObjClass *a = TYPE(ts, ASYNC_GENERATOR);
    class_add_native(ts, a, "__aiter__", agen_m_aiter);
    class_add_native(ts, a, "__anext__", agen_m_anext);
    class_add_native(ts, a, "asend", agen_m_asend);
    class_add_native(ts, a, "athrow", agen_m_athrow);
    class_add_native(ts, a, "aclose", agen_m_aclose);
    class_add_native(ts, a, "__repr__", gen_m_repr);
    add_getter(ts, a, "__name__", gen_m_name);
    add_getter(ts, a, "__qualname__", gen_m_qualname);
    add_getter(ts, a, "ag_running", agen_m_running);
    register_step_class(ts, TYPE(ts, ASYNC_GEN_ASEND));
    register_step_class(ts, TYPE(ts, ASYNC_GEN_ATHROW));
}

void vm_register(ThreadState *ts)
{
    vm_register_function(ts);
    vm_register_generator(ts);
}
