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

#endif
