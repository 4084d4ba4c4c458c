/* list.h - list objects and the list class. */
#ifndef MPY_LIST_H
#define MPY_LIST_H

#include "interp.h"

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

#endif
