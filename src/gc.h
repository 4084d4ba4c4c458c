/* gc.h - allocation and the precise mark-and-sweep collector.
 *
 * All heap objects come from gc_alloc; all other memory a heap object owns
 * (list items, dict tables, code arrays) goes through gc_alloc_mem /
 * gc_realloc_mem / gc_free_mem so that it counts towards the next
 * collection.  Only gc_alloc may collect; the *_mem functions never do.
 *
 * Roots: every ThreadState's frames (every slot below sp), pending and
 * handled exceptions and temporary roots; every generator reachable from
 * them; the Interp's tables.  C code that keeps an object in a C local
 * across a call that may allocate must PROTECT it first.
 */
#ifndef MPY_GC_H
#define MPY_GC_H

#include "interp.h"

/* A zeroed object of [size] bytes, kind [kind], class [cls], linked into the
 * heap.  May collect before allocating.  On exhaustion raises MemoryError and
 * returns NULL. */
void *gc_alloc(ThreadState *ts, size_t size, ObjKind kind, ObjClass *cls);

/* Counted raw memory.  Never collects.  gc_alloc_mem returns zeroed
 * memory; both return NULL with MemoryError pending when out of memory. */
void *gc_alloc_mem(ThreadState *ts, size_t size);
void *gc_realloc_mem(ThreadState *ts, void *ptr, size_t old_size,
                     size_t new_size);
void gc_free_mem(Interp *interp, void *ptr, size_t size);

void gc_collect(ThreadState *ts);
void gc_mark_value(Interp *interp, Value v);
void gc_mark_obj(Interp *interp, Obj *obj);
/* Free every object (interpreter shutdown). */
void gc_free_all(Interp *interp);

void gc_push_root(ThreadState *ts, Value v);
static inline void gc_pop_roots(ThreadState *ts, size_t n)
{
    ts->roots.len -= n;
}

#define PROTECT(ts, v) gc_push_root((ts), (v))
#define PROTECT_OBJ(ts, o) gc_push_root((ts), OBJ_VAL(o))
#define UNPROTECT(ts, n) gc_pop_roots((ts), (n))

#endif
