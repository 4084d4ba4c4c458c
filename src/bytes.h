/* bytes.h - bytes objects: immutable byte strings, and the bytes class. */
#ifndef MPY_BYTES_H
#define MPY_BYTES_H

#include "interp.h"
#include "ops.h"

/* A new bytes holding a copy of [len] bytes at [data].  [data] may point
 * into another heap object only if that object is rooted: the allocation
 * may collect.  NULL with MemoryError pending on failure. */
ObjBytes *bytes_new(ThreadState *ts, const void *data, size_t len);
/* repr(b): b'...' with CPython's choice of quotes and \xNN escapes. */
ObjStr *bytes_repr(ThreadState *ts, const ObjBytes *b);
/* Equality and order by content (memcmp, then length): <0, 0, >0. */
bool bytes_equal(const ObjBytes *a, const ObjBytes *b);
int bytes_compare(const ObjBytes *a, const ObjBytes *b);
/* hash(b): equal bytes hash alike, and like the str of the same ASCII
 * text, as in CPython.  The compiler's b'...' constants hash the same way
 * (str_hash_bytes). */
uint64_t bytes_hash(const ObjBytes *b);
/* b[key] for an int (an int result) or a slice (a bytes result). */
Value bytes_getitem(ThreadState *ts, ObjBytes *b, Value key);
/* item in b for an int in range(256) or a bytes (substring): 1, 0, -1. */
int bytes_contains(ThreadState *ts, ObjBytes *b, Value item);
/* iter(b): a bytes_iterator yielding ints. */
Value bytes_iter(ThreadState *ts, ObjBytes *b);
/* a + b and b * n (n <= 0 gives b''). */
Value bytes_concat(ThreadState *ts, ObjBytes *a, ObjBytes *b);
Value bytes_repeat(ThreadState *ts, ObjBytes *b, int64_t n);

/* The bytes class: construct (bytes(), bytes(n), bytes(iterable of ints),
 * bytes(str, encoding)) and methods (decode, hex, count, find, rfind,
 * index, rindex, startswith, endswith, upper, lower, split, join, strip,
 * lstrip, rstrip).  Called by interp_new after str_register. */
void bytes_register(ThreadState *ts);

#endif
