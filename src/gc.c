/* gc.c - the precise mark-and-sweep collector and all heap allocation.
 *
 * Every object is linked into interp->heap.objects when gc_alloc makes it.
 * A collection marks everything reachable from the roots, then frees every
 * unmarked object, in three steps:
 *
 *   1. Mark the roots gray: the Interp's tables (classes, names, modules,
 *      singletons), and for every ThreadState its frames (each slot below
 *      the frame's sp, plus code, function, globals, locals), its pending
 *      and handled exceptions, its temporary roots and its repr guard.
 *      Blocked threads are roots like any other: their ThreadState stays in
 *      interp->threads until the thread ends.
 *   2. Drain the gray stack: blacken each object by marking what it refers
 *      to.  The explicit stack (rather than recursion) keeps a long linked
 *      list or a deeply nested tuple from overflowing the C stack.
 *   3. Drop interned strings that were not marked (the intern table is
 *      weak), then sweep the object list, freeing what is unmarked and
 *      clearing the mark of what survives.
 *
 * Invariants the rest of the VM keeps for this to be correct:
 *   - a running frame's sp is stored in the Frame before any call that can
 *     allocate, so the collector sees exactly the live stack;
 *   - C code holding an object only in a C variable across an allocation
 *     PROTECTs it (gc.h);
 *   - collection happens only inside gc_alloc, never in gc_*_mem, so code
 *     growing an array does not see objects move or vanish under it.
 *
 * The next collection is due when the bytes allocated reach three times
 * what survived (with a floor of 8 MiB), so the total work stays
 * proportional to allocation and a program with a large live heap (a
 * 200000-key dict) does not spend its time re-marking it.  The
 * stress build (--enable-stress-gc) collects at every gc_alloc to shake out
 * missing PROTECTs.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "code.h"
#include "exc.h"
#include "gc.h"
#include "str.h"

#define GC_MIN_HEAP (8u << 20)
#define GC_GROWTH 3

static void push_gray(Interp *interp, Obj *obj)
{
    Heap *heap = &interp->heap;
    if (heap->gray_len == heap->gray_cap) {
        size_t cap = heap->gray_cap ? heap->gray_cap * 2 : 256;
        Obj **gray = realloc(heap->gray, cap * sizeof *gray);
        if (!gray) {
            /* Out of memory while marking: nothing sane to do. */
            abort();
        }
        heap->gray = gray;
        heap->gray_cap = cap;
    }
    heap->gray[heap->gray_len++] = obj;
}

void gc_mark_obj(Interp *interp, Obj *obj)
{
    if (!obj || obj->marked)
        return;
    obj->marked = 1;
    push_gray(interp, obj);
}

void gc_mark_value(Interp *interp, Value v)
{
    if (IS_OBJ(v))
        gc_mark_obj(interp, AS_OBJ(v));
}

static void mark_values(Interp *interp, const Value *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        gc_mark_value(interp, v[i]);
}

static void mark_frame(Interp *interp, Frame *f)
{
    gc_mark_obj(interp, (Obj *)f->code);
    gc_mark_obj(interp, (Obj *)f->func);
    gc_mark_obj(interp, (Obj *)f->globals);
    gc_mark_obj(interp, (Obj *)f->builtins);
    gc_mark_obj(interp, (Obj *)f->locals);
    gc_mark_obj(interp, (Obj *)f->gen);
    if (f->sp)
        mark_values(interp, f->slots, (size_t)(f->sp - f->slots));
}

static void mark_dict_contents(Interp *interp, ObjDict *d)
{
    for (size_t i = 0; i < d->used; i++) {
        DictEntry *e = &d->entries[i];
        if (IS_UNDEF(e->key))
            continue;
        gc_mark_value(interp, e->key);
        gc_mark_value(interp, e->value);
    }
}

static void mark_str_array(Interp *interp, ObjStr **a, size_t n)
{
    if (!a)
        return;
    for (size_t i = 0; i < n; i++)
        gc_mark_obj(interp, (Obj *)a[i]);
}

/* Mark everything [obj] refers to. */
static void blacken(Interp *interp, Obj *obj)
{
    gc_mark_obj(interp, (Obj *)obj->cls);
    switch ((ObjKind)obj->kind) {
    case OBJ_NONE_KIND:
    case OBJ_STR:
    case OBJ_BYTES:
    case OBJ_BIGINT:
    case OBJ_RANGE:
    case OBJ__COUNT:
        break;
    case OBJ_TUPLE: {
        ObjTuple *t = (ObjTuple *)obj;
        mark_values(interp, t->items, t->len);
        break;
    }
    case OBJ_LIST: {
        ObjList *l = (ObjList *)obj;
        mark_values(interp, l->items, l->len);
        break;
    }
    case OBJ_DICT:
        mark_dict_contents(interp, (ObjDict *)obj);
        break;
    case OBJ_SET:
        gc_mark_obj(interp, (Obj *)((ObjSet *)obj)->table);
        break;
    case OBJ_SLICE: {
        ObjSlice *s = (ObjSlice *)obj;
        gc_mark_value(interp, s->start);
        gc_mark_value(interp, s->stop);
        gc_mark_value(interp, s->step);
        break;
    }
    case OBJ_CODE: {
        ObjCode *c = (ObjCode *)obj;
        gc_mark_obj(interp, (Obj *)c->name);
        gc_mark_obj(interp, (Obj *)c->qualname);
        gc_mark_obj(interp, (Obj *)c->filename);
        if (c->consts)
            mark_values(interp, c->consts, c->nconsts);
        mark_str_array(interp, c->names, c->nnames);
        mark_str_array(interp, c->varnames, (size_t)c->nlocals);
        mark_str_array(interp, c->cellvars, c->ncellvars);
        mark_str_array(interp, c->freevars, c->nfreevars);
        break;
    }
    case OBJ_FUNCTION: {
        ObjFunction *f = (ObjFunction *)obj;
        gc_mark_obj(interp, (Obj *)f->code);
        gc_mark_obj(interp, (Obj *)f->globals);
        gc_mark_obj(interp, (Obj *)f->defaults);
        gc_mark_obj(interp, (Obj *)f->kwdefaults);
        gc_mark_obj(interp, (Obj *)f->closure);
        gc_mark_obj(interp, (Obj *)f->name);
        gc_mark_obj(interp, (Obj *)f->qualname);
        gc_mark_obj(interp, (Obj *)f->module);
        gc_mark_value(interp, f->doc);
        gc_mark_obj(interp, (Obj *)f->dict);
        break;
    }
    case OBJ_CELL:
        gc_mark_value(interp, ((ObjCell *)obj)->value);
        break;
    case OBJ_NATIVE: {
        ObjNative *n = (ObjNative *)obj;
        gc_mark_obj(interp, (Obj *)n->name);
        gc_mark_value(interp, n->self);
        gc_mark_value(interp, n->data);
        break;
    }
    case OBJ_BOUND_METHOD: {
        ObjBoundMethod *m = (ObjBoundMethod *)obj;
        gc_mark_value(interp, m->self);
        gc_mark_value(interp, m->func);
        break;
    }
    case OBJ_CLASS: {
        ObjClass *c = (ObjClass *)obj;
        gc_mark_obj(interp, (Obj *)c->name);
        gc_mark_obj(interp, (Obj *)c->qualname);
        gc_mark_obj(interp, (Obj *)c->base);
        gc_mark_obj(interp, (Obj *)c->dict);
        break;
    }
    case OBJ_INSTANCE:
        gc_mark_obj(interp, (Obj *)((ObjInstance *)obj)->dict);
        break;
    case OBJ_EXCEPTION: {
        ObjException *e = (ObjException *)obj;
        gc_mark_obj(interp, (Obj *)e->dict);
        gc_mark_obj(interp, (Obj *)e->args);
        gc_mark_value(interp, e->cause);
        gc_mark_value(interp, e->context);
        for (size_t i = 0; i < e->tb_len; i++) {
            gc_mark_obj(interp, (Obj *)e->tb[i].filename);
            gc_mark_obj(interp, (Obj *)e->tb[i].funcname);
        }
        break;
    }
    case OBJ_MODULE: {
        ObjModule *m = (ObjModule *)obj;
        gc_mark_obj(interp, (Obj *)m->name);
        gc_mark_obj(interp, (Obj *)m->dict);
        break;
    }
    case OBJ_GENERATOR: {
        ObjGenerator *g = (ObjGenerator *)obj;
        gc_mark_obj(interp, (Obj *)g->name);
        gc_mark_obj(interp, (Obj *)g->qualname);
        gc_mark_value(interp, g->yieldfrom);
        if (g->frame)
            mark_frame(interp, g->frame);
        break;
    }
    case OBJ_ITER:
        mark_values(interp, ((ObjIter *)obj)->state, ITER_STATE_SLOTS);
        break;
    case OBJ_PROPERTY: {
        ObjProperty *p = (ObjProperty *)obj;
        gc_mark_value(interp, p->fget);
        gc_mark_value(interp, p->fset);
        gc_mark_value(interp, p->fdel);
        gc_mark_value(interp, p->doc);
        break;
    }
    case OBJ_STATICMETHOD:
    case OBJ_CLASSMETHOD:
        gc_mark_value(interp, ((ObjWrapper *)obj)->func);
        break;
    case OBJ_SUPER: {
        ObjSuper *s = (ObjSuper *)obj;
        gc_mark_obj(interp, (Obj *)s->start);
        gc_mark_value(interp, s->self);
        break;
    }
    case OBJ_NATIVE_DATA: {
        ObjNativeData *n = (ObjNativeData *)obj;
        if (n->type && n->type->mark && n->data)
            n->type->mark(interp, n->data);
        break;
    }
    }
}

static void mark_thread(Interp *interp, ThreadState *ts)
{
    for (Frame *f = ts->frame; f; f = f->back)
        mark_frame(interp, f);
    gc_mark_value(interp, ts->exc);
    gc_mark_value(interp, ts->handled_exc);
    mark_values(interp, ts->roots.items, ts->roots.len);
    gc_mark_obj(interp, (Obj *)ts->repr_guard);
    /* a thread not yet started, or finishing: what it runs, its handle */
    gc_mark_value(interp, ts->handle);
    gc_mark_value(interp, ts->start_fn);
    gc_mark_value(interp, ts->start_args);
    gc_mark_value(interp, ts->start_kwargs);
}

static void mark_roots(Interp *interp)
{
    for (int i = 0; i < TY__COUNT; i++)
        gc_mark_obj(interp, (Obj *)interp->types[i]);
    for (int i = 0; i < NAME__COUNT; i++)
        gc_mark_obj(interp, (Obj *)interp->names[i]);
    gc_mark_obj(interp, (Obj *)interp->empty_tuple);
    gc_mark_obj(interp, (Obj *)interp->empty_str);
    gc_mark_value(interp, interp->not_implemented);
    gc_mark_value(interp, interp->ellipsis);
    gc_mark_obj(interp, (Obj *)interp->modules);
    gc_mark_obj(interp, (Obj *)interp->builtins_module);
    gc_mark_obj(interp, (Obj *)interp->builtins);
    gc_mark_obj(interp, (Obj *)interp->sys_module);
    gc_mark_obj(interp, (Obj *)interp->sys_path);
    gc_mark_obj(interp, (Obj *)interp->sys_argv);
    gc_mark_obj(interp, (Obj *)interp->main_module);
    gc_mark_value(interp, interp->memory_error);
    for (ThreadState *ts = interp->threads; ts; ts = ts->next)
        mark_thread(interp, ts);
}

/* The bytes [obj] accounts for, as gc_alloc counted them. */
static size_t object_size(Obj *obj)
{
    switch ((ObjKind)obj->kind) {
    case OBJ_STR:
        return sizeof(ObjStr) + ((ObjStr *)obj)->len + 1;
    case OBJ_BYTES:
        return sizeof(ObjBytes) + ((ObjBytes *)obj)->len + 1;
    case OBJ_TUPLE:
        return sizeof(ObjTuple) + ((ObjTuple *)obj)->len * sizeof(Value);
    default:
        return sizeof(Obj) + 48; /* an estimate is enough for pacing */
    }
}

static void release_memory(Interp *interp, size_t size)
{
    Heap *heap = &interp->heap;
    heap->bytes_allocated = heap->bytes_allocated > size
                                ? heap->bytes_allocated - size
                                : 0;
}

/* Free what [obj] owns outside its own block, then the block. */
static void free_object(Interp *interp, Obj *obj)
{
    switch ((ObjKind)obj->kind) {
    case OBJ_BIGINT:
        mpz_clear(((ObjBigInt *)obj)->z);
        break;
    case OBJ_LIST: {
        ObjList *l = (ObjList *)obj;
        gc_free_mem(interp, l->items, l->cap * sizeof(Value));
        break;
    }
    case OBJ_DICT: {
        ObjDict *d = (ObjDict *)obj;
        gc_free_mem(interp, d->index, d->index_cap * sizeof(int32_t));
        gc_free_mem(interp, d->entries, d->entries_cap * sizeof(DictEntry));
        break;
    }
    case OBJ_CODE:
        code_free(interp, (ObjCode *)obj);
        break;
    case OBJ_EXCEPTION:
        free(((ObjException *)obj)->tb);
        break;
    case OBJ_GENERATOR: {
        ObjGenerator *g = (ObjGenerator *)obj;
        if (g->frame && g->frame->heap_owned)
            free(g->frame);
        break;
    }
    case OBJ_NATIVE_DATA: {
        ObjNativeData *n = (ObjNativeData *)obj;
        if (n->type && n->type->free && n->data)
            n->type->free(n->data);
        break;
    }
    default:
        break;
    }
    release_memory(interp, object_size(obj));
    free(obj);
}

static void sweep(Interp *interp)
{
    Obj **link = &interp->heap.objects;
    while (*link) {
        Obj *obj = *link;
        if (obj->marked) {
            obj->marked = 0;
            link = &obj->gc_next;
        } else {
            *link = obj->gc_next;
            free_object(interp, obj);
        }
    }
}

void gc_collect(ThreadState *ts)
{
    Interp *interp = ts->interp;
    Heap *heap = &interp->heap;
    if (heap->collecting)
        return;
    heap->collecting = true;
    mark_roots(interp);
    while (heap->gray_len > 0)
        blacken(interp, heap->gray[--heap->gray_len]);
    str_table_sweep(interp);
    sweep(interp);
    heap->next_gc = heap->bytes_allocated * GC_GROWTH;
    if (heap->next_gc < GC_MIN_HEAP)
        heap->next_gc = GC_MIN_HEAP;
    heap->collecting = false;
}

void *gc_alloc(ThreadState *ts, size_t size, ObjKind kind, ObjClass *cls)
{
    Interp *interp = ts->interp;
    Heap *heap = &interp->heap;
    if (heap->stress || heap->bytes_allocated + size > heap->next_gc)
        gc_collect(ts);
    Obj *obj = calloc(1, size);
    if (!obj) {
        gc_collect(ts);
        obj = calloc(1, size);
        if (!obj) {
            exc_no_memory(ts);
            return NULL;
        }
    }
    obj->cls = cls;
    obj->kind = (uint8_t)kind;
    obj->gc_next = heap->objects;
    heap->objects = obj;
    heap->bytes_allocated += size;
    return obj;
}

void *gc_alloc_mem(ThreadState *ts, size_t size)
{
    void *p = calloc(1, size ? size : 1);
    if (!p) {
        exc_no_memory(ts);
        return NULL;
    }
    ts->interp->heap.bytes_allocated += size;
    return p;
}

void *gc_realloc_mem(ThreadState *ts, void *ptr, size_t old_size,
                     size_t new_size)
{
    void *p = realloc(ptr, new_size ? new_size : 1);
    if (!p) {
        exc_no_memory(ts);
        return NULL;
    }
    Heap *heap = &ts->interp->heap;
    if (new_size > old_size)
        heap->bytes_allocated += new_size - old_size;
    else
        release_memory(ts->interp, old_size - new_size);
    return p;
}

void gc_free_mem(Interp *interp, void *ptr, size_t size)
{
    if (!ptr)
        return;
    free(ptr);
    release_memory(interp, size);
}

void gc_push_root(ThreadState *ts, Value v)
{
    RootStack *r = &ts->roots;
    if (r->len == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 64;
        Value *items = realloc(r->items, cap * sizeof *items);
        if (!items)
            abort(); /* the root stack is tiny; failing here means the
                        process has no memory left at all */
        r->items = items;
        r->cap = cap;
    }
    r->items[r->len++] = v;
}

void gc_free_all(Interp *interp)
{
    str_table_free(interp);
    while (interp->heap.objects) {
        Obj *obj = interp->heap.objects;
        interp->heap.objects = obj->gc_next;
        free_object(interp, obj);
    }
    free(interp->heap.gray);
    interp->heap.gray = NULL;
    interp->heap.gray_len = interp->heap.gray_cap = 0;
}
