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
void range_register(ThreadState *ts);

#endif
