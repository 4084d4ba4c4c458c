/* set.h - set and frozenset. */
#ifndef MPY_SET_H
#define MPY_SET_H

#include "interp.h"

ObjSet *set_new(ThreadState *ts, bool frozen);
int set_add(ThreadState *ts, ObjSet *s, Value v);
/* 1, 0, -1 */
int set_contains(ThreadState *ts, ObjSet *s, Value v);
int set_discard(ThreadState *ts, ObjSet *s, Value v);
int set_update(ThreadState *ts, ObjSet *s, Value iterable);
Value set_repr(ThreadState *ts, ObjSet *s);
void set_register(ThreadState *ts);

#endif
