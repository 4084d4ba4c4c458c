/* gen.c - generators and coroutines: creation, send/throw/close, yield
 * from delegation, and their methods.
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
        if (exc_matches(ts, TYPE(ts, StopIteration))) {
            Value stop = exc_fetch(ts);
            PROTECT(ts, stop);
            exc_raise(ts, TYPE(ts, RuntimeError), "%s raised StopIteration",
                      kind_name(ts, gen));
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
    return exc_raise_stop_iteration(ts, v);
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

static Value gen_m_throw(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    (void)kw;
    ObjGenerator *g = self_gen(ts, argc, argv);
    if (!g)
        return ERR_VAL;
    if (argc < 2 || argc > 4)
        return exc_raise(ts, TYPE(ts, TypeError),
                         "throw expected at least 1 argument, got %d",
                         argc - 1);
    Value exc = argv[1];
    if (argc >= 3 && !IS_NONE(argv[2])) {
        if (IS_EXCEPTION(argv[2])) {
            exc = argv[2];
        } else if (IS_CLASS(exc)) {
            exc = obj_call(ts, exc, 1, &argv[2], NULL);
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
    ObjStr *s = str_printf(ts, "<%s object %s at %p>", kind_name(ts, g),
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
    class_add_native(ts, a, "__repr__", gen_m_repr);
    add_getter(ts, a, "__name__", gen_m_name);
    add_getter(ts, a, "__qualname__", gen_m_qualname);
}

void vm_register(ThreadState *ts)
{
    vm_register_function(ts);
    vm_register_generator(ts);
}
