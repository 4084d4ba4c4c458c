/* str.h - str objects: immutable UTF-8 text, interning, and the str class. */
#ifndef MPY_STR_H
#define MPY_STR_H

#include "interp.h"
#include "strbuf.h"

/* A new str from [len] bytes of valid UTF-8 (not checked; see utf8_valid).
 * NULL with MemoryError pending on failure. */
ObjStr *str_new(ThreadState *ts, const char *utf8, size_t len);
ObjStr *str_from_cstr(ThreadState *ts, const char *s);
/* The unique interned str with this content. */
ObjStr *str_intern(ThreadState *ts, const char *utf8, size_t len);
ObjStr *str_intern_cstr(ThreadState *ts, const char *s);
/* Take the buffer's content as a new str and free the buffer. */
ObjStr *str_from_buf(ThreadState *ts, StrBuf *sb);
/* printf into a new str. */
ObjStr *str_printf(ThreadState *ts, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

uint64_t str_hash_bytes(const char *data, size_t len);
bool str_equal(const ObjStr *a, const ObjStr *b);
/* <0, 0, >0 by code point order (== byte order in UTF-8). */
int str_compare(const ObjStr *a, const ObjStr *b);
ObjStr *str_concat(ThreadState *ts, ObjStr *a, ObjStr *b);
/* Python's repr of a str: quotes chosen as CPython chooses them, escapes. */
ObjStr *str_repr(ThreadState *ts, ObjStr *s);
/* ascii(s): the repr with every non-ASCII code point escaped (\xe9,
 * \u20ac, \U0001f600). */
ObjStr *str_ascii(ThreadState *ts, ObjStr *s);
/* [s] with non-ASCII code points escaped but no quotes added (for ascii()
 * of objects whose repr is already built). */
ObjStr *str_escape_nonascii(ThreadState *ts, ObjStr *s);
/* s.encode(encoding): a bytes Value.  [encoding] is a str naming utf-8,
 * ascii or latin-1, or UNDEF for utf-8 (LookupError for others,
 * UnicodeEncodeError for characters the codec lacks).  [s] must be
 * rooted. */
Value str_encode(ThreadState *ts, ObjStr *s, Value encoding);
/* b.decode(encoding): a str Value; [encoding] as for str_encode
 * (UnicodeDecodeError for bytes the codec rejects).  [b] must be rooted. */
Value str_decode(ThreadState *ts, const ObjBytes *b, Value encoding);
/* s[key] with an int index or a slice. */
Value str_getitem(ThreadState *ts, ObjStr *s, Value key);
/* needle in haystack (substring test). */
bool str_contains(ObjStr *haystack, ObjStr *needle);
/* s * n. */
Value str_repeat(ThreadState *ts, ObjStr *s, int64_t n);
/* A one-code-point str for [cp] (chr). */
ObjStr *str_from_codepoint(ThreadState *ts, unsigned cp);
/* The code point at code-point index [i] (0 <= i < nchars). */
unsigned str_codepoint_at(const ObjStr *s, size_t i);
/* Iterator over the characters of [s]. */
Value str_iter(ThreadState *ts, ObjStr *s);

bool utf8_valid(const char *data, size_t len);
/* The offset of the first byte that is not valid UTF-8, or [len]. */
size_t utf8_check(const char *data, size_t len);
/* Number of code points in valid UTF-8. */
size_t utf8_count(const char *data, size_t len);
/* Decode one code point at [p]; *adv = bytes consumed. */
unsigned utf8_decode(const char *p, int *adv);

/* Called by the collector before sweeping: drop unmarked interned strings. */
void str_table_sweep(Interp *interp);
void str_table_free(Interp *interp);

/* The str class: construct (str(x)), methods (split, join, strip, lstrip,
 * rstrip, upper, lower, title, capitalize, swapcase, startswith, endswith,
 * find, rfind, index, rindex, count, replace, isdigit, isalpha, isalnum,
 * isspace, isupper, islower, isidentifier, isnumeric, isdecimal, zfill,
 * center, ljust, rjust, partition, rpartition, splitlines, format,
 * encode, casefold, expandtabs, __mod__ (printf formatting) ...). */
void str_register(ThreadState *ts);

#endif
