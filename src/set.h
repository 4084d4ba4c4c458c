/* set.h - set and frozenset. */
#ifndef MPY_SET_H
#define MPY_SET_H

#include "interp.h"
#include "ops.h"

ObjSet *set_new(ThreadState *ts, bool frozen);
int set_add(ThreadState *ts, ObjSet *s, Value v);
/* 1, 0, -1 */
int set_contains(ThreadState *ts, ObjSet *s, Value v);
int set_discard(ThreadState *ts, ObjSet *s, Value v);
int set_update(ThreadState *ts, ObjSet *s, Value iterable);
Value set_repr(ThreadState *ts, ObjSet *s);
void set_register(ThreadState *ts);

/* Added by the containers module. */

/* Live elements in iteration (hash table) order: *pos starts at 0; false
 * at the end. */
bool set_next(ObjSet *s, size_t *pos, Value *key);
size_t set_len(ObjSet *s);
/* iter(s): a set_iterator. */
Value set_iter(ThreadState *ts, ObjSet *s);
/* hash(frozenset) as CPython computes it; TypeError for a mutable set. */
int set_hash(ThreadState *ts, ObjSet *s, uint64_t *out);
/* a | b, a & b, a - b, a ^ b (BIN_OR, BIN_AND, BIN_SUB, BIN_XOR) when both
 * are sets; the result has a's type.  [inplace] updates a and returns it. */
Value set_binary_op(ThreadState *ts, BinaryOp op, ObjSet *a, ObjSet *b,
                    bool inplace);
/* Rich comparison of two sets (subset order): a bool Value or ERR_VAL. */
Value set_compare(ThreadState *ts, ObjSet *a, ObjSet *b, CmpOp op);
/* A new set (or frozenset) holding the items of [iterable]. */
ObjSet *set_from_iterable(ThreadState *ts, Value iterable, bool frozen);

#endif
