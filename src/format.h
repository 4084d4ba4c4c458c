/* format.h - the format mini-language (format(), f-strings, str.format)
 * and printf-style % formatting. */
#ifndef MPY_FORMAT_H
#define MPY_FORMAT_H

#include "interp.h"

/* format(v, spec): built-ins handled here ([[fill]align][sign][#][0]
 * [width][,|_][.precision][type] for int, float, str), user classes through
 * __format__ (object.__format__ with an empty spec is str()). [spec] may be
 * NULL for "". */
Value format_value(ThreadState *ts, Value v, ObjStr *spec);
/* format(v, spec) for a built-in int, bool, float or str (subclasses
 * included) without looking for a user __format__: int.__format__ & co. */
Value format_builtin(ThreadState *ts, Value v, ObjStr *spec);
/* The native __format__(spec) of int, float and str, reached by e.g.
 * super().__format__(spec) in a subclass: format_builtin on argv[0]. */
Value format_method(ThreadState *ts, int argc, Value *argv, ObjTuple *kw);
/* fmt % args. */
Value format_percent(ThreadState *ts, ObjStr *fmt, Value args);
/* fmt.format(*args, **kwargs) with {} {0} {name} {0.attr} {0[key]} {!r}
 * {:spec} and nested {} in specs. */
Value format_str_format(ThreadState *ts, ObjStr *fmt, int argc, Value *argv,
                        ObjTuple *kwnames);
/* fmt.format_map(mapping): names are looked up with mapping[name]. */
Value format_str_format_map(ThreadState *ts, ObjStr *fmt, Value mapping);

#endif
