/* iter.h - built-in iterator objects (list_iterator, zip, map, ...). */
#ifndef MPY_ITER_H
#define MPY_ITER_H

#include "interp.h"

/* A new iterator named [type_name] stepping with [next]; the state slots
 * start as None, index and end as 0. */
ObjIter *iter_new(ThreadState *ts, const char *type_name, IterNextFn next);
/* An iterator over the object [over] (its state[0], kept alive across the
 * allocation) with its index and end set: what the containers' __iter__
 * return.  The iterator, or ERR_VAL. */
Value iter_over(ThreadState *ts, const char *type_name, IterNextFn next,
                Value over, int64_t index, int64_t end);
/* The iterator class's methods: __iter__ (returns self), __next__. */
void iter_register(ThreadState *ts);

/* Added by the containers module. */

/* Step [it] as next() does: the item, or ERR_VAL with StopIteration (or
 * the iterator's own error) pending. */
Value iter_next_value(ThreadState *ts, ObjIter *it);

#endif
