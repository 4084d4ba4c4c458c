/* exc.h - raising, matching and printing exceptions.
 *
 * An exception being raised is stored in ts->exc; a C function signals it
 * by returning ERR_VAL (or -1 / NULL where documented).  Exceptions are
 * ObjException objects of a class derived from BaseException.
 */
#ifndef MPY_EXC_H
#define MPY_EXC_H

#include <stdio.h>

#include "interp.h"

/* Raise a new [cls] whose single argument is the printf-formatted message.
 * Always returns ERR_VAL so natives can `return exc_raise(...)`. */
Value exc_raise(ThreadState *ts, ObjClass *cls, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
#define RAISE(ts, id, ...) exc_raise((ts), TYPE(ts, id), __VA_ARGS__)
/* Raise an exception instance, or a class (instantiated with no args). */
Value exc_raise_value(ThreadState *ts, Value exc);
/* The OSError subclass CPython picks for errno [err] (ENOENT:
 * FileNotFoundError, ECHILD: ChildProcessError ...), OSError itself for
 * the rest. */
ObjClass *exc_os_error_class(ThreadState *ts, int err);
/* Raise that class with errno, strerror and, unless [filename] is NULL,
 * filename set: "[Errno 2] No such file or directory: 'x'". */
Value exc_raise_os(ThreadState *ts, int err, const char *filename);
/* MemoryError without allocating (uses a preallocated instance). */
Value exc_no_memory(ThreadState *ts);

/* Make an instance of [cls] with args tuple [args] (may be NULL = ()). */
Value exc_new(ThreadState *ts, ObjClass *cls, ObjTuple *args);
/* Make an instance of [cls] with one string argument. */
Value exc_new_msg(ThreadState *ts, ObjClass *cls, const char *msg);

bool exc_pending(ThreadState *ts);
/* Is the pending exception an instance of [cls]? */
bool exc_matches(ThreadState *ts, ObjClass *cls);
/* Take the pending exception (UNDEF when none) and clear it. */
Value exc_fetch(ThreadState *ts);
void exc_clear(ThreadState *ts);

/* Append a traceback entry to [exc] as it leaves a frame.  Entries are kept
 * in printing order (outermost first), so this prepends. */
void exc_add_traceback(ThreadState *ts, Value exc, ObjStr *filename,
                       ObjStr *funcname, int lineno);
/* The same with the source span of the failing instruction (lines
 * 1-based, byte columns 0-based with the end exclusive, -1 when unknown),
 * which exc_print underlines as CPython 3.11 does. */
void exc_add_traceback_at(ThreadState *ts, Value exc, ObjStr *filename,
                          ObjStr *funcname, int lineno, int end_lineno, int col,
                          int end_col);

/* Print [exc] as CPython does on an uncaught exception: the chained
 * __cause__/__context__ first, "Traceback (most recent call last):",
 * one File/line/source-line block per entry (with the ^ and ~ line under
 * the source line where CPython 3.11 draws one), then "Type: message".
 * SyntaxError prints its file/line/caret form. */
void exc_print(ThreadState *ts, Value exc, FILE *out);
/* What exc_format puts in beside the exception's own line(s). */
enum {
    EXC_REPORT_CHAIN = 1,    /* the causes and contexts before it */
    EXC_REPORT_TRACEBACK = 2 /* "Traceback (most recent call last):"... */
};
/* The text exc_print prints for [exc] (without colour), as a str, with
 * only the [parts] asked for: what the traceback module's format
 * functions return. */
ObjStr *exc_format(ThreadState *ts, Value exc, unsigned parts);

/* Raise SyntaxError (or [cls], a subclass) with CPython's attributes
 * filename, lineno, offset (1-based column), text, msg. */
Value exc_raise_syntax(ThreadState *ts, ObjClass *cls, const char *msg,
                       const char *filename, int lineno, int offset,
                       const char *text);

/* The same with the exclusive end column [end_offset] (1-based, on the
 * same line): the report underlines offset..end_offset with carets as
 * CPython 3.11 does ("print 'x'" -> ^^^^^^^^^). */
Value exc_raise_syntax_range(ThreadState *ts, ObjClass *cls, const char *msg,
                             const char *filename, int lineno, int offset,
                             int end_offset, const char *text);

/* Raise StopIteration carrying an iterator's return [value], as a
 * generator's __next__ does: StopIteration() for None, else
 * StopIteration(value).  Returns ERR_VAL. */
Value exc_raise_stop_iteration(ThreadState *ts, Value value);

/* StopIteration's value attribute (None when it has no args). */
Value exc_stop_iteration_value(ThreadState *ts, Value exc);

/* Attributes computed from the exception's fields (args, __cause__,
 * __context__, __suppress_context__, __traceback__, StopIteration.value,
 * SystemExit.code, OSError.errno/strerror/filename, SyntaxError.msg/
 * filename/lineno/offset/text) or found in its dict: 1 = *out set, 0 = not
 * one of them, -1 = error (making __traceback__ failed).  Used by
 * obj_getattr. */
int exc_getattr(ThreadState *ts, Value exc, ObjStr *name, Value *out);
/* Set one of the fields above: 1 = done, 0 = not a field (store it in the
 * dict), -1 = error. */
int exc_setattr(ThreadState *ts, Value exc, ObjStr *name, Value v);
/* The exception's attribute dict, made on first use (NULL on error). */
ObjDict *exc_dict(ThreadState *ts, Value exc);

/* Register BaseException's methods and the attributes of the hierarchy. */
void exc_register(ThreadState *ts);

#endif
