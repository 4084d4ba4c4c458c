/* list.h - list objects and the list class. */
#ifndef MPY_LIST_H
#define MPY_LIST_H

#include "interp.h"
#include "ops.h"

/* An empty list with room for [cap] items. */
ObjList *list_new(ThreadState *ts, size_t cap);
/* A list holding a copy of items[0..n). */
ObjList *list_from_array(ThreadState *ts, const Value *items, size_t n);
/* 0, or -1 with MemoryError pending. */
int list_append(ThreadState *ts, ObjList *l, Value v);
int list_insert(ThreadState *ts, ObjList *l, int64_t index, Value v);
/* Append every item of iterable [it]. */
int list_extend(ThreadState *ts, ObjList *l, Value iterable);
/* list(iterable). */
ObjList *list_from_iterable(ThreadState *ts, Value iterable);
Value list_getitem(ThreadState *ts, ObjList *l, Value key);
int list_setitem(ThreadState *ts, ObjList *l, Value key, Value v);
int list_delitem(ThreadState *ts, ObjList *l, Value key);
/* Stable sort with optional key function (UNDEF/None = none). */
int list_sort(ThreadState *ts, ObjList *l, Value key, bool reverse);
Value list_iter(ThreadState *ts, ObjList *l);
Value list_repr(ThreadState *ts, ObjList *l);
void list_register(ThreadState *ts);

/* Added by the containers module. */

/* a + b for two lists (a new list). */
ObjList *list_concat(ThreadState *ts, ObjList *a, ObjList *b);
/* l * n (n <= 0 gives []); MemoryError when the result cannot exist. */
ObjList *list_repeat(ThreadState *ts, ObjList *l, int64_t n);
/* l *= n: [l] repeated in place (n <= 0 empties it).  0, or -1 with
 * MemoryError pending. */
int list_repeat_inplace(ThreadState *ts, ObjList *l, int64_t n);
/* reversed(l): a list_reverseiterator. */
Value list_reversed(ThreadState *ts, ObjList *l);
/* item in l (identity, then ==): 1, 0, -1. */
int list_contains(ThreadState *ts, ObjList *l, Value item);
/* Lexicographic comparison of two sequences, each a list or a tuple (both
 * of the same kind), as CPython's list/tuple richcompare: returns a bool
 * Value (or whatever the deciding item comparison returned), or ERR_VAL. */
Value list_compare_seq(ThreadState *ts, Value a, Value b, CmpOp op);
/* The search of seq.index(x[, start[, stop]]) for [seq] a list or a tuple,
 * argv being (seq, x, start, stop)[:argc]: 1 with *pos set, 0 = not found,
 * -1 = error.  The length is read again at each step since == may shrink a
 * list. */
int list_index_seq(ThreadState *ts, Value seq, int argc, Value *argv,
                   int64_t *pos);
/* seq.count(x) for [seq] a list or a tuple: the count, or -1 on error. */
int64_t list_count_seq(ThreadState *ts, Value seq, Value x);

/* The recursion guard of repr for containers (ts->repr_guard): 1 = [v] is
 * already being repr'd (print [...]), 0 = entered (call list_repr_leave
 * afterwards), -1 = error. */
int list_repr_enter(ThreadState *ts, Value v);
void list_repr_leave(ThreadState *ts, Value v);

#endif
