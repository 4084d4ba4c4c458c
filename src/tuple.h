/* tuple.h - tuple objects and the tuple class. */
#ifndef MPY_TUPLE_H
#define MPY_TUPLE_H

#include "interp.h"

/* A tuple of [n] items, all None, to be filled in by the caller. */
ObjTuple *tuple_new(ThreadState *ts, size_t n);
ObjTuple *tuple_from_array(ThreadState *ts, const Value *items, size_t n);
ObjTuple *tuple_from_iterable(ThreadState *ts, Value iterable);
Value tuple_getitem(ThreadState *ts, ObjTuple *t, Value key);
Value tuple_iter(ThreadState *ts, ObjTuple *t);
Value tuple_repr(ThreadState *ts, ObjTuple *t);
int tuple_hash(ThreadState *ts, ObjTuple *t, uint64_t *out);
void tuple_register(ThreadState *ts);

/* Added by the containers module. */

/* a + b, t * n (n <= 0 gives ()). */
ObjTuple *tuple_concat(ThreadState *ts, ObjTuple *a, ObjTuple *b);
ObjTuple *tuple_repeat(ThreadState *ts, ObjTuple *t, int64_t n);
/* item in t: 1, 0, -1. */
int tuple_contains(ThreadState *ts, ObjTuple *t, Value item);
/* A two-item tuple (a, b): dict items, enumerate, divmod ... */
ObjTuple *tuple_pair(ThreadState *ts, Value a, Value b);

#endif
