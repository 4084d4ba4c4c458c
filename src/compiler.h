/* compiler.h - from an AST to code objects. */
#ifndef MPY_COMPILER_H
#define MPY_COMPILER_H

#include "ast.h"
#include "interp.h"

/* Compile a parsed module.  In PARSE_SINGLE mode (the REPL), expression
 * statements at top level print their value through sys.displayhook
 * semantics (repr, not None, stored in builtins._).  Returns NULL with a
 * SyntaxError pending for errors found after parsing ('return' outside
 * function, nonlocal without binding, 'await' outside async function, ...). */
ObjCode *compile_module(ThreadState *ts, Mod *mod, const char *filename);

/* Flags for compile_module_flags (CPython's PyCF_ALLOW_TOP_LEVEL_AWAIT). */
enum {
    /* Allow await, async for, async with and asynchronous comprehensions
     * at module level (not inside a class body or a plain def), for a REPL
     * that runs an event loop.  When the module uses them, the code object
     * returned has CODE_COROUTINE set and running it (vm_run_module) runs
     * nothing yet: it returns a coroutine object, which runs the module
     * code in the same globals when driven (send(None) until it raises
     * StopIteration, whose value is the module code's return value: None,
     * or the expression's value in PARSE_EVAL mode).  Without such a use
     * the code is exactly what compile_module makes. */
    COMPILE_TOP_LEVEL_AWAIT = 0x2000,
};

/* compile_module with [flags] (COMPILE_*). */
ObjCode *compile_module_flags(ThreadState *ts, Mod *mod, const char *filename,
                              int flags);

#endif
