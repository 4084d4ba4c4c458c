/* range.h - range and slice objects, and resolving slices against a length. */
#ifndef MPY_RANGE_H
#define MPY_RANGE_H

#include "interp.h"

Value range_new(ThreadState *ts, int64_t start, int64_t stop, int64_t step);
Value slice_new(ThreadState *ts, Value start, Value stop, Value step);
/* Resolve [slice] against a sequence of [len] items as slice.indices()
 * does.  Returns the number of items selected, or -1 on error (bad types,
 * zero step). */
int64_t slice_indices(ThreadState *ts, ObjSlice *slice, int64_t len,
                      int64_t *start, int64_t *stop, int64_t *step);
/* One bound of a slice, or the start/end argument of find & co, as an
 * int64: ints, bools, objects with __index__; big ints clamp to int64 as
 * CPython clamps to ssize_t.  TypeError "slice indices must be integers or
 * None or have an __index__ method" otherwise (None is the caller's
 * business).  0 or -1. */
int slice_bound(ThreadState *ts, Value v, int64_t *out);
void range_register(ThreadState *ts);

/* Added by the containers module. */

/* r[key] for an int or a slice (a slice of a range is a range). */
Value range_getitem(ThreadState *ts, ObjRange *r, Value key);
/* v in r: 1, 0, -1 (O(1) for ints). */
int range_contains(ThreadState *ts, ObjRange *r, Value v);
Value range_iter(ThreadState *ts, ObjRange *r);
Value range_reversed(ThreadState *ts, ObjRange *r);
Value range_repr(ThreadState *ts, ObjRange *r);
Value slice_repr(ThreadState *ts, ObjSlice *s);
/* The item index [key] means for a sequence called [what] ("list",
 * "tuple", "range object"): ints and bools, big ints (IndexError "cannot
 * fit 'int' into an index-sized integer"), objects with __index__;
 * otherwise TypeError "[what] indices must be integers or slices, not X".
 * 0 or -1. */
int slice_item_index(ThreadState *ts, Value key, const char *what,
                     int64_t *out);
/* An integer argument (range(), list.pop(), list.insert()): ints, bools,
 * __index__; TypeError "'float' object cannot be interpreted as an
 * integer"; OverflowError for big ints.  0 or -1. */
int range_int_arg(ThreadState *ts, Value v, int64_t *out);

#endif
