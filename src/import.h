/* import.h - the import system: native modules and .mpy files found on
 * sys.path (the script's directory, MPYPATH, the installed lib/). */
#ifndef MPY_IMPORT_H
#define MPY_IMPORT_H

#include "interp.h"

/* import [name] (dotted): returns the top-level package module for
 * `import a.b` semantics when [fromlist] is false, the named module
 * otherwise. */
Value import_module(ThreadState *ts, ObjStr *name, bool fromlist);
/* from module import name: attribute, or ImportError "cannot import name
 * 'x' from 'm' (path)". */
Value import_from(ThreadState *ts, Value module, ObjStr *name);

#endif
