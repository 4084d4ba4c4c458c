/* vm.c - the bytecode dispatch loop.
 *
 * vm_eval runs one frame and every Python function it calls: a call to a
 * Python function pushes a new frame from the thread's arena and continues
 * the same loop (no C recursion), a return pops it and pushes the result
 * onto the caller's stack.  Only calls that go through C (a native that
 * calls back, a generator being resumed, obj_call on a callable object)
 * re-enter vm_eval.  So the C stack holds one vm_eval per C boundary, and
 * plain recursion up to the recursion limit costs no C stack at all.
 *
 * Garbage collection: the collector marks every slot of every frame below
 * frame->sp.  The loop keeps sp in a local and stores it into the frame at
 * every instruction boundary, BEFORE the instruction pops its operands, so
 * operands stay rooted while the instruction works.  An instruction that
 * pushes a new object and then allocates again stores sp again after the
 * push (SYNC).
 *
 * Exceptions (the zero-cost model of code.h): an instruction that fails
 * jumps to `error` with the exception pending in ts->exc.  There the frame
 * gets a traceback entry (unless the exception is being re-raised), the
 * implicit __context__ is set from the exception being handled, and the
 * exception table is searched for the handler covering the instruction.
 * With no handler the frame is popped and the search continues in the
 * caller, until the frame vm_eval was entered with is left.
 *
 * The GIL check (gil.c) has two placements.  With checks on back-edges
 * (CPython 3.10+, the default of the interval policy) backward jumps and
 * calls decrement the thread's countdown and test the eval breaker.  With
 * checks at every instruction (Python 2 and 3.2-3.9), or with the ops
 * trace on, the instruction hook runs before each instruction: it does the
 * same countdown and prints the trace line.  With computed goto DISPATCH
 * jumps through a table that is either the instructions' or one whose
 * every entry leads to the hook, so the common path pays nothing at all;
 * the switch fallback tests a flag.
 *
 * Dispatch uses computed goto when MPY_COMPUTED_GOTO is defined, a switch
 * otherwise; both come from the one opcode list in opcodes.h.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "builtins.h"
#include "class.h"
#include "code.h"
#include "dict.h"
#include "dis.h"
#include "exc.h"
#include "format.h"
#include "gil.h"
#include "gc.h"
#include "import.h"
#include "list.h"
#include "num.h"
#include "ops.h"
#include "set.h"
#include "str.h"
#include "strbuf.h"
#include "tuple.h"
#include "range.h"
#include "vm.h"

#define GEN_FLAGS (CODE_GENERATOR | CODE_COROUTINE | CODE_ASYNC_GENERATOR)

/* ---- helpers for the more involved instructions ------------------------ */

static Value name_error(ThreadState *ts, ObjStr *name)
{
    return exc_raise(ts, TYPE(ts, NameError), "name '%s' is not defined",
                     name->data);
}

static Value unbound_local(ThreadState *ts, ObjStr *name)
{
    return exc_raise(ts, TYPE(ts, UnboundLocalError),
                     "cannot access local variable '%s' where it is not "
                     "associated with a value",
                     name->data);
}

static ObjStr *deref_name(ObjCode *code, int idx)
{
    if ((size_t)idx < code->ncellvars)
        return code->cellvars[idx];
    return code->freevars[idx - code->ncellvars];
}

static Value unbound_deref(ThreadState *ts, ObjCode *code, int idx)
{
    if ((size_t)idx < code->ncellvars)
        return unbound_local(ts, code->cellvars[idx]);
    return exc_raise(ts, TYPE(ts, NameError),
                     "cannot access free variable '%s' where it is not "
                     "associated with a value in enclosing scope",
                     deref_name(code, idx)->data);
}

/* The name of a callable for "f() argument after * ..." messages. */
static void callable_name(ThreadState *ts, Value f, char *buf, size_t size)
{
    if (IS_FUNCTION(f)) {
        ObjFunction *fn = AS_FUNCTION(f);
        if (fn->module && strcmp(fn->module->data, "builtins") != 0)
            snprintf(buf, size, "%s.%s()", fn->module->data,
                     fn->qualname->data);
        else
            snprintf(buf, size, "%s()", fn->qualname->data);
    } else if (IS_KIND(f, OBJ_NATIVE)) {
        snprintf(buf, size, "%s()", AS_NATIVE(f)->name->data);
    } else if (IS_KIND(f, OBJ_BOUND_METHOD)) {
        callable_name(ts, AS_BOUND_METHOD(f)->func, buf, size);
    } else if (IS_CLASS(f)) {
        snprintf(buf, size, "%s()", AS_CLASS(f)->name->data);
    } else {
        snprintf(buf, size, "%s object", obj_type_name(ts, f));
    }
}

/* Unpack [seq] into exactly [n] values (out[0] first), or, with [star],
 * into before + list + after.  [out] is on the value stack (rooted). */
static int unpack(ThreadState *ts, Value seq, int before, int after,
                  bool star, Value *out)
{
    int n = before + after;
    Value *items = NULL;
    size_t len = 0;
    if (IS_TUPLE(seq)) {
        items = AS_TUPLE(seq)->items;
        len = AS_TUPLE(seq)->len;
    } else if (IS_LIST(seq)) {
        items = AS_LIST(seq)->items;
        len = AS_LIST(seq)->len;
    }
    ObjList *all = NULL;
    if (!items) {
        Value it = obj_iter(ts, seq);
        if (IS_ERR(it)) {
            if (exc_matches(ts, TYPE(ts, TypeError)) &&
                !obj_callable(ts, seq)) {
                exc_clear(ts);
                exc_raise(ts, TYPE(ts, TypeError),
                          "cannot unpack non-iterable %s object",
                          obj_type_name(ts, seq));
            }
            return -1;
        }
        PROTECT(ts, it);
        all = list_new(ts, n + 1);
        if (!all) {
            UNPROTECT(ts, 1);
            return -1;
        }
        PROTECT_OBJ(ts, all);
        for (;;) {
            Value v;
            int r = obj_next(ts, it, &v);
            if (r < 0) {
                UNPROTECT(ts, 2);
                return -1;
            }
            if (r == 0)
                break;
            if (list_append(ts, all, v) < 0) {
                UNPROTECT(ts, 2);
                return -1;
            }
            if (!star && all->len > (size_t)n)
                break;
        }
        UNPROTECT(ts, 2);
        PROTECT_OBJ(ts, all);
        items = all->items;
        len = all->len;
    }
    int rc = 0;
    if (!star) {
        if (len < (size_t)n) {
            exc_raise(ts, TYPE(ts, ValueError),
                      "not enough values to unpack (expected %d, got %zu)", n,
                      len);
            rc = -1;
        } else if (len > (size_t)n) {
            exc_raise(ts, TYPE(ts, ValueError),
                      "too many values to unpack (expected %d)", n);
            rc = -1;
        } else {
            for (int i = 0; i < n; i++)
                out[i] = items[i];
        }
    } else {
        if (len < (size_t)n) {
            exc_raise(ts, TYPE(ts, ValueError),
                      "not enough values to unpack (expected at least %d, got "
                      "%zu)",
                      n, len);
            rc = -1;
        } else {
            for (int i = 0; i < before; i++)
                out[i] = items[i];
            for (int i = 0; i < after; i++)
                out[before + 1 + i] = items[len - after + i];
            ObjList *mid = list_from_array(ts, items + before,
                                           len - (size_t)before - (size_t)after);
            /* items may have moved if `all` was reallocated: it was not */
            if (!mid)
                rc = -1;
            else
                out[before] = OBJ_VAL(mid);
        }
    }
    if (all)
        UNPROTECT(ts, 1);
    return rc;
}

static int exc_match(ThreadState *ts, Value exc, Value type)
{
    if (IS_TUPLE(type)) {
        ObjTuple *t = AS_TUPLE(type);
        for (size_t i = 0; i < t->len; i++) {
            int r = exc_match(ts, exc, t->items[i]);
            if (r != 0)
                return r;
        }
        return 0;
    }
    if (!IS_CLASS(type) ||
        !class_is_subclass(AS_CLASS(type), TYPE(ts, BaseException))) {
        exc_raise(ts, TYPE(ts, TypeError),
                  "catching classes that do not inherit from BaseException "
                  "is not allowed");
        return -1;
    }
    return obj_isinstance(ts, exc, AS_CLASS(type)) ? 1 : 0;
}

static Value ascii_of(ThreadState *ts, Value v)
{
    Value r = obj_repr(ts, v);
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
    ObjStr *out = str_from_buf(ts, &sb);
    return out ? OBJ_VAL(out) : ERR_VAL;
}

static Value format_op(ThreadState *ts, Value v, Value spec, int flags)
{
    switch (flags & 3) {
    case 1:
        v = obj_str(ts, v);
        break;
    case 2:
        v = obj_repr(ts, v);
        break;
    case 3:
        v = ascii_of(ts, v);
        break;
    default:
        break;
    }
    if (IS_ERR(v))
        return v;
    if (!(flags & 4) && IS_STR(v))
        return v;
    PROTECT(ts, v);
    Value r = format_value(ts, v, (flags & 4) ? AS_STR(spec) : NULL);
    UNPROTECT(ts, 1);
    return r;
}

static Value build_string(ThreadState *ts, Value *items, int n)
{
    size_t total = 0;
    for (int i = 0; i < n; i++)
        total += AS_STR(items[i])->len;
    StrBuf sb;
    sb_init(&sb);
    if (total == 0)
        return OBJ_VAL(ts->interp->empty_str);
    for (int i = 0; i < n; i++)
        sb_append(&sb, AS_STR(items[i])->data, AS_STR(items[i])->len);
    ObjStr *s = str_from_buf(ts, &sb);
    return s ? OBJ_VAL(s) : ERR_VAL;
}

/* {**src} into [d]; [merge]: a call's **kwargs (duplicates are errors). */
static int dict_merge_op(ThreadState *ts, ObjDict *d, Value src, bool merge,
                         Value func)
{
    if (!IS_DICT(src)) {
        Value keys;
        int r = obj_getattr_opt(ts, src, str_intern_cstr(ts, "keys"), &keys);
        if (r < 0)
            return -1;
        if (r == 0) {
            if (merge) {
                char name[200];
                callable_name(ts, func, name, sizeof name);
                exc_raise(ts, TYPE(ts, TypeError),
                          "%s argument after ** must be a mapping, not %s",
                          name, obj_type_name(ts, src));
            } else {
                exc_raise(ts, TYPE(ts, TypeError),
                          "'%s' object is not a mapping",
                          obj_type_name(ts, src));
            }
            return -1;
        }
        PROTECT(ts, keys);
        Value klist = obj_call(ts, keys, 0, NULL, NULL);
        UNPROTECT(ts, 1);
        if (IS_ERR(klist))
            return -1;
        PROTECT(ts, klist);
        Value it = obj_iter(ts, klist);
        if (IS_ERR(it)) {
            UNPROTECT(ts, 1);
            return -1;
        }
        PROTECT(ts, it);
        for (;;) {
            Value k;
            int rr = obj_next(ts, it, &k);
            if (rr <= 0) {
                UNPROTECT(ts, 2);
                return rr;
            }
            PROTECT(ts, k);
            Value v = obj_getitem(ts, src, k);
            if (IS_ERR(v)) {
                UNPROTECT(ts, 3);
                return -1;
            }
            PROTECT(ts, v);
            Value old;
            if (merge && dict_get(ts, d, k, &old) == 1) {
                char name[200];
                callable_name(ts, func, name, sizeof name);
                exc_raise(ts, TYPE(ts, TypeError),
                          "%s got multiple values for keyword argument '%s'",
                          name, IS_STR(k) ? AS_STR(k)->data : "?");
                UNPROTECT(ts, 4);
                return -1;
            }
            int sr = dict_set(ts, d, k, v);
            UNPROTECT(ts, 2);
            if (sr < 0) {
                UNPROTECT(ts, 2);
                return -1;
            }
        }
    }
    ObjDict *s = AS_DICT(src);
    size_t pos = 0;
    Value k, v;
    while (dict_next(s, &pos, &k, &v)) {
        if (merge) {
            Value old;
            int r = dict_get(ts, d, k, &old);
            if (r < 0)
                return -1;
            if (r == 1) {
                char name[200];
                callable_name(ts, func, name, sizeof name);
                exc_raise(ts, TYPE(ts, TypeError),
                          "%s got multiple values for keyword argument '%s'",
                          name, IS_STR(k) ? AS_STR(k)->data : "?");
                return -1;
            }
        }
        if (dict_set(ts, d, k, v) < 0)
            return -1;
    }
    return 0;
}

static Value get_awaitable(ThreadState *ts, Value v)
{
    if (IS_GENERATOR(v) && AS_OBJ(v)->cls == TYPE(ts, COROUTINE))
        return v;
    ObjClass *cls = obj_class(ts, v);
    Value meth = class_lookup(cls, NAME(ts, await));
    if (IS_UNDEF(meth))
        return exc_raise(ts, TYPE(ts, TypeError),
                         "object %s can't be used in 'await' expression",
                         obj_type_name(ts, v));
    Value r = obj_call_method(ts, v, NAME(ts, await), 0, NULL);
    if (IS_ERR(r))
        return r;
    if (IS_GENERATOR(r) && AS_OBJ(r)->cls == TYPE(ts, COROUTINE))
        return exc_raise(ts, TYPE(ts, TypeError),
                         "__await__() returned a coroutine");
    return r;
}

/* One step of `yield from`: send [v] into [iter].  1 = it yielded *out,
 * 0 = it finished with value *out, -1 = error. */
static int yield_from_step(ThreadState *ts, Value iter, Value v, Value *out)
{
    if (IS_GENERATOR(iter))
        return gen_send(ts, AS_GENERATOR(iter), v, out);
    if (IS_NONE(v)) {
        int r = 0;
        if (IS_KIND(iter, OBJ_ITER)) {
            ObjIter *it = (ObjIter *)AS_OBJ(iter);
            r = it->next(ts, it, out);
            if (r == 0)
                *out = NONE_VAL;
            return r;
        }
        /* call __next__ ourselves to keep StopIteration's value */
        Value res = obj_call_method(ts, iter, NAME(ts, next), 0, NULL);
        if (!IS_ERR(res)) {
            *out = res;
            return 1;
        }
    } else {
        Value res = obj_call_method(ts, iter, NAME(ts, send), 1, &v);
        if (!IS_ERR(res)) {
            *out = res;
            return 1;
        }
    }
    if (exc_matches(ts, TYPE(ts, StopIteration))) {
        Value e = exc_fetch(ts);
        *out = exc_stop_iteration_value(ts, e);
        return 0;
    }
    return -1;
}

static Value build_class_fn(ThreadState *ts)
{
    Value v;
    ObjStr *name = str_intern_cstr(ts, "__build_class__");
    if (name && dict_get_str(ts->interp->builtins, name, &v))
        return v;
    ObjNative *n = native_new(ts, "__build_class__", class_build);
    return n ? OBJ_VAL(n) : ERR_VAL;
}

/* Before every instruction, when interp->instr_hook is set: the ops trace
 * line, and the GIL check when checks go at every instruction. */
static int instruction_hook(ThreadState *ts, Frame *frame)
{
    Interp *interp = ts->interp;
    if (events_tracing(&interp->events, TRACE_OPS)) {
        ObjCode *code = frame->code;
        size_t off = (size_t)(frame->ip - code->bytecode);
        StrBuf arg;
        sb_init(&arg);
        dis_instruction_arg(ts, code, off, &arg);
        events_trace_op(&interp->events, gil_now_ns(interp), ts->serial,
                        code_line_at(code, off), code_op_name(*frame->ip),
                        arg.data ? arg.data : "");
        sb_free(&arg);
    }
    if (interp->gil.check == CHECK_EVERY &&
        (--ts->countdown <= 0 ||
         atomic_load_explicit(&interp->eval_breaker, memory_order_relaxed)))
        return gil_check(ts);
    return 0;
}

/* class_lookup that also says which class of the chain holds [name]
 * (*owner is left unset when it is absent). */
static inline Value method_lookup(ObjClass *cls, ObjStr *name,
                                  ObjClass **owner)
{
    Value v;
    for (ObjClass *c = cls; c; c = c->base)
        if (c->dict && dict_get_str(c->dict, name, &v)) {
            *owner = c;
            return v;
        }
    return UNDEF_VAL;
}

/* The slow path of LOAD_GLOBAL (and of LOAD_NAME past the locals): look
 * [name] up in [f]'s globals, then builtins, and remember where in cache
 * entry [e] (code.h).  false when it is in neither. */
static bool global_lookup(Frame *f, ObjStr *name, CodeGlobalCache *e,
                          Value *out)
{
    ObjDict *g = f->globals, *b = f->builtins;
    if (dict_get_str(g, name, out)) {
        /* a key equal to the name but not the interned string itself
         * (made at run time) is not cached: the fast path compares
         * pointers */
        e->index = 0;
        for (size_t i = 0; i < g->used; i++) {
            Value k = g->entries[i].key;
            if (IS_OBJ(k) && AS_OBJ(k) == &name->obj) {
                e->index = (uint32_t)i + 1;
                e->builtin = false;
                break;
            }
        }
        return true;
    }
    if (!dict_get_str(b, name, out))
        return false;
    e->globals = g;
    e->globals_version = g->version;
    size_t old = e->index;
    if (e->builtin && old && old - 1 < b->used &&
        IS_OBJ(b->entries[old - 1].key) &&
        AS_OBJ(b->entries[old - 1].key) == &name->obj)
        return true; /* only globals changed: the position still holds */
    e->index = 0;
    for (size_t i = 0; i < b->used; i++) {
        Value k = b->entries[i].key;
        if (IS_OBJ(k) && AS_OBJ(k) == &name->obj) {
            e->index = (uint32_t)i + 1;
            e->builtin = true;
            break;
        }
    }
    return true;
}

/* Does a native found in [owner]'s dict bind its instance?  Only when C
 * code put it there: a class statement's (or type()'s) class, the kind
 * with a __module__ of its own, may hold a built-in function as a plain
 * attribute (`log = print`), as ops.c's attribute lookup decides too. */
static bool native_is_method(ThreadState *ts, ObjClass *owner)
{
    Value tmp;
    return owner->is_builtin || !owner->dict ||
           !dict_get_str(owner->dict, NAME(ts, module), &tmp);
}

/* LOAD_GLOBAL: the value of global names[i] of [code] (or builtin) in
 * *out, through the cache of code.h: a hit is a key compare, plus for a
 * builtin a check that the globals have not changed.  false when the name
 * is defined nowhere. */
static inline bool load_global(Frame *f, ObjCode *code, int i, Value *out)
{
    CodeGlobalCache *e = &code_global_cache(code)[i];
    ObjStr *name = code->names[i];
    if (e->index) {
        uint32_t at = e->index - 1;
        ObjDict *d = e->builtin ? f->builtins : f->globals;
        if (at < d->used && IS_OBJ(d->entries[at].key) &&
            AS_OBJ(d->entries[at].key) == &name->obj &&
            (!e->builtin || (e->globals == f->globals &&
                             e->globals_version == f->globals->version))) {
            *out = d->entries[at].value;
            return true;
        }
    }
    return global_lookup(f, name, e, out);
}

/* UNPACK_SEQUENCE, UNPACK_EX: move the [n] values unpacked at [out] down
 * over the sequence just below them, reversed so that out[0] ends on top.
 * Returns the new stack top. */
static inline Value *unpacked_to_stack(Value *out, int n)
{
    Value *base = out - 1;
    for (int i = 0; i < n; i++)
        base[i] = out[i];
    for (int i = 0; i < n / 2; i++) {
        Value tmp = base[i];
        base[i] = base[n - 1 - i];
        base[n - 1 - i] = tmp;
    }
    return base + n;
}

/* Implicit exception chaining: the exception being handled becomes the new
 * exception's __context__, unless that would make a cycle. */
static void chain_context(ThreadState *ts, Value exc)
{
    Value handled = ts->handled_exc;
    if (IS_UNDEF(handled) || IS_NONE(handled) || !IS_EXCEPTION(exc) ||
        value_is(handled, exc))
        return;
    ObjException *e = AS_EXCEPTION(exc);
    if (!IS_NONE(e->context) && !IS_UNDEF(e->context))
        return;
    /* break a cycle: exc must not already be in handled's context chain */
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

/* ---- the loop ------------------------------------------------------- */

Value vm_eval(ThreadState *ts, Frame *entry, bool throwing)
{
    Interp *interp = ts->interp;
    Frame *frame = entry;
    ObjCode *code;
    uint8_t *ip;
    Value *sp;
    Value *locals;
    Value *consts;
    ObjStr **names;
    bool reraise = false;
    /* how this thread checks, re-read after every check (the policy or
     * the trace may have changed meanwhile) */
    bool per_instr, edge_checks;
#ifdef MPY_COMPUTED_GOTO
    /* the table DISPATCH jumps through: the instructions, or the hook */
    void *const *dispatch = NULL;
#define SET_DISPATCH() (dispatch = per_instr ? hook_targets : targets)
#else
#define SET_DISPATCH() ((void)0)
#endif
#define RELOAD_HOOKS()                                                        \
    (per_instr = interp->instr_hook,                                          \
     edge_checks = interp->gil.check == CHECK_BACKEDGE, SET_DISPATCH())
    per_instr = interp->instr_hook;
    edge_checks = interp->gil.check == CHECK_BACKEDGE;

#define LOAD_FRAME()                                                          \
    do {                                                                      \
        code = frame->code;                                                   \
        ip = frame->ip;                                                       \
        sp = frame->sp;                                                       \
        locals = frame->slots;                                                \
        consts = code->consts;                                                \
        names = code->names;                                                  \
    } while (0)
#define SYNC() (frame->sp = sp, frame->ip = ip)
#define PUSH(v) (*sp++ = (v))
#define POP() (*--sp)
#define TOP() (sp[-1])
#define PEEK(n) (sp[-(n)])
#define READ16() (ip += 2, (int)(ip[-2] | (ip[-1] << 8)))
#define READ32()                                                              \
    (ip += 4, (uint32_t)ip[-4] | ((uint32_t)ip[-3] << 8) |                    \
                  ((uint32_t)ip[-2] << 16) | ((uint32_t)ip[-1] << 24))
#define CELL_AT(i) (AS_CELL(locals[code->nlocals + (i)]))
/* A check site of the backedge placement: a backward jump or a call.
 * With checks at every instruction the hook has already looked. */
#define AT_CHECK_SITE()                                                       \
    (edge_checks &&                                                           \
     (--ts->countdown <= 0 ||                                                 \
      atomic_load_explicit(&interp->eval_breaker, memory_order_relaxed)))
#define CHECK_BREAKER()                                                       \
    do {                                                                      \
        if (AT_CHECK_SITE()) {                                                \
            if (gil_check(ts) < 0)                                            \
                goto error;                                                   \
            RELOAD_HOOKS();                                                   \
        }                                                                     \
    } while (0)

    LOAD_FRAME();

#ifdef MPY_COMPUTED_GOTO
    static void *const targets[OP__COUNT] = {
#define OP_TARGET(name, bytes, effect) &&L_##name,
        OPCODES(OP_TARGET)
#undef OP_TARGET
    };
#define TARGET(name) L_##name:
    /* with the hook on, every opcode leads to it first */
    static void *const hook_targets[OP__COUNT] = {[0 ... OP__COUNT - 1] =
                                                      &&hook};
    dispatch = per_instr ? hook_targets : targets;
#define DISPATCH()                                                            \
    do {                                                                      \
        SYNC();                                                               \
        goto *dispatch[*ip++];                                                \
    } while (0)
    if (throwing)
        goto error;
    DISPATCH();
hook:
    ip--; /* the hook runs before the instruction */
    if (instruction_hook(ts, frame) < 0) {
        ip++; /* raised at this instruction, inside its handlers */
        goto error;
    }
    RELOAD_HOOKS();
    goto *targets[*ip++];
#else
#define TARGET(name) case OP_##name:
#define DISPATCH() goto dispatch
    if (throwing)
        goto error;
dispatch:
    SYNC();
    if (__builtin_expect(per_instr, 0)) {
        if (instruction_hook(ts, frame) < 0) {
            ip++; /* raised at this instruction, inside its handlers */
            goto error;
        }
        RELOAD_HOOKS();
    }
    switch (*ip++) {
#endif

    TARGET(NOP)
    {
        DISPATCH();
    }
    TARGET(POP_TOP)
    {
        sp--;
        DISPATCH();
    }
    TARGET(ROT_TWO)
    {
        Value a = TOP();
        sp[-1] = sp[-2];
        sp[-2] = a;
        DISPATCH();
    }
    TARGET(ROT_THREE)
    {
        Value a = TOP();
        sp[-1] = sp[-2];
        sp[-2] = sp[-3];
        sp[-3] = a;
        DISPATCH();
    }
    TARGET(ROT_FOUR)
    {
        Value a = TOP();
        sp[-1] = sp[-2];
        sp[-2] = sp[-3];
        sp[-3] = sp[-4];
        sp[-4] = a;
        DISPATCH();
    }
    TARGET(DUP_TOP)
    {
        Value a = TOP();
        PUSH(a);
        DISPATCH();
    }
    TARGET(DUP_TOP_TWO)
    {
        Value a = PEEK(2), b = PEEK(1);
        PUSH(a);
        PUSH(b);
        DISPATCH();
    }
    TARGET(COPY)
    {
        int n = READ16();
        Value a = PEEK(n);
        PUSH(a);
        DISPATCH();
    }
    TARGET(SWAP)
    {
        int n = READ16();
        Value a = TOP();
        sp[-1] = PEEK(n);
        sp[-n] = a;
        DISPATCH();
    }
    TARGET(LOAD_CONST)
    {
        int i = READ16();
        PUSH(consts[i]);
        DISPATCH();
    }
    TARGET(LOAD_FAST)
    {
        int i = READ16();
        Value v = locals[i];
        if (IS_UNDEF(v)) {
            unbound_local(ts, code->varnames[i]);
            goto error;
        }
        PUSH(v);
        DISPATCH();
    }
    TARGET(STORE_FAST)
    {
        int i = READ16();
        locals[i] = POP();
        DISPATCH();
    }
    TARGET(DELETE_FAST)
    {
        int i = READ16();
        if (IS_UNDEF(locals[i])) {
            unbound_local(ts, code->varnames[i]);
            goto error;
        }
        locals[i] = UNDEF_VAL;
        DISPATCH();
    }
    TARGET(LOAD_DEREF)
    {
        int i = READ16();
        Value v = CELL_AT(i)->value;
        if (IS_UNDEF(v)) {
            unbound_deref(ts, code, i);
            goto error;
        }
        PUSH(v);
        DISPATCH();
    }
    TARGET(STORE_DEREF)
    {
        int i = READ16();
        CELL_AT(i)->value = POP();
        DISPATCH();
    }
    TARGET(DELETE_DEREF)
    {
        int i = READ16();
        if (IS_UNDEF(CELL_AT(i)->value)) {
            unbound_deref(ts, code, i);
            goto error;
        }
        CELL_AT(i)->value = UNDEF_VAL;
        DISPATCH();
    }
    TARGET(LOAD_CLOSURE)
    {
        int i = READ16();
        PUSH(locals[code->nlocals + i]);
        DISPATCH();
    }
    TARGET(LOAD_CLASSDEREF)
    {
        int i = READ16();
        Value v;
        if (frame->locals) {
            int r = dict_get(ts, frame->locals, OBJ_VAL(deref_name(code, i)), &v);
            if (r < 0)
                goto error;
            if (r == 1) {
                PUSH(v);
                DISPATCH();
            }
        }
        v = CELL_AT(i)->value;
        if (IS_UNDEF(v)) {
            unbound_deref(ts, code, i);
            goto error;
        }
        PUSH(v);
        DISPATCH();
    }
    TARGET(LOAD_GLOBAL)
    {
        int i = READ16();
        Value v;
        if (load_global(frame, code, i, &v) ||
            import_lazy_builtin(ts, names[i], &v) > 0) {
            PUSH(v);
            DISPATCH();
        }
        if (!exc_pending(ts))
            name_error(ts, names[i]);
        goto error;
    }
    TARGET(STORE_GLOBAL)
    {
        int i = READ16();
        if (dict_set_str(ts, frame->globals, names[i], TOP()) < 0)
            goto error;
        sp--;
        DISPATCH();
    }
    TARGET(DELETE_GLOBAL)
    {
        int i = READ16();
        int r = dict_del(ts, frame->globals, OBJ_VAL(names[i]));
        if (r < 0)
            goto error;
        if (r == 0) {
            name_error(ts, names[i]);
            goto error;
        }
        DISPATCH();
    }
    TARGET(LOAD_NAME)
    {
        int i = READ16();
        Value v;
        if (frame->locals && frame->locals != frame->globals) {
            int r = dict_get(ts, frame->locals, OBJ_VAL(names[i]), &v);
            if (r < 0)
                goto error;
            if (r == 1) {
                PUSH(v);
                DISPATCH();
            }
        }
        /* past the locals, the lookup is LOAD_GLOBAL's, cache included */
        if (load_global(frame, code, i, &v) ||
            import_lazy_builtin(ts, names[i], &v) > 0) {
            PUSH(v);
            DISPATCH();
        }
        if (!exc_pending(ts))
            name_error(ts, names[i]);
        goto error;
    }
    TARGET(STORE_NAME)
    {
        int i = READ16();
        ObjDict *d = frame->locals ? frame->locals : frame->globals;
        if (dict_set_str(ts, d, names[i], TOP()) < 0)
            goto error;
        sp--;
        DISPATCH();
    }
    TARGET(DELETE_NAME)
    {
        int i = READ16();
        ObjDict *d = frame->locals ? frame->locals : frame->globals;
        int r = dict_del(ts, d, OBJ_VAL(names[i]));
        if (r < 0)
            goto error;
        if (r == 0) {
            name_error(ts, names[i]);
            goto error;
        }
        DISPATCH();
    }
    TARGET(LOAD_ATTR)
    {
        int i = READ16();
        Value v = obj_getattr(ts, TOP(), names[i]);
        if (IS_ERR(v))
            goto error;
        sp[-1] = v;
        DISPATCH();
    }
    TARGET(STORE_ATTR)
    {
        int i = READ16();
        if (obj_setattr(ts, TOP(), names[i], PEEK(2)) < 0)
            goto error;
        sp -= 2;
        DISPATCH();
    }
    TARGET(DELETE_ATTR)
    {
        int i = READ16();
        if (obj_delattr(ts, TOP(), names[i]) < 0)
            goto error;
        sp--;
        DISPATCH();
    }
    TARGET(LOAD_METHOD)
    {
        int i = READ16();
        Value obj = TOP();
        ObjStr *name = names[i];
        /* Fast path: a plain function, or a native that C code put on a
         * class, found on the class and not shadowed by the instance:
         * skip making a bound method.  A native stored by a class
         * statement (`log = print`) is not a method and is left to
         * obj_getattr, as is any class with its own __getattribute__. */
        if (IS_OBJ(obj)) {
            uint8_t kind = AS_OBJ(obj)->kind;
            if (kind == OBJ_INSTANCE || kind == OBJ_STR || kind == OBJ_LIST ||
                kind == OBJ_DICT || kind == OBJ_TUPLE || kind == OBJ_SET) {
                ObjClass *cls = AS_OBJ(obj)->cls;
                ObjClass *owner;
                Value m = method_lookup(cls, name, &owner);
                if ((IS_FUNCTION(m) ||
                     (IS_KIND(m, OBJ_NATIVE) && IS_UNDEF(AS_NATIVE(m)->self) &&
                      (owner->is_builtin || native_is_method(ts, owner)))) &&
                    !(cls->slot_flags & SLOT_GETATTRIBUTE)) {
                    Value dummy;
                    ObjDict *d =
                        kind == OBJ_INSTANCE ? AS_INSTANCE(obj)->dict : NULL;
                    if (!d || !dict_get_str(d, name, &dummy)) {
                        sp[-1] = m;
                        PUSH(obj);
                        DISPATCH();
                    }
                }
            }
        }
        Value v = obj_getattr(ts, obj, name);
        if (IS_ERR(v))
            goto error;
        sp[-1] = UNDEF_VAL;
        PUSH(v);
        DISPATCH();
    }

#define BINARY_FAST(NAME_, BINOP, INPLACE, INT_EXPR, FLOAT_OP)                \
    TARGET(NAME_)                                                             \
    {                                                                         \
        Value b = POP(), a = TOP(), r;                                        \
        if (IS_INT(a) && IS_INT(b)) {                                         \
            int64_t x;                                                        \
            if (!INT_EXPR(AS_INT(a), AS_INT(b), &x)) {                        \
                sp[-1] = INT_VAL(x);                                          \
                DISPATCH();                                                   \
            }                                                                 \
            r = int_binary_op(ts, BINOP, a, b);                               \
        } else if (IS_FLOAT(a) && IS_FLOAT(b)) {                              \
            sp[-1] = FLOAT_VAL(AS_FLOAT(a) FLOAT_OP AS_FLOAT(b));             \
            DISPATCH();                                                       \
        } else if (IS_FLOAT(a) && IS_INT(b)) {                                \
            sp[-1] = FLOAT_VAL(AS_FLOAT(a) FLOAT_OP (double)AS_INT(b));       \
            DISPATCH();                                                       \
        } else if (IS_INT(a) && IS_FLOAT(b)) {                                \
            sp[-1] = FLOAT_VAL((double)AS_INT(a) FLOAT_OP AS_FLOAT(b));       \
            DISPATCH();                                                       \
        } else if (BINOP == BIN_ADD && IS_STR(a) && IS_STR(b) &&             \
                   AS_OBJ(a)->cls == TYPE(ts, STR) &&                         \
                   AS_OBJ(b)->cls == TYPE(ts, STR)) {                         \
            /* "k" + str(i): no subclass can take part, concatenate */        \
            ObjStr *s = str_concat(ts, AS_STR(a), AS_STR(b));                 \
            r = s ? OBJ_VAL(s) : ERR_VAL;                                     \
        } else {                                                              \
            r = obj_binary_op(ts, BINOP, a, b, INPLACE);                      \
        }                                                                     \
        if (IS_ERR(r))                                                        \
            goto error;                                                       \
        sp[-1] = r;                                                           \
        DISPATCH();                                                           \
    }

#define ADD_OVF(x, y, r) __builtin_add_overflow(x, y, r)
#define SUB_OVF(x, y, r) __builtin_sub_overflow(x, y, r)
#define MUL_OVF(x, y, r) __builtin_mul_overflow(x, y, r)

    BINARY_FAST(BINARY_ADD, BIN_ADD, false, ADD_OVF, +)
    BINARY_FAST(BINARY_SUBTRACT, BIN_SUB, false, SUB_OVF, -)
    BINARY_FAST(BINARY_MULTIPLY, BIN_MUL, false, MUL_OVF, *)
    BINARY_FAST(INPLACE_ADD, BIN_ADD, true, ADD_OVF, +)
    BINARY_FAST(INPLACE_SUBTRACT, BIN_SUB, true, SUB_OVF, -)
    BINARY_FAST(INPLACE_MULTIPLY, BIN_MUL, true, MUL_OVF, *)

#define BINARY_SLOW(NAME_, BINOP, INPLACE)                                    \
    TARGET(NAME_)                                                             \
    {                                                                         \
        Value b = POP(), a = TOP(), r;                                        \
        if (IS_INT(a) && IS_INT(b))                                           \
            r = int_binary_op(ts, BINOP, a, b);                               \
        else if ((IS_FLOAT(a) || IS_INT(a)) && (IS_FLOAT(b) || IS_INT(b)))   \
            r = float_binary_op(ts, BINOP,                                    \
                                IS_FLOAT(a) ? AS_FLOAT(a) : (double)AS_INT(a), \
                                IS_FLOAT(b) ? AS_FLOAT(b) : (double)AS_INT(b)); \
        else                                                                  \
            r = obj_binary_op(ts, BINOP, a, b, INPLACE);                      \
        if (IS_ERR(r))                                                        \
            goto error;                                                       \
        sp[-1] = r;                                                           \
        DISPATCH();                                                           \
    }

/* Python's floor division and modulo on machine ints; false when the
 * general path must decide (zero divisor, INT64_MIN / -1). */
#define FLOORDIV_FAST(x, y, r)                                                \
    ((y) == 0 || ((x) == INT64_MIN && (y) == -1)                              \
         ? true                                                               \
         : (*(r) = (x) / (y) - (((x) % (y) != 0) && (((x) ^ (y)) < 0)), false))
#define MOD_FAST(x, y, r)                                                     \
    ((y) == 0 || ((x) == INT64_MIN && (y) == -1)                              \
         ? true                                                               \
         : (*(r) = (x) % (y) + ((((x) % (y)) != 0 && (((x) % (y)) ^ (y)) < 0)  \
                                    ? (y)                                     \
                                    : 0),                                     \
            false))

#define BINARY_DIVMOD(NAME_, BINOP, INPLACE, INT_EXPR)                        \
    TARGET(NAME_)                                                             \
    {                                                                         \
        Value b = POP(), a = TOP(), r;                                        \
        if (IS_INT(a) && IS_INT(b)) {                                         \
            int64_t x;                                                        \
            if (!INT_EXPR(AS_INT(a), AS_INT(b), &x)) {                        \
                sp[-1] = INT_VAL(x);                                          \
                DISPATCH();                                                   \
            }                                                                 \
            r = int_binary_op(ts, BINOP, a, b);                               \
        } else if ((IS_FLOAT(a) || IS_INT(a)) && (IS_FLOAT(b) || IS_INT(b))) { \
            r = float_binary_op(ts, BINOP,                                    \
                                IS_FLOAT(a) ? AS_FLOAT(a) : (double)AS_INT(a), \
                                IS_FLOAT(b) ? AS_FLOAT(b) : (double)AS_INT(b)); \
        } else {                                                              \
            r = obj_binary_op(ts, BINOP, a, b, INPLACE);                      \
        }                                                                     \
        if (IS_ERR(r))                                                        \
            goto error;                                                       \
        sp[-1] = r;                                                           \
        DISPATCH();                                                           \
    }

    BINARY_SLOW(BINARY_TRUE_DIVIDE, BIN_TRUEDIV, false)
    BINARY_DIVMOD(BINARY_FLOOR_DIVIDE, BIN_FLOORDIV, false, FLOORDIV_FAST)
    BINARY_DIVMOD(BINARY_MODULO, BIN_MOD, false, MOD_FAST)
    BINARY_SLOW(BINARY_POWER, BIN_POW, false)
    BINARY_SLOW(INPLACE_TRUE_DIVIDE, BIN_TRUEDIV, true)
    BINARY_DIVMOD(INPLACE_FLOOR_DIVIDE, BIN_FLOORDIV, true, FLOORDIV_FAST)
    BINARY_DIVMOD(INPLACE_MODULO, BIN_MOD, true, MOD_FAST)
    BINARY_SLOW(INPLACE_POWER, BIN_POW, true)

#define BINARY_GENERIC(NAME_, BINOP, INPLACE)                                 \
    TARGET(NAME_)                                                             \
    {                                                                         \
        Value b = POP(), a = TOP(), r;                                        \
        if (IS_INT(a) && IS_INT(b))                                           \
            r = int_binary_op(ts, BINOP, a, b);                               \
        else                                                                  \
            r = obj_binary_op(ts, BINOP, a, b, INPLACE);                      \
        if (IS_ERR(r))                                                        \
            goto error;                                                       \
        sp[-1] = r;                                                           \
        DISPATCH();                                                           \
    }

    BINARY_GENERIC(BINARY_LSHIFT, BIN_LSHIFT, false)
    BINARY_GENERIC(BINARY_RSHIFT, BIN_RSHIFT, false)
    BINARY_GENERIC(BINARY_AND, BIN_AND, false)
    BINARY_GENERIC(BINARY_OR, BIN_OR, false)
    BINARY_GENERIC(BINARY_XOR, BIN_XOR, false)
    BINARY_GENERIC(BINARY_MATRIX_MULTIPLY, BIN_MATMUL, false)
    BINARY_GENERIC(INPLACE_LSHIFT, BIN_LSHIFT, true)
    BINARY_GENERIC(INPLACE_RSHIFT, BIN_RSHIFT, true)
    BINARY_GENERIC(INPLACE_AND, BIN_AND, true)
    BINARY_GENERIC(INPLACE_OR, BIN_OR, true)
    BINARY_GENERIC(INPLACE_XOR, BIN_XOR, true)
    BINARY_GENERIC(INPLACE_MATRIX_MULTIPLY, BIN_MATMUL, true)

    TARGET(UNARY_POSITIVE)
    {
        Value a = TOP();
        if (IS_INT(a) || IS_FLOAT(a))
            DISPATCH();
        Value r = obj_unary_op(ts, UN_POS, a);
        if (IS_ERR(r))
            goto error;
        sp[-1] = r;
        DISPATCH();
    }
    TARGET(UNARY_NEGATIVE)
    {
        Value a = TOP();
        if (IS_INT(a) && AS_INT(a) != INT64_MIN) {
            sp[-1] = INT_VAL(-AS_INT(a));
            DISPATCH();
        }
        if (IS_FLOAT(a)) {
            sp[-1] = FLOAT_VAL(-AS_FLOAT(a));
            DISPATCH();
        }
        Value r = obj_unary_op(ts, UN_NEG, a);
        if (IS_ERR(r))
            goto error;
        sp[-1] = r;
        DISPATCH();
    }
    TARGET(UNARY_NOT)
    {
        Value a = TOP();
        int t;
        if (IS_BOOL(a))
            t = AS_BOOL(a);
        else if ((t = obj_truthy(ts, a)) < 0)
            goto error;
        sp[-1] = BOOL_VAL(!t);
        DISPATCH();
    }
    TARGET(UNARY_INVERT)
    {
        Value a = TOP();
        if (IS_INT(a)) {
            sp[-1] = INT_VAL(~AS_INT(a));
            DISPATCH();
        }
        Value r = obj_unary_op(ts, UN_INVERT, a);
        if (IS_ERR(r))
            goto error;
        sp[-1] = r;
        DISPATCH();
    }
    TARGET(COMPARE_OP)
    {
        int op = READ16();
        Value b = POP(), a = TOP();
        if (IS_INT(a) && IS_INT(b)) {
            int64_t x = AS_INT(a), y = AS_INT(b);
            bool r;
            switch (op) {
            case CMP_LT: r = x < y; break;
            case CMP_LE: r = x <= y; break;
            case CMP_EQ: r = x == y; break;
            case CMP_NE: r = x != y; break;
            case CMP_GT: r = x > y; break;
            default: r = x >= y; break;
            }
            sp[-1] = BOOL_VAL(r);
            DISPATCH();
        }
        if (IS_FLOAT(a) && IS_FLOAT(b)) {
            double x = AS_FLOAT(a), y = AS_FLOAT(b);
            bool r;
            switch (op) {
            case CMP_LT: r = x < y; break;
            case CMP_LE: r = x <= y; break;
            case CMP_EQ: r = x == y; break;
            case CMP_NE: r = x != y; break;
            case CMP_GT: r = x > y; break;
            default: r = x >= y; break;
            }
            sp[-1] = BOOL_VAL(r);
            DISPATCH();
        }
        Value r = obj_compare(ts, (CmpOp)op, a, b);
        if (IS_ERR(r))
            goto error;
        sp[-1] = r;
        DISPATCH();
    }
    TARGET(IS_OP)
    {
        int inv = READ16();
        Value b = POP(), a = TOP();
        bool r = value_is(a, b);
        sp[-1] = BOOL_VAL(inv ? !r : r);
        DISPATCH();
    }
    TARGET(CONTAINS_OP)
    {
        int inv = READ16();
        Value b = POP(), a = TOP();
        int r = obj_contains(ts, b, a);
        if (r < 0)
            goto error;
        sp[-1] = BOOL_VAL(inv ? !r : r);
        DISPATCH();
    }
    TARGET(BINARY_SUBSCR)
    {
        Value key = POP(), c = TOP(), r;
        if (IS_LIST(c) && IS_INT(key) && AS_OBJ(c)->cls == TYPE(ts, LIST)) {
            ObjList *l = AS_LIST(c);
            int64_t i = AS_INT(key);
            if (i < 0)
                i += (int64_t)l->len;
            if (i >= 0 && (size_t)i < l->len) {
                sp[-1] = l->items[i];
                DISPATCH();
            }
        } else if (IS_TUPLE(c) && IS_INT(key) &&
                   AS_OBJ(c)->cls == TYPE(ts, TUPLE)) {
            ObjTuple *t = AS_TUPLE(c);
            int64_t i = AS_INT(key);
            if (i < 0)
                i += (int64_t)t->len;
            if (i >= 0 && (size_t)i < t->len) {
                sp[-1] = t->items[i];
                DISPATCH();
            }
        } else if (IS_DICT(c) && AS_OBJ(c)->cls == TYPE(ts, DICT)) {
            Value v;
            int found = dict_get(ts, AS_DICT(c), key, &v);
            if (found < 0)
                goto error;
            if (found) {
                sp[-1] = v;
                DISPATCH();
            }
        }
        r = obj_getitem(ts, c, key);
        if (IS_ERR(r))
            goto error;
        sp[-1] = r;
        DISPATCH();
    }
    TARGET(STORE_SUBSCR)
    {
        Value key = TOP(), c = PEEK(2), v = PEEK(3);
        if (IS_LIST(c) && IS_INT(key) && AS_OBJ(c)->cls == TYPE(ts, LIST)) {
            ObjList *l = AS_LIST(c);
            int64_t i = AS_INT(key);
            if (i < 0)
                i += (int64_t)l->len;
            if (i >= 0 && (size_t)i < l->len) {
                l->items[i] = v;
                sp -= 3;
                DISPATCH();
            }
        }
        if (IS_DICT(c) && AS_OBJ(c)->cls == TYPE(ts, DICT)) {
            if (dict_set(ts, AS_DICT(c), key, v) < 0)
                goto error;
            sp -= 3;
            DISPATCH();
        }
        if (obj_setitem(ts, c, key, v) < 0)
            goto error;
        sp -= 3;
        DISPATCH();
    }
    TARGET(DELETE_SUBSCR)
    {
        if (obj_delitem(ts, PEEK(2), TOP()) < 0)
            goto error;
        sp -= 2;
        DISPATCH();
    }
    TARGET(BUILD_TUPLE)
    {
        int n = READ16();
        ObjTuple *t = tuple_from_array(ts, sp - n, n);
        if (!t)
            goto error;
        sp -= n;
        PUSH(OBJ_VAL(t));
        DISPATCH();
    }
    TARGET(BUILD_LIST)
    {
        int n = READ16();
        ObjList *l = list_from_array(ts, sp - n, n);
        if (!l)
            goto error;
        sp -= n;
        PUSH(OBJ_VAL(l));
        DISPATCH();
    }
    TARGET(BUILD_SET)
    {
        int n = READ16();
        ObjSet *s = set_new(ts, false);
        if (!s)
            goto error;
        PROTECT_OBJ(ts, s);
        for (int i = 0; i < n; i++)
            if (set_add(ts, s, sp[i - n]) < 0) {
                UNPROTECT(ts, 1);
                goto error;
            }
        UNPROTECT(ts, 1);
        sp -= n;
        PUSH(OBJ_VAL(s));
        DISPATCH();
    }
    TARGET(BUILD_MAP)
    {
        int n = READ16();
        ObjDict *d = dict_new(ts);
        if (!d)
            goto error;
        PROTECT_OBJ(ts, d);
        for (int i = 0; i < n; i++)
            if (dict_set(ts, d, sp[2 * (i - n)], sp[2 * (i - n) + 1]) < 0) {
                UNPROTECT(ts, 1);
                goto error;
            }
        UNPROTECT(ts, 1);
        sp -= 2 * n;
        PUSH(OBJ_VAL(d));
        DISPATCH();
    }
    TARGET(BUILD_SLICE)
    {
        int n = READ16();
        Value step = n == 3 ? POP() : NONE_VAL;
        Value stop = POP(), start = TOP();
        Value s = slice_new(ts, start, stop, step);
        if (IS_ERR(s))
            goto error;
        sp[-1] = s;
        DISPATCH();
    }
    TARGET(BUILD_STRING)
    {
        int n = READ16();
        Value s = build_string(ts, sp - n, n);
        if (IS_ERR(s))
            goto error;
        sp -= n;
        PUSH(s);
        DISPATCH();
    }
    TARGET(LIST_APPEND)
    {
        int n = READ16();
        Value v = POP();
        if (list_append(ts, AS_LIST(PEEK(n)), v) < 0)
            goto error;
        DISPATCH();
    }
    TARGET(SET_ADD)
    {
        int n = READ16();
        Value v = POP();
        if (set_add(ts, AS_SET(PEEK(n)), v) < 0)
            goto error;
        DISPATCH();
    }
    TARGET(MAP_ADD)
    {
        int n = READ16();
        Value v = POP(), k = POP();
        if (dict_set(ts, AS_DICT(PEEK(n)), k, v) < 0)
            goto error;
        DISPATCH();
    }
    TARGET(LIST_EXTEND)
    {
        int n = READ16();
        Value v = POP();
        if (list_extend(ts, AS_LIST(PEEK(n)), v) < 0) {
            if (exc_matches(ts, TYPE(ts, TypeError)) && !IS_LIST(v) &&
                !IS_TUPLE(v)) {
                Value probe = obj_iter(ts, v);
                if (IS_ERR(probe)) {
                    exc_clear(ts);
                    /* in a call: f(*x); in a display: [*x] */
                    bool in_call = false;
                    uint8_t *p = ip;
                    while (p < code->bytecode + code->bytecode_len) {
                        int o = *p;
                        if (o == OP_CALL_FUNCTION_EX) {
                            in_call = true;
                            break;
                        }
                        if (o == OP_LIST_TO_TUPLE) {
                            p += code_op_size(o);
                            if (p < code->bytecode + code->bytecode_len &&
                                (*p == OP_CALL_FUNCTION_EX || *p == OP_BUILD_MAP))
                                in_call = true;
                            break;
                        }
                        if (o == OP_RETURN_VALUE || o == OP_POP_TOP ||
                            code_op_is_jump(o))
                            break;
                        p += code_op_size(o);
                    }
                    if (in_call) {
                        char name[200];
                        callable_name(ts, PEEK(n + 1), name, sizeof name);
                        exc_raise(ts, TYPE(ts, TypeError),
                                  "%s argument after * must be an iterable, "
                                  "not %s",
                                  name, obj_type_name(ts, v));
                    } else {
                        exc_raise(ts, TYPE(ts, TypeError),
                                  "Value after * must be an iterable, not %s",
                                  obj_type_name(ts, v));
                    }
                }
            }
            goto error;
        }
        DISPATCH();
    }
    TARGET(SET_UPDATE)
    {
        int n = READ16();
        Value v = POP();
        if (set_update(ts, AS_SET(PEEK(n)), v) < 0)
            goto error;
        DISPATCH();
    }
    TARGET(DICT_UPDATE)
    {
        int n = READ16();
        Value v = POP();
        if (dict_merge_op(ts, AS_DICT(PEEK(n)), v, false, NONE_VAL) < 0)
            goto error;
        DISPATCH();
    }
    TARGET(DICT_MERGE)
    {
        int n = READ16();
        Value v = POP();
        if (dict_merge_op(ts, AS_DICT(PEEK(n)), v, true, PEEK(n + 2)) < 0)
            goto error;
        DISPATCH();
    }
    TARGET(LIST_TO_TUPLE)
    {
        ObjList *l = AS_LIST(TOP());
        ObjTuple *t = tuple_from_array(ts, l->items, l->len);
        if (!t)
            goto error;
        sp[-1] = OBJ_VAL(t);
        DISPATCH();
    }
    TARGET(UNPACK_SEQUENCE)
    {
        int n = READ16();
        Value seq = TOP();
        if (IS_TUPLE(seq) && AS_TUPLE(seq)->len == (size_t)n) {
            ObjTuple *t = AS_TUPLE(seq);
            sp--;
            for (int i = n - 1; i >= 0; i--)
                PUSH(t->items[i]);
            DISPATCH();
        }
        if (IS_LIST(seq) && AS_LIST(seq)->len == (size_t)n) {
            ObjList *l = AS_LIST(seq);
            sp--;
            for (int i = n - 1; i >= 0; i--)
                PUSH(l->items[i]);
            DISPATCH();
        }
        /* the results go above seq (still rooted), then move down */
        Value *out = sp;
        for (int i = 0; i < n; i++)
            out[i] = NONE_VAL;
        sp += n;
        SYNC();
        if (unpack(ts, seq, n, 0, false, out) < 0) {
            sp -= n;
            goto error;
        }
        sp = unpacked_to_stack(out, n);
        DISPATCH();
    }
    TARGET(UNPACK_EX)
    {
        int arg = READ16();
        int before = arg & 0xff, after = arg >> 8;
        int n = before + 1 + after;
        Value seq = TOP();
        Value *out = sp;
        for (int i = 0; i < n; i++)
            out[i] = NONE_VAL;
        sp += n;
        SYNC();
        if (unpack(ts, seq, before, after, true, out) < 0) {
            sp -= n;
            goto error;
        }
        sp = unpacked_to_stack(out, n);
        DISPATCH();
    }
    TARGET(FORMAT_VALUE)
    {
        int flags = READ16();
        Value spec = (flags & 4) ? POP() : NONE_VAL;
        Value v = TOP();
        Value r = format_op(ts, v, spec, flags);
        if (IS_ERR(r))
            goto error;
        sp[-1] = r;
        DISPATCH();
    }
    TARGET(GET_ITER)
    {
        Value v = obj_iter(ts, TOP());
        if (IS_ERR(v))
            goto error;
        sp[-1] = v;
        DISPATCH();
    }
    TARGET(FOR_ITER)
    {
        uint32_t target = READ32();
        Value it = TOP(), v;
        int r;
        if (IS_KIND(it, OBJ_ITER)) {
            ObjIter *o = (ObjIter *)AS_OBJ(it);
            r = o->next(ts, o, &v);
        } else if (IS_GENERATOR(it)) {
            r = gen_send(ts, AS_GENERATOR(it), NONE_VAL, &v);
        } else {
            r = obj_next(ts, it, &v);
        }
        if (r > 0) {
            PUSH(v);
            DISPATCH();
        }
        if (r < 0) {
            if (!exc_matches(ts, TYPE(ts, StopIteration)))
                goto error;
            exc_clear(ts);
        }
        sp--;
        ip = code->bytecode + target;
        DISPATCH();
    }
    TARGET(JUMP_FORWARD)
    {
        uint32_t target = READ32();
        ip = code->bytecode + target;
        DISPATCH();
    }
    TARGET(JUMP_BACKWARD)
    {
        uint32_t target = READ32();
        CHECK_BREAKER();
        ip = code->bytecode + target;
        DISPATCH();
    }
    TARGET(POP_JUMP_IF_FALSE)
    {
        uint32_t target = READ32();
        Value v = TOP();
        int t;
        if (IS_BOOL(v))
            t = AS_BOOL(v);
        else if ((t = obj_truthy(ts, v)) < 0)
            goto error;
        sp--;
        if (!t)
            ip = code->bytecode + target;
        DISPATCH();
    }
    TARGET(POP_JUMP_IF_TRUE)
    {
        uint32_t target = READ32();
        Value v = TOP();
        int t;
        if (IS_BOOL(v))
            t = AS_BOOL(v);
        else if ((t = obj_truthy(ts, v)) < 0)
            goto error;
        sp--;
        if (t)
            ip = code->bytecode + target;
        DISPATCH();
    }
    TARGET(JUMP_IF_FALSE_OR_POP)
    {
        uint32_t target = READ32();
        Value v = TOP();
        int t;
        if (IS_BOOL(v))
            t = AS_BOOL(v);
        else if ((t = obj_truthy(ts, v)) < 0)
            goto error;
        if (!t)
            ip = code->bytecode + target;
        else
            sp--;
        DISPATCH();
    }
    TARGET(JUMP_IF_TRUE_OR_POP)
    {
        uint32_t target = READ32();
        Value v = TOP();
        int t;
        if (IS_BOOL(v))
            t = AS_BOOL(v);
        else if ((t = obj_truthy(ts, v)) < 0)
            goto error;
        if (t)
            ip = code->bytecode + target;
        else
            sp--;
        DISPATCH();
    }
    TARGET(MAKE_FUNCTION)
    {
        int flags = READ16();
        Value codev = POP();
        ObjFunction *fn = function_new(ts, AS_CODE(codev), frame->globals);
        if (!fn)
            goto error;
        if (flags & 8)
            fn->closure = AS_TUPLE(POP());
        if (flags & 2)
            fn->kwdefaults = AS_DICT(POP());
        if (flags & 1)
            fn->defaults = AS_TUPLE(POP());
        PUSH(OBJ_VAL(fn));
        DISPATCH();
    }

    {
        /* The call protocol: callable, args[0..nargs) (+ kwnames values),
         * and how many stack slots the call consumes. */
        Value callable;
        Value *args;
        int nargs;
        ObjTuple *kwnames;
        int npop;
        Value *ex_argv;

    TARGET(CALL_FUNCTION)
    {
        int n = READ16();
        callable = PEEK(n + 1);
        args = sp - n;
        nargs = n;
        kwnames = NULL;
        npop = n + 1;
        ex_argv = NULL;
        goto do_call;
    }
    TARGET(CALL_FUNCTION_KW)
    {
        int n = READ16();
        kwnames = AS_TUPLE(TOP());
        callable = PEEK(n + 2);
        args = sp - 1 - n;
        nargs = n - (int)kwnames->len;
        npop = n + 2;
        ex_argv = NULL;
        goto do_call;
    }
    TARGET(CALL_METHOD)
    {
        int n = READ16();
        Value m = PEEK(n + 2);
        if (IS_UNDEF(m)) {
            callable = PEEK(n + 1);
            args = sp - n;
            nargs = n;
        } else {
            callable = m;
            args = sp - n - 1;
            nargs = n + 1;
        }
        kwnames = NULL;
        npop = n + 2;
        ex_argv = NULL;
        goto do_call;
    }
    TARGET(CALL_METHOD_KW)
    {
        int n = READ16();
        kwnames = AS_TUPLE(TOP());
        Value m = PEEK(n + 3);
        if (IS_UNDEF(m)) {
            callable = PEEK(n + 2);
            args = sp - 1 - n;
            nargs = n - (int)kwnames->len;
        } else {
            callable = m;
            args = sp - 2 - n;
            nargs = n + 1 - (int)kwnames->len;
        }
        npop = n + 3;
        ex_argv = NULL;
        goto do_call;
    }
    TARGET(CALL_FUNCTION_EX)
    {
        int flags = READ16();
        Value kw = (flags & 1) ? TOP() : NONE_VAL;
        Value argt = (flags & 1) ? PEEK(2) : TOP();
        callable = (flags & 1) ? PEEK(3) : PEEK(2);
        npop = (flags & 1) ? 3 : 2;
        ObjTuple *t = AS_TUPLE(argt);
        size_t nkw = (flags & 1) ? AS_DICT(kw)->len : 0;
        kwnames = NULL;
        if (nkw) {
            kwnames = tuple_new(ts, nkw);
            if (!kwnames)
                goto error;
            PROTECT_OBJ(ts, kwnames);
        }
        ex_argv = malloc(sizeof(Value) * (t->len + nkw + 1));
        if (!ex_argv) {
            if (nkw)
                UNPROTECT(ts, 1);
            exc_no_memory(ts);
            goto error;
        }
        for (size_t i = 0; i < t->len; i++)
            ex_argv[i] = t->items[i];
        if (nkw) {
            size_t pos = 0, j = 0;
            Value k, v;
            while (dict_next(AS_DICT(kw), &pos, &k, &v)) {
                if (!IS_STR(k)) {
                    UNPROTECT(ts, 1);
                    free(ex_argv);
                    RAISE(ts, TypeError, "keywords must be strings");
                    goto error;
                }
                kwnames->items[j] = k;
                ex_argv[t->len + j] = v;
                j++;
            }
            UNPROTECT(ts, 1);
            /* kwnames is only referenced from here on: keep it on the stack
             * in the slot of the dict (the dict keeps the values alive as
             * long as the tuple of arguments does... both are needed). */
        }
        args = ex_argv;
        nargs = (int)t->len;
        if (nkw) {
            /* root kwnames for the call: push it above the operands */
            PUSH(OBJ_VAL(kwnames));
            SYNC();
            npop++;
        }
        goto do_call;
    }

    do_call:
        if (AT_CHECK_SITE()) {
            if (gil_check(ts) < 0) {
                free(ex_argv);
                goto error;
            }
            RELOAD_HOOKS();
        }
        if (IS_KIND(callable, OBJ_BOUND_METHOD) && !ex_argv &&
            IS_FUNCTION(AS_BOUND_METHOD(callable)->func) &&
            args - 1 >= frame->stack_base) {
            /* put self in the callable's slot, just below the arguments:
             * the bound method object itself is not needed any more */
            ObjBoundMethod *bm = AS_BOUND_METHOD(callable);
            callable = bm->func;
            args[-1] = bm->self;
            args--;
            nargs++;
        }
        if (IS_FUNCTION(callable) &&
            !(AS_FUNCTION(callable)->code->flags & GEN_FLAGS)) {
            Frame *nf = frame_push_call(ts, AS_FUNCTION(callable), nargs, args,
                                        kwnames, false);
            free(ex_argv);
            if (!nf)
                goto error;
            sp -= npop;
            SYNC();
            frame = nf;
            LOAD_FRAME();
            DISPATCH();
        }
        if (IS_KIND(callable, OBJ_NATIVE) && IS_UNDEF(AS_NATIVE(callable)->self) &&
            !ex_argv) {
            /* the arguments are on this frame's stack: already rooted */
            Value r = AS_NATIVE(callable)->fn(ts, nargs, args, kwnames);
            if (IS_ERR(r))
                goto error;
            sp -= npop;
            PUSH(r);
            DISPATCH();
        }
        {
            Value r = obj_call(ts, callable, nargs, args, kwnames);
            free(ex_argv);
            if (IS_ERR(r))
                goto error;
            sp -= npop;
            PUSH(r);
            DISPATCH();
        }
    }

    TARGET(RETURN_VALUE)
    {
        Value r = POP();
        if (frame == entry) {
            SYNC();
            ts->frame = frame->back;
            ts->depth--;
            if (frame->gen)
                frame->gen->state = GEN_CLOSED;
            return r;
        }
        Frame *caller = frame->back;
        frame_pop(ts, frame);
        frame = caller;
        LOAD_FRAME();
        PUSH(r);
        DISPATCH();
    }
    TARGET(YIELD_VALUE)
    {
        Value r = POP();
        SYNC();
        ts->frame = frame->back;
        ts->depth--;
        if (frame->gen)
            frame->gen->state = GEN_SUSPENDED;
        return r;
    }
    TARGET(GET_YIELD_FROM_ITER)
    {
        Value v = TOP();
        if (IS_GENERATOR(v)) {
            if (AS_OBJ(v)->cls == TYPE(ts, COROUTINE) &&
                !(code->flags & CODE_COROUTINE)) {
                RAISE(ts, TypeError,
                      "cannot 'yield from' a coroutine object in a "
                      "non-coroutine generator");
                goto error;
            }
            DISPATCH();
        }
        Value it = obj_iter(ts, v);
        if (IS_ERR(it))
            goto error;
        sp[-1] = it;
        DISPATCH();
    }
    TARGET(YIELD_FROM)
    {
        Value v = TOP();
        Value iter = PEEK(2);
        Value out;
        int r = yield_from_step(ts, iter, v, &out);
        if (r < 0) {
            if (frame->gen)
                frame->gen->yieldfrom = UNDEF_VAL;
            goto error;
        }
        if (r == 1) {
            /* suspend; on resume gen_send backs ip up to re-run this
             * instruction with the sent value on top */
            sp--;
            SYNC();
            frame->gen->yieldfrom = iter;
            ts->frame = frame->back;
            ts->depth--;
            frame->gen->state = GEN_SUSPENDED;
            return out;
        }
        if (frame->gen)
            frame->gen->yieldfrom = UNDEF_VAL;
        sp -= 2;
        PUSH(out);
        DISPATCH();
    }
    TARGET(GET_AWAITABLE)
    {
        Value r = get_awaitable(ts, TOP());
        if (IS_ERR(r))
            goto error;
        sp[-1] = r;
        DISPATCH();
    }
    TARGET(RAISE_VARARGS)
    {
        int n = READ16();
        if (n == 0) {
            if (IS_UNDEF(ts->handled_exc) || IS_NONE(ts->handled_exc)) {
                RAISE(ts, RuntimeError, "No active exception to reraise");
                goto error;
            }
            ts->exc = ts->handled_exc;
            reraise = true;
            goto unwind;
        }
        /* popped, but still below frame->sp (stored before this
         * instruction): rooted while the exception is made */
        Value cause = n == 2 ? POP() : UNDEF_VAL;
        Value e = POP();
        if (n == 2) {
            /* validate and instantiate the cause first */
            if (IS_CLASS(cause) &&
                class_is_subclass(AS_CLASS(cause), TYPE(ts, BaseException))) {
                PROTECT(ts, e);
                cause = obj_call(ts, cause, 0, NULL, NULL);
                UNPROTECT(ts, 1);
                if (IS_ERR(cause))
                    goto error;
            } else if (!IS_NONE(cause) && !IS_EXCEPTION(cause)) {
                RAISE(ts, TypeError,
                      "exception causes must derive from BaseException");
                goto error;
            }
            PROTECT(ts, cause);
            exc_raise_value(ts, e);
            UNPROTECT(ts, 1);
            if (IS_EXCEPTION(ts->exc) && !value_is(ts->exc, cause)) {
                AS_EXCEPTION(ts->exc)->cause = cause;
                AS_EXCEPTION(ts->exc)->suppress_context = true;
            }
            goto error;
        }
        exc_raise_value(ts, e);
        goto error;
    }
    TARGET(RERAISE)
    {
        (void)READ16();
        ts->exc = POP();
        reraise = true;
        goto unwind;
    }
    TARGET(PUSH_EXC_INFO)
    {
        Value e = TOP();
        sp[-1] = ts->handled_exc;
        PUSH(e);
        ts->handled_exc = e;
        DISPATCH();
    }
    TARGET(POP_EXCEPT)
    {
        ts->handled_exc = POP();
        DISPATCH();
    }
    TARGET(CHECK_EXC_MATCH)
    {
        Value type = TOP();
        int r = exc_match(ts, PEEK(2), type);
        if (r < 0)
            goto error;
        sp[-1] = BOOL_VAL(r);
        DISPATCH();
    }
    TARGET(WITH_EXCEPT_START)
    {
        Value exit_fn = PEEK(3);
        Value e = TOP();
        Value tb = NONE_VAL;
        if (IS_EXCEPTION(e)) {
            ObjStr *tbname = str_intern_cstr(ts, "__traceback__");
            if (tbname && exc_getattr(ts, e, tbname, &tb) <= 0) {
                exc_clear(ts);
                tb = NONE_VAL;
            }
        }
        PUSH(tb); /* rooted while __exit__ runs; replaced by the result */
        SYNC();
        Value argv[3] = {OBJ_VAL(obj_class(ts, e)), e, tb};
        Value r = obj_call(ts, exit_fn, 3, argv, NULL);
        sp--;
        if (IS_ERR(r))
            goto error;
        PUSH(r);
        DISPATCH();
    }
    TARGET(BEFORE_WITH)
    {
        Value mgr = TOP();
        Value enter, exit_fn;
        ObjClass *cls = obj_class(ts, mgr);
        if (IS_UNDEF(class_lookup(cls, NAME(ts, enter))) ||
            IS_UNDEF(class_lookup(cls, NAME(ts, exit)))) {
            exc_raise(ts, TYPE(ts, TypeError),
                      "'%s' object does not support the context manager "
                      "protocol",
                      obj_type_name(ts, mgr));
            goto error;
        }
        exit_fn = obj_getattr(ts, mgr, NAME(ts, exit));
        if (IS_ERR(exit_fn))
            goto error;
        PUSH(exit_fn); /* keep it rooted while __enter__ runs */
        SYNC();
        enter = obj_call_method(ts, mgr, NAME(ts, enter), 0, NULL);
        if (IS_ERR(enter))
            goto error;
        sp[-2] = exit_fn;
        sp[-1] = enter;
        DISPATCH();
    }
    TARGET(BEFORE_ASYNC_WITH)
    {
        Value mgr = TOP();
        ObjClass *cls = obj_class(ts, mgr);
        if (IS_UNDEF(class_lookup(cls, NAME(ts, aenter))) ||
            IS_UNDEF(class_lookup(cls, NAME(ts, aexit)))) {
            exc_raise(ts, TYPE(ts, TypeError),
                      "'%s' object does not support the asynchronous context "
                      "manager protocol",
                      obj_type_name(ts, mgr));
            goto error;
        }
        Value exit_fn = obj_getattr(ts, mgr, NAME(ts, aexit));
        if (IS_ERR(exit_fn))
            goto error;
        PUSH(exit_fn);
        SYNC();
        Value aw = obj_call_method(ts, mgr, NAME(ts, aenter), 0, NULL);
        if (IS_ERR(aw))
            goto error;
        sp[-2] = exit_fn;
        sp[-1] = aw;
        DISPATCH();
    }
    TARGET(GET_AITER)
    {
        Value v = TOP();
        if (IS_UNDEF(class_lookup(obj_class(ts, v), NAME(ts, aiter)))) {
            exc_raise(ts, TYPE(ts, TypeError),
                      "'async for' requires an object with __aiter__ method, "
                      "got %s",
                      obj_type_name(ts, v));
            goto error;
        }
        Value it = obj_call_method(ts, v, NAME(ts, aiter), 0, NULL);
        if (IS_ERR(it))
            goto error;
        sp[-1] = it;
        DISPATCH();
    }
    TARGET(GET_ANEXT)
    {
        Value it = TOP();
        if (IS_UNDEF(class_lookup(obj_class(ts, it), NAME(ts, anext)))) {
            exc_raise(ts, TYPE(ts, TypeError),
                      "'async for' requires an iterator with __anext__ "
                      "method, got %s",
                      obj_type_name(ts, it));
            goto error;
        }
        Value aw = obj_call_method(ts, it, NAME(ts, anext), 0, NULL);
        if (IS_ERR(aw))
            goto error;
        PUSH(aw);
        DISPATCH();
    }
    TARGET(END_ASYNC_FOR)
    {
        Value e = POP();
        if (obj_isinstance(ts, e, TYPE(ts, StopAsyncIteration))) {
            sp--; /* the async iterator */
            DISPATCH();
        }
        ts->exc = e;
        reraise = true;
        goto unwind;
    }
    TARGET(LOAD_BUILD_CLASS)
    {
        Value f = build_class_fn(ts);
        if (IS_ERR(f))
            goto error;
        PUSH(f);
        DISPATCH();
    }
    TARGET(LOAD_ASSERTION_ERROR)
    {
        PUSH(OBJ_VAL(TYPE(ts, AssertionError)));
        DISPATCH();
    }
    TARGET(IMPORT_NAME)
    {
        int i = READ16();
        Value fromlist = TOP(), level = PEEK(2);
        int lv = IS_INT(level) ? (int)AS_INT(level) : 0;
        Value m = lv > 0 ? import_module_level(ts, names[i], !IS_NONE(fromlist),
                                               lv, frame->globals)
                         : import_module(ts, names[i], !IS_NONE(fromlist));
        if (IS_ERR(m))
            goto error;
        sp--;
        sp[-1] = m;
        DISPATCH();
    }
    TARGET(IMPORT_FROM)
    {
        int i = READ16();
        Value v = import_from(ts, TOP(), names[i]);
        if (IS_ERR(v))
            goto error;
        PUSH(v);
        DISPATCH();
    }
    TARGET(IMPORT_STAR)
    {
        ObjDict *d = frame->locals ? frame->locals : frame->globals;
        if (import_star(ts, TOP(), d) < 0)
            goto error;
        sp--;
        DISPATCH();
    }
    TARGET(PRINT_EXPR)
    {
        Value v = TOP();
        if (!IS_NONE(v)) {
            ObjStr *under = str_intern_cstr(ts, "_");
            if (!under || dict_set_str(ts, interp->builtins, under, NONE_VAL) < 0)
                goto error;
            Value r = obj_repr(ts, v);
            if (IS_ERR(r))
                goto error;
            fwrite(AS_STR(r)->data, 1, AS_STR(r)->len, stdout);
            fputc('\n', stdout);
            if (dict_set_str(ts, interp->builtins, under, v) < 0)
                goto error;
        }
        sp--;
        DISPATCH();
    }
    TARGET(SETUP_ANNOTATIONS)
    {
        ObjDict *d = frame->locals ? frame->locals : frame->globals;
        ObjStr *ann = str_intern_cstr(ts, "__annotations__");
        Value v;
        if (!dict_get_str(d, ann, &v)) {
            ObjDict *nd = dict_new(ts);
            if (!nd || dict_set_str(ts, d, ann, OBJ_VAL(nd)) < 0)
                goto error;
        }
        DISPATCH();
    }

#ifndef MPY_COMPUTED_GOTO
    default:
        RAISE(ts, SystemError, "bad opcode %d", ip[-1]);
        goto error;
    }
#endif

error:
    reraise = false;
unwind:
    SYNC();
    if (IS_UNDEF(ts->exc))
        RAISE(ts, SystemError, "error return without exception set");
    {
        Value exc = ts->exc;
        if (!reraise) {
            chain_context(ts, exc);
            int line, end_line, col, end_col;
            frame_position(frame, &line, &end_line, &col, &end_col);
            exc_add_traceback_at(ts, exc, code->filename, code->name, line,
                                 end_line, col, end_col);
        }
        reraise = false;
        size_t offset = (size_t)(ip - code->bytecode) - 1;
        const CodeExcEntry *h = code_find_handler(code, offset);
        if (h) {
            sp = frame->stack_base + h->depth;
            if (h->lasti)
                PUSH(INT_VAL((int64_t)offset));
            PUSH(exc);
            ts->exc = UNDEF_VAL;
            ip = code->bytecode + h->handler;
            DISPATCH();
        }
        if (frame == entry) {
            ts->frame = frame->back;
            ts->depth--;
            if (frame->gen)
                frame->gen->state = GEN_CLOSED;
            return ERR_VAL;
        }
        Frame *caller = frame->back;
        frame_pop(ts, frame);
        frame = caller;
        LOAD_FRAME();
        goto error;
    }
}
