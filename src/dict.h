/* dict.h - insertion-ordered hash tables: dict objects, and the table
 * every namespace (globals, class and instance dicts) uses. */
#ifndef MPY_DICT_H
#define MPY_DICT_H

#include "interp.h"

ObjDict *dict_new(ThreadState *ts);
/* 1 = found (*out set), 0 = absent, -1 = error (a __hash__ or __eq__
 * raised). */
int dict_get(ThreadState *ts, ObjDict *d, Value key, Value *out);
int dict_set(ThreadState *ts, ObjDict *d, Value key, Value value);
/* 1 = deleted, 0 = absent (no exception), -1 = error. */
int dict_del(ThreadState *ts, ObjDict *d, Value key);
/* Fast paths for str keys (never raise): lookup by content. */
bool dict_get_str(ObjDict *d, ObjStr *key, Value *out);
int dict_set_str(ThreadState *ts, ObjDict *d, ObjStr *key, Value value);
/* Convenience for C code: key given as a C string (interned). */
int dict_set_cstr(ThreadState *ts, ObjDict *d, const char *key, Value value);
/* Iterate: *pos starts at 0; returns false at the end. */
bool dict_next(ObjDict *d, size_t *pos, Value *key, Value *value);
ObjDict *dict_copy(ThreadState *ts, ObjDict *d);
/* d.update(other) where other is a dict or an iterable of pairs. */
int dict_update(ThreadState *ts, ObjDict *d, Value other);
void dict_clear(ThreadState *ts, ObjDict *d);
Value dict_repr(ThreadState *ts, ObjDict *d);
/* dict(...) / d[...] raising KeyError. */
Value dict_getitem(ThreadState *ts, ObjDict *d, Value key);
void dict_register(ThreadState *ts);

/* Added by the containers module. */

/* Delete a str key (never raises): true when it was present. */
bool dict_del_str(ObjDict *d, ObjStr *key);
/* key in d: 1, 0, -1. */
int dict_contains(ThreadState *ts, ObjDict *d, Value key);
/* d[key] = value / del d[key] raising KeyError when absent. */
int dict_setitem(ThreadState *ts, ObjDict *d, Value key, Value value);
int dict_delitem(ThreadState *ts, ObjDict *d, Value key);
/* iter(d): a dict_keyiterator (RuntimeError if d changes size). */
Value dict_iter(ThreadState *ts, ObjDict *d);
/* a == b for two dicts: 1, 0, -1. */
int dict_equal(ThreadState *ts, ObjDict *a, ObjDict *b);
/* a | b (a new dict). */
ObjDict *dict_merge(ThreadState *ts, ObjDict *a, ObjDict *b);
/* The hash the dict uses for [key] (str: its cached hash; numbers:
 * num.h; others obj_hash).  0, or -1 with e.g. "unhashable type". */
int dict_hash_key(ThreadState *ts, Value key, uint64_t *out);
/* Are two keys equal, decided without running Python code?  1 yes, 0 no,
 * 2 "ask obj_eq" (a user object might equal anything).  Shared by the
 * dict and set tables. */
int dict_quick_equal(Value a, Value b);
/* Raise KeyError(key); returns ERR_VAL. */
Value dict_key_error(ThreadState *ts, Value key);

#endif
