/* import.h - the import system: native modules and .mpy files found on
 * sys.path (the script's directory, MPYPATH, the installed lib/). */
#ifndef MPY_IMPORT_H
#define MPY_IMPORT_H

#include "interp.h"
#include "strbuf.h"

/* import [name] (dotted): returns the top-level package module for
 * `import a.b` semantics when [fromlist] is false, the named module
 * otherwise. */
Value import_module(ThreadState *ts, ObjStr *name, bool fromlist);
/* A relative import (`from ..a import b`: [level] 2, [name] "a", or ""
 * for `from . import b`), resolved against the importing module's
 * [globals] (__package__, else __name__ and __path__).  level 0 is
 * import_module.  ImportError "attempted relative import with no known
 * parent package" / "attempted relative import beyond top-level
 * package". */
Value import_module_level(ThreadState *ts, ObjStr *name, bool fromlist,
                          int level, ObjDict *globals);
/* from module import name: attribute, or ImportError "cannot import name
 * 'x' from 'm' (path)". */
Value import_from(ThreadState *ts, Value module, ObjStr *name);
/* from module import *: copy the names listed in module.__all__, or else
 * every name not starting with '_', into [target].  0 or -1. */
int import_star(ThreadState *ts, Value module, ObjDict *target);
/* Append absolute [path] to [out] normalised lexically, as
 * posixpath.normpath does: "." dropped, ".." taking off the component
 * before it, no repeated or trailing slash.  The root comes out empty. */
void import_normpath(const char *path, StrBuf *out);

/* Names a lesson may use without an import (Thread, Lock, Queue,
 * Process): when [name] is one, import its module, put the value into
 * builtins and store it in *out: 1.  0 when [name] is not one of them, -1
 * on error. */
int import_lazy_builtin(ThreadState *ts, ObjStr *name, Value *out);

#endif
