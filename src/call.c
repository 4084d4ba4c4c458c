/* call.c - calling Python functions: frames, argument binding with
 * CPython's error messages, function objects, module and class bodies.
 *
 * Frames of ordinary calls come from the thread's frame arena, a stack of
 * malloc'd chunks used strictly LIFO, so a call costs a pointer bump.  A
 * generator's frame is a separate malloc block owned by the generator (it
 * outlives the call); gc.c frees it with the generator.
 *
 * A frame is linked into ts->frame BEFORE its arguments are bound, with sp
 * at stack_base and every slot UNDEF: binding allocates (a *args tuple, a
 * **kwargs dict, cells), and the collector must see what is already bound.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "class.h"
#include "code.h"
#include "dict.h"
#include "exc.h"
#include "gc.h"
#include "ops.h"
#include "str.h"
#include "strbuf.h"
#include "tuple.h"
#include "vm.h"

#define ARENA_CHUNK (64 * 1024)
#define GEN_FLAGS (CODE_GENERATOR | CODE_COROUTINE | CODE_ASYNC_GENERATOR)

size_t frame_size(const ObjCode *code)
{
    size_t nslots = (size_t)code->nlocals + code->ncellvars + code->nfreevars +
                    1 + (size_t)code->stacksize;
    size_t size = sizeof(Frame) + nslots * sizeof(Value);
    return (size + 15) & ~(size_t)15;
}

static Frame *arena_alloc(ThreadState *ts, size_t size)
{
    FrameArena *a = ts->arena;
    if (!a || a->used + size > a->cap) {
        size_t cap = size > ARENA_CHUNK ? size : ARENA_CHUNK;
        FrameArena *na = malloc(sizeof(FrameArena));
        char *base = malloc(cap);
        if (!na || !base) {
            free(na);
            free(base);
            return NULL;
        }
        na->base = base;
        na->used = 0;
        na->cap = cap;
        na->prev = a;
        ts->arena = na;
        a = na;
    }
    Frame *f = (Frame *)(a->base + a->used);
    a->used += size;
    return f;
}

void frame_release(ThreadState *ts, Frame *f)
{
    if (f->heap_owned)
        return;
    FrameArena *a = ts->arena;
    a->used = (size_t)((char *)f - a->base);
    if (a->used == 0 && a->prev) {
        ts->arena = a->prev;
        free(a->base);
        free(a);
    }
}

static void frame_init(Frame *f, ObjCode *code, ObjFunction *fn,
                       ObjDict *globals, ObjDict *builtins, ObjDict *locals)
{
    f->code = code;
    f->func = fn;
    f->globals = globals;
    f->builtins = builtins;
    f->locals = locals;
    f->back = NULL;
    f->gen = NULL;
    f->ip = code->bytecode;
    size_t n = (size_t)code->nlocals + code->ncellvars + code->nfreevars + 1;
    for (size_t i = 0; i < n; i++)
        f->slots[i] = UNDEF_VAL;
    f->stack_base = f->slots + n;
    f->sp = f->stack_base;
}

static Frame *frame_alloc(ThreadState *ts, ObjCode *code, bool heap)
{
    size_t size = frame_size(code);
    Frame *f = heap ? malloc(size) : arena_alloc(ts, size);
    if (!f) {
        exc_no_memory(ts);
        return NULL;
    }
    f->heap_owned = heap;
    return f;
}

void frame_pop(ThreadState *ts, Frame *f)
{
    ts->frame = f->back;
    ts->depth--;
    frame_release(ts, f);
}

int frame_lineno(Frame *frame)
{
    if (!frame->ip || frame->ip <= frame->code->bytecode)
        return frame->code->firstlineno;
    return code_line_at(frame->code,
                        (size_t)(frame->ip - frame->code->bytecode - 1));
}

void frame_position(Frame *frame, int *line, int *end_line, int *col,
                    int *end_col)
{
    if (!frame->ip || frame->ip <= frame->code->bytecode) {
        *line = *end_line = frame->code->firstlineno;
        *col = *end_col = -1;
        return;
    }
    code_position_at(frame->code,
                     (size_t)(frame->ip - frame->code->bytecode - 1), line,
                     end_line, col, end_col);
}

/* ---- argument binding ------------------------------------------------ */

static const char *fname(ObjFunction *fn)
{
    return fn->qualname ? fn->qualname->data : fn->code->qualname->data;
}

/* "'a', 'b', and 'c'" */
static void name_list(StrBuf *sb, ObjStr **names, int n)
{
    for (int i = 0; i < n; i++) {
        if (i > 0)
            sb_puts(sb, n == 2 ? " and " : (i == n - 1 ? ", and " : ", "));
        sb_printf(sb, "'%s'", names[i]->data);
    }
}

static int missing_error(ThreadState *ts, ObjFunction *fn, Value *slots,
                         int from, int to, bool kwonly)
{
    ObjCode *code = fn->code;
    ObjStr *missing[64];
    int n = 0;
    for (int i = from; i < to && n < 64; i++)
        if (IS_UNDEF(slots[i]))
            missing[n++] = code->varnames[i];
    StrBuf sb;
    sb_init(&sb);
    name_list(&sb, missing, n);
    exc_raise(ts, TYPE(ts, TypeError),
              "%s() missing %d required %s argument%s: %s", fname(fn), n,
              kwonly ? "keyword-only" : "positional", n == 1 ? "" : "s",
              sb.data ? sb.data : "");
    sb_free(&sb);
    return -1;
}

static int too_many_error(ThreadState *ts, ObjFunction *fn, int argc,
                          int nkw_given)
{
    ObjCode *code = fn->code;
    int ndefaults = fn->defaults ? (int)fn->defaults->len : 0;
    int maxpos = code->argcount;
    int minpos = maxpos - ndefaults;
    char takes[96];
    if (ndefaults > 0 && minpos != maxpos)
        snprintf(takes, sizeof takes, "from %d to %d positional arguments",
                 minpos, maxpos);
    else
        snprintf(takes, sizeof takes, "%d positional argument%s", maxpos,
                 maxpos == 1 ? "" : "s");
    if (nkw_given > 0)
        return exc_raise(ts, TYPE(ts, TypeError),
                         "%s() takes %s but %d positional argument%s (and %d "
                         "keyword-only argument%s) were given",
                         fname(fn), takes, argc, argc == 1 ? "" : "s",
                         nkw_given, nkw_given == 1 ? "" : "s"),
               -1;
    exc_raise(ts, TYPE(ts, TypeError), "%s() takes %s but %d %s given",
              fname(fn), takes, argc, argc == 1 ? "was" : "were");
    return -1;
}

/* Bind the arguments into [f]'s slots; [f] is reachable by the collector
 * (linked or owned by a protected generator). */
static int bind_args(ThreadState *ts, ObjFunction *fn, Frame *f, int argc,
                     Value *argv, ObjTuple *kwnames)
{
    ObjCode *code = fn->code;
    Value *slots = f->slots;
    int nargs = code->argcount;
    int nkwonly = code->kwonlycount;
    int total = nargs + nkwonly;
    int nkw = kwnames ? (int)kwnames->len : 0;
    bool has_varargs = (code->flags & CODE_VARARGS) != 0;
    bool has_varkw = (code->flags & CODE_VARKEYWORDS) != 0;

    /* fast path: exact positional call */
    int npos = argc < nargs ? argc : nargs;
    for (int i = 0; i < npos; i++)
        slots[i] = argv[i];

    if (argc > nargs && !has_varargs) {
        int kwonly_given = 0;
        for (int j = 0; j < nkw; j++)
            for (int i = nargs; i < total; i++)
                if (str_equal(code->varnames[i], AS_STR(kwnames->items[j])))
                    kwonly_given++;
        return too_many_error(ts, fn, argc, kwonly_given);
    }
    if (has_varargs) {
        int extra = argc > nargs ? argc - nargs : 0;
        ObjTuple *t = extra ? tuple_from_array(ts, argv + nargs, extra)
                            : ts->interp->empty_tuple;
        if (!t)
            return -1;
        slots[total] = OBJ_VAL(t);
    }
    ObjDict *kwdict = NULL;
    if (has_varkw) {
        kwdict = dict_new(ts);
        if (!kwdict)
            return -1;
        slots[total + (has_varargs ? 1 : 0)] = OBJ_VAL(kwdict);
    }
    for (int j = 0; j < nkw; j++) {
        ObjStr *key = AS_STR(kwnames->items[j]);
        Value v = argv[argc + j];
        int found = -1;
        for (int i = code->posonlycount; i < total; i++)
            if (code->varnames[i] == key) {
                found = i;
                break;
            }
        if (found < 0)
            for (int i = code->posonlycount; i < total; i++)
                if (str_equal(code->varnames[i], key)) {
                    found = i;
                    break;
                }
        if (found < 0 && !kwdict && code->posonlycount > 0) {
            /* positional-only parameters passed by keyword: name them all */
            StrBuf sb;
            sb_init(&sb);
            for (int jj = 0; jj < nkw; jj++)
                for (int i = 0; i < code->posonlycount; i++)
                    if (str_equal(code->varnames[i],
                                  AS_STR(kwnames->items[jj]))) {
                        if (sb.len)
                            sb_puts(&sb, ", ");
                        sb_puts(&sb, code->varnames[i]->data);
                    }
            if (sb.len) {
                exc_raise(ts, TYPE(ts, TypeError),
                          "%s() got some positional-only arguments passed as "
                          "keyword arguments: '%s'",
                          fname(fn), sb.data);
                sb_free(&sb);
                return -1;
            }
            sb_free(&sb);
        }
        if (found < 0) {
            if (kwdict) {
                if (dict_set(ts, kwdict, OBJ_VAL(key), v) < 0)
                    return -1;
                continue;
            }
            exc_raise(ts, TYPE(ts, TypeError),
                      "%s() got an unexpected keyword argument '%s'",
                      fname(fn), key->data);
            return -1;
        }
        if (!IS_UNDEF(slots[found])) {
            exc_raise(ts, TYPE(ts, TypeError),
                      "%s() got multiple values for argument '%s'", fname(fn),
                      key->data);
            return -1;
        }
        slots[found] = v;
    }
    if (argc < nargs) {
        int ndefaults = fn->defaults ? (int)fn->defaults->len : 0;
        int first_default = nargs - ndefaults;
        for (int i = argc; i < nargs; i++) {
            if (!IS_UNDEF(slots[i]))
                continue;
            if (i >= first_default)
                slots[i] = fn->defaults->items[i - first_default];
        }
        for (int i = argc; i < nargs; i++)
            if (IS_UNDEF(slots[i]))
                return missing_error(ts, fn, slots, argc, first_default, false);
    }
    if (nkwonly) {
        for (int i = nargs; i < total; i++) {
            if (!IS_UNDEF(slots[i]))
                continue;
            Value d;
            if (fn->kwdefaults && dict_get_str(fn->kwdefaults, code->varnames[i], &d))
                slots[i] = d;
        }
        for (int i = nargs; i < total; i++)
            if (IS_UNDEF(slots[i]))
                return missing_error(ts, fn, slots, nargs, total, true);
    }
    /* cells, then the closure's cells */
    int nl = code->nlocals;
    for (size_t i = 0; i < code->ncellvars; i++) {
        ObjCell *cell = gc_alloc(ts, sizeof(ObjCell), OBJ_CELL, TYPE(ts, CELL));
        if (!cell)
            return -1;
        cell->value = UNDEF_VAL;
        if (code->cell2arg && code->cell2arg[i] >= 0)
            cell->value = slots[code->cell2arg[i]];
        slots[nl + i] = OBJ_VAL(cell);
    }
    for (size_t i = 0; i < code->nfreevars; i++)
        slots[nl + code->ncellvars + i] =
            fn->closure && i < fn->closure->len ? fn->closure->items[i]
                                                 : UNDEF_VAL;
    return 0;
}

/* Entering a Python frame past the limit.  CPython 3.11 says the same
 * whether the call came from Python or through C (__add__, map, sorted):
 * "... while calling a Python object" is for C callables, which ops.c
 * checks. */
static int check_depth(ThreadState *ts, bool from_c)
{
    (void)from_c;
    if (ts->depth >= ts->interp->recursion_limit) {
        exc_raise(ts, TYPE(ts, RecursionError),
                  "maximum recursion depth exceeded");
        return -1;
    }
    return 0;
}

Frame *frame_push_call(ThreadState *ts, ObjFunction *fn, int argc,
                       Value *argv, ObjTuple *kwnames, bool from_c)
{
    if (check_depth(ts, from_c) < 0)
        return NULL;
    ObjCode *code = fn->code;
    Frame *f = frame_alloc(ts, code, false);
    if (!f)
        return NULL;
    frame_init(f, code, fn, fn->globals, ts->interp->builtins, NULL);
    f->back = ts->frame;
    ts->frame = f;
    ts->depth++;
    if (bind_args(ts, fn, f, argc, argv, kwnames) < 0) {
        frame_pop(ts, f);
        return NULL;
    }
    return f;
}

/* ---- calls from C ---------------------------------------------------- */

Value vm_call_function(ThreadState *ts, ObjFunction *fn, int argc,
                       Value *argv, ObjTuple *kwnames)
{
    ObjCode *code = fn->code;
    if (code->flags & GEN_FLAGS) {
        Value gen = gen_new(ts, fn);
        if (IS_ERR(gen))
            return ERR_VAL;
        PROTECT(ts, gen);
        ObjGenerator *g = AS_GENERATOR(gen);
        Frame *f = frame_alloc(ts, code, true);
        if (!f) {
            UNPROTECT(ts, 1);
            return ERR_VAL;
        }
        frame_init(f, code, fn, fn->globals, ts->interp->builtins, NULL);
        f->gen = g;
        g->frame = f;
        int rc = bind_args(ts, fn, f, argc, argv, kwnames);
        UNPROTECT(ts, 1);
        if (rc < 0)
            return ERR_VAL;
        return gen;
    }
    Frame *f = frame_push_call(ts, fn, argc, argv, kwnames, true);
    if (!f)
        return ERR_VAL;
    Value r = vm_eval(ts, f, false);
    frame_release(ts, f);
    return r;
}

Value vm_call_value(ThreadState *ts, Value callable, int argc, Value *argv,
                    ObjTuple *kwnames)
{
    if (IS_FUNCTION(callable))
        return vm_call_function(ts, AS_FUNCTION(callable), argc, argv,
                                kwnames);
    return obj_call(ts, callable, argc, argv, kwnames);
}

Value vm_run_module(ThreadState *ts, ObjCode *code, ObjDict *globals)
{
    if (check_depth(ts, false) < 0)
        return ERR_VAL;
    Frame *f = frame_alloc(ts, code, false);
    if (!f)
        return ERR_VAL;
    frame_init(f, code, NULL, globals, ts->interp->builtins, globals);
    f->back = ts->frame;
    ts->frame = f;
    ts->depth++;
    Value r = vm_eval(ts, f, false);
    frame_release(ts, f);
    return r;
}

Value vm_run_class_body(ThreadState *ts, ObjFunction *body, ObjDict *ns)
{
    Frame *f = frame_push_call(ts, body, 0, NULL, NULL, true);
    if (!f)
        return ERR_VAL;
    f->locals = ns;
    Value r = vm_eval(ts, f, false);
    frame_release(ts, f);
    return r;
}

ObjFunction *function_new(ThreadState *ts, ObjCode *code, ObjDict *globals)
{
    PROTECT_OBJ(ts, code);
    ObjFunction *fn =
        gc_alloc(ts, sizeof(ObjFunction), OBJ_FUNCTION, TYPE(ts, FUNCTION));
    UNPROTECT(ts, 1);
    if (!fn)
        return NULL;
    fn->code = code;
    fn->globals = globals;
    fn->name = code->name;
    fn->qualname = code->qualname;
    fn->doc = NONE_VAL;
    if ((code->flags & CODE_HAS_DOC) && code->nconsts > 0)
        fn->doc = code->consts[0];
    Value modname;
    if (globals && dict_get_str(globals, NAME(ts, name), &modname) &&
        IS_STR(modname))
        fn->module = AS_STR(modname);
    return fn;
}

int vm_super_args(ThreadState *ts, ObjClass **cls, Value *self)
{
    Frame *f = ts->frame;
    if (!f || !f->func || f->code->argcount == 0) {
        exc_raise(ts, TYPE(ts, RuntimeError), "super(): no arguments");
        return -1;
    }
    ObjCode *code = f->code;
    Value first = f->slots[0];
    /* the first argument may live in a cell */
    if (code->cell2arg)
        for (size_t i = 0; i < code->ncellvars; i++)
            if (code->cell2arg[i] == 0) {
                Value c = f->slots[code->nlocals + i];
                if (IS_KIND(c, OBJ_CELL))
                    first = AS_CELL(c)->value;
            }
    if (IS_UNDEF(first)) {
        exc_raise(ts, TYPE(ts, RuntimeError), "super(): arg[0] deleted");
        return -1;
    }
    for (size_t i = 0; i < code->nfreevars; i++) {
        if (strcmp(code->freevars[i]->data, "__class__") != 0)
            continue;
        Value c = f->slots[code->nlocals + code->ncellvars + i];
        if (!IS_KIND(c, OBJ_CELL) || IS_UNDEF(AS_CELL(c)->value)) {
            exc_raise(ts, TYPE(ts, RuntimeError), "super(): empty __class__ cell");
            return -1;
        }
        Value k = AS_CELL(c)->value;
        if (!IS_CLASS(k)) {
            exc_raise(ts, TYPE(ts, RuntimeError),
                      "super(): __class__ is not a type (%s)",
                      obj_type_name(ts, k));
            return -1;
        }
        *cls = AS_CLASS(k);
        *self = first;
        return 0;
    }
    exc_raise(ts, TYPE(ts, RuntimeError), "super(): __class__ cell not found");
    return -1;
}

/* ---- function attributes ---------------------------------------------- */

static ObjFunction *fn_self(ThreadState *ts, int argc, Value *argv)
{
    if (argc < 1 || !IS_FUNCTION(argv[0])) {
        RAISE(ts, TypeError, "descriptor requires a 'function' object");
        return NULL;
    }
    return AS_FUNCTION(argv[0]);
}

#define FN_GETTER(fname_, expr)                                              \
    static Value fname_(ThreadState *ts, int argc, Value *argv,              \
                        ObjTuple *kw)                                        \
    {                                                                        \
        (void)kw;                                                            \
        ObjFunction *fn = fn_self(ts, argc, argv);                           \
        if (!fn)                                                             \
            return ERR_VAL;                                                  \
        return (expr);                                                       \
    }

FN_GETTER(fn_get_name, OBJ_VAL(fn->name))
FN_GETTER(fn_get_qualname, OBJ_VAL(fn->qualname))
FN_GETTER(fn_get_doc, fn->doc)
FN_GETTER(fn_get_module, fn->module ? OBJ_VAL(fn->module) : NONE_VAL)
FN_GETTER(fn_get_defaults, fn->defaults ? OBJ_VAL(fn->defaults) : NONE_VAL)
FN_GETTER(fn_get_kwdefaults, fn->kwdefaults ? OBJ_VAL(fn->kwdefaults) : NONE_VAL)
FN_GETTER(fn_get_code, OBJ_VAL(fn->code))
FN_GETTER(fn_get_globals, OBJ_VAL(fn->globals))
FN_GETTER(fn_get_closure, fn->closure ? OBJ_VAL(fn->closure) : NONE_VAL)

static Value fn_get_dict(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    (void)kw;
    ObjFunction *fn = fn_self(ts, argc, argv);
    if (!fn)
        return ERR_VAL;
    if (!fn->dict) {
        fn->dict = dict_new(ts);
        if (!fn->dict)
            return ERR_VAL;
    }
    return OBJ_VAL(fn->dict);
}

static Value fn_set_name(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    (void)kw;
    ObjFunction *fn = fn_self(ts, argc, argv);
    if (!fn)
        return ERR_VAL;
    if (argc < 2 || !IS_STR(argv[1]))
        return RAISE(ts, TypeError, "__name__ must be set to a string object");
    fn->name = AS_STR(argv[1]);
    return NONE_VAL;
}

static Value fn_set_qualname(ThreadState *ts, int argc, Value *argv,
                             ObjTuple *kw)
{
    (void)kw;
    ObjFunction *fn = fn_self(ts, argc, argv);
    if (!fn)
        return ERR_VAL;
    if (argc < 2 || !IS_STR(argv[1]))
        return RAISE(ts, TypeError,
                     "__qualname__ must be set to a string object");
    fn->qualname = AS_STR(argv[1]);
    return NONE_VAL;
}

static Value fn_set_doc(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    (void)kw;
    ObjFunction *fn = fn_self(ts, argc, argv);
    if (!fn)
        return ERR_VAL;
    fn->doc = argc >= 2 ? argv[1] : NONE_VAL;
    return NONE_VAL;
}

static Value fn_set_module(ThreadState *ts, int argc, Value *argv,
                           ObjTuple *kw)
{
    (void)kw;
    ObjFunction *fn = fn_self(ts, argc, argv);
    if (!fn)
        return ERR_VAL;
    fn->module = argc >= 2 && IS_STR(argv[1]) ? AS_STR(argv[1]) : NULL;
    return NONE_VAL;
}

static Value fn_set_defaults(ThreadState *ts, int argc, Value *argv,
                             ObjTuple *kw)
{
    (void)kw;
    ObjFunction *fn = fn_self(ts, argc, argv);
    if (!fn)
        return ERR_VAL;
    if (argc < 2 || IS_NONE(argv[1])) {
        fn->defaults = NULL;
        return NONE_VAL;
    }
    if (!IS_TUPLE(argv[1]))
        return RAISE(ts, TypeError, "__defaults__ must be set to a tuple object");
    fn->defaults = AS_TUPLE(argv[1]);
    return NONE_VAL;
}

static Value fn_repr(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    (void)kw;
    ObjFunction *fn = fn_self(ts, argc, argv);
    if (!fn)
        return ERR_VAL;
    ObjStr *s = str_printf(ts, "<function %s at %p>", fname(fn), (void *)fn);
    return s ? OBJ_VAL(s) : ERR_VAL;
}

static void add_property(ThreadState *ts, ObjClass *cls, const char *name,
                         NativeFn get, NativeFn set)
{
    ObjNative *g = native_new(ts, name, get);
    if (!g)
        return;
    PROTECT_OBJ(ts, g);
    ObjNative *s = set ? native_new(ts, name, set) : NULL;
    if (s)
        PROTECT_OBJ(ts, s);
    ObjProperty *p =
        gc_alloc(ts, sizeof(ObjProperty), OBJ_PROPERTY, TYPE(ts, PROPERTY));
    if (p) {
        p->fget = OBJ_VAL(g);
        p->fset = s ? OBJ_VAL(s) : NONE_VAL;
        p->fdel = NONE_VAL;
        p->doc = NONE_VAL;
        class_add_value(ts, cls, name, OBJ_VAL(p));
    }
    UNPROTECT(ts, s ? 2 : 1);
}

/* Code object attributes, for the curious student. */
static Value code_get_name(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    (void)kw;
    if (argc < 1 || !IS_KIND(argv[0], OBJ_CODE))
        return RAISE(ts, TypeError, "descriptor requires a 'code' object");
    return OBJ_VAL(AS_CODE(argv[0])->name);
}

static Value code_get_filename(ThreadState *ts, int argc, Value *argv,
                               ObjTuple *kw)
{
    (void)kw;
    if (argc < 1 || !IS_KIND(argv[0], OBJ_CODE))
        return RAISE(ts, TypeError, "descriptor requires a 'code' object");
    return OBJ_VAL(AS_CODE(argv[0])->filename);
}

static Value code_get_firstlineno(ThreadState *ts, int argc, Value *argv,
                                  ObjTuple *kw)
{
    (void)kw;
    if (argc < 1 || !IS_KIND(argv[0], OBJ_CODE))
        return RAISE(ts, TypeError, "descriptor requires a 'code' object");
    return INT_VAL(AS_CODE(argv[0])->firstlineno);
}

static Value code_get_argcount(ThreadState *ts, int argc, Value *argv,
                               ObjTuple *kw)
{
    (void)kw;
    if (argc < 1 || !IS_KIND(argv[0], OBJ_CODE))
        return RAISE(ts, TypeError, "descriptor requires a 'code' object");
    return INT_VAL(AS_CODE(argv[0])->argcount);
}

/* The flags CPython's code objects share (CO_GENERATOR, CO_COROUTINE...),
 * without mpy's own (above 0xffff). */
static Value code_get_flags(ThreadState *ts, int argc, Value *argv,
                            ObjTuple *kw)
{
    (void)kw;
    if (argc < 1 || !IS_KIND(argv[0], OBJ_CODE))
        return RAISE(ts, TypeError, "descriptor requires a 'code' object");
    return INT_VAL(AS_CODE(argv[0])->flags & 0xffff);
}

static Value code_get_varnames(ThreadState *ts, int argc, Value *argv,
                               ObjTuple *kw)
{
    (void)kw;
    if (argc < 1 || !IS_KIND(argv[0], OBJ_CODE))
        return RAISE(ts, TypeError, "descriptor requires a 'code' object");
    ObjCode *c = AS_CODE(argv[0]);
    ObjTuple *t = tuple_new(ts, (size_t)c->nlocals);
    if (!t)
        return ERR_VAL;
    for (int i = 0; i < c->nlocals; i++)
        t->items[i] = OBJ_VAL(c->varnames[i]);
    return OBJ_VAL(t);
}

static Value code_repr(ThreadState *ts, int argc, Value *argv, ObjTuple *kw)
{
    (void)kw;
    if (argc < 1 || !IS_KIND(argv[0], OBJ_CODE))
        return RAISE(ts, TypeError, "descriptor requires a 'code' object");
    ObjCode *c = AS_CODE(argv[0]);
    ObjStr *s = str_printf(ts, "<code object %s at %p, file \"%s\", line %d>",
                           c->name->data, (void *)c, c->filename->data,
                           c->firstlineno);
    return s ? OBJ_VAL(s) : ERR_VAL;
}

void vm_register_function(ThreadState *ts)
{
    ObjClass *f = TYPE(ts, FUNCTION);
    add_property(ts, f, "__name__", fn_get_name, fn_set_name);
    add_property(ts, f, "__qualname__", fn_get_qualname, fn_set_qualname);
    add_property(ts, f, "__doc__", fn_get_doc, fn_set_doc);
    add_property(ts, f, "__module__", fn_get_module, fn_set_module);
    add_property(ts, f, "__defaults__", fn_get_defaults, fn_set_defaults);
    add_property(ts, f, "__kwdefaults__", fn_get_kwdefaults, NULL);
    add_property(ts, f, "__code__", fn_get_code, NULL);
    add_property(ts, f, "__globals__", fn_get_globals, NULL);
    add_property(ts, f, "__closure__", fn_get_closure, NULL);
    add_property(ts, f, "__dict__", fn_get_dict, NULL);
    class_add_native(ts, f, "__repr__", fn_repr);
    ObjClass *c = TYPE(ts, CODE);
    add_property(ts, c, "co_name", code_get_name, NULL);
    add_property(ts, c, "co_filename", code_get_filename, NULL);
    add_property(ts, c, "co_firstlineno", code_get_firstlineno, NULL);
    add_property(ts, c, "co_argcount", code_get_argcount, NULL);
    add_property(ts, c, "co_varnames", code_get_varnames, NULL);
    add_property(ts, c, "co_flags", code_get_flags, NULL);
    class_add_native(ts, c, "__repr__", code_repr);
}
